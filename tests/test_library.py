"""The library through the facade and the CLI: reports of every format added, answered and cited to their own
file; bad files refused by name with nothing indexed lost; an article removed or corrected (hashing embedder)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.api import Assistant, build
from index.readers import ocr
from tests import documents as d
from tests.conftest import CORPUS, make_settings
from tests.fakes import HashEmbedder


@pytest.fixture
def library(tmp_path: Path) -> Assistant:
    """The bundled corpus, copied and indexed with the hashing embedder."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = make_settings(tmp_path, corpus)
    embedder = HashEmbedder()
    build(settings, embedder=embedder, progress=False)
    return Assistant.from_settings(settings, embedder=embedder)


def _offered(tmp_path: Path) -> list[tuple[Path, str]]:
    up = tmp_path / "tai-len"
    up.mkdir()
    files = [d.docx_report(up / "Nghệ An tổng kết 2024.docx"), d.portal_page(up / "quangninh-dvc.html")]
    if d.FONT is not None:
        files += [d.pdf_report(up / "hatinh-bao-cao-2024.pdf"), d.scanned_pdf(up / "laocai-ban-quet.pdf")]
    return [(f, f.name) for f in files]


def _cites(assistant: Assistant, question: str, article_id: str, figure: str) -> None:
    answer = assistant.ask(question)
    assert figure in answer.text and not answer.refused, answer.text
    assert answer.citations and answer.citations[0].article_id == article_id
    cite = answer.citations[0]
    assert assistant.article(article_id).text[cite.start:cite.end] == cite.quote  # spans point into the text shown
    assert figure in cite.quote


def test_reports_of_every_format_are_added_answered_and_cited_to_their_file(library: Assistant, tmp_path: Path):
    done = library.add_files(_offered(tmp_path))
    assistant = library.refreshed()
    assert assistant is not library and "nghe-an-tong-ket-2024" in done.added
    _cites(assistant, "Nghệ An lắp đặt bao nhiêu camera giám sát năm 2024?", "nghe-an-tong-ket-2024", "1.850")
    _cites(assistant, "Tỷ lệ hồ sơ trực tuyến của Nghệ An năm 2024 là bao nhiêu?", "nghe-an-tong-ket-2024", "77,5%")
    _cites(assistant, "Quảng Ninh có bao nhiêu dịch vụ công trực tuyến toàn trình?", "quangninh-dvc", "1.097")
    formats = {e.id: e.format for e in assistant.library()}
    assert formats["nghe-an-tong-ket-2024"] == "DOCX" and formats["quangninh-dvc"] == "HTML"
    assert assistant.original_file("quangninh-dvc").read_bytes() == (tmp_path / "tai-len/quangninh-dvc.html").read_bytes()
    if d.FONT is None:
        return
    _cites(assistant, "Hà Tĩnh đã cấp bao nhiêu chứng thư chữ ký số cá nhân?", "hatinh-bao-cao-2024", "215.400")
    if ocr.missing() is None:
        _cites(assistant, "Lào Cai có bao nhiêu thành viên tổ công nghệ số cộng đồng?", "laocai-ban-quet", "4.210")
    else:
        assert "laocai-ban-quet" not in done.added and any("laocai-ban-quet.pdf" in m for m in done.refused)


def test_bad_files_are_refused_by_name_and_nothing_indexed_is_lost(library: Assistant, tmp_path: Path):
    before = {a.id: a.sha256 for a in library.articles()}
    bad = tmp_path / "xau"
    bad.mkdir()
    (bad / "anh.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    (bad / "trong.txt").write_bytes(b"")
    (bad / "hong.pdf").write_bytes(b"%PDF-1.7\n garbage")
    (bad / "menu.html").write_text("<html><body><nav><a href='/'>Trang chủ</a></nav></body></html>", encoding="utf-8")
    existing = bad / "thanhhoa-2023-10-19-bo-tttt.txt"
    existing.write_text("Một bài khác cùng tên tệp.", encoding="utf-8")
    done = library.add_files([(p, p.name) for p in sorted(bad.iterdir())])
    assert done.added == [] and done.report is None
    for name in ("anh.pdf", "trong.txt", "hong.pdf", "menu.html", existing.name):
        assert sum(name in message for message in done.refused) == 1, (name, done.refused)
    assert all(m.index("Không thêm tệp") < m.index("not added") for m in done.refused)
    assert {a.id: a.sha256 for a in library.refreshed().articles()} == before
    assert sorted(p.name for p in library.settings.corpus_dir.iterdir()) == sorted(p.name for p in CORPUS.iterdir())


def test_an_article_is_corrected_in_its_sidecar_and_removed(library: Assistant, tmp_path: Path):
    library.add_files(_offered(tmp_path)[:1])
    assistant = library.refreshed()
    assistant.correct_article("nghe-an-tong-ket-2024", province="Hà Tĩnh", date="21/12/2024")
    sidecar = assistant.settings.corpus_dir / "nghe-an-tong-ket-2024.meta.json"
    assert json.loads(sidecar.read_text(encoding="utf-8")) == {"province": "Hà Tĩnh", "date": "2024-12-21"}
    assistant = assistant.refreshed()
    entry = next(e for e in assistant.library("nghe an tong ket") if e.id == "nghe-an-tong-ket-2024")
    assert (entry.province, entry.date) == ("Hà Tĩnh", "2024-12-21")
    with pytest.raises(Exception, match="Không có tỉnh/thành nào"):
        assistant.correct_article("nghe-an-tong-ket-2024", province="Xứ Wakanda")
    assistant.remove_article("nghe-an-tong-ket-2024")
    assistant = assistant.refreshed()
    assert "nghe-an-tong-ket-2024" not in {e.id for e in assistant.library()}
    assert not sidecar.exists() and not (assistant.settings.corpus_dir / "nghe-an-tong-ket-2024.docx").exists()
    assert "1.850" not in assistant.ask("Nghệ An lắp đặt bao nhiêu camera giám sát năm 2024?").text


def test_the_cli_adds_and_removes(tmp_path: Path, monkeypatch, capsys):
    from assistant.__main__ import main

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "binhdinh-2025-05-09-c06-de-an-06.txt", corpus)
    monkeypatch.setenv("CDS_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("CDS_DATA_DIR", str(tmp_path / "data"))
    report = d.docx_report(tmp_path / "nghean bao cao.docx")
    empty = tmp_path / "rong.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["add", str(report), str(empty)]) == 2  # one refused
    out = capsys.readouterr()
    assert "nghean-bao-cao" in out.out and "rong.txt" in out.err and "tệp rỗng" in out.err
    assert (corpus / "nghean-bao-cao.docx").exists() and not (corpus / "rong.txt").exists()
    assert main(["remove", "nghean-bao-cao"]) == 0
    assert not (corpus / "nghean-bao-cao.docx").exists()
    assert main(["remove", "khong-co"]) == 2
    assert "khong-co" in capsys.readouterr().err


def test_a_page_open_to_the_network_without_a_login_cannot_change_the_library(library: Assistant, tmp_path: Path):
    from ui.library_tab import LibraryTab

    before = [e.id for e in library.library("")]
    exposed = library.settings.model_copy(update={"ui_host": "0.0.0.0"})
    open_page = LibraryTab(lambda: Assistant.from_settings(exposed, embedder=library.embedder), tmp_path / "out")
    notice = open_page.remove(before[0], "")[0]
    assert "mật khẩu" in notice and "password" in notice
    upload = d.docx_report(tmp_path / "moi.docx")
    assert "mật khẩu" in open_page.add([str(upload)], "")[0]
    assert [e.id for e in library.library("")] == before  # nothing added, nothing removed
    with_login = exposed.model_copy(update={"ui_user": "vanthu", "ui_password": "mat-khau-dai"})
    page = LibraryTab(lambda: Assistant.from_settings(with_login, embedder=library.embedder), tmp_path / "out")
    assert "mật khẩu" not in page.remove(before[0], "")[0]
    assert before[0] not in [e.id for e in library.refreshed().library("")]
