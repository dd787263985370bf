"""Structured facts steering the answer: officials' roles and titles, directives' kind, issuer and subject.

The records come from indexing (index/facts.py), each with the span of the sentence it was read from, so a
sentence's records are those whose start lies inside it. Scores here are bonuses on top of the sentence's own
evidence score: a sentence that names the official with the asked role, or the directive of the asked kind,
issuer and subject, wins over one that merely shares words with the question.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.answering.evidence import Evidence, coverage, says_label
from assistant.answering.question import Kind, Question, holds_title, ministry_forms
from assistant.corpus import Corpus, CorpusStats
from assistant.terms import terms_of
from index.types import Directive, Official
from index.normalize import fold

ROLE_BONUS = 0.4
TITLE_BONUS = 0.2
DIRECTIVE_BONUS = 0.6
# Words every directive sentence shares ("ban hành theo quyết định…"): they do not tell two directives apart.
_GENERIC = frozenset({"ban_hanh", "ban", "hanh", "theo", "van_ban", "van", "tinh", "so"})


def officials_in(corpus: Corpus, ev: Evidence) -> list[Official]:
    return corpus.officials_in(ev.article_id, ev.start, ev.end)


def has_role(corpus: Corpus, ev: Evidence, role: str) -> bool:
    return any(role in o.roles for o in officials_in(corpus, ev))


def who_bonus(corpus: Corpus, q: Question, ev: Evidence) -> float:
    """Role and title match of the officials the sentence names."""
    officials = officials_in(corpus, ev)
    bonus = ROLE_BONUS if q.role and any(q.role in o.roles for o in officials) else 0.0
    if q.titles and any(holds_title(t, list(o.titles)) for t in q.titles for o in officials):
        bonus += TITLE_BONUS
    elif q.organisations and any(_serves(o, org) for org in q.organisations for o in officials):
        bonus += TITLE_BONUS
    return bonus


def _serves(official: Official, organisation: str) -> bool:
    """The official's title names the organisation ("Thứ trưởng Bộ Công an" serves "Bộ Công an")."""
    forms = [fold(form) for form in ministry_forms(organisation)]
    return any(form in fold(title) for title in official.titles for form in forms)


def directive_match(q: Question, record: Directive, stats: CorpusStats) -> float:
    """How well a directive record answers the question: 1 for a named code; else kind + issuer/subject words."""
    if q.codes:
        return 1.0 if record.code in q.codes else 0.0
    kind_score = 0.0
    if q.doc_kind:
        kind_score = 0.3 if fold(record.kind) == q.doc_kind else -0.3
    words = " ".join(filter(None, [record.kind, record.issuer, record.subject]))
    specific = replace(q, terms=tuple(t for t in q.terms if t not in _GENERIC))
    return kind_score + coverage(specific, terms_of(words), stats)


def best_directive(corpus: Corpus, q: Question, ev: Evidence) -> tuple[Directive | None, float]:
    records = corpus.directives_in(ev.article_id, ev.start, ev.end)
    scored = [(r, directive_match(q, r, corpus.stats)) for r in records]
    return max(scored, key=lambda rs: rs[1], default=(None, 0.0))


def bonus(corpus: Corpus, q: Question, ev: Evidence) -> float:
    """What the sentence's fact records add to its evidence score for this question."""
    if q.about_directive:
        return DIRECTIVE_BONUS * best_directive(corpus, q, ev)[1]
    if q.kind is Kind.WHO:
        return who_bonus(corpus, q, ev)
    return 0.0


def directive_text(record: Directive) -> str:
    """"Quyết định số 4216/QĐ-UBND ngày … của UBND tỉnh về …", from the record's parts (all in its sentence)."""
    code = record.code
    text = code if code.lower().startswith(record.kind.lower()) else f"{record.kind} số {code}"
    if record.date:
        text += f" ngày {record.date}"
    if record.issuer:
        text += f" của {record.issuer}"
    subject = record.subject
    if subject and code.lower().startswith("đề án"):
        text += f" ({subject})"
    elif subject:
        text += f" về {subject}"
    return text


def corroborating(corpus: Corpus, record: Directive) -> list[Directive]:
    """Other articles' records of the same directive with the same date and issuer (to cite them too)."""
    if not (record.date_iso or record.issuer):
        return []
    same = []
    seen = {record.article_id}
    for r in corpus.facts.directives:
        if r.article_id in seen or r.code != record.code:
            continue
        if r.date_iso == record.date_iso and r.issuer == record.issuer:
            same.append(r)
            seen.add(r.article_id)
    return same


def position_record(corpus: Corpus, person: str, evidence: list[Evidence]) -> Official | None:
    """The mention of ``person`` with the most titles, in the article of the best evidence that names them."""
    officials = [o for o in corpus.facts.officials if o.name == person]
    for ev in evidence:
        in_article = [o for o in officials if o.article_id == ev.article_id]
        if any(ev.start <= o.start < ev.end for o in in_article):
            return max(in_article, key=lambda o: (len(o.titles), -o.start))
    return max(officials, key=lambda o: len(o.titles), default=None)


def named_directives(corpus: Corpus, q: Question) -> list[Directive]:
    """The records of the document the question names (by code, or by kind and number: "Nghị quyết 57"),
    those that say the most about it first (issuer, subject, date)."""
    found = [r for r in corpus.facts.directives
             if r.code in q.codes or any(says_label(f"{r.kind} {r.code}", label) or says_label(r.code, label)
                                         for label in q.labels)]
    return sorted(found, key=lambda r: -sum(bool(x) for x in (r.issuer, r.subject, r.date)))
