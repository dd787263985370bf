"""index.articles: metadata of the real articles, sidecar overrides, and every way a corpus file can be bad."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.api import build
from index.articles import parse_article, read_article, read_corpus
from index.errors import ArticleUnreadable, EmptyCorpus
from index.types import Article
from tests.conftest import CORPUS, make_settings
from tests.fakes import HashEmbedder

BO_TTTT = "thanhhoa-2023-10-19-bo-tttt"
EXPECTED = {  # id: (title, date, province, author), read by hand from the files in corpus/
    "binhdinh-2025-05-09-c06-de-an-06": (
        "Đoàn công tác C06 (Bộ Công an) làm việc với UBND tỉnh về triển khai Đề án 06 và chuyển đổi số",
        "2025-05-09", "Bình Định", "Hồng Hà"),
    "thanhhoa-2023-08-01-so-ket-6-thang-2023": (
        "Sơ kết 6 tháng đầu năm 2023 về chuyển đổi số và Đề án 06 trên địa bàn tỉnh",
        "2023-08-01", "Thanh Hóa", "Hà Phương"),
    BO_TTTT: (
        "Quan tâm đẩy mạnh công tác chuyển đổi số, phát triển công nghiệp công nghệ thông tin",
        "2023-10-19", "Thanh Hóa", "Phong Sắc"),
    "thanhhoa-2023-cds-bai-2-the-che": (
        "Chuyển đổi số - khơi dậy tiềm năng, đưa Thanh Hóa phát triển đột phá (Bài 2): "
        "Hoàn thiện thể chế, thúc đẩy chuyển đổi số toàn diện",
        "2023", "Thanh Hóa", None),
    "thanhhoa-2025-05-16-bo-cong-an-nq57": (
        "Đoàn công tác Bộ Công an làm việc với Tỉnh ủy Thanh Hóa về chuyển đổi số",
        "2025-05-16", "Thanh Hóa", None),
}


@pytest.fixture(scope="module")
def corpus() -> dict[str, Article]:
    return {a.id: a for a in read_corpus(CORPUS)}


def copy_article(stem: str, dest: Path) -> Path:
    dest.mkdir(exist_ok=True)
    return Path(shutil.copy(CORPUS / f"{stem}.txt", dest / f"{stem}.txt"))


def write_sidecar(article: Path, content: str) -> None:
    article.with_name(article.stem + ".meta.json").write_text(content, encoding="utf-8")


@pytest.mark.parametrize("article_id", sorted(EXPECTED))
def test_real_article_metadata(corpus: dict[str, Article], article_id: str) -> None:
    a = corpus[article_id]
    assert (a.title, a.date, a.province, a.author) == EXPECTED[article_id]
    assert a.text.startswith(a.title + "\n")


def test_corpus_is_read_in_file_order(corpus: dict[str, Article]) -> None:
    assert list(corpus) == sorted(EXPECTED)


def test_a_leading_date_marker_is_not_part_of_the_title(corpus: dict[str, Article]) -> None:
    raw = (CORPUS / f"{BO_TTTT}.txt").read_text(encoding="utf-8")
    assert raw.startswith(" date 2023-10 ")
    assert "date 2023" not in corpus[BO_TTTT].text


def test_header_date_and_page_widgets_are_not_article_text(corpus: dict[str, Article]) -> None:
    assert "10/05/2025 28" not in corpus["binhdinh-2025-05-09-c06-de-an-06"].text
    so_ket = corpus["thanhhoa-2023-08-01-so-ket-6-thang-2023"].text
    assert not any(noise in so_ket for noise in ("Thăm dò ý kiến", "noData", "Không có dữ liệu"))
    assert so_ket.endswith("Tác giả: Hà Phương")


def test_article_text_is_normalised(corpus: dict[str, Article]) -> None:
    text = corpus["thanhhoa-2023-08-01-so-ket-6-thang-2023"].text
    assert "Thanh Hoá" in (CORPUS / "thanhhoa-2023-08-01-so-ket-6-thang-2023.txt").read_text(encoding="utf-8")
    assert "Hoá" not in text and "Tính đến ngày 20/2/2023, Thanh Hóa đã hoàn thành" in text


def test_sidecar_overrides_province_and_date(tmp_path: Path) -> None:
    path = copy_article(BO_TTTT, tmp_path)
    write_sidecar(path, json.dumps({"province": "Bình Định", "date": "2023-10-20"}, ensure_ascii=False))
    a = read_article(path)
    assert (a.province, a.date) == ("Bình Định", "2023-10-20")
    assert (a.title, a.author) == (EXPECTED[BO_TTTT][0], EXPECTED[BO_TTTT][3])


def test_sidecar_values_are_normalised_too(tmp_path: Path) -> None:
    path = copy_article(BO_TTTT, tmp_path)
    write_sidecar(path, json.dumps({"province": "Thanh Hoá", "author": "Phong  Sắc"}, ensure_ascii=False))
    a = read_article(path)
    assert (a.province, a.author) == ("Thanh Hóa", "Phong Sắc")


def test_changing_the_sidecar_changes_the_article_hash(tmp_path: Path) -> None:
    """The build decides what to refresh from this hash, so metadata edits must show up in it."""
    path = copy_article(BO_TTTT, tmp_path)
    before = read_article(path).sha256
    write_sidecar(path, json.dumps({"date": "2023-10-20"}))
    assert read_article(path).sha256 != before


@pytest.mark.parametrize("content, reason", [
    ('{"province": "Bình Định", "tinh": "Bình Định"}', "tinh"),
    ('{"province": "Bình Định",}', "JSON"),
    ('["Bình Định"]', "not an object"),
])
def test_a_bad_sidecar_is_an_unreadable_article_named_by_file(tmp_path: Path, content: str, reason: str) -> None:
    path = copy_article(BO_TTTT, tmp_path)
    write_sidecar(path, content)
    with pytest.raises(ArticleUnreadable) as err:
        read_corpus(tmp_path)
    assert f"{BO_TTTT}.meta.json" in err.value.vi and reason in err.value.en
    assert err.value.message.startswith("Không đọc được bài viết")


def test_a_sidecar_date_that_is_not_iso_is_reported_not_crashed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    path = copy_article(BO_TTTT, corpus)
    write_sidecar(path, '{"date": "9/5/2025"}')
    with pytest.raises(ArticleUnreadable, match=BO_TTTT):
        build(make_settings(tmp_path, corpus=corpus), embedder=HashEmbedder(), progress=False)


@pytest.mark.parametrize("encoding", ["cp1258", "latin-1"])
def test_a_file_that_is_not_utf8_is_named_in_the_error(tmp_path: Path, encoding: str) -> None:
    copy_article(BO_TTTT, tmp_path)
    (tmp_path / "bai-viet-cu.txt").write_bytes("Thanh Hoá đẩy mạnh chuyển đổi số".encode(encoding, "replace"))
    with pytest.raises(ArticleUnreadable) as err:
        read_corpus(tmp_path)
    assert "bai-viet-cu.txt" in err.value.vi and "UTF-8" in err.value.vi
    assert "bai-viet-cu.txt" in err.value.en


def test_an_empty_file_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "trong.txt").write_text("\n  \n", encoding="utf-8")
    with pytest.raises(ArticleUnreadable, match="trong.txt"):
        read_corpus(tmp_path)


@pytest.mark.parametrize("files", [[], ["ghi-chu.doc", "anh.jpg", "x.meta.json"]])
def test_a_folder_without_articles_is_an_empty_corpus(tmp_path: Path, files: list[str]) -> None:
    for name in files:
        (tmp_path / name).write_text("{}", encoding="utf-8")
    with pytest.raises(EmptyCorpus) as err:
        read_corpus(tmp_path)
    assert str(tmp_path) in err.value.vi and ".txt" in err.value.en


def test_a_missing_folder_is_an_empty_corpus(tmp_path: Path) -> None:
    with pytest.raises(EmptyCorpus):
        read_corpus(tmp_path / "khong-co")


def test_markdown_articles_are_read_with_a_clean_title(tmp_path: Path) -> None:
    copy_article(BO_TTTT, tmp_path)
    (tmp_path / "binhdinh-2025-06-01-ghi-chep.md").write_text(
        "# Bình Định số hóa hồ sơ\n\nTỉnh có **1.230** dịch vụ công trực tuyến toàn trình.\n", encoding="utf-8")
    articles = {a.id: a for a in read_corpus(tmp_path)}
    md = articles["binhdinh-2025-06-01-ghi-chep"]
    assert (md.title, md.date, md.province) == ("Bình Định số hóa hồ sơ", "2025-06-01", "Bình Định")
    assert "1.230" in md.text and BO_TTTT in articles


def test_a_byte_order_mark_does_not_reach_the_title(tmp_path: Path) -> None:
    (tmp_path / "thanhhoa-2024-bom.txt").write_bytes("\ufeffTiêu đề có BOM\nNội dung.".encode("utf-8"))
    assert read_corpus(tmp_path)[0].title == "Tiêu đề có BOM"


def test_date_falls_back_to_header_then_text_then_file_year() -> None:
    assert parse_article("bai-viet", " date 2023-10 Tiêu đề\nNội dung.").date == "2023-10"
    assert parse_article("bai-viet", "Tiêu đề\nSáng 01/8/2023, UBND tỉnh họp.").date == "2023-08-01"
    assert parse_article("thanhhoa-2024-tong-ket", "Tiêu đề\nNội dung không có ngày.").date == "2024"
    assert parse_article("bai-viet", "Tiêu đề\nNội dung không có ngày.").date is None


def test_province_comes_from_the_text_when_the_file_name_has_none() -> None:
    raw = "Tiêu đề\nĐoàn công tác làm việc với Bình Định. Bình Định và Thanh Hóa trao đổi. Bình Định tiếp thu."
    assert parse_article("bai-viet-2025", raw).province == "Bình Định"


def test_links_are_never_read_even_to_a_text_file(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    copy_article(BO_TTTT, corpus)
    secret = tmp_path / "mat-khau.txt"
    secret.write_text("Tin mật\nroot:x:0:0:root:/root:/bin/bash", encoding="utf-8")
    (corpus / "lien-ket.txt").symlink_to(secret)
    (corpus / "lien-ket-thu-muc.md").symlink_to(tmp_path)
    assert [a.id for a in read_corpus(corpus)] == [BO_TTTT]


@pytest.mark.parametrize("sidecar, problem", [
    ('{"province": null}', "province"), ('{"date": "2023-02-31"}', "2023-02-31"), ('{"author": 7}', "author"),
    ('{"date": "2023-13"}', "2023-13"),
])
def test_sidecar_values_are_type_checked_and_dates_are_real(tmp_path: Path, sidecar: str, problem: str) -> None:
    corpus = tmp_path / "corpus"
    path = copy_article(BO_TTTT, corpus)
    write_sidecar(path, sidecar)
    with pytest.raises(ArticleUnreadable) as err:
        read_corpus(corpus)
    assert BO_TTTT in err.value.message and problem in err.value.message


@pytest.mark.parametrize("header", ["date 2023-13 Tin thử", "date 2023-02-30 Tin thử"])
def test_a_header_date_the_calendar_lacks_names_the_file(header: str) -> None:
    with pytest.raises(ArticleUnreadable, match="bai-thu.txt"):
        parse_article("bai-thu", f"{header}\nNội dung.", "corpus/bai-thu.txt")


def test_dates_the_calendar_lacks_are_not_taken_from_names_or_text() -> None:
    article = parse_article("tin-2023-02-30-x", "Tin thử\nNgày 31/02/2024 và ngày 12/3/2024 tỉnh họp.")
    assert article.date == "2024-03-12"


def test_an_article_over_the_size_limit_is_reported_and_skipped(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    copy_article(BO_TTTT, corpus)
    (corpus / "qua-dai.txt").write_text("Tin dài\n" + "Thanh Hóa chuyển đổi số. " * 2000, encoding="utf-8")
    warnings: list[str] = []
    articles = read_corpus(corpus, warnings.append, max_chars=20_000)
    assert [a.id for a in articles] == [BO_TTTT] and "qua-dai.txt" in warnings[0]
