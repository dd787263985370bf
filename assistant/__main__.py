"""Command line, thin over the facade: ``python -m assistant build | search | ask | chat | summarize | add |
remove``."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from assistant.api import Assistant, build, clean_question
from assistant.dates import search_filters
from assistant.errors import FileNotWritten
from assistant.library import add_files, remove
from assistant.settings import Settings
from assistant.summary.export import to_docx, to_markdown
from assistant.summary.summarize import scope_from_inputs
from assistant.types import Answer
from index.errors import UserFacingError
from index.types import SearchFilters

_DATE_HELP = "YYYY, YYYY-MM, YYYY-MM-DD, MM/YYYY hoặc DD/MM/YYYY"


def _filters(args: argparse.Namespace) -> SearchFilters | None:
    """--date-from 2023 means 2023-01-01, --date-to 2023 means 2023-12-31 (as precise as given)."""
    return search_filters(args.province, args.date_from, args.date_to)


def _cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    if args.workers is not None:
        settings = settings.model_copy(update={"embed_workers": args.workers})
    report = build(settings, progress=not args.quiet)
    print(f"Đã lập chỉ mục {report.articles} bài, {report.chunks} đoạn "
          f"({report.embedded} đoạn mới được nhúng, {report.reused} dùng lại) trong {report.seconds:.1f} s.")
    for label, ids in (("thêm", report.added_articles), ("đổi", report.changed_articles),
                       ("xóa", report.removed_articles)):
        if ids:
            print(f"  {label}: {', '.join(ids)}")
    return 0


def _cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    """``add FILE…``: each file checked, read and copied into the corpus, then one build; exit 2 if any refused."""
    done = add_files(settings, [(Path(f), Path(f).name) for f in args.files], lambda: build(settings))
    for message in done.refused:
        print(message, file=sys.stderr)
    if done.added:
        print(f"Đã thêm {len(done.added)} bài: {', '.join(done.added)}.")
    return 2 if done.refused else 0


def _cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    report = remove(settings, args.id, lambda: build(settings))
    print(f"Đã xóa bài {args.id}; chỉ mục còn {report.articles} bài.")
    return 0


def _cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    clean_question(args.question, settings.max_question_chars)  # a bad question is told before any loading
    filters = _filters(args)
    passages = Assistant.from_settings(settings).search(args.question, args.k, filters)
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
    filters = _filters(args)
    answer = Assistant.from_settings(settings).ask(args.question, filters=filters)
    print(json.dumps(asdict(answer), ensure_ascii=False, indent=2) if args.json else render_answer(answer))
    return 0


def _cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    filters = _filters(args)
    assistant = Assistant.from_settings(settings)
    answers: list[Answer] = []
    print("Hỏi về các báo cáo chuyển đổi số (dòng trống hoặc Ctrl-D để thoát).")
    if hasattr(sys.stdin, "reconfigure"):  # bytes that are not UTF-8 arrive as lone surrogates, then dropped
        sys.stdin.reconfigure(errors="surrogateescape")
    for line in sys.stdin:
        question = line.strip()
        if not question:
            break
        try:
            assistant = assistant.refreshed()  # a rebuild meanwhile: answer from the new index
            answers.append(assistant.ask(question, answers, filters))
            print(render_answer(answers[-1]) + "\n")
        except UserFacingError as exc:
            print(exc.message, file=sys.stderr)
    return 0


def summarize_command(args: argparse.Namespace, settings: Settings, assistant: Assistant | None = None) -> int:
    """``summarize``: Markdown on stdout, or a .md/.docx file (``assistant`` given by tests, else opened)."""
    scope = scope_from_inputs(args.province, args.date_from, args.date_to, args.topic)
    summary = (assistant or Assistant.from_settings(settings)).summarize(scope, args.max_chars)
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
        raise FileNotWritten(output, exc.strerror or str(exc)) from exc
    print(f"Đã ghi tóm tắt ({len(summary.sentences)} câu, {len(summary.citations)} nguồn) vào {output}.")
    return 0


def _add_summarize(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("summarize", help="tóm tắt các bài viết / summarize the articles")
    p.add_argument("--province", action="append", help="tỉnh/thành (lặp lại được)")
    p.add_argument("--from", dest="date_from", help=_DATE_HELP)
    p.add_argument("--to", dest="date_to", help=_DATE_HELP)
    p.add_argument("--topic", default="", help="chủ đề, ví dụ “Đề án 06”")
    p.add_argument("--max-chars", type=int, default=None, help="độ dài tối đa (mặc định CDS_SUMMARY_MAX_CHARS)")
    p.add_argument("--format", choices=("md", "docx"), help="mặc định: theo đuôi tệp -o, hoặc md")
    p.add_argument("-o", "--output", type=Path, help="tệp kết quả; không có: in Markdown ra màn hình")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m assistant", description="Tra cứu CĐS")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="lập/cập nhật chỉ mục / build or update the index")
    b.add_argument("--quiet", action="store_true")
    b.add_argument("--workers", type=int, choices=range(0, 1025), metavar="N",
                   help="số luồng CPU để nhúng, 0 = tất cả / CPU threads for embedding, 0 = all cores")
    for name, helptext in (("search", "tìm đoạn văn / search passages"), ("ask", "hỏi / ask"),
                           ("chat", "hội thoại / chat")):
        s = sub.add_parser(name, help=helptext)
        if name != "chat":
            s.add_argument("question")
            s.add_argument("--json", action="store_true")
        if name == "search":
            s.add_argument("-k", type=int, default=None)
        s.add_argument("--province", action="append", help="lọc theo tỉnh (lặp lại được)")
        s.add_argument("--date-from", help=_DATE_HELP)
        s.add_argument("--date-to", help=_DATE_HELP)
    _add_summarize(sub)
    add = sub.add_parser("add", help="thêm tệp (.txt .md .html .docx .pdf) vào thư viện / add files")
    add.add_argument("files", nargs="+", metavar="FILE")
    sub.add_parser("remove", help="xóa một bài khỏi thư viện / remove an article").add_argument("id")
    return p


COMMANDS = {"build": _cmd_build, "search": _cmd_search, "ask": _cmd_ask, "chat": _cmd_chat,
            "summarize": summarize_command, "add": _cmd_add, "remove": _cmd_remove}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args, Settings())
    except UserFacingError as exc:
        print(exc.message, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
