"""Language identification with Lingua (Stahl 2024), whose models ship in its wheel.

The detector knows all 75 of Lingua's languages, so a text in a language the
project has no measures for is never taken for English: it gets its own code,
or ``"und"`` (undetermined) when the evidence is too thin. Low-accuracy mode
keeps memory near 130 MB and is reliable from about one sentence up; a
paragraph of English, Russian, Turkish, Azerbaijani or Kazakh is told apart.

Long texts are identified on a sample (:func:`language_sample`): Lingua's cost
grows with the length of the text and with the number of languages (in
low-accuracy mode with all 75, about 2 to 3 µs a character on top of 0.04 ms a
call), while a few hundred characters already decide the language. The sample
is :data:`SAMPLE_WINDOWS` windows spread evenly over the whole text, cut at white
space, :data:`SAMPLE_CHARS` characters in all. Spread windows, not a prefix: a
prefix answers for the opening only, and web pages often open with a menu, a
title or a summary in another language than their body. A sample whose top
confidence is below :data:`SAMPLE_MIN_CONFIDENCE` is not trusted and the full text
decides; texts shorter than :data:`SAMPLE_CHARS` characters are always read whole.

Evidence (every document of the five seed articles, the BBC News corpus, the
Wikinews 2019 and 2020 corpora and 169 web pages, 2,694 texts, compared with
the language of the full text):

- the first 1,000 or 400 characters changed the language of 3 web pages
  (English articles taken for Latin or German, a German page for English);
- windows spread over the text: 500 or 600 characters in 3, 4, 5, 6 or 8
  windows changed none; 200 characters changed 2 to 8, 300 and 400
  characters changed 1 in some settings, and 2 windows changed 1 to 8 at
  every size from 200 to 800 (one odd setting, 800 characters in 5 windows,
  changed 1: sampling is not monotone, hence the margin below);
- the chosen 600 characters in 6 windows (100 characters, some 15 words, each)
  changed none and sits inside a block of settings that all changed none; it
  made identification 2.5 to 3 times faster on the BBC corpus (mean text
  1,960 characters; ``bench/front.py``), more on long web pages.

``confidence`` is the sample's, so it may differ from the full text's
(rounded to three decimals it did not on those texts).

Bounded work on any text: Lingua's cost grows with the square of a word's
length (a line of 1 MB without spaces never finished), so every text given to
it has a space put after each :data:`MAX_WORD_CHARS` characters without white
space (:func:`lingua_text`; no word of a natural language is that long, and
a text without such runs is given unchanged). A text whose sample is not
trusted is read whole only up to :data:`FULL_TEXT_MAX_CHARS` characters; a
longer one is read on a spread sample of that many characters
(:func:`language_sample` with ``chars``). Lingua then never reads more than
that many characters of a text, however long.

A cheaper first look was tried and is not used: a 300-character sample in 6
windows (about 40% of the cost of the 600-character one), trusted when its
confidence rounds to 1.000 and otherwise followed by the sample above. On the
texts of 600 characters or more of the same corpora, 400 synthetic articles
(``bench/synthetic.py``) and 382 Russian, Turkish, Azerbaijani, Kazakh and
German texts, it gave the same ``language`` and ``confidence`` on all of them
(3,294 texts), and identified the BBC corpus 1.8 to 2 times faster; but it
changed 7 of the 169 web pages and 31 of 244 texts mixing two languages
(an English article with a Russian paragraph, say). Lingua's confidence
reaches 1.0 on a few hundred characters even where the answer turns on
which words the sample holds or on its rules that count words per alphabet,
so no threshold makes the short look safe: the first half of each window,
trusted only at exactly 1.0 and one alphabet, changed none of those texts
but 6 of 2,502 fresh mixed texts and slices of web pages. Lingua's cheaper-looking
calls (``detect_language_of``, ``compute_language_confidence`` for one
language) cost the same: each scores every language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import pandas as pd

#: Code for a text whose language cannot be determined.
UNDETERMINED = "und"
#: A detection is kept only when Lingua's confidence reaches this value.
MIN_CONFIDENCE = 0.5
#: Texts with fewer letters than this are undetermined.
MIN_LETTERS = 10
#: Characters of a long text given to Lingua (see the module notes for the evidence).
SAMPLE_CHARS = 600
#: The sample is this many windows spread evenly over the text.
SAMPLE_WINDOWS = 6
#: A sample whose top confidence is below this is not trusted: the full text decides.
SAMPLE_MIN_CONFIDENCE = 0.95
#: When the sample is not trusted, texts up to this many characters are read whole, longer ones on a spread sample of
#: this size (the longest text of the seeds, BBC and Wikinews corpora has 104,313 characters; Lingua reads 200,000
#: in well under a second).
FULL_TEXT_MAX_CHARS = 200_000
#: Lingua is never given a run of more characters than this without white space (its cost grows with a word's square).
MAX_WORD_CHARS = 100
_LONG_RUN = re.compile(rf"\S{{{MAX_WORD_CHARS}}}(?=\S)")

_SPACE = re.compile(r"\s")


@cache
def _detector():
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect_language(texts: Iterable[str]) -> pd.DataFrame:
    """Return one row per text with ``language`` (ISO 639-1, or ``"und"``) and ``confidence``.

    Source: Lingua (github.com/pemistahl/lingua-py), n-gram models of 75
    languages; texts of :data:`SAMPLE_CHARS` characters or more are
    identified on a spread sample (:func:`language_sample`).

    >>> detect_language(["Azerbaijan is becoming a middle power in the region.", "Азербайджан становится средней державой."])
      language  confidence
    0       en         1.0
    1       ru         1.0
    """
    texts = list(texts)
    rows = []
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"detect_language expects strings; got {type(text).__name__}: {text!r}")
        if not _has_letters(text, MIN_LETTERS):
            rows.append((UNDETERMINED, 0.0))
            continue
        top = _top_confidence(language_sample(text))
        if len(text) >= SAMPLE_CHARS and (top is None or top.value < SAMPLE_MIN_CONFIDENCE):
            top = _top_confidence(language_sample(text, chars=FULL_TEXT_MAX_CHARS))
        if top is None or top.value < MIN_CONFIDENCE:
            rows.append((UNDETERMINED, round(top.value, 3) if top else 0.0))
        else:
            rows.append((top.language.iso_code_639_1.name.lower(), round(top.value, 3)))
    return pd.DataFrame(rows, columns=["language", "confidence"])


def language_sample(text: str, *, chars: int = SAMPLE_CHARS) -> str:
    """Return the part of *text* that :func:`detect_language` gives Lingua.

    A text shorter than *chars* (default :data:`SAMPLE_CHARS`) is returned whole; a longer
    one as :data:`SAMPLE_WINDOWS` windows of about ``chars / SAMPLE_WINDOWS``
    characters, the first at the start, the last at the end and the others evenly
    between, each cut at white space so that no word is split (a window without white space,
    as in Chinese, is taken as it is), joined by newlines.

    >>> language_sample("Short texts are kept whole.")
    'Short texts are kept whole.'
    >>> sample = language_sample(" ".join(f"w{i:04d}" for i in range(2000)))
    >>> sample.split("\\n")[0].split()[:3], sample.split("\\n")[-1].split()[-1], len(sample) <= SAMPLE_CHARS
    (['w0000', 'w0001', 'w0002'], 'w1999', True)
    >>> len(language_sample("中文新闻" * 500).replace("\\n", "")) == SAMPLE_CHARS // SAMPLE_WINDOWS * SAMPLE_WINDOWS
    True
    """
    n = len(text)
    if n < chars:
        return text
    width = chars // SAMPLE_WINDOWS
    windows = []
    for i in range(SAMPLE_WINDOWS):
        start = (n - width) * i // (SAMPLE_WINDOWS - 1)
        end = start + width
        if _SPACE.search(text, start, end) is None:
            # No white space to cut at (Chinese, Japanese or Thai text, a long token): the window as it is.
            windows.append(text[start:end])
            continue
        if start > 0 and not text[start - 1].isspace():
            # Start after the word the window cut into.
            start = _SPACE.search(text, start, end).end()
        if end < n and not text[end].isspace():
            # End before the word the window cuts into.
            while end > start and not text[end - 1].isspace():
                end -= 1
        windows.append(text[start:end].strip())
    return "\n".join(w for w in windows if w)


def lingua_text(text: str) -> str:
    """*text* as Lingua is given it: a space after every :data:`MAX_WORD_CHARS` characters of a longer run without white space.

    >>> lingua_text("Baku " + "x" * 250) == "Baku " + "x" * 100 + " " + "x" * 100 + " " + "x" * 50
    True
    """
    return _LONG_RUN.sub(r"\g<0> ", text)


def _top_confidence(text: str):
    values = _detector().compute_language_confidence_values(lingua_text(text))
    return values[0] if values else None


def _has_letters(text: str, count: int) -> bool:
    """Whether *text* has at least *count* letters (``str.isalpha``), reading only as far as needed."""
    for ch in text:
        if ch.isalpha():
            count -= 1
            if count <= 0:
                return True
    return count <= 0
