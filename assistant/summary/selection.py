"""Which article sentences a summary keeps: candidates with their facts and theme, topic relevance, greedy choice.

A candidate is a body sentence, or a run of ';'-clauses of a long one, with what it states according to the
index's fact records (figures, document codes, officials) plus its dates and names. The greedy choice takes the
candidate with the most relevant new facts per character until nothing new fits. Pure functions of the
articles, the facts and the corpus statistics, except ``relevant``, which also runs one passage search.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from assistant.answering.atoms import DATE
from assistant.answering.evidence import coverage
from assistant.answering.question import analyse, rankings_named
from assistant.answering.retrieve import Retriever
from assistant.corpus import Corpus, CorpusStats
from assistant.terms import content_terms, terms_of
from assistant.vocabulary import DIRECTING_ROLES
from index.chunk import paragraph_spans, sentence_spans
from index.normalize import fold, normalize_text
from index.types import Article, Figure, SearchFilters

THEMES = ["Hạ tầng số", "Dịch vụ công trực tuyến", "Đề án 06 / định danh điện tử", "An toàn thông tin", "Thể chế",
          "Khó khăn", "Chỉ đạo", "Khác"]
_KEYWORDS = {  # folded, matched on word boundaries
    "Hạ tầng số": "ha tang|phu song|internet|duong truyen|vien thong|trung tam du lieu|du lieu mo|co so du lieu"
                  "|phong hop truc tuyen|moi truong dien tu|camera|thong minh|vung lom song|ket noi|phan mem",
    "Dịch vụ công trực tuyến": "dich vu cong|thu tuc hanh chinh|tthc|mot cua|toan trinh|ho so|thanh toan"
                               "|hoa don dien tu|hoc ba so|tien mat",
    "Đề án 06 / định danh điện tử": "de an 06|dinh danh|vneid|can cuoc|cccd|xac thuc|dan cu|chu ky so|cong dan so",
    "An toàn thông tin": "an toan thong tin|an ninh mang|an ninh thong tin|soc|bao mat|tai lieu mat|giai mat",
    "Thể chế": "the che|khung phap ly|hanh lang phap ly|van ban|nghi quyet|quyet dinh|chi thi|ke hoach|co che"
               "|chinh sach|tieu chi",
    "Khó khăn": "kho khan|vuong mac|han che|ton tai|thach thuc|con thap|cham so voi|bat cap",
}
_THEME_WORDS = {theme: re.compile(rf"\b(?:{words})\b") for theme, words in _KEYWORDS.items()}
# Themes that are kinds of statement rather than subjects, and the words a topic asks for them with.
_KINDS = {"Chỉ đạo": re.compile(r"\b(?:chi dao|de nghi|yeu cau)\b"),
          "Khó khăn": re.compile(r"\b(?:kho khan|vuong mac|han che|thach thuc)\b")}
# An instruction: a directive verb among the first words ("Ông nhấn mạnh", "Cục trưởng giao"), or "Phải …".
_DIRECTIVE_OPENING = re.compile(r"^(?:\w+\s+){0,4}?(?:de nghi|yeu cau|chi dao|nhan manh|luu y|giao)\b|^(?:phai|can)\b")
_EDGE_WORDS = re.compile(r"^(?:(?:về|của|cho|ở|tại|trong)\s+)+", re.IGNORECASE)
_CLAUSE_END = re.compile(r";\s+")
WORDS = re.compile(r"\w+")
MAX_SENTENCE = 300  # longer sentences are offered as runs of their ';'-clauses
CAPTION_CHARS = 120  # a one-sentence paragraph shorter than this is a heading or a photo caption
DUPLICATE_OVERLAP = 0.75  # share of the shorter candidate's words found in a chosen one
LINE_COST = 40  # characters a line costs beyond its text: bullet, marker, date label
NOVELTY = 0.02  # weight of each new content term's idf, against 1 per new fact
NEW_THEME = 0.5  # extra share of gain for a candidate that opens a theme
# Topic relevance. A candidate is kept when the share of the topic's (idf-weighted) terms in its article's lead
# (an article about the topic counts whole) or its own score — that share in the candidate, plus a weighted
# share in its passage, plus a bonus when a passage search finds it — reaches MIN_RELEVANCE; one of the kind
# asked for ("chỉ đạo") needs KIND_BONUS less. Kept ones rank by RANK_BASE + own score (+ THEME_MATCH).
CHUNK_WEIGHT, SEARCH_BONUS, KIND_BONUS, MIN_RELEVANCE = 0.3, 0.2, 0.3, 0.6
RANK_BASE, THEME_MATCH = 0.5, 0.5
TOPIC_PASSAGES = 8


@dataclass(frozen=True)
class Candidate:
    """``article.text[lo:hi]``, the sentence ``[start:end]`` or a run of its clauses, with what it states."""

    article: Article
    start: int
    end: int
    lo: int
    hi: int
    figures: tuple[Figure, ...]
    facts: frozenset[str]  # codes, dates, names
    theme: str
    terms: frozenset[str]
    words: frozenset[str]  # folded words, for near-duplicates
    relevance: float = 1.0

    @property
    def text(self) -> str:
        return self.article.text[self.lo:self.hi]

    @property
    def figure_keys(self) -> set[tuple[str, str]]:
        return {figure_key(f) for f in self.figures}


def theme_of(text: str, directive_by_official: bool = False) -> str:
    """Instructions first ("Chỉ đạo": an official's directive role in the index's facts, or a directive
    opening), then difficulties, then the theme whose keywords cover the most syllables, else "Khác"."""
    folded = fold(text)
    if directive_by_official or _DIRECTIVE_OPENING.search(folded):
        return "Chỉ đạo"
    hits = {theme: sum(len(m.split()) for m in pattern.findall(folded)) for theme, pattern in _THEME_WORDS.items()}
    if hits["Khó khăn"]:
        return "Khó khăn"
    best = max(hits, key=lambda theme: hits[theme])
    return best if hits[best] else "Khác"


def strip_matches(text: str, patterns: list[re.Pattern[str]]) -> str:
    """``text`` without what the patterns match in its folded form, nor connectives left at its start."""
    folded, kept = fold(text), list(text)
    for pattern in patterns:
        for m in pattern.finditer(folded):
            kept[m.start():m.end()] = [""] * (m.end() - m.start())
    return _EDGE_WORDS.sub("", re.sub(r"\s+", " ", "".join(kept)).strip(" .,;:?!-"))


def _body_sentences(article: Article) -> list[tuple[int, int]]:
    """Sentences of the body: not the title line, headings or photo captions."""
    spans = []
    for start, end in paragraph_spans(article.text)[1:]:
        sentences = sentence_spans(article.text, start, end)
        if "Ảnh:" not in article.text[start:end] and (len(sentences) > 1 or end - start >= CAPTION_CHARS):
            spans.extend(sentences)
    return spans


def _pieces(start: int, end: int, text: str) -> list[tuple[int, int]]:
    """The sentence, or when it is long, every run of its ';'-clauses that stays short (a lone clause always)."""
    if end - start <= MAX_SENTENCE:
        return [(start, end)]
    cuts = list(_CLAUSE_END.finditer(text, start, end))
    starts, ends = [start] + [m.end() for m in cuts], [m.start() for m in cuts] + [end]
    return [(starts[i], ends[j]) for i in range(len(starts)) for j in range(i, len(ends))
            if j == i or ends[j] - starts[i] <= MAX_SENTENCE]


def figure_key(f: Figure) -> tuple[str, str]:
    """The same figure is the same value of the same unit (for a rate, of the same indicator)."""
    return f.value, f.indicator if f.unit == "%" else f.unit


def states(text: str, f: Figure) -> bool:
    """``text`` (a sentence or a clause of it) gives the figure: its value and the first words of what it counts."""
    head = " ".join(WORDS.findall(fold(f.indicator if f.unit == "%" else f.unit))[:2])
    said = re.search(rf"(?<![\d.,]){re.escape(f.value)}(?!\d)", text) is not None
    return said and head in " ".join(WORDS.findall(fold(text)))


# "Sáng 01/8/2023, UBND tỉnh tổ chức hội nghị…": when and where a meeting was, not a result to report.
_EVENT_OPENING = re.compile(r"^(?:\w+\s+){0,2}?(?:sáng|chiều|tối|trưa|ngày|hôm)\s+(?:ngày\s+)?\d{1,2}[/.-]\d{1,2}"
                            r"(?:[/.-]\d{2,4})?\b[^.;]{0,240}?\b(?:tổ chức|diễn ra|khai mạc|họp|làm việc|phát động)",
                            re.IGNORECASE)


def opens_event(text: str) -> bool:
    """The sentence opens a meeting report (its date is the meeting's, not a figure's)."""
    return _EVENT_OPENING.search(text) is not None


def candidates(corpus: Corpus, articles: list[Article]) -> list[Candidate]:
    """Every candidate piece of the articles with its facts; a clause cut out of a sentence must state one."""
    facts = corpus.facts
    codes: dict[tuple[str, int], set[str]] = {}
    figures: dict[tuple[str, int], list[Figure]] = {}
    directing = {(o.article_id, o.start) for o in facts.officials if DIRECTING_ROLES & set(o.roles)}
    for d in facts.directives:
        codes.setdefault((d.article_id, d.start), set()).add(d.code)
    for f in facts.figures:
        figures.setdefault((f.article_id, f.start), []).append(f)
    found = []
    for article in articles:
        for start, end in _body_sentences(article):
            key = (article.id, start)
            for lo, hi in _pieces(start, end, article.text):
                text = article.text[lo:hi]
                dates = set() if opens_event(text) else {m.group(0) for m in DATE.finditer(text)}
                stated = {c for c in codes.get(key, ()) if c in text} | dates
                stated |= {n for n in corpus.people if n in text}
                said = tuple(f for f in figures.get(key, ()) if states(text, f))
                if lo == start or stated or said:
                    found.append(Candidate(article, start, end, lo, hi, said, frozenset(stated),
                                           theme_of(text, key in directing), terms_of(text),
                                           frozenset(WORDS.findall(fold(text)))))
    return found


def relevant(retriever: Retriever, topic: str, filters: SearchFilters, pool: list[Candidate]) -> list[Candidate]:
    """Candidates about the topic, ranked. A topic asking for a kind of statement ("chỉ đạo", "khó khăn") keeps
    only candidates of that theme; its other words (the subject: "Đề án 06") filter and rank them."""
    kind = next((theme for theme, words in _KINDS.items() if words.search(fold(topic))), None)
    subject = strip_matches(topic, list(_KINDS.values()))
    pool = [u for u in pool if u.theme == kind] if kind else pool
    if not content_terms(subject):
        return pool
    corpus = retriever.corpus
    q, stats, theme = analyse(subject), corpus.stats, theme_of(subject)
    if q.rankings:  # "thứ hạng DTI": never a line about the ICT Index
        pool = [u for u in pool if not (named := rankings_named(u.text)) or named & q.rankings]
    hits = retriever.search(normalize_text(subject), TOPIC_PASSAGES, None if filters.is_empty else filters)
    leads = {u.article.id: coverage(q, terms_of(_lead(u.article)), stats) for u in pool}
    kept = []
    for u in pool:
        chunk = next(c.text for c in corpus.chunks_of(u.article.id) if c.start <= u.start < c.end)
        own = (coverage(q, u.terms, stats) + CHUNK_WEIGHT * coverage(q, terms_of(chunk), stats)
               + SEARCH_BONUS * any(p.article_id == u.article.id and p.start <= u.start < p.end for p in hits))
        if max(own, leads[u.article.id]) + KIND_BONUS * (kind is not None) >= MIN_RELEVANCE:
            says_ranking = bool(q.rankings and rankings_named(u.text) & q.rankings)  # names the ranking asked
            kept.append(replace(u, relevance=RANK_BASE + own + THEME_MATCH * (theme != "Khác" and u.theme == theme
                                                                              or says_ranking)))
    return kept


def _lead(article: Article) -> str:
    """The title and the opening paragraph: what a news article is about (the event, who, when)."""
    body = [article.text[a:b] for a, b in paragraph_spans(article.text)[1:] if b - a >= CAPTION_CHARS]
    return "\n".join([article.title] + body[:1])


@dataclass(frozen=True)
class _Covered:
    """What the chosen candidates already say."""

    spans: tuple[tuple[str, int, int], ...]
    figures: frozenset[tuple[str, str]]
    facts: frozenset[str]
    terms: frozenset[str]
    themes: frozenset[str]
    words: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, chosen: list[Candidate]) -> "_Covered":
        return cls(tuple((u.article.id, u.lo, u.hi) for u in chosen),
                   frozenset(k for u in chosen for k in u.figure_keys), frozenset().union(*(u.facts for u in chosen)),
                   frozenset().union(*(u.terms for u in chosen)), frozenset(u.theme for u in chosen),
                   tuple(u.words for u in chosen))


def _gain(u: Candidate, seen: _Covered, stats: CorpusStats) -> float:
    """New facts, a little for each new term, more for a new theme; 0 if it overlaps or repeats a figure."""
    if (any(a == u.article.id and lo < u.hi and u.lo < hi for a, lo, hi in seen.spans) or u.figure_keys & seen.figures
            or any(len(u.words & w) >= DUPLICATE_OVERLAP * min(len(u.words), len(w)) for w in seen.words)):
        return 0.0
    gain = len(u.figure_keys) + len(u.facts - seen.facts) + NOVELTY * sum(stats.idf(t) for t in u.terms - seen.terms)
    return gain * (1 + NEW_THEME * (u.theme != "Khác" and u.theme not in seen.themes))


def select(pool: list[Candidate], fits: Callable[[list[Candidate]], bool], stats: CorpusStats) -> list[Candidate]:
    """Greedy: the candidate with the most relevant new facts per character that still fits, until none adds any."""
    chosen: list[Candidate] = []
    left = list(pool)
    while True:
        seen = _Covered.of(chosen)
        scored = [(u.relevance * _gain(u, seen, stats) / (u.hi - u.lo + LINE_COST), -i, u) for i, u in enumerate(left)]
        scored = [s for s in scored if s[0] > 0]
        if not scored:
            return chosen
        best = max(scored, key=lambda s: s[:2])[2]
        left = [u for _, _, u in scored if u is not best]
        if fits(chosen + [best]):
            chosen.append(best)
