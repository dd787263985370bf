"""The Gradio app: layout (page), handlers (chat_tab, summary_tab), safe HTML (render), CSS/JS (static/)."""

import assistant  # noqa: F401  (first: sets the offline environment before gradio is imported)
