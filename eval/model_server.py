"""A small OpenAI-compatible model server on loopback that replays scripted replies: for tests and benchmarks.

It serves ``POST /v1/chat/completions`` as Ollama, llama.cpp's server or vLLM do, plain JSON or, when the
request asks ``"stream": true``, server-sent events. What it says comes from ``reply(prompt)``: a ``Reply``
with the text, or a fault (an HTTP status, a body that is not JSON, a reply that never comes, a stream that
never ends). Every request body is kept in ``requests``.

    with ModelServer(lambda prompt: Reply("Toàn tỉnh có 1.230 dịch vụ [1].")) as server:
        Settings(llm_base_url=server.base_url, llm_model="fake", ...)
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    text: str = ""
    status: int = 200  # another status answers with an OpenAI-style error body
    body: bytes | None = None  # sent as it is instead of a completion (garbage)
    hang: bool = False  # accept the request, never answer (until the server stops)
    endless: bool = False  # stream ``text`` again and again, never finishing


Replier = Callable[[str], Reply]


def scripted(*replies: Reply | str) -> Replier:
    """The replies in order, one a request (the last one again once they run out)."""
    queue = [r if isinstance(r, Reply) else Reply(r) for r in replies]

    def reply(prompt: str) -> Reply:
        return queue.pop(0) if len(queue) > 1 else queue[0]
    return reply


def _completion(text: str, model: str) -> dict[str, Any]:
    return {"id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def _chunk(text: str, model: str, finish: str | None = None) -> bytes:
    body = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0, "model": model,
            "choices": [{"index": 0, "delta": {"role": "assistant", "content": text}, "finish_reason": finish}]}
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n".encode()


def pieces(text: str, size: int = 7) -> list[str]:
    """Text in small pieces, as a model streams it (sentence boundaries fall inside pieces)."""
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def log_message(self, *args: Any) -> None:  # quiet: tests and benchmarks print their own lines
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        self.server.owner.requests.append(body)
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        reply = self.server.owner.reply(prompt)
        model = str(body.get("model", ""))
        if reply.hang:
            self.server.owner.stopping.wait()
            return
        if reply.body is not None or reply.status != 200:
            error = {"error": {"message": "scripted failure", "type": "server_error", "code": reply.status}}
            self._send(reply.status, reply.body if reply.body is not None else json.dumps(error).encode())
        elif body.get("stream"):
            self._stream(reply, model)
        else:
            self._send(200, json.dumps(_completion(reply.text, model), ensure_ascii=False).encode())

    def _send(self, status: int, payload: bytes, kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _stream(self, reply: Reply, model: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            while True:
                for piece in pieces(reply.text):
                    self.wfile.write(_chunk(piece, model))
                    self.wfile.flush()
                if not reply.endless or self.server.owner.stopping.wait(0.01):
                    break
            self.wfile.write(_chunk("", model, "stop") + b"data: [DONE]\n\n")
        except (BrokenPipeError, ConnectionResetError):  # the client gave up on an endless reply
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: "ModelServer"


class ModelServer:
    """The fake server on 127.0.0.1 (a free port), serving from a thread while the ``with`` block runs."""

    def __init__(self, reply: Replier):
        self.reply = reply
        self.requests: list[dict[str, Any]] = []
        self.stopping = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> "ModelServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
