"""Rows: a list question over a table ("Những nhóm chỉ số nào bị tụt hạng?") is answered with every row that says
so ("Hạ tầng số: Thứ hạng 44/63; So với kỳ trước giảm 13 bậc."), not only with a sentence that sums them up.

Tables are read as one sentence a row on its own line (``index/tables.py``); a table's rows are the run of such
lines, its caption the line before them. A row answers when it, with the caption, says most of what is asked and
other rows of the same table say less: the question picks rows out of the table, it does not just name it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answering.compose import span_evidence
from assistant.answering.evidence import Evidence, coverage
from assistant.answering.question import Question
from assistant.corpus import Corpus
from assistant.terms import terms_of

_ROW = re.compile(r"[^\n:]{1,80}: [^\n]*\d[^\n]*\.")
MAX_ROWS = 6  # more rows than this is the table itself, not an answer
MIN_COVERAGE = 0.5  # a row with its caption says at least this share of what is asked (idf-weighted terms)


@lru_cache(maxsize=64)
def _lines(text: str) -> tuple[tuple[int, int], ...]:
    """Each line's span; an article's once, however many of its candidates are looked at."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return tuple(spans)


def table_of(text: str, at: int) -> tuple[str, list[tuple[int, int]]] | None:
    """The caption and the row spans of the table holding offset ``at``, if ``at`` is in a table row."""
    lines = _lines(text)
    i = next((n for n, (a, b) in enumerate(lines) if a <= at <= b), None)
    if i is None or not _ROW.fullmatch(text[slice(*lines[i])].strip()):
        return None
    first = last = i
    while first > 0 and _ROW.fullmatch(text[slice(*lines[first - 1])].strip()):
        first -= 1
    while last + 1 < len(lines) and _ROW.fullmatch(text[slice(*lines[last + 1])].strip()):
        last += 1
    caption = text[slice(*lines[first - 1])] if first > 0 else ""
    return caption, list(lines[first:last + 1])


def matching_rows(corpus: Corpus, q: Question, best: Evidence, found: list[Evidence]) -> list[Evidence]:
    """The rows of a table in ``best``'s article, among the ``found`` candidates, that a list question picks out."""
    if not q.asks_list:
        return []
    article = corpus.article(best.article_id)
    seen: set[tuple[int, int]] = set()
    for ev in found:
        if ev.article_id != best.article_id or (table := table_of(article.text, ev.start)) is None:
            continue
        caption, rows = table
        if rows[0] in seen or len(rows) < 2:
            continue
        seen.add(rows[0])
        covered = [coverage(q, terms_of(f"{caption} {article.text[a:b]}"), corpus.stats) for a, b in rows]
        top = max(covered)
        picked = [span for span, c in zip(rows, covered) if c == top]
        if top >= MIN_COVERAGE and top > min(covered) and len(picked) <= MAX_ROWS:
            return [span_evidence(corpus, best.article_id, a, b, top) for a, b in picked]
    return []
