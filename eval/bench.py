"""Benchmark the index at scale on synthetic articles, with the real default embedder and embedded Chroma.

    python eval/bench.py --n 100|1000|5000 [--queries 50] [--keep DIR]
    python eval/bench.py --users 1 20 50 [--per-user 5] [--seconds 300]   # loopback load test (eval/load.py)

Synthetic articles recombine sentences of the bundled corpus: another province's name replaces "Thanh Hóa" and
"Bình Định", numbers are perturbed (fixed seed), and each article is short (a title and 3–6 sentences, about
600–900 characters: one or two chunks). Prints ingestion throughput, index size on disk, peak memory and the
latency of ``search`` and ``ask`` on the warm index. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

if __package__ in (None, ""):  # run as `python eval/bench.py`: make the `eval` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.api import Assistant, build, default_embedder  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from eval.load import load_test, print_rows  # noqa: E402
from index.articles import read_corpus  # noqa: E402
from index.chunk import sentence_spans  # noqa: E402
from index.normalize import fold  # noqa: E402
from index.provinces import PROVINCES  # noqa: E402

SEED = 20250516
_CORPUS_PROVINCES = re.compile(r"Thanh Hóa|Bình Định")
_NUMBER_OR_DATE = re.compile(r"(?P<date>\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{4})?(?!\d))|(?P<year>20\d\d)(?!\d)|\d\d+")


@dataclass(frozen=True)
class SynthArticle:
    name: str  # file name: <province-slug>-<yyyy-mm-dd>-synth-<i>.txt
    province: str
    title: str
    sentences: list[str]

    @property
    def text(self) -> str:
        return f"{self.title}\n" + " ".join(self.sentences) + "\n"


def source_material(corpus_dir: Path) -> tuple[list[str], list[str]]:
    """Titles and body sentences (40–320 characters) of the real corpus."""
    articles = read_corpus(corpus_dir)
    sentences = [a.text[s:e] for a in articles for s, e in sentence_spans(a.text, len(a.title))]
    return [a.title for a in articles], [s for s in sentences if 40 <= len(s) <= 320]


def _perturb(text: str, province: str, rng: random.Random) -> str:
    """Another province, and every number of two digits or more (not a date or year) replaced."""
    def number(m: re.Match[str]) -> str:
        if m.group("date") or m.group("year"):
            return m.group()
        return str(rng.randint(10 ** (len(m.group()) - 1), 10 ** len(m.group()) - 1))
    return _NUMBER_OR_DATE.sub(number, _CORPUS_PROVINCES.sub(province, text))


def synthetic_article(i: int, titles: list[str], sentences: list[str], rng: random.Random) -> SynthArticle:
    """A title and 3–6 distinct sentences, stopping once the body reaches 600 characters."""
    province = rng.choice(PROVINCES)
    body: list[str] = []
    for sentence in rng.sample(sentences, 6):
        if len(body) >= 3 and sum(map(len, body)) >= 600:
            break
        body.append(_perturb(sentence, province, rng))
    date = f"{rng.randint(2023, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    slug = re.sub(r"[^a-z]", "", fold(province))
    return SynthArticle(f"{slug}-{date}-synth-{i}.txt", province, _perturb(rng.choice(titles), province, rng), body)


def write_corpus(dest: Path, n: int, source: Path) -> list[SynthArticle]:
    rng = random.Random(SEED)
    titles, sentences = source_material(source)
    articles = [synthetic_article(i, titles, sentences, rng) for i in range(n)]
    dest.mkdir(parents=True)
    for article in articles:
        (dest / article.name).write_text(article.text, encoding="utf-8")
    return articles


def questions(articles: list[SynthArticle], count: int) -> list[str]:
    """One question a sampled article can answer: its province and the start of one of its sentences."""
    rng = random.Random(SEED + 1)
    picked = [rng.choice(articles) for _ in range(count)]
    return [f"Ở {a.province}, {' '.join(rng.choice(a.sentences).split()[:10]).rstrip('.,;:')} như thế nào?"
            for a in picked]


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


def run(n: int, count: int, root: Path) -> None:
    articles = write_corpus(root / "corpus", n, Settings().corpus_dir)
    settings = Settings(corpus_dir=root / "corpus", data_dir=root / "data")
    embedder = default_embedder(settings)
    print(f"{n} synthetic articles in {root}, embedder {embedder.model_id}")
    report = build(settings, embedder=embedder)
    assistant = Assistant.from_settings(settings, embedder=embedder)
    asked = questions(articles, count)
    assistant.ask(asked[0])  # warm: first-use loads (keyword index, lazily imported models) are not timed
    search_ms = [_timed_ms(lambda q=q: assistant.search(q, settings.top_k)) for q in asked]
    ask_ms = [_timed_ms(lambda q=q: assistant.ask(q)) for q in asked]
    print(f"articles {report.articles}, chunks {report.chunks}, build {report.seconds:.1f} s: "
          f"{report.articles / report.seconds:.1f} articles/s, {report.chunks / report.seconds:.1f} chunks/s")
    print(f"index on disk {_dir_mb(settings.data_dir):.1f} MB")
    print(f"peak memory (maxrss) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    for name, values in (("search", search_ms), ("ask", ask_ms)):
        print(f"{name:<6} over {len(values)} questions: p50 {_p(values, 50):.0f} ms, p95 {_p(values, 95):.0f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Index and query N synthetic articles; print the figures.")
    parser.add_argument("--n", type=int, help="synthetic articles (100, 1000 or 5000)")
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
    if args.n is None or args.n < 1 or args.queries < 1:
        parser.error("--n (or --users) and --queries must be at least 1")
    with workspace(args.keep) as root:
        run(args.n, args.queries, root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
