"""Comparisons: "So sánh A và B", "năm 2023 so với 2024": one line per side, each answered on its own.

Each side is a question of its own (the other sides' provinces or years taken out) searched within its own
filter; a side the reports do not cover says so, and the answer is refused only if no side is found.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from assistant.answering.accept import implied_years
from assistant.answering.compose import NOT_FOUND, Composer, refusal
from assistant.answering.evidence import Evidence
from assistant.answering.question import Kind, Question, analyse, counted_unit
from assistant.corpus import Corpus
from assistant.filters import period_start, provinces_answering, question_period, stated_years, years_in
from assistant.types import Answer
from index.normalize import fold
from index.types import SearchFilters

FindEvidence = Callable[[Question, SearchFilters], Evidence | None]
_RANGE = re.compile(r"(?:19|20)\d{2}\s*(?:-|–|đến|tới)\s*(?:năm\s+)?(?:19|20)\d{2}")
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_REFERS_BACK = re.compile(r"^(?:\w+\s+){1,2}(?:này|đó|trên)\b", re.IGNORECASE)  # "Kết quả này …": see the one before
_COMPARE_WORDS = re.compile(r"\b(so sánh|so với|khác nhau|chênh lệch)\b", re.IGNORECASE)


def _since(year: int | None) -> int | None:
    """Articles published from the start of ``year`` on may report it."""
    return year * 10000 + 101 if year else None


def side_periods(q: Question) -> dict[str, str]:
    """A period written right after a side's province: "Bình Định (tháng 5/2025) và Thanh Hóa (tháng 10/2023)"."""
    found = {}
    for province in q.provinces:
        if (m := re.search(re.escape(province) + r"\s*\(([^()]*\d{4}[^()]*)\)", q.text)) and question_period(m.group(1)):
            found[province] = m.group(1)
    return found


def compared_years(q: Question) -> list[int]:
    """The years a question sets side by side: those of a comparison, or the two of a count asked at two times
    ("bao nhiêu … vào tháng 10/2023 và vào giữa năm 2024"; a range "từ 2021 đến 2023" is one period)."""
    if q.kind is Kind.COMPARE and q.years and q.years[0] != q.years[1]:
        return list(q.years)
    if q.kind is Kind.COUNT and " và " in q.text and not _RANGE.search(q.text):
        years = sorted(stated_years(q.text) | set(years_in(q.text) or ()))
        return years if len(years) == 2 else []
    return []


def sides(corpus: Corpus, q: Question) -> list[tuple[str, SearchFilters]]:
    """Provinces or years to compare, each with the filter for its side; only sides the index covers."""
    years = compared_years(q)
    if q.kind is not Kind.COMPARE and not years:
        return []
    if len(q.provinces) > 1 and q.kind is Kind.COMPARE:
        since, own = _since(q.years[0] if q.years else None), side_periods(q)
        found = [(p, SearchFilters(provinces_answering((p,)), period_start(own[p]) if p in own else since))
                 for p in q.provinces]
    elif years:
        found = [(f"Năm {y}", SearchFilters(provinces_answering(q.provinces), _since(y))) for y in years]
    else:
        return []
    covered = [(label, f) for label, f in found if corpus.admitted(f)]
    return covered if len(covered) > 1 else []


def side_question(q: Question, label: str) -> Question:
    """One side of a comparison; comparisons are about figures unless the question asks otherwise."""
    text = _COMPARE_WORDS.sub("", q.text)
    if label.startswith("Năm "):  # the side's filter holds its year; "năm 2023" in a sentence is no evidence
        text = re.sub(r"(?:\bnăm\s+)?\b(?:19|20)\d{2}\b", "", text, flags=re.IGNORECASE)
    own = side_periods(q)
    for other in q.provinces:
        if other != label:
            text = re.sub(re.escape(other) + (r"\s*\(" + re.escape(own[other]) + r"\)" if other in own else ""),
                          "", text)
    side = analyse(re.sub(r"\s+(và|với)\s+(?=[\s?,]|$)", " ", text).strip())
    if label.startswith("Năm "):
        year = int(label.split()[1])
        side = replace(side, years=(year, year), provinces=q.provinces)
    elif label in own:
        side = replace(side, years=question_period(own[label]))
    if side.kind in (Kind.WHAT, Kind.COMPARE):
        asked = re.sub(r"^.*?\b(số lượng|số|tỷ lệ)\s", "bao nhiêu ", side.text, count=1, flags=re.IGNORECASE)
        side = replace(side, kind=Kind.COUNT, unit=counted_unit(asked))
    return side


def _years_mentioned(corpus: Corpus, ev: Evidence) -> set[int]:
    return {int(y) for y in _ANY_YEAR.findall(ev.sentence)} | implied_years(corpus.article(ev.article_id).date)


def _one_sentence(corpus: Corpus, q: Question, compared: list[tuple[str, SearchFilters]],
                  find: FindEvidence) -> Evidence | None:
    """For a comparison of years, one sentence that gives every year compared ("856 đơn vị, gấp 17,8 lần so với
    năm 2022 (48 đơn vị)"), if the best evidence for the whole question is such a sentence."""
    years = {int(label.split()[1]) for label, _ in compared if label.startswith("Năm ")}
    if len(years) != len(compared):
        return None
    best = find(q, SearchFilters(provinces_answering(q.provinces)))
    if best is None or _REFERS_BACK.match(best.sentence):  # its other figure is in the sentence it points back to
        return None
    return best if years <= _years_mentioned(corpus, best) else None


def compare(corpus: Corpus, q: Question, compared: list[tuple[str, SearchFilters]], find: FindEvidence,
            threshold: float, trace: list[str]) -> Answer:
    """One line per side: its label and its cited claim, or "các báo cáo không nêu"; for years, one sentence
    giving them all when there is one."""
    composer = Composer(corpus)
    if (whole := _one_sentence(corpus, q, compared, find)) is not None:
        trace.append("so sánh / comparison: một câu nêu đủ các năm / one sentence gives every year")
        return Answer(q.text, composer.claim(whole), False, composer.citations, [], q.text, trace)
    lines, found = [], 0
    for label, side_filter in compared:
        best = find(side_question(q, label), side_filter)
        if best is None:
            lines.append(f"{label}: các báo cáo không nêu.")
            continue
        found += 1
        claim = composer.claim(best)
        lines.append(claim if fold(claim).startswith(fold(label)) else f"{label}: {claim}")  # "Năm 2022: …" once
    if not found:
        return refusal(corpus, q, [], NOT_FOUND, threshold, trace)
    trace.append(f"so sánh / comparison: {', '.join(label for label, _ in compared)}")
    return Answer(q.text, "\n".join(lines), False, composer.citations, [], q.text, trace)
