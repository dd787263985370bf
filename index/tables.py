"""Tables typed as text (Markdown pipe tables, or lines of cells separated by `` | `` as reports pasted from Word
often are) rewritten as sentences that keep their column headers, so a figure in a table can be found, answered
and cited: ``Chỉ tiêu | 2023 | 2024`` over ``Tỷ lệ hồ sơ trực tuyến | 61,2% | 77,5%`` becomes
"Tỷ lệ hồ sơ trực tuyến: năm 2023 61,2%; năm 2024 77,5%." Tables read from a DOCX (rows of cells) go through
the same ``table_sentences``, so both read alike. Pure functions of text.
"""

from __future__ import annotations

import re

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_NUMERIC = re.compile(r"[\d.,/%\s-]+")


def cells(line: str) -> list[str] | None:
    """The cells of a table line (two or more, none empty but the edges of a Markdown row), else None."""
    if "|" not in line or _SEPARATOR.match(line):
        return None
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|"):
        stripped = stripped[1:-1]
    elif " | " not in line:
        return None
    found = [c.strip() for c in stripped.split("|")]
    return found if len(found) >= 2 and all(found) else None


def _heading(header: str) -> str:
    """A column header as it reads before its value: a bare year is "năm 2023"."""
    return f"năm {header}" if _YEAR.fullmatch(header) else header


def row_sentence(header: list[str], row: list[str]) -> str:
    """One row as a sentence: its label, then each value after its column's header."""
    label = row[0]
    if _NUMERIC.fullmatch(label) and header[0]:  # "Năm | …" over "2020 | …": "Năm 2020"
        label = f"{header[0]} {label}"
    values = "; ".join(f"{_heading(h)} {v}" if h else v for h, v in zip(header[1:], row[1:]) if v)
    return f"{label}: {values}." if values else label


def table_sentences(rows: list[list[str]]) -> list[str]:
    """A table given as rows of cells (the first row its header): one sentence a row, as a typed table reads.
    A one-column table, or one with no row under its header, is its cells line by line."""
    rows = [[" ".join(c.split()) for c in r] for r in rows if any(c.strip() for c in r)]
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return [c for r in rows for c in r if c]
    header, width = rows[0], len(rows[0])
    out = []
    for row in rows[1:]:
        row = (row + [""] * width)[:width]
        out.append(row_sentence(header, row) if row[0] else "; ".join(c for c in row if c))
    return [line for line in out if line]


def tables_as_sentences(text: str) -> str:
    """``text`` with each table (a header line and at least one row of as many cells) as one sentence a row."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        header = cells(lines[i])
        block: list[list[str]] = []
        j = i + 1
        while header and j < len(lines):
            if _SEPARATOR.match(lines[j]):
                j += 1
                continue
            row = cells(lines[j])
            if row is None or len(row) != len(header):
                break
            block.append(row)
            j += 1
        if header and block:
            out.extend(table_sentences([header, *block]))
            i = j
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)
