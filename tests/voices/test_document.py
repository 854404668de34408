"""Tests for analysis.voices.document: words read from the package's tokens, and the per-document lookups."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.tokens import token_spans
from analysis.voices.document import Attribution, Quote, build_document, build_sentence, words_from_tokens

#: The word the speaker rules read, written as one regular expression: the reference the token reading must equal.
REFERENCE_WORD = re.compile(r"[^\W\d_]\.(?=\s|$)|\w+(?:[-'’.]\w+)*")
#: The word a count counts: a period splits (analysis.voices.WORD).
REFERENCE_COUNT = re.compile(r"\w+(?:[-'’]\w+)*")


def words(doc, spans) -> list[str]:
    return [doc.text[s:e] for s, e in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Azerbaijan’s envoy isn't here.", ["Azerbaijan’s", "envoy", "isn't", "here"], id="clitics-rejoin"),
        pytest.param("We cannot, we gonna.", ["We", "cannot", "we", "gonna"], id="split-words-rejoin"),
        pytest.param("“We,” said Kassym-Jomart K. Tokayev.", ["We", "said", "Kassym-Jomart", "K.", "Tokayev"], id="edge-marks-and-initial"),
        pytest.param("In the U.S. at 5 p.m. and 3.5% up.", ["In", "the", "U.S", "at", "5", "p.m", "and", "3.5", "up"], id="inner-periods"),
        pytest.param("It cost £600m—a lot/too much.", ["It", "cost", "600m", "a", "lot", "too", "much"], id="inner-punctuation-splits"),
        pytest.param("Ends with K.", ["Ends", "with", "K."], id="initial-at-the-end"),
    ],
)
def test_words_from_tokens(text, expected):
    doc = build_sentence(text)
    assert words(doc, doc.words) == expected
    assert list(doc.words) == [m.span() for m in REFERENCE_WORD.finditer(text)]


_PIECES = ["a", "Bc", "x", "U.S.", "Dr.", "K.", "isn't", "can't", "cannot", "’s", "'s", "3.5", "1,000", "co-author",
           " ", " ", "  ", "\n", ".", ",", ";", ":", "!", "?", "-", "—", "/", "(", ")", "“", "”", '"', "'", "«", "»", "£", "$", "%", "é", "_"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30))
def test_words_from_the_package_tokens_equal_the_reference_words(pieces):
    text = "".join(pieces)
    doc = build_sentence(text)
    assert list(doc.words) == [m.span() for m in REFERENCE_WORD.finditer(text)]
    assert doc.count_words(0, len(text)) == len(REFERENCE_COUNT.findall(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30), st.integers(0, 60), st.integers(0, 60))
def test_words_in_a_range_equal_the_reference_words_of_that_range(pieces, a, b):
    text = "".join(pieces)
    begin, end = sorted((min(a, len(text)), min(b, len(text))))
    doc = build_sentence(text)
    assert doc.words_in(begin, end) == [m.span() for m in REFERENCE_WORD.finditer(text, begin, end)]
    assert doc.count_words(begin, end) == len(REFERENCE_COUNT.findall(text, begin, end))


def test_speaker_words_keep_an_abbreviation_period_inside_the_range():
    doc = build_sentence("Dr. Li and Mr Wu met U.S. envoys.")
    assert words(doc, doc.speaker_words(0, len(doc.text))) == ["Dr.", "Li", "and", "Mr", "Wu", "met", "U.S.", "envoys"]
    assert words(doc, doc.speaker_words(0, 2)) == ["Dr"]


def test_first_word_and_word_at():
    doc = build_sentence("“We agree,” he said.")
    assert doc.first_word(0, len(doc.text)) == (1, 3)
    assert doc.word_at(1) == (1, 3) and doc.word_at(0) is None
    assert doc.word_at(2) == (2, 3)  # a position inside a word: the rest of it
    assert doc.first_word(10, 11) is None


def test_sentence_and_paragraph_lookups():
    text = "One two. Three.\nFour."
    doc = build_document(text, sentences=[(0, 8, 0), (9, 15, 1), (16, 21, 7)], paragraphs=[(0, 15, "narrative"), (16, 21, "answer")],
                         tokens=token_spans(text))
    assert [doc.sentence_index(p) for p in (0, 8, 9, 16, 20)] == [0, 0, 1, 2, 2]
    assert [doc.sent_id(p) for p in (0, 9, 16)] == [0, 1, 7]
    assert [doc.sentence_end(p) for p in (0, 9, 16)] == [8, 15, 21]
    assert [doc.paragraph_end(p) for p in (0, 15, 16)] == [15, 15, 21]
    bare = build_document(text, sentences=[], paragraphs=[], tokens=[])
    assert (bare.sent_id(5), bare.sentence_end(5), bare.paragraph_end(5), bare.words) == (0, len(text), len(text), ())


def test_the_values_are_frozen():
    doc = build_sentence("Aliyev said so.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "changed"
    quote = Quote.attributed("direct", 0, 6, Attribution("quote_then_attribution", "said", (7, 11)))
    assert (quote.cue, quote.verb, quote.speaker, quote.speaker_text(doc.text)) == ("quote_then_attribution", "said", (7, 11), "said")
    with pytest.raises(dataclasses.FrozenInstanceError):
        quote.speaker = None


def test_words_from_tokens_joins_only_across_one_joiner():
    text = "rock--roll a-b"
    assert [text[s:e] for s, e in words_from_tokens(text, [(0, 4), (4, 6), (6, 10), (11, 12), (12, 13), (13, 14)])] == ["rock", "roll", "a-b"]


def per_token_words(text: str, tokens: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The reading of words_from_tokens one token at a time (the definition in the module docstring), as the reference."""
    part = re.compile(r"\w+(?:[-'’.]\w+)*")
    found: list[tuple[int, int]] = []
    for start, end in tokens:
        for match in part.finditer(text, start, end):
            s, e = match.span()
            if found and (s == found[-1][1] or (s == found[-1][1] + 1 and text[s - 1] in "-'’.")):
                found[-1] = (found[-1][0], e)
            else:
                found.append((s, e))
    out = []
    for s, e in found:
        if e - s == 1 and e < len(text) and text[e] == "." and (e + 1 == len(text) or text[e + 1].isspace()) and text[s].isalnum() and not text[s].isdecimal():
            e += 1
        out.append((s, e))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30), st.lists(st.booleans(), min_size=30, max_size=30))
def test_words_from_tokens_that_leave_characters_out_equal_the_per_token_reading(pieces, keep):
    # Words never run over a character no token holds, except one joiner between two pieces.
    text = "".join(pieces)
    tokens = [span for span, kept in zip(token_spans(text), keep) if kept]
    assert list(words_from_tokens(text, tokens)) == per_token_words(text, tokens)


@pytest.mark.parametrize(
    ("text", "tokens", "expected"),
    [
        pytest.param("Kassym-Jomart", [(0, 6), (7, 13)], ["Kassym-Jomart"], id="joiner-held-by-no-token"),
        pytest.param("one two", [(0, 3)], ["one"], id="word-held-by-no-token"),
        pytest.param("U.S. envoy", [(0, 2), (5, 10)], ["U", "envoy"], id="cut-abbreviation"),
        pytest.param("", [], [], id="empty"),
    ],
)
def test_words_from_tokens_read_only_the_tokens(text, tokens, expected):
    assert [text[s:e] for s, e in words_from_tokens(text, tokens)] == expected

