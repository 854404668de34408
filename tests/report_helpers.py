"""Helpers shared by the report runner's tests in tests/report/ (not a test module).

The fixture corpus (tests/fixtures/runner/corpus) has three documents, named in
its manifest.csv, and these actor mentions (one gazetteer name each, counted by
hand from the texts):

    news/a (2025-11-01, news):      Azerbaijan x2, Kazakhstan x1   title: <script>alert('title')</script> Roadmap signed
    b      (2025-11-20, interview): Russia x2, Kazakhstan x1
    c      (no date, op-ed):        China x1

so the actors mentioned at least twice are azerbaijan (2), kazakhstan (2) and
russia (2), and since 2025-11-15 only b is left (russia 2, kazakhstan 1).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "runner" / "corpus"
#: The parameters every report notebook declares (the runner's contract).
PARAMETERS = (
    'corpus: str = "../seeds"  # the corpus\n'
    'since: str = ""  # only documents since this day\n'
    'tables_dir: str = ""  # where tables go\n'
)
#: The hash slugify appends to the id news/a (a slash is not safe in a file name).
DOC_HASH = hashlib.sha256(b"news/a").hexdigest()[:8]


def make_notebook(path: Path, parameters: str, *cells: str) -> Path:
    """Write a notebook: a cell tagged ``parameters`` with *parameters*, then one code cell per item of *cells*."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def write_suite(folder: Path, text: str) -> Path:
    """Write *text* to ``folder/suite.toml``."""
    path = folder / "suite.toml"
    path.write_text(text, encoding="utf-8")
    return path


def fake_execute(calls: list, fail: dict | None = None):
    """A stand-in for execute_notebook: copies the notebook to the output, or raises fail[call number]."""

    def execute(notebook, output, *, parameters, kernel_name="python3", kernel=None, env=None, timeout=None):
        calls.append((Path(notebook).stem, dict(parameters)))
        if fail and len(calls) in fail:
            raise fail[len(calls)]
        nbformat.write(nbformat.read(str(notebook), as_version=4), str(output))

    return execute


def cell_error():
    """The error papermill raises for a failing cell (cell #3, In [2])."""
    import papermill

    return papermill.PapermillExecutionError(3, 2, "raise ValueError('boom')", "ValueError", "boom", ["ValueError: boom"])
