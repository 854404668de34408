"""Summaries of the quotations: how much of each document is quoted, and who is quoted how much.

Both read the quotes table of :func:`analysis.voices.find_quotes` (and, for
:func:`quote_share`, the documents it came from). Words are counted as
:data:`WORD` counts them, the count :func:`~analysis.voices.find_quotes` uses
for ``min_words``: these functions get texts, not tokens, and do not run the
tokenizer again.
"""

from __future__ import annotations

import bisect
import re

import pandas as pd

from ..checks import require_columns, require_table
from ..metrics import ratio
from ..schema import DOC_ID, END, START, TEXT
from .document import KINDS

#: One row per document and kind (:func:`quote_share`).
QUOTE_SHARE_COLUMNS = [
    DOC_ID,
    "kind",
    "n_quotes",
    "n_chars",
    "chars_quoted",
    "char_share",
    "n_words",
    "words_quoted",
    "word_share",
]
#: One row per speaker (:func:`speaker_summary`).
SPEAKER_SUMMARY_COLUMNS = [
    "speaker",
    "n_quotes",
    "n_words",
    "n_docs",
    "kinds",
    "n_direct",
    "n_reported",
    "n_interview_answer",
]

#: A word, for counting: letters/digits with inner hyphens or apostrophes.
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def quote_share(quotes: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Return the share of each document's characters and words that is quoted, by kind.

    One row per document and kind (``direct``, ``reported``,
    ``interview_answer``, and ``all`` = any kind), columns
    :data:`QUOTE_SHARE_COLUMNS`. Overlapping quotes (a direct quote inside an
    interview answer) are counted once: the quoted characters are the union of
    the ``start:end`` spans. ``n_chars`` is the length of the document's text;
    a word (:data:`WORD`) is quoted when it starts inside a quoted span. A
    share is NaN for a document with no characters or no words
    (:func:`analysis.metrics.ratio`).

    >>> quotes = pd.DataFrame({"doc_id": ["d"], "kind": ["direct"], "start": [1], "end": [14]})
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["“One two three,” she said."]})
    >>> quote_share(quotes, docs)[["kind", "n_chars", "chars_quoted", "char_share", "word_share"]]
                   kind  n_chars  chars_quoted  char_share  word_share
    0            direct       26            13         0.5         0.6
    1          reported       26             0         0.0         0.0
    2  interview_answer       26             0         0.0         0.0
    3               all       26            13         0.5         0.6
    """
    require_columns(quotes, [DOC_ID, "kind", START, END], "quote_share: quotes")
    require_table(docs, "documents", [DOC_ID, TEXT], "quote_share: docs")
    _check_kinds(quotes)
    by_doc = _spans_by_doc(quotes)
    rows = []
    for doc_id, text in zip(docs[DOC_ID], docs[TEXT]):
        text = text if isinstance(text, str) else ""
        words = [m.start() for m in WORD.finditer(text)]
        found = by_doc.get(doc_id, ())
        for kind in (*KINDS, "all"):
            spans = [(s, e) for k, s, e in found if kind == "all" or k == kind]
            merged = _union(spans)
            chars = sum(e - s for s, e in merged)
            quoted = _count_inside(words, merged)
            rows.append((doc_id, kind, len(spans), len(text), chars, len(words), quoted))
    out = pd.DataFrame(rows, columns=[DOC_ID, "kind", "n_quotes", "n_chars", "chars_quoted", "n_words", "words_quoted"])
    out["char_share"] = ratio(out["chars_quoted"], out["n_chars"])
    out["word_share"] = ratio(out["words_quoted"], out["n_words"])
    return out[QUOTE_SHARE_COLUMNS].astype({
        DOC_ID: "string", "kind": "string", "n_quotes": "int64", "n_chars": "int64", "chars_quoted": "int64",
        "char_share": "float64", "n_words": "int64", "words_quoted": "int64", "word_share": "float64",
    })


def speaker_summary(quotes: pd.DataFrame) -> pd.DataFrame:
    """Return who is quoted how much: one row per speaker, columns :data:`SPEAKER_SUMMARY_COLUMNS`.

    ``n_words`` counts the words (:data:`WORD`) of the speaker's quotes,
    ``n_docs`` the documents quoting them, ``kinds`` the kinds used
    (comma-separated), then the number of quotes of each kind. Speakers are
    grouped by their ``speaker`` text as written (``Aliyev`` and ``President
    Ilham Aliyev`` are two rows; canonical ids are the actors measure's job).
    Quotes without a speaker form one last row with ``speaker`` missing. Sorted
    by ``n_quotes``, then ``n_words``, descending.

    >>> quotes = pd.DataFrame({"doc_id": ["a", "a", "b"], "kind": ["direct", "reported", "direct"],
    ...                        "text": ["one two", "three", "four five six"], "speaker": ["Aliyev", "Aliyev", pd.NA]})
    >>> speaker_summary(quotes)[["speaker", "n_quotes", "n_words", "n_docs", "kinds"]]
      speaker  n_quotes  n_words  n_docs            kinds
    0  Aliyev         2        3       1  direct,reported
    1    <NA>         1        3       1           direct
    """
    require_columns(quotes, [DOC_ID, "kind", TEXT, "speaker"], "speaker_summary: quotes")
    _check_kinds(quotes)
    frame = pd.DataFrame({
        "speaker": quotes["speaker"].astype("string"),
        DOC_ID: quotes[DOC_ID],
        "kind": quotes["kind"].astype(str),
        "words": [len(WORD.findall(t)) if isinstance(t, str) else 0 for t in quotes[TEXT]],
    })
    rows = []
    for speaker, group in frame.groupby("speaker", dropna=False, sort=False):
        counts = group["kind"].value_counts()
        kinds = ",".join(k for k in KINDS if k in counts.index)
        rows.append((speaker, len(group), int(group["words"].sum()), group[DOC_ID].nunique(), kinds,
                     *(int(counts.get(k, 0)) for k in KINDS)))
    out = pd.DataFrame(rows, columns=SPEAKER_SUMMARY_COLUMNS)
    out = out.astype({"speaker": "string", "kinds": "string"} | {c: "int64" for c in SPEAKER_SUMMARY_COLUMNS if c.startswith("n_")})
    out = out.assign(_na=out["speaker"].isna()).sort_values(["_na", "n_quotes", "n_words", "speaker"], ascending=[True, False, False, True])
    return out.drop(columns="_na").reset_index(drop=True)


def _check_kinds(quotes: pd.DataFrame) -> None:
    bad = sorted(set(quotes["kind"].dropna().astype(str)) - set(KINDS))
    if bad:
        raise ValueError(f"quotes has kind values {bad}; valid kinds are {list(KINDS)}")


def _spans_by_doc(quotes: pd.DataFrame) -> dict[object, list[tuple[str | None, int, int]]]:
    """Each document's quotes as ``(kind, start, end)``, read in one pass over the table (a missing kind or doc_id counts nowhere)."""
    by_doc: dict[object, list[tuple[str | None, int, int]]] = {}
    doc_ids = quotes[DOC_ID]
    known = doc_ids.notna().to_numpy()
    kinds = [k if isinstance(k, str) else None for k in quotes["kind"].astype(object).tolist()]
    starts = quotes[START].astype(int).tolist()
    ends = quotes[END].astype(int).tolist()
    for doc_id, ok, kind, start, end in zip(doc_ids.tolist(), known, kinds, starts, ends):
        if ok:
            by_doc.setdefault(doc_id, []).append((kind, start, end))
    return by_doc


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _count_inside(positions: list[int], merged: list[tuple[int, int]]) -> int:
    return sum(bisect.bisect_left(positions, e) - bisect.bisect_left(positions, s) for s, e in merged)
