"""Scoring: pure functions ``metric(item, outcome) -> float | None`` (None = does not apply), one aggregator.

Fact matching compares text after ``normalize_text`` and casefold, so tone placement and case never matter
("Thanh Hoá" = "Thanh Hóa"). Numbers match only on number boundaries ("27" is not in "27.662.427" nor in
"127"), their thousand separators are optional ("1.758" = "1758"; "," is the Vietnamese decimal comma and
stays), and day-month(-year) dates accept "/", "." or "-" and an optional leading zero ("22.12.2024" =
"22/12/2024", "1/8" = "01/08"); a fact without a year also matches the date with its year.
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from assistant.types import Answer, Passage
from eval.gold import GoldItem
from index.normalize import normalize_text

_DATE = re.compile(r"(\d{1,2})([./-])(\d{1,2})(?:\2(\d{4}))?(?!\d|[.,/-]\d)")
_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?!\d)|\d+")
_DATE_SEP = "[./-]"


@dataclass(frozen=True)
class Outcome:
    """What one gold question produced: the answer (None when asking raised) and the top-k retrieved passages."""

    answer: Answer | None
    retrieved: list[Passage]
    latency_ms: float
    error: str | None = None
    searched: bool = False  # retrieved came from a separate search (the answer held fewer than k passages)


Metric = Callable[[GoldItem, Outcome], float | None]


def _number_regex(token: str) -> str:
    digits = token.replace(".", "")
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return r"\.?".join(groups)


def _date_regex(m: re.Match[str]) -> str:
    day, month, year = int(m.group(1)), int(m.group(3)), m.group(4)
    parts = [f"0?{day}" if day < 10 else str(day), f"0?{month}" if month < 10 else str(month)]
    tail = f"{_DATE_SEP}{year}" if year else rf"(?:{_DATE_SEP}\d{{4}})?"
    return _DATE_SEP.join(parts) + tail


def _is_day_month(m: re.Match[str] | None) -> bool:
    return m is not None and 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(3)) <= 12


@lru_cache(maxsize=4096)
def _prepared(text: str) -> str:
    return normalize_text(text).casefold()


@lru_cache(maxsize=2048)
def fact_pattern(fact: str) -> re.Pattern[str]:
    """The regular expression that finds ``fact`` in prepared (normalised, casefolded) text."""
    fact = _prepared(fact)
    parts, i = [], 0
    while i < len(fact):
        if _is_day_month(m := _DATE.match(fact, i)):
            parts.append(_date_regex(m))
        elif m := _NUMBER.match(fact, i):
            parts.append(_number_regex(m.group()))
        else:
            parts.append(r"\s+" if fact[i].isspace() else re.escape(fact[i]))
            i += 1
            continue
        i = m.end()
    start = r"(?<!\d)(?<!\d[.,])" if fact[:1].isdigit() else r"(?<!\w)" if re.match(r"\w", fact) else ""
    end = r"(?![.,]?\d)" if fact[-1:].isdigit() else r"(?!\w)" if re.search(r"\w$", fact) else ""
    return re.compile(start + "".join(parts) + end)


def contains_fact(text: str, fact: str) -> bool:
    return fact_pattern(fact).search(_prepared(text)) is not None


def missing_facts(text: str, facts: tuple[str, ...] | list[str]) -> list[str]:
    return [f for f in facts if not contains_fact(text, f)]


def evidence_recall(cutoff: int) -> Metric:
    """Share of key facts found in at least one of the top ``cutoff`` retrieved passages."""
    def metric(item: GoldItem, outcome: Outcome) -> float | None:
        if not item.key_facts:
            return None
        top = [p.text for p in outcome.retrieved[:cutoff]]
        return sum(any(contains_fact(t, f) for t in top) for f in item.key_facts) / len(item.key_facts)
    return metric


def reciprocal_rank(item: GoldItem, outcome: Outcome) -> float | None:
    """1/rank of the first retrieved passage holding any key fact; 0 when none does."""
    if not item.key_facts:
        return None
    for rank, passage in enumerate(outcome.retrieved, 1):
        if any(contains_fact(passage.text, f) for f in item.key_facts):
            return 1 / rank
    return 0.0


def fact_accuracy(item: GoldItem, outcome: Outcome) -> float | None:
    """Share of key facts in the answer text; a summary needs only ``min_facts`` of them for full marks.

    A refusal scores 0 even when it quotes nearby text that holds a fact: it told the user there is no answer.
    """
    if not item.answerable:
        return None
    answer = outcome.answer
    text = answer.text if answer and not answer.refused else ""
    found = len(item.key_facts) - len(missing_facts(text, item.key_facts))
    needed = item.min_facts or len(item.key_facts)
    return min(found, needed) / needed


def cited_articles(outcome: Outcome) -> set[str]:
    return {c.article_id for c in outcome.answer.citations} if outcome.answer else set()


def citation_precision(item: GoldItem, outcome: Outcome) -> float | None:
    """Share of cited articles that are among the sources; None when nothing is cited."""
    cited = cited_articles(outcome)
    if not item.answerable or not cited:
        return None
    return len(cited & set(item.sources)) / len(cited)


def citation_recall(item: GoldItem, outcome: Outcome) -> float | None:
    """Share of the sources that are cited."""
    if not item.answerable:
        return None
    return len(cited_articles(outcome) & set(item.sources)) / len(item.sources)


def refusal_accuracy(item: GoldItem, outcome: Outcome) -> float | None:
    """1 when an unanswerable question is refused; an error is no refusal."""
    if item.answerable:
        return None
    return float(outcome.answer is not None and outcome.answer.refused)


def false_refusal(item: GoldItem, outcome: Outcome) -> float | None:
    """1 when an answerable question gets no answer: a refusal, or an error."""
    if not item.answerable:
        return None
    return float(outcome.answer is None or outcome.answer.refused)


def answer_chars(item: GoldItem, outcome: Outcome) -> float | None:
    """Length of a given answer; summaries, refusals and errors are left out."""
    if item.kind == "summary" or outcome.answer is None or outcome.answer.refused:
        return None
    return float(len(outcome.answer.text))


def latency_ms(item: GoldItem, outcome: Outcome) -> float | None:
    return outcome.latency_ms


def cutoffs(k: int) -> list[int]:
    """Recall cut-offs reported for a run retrieving ``k`` passages: 1, 3, 5 and k, at most k."""
    return sorted({c for c in (1, 3, 5, k) if c <= k})


def item_metrics(k: int) -> dict[str, Metric]:
    return {
        **{f"recall@{c}": evidence_recall(c) for c in cutoffs(k)},
        "mrr": reciprocal_rank, "fact_accuracy": fact_accuracy,
        "citation_precision": citation_precision, "citation_recall": citation_recall,
        "refusal_accuracy": refusal_accuracy, "false_refusal": false_refusal,
        "answer_chars": answer_chars, "latency_ms": latency_ms,
    }


def score(item: GoldItem, outcome: Outcome, k: int) -> dict[str, float | None]:
    return {name: metric(item, outcome) for name, metric in item_metrics(k).items()}


def percentile(q: float) -> Callable[[list[float]], float]:
    """Nearest-rank percentile: a value that occurred."""
    def reduce(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]
    return reduce


@dataclass(frozen=True)
class Column:
    key: str  # name in the JSON summary
    header: str  # short label in the printed table
    metric: str  # which per-item metric it reduces
    reduce: Callable[[list[float]], float]
    answer_side: bool = False  # measures the answer (labelled baseline while answers are the baseline)


def columns(k: int) -> list[Column]:
    mean = statistics.fmean
    return [
        *(Column(f"recall@{c}", f"R@{c}", f"recall@{c}", mean) for c in cutoffs(k)),
        Column("mrr", "MRR", "mrr", mean),
        Column("fact_accuracy", "facts", "fact_accuracy", mean, True),
        Column("citation_precision", "cite P", "citation_precision", mean, True),
        Column("citation_recall", "cite R", "citation_recall", mean, True),
        Column("refusal_accuracy", "refused", "refusal_accuracy", mean, True),
        Column("false_refusal_rate", "false ref", "false_refusal", mean, True),
        Column("answer_chars_p50", "len p50", "answer_chars", statistics.median, True),
        Column("latency_ms_p50", "ms p50", "latency_ms", percentile(50)),
        Column("latency_ms_p95", "ms p95", "latency_ms", percentile(95)),
    ]


def aggregate(scores: list[dict[str, float | None]], k: int) -> dict[str, float | None]:
    """Each column reduced over the items where its metric applies; None where it applies to none."""
    result: dict[str, float | None] = {}
    for col in columns(k):
        values = [s[col.metric] for s in scores if s[col.metric] is not None]
        result[col.key] = col.reduce(values) if values else None
    return result
