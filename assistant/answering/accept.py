"""Accept: which evidence may answer. A sentence must score above the threshold and hold what the question asks
for (a number next to the counted unit, the person with the asked title, the ministry and names it names)."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answering import records
from assistant.answering.evidence import Evidence, has_atom, is_rate_only, mentions
from assistant.answering.question import Kind, Question, holds_title, ministry_forms, rankings_named
from assistant.corpus import Corpus
from assistant.filters import provinces_answering, years_reported
from assistant.terms import content_terms
from assistant.vocabulary import HEAD_NOUNS, QUALIFIER_GROUPS, UNIT_SYNONYMS
from index.abbreviations import expansions, long_form, with_expansions
from index.normalize import fold
from index.provinces import provinces_in
from index.reorganisation import related

_NEEDS_ATOM = {Kind.COUNT, Kind.WHEN, Kind.DIRECTIVE}
# Acronyms of three letters or more: two-letter ones ("KH", "CN") stand for too many things to refuse on.
_ACRONYM = re.compile(r"(?<![\w&/-])[A-ZĐ]{3,}\d*(?![\w&/-])")
CANDIDATES = 12  # best-scored sentences considered for the answer


def named_people(corpus: Corpus, ev: Evidence) -> set[str]:
    """Officials the sentence names: in full, or by a short form ("Đại tá Tấn") resolved at indexing."""
    return {n for n in corpus.people if n in ev.sentence} | {o.name for o in records.officials_in(corpus, ev)}


def _right_person(corpus: Corpus, q: Question, ev: Evidence) -> bool:
    """A "who" question that names a title needs someone in the evidence who holds exactly that title."""
    named = named_people(corpus, ev)
    return bool(named) and (not q.titles or any(holds_title(t, corpus.titles_of(n)) for t in q.titles for n in named))


def person_named(corpus: Corpus, noun: str) -> str | None:
    """The known official a name refers to, also when the question starts with the name and only its end reads
    as a name ("Đỗ Minh Tuấn giao…" → proper noun "Minh Tuấn")."""
    return next((p for p in sorted(corpus.people) if p == noun or p.endswith(" " + noun)), None)


def _names_unit(ev: Evidence, context: str, unit: str) -> bool:
    """The paragraph names what is counted (its first two words); or, for a longer unit such as "bộ dữ liệu
    mở", a number in the clause stands right before its last two words ("195 cơ sở dữ liệu"), unless what
    stands between is another thing figures count ("34 doanh nghiệp công nghệ số" are no "tổ công nghệ số")."""
    words = unit.split()
    context = with_expansions(context)  # "thủ tục" is named by "TTHC"
    if unit in ("", "%") or mentions(context, " ".join(words[:2])):
        return True
    if (long := long_form(words[0])) and mentions(context, long):  # "bao nhiêu DVCTT"
        return True
    synonyms = UNIT_SYNONYMS.get(" ".join(words[:2]), ()) or UNIT_SYNONYMS.get(words[0], ())
    if any(mentions(context, other) for other in synonyms):  # "bao nhiêu tiền" ~ "250 tỷ đồng"
        return True
    tail = r"\s+".join(map(re.escape, words[-2:]))
    found = re.search(r"\d[\d.,]*\s+((?:\w+\s+){0,2}?)" + tail, fold(ev.clause)) if len(words) > 2 else None
    return found is not None and found.group(1).strip() not in HEAD_NOUNS  # not "34 doanh nghiệp công nghệ"


def _mentions_organisation(article: str, org: str) -> bool:
    """The article names the ministry, as the question writes it or by the other form of its abbreviation."""
    return any(mentions(article, form) for form in ministry_forms(org))


def about_asked_place(corpus: Corpus, q: Question, ev: Evidence) -> bool:
    """Evidence about the province asked: a sentence naming it (or, for a 2025 province, one of its former
    provinces), or one naming no province in an article about it. A sentence naming only other provinces
    gives their figures, never the asked one's."""
    if not q.provinces:
        return True
    wanted = {r for p in q.provinces for r in (p, *related(p))}
    named = provinces_in(ev.sentence)
    if named:
        return any(p in wanted for p in named)
    return corpus.article(ev.article_id).province in wanted


def implied_years(iso_date: str | None) -> frozenset[int]:
    """The years a sentence that names none reports: its article's year, and the year before for an article
    of the first quarter (the season of annual reviews)."""
    if not iso_date:
        return frozenset()
    year = int(iso_date[:4])
    month = int(iso_date[5:7]) if len(iso_date) >= 7 else 12
    return frozenset({year, year - 1} if month <= 3 else {year})


def in_asked_period(corpus: Corpus, q: Question, ev: Evidence) -> bool:
    """Evidence reporting the period asked: a year the sentence states, else one its paragraph stated before
    it, else its article's (implied) years."""
    if not q.years:
        return True
    article = corpus.article(ev.article_id)
    years = years_reported(ev.sentence, article.text, ev.start) or implied_years(article.date)
    return not years or any(q.years[0] <= y <= q.years[1] for y in years)


def _heads(text: str) -> set[str]:
    folded = fold(with_expansions(text))
    return {h for h in HEAD_NOUNS if re.search(rf"\b{h}\b", folded)}


def same_head(q: Question, ev: Evidence, context: str) -> bool:
    """A rate or count answers only about what the question counts: "hồ sơ trực tuyến … bao nhiêu phần trăm" is
    not answered by "97% thủ tục hành chính". The paragraph names it, and the clause given names it or nothing
    else that figures count ("40.325 trường hợp" may count accounts)."""
    asked = _heads(q.text)
    if not asked:
        return True
    in_clause = _heads(ev.clause)
    return bool(asked & _heads(context)) and (bool(asked & in_clause) or not in_clause)


def names_acronyms(q: Question, ev: Evidence, context: str) -> bool:
    """A figure answers about "DTI" only from a sentence naming DTI (short or long form), not "ICT Index"; a
    sentence naming no other acronym may leave it to its paragraph or title ("43/51 chỉ tiêu" under a heading
    about "chỉ tiêu chuyển đổi số" answers "bao nhiêu chỉ tiêu CĐS")."""
    acronyms = set(_ACRONYM.findall(q.text))
    if not acronyms:
        return True
    sentence = with_expansions(ev.sentence)
    around = sentence if set(_ACRONYM.findall(ev.sentence)) - acronyms else with_expansions(context)
    return all(any(mentions(text, form) for form in (a, *expansions(a)) for text in (sentence, around))
               for a in acronyms)


def same_ranking(q: Question, ev: Evidence) -> bool:
    """A question about one ranking ("đứng thứ mấy về chỉ số chuyển đổi số") is not answered by a sentence
    about another ("ICT Index … 0,8485 điểm"); a sentence naming none is left to the other checks."""
    named = rankings_named(ev.sentence) if q.rankings else frozenset()
    return not named or bool(named & q.rankings)


def same_indicator(q: Question, ev: Evidence) -> bool:
    """The sentence counts what was asked, with the qualifier asked ("toàn trình", "đúng hạn", "cấp xã"), and
    the clause given as the answer does not count a rival of it instead ("một phần", "trễ hạn")."""
    asked_text = fold(q.text)
    for group in QUALIFIER_GROUPS:
        asked = [w for w in group if re.search(rf"\b{w}\b", asked_text)]
        if not asked:
            continue
        sentence, clause = fold(ev.sentence), fold(ev.clause)
        if not any(w in sentence for w in asked):
            return False
        if not any(w in clause for w in asked) and any(w in clause for w in group if w not in asked):
            return False
    return True


def acceptable(corpus: Corpus, q: Question, ev: Evidence, threshold: float) -> bool:
    if ev.score < threshold:
        return False
    if not (about_asked_place(corpus, q, ev) and in_asked_period(corpus, q, ev) and same_ranking(q, ev)):
        return False
    if q.kind in _NEEDS_ATOM and not has_atom(q.kind, ev.sentence, corpus.people, q.asks_day):
        return False
    article = corpus.article(ev.article_id)
    context = corpus.paragraph(ev.article_id, ev.start, ev.end)
    if q.kind is Kind.COUNT and not (_names_unit(ev, context, q.unit) and same_indicator(q, ev) and same_head(
            q, ev, context) and names_acronyms(q, ev, article.title + "\n" + context)):
        return False
    if q.kind is Kind.COUNT and q.unit not in ("", "%") and not q.asks_rate and is_rate_only(ev.clause):
        return False  # "bao nhiêu người" is not answered by "100% công dân"
    if q.kind is Kind.WHO and not _right_person(corpus, q, ev):
        return False
    if not all(_mentions_organisation(article.text, org) for org in q.organisations):
        return False
    return all(mentions(article.text if person_named(corpus, noun) else context, noun) for noun in q.proper_nouns)


def pick(corpus: Corpus, q: Question, evidence: list[Evidence], threshold: float) -> Evidence | None:
    """Best acceptable evidence; for "who" questions, a sentence whose official has the asked role wins."""
    boosted = [replace(ev, score=ev.score + records.bonus(corpus, q, ev)) for ev in evidence[:CANDIDATES]]
    accepted = [ev for ev in boosted if acceptable(corpus, q, ev, threshold)]
    role = q.role if q.kind is Kind.WHO else None
    in_role = [ev for ev in accepted if role and records.has_role(corpus, ev, role)] or accepted
    if q.kind is Kind.WHO and at_place(q):  # "ai chủ trì ở điểm cầu Bắc Giang": the one the sentence puts there
        in_role = [ev for ev in in_role if set(provinces_in(ev.sentence)) & set(q.provinces)] or in_role
    return max(in_role, key=lambda ev: ev.score, default=None)


def at_place(q: Question) -> bool:
    """The question asks who acted at a province ("ở điểm cầu Bắc Giang", "tại tỉnh X"), not only about it."""
    folded = fold(q.text)
    return any(re.search(rf"\b(?:o|tai)\s+(?:diem cau\s+)?(?:tinh\s+|thanh pho\s+|tp\s+)?{re.escape(fold(p))}\b",
                         folded) for p in q.provinces)


def unknown_provinces(corpus: Corpus, q: Question) -> list[str]:
    """Provinces the question names that no article is about (nor, for a 2025 province, its former ones)."""
    return [p for p in q.provinces if not set(provinces_answering((p,))) & corpus.provinces]


def unknown_acronyms(corpus: Corpus, q: Question) -> list[str]:
    """Acronyms of the question ("THCS") that no article uses, in short or long form: nothing can answer."""
    unknown = []
    for acronym in dict.fromkeys(_ACRONYM.findall(q.text)):
        forms = [content_terms(form) for form in [acronym, *expansions(acronym)]]
        if not any(terms and all(corpus.stats.df.get(t) for t in terms) for terms in forms):
            unknown.append(acronym)
    return unknown


def out_of_corpus(corpus: Corpus, q: Question) -> list[str]:
    """What the question names that the reports never mention (a province, an acronym): nothing can answer it."""
    return unknown_provinces(corpus, q) or unknown_acronyms(corpus, q)
