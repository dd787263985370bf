"""Run the gold set through the assistant API and score it.

    python eval/run.py [--gold eval/gold.jsonl] [--out eval/out/eval.json] [--k 5] [--corpus DIR]

Each pair is asked as one conversation (``ask(question, history=...)``). The retrieval columns score the
retriever's top-k for the question the assistant searched: the answer's own passages when it returned at least
k of them, otherwise ``search(answer.resolved_question or question, k)`` (the summary counts which); latency
is the ``ask`` call alone. A question
that raises is a scored failure, recorded with an ``error`` key, and the run goes on (as dspy's evaluate).
Writes the JSON report to ``--out`` and a Markdown report beside it (same name, ``.md``); exits 2 on a
malformed gold file, naming the line.

``--corpus DIR`` evaluates on the bundled corpus plus every article of DIR, in a temporary index of its own
(``<temp dir>/cds-eval-<hash>``, one per pair of folders and embedding settings), so the real index is never
touched. The folder holds copies of both corpora; it is rebuilt (incrementally) only when a file name or
content changed since the last run, otherwise reused as it is. An article id (file stem) present in both
folders is refused, as is a missing or empty DIR (exit 2).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from contextlib import nullcontext, suppress
from dataclasses import replace
from pathlib import Path

if __package__ in (None, ""):  # run as `python eval/run.py`: make the `eval` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tqdm import tqdm

from assistant import Assistant, Settings, UserFacingError
from assistant.api import build, index_ready
from eval.gold import GoldError, GoldItem, kinds_in, load_gold
from eval.corpus import CorpusProblem, combined_settings
from eval.generation import NoModelServer, generation_stats, model_for, render_generation
from eval.metrics import Column, Outcome, aggregate, cited_articles, columns, contains_fact, missing_facts, score
from index.embed import Embedder

ROOT = Path(__file__).resolve().parents[1]
BASELINE_NOTE = ("† baseline: every answer came from the top-passage baseline (its trace says 'baseline'), "
                 "so the answer columns measure the top passage, not a composed answer.")


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def ask_item(assistant: Assistant, item: GoldItem, k: int) -> Outcome:
    started = time.perf_counter()
    latency = None
    try:
        answer = assistant.ask(item.question, history=list(item.history))
        latency = _ms(started)
        if len(answer.passages) >= k:
            return Outcome(answer, answer.passages[:k], latency)
        return Outcome(answer, assistant.search(answer.resolved_question or item.question, k), latency,
                       searched=True)
    except Exception as exc:  # any failure is scored, not raised: one bad question must not stop the run
        return Outcome(None, [], latency or _ms(started), error=f"{type(exc).__name__}: {exc}")


def problems(item: GoldItem, outcome: Outcome, k: int) -> list[str]:
    """What a person should look at for this item, in words; empty when it passed."""
    answer = outcome.answer
    if answer is None:
        return [f"error: {outcome.error}"]
    if not item.answerable:
        return [] if answer.refused else ["answered an unanswerable question"]
    found: list[str] = []
    unretrieved = [f for f in item.key_facts if not any(contains_fact(p.text, f) for p in outcome.retrieved)]
    if unretrieved:
        found.append(f"top-{k} passages lack {_quoted(unretrieved)}")
    if answer.refused:
        return ["refused an answerable question", *found]
    missing = missing_facts(answer.text, item.key_facts)
    needed = item.min_facts or len(item.key_facts)
    if len(item.key_facts) - len(missing) < needed:
        found.append(f"answer lacks {_quoted(missing)}" + (f" (needs {needed} of {len(item.key_facts)})"
                                                             if item.min_facts else ""))
    cited = cited_articles(outcome)
    if wrong := sorted(cited - set(item.sources)):
        found.append(f"cites non-sources {', '.join(wrong)}")
    if uncited := [s for s in item.sources if s not in cited]:
        found.append(f"does not cite {', '.join(uncited)}")
    return found


def _quoted(facts: list[str]) -> str:
    return ", ".join(f"“{f}”" for f in facts)


def item_report(item: GoldItem, outcome: Outcome, k: int) -> dict:
    answer = outcome.answer
    row = {
        "id": item.id, "kind": item.kind, "question": item.question,
        "answer": answer.text if answer else "", "refused": bool(answer and answer.refused),
        "citations": [{"article_id": c.article_id, "title": c.title, "quote": c.quote}
                      for c in (answer.citations if answer else [])],
        "retrieved": [{"article_id": p.article_id, "text": p.text, "score": p.score} for p in outcome.retrieved],
        "latency_ms": round(outcome.latency_ms, 1),
        "metrics": score(item, outcome, k),
        "problems": problems(item, outcome, k),
    }
    return row | ({"error": outcome.error} if outcome.error else {})


def is_baseline(outcomes: list[Outcome]) -> bool:
    answers = [o.answer for o in outcomes if o.answer]
    return bool(answers) and all(any("baseline" in t for t in a.trace) for a in answers)


def summarize(items: list[GoldItem], outcomes: list[Outcome], scores: list[dict], k: int) -> dict:
    by_kind = {kind: [s for i, s in zip(items, scores) if i.kind == kind] for kind in kinds_in(items)}
    return {
        "items": len(items), "k": k, "errors": sum(o.error is not None for o in outcomes),
        "baseline_answers": is_baseline(outcomes),
        "retrieved_from": {"answer": sum(o.answer is not None and not o.searched for o in outcomes),
                           "search": sum(o.searched for o in outcomes)},
        "overall": {"items": len(items), **aggregate(scores, k)},
        "by_kind": {kind: {"items": len(rows), **aggregate(rows, k)} for kind, rows in by_kind.items()},
    }


def evaluate(assistant: Assistant, gold_items: list[GoldItem], k: int = 5, progress: bool = False) -> dict:
    """The whole report: ``{"summary": {...}, "items": [...]}``, JSON-ready."""
    with suppress(Exception):  # warm-up: one-time loads (models, indexes) are not charged to the first item
        assistant.ask(gold_items[0].question)
    outcomes = [ask_item(assistant, item, k) for item in tqdm(gold_items, desc="Câu hỏi / questions",
                                                                unit="câu", disable=not progress)]
    scores = [score(item, outcome, k) for item, outcome in zip(gold_items, outcomes)]
    summary = summarize(gold_items, outcomes, scores, k)
    if assistant.generator is not None:
        summary["generation"] = generation_stats([o.answer for o in outcomes if o.answer])
    return {"summary": summary, "items": [item_report(i, o, k) for i, o in zip(gold_items, outcomes)]}


def _cell(key: str, value: float | None) -> str:
    if value is None:
        return "–"
    return str(round(value)) if key.startswith(("latency", "answer_chars", "items")) else f"{value:.2f}"


def render_table(summary: dict) -> str:
    """Rows: overall and each kind; columns: the metrics. A Markdown table that also reads well in a terminal."""
    cols = columns(summary["k"])
    mark = "†" if summary["baseline_answers"] else ""
    header = ["", "n"] + [c.header + (mark if c.answer_side else "") for c in cols]
    rows = [["overall", *_values(summary["overall"], cols)]]
    rows += [[kind, *_values(values, cols)] for kind, values in summary["by_kind"].items()]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(r, widths)) + " |" for r in [header, *rows]]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines + ([f"\n{BASELINE_NOTE}"] if mark else []))


def _values(row: dict, cols: list[Column]) -> list[str]:
    return [_cell("items", row["items"])] + [_cell(c.key, row[c.key]) for c in cols]


def render_markdown(report: dict, gold: Path) -> str:
    summary = report["summary"]
    failed = [i for i in report["items"] if i["problems"]]
    lines = [f"# Evaluation of {gold.name}: {summary['items']} questions, top-{summary['k']} passages", "",
             *([f"Corpus: {' + '.join(summary['corpus'])}", ""] if summary.get("corpus") else []),
             render_table(summary), "",
             *([render_generation(summary["generation"]), ""] if "generation" in summary else []),
             f"## Failures ({len(failed)} of {summary['items']})", ""]
    for item in failed:
        excerpt = " ".join(item["answer"].split())[:160]
        lines.append(f"- **{item['id']}** ({item['kind']}) {item['question']} — {'; '.join(item['problems'])}"
                     + (f". Answer: “{excerpt}”" if excerpt else ""))
    return "\n".join(lines) + "\n"


def open_assistant(settings: Settings, embedder: Embedder | None = None) -> Assistant:
    """The assistant over the current index, building the index first when there is none."""
    if not index_ready(settings):
        build(settings, embedder=embedder)
    return Assistant.from_settings(settings, embedder=embedder)


def unknown_sources(items: list[GoldItem], assistant: Assistant) -> list[str]:
    """Gold sources the index lacks: their citation recall is 0 whatever the answers, so say so up front."""
    known = {article.id for article in assistant.articles()}
    return sorted({source for item in items for source in item.sources} - known)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Evaluate the assistant on the gold question set.")
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold.jsonl", help="gold pairs (JSONL)")
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "out" / "eval.json",
                        help="JSON report; the Markdown report goes beside it")
    parser.add_argument("--k", type=int, default=5, help="passages scored for evidence recall and MRR")
    parser.add_argument("--corpus", type=Path, help="evaluate on the bundled corpus plus the articles of this "
                                                    "folder, in a temporary index reused while they are unchanged")
    parser.add_argument("--llm", nargs="?", const="settings", choices=["settings", "fake"],
                        help="answer through the language model: the CDS_LLM_* server, or 'fake' (a loopback "
                             "stand-in that rewords its sources); adds the share of sentences verification dropped")
    return parser


def write_reports(report: dict, gold: Path, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    out.with_suffix(".md").write_text(render_markdown(report, gold), encoding="utf-8")
    print(render_table(report["summary"]))
    if "generation" in report["summary"]:
        print("\n" + render_generation(report["summary"]["generation"]))
    print(f"\n{out}\n{out.with_suffix('.md')}")


def main(argv: list[str] | None = None, embedder: Embedder | None = None) -> int:
    """``embedder`` replaces the settings' model (tests pass a fake); everything else comes from Settings."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.k < 1:
        parser.error("--k must be at least 1")
    try:
        items = load_gold(args.gold)
        base = Settings()
        settings = combined_settings(base, args.corpus, embedder) if args.corpus else base
        assistant = open_assistant(settings, embedder)
    except GoldError as exc:
        print(f"Tệp gold không hợp lệ / malformed gold file: {exc}", file=sys.stderr)
        return 2
    except UserFacingError as exc:
        print(exc.message, file=sys.stderr)
        return 2 if isinstance(exc, CorpusProblem) else 1
    if missing := unknown_sources(items, assistant):
        print(f"Cảnh báo / warning: {args.gold} cites articles missing from the index: {', '.join(missing)}",
              file=sys.stderr)
    try:
        with model_for(args.llm, settings) if args.llm else nullcontext() as model:
            report = evaluate(replace(assistant, generator=model) if model else assistant, items, args.k, True)
    except NoModelServer:
        print("--llm cần CDS_LLM_BASE_URL và CDS_LLM_MODEL (hoặc --llm fake). / --llm needs CDS_LLM_BASE_URL "
              "and CDS_LLM_MODEL (or --llm fake).", file=sys.stderr)
        return 2
    report["summary"]["corpus"] = [str(base.corpus_dir), *([str(args.corpus)] if args.corpus else [])]
    write_reports(report, args.gold, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
