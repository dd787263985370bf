"""Who may reach the page, and what the app leaves on disk (ui/access.py, ui/files.py)."""

from __future__ import annotations

import os
import time

import pytest

from tests.conftest import make_settings
from ui.access import FAILURES_ALLOWED, LOCKOUT_SECONDS, LoginThrottle, exposure_warning, is_loopback
from ui.files import prune
from ui.page import launch_options


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("::1", True), ("localhost", True),
                                            ("0.0.0.0", False), ("192.168.1.5", False), ("", False)])
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def test_an_open_page_without_a_password_is_warned_about(tmp_path):
    assert "CẢNH BÁO" in exposure_warning(make_settings(tmp_path, ui_host="0.0.0.0"))
    assert exposure_warning(make_settings(tmp_path, ui_host="0.0.0.0", ui_user="a", ui_password="b")) == ""
    assert exposure_warning(make_settings(tmp_path)) == ""


def test_wrong_passwords_lock_a_user_name_for_a_while():
    now = [1000.0]
    login = LoginThrottle("canbo", "mat-khau", clock=lambda: now[0])
    assert login("canbo", "mat-khau")
    for _ in range(FAILURES_ALLOWED):
        assert not login("canbo", "sai")
    assert not login("canbo", "mat-khau")  # locked, even with the right password
    now[0] += LOCKOUT_SECONDS + 1
    assert login("canbo", "mat-khau")
    assert not login("khach", "mat-khau")


def test_launch_limits_uploads_and_throttles_logins(tmp_path):
    options = launch_options(make_settings(tmp_path, ui_user="a", ui_password="b", upload_max_bytes=1234))
    assert options["max_file_size"] == 1234 and isinstance(options["auth"], LoginThrottle)
    assert launch_options(make_settings(tmp_path))["auth"] is None


def test_old_exports_are_pruned(tmp_path):
    old, new = tmp_path / "cu.md", tmp_path / "moi.md"
    old.write_text("x")
    new.write_text("y")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    prune(tmp_path)
    assert not old.exists() and new.exists()


def test_gradio_s_upload_route_takes_files_up_to_the_size_setting_only(fake_assistant, tmp_path):
    import socket

    import httpx

    from ui.page import create_app, launch

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = make_settings(tmp_path, ui_port=port, upload_max_bytes=1000)
    demo = create_app(fake_assistant, settings, reveal_delay=0)
    launch(demo, settings, prevent_thread_lock=True, quiet=True)
    try:
        url = f"http://127.0.0.1:{port}/gradio_api/upload"
        assert httpx.post(url, files={"files": ("bai.txt", b"abc")}).status_code == 200
        refused = httpx.post(url, files={"files": ("lon.txt", b"x" * 5000)})
        assert refused.status_code == 413
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 200
    finally:
        demo.close()


def test_a_read_only_data_dir_is_said_to_be_read_only(tmp_path, monkeypatch):
    import chromadb

    from index.errors import VectorStoreUnavailable
    from index.store import open_chroma

    def read_only(*args, **kwargs):
        raise RuntimeError("attempt to write a readonly database")

    monkeypatch.setattr(chromadb, "PersistentClient", read_only)
    with pytest.raises(VectorStoreUnavailable) as err:
        open_chroma(tmp_path, "cds_x")
    assert "chỉ cho phép đọc" in err.value.vi and "read-only" in err.value.en
