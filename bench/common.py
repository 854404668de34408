"""Shared pieces of the benchmarks: the BBC corpus from ../shared, timing, and the table printer.

The BBC News corpus (Greene & Cunningham 2006) is research-use only: it is read
from ``../shared/data`` at benchmark time and never copied into the project.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "data" / "bbc_news_2225" / "bbc_news.csv"


def bbc_table() -> pd.DataFrame:
    """The BBC articles as a table corpus (``doc_id, title, text``); exits with a message where absent."""
    if not BBC.is_file():
        sys.exit(f"benchmark needs {BBC} (the BBC News corpus in ../shared); it is not there")
    return pd.read_csv(BBC, dtype="string")[["doc_id", "title", "text"]]


def best_of(function: Callable[[], object], *, repeat: int = 3) -> float:
    """Median wall time in seconds of *repeat* calls of *function*, after one untimed warm-up call."""
    function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def print_table(title: str, frame: pd.DataFrame) -> None:
    print(f"\n## {title}\n")
    print(frame.to_markdown(index=False, floatfmt=".3f") if _has_tabulate() else frame.to_string(index=False))


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True
