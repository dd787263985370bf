"""Tra cứu CĐS: grounded Q&A over Vietnamese provincial reports on digital transformation.

    from assistant import Assistant
    answer = Assistant.from_settings().ask("Ai đồng chủ trì buổi làm việc ngày 16/5?")
    print(answer.text, [c.title for c in answer.citations])
"""

import os

# Offline means offline: no hub look-ups, no analytics, no telemetry, whoever imports us first.
for _name, _value in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
                      "ANONYMIZED_TELEMETRY": "False", "TOKENIZERS_PARALLELISM": "false"}.items():
    os.environ.setdefault(_name, _value)

from assistant.api import Assistant  # noqa: E402  (after the offline environment)
from assistant.settings import Settings  # noqa: E402
from assistant.types import Answer, Citation, Passage, Summary, SummaryScope  # noqa: E402
from index.errors import UserFacingError  # noqa: E402

__all__ = ["Answer", "Assistant", "Citation", "Passage", "Settings", "Summary", "SummaryScope", "UserFacingError"]
