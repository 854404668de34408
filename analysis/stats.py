"""Corpus statistics from tidy token and sentence tables.

Counts follow quanteda's ``textstat_frequency``: a term's frequency is the
number of its tokens, its document frequency the number of documents it occurs
in (Manning, Raghavan & Schütze 2008, ch. 6).
"""

from __future__ import annotations

import pandas as pd


def term_frequencies(tokens: pd.DataFrame, *, words_only: bool = True, drop_stopwords: bool = True) -> pd.DataFrame:
    """Return one row per term (``norm``) with ``n`` (tokens) and ``n_docs`` (documents), most frequent first.

    With *words_only*, tokens that are punctuation or contain no letter are left
    out; with *drop_stopwords*, stopwords are.

    >>> tokens = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "norm": ["baku", "the", "baku", "."],
    ...                        "is_stop": [False, True, False, False], "is_punct": [False, False, False, True]})
    >>> term_frequencies(tokens)
       term  n  n_docs
    0  baku  2       2
    """
    _require(tokens, ["doc_id", "norm", "is_stop", "is_punct"], "term_frequencies")
    keep = pd.Series(True, index=tokens.index)
    if words_only:
        keep &= ~tokens["is_punct"].astype(bool) & tokens["norm"].astype(str).str.contains(r"[^\W\d_]", regex=True)
    if drop_stopwords:
        keep &= ~tokens["is_stop"].astype(bool)
    kept = tokens.loc[keep, ["doc_id", "norm"]]
    out = (
        kept.groupby("norm", sort=False)
        .agg(n=("doc_id", "size"), n_docs=("doc_id", "nunique"))
        .reset_index()
        .rename(columns={"norm": "term"})
        .sort_values(["n", "n_docs", "term"], ascending=[False, False, True], kind="stable")
        .reset_index(drop=True)
    )
    return out.astype({"term": "string", "n": "int64", "n_docs": "int64"})


def summarize_documents(docs: pd.DataFrame, sentences: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    """Return one row per document: ``doc_id, n_sentences, n_tokens, n_words, n_removed``.

    ``n_words`` counts tokens that are not punctuation; ``n_removed`` is the
    number of lines cleaning removed (0 when the frame has no such column).
    """
    _require(docs, ["doc_id"], "summarize_documents")
    _require(sentences, ["doc_id"], "summarize_documents")
    _require(tokens, ["doc_id", "is_punct"], "summarize_documents")
    out = docs[["doc_id"]].copy()
    out["n_sentences"] = out["doc_id"].map(sentences.groupby("doc_id").size()).fillna(0).astype("int64")
    out["n_tokens"] = out["doc_id"].map(tokens.groupby("doc_id").size()).fillna(0).astype("int64")
    words = tokens.loc[~tokens["is_punct"].astype(bool)]
    out["n_words"] = out["doc_id"].map(words.groupby("doc_id").size()).fillna(0).astype("int64")
    out["n_removed"] = docs["n_removed"].fillna(0).astype("int64").to_numpy() if "n_removed" in docs.columns else 0
    return out.reset_index(drop=True)


def _require(frame: pd.DataFrame, columns: list[str], caller: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{caller} needs column(s) {missing}; the frame has {list(frame.columns)}")
