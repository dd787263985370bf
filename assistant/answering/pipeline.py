"""The answering pipeline: question → retrieve → evidence → accept → compose → verify, one stage a module.

``Pipeline.answer`` runs the stages for one question of a conversation. Each stage receives what it uses (the
corpus, the retriever, a threshold), never the facade. Summary questions are handed to the summarizer the
facade gives (``summarize``), so answering never imports the summary package.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from assistant.answering import accept, compare, compose, evidence, series
from assistant.answering.complete import complete, first_part
from assistant.answering.conversation import Turn, refers_back, resolve, turn_of
from assistant.answering.evidence import Evidence
from assistant.answering.generate import Generator, worded
from assistant.answering.question import Kind, Question, analyse
from assistant.answering.retrieve import Retriever, retrieve
from assistant.answering.rows import matching_rows
from assistant.answering.verify import ungrounded_claims
from assistant.corpus import Corpus
from assistant.filters import merge, provinces_answering
from assistant.settings import Settings
from assistant.types import Answer, Passage
from index.types import SearchFilters

Summarizer = Callable[[str, SearchFilters | None, list[str]], Answer]
Earlier = str | Answer  # an earlier question of the conversation, or its answer when the caller kept it


@dataclass
class Pipeline:
    corpus: Corpus
    retriever: Retriever
    settings: Settings
    generator: Generator | None = None  # optional LLM wording; None = extractive answers only
    summarize: Summarizer | None = None

    @property
    def threshold(self) -> float:
        return self.settings.evidence_threshold

    def answer(self, question: str, history: Sequence[Earlier], filters: SearchFilters | None) -> Answer:
        """The answer to ``question`` (normalised) after ``history``, within ``filters``."""
        turns = self.turns(history, filters)
        resolved = resolve(question, turns)
        trace = [f"câu hỏi đã hiểu / resolved question: {resolved}"]
        context = frozenset(turns[-1].articles) if turns and refers_back(question) else frozenset()
        answer = self.answer_resolved(resolved, filters, trace, context)
        answer.question = question
        answer.resolved_question = resolved
        if not answer.passages:  # comparisons, summaries and early refusals did not read one ranked list
            answer.passages = self.retriever.search(resolved, self.settings.top_k, filters)
        return answer

    def answer_worded(self, question: str, history: Sequence[Earlier], filters: SearchFilters | None,
                      stream: bool = False) -> Iterator[Answer]:
        """The answer, then with a generator its wording by the model, verified sentence by sentence (growing
        when ``stream``); the last one yielded is final. Refusals and summaries stay extractive."""
        answer = self.answer(question, history, filters)
        if self.generator is None or answer.refused or not answer.citations or answer.summary:
            yield answer
            return
        yield from worded(self.generator, answer, history, self.corpus.people, stream)

    def resolve(self, question: str, history: Sequence[Earlier], filters: SearchFilters | None) -> str:
        """The question made self-contained from the conversation (unchanged if it already is)."""
        return resolve(question, self.turns(history, filters))

    def turns(self, history: Sequence[Earlier], filters: SearchFilters | None) -> list[Turn]:
        """The last ``history_turns`` turns; an earlier question given as text is answered again to learn
        who its answer named (a caller that keeps the answers, as the app does, passes them instead)."""
        turns: list[Turn] = []
        kept = self.settings.history_turns
        for earlier in history[-kept:] if kept else []:
            if isinstance(earlier, str):
                earlier = self.answer_resolved(resolve(earlier, turns), filters, [])
            turns.append(turn_of(earlier, self.corpus))
        return turns

    def answer_resolved(self, resolved: str, filters: SearchFilters | None, trace: list[str],
                        context: frozenset[str] = frozenset()) -> Answer:
        """The answer to a self-contained question; ``context``: articles a follow-up points back to ("cuộc
        họp đó"), read first."""
        q = analyse(resolved)
        trace.append(f"loại câu hỏi / question type: {q.kind.value}")
        if not q.provinces and (province := self.corpus.province_of_places(q.text)):
            q = replace(q, provinces=(province,))  # "huyện Đông Sơn" is answered from its province's reports
            filters = merge(filters, SearchFilters(provinces_answering((province,))))
            trace.append(f"tỉnh của địa danh / province of the place named: {province}")
        if missing := accept.out_of_corpus(self.corpus, q):
            why = f"Các báo cáo hiện có không có thông tin về {', '.join(missing)}."
            return compose.refusal(self.corpus, q, [], why, self.threshold, trace)
        if q.kind is Kind.SUMMARY and self.summarize is not None:
            return self.summarize(resolved, filters, trace)
        sides = compare.sides(self.corpus, q)
        if sides:
            answer = compare.compare(self.corpus, q, sides, self._find, self.threshold, trace)
        else:
            answer = self._single(q, filters, trace, context)
        labels = tuple(label for label, _ in sides) + compose.source_labels(self.corpus, answer.citations)
        quotes = {c.number: c.quote for c in answer.citations}
        if not answer.refused and ungrounded_claims(answer.text, quotes, self.corpus.people, labels):
            return compose.refusal(self.corpus, q, [], compose.NOT_GROUNDED, self.threshold, trace)
        return answer

    def _read(self, q: Question, filters: SearchFilters | None,
              context: frozenset[str] = frozenset()) -> tuple[list[Passage], list[Evidence]]:
        """Retrieve, then score every sentence of the passages as evidence; within the ``context`` articles
        first when they hold an acceptable answer."""
        if context:
            passages = retrieve(self.retriever, q, self.settings.answer_passages, filters, set(context))
            found = evidence.candidates(q, passages, self.corpus)
            if accept.pick(self.corpus, q, found, self.threshold) is not None:
                return passages, found
        passages = retrieve(self.retriever, q, self.settings.answer_passages, filters)
        return passages, evidence.candidates(q, passages, self.corpus)

    def _find(self, q: Question, filters: SearchFilters | None) -> Evidence | None:
        return accept.pick(self.corpus, q, self._read(q, filters)[1], self.threshold)

    def _single(self, q: Question, filters: SearchFilters | None, trace: list[str],
                context: frozenset[str] = frozenset()) -> Answer:
        passages, found = self._read(q, filters, context)
        shown = compose.shown_passages(passages, found, self.settings.top_k, self.settings.answer_passages)
        composer = compose.Composer(self.corpus)
        person = next(filter(None, (accept.person_named(self.corpus, n) for n in q.proper_nouns)), None)
        if q.asks_position and person and (text := compose.position_text(self.corpus, person, found, composer,
                                                                          trace)):
            text = complete(self.corpus, q, text, None, passages, composer, self.threshold)
            return Answer(q.text, text, False, composer.citations, shown, q.text, trace)
        if q.asks_definition and (text := compose.definition_text(self.corpus, q, composer)):
            trace.append("định nghĩa / definition: từ bản ghi văn bản / from the directive records")
            return Answer(q.text, text, False, composer.citations, shown, q.text, trace)
        best = accept.pick(self.corpus, q, found, self.threshold)
        if best is None and (lead := first_part(q)) is not None:  # the other parts are completed below
            best = accept.pick(self.corpus, lead, evidence.candidates(lead, passages, self.corpus), self.threshold)
        if best is None:
            refused = compose.refusal(self.corpus, q, found, compose.NOT_FOUND, self.threshold, trace)
            refused.passages = shown
            return refused
        trace.append(f"bằng chứng / evidence: {best.article_id} @{best.start} (điểm {best.score:.2f})")
        text = (compose.directive_claim(self.corpus, q, best, composer) if q.about_directive else None) \
            or composer.claim(best)
        if q.kind is not Kind.WHO:
            text = compose.with_statement(self.corpus, text, best, composer)
        text = complete(self.corpus, q, text, best, passages, composer, self.threshold)
        if rows := [r for r in matching_rows(self.corpus, q, best, found) if r.start != best.start]:
            text = " ".join([text, *map(composer.claim, rows)])
            trace.append(f"hàng của bảng / table rows: {len(rows)}")
        if q.kind is Kind.COUNT:
            earlier = series.earlier_values(self.corpus, q, best, found, self.threshold)
            text = series.over_time(self.corpus, best, text, earlier, composer)
            if earlier:
                trace.append(f"giá trị theo thời gian / values over time: {len(earlier) + 1} báo cáo / reports")
        return Answer(q.text, text, False, composer.citations, shown, q.text, trace)

    def evidence_strength(self, resolved: str, filters: SearchFilters | None = None) -> float:
        """Score of the best evidence that passes every check but the threshold (0 if none): for calibration."""
        q = analyse(resolved)
        if accept.out_of_corpus(self.corpus, q):
            return 0.0
        best = accept.pick(self.corpus, q, self._read(q, filters)[1], threshold=0.0)
        return best.score if best else 0.0
