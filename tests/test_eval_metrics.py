"""Fact matching and the per-item metrics of eval/metrics.py, on Vietnamese examples."""

from __future__ import annotations

import pytest

from assistant.types import Answer, Citation, Passage
from eval.gold import GoldItem
from eval.metrics import (Outcome, aggregate, answer_chars, citation_precision, citation_recall, contains_fact,
                          evidence_recall, fact_accuracy, false_refusal, missing_facts, percentile,
                          reciprocal_rank, refusal_accuracy, score)

BD = "binhdinh-2025-05-09-c06-de-an-06"
TH = "thanhhoa-2025-05-16-bo-cong-an-nq57"


def item(kind: str = "number", facts: tuple[str, ...] = ("1.230",), sources: tuple[str, ...] = (BD,),
         min_facts: int | None = None) -> GoldItem:
    answerable = kind != "unanswerable"
    return GoldItem(id="q99", kind=kind, question="Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?",
                    key_facts=facts if answerable else (), sources=sources if answerable else (),
                    answerable=answerable, min_facts=min_facts)


def passage(text: str, article_id: str = BD) -> Passage:
    return Passage(chunk_id=f"c-{hash(text)}", article_id=article_id, title="t", date=None, province=None,
                   start=0, end=len(text), text=text, score=0.5)


def outcome(text: str = "", refused: bool = False, cited: tuple[str, ...] = (), retrieved: tuple[str, ...] = (),
            error: str | None = None, latency: float = 100.0) -> Outcome:
    if error:
        return Outcome(None, [], latency, error)
    citations = [Citation(n, a, "t", None, None, "q", 0, 1) for n, a in enumerate(cited, 1)]
    answer = Answer("q", text, refused, citations, [], "q", ["test"])
    return Outcome(answer, [passage(t) for t in retrieved], latency)


@pytest.mark.parametrize("text, fact, found", [
    ("Tổng số người dùng là 27.662.427 lượt.", "27", False),
    ("Có 127 xã đã kết nối.", "27", False),
    ("Có 27 xã đã kết nối.", "27", True),
    ("Năm nay có 27.", "27", True),
    ("Thanh Hóa có 1758 dịch vụ công trực tuyến.", "1.758", True),
    ("Thanh Hóa có 1.758 dịch vụ công trực tuyến.", "1758", True),
    ("Đạt 1.230,5 điểm.", "1.230", False),
    ("Tỷ lệ đạt 99,81%.", "99,81%", True),
    ("Tỷ lệ đạt 0,66%.", "66%", False),
    ("Tỷ lệ giải quyết trực tuyến đạt 94-100%.", "94-100%", True),
    ("Nghị quyết 57-NQ/TW ngày 22.12.2024 của Bộ Chính trị", "22/12/2024", True),
    ("Nghị quyết 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị", "22.12.2024", True),
    ("Sáng 01/8/2023, UBND tỉnh tổ chức hội nghị", "1-8-2023", True),
    ("Ngày 16/5/2025, đoàn công tác làm việc", "16.5", True),
    ("Ngày 16/5/2025, đoàn công tác làm việc", "16/6", False),
    ("Dự hội nghị có ông Đỗ Minh Tuấn, Chủ tịch UBND tỉnh Thanh Hoá.", "Thanh Hóa", True),
    ("THANH HÓA ĐẨY MẠNH CHUYỂN ĐỔI SỐ", "thanh hóa", True),
    ("Đồng chí Nguyễn Văn Long, Thứ trưởng Bộ Công an", "Nguyễn Văn Long", True),
    ("Đồng chí Nguyễn Văn Longa", "Nguyễn Văn Long", False),
    ("kế hoạch\nchuyển đổi số", "kế hoạch chuyển đổi số", True),
    ("Kế hoạch số 266-KH/TU của Tỉnh ủy", "266-KH/TU", True),
    ("Cục trưởng C06 làm trưởng đoàn", "Cục trưởng C06", True),
])
def test_fact_matching(text: str, fact: str, found: bool) -> None:
    assert contains_fact(text, fact) is found


def test_missing_facts_keeps_the_order_of_the_gold_facts() -> None:
    text = "Bình Định có 1.230 dịch vụ công trực tuyến toàn trình."
    assert missing_facts(text, ["66%", "1.230", "99,81%"]) == ["66%", "99,81%"]


def test_fact_accuracy_counts_facts_in_the_answer() -> None:
    gold = item(facts=("1.230", "66%"))
    assert fact_accuracy(gold, outcome("Có 1230 dịch vụ, chiếm 66% [1].")) == 1.0
    assert fact_accuracy(gold, outcome("Có 1.230 dịch vụ [1].")) == 0.5
    nearest = "Các báo cáo hiện có không nêu thông tin này. Thông tin gần nhất: “Có 1.230 dịch vụ, 66%” [1]."
    assert fact_accuracy(gold, outcome(nearest, refused=True)) == 0.0  # a refusal gives no answer


def test_summary_needs_only_min_facts() -> None:
    gold = item("summary", facts=("1.230", "66%", "85%", "99,81%"), min_facts=2)
    assert fact_accuracy(gold, outcome("1.230 dịch vụ, 66% toàn trình.")) == 1.0
    assert fact_accuracy(gold, outcome("1.230 dịch vụ, 66%, 85% và 99,81%.")) == 1.0
    assert fact_accuracy(gold, outcome("1.230 dịch vụ.")) == 0.5


def test_evidence_recall_and_reciprocal_rank() -> None:
    gold = item(facts=("Vũ Văn Tấn", "Cục trưởng C06"))
    got = outcome("x", retrieved=("Bình Định đạt 99,81%.", "Đại tá Vũ Văn Tấn phát biểu.",
                                  "Vũ Văn Tấn, Cục trưởng C06 làm trưởng đoàn"))
    assert evidence_recall(1)(gold, got) == 0.0
    assert evidence_recall(2)(gold, got) == 0.5
    assert evidence_recall(3)(gold, got) == 1.0
    assert reciprocal_rank(gold, got) == 0.5
    assert reciprocal_rank(gold, outcome("x", retrieved=("Không liên quan.",))) == 0.0


def test_citation_precision_and_recall() -> None:
    gold = item("compare", facts=("1.230", "1.758"), sources=(BD, TH))
    one_right_one_wrong = outcome("…", cited=(BD, "thanhhoa-2023-10-19-bo-tttt"))
    assert citation_precision(gold, one_right_one_wrong) == 0.5
    assert citation_recall(gold, one_right_one_wrong) == 0.5
    assert citation_precision(gold, outcome("…", cited=(BD, BD, TH))) == 1.0
    assert citation_precision(gold, outcome("…")) is None  # nothing cited: precision is undefined
    assert citation_recall(gold, outcome("…")) == 0.0


def test_refusal_metrics() -> None:
    unanswerable, answerable = item("unanswerable"), item()
    refusal = outcome("Các báo cáo hiện có không nêu thông tin này.", refused=True)
    answer = outcome("Bình Định có 1.230 dịch vụ [1].", cited=(BD,))
    assert refusal_accuracy(unanswerable, refusal) == 1.0
    assert refusal_accuracy(unanswerable, answer) == 0.0
    assert false_refusal(answerable, refusal) == 1.0
    assert false_refusal(answerable, answer) == 0.0
    assert refusal_accuracy(answerable, refusal) is None
    assert false_refusal(unanswerable, refusal) is None


def test_metrics_that_do_not_apply_are_none() -> None:
    unanswerable = item("unanswerable")
    scores = score(unanswerable, outcome("Không có.", refused=True), k=5)
    assert {name for name, v in scores.items() if v is not None} == {"refusal_accuracy", "latency_ms"}
    assert answer_chars(item("summary"), outcome("Tóm tắt dài.")) is None
    assert answer_chars(item(), outcome("Có 1.230 dịch vụ.")) == len("Có 1.230 dịch vụ.")


def test_an_error_scores_as_a_failure() -> None:
    failed = outcome(error="QuestionTooLong: …")
    assert score(item(), failed, k=3) | {"latency_ms": None} == {
        "recall@1": 0.0, "recall@3": 0.0, "mrr": 0.0, "fact_accuracy": 0.0, "citation_precision": None,
        "citation_recall": 0.0, "refusal_accuracy": None, "false_refusal": 1.0, "answer_chars": None,
        "latency_ms": None}
    assert refusal_accuracy(item("unanswerable"), failed) == 0.0


def test_aggregate_skips_items_a_metric_does_not_apply_to() -> None:
    rows = [score(item(), outcome("Có 1.230 dịch vụ.", cited=(BD,), retrieved=("Có 1.230 dịch vụ.",),
                                  latency=10), k=5),
            score(item("unanswerable"), outcome("Không có.", refused=True, latency=30), k=5)]
    totals = aggregate(rows, k=5)
    assert totals["recall@5"] == 1.0 and totals["fact_accuracy"] == 1.0
    assert totals["refusal_accuracy"] == 1.0 and totals["false_refusal_rate"] == 0.0
    assert totals["latency_ms_p50"] == 10 and totals["latency_ms_p95"] == 30
    assert aggregate([], k=5)["mrr"] is None


def test_percentile_is_a_value_that_occurred() -> None:
    values = [float(v) for v in range(1, 21)]
    assert percentile(50)(values) == 10.0
    assert percentile(95)(values) == 19.0
    assert percentile(95)([7.0]) == 7.0
