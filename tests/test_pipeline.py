"""The streaming scoring driver: same tables for any jobs, chunk size and cache state; the cache; --out; the CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import analysis
from analysis import parallel, pipeline
from analysis.__main__ import main
from analysis.cache import DocumentCache
from analysis.errors import CorpusWarning, LanguageWarning
from analysis.pipeline import score_corpus
from analysis.scoring import TABLES, write_scores

FIXTURE = Path(__file__).parent / "fixtures" / "score_corpus"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Six files: the score fixture (two English, one Russian), an exact and a near duplicate of a, and an empty file."""
    folder = tmp_path / "corpus"
    shutil.copytree(FIXTURE, folder)
    text = (folder / "a.txt").read_text(encoding="utf-8")
    (folder / "d.txt").write_text(text, encoding="utf-8")
    (folder / "e.txt").write_text(text + "\nThe talks went on late.", encoding="utf-8")
    (folder / "f.txt").write_bytes(b"")
    return folder


def _tables(folder: Path) -> dict[str, pd.DataFrame]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {name: pd.read_parquet(folder / info["file"]) for name, info in manifest["tables"].items()}


def _reference(corpus: Path, out: Path, **options) -> dict[str, pd.DataFrame]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        write_scores(analysis.load_corpus(corpus), out, **options)
    return _tables(out)


def _score(corpus, out, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return score_corpus(corpus, out, progress=False, **options)


def _assert_same(left: dict, right: dict) -> None:
    assert list(left) == list(right)
    for name in left:
        assert_frame_equal(left[name], right[name], check_exact=True, obj=name)


def test_one_job_and_two_jobs_give_the_tables_of_write_scores(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "INLINE_DOCUMENTS_PER_JOB", 0)  # two jobs: scored by worker processes, however few
    reference = _reference(corpus, tmp_path / "reference")
    documents = reference["documents"].set_index("doc_id")
    assert documents.loc["d", "duplicate_of"] == "a" and documents.loc["e", "near_duplicate_of"] == "a"
    for jobs, chunk_size in ((1, 2), (2, 2), (2, 500)):
        out = tmp_path / f"jobs{jobs}-{chunk_size}"
        _score(corpus, out, jobs=jobs, chunk_size=chunk_size, cache=False)
        _assert_same(_tables(out), reference)


def test_manifest_has_stage_timings_and_the_corpus(corpus, tmp_path):
    manifest = json.loads(_score(corpus, tmp_path / "out", jobs=1, cache=False).read_text(encoding="utf-8"))
    assert {"load", "sentences", "tokens", "sentiment", "frames", "actors", "quotes", "documents"} <= set(manifest["timings_seconds"])
    assert manifest["corpus"]["n_documents"] == 5 and manifest["corpus"]["n_scored"] == 4
    assert [d["doc_id"] for d in manifest["corpus"]["documents"]] == ["a", "b", "c", "d", "e"]
    assert manifest["cache"]["documents_reused"] == 0


def test_warnings_name_the_empty_file_and_the_russian_document(corpus, tmp_path):
    with pytest.warns(CorpusWarning, match=r"f\.txt.*is empty"), pytest.warns(LanguageWarning, match=r"c \(ru\)"):
        score_corpus(corpus, tmp_path / "out", jobs=1, cache=False, progress=False)


def test_a_cached_run_reuses_every_document_and_writes_the_same_tables(corpus, tmp_path):
    cold = tmp_path / "cold"
    _score(corpus, cold, jobs=1, cache=tmp_path / "cache", chunk_size=2)
    warm = tmp_path / "warm"
    manifest = json.loads(_score(corpus, warm, jobs=1, cache=tmp_path / "cache", chunk_size=2).read_text(encoding="utf-8"))
    assert manifest["cache"] == {"folder": str(tmp_path / "cache"), "documents_reused": 5, "documents_scored": 0}
    _assert_same(_tables(warm), _tables(cold))


@pytest.mark.parametrize("jobs", [1, 2])
def test_new_documents_are_scored_and_the_rest_reused_in_the_order_of_a_cold_run(corpus, tmp_path, jobs):
    _score(corpus, tmp_path / "first", jobs=jobs, cache=tmp_path / "cache", chunk_size=3)
    # a new document sorted between a and b shifts every chunk boundary after it
    (corpus / "aa.txt").write_text("Tbilisi hosts talks\nGeorgia and Armenia met in Tbilisi on Friday to discuss a new railway.", encoding="utf-8")
    (corpus / "b.txt").write_text((corpus / "b.txt").read_text(encoding="utf-8") + "\n- And then?\n- Security first.", encoding="utf-8")
    manifest = json.loads(_score(corpus, tmp_path / "second", jobs=jobs, cache=tmp_path / "cache", chunk_size=3).read_text(encoding="utf-8"))
    assert manifest["cache"]["documents_reused"] == 4 and manifest["cache"]["documents_scored"] == 2
    _assert_same(_tables(tmp_path / "second"), _reference(corpus, tmp_path / "reference", chunk_size=3))


class _CountedPool(parallel.ProcessPoolExecutor):
    started = 0

    def __init__(self, *args, **kwargs):
        type(self).started += 1
        super().__init__(*args, **kwargs)


@pytest.mark.parametrize("inline", [0, pipeline.INLINE_DOCUMENTS_PER_JOB])
def test_few_documents_left_to_score_are_scored_in_this_process_with_the_tables_of_the_workers(corpus, tmp_path, monkeypatch, inline):
    _score(corpus, tmp_path / "first", jobs=1, cache=tmp_path / "cache", chunk_size=3)
    (corpus / "aa.txt").write_text("Tbilisi hosts talks\nGeorgia and Armenia met in Tbilisi on Friday to discuss a new railway.", encoding="utf-8")
    monkeypatch.setattr(pipeline, "INLINE_DOCUMENTS_PER_JOB", inline)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", _CountedPool)
    _CountedPool.started = 0
    manifest = json.loads(_score(corpus, tmp_path / "second", jobs=2, cache=tmp_path / "cache", chunk_size=3).read_text(encoding="utf-8"))
    assert manifest["cache"]["documents_reused"] == 5 and manifest["cache"]["documents_scored"] == 1
    assert _CountedPool.started == (0 if inline else 1)
    _assert_same(_tables(tmp_path / "second"), _reference(corpus, tmp_path / "reference", chunk_size=3))


def test_more_documents_to_score_than_the_inline_limit_start_the_workers(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "INLINE_DOCUMENTS_PER_JOB", 1)  # two jobs: two documents at most in this process
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", _CountedPool)
    _CountedPool.started = 0
    _score(corpus, tmp_path / "out", jobs=2, cache=False, chunk_size=2)  # chunks of 2, 2, 1: the first here, then workers
    assert _CountedPool.started == 1
    _assert_same(_tables(tmp_path / "out"), _reference(corpus, tmp_path / "reference"))


def test_a_table_that_fails_to_write_fails_the_run_and_leaves_whole_cache_entries(corpus, tmp_path, monkeypatch):
    from analysis.outputs import TableWriter

    real, calls = TableWriter.write, {"n": 0}

    def failing(self, table):
        if self.path.stem == "tokens":
            calls["n"] += 1
            if calls["n"] == 2:
                raise OSError("no space left on device")
        return real(self, table)

    monkeypatch.setattr(TableWriter, "write", failing)
    with pytest.raises(OSError, match="no space left"):
        _score(corpus, tmp_path / "out", jobs=1, cache=tmp_path / "cache", chunk_size=2)
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
    monkeypatch.setattr(TableWriter, "write", real)
    manifest = json.loads(_score(corpus, tmp_path / "out", jobs=1, cache=tmp_path / "cache", chunk_size=2).read_text(encoding="utf-8"))
    assert manifest["cache"]["documents_reused"] >= 2  # the chunks scored before the failure were kept whole
    _assert_same(_tables(tmp_path / "out"), _reference(corpus, tmp_path / "reference", chunk_size=2))


def test_a_pack_half_written_when_the_run_fails_is_never_read(corpus, tmp_path, monkeypatch):
    class Failing(dict):
        def items(self):
            for number, item in enumerate(super().items()):
                if number == 3:
                    raise RuntimeError("disk gone mid-pack")
                yield item

    real = DocumentCache.store
    monkeypatch.setattr(DocumentCache, "store", lambda self, keys, tables: real(self, keys, Failing(tables)))
    with pytest.raises(RuntimeError, match="disk gone mid-pack"):
        _score(corpus, tmp_path / "out", jobs=1, cache=tmp_path / "cache")
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
    monkeypatch.setattr(DocumentCache, "store", real)
    with DocumentCache(tmp_path / "cache") as store:
        assert store._db.execute("SELECT count(*) FROM pack_tables").fetchone() == (0,)
        assert store._db.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    manifest = json.loads(_score(corpus, tmp_path / "out", jobs=1, cache=tmp_path / "cache").read_text(encoding="utf-8"))
    assert manifest["cache"]["documents_reused"] == 0
    _assert_same(_tables(tmp_path / "out"), _reference(corpus, tmp_path / "reference"))


@pytest.mark.slow
def test_two_runs_at_once_on_one_cache_both_succeed(corpus, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ANALYSIS_CACHE": str(tmp_path / "cache")}
    runs = [subprocess.Popen([sys.executable, "-m", "analysis", "score", str(corpus), "--out", str(tmp_path / f"out{i}"), "--jobs", "1", "--chunk-size", "1"],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(2)]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    _assert_same(_tables(tmp_path / "out0"), _tables(tmp_path / "out1"))
    _assert_same(_tables(tmp_path / "out0"), _reference(corpus, tmp_path / "reference"))


def test_an_earlier_output_is_replaced_whole_and_an_interrupted_run_keeps_it(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    _score(FIXTURE, out, jobs=1, cache=False)
    (out / "notes.txt").write_text("kept only until the next complete run", encoding="utf-8")
    import analysis.pipeline as module

    real, calls = module.prepare_and_score, {"n": 0}

    def interrupted(task):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(task)

    monkeypatch.setattr(module, "prepare_and_score", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _score(corpus, out, jobs=1, cache=False, chunk_size=1)
    assert (out / "notes.txt").is_file() and len(_tables(out)["documents"]) == 3  # the earlier output, untouched
    monkeypatch.setattr(module, "prepare_and_score", real)
    _score(corpus, out, jobs=1, cache=False)
    assert not (out / "notes.txt").exists() and len(_tables(out)["documents"]) == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out"]  # no staging or old folder left


def test_a_folder_that_is_not_a_score_output_is_refused(corpus, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_bytes(b"x")
    with pytest.raises(ValueError, match=r"'.*mine' is not empty and holds no score output \(no manifest.json\)"):
        score_corpus(corpus, tmp_path / "mine", cache=False)
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["thesis.docx"]


@pytest.mark.parametrize("option,value,message", [
    ("jobs", 0, "jobs must be a positive whole number of processes .*; got 0"),
    ("chunk_size", 0, "chunk_size must be a positive whole number of documents; got 0"),
    ("errors", "ignore", "errors must be 'warn' or 'raise'; got 'ignore'"),
    ("since", "1/2/2025", "since must be a date written YYYY-MM-DD; got '1/2/2025'"),
])
def test_bad_options_are_named(corpus, tmp_path, option, value, message):
    with pytest.raises(ValueError, match=message):
        score_corpus(corpus, tmp_path / "out", cache=False, **{option: value})


@pytest.mark.parametrize("jobs", [1, 2])
def test_table_corpora_stream_in_chunks_with_the_same_tables(tmp_path, jobs):
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURE.glob("*.txt"))]
    table = pd.DataFrame({"doc_id": ["x", "", "z"], "title": ["T1", None, "T3"], "text": texts})
    table.loc[3] = ["w", "T4", ""]  # an empty text: a problem, not a document
    table.to_csv(tmp_path / "docs.csv", index=False)
    table.to_json(tmp_path / "docs.jsonl", orient="records", lines=True)
    table.to_parquet(tmp_path / "docs.parquet", index=False)
    for name in ("docs.csv", "docs.jsonl", "docs.parquet"):
        # frame_hits and frames are ordered by doc_id within a chunk (here not the order of the rows), so both
        # sides use chunks of three documents; with two jobs each chunk is scored as several tasks and put back together
        reference = _reference(tmp_path / name, tmp_path / f"ref-{name}", chunk_size=3)
        _score(tmp_path / name, tmp_path / f"out-{name}", jobs=jobs, chunk_size=3, cache=False)
        _assert_same(_tables(tmp_path / f"out-{name}"), reference)
        assert reference["documents"]["doc_id"].tolist() == ["x", "docs/000001", "z"]


def test_open_corpus_keeps_the_entry_layout(corpus, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scored = analysis.open_corpus(corpus, cache=tmp_path / "cache", jobs=1, progress=False)
        expected = analysis.load_corpus(corpus)
    assert sorted(p.name for p in scored.folder.iterdir()) == sorted([f"{t}.parquet" for t in TABLES] + ["corpus.parquet", "manifest.json", "problems.json"])
    assert_frame_equal(scored.docs, expected, check_exact=True)
    assert scored.docs.attrs["problems"] == expected.attrs["problems"]
    assert (tmp_path / "cache" / "documents.sqlite").is_file()


# -------------------------------------------------------------------- the command line


def test_cli_scores_with_jobs_and_a_cache(corpus, tmp_path, capsys):
    assert main(["score", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "2", "--cache", str(tmp_path / "cache")]) == 0
    err = capsys.readouterr().err
    assert "warning: " in err and "done: 5 documents in" in err
    assert main(["score", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1", "--cache", str(tmp_path / "cache")]) == 0
    assert "done: 5 documents (5 reused from the cache, 0 scored)" in capsys.readouterr().err
    _assert_same(_tables(tmp_path / "out"), _reference(corpus, tmp_path / "reference"))


def test_cli_no_cache_keeps_nothing(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    assert main(["score", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-cache"]) == 0
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize("arguments,message", [
    (["--jobs", "0"], "--jobs must be at least 1 (1 scores in this process); got 0"),
    (["--chunk-size", "0"], "--chunk-size must be at least 1; got 0"),
    (["--scheduler", "tcp://10.0.0.1:8786"], "--scheduler is the address of a Dask scheduler; use it with --engine dask"),
])
def test_cli_refuses_bad_arguments(tmp_path, capsys, arguments, message):
    assert main(["score", str(FIXTURE), "--out", str(tmp_path / "out"), *arguments]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_cli_dask_engine_without_dask_says_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "analysis.engines", None)  # import analysis.engines raises ImportError
    assert main(["score", str(FIXTURE), "--out", str(tmp_path / "out"), "--engine", "dask"]) == 2
    assert "pip install 'analysis[dask]'" in capsys.readouterr().err


def test_cli_progress_lines_go_to_stderr_when_it_is_not_a_terminal(corpus, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ANALYSIS_CACHE": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "analysis", "score", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert any(line.startswith("done: 5 documents in ") and "documents/s" in line and "words/s" in line for line in lines), lines
    assert "\r" not in done.stderr  # plain lines, no bar
    assert done.stdout.startswith("scored 5 document(s) into")


def test_a_moved_corpus_is_reused_and_says_where_it_is_now(corpus, tmp_path):
    _score(corpus, tmp_path / "first", jobs=1, cache=tmp_path / "cache", write_corpus=True)
    moved = tmp_path / "moved"
    corpus.rename(moved)
    manifest = json.loads(_score(moved, tmp_path / "second", jobs=1, cache=tmp_path / "cache", write_corpus=True).read_text(encoding="utf-8"))
    assert manifest["cache"]["documents_reused"] == 5
    tables = _tables(tmp_path / "second")
    _assert_same(tables, _reference(moved, tmp_path / "reference"))
    assert pd.read_parquet(tmp_path / "second" / "corpus.parquet")["source_path"].str.startswith(str(moved)).all()


def test_a_table_without_rows_gives_empty_tables_with_their_columns(tmp_path):
    (tmp_path / "empty.csv").write_text("doc_id,text\n", encoding="utf-8")
    reference = _reference(tmp_path / "empty.csv", tmp_path / "reference")
    _score(tmp_path / "empty.csv", tmp_path / "out", jobs=1, cache=tmp_path / "cache")
    tables = _tables(tmp_path / "out")
    _assert_same(tables, reference)
    assert all(len(table) == 0 for table in tables.values()) and len(tables["documents"].columns) > 10


def test_a_dataframe_and_a_pattern_are_scored_like_the_table_they_hold(tmp_path):
    texts = ["Baku hosts Central Asian leaders\nThe leaders of five countries met in Baku on Friday to discuss transport.",
             "Tashkent opens a rail link\nThe new line joins Tashkent and Almaty and cuts the journey to eight hours."]
    frame = pd.DataFrame({"id": ["a", "b"], "body": texts, "site": ["Trend", "APA"]})
    (tmp_path / "dumps").mkdir()
    frame.to_csv(tmp_path / "dumps" / "one.csv", index=False)
    options = dict(jobs=1, cache=tmp_path / "cache", progress=False, text_column="body", id_column="id", outlet_column="site")
    score_corpus(frame, tmp_path / "from_frame", **options)
    score_corpus(str(tmp_path / "dumps" / "*.csv"), tmp_path / "from_pattern", **options)
    from_frame = pd.read_parquet(tmp_path / "from_frame" / "documents.parquet")
    from_pattern = pd.read_parquet(tmp_path / "from_pattern" / "documents.parquet")
    assert from_frame["doc_id"].tolist() == ["a", "b"] and from_frame["outlet"].tolist() == ["Trend", "APA"]
    assert from_frame["source_path"].tolist() == ["<DataFrame>"] * 2
    assert from_pattern["source_path"].tolist() == [str(tmp_path / "dumps" / "one.csv")] * 2
    columns = [c for c in from_frame.columns if c != "source_path"]
    assert_frame_equal(from_frame[columns], from_pattern[columns])
