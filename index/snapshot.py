"""One generation of the index on disk, switched in atomically.

``data_dir/generations/<id>/`` holds articles, chunks, the keyword index and extracted facts;
``data_dir/CURRENT`` names the generation queries trust. A build writes a new generation completely and
only then replaces CURRENT (``os.replace``), so an interrupted build leaves the previous one in force.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.errors import IndexMissing
from index.keyword import KeywordIndex
from index.types import Article, Chunk, Facts, facts_to_json, load_facts

CURRENT = "CURRENT"
GENERATIONS = "generations"


@dataclass
class Manifest:
    collection: str
    embedder: str
    chunk_chars: int
    articles: dict[str, str]  # article id → content hash
    chunk_ids: list[str]
    built_at: float = field(default_factory=time.time)


@dataclass
class Snapshot:
    manifest: Manifest
    articles: dict[str, Article]
    chunks: dict[str, Chunk]
    keyword: KeywordIndex
    facts: Facts
    generation: str


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_generation(data_dir: Path, manifest: Manifest, articles: list[Article], chunks: list[Chunk],
                     keyword: KeywordIndex, facts: Facts) -> str:
    """Write a complete generation beside the current one and make it current; return its id."""
    gen = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    root = data_dir / GENERATIONS
    tmp = root / f".{gen}.partial"
    tmp.mkdir(parents=True)
    _write_jsonl(tmp / "articles.jsonl", [asdict(a) for a in articles])
    _write_jsonl(tmp / "chunks.jsonl", [asdict(c) for c in chunks])
    keyword.save(tmp / "keyword")
    (tmp / "facts.json").write_text(json.dumps(facts_to_json(facts), ensure_ascii=False), encoding="utf-8")
    (tmp / "manifest.json").write_text(json.dumps(asdict(manifest), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, root / gen)
    pointer = data_dir / f".{CURRENT}.tmp"
    pointer.write_text(gen, encoding="utf-8")
    os.replace(pointer, data_dir / CURRENT)
    return gen


DEPLOYMENT = "DEPLOYMENT"


def deployment_id(data_dir: Path, create: bool = False) -> str | None:
    """The data dir's own id (``DEPLOYMENT``, made by its first build): what tells this deployment's vectors
    from another's on a shared Chroma server."""
    path = data_dir / DEPLOYMENT
    try:
        found = path.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        found = ""
    if re.fullmatch(r"[0-9a-f]{32}", found):
        return found
    if not create:
        return None
    made = uuid.uuid4().hex
    pointer = data_dir / f".{DEPLOYMENT}.tmp"
    pointer.write_text(made, encoding="utf-8")
    os.replace(pointer, path)
    return made


def current_generation(data_dir: Path) -> str | None:
    """The generation ``CURRENT`` names, or None when there is none (a damaged pointer names none: the next
    build writes a good one)."""
    try:
        gen = (data_dir / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    if not gen or "/" in gen or "\\" in gen or gen.startswith("."):
        return None
    return gen if (data_dir / GENERATIONS / gen / "manifest.json").exists() else None


def read_manifest(data_dir: Path) -> Manifest | None:
    gen = current_generation(data_dir)
    if gen is None:
        return None
    return Manifest(**json.loads((data_dir / GENERATIONS / gen / "manifest.json").read_text(encoding="utf-8")))


def load_snapshot(data_dir: Path) -> Snapshot:
    gen = current_generation(data_dir)
    if gen is None:
        raise IndexMissing(str(data_dir))
    root = data_dir / GENERATIONS / gen
    manifest = Manifest(**json.loads((root / "manifest.json").read_text(encoding="utf-8")))
    articles = {a["id"]: Article(**a) for a in _read_jsonl(root / "articles.jsonl")}
    chunks = {c["id"]: Chunk(**c) for c in _read_jsonl(root / "chunks.jsonl")}
    facts = load_facts(json.loads((root / "facts.json").read_text(encoding="utf-8")))
    return Snapshot(manifest, articles, chunks, KeywordIndex.load(root / "keyword"), facts, gen)


def prune_generations(data_dir: Path, keep: str) -> None:
    """Remove older and half-written generations (an interrupted build leaves a ``.partial`` one)."""
    for path in (data_dir / GENERATIONS).iterdir():
        if path.name != keep:
            shutil.rmtree(path, ignore_errors=True)
