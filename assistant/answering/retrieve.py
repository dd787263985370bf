"""Hybrid retrieval: BM25 and dense candidates fused by reciprocal rank, within filters."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from assistant.answering.question import Kind, Question
from assistant.corpus import Corpus
from assistant.filters import evidence_filters, merge
from assistant.types import Passage
from index.abbreviations import expansions
from index.embed import Embedder
from index.store import VectorStore
from index.types import SearchFilters


def reciprocal_rank_fusion(rankings: list[list[str]], k: int) -> dict[str, float]:
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank + 1)
    return fused


@dataclass
class Retriever:
    corpus: Corpus
    embedder: Embedder
    store: VectorStore
    candidates: int = 40
    rrf_k: int = 60

    @cached_property
    def strays(self) -> int:
        """Vectors in the store that this generation does not have (left by a killed build or a newer one):
        dense queries fetch that many more, so strays never crowd the generation's own chunks out."""
        return min(max(0, self.store.count() - len(self.corpus.chunks)), 10 * self.candidates)

    def allowed_ids(self, filters: SearchFilters, articles: set[str] | None = None) -> set[str] | None:
        if filters.is_empty and articles is None:
            return None
        admitted = self.corpus.admitted(filters) if not filters.is_empty else list(articles or ())
        return {c.id for aid in admitted if articles is None or aid in articles for c in self.corpus.chunks_of(aid)}

    def _search(self, question: str, k: int, filters: SearchFilters, articles: set[str] | None) -> list[Passage]:
        allowed = self.allowed_ids(filters, articles)
        if allowed is not None and not allowed:
            return []
        keyword = self.corpus.keyword.search(question, self.candidates, allowed)
        dense_query = " ".join([question, *expansions(question)])
        dense = [(cid, s) for cid, s in self.store.query(self.embedder.embed_query(dense_query),
                                                         self.candidates + self.strays,
                                                         None if filters.is_empty else filters)
                 if cid in self.corpus.chunks and (allowed is None or cid in allowed)]
        fused = reciprocal_rank_fusion([[c for c, _ in keyword], [c for c, _ in dense]], self.rrf_k)
        kw, dn = dict(keyword), dict(dense)
        best = sorted(fused, key=lambda c: -fused[c])[:k]
        return [self.passage(cid, fused[cid], kw.get(cid), dn.get(cid)) for cid in best]

    def passage(self, cid: str, score: float = 0.0, kw: float | None = None, dense: float | None = None) -> Passage:
        c = self.corpus.chunks[cid]
        return Passage(chunk_id=cid, article_id=c.article_id, title=c.title, date=c.date, province=c.province,
                       start=c.start, end=c.end, text=c.text, score=score, keyword_score=kw, dense_score=dense)

    def search(self, question: str, k: int, filters: SearchFilters | None = None,
               articles: set[str] | None = None) -> list[Passage]:
        """Top ``k`` passages within the user's filters and the question's (``evidence_filters``), and within
        ``articles`` when given. The question's provinces always hold; its period is dropped if no article
        of that time matches."""
        parsed = evidence_filters(question)
        found = self._search(question, k, merge(filters, parsed), articles)
        if not found and parsed.date_from is not None:
            found = self._search(question, k, merge(filters, replace(parsed, date_from=None)), articles)
        return found


def role_passages(retriever: Retriever, q: Question, filters: SearchFilters | None, have: set[str]) -> list[Passage]:
    """Chunks naming an official in the asked role, in the articles the question's filters admit.

    Retrieval ranks chunks by words; "ai báo cáo" is answered by the one sentence whose official reports,
    which may not be among the top passages. These chunks are read after the retrieved ones.
    """
    if q.kind is not Kind.WHO or not q.role:
        return []
    corpus = retriever.corpus
    wanted = merge(filters, evidence_filters(q.text))
    found: list[Passage] = []
    for o in corpus.facts.officials:
        article = corpus.articles.get(o.article_id)
        if q.role not in o.roles or article is None or not wanted.admits(article.province, article.date_range):
            continue
        cid = next((c.id for c in corpus.chunks_of(o.article_id) if c.start <= o.start < c.end and c.id not in have),
                   None)
        if cid is not None:
            found.append(retriever.passage(cid))
            have.add(cid)
    return found


def retrieve(retriever: Retriever, q: Question, k: int, filters: SearchFilters | None,
             articles: set[str] | None = None) -> list[Passage]:
    """The retrieved passages, then any chunk the structured facts point to that retrieval missed."""
    passages = retriever.search(q.text, k, filters, articles)
    return passages + role_passages(retriever, q, filters, {p.chunk_id for p in passages})
