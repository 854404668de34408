"""The report runner: papermill execution, self-contained HTML, escaping, failures, the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from analysis.__main__ import main
from analysis.report import export_html, run_notebook, write_index

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
FIXTURE = Path(__file__).parent / "fixtures" / "report_corpus"


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
def test_corpus_overview_runs_on_fixture_and_escapes_titles(tmp_path):
    written = run_notebook(NOTEBOOKS / "corpus_overview.ipynb", out_dir=tmp_path, parameters={"corpus": str(FIXTURE)})
    page = written["html"].read_text(encoding="utf-8")
    assert _external_references(page) == []
    assert "data:image/png;base64" in page  # figures are embedded
    # the title of a.txt carries a script tag: it must show as text, never as markup
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page
    executed = nbformat.read(written["ipynb"], as_version=4)
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    # the cleaning audit and the interview roles reached the report
    assert "photo_credit" in page and "related_links" in page
    assert "question" in page and "answer" in page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus_overview.html", "corpus_overview.ipynb"]


def test_failing_notebook_leaves_nothing_behind(tmp_path):
    import papermill

    notebook = _notebook(tmp_path / "broken.ipynb", "x = 1", "raise RuntimeError('boom')")
    out = tmp_path / "out"
    with pytest.raises(papermill.PapermillExecutionError, match="boom"):
        run_notebook(notebook, out_dir=out, parameters={"x": 2})
    assert list(out.iterdir()) == []


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
        [{"name": "<b>x</b>", "html": tmp_path / "x.html", "status": "ok"}, {"name": "y", "html": None, "status": "failed"}],
        tmp_path,
        title="Reports on <seeds>",
    )
    page = index.read_text(encoding="utf-8")
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert '<a href="x.html">' in page
    assert "failed" in page and "&lt;seeds&gt;" in page


def test_cli_refuses_missing_corpus(tmp_path, capsys):
    assert main(["report", "--corpus", str(tmp_path / "none"), "--out", str(tmp_path / "out")]) == 2
    assert "none" in capsys.readouterr().err


def test_cli_marks_failed_report_and_exits_nonzero(tmp_path, capsys):
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    _notebook(notebooks / "corpus_overview.ipynb", "corpus = ''", "raise ValueError('bad corpus ' + corpus)")
    status = main(["report", "--corpus", str(FIXTURE), "--out", str(tmp_path / "out"), "--notebooks", str(notebooks)])
    assert status == 1
    assert "corpus_overview: failed" in capsys.readouterr().err
    assert "failed" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_committed_notebooks_are_clean():
    for path in sorted(NOTEBOOKS.rglob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(not c.get("outputs") for c in code), f"{path} is committed with outputs"
        assert any("parameters" in c.get("metadata", {}).get("tags", []) for c in code), f"{path} has no parameters cell"
        for cell in code:
            lines = "".join(cell["source"]).splitlines()
            assert not any(line.lstrip().startswith(("def ", "class ")) for line in lines), f"{path} defines code"
