"""Language identification with Lingua (Stahl 2024), whose models ship in its wheel.

The detector knows all 75 of Lingua's languages, so a text in a language the
project has no measures for is never taken for English: it gets its own code,
or ``"und"`` (undetermined) when the evidence is too thin. Low-accuracy mode
keeps memory near 130 MB and is reliable from about one sentence up; a
paragraph of English, Russian, Turkish, Azerbaijani or Kazakh is told apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pandas as pd

#: Code for a text whose language cannot be determined.
UNDETERMINED = "und"
#: A detection is kept only when Lingua's confidence reaches this value.
MIN_CONFIDENCE = 0.5
#: Texts with fewer letters than this are undetermined.
MIN_LETTERS = 10


@cache
def _detector():
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect_language(texts: Iterable[str]) -> pd.DataFrame:
    """Return one row per text with ``language`` (ISO 639-1, or ``"und"``) and ``confidence``.

    Source: Lingua (github.com/pemistahl/lingua-py), n-gram models of 75 languages.

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
        if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
            rows.append((UNDETERMINED, 0.0))
            continue
        values = _detector().compute_language_confidence_values(text)
        top = values[0] if values else None
        if top is None or top.value < MIN_CONFIDENCE:
            rows.append((UNDETERMINED, round(top.value, 3) if top else 0.0))
        else:
            rows.append((top.language.iso_code_639_1.name.lower(), round(top.value, 3)))
    return pd.DataFrame(rows, columns=["language", "confidence"])
