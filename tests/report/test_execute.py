"""One notebook: executed with papermill, exported to a self-contained page, its failure described (analysis/report/execute.py)."""

from __future__ import annotations

import os
import re

import nbformat
import pandas as pd
import pytest
from report_helpers import cell_error, make_notebook

from analysis.report import KernelStartError, execute_notebook, export_html, run_notebook
from analysis.report.execute import describe_error, error_line, error_text


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


@pytest.mark.slow
def test_a_new_kernel_gets_the_environment_it_is_given_and_this_process_keeps_its_own(tmp_path, monkeypatch):
    monkeypatch.delenv("RUNNER_SETTING", raising=False)
    notebook = make_notebook(tmp_path / "env.ipynb", "x = 1", "import os\nprint('setting:', os.environ.get('RUNNER_SETTING'))")
    output = tmp_path / "env.out.ipynb"
    execute_notebook(notebook, output, parameters={}, env={**os.environ, "RUNNER_SETTING": "given"})
    executed = nbformat.read(output, as_version=4)
    assert executed.cells[-1].outputs[0]["text"] == "setting: given\n"
    assert "RUNNER_SETTING" not in os.environ


def test_a_cell_error_is_described_with_its_cell_and_a_start_failure_without():
    error = describe_error(cell_error())
    assert (error["kind"], error["cell_index"], error["exec_count"], error["ename"], error["evalue"]) == ("cell", 3, 2, "ValueError", "boom")
    assert error_line(error) == "cell In [2] (#3): ValueError: boom"
    assert error_text(error) == "cell In [2] (#3): ValueError: boom\nValueError: boom"
    start = describe_error(KernelStartError("no kernel"))
    assert error_line(start) == "KernelStartError: no kernel" and error_text(start) == "KernelStartError: no kernel"


@pytest.mark.parametrize("show_code", [False, True])
def test_the_injected_parameters_cell_is_never_on_the_page(tmp_path, show_code):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell('corpus = ""  # the declared default', metadata={"tags": ["parameters"]}),
                      nbformat.v4.new_code_cell('corpus = "/private/staging/path"', metadata={"tags": ["injected-parameters"]}),
                      nbformat.v4.new_code_cell("len(corpus)  # counted here")]
    path = tmp_path / "executed.ipynb"
    nbformat.write(notebook, str(path))
    page = export_html(path, show_code=show_code)
    assert "/private/staging/path" not in page
    assert ("the declared default" in page) == show_code and ("counted here" in page) == show_code


def _notebook_with(*outputs_html: str):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output("display_data", data={"text/html": markup})])
                      for markup in outputs_html]
    return notebook


def test_the_tables_library_is_left_out_of_a_notebook_without_an_interactive_table(tmp_path):
    from analysis import display
    from analysis.report.execute import drop_unused_library, slim_notebook

    library = str(display.init_tables())
    short = str(display.show_table(pd.DataFrame({"n": range(3)}), name="short"))
    long = str(display.show_table(pd.DataFrame({"n": range(40)}), name="long"))
    plain = _notebook_with(library, short)
    assert drop_unused_library(plain) and [len(cell.outputs) for cell in plain.cells] == [0, 1]
    interactive = _notebook_with(library, short, long)
    assert not drop_unused_library(interactive) and [len(cell.outputs) for cell in interactive.cells] == [1, 1, 1]
    path = tmp_path / "executed.ipynb"
    nbformat.write(_notebook_with(library, short), str(path))
    before = path.stat().st_size
    slim_notebook(path)
    assert path.stat().st_size < before - 500_000 and display.LIBRARY_MARK not in path.read_text(encoding="utf-8")
    assert "analysis-table" in export_html(path)  # the short table is still on the page
