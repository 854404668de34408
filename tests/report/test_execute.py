"""One notebook: executed with papermill, exported to a self-contained page, its failure described (analysis/report/execute.py)."""

from __future__ import annotations

import re

import pytest
from report_helpers import make_notebook

from analysis.report import export_html, run_notebook


def _external_references(page: str) -> list[str]:
    return re.findall(r"""<(?:script|link|img)[^>]+(?:src|href)=["'](?:https?:)?//[^"']+""", page)


@pytest.mark.slow
def test_exported_page_is_self_contained_with_embedded_figures(tmp_path):
    notebook = make_notebook(tmp_path / "fig.ipynb", "title = ''", "import matplotlib.pyplot as plt\nplt.plot([1, 2]);", "print(title)")
    written = run_notebook(notebook, out_dir=tmp_path / "out", parameters={"title": '<script>alert("x")</script>'})
    page = written["html"].read_text(encoding="utf-8")
    assert _external_references(page) == []
    assert "data:image/png;base64" in page  # figures are embedded
    assert '<script>alert("x")</script>' not in page and "&lt;script&gt;" in page  # printed text is escaped
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["fig.html", "fig.ipynb"]


@pytest.mark.slow
def test_failing_notebook_leaves_nothing_behind(tmp_path):
    import papermill

    notebook = make_notebook(tmp_path / "broken.ipynb", "x = 1", "raise RuntimeError('boom')")
    out = tmp_path / "out"
    with pytest.raises(papermill.PapermillExecutionError, match="boom"):
        run_notebook(notebook, out_dir=out, parameters={"x": 2})
    assert list(out.iterdir()) == []


@pytest.mark.slow
def test_run_notebook_applies_parameters_and_hides_code(tmp_path):
    notebook = make_notebook(tmp_path / "p.ipynb", "x = 1", "print('x is', x * 10)")
    written = run_notebook(notebook, out_dir=tmp_path / "out", parameters={"x": 4})
    page = written["html"].read_text(encoding="utf-8")
    assert "x is 40" in page
    assert "print(" not in page
    shown = export_html(written["ipynb"], show_code=True)
    assert "print" in shown


def test_missing_notebook_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.ipynb"):
        run_notebook(tmp_path / "nope.ipynb", out_dir=tmp_path)
