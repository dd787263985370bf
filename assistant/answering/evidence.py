"""Sentence-level evidence: which sentence of the retrieved passages answers, and which clause of it.

Scores are idf-weighted shares of the question's content terms, with a bonus when a sentence holds the
kind of atom the question asks for (a number for "bao nhiêu", a name for "ai", a code for "văn bản nào").
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass

from assistant.answering.atoms import CODE, DATE, NUMBER, YEAR
from assistant.answering.question import Kind, Question
from assistant.corpus import Corpus, CorpusStats
from assistant.terms import terms_of
from assistant.types import Passage
from assistant.vocabulary import COUNT_WORDS, LABEL_WORDS, UNIT_SYNONYMS
from index.chunk import sentence_spans
from index.normalize import fold
from index.types import Article
_CLAUSE_END = re.compile(r";\s+")
_PHRASE_END = re.compile(r",\s+|:\s+|\s+-\s+")
TYPE_BONUS = 0.25
UNIT_BONUS = 0.35
INDICATOR_BONUS = 0.4
LABEL_BONUS = 0.3
LIST_BONUS = 0.3
MAX_CLAUSE = 300
MAX_LIST = 600  # longest answer clause for a question asking for several things ("những hạn chế gì")
_LABEL_NUMBER = re.compile(r"(?:" + "|".join(LABEL_WORDS) + r"|C)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Evidence:
    article_id: str
    start: int  # sentence span in the article
    end: int
    sentence: str
    clause: str  # the part of the sentence that answers
    score: float
    rank: int  # rank of the passage it came from


def coverage(q: Question, terms: frozenset[str], stats: CorpusStats) -> float:
    total = sum(stats.idf(t) for t in q.terms)
    covered = {t for asked, others in q.synonyms if any(o <= terms for o in others) for t in asked}
    return sum(stats.idf(t) for t in q.terms if t in terms or t in covered) / total if total else 0.0


def has_atom(kind: Kind, text: str, people: Set[str], day: bool = False) -> bool:
    """Whether ``text`` holds the kind of thing the question asks for (``day``: a day, not only a year)."""
    if kind is Kind.COUNT:
        return bool(_count_numbers(text))
    if kind is Kind.WHEN:
        return bool(DATE.search(text) or (not day and YEAR.search(text)))
    if kind is Kind.DIRECTIVE:
        return bool(CODE.search(text))
    if kind is Kind.WHO:
        return any(name in text for name in people)
    return True


def _split(text: str, pattern: re.Pattern[str], offset: int = 0) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in pattern.finditer(text):
        spans.append((offset + pos, offset + m.start()))
        pos = m.end()
    spans.append((offset + pos, offset + len(text)))
    return [(a, b) for a, b in spans if b > a]


def _segments(sentence: str) -> list[tuple[int, int]]:
    """Clauses (split at ';'), with the clauses still too long cut into phrases (at ',' and ':')."""
    spans = []
    for a, b in _split(sentence, _CLAUSE_END):
        spans.extend(_split(sentence[a:b], _PHRASE_END, a) if b - a > MAX_CLAUSE else [(a, b)])
    return spans


def unit_match(q: Question, text: str) -> bool:
    """A number stands right next to what the question counts ("bao nhiêu camera" ~ "155 camera"), or next to
    the way reports write that unit ("bao nhiêu tiền" ~ "250 tỷ đồng")."""
    if not q.unit:
        return False
    head = " ".join(q.unit.split()[:2])
    folded = fold(text)
    number = r"\d[\d.,/%-]*"
    for written in [head, *map(fold, UNIT_SYNONYMS.get(head, ()) or UNIT_SYNONYMS.get(head.split()[0], ()))]:
        unit = re.escape(written).replace(r"\ ", r"\s+")
        if re.search(number + r"\s+(?:\w+\s+){0,2}?" + unit, folded) or \
                re.search(unit + r"(?:\s+\w+){0,3}?\s+" + number, folded):
            return True
    return False


_WINDOW_BREAK = re.compile(r"[,;:()“”\"]|\s-\s|\.(?!\d)")


# A sentence that opens by pointing back ("Đây là văn bản…") is about what the sentence before it names.
_ANAPHOR = re.compile(r"(?:Đây|Điều này|(?:Văn bản|Kế hoạch|Quyết định|Nghị quyết|Chỉ thị|Đề án) (?:này|trên))\b")
_PERIOD_AFTER = re.compile(r"\s+(?:tháng|quý|tuần)\s+(?:đầu|cuối)\b", re.IGNORECASE)  # "6 tháng đầu năm"


def _count_numbers(text: str) -> list[re.Match[str]]:
    """Numbers that can answer "bao nhiêu": not dates, years or labels ("Đề án 06", "mức độ 2")."""
    return [m for m in NUMBER.finditer(text)
            if not DATE.fullmatch(m.group(0)) and not YEAR.fullmatch(m.group(0))
            and not _LABEL_NUMBER.search(text[max(0, m.start() - 12):m.start()])
            and not _PERIOD_AFTER.match(text, m.end())]


def indicator_coverage(q: Question, text: str, stats: "CorpusStats") -> float:
    """How much of what the question counts stands in the phrase around one of the text's numbers.

    "99,81% hồ sơ được giải quyết đúng hạn" covers "tỷ lệ hồ sơ được giải quyết đúng hạn" better than a
    sentence that has the same words spread over other figures. Rate words ("tỷ lệ") are left out: the
    number itself says it is a rate.
    """
    specific = [t for t in q.terms if t not in COUNT_WORDS]
    total = sum(stats.idf(t) for t in specific)
    if not total:
        return 0.0
    best = 0.0
    for m in _count_numbers(text):
        before = _WINDOW_BREAK.split(text[:m.start()])[-1].split()[-8:]
        after = _WINDOW_BREAK.split(text[m.end():])[0].split()[:8]
        window = terms_of(" ".join(before + after))
        best = max(best, sum(stats.idf(t) for t in specific if t in window) / total)
    return best


def is_rate_only(text: str) -> bool:
    """Every number that could answer a count is a percentage (answers "tỷ lệ", not "bao nhiêu người")."""
    numbers = _count_numbers(text)
    return bool(numbers) and all(m.group(0).rstrip().endswith("%") for m in numbers)


def _atom_bonus(q: Question, text: str, people: Set[str], stats: "CorpusStats") -> float:
    bonus = TYPE_BONUS if has_atom(q.kind, text, people, q.asks_day) else 0.0
    if q.kind is Kind.COUNT:
        bonus += UNIT_BONUS * unit_match(q, text) + INDICATOR_BONUS * indicator_coverage(q, text, stats)
        bonus += UNIT_BONUS * counts_each(q, text)
    return bonus


def counts_each(q: Question, text: str) -> bool:
    """A count of several things ("bao nhiêu xã, phường") is given for each ("110 xã và 25 phường")."""
    folded = fold(text)
    return len(q.units) > 1 and all(re.search(rf"\d[\d.,]*\s+{re.escape(u)}\b", folded) for u in q.units)


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")") and text.count("“") == text.count("”")


def best_clause(q: Question, sentence: str, stats: CorpusStats, people: Set[str]) -> tuple[str, float]:
    """The run of clauses that covers the question best, with its atom; and that run's score."""
    plural = q.asks_list and enumerates(sentence)
    longest = MAX_LIST if plural else MAX_CLAUSE  # a list answer keeps its items
    segs = _segments(sentence) if len(sentence) > longest else [(0, len(sentence))]
    seg_terms = [terms_of(sentence[a:b]) for a, b in segs]
    best, best_score = sentence, -1.0
    for i in range(len(segs)):
        terms: frozenset[str] = frozenset()
        for j in range(i, len(segs)):
            text = sentence[segs[i][0]:segs[j][1]]
            if len(text) > longest and j > i:
                break
            terms = terms | seg_terms[j]
            if not _balanced(text):
                continue
            length = len(text) / 3000 * (1 if plural else -1)  # a list answer keeps more of its items
            score = coverage(q, terms, stats) + _atom_bonus(q, text, people, stats) + length
            if score > best_score:
                best, best_score = text, score
    return best, best_score


def _context_terms(article: Article, chunk_start: int, chunk_end: int) -> frozenset[str]:
    return terms_of(article.title) | terms_of(article.text[chunk_start:chunk_end])


def candidates(q: Question, passages: list[Passage], corpus: Corpus) -> list[Evidence]:
    """Every sentence of the passages, scored; best first."""
    found: dict[tuple[str, int], Evidence] = {}
    labels, dates, plural = q.labels, q.dates, q.asks_list
    articles, stats, people = corpus.articles, corpus.stats, corpus.people
    for rank, p in enumerate(passages):
        article = articles[p.article_id]
        context = _context_terms(article, p.start, p.end)
        ctx_cov = coverage(q, context, stats)
        previous = ""
        for start, end in sentence_spans(article.text, p.start, p.end):
            sentence = article.text[start:end]
            key = (p.article_id, start)
            named, previous = (previous + " " + sentence if _ANAPHOR.match(sentence) else sentence), sentence
            if key in found:
                continue
            clause, clause_score = best_clause(q, sentence, stats, people)
            own = coverage(q, terms_of(sentence), stats)
            bonus = 0.5 * _atom_bonus(q, clause, people, stats)  # clause_score holds the other half
            if labels and all(says_label(named, label) for label in labels) or \
                    dates and all(same_date(sentence, d) for d in dates):
                bonus += LABEL_BONUS
            if plural and enumerates(sentence):
                bonus += LIST_BONUS
            score = 0.5 * own + 0.5 * clause_score + bonus + 0.3 * ctx_cov + 0.05 / (1 + rank)
            found[key] = Evidence(p.article_id, start, end, sentence, clause, score, rank)
    return sorted(found.values(), key=lambda e: -e.score)


_ENUMERATION = re.compile(r"(?:như|gồm|bao gồm|sau)\s*:|:[^:]*;[^;]*;", re.IGNORECASE)


def enumerates(sentence: str) -> bool:
    """The sentence lists items ("vướng mắc như: …; …")."""
    return bool(_ENUMERATION.search(sentence))


def says_label(text: str, label: str) -> bool:
    """``text`` names the same numbered thing: "Quyết định 4216" ~ "Quyết định số 4216/QĐ-UBND"."""
    m = re.match(r"(.*?)\s+(?:số\s+)?(\d+)$", fold(label))
    if not m:
        return False
    words = r"\s+".join(map(re.escape, m.group(1).split()))
    return bool(re.search(rf"\b{words}\s+(?:so\s+)?0*{int(m.group(2))}(?!\d)", fold(text)))


def same_date(text: str, date: str) -> bool:
    """``text`` has the day and month of ``date`` in any spelling ("30-6" ~ "30/6/2023" ~ "30.06")."""
    day, month = (int(x) for x in re.split(r"[/.-]", date)[:2])
    return any(tuple(int(x) for x in re.split(r"[/.-]", m.group(0))[:2]) == (day, month)
               for m in DATE.finditer(text))


def mentions(text: str, noun: str) -> bool:
    """``text`` names ``noun`` as whole words, accents and case aside ("tổ công nghệ" is not in "tổng công")."""
    return re.search(rf"(?<!\w){re.escape(fold(noun))}(?!\w)", fold(text)) is not None
