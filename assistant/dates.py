"""Dates as people type them in filters and as the reports' readers write them: one parser, one display.

``2024``, ``2024-05``, ``2024-05-16``, ``05/2024`` and ``16/05/2024`` are accepted everywhere (CLI, the app's
date boxes, the summary tab); a bound is a yyyymmdd integer, the first or last day the text stands for.
"""

from __future__ import annotations

import re
from datetime import date

from assistant.filters import chosen_provinces
from index.errors import UserFacingError
from index.types import SearchFilters, date_bounds

_FORMS = (re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?"),
          re.compile(r"(?:(?P<d>\d{1,2})/)?(?P<m>\d{1,2})/(?P<y>\d{4})"))


class InvalidDate(UserFacingError):
    """A date that is not a year, a month or a day of the calendar."""

    def __init__(self, label: str, text: str):
        super().__init__(
            f"{label} “{text}” không hợp lệ. Hãy nhập năm (2024), tháng (2024-05 hoặc 05/2024) "
            "hoặc ngày (2024-05-16 hoặc 16/05/2024).",
            f"Invalid date “{text}”. Enter a year (2024), a month (2024-05 or 05/2024) "
            "or a day (2024-05-16 or 16/05/2024).")


class ReversedPeriod(UserFacingError):
    def __init__(self) -> None:
        super().__init__("Ngày bắt đầu đang sau ngày kết thúc. Hãy sửa lại khoảng thời gian.",
                         "The start date is after the end date. Please fix the period.")


def parse_iso(text: str) -> str | None:
    """The ISO form (``2024``, ``2024-05``, ``2024-05-16``) of a typed date; None if it is not a calendar date."""
    for form in _FORMS:
        if match := form.fullmatch(text.strip()):
            y, m, d = (int(match[k]) if match[k] else None for k in ("y", "m", "d"))
            try:
                date(y, m if m is not None else 1, d if d is not None else 1)
            except ValueError:
                return None
            return "-".join(f"{v:02d}" for v in (y, m, d) if v is not None)
    return None


def date_bound(text: str | None, last: bool, label: str = "Ngày") -> int | None:
    """A typed date as yyyymmdd: its first day, or its last when ``last``; None for a blank box."""
    text = (text or "").strip()
    if not text:
        return None
    iso = parse_iso(text)
    if iso is None:
        raise InvalidDate(label, text)
    return date_bounds(iso)[1 if last else 0]


def period(date_from: str | None, date_to: str | None) -> tuple[int | None, int | None]:
    """Both bounds of a typed period, checked to be in order."""
    lo, hi = date_bound(date_from, False, "Từ ngày"), date_bound(date_to, True, "Đến ngày")
    if lo is not None and hi is not None and lo > hi:
        raise ReversedPeriod()
    return lo, hi


def search_filters(provinces: list[str] | tuple[str, ...] | None, date_from: str | None,
                   date_to: str | None) -> SearchFilters | None:
    """Filters from what a person chose and typed (a 2025 province stands for its former ones); None when they
    restrict nothing."""
    lo, hi = period(date_from, date_to)
    filters = SearchFilters(chosen_provinces(provinces or ()), lo, hi)
    return None if filters.is_empty else filters


def display_date(iso: str | None) -> str:
    """ISO dates as Vietnamese readers write them: 16/05/2025, 10/2023, 2023."""
    if not iso:
        return "không rõ ngày"
    return "/".join(reversed(iso.split("-")))


def short_date(iso: str | None) -> str:
    """ISO dates as the reports write them in text: 16/5/2025, 10/2023, 2023 ("" when unknown)."""
    if not iso:
        return ""
    return "/".join(str(int(part)) for part in reversed(iso.split("-")))
