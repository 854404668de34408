"""The actor report notebook, run through papermill on the score fixture plus one article about Aliyev."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis.report import run_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "actor_report.ipynb"
FIXTURE = Path(__file__).parent / "fixtures" / "score_corpus"
# d.txt: a headline with a stray tag naming Aliyev (one tag: no HTML fragment, so it stays in the text and must be escaped), Astana after "visits" (not a locative), Astana after "in" (dropped as
# a place), a quote naming Azerbaijan and Kazakhstan, one positive and one negative sentence naming Azerbaijan.
ARTICLE = (
    'Great day: Aliyev <script>alert("x") visits Astana\n'
    "President Ilham Aliyev arrived in Astana on Tuesday. "
    "“Azerbaijan and Kazakhstan are two reliable partners,” the minister said. "
    "Azerbaijan welcomed the great success. Critics in Azerbaijan fear a crisis.\n"
)
TABLES = ["by_document", "characterisations", "edges", "frames", "quotes", "sentences", "speakers", "summary", "tone", "unscored"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("actor_report")
    corpus = root / "corpus"
    shutil.copytree(FIXTURE, corpus)
    (corpus / "d.txt").write_text(ARTICLE, encoding="utf-8")
    tables = root / "tables"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANALYSIS_CACHE", str(root / "cache"))
        written = run_notebook(NOTEBOOK, out_dir=root / "out",
                               parameters={"corpus": str(corpus), "actor": "azerbaijan", "level": "state", "tables_dir": str(tables)})
    return {"nb": nbformat.read(written["ipynb"], as_version=4), "html": written["html"].read_text(encoding="utf-8"), "tables": tables}


def _table(report, name):
    return pd.read_csv(report["tables"] / f"{name}.csv", keep_default_na=False, na_values=[""])


def test_parameters_are_listed():
    import papermill

    parameters = papermill.inspect_notebook(str(NOTEBOOK))
    assert {"corpus", "since", "tables_dir", "actor", "level"} <= set(parameters)
    assert parameters["actor"]["default"] == '"azerbaijan"' and parameters["actor"]["inferred_type_name"] == "str"


@pytest.mark.slow
def test_actor_report_runs_escapes_and_draws(report):
    nb = report["nb"]
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "error"]
    assert errors == []
    assert sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs) == 2  # tone, network
    page = report["html"]
    assert '<script>alert("x")' not in page and "&lt;script&gt;alert" in page
    assert sorted(p.stem for p in report["tables"].iterdir()) == TABLES


@pytest.mark.slow
def test_actor_report_mentions_counted_by_hand(report):
    # a.txt: Baku, Azerbaijan; b.txt: Baku, Azerbaijan; d.txt: Aliyev, Ilham Aliyev, Azerbaijan x3; c.txt is Russian
    summary = _table(report, "summary").set_index("actor")
    assert summary["n_mentions"].to_dict() == {"azerbaijan": 7, "ilham_aliyev": 2}
    assert summary.loc["azerbaijan", ["n_name", "n_capital", "n_demonym", "n_leader"]].tolist() == [5, 2, 0, 0]
    assert summary.loc["ilham_aliyev", "n_leader"] == 2
    by_document = _table(report, "by_document")
    assert by_document[["doc_id", "n_mentions", "n_leader"]].values.tolist() == [["d", 5, 2], ["a", 2, 0], ["b", 2, 0]]


@pytest.mark.slow
def test_actor_report_tone_edges_frames_quotes(report):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    # the sentences naming Azerbaijan or Aliyev: a0, a1, b0, b1 and the five of d.txt
    naming = [
        "Baku and Astana sign a transit roadmap",
        "Azerbaijan and Kazakhstan signed a roadmap on the Middle Corridor on Monday.",
        "Tashkent welcomes Baku to the Consultative Meeting",
        "- How do you assess the decision to include Azerbaijan?",
        'Great day: Aliyev <script>alert("x")</script> visits Astana',
        "President Ilham Aliyev arrived in Astana on Tuesday.",
        "“Azerbaijan and Kazakhstan are two reliable partners,” the minister said.",
        "Azerbaijan welcomed the great success.",
        "Critics in Azerbaijan fear a crisis.",
    ]
    compounds = [vader.polarity_scores(t)["compound"] for t in naming]
    tone = _table(report, "tone").set_index("actor")
    assert tone.loc["azerbaijan", "n_sentences"] == 9
    assert tone.loc["azerbaijan", "compound_mean"] == pytest.approx(sum(compounds) / 9, abs=1e-9)
    assert set(tone.index) == {"azerbaijan", "kazakhstan", "uzbekistan", "consultative_meeting"}  # it and its neighbours

    extremes = _table(report, "sentences")
    assert extremes.loc[extremes["tone"] == "negative", "text"].tolist() == ["Critics in Azerbaijan fear a crisis."]
    assert extremes.loc[extremes["tone"] == "positive", "compound"].tolist() == sorted((c for c in compounds if c >= 0.05), reverse=True)

    # co-mentions at the state level: azerbaijan-kazakhstan in a0, a1, d0 (Aliyev, Astana), d2 (the quote)
    edges = _table(report, "edges")
    assert [tuple(r) for r in edges[["source", "target", "n_sentences", "n_docs", "tie"]].itertuples(index=False)] == [
        ("azerbaijan", "kazakhstan", 4, 2, "ego"),
        ("azerbaijan", "consultative_meeting", 1, 1, "ego"),
        ("azerbaijan", "uzbekistan", 1, 1, "ego"),
        ("consultative_meeting", "uzbekistan", 1, 1, "alters"),
    ]

    frames = _table(report, "frames").set_index("frame")
    assert (frames["n_actor_sentences"] == 9).all()
    # "transit" and "roadmap" (a0), "signed" and "Middle Corridor" (a1), "Consultative Meeting" (b0), "visits" (d0)
    assert frames["n_sentences"].to_dict() == {"connectivity": 2, "diplomacy": 4}

    quotes = _table(report, "quotes")
    assert quotes[["doc_id", "speaker", "named_in", "surfaces"]].values.tolist() == [["d", "the minister", "text", "Azerbaijan"]]
    characterisations = _table(report, "characterisations")
    assert characterisations[["doc_id", "actor", "verb", "description"]].values.tolist() == [["d", "azerbaijan", "are", "two reliable partners"]]


@pytest.mark.slow
def test_actor_report_on_mixed_languages_lists_the_documents_not_searched(tmp_path, monkeypatch):
    from notebook_helpers import MIXED

    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    tables = tmp_path / "tables"
    written = run_notebook(NOTEBOOK, out_dir=tmp_path / "out", parameters={"corpus": str(MIXED), "actor": "kazakhstan", "tables_dir": str(tables)})
    nb = nbformat.read(written["ipynb"], as_version=4)
    assert [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "error"] == []
    unscored = pd.read_csv(tables / "unscored.csv")
    assert sorted(unscored["doc_id"]) == ["ru_corridor", "ru_gas", "tr_corridor", "tr_railway"]
    assert set(unscored["language"]) == {"ru", "tr"}
    # Kazakhstan is named (Kazakhstan, Astana) in the two English documents only, though the Russian and Turkish ones name it too
    assert sorted(pd.read_csv(tables / "by_document.csv")["doc_id"]) == ["en_corridor", "en_interview"]
