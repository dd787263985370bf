"""Content terms: the folded words and syllables that carry meaning, the same for questions and articles."""

from __future__ import annotations

from functools import lru_cache

from index.abbreviations import with_expansions
from index.normalize import fold
from index.segment import segment

STOPWORDS = frozenset(
    "ai gi nao bao nhieu may khi the sao co la cua va cac nhung duoc da dang se cho voi ve trong tai o den "
    "thi con nhu ra theo do mot hay hoac nhat nay kia ay do vay roi chua khong hien nay hom lam viec "
    "tinh tren dia ban nhu the nao muc".split()
)


def content_terms(text: str) -> list[str]:
    """Folded multi-syllable words and syllables, minus question and function words."""
    terms = []
    for word in segment(text):
        folded = fold(word)
        if "_" in folded and not all(s in STOPWORDS for s in folded.split("_")):
            terms.append(folded)
        terms.extend(s for s in folded.split("_") if s not in STOPWORDS and len(s) > 1 or s.isdigit())
    return terms


@lru_cache(maxsize=50_000)
def terms_of(text: str) -> frozenset[str]:
    """Content terms of ``text`` and of the long/short forms of its abbreviations."""
    return frozenset(content_terms(with_expansions(text)))
