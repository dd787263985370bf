"""A saved web page: the article body only (no menus, ads, related links or footer), its title, publication
date and author from the page's metadata, through trafilatura. Tables are kept as pipe rows, which
``index.tables`` reads as one sentence a row. Nothing is fetched: trafilatura is given the page's text."""

from __future__ import annotations

from pathlib import Path

from index.errors import ArticleUnreadable
from index.readers.extracted import Extracted

LEAST_LETTERS = 40  # less is a menu or a title left on an empty page, no article
_FIX = ("lưu lại trang đầy đủ (HTML) hoặc chép nội dung bài vào tệp .txt",
        "save the complete page (HTML) or copy the article into a .txt file")


def _markup(path: Path) -> str:
    """The page's text: UTF-8, else the charset the page declares (lxml's guess through trafilatura)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        from trafilatura.utils import decode_file

        return decode_file(raw)


def extract_page(markup: str) -> Extracted:
    """Pure: the article of a page's markup (empty text when the page holds none)."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        markup, with_metadata=True, include_tables=True, include_comments=False, include_images=False,
        include_links=False, favor_precision=True, deduplicate=False, output_format="python",
        date_extraction_params={"extensive_search": False, "original_date": True})
    if doc is None or sum(ch.isalpha() for ch in doc.text or "") < LEAST_LETTERS:
        return Extracted("")
    text = doc.text.strip()
    title = (doc.title or "").strip() or None
    if title and not text.startswith(title):  # the title opens the article, as in a .txt file
        text = f"{title}\n{text}"
    return Extracted(text, title, doc.date or None, (doc.author or "").strip() or None)


def read(path: Path) -> Extracted:
    try:
        found = extract_page(_markup(path))
    except OSError as exc:
        raise ArticleUnreadable(str(path), exc.strerror or str(exc)) from exc
    if not found.text:
        raise ArticleUnreadable(str(path), "trang không có nội dung bài viết / the page holds no article text",
                                _FIX)
    return found
