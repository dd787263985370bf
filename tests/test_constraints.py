"""Province, period, indicator and conversation held as constraints on reports the code was not written on.

Pure functions, with questions and sentences worded unlike any gold pair."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.answering.accept import about_asked_place, implied_years, in_asked_period
from assistant.answering.complete import parts
from assistant.answering.conversation import Turn, refers_back, resolve
from assistant.answering.evidence import Evidence
from assistant.answering.question import Kind, analyse, counted_unit, spelled_out
from assistant.filters import evidence_filters, provinces_answering, question_period, stated_years


class _Corpus:
    """Just what the constraints read: an article's province, date and (empty) text."""

    def __init__(self, **articles: tuple[str | None, str | None]):
        self.articles = {k: SimpleNamespace(province=p, date=d, text="") for k, (p, d) in articles.items()}

    def article(self, article_id: str):
        return self.articles[article_id]


def _ev(sentence: str, article_id: str = "a") -> Evidence:
    return Evidence(article_id, 0, len(sentence), sentence, sentence, 1.0, 0)


CORPUS = _Corpus(a=("Nghệ An", "2024-03-02"), b=("Bình Định", "2025-05-09"), c=("Gia Lai", "2025-09-18"))


@pytest.mark.parametrize("question, sentence, article, ok", [
    ("Nghệ An có bao nhiêu camera?", "Toàn tỉnh có 120 camera.", "a", True),
    ("Nghệ An có bao nhiêu camera?", "Hà Tĩnh có 90 camera, gấp đôi năm trước.", "a", False),  # another province's
    ("Hà Tĩnh có bao nhiêu camera?", "Hà Tĩnh có 90 camera, gấp đôi năm trước.", "a", True),  # named in the sentence
    ("Hà Tĩnh có bao nhiêu camera?", "Toàn tỉnh có 120 camera.", "a", False),
    ("Gia Lai có bao nhiêu camera?", "Toàn tỉnh có 75 camera.", "b", True),  # a former province of the new Gia Lai
    ("Bình Định có bao nhiêu camera?", "Toàn tỉnh có 300 camera.", "c", False),  # the merged province's total
    ("Bình Định có bao nhiêu camera?", "Riêng khu vực Bình Định có 80 camera.", "c", True),
    ("Có bao nhiêu camera?", "Hà Tĩnh có 90 camera.", "a", True),  # no province asked: no constraint
])
def test_evidence_is_about_the_asked_province(question, sentence, article, ok):
    assert about_asked_place(CORPUS, analyse(question), _ev(sentence, article)) is ok


def test_a_2025_province_reads_its_former_provinces_and_an_old_one_its_successor():
    assert set(provinces_answering(("Gia Lai",))) == {"Gia Lai", "Bình Định"}
    assert set(provinces_answering(("Bình Định",))) == {"Bình Định", "Gia Lai"}
    assert evidence_filters("Bình Định năm 2024 có bao nhiêu camera?").date_from == 20240101
    assert evidence_filters("Bình Định năm 2024 có bao nhiêu camera?").date_to is None  # later reports may say


@pytest.mark.parametrize("text, years", [
    ("Đến hết năm 2022, toàn tỉnh có 40 camera.", {2022}),
    ("Tính đến cuối tháng 9/2024, tỷ lệ đạt 70%.", {2024}),
    ("Quý II/2023, tỉnh cấp 500 chữ ký số.", {2023}),
    ("Tăng 12% so với năm 2021.", set()),  # a comparison base
    ("Phấn đấu đến năm 2030 đạt 100%.", set()),  # a target
    ("Thực hiện Quyết định số 12/QĐ-UBND ngày 3/1/2024 của UBND tỉnh.", set()),  # a document's date
    ("Theo Nghị quyết số 45/2024/NQ-HĐND, tỉnh chi 20 tỷ đồng.", set()),  # a document code
])
def test_the_years_a_sentence_reports(text, years):
    assert stated_years(text) == years


def test_a_question_s_period_reads_months_and_quarters_too():
    assert question_period("Tháng 3/2024 tỉnh có bao nhiêu camera?") == (2024, 2024)
    assert question_period("Từ 2021 đến 2023 tỉnh đầu tư bao nhiêu?") == (2021, 2023)
    assert question_period("Mục tiêu đến năm 2030 là gì?") is None


@pytest.mark.parametrize("question, sentence, article, ok", [
    ("Năm 2023 Nghệ An có bao nhiêu camera?", "Năm 2023, toàn tỉnh có 120 camera.", "a", True),
    ("Năm 2023 Nghệ An có bao nhiêu camera?", "Năm 2022, toàn tỉnh có 100 camera.", "a", False),
    ("Năm 2023 Nghệ An có bao nhiêu camera?", "Toàn tỉnh có 120 camera.", "a", True),  # a review in March 2024
    ("Năm 2022 Nghệ An có bao nhiêu camera?", "Toàn tỉnh có 120 camera.", "a", False),
    ("Nghệ An có bao nhiêu camera?", "Năm 2019, toàn tỉnh có 10 camera.", "a", True),  # no period asked
])
def test_evidence_reports_the_asked_period(question, sentence, article, ok):
    assert in_asked_period(CORPUS, analyse(question), _ev(sentence, article)) is ok


def test_an_article_of_the_first_quarter_also_reports_the_year_before():
    assert implied_years("2024-02-10") == {2023, 2024} and implied_years("2024-06") == {2024}
    assert implied_years("2024") == {2024} and implied_years(None) == frozenset()


@pytest.mark.parametrize("question, unit", [
    ("Tỷ lệ bao nhiêu tính đến cuối năm?", "%"), ("Có bao nhiêu trạm BTS năm 2024?", "tram bts"),
    ("Hỗ trợ bao nhiêu mỗi tháng?", ""), ("Bao nhiêu phần trăm hồ sơ?", "%"),
])
def test_the_counted_unit_ends_before_time_words(question, unit):
    assert counted_unit(question) == unit


def test_document_shorthand_is_spelled_out():
    assert spelled_out("NQ57 và QĐ 06 khác gì 57-NQ/TW?") == "Nghị quyết 57 và Quyết định 06 khác gì 57-NQ/TW?"
    assert analyse("Giám đốc sở Y tế tỉnh tên gì?").kind is Kind.WHO


def test_a_question_of_several_parts_is_split_into_the_parts_that_ask():
    found = parts(analyse("Quyết định thành lập tổ công tác mang số hiệu nào, ký ngày nào và ai ký?"))
    assert [p.kind for p in found] == [Kind.DIRECTIVE, Kind.WHEN, Kind.WHO]
    assert all("tổ công tác" in p.text for p in found[1:])  # each part keeps what the question is about
    assert parts(analyse("Nghệ An có bao nhiêu camera?")) == []


def test_follow_ups_stay_in_the_conversation_s_province():
    turns = [Turn("Nghệ An có bao nhiêu trạm BTS?", articles=("a",))]
    assert resolve("Thế năm 2022 tỉnh này có bao nhiêu?", turns) == "Thế năm 2022 Nghệ An có bao nhiêu (BTS)?"
    assert resolve("Mức hỗ trợ cao nhất là bao nhiêu?", turns) == "Mức hỗ trợ cao nhất là bao nhiêu ở Nghệ An?"
    assert resolve("Hà Tĩnh có bao nhiêu trạm?", turns) == "Hà Tĩnh có bao nhiêu trạm?"
    assert refers_back("Cuộc họp đó có bao nhiêu điểm cầu?") and not refers_back("Có bao nhiêu điểm cầu?")


@pytest.mark.parametrize("question, sentence, ok", [
    ("Hồ sơ trực tuyến toàn trình chiếm bao nhiêu phần trăm?", "97% thủ tục được cung cấp toàn trình.", False),
    ("Hồ sơ trực tuyến toàn trình chiếm bao nhiêu phần trăm?", "Hồ sơ trực tuyến toàn trình chiếm 66%.", True),
    ("Có bao nhiêu dịch vụ công toàn trình?", "Có 300 dịch vụ công một phần và 120 dịch vụ khác.", False),
    ("Tỷ lệ hồ sơ giải quyết đúng hạn là bao nhiêu?", "Tỷ lệ hồ sơ giải quyết trễ hạn là 2%.", False),
])
def test_a_figure_answers_only_the_indicator_asked(question, sentence, ok):
    from assistant.answering.accept import same_head, same_indicator

    q, ev = analyse(question), _ev(sentence)
    assert (same_indicator(q, ev) and same_head(q, ev, sentence)) is ok


def test_definition_questions_answer_with_the_document_s_record(fake_assistant):
    answer = fake_assistant.ask("NQ57 là gì?")
    assert answer.text.startswith("Nghị quyết số 57-NQ/TW") and "Bộ Chính trị" in answer.text
    assert answer.citations and all("57-NQ/TW" in c.quote for c in answer.citations)
    assert fake_assistant.ask("Đề án 06 là gì?").text.startswith("Đề án 06 (Đề án phát triển ứng dụng dữ liệu")


def test_a_longer_unit_is_not_matched_through_another_counted_thing():
    from assistant.answering.accept import _names_unit

    q = analyse("Cần Thơ có bao nhiêu tổ công nghệ số cộng đồng?")
    other = _ev("Năm 2021, thành phố có thêm 34 doanh nghiệp công nghệ số thành lập mới.")
    same = _ev("Thành phố có 95 tổ công nghệ số cộng đồng.")
    assert not _names_unit(other, other.sentence, q.unit) and _names_unit(same, same.sentence, q.unit)


@pytest.mark.parametrize("question, kind", [
    ("Hội thảo có lãnh đạo UBND tỉnh nào tham dự?", Kind.WHO), ("Cán bộ phụ trách là người nào?", Kind.WHO),
    ("Huyện phân loại người dân thế nào?", Kind.WHAT),
])
def test_who_questions_with_words_between_the_noun_and_nao(question, kind):
    assert analyse(question).kind is kind


def test_each_side_of_a_comparison_keeps_the_period_written_after_it():
    from assistant.answering.compare import side_periods, side_question

    q = analyse("So sánh số camera của Nghệ An (tháng 5/2025) và Hà Tĩnh (năm 2023).")
    assert side_periods(q) == {"Nghệ An": "tháng 5/2025", "Hà Tĩnh": "năm 2023"}
    side = side_question(q, "Hà Tĩnh")
    assert side.years == (2023, 2023) and "Nghệ An" not in side.text and "5/2025" not in side.text


def test_a_count_asked_at_two_times_is_answered_side_by_side():
    from assistant.answering.compare import compared_years

    assert compared_years(analyse("Có bao nhiêu camera vào tháng 10/2023 và vào giữa năm 2024?")) == [2023, 2024]
    assert compared_years(analyse("Từ 2021 đến 2023 tỉnh lắp bao nhiêu camera và bao nhiêu trạm?")) == []
    assert compared_years(analyse("Năm 2024 có bao nhiêu camera?")) == []


def test_a_question_asking_a_day_needs_a_day_not_only_a_year():
    from assistant.answering.evidence import has_atom

    q = analyse("Ngày chuyển đổi số của tỉnh là ngày mấy?")
    assert q.kind is Kind.WHEN and q.asks_day
    assert not has_atom(q.kind, "Cũng trong năm 2022, chỉ số của tỉnh đạt 88,54 điểm.", set(), q.asks_day)
    assert has_atom(q.kind, "Ngày 10/10 hằng năm là Ngày chuyển đổi số của tỉnh.", set(), q.asks_day)
    assert not analyse("Tỉnh ban hành kế hoạch vào năm nào?").asks_day


def test_years_set_side_by_side_by_chenh_nhau_are_compared():
    from assistant.answering.compare import compared_years

    q = analyse("Số camera của tỉnh năm 2022 và năm 2023 chênh nhau thế nào?")
    assert q.kind is Kind.COMPARE and compared_years(q) == [2022, 2023]


def test_a_named_indicator_holds_in_figures_and_carries_into_follow_ups():
    from assistant.answering.accept import names_acronyms

    q = analyse("Xếp hạng DTI năm 2022 của Nghệ An là bao nhiêu?")
    assert not names_acronyms(q, _ev("Chỉ số ICT Index năm 2022 của tỉnh xếp thứ 5."), "Kết quả DTI và ICT Index")
    assert names_acronyms(q, _ev("Năm 2022, DTI của tỉnh xếp thứ 9/63."), "")
    # a sentence naming no other index may leave the one asked to its paragraph or title
    assert names_acronyms(q, _ev("Năm 2022, tỉnh xếp thứ 9/63."), "Kết quả Chỉ số chuyển đổi số (DTI) của Nghệ An")
    assert not names_acronyms(q, _ev("Năm 2022, tỉnh xếp thứ 9/63."), "Kết quả cải cách hành chính")
    turns = [Turn("Nghệ An có lọt top 10 DTI năm 2023 không?")]
    assert resolve("Thế năm 2022 tỉnh này xếp hạng mấy?", turns) == "Thế năm 2022 Nghệ An xếp hạng mấy (DTI)?"
    turns = [Turn("Ai chủ trì hội nghị CĐS của Nghệ An?")]
    assert "(" not in resolve("Cuộc họp đó có bao nhiêu điểm cầu?", turns)  # CĐS is a topic, not an indicator


def test_a_list_question_keeps_the_items_of_a_long_enumeration():
    from assistant.answering.evidence import best_clause
    from assistant.corpus import CorpusStats

    items = "; ".join(f"hạn chế thứ {i} về nhân lực và hạ tầng của các đơn vị trong tỉnh" for i in range(1, 7))
    sentence = f"Các thành viên chỉ ra những hạn chế như: {items}."
    plural, _ = best_clause(analyse("Tỉnh còn những hạn chế gì?"), sentence, CorpusStats([]), set())
    single, _ = best_clause(analyse("Tỉnh còn hạn chế gì?"), sentence, CorpusStats([]), set())
    assert len(plural) > 300 >= len(single) and "thứ 5" in plural


def test_con_so_do_names_the_figure_the_previous_question_counted():
    turns = [Turn("Nghệ An có bao nhiêu trạm BTS 5G?")]
    assert resolve("Con số đó năm 2023 là bao nhiêu?", turns) == "số trạm BTS 5G năm 2023 là bao nhiêu ở Nghệ An?"
    turns = [Turn("Tỷ lệ hồ sơ trực tuyến của Hà Tĩnh là bao nhiêu?")]
    assert "Tỷ lệ hồ sơ trực tuyến" in resolve("Năm 2022 chỉ tiêu này đạt bao nhiêu?", turns)


def test_a_place_inside_a_province_is_answered_from_that_province_s_reports(fake_assistant):
    from assistant.corpus import places_named

    assert places_named("Huyện Đông Sơn và TP Quy Nhơn, tỉnh Bình Định") == ["dong son", "quy nhon"]
    assert fake_assistant.corpus.province_of_places("huyện Đông Sơn cài được bao nhiêu tài khoản?") == "Thanh Hóa"
    answer = fake_assistant.ask("Huyện Đông Sơn cài đặt được bao nhiêu tài khoản VNeID?")
    assert any("tỉnh của địa danh" in step and "Thanh Hóa" in step for step in answer.trace)
    assert {c.province for c in answer.citations} == {"Thanh Hóa"}
