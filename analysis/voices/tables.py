"""The pipeline's tables as the quotation rules read them: checked once, then one document's rows at a time.

:func:`check_tables` makes sure each argument of
:func:`~analysis.voices.find_quotes` is the table it should be (a wrong table
is named, with the call that makes the right one), that the tables fit the
documents' texts, and that the tokens table is whole; :func:`rows_by_doc`
hands out one document's rows, in text order, without copying the frames.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ..checks import check_text_column, plain, require_table
from ..schema import DOC_ID, END, SENT_ID, START, TEXT, TOKEN_ID

#: The paragraph roles of :func:`analysis.split_paragraphs`.
PARAGRAPH_ROLES = ("question", "answer", "narrative")


def check_tables(sentences: object, tokens: object, paragraphs: object, docs: object) -> None:
    """Raise unless the four inputs of :func:`~analysis.voices.find_quotes` are the tables they should be, and fit together."""
    require_table(sentences, "sentences", [DOC_ID, SENT_ID, START, END, TEXT], "find_quotes: sentences")
    require_table(tokens, "tokens", [DOC_ID, SENT_ID, TOKEN_ID, START, END], "find_quotes: tokens")
    require_table(paragraphs, "paragraphs", [DOC_ID, START, END, "role"], "find_quotes: paragraphs")
    require_table(docs, "documents", [DOC_ID, TEXT], "find_quotes: docs")
    if docs[DOC_ID].duplicated().any():
        dup = sorted(map(str, docs[DOC_ID][docs[DOC_ID].duplicated()].unique()))
        raise ValueError(f"docs has duplicate doc_id values {dup}; every document needs its own id")
    check_text_column(docs, TEXT, "docs")
    roles = set(paragraphs["role"].dropna().astype(str))
    if not roles <= set(PARAGRAPH_ROLES):
        raise ValueError(f"paragraphs has role values {sorted(roles - set(PARAGRAPH_ROLES))}; valid roles are {', '.join(PARAGRAPH_ROLES)}")
    lengths = dict(zip(docs[DOC_ID], docs[TEXT].str.len()))
    for frame, name in ((sentences, "sentences"), (tokens, "tokens"), (paragraphs, "paragraphs")):
        _check_spans(frame, lengths, name)
    _check_token_ids(tokens)


def _check_spans(frame: pd.DataFrame, lengths: dict, name: str) -> None:
    """Every span of a document in *lengths* lies inside its text."""
    length = frame[DOC_ID].map(lengths).astype("float64")
    inside = (frame[START] >= 0) & (frame[START] <= frame[END]) & (frame[END] <= length)
    bad = length.notna() & ~inside.fillna(False).astype(bool)
    if bad.any():
        at = bad.idxmax()
        span = (plain(frame.at[at, START]), plain(frame.at[at, END]))
        raise ValueError(f"{name}: span {span} of document {frame.at[at, DOC_ID]!r} lies outside its text "
                         f"(length {int(length[at])}); were they made from these docs?")


def _check_token_ids(tokens: pd.DataFrame) -> None:
    """Each document's tokens are numbered 0, 1, ... without gaps: the whole table, not a filtered one."""
    if tokens.empty:
        return
    counts = tokens.groupby(DOC_ID, sort=False)[TOKEN_ID].agg(["size", "max"])
    gaps = counts[counts["size"] != counts["max"] + 1]
    if len(gaps):
        size, top = gaps.iloc[0]
        raise ValueError(f"find_quotes: tokens of document {gaps.index[0]!r} skip token ids ({plain(size)} tokens, ids up to {plain(top)}); "
                         "pass the whole table from analysis.tokenize, not a filtered one")


def rows_by_doc(frame: pd.DataFrame, columns: list[str]) -> Callable[[object], list[tuple]]:
    """A lookup from a ``doc_id`` to its rows of *frame* as tuples of *columns* (``start`` among them), in order of ``start``.

    Offsets and ids come out as Python ints, a ``role`` as a string; a document without rows gets ``[]``.

    >>> rows = rows_by_doc(pd.DataFrame({"doc_id": ["a", "b", "a"], "start": [5, 0, 0], "end": [9, 3, 4]}), ["start", "end"])
    >>> rows("a"), rows("c")
    ([(0, 4), (5, 9)], [])
    """
    positions = frame.groupby(DOC_ID, sort=False).indices if len(frame) else {}
    arrays = [frame[c].astype(str).to_numpy() if c == "role" else frame[c].to_numpy(dtype="int64") for c in columns]
    starts = arrays[columns.index(START)]

    def rows(doc_id: object) -> list[tuple]:
        at = positions.get(doc_id)
        if at is None:
            return []
        at = at[np.argsort(starts[at], kind="stable")]
        return list(zip(*(a[at].tolist() for a in arrays)))

    return rows


def spans_by_doc(frame: pd.DataFrame) -> Callable[[object], np.ndarray]:
    """A lookup from a ``doc_id`` to its ``start, end`` offsets in *frame* as an ``n x 2`` array, in order of ``start``.

    >>> spans = spans_by_doc(pd.DataFrame({"doc_id": ["a", "b", "a"], "start": [5, 0, 0], "end": [9, 3, 4]}))
    >>> spans("a").tolist(), spans("c").shape
    ([[0, 4], [5, 9]], (0, 2))
    """
    positions = frame.groupby(DOC_ID, sort=False).indices if len(frame) else {}
    offsets = np.column_stack([frame[START].to_numpy(dtype="int64"), frame[END].to_numpy(dtype="int64")])

    def spans(doc_id: object) -> np.ndarray:
        at = positions.get(doc_id)
        if at is None:
            return np.zeros((0, 2), dtype="int64")
        return offsets[at[np.argsort(offsets[at, 0], kind="stable")]]

    return spans


def interviewees(docs: pd.DataFrame) -> list[str | None]:
    """Each document's ``interviewee`` (white space trimmed), or None where it is missing or blank or there is no such column.

    >>> interviewees(pd.DataFrame({"doc_id": ["a", "b", "c"], "interviewee": [" Gaziz Abishev ", pd.NA, " "]}))
    ['Gaziz Abishev', None, None]
    """
    if "interviewee" not in docs.columns:
        return [None] * len(docs)
    return [None if _missing(name) else str(name).strip() for name in docs["interviewee"]]


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) or (isinstance(value, str) and not value.strip())
