"""HTML views of text for notebooks and reports, with every piece of article text escaped.

:func:`highlight` and :func:`kwic_html` mark spans and keywords in texts,
:func:`show_table` shows a bounded table, :func:`show_plot` draws a plot or
says why there is nothing to draw, and :func:`note` is a short line of prose.

Article text, titles and metadata are untrusted input: a scraped page can
hold ``<script>``. Everything here escapes text with :func:`html.escape`
before it is wrapped in markup, so reports show such text as text. (pandas'
``DataFrame`` display escapes too; its ``Styler`` does not unless told to, so
the notebooks use plain frames or these helpers, never raw ``HTML(text)``.)
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from .checks import require_columns

#: Background colours for highlighted labels, cycled in order of first appearance.
PALETTE = ("#fde68a", "#bfdbfe", "#bbf7d0", "#fecaca", "#ddd6fe", "#fed7aa", "#a5f3fc", "#f5d0fe")
#: Rows of a table a report page shows (:func:`show_table`); the whole table goes to the report's tables folder.
TABLE_ROWS = 30


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

    *frame* is :func:`analysis.framing.frame_evidence` or :func:`analysis.kwic` output
    (for ``kwic`` pass ``match="match"``); *columns* are shown before the line.

    >>> frame = pd.DataFrame({"left": ["a <i>"], "matched": ["corridor"], "right": ["route"], "frame": ["connectivity"]})
    >>> "&lt;i&gt;" in str(kwic_html(frame, columns=["frame"]))
    True
    """
    columns = list(columns)
    require_columns(frame, [left, match, right, *columns], "kwic_html")
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns) + "<th colspan=3>in context</th>"
    rows = []
    for _, row in frame.iterrows():
        cells = "".join(f"<td>{html.escape(str(row[c]))}</td>" for c in columns)
        rows.append(
            f"<tr>{cells}<td style='text-align:right;color:#555'>{html.escape(str(row[left]))}</td>"
            f"<td><b>{html.escape(str(row[match]))}</b></td><td style='color:#555'>{html.escape(str(row[right]))}</td></tr>"
        )
    return HTML(f"<table class='analysis-kwic'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


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


def show_table(frame: pd.DataFrame, *, name: str, rows: int = TABLE_ROWS, tables_dir: str = "", fmt: str = "csv") -> pd.DataFrame | HTML:
    """*frame* as a report shows it: whole when it has at most *rows* rows, else its first *rows* and a note.

    The note says how many rows there are and where the whole table is:
    ``<tables_dir>/<name>.<fmt>``, linked relative to the report page (the
    runner puts ``tables/`` beside it), as the notebook's
    :func:`analysis.outputs.save_tables` call writes it under the same *name*.
    Sort *frame* first so that its first rows are the ones worth reading.
    Values are escaped (pandas' HTML).

    >>> frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(5)], "n": range(5)})
    >>> show_table(frame, name="lengths") is frame
    True
    >>> note = str(show_table(frame, name="lengths", rows=2, tables_dir="/run/report/tables"))
    >>> "first 2 of 5 rows" in note and 'href="tables/lengths.csv"' in note
    True
    """
    require_columns(frame, [], "show_table")
    if not isinstance(rows, int) or isinstance(rows, bool) or rows < 1:
        raise ValueError(f"show_table: rows must be a whole number of at least 1; got {rows!r}")
    if not isinstance(name, str) or not name:
        raise ValueError(f"show_table: name must be the table's file name in tables_dir (as given to save_tables); got {name!r}")
    if len(frame) <= rows:
        return frame
    file = f"{name}.{fmt}"
    if tables_dir:
        folder = html.escape(Path(str(tables_dir)).name)
        where = f'the whole table: <a href="{folder}/{html.escape(file)}">{folder}/{html.escape(file)}</a>'
    else:
        where = f"the whole table is written as {html.escape(file)} to tables_dir when it is set (the report runner sets it)"
    note = f'<p class="analysis-note"><i>Showing the first {rows:,} of {len(frame):,} rows; {where}.</i></p>'
    return HTML(frame.head(rows)._repr_html_() + note)
