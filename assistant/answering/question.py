"""What a question asks, analysed once: its type, content terms, the entities, period and unit it names, and
what kind of answer it wants (a position, a list, a rate, a role, a kind of document). Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from assistant.answering.atoms import CODE, DATE
from assistant.filters import question_period
from assistant.terms import content_terms
from assistant.vocabulary import (ASKED_ROLES, DOC_KINDS, DOC_SHORTHAND, MINISTRIES, NAMED_LABEL_WORDS, ORGANISATION_HEADS,
                                  PHRASE_SYNONYMS, RANKINGS, RATE_TERMS, TITLES, UNIT_STOPS)
from index.abbreviations import expansions
from index.normalize import fold
from index.provinces import provinces_in


class Kind(str, Enum):
    WHO = "ai"
    COUNT = "bao nhiêu"
    WHEN = "khi nào"
    DIRECTIVE = "văn bản nào"
    COMPARE = "so sánh"
    SUMMARY = "tóm tắt"
    WHAT = "gì / thế nào"


_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = [
    (Kind.SUMMARY, re.compile(r"\b(tom tat|diem lai|tong hop|tong quan|noi dung chinh|dang chu y|ban tin)\b")),
    (Kind.COMPARE, re.compile(r"\b(so sanh|so voi|khac nhau|chenh lech|chenh nhau|thay doi the nao|thay doi ra sao"
                              r"|tang hay giam|tang hoac giam)\b")),
    (Kind.DIRECTIVE, re.compile(r"\b(van ban|quyet dinh|nghi quyet|chi thi|ke hoach|cong van)\s+(nao|so may|so)\b"
                                r"|\b(nghi quyet|chi thi|quyet dinh|van ban)(?:\s+(?!nay\b|do\b)[a-z]+){1,2}\s+nao\b"
                                r"|\bso hieu\b|\bla van ban nao\b")),
    (Kind.WHO, re.compile(r"(^|\s)(ai|la ai|do ai)(\s|\?|$)|\bten (la )?gi\b|\bho (va )?ten\b|\b(nguoi|lanh dao|can bo|dong chi|ong|ba|vi)(\s+(?!the\b)\S+){0,3}?\s+nao\b"
                          r"|\b(thu truong|chu tich|giam doc|bi thu|cuc truong|truong doan)\s+(\S+\s+){0,3}nao\b")),
    (Kind.WHEN, re.compile(r"\b(khi nao|ngay nao|bao gio|thoi diem nao|thang nao|nam nao|luc nao"
                           r"|ngay bao nhieu|ngay may)\b")),
    (Kind.COUNT, re.compile(r"\b(bao nhieu|may|ty le|phan tram|so luong|bao xa)\b")),
]
_MINISTRY = re.compile(r"(?<!\w)Bộ\s+(" + "|".join(sorted(map(re.escape, MINISTRIES), key=len, reverse=True))
                       + r")(?![\w&])", re.IGNORECASE)


def ministries(text: str) -> tuple[str, ...]:
    """Ministries a question names ("Bộ Công an", "Bộ TT&TT"), as written."""
    return tuple(dict.fromkeys(m.group(0) for m in _MINISTRY.finditer(text)))


def ministry_forms(ministry: str) -> list[str]:
    """A ministry as written and by the other form of its abbreviation ("Bộ TT&TT", "Bộ thông tin và …")."""
    return [ministry, *("Bộ " + long for long in expansions(ministry))]


@dataclass(frozen=True)
class Question:
    text: str
    kind: Kind
    terms: tuple[str, ...]  # folded content words and syllables
    provinces: tuple[str, ...]
    years: tuple[int, int] | None  # the period asked about (first and last year)
    proper_nouns: tuple[str, ...]  # capitalised names other than provinces, as written
    titles: tuple[str, ...]  # titles asked about, folded ("bi thu", "thu truong")
    unit: str = ""  # folded words of what "bao nhiêu …" counts: "camera", "co so du lieu"
    organisations: tuple[str, ...] = ()  # ministries named: the evidence's article must be about them
    role: str | None = None  # event role asked about ("ai chủ trì" → "chủ trì")
    doc_kind: str | None = None  # kind of document asked for, folded ("quyet dinh")
    labels: tuple[str, ...] = ()  # numbers that name something ("mức độ 2"): evidence must say the same
    dates: tuple[str, ...] = ()  # dates written in the question ("16/5")
    codes: tuple[str, ...] = ()  # document codes written in the question ("57-NQ/TW")
    asks_position: bool = False  # "với cương vị gì", "giữ chức vụ nào"
    asks_list: bool = False  # "những vướng mắc gì"
    asks_rate: bool = False  # "tỷ lệ", "bao nhiêu phần trăm"
    asks_definition: bool = False  # "Nghị quyết 57 là gì?": a named document's title, issuer and date
    asks_day: bool = False  # "ngày nào", "ngày mấy": a day and month, a year alone does not answer
    units: tuple[str, ...] = ()  # "bao nhiêu xã, phường": each thing counted, folded ("xa", "phuong")
    rankings: frozenset[str] = frozenset()  # rankings of provinces asked about ("DTI"): no other one answers
    # The question's terms of a phrase reports also write otherwise, with the terms of each other writing
    synonyms: tuple[tuple[frozenset[str], tuple[frozenset[str], ...]], ...] = ()

    @property
    def about_directive(self) -> bool:
        """A "văn bản nào" question, or one that names a document code and asks when, who or what of it."""
        return self.kind is Kind.DIRECTIVE or (self.kind in (Kind.WHEN, Kind.WHO, Kind.WHAT) and bool(self.codes))


def kind_of(text: str) -> Kind:
    folded = fold(text)
    kinds = [kind for kind, pattern in _PATTERNS if pattern.search(folded)]
    if len(provinces_in(text)) > 1 and Kind.SUMMARY not in kinds:
        return Kind.COMPARE
    return kinds[0] if kinds else Kind.WHAT


def proper_nouns(text: str) -> list[str]:
    """Runs of two or more capitalised words (not sentence-initial, not an organisation head, no province).

    A run ends at punctuation or quotes, so “3 Không” or "VNeID, Trong đó" are not names.
    """
    found, run = [], []

    def close() -> None:
        if len(run) >= 2:
            found.append(" ".join(run))
        run.clear()

    for i, word in enumerate(text.split()):
        clean = word.strip(",.;:()“”\"?!")
        if i > 0 and clean[:1].isupper() and not clean.isupper() and (run or clean.lower() not in ORGANISATION_HEADS) \
                and not word[:1] in "“\"(":
            run.append(clean)
        else:
            close()
        if clean != word.rstrip("“”\"") or word[-1:] in "”\"":
            close()
    close()
    return [n for n in found if not provinces_in(n)]


def asked_titles(text: str) -> tuple[str, ...]:
    """Titles a question names, folded; "phó chủ tịch" is kept apart from "chủ tịch"."""
    folded = f" {fold(text)} "
    found = [fold(t) for t in TITLES if f" {fold(t)} " in folded]
    return tuple(t for t in found if not any(t != o and t in o for o in found))


def holds_title(asked: str, titles: list[str]) -> bool:
    """Whether a person's titles include the asked one exactly ("phó chủ tịch" is not "chủ tịch")."""
    for title in map(fold, titles):
        if re.search(r"(^|\s)(pho\s+)?" + re.escape(asked) + r"\b", title):
            deputy = re.search(r"(^|\s)pho\s+" + re.escape(asked), title)
            if asked.startswith("pho") or not deputy:
                return True
    return False


_COUNTED = re.compile(r"\b(?:bao nhieu|may|ty le)\s+([a-z]+(?:\s+[a-z]+){0,2})")


def counted_unit(text: str) -> str:
    """The noun a count question asks about: "bao nhiêu cơ sở dữ liệu" → "co so du"; "%" for "tỷ lệ bao nhiêu"."""
    folded = fold(text)
    if re.search(r"\b(?:ty le|phan tram)\s+(?:(?:la|dat)\s+)?(?:bao nhieu|may)\b", folded):
        return "%"
    m = _COUNTED.search(folded)
    if not m:
        return ""
    words = m.group(1).split()
    if words[:2] == ["phan", "tram"]:
        return "%"
    cut = next((i for i, w in enumerate(words) if w in UNIT_STOPS), len(words))  # "bao nhiêu mỗi tháng": none
    return " ".join(words[:cut])


_LISTED = re.compile(r"\b(?:bao nhieu|may)\s+([a-z]+)((?:\s*(?:,|\bva\b)\s*[a-z]+)+)\s*(?:[?.!]|$)")


def counted_units(text: str) -> tuple[str, ...]:
    """The things a count asks for one by one ("bao nhiêu xã, phường?" → xa, phuong); () for one thing."""
    m = _LISTED.search(fold(text))
    if not m:
        return ()
    units = [m.group(1), *(w for w in re.split(r"\s*(?:,|\bva\b)\s*", m.group(2)) if w)]
    return tuple(units) if len(units) > 1 and not set(units) & UNIT_STOPS else ()


def asks_position(text: str) -> bool:
    """Whether the question asks for someone's posts or rank ("với cương vị gì", "giữ chức vụ nào")."""
    return bool(re.search(r"\b(cuong vi|chuc vu|chuc danh|giu chuc|ham cap|cap ham|cap bac)\b", fold(text)))


def asks_definition(text: str) -> bool:
    """ "Nghị quyết 57 là gì?", "Đề án 06 là văn bản gì?": what a named document is."""
    named = labelled_numbers(text) or CODE.search(text)
    return bool(named) and bool(re.search(r"\bla (?:gi|van ban gi|van ban nao|gi vay)\s*[?.!]*$", fold(text.strip())))


def asks_day(text: str) -> bool:
    """ "Ngày nào", "ngày mấy", "ngày bao nhiêu", "hôm nào": a day is asked, not a year."""
    return bool(re.search(r"\b(?:ngay|hom)\s+(?:nao|may|bao nhieu)\b", fold(text)))


def asks_list(text: str) -> bool:
    """Whether the question asks for several things ("những vướng mắc gì", "các giải pháp nào")."""
    return bool(re.search(r"\b(nhung|cac|mot so)\s+\w+(?:\s+\w+){0,2}\s+(gi|nao)\b", fold(text)))


def asks_rate(text: str) -> bool:
    """Whether the question asks for a rate or share ("tỷ lệ", "bao nhiêu phần trăm")."""
    return "%" in text or bool(re.search(r"\b(ty le|phan tram|chiem)\b", fold(text)))


_ASKED_KIND = re.compile(r"\b(" + "|".join(DOC_KINDS) + r")(?:\s+\w+){0,3}?\s+(?:nao|so may|so bao nhieu)\b")
_LABELLED = re.compile(r"(?:" + "|".join(NAMED_LABEL_WORDS) + r")\s+(?:số\s+)?\d+(?![\d/.,-])", re.IGNORECASE)


def asked_role(text: str) -> str | None:
    """The role a "who" question asks about ("ai chủ trì" → "chủ trì"), if any."""
    folded = fold(text)
    return next((role for words, role in ASKED_ROLES if re.search(rf"\b{words}\b", folded)), None)


def asked_doc_kind(text: str) -> str | None:
    """The kind of document a "văn bản nào" question asks for, folded ("quyet dinh"), if it names one."""
    m = _ASKED_KIND.search(fold(text))
    return m.group(1) if m else None


def labelled_numbers(text: str) -> list[str]:
    """Numbers that name something ("mức độ 2", "Đề án 06"): a sentence answering must say the same."""
    return [m.group(0) for m in _LABELLED.finditer(text)]


_PLAIN = re.compile(r"[^()|?\\]+")  # a member written as words, not as a pattern


@lru_cache(maxsize=None)
def _writings(group: tuple[str, ...], member: str) -> tuple[frozenset[str], ...]:
    """The terms of each other plain writing of ``member``'s group (segmented once, not for every question)."""
    return tuple(frozenset(content_terms(o)) for o in group if o != member and _PLAIN.fullmatch(o))


def phrase_synonyms(text: str, terms: tuple[str, ...]) -> tuple[tuple[frozenset[str], tuple[frozenset[str], ...]], ...]:
    """For each phrase of ``text`` that reports also write otherwise ("hoàn thành" ~ "đạt"): the question's
    ``terms`` of it, and the terms of each other writing (a sentence holding all of one covers the phrase)."""
    folded, found = fold(text), []
    for group in PHRASE_SYNONYMS:
        for member in group:
            if m := re.search(rf"\b{fold(member)}\b", folded):
                words = set(m.group(0).split())
                found.append((frozenset(t for t in terms if set(t.split("_")) <= words), _writings(group, member)))
                break
    return tuple(found)


def rankings_named(text: str) -> frozenset[str]:
    """The rankings of provinces ``text`` names, in any of their forms ("Chỉ số chuyển đổi số" → DTI)."""
    folded = fold(text)
    return frozenset(name for name, forms in RANKINGS.items() if any(re.search(rf"\b{f}\b", folded) for f in forms))


def _without(text: str, names: list[str]) -> str:
    for name in names:
        text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
    return text


_SHORT_NUMBERED = re.compile(r"(?<![\w/-])(" + "|".join(DOC_SHORTHAND) + r")\s*(\d+)(?![\w/-])")


def spelled_out(text: str) -> str:
    """Document shorthand spelled out: "NQ57" → "Nghị quyết 57", "QĐ 06" → "Quyết định 06"."""
    return _SHORT_NUMBERED.sub(lambda m: f"{DOC_SHORTHAND[m.group(1)]} {m.group(2)}", text)


def analyse(text: str) -> Question:
    """The question's parts. Province and other proper names leave the terms: provinces act as filters and
    names as constraints on the evidence's context, so a sentence that says "đồng chí" still counts."""
    text = spelled_out(text)
    provinces = provinces_in(text)
    nouns = proper_nouns(text)
    place_terms = {t for name in [*provinces, *nouns] for t in content_terms(name)}
    kind = kind_of(text)
    first_ask = re.search(r"\b(bao nhieu|may|ty le|phan tram)\b", fold(text))
    rate_first = kind is Kind.COUNT and first_ask is not None and first_ask.group(1) in ("ty le", "phan tram")
    terms = tuple(t for t in dict.fromkeys(content_terms(text)) if t not in place_terms
                  and not (rate_first and t in RATE_TERMS))
    return Question(
        text=text, kind=kind, terms=terms,
        provinces=tuple(provinces), years=question_period(text), proper_nouns=tuple(nouns),
        titles=asked_titles(text), unit=counted_unit(_without(text, provinces)), organisations=ministries(text),
        role=asked_role(text), doc_kind=asked_doc_kind(text), labels=tuple(labelled_numbers(text)),
        dates=tuple(DATE.findall(text)), codes=tuple(m.group(0) for m in CODE.finditer(text)),
        asks_position=asks_position(text), asks_list=asks_list(text), asks_rate=asks_rate(text),
        asks_definition=asks_definition(text), asks_day=kind is Kind.WHEN and asks_day(text),
        synonyms=phrase_synonyms(text, terms), units=counted_units(_without(text, provinces)),
        rankings=rankings_named(text),
    )
