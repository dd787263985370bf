"""What a question asks: its type, its content terms, the entities it names. Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from assistant.filters import years_in
from index.abbreviations import expansions
from index.normalize import fold
from index.provinces import provinces_in
from index.segment import segment


class Kind(str, Enum):
    WHO = "ai"
    COUNT = "bao nhiêu"
    WHEN = "khi nào"
    DIRECTIVE = "văn bản nào"
    COMPARE = "so sánh"
    SUMMARY = "tóm tắt"
    WHAT = "gì / thế nào"


_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = [
    (Kind.SUMMARY, re.compile(r"\b(tom tat|diem lai|tong hop|tong quan|noi dung chinh|dang chu y|ban tin)\b")),
    (Kind.COMPARE, re.compile(r"\b(so sanh|so voi|khac nhau|chenh lech|thay doi the nao|thay doi ra sao)\b")),
    (Kind.DIRECTIVE, re.compile(r"\b(van ban|quyet dinh|nghi quyet|chi thi|ke hoach|cong van)\s+(nao|so may|so)\b"
                                r"|\bso hieu\b|\bla van ban nao\b")),
    (Kind.WHO, re.compile(r"(^|\s)(ai|la ai|do ai)(\s|\?|$)|\b(nguoi|lanh dao|can bo|dong chi|ong|ba|vi)\s+nao\b"
                          r"|\b(thu truong|chu tich|giam doc|bi thu|cuc truong|truong doan)\s+(\S+\s+){0,3}nao\b")),
    (Kind.WHEN, re.compile(r"\b(khi nao|ngay nao|bao gio|thoi diem nao|thang nao|nam nao|luc nao"
                           r"|ngay bao nhieu|ngay may)\b")),
    (Kind.COUNT, re.compile(r"\b(bao nhieu|may|ty le|phan tram|so luong|bao xa)\b")),
]
STOPWORDS = set(
    "ai gi nao bao nhieu may khi the sao co la cua va cac nhung duoc da dang se cho voi ve trong tai o den "
    "thi con nhu ra theo do mot hay hoac nhat nay kia ay do vay roi chua khong hien nay hom lam viec "
    "tinh tren dia ban nhu the nao muc".split()
)
_ORG_HEADS = {"bộ", "ban", "tỉnh", "sở", "cổng", "đề", "đội", "cục", "quyết", "nghị", "kế", "chỉ", "trường",
              "công", "đoàn", "ủy", "hội", "phó", "thứ", "chủ", "bí", "giám", "trung", "đại", "ông", "bà"}
_TITLE_WORDS = {"bí thư", "chủ tịch", "phó chủ tịch", "thứ trưởng", "giám đốc", "cục trưởng", "đại tá",
                "trung tướng", "trung tá", "trưởng đoàn", "đội trưởng", "bộ trưởng"}


_MINISTRIES = ("Công an", "TT&TT", "Thông tin và Truyền thông", "KH&CN", "Khoa học và Công nghệ", "Nội vụ",
               "Tư pháp", "Tài chính", "Y tế", "Giáo dục và Đào tạo", "Quốc phòng", "Kế hoạch và Đầu tư",
               "Công Thương", "Nông nghiệp và Môi trường", "Tài nguyên và Môi trường", "Xây dựng", "Ngoại giao",
               "Giao thông vận tải", "Văn hóa, Thể thao và Du lịch", "Dân tộc và Tôn giáo")
_MINISTRY = re.compile(r"(?<!\w)Bộ\s+(" + "|".join(sorted(map(re.escape, _MINISTRIES), key=len, reverse=True))
                       + r")(?![\w&])", re.IGNORECASE)


def ministries(text: str) -> tuple[str, ...]:
    """Ministries a question names ("Bộ Công an", "Bộ TT&TT"), as written."""
    return tuple(dict.fromkeys(m.group(0) for m in _MINISTRY.finditer(text)))


def ministry_forms(ministry: str) -> list[str]:
    """A ministry as written and by the other form of its abbreviation ("Bộ TT&TT", "Bộ thông tin và …")."""
    return [ministry, *("Bộ " + long for long in expansions(ministry))]


@dataclass(frozen=True)
class Question:
    text: str
    kind: Kind
    terms: tuple[str, ...]  # folded content words and syllables
    provinces: tuple[str, ...]
    years: tuple[int, int] | None
    proper_nouns: tuple[str, ...]  # capitalised names other than provinces, as written
    titles: tuple[str, ...]  # titles asked about, folded ("bi thu", "thu truong")
    unit: str = ""  # folded words of what "bao nhiêu …" counts: "camera", "co so du lieu"
    organisations: tuple[str, ...] = ()  # ministries named: the evidence's article must be about them


def kind_of(text: str) -> Kind:
    folded = fold(text)
    kinds = [kind for kind, pattern in _PATTERNS if pattern.search(folded)]
    if len(provinces_in(text)) > 1 and Kind.SUMMARY not in kinds:
        return Kind.COMPARE
    return kinds[0] if kinds else Kind.WHAT


def content_terms(text: str) -> list[str]:
    """Folded multi-syllable words and syllables, minus question and function words."""
    terms = []
    for word in segment(text):
        folded = fold(word)
        if "_" in folded and not all(s in STOPWORDS for s in folded.split("_")):
            terms.append(folded)
        terms.extend(s for s in folded.split("_") if s not in STOPWORDS and len(s) > 1 or s.isdigit())
    return terms


def proper_nouns(text: str) -> list[str]:
    """Runs of two or more capitalised words (not sentence-initial, not an organisation head, no province).

    A run ends at punctuation or quotes, so “3 Không” or "VNeID, Trong đó" are not names.
    """
    found, run = [], []

    def close() -> None:
        if len(run) >= 2:
            found.append(" ".join(run))
        run.clear()

    for i, word in enumerate(text.split()):
        clean = word.strip(",.;:()“”\"?!")
        if i > 0 and clean[:1].isupper() and not clean.isupper() and (run or clean.lower() not in _ORG_HEADS) \
                and not word[:1] in "“\"(":
            run.append(clean)
        else:
            close()
        if clean != word.rstrip("“”\"") or word[-1:] in "”\"":
            close()
    close()
    return [n for n in found if not provinces_in(n)]


def asked_titles(text: str) -> tuple[str, ...]:
    """Titles a question names, folded; "phó chủ tịch" is kept apart from "chủ tịch"."""
    folded = f" {fold(text)} "
    found = [fold(t) for t in _TITLE_WORDS if f" {fold(t)} " in folded]
    return tuple(t for t in found if not any(t != o and t in o for o in found))


def holds_title(asked: str, titles: list[str]) -> bool:
    """Whether a person's titles include the asked one exactly ("phó chủ tịch" is not "chủ tịch")."""
    for title in map(fold, titles):
        if re.search(r"(^|\s)(pho\s+)?" + re.escape(asked) + r"\b", title):
            deputy = re.search(r"(^|\s)pho\s+" + re.escape(asked), title)
            if asked.startswith("pho") or not deputy:
                return True
    return False


_COUNTED = re.compile(r"\b(?:bao nhieu|may|ty le)\s+([a-z]+(?:\s+[a-z]+){0,2})")


def counted_unit(text: str) -> str:
    """The noun a count question asks about: "bao nhiêu cơ sở dữ liệu" → "co so"."""
    m = _COUNTED.search(fold(text))
    if not m:
        return ""
    words = m.group(1).split()
    return "%" if words[:2] == ["phan", "tram"] else " ".join(words)


def asks_position(text: str) -> bool:
    """Whether the question asks for someone's posts or rank ("với cương vị gì", "giữ chức vụ nào")."""
    return bool(re.search(r"\b(cuong vi|chuc vu|chuc danh|giu chuc|ham cap|cap ham|cap bac)\b", fold(text)))


def asks_list(text: str) -> bool:
    """Whether the question asks for several things ("những vướng mắc gì", "các giải pháp nào")."""
    return bool(re.search(r"\b(nhung|cac|mot so)\s+\w+(?:\s+\w+){0,2}\s+(gi|nao)\b", fold(text)))


def asks_rate(text: str) -> bool:
    """Whether the question asks for a rate or share ("tỷ lệ", "bao nhiêu phần trăm")."""
    return "%" in text or bool(re.search(r"\b(ty le|phan tram|chiem)\b", fold(text)))


# "tỷ lệ … bao nhiêu" asks for a percentage; the words themselves are no evidence (the % sign is).
RATE_TERMS = frozenset({"ty_le", "ty", "le", "phan_tram", "phan", "tram"})


def _without(text: str, names: list[str]) -> str:
    for name in names:
        text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
    return text


def analyse(text: str) -> Question:
    """The question's parts. Province and other proper names leave the terms: provinces act as filters and
    names as constraints on the evidence's context, so a sentence that says "đồng chí" still counts."""
    provinces = provinces_in(text)
    nouns = proper_nouns(text)
    place_terms = {t for name in [*provinces, *nouns] for t in content_terms(name)}
    kind = kind_of(text)
    first_ask = re.search(r"\b(bao nhieu|may|ty le|phan tram)\b", fold(text))
    rate_first = kind is Kind.COUNT and first_ask is not None and first_ask.group(1) in ("ty le", "phan tram")
    return Question(
        text=text, kind=kind,
        terms=tuple(t for t in dict.fromkeys(content_terms(text)) if t not in place_terms
                    and not (rate_first and t in RATE_TERMS)),
        provinces=tuple(provinces), years=years_in(text), proper_nouns=tuple(nouns),
        titles=asked_titles(text), unit=counted_unit(_without(text, provinces)), organisations=ministries(text),
    )
