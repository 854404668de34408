"""Producing reports: one report on a kernel (:func:`produce`), many in this process or in worker processes.

:func:`produce` executes one :class:`Task` into its staging folder on a
kernel from a :class:`~analysis.report.kernels.Kernels` owner, starts a kernel
that failed to start again (up to :data:`KERNEL_START_ATTEMPTS` attempts in all,
waiting longer before each: on a busy machine a kernel can die before it
answers, or not answer in time), never retries a cell error, and exports
the HTML page. :func:`execute_tasks` yields each
task's outcome as it finishes: in this process for one job, else on worker
processes. Each worker is a spawned process that receives its settings (warm
or fresh kernels, the kernels' environment) as arguments, owns one
``Kernels`` for its whole life, and takes tasks one at a time over a pipe, so
the runner always knows which report a worker holds.

Nothing outlives the runner, even when it is killed with SIGKILL and runs no
clean-up of its own. A worker asks Linux to send it SIGTERM when the runner
dies (:func:`die_with_parent`: ``prctl(PR_SET_PDEATHSIG)``, set as the
worker's first act, since a spawned process has no ``preexec_fn``); on SIGTERM
it shuts its kernels down. A kernel watches its own parent (the worker, or
the runner for one job): jupyter_client starts it in a session of its own
(so that an interrupt reaches the kernel's whole process group) and passes
``JPY_PARENT_PID``, and ipykernel's parent poller exits the kernel within a
second of that parent's death, whatever signal killed it. That poller is
the kernels' safeguard rather than a ``PR_SET_PDEATHSIG`` of their own: it
comes with every ipykernel on every platform, needs no ``preexec_fn`` (which
is unsafe in a process with threads, such as a worker's event loop and
timers), and watches the parent process, whereas ``PR_SET_PDEATHSIG`` fires
when the parent *thread* ends (jupyter_client may start a kernel from an
event-loop thread that ends before the kernel should).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..outputs import write_text_atomically
from ..progress import ReportProgress
from .execute import (ENVIRONMENT_ERRNOS, KernelStartError, NotebookTimeoutError, describe_error, execute_notebook, export_html,
                      slim_notebook)
from .kernels import Kernels
from .suite import DEFAULT_TIMEOUT

#: Attempts to start a kernel for one report before the report fails ("kernel did not start after N attempts");
#: a cell error or a timeout is never retried.
KERNEL_START_ATTEMPTS = 3
#: Seconds waited before the second attempt to start a kernel; doubled before each further one (1 s, 2 s, ...).
KERNEL_RETRY_DELAY = 1.0
#: At most this many workers per CPU, whatever ``--jobs`` asks: each holds a kernel (CPU-bound while a notebook
#: runs) and exports HTML between notebooks, so a second worker per CPU fills those gaps; more only add memory.
JOBS_PER_CPU = 2
#: The ``status`` of a report whose notebook ran longer than its time limit.
TIMED_OUT = "timed out"
#: Seconds a worker is given to shut its kernels down after it was told to stop.
WORKER_EXIT_TIMEOUT = 10
#: Linux ``prctl`` option: the signal this process gets when its parent dies (``<linux/prctl.h>``).
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Task:
    """What a worker needs to produce one report in its staging folder (picklable)."""

    name: str
    notebook: str
    parameters: dict
    tables: bool
    staging: str
    show_code: bool
    timeout: float = DEFAULT_TIMEOUT


def produce(task: Task, kernels: Kernels) -> dict:
    """Execute one report into ``task.staging`` and export it; return its outcome (never raises for a notebook failure).

    The outcome: ``status`` (``ok``, ``failed`` or :data:`TIMED_OUT`: the
    notebook ran longer than ``task.timeout`` seconds and its kernel was
    killed, a warm one discarded), ``error`` (a record of
    :func:`~analysis.report.execute.describe_error`, or ``None``), ``attempts``,
    ``started`` and ``ended`` (epoch seconds) and the ``parameters`` given.
    """
    staging = Path(task.staging)
    staging.mkdir(parents=True, exist_ok=True)
    parameters = dict(task.parameters)
    if task.tables:
        parameters["tables_dir"] = str(staging / "tables")
    executed = staging / f"{task.name}.ipynb"
    kernel_name = _kernel_name(task.notebook)
    folder = Path(task.notebook).resolve().parent
    started = time.time()
    error, attempts = None, 0
    while True:
        attempts += 1
        try:
            kernel = kernels.acquire(kernel_name, cwd=folder)
            execute_notebook(task.notebook, executed, parameters=parameters, kernel_name=kernel_name, kernel=kernel, env=kernels.env,
                             timeout=task.timeout)
            kernels.release(kernel_name)  # a kernel a large notebook left big is replaced
            break
        except NotebookTimeoutError as exc:
            kernels.discard(kernel_name)  # killed: the next notebook gets a new kernel
            error = describe_error(exc)
            break
        except KernelStartError as exc:
            kernels.discard(kernel_name)
            if attempts < KERNEL_START_ATTEMPTS:
                time.sleep(KERNEL_RETRY_DELAY * 2 ** (attempts - 1))
                continue
            message = f"kernel did not start after {attempts} attempts: {exc}"
            error = {"kind": "kernel", "ename": type(exc).__name__, "evalue": message, "excerpt": message}
            break
        except Exception as exc:  # noqa: BLE001 - one failing report must not stop the others
            kernels.discard(kernel_name)  # the next notebook gets a new kernel, whatever state this one left
            if isinstance(exc, OSError) and exc.filename is None:  # e.g. a full disk while papermill wrote the notebook
                exc.filename = str(executed)
            error = describe_error(exc)
            break
    if executed.is_file():
        try:
            slim_notebook(executed)
            write_text_atomically(staging / f"{task.name}.html", export_html(executed, show_code=task.show_code))
        except Exception as exc:  # noqa: BLE001
            if isinstance(exc, OSError) and exc.errno in ENVIRONMENT_ERRNOS:  # a full disk outranks the notebook's own error
                error = describe_error(exc)
            else:
                error = error or {"kind": "export", "ename": type(exc).__name__, "evalue": str(exc), "excerpt": str(exc)}
    status = TIMED_OUT if error and error.get("kind") == "timeout" else "failed" if error else "ok"
    return {"status": status, "error": error, "attempts": attempts,
            "started": started, "ended": time.time(), "parameters": parameters}


def _kernel_name(notebook: str | Path) -> str:
    try:
        return json.loads(Path(notebook).read_text(encoding="utf-8"))["metadata"]["kernelspec"]["name"]
    except (OSError, ValueError, KeyError, TypeError):
        return "python3"


def execute_tasks(
    tasks: list[Task],
    *,
    jobs: int | None,
    warm: bool,
    env: Mapping[str, str],
    progress: bool | None,
) -> Iterator[tuple[Task, dict]]:
    """Yield ``(task, outcome)`` as reports finish: in this process for one job, else on worker processes.

    The workers are *jobs* (default: the CPUs), but never more than
    :func:`worker_count` allows: :data:`JOBS_PER_CPU` per CPU, one per task.

    *warm* and *env* configure each process's :class:`~analysis.report.kernels.Kernels`.
    *progress*: ``None`` (the default) draws a bar on stderr when it is a terminal and otherwise writes one
    line per finished report (name, status, seconds, how many remain, the time left;
    :class:`~analysis.progress.ReportProgress`); ``True`` always the bar; ``False`` nothing.
    """
    if not tasks:
        return
    jobs = worker_count(jobs, len(tasks))
    meter = ReportProgress(len(tasks), stream=sys.stderr, enabled=progress)
    try:
        if jobs == 1:
            with Kernels(warm=warm, env=env) as kernels:
                for task in tasks:
                    outcome = produce(task, kernels)
                    yield task, outcome
                    meter.update(task.name, outcome["status"], outcome["ended"] - outcome["started"])
        else:
            for task, outcome in _in_workers(tasks, jobs=jobs, warm=warm, env=env):
                yield task, outcome
                meter.update(task.name, outcome["status"], outcome["ended"] - outcome["started"])
    finally:
        meter.close()


def _in_workers(tasks: list[Task], *, jobs: int, warm: bool, env: Mapping[str, str]) -> Iterator[tuple[Task, dict]]:
    """Hand *tasks* out, in order, to *jobs* spawned workers, one at a time each; yield outcomes as they come."""
    import multiprocessing
    from multiprocessing.connection import wait

    # spawn, not fork: the runner process holds pyarrow and tqdm threads that a forked child must not inherit
    context = multiprocessing.get_context("spawn")
    waiting = list(reversed(tasks))
    held = {}  # the runner's end of a worker's pipe -> the task the worker is producing
    workers = []
    try:
        for number in range(jobs):
            here, there = context.Pipe()
            worker = context.Process(target=serve, args=(there, warm, dict(env), os.getpid()), name=f"report-worker-{number + 1}")
            worker.start()
            there.close()
            workers.append(worker)
            held[here] = _hand_out(here, waiting)
        while any(task is not None for task in held.values()):
            for connection in wait([c for c, task in held.items() if task is not None]):
                task = held[connection]
                try:
                    outcome = connection.recv()
                except (EOFError, OSError) as exc:  # the worker died: its report failed, the other workers go on
                    now = time.time()
                    outcome = {"status": "failed", "error": describe_error(RuntimeError(f"the worker process producing it exited ({exc!r})")),
                               "attempts": 1, "started": now, "ended": now, "parameters": task.parameters}
                    held[connection] = None
                else:
                    held[connection] = _hand_out(connection, waiting)
                yield task, outcome
            if waiting and all(task is None for task in held.values()):  # every worker died
                for task in reversed(waiting):
                    now = time.time()
                    yield task, {"status": "failed", "error": describe_error(RuntimeError("no worker process was left to produce it")),
                                 "attempts": 0, "started": now, "ended": now, "parameters": task.parameters}
                waiting.clear()
    except BaseException:  # interrupted: stop the workers now rather than let them finish their reports
        for worker in workers:
            worker.terminate()  # a worker shuts its kernels down on SIGTERM (see serve)
        raise
    finally:
        for worker in workers:
            worker.join(WORKER_EXIT_TIMEOUT)
            if worker.is_alive():
                worker.kill()
                worker.join()
        for connection in held:
            connection.close()


def _hand_out(connection, waiting: list[Task]) -> Task | None:
    """Send the next task (or ``None``: no more work, exit) to a worker; return what it now holds."""
    task = waiting.pop() if waiting else None
    try:
        connection.send(task)
    except OSError:  # the worker is already gone
        if task is not None:
            waiting.append(task)
        return None
    return task


def serve(connection, warm: bool, env: Mapping[str, str], runner: int | None = None) -> None:
    """A worker process: produce each task received on *connection*, send back its outcome, until ``None`` comes.

    The worker's kernels (one :class:`~analysis.report.kernels.Kernels`) are shut
    down when it stops: at the end, on Ctrl-C, when the runner terminates it,
    or when the runner (process id *runner*) dies (:func:`die_with_parent`).
    """
    signal.signal(signal.SIGTERM, _exit)
    if runner is not None:
        die_with_parent(runner)
    try:
        with Kernels(warm=warm, env=env) as kernels:
            while (task := connection.recv()) is not None:
                try:
                    outcome = produce(task, kernels)
                except Exception as exc:  # noqa: BLE001 - e.g. a staging folder that cannot be written: this report failed
                    now = time.time()
                    outcome = {"status": "failed", "error": describe_error(exc), "attempts": 1, "started": now, "ended": now,
                               "parameters": task.parameters}
                connection.send(outcome)
    except (KeyboardInterrupt, EOFError):  # Ctrl-C reaches the workers too; the runner cleans up
        pass
    finally:
        connection.close()


def _exit(signum, frame) -> None:
    raise SystemExit(128 + signum)


def die_with_parent(parent: int) -> bool:
    """Ask Linux to send this process SIGTERM when its parent dies; exit now if *parent* (its pid) is already gone.

    ``prctl(PR_SET_PDEATHSIG, SIGTERM)`` (Linux ``prctl(2)``), called through
    ctypes. The signal comes even when the parent is killed with SIGKILL.
    Returns ``False`` where it is not available (not Linux): there a worker
    still stops when the runner's end of its pipe closes, after its current
    report.
    """
    import ctypes
    import ctypes.util

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != parent:  # the parent died before the request was made: nothing will signal
        raise SystemExit(128 + signal.SIGTERM)
    return True


def worker_count(jobs: int | None, n_tasks: int, *, cpus: int | None = None) -> int:
    """The workers a run uses: *jobs* (``None``: the CPUs), at most :data:`JOBS_PER_CPU` per CPU and one per task, at least one.

    >>> worker_count(None, 50, cpus=2), worker_count(32, 50, cpus=2), worker_count(8, 3, cpus=16), worker_count(None, 0, cpus=4)
    (2, 4, 3, 1)
    """
    cpus = cpus or cpu_count()
    return max(1, min(jobs or cpus, JOBS_PER_CPU * cpus, n_tasks))


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1
