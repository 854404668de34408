"""Tests for analysis.voices.cues: the compiled cue lexicon and the word tests it answers."""

from __future__ import annotations

from analysis.lexicons import read_reporting_verbs


def test_a_user_lexicon_changes_what_counts(tmp_path, rows):
    path = tmp_path / "verbs.txt"
    path.write_text("# test list\nmused,say\nhe,pronoun_person\nthe,determiner\n", encoding="utf-8")
    verbs = read_reporting_verbs(path)
    assert rows("“We shall see about that,” the minister mused.", verbs=verbs) == [
        ("direct", "We shall see about that", "the minister", "mused", "quote_then_attribution", None)
    ]
    # "said" is not in this list: the quote has no attribution and is too short to stand alone.
    assert rows("“We shall see about that,” the minister said.", verbs=verbs) == []
