"""Tests for analysis.sentiment: VADER against its reference package, hand-computed aggregates and F1.

Explanations are compared with the oracle of ``tests/test_vader.py``, which
builds them from the reference package's own internals.
"""

from __future__ import annotations

import math
from fnmatch import fnmatchcase
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer, SentiText, normalize

from test_vader import reference_explanation_frame

from analysis import load_corpus, split_sentences, tokenize
from analysis.validation import read_vader_groundtruth
from analysis.sentiment import (
    ACTOR_TONE_COLUMNS,
    EXPLANATION_COLUMNS,
    HIT_COLUMNS,
    LEXICON_TONE_COLUMNS,
    SUMMARY_COLUMNS,
    VALIDATION_COLUMNS,
    actor_tone,
    explain_sentence,
    explain_sentences,
    match_lexicon,
    score_lexicon,
    score_sentences,
    summarize_sentiment,
    vader_scores,
    validate_sentiment,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
GROUNDTRUTH = SHARED / "data" / "vader_icwsm2014_groundtruth"
REFERENCE = SentimentIntensityAnalyzer()

SENTENCES = [
    "The book was good.",
    "The book was kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "A really bad, horrible book.",
    "At least it isn't a horrible book.",
    "VADER is VERY SMART, really handsome, and INCREDIBLY FUNNY!!!",
    "Today kinda sux! But I'll get by, lol",
    "No progress, no hope?? Never so bad!",
    "The talks were not without doubt a success, he said.",
    "Baku welcomed the deal :) and Moscow did not :(",
    "I love it \U0001F600 and hate it\U0001F620!",
    "",
    "   ",
    "!!!",
    "Aliyev said Azerbaijan would never accept the least bad option.",
]


@pytest.fixture(scope="module")
def seeds():
    docs = load_corpus(ROOT / "seeds")
    sentences = split_sentences(docs)
    return docs, sentences, tokenize(sentences)


def _groundtruth(name: str) -> pd.DataFrame:
    path = GROUNDTRUTH / f"{name}_GroundTruth.txt"
    if not path.is_file():
        pytest.skip(f"VADER ground truth not found at {path} (/work/shared is absent)")
    return read_vader_groundtruth(path)


# --------------------------------------------------------------------------- vader_scores / score_sentences


@pytest.mark.parametrize("text", SENTENCES)
def test_vader_scores_equal_the_reference_package(text):
    expected = REFERENCE.polarity_scores(text)
    got = vader_scores([text]).iloc[0].to_dict()
    assert got == pytest.approx(expected, abs=0)


def test_vader_scores_keep_one_row_per_text_in_order_without_splitting():
    texts = pd.Series(["Good. Bad. Bad.", "Terrible!"], index=[10, 20])
    got = vader_scores(texts)
    assert list(got.columns) == ["neg", "neu", "pos", "compound"]
    assert got.index.equals(pd.RangeIndex(2))
    # one text with three sentences is scored as one unit, not sentence by sentence
    assert got.loc[0, "compound"] == REFERENCE.polarity_scores("Good. Bad. Bad.")["compound"]


@pytest.mark.parametrize(
    ("texts", "error", "match"),
    [
        ("one string", TypeError, r"texts must be a list or Series of strings, not one string"),
        (["ok", None], TypeError, r"texts at row 1 is NoneType None, not a string"),
        (pd.Series(["ok", 3.5], index=["a", "b"]), TypeError, r"texts at row 'b' is float 3.5"),
        (pd.DataFrame({"text": ["x"]}), TypeError, r"not a DataFrame \(pass frame\['text'\]\)"),
    ],
)
def test_vader_scores_reject_bad_input(texts, error, match):
    with pytest.raises(error, match=match):
        vader_scores(texts)


def test_score_sentences_adds_scores_and_keeps_offsets(seeds):
    docs, sentences, _ = seeds
    before = sentences.copy()
    scored = score_sentences(sentences)
    assert_frame_equal(sentences, before)  # input not mutated
    assert list(scored.columns) == ["doc_id", "sent_id", "para_id", "start", "end", "text", "neg", "neu", "pos", "compound"]
    assert len(scored) == len(sentences)
    text = dict(zip(docs["doc_id"], docs["text"]))
    assert all(text[d][s:e] == t for d, s, e, t in zip(scored["doc_id"], scored["start"], scored["end"], scored["text"]))
    expected = [REFERENCE.polarity_scores(t)["compound"] for t in sentences["text"]]
    assert scored["compound"].tolist() == expected


def test_score_sentences_without_para_id_has_the_shared_columns():
    sentences = pd.DataFrame({"doc_id": ["d"], "sent_id": [0], "start": [0], "end": [5], "text": ["Good."], "extra": [1]})
    got = score_sentences(sentences)
    assert list(got.columns) == ["doc_id", "sent_id", "start", "end", "text", "neg", "neu", "pos", "compound"]


def test_score_sentences_names_missing_columns_and_bad_text():
    with pytest.raises(ValueError, match=r"score_sentences: sentences needs column\(s\) \['end'\]"):
        score_sentences(pd.DataFrame({"doc_id": ["d"], "sent_id": [0], "start": [0], "text": ["x"]}))
    bad = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1], "start": [0, 3], "end": [2, 5], "text": ["ok", np.nan]})
    with pytest.raises(TypeError, match=r"sentences.text at row 1 \(doc_id='d', sent_id=1\) is float nan, not a string"):
        score_sentences(bad)


def test_vader_saturates_on_whole_articles_but_not_on_their_sentences(seeds):
    docs, sentences, tokens = seeds
    whole = vader_scores(docs["text"])["compound"]
    assert len(whole) == 5
    assert (whole > 0.99).all()  # every seed article looks "extremely positive" as a whole
    summary = summarize_sentiment(score_sentences(sentences), tokens)
    assert (summary["compound_mean"] < 0.5).all()  # its sentences say otherwise
    assert (summary["share_positive"] < 0.9).all()


# --------------------------------------------------------------------------- explanations


def test_explain_sentence_hand_computed():
    text = "The plot was not great, but the cast is VERY good!"
    got = explain_sentence(text)
    assert list(got.columns) == EXPLANATION_COLUMNS
    assert got["word"].tolist() == ["The", "plot", "was", "not", "great", "but", "the", "cast", "is", "VERY", "good", "!"]
    # great = 3.1, negated by "not": 3.1 * -0.74 = -2.294; before "but": * 0.5 = -1.147
    # good = 1.9, boosted by VERY: + 0.293 + 0.733 (ALL CAPS booster) = 2.926; after "but": * 1.5 = 4.389
    # one "!" adds 0.292 in the direction of the sum
    expected = [0, 0, 0, 0, -1.147, 0, 0, 0, 0, 0, 4.389, 0.292]
    assert got["valence"].tolist() == pytest.approx(expected, abs=1e-12)
    assert got.loc[4, "rule_valence"] == pytest.approx(-2.294)
    assert got.loc[10, "rule_valence"] == pytest.approx(2.926)
    assert got.loc[4, "cues"] == "negated; but x0.5"
    assert got.loc[9, "cues"] == "modifier"
    assert got.loc[10, "cues"] == "boosted; but x1.5"
    total = -1.147 + 4.389 + 0.292
    assert round(total / math.sqrt(total * total + 15), 4) == vader_scores([text]).loc[0, "compound"]


@pytest.mark.parametrize("text", SENTENCES)
def test_explanation_recomputes_the_compound(text):
    got = explain_sentence(text)
    assert round(normalize(sum(got["valence"].tolist())), 4) == REFERENCE.polarity_scores(text)["compound"]
    assert got["unit"].tolist() == ["word"] * (len(got) - 1) + ["punctuation"]


@pytest.mark.parametrize("text", [t for t in SENTENCES if not any(ord(ch) > 0xFFFF for ch in t)])
def test_explanation_offsets_point_at_the_words(text):
    words = explain_sentence(text).query("unit == 'word'")
    assert words["word"].tolist() == SentiText(text.strip()).words_and_emoticons
    assert [text[s:e] for s, e in zip(words["start"], words["end"])] == words["word"].tolist()


def test_explanation_of_an_emoji_points_at_the_emoji():
    text = "Great \U0001F600!"
    got = explain_sentence(text)
    # VADER replaces the emoji by its description, "grinning face"
    assert got["word"].tolist() == ["Great", "grinning", "face", "!"]
    assert got["start"].tolist()[:3] == [0, 6, 6]
    assert got["end"].tolist()[:3] == [5, 7, 7]
    assert got["start"].isna().tolist()[3]


def test_explain_sentences_use_document_offsets_and_match_vader_on_the_seeds(seeds):
    docs, sentences, _ = seeds
    got = explain_sentences(sentences)
    assert list(got.columns) == ["doc_id", "sent_id", *EXPLANATION_COLUMNS]
    text = dict(zip(docs["doc_id"], docs["text"]))
    words = got.loc[got["unit"] == "word"]
    assert all(text[d][s:e] == w for d, s, e, w in zip(words["doc_id"], words["start"], words["end"], words["word"]))
    compound = {(d, s): c for d, s, c in zip(*[score_sentences(sentences)[k] for k in ("doc_id", "sent_id", "compound")])}
    for (doc_id, sent_id), part in got.groupby(["doc_id", "sent_id"], sort=False):
        assert round(normalize(sum(part["valence"].tolist())), 4) == compound[(doc_id, sent_id)]


def test_explanation_recomputes_the_compound_on_every_nyt_snippet():
    snippets = _groundtruth("nytEditorialSnippets")
    sentences = pd.DataFrame({"doc_id": "nyt", "sent_id": range(len(snippets)), "start": 0, "text": snippets["text"]})
    explained = explain_sentences(sentences)
    ends = np.flatnonzero(explained["unit"].to_numpy() == "punctuation")  # the last row of each sentence
    valence = explained["valence"].tolist()
    begin = 0
    for text, end in zip(snippets["text"], ends):
        assert round(normalize(sum(valence[begin : end + 1])), 4) == REFERENCE.polarity_scores(text)["compound"], text
        begin = end + 1
    assert begin == len(explained)


def test_explain_rejects_non_text():
    with pytest.raises(TypeError, match=r"explain_sentence: text must be a string; got int 5"):
        explain_sentence(5)


@pytest.mark.parametrize("text", SENTENCES)
def test_explain_sentence_equals_the_reference_explanation(text):
    # values, dtypes and column order of the explanation built from vaderSentiment's internals
    assert_frame_equal(explain_sentence(text), reference_explanation_frame(text), check_exact=True)


def test_explain_sentences_equal_the_reference_explanations_on_the_seeds(seeds):
    _, sentences, _ = seeds
    expected = pd.concat(
        [reference_explanation_frame(text, offset=start).assign(doc_id=doc_id, sent_id=sent_id)
         for doc_id, sent_id, start, text in zip(sentences["doc_id"], sentences["sent_id"], sentences["start"], sentences["text"])],
        ignore_index=True,
    )[["doc_id", "sent_id", *EXPLANATION_COLUMNS]].astype({"doc_id": "string", "sent_id": "int64"})
    assert_frame_equal(explain_sentences(sentences), expected, check_exact=True)


# --------------------------------------------------------------------------- lexicons


def _tokens(rows: list[tuple[str, int, str, bool]]) -> pd.DataFrame:
    """Tokens frame from (doc_id, sent_id, token, is_punct); offsets as if tokens were joined by one space."""
    out, position, token_id = [], {}, {}
    for doc_id, sent_id, token, is_punct in rows:
        start = position.get(doc_id, 0)
        out.append({"doc_id": doc_id, "sent_id": sent_id, "token_id": token_id.get(doc_id, 0), "start": start,
                    "end": start + len(token), "token": token, "norm": token.lower(), "is_stop": False,
                    "is_punct": is_punct, "is_alpha": token.isalpha()})
        position[doc_id] = start + len(token) + 1
        token_id[doc_id] = token_id.get(doc_id, 0) + 1
    return pd.DataFrame(out)


LEXICON = pd.DataFrame(
    {
        "pattern": ["econom*", "economy", "econ*", "crisis", "*ism", "un*able", "good"],
        "score": [1.0, -2.0, 3.0, -1.0, -0.5, -3.0, 2.0],
    }
)


@pytest.mark.parametrize(
    ("norm", "pattern"),
    [
        ("economy", "economy"),  # exact wins over econom* and econ*
        ("economic", "econom*"),  # longest prefix glob wins over econ*
        ("econom", "econom*"),  # * matches nothing too
        ("econ", "econ*"),
        ("terrorism", "*ism"),
        ("unbearable", "un*able"),
        ("unable", "un*able"),
        ("eco", None),
        ("crises", None),
        ("good", "good"),
    ],
)
def test_match_lexicon_precedence(norm, pattern):
    tokens = _tokens([("d", 0, norm, False)])
    hits = match_lexicon(tokens, LEXICON)
    assert hits["pattern"].tolist() == ([] if pattern is None else [pattern])


def test_match_lexicon_hits_table_and_skips_punctuation():
    tokens = _tokens([("a", 0, "Economy", False), ("a", 0, "good", False), ("a", 0, ":)", True), ("b", 3, "Crisis", False)])
    got = match_lexicon(tokens, pd.concat([LEXICON, pd.DataFrame({"pattern": [":)"], "score": [2.0]})]))
    expected = pd.DataFrame(
        {"doc_id": ["a", "a", "b"], "sent_id": [0, 0, 3], "token_id": [0, 1, 0], "start": [0, 8, 0], "end": [7, 12, 6],
         "token": ["Economy", "good", "Crisis"], "pattern": ["economy", "good", "crisis"], "score": [-2.0, 2.0, -1.0]}
    ).astype({"pattern": "string"})
    assert list(got.columns) == HIT_COLUMNS
    assert_frame_equal(got, expected, check_dtype=False)
    assert got["pattern"].dtype == "string"


def _reference_match(norm: str, lexicon: pd.DataFrame):
    """Brute force: exact first, then the matching glob with most literal characters (then the larger pattern)."""
    patterns = dict(zip(lexicon["pattern"], lexicon["score"]))
    if norm in patterns:
        return norm
    globs = [p for p in patterns if "*" in p and fnmatchcase(norm, p)]
    return max(globs, key=lambda p: (len(p.replace("*", "")), p)) if globs else None


@settings(max_examples=60, deadline=None)
@given(
    patterns=st.lists(st.text("ab*", min_size=1, max_size=4).filter(lambda p: p.strip("*")), min_size=1, max_size=12, unique=True),
    words=st.lists(st.text("ab", min_size=1, max_size=6), min_size=1, max_size=20),
)
def test_match_lexicon_equals_brute_force_glob_matching(patterns, words):
    lexicon = pd.DataFrame({"pattern": patterns, "score": [1.0] * len(patterns)})
    hits = match_lexicon(_tokens([("d", 0, w, False) for w in words]), lexicon)
    found = dict(zip(hits["token_id"], hits["pattern"]))
    assert [found.get(i) for i in range(len(words))] == [_reference_match(w, lexicon) for w in words]


def test_match_lexicon_with_many_globs_stays_fast():
    import time

    prefixes = [f"w{i}x*" for i in range(20_000)]
    lexicon = pd.DataFrame({"pattern": prefixes, "score": [1.0] * len(prefixes)})
    tokens = _tokens([("d", 0, f"w{i}xyz", False) for i in range(0, 40_000, 2)])
    started = time.perf_counter()
    hits = match_lexicon(tokens, lexicon)
    assert time.perf_counter() - started < 5  # tokens x patterns would be 4e8 comparisons
    assert len(hits) == 10_000  # w0x..w19998x match; w20000xyz.. do not


def test_match_lexicon_rejects_bad_lexicons():
    tokens = _tokens([("d", 0, "x", False)])
    with pytest.raises(ValueError, match=r"lexicon needs column\(s\) \['score'\]"):
        match_lexicon(tokens, pd.DataFrame({"pattern": ["x"]}))
    with pytest.raises(ValueError, match=r"score nan of pattern 'x' at row 0 is not a finite number"):
        match_lexicon(tokens, pd.DataFrame({"pattern": ["x"], "score": [np.nan]}))
    with pytest.raises(TypeError, match=r"lexicon must be a DataFrame"):
        match_lexicon(tokens, {"x": 1})


def test_score_lexicon_hand_computed_by_document_and_sentence():
    tokens = _tokens(
        [("a", 0, "Growth", False), ("a", 0, "is", False), ("a", 0, "good", False), ("a", 0, ",", True),
         ("a", 1, "but", False), ("a", 1, "crisis", False), ("a", 1, ".", True),
         ("b", 0, "?", True)]
    )
    lexicon = pd.DataFrame({"pattern": ["growth", "good", "crisis"], "score": [1.0, 1.0, -1.0]})
    by_doc = score_lexicon(tokens, lexicon)
    # a: 5 words, 2 positive (40 %), 1 negative (20 %): net 20, polarity 60; b: no words
    expected = pd.DataFrame(
        {"doc_id": ["a", "b"], "n_words": [5, 0], "n_positive_words": [2, 0], "n_negative_words": [1, 0],
         "pct_positive": [40.0, np.nan], "pct_negative": [20.0, np.nan], "net_tone": [20.0, np.nan], "polarity": [60.0, np.nan]}
    )
    assert_frame_equal(by_doc, expected, check_dtype=False)
    assert list(by_doc.columns) == ["doc_id", *LEXICON_TONE_COLUMNS]
    by_sentence = score_lexicon(tokens, lexicon, by="sentence")
    assert by_sentence[["doc_id", "sent_id"]].values.tolist() == [["a", 0], ["a", 1], ["b", 0]]
    assert by_sentence["n_words"].tolist() == [3, 2, 0]
    assert by_sentence["net_tone"].tolist()[:2] == pytest.approx([200 / 3, -50.0])
    with pytest.raises(ValueError, match=r"by must be 'document' or 'sentence'; got 'paragraph'"):
        score_lexicon(tokens, lexicon, by="paragraph")


def test_default_lexicon_tone_uses_vader_valence_signs():
    tokens = _tokens([("a", 0, "Good", False), ("a", 0, "and", False), ("a", 0, "horrible", False), ("a", 0, "talks", False)])
    got = score_lexicon(tokens)
    assert got[["n_words", "n_positive_words", "n_negative_words"]].iloc[0].tolist() == [4, 1, 1]
    assert got["net_tone"].iloc[0] == 0.0 and got["polarity"].iloc[0] == 50.0


# --------------------------------------------------------------------------- document summary


def test_summarize_sentiment_hand_computed():
    scores = pd.DataFrame(
        {"doc_id": ["a", "a", "a", "a", "b"], "sent_id": [0, 1, 2, 3, 0], "compound": [0.05, -0.05, 0.0499, 0.8, -0.3]}
    )
    tokens = _tokens([("a", 0, "good", False), ("a", 1, "bad", False), ("a", 1, "!", True), ("c", 0, "fine", False)])
    got = summarize_sentiment(scores, tokens)
    assert list(got.columns) == SUMMARY_COLUMNS
    assert got["doc_id"].tolist() == ["a", "b", "c"]
    a, b, c = (got.iloc[i] for i in range(3))
    # a: 0.05 is positive, -0.05 negative, 0.0499 neutral (VADER's >= 0.05 / <= -0.05)
    assert a["n_sentences"] == 4
    assert a["compound_mean"] == pytest.approx((0.05 - 0.05 + 0.0499 + 0.8) / 4)
    assert a["compound_median"] == pytest.approx((0.05 + 0.0499) / 2)
    assert [a["n_positive_sentences"], a["n_neutral_sentences"], a["n_negative_sentences"]] == [2, 1, 1]
    assert [a["share_positive"], a["share_neutral"], a["share_negative"]] == [0.5, 0.25, 0.25]
    assert [a["n_words"], a["n_positive_words"], a["n_negative_words"], a["net_tone"], a["polarity"]] == [2, 1, 1, 0.0, 100.0]
    # b has sentences but no tokens; c tokens but no sentences
    assert b["n_words"] == 0 and math.isnan(b["pct_positive"]) and b["share_negative"] == 1.0
    assert c["n_sentences"] == 0 and math.isnan(c["compound_mean"]) and c["pct_positive"] == 100.0


def test_summarize_sentiment_with_a_plugged_lexicon_and_threshold():
    scores = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [0, 1], "compound": [0.2, -0.05]})
    tokens = _tokens([("a", 0, "economy", False), ("a", 0, "good", False)])
    got = summarize_sentiment(scores, tokens, lexicon=pd.DataFrame({"pattern": ["econom*"], "score": [-1.0]}), threshold=0.1)
    assert got[["n_positive_sentences", "n_neutral_sentences", "n_negative_sentences"]].iloc[0].tolist() == [1, 1, 0]
    assert got[["n_positive_words", "n_negative_words"]].iloc[0].tolist() == [0, 1]
    with pytest.raises(ValueError, match=r"threshold must be a number in \[0, 1\).*got 5"):
        summarize_sentiment(scores, tokens, threshold=5)
    with pytest.raises(ValueError, match=r"sentence_scores.compound at row 1 is 'x'; it must be a number in -1..1"):
        summarize_sentiment(scores.assign(compound=[0.1, "x"]), tokens)


# --------------------------------------------------------------------------- actor tone


SCORES = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "sent_id": [0, 1, 2, 0], "compound": [0.5, -0.6, 0.0, 0.3]})
MENTIONS = pd.DataFrame(
    {
        "doc_id": ["a", "a", "a", "b", "a", "a", "b"],
        "sent_id": [0, 0, 1, 0, 1, 2, 0],
        "actor": ["eu", "eu", "eu", "eu", "russia", "aliyev", "azerbaijan"],
        "kind": ["organisation"] * 4 + ["state", "leader", "state"],
        "surface": ["EU", "Brussels", "EU", "EU", "Russia", "Aliyev", "Azerbaijan"],
        "start": [0] * 7,
        "end": [1] * 7,
        "state": [None, None, None, None, None, "azerbaijan", None],
    }
)


def test_actor_tone_hand_computed():
    got = actor_tone(SCORES, MENTIONS)
    expected = pd.DataFrame(
        {
            "actor": ["eu", "aliyev", "azerbaijan", "russia"],
            "n_mentions": [4, 1, 1, 1],
            "n_sentences": [3, 1, 1, 1],  # eu is named twice in a/0: counted once
            "n_docs": [2, 1, 1, 1],
            "compound_mean": [(0.5 - 0.6 + 0.3) / 3, 0.0, 0.3, -0.6],
            "compound_median": [0.3, 0.0, 0.3, -0.6],
            "n_positive_sentences": [2, 0, 1, 0],
            "n_neutral_sentences": [0, 1, 0, 0],
            "n_negative_sentences": [1, 0, 0, 1],
            "share_positive": [2 / 3, 0.0, 1.0, 0.0],
            "share_neutral": [0.0, 1.0, 0.0, 0.0],
            "share_negative": [1 / 3, 0.0, 0.0, 1.0],
        }
    )
    assert list(got.columns) == ACTOR_TONE_COLUMNS
    assert_frame_equal(got, expected, check_dtype=False)


def test_actor_tone_by_state_groups_leaders_under_their_state():
    got = actor_tone(SCORES, MENTIONS, by="state").set_index("actor")
    assert got.loc["azerbaijan", ["n_mentions", "n_sentences", "n_docs"]].tolist() == [2, 2, 2]
    assert got.loc["azerbaijan", "compound_mean"] == pytest.approx(0.15)
    assert "aliyev" not in got.index


@pytest.mark.parametrize(
    ("scores", "mentions", "match"),
    [
        (SCORES, MENTIONS.assign(sent_id=[0, 0, 1, 0, 1, 2, 9]), r"1 mention\(s\) in sentences missing from sentence_scores, first \(doc_id='b', sent_id=9\)"),
        (pd.concat([SCORES, SCORES.iloc[:1]]), MENTIONS, r"sentence_scores has sentence \(doc_id='a', sent_id=0\) more than once"),
        (SCORES, MENTIONS.drop(columns="actor"), r"actor_tone: mentions needs column\(s\) \['actor'\]"),
        (SCORES, MENTIONS.assign(actor=[None] + ["eu"] * 6), r"mentions.actor is missing at row 0"),
    ],
)
def test_actor_tone_rejects_inconsistent_input(scores, mentions, match):
    with pytest.raises(ValueError, match=match):
        actor_tone(scores, mentions)


def test_actor_tone_does_not_mutate_its_input():
    scores, mentions = SCORES.copy(), MENTIONS.copy()
    actor_tone(scores, mentions, by="state")
    assert_frame_equal(scores, SCORES)
    assert_frame_equal(mentions, MENTIONS)


# --------------------------------------------------------------------------- one kind of table per argument


DOCS = pd.DataFrame({"doc_id": ["d"], "text": ["Baku welcomed the deal. Moscow did not."]})
SENTENCE_TABLE = split_sentences(DOCS)
TOKEN_TABLE = tokenize(SENTENCE_TABLE)
SCORED = score_sentences(SENTENCE_TABLE)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: score_sentences(DOCS), r"score_sentences: sentences needs a sentences table .*got a documents table.*run analysis.split_sentences on it first"),
        (lambda: score_sentences(TOKEN_TABLE), r"score_sentences: sentences needs a sentences table .*got a tokens table"),
        (lambda: explain_sentences(DOCS), r"explain_sentences: sentences needs a sentences table .*got a documents table"),
        (lambda: match_lexicon(SENTENCE_TABLE), r"match_lexicon: tokens needs a tokens table .*got a sentences table.*run analysis.tokenize on it first"),
        (lambda: score_lexicon(DOCS), r"score_lexicon: tokens needs a tokens table .*run analysis.split_sentences, then analysis.tokenize"),
        (lambda: summarize_sentiment(SENTENCE_TABLE, TOKEN_TABLE), r"summarize_sentiment: sentence_scores \(from score_sentences\) needs column\(s\) \['compound'\]"),
        (lambda: summarize_sentiment(TOKEN_TABLE, TOKEN_TABLE), r"summarize_sentiment: sentence_scores \(from score_sentences\) needs a sentences table .*got a tokens table"),
        (lambda: summarize_sentiment(SCORED, SCORED), r"summarize_sentiment: tokens needs a tokens table .*got a sentences table"),
        (lambda: actor_tone(SENTENCE_TABLE, MENTIONS), r"actor_tone: sentence_scores \(from score_sentences\) needs column\(s\) \['compound'\]"),
        (lambda: actor_tone(SCORED, TOKEN_TABLE), r"actor_tone: mentions needs column\(s\) \['actor'\]"),
        (lambda: actor_tone(SCORED, MENTIONS, by="leader"), r"by must be one of \['actor', 'state'\]; got 'leader'"),
    ],
)
def test_measures_name_the_table_they_were_handed(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_returned_frames_are_not_shared():
    first = match_lexicon(TOKEN_TABLE)
    first.loc[:, "score"] = 99.0
    assert (match_lexicon(TOKEN_TABLE)["score"] != 99.0).all()
    explained = explain_sentence("Good.")
    explained.loc[:, "valence"] = 99.0
    assert explain_sentence("Good.")["valence"].tolist() == [1.9, 0.0]


# --------------------------------------------------------------------------- validation


def test_validate_sentiment_f1_against_a_hand_computed_confusion_matrix():
    # gold \ predicted: neg neu pos
    #   neg             3   1   0
    #   neu             1   2   1
    #   pos             0   1   1
    cells = [("neg", "neg", 3), ("neg", "neu", 1), ("neu", "neg", 1), ("neu", "neu", 2), ("neu", "pos", 1), ("pos", "neu", 1), ("pos", "pos", 1)]
    human = {"neg": -2.0, "neu": 0.0, "pos": 2.0}
    compound = {"neg": -0.5, "neu": 0.0, "pos": 0.5}
    rows = [(human[g], compound[p]) for g, p, n in cells for _ in range(n)]
    snippets = pd.DataFrame(rows, columns=["human", "compound"])
    got = validate_sentiment(snippets)
    assert list(got.columns) == VALIDATION_COLUMNS
    # F1 = 2TP / (2TP + FP + FN): neg 6/8, neu 4/8, pos 2/4; supports 4, 4, 2
    assert got.loc[0, "n"] == 10
    assert got.loc[0, "accuracy"] == pytest.approx(0.6)
    assert got.loc[0, "f1_macro"] == pytest.approx((0.75 + 0.5 + 0.5) / 3)
    assert got.loc[0, "f1_weighted"] == pytest.approx((4 * 0.75 + 4 * 0.5 + 2 * 0.5) / 10)


def test_validate_sentiment_pearson_and_interval_equal_scipy():
    from scipy import stats  # a test dependency (pyproject [test])
    rng = np.random.default_rng(7)
    human = rng.uniform(-4, 4, 50)
    compound = np.clip(human / 4 + rng.normal(0, 0.4, 50), -1, 1)
    got = validate_sentiment(pd.DataFrame({"human": human, "compound": compound})).iloc[0]
    reference = stats.pearsonr(human, compound)
    interval = reference.confidence_interval(0.95)  # Fisher z in scipy too
    assert got["pearson_r"] == pytest.approx(reference.statistic, abs=1e-12)
    assert got["pearson_low"] == pytest.approx(interval.low, abs=1e-12)
    assert got["pearson_high"] == pytest.approx(interval.high, abs=1e-12)


def test_validate_sentiment_boundaries_and_small_samples():
    # human 0.2 / 4 = 0.05 is positive; -0.2 negative; compound 0.05 positive: everything agrees
    snippets = pd.DataFrame({"human": [0.2, -0.2, 0.1], "compound": [0.05, -0.05, 0.0499]})
    got = validate_sentiment(snippets).iloc[0]
    assert got["accuracy"] == 1.0 and got["f1_macro"] == 1.0
    assert math.isnan(got["pearson_low"]) and math.isnan(got["pearson_high"])  # n <= 3: no Fisher interval


def test_validate_sentiment_scores_text_with_vader():
    snippets = pd.DataFrame({"human": [3.0, -3.0, 0.1, 2.0], "text": ["Wonderful!", "Horrible.", "A table.", "Not bad at all."]})
    got = validate_sentiment(snippets).iloc[0]
    compound = [REFERENCE.polarity_scores(t)["compound"] for t in snippets["text"]]
    assert got["pearson_r"] == pytest.approx(np.corrcoef(snippets["human"], compound)[0, 1])


@pytest.mark.parametrize(
    ("snippets", "error", "match"),
    [
        (pd.DataFrame({"text": ["x"]}), ValueError, r"validate_sentiment: snippets needs column\(s\) \['human'\]"),
        (pd.DataFrame({"human": [1.0]}), ValueError, r"snippets needs column\(s\) \['text'\]"),
        (pd.DataFrame({"human": ["high"], "text": ["x"]}), ValueError, r"snippets.human at row 0 is 'high', not a number"),
        (pd.DataFrame({"human": [1.0], "text": [None]}), TypeError, r"snippets.text at row 0 is NoneType"),
    ],
)
def test_validate_sentiment_rejects_bad_input(snippets, error, match):
    with pytest.raises(error, match=match):
        validate_sentiment(snippets)


def test_vader_on_nyt_editorial_snippets_reproduces_the_paper():
    snippets = _groundtruth("nytEditorialSnippets")
    assert len(snippets) == 5190
    got = validate_sentiment(snippets).iloc[0]
    # Hutto & Gilbert 2014, Table 4: r = 0.492; vaderSentiment 3.3.2 gives 0.503
    assert got["pearson_r"] == pytest.approx(0.503, abs=0.001)
    assert got["pearson_low"] < 0.492 < got["pearson_high"]
    # paper: 3-class F1 0.55 (its gold binning is not fully specified)
    assert got["f1_weighted"] == pytest.approx(0.55, abs=0.01)
    gold = np.where(snippets["human"] / 4 >= 0.05, "pos", np.where(snippets["human"] / 4 <= -0.05, "neg", "neu"))
    assert pd.Series(gold).value_counts().to_dict() == {"neg": 2362, "pos": 1767, "neu": 1061}


def test_tweets_ground_truth_correlation():
    got = validate_sentiment(_groundtruth("tweets")).iloc[0]
    assert got["pearson_r"] == pytest.approx(0.872, abs=0.001)  # paper: 0.881
