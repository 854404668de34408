"""The suite file and the parameter checks: analysis/report/suite.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from report_helpers import FIXTURE, ROOT, write_suite

from analysis.report import SuiteError, plan_reports, read_suite
from analysis.report.suite import COLUMN_PARAMETERS, check_since, format_choices

NOTEBOOKS = ROOT / "notebooks"


def test_default_suite_lists_the_agreed_reports():
    suite = read_suite(ROOT / "notebooks" / "reports.toml")
    rows = [(e.name, e.notebook.name, dict(e.parameters), e.per, e.parameter, e.min_mentions, e.top, e.by, e.timeout) for e in suite.entries]
    assert rows == [
        ("corpus_overview", "corpus_overview.ipynb", {}, None, None, 1, None, None, None),
        ("document_report", "document_report.ipynb", {}, "document", "doc_id", 1, 20, "actor_mentions", None),
        ("framing", "framing.ipynb", {}, None, None, 1, None, None, None),  # the run's scheme (report --scheme, else eurasia)
        ("actor_report", "actor_report.ipynb", {}, "actor", "actor", 2, None, None, None),
        ("compare", "compare.ipynb", {"group_by": "genre"}, None, None, 1, None, None, None),
        ("validation", "validation.ipynb", {}, None, None, 1, None, None, None),
    ]
    assert all(e.notebook.parent == ROOT / "notebooks" for e in suite.entries)
    assert (suite.frames, suite.actors, suite.documents) == (None, None, None)  # the defaults: eurasia, the shipped actor list, the top N


def test_default_suite_notebooks_declare_the_contract_parameters():
    import papermill

    for entry in read_suite(ROOT / "notebooks" / "reports.toml").entries:
        declared = papermill.inspect_notebook(str(entry.notebook))
        runner = ("corpus", "since", "tables_dir", "scores_dir", *COLUMN_PARAMETERS)  # the column options: a notebook run alone reads the corpus with them
        wanted = {*runner, *entry.parameters, *([entry.parameter] if entry.per else [])}
        assert wanted <= set(declared), f"{entry.notebook.name} lacks {sorted(wanted - set(declared))}"
        assert all(declared[p]["inferred_type_name"] == "str" for p in runner), entry.notebook.name


def test_committed_notebooks_are_clean():
    for path in sorted(NOTEBOOKS.rglob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(not c.get("outputs") for c in code), f"{path} is committed with outputs"
        assert any("parameters" in c.get("metadata", {}).get("tags", []) for c in code), f"{path} has no parameters cell"
        for cell in code:
            lines = "".join(cell["source"]).splitlines()
            assert not any(line.lstrip().startswith(("def ", "class ")) for line in lines), f"{path} defines code"


@pytest.mark.parametrize(
    "text, message",
    [
        ('notebook_dir = "x"\n[[report]]\nnotebook = "doc"\n', "unknown key 'notebook_dir'; valid keys: notebooks, scheme, frames, actors, documents, report"),
        ("[[report]]\nnotebook = 'doc'\npre = 'document'\n", "unknown key 'pre'; valid keys: notebook, name, parameters"),
        ("[[report]]\nnotebook = 'doc'\nper = 'sentence'\n", "per = 'sentence' is not one of 'document', 'actor'"),
        ("[[report]]\nnotebook = 'doc'\nper = 'document'\nmin_mentions = 2\n", "min_mentions applies only to per = \"actor\""),
        ("[[report]]\nnotebook = 'actor'\nper = 'actor'\nmin_mentions = 0\n", "min_mentions must be a whole number of at least 1; got 0"),
        ("[[report]]\nnotebook = 'doc'\nparameters = { corpus = 'x' }\n", "parameter 'corpus' is set by the runner"),
        ("[[report]]\nnotebook = 'doc'\nparameters = { gazetteer = 'x.csv' }\n", "parameter 'gazetteer' is set by the runner"),  # actors = at the top
        ("[[report]]\nnotebook = 'doc'\nparameters = { doc_id = 'b' }\ngrid = { doc_id = ['c'] }\n", "parameter 'doc_id' is given twice"),
        ("[[report]]\nnotebook = 'frames'\ngrid = { scheme = 'eurasia' }\n", "grid must be a table of non-empty lists"),
        ("[[report]]\nnotebook = 'doc'\n[[report]]\nnotebook = 'doc'\n", "report name 'doc' is used twice"),
        ("[[report]]\nnotebook = 'doc'\nname = '../up'\n", "name '../up' is not safe as a file name"),
        ("[[report]]\nname = 'x'\n", "needs notebook = \"NAME\""),
        ("notebooks = 'nb'\n", "lists no \\[\\[report\\]\\] tables"),
        ("[[report]\n", "is not valid TOML"),
        ("[[report]]\nnotebook = 'doc'\ntop = 5\n", "top applies only to per = \"document\" or per = \"actor\""),
        ("[[report]]\nnotebook = 'doc'\nper = 'document'\ntop = 0\n", "top must be a whole number of at least 1 \\(pages made for the top N\\); got 0"),
        ("[[report]]\nnotebook = 'doc'\nper = 'document'\nby = 'length'\n", "by = 'length' is not one of 'actor_mentions', 'quotes', 'frame_hits', 'tone', 'words'"),
        ("[[report]]\nnotebook = 'actor'\nper = 'actor'\nby = 'quotes'\n", "by applies only to per = \"document\" \\(actors are ranked by mentions\\)"),
        ("[[report]]\nnotebook = 'doc'\ntimeout = 0\n", "timeout must be a positive number of seconds \\(e.g. 1800\\); got 0"),
        ("[[report]]\nnotebook = 'doc'\ntimeout = '1h'\n", "timeout must be a positive number of seconds"),
    ],
)
def test_suite_file_problems_are_refused_with_the_valid_choices(tmp_path, notebooks, text, message):
    with pytest.raises(SuiteError, match=message):
        read_suite(write_suite(tmp_path, 'notebooks = "nb"\n' + text if "notebooks" not in text else text))


def test_missing_suite_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.toml"):
        read_suite(tmp_path / "nope.toml")


def test_a_dictionary_file_in_the_suite_is_read_from_the_suite_folder(tmp_path, notebooks, scored):
    shutil.copy(ROOT / "tests" / "fixtures" / "framing" / "small.dic", tmp_path / "small.dic")
    suite = read_suite(write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "frames"\nparameters = { scheme = "small.dic" }\n'))
    [planned] = plan_reports(suite, scored, corpus=FIXTURE)
    assert planned.parameters["scheme"] == str((tmp_path / "small.dic").resolve())


def test_a_long_list_of_choices_is_cut_and_counted():
    assert format_choices([f"d{i}" for i in range(25)]) == "d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, ... (25 in all)"


@pytest.mark.parametrize("since, message", [("28.11.2025", "not a date written YYYY-MM-DD"), ("2025-02-30", "not a day of the calendar"),
                                            ("2025-1-5", "not a date written YYYY-MM-DD")])
def test_since_format_is_checked(since, message):
    with pytest.raises(SuiteError, match=message):
        check_since(since)


def test_the_default_suite_is_the_one_in_the_working_directory_else_the_shipped_one(tmp_path, monkeypatch):
    from analysis.report import default_suite, shipped_notebooks

    monkeypatch.chdir(tmp_path)
    assert default_suite() == shipped_notebooks() / "reports.toml"
    assert {e.name for e in read_suite().entries} >= {"corpus_overview", "document_report", "validation"}
    (tmp_path / "reports.toml").write_text('notebooks = "nb"\n[[report]]\nnotebook = "mine"\n', encoding="utf-8")
    assert default_suite() == Path("reports.toml")


def test_show_code_is_read_per_entry_and_must_be_a_boolean(tmp_path, notebooks):
    suite = read_suite(write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n'
                                             '[[report]]\nnotebook = "overview"\nname = "overview-code"\nshow_code = true\n'))
    assert [(e.name, e.show_code) for e in suite.entries] == [("overview", False), ("overview-code", True)]
    with pytest.raises(SuiteError, match="report #1: show_code must be true or false; got 'yes'"):
        read_suite(write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\nshow_code = "yes"\n'))


def test_several_suites_are_read_as_one_each_with_its_own_notebooks(tmp_path, notebooks):
    other = tmp_path / "other"
    shutil.copytree(notebooks, other / "books")
    (other / "more.toml").write_text('notebooks = "books"\n[[report]]\nnotebook = "compare"\n', encoding="utf-8")
    first = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n')
    suite = read_suite([first, other / "more.toml"])
    assert [(e.name, e.notebook) for e in suite.entries] == [("overview", notebooks / "overview.ipynb"), ("compare", other / "books" / "compare.ipynb")]
    assert suite.path == first.resolve() and suite.files == (first.resolve(), (other / "more.toml").resolve())
    with pytest.raises(SuiteError, match="report name 'overview' is used in more than one of the suites"):
        read_suite([first, first.rename(tmp_path / "again.toml"), write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n')])
    with pytest.raises(SuiteError, match="--suite needs at least one suite file or shipped suite name \\(reports, teaching\\)"):
        read_suite([])


def test_shipped_suites_are_found_by_name_from_any_folder(tmp_path, monkeypatch):
    from analysis.report import shipped_notebooks
    from analysis.report.suite import find_suite

    monkeypatch.chdir(tmp_path)
    assert find_suite("teaching") == shipped_notebooks() / "teaching.toml"
    assert find_suite("reports") == shipped_notebooks() / "reports.toml"
    (tmp_path / "teaching").write_text('notebooks = "nb"\n', encoding="utf-8")  # a file of that name wins
    assert find_suite("teaching") == Path("teaching")
    assert find_suite("mine") == Path("mine")  # neither: the path, which read_suite reports as missing
    with pytest.raises(FileNotFoundError, match="suite file .mine. does not exist .*or the name of a shipped suite: reports, teaching"):
        read_suite("mine")
    (tmp_path / "teaching").unlink()
    both = read_suite(["reports", "teaching"])
    assert [e.name for e in both.entries][:6] == [e.name for e in read_suite("reports").entries]
    assert len(both.entries) == 12


def test_the_teaching_suite_makes_a_student_and_an_instructor_copy_of_each_notebook_with_its_code():
    suite = read_suite(NOTEBOOKS / "teaching.toml")
    rows = [(e.name, e.notebook.relative_to(NOTEBOOKS).as_posix(), dict(e.parameters), e.show_code, e.per) for e in suite.entries]
    assert rows == [
        (f"teaching-{n}-{slug}{copy}", f"teaching/0{n}_{slug.replace('-', '_')}.ipynb", {"show_solutions": True} if copy else {}, True, None)
        for n, slug in [(1, "tokens-and-sentences"), (2, "sentiment-and-its-pitfalls"), (3, "dictionaries-and-framing")]
        for copy in ("", "-instructor")
    ]
    assert sorted(p.relative_to(NOTEBOOKS).as_posix() for p in (NOTEBOOKS / "teaching").glob("*.ipynb")) == sorted({r[1] for r in rows})


# --------------------------------------------------------------------------- the run's settings: scheme, frames, actors, documents

CLUBS = ROOT / "tests" / "fixtures" / "actors" / "clubs.csv"
SMALL_DIC = ROOT / "tests" / "fixtures" / "framing" / "small.dic"


def test_the_suite_settings_are_read_with_files_relative_to_the_suite(tmp_path, notebooks):
    (tmp_path / "lists").mkdir()
    shutil.copy(CLUBS, tmp_path / "lists" / "clubs.csv")
    shutil.copy(SMALL_DIC, tmp_path / "lists" / "small.dic")
    suite = read_suite(write_suite(tmp_path, 'notebooks = "nb"\nscheme = "generic:model"\nactors = "lists/clubs.csv"\ndocuments = ["b", "c"]\n'
                                             '[[report]]\nnotebook = "frames"\n'))
    assert (suite.frames, suite.actors, suite.documents) == ("generic:model", str(tmp_path / "lists" / "clubs.csv"), ("b", "c"))
    assert read_suite(write_suite(tmp_path, 'notebooks = "nb"\nframes = "lists/small.dic"\nactors = "default"\n[[report]]\nnotebook = "frames"\n')
                      ).frames == str(tmp_path / "lists" / "small.dic")
    assert read_suite(write_suite(tmp_path, 'notebooks = "nb"\nscheme = "eurasia:dictionary"\n[[report]]\nnotebook = "frames"\n')).frames == "eurasia"


@pytest.mark.parametrize(
    "settings, message",
    [
        ('scheme = "nordic"', "scheme 'nordic' is not a shipped frame scheme; valid: eurasia, generic, policy, eurasia:model"),
        ('scheme = "policy:combined"', "scheme 'policy:combined': the scheme 'policy' has no learned model"),
        ('scheme = "small.dic"', "is not a shipped frame scheme \\(for a dictionary file use frames = FILE\\)"),
        ('scheme = "generic"\nframes = "small.dic"', "give scheme \\(a shipped scheme\\) or frames \\(a dictionary file\\), not both"),
        ('frames = "missing.yml"', "frames 'missing.yml': no such file .*; give the path of a frame dictionary file"),
        ('actors = "missing.csv"', "actors 'missing.csv': no such file .*; give the path of an actor list file"),
        ('actors = "suite.toml"', "actors 'suite.toml' cannot be read as an actor list"),
        ("documents = []", "documents must be a non-empty list of doc_ids"),
        ('documents = "b"', "documents must be a non-empty list of doc_ids"),
    ],
)
def test_bad_suite_settings_are_refused_naming_the_key_and_the_valid_choices(tmp_path, notebooks, settings, message):
    with pytest.raises(SuiteError, match=message):
        read_suite(write_suite(tmp_path, f'notebooks = "nb"\n{settings}\n[[report]]\nnotebook = "frames"\n'))
