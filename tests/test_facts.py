"""Fact extraction on the five real articles (what a reader would expect) and on small Vietnamese edge cases."""

from __future__ import annotations

import json

import pytest

from index.articles import parse_article, read_corpus
from index.chunk import sentence_spans
from index.fact_patterns import PLACES
from index.facts import extract_facts, officials_by_name
from index.types import Facts, facts_to_json, load_facts
from tests.conftest import CORPUS

NQ57 = "thanhhoa-2025-05-16-bo-cong-an-nq57"
BINH_DINH = "binhdinh-2025-05-09-c06-de-an-06"
SO_KET = "thanhhoa-2023-08-01-so-ket-6-thang-2023"
BO_TTTT = "thanhhoa-2023-10-19-bo-tttt"
THE_CHE = "thanhhoa-2023-cds-bai-2-the-che"


@pytest.fixture(scope="module")
def articles():
    return {a.id: a for a in read_corpus(CORPUS)}


@pytest.fixture(scope="module")
def facts(articles) -> Facts:
    """Through JSON and back, as the answerer reads them from the index."""
    return load_facts(json.loads(json.dumps(facts_to_json(extract_facts(list(articles.values()))), ensure_ascii=False)))


@pytest.fixture(scope="module")
def people(facts):
    return officials_by_name(facts)


def facts_of(body: str, stem: str = "thanhhoa-2024-07-01-tin-thu") -> Facts:
    return extract_facts([parse_article(stem, "Tin thử\n" + body)])


# Officials ------------------------------------------------------------------------------------------------------

def test_the_16_5_meeting_is_co_chaired_by_the_provincial_secretary_and_the_deputy_minister(facts):
    chairs = {o.name: o for o in facts.officials if o.article_id == NQ57 and "đồng chủ trì" in o.roles}
    assert set(chairs) == {"Nguyễn Doãn Anh", "Nguyễn Văn Long"}
    assert chairs["Nguyễn Doãn Anh"].titles == ("Bí thư Tỉnh ủy Thanh Hóa",)
    assert chairs["Nguyễn Văn Long"].titles == ("Trung tướng", "Thứ trưởng Bộ Công an")


def test_the_c06_director_leads_the_delegation_and_is_found_by_short_form_and_title(facts, people):
    tan = people["Vũ Văn Tấn"]
    assert {"Đại tá", "Cục trưởng C06"} <= set(tan.titles)
    assert {"trưởng đoàn", "phát biểu", "đề nghị", "giải đáp"} <= set(tan.roles)
    written = {o.written for o in tan.mentions}
    assert {"Tấn", "Cục trưởng C06"} <= written  # "Đại tá Tấn đã giải đáp", "Cục trưởng C06 đề nghị"


def test_the_chairman_chairs_and_concludes_the_review_conference(people):
    tuan = people["Đỗ Minh Tuấn"]
    assert {"chủ trì", "kết luận", "đề nghị"} <= set(tuan.roles)
    assert {"Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh", "Trưởng BCĐ Chuyển đổi số"} <= set(tuan.titles)
    assert any(t.startswith("Tổ trưởng Tổ công tác Đề án 06") for t in tuan.titles)
    assert any(o.written == "Đỗ Minh Tuấn" and o.roles == ("đề nghị",) for o in tuan.mentions)  # "… tỉnh Đỗ Minh Tuấn"


@pytest.mark.parametrize("name, role, title", [
    ("Lâm Hải Giang", "tiếp đoàn", "Phó Chủ tịch UBND tỉnh"),
    ("Mai Xuân Liêm", "tiếp đoàn", "Ủy viên Ban Thường vụ Tỉnh ủy"),
    ("Nguyễn Huy Dũng", "trưởng đoàn", "Thứ trưởng Bộ TT&TT"),
    ("Nguyễn Huy Dũng", "kết luận", "Thứ trưởng Bộ TT&TT"),
    ("Phùng Xuân Tiến", "báo cáo", "Phó Giám đốc Công an tỉnh"),
    ("Đỗ Hữu Quyết", "nhấn mạnh", "Giám đốc Sở Thông tin và Truyền thông Thanh Hóa"),
    ("Nguyễn Đăng Tùng", "cho biết", "Đội trưởng Đội Quản lý hành chính"),
    ("Nguyễn Doãn Anh", "kết luận", "Bí thư Tỉnh ủy"),
])
def test_each_official_has_the_role_and_title_the_article_gives(people, name, role, title):
    assert role in people[name].roles
    assert title in people[name].titles


def test_exactly_the_ten_officials_of_the_corpus_and_no_places_or_bylines(people):
    assert set(people) == {
        "Nguyễn Doãn Anh", "Nguyễn Văn Long", "Vũ Văn Tấn", "Lâm Hải Giang", "Đỗ Minh Tuấn", "Phùng Xuân Tiến",
        "Nguyễn Huy Dũng", "Mai Xuân Liêm", "Đỗ Hữu Quyết", "Nguyễn Đăng Tùng",
    }
    assert not set(people) & (PLACES | {"Sầm Sơn", "Đông Sơn", "Hà Phương", "Linh Hương"})


# Directives -----------------------------------------------------------------------------------------------------

def test_exactly_the_directives_of_the_corpus(facts):
    assert {d.code for d in facts.directives} == {
        "57-NQ/TW", "Đề án 06", "749/QĐ-TTg", "4216/QĐ-UBND", "06-NQ/TU", "02/CT-UBND", "77/KH-UBND", "100/KH-BCĐ",
        "1829/QĐ-UBND", "266-KH/TU",
    }


def directive(facts, code, article_id):
    return next(d for d in facts.directives if d.code == code and d.article_id == article_id)


def test_resolution_57_is_dated_and_issued_by_the_politburo_in_both_date_styles(facts):
    dated = [d for d in facts.directives if d.code == "57-NQ/TW" and d.date]
    assert {d.date for d in dated} == {"22.12.2024", "22/12/2024"}
    assert all(d.kind == "Nghị quyết" and d.date_iso == "2024-12-22" and d.issuer == "Bộ Chính trị" for d in dated)
    binh_dinh = directive(facts, "57-NQ/TW", BINH_DINH)
    assert binh_dinh.subject.startswith("đột phá phát triển khoa học, công nghệ")
    assert directive(facts, "57-NQ/TW", NQ57).subject is None


def test_the_action_plan_266_is_a_plan_of_the_provincial_party_committee(facts):
    plan = directive(facts, "266-KH/TU", NQ57)
    assert (plan.kind, plan.issuer, plan.date) == ("Kế hoạch", "Tỉnh ủy Thanh Hóa", None)


def test_directive_02_has_its_date_issuer_and_subject_up_to_the_semicolon(facts):
    ct = directive(facts, "02/CT-UBND", THE_CHE)
    assert (ct.kind, ct.date, ct.date_iso, ct.issuer) == ("Chỉ thị", "18-1-2023", "2023-01-18", "Chủ tịch UBND tỉnh")
    assert ct.subject == ("tăng cường công tác bảo đảm an toàn thông tin mạng, an ninh thông tin cho thiết bị "
                          "camera giám sát")


@pytest.mark.parametrize("code, kind, issuer, date_iso, subject_start", [
    ("749/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", "2020-06-03", "Chương trình CĐS quốc gia đến năm 2025"),
    ("4216/QĐ-UBND", "Quyết định", "UBND tỉnh", None, "kế hoạch CĐS trên địa bàn tỉnh Thanh Hóa"),
    ("06-NQ/TU", "Nghị quyết", "Ban Thường vụ Tỉnh ủy", "2021-11-10", "CĐS tỉnh Thanh Hóa đến năm 2025"),
    ("100/KH-BCĐ", "Kế hoạch", "Trưởng Ban Chỉ đạo CĐS", "2023-04-26", "kế hoạch hoạt động năm 2023"),
    ("1829/QĐ-UBND", "Quyết định", "Chủ tịch UBND tỉnh", "2023-05-30", "việc ban hành các tiêu chí CĐS cấp xã"),
])
def test_directives_of_the_institutions_article(facts, code, kind, issuer, date_iso, subject_start):
    d = directive(facts, code, THE_CHE)
    assert (d.kind, d.issuer, d.date_iso) == (kind, issuer, date_iso)
    assert d.subject.startswith(subject_start)
    assert "kim chỉ nam" not in d.subject and ";" not in d.subject


def test_project_06_carries_its_full_name_where_the_article_spells_it_out(facts):
    spelled = [d for d in facts.directives if d.code == "Đề án 06"]
    assert {d.article_id for d in spelled} == {BINH_DINH, THE_CHE}
    assert all(d.kind == "Đề án" and d.subject.startswith("Đề án phát triển ứng dụng dữ liệu về dân cư, định danh")
               for d in spelled)


# Figures --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("article_id, value, number, unit, indicator", [
    (NQ57, "1.758/1.950", 1758, "dịch vụ", "dịch vụ công trực tuyến"),
    (NQ57, "611.000", 611_000, "chữ ký số", "chữ ký số được cấp"),
    (NQ57, "2,2 triệu", 2_200_000, "tài khoản", "tài khoản VNeID mức độ 2 đã được kích hoạt thành công"),
    (NQ57, "5/10", 5, "cơ sở dữ liệu", "cơ sở dữ liệu quốc gia"),
    (NQ57, "700", 700, "phòng họp trực tuyến", "phòng họp trực tuyến thường xuyên hoạt động"),
    (NQ57, "300", 300, "bộ dữ liệu mở", "bộ dữ liệu mở phục vụ người dân và doanh nghiệp"),
    (BINH_DINH, "1.230", 1230, "dịch vụ", "dịch vụ công trực tuyến toàn trình"),
    (BINH_DINH, "66%", 66, "%", "dịch vụ công trực tuyến toàn trình"),
    (BINH_DINH, "99,81%", 99.81, "%", "hồ sơ được giải quyết đúng hạn"),
    (BINH_DINH, "99,88%", 99.88, "%", "tỷ lệ số hóa thành phần hồ sơ"),
    (BINH_DINH, "94-100%", 94, "%", "tỷ lệ giải quyết hồ sơ trực tuyến"),
    (BINH_DINH, "60,37%", 60.37, "%", "trường tiểu học sử dụng học bạ số"),
    (BINH_DINH, "58", 58, "xã, phường", "xã, phường trung tâm"),
    (SO_KET, "856", 856, "đơn vị", "phương án đảm bảo an toàn thông tin"),
    (BO_TTTT, "195", 195, "cơ sở dữ liệu", "cung cấp cơ sở dữ liệu"),
    (BO_TTTT, "27.662.427", 27_662_427, "lượt truy cập", "lượt truy cập"),
    (THE_CHE, "11/11", 11, "xã, phường", "xã, phường thành lập được ban chỉ đạo CĐS cấp xã"),
])
def test_figures_a_reader_would_quote(facts, article_id, value, number, unit, indicator):
    matches = [f for f in facts.figures if f.article_id == article_id and f.value == value]
    assert len(matches) == 1
    figure = matches[0]
    assert (figure.number, figure.unit) == (pytest.approx(number), unit)
    assert indicator in figure.indicator and len(figure.indicator.split()) <= 18


def test_figures_carry_qualifier_province_and_date(facts):
    by_value = {(f.article_id, f.value): f for f in facts.figures}
    assert by_value[(NQ57, "611.000")].qualifier == "hơn"
    assert by_value[(NQ57, "2,2 triệu")].qualifier == "trên"
    assert by_value[(BINH_DINH, "99,6%")].qualifier == "đạt"
    assert (by_value[(BINH_DINH, "1.230")].province, by_value[(BINH_DINH, "1.230")].date) == ("Bình Định", "2025-05-09")
    assert by_value[(THE_CHE, "40.325")].date == "2023-06-30"  # "Tính đến ngày 30-6", in a 2023 article


def test_no_figure_is_part_of_a_date_a_code_a_name_or_a_year(facts):
    values = {f.value for f in facts.figures}
    assert not values & {"57", "22", "12", "266", "06", "749", "4216", "02", "1829", "2024", "2025", "2030", "2022",
                         "9.5", "19/10", "16/5", "24/7", "4.0", "2", "6"}
    assert all(f.unit not in {"tháng", "năm", "ngày"} for f in facts.figures)


# Spans ----------------------------------------------------------------------------------------------------------

def test_every_record_quotes_one_sentence_that_contains_it(facts, articles):
    sentences = {a.id: set(sentence_spans(a.text)) for a in articles.values()}
    quoted = [(o, o.written) for o in facts.officials] + [(f, f.value) for f in facts.figures]
    quoted += [(d, d.code) for d in facts.directives]
    for record, text in quoted:
        assert (record.start, record.end) in sentences[record.article_id]
        assert text in articles[record.article_id].text[record.start:record.end]


# Edge cases in small Vietnamese sentences -----------------------------------------------------------------------

def test_title_after_the_name_and_the_short_form_later():
    facts = facts_of("Ông Trần Quốc Bình, Giám đốc Sở Khoa học và Công nghệ, cho biết tỉnh đã số hóa hồ sơ.\n"
                     "Thiếu tướng Lê Quang Hải, Giám đốc Công an tỉnh phát biểu tại hội nghị.\n"
                     "Kết luận hội nghị, Thiếu tướng Hải yêu cầu các đơn vị hoàn thành nhiệm vụ.")
    people = officials_by_name(facts)
    assert set(people) == {"Trần Quốc Bình", "Lê Quang Hải"}
    assert people["Trần Quốc Bình"].titles == ("Giám đốc Sở Khoa học và Công nghệ",)
    assert people["Trần Quốc Bình"].roles == ("cho biết",)
    assert [o.written for o in people["Lê Quang Hải"].mentions] == ["Lê Quang Hải", "Hải"]
    assert {"phát biểu", "kết luận", "yêu cầu"} <= set(people["Lê Quang Hải"].roles)


def test_co_chairs_joined_by_and_share_the_verb_and_two_syllable_names_need_a_bare_title():
    people = officials_by_name(facts_of("Bộ trưởng Bộ TT&TT Nguyễn Mạnh Hùng và Chủ tịch UBND tỉnh Võ Văn Hưng đồng "
                                        "chủ trì hội nghị. Thượng tướng Tô Lâm phát biểu."))
    assert {name: p.roles for name, p in people.items()} == {
        "Nguyễn Mạnh Hùng": ("đồng chủ trì",), "Võ Văn Hưng": ("đồng chủ trì",), "Tô Lâm": ("phát biểu",)}
    assert people["Võ Văn Hưng"].titles == ("Chủ tịch UBND tỉnh",)


def test_a_short_form_without_its_full_name_is_no_official():
    assert facts_of("Đại tá Hùng phát biểu tại buổi làm việc.").officials == []


@pytest.mark.parametrize("sentence", [
    "Chủ tịch UBND tỉnh Hà Giang phát biểu tại hội nghị.",
    "Bí thư Huyện ủy Quan Hóa kết luận buổi làm việc.",
    "Bí thư Thành ủy Hồ Chí Minh dự hội nghị.",
    "Tác giả: Hà Phương",
    "Hiệu trưởng Trường THPT Lê Quý Đôn phát biểu tại lễ khai giảng.",
    "Chủ tịch UBND huyện Mai Sơn dự hội nghị.",
])
def test_places_and_bylines_are_not_officials(sentence):
    assert facts_of(sentence).officials == []


def test_decimal_comma_millions_and_ratio():
    figures = facts_of("Tỉnh có gần 1,25 triệu người dùng VNeID và 98,5% hồ sơ được xử lý đúng hạn. "
                       "Tỉnh đã kết nối 7/12 cơ sở dữ liệu quốc gia.").figures
    assert [(f.value, f.number, f.unit, f.qualifier) for f in figures] == [
        ("1,25 triệu", 1_250_000, "người", "gần"), ("98,5%", 98.5, "%", None), ("7/12", 7, "cơ sở dữ liệu", None)]
    assert figures[1].indicator == "hồ sơ được xử lý đúng hạn"


def test_dates_years_levels_and_list_markers_are_not_figures():
    figures = facts_of("Ngày 7/12, tỉnh họp về giai đoạn 2021-2025.\n1. Năm 2024 tỉnh kích hoạt tài khoản mức độ 2.\n"
                       "Tính đến ngày 30/6/2024, toàn tỉnh có 2.345 tổ công nghệ số cộng đồng.").figures
    assert [(f.value, f.number, f.date) for f in figures] == [("2.345", 2345, "2024-06-30")]


def test_a_coded_decree_with_date_issuer_and_subject():
    (decree,) = facts_of("Chính phủ đã ban hành Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 về bảo vệ dữ liệu cá "
                         "nhân.").directives
    assert (decree.code, decree.kind, decree.date_iso, decree.issuer) == (
        "13/2023/NĐ-CP", "Nghị định", "2023-04-17", "Chính phủ")
    assert decree.subject == "bảo vệ dữ liệu cá nhân"


def test_a_table_typed_as_text_does_not_stop_extraction():
    facts = facts_of("Chỉ tiêu | 2023 | 2024\nSố dịch vụ công trực tuyến | 1.105 | 1.230\n"
                     "Toàn tỉnh có 872 dịch vụ công trực tuyến toàn trình.")
    assert any(f.value == "872" for f in facts.figures)


def test_an_article_that_trips_an_extractor_is_named_and_the_others_keep_their_facts(monkeypatch):
    import index.facts as extraction

    good = parse_article("tot", "Tin thử\nToàn tỉnh có 872 dịch vụ công trực tuyến toàn trình.", "corpus/tot.txt")
    bad = parse_article("hong", "Tin thử\nToàn tỉnh có 15 camera.", "corpus/hong.txt")
    real = extraction._figures
    monkeypatch.setattr(extraction, "_figures", lambda a: real(a) if a.id == "tot" else 1 / 0)
    warnings: list[str] = []
    facts = extract_facts([bad, good], warnings.append)
    assert [f.article_id for f in facts.figures] == ["tot"]
    assert len(warnings) == 1 and bad.path in warnings[0] and "ZeroDivisionError" in warnings[0]
