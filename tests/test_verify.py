"""Per-sentence verification of a model's wording: pure functions over Vietnamese sentences."""

from __future__ import annotations

import pytest

from assistant.answering.generate import complete_sentences, grounding, split_sentences
from assistant.answering.verify import check_sentence
from assistant.types import Citation

QUOTE = ("Buổi làm việc do đồng chí Nguyễn Doãn Anh, Bí thư Tỉnh ủy Thanh Hóa chủ trì ngày 16/5/2025; tỉnh đã "
         "cấp 12.500 chữ ký số, đạt 99,81% và triển khai Nghị quyết số 57-NQ/TW.")
SOURCES = {1: grounding(Citation(1, "a", "Đoàn công tác làm việc với Tỉnh ủy", "2025-05-16", "Thanh Hóa", QUOTE, 0, 1)),
           2: "Toàn tỉnh có 1.230 dịch vụ công trực tuyến toàn trình."}


@pytest.mark.parametrize("sentence", [
    "Tỉnh đã cấp 12500 chữ ký số [1].",  # thousand separator dropped
    "Ông Nguyễn Doãn Anh, Bí thư Tỉnh ủy Thanh Hoá, chủ trì buổi làm việc [1].",  # the other tone placement
    "Buổi làm việc diễn ra ngày 16/5 [1].",  # day and month of the quoted date
    "Theo báo cáo của Thanh Hóa ngày 16/5/2025, tỷ lệ đạt 99,81% [1].",  # province and date of the article
    "Nghị quyết 57-NQ/TW được triển khai [1].",
    "Toàn tỉnh có 1.230 dịch vụ [2], cấp 12.500 chữ ký số [1].",
    "Tỉnh có 1.230 dịch vụ và 12.500 chữ ký số [1][2].",  # each figure in one of the cited sources
])
def test_a_faithful_sentence_is_kept(sentence):
    assert check_sentence(sentence, SOURCES).kept, check_sentence(sentence, SOURCES)


@pytest.mark.parametrize("sentence, reason, detail", [
    ("Tỉnh đã cấp 12.600 chữ ký số [1].", "number", "12600"),
    ("Tỉnh đã cấp 125 chữ ký số [1].", "number", "125"),  # a part of 12.500 is not 12.500
    ("Tỉnh triển khai 16 nhiệm vụ [1].", "number", "16"),  # the day of 16/5/2025 is no count
    ("Buổi làm việc diễn ra ngày 17/5/2025 [1].", "number", "17/5/2025"),
    ("Tỉnh triển khai Nghị quyết số 52-NQ/TW [1].", "number", "52-NQ/TW"),
    ("Tỷ lệ đạt 99,18% [1].", "number", "99,18%"),
    ("Ông Lê Văn Hùng, Bí thư Tỉnh ủy, chủ trì buổi làm việc [1].", "name", "Ông Lê Văn Hùng"),
    ("Bí thư Tỉnh ủy Nghệ An chủ trì buổi làm việc [1].", "name", "Nghệ An"),
    ("VNPT đã cấp 12.500 chữ ký số [1].", "name", "VNPT"),
    ("Toàn tỉnh có 1.230 dịch vụ [1].", "number", "1230"),  # a figure of another source
    ("Tỉnh đã cấp 12.500 chữ ký số [4].", "unknown-marker", "[4]"),
    ("Tỉnh đã cấp 12.500 chữ ký số.", "no-marker", ""),
    ("The province issued 12.500 digital signatures [1].", "language", ""),
])
def test_an_unsupported_sentence_is_dropped_with_its_reason(sentence, reason, detail):
    checked = check_sentence(sentence, SOURCES)
    assert (checked.reason, checked.detail) == (reason, detail)


def test_a_reply_splits_into_sentences_the_same_way_streamed_or_whole():
    reply = "Tỉnh có 1.230 dịch vụ [2]. TP. Thanh Hóa cấp 12.500 chữ ký số [1]; đạt 99,81% [1]\n- Không dẫn. Cuối [1]."
    whole = split_sentences(reply)
    assert whole == ["Tỉnh có 1.230 dịch vụ [2].", "TP. Thanh Hóa cấp 12.500 chữ ký số [1];", "đạt 99,81% [1]",
                     "Không dẫn.", "Cuối [1]."]
    for size in (1, 2, 5, 13):
        assert list(complete_sentences(reply[i:i + size] for i in range(0, len(reply), size))) == whole
