"""Compose: the answer's words from the accepted evidence, every claim followed by its numbered citation.

The default answer is extractive: the clause of the sentence that answers, cited; a directive in its own
record's words; a person's titles from the officials records; a statement's content after "… nhấn mạnh:".
A refusal says the reports do not answer and may show the closest information, cited.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answering import records
from assistant.answering.evidence import MAX_CLAUSE, Evidence
from assistant.answering.question import Question
from assistant.corpus import Corpus
from assistant.dates import short_date
from assistant.filters import reported_years
from assistant.types import Answer, Citation, Passage
from assistant.vocabulary import STATEMENT_VERBS
from index.chunk import sentence_spans
from index.reorganisation import label
from index.types import Article, Directive, Official

NOT_FOUND = "Các báo cáo hiện có không nêu thông tin này."
NOT_GROUNDED = "Không thể trích dẫn chính xác câu trả lời từ các báo cáo."
_SAID = re.compile(r"(?:" + "|".join(STATEMENT_VERBS) + r")\s*:?\s*$", re.IGNORECASE)


def sentence_case(text: str) -> str:
    text = text.strip().rstrip(".;,: ")
    return text[:1].upper() + text[1:]


class Composer:
    """Numbers citations as they are used and keeps the quoted sentence of each."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.citations: list[Citation] = []

    def cite(self, ev: Evidence) -> int:
        for c in self.citations:
            if (c.article_id, c.start) == (ev.article_id, ev.start):
                return c.number
        art = self.corpus.article(ev.article_id)
        self.citations.append(Citation(len(self.citations) + 1, art.id, art.title, art.date, art.province,
                                        ev.sentence, ev.start, ev.end))
        return len(self.citations)

    def claim(self, ev: Evidence) -> str:
        """The evidence's clause as a sentence with its marker."""
        return f"{sentence_case(ev.clause)} [{self.cite(ev)}]."

    @property
    def quotes(self) -> dict[int, str]:
        return {c.number: c.quote for c in self.citations}


def source_label(article: Article, start: int | None = None, end: int | None = None) -> str:
    """Whose and when a figure is, from the article's metadata: "Bình Định (nay thuộc Gia Lai), 9/5/2025"; for
    the sentence ``[start:end]`` that states no year of another year its paragraph stated before it, that year
    first: "Đà Nẵng, số liệu năm 2023, bài ngày 8/2/2025" (a later year is a target, not what it reports)."""
    when = short_date(article.date)
    years = reported_years(article.text, start, end) if start is not None and end is not None else frozenset()
    published = int(article.date[:4]) if article.date else None
    if years and published and published not in years and max(years) < published:  # not a target year
        span = f"{min(years)}–{max(years)}" if len(years) > 1 else str(min(years))
        when = f"số liệu năm {span}, bài ngày {when}"
    return ", ".join(filter(None, [label(article.province) if article.province else "", when]))


def source_labels(corpus: Corpus, citations: list[Citation]) -> tuple[str, ...]:
    """The labels an answer citing ``citations`` may put before its claims (metadata, not quoted text)."""
    return tuple(label for c in citations for label in (source_label(corpus.article(c.article_id)),
                                                         source_label(corpus.article(c.article_id), c.start, c.end)))


def labelled(corpus: Corpus, text: str, ev: Evidence) -> str:
    """The answer prefixed with its source's province and date (a figure is only exact with both), and the year
    it reports when the sentence leaves that to its paragraph."""
    prefix = source_label(corpus.article(ev.article_id), ev.start, ev.end)
    return f"{prefix}: {text}" if prefix else text


def span_evidence(corpus: Corpus, article_id: str, start: int, end: int, score: float, rank: int = 0) -> Evidence:
    """A whole sentence of an article as evidence (its clause cut to MAX_CLAUSE)."""
    sentence = corpus.sentence(article_id, start, end)
    return Evidence(article_id, start, end, sentence, sentence[:MAX_CLAUSE], score, rank)


def record_evidence(corpus: Corpus, record: Official | Directive, score: float) -> Evidence:
    return span_evidence(corpus, record.article_id, record.start, record.end, score)


def shown_passages(passages: list[Passage], evidence: list[Evidence], top_k: int, read: int) -> list[Passage]:
    """The answer's passages: those read for evidence, reranked by their best sentence, the first top_k."""
    if read < top_k:
        return []
    best: dict[int, float] = {}
    for ev in evidence:
        best[ev.rank] = max(best.get(ev.rank, ev.score), ev.score)
    order = sorted(range(len(passages)), key=lambda i: -best.get(i, float("-inf")))
    return [passages[i] for i in order][:top_k]


def directive_claim(corpus: Corpus, q: Question, ev: Evidence, composer: Composer) -> str | None:
    """The directive the sentence names that answers, in its own words, cited with every article stating it."""
    record, match = records.best_directive(corpus, q, ev)
    if record is None or match <= 0 or not (record.issuer or record.subject or record.date):
        return None
    numbers = [composer.cite(ev)]
    for other in records.corroborating(corpus, record):
        numbers.append(composer.cite(record_evidence(corpus, other, ev.score)))
    marks = "".join(f"[{n}]" for n in dict.fromkeys(numbers))
    return f"{sentence_case(records.directive_text(record))} {marks}."


def definition_text(corpus: Corpus, q: Question, composer: Composer) -> str | None:
    """ "Nghị quyết 57 là gì?": the document's full title, issuer and date from its record, cited with every
    article stating the same."""
    named = records.named_directives(corpus, q)
    if not named or not (named[0].issuer or named[0].subject):
        return None
    record = named[0]
    numbers = [composer.cite(record_evidence(corpus, r, 1.0)) for r in [record, *records.corroborating(corpus, record)]]
    return f"{sentence_case(records.directive_text(record))} {''.join(f'[{n}]' for n in dict.fromkeys(numbers))}."


def refusal(corpus: Corpus, q: Question, evidence: list[Evidence], why: str, threshold: float,
            trace: list[str]) -> Answer:
    """The reports do not answer; the closest sentence (at least half the threshold) is shown, cited."""
    composer = Composer(corpus)
    text = why
    close = next((ev for ev in evidence if ev.score >= threshold / 2), None)
    if close:  # whose and when it is: it may be another province's, another period's or another indicator's
        where = source_label(corpus.article(close.article_id), close.start, close.end)
        text += (f" Thông tin gần nhất trong báo cáo{f' ({where})' if where else ''}: “{sentence_case(close.clause)}” "
                 f"[{composer.cite(close)}].")
    trace.append(f"từ chối / refused: {why}")
    return Answer(q.text, text, True, composer.citations, [], q.text, trace)


def position_text(corpus: Corpus, person: str, evidence: list[Evidence], composer: Composer,
                  trace: list[str]) -> str | None:
    """ "Ông X dự với cương vị gì?": X's titles as the report gives them, from the officials records."""
    record = records.position_record(corpus, person, evidence)
    if record is None or not record.titles:
        return None
    number = composer.cite(record_evidence(corpus, record, 1.0))
    trace.append(f"chức vụ / positions: {person} @{record.article_id}:{record.start}")
    return f"{person}: {', '.join(record.titles)} [{number}]."


def what_was_said(corpus: Corpus, ev: Evidence) -> Evidence | None:
    """What follows a clause that ends introducing a statement ("… Đỗ Hữu Quyết nhấn mạnh:"): the rest of
    the sentence, cut at a phrase end near MAX_CLAUSE, or else the next sentence."""
    if not _SAID.search(ev.clause):
        return None
    rest = ev.sentence[ev.sentence.find(ev.clause) + len(ev.clause):].lstrip(" :")
    if rest:
        cut = rest if len(rest) <= MAX_CLAUSE else rest[:max(rest.rfind(",", 0, MAX_CLAUSE), MAX_CLAUSE // 2)]
        return replace(ev, clause=cut)
    text = corpus.article(ev.article_id).text
    spans = sentence_spans(text, ev.end, min(len(text), ev.end + 2000))
    if not spans:
        return None
    return span_evidence(corpus, ev.article_id, *spans[0], ev.score, ev.rank)


def with_statement(corpus: Corpus, text: str, best: Evidence, composer: Composer) -> str:
    """The answer, followed by what was said when its clause only introduces a statement."""
    following = what_was_said(corpus, best)
    if following is None:
        return text
    if following.start == best.start:
        return f"{text[:text.rfind(' [')]}: {following.clause.rstrip(' .;,')} [{composer.cite(following)}]."
    return f"{text} {composer.claim(following)}"
