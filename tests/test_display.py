"""HTML views: article text is always escaped; marks land on the right characters."""

from __future__ import annotations

import json
import re

import nbformat
import numpy as np
import pandas as pd
import pytest

from analysis.display import (MAX_ROWS, PAGE_ROWS, PALETTE, describe_columns, format_table, highlight, init_tables, kwic_html, note,
                              show_plot, show_table)


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


# --------------------------------------------------------------------------- tables


def _data(page: str) -> list[list[str]]:
    """The rows an interactive table carries (itables' ``data_json`` in the page)."""
    found = re.findall(r'"data_json": ("(?:[^"\\]|\\.)*")', page)
    assert len(found) == 1
    return json.loads(json.loads(found[0]))


def _remote(page: str) -> list[str]:
    """Every address a page would fetch from the network: script and style sources, stylesheet links, imports."""
    return re.findall(r"""(?:<(?:script|link|img|iframe)[^>]+(?:src|href)\s*=\s*["']?|@import\s+(?:url\()?["']?|\bimport\b[^;'"]*['"]|\bimport\(\s*['"]|url\(\s*["']?)(?:https?:)?//[^\s"')>]+""", page)


def _long(n: int) -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": [f"d{i:03d}" for i in range(n)],
        "title": ['Tashkent <script>alert("x")</script> welcomes Baku'] + [f"Title {i}" for i in range(1, n)],
        "n_words": [1000 + i for i in range(n)],
        "share_positive": [i / n for i in range(n)],
    })


def test_format_table_writes_each_column_in_its_format():
    frame = pd.DataFrame({
        "doc_id": ["a", "b"],
        "n_words": [1234, 56],  # count: thousands separators
        "share_positive": [0.857, 0.1],  # share: a percentage
        "pct_positive": [7.14, 12.0],  # already in percent
        "compound": [0.40946, -0.0001],  # tone: three decimals (columns.toml), and no "-0.000"
        "g2": [12.58, 1234.5],  # G2: one decimal
        "p_value": [0.0004, 0.25],
        "ratio": [125.0, 62.5],  # not in columns.toml: three significant digits of its typical value (median 93.75: one decimal)
        "tiny": [0.0012, 0.0034],  # median 0.0023: three decimals at most (not ratio's two: their magnitudes differ)
        "scored": [True, False],
    })
    shown = format_table(frame)
    assert shown.to_dict("list") == {
        "doc_id": ["a", "b"],
        "n_words": ["1,234", "56"],
        "share_positive": ["85.7%", "10.0%"],
        "pct_positive": ["7.1%", "12.0%"],
        "compound": ["0.409", "0.000"],
        "g2": ["12.6", "1,234.5"],
        "p_value": ["<0.001", "0.250"],
        "ratio": ["125.0", "62.5"],
        "tiny": ["0.001", "0.003"],
        "scored": ["yes", "no"],
    }
    assert frame["n_words"].tolist() == [1234, 56]  # the frame given is not changed


def test_missing_values_are_blank_never_nan_or_na():
    frame = pd.DataFrame({
        "title": pd.array(["One", pd.NA], dtype="string"),
        "outlet": [None, "AZERTAC"],
        "n_words": pd.array([pd.NA, 12], dtype="Int64"),
        "compound": [np.nan, 0.5],
        "date": pd.to_datetime(["2024-05-01", None]),
        "scored": pd.array([True, pd.NA], dtype="boolean"),
    })
    shown = format_table(frame)
    assert shown.to_dict("list") == {"title": ["One", ""], "outlet": ["", "AZERTAC"], "n_words": ["", "12"], "compound": ["", "0.500"],
                                     "date": ["2024-05-01", ""], "scored": ["yes", ""]}
    assert '<td class="nw">2024-05-01</td>' in str(show_table(frame, name="t"))  # a date on one line
    for page in (str(show_table(frame, name="t")), str(show_table(pd.concat([frame] * 20, ignore_index=True), name="t", rows=5))):
        assert not re.search(r"&lt;NA&gt;|<NA>|\bnan\b|\bNaN\b|\bNaT\b|\bNone\b", page)


def test_row_numbers_are_dropped_and_a_named_index_is_a_column():
    filtered = pd.DataFrame({"doc_id": ["a", "b", "c"], "n_words": [1, 2, 3]}).iloc[[0, 2]]  # index 0, 2
    assert format_table(filtered).to_dict("list") == {"doc_id": ["a", "c"], "n_words": ["1", "3"]}
    assert list(format_table(filtered).index) == [0, 1]
    page = str(show_table(filtered, name="t"))
    assert page.count("<td") == 4 and ">2</td>" not in page  # two rows of two cells: no index cell
    pivot = pd.DataFrame({"group": ["news", "op-ed", "news"], "frame": ["trade", "trade", "security"], "mean_sentence_share": [0.25, 0.5, 0.125]})
    pivot = pivot.pivot(index="group", columns="frame", values="mean_sentence_share")
    assert format_table(pivot).to_dict("list") == {"group": ["news", "op-ed"], "security": ["0.125", ""], "trade": ["0.250", "0.500"]}
    assert describe_columns(pivot)["label"].tolist() == ["Group", "Security", "Trade"]
    per_1k = pd.DataFrame({"doc_id": ["a", "b"], "trade": [8.4, 31.5], "security": [4.2, 0.69]})  # 2 and 1 decimals alone: 2 for both
    assert format_table(per_1k).to_dict("list") == {"doc_id": ["a", "b"], "trade": ["8.40", "31.50"], "security": ["4.20", "0.69"]}


def test_headers_are_words_with_the_id_in_a_tooltip_and_the_legend():
    frame = pd.DataFrame({"doc_id": ["a"], "n_words": [5], "frame_x_y": ["z"], "text": ["Long words"]})
    columns = describe_columns(frame)
    assert columns[["column", "label", "format", "numeric"]].to_dict("list") == {
        "column": ["doc_id", "n_words", "frame_x_y", "text"], "label": ["Document", "Words", "Frame x y", "Text"],
        "format": ["text", "count", "text", "text"], "numeric": [False, True, False, False]}
    page = str(show_table(frame, name="t"))
    assert '<th title="doc_id">Document</th><th title="n_words" class="n">Words</th><th title="frame_x_y">Frame x y</th>' in page
    assert "<td>a</td><td class=\"n\">5</td>" in page  # text left-aligned (the default), numbers right
    assert "<summary>Column names in the CSV</summary>" in page and "Words: <code>n_words</code>" in page
    assert "Text: <code>text</code>" in page
    assert "white-space:normal" in page and "overflow-wrap:break-word" in page and "text-overflow" not in page  # wrapped, never clipped


def test_two_columns_with_one_label_keep_their_ids_apart():
    page = str(show_table(pd.DataFrame({"n_docs": [1], "n_documents": [2]}), name="t"))
    assert ">Documents (n_docs)</th>" in page and ">Documents (n_documents)</th>" in page


def test_formats_can_be_overridden_and_are_checked():
    frame = pd.DataFrame({"group": ["a"], "trade": [0.25]})
    assert format_table(frame, formats={"trade": "share"})["trade"].tolist() == ["25.0%"]
    with pytest.raises(ValueError, match=r"describe_columns: formats\['trade'\] is 'money'; valid formats: count, share, percent, decimal"):
        format_table(frame, formats={"trade": "money"})


def test_a_short_table_is_static_html_and_escapes_values_and_headers():
    frame = pd.DataFrame({"title": ['<script>alert("x")</script> & co'], "<b>col</b>": ["<i>v</i>"]})
    page = str(show_table(frame, name="t"))
    assert "<script>alert" not in page and "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; co" in page
    assert "<b>col</b>" not in page and "&lt;b&gt;col&lt;/b&gt;" in page and "&lt;i&gt;v&lt;/i&gt;" in page
    assert "<script" not in page and "data_json" not in page  # no library needed


def test_one_row_of_many_columns_is_read_down_as_labels_and_values():
    frame = pd.DataFrame({"doc_id": ["<d>"], **{f"n_x{i}": [1000] for i in range(8)}})
    page = str(show_table(frame, name="summary"))
    assert '<tr><th title="doc_id">Document</th><td>&lt;d&gt;</td></tr><tr><th title="n_x0">N x0</th><td class="n">1,000</td></tr>' in page
    assert page.count("<tr>") == 9 and "<thead>" not in page
    assert "<thead>" in str(show_table(frame.iloc[:, :8], name="summary"))  # eight columns: a row as usual


def test_an_empty_table_shows_its_headers_and_says_it_has_no_rows():
    page = str(show_table(pd.DataFrame({"doc_id": pd.Series(dtype="string"), "n_words": pd.Series(dtype="int64")}), name="t"))
    assert ">Document</th>" in page and ">Words</th>" in page and 'colspan="2">No rows.</td>' in page


def test_a_long_table_is_interactive_and_carries_every_row_formatted():
    frame = _long(45)
    page = str(show_table(frame, name="lengths", rows=30, tables_dir="/runs/r/report/.report.partial/tables"))
    rows = _data(page)
    assert len(rows) == 45
    assert rows[1] == ["d001", "Title 1", "1,001", "2.2%"]
    assert '"pageLength": %d' % PAGE_ROWS in page and '"topEnd": "search"' in page and '"bottomEnd": "paging"' in page  # DataTables' search box, pages
    assert not re.search(r'"(paging|searching|ordering)": false', page)
    assert '"classes": ["display", "compact", "analysis-table"]' in page
    assert "text_in_header_can_be_selected" not in page  # the whole header sorts, as in any DataTables table
    assert '45 rows: click a header to sort, type in Search to filter; the whole table: <a href="tables/lengths.csv">tables/lengths.csv</a>' in page
    assert "Words: <code>n_words</code>" in page
    assert "written as lengths.csv to tables_dir when it is set" in str(show_table(frame, name="lengths", rows=3))


def test_an_interactive_table_escapes_its_values():
    page = str(show_table(_long(45), name="t"))
    assert _data(page)[0][1] == 'Tashkent &lt;script&gt;alert("x")&lt;/script&gt; welcomes Baku'
    assert "<script>alert" not in page and 'alert("x")</script>' not in page
    assert page.count("<script") == page.count("</script>")  # no value opens or closes a script


def test_a_very_long_table_carries_its_first_rows_and_says_where_the_rest_is():
    page = str(show_table(_long(MAX_ROWS + 7), name="lengths", tables_dir="x/tables"))
    assert len(_data(page)) == MAX_ROWS
    assert f"Showing the first {MAX_ROWS:,} of {MAX_ROWS + 7:,} rows; the whole table: " in page


def test_tables_work_offline_the_library_is_in_the_page():
    init, table = str(init_tables()), str(show_table(_long(45), name="t"))
    assert len(init) > 500_000  # the DataTables bundle itself, base64
    ready = re.search(r'"(itables-[0-9.]+-ready)"', table).group(1)
    assert f'new Event("{ready}")' in init  # the table waits for the event the embedded library sends
    for markup in (init, table):
        assert _remote(markup) == [] and not re.search(r"https?://(?!www\.w3\.org/)", markup)  # no CDN, no link out (SVG namespaces are names)


def test_show_table_checks_its_arguments():
    frame = pd.DataFrame({"doc_id": ["a"]})
    with pytest.raises(ValueError, match="show_table: rows must be a whole number of at least 1; got 0"):
        show_table(frame, name="lengths", rows=0)
    with pytest.raises(ValueError, match="show_table: name must be the table's file name in tables_dir"):
        show_table(frame, name="")
    with pytest.raises(TypeError, match="show_table needs a pandas DataFrame; got list"):
        show_table([], name="t")


@pytest.mark.slow
def test_an_exported_report_page_pages_its_table_offline(tmp_path):
    from analysis.report import run_notebook

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("from analysis import display\ndisplay.init_tables()"),
        nbformat.v4.new_code_cell("import pandas as pd\nframe = pd.DataFrame({'doc_id': [f'd{i}' for i in range(45)], "
                                  "'title': ['<script>alert(1)</script>'] * 45, 'n_words': range(45)})\n"
                                  "display.show_table(frame, name='t', tables_dir='x/tables')"),
    ]
    nbformat.write(notebook, tmp_path / "t.ipynb")
    page = run_notebook(tmp_path / "t.ipynb", out_dir=tmp_path / "out")["html"].read_text(encoding="utf-8")
    assert _remote(page) == []
    assert len(_data(page)) == 45 and "<script>alert(1)" not in page
    assert page.count("injectModule(") >= 1 and "45 rows: click a header to sort" in page
