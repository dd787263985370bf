"""Baseline answerer: the top passage, clearly labelled (replaced by grounded answers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.types import Answer, Citation

if TYPE_CHECKING:
    from assistant.api import Assistant
    from index.types import SearchFilters


def answer_question(assistant: "Assistant", question: str, history: list[str],
                    filters: "SearchFilters | None") -> Answer:
    passages = assistant.retriever.search(question, assistant.settings.top_k, filters)
    if not passages:
        return Answer(question, "Không có trong các báo cáo.", True, [], [], question, ["baseline: no passage"])
    top = passages[0]
    cite = Citation(1, top.article_id, top.title, top.date, top.province, top.text, top.start, top.end)
    return Answer(question, f"{top.text} [1]", False, [cite], passages, question, ["baseline: top passage"])
