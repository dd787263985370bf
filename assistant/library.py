"""The library: the articles of the corpus as a list, and the changes a person makes to it (add files, remove an
article, correct its province or date in its sidecar), each followed by one index build.

A file is checked (type by content, size, a safe new name, a safe archive) and read in full from a staging
folder before it is copied into the corpus, so a file that cannot be read is refused with its name and the
corpus is never left holding it. Builds are atomic: until the new generation is complete, questions are
answered from the current one. The build is passed in (``rebuild``), so this module never opens an index.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.corpus import Corpus
from assistant.dates import InvalidDate, parse_iso
from assistant.errors import UnknownArticle
from assistant.settings import Settings
from index.articles import ARTICLE_SUFFIXES, extraction_cache, read_article
from index.build import BuildReport
from index.errors import ArticleUnreadable, EmptyCorpus, FileRefused, UserFacingError
from index.normalize import fold, normalize_text
from index.provinces import PROVINCES
from index.readers.intake import FORMATS, check_offered

Rebuild = Callable[[], BuildReport]
Step = Callable[[float, str], None]


@dataclass(frozen=True)
class LibraryEntry:
    id: str
    title: str
    date: str | None
    province: str | None
    format: str  # "PDF", "DOCX", "HTML", "TXT", "Markdown"
    passages: int


@dataclass
class Added:
    """What an add did: the new article ids, a message for each refused file, the build that followed."""

    added: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    report: BuildReport | None = None


def entries(corpus: Corpus, query: str = "") -> list[LibraryEntry]:
    """The indexed articles, newest first; ``query`` keeps those whose title, id or province holds it
    (accents and case aside)."""
    wanted = " ".join(fold(query).replace("-", " ").split())
    found = []
    for article in sorted(corpus.articles.values(), key=lambda a: (a.date or "", a.id), reverse=True):
        if wanted and wanted not in " ".join(fold(f"{article.title} {article.id} {article.province or ''}")
                                             .replace("-", " ").split()):
            continue
        fmt = FORMATS.get(Path(article.path).suffix.lower(), Path(article.path).suffix.lstrip(".").upper())
        found.append(LibraryEntry(article.id, article.title, article.date, article.province, fmt,
                                  len(corpus.chunks_of(article.id))))
    return found


def source_file(corpus_dir: Path, article_id: str) -> Path:
    """The original file of ``article_id`` in the corpus folder (any format)."""
    for suffix in ARTICLE_SUFFIXES:
        if (path := corpus_dir / f"{article_id}{suffix}").is_file() and path.resolve().parent == corpus_dir.resolve():
            return path
    raise UnknownArticle(article_id)


def _stage(settings: Settings, path: Path, name: str, taken: set[str], staging: Path) -> Path:
    """The file checked and read under its corpus name in ``staging``; raises FileRefused naming it."""
    target = check_offered(path, name, settings.upload_max_bytes, settings.corpus_dir, taken)
    staged = staging / target
    shutil.copyfile(path, staged)
    try:
        read_article(staged, settings.max_article_chars, extraction_cache(settings.data_dir))
    except ArticleUnreadable as exc:
        raise FileRefused(name, exc.reason) from exc
    return staged


def add_files(settings: Settings, files: Sequence[tuple[Path, str]], rebuild: Rebuild,
              step: Step | None = None) -> Added:
    """Adds each ``(path, offered name)`` that passes the checks to the corpus, then builds once. A refused file
    is a message in ``Added.refused``; if the build fails, the files just added are taken out again."""
    step = step or (lambda fraction, what: None)
    done = Added()
    settings.corpus_dir.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="cds-add-") as folder:
        staged = []
        for n, (path, name) in enumerate(files):
            step(n / max(len(files), 1) * 0.5, f"Đang đọc {name}…")
            try:
                staged.append(_stage(settings, Path(path), name, taken, Path(folder)))
                taken.add(staged[-1].stem)
            except FileRefused as exc:
                done.refused.append(exc.message)
        for path in staged:
            shutil.copyfile(path, settings.corpus_dir / path.name)
    done.added = [p.stem for p in staged]
    if not done.added:
        return done
    step(0.5, "Đang lập chỉ mục…")
    try:
        done.report = rebuild()
    except BaseException:
        for path in staged:
            (settings.corpus_dir / path.name).unlink(missing_ok=True)
        raise
    return done


def remove(settings: Settings, article_id: str, rebuild: Rebuild) -> BuildReport:
    """Deletes an article's file and sidecar and builds; the last article is not removed (no empty index)."""
    path = source_file(settings.corpus_dir, article_id)
    others = [p for p in settings.corpus_dir.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES and p.stem != article_id]
    if not others:
        raise EmptyCorpus(str(settings.corpus_dir))
    sidecar = path.with_name(f"{article_id}.meta.json")
    kept = {p: p.read_bytes() for p in (path, sidecar) if p.exists()}
    for p in kept:
        p.unlink()
    try:
        return rebuild()
    except BaseException:
        for p, data in kept.items():
            p.write_bytes(data)
        raise


class UnknownProvince(UserFacingError):
    def __init__(self, value: str):
        super().__init__(f"Không có tỉnh/thành nào tên “{value}”. Hãy viết đúng tên, ví dụ “Thanh Hóa”.",
                         f"No province is called “{value}”. Write its name as in “Thanh Hóa”.")


def _write_sidecar(path: Path, data: dict[str, str]) -> None:
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)


def correct(settings: Settings, article_id: str, rebuild: Rebuild, province: str | None = None,
            date: str | None = None) -> BuildReport:
    """Writes a corrected province and/or date into the article's sidecar, then builds (nothing is
    re-embedded: only the metadata changed). A province must be one of the country's; a date a real one."""
    path = source_file(settings.corpus_dir, article_id)
    update: dict[str, str] = {}
    if province and province.strip():
        name = normalize_text(province.strip())
        if name not in PROVINCES:
            raise UnknownProvince(province)
        update["province"] = name
    if date and date.strip():
        if (iso := parse_iso(date)) is None:
            raise InvalidDate("Ngày", date)
        update["date"] = iso
    sidecar = path.with_name(f"{article_id}.meta.json")
    before = sidecar.read_bytes() if sidecar.exists() else None
    data = json.loads(before.decode("utf-8")) if before else {}
    _write_sidecar(sidecar, {**data, **update})
    try:
        return rebuild()
    except BaseException:
        if before is None:
            sidecar.unlink()
        else:
            sidecar.write_bytes(before)
        raise
