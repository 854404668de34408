"""Tests of analysis.teaching: every exercise's checker on a tiny hand-built corpus with hand-computed answers."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import analysis
from analysis import teaching
from analysis.cache import ScoredCorpus

# Doc "a": three sentences, one per line. Doc "b": nine short sentences about two actors.
TEXT_A = (
    "Azerbaijan’s security pact with Central Asia is a good step.\n"
    "Central Asia welcomes Azerbaijan's oil and gas.\n"
    "Central Asia sees no security threat."
)
SENTENCES_B = [
    "Russia attacked the talks.", "Russia is a threat.", "Russia failed badly.", "Russia and Kazakhstan argue.", "Russia lost.",
    "Kazakhstan is great.", "Kazakhstan wins.", "Kazakhstan is happy.", "Kazakhstan helps.",
]
TEXT_B = " ".join(SENTENCES_B[:5]) + "\n" + " ".join(SENTENCES_B[5:])


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> ScoredCorpus:
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [TEXT_A, TEXT_B], "language": ["en", "en"]})
    return ScoredCorpus(docs, analysis.score(docs), "test", tmp_path_factory.mktemp("scores"))


def _reference_compound(text: str) -> float:
    return SentimentIntensityAnalyzer().polarity_scores(text)["compound"]


def _hand_answers() -> dict[str, tuple[object, list[object]]]:
    """Exercise id -> (the right answer, worked out by hand or with a reference; wrong answers)."""
    reference_b = [_reference_compound(s) for s in SENTENCES_B]
    return {
        # Most frequent words (stopwords and punctuation out): kazakhstan 5, russia 5 (tie, alphabetical
        # order puts kazakhstan first); doc a has no Kazakhstan, so its first token is in b.
        "tokens.1": ((TEXT_B.index("Kazakhstan"), TEXT_B.index("Kazakhstan") + len("Kazakhstan")), [(0, 10), (TEXT_B.index("Kazakhstan"), 0), "x"]),
        "tokens.2": ("russia", ["central", "asia", 5]),  # tied with kazakhstan; both accepted (see test_ties)
        "tokens.3": (2, [1, 3, 2.5, "2"]),  # Azerbaijan’s (curly) and Azerbaijan's (straight)
        "tokens.4": ("central asia", ["asia central", "security threat", ("central", "asia")]),  # the only pair seen 3 times
        "tokens.5": (2, [0, 3]),  # security, security
        "sentiment.1": (_reference_compound(TEXT_A), [0.0, 1.0, "0.9"]),
        "sentiment.2": (float(np.mean([_reference_compound(line) for line in TEXT_A.split("\n")])), [0.0, _reference_compound(TEXT_A)]),
        # no (-1.2) / negated disputes -1.1 * -0.74 = 0.814, disagreements -1.8 * -0.74 = 1.332, conflicts -1.6 * -0.74 = 1.184
        "sentiment.3": ("disagreements", ["no", "conflicts", "disputes"]),
        "sentiment.4": (("b", int(np.argmin(reference_b))), [("b", 0), ("a", 2), "b"]),  # "Russia failed badly."
        # Only russia and kazakhstan are named in 5 sentences; every russia sentence is negative.
        "sentiment.5": ("russia", ["kazakhstan", "central_asia"]),
        # security: a0 security, a2 "security threat" (one multiword hit), b1 threat = 3; diplomacy: a0 pact, b0 talks = 2;
        # economy_energy: a1 "oil and gas" = 1
        "frames.1": ("security", ["economy_energy", "diplomacy"]),
        "frames.2": (2 / 3, [1 / 3, 1.0, 3]),  # sentences 0 and 2 of doc a
        "frames.3": (2, [0, 1, 3]),  # oil, gas
        "frames.4": (2 * 6 / (2 * 6 + 2 + 4), [6 / 8, 6 / 10, 0.5]),
        # Nominal alpha, n = 20 values (6 ones, 14 zeros), 2 disagreeing units:
        # 1 - (n - 1) * (o01 + o10) / (2 n0 n1) = 1 - 19 * 4 / (2 * 14 * 6)
        "frames.5": (1 - 19 * 4 / (2 * 14 * 6), [0.8, 0.0, 1.0]),
    }


HAND = _hand_answers()


def test_every_exercise_has_a_hand_answer():
    assert sorted(HAND) == sorted(teaching.list_exercises()["id"])


@pytest.mark.parametrize("exercise_id", sorted(HAND))
def test_check_accepts_the_hand_computed_answer(exercise_id, data, capsys):
    right, _ = HAND[exercise_id]
    assert teaching.check(exercise_id, right, data) is True
    assert capsys.readouterr().out == f"{exercise_id}: right.\n"


@pytest.mark.parametrize("exercise_id", sorted(HAND))
def test_check_rejects_wrong_answers_with_the_hint(exercise_id, data, capsys):
    hint = teaching.list_exercises().set_index("id").loc[exercise_id, "hint"]
    for wrong in HAND[exercise_id][1]:
        assert teaching.check(exercise_id, wrong, data) is False, wrong
        out = capsys.readouterr().out
        assert out.startswith(f"{exercise_id}: not yet: ") and ": right." not in out
        assert f"Hint: {hint}" in out


@pytest.mark.parametrize("exercise_id", sorted(HAND))
def test_check_on_none_says_not_answered(exercise_id, data, capsys):
    assert teaching.check(exercise_id, None, data) is False
    assert capsys.readouterr().out == f"{exercise_id}: not yet: no answer. Replace None with your answer and run the cell again.\n"


@pytest.mark.parametrize("exercise_id", sorted(HAND))
def test_solution_is_accepted_and_equals_the_hand_answer(exercise_id, data, capsys):
    right, _ = HAND[exercise_id]
    answer = teaching.solution(exercise_id, data)
    if isinstance(right, float):
        assert answer == pytest.approx(right, abs=1e-9)
    elif exercise_id != "tokens.2":  # a tie: the solution is one of the tied terms
        assert answer == right
    assert teaching.check(exercise_id, answer, data) is True


def test_ties_accept_every_tied_answer(data, capsys):
    assert teaching.check("tokens.2", "kazakhstan", data) and teaching.check("tokens.2", "Russia", data)
    assert teaching.solution("tokens.2", data) == "kazakhstan"  # term_frequencies breaks ties alphabetically


@pytest.mark.parametrize(
    "exercise_id, answer, message",
    [
        ("tokens.3", "two", "expected a whole number"),
        ("tokens.3", 2.5, "expected a whole number"),
        ("tokens.3", True, "expected a whole number"),
        ("frames.4", "0.67", "expected a number"),
        ("frames.4", float("nan"), "expected a number"),
        ("tokens.2", 5, "expected text"),
        ("sentiment.4", "b 2", "expected a pair"),
        ("sentiment.4", ("b", 2, 0), "expected a pair"),
        ("tokens.1", pd.DataFrame({"x": [1]}), "expected a pair"),
    ],
)
def test_check_names_the_expected_kind_and_never_raises(exercise_id, answer, message, data, capsys):
    assert teaching.check(exercise_id, answer, data) is False
    assert message in capsys.readouterr().out


def test_check_accepts_equivalent_forms(data, capsys):
    assert teaching.check("tokens.2", "  RUSSIA ", data)
    assert teaching.check("tokens.4", "Central   Asia", data)
    assert teaching.check("tokens.3", np.int64(2), data) and teaching.check("tokens.3", 2.0, data)
    start = TEXT_B.index("Kazakhstan")
    assert teaching.check("tokens.1", [np.int64(start), start + 10], data)
    assert teaching.check("frames.4", 0.667, data)  # within the tolerance of 0.005
    assert not teaching.check("frames.4", 0.66, data)


def test_check_without_the_corpus_says_so(capsys):
    assert teaching.check("tokens.3", 2, None) is False
    assert "needs the corpus" in capsys.readouterr().out
    assert teaching.check("frames.5", 1 - 19 * 4 / 168) is True  # a fixed example needs no corpus


def test_exercise_without_answer_on_this_corpus(capsys):
    docs = pd.DataFrame({"doc_id": ["x"], "text": ["Baku grows. Astana waits."], "language": ["en"]})
    small = ScoredCorpus(docs, analysis.score(docs), "small", Path("."))
    assert teaching.check("tokens.4", "baku grows", small) is False
    assert "cannot be checked on this corpus: no word pair occurs 3 times" in capsys.readouterr().out
    assert teaching.solution("tokens.4", small) is None
    assert "no solution on this corpus" in capsys.readouterr().out


def test_question_fills_its_blanks_from_the_corpus(data, capsys):
    assert teaching.question("tokens.1", data).startswith("The most frequent word of the corpus is `kazakhstan`. Its first token in document `b`")
    assert "document `a`" in teaching.question("sentiment.1", data)
    teaching.ask("frames.5")
    assert "They agree on 8 of 10" in capsys.readouterr().out


def test_unknown_exercise_raises_with_the_valid_ids():
    with pytest.raises(ValueError, match=r"exercise_id='tokens\.9' is not an exercise; valid ids: \['tokens\.1'"):
        teaching.check("tokens.9", 1)


def test_list_exercises():
    table = teaching.list_exercises()
    assert table.columns.tolist() == teaching.EXERCISE_COLUMNS
    assert table.groupby("notebook").size().to_dict() == {
        "01_tokens_and_sentences": 5, "02_sentiment_and_its_pitfalls": 5, "03_dictionaries_and_framing": 5}
    assert math.isnan(table.set_index("id").loc["tokens.1", "tolerance"])
    with pytest.raises(ValueError, match=r"notebook='04_x' has no exercises; notebooks with exercises: \['01_tokens_and_sentences'"):
        teaching.list_exercises("04_x")


VALID = """
[[exercise]]
id = "x.1"
notebook = "nb"
question = "q"
answer = "number"
compute = "f1_from_counts"
params = { tp = 1, fp = 0, fn = 1 }
tolerance = 0.01
hint = "h"
working = "w"
"""


def test_read_exercises_reads_a_valid_file():
    exercises = teaching.read_exercises(VALID, source="x.toml")
    assert exercises["x.1"] == teaching.Exercise("x.1", "nb", "q", "number", "f1_from_counts", "h", "w", {"tp": 1, "fp": 0, "fn": 1}, 0.01)


@pytest.mark.parametrize(
    "text, message",
    [
        ("x = [", r"exercises file 'x\.toml' is not valid TOML"),
        ("title = 'none'", r"exercises file 'x\.toml' has no \[\[exercise\]\] tables"),
        (VALID.replace('hint = "h"', ""), r"exercise 1 \('x\.1'\) lacks hint"),
        (VALID.replace('working = "w"', ""), r"exercise 1 \('x\.1'\) lacks working"),
        (VALID.replace('hint = "h"', 'hint = "h"\nanswers = 3'), r"unknown key\(s\) \['answers'\]"),
        (VALID + VALID, r"id 'x\.1' is used twice"),
        (VALID.replace('answer = "number"', 'answer = "float"'), r"has answer 'float'; valid: \['integer', 'number', 'text', 'pair'\]"),
        (VALID.replace('compute = "f1_from_counts"', 'compute = "eval"'), r"has compute 'eval'; valid: \['alpha_two_coders'"),
        (VALID.replace("tolerance = 0.01", ""), r"needs a tolerance > 0; got None"),
        (VALID.replace('answer = "number"', 'answer = "integer"'), r"has a tolerance but its answer is 'integer'"),
        (VALID.replace("params = { tp = 1, fp = 0, fn = 1 }", "params = 3"), r"has params 3; it must be a table"),
    ],
)
def test_read_exercises_errors_name_file_exercise_and_problem(text, message):
    with pytest.raises(ValueError, match=message):
        teaching.read_exercises(text, source="x.toml")


# ---------------------------------------------------------------------------------- why not yet, worked answers


@pytest.mark.parametrize(
    "exercise_id, answer, why",
    [
        ("tokens.3", 3, "not yet: 3 is too high."),  # the hand answer is 2
        ("tokens.3", 1, "not yet: 1 is too low."),
        ("frames.4", 0.5, "not yet: 0.5 is too low."),
        ("frames.4", 0.75, "not yet: 0.75 is too high."),
        ("tokens.2", "central", "not yet: 'central' is not it."),
        ("sentiment.4", ("b", 0), "not yet: in ('b', 0) the first value is right, the second is not."),
        ("sentiment.4", ("a", int(np.argmin([_reference_compound(s) for s in SENTENCES_B]))), "not yet: in ('a', 2) the second value is right, the first is not."),
        ("tokens.1", (0, 10), "not yet: in (0, 10) neither value is right."),
    ],
)
def test_not_yet_says_why(exercise_id, answer, why, data, capsys):
    assert teaching.check(exercise_id, answer, data) is False
    assert capsys.readouterr().out.startswith(f"{exercise_id}: {why} Hint: ")


def test_an_answer_of_the_wrong_kind_is_not_yet_with_the_kind_expected(data, capsys):
    assert teaching.check("tokens.3", "2", data) is False
    assert capsys.readouterr().out.startswith("tokens.3: not yet: expected a whole number, and your answer is '2'. Hint: ")


@pytest.mark.parametrize("exercise_id", sorted(HAND))
def test_every_worked_answer_is_filled_in_and_ends_with_the_answer(exercise_id, data):
    text = teaching.worked_answer(exercise_id, data)
    first, *_, last = text.splitlines()
    assert first.startswith(f"Worked answer to {exercise_id}: ") and "computed with" not in text and "{" not in text
    assert last.startswith("Answer: ")


def test_worked_answers_show_the_values_they_are_computed_from(data):
    # TEXT_A writes Azerbaijan's once with a curly and once with a straight apostrophe.
    assert "1 with a straight apostrophe, 1 with a curly one" in teaching.worked_answer("tokens.3", data)
    assert teaching.worked_answer("tokens.3", data).endswith("\nAnswer: 2")
    f1 = teaching.worked_answer("frames.4")
    assert "precision = tp / (tp + fp) = 6 / 8 = 0.75; recall = tp / (tp + fn) = 6 / 10 = 0.6;" in f1
    assert "= 12 / (12 + 2 + 4)" in f1 and f1.endswith(f"\nAnswer: {12 / 18:.4f}")
    alpha = teaching.worked_answer("frames.5")
    assert "n = 20 values: 6 ones and 14 zeros" in alpha and "= 1 - 19 x 4 / 168" in alpha
    assert teaching.worked_answer("frames.1", data).split("\n")[0].endswith("security 3, diplomacy 2, economy_energy 1.")
    assert teaching.worked_answer("tokens.2", data).endswith("Answer: 'kazakhstan' (tied with 'russia'; any of them is right)")


def test_worked_answer_without_an_answer_on_this_corpus_says_why():
    assert teaching.worked_answer("tokens.3") == ("Worked answer to tokens.3: none on this corpus: this exercise needs the corpus: "
                                                  "pass data = analysis.open_corpus(corpus) as the last argument")


def test_solve_prints_the_worked_answer_and_returns_what_check_accepts(data, capsys):
    answer = teaching.solve("tokens.3", data)
    assert answer == 2
    assert capsys.readouterr().out == teaching.worked_answer("tokens.3", data) + "\n"
    assert teaching.solve("tokens.3") is None
    assert "none on this corpus" in capsys.readouterr().out


def test_summarize_answers_gives_each_exercise_its_verdict_without_printing(capsys):
    good = 2 * 6 / (2 * 6 + 2 + 4)
    table = teaching.summarize_answers({"frames.4": good, "tokens.3": None, "frames.5": "many"})
    assert capsys.readouterr().out == ""
    assert table.columns.tolist() == ["id", "question", "answer", "right", "verdict"]
    assert table["id"].tolist() == ["frames.4", "tokens.3", "frames.5"]
    assert table["right"].tolist() == [True, False, False]
    assert table.loc[0, "verdict"] == "right." and table.loc[1, "verdict"].startswith("not yet: no answer")
    assert table.loc[1, "answer"] == "" and table.loc[2, "answer"] == "'many'"
    assert table.loc[0, "question"] == teaching.question("frames.4")
    with pytest.raises(TypeError, match="answers must map exercise ids to answers; got list"):
        teaching.summarize_answers([("frames.4", 1)])
