"""One reader a format, picked by the file's suffix; what a slow reader (OCR above all) found is kept in a cache
folder by the file's content hash, so a rebuild reads an unchanged scan once, not at every build."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from index.readers import docx, html, pdf, text
from index.readers.extracted import Extracted

Reader = Callable[[Path], Extracted]
READERS: dict[str, Reader] = {".txt": text.read, ".md": text.read, ".html": html.read, ".htm": html.read,
                              ".docx": docx.read, ".pdf": pdf.read}
TEXT_SUFFIXES = (".txt", ".md")
VERSION = "readers-1"  # change it when a reader reads differently: cached extractions are then read again


def _cache_file(path: Path, cache_dir: Path) -> Path:
    digest = hashlib.sha256(path.read_bytes() + VERSION.encode()).hexdigest()
    return cache_dir / f"{digest}.json"


def read_source(path: Path, cache_dir: Path | None = None) -> Extracted:
    """The text and stated metadata of ``path`` by its format; raises ArticleUnreadable naming the file."""
    reader = READERS[path.suffix.lower()]
    if cache_dir is None or path.suffix.lower() in TEXT_SUFFIXES:
        return reader(path)
    cached = _cache_file(path, cache_dir)
    if cached.exists():
        try:
            return Extracted(**json.loads(cached.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            pass  # a damaged cache entry: read the file again
    found = reader(path)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".tmp")
        partial.write_text(json.dumps(found.to_json(), ensure_ascii=False), encoding="utf-8")
        partial.replace(cached)
    except OSError:
        pass  # no cache (read-only data dir): the file is read again next time
    return found
