"""A build interrupted part-way keeps every batch it embedded: the next build embeds only the rest and ends with the
same index as a build never interrupted, while the previous generation serves throughout (hashing embedder)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import chromadb
import pytest

from assistant.api import Assistant, build
from assistant.settings import Settings
from index.articles import read_corpus
from index.build import batches
from index.chunk import chunk_article
from index.snapshot import GENERATIONS, current_generation, load_snapshot
from tests.conftest import ROOT, make_settings
from tests.fakes import FailingEmbedder, HashEmbedder
from tests.test_build import ASK_BINH_DINH, NQ57, add_copy, build_process

COPIES = [f"thanhhoa-2025-06-{day:02d}-ban-sao" for day in range(10, 16)]  # six new articles, 6 chunks each
BATCH = 4


def _grow(corpus: Path) -> None:
    for new_id in COPIES:
        add_copy(corpus, NQ57, new_id)
        path = corpus / f"{new_id}.txt"  # each copy its own text, so its own chunk ids and vectors
        path.write_text(path.read_text(encoding="utf-8").replace("Thanh Hóa", f"Thanh Hóa ({new_id})"),
                        encoding="utf-8")


def _vectors(settings: Settings) -> dict[str, tuple[list[float], dict]]:
    """Every stored vector and its metadata, read straight from Chroma."""
    collection_name = load_snapshot(settings.data_dir).manifest.collection
    client = chromadb.PersistentClient(path=str(settings.data_dir / "chroma"))
    got = client.get_collection(collection_name).get(include=["embeddings", "metadatas"])
    return {i: ([round(float(x), 6) for x in e], m) for i, e, m in zip(got["ids"], got["embeddings"], got["metadatas"])}


def _index(settings: Settings) -> tuple:
    snap = load_snapshot(settings.data_dir)
    return (snap.manifest.articles, snap.manifest.chunk_ids, snap.articles, snap.chunks, snap.facts,
            _vectors(settings))


@pytest.fixture
def two_corpora(tmp_path: Path, corpus_copy: Path) -> tuple[Settings, Settings, int]:
    """The bundled corpus indexed, then grown by six articles: once to build straight, once to interrupt; and the
    number of new chunks."""
    settings = make_settings(tmp_path / "interrupted", corpus=corpus_copy, embed_batch=BATCH)
    before = build(settings, embedder=HashEmbedder(), progress=False).chunks
    _grow(corpus_copy)
    straight = make_settings(tmp_path / "straight", corpus=corpus_copy, embed_batch=BATCH)
    new = sum(len(chunk_article(a, settings.chunk_chars)) for a in read_corpus(corpus_copy)) - before
    assert new > 8 * BATCH
    return settings, straight, new


def test_an_interrupted_build_resumes_with_the_rest_and_ends_as_an_uninterrupted_one(two_corpora) -> None:
    settings, straight, new = two_corpora
    generation = current_generation(settings.data_dir)
    with pytest.raises(KeyboardInterrupt):
        build(settings, embedder=FailingEmbedder(fail_after=4 * BATCH), progress=False)  # 4 of 9 batches in
    assert current_generation(settings.data_dir) == generation  # the previous generation still serves
    assert any("1.230" in p.text for p in Assistant.from_settings(settings, embedder=HashEmbedder()).search(
        ASK_BINH_DINH, 3))
    resumed = HashEmbedder()
    report = build(settings, embedder=resumed, progress=False)
    assert report.embedded == resumed.passages_embedded == new - 4 * BATCH
    assert sorted(report.added_articles) == COPIES
    build(straight, embedder=HashEmbedder(), progress=False)
    assert _index(settings) == _index(straight)
    assert [p.name for p in (settings.data_dir / GENERATIONS).iterdir()] == [current_generation(settings.data_dir)]


STUCK_AFTER = """
class StuckAfter(HashEmbedder):
    def embed_passages(self, texts):
        if self.passages_embedded >= LIMIT:
            pathlib.Path(MARKER).touch()
            threading.Event().wait()  # until SIGKILL
        return super().embed_passages(texts)
"""


def test_a_build_killed_part_way_resumes_from_its_stored_batches(two_corpora, tmp_path: Path) -> None:
    """SIGKILL after four batches: no cleanup runs, yet the next build embeds at most the last five batches."""
    settings, straight, new = two_corpora
    settings_file = f"LIMIT = {4 * BATCH}\nMARKER = {str(tmp_path / 'stuck')!r}\n{STUCK_AFTER}"
    argv = build_process(settings, "StuckAfter()", settings_file)
    argv[-1] = argv[-1].replace("data_dir=", f"embed_batch={BATCH}, data_dir=")
    proc = subprocess.Popen(argv, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        for _ in range(1200):  # readiness poll for the marker, not a timing assumption
            if (tmp_path / "stuck").exists() or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert (tmp_path / "stuck").exists(), proc.stderr.read().decode() if proc.poll() is not None else ""
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    report = build(settings, embedder=HashEmbedder(), progress=False)
    assert new - 4 * BATCH <= report.embedded <= new - 3 * BATCH  # the fourth batch's write may be lost
    build(straight, embedder=HashEmbedder(), progress=False)
    assert _index(settings) == _index(straight)


@pytest.mark.parametrize("tokens, most, most_tokens, expected", [
    ([10, 10, 10, 10, 10], 2, 1000, [[0, 1], [2, 3], [4]]),  # by passages
    ([300, 300, 300, 50, 600], 10, 650, [[0, 1], [2, 3], [4]]),  # by tokens
    ([900, 10], 10, 500, [[0], [1]]),  # a passage over the budget goes alone
    ([], 4, 100, []),
])
def test_batches_are_sized_by_passages_and_tokens(tokens, most, most_tokens, expected) -> None:
    assert [list(r) for r in batches(tokens, most, most_tokens)] == expected
