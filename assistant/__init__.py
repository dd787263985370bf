"""Tra cứu CĐS: grounded Q&A over Vietnamese provincial reports on digital transformation."""

import os

# Offline means offline: no hub look-ups, no analytics, no telemetry, whoever imports us first.
for _name, _value in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
                      "ANONYMIZED_TELEMETRY": "False", "TOKENIZERS_PARALLELISM": "false"}.items():
    os.environ.setdefault(_name, _value)
