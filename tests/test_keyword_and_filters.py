"""Abbreviations, provinces, filters read from questions, and the BM25 keyword index (index.keyword)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.filters import filters_from_question, merge, years_in
from index.abbreviations import expansions
from index.articles import read_corpus
from index.build import embedding_text
from index.chunk import chunk_article
from index.keyword import KeywordIndex
from index.provinces import province_from_slug, provinces_in
from index.types import Chunk, SearchFilters, date_bounds
from tests.conftest import CORPUS

BINH_DINH = "binhdinh-2025-05-09-c06-de-an-06"


@pytest.fixture(scope="module")
def chunks() -> dict[str, Chunk]:
    return {c.id: c for a in read_corpus(CORPUS) for c in chunk_article(a, 700)}


@pytest.fixture(scope="module")
def keyword(chunks: dict[str, Chunk]) -> KeywordIndex:
    return KeywordIndex.build(list(chunks), [embedding_text(c) for c in chunks.values()])


@pytest.mark.parametrize("text, extra", [
    ("Ban Chỉ đạo CĐS tỉnh", "chuyển đổi số"),
    ("đẩy mạnh chuyển đổi số", "CĐS"),
    ("chuyen doi so o Thanh Hoa", "CĐS"),
    ("100% TTHC có phí", "thủ tục hành chính"),
    ("đơn giản hóa thủ tục hành chính", "TTHC"),
    ("cấp CCCD gắn chip", "căn cước công dân"),
    ("dùng Căn cước công dân thay thẻ", "CCCD"),
    ("Thứ trưởng Bộ TT&TT", "thông tin và truyền thông"),
    ("Ủy ban nhân dân tỉnh", "UBND"),
])
def test_abbreviations_expand_both_ways(text: str, extra: str) -> None:
    assert extra in expansions(text)


def test_an_abbreviation_inside_a_longer_word_is_not_expanded() -> None:
    assert "thủ tục hành chính" not in expansions("Trung tâm TTHCC của tỉnh")


@pytest.mark.parametrize("text, provinces", [
    ("Bình Định có bao nhiêu dịch vụ công?", ["Bình Định"]),
    ("binh dinh co bao nhieu dich vu cong", ["Bình Định"]),
    ("So sánh Thanh Hoá với Bình Định", ["Thanh Hóa", "Bình Định"]),
    ("Chuyển đổi số ở Thừa Thiên Huế", ["Thừa Thiên Huế"]),
    ("du lịch Huế", ["Thừa Thiên Huế"]),
    ("TP Hồ Chí Minh và Hà Nội", ["TP Hồ Chí Minh", "Hà Nội"]),
    ("Đề án 06 là gì?", []),
])
def test_provinces_are_found_with_or_without_accents(text: str, provinces: list[str]) -> None:
    assert provinces_in(text) == provinces


def test_a_person_named_hue_is_not_the_province_hue() -> None:
    assert provinces_in("Bà Nguyễn Thị Huệ phát biểu gì về chuyển đổi số?") == []


@pytest.mark.parametrize("slug, province", [
    ("thanhhoa", "Thanh Hóa"), ("binhdinh", "Bình Định"), ("hochiminh", "TP Hồ Chí Minh"), ("baiviet", None),
])
def test_file_name_prefixes_name_provinces(slug: str, province: str | None) -> None:
    assert province_from_slug(slug) == province


@pytest.mark.parametrize("question, period", [
    ("Thanh Hóa làm được gì trong năm 2023?", (2023, 2023)),
    ("Kết quả từ 2023 đến 2025?", (2023, 2025)),
    ("Kết quả từ năm 2023 đến năm 2025?", (2023, 2025)),
    ("So sánh năm 2025 với năm 2023", (2023, 2025)),
    ("Mục tiêu chuyển đổi số đến năm 2030 là gì?", None),
    ("Kế hoạch CĐS đến năm 2025, định hướng đến năm 2030?", None),
    ("Nghị quyết 57-NQ/TW ngày 22/12/2024 nói gì?", None),
    ("Năm 2025, định hướng đến năm 2030 của Thanh Hóa?", (2025, 2025)),
])
def test_years_in_reads_periods_but_not_target_years(question: str, period: tuple[int, int] | None) -> None:
    assert years_in(question) == period


def test_a_rejected_target_range_does_not_leave_its_last_year_as_a_period() -> None:
    assert years_in("Thanh Hóa triển khai Đề án 06 giai đoạn 2022 - 2025 ra sao?") is None


@pytest.mark.parametrize("question", ["Bình Định có bao nhiêu CCCD năm 2025?", "binh dinh co bao nhieu CCCD nam 2025"])
def test_filters_from_question_read_province_and_year(question: str) -> None:
    assert filters_from_question(question) == SearchFilters(("Bình Định",), 20250101, 20251231)


def test_filters_set_by_the_user_win_over_the_question() -> None:
    explicit = SearchFilters(provinces=("Thanh Hóa",), date_from=20230101)
    parsed = SearchFilters(provinces=("Bình Định",), date_from=20250101, date_to=20251231)
    assert merge(explicit, parsed) == SearchFilters(("Thanh Hóa",), 20230101, 20251231)
    assert merge(None, parsed) == parsed


def test_partial_dates_stand_for_their_whole_month_or_year() -> None:
    assert date_bounds("2023-10") == (20231001, 20231031)
    assert date_bounds("2024-02") == (20240201, 20240229)
    assert date_bounds("2023") == (20230101, 20231231)
    october = SearchFilters(date_from=20231001, date_to=20231031)
    assert october.admits("Thanh Hóa", date_bounds("2023"))
    assert not october.admits("Thanh Hóa", date_bounds("2023-08-01"))
    assert not october.admits("Thanh Hóa", None)


def test_an_unaccented_question_finds_the_accented_figure(keyword: KeywordIndex,
                                                          chunks: dict[str, Chunk]) -> None:
    (top, _), *_ = keyword.search("thanh hoa co bao nhieu chu ky so", 3)
    assert "611.000 chữ ký số" in chunks[top].text


def test_cds_finds_passages_that_only_say_chuyen_doi_so(keyword: KeywordIndex, chunks: dict[str, Chunk]) -> None:
    """The Bình Định article never writes CĐS; the abbreviation must still reach it."""
    allowed = {cid for cid, c in chunks.items() if c.article_id == BINH_DINH}
    found = keyword.search("CĐS", 5, allowed)
    assert found and all("chuyển đổi số" in chunks[cid].text.lower() for cid, _ in found)
    assert not any("CĐS" in chunks[cid].text for cid, _ in found)


def test_a_question_with_no_known_word_finds_nothing(keyword: KeywordIndex) -> None:
    assert keyword.search("xyzzy qwerty", 5) == []


def test_the_keyword_index_answers_the_same_after_save_and_load(keyword: KeywordIndex, tmp_path: Path) -> None:
    keyword.save(tmp_path / "kw")
    loaded = KeywordIndex.load(tmp_path / "kw")
    question = "Huyện Đông Sơn đã cài đặt được bao nhiêu tài khoản VNeID?"
    assert [c for c, _ in loaded.search(question, 5)] == [c for c, _ in keyword.search(question, 5)]


def test_province_in_the_question_restricts_the_passages(fake_assistant: Assistant) -> None:
    passages = fake_assistant.search("Tỷ lệ sử dụng chữ ký số ở Bình Định thế nào?", k=5)
    assert passages and {p.province for p in passages} == {"Bình Định"}


def test_a_province_read_from_the_question_holds_even_with_no_article(fake_assistant: Assistant) -> None:
    """Another province's passages are no answer about Hà Nội: nothing is found, and the answer says why."""
    assert fake_assistant.search("Hà Nội có bao nhiêu dịch vụ công trực tuyến?", k=3) == []
    answer = fake_assistant.ask("Hà Nội có bao nhiêu dịch vụ công trực tuyến?")
    assert answer.refused and "Hà Nội" in answer.text and not answer.citations


def test_a_year_in_the_question_admits_later_reports_and_falls_back_to_earlier_ones(fake_assistant) -> None:
    later = fake_assistant.search("Kết quả năm 2023 của Bình Định về dịch vụ công trực tuyến?", k=5)
    assert later and {p.province for p in later} == {"Bình Định"}  # published 2025, reporting 2023
    earlier = fake_assistant.search("Thanh Hóa năm 2030 có bao nhiêu dịch vụ công?", k=3)
    assert earlier and {p.province for p in earlier} == {"Thanh Hóa"}  # no report from 2030: the year is dropped


def test_an_explicit_filter_that_matches_nothing_returns_nothing(fake_assistant: Assistant) -> None:
    assert fake_assistant.search("dịch vụ công trực tuyến", 3, SearchFilters(provinces=("Hà Nội",))) == []


def test_an_explicit_month_filter_admits_only_articles_of_that_month(fake_assistant: Assistant) -> None:
    passages = fake_assistant.search("chuyển đổi số", 50, SearchFilters(date_from=20231001, date_to=20231031))
    assert {p.date for p in passages} == {"2023-10-19", "2023"}


def test_the_articles_a_filter_admits_are_read_by_province_and_agree_with_a_walk_over_every_article(
        fake_assistant: Assistant) -> None:
    corpus = fake_assistant.corpus
    for filters in (SearchFilters(provinces=("Thanh Hóa",)), SearchFilters(date_from=20231001, date_to=20231031),
                    SearchFilters(provinces=("Bình Định", "Gia Lai"), date_from=20250101),
                    SearchFilters(provinces=("Hà Nội",))):
        walked = {a.id for a in corpus.articles.values() if filters.admits(a.province, a.date_range)}
        assert set(corpus.admitted(filters)) == walked
        allowed = fake_assistant.retriever.allowed_ids(filters)
        assert allowed == {c.id for c in corpus.chunks.values() if c.article_id in walked}
