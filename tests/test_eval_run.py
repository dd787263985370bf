"""The gold loader and eval/run.py, end to end on a small gold file against the hashing-embedder index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.api import index_ready
from assistant.settings import Settings
from assistant.types import Answer
from eval.gold import KINDS, GoldError, load_gold
from eval.metrics import Outcome, score
from eval.run import evaluate, main, render_table, summarize
from tests.conftest import ROOT
from tests.fakes import HashEmbedder

BD = "binhdinh-2025-05-09-c06-de-an-06"
TH = "thanhhoa-2023-10-19-bo-tttt"
CONTRACT = {"id", "question", "answer", "refused", "citations", "retrieved", "latency_ms"}
EXTRA = {"kind", "metrics", "problems"}
SMALL_GOLD = [
    {"id": "q1", "kind": "number", "question": "Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?",
     "key_facts": ["1.230"], "sources": [BD], "answerable": True},
    {"id": "q2", "kind": "followup", "question": "Ông ấy kết luận thế nào?",
     "history": ["Ai làm trưởng đoàn Bộ TT&TT làm việc với Thanh Hóa hôm 19/10?"],
     "key_facts": ["vùng lõm sóng"], "sources": [TH], "answerable": True},
    {"id": "q3", "kind": "unanswerable", "question": "Bình Định đã cấp bao nhiêu chữ ký số?",
     "key_facts": [], "sources": [], "answerable": False},
    {"id": "q4", "kind": "summary", "question": "Tóm tắt kết quả chuyển đổi số của Bình Định.",
     "key_facts": ["1.230", "66%", "99,81%"], "min_facts": 2, "sources": [BD], "answerable": True},
]


def write_gold(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


GOOD_LINE = json.dumps(SMALL_GOLD[0], ensure_ascii=False)


@pytest.mark.parametrize("bad_line, problem", [
    ('{"id": "q2", "kind": "number",', "bad JSON"),
    ('["q2", "number"]', "expected a JSON object"),
    (json.dumps({k: v for k, v in SMALL_GOLD[0].items() if k != "sources"}), "missing key(s) sources"),
    (json.dumps(SMALL_GOLD[0] | {"id": "q2", "kind": "chitchat"}), "unknown kind 'chitchat'"),
    (json.dumps(SMALL_GOLD[0] | {"id": "q2", "answerable": "yes"}), "'answerable' must be bool, not str"),
    (json.dumps(SMALL_GOLD[0] | {"id": "q2", "key_facts": "1.230"}), "'key_facts' must be list, not str"),
    (json.dumps(SMALL_GOLD[0] | {"id": "q2", "key_facts": [1230]}), "'key_facts' must be a list of non-empty"),
    (json.dumps(SMALL_GOLD[3] | {"id": "q2", "min_facts": True}), "'min_facts' must be int, not bool"),
    (json.dumps(SMALL_GOLD[3] | {"id": "q2", "min_facts": 4}), "'min_facts' must be between 1 and"),
    (json.dumps(SMALL_GOLD[0] | {"id": "q2", "note": "x"}), "unknown key(s) note"),
    (json.dumps(SMALL_GOLD[0] | {"id": "q2", "kind": "unanswerable"}), "'answerable' must be false exactly"),
    (json.dumps(SMALL_GOLD[1] | {"id": "q2", "history": []}), "a non-empty 'history' is required"),
    (json.dumps(SMALL_GOLD[0]), "duplicate id 'q1' (first on line 1)"),
])
def test_malformed_gold_names_the_line_and_the_problem(tmp_path: Path, bad_line: str, problem: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(f"{GOOD_LINE}\n\n{bad_line}\n", encoding="utf-8")
    with pytest.raises(GoldError) as caught:
        load_gold(path)
    assert caught.value.line == 3
    assert f"line 3: {problem}" in str(caught.value)


def test_the_bundled_gold_set_loads() -> None:
    items = load_gold(ROOT / "eval" / "gold.jsonl")
    assert len(items) >= 60
    assert {i.kind for i in items} == set(KINDS)
    assert all(i.min_facts for i in items if i.kind == "summary")
    assert all(i.history for i in items if i.kind == "followup")


def test_evaluate_scores_every_item_and_records_errors(fake_assistant, tmp_path: Path) -> None:
    too_long = SMALL_GOLD[0] | {"id": "q5", "question": "Bình Định " * 300}
    items = load_gold(write_gold(tmp_path / "gold.jsonl", [*SMALL_GOLD, too_long]))
    report = evaluate(fake_assistant, items, k=3)
    rows = {r["id"]: r for r in report["items"]}
    assert all(set(r) - {"error"} == CONTRACT | EXTRA for r in rows.values())
    assert "QuestionTooLong" in rows["q5"]["error"] and rows["q5"]["problems"] == [f"error: {rows['q5']['error']}"]
    assert all("error" not in rows[i] for i in ("q1", "q2", "q3", "q4"))
    assert all(len(r["retrieved"]) == 3 for i, r in rows.items() if i != "q5")
    assert rows["q1"]["metrics"]["recall@3"] == 1.0  # the fake index finds "1.230" (see test_smoke)
    summary = report["summary"]
    assert summary["errors"] == 1 and summary["items"] == 5
    assert list(summary["by_kind"]) == ["number", "followup", "summary", "unanswerable"]
    assert summary["by_kind"]["unanswerable"]["recall@1"] is None
    assert summary["by_kind"]["unanswerable"]["refusal_accuracy"] is not None


def _answer(trace: str) -> Outcome:
    return Outcome(Answer("q", "a", False, [], [], "q", [trace]), [], 1.0)


def test_answer_columns_are_labelled_baseline_only_when_every_answer_is() -> None:
    items = load_gold(ROOT / "eval" / "gold.jsonl")[:2]
    both = [_answer("baseline: top passage"), _answer("baseline: no passage")]
    mixed = [_answer("baseline: top passage"), _answer("extractive: best clause")]
    for outcomes, labelled in ((both, True), (mixed, False)):
        rows = [score(i, o, 5) for i, o in zip(items, outcomes)]
        table = render_table(summarize(items, outcomes, rows, 5))
        assert ("facts†" in table and "top-passage baseline" in table) is labelled


def test_main_builds_the_index_and_writes_both_reports(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("CDS_DATA_DIR", str(tmp_path / "data"))
    gold = write_gold(tmp_path / "gold.jsonl", SMALL_GOLD)
    out = tmp_path / "out" / "eval.json"
    assert not index_ready(Settings())
    assert main(["--gold", str(gold), "--out", str(out), "--k", "3"], embedder=HashEmbedder()) == 0
    assert index_ready(Settings())
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report) == {"summary", "items"}
    assert [r["id"] for r in report["items"]] == ["q1", "q2", "q3", "q4"]
    assert all(set(r) == CONTRACT | EXTRA for r in report["items"])
    assert all(set(c) == {"article_id", "title", "quote"} for r in report["items"] for c in r["citations"])
    assert all(set(p) == {"article_id", "text", "score"} for r in report["items"] for p in r["retrieved"])
    markdown = out.with_suffix(".md").read_text(encoding="utf-8")
    table = capsys.readouterr().out
    assert "| overall" in table and "| R@3" in table and "| unanswerable" in table
    assert table.split("\n\n")[0] in markdown


def test_malformed_gold_exits_2_naming_the_line(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(f"{GOOD_LINE}\n{{not json\n", encoding="utf-8")
    out = tmp_path / "out" / "eval.json"
    env = os.environ | {"CDS_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "eval/run.py", "--gold", str(gold), "--out", str(out)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "line 2: bad JSON" in done.stderr
    assert not out.exists() and not (tmp_path / "data").exists()
