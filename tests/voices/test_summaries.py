"""Tests for analysis.voices.summaries: quote_share and speaker_summary, by hand."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.voices import QUOTE_SHARE_COLUMNS, SPEAKER_SUMMARY_COLUMNS, WORD, quote_share, speaker_summary


def test_quote_share_by_hand(find):
    # 0         1         2         3         4         5
    # 0123456789012345678901234567890123456789012345678901234567
    # “One two three,” she said. Aliyev noted that four five six.
    text = "“One two three,” she said. Aliyev noted that four five six."
    docs = pd.DataFrame({"doc_id": ["d0", "d1"], "text": [text, "No quotes here at all."]})
    share = quote_share(find(docs), docs)
    assert list(share.columns) == QUOTE_SHARE_COLUMNS
    expected = pd.DataFrame({
        "doc_id": ["d0"] * 4 + ["d1"] * 4,
        "kind": ["direct", "reported", "interview_answer", "all"] * 2,
        "n_quotes": [1, 1, 0, 2, 0, 0, 0, 0],
        "n_chars": [59] * 4 + [22] * 4,
        # "One two three" = 13 characters, "four five six" = 13
        "chars_quoted": [13, 13, 0, 26, 0, 0, 0, 0],
        "char_share": [13 / 59, 13 / 59, 0.0, 26 / 59, 0.0, 0.0, 0.0, 0.0],
        # words: One two three she said Aliyev noted that four five six = 11
        "n_words": [11] * 4 + [5] * 4,
        "words_quoted": [3, 3, 0, 6, 0, 0, 0, 0],
        "word_share": [3 / 11, 3 / 11, 0.0, 6 / 11, 0.0, 0.0, 0.0, 0.0],
    }).astype({"doc_id": "string", "kind": "string"})
    assert_frame_equal(share, expected)


def test_quote_share_counts_overlapping_quotes_once():
    docs = pd.DataFrame({"doc_id": ["d0"], "text": ["abcdefghij"]})
    quotes = pd.DataFrame({"doc_id": ["d0", "d0"], "kind": ["interview_answer", "direct"], "start": [0, 2], "end": [8, 5]})
    share = quote_share(quotes, docs).set_index("kind")
    assert share.loc["all", "chars_quoted"] == 8
    assert share.loc["direct", "chars_quoted"] == 3
    assert share.loc["all", "n_quotes"] == 2


def test_quote_share_reads_each_document_once_and_skips_rows_without_a_document():
    # A quote without a kind counts in "all" only; a quote without a doc_id counts nowhere; documents keep their order.
    docs = pd.DataFrame({"doc_id": ["d1", "d0"], "text": ["abcdefghij", "one two three four"]})
    quotes = pd.DataFrame({
        "doc_id": pd.array(["d0", "d1", "d0", pd.NA, "d1"], dtype="string"),
        "kind": pd.array(["direct", pd.NA, "reported", "direct", "direct"], dtype="string"),
        "start": [0, 0, 4, 0, 8], "end": [3, 2, 7, 18, 10],
    })
    share = quote_share(quotes, docs).set_index(["doc_id", "kind"])
    assert share.index.get_level_values("doc_id").unique().tolist() == ["d1", "d0"]
    assert share.loc[("d1", "all"), ["n_quotes", "chars_quoted"]].tolist() == [2, 4]
    assert share.loc[("d1", "direct"), ["n_quotes", "chars_quoted"]].tolist() == [1, 2]
    assert share.loc[("d0", "direct"), ["n_quotes", "chars_quoted", "words_quoted"]].tolist() == [1, 3, 1]
    assert share.loc[("d0", "all"), ["n_quotes", "chars_quoted", "words_quoted"]].tolist() == [2, 6, 2]


def test_speaker_summary_by_hand():
    quotes = pd.DataFrame({
        "doc_id": ["a", "a", "b", "b", "c"],
        "kind": ["direct", "reported", "interview_answer", "direct", "reported"],
        "text": ["one two three", "four", "five six", "seven", "eight nine"],
        "speaker": pd.array(["Aliyev", "Aliyev", "Abishev", pd.NA, "Aliyev"], dtype="string"),
    })
    expected = pd.DataFrame({
        "speaker": ["Aliyev", "Abishev", pd.NA],
        "n_quotes": [3, 1, 1],
        "n_words": [6, 2, 1],
        "n_docs": [2, 1, 1],
        "kinds": ["direct,reported", "interview_answer", "direct"],
        "n_direct": [1, 0, 1],
        "n_reported": [2, 0, 0],
        "n_interview_answer": [0, 1, 0],
    }).astype({"speaker": "string", "kinds": "string"})
    summary = speaker_summary(quotes)
    assert list(summary.columns) == SPEAKER_SUMMARY_COLUMNS
    assert_frame_equal(summary, expected)


def test_a_document_with_no_text_has_no_share():
    docs = pd.DataFrame({"doc_id": ["d0"], "text": [""]})
    quotes = pd.DataFrame({"doc_id": pd.Series([], dtype="string"), "kind": pd.Series([], dtype="string"), "start": [], "end": []})
    share = quote_share(quotes, docs)
    assert share["n_chars"].tolist() == [0] * 4 and share["n_words"].tolist() == [0] * 4
    assert share["char_share"].isna().all() and share["word_share"].isna().all()  # undefined, not 0


def test_word_counts_agree_with_find_quotes(find):
    # speaker_summary counts WORD matches; find_quotes counts words read from the tokens the same way.
    text = "“Go home now, U.S. envoy, isn't it,” Aliyev said. Dr. K. Li noted that the 3.5% rise can't last."
    found = find(pd.DataFrame({"doc_id": ["d0"], "text": [text]}))
    counts = speaker_summary(found).set_index("speaker")["n_words"].to_dict()
    assert counts == {"Aliyev": 8, "Dr. K. Li": 6}  # Go home now U S envoy isn't it / the 3 5 rise can't last
    assert [len(WORD.findall(t)) for t in found["text"]] == [8, 6]
    assert len(find(pd.DataFrame({"doc_id": ["d0"], "text": [text]}), min_words=7)) == 1  # the count min_words reads


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: quote_share(pd.DataFrame({"doc_id": ["a"], "kind": ["indirect"], "start": [0], "end": [1]}), pd.DataFrame({"doc_id": ["a"], "text": ["x"]})),
         ValueError, r"kind values \['indirect'\]"),
        (lambda: speaker_summary(pd.DataFrame({"doc_id": ["a"]})), ValueError, r"quotes needs column\(s\) \['kind', 'text', 'speaker'\]"),
        (lambda: quote_share(pd.DataFrame({"doc_id": ["a"]}), pd.DataFrame({"doc_id": ["a"], "text": ["x"]})),
         ValueError, re.escape("quote_share: quotes needs column(s) ['kind', 'start', 'end']")),
        (lambda: quote_share(pd.DataFrame({"doc_id": ["a"], "kind": ["direct"], "start": [0], "end": [1]}),
                             pd.DataFrame({"doc_id": ["a"], "sent_id": [0], "text": ["x"]})),
         ValueError, r"quote_share: docs needs a documents table \(from analysis.load_corpus\); got a sentences table"),
    ],
)
def test_bad_input_messages(call, error, match):
    with pytest.raises(error, match=match):
        call()
