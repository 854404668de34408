"""Chunks mapped on an executor: in order, a bounded number in flight, errors handed back, jobs checked."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from analysis.parallel import InlineExecutor, check_jobs, default_jobs, local_executor, map_in_order


def square(x: int) -> int:
    return x * x


def test_results_come_back_in_order_on_any_executor():
    with local_executor(2) as pool:
        assert [r for _, r in map_in_order(pool, square, range(7), window=3)] == [0, 1, 4, 9, 16, 25, 36]
    with ThreadPoolExecutor(3) as pool:
        assert [(i, r) for i, r in map_in_order(pool, square, range(4), window=2)] == [(0, 0), (1, 1), (2, 4), (3, 9)]


def test_items_are_drawn_only_a_window_ahead():
    drawn = []

    def items():
        for i in range(10):
            drawn.append(i)
            yield i

    results = map_in_order(InlineExecutor(), square, items(), window=2)
    assert next(results) == (0, 0)
    assert drawn == [0, 1]


def test_an_error_in_a_task_reaches_the_caller():
    def fail(x):
        raise ValueError(f"bad chunk {x}")

    with pytest.raises(ValueError, match="bad chunk 0"):
        list(map_in_order(InlineExecutor(), fail, [0, 1], window=2))


def test_jobs_are_checked():
    assert check_jobs(None) == default_jobs() >= 1
    assert check_jobs(3) == 3
    for bad in (0, -1, 1.5, True, "2"):
        with pytest.raises(ValueError, match=rf"jobs must be a positive whole number of processes \(1 runs everything in this process\); got {bad!r}"):
            check_jobs(bad)


def test_a_local_pool_without_tasks_starts_no_process():
    import multiprocessing

    before = set(multiprocessing.active_children())
    with local_executor(2):
        assert set(multiprocessing.active_children()) == before


def warm_state(_: object) -> dict[str, bool]:
    """What a worker holds before it has run anything of the package's own."""
    import sys

    from analysis.language import _detector

    return {"detector built": _detector.cache_info().currsize == 1, "tokenizer imported": "nltk.tokenize.punkt" in sys.modules}


def test_workers_of_a_local_pool_start_warm():
    # The fork server scored the warm-up documents once; every worker forked from it has the models already.
    with local_executor(2) as pool:
        states = [r for _, r in map_in_order(pool, warm_state, range(4), window=4)]
    assert states == [{"detector built": True, "tokenizer imported": True}] * 4


def test_the_warm_up_scores_its_documents_without_error():
    from analysis._warm import warm_up

    warm_up()  # raises if the packaged documents no longer score (the fork server only warns)
