"""Plots of tidy frames. Every function is ``plot_<thing>(frame, ax=None) -> Axes`` and never shows.

Plots import no analysis stage: they take the frames the stages return.

Every text a plot draws is shown literally: titles, labels, annotations and
tick labels come from the data (document titles and ids, actor names, terms),
and matplotlib would read a pair of dollar signs in them (``Price $5 ... $3``)
as mathtext, mangling the text or failing to draw. So each function ends with
:func:`_literal`, which turns mathtext off on every text of its Axes
(``Text.set_parse_math(False)``), and names on an axis are given as fixed
tick positions and labels, so that every tick label exists when the function
returns (matplotlib makes the ticks of a categorical axis only when it draws,
with the global ``text.parse_math`` setting).
"""

from __future__ import annotations

import pandas as pd

from .checks import require_columns
from .schema import DOC_ID, SENT_ID

#: Up to this many documents a plot draws one bar or row per document; above it, their distribution (a
#: histogram, box plots), since thousands of bars or heatmap rows cannot be read.
PER_DOCUMENT_LIMIT = 30
#: Bins of the distribution histograms.
HISTOGRAM_BINS = 40


def _literal(ax):
    """Turn mathtext off on every text of *ax* (titles, labels, annotations, tick labels, legend): shown as given; return *ax*."""
    from matplotlib.text import Text

    for text in ax.findobj(Text):
        text.set_parse_math(False)
    return ax


def _barh_named(ax, names, values, **options):
    """Horizontal bars at 0, 1, ... labelled with *names* as fixed ticks (so :func:`_literal` reaches every label)."""
    names = [str(name) for name in names]
    positions = list(range(len(names)))
    bars = ax.barh(positions, list(values), **options)
    ax.set_yticks(positions, names)
    return bars


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    return ax


def plot_term_frequencies(frame: pd.DataFrame, ax=None, *, n: int = 20):
    """Horizontal bars of the *n* most frequent terms of a :func:`~analysis.stats.term_frequencies` frame."""
    ax = _axes(ax)
    top = frame.head(n).iloc[::-1]
    _barh_named(ax, top["term"], top["n"], color="#4c72b0")
    ax.set_xlabel("tokens")
    ax.set_title(f"Most frequent terms (top {min(n, len(frame))})")
    return _literal(ax)


def plot_document_lengths(frame: pd.DataFrame, ax=None):
    """Bars of ``n_words`` per document from a :func:`~analysis.stats.summarize_documents` frame.

    Above :data:`PER_DOCUMENT_LIMIT` documents, a histogram of their lengths
    with the median marked instead.
    """
    ax = _axes(ax)
    require_columns(frame, [DOC_ID, "n_words"], "plot_document_lengths")
    if len(frame) > PER_DOCUMENT_LIMIT:
        words = pd.to_numeric(frame["n_words"], errors="coerce").dropna()
        ax.hist(words, bins=HISTOGRAM_BINS, color="#55a868")
        if len(words):
            ax.axvline(words.median(), color="black", lw=1, ls="--", label=f"median {words.median():.0f} words")
            ax.legend(loc="upper right", fontsize="small")
        ax.set_xlabel("words")
        ax.set_ylabel("documents")
        ax.set_title(f"Document length ({len(words):,} documents)")
        return _literal(ax)
    positions = list(range(len(frame)))
    ax.bar(positions, frame["n_words"], color="#55a868")
    ax.set_xticks(positions, frame[DOC_ID].astype(str).tolist(), rotation=45, ha="right")
    ax.set_ylabel("words")
    ax.set_title("Document length")
    return _literal(ax)


def plot_sentiment_arc(frame: pd.DataFrame, ax=None, *, doc_id: str | None = None, window: int = 5):
    """Sentence compound through a document, with a centred rolling mean of *window* sentences.

    *frame* is a sentence-sentiment frame (``doc_id, sent_id, compound``); with
    several documents, *doc_id* picks one. Dashed lines mark the ±0.05
    thresholds of VADER's tone classes.
    """
    ax = _axes(ax)
    require_columns(frame, [DOC_ID, SENT_ID, "compound"], "plot_sentiment_arc")
    ids = frame[DOC_ID].unique()
    if doc_id is None:
        if len(ids) != 1:
            raise ValueError(f"plot_sentiment_arc needs doc_id= when the frame has several documents; it has {len(ids)}")
        doc_id = ids[0]
    elif doc_id not in set(ids):
        raise ValueError(f"doc_id {doc_id!r} is not in the frame; it has {sorted(map(str, ids))[:10]}")
    one = frame.loc[frame[DOC_ID] == doc_id].sort_values(SENT_ID)
    colors = ["#c44e52" if c <= -0.05 else "#55a868" if c >= 0.05 else "#8c8c8c" for c in one["compound"]]
    ax.bar(one[SENT_ID], one["compound"], color=colors, width=0.8)
    ax.plot(one[SENT_ID], one["compound"].rolling(window, center=True, min_periods=1).mean(), color="black", lw=1.5, label=f"rolling mean ({window} sentences)")
    for y in (-0.05, 0.05):
        ax.axhline(y, color="#8c8c8c", lw=0.8, ls="--")
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("sentence")
    ax.set_ylabel("VADER compound")
    ax.set_title(f"Sentiment arc: {doc_id}")
    ax.legend(loc="lower right", fontsize="small")
    return _literal(ax)


def plot_actor_network(frame: pd.DataFrame, ax=None, *, min_sentences: int = 1, top: int = 25):
    """Co-mention network of actors on a circle: edge width grows with shared sentences.

    *frame* is an edge table (``source, target, n_sentences``, as from
    :func:`analysis.actors.actor_edges`). Only edges with at least
    *min_sentences* are drawn, and only the *top* actors by weighted degree.
    """
    import math

    ax = _axes(ax)
    require_columns(frame, ["source", "target", "n_sentences"], "plot_actor_network")
    edges = frame.loc[frame["n_sentences"] >= min_sentences]
    degree = pd.concat([edges[["source", "n_sentences"]].rename(columns={"source": "actor"}),
                        edges[["target", "n_sentences"]].rename(columns={"target": "actor"})]).groupby("actor")["n_sentences"].sum()
    nodes = degree.sort_values(ascending=False).head(top)
    edges = edges.loc[edges["source"].isin(nodes.index) & edges["target"].isin(nodes.index)]
    angle = {actor: 2 * math.pi * i / max(len(nodes), 1) for i, actor in enumerate(sorted(nodes.index))}
    position = {a: (math.cos(t), math.sin(t)) for a, t in angle.items()}
    widest = max(edges["n_sentences"].max(), 1) if len(edges) else 1
    for row in edges.itertuples(index=False):
        (x1, y1), (x2, y2) = position[row.source], position[row.target]
        ax.plot([x1, x2], [y1, y2], color="#4c72b0", alpha=0.6, lw=0.5 + 4 * row.n_sentences / widest, zorder=1)
    biggest = max(nodes.max(), 1) if len(nodes) else 1
    for actor, (x, y) in position.items():
        ax.scatter([x], [y], s=80 + 600 * nodes[actor] / biggest, color="#dd8452", zorder=2, edgecolor="white")
        ax.annotate(str(actor), (x, y), xytext=(x * 1.15, y * 1.15), ha="center", va="center", fontsize="small")
    ax.set_xlim(-1.4, 1.4)
    ax.set_ylim(-1.4, 1.4)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("Actors named in the same sentence")
    return _literal(ax)


def plot_keyness(frame: pd.DataFrame, ax=None, *, top: int = 15, by: str = "g2", title: str = "Keyness"):
    """Diverging bars of the *top* most over-used (right) and under-used (left) terms of a keyness frame.

    *frame* is :func:`analysis.stats.keyness` output (``term`` and the signed
    statistic *by*: ``g2`` or ``log_ratio``); *title* is the plot's title.
    """
    ax = _axes(ax)
    require_columns(frame, ["term", by], "plot_keyness")
    ranked = frame.sort_values(by, ascending=False, kind="stable")
    shown = pd.concat([ranked.loc[ranked[by] > 0].head(top), ranked.loc[ranked[by] < 0].tail(top)]).drop_duplicates("term")
    shown = shown.sort_values(by, kind="stable")
    _barh_named(ax, shown["term"], shown[by], color=["#4c72b0" if v > 0 else "#c44e52" for v in shown[by]])
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel(f"{by} (positive: more in target)")
    ax.set_title(title)
    return _literal(ax)


def plot_dispersion(frame: pd.DataFrame, ax=None):
    """Lexical dispersion ("x-ray") plot: a tick where each term occurs, one row per document and term.

    *frame* is :func:`analysis.stats.locate_terms` output (``doc_id, term,
    relative_position``), after quanteda's ``textplot_xray``.
    """
    ax = _axes(ax)
    require_columns(frame, [DOC_ID, "term", "relative_position"], "plot_dispersion")
    rows = frame[[DOC_ID, "term"]].drop_duplicates().sort_values(["term", DOC_ID]).reset_index(drop=True)
    index = {(d, t): i for i, (d, t) in enumerate(zip(rows[DOC_ID], rows["term"]))}
    y = [index[(d, t)] for d, t in zip(frame[DOC_ID], frame["term"])]
    ax.scatter(frame["relative_position"], y, marker="|", s=200, color="#4c72b0")
    ax.set_yticks(range(len(rows)), [f"{t} · {d}" for d, t in zip(rows[DOC_ID], rows["term"])], fontsize="small")
    ax.set_xlim(0, 1)
    ax.set_xlabel("relative position in document")
    ax.set_title("Where the terms occur")
    return _literal(ax)


def plot_sentence_explanation(frame: pd.DataFrame, ax=None, *, title: str | None = None):
    """Why a sentence scored as it did: each word's valence after VADER's rules, as signed bars.

    *frame* is :func:`analysis.sentiment.explain_sentence` output (``word,
    valence``, with the punctuation-emphasis row last); words with no valence
    are shown as empty slots so the sentence reads top to bottom.
    """
    ax = _axes(ax)
    require_columns(frame, ["word", "valence"], "plot_sentence_explanation")
    labels = [str(w) if str(w) else "(punctuation)" for w in frame["word"]]
    values = frame["valence"].fillna(0.0)
    positions = list(range(len(frame)))[::-1]
    ax.barh(positions, values, color=["#55a868" if v > 0 else "#c44e52" if v < 0 else "#cccccc" for v in values])
    ax.set_yticks(positions, labels, fontsize="small")
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel("valence after VADER's rules (summed, then normalised to compound)")
    ax.set_title(title or "Word contributions")
    return _literal(ax)


def plot_actor_tone(frame: pd.DataFrame, ax=None, *, top: int = 15):
    """Stacked shares of positive, neutral and negative sentences mentioning each actor.

    *frame* is :func:`analysis.sentiment.actor_tone` output; bars are labelled
    with the number of sentences they rest on.
    """
    ax = _axes(ax)
    require_columns(frame, ["actor", "n_sentences", "share_positive", "share_neutral", "share_negative"], "plot_actor_tone")
    shown = frame.sort_values("n_sentences", ascending=False, kind="stable").head(top).iloc[::-1]
    left = pd.Series(0.0, index=shown.index)
    for column, color, label in (("share_negative", "#c44e52", "negative"), ("share_neutral", "#bbbbbb", "neutral"), ("share_positive", "#55a868", "positive")):
        _barh_named(ax, shown["actor"], shown[column], left=left, color=color, label=label)
        left = left + shown[column]
    for y, n in enumerate(shown["n_sentences"]):
        ax.annotate(f"n={n}", (1.01, y), va="center", fontsize="small", annotation_clip=False)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the sentences that mention the actor")
    ax.set_title("Tone of the sentences naming each actor")
    ax.legend(loc="lower right", fontsize="small")
    return _literal(ax)


def plot_frame_salience(frame: pd.DataFrame, ax=None, *, value: str = "sentence_share", by: str = DOC_ID):
    """Heatmap of frame salience: documents (or groups, *by*) in rows, frames in columns, coloured by *value*.

    *frame* is :func:`analysis.framing.frame_salience` output (``doc_id, frame``
    and *value*: ``sentence_share``, ``hits_per_1k`` or ``hits``), or any
    frame with a *by* column such as :func:`analysis.compare.frames_by_group`;
    each cell is annotated with its value. An empty frame gives an empty,
    titled plot. With more than :data:`PER_DOCUMENT_LIMIT` rows (documents
    or groups), one box plot per frame of *value* over them instead, each
    frame labelled with the share of rows where it is present.
    """
    ax = _axes(ax)
    require_columns(frame, [by, "frame", value], "plot_frame_salience")
    if frame[by].nunique() > PER_DOCUMENT_LIMIT:
        return _salience_boxes(ax, frame, value=value, by=by)
    wide = frame.pivot_table(index=by, columns="frame", values=value, aggfunc="sum", fill_value=0, sort=False)
    top = wide.to_numpy(dtype=float).max() if wide.size else 0
    return _heatmap(ax, wide, title=f"Frame salience ({value})", fmt="{:.2f}" if top <= 1 else "{:.0f}")


def plot_frame_cooccurrence(frame: pd.DataFrame, ax=None, *, value: str = "jaccard"):
    """Symmetric heatmap of how often two frames share a sentence (*value*: ``jaccard`` or ``n_both``).

    *frame* is :func:`analysis.framing.frame_cooccurrence` output (``frame_a, frame_b`` and *value*).
    """
    ax = _axes(ax)
    require_columns(frame, ["frame_a", "frame_b", value], "plot_frame_cooccurrence")
    both = pd.concat([frame, frame.rename(columns={"frame_a": "frame_b", "frame_b": "frame_a"})], ignore_index=True)
    wide = both.pivot_table(index="frame_a", columns="frame_b", values=value, aggfunc="first", fill_value=0)
    names = sorted(set(wide.index) | set(wide.columns))
    wide = wide.reindex(index=names, columns=names, fill_value=0)
    return _heatmap(ax, wide, title=f"Frames in the same sentence ({value})", fmt="{:.2f}" if value == "jaccard" else "{:.0f}")


def plot_sentence_tone(frame: pd.DataFrame, ax=None, *, by: str = "group", title: str | None = None):
    """Box plots of sentence compound, one per value of *by* (a group, a role), each labelled with its number of sentences.

    *frame* has the column *by* and ``compound`` (VADER, one row per
    sentence), e.g. :func:`analysis.compare.add_groups` on the sentence
    table. Boxes: quartiles; whiskers: 1.5 × IQR; dots: outliers. Values of
    *by* in the order they first occur; sentences without a compound are left
    out. *title* replaces "Sentence tone by <by>".
    """
    ax = _axes(ax)
    require_columns(frame, [by, "compound"], "plot_sentence_tone")
    kept = frame.loc[frame["compound"].notna(), [by, "compound"]]
    names = [str(n) for n in pd.unique(kept[by].astype(str))]
    values = [kept.loc[kept[by].astype(str) == n, "compound"].to_numpy(dtype=float) for n in names]
    ax.boxplot(values, flierprops={"markersize": 3, "alpha": 0.5})  # upright: no orientation argument, any matplotlib
    ax.set_xticks(range(1, len(names) + 1), [f"{n} (n={len(v)})" for n, v in zip(names, values)], rotation=30, ha="right")
    ax.axhline(0, color="#8c8c8c", lw=0.8, ls="--")
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("sentence compound (VADER)")
    ax.set_title(title or f"Sentence tone by {by}")
    return _literal(ax)


def plot_frame_sentiment(frame: pd.DataFrame, ax=None):
    """Mean VADER compound of the sentences carrying each frame, with ±1 sd, labelled with n sentences.

    *frame* is :func:`analysis.framing.frame_sentiment` output (``frame,
    n_sentences, mean_compound, sd_compound``), corpus-level.
    """
    ax = _axes(ax)
    require_columns(frame, ["frame", "n_sentences", "mean_compound"], "plot_frame_sentiment")
    shown = frame.sort_values("mean_compound", kind="stable")
    error = shown["sd_compound"].fillna(0) if "sd_compound" in shown.columns else None
    _barh_named(ax, shown["frame"], shown["mean_compound"], xerr=error, color="#8172b2", ecolor="#555555", capsize=3)
    for y, (m, n) in enumerate(zip(shown["mean_compound"], shown["n_sentences"])):
        ax.annotate(f"n={n}", (1.02, y), xycoords=("axes fraction", "data"), va="center", fontsize="small", annotation_clip=False)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlim(-1, 1)
    ax.set_xlabel("mean sentence compound")
    ax.set_title("Tone of the sentences carrying each frame")
    return _literal(ax)


def _salience_boxes(ax, frame: pd.DataFrame, *, value: str, by: str):
    wide = frame.pivot_table(index=by, columns="frame", values=value, aggfunc="sum", fill_value=0, sort=False)
    names = [str(c) for c in wide.columns]
    present = (wide > 0).mean()
    ax.boxplot([wide[c].to_numpy(dtype=float) for c in wide.columns], flierprops={"markersize": 2, "alpha": 0.3})  # upright: no orientation argument, any matplotlib
    ax.set_xticks(range(1, len(names) + 1), [f"{n} (in {p:.0%})" for n, p in zip(names, present)], rotation=45, ha="right", fontsize="small")
    ax.set_ylabel(value)
    ax.set_title(f"Frame salience ({value}) over {len(wide):,} {'documents' if by == DOC_ID else by}")
    return _literal(ax)


def _heatmap(ax, wide: pd.DataFrame, *, title: str, fmt: str):
    if wide.empty:
        ax.set_title(f"{title}: nothing to show")
        ax.axis("off")
        return _literal(ax)
    image = ax.imshow(wide.to_numpy(dtype=float), cmap="Blues", aspect="auto")
    ax.set_xticks(range(wide.shape[1]), [str(c) for c in wide.columns], rotation=45, ha="right", fontsize="small")
    ax.set_yticks(range(wide.shape[0]), [str(i) for i in wide.index], fontsize="small")
    top = wide.to_numpy(dtype=float).max() if wide.size else 0
    for (i, j), v in pd.DataFrame(wide.to_numpy(dtype=float)).stack().items():
        ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize="x-small", color="white" if top and v > top / 2 else "black")
    ax.figure.colorbar(image, ax=ax, shrink=0.8)
    ax.set_title(title)
    return _literal(ax)


