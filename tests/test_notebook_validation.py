"""The validation notebook: every figure with the shared data, and the skipped sources without it."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest

from analysis.report import run_notebook
from notebook_helpers import RUSSIAN, html_text, outputs
from analysis.validation import VADER_PUBLISHED_R

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "validation.ipynb"
FIXTURE = Path(__file__).parent / "fixtures" / "score_corpus"
SHARED = Path(__file__).resolve().parents[2] / "shared"



def _run(tmp_path, monkeypatch, **parameters):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    written = run_notebook(NOTEBOOK, out_dir=tmp_path / "out", parameters={"corpus": str(FIXTURE), **parameters})
    return nbformat.read(written["ipynb"], as_version=4)


def test_parameters_follow_the_contract():
    parameters = papermill.inspect_notebook(str(NOTEBOOK))
    assert list(parameters) == ["corpus", "since", "tables_dir", "scores_dir", "text_column", "id_column", "title_column", "date_column",
                                "outlet_column", "shared"]
    assert parameters["shared"]["default"] == '""'


@pytest.mark.slow
def test_every_figure_with_the_shared_data(tmp_path, monkeypatch):
    if not (SHARED / "data").is_dir():
        pytest.skip(f"the shared data folder {SHARED / 'data'} is absent; the figures that need it cannot be checked")
    tables = tmp_path / "tables"
    executed = _run(tmp_path, monkeypatch, tables_dir=str(tables))
    assert outputs(executed, "error") == []
    assert len(outputs(executed, "image/png")) == 1  # the NYT scatter
    assert pd.read_csv(tables / "skipped.csv").empty

    sentiment = pd.read_csv(tables / "sentiment.csv").set_index("dataset")
    assert set(sentiment.index) == set(VADER_PUBLISHED_R)
    nyt_file = SHARED / "data" / "vader_icwsm2014_groundtruth" / "nytEditorialSnippets_GroundTruth.txt"
    assert sentiment.loc["nyt_editorials", "n"] == sum(1 for line in nyt_file.read_bytes().splitlines() if line.strip())
    for dataset, published in VADER_PUBLISHED_R.items():
        row = sentiment.loc[dataset]
        assert row["pearson_low"] < row["pearson_r"] < row["pearson_high"]
        assert abs(row["pearson_r"] - published) < 0.05, f"{dataset}: r {row['pearson_r']:.3f} is far from the published {published}"

    for name in ("frames_dev", "frames_heldout"):
        frames = pd.read_csv(tables / f"{name}.csv")
        assert set(frames["scheme"]) == {"eurasia", "generic"}
        micro = frames.loc[frames["frame"] == "micro avg"]
        assert len(micro) == 2 and ((micro["f1_low"] <= micro["f1"]) & (micro["f1"] <= micro["f1_high"])).all()
    alpha = pd.read_csv(tables / "frame_alpha.csv")
    assert alpha[["alpha_coders", "alpha_coders_and_dictionary"]].le(1).all().all()
    boundaries = pd.read_csv(tables / "sentence_boundaries.csv")
    assert boundaries["source"].tolist()[0] == "all" and boundaries["f1"].between(0, 1).all()


@pytest.mark.slow
def test_absent_shared_data_is_listed_not_fatal(tmp_path, monkeypatch):
    tables = tmp_path / "tables"
    absent = tmp_path / "no_shared"
    executed = _run(tmp_path, monkeypatch, tables_dir=str(tables), shared=str(absent))
    assert outputs(executed, "error") == []
    skipped = pd.read_csv(tables / "skipped.csv").set_index("source")["reason"]
    assert {f"sentiment:{name}" for name in VADER_PUBLISHED_R} | {"tone:nyt_editorials"} == set(skipped.index)
    assert skipped.str.contains(str(absent), regex=False).all()
    assert not (tables / "sentiment.csv").exists()
    # the coded seed and Wikinews sentences ship with the package, so their figures need no shared data
    assert (tables / "frames_dev.csv").exists() and (tables / "frames_heldout.csv").exists()
    assert set(pd.read_csv(tables / "frames_test.csv")["method"]) == {"dictionary", "model", "combined"}
    assert set(pd.read_csv(tables / "tone.csv")["dataset"]) == {"coded_test", "coded_test_wikinews", "coded_holdout"}


@pytest.mark.slow
def test_the_corpus_note_says_no_document_was_measured_when_none_is_english(tmp_path, monkeypatch):
    tables = tmp_path / "tables"
    executed = _run(tmp_path, monkeypatch, corpus=str(RUSSIAN), tables_dir=str(tables))
    assert outputs(executed, "error") == []
    assert "<b>No document is in English</b>" in html_text(executed)
    coverage = pd.read_csv(tables / "coverage.csv")
    assert coverage[["language", "n_docs", "n_scored", "n_skipped"]].values.tolist() == [["ru", 4, 0, 4]]
