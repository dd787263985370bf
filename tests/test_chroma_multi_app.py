"""One Chroma server, one data dir, two running app processes and a builder process: the apps answer from a new
generation as soon as the builder switches ``CURRENT``, without a restart (as the app's ``Following`` does, through
``Assistant.refreshed``), and from the old one, whole, until then."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from assistant.api import build
from index.snapshot import current_generation
from tests.conftest import CORPUS, ROOT, make_settings
from tests.fakes import HashEmbedder
from tests.test_chroma_server import HOST, chroma_port  # noqa: F401  (the real server, a fixture)

BINH_DINH = "binhdinh-2025-05-09-c06-de-an-06"
QUESTION = "Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?"
APP = """
import json, pathlib, sys
from assistant.api import Assistant
from assistant.settings import Settings
from tests.fakes import HashEmbedder
settings = Settings(corpus_dir=pathlib.Path(sys.argv[1]), data_dir=pathlib.Path(sys.argv[2]), chroma_host=sys.argv[3],
                    chroma_port=int(sys.argv[4]))
assistant = Assistant.from_settings(settings, embedder=HashEmbedder())
for question in sys.stdin:
    assistant = assistant.refreshed()  # what the app does before every question
    passages = assistant.search(question.strip(), 3)
    print(json.dumps({"generation": assistant.corpus.generation, "articles": [p.article_id for p in passages],
                      "texts": [p.text for p in passages]}, ensure_ascii=False), flush=True)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _ask(app: subprocess.Popen, question: str) -> dict:
    app.stdin.write(question + "\n")
    app.stdin.flush()
    line = app.stdout.readline()
    assert line, app.stderr.read()
    return json.loads(line)


def test_two_apps_follow_a_build_made_by_another_process_on_one_server(tmp_path: Path, chroma_port: int) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns(f"{BINH_DINH}*"))
    settings = make_settings(tmp_path, corpus=corpus, chroma_host=HOST, chroma_port=chroma_port)
    build(settings, embedder=HashEmbedder(), progress=False)
    first = current_generation(settings.data_dir)
    argv = [str(corpus), str(settings.data_dir), HOST, str(chroma_port)]
    apps = [subprocess.Popen([sys.executable, "-c", APP, *argv], cwd=tmp_path, env=_env(), text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    try:
        before = [_ask(app, QUESTION) for app in apps]
        assert all(a["generation"] == first and BINH_DINH not in a["articles"] for a in before)
        shutil.copy(CORPUS / f"{BINH_DINH}.txt", corpus)
        builder = f"""
import pathlib
from assistant.api import build
from assistant.settings import Settings
from tests.fakes import HashEmbedder
build(Settings(corpus_dir=pathlib.Path({str(corpus)!r}), data_dir=pathlib.Path({str(settings.data_dir)!r}),
               chroma_host={HOST!r}, chroma_port={chroma_port}), embedder=HashEmbedder(), progress=False)
"""
        subprocess.run([sys.executable, "-c", builder], cwd=tmp_path, env=_env(), check=True, capture_output=True)
        second = current_generation(settings.data_dir)
        assert second != first
        after = [_ask(app, QUESTION) for app in apps]
        assert all(a["generation"] == second and a["articles"][0] == BINH_DINH for a in after)
        assert all(any("1.230 dịch vụ công trực tuyến toàn trình" in t for t in a["texts"]) for a in after)
    finally:
        for app in apps:
            app.stdin.close()
            app.wait(timeout=60)
    assert [app.returncode for app in apps] == [0, 0]
    assert not (settings.data_dir / "chroma").exists()  # every process used the server
