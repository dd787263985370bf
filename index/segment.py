"""Vietnamese word segmentation (pyvi) that keeps the domain's atoms whole.

pyvi splits ``57-NQ/TW`` into ``57 - NQ / TW`` and ``99,81%`` into ``99,81 %``; those atoms carry the
facts people ask about, so they are cut out first and only the prose between them goes through pyvi.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

PROTECTED = re.compile(
    r"\d+(?:[.,]\d+)*(?:(?:[/-][\w&]+(?:[.,]\d+)*)+)?(?:\s?%)?"  # 1.230, 99,81%, 94-100%, 57-NQ/TW, 1.758/1.950
    r"|[^\W\d_][\w&]*"                                       # any word; abbreviations are picked below
)


@lru_cache(maxsize=1)
def _tokenizer():
    """pyvi unpickles its CRF model at import: do it once, on first use."""
    from pyvi import ViTokenizer

    return ViTokenizer


_PYVI = threading.Lock()  # pyvi's CRF tagger is one C object: Gradio's worker threads take turns on it


def _pyvi_words(text: str) -> list[str]:
    if not text.strip():
        return []
    with _PYVI:
        tokens = _tokenizer().tokenize(text)
    return [w for w in tokens.split() if any(ch.isalnum() for ch in w)]


def _is_atom(match: str) -> bool:
    """Numbers and codes, and abbreviations such as CĐS, UBND, TT&TT, VNeID, C06."""
    if match[0].isdigit():
        return True
    uppers = sum(ch.isupper() for ch in match)
    return uppers >= 2 or (uppers == 1 and any(ch.isdigit() for ch in match))


def segment(text: str) -> list[str]:
    """Words of ``text`` in order; multi-syllable words joined with ``_`` (pyvi's convention).

    Numbers, percentages, dates, document codes and abbreviations come out as single tokens.
    """
    tokens: list[str] = []
    pos = 0
    for m in PROTECTED.finditer(text):
        if not _is_atom(m.group(0)):
            continue
        tokens.extend(_pyvi_words(text[pos:m.start()]))
        tokens.append(m.group(0).replace(" ", ""))
        pos = m.end()
    tokens.extend(_pyvi_words(text[pos:]))
    return tokens
