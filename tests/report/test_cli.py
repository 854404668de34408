"""`python -m analysis report`: a thin layer over run_suite; exit status 0 ok, 1 a report failed, 2 refused, 3 the machine is at
fault (a full disk, a read-only folder, no kernel would start), 130 interrupted."""

from __future__ import annotations

import errno
import os

import pytest
from fault_helpers import mounted_tmpfs, one_line_error, read_only_folder
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


@pytest.mark.parametrize("args, message", [
    (["--since", "yesterday"], "--since 'yesterday' is not a date"), (["--jobs", "0"], "--jobs must be"),
    (["--corpus", "/nonexistent/corpus"], "/nonexistent/corpus"),
    (["--scheme", "nordic"], "--scheme 'nordic' is not a shipped frame scheme; valid: eurasia, generic, policy, eurasia:model, eurasia:combined"),
    (["--scheme", "policy:model"], "--scheme 'policy:model': the scheme 'policy' has no learned model; valid: eurasia, generic, policy"),
    (["--scheme", "generic:bayes"], "--scheme 'generic:bayes': the method after ':' must be one of dictionary, model, combined"),
    (["--scheme", "frames.yml"], "--scheme 'frames.yml' is not a shipped frame scheme (for a dictionary file use --frames FILE)"),
    (["--frames", "/nonexistent/frames.yml"], "--frames '/nonexistent/frames.yml': no such file; give a frame dictionary file"),
    (["--frames", str(FIXTURE / "manifest.csv")], "cannot be read as a frame dictionary"),
    (["--actors", "/nonexistent/actors.csv"], "--actors '/nonexistent/actors.csv': no such file"),
    (["--actors", str(FIXTURE / "manifest.csv")], "cannot be read as an actor list"),
])
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
        (OSError(errno.ENOSPC, "No space left on device", "out/runs/x/index.html"), 3,
         "error: 'out/runs/x/index.html': no space left on the device (the disk is full); "
         "the run was stopped and removed, latest still points to the previous complete run\n"),
        (PermissionError(errno.EROFS, "Read-only file system", "out"), 3,
         "error: 'out': read-only file system; the run was stopped and removed, latest still points to the previous complete run\n"),
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


def test_cli_out_that_is_a_file_is_refused_with_exit_2(tmp_path, capsys):
    out = tmp_path / "reports"
    out.write_text("not a folder\n", encoding="utf-8")
    assert main(["report", "--corpus", str(FIXTURE), "--out", str(out)]) == 2
    assert one_line_error(capsys.readouterr().err) == (f"error: --out {str(out)!r} is a file, not a folder; "
                                                       "give a new folder or the --out of an earlier run")
    assert out.read_text(encoding="utf-8") == "not a folder\n"


def test_cli_read_only_out_exits_3_before_anything_runs(tmp_path, notebooks, cache, capsys):
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n')
    with read_only_folder(tmp_path / "locked") as locked:
        status = main(["report", "--suite", str(suite), "--corpus", str(FIXTURE), "--out", str(locked / "reports"), "--cache", str(cache)])
        assert list(locked.iterdir()) == []
    line = one_line_error(capsys.readouterr().err)
    assert status == 3
    assert line.startswith(f"error: {str(locked)!r}: ") and ("read-only file system" in line or "permission denied" in line)


def test_cli_corpus_with_no_usable_document_exits_2(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("", encoding="utf-8")
    (corpus / "b.txt").write_text("   \n", encoding="utf-8")
    assert main(["report", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache")]) == 2
    err = capsys.readouterr().err
    assert one_line_error(err) == f"error: {corpus}: holds no usable document (every file or row was empty, unreadable or skipped; see the warnings)"
    assert "refused: no report was run" in err and not (tmp_path / "out").exists()


def test_cli_full_disk_mid_run_exits_3_and_removes_the_run(tmp_path, notebooks, cache, monkeypatch, capsys):
    # Simulated in this process: the write of the executed notebook (papermill's) fails as on a full disk.
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n[[report]]\nnotebook = "compare"\n')
    out = tmp_path / "out"
    args = ["report", "--suite", str(suite), "--corpus", str(FIXTURE), "--out", str(out), "--cache", str(cache), "--jobs", "1", "--fresh-kernels"]
    monkeypatch.setattr(workers, "execute_notebook", fake_execute([]))
    assert main(args) == 0
    before = os.readlink(out / "latest")
    calls = []
    monkeypatch.setattr(workers, "execute_notebook", fake_execute(calls, {1: OSError(errno.ENOSPC, "No space left on device")}))
    capsys.readouterr()
    assert main([*args, "--show-code"]) == 3
    line = one_line_error(capsys.readouterr().err)
    assert line.startswith("error: '") and line.endswith(".ipynb': no space left on the device (the disk is full); "
                                                         "the run was stopped and removed, latest still points to the previous complete run")
    assert len(calls) == 1  # the run stopped at the first report: the others would meet the full disk too
    assert os.readlink(out / "latest") == before and [p.name for p in (out / "runs").iterdir()] == [before.split("/")[1]]


def test_cli_full_disk_on_a_tiny_tmpfs_exits_3_and_leaves_nothing(tmp_path, notebooks, cache, monkeypatch, capsys):
    # A real full disk: --out on a 64 KiB tmpfs, too small for one report's HTML page.
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n')
    monkeypatch.setattr(workers, "execute_notebook", fake_execute([]))
    with mounted_tmpfs(tmp_path / "tiny", "size=64k") as tiny:
        status = main(["report", "--suite", str(suite), "--corpus", str(FIXTURE), "--out", str(tiny / "reports"), "--cache", str(cache),
                       "--jobs", "1", "--fresh-kernels"])
        left = sorted(str(p.relative_to(tiny)) for p in tiny.rglob("*"))
    line = one_line_error(capsys.readouterr().err)
    assert status == 3 and "no space left on the device (the disk is full)" in line and str(tiny) in line
    assert left == ["reports", "reports/runs"]  # no partial run, no lock, no temporary file


def test_cli_kernels_that_do_not_start_exit_3(tmp_path, notebooks, cache, monkeypatch, capsys):
    from analysis.report import KernelStartError

    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n[[report]]\nnotebook = "compare"\n')
    monkeypatch.setattr(workers, "KERNEL_RETRY_DELAY", 0)
    monkeypatch.setattr(workers, "execute_notebook", fake_execute([], {n: KernelStartError("RuntimeError: Kernel died before replying to kernel_info")
                                                                       for n in (1, 2, 3)}))
    assert main(["report", "--suite", str(suite), "--corpus", str(FIXTURE), "--out", str(tmp_path / "out"), "--cache", str(cache),
                 "--jobs", "1", "--fresh-kernels"]) == 3
    captured = capsys.readouterr()
    assert ("overview: failed: KernelStartError: kernel did not start after 3 attempts: RuntimeError: Kernel died before replying to kernel_info"
            in captured.err)
    assert one_line_error(captured.err).startswith("error: no kernel would start for 1 report(s) (overview); ")
    assert "1 FAILED (1 because no kernel would start)" in captured.out


def test_help_lists_the_exit_statuses(capsys):
    from analysis.__main__ import EXIT_STATUSES

    with pytest.raises(SystemExit):
        main(["report", "--help"])
    text = capsys.readouterr().out
    assert sorted(EXIT_STATUSES) == [0, 1, 2, 3, 130]
    for status, meaning in EXIT_STATUSES.items():
        assert f"  {status:<4} {meaning}" in text


def test_cli_report_takes_several_paths_and_the_column_options_as_score_does(tmp_path, monkeypatch, capsys):
    import json

    from report_helpers import PARAMETERS, make_notebook

    (tmp_path / "dumps").mkdir()
    (tmp_path / "dumps" / "a.csv").write_text("key,body\na1,Baku and Astana signed a transit roadmap.\n", encoding="utf-8")
    (tmp_path / "dumps" / "b.csv").write_text("key,body\nb1,Russia and China discussed gas prices.\n", encoding="utf-8")
    make_notebook(tmp_path / "nb" / "reader.ipynb", PARAMETERS + 'scores_dir: str = ""  # c\ntext_column: str = "text"  # c\n', "print(corpus)")
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "reader"\n')
    calls = []
    monkeypatch.setattr(workers, "execute_notebook", fake_execute(calls))
    out = tmp_path / "out"
    files = [str(tmp_path / "dumps" / "a.csv"), str(tmp_path / "dumps" / "b.csv")]
    base = ["report", "--suite", str(suite), "--out", str(out), "--cache", str(tmp_path / "cache"), "--jobs", "1"]
    assert main([*base, "--corpus", *files, "--text-column", "body", "--id-column", "key"]) == 0
    (name, parameters), = calls
    assert name == "reader" and parameters["text_column"] == "body" and json.loads(parameters["corpus"]) == files
    documents = (out / "latest" / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in documents[1:]] == ["a1", "b1"]  # the ids of the key column
    assert "Reports on 2 corpus paths" in (out / "latest" / "index.html").read_text(encoding="utf-8")
    assert main([*base, "--corpus", str(tmp_path / "dumps" / "*.csv"), "--text-column", "body", "--id-column", "key"]) == 0
    assert calls[1][1]["corpus"] == str(tmp_path / "dumps" / "*.csv")  # a pattern stays a pattern, absolute
    capsys.readouterr()
    assert main([*base, "--corpus", *files]) == 2  # the text is in 'body': without --text-column there is none
    assert "refused: no report was run" in capsys.readouterr().err
    assert main([*base, "--corpus", str(tmp_path / "dumps" / "*.json")]) == 2
    assert "matches no file" in capsys.readouterr().err


def test_cli_runs_several_suites_into_one_run_and_index(tmp_path, notebooks, cache, monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(workers, "execute_notebook", fake_execute(calls))
    first = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n')
    (tmp_path / "second.toml").write_text('notebooks = "nb"\n[[report]]\nnotebook = "compare"\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", "--suite", str(first), str(tmp_path / "second.toml"), "--corpus", str(FIXTURE), "--out", str(out),
                 "--cache", str(cache), "--jobs", "1"]) == 0
    assert sorted(name for name, _ in calls) == ["compare", "overview"]
    assert "2 report(s)" in capsys.readouterr().out
    index = (out / "latest" / "index.html").read_text(encoding="utf-8")
    assert "overview" in index and "compare" in index


def test_cli_scheme_and_frames_exclude_each_other(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--scheme", "generic", "--frames", "x.yml", "--out", str(tmp_path / "out")])
    assert exit_info.value.code == 2 and "not allowed with argument" in capsys.readouterr().err


def test_help_documents_the_scheme_frames_actors_and_documents_options(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for option in ("--scheme NAME[:METHOD]", "--frames FILE", "--actors FILE", "--documents ID [ID ...]"):
        assert option in text
    assert "eurasia finds frames in under a third of the English sentences" in text


def test_cli_scheme_frames_and_actors_reach_the_scoring_and_the_notebooks_and_key_the_cache(tmp_path, monkeypatch, capsys):
    import json
    from pathlib import Path

    from report_helpers import PARAMETERS, ROOT, make_notebook

    declared = PARAMETERS + 'scores_dir: str = ""  # c\nscheme: str = "eurasia"  # c\ngazetteer: str = "default"  # c\n'
    make_notebook(tmp_path / "nb" / "frames.ipynb", declared, "print(scheme)")
    make_notebook(tmp_path / "nb" / "pinned.ipynb", declared, "print(scheme)")
    make_notebook(tmp_path / "nb" / "plain.ipynb", PARAMETERS, "print(corpus)")  # declares neither: gets neither
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "frames"\n[[report]]\nnotebook = "pinned"\n'
                                  'parameters = { scheme = "policy" }\n[[report]]\nnotebook = "plain"\n')
    calls = []
    monkeypatch.setattr(workers, "execute_notebook", fake_execute(calls))
    base = ["report", "--suite", str(suite), "--corpus", str(FIXTURE), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache"), "--jobs", "1"]
    clubs = ROOT / "tests" / "fixtures" / "actors" / "clubs.csv"
    small = ROOT / "tests" / "fixtures" / "framing" / "small.dic"

    def run(*options):
        calls.clear()
        assert main([*base, *options]) == 0
        given = {name: parameters for name, parameters in calls}
        entry = Path(given["frames"]["scores_dir"])
        return given, json.loads((entry / "manifest.json").read_text(encoding="utf-8"))["resources"], capsys.readouterr().out

    given, resources, _ = run()
    assert (given["frames"]["scheme"], given["frames"]["gazetteer"]) == ("eurasia", "default")
    assert given["pinned"]["scheme"] == "policy" and given["pinned"]["gazetteer"] == "default"  # the entry's own scheme is kept
    assert "scheme" not in given["plain"] and "gazetteer" not in given["plain"]
    assert (resources["frames"]["name"], resources["actors"]["name"]) == ("eurasia", "default")
    first_entry = given["frames"]["scores_dir"]

    given, resources, out = run("--scheme", "generic", "--actors", str(clubs))
    assert (given["frames"]["scheme"], given["frames"]["gazetteer"]) == ("generic", str(clubs))
    assert given["pinned"]["scheme"] == "policy"
    assert (resources["frames"]["name"], resources["actors"]["name"]) == ("generic", str(clubs))  # what the corpus was scored with
    assert given["frames"]["scores_dir"] != first_entry and "reused" not in out  # another cache entry; no report reused

    calls.clear()
    assert main([*base, "--scheme", "generic", "--actors", str(clubs)]) == 0
    assert calls == [] and "reused 3 of 3 reports" in capsys.readouterr().out  # the same options again: everything reused

    given, resources, _ = run("--frames", str(small))
    assert given["frames"]["scheme"] == str(small) and resources["frames"]["name"] == str(small)
    assert given["frames"]["gazetteer"] == "default"


def test_cli_without_corpus_reads_the_seeds_from_any_folder_or_says_where_it_looked(tmp_path, monkeypatch, capsys):
    import analysis.sources
    from analysis.__main__ import _report_corpus

    monkeypatch.chdir(tmp_path)
    assert _report_corpus(None) == analysis.sources.default_corpus() and _report_corpus(None).name == "seeds"
    assert _report_corpus(["a", "b"]) == ["a", "b"] and _report_corpus(["a"]) == "a"
    monkeypatch.setattr(analysis.sources, "SEEDS_FOLDER", "no_seeds_here")
    assert main(["report", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "the default corpus was not found" in err and "no_seeds_here" in err and "report --corpus" in err
    assert not (tmp_path / "out").exists()
