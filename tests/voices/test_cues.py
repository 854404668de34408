"""Tests for analysis.voices.cues: the compiled cue lexicon and the word tests it answers."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.lexicons import read_reporting_verbs
from analysis.voices.cues import _forms_pattern, check_cues, compile_cues


def test_a_user_lexicon_changes_what_counts(tmp_path, rows):
    path = tmp_path / "verbs.txt"
    path.write_text("# test list\nmused,say\nhe,pronoun_person\nthe,determiner\n", encoding="utf-8")
    verbs = read_reporting_verbs(path)
    assert rows("“We shall see about that,” the minister mused.", verbs=verbs) == [
        ("direct", "We shall see about that", "the minister", "mused", "quote_then_attribution", None)
    ]
    # "said" is not in this list: the quote has no attribution and is too short to stand alone.
    assert rows("“We shall see about that,” the minister said.", verbs=verbs) == []


def test_compiled_patterns_match_whole_words_and_any_spacing():
    cues = compile_cues(pd.DataFrame({"form": ["said", "told reporters", "according to"], "role": ["say", "tell", "according"]}))
    assert [m.group() for m in cues.verbs.finditer("He said; they told  reporters; unsaid; said-so; Said")] == ["said", "told  reporters"]
    assert [m.group() for m in cues.according.finditer("According to X, according to Y, ACCORDING TO Z")] == ["According to", "according to"]


@pytest.mark.parametrize("capital", [False, True])
def test_the_first_letter_lookahead_changes_no_match(capital):
    # The compiled pattern only adds a lookahead for the forms' first characters to the plain alternation.
    forms = ["said", "say", "stated", "told reporters", "according to", "ßagt", "-ed", "é"]
    parts = []
    for form in sorted(forms, key=len, reverse=True):
        head, rest = (f"[{form[0]}{form[0].upper()}]", form[1:]) if capital and form[0].isalpha() else ("", form)
        parts.append(head + re.escape(rest).replace(r"\ ", r"\s+"))
    plain = re.compile(rf"(?<![\w'’-])(?:{'|'.join(parts)})(?![\w'’-])")
    text = "He said, She Said; they told  reporters SAY; unsaid -ed é É ßagt SSagt; According to X, according  to Y; stated."
    compiled = _forms_pattern(forms, capital=capital)
    assert compiled.pattern != plain.pattern
    assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert len(plain.findall(text)) >= 6


def test_an_empty_pattern_matches_nothing():
    cues = compile_cues(pd.DataFrame({"form": ["said"], "role": ["say"]}))
    assert cues.according.search("according to him") is None


@pytest.mark.parametrize(
    ("word", "np_word"),
    [("the", True), ("of", True), ("Minister", True), ("minister", True), ("United", True), ("said", False),
     ("has", False), ("who", False), ("3rd", False), ("it", False)],
)
def test_is_np_word(word, np_word):
    assert check_cues(None).is_np_word(word) is np_word


def test_pronouns_and_auxiliaries():
    cues = check_cues(None)
    assert [cues.is_pronoun(w) for w in ("he", "She", "THEY", "Aliyev")] == [True, True, True, False]
    assert [cues.is_aux(w) for w in ("has", "repeatedly", "also", "Early", "fly", "minister")] == [True, True, True, False, False, False]


def test_the_packaged_lexicon_is_compiled_once():
    assert check_cues(None) is check_cues(None)
    assert check_cues(read_reporting_verbs()) is not check_cues(None)


@pytest.mark.parametrize(
    ("verbs", "match"),
    [
        (["said"], r"verbs must be a frame with columns \['form', 'role'\] \(see read_reporting_verbs\); got list"),
        (pd.DataFrame({"form": ["said"]}), r"verbs must be a frame with columns \['form', 'role'\] .*; got \['form'\]"),
        (pd.DataFrame({"form": ["said"], "role": ["verb"]}), r"verbs has unknown role\(s\) \['verb'\]; valid roles are \['say'"),
    ],
)
def test_bad_lexicon_messages(verbs, match):
    with pytest.raises(ValueError, match=match):
        check_cues(verbs)
