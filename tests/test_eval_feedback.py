"""eval/feedback.py: the app's feedback file becomes draft gold lines that load only once a person completed them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eval.feedback import main
from eval.gold import GoldError, load_gold
from tests.conftest import ROOT

BD = "binhdinh-2025-05-09-c06-de-an-06"
TH = "thanhhoa-2023-10-19-bo-tttt"
HELPER_KEYS = {"todo", "answer_given", "sources_given", "comment", "liked"}


def record(turn: int, liked: bool | None, comment: str | None = None, conv: str = "a1b2c3d4e5f6",
           history: list[str] | None = None, citations: list[str] | None = None) -> dict:
    """A line as the app writes it (ui/render.py feedback_record)."""
    questions = ["Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?", "Còn Thanh Hóa thì sao?",
                 "Ai chủ trì buổi làm việc?"]
    return {"feedback_id": f"{conv}-{turn}", "timestamp": "2025-06-01T08:00:00+00:00", "conversation_id": conv,
            "turn": turn, "question": questions[turn],
            "history": questions[:turn] if history is None else history,
            "answer": f"Câu trả lời {turn} [1].", "citations": [BD, BD] if citations is None else citations,
            "liked": liked, "comment": comment}


def write_lines(path: Path, lines: list[dict | str | bytes]) -> Path:
    raw = [x if isinstance(x, bytes) else (x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)).encode()
           for x in lines]
    path.write_bytes(b"\n".join(raw) + b"\n")
    return path


def drafts_of(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_one_draft_per_answer_rated_down_or_commented(tmp_path: Path, capsys) -> None:
    feedback = write_lines(tmp_path / "feedback.jsonl", [
        record(0, False),                                  # thumbs down → draft
        record(1, True),                                   # thumbs up, no comment → nothing
        record(2, True, "Nên nêu cả chức vụ.", citations=[TH]),  # commented → draft
        record(0, False, conv="ffffffffffff"),             # withdrawn below → nothing
        record(0, None, conv="ffffffffffff"),
        record(1, False, conv="eeeeeeeeeeee"),             # down, comment, then up: the comment stays
        record(1, False, "Thiếu số liệu năm 2023.", conv="eeeeeeeeeeee"),
        record(1, True, conv="eeeeeeeeeeee"),
    ])
    out = tmp_path / "drafts" / "feedback-drafts.jsonl"
    assert main(["--feedback", str(feedback), "--out", str(out)]) == 0
    drafts = drafts_of(out)
    assert [d["id"] for d in drafts] == ["fb-a1b2c3d4e5f6-0", "fb-a1b2c3d4e5f6-2", "fb-eeeeeeeeeeee-1"]
    assert [(d["liked"], d["comment"]) for d in drafts] == [
        (False, None), (True, "Nên nêu cả chức vụ."), (True, "Thiếu số liệu năm 2023.")]
    assert "Made 3 draft gold lines from 5 rated answers (0 lines skipped)" in capsys.readouterr().out


def test_a_draft_keeps_what_was_asked_and_answered_and_says_what_to_fill_in(tmp_path: Path) -> None:
    feedback = write_lines(tmp_path / "feedback.jsonl", [record(0, False), record(1, False, "Sai tỉnh.")])
    out = tmp_path / "drafts.jsonl"
    assert main(["--feedback", str(feedback), "--out", str(out)]) == 0
    single, followup = drafts_of(out)
    assert single == {"id": "fb-a1b2c3d4e5f6-0", "kind": "todo", "question": record(0, False)["question"],
                      "key_facts": [], "sources": [BD], "answerable": True, "todo": single["todo"],
                      "answer_given": "Câu trả lời 0 [1].", "sources_given": [BD, BD], "comment": None,
                      "liked": False}
    assert followup["history"] == [record(0, False)["question"]] and followup["comment"] == "Sai tỉnh."
    assert all(word in single["todo"] for word in ("key_facts", "sources", "kind", "answerable=false", *HELPER_KEYS))


def test_drafts_load_as_gold_only_once_completed(tmp_path: Path) -> None:
    feedback = write_lines(tmp_path / "feedback.jsonl", [record(0, False), record(1, False, "Sai tỉnh.")])
    out = tmp_path / "drafts.jsonl"
    main(["--feedback", str(feedback), "--out", str(out)])
    with pytest.raises(GoldError, match="line 1: kind 'todo' marks an unfinished draft"):
        load_gold(out)
    single, followup = drafts_of(out)
    chosen = [single | {"kind": "number", "key_facts": ["1.230"]},
              followup | {"kind": "followup", "answerable": False, "sources": []}]
    half_done = tmp_path / "half.jsonl"
    write_lines(half_done, chosen)
    with pytest.raises(GoldError, match="line 1: unknown key.s. answer_given, comment, liked, sources_given, todo"):
        load_gold(half_done)
    done = write_lines(tmp_path / "gold.jsonl", [{k: v for k, v in d.items() if k not in HELPER_KEYS}
                                                 for d in chosen])
    items = load_gold(done)
    assert [(i.id, i.kind, i.answerable) for i in items] == [("fb-a1b2c3d4e5f6-0", "number", True),
                                                             ("fb-a1b2c3d4e5f6-1", "followup", False)]


def test_malformed_lines_are_skipped_with_a_warning_naming_the_line(tmp_path: Path, capsys) -> None:
    bad_question = record(1, False) | {"question": "  "}
    feedback = write_lines(tmp_path / "feedback.jsonl", [
        record(0, False), '{"feedback_id": "x-1",', '["a", "b"]', bad_question, record(2, "no"),
        record(2, False) | {"citations": "bd"}, b'{"question": "\xff"}', "", record(2, False)])
    out = tmp_path / "drafts.jsonl"
    assert main(["--feedback", str(feedback), "--out", str(out)]) == 0
    assert [d["id"] for d in drafts_of(out)] == ["fb-a1b2c3d4e5f6-0", "fb-a1b2c3d4e5f6-2"]
    captured = capsys.readouterr()
    for line, problem in [(2, "bad JSON (Expecting"), (3, "expected a JSON object"),
                          (4, "'question' must be a non-empty"), (5, "'liked' must be true, false or null"),
                          (6, "'citations' must be a list"), (7, "not UTF-8 text (byte 15)")]:
        assert f"skipped line {line} of {feedback}: {problem}" in captured.err
    assert "(6 lines skipped)" in captured.out


def test_default_path_comes_from_the_settings_and_a_missing_file_is_said(tmp_path: Path, monkeypatch,
                                                                         capsys) -> None:
    monkeypatch.setenv("CDS_FEEDBACK_PATH", str(tmp_path / "none.jsonl"))
    out = tmp_path / "drafts.jsonl"
    assert main(["--out", str(out)]) == 1
    assert f"No feedback file {tmp_path / 'none.jsonl'}" in capsys.readouterr().err and not out.exists()
    write_lines(tmp_path / "none.jsonl", [record(0, False)])
    assert main(["--out", str(out)]) == 0 and len(drafts_of(out)) == 1


def test_runs_as_a_script(tmp_path: Path) -> None:
    feedback = write_lines(tmp_path / "feedback.jsonl", [record(0, False)])
    out = tmp_path / "drafts.jsonl"
    done = subprocess.run([sys.executable, "eval/feedback.py", "--feedback", str(feedback), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Made 1 draft gold lines" in done.stdout and len(drafts_of(out)) == 1
