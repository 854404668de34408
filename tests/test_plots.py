"""Plots: each takes a tidy frame, draws what the frame says on the Axes it is given, and names missing columns."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import plots  # noqa: E402


@pytest.fixture
def ax():
    figure, axes = plt.subplots()
    yield axes
    plt.close(figure)


def bar_widths(ax) -> list[float]:
    return [round(p.get_width(), 6) for p in ax.patches]


def test_term_frequencies_draws_top_n_in_reading_order(ax):
    frame = pd.DataFrame({"term": ["baku", "astana", "tashkent"], "n": [5, 3, 1], "n_docs": [2, 2, 1]})
    assert plots.plot_term_frequencies(frame, ax, n=2) is ax
    assert bar_widths(ax) == [3, 5]  # barh draws bottom-up: the most frequent ends on top
    assert [t.get_text() for t in ax.get_yticklabels()] == ["astana", "baku"]


def test_document_lengths(ax):
    frame = pd.DataFrame({"doc_id": ["a", "b"], "n_words": [10, 4]})
    plots.plot_document_lengths(frame, ax)
    assert [p.get_height() for p in ax.patches] == [10, 4]


def test_sentiment_arc_colours_by_tone_class(ax):
    frame = pd.DataFrame({"doc_id": ["d"] * 3, "sent_id": [0, 1, 2], "compound": [0.5, 0.0, -0.3]})
    plots.plot_sentiment_arc(frame, ax, window=1)
    colours = [matplotlib.colors.to_hex(p.get_facecolor()) for p in ax.patches]
    assert colours == ["#55a868", "#8c8c8c", "#c44e52"]
    assert list(ax.lines[0].get_ydata()) == [0.5, 0.0, -0.3]  # a window of 1 is the scores themselves


def test_sentiment_arc_needs_a_document_when_there_are_several(ax):
    frame = pd.DataFrame({"doc_id": ["a", "b"], "sent_id": [0, 0], "compound": [0.1, 0.2]})
    with pytest.raises(ValueError, match="needs doc_id= when the frame has several documents; it has 2"):
        plots.plot_sentiment_arc(frame, ax)
    with pytest.raises(ValueError, match="doc_id 'c' is not in the frame"):
        plots.plot_sentiment_arc(frame, ax, doc_id="c")


def test_actor_network_draws_one_line_per_edge_and_one_node_per_actor(ax):
    edges = pd.DataFrame({"source": ["az", "az", "cn"], "target": ["kz", "ru", "ru"], "n_sentences": [4, 1, 2]})
    plots.plot_actor_network(edges, ax, min_sentences=2)
    assert len(ax.lines) == 2  # az-ru has 1 sentence: below min_sentences
    assert len(ax.collections) == 4  # az, kz, cn, ru


def test_keyness_shows_both_directions(ax):
    frame = pd.DataFrame({"term": ["a", "b", "c", "d"], "g2": [9.0, 3.0, -2.0, -8.0]})
    plots.plot_keyness(frame, ax, top=1)
    assert sorted(bar_widths(ax)) == [-8.0, 9.0]


def test_dispersion_one_row_per_document_and_term(ax):
    frame = pd.DataFrame({"doc_id": ["a", "a", "b"], "term": ["x", "x", "x"], "relative_position": [0.1, 0.9, 0.5]})
    plots.plot_dispersion(frame, ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["x · a", "x · b"]
    assert ax.collections[0].get_offsets().tolist() == [[0.1, 0.0], [0.9, 0.0], [0.5, 1.0]]


def test_sentence_explanation_bars_follow_the_words(ax):
    frame = pd.DataFrame({"word": ["not", "good", ""], "valence": [0.0, -1.406, 0.0]})
    plots.plot_sentence_explanation(frame, ax)
    assert bar_widths(ax) == [0.0, -1.406, 0.0]
    height = {t.get_text(): y for t, y in zip(ax.get_yticklabels(), ax.get_yticks())}
    assert height == {"not": 2, "good": 1, "(punctuation)": 0}  # the sentence reads top to bottom


def test_actor_tone_stacks_to_one(ax):
    frame = pd.DataFrame({"actor": ["eu"], "n_sentences": [4], "share_positive": [0.5], "share_neutral": [0.25], "share_negative": [0.25]})
    plots.plot_actor_tone(frame, ax)
    assert sum(bar_widths(ax)) == pytest.approx(1.0)


def test_frame_salience_heatmap_cells(ax):
    frame = pd.DataFrame({"doc_id": ["a", "a", "b"], "frame": ["security", "status", "security"], "sentence_share": [0.5, 0.25, 1.0]})
    plots.plot_frame_salience(frame, ax)
    assert ax.images[0].get_array().tolist() == [[0.5, 0.25], [1.0, 0.0]]
    assert sorted(t.get_text() for t in ax.texts) == ["0.00", "0.25", "0.50", "1.00"]


def test_frame_cooccurrence_is_symmetric(ax):
    frame = pd.DataFrame({"frame_a": ["security"], "frame_b": ["status"], "jaccard": [0.4]})
    plots.plot_frame_cooccurrence(frame, ax)
    assert ax.images[0].get_array().tolist() == [[0.0, 0.4], [0.4, 0.0]]


def test_frame_sentiment_sorted_by_mean(ax):
    frame = pd.DataFrame({"frame": ["a", "b"], "n_sentences": [3, 5], "mean_compound": [0.4, -0.2], "sd_compound": [0.1, 0.2]})
    plots.plot_frame_sentiment(frame, ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["b", "a"]


@pytest.mark.parametrize(
    "function,columns",
    [
        (plots.plot_sentiment_arc, ["doc_id", "sent_id", "compound"]),
        (plots.plot_actor_network, ["source", "target", "n_sentences"]),
        (plots.plot_keyness, ["term", "g2"]),
        (plots.plot_frame_salience, ["doc_id", "frame", "sentence_share"]),
        (plots.plot_frame_sentiment, ["frame", "n_sentences", "mean_compound"]),
    ],
)
def test_missing_columns_are_named(ax, function, columns):
    with pytest.raises(ValueError, match=re.escape(f"needs column(s) {columns}; the frame has ['other']")):
        function(pd.DataFrame({"other": [1]}), ax)


def test_a_new_figure_when_no_axes_is_given():
    ax = plots.plot_document_lengths(pd.DataFrame({"doc_id": ["a"], "n_words": [3]}))
    assert ax.figure is not None
    plt.close(ax.figure)


def test_frame_salience_of_nothing_is_an_empty_titled_plot(ax):
    empty = pd.DataFrame({"doc_id": pd.Series([], dtype=str), "frame": pd.Series([], dtype=str), "sentence_share": pd.Series([], dtype=float)})
    plots.plot_frame_salience(empty, ax)
    assert ax.get_title() == "Frame salience (sentence_share): nothing to show" and not ax.images


def test_frame_salience_by_group(ax):
    frame = pd.DataFrame({"group": ["news", "op-ed"], "frame": ["security", "security"], "hits_per_1k": [3.0, 12.0]})
    plots.plot_frame_salience(frame, ax, value="hits_per_1k", by="group")
    assert ax.images[0].get_array().tolist() == [[3.0], [12.0]]
    assert sorted(t.get_text() for t in ax.texts) == ["12", "3"]


def test_document_lengths_of_many_documents_is_a_histogram_with_the_median(ax):
    n = plots.PER_DOCUMENT_LIMIT + 1
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "n_words": [100] * (n - 1) + [500]})
    plots.plot_document_lengths(frame, ax)
    assert len(ax.patches) == plots.HISTOGRAM_BINS and sum(p.get_height() for p in ax.patches) == n  # every document counted once
    assert ax.get_legend().get_texts()[0].get_text() == "median 100 words"
    assert ax.get_title() == f"Document length ({n} documents)"


def test_frame_salience_of_many_documents_is_one_box_per_frame_with_the_share_present(ax):
    n = plots.PER_DOCUMENT_LIMIT + 1
    docs = [f"d{i}" for i in range(n)]
    frame = pd.DataFrame({"doc_id": docs * 2, "frame": ["security"] * n + ["status"] * n,
                          "sentence_share": [0.5] * n + [0.0] * (n - 1) + [1.0]})
    plots.plot_frame_salience(frame, ax)
    assert not ax.images  # no heatmap of n rows
    assert [t.get_text() for t in ax.get_xticklabels()] == ["security (in 100%)", f"status (in {1 / n:.0%})"]
    assert ax.get_title() == f"Frame salience (sentence_share) over {n} documents"


#: Texts matplotlib would read as mathtext or otherwise mangle: each must be drawn exactly as given.
SPECIAL_TEXTS = ["Price $5 #1 deal $3", "a_b^c", "back\\slash", "100% {braces}", "$x$"]


def special_frames(texts):
    """One frame per plotting function, with *texts* wherever the data reaches a title, label, annotation or tick label."""
    n = len(texts)
    return {
        "plot_term_frequencies": ({}, pd.DataFrame({"term": texts, "n": range(n, 0, -1), "n_docs": 1})),
        "plot_document_lengths": ({}, pd.DataFrame({"doc_id": texts, "n_words": range(1, n + 1)})),
        "plot_sentiment_arc": ({}, pd.DataFrame({"doc_id": texts[0], "sent_id": [0, 1], "compound": [0.2, -0.2]})),
        "plot_actor_network": ({}, pd.DataFrame({"source": texts[:-1], "target": texts[1:], "n_sentences": 1})),
        "plot_keyness": ({}, pd.DataFrame({"term": texts, "g2": [5.0, 3.0, -1.0, -2.0, 4.0]})),
        "plot_dispersion": ({}, pd.DataFrame({"doc_id": "d", "term": texts, "relative_position": 0.5})),
        "plot_sentence_explanation": ({"title": texts[0]}, pd.DataFrame({"word": texts, "valence": [1.0, -1.0, 0.0, 0.5, 0.2]})),
        "plot_actor_tone": ({}, pd.DataFrame({"actor": texts, "n_sentences": range(1, n + 1), "share_positive": 0.2,
                                                  "share_neutral": 0.5, "share_negative": 0.3})),
        "plot_frame_salience": ({}, pd.DataFrame({"doc_id": texts, "frame": texts[::-1], "sentence_share": 0.5})),
        "plot_frame_cooccurrence": ({}, pd.DataFrame({"frame_a": texts[:-1], "frame_b": texts[1:], "jaccard": 0.5})),
        "plot_frame_sentiment": ({}, pd.DataFrame({"frame": texts, "n_sentences": 2, "mean_compound": 0.1, "sd_compound": 0.1})),
        "plot_sentence_tone": ({}, pd.DataFrame({"group": texts, "compound": [0.1, -0.2, 0.3, 0.0, 0.5]})),
    }


def test_every_plotting_function_is_checked_for_literal_text():
    assert sorted(special_frames(SPECIAL_TEXTS)) == sorted(name for name in dir(plots) if name.startswith("plot_"))


@pytest.mark.parametrize("name", sorted(special_frames(SPECIAL_TEXTS)))
def test_text_from_the_data_is_drawn_literally_never_as_mathtext(name, tmp_path):
    from matplotlib.text import Text

    options, frame = special_frames(SPECIAL_TEXTS)[name]
    figure, ax = plt.subplots()
    try:
        getattr(plots, name)(frame, ax, **options)
        figure.savefig(tmp_path / "plot.png")  # mathtext would fail on "Price $5 #1 deal $3" here
        texts = [t for t in figure.findobj(Text) if t.get_text() and t.get_visible()]
        drawn = {t.get_text() for t in texts}
        shown = SPECIAL_TEXTS[:1] if name == "plot_sentiment_arc" else SPECIAL_TEXTS  # the arc shows only its document's id
        for special in shown:  # every text of the data reached the plot as written (a tick label may add to it: "term · doc")
            assert any(special in text for text in drawn), f"{name}: {special!r} is not drawn; drawn: {sorted(drawn)}"
        for text in texts:
            if any(special in text.get_text() for special in SPECIAL_TEXTS):
                assert not text.get_parse_math(), f"{name}: {text.get_text()!r} would be read as mathtext"
    finally:
        plt.close(figure)


def test_sentence_tone_one_box_per_group_in_first_seen_order_labelled_with_its_sentences(ax):
    frame = pd.DataFrame({"group": ["news", "news", "news", "op-ed", "op-ed", "news"],
                          "compound": [0.5, -0.5, 0.1, 0.2, None, 0.3]})
    plots.plot_sentence_tone(frame, ax, title="Sentence tone by genre")
    # news: 4 sentences, median of (-0.5, 0.1, 0.3, 0.5) = 0.2; op-ed: its sentence without a compound is left out
    assert [t.get_text() for t in ax.get_xticklabels()] == ["news (n=4)", "op-ed (n=1)"]
    flat = {round(float(line.get_ydata()[0]), 6) for line in ax.lines if len(line.get_ydata()) == 2 and line.get_ydata()[0] == line.get_ydata()[1]}
    assert {-0.5, 0.2, 0.5} <= flat  # news: caps at its lowest and highest sentence, the median between 0.1 and 0.3
    assert ax.get_title() == "Sentence tone by genre" and ax.get_ylim() == (-1.05, 1.05)
    other = plots.plot_sentence_tone(frame, plt.subplots()[1])
    assert other.get_title() == "Sentence tone by group"
    plt.close(other.figure)


def test_keyness_takes_a_title(ax):
    plots.plot_keyness(pd.DataFrame({"term": ["a", "b"], "g2": [2.0, -1.0]}), ax, title="Keyness: genre = news against the rest")
    assert ax.get_title() == "Keyness: genre = news against the rest"


def test_a_title_with_two_dollar_signs_is_drawn_as_written(ax, tmp_path):
    frame = pd.DataFrame({"word": ["deal"], "valence": [1.0]})
    plots.plot_sentence_explanation(frame, ax, title="Price $5 #1 deal $3")
    ax.figure.savefig(tmp_path / "plot.png")
    assert ax.get_title() == "Price $5 #1 deal $3" and not ax.title.get_parse_math()
    renderer = ax.figure.canvas.get_renderer()
    assert ax.title.get_window_extent(renderer).width > 0
