"""Reading the corpus: one article per .txt/.md file, metadata from the file name and the text.

An optional sidecar ``<stem>.meta.json`` next to an article overrides any of title, date, province, author.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from index.errors import ArticleUnreadable, EmptyCorpus
from index.normalize import normalize_text
from index.provinces import province_from_slug, provinces_in
from index.tables import tables_as_sentences
from index.types import Article

ARTICLE_SUFFIXES = (".txt", ".md")
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


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ArticleUnreadable(str(path), exc.strerror or str(exc)) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleUnreadable(str(path), f"không phải UTF-8 / not UTF-8 (byte {exc.start})") from exc


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
    if m and m.group(3):
        return _iso(*m.groups())
    if header_date:
        return header_date
    if t := _TEXT_DATE.search(text[:600]):
        return _iso(t.group(3), t.group(2), t.group(1))
    return _iso(*[g for g in m.groups() if g]) if m else None


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
        data = json.loads(_decode(side))
    except json.JSONDecodeError as exc:
        raise ArticleUnreadable(str(side), f"JSON lỗi / bad JSON ({exc.msg}, line {exc.lineno})") from exc
    unknown = set(data) - _SIDECAR_KEYS if isinstance(data, dict) else {"<not an object>"}
    if unknown:
        raise ArticleUnreadable(str(side), f"khóa không hợp lệ / unknown keys {sorted(unknown)}")
    meta = {k: normalize_text(str(v)) for k, v in data.items()}
    if "date" in meta and not _ISO_DATE.fullmatch(meta["date"]):
        raise ArticleUnreadable(str(side), f"ngày phải theo dạng YYYY, YYYY-MM hoặc YYYY-MM-DD / date must be ISO, "
                                           f"got {meta['date']!r}")
    return meta


def parse_article(stem: str, raw: str, path: str = "", overrides: dict[str, str] | None = None) -> Article:
    """Pure: an Article from a file stem and its decoded text."""
    title, header_date, body = split_header(normalize_text(raw).split("\n"))
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


def read_article(path: Path) -> Article:
    article = parse_article(path.stem, _decode(path), str(path), _sidecar(path))
    if not article.text.strip():
        raise ArticleUnreadable(str(path), "tệp rỗng / empty file")
    return article


def article_paths(corpus_dir: Path) -> list[Path]:
    if not corpus_dir.is_dir():
        raise EmptyCorpus(str(corpus_dir))
    paths = sorted(p for p in corpus_dir.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file())
    if not paths:
        raise EmptyCorpus(str(corpus_dir))
    return paths


def read_corpus(corpus_dir: Path) -> list[Article]:
    """Every article of the corpus; the first unreadable one stops the read with its name."""
    return [read_article(p) for p in article_paths(corpus_dir)]
