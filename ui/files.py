"""The app's temporary files in one place: exports (conversations, summaries) and Gradio's own cache, under
one folder made at start, pruned of files older than an hour on each export, removed at exit."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import time
from pathlib import Path

KEEP_SECONDS = 3600


def work_dir() -> Path:
    """A fresh folder for this app's temporary files (and Gradio's, unless GRADIO_TEMP_DIR is set)."""
    root = Path(tempfile.mkdtemp(prefix="cds-app-"))
    os.environ.setdefault("GRADIO_TEMP_DIR", str(root / "gradio"))
    atexit.register(shutil.rmtree, root, True)
    (root / "exports").mkdir()
    return root


def prune(folder: Path, keep_seconds: float = KEEP_SECONDS) -> None:
    """Delete the files of ``folder`` older than ``keep_seconds`` (downloads already served)."""
    cutoff = time.time() - keep_seconds
    for path in folder.glob("*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue
