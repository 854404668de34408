"""bench/common.py: markdown tables, measured runs, the build's flags, and exact comparison of score outputs."""

import json
import sys

import common
import pandas as pd
import pytest


def test_markdown_table_formats_by_size_and_marks_missing_values():
    frame = pd.DataFrame({"name": ["a|b", "c"], "n": [1234, 5], "x": [12345.678, 0.12345], "y": [12.345, float("nan")]})
    assert common.markdown_table(frame) == (
        "| name | n | x | y |\n"
        "|---|---|---|---|\n"
        "| a\\|b | 1,234 | 12,346 | 12.3 |\n"
        "| c | 5 | 0.123 | – |"
    )
    assert common.markdown_table(frame[["x"]], floatfmt=".1f").splitlines()[2] == "| 12345.7 |"


@pytest.mark.parametrize("flag, expected", [("--jobs", True), ("--cache", True), ("--no-cache", False), ("--engine", False)])
def test_flags_are_read_as_whole_words_of_the_help(flag, expected):
    features = common.Features("usage: score [--jobs N] [--cache DIR] [--cache-size N]\n  --jobs N  workers", "", False)
    assert features.score_has(flag) is expected


def test_this_trees_score_command_is_found():
    features = common.detect_features()
    assert features.score_has("--out") and features.report_has("--corpus")


def test_a_measured_run_keeps_output_status_and_memory():
    run = common.run_measured([sys.executable, "-c", "import sys; print('out'); print('err', file=sys.stderr); sys.exit(4)"])
    assert (run.stdout.strip(), run.stderr.strip(), run.returncode, run.ok) == ("out", "err", 4, False)
    assert run.peak_process > 0 and run.seconds > 0
    assert "exited 4" in run.failure() and "err" in run.failure()


def test_a_run_over_its_time_limit_is_stopped():
    run = common.run_measured([sys.executable, "-c", "import time; time.sleep(30)"], timeout=1)
    assert run.returncode == -9 and "timed out after 1 s" in run.stderr and run.seconds < 20


def _score_dir(folder, tables):
    folder.mkdir()
    for name, frame in tables.items():
        frame.to_parquet(folder / f"{name}.parquet")
    manifest = {"tables": {name: {"file": f"{name}.parquet", "rows": len(frame)} for name, frame in tables.items()}}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_score_outputs_compare_exactly(tmp_path):
    docs = pd.DataFrame({"doc_id": ["a", "b"], "n": [1, 2]})
    base = _score_dir(tmp_path / "base", {"documents": docs})
    assert common.compare_score_dirs(base, _score_dir(tmp_path / "same", {"documents": docs.copy()})) == []
    changed = _score_dir(tmp_path / "changed", {"documents": docs.assign(n=[1, 3])})
    retyped = _score_dir(tmp_path / "retyped", {"documents": docs.assign(n=docs["n"].astype("int32"))})
    missing = _score_dir(tmp_path / "missing", {"documents": docs, "quotes": docs})
    assert [p.split(":")[0] for p in common.compare_score_dirs(base, changed)] == ["documents"]
    assert [p.split(":")[0] for p in common.compare_score_dirs(base, retyped)] == ["documents"]
    assert common.compare_score_dirs(base, missing) == ["quotes: only in the second output"]
