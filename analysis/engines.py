"""Where the per-document work runs: a Dask cluster as a ``concurrent.futures`` executor.

The scoring driver hands chunks of documents to any
:class:`concurrent.futures.Executor`. The local engine is a process pool on
this machine; :func:`dask_executor` gives the same interface on a
`dask.distributed <https://distributed.dask.org>`_ cluster (Rocklin 2015,
"Dask: parallel computation with blocked algorithms and task scheduling"),
through ``Client.get_executor``: a local cluster of worker processes, or the
scheduler at an address. The per-chunk tasks are the same pure functions either
way, so the tables are the same.

Dask is an optional extra (``pip install 'analysis[dask]'``); this module
imports it only when :func:`dask_executor` is called.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from contextlib import ExitStack, contextmanager, suppress
from functools import partial
from types import ModuleType

from ._version import __version__
from .checks import check_int

#: What to install when Dask is missing.
INSTALL_HINT = "pip install 'analysis[dask]'"
#: Seconds to wait for a scheduler to answer, and for a cluster to have a worker.
CONNECT_TIMEOUT = 10.0
#: Seconds allowed for closing the client and the local cluster on the way out.
CLOSE_TIMEOUT = 10.0


@contextmanager
def dask_executor(scheduler: str | None, *, jobs: int, timeout: float = CONNECT_TIMEOUT) -> Iterator[Executor]:
    """Yield a :class:`concurrent.futures.Executor` that runs tasks on a Dask cluster; close it all on exit.

    With ``scheduler=None`` a local cluster of *jobs* single-threaded worker
    processes is started (no dashboard; its log lines are shown only for
    errors). Otherwise *scheduler* is the address of a running
    ``dask scheduler`` (``tcp://HOST:8786``) and *jobs* is not used: the
    cluster has the workers it has. Either way, every worker must import the
    same ``analysis`` as this process (same version, same code and data files)
    or the cluster is refused. The client, and a local cluster, are closed
    when the block ends, also on an error or Ctrl-C (tasks still queued are
    cancelled then).

    Raises :class:`ImportError` (with the install command) when Dask is not
    installed, :class:`ValueError` for a bad argument (a malformed address),
    and :class:`ConnectionError` when the cluster cannot be used: no scheduler
    answers at *scheduler* within *timeout* seconds, it has no worker, or its
    workers cannot run this ``analysis``.
    """
    check_int(jobs, "jobs", minimum=1)
    if scheduler is not None and (not isinstance(scheduler, str) or not scheduler.strip()):
        raise ValueError(f"scheduler must be the address of a Dask scheduler (e.g. 'tcp://10.0.0.5:8786') or None for a local cluster; got {scheduler!r}")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds; got {timeout!r}")
    distributed = import_distributed()
    with ExitStack() as stack:
        if scheduler is None:
            where = f"the local Dask cluster ({jobs} worker process(es))"
            with _children_ignore_ctrl_c():
                cluster = distributed.LocalCluster(
                    n_workers=jobs, threads_per_worker=1, processes=True, silence_logs=logging.ERROR,
                    # no dashboard; the scheduler's small HTTP server (health checks) on a free local port, never a clash on 8787
                    dashboard_address=None, scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
                )
            stack.callback(cluster.close, timeout=CLOSE_TIMEOUT)
            client = distributed.Client(cluster, timeout=timeout, set_as_default=False)
        else:
            where = f"the Dask scheduler at {scheduler!r}"
            client = _connect(distributed, scheduler.strip(), timeout)
        stack.callback(client.close, timeout=CLOSE_TIMEOUT)
        _require_workers(client, where, timeout)
        _require_same_package(client, where)
        executor = DaskExecutor(client)
        try:
            yield executor
        except BaseException:
            executor.shutdown(cancel_futures=True)  # an error or Ctrl-C: drop the tasks still queued or running
            raise
        executor.shutdown(wait=True)


class DaskExecutor(Executor):
    """A :class:`concurrent.futures.Executor` on a ``dask.distributed`` client: ``submit(fn, *args, **kwargs)`` runs ``fn(*args, **kwargs)`` on a worker.

    A thin layer over ``Client.get_executor``, for one difference: Dask's
    ``submit`` takes some keywords for itself (``resources``, ``workers``,
    ``key``, ``retries``, ``priority``, ``pure``...), so a task called with
    ``resources=`` would lose it. Here every argument goes to *fn*, bound with
    :func:`functools.partial` (Dask does not look inside it for tasks of its
    own). Every call is a new task (``pure=False``): its arguments are not
    hashed to make a key, and two equal chunks are not merged into one.
    """

    def __init__(self, client) -> None:
        self._executor = client.get_executor(pure=False)
        self._shut = False

    def submit(self, fn, /, *args, **kwargs) -> Future:
        """Schedule ``fn(*args, **kwargs)`` on the cluster; return a :class:`concurrent.futures.Future`."""
        if self._shut:
            raise RuntimeError("cannot schedule new futures after shutdown")
        return self._executor.submit(partial(fn, *args, **kwargs))

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Refuse new tasks; wait for the submitted ones (``wait``), or cancel them (``cancel_futures``)."""
        if self._shut:
            return
        self._shut = True
        if not cancel_futures:
            self._executor.shutdown(wait=wait)
            return
        with suppress(Exception):  # a client already closing or lost releases its tasks anyway
            self._executor.shutdown(wait=False)  # cancels every task of this executor


def import_distributed() -> ModuleType:
    """``dask.distributed``, or an :class:`ImportError` that says how to install it."""
    try:
        import distributed
    except ImportError as exc:
        raise ImportError(f"the Dask engine needs dask.distributed, which is not installed ({exc}); install it with: {INSTALL_HINT}") from exc
    return distributed


def worker_package() -> tuple[str, str]:
    """The ``analysis`` version and code fingerprint of the process it runs in (run on every worker)."""
    from .cache import package_fingerprint

    return __version__, package_fingerprint()


@contextmanager
def _children_ignore_ctrl_c() -> Iterator[None]:
    """Processes started in the block inherit SIGINT ignored (POSIX keeps an ignored signal across exec).

    Ctrl-C in a terminal reaches every process of the foreground group: this
    process closes the local cluster on its KeyboardInterrupt, and the workers
    are stopped by their nannies instead of each printing a traceback. A
    Ctrl-C during the few seconds the cluster starts is ignored too.
    """
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)


def _connect(distributed: ModuleType, address: str, timeout: float):
    try:
        return distributed.Client(address, timeout=timeout, set_as_default=False)
    except ValueError as exc:  # a malformed address: a bad argument, not a network problem
        raise ValueError(f"scheduler {address!r} is not a Dask scheduler address ({exc}); give one like 'tcp://10.0.0.5:8786'") from exc
    except Exception as exc:  # OSError on a timeout or refusal; anything else from a service that is not a Dask scheduler
        raise ConnectionError(
            f"cannot connect to a Dask scheduler at {address!r} within {timeout:g} s ({type(exc).__name__}: {exc}); "
            f"start one with `dask scheduler` and workers with `dask worker {address}`, or leave out the address for a local cluster"
        ) from exc


def _require_workers(client, where: str, timeout: float) -> None:
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError as exc:
        raise ConnectionError(
            f"{where} has no worker after {timeout:g} s; start workers with `dask worker {client.scheduler.address}` "
            f"on machines that have analysis {__version__} installed"
        ) from exc


def _require_same_package(client, where: str) -> None:
    here = worker_package()
    try:
        found = client.run(worker_package)
    except Exception as exc:  # the function could not be unpickled: the worker has no analysis at all
        raise ConnectionError(f"the workers of {where} cannot run analysis ({type(exc).__name__}: {exc}); install analysis {__version__} on every worker") from exc
    other = {address: package for address, package in found.items() if tuple(package) != here}
    if other:
        listed = ", ".join(f"{address} (analysis {version}, code {code[:12]})" for address, (version, code) in sorted(other.items()))
        raise ConnectionError(
            f"the workers of {where} run another analysis than this one (analysis {here[0]}, code {here[1][:12]}): {listed}; "
            f"install the same analysis on every worker so every chunk is scored by the same code"
        )
