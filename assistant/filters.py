"""What a question or a sentence says about place and time: the provinces and the period it is about.

A question's provinces are hard constraints (a 2025 province reads its former provinces' reports, see
``index.reorganisation``); its years say which period a figure must report, so articles published before that
period cannot answer, while later ones may (a report of 2025 gives 2023 results).
"""

from __future__ import annotations

import re

from index.chunk import sentence_spans
from index.provinces import provinces_in
from index.reorganisation import related, successor
from index.types import SearchFilters

_YEAR_RANGE = re.compile(r"(?:từ\s+)?(?:năm\s+)?(20\d{2})\s*(?:-|–|đến|tới)\s*(?:năm\s+)?(20\d{2})")
_YEAR = re.compile(r"(?<![\d/.-])(20\d{2})(?![\d/-]|\.\d)")
_TARGET_YEAR = re.compile(r"(?:đến|tới|trước|sau|giai đoạn|tầm nhìn|định hướng)\s+(?:năm\s+)?$")


def years_in(question: str) -> tuple[int, int] | None:
    """The period a question is about; target years ("đến năm 2030") are not periods."""
    if m := _YEAR_RANGE.search(question):
        lo, hi = sorted((int(m.group(1)), int(m.group(2))))
        if not _TARGET_YEAR.search(question[:m.start()]):
            return lo, hi
        question = question[:m.start()] + " " * (m.end() - m.start()) + question[m.end():]
    years = [int(m.group(1)) for m in _YEAR.finditer(question) if not _TARGET_YEAR.search(question[:m.start()])]
    return (min(years), max(years)) if years else None


# A year a sentence reports: "năm 2023", "tháng 9/2024", "quý III/2024", "30/6/2025"; not a target ("đến năm
# 2030"), a comparison base ("so với năm 2022", "gấp 2,5 lần năm 2023"), part of a document code
# ("202/2025/QH15") or its issue date.
_STATED_YEAR = re.compile(r"(?<![\d.,/])(?:(?:\d{1,2}[/.-])?\d{1,2}[/.-]|[IVX]{1,4}/)?((?:19|20)\d{2})(?![\d/]|[.,]\d)")
_NOT_STATED = re.compile(r"(?:(?:so với|gấp\s+[\d,.]+\s+lần)(?:\s+[^\s\d]+){0,3}\s+"
                         r"|(?:cùng kỳ|(?:đến|tới)\s+năm|giai đoạn|tầm nhìn|định hướng|mục tiêu|kế hoạch|trước năm)"
                         r"\s+(?:cùng kỳ\s+)?(?:năm\s+)?(?:\d{4}\s*[-–]\s*)?"
                         r"|\d+[-/][\w&/-]*[A-ZĐ][\w&/-]*,?\s+(?:ban hành\s+)?ngày\s+)$", re.IGNORECASE)


_THEN = re.compile(r"\s*,\s*(?:khi|lúc|thời điểm|năm đó)\b", re.IGNORECASE)  # "so với năm 2022, khi tỉnh đạt 13/15"


def stated_years(text: str) -> frozenset[int]:
    """The years ``text`` reports figures for (see ``_STATED_YEAR``); a comparison base that goes on to say
    what happened then ("so với năm 2022, khi tỉnh đạt 13/15 chỉ tiêu") reports that year too."""
    return frozenset(int(m.group(1)) for m in _STATED_YEAR.finditer(text)
                     if not _NOT_STATED.search(text[max(0, m.start() - 40):m.start()]) or _THEN.match(text, m.end()))


def paragraph_years(text: str, start: int) -> frozenset[int]:
    """The years stated by the nearest sentence before ``start`` in its paragraph that states any ("Đến tháng
    12/2023, … . Thành phố đã tích hợp … 94%" → 2023 for the second sentence)."""
    for a, b in reversed(sentence_spans(text, text.rfind("\n", 0, start) + 1, start)):
        if years := stated_years(text[a:b]):
            return years
    return frozenset()


def years_reported(sentence: str, text: str, start: int) -> frozenset[int]:
    """The years ``sentence`` (at ``start`` of ``text``) reports: those it states, else those its paragraph
    stated before it; empty when neither says (the article's date is the caller's fallback)."""
    return stated_years(sentence) or paragraph_years(text, start)


def reported_years(text: str, start: int, end: int) -> frozenset[int]:
    """The years a sentence that states none reports because its paragraph said so before it; empty when the
    sentence states its own years (the reader sees them) or nothing before it does."""
    return frozenset() if stated_years(text[start:end]) else paragraph_years(text, start)


def question_period(question: str) -> tuple[int, int] | None:
    """The years a question asks about: "năm 2023", "2021-2025", and the year of "tháng 1/2025", "quý III/2024"."""
    years = set(stated_years(question)) | set(years_in(question) or ())
    return (min(years), max(years)) if years else None


_SINCE_DAY = re.compile(r"(?:sau|từ|kể từ)\s+(?:ngày\s+)?(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})", re.IGNORECASE)
_MONTH = re.compile(r"tháng\s+(\d{1,2})[/.-]((?:19|20)\d{2})", re.IGNORECASE)


def period_start(question: str) -> int | None:
    """The first day (yyyymmdd) of the period a question asks about: no report published before it can answer.
    "sau ngày 1/7/2025" → 20250701; "tháng 7/2024" → 20240701; "năm 2023" → 20230101."""
    if m := _SINCE_DAY.search(question):
        return int(m.group(3)) * 10000 + int(m.group(2)) * 100 + int(m.group(1))
    period = question_period(question)
    if period is None:
        return None
    months = [int(m.group(1)) for m in _MONTH.finditer(question) if int(m.group(2)) == period[0]]
    return period[0] * 10000 + (min(months) if months else 1) * 100 + 1


def provinces_answering(provinces: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Article provinces that may hold the answer about ``provinces``: each one, its former provinces when it
    is a 2025 province, and the 2025 province it now belongs to (whose later reports may name it)."""
    found = [q for p in provinces for q in (p, *related(p), successor(p))]
    return tuple(dict.fromkeys(found))


def chosen_provinces(choices: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The article provinces a filter's choices stand for: "Gia Lai" (the 2025 province) is old Gia Lai and
    Bình Định; "Bình Định (nay thuộc Gia Lai)" is Bình Định; names typed without accents are recognised."""
    return tuple(dict.fromkeys(p for choice in choices for p in related(choice.strip()) if p))


def evidence_filters(question: str) -> SearchFilters:
    """Which articles may answer: those about the provinces the question names (see ``provinces_answering``),
    published no earlier than the period it asks about."""
    return SearchFilters(provinces_answering(provinces_in(question)), date_from=period_start(question))


def filters_from_question(question: str) -> SearchFilters:
    period = years_in(question)
    return SearchFilters(
        provinces=tuple(provinces_in(question)),
        date_from=period[0] * 10000 + 101 if period else None,
        date_to=period[1] * 10000 + 1231 if period else None,
    )


def merge(explicit: SearchFilters | None, parsed: SearchFilters) -> SearchFilters:
    """Filters set by the user win; the question fills in what they leave open."""
    if explicit is None:
        return parsed
    return SearchFilters(
        provinces=explicit.provinces or parsed.provinces,
        date_from=explicit.date_from if explicit.date_from is not None else parsed.date_from,
        date_to=explicit.date_to if explicit.date_to is not None else parsed.date_to,
    )
