"""Kernels and their lifecycle: the Kernels owner, warm kernels and their reset (analysis/report/kernels.py)."""

from __future__ import annotations

import json

import nbformat
import pytest
from report_helpers import FIXTURE, PARAMETERS, make_notebook, write_suite

from analysis.report import run_suite
from analysis.report.kernels import RESET_MAGIC


@pytest.mark.slow
def test_warm_kernel_is_reset_between_notebooks(tmp_path, cache):
    folder = tmp_path / "nb"
    warn = "import analysis, pandas as pd\nanalysis.select_documents(pd.DataFrame({'doc_id': ['x'], 'date': [None]}), since='2025-01-01');"
    plot = "import matplotlib.pyplot as plt\nplt.plot([1, 2], [2, 1]);"
    state = ("import os, json, matplotlib\nprint(json.dumps(['leak' in globals(), pd.get_option('display.max_rows'), matplotlib.is_interactive(), "
             "matplotlib.rcParams['lines.linewidth'], matplotlib.rcParams['figure.dpi'], os.environ.get('RUNNER_LEAK'), os.getcwd()]))")
    make_notebook(folder / "a.ipynb", PARAMETERS, warn, plot, state,
                  "leak = 1\npd.set_option('display.max_rows', 3)\nmatplotlib.rcParams['lines.linewidth'] = 9\n"
                  "os.environ['RUNNER_LEAK'] = '1'\nos.chdir('/')")
    make_notebook(folder / "b.ipynb", PARAMETERS, warn, plot, state)
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "a"\n[[report]]\nnotebook = "b"\n')
    result = run_suite(suite, corpus=FIXTURE, out=tmp_path / "out", jobs=1, cache=cache)
    assert result.ok
    outputs = {}
    for name in ("a", "b"):
        code = [c for c in nbformat.read(result.folder / name / f"{name}.ipynb", as_version=4).cells if c.cell_type == "code"]
        outputs[name] = code
        assert [c.execution_count for c in code] == list(range(1, len(code) + 1))  # as in a new kernel
    streams = [{o.name: o.text for o in c.outputs if o.output_type == "stream"} for c in outputs["b"]]
    assert "have no date" in streams[2]["stderr"]  # the warning a showed is shown by b too
    assert [o.output_type for o in outputs["b"][3].outputs] == ["display_data"] and "image/png" in outputs["b"][3].outputs[0].data
    # b sees what a saw before a changed anything: a new kernel's state (pandas and matplotlib defaults, inline backend)
    first = json.loads({o.name: o.text for o in outputs["a"][4].outputs if o.output_type == "stream"}["stdout"])
    assert json.loads(streams[4]["stdout"]) == first == [False, 60, True, 1.5, 100.0, None, str(folder.resolve())]
    assert "Session/line number" not in json.dumps([c.outputs for c in outputs["b"]])
    assert RESET_MAGIC not in json.dumps([c.outputs for c in outputs["b"]])
