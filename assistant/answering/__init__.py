"""Answering a question, in stages: question → retrieve → evidence → accept → compose → verify.

``pipeline.py`` runs them; ``conversation.py`` makes follow-ups self-contained, ``compare.py`` answers
comparisons side by side, ``generate.py`` is the seam for an optional language model.
"""
