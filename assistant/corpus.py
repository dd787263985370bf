"""A read-only view of one index generation: articles, chunks by article, typed facts, people, term statistics.

Every answering and summary stage reads the corpus through this object (never through the facade), and it
never changes once made: a rebuild makes a new generation and a new Corpus.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Protocol, TypeVar

from assistant.errors import UnknownArticle
from assistant.terms import terms_of
from index.keyword import KeywordIndex
from index.snapshot import Snapshot
from index.types import Article, Chunk, Directive, Facts, Official



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

    def sentence(self, article_id: str, start: int, end: int) -> str:
        return self.article(article_id).text[start:end]

    def paragraph(self, article_id: str, start: int, end: int) -> str:
        """The paragraph (line) holding ``[start:end]``."""
        text = self.article(article_id).text
        return text[text.rfind("\n", 0, start) + 1: (text.find("\n", end) + 1 or len(text) + 1) - 1]
