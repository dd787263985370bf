"""How well per-sentence verification keeps faithful wording and drops altered wording, over the gold set.

    python eval/verify_bench.py [--gold eval/gold.jsonl] [--data-dir DIR] [--seed 0] [--out eval/out/verify.json]

For every gold question the assistant answers (extractive, no model), a fake OpenAI-compatible server on
loopback (``eval/model_server.py``) plays the model: it rewords each sentence of the extractive answer (source
label moved to the end, synonyms, thousand separators dropped; ``eval/rewording.py``) and, in every other
sentence, changes one number, date, document code or name to one the cited sources do not hold. The reply goes
through the real client and ``generate.worded`` (plain and streamed, alternately); a sentence counts as dropped
when the answer's trace names it. Prints the share of faithful sentences kept (target ≥ 0.95) and of altered
sentences dropped (target 1.00), by kind. The index is built once in ``DIR`` (default: a folder in the temp dir).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # run as `python eval/verify_bench.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant import Assistant, Settings
from assistant.answering.generate import grounding, split_sentences, worded
from assistant.answering.verify import cited_numbers
from assistant.llm import OpenAICompatible
from eval.gold import GoldItem, load_gold
from eval.model_server import ModelServer, Reply
from eval.rewording import alter, reword
from eval.run import open_assistant

ROOT = Path(__file__).resolve().parents[1]
DROPPED = "câu bị bỏ / dropped sentence: «"


def planned_reply(extractive: str, sources: dict[int, str], rng: random.Random, alter_next: bool
                  ) -> tuple[list[tuple[str, str]], bool]:
    """(sentence, "faithful" or the kind altered) for each sentence of the answer; every other sentence that
    can be altered is."""
    planned = []
    for sentence in split_sentences(extractive):
        faithful = reword(sentence)
        ground = " | ".join(sources.get(n, "") for n in cited_numbers(sentence))
        changed = alter(faithful, ground, rng) if alter_next else None
        planned.append(changed or (faithful, "faithful"))
        alter_next = changed is None
    return planned, alter_next


def bench(assistant: Assistant, items: list[GoldItem], seed: int = 0) -> dict:
    rng = random.Random(seed)
    reply = {"text": ""}
    outcomes: list[dict] = []
    alter_next = False
    with ModelServer(lambda prompt: Reply(reply["text"])) as server:
        model = OpenAICompatible(server.base_url, "reworder", timeout=30)
        for n, item in enumerate(items):
            extractive = assistant.ask(item.question, list(item.history))
            if extractive.refused or not extractive.citations or extractive.summary:
                continue
            sources = {c.number: grounding(c) for c in extractive.citations}
            planned, alter_next = planned_reply(extractive.text, sources, rng, alter_next)
            reply["text"] = " ".join(text for text, _ in planned)
            *_, final = worded(model, extractive, list(item.history), assistant.corpus.people, stream=n % 2 == 1)
            dropped = {line[len(DROPPED):].split("» — ")[0]: line.split("» — ")[1]
                       for line in final.trace if line.startswith(DROPPED)}
            outcomes += [{"id": item.id, "kind": kind, "sentence": text, "dropped": text in dropped,
                          "why": dropped.get(text, ""), "worded": bool(final.worded_by)} for text, kind in planned]
    return {"seed": seed, "sentences": outcomes, "table": table(outcomes)}


def table(outcomes: list[dict]) -> list[dict]:
    rows = []
    faithful = [o for o in outcomes if o["kind"] == "faithful"]
    altered = [o for o in outcomes if o["kind"] != "faithful"]
    rows.append({"row": "faithful sentences kept", "n": len(faithful),
                 "share": _share([not o["dropped"] for o in faithful]), "target": "≥ 0.95"})
    rows.append({"row": "altered sentences dropped", "n": len(altered),
                 "share": _share([o["dropped"] for o in altered]), "target": "1.00"})
    for kind in ("number", "date", "code", "name"):
        some = [o for o in altered if o["kind"] == kind]
        rows.append({"row": f"  altered {kind}", "n": len(some), "share": _share([o["dropped"] for o in some]),
                     "target": "1.00"})
    return rows


def _share(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def render(report: dict) -> str:
    lines = ["| | sentences | share | target |", "|---|---:|---:|---:|"]
    for r in report["table"]:
        share = "–" if r["share"] is None else f"{r['share']:.2f}"
        lines.append(f"| {r['row']} | {r['n']} | {share} | {r['target']} |")
    wrongly = Counter(o["why"].split(":")[0] for o in report["sentences"] if o["kind"] == "faithful" and o["dropped"])
    missed = [o["sentence"] for o in report["sentences"] if o["kind"] != "faithful" and not o["dropped"]]
    if wrongly:
        lines.append("\nFaithful sentences dropped, by reason: " + "; ".join(f"{k} ({v})" for k, v in wrongly.items()))
    lines += [f"\nAltered sentence kept: {s}" for s in missed]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verification benchmark: reworded and altered answers.")
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold.jsonl")
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "cds-verify-bench")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="JSON report (every sentence, its kind and verdict)")
    args = parser.parse_args(argv)
    assistant = open_assistant(Settings(data_dir=args.data_dir))
    report = bench(assistant, load_gold(args.gold), args.seed)
    print(render(report))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
