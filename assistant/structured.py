"""Structured facts steering the answer: officials' roles and titles, directives' kind, issuer and subject.

The records come from indexing (index/facts.py), each with the span of the sentence it was read from, so a
sentence's records are those whose start lies inside it. Scores here are bonuses on top of the sentence's own
evidence score: a sentence that names the official with the asked role, or the directive of the asked kind,
issuer and subject, wins over one that merely shares words with the question.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from assistant.evidence import CODE, CorpusStats, Evidence, coverage, terms_of
from assistant.filters import filters_from_question, merge
from assistant.question import Kind, Question, holds_title, ministry_forms
from assistant.types import Passage
from index.normalize import fold
from index.types import SearchFilters

if TYPE_CHECKING:
    from assistant.api import Assistant

Record = dict[str, Any]

ROLE_BONUS = 0.4
TITLE_BONUS = 0.2
DIRECTIVE_BONUS = 0.6
_ROLES = [("dong chu tri", "đồng chủ trì"), ("chu tri", "chủ trì"), ("truong doan", "trưởng đoàn"),
          ("dan dau", "trưởng đoàn"), ("dan doan", "trưởng đoàn"), ("tiep(?! tuc)", "tiếp đoàn"), ("bao cao", "báo cáo"),
          ("ket luan", "kết luận"), ("phat bieu", "phát biểu"), ("de nghi", "đề nghị"),
          ("nhan manh", "nhấn mạnh"), ("giai dap", "giải đáp")]
_DOC_KINDS = ("nghi quyet", "quyet dinh", "chi thi", "ke hoach", "nghi dinh", "thong tu", "ket luan", "de an",
              "chuong trinh", "cong van", "huong dan")
_ASKED_KIND = re.compile(r"\b(" + "|".join(_DOC_KINDS) + r")(?:\s+\w+){0,3}?\s+(?:nao|so may|so bao nhieu)\b")
# Words every directive sentence shares ("ban hành theo quyết định…"): they do not tell two directives apart.
_GENERIC = frozenset({"ban_hanh", "ban", "hanh", "theo", "van_ban", "van", "tinh", "so"})


def asked_role(q: Question) -> str | None:
    """The role a "who" question asks about ("ai chủ trì" → "chủ trì"), if any."""
    folded = fold(q.text)
    return next((role for words, role in _ROLES if re.search(rf"\b{words}\b", folded)), None)


def records_in(assistant: "Assistant", kind: str, ev: Evidence) -> list[Record]:
    """The ``kind`` records ("officials", "directives", "figures") read from the evidence's sentence."""
    return [r for r in assistant.facts_of(kind, ev.article_id) if ev.start <= r["start"] < ev.end]


def role_passages(assistant: "Assistant", q: Question, filters: SearchFilters | None,
                  have: set[str]) -> list[Passage]:
    """Chunks naming an official in the asked role, in the articles the question's filters admit.

    Retrieval ranks chunks by words; "ai báo cáo" is answered by the one sentence whose official reports,
    which may not be among the top passages. These chunks are read after the retrieved ones.
    """
    role = asked_role(q) if q.kind is Kind.WHO else None
    if not role:
        return []
    wanted = merge(filters, filters_from_question(q.text))
    articles = assistant.snapshot.articles
    found: list[Passage] = []
    for o in assistant.snapshot.facts.get("officials", []):
        article = articles.get(o["article_id"])
        if role not in o["roles"] or article is None or not wanted.admits(article.province, article.date_range):
            continue
        cid = next((c.id for c in assistant.chunks_of(o["article_id"])
                    if c.start <= o["start"] < c.end and c.id not in have), None)
        if cid is not None:
            found.append(assistant.retriever.passage(cid))
            have.add(cid)
    return found


def has_role(assistant: "Assistant", ev: Evidence, role: str) -> bool:
    return any(role in o["roles"] for o in records_in(assistant, "officials", ev))


def who_bonus(assistant: "Assistant", q: Question, ev: Evidence) -> float:
    """Role and title match of the officials the sentence names."""
    officials = records_in(assistant, "officials", ev)
    role = asked_role(q)
    bonus = ROLE_BONUS if role and any(role in o["roles"] for o in officials) else 0.0
    if q.titles and any(holds_title(t, list(o["titles"])) for t in q.titles for o in officials):
        bonus += TITLE_BONUS
    elif q.organisations and any(_serves(o, org) for org in q.organisations for o in officials):
        bonus += TITLE_BONUS
    return bonus


def _serves(official: Record, organisation: str) -> bool:
    """The official's title names the organisation ("Thứ trưởng Bộ Công an" serves "Bộ Công an")."""
    forms = [fold(form) for form in ministry_forms(organisation)]
    return any(form in fold(title) for title in official["titles"] for form in forms)


def asked_doc_kind(q: Question) -> str | None:
    """The kind of document a "văn bản nào" question asks for, folded ("quyet dinh"), if it names one."""
    m = _ASKED_KIND.search(fold(q.text))
    return m.group(1) if m else None


def directive_match(q: Question, record: Record, stats: CorpusStats) -> float:
    """How well a directive record answers the question: 1 for a named code; else kind + issuer/subject words."""
    codes = [c.group(0) for c in CODE.finditer(q.text)]
    if codes:
        return 1.0 if record["code"] in codes else 0.0
    asked = asked_doc_kind(q)
    kind_score = 0.0
    if asked:
        kind_score = 0.3 if fold(record["kind"]) == asked else -0.3
    words = " ".join(filter(None, [record["kind"], record.get("issuer"), record.get("subject")]))
    specific = replace(q, terms=tuple(t for t in q.terms if t not in _GENERIC))
    return kind_score + coverage(specific, terms_of(words), stats)


def best_directive(assistant: "Assistant", q: Question, ev: Evidence) -> tuple[Record | None, float]:
    records = records_in(assistant, "directives", ev)
    scored = [(r, directive_match(q, r, assistant.stats)) for r in records]
    return max(scored, key=lambda rs: rs[1], default=(None, 0.0))


def about_directive(q: Question) -> bool:
    """A "văn bản nào" question, or one that names a document code and asks when, who or what of it."""
    return q.kind is Kind.DIRECTIVE or (q.kind in (Kind.WHEN, Kind.WHO, Kind.WHAT) and bool(CODE.search(q.text)))


def bonus(assistant: "Assistant", q: Question, ev: Evidence) -> float:
    if about_directive(q):
        return DIRECTIVE_BONUS * best_directive(assistant, q, ev)[1]
    if q.kind is Kind.WHO:
        return who_bonus(assistant, q, ev)
    return 0.0


def directive_text(record: Record) -> str:
    """"Quyết định số 4216/QĐ-UBND ngày … của UBND tỉnh về …", from the record's parts (all in its sentence)."""
    code = record["code"]
    text = code if code.lower().startswith(record["kind"].lower()) else f"{record['kind']} số {code}"
    if record.get("date"):
        text += f" ngày {record['date']}"
    if record.get("issuer"):
        text += f" của {record['issuer']}"
    subject = record.get("subject")
    if subject and code.lower().startswith("đề án"):
        text += f" ({subject})"
    elif subject:
        text += f" về {subject}"
    return text


def corroborating(assistant: "Assistant", record: Record) -> list[Record]:
    """Other articles' records of the same directive with the same date and issuer (to cite them too)."""
    if not (record.get("date_iso") or record.get("issuer")):
        return []
    same = []
    seen = {record["article_id"]}
    for r in assistant.snapshot.facts.get("directives", []):
        if r["article_id"] in seen or r["code"] != record["code"]:
            continue
        if r.get("date_iso") == record.get("date_iso") and r.get("issuer") == record.get("issuer"):
            same.append(r)
            seen.add(r["article_id"])
    return same


def position_record(assistant: "Assistant", person: str, evidence: list[Evidence]) -> Record | None:
    """The mention of ``person`` with the most titles, in the article of the best evidence that names them."""
    officials = [o for o in assistant.snapshot.facts.get("officials", []) if o["name"] == person]
    for ev in evidence:
        in_article = [o for o in officials if o["article_id"] == ev.article_id]
        if any(ev.start <= o["start"] < ev.end for o in in_article):
            return max(in_article, key=lambda o: (len(o["titles"]), -o["start"]))
    return max(officials, key=lambda o: len(o["titles"]), default=None)
