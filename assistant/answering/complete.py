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
from assistant.terms import terms_of
from assistant.types import Passage

_PIECES = re.compile(r",\s*|;\s*|\s+và\s+")
_ASKS = re.compile(r"\b(?:nào|gì|bao nhiêu|mấy|ai|khi nào|bao giờ)(?!\w)", re.IGNORECASE)
_MARKERS = re.compile(r"\[\d+\]")
ATOM_KINDS = (Kind.COUNT, Kind.WHEN, Kind.DIRECTIVE, Kind.WHO)
LONGEST_SENTENCE = 400


def _pieces(q: Question) -> list[str]:
    """The pieces of the question that ask something ("…, ký ngày nào và ai ký?" → three)."""
    return [p.strip() for p in _PIECES.split(q.text.strip().rstrip("?. ")) if _ASKS.search(p)]


def parts(q: Question) -> list[Question]:
    """The question's parts that ask for an atom, each with the question's provinces and names, when there are
    two or more parts (a single question is answered whole)."""
    return [part for _, part in _asked_parts(q)]


def _asked_parts(q: Question) -> list[tuple[str, Question]]:
    """``parts`` with the words each part is written in."""
    pieces = _pieces(q)
    asked = [p for p in pieces if kind_of(p) in ATOM_KINDS]
    if len(pieces) < 2 or not asked:
        return []
    subject = "" if q.proper_nouns else _ASKS.sub(" ", pieces[0])  # what a part that only asks is about
    context = " ".join(dict.fromkeys([*q.provinces, *q.proper_nouns]))
    return [(p, replace(analyse(f"{p} {'' if p is pieces[0] else subject} {context}".strip()), kind=kind_of(p),
                        years=q.years)) for p in asked]


def first_part(q: Question) -> Question | None:
    """The first thing a question of several parts asks ("Gia Lai được hình thành từ những tỉnh nào, căn cứ nghị
    quyết nào?" → "… từ những tỉnh nào"), as a question of its own kind: when no sentence answers the whole, the
    first part picks the evidence and ``complete`` adds the others. None for a question of one part."""
    pieces = _pieces(q)
    if len(pieces) < 2 or kind_of(pieces[0]) is q.kind:
        return None
    return replace(analyse(pieces[0]), years=q.years, provinces=q.provinces)


def _beside(corpus: Corpus, piece: str, part: Question, best: Evidence | None,
            found: list[Evidence]) -> Evidence | None:
    """A sentence of the answer's own paragraph holding what the part asks for and naming what it asks about
    ("căn cứ nghị quyết nào" ~ "Theo Nghị quyết số 202/2025/QH15 …" right before the answer): reports state a
    fact's basis, date or signer next to it, so no threshold is needed there."""
    if best is None:
        return None
    own = corpus.paragraph(best.article_id, best.start, best.end)
    asked = terms_of(piece)
    near = [ev for ev in found if ev.article_id == best.article_id and ev.start != best.start
            and corpus.paragraph(ev.article_id, ev.start, ev.end) == own
            and has_atom(part.kind, ev.clause, corpus.people) and asked & terms_of(ev.sentence)]
    return max(near, key=lambda ev: ev.score, default=None)


def complete(corpus: Corpus, q: Question, text: str, best: Evidence | None, passages: list[Passage],
             composer: Composer, threshold: float) -> str:
    """``text`` with what each part of ``q`` asks for and it lacks."""
    for piece, part in _asked_parts(q):
        if has_atom(part.kind, _MARKERS.sub("", text), corpus.people):
            continue
        if best is not None and len(best.sentence) <= LONGEST_SENTENCE and has_atom(part.kind, best.sentence,
                                                                                       corpus.people):
            text = composer.claim(replace(best, clause=best.sentence))
            continue
        found = evidence.candidates(part, passages, corpus)
        same_article = [ev for ev in found if best is None or ev.article_id == best.article_id]
        extra = _beside(corpus, piece, part, best, found) or accept.pick(corpus, part, same_article, threshold) \
            or accept.pick(corpus, part, found, threshold)
        if extra is not None and has_atom(part.kind, extra.clause, corpus.people) \
                and (best is None or (extra.article_id, extra.start) != (best.article_id, best.start)):
            text = f"{text} {composer.claim(extra)}"
    return text
