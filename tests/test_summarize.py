"""Summaries (assistant.summary): scope from questions, facts kept, grounding, no repeats, length, order."""

from __future__ import annotations

import pytest

from assistant.answering.verify import claim_is_grounded
from assistant.summary.selection import figure_key, opens_event, states, theme_of
from assistant.summary.summarize import (EMPTY_SCOPE, MAX_PROVINCES_LENGTH, THEMES, Summary, SummaryScope,
                                         scope_from_question, sentence_line, summarize, summarize_question)
from index.types import SearchFilters

THANH_HOA_2023 = SummaryScope(("Thanh Hóa",), 20230101, 20231231)
SCOPES = [SummaryScope(("Bình Định",)), THANH_HOA_2023, SummaryScope(("Thanh Hóa",), topic="dữ liệu mở"),
          SummaryScope(date_from=20250101, date_to=20251231, topic="chỉ đạo về Đề án 06"), SummaryScope()]


@pytest.fixture(scope="module")
def summaries(fake_assistant) -> list[Summary]:
    return [fake_assistant.summarize(scope) for scope in SCOPES]


@pytest.mark.parametrize("question, provinces, period, topic", [
    ("Tóm tắt kết quả chuyển đổi số của Bình Định", ("Bình Định",), (None, None), ""),
    ("Điểm lại các chỉ đạo về Đề án 06 năm 2025", (), (20250101, 20251231), "chỉ đạo về Đề án 06"),
    ("Điểm lại các chỉ đạo về Đề án 06 năm 2025.", (), (20250101, 20251231), "chỉ đạo về Đề án 06"),
    ("tom tat chuyen doi so o thanh hoa nam 2023", ("Thanh Hóa",), (20230101, 20231231), ""),
    ("Tổng hợp tình hình dịch vụ công trực tuyến ở Thanh Hóa từ 2023 đến 2025?", ("Thanh Hóa",),
     (20230101, 20251231), "tình hình dịch vụ công trực tuyến"),
    ("Buổi làm việc của Bộ TT&TT với Thanh Hóa tháng 10/2023 có gì đáng chú ý?", ("Thanh Hóa",),
     (20231001, 20231031), "Buổi làm việc của Bộ TT&TT"),
])
def test_scope_from_question_reads_provinces_period_and_topic(question, provinces, period, topic) -> None:
    assert scope_from_question(question, None) == SummaryScope(provinces, *period, topic)


def test_filters_set_by_the_user_win_over_the_question() -> None:
    scope = scope_from_question("Tóm tắt về Đề án 06 ở Bình Định năm 2025", SearchFilters(("Thanh Hóa",), 20230101))
    assert scope == SummaryScope(("Thanh Hóa",), 20230101, 20251231, "Đề án 06")


def test_a_binh_dinh_summary_cites_only_binh_dinh_and_keeps_its_figures(fake_assistant) -> None:
    summary = fake_assistant.summarize(SummaryScope(("Bình Định",)))
    assert summary.title == "Tóm tắt: Bình Định"
    assert {c.province for c in summary.citations} == {"Bình Định"}
    found = [f for f in ("1.230", "99,81%", "1,6 triệu", "99,88%", "92,12%", "60,37%") if f in summary.text]
    assert len(found) >= 4, summary.text


def test_a_figure_reported_at_two_dates_keeps_both_with_their_dates(fake_assistant) -> None:
    summary = fake_assistant.summarize(SummaryScope(("Thanh Hóa",), topic="dữ liệu mở"))
    lines = summary.text.splitlines()
    assert any(line.startswith("- Ngày 19/10/2023: ") and "195 cơ sở dữ liệu" in line for line in lines), summary.text
    assert any(line.startswith("- Ngày 16/05/2025: ") and "300 bộ dữ liệu mở" in line for line in lines), summary.text


def test_every_sentence_is_verbatim_and_grounded_in_its_citation(fake_assistant, summaries) -> None:
    for summary in summaries:
        quotes = {c.number: c.quote for c in summary.citations}
        assert summary.sentences
        for s in summary.sentences:
            assert s.text in quotes[s.citation]
            assert claim_is_grounded(s.text, quotes[s.citation], fake_assistant.corpus.people)
            assert f"{s.text[1:]} [{s.citation}]" in summary.text
        assert [c.number for c in summary.citations] == list(range(1, len(summary.citations) + 1))


def test_no_figure_is_stated_twice_even_without_a_length_limit(fake_assistant) -> None:
    figures = fake_assistant.corpus.facts.figures
    for scope in (THANH_HOA_2023, SummaryScope()):
        summary = fake_assistant.summarize(scope, max_chars=20000)
        cited = {c.number: c for c in summary.citations}
        stated = [figure_key(f) for s in summary.sentences for f in figures
                  if (f.article_id, f.start) == (cited[s.citation].article_id, cited[s.citation].start)
                  and states(s.text, f)]
        assert len(stated) == len(set(stated)), summary.text
    # The same sentence occurs in two Thanh Hóa 2023 articles: it is kept once.
    once = fake_assistant.summarize(THANH_HOA_2023, max_chars=20000).text
    assert once.count("gắn chíp điện tử đối với 100% công dân đủ điều kiện") == 1


@pytest.mark.parametrize("max_chars", [300, 800, 1200])
def test_the_summary_text_stays_within_the_length_limit(fake_assistant, max_chars) -> None:
    summary = fake_assistant.summarize(THANH_HOA_2023, max_chars)
    assert summary.sentences and len(summary.text) <= max_chars


def test_the_default_length_comes_from_the_settings(fake_assistant, summaries) -> None:
    """One province's summary fits the setting; one over several provinces may take it once per province."""
    limit = fake_assistant.settings.summary_max_chars
    for summary in summaries:
        provinces = len({c.province for c in summary.citations})
        assert len(summary.text) <= limit * min(MAX_PROVINCES_LENGTH, max(provinces, 1))
    assert max(len(s.text) for s in summaries if len({c.province for c in s.citations}) == 1) > limit // 2


def test_a_summary_over_several_provinces_says_whose_each_line_is_and_when(fake_assistant) -> None:
    summary = fake_assistant.summarize(SummaryScope())
    assert len({c.province for c in summary.citations}) > 1
    for sentence in summary.sentences:
        cite = summary.citations[sentence.citation - 1]
        assert sentence.date_label.startswith(cite.province.split(" (")[0])
        assert sentence_line(sentence).startswith(sentence.date_label + ": ")


def test_a_period_admits_later_reports_of_it_and_meeting_openings_are_no_results(fake_assistant) -> None:
    summary = fake_assistant.summarize(SummaryScope(("Thanh Hóa",), 20230101, 20231231))
    assert all(not opens_event(s.text) or s.theme == "Chỉ đạo" for s in summary.sentences)
    assert opens_event("Sáng 01/8/2023, UBND tỉnh tổ chức hội nghị sơ kết công tác chuyển đổi số.")
    assert not opens_event("Năm 2023, toàn tỉnh có 1.230 dịch vụ công trực tuyến.")


def test_sentences_are_grouped_by_theme_then_ordered_by_date(fake_assistant, summaries) -> None:
    for summary in summaries:
        dates = {c.number: fake_assistant.article(c.article_id).date_range for c in summary.citations}
        keys = [(THEMES.index(s.theme), dates[s.citation][0]) for s in summary.sentences]
        assert keys == sorted(keys)
        headings = [line for line in summary.text.splitlines() if line in THEMES]
        assert headings == sorted({s.theme for s in summary.sentences}, key=THEMES.index)


def test_titles_headings_and_captions_are_not_summary_sentences(fake_assistant) -> None:
    summary = fake_assistant.summarize(SummaryScope(), max_chars=20000)
    titles = {a.title for a in fake_assistant.articles()}
    for s in summary.sentences:
        assert s.text not in titles and "Ảnh:" not in s.text
        assert s.text not in {"Toàn cảnh buổi làm việc.", "Triển khai hiệu quả Đề án 06", "Khó khăn và thách thức"}


def test_a_topic_asking_for_instructions_keeps_only_instructions(fake_assistant) -> None:
    summary = fake_assistant.summarize(SummaryScope(date_from=20250101, date_to=20251231, topic="chỉ đạo"))
    assert {s.theme for s in summary.sentences} == {"Chỉ đạo"}
    assert "Tecapro" in summary.text


def test_an_empty_scope_gives_no_sentences_and_says_so(fake_assistant) -> None:
    summary = fake_assistant.summarize(SummaryScope(("Hà Nội",)))
    assert (summary.sentences, summary.citations, summary.text) == ([], [], EMPTY_SCOPE)
    answer = summarize_question(fake_assistant.retriever, "Tóm tắt chuyển đổi số của Hà Nội", None, [], 1200)
    assert answer.refused and answer.text == EMPTY_SCOPE


def test_the_chat_route_answers_with_the_summary_and_its_citations(fake_assistant) -> None:
    answer = summarize_question(fake_assistant.retriever, "Tóm tắt kết quả chuyển đổi số của Bình Định", None, ["đã hiểu"],
                                1200)
    assert not answer.refused and "1.230" in answer.text
    assert answer.citations and answer.trace[0] == "đã hiểu" and "Bình Định" in answer.trace[-1]


@pytest.mark.parametrize("text, theme", [
    ("Toàn tỉnh có 1.230 dịch vụ công trực tuyến toàn trình.", "Dịch vụ công trực tuyến"),
    ("Ông nhấn mạnh việc cần sớm hoàn tất số hóa hồ sơ trong cơ quan Đảng.", "Chỉ đạo"),
    ("Tỷ lệ sử dụng chữ ký số và tài khoản VNeID trong thực tế còn thấp", "Khó khăn"),
    ("Phê duyệt hồ sơ cấp độ an toàn thông tin cho 856 đơn vị.", "An toàn thông tin"),
    ("Hạ tầng số đã phủ sóng di động và internet tới hơn 99,7% thôn, bản", "Hạ tầng số"),
    ("Hội nghị được trực tuyến đến điểm cầu 27 huyện.", "Khác"),
])
def test_themes_come_from_folded_keywords(text, theme) -> None:
    assert theme_of(text) == theme


def test_a_summary_asked_in_the_chat_is_the_summary_tab_s(fake_assistant) -> None:
    chat = fake_assistant.ask("Tổng hợp kết quả chuyển đổi số của Bình Định")
    tab = fake_assistant.summarize(SummaryScope(("Bình Định",)))
    assert chat.text == tab.text and [c.quote for c in chat.citations] == [c.quote for c in tab.citations]


def test_a_summary_asked_in_the_chat_says_it_is_one_and_a_question_does_not(fake_assistant) -> None:
    assert fake_assistant.ask("Tóm tắt tình hình chuyển đổi số của Bình Định").summary
    assert not fake_assistant.ask("Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?").summary


def test_a_sentence_naming_the_summary_s_year_outranks_one_only_published_in_it() -> None:
    from types import SimpleNamespace

    from assistant.summary.summarize import says_period

    text = "Năm 2023 tỉnh đạt và vượt 43/51 chỉ tiêu. Ngành vận hành 28 phần mềm.\nTỉnh có 120 camera."
    article = SimpleNamespace(text=text, date="2024-03-04")
    scope = SummaryScope(date_from=20230101, date_to=20231231)
    at = lambda words: SimpleNamespace(text=words, article=article, start=text.index(words))  # noqa: E731
    assert says_period(at("Năm 2023 tỉnh đạt và vượt 43/51 chỉ tiêu."), scope)
    assert says_period(at("Ngành vận hành 28 phần mềm."), scope)  # its paragraph said 2023 before it
    assert not says_period(at("Tỉnh có 120 camera."), scope)  # only published early in 2024
