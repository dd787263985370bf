"""Plain text and Markdown: the file's UTF-8 text as it is (the title, date and author are read from it later)."""

from __future__ import annotations

from pathlib import Path

from index.errors import ArticleUnreadable
from index.readers.extracted import Extracted


def decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ArticleUnreadable(str(path), exc.strerror or str(exc)) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleUnreadable(str(path), f"không phải UTF-8 / not UTF-8 (byte {exc.start})") from exc


def read(path: Path) -> Extracted:
    return Extracted(decode(path))
