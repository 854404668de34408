"""Producing reports: retries of a kernel that fails to start, worker processes (analysis/report/workers.py)."""

from __future__ import annotations

import os

import nbformat
import pytest
from report_helpers import FIXTURE, PARAMETERS, cell_error, fake_execute, make_notebook, write_suite

from analysis.report import KernelStartError, Kernels, run_suite
from analysis.report import workers
from analysis.report.workers import Task, execute_tasks, produce


def test_kernel_start_failure_is_retried_but_a_cell_error_is_not(tmp_path, notebooks, cache, monkeypatch):
    monkeypatch.setattr(workers, "KERNEL_RETRY_DELAY", 0)
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n[[report]]\nnotebook = "compare"\n')
    calls = []
    monkeypatch.setattr(workers, "execute_notebook", fake_execute(calls, {1: KernelStartError("address in use"), 3: cell_error()}))
    result = run_suite(suite, corpus=FIXTURE, out=tmp_path / "out", jobs=1, cache=cache, fresh_kernels=True)
    assert [c[0] for c in calls] == ["overview", "overview", "compare"]  # overview tried again, compare's cell error not
    table = result.reports.set_index("name")
    assert table.loc["overview", ["status", "attempts"]].tolist() == ["ok", 2]
    assert table.loc["compare", ["status", "attempts", "error"]].tolist() == ["failed", 1, "cell In [2] (#3): ValueError: boom"]
    assert not result.ok


def test_a_kernel_that_never_starts_fails_after_three_attempts_waiting_longer_before_each(tmp_path, notebooks, cache, monkeypatch):
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n')
    calls, pauses = [], []
    monkeypatch.setattr(workers, "execute_notebook", fake_execute(calls, {n: KernelStartError("no kernel") for n in (1, 2, 3)}))
    monkeypatch.setattr(workers.time, "sleep", pauses.append)
    result = run_suite(suite, corpus=FIXTURE, out=tmp_path / "out", jobs=1, cache=cache, fresh_kernels=True)
    assert len(calls) == 3 and pauses == [1.0, 2.0]
    assert result.reports[["status", "attempts"]].values.tolist() == [["failed", 3]]
    assert result.reports["error"][0] == "KernelStartError: kernel did not start after 3 attempts: no kernel"
    assert result.no_kernel == ("overview",) and "1 FAILED (1 because no kernel would start)" in result.summary()


@pytest.mark.slow
@pytest.mark.parametrize("warm", [True, False])
def test_a_kernelspec_whose_kernel_exits_at_once_fails_the_report_after_three_starts(tmp_path, cache, monkeypatch, warm):
    import json
    import sys

    starts = tmp_path / "starts.txt"
    spec = tmp_path / "jupyter" / "kernels" / "dies"
    spec.mkdir(parents=True)
    exits = "import sys; open(sys.argv[1], 'a').write('started\\n'); sys.exit(3)"
    (spec / "kernel.json").write_text(json.dumps({"argv": [sys.executable, "-c", exits, str(starts)], "display_name": "dies",
                                                  "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setattr(workers, "KERNEL_RETRY_DELAY", 0)
    folder = tmp_path / "nb"
    notebook = make_notebook(folder / "doc.ipynb", PARAMETERS, "print('never')")
    nb = nbformat.read(notebook, as_version=4)
    nb.metadata["kernelspec"] = {"name": "dies", "display_name": "dies", "language": "python"}
    nbformat.write(nb, notebook)
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "doc"\n')
    result = run_suite(suite, corpus=FIXTURE, out=tmp_path / "out", jobs=1, cache=cache, fresh_kernels=not warm)
    assert starts.read_text().splitlines() == ["started"] * 3  # the kernel command really ran three times
    row = result.reports.iloc[0]
    assert (row["status"], row["attempts"]) == ("failed", 3)
    assert row["error"] == "KernelStartError: kernel did not start after 3 attempts: RuntimeError: Kernel died before replying to kernel_info"
    assert result.no_kernel == ("doc",)


def test_produce_gives_the_notebook_its_tables_folder_the_kernels_environment_and_its_time_limit(tmp_path, notebooks, monkeypatch):
    seen = {}

    def execute(notebook, output, *, parameters, kernel_name, kernel, env, timeout):
        seen.update(parameters=parameters, kernel=kernel, env=env, timeout=timeout)
        nbformat.write(nbformat.read(str(notebook), as_version=4), str(output))

    monkeypatch.setattr(workers, "execute_notebook", execute)
    task = Task("overview", str(notebooks / "overview.ipynb"), {"corpus": "/c"}, True, str(tmp_path / ".overview.partial"), False, 42.0)
    with Kernels(warm=False, env={"ANALYSIS_CACHE": "/cache"}) as kernels:
        outcome = produce(task, kernels)
    assert (outcome["status"], outcome["attempts"], outcome["error"]) == ("ok", 1, None)
    assert seen["timeout"] == 42.0
    assert seen["parameters"] == {"corpus": "/c", "tables_dir": str(tmp_path / ".overview.partial" / "tables")}
    assert seen["kernel"] is None and seen["env"]["ANALYSIS_CACHE"] == "/cache"
    assert sorted(p.name for p in (tmp_path / ".overview.partial").iterdir()) == ["overview.html", "overview.ipynb"]


def test_no_task_starts_nothing():
    assert list(execute_tasks([], jobs=2, warm=True, env={}, progress=False)) == []


@pytest.mark.slow
def test_kernel_that_dies_before_the_first_cell_is_started_again(tmp_path, notebooks, cache, monkeypatch):
    from nbclient import NotebookClient

    original = NotebookClient.start_new_kernel  # papermill uses the synchronous setup_kernel
    calls = []

    def flaky(self, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return original(self, **kwargs)

    monkeypatch.setattr(NotebookClient, "start_new_kernel", flaky)
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n')
    result = run_suite(suite, corpus=FIXTURE, out=tmp_path / "out", jobs=1, cache=cache, fresh_kernels=True)
    assert result.reports[["status", "attempts"]].values.tolist() == [["ok", 2]]
    assert len(calls) == 2


@pytest.mark.slow
def test_two_jobs_run_reports_in_two_worker_processes(tmp_path, cache):
    folder = tmp_path / "nb"
    make_notebook(folder / "doc.ipynb", PARAMETERS + 'doc_id: str = ""  # the document\n',
                  "import os, time\ntime.sleep(0.5)\nprint('worker', os.getppid())")
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "doc"\nper = "document"\n'
                                  '[[report]]\nnotebook = "doc"\nname = "again"\nper = "document"\n')
    result = run_suite(suite, corpus=FIXTURE, out=tmp_path / "out", jobs=2, cache=cache)
    assert result.ok and len(result.reports) == 6
    workers_seen = set()
    for name in result.reports["name"]:
        executed = nbformat.read(result.folder / name / f"{name}.ipynb", as_version=4)
        text = "".join(o.get("text", "") for c in executed.cells if c.cell_type == "code" for o in c.outputs)
        workers_seen.add(text.split("worker", 1)[1].split()[0])
    assert len(workers_seen) == 2 and str(os.getpid()) not in workers_seen


@pytest.mark.slow
def test_a_worker_that_dies_fails_its_report_and_the_others_go_on(tmp_path, cache):
    folder = tmp_path / "nb"
    make_notebook(folder / "doc.ipynb", PARAMETERS + 'doc_id: str = ""  # the document\n', "print(doc_id)")
    make_notebook(folder / "killer.ipynb", PARAMETERS, "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)")  # the kernel's parent: its worker
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "killer"\n[[report]]\nnotebook = "doc"\nper = "document"\n')
    result = run_suite(suite, corpus=FIXTURE, out=tmp_path / "out", jobs=2, cache=cache, fresh_kernels=True)
    table = result.reports.set_index("name")
    assert table.loc["killer", "status"] == "failed" and "worker process" in table.loc["killer", "error"]
    assert table.drop("killer")["status"].tolist() == ["ok", "ok", "ok"]


def test_workers_are_the_cpus_by_default_and_never_more_than_two_per_cpu_or_one_per_report():
    from analysis.report.workers import JOBS_PER_CPU, worker_count

    assert JOBS_PER_CPU == 2
    assert [worker_count(None, 50, cpus=2), worker_count(3, 50, cpus=2), worker_count(64, 50, cpus=2), worker_count(8, 3, cpus=16)] == [2, 3, 4, 3]


@pytest.mark.slow
@pytest.mark.parametrize("warm", [True, False])
def test_a_notebook_over_its_time_limit_is_stopped_and_the_next_runs_on_a_new_kernel(tmp_path, warm):
    import time

    from analysis.report.workers import TIMED_OUT

    folder = tmp_path / "nb"
    make_notebook(folder / "slow.ipynb", PARAMETERS, "import time", "time.sleep(600)")
    make_notebook(folder / "quick.ipynb", PARAMETERS, "print('quick')")
    tasks = [Task(name, str(folder / f"{name}.ipynb"), {"corpus": "/c"}, False, str(tmp_path / f".{name}.partial"), False, 6)
             for name in ("slow", "quick")]
    started = time.time()
    with Kernels(warm=warm, env={}) as kernels:
        slow = produce(tasks[0], kernels)
        assert not kernels.running()  # the killed kernel was discarded
        quick = produce(tasks[1], kernels)
    assert time.time() - started < 120
    assert slow["status"] == TIMED_OUT and slow["error"]["kind"] == "timeout" and slow["error"]["cell_index"] == 3
    assert "ran longer than its time limit of 6 s (cell #3 was running)" in slow["error"]["evalue"]
    assert quick["status"] == "ok"


def _alive(processes) -> list:
    """The processes of *processes* still running (a zombie waiting for its parent to collect it has stopped)."""
    import psutil

    alive = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                alive.append(process)
        except psutil.NoSuchProcess:
            pass
    return alive


def _wait_until(condition, *, timeout: float, what: str):
    """Poll *condition* until it returns something true; fail after *timeout* seconds (a generous bound, not a measure)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up after {timeout:g} s waiting for {what}")


@pytest.mark.slow
@pytest.mark.parametrize("signum, jobs", [("SIGTERM", 2), ("SIGKILL", 2), ("SIGKILL", 1)])
def test_no_worker_or_kernel_outlives_a_runner_that_is_terminated_or_killed(tmp_path, cache, signum, jobs):
    import signal
    import subprocess
    import sys

    import psutil
    from report_helpers import ROOT

    folder = tmp_path / "nb"
    make_notebook(folder / "slow.ipynb", PARAMETERS, "import time\ntime.sleep(600)")
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "slow"\n[[report]]\nnotebook = "slow"\nname = "again"\n')
    command = [sys.executable, "-m", "analysis", "report", "--suite", str(suite), "--corpus", str(FIXTURE), "--out", str(tmp_path / "out"),
               "--cache", str(cache), "--jobs", str(jobs)]
    runner = subprocess.Popen(command, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    parent = psutil.Process(runner.pid)
    family = []
    try:
        def kernels_running():
            if runner.poll() is not None:
                raise AssertionError(f"the runner exited early ({runner.returncode}): {runner.stderr.read().decode()}")
            children = parent.children(recursive=True)
            kernels = [p for p in _alive(children) if "ipykernel_launcher" in " ".join(p.cmdline())]
            return children if len(kernels) == jobs else None

        family = _wait_until(kernels_running, timeout=300, what=f"{jobs} kernel(s) to start")
        if jobs > 1:
            assert len([p for p in family if "ipykernel_launcher" not in " ".join(p.cmdline())]) >= jobs  # the workers
        runner.send_signal(getattr(signal, signum))
        runner.wait(timeout=120)
        _wait_until(lambda: not _alive(family), timeout=60, what=f"{[p.cmdline()[:3] for p in _alive(family)]} to exit")
    finally:
        for process in _alive([parent, *family]):
            process.kill()
        runner.wait()
        runner.stderr.close()
    if signum == "SIGTERM":
        assert runner.returncode == 130 and not list((tmp_path / "out" / "runs").iterdir())  # the unfinished run was removed


def test_a_run_off_a_terminal_writes_one_line_per_finished_report(tmp_path, notebooks, cache, monkeypatch, capsys):
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n[[report]]\nnotebook = "compare"\n')
    monkeypatch.setattr(workers, "execute_notebook", fake_execute([], {2: cell_error()}))
    run_suite(suite, corpus=FIXTURE, out=tmp_path / "out", jobs=1, cache=cache, fresh_kernels=True)  # progress: the default
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("report ")]
    assert len(lines) == 2
    assert lines[0].startswith("report 1 of 2: overview ok in ") and "; 1 left, about " in lines[0]
    assert lines[1].startswith("report 2 of 2: compare failed in ") and lines[1].endswith("; none left")
