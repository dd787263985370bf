"""The app's handlers driven through the assistant API on the fast fake index (no browser)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.dates import search_filters
from ui import render
from ui.chat_tab import AssistantNotReady, ChatTab, ChatView, Conversation
from assistant.types import Answer, Citation
from index.errors import IndexMissing
from index.types import Article, SearchFilters
from tests.conftest import make_settings

QUESTION = "Ai đồng chủ trì buổi làm việc ngày 16/5?"
ARTICLE_16_5 = "thanhhoa-2025-05-16-bo-cong-an-nq57"
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def settings(tmp_path: Path):
    return make_settings(tmp_path, feedback_path=tmp_path / "feedback" / "feedback.jsonl")


@pytest.fixture
def tab(fake_assistant, settings) -> ChatTab:
    return ChatTab(lambda: fake_assistant, settings, reveal_delay=0)


def ask(tab: ChatTab, question: str, conv: Conversation | None = None, provinces: list[str] | None = None,
        date_from: str = "", date_to: str = "") -> list[ChatView]:
    return list(tab.ask(question, conv, provinces or [], date_from, date_to))


def test_a_question_gets_an_answer_with_linked_markers_and_its_sources(tab):
    views = ask(tab, QUESTION)
    first, final = views[0], views[-1]
    assert first.chat[-2]["content"] == render.text_html(QUESTION)
    assert "Đang tìm" in first.chat[-1]["content"] and first.question == ""
    answer = final.conversation.answers[-1]
    assert answer.citations and any(c.article_id == ARTICLE_16_5 for c in answer.citations)
    bubble = final.chat[-1]["content"]
    assert f'href="{render.cite_href(0, answer.citations[0].number)}"' in bubble
    assert f"[{answer.citations[0].number}]" in bubble
    title = next(c.title for c in answer.citations if c.article_id == ARTICLE_16_5)
    assert title in final.sources and "16/05/2025" in final.sources and "Thanh Hóa" in final.sources
    assert '<mark class="cds-quote">' in final.sources
    assert "Câu hỏi đã hiểu" in final.trace and f"{answer.passages[0].score:.4f}" in final.trace


def test_a_long_answer_appears_progressively(fake_assistant, settings):
    long_text = " ".join(["Tỉnh đã triển khai nhiều nhiệm vụ chuyển đổi số [1]."] * 40)

    class LongAnswers:
        def __getattr__(self, name):
            return getattr(fake_assistant, name)

        def ask(self, question, history=None, filters=None):
            return replace(fake_assistant.ask(question, history, filters), text=long_text)

    views = ask(ChatTab(lambda: LongAnswers(), settings, reveal_delay=0), QUESTION)
    shown = [v.chat[-1]["content"] for v in views[1:]]
    assert len(shown) > 5 and all("cds-streaming" in html for html in shown[:-1])
    assert all(len(a) < len(b) for a, b in zip(shown, shown[1:-1]))
    answer = views[-1].conversation.answers[-1]
    assert shown[-1] == render.answer_html(long_text, answer.citations, 0, answer.refused)


def test_reveal_yields_growing_prefixes_that_end_with_the_whole_text():
    text = "một hai ba bốn năm sáu bảy tám chín mười " * 30
    steps = list(render.reveal(text))
    assert len(steps) > 10 and steps[-1] == text
    assert all(text.startswith(s) for s in steps)
    assert list(render.reveal("ngắn")) == ["ngắn"]


def test_a_follow_up_passes_the_earlier_answers_as_history(tab, fake_assistant, monkeypatch):
    calls: list[list] = []
    real_ask = fake_assistant.ask

    def spy(question, history=None, filters=None):
        calls.append(list(history or []))
        return real_ask(question, history, filters)

    monkeypatch.setattr(fake_assistant, "ask", spy)
    conv = ask(tab, QUESTION)[-1].conversation
    final = ask(tab, "Buổi làm việc đó bàn về những nội dung gì?", conv)[-1]
    assert calls == [[], [conv.answers[0]]]  # the answers themselves: the history is not answered again
    assert len(final.chat) == 4 and final.chat[2]["content"].startswith("Buổi làm việc đó")
    assert render.cite_href(1, 1) in final.chat[3]["content"] or not final.conversation.answers[1].citations


def test_new_conversation_clears_chat_sources_viewer_and_export(tab):
    ask(tab, QUESTION)
    chat, conv, question, notice, sources, trace, export, _, viewer = tab.new_conversation()
    assert chat == [] and conv.answers == [] and question == "" and notice == ""
    assert "sau khi bạn đặt câu hỏi" in sources and "Chưa có câu hỏi" in trace
    assert export["visible"] is False and "Bấm vào số trích dẫn" in viewer


@pytest.mark.parametrize("question, vietnamese, english", [
    ("   ", "Vui lòng nhập câu hỏi", "Please type a question"),
    ("Chuyển đổi số? " * 200, "Câu hỏi quá dài", "The question is too long"),
])
def test_empty_and_over_long_questions_get_a_clear_message(tab, question, vietnamese, english):
    views = ask(tab, question)
    assert len(views) == 1
    notice = views[0].notice
    assert vietnamese in notice and english in notice and notice.index(vietnamese) < notice.index(english)
    assert views[0].chat == [] and views[0].question == question


def test_a_missing_index_is_a_message_not_a_traceback(settings):
    def missing():
        raise IndexMissing(str(settings.data_dir))

    view = ask(ChatTab(missing, settings, reveal_delay=0), QUESTION)[-1]
    assert "Chưa có chỉ mục" in view.notice and "python -m assistant build" in view.notice
    assert view.question == QUESTION


def test_while_the_index_builds_the_banner_says_so(settings):
    def building():
        raise AssistantNotReady("Đang lập chỉ mục lần đầu (3 giây)…", "Building the index (3 s)…")

    tab = ChatTab(building, settings)
    banner, _, timer = tab.status()
    assert "Đang lập chỉ mục lần đầu" in banner and "cds-busy" in banner
    assert timer == {"__type__": "update"}  # the timer keeps polling
    assert "Đang lập chỉ mục lần đầu" in ask(tab, QUESTION)[-1].notice


def test_status_lists_the_indexed_articles_and_fills_the_province_filter(tab):
    banner, provinces, timer = tab.status()
    assert "5 bài viết" in banner and "2023–2025" in banner
    assert [choice[0] for choice in provinces.choices] == ["Bình Định (nay thuộc Gia Lai)", "Gia Lai", "Thanh Hóa"]
    assert timer.active is False


@pytest.mark.parametrize("choice, provinces", [
    ("Gia Lai", ("Gia Lai", "Bình Định")),  # the 2025 province: its former provinces' reports
    ("Bình Định (nay thuộc Gia Lai)", ("Bình Định",)), ("binh dinh", ("Bình Định",)), ("Thanh Hóa", ("Thanh Hóa",)),
])
def test_both_forms_of_a_merged_province_filter_the_right_reports(choice, provinces):
    assert search_filters([choice], "", "").provinces == provinces


@pytest.mark.parametrize("date_from, date_to, expected", [
    ("2025", "", (20250101, None)),
    ("2023-10", "2025-05-16", (20231001, 20250516)),
    ("", "16/05/2025", (None, 20250516)),
    ("05/2023", "2023", (20230501, 20231231)),
    ("2024-02", "2024-02", (20240201, 20240229)),
])
def test_date_boxes_accept_years_months_and_days(date_from, date_to, expected):
    filters = search_filters(["Thanh Hóa"], date_from, date_to)
    assert filters == SearchFilters(("Thanh Hóa",), *expected)


def test_no_filter_set_means_no_filters():
    assert search_filters([], " ", "") is None


@pytest.mark.parametrize("date_from, date_to, vietnamese", [
    ("2023-13-01", "", "không hợp lệ"),
    ("", "31/02/2024", "không hợp lệ"),
    ("hôm qua", "", "không hợp lệ"),
    ("2025", "2023", "đang sau"),
])
def test_invalid_dates_get_a_clear_message_and_no_answer(tab, date_from, date_to, vietnamese):
    views = ask(tab, QUESTION, date_from=date_from, date_to=date_to)
    assert len(views) == 1 and vietnamese in views[0].notice and views[0].chat == []


def test_the_province_filter_reaches_the_search(tab):
    answer = ask(tab, "Kết quả triển khai Đề án 06?", provinces=["Bình Định"])[-1].conversation.answers[-1]
    assert answer.passages and {p.province for p in answer.passages} == {"Bình Định"}


def test_a_click_on_a_citation_opens_the_article_at_the_passage(tab, fake_assistant):
    conv = ask(tab, QUESTION)[-1].conversation
    cite = conv.answers[0].citations[0]
    viewer, accordion, notice = tab.open_citation(conv, 0, cite.number)
    article = fake_assistant.article(cite.article_id)
    assert f"<h3>{render.text_html(article.title)}</h3>" in viewer
    assert f'<mark class="cds-quote" id="cds-focus">{render.text_html(article.text[cite.start:cite.end])}' in viewer
    assert accordion.open is True and notice == ""
    assert "không còn" in tab.open_citation(conv, 5, 1)[2]


def test_feedback_is_appended_as_json_lines(tab, settings):
    conv = ask(tab, QUESTION)[-1].conversation
    conv = ask(tab, "Buổi làm việc có những ai?", conv)[-1].conversation
    row, pending, notice = tab.rate(conv, 3, True)
    assert row["visible"] is True and pending == (1, True) and "Cảm ơn" in notice
    row, pending, comment, notice = tab.comment(conv, pending, "  Thiếu tên đại biểu.  ")
    assert row["visible"] is False and pending is None and comment == "" and "Đã ghi nhận" in notice
    tab.rate(conv, 1, False)
    lines = [json.loads(line) for line in settings.feedback_path.read_text(encoding="utf-8").splitlines()]
    assert [(r["turn"], r["liked"], r["comment"]) for r in lines] == [
        (1, True, None), (1, True, "Thiếu tên đại biểu."), (0, False, None)]
    second = lines[1]
    assert second["feedback_id"] == lines[0]["feedback_id"] != lines[2]["feedback_id"]
    assert second["question"] == conv.answers[1].question and second["history"] == [conv.answers[0].question]
    assert second["answer"] == conv.answers[1].text
    assert second["citations"] == [c.article_id for c in conv.answers[1].citations]
    assert {"timestamp", "conversation_id"} <= second.keys()


def test_a_thumb_clicked_off_is_recorded_as_no_rating_and_an_empty_comment_is_refused(tab, settings):
    conv = ask(tab, QUESTION)[-1].conversation
    row, pending, _ = tab.rate(conv, 1, "")
    assert row["visible"] is False and pending == (0, None)
    assert json.loads(settings.feedback_path.read_text(encoding="utf-8"))["liked"] is None
    assert "Vui lòng nhập góp ý" in tab.comment(conv, (0, True), "  ")[3]


def test_the_conversation_exports_as_markdown_with_its_references(tab):
    final = ask(tab, QUESTION)[-1]
    answer = final.conversation.answers[0]
    assert final.export["visible"] is True
    text = Path(final.export["value"]).read_text(encoding="utf-8")
    assert "## Câu hỏi 1" in text and QUESTION in text
    assert render.markdown_lines(answer.text) in text and "**Tài liệu tham khảo:**" in text
    for c in answer.citations:
        assert f"{c.number}. {render.markdown_text(c.title)} — {render.display_date(c.date)}" in text
        assert f"`{c.article_id}`" in text and render.markdown_text(c.quote)[:60] in text


def test_a_question_with_markup_is_escaped_in_the_chat_trace_and_export(tab):
    final = ask(tab, XSS)[-1]
    assert final.chat[0]["content"] == "&lt;img src=x onerror=alert(1)&gt;"
    outputs = [m["content"] for m in final.chat] + [final.sources, final.trace]
    assert all("<img" not in html for html in outputs)
    exported = Path(final.export["value"]).read_text(encoding="utf-8")
    assert "\\<img src=x onerror=alert(1)\\>" in exported and "<img" not in exported.replace("\\<img", "")


def test_article_text_with_markup_is_escaped_in_sources_viewer_and_answer():
    text = f"Mở đầu. Câu có {XSS} ở đây. <script>alert(2)</script> Kết thúc."
    article = Article("bai-xss", f"Tiêu đề {XSS}", text, "2024-05-01", "Thanh Hóa", "<b>Tác giả</b>", "x.txt", "0")
    start = text.index("Câu có")
    cite = Citation(1, article.id, article.title, article.date, article.province, text[start:start + 30],
                    start, start + 30)
    answer = Answer(XSS, f"Trả lời {XSS} [1] [7]", False, [cite], [], f"{XSS}?", [f"bước {XSS}"])
    rendered = [render.answer_html(answer.text, answer.citations, 0),
                render.sources_html(answer, 0, {article.id: article}),
                render.article_html(article, cite.start, cite.end), render.trace_html(answer),
                *(m["content"] for m in render.chat_messages([answer]))]
    for html in rendered:
        assert "<img" not in html and "<script" not in html and "<b>Tác giả" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered[2] and "[7]" in rendered[0]
    exported = render.conversation_markdown([answer], "hôm nay")
    assert "<img" not in exported.replace("\\<img", "") and "<script" not in exported.replace("\\<script", "")


def test_an_unexpected_error_takes_the_question_back_and_is_still_raised(fake_assistant, settings):
    class Broken:
        def __getattr__(self, name):
            return getattr(fake_assistant, name)

        def ask(self, question, history=None, filters=None):
            raise RuntimeError("bug in the answerer")

    views = ChatTab(lambda: Broken(), settings, reveal_delay=0).ask(QUESTION, None, [], "", "")
    assert "Đang tìm" in next(views).chat[-1]["content"]
    restored = next(views)
    assert restored.chat == [] and restored.question == QUESTION and "lỗi ngoài dự kiến" in restored.notice
    with pytest.raises(RuntimeError):
        next(views)


@pytest.mark.parametrize("index", ["1", 1.5, None, [], ["x"], True])
def test_a_crafted_like_event_is_a_notice_not_an_error(tab, index):
    conv = ask(tab, QUESTION)[-1].conversation
    row, pending, notice = tab.rate(conv, index, True)
    assert pending is None and "This answer is no longer in the conversation" in notice


def test_feedback_is_bounded_in_length_and_count_and_lives_in_the_data_dir(fake_assistant, tmp_path):
    settings = make_settings(tmp_path, feedback_comment_chars=50, feedback_per_conversation=3)
    assert settings.feedback_file == settings.data_dir / "feedback.jsonl"
    limited = ChatTab(lambda: fake_assistant, settings, reveal_delay=0)
    conv = ask(limited, QUESTION)[-1].conversation
    _, _, _, notice = limited.comment(conv, (0, False), "x" * 51)
    assert "tối đa 50" in notice and not settings.feedback_file.exists()
    for _ in range(3):
        limited.rate(conv, 1, True)
    _, _, notice = limited.rate(conv, 1, False)
    assert "đủ số góp ý" in notice
    assert len(settings.feedback_file.read_text(encoding="utf-8").splitlines()) == 3


def test_the_app_answers_from_a_rebuilt_index_without_a_restart(tmp_path, corpus_copy):
    from assistant.api import Assistant, build
    from tests.fakes import HashEmbedder
    from ui.page import Following

    settings = make_settings(tmp_path, corpus=corpus_copy)
    embedder = HashEmbedder()
    build(settings, embedder=embedder, progress=False)
    tab = ChatTab(Following(Assistant.from_settings(settings, embedder=embedder)), settings, reveal_delay=0)
    (corpus_copy / "nghean-2025-06-01-tin-moi.txt").write_text(
        "Nghệ An lắp camera\nNghệ An đã lắp đặt 345 camera giám sát thông minh.", encoding="utf-8")
    build(settings, embedder=embedder, progress=False)
    final = ask(tab, "Nghệ An đã lắp bao nhiêu camera giám sát?", provinces=["Nghệ An"])[-1]
    assert not final.notice and "345" in final.chat[-1]["content"]


def test_only_the_last_answer_keeps_its_passages(tab):
    conv = ask(tab, QUESTION)[-1].conversation
    conv = ask(tab, "Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?", conv)[-1].conversation
    assert conv.answers[0].passages == [] and conv.answers[-1].passages
    assert conv.answers[0].citations  # what the chat and the export show stays


def test_questions_answered_at_once_get_the_answers_they_get_one_by_one(fake_assistant):
    from concurrent.futures import ThreadPoolExecutor

    questions = [QUESTION, "Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?",
                 "Thanh Hóa hoàn thiện thể chế cho chuyển đổi số như thế nào?", "Nghị quyết 57 là gì?"] * 3
    alone = [fake_assistant.ask(q).text for q in questions]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda q: fake_assistant.ask(q).text, questions))
    assert together == alone


def test_feedback_from_many_conversations_is_bounded_per_minute(fake_assistant, tmp_path):
    settings = make_settings(tmp_path, feedback_per_minute=4)
    limited = ChatTab(lambda: fake_assistant, settings, reveal_delay=0)
    notices = []
    for _ in range(6):  # a new conversation each time, as a script clicking "new conversation" would
        conv = ask(limited, QUESTION)[-1].conversation
        notices.append(limited.rate(conv, 1, False)[2])
    assert sum("quá nhiều góp ý" in n for n in notices) == 2
    assert len(settings.feedback_file.read_text(encoding="utf-8").splitlines()) == 4
