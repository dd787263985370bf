"""The app's "Tóm tắt" tab: a cited summary of the articles in a scope, downloadable as .md and .docx.

UI only: the handler calls ``Assistant.summarize`` and ``assistant.summary.export``; everything taken from an article
is escaped (``html.escape``) before it is shown.
"""

from __future__ import annotations

import html
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.api import Assistant
from assistant.settings import Settings
from assistant.summary.export import REFERENCES, reference, scope_line, sections, to_docx, to_markdown
from assistant.summary.summarize import scope_from_inputs
from assistant.types import Summary
from index.errors import UserFacingError
from index.reorganisation import filter_choices
from ui.files import prune

PLACEHOLDER = "Chọn phạm vi (tỉnh, thời gian, chủ đề) rồi bấm “Tóm tắt”."


def summary_html(summary: Summary | None) -> str:
    """The summary as HTML: title, scope, sentences by theme, numbered references with their quotes."""
    if summary is None:
        return f'<div class="cds-summary"><p>{html.escape(PLACEHOLDER)}</p></div>'
    parts = [f"<h3>{html.escape(summary.title)}</h3>", f"<p><i>{html.escape(scope_line(summary.scope))}</i></p>"]
    if not summary.sentences:
        parts.append(f"<p>{html.escape(summary.text)}</p>")
    for theme, lines in sections(summary):
        parts.append(f"<h4>{html.escape(theme)}</h4><ul>{''.join(f'<li>{html.escape(x)}</li>' for x in lines)}</ul>")
    if summary.citations:
        items = "".join(f"<li>{html.escape(reference(c, summary.files))}<br><q>{html.escape(c.quote)}</q></li>"
                        for c in summary.citations)
        parts.append(f"<h4>{REFERENCES}</h4><ol>{items}</ol>")
    return f'<div class="cds-summary">{"".join(parts)}</div>'


class SummaryTab:
    """Handlers of the "Tóm tắt" tab; each returns plain values and gr.update dicts for its outputs."""

    def __init__(self, source: Callable[[], Assistant], export_dir: Path):
        self.source = source
        self.export_dir = export_dir

    def provinces(self) -> list[str] | None:
        """The provinces of the indexed articles; None while the assistant is not ready."""
        try:
            return filter_choices(sorted({a.province for a in self.source().articles() if a.province}))
        except UserFacingError:
            return None

    def province_choices(self) -> tuple[Any, Any]:
        """For the start-up timer: the province choices once the assistant is ready, and the timer stops."""
        choices = self.provinces()
        return (gr.skip(), gr.skip()) if choices is None else (gr.Dropdown(choices=choices), gr.Timer(active=False))

    def summarize(self, provinces: list[str] | None, date_from: str, date_to: str, topic: str) -> tuple:
        """Summary HTML, a notice, and the .md and .docx download buttons (shown when there is a summary);
        a person's mistake (a bad date) leaves the last summary as it was and says what to fix."""
        try:
            summary = self.source().summarize(scope_from_inputs(provinces, date_from, date_to, topic))
        except UserFacingError as exc:
            notice = f'<div class="cds-notice" role="alert">{html.escape(exc.message)}</div>'
            return gr.skip(), notice, gr.skip(), gr.skip()
        if not summary.sentences:
            hidden = gr.update(value=None, visible=False)
            return summary_html(summary), "", hidden, hidden
        prune(self.export_dir)
        stem = self.export_dir / f"tom-tat-{uuid.uuid4().hex[:8]}"
        markdown = stem.with_suffix(".md")
        markdown.write_text(to_markdown(summary), encoding="utf-8")
        docx = to_docx(summary, stem.with_suffix(".docx"))
        return (summary_html(summary), "", gr.update(value=str(markdown), visible=True),
                gr.update(value=str(docx), visible=True))


def summary_tab(assistant: Assistant | Callable[[], Assistant], settings: Settings,
                export_dir: Path | None = None) -> None:
    """Builds the tab's components inside the caller's ``gr.Tab``; ``assistant`` is ready or a callable
    that returns it (and raises a UserFacingError while it starts)."""
    source = assistant if callable(assistant) and not isinstance(assistant, Assistant) else (lambda: assistant)
    tab = SummaryTab(source, export_dir or Path(tempfile.mkdtemp(prefix="cds-summary-")))
    choices = tab.provinces()
    with gr.Row(equal_height=False):
        with gr.Column(scale=2):
            provinces = gr.Dropdown(label="Tỉnh/thành", multiselect=True, choices=choices or [],
                                    info="Để trống: tất cả các tỉnh")
            with gr.Row():
                date_from = gr.Textbox(label="Từ ngày", placeholder="2025 hoặc 2025-01-01", min_width=120)
                date_to = gr.Textbox(label="Đến ngày", placeholder="2025 hoặc 2025-12-31", min_width=120)
            topic = gr.Textbox(label="Chủ đề (không bắt buộc)", placeholder="ví dụ: Đề án 06, dịch vụ công trực tuyến",
                               max_length=settings.max_question_chars)
            run = gr.Button("Tóm tắt", variant="primary")
            notice = gr.HTML()
        with gr.Column(scale=3):
            shown = gr.HTML(summary_html(None), max_height=640)
            with gr.Row():
                markdown = gr.DownloadButton("Tải về (.md)", visible=False, size="md")
                docx = gr.DownloadButton("Tải về (.docx)", visible=False, size="md")
    run.click(tab.summarize, [provinces, date_from, date_to, topic], [shown, notice, markdown, docx])
    timer = gr.Timer(2.0, active=choices is None)
    timer.tick(tab.province_choices, None, [provinces, timer], show_progress="hidden")
