"""Tests for analysis.language: Lingua tells the project's languages apart and never guesses English."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest

from analysis.language import MIN_CONFIDENCE, SAMPLE_CHARS, SAMPLE_WINDOWS, UNDETERMINED, detect_language, language_sample

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
PARAGRAPHS = tomllib.loads((FIXTURES / "paragraphs.toml").read_text(encoding="utf-8"))["paragraphs"]


@pytest.mark.parametrize("code", ["en", "ru", "tr", "az", "kk"])
def test_project_languages_are_told_apart_on_one_paragraph(code):
    result = detect_language([PARAGRAPHS[code]])
    assert result["language"].tolist() == [code]
    assert result["confidence"].iloc[0] >= MIN_CONFIDENCE


@pytest.mark.parametrize("code", ["en", "ru", "tr", "az", "kk"])
def test_project_languages_are_told_apart_on_each_sentence(code):
    sentences = [s for s in PARAGRAPHS[code].split(". ") if s]
    assert len(sentences) == 3
    assert detect_language(sentences)["language"].tolist() == [code] * 3


def test_turkish_and_azerbaijani_are_not_confused():
    # The two closest languages of the five, on the same content.
    result = detect_language([PARAGRAPHS["tr"], PARAGRAPHS["az"]])
    assert result["language"].tolist() == ["tr", "az"]


def test_russian_and_kazakh_are_not_confused():
    result = detect_language([PARAGRAPHS["ru"], PARAGRAPHS["kk"]])
    assert result["language"].tolist() == ["ru", "kk"]


@pytest.mark.parametrize(("code", "expected"), [("de", "de"), ("fr", "fr"), ("uz", None)])
def test_other_languages_are_never_english(code, expected):
    paragraph = PARAGRAPHS[code]
    sentences = [s for s in paragraph.split(". ") if s]
    languages = detect_language([paragraph, *sentences])["language"].tolist()
    assert "en" not in languages
    if expected is not None:
        assert languages[0] == expected
    # Lingua has no Uzbek model: whatever it answers, it is not English.


@pytest.mark.parametrize("text", ["", "   ", "OK.", "12345 67890 !!!", "Baku 2025"])
def test_too_little_text_is_undetermined(text):
    assert detect_language([text]).to_dict("records") == [{"language": UNDETERMINED, "confidence": 0.0}]


def test_one_row_per_text_in_order():
    texts = [PARAGRAPHS["kk"], "", PARAGRAPHS["en"]]
    result = detect_language(iter(texts))  # any iterable
    assert list(result.columns) == ["language", "confidence"]
    assert result["language"].tolist() == ["kk", UNDETERMINED, "en"]
    assert result.index.tolist() == [0, 1, 2]


def test_no_texts_gives_an_empty_frame():
    pd.testing.assert_frame_equal(detect_language([]), pd.DataFrame([], columns=["language", "confidence"]))


@pytest.mark.parametrize("bad", [None, 3, b"bytes"])
def test_non_string_is_rejected_with_its_type(bad):
    with pytest.raises(TypeError, match=rf"detect_language expects strings; got {type(bad).__name__}"):
        detect_language(["fine text here", bad])


# -- long texts are identified on a spread sample -------------------------------------------


def test_a_long_text_is_sampled_from_start_middle_and_end():
    words = [f"w{i:05d}" for i in range(3000)]
    sample = language_sample(" ".join(words))
    windows = sample.split("\n")
    assert len(windows) == SAMPLE_WINDOWS
    assert len(sample) <= SAMPLE_CHARS
    assert windows[0].startswith("w00000") and windows[-1].endswith("w02999")
    # Every window holds whole words, in the order of the text.
    found = [w for window in windows for w in window.split()]
    assert all(w in words for w in found) and found == sorted(found)


def test_a_short_text_is_read_whole():
    text = PARAGRAPHS["en"][: SAMPLE_CHARS - 1]
    assert language_sample(text) == text


def test_a_long_text_opening_in_another_language_gets_the_language_of_its_body():
    # Its first SAMPLE_CHARS characters read as English; the full text and the spread sample as Russian.
    text = PARAGRAPHS["en"] + "\n" + "\n".join([PARAGRAPHS["ru"]] * 12)
    assert len(text) > 5 * SAMPLE_CHARS
    assert detect_language([text[:SAMPLE_CHARS]])["language"].tolist() == ["en"]
    assert detect_language([PARAGRAPHS["en"]])["language"].tolist() == ["en"]
    assert detect_language([text])["language"].tolist() == ["ru"]


def test_sampled_and_full_text_agree_on_long_paragraphs():
    from analysis.language import _detector

    for code in ("en", "ru", "tr", "az", "kk", "de", "fr"):
        text = "\n".join([PARAGRAPHS[code]] * 6)
        full = _detector().compute_language_confidence_values(text)[0]
        assert detect_language([text])["language"].tolist() == [full.language.iso_code_639_1.name.lower()]


# -- bounded work on any text ---------------------------------------------------------


class _Spy:
    """Lingua's detector, recording the texts it is given (each call still answered by Lingua)."""

    def __init__(self, detector):
        self.detector, self.texts = detector, []

    def compute_language_confidence_values(self, text):
        self.texts.append(text)
        return self.detector.compute_language_confidence_values(text)


@pytest.fixture
def spy(monkeypatch):
    from analysis import language

    recorder = _Spy(language._detector())
    monkeypatch.setattr(language, "_detector", lambda: recorder)
    return recorder


def test_lingua_text_puts_a_space_in_runs_without_white_space():
    from analysis.language import MAX_WORD_CHARS, lingua_text

    assert lingua_text(PARAGRAPHS["en"]) == PARAGRAPHS["en"]
    run = "x" * MAX_WORD_CHARS
    assert lingua_text(run) == run
    assert lingua_text("Baku " + run * 3 + "y") == "Baku " + " ".join([run] * 3) + " y"


def test_lingua_never_reads_a_run_longer_than_max_word_chars(spy):
    from analysis.language import MAX_WORD_CHARS

    result = detect_language(["The minister spoke. " + "abcdefghij" * 5_000 + " The talks went well."])
    assert len(result) == 1
    assert spy.texts and all(len(word) <= MAX_WORD_CHARS for text in spy.texts for word in text.split())


def test_an_untrusted_sample_of_a_very_long_text_is_followed_by_a_bounded_one(spy):
    from analysis.language import FULL_TEXT_MAX_CHARS, SAMPLE_MIN_CONFIDENCE

    # Seven languages in turn: no sample of it is sure of one language.
    mixed = "\n".join(PARAGRAPHS[code] for code in ("en", "ru", "tr", "az", "kk", "de", "fr"))
    text = "\n".join([mixed] * (2 * FULL_TEXT_MAX_CHARS // len(mixed) + 1))
    assert len(text) > 2 * FULL_TEXT_MAX_CHARS
    detect_language([text])
    assert len(spy.texts) == 2, "the sample was trusted: the text does not test the second read"
    assert len(spy.texts[1]) <= FULL_TEXT_MAX_CHARS
    first = spy.detector.compute_language_confidence_values(spy.texts[0])[0].value
    assert first < SAMPLE_MIN_CONFIDENCE


def test_an_untrusted_sample_of_a_text_below_the_bound_is_followed_by_the_whole_text(spy):
    mixed = "\n".join(PARAGRAPHS[code] for code in ("en", "ru", "tr", "az", "kk", "de", "fr"))
    text = "\n".join([mixed] * 3)  # a sample of it is not sure of one language (0.506)
    detect_language([text])
    assert len(spy.texts) == 2 and spy.texts[1] == text  # the sample was not trusted: the whole text decides
