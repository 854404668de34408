"""Kernels and their lifecycle: the Kernels owner, warm kernels and their reset (analysis/report/kernels.py)."""

from __future__ import annotations

import builtins
import inspect
import json
import symtable

import nbformat
import pytest
from report_helpers import FIXTURE, PARAMETERS, make_notebook, write_suite

from analysis.report import KernelStartError, Kernels, run_suite
from analysis.report import kernels as kernels_module
from analysis.report.kernels import KERNEL_REUSE_LIMIT, RESET_MAGIC, prepare_kernel


class FakeKernel:
    """Stands in for WarmKernel: records what the owner does with it."""

    started: list = []

    def __init__(self, kernel_name, *, cwd, env):
        self.kernel_name, self.env, self.uses, self.closed, self.resets = kernel_name, env, 0, False, []
        self.manager = object()
        FakeKernel.started.append(self)

    def reset(self, *, cwd):
        self.resets.append(str(cwd))
        self.uses += 1

    def close(self):
        self.closed = True

    def resident_bytes(self):
        return self.resident

    resident = 100 * 1024**2


@pytest.fixture()
def fake_kernels(monkeypatch):
    FakeKernel.started = []
    monkeypatch.setattr(kernels_module, "WarmKernel", FakeKernel)
    return FakeKernel.started


def test_the_owner_closes_its_kernels_when_the_block_ends(fake_kernels):
    with Kernels(warm=True) as kernels:
        first = kernels.acquire("python3", cwd="/a")
        assert kernels.acquire("python3", cwd="/b") is first  # warm: the same kernel, reset for each notebook
        kernels.acquire("other", cwd="/a")
        assert [k.closed for k in fake_kernels] == [False, False]
    assert [k.kernel_name for k in fake_kernels] == ["python3", "other"]
    assert [k.closed for k in fake_kernels] == [True, True] and kernels.running() == []
    assert fake_kernels[0].resets == ["/a", "/b"]


def test_the_owner_closes_its_kernels_on_error(fake_kernels):
    with pytest.raises(KeyboardInterrupt):
        with Kernels(warm=True) as kernels:
            kernels.acquire("python3", cwd="/a")
            raise KeyboardInterrupt
    assert [k.closed for k in fake_kernels] == [True]


def test_kernels_belong_to_their_owner(fake_kernels):
    with Kernels(warm=True) as one, Kernels(warm=True) as two:
        assert one.acquire("python3", cwd="/a") is not two.acquire("python3", cwd="/a")
        one.close()
        assert [k.closed for k in fake_kernels] == [True, False]  # closing one owner leaves the other's kernel running


def test_a_kernel_is_replaced_after_the_reuse_limit_and_on_discard(fake_kernels):
    with Kernels(warm=True) as kernels:
        for _ in range(KERNEL_REUSE_LIMIT + 1):
            kernels.acquire("python3", cwd="/a")
        assert len(fake_kernels) == 2 and fake_kernels[0].closed and fake_kernels[0].uses == KERNEL_REUSE_LIMIT
        kernels.discard("python3")
        assert fake_kernels[1].closed and kernels.running() == []


def test_settings_reach_kernels_as_arguments_not_through_this_process(fake_kernels, monkeypatch):
    import os

    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    with Kernels(warm=True, env={"ANALYSIS_CACHE": "/somewhere"}) as kernels:
        kernels.acquire("python3", cwd="/a")
    assert fake_kernels[0].env["ANALYSIS_CACHE"] == "/somewhere" and fake_kernels[0].env["PATH"] == os.environ["PATH"]
    assert "ANALYSIS_CACHE" not in os.environ


def test_fresh_kernels_start_nothing_and_keep_nothing(fake_kernels):
    with Kernels(warm=False) as kernels:
        assert kernels.acquire("python3", cwd="/a") is None
    assert fake_kernels == []


def test_the_code_sent_to_a_kernel_is_self_contained():
    # The kernel runs prepare_kernel from its source: it may use no name of the runner's modules.
    source = inspect.getsource(prepare_kernel)

    def free_names(table: symtable.SymbolTable) -> set[str]:
        names = {s.get_name() for s in table.get_symbols() if s.is_global() and table.get_type() != "module"}
        return names.union(*(free_names(child) for child in table.get_children()))

    assert free_names(symtable.symtable(source, "<kernel>", "exec")) <= set(dir(builtins))
    assert "analysis" not in source.split('"""')[2]  # the body imports nothing of the package


@pytest.mark.slow
def test_a_real_kernel_is_shut_down_when_its_owner_closes(tmp_path):
    with pytest.raises(RuntimeError, match="stop"):
        with Kernels(warm=True) as kernels:
            manager = kernels.acquire("python3", cwd=tmp_path)
            [kernel] = kernels.running()
            assert kernel.is_alive() and 20 * 1024**2 < kernel.resident_bytes() < 1024**3  # a started kernel with pandas and matplotlib loaded
            raise RuntimeError("stop")
    assert not kernel.is_alive()
    assert manager is kernel.manager


@pytest.mark.slow
def test_a_kernel_that_cannot_be_reset_is_a_kernel_start_failure(tmp_path):
    with Kernels(warm=True) as kernels:
        kernels.acquire("python3", cwd=tmp_path)
        [kernel] = kernels.running()
        with pytest.raises(KernelStartError, match="could not be reset"):
            kernel.reset(cwd=tmp_path / "no such folder")


@pytest.mark.slow
def test_warm_kernel_is_reset_between_notebooks(tmp_path, cache):
    folder = tmp_path / "nb"
    warn = "import analysis, pandas as pd\nanalysis.corpus.select_documents(pd.DataFrame({'doc_id': ['x'], 'date': [None]}), since='2025-01-01');"
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


def test_a_kernel_left_holding_more_than_the_memory_limit_is_replaced(fake_kernels):
    from analysis.report.kernels import KERNEL_MEMORY_LIMIT

    with Kernels(warm=True, env={}) as kernels:
        first = kernels.acquire("python3", cwd=".")
        kernels.release("python3")  # 100 MB: kept for the next notebook
        assert kernels.acquire("python3", cwd=".") is first
        fake_kernels[0].resident = KERNEL_MEMORY_LIMIT + 1
        kernels.release("python3")
        assert fake_kernels[0].closed and not kernels.running()
        assert kernels.acquire("python3", cwd=".") is not first and len(fake_kernels) == 2
