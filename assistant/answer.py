"""Grounded answers: short, exact, cited; honest refusals; comparisons side by side.

The default answerer is extractive and needs no LLM: it picks the sentence (and the clause of it) that
answers, cites it, and refuses when the evidence is too weak. A generative backend would plug in at
``compose`` behind the same Answer type.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant import structured
from assistant.chat import Turn, resolve
from assistant.evidence import MAX_CLAUSE, Evidence, candidates, has_atom, is_rate_only, mentions
from assistant.generate import generated_answer
from assistant.grounding import ungrounded_claims
from assistant.question import (Kind, Question, analyse, asks_position, asks_rate, content_terms, counted_unit,
                                holds_title, ministry_forms)
from assistant.types import Answer, Citation, Passage
from index.abbreviations import expansions, long_form
from index.chunk import sentence_spans
from index.normalize import fold
from index.types import SearchFilters

if TYPE_CHECKING:
    from assistant.api import Assistant

NOT_FOUND = "Các báo cáo hiện có không nêu thông tin này."
NOT_GROUNDED = "Không thể trích dẫn chính xác câu trả lời từ các báo cáo."
_COMPARE_WORDS = re.compile(r"\b(so sánh|so với|khác nhau|chênh lệch)\b", re.IGNORECASE)
_NEEDS_ATOM = {Kind.COUNT, Kind.WHEN, Kind.DIRECTIVE, Kind.WHO}


def _sentence_case(text: str) -> str:
    text = text.strip().rstrip(".;,: ")
    return text[:1].upper() + text[1:]


class _Composer:
    """Numbers citations as they are used and keeps the quoted sentence of each."""

    def __init__(self, assistant: "Assistant"):
        self.assistant = assistant
        self.citations: list[Citation] = []

    def cite(self, ev: Evidence) -> int:
        for c in self.citations:
            if (c.article_id, c.start) == (ev.article_id, ev.start):
                return c.number
        art = self.assistant.article(ev.article_id)
        self.citations.append(Citation(len(self.citations) + 1, art.id, art.title, art.date, art.province,
                                        ev.sentence, ev.start, ev.end))
        return len(self.citations)


def _paragraph(assistant: "Assistant", ev: Evidence) -> str:
    text = assistant.article(ev.article_id).text
    return text[text.rfind("\n", 0, ev.start) + 1: (text.find("\n", ev.end) + 1 or len(text) + 1) - 1]


def _named(assistant: "Assistant", ev: Evidence) -> set[str]:
    """Officials the sentence names: in full, or by a short form ("Đại tá Tấn") resolved at indexing."""
    return {n for n in assistant.people if n in ev.sentence} | \
        {o["name"] for o in structured.records_in(assistant, "officials", ev)}


def _right_person(assistant: "Assistant", q: Question, ev: Evidence) -> bool:
    """A "who" question that names a title needs someone in the evidence who holds exactly that title."""
    named = _named(assistant, ev)
    return bool(named) and (not q.titles or any(holds_title(t, assistant.titles_of(n))
                                                for t in q.titles for n in named))


def _acceptable(assistant: "Assistant", q: Question, ev: Evidence, threshold: float) -> bool:
    if ev.score < threshold:
        return False
    if q.kind in _NEEDS_ATOM - {Kind.WHO} and not has_atom(q.kind, ev.sentence, assistant.people):
        return False
    context = _paragraph(assistant, ev)
    if q.kind is Kind.COUNT and not _names_unit(ev, context, q.unit):
        return False
    if q.kind is Kind.COUNT and q.unit not in ("", "%") and not asks_rate(q.text) and is_rate_only(ev.clause):
        return False  # "bao nhiêu người" is not answered by "100% công dân"
    if q.kind is Kind.WHO and not _right_person(assistant, q, ev):
        return False
    article = assistant.article(ev.article_id).text
    if not all(_mentions_organisation(article, org) for org in q.organisations):
        return False
    return all(mentions(article if _person_named(assistant, noun) else context, noun) for noun in q.proper_nouns)


def _person_named(assistant: "Assistant", noun: str) -> str | None:
    """The known official a name refers to, also when the question starts with the name and only its end reads
    as a name ("Đỗ Minh Tuấn giao…" → proper noun "Minh Tuấn")."""
    return next((p for p in sorted(assistant.people) if p == noun or p.endswith(" " + noun)), None)


def _names_unit(ev: Evidence, context: str, unit: str) -> bool:
    """The paragraph names what is counted (its first two words); or, for a longer unit such as "bộ dữ liệu
    mở", a number in the clause stands right before its last two words ("195 cơ sở dữ liệu")."""
    words = unit.split()
    if unit in ("", "%") or mentions(context, " ".join(words[:2])):
        return True
    if (long := long_form(words[0])) and mentions(context, long):  # "bao nhiêu DVCTT"
        return True
    tail = r"\s+".join(map(re.escape, words[-2:]))
    return len(words) > 2 and bool(re.search(r"\d[\d.,]*\s+(?:\w+\s+){0,2}?" + tail, fold(ev.clause)))


def _mentions_organisation(article: str, org: str) -> bool:
    """The article names the ministry, as the question writes it or by the other form of its abbreviation."""
    return any(mentions(article, form) for form in ministry_forms(org))


def _retrieve(assistant: "Assistant", q: Question, filters: SearchFilters | None) -> list[Passage]:
    """The retrieved passages, then any chunk the structured facts point to that retrieval missed."""
    passages = assistant.retriever.search(q.text, assistant.settings.answer_passages, filters)
    return passages + structured.role_passages(assistant, q, filters, {p.chunk_id for p in passages})


def _evidence(assistant: "Assistant", q: Question, passages: list[Passage]) -> list[Evidence]:
    return candidates(q, passages, assistant.snapshot.articles, assistant.stats, assistant.people)


def _shown_passages(assistant: "Assistant", passages: list[Passage], evidence: list[Evidence]) -> list[Passage]:
    """The answer's passages: those read for evidence, reranked by their best sentence, the first top_k."""
    settings = assistant.settings
    if settings.answer_passages < settings.top_k:
        return []
    best: dict[int, float] = {}
    for ev in evidence:
        best[ev.rank] = max(best.get(ev.rank, ev.score), ev.score)
    order = sorted(range(len(passages)), key=lambda i: -best.get(i, float("-inf")))
    return [passages[i] for i in order][:settings.top_k]


def _pick(assistant: "Assistant", q: Question, evidence: list[Evidence],
          threshold: float | None = None) -> Evidence | None:
    """Best acceptable evidence; for "who" questions, a sentence whose official has the asked role wins."""
    threshold = assistant.settings.evidence_threshold if threshold is None else threshold
    boosted = [replace(ev, score=ev.score + structured.bonus(assistant, q, ev)) for ev in evidence[:12]]
    accepted = [ev for ev in boosted if _acceptable(assistant, q, ev, threshold)]
    role = structured.asked_role(q) if q.kind is Kind.WHO else None
    in_role = [ev for ev in accepted if role and structured.has_role(assistant, ev, role)]
    return max(in_role or accepted, key=lambda ev: ev.score, default=None)


def evidence_strength(assistant: "Assistant", resolved: str, filters: SearchFilters | None = None) -> float:
    """Score of the best evidence that passes every check but the threshold (0 if none): for calibration."""
    q = analyse(resolved)
    if _unknown_provinces(assistant, q) or _unknown_acronyms(assistant, q):
        return 0.0
    best = _pick(assistant, q, _evidence(assistant, q, _retrieve(assistant, q, filters)), threshold=0.0)
    return best.score if best else 0.0


def _claim(ev: Evidence, composer: _Composer) -> str:
    return f"{_sentence_case(ev.clause)} [{composer.cite(ev)}]."


def _span_evidence(assistant: "Assistant", article_id: str, start: int, end: int, score: float,
                   rank: int = 0) -> Evidence:
    """A whole sentence of an article as evidence (its clause cut to MAX_CLAUSE)."""
    sentence = assistant.article(article_id).text[start:end]
    return Evidence(article_id, start, end, sentence, sentence[:MAX_CLAUSE], score, rank)


def _record_evidence(assistant: "Assistant", record: structured.Record, score: float) -> Evidence:
    return _span_evidence(assistant, record["article_id"], record["start"], record["end"], score)


def _directive_claim(assistant: "Assistant", q: Question, ev: Evidence, composer: _Composer) -> str | None:
    """The directive the sentence names that answers, in its own words, cited with every article stating it."""
    record, match = structured.best_directive(assistant, q, ev)
    if record is None or match <= 0 or not (record.get("issuer") or record.get("subject") or record.get("date")):
        return None
    numbers = [composer.cite(ev)]
    for other in structured.corroborating(assistant, record):
        numbers.append(composer.cite(_record_evidence(assistant, other, ev.score)))
    marks = "".join(f"[{n}]" for n in dict.fromkeys(numbers))
    return f"{_sentence_case(structured.directive_text(record))} {marks}."


def _refusal(assistant: "Assistant", q: Question, evidence: list[Evidence], why: str, trace: list[str]) -> Answer:
    composer = _Composer(assistant)
    text = why
    close = next((ev for ev in evidence if ev.score >= assistant.settings.evidence_threshold / 2), None)
    if close:
        quote = _sentence_case(close.clause)
        text += f" Thông tin gần nhất trong báo cáo: “{quote}” [{composer.cite(close)}]."
    trace.append(f"từ chối / refused: {why}")
    return Answer(q.text, text, True, composer.citations, [], q.text, trace)


def _position_answer(assistant: "Assistant", q: Question, evidence: list[Evidence],
                     passages: list[Passage], trace: list[str]) -> Answer | None:
    """ "Ông X dự với cương vị gì?": X's titles as the report gives them, from the officials records."""
    person = next(filter(None, (_person_named(assistant, noun) for noun in q.proper_nouns)), None)
    record = structured.position_record(assistant, person, evidence) if person else None
    if record is None or not record["titles"]:
        return None
    composer = _Composer(assistant)
    number = composer.cite(_record_evidence(assistant, record, 1.0))
    trace.append(f"chức vụ / positions: {person} @{record['article_id']}:{record['start']}")
    text = f"{person}: {', '.join(record['titles'])} [{number}]."
    return Answer(q.text, text, False, composer.citations, _shown_passages(assistant, passages, evidence),
                  q.text, trace)


_SAID = re.compile(r"(?:nhấn mạnh|cho biết|khẳng định|nêu rõ|kết luận|đề nghị|phát biểu|chỉ đạo|yêu cầu)\s*:?\s*$",
                   re.IGNORECASE)


def _what_was_said(assistant: "Assistant", ev: Evidence) -> Evidence | None:
    """What follows a clause that ends introducing a statement ("… Đỗ Hữu Quyết nhấn mạnh:"): the rest of
    the sentence, cut at a phrase end near MAX_CLAUSE, or else the next sentence."""
    if not _SAID.search(ev.clause):
        return None
    rest = ev.sentence[ev.sentence.find(ev.clause) + len(ev.clause):].lstrip(" :")
    if rest:
        cut = rest if len(rest) <= MAX_CLAUSE else rest[:max(rest.rfind(",", 0, MAX_CLAUSE), MAX_CLAUSE // 2)]
        return replace(ev, clause=cut)
    text = assistant.article(ev.article_id).text
    spans = sentence_spans(text, ev.end, min(len(text), ev.end + 2000))
    if not spans:
        return None
    return _span_evidence(assistant, ev.article_id, *spans[0], ev.score, ev.rank)


def _single(assistant: "Assistant", q: Question, filters: SearchFilters | None, trace: list[str]) -> Answer:
    passages = _retrieve(assistant, q, filters)
    evidence = _evidence(assistant, q, passages)
    if asks_position(q.text) and (answer := _position_answer(assistant, q, evidence, passages, trace)):
        return answer
    best = _pick(assistant, q, evidence)
    if best is None:
        refusal = _refusal(assistant, q, evidence, NOT_FOUND, trace)
        refusal.passages = _shown_passages(assistant, passages, evidence)
        return refusal
    trace.append(f"bằng chứng / evidence: {best.article_id} @{best.start} (điểm {best.score:.2f})")
    composer = _Composer(assistant)
    text = (_directive_claim(assistant, q, best, composer) if structured.about_directive(q) else None) \
        or _claim(best, composer)
    if q.kind is not Kind.WHO and (following := _what_was_said(assistant, best)) is not None:
        text = f"{text[:text.rfind(' [')]}: {following.clause.rstrip(' .;,')} [{composer.cite(following)}]." \
            if following.start == best.start else f"{text} {_claim(following, composer)}"
    if assistant.generator is not None:
        quotes = {c.number: c.quote for c in composer.citations}
        worded = generated_answer(assistant.generator, q.text, quotes, assistant.people)
        trace.append("câu chữ / wording: " + ("generator" if worded else "extractive (generator reply rejected)"))
        text = worded or text
    shown = _shown_passages(assistant, passages, evidence)
    return Answer(q.text, text, False, composer.citations, shown, q.text, trace)


def _year_filter(years: tuple[int, int] | None) -> SearchFilters:
    if not years:
        return SearchFilters()
    return SearchFilters(date_from=years[0] * 10000 + 101, date_to=years[1] * 10000 + 1231)


def _sides(assistant: "Assistant", q: Question) -> list[tuple[str, SearchFilters]]:
    """Provinces or years to compare, each with the filter for its side; only sides the index covers."""
    if len(q.provinces) > 1:
        period = _year_filter(q.years)
        sides = [(p, SearchFilters((p,), period.date_from, period.date_to)) for p in q.provinces]
    elif q.years and q.years[0] != q.years[1]:
        sides = [(f"Năm {y}", replace(_year_filter((y, y)), provinces=q.provinces)) for y in q.years]
    else:
        return []
    covered = [(label, f) for label, f in sides
               if any(f.admits(a.province, a.date_range) for a in assistant.snapshot.articles.values())]
    return covered if len(covered) > 1 else []


def _side_question(q: Question, label: str) -> Question:
    """One side of a comparison; comparisons are about figures unless the question asks otherwise."""
    text = _COMPARE_WORDS.sub("", q.text)
    if label.startswith("Năm "):  # the side's filter holds its year; "năm 2023" in a sentence is no evidence
        text = re.sub(r"(?:\bnăm\s+)?\b(?:19|20)\d{2}\b", "", text, flags=re.IGNORECASE)
    for other in q.provinces:
        if other != label:
            text = re.sub(re.escape(other), "", text)
    side = analyse(re.sub(r"\s+(và|với)\s+(?=[\s?,]|$)", " ", text).strip())
    if side.kind in (Kind.WHAT, Kind.COMPARE):
        unit = counted_unit(re.sub(r"^.*?\b(số lượng|số|tỷ lệ)\s", "bao nhiêu ", side.text, count=1, flags=re.IGNORECASE))
        side = replace(side, kind=Kind.COUNT, unit=unit)
    return side


def _compare(assistant: "Assistant", q: Question, sides: list[tuple[str, SearchFilters]],
             trace: list[str]) -> Answer:
    composer = _Composer(assistant)
    lines, found = [], 0
    for label, side_filter in sides:
        side_q = _side_question(q, label)
        best = _pick(assistant, side_q, _evidence(assistant, side_q, _retrieve(assistant, side_q, side_filter)))
        if best is None:
            lines.append(f"{label}: các báo cáo không nêu.")
            continue
        found += 1
        lines.append(f"{label}: {_claim(best, composer)}")
    if not found:
        return _refusal(assistant, q, [], NOT_FOUND, trace)
    trace.append(f"so sánh / comparison: {', '.join(label for label, _ in sides)}")
    return Answer(q.text, "\n".join(lines), False, composer.citations, [], q.text, trace)


def _unknown_provinces(assistant: "Assistant", q: Question) -> list[str]:
    known = {a.province for a in assistant.snapshot.articles.values()}
    return [p for p in q.provinces if p not in known]


_ACRONYM = re.compile(r"(?<![\w&/-])[A-ZĐ]{2,}\d*(?![\w&/-])")


def _unknown_acronyms(assistant: "Assistant", q: Question) -> list[str]:
    """Acronyms of the question ("THCS") that no article uses, in short or long form: nothing can answer."""
    unknown = []
    for acronym in dict.fromkeys(_ACRONYM.findall(q.text)):
        forms = [content_terms(form) for form in [acronym, *expansions(acronym)]]
        if not any(terms and all(assistant.stats.df.get(t) for t in terms) for terms in forms):
            unknown.append(acronym)
    return unknown


def answer_resolved(assistant: "Assistant", resolved: str, filters: SearchFilters | None,
                    trace: list[str]) -> Answer:
    q = analyse(resolved)
    trace.append(f"loại câu hỏi / question type: {q.kind.value}")
    if missing := _unknown_provinces(assistant, q) or _unknown_acronyms(assistant, q):
        why = f"Các báo cáo hiện có không có thông tin về {', '.join(missing)}."
        return _refusal(assistant, q, [], why, trace)
    if q.kind is Kind.SUMMARY and hasattr(assistant, "summarize_question"):
        return assistant.summarize_question(resolved, filters, trace)
    sides = _sides(assistant, q) if q.kind is Kind.COMPARE else []
    if sides:
        answer = _compare(assistant, q, sides, trace)
    else:
        answer = _single(assistant, q, filters, trace)
    quotes = {c.number: c.quote for c in answer.citations}
    labels = tuple(label for label, _ in sides) if q.kind is Kind.COMPARE and sides else ()
    if not answer.refused and ungrounded_claims(answer.text, quotes, assistant.people, labels):
        return _refusal(assistant, q, [], NOT_GROUNDED, trace)
    return answer


def _people_of(assistant: "Assistant", answer: Answer) -> Turn:
    named = sorted((n for n in assistant.people if n in answer.text), key=answer.text.find)
    titles = {n: assistant.titles_of(n) for n in named}
    return Turn(answer.resolved_question, named, titles)


def resolve_in_conversation(assistant: "Assistant", question: str, history: list[str],
                            filters: SearchFilters | None) -> str:
    """Replay the earlier questions (their answers name the people "ông ấy" refers to), then resolve."""
    turns: list[Turn] = []
    for earlier in history[-assistant.settings.history_turns:] if assistant.settings.history_turns else []:
        earlier_resolved = resolve(earlier, turns)
        turns.append(_people_of(assistant, answer_resolved(assistant, earlier_resolved, filters, [])))
    return resolve(question, turns)


def answer_question(assistant: "Assistant", question: str, history: list[str],
                    filters: SearchFilters | None) -> Answer:
    resolved = resolve_in_conversation(assistant, question, history, filters)
    trace = [f"câu hỏi đã hiểu / resolved question: {resolved}"]
    answer = answer_resolved(assistant, resolved, filters, trace)
    answer.question = question
    answer.resolved_question = resolved
    if not answer.passages:  # comparisons, summaries and early refusals did not read one ranked list
        answer.passages = assistant.retriever.search(resolved, assistant.settings.top_k, filters)
    return answer
