"""Property-based tests: every public function that takes text, bytes or a documents/tokens frame, on arbitrary input.

Arbitrary Unicode (the whole range but surrogates: control characters,
combining marks, right-to-left text, emoji) and arbitrary bytes, plus
"newsy" text built from pieces that reach the deeper rules (quotation marks
of every kind, abbreviations, reporting verbs, actors, markup, entities).
Properties: nothing raises but the documented errors; offsets lie inside the
text and ``text[start:end]`` is the row's text; outputs have their documented
columns and types; idempotence where it holds. Settings: the ``properties``
profile of ``tests/conftest.py`` (modest example counts, no deadline).
"""

from __future__ import annotations

import unicodedata
import warnings

import pandas as pd
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import analysis
from analysis.cleaning import clean_text
from analysis.corpus import input_problems, load_corpus, prepare_document, split_paragraphs
from analysis.decoding import Decoded, decode_bytes, decode_entities, normalize_text, utf8_census
from analysis.duplicates import NUM_PERM, duplicate_signatures, flag_duplicates
from analysis.errors import CorpusError
from analysis.extract import NoArticleText, extract_page, html_to_text, looks_like_feed, looks_like_html, split_feed
from analysis.language import SAMPLE_CHARS, SAMPLE_WINDOWS, UNDETERMINED, detect_language, language_sample
from analysis.scoring import TABLES, load_resources, score_chunk
from analysis.schema import SENTENCE_COLUMNS, TOKEN_COLUMNS
from analysis.tokens import reference_token_spans, split_sentences, token_spans, tokenize

PROPERTIES = settings.get_profile("properties")

#: Pieces of news text that reach the rules (quotes, attributions, abbreviations, actors, markup, entities).
PIECES = [
    "Aliyev", "Tokayev", "Baku", "Astana", "Russia", "the minister", "he", "she", "said", "told reporters", "according to",
    "Dr.", "U.S.", "p.m.", "e.g.", "No.", "3.", "b)", "[...]", "[…]", "isn't", "can't", "cannot", "gonna", "’s", "'s",
    "“", "”", "«", "»", "‘", "’", '"', "'", "``", "''", "(", ")", "[", "]", ":", ";", ",", ".", "!", "?", "…", "—", "-",
    " ", " ", " ", "  ", "\n", "\n\n", "\t", "\r", "\u00a0", "\u2028", "- ", "Q: ", "A: ",
    "middle power", "Middle Corridor", "multi-vector", "great", "not good", "terrible", ":)", "!!!",
    "<p>", "</p>", "<b>", "<a href='x'>", "&amp;", "&#39;", "&quot;", "&bogus;", "AT&T",
    "e\u0301", "\u0301", "\u200f", "\u202e", "שלום", "مرحبا", "Привет", "日本語", "\U0001F600", "\U0001F44D\U0001F3FD",
    "\x00", "\x07", "\x1b", "\ufeff", "\ufffd", "ﬁ", "Ａ",
]
#: Arbitrary Unicode text (every code point but surrogates).
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
#: Text assembled from :data:`PIECES` and arbitrary characters.
NEWSY = st.lists(st.one_of(st.sampled_from(PIECES), ANY_TEXT.map(lambda t: t[:8])), max_size=80).map("".join)
TEXT = st.one_of(ANY_TEXT, NEWSY)


@pytest.fixture(scope="module")
def resources():
    return load_resources()


def _docs(text: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["d"], "text": [text]})


def _assert_spans(frame: pd.DataFrame, text: str, column: str) -> None:
    """Every row's ``start``/``end`` lies in *text* and ``text[start:end]`` is the row's *column*."""
    for start, end, value in zip(frame["start"], frame["end"], frame[column]):
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == value


# -- decoding --------------------------------------------------------------------------


@PROPERTIES
@given(st.binary(max_size=400))
@example(b"\xff\xfe\x00")
@example(b"\xef\xbb\xbf")
def test_decode_bytes_gives_text_or_a_corpus_error(data):
    try:
        decoded = decode_bytes(data, path="x.txt")
    except CorpusError as error:
        assert error.path == "x.txt" and error.problem
        return
    assert isinstance(decoded, Decoded) and isinstance(decoded.text, str) and decoded.encoding
    assert all(isinstance(r, str) for r in decoded.repairs)


@PROPERTIES
@given(TEXT)
def test_text_written_as_utf8_decodes_to_itself(text):
    assume("\x00" not in text)  # NUL bytes send a file to encoding detection (UTF-16 and the like)
    try:
        decoded = decode_bytes(text.encode("utf-8"))
    except CorpusError:
        return  # empty, or mostly control characters
    assert decoded.text == (text[1:] if text.startswith("\ufeff") else text)


@PROPERTIES
@given(st.binary(max_size=400))
def test_utf8_census_counts_stay_within_the_bytes(data):
    stray, valid = utf8_census(data)
    assert 0 <= stray <= len(data) and 0 <= valid <= len(data)


@PROPERTIES
@given(TEXT)
def test_normalize_text_is_nfc_and_idempotent(text):
    once, repairs = normalize_text(text)
    assert unicodedata.is_normalized("NFC", once)
    assert all(isinstance(r, str) for r in repairs)
    assert normalize_text(once)[0] == once


@PROPERTIES
@given(TEXT)
def test_decode_entities_counts_what_it_decodes(text):
    decoded, count = decode_entities(text)
    assert count >= 0 and len(decoded) <= len(text)
    if count == 0:
        assert decoded == text


# -- cleaning ------------------------------------------------------------------------------


@PROPERTIES
@given(TEXT)
def test_clean_text_keeps_or_removes_every_line_in_order(text):
    cleaned = clean_text(text)
    lines = text.split("\n")
    removed = {item["line_no"] for item in cleaned.removed}
    assert all(1 <= n <= len(lines) and lines[n - 1] == item["line"] for item in cleaned.removed for n in [item["line_no"]])
    kept = [line for i, line in enumerate(lines, start=1) if i not in removed and line.strip()]
    assert cleaned.text == "\n".join(kept)
    assert set(cleaned.metadata) <= {"date", "outlet", "author"}


@PROPERTIES
@given(TEXT)
def test_prepare_document_gives_a_clean_text(text):
    doc = prepare_document({"doc_id": "d", "raw_text": text})
    assert isinstance(doc["text"], str) and isinstance(doc["repairs"], str)
    assert doc["n_removed"] == len(doc["removed"])


# -- language ------------------------------------------------------------------------------


@PROPERTIES
@given(st.lists(TEXT, max_size=3))
def test_detect_language_gives_one_row_per_text(texts):
    found = detect_language(texts)
    assert found.columns.tolist() == ["language", "confidence"] and len(found) == len(texts)
    for language, confidence in zip(found["language"], found["confidence"]):
        assert language == UNDETERMINED or (len(language) == 2 and language.islower())
        assert 0.0 <= confidence <= 1.0


@PROPERTIES
@given(TEXT, st.integers(min_value=0, max_value=3000))
def test_language_sample_is_short_and_made_of_the_text(text, pad):
    text = text + " filler" * (pad // 7)
    sample = language_sample(text)
    if len(text) < SAMPLE_CHARS:
        assert sample == text
    else:
        assert len(sample) <= SAMPLE_CHARS + SAMPLE_WINDOWS - 1  # the windows and the newlines between them
        assert all(window in text for window in sample.split("\n"))


# -- sentences and tokens --------------------------------------------------------------------


@PROPERTIES
@given(TEXT)
def test_split_sentences_spans_the_text(text):
    sentences = split_sentences(_docs(text))
    assert sentences.columns.tolist() == SENTENCE_COLUMNS
    assert sentences.dtypes.astype(str).tolist() == ["string", "int64", "int64", "int64", "int64", "string"]
    _assert_spans(sentences, text, "text")
    assert sentences["sent_id"].tolist() == list(range(len(sentences)))
    assert (sentences["start"] < sentences["end"]).all()
    assert (sentences["end"].iloc[:-1].to_numpy() <= sentences["start"].iloc[1:].to_numpy()).all()
    assert not any(s[0].isspace() or s[-1].isspace() for s in sentences["text"])
    assert sentences["para_id"].is_monotonic_increasing


@PROPERTIES
@given(TEXT)
def test_tokenize_spans_the_text_inside_its_sentences(text):
    sentences = split_sentences(_docs(text))
    tokens = tokenize(sentences)
    assert tokens.columns.tolist() == TOKEN_COLUMNS
    assert tokens.dtypes.astype(str).tolist() == ["string", "int64", "int64", "int64", "int64", "string", "string", "bool", "bool", "bool"]
    _assert_spans(tokens, text, "token")
    assert tokens["token_id"].tolist() == list(range(len(tokens)))
    assert (tokens["start"] < tokens["end"]).all()
    assert (tokens["end"].iloc[:-1].to_numpy() <= tokens["start"].iloc[1:].to_numpy()).all()
    bounds = sentences.set_index("sent_id")[["start", "end"]]
    inside = tokens.merge(bounds, left_on="sent_id", right_index=True, suffixes=("", "_sentence"))
    assert ((inside["start"] >= inside["start_sentence"]) & (inside["end"] <= inside["end_sentence"])).all()


@PROPERTIES
@given(TEXT)
def test_token_spans_equal_nltks_own(text):
    for sentence in text.split("\n"):
        assert token_spans(sentence) == reference_token_spans(sentence)


@PROPERTIES
@given(TEXT)
def test_split_paragraphs_spans_the_text(text):
    paragraphs = split_paragraphs(_docs(text))
    _assert_spans(paragraphs, text, "text")
    assert set(paragraphs["role"]) <= {"narrative", "question", "answer"}


# -- measures ------------------------------------------------------------------------------------


@PROPERTIES
@given(TEXT)
def test_every_measure_keeps_its_offsets_in_the_text(resources, text):
    docs = _docs(text).assign(language="en")
    scores = score_chunk(docs, resources=resources)
    assert list(scores.tables()) == list(TABLES)
    _assert_spans(scores.sentences, text, "text")
    _assert_spans(scores.tokens, text, "token")
    _assert_spans(scores.frame_hits, text, "matched")
    _assert_spans(scores.actors, text, "surface")
    _assert_spans(scores.quotes, text, "text")
    assert scores.sentences["compound"].between(-1, 1).all()
    for column in ("neg", "neu", "pos"):
        assert scores.sentences[column].between(0, 1).all()
    assert scores.documents["doc_id"].tolist() == ["d"]
    speakers = scores.quotes.dropna(subset=["speaker_start"])
    for start, end, speaker in zip(speakers["speaker_start"], speakers["speaker_end"], speakers["speaker"]):
        assert 0 <= start <= end <= len(text)


@PROPERTIES
@given(TEXT)
def test_the_measures_called_one_by_one_match_score_chunk(resources, text):
    docs = _docs(text)
    sentences = analysis.split_sentences(docs)
    tokens = analysis.tokenize(sentences)
    scored = analysis.score_sentences(sentences)
    assert len(scored) == len(sentences) and scored["text"].tolist() == sentences["text"].tolist()
    hits = analysis.match_frames(tokens, resources.frames, docs=docs)
    _assert_spans(hits, text, "matched")
    mentions = analysis.find_actors(tokens, resources.gazetteer, docs=docs)
    _assert_spans(mentions, text, "surface")
    quotes = analysis.find_quotes(sentences, tokens, paragraphs=split_paragraphs(docs), docs=docs)
    _assert_spans(quotes, text, "text")
    assert quotes["quote_id"].tolist() == list(range(len(quotes)))


@PROPERTIES
@given(st.lists(TEXT, max_size=4))
def test_duplicate_signatures_and_flags(texts):
    keys, signatures, n_words = duplicate_signatures(texts)
    assert len(keys) == len(texts) == len(n_words) and signatures.shape == (len(texts), NUM_PERM)
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    flagged = flag_duplicates(docs)
    for i, original in enumerate(flagged["duplicate_of"]):
        if not pd.isna(original):
            assert int(original[1:]) < i


# -- web pages and feeds ------------------------------------------------------------------------------


@PROPERTIES
@given(TEXT)
def test_pages_and_feeds_give_text_or_the_documented_errors(text):
    assert isinstance(looks_like_html(text), bool) and isinstance(looks_like_feed(text), bool)
    assert isinstance(html_to_text(text), str)
    for page in (text, f"<html><body><article><p>{text}</p></article></body></html>"):
        try:
            found = extract_page(page)
        except NoArticleText:
            continue
        assert found["text"].strip() and set(found) == {"text", "title", "date", "author", "outlet", "url"}
    for item in split_feed(f"<rss version='2.0'><channel><item><title>{text}</title><description>{text}</description></item></channel></rss>"):
        assert set(item) == {"title", "date", "author", "url", "guid", "text", "raw"} and isinstance(item["text"], str)


# -- the whole loader ------------------------------------------------------------------------------------


@PROPERTIES
@given(st.one_of(st.binary(max_size=400), TEXT.map(lambda t: t.encode("utf-8"))), st.sampled_from([".txt", ".md", ".html", ".xml"]))
def test_load_corpus_on_one_file_gives_its_document_or_a_problem(tmp_path_factory, data, suffix):
    folder = tmp_path_factory.mktemp("corpus")
    (folder / f"doc{suffix}").write_bytes(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a skipped file or a repair warns; what it records is checked below
            docs = load_corpus(folder)
    except CorpusError as error:
        assert "contains no usable documents: 1 skipped" in str(error)
        return
    assert len(docs) >= 1 and input_problems(docs).columns.tolist() == ["source_path", "problem"]
    for text, raw in zip(docs["text"], docs["raw_text"]):
        assert isinstance(text, str) and isinstance(raw, str)
    assert docs["doc_id"].is_unique



@PROPERTIES
@given(TEXT, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
def test_document_commas_are_found_as_str_find_finds_them(text, begin, end):
    from analysis.voices.document import build_sentence

    doc = build_sentence(text)
    assert doc.last_comma(begin, end) == text.rfind(",", begin, end)
    assert doc.first_comma(begin, end) == text.find(",", begin, end)
