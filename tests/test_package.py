"""Tests of the package root (analysis/__init__.py): a short namespace of verbs, task modules on demand, nothing heavy at import."""

from __future__ import annotations

import subprocess
from pathlib import Path
import sys

import pytest

import analysis


def test_importing_the_package_loads_no_heavy_library():
    code = "import sys, analysis; print(sorted(m for m in ('matplotlib', 'scipy', 'lingua', 'datasketch', 'pandas', 'nltk') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_scoring_a_corpus_loads_no_plotting_library():
    code = (
        "import sys, analysis\n"
        "docs = analysis.load_corpus('seeds')\n"
        "analysis.score(docs.head(1))\n"
        "print(sorted(m for m in ('matplotlib',) if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    assert out == "[]"


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


README = Path(__file__).resolve().parents[1] / "README.md"


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end]


def test_the_readme_names_every_module_where_the_code_is_organised():
    section = _section("How the code is organised")
    root = Path(analysis.__file__).parent
    modules = {p.stem for p in root.glob("*.py") if p.stem != "__init__"} | {p.parent.name + "/" for p in root.glob("*/__init__.py")}
    submodules = {p.stem for p in root.glob("*/*.py") if p.stem != "__init__"}
    missing = sorted(m for m in modules | submodules if f"`{m}`" not in section)
    assert not missing, f"modules the README does not describe: {missing}"


def test_the_readme_lists_the_short_namespace_exactly():
    section = _section("How the code is organised")
    rows = [line for line in section.splitlines() if line.startswith("| `") and "` | `" in line and "analysis." not in line]
    import re

    listed = {name for row in rows for name in re.findall(r"`(\w+)`", row.split("|")[1])}
    assert listed == set(analysis._VERBS)


def test_the_readme_python_examples_run(monkeypatch):
    import re

    monkeypatch.chdir(README.parent)
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) >= 2
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 (the README's own examples)
