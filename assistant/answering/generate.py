"""The seam for a language model: one Generator interface, our prompt, our per-sentence verification.

No generator is configured by default (the extractive answerer needs no model and no network). With one, the
answerer still decides whether to answer and which evidence to cite; only then is the model asked to word the
answer from those numbered sources. Each sentence of its reply is checked before it is shown
(``verify.check_sentence``): one that cites nothing, cites a source it was not given, or holds a number, date,
code or name its sources do not, is dropped and named in the trace. When what remains does not answer, or the
model fails (server down, timeout, HTTP error, garbage), the extractive answer is shown with a one-line notice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Protocol, runtime_checkable

from assistant.answering.verify import CITED, Checked, canonical_atoms, check_sentence
from assistant.dates import short_date
from assistant.prompts import render
from assistant.types import Answer, Citation
from index.errors import UserFacingError
from index.reorganisation import label

NO_ANSWER = "KHÔNG CÓ TRONG BÁO CÁO"
EXTRACTIVE = "trích nguyên văn"
_END = re.compile(r"(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+[.!?…;:]*(?=\s*$|\s+[^\s\[])|[.!?…]+(?=\s+\S)")
_BULLET = re.compile(r"^(?:[-*•]|\d+[.)])\s+")
_ABBREVIATION = re.compile(r"(?<!\w)[A-ZĐ][\wĐđ]{0,2}$")  # "TP.", "ThS." do not end a sentence


class Generator(Protocol):
    name: str  # shown to the reader: "diễn đạt bởi mô hình <name>"

    def generate(self, prompt: str) -> str: ...


@runtime_checkable
class StreamingGenerator(Protocol):
    name: str

    def generate(self, prompt: str) -> str: ...

    def stream(self, prompt: str) -> Iterator[str]: ...


class GenerationFailed(UserFacingError):
    """The model server did not give a usable reply; the extractive answer stands."""

    def __init__(self, reason_vi: str, reason_en: str):
        super().__init__(f"Mô hình ngôn ngữ không trả lời được ({reason_vi}); đây là câu trả lời trích nguyên văn.",
                         f"The language model did not answer ({reason_en}); this is the extractive answer.")

    @property
    def line(self) -> str:
        return f"{self.vi} / {self.en}"


def mode_label(answer: Answer) -> str:
    """Which mode answered, for the reader: "trích nguyên văn" or "diễn đạt bởi mô hình <name>"."""
    return f"diễn đạt bởi mô hình {answer.worded_by}" if answer.worded_by else EXTRACTIVE


def grounding(citation: Citation) -> str:
    """What a citation grounds: its quoted sentence, and its article's province (as labelled today), date and
    title, which the prompt gives and an answer may say ("Theo báo cáo của Thanh Hóa ngày 16/5/2025 …")."""
    province = " ".join(dict.fromkeys([citation.province, label(citation.province)])) if citation.province else ""
    return " | ".join(filter(None, [citation.quote, province, short_date(citation.date), citation.title]))


def evidence_block(citations: Sequence[Citation]) -> str:
    lines = []
    for c in citations:
        whose = ", ".join(filter(None, [label(c.province) if c.province else "", short_date(c.date)]))
        lines.append(f"[{c.number}] ({whose}; bài «{c.title}») {c.quote}")
    return "\n".join(lines)


def conversation_block(history: Sequence[str | Answer], turns: int = 3) -> str:
    """The last turns of the conversation for the prompt; earlier answers lose their markers, whose numbers
    referred to other sources."""
    lines = []
    for earlier in history[-turns:]:
        if isinstance(earlier, Answer):
            lines += [f"Người hỏi: {earlier.question}", f"Trợ lý: {CITED.sub('', earlier.text).strip()}"]
        else:
            lines.append(f"Người hỏi: {earlier}")
    return "\n".join(lines) or "(chưa có)"


def answer_prompt(answer: Answer, history: Sequence[str | Answer]) -> str:
    return render("answer", conversation=conversation_block(history),
                  question=answer.resolved_question or answer.question, evidence=evidence_block(answer.citations))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of a reply lies: one ends at its markers, at a full stop before a capital letter,
    or at a line break; list bullets are left out."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        start = offset + (m.end() if (m := _BULLET.match(line)) else 0)
        for m in _END.finditer(text, start, offset + len(line)):
            if m.group(0)[0] in ".!?…" and (_ABBREVIATION.search(text, start, m.start())
                                            or not text[m.end():].lstrip()[:1].isupper()):
                continue  # "TP. Quy Nhơn", "nghị quyết… góp phần": the sentence goes on
            if text[start:m.end()].strip():
                spans.append((start, m.end()))
            start = m.end()
        if text[start:offset + len(line)].strip():
            spans.append((start, offset + len(line)))
        offset += len(line) + 1
    return spans


def split_sentences(text: str) -> list[str]:
    return [text[a:b].strip() for a, b in sentence_spans(text)]


def complete_sentences(deltas: Iterable[str]) -> Iterator[str]:
    """Sentences of a streamed reply, each as soon as the next one has begun (the last at the end)."""
    buffer = ""
    for delta in deltas:
        buffer += delta
        spans = sentence_spans(buffer)
        for a, b in spans[:-1]:
            yield buffer[a:b].strip()
        if len(spans) > 1:
            buffer = buffer[spans[-1][0]:]
    yield from split_sentences(buffer)


def reply_deltas(generator: Generator, prompt: str, stream: bool) -> Iterator[str]:
    if stream and isinstance(generator, StreamingGenerator):
        yield from generator.stream(prompt)
    else:
        yield generator.generate(prompt)


def answers(kept: Sequence[str], extractive: str, people: Iterable[str]) -> bool:
    """The kept sentences still answer: at least one holds a figure, date, code or person of the extractive
    answer's first claim (when it has any)."""
    if not kept:
        return False
    first = split_sentences(extractive)[0] if extractive.strip() else ""
    keys = canonical_atoms(first)
    named = {n for n in people if n in first}
    if not keys and not named:
        return True
    text = " ".join(kept)
    return bool(keys & canonical_atoms(text)) or any(n in text for n in named)


def dropped_line(check: Checked) -> str:
    why = {"no-marker": "không dẫn nguồn / no citation marker",
           "unknown-marker": f"dẫn nguồn không có / cites no given source: {check.detail}",
           "number": f"số liệu không có trong nguồn / figure not in its source: {check.detail}",
           "name": f"tên không có trong nguồn / name not in its source: {check.detail}",
           "language": "không phải tiếng Việt / not Vietnamese",
           "empty": "không có nội dung / nothing but markers"}[check.reason]
    return f"câu bị bỏ / dropped sentence: «{check.text}» — {why}"


def worded(generator: Generator, answer: Answer, history: Sequence[str | Answer], people: Iterable[str],
           stream: bool = False) -> Iterator[Answer]:
    """The answer in the model's words, growing one verified sentence at a time; the last one yielded is final:
    the model's wording, or ``answer`` itself (extractive) with a trace and a notice saying why."""
    sources = {c.number: grounding(c) for c in answer.citations}
    checks: list[Checked] = []
    try:
        for sentence in complete_sentences(reply_deltas(generator, answer_prompt(answer, history), stream)):
            checks.append(check_sentence(sentence, sources))
            if stream and checks[-1].kept:
                yield _partial(answer, checks, generator.name)
    except GenerationFailed as exc:
        trace = answer.trace + [dropped_line(c) for c in checks if not c.kept] + [f"mô hình / model: {exc.en}"]
        yield replace(answer, trace=trace, notice=exc.line)
        return
    trace = answer.trace + [dropped_line(c) for c in checks if not c.kept]
    kept = [c.text for c in checks if c.kept]
    if any(NO_ANSWER in c.text.upper() for c in checks) or not answers(kept, answer.text, people):
        trace.append("câu chữ / wording: trích nguyên văn / extractive (generator reply rejected: "
                     f"{len(kept)}/{len(checks)} câu giữ lại / sentences kept, không trả lời / does not answer)")
        notice = ("Câu chữ của mô hình không kiểm chứng được với nguồn; đây là câu trả lời trích nguyên văn. / "
                  "The model's wording could not be verified against the sources; this is the extractive answer.")
        yield replace(answer, trace=trace, notice=notice)
        return
    trace.append(f"câu chữ / wording: mô hình / model {generator.name} ({len(kept)}/{len(checks)} câu giữ lại / "
                 "sentences kept)")
    yield replace(_partial(answer, checks, generator.name), trace=trace)


def _partial(answer: Answer, checks: list[Checked], name: str) -> Answer:
    text = " ".join(c.text for c in checks if c.kept)
    return replace(answer, text=text, worded_by=name, trace=list(answer.trace))


def verified_sentences(generator: Generator, prompt: str, sources: dict[int, str]) -> list[Checked]:
    """Every sentence of the model's reply to ``prompt``, checked against ``sources`` (for summaries)."""
    return [check_sentence(s, sources) for s in split_sentences(generator.generate(prompt))]
