"""Fast, deterministic stand-ins for the slow parts (as llama-index's MockEmbedding, dspy's DummyVectorizer)."""

from __future__ import annotations

import hashlib

import numpy as np

from index.normalize import fold


class HashEmbedder:
    """Hashes character 3-grams of the folded text into a unit vector: similar texts land near each other."""

    def __init__(self, dim: int = 256):
        self.dim = dim
        self.model_id = f"fake-hash-{dim}"
        self.passages_embedded = 0

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        padded = f"  {fold(text)}  "
        for i in range(len(padded) - 2):
            h = int.from_bytes(hashlib.blake2b(padded[i:i + 3].encode(), digest_size=4).digest(), "little")
            vec[h % self.dim] += 1.0
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else vec

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.passages_embedded += len(texts)
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)


class FailingEmbedder(HashEmbedder):
    """Raises after ``fail_after`` passages: an interrupted build."""

    def __init__(self, fail_after: int):
        super().__init__()
        self.fail_after = fail_after

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if self.passages_embedded + len(texts) > self.fail_after:
            raise KeyboardInterrupt("simulated interruption")
        return super().embed_passages(texts)


class ScriptedGenerator:
    """Returns queued replies in order and records every prompt it was given."""

    name = "scripted"

    def __init__(self, replies: list[str]):
        self.replies = list(replies)
        self.prompts: list[str] = []

    def generate(self, prompt: str) -> str:
        self.prompts.append(prompt)
        return self.replies.pop(0)
