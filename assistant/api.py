"""The facade, the one entry point used by the app, the CLI and eval/run.py alike.

    from assistant import Assistant
    answer = Assistant.from_settings().ask("Bình Định có bao nhiêu DVCTT toàn trình?")

It opens an index generation as a read-only ``Corpus``, wires the answering ``Pipeline`` and the summarizer,
and checks what callers pass in; the work itself happens in ``assistant.answering`` and ``assistant.summary``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from assistant.answering.generate import Generator
from assistant.answering.pipeline import Earlier, Pipeline
from assistant.answering.retrieve import Retriever
from assistant.corpus import Corpus
from assistant.errors import EmptyQuestion, IndexOutdated, MalformedHistory, QuestionTooLong, VectorsMissing
from assistant.library import Added, LibraryEntry, Step, add_files, correct, entries, remove, source_file
from assistant.llm import OpenAICompatible
from assistant.settings import Settings
from assistant.summary.summarize import reworded, summarize, summarize_question
from assistant.types import Answer, Passage, Summary, SummaryScope
from index.build import BuildReport, build_index, collection_name
from index.embed import Embedder, make_embedder
from index.errors import DataDirUnwritable
from index.facts import extract_facts
from index.normalize import normalize_text
from index.snapshot import current_generation, deployment_id, load_snapshot, read_manifest
from index.store import VectorStore, open_chroma
from index.types import Article, SearchFilters


def clean_question(question: object, limit: int) -> str:
    """Normalised question, or a clear error for empty and over-long ones."""
    if not isinstance(question, str) or not any(ch.isalnum() for ch in question):
        raise EmptyQuestion()
    if len(question) > limit:
        raise QuestionTooLong(len(question), limit)
    return normalize_text(question)


def clean_history(history: object, limit: int) -> list[Earlier]:
    """Earlier turns of the conversation: question strings (blank ones skipped) or the Answers given to them."""
    if history is None:
        return []
    if not isinstance(history, (list, tuple)) or not all(isinstance(h, (str, Answer)) for h in history):
        raise MalformedHistory()
    return [h if isinstance(h, Answer) else normalize_text(h[:limit]) for h in history
            if isinstance(h, Answer) or h.strip()]


def default_embedder(settings: Settings) -> Embedder:
    return make_embedder(settings.embedding_backend, settings.embedding_model,
                         settings.query_prefix, settings.passage_prefix, settings.embed_workers)


def collection_for(settings: Settings, embedder: Embedder, create: bool = False) -> str:
    """The Chroma collection of this data dir and embedder (its deployment id on a shared server)."""
    deployment = deployment_id(settings.data_dir, create) if settings.chroma_host else None
    return collection_name(embedder.model_id, settings.chunk_chars, deployment)


def open_store(settings: Settings, embedder: Embedder, create: bool = False) -> VectorStore:
    return open_chroma(settings.data_dir, collection_for(settings, embedder, create), settings.chroma_host,
                       settings.chroma_port)


def build(settings: Settings, embedder: Embedder | None = None, store: VectorStore | None = None,
          progress: bool = True) -> BuildReport:
    """(Re)build the index of ``settings.corpus_dir`` incrementally."""
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirUnwritable(str(settings.data_dir), exc.strerror or str(exc)) from exc
    embedder = embedder or default_embedder(settings)
    store = store or open_store(settings, embedder, create=True)
    report = build_index(settings.corpus_dir, settings.data_dir, embedder, store, settings.chunk_chars,
                         collection_for(settings, embedder, create=True), extract_facts,
                         settings.embed_batch, progress, settings.max_article_chars, settings.embed_batch_tokens)
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    return report


def index_ready(settings: Settings) -> bool:
    return read_manifest(settings.data_dir) is not None


@dataclass
class Assistant:
    settings: Settings
    corpus: Corpus
    embedder: Embedder
    store: VectorStore
    generator: Generator | None = None  # optional LLM wording; None = extractive answers only

    @classmethod
    def from_settings(cls, settings: Settings | None = None, embedder: Embedder | None = None,
                      store: VectorStore | None = None, generator: Generator | None = None) -> "Assistant":
        """The assistant over the current index of ``settings.data_dir`` (settings from the environment)."""
        settings = settings or Settings()
        snapshot = load_snapshot(settings.data_dir)
        embedder = embedder or default_embedder(settings)
        wanted = collection_for(settings, embedder)
        if snapshot.manifest.collection != wanted:
            raise IndexOutdated(f"{snapshot.manifest.embedder}/{snapshot.manifest.chunk_chars}",
                                f"{embedder.model_id}/{settings.chunk_chars}")
        store = store or open_store(settings, embedder)
        if (stored := store.count()) < len(snapshot.manifest.chunk_ids):  # data/chroma deleted or emptied
            raise VectorsMissing(len(snapshot.manifest.chunk_ids) - stored, len(snapshot.manifest.chunk_ids))
        generator = generator or OpenAICompatible.from_settings(settings)  # None unless a model server is set
        return cls(settings, Corpus(snapshot), embedder, store, generator)

    def refreshed(self) -> "Assistant":
        """This assistant, or a new one over the generation ``CURRENT`` now names (a build switched it), sharing
        the embedder, store and generator: a long-running app follows rebuilds without a restart."""
        if current_generation(self.settings.data_dir) in (None, self.corpus.generation):
            return self
        return Assistant.from_settings(self.settings, self.embedder, self.store, self.generator)

    @cached_property
    def retriever(self) -> Retriever:
        return Retriever(self.corpus, self.embedder, self.store, self.settings.candidates, self.settings.rrf_k)

    @cached_property
    def pipeline(self) -> Pipeline:
        return Pipeline(self.corpus, self.retriever, self.settings, self.generator, self._summarize_question)

    def search(self, question: str, k: int | None = None, filters: SearchFilters | None = None) -> list[Passage]:
        """The top passages for ``question`` (hybrid keyword + dense retrieval), within ``filters``."""
        q = clean_question(question, self.settings.max_question_chars)
        return self.retriever.search(q, k or self.settings.top_k, filters)

    def ask(self, question: str, history: Sequence[str | Answer] | None = None,
            filters: SearchFilters | None = None) -> Answer:
        """A short, cited answer. ``history`` holds the conversation's earlier questions, or better the Answers
        given to them (then a follow-up does not answer them again)."""
        *_, final = self.ask_stream(question, history, filters, stream=False)
        return final

    def ask_stream(self, question: str, history: Sequence[str | Answer] | None = None,
                   filters: SearchFilters | None = None, stream: bool = True) -> Iterator[Answer]:
        """As ``ask``, for a chat that shows the answer as it is written: with a language model, partial
        Answers grow one verified sentence at a time; the last one yielded is the final answer (the model's
        wording, or the extractive answer with a notice). Without one, the extractive answer at once."""
        q = clean_question(question, self.settings.max_question_chars)
        earlier = clean_history(history, self.settings.max_question_chars)
        return self.pipeline.answer_worded(q, earlier, filters, stream)

    def summarize(self, scope: SummaryScope, max_chars: int | None = None) -> Summary:
        """A cited extractive summary of the articles in ``scope`` (default length: settings.summary_max_chars),
        its text reworded by the language model, sentence by sentence verified, when one is configured."""
        extractive = summarize(self.retriever, scope, max_chars or self.settings.summary_max_chars)
        return reworded(extractive, self.generator)

    def _summarize_question(self, question: str, filters: SearchFilters | None, trace: list[str]) -> Answer:
        return summarize_question(self.retriever, question, filters, trace, self.settings.summary_max_chars)

    def evidence_strength(self, question: str, history: Sequence[str | Answer] | None = None,
                          filters: SearchFilters | None = None) -> float:
        """How strong the best evidence for ``question`` is, before the refusal threshold: for calibration."""
        q = clean_question(question, self.settings.max_question_chars)
        earlier = clean_history(history, self.settings.max_question_chars)
        return self.pipeline.evidence_strength(self.pipeline.resolve(q, earlier, filters), filters)

    def article(self, article_id: str) -> Article:
        return self.corpus.article(article_id)

    def articles(self) -> list[Article]:
        return self.corpus.ordered_articles()

    def library(self, query: str = "") -> list[LibraryEntry]:
        """The indexed articles (title, date, province, format, passages), those matching ``query`` if given."""
        return entries(self.corpus, query)

    def original_file(self, article_id: str) -> Path:
        """The file an article was read from (a PDF, a DOCX, a saved page…), for download."""
        return source_file(self.settings.corpus_dir, self.article(article_id).id)

    def add_files(self, files: Sequence[tuple[Path, str]], step: Step | None = None) -> Added:
        """Checks and adds ``(path, offered name)`` files to the corpus, then builds; see ``assistant.library``.
        This assistant keeps answering from its generation; ``refreshed()`` follows the new one."""
        return add_files(self.settings, files, self._rebuild, step)

    def remove_article(self, article_id: str) -> BuildReport:
        return remove(self.settings, self.article(article_id).id, self._rebuild)

    def correct_article(self, article_id: str, province: str | None = None, date: str | None = None) -> BuildReport:
        """Writes a corrected province and/or date into the article's sidecar, then builds."""
        return correct(self.settings, self.article(article_id).id, self._rebuild, province, date)

    def _rebuild(self) -> BuildReport:
        return build(self.settings, self.embedder, self.store)
