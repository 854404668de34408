"""Run a command and record the peak resident memory of its whole process tree (driver, workers, kernels).

    python bench/peak.py --json PEAK.json -- COMMAND [ARG ...]

Two measures, and the larger is kept for the largest single process:

- ``psutil`` samples every process of the tree every ``--interval`` seconds
  (resident set per process, and their sum at each sample), classifying each
  as the driver (the command itself), a Jupyter kernel (``ipykernel`` on its
  command line) or a worker (anything else);
- ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``: the largest resident set
  of any descendant that was waited for, which a sample can miss between two
  ticks. This script runs nothing else, so the figure belongs to the command.

psutil ships with ipykernel, a dependency of the package; without it only the
getrusage figure is given. The command's exit status is passed through and
also written to the JSON file, with the peaks in bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

try:
    import psutil
except ImportError:  # pragma: no cover - psutil comes with ipykernel
    psutil = None


def kind_of(process, driver_pid: int) -> str:
    """``driver``, ``kernel`` or ``worker`` for a process of the tree."""
    if process.pid == driver_pid:
        return "driver"
    try:
        command = " ".join(process.cmdline())
    except Exception:  # noqa: BLE001 - a process that vanished or is not readable counts as a worker
        return "worker"
    return "kernel" if "ipykernel" in command else "worker"


def watch(command: list[str], *, interval: float) -> dict:
    """Run *command*, sampling its process tree until it exits; return the exit status and the peaks in bytes."""
    child = subprocess.Popen(command)
    peaks = {"driver": 0, "worker": 0, "kernel": 0}
    peak_total, seen = 0, set()
    root = psutil.Process(child.pid) if psutil else None
    kinds: dict[int, str] = {}
    while child.poll() is None:
        if root is not None:
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.Error:
                tree = []
            total = 0
            for process in tree:
                try:
                    rss = process.memory_info().rss
                except psutil.Error:
                    continue
                kind = kinds.setdefault(process.pid, kind_of(process, child.pid))
                peaks[kind] = max(peaks[kind], rss)
                seen.add(process.pid)
                total += rss
            peak_total = max(peak_total, total)
        time.sleep(interval)
    children_maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kilobytes on Linux
    return {
        "returncode": child.returncode,
        "peak_process": max(max(peaks.values()), children_maxrss),
        "peak_total": peak_total or None,
        "peak_driver": peaks["driver"] or None,
        "peak_worker": peaks["worker"] or None,
        "peak_kernel": peaks["kernel"] or None,
        "children_maxrss": children_maxrss,
        "n_processes": len(seen),
        "psutil": psutil is not None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", required=True, help="file to write the peaks to")
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between samples (default: 0.1)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    result = watch(command, interval=args.interval)
    tmp = f"{args.json}.partial"
    with open(tmp, "w") as handle:
        json.dump(result, handle)
    os.replace(tmp, args.json)
    return result["returncode"]


if __name__ == "__main__":
    sys.exit(main())
