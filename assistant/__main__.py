"""Command line: ``python -m assistant build | search | ask | chat``."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from assistant import summarize_cli
from assistant.api import Assistant, build, clean_question
from assistant.settings import Settings
from assistant.types import Answer
from index.errors import UserFacingError
from index.types import SearchFilters, date_bounds


def _filters(args: argparse.Namespace) -> SearchFilters | None:
    """--date-from 2023 means 2023-01-01, --date-to 2023 means 2023-12-31 (as precise as given)."""
    provinces = tuple(args.province or ())
    date_from = date_bounds(args.date_from)[0] if args.date_from else None
    date_to = date_bounds(args.date_to)[1] if args.date_to else None
    f = SearchFilters(provinces, date_from, date_to)
    return None if f.is_empty else f


def _cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    report = build(settings, progress=not args.quiet)
    print(f"Đã lập chỉ mục {report.articles} bài, {report.chunks} đoạn "
          f"({report.embedded} đoạn mới được nhúng, {report.reused} dùng lại) trong {report.seconds:.1f} s.")
    for label, ids in (("thêm", report.added_articles), ("đổi", report.changed_articles),
                       ("xóa", report.removed_articles)):
        if ids:
            print(f"  {label}: {', '.join(ids)}")
    return 0


def _cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    clean_question(args.question, settings.max_question_chars)  # a bad question is told before any loading
    passages = Assistant.from_settings(settings).search(args.question, args.k, _filters(args))
    if args.json:
        print(json.dumps([asdict(p) for p in passages], ensure_ascii=False, indent=2))
        return 0
    if not passages:
        print("Không tìm thấy đoạn nào phù hợp. / No matching passage.")
    for rank, p in enumerate(passages, 1):
        print(f"{rank}. [{p.score:.4f}] {p.title} — {p.date or '?'} — {p.province or '?'} ({p.article_id})")
        print(f"   {p.text[:300]}{'…' if len(p.text) > 300 else ''}\n")
    return 0


def render_answer(answer: Answer) -> str:
    lines = [answer.text]
    if answer.citations:
        lines.append("\nNguồn:")
        for c in answer.citations:
            lines.append(f"[{c.number}] {c.title} ({c.date or 's.d.'}; {c.article_id})\n    “{c.quote}”")
    return "\n".join(lines)


def _cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    clean_question(args.question, settings.max_question_chars)
    answer = Assistant.from_settings(settings).ask(args.question, filters=_filters(args))
    print(json.dumps(asdict(answer), ensure_ascii=False, indent=2) if args.json else render_answer(answer))
    return 0


def _cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    assistant = Assistant.from_settings(settings)
    history: list[str] = []
    print("Hỏi về các báo cáo chuyển đổi số (dòng trống hoặc Ctrl-D để thoát).")
    for line in sys.stdin:
        question = line.strip()
        if not question:
            break
        try:
            print(render_answer(assistant.ask(question, history, _filters(args))) + "\n")
            history.append(question)
        except UserFacingError as exc:
            print(exc.message, file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m assistant", description="Tra cứu CĐS")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="lập/cập nhật chỉ mục / build or update the index")
    b.add_argument("--quiet", action="store_true")
    for name, helptext in (("search", "tìm đoạn văn / search passages"), ("ask", "hỏi / ask"),
                           ("chat", "hội thoại / chat")):
        s = sub.add_parser(name, help=helptext)
        if name != "chat":
            s.add_argument("question")
            s.add_argument("--json", action="store_true")
        if name == "search":
            s.add_argument("-k", type=int, default=None)
        s.add_argument("--province", action="append", help="lọc theo tỉnh (lặp lại được)")
        s.add_argument("--date-from", help="YYYY-MM-DD")
        s.add_argument("--date-to", help="YYYY-MM-DD")
    summarize_cli.add_parser(sub)
    return p


COMMANDS = {"build": _cmd_build, "search": _cmd_search, "ask": _cmd_ask, "chat": _cmd_chat,
            "summarize": summarize_cli.run}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args, Settings())
    except UserFacingError as exc:
        print(exc.message, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
