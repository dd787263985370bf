"""Sanity checks for the hand-made evaluation gold set (eval/gold.jsonl).

Stdlib + pytest only; no project imports.
"""
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold.jsonl"

KINDS = {
    "official", "number", "directive", "fact",
    "compare", "followup", "unanswerable", "summary",
}
REQUIRED = {"id", "kind", "question", "key_facts", "sources", "answerable"}
OPTIONAL = {"history", "min_facts"}
ALLOWED = REQUIRED | OPTIONAL


def _nfc(s):
    return unicodedata.normalize("NFC", s)


def _corpus_dir():
    local = ROOT / "corpus"
    if local.is_dir() and any(local.glob("*.txt")):
        return local
    return ROOT.parent / "shared" / "corpus"


def _load_corpus():
    d = _corpus_dir()
    return {p.stem: _nfc(p.read_text(encoding="utf-8")) for p in sorted(d.glob("*.txt"))}


def _load_gold():
    rows = []
    with GOLD.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:  # pragma: no cover - reported below
                raise AssertionError(f"gold.jsonl line {lineno} is not valid JSON: {e}")
            assert isinstance(obj, dict), f"gold.jsonl line {lineno} is not a JSON object"
            rows.append(obj)
    return rows


CORPUS = _load_corpus()
ROWS = _load_gold()


def _rid(r):
    return r.get("id", "<no id>")


def test_corpus_found():
    assert CORPUS, f"no .txt articles found in {_corpus_dir()}"


def test_lines_are_nfc_json():
    with GOLD.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            obj = json.loads(line)
            rid = obj.get("id", f"<line {lineno}>")
            assert line == _nfc(line), f"{rid}: line is not NFC-normalised"


def test_keys_and_types():
    for r in ROWS:
        rid = _rid(r)
        keys = set(r)
        assert REQUIRED <= keys, f"{rid}: missing keys {sorted(REQUIRED - keys)}"
        assert keys <= ALLOWED, f"{rid}: unexpected keys {sorted(keys - ALLOWED)}"
        assert isinstance(r["id"], str) and re.fullmatch(r"q\d+", r["id"]), f"{rid}: bad id"
        assert r["kind"] in KINDS, f"{rid}: unknown kind {r['kind']!r}"
        assert isinstance(r["question"], str) and r["question"].strip(), f"{rid}: empty question"
        assert isinstance(r["answerable"], bool), f"{rid}: answerable must be bool"
        assert isinstance(r["key_facts"], list), f"{rid}: key_facts must be a list"
        assert all(isinstance(k, str) and k.strip() for k in r["key_facts"]), \
            f"{rid}: key_facts must be non-empty strings"
        assert len(set(r["key_facts"])) == len(r["key_facts"]), f"{rid}: duplicate key_facts"
        assert isinstance(r["sources"], list), f"{rid}: sources must be a list"
        assert all(isinstance(s, str) for s in r["sources"]), f"{rid}: sources must be strings"
        assert len(set(r["sources"])) == len(r["sources"]), f"{rid}: duplicate sources"
        if "history" in r:
            assert isinstance(r["history"], list), f"{rid}: history must be a list"
            assert all(isinstance(h, str) and h.strip() for h in r["history"]), \
                f"{rid}: history items must be non-empty strings"
            assert r["kind"] == "followup", f"{rid}: history only allowed for followup"
        if "min_facts" in r:
            assert r["kind"] == "summary", f"{rid}: min_facts only allowed for summary"
            assert isinstance(r["min_facts"], int) and not isinstance(r["min_facts"], bool), \
                f"{rid}: min_facts must be int"


def test_ids_unique():
    counts = Counter(_rid(r) for r in ROWS)
    dups = sorted(i for i, n in counts.items() if n > 1)
    assert not dups, f"duplicate ids: {dups}"


def test_answerable_consistency():
    for r in ROWS:
        rid = _rid(r)
        assert r["answerable"] == (r["kind"] != "unanswerable"), \
            f"{rid}: answerable must equal (kind != 'unanswerable')"
        if r["kind"] == "unanswerable":
            assert r["key_facts"] == [], f"{rid}: unanswerable must have empty key_facts"
            assert r["sources"] == [], f"{rid}: unanswerable must have empty sources"
        else:
            assert len(r["key_facts"]) >= 1, f"{rid}: answerable needs >= 1 key fact"
            assert len(r["sources"]) >= 1, f"{rid}: answerable needs >= 1 source"
        if r["kind"] == "summary":
            assert "min_facts" in r, f"{rid}: summary needs min_facts"
            assert 1 <= r["min_facts"] <= len(r["key_facts"]), \
                f"{rid}: min_facts must be in 1..len(key_facts)"
        elif r["kind"] != "unanswerable":
            assert len(r["key_facts"]) <= 3, f"{rid}: non-summary should have 1-3 key facts"
        if r["kind"] == "followup":
            assert r.get("history"), f"{rid}: followup needs non-empty history"


def test_sources_exist():
    for r in ROWS:
        for s in r["sources"]:
            assert s in CORPUS, f"{_rid(r)}: unknown source article {s!r}"


def test_key_facts_verbatim_in_sources():
    for r in ROWS:
        texts = [CORPUS[s] for s in r["sources"] if s in CORPUS]
        for fact in r["key_facts"]:
            f = _nfc(fact)
            assert any(f in t for t in texts), \
                f"{_rid(r)}: key fact {fact!r} not found verbatim in {r['sources']}"


def test_compare_has_several_sources():
    for r in ROWS:
        if r["kind"] == "compare":
            assert len(r["sources"]) >= 2, f"{_rid(r)}: compare needs >= 2 sources"


def test_coverage():
    kinds = Counter(r["kind"] for r in ROWS)
    assert len(ROWS) >= 60, f"only {len(ROWS)} pairs"
    assert kinds["unanswerable"] >= 8, f"only {kinds['unanswerable']} unanswerable"
    assert kinds["summary"] >= 6, f"only {kinds['summary']} summary"
    missing = sorted(KINDS - set(kinds))
    assert not missing, f"kinds never used: {missing}"
    used = {s for r in ROWS for s in r["sources"]}
    unused = sorted(set(CORPUS) - used)
    assert not unused, f"articles never used as a source: {unused}"


if __name__ == "__main__":  # tiny runner without pytest
    import sys
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider"]))
