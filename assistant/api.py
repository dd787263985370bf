"""The one entry point used by the app, the CLI and eval/run.py alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from functools import cached_property

from assistant.evidence import CorpusStats
from assistant.errors import EmptyQuestion, IndexOutdated, MalformedHistory, QuestionTooLong, UnknownArticle
from assistant.generate import Generator
from assistant.retrieve import Retriever
from assistant.settings import Settings
from assistant.types import Answer, Passage
from index.build import BuildReport, build_index, collection_name
from index.embed import Embedder, make_embedder
from index.errors import DataDirUnwritable
from index.normalize import normalize_text
from index.snapshot import Snapshot, load_snapshot, read_manifest
from index.store import VectorStore, open_chroma
from index.types import Article, Chunk, SearchFilters

if TYPE_CHECKING:
    from assistant.summarize import Summary, SummaryScope


def clean_question(question: str, limit: int) -> str:
    """Normalised question, or a clear error for empty and over-long ones."""
    if not isinstance(question, str) or not any(ch.isalnum() for ch in question):
        raise EmptyQuestion()
    if len(question) > limit:
        raise QuestionTooLong(len(question), limit)
    return normalize_text(question)


def clean_history(history: object, limit: int) -> list[str]:
    """Earlier user questions of the conversation: a list of strings (blank ones are skipped)."""
    if history is None:
        return []
    if not isinstance(history, (list, tuple)) or not all(isinstance(h, str) for h in history):
        raise MalformedHistory()
    return [normalize_text(h[:limit]) for h in history if h.strip()]


def default_embedder(settings: Settings) -> Embedder:
    return make_embedder(settings.embedding_backend, settings.embedding_model,
                         settings.query_prefix, settings.passage_prefix)


def open_store(settings: Settings, embedder: Embedder) -> VectorStore:
    return open_chroma(settings.data_dir, collection_name(embedder.model_id, settings.chunk_chars),
                       settings.chroma_host, settings.chroma_port)


def build(settings: Settings, embedder: Embedder | None = None, store: VectorStore | None = None,
          progress: bool = True) -> BuildReport:
    """(Re)build the index of ``settings.corpus_dir`` incrementally."""
    from index.facts import extract_facts

    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirUnwritable(str(settings.data_dir), exc.strerror or str(exc)) from exc
    embedder = embedder or default_embedder(settings)
    store = store or open_store(settings, embedder)
    return build_index(settings.corpus_dir, settings.data_dir, embedder, store, settings.chunk_chars,
                       collection_name(embedder.model_id, settings.chunk_chars), extract_facts,
                       settings.embed_batch, progress)


@dataclass
class Assistant:
    settings: Settings
    snapshot: Snapshot
    embedder: Embedder
    store: VectorStore
    generator: Generator | None = None  # optional LLM wording; None = extractive answers only

    @classmethod
    def from_settings(cls, settings: Settings | None = None, embedder: Embedder | None = None,
                      store: VectorStore | None = None, generator: Generator | None = None) -> "Assistant":
        settings = settings or Settings()
        snapshot = load_snapshot(settings.data_dir)
        embedder = embedder or default_embedder(settings)
        wanted = collection_name(embedder.model_id, settings.chunk_chars)
        if snapshot.manifest.collection != wanted:
            raise IndexOutdated(f"{snapshot.manifest.embedder}/{snapshot.manifest.chunk_chars}",
                                f"{embedder.model_id}/{settings.chunk_chars}")
        return cls(settings, snapshot, embedder, store or open_store(settings, embedder), generator)

    @cached_property
    def stats(self) -> CorpusStats:
        return CorpusStats(list(self.snapshot.chunks.values()))

    @cached_property
    def people(self) -> set[str]:
        """Names of the officials extracted from the articles at indexing time."""
        return {o["name"] for o in self.snapshot.facts.get("officials", [])}

    @cached_property
    def _facts_by_article(self) -> dict[tuple[str, str], list[dict]]:
        grouped: dict[tuple[str, str], list[dict]] = {}
        for kind, records in self.snapshot.facts.items():
            for record in records:
                grouped.setdefault((kind, record["article_id"]), []).append(record)
        return grouped

    def facts_of(self, kind: str, article_id: str) -> list[dict]:
        """The ``kind`` records ("officials", "directives", "figures") extracted from one article."""
        return self._facts_by_article.get((kind, article_id), [])

    @cached_property
    def _chunks_by_article(self) -> dict[str, list[Chunk]]:
        grouped: dict[str, list[Chunk]] = {}
        for chunk in self.snapshot.chunks.values():
            grouped.setdefault(chunk.article_id, []).append(chunk)
        return grouped

    def chunks_of(self, article_id: str) -> list[Chunk]:
        """One article's chunks, in index order."""
        return self._chunks_by_article.get(article_id, [])

    def titles_of(self, name: str) -> list[str]:
        return [t for o in self.snapshot.facts.get("officials", []) if o["name"] == name for t in o["titles"]]

    @cached_property
    def retriever(self) -> Retriever:
        return Retriever(self.snapshot, self.embedder, self.store, self.settings.candidates, self.settings.rrf_k)

    def search(self, question: str, k: int | None = None, filters: SearchFilters | None = None) -> list[Passage]:
        q = clean_question(question, self.settings.max_question_chars)
        return self.retriever.search(q, k or self.settings.top_k, filters)

    def ask(self, question: str, history: list[str] | None = None,
            filters: SearchFilters | None = None) -> Answer:
        from assistant.answer import answer_question

        q = clean_question(question, self.settings.max_question_chars)
        return answer_question(self, q, clean_history(history, self.settings.max_question_chars), filters)

    def summarize(self, scope: "SummaryScope", max_chars: int | None = None) -> "Summary":
        from assistant.summarize import summarize

        return summarize(self, scope, max_chars)

    def summarize_question(self, question: str, filters: SearchFilters | None, trace: list[str]) -> Answer:
        from assistant.summarize import summarize_question

        return summarize_question(self, question, filters, trace)

    def article(self, article_id: str) -> Article:
        try:
            return self.snapshot.articles[article_id]
        except KeyError:
            raise UnknownArticle(article_id) from None

    def articles(self) -> list[Article]:
        return sorted(self.snapshot.articles.values(), key=lambda a: (a.date or "", a.id))


def index_ready(settings: Settings) -> bool:
    return read_manifest(settings.data_dir) is not None
