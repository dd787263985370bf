"""index.segment: pyvi words, with the atoms people ask about (codes, dates, figures, abbreviations) kept whole."""

from __future__ import annotations

import pytest

from index.segment import segment


@pytest.mark.parametrize("sentence, atom", [
    ("Triển khai Nghị quyết 57-NQ/TW của Bộ Chính trị", "57-NQ/TW"),
    ("Tỉnh ủy đã ban hành Kế hoạch hành động số 266-KH/TU gồm 79 mục tiêu", "266-KH/TU"),
    ("Thủ tướng ban hành Quyết định số 749/QĐ-TTg phê duyệt chương trình", "749/QĐ-TTg"),
    ("Ngày 16/5, Đoàn công tác của Bộ Công an đã làm việc", "16/5"),
    ("Nghị quyết ngày 22/12/2024 của Bộ Chính trị", "22/12/2024"),
    ("Nghị quyết 57-NQ/TW ngày 22.12.2024 về đột phá", "22.12.2024"),
    ("Quyết định số 749/QĐ-TTg, ngày 3-6-2020 phê duyệt", "3-6-2020"),
    ("có 99,81% hồ sơ được giải quyết đúng hạn", "99,81%"),
    ("đứng đầu cả nước về số lượng dịch vụ công trực tuyến (1.758/1.950 dịch vụ)", "1.758/1.950"),
    ("Ban Chỉ đạo CĐS tỉnh Thanh Hóa", "CĐS"),
    ("tại trụ sở UBND tỉnh", "UBND"),
    ("Thứ trưởng Bộ TT&TT Nguyễn Huy Dũng", "TT&TT"),
    ("kích hoạt tài khoản VNeID mức độ 2", "VNeID"),
    ("Đoàn công tác C06 (Bộ Công an)", "C06"),
    ("hơn 611.000 chữ ký số được cấp", "611.000"),
])
def test_atoms_come_out_as_one_token(sentence: str, atom: str) -> None:
    assert atom in segment(sentence)


def test_a_percentage_written_with_a_space_is_one_token() -> None:
    assert segment("đạt 99,81 % hồ sơ") == ["đạt", "99,81%", "hồ_sơ"]


@pytest.mark.parametrize("phrase, word", [
    ("triển khai chuyển đổi số quốc gia", "chuyển_đổi"),
    ("triển khai chuyển đổi số quốc gia", "quốc_gia"),
    ("Đoàn công tác của Bộ Công an", "công_tác"),
    ("tỉnh Thanh Hóa", "Thanh_Hóa"),
    ("hơn 611.000 chữ ký số được cấp", "chữ_ký"),
])
def test_multi_syllable_words_are_joined(phrase: str, word: str) -> None:
    assert word in segment(phrase)


def test_every_word_comes_back_once_and_in_order() -> None:
    sentence = "Nghị quyết 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về chuyển đổi số"
    assert " ".join(segment(sentence)).replace("_", " ") == sentence


def test_punctuation_is_not_a_word() -> None:
    tokens = segment("Tỉnh có 1.230 dịch vụ công trực tuyến toàn trình (chiếm 66%), với 85% hồ sơ…")
    assert "1.230" in tokens and "66%" in tokens and "85%" in tokens
    assert not any(t in {",", "(", ")", "…", "."} for t in tokens)


@pytest.mark.parametrize("blank", ["", "   ", "\n\n"])
def test_blank_text_has_no_words(blank: str) -> None:
    assert segment(blank) == []
