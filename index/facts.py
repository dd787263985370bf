"""Structured facts extracted from articles at indexing time (filled in by the answering work)."""

from __future__ import annotations

from typing import Any

from index.types import Article


def extract_facts(articles: list[Article]) -> dict[str, Any]:
    return {}
