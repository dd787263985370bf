"""``eval/run.py --llm``: which model words the answers, and what verification did to its sentences.

``--llm`` uses the server of the ``CDS_LLM_*`` settings; ``--llm fake`` starts the stand-in model of
``eval/rewording.py`` on loopback (it rewords the sources it is given), so the generative path runs anywhere.
The figures are read from each answer's trace (its "dropped sentence" lines and its wording line).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from assistant import Settings
from assistant.answering.generate import Generator
from assistant.llm import OpenAICompatible
from assistant.types import Answer
from eval.model_server import ModelServer, Reply
from eval.rewording import fake_reply

DROPPED = "câu bị bỏ / dropped sentence: «"
_KEPT = re.compile(r"\((\d+)/(\d+) câu giữ lại")


class NoModelServer(Exception):
    """``--llm`` without CDS_LLM_BASE_URL."""


@contextmanager
def model_for(choice: str, settings: Settings) -> Iterator[Generator]:
    """The generator ``--llm`` names: "fake" (a loopback stand-in, for as long as the block runs) or the
    configured server."""
    if choice == "fake":
        with ModelServer(lambda prompt: Reply(fake_reply(prompt))) as server:
            yield OpenAICompatible(server.base_url, "fake-reworder", timeout=30)
        return
    model = OpenAICompatible.from_settings(settings)
    if model is None:
        raise NoModelServer()
    yield model


def generation_stats(answers: list[Answer]) -> dict:
    """Answers worded by the model or left extractive, sentences written and dropped, and why."""
    reasons: Counter[str] = Counter()
    kept = 0
    for answer in answers:
        for line in answer.trace:
            if line.startswith(DROPPED):
                reasons[line.split("» — ", 1)[1].split(":")[0]] += 1
            elif m := _KEPT.search(line):
                kept += int(m.group(1))
    written = kept + sum(reasons.values())
    return {"answers_worded": sum(bool(a.worded_by) for a in answers),
            "answers_left_extractive": sum(bool(a.notice) for a in answers),
            "model_failures": sum(any(t.startswith("mô hình / model:") for t in a.trace) for a in answers),
            "sentences": written, "dropped": written - kept,
            "dropped_share": (written - kept) / written if written else None, "why": dict(reasons.most_common())}


def render_generation(stats: dict) -> str:
    share = "–" if stats["dropped_share"] is None else f"{stats['dropped_share']:.2f}"
    why = "; ".join(f"{reason}: {n}" for reason, n in stats["why"].items()) or "–"
    return (f"Mô hình / model: {stats['answers_worded']} answers worded, {stats['answers_left_extractive']} left "
            f"extractive ({stats['model_failures']} model failures); {stats['sentences']} sentences written, "
            f"{stats['dropped']} dropped by verification ({share}). Why: {why}")
