"""`python -m analysis report`: a thin layer over run_suite; exit status 0 ok, 1 a report failed, 2 refused, 130 interrupted."""

from __future__ import annotations

import os

import pytest
from report_helpers import FIXTURE, fake_execute, write_suite

from analysis.__main__ import main
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
