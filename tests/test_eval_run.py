"""eval/run.py end to end on a small gold file against the hashing-embedder index, also with ``--corpus``.

The loader's rules are tested in test_gold.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from assistant.api import index_ready
from assistant.settings import Settings
from assistant.types import Answer
from eval.gold import load_gold
from eval.metrics import Outcome, score
from eval.run import evaluate, main, render_table, summarize
from tests.conftest import CORPUS, ROOT
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


def test_new_kinds_and_unanswerable_followups_get_their_own_rows(fake_assistant, tmp_path: Path) -> None:
    dti = SMALL_GOLD[0] | {"id": "q5", "kind": "DTI"}
    no_answer = SMALL_GOLD[1] | {"id": "q6", "key_facts": [], "sources": [], "answerable": False}
    items = load_gold(write_gold(tmp_path / "gold.jsonl", [dti, *SMALL_GOLD, no_answer]))
    summary = evaluate(fake_assistant, items, k=3)["summary"]
    assert list(summary["by_kind"]) == ["number", "followup", "summary", "unanswerable", "DTI"]
    assert summary["by_kind"]["DTI"]["items"] == 1 and summary["by_kind"]["followup"]["items"] == 2
    assert summary["by_kind"]["followup"]["refusal_accuracy"] is not None  # the unanswerable follow-up
    table = render_table(summary)
    assert "| DTI " in table and "| false ref |" in table


# --corpus: the bundled articles plus a folder of new ones, in a temporary index of their own.

NEW_ID = "hanoi-2024-03-05-tro-ly-so"
NEW_ARTICLE = """Hà Nội thử nghiệm trợ lý số cho cán bộ cấp xã

Sáng 5/3, Sở Thông tin và Truyền thông Hà Nội tổ chức hội nghị triển khai trợ lý số cho cán bộ cấp xã.

Theo báo cáo, đến hết tháng 2/2024 thành phố đã cấp 4.321 tài khoản trợ lý số cho cán bộ, công chức.
"""
NEW_GOLD = [SMALL_GOLD[0], {"id": "n1", "kind": "trợ lý số", "question": "Hà Nội đã cấp bao nhiêu tài khoản trợ lý số?",
                            "key_facts": ["4.321"], "sources": [NEW_ID], "answerable": True}]


@pytest.fixture
def new_corpus(tmp_path: Path, monkeypatch) -> Path:
    """A folder with one new article and its sidecar; the system temp dir and the real data dir under tmp_path."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("CDS_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / f"{NEW_ID}.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    (folder / f"{NEW_ID}.meta.json").write_text('{"author": "Minh An"}', encoding="utf-8")
    return folder


def run_on(folder: Path, tmp_path: Path, embedder: HashEmbedder) -> dict:
    gold = write_gold(tmp_path / "gold.jsonl", NEW_GOLD)
    out = tmp_path / "out" / "eval.json"
    assert main(["--gold", str(gold), "--out", str(out), "--k", "3", "--corpus", str(folder)], embedder=embedder) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def temporary_index(tmp_path: Path) -> Path:
    [home] = (tmp_path / "tmp").glob("cds-eval-*")
    return home


def test_corpus_adds_its_articles_to_the_bundled_ones_in_a_temporary_index(new_corpus: Path, tmp_path: Path) -> None:
    report = run_on(new_corpus, tmp_path, HashEmbedder())
    new, bundled = report["items"][1], report["items"][0]
    assert NEW_ID in {p["article_id"] for p in new["retrieved"]} and new["metrics"]["recall@3"] == 1.0
    assert BD in {p["article_id"] for p in bundled["retrieved"]}
    assert report["summary"]["corpus"] == [str(CORPUS), str(new_corpus)]
    copied = sorted(p.name for p in (temporary_index(tmp_path) / "corpus").iterdir())
    assert copied == sorted([*(p.name for p in CORPUS.iterdir()), f"{NEW_ID}.txt", f"{NEW_ID}.meta.json"])
    assert not (tmp_path / "data").exists()  # the real index is never touched


def test_temporary_index_is_reused_until_a_file_changes(new_corpus: Path, tmp_path: Path, capsys) -> None:
    first, second, third = HashEmbedder(), HashEmbedder(), HashEmbedder()
    run_on(new_corpus, tmp_path, first)
    current = (temporary_index(tmp_path) / "data" / "CURRENT").read_text()
    run_on(new_corpus, tmp_path, second)
    assert second.passages_embedded == 0 and "reusing the temporary index" in capsys.readouterr().err
    assert (temporary_index(tmp_path) / "data" / "CURRENT").read_text() == current
    with (new_corpus / f"{NEW_ID}.txt").open("a", encoding="utf-8") as article:
        article.write("\nHội nghị giao Sở Nội vụ đánh giá hiệu quả trợ lý số trước ngày 30/6/2024.\n")
    report = run_on(new_corpus, tmp_path, third)
    assert 0 < third.passages_embedded < first.passages_embedded  # incremental: only the changed text
    assert (temporary_index(tmp_path) / "data" / "CURRENT").read_text() != current
    assert "30/6/2024" in (temporary_index(tmp_path) / "corpus" / f"{NEW_ID}.txt").read_text(encoding="utf-8")
    assert report["items"][1]["metrics"]["recall@3"] == 1.0


@pytest.mark.parametrize("make, named", [
    (lambda d: shutil.rmtree(d), "No such corpus folder"),
    (lambda d: [p.unlink() for p in d.glob(f"{NEW_ID}.txt")], "no .txt or .md article"),
    (lambda d: (d / f"{BD}.md").write_text("Bình Định\n\nMột bài khác.", encoding="utf-8"), f"{BD}.md"),
    (lambda d: (d / f"{TH}.meta.json").write_text('{"author": "X"}', encoding="utf-8"), f"{TH}.meta.json"),
])
def test_unusable_corpus_exits_2_naming_the_problem(new_corpus: Path, tmp_path: Path, capsys, make, named) -> None:
    make(new_corpus)
    gold = write_gold(tmp_path / "gold.jsonl", NEW_GOLD)
    args = ["--gold", str(gold), "--out", str(tmp_path / "out.json"), "--corpus", str(new_corpus)]
    assert main(args, embedder=HashEmbedder()) == 2
    assert named in capsys.readouterr().err
    assert not list((tmp_path / "tmp").iterdir()) and not (tmp_path / "out.json").exists()


def test_another_embedder_gets_another_temporary_index(new_corpus: Path, tmp_path: Path) -> None:
    run_on(new_corpus, tmp_path, HashEmbedder())
    other = HashEmbedder(dim=128)
    run_on(new_corpus, tmp_path, other)
    assert other.passages_embedded > 0 and len(list((tmp_path / "tmp").glob("cds-eval-*"))) == 2


def test_the_bundled_corpus_itself_is_refused(new_corpus: Path, tmp_path: Path, capsys) -> None:
    gold = write_gold(tmp_path / "gold.jsonl", NEW_GOLD)
    assert main(["--gold", str(gold), "--corpus", str(CORPUS)], embedder=HashEmbedder()) == 2
    assert "is the bundled corpus" in capsys.readouterr().err
