"""Reading the corpus: one article per file (.txt, .md, .html, .docx, .pdf; ``index.readers`` reads each
format), metadata from the file name, what the file states (a page's metadata) and the text.

An optional sidecar ``<stem>.meta.json`` next to an article overrides any of title, date, province, author.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

from index.errors import ArticleUnreadable, EmptyCorpus
from index.normalize import normalize_text
from index.provinces import province_from_slug, provinces_in
from index.readers.dispatch import READERS, TEXT_SUFFIXES, read_source
from index.readers.text import decode
from index.tables import tables_as_sentences
from index.types import Article

ARTICLE_SUFFIXES = tuple(READERS)
_FILE_DATE = re.compile(r"(?:^|-)(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?=-|$)")
_DATE_MARKER = re.compile(r"^date\s+(\d{4}(?:-\d{2}){0,2})\s+")
_PUBLISHED_LINE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+\d+)?$")
_TEXT_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](20\d{2})\b")
_BOILERPLATE = {"thăm dò ý kiến", "nodata", "không có dữ liệu"}
_AUTHOR_LINE = re.compile(r"^(?:tác giả|bài và ảnh|theo)\s*:\s*(.+)$", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?")
_SIDECAR_KEYS = {"title", "date", "province", "author"}


def _iso(year: str, month: str | None = None, day: str | None = None) -> str:
    return "-".join([year] + [f"{int(p):02d}" for p in (month, day) if p])


def is_calendar_date(iso: str) -> bool:
    """``2023``, ``2023-02`` or ``2023-02-28`` that the calendar has (not ``2023-13``, not ``2023-02-30``)."""
    if not _ISO_DATE.fullmatch(iso):
        return False
    parts = [int(p) for p in iso.split("-")]
    try:
        datetime.date(*parts, *[1] * (3 - len(parts)))
    except ValueError:
        return False
    return True


def _looks_like_author(line: str) -> bool:
    words = line.split()
    return (0 < len(words) <= 4 and line[-1] not in ".:;!?…" and not any(ch.isdigit() for ch in line)
            and all(w[0].isupper() for w in words))


def split_header(lines: list[str]) -> tuple[str, str | None, list[str]]:
    """Title, a date given in the header (if any), and the body lines without header noise."""
    lines = [ln for ln in lines if ln.strip().lower() not in _BOILERPLATE]
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return "", None, []
    first = lines[0].lstrip("# ").strip()
    date = None
    marker = _DATE_MARKER.match(first)
    if marker:
        date, first = marker.group(1), first[marker.end():]
    body = lines[1:]
    if body and (published := _PUBLISHED_LINE.match(body[0].strip())):
        date = date or _iso(published.group(3), published.group(2), published.group(1))
        body = body[1:]
    return first, date, body


def find_author(body: list[str]) -> str | None:
    for line in body:
        if m := _AUTHOR_LINE.match(line.strip()):
            return m.group(1).strip()
    last = next((ln.strip() for ln in reversed(body) if ln.strip()), "")
    if _looks_like_author(last):
        return last.title() if last.isupper() else last
    return None


def find_date(stem: str, header_date: str | None, text: str) -> str | None:
    """Full date in the file name, else a header date, else the first full date in the text, else a year."""
    m = _FILE_DATE.search(stem)
    if m and m.group(3) and is_calendar_date(_iso(*m.groups())):
        return _iso(*m.groups())
    if header_date:
        return header_date
    for t in _TEXT_DATE.finditer(text[:600]):
        if is_calendar_date(found := _iso(t.group(3), t.group(2), t.group(1))):
            return found
    year_month = _iso(*[g for g in m.groups()[:2] if g]) if m else None
    return year_month if year_month and is_calendar_date(year_month) else None


def find_province(stem: str, text: str) -> str | None:
    prefix = re.split(r"[-_]", stem, maxsplit=1)[0]
    if from_name := province_from_slug(prefix):
        return from_name
    named = provinces_in(text)
    return max(named, key=lambda p: text.count(p)) if named else None


def _sidecar(path: Path) -> dict[str, str]:
    side = path.with_name(path.stem + ".meta.json")
    if not side.exists():
        return {}
    try:
        data = json.loads(decode(side))
    except json.JSONDecodeError as exc:
        raise ArticleUnreadable(str(side), f"JSON lỗi / bad JSON ({exc.msg}, line {exc.lineno})") from exc
    unknown = set(data) - _SIDECAR_KEYS if isinstance(data, dict) else {"<not an object>"}
    if unknown:
        raise ArticleUnreadable(str(side), f"khóa không hợp lệ / unknown keys {sorted(unknown)}")
    wrong = sorted(k for k, v in data.items() if not isinstance(v, str) or not v.strip())
    if wrong:
        raise ArticleUnreadable(str(side), f"giá trị phải là chuỗi không rỗng / values must be non-empty strings: {wrong}")
    meta = {k: normalize_text(v) for k, v in data.items()}
    if "date" in meta and not is_calendar_date(meta["date"]):
        raise ArticleUnreadable(str(side), f"ngày phải là ngày có thật dạng YYYY, YYYY-MM hoặc YYYY-MM-DD / date must "
                                           f"be a real ISO date, got {meta['date']!r}")
    return meta


def parse_article(stem: str, raw: str, path: str = "", overrides: dict[str, str] | None = None) -> Article:
    """Pure: an Article from a file stem and its decoded text. A date the header states that the calendar
    does not have ("date 2023-13") is an error naming the file, not a guess."""
    title, header_date, body = split_header(normalize_text(raw).split("\n"))
    if header_date and not is_calendar_date(header_date):
        raise ArticleUnreadable(path or stem, f"ngày không có thật / no such date: {header_date}")
    text = tables_as_sentences(normalize_text("\n".join([title, *body])))
    meta = {
        "title": title,
        "date": find_date(stem, header_date, text),
        "province": find_province(stem, text),
        "author": find_author(body),
        **(overrides or {}),
    }
    digest = hashlib.sha256(json.dumps([text, meta], ensure_ascii=False).encode()).hexdigest()
    return Article(id=stem, text=text, path=path, sha256=digest, **meta)


def _stated(path: Path, found: dict[str, str]) -> dict[str, str]:
    """What the file states about itself (a page's title and date), a date only if the calendar has it."""
    if "date" in found and not is_calendar_date(found["date"]):
        found = {k: v for k, v in found.items() if k != "date"}
    return {k: normalize_text(v) for k, v in found.items()}


def read_article(path: Path, max_chars: int | None = None, cache_dir: Path | None = None) -> Article:
    """One article, in any format of ``ARTICLE_SUFFIXES``; ``cache_dir`` keeps what slow readers (OCR) found."""
    is_text = path.suffix.lower() in TEXT_SUFFIXES
    if is_text and max_chars is not None and (size := path.stat().st_size) > max_chars * 4:  # UTF-8: ≤ 4 bytes a char
        raise ArticleUnreadable(str(path), f"quá lớn / too large ({size} bytes; at most {max_chars} characters)")
    found = read_source(path, cache_dir)
    overrides = {**_stated(path, found.metadata()), **_sidecar(path)}
    article = parse_article(path.stem, found.text, str(path), overrides)
    if not article.text.strip():
        raise ArticleUnreadable(str(path), "tệp rỗng / empty file")
    if max_chars is not None and len(article.text) > max_chars:
        raise ArticleUnreadable(str(path), f"quá dài / too long ({len(article.text)} characters; at most {max_chars})")
    return article


def _inside(path: Path, folder: Path) -> bool:
    """A regular file, not a link, whose real path lies in ``folder``: a link to /etc/passwd is never read."""
    return not path.is_symlink() and path.is_file() and path.resolve().parent == folder.resolve()


def article_paths(corpus_dir: Path) -> list[Path]:
    if not corpus_dir.is_dir():
        raise EmptyCorpus(str(corpus_dir))
    paths = sorted(p for p in corpus_dir.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES and _inside(p, corpus_dir))
    if not paths:
        raise EmptyCorpus(str(corpus_dir))
    return paths


def read_corpus(corpus_dir: Path, warn: Callable[[str], None] | None = None,
                max_chars: int | None = None, cache_dir: Path | None = None) -> list[Article]:
    """Every readable article of the corpus. An unreadable one (not UTF-8, empty, too long, a date that does not
    exist, a bad sidecar, a damaged or encrypted file, a scan without OCR, a second file of the same stem) is
    reported through ``warn`` by name and skipped; without ``warn``, or when no article is readable, it stops the
    read. Links and files outside the folder are never read."""
    articles, problems = [], []
    seen: dict[str, Path] = {}
    for path in article_paths(corpus_dir):
        try:
            if path.stem in seen:
                raise ArticleUnreadable(str(path), f"cùng mã tệp với {seen[path.stem].name} / same id as "
                                                   f"{seen[path.stem].name}", ("đổi tên một trong hai tệp",
                                                                               "rename one of them"))
            seen[path.stem] = path
            articles.append(read_article(path, max_chars, cache_dir))
        except ArticleUnreadable as exc:
            if warn is None:
                raise
            warn(exc.message)
            problems.append(exc)
    if not articles:  # nothing readable: the first problem says more than "empty"
        raise problems[0] if problems else EmptyCorpus(str(corpus_dir))
    return articles


def extraction_cache(data_dir: Path) -> Path:
    """Where the text of slow formats (a scan's OCR) is kept between builds, by the file's content hash."""
    return data_dir / "extracted"
