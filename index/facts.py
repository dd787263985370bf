"""Structured facts extracted at indexing time: officials, directives and figures, each quoting its sentence.

The answerer trusts these records because each carries the span of the sentence it comes from
(``article.text[start:end]``). Extraction favours precision over recall: a person needs a title, a rank or
"đồng chí/ông/bà" next to the name; a directive needs a document code (or a programme spelled out in full);
a figure needs a counted noun or a percentage, and numbers inside dates, codes and names are never figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from index import fact_patterns as P
from index.chunk import sentence_spans
from index.types import Article, Directive, Facts, Figure, Official


@dataclass(frozen=True)
class OfficialProfile:
    name: str
    titles: tuple[str, ...]
    roles: tuple[str, ...]
    mentions: tuple[Official, ...]


@dataclass(frozen=True)
class _Mention:
    name: str
    written: str
    start: int  # of the mention with its titles, in the sentence
    end: int
    titles: tuple[str, ...]
    roles: tuple[str, ...] = ()


_CONNECTORS = re.compile(r"[\s,]*(?:(?:và|cùng)[\s,]*)?")


def _person(sentence: str, start: int, end: int, full_names: set[str]) -> _Mention | None:
    """The name at ``sentence[start:end]`` as an official's mention, if a title or "đồng chí/ông/bà" goes with it.

    Two-syllable names ("Tô Lâm") need a bare title right before them, or titles after, since two capitalised
    syllables after an organisation are usually a place ("Bí thư Huyện ủy Quan Hóa").
    """
    name = sentence[start:end]
    syllables = len(name.split())
    if (name in P.PLACES or P.NAMED_AFTER.search(sentence[:start])
            or (syllables <= 2 and P.PLACE_WORDS.search(sentence[:start]))):
        return None  # "huyện Mai Sơn"; but "Chủ tịch UBND tỉnh Mai Xuân Liêm" is a person
    before, after = P.titles_before(sentence, start), P.titles_after(sentence, end)
    honorific = P.HONORIFIC.search(sentence[:start])
    bare_title = bool(before) and bool(P.TITLE_HEAD.fullmatch(sentence[before[-1][0]:before[-1][1]]))
    if syllables == 1:  # a short form ("Đại tá Tấn") of a full name written elsewhere in the article
        name = _resolve(name, full_names) if honorific or bare_title else None
    if not name or not (honorific or after or (before and (syllables != 2 or bare_title))):
        return None
    titles = tuple(sentence[a:b] for a, b in before + after)
    span = (before[0][0] if before else start, after[-1][1] if after else end)
    return _Mention(name, sentence[start:end], *span, titles)


def _with_roles(sentence: str, mentions: list[_Mention]) -> list[_Mention]:
    """Roles: those opening the sentence ("Phát biểu kết luận…, X"), then the verb right after each mention;
    a mention joined to the next by "và" shares its verb ("do A và B đồng chủ trì")."""
    roles = P.roles_in(sentence)
    colon, comma = (sentence.find(c) % (len(sentence) + 1) for c in ":,")  # not found: the sentence's end
    first_clause = min(colon, comma, mentions[0].start)
    lead = [r for pos, r in roles if pos < first_clause] if roles and roles[0][0] == 0 else []
    own: list[list[str]] = []
    for i, m in enumerate(mentions):
        stop = mentions[i + 1].start if i + 1 < len(mentions) else len(sentence)
        stop = min(stop, colon) if colon >= m.end else stop
        own.append([r for pos, r in roles if m.end <= pos < stop and pos - m.end <= 40])
    for i in range(len(mentions) - 2, -1, -1):
        if not own[i] and _CONNECTORS.fullmatch(sentence[mentions[i].end:mentions[i + 1].start]):
            own[i] = own[i + 1]
    return [replace(m, roles=tuple(dict.fromkeys(lead + r))) for m, r in zip(mentions, own)]


def _mentions(sentence: str, full_names: set[str]) -> list[_Mention]:
    found: list[_Mention] = []
    for run in P.capital_runs(sentence):
        span = P.name_span(sentence, run)
        if span and not (found and span[0] < found[-1].end) and (mention := _person(sentence, *span, full_names)):
            found.append(mention)
    return _with_roles(sentence, found) if found else []


def _resolve(name: str, full_names: set[str]) -> str | None:
    """A short form ("Tấn", "Nguyễn Long") → the article's unique full name with that family and given name."""
    parts = name.split()
    longer = [f for f in full_names if len(f.split()) > len(parts) and f.split()[-1] == parts[-1]
              and (len(parts) == 1 or f.split()[0] == parts[0])]
    if len(longer) == 1:
        return longer[0]
    return name if len(parts) > 1 else None


def _by_title(sentence: str, taken: list[_Mention], known: dict[str, set[str]]) -> list[_Mention]:
    """Mentions by title alone ("Cục trưởng C06 đề nghị"), when one official of the article holds that title."""
    found = []
    for head in P.TITLE_HEAD.finditer(sentence):
        if any(m.start <= head.start() < m.end for m in taken):
            continue
        end = P.title_end(sentence, head.start())
        title, after = sentence[head.start():end], re.match(r"\s+(\w+)", sentence[end:])
        if after and P.is_capitalised(after.group(1)):
            continue  # a title before some other name or place: "Chủ tịch UBND huyện Mai Sơn"
        holders = [n for n, titles in known.items() if title in titles]
        if not holders and head.end() == end:
            holders = [n for n, titles in known.items() if any(t.startswith(title + " ") for t in titles)]
        if len(holders) == 1:
            found.append(_Mention(holders[0], title, head.start(), end, (title,)))
    return [m for m in _with_roles(sentence, found) if m.roles] if found else []


def _officials(article: Article) -> list[Official]:
    sentences = [(s, e, article.text[s:e]) for s, e in sentence_spans(article.text)]
    full = {m.name for _, _, text in sentences for m in _mentions(text, set())}
    merged: dict[tuple[str, int, int], Official] = {}
    known: dict[str, set[str]] = {}
    named = [(s, e, text, [replace(m, name=_resolve(m.name, full) or m.name) for m in _mentions(text, full)])
             for s, e, text in sentences]
    for s, e, text, mentions in named:
        for m in mentions:
            known.setdefault(m.name, set()).update(m.titles)
    for s, e, text, mentions in named:
        for m in mentions + _by_title(text, mentions, known):
            _merge(merged, Official(article.id, s, e, m.name, m.written, m.titles, m.roles))
    return sorted(merged.values(), key=lambda o: (o.start, o.name))


def _merge(merged: dict[tuple[str, int, int], Official], new: Official) -> None:
    key = (new.name, new.start, new.end)
    if old := merged.get(key):
        new = Official(old.article_id, old.start, old.end, old.name, old.written,
                       tuple(dict.fromkeys(old.titles + new.titles)), tuple(dict.fromkeys(old.roles + new.roles)))
    merged[key] = new


def _coded(article: Article, s: int, e: int, sentence: str, code: re.Match[str]) -> Directive:
    kind = P.KIND_BEFORE.search(sentence, 0, code.start())
    pos, date, date_iso, issuer = code.end(), None, None, None
    if when := P.DATE_AFTER.match(sentence, pos):
        date, pos = when.group("date"), when.end()
        date_iso = (P.iso_date(when["d"], when["m"], when["y"]) if when["d"]
                    else P.iso_date(when["d2"], when["m2"], when["y2"]))
    if by := P.ISSUER_AFTER.match(sentence, pos):
        issuer, pos = by.group("issuer"), by.end()
    elif by := P.ISSUER_BEFORE.search(sentence, 0, kind.start() if kind else code.start()):
        issuer = by.group("issuer")
    about = P.SUBJECT_AFTER.match(sentence, pos)
    subject = (about.group("quoted") or about.group("about")).strip() if about else None
    name = kind.group(1)[0].upper() + kind.group(1)[1:] if kind else P.DOC_LETTERS[code.group("letters")]
    return Directive(article.id, s, e, code.group(), name, date, date_iso, issuer, subject)


def _programme(article: Article, s: int, e: int, sentence: str, short: re.Match[str]) -> Directive | None:
    """"Đề án phát triển … tầm nhìn đến năm 2030 (Đề án 06)": the short name with its full name."""
    begin = sentence.rfind(short.group("kind") + " ", 0, short.start())
    full = sentence[begin:short.start()].strip(" ,") if begin >= 0 else ""
    if len(full.split()) < 5 or ";" in full:
        return None
    return Directive(article.id, s, e, short.group("code"), short.group("kind"), None, None, None, full)


def _directives(article: Article) -> list[Directive]:
    found: dict[tuple[str, int], Directive] = {}
    for s, e in sentence_spans(article.text):
        sentence = article.text[s:e]
        for code in P.CODE.finditer(sentence):
            if code.group("letters") in P.DOC_LETTERS:
                found.setdefault((code.group(), s), _coded(article, s, e, sentence, code))
        for short in P.PROGRAMME.finditer(sentence):
            if directive := _programme(article, s, e, sentence, short):
                found.setdefault((directive.code, s), directive)
    return list(found.values())


def _figure(article: Article, s: int, e: int, sentence: str, m: re.Match[str], blocked: list[range],
            date: str | None) -> Figure | None:
    a, b, op, pct = m["a"], m["b"], (m["op"] or "").strip(), bool(m["pct"])
    if any(m.start() in r or (m.end("b") if b else m.end("a")) - 1 in r for r in blocked):
        return None
    if not P.VALID_NUMBER.fullmatch(a) or (b and not P.VALID_NUMBER.fullmatch(b)) or (op == "-" and not pct):
        return None
    if op == "/" and (pct or P.parse_number(a) > P.parse_number(b)):
        return None
    if not (pct or b or m["mult"]) and a.isdigit() and 1900 <= int(a) <= 2100:
        return None  # a year
    before, tail = sentence[:m.start()], sentence[m.end():]
    if P.NOT_A_COUNT_BEFORE.search(before) or (not pct and P.TIME_UNITS.match(tail)):
        return None
    if not before.strip() and re.match(r"[.)]", tail):
        return None  # a list marker
    qualifier = P.QUALIFIER.search(before)
    q_start = qualifier.start() if qualifier else m.start()
    phrase = P.after_phrase(tail)
    unit = "%" if pct else P.unit_of(phrase)
    if unit is None:
        return None
    number = P.parse_number(a) * P.MULTIPLIERS.get((m["mult"] or "").strip(), 1)
    return Figure(article.id, s, e, m.group().strip(), number, unit, P.indicator(sentence, m, q_start, unit, phrase),
                  qualifier.group(1).lower() if qualifier else None, article.province, date)


def _stated_date(sentence: str, article_date: str | None) -> str | None:
    """"Tính đến ngày 30-6" dates the sentence's figures (the year from the article when not written)."""
    m = P.AS_OF.search(sentence)
    if not m:
        return article_date
    return P.iso_date(m["d"], m["m"], m["y"] or (article_date or "")[:4] or None) or article_date


def _figures(article: Article) -> list[Figure]:
    figures = []
    for s, e in sentence_spans(article.text):
        sentence = article.text[s:e]
        blocked = [range(*c.span()) for c in P.CODE.finditer(sentence)]
        blocked += [range(*d.span(g)) for d in P.DATES.finditer(sentence) for g in ("full", "short", "month") if d[g]]
        date = _stated_date(sentence, article.date)
        for m in P.NUMBER.finditer(sentence):
            if figure := _figure(article, s, e, sentence, m, blocked, date):
                figures.append(figure)
    return figures


def extract_facts(articles: list[Article], warn: Callable[[str], None] | None = None) -> Facts:
    """Officials, directives and figures of every article. An article whose text trips an extractor is
    reported through ``warn`` (by file) and contributes no facts; the build goes on."""
    officials: list[Official] = []
    directives: list[Directive] = []
    figures: list[Figure] = []
    for article in articles:
        try:
            found = _officials(article), _directives(article), _figures(article)
        except Exception as exc:  # one odd sentence must never stop a build
            if warn:
                warn(f"Không trích được dữ kiện từ {article.path} ({type(exc).__name__}: {exc}); bỏ qua dữ kiện "
                     f"của bài này. / Could not extract facts from {article.path}; its facts are skipped.")
            continue
        officials += found[0]
        directives += found[1]
        figures += found[2]
    return Facts(officials, directives, figures)


def officials_by_name(facts: Facts) -> dict[str, OfficialProfile]:
    """Every official once, with the titles and roles of all their mentions merged in order."""
    grouped: dict[str, list[Official]] = {}
    for official in facts.officials:
        grouped.setdefault(official.name, []).append(official)
    return {
        name: OfficialProfile(name, tuple(dict.fromkeys(t for m in mentions for t in m.titles)),
                              tuple(dict.fromkeys(r for m in mentions for r in m.roles)), tuple(mentions))
        for name, mentions in grouped.items()
    }
