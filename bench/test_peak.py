"""bench/peak.py: the peak resident memory of a command's whole process tree, and its exit status passed through."""

import json
import subprocess
import sys
from pathlib import Path

PEAK = Path(__file__).resolve().parent / "peak.py"
MB = 1_000_000
HOLD = "import time; block = bytearray({size}); block[::4096] = b'x' * len(block[::4096]); time.sleep(0.6)"


def watch(tmp_path, code: str) -> tuple[int, dict]:
    report = tmp_path / "peak.json"
    done = subprocess.run([sys.executable, str(PEAK), "--json", str(report), "--interval", "0.05", "--", sys.executable, "-c", code], check=False)
    return done.returncode, json.loads(report.read_text())


def test_a_process_holding_memory_is_measured(tmp_path):
    status, peaks = watch(tmp_path, HOLD.format(size=300 * MB))
    assert status == 0 and peaks["returncode"] == 0
    assert peaks["peak_process"] >= 300 * MB
    assert peaks["peak_driver"] >= 300 * MB
    assert peaks["peak_worker"] is None and peaks["n_processes"] >= 1


def test_a_worker_started_by_the_command_is_measured_as_a_worker(tmp_path):
    worker = HOLD.format(size=250 * MB)
    status, peaks = watch(tmp_path, f"import subprocess, sys; subprocess.run([sys.executable, '-c', {worker!r}], check=True)")
    assert status == 0
    assert peaks["peak_worker"] >= 250 * MB
    assert peaks["peak_driver"] < 250 * MB
    assert peaks["peak_process"] >= 250 * MB and peaks["peak_total"] >= 250 * MB
    assert peaks["n_processes"] == 2


def test_the_exit_status_is_passed_through(tmp_path):
    status, peaks = watch(tmp_path, "raise SystemExit(3)")
    assert status == 3 and peaks["returncode"] == 3


def test_a_missing_command_is_refused(tmp_path):
    done = subprocess.run([sys.executable, str(PEAK), "--json", str(tmp_path / "p.json"), "--"], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "give the command" in done.stderr
    assert not (tmp_path / "p.json").exists()
