"""Run a parameterized notebook with papermill and export it to self-contained HTML.

Each report is executed into a temporary folder and moved into place only when
it is complete, so an interrupted run never leaves a report that looks finished.
The HTML uses the package's ``report`` nbconvert template: the JupyterLab look,
images embedded, no script or style fetched from a CDN, code cells hidden
unless asked for.
"""

from __future__ import annotations

import html
import os
import tempfile
from importlib import resources
from pathlib import Path

from .outputs import write_text_atomically

#: nbconvert template folder that ships with the package.
TEMPLATE_NAME = "report"


def export_html(notebook: str | Path, *, show_code: bool = False) -> str:
    """Return *notebook* (an executed ``.ipynb``) as one self-contained HTML page."""
    import nbformat
    from nbconvert import HTMLExporter

    templates = resources.files("analysis") / "templates"
    exporter = HTMLExporter(
        extra_template_basedirs=[str(templates)],
        template_name=TEMPLATE_NAME,
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    body, _ = exporter.from_notebook_node(nbformat.read(str(notebook), as_version=4))
    return body


def run_notebook(
    notebook: str | Path,
    *,
    out_dir: str | Path,
    parameters: dict | None = None,
    name: str | None = None,
    show_code: bool = False,
    kernel_name: str = "python3",
) -> dict[str, Path]:
    """Execute *notebook* with *parameters* and write ``<name>.ipynb`` and ``<name>.html`` to *out_dir*.

    Both files appear in *out_dir* only after execution and export succeeded;
    a failing notebook raises ``papermill.PapermillExecutionError`` and leaves
    nothing behind. Returns the paths written.
    """
    import papermill

    notebook = Path(notebook)
    if not notebook.is_file():
        raise FileNotFoundError(f"notebook {str(notebook)!r} does not exist")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = name or notebook.stem
    with tempfile.TemporaryDirectory(prefix=f".{name}-", dir=out_dir) as staging:
        executed = Path(staging) / f"{name}.ipynb"
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=parameters or {},
            kernel_name=kernel_name,
            cwd=str(notebook.parent),
            progress_bar=False,
            request_save_on_cell_execute=False,
        )
        html = Path(staging) / f"{name}.html"
        html.write_text(export_html(executed, show_code=show_code), encoding="utf-8")
        written = {}
        for path in (executed, html):
            target = out_dir / path.name
            os.replace(path, target)
            written[path.suffix.lstrip(".")] = target
    return written


def write_index(reports: list[dict], out_dir: str | Path, *, title: str = "Reports") -> Path:
    """Write ``index.html`` linking every report in *reports* (dicts with ``name``, ``html``, ``status``).

    Every value is HTML-escaped.
    """
    rows = []
    for report in reports:
        link = html.escape(Path(report["html"]).name) if report.get("html") else ""
        name = html.escape(str(report["name"]))
        status = html.escape(str(report.get("status", "")))
        cell = f'<a href="{link}">{name}</a>' if link else name
        rows.append(f"<tr><td>{cell}</td><td>{status}</td></tr>")
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em 1em;text-align:left}</style>"
        f"</head><body><h1>{html.escape(title)}</h1><table><tr><th>report</th><th>status</th></tr>"
        + "".join(rows)
        + "</table></body></html>\n"
    )
    return write_text_atomically(Path(out_dir) / "index.html", page)
