"""The index page of a run: every report, what it is about, its status, tables and error.

:func:`write_index` renders ``templates/index.html.j2`` with Jinja (Pallets,
Jinja documentation: https://jinja.palletsprojects.com) with autoescaping on,
so article titles, ids, parameters and error messages are shown as text,
never read as HTML. Values are escaped as the standard library's
``html.escape`` does (``'`` as ``&#x27;``, ``"`` as ``&quot;``), as in the
report pages. :func:`index_rows` and :func:`run_header` turn a run's plan and
outcomes into what the page shows.
"""

from __future__ import annotations

import html
import os
import urllib.parse
from collections.abc import Mapping, Sequence
from pathlib import Path

import jinja2

from ..outputs import write_text_atomically
from .execute import error_text
from .plan import PlannedReport
from .store import iso_time
from .suite import RUNNER_PARAMETERS

#: The page templates, in ``templates/`` of this package.
INDEX_TEMPLATE = "index.html.j2"
LISTING_TEMPLATE = "listing.html.j2"
#: Columns of the ``documents`` score table shown on a run's documents page (those the table has), in order.
DOCUMENT_COLUMNS = ("doc_id", "title", "date", "outlet", "genre", "language", "n_words", "compound_mean", "dominant_frame",
                    "n_actor_mentions", "n_quotes")
#: Columns of a run's actors page.
ACTOR_COLUMNS = ("actor", "n_mentions", "n_docs")


def write_index(reports: list[dict], out_dir: str | Path, *, title: str = "Reports", header: Sequence[tuple[str, str]] = (),
                links: Sequence[tuple[str, str]] = ()) -> Path:
    """Write ``index.html`` linking every report in *reports* (dicts with ``name``, ``html``, ``status``).

    Optional keys ``parameters`` (a mapping), ``subject``, ``tables`` (a list
    of file paths), ``note`` and ``error`` fill further columns; links are
    relative to *out_dir*. *header* is a list of
    ``(label, value)`` pairs shown above the table; *links* ``(label, path)``
    pairs of further pages (the documents and actors tables). Every value is HTML-escaped.
    """
    out_dir = Path(out_dir)
    rows = []
    for report in reports:
        target = report.get("html")
        rows.append({
            "name": report["name"],
            "link": _href(target, out_dir) if target else "",
            "subject": report.get("subject") or "",
            "parameters": "; ".join(f"{k} = {v}" for k, v in (report.get("parameters") or {}).items()),
            "status": str(report.get("status", "")),
            "note": report.get("note") or "",
            "tables": [{"name": Path(t).stem, "link": _href(t, out_dir)} for t in report.get("tables") or []],
            "error": report.get("error") or "",
        })
    shown_links = [{"label": label, "link": _href(target, out_dir)} for label, target in links]
    page = _template().render(title=title, header=list(header), rows=rows, links=shown_links)
    return write_text_atomically(out_dir / "index.html", page)


def write_listing(table, out_dir: str | Path, *, name: str, title: str, intro: str, pages: Mapping[str, str | Path]) -> Path:
    """Write ``<name>.html`` (every row of *table*, a filter box, a link to each row's page) and ``<name>.csv`` (the table).

    *table* is a frame whose first column is the id (``doc_id`` or ``actor``);
    *pages* maps an id to the page of its report, relative to *out_dir*. The
    page holds every row however many there are: it is where a document or
    actor without a report of its own is found. Returns the HTML page's path.
    """
    import pandas as pd

    from ..outputs import save_tables

    out_dir = Path(out_dir)
    key = table.columns[0]
    save_tables(out_dir, **{name: table})
    numeric = {c for c in table.columns if pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c])}
    rows = []
    for values in table.itertuples(index=False, name=None):
        cells = [{"text": _cell(v), "number": c in numeric} for c, v in zip(table.columns, values)]
        page = pages.get(str(values[0]))
        rows.append({"cells": cells, "link": _href(page, out_dir) if page else ""})
    text = _template(LISTING_TEMPLATE).render(title=title, intro=intro, columns=list(table.columns), rows=rows,
                                             linked=bool(pages), csv=f"{name}.csv", key=key)
    return write_text_atomically(out_dir / f"{name}.html", text)


def _cell(value: object) -> str:
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def document_listing(documents, docs=None):
    """The rows of a run's documents page: :data:`DOCUMENT_COLUMNS` of the ``documents`` score table (the title from *docs* if absent)."""
    table = documents
    if "title" not in table.columns and docs is not None and "title" in docs.columns:
        table = table.merge(docs[["doc_id", "title"]], on="doc_id", how="left")
    return table[[c for c in DOCUMENT_COLUMNS if c in table.columns]].reset_index(drop=True)


def actor_listing(mentions):
    """The rows of a run's actors page: each actor, its mentions and the documents naming it, most mentioned first."""
    import pandas as pd

    if mentions is None or mentions.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c != "actor" else "object") for c in ACTOR_COLUMNS})
    counts = mentions.groupby("actor").agg(n_mentions=("doc_id", "size"), n_docs=("doc_id", "nunique")).reset_index()
    counts["actor"] = counts["actor"].astype(str)
    return counts.sort_values(["n_mentions", "actor"], ascending=[False, True], kind="stable", ignore_index=True)[list(ACTOR_COLUMNS)]


def _template(name: str = INDEX_TEMPLATE) -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("analysis.report", "templates"),
        autoescape=True,
        finalize=_Text,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template(name)


class _Text:
    """A value of the page: autoescape shows it as ``html.escape`` would (through the ``__html__`` protocol of MarkupSafe)."""

    __slots__ = ("text",)

    def __init__(self, value: object) -> None:
        self.text = str(value)

    def __html__(self) -> str:
        return html.escape(self.text)


def _href(target: str | Path, out_dir: Path) -> str:
    """A link to *target* relative to *out_dir*, URL-quoted (the template escapes it)."""
    relative = os.path.relpath(target, out_dir) if Path(target).is_absolute() else str(target)
    return urllib.parse.quote(Path(relative).as_posix())


def index_rows(planned: list[PlannedReport], outcomes: Mapping[str, dict], staging: Path) -> list[dict]:
    """The rows of a run's index: one per planned report, with its page, tables and a note (time taken or reused from where)."""
    rows = []
    for report in planned:
        outcome = outcomes[report.name]
        page = Path(report.name) / f"{report.name}.html"
        note = f"reused from {outcome['reused_from']}" if outcome.get("reused_from") else f"{outcome['ended'] - outcome['started']:.1f} s"
        if outcome.get("attempts", 0) > 1:
            note += f" ({outcome['attempts']} attempts: kernel start failed)"
        shown = {k: v for k, v in report.parameters.items() if k not in RUNNER_PARAMETERS}
        tables = sorted(p.relative_to(staging) for p in (staging / report.name / "tables").glob("*") if not p.name.startswith("."))
        rows.append({"name": report.name, "html": page if (staging / page).is_file() else None, "subject": report.subject,
                     "status": outcome["status"], "parameters": shown, "tables": tables, "note": note,
                     "error": error_text(outcome.get("error"))})
    return rows


def run_header(run_id: str, context: dict, started: float, ended: float, table) -> list[tuple[str, str]]:
    """The facts above a run's index: the run, corpus, ``since``, package, start, duration and report counts."""
    inputs = context["inputs"]
    failed = int((table["status"] == "failed").sum())
    timed_out = int((table["status"] == "timed out").sum())
    return [
        ("run", run_id),
        ("corpus", f"{inputs['corpus']} ({inputs['n_documents']} documents, key {inputs['corpus_key']})"),
        ("since", inputs["since"] or "all documents"),
        ("package", f"analysis {context['package']['version']} ({context['package']['fingerprint'][:12]})"),
        ("started", iso_time(started)),
        ("seconds", f"{ended - started:.1f}"),
        ("reports", f"{len(table)}: {len(table) - failed - timed_out} ok, {failed} failed, {timed_out} timed out, {int(table['reused'].sum())} reused"),
    ]
