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

#: The page template, in ``templates/`` of this package.
INDEX_TEMPLATE = "index.html.j2"


def write_index(reports: list[dict], out_dir: str | Path, *, title: str = "Reports", header: Sequence[tuple[str, str]] = ()) -> Path:
    """Write ``index.html`` linking every report in *reports* (dicts with ``name``, ``html``, ``status``).

    Optional keys ``parameters`` (a mapping), ``subject``, ``tables`` (a list
    of file paths), ``note`` and ``error`` fill further columns; links are
    relative to *out_dir*. *header* is a list of
    ``(label, value)`` pairs shown above the table. Every value is HTML-escaped.
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
    page = _template().render(title=title, header=list(header), rows=rows)
    return write_text_atomically(out_dir / "index.html", page)


def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("analysis.report", "templates"),
        autoescape=True,
        finalize=_Text,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template(INDEX_TEMPLATE)


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
    return [
        ("run", run_id),
        ("corpus", f"{inputs['corpus']} ({inputs['n_documents']} documents, key {inputs['corpus_key']})"),
        ("since", inputs["since"] or "all documents"),
        ("package", f"analysis {context['package']['version']} ({context['package']['fingerprint'][:12]})"),
        ("started", iso_time(started)),
        ("seconds", f"{ended - started:.1f}"),
        ("reports", f"{len(table)}: {len(table) - failed} ok, {failed} failed, {int(table['reused'].sum())} reused"),
    ]
