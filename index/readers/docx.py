"""A Word report (.docx): paragraphs and headings in order, each table row a sentence that keeps its column
headers (``index.tables.table_sentences``, as a typed table reads). The archive is checked before it is opened:
a ZIP bomb (too large unpacked, or packed too tightly), an encrypted or damaged file is named and skipped."""

from __future__ import annotations

import zipfile
from pathlib import Path

from index.errors import ArticleUnreadable
from index.readers.extracted import Extracted
from index.tables import table_sentences

MOST_UNPACKED_BYTES = 200_000_000
MOST_RATIO = 200  # unpacked / packed size of one member; text XML packs ~10x, a bomb thousands of times
MOST_MEMBERS = 10_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted Office file, or an old .doc
_FIX = ("mở tệp bằng Word, bỏ mật khẩu và lưu lại dạng .docx", "open it in Word, remove any password, save as .docx")


def archive_problem(path: Path) -> str | None:
    """Why ``path`` is no DOCX archive safe to unpack (encrypted, damaged, not Word, a ZIP bomb), or None."""
    with open(path, "rb") as handle:
        if handle.read(8) == OLE_MAGIC:
            return "tệp Word được mã hóa hoặc là định dạng .doc cũ / an encrypted Word file or an old .doc"
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        return f"tệp DOCX hỏng / damaged DOCX ({exc})"
    if not any(m.filename == "word/document.xml" for m in members):
        return "không phải tệp Word DOCX / not a Word DOCX file"
    unpacked = sum(m.file_size for m in members)
    tight = [m for m in members if m.file_size > 1_000_000 and m.file_size > MOST_RATIO * max(m.compress_size, 1)]
    if len(members) > MOST_MEMBERS or unpacked > MOST_UNPACKED_BYTES or tight:
        return (f"tệp nén bất thường, có thể là bom ZIP / suspicious archive, maybe a ZIP bomb ({len(members)} "
                f"members, {unpacked} bytes unpacked)")
    return None


def check_archive(path: Path) -> None:
    if problem := archive_problem(path):
        raise ArticleUnreadable(str(path), problem, _FIX)


def _cells(row) -> list[str]:
    """A row's cells, a cell merged across columns counted once."""
    seen, out = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(" ".join(cell.text.split()))
    return out


def document_lines(document) -> list[str]:
    """The body in order: one line a paragraph or heading, one sentence a table row."""
    from docx.table import Table

    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(table_sentences([_cells(row) for row in block.rows]))
        elif text := " ".join(block.text.split()):
            lines.append(text)
    return lines


def _title(document, lines: list[str]) -> str | None:
    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style.startswith(("Title", "Heading")) and paragraph.text.strip():
            return " ".join(paragraph.text.split())
    return (document.core_properties.title or "").strip() or None


def read(path: Path) -> Extracted:
    check_archive(path)
    import docx

    try:
        document = docx.Document(str(path))
        lines = document_lines(document)
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged part: all mean damaged
        raise ArticleUnreadable(str(path), f"tệp DOCX hỏng / damaged DOCX ({type(exc).__name__}: {exc})", _FIX) from exc
    if not lines:
        raise ArticleUnreadable(str(path), "tệp DOCX không có chữ / the DOCX holds no text", _FIX)
    title = _title(document, lines)
    if title and lines[0] != title:  # the title opens the article, as in a .txt file
        if title in lines[:3]:
            lines.remove(title)
        lines.insert(0, title)
    return Extracted("\n".join(lines), title)
