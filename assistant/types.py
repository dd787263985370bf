"""What crosses the assistant's boundary: passages, citations, answers, summaries."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.types import SearchFilters


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
    worded_by: str = ""  # the language model whose verified wording this is; "" = the extractive answer
    notice: str = ""  # one line for the reader, e.g. why the model's wording is not shown
    summary: bool = False  # a summary asked in the chat: its lines are the summary's, not one answer's


@dataclass(frozen=True)
class SummaryScope:
    provinces: tuple[str, ...] = ()
    date_from: int | None = None  # yyyymmdd
    date_to: int | None = None
    topic: str = ""  # free text, e.g. "Đề án 06", "dịch vụ công trực tuyến"

    @property
    def filters(self) -> SearchFilters:
        return SearchFilters(self.provinces, self.date_from, self.date_to)


@dataclass
class SummarySentence:
    theme: str  # one of summary.selection.THEMES
    text: str  # verbatim: a sentence of the article or a run of its ';'-clauses
    citation: int  # number of its Citation
    date_label: str = ""  # "Tháng 10/2023" when another sentence gives the same indicator at another date


@dataclass
class Summary:
    title: str
    scope: SummaryScope
    sentences: list[SummarySentence]
    citations: list[Citation]  # numbered from 1; quote = the cited sentence
    text: str  # grouped by theme, each sentence followed by [n]
    files: dict[str, str] = field(default_factory=dict)  # article id → its file name
