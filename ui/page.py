"""The app's page: the chat tab, the summary tab, the library tab, the status banner, and the first start that
builds the index.

``ui.page.main`` is what ``python app.py`` runs: it serves on ``settings.ui_host:ui_port``; with no index it
builds one in the background (progress on the console, a notice in the page) and the page opens at once.
"""

from __future__ import annotations

import threading
import time
import traceback
from typing import Any

import gradio as gr

from assistant.api import Assistant, build, index_ready
from assistant.settings import Settings
from index.errors import UserFacingError
from ui import render
from ui.access import LoginThrottle, exposure_warning
from ui.chat_tab import AssistantNotReady, AssistantSource, ChatTab
from ui.files import work_dir
from ui.library_tab import LibraryTab, library_tab
from ui.summary_tab import summary_tab

SYSTEM_FONTS = ("Segoe UI", "Roboto", "Noto Sans", "Helvetica Neue", "Arial", "Liberation Sans", "sans-serif")
MONO_FONTS = ("Consolas", "DejaVu Sans Mono", "monospace")
CACHE_SECONDS = 3600  # Gradio's cached files older than this are deleted, checked as often
EXAMPLES = ("Ai đồng chủ trì buổi làm việc ngày 16/5?",
            "Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?",
            "Kết quả 6 tháng đầu năm 2023 về chuyển đổi số của Thanh Hóa?",
            "Thanh Hóa hoàn thiện thể chế cho chuyển đổi số như thế nào?")


def following(assistant: Assistant, lock: threading.Lock) -> Assistant:
    """The assistant over the generation ``CURRENT`` names now: after a rebuild the app answers from the new
    index at once (and consistently from the old one until the switch); if the new one cannot be opened, the
    old one keeps serving and the console says why."""
    with lock:
        try:
            return assistant.refreshed()
        except UserFacingError as exc:
            print(exc.message, flush=True)
            return assistant


class Following:
    """A ready assistant that follows rebuilds (see ``following``)."""

    def __init__(self, assistant: Assistant):
        self.assistant = assistant
        self._lock = threading.Lock()

    def __call__(self) -> Assistant:
        self.assistant = following(self.assistant, self._lock)
        return self.assistant


class FirstStart:
    """Loads the assistant in a background thread, building the index first if there is none."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.building = not index_ready(settings)
        self.started = time.monotonic()
        self.assistant: Assistant | None = None
        self.error: UserFacingError | None = None
        self._lock = threading.Lock()
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
            self.assistant = following(self.assistant, self._lock)
            return self.assistant
        if self.error is not None:
            raise self.error
        seconds = int(time.monotonic() - self.started)
        if self.building:
            raise AssistantNotReady(f"Đang lập chỉ mục lần đầu ({seconds} giây)… Vui lòng chờ rồi hỏi lại.",
                                    f"Building the index for the first time ({seconds} s)… Please wait.")
        raise AssistantNotReady("Đang khởi động trợ lý… Vui lòng chờ giây lát.", "The assistant is starting…")


def create_app(assistant: Assistant | AssistantSource, settings: Settings, reveal_delay: float = 0.02) -> gr.Blocks:
    """The app's page; ``assistant`` is ready, or a callable that returns it (or raises while it starts)."""
    source = assistant if callable(assistant) and not isinstance(assistant, Assistant) else Following(assistant)
    exports = work_dir() / "exports"
    tab = ChatTab(source, settings, reveal_delay, exports)
    library = LibraryTab(source, exports)
    with gr.Blocks(title="Tra cứu CĐS", delete_cache=(CACHE_SECONDS, CACHE_SECONDS)) as demo:
        if warning := exposure_warning(settings):
            gr.HTML(render.notice_html(warning), elem_id="cds-exposed")
        with gr.Row(equal_height=True):
            gr.HTML('<div class="cds-header"><h1>Tra cứu CĐS</h1><p>Hỏi đáp về các báo cáo chuyển đổi số '
                    "của các tỉnh. Mỗi câu trả lời dẫn nguồn; bấm vào số [1] để xem đoạn gốc.</p></div>", scale=3)
            status = gr.HTML(elem_id="cds-status", scale=2)
        with gr.Tabs():
            with gr.Tab("Hỏi đáp", id="chat"):
                _chat_tab(tab, demo, status, library)
            with gr.Tab("Tóm tắt", id="summary"):
                summary_tab(source, settings, exports)
            with gr.Tab("Thư viện", id="library"):
                library_tab(library, demo)
    return demo


def _chat_tab(tab: ChatTab, demo: gr.Blocks, status: gr.HTML, library: LibraryTab) -> None:
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
                original = gr.DownloadButton("Tải tệp gốc", size="sm", visible=False, elem_id="cds-original")

    view = [chatbot, conv, question, notice, sources, trace, download, feedback_row]
    ask_inputs = [question, conv, provinces, date_from, date_to]
    question.submit(tab.ask, ask_inputs, view, show_progress="hidden")
    chatbot.example_select(_example_text, None, question).then(tab.ask, ask_inputs, view, show_progress="hidden")
    gr.on([new_chat.click, chatbot.clear], tab.new_conversation, None, [*view, viewer])
    sources.click(tab.on_cite, conv, [viewer, viewer_box, notice])
    sources.click(library.original_for_cite, conv, original, show_progress="hidden")
    chatbot.like(tab.on_like, conv, [feedback_row, pending_feedback, notice])
    gr.on([send_comment.click, comment.submit], tab.comment, [conv, pending_feedback, comment],
          [feedback_row, pending_feedback, comment, notice])
    timer = gr.Timer(2.0)
    gr.on([demo.load, timer.tick], tab.status, None, [status, provinces, timer], show_progress="hidden")


def _example_text(evt: gr.SelectData) -> str:
    return evt.value["text"] if isinstance(evt.value, dict) else str(evt.value)


def launch_options(settings: Settings) -> dict[str, Any]:
    """How the page is served: offline, on the settings' host and port, Gradio's login form (throttled) when a
    user is set, and uploads (the library tab's) bounded by ``upload_max_bytes`` before Gradio stores them."""
    auth = LoginThrottle(settings.ui_user, settings.ui_password or "") if settings.ui_user else None
    theme = gr.themes.Default(primary_hue="blue", neutral_hue="slate", font=SYSTEM_FONTS, font_mono=MONO_FONTS)
    return dict(server_name=settings.ui_host, server_port=settings.ui_port, auth=auth,
                auth_message="Tra cứu CĐS — đăng nhập", share=False, theme=theme, css=render.STYLESHEET,
                footer_links=[], run_history=False, max_file_size=settings.upload_max_bytes)


def launch(demo: gr.Blocks, settings: Settings, **overrides: Any) -> Any:
    """Serves ``demo`` (see ``launch_options``)."""
    return demo.queue(default_concurrency_limit=settings.ui_workers).launch(**launch_options(settings) | overrides)


def main() -> int:
    settings = Settings()
    if bool(settings.ui_user) != bool(settings.ui_password):
        print("Cần đặt cả CDS_UI_USER và CDS_UI_PASSWORD (hoặc bỏ cả hai).\n"
              "Set both CDS_UI_USER and CDS_UI_PASSWORD (or neither).")
        return 2
    print(f"Tra cứu CĐS: http://{settings.ui_host}:{settings.ui_port}", flush=True)
    if warning := exposure_warning(settings):
        print(f"\n{'!' * 80}\n{warning}\n{'!' * 80}\n", flush=True)
    launch(create_app(FirstStart(settings), settings), settings)
    return 0
