"""Shared pieces of the benchmarks: the BBC corpus from ../shared, timing, measured subprocesses, tables.

The BBC News corpus (Greene & Cunningham 2006) is research-use only: it is read
from ``../shared/data`` at benchmark time and never copied into the project.
Everything a benchmark writes (synthetic corpora, score tables, caches) goes to
a temporary folder outside the project.
"""

from __future__ import annotations

import json
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
#: The shared data folder: $ANALYSIS_SHARED (as for ``python -m analysis validate``), else ``../shared`` beside the project.
SHARED = Path(os.environ.get("ANALYSIS_SHARED") or ROOT.parent / "shared")
BBC = SHARED / "data" / "bbc_news_2225" / "bbc_news.csv"
MIB = 1024 * 1024
if str(ROOT) not in sys.path:  # the benchmarks measure the package of this tree, whatever is installed
    sys.path.insert(0, str(ROOT))


def bbc_table() -> pd.DataFrame:
    """The BBC articles as a table corpus (``doc_id, title, text``); exits with a message where absent."""
    require_bbc()
    return pd.read_csv(BBC, dtype="string")[["doc_id", "title", "text"]]


def require_bbc() -> Path:
    """The BBC corpus path; exits with a message naming it where it is absent."""
    if not BBC.is_file():
        sys.exit(f"benchmark needs {BBC} (the BBC News corpus in ../shared); it is not there")
    return BBC


def count_words(texts) -> int:
    """Words as the benchmarks count them: whitespace-separated words of the input ``text`` (``str.split``)."""
    return sum(len(str(t).split()) for t in texts)


def best_of(function: Callable[[], object], *, repeat: int = 3) -> float:
    """Median wall time in seconds of *repeat* calls of *function*, after one untimed warm-up call."""
    function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def markdown_table(frame: pd.DataFrame, *, floatfmt: str | None = None) -> str:
    """*frame* as a GitHub markdown table (no dependency on tabulate); missing values as ``–``.

    Floats are written with *floatfmt* when given, else by size: thousands
    separated and no decimals from 100 on, one decimal from 10, three below.
    """

    def cell(value) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return "–"
        if isinstance(value, float):
            if floatfmt is not None:
                return format(value, floatfmt)
            return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.1f}" if abs(value) >= 10 else f"{value:.3f}"
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        return str(value).replace("|", "\\|").replace("\n", " ")

    header = [str(c) for c in frame.columns]
    rows = [[cell(v) for v in row] for row in frame.astype(object).itertuples(index=False)]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def print_table(title: str, frame: pd.DataFrame) -> None:
    print(f"\n## {title}\n")
    print(markdown_table(frame))


# --- subprocesses measured for wall time and peak memory ------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One measured command: wall seconds, exit status, captured output and peak resident memory (bytes).

    ``peak_process`` is the largest resident set of any single process of the
    run (driver, workers, kernels); ``peak_total`` the largest sum over the
    process tree at one sample; ``peak_driver`` / ``peak_kernel`` /
    ``peak_worker`` the largest of each kind; ``n_processes`` how many
    processes were seen.
    """

    command: tuple[str, ...]
    seconds: float
    returncode: int
    stdout: str
    stderr: str
    peak_process: int | None
    peak_total: int | None
    peak_driver: int | None
    peak_worker: int | None
    peak_kernel: int | None
    n_processes: int

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def failure(self) -> str:
        """A one-paragraph description of a failed run: the command, exit status and the end of stderr."""
        tail = "\n".join(self.stderr.strip().splitlines()[-8:])
        return f"`{' '.join(self.command)}` exited {self.returncode}:\n\n```\n{tail}\n```"


def python_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a measured Python subprocess: this tree first on PYTHONPATH, no user site, *extra* on top."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env["PYTHONNOUSERSITE"] = "1"
    env.update(extra or {})
    return env


def run_measured(command: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
                 timeout: float | None = None) -> Run:
    """Run *command* under ``bench/peak.py`` and return a :class:`Run` (wall time measured here).

    The output of the command is captured in temporary files (never pipes, so a
    chatty command cannot block), and ``peak.py`` reports the peak memory of the
    whole process tree (psutil sampling plus ``getrusage(RUSAGE_CHILDREN)``).
    """
    with tempfile.TemporaryDirectory(prefix="analysis-bench-run-") as tmp:
        tmp = Path(tmp)
        report = tmp / "peak.json"
        with open(tmp / "out", "w+b") as out, open(tmp / "err", "w+b") as err:
            start = time.perf_counter()
            # a session of its own, so that a run that overstays *timeout* is stopped with everything it started
            process = subprocess.Popen([sys.executable, str(BENCH / "peak.py"), "--json", str(report), "--", *command],
                                       stdout=out, stderr=err, env=env or python_env(), cwd=cwd or ROOT, start_new_session=True)
            try:
                returncode = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                returncode = -9
            seconds = time.perf_counter() - start
            out.seek(0), err.seek(0)
            stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        peaks = json.loads(report.read_text()) if report.is_file() else {}
    if returncode == -9:
        stderr += f"\n(timed out after {timeout} s and was stopped)"
    return Run(tuple(command), seconds, peaks.get("returncode", returncode), stdout, stderr,
               peaks.get("peak_process"), peaks.get("peak_total"), peaks.get("peak_driver"), peaks.get("peak_worker"),
               peaks.get("peak_kernel"), peaks.get("n_processes", 0))


def mib(value: int | None) -> float:
    """Bytes as MiB (NaN when unknown)."""
    return float("nan") if value is None else value / MIB


# --- what the build under test can do ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Features:
    """What the ``analysis`` command line under test offers (read from its ``--help``)."""

    score_help: str
    report_help: str
    dask_installed: bool

    def score_has(self, flag: str) -> bool:
        return _has_flag(self.score_help, flag)

    def report_has(self, flag: str) -> bool:
        return _has_flag(self.report_help, flag)


def _has_flag(help_text: str, flag: str) -> bool:
    return any(word.strip("[],") == flag or word.startswith(flag + "=") for word in help_text.split())


def detect_features() -> Features:
    """Ask ``python -m analysis score --help`` and ``report --help`` of this tree which flags exist; is dask importable."""

    def helptext(command: str) -> str:
        done = subprocess.run([sys.executable, "-m", "analysis", command, "--help"], capture_output=True, text=True,
                              env=python_env(), cwd=ROOT, check=False)
        return done.stdout if done.returncode == 0 else ""

    probe = subprocess.run([sys.executable, "-c", "import dask, distributed"], capture_output=True, env=python_env(), check=False)
    return Features(helptext("score"), helptext("report"), probe.returncode == 0)


# --- comparing score outputs ------------------------------------------------------------------------------------


def compare_score_dirs(base: Path, new: Path) -> list[str]:
    """Differences between two ``score`` output folders, table by table (exact values and dtypes); empty when identical."""
    problems = []
    base_tables = json.loads((base / "manifest.json").read_text())["tables"]
    new_tables = json.loads((new / "manifest.json").read_text())["tables"]
    for name in sorted(set(base_tables) | set(new_tables)):
        if name not in base_tables or name not in new_tables:
            problems.append(f"{name}: only in {'the first' if name in base_tables else 'the second'} output")
            continue
        a, b = (_read_table(folder / tables[name]["file"]) for folder, tables in ((base, base_tables), (new, new_tables)))
        try:
            pd.testing.assert_frame_equal(a, b, check_exact=True)
        except AssertionError as exc:
            problems.append(f"{name}: {str(exc).splitlines()[0]}")
    return problems


def _read_table(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path, dtype="string", keep_default_na=False)
