"""Tests of analysis.metrics: one ratio and one precision/recall/F1, hand-computed, NaN where undefined."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.metrics import precision_recall_f1, ratio


def test_ratio_keeps_the_index_and_is_nan_where_the_denominator_is_zero():
    got = ratio(pd.Series([1, 2, 3], index=[5, 6, 7]), pd.Series([4, 0, 3], index=[5, 6, 7]))
    assert got.index.tolist() == [5, 6, 7]
    assert got.iloc[0] == 0.25 and math.isnan(got.iloc[1]) and got.iloc[2] == 1.0


def test_ratio_of_numbers_and_arrays():
    assert ratio(1, 4) == 0.25
    assert math.isnan(ratio(0, 0))
    assert np.array_equal(ratio(np.array([1.0, 1.0]), np.array([2.0, np.nan])), np.array([0.5, np.nan]), equal_nan=True)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((3, 1, 2), (3 / 4, 3 / 5, 6 / 9)),  # P = 3/4, R = 3/5, F1 = 2*3 / (6 + 1 + 2)
        ((0, 0, 0), (math.nan, math.nan, math.nan)),
        ((0, 2, 0), (0.0, math.nan, 0.0)),
    ],
)
def test_precision_recall_f1_hand_computed(counts, expected):
    got = precision_recall_f1(*counts)
    assert all((math.isnan(g) and math.isnan(e)) or g == e for g, e in zip(got, expected))
    assert all(isinstance(g, float) for g in got)


def test_precision_recall_f1_on_arrays_equals_the_scalar_form():
    tp, fp, fn = np.array([3, 0, 5]), np.array([1, 0, 0]), np.array([2, 0, 1])
    precision, recall, f1 = precision_recall_f1(tp, fp, fn)
    for i in range(3):
        expected = precision_recall_f1(int(tp[i]), int(fp[i]), int(fn[i]))
        assert np.allclose([precision[i], recall[i], f1[i]], expected, equal_nan=True)
