"""Paragraph spans: the one definition of a paragraph that every stage shares.

A paragraph is a line of the cleaned text with its surrounding white space
trimmed; blank lines separate nothing more than a newline does. News text
scraped from the web puts one paragraph on each line, with or without blank
lines between them, and interview turns ("- How do you ...?") start lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_LINE = re.compile(r"[^\n]+")


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of every non-blank line of *text*, white space trimmed.

    >>> list(paragraph_spans("  One.\\n\\nTwo  \\n"))
    [(2, 6), (8, 11)]
    """
    for match in _LINE.finditer(text):
        start, end = match.span()
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start += len(line) - len(line.lstrip())
        end -= len(line) - len(line.rstrip())
        yield start, end
