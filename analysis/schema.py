"""Column names of the tidy tables, defined once and reused everywhere.

Every table the package returns is a :class:`pandas.DataFrame` whose columns
start with the names listed here, in this order. Offsets (``start``, ``end``)
are character offsets into the document's cleaned ``text``, so that
``text[start:end]`` gives back the unit.
"""

from __future__ import annotations

DOC_ID = "doc_id"
PARA_ID = "para_id"
SENT_ID = "sent_id"
TOKEN_ID = "token_id"
START = "start"
END = "end"
TEXT = "text"

#: One row per document (``load_corpus``); manifest columns follow these.
DOCUMENT_COLUMNS = [
    "doc_id",
    "title",
    "outlet",
    "author",
    "date",
    "url",
    "genre",
    "language",
    "text",
    "raw_text",
    "sha256",
    "source_path",
]

#: One row per paragraph (``split_paragraphs``).
PARAGRAPH_COLUMNS = ["doc_id", "para_id", "start", "end", "text", "role"]

#: One row per sentence (``split_sentences``).
SENTENCE_COLUMNS = ["doc_id", "sent_id", "para_id", "start", "end", "text"]

#: One row per token (``tokenize``).
TOKEN_COLUMNS = [
    "doc_id",
    "sent_id",
    "token_id",
    "start",
    "end",
    "token",
    "norm",
    "is_stop",
    "is_punct",
    "is_alpha",
]

#: One row per line removed by cleaning (``removed_lines``).
REMOVED_COLUMNS = ["doc_id", "line_no", "start", "end", "rule", "line"]

#: One row per input problem (``input_problems(load_corpus(...))``).
PROBLEM_COLUMNS = ["source_path", "problem"]


def require_columns(frame: object, columns, caller: str) -> None:
    """Raise unless *frame* is a DataFrame with every one of *columns*; the one message template for this.

    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"doc_id": []}), ["doc_id", "text"], "split_sentences")
    Traceback (most recent call last):
    ...
    ValueError: split_sentences needs column(s) ['text']; the frame has ['doc_id']
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{caller} needs a pandas DataFrame; got {type(frame).__name__}")
    missing = [c for c in dict.fromkeys(columns) if c not in frame.columns]
    if missing:
        raise ValueError(f"{caller} needs column(s) {missing}; the frame has {list(frame.columns)}")
