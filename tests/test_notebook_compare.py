"""The compare notebook on the score fixture with genres: keyness, frames and tone per group, checked by hand."""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest

from analysis.report import run_notebook
from notebook_helpers import MIXED, RUSSIAN, corpus_with_genres, html_text, outputs

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "compare.ipynb"
FIXTURE = Path(__file__).parent / "fixtures" / "score_corpus"




def _run(tmp_path, monkeypatch, **parameters):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    written = run_notebook(NOTEBOOK, out_dir=tmp_path / "out", parameters=parameters)
    return nbformat.read(written["ipynb"], as_version=4)


def test_parameters_follow_the_contract():
    parameters = papermill.inspect_notebook(str(NOTEBOOK))
    assert list(parameters)[:3] == ["corpus", "since", "tables_dir"]
    assert parameters["group_by"]["default"] == '"genre"' and parameters["group_by"]["inferred_type_name"] == "str"


@pytest.mark.slow
def test_groups_side_by_side_checked_by_hand(tmp_path, monkeypatch):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    tables = tmp_path / "tables"
    executed = _run(tmp_path, monkeypatch, corpus=str(corpus_with_genres(tmp_path)), tables_dir=str(tables), group_by="genre")
    assert outputs(executed, "error") == []
    assert len(outputs(executed, "image/png")) == 3  # keyness, frame heatmap, sentence boxplot

    sizes = pd.read_csv(tables / "group_sizes.csv").set_index("group")
    assert sizes.loc["news", ["n_docs", "n_scored", "n_words"]].tolist() == [2, 1, 52]
    assert sizes.loc["interview", ["n_docs", "n_scored", "n_words"]].tolist() == [1, 1, 47]

    keyness = pd.read_csv(tables / "keyness.csv").set_index(["group", "term"])
    assert keyness.loc[("news", "roadmap"), ["n_target", "n_reference", "total_target", "total_reference"]].tolist() == [2, 0, 52, 47]
    assert keyness.loc[("interview", "how"), ["n_target", "n_reference"]].tolist() == [1, 0]
    assert keyness.loc[("interview", "how"), "log_ratio"] == pytest.approx(math.log2((1 / 47) / (0.5 / 52)))

    frames = pd.read_csv(tables / "frames_by_group.csv").set_index(["group", "frame"])
    # news is a alone (c is not scored): transit, Middle Corridor, cargo, ferries, route in 4 of 5 sentences
    assert frames.loc[("news", "connectivity"), ["n_docs", "hits", "n_frame_sentences", "n_sentences"]].tolist() == [1, 5, 4, 5]
    # interview: transit and Trans-Caspian route, both in the last answer, of 6 sentences
    assert frames.loc[("interview", "connectivity"), ["hits", "n_frame_sentences", "n_sentences"]].tolist() == [2, 1, 6]
    assert frames.loc[("interview", "connectivity"), "sentence_share"] == pytest.approx(1 / 6)

    # b's six sentences (five lines, the first answer has two sentences), scored one by one by the reference VADER
    analyzer = SentimentIntensityAnalyzer()
    text = (FIXTURE / "b.txt").read_text(encoding="utf-8")
    sentences = [s for line in text.splitlines() for s in re.split(r"(?<=[.?!])\s+", line.strip()) if s]
    assert len(sentences) == 6
    expected = sum(analyzer.polarity_scores(s)["compound"] for s in sentences) / len(sentences)
    tone = pd.read_csv(tables / "tone_by_group.csv").set_index(["group", "measure"])
    assert tone.loc[("interview", "compound_mean"), "mean"] == pytest.approx(expected)
    assert tone.loc[("news", "compound_mean"), "n_docs"] == 1  # the Russian document is left out, not scored as 0
    sentence_tone = pd.read_csv(tables / "sentence_tone_by_group.csv").set_index("group")
    assert sentence_tone.loc["interview", "mean"] == pytest.approx(expected)


@pytest.mark.slow
def test_one_group_only_gives_empty_keyness_not_an_error(tmp_path, monkeypatch):
    tables = tmp_path / "tables"
    executed = _run(tmp_path, monkeypatch, corpus=str(FIXTURE), tables_dir=str(tables), group_by="outlet")  # no outlets
    assert outputs(executed, "error") == []
    assert pd.read_csv(tables / "groups.csv")["group"].unique().tolist() == ["(missing)"]
    assert pd.read_csv(tables / "keyness.csv").empty


@pytest.mark.slow
def test_a_corpus_with_no_english_compares_nothing_and_says_why(tmp_path, monkeypatch):
    tables = tmp_path / "tables"
    executed = _run(tmp_path, monkeypatch, corpus=str(RUSSIAN), tables_dir=str(tables), group_by="genre")
    assert outputs(executed, "error") == []
    assert outputs(executed, "image/png") == []  # no empty axes
    page = html_text(executed)
    assert "<b>No document is in English</b>" in page and "ru: 4 documents" in page
    for note in ("No keyness to plot", "No frame salience to plot", "No sentence tone to plot"):
        assert note in page
    sizes = pd.read_csv(tables / "group_sizes.csv")
    assert sizes[["group", "n_docs", "n_scored"]].values.tolist() == [["(missing)", 4, 0]] and sizes["n_words"].isna().all()
    assert pd.read_csv(tables / "keyness.csv").empty and pd.read_csv(tables / "tone_by_group.csv").empty


@pytest.mark.slow
def test_mixed_languages_group_sizes_leave_words_missing_where_nothing_was_scored(tmp_path, monkeypatch):
    tables = tmp_path / "tables"
    executed = _run(tmp_path, monkeypatch, corpus=str(MIXED), tables_dir=str(tables), group_by="genre")
    assert outputs(executed, "error") == []
    assert len(outputs(executed, "image/png")) == 3  # keyness (news against interview), frame heatmap, sentence boxes
    page = html_text(executed)
    assert "were run on the 2 English documents only, and skipped for the other 4 of 6" in page
    assert "ru: 2 documents (ru_corridor, ru_gas)" in page and "tr: 2 documents (tr_corridor, tr_railway)" in page
    sizes = pd.read_csv(tables / "group_sizes.csv").set_index("group")
    assert sizes[["n_docs", "n_scored"]].to_dict("index") == {"analysis": {"n_docs": 2, "n_scored": 0}, "interview": {"n_docs": 1, "n_scored": 1},
                                                             "news": {"n_docs": 3, "n_scored": 1}}
    assert pd.isna(sizes.loc["analysis", "n_words"]) and sizes.loc["news", "n_words"] > 0
    tone = pd.read_csv(tables / "tone_by_group.csv")
    assert set(tone["group"]) == {"news", "interview"}  # analysis has no tone: absent, not 0
    assert set(pd.read_csv(tables / "keyness.csv")["group"]) == {"news", "interview"}
