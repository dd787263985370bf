"""The corpus an evaluation runs on: the bundled articles plus another folder, in a temporary index of its own.

``combined_settings`` copies both folders into ``$TMPDIR/cds-eval-<hash>/corpus`` and points the settings at
it; the index there is reused while no file name or content changed, else updated incrementally.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

from assistant import Settings, UserFacingError
from assistant.api import build, index_ready
from index.articles import ARTICLE_SUFFIXES
from index.embed import Embedder

SIDECAR = ".meta.json"
INDEXING_CODE = Path(__file__).resolve().parents[1] / "index"


class CorpusProblem(UserFacingError):
    """``--corpus`` cannot be used as given (missing, empty, or clashing with the bundled corpus): exit 2."""


def corpus_files(folder: Path) -> dict[str, Path]:
    """The files an index reads from ``folder``, by name: articles and their ``.meta.json`` sidecars."""
    if not folder.is_dir():
        raise CorpusProblem(f"Không tìm thấy thư mục bài viết {folder}.", f"No such corpus folder: {folder}.")
    return {p.name: p for p in sorted(folder.iterdir())
            if p.is_file() and (p.name.endswith(SIDECAR) or p.suffix.lower() in ARTICLE_SUFFIXES)}


def article_id(name: str) -> str:
    """The article a corpus file belongs to: an article and its sidecar share it."""
    return name[:-len(SIDECAR)] if name.endswith(SIDECAR) else Path(name).stem


def extra_files(extra: Path, bundled_dir: Path, bundled: dict[str, Path]) -> dict[str, Path]:
    """The files of ``--corpus``, refused when there is no article or one shares an id with the bundled corpus."""
    files = corpus_files(extra)
    if extra.resolve() == bundled_dir.resolve():
        raise CorpusProblem(f"{extra} chính là kho bài viết có sẵn: hãy chạy không có --corpus.",
                            f"{extra} is the bundled corpus: run without --corpus.")
    if not any(Path(name).suffix.lower() in ARTICLE_SUFFIXES for name in files):
        raise CorpusProblem(f"Thư mục {extra} không có bài viết .txt hoặc .md nào.",
                            f"The folder {extra} holds no .txt or .md article.")
    taken = {article_id(name): name for name in bundled}
    clashes = [f"{extra / n} ({bundled_dir / taken[article_id(n)]})" for n in files if article_id(n) in taken]
    if clashes:
        listed = ", ".join(clashes[:5]) + (f" (+{len(clashes) - 5})" if len(clashes) > 5 else "")
        raise CorpusProblem(f"Trùng mã bài viết với kho có sẵn, hãy đổi tên tệp: {listed}.",
                            f"Same article id as a bundled article, rename the file: {listed}.")
    return files


def embedding_key(settings: Settings, embedder: Embedder | None) -> str:
    """Everything that shapes the vectors: a change never reuses a temporary index built with other ones."""
    model = embedder.model_id if embedder else f"{settings.embedding_backend}:{settings.embedding_model}"
    return json.dumps([model, settings.query_prefix, settings.passage_prefix, settings.chunk_chars])


def fingerprint(files: list[Path], key: str) -> str:
    """Names and contents of every corpus file, the embedding key and the indexing code (readers, chunking,
    fact extraction): equal means the index is up to date."""
    digest = hashlib.sha256(key.encode())
    for path in [*files, *sorted(INDEXING_CODE.glob("*.py")), *sorted(INDEXING_CODE.glob("*.json"))]:
        data = path.read_bytes()
        digest.update(f"\0{path.name}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


def workspace(bundled_dir: Path, extra: Path, key: str) -> Path:
    """One temporary index per (bundled folder, --corpus folder, embedding): runs on other folders never clash,
    and a changed file updates this one incrementally instead of starting a new one from scratch."""
    ident = json.dumps([str(bundled_dir.resolve()), str(extra.resolve()), key])
    return Path(tempfile.gettempdir()) / f"cds-eval-{hashlib.sha256(ident.encode()).hexdigest()[:12]}"


def copy_corpus(dest: Path, files: list[Path]) -> None:
    """Copies, not links: the combined folder is a plain corpus whatever the reader thinks of symlinks."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for path in files:
        shutil.copyfile(path, dest / path.name)


def combined_settings(settings: Settings, extra: Path, embedder: Embedder | None = None) -> Settings:
    """Settings of the temporary index over the bundled corpus plus ``extra``, (re)built when files changed.

    Its vectors go to an embedded Chroma in the same folder, even when ``settings`` names a Chroma server:
    a shared collection would be pruned by the next build of the real index, and this one's by that.
    """
    bundled = corpus_files(settings.corpus_dir)
    files = sorted([*bundled.values(), *extra_files(extra, settings.corpus_dir, bundled).values()],
                   key=lambda p: p.name)
    key = embedding_key(settings, embedder)
    home = workspace(settings.corpus_dir, extra, key)
    combined = settings.model_copy(update={"corpus_dir": home / "corpus", "data_dir": home / "data",
                                           "chroma_host": None})
    stamp, wanted = home / "fingerprint", fingerprint(files, key)
    if index_ready(combined) and stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        print(f"Dùng lại chỉ mục tạm / reusing the temporary index: {home}", file=sys.stderr)
        return combined
    stamp.unlink(missing_ok=True)  # a build that fails below leaves no stamp, so the next run builds again
    copy_corpus(combined.corpus_dir, files)
    report = build(combined, embedder=embedder)
    stamp.write_text(wanted, encoding="utf-8")
    print(f"Chỉ mục tạm / temporary index: {home} ({report.articles} bài / articles, {report.embedded} đoạn mới "
          f"/ new passages)", file=sys.stderr)
    return combined
