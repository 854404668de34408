"""Groups side by side: grouping by metadata, keyness per group, pooled frame salience, tone summaries."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.compare import (
    GROUP_FRAME_COLUMNS,
    GROUP_KEYNESS_COLUMNS,
    GROUP_TONE_COLUMNS,
    add_groups,
    frames_by_group,
    group_documents,
    group_sizes,
    keyness_by_group,
    tone_by_group,
)
from analysis.stats import keyness


def _groups(mapping: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": list(mapping), "group": list(mapping.values())}).astype("string")


# -- group_documents ----------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["news", "op-ed", "news"], ["news", "op-ed", "news"]),
        (["news", None, ""], ["news", "(missing)", "(missing)"]),
        ([" news", "news ", "  "], ["news", "news", "(missing)"]),
        ([2024, 2025, None], ["2024", "2025", "(missing)"]),
    ],
)
def test_group_documents_reads_the_column_as_text(values, expected):
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "genre": values, "text": ["x", "y", "z"]})
    expected_frame = pd.DataFrame({"doc_id": ["a", "b", "c"], "group": expected}).astype("string")
    assert_frame_equal(group_documents(docs, "genre"), expected_frame)


def test_group_documents_custom_missing_label_and_inputs_unchanged():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["AZERTAC", None]})
    before = docs.copy()
    assert group_documents(docs, "outlet", missing="unknown")["group"].tolist() == ["AZERTAC", "unknown"]
    assert_frame_equal(docs, before)


@pytest.mark.parametrize(
    ("group_by", "message"),
    [
        ("outlet", r"group_by must be a metadata column of docs, one of \['genre'\]; got 'outlet'"),
        ("text", r"one of \['genre'\]; got 'text'"),
        ("doc_id", r"got 'doc_id'"),
    ],
)
def test_group_documents_names_the_valid_columns(group_by, message):
    docs = pd.DataFrame({"doc_id": ["a"], "genre": ["news"], "text": ["x"]})
    with pytest.raises(ValueError, match=message):
        group_documents(docs, group_by)


def test_group_documents_refuses_a_blank_missing_label():
    with pytest.raises(ValueError, match=r"missing must be a non-empty label .*'genre'.*got ' '"):
        group_documents(pd.DataFrame({"doc_id": ["a"], "genre": ["news"]}), "genre", missing=" ")


# -- add_groups ---------------------------------------------------------------


def test_add_groups_puts_group_first_and_drops_ungrouped_rows():
    table = pd.DataFrame({"doc_id": ["a", "x", "b", "a"], "compound": [0.1, 0.2, 0.3, 0.4]})
    out = add_groups(table, _groups({"a": "news", "b": "op-ed"}))
    expected = pd.DataFrame({"group": ["news", "op-ed", "news"], "doc_id": ["a", "b", "a"], "compound": [0.1, 0.3, 0.4]})
    assert_frame_equal(out, expected.astype({"group": "string"}))


def test_add_groups_refuses_duplicate_documents_and_an_existing_group_column():
    with pytest.raises(ValueError, match=r"groups lists doc_id\(s\) \['a'\] more than once"):
        add_groups(pd.DataFrame({"doc_id": ["a"]}), _groups({"a": "news"}).pipe(lambda g: pd.concat([g, g])))
    with pytest.raises(ValueError, match=r"table already has a 'group' column"):
        add_groups(pd.DataFrame({"doc_id": ["a"], "group": ["x"]}), _groups({"a": "news"}))
    with pytest.raises(ValueError, match=r"add_groups \(groups\) needs column\(s\) \['group'\]"):
        add_groups(pd.DataFrame({"doc_id": ["a"]}), pd.DataFrame({"doc_id": ["a"]}))


# -- keyness_by_group ---------------------------------------------------------


def _tokens(docs: dict[str, str]) -> pd.DataFrame:
    rows = [(doc, i, w, w == ".") for doc, words in docs.items() for i, w in enumerate(words.split())]
    return pd.DataFrame(rows, columns=["doc_id", "token_id", "norm", "is_punct"]).assign(is_stop=False)


def test_keyness_by_group_hand_computed():
    # news: "x x y" (3 words), op-ed: "y y ." (2 words; the full stop is dropped by words_only)
    tokens = _tokens({"a": "x x", "b": "y y .", "c": "y"})
    out = keyness_by_group(tokens, _groups({"a": "news", "c": "news", "b": "op-ed"}))
    news = out.loc[out["group"] == "news"].set_index("term")
    assert news.loc["x", ["n_target", "n_reference", "total_target", "total_reference"]].tolist() == [2, 0, 3, 2]
    # G² of [[2, 0], [1, 2]]: expected 1.2, 0.8, 1.8, 1.2 -> 2 (2 ln(2/1.2) + 1 ln(1/1.8) + 2 ln(2/1.2))
    assert news.loc["x", "g2"] == pytest.approx(2 * (4 * math.log(5 / 3) + math.log(5 / 9)))
    assert news.loc["x", "log_ratio"] == pytest.approx(math.log2((2 / 3) / (0.5 / 2)))  # zero count read as 0.5
    assert news.loc["y", "log_ratio"] == pytest.approx(math.log2((1 / 3) / (2 / 2)))
    assert news.loc["y", "g2"] < 0
    assert out["group"].unique().tolist() == ["news", "op-ed"]  # largest group first
    assert list(out.columns) == GROUP_KEYNESS_COLUMNS


def test_keyness_by_group_equals_keyness_of_each_group_against_the_rest():
    tokens = _tokens({"a": "baku astana corridor", "b": "baku baku tashkent", "c": "corridor ferry port", "d": "ferry"})
    groups = _groups({"a": "news", "b": "news", "c": "op-ed", "d": "interview"})
    out = keyness_by_group(tokens, groups, min_count=1)
    for group, ids in (("news", ["a", "b"]), ("op-ed", ["c"]), ("interview", ["d"])):
        part = out.loc[out["group"] == group].drop(columns="group").reset_index(drop=True)
        assert_frame_equal(part, keyness(tokens, ids))
    assert out["group"].unique().tolist() == ["news", "op-ed", "interview"]


def test_keyness_by_group_skips_groups_without_tokens_or_without_a_rest():
    tokens = _tokens({"a": "x y", "b": "y z"})
    with_unscored = keyness_by_group(tokens, _groups({"a": "en", "b": "en", "c": "ru"}))
    assert with_unscored.empty and list(with_unscored.columns) == GROUP_KEYNESS_COLUMNS
    one_skipped = keyness_by_group(tokens, _groups({"a": "news", "b": "op-ed", "c": "ru"}))
    assert one_skipped["group"].unique().tolist() == ["news", "op-ed"]


@pytest.mark.parametrize("size", [1, 3, 100])
@pytest.mark.parametrize("options", [{}, {"drop_stopwords": True, "min_count": 2}, {"words_only": False}])
def test_keyness_by_group_of_chunks_equals_the_whole_table_and_keyness(size, options):
    tokens = _tokens({"a": "baku astana corridor .", "b": "baku baku tashkent the", "c": "corridor ferry port", "d": "ferry the 2024", "e": "port"})
    tokens["is_stop"] = tokens["norm"] == "the"
    groups = _groups({"a": "news", "b": "news", "c": "op-ed", "d": "interview"})  # e is in no group: part of every rest
    out = keyness_by_group([tokens.iloc[i : i + size] for i in range(0, len(tokens), size)], groups, **options)
    assert_frame_equal(out, keyness_by_group(tokens, groups, **options))
    for group, ids in (("news", ["a", "b"]), ("op-ed", ["c"]), ("interview", ["d"])):
        part = out.loc[out["group"] == group].drop(columns="group").reset_index(drop=True)
        assert_frame_equal(part, keyness(tokens, ids, **options))


# -- frames_by_group ----------------------------------------------------------


def test_frames_by_group_pools_counts_hand_computed():
    frames = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b", "c", "c"],
            "frame": ["security", "status"] * 3,
            "hits": [3, 0, 1, 0, 0, 0],
            "n_words": [100, 100, 300, 300, 50, 50],
            "n_frame_sentences": [2, 0, 1, 0, 0, 0],
            "n_sentences": [4, 4, 6, 6, 2, 2],
        }
    )
    out = frames_by_group(frames, _groups({"a": "news", "b": "news", "c": "op-ed"}))
    expected = pd.DataFrame(
        [
            # news/security: hits 3+1 over 400 words -> 10 per 1k; 3 of 10 sentences; mean of 2/4 and 1/6
            ("news", "security", 2, 2, 4, 400, 10.0, 3, 10, 0.3, (0.5 + 1 / 6) / 2),
            ("news", "status", 2, 0, 0, 400, 0.0, 0, 10, 0.0, 0.0),
            ("op-ed", "security", 1, 0, 0, 50, 0.0, 0, 2, 0.0, 0.0),
            ("op-ed", "status", 1, 0, 0, 50, 0.0, 0, 2, 0.0, 0.0),
        ],
        columns=GROUP_FRAME_COLUMNS,
    ).astype({"group": "string", "frame": "string"})
    assert_frame_equal(out, expected)


def test_frames_by_group_needs_salience_columns():
    with pytest.raises(ValueError, match=r"frames_by_group \(frames\) needs column\(s\) \['n_words', 'n_frame_sentences', 'n_sentences'\]"):
        frames_by_group(pd.DataFrame({"doc_id": ["a"], "frame": ["x"], "hits": [1]}), _groups({"a": "news"}))


# -- tone_by_group ------------------------------------------------------------


def test_tone_by_group_hand_computed_and_leaves_out_unscored_documents():
    documents = pd.DataFrame(
        {"doc_id": ["a", "b", "c", "d"], "compound_mean": [0.1, 0.5, None, -0.3], "net_tone": [2.0, 4.0, 6.0, 0.0]}
    )
    out = tone_by_group(documents, _groups({"a": "news", "b": "news", "c": "news", "d": "op-ed"}), columns=["compound_mean", "net_tone"])
    expected = pd.DataFrame(
        [
            ("news", "compound_mean", 2, 0.3, math.sqrt(0.08), 0.3, 0.1, 0.5),
            ("news", "net_tone", 3, 4.0, 2.0, 4.0, 2.0, 6.0),
            ("op-ed", "compound_mean", 1, -0.3, float("nan"), -0.3, -0.3, -0.3),
            ("op-ed", "net_tone", 1, 0.0, float("nan"), 0.0, 0.0, 0.0),
        ],
        columns=GROUP_TONE_COLUMNS,
    ).astype({"group": "string", "measure": "string"})
    assert_frame_equal(out, expected)


def test_tone_by_group_on_sentences_counts_documents_not_sentences():
    sentences = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "compound": [0.5, -0.5, 0.0, 0.2]})
    out = tone_by_group(sentences, _groups({"a": "news", "b": "news"}), columns="compound")
    row = out.iloc[0]
    assert (row["n_docs"], row["mean"], row["median"]) == (2, pytest.approx(0.05), pytest.approx(0.1))
    assert row["sd"] == pytest.approx(pd.Series([0.5, -0.5, 0.0, 0.2]).std())


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ([], r"columns is empty"),
        (["title"], r"columns \['title'\] of table are not numeric"),
        (["net_tone"], r"tone_by_group \(table\) needs column\(s\) \['net_tone'\]"),
    ],
)
def test_tone_by_group_errors_name_the_columns(columns, message):
    documents = pd.DataFrame({"doc_id": ["a"], "title": ["t"], "compound_mean": [0.1]})
    with pytest.raises(ValueError, match=message):
        tone_by_group(documents, _groups({"a": "news"}), columns=columns)


def test_group_sizes_counts_every_document_and_words_of_scored_ones_only():
    documents = pd.DataFrame({"doc_id": ["a", "b", "c", "d", "e"], "scored": [True, True, False, False, False],
                              "n_words": pd.array([52, 47, None, None, None], dtype="Int64")})
    groups = _groups({"a": "news", "b": "interview", "c": "news", "d": "analysis", "e": "analysis"})
    sizes = group_sizes(documents, groups)
    expected = pd.DataFrame({"group": ["analysis", "interview", "news"], "n_docs": [2, 1, 2], "n_scored": [0, 1, 1],
                             "n_words": pd.array([None, 47, 52], dtype="Int64")}).astype({"group": "string"})
    assert_frame_equal(sizes, expected)  # analysis has no scored document: its words are missing, not 0


def test_group_sizes_needs_scored_and_word_counts():
    with pytest.raises(ValueError, match=r"group_sizes \(documents\) needs column\(s\) \['scored', 'n_words'\]"):
        group_sizes(pd.DataFrame({"doc_id": ["a"]}), _groups({"a": "news"}))
