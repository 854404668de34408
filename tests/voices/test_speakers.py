"""Tests for analysis.voices.speakers: speaker phrases and pronoun resolution, end to end and rule by rule."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.voices.document import Quote
from analysis.voices.speakers import (
    clause_start,
    cut_place,
    head,
    is_name,
    key,
    leading_name,
    named_subjects,
    phrase_after,
    resolve_pronouns,
    subject_before,
)


# -- pronouns -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "speaker_start"),
    [
        pytest.param("Momynkulov noted that ties are strong. He added that trade grows fast.", "Momynkulov", 0, id="resolved"),
        pytest.param(
            "Zhanat Momynkulov met the press in Astana. Momynkulov noted that ties are strong. He added that trade grows fast.",
            "Momynkulov", 43, id="same-person-two-names",
        ),
        pytest.param(
            "Aliyev said that talks went well. Tokayev said that trade grew fast. He added that more is coming soon.",
            None, None, id="ambiguous-two-people",
        ),
        pytest.param(
            "Aliyev said that talks went well. Trade grew. Prices fell. He added that more is coming soon.",
            None, None, id="outside-two-sentence-window",
        ),
        pytest.param(
            "The expert said that talks went well. He added that more is coming soon.",
            None, None, id="description-is-not-a-named-person",
        ),
        pytest.param(
            "Aliyev said that talks went well. They added that more is coming soon.",
            None, None, id="they-is-never-resolved",
        ),
    ],
)
def test_pronoun_resolution(text, speaker, speaker_start, quotes):
    last = quotes(text).iloc[-1]
    assert last["text"] == "more is coming soon" or last["text"] == "trade grows fast"
    assert (None if pd.isna(last["speaker"]) else last["speaker"]) == speaker
    assert (None if pd.isna(last["speaker_start"]) else last["speaker_start"]) == speaker_start
    pronoun = text[last["pronoun_start"] : last["pronoun_end"]]
    assert pronoun == last["speaker_resolved_from"] and pronoun in ("He", "They")


def test_interviewee_named_in_the_text_resolves_a_pronoun(quotes):
    text = "Zhanat Momynkulov, chief expert of the Academy, hailed the role of Baku.\n“We are close allies and partners,” he told AZERTAC."
    found = quotes(text, interviewee="Zhanat Momynkulov")
    assert found[["speaker", "speaker_start", "speaker_end", "speaker_resolved_from"]].values.tolist() == [["Zhanat Momynkulov", 0, 17, "he"]]


# -- the rules alone ----------------------------------------------------------------------


def text_of(doc, span) -> str | None:
    return None if span is None else doc.text[span[0] : span[1]]


@pytest.mark.parametrize(
    ("text", "verb", "expected"),
    [
        pytest.param("Kazakh political analyst Gaziz Abishev said so.", "said", "Gaziz Abishev", id="head-name"),
        pytest.param("President Shavkat Mirziyoyev has repeatedly emphasized it.", "emphasized", "President Shavkat Mirziyoyev", id="aux-and-adverb"),
        pytest.param("Abishev, a Kazakh analyst, said so.", "said", "Abishev", id="appositive-after-name"),
        pytest.param("Satyendra Jain, the city's home minister, said so.", "said", "Satyendra Jain", id="appositive-then-verb"),
        pytest.param("Travis Hood, who saw the crash, said so.", "said", "Travis Hood", id="relative-clause"),
        pytest.param("A spokesman said so.", "said", None, id="indefinite-names-nobody"),
        pytest.param("He said so.", "said", "He", id="pronoun-kept-for-resolution"),
        pytest.param("It is also noted that Baku grows.", "noted", None, id="passive"),
        pytest.param("And the minister said so.", "said", "the minister", id="leading-coordinator-dropped"),
        pytest.param("Dr. Livermore said so.", "said", "Dr. Livermore", id="abbreviation-keeps-its-period"),
    ],
)
def test_subject_before(document, cues, text, verb, expected):
    doc = document(text)
    assert text_of(doc, subject_before(doc, cues, 0, text.index(verb))) == expected


def test_subject_before_whole_must_fill_the_clause(document, cues):
    doc = document("Exports grew, the minister said.")
    verb = doc.text.index("said")
    assert text_of(doc, subject_before(doc, cues, 12, verb, whole=True)) == "the minister"
    assert subject_before(doc, cues, 0, verb, whole=True) is None


@pytest.mark.parametrize(
    ("text", "begin", "whole", "expected"),
    [
        pytest.param("said Steve Winwood in a statement.", 4, False, "Steve Winwood", id="up-to-a-function-word"),
        pytest.param("said study co-author Professor Carl Lipo of Binghamton University.", 4, False, "Professor Carl Lipo", id="place-cut"),
        pytest.param("said First Minister of Scotland Nicola Sturgeon.", 4, False, "First Minister of Scotland Nicola Sturgeon", id="title-kept"),
        pytest.param("according to the ministry, exports grew.", 12, False, "the ministry", id="after-according-to"),
        pytest.param("according to the ministry in Baku on Monday.", 12, True, None, id="whole-phrase-needed"),
        pytest.param("said he.", 4, False, "he", id="a-pronoun-alone"),
    ],
)
def test_phrase_after(document, cues, text, begin, whole, expected):
    doc = document(text)
    assert text_of(doc, phrase_after(doc, cues, begin, len(text), whole=whole)) == expected


def test_head_and_cut_place(document, cues):
    doc = document("Florida Department of Transportation official Troy Roberts")
    words = doc.speaker_words(0, len(doc.text))
    assert text_of(doc, head(cues, doc.text, words)) == "Troy Roberts"
    doc = document("Carl Lipo of Binghamton University")
    words = doc.speaker_words(0, len(doc.text))
    assert [doc.text[s:e] for s, e in cut_place(cues, doc.text, words)] == ["Carl", "Lipo"]


def test_clause_start_stops_at_punctuation_and_at_the_look_back_limit():
    text = "Well, then: the minister"
    assert clause_start(text, 0, len(text)) == text.index(":") + 1
    long = "x" * 400 + " the minister"
    assert clause_start(long, 0, len(long)) == len(long) - 300


def test_leading_name_and_names():
    from analysis.voices.document import build_document

    text = "Zhanat Momynkulov met us. The Dr. Smith left."
    doc = build_document(text, sentences=[(0, 25, 0), (26, 45, 1)], paragraphs=[(0, 45, "narrative")],
                         tokens=[(0, 6), (7, 17), (18, 21), (22, 24), (24, 25), (26, 29), (30, 33), (34, 39), (40, 44), (44, 45)])
    assert text_of(doc, leading_name(doc, 0, 25)) == "Zhanat Momynkulov"
    assert text_of(doc, leading_name(doc, 26, 45)) == "The Dr"  # a period ends the run
    assert [is_name(n) for n in ("Aliyev", "the expert", "", None)] == [True, False, False, False]
    assert key("Zhanat Momynkulov") == key("momynkulov,") == "momynkulov"


def test_named_subjects_keep_named_people_only(cues):
    text = "Aliyev he the expert Officials"
    subjects = [(1, (0, 6)), (2, (7, 9)), (3, (10, 20)), (4, (21, 30)), (5, None)]
    assert named_subjects(text, cues, subjects) == [(1, 0, 6), (4, 21, 30)]


def test_resolve_pronouns_alone(document, cues):
    # "He" is 14:16, "it" 22:24, "They" 26:30, "more" 36:40
    doc = document("Aliyev spoke. He said it. They said more.")
    quotes = [
        Quote("reported", 22, 24, "speaker_verb_that", "said", pronoun=(14, 16)),
        Quote("reported", 36, 40, "speaker_verb_that", "said", pronoun=(26, 30)),
        Quote("direct", 22, 24, "continuation", "said", pronoun=(14, 16)),
    ]
    resolved = resolve_pronouns(doc, cues, quotes, subjects=[(7, 0, 6)])
    assert [q.speaker for q in resolved] == [(0, 6), None, (0, 6)]  # "They" is never resolved; the continuation follows
    assert [q.pronoun for q in resolved] == [q.pronoun for q in quotes]
    assert quotes[0].speaker is None  # the input records are untouched
    # Two people in reach: no resolution.
    assert resolve_pronouns(doc, cues, quotes, subjects=[(7, 0, 6), (8, 7, 12)])[0].speaker is None
