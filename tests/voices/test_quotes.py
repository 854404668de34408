"""Tests for analysis.voices.quotes: direct quotes and reported speech, end to end and step by step."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.voices.document import Attribution
from analysis.voices.quotes import (
    Marks,
    QuoteMarks,
    attribute_direct,
    direct_quotes,
    pair_quote_marks,
    reported_quotes,
    reporting_verbs,
)

SHOWN = ["kind", "text", "speaker", "verb", "cue", "speaker_resolved_from"]


# -- direct quotes -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "“We will build the road together,” the minister said.",
            [("direct", "We will build the road together", "the minister", "said", "quote_then_attribution", None)],
            id="quote-then-attribution",
        ),
        pytest.param(
            "“We will build the road together,” said Aliyev, adding more.",
            [("direct", "We will build the road together", "Aliyev", "said", "quote_then_attribution", None)],
            id="quote-then-inverted-attribution",
        ),
        pytest.param(
            "Aliyev said: “Peace is within reach now.”",
            [("direct", "Peace is within reach now.", "Aliyev", "said", "attribution_then_quote", None)],
            id="attribution-colon-quote",
        ),
        pytest.param(
            "Speaking in Baku, Kazakh President Kassym-Jomart Tokayev noted the ties: “We are brotherly peoples.”",
            [("direct", "We are brotherly peoples.", "Kazakh President Kassym-Jomart Tokayev", "noted", "attribution_then_quote", None)],
            id="attribution-with-object-colon-quote",
        ),
        pytest.param(
            "Nancy Pelosi said on Friday “We are committed to keeping government open.”",
            [("direct", "We are committed to keeping government open.", "Nancy Pelosi", "said", "attribution_then_quote", None)],
            id="attribution-adjunct-full-quote",
        ),
        pytest.param(
            "“We agree with the plan fully,” Kazakh political analyst Gaziz Abishev said.",
            [("direct", "We agree with the plan fully", "Gaziz Abishev", "said", "quote_then_attribution", None)],
            id="head-name-rule",
        ),
        pytest.param(
            "“The data are clear to everyone,” said study co-author Professor Carl Lipo of Binghamton University.",
            [("direct", "The data are clear to everyone", "Professor Carl Lipo", "said", "quote_then_attribution", None)],
            id="name-of-place-cut",
        ),
        pytest.param(
            "“Wash your hands after using the toilet,” said Dr. Livermore.",
            [("direct", "Wash your hands after using the toilet", "Dr. Livermore", "said", "quote_then_attribution", None)],
            id="abbreviated-title",
        ),
        pytest.param(
            "First Minister of Scotland Nicola Sturgeon said: “Parliament must be recalled now.”",
            [("direct", "Parliament must be recalled now.", "First Minister of Scotland Nicola Sturgeon", "said", "attribution_then_quote", None)],
            id="title-of-place-then-name-kept",
        ),
        pytest.param(
            "Florida Department of Transportation official Troy Roberts said: “The road will be examined.”",
            [("direct", "The road will be examined.", "Troy Roberts", "said", "attribution_then_quote", None)],
            id="head-name-before-place-cut",
        ),
        pytest.param(
            "Lead author Sally Wasef of Australia's Griffith University explained: “The DNA was well preserved.”",
            [("direct", "The DNA was well preserved.", "Sally Wasef", "explained", "attribution_then_quote", None)],
            id="possessive-place-is-cut",
        ),
        pytest.param(
            "Travis Hood, who saw the crash, said: “It was loud and terrible.”",
            [("direct", "It was loud and terrible.", "Travis Hood", "said", "attribution_then_quote", None)],
            id="relative-clause-skipped",
        ),
        pytest.param(
            "Satyendra Jain, the city's home minister, said “Buildings can only have four floors here.”",
            [("direct", "Buildings can only have four floors here.", "Satyendra Jain", "said", "attribution_then_quote", None)],
            id="appositive-before-verb",
        ),
        pytest.param(
            "The sign at the gate read: “Nobody may enter this building after dark.”",
            [("direct", "Nobody may enter this building after dark.", None, None, "unattributed", None)],
            id="no-speaker",
        ),
        pytest.param("It is a “middle power” now, and it must “punch above its weight” today.", [], id="scare-quotes-are-not-quotes"),
        pytest.param(
            "“He called it \"historic\" and left the room,” Aliyev said.",
            [("direct", "He called it \"historic\" and left the room", "Aliyev", "said", "quote_then_attribution", None)],
            id="nested-straight-in-curly",
        ),
        pytest.param("“This quote never closes and goes on, Aliyev said.", [], id="unbalanced-open-mark"),
        pytest.param(
            "“We will build the road together,” he told AZERTAC.",
            [("direct", "We will build the road together", None, "told", "quote_then_attribution", "he")],
            id="pronoun-with-nobody-named",
        ),
        pytest.param(
            "He said the plan was “a good start for all of us” and left.",
            [("reported", "the plan was “a good start for all of us” and left", None, "said", "speaker_verb_that", "He")],
            id="partial-quote-is-part-of-reported-speech",
        ),
    ],
)
def test_direct_quote_patterns(text, expected, rows):
    assert rows(text) == expected


@pytest.mark.parametrize(("left", "right"), [("“", "”"), ('"', '"'), ("«", "»")], ids=["curly", "straight", "guillemets"])
def test_quote_marks_curly_straight_and_guillemets_agree(left, right, quotes):
    text = f"{left}Trade between our countries doubled,{right} the minister said."
    found = quotes(text)
    assert found[["start", "end", "text", "speaker", "speaker_start", "speaker_end"]].iloc[0].tolist() == [
        1, 36, "Trade between our countries doubled", "the minister", 39, 51,
    ]


def test_split_quote_in_one_sentence_shares_the_speaker(rows):
    text = "“We are ready,” said Aliyev, “and the road is open to all.”"
    assert rows(text) == [
        ("direct", "We are ready", "Aliyev", "said", "quote_then_attribution", None),
        ("direct", "and the road is open to all.", "Aliyev", "said", "continuation", None),
    ]


def test_split_quote_over_two_sentences_shares_the_resolved_speaker(quotes):
    text = "Aliyev noted that talks went well. “We are ready to talk,” he said. “The road is open to all.”"
    found = quotes(text)
    assert found[SHOWN].values.tolist() == [
        ["reported", "talks went well", "Aliyev", "noted", "speaker_verb_that", pd.NA],
        ["direct", "We are ready to talk", "Aliyev", "said", "quote_then_attribution", "he"],
        ["direct", "The road is open to all.", "Aliyev", "said", "continuation", "he"],
    ]
    # The resolved speaker points at the earlier mention; the pronoun keeps its own offsets.
    assert found["speaker_start"].tolist() == [0, 0, 0]
    assert found["pronoun_start"].tolist() == [pd.NA, 59, 59]
    assert text[59:61] == "he"


def test_quote_running_over_two_paragraphs_takes_the_attribution_of_its_end(rows):
    text = "“The first part of the long statement is here.\n“And the second part ends it now,” Aliyev said."
    assert rows(text) == [
        ("direct", "The first part of the long statement is here.", "Aliyev", "said", "continuation", None),
        ("direct", "And the second part ends it now", "Aliyev", "said", "quote_then_attribution", None),
    ]


def test_unattributed_quote_in_the_next_paragraph_does_not_inherit_a_speaker(rows):
    text = "Bill spoke of NASA: “It is fun to work with a new partner every day.”\n“I am tired but happy today,” Elon Musk said."
    assert rows(text) == [
        ("direct", "It is fun to work with a new partner every day.", None, None, "unattributed", None),
        ("direct", "I am tired but happy today", "Elon Musk", "said", "quote_then_attribution", None),
    ]


def test_min_words_drops_short_quotes(quotes):
    text = "“Go home now,” Aliyev said."
    assert len(quotes(text)) == 1
    assert len(quotes(text, min_words=4)) == 0


# -- reported speech ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Momynkulov noted that the region is stable.",
            [("reported", "the region is stable", "Momynkulov", "noted", "speaker_verb_that", None)],
            id="x-noted-that",
        ),
        pytest.param(
            "The Kazakh expert underlined that, given the war, ties matter more.",
            [("reported", "given the war, ties matter more", "The Kazakh expert", "underlined", "speaker_verb_that", None)],
            id="x-underlined-that-comma",
        ),
        pytest.param(
            "President Shavkat Mirziyoyev has repeatedly emphasized that the two nations are brothers.",
            [("reported", "the two nations are brothers", "President Shavkat Mirziyoyev", "emphasized", "speaker_verb_that", None)],
            id="aux-and-adverb-between",
        ),
        pytest.param(
            "Aliyev said the talks were useful for both sides.",
            [("reported", "the talks were useful for both sides", "Aliyev", "said", "speaker_verb_that", None)],
            id="x-said-without-that",
        ),
        pytest.param(
            "Officials told state media that the bridge would open soon.",
            [("reported", "the bridge would open soon", "Officials", "told", "speaker_verb_that", None)],
            id="x-told-addressee-that",
        ),
        pytest.param(
            "Abishev, a Kazakh analyst, said that the ties are strong.",
            [("reported", "the ties are strong", "Abishev", "said", "speaker_verb_that", None)],
            id="appositive-gives-the-name",
        ),
        pytest.param(
            "According to Tashkent, the accession opens new horizons.",
            [("reported", "the accession opens new horizons", "Tashkent", "According to", "according_to", None)],
            id="according-to-first",
        ),
        pytest.param(
            "Exports grew by ten percent last year, according to the ministry.",
            [("reported", "Exports grew by ten percent last year", "the ministry", "according to", "according_to", None)],
            id="according-to-last",
        ),
        pytest.param(
            "A total of 39 people are confirmed dead, officials told state media.",
            [("reported", "A total of 39 people are confirmed dead", "officials", "told", "content_then_attribution", None)],
            id="content-then-attribution",
        ),
        pytest.param(
            "Prime minister Hubert Minnis said yesterday night that twenty people were killed.",
            [("reported", "twenty people were killed", "Hubert Minnis", "said", "speaker_verb_that", None)],
            id="adjunct-before-that",
        ),
        pytest.param(
            "Aliyev said the talks that were held in Baku went well.",
            [("reported", "the talks that were held in Baku went well", "Aliyev", "said", "speaker_verb_that", None)],
            id="relative-that-is-not-the-complementiser",
        ),
        pytest.param(
            "According to Sadie Weiner, Hagan's former spokeswoman, Hagan died from a virus.",
            [("reported", "Hagan died from a virus", "Sadie Weiner", "According to", "according_to", None)],
            id="according-to-with-appositive",
        ),
        pytest.param("It is also noted that Baku is a transit hub.", [], id="passive-has-no-speaker"),
        pytest.param("It can be confidently stated that ties will grow.", [], id="passive-with-adverb"),
        pytest.param("Therefore, I believe the rapprochement is natural.", [], id="first-person-is-not-a-speaker"),
        pytest.param("Aliyev said in a statement on Monday.", [], id="no-complement"),
        pytest.param("Kazakhstan emphasized such crucial issues as non-proliferation.", [], id="verb-without-that"),
    ],
)
def test_reported_speech_patterns(text, expected, rows):
    assert rows(text) == expected




# -- the steps alone -------------------------------------------------------------------


def spans(doc, pairs) -> list[str]:
    return [doc.text[m.start : m.end] for m in pairs]


def test_pair_quote_marks_pairs_by_paragraph_and_keeps_inner_marks(document):
    doc = document("“He said \"no\" twice,” Aliyev said.\nAn «open» line “never closes.\nNext one.")
    marks = pair_quote_marks(doc)
    assert spans(doc, marks.pairs) == ['He said "no" twice', "open"]
    first = marks.pairs[0]
    assert (first.open, first.close, first.unclosed) == (0, 20, False)


def test_pair_quote_marks_takes_an_open_quote_that_the_next_paragraph_reopens(document):
    doc = document("“The first part runs on.\n“And it ends here,” he said.")
    pairs = pair_quote_marks(doc).pairs
    assert spans(doc, pairs) == ["The first part runs on.", "And it ends here"]
    assert [p.unclosed for p in pairs] == [True, False]
    assert pairs[0].close == doc.text.index("\n")


def test_straight_quotes_open_after_space_and_close_before_one(document):
    doc = document('He wrote 5" of text and "this part" too.')
    assert spans(doc, pair_quote_marks(doc).pairs) == ["this part"]


def test_quote_marks_lookups():
    marks = QuoteMarks((Marks(2, 10, 3, 10), Marks(20, 30, 21, 30)))
    assert [marks.inside(p) for p in (2, 3, 9, 10, 15, 25, 31)] == [False, True, True, False, False, True, False]
    assert [marks.next_open(p) for p in (0, 3, 20, 21)] == [2, 20, 20, None]


def test_attribute_direct_claims_the_verb_of_each_attribution(document, cues):
    doc = document("“We are ready now,” Aliyev said. Tokayev stated: “We agree with that.”")
    found = attribute_direct(doc, cues, pair_quote_marks(doc))
    assert [a.cue for a in found] == ["quote_then_attribution", "attribution_then_quote"]
    assert [doc.text[a.speaker[0] : a.speaker[1]] for a in found] == ["Aliyev", "Tokayev"]
    assert [a.claimed_verb for a in found] == [doc.text.index("said"), doc.text.index("stated")]


def test_attribute_direct_keeps_a_pronoun_for_later(document, cues):
    doc = document("“We are ready to talk,” he said.")
    (found,) = attribute_direct(doc, cues, pair_quote_marks(doc))
    assert found.speaker is None and doc.text[found.pronoun[0] : found.pronoun[1]] == "he"


def test_attribute_direct_gives_none_without_an_attribution(document, cues):
    doc = document("The sign read “Nobody may enter this building after dark.” It was old.")
    assert attribute_direct(doc, cues, pair_quote_marks(doc)) == (None,)


@pytest.mark.parametrize(
    ("attribution", "min_words", "expected"),
    [
        (Attribution("quote_then_attribution", "said"), 6, ["quote_then_attribution"]),
        (Attribution("quote_then_attribution", "said"), 7, []),
        (None, 3, ["unattributed"]),  # six words, and a comma ends it like speech
        (None, 7, []),
    ],
)
def test_direct_quotes_count_words(document, attribution, min_words, expected):
    doc = document("“Go home now, U.S. envoy,” Aliyev said.")
    marks = pair_quote_marks(doc)
    # "Go home now, U.S. envoy" has six words: a period splits U.S in two
    assert [q.cue for q in direct_quotes(doc, marks, [attribution], min_words=min_words)] == expected


def test_direct_quotes_keep_a_long_unattributed_quote_that_ends_like_a_sentence(document):
    doc = document("The sign read “Nobody may enter this building after dark.” and “nobody may enter this building after”")
    marks = pair_quote_marks(doc)
    found = direct_quotes(doc, marks, [None, None], min_words=3)
    assert [(doc.text[q.start : q.end], q.cue, q.speaker) for q in found] == [
        ("Nobody may enter this building after dark.", "unattributed", None)
    ]


def test_reporting_verbs_skip_verbs_inside_direct_quotes(document, cues):
    doc = document("Aliyev noted that “nobody said a word” about it. The minister told reporters that it rained.")
    verbs = reporting_verbs(doc, cues, pair_quote_marks(doc))
    assert [(v.text, v.sentence, doc.text[v.subject[0] : v.subject[1]]) for v in verbs] == [
        ("noted", 0, "Aliyev"), ("told", 1, "The minister")
    ]
    assert doc.text[verbs[1].clause_start : verbs[1].clause_end] == "The minister told reporters that it rained"


def test_reported_quotes_leave_claimed_verbs_alone(document, cues):
    doc = document("Aliyev said the talks were useful for both sides.")
    marks = pair_quote_marks(doc)
    verbs = reporting_verbs(doc, cues, marks)
    found = reported_quotes(doc, cues, marks, verbs, claimed=frozenset(), min_words=3)
    assert [(doc.text[q.start : q.end], q.cue) for q in found] == [("the talks were useful for both sides", "speaker_verb_that")]
    assert reported_quotes(doc, cues, marks, verbs, claimed=frozenset({verbs[0].start}), min_words=3) == []


def test_reported_quotes_read_according_to_before_the_verbs(document, cues):
    doc = document("According to Tashkent, the accession opens new horizons, officials told state media.")
    marks = pair_quote_marks(doc)
    found = reported_quotes(doc, cues, marks, reporting_verbs(doc, cues, marks), claimed=frozenset(), min_words=3)
    assert [(q.cue, doc.text[q.speaker[0] : q.speaker[1]]) for q in found] == [
        ("according_to", "Tashkent"), ("content_then_attribution", "officials")
    ]
