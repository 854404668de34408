"""bench/report_memory.py: the heaviest pages are chosen as the runner ranks them, and notebooks run with their parameters."""

import json

import pandas as pd
import pytest
import report_memory


def _entry(tmp_path, documents, actors):
    pd.DataFrame(documents, columns=["doc_id", "n_actor_mentions"]).to_parquet(tmp_path / "documents.parquet")
    pd.DataFrame({"doc_id": ["a"] * len(actors), "actor": pd.Series(actors, dtype="string")}).to_parquet(tmp_path / "actors.parquet")
    return tmp_path


def test_the_busiest_document_and_actor_are_chosen_first_among_ties(tmp_path):
    entry = _entry(tmp_path, [("a", 1), ("b", 4), ("c", None), ("d", 4)], ["uk", "france", "france", "uk", "chad"])
    assert report_memory.busiest(entry) == {"document_report": {"doc_id": "b"}, "actor_report": {"actor": "france"}}


def test_an_entry_without_mentions_gets_no_actor_page(tmp_path):
    assert report_memory.busiest(_entry(tmp_path, [("a", 0)], [])) == {"document_report": {"doc_id": "a"}}


def _notebook(folder, name, body):
    cells = [{"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": ['scores_dir = ""\n', 'doc_id = "none"']},
             {"cell_type": "markdown", "metadata": {}, "source": ["text"]},
             {"cell_type": "code", "metadata": {}, "source": [body]}]
    (folder / f"{name}.ipynb").write_text(json.dumps({"cells": cells}))


def test_each_notebook_runs_with_the_entry_and_its_page_set_after_the_parameters_cell(tmp_path):
    (tmp_path / "entry").mkdir()
    entry = _entry(tmp_path / "entry", [("x", 2), ("y", 3)], ["uk"])
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(notebooks, "document_report", f"assert scores_dir == {str(entry.resolve())!r} and doc_id == 'y', (scores_dir, doc_id)")
    _notebook(notebooks, "other", "assert doc_id == 'none' and extra == 'on'; held = b'x' * (300 * 1024 * 1024)")
    table = report_memory.measure(entry, ["document_report", "other"], parameters={"extra": "on"}, folder=notebooks, planning=False)
    assert table["what"].tolist() == ["document_report", "other"]
    assert (table["seconds"] >= 0).all()
    assert table.loc[1, "peak_mib"] >= 300  # the 300 MiB the second one holds (each notebook runs in its own process)


def test_a_failing_notebook_is_named(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(notebooks, "broken", "raise RuntimeError('no such table')")
    entry = _entry(tmp_path, [("x", 1)], [])
    with pytest.raises(report_memory.NotebookFailed, match=r"(?s)broken\.ipynb failed.*no such table"):
        report_memory.measure(entry, ["broken"], folder=notebooks, planning=False)
    with pytest.raises(ValueError, match=r"no missing\.ipynb in"):
        report_memory.measure(entry, ["missing"], folder=notebooks, planning=False)
