"""Summary export (assistant.export) to Markdown and Word, the ``summarize`` CLI command and the "Tóm tắt" tab."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from docx import Document

from assistant.__main__ import parser, summarize_command
from assistant.dates import InvalidDate, ReversedPeriod
from assistant.summary.export import REFERENCES, scope_line, to_docx, to_markdown
from assistant.summary.summarize import scope_from_inputs
from assistant.types import Citation, Summary, SummaryScope, SummarySentence

SCOPE = SummaryScope(("Bình Định",), 20250101, 20251231, "dịch vụ công")
HOSTILE = "<img src=x onerror=alert(1)> *đậm* [link](http://x)"


@pytest.fixture(scope="module")
def summary(fake_assistant) -> Summary:
    return fake_assistant.summarize(SCOPE)


def _crafted() -> Summary:
    cite = Citation(1, "bai-x", f"Tiêu đề {HOSTILE}", "2025-05-09", "Bình Định", f"Câu {HOSTILE}.", 0, 10)
    return Summary("Tóm tắt: Bình Định", SummaryScope(("Bình Định",)),
                   [SummarySentence("Khác", f"câu {HOSTILE}", 1)], [cite], "", {"bai-x": "bai-x.txt"})


def _cli(argv: list[str]) -> argparse.Namespace:
    return parser().parse_args(["summarize", *argv])


def test_docx_has_title_scope_themes_and_numbered_references(summary, tmp_path) -> None:
    doc = Document(str(to_docx(summary, tmp_path / "out" / "tom-tat.docx")))
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    assert paragraphs[0] == ("Title", "Tóm tắt: Bình Định, 2025 — dịch vụ công")
    assert paragraphs[1][1] == "Phạm vi: tỉnh/thành: Bình Định · thời gian: 2025 · chủ đề: dịch vụ công"
    themes = [text for style, text in paragraphs if style == "Heading 2"]
    assert themes == list(dict.fromkeys(s.theme for s in summary.sentences))
    assert ("Heading 1", REFERENCES) in paragraphs
    references = [text for _, text in paragraphs if text.startswith("[")]
    assert len(references) == len(summary.citations)
    for c, line in zip(summary.citations, references):
        assert line.startswith(f"[{c.number}] {c.title}") and f"tệp {c.article_id}.txt" in line
    assert sum(style == "List Bullet" for style, _ in paragraphs) == len(summary.sentences)


def test_markdown_has_the_same_parts(summary) -> None:
    md = to_markdown(summary)
    assert md.startswith("# Tóm tắt: Bình Định, 2025 — dịch vụ công\n")
    assert f"**{scope_line(SCOPE)}**" in md
    for s in summary.sentences:
        assert f"## {s.theme}" in md
    assert f"## {REFERENCES}" in md
    for c in summary.citations:
        assert f"\n{c.number}. {c.title}" in md and f"tệp {c.article_id}.txt" in md


def test_markdown_escapes_article_text() -> None:
    md = to_markdown(_crafted())
    unescaped = re.sub(r"\\[<>*\[\]]", "", md)
    assert "\\<img" in md and not any(raw in unescaped for raw in ("<img", "*đậm*", "[link]"))


def test_an_empty_summary_exports_its_message(fake_assistant, tmp_path) -> None:
    empty = fake_assistant.summarize(SummaryScope(("Hà Nội",)))
    assert empty.text.split(" / ")[0] in to_markdown(empty)
    doc = Document(str(to_docx(empty, tmp_path / "empty.docx")))
    assert empty.text in [p.text for p in doc.paragraphs] and REFERENCES not in [p.text for p in doc.paragraphs]


def test_the_cli_writes_a_docx(fake_assistant, tmp_path, capsys) -> None:
    out = tmp_path / "bd.docx"
    args = _cli(["--province", "binh dinh", "--from", "2025-01-01", "--to", "2025-12-31", "-o", str(out)])
    assert summarize_command(args, fake_assistant.settings, fake_assistant) == 0
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert texts[0] == "Tóm tắt: Bình Định, 2025" and any("1.230" in t for t in texts)
    assert str(out) in capsys.readouterr().out


def test_the_cli_prints_markdown_without_an_output_file(fake_assistant, capsys) -> None:
    assert summarize_command(_cli(["--province", "Bình Định", "--format", "md"]), fake_assistant.settings, fake_assistant) == 0
    assert capsys.readouterr().out.startswith("# Tóm tắt: Bình Định\n")


@pytest.mark.parametrize("date_from, date_to, error", [
    ("2025-13", None, InvalidDate), ("2025-02-30", None, InvalidDate), ("hôm qua", None, InvalidDate),
    ("2025", "2024", ReversedPeriod),
])
def test_bad_periods_raise_errors_a_person_can_act_on(date_from, date_to, error) -> None:
    with pytest.raises(error) as raised:
        scope_from_inputs(None, date_from, date_to, "")
    assert raised.value.message


def test_scope_inputs_accept_years_months_days_and_unaccented_provinces() -> None:
    assert scope_from_inputs(["thanh hoa"], "2023-10", "2025", " Đề án 06 ") == \
        SummaryScope(("Thanh Hóa",), 20231001, 20251231, "Đề án 06")


def test_the_tab_builds_and_shows_escaped_html_with_downloads(fake_assistant, tmp_path) -> None:
    import gradio as gr

    from ui.summary_tab import SummaryTab, summary_html, summary_tab

    with gr.Blocks():
        with gr.Tab("Tóm tắt"):
            summary_tab(fake_assistant, fake_assistant.settings)
    shown = summary_html(_crafted())
    assert "<img" not in shown and "&lt;img src=x" in shown
    html, notice, md, docx = SummaryTab(lambda: fake_assistant, tmp_path).summarize(["Bình Định"], "2025", "", "")
    assert "1.230" in html and notice == ""
    assert Path(md["value"]).read_text(encoding="utf-8").startswith("# Tóm tắt: Bình Định")
    assert Document(docx["value"]).paragraphs[0].text.startswith("Tóm tắt: Bình Định")
    shown, notice, md, _ = SummaryTab(lambda: fake_assistant, tmp_path).summarize([], "2025-13", "", "")
    assert "không hợp lệ" in notice and shown == md == gr.skip()
    shown, _, md, _ = SummaryTab(lambda: fake_assistant, tmp_path).summarize(["Hà Nội"], "", "", "")
    assert "Không có bài viết nào" in shown and md["visible"] is False


def test_a_topic_with_control_characters_exports_to_word(fake_assistant, tmp_path) -> None:
    scope = scope_from_inputs(["Bình Định"], "", "", "dịch vụ\x01 công\x0b")
    summary = fake_assistant.summarize(scope)
    assert scope.topic == "dịch vụ công" and to_docx(summary, tmp_path / "t.docx").exists()
