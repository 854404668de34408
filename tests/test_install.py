"""The package as users install it: a wheel in a fresh virtual environment, used from a folder far from the source tree.

Slow (it builds a wheel, installs it with its dependencies, runs the whole
report suite and the validation), and needs the package index that `make test`
installs from; pip's cache makes the second install quick.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _run(args: list, *, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{args} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.mark.slow
def test_a_wheel_in_a_fresh_environment_runs_the_reports_and_the_validation(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "ANALYSIS_SHARED")}
    env["ANALYSIS_CACHE"] = str(tmp_path / "cache")
    # Built from a copy, so the build leaves nothing in the source tree.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv*", "build", "reports", "*.egg-info", "__pycache__", ".*cache", ".hypothesis"))
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", tmp_path / "dist", source], cwd=tmp_path, env=env)
    [wheel] = (tmp_path / "dist").glob("analysis-*.whl")
    _run([sys.executable, "-m", "venv", tmp_path / "venv"], cwd=tmp_path, env=env)
    python = tmp_path / "venv" / "bin" / "python"
    _run([python, "-m", "pip", "install", "--quiet", wheel], cwd=tmp_path, env=env)

    work = tmp_path / "work"
    shutil.copytree(ROOT / "seeds", work / "articles")
    where = _run([python, "-c", "import analysis; print(analysis.__file__)"], cwd=work, env=env).stdout.strip()
    assert Path(where).is_relative_to(tmp_path / "venv") and not Path(where).is_relative_to(ROOT)

    report = _run([python, "-m", "analysis", "report", "--corpus", "articles", "--out", "reports", "--jobs", "2"], cwd=work, env=env)
    assert "41 report(s)" in report.stdout, report.stdout
    index = (work / "reports" / "latest" / "index.html").read_text(encoding="utf-8")
    assert "document_report" in index and 'class="failed"' not in index
    published = [p for p in (work / "reports" / "latest").rglob("*") if p.suffix in (".html", ".json", ".ipynb")]
    assert not [p for p in published if str(ROOT) in p.read_text(encoding="utf-8")], "a report refers to the source tree"

    validate = _run([python, "-m", "analysis", "validate", "--shared", SHARED], cwd=work, env=env).stdout
    for title in ("Sentence boundaries", "development set", "held out", "Krippendorff"):
        assert title in validate
    if SHARED.is_dir():
        assert "VADER against mean human ratings" in validate and "Skipped" not in validate
    else:
        assert "sentiment:nyt_editorials" in validate  # listed as skipped, with the path looked at


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_report_says_what_it_installs_and_builds_the_teaching_suite_too():
    # A dry run (-n) of every step (-B), whether or not .venv exists: nothing is run.
    done = subprocess.run(["make", "-n", "-B", "-C", str(ROOT), "report"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    steps = [line for line in done.stdout.splitlines() if line.startswith('echo "install ')]
    assert [s.split(":")[0] for s in steps] == ['echo "install 1/3', 'echo "install 2/3', 'echo "install 3/3']
    install = next(line for line in done.stdout.splitlines() if line.startswith(".venv/bin/python -m pip install") and "-e '.[test,dask]'" in line)
    assert "--quiet" not in install and "--progress-bar" in install  # pip's own progress, bars only on a terminal
    assert "-m analysis report --suite reports teaching --corpus seeds --out reports" in done.stdout
