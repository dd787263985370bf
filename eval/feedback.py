"""Draft gold lines from the app's feedback, for a person to complete: what users disliked becomes test data.

    python eval/feedback.py [--feedback data/feedback.jsonl] [--out eval/out/feedback-drafts.jsonl]

The feedback file holds one JSON object a line (``feedback_record`` in ui/render.py). Lines with the same
``feedback_id`` are one rating and the last one wins, except that a later click on a thumb (which carries no
comment) keeps the comment written before it. Every answer rated down or commented gives one draft: the
question and its history, the answer given, the articles it cited (also put in ``sources`` as a first guess)
and the comment. A draft does not load as gold until a person has done what its ``todo`` note says:
``eval/gold.py`` refuses kind ``todo``, and the keys that only help the person (``todo``, ``answer_given``,
``sources_given``, ``comment``, ``liked``) as unknown keys. Malformed lines are skipped with a warning naming
the line. ``--out`` is rewritten on every run: move completed drafts into a gold file.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path

if __package__ in (None, ""):  # run as `python eval/feedback.py`: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.settings import Settings
from eval.gold import DRAFT_KIND

ROOT = Path(__file__).resolve().parents[1]
TODO_NOTE = (
    "Cần hoàn thiện / to complete: "
    "(1) key_facts: các chuỗi nguyên văn trong bài mà câu trả lời đúng phải có / verbatim strings from the "
    "article that a right answer holds; "
    "(2) sources: kiểm tra mã bài (đang là các bài đã trích dẫn) / check the article ids (now: the ones cited); "
    "(3) kind: official, number, directive, fact, compare, followup (cần history / needs history), summary "
    "(thêm min_facts / add min_facts), unanswerable, hoặc nhãn riêng / or a label of your own; "
    "(4) nếu báo cáo không có câu trả lời / if the reports hold no answer: answerable=false, key_facts=[], "
    "sources=[]; "
    "(5) xóa các khóa / delete the keys todo, answer_given, sources_given, comment, liked.")


@dataclass(frozen=True)
class Rating:
    """One rated answer, as the app recorded it."""

    feedback_id: str
    question: str
    history: tuple[str, ...]
    answer: str
    citations: tuple[str, ...]
    liked: bool | None
    comment: str | None


def _string(obj: dict, key: str, required: bool = True) -> str | None:
    value = obj.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(f"{key!r} must be a non-empty string" if required else f"{key!r} must be a string or null")
    return value


def _strings(obj: dict, key: str) -> tuple[str, ...]:
    value = obj.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key!r} must be a list of strings")
    return tuple(value)


def parse_rating(obj: object) -> Rating:
    """A feedback record; ``ValueError`` says what is wrong with it."""
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
    liked = obj.get("liked")
    if liked is not None and not isinstance(liked, bool):
        raise ValueError("'liked' must be true, false or null")
    comment = _string(obj, "comment", required=False)
    return Rating(feedback_id=_string(obj, "feedback_id"), question=_string(obj, "question"),
                  history=_strings(obj, "history"), answer=_string(obj, "answer", required=False) or "",
                  citations=_strings(obj, "citations"), liked=liked, comment=comment.strip() if comment else None)


def read_ratings(path: Path) -> tuple[list[Rating], int]:
    """Every well-formed record of the file in order, and how many lines were skipped (each with a warning)."""
    ratings, skipped = [], 0
    for number, raw in enumerate(path.read_bytes().split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            ratings.append(parse_rating(json.loads(raw.decode("utf-8"))))
        except ValueError as exc:  # also JSONDecodeError and UnicodeDecodeError
            skipped += 1
            print(f"Bỏ qua dòng {number} / skipped line {number} of {path}: {_problem(exc)}", file=sys.stderr)
    return ratings, skipped


def _problem(exc: ValueError) -> str:
    """The reason in the words of a line of the file (json's own message counts lines of the line alone)."""
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start + 1})"
    if isinstance(exc, json.JSONDecodeError):
        return f"bad JSON ({exc.msg} at column {exc.colno})"
    return str(exc)


def latest(ratings: list[Rating]) -> list[Rating]:
    """One rating per answer: the last line wins, keeping the last comment written (a vote line has none)."""
    merged: dict[str, Rating] = {}
    for rating in ratings:
        earlier = merged.get(rating.feedback_id)
        comment = rating.comment or (earlier.comment if earlier else None)
        merged[rating.feedback_id] = replace(rating, comment=comment)
    return list(merged.values())


def needs_review(rating: Rating) -> bool:
    return rating.liked is False or bool(rating.comment)


def draft(rating: Rating) -> dict[str, object]:
    """A gold line to complete: the gold keys first (key_facts empty, sources guessed), then what helps fill them."""
    return {"id": f"fb-{rating.feedback_id}", "kind": DRAFT_KIND, "question": rating.question,
            **({"history": list(rating.history)} if rating.history else {}),
            "key_facts": [], "sources": list(dict.fromkeys(rating.citations)), "answerable": True,
            "todo": TODO_NOTE, "answer_given": rating.answer, "sources_given": list(rating.citations),
            "comment": rating.comment, "liked": rating.liked}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Turn the app's feedback into draft gold lines to complete.")
    parser.add_argument("--feedback", type=Path, help="feedback file (default: feedback.jsonl in the data dir, or the setting feedback_path)")
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "out" / "feedback-drafts.jsonl",
                        help="draft gold lines (JSONL), rewritten on every run")
    return parser


def write_drafts(out: Path, drafts: list[dict[str, object]]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in drafts), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    path = args.feedback or Settings().feedback_file
    if not path.is_file():
        print(f"Chưa có tệp góp ý {path} (chưa ai đánh giá câu trả lời nào?).\n"
              f"No feedback file {path} (no answer rated yet?).", file=sys.stderr)
        return 1
    try:
        ratings, skipped = read_ratings(path)
        rated = latest(ratings)
        drafts = [draft(r) for r in rated if needs_review(r)]
        write_drafts(args.out, drafts)
    except OSError as exc:
        print(f"Lỗi đọc/ghi {exc.filename}: {exc.strerror}.\nCannot read or write {exc.filename}: {exc.strerror}.",
              file=sys.stderr)
        return 1
    print(f"Đã tạo {len(drafts)} bản nháp gold từ {len(rated)} câu trả lời được đánh giá ({skipped} dòng bị bỏ "
          f"qua): {args.out}\nMade {len(drafts)} draft gold lines from {len(rated)} rated answers ({skipped} lines "
          f"skipped): {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
