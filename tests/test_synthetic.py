"""The benchmark's distractor reports can be confused with the gold answers but never answer a gold question."""

from __future__ import annotations

from pathlib import Path

from eval.synthetic import write_corpus
from index.articles import read_corpus
from tests.conftest import CORPUS

BUNDLED_DETAILS = ("Thanh Hóa", "Bình Định", "Quy Nhơn", "Đông Sơn", "Sầm Sơn", "Nguyễn Doãn Anh", "Vũ Văn Tấn",
                   "Mai Xuân Liêm", "Nguyễn Huy Dũng", "1.230", "16/5")


def test_distractors_are_other_provinces_with_other_people_places_days_and_numbers(tmp_path: Path) -> None:
    made = write_corpus(tmp_path / "corpus", 300, CORPUS)
    assert {a.province for a in made}.isdisjoint({"Thanh Hóa", "Bình Định", "Gia Lai", "Nghệ An"})
    assert len({a.province for a in made}) > 30
    leaks = [(a.name, d) for a in made for d in BUNDLED_DETAILS if d in a.text]
    assert leaks == []
    read = {a.id: a for a in read_corpus(tmp_path / "corpus")}
    assert len(read) == 300 + len(read_corpus(CORPUS))  # the bundled articles are there too
    assert all(read[a.name.removesuffix(".txt")].province == a.province for a in made)
