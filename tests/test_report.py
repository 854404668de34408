"""Running one notebook (papermill, self-contained HTML, failures) and the index page; the suite runner is in test_runner.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from analysis.report import export_html, run_notebook, write_index

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def _notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(sources[0], metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(s) for s in sources[1:]]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def _external_references(page: str) -> list[str]:
    return re.findall(r"""<(?:script|link|img)[^>]+(?:src|href)=["'](?:https?:)?//[^"']+""", page)


@pytest.mark.slow
def test_exported_page_is_self_contained_with_embedded_figures(tmp_path):
    notebook = _notebook(tmp_path / "fig.ipynb", "title = ''", "import matplotlib.pyplot as plt\nplt.plot([1, 2]);", "print(title)")
    written = run_notebook(notebook, out_dir=tmp_path / "out", parameters={"title": '<script>alert("x")</script>'})
    page = written["html"].read_text(encoding="utf-8")
    assert _external_references(page) == []
    assert "data:image/png;base64" in page  # figures are embedded
    assert '<script>alert("x")</script>' not in page and "&lt;script&gt;" in page  # printed text is escaped
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["fig.html", "fig.ipynb"]


@pytest.mark.slow
def test_failing_notebook_leaves_nothing_behind(tmp_path):
    import papermill

    notebook = _notebook(tmp_path / "broken.ipynb", "x = 1", "raise RuntimeError('boom')")
    out = tmp_path / "out"
    with pytest.raises(papermill.PapermillExecutionError, match="boom"):
        run_notebook(notebook, out_dir=out, parameters={"x": 2})
    assert list(out.iterdir()) == []


@pytest.mark.slow
def test_run_notebook_applies_parameters_and_hides_code(tmp_path):
    notebook = _notebook(tmp_path / "p.ipynb", "x = 1", "print('x is', x * 10)")
    written = run_notebook(notebook, out_dir=tmp_path / "out", parameters={"x": 4})
    page = written["html"].read_text(encoding="utf-8")
    assert "x is 40" in page
    assert "print(" not in page
    shown = export_html(written["ipynb"], show_code=True)
    assert "print" in shown


def test_missing_notebook_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.ipynb"):
        run_notebook(tmp_path / "nope.ipynb", out_dir=tmp_path)


def test_index_escapes_and_links(tmp_path):
    index = write_index(
        [{"name": "<b>x</b>", "html": tmp_path / "x" / "x.html", "status": "ok", "subject": "<script>alert(1)</script>",
          "parameters": {"doc_id": "a&b"}, "tables": [tmp_path / "x" / "tables" / "t 1.csv"]},
         {"name": "y", "html": None, "status": "failed", "error": "cell In [3] (#2): KeyError: '<k>'"}],
        tmp_path,
        title="Reports on <seeds>",
        header=[("corpus", "<seeds>")],
    )
    page = index.read_text(encoding="utf-8")
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert '<a href="x/x.html">' in page and '<a href="x/tables/t%201.csv">t 1</a>' in page
    assert "doc_id = a&amp;b" in page
    assert "failed" in page and "KeyError: &#x27;&lt;k&gt;&#x27;" in page
    assert page.count("&lt;seeds&gt;") == 3  # title, heading, header


def test_committed_notebooks_are_clean():
    for path in sorted(NOTEBOOKS.rglob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(not c.get("outputs") for c in code), f"{path} is committed with outputs"
        assert any("parameters" in c.get("metadata", {}).get("tags", []) for c in code), f"{path} has no parameters cell"
        for cell in code:
            lines = "".join(cell["source"]).splitlines()
            assert not any(line.lstrip().startswith(("def ", "class ")) for line in lines), f"{path} defines code"
