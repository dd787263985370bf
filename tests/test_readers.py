"""Each reader on a report made here (tests/documents.py), and the files that must be refused by name."""

from __future__ import annotations

import socket
import zipfile
from pathlib import Path

import pytest

from index.articles import read_article, read_corpus
from index.errors import ArticleUnreadable, FileRefused
from index.readers import ocr
from index.readers.intake import check_offered, kind_of, safe_stem
from index.readers.layout import pages_as_text, paragraphs
from tests import documents as d

needs_font = pytest.mark.skipif(d.FONT is None, reason="no TrueType font with Vietnamese letters (make system)")


def test_a_docx_reads_headings_paragraphs_and_table_rows_in_order(tmp_path: Path):
    article = read_article(d.docx_report(tmp_path / "nghean-2024-12-20-tong-ket.docx"))
    lines = article.text.split("\n")
    assert article.title == lines[0] == d.DOCX_TITLE
    assert article.date == "2024-12-20" and article.province == "Nghệ An"
    assert lines.index("I. Kết quả đạt được") < lines.index(d.DOCX_PARAGRAPHS[1])
    assert "Tỷ lệ hồ sơ trực tuyến: năm 2023 61,2%; năm 2024 77,5%." in lines
    assert lines.index("Số trạm BTS 5G: năm 2023 120; năm 2024 436.") < lines.index(
        "Kết luận: tỉnh tiếp tục đẩy mạnh chuyển đổi số trong năm 2025.")


def test_a_docx_table_reads_like_the_same_table_typed_as_text(tmp_path: Path):
    typed = "\n".join(" | ".join(row) for row in d.DOCX_TABLE)
    from index.tables import tables_as_sentences

    docx_lines = read_article(d.docx_report(tmp_path / "bang.docx")).text.split("\n")
    assert all(sentence in docx_lines for sentence in tables_as_sentences(typed).split("\n"))


def test_a_saved_portal_page_keeps_the_article_only_and_fetches_nothing(tmp_path: Path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the HTML reader tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    article = read_article(d.portal_page(tmp_path / "quangninh-dvc.html"))
    assert article.title == d.PAGE_TITLE and article.date == "2024-09-26" and article.province == "Quảng Ninh"
    assert d.PAGE_FACT in article.text
    assert "Tài khoản VNeID mức 2: năm 2023 612.000; năm 2024 801.500." in article.text
    for noise in (d.MENU, d.AD, d.RELATED, d.FOOTER, "Trang chủ"):
        assert noise not in article.text


@needs_font
def test_a_multi_page_pdf_drops_running_headers_and_page_numbers_and_joins_wrapped_lines(tmp_path: Path):
    article = read_article(d.pdf_report(tmp_path / "hatinh-bao-cao-2024.pdf"))
    lines = article.text.split("\n")
    assert d.PDF_FACT in lines  # wrapped over three lines in the PDF, one paragraph here
    assert d.PDF_HEADER not in article.text and "Trang " not in article.text
    assert [line for line in lines if line[:2] in ("1.", "2.", "3.", "4.", "5.")] == [
        f"{i}. {s}" for i, s in enumerate(d.SECTIONS, 1)]
    assert all(line.endswith(".") for line in lines if line[:1] in "SUVC")  # no paragraph cut at a page break
    assert article.province == "Hà Tĩnh"


def test_layout_joins_lines_and_drops_what_every_page_repeats():
    pages = [f"Báo cáo số 12/BC-UBND\nDòng đầu của trang {i} viết dài để xuống\ndòng tiếp theo.\n- {i}" for i in (1, 2, 3)]
    assert pages_as_text(pages).split("\n") == [f"Dòng đầu của trang {i} viết dài để xuống dòng tiếp theo."
                                                for i in (1, 2, 3)]
    assert paragraphs(["Năm 2024, tỉnh có 96 xã", "", "triển khai mô hình.", "", "Tiếp theo."]) == \
        "Năm 2024, tỉnh có 96 xã triển khai mô hình.\nTiếp theo."  # OCR's blank line inside a paragraph


@needs_font
def test_a_scan_is_read_by_ocr_or_named_and_skipped(tmp_path: Path):
    scan = d.scanned_pdf(tmp_path / "laocai-2024-ban-quet.pdf")
    if ocr.missing() is None:
        article = read_article(scan)
        assert "4.210 thành viên" in article.text and article.province == "Lào Cai"
    else:
        with pytest.raises(ArticleUnreadable, match="laocai-2024-ban-quet.pdf") as err:
            read_article(scan)
        assert "OCR" in err.value.vi and "apt-get install tesseract-ocr" in err.value.en


@needs_font
def test_without_ocr_a_scan_is_named_and_the_rest_of_the_corpus_is_read(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    d.scanned_pdf(tmp_path / "ban-quet.pdf")
    d.docx_report(tmp_path / "nghean-bao-cao.docx")
    warnings: list[str] = []
    articles = read_corpus(tmp_path, warnings.append)
    assert [a.id for a in articles] == ["nghean-bao-cao"]
    assert len(warnings) == 1 and "ban-quet.pdf" in warnings[0] and "chưa cài Tesseract" in warnings[0]
    assert warnings[0].index("Không đọc được") < warnings[0].index("Cannot read")  # Vietnamese first


def _encrypted_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Bao cao mat")
    pdf.set_encryption(owner_password="chu", user_password="mat-khau")
    pdf.output(str(path))
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("make, says", [
    (lambda p: _encrypted_pdf(p / "mat.pdf"), "mật khẩu"),
    (lambda p: _write(p / "hong.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage"), "hỏng"),
    (lambda p: _write(p / "trong.pdf", b""), "hỏng"),
    (lambda p: _zip(p / "bom.docx", {"word/document.xml": b"\0" * 5_000_000}), "bom ZIP"),
    (lambda p: _zip(p / "khong-phai-word.docx", {"a.txt": b"x"}), "không phải tệp Word"),
    (lambda p: _write(p / "ma-hoa.docx", bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512), "mã hóa"),
    (lambda p: _write(p / "menu.html", b"<html><body><nav><a href='/'>Trang ch\xe1\xbb\xa7</a></nav></body></html>"),
     "không có nội dung bài viết"),
])
def test_a_bad_file_is_named_with_what_is_wrong(tmp_path: Path, make, says: str):
    path = make(tmp_path)
    with pytest.raises(ArticleUnreadable) as err:
        read_article(path)
    assert path.name in err.value.vi and says in err.value.vi and path.name in err.value.en


def test_an_offered_file_s_type_is_read_from_its_content_not_its_name():
    assert kind_of(b"%PDF-1.7 ...", "bao-cao.txt") == ".pdf"
    assert kind_of(b"PK\x03\x04...", "bao-cao.pdf") == ".docx"
    assert kind_of(b"<!DOCTYPE html><html>", "trang.txt") == ".html"
    assert kind_of("Báo cáo\nNội dung".encode(), "ghi-chu.md") == ".md"
    for head, name in ((b"\x89PNG\r\n\x1a\n\0\0", "anh.pdf"), (b"MZ\x90\0\x03\0", "chuong-trinh.docx"), (b"", "x.txt")):
        with pytest.raises(FileRefused, match=name.replace(".", r"\.")):
            kind_of(head, name)


def test_an_offered_file_gets_a_safe_new_name_and_a_size_check(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "thanhhoa-bao-cao.txt").write_text("Bài cũ", encoding="utf-8")
    offered = tmp_path / "tep"
    offered.write_text("Báo cáo mới về chuyển đổi số.", encoding="utf-8")
    assert safe_stem("../../etc/Báo cáo Thanh Hóa 2024.docx") == "bao-cao-thanh-hoa-2024"
    assert check_offered(offered, "..\\..\\Nghệ An.txt", 1000, corpus, set()) == "nghe-an.txt"
    with pytest.raises(FileRefused, match="thanhhoa-bao-cao"):  # never overwrites an article
        check_offered(offered, "Thanhhoa bao cao.pdf", 1000, corpus, set())
    with pytest.raises(FileRefused, match="nghe-an"):  # nor one added before it in the same batch
        check_offered(offered, "nghe-an.txt", 1000, corpus, {"nghe-an"})
    with pytest.raises(FileRefused, match="too large"):
        check_offered(offered, "lon.txt", 10, corpus, set())
    bomb = _zip(tmp_path / "bom", {"word/document.xml": b"\0" * 5_000_000})
    with pytest.raises(FileRefused, match="bom ZIP"):
        check_offered(bomb, "bom.docx", 10_000_000, corpus, set())


def test_two_files_of_one_stem_are_one_article_and_a_warning(tmp_path: Path):
    (tmp_path / "bao-cao.txt").write_text("Báo cáo\nNội dung ngày 1/2/2024.", encoding="utf-8")
    d.docx_report(tmp_path / "bao-cao.docx")
    warnings: list[str] = []
    assert len(read_corpus(tmp_path, warnings.append)) == 1
    assert len(warnings) == 1 and "same id" in warnings[0]
