"""Tests for analysis.voices.tables: reading the pipeline's tables one document at a time."""

from __future__ import annotations

import pandas as pd

from analysis.voices.tables import interviewees, rows_by_doc, spans_by_doc


def test_rows_by_doc_sorts_by_start_and_gives_plain_values():
    frame = pd.DataFrame({
        "doc_id": pd.array(["b", "a", "a"], dtype="string"),
        "start": [0, 9, 2], "end": [3, 12, 5], "role": pd.array(["answer", pd.NA, "question"], dtype="string"),
    })
    rows = rows_by_doc(frame, ["start", "end", "role"])
    assert [r[:2] for r in rows("a")] == [(2, 5), (9, 12)]
    assert rows("a")[0][2] == "question" and rows("a")[1][2] != "answer"  # a missing role is no answer
    assert rows("b") == [(0, 3, "answer")] and rows("zz") == []
    assert all(type(v) is int for v in rows("a")[0][:2])
    assert rows_by_doc(frame.iloc[:0], ["start", "end"])("a") == []


def test_interviewees_without_the_column():
    assert interviewees(pd.DataFrame({"doc_id": ["a", "b"], "text": ["x", "y"]})) == [None, None]


def test_spans_by_doc_are_the_offsets_of_rows_by_doc():
    frame = pd.DataFrame({"doc_id": ["a", "b", "a", "a"], "start": [9, 0, 0, 4], "end": [12, 3, 3, 8], "role": ["x"] * 4},
                         index=[7, 3, 5, 1])
    spans = spans_by_doc(frame)
    assert spans("a").tolist() == [list(row) for row in rows_by_doc(frame, ["start", "end"])("a")] == [[0, 3], [4, 8], [9, 12]]
    assert spans("b").dtype == "int64" and spans("zz").shape == (0, 2)
    assert spans_by_doc(frame.iloc[:0])("a").shape == (0, 2)
