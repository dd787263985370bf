"""A read-only view of one index generation: articles, chunks by article, typed facts, people, term statistics.

Every answering and summary stage reads the corpus through this object (never through the facade), and it
never changes once made: a rebuild makes a new generation and a new Corpus.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Protocol, TypeVar

from assistant.errors import UnknownArticle
from assistant.terms import terms_of
from index.keyword import KeywordIndex
from index.normalize import fold
from index.provinces import provinces_in
from index.snapshot import Snapshot
from index.types import Article, Chunk, Directive, Facts, Official, SearchFilters



class _OfArticle(Protocol):
    article_id: str
    start: int


Record = TypeVar("Record", bound=_OfArticle)


class CorpusStats:
    """Document frequencies of content terms over chunks (for idf weights)."""

    def __init__(self, chunks: Iterable[Chunk]):
        self.df: Counter[str] = Counter()
        n = 0
        for chunk in chunks:
            self.df.update(terms_of(chunk.text))
            n += 1
        self.n = max(n, 1)

    def idf(self, term: str) -> float:
        return math.log(1 + (self.n - self.df.get(term, 0) + 0.5) / (self.df.get(term, 0) + 0.5))


def _by_article(records: Sequence[Record]) -> dict[str, list[Record]]:
    grouped: dict[str, list[Record]] = {}
    for record in records:
        grouped.setdefault(record.article_id, []).append(record)
    return grouped


def within(records: Iterable[Record], start: int, end: int) -> list[Record]:
    """The records read from the sentence ``[start:end]`` of their article (their start lies inside it)."""
    return [r for r in records if start <= r.start < end]


# A place inside a province as reports write it: "huyện Đông Sơn", "TP Quy Nhơn", "xã Tân Phú".
_PLACE_HEAD = re.compile(r"(?<!\w)(?:huyện|thị xã|thành phố|TP\.?|quận|xã|phường|thị trấn)\s+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")


def places_named(text: str) -> list[str]:
    """The places inside a province ``text`` names (the capitalised words after huyện, TP, xã…), folded."""
    found = []
    for head in _PLACE_HEAD.finditer(text):
        words, pos = [], head.end()
        while len(words) < 4 and (word := _WORD.match(text, pos)) and word.group(0)[0].isupper():
            words.append(word.group(0))
            pos = word.end()
            if not text.startswith(" ", pos):
                break
            pos += 1
        if words and not provinces_in(" ".join(words)):
            found.append(fold(" ".join(words)))
    return found


class Corpus:
    """Articles, chunks, the keyword index and the extracted facts of one generation."""

    def __init__(self, snapshot: Snapshot):
        self.articles: dict[str, Article] = snapshot.articles
        self.chunks: dict[str, Chunk] = snapshot.chunks
        self.keyword: KeywordIndex = snapshot.keyword
        self.facts: Facts = snapshot.facts
        self.generation = snapshot.generation

    def article(self, article_id: str) -> Article:
        try:
            return self.articles[article_id]
        except KeyError:
            raise UnknownArticle(article_id) from None

    def ordered_articles(self) -> list[Article]:
        """Oldest first, undated ones first."""
        return sorted(self.articles.values(), key=lambda a: (a.date or "", a.id))

    @cached_property
    def provinces(self) -> frozenset[str | None]:
        return frozenset(a.province for a in self.articles.values())

    @cached_property
    def _by_province(self) -> dict[str | None, list[tuple[str, tuple[int, int] | None]]]:
        groups: dict[str | None, list[tuple[str, tuple[int, int] | None]]] = {}
        for a in self.articles.values():
            groups.setdefault(a.province, []).append((a.id, a.date_range))
        return groups

    def admitted(self, filters: SearchFilters) -> list[str]:
        """Ids of the articles ``filters`` admits, from an index by province built once: a province filter
        reads only that province's articles, never every chunk."""
        provinces = filters.provinces or tuple(self._by_province)
        return [aid for p in provinces for aid, dates in self._by_province.get(p, ())
                if filters.admits(p, dates)]

    @cached_property
    def stats(self) -> CorpusStats:
        return CorpusStats(self.chunks.values())

    @cached_property
    def people(self) -> frozenset[str]:
        """Names of the officials extracted from the articles at indexing time."""
        return frozenset(o.name for o in self.facts.officials)

    @cached_property
    def _titles(self) -> dict[str, list[str]]:
        titles: dict[str, list[str]] = {}
        for official in self.facts.officials:
            titles.setdefault(official.name, []).extend(official.titles)
        return titles

    def titles_of(self, name: str) -> list[str]:
        """Every title the articles give ``name``, in order of mention."""
        return self._titles.get(name, [])

    @cached_property
    def _chunks_by_article(self) -> dict[str, list[Chunk]]:
        return _by_article(list(self.chunks.values()))

    def chunks_of(self, article_id: str) -> list[Chunk]:
        """One article's chunks, in index order."""
        return self._chunks_by_article.get(article_id, [])

    @cached_property
    def _officials(self) -> dict[str, list[Official]]:
        return _by_article(self.facts.officials)

    @cached_property
    def _directives(self) -> dict[str, list[Directive]]:
        return _by_article(self.facts.directives)

    def officials_in(self, article_id: str, start: int, end: int) -> list[Official]:
        return within(self._officials.get(article_id, []), start, end)

    def directives_in(self, article_id: str, start: int, end: int) -> list[Directive]:
        return within(self._directives.get(article_id, []), start, end)

    @cached_property
    def _places(self) -> dict[str, str]:
        """Places inside a province (huyện, xã, TP…) the articles name, each with the one province whose
        articles name it; a place named in articles of several provinces is left out."""
        seen: dict[str, set[str | None]] = {}
        for article in self.articles.values():
            for place in places_named(article.text):
                seen.setdefault(place, set()).add(article.province)
        return {place: next(iter(ps)) for place, ps in seen.items() if len(ps) == 1 and None not in ps}

    def province_of_places(self, text: str) -> str | None:
        """The province of the places ``text`` names (when the articles say, and only one)."""
        found = {self._places[p] for p in places_named(text) if p in self._places}
        return found.pop() if len(found) == 1 else None

    def sentence(self, article_id: str, start: int, end: int) -> str:
        return self.article(article_id).text[start:end]

    def paragraph(self, article_id: str, start: int, end: int) -> str:
        """The paragraph (line) holding ``[start:end]``."""
        text = self.article(article_id).text
        return text[text.rfind("\n", 0, start) + 1: (text.find("\n", end) + 1 or len(text) + 1) - 1]
