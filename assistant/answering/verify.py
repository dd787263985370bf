"""Verify: every number, percentage, date, code and name in an answer must occur in the passage it cites."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.answering.atoms import CODE, DATE, NUMBER

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
