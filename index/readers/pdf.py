"""A PDF report: the text layer read page by page with pypdf, running headers, footers and page numbers
dropped and hard-wrapped lines joined into paragraphs (``layout``); a scan without a text layer goes to OCR.
An encrypted or damaged file is named and skipped."""

from __future__ import annotations

import re
from pathlib import Path

from index.errors import ArticleUnreadable
from index.readers import ocr
from index.readers.extracted import Extracted
from index.readers.layout import pages_as_text

_FIX = ("lưu lại PDF không đặt mật khẩu, hoặc xuất lại từ tệp gốc", "save the PDF without a password, or export it again")
_LEAST_CHARS_A_PAGE = 20  # fewer letters than this on average: a scan, not a text layer
_TOOL_TITLE = re.compile(r"^(?:microsoft\s+word\s*-|untitled|document\d*$|.*\.(?:docx?|pdf)$)", re.IGNORECASE)


def _open(path: Path):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ArticleUnreadable(str(path), "tệp PDF được đặt mật khẩu / the PDF is password-protected", _FIX)
        reader.pages[0]  # noqa: B018 - a file with no readable page fails here, named
        return reader
    except ArticleUnreadable:
        raise
    except (PdfReadError, ValueError, KeyError, IndexError, TypeError, OSError) as exc:
        raise ArticleUnreadable(str(path), f"tệp PDF hỏng hoặc không đọc được / damaged PDF ({exc})", _FIX) from exc
    except Exception as exc:  # pypdf raises its own and library errors on malformed input: all mean damaged
        if "crypt" in str(exc).lower():
            raise ArticleUnreadable(str(path), f"tệp PDF được mã hóa / encrypted PDF ({exc})", _FIX) from exc
        raise ArticleUnreadable(str(path), f"tệp PDF hỏng / damaged PDF ({type(exc).__name__}: {exc})", _FIX) from exc


def _title(reader, path: Path) -> str | None:
    """The document's own title, unless it is a tool's placeholder ("Microsoft Word - bao-cao.docx", the file
    name) or a single word."""
    try:
        title = (reader.metadata or {}).get("/Title")
    except Exception:  # a damaged info dictionary is no reason to skip the report
        return None
    title = " ".join(str(title).split()) if title else ""
    placeholder = _TOOL_TITLE.match(title) or title.lower() in (path.stem.lower(), path.name.lower())
    return title if " " in title and not placeholder else None


def text_layer(reader) -> list[str]:
    pages = []
    for page in reader.pages:
        try:
            pages.append(page.extract_text() or "")
        except Exception:  # one damaged page: read the others
            pages.append("")
    return pages


def read(path: Path) -> Extracted:
    reader = _open(path)
    pages = text_layer(reader)
    letters = sum(ch.isalpha() for page in pages for ch in page)
    how = ""
    if letters < _LEAST_CHARS_A_PAGE * len(pages):
        pages, how = ocr.ocr_pages(path, len(pages)), "ocr"
    text = pages_as_text(pages)
    if sum(ch.isalpha() for ch in text) < _LEAST_CHARS_A_PAGE:
        reason = ("OCR không nhận ra chữ nào / OCR found no text" if how else
                  "tệp PDF không có chữ / the PDF holds no text")
        raise ArticleUnreadable(str(path), reason, _FIX)
    return Extracted(text, _title(reader, path), how=how)
