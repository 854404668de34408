"""Column names of the tidy tables, defined once and reused everywhere.

Every table the package returns is a :class:`pandas.DataFrame` whose columns
start with the names listed here, in this order. Offsets (``start``, ``end``)
are character offsets into the document's cleaned ``text``, so that
``text[start:end]`` gives back the unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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


TableKind = Literal["documents", "paragraphs", "sentences", "tokens"]


@dataclass(frozen=True)
class TableSpec:
    """How a table of the pipeline is recognised: columns it always has, columns it never has, the call that makes it."""

    signature: frozenset[str]
    absent: frozenset[str]
    producer: str
    in_pipeline: bool = True


#: The tables of the pipeline in pipeline order (documents -> sentences -> tokens; paragraphs are a side table).
TABLE_KINDS: dict[str, TableSpec] = {
    "documents": TableSpec(frozenset({DOC_ID, TEXT}), frozenset({SENT_ID, PARA_ID, TOKEN_ID}), "analysis.load_corpus"),
    "paragraphs": TableSpec(frozenset({DOC_ID, PARA_ID, "role"}), frozenset({SENT_ID}), "analysis.split_paragraphs", in_pipeline=False),
    "sentences": TableSpec(frozenset({DOC_ID, SENT_ID, TEXT}), frozenset({TOKEN_ID}), "analysis.split_sentences"),
    "tokens": TableSpec(frozenset({DOC_ID, SENT_ID, TOKEN_ID, "norm"}), frozenset(), "analysis.tokenize"),
}
