"""Tests for analysis.vader, the one VADER: its scores and explanations equal vaderSentiment 3.3.2's on every text.

Kinds of evidence:

- hand-checked cases, one or more per rule of the reference (the per-word
  valences in the tables are derived by hand from the rules; a small
  independent implementation of VADER's final formula turns them into scores);
- equality with the reference package, to 1e-9 on all four scores, on the
  VADER ground truth (23,703 texts), the seed sentences, whole seed documents,
  the Wikinews sentences, and hypothesis-generated texts built from the pieces
  VADER's rules react to;
- on the same texts, :func:`analysis.vader.explain` equals the explanation
  built from the reference's own internals (:func:`reference_explanation`,
  the code ``analysis.sentiment`` used before the port explained scores
  itself, kept here as the oracle), and its valences sum back to ``compound``;
- the packaged rule lists and constants (``analysis/data/vader_rules.toml``)
  equal the reference module's, so the port cannot drift from it;
- scoring and explaining import no code of ``vaderSentiment`` (checked in a
  fresh interpreter).

(How its cost grows with text length is measured in ``bench/vader.py``, not here:
speed belongs in benchmarks.)
"""

from __future__ import annotations

import inspect
import math
import string
import subprocess
import sys
import warnings
from dataclasses import FrozenInstanceError
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import (
    B_INCR,
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SENTIMENT_LADEN_IDIOMS,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    SentiText,
    negated,
    normalize,
)

from analysis import load_corpus, split_sentences
from analysis.lexicons import load_vader_rules
from analysis.validation import read_vader_groundtruth
from analysis.vader import SCORE_NAMES, Explanation, explain, polarity_scores, score_texts

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
    """Every text scores within 1e-9 of vaderSentiment on all four outputs and is explained as the reference explains it."""
    assert texts, "no texts to compare"
    for text in texts:
        ours, theirs = polarity_scores(text), reference_scores(text)
        if any(abs(a - b) > TOLERANCE for a, b in zip(ours, theirs)):
            pytest.fail(f"scores differ for {text[:200]!r}: ours {ours}, vaderSentiment {theirs}")
        assert_explained_as_reference(text)


# --------------------------------------------------------------------------- the oracle: explanations from the reference's internals


def reference_explanation(text: str, *, offset: int = 0) -> dict[str, list]:
    """The explanation of *text* built from vaderSentiment's own steps, as lists in the columns of ``explain_sentence``.

    This is the code ``analysis.sentiment`` explained scores with before
    ``analysis.vader.explain`` existed: ``SentiText``, the loop of
    ``polarity_scores`` with ``sentiment_valence``, ``_but_check`` and
    ``_punctuation_emphasis`` of the reference, so its cost grows with the
    square of the text's length (``bench/vader.py`` times it). Word offsets
    are shifted by *offset*.
    """
    clean, origin = _reference_replace_emojis(text, REFERENCE.emojis)
    sentitext = SentiText(clean.strip())
    words = sentitext.words_and_emoticons
    spans: list = _reference_word_spans(clean)
    if [clean[s:e] for s, e in spans] != words:  # never expected; keep the explanation, drop the offsets
        spans = [None] * len(words)

    # The loop of SentimentIntensityAnalyzer.polarity_scores, step for step.
    sentiments: list[float] = []
    for i, item in enumerate(words):
        if item.lower() in BOOSTER_DICT or (i < len(words) - 1 and item.lower() == "kind" and words[i + 1].lower() == "of"):
            sentiments.append(0)
            continue
        sentiments = REFERENCE.sentiment_valence(0, sentitext, item, i, sentiments)
    rule_valence = [float(v) for v in sentiments]
    final = [float(v) for v in REFERENCE._but_check(words, list(sentiments))]

    total = float(sum(final))
    emphasis = REFERENCE._punctuation_emphasis(clean.strip()) if words else 0.0
    signed = emphasis if total > 0 else -emphasis if total < 0 else 0.0

    starts = [pd.NA if span is None else offset + origin[span[0]] for span in spans]
    ends = [pd.NA if span is None else offset + origin[span[1] - 1] + 1 for span in spans]
    lexicon = REFERENCE.lexicon
    return {
        "word_id": list(range(len(words) + 1)),
        "unit": ["word"] * len(words) + ["punctuation"],
        "start": starts + [pd.NA],
        "end": ends + [pd.NA],
        "word": list(words) + ["".join(ch for ch in text if ch in "!?")],
        "lexicon_valence": [lexicon.get(w.lower(), np.nan) for w in words] + [np.nan],
        "rule_valence": rule_valence + [np.nan],
        "valence": final + [signed],
        "cues": _reference_cues(words, rule_valence, final, sentitext.is_cap_diff) + [""],
    }


def reference_explanation_frame(text: str, *, offset: int = 0) -> pd.DataFrame:
    """:func:`reference_explanation` as the frame ``explain_sentence`` returned (same columns and dtypes)."""
    columns = reference_explanation(text, offset=offset)
    frame = pd.DataFrame(columns, columns=list(columns))
    return frame.astype({"word_id": "int64", "unit": "string", "start": "Int64", "end": "Int64", "word": "string",
                         "lexicon_valence": "float64", "rule_valence": "float64", "valence": "float64", "cues": "string"})


def _reference_replace_emojis(text: str, emojis: dict[str, str]) -> tuple[str, list[int]]:
    """VADER's emoji step (``polarity_scores``), also returning each output character's offset in *text*."""
    chars: list[str] = []
    origin: list[int] = []
    prev_space = True
    for index, ch in enumerate(text):
        if ch in emojis:
            description = emojis[ch]
            if not prev_space:
                chars.append(" ")
                origin.append(index)
            chars.extend(description)
            origin.extend([index] * len(description))
            prev_space = False
        else:
            chars.append(ch)
            origin.append(index)
            prev_space = ch == " "
    return "".join(chars), origin


def _reference_word_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``SentiText``'s words: ``str.split()`` pieces with ``string.punctuation`` stripped if >2 chars remain."""
    spans = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        j = i
        while j < n and not text[j].isspace():
            j += 1
        piece = text[i:j]
        stripped = piece.strip(string.punctuation)
        if len(stripped) <= 2:
            spans.append((i, j))
        else:
            lead = len(piece) - len(piece.lstrip(string.punctuation))
            spans.append((i + lead, i + lead + len(stripped)))
        i = j
    return spans


def _reference_cues(words: list[str], rule_valence: list[float], final: list[float], is_cap_diff: bool) -> list[str]:
    lexicon = REFERENCE.lexicon
    lower = [w.lower() for w in words]
    cues = []
    for i, word in enumerate(lower):
        found: list[str] = []
        if word in BOOSTER_DICT or (word == "kind" and i < len(lower) - 1 and lower[i + 1] == "of"):
            found.append("modifier")
        elif word in lexicon:
            window = lower[max(0, i - 3) : i]
            if any(negated([w]) for w in window) or "no" in lower[max(0, i - 2) : i]:
                found.append("negated")
            scalars = [BOOSTER_DICT[w] for w in window if w in BOOSTER_DICT and w not in lexicon]
            if any(s > 0 for s in scalars):
                found.append("boosted")
            if any(s < 0 for s in scalars):
                found.append("dampened")
            if words[i].isupper() and is_cap_diff:
                found.append("caps")
            if i > 0 and lower[i - 1] == "least":
                found.append("least")
        if rule_valence[i] != 0 and final[i] != rule_valence[i]:
            found.append(f"but x{final[i] / rule_valence[i]:g}")
        cues.append("; ".join(found))
    return cues


def assert_explained_as_reference(text: str) -> None:
    """``explain(text)`` equals the oracle field by field (bit for bit, NaN where the oracle has NaN) and sums back to compound."""
    ours, theirs = explain(text), reference_explanation(text)
    got = {
        "word": [*ours.words, ours.punctuation],
        "start": list(ours.starts),
        "end": list(ours.ends),
        "lexicon_valence": [*ours.lexicon_valences, math.nan],
        "rule_valence": [*ours.rule_valences, math.nan],
        "valence": [*ours.valences, ours.emphasis],
        "cues": [*ours.cues, ""],
    }
    expected = {name: theirs[name][:-1] if name in ("start", "end") else theirs[name] for name in got}
    for name, values in got.items():
        same = [repr(a) == repr(b) for a, b in zip(values, expected[name])]  # bit for bit: NaN is NaN, -0.0 is not 0.0
        if len(values) != len(expected[name]) or not all(same):
            pytest.fail(f"explanations differ in {name} for {text[:200]!r}: ours {values}, from the reference {expected[name]}")
    total = sum(got["valence"])
    assert ours.scores == polarity_scores(text)
    assert round(normalize(total), 4) == ours.scores[3], f"the valences do not sum back to compound for {text[:200]!r}"


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


def test_score_texts_scores_each_text_as_the_reference():
    # A batch: ASCII and emoji texts, texts with and without lexicon words, ALL CAPS, "but", empty and blank.
    texts = [*(case.values[0] for case in HAND_CASES), "The table is brown.", "THE TABLE IS BROWN", "", "   ", "Great \U0001F600!",
             "\U0001F601", "Not bad at all, but NOT GOOD either!!", "Café prices rose 3%."]
    assert score_texts(texts) == [reference_scores(text) for text in texts]
    assert score_texts(iter(texts[:3])) == [polarity_scores(text) for text in texts[:3]]
    with pytest.raises(TypeError, match=r"text must be a str .*got NoneType None"):
        score_texts(["good", None])


def test_polarity_scores_rejects_a_non_string():
    with pytest.raises(TypeError, match=r"text must be a str .*got bytes b'good'"):
        polarity_scores(b"good")


# --------------------------------------------------------------------------- explanations

EMOJI_TEXTS = ["I \U0001F601", "I\U0001F601", "\U0001F601x", "\U0001F601\U0001F601 great!", "great \U0001F51B", "so \u263a\ufe0f",
               "  \U0001F601 \u00a9 ", "Great \U0001F600!"]


@pytest.mark.parametrize("text", [case.values[0] for case in HAND_CASES] + EMOJI_TEXTS)
def test_explain_equals_the_reference_explanation(text):
    assert_explained_as_reference(text)


def test_explain_hand_computed():
    got = explain("  The cast is VERY good, but \U0001F620!")
    # emoji replaced by "angry face" (a space is put before it); both description words point at the emoji, offset 29
    assert got.words == ("The", "cast", "is", "VERY", "good", "but", "angry", "face")
    assert list(zip(got.starts, got.ends)) == [(2, 5), (6, 10), (11, 13), (14, 18), (19, 23), (25, 28), (29, 30), (29, 30)]
    # good = 1.9 + 0.293 + 0.733 (booster in caps) = 2.926, halved before "but";
    # angry = -2.3, and VERY three words back pushes it down by (0.293 + 0.733) * 0.9: -3.2234, times 1.5 after "but"
    assert got.rule_valences == pytest.approx((0, 0, 0, 0, 2.926, 0, -3.2234, 0), abs=1e-12)
    assert got.valences == pytest.approx((0, 0, 0, 0, 1.463, 0, -4.8351, 0), abs=1e-12)
    assert got.cues[3:7] == ("modifier", "boosted; but x0.5", "", "boosted; but x1.5")
    # the sum -3.3721 is negative, so the "!" pushes it further down
    assert (got.punctuation, got.emphasis) == ("!", -0.292)
    total = 1.463 - 4.8351 - 0.292
    assert got.scores[3] == round(total / math.sqrt(total * total + 15), 4) == polarity_scores("  The cast is VERY good, but \U0001F620!")[3]


def test_explanation_is_immutable():
    got = explain("not good")
    with pytest.raises(FrozenInstanceError):
        got.valences = (1.0, 1.0)
    assert all(isinstance(getattr(got, name), tuple) for name in ("scores", "words", "starts", "ends", "valences", "cues"))
    assert explain("not good") == got


def test_explain_of_nothing_has_only_the_punctuation_row_values():
    assert explain(" \t ") == Explanation((0.0, 0.0, 0.0, 0.0), (), (), (), (), (), (), (), "", 0.0)


def test_explain_rejects_a_non_string():
    with pytest.raises(TypeError, match=r"text must be a str .*got NoneType None"):
        explain(None)


# --------------------------------------------------------------------------- the rules are the reference's data, and no reference code runs


def test_rules_data_file_equals_the_reference_module():
    rules = load_vader_rules()
    assert rules.negators == frozenset(NEGATE) and len(rules.negators) == len(NEGATE)
    assert negated(["isn't"]) and rules.negation_infix in "isn't" and not negated(["is"])
    assert dict(rules.boosters) == BOOSTER_DICT
    assert dict(rules.special_cases) == SPECIAL_CASES
    assert [type(v) for v in rules.special_cases.values()] == [type(SPECIAL_CASES[k]) for k in rules.special_cases]
    assert (rules.caps_increment, rules.negation_scalar) == (C_INCR, N_SCALAR)


def test_rules_inline_numbers_equal_what_the_reference_functions_do():
    rules = load_vader_rules()
    good = REFERENCE.lexicon["good"]

    def valence_of_last_word(text: str) -> float:
        sentitext = SentiText(text)
        words = sentitext.words_and_emoticons
        return REFERENCE.sentiment_valence(0, sentitext, words[-1], len(words) - 1, [])[-1]

    assert valence_of_last_word("very the good") == good + B_INCR * rules.second_word
    assert valence_of_last_word("very the the good") == good + B_INCR * rules.third_word
    assert valence_of_last_word("never so good") == (good + B_INCR) * rules.never_so
    assert REFERENCE._but_check(["x", "but", "y"], [1.0, 0, 3.0]) == [1.0 * rules.before_but, 0, 3.0 * rules.after_but]
    most = rules.max_exclamations
    assert REFERENCE._amplify_ep("!" * most) == most * rules.exclamation == REFERENCE._amplify_ep("!" * (most + 1))
    assert REFERENCE._amplify_ep("!" * (most - 1)) == (most - 1) * rules.exclamation
    scaled = rules.max_questions_scaled
    assert REFERENCE._amplify_qm("?") == 0 and REFERENCE._amplify_qm("??") == 2 * rules.question
    assert REFERENCE._amplify_qm("?" * scaled) == scaled * rules.question
    assert REFERENCE._amplify_qm("?" * (scaled + 1)) == rules.question_cap
    assert inspect.signature(normalize).parameters["alpha"].default == rules.alpha


def test_scoring_and_explaining_import_no_code_of_vadersentiment():
    # A fresh interpreter: this test module itself imports the reference.
    script = """
import sys
import pandas as pd
import analysis
from analysis import vader

vader.polarity_scores("The cast is VERY good, but \U0001F620!")
vader.explain("Not great, but not bad at all??")
docs = pd.DataFrame({"doc_id": ["d"], "text": ["Baku welcomed the deal :) and Moscow did not. Kind of sad!"]})
sentences = analysis.split_sentences(docs)
tokens = analysis.tokenize(sentences)
scores = analysis.score_sentences(sentences)
analysis.sentiment.explain_sentences(sentences)
analysis.sentiment.explain_sentence("No good.")
analysis.summarize_sentiment(scores, tokens)
analysis.sentiment.validate_sentiment(pd.DataFrame({"human": [2.0, -1.0], "text": ["Good.", "Bad."]}))
print(" ".join(sorted(name for name in sys.modules if name.startswith("vaderSentiment"))))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    loaded = done.stdout.split()
    assert "vaderSentiment.vaderSentiment" not in loaded
    assert loaded == ["vaderSentiment"]  # the package, imported by importlib.resources to read the lexicon files; it holds no code


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
    assert_explained_as_reference(text)
