"""Loading the gold set (``eval/gold.jsonl``): every line is checked before any question is asked.

One JSON object a line: ``id``, ``kind``, ``question``, ``key_facts`` (verbatim strings the answer should
hold), ``sources`` (article ids), ``answerable``; ``history`` (earlier questions) for follow-ups and
``min_facts`` (facts a good summary holds at least) for summaries. A problem is reported with its line number.

``kind`` is any non-empty label, and each gets its own row in the report (so a misspelt kind shows up there as
a row of its own). The known kinds keep their rules: ``unanswerable`` is never answerable, ``followup`` needs
a history and may be unanswerable (a follow-up the reports do not answer), and the other known kinds are
answerable single questions. A kind of your own may be answerable or not and may have a history. ``todo`` is
refused: it marks a draft from ``eval/feedback.py`` that a person has not completed yet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

KINDS = ("official", "number", "directive", "fact", "compare", "followup", "summary", "unanswerable")
ANSWERABLE_KINDS = ("official", "number", "directive", "fact", "compare", "summary")  # single, answerable questions
DRAFT_KIND = "todo"  # eval/feedback.py writes it; a person replaces it when completing the draft
_REQUIRED = {"id": str, "kind": str, "question": str, "key_facts": list, "sources": list, "answerable": bool}
_OPTIONAL = {"history": list, "min_facts": int}


@dataclass(frozen=True)
class GoldItem:
    id: str
    kind: str
    question: str
    key_facts: tuple[str, ...]
    sources: tuple[str, ...]
    answerable: bool
    history: tuple[str, ...] = ()
    min_facts: int | None = None  # summaries only: a summary holding this many key facts scores full marks


def kinds_in(items: list[GoldItem]) -> list[str]:
    """The kinds used, in report order: the known kinds in their usual order, then new ones as they first occur."""
    used = dict.fromkeys(item.kind for item in items)
    return [kind for kind in KINDS if kind in used] + [kind for kind in used if kind not in KINDS]


class GoldError(ValueError):
    """A malformed gold file, naming the line (1-based) and what is wrong with it."""

    def __init__(self, path: Path, line: int | None, problem: str):
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")
        self.line = line
        self.problem = problem


def _check_types(obj: dict) -> None:
    missing = sorted(set(_REQUIRED) - set(obj))
    unknown = sorted(set(obj) - set(_REQUIRED) - set(_OPTIONAL))
    if missing:
        raise ValueError(f"missing key(s) {', '.join(missing)}")
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)}")
    for key, value in obj.items():
        wanted = {**_REQUIRED, **_OPTIONAL}[key]
        if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
            raise ValueError(f"{key!r} must be {wanted.__name__}, not {type(value).__name__}")
        if wanted is list and not all(isinstance(v, str) and v.strip() for v in value):
            raise ValueError(f"{key!r} must be a list of non-empty strings")
    if not obj["question"].strip():
        raise ValueError("empty question")


def _check_kind(obj: dict) -> None:
    kind = obj["kind"]
    if not kind.strip():
        raise ValueError("empty kind")
    if kind == "unanswerable" and obj["answerable"]:
        raise ValueError("'answerable' must be false for kind 'unanswerable'")
    if kind in ANSWERABLE_KINDS and not obj["answerable"]:
        raise ValueError(f"'answerable' must be true for kind {kind!r} (use kind 'unanswerable', or 'followup' "
                         "with a history, for a question the reports do not answer)")


def _check_facts(obj: dict) -> None:
    if not obj["answerable"] and (obj["key_facts"] or obj["sources"]):
        raise ValueError("an unanswerable question has no key_facts and no sources")
    if obj["answerable"] and not (obj["key_facts"] and obj["sources"]):
        raise ValueError("an answerable question needs key_facts and sources")
    if ("min_facts" in obj) != (obj["kind"] == "summary"):
        raise ValueError("'min_facts' is required for kind 'summary' and allowed only there")
    if obj["kind"] == "summary" and not 1 <= obj["min_facts"] <= len(obj["key_facts"]):
        raise ValueError(f"'min_facts' must be between 1 and the number of key_facts ({len(obj['key_facts'])})")


def _check_history(obj: dict) -> None:
    kind = obj["kind"]
    if kind == "followup" and not obj.get("history"):
        raise ValueError("a non-empty 'history' is required for kind 'followup'")
    if "history" in obj and not obj["history"]:
        raise ValueError("'history' must not be empty (leave the key out for a single question)")
    if "history" in obj and kind in ANSWERABLE_KINDS:
        raise ValueError(f"'history' is not allowed for kind {kind!r} (use kind 'followup', 'unanswerable' or "
                         "a kind of your own)")


def parse_item(obj: object) -> GoldItem:
    """One gold pair from its decoded JSON; ``ValueError`` says what is wrong."""
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
    if obj.get("kind") == DRAFT_KIND:  # before the key check: this says more than "unknown key(s) todo, ..."
        raise ValueError(f"kind {DRAFT_KIND!r} marks an unfinished draft from eval/feedback.py: follow its 'todo' "
                         "note, then choose a kind")
    _check_types(obj)
    _check_kind(obj)
    _check_facts(obj)
    _check_history(obj)
    return GoldItem(id=obj["id"], kind=obj["kind"], question=obj["question"], key_facts=tuple(obj["key_facts"]),
                    sources=tuple(obj["sources"]), answerable=obj["answerable"],
                    history=tuple(obj.get("history", ())), min_facts=obj.get("min_facts"))


def load_gold(path: Path) -> list[GoldItem]:
    """Every pair of the file, in order; the first malformed line raises ``GoldError``. Blank lines are skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(path, None, f"cannot read the file ({exc})") from exc
    items: list[GoldItem] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = parse_item(json.loads(line))
        except json.JSONDecodeError as exc:
            raise GoldError(path, number, f"bad JSON ({exc.msg} at column {exc.colno})") from exc
        except ValueError as exc:
            raise GoldError(path, number, str(exc)) from exc
        if item.id in seen:
            raise GoldError(path, number, f"duplicate id {item.id!r} (first on line {seen[item.id]})")
        seen[item.id] = number
        items.append(item)
    if not items:
        raise GoldError(path, None, "no gold pairs")
    return items
