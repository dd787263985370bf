"""Building the index: restarts, incremental updates, interruptions, locks and bad data dirs (hashing embedder)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from chromadb.api.client import SharedSystemClient

from assistant.api import Assistant, build
from assistant.errors import IndexOutdated, UnknownArticle, VectorsMissing
from assistant.settings import Settings
from index.build import BuildReport, build_lock
from index.errors import ArticleUnreadable, DataDirUnwritable, IndexLocked, IndexMissing, VectorStoreUnavailable
from index.snapshot import GENERATIONS, current_generation
from index.types import Chunk, SearchFilters
from tests.conftest import ROOT, make_settings
from tests.fakes import FailingEmbedder, HashEmbedder

BINH_DINH = "binhdinh-2025-05-09-c06-de-an-06"
NQ57 = "thanhhoa-2025-05-16-bo-cong-an-nq57"
BAI_2 = "thanhhoa-2023-cds-bai-2-the-che"
ASK_BINH_DINH = "Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?"


def rebuild(settings: Settings, embedder: HashEmbedder) -> BuildReport:
    return build(settings, embedder=embedder, progress=False)


def top_texts(settings: Settings, question: str, k: int = 3) -> list[str]:
    return [p.text for p in Assistant.from_settings(settings, embedder=HashEmbedder()).search(question, k)]


STUCK_EMBEDDER = """
class Stuck(HashEmbedder):
    def embed_passages(self, texts):
        pathlib.Path(MARKER).touch()
        threading.Event().wait()  # until SIGKILL
"""


def build_process(settings: Settings, embedder: str = "HashEmbedder()", prelude: str = "") -> list[str]:
    """argv of a fresh interpreter that builds ``settings`` with the embedder expression ``embedder``."""
    code = "\n".join([
        "import pathlib, threading",
        "from assistant.api import build",
        "from assistant.settings import Settings",
        "from tests.fakes import HashEmbedder",
        prelude,
        f"settings = Settings(corpus_dir=pathlib.Path({str(settings.corpus_dir)!r}), "
        f"data_dir=pathlib.Path({str(settings.data_dir)!r}))",
        f"build(settings, embedder={embedder}, progress=False)",
    ])
    return [sys.executable, "-c", code]


def add_copy(corpus: Path, source: str, new_id: str) -> None:
    """A new article: same text under another id, so every one of its chunks needs a vector."""
    (corpus / f"{new_id}.txt").write_text((corpus / f"{source}.txt").read_text(encoding="utf-8"), encoding="utf-8")


@pytest.fixture
def built(tmp_path: Path, corpus_copy: Path) -> tuple[Settings, HashEmbedder]:
    """A writable corpus with a good index already built (the previous generation of every test here)."""
    settings = make_settings(tmp_path, corpus=corpus_copy, embed_batch=2)
    embedder = HashEmbedder()
    rebuild(settings, embedder)
    return settings, embedder


def test_no_index_is_reported_as_missing(tmp_path: Path) -> None:
    with pytest.raises(IndexMissing, match="python -m assistant build"):
        Assistant.from_settings(make_settings(tmp_path), embedder=HashEmbedder())


def test_an_index_built_in_another_process_is_searchable_here(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    subprocess.run(build_process(settings), cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                   check=True, capture_output=True)
    assert any("1.230 dịch vụ công trực tuyến toàn trình" in t for t in top_texts(settings, ASK_BINH_DINH))


def test_a_second_build_embeds_nothing(built: tuple[Settings, HashEmbedder]) -> None:
    settings, embedder = built
    before = embedder.passages_embedded
    report = rebuild(settings, embedder)
    assert (report.embedded, report.reused) == (0, report.chunks)
    assert embedder.passages_embedded == before
    assert report.added_articles == report.changed_articles == report.removed_articles == []
    assert len(list((settings.data_dir / GENERATIONS).iterdir())) == 1  # the old generation is gone


def test_editing_one_article_re_embeds_only_its_changed_chunks(built: tuple[Settings, HashEmbedder]) -> None:
    settings, embedder = built
    old_ids = set(Assistant.from_settings(settings, embedder=embedder).corpus.chunks)
    path = settings.corpus_dir / f"{NQ57}.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("611.000 chữ ký số", "654.321 chữ ký số"),
                    encoding="utf-8")
    before = embedder.passages_embedded
    report = rebuild(settings, embedder)
    fresh = Assistant.from_settings(settings, embedder=embedder)
    new_ids = set(fresh.corpus.chunks)
    assert report.changed_articles == [NQ57] and report.added_articles == report.removed_articles == []
    assert report.embedded == len(new_ids - old_ids) == 1 == embedder.passages_embedded - before
    assert all(cid.startswith(f"{NQ57}:") for cid in (new_ids - old_ids) | (old_ids - new_ids))
    assert fresh.store.ids() == new_ids
    texts = [p.text for p in fresh.search("Thanh Hóa có bao nhiêu chữ ký số?", 3)]
    assert any("654.321" in t for t in texts) and not any("611.000" in t for t in texts)


def test_a_removed_article_leaves_search_and_the_vector_store(built: tuple[Settings, HashEmbedder]) -> None:
    settings, embedder = built
    (settings.corpus_dir / f"{BINH_DINH}.txt").unlink()
    report = rebuild(settings, embedder)
    assert report.removed_articles == [BINH_DINH]
    fresh = Assistant.from_settings(settings, embedder=embedder)
    assert not any(cid.startswith(f"{BINH_DINH}:") for cid in fresh.store.ids())
    assert fresh.store.ids() == set(fresh.corpus.chunks)
    assert all(p.article_id != BINH_DINH for p in fresh.search(ASK_BINH_DINH, 20))
    with pytest.raises(UnknownArticle):
        fresh.article(BINH_DINH)


def test_an_interrupted_build_keeps_the_previous_index(built: tuple[Settings, HashEmbedder]) -> None:
    settings, _ = built
    generation = current_generation(settings.data_dir)
    add_copy(settings.corpus_dir, NQ57, "thanhhoa-2025-05-17-ban-sao")
    with pytest.raises(KeyboardInterrupt):
        rebuild(settings, FailingEmbedder(fail_after=3))  # one batch of 2 stored, then interrupted
    assert current_generation(settings.data_dir) == generation
    after = Assistant.from_settings(settings, embedder=HashEmbedder())
    assert "thanhhoa-2025-05-17-ban-sao" not in after.corpus.articles
    assert any("1.230" in p.text for p in after.search(ASK_BINH_DINH, 3))
    report = rebuild(settings, HashEmbedder())
    assert report.added_articles == ["thanhhoa-2025-05-17-ban-sao"]
    assert report.embedded == 3  # 5 new chunks, 2 of them kept from the interrupted build


def test_a_killed_build_keeps_the_previous_generation(built: tuple[Settings, HashEmbedder], tmp_path: Path) -> None:
    """SIGKILL while embedding: no cleanup code runs, yet CURRENT must still name the good generation."""
    settings, _ = built
    generation = current_generation(settings.data_dir)
    add_copy(settings.corpus_dir, NQ57, "thanhhoa-2025-05-17-ban-sao")
    marker = tmp_path / "embedding-started"
    argv = build_process(settings, "Stuck()", f"MARKER = {str(marker)!r}\n{STUCK_EMBEDDER}")
    log = tmp_path / "build.log"
    with log.open("w") as stderr:
        proc = subprocess.Popen(argv, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=stderr,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        for _ in range(1200):  # readiness poll for the marker, not a timing assumption
            if marker.exists() or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert marker.exists(), log.read_text(encoding="utf-8")
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert current_generation(settings.data_dir) == generation
    assert any("1.230" in t for t in top_texts(settings, ASK_BINH_DINH))
    report = rebuild(settings, HashEmbedder())  # the dead process's lock is gone with it
    assert report.added_articles == ["thanhhoa-2025-05-17-ban-sao"]
    assert [p.name for p in (settings.data_dir / GENERATIONS).iterdir()] == [current_generation(settings.data_dir)]


def test_a_concurrent_build_is_refused(built: tuple[Settings, HashEmbedder]) -> None:
    settings, embedder = built
    generation = current_generation(settings.data_dir)
    with build_lock(settings.data_dir):
        with pytest.raises(IndexLocked) as err:
            rebuild(settings, embedder)
    assert str(settings.data_dir) in err.value.vi and "khóa" in err.value.vi
    assert current_generation(settings.data_dir) == generation
    assert rebuild(settings, embedder).embedded == 0  # the lock is free again


def test_the_build_lock_reports_a_data_dir_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "tep.txt").write_text("không phải thư mục", encoding="utf-8")
    with pytest.raises(DataDirUnwritable, match="tep.txt"):
        with build_lock(tmp_path / "tep.txt" / "data"):
            pass


def test_a_data_dir_that_cannot_be_created_is_unwritable(tmp_path: Path) -> None:
    (tmp_path / "tep.txt").write_text("không phải thư mục", encoding="utf-8")
    settings = Settings(corpus_dir=ROOT / "corpus", data_dir=tmp_path / "tep.txt" / "data")
    with pytest.raises(DataDirUnwritable, match="tep.txt"):
        rebuild(settings, HashEmbedder())


def test_an_unreadable_article_is_named_and_skipped_and_the_build_goes_on(built: tuple[Settings, HashEmbedder],
                                                                           capsys) -> None:
    settings, embedder = built
    (settings.corpus_dir / "bai-latin1.txt").write_bytes("Thanh Hoá chuyển đổi số".encode("latin-1", "replace"))
    (settings.corpus_dir / "bai-ngay-sai.txt").write_text("date 2023-13 Tin thử\nThanh Hóa có 5 camera.",
                                                         encoding="utf-8")
    report = rebuild(settings, embedder)
    assert any("bai-latin1.txt" in w for w in report.warnings) and any("2023-13" in w for w in report.warnings)
    assert "bai-latin1.txt" in capsys.readouterr().err
    assert report.articles == 5 and "bai-latin1" not in Assistant.from_settings(settings, embedder=embedder).corpus.articles
    assert any("1.230" in t for t in top_texts(settings, ASK_BINH_DINH))


def test_an_index_built_with_another_chunk_size_is_outdated(built: tuple[Settings, HashEmbedder]) -> None:
    settings, embedder = built
    with pytest.raises(IndexOutdated, match="python -m assistant build"):
        Assistant.from_settings(settings.model_copy(update={"chunk_chars": 500}), embedder=embedder)


def test_an_updated_index_answers_like_a_fresh_one_after_a_sidecar_edit(built: tuple[Settings, HashEmbedder],
                                                                         tmp_path: Path) -> None:
    settings, embedder = built
    sidecar = settings.corpus_dir / f"{BAI_2}.meta.json"
    sidecar.write_text(json.dumps({"date": "2025-03-01", "province": "Bình Định"}), encoding="utf-8")
    assert rebuild(settings, embedder).changed_articles == [BAI_2]
    fresh = make_settings(tmp_path / "fresh", corpus=settings.corpus_dir)
    rebuild(fresh, HashEmbedder())
    question, only_2025 = "Huyện Đông Sơn đã cài đặt được bao nhiêu tài khoản VNeID?", SearchFilters(date_from=20250101)
    updated = Assistant.from_settings(settings, embedder=embedder).search(question, 3, only_2025)
    rebuilt = Assistant.from_settings(fresh, embedder=HashEmbedder()).search(question, 3, only_2025)
    assert [p.chunk_id for p in updated] == [p.chunk_id for p in rebuilt]


def test_a_damaged_current_pointer_reads_as_no_index_and_the_next_build_repairs_it(
        built: tuple[Settings, HashEmbedder]) -> None:
    settings, embedder = built
    (settings.data_dir / "CURRENT").write_bytes(b"\xff\xfe\x00gen")
    with pytest.raises(IndexMissing):
        Assistant.from_settings(settings, embedder=embedder)
    report = rebuild(settings, embedder)
    assert report.embedded == 0  # the vectors were kept: only the pointer was damaged
    assert any("1.230" in t for t in top_texts(settings, ASK_BINH_DINH))


def test_an_assistant_follows_a_rebuild_without_a_restart(built: tuple[Settings, HashEmbedder]) -> None:
    settings, embedder = built
    serving = Assistant.from_settings(settings, embedder=embedder)
    assert serving.refreshed() is serving  # nothing changed
    (settings.corpus_dir / "nghean-2025-06-01-tin-moi.txt").write_text(
        "Nghệ An lắp camera\nNghệ An đã lắp đặt 345 camera giám sát thông minh.", encoding="utf-8")
    rebuild(settings, embedder)
    fresh = serving.refreshed()
    assert fresh is not serving and fresh.store is serving.store and "Nghệ An" in fresh.corpus.provinces
    answer = fresh.ask("Nghệ An đã lắp bao nhiêu camera giám sát?", filters=SearchFilters(provinces=("Nghệ An",)))
    assert "345" in answer.text


def test_stray_vectors_never_crowd_out_the_generation_s_own(built: tuple[Settings, HashEmbedder]) -> None:
    settings, embedder = built
    assistant = Assistant.from_settings(settings, embedder=embedder)
    question = "Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?"
    before = [p.chunk_id for p in assistant.search(question, 5)]
    strays = [Chunk(f"stray-{i}", "gone", i, 0, 40, question, question, "2025", "Bình Định") for i in range(60)]
    assistant.store.add(strays, embedder.embed_passages([c.text for c in strays]), [(20250101, 20251231)] * 60)
    again = Assistant.from_settings(settings, embedder=embedder)  # as after a killed build
    assert again.retriever.strays == 60
    assert [p.chunk_id for p in again.search(question, 5)] == before


def test_a_deleted_vector_folder_is_said_not_silently_lost(built: tuple[Settings, HashEmbedder]) -> None:
    settings, embedder = built
    shutil.rmtree(settings.data_dir / "chroma")
    SharedSystemClient.clear_system_cache()  # as a new process would: Chroma caches a client per path
    with pytest.raises(VectorsMissing, match="python -m assistant build"):
        Assistant.from_settings(settings, embedder=embedder)
    rebuild(settings, embedder)
    assert Assistant.from_settings(settings, embedder=embedder).search("Bình Định", 1)


def test_a_full_disk_during_a_build_is_a_message_and_the_previous_index_serves(
        built: tuple[Settings, HashEmbedder], monkeypatch) -> None:
    import chromadb.errors

    settings, embedder = built
    generation = current_generation(settings.data_dir)
    (settings.corpus_dir / "nghean-2025-06-01-tin-moi.txt").write_text(
        "Nghệ An lắp camera\nNghệ An đã lắp đặt 345 camera giám sát thông minh.", encoding="utf-8")

    def full(*args, **kwargs):
        raise chromadb.errors.InternalError("database or disk is full")

    monkeypatch.setattr("llama_index.vector_stores.chroma.ChromaVectorStore.add", full)
    with pytest.raises(VectorStoreUnavailable, match="disk is full"):
        rebuild(settings, embedder)
    monkeypatch.undo()
    assert current_generation(settings.data_dir) == generation
    assert any("1.230" in t for t in top_texts(settings, ASK_BINH_DINH))
