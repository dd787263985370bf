"""The atoms an exact answer is made of: numbers, dates, years and document codes, as patterns over text."""

from __future__ import annotations

import re

NUMBER = re.compile(r"(?<![\w/.-])\d+(?:[.,]\d+)*(?:\s?-\s?\d+(?:[.,]\d+)*(?=\s?%))?"
                    r"(?:\s?%|\s?triệu|\s?nghìn)?(?![\w/-])")  # "94-100%" is one number
DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
CODE = re.compile(r"\b\d+[/-][\wĐđ&]*[A-ZĐ][\wĐđ&]*(?:[/-][\wĐđ&]+)*")
