"""The "Thư viện" tab: the articles of the index (title, date, province, format, passages) with a search box;
files dropped here are checked, read and indexed (progress shown) while the chat goes on answering from the
current index; an article can be read, downloaded as its original file, corrected (province, date) or removed.

UI only: every handler calls the assistant API; what comes from files and people is escaped by ``ui.render``
or shown as plain text (the table, the dropdown).
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.api import Assistant
from assistant.library import LibraryEntry
from assistant.dates import display_date
from index.errors import UserFacingError
from index.provinces import PROVINCES
from index.readers.intake import FORMATS
from ui import render
from ui.access import library_locked
from ui.files import prune

COLUMNS = ["Tiêu đề", "Ngày", "Tỉnh/thành", "Định dạng", "Số đoạn", "Mã tệp"]
ACCEPTED = sorted(FORMATS)
_CELL = "text-align:left;vertical-align:top;padding:.3rem .4rem;border-bottom:1px solid var(--border-color-primary)"


def library_html(found: list[LibraryEntry]) -> str:
    """The articles as a table (everything escaped: titles come from files and pages)."""
    if not found:
        return '<p class="cds-empty">Không có bài viết nào khớp. / No article matches.</p>'
    head = "".join(f'<th style="{_CELL}">{c}</th>' for c in COLUMNS)
    rows = "".join("<tr>" + "".join(f'<td style="{_CELL}">{html.escape(str(v))}</td>' for v in (
        e.title, display_date(e.date), e.province or "", e.format, e.passages, e.id)) + "</tr>" for e in found)
    return (f'<table style="width:100%;border-collapse:collapse;font-size:.88rem"><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")


class LibraryTab:
    """Handlers of the "Thư viện" tab; each returns plain values and gr.update dicts for its outputs."""

    def __init__(self, source: Callable[[], Assistant], export_dir: Path):
        self.source = source
        self.export_dir = export_dir

    def _locked(self) -> str:
        try:
            return library_locked(self.source().settings)
        except UserFacingError as exc:
            return exc.message

    def listing(self, query: str = "") -> tuple[Any, Any]:
        """The table of articles matching ``query`` and the article chooser's choices."""
        try:
            found = self.source().library(query or "")
        except UserFacingError as exc:
            return render.notice_html(exc.message), gr.update(choices=[])
        choices = [(f"{e.title[:90]} ({e.id})", e.id) for e in found]
        return library_html(found), gr.update(choices=choices)

    def add(self, files: list[str] | None, query: str, progress: Any = gr.Progress(track_tqdm=True)) -> tuple:
        """Dropped files added (see Assistant.add_files); one message names what was added and what refused."""
        paths = [Path(f) for f in files or []]
        if not paths:
            return (gr.skip(), *self.listing(query), None)
        if locked := self._locked():
            return (render.notice_html(locked), *self.listing(query), None)
        try:
            done = self.source().add_files([(p, p.name) for p in paths], lambda f, what: progress(f, desc=what))
        except UserFacingError as exc:
            return (render.notice_html(exc.message), *self.listing(query), None)
        lines = [f"Đã thêm {len(done.added)} bài và lập lại chỉ mục: {', '.join(done.added)}.\n"
                 f"Added {len(done.added)} article(s) and rebuilt the index."] if done.added else []
        notice = "\n".join(lines + done.refused)
        return (render.notice_html(notice, ok=not done.refused), *self.listing(query), None)

    def show(self, article_id: str | None) -> tuple:
        """The chosen article's text, its original file to download, its province and date to correct."""
        if not article_id:
            return render.article_html(None), gr.update(visible=False), gr.update(value=None), ""
        try:
            assistant = self.source()
            article = assistant.article(article_id)
            download = self._download(assistant, article_id)
        except UserFacingError as exc:
            return render.notice_html(exc.message), gr.update(visible=False), gr.skip(), gr.skip()
        province = article.province if article.province in PROVINCES else None
        return render.article_html(article), download, gr.update(value=province), article.date or ""

    def _download(self, assistant: Assistant, article_id: str) -> Any:
        """The original file behind a download button (a copy in the app's temporary folder)."""
        original = assistant.original_file(article_id)
        prune(self.export_dir)
        copy = self.export_dir / original.name
        shutil.copyfile(original, copy)
        return gr.update(value=str(copy), visible=True)

    def save(self, article_id: str | None, province: str | None, date: str, query: str) -> tuple:
        if not article_id:
            return (render.notice_html("Hãy chọn một bài viết.\nChoose an article."), gr.skip(), gr.skip())
        if locked := self._locked():
            return (render.notice_html(locked), gr.skip(), gr.skip())
        try:
            self.source().correct_article(article_id, province, date)
        except UserFacingError as exc:
            return (render.notice_html(exc.message), gr.skip(), gr.skip())
        done = f"Đã lưu tỉnh/ngày của bài {article_id}.\nSaved the province and date of {article_id}."
        return (render.notice_html(done, ok=True), *self.listing(query))

    def remove(self, article_id: str | None, query: str) -> tuple:
        if not article_id:
            return (render.notice_html("Hãy chọn một bài viết.\nChoose an article."), gr.skip(), gr.skip())
        if locked := self._locked():
            return (render.notice_html(locked), gr.skip(), gr.skip())
        try:
            self.source().remove_article(article_id)
        except UserFacingError as exc:
            return (render.notice_html(exc.message), gr.skip(), gr.skip())
        done = f"Đã xóa bài {article_id} và lập lại chỉ mục.\nRemoved {article_id} and rebuilt the index."
        table, choices = self.listing(query)
        return (render.notice_html(done, ok=True), table, gr.update(choices=choices["choices"], value=None))

    def original_for_cite(self, conv: Any, evt: gr.EventData) -> Any:
        """The chat viewer's download button: the original file of the article a citation click opened."""
        turn, number = getattr(evt, "turn", None), getattr(evt, "cite", None)
        answers = getattr(conv, "answers", None) or []
        cites = answers[turn].citations if isinstance(turn, int) and 0 <= turn < len(answers) else []
        cite = next((c for c in cites if c.number == number), None)
        if cite is None:
            return gr.skip()
        try:
            return self._download(self.source(), cite.article_id)
        except UserFacingError:
            return gr.update(visible=False)


def library_tab(tab: LibraryTab, demo: gr.Blocks) -> None:
    """Lays out the tab and wires its events."""
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=480):
            query = gr.Textbox(label="Tìm trong thư viện", placeholder="tên bài, tỉnh, mã tệp…",
                               elem_id="cds-lib-search")
            table = gr.HTML(elem_id="cds-lib-table", max_height=420)
            files = gr.File(label="Kéo thả tệp vào đây để thêm bài (.pdf, .docx, .html, .txt, .md)",
                            file_count="multiple", file_types=ACCEPTED, elem_id="cds-lib-upload")
            notice = gr.HTML(elem_id="cds-lib-notice")
        with gr.Column(scale=2, min_width=360):
            chosen = gr.Dropdown(label="Bài viết", choices=[], elem_id="cds-lib-article")
            with gr.Row():
                province = gr.Dropdown(label="Tỉnh/thành", choices=list(PROVINCES), value=None,
                                       elem_id="cds-lib-province")
                date = gr.Textbox(label="Ngày", placeholder="2024-05-16 hoặc 16/05/2024", elem_id="cds-lib-date")
            with gr.Row():
                save = gr.Button("Lưu tỉnh/ngày", size="md", elem_id="cds-lib-save")
                remove = gr.Button("Xóa bài này", size="md", variant="stop", elem_id="cds-lib-remove")
                original = gr.DownloadButton("Tải tệp gốc", size="md", visible=False, elem_id="cds-lib-original")
            viewer = gr.HTML(render.article_html(None), elem_id="cds-lib-viewer")
    gr.on([demo.load, query.change], tab.listing, query, [table, chosen], show_progress="hidden")
    files.upload(tab.add, [files, query], [notice, table, chosen, files], concurrency_limit=1)
    chosen.change(tab.show, chosen, [viewer, original, province, date])
    save.click(tab.save, [chosen, province, date, query], [notice, table, chosen], concurrency_limit=1)
    remove.click(tab.remove, [chosen, query], [notice, table, chosen], concurrency_limit=1)
