"""Tests for analysis.duplicates: exact and near duplicates are flagged, never dropped."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from analysis.duplicates import MIN_CANDIDATE_RECALL, NEAR_DUPLICATE_THRESHOLD, SHINGLE_WORDS, flag_duplicates, lsh_bands

#: 200 different words: 196 word 5-shingles.
WORDS = [f"w{i:03d}" for i in range(200)]
BASE = " ".join(WORDS)
#: One word changed in the middle: 5 of the 196 shingles change, so the exact
#: Jaccard similarity of the shingle sets is 191 / (196 + 5) = 191 / 201 = 0.950.
ONE_WORD_CHANGED = " ".join(WORDS[:100] + ["other"] + WORDS[101:])
#: The second half replaced: shingles w000..w099 survive (96 of them, plus none
#: across the seam), so the Jaccard is 96 / (196 + 196 - 96) = 96 / 296 = 0.324.
HALF_CHANGED = " ".join(WORDS[:100] + [f"x{i:03d}" for i in range(100)])
UNRELATED = " ".join(f"u{i:03d}" for i in range(200))


def _shingles(text: str) -> set[str]:
    words = text.casefold().split()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def test_hand_computed_jaccard_of_the_fixtures():
    def jaccard(a, b):
        return len(_shingles(a) & _shingles(b)) / len(_shingles(a) | _shingles(b))

    assert len(_shingles(BASE)) == 196
    assert jaccard(BASE, ONE_WORD_CHANGED) == pytest.approx(191 / 201)
    assert jaccard(BASE, HALF_CHANGED) == pytest.approx(96 / 296)


def test_exact_duplicates_fold_case_and_white_space():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "text": ["Baku hosts talks.", "Other text.", "baku  HOSTS\ntalks.", "Baku hosts talks!"]})
    out = flag_duplicates(docs)
    assert out["duplicate_of"].tolist() == [pd.NA, pd.NA, "a", pd.NA]
    # An exact duplicate is not also reported as a near duplicate.
    assert out["near_duplicate_of"].isna().all()


def test_every_copy_points_to_the_first():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [BASE, BASE, BASE]})
    assert flag_duplicates(docs)["duplicate_of"].tolist() == [pd.NA, "a", "a"]


def test_near_duplicate_is_flagged_with_its_similarity():
    docs = pd.DataFrame({"doc_id": ["base", "unrelated", "edited", "half"], "text": [BASE, UNRELATED, ONE_WORD_CHANGED, HALF_CHANGED]})
    out = flag_duplicates(docs)
    assert out["near_duplicate_of"].tolist() == [pd.NA, pd.NA, "base", pd.NA]
    assert out["duplicate_of"].isna().all()
    # MinHash estimates the Jaccard of 191/201 = 0.950; 128 permutations give a standard error of about 0.02.
    assert out.loc[2, "near_duplicate_jaccard"] == pytest.approx(191 / 201, abs=0.06)
    assert out["near_duplicate_jaccard"].isna().tolist() == [True, True, False, True]


def test_near_duplicate_threshold_is_a_parameter():
    docs = pd.DataFrame({"doc_id": ["base", "half"], "text": [BASE, HALF_CHANGED]})
    assert flag_duplicates(docs)["near_duplicate_of"].isna().all()
    out = flag_duplicates(docs, threshold=0.2)
    assert out["near_duplicate_of"].fillna("-").tolist() == ["-", "base"]


@pytest.mark.parametrize(
    ("threshold", "bands", "rows"),
    [
        (0.2, 128, 1),  # 1 - 0.8**128 > 0.99, but 1 - 0.96**64 = 0.927
        (0.5, 42, 3),  # 1 - 0.875**42 = 0.996, but 1 - 0.9375**32 = 0.873
        (0.8, 21, 6),  # 1 - (1 - 0.8**6)**21 = 0.998, but 1 - (1 - 0.8**7)**18 = 0.986
        (1.0, 2, 64),  # identical sets always collide; datasketch needs two bands
    ],
)
def test_lsh_bands_find_pairs_at_the_threshold(threshold, bands, rows):
    assert lsh_bands(threshold) == (bands, rows)
    assert 1 - (1 - threshold**rows) ** bands >= MIN_CANDIDATE_RECALL


@pytest.mark.parametrize("seed", range(20))
def test_pairs_above_the_default_threshold_are_found(seed):
    # 150 different words; replacing 2 of them (far apart) changes 10 of the 146 shingles:
    # Jaccard 136 / 156 = 0.872. With datasketch's own bands (the S-curve centred on
    # the threshold, 0.8) such a pair is a candidate only about 80% of the time.
    generator = random.Random(seed)
    words = [f"s{seed}w{i:03d}" for i in range(150)]
    edited = list(words)
    for i in (30, 110):
        edited[i] = f"changed{generator.randrange(10**6)}"
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [" ".join(words), " ".join(edited)]})
    a, b = _shingles(docs.text[0]), _shingles(docs.text[1])
    assert len(a & b) / len(a | b) == pytest.approx(136 / 156)
    out = flag_duplicates(docs)
    assert out["near_duplicate_of"].fillna("-").tolist() == ["-", "a"]


def test_threshold_of_one_is_accepted():
    docs = pd.DataFrame({"doc_id": ["base", "edited"], "text": [BASE, ONE_WORD_CHANGED]})
    out = flag_duplicates(docs, threshold=1.0)
    assert out["near_duplicate_of"].isna().all()
    assert NEAR_DUPLICATE_THRESHOLD < 1.0


def test_nothing_is_dropped_and_the_input_is_not_changed():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [BASE, BASE, ONE_WORD_CHANGED], "outlet": ["X", "Y", "Z"]})
    before = docs.copy()
    out = flag_duplicates(docs)
    pd.testing.assert_frame_equal(docs, before)
    pd.testing.assert_frame_equal(out[["doc_id", "text", "outlet"]], before)
    assert list(out.columns) == ["doc_id", "text", "outlet", "duplicate_of", "near_duplicate_of", "near_duplicate_jaccard"]


def test_output_types_on_an_empty_frame():
    out = flag_duplicates(pd.DataFrame({"doc_id": pd.Series([], dtype="string"), "text": pd.Series([], dtype="string")}))
    assert out.empty
    assert out.dtypes[["duplicate_of", "near_duplicate_of", "near_duplicate_jaccard"]].astype(str).tolist() == ["string", "string", "Float64"]


def test_short_and_empty_texts():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "text": ["", "Two words", "", "two WORDS"]})
    out = flag_duplicates(docs)
    assert out["duplicate_of"].tolist() == [pd.NA, pd.NA, "a", "b"]


@pytest.mark.parametrize("threshold", [0, -0.5, 1.5])
def test_bad_threshold(threshold):
    with pytest.raises(ValueError, match=rf"threshold must be in \(0, 1\]; got {threshold}"):
        flag_duplicates(pd.DataFrame({"doc_id": ["a"], "text": ["x"]}), threshold=threshold)


@pytest.mark.parametrize("missing", ["doc_id", "text"])
def test_missing_column(missing):
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["x"]}).drop(columns=missing)
    with pytest.raises(ValueError, match=rf"flag_duplicates needs a '{missing}' column; the frame has \["):
        flag_duplicates(docs)
