"""Text written into Markdown documents (summaries, exported conversations) so that it shows literally."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_<>\[\]|~])")
_MD_LINE_START = re.compile(r"^(\s*\d*)([#+\-=.)])", re.MULTILINE)


def markdown_text(text: str) -> str:
    """Text that a Markdown viewer shows literally (no HTML, links or emphasis); markers ``[n]`` stay readable."""
    escaped = _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), _MD_SPECIAL.sub(r"\\\1", text))
    return re.sub(r"\\\[(\d+(?:\s*[,;]\s*\d+)*)\\\]", r"[\1]", escaped)


def markdown_lines(text: str) -> str:
    """:func:`markdown_text` keeping each line break (a Markdown hard break)."""
    return markdown_text(text).replace("\n", "  \n")
