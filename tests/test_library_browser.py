"""End to end in Chromium: a Word report dropped on the library tab is read, indexed and then answered in the
chat, its citation opening the article with the original file to download (the app over a corpus copy, the
hashing embedder). Every wait is bounded; nothing sleeps."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_app_browser import CHROMIUM, WAIT_MS, ask, free_port, shot

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian Chromium is not installed (apt-get install -y chromium; see `make browser`)")

from playwright.sync_api import expect, sync_playwright  # noqa: E402

import app  # noqa: E402
from assistant.api import Assistant, build  # noqa: E402
from tests import documents as d  # noqa: E402
from tests.conftest import CORPUS, make_settings  # noqa: E402
from tests.fakes import HashEmbedder  # noqa: E402


def test_a_docx_dropped_on_the_library_is_answered_in_the_chat(tmp_path: Path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = make_settings(tmp_path, corpus, ui_port=free_port(), feedback_path=tmp_path / "feedback.jsonl")
    embedder = HashEmbedder()
    build(settings, embedder=embedder, progress=False)
    demo = app.create_app(Assistant.from_settings(settings, embedder=embedder), settings, reveal_delay=0.005)
    app.launch(demo, settings, prevent_thread_lock=True, quiet=True)
    report = d.docx_report(tmp_path / "Nghệ An tổng kết 2024.docx")
    url = f"http://127.0.0.1:{settings.ui_port}"
    elsewhere: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True).new_page()
            page.on("request", lambda r: None if r.url.startswith(url) else elsewhere.append(r.url))
            page.goto(url)
            expect(page.locator("#cds-status")).to_contain_text("Đã sẵn sàng", timeout=WAIT_MS)
            page.get_by_role("tab", name="Thư viện").click()
            expect(page.locator("#cds-lib-table")).to_contain_text("Đoàn công tác", timeout=WAIT_MS)
            page.locator("#cds-lib-upload input[type=file]").set_input_files(str(report))
            expect(page.locator("#cds-lib-notice")).to_contain_text("Đã thêm 1 bài", timeout=WAIT_MS)
            expect(page.locator("#cds-lib-table")).to_contain_text(d.DOCX_TITLE, timeout=WAIT_MS)
            shot(page, "10-library-added")

            page.get_by_role("tab", name="Hỏi đáp").click()
            ask(page, "Nghệ An lắp đặt bao nhiêu camera giám sát năm 2024?", answers=1)
            expect(page.locator("#cds-chat")).to_contain_text("1.850")
            card = page.locator("#cds-sources a.cds-source", has_text=d.DOCX_TITLE)
            expect(card).to_have_count(1)
            card.click()
            expect(page.locator("#cds-viewer #cds-focus")).to_contain_text("1.850", timeout=WAIT_MS)
            original = page.locator("#cds-original")
            expect(original).to_be_visible(timeout=WAIT_MS)
            with page.expect_download(timeout=WAIT_MS) as download:
                original.click()
            assert download.value.suggested_filename == "nghe-an-tong-ket-2024.docx"
            assert Path(download.value.path()).read_bytes() == report.read_bytes()
            shot(page, "11-answer-from-the-added-docx")
            browser.close()
    finally:
        demo.close()
    assert elsewhere == [], f"the page fetched from outside the app: {elsewhere}"
