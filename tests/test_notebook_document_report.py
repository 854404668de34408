"""The document report notebook, run through papermill on the score fixture (an interview and a Russian text)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis.report import run_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "document_report.ipynb"
FIXTURE = Path(__file__).parent / "fixtures" / "score_corpus"
SCRIPT_TITLE = 'Tashkent <script>alert("x")</script> welcomes Baku'
TABLES = ["actor_tone", "actors", "answers", "characterisations", "explanation", "extremes", "frame_evidence", "frame_salience", "metadata", "questions", "quotes", "removed",
          "sentences", "speakers", "tone_by_role"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Run the report on b (interview; its manifest title and outlet carry markup) and on c (Russian)."""
    root = tmp_path_factory.mktemp("document_report")
    corpus = root / "corpus"
    shutil.copytree(FIXTURE, corpus)
    manifest = pd.DataFrame({"file": ["b.txt"], "title": [SCRIPT_TITLE], "outlet": ["<b>Outlet</b>"], "interviewee": ["Ana Bek"]})
    manifest.to_csv(corpus / "manifest.csv", index=False)
    runs = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANALYSIS_CACHE", str(root / "cache"))
        for doc_id in ("b", "c"):
            tables = root / f"tables_{doc_id}"
            written = run_notebook(NOTEBOOK, out_dir=root / "out", name=f"report_{doc_id}",
                                   parameters={"corpus": str(corpus), "doc_id": doc_id, "tables_dir": str(tables)})
            runs[doc_id] = {"nb": nbformat.read(written["ipynb"], as_version=4),
                            "html": written["html"].read_text(encoding="utf-8"), "tables": tables}
    return runs


def _table(run, name):
    return pd.read_csv(run["tables"] / f"{name}.csv", keep_default_na=False, na_values=[""])


def _outputs(nb, opening: str) -> str:
    """The text and HTML outputs of the one code cell whose source starts with *opening*."""
    cells = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith(opening)]
    assert len(cells) == 1, opening
    return "\n".join(str(o.get("data", {}).get(kind, "")) for o in cells[0].outputs for kind in ("text/plain", "text/html"))


def _images(nb) -> int:
    return sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def _errors(nb) -> list:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "error"]


def test_parameters_are_listed():
    import papermill

    parameters = papermill.inspect_notebook(str(NOTEBOOK))
    assert {"corpus", "since", "tables_dir", "doc_id"} <= set(parameters)
    assert parameters["doc_id"]["default"] == '"002_9e9e8290c25e0c8d"'
    assert parameters["corpus"]["default"] == '""' and parameters["gazetteer"]["default"] == '"default"' and parameters["doc_id"]["inferred_type_name"] == "str"


@pytest.mark.slow
def test_interview_report_writes_its_tables(reports):
    run = reports["b"]
    assert _errors(run["nb"]) == []
    assert sorted(p.stem for p in run["tables"].iterdir()) == TABLES
    metadata = dict(_table(run, "metadata").itertuples(index=False))
    assert metadata["title"] == SCRIPT_TITLE and metadata["outlet"] == "<b>Outlet</b>" and metadata["interviewee"] == "Ana Bek"
    assert metadata["language"] == "en" and metadata["scored"] == "True" and metadata["removed_rules"] == "none"

    # b.txt read by hand: headline, question, a two-sentence answer, question, answer
    sentences = _table(run, "sentences")
    assert sentences["role"].tolist() == ["narrative", "question", "answer", "answer", "question", "answer"]
    assert sentences["text"].iloc[3] == "It expands regional cooperation and strengthens the security of Central Asia."
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    reference = [SentimentIntensityAnalyzer().polarity_scores(t)["compound"] for t in sentences["text"]]
    assert sentences["compound"].tolist() == pytest.approx(reference)

    tone = _table(run, "tone_by_role").set_index("role")
    assert tone["n_sentences"].to_dict() == {"narrative": 1, "question": 2, "answer": 3}
    assert tone.loc["question", "compound_mean"] == pytest.approx((reference[1] + reference[4]) / 2)
    assert tone.loc["answer", "compound_mean"] == pytest.approx((reference[2] + reference[3] + reference[5]) / 3)

    # eurasia dictionary words in b.txt: Consultative Meeting, cooperation, security, trade, transit, Trans-Caspian route, territorial
    salience = _table(run, "frame_salience").set_index("frame")
    assert len(salience) == 8
    assert salience.loc[salience["hits"] > 0, "hits"].to_dict() == {
        "connectivity": 2, "diplomacy": 2, "economy_energy": 1, "security": 1, "sovereignty": 1}
    evidence = _table(run, "frame_evidence")
    assert sorted(evidence["matched"]) == ["Consultative Meeting", "Trans-Caspian route", "cooperation", "security", "territorial", "trade", "transit"]

    actors = _table(run, "actors").set_index("actor")
    assert actors["n_mentions"].to_dict() == {"azerbaijan": 2, "central_asia": 1, "consultative_meeting": 1, "uzbekistan": 1}
    assert actors.loc["azerbaijan", "surfaces"] == "Azerbaijan (1); Baku (1)"
    assert len(_table(run, "characterisations")) == 0  # no "X is a ..." in b.txt

    quotes = _table(run, "quotes")
    assert quotes["kind"].tolist() == ["interview_answer", "interview_answer"]
    assert quotes["speaker"].tolist() == ["Ana Bek", "Ana Bek"]
    assert quotes["text"].str.slice(0, 20).tolist() == ["It is a logical step", "More trade and trans"]


@pytest.mark.slow
def test_interview_questions_and_answers_are_kept_apart(reports):
    nb = reports["b"]["nb"]
    questions = _outputs(nb, "questions =")
    answers = _outputs(nb, "answers =")
    assert "How do you assess the decision" in questions and "What comes next?" in questions
    assert "logical step" not in questions and "Trans-Caspian" not in questions
    assert "logical step" in answers and "Trans-Caspian" in answers
    assert "What comes next?" not in answers and "How do you assess" not in answers


@pytest.mark.slow
def test_interview_report_escapes_markup_and_draws_figures(reports):
    run = reports["b"]
    page = run["html"]
    assert '<script>alert("x")</script>' not in page and "&lt;script&gt;alert" in page
    assert "<b>Outlet</b>" not in page and "&lt;b&gt;Outlet&lt;/b&gt;" in page
    assert 'title="connectivity">transit</mark>' in page  # frame keywords highlighted in the text
    assert _images(run["nb"]) == 4  # sentiment arc, sentence explanation, frame salience, actor tone
    assert "data:image/png;base64" in page


@pytest.mark.slow
def test_russian_document_shows_metadata_only(reports):
    run = reports["c"]
    nb = run["nb"]
    assert _errors(nb) == []
    assert "English-only measures were not run" in run["html"]
    assert _images(nb) == 0
    shown = [c.source.split("\n")[0] for c in nb.cells if c.cell_type == "code" and c.outputs]
    # the notes, the metadata, the cleaning audit; no table is long, so the runner left the tables' library out
    assert [s.split(" =")[0].split("(")[0] for s in shown] == ["one", "portraits.resources_note", "metadata", "removed"]
    assert "analysis:tables-library" not in run["html"]
    assert "the eurasia frame scheme, not looked for: there is no English sentence" in run["html"]
    assert "compound_mean" not in run["html"] and "share_positive" not in run["html"]
    metadata = dict(_table(run, "metadata").itertuples(index=False))
    assert metadata["language"] == "ru" and metadata["scored"] == "False"
    assert metadata["title"] == "Азербайджан и Казахстан укрепляют сотрудничество"
    assert len(_table(run, "sentences")) == 0 and len(_table(run, "frame_salience")) == 0


@pytest.mark.slow
def test_a_document_of_undetermined_language_shows_metadata_only(tmp_path, monkeypatch):
    from notebook_helpers import ONE_ENGLISH

    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    tables = tmp_path / "tables"
    written = run_notebook(NOTEBOOK, out_dir=tmp_path / "out", parameters={"corpus": str(ONE_ENGLISH), "doc_id": "figures", "tables_dir": str(tables)})
    nb = nbformat.read(written["ipynb"], as_version=4)
    page = written["html"].read_text(encoding="utf-8")
    assert _errors(nb) == [] and _images(nb) == 0
    assert "English-only measures were not run</b> on figures (language: und)" in page
    metadata = dict(pd.read_csv(tables / "metadata.csv", keep_default_na=False).itertuples(index=False))
    assert metadata["language"] == "und" and metadata["scored"] == "False"
    assert pd.read_csv(tables / "sentences.csv").empty and pd.read_csv(tables / "frame_salience.csv").empty
