"""What crosses the assistant's boundary: passages, citations, answers."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its fused score and the scores that made it."""

    chunk_id: str
    article_id: str
    title: str
    date: str | None
    province: str | None
    start: int
    end: int
    text: str
    score: float
    keyword_score: float | None = None
    dense_score: float | None = None


@dataclass(frozen=True)
class Citation:
    """A numbered source of an answer: the quoted passage and its span in the article."""

    number: int
    article_id: str
    title: str
    date: str | None
    province: str | None
    quote: str
    start: int
    end: int


@dataclass
class Answer:
    question: str
    text: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    resolved_question: str = ""
    trace: list[str] = field(default_factory=list)
