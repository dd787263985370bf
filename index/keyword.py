"""BM25 keyword index (bm25s) over segmented words, syllables and diacritic-free syllables.

The same ``keyword_tokens`` runs on passages and questions, so ``thanh hoa co bao nhieu chu ky so``
meets the accented passage through its folded syllables, and ``CĐS`` meets ``chuyển đổi số``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from index.abbreviations import with_expansions
from index.normalize import fold
from index.segment import segment


def keyword_tokens(text: str) -> list[str]:
    words = [w.lower() for w in segment(with_expansions(text))]
    tokens = [w for w in words if "_" in w]
    for word in words:
        for syllable in word.split("_"):
            tokens.append(syllable)
            tokens.append("~" + fold(syllable))
    return tokens


class KeywordIndex:
    def __init__(self, ids: list[str], retriever):
        self.ids = ids
        self._retriever = retriever
        self._position = {cid: i for i, cid in enumerate(ids)}

    @classmethod
    def build(cls, ids: list[str], texts: list[str]) -> "KeywordIndex":
        import bm25s

        retriever = bm25s.BM25()
        retriever.index([keyword_tokens(t) or ["∅"] for t in texts], show_progress=False)
        return cls(list(ids), retriever)

    def search(self, query: str, k: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        tokens = [t for t in keyword_tokens(query) if t in self._retriever.vocab_dict]
        if not tokens or not self.ids:
            return []
        scores = np.asarray(self._retriever.get_scores(tokens), dtype=np.float32)
        if allowed is not None:
            mask = np.zeros(len(self.ids), dtype=bool)
            mask[[self._position[i] for i in allowed if i in self._position]] = True
            scores = np.where(mask, scores, 0.0)
        top = np.argsort(-scores)[:k]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._retriever.save(str(directory))
        (directory / "ids.json").write_text(json.dumps(self.ids), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> "KeywordIndex":
        import bm25s

        ids = json.loads((directory / "ids.json").read_text(encoding="utf-8"))
        return cls(ids, bm25s.BM25.load(str(directory)))
