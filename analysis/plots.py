"""Plots of tidy frames. Every function is ``plot_<thing>(frame, ax=None) -> Axes`` and never shows.

Plots import no analysis stage: they take the frames the stages return.
"""

from __future__ import annotations

import pandas as pd


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    return ax


def plot_term_frequencies(frame: pd.DataFrame, ax=None, *, n: int = 20):
    """Horizontal bars of the *n* most frequent terms of a :func:`~analysis.stats.term_frequencies` frame."""
    ax = _axes(ax)
    top = frame.head(n).iloc[::-1]
    ax.barh(top["term"].astype(str), top["n"], color="#4c72b0")
    ax.set_xlabel("tokens")
    ax.set_title(f"Most frequent terms (top {min(n, len(frame))})")
    return ax


def plot_document_lengths(frame: pd.DataFrame, ax=None):
    """Bars of ``n_words`` per document from a :func:`~analysis.stats.summarize_documents` frame."""
    ax = _axes(ax)
    ax.bar(frame["doc_id"].astype(str), frame["n_words"], color="#55a868")
    ax.set_ylabel("words")
    ax.set_title("Document length")
    ax.tick_params(axis="x", rotation=45)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    return ax
