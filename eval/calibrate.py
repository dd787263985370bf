"""Calibrate the refusal threshold (Settings.evidence_threshold) on the gold set.

For every non-summary pair it measures the strength of the best evidence that passes every check but the
threshold, then sweeps thresholds and prints, for each, the refusal accuracy on unanswerable pairs and the
false-refusal rate on answerable ones. The chosen value maximises refusal accuracy minus false refusals
(ties: the middle of the first run of equally good thresholds).

Fit on one gold set, report on another, so the threshold is not judged on the questions it was fitted to:

    python eval/calibrate.py [--gold eval/gold.jsonl] [--corpus DIR]
                             [--report-gold ../shared/dev/gold.jsonl --report-corpus ../shared/dev/corpus]

``--corpus`` adds DIR's articles to the bundled ones in a temporary index (as ``eval/run.py --corpus``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant import Assistant, Settings, UserFacingError  # noqa: E402
from assistant.api import build, index_ready  # noqa: E402
from eval.corpus import combined_settings  # noqa: E402
from eval.gold import GoldError, GoldItem, load_gold  # noqa: E402


def strengths(assistant: Assistant, items: list[GoldItem]) -> list[tuple[bool, float]]:
    rows = []
    for item in items:
        if item.kind == "summary":
            continue
        rows.append((item.answerable, assistant.evidence_strength(item.question, list(item.history))))
    return rows


def sweep(rows: list[tuple[bool, float]]) -> list[tuple[float, float, float]]:
    """(threshold, refusal accuracy, false-refusal rate) for thresholds between the observed scores."""
    unanswerable = [s for ok, s in rows if not ok]
    answerable = [s for ok, s in rows if ok]
    table = []
    for step in range(0, 201):
        t = step / 100
        refusal_acc = sum(s < t for s in unanswerable) / max(len(unanswerable), 1)
        false_ref = sum(s < t for s in answerable) / max(len(answerable), 1)
        table.append((t, refusal_acc, false_ref))
    return table


def choose(table: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """The threshold with the best refusal accuracy minus false refusals; of a run of equally good ones, the
    middle one (furthest from the scores on either side, so small score changes do not flip answers)."""
    gain = max(acc - fr for _, acc, fr in table)
    best = [i for i, (_, acc, fr) in enumerate(table) if acc - fr == gain]
    run = [best[0]]
    for i in best[1:]:
        if i != run[-1] + 1:
            break
        run.append(i)
    return table[run[len(run) // 2]]


def _rows(gold: Path, corpus: Path | None) -> list[tuple[bool, float]]:
    """Evidence strengths of a gold set's pairs, over the bundled corpus (plus ``corpus``)."""
    settings = Settings()
    if corpus is not None:
        settings = combined_settings(settings, corpus)
    elif not index_ready(settings):
        build(settings)
    return strengths(Assistant.from_settings(settings), load_gold(gold))


def at(table: list[tuple[float, float, float]], threshold: float) -> tuple[float, float, float]:
    """The row of ``table`` for ``threshold``."""
    return min(table, key=lambda row: abs(row[0] - threshold))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=Path(__file__).with_name("gold.jsonl"), help="fit on")
    parser.add_argument("--corpus", type=Path, help="articles added to the bundled ones for --gold")
    parser.add_argument("--report-gold", type=Path, help="report the chosen threshold on this gold set")
    parser.add_argument("--report-corpus", type=Path, help="articles added to the bundled ones for --report-gold")
    args = parser.parse_args(argv)
    try:
        table = sweep(_rows(args.gold, args.corpus))
        report = sweep(_rows(args.report_gold, args.report_corpus)) if args.report_gold else None
    except (UserFacingError, GoldError) as exc:
        print(getattr(exc, "message", str(exc)), file=sys.stderr)
        return 2
    best = choose(table)
    for t, acc, fr in table[::5]:
        other = f" | report: {at(report, t)[1]:.2f}, {at(report, t)[2]:.2f}" if report else ""
        print(f"threshold {t:.2f}: refusal accuracy {acc:.2f}, false refusals {fr:.2f}{other}")
    print(f"\nchosen on {args.gold}: {best[0]:.2f} (refusal accuracy {best[1]:.2f}, false refusals {best[2]:.2f}); "
          f"current setting: {Settings().evidence_threshold:.2f}")
    if report:
        _, acc, fr = at(report, best[0])
        print(f"on {args.report_gold}: refusal accuracy {acc:.2f}, false refusals {fr:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
