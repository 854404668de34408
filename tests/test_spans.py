"""Tests for analysis.spans: the shared definition of a paragraph (hand-computed offsets)."""

from __future__ import annotations

import pytest

from analysis.spans import paragraph_spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One.", [(0, 4)]),
        # "  One." -> "One." at [2, 6); "\n\n" at 6-7; "Two  " -> "Two" at [8, 11)
        ("  One.\n\nTwo  \n", [(2, 6), (8, 11)]),
        # Windows line ends: the "\r" is trimmed as white space
        ("A b.\r\nC d.\r\n", [(0, 4), (6, 10)]),
        # a non-breaking space and an ideographic space are trimmed; a line of them is blank
        ("\xa0Baku\u3000\n\xa0\u3000\nAstana", [(1, 5), (10, 16)]),
        ("", []),
        ("\n \n\t\n", []),
    ],
)
def test_paragraph_spans(text, expected):
    spans = list(paragraph_spans(text))
    assert spans == expected
    for start, end in spans:
        assert text[start:end] == text[start:end].strip() and "\n" not in text[start:end]
