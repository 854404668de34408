"""HTML views: article text is always escaped; marks land on the right characters."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.display import PALETTE, highlight, kwic_html, note, show_plot


def test_script_in_text_is_shown_as_text():
    text = 'Baku <script>alert("x")</script> hosts talks'
    page = str(highlight(text, pd.DataFrame({"start": [0], "end": [4], "actor": ["<b>az</b>"]}), label="actor", title="<i>t</i>"))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>az</b>" not in page and "&lt;b&gt;az&lt;/b&gt;" in page
    assert "<i>t</i>" not in page


def test_marks_cover_exactly_the_spans_with_one_colour_per_label():
    text = "Azerbaijan and Kazakhstan met Russia."
    spans = pd.DataFrame({"start": [0, 15, 30], "end": [10, 25, 36], "actor": ["az", "kz", "az"]})
    page = str(highlight(text, spans, label="actor"))
    assert f'<mark title="az" style="background:{PALETTE[0]}">Azerbaijan</mark>' in page
    assert f'<mark title="kz" style="background:{PALETTE[1]}">Kazakhstan</mark>' in page
    assert f'<mark title="az" style="background:{PALETTE[0]}">Russia</mark>' in page
    assert page.endswith(".</div>")


def test_overlapping_and_out_of_range_spans_are_skipped():
    page = str(highlight("abcdef", pd.DataFrame({"start": [0, 2, 4], "end": [3, 5, 99]})))
    assert page.count("<mark") == 1 and ">abc</mark>def<" in page


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match=r"highlight: spans needs column\(s\) \['frame'\]; the frame has"):
        highlight("x", pd.DataFrame({"start": [0], "end": [1]}), label="frame")
    with pytest.raises(ValueError, match=r"kwic_html needs column\(s\) \['matched'\]"):
        kwic_html(pd.DataFrame({"left": ["a"], "right": ["b"]}))


def test_kwic_puts_the_match_in_bold_and_escapes():
    frame = pd.DataFrame({"left": ["<a>"], "matched": ["corridor"], "right": ["&"], "doc_id": ["d1"]})
    page = str(kwic_html(frame, columns=["doc_id"]))
    assert "<td><b>corridor</b></td>" in page and "&lt;a&gt;" in page and "&amp;" in page and "<td>d1</td>" in page


def test_show_table_bounds_a_long_table_and_says_where_the_whole_one_is():
    from analysis.display import show_table

    frame = pd.DataFrame({"doc_id": [f"<d{i}>" for i in range(7)], "n": range(7)})
    assert show_table(frame, name="lengths", rows=7) is frame  # short enough: the frame itself, as before
    page = str(show_table(frame, name="lengths", rows=3, tables_dir="/runs/r/report/.report.partial/tables"))
    assert page.count("&lt;d") == 3  # three rows
    assert "&lt;d2&gt;" in page and "&lt;d3&gt;" not in page and "<d2>" not in page
    assert 'Showing the first 3 of 7 rows; the whole table: <a href="tables/lengths.csv">tables/lengths.csv</a>' in page
    assert "written as lengths.csv to tables_dir when it is set" in str(show_table(frame, name="lengths", rows=3))
    with pytest.raises(ValueError, match="show_table: rows must be a whole number of at least 1; got 0"):
        show_table(frame, name="lengths", rows=0)


def test_note_is_escaped_prose_and_refuses_nothing_to_say():
    assert str(note("No <b>terms</b> & no plot.")) == '<p class="analysis-note"><i>No &lt;b&gt;terms&lt;/b&gt; &amp; no plot.</i></p>'
    with pytest.raises(ValueError, match="note: text must be a non-empty string; got ''"):
        note("")


def test_show_plot_draws_a_frame_with_rows_and_says_why_instead_of_drawing_empty_axes():
    calls = []

    def plot(frame, *, n):
        calls.append((len(frame), n))

    assert show_plot(plot, pd.DataFrame({"term": ["baku"]}), n=3, empty="no terms") is None
    assert calls == [(1, 3)]
    shown = show_plot(plot, pd.DataFrame({"term": []}), n=3, empty="No terms: no document is in English.")
    assert calls == [(1, 3)]  # not called on an empty frame
    assert str(shown) == '<p class="analysis-note"><i>No terms: no document is in English.</i></p>'


def test_show_plot_refuses_what_is_not_a_plot_or_a_frame():
    with pytest.raises(TypeError, match="show_plot: plot must be a plot function"):
        show_plot("plot_keyness", pd.DataFrame(), empty="nothing")
    with pytest.raises(TypeError, match="show_plot needs a pandas DataFrame; got list"):
        show_plot(print, [], empty="nothing")
    with pytest.raises(ValueError, match="show_plot: empty must say why there is nothing to draw"):
        show_plot(print, pd.DataFrame({"x": [1]}), empty="")
