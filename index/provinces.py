"""Vietnamese provinces and centrally-run cities, found by name in file names and text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from index.normalize import fold, normalize_text

PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Dương",
    "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ",
    "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "TP Hồ Chí Minh", "Tiền Giang",
    "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)
_ALIASES = {"Hồ Chí Minh": "TP Hồ Chí Minh", "Huế": "Thừa Thiên Huế", "Vũng Tàu": "Bà Rịa - Vũng Tàu"}


def _slug(name: str) -> str:
    return re.sub(r"[^a-z]", "", fold(name))


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str, str]]:
    """(folded pattern, name as spelled, province) for every name and alias, longest first."""
    names = {**{p: p for p in PROVINCES}, **_ALIASES}
    ordered = sorted(names, key=len, reverse=True)  # "Thừa Thiên Huế" before "Huế"
    return [(re.compile(r"\b" + re.escape(fold(n)).replace(r"\ ", r"\s+") + r"\b"), n, names[n]) for n in ordered]


def province_from_slug(slug: str) -> str | None:
    """``thanhhoa`` (a file-name prefix) → ``Thanh Hóa``."""
    wanted = re.sub(r"[^a-z]", "", slug.lower())
    for name in PROVINCES:
        if _slug(name) == wanted or _slug(name.removeprefix("TP ")) == wanted:
            return name
    return None


def _written_as(text: str, start: int, end: int, name: str) -> bool:
    """A match counts if written without accents ("thanh hoa") or with the name's own ("Huệ" is not "Huế")."""
    written = normalize_text(text[start:end]).lower()
    return written == fold(written) or written == normalize_text(name).lower()


def provinces_in(text: str) -> list[str]:
    """Provinces named in ``text`` (accents optional), in order of first mention, without repeats."""
    text = unicodedata.normalize("NFC", text)  # one code point per letter, so folded offsets match
    folded = fold(text)
    found: list[tuple[int, str]] = []
    taken: list[range] = []
    for pattern, spelled, name in _patterns():
        for m in pattern.finditer(folded):
            if any(m.start() in r for r in taken) or not _written_as(text, m.start(), m.end(), spelled):
                continue
            taken.append(range(m.start(), m.end()))
            found.append((m.start(), name))
    seen: dict[str, None] = {}
    for _, name in sorted(found):
        seen.setdefault(name)
    return list(seen)
