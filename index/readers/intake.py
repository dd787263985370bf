"""Checks on a file offered to the library (uploaded, or given to ``python -m assistant add``) before it is
read: its type by content (magic bytes, never the extension), its size, a safe file name in the corpus that
overwrites nothing, and a DOCX archive that is safe to unpack. Each refusal names the file."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from index.errors import FileRefused
from index.normalize import fold
from index.readers.docx import OLE_MAGIC, archive_problem

FORMATS = {".pdf": "PDF", ".docx": "DOCX", ".html": "HTML", ".htm": "HTML", ".txt": "TXT", ".md": "Markdown"}
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body)\b",
                         re.IGNORECASE | re.DOTALL)
_LONGEST_STEM = 80


def kind_of(head: bytes, name: str) -> str:
    """The suffix the content calls for (``.pdf``, ``.docx``, ``.html``, ``.md``, ``.txt``), read from the first
    bytes; raises FileRefused for any other content (an image, a program, an old .doc, a ZIP of something else)."""
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return ".docx"  # checked as a Word archive by check_archive
    if head.startswith(OLE_MAGIC):
        raise FileRefused(name, "tệp Word được mã hóa hoặc định dạng .doc cũ / an encrypted Word file or an old "
                                ".doc (lưu lại dạng .docx không mật khẩu / save it as .docx without a password)")
    if not head.strip():
        raise FileRefused(name, "tệp rỗng / empty file")
    if b"\x00" in head:
        raise FileRefused(name, "không phải văn bản, HTML, DOCX hay PDF / not text, HTML, DOCX or PDF")
    if _HTML_START.match(head.removeprefix(b"\xef\xbb\xbf")):
        return ".html"
    return ".md" if name.lower().endswith(".md") else ".txt"


def safe_stem(name: str) -> str:
    """A file name's stem as an article id: ASCII letters, digits and hyphens, no path ("../x" → "x")."""
    base = re.split(r"[\\/]", name)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    slug = re.sub(r"[^a-z0-9]+", "-", fold(unicodedata.normalize("NFC", stem))).strip("-")
    return slug[:_LONGEST_STEM].strip("-")


def check_offered(path: Path, name: str, max_bytes: int, corpus_dir: Path, taken: set[str]) -> str:
    """The file name ``path`` (offered as ``name``) gets in the corpus; raises FileRefused when it may not be
    added. ``taken`` holds the article ids already in the corpus or added before it in the same batch."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(2048)
    except OSError as exc:
        raise FileRefused(name, exc.strerror or str(exc)) from exc
    if size > max_bytes:
        raise FileRefused(name, f"quá lớn / too large ({size} bytes; at most {max_bytes})")
    suffix = kind_of(head, name)
    if suffix == ".docx" and (problem := archive_problem(path)):
        raise FileRefused(name, problem)
    stem = safe_stem(name)
    if not stem:
        raise FileRefused(name, "tên tệp không dùng được / unusable file name (đặt tên có chữ hoặc số / use letters "
                                "or digits)")
    if stem in taken or any(p.stem == stem for p in corpus_dir.glob(f"{stem}.*")):
        raise FileRefused(name, f"đã có bài viết mã {stem} / an article with id {stem} exists (xóa bài cũ hoặc đổi "
                                "tên tệp / remove it first or rename the file)")
    return stem + suffix
