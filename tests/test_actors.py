"""Tests for analysis.actors: gazetteer, mentions, co-mention edges, characterisations, summary.

Expected offsets were counted by hand from the texts written here (comments show the count).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from analysis import load_corpus, split_sentences, tokenize
from analysis.lexicons import load_gazetteer
from analysis.actors import (
    CHARACTERIZATION_COLUMNS,
    EDGE_COLUMNS,
    MENTION_COLUMNS,
    SUMMARY_COLUMNS,
    actor_edges,
    actor_summary,
    characterize_actors,
    find_actors,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
HEADER = "actor,label,kind,state,form,alias\n"


def docs_of(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts)})


def tokens_of(docs: pd.DataFrame, **options) -> pd.DataFrame:
    return tokenize(split_sentences(docs), **options)


def mentions_in(docs: pd.DataFrame, **options) -> pd.DataFrame:
    """find_actors on the tokens of *docs*, with their text."""
    return find_actors(tokens_of(docs), docs=docs, **options)


def found(text: str, **options) -> list[tuple]:
    mentions = mentions_in(docs_of(text), **options)
    return list(mentions[["actor", "form", "surface", "start", "end"]].itertuples(index=False, name=None))


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    return load_corpus(SEEDS)


@pytest.fixture(scope="module")
def seed_tokens(seeds) -> pd.DataFrame:
    return tokens_of(seeds)


# --------------------------------------------------------------------------- gazetteer


# --------------------------------------------------------------------------- find_actors


def test_an_extended_gazetteer_remaps_an_alias():
    extra = pd.DataFrame(
        {"actor": ["heydar_aliyev"], "label": ["Heydar Aliyev"], "kind": ["leader"],
         "state": ["azerbaijan"], "form": ["leader"], "alias": ["Aliyev"]}
    )
    text = "Aliyev spoke."
    assert found(text, gazetteer=load_gazetteer(extend=extra)) == [("heydar_aliyev", "leader", "Aliyev", 0, 6)]
    assert found(text) == [("ilham_aliyev", "leader", "Aliyev", 0, 6)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # metonyms: M0..6 "Moscow"; "Kremlin" starts at 15 ("Moscow and the " is 15 characters)
        ("Moscow and the Kremlin disagree.", [("russia", "capital", "Moscow", 0, 6), ("russia", "capital", "Kremlin", 15, 22)]),
        # demonyms: "A " then Kazakh 2..8; "A Kazakh expert and " is 20 characters
        ("A Kazakh expert and Uzbek officials met.", [("kazakhstan", "demonym", "Kazakh", 2, 8), ("uzbekistan", "demonym", "Uzbek", 20, 25)]),
        # leaders: "Ilham Aliyev" is 12 characters, "Ilham Aliyev met " 17
        ("Ilham Aliyev met Tokayev.", [("ilham_aliyev", "leader", "Ilham Aliyev", 0, 12), ("kassym_jomart_tokayev", "leader", "Tokayev", 17, 24)]),
        # longest match: one mention, not "Tokayev" alone
        ("Kassym-Jomart Tokayev spoke.", [("kassym_jomart_tokayev", "leader", "Kassym-Jomart Tokayev", 0, 21)]),
        # "Organization of Turkic States" (29 characters) beats "Turkic"; "Turkic" alone is the region's adjective
        ("The Organization of Turkic States and Turkic unity.", [("ots", "name", "Organization of Turkic States", 4, 33), ("turkic_world", "demonym", "Turkic", 38, 44)]),
        # possessives, curly and straight: "Azerbaijan’s role and " is 22 characters
        ("Azerbaijan’s role and Azerbaijan's ties.", [("azerbaijan", "name", "Azerbaijan", 0, 10), ("azerbaijan", "name", "Azerbaijan", 22, 32)]),
        # "US" is the United States, "us" is not
        ("The US told us.", [("united_states", "acronym", "US", 4, 6)]),
        # "EU" but not "eu"; Europe is the region, not the Union
        ("The EU, the eu and Europe.", [("eu", "acronym", "EU", 4, 6), ("europe", "name", "Europe", 19, 25)]),
        # the parts of a hyphenated token are words: Russia 0..6, Ukraine 7..14, Azerbaijani 25..36, Kazakh 37..43
        ("Russia-Ukraine talks and Azerbaijani-Kazakh ties.", [("russia", "name", "Russia", 0, 6), ("ukraine", "name", "Ukraine", 7, 14),
                                                              ("azerbaijan", "demonym", "Azerbaijani", 25, 36), ("kazakhstan", "demonym", "Kazakh", 37, 43)]),
        # word boundaries: no "Kazakh" inside "Kazakhstani", no "Turkmen" inside "Turkmenbashi"
        ("Kazakhstani firms in Turkmenbashi met Kazakhstan.", [("kazakhstan", "demonym", "Kazakhstani", 0, 11), ("kazakhstan", "name", "Kazakhstan", 38, 48)]),
        # a blocker: the outlet "Caspian Post" is no mention of the Caspian
        ("The Caspian Post reported on the Caspian.", [("caspian", "name", "Caspian", 33, 40)]),
        # a capital after "in" is a place: "Talks were held in Astana, and " is 31 characters
        ("Talks were held in Astana, and Astana agreed.", [("kazakhstan", "capital", "Astana", 31, 37)]),
        # an ALL-CAPS headline still names the states; "AND" is 11..14
        ("AZERBAIJAN AND KAZAKHSTAN SIGN DEAL", [("azerbaijan", "name", "AZERBAIJAN", 0, 10), ("kazakhstan", "name", "KAZAKHSTAN", 15, 25)]),
        # a lower-case alias word matches its capitalised form at the start of a sentence
        ("The West watches.", [("the_west", "name", "The West", 0, 8)]),
        # an abbreviation inside the sentence keeps its dot; at the end the dot is the sentence's
        ("He met the U.S. envoy in the U.S.", [("united_states", "acronym", "U.S.", 11, 15), ("united_states", "acronym", "U.S", 29, 32)]),
        # a one-word mention after a capitalised word is part of a longer name, unless that word is a title
        ("Investigate Hunter Biden at University College London.", []),
        ("Kazakh President Tokayev met President Biden.", [("kazakhstan", "demonym", "Kazakh", 0, 6),
                                                          ("kassym_jomart_tokayev", "leader", "Tokayev", 17, 24),
                                                          ("joe_biden", "leader", "Biden", 39, 44)]),
        # ... but the first word of a sentence is no name: "Today " is 6 characters
        ("Today Azerbaijan votes.", [("azerbaijan", "name", "Azerbaijan", 6, 16)]),
        # the name of an armed group is no mention of the states in it
        ("Fighters of the Islamic State of Iraq and Syria fled to Iraq.", [("iraq", "name", "Iraq", 56, 60)]),
        # nothing to find
        ("Nothing here names a country.", []),
    ],
)
def test_find_actors_hand_computed(text, expected):
    assert found(text) == expected


#: The default gazetteer with two states whose names are also given names.
WITH_JORDAN_AND_CHAD = pd.concat([load_gazetteer("default"), pd.DataFrame(
    [["jordan", "Jordan", "state", "jordan", "name", "Jordan"], ["chad", "Chad", "state", "chad", "name", "Chad"]],
    columns=["actor", "label", "kind", "state", "form", "alias"])], ignore_index=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an institution named after the state (rule 1: a name head follows)
        ("She studied at the Georgia Institute of Technology before joining NASA.", []),
        ("Georgia State University won again.", []),
        # the US state: its document names Atlanta, Savannah, Republicans, Democrats and a runoff (rule 3)
        ("Voters in Georgia went to the polls. Atlanta and Savannah reported long lines; Republicans and Democrats "
         "both claimed the runoff.", []),
        # the country: its document names Tbilisi, Azerbaijan and Russia
        ("Georgia and Azerbaijan met in Tbilisi. Georgia wants a port to rival Russia.",
         [("georgia", "Georgia"), ("azerbaijan", "Azerbaijan"), ("georgia", "Georgia"), ("russia", "Russia")]),
        # a title after the name keeps it ("Georgia President ...")
        ("Georgia President Salome Zourabichvili spoke.", [("georgia", "Georgia")]),
        # given names (rule 2: a capitalised word that is no title follows)
        ("Jordan Peterson said the book would sell. Chad Smith played drums.", []),
        ("Jordan and Israel signed a water deal. Chad sent troops to the Sahel.",
         [("jordan", "Jordan"), ("israel", "Israel"), ("chad", "Chad")]),
        # the bird: the document is about a Thanksgiving dinner
        ("Turkey is the centre of the Thanksgiving dinner; roast it in the oven with stuffing and gravy.", []),
        ("Turkey and Azerbaijan held drills near Ankara.", [("turkey", "Turkey"), ("azerbaijan", "Azerbaijan")]),
    ],
)
def test_names_that_also_name_something_else(text, expected):
    docs = docs_of(text)
    mentions = find_actors(tokens_of(docs), WITH_JORDAN_AND_CHAD, docs=docs)
    assert list(mentions[["actor", "surface"]].itertuples(index=False, name=None)) == expected


def test_the_sense_of_a_name_is_decided_per_document():
    docs = docs_of("Georgia voters in Atlanta and Savannah backed the Republicans in the runoff.",
                   "Georgia and Armenia met in Tbilisi.")
    mentions = find_actors(tokens_of(docs), docs=docs)
    assert mentions[["doc_id", "actor"]].values.tolist() == [["d1", "georgia"], ["d1", "armenia"]]


def test_locations_keep_keeps_the_place():
    text = "Talks were held in Astana, and Astana agreed."
    assert found(text, locations="keep") == [("kazakhstan", "capital", "Astana", 19, 25), ("kazakhstan", "capital", "Astana", 31, 37)]


def test_find_actors_full_frame():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Ilham Aliyev met Tokayev.", "No one. Then the OTS met."]})
    expected = pd.DataFrame(
        {"doc_id": ["a", "a", "b"], "sent_id": [0, 0, 1],
         "actor": ["ilham_aliyev", "kassym_jomart_tokayev", "ots"], "kind": ["leader", "leader", "organisation"],
         "state": ["azerbaijan", "kazakhstan", None], "form": ["leader", "leader", "acronym"],
         "surface": ["Ilham Aliyev", "Tokayev", "OTS"], "start": [0, 17, 17], "end": [12, 24, 20]}
    ).astype({"doc_id": "string", "actor": "string", "kind": "string", "state": "string", "form": "string", "surface": "string"})
    assert_frame_equal(mentions_in(docs), expected)


def test_tokens_with_or_without_docs_agree_and_other_tables_are_refused():
    docs = docs_of("Kassym-Jomart  Tokayev visited Baku.\nThe Kremlin and the   European Union watched.")
    sentences = split_sentences(docs)
    tokens = tokenize(sentences)
    from_docs = find_actors(tokens, docs=docs)
    with pytest.raises(ValueError, match=r"find_actors: tokens needs a tokens table .*got a sentences table .*run analysis.tokenize on it first"):
        find_actors(sentences)
    with pytest.raises(ValueError, match=r"got a documents table .*run analysis.split_sentences, then analysis.tokenize"):
        find_actors(docs)
    # without the documents the text is rebuilt from the tokens: the same here (plain spaces)
    assert_frame_equal(find_actors(tokens), from_docs)
    assert from_docs["surface"].tolist() == ["Kassym-Jomart  Tokayev", "Baku", "Kremlin", "European Union"]


def test_tokens_without_docs_show_spaces_between_tokens():
    docs = docs_of("Kassym-Jomart\u00a0Tokayev spoke.")
    tokens = tokens_of(docs)
    assert find_actors(tokens, docs=docs)["surface"].tolist() == ["Kassym-Jomart\u00a0Tokayev"]
    assert find_actors(tokens)["surface"].tolist() == ["Kassym-Jomart Tokayev"]


def test_tokens_with_joined_phrases():
    docs = docs_of("Central Asia and the South Caucasus met.")
    tokens = tokens_of(docs, phrases=["Central Asia", "South Caucasus"])
    assert find_actors(tokens)[["actor", "surface", "start", "end"]].values.tolist() == [
        ["central_asia", "Central Asia", 0, 12], ["south_caucasus", "South Caucasus", 21, 35]]


def test_custom_gazetteer_path_and_case(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(HEADER + "ulus,Ulus,region,,name,ulus\nusa,US,state,,acronym,US\n", encoding="utf-8")
    # a lower-case alias matches itself, its capitalised and its ALL-CAPS form; an acronym only itself
    got = mentions_in(docs_of("Ulus and ulus, not ULUS; US, not us."), gazetteer=load_gazetteer(path))
    assert got[["actor", "surface", "start"]].values.tolist() == [
        ["ulus", "Ulus", 0], ["ulus", "ulus", 9], ["ulus", "ULUS", 19], ["usa", "US", 25]]


def test_empty_and_bad_input():
    empty = mentions_in(docs_of("No actor."))
    assert list(empty.columns) == MENTION_COLUMNS and empty.empty
    with pytest.raises(ValueError, match=r"find_actors: tokens needs column\(s\) \['sent_id', 'start', 'end', 'token'\]"):
        find_actors(pd.DataFrame({"doc_id": ["a"]}))
    with pytest.raises(ValueError, match=r"locations must be one of \['drop', 'keep'\]; got 'all'"):
        mentions_in(docs_of("Baku."), locations="all")
    with pytest.raises(TypeError, match=r"find_actors: tokens needs a tokens table \(a pandas DataFrame from analysis.tokenize\); got str"):
        find_actors("Baku")
    with pytest.raises(TypeError, match=r"gazetteer must be a table from analysis.lexicons.load_gazetteer .*got str 'default'"):
        find_actors(tokens_of(docs_of("Baku.")), "default")
    with pytest.raises(ValueError, match=r"find_actors: docs needs a documents table .*got a tokens table"):
        find_actors(tokens_of(docs_of("Baku.")), docs=tokens_of(docs_of("Baku.")))


def test_offsets_invariant_on_seeds(seeds, seed_tokens):
    texts = dict(zip(seeds["doc_id"], seeds["text"]))
    mentions = find_actors(seed_tokens, docs=seeds)
    assert len(mentions) > 300
    assert all(texts[r.doc_id][r.start : r.end] == r.surface for r in mentions.itertuples())
    # no two mentions overlap
    for _, group in mentions.groupby("doc_id"):
        assert (group["start"].to_numpy()[1:] >= group["end"].to_numpy()[:-1]).all()
    assert {"azerbaijan", "kazakhstan", "central_asia", "ots", "kassym_jomart_tokayev"} <= set(mentions["actor"])


WORDS = ["Baku", "Astana", "Kassym-Jomart", "Tokayev", "Turkic", "world", "Organization", "of", "States",
         "US", "us", "the", "West", "EU", "in", "Azerbaijan’s", "Russia-Ukraine", "and", ",", "Caspian", "Post"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25), st.sampled_from([" ", "  ", "\u00a0"]))
def test_surfaces_are_text_slices_for_any_text(words, space):
    text = space.join(words) + "."
    mentions = mentions_in(docs_of(text))
    assert all(text[r.start : r.end] == r.surface for r in mentions.itertuples())
    assert (mentions["start"].to_numpy()[1:] >= mentions["end"].to_numpy()[:-1]).all()


# --------------------------------------------------------------------------- edges


def mentions_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "actor", "state"])


def test_actor_edges_hand_computed():
    m = mentions_frame([
        ("a", 0, "azerbaijan", "azerbaijan"), ("a", 0, "kazakhstan", "kazakhstan"),
        ("a", 0, "azerbaijan", "azerbaijan"), ("a", 0, "russia", "russia"),    # az twice: counted once
        ("a", 1, "kazakhstan", "kazakhstan"), ("a", 1, "azerbaijan", "azerbaijan"),
        ("b", 0, "kazakhstan", "kazakhstan"), ("b", 0, "azerbaijan", "azerbaijan"),
        ("b", 1, "russia", "russia"),                                            # alone: no edge
        ("c", 0, "kassym_jomart_tokayev", "kazakhstan"), ("c", 0, "kazakhstan", "kazakhstan"),
        ("c", 0, "central_asia", None),
    ])
    expected = pd.DataFrame(
        [("azerbaijan", "kazakhstan", 3, 2), ("azerbaijan", "russia", 1, 1), ("central_asia", "kassym_jomart_tokayev", 1, 1),
         ("central_asia", "kazakhstan", 1, 1), ("kassym_jomart_tokayev", "kazakhstan", 1, 1), ("kazakhstan", "russia", 1, 1)],
        columns=EDGE_COLUMNS,
    ).astype({"source": "string", "target": "string"})
    assert_frame_equal(actor_edges(m), expected)
    # by state: Tokayev is Kazakhstan, so the Tokayev-Kazakhstan pair vanishes and central_asia-kazakhstan
    # is still one sentence (doc c, sentence 0)
    by_state = pd.DataFrame(
        [("azerbaijan", "kazakhstan", 3, 2), ("azerbaijan", "russia", 1, 1), ("central_asia", "kazakhstan", 1, 1),
         ("kazakhstan", "russia", 1, 1)],
        columns=EDGE_COLUMNS,
    ).astype({"source": "string", "target": "string"})
    assert_frame_equal(actor_edges(m, level="state"), by_state)


def test_actor_edges_match_a_naive_count_on_seeds(seeds, seed_tokens):
    mentions = find_actors(seed_tokens, docs=seeds)
    pairs: dict[tuple[str, str], set] = {}
    for (doc, sent), group in mentions.groupby(["doc_id", "sent_id"]):
        for a, b in itertools.combinations(sorted(set(group["actor"])), 2):
            pairs.setdefault((a, b), set()).add((doc, sent))
    naive = {k: (len(v), len({d for d, _ in v})) for k, v in pairs.items()}
    edges = actor_edges(mentions)
    assert {(r.source, r.target): (r.n_sentences, r.n_docs) for r in edges.itertuples()} == naive
    assert (edges["source"] < edges["target"]).all()


def test_actor_edges_validates():
    empty = actor_edges(mentions_frame([("a", 0, "baku", None)]))
    assert list(empty.columns) == EDGE_COLUMNS and empty.empty
    with pytest.raises(ValueError, match=r"level must be 'actor' or 'state'; got 'leader'"):
        actor_edges(mentions_frame([]), level="leader")
    with pytest.raises(ValueError, match=r"actor_edges needs column\(s\) \['state'\]"):
        actor_edges(pd.DataFrame({"doc_id": [], "sent_id": [], "actor": []}), level="state")


# --------------------------------------------------------------------------- summary


def test_actor_summary_hand_computed():
    m = pd.DataFrame(
        [("a", 0, "azerbaijan", "state", "azerbaijan", "name", "Azerbaijan"),
         ("a", 0, "azerbaijan", "state", "azerbaijan", "capital", "Baku"),
         ("a", 1, "azerbaijan", "state", "azerbaijan", "name", "Azerbaijan"),
         ("b", 0, "azerbaijan", "state", "azerbaijan", "demonym", "Azerbaijani"),
         ("b", 0, "ots", "organisation", None, "acronym", "OTS")],
        columns=["doc_id", "sent_id", "actor", "kind", "state", "form", "surface"],
    )
    expected = pd.DataFrame(
        [("azerbaijan", "state", "azerbaijan", 4, 2, 3, 2, 1, 1, 0, 0, "Azerbaijan (2); Azerbaijani (1); Baku (1)"),
         ("ots", "organisation", None, 1, 1, 1, 0, 0, 0, 0, 1, "OTS (1)")],
        columns=SUMMARY_COLUMNS,
    ).astype({"actor": "string", "kind": "string", "state": "string", "surfaces": "string"})
    assert_frame_equal(actor_summary(m), expected)


# --------------------------------------------------------------------------- characterisations


@pytest.mark.parametrize(
    "text, expected",
    [
        # seed sentences (000, 004), descriptions checked by hand
        ("“Azerbaijan is effectively becoming a middle power and a reliable ally for Astana,” he said.",
         [("azerbaijan", "copula", "is becoming", "a middle power and a reliable ally for Astana")]),
        ("Baku has increasingly become a central transit hub and transportation artery for the Turkic world.",
         [("azerbaijan", "copula", "has become", "a central transit hub")]),
        ("With its experienced and agile military, Azerbaijan has emerged as a key player in the Turkic geopolitical sphere, its significance growing.",
         [("azerbaijan", "copula", "has emerged as", "a key player in the Turkic geopolitical sphere")]),
        ("The pundit explained that while Central Asia offers stability and opportunities for Baku, Azerbaijan could become a crucial strategic asset for Kazakhstan in regional politics.",
         [("azerbaijan", "copula", "could become", "a crucial strategic asset for Kazakhstan in regional politics")]),
        ("President Mirziyoyev has emphasized that Uzbekistan and Azerbaijan are two brotherly nations and states with trust.",
         [("uzbekistan", "copula", "are", "two brotherly nations"), ("azerbaijan", "copula", "are", "two brotherly nations")]),
        ("In recent years, Kazakhstan has positioned itself as a neutral ground for dialogue and mediation.",
         [("kazakhstan", "copula", "has positioned itself as", "a neutral ground for dialogue")]),
        ("Similarly, Azerbaijan is a crucial player in the South Caucasus, an important transit hub.",
         [("azerbaijan", "copula", "is", "a crucial player in the South Caucasus")]),
        ("Established in 2009, the Turkic Council was initially a platform for dialogue and collaboration.",
         [("ots", "copula", "was", "a platform for dialogue")]),
        ("Azerbaijan is one of the closest countries, with relations entering a new stage.",
         [("azerbaijan", "copula", "is", "one of the closest countries")]),
        # appositions
        ("Kazakhstan, the largest economy in the region, signed the deal.",
         [("kazakhstan", "apposition", None, "the largest economy in the region")]),
        ("Talks with Azerbaijan, a reliable partner, went well.",
         [("azerbaijan", "apposition", None, "a reliable partner")]),
        ("Tokayev, the president of Kazakhstan, spoke.",
         [("kassym_jomart_tokayev", "apposition", None, "the president of Kazakhstan")]),
        ("The deal was signed with Azerbaijan, the largest economy of the South Caucasus.",
         [("azerbaijan", "apposition", None, "the largest economy of the South Caucasus")]),
        # negatives: negation, questions, not a clause subject, demonyms, no determiner, lists, fronted adverbials
        ("Azerbaijan is not only a transit country.", []),
        ("It is true that Azerbaijan is not always directly involved in internal issues.", []),
        ("Officials emphasize that Baku is viewed not as an external observer but as part of the region.", []),
        ("Is Azerbaijan a middle power?", []),
        ("Why is Kazakhstan becoming a middle power, and is Baku a hub?", []),
        ("Relations with Kazakhstan are a priority.", []),
        ("Kazakhstan’s economy is a model for the region.", []),
        ("The Kazakh side is a reliable partner.", []),
        ("In other words, Azerbaijan is now considered on par with other middle security actors.", []),
        ("Azerbaijan is key.", []),
        ("Azerbaijan, Kazakhstan, the UAE, and Qatar signed.", []),
        ("Russia, the largest neighbour, and China watched.", []),
        ("In Uzbekistan, the decision was welcomed.", []),
        ("Kazakhstan, the deal was signed.", []),
        ("This could position Azerbaijan as a key player.", []),
        ("Azerbaijan, through its adept diplomacy, presents opportunities.", []),
        ("A stabbing in Paris, France, an IT worker went on a spree.", []),
        ("Azerbaijan is a crucial player in the South Caucasus, an important transit hub.",
         [("azerbaijan", "copula", "is", "a crucial player in the South Caucasus")]),
    ],
)
def test_characterize_actors_hand_checked(text, expected):
    docs = docs_of(text)
    tokens = tokens_of(docs)
    got = characterize_actors(find_actors(tokens, docs=docs), tokens, docs=docs)
    rows = [(r.actor, r.pattern, None if pd.isna(r.verb) else r.verb, r.description) for r in got.itertuples()]
    assert rows == expected


def test_characterize_actors_full_frame_and_inputs():
    docs = docs_of("Yes. Azerbaijan is a bridge to the East. Kazakhstan, a hub, agreed.")
    # "Yes. " is 5 characters; "Azerbaijan is " 14 more, so "a bridge to the East" (20) is 19..39;
    # "." at 39, " " at 40, "Kazakhstan, " 41..53, "a hub" 53..58
    expected = pd.DataFrame(
        {"doc_id": ["d0", "d0"], "sent_id": [1, 2], "actor": ["azerbaijan", "kazakhstan"], "pattern": ["copula", "apposition"],
         "verb": ["is", None], "description": ["a bridge to the East", "a hub"], "start": [19, 53], "end": [39, 58]}
    ).astype({"doc_id": "string", "actor": "string", "pattern": "string", "verb": "string", "description": "string"})
    tokens = tokens_of(docs)
    mentions = find_actors(tokens, docs=docs)
    assert_frame_equal(characterize_actors(mentions, tokens, docs=docs), expected)
    assert_frame_equal(characterize_actors(mentions, tokens), expected)  # the text rebuilt from the tokens: plain spaces here
    with pytest.raises(ValueError, match=r"characterize_actors: tokens needs a tokens table .*got a documents table"):
        characterize_actors(mentions, docs)


def test_characterize_actors_offsets_on_seeds(seeds, seed_tokens):
    mentions = find_actors(seed_tokens, docs=seeds)
    got = characterize_actors(mentions, seed_tokens, docs=seeds)
    texts = dict(zip(seeds["doc_id"], seeds["text"]))
    assert list(got.columns) == CHARACTERIZATION_COLUMNS
    assert len(got) >= 10
    assert all(texts[r.doc_id][r.start : r.end] == r.description for r in got.itertuples())
    assert set(got["pattern"]) <= {"copula", "apposition"}


def test_characterize_actors_validates():
    with pytest.raises(ValueError, match=r"characterize_actors needs column\(s\) \['form'\]"):
        characterize_actors(pd.DataFrame({"doc_id": [], "sent_id": [], "actor": [], "start": [], "end": []}), tokens_of(docs_of("x")))


def test_find_actors_reads_rows_by_position_whatever_the_index(seed_tokens, seeds):
    expected = find_actors(seed_tokens, docs=seeds)
    relabelled = seed_tokens.set_axis(seed_tokens.index[::-1] * 3 + 11)
    assert_frame_equal(find_actors(relabelled, docs=seeds), expected)
    assert_frame_equal(characterize_actors(expected, relabelled, docs=seeds), characterize_actors(expected, seed_tokens, docs=seeds))


def test_a_missing_token_is_named():
    docs = docs_of("Baku and Astana met.")
    tokens = tokens_of(docs)
    tokens["token"] = tokens["token"].mask(tokens.index == 2)
    with pytest.raises(ValueError, match=r"tokens\.token is missing at row 2; every token needs its text"):
        find_actors(tokens, docs=docs)
