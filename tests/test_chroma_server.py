"""A real Chroma server instead of the embedded store: one setting, same answers, nothing written locally."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import chromadb
import pytest

from assistant.api import Assistant, build
from index.errors import VectorStoreUnavailable
from tests.conftest import CORPUS, make_settings
from tests.fakes import HashEmbedder
from ui.chat_tab import ChatTab
from ui.summary_tab import SummaryTab

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_until_ready(port: int, server: subprocess.Popen) -> None:
    """Readiness poll on the heartbeat (bounded), not a timing assumption."""
    for _ in range(60):
        if server.poll() is not None:
            raise RuntimeError(f"chroma run exited with {server.returncode}")
        try:
            chromadb.HttpClient(host=HOST, port=port).heartbeat()
            return
        except Exception:  # not listening yet
            time.sleep(0.5)
    raise RuntimeError("chroma server did not answer its heartbeat")


@pytest.fixture(scope="module")
def chroma_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    executable = Path(sys.executable).parent / "chroma"
    port = free_port()
    server = subprocess.Popen(
        [str(executable), "run", "--path", str(tmp_path_factory.mktemp("chroma-server")), "--host", HOST,
         "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_ready(port, server)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_build_and_search_through_a_chroma_server(tmp_path: Path, chroma_port: int) -> None:
    settings = make_settings(tmp_path, chroma_host=HOST, chroma_port=chroma_port)
    embedder = HashEmbedder()
    report = build(settings, embedder=embedder, progress=False)
    assistant = Assistant.from_settings(settings, embedder=embedder)
    assert assistant.store.ids() == set(assistant.corpus.chunks) and report.embedded == report.chunks
    passages = assistant.search("Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?", k=3)
    assert any("1.230 dịch vụ công trực tuyến toàn trình" in p.text for p in passages)
    assert all(p.dense_score is not None for p in passages)
    assert not (settings.data_dir / "chroma").exists()  # the embedded store was never opened


def test_a_second_build_against_the_server_reuses_its_vectors(tmp_path: Path, chroma_port: int) -> None:
    settings = make_settings(tmp_path, chroma_host=HOST, chroma_port=chroma_port)
    embedder = HashEmbedder(dim=128)  # its own collection on the shared server
    first = build(settings, embedder=embedder, progress=False)
    assert first.embedded == first.chunks
    assert build(settings, embedder=embedder, progress=False).embedded == 0


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, chroma_host=HOST, chroma_port=free_port())
    with pytest.raises(VectorStoreUnavailable) as err:
        build(settings, embedder=HashEmbedder(), progress=False)
    assert f"http://{HOST}:{settings.chroma_port}" in err.value.vi


def test_two_deployments_on_one_server_keep_their_own_vectors(tmp_path: Path, chroma_port: int) -> None:
    one_article = tmp_path / "one"
    one_article.mkdir()
    shutil.copy(CORPUS / "binhdinh-2025-05-09-c06-de-an-06.txt", one_article)
    first = make_settings(tmp_path / "a", chroma_host=HOST, chroma_port=chroma_port)
    second = make_settings(tmp_path / "b", corpus=one_article, chroma_host=HOST, chroma_port=chroma_port)
    embedder = HashEmbedder(dim=96)  # the same model in both deployments
    build(first, embedder=embedder, progress=False)
    build(second, embedder=embedder, progress=False)
    a = Assistant.from_settings(first, embedder=embedder)
    b = Assistant.from_settings(second, embedder=embedder)
    assert a.store.ids() == set(a.corpus.chunks) and b.store.ids() == set(b.corpus.chunks)
    assert (first.data_dir / "DEPLOYMENT").read_text() != (second.data_dir / "DEPLOYMENT").read_text()
    assert build(first, embedder=embedder, progress=False).embedded == 0  # still all there after b's build


def test_a_server_that_goes_away_is_a_clear_error_while_answering(tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "chroma"), "run", "--path", str(tmp_path / "srv"),
                               "--host", HOST, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_ready(port, server)
        settings = make_settings(tmp_path, chroma_host=HOST, chroma_port=port)
        build(settings, embedder=HashEmbedder(), progress=False)
        assistant = Assistant.from_settings(settings, embedder=HashEmbedder())
    finally:
        server.terminate()
        server.wait(timeout=30)
    with pytest.raises(VectorStoreUnavailable) as err:
        assistant.ask("Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?")
    assert f"http://{HOST}:{port}" in err.value.vi
    chat = ChatTab(lambda: assistant, settings, reveal_delay=0)  # the app says the same, not "unexpected error"
    question = "Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?"
    notice = list(chat.ask(question, None, [], "", ""))[-1].notice
    assert "Chroma" in notice and "ngoài dự kiến" not in notice
    summary_notice = SummaryTab(lambda: assistant, tmp_path).summarize(["Bình Định"], "", "", "dịch vụ")[1]
    assert "Chroma" in summary_notice
