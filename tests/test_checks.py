"""Tests of analysis.checks: tables are recognised by their columns and a wrong one is named with the call that makes the right one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import load_corpus, split_paragraphs, split_sentences, tokenize
from analysis.checks import check_choice, check_int, check_text_column, plain, require_columns, require_table, table_kind

DOCS = pd.DataFrame({"doc_id": ["d"], "text": ["Baku hosts talks. Astana listens."]})


def test_every_pipeline_table_is_recognised():
    sentences = split_sentences(DOCS)
    assert table_kind(DOCS) == "documents"
    assert table_kind(sentences) == "sentences"
    assert table_kind(tokenize(sentences)) == "tokens"
    assert table_kind(split_paragraphs(DOCS)) == "paragraphs"
    assert table_kind(pd.DataFrame({"x": [1]})) is None


def test_the_loaded_corpus_is_a_documents_table():
    assert table_kind(load_corpus("seeds")) == "documents"


@pytest.mark.parametrize(
    ("frame", "kind", "match"),
    [
        (DOCS, "tokens", r"needs a tokens table \(from analysis.tokenize\); got a documents table .*run analysis.split_sentences, then analysis.tokenize on it first"),
        (split_sentences(DOCS), "tokens", r"got a sentences table .*run analysis.tokenize on it first"),
        (DOCS, "sentences", r"got a documents table .*run analysis.split_sentences on it first"),
        (tokenize(split_sentences(DOCS)), "sentences", r"needs a sentences table \(from analysis.split_sentences\); got a tokens table \(columns"),
    ],
)
def test_a_wrong_table_is_named_with_the_call_that_makes_the_right_one(frame, kind, match):
    columns = {"tokens": ["doc_id", "sent_id", "token_id", "norm"], "sentences": ["doc_id", "sent_id", "start", "text"]}[kind]
    with pytest.raises(ValueError, match=match):
        require_table(frame, kind, columns, "f: x")


def test_a_table_missing_columns_of_its_own_kind_lists_them():
    sentences = split_sentences(DOCS).drop(columns=["start"])
    with pytest.raises(ValueError, match=r"f needs column\(s\) \['start'\]; the frame has"):
        require_table(sentences, "sentences", ["doc_id", "sent_id", "start", "text"], "f")
    require_table(split_sentences(DOCS), "sentences", ["doc_id", "sent_id", "start", "text"], "f")  # the right table passes


def test_not_a_frame():
    with pytest.raises(TypeError, match=r"f needs a tokens table \(a pandas DataFrame from analysis.tokenize\); got list"):
        require_table([], "tokens", ["doc_id"], "f")
    with pytest.raises(TypeError, match="f needs a pandas DataFrame; got dict"):
        require_columns({}, ["doc_id"], "f")


def test_argument_checks_name_the_argument_and_the_value():
    with pytest.raises(ValueError, match=r"by must be one of \['a', 'b'\]; got 'c'"):
        check_choice("c", ("a", "b"), "by")
    with pytest.raises(ValueError, match="n must be an integer >= 1; got True"):
        check_int(True, "n", minimum=1)
    check_int(np.int64(3), "n", minimum=1)
    with pytest.raises(TypeError, match=r"s.text at row 1 \(doc_id='e', sent_id=4\) is float nan, not a string"):
        check_text_column(pd.DataFrame({"doc_id": ["d", "e"], "sent_id": [0, 4], "text": ["a", np.nan]}), "text", "s")
    assert plain(np.float64(0.5)) == 0.5 and type(plain(np.float64(0.5))) is float


@pytest.mark.parametrize(
    ("frame", "match"),
    [
        (pd.DataFrame({"doc_id": ["d"], "para_id": [0], "text": ["x"], "role": ["answer"]}), "needs a documents table .*got a paragraphs table"),
        (split_sentences(DOCS), "needs a documents table .*got a sentences table"),
        (pd.DataFrame({"doc_id": ["d"]}), r"needs column\(s\) \['text'\]"),
    ],
)
def test_a_table_of_another_kind_is_refused_even_with_the_columns_asked_for(frame, match):
    with pytest.raises(ValueError, match=match):
        require_table(frame, "documents", ["doc_id", "text"], "quote_share: docs")
    require_table(pd.DataFrame({"doc_id": ["d"], "text": ["x"], "title": ["t"]}), "documents", ["doc_id", "text"], "quote_share: docs")
