"""Pages of text as a PDF's text layer or OCR gives them, turned back into an article: running headers and
footers and page numbers dropped, hard-wrapped lines joined into paragraphs. Pure functions of text."""

from __future__ import annotations

import re
from collections import Counter

from index.normalize import fold

_PAGE_NUMBER = re.compile(r"(?:trang|page)?\s*[-–—]?\s*\d{1,4}\s*(?:(?:/|of|trên)\s*\d{1,4})?\s*[-–—]?",
                          re.IGNORECASE)
_ITEM = re.compile(r"(?:[-–•+*▪●○◦]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ][.)]\s|[IVXLC]{1,5}[.)]\s|"
                   r"(?:Điều|Chương|Mục|Phần)\s+\w+)")
_TRAILING_NUMBER = re.compile(r"\s*[-–—|]?\s*(?:trang|page)?\s*\d{1,4}\s*(?:(?:/|of|tren)\s*\d{1,4})?\s*$")
_END = re.compile(r"[.!?:;…\"”)]$")
ZONE = 3  # lines at the top and at the bottom of a page where running headers and footers stand


def _key(line: str) -> str:
    """A line as it repeats from page to page: case, spacing and a page number at its end aside
    ("Báo cáo - Trang 3" = "Báo cáo - Trang 4", but "1. Kết quả" is not "2. Kết quả")."""
    return _TRAILING_NUMBER.sub("", " ".join(fold(line).split()))


def _zone(lines: list[str]) -> dict[int, tuple[str, int]]:
    """The lines where a running header or footer may stand, by index: (top or bottom, rank from that edge)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    zone = {i: ("bottom", rank) for rank, i in enumerate(reversed(filled[-ZONE:]))}
    return zone | {i: ("top", rank) for rank, i in enumerate(filled[:ZONE])}


def _candidate(line: str) -> bool:
    """A header or footer starts like a title, never in lower case (a paragraph's last words do)."""
    return not line.strip()[:1].islower()


def drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Each page without its page number and the header and footer lines most pages repeat at the same place."""
    counts: Counter[tuple[tuple[str, int], str]] = Counter()
    for lines in pages:
        counts.update({(place, _key(lines[i])) for i, place in _zone(lines).items() if _candidate(lines[i])})
    least = max(2, (len(pages) + 1) // 2)
    kept = []
    for lines in pages:
        zone = _zone(lines)
        kept.append([line for i, line in enumerate(lines) if not (i in zone and (
            _PAGE_NUMBER.fullmatch(line.strip()) or (_candidate(line) and counts[(zone[i], _key(line))] >= least)))])
    return kept


def _is_heading(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def _breaks_after(line: str, following: str, width: int) -> bool:
    """Whether a paragraph ends after ``line``, the next line being ``following``."""
    if _ITEM.match(following) or _is_heading(line) or _is_heading(following):
        return True
    if following[:1].islower() or following[:1].isdigit() and not _END.search(line):
        return False
    return bool(_END.search(line)) or len(line) < 0.6 * width


def paragraphs(lines: list[str]) -> str:
    """Hard-wrapped lines joined into paragraphs, one a line. A blank line separates, unless the next line goes
    on in lower case (OCR leaves blank lines between the wrapped lines of a paragraph)."""
    lines = [" ".join(line.split()) for line in lines]
    filled = [(i, line) for i, line in enumerate(lines) if line]
    widths = sorted(len(line) for _, line in filled)
    width = widths[int(len(widths) * 0.8)] if widths else 0  # a full line's length
    out: list[str] = []
    current = ""
    for (i, line), (j, following) in zip(filled, filled[1:] + [(len(lines) + 1, "")]):
        current = f"{current} {line}" if current else line
        goes_on = following[:1].islower() and not _END.search(line)
        if not following or (not goes_on if j > i + 1 else _breaks_after(line, following, width)):
            out.append(current)
            current = ""
    return "\n".join(out)


def pages_as_text(pages: list[str]) -> str:
    """The article of a document's pages (each the text of one page); a paragraph may run on over a page break."""
    kept = drop_running_lines([page.split("\n") for page in pages])
    return paragraphs([line for lines in kept for line in lines])
