"""A stand-in for a language model's wording, for the verification benchmark and ``eval/run.py --llm fake``.

``reword`` says a cited sentence another way without changing what it states: the source label moved to the
end, a few synonyms, thousand separators dropped. ``alter`` then changes exactly one number, date, document
code or proper name, to something its sources do not say: what verification must catch.
"""

from __future__ import annotations

import random
import re

from assistant.answering.atoms import CODE, DATE, NUMBER
from assistant.answering.generate import split_sentences
from assistant.answering.verify import CITED, canonical_atoms, name_runs

SYNONYMS = [("đã được", "được"), ("triển khai", "thực hiện"), ("cho biết", "nêu rõ"), ("trên địa bàn", "tại"),
            ("người dân", "bà con"), ("Toàn tỉnh có", "Toàn tỉnh hiện có"), ("khoảng", "chừng"),
            ("hiện nay", "hiện tại"), ("tổ chức", "tiến hành"), ("số lượng", "lượng")]
OTHER_NAMES = ["Nghệ An", "Hà Tĩnh", "Lào Cai", "Cà Mau", "Trần Minh Đức", "Lê Thị Hoa", "Phạm Quốc Bảo"]
_LABEL = re.compile(r"^(?P<who>[^:]{3,80}?), (?P<when>\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4}|\d{4}): (?P<rest>.+)$")
_THOUSANDS = re.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")
_EVIDENCE = re.compile(r"^\[(\d+)\] \((?P<whose>[^;]*); bài «[^»]*»\) (?P<quote>.+)$", re.MULTILINE)


def _split_markers(sentence: str) -> tuple[str, str]:
    body = CITED.sub("", sentence).strip().rstrip(".;:,! ")
    return body, " ".join(f"[{n}]" for n in re.findall(r"\d+", " ".join(CITED.findall(sentence))))


def _lower_first(text: str) -> str:
    """The first letter in lower case unless the first word is a name or an acronym."""
    first = name_runs(text)[:1]
    if first and (len(first[0][0]) > 1 or any(ch.isupper() for ch in first[0][0][0][1:])):
        return text
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def reword(sentence: str, drop_separators: bool = True) -> str:
    """The sentence said another way, stating the same: label moved, synonyms, "1.230" written "1230"."""
    body, markers = _split_markers(sentence)
    if m := _LABEL.match(body):
        body = f"{_upper_first(m['rest'])}, theo báo cáo của {m['who']} ({m['when']})"
    else:
        body = f"Theo báo cáo, {_lower_first(body)}"
    for old, new in SYNONYMS:
        body = re.sub(r"(?<!\w)" + re.escape(old) + r"(?!\w)", new, body, count=1)
    if drop_separators:
        body = _THOUSANDS.sub("", body)
    return f"{body} {markers}.".replace(" .", ".") if markers else f"{body}."


def _changed_digits(atom: str, grounds: set[str], rng: random.Random, day_only: bool = False) -> str | None:
    """``atom`` with one digit changed (of a date, the day) so that it is no longer any atom of the sources."""
    head = re.match(r"\d+", atom).end() if day_only else len(atom)  # type: ignore[union-attr]
    positions = [i for i, ch in enumerate(atom[:head]) if ch.isdigit()]
    for i in rng.sample(positions, len(positions)):
        for step in (1, 2, 3):
            new = atom[:i] + str((int(atom[i]) + step) % 10) + atom[i + 1:]
            if (i == 0 and new[0] == "0") or canonical_atoms(new) & grounds:
                continue
            return new
    return None


def alter(sentence: str, ground: str, rng: random.Random) -> tuple[str, str] | None:
    """The sentence with one number, date, code or name changed to one ``ground`` (its sources) lacks, and
    which kind was changed; None when it holds none of them."""
    body, markers = _split_markers(sentence)
    grounds = canonical_atoms(ground)
    found = [(kind, m.start(), m.end()) for kind, pattern in (("code", CODE), ("date", DATE), ("number", NUMBER))
             for m in pattern.finditer(body)]
    names = [" ".join(words) for words, _ in name_runs(body) if len(words) >= 2]
    options = [*found, *(("name", body.index(n), body.index(n) + len(n)) for n in names)]
    for kind, start, end in rng.sample(options, len(options)):
        atom = body[start:end]
        if kind == "name":
            new = next((n for n in rng.sample(OTHER_NAMES, len(OTHER_NAMES)) if n.lower() not in ground.lower()), None)
        else:
            new = _changed_digits(atom, grounds, rng, day_only=kind == "date")
        if new:
            return f"{body[:start]}{new}{body[end:]} {markers}.".replace(" .", "."), kind
    return None


def fake_reply(prompt: str) -> str:
    """What the stand-in model answers to an answer prompt: each of the first three sources reworded (figures
    kept as written), each sentence citing its own."""
    sentences = []
    for m in list(_EVIDENCE.finditer(prompt))[:3]:
        for quote in split_sentences(m["quote"])[:1]:
            sentences.append(reword(f"{m['whose']}: {quote} [{m.group(1)}]", drop_separators=False))
    return " ".join(sentences) or "KHÔNG CÓ TRONG BÁO CÁO"
