"""The web app: chat over the reports with cited sources, the article viewer, filters, feedback and export.

UI only: every handler calls the assistant API (``assistant.api``) and formats with ``assistant.render``.
``python app.py`` serves on ``settings.ui_host:ui_port``; with no index it builds one in the background
(progress on the console, a notice in the page) and the page opens at once.
"""

from __future__ import annotations

import assistant  # noqa: F401  (first: sets the offline environment before gradio is imported)

import json
import re
import tempfile
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

import gradio as gr

from app_summary import summary_tab
from assistant import render
from assistant.api import Assistant, build, clean_question, index_ready
from assistant.settings import Settings
from assistant.types import Answer
from index.errors import UserFacingError
from index.types import SearchFilters, date_bounds

AssistantSource = Callable[[], Assistant]
SYSTEM_FONTS = ("Segoe UI", "Roboto", "Noto Sans", "Helvetica Neue", "Arial", "Liberation Sans", "sans-serif")
MONO_FONTS = ("Consolas", "DejaVu Sans Mono", "monospace")
EXAMPLES = ("Ai đồng chủ trì buổi làm việc ngày 16/5?",
            "Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?",
            "Kết quả 6 tháng đầu năm 2023 về chuyển đổi số của Thanh Hóa?",
            "Thanh Hóa hoàn thiện thể chế cho chuyển đổi số như thế nào?")
UNEXPECTED = ("Đã xảy ra lỗi ngoài dự kiến khi trả lời; lỗi đã được ghi lại trên máy chủ. Hãy thử lại.\n"
              "An unexpected error occurred while answering; it was logged on the server. Please try again.")
_DATE_FORMS = (re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?"),
               re.compile(r"(?:(?P<d>\d{1,2})/)?(?P<m>\d{1,2})/(?P<y>\d{4})"))


class InvalidDateFilter(UserFacingError):
    """A date box that is not a year, a month or a day, or a range that ends before it starts."""


class AssistantNotReady(UserFacingError):
    """The index is still being built (or the assistant loaded) on first start."""


class ChatView(NamedTuple):
    """What the chat tab shows: the outputs of every event that changes the conversation."""

    chat: Any
    conversation: Any
    question: Any
    notice: Any
    sources: Any
    trace: Any
    export: Any
    feedback_row: Any


@dataclass
class Conversation:
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    answers: list[Answer] = field(default_factory=list)

    @property
    def questions(self) -> list[str]:
        return [a.question for a in self.answers]


def date_bound(text: str | None, label: str, last: bool) -> int | None:
    """``2024``, ``2024-05``, ``2024-05-16``, ``05/2024`` or ``16/05/2024`` as yyyymmdd: first or last day."""
    text = (text or "").strip()
    if not text:
        return None
    for form in _DATE_FORMS:
        if match := form.fullmatch(text):
            y, m, d = (int(match[k]) if match[k] else None for k in ("y", "m", "d"))
            try:
                date(y, m if m is not None else 1, d if d is not None else 1)
            except ValueError:
                break
            iso = "-".join(f"{v:02d}" for v in (y, m, d) if v is not None)
            return date_bounds(iso)[1 if last else 0]
    raise InvalidDateFilter(
        f"{label} “{text}” không hợp lệ. Hãy nhập năm (2024), tháng (2024-05) hoặc ngày (2024-05-16 hoặc 16/05/2024).",
        f"Invalid date “{text}”. Enter a year (2024), a month (2024-05) or a day (2024-05-16 or 16/05/2024).")


def search_filters(provinces: list[str] | None, date_from: str | None, date_to: str | None) -> SearchFilters | None:
    lo, hi = date_bound(date_from, "Từ ngày", last=False), date_bound(date_to, "Đến ngày", last=True)
    if lo is not None and hi is not None and lo > hi:
        raise InvalidDateFilter("“Từ ngày” đang sau “Đến ngày”. Hãy sửa lại khoảng thời gian.",
                                "The start date is after the end date. Please fix the date range.")
    filters = SearchFilters(tuple(provinces or ()), lo, hi)
    return None if filters.is_empty else filters


class FirstStart:
    """Loads the assistant in a background thread, building the index first if there is none."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.building = not index_ready(settings)
        self.started = time.monotonic()
        self.assistant: Assistant | None = None
        self.error: UserFacingError | None = None
        threading.Thread(target=self._load, name="cds-first-start", daemon=True).start()

    def _load(self) -> None:
        try:
            if self.building:
                print("Chưa có chỉ mục: đang lập chỉ mục lần đầu… / No index yet: building it…", flush=True)
                build(self.settings, progress=True)
            self.assistant = Assistant.from_settings(self.settings)
            print("Trợ lý đã sẵn sàng. / The assistant is ready.", flush=True)
        except UserFacingError as exc:
            self.error = exc
            print(exc.message, flush=True)
        except Exception as exc:  # a bug: keep the page up with a message, the traceback goes to the console
            traceback.print_exc()
            self.error = UserFacingError(f"Không khởi động được trợ lý ({type(exc).__name__}: {exc}).",
                                         f"The assistant failed to start ({type(exc).__name__}: {exc}).")

    def __call__(self) -> Assistant:
        if self.assistant is not None:
            return self.assistant
        if self.error is not None:
            raise self.error
        seconds = int(time.monotonic() - self.started)
        if self.building:
            raise AssistantNotReady(f"Đang lập chỉ mục lần đầu ({seconds} giây)… Vui lòng chờ rồi hỏi lại.",
                                    f"Building the index for the first time ({seconds} s)… Please wait.")
        raise AssistantNotReady("Đang khởi động trợ lý… Vui lòng chờ giây lát.", "The assistant is starting…")


class ChatTab:
    """Handlers of the "Hỏi đáp" tab. Each returns plain values (and gr.update dicts) for its outputs."""

    def __init__(self, source: AssistantSource, settings: Settings, reveal_delay: float = 0.02):
        self.source = source
        self.settings = settings
        self.reveal_delay = reveal_delay
        self.export_dir = Path(tempfile.mkdtemp(prefix="cds-export-"))
        self._feedback_lock = threading.Lock()

    def status(self) -> tuple[str, Any, Any]:
        """Status banner, province choices and whether the start-up timer keeps polling."""
        try:
            articles = self.source().articles()
        except AssistantNotReady as exc:
            return render.status_html(None, exc.message), gr.skip(), gr.skip()
        except UserFacingError as exc:
            return render.notice_html(exc.message), gr.skip(), gr.Timer(active=False)
        provinces = sorted({a.province for a in articles if a.province})
        return render.status_html(articles), gr.Dropdown(choices=provinces), gr.Timer(active=False)

    def view(self, conv: Conversation, question: str = "", notice: str = "") -> ChatView:
        """Everything the chat shows for ``conv``, its last answer's sources and trace."""
        last = conv.answers[-1] if conv.answers else None
        articles = {a.id: a for a in self.source().articles()} if last and last.citations else {}
        return ChatView(render.chat_messages(conv.answers), conv, question, notice,
                        render.sources_html(last, len(conv.answers) - 1, articles), render.trace_html(last),
                        self.export(conv), gr.update(visible=False))

    def ask(self, question: str, conv: Conversation | None, provinces: list[str] | None,
            date_from: str, date_to: str) -> Iterator[ChatView]:
        """Streams the answer: the question at once, then the answer text growing, then sources and trace."""
        conv = conv or Conversation()
        try:
            assistant = self.source()
            clean_question(question, assistant.settings.max_question_chars)
            filters = search_filters(provinces, date_from, date_to)
        except UserFacingError as exc:
            yield self.view(conv, question, render.notice_html(exc.message))
            return
        shown = render.chat_messages(conv.answers) + [{"role": "user", "content": render.text_html(question)}]
        pending = {"role": "assistant", "content": render.pending_html("Đang tìm trong các báo cáo…")}
        yield ChatView(shown + [pending], conv, "", "", *(gr.skip(),) * 3, gr.update(visible=False))
        try:
            answer = assistant.ask(question, conv.questions, filters)
        except UserFacingError as exc:
            yield self.view(conv, question, render.notice_html(exc.message))
            return
        except Exception:  # a bug: take the question back out of the chat, then let Gradio report the error
            yield self.view(conv, question, render.notice_html(UNEXPECTED))
            raise
        turn = len(conv.answers)
        conv.answers.append(answer)
        for partial in render.reveal(answer.text):
            content = render.answer_html(partial, answer.citations, turn, answer.refused, streaming=True)
            yield ChatView(shown + [{"role": "assistant", "content": content}], conv, "", "", *(gr.skip(),) * 4)
            time.sleep(self.reveal_delay)
        yield self.view(conv)

    def new_conversation(self) -> tuple[Any, ...]:
        return (*self.view(Conversation()), render.article_html(None))

    def open_citation(self, conv: Conversation | None, turn: Any, number: Any) -> tuple[str, Any, str]:
        """The article of citation ``number`` of answer ``turn``, its passage marked; opens the viewer."""
        answers = conv.answers if conv else []
        cites = answers[turn].citations if isinstance(turn, int) and 0 <= turn < len(answers) else []
        cite = next((c for c in cites if c.number == number), None)
        if cite is None:
            missing = "Trích dẫn này không còn trong cuộc trò chuyện.\nThis citation is not in the conversation."
            return gr.skip(), gr.skip(), render.notice_html(missing)
        try:
            article = self.source().article(cite.article_id)
        except UserFacingError as exc:
            return gr.skip(), gr.skip(), render.notice_html(exc.message)
        return render.article_html(article, cite.start, cite.end), gr.Accordion(open=True), ""

    def on_cite(self, conv: Conversation | None, evt: gr.EventData) -> tuple[str, Any, str]:
        return self.open_citation(conv, getattr(evt, "turn", None), getattr(evt, "cite", None))

    def on_like(self, conv: Conversation | None, evt: gr.LikeData) -> tuple:
        return self.rate(conv, evt.index, evt.liked)

    def rate(self, conv: Conversation | None, index: Any, liked: Any) -> tuple:
        """Thumbs up/down on an answer: recorded at once; the comment box opens for an optional comment."""
        turn = (index[0] if isinstance(index, (list, tuple)) else index) // 2
        vote = liked if isinstance(liked, bool) else None  # Gradio sends "" when a thumb is clicked off
        notice = self.record_feedback(conv, turn, vote, None)
        if notice:
            return gr.skip(), None, notice
        thanks = ("Cảm ơn bạn đã đánh giá! Bạn có thể thêm góp ý bên dưới.\nThank you! You may add a comment below."
                  if vote is not None else "Đã bỏ đánh giá.\nRating withdrawn.")
        return gr.update(visible=vote is not None), (turn, vote), render.notice_html(thanks, ok=True)

    def comment(self, conv: Conversation | None, pending: tuple[int, bool | None] | None, text: str) -> tuple:
        if not pending or not (text or "").strip():
            return gr.skip(), pending, text, render.notice_html("Vui lòng nhập góp ý.\nPlease type a comment.")
        notice = self.record_feedback(conv, pending[0], pending[1], text.strip())
        if notice:
            return gr.skip(), pending, text, notice
        saved = render.notice_html("Đã ghi nhận góp ý. Xin cảm ơn!\nComment saved.", ok=True)
        return gr.update(visible=False), None, "", saved

    def record_feedback(self, conv: Conversation | None, turn: int, liked: bool | None, comment: str | None) -> str:
        """Appends one JSON line to ``settings.feedback_path``; returns a notice if that failed."""
        if conv is None or not 0 <= turn < len(conv.answers):
            return render.notice_html("Không tìm thấy câu trả lời này.\nThis answer is no longer in the conversation.")
        record = render.feedback_record(conv.id, conv.answers, turn, liked, comment,
                                        datetime.now(timezone.utc).isoformat())
        path = self.settings.feedback_path
        try:
            with self._feedback_lock:
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
        except OSError as exc:
            return render.notice_html(f"Không ghi được góp ý vào {path}: {exc.strerror}.\n"
                                      f"Cannot save the feedback to {path}: {exc.strerror}.")
        return ""

    def export(self, conv: Conversation) -> Any:
        """The conversation as a Markdown file behind the download button (hidden while the chat is empty)."""
        if not conv.answers:
            return gr.update(value=None, visible=False)
        path = self.export_dir / f"tro-chuyen-{conv.id}.md"
        stamp = datetime.now().strftime("%d/%m/%Y %H:%M")
        path.write_text(render.conversation_markdown(conv.answers, stamp), encoding="utf-8")
        return gr.update(value=str(path), visible=True)


def create_app(assistant: Assistant | AssistantSource, settings: Settings, reveal_delay: float = 0.02) -> gr.Blocks:
    """The app's page; ``assistant`` is ready, or a callable that returns it (or raises while it starts)."""
    source = assistant if callable(assistant) else (lambda: assistant)
    tab = ChatTab(source, settings, reveal_delay)
    with gr.Blocks(title="Tra cứu CĐS") as demo:
        with gr.Row(equal_height=True):
            gr.HTML('<div class="cds-header"><h1>Tra cứu CĐS</h1><p>Hỏi đáp về các báo cáo chuyển đổi số '
                    "của các tỉnh. Mỗi câu trả lời dẫn nguồn; bấm vào số [1] để xem đoạn gốc.</p></div>", scale=3)
            status = gr.HTML(elem_id="cds-status", scale=2)
        with gr.Tabs():
            with gr.Tab("Hỏi đáp", id="chat"):
                _chat_tab(tab, demo, status)
            with gr.Tab("Tóm tắt", id="summary"):
                summary_tab(source, settings)
    return demo


def _chat_tab(tab: ChatTab, demo: gr.Blocks, status: gr.HTML) -> None:
    conv = gr.State(None)
    pending_feedback = gr.State(None)
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=480):
            with gr.Row():
                provinces = gr.Dropdown(label="Tỉnh/thành (để trống: tất cả)", multiselect=True, choices=[],
                                        scale=2, elem_id="cds-provinces")
                date_from = gr.Textbox(label="Từ ngày", placeholder="vd. 2023-05-16", scale=1,
                                       min_width=130, elem_id="cds-date-from")
                date_to = gr.Textbox(label="Đến ngày", placeholder="vd. 2025", scale=1,
                                     min_width=130, elem_id="cds-date-to")
            chatbot = gr.Chatbot(label="Trò chuyện", elem_id="cds-chat", height=520, render_markdown=False,
                                 sanitize_html=True, layout="bubble", buttons=[],
                                 placeholder="**Đặt câu hỏi về các báo cáo chuyển đổi số.**<br>"
                                             "Câu trả lời có số trích dẫn [1]; bấm vào số để xem đoạn gốc.",
                                 examples=[{"text": q} for q in EXAMPLES])
            question = gr.Textbox(show_label=False, elem_id="cds-question", submit_btn="Gửi", max_lines=6,
                                  placeholder="Nhập câu hỏi rồi nhấn Enter, ví dụ: Ai đồng chủ trì buổi làm việc "
                                              "ngày 16/5?")
            notice = gr.HTML(elem_id="cds-notice")
            with gr.Row(visible=False, elem_id="cds-feedback") as feedback_row:
                comment = gr.Textbox(show_label=False, scale=4, elem_id="cds-comment",
                                     placeholder="Góp ý thêm về câu trả lời này (không bắt buộc)")
                send_comment = gr.Button("Gửi góp ý", scale=1, size="md")
            with gr.Row():
                new_chat = gr.Button("Cuộc trò chuyện mới", size="md", elem_id="cds-new")
                download = gr.DownloadButton("Tải cuộc trò chuyện (.md)", size="md", visible=False,
                                             elem_id="cds-export")
            with gr.Accordion("Chi tiết truy xuất: câu hỏi đã hiểu, các đoạn tìm được và điểm", open=False,
                              elem_id="cds-trace"):
                trace = gr.HTML(render.trace_html(None))
        with gr.Column(scale=2, min_width=360):
            gr.HTML('<p class="cds-panel-title">Nguồn trích dẫn</p>')
            sources = gr.HTML(render.sources_html(None, 0, {}), elem_id="cds-sources", max_height=400,
                              js_on_load=render.CITE_CLICK_JS)
            with gr.Accordion("Toàn văn bài viết", open=True, elem_id="cds-viewer") as viewer_box:
                viewer = gr.HTML(render.article_html(None), js_on_load=render.SCROLL_TO_MARK_JS)

    view = [chatbot, conv, question, notice, sources, trace, download, feedback_row]
    ask_inputs = [question, conv, provinces, date_from, date_to]
    question.submit(tab.ask, ask_inputs, view, show_progress="hidden")
    chatbot.example_select(_example_text, None, question).then(tab.ask, ask_inputs, view, show_progress="hidden")
    gr.on([new_chat.click, chatbot.clear], tab.new_conversation, None, [*view, viewer])
    sources.click(tab.on_cite, conv, [viewer, viewer_box, notice])
    chatbot.like(tab.on_like, conv, [feedback_row, pending_feedback, notice])
    gr.on([send_comment.click, comment.submit], tab.comment, [conv, pending_feedback, comment],
          [feedback_row, pending_feedback, comment, notice])
    timer = gr.Timer(2.0)
    gr.on([demo.load, timer.tick], tab.status, None, [status, provinces, timer], show_progress="hidden")


def _example_text(evt: gr.SelectData) -> str:
    return evt.value["text"] if isinstance(evt.value, dict) else str(evt.value)


def launch(demo: gr.Blocks, settings: Settings, **overrides: Any) -> Any:
    """Serves ``demo`` offline on the settings' host and port, with basic auth when a user is set."""
    auth = (settings.ui_user, settings.ui_password) if settings.ui_user else None
    theme = gr.themes.Default(primary_hue="blue", neutral_hue="slate", font=SYSTEM_FONTS, font_mono=MONO_FONTS)
    options: dict[str, Any] = dict(server_name=settings.ui_host, server_port=settings.ui_port, auth=auth,
                                   auth_message="Tra cứu CĐS — đăng nhập", share=False, theme=theme,
                                   css=render.STYLESHEET, footer_links=[], run_history=False)
    return demo.queue(default_concurrency_limit=1).launch(**options | overrides)


def main() -> int:
    settings = Settings()
    if bool(settings.ui_user) != bool(settings.ui_password):
        print("Cần đặt cả CDS_UI_USER và CDS_UI_PASSWORD (hoặc bỏ cả hai).\n"
              "Set both CDS_UI_USER and CDS_UI_PASSWORD (or neither).")
        return 2
    print(f"Tra cứu CĐS: http://{settings.ui_host}:{settings.ui_port}", flush=True)
    launch(create_app(FirstStart(settings), settings), settings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
