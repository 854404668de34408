"""Fixtures for the analysis.voices tests: the pipeline's tables for hand-written texts."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

import analysis
from analysis.voices import find_quotes
from analysis.voices.cues import Cues, check_cues
from analysis.voices.document import Document, build_document

#: The columns the pattern tests compare.
SHOWN = ["kind", "text", "speaker", "verb", "cue", "speaker_resolved_from"]


def docs_of(*texts: str, interviewee: str | None = None) -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(len(texts))],
        "text": list(texts),
        "interviewee": pd.array([interviewee] * len(texts), dtype="string"),
    })


def tables_for(docs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The tables find_quotes reads, made by the earlier stages: sentences, tokens, paragraphs, docs."""
    sentences = analysis.split_sentences(docs)
    return {"sentences": sentences, "tokens": analysis.tokenize(sentences), "paragraphs": analysis.split_paragraphs(docs), "docs": docs}


def quotes_for(docs: pd.DataFrame, **kwargs) -> pd.DataFrame:
    """find_quotes over the tables of *docs*."""
    t = tables_for(docs)
    return find_quotes(t["sentences"], t["tokens"], paragraphs=t["paragraphs"], docs=t["docs"], **kwargs)


@pytest.fixture(scope="session")
def tables() -> Callable[..., dict[str, pd.DataFrame]]:
    """``tables(*texts, interviewee=None)``: the tables of hand-written texts (doc ids d0, d1, ...)."""
    return lambda *texts, interviewee=None: tables_for(docs_of(*texts, interviewee=interviewee))


@pytest.fixture(scope="session")
def tables_of() -> Callable[[pd.DataFrame], dict[str, pd.DataFrame]]:
    """``tables_of(docs)``: the tables of a documents frame."""
    return tables_for


@pytest.fixture(scope="session")
def find() -> Callable[..., pd.DataFrame]:
    """``find(docs, **options)``: find_quotes over the tables of a documents frame."""
    return quotes_for


@pytest.fixture(scope="session")
def quotes() -> Callable[..., pd.DataFrame]:
    """``quotes(*texts, interviewee=None, **options)``: find_quotes over hand-written texts."""
    return lambda *texts, interviewee=None, **kwargs: quotes_for(docs_of(*texts, interviewee=interviewee), **kwargs)


@pytest.fixture(scope="session")
def rows() -> Callable[..., list[tuple]]:
    """``rows(text, **options)``: the quotes of one text as (kind, text, speaker, verb, cue, pronoun) tuples, NA as None."""

    def shown(text: str, **kwargs) -> list[tuple]:
        found = quotes_for(docs_of(text), **kwargs)
        return [tuple(None if pd.isna(v) else v for v in row) for row in found[SHOWN].itertuples(index=False)]

    return shown


@pytest.fixture(scope="session")
def document() -> Callable[[str], Document]:
    """``document(text)``: the Document find_quotes builds for *text* (from split_sentences, tokenize and split_paragraphs)."""

    def build(text: str) -> Document:
        t = tables_for(docs_of(text))
        s, k, p = t["sentences"], t["tokens"], t["paragraphs"]
        return build_document(
            text,
            sentences=zip(s["start"].tolist(), s["end"].tolist(), s["sent_id"].tolist()),
            paragraphs=zip(p["start"].tolist(), p["end"].tolist(), p["role"].tolist()),
            tokens=zip(k["start"].tolist(), k["end"].tolist()),
        )

    return build


@pytest.fixture(scope="session")
def cues() -> Cues:
    """The packaged cue lexicon, compiled."""
    return check_cues(None)
