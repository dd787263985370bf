"""Data types of the indexing pipeline."""

from __future__ import annotations

import calendar
from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    """One source article; ``text`` is normalised and every span in the system refers to it."""

    id: str
    title: str
    text: str
    date: str | None  # ISO, as precise as known: "2025-05-09", "2023-10" or "2023"
    province: str | None
    author: str | None
    path: str
    sha256: str

    @property
    def date_range(self) -> tuple[int, int] | None:
        """First and last day (as yyyymmdd integers) the article's date may stand for."""
        return date_bounds(self.date)


@dataclass(frozen=True)
class Chunk:
    """A passage of an article: ``text == article.text[start:end]``."""

    id: str
    article_id: str
    ordinal: int
    start: int
    end: int
    text: str
    title: str
    date: str | None
    province: str | None


def date_bounds(iso: str | None) -> tuple[int, int] | None:
    if not iso:
        return None
    parts = [int(p) for p in iso.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return year * 10000 + 101, year * 10000 + 1231
    month = parts[1]
    if len(parts) == 2:
        last = calendar.monthrange(year, month)[1]
        return year * 10000 + month * 100 + 1, year * 10000 + month * 100 + last
    day = year * 10000 + month * 100 + parts[2]
    return day, day


@dataclass(frozen=True)
class SearchFilters:
    """Restrict a search to provinces and an inclusive date range (yyyymmdd integers)."""

    provinces: tuple[str, ...] = ()
    date_from: int | None = None
    date_to: int | None = None

    @property
    def is_empty(self) -> bool:
        return not self.provinces and self.date_from is None and self.date_to is None

    def admits(self, province: str | None, date_range: tuple[int, int] | None) -> bool:
        if self.provinces and province not in self.provinces:
            return False
        if self.date_from is None and self.date_to is None:
            return True
        if date_range is None:
            return False
        lo, hi = date_range
        return (self.date_from is None or hi >= self.date_from) and (self.date_to is None or lo <= self.date_to)
