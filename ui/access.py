"""Who may reach the page: loopback by default, a loud warning when it is open to a network without a
password, and a login form that slows down guessing.

Gradio's login form is not HTTP basic auth: the browser shows Gradio's own page, which posts the user name and
password once and then keeps a session cookie. It offers no lockout of its own; ``LoginThrottle`` adds one.
"""

from __future__ import annotations

import hmac
import ipaddress
import threading
import time
from collections.abc import Callable

from assistant.settings import Settings

FAILURES_ALLOWED = 5  # wrong passwords for one user name before it waits
LOCKOUT_SECONDS = 60.0


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(settings: Settings) -> str:
    """A warning when the page listens beyond this machine with no password; "" otherwise."""
    if is_loopback(settings.ui_host) or settings.ui_user:
        return ""
    return (f"CẢNH BÁO: trang đang mở cho mạng ({settings.ui_host}) mà không có mật khẩu: ai kết nối được đều hỏi "
            "và gửi góp ý được (thư viện chỉ xem, không sửa được). Đặt CDS_UI_USER và CDS_UI_PASSWORD, hoặc CDS_UI_HOST=127.0.0.1.\n"
            f"WARNING: the page listens on the network ({settings.ui_host}) without a password: anyone who can "
            "reach it can ask and send feedback (the library stays read-only). Set CDS_UI_USER and CDS_UI_PASSWORD, or CDS_UI_HOST=127.0.0.1.")


def library_locked(settings: Settings) -> str:
    """Why the library may not be changed from this page ("" when it may): adding, correcting or removing
    articles changes what every user is answered from, so a page open to a network needs a login for it."""
    if not exposure_warning(settings):
        return ""
    return ("Trang đang mở cho mạng mà không có mật khẩu nên không thêm, sửa hay xóa bài được từ đây. Đặt "
            "CDS_UI_USER và CDS_UI_PASSWORD, hoặc dùng `python -m assistant add/remove` trên máy chủ.\n"
            "The page is open to the network without a password, so articles cannot be added, corrected or "
            "removed from it. Set CDS_UI_USER and CDS_UI_PASSWORD, or use `python -m assistant add/remove` on "
            "the server.")


class LoginThrottle:
    """Gradio's ``auth`` callable: the configured user and password, compared in constant time; after
    ``FAILURES_ALLOWED`` wrong tries a user name is refused for ``LOCKOUT_SECONDS``, even with the right password."""

    def __init__(self, user: str, password: str, clock: Callable[[], float] = time.monotonic):
        self._user, self._password, self._clock = user, password, clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def __call__(self, user: str, password: str) -> bool:
        now = self._clock()
        with self._lock:
            recent = [t for t in self._failures.get(user, []) if now - t < LOCKOUT_SECONDS]
            if len(recent) >= FAILURES_ALLOWED:
                self._failures[user] = recent
                return False
            ok = hmac.compare_digest(user.encode(), self._user.encode()) and \
                hmac.compare_digest(password.encode(), self._password.encode())
            self._failures[user] = [] if ok else recent + [now]
            return ok

