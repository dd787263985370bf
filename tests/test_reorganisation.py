"""index.reorganisation: the 63 old provinces within the 34 of Nghị quyết 202/2025/QH15, and the filter on them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from index.articles import read_corpus
from index.provinces import PROVINCES
from index.reorganisation import (
    filter_choices, is_merged_away, label, predecessors, provinces_2025, related, successor,
)

ROOT = Path(__file__).resolve().parents[1]


def test_the_data_has_34_provinces_and_every_old_one_exactly_once() -> None:
    provinces = provinces_2025()
    assert len(provinces) == 34
    assert len({p.name for p in provinces}) == 34
    assert Counter(old for p in provinces for old in p.formed_from) == Counter(PROVINCES)


def test_11_were_left_as_they_were_and_23_formed_from_the_other_52() -> None:
    merged = [p for p in provinces_2025() if len(p.formed_from) > 1]
    assert len(merged) == 23
    assert sum(len(p.formed_from) for p in merged) == 52


def test_a_merged_province_keeps_the_name_of_one_of_its_parts_and_has_its_seat_in_one() -> None:
    for p in provinces_2025():
        if len(p.formed_from) > 1:
            assert p.formed_from[0] == p.name
            assert p.centre in p.formed_from


def test_the_data_names_its_source() -> None:
    source = json.loads((ROOT / "index" / "provinces_2025.json").read_text(encoding="utf-8"))["source"]
    assert source["document"] == "Nghị quyết 202/2025/QH15"
    assert source["date"] == "2025-06-12"
    assert source["urls"]


@pytest.mark.parametrize("new, old", [
    ("Gia Lai", ("Gia Lai", "Bình Định")),
    ("Tuyên Quang", ("Tuyên Quang", "Hà Giang")),
    ("Phú Thọ", ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình")),
    ("Ninh Bình", ("Ninh Bình", "Hà Nam", "Nam Định")),
    ("Lâm Đồng", ("Lâm Đồng", "Đắk Nông", "Bình Thuận")),
    ("TP Hồ Chí Minh", ("TP Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu")),
    ("Cần Thơ", ("Cần Thơ", "Sóc Trăng", "Hậu Giang")),
    ("Vĩnh Long", ("Vĩnh Long", "Bến Tre", "Trà Vinh")),
    ("Tây Ninh", ("Tây Ninh", "Long An")),
    ("An Giang", ("An Giang", "Kiên Giang")),
    ("Thanh Hóa", ("Thanh Hóa",)),
    ("Huế", ("Thừa Thiên Huế",)),
])
def test_known_mergers(new: str, old: tuple[str, ...]) -> None:
    assert predecessors(new) == old
    assert {successor(o) for o in old} == {new}


def test_gia_lai_has_its_seat_in_former_binh_dinh() -> None:
    assert {p.name: p.centre for p in provinces_2025()}["Gia Lai"] == "Bình Định"


@pytest.mark.parametrize("old, merged_away, shown", [
    ("Bình Định", True, "Bình Định (nay thuộc Gia Lai)"),
    ("Bà Rịa - Vũng Tàu", True, "Bà Rịa - Vũng Tàu (nay thuộc TP Hồ Chí Minh)"),
    ("Thừa Thiên Huế", True, "Thừa Thiên Huế (nay là Huế)"),
    ("Gia Lai", False, "Gia Lai"),
    ("Thanh Hóa", False, "Thanh Hóa"),
])
def test_label_says_where_a_merged_province_went(old: str, merged_away: bool, shown: str) -> None:
    assert is_merged_away(old) is merged_away
    assert label(old) == shown


def test_names_typed_without_or_with_other_accents_are_recognised() -> None:
    assert successor("binh dinh") == "Gia Lai"
    assert successor("Thanh Hoá") == "Thanh Hóa"
    assert predecessors("gia lai") == ("Gia Lai", "Bình Định")


def test_a_name_with_different_accents_is_not_taken_for_a_province() -> None:
    assert successor("Huệ") == "Huệ"
    assert predecessors("Huệ") == ()


@pytest.mark.parametrize("unknown", ["Xứ Đoài", "", "Không rõ"])
def test_unknown_names_come_back_unchanged(unknown: str) -> None:
    assert successor(unknown) == unknown
    assert predecessors(unknown) == ()
    assert is_merged_away(unknown) is False
    assert label(unknown) == unknown
    assert related(unknown) == (unknown,)


def test_a_question_about_the_new_province_reaches_reports_on_its_parts() -> None:
    assert related("Gia Lai") == ("Gia Lai", "Bình Định")
    assert related("Huế") == ("Thừa Thiên Huế",)


def test_a_question_about_a_merged_away_province_stays_with_it() -> None:
    assert related("Bình Định") == ("Bình Định",)
    assert related("Bình Định (nay thuộc Gia Lai)") == ("Bình Định",)


def test_filter_offers_the_old_province_and_the_new_one_sorted_without_accents() -> None:
    choices = filter_choices(["Thừa Thiên Huế", "Thanh Hóa", "Bình Dương", "Bình Định", "Bình Định"])
    assert choices == [
        "Bình Định (nay thuộc Gia Lai)", "Bình Dương (nay thuộc TP Hồ Chí Minh)", "Gia Lai", "Huế",
        "Thanh Hóa", "Thừa Thiên Huế (nay là Huế)", "TP Hồ Chí Minh",
    ]


def test_filter_keeps_names_it_does_not_know() -> None:
    assert filter_choices(["Xứ Đoài", "Gia Lai"]) == ["Gia Lai", "Xứ Đoài"]


def test_every_choice_for_the_bundled_corpus_selects_some_of_its_reports() -> None:
    present = sorted({a.province for a in read_corpus(ROOT / "corpus") if a.province})
    assert "Bình Định" in present
    choices = filter_choices(present)
    assert "Bình Định (nay thuộc Gia Lai)" in choices and "Gia Lai" in choices
    for choice in choices:
        assert set(related(choice)) & set(present), choice
