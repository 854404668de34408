"""Run a pure per-chunk function over a stream of chunks on any executor, results in order.

The corpus loader and the scoring pipeline hand their per-chunk work (a
module-level pure function of plain data) to a :class:`concurrent.futures.Executor`:
a local process pool, the caller's thread (one job), or a Dask cluster's
executor. :func:`map_in_order` keeps at most ``window`` chunks in flight, so a
corpus of any size is never held whole, and yields the results in the order
of the chunks.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

#: Imported once by the fork server of local pools: the package and the models every worker needs (see :mod:`analysis._warm`).
FORKSERVER_PRELOAD = ("analysis._warm",)


class InlineExecutor(Executor):
    """An executor that runs each task at once in the caller's thread (``jobs=1``: no process, no pickling)."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed back by .result(), like a pool would
            future.set_exception(exc)
        return future


def default_jobs() -> int:
    """The number of processes used when none is given: the CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def check_jobs(jobs: int | None, *, name: str = "jobs") -> int:
    """Return *jobs* (``None``: :func:`default_jobs`), refusing anything but a positive whole number."""
    if jobs is None:
        return default_jobs()
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ValueError(f"{name} must be a positive whole number of processes (1 runs everything in this process); got {jobs!r}")
    return jobs


class _LazyProcessPool(Executor):
    """A process pool started on the first task (a run that finds everything in its cache starts no process)."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        """Whether the worker processes have been started (by a first task)."""
        return self._pool is not None

    def submit(self, fn, /, *args, **kwargs) -> Future:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(list(FORKSERVER_PRELOAD))
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context)
        return self._pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


@contextmanager
def local_executor(jobs: int) -> Iterator[Executor]:
    """An executor for *jobs* local processes (the calling thread when *jobs* is 1); shut down on exit.

    Workers are started by a fork server that has imported the package and
    loaded the models once (:mod:`analysis._warm`), so a worker starts warm,
    shares those pages with the others and nothing with the caller's threads;
    they start with the first task.
    """
    if jobs == 1:
        yield InlineExecutor()
        return
    pool = _LazyProcessPool(jobs)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    else:
        pool.shutdown(wait=True)


def map_in_order(executor: Executor, function: Callable[[Any], T], items: Iterable[Any], *, window: int) -> Iterator[tuple[Any, T]]:
    """Yield ``(item, function(item))`` for every item, in order, with at most *window* items submitted and not yet yielded.

    Items are drawn from *items* only as room frees up, so a lazy iterable is
    read a window ahead of the results and no further.
    """
    pending: deque[tuple[Any, Future]] = deque()
    iterator = iter(items)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < max(1, window):
                try:
                    item = next(iterator)
                except StopIteration:
                    exhausted = True
                    break
                pending.append((item, executor.submit(function, item)))
            if not pending:
                return
            item, future = pending.popleft()
            yield item, future.result()
    finally:
        for _, future in pending:
            future.cancel()
