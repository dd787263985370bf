"""The 2025 reorganisation of Vietnam's 63 provinces into 34 (Nghị quyết 202/2025/QH15), as lookups.

Articles keep the province they were written about, a pre-2025 name from ``index.provinces.PROVINCES``
("old" below). These functions relate those names to the 34 provinces and cities that exist since the
reorganisation ("2025" below), so that a question about Gia Lai also reaches the reports on Bình Định.
The data, with its sources, is ``provinces_2025.json`` next to this module.

Every function takes any string and never raises: a name it does not know is returned unchanged (or, for
``predecessors``, yields nothing), so callers can pass whatever a corpus or a question holds.

Huế: Thừa Thiên Huế became thành phố Huế on 1/1/2025 (Nghị quyết 175/2024/QH15) and was not merged in
2025. The 2025 name is "Huế", formed from "Thừa Thiên Huế" alone; the old name therefore counts as one that
no longer exists under its own name, and its label says "nay là Huế" rather than "nay thuộc".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.normalize import fold, normalize_text

_DATA = Path(__file__).with_name("provinces_2025.json")


@dataclass(frozen=True)
class Province2025:
    """One of the 34 provinces and centrally-run cities in place since the 2025 reorganisation."""

    name: str
    formed_from: tuple[str, ...]  # old names, the one it kept (if any) first
    centre: str | None = None  # the old province whose territory holds the seat, where the sources say


@dataclass(frozen=True)
class _Tables:
    provinces: dict[str, Province2025]  # 2025 name → province
    successors: dict[str, str]  # old name → 2025 name
    by_fold: dict[str, str]  # folded old or 2025 name → the name as spelled


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    provinces = {p["name"]: Province2025(p["name"], tuple(p["formed_from"]), p.get("centre"))
                 for p in raw["provinces"]}
    successors = {old: p.name for p in provinces.values() for old in p.formed_from}
    by_fold = {fold(name): name for name in [*successors, *provinces]}
    return _Tables(provinces, successors, by_fold)


def _resolve(name: str) -> str:
    """The known spelling of ``name`` ("thanh hoa", "Thanh Hoá" → "Thanh Hóa"); unknown names as given.

    As in ``index.provinces``, a name counts if written without accents or with its own: "Huệ" is not "Huế".
    """
    written = normalize_text(name)
    known = _tables().by_fold.get(fold(written))
    return known if known and written.lower() in (fold(written), known.lower()) else name


def provinces_2025() -> tuple[Province2025, ...]:
    """The 34 provinces and cities, in the order of the data file (unchanged ones first, then north to south)."""
    return tuple(_tables().provinces.values())


def successor(old: str) -> str:
    """The 2025 province ``old`` belongs to: "Bình Định" → "Gia Lai", "Thanh Hóa" → "Thanh Hóa"."""
    return _tables().successors.get(_resolve(old), old)


def predecessors(new: str) -> tuple[str, ...]:
    """The old provinces a 2025 province was formed from, itself first if it kept its name; () if unknown."""
    province = _tables().provinces.get(_resolve(new))
    return province.formed_from if province else ()


def is_merged_away(old: str) -> bool:
    """True for an old province that no longer exists under its own name (Bình Định, Thừa Thiên Huế)."""
    name = _resolve(old)
    return name in _tables().successors and successor(name) != name


def label(old: str) -> str:
    """An old province as shown today: "Bình Định (nay thuộc Gia Lai)", "Thừa Thiên Huế (nay là Huế)"."""
    name = _resolve(old)
    if not is_merged_away(name):
        return name
    new = successor(name)
    relation = "nay là" if predecessors(new) == (name,) else "nay thuộc"
    return f"{name} ({relation} {new})"


@lru_cache(maxsize=1)
def _labelled() -> dict[str, str]:
    """Label of every merged-away old province → that province, so a chosen label reads back."""
    return {label(old): old for old in _tables().successors if is_merged_away(old)}


def related(name: str) -> tuple[str, ...]:
    """The old provinces whose reports answer a question about ``name``.

    A 2025 province ("Gia Lai") → its predecessors (Gia Lai, Bình Định); a merged-away old province, plain or
    labelled ("Bình Định", "Bình Định (nay thuộc Gia Lai)") → itself only; anything else → (name,).
    """
    if name in _labelled():
        return (_labelled()[name],)
    resolved = _resolve(name)
    if is_merged_away(resolved):
        return (resolved,)
    return predecessors(resolved) or (name,)


def filter_choices(provinces_present: list[str]) -> list[str]:
    """The province filter's choices for a corpus whose articles name ``provinces_present`` (old names).

    For each old province present: its ``label`` when merged away ("Bình Định (nay thuộc Gia Lai)"), and
    the 2025 province it belongs to, by name ("Gia Lai"). An old province that kept its name appears once,
    as the 2025 province: "Gia Lai" selects old Gia Lai and Bình Định, as in a question asked today. Names
    not in the data are kept as given. No repeats; sorted accent-insensitively. Every choice reads back
    through ``related``, which gives the old provinces to filter on.
    """
    choices: set[str] = set()
    for old in filter(None, provinces_present):
        choices.update({label(old), successor(old)})
    return sorted(choices, key=lambda c: (fold(c), c))
