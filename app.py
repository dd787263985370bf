"""The web app (Gradio): ``python app.py`` serves the chat over the reports on settings.ui_host:ui_port.

The page lives in ``ui/`` (``ui.page``: layout and start-up; ``ui.chat_tab`` and ``ui.summary_tab``: handlers;
``ui.render``: safe HTML; ``ui/static``: CSS and JavaScript); every handler calls the ``assistant`` API.
"""

from __future__ import annotations

import assistant  # noqa: F401  (first: sets the offline environment before gradio is imported)
from ui.page import create_app, launch, main

__all__ = ["create_app", "launch", "main"]

if __name__ == "__main__":
    raise SystemExit(main())
