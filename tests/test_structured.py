"""Structured facts steering answers: directives' kind, code and issuer; officials' roles; rates vs counts.

The first group are pure functions on hand-made records and texts (no index). The second asks the real
index questions worded unlike the gold set (eval/gold.jsonl), to show the behaviour generalises.
"""

from __future__ import annotations

import pytest

from assistant.answering import records
from assistant.answering.compose import source_labels
from assistant.answering.evidence import indicator_coverage, is_rate_only
from assistant.answering.question import analyse, asked_doc_kind, asked_role, asks_rate, ministries
from assistant.answering.verify import claims, ungrounded_claims
from assistant.corpus import CorpusStats
from index.types import Chunk, Directive



def directive(code: str, kind: str, date: str | None = None, issuer: str | None = None,
              subject: str | None = None) -> Directive:
    return Directive("a", 0, 1, code, kind, date, None, issuer, subject)


DECISION = directive("1829/QĐ-UBND", "Quyết định", "30-5-2023", "Chủ tịch UBND tỉnh",
                     "việc ban hành các tiêu chí CĐS cấp xã đến năm 2025")
PLAN = directive("35/KH-UBND", "Kế hoạch", issuer="UBND tỉnh",
                 subject="triển khai các tiêu chí CĐS cấp xã đến năm 2025")
RESOLUTION = directive("57-NQ/TW", "Nghị quyết", issuer="Bộ Chính trị")


@pytest.fixture(scope="module")
def stats() -> CorpusStats:
    texts = ["Quyết định số 1829/QĐ-UBND của Chủ tịch UBND tỉnh về việc ban hành các tiêu chí CĐS cấp xã.",
             "Kế hoạch số 100/KH-BCĐ của Trưởng Ban Chỉ đạo CĐS về kế hoạch hoạt động năm 2023.",
             "Nghị quyết 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.",
             "Toàn tỉnh có 1.230 dịch vụ công trực tuyến toàn trình.",
             "99,81% hồ sơ được giải quyết đúng hạn.",
             "Tỷ lệ giải quyết hồ sơ trực tuyến đạt 94%."]
    return CorpusStats([Chunk(f"c{i}", "a", i, 0, len(t), t, "t", None, None) for i, t in enumerate(texts)])


# --- pure functions -------------------------------------------------------------------------------------

def test_directive_text_joins_the_parts_the_record_has():
    assert records.directive_text(DECISION) == ("Quyết định số 1829/QĐ-UBND ngày 30-5-2023 của Chủ tịch UBND tỉnh "
                                                   "về việc ban hành các tiêu chí CĐS cấp xã đến năm 2025")
    assert records.directive_text(RESOLUTION) == "Nghị quyết số 57-NQ/TW của Bộ Chính trị"
    assert records.directive_text(directive("266-KH/TU", "Kế hoạch")) == "Kế hoạch số 266-KH/TU"


def test_directive_text_puts_a_named_scheme_s_subject_in_parentheses():
    scheme = directive("Đề án 06", "Đề án", subject="Đề án phát triển ứng dụng dữ liệu về dân cư")
    assert records.directive_text(scheme) == "Đề án 06 (Đề án phát triển ứng dụng dữ liệu về dân cư)"


def test_directive_match_is_all_or_nothing_for_a_named_code(stats):
    q = analyse("Nghị quyết 57-NQ/TW do ai ban hành?")
    assert records.directive_match(q, RESOLUTION, stats) == 1.0
    assert records.directive_match(q, DECISION, stats) == 0.0


@pytest.mark.parametrize("question", ["Quyết định nào về tiêu chí chuyển đổi số cấp xã?",
                                      "quyet dinh nao ve tieu chi chuyen doi so cap xa?"])
def test_directive_match_prefers_the_asked_kind_over_similar_subject_words(stats, question):
    q = analyse(question)
    assert records.directive_match(q, DECISION, stats) > records.directive_match(q, PLAN, stats)


def test_directive_match_follows_the_kind_not_the_record_order(stats):
    q = analyse("Kế hoạch nào về tiêu chí chuyển đổi số cấp xã?")
    assert records.directive_match(q, PLAN, stats) > records.directive_match(q, DECISION, stats)


@pytest.mark.parametrize("question, role", [
    ("Ai chủ trì hội nghị sơ kết?", "chủ trì"),
    ("ai dong chu tri buoi lam viec?", "đồng chủ trì"),
    ("Đoàn công tác do ai dẫn đầu?", "trưởng đoàn"),
    ("Ai báo cáo tại hội nghị?", "báo cáo"),
    ("Ai giải đáp kiến nghị của tỉnh?", "giải đáp"),
    ("Thanh Hóa có bao nhiêu xã?", None),
])
def test_asked_role(question, role):
    assert asked_role(question) == role


@pytest.mark.parametrize("question, kind", [
    ("Quyết định nào về tiêu chí chuyển đổi số cấp xã?", "quyet dinh"),
    ("quyet dinh nao phe duyet chuong trinh?", "quyet dinh"),
    ("Nghị quyết của Ban Thường vụ là nghị quyết nào?", "nghi quyet"),
    ("Chỉ thị số bao nhiêu về camera giám sát?", "chi thi"),
    ("Văn bản nào về doanh nghiệp công nghệ số?", None),
])
def test_asked_doc_kind(question, kind):
    assert asked_doc_kind(question) == kind


def test_indicator_coverage_rewards_the_number_whose_phrase_holds_the_question_words(stats):
    q = analyse("Tỷ lệ hồ sơ được giải quyết đúng hạn là bao nhiêu?")
    exact = indicator_coverage(q, "99,81% hồ sơ được giải quyết đúng hạn", stats)
    partial = indicator_coverage(q, "tỷ lệ giải quyết hồ sơ trực tuyến đạt 94%", stats)
    assert exact == pytest.approx(1.0)
    assert 0 < partial < exact
    # the words past a comma belong to another phrase, not to the number's
    assert indicator_coverage(q, "đạt 99,81%, hồ sơ được giải quyết đúng hạn", stats) == 0.0
    assert indicator_coverage(q, "hồ sơ được giải quyết đúng hạn", stats) == 0.0  # no number at all


@pytest.mark.parametrize("text, rate_only", [
    ("100% công dân đủ điều kiện", True),
    ("Đề án 06 đạt 100%", True),  # "06" is a label, not a count
    ("hơn 1,6 triệu người, với tỷ lệ 99,6%", False),
    ("hoàn thành từ ngày 20/2/2023", False),  # no number that could answer a count
])
def test_is_rate_only(text, rate_only):
    assert is_rate_only(text) is rate_only


@pytest.mark.parametrize("question, rate", [
    ("Tỷ lệ hồ sơ được giải quyết đúng hạn?", True),
    ("binh dinh co bao nhieu phan tram truong dung hoc ba so?", True),
    ("Dịch vụ toàn trình chiếm bao nhiêu?", True),
    ("Bao nhiêu người đã được cấp căn cước?", False),
])
def test_asks_rate(question, rate):
    assert asks_rate(question) is rate


def test_ministries_named_in_a_question():
    assert ministries("Ai kết luận buổi làm việc của Bộ TT&TT với tỉnh?") == ("Bộ TT&TT",)
    assert ministries("Đoàn Bộ Công an làm việc với Thanh Hóa") == ("Bộ Công an",)
    assert ministries("Ban Thường vụ Tỉnh ủy Thanh Hóa họp ngày nào?") == ()


def test_year_labels_of_a_comparison_are_not_checked_against_the_passages():
    answer = "Năm 2023: Cổng cung cấp 872 dịch vụ [1].\nNăm 2025: Thanh Hóa có 1.758 dịch vụ [2]."
    quotes = {1: "Cổng dịch vụ công cung cấp 872 dịch vụ công trực tuyến toàn trình.",
              2: "Thanh Hóa đứng đầu cả nước (1.758/1.950 dịch vụ)."}
    assert claims(answer) == [("Năm 2023: Cổng cung cấp 872 dịch vụ", [1]),
                              ("Năm 2025: Thanh Hóa có 1.758 dịch vụ", [2])]
    assert ungrounded_claims(answer, quotes, set(), ("Năm 2023", "Năm 2025")) == []
    assert len(ungrounded_claims(answer, quotes, set())) == 2  # unlabelled, the years are atoms to ground


# --- end to end on the real index -------------------------------------------------------------------------

def _grounded(assistant, answer) -> bool:
    quotes = {c.number: c.quote for c in answer.citations}
    return not ungrounded_claims(answer.text, quotes, assistant.corpus.people,
                                 source_labels(assistant.corpus, answer.citations))


def test_decision_question_picks_the_decision_out_of_a_list_of_directives(real_assistant):
    answer = real_assistant.ask("Quyết định nào của UBND tỉnh Thanh Hóa về tiêu chí chuyển đổi số cấp xã?")
    assert not answer.refused
    assert "1829/QĐ-UBND" in answer.text and "30-5-2023" in answer.text
    assert not any(code in answer.text for code in ("02/CT-UBND", "77/KH-UBND", "100/KH-BCĐ"))
    assert answer.citations[0].article_id == "thanhhoa-2023-cds-bai-2-the-che"
    assert _grounded(real_assistant, answer)


def test_a_named_code_is_answered_with_every_article_that_states_it(real_assistant):
    answer = real_assistant.ask("Ai ban hành Nghị quyết 57-NQ/TW và vào ngày nào?")
    assert not answer.refused and "Bộ Chính trị" in answer.text
    assert len({c.article_id for c in answer.citations}) > 1
    assert all("57-NQ/TW" in c.quote for c in answer.citations)
    assert _grounded(real_assistant, answer)


@pytest.mark.parametrize("question, person, article", [
    ("Ai báo cáo tại hội nghị sơ kết 6 tháng đầu năm 2023 ở Thanh Hóa?", "Phùng Xuân Tiến",
     "thanhhoa-2023-08-01-so-ket-6-thang-2023"),
    ("Người kết luận buổi làm việc giữa Bộ Công an và tỉnh Thanh Hóa là ai?", "Nguyễn Doãn Anh",
     "thanhhoa-2025-05-16-bo-cong-an-nq57"),
    ("Người kết luận buổi làm việc giữa Bộ TT&TT và tỉnh Thanh Hóa là ai?", "Nguyễn Huy Dũng",
     "thanhhoa-2023-10-19-bo-tttt"),
    ("Ai giải đáp các kiến nghị của Bình Định?", "Tấn", "binhdinh-2025-05-09-c06-de-an-06"),
])
def test_who_questions_find_the_official_in_the_asked_role(real_assistant, question, person, article):
    answer = real_assistant.ask(question)
    assert not answer.refused and person in answer.text
    assert answer.citations[0].article_id == article


def test_a_head_count_is_not_answered_by_a_percentage(real_assistant):
    count = real_assistant.ask("Bao nhiêu người dân Thanh Hóa đã được thu nhận hồ sơ căn cước công dân gắn chíp?")
    assert count.refused and "100%" in count.text  # the rate is only shown as the nearest information
    rate = real_assistant.ask("Tỷ lệ công dân đủ điều kiện ở Thanh Hóa đã được thu nhận hồ sơ căn cước gắn chíp "
                              "là bao nhiêu?")
    assert not rate.refused and "100%" in rate.text


def test_a_year_comparison_for_one_province_cites_only_that_province(real_assistant):
    answer = real_assistant.ask("Từ năm 2023 đến năm 2025, số dịch vụ công trực tuyến ở Thanh Hóa thay đổi ra sao?")
    lines = answer.text.splitlines()
    assert not answer.refused and len(lines) == 2
    assert lines[0].startswith("Năm 2023:") and "872" in lines[0]
    assert lines[1].startswith("Năm 2025:") and "1.758" in lines[1]
    assert answer.citations and all(c.province == "Thanh Hóa" for c in answer.citations)


def test_a_position_question_lists_the_titles_from_the_officials_records(real_assistant):
    answer = real_assistant.ask("Mai Xuân Liêm giữ những chức vụ gì?")
    assert not answer.refused
    assert answer.text.startswith("Mai Xuân Liêm:") and "Phó Chủ tịch UBND tỉnh" in answer.text
    assert "Mai Xuân Liêm" in answer.citations[0].quote


def test_a_list_question_keeps_several_items_of_an_enumeration(real_assistant):
    answer = real_assistant.ask("Những vướng mắc nào Bình Định còn gặp phải?")
    assert not answer.refused
    assert "chữ ký số" in answer.text and "sáp nhập hành chính" in answer.text


def test_an_acronym_no_report_uses_is_refused_without_searching(real_assistant):
    answer = real_assistant.ask("Bình Định có bao nhiêu trường THCS dùng học bạ số?")
    assert answer.refused and "THCS" in answer.text and not answer.citations
    known = real_assistant.ask("Bình Định có bao nhiêu DVCTT toàn trình?")  # DVCTT = dịch vụ công trực tuyến
    assert not known.refused and "1.230" in known.text


def test_a_statement_question_quotes_what_follows_the_speech_verb(real_assistant):
    answer = real_assistant.ask("Thứ trưởng Nguyễn Văn Long nhấn mạnh điều gì?")
    assert not answer.refused and "nhấn mạnh:" in answer.text
    assert "đơn giản hóa thủ tục hành chính" in answer.text and len(answer.citations) == 1


def test_a_comparison_line_without_citation_is_its_own_claim():
    text = "Năm 2023: các báo cáo không nêu.\nNăm 2025: công bố hơn 300 bộ dữ liệu mở [1]."
    assert claims(text) == [("Năm 2023: các báo cáo không nêu", []), ("Năm 2025: công bố hơn 300 bộ dữ liệu mở", [1])]
    quotes = {1: "Tỉnh đã công bố hơn 300 bộ dữ liệu mở."}
    assert not ungrounded_claims(text, quotes, set(), ("Năm 2023", "Năm 2025"))


def test_a_count_without_a_period_gives_the_latest_figure_first_then_earlier_ones(real_assistant):
    answer = real_assistant.ask("Thanh Hóa có bao nhiêu cơ sở dữ liệu mở?")
    lines = answer.text.split("\n")
    assert len(lines) >= 2 and all(line.startswith("Thanh Hóa, ") for line in lines)
    dates = [real_assistant.article(c.article_id).date for c in answer.citations]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) == len(dates)  # one report a line, newest first
    assert "300 bộ dữ liệu mở" in lines[0] and "195 cơ sở dữ liệu" in answer.text
    assert _grounded(real_assistant, answer)


def test_a_count_with_a_period_gives_only_that_period(real_assistant):
    answer = real_assistant.ask("Năm 2023 Thanh Hóa có bao nhiêu cơ sở dữ liệu mở?")
    assert "\n" not in answer.text and "195" in answer.text and "300" not in answer.text
