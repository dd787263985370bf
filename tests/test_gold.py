"""Sanity checks for the hand-made evaluation gold set (eval/gold.jsonl), then the loader's rules (eval/gold.py).

The data checks use the standard library only, so they say what is wrong with the file whatever the loader does.
"""
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from eval.gold import KINDS as LOADER_KINDS, GoldError, kinds_in, load_gold

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold.jsonl"

KINDS = {
    "official", "number", "directive", "fact",
    "compare", "followup", "unanswerable", "summary",
}
SINGLE_ANSWERABLE = KINDS - {"followup", "unanswerable"}  # kinds that are always answerable and have no history
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
        assert isinstance(r["kind"], str) and r["kind"].strip(), f"{rid}: empty kind"
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
            assert r["kind"] not in SINGLE_ANSWERABLE, f"{rid}: no history for kind {r['kind']}"
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
        if r["kind"] == "unanswerable":
            assert r["answerable"] is False, f"{rid}: kind 'unanswerable' must not be answerable"
        if r["kind"] in SINGLE_ANSWERABLE:
            assert r["answerable"] is True, f"{rid}: kind {r['kind']} must be answerable"
        if not r["answerable"]:
            assert r["key_facts"] == [], f"{rid}: unanswerable must have empty key_facts"
            assert r["sources"] == [], f"{rid}: unanswerable must have empty sources"
        else:
            assert len(r["key_facts"]) >= 1, f"{rid}: answerable needs >= 1 key fact"
            assert len(r["sources"]) >= 1, f"{rid}: answerable needs >= 1 source"
        if r["kind"] == "summary":
            assert "min_facts" in r, f"{rid}: summary needs min_facts"
            assert 1 <= r["min_facts"] <= len(r["key_facts"]), \
                f"{rid}: min_facts must be in 1..len(key_facts)"
        elif r["answerable"]:
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


# The loader (eval/gold.py): what it accepts, and what it refuses with the line and the problem.

NUMBER = {"id": "q1", "kind": "number", "question": "Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?",
          "key_facts": ["1.230"], "sources": ["binhdinh-2025-05-09-c06-de-an-06"], "answerable": True}
FOLLOWUP = {"id": "q2", "kind": "followup", "question": "Ông ấy kết luận thế nào?",
            "history": ["Ai làm trưởng đoàn Bộ TT&TT làm việc với Thanh Hóa hôm 19/10?"],
            "key_facts": ["vùng lõm sóng"], "sources": ["thanhhoa-2023-10-19-bo-tttt"], "answerable": True}
UNANSWERABLE = {"id": "q3", "kind": "unanswerable", "question": "Bình Định đã cấp bao nhiêu chữ ký số?",
                "key_facts": [], "sources": [], "answerable": False}
SUMMARY = {"id": "q4", "kind": "summary", "question": "Tóm tắt kết quả chuyển đổi số của Bình Định.",
           "key_facts": ["1.230", "66%", "99,81%"], "min_facts": 2, "sources": ["binhdinh-2025-05-09-c06-de-an-06"],
           "answerable": True}


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("bad, problem", [
    ('{"id": "q2", "kind": "number",', "bad JSON"),
    ('["q2", "number"]', "expected a JSON object"),
    ({k: v for k, v in NUMBER.items() if k != "sources"}, "missing key(s) sources"),
    (NUMBER | {"kind": 7}, "'kind' must be str, not int"),
    (NUMBER | {"kind": " "}, "empty kind"),
    (NUMBER | {"answerable": "yes"}, "'answerable' must be bool, not str"),
    (NUMBER | {"key_facts": "1.230"}, "'key_facts' must be list, not str"),
    (NUMBER | {"key_facts": [1230]}, "'key_facts' must be a list of non-empty"),
    (SUMMARY | {"min_facts": True}, "'min_facts' must be int, not bool"),
    (SUMMARY | {"min_facts": 4}, "'min_facts' must be between 1 and"),
    (NUMBER | {"min_facts": 1}, "'min_facts' is required for kind 'summary' and allowed only there"),
    (NUMBER | {"note": "x"}, "unknown key(s) note"),
    (NUMBER | {"kind": "unanswerable"}, "'answerable' must be false for kind 'unanswerable'"),
    (UNANSWERABLE | {"kind": "number"}, "'answerable' must be true for kind 'number'"),
    (UNANSWERABLE | {"kind": "chitchat", "key_facts": ["x"]}, "an unanswerable question has no key_facts"),
    (NUMBER | {"kind": "chitchat", "sources": []}, "an answerable question needs key_facts and sources"),
    (FOLLOWUP | {"history": []}, "a non-empty 'history' is required for kind 'followup'"),
    ({k: v for k, v in FOLLOWUP.items() if k != "history"}, "a non-empty 'history' is required"),
    (NUMBER | {"history": ["Ai chủ trì?"]}, "'history' is not allowed for kind 'number'"),
    (NUMBER | {"kind": "chitchat", "history": []}, "'history' must not be empty"),
    (NUMBER | {"kind": "todo", "comment": "sai"}, "kind 'todo' marks an unfinished draft"),
    (NUMBER, "duplicate id 'q1' (first on line 1)"),
])
def test_malformed_gold_names_the_line_and_the_problem(tmp_path: Path, bad: dict | str, problem: str) -> None:
    path = tmp_path / "gold.jsonl"
    line = bad if isinstance(bad, str) else json.dumps(bad, ensure_ascii=False)
    path.write_text(f"{json.dumps(NUMBER, ensure_ascii=False)}\n\n{line}\n", encoding="utf-8")
    with pytest.raises(GoldError) as caught:
        load_gold(path)
    assert caught.value.line == 3
    assert f"line 3: {problem}" in str(caught.value)


def test_the_bundled_gold_set_loads() -> None:
    items = load_gold(GOLD)
    assert len(items) >= 60
    assert {i.kind for i in items} == set(LOADER_KINDS)
    assert all(i.min_facts for i in items if i.kind == "summary")
    assert all(i.history for i in items if i.kind == "followup")


def test_any_kind_is_accepted_and_listed_after_the_known_ones(tmp_path: Path) -> None:
    dti = NUMBER | {"id": "q5", "kind": "DTI ranking"}
    chitchat = UNANSWERABLE | {"id": "q6", "kind": "chitchat", "question": "Hôm nay trời đẹp nhỉ?"}
    rows = [dti, NUMBER, chitchat, FOLLOWUP, dti | {"id": "q7"}, UNANSWERABLE, SUMMARY]
    items = load_gold(_write(tmp_path / "gold.jsonl", rows))
    assert [i.kind for i in items] == [r["kind"] for r in rows]
    assert not items[2].answerable and items[0].answerable
    assert kinds_in(items) == ["number", "followup", "summary", "unanswerable", "DTI ranking", "chitchat"]


def test_unanswerable_followups_are_accepted(tmp_path: Path) -> None:
    """A follow-up the reports do not answer: kind 'followup' or 'unanswerable', or one of your own, with history."""
    unanswered = {"key_facts": [], "sources": [], "answerable": False, "question": "Thế năm 2019 thì sao?"}
    rows = [FOLLOWUP | unanswered, UNANSWERABLE | {"history": FOLLOWUP["history"]},
            FOLLOWUP | {"id": "q8", "kind": "so sánh"}]
    items = load_gold(_write(tmp_path / "gold.jsonl", rows))
    assert [(i.kind, i.answerable, i.history) for i in items] == [
        ("followup", False, tuple(FOLLOWUP["history"])), ("unanswerable", False, tuple(FOLLOWUP["history"])),
        ("so sánh", True, tuple(FOLLOWUP["history"]))]


if __name__ == "__main__":  # tiny runner without pytest
    import sys
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider"]))
