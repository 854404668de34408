"""Tests for analysis.framing: dictionaries, matching, measures and validation.

Expected values are computed by hand in the comments beside them; the
Krippendorff examples are the published ones (Krippendorff 2011, *Computing
Krippendorff's alpha-reliability*, examples A-C).
"""

from __future__ import annotations

import functools
import math
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import analysis
from analysis import framing
from analysis.lexicons import describe_frames, load_dictionary
from analysis.validation import read_gold_set
from analysis.framing import (
    dominant_frames,
    evaluate_frames,
    frame_actors,
    frame_alpha,
    frame_cooccurrence,
    frame_diversity,
    frame_evidence,
    frame_salience,
    frame_sentiment,
    krippendorff_alpha,
    match_frames,
    unnest_frames,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "framing"
SEEDS = ROOT / "seeds"

EURASIA_FRAMES = ["connectivity", "economy_energy", "security", "diplomacy", "kinship_identity", "sovereignty", "great_powers", "status"]
GENERIC_FRAMES = ["conflict", "economic_consequences", "human_interest", "morality", "responsibility"]
POLICY_FRAMES = [
    "economic", "capacity_resources", "morality", "fairness_equality", "legality_constitutionality",
    "policy_prescription", "crime_punishment", "security_defense", "health_safety", "quality_of_life",
    "cultural_identity", "public_opinion", "political", "external_regulation_reputation", "other",
]


def matched(docs: pd.DataFrame, dictionary) -> pd.DataFrame:
    """match_frames on the tokens of *docs*, with their text."""
    return match_frames(analysis.tokenize(analysis.split_sentences(docs)), dictionary, docs=docs)


def one_doc(text: str, doc_id: str = "d") -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [doc_id], "text": [text]})


@functools.cache
def shipped(scheme: str) -> pd.DataFrame:
    return load_dictionary(scheme)


def frames_in(text: str, scheme: str) -> set[str]:
    return set(matched(one_doc(text), shipped(scheme))["frame"])


@pytest.fixture(scope="module")
def seeds():
    docs = analysis.load_corpus(SEEDS)
    sentences = analysis.split_sentences(docs)
    tokens = analysis.tokenize(sentences)
    return docs, sentences, tokens


# -- the shipped dictionaries ----------------------------------------------

# Sentences written for these tests (not taken from the seeds): each MUST
# carry its frame, or MUST NOT (near misses: "support", "important",
# "transition", "agricultural", "visitors", ...).
MUST = [
    ("connectivity", "The Middle Corridor cut delivery times for containers shipped from China."),
    ("connectivity", "Kazakhstan wants more freight to move by rail across the steppe."),
    ("connectivity", "Georgia presents itself as a bridge between Europe and Asia."),
    ("connectivity", "A new ferry terminal at the port of Kuryk opened on Monday."),
    ("economy_energy", "Bilateral trade turnover rose by 20 percent last year."),
    ("economy_energy", "The consortium plans to invest $2 billion in a new gas pipeline."),
    ("economy_energy", "Oil prices fell sharply after the announcement."),
    ("security", "Troops were deployed along the line of contact after the ceasefire collapsed."),
    ("security", "The region faces a growing threat from terrorism and extremism."),
    ("security", "Both countries agreed to deepen defence cooperation."),
    ("diplomacy", "The foreign ministers held talks in Baku on Tuesday."),
    ("diplomacy", "The two leaders signed a declaration on strategic partnership."),
    ("diplomacy", "Kazakhstan offered to mediate between the parties."),
    ("kinship_identity", "Uzbeks and Azerbaijanis are brotherly peoples with a shared history."),
    ("kinship_identity", "The event celebrated the common heritage of the Turkic world."),
    ("kinship_identity", "He stressed the kinship between the two nations."),
    ("sovereignty", "Baku insists on respect for its territorial integrity."),
    ("sovereignty", "Separatist forces withdrew from the occupied districts."),
    ("sovereignty", "The country celebrated thirty years of independence."),
    ("great_powers", "Astana pursues a multi-vector policy between Moscow and Beijing."),
    ("great_powers", "Western sanctions against the regime have reshaped the region."),
    ("great_powers", "The steppe has become an arena of geopolitical rivalry."),
    ("status", "Kazakhstan increasingly acts as a middle power."),
    ("status", "Azerbaijan has become a key player in the South Caucasus."),
    ("status", "The country punches above its weight in world affairs."),
    ("status", "Central Asia’s voice is heard more often now."),
    # added with the revision on the coded set's train part: common news phrasings of the definitions
    ("connectivity", "The new airport will handle direct flights to Tashkent and Istanbul."),
    ("economy_energy", "Thousands of customers were left without electricity after the storm."),
    ("security", "Rebels launched rocket attacks on the city overnight."),
    ("security", "Officials warned of a Russian disinformation campaign."),
    ("diplomacy", "The two presidents spoke by phone about regional cooperation."),
    ("sovereignty", "The tanker entered the country's exclusive economic zone without permission."),
    ("sovereignty", "Both sides claim the disputed region."),
    ("great_powers", "Officials warned of foreign interference by outside powers."),
    ("status", "The country wants a bigger role on the world stage."),
]
MUST_NOT = [
    ("connectivity", "The minister voiced strong support for the important reform."),
    ("connectivity", "The transition to a new cabinet was peaceful."),
    ("connectivity", "Analysts expect the report to be published next week."),
    ("economy_energy", "It is important that the leaders meet regularly."),
    ("economy_energy", "The singer gave an energetic performance."),
    ("security", "The singer gave an energetic performance."),
    ("security", "The museum welcomed record numbers of visitors."),
    ("diplomacy", "The museum welcomed record numbers of visitors."),
    ("diplomacy", "Farmers harvested a record wheat crop."),
    ("kinship_identity", "Agricultural output grew in the south."),
    ("kinship_identity", "The committee approved the budget."),
    ("sovereignty", "The orchestra recorded an independent film score."),
    ("sovereignty", "The bank occupies a tall building downtown."),
    ("great_powers", "The balance of the account was paid in March."),
    ("great_powers", "The great hall was full for the concert."),
    ("status", "The middle of the square was closed for repairs."),
    ("status", "The player scored twice in the second half."),
    # other senses the revision narrowed
    ("economy_energy", "Police opened an investigation into the fire."),
    ("economy_energy", "A gas leak caused the explosion."),
    ("security", "He was charged with domestic violence."),
    ("diplomacy", "The board meeting ran late into the evening."),
    ("kinship_identity", "His brother works as a teacher in the capital."),
    ("kinship_identity", "Religious leaders called for calm after the storm."),
    ("connectivity", "The plane came down near the international airport."),
]
GENERIC_MUST = [
    ("conflict", "The two sides traded accusations over the disputed border."),
    ("conflict", "Critics condemned the decision."),
    ("economic_consequences", "The delays will cost the economy billions."),
    ("human_interest", "Families who lost their homes are still living in tents."),
    ("morality", "Leaders have a moral duty to protect civilians."),
    ("responsibility", "The government is responsible for the delays."),
    ("conflict", "Thousands of protesters marched against the new law."),
    ("conflict", "The senator denied the allegations."),
    ("responsibility", "Prosecutors opened an investigation into the company."),
    ("human_interest", "My son was eight when we left our village."),
    ("morality", "She was banned for refusing to wear a hijab."),
    ("economic_consequences", "The factory closure will cost hundreds of jobs and millions in lost wages."),
]
GENERIC_MUST_NOT = [
    ("conflict", "The weather was mild and sunny."),
    ("economic_consequences", "The choir sang in the cathedral."),
    ("human_interest", "The committee approved the agenda."),
    ("morality", "The train left on time."),
    ("responsibility", "The film premiered in Cannes."),
    ("human_interest", "Three soldiers were killed and five injured in the blast."),
    ("morality", "The Department of Justice opened a case."),
    ("morality", "The Islamic Republic announced new elections."),
]
POLICY_MUST = [
    ("legality_constitutionality", "The court ruled the law unconstitutional."),
    ("health_safety", "Hospitals struggled during the pandemic."),
    ("public_opinion", "A new poll shows rising public support."),
    ("crime_punishment", "Police arrested three smugglers."),
    ("cultural_identity", "The ministry funds projects on national identity and heritage."),
]
POLICY_MUST_NOT = [
    ("public_opinion", "Air pollution worsened in the capital."),
    ("crime_punishment", "The policy was debated at length."),
    ("health_safety", "The train left on time."),
]


@pytest.mark.parametrize(("frame", "sentence"), MUST)
def test_eurasia_frame_matches(frame, sentence):
    assert frame in frames_in(sentence, "eurasia")


@pytest.mark.parametrize(("frame", "sentence"), MUST_NOT)
def test_eurasia_frame_does_not_match(frame, sentence):
    assert frame not in frames_in(sentence, "eurasia")


def test_every_eurasia_frame_has_three_musts_and_two_must_nots():
    musts = pd.Series([f for f, _ in MUST]).value_counts()
    must_nots = pd.Series([f for f, _ in MUST_NOT]).value_counts()
    assert (musts.reindex(EURASIA_FRAMES, fill_value=0) >= 3).all()
    assert (must_nots.reindex(EURASIA_FRAMES, fill_value=0) >= 2).all()


@pytest.mark.parametrize(("frame", "sentence"), GENERIC_MUST)
def test_generic_frame_matches(frame, sentence):
    assert frame in frames_in(sentence, "generic")


@pytest.mark.parametrize(("frame", "sentence"), GENERIC_MUST_NOT)
def test_generic_frame_does_not_match(frame, sentence):
    assert frame not in frames_in(sentence, "generic")


@pytest.mark.parametrize(("frame", "sentence"), POLICY_MUST)
def test_policy_frame_matches(frame, sentence):
    assert frame in frames_in(sentence, "policy")


@pytest.mark.parametrize(("frame", "sentence"), POLICY_MUST_NOT)
def test_policy_frame_does_not_match(frame, sentence):
    assert frame not in frames_in(sentence, "policy")


def test_no_eurasia_pattern_is_a_bare_ambiguous_word():
    patterns = set(load_dictionary("eurasia")["pattern"].str.lower())
    assert not patterns & {"state", "states", "power", "powers", "bridge", "role", "import*", "port*", "transit*"}


def test_seeds_every_eurasia_frame_fires_and_none_on_more_than_60_percent(seeds):
    docs, sentences, tokens = seeds
    hits = match_frames(tokens, load_dictionary("eurasia"), docs=docs)
    share = hits.drop_duplicates(["doc_id", "sent_id", "frame"]).groupby("frame").size() / len(sentences)
    share = share.reindex(EURASIA_FRAMES, fill_value=0.0)
    # Measured on the seeds (213 sentences) with the dictionaries before their revision on the coded set: diplomacy 0.42, status 0.19,
    # connectivity 0.17, economy_energy 0.17, security 0.15,
    # kinship_identity 0.11, great_powers 0.07, sovereignty 0.06.
    assert (share > 0).all(), share.to_dict()
    assert (share <= 0.6).all(), share.to_dict()


# -- loading dictionaries --------------------------------------------------


def test_liwc_dictionary_matches_like_any_other():
    hits = matched(one_doc("Exports along the trade route grew."), load_dictionary(FIXTURES / "small.dic"))
    assert list(zip(hits["frame"], hits["matched"])) == [("trade", "Exports"), ("trade", "trade route"), ("transport", "trade route")]


# -- matching --------------------------------------------------------------


def hits_of(text: str, dictionary) -> list[tuple[str, str, str]]:
    hits = matched(one_doc(text), dictionary)
    return list(zip(hits["frame"], hits["pattern"], hits["matched"]))


@pytest.mark.parametrize(
    ("text", "dictionary", "expected"),
    [
        # case-insensitive both ways
        ("THE MIDDLE CORRIDOR", {"c": ["middle corridor"]}, [("c", "middle corridor", "MIDDLE CORRIDOR")]),
        ("the middle corridor", {"c": ["Middle Corridor"]}, [("c", "Middle Corridor", "middle corridor")]),
        # word boundaries: "port" is not inside "support", "important" or "report"
        ("Support is important; the report named the port.", {"c": ["port"]}, [("c", "port", "port")]),
        # longest match wins within a frame, and the shorter patterns inside it do not count again
        ("the middle corridor route", {"c": ["corridor", "middle corridor", "middle corridor route"]}, [("c", "middle corridor route", "middle corridor route")]),
        # overlapping patterns of one frame: leftmost match first, no double count
        ("energy security council", {"s": ["energy security", "security council"]}, [("s", "energy security", "energy security")]),
        # the same span counts for two different frames
        ("energy security", {"e": ["energy security"], "s": ["security"]}, [("e", "energy security", "energy security"), ("s", "security", "security")]),
        # globs: * inside a word, ? for one character, a lone * for any one word
        ("Sanctioned firms face sanctions.", {"g": ["sanction*"]}, [("g", "sanction*", "Sanctioned"), ("g", "sanction*", "sanctions")]),
        ("organisation and organization", {"o": ["organi?ation"]}, [("o", "organi?ation", "organisation"), ("o", "organi?ation", "organization")]),
        ("It punches above its weight.", {"s": ["punch* above * weight"]}, [("s", "punch* above * weight", "punches above its weight")]),
        # an exact pattern is preferred to a glob over the same span
        ("the port", {"c": ["po*", "port"]}, [("c", "port", "port")]),
        # multiword patterns across a curly apostrophe, written either way
        ("Central Asia’s voice grows.", {"s": ["asia's voice"]}, [("s", "asia's voice", "Asia’s voice")]),
        ("Central Asia's voice grows.", {"s": ["asia’s voice"]}, [("s", "asia’s voice", "Asia's voice")]),
        # hyphenated compounds are one word
        ("a multi-vector policy", {"g": ["multi-vector"], "h": ["vector"]}, [("g", "multi-vector", "multi-vector")]),
        # a match never crosses a sentence boundary
        ("We sell oil. Gas comes next.", {"e": ["oil gas"]}, []),
    ],
)
def test_matching_rules(text, dictionary, expected):
    assert hits_of(text, dictionary) == expected


def test_match_frames_output_columns_types_and_offsets():
    docs = one_doc("Trade rose.\nThe  Middle Corridor grew.")
    hits = matched(docs, {"c": ["middle corridor"], "e": ["trade"]})
    expected = pd.DataFrame(
        {"doc_id": ["d", "d"], "sent_id": [0, 1], "frame": ["e", "c"], "pattern": ["trade", "middle corridor"],
         "matched": ["Trade", "Middle Corridor"], "start": [0, 17], "end": [5, 32]}
    ).astype({"doc_id": "string", "frame": "string", "pattern": "string", "matched": "string"})
    assert_frame_equal(hits, expected)


def test_matching_inside_tokens_joined_as_phrases():
    docs = one_doc("The Middle Corridor grew.")
    tokens = analysis.tokenize(analysis.split_sentences(docs), phrases=["middle corridor"])
    hits = match_frames(tokens, {"c": ["corridor"], "m": ["middle corridor"]})
    assert list(zip(hits["frame"], hits["matched"], hits["start"], hits["end"])) == [("m", "Middle Corridor", 4, 19), ("c", "Corridor", 11, 19)]


@pytest.mark.parametrize("given", ["tokens", "tokens+docs"])
def test_offsets_give_back_the_matched_text_on_the_seeds(seeds, given):
    docs, sentences, tokens = seeds
    dictionary = load_dictionary("eurasia")
    if given == "tokens":
        hits = match_frames(tokens, dictionary)
    else:
        hits = match_frames(tokens, dictionary, docs=docs)
    texts = dict(zip(docs["doc_id"], docs["text"]))
    assert len(hits) > 100
    assert all(texts[d][s:e] == m for d, s, e, m in zip(hits["doc_id"], hits["start"], hits["end"], hits["matched"]))


def test_documents_or_sentences_are_refused_with_the_steps_to_take(seeds):
    docs, sentences, _ = seeds
    dictionary = load_dictionary("generic")
    with pytest.raises(ValueError, match=r"match_frames: tokens needs a tokens table .*got a documents table .*run analysis.split_sentences, then analysis.tokenize"):
        match_frames(docs, dictionary)
    with pytest.raises(ValueError, match=r"got a sentences table .*run analysis.tokenize on it first"):
        match_frames(sentences, dictionary)


def test_match_frames_does_not_mutate_its_inputs(seeds):
    _, _, tokens = seeds
    dictionary = load_dictionary("eurasia")
    before_tokens, before_dict = tokens.copy(), dictionary.copy()
    match_frames(tokens, dictionary)
    assert_frame_equal(tokens, before_tokens)
    assert_frame_equal(dictionary, before_dict)


def test_matching_is_linear_not_tokens_times_patterns():
    # 4,000 glob patterns and 40,000 tokens: a tokens x patterns loop would
    # run 160 million glob tests (minutes); the trie looks up a few prefixes per token.
    dictionary = {"f": [f"w{i}x*" for i in range(4000)] + [f"w{i} w{i + 1}" for i in range(4000)]}
    text = " ".join(f"w{i % 5000}x{i}" if i % 2 else f"w{i % 5000}" for i in range(40000))
    tokens = pd.DataFrame({"doc_id": "d", "sent_id": 0, "token_id": range(40000), "norm": text.split()})
    tokens["start"] = np.cumsum([0] + [len(w) + 1 for w in tokens["norm"][:-1]])
    tokens["end"] = tokens["start"] + tokens["norm"].str.len()
    began = time.perf_counter()
    hits = match_frames(tokens, dictionary)
    assert time.perf_counter() - began < 10
    assert len(hits) == 16000  # odd tokens w{k}x.. with k < 4000 match a glob: k = i % 5000 < 4000 for 16,000 odd i


TOKENS_A = analysis.tokenize(analysis.split_sentences(pd.DataFrame({"doc_id": ["d"], "text": ["a"]})))


@pytest.mark.parametrize(
    ("frame", "dictionary", "error", "message"),
    [
        (pd.DataFrame({"x": [1]}), {"a": ["b"]}, ValueError, r"match_frames: tokens needs column\(s\) \['doc_id', 'sent_id', 'start', 'end', 'norm'\]; the frame has \['x'\]"),
        (TOKENS_A, pd.DataFrame({"frame": ["a"]}), ValueError, r"dictionary needs column\(s\) \['pattern'\]"),
        (TOKENS_A, ["a"], TypeError, "dictionary must be a frame"),
    ],
)
def test_match_frames_validates_its_inputs(frame, dictionary, error, message):
    with pytest.raises(error, match=message):
        match_frames(frame, dictionary)


# -- measures --------------------------------------------------------------


@pytest.fixture
def toy():
    """Two documents; d1 has 4 sentences and 10 words, d2 has 2 sentences and 5 words."""
    hits = pd.DataFrame(
        {
            "doc_id": ["d1", "d1", "d1", "d1", "d1", "d2"],
            "sent_id": [0, 0, 0, 1, 2, 0],
            "frame": ["security", "security", "diplomacy", "diplomacy", "status", "security"],
            "start": [0, 10, 20, 40, 60, 0],
            "end": [5, 15, 25, 45, 65, 5],
        }
    )
    sentences = pd.DataFrame({"doc_id": ["d1"] * 4 + ["d2"] * 2, "sent_id": [0, 1, 2, 3, 0, 1]})
    tokens = pd.DataFrame({"doc_id": ["d1"] * 12 + ["d2"] * 6, "is_punct": [False] * 10 + [True] * 2 + [False] * 5 + [True]})
    scores = pd.DataFrame({"doc_id": ["d1"] * 4 + ["d2"] * 2, "sent_id": [0, 1, 2, 3, 0, 1], "compound": [0.5, -0.5, 0.2, 0.9, -0.4, 0.0]})
    mentions = pd.DataFrame(
        {"doc_id": ["d1", "d1", "d1", "d1", "d2", "d2"], "sent_id": [0, 0, 1, 3, 0, 0],
         "actor": ["azerbaijan", "russia", "azerbaijan", "azerbaijan", "azerbaijan", "azerbaijan"]}
    )
    return hits, sentences, tokens, scores, mentions


def test_frame_salience_by_hand(toy):
    hits, sentences, tokens, _, _ = toy
    out = frame_salience(hits, sentences, tokens, frames=["diplomacy", "security", "status"])
    expected = pd.DataFrame(
        {
            "doc_id": ["d1", "d1", "d1", "d2", "d2", "d2"],
            "frame": ["diplomacy", "security", "status"] * 2,
            "hits": [2, 2, 1, 0, 1, 0],
            "n_words": [10, 10, 10, 5, 5, 5],
            "hits_per_1k": [200.0, 200.0, 100.0, 0.0, 200.0, 0.0],
            "n_frame_sentences": [2, 1, 1, 0, 1, 0],
            "n_sentences": [4, 4, 4, 2, 2, 2],
            "sentence_share": [0.5, 0.25, 0.25, 0.0, 0.5, 0.0],
        }
    ).astype({"doc_id": "string", "frame": "string"})
    assert_frame_equal(out, expected)


def test_frame_salience_keeps_documents_without_hits(toy):
    hits, sentences, tokens, _, _ = toy
    sentences = pd.concat([sentences, pd.DataFrame({"doc_id": ["d3"], "sent_id": [0]})])
    out = frame_salience(hits, sentences, tokens)
    row = out.query("doc_id == 'd3'")
    assert len(row) == 3 and (row["hits"] == 0).all() and row["hits_per_1k"].isna().all()  # d3 has no tokens: rate undefined


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        # by sentences: d1 diplomacy 2 of 4 frame-sentences; d2 security 1 of 1
        ("sentences", [("d1", "diplomacy", 2, 2, 0.5, 1), ("d2", "security", 1, 1, 1.0, 1)]),
        # by hits: d1 diplomacy and security tie at 2 hits; diplomacy has more sentences; share 2/5
        ("hits", [("d1", "diplomacy", 2, 2, 0.4, 2), ("d2", "security", 1, 1, 1.0, 1)]),
    ],
)
def test_dominant_frames_by_hand(toy, by, expected):
    out = dominant_frames(toy[0], by=by)
    assert list(out.itertuples(index=False, name=None)) == expected


def test_frame_diversity_by_hand(toy):
    hits = toy[0]
    # d1: diplomacy 2, security 2, status 1 -> p = .4, .4, .2
    h = -(2 * 0.4 * math.log2(0.4) + 0.2 * math.log2(0.2))  # 1.5219 bits
    out = frame_diversity(hits, frames=["diplomacy", "security", "status", "connectivity"])
    expected = pd.DataFrame(
        {"doc_id": ["d1", "d2"], "hits": [5, 1], "n_frames": [3, 1], "entropy": [h, 0.0], "entropy_norm": [h / 2.0, 0.0]}
    ).astype({"doc_id": "string"})
    assert_frame_equal(out, expected)
    observed = frame_diversity(hits)
    assert observed.loc[0, "entropy_norm"] == pytest.approx(h / math.log2(3))
    assert math.isnan(observed.loc[1, "entropy_norm"])  # one frame used, K = 1


def test_frame_cooccurrence_by_hand(toy):
    # sentences: d1/0 {diplomacy, security}, d1/1 {diplomacy}, d1/2 {status}, d2/0 {security}
    expected = pd.DataFrame(
        {"frame_a": ["diplomacy", "diplomacy", "security"], "frame_b": ["security", "status", "status"],
         "n_both": [1, 0, 0], "n_a": [2, 2, 2], "n_b": [2, 1, 1], "jaccard": [1 / 3, 0.0, 0.0]}
    ).astype({"frame_a": "string", "frame_b": "string"})
    assert_frame_equal(frame_cooccurrence(toy[0]), expected)


def test_frame_sentiment_by_hand(toy):
    hits, _, _, scores, _ = toy
    # diplomacy: d1/0 .5, d1/1 -.5; security: d1/0 .5, d2/0 -.4; status: d1/2 .2
    expected = pd.DataFrame(
        {"frame": ["diplomacy", "security", "status"], "n_sentences": [2, 2, 1], "mean_compound": [0.0, 0.05, 0.2],
         "sd_compound": [math.sqrt(0.5), 0.45 * math.sqrt(2), float("nan")]}
    ).astype({"frame": "string"})
    assert_frame_equal(frame_sentiment(hits, scores), expected)
    by_doc = frame_sentiment(hits, scores, by="document")
    assert list(by_doc.columns) == ["doc_id", *framing.SENTIMENT_COLUMNS]
    assert list(zip(by_doc["doc_id"], by_doc["frame"], by_doc["mean_compound"])) == [
        ("d1", "diplomacy", 0.0), ("d1", "security", 0.5), ("d1", "status", 0.2), ("d2", "security", -0.4)
    ]


def test_frame_actors_by_hand(toy):
    hits, _, _, _, mentions = toy
    # azerbaijan in 4 sentences (d1/0, d1/1, d1/3, d2/0), russia in 1 (d1/0)
    expected = pd.DataFrame(
        {"frame": ["diplomacy", "diplomacy", "security", "security"], "actor": ["azerbaijan", "russia", "azerbaijan", "russia"],
         "n_sentences": [2, 1, 2, 1], "n_frame_sentences": [2, 2, 2, 2], "n_actor_sentences": [4, 1, 4, 1],
         "share_of_frame": [1.0, 0.5, 1.0, 0.5]}
    ).astype({"frame": "string", "actor": "string"})
    assert_frame_equal(frame_actors(hits, mentions), expected)


def test_frame_evidence_lines():
    docs = one_doc("Trade grew fast.\nThe  port of Alat opened.")
    hits = matched(docs, {"c": ["port"], "e": ["trade"]})
    out = frame_evidence(hits, docs, window=10)
    assert list(out.columns) == framing.EVIDENCE_COLUMNS
    assert out[["frame", "left", "matched", "right"]].values.tolist() == [
        ["c", "ast. The ", "port", " of Alat o"],
        ["e", "", "Trade", " grew fast"],
    ]
    assert frame_evidence(hits, docs, n=1)["frame"].tolist() == ["c", "e"]


def test_frame_evidence_needs_only_the_texts_of_the_hits_it_shows():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["The port opened.", "A port and a corridor."]})
    hits = framing.match_frames(analysis.tokenize(analysis.split_sentences(docs)), pd.DataFrame({"frame": ["c"], "pattern": ["port"]}), docs=docs)
    shown = framing.select_evidence(hits, n=1)
    assert shown["doc_id"].tolist() == ["a"]
    assert_frame_equal(frame_evidence(shown, docs.iloc[:1], n=1), frame_evidence(hits, docs, n=1))
    with pytest.raises(ValueError, match=r"hits name documents \['b'\] that docs does not have"):
        frame_evidence(hits, docs.iloc[:1])


@pytest.mark.parametrize(("window", "n", "message"), [(-1, None, "window must be"), (5, 0, "n must be None")])
def test_frame_evidence_validates(window, n, message):
    with pytest.raises(ValueError, match=message):
        frame_evidence(pd.DataFrame(columns=framing.HIT_COLUMNS), one_doc("x"), window=window, n=n)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: dominant_frames(pd.DataFrame(columns=["doc_id", "sent_id", "frame"]), by="words"), r"by must be one of \['sentences', 'hits'\]; got 'words'"),
        (lambda: frame_sentiment(pd.DataFrame(columns=["doc_id", "sent_id", "frame"]), pd.DataFrame(columns=["doc_id", "sent_id"])), r"needs column\(s\) \['compound'\]"),
        (lambda: frame_salience(pd.DataFrame(columns=["doc_id", "sent_id", "frame"]), pd.DataFrame(columns=["doc_id", "sent_id"]), pd.DataFrame(columns=["doc_id", "is_punct"]), frames="security"), "not the string 'security'"),
    ],
)
def test_measures_validate_their_inputs(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


# -- validation helpers ----------------------------------------------------


def test_unnest_frames():
    coded = pd.DataFrame({"doc_id": ["d", "d", "d"], "sent_id": [0, 1, 2], "frames": ["a; b;a", None, " c "]})
    expected = pd.DataFrame({"doc_id": ["d", "d", "d"], "sent_id": [0, 0, 2], "frame": ["a", "b", "c"]}).astype({"doc_id": "string", "frame": "string"})
    assert_frame_equal(unnest_frames(coded), expected)


def labels(rows):
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "frame"])


GOLD = labels([("d", 0, "a"), ("d", 0, "b"), ("d", 1, "a"), ("d", 3, "b")])
PREDICTED = labels([("d", 0, "a"), ("d", 0, "a"), ("d", 1, "a"), ("d", 1, "b"), ("d", 2, "b"), ("d", 4, "a")])
CODED = pd.DataFrame({"doc_id": "d", "sent_id": [0, 1, 2, 3]})


def test_evaluate_frames_on_the_coded_sentences_by_hand():
    # a: predicted {0, 1}, gold {0, 1} -> tp 2; b: predicted {1, 2}, gold {0, 3} -> fp 2, fn 2
    out = evaluate_frames(PREDICTED, GOLD, sentences=CODED)
    expected = pd.DataFrame(
        {"frame": ["a", "b", "micro avg", "macro avg"], "tp": [2, 0, 2, 2], "fp": [0, 2, 2, 2], "fn": [0, 2, 2, 2],
         "precision": [1.0, 0.0, 0.5, 0.5], "recall": [1.0, 0.0, 0.5, 0.5], "f1": [1.0, 0.0, 0.5, 0.5]}
    ).astype({"frame": "string"})
    assert_frame_equal(out, expected)


def test_evaluate_frames_counts_uncoded_sentences_without_a_sentence_list():
    out = evaluate_frames(PREDICTED, GOLD).set_index("frame")
    # sentence 4 is now a false positive for a: P = 2/3, F1 = 4/5; micro tp 2 fp 3 fn 2 -> F1 = 4/9
    assert out.loc["a", ["tp", "fp", "fn"]].tolist() == [2, 1, 0]
    assert out.loc["a", "f1"] == pytest.approx(0.8)
    assert out.loc["micro avg", "f1"] == pytest.approx(4 / 9)


def test_evaluate_frames_with_a_frame_list_keeps_frames_nobody_used():
    out = evaluate_frames(PREDICTED, GOLD, sentences=CODED, frames=["a", "z"]).set_index("frame")
    assert out.loc["z", ["tp", "fp", "fn"]].tolist() == [0, 0, 0]
    assert out.loc["z", ["precision", "recall", "f1"]].isna().all()
    assert out.loc["macro avg", "f1"] == 1.0  # undefined frames are left out of the macro mean


def coding_table(rows: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [(unit, coder, value) for coder, row in rows.items() for unit, value in enumerate(row.split()) if value != "."],
        columns=["unit", "coder", "value"],
    )


# Krippendorff (2011), example C: 4 coders, 12 units, missing data.
EXAMPLE_C = coding_table(
    {"A": "1 2 3 3 2 1 4 1 2 . . .", "B": "1 2 3 3 2 2 4 1 2 5 . 3", "C": ". 3 3 3 2 3 4 2 2 5 1 .", "D": "1 2 3 3 2 4 4 1 2 5 1 ."}
)


@pytest.mark.parametrize(
    ("codings", "level", "expected"),
    [
        (EXAMPLE_C, "nominal", 0.743),
        (EXAMPLE_C, "interval", 0.849),
        # example A: binary, 2 coders, 10 units: 1 - (20 - 1) * 4 / (14 * 6) = 0.095
        (coding_table({"A": "0 1 0 0 0 0 0 0 1 0", "B": "1 1 1 0 0 1 0 0 0 0"}), "nominal", 0.095),
        # example B: nominal, 2 coders, 12 units, letters as categories
        (coding_table({"A": "a a b b d c c c e d d a", "B": "b a b b b c c c e d d d"}), "nominal", 0.692),
    ],
)
def test_krippendorff_alpha_published_examples(codings, level, expected):
    assert krippendorff_alpha(codings, level=level) == pytest.approx(expected, abs=5e-4)


def test_krippendorff_alpha_example_a_by_hand():
    codings = coding_table({"A": "0 1 0 0 0 0 0 0 1 0", "B": "1 1 1 0 0 1 0 0 0 0"})
    assert krippendorff_alpha(codings) == pytest.approx(1 - 19 * 4 / (14 * 6))


def test_krippendorff_alpha_does_not_depend_on_row_order_or_value_labels():
    shuffled = EXAMPLE_C.sample(frac=1, random_state=3)
    assert shuffled["value"].isin(["1", "2", "3", "4", "5"]).all()
    relabelled = shuffled.assign(value=shuffled["value"].map({"1": "one", "2": "two", "3": "three", "4": "four", "5": "five"}))
    assert krippendorff_alpha(relabelled) == pytest.approx(krippendorff_alpha(EXAMPLE_C))


@pytest.mark.parametrize(
    ("codings", "level", "message"),
    [
        (pd.DataFrame({"unit": [1, 1], "coder": ["a", "a"], "value": [1, 2]}), "nominal", "coder 'a' gives unit 1 more than one value"),
        (pd.DataFrame({"unit": [1, 1], "coder": ["a", "b"], "value": ["x", "y"]}), "interval", "level 'interval' needs numeric values; got 'x'"),
        (pd.DataFrame({"unit": [1], "coder": ["a"], "value": [1]}), "cardinal", r"level must be one of \['nominal'"),
        (pd.DataFrame({"unit": [1]}), "nominal", r"needs column\(s\) \['coder', 'value'\]"),
    ],
)
def test_krippendorff_alpha_validates(codings, level, message):
    with pytest.raises(ValueError, match=message):
        krippendorff_alpha(codings, level=level)


def test_krippendorff_alpha_without_variation_is_nan():
    assert math.isnan(krippendorff_alpha(pd.DataFrame({"unit": [1, 2], "coder": ["a", "b"], "value": [1, 1]})))


def test_frame_alpha_binary_per_frame():
    sentences = pd.DataFrame({"doc_id": "d", "sent_id": range(10)})
    # frame a is example A of Krippendorff (2011); frame b: both coders code sentence 3 only -> perfect agreement
    codings = pd.DataFrame(
        {"doc_id": "d", "sent_id": [1, 8, 0, 1, 2, 5, 3, 3, 11], "frame": list("aaaaaabbb"), "coder": list("AABBBBABA")}
    )
    out = frame_alpha(codings, sentences, frames=["a", "b", "c"])
    assert out["frame"].tolist() == ["a", "b", "c"]
    assert out["alpha"].iloc[0] == pytest.approx(1 - 19 * 4 / (14 * 6))
    assert out["alpha"].iloc[1] == pytest.approx(1.0)
    assert math.isnan(out["alpha"].iloc[2])  # nobody codes c: no variation
    assert out["n_present"].tolist() == [6, 2, 0]  # sentence 11 is not among the coded sentences
    assert (out["n_units"] == 10).all() and (out["n_coders"] == 2).all()


# -- validation against the hand-coded development set ---------------------

#: Micro-F1 floors on the gold set frames_dev (analysis/data/gold/frames_dev.csv), a little below the values
#: measured once the dictionaries were frozen (eurasia 0.811, generic 0.530).
#: The seed sentences were read (not copied) while the dictionaries were
#: written, so these are optimistic development figures, not held-out ones.
DEV_MICRO_F1_FLOOR = {"eurasia": 0.78, "generic": 0.48}


@pytest.mark.parametrize("scheme", ["eurasia", "generic"])
def test_dictionary_against_hand_coded_sentences(seeds, scheme):
    docs, sentences, tokens = seeds
    coded = read_gold_set("frames_dev")
    column = scheme
    # Align the coded sentences with ours by their offsets, not by sent_id alone.
    aligned = coded.drop(columns=["sent_id"]).merge(sentences[["doc_id", "sent_id", "start", "end"]], on=["doc_id", "start", "end"])
    assert len(aligned) >= 0.9 * len(coded), "the coded sentences no longer line up with split_sentences"
    gold = unnest_frames(aligned, column=column)
    frames = describe_frames(scheme)["frame"].tolist()
    hits = match_frames(tokens, load_dictionary(scheme), docs=docs)
    scores = evaluate_frames(hits, gold, sentences=aligned, frames=frames).set_index("frame")
    assert scores.loc["micro avg", "f1"] > DEV_MICRO_F1_FLOOR[scheme], scores


def test_the_order_of_the_token_rows_does_not_change_the_hits(seeds):
    # Hits come in reading order (doc_id, sent_id, start) whatever order the token rows come in.
    docs, _, tokens = seeds
    dictionary = load_dictionary("eurasia")
    expected = match_frames(tokens, dictionary, docs=docs)
    shuffled = tokens.sample(frac=1, random_state=7)
    assert_frame_equal(match_frames(shuffled, dictionary, docs=docs), expected)
    assert_frame_equal(match_frames(shuffled.reset_index(drop=True), dictionary), match_frames(tokens, dictionary))


def test_phrase_tokens_split_back_in_any_row_order():
    docs = pd.DataFrame({"doc_id": ["b", "a"], "text": ["Trade on the Middle  Corridor grew.", "The middle corridor; trade."]})
    tokens = analysis.tokenize(analysis.split_sentences(docs), phrases=["middle corridor"])
    dictionary = {"c": ["corridor"], "e": ["trade"], "m": ["middle corridor"]}
    hits = match_frames(tokens.iloc[::-1], dictionary)
    assert list(zip(hits["doc_id"], hits["frame"], hits["matched"])) == [
        ("a", "m", "middle corridor"), ("a", "c", "corridor"), ("a", "e", "trade"),
        ("b", "e", "Trade"), ("b", "m", "Middle  Corridor"), ("b", "c", "Corridor"),
    ]


@pytest.mark.parametrize("column", ["norm", "token"])
def test_a_missing_norm_or_token_is_named(column):
    tokens = analysis.tokenize(analysis.split_sentences(one_doc("Trade grew.")))
    tokens[column] = tokens[column].mask(tokens.index == 1)
    with pytest.raises(ValueError, match=rf"match_frames: tokens\.{column} is missing at row 1; every token needs one"):
        match_frames(tokens, {"e": ["trade"]})
