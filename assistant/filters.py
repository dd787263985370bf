"""Search filters read from the question itself ("ở Bình Định", "năm 2023")."""

from __future__ import annotations

import re

from index.provinces import provinces_in
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
