"""Hybrid retrieval: BM25 and dense candidates fused by reciprocal rank, within filters."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.filters import filters_from_question, merge
from assistant.types import Passage
from index.abbreviations import expansions
from index.embed import Embedder
from index.snapshot import Snapshot
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
    snapshot: Snapshot
    embedder: Embedder
    store: VectorStore
    candidates: int = 40
    rrf_k: int = 60

    def allowed_ids(self, filters: SearchFilters) -> set[str] | None:
        if filters.is_empty:
            return None
        arts = self.snapshot.articles
        return {cid for cid, c in self.snapshot.chunks.items()
                if filters.admits(c.province, arts[c.article_id].date_range)}

    def _search(self, question: str, k: int, filters: SearchFilters) -> list[Passage]:
        allowed = self.allowed_ids(filters)
        if allowed is not None and not allowed:
            return []
        keyword = self.snapshot.keyword.search(question, self.candidates, allowed)
        dense_query = " ".join([question, *expansions(question)])
        dense = [(cid, s) for cid, s in self.store.query(self.embedder.embed_query(dense_query), self.candidates,
                                                         None if filters.is_empty else filters)
                 if cid in self.snapshot.chunks and (allowed is None or cid in allowed)]
        fused = reciprocal_rank_fusion([[c for c, _ in keyword], [c for c, _ in dense]], self.rrf_k)
        kw, dn = dict(keyword), dict(dense)
        best = sorted(fused, key=lambda c: -fused[c])[:k]
        return [self.passage(cid, fused[cid], kw.get(cid), dn.get(cid)) for cid in best]

    def passage(self, cid: str, score: float = 0.0, kw: float | None = None, dense: float | None = None) -> Passage:
        c = self.snapshot.chunks[cid]
        return Passage(chunk_id=cid, article_id=c.article_id, title=c.title, date=c.date, province=c.province,
                       start=c.start, end=c.end, text=c.text, score=score, keyword_score=kw, dense_score=dense)

    def search(self, question: str, k: int, filters: SearchFilters | None = None) -> list[Passage]:
        """Top ``k`` passages. Filters read from the question are dropped if nothing matches them."""
        parsed = filters_from_question(question)
        wanted = merge(filters, parsed)
        found = self._search(question, k, wanted)
        if not found and wanted != (filters or SearchFilters()):
            found = self._search(question, k, filters or SearchFilters())
        return found
