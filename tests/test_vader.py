"""Tests for analysis.vader: the linear-time VADER equals vaderSentiment 3.3.2 on every text.

Three kinds of evidence:

- hand-checked cases, one or more per rule of the reference (the per-word
  valences in the tables are derived by hand from the rules; a small
  independent implementation of VADER's final formula turns them into scores);
- equality with the reference package, to 1e-9 on all four scores, on the
  VADER ground truth (23,703 texts), the seed sentences, whole seed documents,
  the Wikinews sentences, and hypothesis-generated texts built from the pieces
  VADER's rules react to;
(How its cost grows with text length is measured in ``bench/vader.py``, not here:
speed belongs in benchmarks.)
"""

from __future__ import annotations

import math
import string
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    NEGATE,
    SENTIMENT_LADEN_IDIOMS,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
)

from analysis import load_corpus, split_sentences
from analysis.sentiment import read_vader_groundtruth
from analysis.vader import SCORE_NAMES, polarity_scores

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
GROUNDTRUTH = SHARED / "data" / "vader_icwsm2014_groundtruth"
WIKINEWS = SHARED / "data" / "wikinews_en_2019_2020"
REFERENCE = SentimentIntensityAnalyzer()
TOLERANCE = 1e-9


def reference_scores(text: str) -> tuple[float, float, float, float]:
    scores = REFERENCE.polarity_scores(text)
    return tuple(scores[name] for name in SCORE_NAMES)


def assert_same_as_reference(texts: list[str]) -> None:
    """Every text scores within 1e-9 of vaderSentiment on all four outputs; the first mismatch is shown."""
    assert texts, "no texts to compare"
    for text in texts:
        ours, theirs = polarity_scores(text), reference_scores(text)
        if any(abs(a - b) > TOLERANCE for a, b in zip(ours, theirs)):
            pytest.fail(f"scores differ for {text[:200]!r}: ours {ours}, vaderSentiment {theirs}")


def formula(valences: list[float], amplifier: float = 0.0) -> tuple[float, float, float, float]:
    """VADER's final step (Hutto & Gilbert 2014, reference ``score_valence``) from hand-derived word valences."""
    if not valences:
        return 0.0, 0.0, 0.0, 0.0
    total = float(sum(valences))
    if total > 0:
        total += amplifier
    elif total < 0:
        total -= amplifier
    compound = total / math.sqrt(total * total + 15)
    positive = sum(v + 1 for v in valences if v > 0)
    negative = sum(v - 1 for v in valences if v < 0)
    neutral = sum(1 for v in valences if v == 0)
    if positive > -negative:
        positive += amplifier
    elif positive < -negative:
        negative -= amplifier
    size = positive - negative + neutral
    return round(-negative / size, 3), round(neutral / size, 3), round(positive / size, 3), round(compound, 4)


# --------------------------------------------------------------------------- hand-checked rules

# text, per-word valences derived by hand from the reference's rules, punctuation amplifier
GOOD, BAD, NEG, CAPS, BOOST = 1.9, -2.5, -0.74, 0.733, 0.293
HAND_CASES = [
    pytest.param("The book was good.", [0, 0, 0, GOOD], 0.0, id="lexicon word, trailing period stripped"),
    pytest.param("very good", [0, GOOD + BOOST], 0.0, id="booster"),
    pytest.param("very bad", [0, BAD + -BOOST], 0.0, id="booster on a negative word"),
    pytest.param("very, very good", [0, 0, GOOD + BOOST + BOOST * 0.95], 0.0, id="booster two back weighs 0.95"),
    pytest.param("very very very good", [0, 0, 0, GOOD + BOOST + BOOST * 0.95 + BOOST * 0.9], 0.0, id="booster three back weighs 0.9"),
    pytest.param("The book was kind of good.", [0, 0, 0, 0, 0, GOOD + -BOOST], 0.0, id="kind of: dampener via the idiom window"),
    pytest.param("kind", [2.4], 0.0, id="kind alone is a lexicon word"),
    pytest.param("The book was GOOD", [0, 0, 0, GOOD + CAPS], 0.0, id="ALL CAPS among lower case"),
    pytest.param("GOOD", [GOOD], 0.0, id="all words in caps: no caps boost"),
    pytest.param("VERY good", [0, GOOD + (BOOST + CAPS)], 0.0, id="booster in caps"),
    pytest.param("not good", [0, GOOD * NEG], 0.0, id="negator one back"),
    pytest.param("isn't good", [0, GOOD * NEG], 0.0, id="n't negates"),
    pytest.param("not very good", [0, 0, (GOOD + BOOST) * NEG], 0.0, id="negator two back"),
    pytest.param("not at all good", [0, 0, 0, GOOD * NEG], 0.0, id="negator three back"),
    pytest.param("not the red house good", [0, 0, 0, 0, GOOD], 0.0, id="negator four back is out of the window"),
    pytest.param("never good", [0, GOOD * NEG], 0.0, id="never negates"),
    pytest.param("never so good", [0, 0, (GOOD + BOOST) * 1.25], 0.0, id="never so intensifies"),
    pytest.param("I am this good", [0, 0, 0, GOOD * 1.25], 0.0, id="quirk: this before the word intensifies without never"),
    pytest.param("I am that good", [0, 0, 0, GOOD], 0.0, id="that does not"),
    pytest.param("without doubt good", [0, -1.5 * NEG, GOOD], 0.0, id="without doubt does not negate"),
    pytest.param("without good", [0, GOOD * NEG], 0.0, id="without negates"),
    pytest.param("no good", [0.0, GOOD * NEG], 0.0, id="no before a lexicon word negates it and scores 0"),
    pytest.param("no, good", [0, GOOD], 0.0, id="quirk: 'no,' keeps its comma and is not no"),
    pytest.param("no money joy", [-1.2, 0, 2.8 * NEG], 0.0, id="no two back"),
    pytest.param("no money or joy", [-1.2, 0, 0, 2.8 * NEG], 0.0, id="no ... or"),
    pytest.param("NO good", [0.0 - CAPS, GOOD * NEG], 0.0, id="quirk: caps pushes a zero valence down"),
    pytest.param("the least good", [0, 0, GOOD * NEG], 0.0, id="least negates"),
    pytest.param("at least good", [0, 0, GOOD], 0.0, id="at least does not"),
    pytest.param("least good", [0, GOOD * NEG], 0.0, id="least first word negates"),
    pytest.param("good but bad", [GOOD * 0.5, 0, BAD * 1.5], 0.0, id="but halves before and boosts after"),
    pytest.param("Love, but clear", [3.2 * 0.5 * 0.5, 0, 1.6], 0.0, id="quirk: but rescales the first equal value"),
    pytest.param("this is the shit", [0, 0, 0, 3], 0.0, id="special idiom replaces the valence"),
    pytest.param("the shit", [0, -2.6], 0.0, id="special idiom needs three words before"),
    pytest.param("oh i said yeah right", [0, 0, 0, -2, 0], 0.0, id="special idiom with the next word"),
    pytest.param("He was on the ball", [0, 0, 0, 0, 0], 0.0, id="sentiment-laden idioms are disabled"),
    pytest.param(":) :D", [2.0, 2.3 + CAPS], 0.0, id="emoticons kept; quirk: ':D' counts as ALL CAPS"),
    pytest.param("good!", [GOOD], 0.292, id="one exclamation mark"),
    pytest.param("good!!!!!!", [GOOD], 4 * 0.292, id="exclamation marks capped at four"),
    pytest.param("good?", [GOOD], 0.0, id="one question mark adds nothing"),
    pytest.param("good??", [GOOD], 2 * 0.18, id="two question marks"),
    pytest.param("good????", [GOOD], 0.96, id="four question marks are capped"),
    pytest.param("bad!", [BAD], 0.292, id="emphasis on a negative sum"),
    pytest.param("good!?!?", [GOOD], 2 * 0.292 + 2 * 0.18, id="both marks"),
    pytest.param("!!!", [0], 3 * 0.292, id="emphasis needs a non-zero sum"),
    pytest.param("", [], 0.0, id="empty"),
    pytest.param(" \t\n ", [], 0.0, id="whitespace only"),
]


@pytest.mark.parametrize(("text", "valences", "amplifier"), HAND_CASES)
def test_polarity_scores_matches_the_hand_derived_rule(text, valences, amplifier):
    assert polarity_scores(text) == pytest.approx(formula(valences, amplifier), abs=TOLERANCE)
    assert polarity_scores(text) == pytest.approx(reference_scores(text), abs=TOLERANCE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The book was good.", (0.0, 0.508, 0.492, 0.4404)),
        # 1.9 / sqrt(1.9^2 + 15) = 0.44044; pos (1.9 + 1) / 5.9 = 0.4915
        ("Love, but clear", (0.0, 0.185, 0.815, 0.5267)),
        # [0.8, 0, 1.6]: 2.4 / sqrt(2.4^2 + 15) = 0.52674; pos (1.8 + 2.6) / 5.4 = 0.8148
        ("not good", (0.706, 0.294, 0.0, -0.3412)),
        # [0, 1.9 * -0.74 = -1.406]: -1.406 / sqrt(1.406^2 + 15) = -0.34124; neg 2.406 / 3.406 = 0.7064, neu 1 / 3.406
    ],
)
def test_polarity_scores_worked_numbers(text, expected):
    assert polarity_scores(text) == expected


def test_the_but_quirk_differs_from_position_wise_scaling():
    # Position-wise scaling would give [1.6, 0, 2.4] and compound 4 / sqrt(31) = 0.7184; the reference does not.
    assert polarity_scores("Love, but clear")[3] != round(4 / math.sqrt(31), 4)
    assert polarity_scores("Love, but clear")[3] == reference_scores("Love, but clear")[3]


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("I \U0001F601", "I beaming face with smiling eyes"),
        ("I\U0001F601", "I beaming face with smiling eyes"),
        ("\U0001F601x", "beaming face with smiling eyesx"),
        ("\U0001F601\U0001F601", "beaming face with smiling eyes beaming face with smiling eyes"),
        ("great \U0001F51B", "great ON! arrow"),  # the description brings an exclamation mark
        ("so \u263a\ufe0f", "so smiling face\ufe0f"),  # the two-code-point key never matches; U+263A alone does
        ("\U0001F601 \u00a9", "beaming face with smiling eyes copyright"),
    ],
)
def test_emoji_are_replaced_one_code_point_at_a_time(text, same_as):
    assert REFERENCE.emojis[next(c for c in text if c in REFERENCE.emojis)]  # the case really holds an emoji
    assert polarity_scores(text) == polarity_scores(same_as)
    assert polarity_scores(text) == pytest.approx(reference_scores(text), abs=TOLERANCE)


def test_but_on_a_long_text_with_many_equal_values():
    text = " ".join(["good bad good", "nice love, clear"] * 40 + ["but"] + ["clear nice", "bad bad love good"] * 40)
    assert_same_as_reference([text, text.replace("but", "BUT", 1), "but " + text, text + " but"])


def test_polarity_scores_rejects_a_non_string():
    with pytest.raises(TypeError, match=r"text must be a str .*got bytes b'good'"):
        polarity_scores(b"good")


# --------------------------------------------------------------------------- equality with vaderSentiment on real text


@pytest.mark.shared
@pytest.mark.parametrize("name", ["tweets", "nytEditorialSnippets", "movieReviewSnippets", "amazonReviewSnippets"])
def test_same_as_reference_on_the_vader_groundtruth(name):
    path = GROUNDTRUTH / f"{name}_GroundTruth.txt"
    if not path.is_file():
        pytest.skip(f"VADER ground truth not found at {path} (/work/shared is absent)")
    assert_same_as_reference(read_vader_groundtruth(path)["text"].tolist())


@pytest.fixture(scope="module")
def seed_documents():
    return load_corpus(ROOT / "seeds")


def test_same_as_reference_on_the_seed_sentences(seed_documents):
    sentences = split_sentences(seed_documents)
    assert len(sentences) > 100
    assert_same_as_reference(sentences["text"].tolist())


def test_same_as_reference_on_whole_seed_documents(seed_documents):
    # Long texts (whole articles) exercise every window at many positions and "but" far into the text.
    assert_same_as_reference(seed_documents["text"].tolist())


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.parametrize("year", [2019, 2020])
def test_same_as_reference_on_the_wikinews_sentences(year):
    path = WIKINEWS / f"wikinews_{year}.csv"
    if not path.is_file():
        pytest.skip(f"Wikinews sentences not found at {path} (/work/shared is absent)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sentences = split_sentences(load_corpus(path))
    assert len(sentences) > 1000
    assert_same_as_reference(sentences["text"].tolist())


# --------------------------------------------------------------------------- generated texts

_CASE = {"same": str, "lower": str.lower, "upper": str.upper, "title": str.title}
_PIECES = st.one_of(
    st.sampled_from(sorted(REFERENCE.lexicon)),
    st.sampled_from(sorted(set(NEGATE))),
    st.sampled_from(sorted(BOOSTER_DICT)),
    st.sampled_from(["but", "least", "at least", "very least", "kind of", "no", "or", "nor", "never so", "never this",
                     "without doubt", "so", "this", "the", "not", "good", "bad", "love", "clear", "nice"]),
    st.sampled_from(sorted(SPECIAL_CASES)),
    st.sampled_from(sorted(SENTIMENT_LADEN_IDIOMS)),
    st.sampled_from(sorted(REFERENCE.emojis)),
    st.sampled_from([":)", ":(", ":D", ":-)", ";)", "<3", ":P", "D:", ":/"]),
    st.text(alphabet="!?", min_size=1, max_size=6),
    st.sampled_from(list(string.punctuation)),
    st.text(max_size=4),
)
_WORD = st.builds(
    lambda piece, case, before, after: before + _CASE[case](piece) + after,
    _PIECES,
    st.sampled_from(sorted(_CASE)),
    st.sampled_from(["", "", "", "(", '"', "'", "--"]),
    st.sampled_from(["", "", "", ",", ".", "!", "?", "...", "'", ")", ":"]),
)
_SEPARATOR = st.sampled_from([" ", " ", " ", " ", "", "  ", "\t", "\n", "\u00a0", "\u2003"])


@st.composite
def vader_texts(draw) -> str:
    words = draw(st.lists(_WORD, max_size=30))
    separators = draw(st.lists(_SEPARATOR, min_size=len(words) + 1, max_size=len(words) + 1))
    return "".join(separator + word for separator, word in zip(separators, words)) + separators[-1]


@settings(max_examples=600, deadline=None)
@given(vader_texts())
def test_same_as_reference_on_generated_texts(text):
    ours, theirs = polarity_scores(text), reference_scores(text)
    assert ours == pytest.approx(theirs, abs=TOLERANCE), text
    assert ours == theirs, f"within 1e-9 but not bit for bit (the module docstring promises that): {text!r}"
