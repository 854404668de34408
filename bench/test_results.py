"""bench/results.py: RESULTS.md names no folder of the machine, and is written atomically."""

import sys
from pathlib import Path

import results
from common import BBC, ROOT


def test_machine_paths_are_replaced(tmp_path):
    text = (f"{tmp_path}/out/x.parquet {sys.executable} -m analysis {BBC} {ROOT}/bench/peak.py {ROOT.parent}/elsewhere "
            "driver/workers")
    cleaned = results._without_machine_paths(text, tmp_path)
    assert cleaned == ("$TMP/out/x.parquet python -m analysis ../shared/data/bbc_news_2225/bbc_news.csv ./bench/peak.py "
                       "../elsewhere driver/workers")


def test_results_are_written_whole_or_not_at_all(tmp_path):
    target = tmp_path / "RESULTS.md"
    target.write_text("old")
    results.write_atomically(target, "new")
    assert target.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["RESULTS.md"]


def test_machine_and_versions_tables_name_what_the_brief_asks_for():
    machine = results.machine((0.0, 0.0, 0.0))
    assert {"CPU", "cores (logical)", "RAM", "OS"} <= set(machine.iloc[:, 0])
    versions = results.versions()
    assert {"Python", "analysis (this tree)", "pandas", "nltk", "vaderSentiment", "pyarrow", "dask"} <= set(versions["package"])
    assert Path(results.__file__).parent == ROOT / "bench"
