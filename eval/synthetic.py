"""Synthetic reports for benchmarks: near-duplicates of the bundled articles about other provinces.

Each recombines a title and 3–6 sentences of the bundled corpus (about 600–900 characters: one or two chunks) and
changes what would tell them apart: the province ("Thanh Hóa", "Bình Định" → another), people's names, places
(after huyện, TP, xã …, and wherever a place the bundled articles name stands, "ĐH Quy Nhơn" too), days and months ("ngày 16/5"), and
every other number of two digits or more (fixed seed). No province a gold question names (or its 2025 merger
partner) is used, so the gold set keeps its answers: a distractor can only be confused with them, never answer them.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from eval.gold import load_gold
from index.articles import read_corpus
from index.chunk import sentence_spans
from index.normalize import fold
from index.provinces import PROVINCES, provinces_in
from index.reorganisation import predecessors, successor

SEED = 20250516
GOLD = Path(__file__).resolve().parent / "gold.jsonl"
_CORPUS_PROVINCES = re.compile(r"Thanh Hóa|Bình Định")
_NUMBER_OR_DATE = re.compile(r"(?P<date>\d{1,2}[/.-]\d{1,2})(?P<tail>[/.-]\d{4})?(?!\d)|(?P<year>20\d\d)(?!\d)|\d\d+")
_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
           "Dương", "Lý", "Đào", "Đinh", "Mai", "Trịnh", "Lương", "Lâm", "Hà", "Trương", "Đoàn")
_GIVEN = ("Văn", "Thị", "Minh", "Hữu", "Đức", "Thanh", "Quốc", "Hải", "Ngọc", "Xuân", "Tuấn", "Hùng", "Lan", "Sơn",
          "Bình", "Phương", "Dũng", "Khánh", "Trung", "Thắng")
_PERSON = re.compile(rf"\b(?:{'|'.join(_FAMILY)})(?: \w+){{1,3}}")
_NOT_PEOPLE = (*PROVINCES, "Hồ Chí Minh")
_PLACE = re.compile(r"\b(?:huyện|thị xã|thành phố|TP\.?|xã|phường|thị trấn)((?: \w+){1,3})")
_NAMED_PLACE = re.compile(r"\b(?:huyện|thị xã|thành phố|TP\.?|xã|phường|thị trấn|ĐH|Đại học)((?: \w+){1,3})")


@dataclass(frozen=True)
class SynthArticle:
    name: str  # file name: <province-slug>-<yyyy-mm-dd>-synth-<i>.txt
    province: str
    title: str
    sentences: list[str]

    @property
    def text(self) -> str:
        return f"{self.title}\n" + " ".join(self.sentences) + "\n"


@dataclass(frozen=True)
class Source:
    titles: list[str]
    sentences: list[str]  # body sentences of 40–320 characters
    places: re.Pattern[str]  # any place the bundled articles name, bare ("Quy Nhơn")


def _capitalised(words: str) -> int:
    """Length of the leading run of capitalised words in ``words`` (" Đông Sơn đã" → len(" Đông Sơn"))."""
    end = 0
    for m in re.finditer(r" (\w+)", words):
        if not m.group(1)[0].isupper():
            break
        end = m.end()
    return end


def source_material(corpus_dir: Path) -> Source:
    articles = read_corpus(corpus_dir)
    sentences = [a.text[s:e] for a in articles for s, e in sentence_spans(a.text, len(a.title))]
    places = {m.group(1)[:_capitalised(m.group(1))].strip() for a in articles for m in _NAMED_PLACE.finditer(a.text)}
    places = sorted((p for p in places if p and not provinces_in(p)), key=len, reverse=True)
    return Source([a.title for a in articles], [s for s in sentences if 40 <= len(s) <= 320],
                  re.compile(r"\b(?:" + "|".join(map(re.escape, places)) + r")\b"))


@cache
def distractor_provinces() -> tuple[str, ...]:
    """Provinces no gold question names, nor any province merged with one in 2025."""
    named = {p for item in load_gold(GOLD) for text in [item.question, *(item.history or [])]
             for p in provinces_in(text)}
    named |= {"Thanh Hóa", "Bình Định"}
    taken = {r for p in named for r in (p, *predecessors(successor(p)))}
    return tuple(p for p in PROVINCES if p not in taken)


def _made_up(match: re.Match[str], head: int, name: str) -> str:
    """``match`` with its capitalised words after ``head`` (a family name, "huyện" …) made up as ``name``."""
    text = match.group()
    end = head + _capitalised(text[head:])
    return text if end == head else f"{text[:head]} {name}{text[end:]}"


def _perturb(text: str, province: str, source: Source, rng: random.Random) -> str:
    """Another province, made-up people and places, other days and months, other numbers (not years)."""
    def made_up_name() -> str:
        return f"{rng.choice(_GIVEN)} {rng.choice(_GIVEN)}"

    def number(m: re.Match[str]) -> str:
        if m.group("year"):
            return m.group()
        if m.group("date"):
            return f"{rng.randint(1, 28)}/{rng.randint(1, 12)}{m.group('tail') or ''}"
        return str(rng.randint(10 ** (len(m.group()) - 1), 10 ** len(m.group()) - 1))

    def person(m: re.Match[str]) -> str:
        if any(m.group().startswith(p) for p in _NOT_PEOPLE):  # Hà Tĩnh, Lâm Đồng, Hồ Chí Minh …
            return m.group()
        made_up = _made_up(m, len(m.group().split(" ")[0]), made_up_name())
        return made_up if made_up == m.group() else rng.choice(_FAMILY) + made_up[made_up.index(" "):]

    text = _PERSON.sub(person, _CORPUS_PROVINCES.sub(province, text))
    text = source.places.sub(lambda m: made_up_name(), text)
    text = _PLACE.sub(lambda m: _made_up(m, m.start(1) - m.start(), made_up_name()), text)
    return _NUMBER_OR_DATE.sub(number, text)


def synthetic_article(i: int, source: Source, rng: random.Random) -> SynthArticle:
    """A title and 3–6 distinct sentences, stopping once the body reaches 600 characters."""
    province = rng.choice(distractor_provinces())
    body: list[str] = []
    for sentence in rng.sample(source.sentences, 6):
        if len(body) >= 3 and sum(map(len, body)) >= 600:
            break
        body.append(_perturb(sentence, province, source, rng))
    date = f"{rng.randint(2023, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    slug = re.sub(r"[^a-z]", "", fold(province))
    title = _perturb(rng.choice(source.titles), province, source, rng)
    return SynthArticle(f"{slug}-{date}-synth-{i}.txt", province, title, body)


def write_corpus(dest: Path, n: int, bundled: Path) -> list[SynthArticle]:
    """The bundled articles (with their sidecars) and ``n`` synthetic ones; returns the synthetic ones."""
    rng = random.Random(SEED)
    source = source_material(bundled)
    articles = [synthetic_article(i, source, rng) for i in range(n)]
    shutil.copytree(bundled, dest)
    for article in articles:
        (dest / article.name).write_text(article.text, encoding="utf-8")
    return articles


def questions(articles: list[SynthArticle], count: int) -> list[str]:
    """One question a sampled article can answer: its province and the start of one of its sentences."""
    rng = random.Random(SEED + 1)
    picked = [rng.choice(articles) for _ in range(count)]
    return [f"Ở {a.province}, {' '.join(rng.choice(a.sentences).split()[:10]).rstrip('.,;:')} như thế nào?"
            for a in picked]
