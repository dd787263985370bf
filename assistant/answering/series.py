"""Series: a count asked without a period gets the latest figure first, with its date, then the earlier values
of the same indicator for the same province from other reports ("Thanh Hóa, 23/7/2024: 1.216 … [1]" over
"Thanh Hóa, 19/10/2023: 872 … [2]")."""

from __future__ import annotations

from assistant.answering import accept
from assistant.answering.compose import Composer, labelled
from assistant.answering.evidence import Evidence, indicator_coverage
from assistant.answering.question import Kind, Question
from assistant.corpus import Corpus

SAME_INDICATOR = 0.6  # least share of the question's indicator words around a number of both sentences
MOST_EARLIER = 2


def earlier_values(corpus: Corpus, q: Question, best: Evidence, found: list[Evidence],
                   threshold: float) -> list[Evidence]:
    """Acceptable sentences of other reports about the best one's province giving the same indicator at
    another date, one a report, newest first."""
    if q.kind is not Kind.COUNT or q.years or indicator_coverage(q, best.clause, corpus.stats) < SAME_INDICATOR:
        return []
    province = corpus.article(best.article_id).province
    seen = {best.article_id}
    earlier = []
    for ev in found[:accept.CANDIDATES]:
        article = corpus.article(ev.article_id)
        if ev.article_id in seen or article.province != province or not article.date \
                or article.date == corpus.article(best.article_id).date:
            continue
        if indicator_coverage(q, ev.clause, corpus.stats) >= SAME_INDICATOR and \
                accept.acceptable(corpus, q, ev, threshold):
            earlier.append(ev)
            seen.add(ev.article_id)
    return sorted(earlier, key=lambda ev: corpus.article(ev.article_id).date or "", reverse=True)[:MOST_EARLIER]


def over_time(corpus: Corpus, best: Evidence, text: str, earlier: list[Evidence], composer: Composer) -> str:
    """The best answer and the earlier values, one labelled line each, the newest report first."""
    lines = [(corpus.article(best.article_id).date or "", labelled(corpus, text, best))]
    lines += [(corpus.article(ev.article_id).date or "", labelled(corpus, composer.claim(ev), ev)) for ev in earlier]
    return "\n".join(line for _, line in sorted(lines, key=lambda pair: pair[0], reverse=True))
