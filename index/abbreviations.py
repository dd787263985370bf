"""The domain's abbreviations, expanded both ways (CĐS ↔ chuyển đổi số)."""

from __future__ import annotations

import re
from functools import lru_cache

from index.normalize import fold

ABBREVIATIONS: dict[str, str] = {
    "CĐS": "chuyển đổi số",
    "TTHC": "thủ tục hành chính",
    "CSDL": "cơ sở dữ liệu",
    "CCCD": "căn cước công dân",
    "DVC": "dịch vụ công",
    "DVCTT": "dịch vụ công trực tuyến",
    "UBND": "ủy ban nhân dân",
    "HĐND": "hội đồng nhân dân",
    "CNTT": "công nghệ thông tin",
    "TT&TT": "thông tin và truyền thông",
    "TTTT": "thông tin và truyền thông",
    "BCĐ": "ban chỉ đạo",
    "ATTT": "an toàn thông tin",
    "KHCN": "khoa học công nghệ",
    "KH&CN": "khoa học và công nghệ",
    "ĐMST": "đổi mới sáng tạo",
    "CQĐT": "chính quyền điện tử",
    "SOC": "giám sát an ninh mạng",
    "C06": "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
    "TP": "thành phố",
    "CNH": "công nghiệp hóa",
    "HĐH": "hiện đại hóa",
}

_SHORT = {short: re.compile(r"(?<![\w&])" + re.escape(short) + r"(?![\w&])") for short in ABBREVIATIONS}
_LONG = {short: re.compile(r"\b" + re.escape(fold(long)) + r"\b") for short, long in ABBREVIATIONS.items()}


def expansions(text: str) -> list[str]:
    """Phrases to add to ``text`` so that an abbreviation and its long form match each other."""
    folded = fold(text)
    extra = []
    for short, long in ABBREVIATIONS.items():
        if _SHORT[short].search(text):
            extra.append(long)
        elif _LONG[short].search(folded):
            extra.append(short)
    return extra


@lru_cache(maxsize=4096)
def with_expansions(text: str) -> str:
    """``text`` followed by the other form of each abbreviation it holds, so that both forms match it
    ("TTHC" text also matches "thủ tục hành chính")."""
    return " . ".join([text, *expansions(text)])


def long_form(short: str) -> str | None:
    """The long form of an abbreviation written in any case ("dvctt" → "dịch vụ công trực tuyến")."""
    folded = fold(short)
    return next((long for abbr, long in ABBREVIATIONS.items() if fold(abbr) == folded), None)
