"""Tests for analysis.voices.interviews: answers are the interviewee's quotes, questions are not."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.voices.document import build_document
from analysis.voices.interviews import interview_answers


# -- interviews -----------------------------------------------------------------


INTERVIEW = (
    "The Post spoke with analyst Gaziz Abishev about ties.\n"
    "- How do you assess relations?\n"
    "- Relations are good and stable.\n"
    "They grow every year.\n"
    "- Why now?\n"
    "- Because the time is right. The president said: “It is a new chapter for us.”"
)


def test_interview_answers_are_quotes_of_the_interviewee_and_questions_are_not(quotes):
    quotes = quotes(INTERVIEW, interviewee="Gaziz Abishev")
    answers = quotes[quotes["kind"] == "interview_answer"]
    assert answers["text"].tolist() == ["Relations are good and stable.", "They grow every year.", "Because the time is right. The president said: “It is a new chapter for us.”"]
    assert set(answers["speaker"]) == {"Gaziz Abishev"}
    assert set(answers["speaker_start"]) == {28} and INTERVIEW[28:41] == "Gaziz Abishev"
    assert not quotes["text"].str.contains("How do you|Why now", regex=True).any()
    # The quote inside the answer is someone else's voice and is kept as its own row.
    assert quotes["kind"].tolist() == ["interview_answer", "interview_answer", "interview_answer", "direct"]
    inner = quotes.iloc[-1]
    assert (inner["text"], inner["speaker"], inner["verb"]) == ("It is a new chapter for us.", "The president", "said")


def test_interviewee_missing_from_the_text_keeps_the_name_without_offsets(quotes):
    quotes = quotes(INTERVIEW, interviewee="Someone Else")
    answers = quotes[quotes["kind"] == "interview_answer"]
    assert set(answers["speaker"]) == {"Someone Else"} and answers["speaker_start"].isna().all()


def test_interview_without_interviewee_has_no_speaker(find):
    quotes = find(pd.DataFrame({"doc_id": ["d0"], "text": [INTERVIEW]}))
    answers = quotes[quotes["kind"] == "interview_answer"]
    assert answers["speaker"].isna().all() and len(answers) == 3



# -- the step alone ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        pytest.param("- Because it is time.", "Because it is time.", id="dash"),
        pytest.param("A: Because it is time.", "Because it is time.", id="a-colon"),
        pytest.param("Answer. Because it is time.", "Because it is time.", id="answer-period"),
        pytest.param("Because it is time.", "Because it is time.", id="no-mark"),
    ],
)
def test_interview_answers_drop_the_turn_mark(answer, expected):
    text = "Q: Why now?\n" + answer
    doc = build_document(text, sentences=[], paragraphs=[(0, 11, "question"), (12, len(text), "answer")], tokens=[])
    (quote,) = interview_answers(doc, None)
    assert (text[quote.start : quote.end], quote.kind, quote.cue, quote.speaker, quote.speaker_name) == (
        expected, "interview_answer", "interview_answer", None, None
    )


def test_an_answer_that_is_only_a_turn_mark_is_no_quote():
    text = "Q: Why now?\n- "
    doc = build_document(text, sentences=[], paragraphs=[(0, 11, "question"), (12, 13, "answer")], tokens=[])
    assert interview_answers(doc, "Abishev") == []


def test_the_interviewee_is_the_first_mention_in_the_text():
    text = "Abishev, hi.\nQ: Why?\nBecause, said Abishev."
    doc = build_document(text, sentences=[], paragraphs=[(0, 12, "narrative"), (13, 20, "question"), (21, 43, "answer")], tokens=[])
    (quote,) = interview_answers(doc, "Abishev")
    assert quote.speaker == (0, 7) and quote.speaker_text(text) == "Abishev"
