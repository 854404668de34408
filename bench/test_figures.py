"""bench/figures.py: a feature the build lacks shows as not available (nothing is run), and the pieces' small helpers."""

import figures
import pandas as pd
import pytest
import report_memory
from common import Features


@pytest.fixture
def bare(tmp_path):
    """A context for a build whose score command has none of the archive-scale options and no dask."""
    return figures.Context(tmp_path, Features("usage: score CORPUS --out DIR [--chunk-size N]", "usage: report [--jobs N]", False),
                           figures.Sizes.quick())


@pytest.mark.parametrize("figure", [figures.incremental, figures.dask_engine])
def test_a_missing_feature_is_reported_not_run(bare, figure):
    section = figure(bare)
    assert figures.NOT_AVAILABLE in section.body
    assert section.targets and all(t.met is None and t.verdict == "not measured" for t in section.targets)
    assert bare.runs == {} and bare.corpora == {}


def test_reports_run_only_with_full(bare):
    section = figures.reports_at_scale(bare)
    assert "make bench FULL=1" in section.body
    assert [t.measured for t in section.targets] == ["not run (needs --full)"]
    assert bare.runs == {}


def test_nested_stage_timings_are_flattened():
    assert figures._flatten({"load": {"decode": 1, "language": 2.5}, "tokens": 3, "note": "x"}) == {
        "load.decode": 1.0, "load.language": 2.5, "tokens": 3.0}


@pytest.mark.parametrize("met, verdict", [(True, "met"), (False, "NOT met"), (None, "not measured")])
def test_target_verdicts(met, verdict):
    assert figures.Target("x", "< 1", "2", met).verdict == verdict


def test_a_failed_run_marks_its_targets_not_met(bare):
    run = figures.Run(("python", "-m", "analysis", "score"), 1.0, 2, "", "error: bad corpus\n", None, None, None, None, None, 0)
    section = figures._failed(figures.Section("x"), run, "`score`", figures.JOBS_TARGETS)
    assert "error: bad corpus" in section.body and "exited 2" in section.body
    assert [(t.what, t.met, t.measured) for t in section.targets] == [(name, False, "`score` failed") for name, _ in figures.JOBS_TARGETS]


def test_report_kernel_targets_take_the_largest_notebook_and_the_planning_apart():
    table = pd.DataFrame({"what": ["corpus_overview", "compare", report_memory.PLANNING_ROW], "peak_mib": [900.4, 1030.0, 1100.0],
                          "seconds": [1.0, 2.0, 3.0]})
    kernels, planning = figures.kernel_targets(table, 100_000)
    assert (kernels.what, kernels.measured, kernels.met) == ("peak memory of any report kernel, 100,000 documents", "1,030 MiB (compare)", False)
    assert (planning.measured, planning.met) == ("1,100 MiB", False)
    assert [t.met for t in figures.kernel_targets(table.iloc[[0]], 10)] == [True]
    assert [(t.measured, t.met) for t in figures.kernel_targets(None, 10, missing="a notebook failed", met=False)] == [("a notebook failed", False)] * 2


def test_the_scaling_figure_states_the_report_kernels_were_not_run_without_full(bare):
    bare.sizes.scaling = ()  # no scoring run: only the targets of what --full adds
    section = figures.scaling(bare)
    kernel = [t for t in section.targets if t.what.startswith("peak memory of any report kernel")]
    assert [(t.measured, t.met) for t in kernel] == [("not run (needs --full)", None)]
    assert bare.runs == {}
