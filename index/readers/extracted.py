"""What every reader returns: the article's text (every citation span points into it once normalised) and the
metadata the file itself states, used unless a sidecar says otherwise."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Extracted:
    text: str
    title: str | None = None
    date: str | None = None  # ISO, as precise as the file states it
    author: str | None = None
    how: str = ""  # how it was read, e.g. "ocr" for a scan

    def metadata(self) -> dict[str, str]:
        """The stated title, date and author (only those present), as parse_article's overrides."""
        return {k: v.strip() for k, v in (("title", self.title), ("date", self.date), ("author", self.author))
                if v and v.strip()}

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
