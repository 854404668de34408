"""`python -m analysis report`: a thin layer over run_suite; exit status 0 ok, 1 a report failed, 2 refused, 130 interrupted."""

from __future__ import annotations

import os

import pytest
from report_helpers import FIXTURE, cell_error, fake_execute, write_suite

import analysis.report
from analysis.__main__ import main
from analysis.errors import CorpusError
from analysis.report import SuiteError
from analysis.report import workers


def test_cli_refusal_exits_2_and_runs_nothing(tmp_path, notebooks, cache, capsys):
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "doc"\nparameters = { doc_id = "zz" }\n')
    out = tmp_path / "out"
    status = main(["report", "--suite", str(suite), "--corpus", str(FIXTURE), "--out", str(out), "--cache", str(cache)])
    err = capsys.readouterr().err
    assert status == 2
    assert "doc_id = 'zz' is not a document of the corpus; valid: news/a, b, c" in err and "no report was run" in err
    assert not out.exists()


@pytest.mark.parametrize("args, message", [(["--since", "yesterday"], "--since 'yesterday' is not a date"), (["--jobs", "0"], "--jobs must be"),
                                           (["--corpus", "/nonexistent/corpus"], "/nonexistent/corpus")])
def test_cli_refuses_bad_options(tmp_path, notebooks, cache, capsys, args, message):
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n')
    base = {"--suite": str(suite), "--corpus": str(FIXTURE), "--out": str(tmp_path / "out"), "--cache": str(cache)}
    for i in range(0, len(args), 2):
        base[args[i]] = args[i + 1]
    assert main(["report", *[x for pair in base.items() for x in pair]]) == 2
    assert message in capsys.readouterr().err


def test_cli_refuses_keep_below_one(tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path / "out"), "--keep", "0"]) == 2
    assert "--keep must be at least 1" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_cli_interrupted_exits_130_and_keeps_latest(tmp_path, notebooks, cache, monkeypatch, capsys):
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n')
    out = tmp_path / "out"
    args = ["report", "--suite", str(suite), "--corpus", str(FIXTURE), "--out", str(out), "--cache", str(cache), "--jobs", "1", "--fresh-kernels"]
    monkeypatch.setattr(workers, "execute_notebook", fake_execute([]))
    assert main(args) == 0
    before = os.readlink(out / "latest")
    monkeypatch.setattr(workers, "execute_notebook", fake_execute([], {1: KeyboardInterrupt()}))
    assert main([*args, "--show-code"]) == 130
    assert "interrupted: this run was removed" in capsys.readouterr().err
    assert os.readlink(out / "latest") == before and len(list((out / "runs").iterdir())) == 1


@pytest.mark.parametrize(
    "error, status, message",
    [
        (SuiteError("a refused parameter"), 2, "error: a refused parameter\nrefused: no report was run\n"),
        (CorpusError("news/a.txt", "is empty (0 bytes)"), 2, "error: news/a.txt: is empty (0 bytes)\nrefused: no report was run\n"),
        (FileNotFoundError("no suite"), 2, "error: no suite\nrefused: no report was run\n"),
        (KeyboardInterrupt(), 130, "interrupted: this run was removed; latest still points to the previous complete run\n"),
    ],
)
def test_cli_maps_errors_to_exit_statuses(monkeypatch, capsys, error, status, message):
    def run_suite(*args, **options):
        raise error

    monkeypatch.setattr(analysis.report, "run_suite", run_suite)
    assert main(["report"]) == status
    assert capsys.readouterr().err == message


def test_cli_prints_failures_and_pruned_runs_and_exits_1_when_a_report_failed(tmp_path, notebooks, cache, monkeypatch, capsys):
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n[[report]]\nnotebook = "compare"\n')
    older = tmp_path / "out" / "runs" / "20000101T000000Z-000000"
    older.mkdir(parents=True)
    (older / "run.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(workers, "execute_notebook", fake_execute([], {1: cell_error()}))
    assert main(["report", "--suite", str(suite), "--corpus", str(FIXTURE), "--out", str(tmp_path / "out"), "--cache", str(cache),
                 "--jobs", "1", "--fresh-kernels", "--keep", "1"]) == 1
    captured = capsys.readouterr()
    assert "overview: failed: cell In [2] (#3): ValueError: boom" in captured.err
    assert "deleted 1 older run(s), keeping the 1 newest" in captured.out and "1 FAILED" in captured.out
    assert not older.exists()


def test_cli_reports_a_timed_out_notebook_in_the_summary_and_index_and_exits_1(tmp_path, notebooks, cache, monkeypatch, capsys):
    from analysis.report.execute import NotebookTimeoutError

    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n[[report]]\nnotebook = "compare"\ntimeout = 50\n')
    calls = []
    stopped = NotebookTimeoutError("the notebook ran longer than its time limit of 7 s (cell #3 was running); its kernel was stopped", seconds=7, cell_index=3)
    monkeypatch.setattr(workers, "execute_notebook", fake_execute(calls, {1: stopped}))
    seen = []
    monkeypatch.setattr(workers, "execute_notebook", lambda *a, timeout=None, **k: (seen.append(timeout), fake_execute(calls, {1: stopped})(*a, **k)))
    out = tmp_path / "out"
    assert main(["report", "--suite", str(suite), "--corpus", str(FIXTURE), "--out", str(out), "--cache", str(cache),
                 "--jobs", "1", "--fresh-kernels", "--timeout", "7"]) == 1
    captured = capsys.readouterr()
    assert seen == [7.0, 7.0]  # --timeout replaces the suite's 50
    assert "overview: timed out: NotebookTimeoutError: the notebook ran longer than its time limit of 7 s (cell #3 was running)" in captured.err
    assert "1 TIMED OUT" in captured.out
    index = (out / "latest" / "index.html").read_text(encoding="utf-8")
    assert '<tr class="timed-out">' in index and "1 ok, 0 failed, 1 timed out" in index
    assert (out / "latest" / "documents.html").is_file() and "all 3 documents (searchable)" in index
