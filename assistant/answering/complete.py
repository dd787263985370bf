"""Complete: a question that asks several things ("mang số hiệu nào, ban hành ngày nào và ai ký?") is answered
in every part. Each part that asks for a number, a date, a code or a person and finds none in the answer gets
the whole sentence when it holds one, or the best acceptable sentence for that part, cited."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answering import accept, evidence
from assistant.answering.compose import Composer
from assistant.answering.evidence import Evidence, has_atom
from assistant.answering.question import Kind, Question, analyse, kind_of
from assistant.corpus import Corpus
from assistant.types import Passage

_PIECES = re.compile(r",\s*|;\s*|\s+và\s+")
_ASKS = re.compile(r"\b(?:nào|gì|bao nhiêu|mấy|ai|khi nào|bao giờ)(?!\w)", re.IGNORECASE)
_MARKERS = re.compile(r"\[\d+\]")
ATOM_KINDS = (Kind.COUNT, Kind.WHEN, Kind.DIRECTIVE, Kind.WHO)
LONGEST_SENTENCE = 400


def parts(q: Question) -> list[Question]:
    """The question's parts that ask for an atom, each with the question's provinces and names, when there are
    two or more parts (a single question is answered whole)."""
    pieces = [p.strip() for p in _PIECES.split(q.text.strip().rstrip("?. ")) if _ASKS.search(p)]
    asked = [p for p in pieces if kind_of(p) in ATOM_KINDS]
    if len(pieces) < 2 or not asked:
        return []
    subject = "" if q.proper_nouns else _ASKS.sub(" ", pieces[0])  # what a part that only asks is about
    context = " ".join(dict.fromkeys([*q.provinces, *q.proper_nouns]))
    return [replace(analyse(f"{p} {'' if p is pieces[0] else subject} {context}".strip()), kind=kind_of(p),
                    years=q.years) for p in asked]


def complete(corpus: Corpus, q: Question, text: str, best: Evidence | None, passages: list[Passage],
             composer: Composer, threshold: float) -> str:
    """``text`` with what each part of ``q`` asks for and it lacks."""
    for part in parts(q):
        if has_atom(part.kind, _MARKERS.sub("", text), corpus.people):
            continue
        if best is not None and len(best.sentence) <= LONGEST_SENTENCE and has_atom(part.kind, best.sentence,
                                                                                       corpus.people):
            text = composer.claim(replace(best, clause=best.sentence))
            continue
        found = evidence.candidates(part, passages, corpus)
        same_article = [ev for ev in found if best is None or ev.article_id == best.article_id]
        extra = accept.pick(corpus, part, same_article, threshold) or accept.pick(corpus, part, found, threshold)
        if extra is not None and has_atom(part.kind, extra.clause, corpus.people) \
                and (best is None or (extra.article_id, extra.start) != (best.article_id, best.start)):
            text = f"{text} {composer.claim(extra)}"
    return text
