"""The framing notebook on the score fixture: salience, co-occurrence, evidence and validation figures, checked by hand."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest

from analysis.report import run_notebook
from notebook_helpers import RUSSIAN, html_text, outputs

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "framing.ipynb"
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"



def _printed(notebook) -> str:
    return "".join(o["text"] for o in outputs(notebook, "stream") if o.get("name") == "stdout")


def _run(tmp_path, monkeypatch, **parameters):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    written = run_notebook(NOTEBOOK, out_dir=tmp_path / "out", parameters={"corpus": str(FIXTURES / "score_corpus"), **parameters})
    return nbformat.read(written["ipynb"], as_version=4), written["html"].read_text(encoding="utf-8")


def test_parameters_follow_the_contract():
    parameters = papermill.inspect_notebook(str(NOTEBOOK))
    assert list(parameters)[:3] == ["corpus", "since", "tables_dir"]
    assert parameters["scheme"]["default"] == '"eurasia"' and parameters["n_evidence"]["inferred_type_name"] == "int"


@pytest.mark.slow
def test_eurasia_on_fixture_checked_by_hand(tmp_path, monkeypatch):
    tables = tmp_path / "tables"
    executed, page = _run(tmp_path, monkeypatch, tables_dir=str(tables), n_evidence=2)
    assert outputs(executed, "error") == []
    assert len(outputs(executed, "image/png")) == 3  # salience, co-occurrence, frame x tone

    salience = pd.read_csv(tables / "frame_salience.csv").set_index(["doc_id", "frame"])
    # a: transit (headline), Middle Corridor, cargo + ferries (one sentence), route: 5 hits in 4 of 5 sentences
    assert salience.loc[("a", "connectivity"), ["hits", "n_frame_sentences", "n_sentences"]].tolist() == [5, 4, 5]
    assert set(salience.index.get_level_values("doc_id")) == {"a", "b"}  # the Russian c is not scored

    # connectivity sentences: a0 a1 a2 a4 b5; diplomacy: a0 (roadmap), a1 (signed), a3 (strategic partnership),
    # b0 (Consultative Meeting), b3 (regional cooperation)
    cooccurrence = pd.read_csv(tables / "frame_cooccurrence.csv").set_index(["frame_a", "frame_b"])
    assert cooccurrence.loc[("connectivity", "diplomacy"), ["n_both", "n_a", "n_b"]].tolist() == [2, 5, 5]
    assert cooccurrence.loc[("connectivity", "diplomacy"), "jaccard"] == pytest.approx(2 / 8)

    evidence = pd.read_csv(tables / "evidence.csv")
    assert evidence.groupby("frame").size().max() == 2
    assert evidence.loc[evidence["frame"] == "connectivity", "matched"].tolist() == ["transit", "Middle Corridor"]
    assert "<b>Middle Corridor</b>" in page  # the KWIC lines reached the report

    actors = pd.read_csv(tables / "frame_actors.csv").set_index(["frame", "actor"])
    assert actors.loc[("great_powers", "russia"), "n_sentences"] == 1  # "Russia and China are watching the route"

    assert "Validation figures for 'eurasia': below." in _printed(executed)
    assert "Frames found by: dictionary; the corpus was scored with 'eurasia' (dictionary)" in _printed(executed)
    test = pd.read_csv(tables / "frames_test.csv")
    assert set(test["scheme"]) == {"eurasia"} and set(test["method"]) == {"dictionary", "model", "combined"}
    assert set(test.loc[test["used"], "method"]) == {"dictionary"}
    micro = test[(test["frame"] == "micro avg") & (test["subset"] == "all")].set_index("method")
    assert (micro["f1_low"] <= micro["f1"]).all() and (micro["f1"] <= micro["f1_high"]).all()
    assert (micro["n_sentences"] > 400).all()
    agreement = pd.read_csv(tables / "coder_agreement.csv")
    assert set(agreement["scheme"]) == {"eurasia"} and set(agreement["part"]) == {"test", "holdout"} and len(agreement) == 16


@pytest.mark.slow
def test_a_learned_model_finds_the_frames_and_the_report_says_so(tmp_path, monkeypatch):
    tables = tmp_path / "tables"
    from analysis.cache import ensure_scored

    # as in a run whose scheme is eurasia and whose suite asks this report for the model: the scored words are read again
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    entry = ensure_scored(FIXTURES / "score_corpus", progress=False)
    executed, page = _run(tmp_path, monkeypatch, tables_dir=str(tables), scheme="eurasia:combined", scores_dir=str(entry))
    assert outputs(executed, "error") == []
    assert "Frames found by: combined (the learned eurasia combined model); the corpus was scored with 'eurasia' (dictionary)" in _printed(executed)
    assert "the learned eurasia frame model (combined) found" in html_text(executed)  # the note counts this report's hits
    hits = pd.read_csv(tables / "frame_hits.csv")
    assert not hits.duplicated(["doc_id", "sent_id", "frame"]).any()  # one hit per sentence and frame found
    assert hits["pattern"].str.match(r"^[wbd]:").all()  # the features that pushed each frame
    test = pd.read_csv(tables / "frames_test.csv")
    assert set(test.loc[test["used"], "method"]) == {"combined"}
    salience = pd.read_csv(tables / "frame_salience.csv")
    assert set(salience["doc_id"]) == {"a", "b"} and salience.loc[salience["frame"] == "connectivity", "n_frame_sentences"].sum() > 0


@pytest.mark.slow
def test_dictionary_file_has_no_validation_figures_and_says_so(tmp_path, monkeypatch):
    tables = tmp_path / "tables"
    executed, _ = _run(tmp_path, monkeypatch, tables_dir=str(tables), scheme=str(FIXTURES / "framing" / "small.dic"))
    assert outputs(executed, "error") == []
    # run alone, the notebook scores the corpus with its scheme (the runner scores it with report --frames)
    assert f"the corpus was scored with {str(FIXTURES / 'framing' / 'small.dic')!r} (dictionary)" in _printed(executed)
    assert "the small.dic dictionary found 1 keyword hit of 1 frame" in html_text(executed)
    assert "none; only the schemes eurasia, generic were coded by hand" in _printed(executed)
    assert pd.read_csv(tables / "frames_test.csv").empty and pd.read_csv(tables / "coder_agreement.csv").empty
    salience = pd.read_csv(tables / "frame_salience.csv").set_index(["doc_id", "frame"])
    # small.dic: transport = corridor, port*; trade = export*, "trade route". Only a's "Middle Corridor" matches.
    assert salience["hits"].to_dict() == {("a", "trade"): 0, ("a", "transport"): 1, ("b", "trade"): 0, ("b", "transport"): 0}
    assert pd.read_csv(tables / "dictionary.csv")["frame"].tolist() == ["transport", "trade"]


@pytest.mark.slow
def test_a_corpus_with_no_english_says_no_frame_was_looked_for_and_draws_nothing(tmp_path, monkeypatch):
    tables = tmp_path / "tables"
    executed, page = _run(tmp_path, monkeypatch, corpus=str(RUSSIAN), tables_dir=str(tables))
    assert outputs(executed, "error") == []
    assert outputs(executed, "image/png") == []
    shown = html_text(executed)
    assert "<b>No document is in English</b>" in shown and "ru: 4 documents" in shown
    for note in ("No frame salience to plot", "No two frames share a sentence", "no frame has a tone to plot", "no lines to show"):
        assert note in shown
    assert pd.read_csv(tables / "frame_salience.csv").empty and pd.read_csv(tables / "dominant_frames.csv").empty


@pytest.mark.slow
def test_an_off_topic_corpus_is_told_to_use_the_generic_scheme_and_the_generic_scheme_is_not(tmp_path, monkeypatch):
    # three English items on a storm, a cup final and a garden: eurasia finds one keyword (harbour*) in 1 of 18 sentences
    corpus, clubs = str(FIXTURES / "off_topic"), str(FIXTURES / "actors" / "clubs.csv")
    executed, page = _run(tmp_path, monkeypatch, corpus=corpus, gazetteer=clubs)
    assert outputs(executed, "error") == []
    shown = html_text(executed)
    assert "the eurasia dictionary found 1 keyword hit of 1 frame in 1 English sentence (6% of the English sentences), in 1 document" in shown
    assert "the actor list clubs.csv found 4 mentions of 2 actors in 3 English sentences" in shown
    assert "The eurasia scheme finds little here" in shown
    assert f"<pre>python -m analysis report --corpus {corpus} --scheme generic --actors {clubs}</pre>" in shown
    executed, _ = _run(tmp_path, monkeypatch, corpus=corpus, gazetteer=clubs, scheme="generic")
    shown = html_text(executed)
    assert outputs(executed, "error") == [] and "finds little" not in shown and "<pre>" not in shown
    assert "the generic dictionary found 2 keyword hits of 2 frames in 2 English sentences (11% of the English sentences), in 2 documents" in shown
