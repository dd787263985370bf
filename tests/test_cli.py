"""``python -m assistant`` as a person runs it: real processes, settings from CDS_* variables, exit codes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS

TITLE_NQ57 = "Đoàn công tác Bộ Công an làm việc với Tỉnh ủy Thanh Hóa về chuyển đổi số"


def run_cli(*args: str, data_dir: Path, corpus_dir: Path = CORPUS) -> subprocess.CompletedProcess[str]:
    """Runs from the data dir's parent so no stray ``.env`` is read; the package is installed in the venv."""
    env = {**os.environ, "CDS_DATA_DIR": str(data_dir), "CDS_CORPUS_DIR": str(corpus_dir)}
    return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=data_dir.parent, env=env,
                          capture_output=True, text=True, timeout=600)


def vi_then_en(stderr: str, vi: str, en: str) -> bool:
    lines = stderr.splitlines()
    first_vi = next(i for i, line in enumerate(lines) if vi in line)
    return any(en in line for line in lines[first_vi + 1:])


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The bundled corpus built once by the CLI itself, with the real embedder."""
    data_dir = tmp_path_factory.mktemp("cli") / "data"
    return data_dir, run_cli("build", "--quiet", data_dir=data_dir)


def test_build_reports_what_it_indexed(indexed: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    _, result = indexed
    assert result.returncode == 0, result.stderr
    assert "Đã lập chỉ mục 5 bài" in result.stdout and "thanhhoa-2023-10-19-bo-tttt" in result.stdout


def test_search_prints_title_date_and_score(indexed: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    data_dir, _ = indexed
    result = run_cli("search", "Ai đồng chủ trì buổi làm việc ngày 16/5?", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert re.match(r"1\. \[\d+\.\d{4}\] ", first)
    assert TITLE_NQ57 in first and "2025-05-16" in first and "Thanh Hóa" in first
    assert first.endswith("(thanhhoa-2025-05-16-bo-cong-an-nq57)")


@pytest.mark.parametrize("question", ["", "   \t "])
def test_an_empty_question_exits_2_with_vietnamese_first(indexed: tuple[Path, subprocess.CompletedProcess[str]],
                                                         question: str) -> None:
    data_dir, _ = indexed
    result = run_cli("search", question, data_dir=data_dir)
    assert result.returncode == 2 and result.stdout == ""
    assert vi_then_en(result.stderr, "Vui lòng nhập câu hỏi.", "Please type a question.")
    assert "Traceback" not in result.stderr


def test_a_question_over_2000_characters_exits_2(indexed: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    data_dir, _ = indexed
    question = ("Thanh Hóa có bao nhiêu chữ ký số? " * 70)[:2001]
    result = run_cli("search", question, data_dir=data_dir)
    assert result.returncode == 2
    assert vi_then_en(result.stderr, "quá dài (2001 ký tự; tối đa 2000)", "too long")


def test_search_without_an_index_says_to_build_first(tmp_path: Path) -> None:
    result = run_cli("search", "Bình Định có bao nhiêu dịch vụ công?", data_dir=tmp_path / "data")
    assert result.returncode == 2
    assert vi_then_en(result.stderr, "Chưa có chỉ mục", "No index")
    assert "python -m assistant build" in result.stderr


def test_building_an_empty_corpus_exits_2(tmp_path: Path) -> None:
    empty = tmp_path / "corpus"
    empty.mkdir()
    result = run_cli("build", "--quiet", data_dir=tmp_path / "data", corpus_dir=empty)
    assert result.returncode == 2
    assert vi_then_en(result.stderr, f"Thư mục bài viết {empty}", "holds no .txt or .md article")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("bad", ["2023-13", "abc", "31/02/2024", "2024-05-40"])
def test_a_bad_date_filter_is_a_message_and_exit_2_not_a_traceback(indexed, bad: str) -> None:
    data_dir, _ = indexed
    result = run_cli("ask", "Bình Định có bao nhiêu dịch vụ công trực tuyến?", "--date-from", bad, data_dir=data_dir)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert bad in result.stderr and vi_then_en(result.stderr, "không hợp lệ", "Invalid date")


def test_day_first_dates_filter_like_iso_ones(indexed) -> None:
    data_dir, _ = indexed
    day_first = run_cli("search", "chữ ký số", "--json", "--date-from", "16/05/2025", "--date-to", "05/2025",
                        data_dir=data_dir)
    iso = run_cli("search", "chữ ký số", "--json", "--date-from", "2025-05-16", "--date-to", "2025-05",
                  data_dir=data_dir)
    assert day_first.returncode == 0, day_first.stderr
    assert day_first.stdout == iso.stdout and "2025-05-16" in day_first.stdout


def test_bytes_that_are_not_utf8_in_a_question_are_dropped_not_a_traceback(indexed) -> None:
    data_dir, _ = indexed
    env = {**os.environ, "CDS_DATA_DIR": str(data_dir), "CDS_CORPUS_DIR": str(CORPUS)}
    question = "Ai đồng chủ trì buổi làm việc ngày 16/5?".encode() + b"\xff\xfe"
    asked = subprocess.run([sys.executable.encode(), b"-m", b"assistant", b"ask", question], cwd=data_dir.parent,
                           env=env, capture_output=True, timeout=600)
    assert asked.returncode == 0 and b"Traceback" not in asked.stderr and "Nguyễn Doãn Anh" in asked.stdout.decode()
    chat = subprocess.run([sys.executable, "-m", "assistant", "chat"], cwd=data_dir.parent, env=env,
                          input=question + b"\n\n", capture_output=True, timeout=600)
    assert chat.returncode == 0 and b"Traceback" not in chat.stderr and "Nguyễn Doãn Anh" in chat.stdout.decode()
