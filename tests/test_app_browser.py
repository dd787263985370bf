"""End to end: the app served on a free port over the fake index, driven by headless Debian Chromium.

Screenshots land in tests/artifacts/ (git-ignored). Every wait is bounded; nothing sleeps.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian Chromium is not installed (apt-get install -y chromium; see `make browser`)")

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

import app  # noqa: E402
from ui.page import EXAMPLES  # noqa: E402
from tests.conftest import make_settings  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
QUESTION = "Ai đồng chủ trì buổi làm việc ngày 16/5?"
TITLE_16_5 = "Đoàn công tác Bộ Công an làm việc với Tỉnh ủy Thanh Hóa về chuyển đổi số"
XSS = "<img src=x onerror=alert(1)>"
WAIT_MS = 20_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served(NamedTuple):
    url: str
    feedback: Path
    demo: Any


def serve(assistant: Any, tmp: Path, **settings_overrides: Any) -> Served:
    settings = make_settings(tmp, feedback_path=tmp / "feedback.jsonl", ui_port=free_port(), **settings_overrides)
    demo = app.create_app(assistant, settings, reveal_delay=0.005)
    app.launch(demo, settings, prevent_thread_lock=True, quiet=True)
    return Served(f"http://127.0.0.1:{settings.ui_port}", settings.feedback_path, demo)


@pytest.fixture(scope="module")
def server(fake_assistant, tmp_path_factory) -> Iterator[Served]:
    """The app on the default host (loopback) over the fake index."""
    served = serve(fake_assistant, tmp_path_factory.mktemp("app"))
    yield served
    served.demo.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, server) -> Iterator[Page]:
    """A fresh page on the app; afterwards, asserts it fetched nothing but the app itself (offline)."""
    url = server.url
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    elsewhere: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(url) else elsewhere.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    expect(page.locator("#cds-status")).to_contain_text("Đã sẵn sàng", timeout=WAIT_MS)
    yield page
    context.close()
    assert elsewhere == [], f"the page fetched from outside the app: {elsewhere}"
    assert dialogs == [], f"a script ran in the page: {dialogs}"


def ask(page: Page, question: str, answers: int) -> None:
    """Types ``question``, sends it, and waits until the chat holds ``answers`` finished answers."""
    box = page.locator("#cds-question textarea")
    box.fill(question)
    box.press("Enter")
    finished = page.locator("#cds-chat .cds-answer:not(.cds-pending):not(.cds-streaming)")
    expect(finished).to_have_count(answers, timeout=WAIT_MS)


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_an_answer_shows_its_source_and_a_click_opens_the_article_at_the_passage(page: Page):
    shot(page, "01-start")
    ask(page, QUESTION, answers=1)
    expect(page.locator("#cds-chat")).to_contain_text("Nguyễn Doãn Anh")
    card = page.locator("#cds-sources a.cds-source", has_text=TITLE_16_5)
    expect(card).to_have_count(1)
    expect(card.locator("mark")).to_contain_text("đồng chủ trì")
    shot(page, "02-answer-and-sources")

    card.click()
    focus = page.locator("#cds-viewer #cds-focus")
    expect(focus).to_contain_text("đồng chủ trì", timeout=WAIT_MS)
    expect(page.locator("#cds-viewer h3")).to_have_text(TITLE_16_5)
    expect(focus).to_be_in_viewport()

    ask(page, "Buổi làm việc đó bàn về những nội dung gì?", answers=2)
    page.locator("#cds-viewer").get_by_text("Toàn văn bài viết").click()  # collapse; a marker click reopens it
    page.locator("#cds-chat a.cds-cite").first.click()
    expect(focus).to_contain_text("đồng chủ trì", timeout=WAIT_MS)
    expect(focus).to_be_in_viewport()
    shot(page, "03-marker-opens-article")


def test_an_example_question_is_asked_with_one_click(page: Page):
    page.locator("#cds-chat").get_by_role("button", name=EXAMPLES[1]).click()
    finished = page.locator("#cds-chat .cds-answer:not(.cds-pending):not(.cds-streaming)")
    expect(finished).to_have_count(1, timeout=WAIT_MS)
    expect(finished).to_contain_text("1.230")
    expect(page.locator("#cds-sources a.cds-source")).not_to_have_count(0)


def test_a_question_with_markup_shows_literally(page: Page):
    ask(page, XSS, answers=1)
    expect(page.locator("#cds-chat")).to_contain_text(XSS)
    expect(page.locator("#cds-chat img")).to_have_count(0)
    page.locator("#cds-trace").get_by_text("Chi tiết truy xuất").click()
    expect(page.locator("#cds-trace")).to_contain_text(XSS)
    expect(page.locator("img[src='x']")).to_have_count(0)
    shot(page, "04-markup-shown-literally")


def test_empty_and_invalid_input_get_a_vietnamese_message(page: Page):
    page.locator("#cds-question textarea").press("Enter")
    expect(page.locator("#cds-notice")).to_contain_text("Vui lòng nhập câu hỏi", timeout=WAIT_MS)
    page.locator("#cds-date-from textarea, #cds-date-from input").fill("2023-13-45")
    page.locator("#cds-question textarea").fill(QUESTION)
    page.locator("#cds-question textarea").press("Enter")
    expect(page.locator("#cds-notice")).to_contain_text("không hợp lệ", timeout=WAIT_MS)
    expect(page.locator("#cds-chat .cds-answer")).to_have_count(0)
    shot(page, "05-invalid-date")


def test_thumbs_up_with_a_comment_is_saved_and_the_chat_exports_as_markdown(page: Page, server):
    feedback = server.feedback
    before = feedback.read_text(encoding="utf-8").splitlines() if feedback.exists() else []
    ask(page, QUESTION, answers=1)
    page.locator("#cds-chat").get_by_label("Like", exact=True).first.click()
    comment = page.locator("#cds-comment textarea, #cds-comment input")
    expect(comment).to_be_visible(timeout=WAIT_MS)
    comment.fill("Câu trả lời đúng, có nguồn rõ ràng.")
    page.get_by_role("button", name="Gửi góp ý").click()
    expect(page.locator("#cds-notice")).to_contain_text("Đã ghi nhận góp ý", timeout=WAIT_MS)
    shot(page, "06-feedback")
    records = [json.loads(line) for line in feedback.read_text(encoding="utf-8").splitlines()[len(before):]]
    comment_text = "Câu trả lời đúng, có nguồn rõ ràng."
    assert [(r["liked"], r["comment"]) for r in records] == [(True, None), (True, comment_text)]

    with page.expect_download(timeout=WAIT_MS) as download:
        page.locator("#cds-export").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename.endswith(".md")
    assert QUESTION in text and "Tài liệu tham khảo" in text and TITLE_16_5 in text

    page.get_by_role("button", name="Cuộc trò chuyện mới").click()
    expect(page.locator("#cds-chat .cds-answer")).to_have_count(0, timeout=WAIT_MS)
    expect(page.locator("#cds-sources")).to_contain_text("sau khi bạn đặt câu hỏi")


def test_the_app_binds_to_loopback_and_asks_for_a_login_when_a_user_is_set(server, fake_assistant, browser,
                                                                         tmp_path):
    assert server.demo.server_name == "127.0.0.1"
    guarded = serve(fake_assistant, tmp_path, ui_user="canbo", ui_password="mat-khau-1")
    page = browser.new_page()
    try:
        page.goto(guarded.url)
        expect(page.get_by_text("Tra cứu CĐS — đăng nhập")).to_be_visible(timeout=WAIT_MS)
        expect(page.locator("#cds-chat")).to_have_count(0)
        page.locator("input[type=text]").fill("canbo")
        page.locator("input[type=password]").fill("mat-khau-1")
        page.locator("input[type=password]").press("Enter")
        expect(page.locator("#cds-status")).to_contain_text("Đã sẵn sàng", timeout=WAIT_MS)
    finally:
        page.close()
        guarded.demo.close()
