"""``python -m assistant summarize``: a summary of a scope as Markdown (stdout or a file) or a Word file.

``scope_from_inputs`` reads the scope as a person types it (CLI options, the app's "Tóm tắt" tab).
"""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path

from assistant.api import Assistant
from assistant.export import to_docx, to_markdown
from assistant.settings import Settings
from assistant.summarize import SummaryScope, summarize
from index.errors import UserFacingError
from index.provinces import provinces_in
from index.types import date_bounds

_ISO = re.compile(r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?")


class InvalidPeriod(UserFacingError):
    def __init__(self, text: str):
        super().__init__(
            f"Thời gian “{text}” không hợp lệ. Hãy nhập năm (2025), tháng (2025-05) hoặc ngày (2025-05-09).",
            f"Invalid date “{text}”. Enter a year (2025), a month (2025-05) or a day (2025-05-09).")


class ReversedPeriod(UserFacingError):
    def __init__(self) -> None:
        super().__init__("Ngày bắt đầu đang sau ngày kết thúc. Hãy sửa lại khoảng thời gian.",
                         "The start date is after the end date. Please fix the period.")


class SummaryNotWritten(UserFacingError):
    def __init__(self, path: Path, reason: str):
        super().__init__(f"Không ghi được tệp {path}: {reason}.", f"Cannot write {path}: {reason}.")


def period_bound(text: str | None, last: bool) -> int | None:
    """``2025``, ``2025-05`` or ``2025-05-09`` as yyyymmdd: its first day, or its last when ``last``."""
    text = (text or "").strip()
    if not text:
        return None
    if not _ISO.fullmatch(text):
        raise InvalidPeriod(text)
    parts = [int(p) for p in text.split("-")]
    try:
        date(*parts, *[1] * (3 - len(parts)))
    except ValueError:
        raise InvalidPeriod(text) from None
    return date_bounds("-".join(f"{p:02d}" for p in parts))[1 if last else 0]


def scope_from_inputs(provinces: list[str] | None, date_from: str | None, date_to: str | None,
                      topic: str | None) -> SummaryScope:
    """Province names as typed (accents optional), a period, a topic."""
    lo, hi = period_bound(date_from, last=False), period_bound(date_to, last=True)
    if lo is not None and hi is not None and lo > hi:
        raise ReversedPeriod()
    names = tuple(dict.fromkeys(p for name in provinces or () for p in provinces_in(name) or [name.strip()]))
    return SummaryScope(names, lo, hi, (topic or "").strip())


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("summarize", help="tóm tắt các bài viết / summarize the articles")
    p.add_argument("--province", action="append", help="tỉnh/thành (lặp lại được)")
    p.add_argument("--from", dest="date_from", help="YYYY, YYYY-MM hoặc YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="YYYY, YYYY-MM hoặc YYYY-MM-DD")
    p.add_argument("--topic", default="", help="chủ đề, ví dụ “Đề án 06”")
    p.add_argument("--max-chars", type=int, default=None, help="độ dài tối đa (mặc định CDS_SUMMARY_MAX_CHARS)")
    p.add_argument("--format", choices=("md", "docx"), help="mặc định: theo đuôi tệp -o, hoặc md")
    p.add_argument("-o", "--output", type=Path, help="tệp kết quả; không có: in Markdown ra màn hình")


def run(args: argparse.Namespace, settings: Settings, assistant: Assistant | None = None) -> int:
    scope = scope_from_inputs(args.province, args.date_from, args.date_to, args.topic)
    summary = summarize(assistant or Assistant.from_settings(settings), scope, args.max_chars)
    output: Path | None = args.output
    fmt = args.format or ("docx" if output and output.suffix.lower() == ".docx" else "md")
    if output is None and fmt == "md":
        print(to_markdown(summary), end="")
        return 0
    output = output or Path("tom-tat.docx")
    try:
        if fmt == "docx":
            to_docx(summary, output)
        else:
            output.write_text(to_markdown(summary), encoding="utf-8")
    except OSError as exc:
        raise SummaryNotWritten(output, exc.strerror or str(exc)) from exc
    print(f"Đã ghi tóm tắt ({len(summary.sentences)} câu, {len(summary.citations)} nguồn) vào {output}.")
    return 0
