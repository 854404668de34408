"""The run store: staged runs published whole, reuse of unchanged reports, pruning (analysis/report/store.py)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from report_helpers import DOC_HASH, FIXTURE, PARAMETERS, fake_execute, make_notebook, write_suite

from analysis.report import SuiteError, prune_runs, run_suite
from analysis.report import workers
from analysis.report.store import REDIRECT_PAGE, StagedRun


def test_an_interrupted_run_changes_nothing_that_looks_complete(tmp_path, notebooks, cache, monkeypatch):
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "doc"\nper = "document"\n')
    out = tmp_path / "out"
    monkeypatch.setattr(workers, "execute_notebook", fake_execute([]))
    first = run_suite(suite, corpus=FIXTURE, out=out, jobs=1, cache=cache, fresh_kernels=True)
    assert os.readlink(out / "latest") == f"runs/{first.run_id}"
    seen = {}

    def interrupted(notebook, output, **kwargs):
        if "doc_id" in kwargs["parameters"] and kwargs["parameters"]["doc_id"] == "b":
            # mid-run: the finished report sits inside the hidden partial run, nothing new looks complete
            seen["runs"] = sorted(p.name for p in (out / "runs").iterdir())
            seen["manifests"] = sorted(str(p.relative_to(out)) for p in out.rglob("manifest.json") if first.run_id not in str(p))
            raise KeyboardInterrupt
        nbformat.write(nbformat.read(str(notebook), as_version=4), str(output))

    monkeypatch.setattr(workers, "execute_notebook", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_suite(suite, corpus=FIXTURE, out=out, jobs=1, cache=cache, fresh_kernels=True, show_code=True)  # show_code: nothing reused
    locks = [name for name in seen["runs"] if name.endswith(".lock")]
    seen["runs"] = [name for name in seen["runs"] if not name.endswith(".lock")]
    assert locks == [seen["runs"][0].removesuffix(".partial") + ".lock"]  # held by the unfinished run, removed with it
    assert len(seen["runs"]) == 2 and seen["runs"][0].startswith(".") and seen["runs"][0].endswith(".partial")
    assert seen["manifests"] == [f"runs/{seen['runs'][0]}/doc-news_a-{DOC_HASH}/manifest.json"]  # done, but inside the hidden run
    assert os.readlink(out / "latest") == f"runs/{first.run_id}"
    assert sorted(p.name for p in (out / "runs").iterdir()) == [first.run_id]  # the partial run was removed


def test_a_staged_run_is_removed_on_error_and_published_whole(tmp_path):
    with pytest.raises(RuntimeError), StagedRun(tmp_path, started=0) as run:
        (run.report_staging("r") / "tables").mkdir(parents=True)
        raise RuntimeError("boom")
    assert list((tmp_path / "runs").iterdir()) == [] and not (tmp_path / "latest").exists()
    with StagedRun(tmp_path, started=0) as run:
        assert run.folder.name == f".{run.run_id}.partial" and run.run_id.startswith("19700101T000000Z-")
        (run.report_staging("r") / "r.html").parent.mkdir(parents=True)
        (run.report_staging("r") / "r.html").write_text("page", encoding="utf-8")
        folder = run.publish_report("r", {"name": "r"})
        assert folder == run.folder / "r" and json.loads((folder / "manifest.json").read_text()) == {"name": "r", "tables": [], "files": ["r.html"]}
        assert not (tmp_path / "latest").exists()  # nothing looks complete before the run is
        final = run.publish({"run_id": run.run_id})
    assert final == tmp_path / "runs" / run.run_id and (final / "run.json").is_file() and (final / "r" / "r.html").is_file()
    assert os.readlink(tmp_path / "latest") == f"runs/{run.run_id}"
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == REDIRECT_PAGE


def test_latest_that_is_not_a_symlink_is_refused(tmp_path, notebooks, cache):
    (tmp_path / "out" / "latest").mkdir(parents=True)
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n')
    with pytest.raises(SuiteError, match="is not a symlink"):
        run_suite(suite, corpus=FIXTURE, out=tmp_path / "out", cache=cache)


@pytest.mark.slow
def test_changed_notebook_parameter_or_corpus_file_is_recomputed(tmp_path, cache):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    folder = tmp_path / "nb"
    make_notebook(folder / "one.ipynb", PARAMETERS + "n: int = 1  # a number\n", "print('n is', n)")
    make_notebook(folder / "two.ipynb", PARAMETERS, "print('two')")
    suite = 'notebooks = "nb"\n[[report]]\nnotebook = "one"\nparameters = {{ n = {n} }}\n[[report]]\nnotebook = "two"\n'
    out = tmp_path / "out"

    def run(n=1):
        return run_suite(write_suite(tmp_path, suite.format(n=n)), corpus=corpus, out=out, jobs=1, cache=cache, fresh_kernels=True)

    assert run().n_reused == 0
    second = run()
    assert (second.n_reused, second.n_failed) == (2, 0) and "reused 2 of 2 reports: inputs unchanged" in second.summary()
    make_notebook(folder / "two.ipynb", PARAMETERS, "print('two, changed')")
    third = run(n=2)  # one's parameter and two's notebook changed
    assert third.reports["reused"].tolist() == [False, False]
    assert "n is 2" in (third.folder / "one" / "one.html").read_text(encoding="utf-8")
    assert run(n=2).n_reused == 2
    (corpus / "c.txt").write_text("China and Russia are watching the route closely.\n", encoding="utf-8")
    assert run(n=2).n_reused == 0


def test_prune_runs_keeps_the_newest_and_the_latest(tmp_path):
    runs = tmp_path / "runs"
    for run_id in ("20260101T000000Z-a", "20260102T000000Z-b", "20260103T000000Z-c", "20260104T000000Z-d"):
        (runs / run_id).mkdir(parents=True)
        (runs / run_id / "run.json").write_text("{}", encoding="utf-8")
    (runs / ".20260105T000000Z-e.partial").mkdir()  # a run being written: never touched
    (runs / "20260106T000000Z-f").mkdir()  # no run.json: not a complete run, not touched
    os.symlink(Path("runs") / "20260102T000000Z-b", tmp_path / "latest", target_is_directory=True)
    deleted = prune_runs(tmp_path, keep=1)
    assert [p.name for p in deleted] == ["20260101T000000Z-a", "20260103T000000Z-c"]
    assert sorted(p.name for p in runs.iterdir()) == [".20260105T000000Z-e.partial", "20260102T000000Z-b", "20260104T000000Z-d", "20260106T000000Z-f"]
    with pytest.raises(ValueError, match="keep must be a whole number of runs, at least 1; got 0"):
        prune_runs(tmp_path, keep=0)


def test_run_suite_prunes_older_runs_with_keep(tmp_path, notebooks, cache, monkeypatch):
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n')
    out = tmp_path / "out"
    monkeypatch.setattr(workers, "execute_notebook", fake_execute([]))
    first = run_suite(suite, corpus=FIXTURE, out=out, jobs=1, cache=cache, fresh_kernels=True)
    older = first.folder.rename(out / "runs" / "20000101T000000Z-000000")  # run ids of the same second sort at random
    second = run_suite(suite, corpus=FIXTURE, out=out, jobs=1, cache=cache, fresh_kernels=True, keep=1)
    assert second.n_reused == 1 and second.pruned == (older,) and sorted(p.name for p in (out / "runs").iterdir()) == [second.run_id]
    assert (second.folder / "overview" / "overview.html").is_file()  # reused from the deleted run: a hard link survives it


def test_the_folder_of_a_killed_run_is_removed_by_the_next_run_and_never_counted_by_keep(tmp_path, notebooks, cache, monkeypatch):
    import signal
    import subprocess
    import sys

    from report_helpers import ROOT

    from analysis.report.store import remove_unfinished_runs

    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n')
    out = tmp_path / "out"
    monkeypatch.setattr(workers, "execute_notebook", fake_execute([]))
    first = run_suite(suite, corpus=FIXTURE, out=out, jobs=1, cache=cache, fresh_kernels=True)
    staging = ("import sys, time\nfrom analysis.report.store import StagedRun\n"
               "run = StagedRun(sys.argv[1], started=time.time()).__enter__()\n(run.folder / '.half.partial').mkdir()\n"
               "print(run.folder, flush=True)\ntime.sleep(600)\n")
    killed = subprocess.Popen([sys.executable, "-c", staging, str(out)], env={**os.environ, "PYTHONPATH": str(ROOT)},
                              stdout=subprocess.PIPE, text=True)
    try:
        unfinished = Path(killed.stdout.readline().strip())
        assert unfinished.parent == out / "runs" and unfinished.name.endswith(".partial")
        assert remove_unfinished_runs(out) == [] and unfinished.is_dir()  # its run is still going: left alone
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        killed.stdout.close()
    assert unfinished.is_dir()  # nothing cleaned up after a kill -9
    second = run_suite(suite, corpus=FIXTURE, out=out, jobs=1, cache=cache, fresh_kernels=True, keep=1, show_code=True)
    assert second.removed == (unfinished,) and not unfinished.exists()
    assert second.pruned == (first.folder,)  # the killed run was not counted as one of the runs kept
    assert sorted(p.name for p in (out / "runs").iterdir()) == [second.run_id]  # no lock file left either


def test_a_staging_folder_without_its_lock_is_unfinished_and_one_with_a_held_lock_is_not(tmp_path):
    import fcntl

    from analysis.report.store import remove_unfinished_runs

    runs = tmp_path / "runs"
    (runs / ".20260101T000000Z-a.partial" / "report").mkdir(parents=True)  # no lock at all
    (runs / ".20260102T000000Z-b.partial").mkdir()
    (runs / ".20260102T000000Z-b.lock").touch()  # a lock nobody holds
    (runs / ".20260103T000000Z-c.partial").mkdir()
    (runs / ".20260104T000000Z-d.lock").touch()  # a lock left without its folder
    held = os.open(runs / ".20260103T000000Z-c.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)  # another open file: a lock held by a live run
        removed = remove_unfinished_runs(tmp_path)
    finally:
        os.close(held)
    assert [p.name for p in removed] == [".20260101T000000Z-a.partial", ".20260102T000000Z-b.partial"]
    assert sorted(p.name for p in runs.iterdir()) == [".20260103T000000Z-c.lock", ".20260103T000000Z-c.partial"]
