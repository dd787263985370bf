"""A language model on a real HTTP server (loopback, started here) that replays scripted replies: what the
reader is shown in each case. The client is the real one (llama-index's OpenAILike over the openai client)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from assistant.api import Assistant
from assistant.llm import OpenAICompatible
from assistant.types import Answer
from eval.model_server import ModelServer, Reply, scripted
from tests.conftest import make_settings
from tests.test_offline import connections, is_local  # noqa: F401  (the fixture)
from ui import render
from ui.chat_tab import ChatTab

QUESTION = "Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?"
FAITHFUL = ("Theo báo cáo của Bình Định ngày 9/5/2025, toàn tỉnh hiện có 1230 dịch vụ công trực tuyến toàn "
            "trình, chiếm 66% [1]. Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,81% [1].")
CHANGED_NUMBER = "Bình Định có 1.320 dịch vụ công trực tuyến toàn trình [1]."
INVENTED_OFFICIAL = "Theo ông Trần Văn Hùng, Giám đốc Sở, tỉnh có 1.230 dịch vụ công trực tuyến toàn trình [1]."
WRONG_MARKER = "Toàn tỉnh có 1.230 dịch vụ công trực tuyến toàn trình [3]."
NO_MARKERS = "Toàn tỉnh có 1.230 dịch vụ công trực tuyến toàn trình."
ENGLISH = "The province offers 1.230 fully online public services [1]."


def _ask(assistant: Assistant, reply: Any, stream: bool = False, timeout: float = 5.0,
         question: str = QUESTION, history: list | None = None) -> tuple[list[Answer], ModelServer]:
    with ModelServer(reply if callable(reply) else scripted(reply)) as server:
        model = OpenAICompatible(server.base_url, "fake-model", timeout=timeout)
        worded = replace(assistant, generator=model)
        answers = list(worded.ask_stream(question, history, stream=stream))
    return answers, server


@pytest.fixture(scope="module")
def extractive(fake_assistant: Assistant) -> Answer:
    return fake_assistant.ask(QUESTION)


@pytest.mark.parametrize("stream", [False, True])
def test_a_faithful_reply_is_shown_in_the_model_s_words(fake_assistant, extractive, stream):
    answers, server = _ask(fake_assistant, FAITHFUL, stream)
    final = answers[-1]
    assert final.worded_by == "fake-model" and final.text == FAITHFUL and not final.notice
    assert final.citations == extractive.citations and not final.refused
    prompt = server.requests[0]["messages"][0]["content"]
    quote = extractive.citations[0].quote
    assert quote in prompt and QUESTION in prompt and "9/5/2025" in prompt and extractive.citations[0].title in prompt
    assert server.requests[0]["temperature"] == 0 and server.requests[0]["max_tokens"] == 400
    assert server.requests[0].get("stream", False) is stream
    assert render.mode_line(final).startswith("Diễn đạt bởi mô hình fake-model")


def test_a_streamed_reply_grows_one_verified_sentence_at_a_time(fake_assistant):
    reply = f"{FAITHFUL} {CHANGED_NUMBER} Toàn tỉnh có 85% hồ sơ được tiếp nhận trực tuyến [1]."
    answers, _ = _ask(fake_assistant, reply, stream=True)
    texts = [a.text for a in answers]
    assert len(texts) == 4 and all(a in b for a, b in zip(texts, texts[1:]))  # three kept sentences, then final
    assert all("1.320" not in t for t in texts) and "85% hồ sơ" in texts[-1]
    assert any("1.320" in line and "dropped" in line for line in answers[-1].trace)


@pytest.mark.parametrize("bad, why", [(CHANGED_NUMBER, "figure not in its source: 1320"),
                                      (INVENTED_OFFICIAL, "name not in its source: Trần Văn Hùng"),
                                      (WRONG_MARKER, "cites no given source: [3]"),
                                      (NO_MARKERS, "no citation marker"),
                                      (ENGLISH, "not Vietnamese")])
def test_an_unsupported_sentence_is_dropped_and_the_rest_kept(fake_assistant, bad, why):
    answers, _ = _ask(fake_assistant, f"{bad} {FAITHFUL}")
    final = answers[-1]
    assert final.worded_by and final.text == FAITHFUL
    assert any(line.startswith("câu bị bỏ / dropped sentence") and bad in line and why in line for line in final.trace)


@pytest.mark.parametrize("bad", [CHANGED_NUMBER, INVENTED_OFFICIAL, WRONG_MARKER, NO_MARKERS, ENGLISH,
                                 "KHÔNG CÓ TRONG BÁO CÁO"])
def test_when_nothing_verified_answers_the_extractive_answer_is_shown(fake_assistant, extractive, bad):
    final = _ask(fake_assistant, bad)[0][-1]
    assert final.text == extractive.text and not final.worded_by
    assert "không kiểm chứng được" in final.notice and any("rejected" in line for line in final.trace)


@pytest.mark.parametrize("fault, reason", [(Reply(status=500), "HTTP 500"), (Reply(status=404), "HTTP 404"),
                                           (Reply(body=b"<html>502 Bad Gateway"), "invalid reply"),
                                           (Reply(body=b'{"choices": 7}'), "invalid reply"),
                                           (Reply(""), "empty reply"), (Reply(hang=True), "timed out")])
@pytest.mark.parametrize("stream", [False, True])
def test_a_failing_server_leaves_the_extractive_answer_and_a_notice(fake_assistant, extractive, fault, reason,
                                                                     stream):
    final = _ask(fake_assistant, fault, stream, timeout=0.5)[0][-1]
    assert final.text == extractive.text and final.citations == extractive.citations and not final.worded_by
    assert reason in final.notice and final.notice.startswith("Mô hình ngôn ngữ không trả lời được")
    assert "\n" not in final.notice and render.mode_line(final).startswith("Trích nguyên văn.")


def test_a_reply_that_never_ends_is_cut_off(fake_assistant, extractive):
    answers, _ = _ask(fake_assistant, Reply("Toàn tỉnh có 1.230 dịch vụ công trực tuyến toàn trình [1]. ",
                                            endless=True), stream=True, timeout=0.5)
    assert answers[-1].text == extractive.text and "never ended" in answers[-1].notice


def test_a_server_that_is_down_leaves_the_extractive_answer(fake_assistant, extractive):
    with ModelServer(scripted(FAITHFUL)) as server:
        url = server.base_url  # the port is closed once the server stops
    down = replace(fake_assistant, generator=OpenAICompatible(url, "fake-model", timeout=1.0))
    final = down.ask(QUESTION)
    assert final.text == extractive.text and "cannot reach the model server" in final.notice


def test_refusals_never_go_to_the_model(fake_assistant):
    answers, server = _ask(fake_assistant, FAITHFUL, question="Bình Định có bao nhiêu tàu vũ trụ?")
    assert answers[-1].refused and not server.requests and not answers[-1].worded_by


def test_a_follow_up_s_prompt_holds_the_conversation(fake_assistant, extractive):
    _, server = _ask(fake_assistant, FAITHFUL, question="Còn tỷ lệ hồ sơ đúng hạn thì sao?", history=[extractive])
    prompt = server.requests[0]["messages"][0]["content"]
    assert f"Người hỏi: {QUESTION}" in prompt and "1.230 dịch vụ công trực tuyến toàn trình" in prompt


def test_the_model_is_only_reached_on_loopback(fake_assistant, connections):  # noqa: F811
    _ask(fake_assistant, FAITHFUL, stream=True)
    assert connections and all(is_local(a) for a in connections)


def test_the_chat_streams_verified_sentences_and_says_who_worded_them(fake_assistant, tmp_path):
    settings = make_settings(tmp_path)
    reply = f"{FAITHFUL} {CHANGED_NUMBER}"
    with ModelServer(scripted(reply, Reply(status=500))) as server:
        worded = replace(fake_assistant, generator=OpenAICompatible(server.base_url, "fake-model", timeout=2))
        tab = ChatTab(lambda: worded, settings, reveal_delay=0)
        views = list(tab.ask(QUESTION, None, [], "", ""))
        assert "diễn đạt bởi mô hình fake-model" in tab.status()[0]
        failed = list(tab.ask(QUESTION, views[-1].conversation, [], "", ""))
    bubbles = [v.chat[-1]["content"] for v in views[1:]]
    assert all("1.320" not in b and "1320 dịch" not in b for b in bubbles) and "cds-streaming" in bubbles[0]
    assert "Diễn đạt bởi mô hình fake-model" in bubbles[-1] and "1230 dịch vụ" in bubbles[-1]
    last = failed[-1].chat[-1]["content"]
    assert "Trích nguyên văn." in last and "HTTP 500" in last and "1.230 dịch vụ" in last


def test_settings_turn_the_model_on_and_off(fake_assistant, monkeypatch):
    from assistant.settings import Settings

    assert OpenAICompatible.from_settings(fake_assistant.settings) is None
    monkeypatch.setenv("CDS_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("CDS_LLM_MODEL", "qwen2.5:7b-instruct")
    model = OpenAICompatible.from_settings(Settings())
    assert model is not None and model.name == "qwen2.5:7b-instruct" and model.llm.temperature == 0
    monkeypatch.delenv("CDS_LLM_MODEL")
    with pytest.raises(ValueError, match="CDS_LLM_MODEL"):
        Settings()


def test_eval_run_llm_reports_the_table_and_what_verification_dropped(tmp_path, monkeypatch, capsys):
    from eval.run import main
    from tests.fakes import HashEmbedder
    from tests.test_eval_run import SMALL_GOLD, write_gold

    monkeypatch.setenv("CDS_DATA_DIR", str(tmp_path / "data"))
    gold, out = write_gold(tmp_path / "gold.jsonl", SMALL_GOLD), tmp_path / "out" / "eval.json"
    assert main(["--gold", str(gold), "--out", str(out), "--llm", "fake"], embedder=HashEmbedder()) == 0
    printed = capsys.readouterr().out
    assert "| overall" in printed and "sentences written" in printed and "dropped by verification" in printed
    report = json.loads(out.read_text(encoding="utf-8"))
    generation = report["summary"]["generation"]
    assert generation["answers_worded"] >= 1 and generation["sentences"] >= generation["dropped"]
    assert any("theo báo cáo" in i["answer"].lower() for i in report["items"])  # the stand-in's wording is scored
    assert main(["--gold", str(gold), "--out", str(out), "--llm"], embedder=HashEmbedder()) == 2  # no server set


def test_the_verification_bench_keeps_faithful_and_drops_altered_sentences(fake_assistant):
    from eval.gold import load_gold
    from eval.verify_bench import ROOT, bench

    items = [i for i in load_gold(ROOT / "eval" / "gold.jsonl") if i.kind in ("number", "official")][:6]
    report = bench(fake_assistant, items)
    kinds = {o["kind"] for o in report["sentences"]}
    assert "faithful" in kinds and len(kinds) > 1  # some sentences were altered
    rows = {r["row"]: r for r in report["table"]}
    assert rows["altered sentences dropped"]["share"] == 1.0 and rows["faithful sentences kept"]["share"] >= 0.95


def test_a_summary_is_reworded_only_where_each_sentence_stands(fake_assistant):
    from assistant.types import SummaryScope

    scope = SummaryScope(provinces=("Bình Định",))
    extractive = fake_assistant.summarize(scope)
    first = extractive.sentences[0]
    faithful = f"Theo báo cáo, {first.text[:1].lower()}{first.text[1:]} [{first.citation}]."
    with ModelServer(scripted(f"{faithful} Tỉnh đã cấp 987.654 chữ ký số [{first.citation}].", Reply(status=503))) \
            as server:
        worded = replace(fake_assistant, generator=OpenAICompatible(server.base_url, "fake-model", timeout=2))
        summary = worded.summarize(scope)
        failed = worded.summarize(scope)
        assert first.text[1:] in server.requests[0]["messages"][0]["content"]
    assert summary.text == faithful and summary.citations == extractive.citations
    assert failed.text == extractive.text
