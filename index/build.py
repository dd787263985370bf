"""Building the index: read → chunk → embed what is new → store → switch generation → collect garbage.

Incremental: chunk ids are content hashes, so vectors of unchanged text are reused, never re-embedded;
chunks of removed or changed articles are deleted from the vector store once the new generation is current.
Resumable: passages are embedded in batches sized by tokens and each batch's vectors are stored while the next
is embedded, so a build killed at 60 % leaves 60 % of the vectors in the store (not yet in any generation: the
current one still serves) and the next build embeds only the rest.
"""

from __future__ import annotations

import fcntl
import hashlib
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from tqdm import tqdm

from index.articles import extraction_cache, read_corpus
from index.chunk import chunk_article
from index.embed import Embedder
from index.errors import DataDirUnwritable, IndexLocked
from index.keyword import KeywordIndex
from index.snapshot import Manifest, prune_generations, read_manifest, write_generation
from index.store import VectorStore
from index.types import Article, Chunk, Facts

SCHEMA = "cds-index-v1"
FactExtractor = Callable[[list[Article], Callable[[str], None]], Facts]


@dataclass
class BuildReport:
    articles: int
    chunks: int
    embedded: int
    reused: int
    added_articles: list[str]
    changed_articles: list[str]
    removed_articles: list[str]
    seconds: float
    warnings: list[str] = field(default_factory=list)  # articles read only in part, by file


def collection_name(embedder_id: str, chunk_chars: int, deployment: str | None = None) -> str:
    """Derived from everything that shapes a vector, so a new model or chunk size never reuses old vectors; on a
    shared Chroma server also from the deployment (its data dir's id), so two deployments never prune each
    other's vectors."""
    key = f"{SCHEMA}|{embedder_id}|{chunk_chars}" + (f"|{deployment}" if deployment else "")
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return f"cds_{digest}"


@contextmanager
def build_lock(data_dir: Path) -> Iterator[None]:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        handle = open(data_dir / ".build.lock", "w")
    except OSError as exc:
        raise DataDirUnwritable(str(data_dir), exc.strerror or str(exc)) from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexLocked(str(data_dir)) from exc
        yield


def embedding_text(chunk: Chunk) -> str:
    """The title travels with each passage: many paragraphs say only 'tỉnh' for the province."""
    return f"{chunk.title}\n{chunk.text}"


def token_counts(embedder: Embedder, texts: list[str]) -> list[int]:
    """Tokens each text feeds the model: the embedder's own count where it has one, else an estimate."""
    count = getattr(embedder, "token_counts", None)
    return count(texts) if count else [len(t) // 3 + 2 for t in texts]


def batches(tokens: list[int], most: int, most_tokens: int) -> Iterator[range]:
    """Consecutive index ranges of at most ``most`` items and ``most_tokens`` tokens (one item at least)."""
    start, total = 0, 0
    for i, n in enumerate(tokens):
        if i > start and (i - start >= most or total + n > most_tokens):
            yield range(start, i)
            start, total = i, 0
        total += n
    if start < len(tokens):
        yield range(start, len(tokens))


def _embed_missing(chunks: list[Chunk], articles: dict[str, Article], embedder: Embedder, store: VectorStore,
                   batch: tuple[int, int], progress: bool, changed: set[str]) -> int:
    """Embed and store the chunks the store lacks, each batch stored while the next is embedded; re-file the
    stored ones of changed articles."""
    stored = store.ids()
    missing = [c for c in chunks if c.id not in stored]
    refile = [c for c in chunks if c.id in stored and c.article_id in changed]
    if refile:
        store.update_metadata(refile, [articles[c.article_id].date_range or (0, 0) for c in refile])
    texts = [embedding_text(c) for c in missing]
    bar = tqdm(total=len(missing), desc="Nhúng đoạn văn / embedding", unit="đoạn", disable=not progress)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="store") as writer:  # waits for the last write
        written: Future | None = None
        for part in batches(token_counts(embedder, texts), *batch):
            vectors = embedder.embed_passages(texts[part.start:part.stop])
            if written is not None:
                written.result()  # one write in flight at most; its error stops the build
            pieces = missing[part.start:part.stop]
            written = writer.submit(store.add, pieces, vectors,
                                    [articles[c.article_id].date_range or (0, 0) for c in pieces])
            bar.update(len(part))
        if written is not None:
            written.result()
    bar.close()
    return len(missing)


def build_index(corpus_dir: Path, data_dir: Path, embedder: Embedder, store: VectorStore, chunk_chars: int,
                collection: str, extract_facts: FactExtractor | None = None, batch: int = 512,
                progress: bool = True, max_article_chars: int | None = None,
                batch_tokens: int = 32768) -> BuildReport:
    started = time.perf_counter()
    with build_lock(data_dir):
        warnings: list[str] = []  # articles skipped or read in part, by file
        articles = read_corpus(corpus_dir, warnings.append, max_article_chars,  # all read before touching the index
                               extraction_cache(data_dir))
        previous = read_manifest(data_dir)
        old = previous.articles if previous and previous.collection == collection else {}
        chunks = [c for a in articles for c in chunk_article(a, chunk_chars)]
        by_id = {a.id: a for a in articles}
        changed = {a.id for a in articles if old.get(a.id) != a.sha256}
        embedded = _embed_missing(chunks, by_id, embedder, store, (batch, batch_tokens), progress, changed)
        keyword = KeywordIndex.build([c.id for c in chunks], [embedding_text(c) for c in chunks])
        manifest = Manifest(collection=collection, embedder=embedder.model_id, chunk_chars=chunk_chars,
                            articles={a.id: a.sha256 for a in articles}, chunk_ids=[c.id for c in chunks])
        try:
            gen = write_generation(data_dir, manifest, articles, chunks, keyword,
                                   extract_facts(articles, warnings.append) if extract_facts else Facts([], [], []))
        except OSError as exc:
            raise DataDirUnwritable(str(data_dir), exc.strerror or str(exc)) from exc
        live = set(manifest.chunk_ids)
        store.delete(sorted(store.ids() - live))
        prune_generations(data_dir, gen)
    return BuildReport(
        articles=len(articles), chunks=len(chunks), embedded=embedded, reused=len(chunks) - embedded,
        added_articles=sorted(set(by_id) - set(old)),
        changed_articles=sorted(a for a in by_id if a in old and old[a] != by_id[a].sha256),
        removed_articles=sorted(set(old) - set(by_id)),
        seconds=time.perf_counter() - started, warnings=warnings,
    )
