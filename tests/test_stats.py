"""Corpus statistics: hand-computed answers, NLTK and scipy as references, validation messages."""

from __future__ import annotations

import math
import random
import statistics

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.stats import (
    TERM_FREQUENCY_COLUMNS,
    COLLOCATION_COLUMNS,
    DISPERSION_COLUMNS,
    KEYNESS_COLUMNS,
    KWIC_COLUMNS,
    LEXICAL_DIVERSITY_COLUMNS,
    NGRAM_COLUMNS,
    POSITION_COLUMNS,
    collocations,
    dispersion,
    keyness,
    keyness_from_counts,
    kwic,
    lexical_diversity,
    locate_terms,
    ngrams,
    summarize_documents,
    term_frequencies,
)
from analysis.tokens import split_sentences, tokenize

PUNCT = {".", ",", "?", "!", ";", ":"}


def make_tokens(docs: dict[str, str], stopwords: frozenset[str] = frozenset({"the", "is", "a", "of"})) -> pd.DataFrame:
    """A token table by hand: documents are sentences separated by ' | ', words by spaces."""
    rows = []
    for doc_id, text in docs.items():
        token_id = 0
        offset = 0
        for sent_id, sentence in enumerate(text.split(" | ")):
            for word in sentence.split():
                rows.append((doc_id, sent_id, token_id, offset, offset + len(word), word, word.lower(),
                             word.lower() in stopwords, word in PUNCT, word.isalpha()))
                token_id += 1
                offset += len(word) + 1
    columns = ["doc_id", "sent_id", "token_id", "start", "end", "token", "norm", "is_stop", "is_punct", "is_alpha"]
    return pd.DataFrame(rows, columns=columns)


# --- term_frequencies and summarize_documents ---------------------------------------------------


def test_term_frequencies_counts_tokens_and_documents():
    tokens = make_tokens({"a": "Baku and the Baku port .", "b": "the port of Baku 2024"})
    # baku: 2 in a + 1 in b = 3 (2 docs); port: 1 + 1 = 2 (2 docs); and: 1 (1 doc); "2024" has no letter.
    expected = pd.DataFrame({"term": ["baku", "port", "and"], "n": [3, 2, 1], "n_docs": [2, 2, 1]}).astype(
        {"term": "string", "n": "int64", "n_docs": "int64"})
    assert_frame_equal(term_frequencies(tokens), expected)


def test_term_frequencies_keeps_stopwords_and_punctuation_on_request():
    tokens = make_tokens({"a": "the the .", "b": "the"})
    out = term_frequencies(tokens, words_only=False, drop_stopwords=False)
    assert list(out["term"]) == ["the", "."]
    assert list(out["n"]) == [3, 1]
    assert list(out["n_docs"]) == [2, 1]


def test_summarize_documents_by_hand():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "n_removed": [2, None, 0]})
    sentences = pd.DataFrame({"doc_id": ["a", "a", "b"]})
    tokens = make_tokens({"a": "Hi . | Bye !", "b": "One"})
    expected = pd.DataFrame({"doc_id": ["a", "b", "c"], "n_sentences": [2, 1, 0], "n_tokens": [4, 1, 0],
                             "n_words": [2, 1, 0], "n_removed": [2, 0, 0]}).astype(
        {"n_sentences": "int64", "n_tokens": "int64", "n_words": "int64", "n_removed": "int64"})
    assert_frame_equal(summarize_documents(docs, sentences, tokens), expected)


def test_summarize_documents_without_n_removed_column():
    out = summarize_documents(pd.DataFrame({"doc_id": ["a"]}), pd.DataFrame({"doc_id": ["a"]}), make_tokens({"a": "x ."}))
    assert out.loc[0, "n_removed"] == 0
    assert out.loc[0, "n_words"] == 1


# --- ngrams ------------------------------------------------------------------------------------


def test_ngrams_never_cross_sentences_or_dropped_tokens():
    # "corridor | middle" straddles a sentence boundary; "opens ." and ". the" touch punctuation.
    tokens = make_tokens({"a": "Middle Corridor opens . | Middle Corridor", "b": "the Middle Corridor"})
    expected = pd.DataFrame({"ngram": ["middle corridor", "corridor opens", "the middle"], "n": [3, 1, 1],
                             "n_docs": [2, 1, 1]}).astype({"ngram": "string", "n": "int64", "n_docs": "int64"})
    assert_frame_equal(ngrams(tokens), expected)


@pytest.mark.parametrize(
    ("n", "drop_stopwords", "expected"),
    [
        (1, False, {"the": 2, "port": 2, "of": 1, "baku": 1, "grows": 1}),
        (2, False, {"the port": 2, "port of": 1, "of baku": 1, "port grows": 1}),
        (2, True, {"port grows": 1}),  # "port of" and "the port" touch stopwords; no bigram skips them
        (3, False, {"the port of": 1, "port of baku": 1, "the port grows": 1}),
        (4, False, {"the port of baku": 1}),
        (5, False, {}),
    ],
)
def test_ngrams_orders(n, drop_stopwords, expected):
    tokens = make_tokens({"a": "the port of Baku | the port grows ."})
    out = ngrams(tokens, n=n, drop_stopwords=drop_stopwords)
    assert dict(zip(out["ngram"], out["n"])) == expected
    assert list(out.columns) == NGRAM_COLUMNS


def test_ngrams_respect_token_order_not_row_order():
    tokens = make_tokens({"a": "one two three"}).iloc[::-1]
    assert list(ngrams(tokens)["ngram"]) == ["one two", "two three"]


def test_ngrams_skip_gaps_in_token_id():
    tokens = make_tokens({"a": "one two three"})
    tokens = tokens.loc[tokens["norm"] != "two"]  # removed upstream: "one three" are not adjacent
    assert ngrams(tokens).empty


def test_ngrams_rejects_bad_n():
    with pytest.raises(ValueError, match=r"ngrams: n must be an integer >= 1; got 0"):
        ngrams(make_tokens({"a": "x"}), n=0)


# --- collocations --------------------------------------------------------------------------------

NEW_YORK = {"a": "new york is big | new york is old", "b": "new ideas are new"}
# N = 12 tokens; new 4, york 2, is 2; bigrams in sentences: new york 2, york is 2, is big, is old, new ideas,
# ideas are, are new (1 each). "big new" would only appear if sentences were run together.


def test_collocations_pmi_by_hand():
    out = collocations(make_tokens(NEW_YORK), measure="pmi", min_count=2, drop_stopwords=False)
    expected = pd.DataFrame({"w1": ["york", "new"], "w2": ["is", "york"], "n": [2, 2], "n_w1": [2, 4], "n_w2": [2, 2],
                             "pmi": [math.log2(2 * 12 / (2 * 2)), math.log2(2 * 12 / (4 * 2))]})
    expected = expected.astype({"w1": "string", "w2": "string", "n": "int64", "n_w1": "int64", "n_w2": "int64"})
    assert_frame_equal(out, expected)
    assert out.loc[1, "pmi"] == pytest.approx(math.log2(3))  # new york: log2(2 * 12 / (4 * 2))


def test_collocations_drop_pairs_with_stopwords_but_keep_counts():
    out = collocations(make_tokens(NEW_YORK), measure="pmi", min_count=2)
    assert list(zip(out["w1"], out["w2"])) == [("new", "york")]
    assert out.loc[0, "n_w1"] == 4


def test_collocations_never_cross_sentences():
    out = collocations(make_tokens(NEW_YORK), min_count=1, drop_stopwords=False)
    pairs = set(zip(out["w1"], out["w2"]))
    assert ("big", "new") not in pairs
    assert len(pairs) == 7


def test_collocations_match_nltk_scores():
    from nltk.collocations import BigramCollocationFinder
    from nltk.metrics import BigramAssocMeasures

    words = [s.split() for s in "new york is big|new york is old|new ideas are new".split("|")]
    finder = BigramCollocationFinder.from_documents(words)
    finder.apply_freq_filter(1)
    for measure, method in [("llr", BigramAssocMeasures.likelihood_ratio), ("pmi", BigramAssocMeasures.pmi)]:
        ours = collocations(make_tokens(NEW_YORK), measure=measure, min_count=1, drop_stopwords=False)
        theirs = finder.score_ngrams(method)
        assert list(zip(ours["w1"], ours["w2"])) == [pair for pair, _ in theirs]
        assert list(ours[measure]) == pytest.approx([score for _, score in theirs])


def test_collocations_llr_is_g2_of_the_contingency_table():
    from scipy.stats import chi2_contingency

    out = collocations(make_tokens(NEW_YORK), measure="llr", min_count=2, drop_stopwords=False)
    row = out.loc[(out["w1"] == "new") & (out["w2"] == "york")].iloc[0]
    # new york: 2; new without york: 4 - 2; york without new: 2 - 2; neither: 12 - 2 - 2 - 0.
    table = [[2, 2 - 2], [4 - 2, 12 - 2 - 2 - 0]]
    g2 = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
    assert row["llr"] == pytest.approx(g2, rel=1e-9)


def test_collocations_window_three_by_hand():
    # window 3 pairs w1 with the next two tokens of the sentence: (new, is) occurs in both sentences of "a";
    # NLTK divides the count by window - 1 = 2 before scoring: PMI = log2((2 / 2) * 12 / (4 * 2)).
    out = collocations(make_tokens(NEW_YORK), measure="pmi", min_count=2, window=3, drop_stopwords=False)
    row = out.loc[(out["w1"] == "new") & (out["w2"] == "is")].iloc[0]
    assert row["n"] == 2
    assert row["pmi"] == pytest.approx(math.log2(1.5))
    assert ("big", "new") not in set(zip(out["w1"], out["w2"]))


def test_collocations_top_and_columns():
    out = collocations(make_tokens(NEW_YORK), min_count=1, drop_stopwords=False, top=3)
    assert len(out) == 3
    assert list(out.columns) == [*COLLOCATION_COLUMNS, "llr"]
    assert out["llr"].is_monotonic_decreasing


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"measure": "dice"}, r"collocations: measure must be one of \['llr', 'pmi'\]; got 'dice'"),
        ({"min_count": 0}, r"collocations: min_count must be an integer >= 1; got 0"),
        ({"window": 1}, r"collocations: window must be an integer >= 2; got 1"),
        ({"top": 0}, r"collocations: top must be an integer >= 1; got 0"),
    ],
)
def test_collocations_validation(options, message):
    with pytest.raises(ValueError, match=message):
        collocations(make_tokens(NEW_YORK), **options)


# --- keyness -------------------------------------------------------------------------------------


def test_keyness_log_ratio_by_hand():
    # target "t": 10 words, 3 of them "oil"; reference "r": 20 words, 1 "oil".
    tokens = make_tokens({"t": "oil oil oil " + "x " * 7, "r": "oil " + "y " * 19})
    out = keyness(tokens, ["t"]).set_index("term")
    assert out.loc["oil", "log_ratio"] == pytest.approx(math.log2((3 / 10) / (1 / 20)))  # log2(6)
    assert (out.loc["oil", "n_target"], out.loc["oil", "n_reference"]) == (3, 1)
    assert (out.loc["oil", "total_target"], out.loc["oil", "total_reference"]) == (10, 20)
    # a zero count becomes 0.5: "x" is 7 of 10 in the target, 0 of 20 in the reference -> log2(0.7 / (0.5 / 20)).
    assert out.loc["x", "log_ratio"] == pytest.approx(math.log2(0.7 / 0.025))
    assert out.loc["y", "log_ratio"] == pytest.approx(math.log2((0.5 / 10) / (19 / 20)))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_keyness_g2_matches_scipy(seed):
    from scipy.stats import power_divergence

    rng = random.Random(seed)
    vocabulary = list("abcdefgh")
    docs = {f"d{i}": " ".join(rng.choices(vocabulary, weights=range(1, 9), k=rng.randint(5, 40))) for i in range(6)}
    out = keyness(make_tokens(docs), ["d0", "d1"])
    for row in out.itertuples():
        observed = np.array([[row.n_target, row.n_reference],
                             [row.total_target - row.n_target, row.total_reference - row.n_reference]], dtype=float)
        expected = observed.sum(axis=1, keepdims=True) * observed.sum(axis=0, keepdims=True) / observed.sum()
        g2, p = power_divergence(observed.ravel(), expected.ravel(), ddof=2, lambda_="log-likelihood")
        over = row.n_target / row.total_target > row.n_reference / row.total_reference
        assert abs(row.g2) == pytest.approx(g2, abs=1e-9)
        assert row.p_value == pytest.approx(p, abs=1e-12)
        assert (row.g2 > 0) == (over and g2 > 1e-12)


def test_keyness_sorted_signed_and_reference_is_the_rest():
    tokens = make_tokens({"t": "oil oil gas", "r1": "gas gas", "r2": "oil gas wind"})
    out = keyness(tokens, "t")
    assert list(out.columns) == KEYNESS_COLUMNS
    assert out["g2"].is_monotonic_decreasing
    assert out.iloc[0]["term"] == "oil" and out.iloc[0]["g2"] > 0
    assert (out.loc[0, "total_target"], out.loc[0, "total_reference"]) == (3, 5)
    assert out.set_index("term").loc["wind", "g2"] < 0


def test_keyness_explicit_reference_leaves_other_documents_out():
    tokens = make_tokens({"t": "oil gas", "r": "gas gas", "other": "wind wind wind"})
    out = keyness(tokens, ["t"], reference=["r"])
    assert set(out["term"]) == {"oil", "gas"}
    assert out.loc[0, "total_reference"] == 2


def test_keyness_min_count():
    tokens = make_tokens({"t": "oil oil gas", "r": "gas wind"})
    assert set(keyness(tokens, ["t"], min_count=2)["term"]) == {"oil", "gas"}


@pytest.mark.parametrize(
    ("target", "reference", "error", "message"),
    [
        (["zz"], None, ValueError, r"keyness: target has doc_id\(s\) not in tokens: \['zz'\]"),
        ([], None, ValueError, r"keyness: target is empty"),
        (["t", "r"], None, ValueError, r"target covers every document"),
        (["t"], ["t", "r"], ValueError, r"documents \['t'\] are in both target and reference"),
        (5, None, TypeError, r"keyness: target must be a doc_id or an iterable of doc_ids, got int"),
        (["t"], ["nope"], ValueError, r"keyness: reference has doc_id\(s\) not in tokens: \['nope'\]"),
    ],
)
def test_keyness_validation(target, reference, error, message):
    tokens = make_tokens({"t": "oil", "r": "gas"})
    with pytest.raises(error, match=message):
        keyness(tokens, target, reference=reference)


def test_keyness_group_without_words():
    tokens = make_tokens({"t": ". ,", "r": "gas"})
    with pytest.raises(ValueError, match=r"keyness: the target documents have no tokens left"):
        keyness(tokens, ["t"])


# --- kwic ----------------------------------------------------------------------------------------

KWIC_DOCS = pd.DataFrame({
    "doc_id": ["x", "y"],
    "text": ["Azerbaijan and Kazakhstan signed. The Middle  Corridor grows; AZERBAIJAN'S ports too.",
             "Middle. Corridor is split here."],
})


@pytest.fixture(scope="module")
def kwic_tokens():
    return tokenize(split_sentences(KWIC_DOCS))


def test_kwic_offsets_give_back_the_match(kwic_tokens):
    out = kwic(kwic_tokens, "azerbaijan*", docs=KWIC_DOCS)
    texts = dict(zip(KWIC_DOCS["doc_id"], KWIC_DOCS["text"]))
    assert list(out["match"]) == ["Azerbaijan", "AZERBAIJAN"]
    assert all(texts[d][s:e] == m for d, s, e, m in zip(out["doc_id"], out["start"], out["end"], out["match"]))
    assert list(out.columns) == KWIC_COLUMNS


def test_kwic_window_and_context_by_hand(kwic_tokens):
    out = kwic(kwic_tokens, "kazakhstan", window=2, docs=KWIC_DOCS)
    expected = pd.DataFrame({"doc_id": ["x"], "sent_id": [0], "token_id": [2], "start": [15], "end": [25],
                             "left": ["Azerbaijan and"], "match": ["Kazakhstan"], "right": ["signed."]}).astype(
        {"doc_id": "string", "sent_id": "int64", "token_id": "int64", "start": "int64", "end": "int64",
         "left": "string", "match": "string", "right": "string"})
    assert_frame_equal(out, expected)


def test_kwic_phrase_stays_in_a_sentence_and_keeps_original_spacing(kwic_tokens):
    out = kwic(kwic_tokens, "middle corridor", window=1, docs=KWIC_DOCS)
    # only doc x: in doc y "Middle." and "Corridor" are in different sentences.
    assert list(out["doc_id"]) == ["x"]
    assert out.loc[0, "match"] == "Middle  Corridor"
    assert (out.loc[0, "left"], out.loc[0, "right"]) == ("The", "grows")


def test_kwic_without_docs_joins_tokens(kwic_tokens):
    out = kwic(kwic_tokens, "middle corridor", window=1)
    assert (out.loc[0, "left"], out.loc[0, "match"], out.loc[0, "right"]) == ("The", "Middle Corridor", "grows")


def test_kwic_matches_a_joined_phrase_token():
    tokens = tokenize(split_sentences(KWIC_DOCS), phrases=["middle corridor"])
    out = kwic(tokens, "middle corridor", window=0, docs=KWIC_DOCS)
    assert list(out["match"]) == ["Middle  Corridor"]


@pytest.mark.parametrize(
    ("pattern", "valuetype", "case_sensitive", "expected"),
    [
        ("azerbaijan", "fixed", False, ["Azerbaijan", "AZERBAIJAN"]),
        ("Azerbaijan", "fixed", True, ["Azerbaijan"]),
        ("a?erbaijan", "glob", False, ["Azerbaijan", "AZERBAIJAN"]),
        ("[ak]\\w+stan|azer\\w+", "regex", False, ["Azerbaijan", "Kazakhstan", "AZERBAIJAN"]),
        ("[A-Z]+", "regex", True, ["AZERBAIJAN"]),
        ("stan", "regex", False, []),  # a regex must match the whole token
        ("'s", "fixed", False, ["'S"]),
        ("\u2019S", "fixed", False, ["'S"]),  # a curly apostrophe in the pattern matches the straightened norm
    ],
)
def test_kwic_value_types(kwic_tokens, pattern, valuetype, case_sensitive, expected):
    out = kwic(kwic_tokens, pattern, valuetype=valuetype, case_sensitive=case_sensitive, docs=KWIC_DOCS)
    assert list(out["match"]) == expected


def test_kwic_window_stops_at_document_edges(kwic_tokens):
    out = kwic(kwic_tokens, "here", window=10)
    assert (out.loc[0, "left"], out.loc[0, "right"]) == ("Middle . Corridor is split", ".")


@pytest.mark.parametrize(
    ("pattern", "options", "message"),
    [
        ("", {}, r"kwic: pattern must be a non-empty string, got ''"),
        ("x", {"window": -1}, r"kwic: window must be an integer >= 0; got -1"),
        ("x", {"valuetype": "fuzzy"}, r"kwic: valuetype must be one of \['glob', 'regex', 'fixed'\]; got 'fuzzy'"),
        ("(", {"valuetype": "regex"}, r"kwic: pattern '\(' is not a valid regular expression"),
        ("x", {"docs": KWIC_DOCS.iloc[:1]}, r"kwic: docs has no text for doc_id\(s\) \['y'\]"),
    ],
)
def test_kwic_validation(kwic_tokens, pattern, options, message):
    with pytest.raises(ValueError, match=message):
        kwic(kwic_tokens, pattern, **options)


# --- lexical_diversity ---------------------------------------------------------------------------


def naive_mattr(words: list[str], window: int) -> float:
    """Reference MATTR: a fresh set per window (Covington & McFall 2010), TTR when shorter than the window."""
    if len(words) < window:
        return len(set(words)) / len(words)
    ratios = [len(set(words[i : i + window])) / window for i in range(len(words) - window + 1)]
    return sum(ratios) / len(ratios)


def test_lexical_diversity_by_hand():
    # "a b a c a b", window 3: windows aba, bac, aca, cab have 2, 3, 2, 3 types -> (2+3+2+3) / (3*4) = 10/12.
    # "x y ." has 2 words (punctuation left out), fewer than the window: MATTR falls back to TTR = 1.
    tokens = make_tokens({"d": "a b a | c a b .", "short": "x y .", "empty": ". ,"})
    expected = pd.DataFrame({"doc_id": ["d", "short", "empty"], "n_tokens": [6, 2, 0], "n_types": [3, 2, 0],
                             "ttr": [0.5, 1.0, np.nan], "mattr": [10 / 12, 1.0, np.nan]}).astype(
        {"doc_id": "string", "n_tokens": "int64", "n_types": "int64"})
    assert_frame_equal(lexical_diversity(tokens, window=3), expected)
    assert list(expected.columns) == LEXICAL_DIVERSITY_COLUMNS


@pytest.mark.parametrize(("length", "window", "seed"), [(1, 1, 0), (7, 7, 1), (30, 5, 2), (200, 50, 3), (60, 1, 4), (9, 12, 5)])
def test_lexical_diversity_matches_naive_reference(length, window, seed):
    rng = random.Random(seed)
    docs = {f"d{i}": " ".join(rng.choices("abcdefghij", k=length + i)) for i in range(3)}
    out = lexical_diversity(make_tokens(docs), window=window)
    for doc_id, text in docs.items():
        got = out.set_index("doc_id").loc[doc_id, "mattr"]
        assert got == pytest.approx(naive_mattr(text.split(), window))


def test_lexical_diversity_rejects_bad_window():
    with pytest.raises(ValueError, match=r"lexical_diversity: window must be an integer >= 1; got 2.5"):
        lexical_diversity(make_tokens({"a": "x"}), window=2.5)


# --- dispersion and locate_terms -----------------------------------------------------------------

# The five-part example corpus of Gries (2008, "Dispersions and adjusted frequencies in corpora"):
# parts of 9, 10, 10, 10 and 11 words (50 in all); "a" occurs 1, 2, 3, 4, 5 times (15), "b" twice per part.
GRIES = {
    "p1": "b a m n i b e u p",
    "p2": "b a s a t b e w q n",
    "p3": "b c a g a b e s t a",
    "p4": "b a g h a b e a a t",
    "p5": "b a h a a b e a x a t",
}


def test_dispersion_gries_example_by_hand():
    out = dispersion(make_tokens(GRIES, stopwords=frozenset()), ["a", "b"]).set_index("term")
    # s = sizes / 50 = .18 .20 .20 .20 .22; v(a) = 1/15 .. 5/15
    # DP(a) = 0.5 * (|.0667-.18| + |.1333-.2| + |.2-.2| + |.2667-.2| + |.3333-.22|) = 0.5 * 0.36 = 0.18
    assert out.loc["a", "dp"] == pytest.approx(0.18)
    # v(b) = .2 each: DP(b) = 0.5 * (.02 + 0 + 0 + 0 + .02) = 0.02
    assert out.loc["b", "dp"] == pytest.approx(0.02)
    # Lijffijt & Gries 2012: divide by 1 - min(s) = 1 - .18
    assert out.loc["a", "dp_norm"] == pytest.approx(0.18 / 0.82)
    # Juilland's D on relative frequencies 1/9, 2/10, 3/10, 4/10, 5/11
    rel = [1 / 9, 2 / 10, 3 / 10, 4 / 10, 5 / 11]
    d = 1 - (statistics.pstdev(rel) / statistics.mean(rel)) / math.sqrt(5 - 1)
    assert out.loc["a", "juilland_d"] == pytest.approx(d)
    assert (out.loc["a", "n"], out.loc["a", "n_parts_with"], out.loc["a", "n_parts"]) == (15, 5, 5)


def test_dispersion_three_equal_parts_by_hand():
    # Lijffijt & Gries 2012's example: three equal parts, 2/3 of the term in one, 1/3 in another:
    # DP = 0.5 * (|2/3 - 1/3| + |1/3 - 1/3| + |0 - 1/3|) = 1/3; DP_norm = (1/3) / (1 - 1/3) = 0.5.
    tokens = make_tokens({"p1": "w w z", "p2": "w z z", "p3": "z z z"}, stopwords=frozenset())
    out = dispersion(tokens, ["w"])
    assert out.loc[0, "dp"] == pytest.approx(1 / 3)
    assert out.loc[0, "dp_norm"] == pytest.approx(0.5)
    # relative frequencies 2/3, 1/3, 0: mean 1/3, pstdev sqrt(2/27); D = 1 - (sqrt(2/27) / (1/3)) / sqrt(2)
    assert out.loc[0, "juilland_d"] == pytest.approx(1 - math.sqrt(2 / 27) * 3 / math.sqrt(2))


def test_dispersion_all_terms_absent_terms_and_columns():
    tokens = make_tokens({"p1": "w w z", "p2": "w z z"}, stopwords=frozenset())
    everything = dispersion(tokens)
    assert list(everything.columns) == DISPERSION_COLUMNS
    assert list(everything["term"]) == ["w", "z"]  # both 3 tokens: ties go alphabetically
    assert list(everything["n_parts_with"]) == [2, 2]
    absent = dispersion(tokens, ["W", "nothing"]).set_index("term")
    assert absent.loc["w", "n"] == 3
    assert absent.loc["nothing", "n"] == 0 and np.isnan(absent.loc["nothing", "dp"])


def test_dispersion_by_another_column():
    tokens = make_tokens({"a": "w x", "b": "w y", "c": "z z"}, stopwords=frozenset())
    tokens["outlet"] = tokens["doc_id"].map({"a": "one", "b": "one", "c": "two"})
    out = dispersion(tokens, ["w"], by="outlet")
    # parts: one (4 words, both w), two (2 words): DP = 0.5 * (|1 - 4/6| + |0 - 2/6|) = 1/3
    assert out.loc[0, "n_parts"] == 2
    assert out.loc[0, "dp"] == pytest.approx(1 / 3)


def test_dispersion_validation():
    with pytest.raises(ValueError, match=r"dispersion: tokens needs column\(s\) \['outlet'\]"):
        dispersion(make_tokens({"a": "w"}), by="outlet")
    with pytest.raises(ValueError, match=r"dispersion: terms is empty"):
        dispersion(make_tokens({"a": "w"}), [])


def test_locate_terms_by_hand():
    tokens = make_tokens({"a": "Oil , gas and oil", "b": "no match"})
    # doc a keeps 4 words (the comma is left out): oil at 0/4 and 3/4.
    expected = pd.DataFrame({"doc_id": ["a", "a"], "term": ["oil", "oil"], "token_id": [0, 4], "start": [0, 14],
                             "end": [3, 17], "relative_position": [0.0, 0.75]}).astype(
        {"doc_id": "string", "term": "string", "token_id": "int64", "start": "int64", "end": "int64"})
    assert_frame_equal(locate_terms(tokens, ["OIL"]), expected)
    assert list(expected.columns) == POSITION_COLUMNS


def test_locate_terms_needs_terms():
    with pytest.raises(ValueError, match=r"locate_terms: terms must be an iterable of terms, got None"):
        locate_terms(make_tokens({"a": "w"}), None)


# --- general -------------------------------------------------------------------------------------


def test_functions_do_not_mutate_their_input():
    tokens = make_tokens({"a": "the port of Baku | the port grows .", "b": "Baku port"})
    before = tokens.copy()
    ngrams(tokens)
    collocations(tokens, min_count=1)
    keyness(tokens, ["a"])
    kwic(tokens, "port")
    lexical_diversity(tokens, window=2)
    dispersion(tokens)
    locate_terms(tokens, ["port"])
    assert_frame_equal(tokens, before)


@pytest.mark.parametrize(
    "call",
    [ngrams, collocations, lexical_diversity, dispersion, lambda t: kwic(t, "x"), lambda t: locate_terms(t, ["x"])],
)
def test_empty_tokens_give_empty_frames(call):
    out = call(make_tokens({}))
    assert out.empty
    assert out.index.equals(pd.RangeIndex(0))


@pytest.mark.parametrize("function", [ngrams, collocations, lexical_diversity, dispersion])
def test_missing_columns_are_named(function):
    with pytest.raises(ValueError, match=r"needs column\(s\) \[.*'norm'"):
        function(pd.DataFrame({"doc_id": ["a"], "sent_id": [0], "token_id": [0]}))


# --- token tables one chunk after another -------------------------------------------------------


def _random_tokens(seed: int, n_docs: int = 12) -> pd.DataFrame:
    """Documents of random sentences over a small vocabulary (stopwords, punctuation, numbers, repeats)."""
    rng = random.Random(seed)
    vocabulary = ["baku", "astana", "middle", "corridor", "port", "ferry", "the", "of", "a", "is", ".", ",", "2024", "trade"]
    docs = {f"d{i:02d}": " | ".join(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 9))) for _ in range(rng.randint(1, 5)))
            for i in range(n_docs)}
    return make_tokens(docs)


def _chunks(tokens: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    """The rows cut every *size* rows, a document's rows often split between two chunks."""
    return [tokens.iloc[i : i + size] for i in range(0, len(tokens), size)]


@pytest.mark.parametrize("size", [1, 5, 17, 10_000])
@pytest.mark.parametrize("seed", [0, 1])
def test_counting_statistics_give_the_same_table_for_chunks_as_for_the_whole_table(seed, size):
    tokens = _random_tokens(seed)
    for statistic in (
        lambda t: term_frequencies(t),
        lambda t: term_frequencies(t, words_only=False, drop_stopwords=False),
        lambda t: collocations(t, measure="llr", min_count=1),
        lambda t: collocations(t, measure="pmi", min_count=2, window=3, drop_stopwords=False),
    ):
        assert_frame_equal(statistic(iter(_chunks(tokens, size))), statistic(tokens))


def test_collocations_from_chunks_match_nltk_built_from_every_sentence():
    from nltk.collocations import BigramCollocationFinder
    from nltk.metrics import BigramAssocMeasures

    tokens = _random_tokens(3, n_docs=30)
    sentences = [group["norm"].tolist() for _, group in tokens.groupby(["doc_id", "sent_id"], sort=False)]
    finder = BigramCollocationFinder.from_documents(sentences)
    finder.apply_freq_filter(2)
    theirs = finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)
    ours = collocations(_chunks(tokens, 7), min_count=2, words_only=False, drop_stopwords=False)
    assert list(zip(ours["w1"], ours["w2"])) == [pair for pair, _ in theirs]
    assert ours["llr"].tolist() == [score for _, score in theirs]
    assert ours["n"].tolist() == [finder.ngram_fd[pair] for pair, _ in theirs]


def test_term_frequencies_from_no_chunks_is_an_empty_table():
    out = term_frequencies(iter([]))
    assert list(out.columns) == TERM_FREQUENCY_COLUMNS and out.empty


def test_chunks_that_split_a_document_apart_are_refused():
    tokens = make_tokens({"a": "baku port", "b": "astana port"})
    apart = [tokens.iloc[[0]], tokens.iloc[[2, 3]], tokens.iloc[[1]]]
    with pytest.raises(ValueError, match="rows of document 'a' are not together; give the chunks in document order"):
        term_frequencies(apart)
    with pytest.raises(TypeError, match="every chunk must be a token table \\(DataFrame\\), got dict"):
        collocations([{"doc_id": "a"}])


def test_keyness_from_counts_is_keyness_of_the_same_counts():
    tokens = make_tokens({"a": "baku baku port ferry", "b": "port port astana", "c": "ferry"})
    expected = keyness(tokens, ["a"], min_count=2)
    # a: baku 2, port 1, ferry 1 (4 words); b and c: port 2, astana 1, ferry 1 (4 words)
    out = keyness_from_counts(["astana", "baku", "ferry", "port"], [0, 2, 1, 1], [1, 0, 1, 2], total_target=4, total_reference=4, min_count=2)
    assert_frame_equal(out, expected)
    with pytest.raises(ValueError, match="one value per term; got 2, 1 and 1"):
        keyness_from_counts(["x", "y"], [1], [1], total_target=1, total_reference=1)
