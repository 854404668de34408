"""The corpus_overview notebook on the score fixture: it runs, draws, and writes tables that match the texts."""

from __future__ import annotations

import math
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest

from analysis.report import run_notebook
from notebook_helpers import ONE_ENGLISH, RUSSIAN, corpus_with_genres, html_text, outputs

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "corpus_overview.ipynb"
FIXTURE = Path(__file__).parent / "fixtures" / "score_corpus"




def test_parameters_follow_the_contract():
    parameters = papermill.inspect_notebook(str(NOTEBOOK))
    assert list(parameters)[:3] == ["corpus", "since", "tables_dir"]
    assert {"group_by", "top_n"} <= set(parameters)
    assert parameters["group_by"]["default"] == '"genre"'
    assert all(p["help"] for p in parameters.values()), "every parameter has a comment"


@pytest.mark.slow
def test_overview_on_fixture_writes_tables_checked_by_hand(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    tables = tmp_path / "tables"
    written = run_notebook(NOTEBOOK, out_dir=tmp_path / "out",
                           parameters={"corpus": str(corpus_with_genres(tmp_path)), "tables_dir": str(tables), "group_by": "genre"})
    executed = nbformat.read(written["ipynb"], as_version=4)
    assert outputs(executed, "error") == []
    assert len(outputs(executed, "image/png")) == 4  # lengths, terms, keyness, frame salience

    documents = pd.read_csv(tables / "documents.csv")
    assert documents.set_index("doc_id")["scored"].to_dict() == {"a": True, "b": True, "c": False}  # c is Russian
    lengths = pd.read_csv(tables / "lengths.csv").set_index("doc_id")
    # words counted by hand: a = 7 + 12 + 12 + 11 + 10, b = 7 + 9 + 5 + 11 + 3 + 12 (Trans-Caspian is one word)
    assert lengths.loc["a", "n_words"] == 52 and lengths.loc["b", "n_words"] == 47
    assert math.isnan(lengths.loc["c", "n_words"])
    roles = pd.read_csv(tables / "roles.csv").set_index("doc_id")
    assert (roles.loc["b", "question"], roles.loc["b", "answer"]) == (2, 2)
    frequencies = pd.read_csv(tables / "frequencies.csv").set_index("term")
    assert frequencies.loc["baku", ["n", "n_docs"]].tolist() == [2, 2]  # both headlines
    assert pd.read_csv(tables / "groups.csv").set_index("doc_id")["group"].to_dict() == {"a": "news", "b": "interview", "c": "news"}

    keyness = pd.read_csv(tables / "keyness.csv")
    assert keyness["group"].unique().tolist() == ["news", "interview"]  # news has more tokens (c has none)
    roadmap = keyness.loc[(keyness["group"] == "news") & (keyness["term"] == "roadmap")].iloc[0]
    assert roadmap[["n_target", "n_reference", "total_target", "total_reference"]].tolist() == [2, 0, 52, 47]
    assert roadmap["log_ratio"] == pytest.approx(math.log2((2 / 52) / (0.5 / 47)))

    salience = pd.read_csv(tables / "frame_salience.csv").set_index(["doc_id", "frame"])
    # connectivity in a: transit (headline), Middle Corridor, cargo + ferries (one sentence), route: 5 hits in 4 of 5 sentences
    assert salience.loc[("a", "connectivity"), ["hits", "n_frame_sentences", "n_sentences"]].tolist() == [5, 4, 5]
    assert salience.loc[("a", "connectivity"), "sentence_share"] == pytest.approx(0.8)
    assert {"collocations.csv", "problems.csv", "removed.csv", "tone.csv"} <= {p.name for p in tables.iterdir()}


@pytest.mark.slow
@pytest.mark.parametrize("corpus, languages, images, notes", [
    (RUSSIAN, {"ru": (4, 0)}, 0, ["No lengths to plot", "No terms to plot", "No keyness to plot", "No frame salience to plot"]),
    (ONE_ENGLISH, {"en": (1, 1), "ru": (2, 0), "tr": (2, 0), "de": (1, 0), "es": (1, 0), "fr": (1, 0), "und": (1, 0)}, 3, ["No keyness to plot"]),
])
def test_overview_of_any_language_mix_says_what_was_skipped_and_draws_no_empty_plot(tmp_path, monkeypatch, corpus, languages, images, notes):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    tables = tmp_path / "tables"
    written = run_notebook(NOTEBOOK, out_dir=tmp_path / "out", parameters={"corpus": str(corpus), "tables_dir": str(tables)})
    executed = nbformat.read(written["ipynb"], as_version=4)
    assert outputs(executed, "error") == []
    page = html_text(executed)
    assert "<b>Languages:</b> " in page and "never zero" in page
    assert ("<b>No document is in English</b>" in page) == (corpus == RUSSIAN)
    assert len(outputs(executed, "image/png")) == images  # only plots with something to draw (ONE_ENGLISH: lengths, terms, salience)
    for note in notes:
        assert note in page
    coverage = pd.read_csv(tables / "coverage.csv", keep_default_na=False).set_index("language")
    assert {lang: (row.n_docs, row.n_scored) for lang, row in coverage.iterrows()} == languages
    assert coverage.loc["ru", "skipped_doc_ids"] == ("ru_corridor; ru_gas; ru_interview; ru_port" if corpus == RUSSIAN else "ru_gas; ru_port")
    lengths = pd.read_csv(tables / "lengths.csv").set_index("doc_id")
    unscored = lengths.loc[~lengths["scored"]]
    assert len(unscored) == sum(n - k for n, k in languages.values()) and unscored["n_words"].isna().all()  # missing, not 0
    tone = pd.read_csv(tables / "tone.csv").set_index("doc_id")
    assert tone.loc[unscored.index, ["compound_mean", "n_quotes"]].isna().all().all()


@pytest.mark.slow
def test_run_by_hand_on_a_glob_pattern_of_tables_with_named_columns(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    (tmp_path / "dumps").mkdir()
    (tmp_path / "dumps" / "a.csv").write_text("key,body\na1,Baku and Astana signed a transit roadmap on Monday.\n", encoding="utf-8")
    (tmp_path / "dumps" / "b.csv").write_text("key,body\nb1,Russia and China discussed gas prices in Beijing.\n", encoding="utf-8")
    tables = tmp_path / "tables"
    written = run_notebook(NOTEBOOK, out_dir=tmp_path / "out", parameters={"corpus": str(tmp_path / "dumps" / "*.csv"), "tables_dir": str(tables),
                                                                          "text_column": "body", "id_column": "key"})
    executed = nbformat.read(written["ipynb"], as_version=4)
    assert outputs(executed, "error") == []
    assert pd.read_csv(tables / "documents.csv")["doc_id"].tolist() == ["a1", "b1"]
    assert "Every document (2) was scored with every measure." in html_text(executed)


@pytest.mark.slow
def test_an_off_topic_corpus_names_the_dictionaries_their_hits_and_suggests_the_generic_scheme(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    corpus = str(FIXTURE.parent / "off_topic")
    written = run_notebook(NOTEBOOK, out_dir=tmp_path / "out", parameters={"corpus": corpus, "group_by": "genre"})
    executed = nbformat.read(written["ipynb"], as_version=4)
    assert outputs(executed, "error") == []
    shown = html_text(executed)
    assert "the eurasia dictionary found 1 keyword hit of 1 frame in 1 English sentence (6% of the English sentences), in 1 document" in shown
    assert "the shipped actor list (states, leaders, organisations) found 0 mentions of 0 actors" in shown
    assert f"<pre>python -m analysis report --corpus {corpus} --scheme generic</pre>" in shown


@pytest.mark.slow
@pytest.mark.parametrize("cwd", ["project root", "notebooks"])
def test_runs_on_the_default_corpus_with_papermill_from_the_project_root_or_its_own_folder(cwd, tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "executed.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(out), cwd=str(NOTEBOOK.parents[1] if cwd == "project root" else NOTEBOOK.parent),
                               progress_bar=False, kernel_name="python3")
    executed = nbformat.read(str(out), as_version=4)
    assert outputs(executed, "error") == []
    shown = html_text(executed)
    assert "Every document (5) was scored with every measure." in shown  # the five seeds
    assert "the eurasia dictionary found" in shown and "finds little" not in shown  # the seeds are the scheme's topic
