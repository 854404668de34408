"""The one-call scoring: every table, offsets back to the text, language exclusion, chunking, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import analysis
from analysis.__main__ import main
from analysis.errors import LanguageWarning
from analysis.scoring import TABLES, combine_edges, load_resources, score, score_chunk, select_document_scores

FIXTURE = Path(__file__).parent / "fixtures" / "score_corpus"
#: For each table, the column that must equal the document text at start:end.
SPANNED = {"sentences": "text", "tokens": "token", "frame_hits": "matched", "actors": "surface", "quotes": "text"}


@pytest.fixture(scope="module")
def docs() -> pd.DataFrame:
    return analysis.load_corpus(FIXTURE)  # c.txt is Russian


@pytest.fixture(scope="module")
def scores(docs):
    with pytest.warns(LanguageWarning, match=r"c \(ru\)"):
        return score(docs)


def test_every_table_is_there_with_rows(scores):
    tables = scores.tables()
    assert list(tables) == list(TABLES)
    for name in ("documents", "sentences", "tokens", "frame_hits", "frames", "actors", "actor_edges", "quotes"):
        assert len(tables[name]) > 0, name


@pytest.mark.parametrize("table,column", sorted(SPANNED.items()))
def test_offsets_point_back_to_the_words(docs, scores, table, column):
    texts = dict(zip(docs["doc_id"], docs["text"]))
    frame = getattr(scores, table)
    for row in frame.itertuples(index=False):
        assert texts[row.doc_id][row.start : row.end] == getattr(row, column)


def test_non_english_document_is_kept_unscored_never_neutral(scores):
    documents = scores.documents.set_index("doc_id")
    assert documents.loc["c", "scored"] == False  # noqa: E712 (numpy bool)
    assert documents.loc["c", "language"] == "ru"
    for column in ("n_sentences", "compound_mean", "net_tone", "frame_hits", "n_actor_mentions", "n_quotes"):
        assert pd.isna(documents.loc["c", column]), column
    assert "c" not in set(scores.sentences["doc_id"])
    assert documents.loc[["a", "b"], "scored"].all()


def test_document_figures_agree_with_the_tables(scores):
    documents = scores.documents.set_index("doc_id")
    for doc_id in ("a", "b"):
        assert documents.loc[doc_id, "n_sentences"] == (scores.sentences["doc_id"] == doc_id).sum()
        assert documents.loc[doc_id, "n_actor_mentions"] == (scores.actors["doc_id"] == doc_id).sum()
        assert documents.loc[doc_id, "frame_hits"] == (scores.frame_hits["doc_id"] == doc_id).sum()
        mean = scores.sentences.loc[scores.sentences["doc_id"] == doc_id, "compound"].mean()
        assert documents.loc[doc_id, "compound_mean"] == pytest.approx(mean)


def test_what_the_fixture_says_is_found(scores):
    # hand-read: a.txt quotes a minister and names Russia and China together; b.txt is an interview
    quotes = scores.quotes
    assert set(quotes.loc[quotes["doc_id"] == "a", "kind"]) >= {"direct"}
    assert set(quotes.loc[quotes["doc_id"] == "b", "kind"]) == {"interview_answer"}
    edges = scores.actor_edges
    assert ((edges["source"] == "china") & (edges["target"] == "russia")).any()
    assert {"connectivity", "security"} <= set(scores.frame_hits["frame"])


def test_scoring_in_chunks_gives_the_same_tables(docs, scores):
    with pytest.warns(LanguageWarning):
        one_by_one = score(docs, chunk_size=1)
    for name in TABLES:
        assert_frame_equal(getattr(one_by_one, name), getattr(scores, name), obj=name)


def test_score_chunk_is_pure(docs):
    resources = load_resources()
    before = docs.copy(deep=True)
    first = score_chunk(docs, resources=resources)
    second = score_chunk(docs, resources=resources)
    assert_frame_equal(docs, before)
    assert_frame_equal(first.documents, second.documents)


def test_tokens_can_be_left_out(docs):
    with pytest.warns(LanguageWarning):
        lean = score(docs, keep_tokens=False)
    assert lean.tokens is None
    assert "tokens" not in lean.tables()


def test_combine_edges_sums_counts():
    part = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "n_sentences": [1, 5], "n_docs": [1, 1]})
    combined = combine_edges(pd.concat([part, part.iloc[[0]]], ignore_index=True))
    expected = pd.DataFrame({"source": ["b", "a"], "target": ["c", "b"], "n_sentences": [5, 2], "n_docs": [1, 2]})
    assert_frame_equal(combined, expected)


@pytest.mark.parametrize("bad,message", [(0, "chunk_size must be a positive whole number; got 0"), (1.5, "got 1.5")])
def test_bad_chunk_size_is_named(docs, bad, message):
    with pytest.raises(ValueError, match=message):
        score(docs, chunk_size=bad)


def test_unknown_dictionary_is_named(docs):
    with pytest.raises((ValueError, FileNotFoundError), match="nonexistent"):
        score(docs, frames="nonexistent")


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_cli_writes_every_table_and_a_manifest(tmp_path, capsys, fmt, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "scores"
    assert main(["score", str(FIXTURE), "--out", str(out), "--format", fmt]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{t}.{fmt}" for t in TABLES] + ["manifest.json"])
    read = pd.read_parquet if fmt == "parquet" else pd.read_csv
    for name in TABLES:
        assert manifest["tables"][name]["rows"] == len(read(out / f"{name}.{fmt}")), name
    assert manifest["corpus"]["n_documents"] == 3 and manifest["corpus"]["n_scored"] == 2
    assert manifest["resources"]["frames"]["name"] == "eurasia"
    assert manifest["resources"]["sentiment"]["package"] == "vaderSentiment 3.3.2"
    assert {d["doc_id"] for d in manifest["corpus"]["documents"]} == {"a", "b", "c"}
    assert "not in English" in capsys.readouterr().err


def test_cli_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "old.csv").write_text("x\n", encoding="utf-8")
    assert main(["score", str(FIXTURE), "--out", str(tmp_path)]) == 2
    assert "is not empty and holds no earlier score output (no manifest.json)" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["old.csv"]


def test_cli_refuses_a_missing_corpus(tmp_path, capsys):
    assert main(["score", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "nowhere" in err and "does not exist" in err


def test_interrupted_run_leaves_nothing_that_looks_complete(tmp_path, monkeypatch):
    import analysis.scoring as module

    calls = {"n": 0}
    real = module.score_chunk

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "score_chunk", failing)
    out = tmp_path / "scores"
    with pytest.raises(KeyboardInterrupt), pytest.warns(LanguageWarning):
        module.write_scores(analysis.load_corpus(FIXTURE), out, chunk_size=1)
    assert list(out.iterdir()) == []


@pytest.mark.slow
def test_cli_on_the_seeds_writes_every_table_with_offsets_back_to_the_text(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "seeds_scores"
    assert main(["score", str(Path(__file__).resolve().parents[1] / "seeds"), "--out", str(out)]) == 0
    texts = dict(zip(*(analysis.load_corpus(Path(__file__).resolve().parents[1] / "seeds")[c] for c in ("doc_id", "text"))))
    for table, column in SPANNED.items():
        frame = pd.read_parquet(out / f"{table}.parquet")
        assert len(frame) > 0, table
        bad = [row for row in frame.itertuples(index=False) if texts[row.doc_id][row.start : row.end] != getattr(row, column)]
        assert bad == [], table
    documents = pd.read_parquet(out / "documents.parquet")
    assert documents["scored"].all() and len(documents) == 5


# --------------------------------------------------------------------------- select_document_scores


@pytest.fixture(scope="module")
def tiny_scores():
    docs = pd.DataFrame({
        "doc_id": ["a", "b", "r"],
        "text": ["Baku and Astana met. Russia was silent.", "Russia and China talked. Baku waited.", "Баку и Астана."],
        "language": ["en", "en", "ru"],
    })
    with pytest.warns(Warning):  # the Russian document is not scored (LanguageWarning)
        return score(docs)


def test_select_document_scores_keeps_only_that_document(tiny_scores):
    one = select_document_scores(tiny_scores, doc_id="b")
    for name, table in one.tables().items():
        if name != "actor_edges":
            assert set(table["doc_id"]) <= {"b"}, name
    assert one.documents["doc_id"].tolist() == ["b"]
    assert one.sentences["text"].tolist() == ["Russia and China talked.", "Baku waited."]
    # edges recounted from b's mentions only: russia-china in b; baku-astana (a) is gone
    assert one.actor_edges[["source", "target", "n_sentences", "n_docs"]].values.tolist() == [["china", "russia", 1, 1]]


def test_select_document_scores_unscored_document_has_empty_measures(tiny_scores):
    one = select_document_scores(tiny_scores, doc_id="r")
    assert one.documents["scored"].tolist() == [False]
    assert len(one.sentences) == len(one.frames) == len(one.actors) == len(one.quotes) == len(one.actor_edges) == 0


def test_select_document_scores_names_the_valid_ids(tiny_scores):
    with pytest.raises(ValueError, match=r"doc_id 'zz' is not in the scored corpus; valid doc_id values: a, b, r"):
        select_document_scores(tiny_scores, doc_id="zz")
    with pytest.raises(TypeError, match="must be an analysis.scoring.Scores; got DataFrame"):
        select_document_scores(tiny_scores.documents, doc_id="a")



def test_frames_can_be_found_by_a_learned_model_and_the_resources_say_so():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["The new railway will carry cargo from the port of Baku across the Caspian Sea."]})
    resources = load_resources(frames="eurasia:combined")
    assert resources.describe()["frames"]["method"] == "combined"
    assert resources.describe()["frames"]["model"]["recipe"]["parts"] == ["train", "dev"]
    scores = score(docs, frames="eurasia:combined")
    hits = scores.frame_hits
    assert "connectivity" in set(hits["frame"])
    # one hit per sentence and frame, pointing at the word that pushed hardest
    assert not hits.duplicated(["doc_id", "sent_id", "frame"]).any()
    assert all(docs["text"][0][s:e] == m for s, e, m in hits[["start", "end", "matched"]].itertuples(index=False, name=None))
    assert load_resources(frames="eurasia").describe()["frames"]["method"] == "dictionary"


def test_an_unknown_frame_method_is_named():
    with pytest.raises(ValueError, match="the method after ':' must be one of dictionary, model, combined; got 'magic'"):
        load_resources(frames="eurasia:magic")
