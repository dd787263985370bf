"""The seam for a generative backend: one Generator interface, our prompt, our grounding rules.

No generator is configured by default (the extractive answerer needs no LLM and no network). When one is
given to the Assistant, it words the answer from the selected evidence; a reply that invents a number, date,
code or name, cites a passage it was not given, or cites nothing, is not shown: the extractive answer is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from assistant.answering.verify import MARKER, ungrounded_claims
from assistant.prompts import render

NO_ANSWER = "KHÔNG CÓ TRONG BÁO CÁO"


class Generator(Protocol):
    def generate(self, prompt: str) -> str: ...


def evidence_block(quotes: dict[int, str]) -> str:
    return "\n".join(f"[{n}] {quote}" for n, quote in sorted(quotes.items()))


def generated_answer(generator: Generator, question: str, quotes: dict[int, str], people: Iterable[str]) -> str | None:
    """The generator's answer if every claim in it is grounded in the quotes it cites, else None."""
    reply = generator.generate(render("answer", question=question, evidence=evidence_block(quotes))).strip()
    if not reply or NO_ANSWER in reply.upper():
        return None
    cited = {int(n) for n in MARKER.findall(reply)}
    if not cited or not cited <= set(quotes):
        return None
    if ungrounded_claims(reply, quotes, people):
        return None
    return re.sub(r"\s+", " ", reply)
