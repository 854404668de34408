"""Tests for analysis.voices.speakers: speaker phrases and pronoun resolution, end to end and rule by rule."""

from __future__ import annotations

import pandas as pd
import pytest


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
