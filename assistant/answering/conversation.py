"""Conversation: follow-up questions made self-contained from the province, period, person and topic of the
earlier turns.

"Còn Bình Định thì sao?" after "Thanh Hóa có bao nhiêu dịch vụ công trực tuyến?" becomes
"Bình Định có bao nhiêu dịch vụ công trực tuyến?"; "Ông ấy kết luận thế nào?" names the person the
previous answer was about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.answering.question import proper_nouns
from assistant.corpus import Corpus
from assistant.filters import years_in
from assistant.types import Answer
from assistant.vocabulary import TITLE_ALONE
from index.abbreviations import ABBREVIATIONS
from index.provinces import provinces_in

_PRONOUN = re.compile(r"\b(ông ấy|bà ấy|đồng chí ấy|đồng chí này|người này|người đó|vị này|ông|bà)\b",
                      re.IGNORECASE)
_WHAT_ABOUT = re.compile(r"^(?:vậy\s+|thế\s+)?còn\s+(?:về\s+)?(.*?)(?:\s+thì sao|\s+thế nào|\s+ra sao)?\s*\??$",
                         re.IGNORECASE)
_IN_IT = re.compile(r"^(trong đó|trong số đó|cụ thể|ngoài ra)\b", re.IGNORECASE)
_FIGURE_BACK = re.compile(r"\b(?:con số|chỉ tiêu|chỉ số|số liệu|tỷ lệ)\s+(?:đó|này|ấy|trên|nói trên)\b", re.IGNORECASE)
_ASKED_FIGURE = re.compile(r"\b(?:bao nhiêu|mấy)\s+(.+?)(?=\s+(?:ở|tại|của|năm|tính đến|đến|trong)\b|[?,.]|$)"
                           r"|\b(tỷ lệ\s+.+?)\s+(?:là|đạt|bao nhiêu)\b", re.IGNORECASE)
_PLACE_BACK = re.compile(r"\b(?:tỉnh|thành phố|địa phương)\s+(?:này|đó|ấy|nói trên|trên)\b", re.IGNORECASE)
_CONTINUES = re.compile(r"^(?:thế|vậy|còn)\b", re.IGNORECASE)
_INDICATOR = re.compile(r"(?<![\w&/-])(?:[A-Z]{2,}\s+Index|[A-ZĐ]{3,})(?![\w&/-])")
_REFERS_BACK = re.compile(r"\b(?:đó|này|ấy|như vậy|nói trên|khi đó|lúc đó)(?!\w)", re.IGNORECASE)


@dataclass
class Turn:
    question: str  # as resolved
    people: list[str] = field(default_factory=list)  # named in its answer, most relevant first
    titles: dict[str, list[str]] = field(default_factory=dict)  # person → titles in the answer's sources
    articles: tuple[str, ...] = ()  # cited by its answer


def refers_back(question: str) -> bool:
    """The question points at something of the previous answer ("cuộc họp đó", "tổ như vậy")."""
    return bool(_REFERS_BACK.search(question))


def _in_place(question: str, turns: list[Turn]) -> str:
    """A follow-up naming no province stays in the conversation's last one ("tỉnh này" → its name)."""
    if provinces_in(question):
        return question
    place = next((p for turn in reversed(turns) for p in provinces_in(turn.question)), None)
    if place is None:
        return question
    if _PLACE_BACK.search(question):
        return _PLACE_BACK.sub(place, question, count=1)
    return f"{question.strip().rstrip(' ?')} ở {place}?"


def turn_of(answer: Answer, corpus: Corpus) -> Turn:
    """An earlier answer as a turn: its resolved question and the people its text names, first named first."""
    named = sorted((n for n in corpus.people if n in answer.text), key=answer.text.find)
    cited = tuple(dict.fromkeys(c.article_id for c in answer.citations))
    return Turn(answer.resolved_question, named, {n: corpus.titles_of(n) for n in named}, cited)


def _replace_place_and_period(previous: str, target: str) -> str:
    new_provinces, new_years = provinces_in(target), years_in(target)
    text = previous
    if new_provinces:
        old = provinces_in(previous)
        if old:
            for name in old:
                text = re.sub(re.escape(name), new_provinces[0], text, flags=re.IGNORECASE)
        else:
            text = f"{text.rstrip(' ?')} ở {new_provinces[0]}?"
    if new_years:
        text = re.sub(r"(năm\s+)?20\d{2}", "", text).rstrip(" ?") + f" năm {new_years[0]}?"
    return text


def _person_for(question: str, turns: list[Turn]) -> str | None:
    title = TITLE_ALONE.match(question.strip())
    for turn in reversed(turns):
        for person in turn.people:
            if not title or any(title.group(1).lower() in t.lower() for t in turn.titles.get(person, [])):
                return person
    return None


def _same_indicator(question: str, original: str, turns: list[Turn]) -> str:
    """A follow-up that continues ("Thế năm 2022 …", "… như vậy") and names no indicator keeps the previous
    question's named indicators ("DTI", "ICT Index"; abbreviations of common words such as "CĐS" are topics,
    not indicators)."""
    if not (_CONTINUES.match(original.strip()) or refers_back(original)) or _INDICATOR.search(question):
        return question
    named = [a for a in dict.fromkeys(_INDICATOR.findall(turns[-1].question)) if a not in ABBREVIATIONS]
    return f"{question.strip().rstrip(' ?')} ({', '.join(named)})?" if named else question


def _figure_named(question: str, turns: list[Turn]) -> str:
    """ "Con số đó", "chỉ tiêu này" → what the previous question counted ("số dịch vụ công trực tuyến")."""
    if not _FIGURE_BACK.search(question) or not (m := _ASKED_FIGURE.search(turns[-1].question)):
        return question
    figure = m.group(1) and f"số {m.group(1)}" or m.group(2)
    return _FIGURE_BACK.sub(figure, question, count=1)


def resolve(question: str, turns: list[Turn]) -> str:
    """The question made self-contained from the conversation so far: its person, province, figure and topic."""
    if not turns:
        return question
    resolved = _figure_named(_resolved(question, turns), turns)
    return _same_indicator(_in_place(resolved, turns), question, turns)


def _resolved(question: str, turns: list[Turn]) -> str:
    previous = turns[-1].question
    stripped = question.strip()
    if (m := _WHAT_ABOUT.match(stripped)) and m.group(1):
        target = m.group(1)
        if provinces_in(target) or years_in(target):
            return _replace_place_and_period(previous, target)
        place = next((p for turn in reversed(turns) for p in provinces_in(turn.question)), None)
        return f"{target.rstrip(' ?')} ở {place}?" if place else f"{target.rstrip(' ?')}?"
    if _IN_IT.match(stripped):
        return f"{previous.rstrip(' ?')}, {stripped[:1].lower()}{stripped[1:]}"
    if proper_nouns(stripped):
        return question
    if _PRONOUN.search(stripped) and (person := _person_for(stripped, turns)):
        return _PRONOUN.sub(person, stripped, count=1)
    if (title := TITLE_ALONE.match(stripped)) and (person := _person_for(stripped, turns)):
        return f"{stripped[:title.end()]} {person}{stripped[title.end():]}"
    return question
