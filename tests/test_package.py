"""Tests of the package root (analysis/__init__.py): a short namespace of verbs, task modules on demand, nothing heavy at import."""

from __future__ import annotations

import subprocess
import sys

import pytest

import analysis


def test_importing_the_package_loads_no_heavy_library():
    code = "import sys, analysis; print(sorted(m for m in ('matplotlib', 'scipy', 'lingua', 'datasketch', 'pandas', 'nltk') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_scoring_a_corpus_still_loads_neither_matplotlib_nor_scipy():
    code = (
        "import sys, analysis\n"
        "docs = analysis.load_corpus('seeds')\n"
        "analysis.score(docs.head(1))\n"
        "print(sorted(m for m in ('matplotlib', 'scipy', 'krippendorff') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    # datasketch's MinHash (near duplicates) is the one user of scipy while loading; scoring adds no plotting library
    assert "matplotlib" not in out


@pytest.mark.parametrize("name", analysis.__all__)
def test_every_verb_resolves_to_its_task_module(name):
    value = getattr(analysis, name)
    if name != "__version__":
        assert value.__module__ == f"analysis.{analysis._VERBS[name]}"


@pytest.mark.parametrize("name", analysis._MODULES)
def test_every_task_module_is_an_attribute(name):
    assert getattr(analysis, name).__name__ == f"analysis.{name}"


def test_a_name_not_in_the_namespace_says_where_to_look():
    with pytest.raises(AttributeError, match=r"has no attribute 'kwic_html'; the top level holds CorpusError, load_corpus.*task modules"):
        analysis.kwic_html  # noqa: B018 (moved to analysis.display)
    assert "tokenize" in dir(analysis) and "framing" in dir(analysis)


def test_pyproject_lists_every_package_and_ships_the_notebooks():
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {".".join(p.parent.relative_to(root).parts) for p in (root / "analysis").rglob("__init__.py")}
    assert set(config["packages"]) == on_disk | {"analysis.notebooks"}
    assert config["package-dir"]["analysis.notebooks"] == "notebooks"
