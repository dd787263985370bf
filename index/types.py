"""Data types of the indexing pipeline."""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass
from typing import Any


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


# Structured facts extracted at indexing time (index/facts.py), each with the span of its sentence.

@dataclass(frozen=True)
class Official:
    article_id: str
    start: int
    end: int
    name: str  # full name, short forms ("Đại tá Tấn") resolved within the article
    written: str  # the name as the sentence writes it
    titles: tuple[str, ...]
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Directive:
    article_id: str
    start: int
    end: int
    code: str  # "57-NQ/TW", or a programme's short name: "Đề án 06"
    kind: str
    date: str | None
    date_iso: str | None
    issuer: str | None
    subject: str | None  # what it is about, or a programme's full name


@dataclass(frozen=True)
class Figure:
    article_id: str
    start: int
    end: int
    value: str  # as written: "1.758", "99,81%", "2,2 triệu", "5/10"
    number: float
    unit: str
    indicator: str
    qualifier: str | None
    province: str | None
    date: str | None


@dataclass(frozen=True)
class Facts:
    officials: list[Official]
    directives: list[Directive]
    figures: list[Figure]


def facts_to_json(facts: Facts) -> dict[str, Any]:
    """The records as JSON-able lists, as stored with the index."""
    return {"officials": [asdict(o) for o in facts.officials], "directives": [asdict(d) for d in facts.directives],
            "figures": [asdict(f) for f in facts.figures]}


def load_facts(data: dict[str, Any]) -> Facts:
    """The typed records back from their stored JSON (an index without facts gives empty lists)."""
    return Facts(
        officials=[Official(**{**o, "titles": tuple(o["titles"]), "roles": tuple(o["roles"])})
                   for o in data.get("officials", [])],
        directives=[Directive(**d) for d in data.get("directives", [])],
        figures=[Figure(**f) for f in data.get("figures", [])],
    )
