"""index.chunk: passages follow sentences, keep exact spans in the article, and have content-addressed ids."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from index.articles import parse_article, read_corpus
from index.chunk import chunk_article, sentence_spans
from index.types import Article
from tests.conftest import CORPUS, ROOT

SIZES = (200, 450, 700, 1500)


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return read_corpus(CORPUS)


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_vietnamese_sentences_are_split_at_their_ends() -> None:
    text = "Tỉnh đã kết nối 5/10 cơ sở dữ liệu quốc gia. Hạ tầng số phủ sóng 99,7% thôn, bản! Còn khó khăn gì?"
    assert sentences(text) == ["Tỉnh đã kết nối 5/10 cơ sở dữ liệu quốc gia.", "Hạ tầng số phủ sóng 99,7% thôn, bản!",
                               "Còn khó khăn gì?"]


def test_an_ellipsis_glued_to_the_next_sentence_still_ends_one() -> None:
    assert sentences("dự và chủ trì hội nghị…Hội nghị được trực tuyến đến 27 huyện.") == [
        "dự và chủ trì hội nghị…", "Hội nghị được trực tuyến đến 27 huyện."]


def test_a_closing_quote_stays_with_its_sentence() -> None:
    assert sentences("Ông nhấn mạnh: “Giải mật đến đâu thì số hóa đến đó.” Sau đó đoàn làm việc tiếp.") == [
        "Ông nhấn mạnh: “Giải mật đến đâu thì số hóa đến đó.”", "Sau đó đoàn làm việc tiếp."]


@pytest.mark.parametrize("sentence", [
    "Bộ phận một cửa UBND TP. Sầm Sơn đã đi vào hoạt động.",
    "Gặp TS. Nguyễn Văn A tại hội nghị.",
    "Có 99,81% hồ sơ được giải quyết đúng hạn và 99,88% được số hóa.",
    "Sáng 9.5, tại trụ sở UBND tỉnh, Đoàn công tác C06 đã làm việc.",
    "Bối cảnh cách mạng công nghiệp 4.0 đòi hỏi hoàn thiện thể chế.",
    "Nghị quyết 57-NQ/TW ngày 22.12.2024 của Bộ Chính trị.",
])
def test_abbreviations_and_decimals_do_not_end_a_sentence(sentence: str) -> None:
    assert sentences(sentence) == [sentence]


def test_sentence_spans_of_a_slice_are_absolute_offsets() -> None:
    text = "Mở đầu.\nTỉnh có 1.230 dịch vụ. Đạt 66%.\nKết."
    start = text.index("Tỉnh")
    end = text.index("\nKết")
    assert [text[a:b] for a, b in sentence_spans(text, start, end)] == ["Tỉnh có 1.230 dịch vụ.", "Đạt 66%."]


@pytest.mark.parametrize("size", SIZES)
def test_every_chunk_is_an_exact_span_of_its_article(articles: list[Article], size: int) -> None:
    for article in articles:
        for chunk in chunk_article(article, size):
            assert chunk.text == article.text[chunk.start:chunk.end]
            assert (chunk.title, chunk.date, chunk.province) == (article.title, article.date, article.province)


@pytest.mark.parametrize("size", SIZES)
def test_chunks_fit_the_size_unless_one_sentence_is_longer(articles: list[Article], size: int) -> None:
    for article in articles:
        for chunk in chunk_article(article, size):
            if len(chunk.text) > size:
                assert len(sentence_spans(article.text, chunk.start, chunk.end)) == 1, chunk.text[:80]


@pytest.mark.parametrize("size", SIZES)
def test_chunks_cover_the_article_in_order_and_cut_only_between_sentences(articles: list[Article],
                                                                          size: int) -> None:
    """No sentence is cut in half, dropped, or shown twice."""
    for article in articles:
        spans = sentence_spans(article.text)
        starts, ends = {a for a, _ in spans}, {b for _, b in spans}
        chunks = chunk_article(article, size)
        assert [c.ordinal for c in chunks] == list(range(len(chunks)))
        assert all(c.start in starts and c.end in ends for c in chunks)
        assert all(a.end <= b.start for a, b in zip(chunks, chunks[1:]))
        covered = "".join(c.text for c in chunks)
        assert "".join(covered.split()) == "".join(article.text.split())


def test_a_sentence_longer_than_the_limit_is_kept_whole(articles: list[Article]) -> None:
    article = next(a for a in articles if a.id == "thanhhoa-2023-cds-bai-2-the-che")
    chunk = next(c for c in chunk_article(article, 700) if "155 camera" in c.text)
    assert chunk.text.startswith("TP Sầm Sơn đã đầu tư") and chunk.text.endswith("trường học...")
    assert len(chunk.text) > 700


def test_chunk_ids_are_the_same_on_every_run(articles: list[Article]) -> None:
    ids = {a.id: [c.id for c in chunk_article(a, 700)] for a in articles}
    assert ids == {a.id: [c.id for c in chunk_article(a, 700)] for a in articles}
    code = ("import json, pathlib; from index.articles import read_corpus; from index.chunk import chunk_article; "
            f"corpus = read_corpus(pathlib.Path({str(CORPUS)!r})); "
            "print(json.dumps({a.id: [c.id for c in chunk_article(a, 700)] for a in corpus}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == ids


def test_editing_one_paragraph_changes_only_that_chunks_id() -> None:
    paragraphs = [f"Đoạn {i}: tỉnh đã số hóa {i * 1000} hồ sơ thủ tục hành chính trong năm 2023." * 4
                  for i in range(1, 5)]
    before = parse_article("thanhhoa-2023-test", "Tiêu đề\n" + "\n".join(paragraphs))
    paragraphs[2] = paragraphs[2].replace("3000", "3500")
    after = parse_article("thanhhoa-2023-test", "Tiêu đề\n" + "\n".join(paragraphs))
    old = [c.id for c in chunk_article(before, 400)]
    new = [c.id for c in chunk_article(after, 400)]
    assert len(old) == len(new) > 2
    changed = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
    assert len(changed) == 1 and "3500" in chunk_article(after, 400)[changed[0]].text


def test_repeated_paragraphs_get_distinct_ids() -> None:
    """Two identical passages must not collapse into one vector store entry."""
    line = "Toàn cảnh buổi làm việc về chuyển đổi số tại trụ sở UBND tỉnh Thanh Hóa, có đại diện các sở, ngành. " * 3
    article = parse_article("thanhhoa-2023-dup", f"Tiêu đề\n{line}\nĐoạn giữa khác hẳn.\n{line}")
    chunks = [c for c in chunk_article(article, 300) if c.text == line.strip()]
    assert len(chunks) == 2 and chunks[0].id != chunks[1].id


def test_the_same_text_in_another_article_gets_another_id() -> None:
    a = parse_article("thanhhoa-2023-a", "Tiêu đề\nTỉnh có 1.230 dịch vụ công trực tuyến.")
    b = parse_article("binhdinh-2023-b", "Tiêu đề\nTỉnh có 1.230 dịch vụ công trực tuyến.")
    assert {c.id for c in chunk_article(a, 700)}.isdisjoint(c.id for c in chunk_article(b, 700))
