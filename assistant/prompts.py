"""Prompt templates live in prompts/ as files, loaded by name and filled with named fields."""

from __future__ import annotations

import string
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"


def template_fields(name: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(load(name)) if field}


def load(name: str) -> str:
    return (PROMPTS_DIR / f"{name}.md").read_text(encoding="utf-8")


def render(name: str, **fields: str) -> str:
    """The template with every field filled; a missing or unknown field is an error, not a blank."""
    wanted = template_fields(name)
    if set(fields) != wanted:
        raise KeyError(f"prompt {name!r} needs fields {sorted(wanted)}, got {sorted(fields)}")
    return load(name).format(**fields)
