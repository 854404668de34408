"""Tests of analysis.lexicons: every loader reads its packaged default and refuses a bad file with its name and the problem."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.lexicons import (
    FORMS,
    GAZETTEER_COLUMNS,
    KINDS,
    describe_frames,
    load_dictionary,
    load_gazetteer,
    read_lexicon,
    read_reporting_verbs,
    load_vader_rules,
    vader_lexicon,
)
from analysis import lexicons

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "framing"
HEADER = "actor,label,kind,state,form,alias\n"
REFERENCE = SentimentIntensityAnalyzer()

EURASIA_FRAMES = ["connectivity", "economy_energy", "security", "diplomacy", "kinship_identity", "sovereignty", "great_powers", "status"]
GENERIC_FRAMES = ["conflict", "economic_consequences", "human_interest", "morality", "responsibility"]
POLICY_FRAMES = [
    "economic", "capacity_resources", "morality", "fairness_equality", "legality_constitutionality",
    "policy_prescription", "crime_punishment", "security_defense", "health_safety", "quality_of_life",
    "cultural_identity", "public_opinion", "political", "external_regulation_reputation", "other",
]


# -- frame dictionaries


@pytest.mark.parametrize(
    ("scheme", "frames"),
    [("eurasia", EURASIA_FRAMES), ("generic", GENERIC_FRAMES), ("policy", POLICY_FRAMES)],
)
def test_shipped_schemes_use_the_codebook_ids_with_descriptions_and_sources(scheme, frames):
    described = describe_frames(scheme)
    assert sorted(described["frame"]) == sorted(frames)
    assert described["description"].notna().all() and described["sources"].notna().all()
    patterns = load_dictionary(scheme)
    assert set(patterns["frame"]) == set(frames) - {"other"}  # policy's residual "other" has no cues
    assert not patterns.duplicated().any()


@pytest.mark.parametrize("scheme", ["eurasia", "generic", "policy"])
def test_shipped_dictionaries_have_a_header_with_source_and_licence(scheme):
    text = (ROOT / "analysis" / "data" / "frames" / f"{scheme}.yml").read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    assert "Licence" in header and "CODEBOOK.md" in header


def test_load_quanteda_yaml_merges_nested_keys_into_the_top_level(tmp_path):
    expected = pd.DataFrame(
        {"frame": ["connectivity", "connectivity", "connectivity", "status"], "pattern": ["middle corridor", "corridor*", "port", "middle power*"]}
    ).astype("string")
    assert_frame_equal(load_dictionary(FIXTURES / "nested.yml"), expected)


def test_describe_frames_reads_the_sidecar_and_leaves_missing_entries_missing():
    described = describe_frames(FIXTURES / "nested.yml")
    assert described["frame"].tolist() == ["connectivity", "status"]
    assert described.loc[0, "description"] == "links" and described.loc[0, "sources"] == "A 2020; B 2021"
    assert described.loc[1, ["description", "sources"]].isna().all()


def test_load_liwc_dic():
    expected = pd.DataFrame(
        {"frame": ["transport", "transport", "trade", "transport", "trade"], "pattern": ["corridor", "port*", "export*", "trade route", "trade route"]}
    ).astype("string")
    assert_frame_equal(load_dictionary(FIXTURES / "small.dic"), expected)


def test_liwc_space_separated_lines(tmp_path):
    path = tmp_path / "spaces.dic"
    path.write_text("%\n1 one\n2 two\n%\nkind of 1 2\n", encoding="utf-8")
    assert load_dictionary(path).values.tolist() == [["one", "kind of"], ["two", "kind of"]]


@pytest.mark.parametrize(
    ("suffix", "content", "message"),
    [
        (".dic", "%\n1\tone\n", "never closed"),
        (".dic", "one\t1\n", "starts with a '%' line"),
        (".dic", "%\n1\tone\n%\nword\t7\n", r"category '7'.*defined: \['1'\]"),
        (".dic", "%\nx\tone\n%\n", "line 2"),
        (".dic", "%\n1\tone\n%\nlonely\n", "line 4 'lonely' is not 'word<TAB>category ids'"),
        (".yml", "- a\n- b\n", "must be a YAML mapping"),
        (".yml", "frame:\n  - no\n", r"pattern False under key 'frame'.*quote it"),
        (".yml", "frame: [a, b\n", "is not valid YAML"),
        (".yml", "frame:\n  - '  '\n", "empty pattern"),
    ],
)
def test_bad_liwc_and_yaml_dictionaries_are_named_with_the_problem(tmp_path, suffix, content, message):
    path = tmp_path / f"bad{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_dictionary(path)


def test_unknown_dictionary_names_the_valid_choices():
    with pytest.raises(FileNotFoundError, match=r"'euraisa'.*\['eurasia', 'generic', 'policy'\]"):
        load_dictionary("euraisa")


def test_wrong_suffix_is_refused(tmp_path):
    path = tmp_path / "frames.txt"
    path.write_text("a: [b]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"suffix '.txt'"):
        load_dictionary(path)


# -- the actor gazetteer


def test_default_gazetteer_is_well_formed():
    gaz = load_gazetteer()
    assert list(gaz.columns) == GAZETTEER_COLUMNS
    assert gaz["alias"].is_unique
    assert set(gaz["kind"]) <= set(KINDS) and set(gaz["form"]) <= set(FORMS)
    for state in ("azerbaijan", "kazakhstan", "uzbekistan", "kyrgyzstan", "tajikistan", "turkmenistan",
                  "russia", "china", "united_states", "eu", "turkey", "iran", "ots", "cica", "sco", "un",
                  "osce", "speca", "consultative_meeting", "csto", "eaeu", "nato", "cis",
                  "central_asia", "south_caucasus", "caspian", "eurasia", "turkic_world", "the_west"):
        assert state in set(gaz["actor"]), state
    leaders = gaz[gaz["kind"].eq("leader")]
    kinds = dict(zip(gaz["actor"], gaz["kind"]))
    assert leaders["state"].map(kinds).isin(["state", "organisation"]).all()
    states = gaz[gaz["kind"].eq("state")]
    assert (states["state"] == states["actor"]).all()
    assert gaz.loc[gaz["kind"].isin(["organisation", "region", "ignore"]), "state"].isna().all()


@pytest.mark.parametrize(
    "body, match",
    [
        ("actor,label,kind,form,alias\nbaku,Baku,state,capital,Baku\n", r"bad\.csv.*lacks column\(s\) state"),
        (HEADER + "x,X,country,,name,Xland\n", r"bad\.csv.*row 1 \(alias 'Xland'\): kind 'country' is not valid; valid kinds: state, leader"),
        (HEADER + "x,X,state,,nickname,Xland\n", r"row 1 .*form 'nickname' is not valid; valid forms: name, capital"),
        (HEADER + "x,X,state,,name,Xland\ny,Y,state,,name,Xland\n", r"alias 'Xland' maps to different actors \('x', 'y'\)"),
        (HEADER + "x,X,state,,name,Xland\nx,Ex,state,,name,Xia\n", r"actor 'x' has more than one label: 'X', 'Ex'"),
        (HEADER + "p,P,leader,,leader,Pres\n", r"row 1 \(alias 'Pres'\): a leader needs a state"),
        (HEADER + "p,P,leader,nowhere,leader,Pres\n", r"leader's state 'nowhere' is not an actor of kind state or organisation"),
        (HEADER + "p,P,state,,leader,Pres\n", r"form 'leader' goes with kind 'leader'"),
        (HEADER + "r,R,region,x,name,Rland\n", r"kind 'region' takes no state; got 'x'"),
        (HEADER + "x,X,state,y,name,Xland\n", r"a state's state column must be empty or the actor itself \('x'\); got 'y'"),
        (HEADER + "x,X,state,,name,\n", r"row 1 \(alias ''\): alias is empty"),
        (HEADER + "r,R,region,,capital,Rtown\n", r"form 'capital' needs kind 'state' or 'organisation'"),
        ("# only a comment\n", r"bad\.csv' has no header and no rows"),
    ],
)
def test_bad_gazetteer_files_are_refused(tmp_path, body, match):
    path = tmp_path / "bad.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=match):
        load_gazetteer(path)


def test_missing_gazetteers_are_named():
    with pytest.raises(FileNotFoundError, match=r"gazetteer 'nosuch' is not a packaged gazetteer"):
        load_gazetteer("nosuch")
    with pytest.raises(FileNotFoundError, match=r"gazetteer file '.*none\.csv' does not exist"):
        load_gazetteer("none.csv")


def test_gazetteer_file_with_comments_and_empty_state(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("# my actors\n" + HEADER + "xland,Xland,state,,name,Xland\nxp,X President,leader,xland,leader,Xavier\n", encoding="utf-8")
    expected = pd.DataFrame(
        {"actor": ["xland", "xp"], "label": ["Xland", "X President"], "kind": ["state", "leader"],
         "state": ["xland", "xland"], "form": ["name", "leader"], "alias": ["Xland", "Xavier"]}
    ).astype("string")
    assert_frame_equal(load_gazetteer(path), expected)


def test_extend_adds_and_remaps_aliases(tmp_path):
    extra = pd.DataFrame(
        {"actor": ["heydar_aliyev", "canada"], "label": ["Heydar Aliyev", "Canada"], "kind": ["leader", "state"],
         "state": ["azerbaijan", ""], "form": ["leader", "capital"], "alias": ["Aliyev", "Ottawa"]}
    )
    gaz = load_gazetteer(extend=extra)
    assert gaz.loc[gaz["alias"].eq("Aliyev"), "actor"].tolist() == ["heydar_aliyev"]
    assert gaz["alias"].is_unique
    path = tmp_path / "extra.csv"
    extra.to_csv(path, index=False)
    assert_frame_equal(load_gazetteer(extend=path), gaz)
    stranger = pd.DataFrame({"actor": ["nemo"], "label": ["Nemo"], "kind": ["leader"], "state": ["atlantis"],
                             "form": ["leader"], "alias": ["Nemo"]})
    with pytest.raises(ValueError, match=r"extended by a frame.*leader's state 'atlantis' is not an actor"):
        load_gazetteer(extend=stranger)
    with pytest.raises(ValueError, match=r"extended by a frame.*actor 'heydar_aliyev' has more than one state"):
        load_gazetteer(extend=extra.assign(state=["kazakhstan", ""]))


# -- tone lexicons


def test_read_lexicon_reads_comments_bom_and_lowercases(tmp_path):
    path = tmp_path / "lex.csv"
    path.write_bytes("\ufeff# source: hand-made for a test\n# licence: CC0\npattern,score,category\nEconom*,1,econ\ncrisis,-1.5,x\n".encode())
    got = read_lexicon(path)
    expected = pd.DataFrame({"pattern": ["econom*", "crisis"], "score": [1.0, -1.5]}).astype({"pattern": "string"})
    assert_frame_equal(got, expected)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("word,value\ngood,1\n", r"lacks column\(s\) \['pattern', 'score'\]; its header has \['word', 'value'\]"),
        ("pattern,score\ngood,high\n", r"score 'high' of pattern 'good' \(data row 1\) is not a number"),
        ("pattern,score\ngood,1\nGood,2\n", r"pattern 'good' occurs twice \(rows 0 and 1\)"),
        ("pattern,score\n*,1\n", r"pattern '\*' at row 0 is empty or only '\*'"),
        ("# only a comment\n", r"has no header and no rows"),
    ],
)
def test_read_lexicon_reports_bad_files(tmp_path, content, match):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=match):
        read_lexicon(path)


def test_read_lexicon_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"lexicon file '.*nope.csv' does not exist"):
        read_lexicon(tmp_path / "nope.csv")


def test_read_lexicon_keeps_words_pandas_would_read_as_missing(tmp_path):
    path = tmp_path / "lex.csv"
    path.write_text("pattern,score\nnull,-1\nnan,0\n", encoding="utf-8")
    assert read_lexicon(path)["pattern"].tolist() == ["null", "nan"]


def test_vader_lexicon_is_the_package_lexicon_minus_unmatchable_entries():
    lexicon = vader_lexicon()
    reference = REFERENCE.lexicon
    assert dict(zip(lexicon["pattern"], lexicon["score"])) == {
        w: s for w, s in reference.items() if "*" not in w and w == w.lower()
    }
    assert len(lexicon) > 7000


RULES_TEXT = (ROOT / "analysis" / "data" / "vader_rules.toml").read_text(encoding="utf-8")


def test_load_vader_rules_is_one_immutable_value():
    rules = load_vader_rules()
    assert rules is load_vader_rules()  # loaded once
    with pytest.raises(FrozenInstanceError):
        rules.alpha = 1
    with pytest.raises(TypeError):
        rules.boosters["very"] = 1.0  # read-only mapping
    assert isinstance(rules.negators, frozenset) and "not" in rules.negators
    assert rules.boosters["kind of"] == -0.293 and rules.boosters["very"] == 0.293
    assert rules.special_cases["the shit"] == 3 and rules.max_exclamations == 4
    # (tests/test_vader.py checks every entry against the reference module)


def test_vader_rules_file_names_its_source_and_licence():
    header = "".join(line for line in RULES_TEXT.splitlines(keepends=True)[:15] if line.startswith("#"))
    assert "vaderSentiment 3.3.2" in header and "Hutto" in header and "Licence: MIT" in header


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ('negators = ["not"]\n', r"lacks negation_infix, special_cases, boosters.increment, .*weights.caps_increment"),
        (RULES_TEXT.replace("alpha = 15", 'alpha = "fifteen"'), r"weights.alpha is 'fifteen'; it must be a number"),
    ],
)
def test_load_vader_rules_names_what_is_wrong_with_the_file(monkeypatch, content, match):
    monkeypatch.setattr(lexicons, "read_text", lambda name: content)
    load_vader_rules.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"VADER rules file 'analysis/data/vader_rules.toml'.* " + match):
            load_vader_rules()
    finally:
        load_vader_rules.cache_clear()


# -- reporting verbs


def test_missing_reporting_verbs_file_is_named():
    with pytest.raises(FileNotFoundError, match="reporting verbs file '/no/such/file.txt' does not exist"):
        read_reporting_verbs("/no/such/file.txt")


def test_packaged_lexicon_has_the_issue_verbs():
    verbs = read_reporting_verbs()
    forms = set(verbs["form"])
    for form in ["said", "says", "told", "noted", "stated", "stressed", "emphasised", "emphasized", "added", "according to",
                 "explained", "believes", "warned", "argued", "underlined", "pointed out", "remarked", "declared", "announced", "claimed"]:
        assert form in forms, form


def test_bad_lexicon_line_names_file_and_line(tmp_path):
    path = tmp_path / "verbs.txt"
    path.write_text("# header\nsaid,say\nnoted\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"verbs.txt: line 3 'noted' is not 'form,role'"):
        read_reporting_verbs(path)


# -- every loader returns a frame the caller owns


@pytest.mark.parametrize(
    "load",
    [lambda: load_dictionary("eurasia"), lambda: load_gazetteer(), vader_lexicon, lambda: read_reporting_verbs()],
    ids=["dictionary", "gazetteer", "vader_lexicon", "reporting_verbs"],
)
def test_changing_a_loaded_frame_harms_no_later_caller(load):
    first = load()
    expected = first.copy()
    first.iloc[0, 0] = "changed by a caller"
    first.iloc[1, 0] = "changed too"
    assert_frame_equal(load(), expected)
