"""The one language-model backend: any OpenAI-compatible server, through llama-index's ``OpenAILike``.

Ollama, llama.cpp's server, vLLM and LM Studio all serve ``/v1/chat/completions``. This thin adapter is the
``Generator`` the answering code asks (``generate``, ``stream``); everything that can go wrong on the way
(connection refused, timeout, HTTP 4xx/5xx, a body that is not the expected JSON, an empty reply, a reply that
never ends) becomes ``GenerationFailed``, after which the extractive answer stands. No retries: a second wait
would only delay that answer. llama-index is imported when a server is configured, not before.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

from assistant.answering.generate import GenerationFailed
from assistant.settings import Settings

log = logging.getLogger(__name__)


def _failure(exc: Exception) -> GenerationFailed:
    """A client-side exception as the reason a reader is told (the details go to the log)."""
    import httpx
    import openai

    log.warning("language model failed: %r", exc)
    if isinstance(exc, (openai.APITimeoutError, httpx.TimeoutException)):
        return GenerationFailed("hết thời gian chờ", "timed out")
    if isinstance(exc, openai.APIStatusError):
        return GenerationFailed(f"máy chủ báo lỗi HTTP {exc.status_code}", f"server error HTTP {exc.status_code}")
    if isinstance(exc, (openai.APIConnectionError, httpx.TransportError)):
        return GenerationFailed("không kết nối được máy chủ mô hình", "cannot reach the model server")
    return GenerationFailed("phản hồi không hợp lệ", f"invalid reply: {type(exc).__name__}")


class OpenAICompatible:
    """A chat model on an OpenAI-compatible server; ``name`` is shown with every answer it words."""

    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout: float = 30.0,
                 max_tokens: int = 400, temperature: float = 0.0):
        from llama_index.llms.openai_like import OpenAILike

        self.name = model
        self.timeout = timeout
        self.llm = OpenAILike(model=model, api_base=base_url, api_key=api_key or "not-needed", is_chat_model=True,
                              is_function_calling_model=False, max_tokens=max_tokens, temperature=temperature,
                              timeout=timeout, max_retries=0)

    @classmethod
    def from_settings(cls, settings: Settings) -> "OpenAICompatible | None":
        """The configured model server, or None when ``llm_base_url`` is unset (extractive answers only)."""
        if not settings.llm_base_url or not settings.llm_model:
            return None
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        return cls(settings.llm_base_url, settings.llm_model, key, settings.llm_timeout, settings.llm_max_tokens,
                   settings.llm_temperature)

    def _messages(self, prompt: str) -> list[Any]:
        from llama_index.core.llms import ChatMessage

        return [ChatMessage(role="user", content=prompt)]

    def generate(self, prompt: str) -> str:
        try:
            reply = self.llm.chat(self._messages(prompt)).message.content
        except Exception as exc:  # whatever a misbehaving server makes the client raise is a failed reply
            raise _failure(exc) from exc
        if not isinstance(reply, str) or not reply.strip():
            raise GenerationFailed("trả lời rỗng", "empty reply")
        return reply

    def stream(self, prompt: str) -> Iterator[str]:
        """The reply as it is written; it must end within ``timeout`` seconds of the request in all."""
        deadline = time.monotonic() + self.timeout
        events = said = False
        try:
            chunks = self.llm.stream_chat(self._messages(prompt))
            for chunk in chunks:
                if time.monotonic() > deadline:
                    chunks.close()
                    raise GenerationFailed("trả lời không kết thúc trong thời gian chờ", "the reply never ended")
                events, said = True, said or bool(chunk.delta and chunk.delta.strip())
                yield chunk.delta or ""
        except GenerationFailed:
            raise
        except Exception as exc:  # as in generate
            raise _failure(exc) from exc
        if not events:  # a body that is not server-sent events (an error page, plain JSON) streams nothing
            raise GenerationFailed("phản hồi không hợp lệ", "invalid reply: no events")
        if not said:
            raise GenerationFailed("trả lời rỗng", "empty reply")
