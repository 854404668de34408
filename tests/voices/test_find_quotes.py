"""Tests for analysis.voices (find_quotes): the composed steps on the seeds and on Wikinews, and its inputs."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import analysis
from analysis.voices import QUOTE_COLUMNS, find_quotes

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SHARED = Path(__file__).resolve().parents[3] / "shared"


# -- the seeds --------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds(find):
    docs = analysis.load_corpus(SEEDS)
    return docs, find(docs)


def assert_offsets(docs: pd.DataFrame, quotes: pd.DataFrame) -> None:
    texts = dict(zip(docs["doc_id"], docs["text"]))
    for row in quotes.itertuples():
        text = texts[row.doc_id]
        assert text[row.start : row.end] == row.text
        if not pd.isna(row.speaker_start):
            assert text[row.speaker_start : row.speaker_end] == row.speaker
        if not pd.isna(row.pronoun_start):
            assert text[row.pronoun_start : row.pronoun_end] == row.speaker_resolved_from


def test_offsets_invariant_on_the_seeds(seeds):
    docs, quotes = seeds
    assert list(quotes.columns) == QUOTE_COLUMNS
    assert len(quotes) > 0
    assert_offsets(docs, quotes)
    assert (quotes.groupby("doc_id")["quote_id"].apply(lambda s: s.tolist() == list(range(len(s))))).all()


def test_seed_findings_checked_by_hand(seeds):
    _, quotes = seeds
    kinds = quotes.groupby(["doc_id", "kind"]).size().to_dict()
    # Hand-counted from split_paragraphs: 9 answer paragraphs in 002, 12 in 003.
    assert kinds[("002_9e9e8290c25e0c8d", "interview_answer")] == 9
    assert kinds[("003_e3794b170be02574", "interview_answer")] == 12
    assert "004_07c97f8e3e473a60" not in set(quotes["doc_id"])  # only scare quotes in the op-ed
    first = quotes.iloc[0]
    assert (first["speaker"], first["verb"], first["speaker_resolved_from"]) == ("Zhanat Momynkulov", "told", "he")
    aliyev = quotes[(quotes["doc_id"] == "001_27dd4e5951766026") & (quotes["kind"] == "direct")]
    assert aliyev["speaker"].tolist() == ["President Ilham Aliyev", "President Mirziyoyev", "Kazakh President Kassym-Jomart Tokayev"]
    according = quotes[quotes["cue"] == "according_to"]
    assert according[["speaker", "text"]].values.tolist() == [
        ["Tashkent", "Azerbaijan’s accession opens new political and strategic horizons for the region"]
    ]


def test_per_document_results_do_not_depend_on_the_chunk(seeds, find):
    docs, quotes = seeds
    pieces = [find(docs.iloc[[i]]) for i in range(len(docs))]
    assert_frame_equal(pd.concat(pieces, ignore_index=True), quotes)


def test_tables_in_any_row_order_and_tokens_with_joined_phrases_give_the_same_result(seeds):
    docs, quotes = seeds
    sentences = analysis.split_sentences(docs)
    tokens = analysis.tokenize(sentences, phrases="default")  # "Middle Corridor" is one token: the words are the same
    shuffled = [frame.sample(frac=1, random_state=0) for frame in (sentences, tokens, analysis.split_paragraphs(docs))]
    again = find_quotes(shuffled[0], shuffled[1], paragraphs=shuffled[2], docs=docs)
    assert_frame_equal(again, quotes)


@pytest.mark.shared
@pytest.mark.slow
def test_offsets_invariant_on_wikinews(find):
    path = SHARED / "data" / "wikinews_en_2019_2020" / "wikinews_2019.csv"
    if not path.is_file():
        pytest.skip(f"shared Wikinews data not found at {path}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the corpus loader warns about a few Wikinews rows
        docs = analysis.load_corpus(path)
    quotes = find(docs)
    assert len(quotes) > 100
    assert_offsets(docs, quotes)


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        ({"docs": pd.DataFrame({"doc_id": ["a"]})}, ValueError, r"docs needs column\(s\) \['text'\]"),
        ({"docs": ["a text"]}, TypeError, r"docs needs a documents table \(a pandas DataFrame from analysis.load_corpus\); got list"),
        ({"min_words": 0}, ValueError, r"min_words must be an integer >= 1; got 0"),
        ({"docs": pd.DataFrame({"doc_id": ["a", "a"], "text": ["x", "y"]})}, ValueError, r"duplicate doc_id values \['a'\]"),
        ({"docs": pd.DataFrame({"doc_id": ["a"], "text": [None]})}, TypeError, r"docs.text at row 0 \(doc_id='a'\) is NoneType"),
        ({"verbs": pd.DataFrame({"form": ["said"], "role": ["verb"]})}, ValueError, r"unknown role\(s\) \['verb'\]"),
        ({"paragraphs": pd.DataFrame({"doc_id": ["d0"], "start": [0], "end": [1], "role": ["quote"]})}, ValueError, r"role values \['quote'\]"),
        ({"sentences": pd.DataFrame({"doc_id": ["d0"], "sent_id": [0], "start": [0], "end": [99], "text": ["x"]})},
         ValueError, r"span \(0, 99\) of document 'd0' lies outside its text \(length 1\)"),
        ({"tokens": pd.DataFrame({"doc_id": ["d0"], "sent_id": [0], "token_id": [0], "start": [0], "end": [2], "norm": ["x"]})},
         ValueError, r"tokens: span \(0, 2\) of document 'd0' lies outside its text \(length 1\)"),
    ],
)
def test_bad_input_messages(tables, change, error, match):
    given = tables("x") | change
    with pytest.raises(error, match=match):
        find_quotes(given.pop("sentences"), given.pop("tokens"), **given)


@pytest.mark.parametrize(
    ("argument", "given", "match"),
    [
        pytest.param("sentences", "docs", r"find_quotes: sentences needs a sentences table \(from analysis.split_sentences\); "
                     r"got a documents table \(columns .*\): run analysis.split_sentences on it first", id="docs-as-sentences"),
        pytest.param("sentences", "tokens", r"sentences needs a sentences table .*; got a tokens table", id="tokens-as-sentences"),
        pytest.param("tokens", "sentences", r"find_quotes: tokens needs a tokens table \(from analysis.tokenize\); "
                     r"got a sentences table \(columns .*\): run analysis.tokenize on it first", id="sentences-as-tokens"),
        pytest.param("tokens", "docs", r"tokens needs a tokens table .*; got a documents table .*: run analysis.split_sentences, then analysis.tokenize on it first",
                     id="docs-as-tokens"),
        pytest.param("paragraphs", "sentences", r"find_quotes: paragraphs needs a paragraphs table \(from analysis.split_paragraphs\); got a sentences table",
                     id="sentences-as-paragraphs"),
        pytest.param("docs", "sentences", r"find_quotes: docs needs a documents table \(from analysis.load_corpus\); got a sentences table",
                     id="sentences-as-docs"),
        pytest.param("docs", "paragraphs", r"docs needs a documents table .*; got a paragraphs table", id="paragraphs-as-docs"),
    ],
)
def test_a_wrong_table_is_named_with_the_call_that_makes_the_right_one(tables, argument, given, match):
    right = tables("Aliyev said the talks went well.")
    wrong = right | {argument: right[given]}
    with pytest.raises(ValueError, match=match):
        find_quotes(wrong.pop("sentences"), wrong.pop("tokens"), **wrong)


def test_a_filtered_tokens_table_is_refused(tables):
    given = tables("Aliyev said the talks went well.")
    content = given["tokens"][~given["tokens"]["is_stop"]]
    with pytest.raises(ValueError, match=r"tokens of document 'd0' skip token ids \(6 tokens, ids up to 6\); pass the whole table"):
        find_quotes(given["sentences"], content, paragraphs=given["paragraphs"], docs=given["docs"])


def test_paragraphs_and_docs_are_required_keywords(tables):
    given = tables("Aliyev said the talks went well.")
    with pytest.raises(TypeError):
        find_quotes(given["sentences"], given["tokens"], given["paragraphs"], given["docs"])
    with pytest.raises(TypeError, match="docs"):
        find_quotes(given["sentences"], given["tokens"], paragraphs=given["paragraphs"])


def test_documents_without_sentences_tokens_or_paragraphs_still_give_their_quotes(tables):
    given = tables("Aliyev said the talks went well.", "")
    found = find_quotes(given["sentences"], given["tokens"], paragraphs=given["paragraphs"], docs=given["docs"])
    assert found[["doc_id", "text", "speaker"]].values.tolist() == [["d0", "the talks went well", "Aliyev"]]
    empty = find_quotes(given["sentences"].iloc[:0], given["tokens"].iloc[:0], paragraphs=given["paragraphs"].iloc[:0], docs=given["docs"])
    assert list(empty.columns) == QUOTE_COLUMNS and len(empty) == 0
