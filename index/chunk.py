"""Chunking that follows paragraphs and sentences; every piece keeps its character span in the article."""

from __future__ import annotations

import hashlib
import re

from index.types import Article, Chunk

_END = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s|[A-ZĐ\"“]|$)")
_NO_BREAK_BEFORE = {"TP", "Tp", "ThS", "TS", "PGS", "GS", "St", "v.v"}


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Non-empty lines, as (start, end) offsets."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _is_boundary(text: str, end: int, start: int) -> bool:
    rest = text[end:].lstrip()
    if not rest:
        return True
    word = re.search(r"(\w+)[.!?…]*$", text[start:end])
    if word and word.group(1) in _NO_BREAK_BEFORE:
        return False
    return rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"“‘(["


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` (one paragraph or more), as absolute (start, end) offsets."""
    end = len(text) if end is None else end
    spans = []
    for p_start, p_end in paragraph_spans(text[start:end]):
        p_start, p_end = p_start + start, p_end + start
        s = p_start
        for m in _END.finditer(text, p_start, p_end):
            if _is_boundary(text[:p_end], m.end(), s):
                spans.append((s, m.end()))
                s = m.end()
                while s < p_end and text[s].isspace():
                    s += 1
        if s < p_end:
            spans.append((s, p_end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _pieces(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Paragraphs, with the ones longer than ``max_chars`` cut into runs of whole sentences."""
    pieces = []
    for p_start, p_end in paragraph_spans(text):
        if p_end - p_start <= max_chars:
            pieces.append((p_start, p_end))
            continue
        run: tuple[int, int] | None = None
        for s_start, s_end in sentence_spans(text, p_start, p_end):
            if run and s_end - run[0] > max_chars:
                pieces.append(run)
                run = None
            run = (run[0], s_end) if run else (s_start, s_end)
        if run:
            pieces.append(run)
    return pieces


def chunk_spans(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Consecutive pieces merged while the merged span stays within ``max_chars``."""
    spans: list[tuple[int, int]] = []
    for start, end in _pieces(text, max_chars):
        if spans and end - spans[-1][0] <= max_chars:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def chunk_id(article_id: str, text: str, occurrence: int) -> str:
    """Content-addressed: the same text in the same article keeps its id (and its stored vector)."""
    digest = hashlib.sha256(f"{article_id}\0{text}".encode()).hexdigest()[:20]
    return f"{article_id}:{digest}:{occurrence}"


def chunk_article(article: Article, max_chars: int) -> list[Chunk]:
    chunks, seen = [], {}
    for ordinal, (start, end) in enumerate(chunk_spans(article.text, max_chars)):
        text = article.text[start:end]
        occurrence = seen[text] = seen.get(text, -1) + 1
        chunks.append(Chunk(
            id=chunk_id(article.id, text, occurrence), article_id=article.id, ordinal=ordinal,
            start=start, end=end, text=text, title=article.title, date=article.date, province=article.province,
        ))
    return chunks
