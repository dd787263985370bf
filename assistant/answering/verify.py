"""Verify: every number, percentage, date, code and name in an answer must occur in the passage it cites."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.answering.atoms import CODE, DATE, NUMBER
from index.normalize import normalize_text

MARKER = re.compile(r"\[(\d+)\]")


def atoms(text: str) -> set[str]:
    """Numbers, percentages, dates and document codes of ``text``, spaces removed."""
    found = {m.group(0).replace(" ", "") for pattern in (CODE, DATE, NUMBER) for m in pattern.finditer(text)}
    return {a for a in found if not any(a != b and a in b for b in found)}


def claim_is_grounded(claim: str, quote: str, people: Iterable[str]) -> bool:
    squeezed = quote.replace(" ", "")
    if any(a not in squeezed for a in atoms(claim)):
        return False
    return all(name in quote for name in people if name in claim)


def claims(answer_text: str) -> list[tuple[str, list[int]]]:
    """Split an answer into claims, each with the citation numbers that follow it; a line break ends a claim."""
    parts = []
    for line in answer_text.splitlines():
        pos = 0
        for m in re.finditer(r"((?:\s*\[\d+\])+)", line):
            text = line[pos:m.start()].strip(" .;\t")
            if text:
                parts.append((text, [int(n) for n in MARKER.findall(m.group(1))]))
            pos = m.end()
        tail = line[pos:].strip(" .;\t")
        if tail:
            parts.append((tail, []))
    return parts


def ungrounded_claims(answer_text: str, quotes: dict[int, str], people: Iterable[str],
                      labels: tuple[str, ...] = ()) -> list[str]:
    """Claims whose atoms are missing from all the passages they cite (or that cite nothing).

    ``labels`` are the side names a comparison puts before its claims ("Bình Định: …"); they come from
    article metadata, not from the passage, and are not checked against it.
    """
    bad = []
    for text, numbers in claims(answer_text):
        text = next((text[len(lb) + 1:] for lb in labels if text.startswith(lb + ":")), text)
        if not numbers and (atoms(text) or any(n in text for n in people)):
            bad.append(text)
        elif numbers and not any(claim_is_grounded(text, quotes.get(n, ""), people) for n in numbers):
            bad.append(text)
    return bad


# A model's wording is checked sentence by sentence: a sentence is shown only when it cites given sources and
# every number, date, code and proper name in it stands in what those sources say.

CITED = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_THOUSANDS = re.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")  # "1.230" = "1230"; "2,5" and "16.5" stay
_WORDS = re.compile(r"(?<!\w)[^\W\d_]\w*(?:-[^\W\d_]\w*)*")  # words begin with a letter: "C06", "VNeID"
_STARTS = ":;.!?(\"“'–—-\n"


@dataclass(frozen=True)
class Checked:
    """One sentence of a model's reply and why it is dropped (``reason`` "" when it is kept)."""

    text: str
    reason: str = ""  # "no-marker", "unknown-marker", "number", "name", "language", "empty"
    detail: str = ""

    @property
    def kept(self) -> bool:
        return not self.reason


def canonical_atoms(text: str) -> set[str]:
    """The atoms of ``text`` (one inside another's span, as "100%" in "94-100%", is not one of its own), with
    thousand separators and spaces dropped: "1.230" and "1230" are one."""
    text = normalize_text(text)
    spans = [m.span() for pattern in (CODE, DATE, NUMBER) for m in pattern.finditer(text)]
    whole = [(a, b) for a, b in spans if not any(c <= a and b <= d and (c, d) != (a, b) for c, d in spans)]
    return {_THOUSANDS.sub("", text[a:b].replace(" ", "")) for a, b in whole}


def atom_stands(atom: str, grounds: set[str]) -> bool:
    """``atom`` is an atom of the source or a whole part of one: "16/5" or "2025" of "16/5/2025", "2,2" of
    "2,2triệu", "57" of "57-NQ/TW"; never a date's day alone ("16" is not said by "16/5/2025")."""
    return any(atom == g or _part_of(atom, g) for g in grounds)


def _part_of(atom: str, whole: str) -> bool:
    if len(whole) > len(atom) and whole.startswith(atom) and whole[len(atom)] not in "0123456789.,":
        return not DATE.fullmatch(whole) or any(ch in atom for ch in "/.-")
    return len(atom) == 4 and atom.isdigit() and whole.endswith(atom) and whole[-5:-4] in ("/", "-", ".")


def name_runs(text: str) -> list[tuple[list[str], bool]]:
    """Runs of capitalised words (proper names, acronyms) with whether the run opens a sentence or clause,
    where a capital letter is only grammar."""
    runs: list[tuple[list[str], bool]] = []
    last_end = -1
    for m in _WORDS.finditer(text):
        word = m.group(0)
        if not word[0].isupper():
            last_end = -1
            continue
        if last_end >= 0 and not text[last_end:m.start()].strip():
            runs[-1][0].append(word)
        else:
            before = text[:m.start()].rstrip()
            runs.append(([word], not before or before[-1] in _STARTS))
        last_end = m.end()
    return runs


def _occurs(words: list[str], source: str) -> bool:
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
    return re.search(pattern, source, re.IGNORECASE) is not None


def name_stands(words: list[str], opens: bool, source: str) -> bool:
    """A name is in the source (case aside); a run opening a sentence may begin with a common word ("Ông",
    "Tỉnh"), so the rest of it is enough there."""
    if _occurs(words, source):
        return True
    rest = words[1:]
    if not opens:
        return False
    if not rest:  # one capitalised word opening a sentence is grammar, unless it is an acronym ("VNPT")
        return not any(ch.isupper() for ch in words[0][1:])
    if len(rest) == 1:
        return re.search(r"(?<!\w)" + re.escape(rest[0]) + r"(?!\w)", source) is not None
    return _occurs(rest, source)


def is_vietnamese(text: str) -> bool:
    """A sentence of three words or more is Vietnamese only if some letter carries a Vietnamese mark."""
    words = _WORDS.findall(text)
    return len(words) < 3 or any(not ch.isascii() for w in words for ch in w)


def cited_numbers(text: str) -> list[int]:
    return [int(n) for group in CITED.findall(text) for n in re.findall(r"\d+", group)]


def check_sentence(sentence: str, sources: dict[int, str]) -> Checked:
    """Whether one sentence of a model's reply may be shown: ``sources`` maps each citation number to what it
    grounds (the quoted sentence with its article's province, date and title)."""
    numbers = cited_numbers(sentence)
    body = normalize_text(CITED.sub(" ", sentence))
    if not any(ch.isalnum() for ch in body):
        return Checked(sentence, "empty")
    if not numbers:
        return Checked(sentence, "no-marker")
    if unknown := [n for n in numbers if n not in sources]:
        return Checked(sentence, "unknown-marker", ", ".join(f"[{n}]" for n in unknown))
    if not is_vietnamese(body):
        return Checked(sentence, "language")
    ground = " | ".join(normalize_text(sources[n]) for n in dict.fromkeys(numbers))
    grounds = canonical_atoms(ground)
    if missing := sorted(a for a in canonical_atoms(body) if not atom_stands(a, grounds)):
        return Checked(sentence, "number", ", ".join(missing))
    if names := [" ".join(w) for w, opens in name_runs(body) if not name_stands(w, opens, ground)]:
        return Checked(sentence, "name", ", ".join(names))
    return Checked(sentence)
