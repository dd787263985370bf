"""index.normalize: one canonical form (NFC, one tone placement, Đ, spaces) for articles and questions alike."""

from __future__ import annotations

import unicodedata

import pytest

from index.normalize import fold, normalize_text


@pytest.mark.parametrize("typed, canonical", [
    ("Thanh Hoá", "Thanh Hóa"),
    ("công trình thuỷ lợi", "công trình thủy lợi"),
    ("chăm sóc sức khoẻ", "chăm sóc sức khỏe"),
    ("THANH HOÁ", "THANH HÓA"),
    ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
    ("Hoà Bình", "Hòa Bình"),
    ("tuỳ theo", "tùy theo"),
])
def test_new_style_tone_marks_move_to_the_traditional_vowel(typed: str, canonical: str) -> None:
    assert normalize_text(typed) == canonical


@pytest.mark.parametrize("word", [
    "hoàn", "quả", "giữa", "người", "quốc", "giường", "Nguyễn", "ngoài", "khuỷu", "thủy", "Hóa", "QUẢ",
])
def test_words_already_in_canonical_form_are_left_alone(word: str) -> None:
    assert normalize_text(word) == word


def test_decomposed_input_comes_out_composed_and_canonical() -> None:
    decomposed = unicodedata.normalize("NFD", "Thanh Hoá, người dân và Đề án 06")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    out = normalize_text(decomposed)
    assert out == "Thanh Hóa, người dân và Đề án 06"
    assert unicodedata.is_normalized("NFC", out)


def test_icelandic_eth_becomes_vietnamese_d_with_stroke() -> None:
    """Ð (U+00D0) looks like Đ (U+0110) and turns up in pasted text; keyword search must see one letter."""
    assert normalize_text("\u00d0ề án 06 và \u00f0ịnh danh") == "\u0110ề án 06 và \u0111ịnh danh"


def test_spaces_and_non_breaking_spaces_collapse() -> None:
    assert normalize_text("  Đề\u00a0\u00a0án\t06 \u202f của  tỉnh  ") == "Đề án 06 của tỉnh"


def test_line_structure_is_kept_but_blank_runs_shrink_to_one() -> None:
    raw = "Tiêu đề\r\n\r\n\r\n\r\n  Đoạn một.  \r\nĐoạn hai.\r\n"
    assert normalize_text(raw) == "Tiêu đề\n\nĐoạn một.\nĐoạn hai."


def test_normalising_twice_changes_nothing() -> None:
    text = "Sáng 01/8/2023, Thanh Hoá đã hoàn thành việc kết nối — đạt 99,81%  hồ sơ\n\n\nđúng hạn."
    once = normalize_text(text)
    assert normalize_text(once) == once


@pytest.mark.parametrize("text, folded", [
    ("Đề án 06", "de an 06"),
    ("THANH HÓA", "thanh hoa"),
    ("chữ ký số", "chu ky so"),
    ("Bình Định", "binh dinh"),
])
def test_fold_drops_diacritics_and_case(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_does_not_care_where_the_tone_was_typed() -> None:
    assert fold("Thanh Hoá") == fold("Thanh Hóa") == fold(unicodedata.normalize("NFD", "Thanh Hoá"))


def test_a_question_typed_in_any_form_finds_the_same_passages(fake_assistant) -> None:
    """The same normaliser runs on questions: old-style tones or decomposed input must not change results."""
    canonical = [p.chunk_id for p in fake_assistant.search("Thanh Hóa có bao nhiêu chữ ký số?")]
    for variant in ("Thanh Hoá có bao nhiêu chữ ký số?",
                    unicodedata.normalize("NFD", "Thanh Hoá có bao nhiêu chữ ký số?"),
                    "Thanh\u00a0Hóa  có bao nhiêu chữ ký số?"):
        assert [p.chunk_id for p in fake_assistant.search(variant)] == canonical


def test_invisible_characters_are_removed_not_kept_or_spaced():
    typed = "\ufeffAi đồ\u200bng ch\u200củ tr\u00adì bu\x00ổi là\u200dm việc ngày 16/5?\ud800"
    assert normalize_text(typed) == "Ai đồng chủ trì buổi làm việc ngày 16/5?"
    assert normalize_text("Dòng một\nDòng\thai") == "Dòng một\nDòng hai"


def test_a_question_with_invisible_characters_gets_the_same_answer(fake_assistant):
    plain = fake_assistant.ask("Ai đồng chủ trì buổi làm việc ngày 16/5?")
    hidden = fake_assistant.ask("\ufeffAi đồ\u200bng chủ trì bu\x00ổi làm v\u200diệc ngày 16/\u200c5?")
    assert hidden.text == plain.text and not hidden.refused
