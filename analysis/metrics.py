"""Ratios and agreement counts shared by every measure: one definition each.

- :func:`ratio` divides and leaves a ratio whose denominator is zero undefined
  (NaN), never 0: a document with no words has no share of anything.
- :func:`precision_recall_f1` from true-positive, false-positive and
  false-negative counts (van Rijsbergen 1979; Manning, Raghavan & Schütze 2008,
  sec. 8.3): ``P = tp / (tp + fp)``, ``R = tp / (tp + fn)``,
  ``F1 = 2 tp / (2 tp + fp + fn)``, each NaN where its denominator is 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def ratio(numerator, denominator):
    """``numerator / denominator``, NaN where the denominator is 0 (or missing).

    Series in, Series out (the numerator's index); arrays and numbers give a
    float64 array or a float.

    >>> ratio(pd.Series([1, 2, 3]), pd.Series([2, 0, 4])).tolist()
    [0.5, nan, 0.75]
    >>> ratio(3, 0)
    nan
    """
    index = numerator.index if isinstance(numerator, pd.Series) else None
    num = np.asarray(numerator, dtype="float64")
    den = np.asarray(denominator, dtype="float64")
    defined = (den != 0) & ~np.isnan(den)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(defined, num / np.where(defined, den, 1.0), np.nan)
    if index is not None:
        return pd.Series(out, index=index)
    return float(out) if out.ndim == 0 else out


def precision_recall_f1(tp, fp, fn):
    """Return ``(precision, recall, f1)`` from counts; numbers give floats, arrays give arrays.

    >>> precision_recall_f1(1, 1, 2)
    (0.5, 0.3333333333333333, 0.4)
    >>> precision_recall_f1(0, 0, 3)
    (nan, 0.0, 0.0)
    """
    tp, fp, fn = (np.asarray(x, dtype="float64") for x in (tp, fp, fn))
    return ratio(tp, tp + fp), ratio(tp, tp + fn), ratio(2 * tp, 2 * tp + fp + fn)
