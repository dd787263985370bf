"""The "Hỏi đáp" tab's handlers: ask (streamed), open a citation, rate and comment, export the conversation.

UI only: every handler calls the assistant API and formats with ``ui.render``; each returns plain values and
gr.update dicts for its outputs, so tests call them without a browser.
"""

from __future__ import annotations

import json
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

import gradio as gr

from assistant.api import Assistant, clean_question
from assistant.dates import search_filters
from assistant.settings import Settings
from assistant.types import Answer
from index.errors import UserFacingError
from index.reorganisation import filter_choices
from ui import render
from ui.files import prune

AssistantSource = Callable[[], Assistant]
NOT_IN_CONVERSATION = "Không tìm thấy câu trả lời này.\nThis answer is no longer in the conversation."
UNEXPECTED = ("Đã xảy ra lỗi ngoài dự kiến khi trả lời; lỗi đã được ghi lại trên máy chủ. Hãy thử lại.\n"
              "An unexpected error occurred while answering; it was logged on the server. Please try again.")


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
    feedback_sent: int = 0  # records written for this conversation (bounded by settings)

    def forget_passages(self) -> None:
        """Only the last answer's retrieved passages are shown (trace panel): earlier ones are let go, so a
        conversation's memory grows by its answers and citations only."""
        for answer in self.answers[:-1]:
            answer.passages = []

    @property
    def questions(self) -> list[str]:
        return [a.question for a in self.answers]


class ChatTab:
    """Handlers of the "Hỏi đáp" tab. Each returns plain values (and gr.update dicts) for its outputs."""

    def __init__(self, source: AssistantSource, settings: Settings, reveal_delay: float = 0.02,
                 export_dir: Path | None = None):
        self.source = source
        self.settings = settings
        self.reveal_delay = reveal_delay
        self.export_dir = export_dir or Path(tempfile.mkdtemp(prefix="cds-export-"))
        self._feedback_lock = threading.Lock()
        self._feedback_times: list[float] = []  # writes in the last minute, all conversations together

    def status(self) -> tuple[str, Any, Any]:
        """Status banner, province choices and whether the start-up timer keeps polling."""
        try:
            articles = self.source().articles()
        except AssistantNotReady as exc:
            return render.status_html(None, exc.message), gr.skip(), gr.skip()
        except UserFacingError as exc:
            return render.notice_html(exc.message), gr.skip(), gr.Timer(active=False)
        provinces = filter_choices(sorted({a.province for a in articles if a.province}))
        model = getattr(self.source().generator, "name", "")
        return render.status_html(articles, model=model), gr.Dropdown(choices=provinces), gr.Timer(active=False)

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
        turn = len(conv.answers)
        try:
            for answer in self._answers(assistant, question, conv, filters):
                if answer.worded_by:  # the model's verified sentences so far
                    content = render.answer_html(answer.text, answer.citations, turn, streaming=True)
                    yield ChatView(shown + [{"role": "assistant", "content": content}], conv, "", "",
                                   *(gr.skip(),) * 4)
        except UserFacingError as exc:
            yield self.view(conv, question, render.notice_html(exc.message))
            return
        except Exception:  # a bug: take the question back out of the chat, then let Gradio report the error
            yield self.view(conv, question, render.notice_html(UNEXPECTED))
            raise
        conv.answers.append(answer)
        conv.forget_passages()
        for partial in [] if answer.worded_by else render.reveal(answer.text):
            content = render.answer_html(partial, answer.citations, turn, answer.refused, streaming=True)
            yield ChatView(shown + [{"role": "assistant", "content": content}], conv, "", "", *(gr.skip(),) * 4)
            time.sleep(self.reveal_delay)
        yield self.view(conv)

    @staticmethod
    def _answers(assistant: Assistant, question: str, conv: Conversation, filters: Any) -> Iterator[Answer]:
        """The answer; with a language model, first its verified sentences as they are written (the last
        Answer is the final one)."""
        if assistant.generator is None:
            yield assistant.ask(question, conv.answers, filters)
        else:
            yield from assistant.ask_stream(question, conv.answers, filters)

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
        position = index[0] if isinstance(index, (list, tuple)) and index else index
        if not isinstance(position, int) or isinstance(position, bool):  # a crafted event, not a click
            return gr.skip(), None, render.notice_html(NOT_IN_CONVERSATION)
        turn = position // 2
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
        """Appends one JSON line to the feedback file (under the data dir); returns a notice if that failed or a
        limit (comment length, records per conversation) refused it."""
        if conv is None or not 0 <= turn < len(conv.answers):
            return render.notice_html(NOT_IN_CONVERSATION)
        limit = self.settings.feedback_comment_chars
        if comment is not None and len(comment) > limit:
            return render.notice_html(f"Góp ý quá dài ({len(comment)} ký tự; tối đa {limit}).\n"
                                      f"The comment is too long ({len(comment)} characters; at most {limit}).")
        now = time.monotonic()
        self._feedback_times = [t for t in self._feedback_times if now - t < 60]
        if len(self._feedback_times) >= self.settings.feedback_per_minute:
            return render.notice_html("Hệ thống đang nhận quá nhiều góp ý; vui lòng thử lại sau một phút.\n"
                                      "Too much feedback right now; please try again in a minute.")
        if conv.feedback_sent >= self.settings.feedback_per_conversation:
            return render.notice_html("Cuộc trò chuyện này đã gửi đủ số góp ý cho phép.\n"
                                      "This conversation has sent as much feedback as allowed.")
        conv.feedback_sent += 1
        self._feedback_times.append(now)
        record = render.feedback_record(conv.id, conv.answers, turn, liked, comment,
                                        datetime.now(timezone.utc).isoformat())
        path = self.settings.feedback_file
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
        prune(self.export_dir)
        path = self.export_dir / f"tro-chuyen-{conv.id}.md"
        stamp = datetime.now().strftime("%d/%m/%Y %H:%M")
        path.write_text(render.conversation_markdown(conv.answers, stamp), encoding="utf-8")
        return gr.update(value=str(path), visible=True)
