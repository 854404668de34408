"""Table and argument checks: the one place where inputs are checked and the one message template.

Every public function validates its inputs at the top with these helpers, so a
bad input gets the same kind of message everywhere: it names the function, the
argument, what was found and what would be valid. Table kinds are recognised
by their columns (:data:`analysis.schema.TABLE_KINDS`), so a measure handed the
wrong table says which one it got and which call makes the right one, instead
of quietly re-running an earlier stage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .schema import DOC_ID, SENT_ID, TABLE_KINDS, TableKind


def require_columns(frame: object, columns: Iterable[str], caller: str) -> None:
    """Raise unless *frame* is a DataFrame with every one of *columns*.

    >>> require_columns(pd.DataFrame({"doc_id": []}), ["doc_id", "text"], "split_sentences")
    Traceback (most recent call last):
    ...
    ValueError: split_sentences needs column(s) ['text']; the frame has ['doc_id']
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{caller} needs a pandas DataFrame; got {type(frame).__name__}")
    missing = [c for c in dict.fromkeys(columns) if c not in frame.columns]
    if missing:
        raise ValueError(f"{caller} needs column(s) {missing}; the frame has {list(frame.columns)}")


def table_kind(frame: pd.DataFrame) -> TableKind | None:
    """Which of the pipeline's tables *frame* looks like (by its columns), or ``None``.

    >>> table_kind(pd.DataFrame(columns=["doc_id", "sent_id", "start", "end", "text"]))
    'sentences'
    >>> table_kind(pd.DataFrame(columns=["doc_id", "text", "title"]))
    'documents'
    """
    columns = set(frame.columns)
    for kind, spec in TABLE_KINDS.items():
        if spec.signature <= columns and not (spec.absent & columns):
            return kind
    return None


def require_table(frame: object, kind: TableKind, columns: Sequence[str], caller: str) -> None:
    """Raise unless *frame* is a *kind* table with *columns*; a different table is named, with the call that makes the right one.

    A frame recognised as another kind (:func:`table_kind`) is refused even
    when it has *columns*: a sentences table has ``doc_id`` and ``text`` too,
    but it is not a documents table.

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["Baku hosts talks."]})
    >>> require_table(docs, "tokens", ["doc_id", "sent_id", "norm"], "match_frames: tokens")
    Traceback (most recent call last):
    ...
    ValueError: match_frames: tokens needs a tokens table (from analysis.tokenize); got a documents table (columns ['doc_id', 'text']): run analysis.split_sentences, then analysis.tokenize on it first
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{caller} needs a {kind} table (a pandas DataFrame from {TABLE_KINDS[kind].producer}); got {type(frame).__name__}")
    missing = [c for c in dict.fromkeys(columns) if c not in frame.columns]
    found = table_kind(frame)
    if found is not None and found != kind:
        steps = _steps(found, kind)
        hint = f": run {steps} on it first" if steps else ""
        raise ValueError(
            f"{caller} needs a {kind} table (from {TABLE_KINDS[kind].producer}); "
            f"got a {found} table (columns {list(frame.columns)}){hint}"
        )
    if not missing:
        return
    raise ValueError(f"{caller} needs column(s) {missing}; the frame has {list(frame.columns)}")


def _steps(found: TableKind, wanted: TableKind) -> str:
    """The calls that turn a *found* table into a *wanted* one (pipeline order), or ``""``."""
    order = list(TABLE_KINDS)
    if order.index(found) >= order.index(wanted):
        return ""
    producers = [TABLE_KINDS[k].producer for k in order[order.index(found) + 1 : order.index(wanted) + 1] if TABLE_KINDS[k].in_pipeline]
    return ", then ".join(producers)


def check_text_column(frame: pd.DataFrame, column: str, name: str) -> None:
    """Raise unless every value of ``frame[column]`` is a string; the message gives the row and its ids.

    >>> check_text_column(pd.DataFrame({"doc_id": ["d"], "text": [None]}), "text", "sentences")
    Traceback (most recent call last):
    ...
    TypeError: sentences.text at row 0 (doc_id='d') is NoneType None, not a string
    """
    for row, text in zip(frame.index, frame[column]):
        if not isinstance(text, str):
            where = ", ".join(f"{k}={plain(frame.at[row, k])!r}" for k in (DOC_ID, SENT_ID) if k in frame.columns)
            raise TypeError(f"{name}.{column} at row {plain(row)!r} ({where}) is {type(text).__name__} {text!r}, not a string")


def check_choice(value: object, choices: Sequence[object], name: str) -> None:
    """Raise unless *value* is one of *choices*.

    >>> check_choice("sentence", ("document", "corpus"), "by")
    Traceback (most recent call last):
    ...
    ValueError: by must be one of ['document', 'corpus']; got 'sentence'
    """
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}; got {value!r}")


def check_int(value: object, name: str, *, minimum: int) -> None:
    """Raise unless *value* is a whole number (not a bool) of at least *minimum*.

    >>> check_int(0, "n", minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: n must be an integer >= 1; got 0
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}")


def check_fraction(value: object, name: str, *, hint: str = "") -> None:
    """Raise unless *value* is a number (not a bool) in ``[0, 1)``; *hint* is added to the message (a usual value).

    >>> check_fraction(1.5, "threshold", hint=" (VADER's convention is 0.05)")
    Traceback (most recent call last):
    ...
    ValueError: threshold must be a number in [0, 1) (VADER's convention is 0.05); got 1.5
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not 0 <= value < 1:
        raise ValueError(f"{name} must be a number in [0, 1){hint}; got {value!r}")


def plain(value: object) -> object:
    """A numpy scalar as the Python value it holds, so messages read ``1``, not ``np.int64(1)``.

    >>> plain(np.int64(1))
    1
    """
    return value.item() if isinstance(value, np.generic) else value
