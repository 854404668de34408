"""The shape of analysis/report/: its public API, a one-way import graph, no module-level mutable state."""

from __future__ import annotations

import ast
import copy
import importlib
import pkgutil
from pathlib import Path

import pytest
from report_helpers import FIXTURE, ROOT, fake_execute, write_suite

import analysis.report
from analysis.report import run_suite, workers

PACKAGE = ROOT / "analysis"
#: The modules of analysis/report/ in dependency order: each may import only those before it.
ORDER = ["suite", "plan", "execute", "kernels", "workers", "store", "index", "run"]


def _imports(path: Path) -> set[str]:
    """Absolute names of the analysis modules *path* imports (relative imports resolved)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(p for p in (base, node.module) if p)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n for n in names if n == "analysis" or n.startswith("analysis.")}


def test_the_modules_of_the_runner_import_one_way():
    modules = sorted(p.stem for p in (PACKAGE / "report").glob("*.py") if p.stem != "__init__")
    assert modules == sorted(ORDER)
    for number, name in enumerate(ORDER):
        imported = {n.split(".")[2] for n in _imports(PACKAGE / "report" / f"{name}.py") if n.startswith("analysis.report.")}
        later = imported & set(ORDER[number:])
        assert not later, f"analysis.report.{name} imports {sorted(later)}, which come after it"


def test_nothing_in_the_pipeline_imports_the_runner():
    for path in sorted(PACKAGE.glob("*.py")):
        if path.name != "__main__.py":
            assert not {n for n in _imports(path) if n.startswith("analysis.report")}, f"{path.name} imports the runner"


def test_the_frame_dictionary_loader_is_imported_in_one_place():
    importers = [p.name for p in sorted((PACKAGE / "report").glob("*.py")) if "load_dictionary" in p.read_text(encoding="utf-8")]
    assert importers == ["suite.py"]


def test_no_module_of_the_runner_has_a_global_statement():
    for path in sorted((PACKAGE / "report").glob("*.py")):
        assert not [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Global)], path.name


def _mutable_globals() -> dict[tuple[str, str], object]:
    found = {}
    for info in pkgutil.iter_modules(analysis.report.__path__):
        module = importlib.import_module(f"analysis.report.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, (dict, list, set, bytearray)) and not name.startswith("__"):
                found[(info.name, name)] = copy.deepcopy(value)
    return found


@pytest.mark.slow  # starts a warm kernel
def test_a_run_changes_no_module_level_state(tmp_path, notebooks, cache, monkeypatch):
    before = _mutable_globals()
    monkeypatch.setattr(workers, "execute_notebook", fake_execute([]))
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n[[report]]\nnotebook = "doc"\nper = "document"\n')
    for warm in (True, False):
        run_suite(suite, corpus=FIXTURE, out=tmp_path / "out", jobs=1, cache=cache, fresh_kernels=not warm, keep=1)
    assert _mutable_globals() == before
    kernels_module = importlib.import_module("analysis.report.kernels")
    assert not [v for v in vars(kernels_module).values() if isinstance(v, (kernels_module.Kernels, kernels_module.WarmKernel))]


def test_the_public_api_is_what_the_cli_and_the_notebook_tests_use():
    for name in ("run_suite", "read_suite", "plan_reports", "prune_runs", "SuiteError", "RunResult", "run_notebook", "export_html",
                 "write_index", "Kernels", "KernelStartError", "slugify", "check_since"):
        assert name in analysis.report.__all__ and hasattr(analysis.report, name)
