"""Tests for analysis.voices: hand-built texts with hand-written expected rows."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import analysis
from analysis.voices import (
    QUOTE_COLUMNS,
    QUOTE_SHARE_COLUMNS,
    SPEAKER_SUMMARY_COLUMNS,
    find_quotes,
    quote_share,
    read_reporting_verbs,
    speaker_summary,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "voices"

SHOWN = ["kind", "text", "speaker", "verb", "cue", "speaker_resolved_from"]


def docs_of(*texts: str, interviewee: str | None = None) -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(len(texts))],
        "text": list(texts),
        "interviewee": pd.array([interviewee] * len(texts), dtype="string"),
    })


def rows(text: str, **kwargs) -> list[tuple]:
    """The quotes of one text as (kind, text, speaker, verb, cue, pronoun) tuples, NA as None."""
    quotes = find_quotes(docs_of(text), **kwargs)
    return [tuple(None if pd.isna(v) else v for v in row) for row in quotes[SHOWN].itertuples(index=False)]


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
def test_direct_quote_patterns(text, expected):
    assert rows(text) == expected


@pytest.mark.parametrize(("left", "right"), [("“", "”"), ('"', '"'), ("«", "»")], ids=["curly", "straight", "guillemets"])
def test_quote_marks_curly_straight_and_guillemets_agree(left, right):
    text = f"{left}Trade between our countries doubled,{right} the minister said."
    quotes = find_quotes(docs_of(text))
    assert quotes[["start", "end", "text", "speaker", "speaker_start", "speaker_end"]].iloc[0].tolist() == [
        1, 36, "Trade between our countries doubled", "the minister", 39, 51,
    ]


def test_split_quote_in_one_sentence_shares_the_speaker():
    text = "“We are ready,” said Aliyev, “and the road is open to all.”"
    assert rows(text) == [
        ("direct", "We are ready", "Aliyev", "said", "quote_then_attribution", None),
        ("direct", "and the road is open to all.", "Aliyev", "said", "continuation", None),
    ]


def test_split_quote_over_two_sentences_shares_the_resolved_speaker():
    text = "Aliyev noted that talks went well. “We are ready to talk,” he said. “The road is open to all.”"
    quotes = find_quotes(docs_of(text))
    assert quotes[SHOWN].values.tolist() == [
        ["reported", "talks went well", "Aliyev", "noted", "speaker_verb_that", pd.NA],
        ["direct", "We are ready to talk", "Aliyev", "said", "quote_then_attribution", "he"],
        ["direct", "The road is open to all.", "Aliyev", "said", "continuation", "he"],
    ]
    # The resolved speaker points at the earlier mention; the pronoun keeps its own offsets.
    assert quotes["speaker_start"].tolist() == [0, 0, 0]
    assert quotes["pronoun_start"].tolist() == [pd.NA, 59, 59]
    assert text[59:61] == "he"


def test_quote_running_over_two_paragraphs_takes_the_attribution_of_its_end():
    text = "“The first part of the long statement is here.\n“And the second part ends it now,” Aliyev said."
    assert rows(text) == [
        ("direct", "The first part of the long statement is here.", "Aliyev", "said", "continuation", None),
        ("direct", "And the second part ends it now", "Aliyev", "said", "quote_then_attribution", None),
    ]


def test_unattributed_quote_in_the_next_paragraph_does_not_inherit_a_speaker():
    text = "Bill spoke of NASA: “It is fun to work with a new partner every day.”\n“I am tired but happy today,” Elon Musk said."
    assert rows(text) == [
        ("direct", "It is fun to work with a new partner every day.", None, None, "unattributed", None),
        ("direct", "I am tired but happy today", "Elon Musk", "said", "quote_then_attribution", None),
    ]


def test_min_words_drops_short_quotes():
    text = "“Go home now,” Aliyev said."
    assert len(find_quotes(docs_of(text))) == 1
    assert len(find_quotes(docs_of(text), min_words=4)) == 0


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
def test_reported_speech_patterns(text, expected):
    assert rows(text) == expected


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
def test_pronoun_resolution(text, speaker, speaker_start):
    quotes = find_quotes(docs_of(text))
    last = quotes.iloc[-1]
    assert last["text"] == "more is coming soon" or last["text"] == "trade grows fast"
    assert (None if pd.isna(last["speaker"]) else last["speaker"]) == speaker
    assert (None if pd.isna(last["speaker_start"]) else last["speaker_start"]) == speaker_start
    pronoun = text[last["pronoun_start"] : last["pronoun_end"]]
    assert pronoun == last["speaker_resolved_from"] and pronoun in ("He", "They")


def test_interviewee_named_in_the_text_resolves_a_pronoun():
    text = "Zhanat Momynkulov, chief expert of the Academy, hailed the role of Baku.\n“We are close allies and partners,” he told AZERTAC."
    quotes = find_quotes(docs_of(text, interviewee="Zhanat Momynkulov"))
    assert quotes[["speaker", "speaker_start", "speaker_end", "speaker_resolved_from"]].values.tolist() == [["Zhanat Momynkulov", 0, 17, "he"]]


# -- interviews -----------------------------------------------------------------


INTERVIEW = (
    "The Post spoke with analyst Gaziz Abishev about ties.\n"
    "- How do you assess relations?\n"
    "- Relations are good and stable.\n"
    "They grow every year.\n"
    "- Why now?\n"
    "- Because the time is right. The president said: “It is a new chapter for us.”"
)


def test_interview_answers_are_quotes_of_the_interviewee_and_questions_are_not():
    quotes = find_quotes(docs_of(INTERVIEW, interviewee="Gaziz Abishev"))
    answers = quotes[quotes["kind"] == "interview_answer"]
    assert answers["text"].tolist() == ["Relations are good and stable.", "They grow every year.", "Because the time is right. The president said: “It is a new chapter for us.”"]
    assert set(answers["speaker"]) == {"Gaziz Abishev"}
    assert set(answers["speaker_start"]) == {28} and INTERVIEW[28:41] == "Gaziz Abishev"
    assert not quotes["text"].str.contains("How do you|Why now", regex=True).any()
    # The quote inside the answer is someone else's voice and is kept as its own row.
    assert quotes["kind"].tolist() == ["interview_answer", "interview_answer", "interview_answer", "direct"]
    inner = quotes.iloc[-1]
    assert (inner["text"], inner["speaker"], inner["verb"]) == ("It is a new chapter for us.", "The president", "said")


def test_interviewee_missing_from_the_text_keeps_the_name_without_offsets():
    quotes = find_quotes(docs_of(INTERVIEW, interviewee="Someone Else"))
    answers = quotes[quotes["kind"] == "interview_answer"]
    assert set(answers["speaker"]) == {"Someone Else"} and answers["speaker_start"].isna().all()


def test_interview_without_interviewee_has_no_speaker():
    quotes = find_quotes(docs_of(INTERVIEW).drop(columns="interviewee"))
    answers = quotes[quotes["kind"] == "interview_answer"]
    assert answers["speaker"].isna().all() and len(answers) == 3


# -- the seeds --------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds():
    docs = analysis.load_corpus(SEEDS)
    return docs, find_quotes(docs)


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


def test_per_document_results_do_not_depend_on_the_chunk(seeds):
    docs, quotes = seeds
    pieces = [find_quotes(docs.iloc[[i]]) for i in range(len(docs))]
    assert_frame_equal(pd.concat(pieces, ignore_index=True), quotes)


def test_given_sentences_and_paragraphs_give_the_same_result(seeds):
    docs, quotes = seeds
    again = find_quotes(docs, sentences=analysis.split_sentences(docs), paragraphs=analysis.split_paragraphs(docs))
    assert_frame_equal(again, quotes)


@pytest.mark.shared
@pytest.mark.slow
def test_offsets_invariant_on_wikinews():
    path = SHARED / "data" / "wikinews_en_2019_2020" / "wikinews_2019.csv"
    if not path.is_file():
        pytest.skip(f"shared Wikinews data not found at {path}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the corpus loader warns about a few Wikinews rows
        docs = analysis.load_corpus(path)
    quotes = find_quotes(docs)
    assert len(quotes) > 100
    assert_offsets(docs, quotes)


# -- measures ---------------------------------------------------------------------


def test_quote_share_by_hand():
    # 0         1         2         3         4         5
    # 0123456789012345678901234567890123456789012345678901234567
    # “One two three,” she said. Aliyev noted that four five six.
    text = "“One two three,” she said. Aliyev noted that four five six."
    docs = docs_of(text, "No quotes here at all.")
    share = quote_share(find_quotes(docs), docs)
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
    docs = docs_of("abcdefghij")
    quotes = pd.DataFrame({"doc_id": ["d0", "d0"], "kind": ["interview_answer", "direct"], "start": [0, 2], "end": [8, 5]})
    share = quote_share(quotes, docs).set_index("kind")
    assert share.loc["all", "chars_quoted"] == 8
    assert share.loc["direct", "chars_quoted"] == 3
    assert share.loc["all", "n_quotes"] == 2


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


# -- the lexicon and bad input --------------------------------------------------------


def test_a_user_lexicon_changes_what_counts(tmp_path):
    path = tmp_path / "verbs.txt"
    path.write_text("# test list\nmused,say\nhe,pronoun_person\nthe,determiner\n", encoding="utf-8")
    verbs = read_reporting_verbs(path)
    assert rows("“We shall see about that,” the minister mused.", verbs=verbs) == [
        ("direct", "We shall see about that", "the minister", "mused", "quote_then_attribution", None)
    ]
    # "said" is not in this list: the quote has no attribution and is too short to stand alone.
    assert rows("“We shall see about that,” the minister said.", verbs=verbs) == []


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: find_quotes(pd.DataFrame({"doc_id": ["a"]})), ValueError, r"docs needs column\(s\) \['text'\]"),
        (lambda: find_quotes(["a text"]), TypeError, "docs must be a pandas DataFrame"),
        (lambda: find_quotes(docs_of("x"), min_words=0), ValueError, "min_words must be a positive integer; got 0"),
        (lambda: find_quotes(pd.DataFrame({"doc_id": ["a", "a"], "text": ["x", "y"]})), ValueError, r"duplicate doc_id values \['a'\]"),
        (lambda: find_quotes(pd.DataFrame({"doc_id": ["a"], "text": [None]})), TypeError, "text of document 'a' is NoneType"),
        (lambda: find_quotes(docs_of("x"), verbs=pd.DataFrame({"form": ["said"], "role": ["verb"]})), ValueError, r"unknown role\(s\) \['verb'\]"),
        (lambda: find_quotes(docs_of("x"), paragraphs=pd.DataFrame({"doc_id": ["d0"], "start": [0], "end": [1], "role": ["quote"]})),
         ValueError, r"role values \['quote'\]"),
        (lambda: find_quotes(docs_of("x"), sentences=pd.DataFrame({"doc_id": ["d0"], "sent_id": [0], "start": [0], "end": [99]})),
         ValueError, r"span \(0, 99\) of document 'd0' lies outside its text \(length 1\)"),
        (lambda: quote_share(pd.DataFrame({"doc_id": ["a"], "kind": ["indirect"], "start": [0], "end": [1]}), docs_of("x")),
         ValueError, r"kind values \['indirect'\]"),
        (lambda: speaker_summary(pd.DataFrame({"doc_id": ["a"]})), ValueError, r"quotes needs column\(s\) \['kind', 'text', 'speaker'\]"),
    ],
)
def test_bad_input_messages(call, error, match):
    with pytest.raises(error, match=match):
        call()


