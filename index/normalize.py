"""Text normalisation shared by articles and questions.

One canonical form: no invisible control or format characters, NFC, a single tone-mark placement (the traditional one used by most of the corpus:
``Hóa``, ``thủy``, ``khỏe``), ``Ð``/``ð`` (Icelandic eth) mapped to ``Đ``/``đ``, and collapsed whitespace.
``fold`` gives the diacritic-free lowercase form used for accent-insensitive keyword matching.
"""

from __future__ import annotations

import re
import unicodedata

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
_MODIFIED = set("ăâêôơưĂÂÊÔƠƯ")
_VOWELS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = {"Cc", "Cf", "Cs"}  # control and format characters (NUL, ZWJ, ZWNJ, ZWSP, BOM), lone surrogates


def visible(text: str) -> str:
    """``text`` without the characters a reader cannot see, which would split or join words unseen
    ("đồng\u200bchủ trì" is "đồng chủ trì" to a person); line breaks and tabs stay."""
    return "".join(ch for ch in text if ch in "\n\t\r" or unicodedata.category(ch) not in _INVISIBLE)
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def _split_tone(syllable: str) -> tuple[str, str | None]:
    """Return the syllable without its tone mark (NFC) and the tone's combining character."""
    tone = None
    kept = []
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in _TONES:
            tone = ch
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _tone_position(base: str) -> int | None:
    """Index of the vowel that carries the tone, traditional placement."""
    lower = base.lower()
    start = 0
    if lower.startswith("qu") or (lower.startswith("gi") and len(lower) > 2 and lower[2] in _VOWELS):
        start = 2
    positions = [i for i in range(start, len(base)) if base[i] in _VOWELS]
    if not positions:
        positions = [i for i, ch in enumerate(base) if ch in _VOWELS]
    if not positions:
        return None
    cluster = []
    for i in positions:  # first contiguous run of vowels
        if cluster and i != cluster[-1] + 1:
            break
        cluster.append(i)
    modified = [i for i in cluster if base[i] in _MODIFIED]
    if modified:
        return modified[-1]  # ươ → ơ, uô → ô, iê → ê
    closed = cluster[-1] + 1 < len(base)
    if closed or len(cluster) == 1:
        return cluster[-1]
    if len(cluster) == 3:
        return cluster[1]
    return cluster[0]  # open two-vowel cluster: hóa, thủy, mía, múa


def canonical_tone(syllable: str) -> str:
    """Move the tone mark of one Vietnamese syllable to its canonical vowel."""
    base, tone = _split_tone(syllable)
    if tone is None:
        return syllable
    pos = _tone_position(base)
    if pos is None:
        return syllable
    marked = unicodedata.normalize("NFC", base[pos] + tone)
    return base[:pos] + marked + base[pos + 1:]


def normalize_text(text: str) -> str:
    """Canonical form of any text: used on articles at indexing time and on questions at query time."""
    text = unicodedata.normalize("NFC", visible(text)).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00d0", "Đ").replace("\u00f0", "đ")
    text = _WORD.sub(lambda m: canonical_tone(m.group(0)), text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def fold(text: str) -> str:
    """Lowercase, diacritic-free form: ``Thanh Hóa`` → ``thanh hoa``, ``Đề án`` → ``de an``."""
    text = text.lower().replace("đ", "d")
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)
