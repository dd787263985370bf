"""A summary as a Markdown or a Word (.docx) document: title, scope, sentences by theme, numbered references.

Article text is written as text: escaped for Markdown (``markdown_text``), plain runs in Word.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Cm

from assistant.dates import display_date
from assistant.markdown import markdown_text
from assistant.summary.summarize import THEMES, Summary, SummaryScope, period_label, sentence_line
from assistant.types import Citation

REFERENCES = "Tài liệu tham khảo"


def scope_line(scope: SummaryScope) -> str:
    """``Phạm vi: tỉnh/thành: Bình Định · thời gian: 2025 · chủ đề: Đề án 06``."""
    period = period_label(scope.date_from, scope.date_to)
    return (f"Phạm vi: tỉnh/thành: {', '.join(scope.provinces) or 'tất cả'} · thời gian: {period or 'tất cả'} · "
            f"chủ đề: {scope.topic or 'tất cả'}")


def sections(summary: Summary) -> list[tuple[str, list[str]]]:
    """Each theme that has sentences, in THEMES order, with its sentences as shown (label, text, marker)."""
    grouped = [(theme, [sentence_line(s) for s in summary.sentences if s.theme == theme]) for theme in THEMES]
    return [(theme, lines) for theme, lines in grouped if lines]


def reference(cite: Citation, files: dict[str, str]) -> str:
    """``Title — 09/05/2025 — Bình Định — tệp binhdinh-….txt`` (without the number and the quote)."""
    file = files.get(cite.article_id, cite.article_id)
    return " — ".join(p for p in (cite.title, display_date(cite.date), cite.province, f"tệp {file}") if p)


def to_markdown(summary: Summary) -> str:
    lines = [f"# {markdown_text(summary.title)}", "", f"**{markdown_text(scope_line(summary.scope))}**", ""]
    if not summary.sentences:
        lines += [markdown_text(summary.text), ""]
    for theme, shown in sections(summary):
        lines += [f"## {theme}", ""] + [f"- {markdown_text(line)}" for line in shown] + [""]
    if summary.citations:
        lines += [f"## {REFERENCES}", ""]
        for c in summary.citations:
            lines += [f"{c.number}. {markdown_text(reference(c, summary.files))}",
                      f"   > “{markdown_text(c.quote)}”"]
    return "\n".join(lines).rstrip() + "\n"


def to_docx(summary: Summary, path: Path | str) -> Path:
    """Writes the summary to ``path`` (.docx) and returns it."""
    doc = Document()
    doc.core_properties.title = summary.title
    doc.add_heading(summary.title, level=0)
    doc.add_paragraph(scope_line(summary.scope))
    if not summary.sentences:
        doc.add_paragraph(summary.text)
    for theme, shown in sections(summary):
        doc.add_heading(theme, level=2)
        for line in shown:
            doc.add_paragraph(line, style="List Bullet")
    if summary.citations:
        doc.add_heading(REFERENCES, level=1)
    for c in summary.citations:
        doc.add_paragraph(f"[{c.number}] {reference(c, summary.files)}")
        quote = doc.add_paragraph()
        quote.paragraph_format.left_indent = Cm(1)
        quote.add_run(f"“{c.quote}”").italic = True
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
