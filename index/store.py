"""Chroma behind a small VectorStore protocol, through llama-index's ChromaVectorStore.

Embedded ``PersistentClient`` by default; ``HttpClient`` when a server host is given. Vectors are always
passed in (never embedded by Chroma), the collection uses cosine space, and distance becomes a cosine
similarity in exactly one place (``_similarity``).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Protocol

import numpy as np

from index.errors import VectorStoreUnavailable
from index.types import Chunk, SearchFilters

_BATCH = 1000


class VectorStore(Protocol):
    def ids(self) -> set[str]: ...

    def count(self) -> int: ...

    def add(self, chunks: list[Chunk], vectors: np.ndarray, date_ranges: list[tuple[int, int]]) -> None: ...

    def update_metadata(self, chunks: list[Chunk], date_ranges: list[tuple[int, int]]) -> None: ...

    def delete(self, ids: list[str]) -> None: ...

    def query(self, vector: np.ndarray, k: int, filters: SearchFilters | None = None) -> list[tuple[str, float]]: ...


def _similarity(llama_score: float) -> float:
    """ChromaVectorStore reports exp(-distance); with cosine space distance = 1 - cos."""
    return 1.0 + math.log(max(llama_score, 1e-12))


def _metadata(chunk: Chunk, dates: tuple[int, int]) -> dict:
    return {"article_id": chunk.article_id, "province": chunk.province or "", "date_min": dates[0], "date_max": dates[1]}


def _metadata_filters(filters: SearchFilters | None):
    from llama_index.core.vector_stores import FilterCondition, FilterOperator, MetadataFilter, MetadataFilters

    if filters is None or filters.is_empty:
        return None
    parts = []
    if filters.provinces:
        parts.append(MetadataFilter(key="province", value=list(filters.provinces), operator=FilterOperator.IN))
    if filters.date_from is not None:
        parts.append(MetadataFilter(key="date_max", value=filters.date_from, operator=FilterOperator.GTE))
    if filters.date_to is not None:
        parts.append(MetadataFilter(key="date_min", value=filters.date_to, operator=FilterOperator.LTE))
    return MetadataFilters(filters=parts, condition=FilterCondition.AND)


def unavailable(where: str, exc: Exception) -> VectorStoreUnavailable:
    """Chroma's many error types (connection, sqlite, permissions, disk) as one message a person can act on."""
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "readonly" in reason.lower() or "read-only" in reason.lower():
        reason += "; thư mục dữ liệu chỉ cho phép đọc / the data directory is read-only"
    return VectorStoreUnavailable(where, reason)


def _guarded(method):
    """A store operation whose failure (server gone, disk full, read-only files) is a VectorStoreUnavailable."""
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except VectorStoreUnavailable:
            raise
        except Exception as exc:
            raise unavailable(self.where, exc) from exc
    call.__doc__ = method.__doc__
    return call


class ChromaStore:
    def __init__(self, collection, where: str = "Chroma"):
        from llama_index.vector_stores.chroma import ChromaVectorStore

        self._collection = collection
        self._store = ChromaVectorStore(chroma_collection=collection)
        self.where = where

    @_guarded
    def ids(self) -> set[str]:
        return set(self._collection.get(include=[])["ids"])

    @_guarded
    def count(self) -> int:
        return self._collection.count()

    @_guarded
    def add(self, chunks: list[Chunk], vectors: np.ndarray, date_ranges: list[tuple[int, int]]) -> None:
        from llama_index.core.schema import TextNode

        nodes = [
            TextNode(
                id_=c.id, text=c.text, embedding=vec.tolist(),
                metadata=_metadata(c, dates),
            )
            for c, vec, dates in zip(chunks, vectors, date_ranges)
        ]
        for i in range(0, len(nodes), _BATCH):
            self._store.add(nodes[i:i + _BATCH])

    @_guarded
    def update_metadata(self, chunks: list[Chunk], date_ranges: list[tuple[int, int]]) -> None:
        """Re-file stored vectors under an article's new province or date (no re-embedding)."""
        for i in range(0, len(chunks), _BATCH):
            part = list(zip(chunks[i:i + _BATCH], date_ranges[i:i + _BATCH]))
            self._collection.update(ids=[c.id for c, _ in part], metadatas=[_metadata(c, d) for c, d in part])

    @_guarded
    def delete(self, ids: list[str]) -> None:
        for i in range(0, len(ids), _BATCH):
            self._collection.delete(ids=ids[i:i + _BATCH])

    @_guarded
    def query(self, vector: np.ndarray, k: int, filters: SearchFilters | None = None) -> list[tuple[str, float]]:
        from llama_index.core.vector_stores import VectorStoreQuery

        result = self._store.query(VectorStoreQuery(
            query_embedding=vector.tolist(), similarity_top_k=k, filters=_metadata_filters(filters)))
        return [(i, _similarity(s)) for i, s in zip(result.ids or [], result.similarities or [])]


def open_chroma(data_dir: Path, collection: str, host: str | None = None, port: int = 8000) -> ChromaStore:
    """The collection ``collection`` on a Chroma server (``host``) or embedded under ``data_dir/chroma``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    where = f"http://{host}:{port}" if host else str(data_dir / "chroma")
    try:
        if host:
            client = chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
        else:
            client = chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=chroma_settings)
        coll = client.get_or_create_collection(collection, metadata={"hnsw:space": "cosine"})
    except Exception as exc:  # chromadb raises many types (connection, sqlite, permissions)
        raise unavailable(where, exc) from exc
    return ChromaStore(coll, where)
