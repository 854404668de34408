"""The teaching notebooks: their structure (fast) and full papermill runs (slow), with and without solutions."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis import teaching
from analysis.report import run_notebook

PROJECT = Path(__file__).resolve().parents[1]
FOLDER = PROJECT / "notebooks" / "teaching"
NOTEBOOKS = ["01_tokens_and_sentences", "02_sentiment_and_its_pitfalls", "03_dictionaries_and_framing"]
#: Notebooks that read outside data, and the file they need.
CHECK_CALL = re.compile(r'teaching\.check\("([^"]+)", answer_(\d+), data\);')


def _read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(str(FOLDER / f"{name}.ipynb"), as_version=4)


def _code(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def _stream_text(nb: nbformat.NotebookNode) -> str:
    return "".join(out.get("text", "") for cell in _code(nb) for out in cell.outputs if out.output_type == "stream")


# ---------------------------------------------------------------------------------------------- structure


def test_the_folder_holds_exactly_the_course():
    assert sorted(p.stem for p in FOLDER.glob("*.ipynb")) == NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_clean_with_the_python3_kernel(name):
    nb = _read(name)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in _code(nb):
        assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_parameters_cell_and_loading_follow_the_contract(name):
    cells = _code(_read(name))
    tagged = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    source = tagged[0].source
    assert 'corpus: str = ""  # ' in source  # empty: the seeds, found from any working directory
    assert 'since: str = ""  # ' in source
    assert "show_solutions: bool = False  # " in source
    for line in source.splitlines():  # every parameter is typed and commented
        assert re.match(r"^\w+: \w+ = .+  # .+$", line), line
    after = cells[cells.index(tagged[0]) + 1].source
    assert after == "data = analysis.open_corpus(corpus or analysis.sources.default_corpus(), since=since or None)\ndocs, scores = data.docs, data.scores"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_thin_no_functions_classes_or_loops(name):
    for cell in _code(_read(name)):
        tree = ast.parse(cell.source)
        banned = [type(node).__name__ for node in ast.walk(tree)
                  if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.Lambda, ast.ListComp, ast.GeneratorExp))]
        assert not banned, (banned, cell.source[:80])
        assert "display(HTML" not in cell.source and "Styler" not in cell.source


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_each_exercise_asked_answered_solved_and_checked_in_order(name):
    cells = _code(_read(name))
    sources = [c.source for c in cells]
    checked = [(m.group(1), int(m.group(2))) for s in sources for m in CHECK_CALL.finditer(s)]
    ids = teaching.list_exercises(name)["id"].tolist()
    assert [exercise_id for exercise_id, _ in checked] == ids
    assert [n for _, n in checked] == list(range(1, len(ids) + 1))
    assert 3 <= len(ids) <= 5
    for exercise_id, n in checked:
        check = next(i for i, s in enumerate(sources) if f'teaching.check("{exercise_id}"' in s)
        solution, answer, ask = cells[check - 1], cells[check - 2], cells[check - 3]
        assert solution.source == f'answer_{n} = teaching.solve("{exercise_id}", data) if show_solutions else answer_{n}'
        assert solution.metadata.get("tags") == ["solution"]
        assert answer.source.startswith(f"answer_{n} = None  # your answer: ")
        assert ask.source == f'teaching.ask("{exercise_id}", data)'


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_papermill_lists_the_parameters(name):
    import papermill

    parameters = papermill.inspect_notebook(str(FOLDER / f"{name}.ipynb"))
    assert {"corpus", "since", "show_solutions"} <= set(parameters)
    assert parameters["corpus"]["default"] == '""'
    assert all("../" not in str(p["default"]) for p in parameters.values()), "a default path relative to the notebook's folder"
    assert parameters["show_solutions"]["inferred_type_name"] == "bool"


# ---------------------------------------------------------------------------------------------- execution


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("analysis-cache")


def _run(name: str, out_dir: Path, cache_dir: Path, monkeypatch, parameters: dict) -> nbformat.NotebookNode:
    monkeypatch.setenv("ANALYSIS_CACHE", str(cache_dir))
    written = run_notebook(FOLDER / f"{name}.ipynb", out_dir=out_dir, parameters=parameters)
    assert written["html"].stat().st_size > 0
    return nbformat.read(str(written["ipynb"]), as_version=4)


def _assert_ran_cleanly(nb: nbformat.NotebookNode) -> None:
    outputs = [out for cell in _code(nb) for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    assert any("image/png" in out.get("data", {}) for out in outputs), "no figure was drawn"


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_runs_with_solutions_and_every_check_says_correct(name, tmp_path, cache_dir, monkeypatch):
    nb = _run(name, tmp_path, cache_dir, monkeypatch, {"show_solutions": True})
    _assert_ran_cleanly(nb)
    printed = _stream_text(nb)
    for exercise_id in teaching.list_exercises(name)["id"]:
        assert f"Worked answer to {exercise_id}: " in printed, exercise_id  # the instructor's copy shows how
        assert f"{exercise_id}: right.\n" in printed, exercise_id
    assert "not yet" not in printed and "cannot be checked" not in printed and "none on this corpus" not in printed


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_runs_unanswered_on_another_corpus(name, tmp_path, cache_dir, monkeypatch):
    # b.txt is an interview, c.txt is Russian (not scored): the notebook must still run top to bottom.
    nb = _run(name, tmp_path, cache_dir, monkeypatch, {"corpus": str(PROJECT / "tests" / "fixtures" / "score_corpus")})
    _assert_ran_cleanly(nb)
    printed = _stream_text(nb)
    for exercise_id in teaching.list_exercises(name)["id"]:
        assert f"{exercise_id}: not yet: no answer." in printed, exercise_id
    assert ": right." not in printed and "Worked answer" not in printed  # the student's copy shows no answer


@pytest.mark.slow
def test_sentiment_notebook_runs_where_the_human_ratings_are_absent(tmp_path, cache_dir, monkeypatch):
    nb = _run("02_sentiment_and_its_pitfalls", tmp_path, cache_dir, monkeypatch,
              {"show_solutions": True, "nyt_ratings": str(tmp_path / "absent.txt")})
    _assert_ran_cleanly(nb)
    assert "human ratings not found" in _stream_text(nb)


# ---------------------------------------------------------------------------------------------- the teaching suite


@pytest.mark.slow
def test_the_teaching_suite_runs_from_any_folder_with_a_student_and_an_instructor_copy(tmp_path, cache_dir, monkeypatch):
    from analysis.report import run_suite

    monkeypatch.chdir(tmp_path)  # far from the notebooks: the suite is found by name, the notebooks from its folder
    result = run_suite("teaching", corpus=str(PROJECT / "seeds"), out=tmp_path / "reports", jobs=2, cache=cache_dir, progress=False)
    assert result.ok, result.reports[["name", "status", "error"]]
    pages = {row.name: Path(row.html).read_text(encoding="utf-8") for row in result.reports.itertuples()}
    assert len(pages) == 6
    for number, name in enumerate(NOTEBOOKS, start=1):
        slug = name.split("_", 1)[1].replace("_", "-")
        student, instructor = pages[f"teaching-{number}-{slug}"], pages[f"teaching-{number}-{slug}-instructor"]
        for exercise_id in teaching.list_exercises(name)["id"]:
            assert f"{exercise_id}: not yet: no answer." in student and f"Worked answer to {exercise_id}: " not in student
            assert f"Worked answer to {exercise_id}: " in instructor and f"{exercise_id}: right." in instructor
        assert ": not yet:" not in instructor
        assert all(">teaching</span>" in page for page in (student, instructor))  # the code cells are shown
        # each copy ends with its answers, kept as a table: every exercise open in the student's, right in the instructor's
        kept = {copy: pd.read_csv(result.folder / f"teaching-{number}-{slug}{copy}" / "tables" / "answers.csv") for copy in ("", "-instructor")}
        assert kept[""]["id"].tolist() == teaching.list_exercises(name)["id"].tolist()
        assert not kept[""]["right"].any() and kept["-instructor"]["right"].all()
    assert not [w for w in result.warnings if "tables_dir" in w]  # every teaching notebook keeps its tables


@pytest.mark.slow
@pytest.mark.parametrize("cwd", ["project root", "notebooks/teaching"])
def test_runs_with_papermill_from_the_project_root_or_its_own_folder(cwd, tmp_path, cache_dir, monkeypatch):
    import papermill

    monkeypatch.setenv("ANALYSIS_CACHE", str(cache_dir))
    out = tmp_path / "executed.ipynb"
    papermill.execute_notebook(str(FOLDER / "01_tokens_and_sentences.ipynb"), str(out), parameters={"show_solutions": True},
                               cwd=str(PROJECT if cwd == "project root" else FOLDER), progress_bar=False, kernel_name="python3")
    nb = nbformat.read(str(out), as_version=4)
    _assert_ran_cleanly(nb)
    assert "tokens.1: right." in _stream_text(nb)  # the default corpus is the seeds, whichever folder the kernel started in
