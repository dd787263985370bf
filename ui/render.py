"""Answers and articles as safe HTML for the app and as Markdown for the export: pure functions of text.

Everything that comes from a person or an article is escaped here before any markup of ours is added:
Gradio's Chatbot and gr.HTML render HTML, so an unescaped question could inject elements into the page.
A citation is addressed by a fragment link ``#cite-<turn>-<number>``; the app's click handler reads it back.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from assistant.dates import display_date
from assistant.markdown import markdown_lines, markdown_text
from assistant.types import Answer, Citation, Passage
from index.types import Article

STATIC = Path(__file__).with_name("static")

CITE_FRAGMENT = "#cite-"
_MARKERS = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_BOUNDARY = re.compile(r"[.!?…]+[\"”’)]*\s+|\n+")
_SENTENCE_END = re.compile(r"(?:[.!?…]+[\"”’)]*|\n)\s*$")


def text_html(text: str) -> str:
    """Plain text as HTML that shows literally, line breaks kept."""
    return html.escape(text).replace("\n", "<br>")


def cite_href(turn: int, number: int) -> str:
    return f"{CITE_FRAGMENT}{turn}-{number}"


def parse_cite_href(href: str) -> tuple[int, int] | None:
    """(turn, citation number) of a link made by :func:`cite_href`, or None."""
    match = re.fullmatch(re.escape(CITE_FRAGMENT) + r"(\d+)-(\d+)", href)
    return (int(match.group(1)), int(match.group(2))) if match else None


def source_line(title: str, date: str | None, province: str | None) -> str:
    return " · ".join(part for part in (title, display_date(date), province) if part)


def answer_html(text: str, citations: Sequence[Citation], turn: int, refused: bool = False,
                streaming: bool = False, mode: str = "") -> str:
    """The answer text, escaped, with each known marker ``[n]`` turned into a link to its citation; ``mode``
    (with a language model configured) says under it who worded it and any notice."""
    known = {c.number: c for c in citations}

    def link(number: str) -> str:
        cite = known.get(int(number))
        if cite is None:
            return f"[{number}]"
        title = html.escape(source_line(cite.title, cite.date, cite.province), quote=True)
        return f'<a class="cds-cite" href="{cite_href(turn, cite.number)}" title="{title}">[{number}]</a>'

    def markers(match: re.Match[str]) -> str:
        return "".join(link(n) for n in re.findall(r"\d+", match.group(1)))

    body = _MARKERS.sub(markers, text_html(text))
    classes = "cds-answer" + " cds-refused" * refused + " cds-streaming" * streaming
    footer = f'<div class="cds-mode">{text_html(mode)}</div>' if mode else ""
    return f'<div class="{classes}">{body}{footer}</div>'


def mode_line(answer: Answer) -> str:
    """Under an answer when a language model is configured: "diễn đạt bởi mô hình <name>", or "trích nguyên
    văn" and why the model's wording is not shown; nothing for answers that never go to the model."""
    if answer.worded_by:
        return f"Diễn đạt bởi mô hình {answer.worded_by}; mỗi câu đã đối chiếu với nguồn được dẫn."
    return f"Trích nguyên văn. {answer.notice}" if answer.notice else ""


def pending_html(message: str) -> str:
    return f'<div class="cds-answer cds-pending"><span class="cds-spinner"></span>{html.escape(message)}</div>'


def chat_messages(answers: Sequence[Answer]) -> list[dict[str, str]]:
    """The Chatbot's messages (Gradio 6 format: role/content dicts), two per answered question."""
    messages: list[dict[str, str]] = []
    for turn, answer in enumerate(answers):
        messages.append({"role": "user", "content": text_html(answer.question)})
        messages.append({"role": "assistant", "content": answer_html(answer.text, answer.citations, turn,
                                                                     answer.refused, mode=mode_line(answer))})
    return messages


def reveal(text: str, steps: int = 24, shortest: int = 240) -> Iterator[str]:
    """Growing prefixes of ``text`` cut at spaces, ending with the whole text; short texts come at once."""
    if len(text) > shortest:
        stride = max(1, len(text) // steps)
        cut = stride
        while cut < len(text):
            space = text.find(" ", cut)
            if space < 0:
                break
            yield text[:space]
            cut = space + stride
    yield text


def context_span(text: str, start: int, end: int, sentences: int = 1, limit: int = 320) -> tuple[int, int]:
    """Bounds of the sentence(s) holding ``text[start:end]`` plus ``sentences`` more on each side."""
    floor = max(0, start - limit)
    cuts = [m.end() for m in _BOUNDARY.finditer(text, floor, start)]
    lo = cuts[-(sentences + 1)] if len(cuts) > sentences else floor
    ceiling = min(len(text), end + limit)
    ends = [m.start() + len(m.group().rstrip()) for m in _BOUNDARY.finditer(text, end, ceiling)]
    hi = ends[sentences] if len(ends) > sentences else ceiling
    return lo, max(hi, end)


def marked_html(text: str, start: int, end: int, lo: int = 0, hi: int | None = None, mark_id: str = "") -> str:
    """``text[lo:hi]`` escaped, with ``text[start:end]`` inside <mark>; ellipses where it was cut."""
    hi = len(text) if hi is None else hi
    ident = f' id="{mark_id}"' if mark_id else ""
    before = ("…" if lo > 0 and not _SENTENCE_END.search(text[:lo]) else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) and not _SENTENCE_END.search(text[:hi]) else "")
    return (f'{text_html(before)}<mark class="cds-quote"{ident}>{text_html(text[start:end])}</mark>'
            f"{text_html(after)}")


def sources_html(answer: Answer | None, turn: int, articles: Mapping[str, Article]) -> str:
    """The cited articles of one answer: title, date, province, and the quote highlighted in its context."""
    if answer is None:
        return '<p class="cds-empty">Nguồn trích dẫn sẽ hiện ở đây sau khi bạn đặt câu hỏi.</p>'
    if not answer.citations:
        return '<p class="cds-empty">Câu trả lời này không trích dẫn nguồn nào.</p>'
    cards = [_source_card(c, turn, articles.get(c.article_id)) for c in answer.citations]
    return f'<div class="cds-sources">{"".join(cards)}</div>'


def _source_card(cite: Citation, turn: int, article: Article | None) -> str:
    if article is not None and article.text[cite.start:cite.end]:
        lo, hi = context_span(article.text, cite.start, cite.end)
        context = marked_html(article.text, cite.start, cite.end, lo, hi)
    else:
        context = f'<mark class="cds-quote">{text_html(cite.quote)}</mark>'
    meta = html.escape(" · ".join(p for p in (display_date(cite.date), cite.province) if p))
    return (f'<a class="cds-source" href="{cite_href(turn, cite.number)}">'
            f'<span class="cds-num">{cite.number}</span>'
            f'<span class="cds-title">{html.escape(cite.title)}</span>'
            f'<span class="cds-meta">{meta}</span>'
            f'<span class="cds-context">{context}</span>'
            f'<span class="cds-open">Xem đoạn này trong bài viết →</span></a>')


def article_html(article: Article | None, start: int = 0, end: int = 0) -> str:
    """The whole article, escaped, the cited span marked (id ``cds-focus``) so it can be scrolled into view."""
    if article is None:
        return ('<p class="cds-empty">Bấm vào số trích dẫn, ví dụ [1], hoặc vào một nguồn để đọc '
                "toàn văn bài viết tại đoạn được trích.</p>")
    meta = [display_date(article.date), article.province, article.author and f"Tác giả: {article.author}",
            f"Mã tệp: {article.id}"]
    body = marked_html(article.text, start, end, mark_id="cds-focus") if end > start else text_html(article.text)
    return (f'<article class="cds-article"><h3>{html.escape(article.title)}</h3>'
            f'<p class="cds-meta">{html.escape(" · ".join(p for p in meta if p))}</p>'
            f'<div class="cds-article-text">{body}</div></article>')


def trace_html(answer: Answer | None) -> str:
    """How the answer was found: the question as understood, the passages with their scores, the steps."""
    if answer is None:
        return '<p class="cds-empty">Chưa có câu hỏi nào.</p>'
    rows = "".join(_passage_row(rank, p) for rank, p in enumerate(answer.passages, 1))
    steps = "".join(f"<li>{html.escape(step)}</li>" for step in answer.trace)
    return (f'<div class="cds-trace"><p><b>Câu hỏi đã hiểu:</b> '
            f"{text_html(answer.resolved_question or answer.question)}</p>"
            '<table><thead><tr><th>#</th><th>Điểm</th><th>Từ khóa</th><th>Ngữ nghĩa</th><th>Đoạn văn</th>'
            f"</tr></thead><tbody>{rows}</tbody></table>"
            f'{f"<ul>{steps}</ul>" if steps else ""}</div>')


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.4f}"


def _passage_row(rank: int, p: Passage) -> str:
    snippet = p.text if len(p.text) <= 400 else p.text[:400] + "…"
    return (f"<tr><td>{rank}</td><td>{_score(p.score)}</td><td>{_score(p.keyword_score)}</td>"
            f"<td>{_score(p.dense_score)}</td><td><b>{html.escape(source_line(p.title, p.date, p.province))}"
            f"</b> <code>{html.escape(p.chunk_id)}</code><br>{text_html(snippet)}</td></tr>")


def conversation_markdown(answers: Sequence[Answer], exported_at: str) -> str:
    """The conversation as Markdown: each question, its answer, and a numbered list of its references."""
    lines = ["# Tra cứu CĐS — cuộc trò chuyện", "", f"Xuất lúc: {exported_at}", ""]
    for turn, answer in enumerate(answers, 1):
        lines += [f"## Câu hỏi {turn}", "", markdown_lines(answer.question), "", "**Trả lời:**", "",
                  markdown_lines(answer.text), ""]
        if answer.citations:
            lines += ["**Tài liệu tham khảo:**", ""]
            lines += [_reference_markdown(c) for c in answer.citations]
            lines.append("")
    return "\n".join(lines)


def _reference_markdown(cite: Citation) -> str:
    quote = markdown_text(cite.quote).replace("\n", "\n   > ")
    meta = " — ".join(p for p in (display_date(cite.date), cite.province) if p)
    return f"{cite.number}. {markdown_text(cite.title)} — {meta} — mã tệp `{cite.article_id}`\n   > “{quote}”"


def notice_html(message: str, ok: bool = False) -> str:
    """A message for the person (Vietnamese line first, English second); empty text clears it."""
    if not message:
        return ""
    return f'<div class="cds-notice{" cds-ok" if ok else ""}" role="alert">{text_html(message)}</div>'


def status_html(articles: Sequence[Article] | None, busy: str = "", model: str = "") -> str:
    """The banner: what is indexed and which mode answers (``model``: the language model's name, if any), or
    what the app is busy with on first start."""
    if articles is None:
        spinner = '<span class="cds-spinner"></span>'
        return f'<div class="cds-status cds-busy" role="status">{spinner}{text_html(busy)}</div>'
    provinces = ", ".join(sorted({a.province for a in articles if a.province})) or "không rõ tỉnh"
    years = sorted({a.date[:4] for a in articles if a.date})
    span = f", {years[0]}–{years[-1]}" if years else ""
    mode = f"diễn đạt bởi mô hình {model}, từng câu đối chiếu với nguồn" if model else "trích nguyên văn"
    return (f'<div class="cds-status">Đã sẵn sàng: {len(articles)} bài viết của {html.escape(provinces)}{span}. '
            f"Câu trả lời: {html.escape(mode)}.</div>")


def feedback_record(conversation_id: str, answers: Sequence[Answer], turn: int, liked: bool | None,
                    comment: str | None, timestamp: str) -> dict[str, object]:
    """One line of the feedback file; lines with the same ``feedback_id`` are one rating, the last one wins."""
    answer = answers[turn]
    return {"feedback_id": f"{conversation_id}-{turn}", "timestamp": timestamp, "conversation_id": conversation_id,
            "turn": turn, "question": answer.question, "history": [a.question for a in answers[:turn]],
            "answer": answer.text, "citations": [c.article_id for c in answer.citations], "liked": liked,
            "comment": comment}


def static_text(name: str) -> str:
    """A file of ``ui/static`` (the page's stylesheet and scripts)."""
    return (STATIC / name).read_text(encoding="utf-8")


STYLESHEET = static_text("style.css")
CITE_CLICK_JS = static_text("cite_click.js")
SCROLL_TO_MARK_JS = static_text("scroll_to_mark.js")
