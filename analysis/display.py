"""HTML views of text for notebooks and reports, with every piece of article text escaped.

:func:`highlight` and :func:`kwic_html` mark spans and keywords in texts,
:func:`show_table` shows a table as people read it (:func:`format_table`:
numbers formatted per column, blanks for missing values, headers in words
from ``analysis/data/columns.toml``; long tables paged, sortable and
searchable with itables, offline once :func:`init_tables` has embedded its
library), :func:`show_plot` draws a plot or says why there is nothing to draw,
and :func:`note` is a short line of prose.

Article text, titles and metadata are untrusted input: a scraped page can
hold ``<script>``. Everything here escapes text with :func:`html.escape`
before it is wrapped in markup, so reports show such text as text; the
interactive tables are built with itables' ``allow_html=False``, which escapes
every value. (pandas' ``Styler`` does not escape unless told to, so the
notebooks use these helpers, never raw ``HTML(text)``.)
"""

from __future__ import annotations

import functools
import html
import math
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Literal, get_args

import numpy as np
import pandas as pd

from .checks import require_columns
from .resources import read_text

#: Background colours for highlighted labels, cycled in order of first appearance.
PALETTE = ("#fde68a", "#bfdbfe", "#bbf7d0", "#fecaca", "#ddd6fe", "#fed7aa", "#a5f3fc", "#f5d0fe")
#: A table of at most this many rows is static HTML; a longer one is paged, sortable and searchable (:func:`show_table`).
TABLE_ROWS = 30
Format = Literal["count", "share", "percent", "decimal", "p_value", "text", "bool", "date"]
#: How a column's values can be written (``analysis/data/columns.toml`` describes each).
FORMATS: tuple[str, ...] = get_args(Format)
#: The data file that gives each column id its header in words and its format.
COLUMNS_FILE = "columns.toml"
#: A one-row table with more columns than this is shown as label and value rows (:func:`show_table`).
WIDE_COLUMNS = 8
#: Rows per page of an interactive table (:func:`show_table`).
PAGE_ROWS = 20
#: An interactive table carries at most this many rows; the whole table is in the report's tables folder.
MAX_ROWS = 5_000
_NUMERIC = frozenset({"count", "share", "percent", "decimal", "p_value"})
_NUMBER_CLASS = ' class="n"'  # right-aligned cells, never wrapped
_DATE_CLASS = ' class="nw"'  # cells never wrapped (a date is not broken at its hyphens)
_ITABLES_LINK = re.compile(r"<a href=[\"']?https?://(?:www\.)?itables\.org[^>]*>(.*?)</a>", re.DOTALL)
#: CSS of a report's tables; the class is doubled to outrank JupyterLab's right-aligned, specific table rules.
_STYLE = (
    "<style>"
    "table.analysis-table.analysis-table{border-collapse:collapse;margin:.4em 0 .2em;font-size:13px;line-height:1.35}"
    "table.analysis-table.analysis-table th,table.analysis-table.analysis-table td{text-align:left;vertical-align:top;white-space:normal;"
    "overflow-wrap:break-word;word-break:normal;max-width:36em;padding:.3em .7em;border:none;border-bottom:1px solid #e5e7eb}"
    "table.analysis-table.analysis-table thead th{font-weight:600;border-bottom:2px solid #9ca3af;background:#f9fafb}"
    "table.analysis-table.analysis-table tbody tr:nth-child(even){background:#fafafa}"
    "table.analysis-table.analysis-table th.n,table.analysis-table.analysis-table td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}"
    "table.analysis-table.analysis-table td.nw{white-space:nowrap}"
    "table.analysis-table.analysis-table td.analysis-empty{color:#6b7280;font-style:italic}"
    "table.analysis-record.analysis-record tbody th{font-weight:600;background:#f9fafb;border-bottom:1px solid #e5e7eb}"
    "details.analysis-columns{font-size:12px;color:#4b5563;margin:0 0 .8em}"
    "details.analysis-columns code{font-size:12px}"
    "</style>"
)
#: Marks in the HTML of :func:`init_tables` and of an interactive table, so that the report runner can leave the library
#: (about 1 MB) out of a page that shows no interactive table (:func:`analysis.report.execute.drop_unused_library`).
LIBRARY_MARK = "<!-- analysis:tables-library -->"
INTERACTIVE_MARK = "<!-- analysis:interactive-table -->"
#: CSS given to itables for an interactive table: text and headers wrapped at spaces, numbers right-aligned, wide tables scrolled.
_DATATABLE_CSS = (
    ".dt-container table.analysis-table.analysis-table td,.dt-container table.analysis-table.analysis-table th{white-space:normal;"
    "overflow-wrap:break-word;word-break:normal;vertical-align:top;max-width:36em}"
    ".dt-container table.analysis-table.analysis-table td.n{white-space:nowrap;font-variant-numeric:tabular-nums}"
    ".dt-container table.analysis-table.analysis-table td.nw{white-space:nowrap}"
    ".dt-container table.analysis-table.analysis-table th .dt-column-title{white-space:normal}"
    ".dt-container .dt-layout-table{overflow-x:auto}"  # a wide table scrolls inside the page, its search box and pages stay put
)


class HTML:
    """A fragment of HTML that Jupyter renders (``_repr_html_``); build it only from escaped text."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup


def highlight(text: str, spans: pd.DataFrame, *, label: str | None = None, title: str | None = None) -> HTML:
    """Return *text* with the ``start:end`` spans of *spans* marked, all text escaped.

    *label* names a column of *spans* (a frame, an actor, a quote kind) shown
    as the mark's colour and tooltip. Overlapping spans are merged into the
    first one's mark. Line breaks are kept.

    >>> spans = pd.DataFrame({"start": [0], "end": [4]})
    >>> str(highlight("Baku <b>hosts</b>", spans))
    '<div class="analysis-text" style="white-space:pre-wrap;line-height:1.6"><mark style="background:#fde68a">Baku</mark> &lt;b&gt;hosts&lt;/b&gt;</div>'
    """
    require_columns(spans, ["start", "end", *([label] if label else [])], "highlight: spans")
    colours: dict[str, str] = {}
    parts, position = [], 0
    ordered = spans.sort_values(["start", "end"], kind="stable")
    for row in ordered.itertuples(index=False):
        start, end = int(row.start), int(row.end)
        if start < position or not 0 <= start <= end <= len(text):
            continue
        name = str(getattr(row, label)) if label else ""
        colour = colours.setdefault(name, PALETTE[len(colours) % len(PALETTE)])
        parts.append(html.escape(text[position:start]))
        tip = f' title="{html.escape(name)}"' if name else ""
        parts.append(f'<mark{tip} style="background:{colour}">{html.escape(text[start:end])}</mark>')
        position = end
    parts.append(html.escape(text[position:]))
    heading = f"<h4>{html.escape(title)}</h4>" if title else ""
    legend = legend_html(colours) if label and colours else ""
    return HTML(f'{heading}{legend}<div class="analysis-text" style="white-space:pre-wrap;line-height:1.6">{"".join(parts)}</div>')


def legend_html(colours: dict[str, str]) -> str:
    """A row of coloured labels (escaped)."""
    items = "".join(f'<span style="background:{c};padding:0 .4em;margin-right:.4em">{html.escape(n)}</span>' for n, c in colours.items())
    return f'<div style="margin:.3em 0">{items}</div>'


def kwic_html(frame: pd.DataFrame, *, left: str = "left", match: str = "matched", right: str = "right",
              columns: Iterable[str] = ()) -> HTML:
    """Keyword-in-context lines as an HTML table, the match in bold, right-aligned left context; all escaped.

    Styled as :func:`show_table`'s tables, headers in words (ids in their tooltips).

    *frame* is :func:`analysis.framing.frame_evidence` or :func:`analysis.kwic` output
    (for ``kwic`` pass ``match="match"``); *columns* are shown before the line.

    >>> frame = pd.DataFrame({"left": ["a <i>"], "matched": ["corridor"], "right": ["route"], "frame": ["connectivity"]})
    >>> "&lt;i&gt;" in str(kwic_html(frame, columns=["frame"]))
    True
    """
    columns = list(columns)
    require_columns(frame, [left, match, right, *columns], "kwic_html")
    spec = _column_spec()
    head = "".join(f'<th title="{html.escape(c)}">{html.escape(spec.get(c, (c,))[0])}</th>' for c in columns) + "<th colspan=3>In context</th>"
    rows = []
    for _, row in frame.iterrows():
        cells = "".join(f"<td>{html.escape(str(row[c]))}</td>" for c in columns)
        rows.append(
            f"<tr>{cells}<td style='text-align:right;color:#555'>{html.escape(str(row[left]))}</td>"
            f"<td><b>{html.escape(str(row[match]))}</b></td><td style='color:#555'>{html.escape(str(row[right]))}</td></tr>"
        )
    return HTML(f"{_STYLE}<table class='analysis-table analysis-kwic'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def note(text: str) -> HTML:
    """A short note for a report page (escaped): what a section shows, or why it shows nothing.

    >>> str(note("No document was scored: <none> in English."))
    '<p class="analysis-note"><i>No document was scored: &lt;none&gt; in English.</i></p>'
    """
    if not isinstance(text, str) or not text:
        raise ValueError(f"note: text must be a non-empty string; got {text!r}")
    return HTML(f'<p class="analysis-note"><i>{html.escape(text)}</i></p>')


def show_plot(plot: Callable[..., object], frame: pd.DataFrame, *, empty: str, **options) -> HTML | None:
    """Draw ``plot(frame, **options)``, or, when *frame* has no rows, say so in words instead of drawing empty axes.

    *plot* is a ``plot_<thing>`` function of :mod:`analysis.plots`; *empty*
    says why there is nothing to draw (e.g. "no document is in English, so no
    sentence has a tone"), shown as a :func:`note`. Returns the note, or
    ``None`` once the plot is drawn (Jupyter shows the figure; the Axes is not
    echoed as text), so a notebook cell is one call.

    >>> show_plot(lambda frame: 1 / 0, pd.DataFrame({"x": []}), empty="Nothing to draw: no scored document.").markup
    '<p class="analysis-note"><i>Nothing to draw: no scored document.</i></p>'
    """
    require_columns(frame, [], "show_plot")
    if not isinstance(empty, str) or not empty:
        raise ValueError(f"show_plot: empty must say why there is nothing to draw when the frame has no rows; got {empty!r}")
    if not callable(plot):
        raise TypeError(f"show_plot: plot must be a plot function such as analysis.plots.plot_keyness; got {type(plot).__name__}")
    if len(frame) == 0:
        return note(empty)
    plot(frame, **options)
    return None


@functools.lru_cache(maxsize=1)
def _column_spec() -> dict[str, tuple[str, str, int | None]]:
    """``{column id: (label, format, decimals)}`` read once from the packaged :data:`COLUMNS_FILE`, checked."""
    where = f"analysis/data/{COLUMNS_FILE}"
    try:
        entries = tomllib.loads(read_text(COLUMNS_FILE)).get("columns")
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{where} is not TOML: {exc}") from None
    if not isinstance(entries, dict) or not entries:
        raise ValueError(f"{where} must hold a [columns] table of column id = {{ label = ..., format = ... }}")
    spec = {}
    for column, entry in entries.items():
        label, fmt, decimals = (entry.get("label"), entry.get("format"), entry.get("decimals")) if isinstance(entry, dict) else (None, None, None)
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"{where}: column {column!r} needs a label (a non-empty string); got {label!r}")
        if fmt not in FORMATS:
            raise ValueError(f"{where}: column {column!r} has format {fmt!r}; valid formats: {', '.join(FORMATS)}")
        if decimals is not None and (fmt != "decimal" or not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 6):
            raise ValueError(f"{where}: column {column!r} has decimals {decimals!r}; decimals are for the decimal format, a whole number from 0 to 6")
        spec[column] = (label, fmt, decimals)
    return spec


def _table_data(frame: pd.DataFrame) -> pd.DataFrame:
    """*frame* with its index as columns when it holds data (a pivot's groups), dropped when it only numbers rows."""
    index = frame.index
    if all(name is None for name in index.names) and not isinstance(index, pd.MultiIndex) and (
            isinstance(index, pd.RangeIndex) or pd.api.types.is_integer_dtype(index.dtype)):
        data = frame.reset_index(drop=True)
    else:
        data = frame.reset_index()
    names = [" / ".join(str(part) for part in c) if isinstance(c, tuple) else str(c) for c in data.columns]
    return data.set_axis(names, axis=1)


def _guess_format(column: str, values: pd.Series) -> str:
    """The format of a column :data:`COLUMNS_FILE` does not list: from its type, then from its name."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return "bool"
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return "date"
    if pd.api.types.is_integer_dtype(values.dtype):
        return "count"
    if pd.api.types.is_float_dtype(values.dtype):
        if column.startswith("n_"):
            return "count"
        if column.startswith("pct_"):
            return "percent"
        return "share" if "share" in column.split("_") else "decimal"
    return "text"


def describe_columns(frame: pd.DataFrame, *, formats: Mapping[str, Format] | None = None) -> pd.DataFrame:
    """One row per column of *frame* as a report shows it: ``column``, ``label``, ``format``, ``decimals``, ``numeric``.

    ``column`` is the id (the name in the CSV), ``label`` its header in words
    and ``format`` how its values are written, both from the packaged
    ``analysis/data/columns.toml``; a column it does not list gets its id with
    spaces for ``_`` and a format from its type and name (see that file).
    ``decimals``: those the file fixes for a measure, else three significant
    digits of the column's typical value, at most three (the most of the
    table's such columns when they differ by one at most, so that a pivot's
    columns read alike). *formats* overrides the format of named columns.
    ``numeric`` is true for the right-aligned columns: a number format over
    numbers. A named index (a pivot's rows) comes first, as a column; a
    row-number index is left out.

    >>> describe_columns(pd.DataFrame({"doc_id": ["a"], "n_words": [476], "share_positive": [0.86]}))[["column", "label", "format"]].to_numpy().tolist()
    [['doc_id', 'Document', 'text'], ['n_words', 'Words', 'count'], ['share_positive', 'Positive sentences (share)', 'share']]
    """
    require_columns(frame, [], "describe_columns")
    formats = dict(formats or {})
    for column, fmt in formats.items():
        if fmt not in FORMATS:
            raise ValueError(f"describe_columns: formats[{column!r}] is {fmt!r}; valid formats: {', '.join(FORMATS)}")
    data = _table_data(frame)
    spec = _column_spec()
    rows = []
    for position, column in enumerate(data.columns):
        values = data.iloc[:, position]
        label, fmt, decimals = spec.get(column, (column.replace("_", " ").strip().capitalize() or column, None, None))
        if column in formats and formats[column] != fmt:
            fmt, decimals = formats[column], None
        numbers = pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype)
        if fmt is None or (fmt == "text" and numbers and column not in formats):  # a text id holding numbers (a pivot's role counts)
            fmt, decimals = _guess_format(column, values), None
        rows.append({"column": column, "label": label, "format": fmt, "decimals": decimals, "numeric": fmt in _NUMERIC and numbers})
    columns = pd.DataFrame(rows, columns=["column", "label", "format", "decimals", "numeric"]).astype({"decimals": "Int64", "numeric": bool})
    free = np.flatnonzero((columns["numeric"] & columns["format"].eq("decimal") & columns["decimals"].isna()).to_numpy())
    places = [_decimals(data.iloc[:, i].astype("float64").to_numpy()) for i in free]
    if places and max(places) - min(places) <= 1:  # measures of one magnitude (a pivot's frames) get the same decimals
        places = [max(places)] * len(places)
    columns.loc[free, "decimals"] = places
    return columns


def _decimals(values: np.ndarray) -> int:
    """Decimals that give the column's typical (median absolute, non-zero) value three significant digits, 0 to 3."""
    magnitudes = np.abs(values[np.isfinite(values) & (values != 0)])
    if not len(magnitudes):
        return 2
    return int(min(3, max(0, 2 - math.floor(math.log10(float(np.median(magnitudes)))))))


def _format_column(values: pd.Series, fmt: str, decimals: int | None, numeric: bool) -> list[str]:
    """The values of one column as strings in *fmt*; missing values blank."""
    missing = values.isna().to_numpy()
    if fmt == "bool" and (pd.api.types.is_bool_dtype(values.dtype) or values.dropna().map(type).eq(bool).all()):
        shown = ["" if gone else ("yes" if bool(v) else "no") for v, gone in zip(values, missing)]
    elif fmt == "date" and pd.api.types.is_datetime64_any_dtype(values.dtype):
        shown = [v.strftime("%Y-%m-%d") if not pd.isna(v) else "" for v in values]
    elif numeric:
        numbers = values.astype("float64").to_numpy()
        finite = np.isfinite(numbers)
        if fmt == "count" and np.all(np.mod(numbers[finite], 1) == 0):
            pattern = "{:,.0f}"
        elif fmt == "share":
            numbers, pattern = numbers * 100, "{:,.1f}%"
        elif fmt == "percent":
            pattern = "{:,.1f}%"
        elif fmt == "p_value":
            pattern = "{:.3f}"
        else:
            pattern = "{:,.%df}" % (_decimals(numbers) if decimals is None else decimals)  # None: a caller's own format
        shown = []
        for number, ok in zip(numbers, finite):
            if not ok:
                shown.append("" if np.isnan(number) else ("∞" if number > 0 else "−∞"))
            elif fmt == "p_value" and number < 0.001:
                shown.append("<0.001")
            else:
                text = pattern.format(number)
                shown.append(text[1:] if text.startswith("-") and not text.strip("-0.,%") else text)  # no "-0.000"
    else:
        shown = [str(v) for v in values.astype(object)]
    return ["" if gone else text for text, gone in zip(shown, missing)]


def format_table(frame: pd.DataFrame, *, formats: Mapping[str, Format] | None = None) -> pd.DataFrame:
    """*frame* as the text a report shows: one string column per column, formatted, blank where a value is missing.

    Each column is written in its format (:func:`describe_columns`):
    thousands separators for counts, percentages for shares, three
    significant digits of the column's typical value for measures, yes/no for
    flags. The columns keep their ids; a named index becomes the first
    column and a row-number index is dropped. The values are not escaped:
    :func:`show_table` escapes them as it writes HTML.

    >>> format_table(pd.DataFrame({"n_words": [1234, None], "share_positive": [0.857, 0.1], "compound": [0.40946, -0.0001]}))
      n_words share_positive compound
    0   1,234          85.7%    0.409
    1                  10.0%    0.000
    """
    columns = describe_columns(frame, formats=formats)
    data = _table_data(frame)
    shown = {
        column: _format_column(data.iloc[:, position], fmt, None if pd.isna(decimals) else int(decimals), numeric)
        for position, (column, fmt, decimals, numeric) in enumerate(columns[["column", "format", "decimals", "numeric"]].itertuples(index=False))
    }
    return pd.DataFrame(shown, index=pd.RangeIndex(len(data)), columns=list(columns["column"]), dtype=object)


def _where(name: str, fmt: str, tables_dir: str) -> str:
    """Where the whole table is: a link relative to the report page, or what will write it (escaped)."""
    file = f"{name}.{fmt}"
    if tables_dir:
        folder = html.escape(Path(str(tables_dir)).name)
        return f'the whole table: <a href="{folder}/{html.escape(file)}">{folder}/{html.escape(file)}</a>'
    return f"the whole table is written as {html.escape(file)} to tables_dir when it is set (the report runner sets it)"


def _legend(columns: pd.DataFrame) -> str:
    """The column ids behind the headers in words (collapsed), for finding a column in the CSV."""
    renamed = columns.loc[columns["label"] != columns["column"]]
    if not len(renamed):
        return ""
    items = " · ".join(f"{html.escape(label)}: <code>{html.escape(column)}</code>" for column, label in renamed[["column", "label"]].itertuples(index=False))
    return f'<details class="analysis-columns"><summary>Column names in the CSV</summary>{items}</details>'


def _unique_labels(columns: pd.DataFrame) -> list[str]:
    """The headers in words, the id added to a label two columns share."""
    counts = columns["label"].value_counts()
    return [label if counts[label] == 1 else f"{label} ({column})" for column, label in columns[["column", "label"]].itertuples(index=False)]


def _cell_classes(columns: pd.DataFrame) -> list[str]:
    """The class attribute of each column's cells: numbers right-aligned, dates kept on one line, text wrapped."""
    return [_NUMBER_CLASS if right else _DATE_CLASS if fmt == "date" else "" for right, fmt in zip(columns["numeric"], columns["format"])]


def _static_table(shown: pd.DataFrame, columns: pd.DataFrame) -> str:
    """A plain HTML table of *shown* (strings), every value and header escaped, ids in the headers' tooltips.

    One row of more than :data:`WIDE_COLUMNS` columns (a document's summary) is
    turned into label and value rows, so that it is read down, not scrolled across.
    """
    if len(shown) == 1 and len(columns) > WIDE_COLUMNS:
        body = "".join(
            f'<tr><th title="{html.escape(column)}">{html.escape(label)}</th><td{cell}>{html.escape(value, quote=False)}</td></tr>'
            for column, label, cell, value in zip(columns["column"], _unique_labels(columns), _cell_classes(columns), shown.iloc[0])
        )
        return f'<table class="analysis-table analysis-record"><tbody>{body}</tbody></table>'
    cells = _cell_classes(columns)
    head = "".join(
        f'<th title="{html.escape(column)}"{_NUMBER_CLASS if right else ""}>{html.escape(label)}</th>'
        for column, label, right in zip(columns["column"], _unique_labels(columns), columns["numeric"])
    )
    if len(shown):
        body = "".join(
            "<tr>" + "".join(f"<td{cell}>{html.escape(value, quote=False)}</td>" for value, cell in zip(row, cells)) + "</tr>"
            for row in shown.itertuples(index=False)
        )
    else:
        body = f'<tr><td class="analysis-empty" colspan="{max(1, len(columns))}">No rows.</td></tr>'
    return f'<table class="analysis-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _interactive_table(shown: pd.DataFrame, columns: pd.DataFrame) -> str:
    """*shown* as an itables (DataTables) table: paged, sortable, searchable, its data in the page; values escaped."""
    from itables import to_html_datatable

    cells = _cell_classes(columns)
    numeric = [i for i, cell in enumerate(cells) if cell == _NUMBER_CLASS]
    dates = [i for i, cell in enumerate(cells) if cell == _DATE_CLASS]
    text = [i for i, cell in enumerate(cells) if not cell]
    return INTERACTIVE_MARK + _offline(to_html_datatable(
        shown.set_axis(_unique_labels(columns), axis=1),
        connected=False,  # the library comes from init_tables' cell, embedded in the page: no network
        showIndex=False,
        allow_html=False,  # values escaped
        classes="display compact analysis-table",
        style="table-layout:auto;width:auto;margin:0;caption-side:bottom",
        css=_DATATABLE_CSS,
        pageLength=PAGE_ROWS,
        lengthMenu=[PAGE_ROWS, 50, 100, 500],
        order=[],
        text_in_header_can_be_selected=False,  # a click anywhere on a header sorts (DataTables' standard), not only on its arrows
        maxBytes=0,  # no downsampling: every row shown (at most MAX_ROWS)
        maxColumns=0,
        columnDefs=[{"targets": numeric, "className": "n dt-right"}, {"targets": dates, "className": "nw dt-left"}, {"targets": text, "className": "dt-left"}],
        display_logo_when_loading=False,
    ))


def init_tables() -> HTML:
    """The interactive tables' library, for a notebook's first output: :func:`show_table`'s long tables need it.

    itables' offline mode (what ``itables.init_notebook_mode(connected=False)``
    shows): the DataTables bundle (about 1 MB, base64) is embedded in this
    output, so the exported report page pages, sorts and searches its tables
    with no network. Links to itables' help pages are left out, so the page
    names no remote address. DataFrames keep pandas' own display. The report
    runner leaves this output out of a page that shows no interactive table.
    """
    from itables import options
    from itables.javascript import generate_init_offline_itables_html

    return HTML(LIBRARY_MARK + _offline(generate_init_offline_itables_html(options.dt_bundle)))


def _offline(markup: str) -> str:
    """itables' markup with its links to the itables help site replaced by their text (nothing in a page points online)."""
    return _ITABLES_LINK.sub(r"\1", markup)


def show_table(frame: pd.DataFrame, *, name: str, rows: int = TABLE_ROWS, tables_dir: str = "", fmt: str = "csv",
               formats: Mapping[str, Format] | None = None) -> HTML:
    """*frame* as a report shows it: formatted, headers in words, a static table, or paged, sortable and searchable when long.

    Values are written by :func:`format_table` (numbers formatted, missing
    values blank, no row-number index) and escaped. Headers are the columns'
    words; each id is in the header's tooltip and in the collapsed legend
    under the table, to find the column in the CSV (one row of many columns
    is shown as label and value rows). A table of at most *rows*
    rows is a plain HTML table; a longer one is an interactive table (itables,
    offline: the notebook calls :func:`init_tables` first) of at most
    :data:`MAX_ROWS` rows, :data:`PAGE_ROWS` a page, with a note that says
    where the whole table is: ``<tables_dir>/<name>.<fmt>``, linked relative
    to the report page (the runner puts ``tables/`` beside it), as the
    notebook's :func:`analysis.outputs.save_tables` call writes it under the
    same *name*. *formats* overrides the format of named columns.

    >>> frame = pd.DataFrame({"doc_id": ["d<1>"], "n_words": [1234]})
    >>> page = str(show_table(frame, name="lengths"))
    >>> '<th title="n_words" class="n">Words</th>' in page and '<td>d&lt;1&gt;</td><td class="n">1,234</td>' in page
    True
    """
    require_columns(frame, [], "show_table")
    if not isinstance(rows, int) or isinstance(rows, bool) or rows < 1:
        raise ValueError(f"show_table: rows must be a whole number of at least 1; got {rows!r}")
    if not isinstance(name, str) or not name:
        raise ValueError(f"show_table: name must be the table's file name in tables_dir (as given to save_tables); got {name!r}")
    columns = describe_columns(frame, formats=formats)
    if len(frame) <= rows:
        return HTML(_STYLE + _static_table(format_table(frame, formats=formats), columns) + _legend(columns))
    shown = format_table(frame.iloc[:MAX_ROWS], formats=formats)
    if len(frame) > MAX_ROWS:
        told = f"Showing the first {MAX_ROWS:,} of {len(frame):,} rows"
    else:
        told = f"{len(frame):,} rows: click a header to sort, type in Search to filter"
    note = f'<p class="analysis-note"><i>{told}; {_where(name, fmt, tables_dir)}.</i></p>'
    return HTML(_STYLE + _interactive_table(shown, columns) + note + _legend(columns))
