"""Summaries of the articles in a scope: ``selection`` picks sentences, ``summarize`` orders and cites them,
``export`` writes them as Markdown or Word."""
