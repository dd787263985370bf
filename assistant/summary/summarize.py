"""Extractive summaries of the articles in a scope (provinces, period, topic), grouped by theme, every sentence cited.

No LLM: ``selection`` picks the sentences (or runs of ';'-clauses of long ones) that state the most
new facts per character; here they are ordered by theme and date, cited, and written out. A figure reported
at two dates keeps both, each prefixed with its article's date (metadata, not article text).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from assistant.answering.accept import implied_years
from assistant.answering.generate import GenerationFailed, Generator, grounding, verified_sentences
from assistant.answering.retrieve import Retriever
from assistant.dates import display_date, period, short_date
from assistant.filters import chosen_provinces, filters_from_question, merge, years_reported
from assistant.prompts import render
from assistant.summary.selection import THEMES, WORDS, Candidate, candidates, relevant, select, strip_matches
from assistant.types import Answer, Citation, Summary, SummaryScope, SummarySentence
from index.normalize import fold, normalize_text
from index.provinces import provinces_in
from index.reorganisation import label as province_label
from index.segment import segment
from index.types import Figure, SearchFilters, date_bounds

EMPTY_SCOPE = "Không có bài viết nào trong phạm vi này. / No article in this scope."
NO_TOPIC = "Các bài viết trong phạm vi này không nêu nội dung về “{}”. / The articles in this scope do not cover it."
# Words of a summary request that name no topic: the subject of every report, and the reports themselves.
_GENERIC = set("ket qua chuyen doi so cds tinh hinh cong tac trien khai thuc hien dia phuong tinh thanh pho bao cao bai"
               " viet duoc nhac toi den trong co giup toi truoc sau khi hop nhat sap nhap va voi cua o tai ve cho nhung"
               " cac".split())
MAX_PROVINCES_LENGTH = 3  # a summary over several provinces may be this many times longer
STATED_PERIOD = 1.5  # weight of a sentence naming the summary's year over one only published in it
_ASKING = re.compile(r"\b(?:tom tat|diem lai|tong hop|tong quan|ban tin|(?:co\s+)?(?:nhung\s+)?(?:noi dung chinh"
                     r"|gi dang chu y|dang chu y)(?:\s+nao|\s+gi)?|cac|nhung|nao|gi)\b")
_PERIOD = re.compile(r"\b(?:(?:trong|tu)\s+)?(?:nam\s+)?20\d{2}(?:\s*(?:-|–|den|toi)\s*(?:nam\s+)?20\d{2})?\b"
                     r"|\bthang\s+\d{1,2}[/-]20\d{2}\b")
_MONTH = re.compile(r"\bthang\s+(\d{1,2})[/-](20\d{2})\b")


def date_label(iso: str | None) -> str:
    """Article metadata as a prefix: ``Ngày 16/05/2025``, ``Tháng 10/2023``, ``Năm 2023``."""
    return ("Năm", "Tháng", "Ngày")[iso.count("-")] + " " + display_date(iso) if iso else ""


def period_label(date_from: int | None, date_to: int | None) -> str:
    """``2025``, ``2023–2025``, or ``01/10/2023–31/10/2023``; "" for no period."""
    if date_from is None and date_to is None:
        return ""
    if date_from and date_to and date_from % 10000 == 101 and date_to % 10000 == 1231:
        first, last = date_from // 10000, date_to // 10000
        return str(first) if first == last else f"{first}–{last}"
    return "–".join(f"{d % 100:02d}/{d // 100 % 100:02d}/{d // 10000}" if d else "…" for d in (date_from, date_to))


def title_of(scope: SummaryScope) -> str:
    parts = [", ".join(scope.provinces) or "tất cả các tỉnh", period_label(scope.date_from, scope.date_to)]
    return "Tóm tắt: " + ", ".join(p for p in parts if p) + (f" — {scope.topic}" if scope.topic else "")


def scope_from_inputs(provinces: list[str] | None, date_from: str | None, date_to: str | None,
                      topic: str | None) -> SummaryScope:
    """A scope as a person types it (CLI options, the app's tab): province names (accents optional), a period,
    a topic."""
    lo, hi = period(date_from, date_to)
    names = chosen_provinces(provinces or ())
    return SummaryScope(names, lo, hi, normalize_text(topic or ""))


def scope_from_question(question: str, filters: SearchFilters | None) -> SummaryScope:
    """Provinces and period from the question (explicit filters win); the rest, minus asking words, is the topic."""
    parsed = filters_from_question(question.rstrip(" .?!…"))  # years_in misses a year right before a full stop
    if (month := _MONTH.search(fold(question))) and parsed.date_from is None:
        lo, hi = date_bounds(f"{month.group(2)}-{int(month.group(1)):02d}")
        parsed = replace(parsed, date_from=lo, date_to=hi)
    scope = merge(filters, parsed)
    places = "|".join(re.escape(fold(p)) for p in provinces_in(question))
    cuts = [_ASKING, _PERIOD] + ([re.compile(rf"\b(?:(?:cua|o|tai|voi|tinh)\s+)?(?:{places})\b")] if places else [])
    topic = strip_matches(question, cuts)
    generic = set(WORDS.findall(fold(topic))) <= _GENERIC
    return SummaryScope(scope.provinces, scope.date_from, scope.date_to, "" if generic else topic)


def _modifier(unit: str) -> str:
    """What a counted unit is of: "dữ liệu" in "cơ sở dữ liệu" and in "bộ dữ liệu mở"; "" when one word."""
    words = segment(unit)
    return fold(" ".join(words[1:]).replace("_", " ")) if len(words) > 1 else ""


def _names(modifier: str, unit: str) -> bool:
    return len(modifier.split()) > 1 and re.search(rf"\b{re.escape(modifier)}\b", fold(unit)) is not None


def _pairs(text: str) -> set[str]:
    words = WORDS.findall(fold(text))
    return {" ".join(words[i:i + 2]) for i in range(len(words) - 1)}


def same_indicator(f: Figure, g: Figure) -> bool:
    """Two values of one indicator: the same counted unit or what it is of; for rates, the same words before."""
    if f.value == g.value or (f.unit == "%") != (g.unit == "%"):
        return False
    if f.unit == "%":
        return len(_pairs(f.indicator) & _pairs(g.indicator)) >= 2
    return f.unit == g.unit or _names(_modifier(f.unit), g.unit) or _names(_modifier(g.unit), f.unit)


def _date_labels(chosen: list[Candidate]) -> list[str]:
    """A sentence's article date, where another one of the province gives the same indicator at another date."""
    labels = [""] * len(chosen)
    for i, u in enumerate(chosen):
        for j in range(i + 1, len(chosen)):
            v = chosen[j]
            if (u.article.province == v.article.province and u.article.date != v.article.date
                    and any(same_indicator(f, g) for f in u.figures for g in v.figures)):
                labels[i], labels[j] = date_label(u.article.date), date_label(v.article.date)
    return labels


def sentence_line(s: SummarySentence) -> str:
    """One summary sentence as shown: its date label, the sentence (first letter capitalised), its marker."""
    label = f"{s.date_label}: " if s.date_label else ""
    return f"{label}{s.text[:1].upper()}{s.text[1:]} [{s.citation}]"


def _source_labels(chosen: list[Candidate]) -> list[str]:
    """Over several provinces, every line says whose it is and when: "Thanh Hóa (5/2025)"; over one, only a
    figure given at two dates is dated."""
    if len({u.article.province for u in chosen}) < 2:
        return _date_labels(chosen)
    return [f"{province_label(u.article.province) if u.article.province else 'Không rõ tỉnh'}"
            f"{f' ({month_year(u.article.date)})' if u.article.date else ''}" for u in chosen]


def month_year(iso: str | None) -> str:
    """``2025-05-16`` → ``5/2025``; a year stays a year."""
    return short_date((iso or "")[:7])


def _years(scope: SummaryScope) -> tuple[int, int]:
    return (scope.date_from or 0) // 10000, (scope.date_to or 99999999) // 10000


def in_period(u: Candidate, scope: SummaryScope) -> bool:
    """The sentence reports the scope's period: a year it states, else one its paragraph stated before it, else
    its article's (implied) years."""
    if scope.date_from is None and scope.date_to is None:
        return True
    first, last = _years(scope)
    years = years_reported(u.text, u.article.text, u.start) or implied_years(u.article.date)
    return not years or any(first <= y <= last for y in years)


def says_period(u: Candidate, scope: SummaryScope) -> bool:
    """The sentence, or its paragraph before it, names a year of the scope ("năm 2023 đạt và vượt 43/51"): a
    result of the period, not only something published in it."""
    first, last = _years(scope)
    years = years_reported(u.text, u.article.text, u.start)
    return any(first <= y <= last for y in years)


def _assemble(chosen: list[Candidate]) -> tuple[list[SummarySentence], list[Citation], str]:
    """Ordered by theme, then date, then place in the article; cited in that order, one citation a sentence."""
    chosen = sorted(chosen, key=lambda u: (THEMES.index(u.theme), (u.article.date_range or (99999999,))[0],
                                         u.article.id, u.lo))
    sentences: list[SummarySentence] = []
    citations: dict[tuple[str, int], Citation] = {}
    for u, label in zip(chosen, _source_labels(chosen)):
        a = u.article
        cite = citations.setdefault((a.id, u.start), Citation(len(citations) + 1, a.id, a.title, a.date, a.province,
                                                              a.text[u.start:u.end], u.start, u.end))
        sentences.append(SummarySentence(u.theme, u.text, cite.number, label))
    blocks = ["\n".join([theme] + [f"- {sentence_line(s)}" for s in sentences if s.theme == theme])
              for theme in THEMES if any(s.theme == theme for s in sentences)]
    return sentences, list(citations.values()), "\n\n".join(blocks)


def _empty(scope: SummaryScope, text: str) -> Summary:
    return Summary(title_of(scope), scope, [], [], text)


def summarize(retriever: Retriever, scope: SummaryScope, max_chars: int) -> Summary:
    """The summary of the articles ``scope`` admits, at most ``max_chars``."""
    corpus = retriever.corpus
    published = replace(scope.filters, date_to=None)  # a later report may give the period's results
    articles = [a for a in corpus.ordered_articles() if published.admits(a.province, a.date_range)]
    found = [u for u in candidates(corpus, articles) if in_period(u, scope)]
    if not found:
        return _empty(scope, EMPTY_SCOPE)
    if scope.topic.strip():
        found = relevant(retriever, scope.topic, scope.filters, found)
    if scope.date_from is not None or scope.date_to is not None:  # what reports the period comes first
        found = [replace(u, relevance=u.relevance * STATED_PERIOD) if says_period(u, scope) else u for u in found]
    limit = max_chars * min(MAX_PROVINCES_LENGTH, max(1, len({u.article.province for u in found})))
    chosen = select(found, lambda picked: len(_assemble(picked)[2]) <= limit, corpus.stats)
    if not chosen:
        return _empty(scope, NO_TOPIC.format(scope.topic))
    sentences, citations, text = _assemble(chosen)
    files = {a.id: Path(a.path).name or f"{a.id}.txt" for a in articles}
    return Summary(title_of(scope), scope, sentences, citations, text, files)


def summarize_question(retriever: Retriever, question: str, filters: SearchFilters | None, trace: list[str],
                       max_chars: int) -> Answer:
    """The chat's route for "tóm tắt …" questions; a summary with no sentence is a refusal."""
    summary = summarize(retriever, scope_from_question(question, filters), max_chars)
    note = (f"tóm tắt / summary: {summary.title}; {len(summary.sentences)} câu từ "
            f"{len({c.article_id for c in summary.citations})} bài")
    return Answer(question, summary.text, not summary.sentences, summary.citations, [], question, trace + [note],
                  summary=True)


def reworded(summary: Summary, generator: Generator | None) -> Summary:
    """The summary's text in the model's words, each sentence verified against the citation it gives (as
    answers are); the extractive text when there is no model, it fails, or no sentence of its stands."""
    if generator is None or not summary.sentences:
        return summary
    sources = {c.number: grounding(c) for c in summary.citations}
    lines = "\n".join(sentence_line(s) for s in summary.sentences)
    try:
        checks = verified_sentences(generator, render("summary", title=summary.title, sentences=lines), sources)
    except GenerationFailed:
        return summary
    kept = [c.text for c in checks if c.kept]
    return replace(summary, text=" ".join(kept)) if kept else summary
