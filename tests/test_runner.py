"""The report runner: suites, grids, parameter refusals, failures, reuse, atomicity, escaping, retries, --jobs.

The fixture corpus (tests/fixtures/runner/corpus) has three documents, named in
its manifest.csv, and these actor mentions (one gazetteer name each, counted by
hand from the texts):

    news/a (2025-11-01, news):      Azerbaijan x2, Kazakhstan x1   title: <script>alert('title')</script> Roadmap signed
    b      (2025-11-20, interview): Russia x2, Kazakhstan x1
    c      (no date, op-ed):        China x1

so the actors mentioned at least twice are azerbaijan (2), kazakhstan (2) and
russia (2), and since 2025-11-15 only b is left (russia 2, kazakhstan 1).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest

from analysis import report as runner
from analysis.__main__ import main
from analysis.cache import open_corpus
from analysis.report import KernelStartError, SuiteError, plan_reports, read_suite, run_suite, slugify

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "runner" / "corpus"
PARAMETERS = (
    'corpus: str = "../seeds"  # the corpus\n'
    'since: str = ""  # only documents since this day\n'
    'tables_dir: str = ""  # where tables go\n'
)
DOC_HASH = hashlib.sha256(b"news/a").hexdigest()[:8]


def _notebook(path: Path, parameters: str, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def _suite(folder: Path, text: str) -> Path:
    path = folder / "suite.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def scored(cache):
    return open_corpus(FIXTURE, cache=cache)


@pytest.fixture()
def notebooks(tmp_path):
    """Notebooks that declare the contract's parameters plus their own; never executed by the fast tests."""
    folder = tmp_path / "nb"
    _notebook(folder / "overview.ipynb", PARAMETERS + "top_n: int = 10  # rows\n", "print(corpus)")
    _notebook(folder / "doc.ipynb", PARAMETERS + 'doc_id: str = ""  # the document\n', "print(doc_id)")
    _notebook(folder / "actor.ipynb", PARAMETERS + 'actor: str = ""  # the actor\n', "print(actor)")
    _notebook(folder / "frames.ipynb", PARAMETERS + 'scheme: str = "eurasia"  # dictionary\nn_evidence: int = 3  # lines\n', "print(scheme)")
    _notebook(folder / "compare.ipynb", PARAMETERS + 'group_by: str = "genre"  # column\n', "print(group_by)")
    _notebook(folder / "bare.ipynb", 'corpus: str = ""  # the corpus\n', "print(corpus)")
    return folder


# --------------------------------------------------------------------------- suite files


def test_default_suite_lists_the_agreed_reports():
    suite = read_suite(ROOT / "reports.toml")
    rows = [(e.name, e.notebook.name, dict(e.parameters), e.per, e.parameter, e.min_mentions) for e in suite.entries]
    assert rows == [
        ("corpus_overview", "corpus_overview.ipynb", {}, None, None, 1),
        ("document_report", "document_report.ipynb", {}, "document", "doc_id", 1),
        ("framing", "framing.ipynb", {"scheme": "eurasia"}, None, None, 1),
        ("actor_report", "actor_report.ipynb", {}, "actor", "actor", 2),
        ("compare", "compare.ipynb", {"group_by": "genre"}, None, None, 1),
        ("validation", "validation.ipynb", {}, None, None, 1),
    ]
    assert all(e.notebook.parent == ROOT / "notebooks" for e in suite.entries)


def test_default_suite_notebooks_declare_the_contract_parameters():
    import papermill

    for entry in read_suite(ROOT / "reports.toml").entries:
        declared = papermill.inspect_notebook(str(entry.notebook))
        wanted = {"corpus", "since", "tables_dir", *entry.parameters, *([entry.parameter] if entry.per else [])}
        assert wanted <= set(declared), f"{entry.notebook.name} lacks {sorted(wanted - set(declared))}"
        assert all(declared[p]["inferred_type_name"] == "str" for p in ("corpus", "since", "tables_dir")), entry.notebook.name


@pytest.mark.parametrize(
    "text, message",
    [
        ('notebook_dir = "x"\n[[report]]\nnotebook = "doc"\n', "unknown key 'notebook_dir'; valid keys: notebooks, report"),
        ("[[report]]\nnotebook = 'doc'\npre = 'document'\n", "unknown key 'pre'; valid keys: notebook, name, parameters"),
        ("[[report]]\nnotebook = 'doc'\nper = 'sentence'\n", "per = 'sentence' is not one of 'document', 'actor'"),
        ("[[report]]\nnotebook = 'doc'\nper = 'document'\nmin_mentions = 2\n", "min_mentions applies only to per = \"actor\""),
        ("[[report]]\nnotebook = 'actor'\nper = 'actor'\nmin_mentions = 0\n", "min_mentions must be a whole number of at least 1; got 0"),
        ("[[report]]\nnotebook = 'doc'\nparameters = { corpus = 'x' }\n", "parameter 'corpus' is set by the runner"),
        ("[[report]]\nnotebook = 'doc'\nparameters = { doc_id = 'b' }\ngrid = { doc_id = ['c'] }\n", "parameter 'doc_id' is given twice"),
        ("[[report]]\nnotebook = 'frames'\ngrid = { scheme = 'eurasia' }\n", "grid must be a table of non-empty lists"),
        ("[[report]]\nnotebook = 'doc'\n[[report]]\nnotebook = 'doc'\n", "report name 'doc' is used twice"),
        ("[[report]]\nnotebook = 'doc'\nname = '../up'\n", "name '../up' is not safe as a file name"),
        ("[[report]]\nname = 'x'\n", "needs notebook = \"NAME\""),
        ("notebooks = 'nb'\n", "lists no \\[\\[report\\]\\] tables"),
        ("[[report]\n", "is not valid TOML"),
    ],
)
def test_suite_file_problems_are_refused_with_the_valid_choices(tmp_path, notebooks, text, message):
    with pytest.raises(SuiteError, match=message):
        read_suite(_suite(tmp_path, 'notebooks = "nb"\n' + text if "notebooks" not in text else text))


def test_missing_suite_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.toml"):
        read_suite(tmp_path / "nope.toml")


# --------------------------------------------------------------------------- planning


def test_grids_expand_to_one_report_per_document_actor_and_combination(tmp_path, notebooks, scored):
    suite = read_suite(_suite(tmp_path, """
notebooks = "nb"
[[report]]
notebook = "overview"
[[report]]
notebook = "doc"
per = "document"
[[report]]
notebook = "actor"
per = "actor"
min_mentions = 2
[[report]]
notebook = "frames"
grid = { scheme = ["eurasia", "generic"], n_evidence = [3, 5] }
"""))
    planned = plan_reports(suite, scored, corpus=FIXTURE)
    corpus = str(FIXTURE.resolve())
    assert [(p.name, {k: v for k, v in p.parameters.items() if k != "corpus"}) for p in planned] == [
        ("overview", {}),
        (f"doc-news_a-{DOC_HASH}", {"doc_id": "news/a"}),
        ("doc-b", {"doc_id": "b"}),
        ("doc-c", {"doc_id": "c"}),
        ("actor-azerbaijan", {"actor": "azerbaijan"}),
        ("actor-kazakhstan", {"actor": "kazakhstan"}),
        ("actor-russia", {"actor": "russia"}),
        ("frames-eurasia-3", {"scheme": "eurasia", "n_evidence": 3}),
        ("frames-eurasia-5", {"scheme": "eurasia", "n_evidence": 5}),
        ("frames-generic-3", {"scheme": "generic", "n_evidence": 3}),
        ("frames-generic-5", {"scheme": "generic", "n_evidence": 5}),
    ]
    assert {p.parameters["corpus"] for p in planned} == {corpus}
    assert all(p.tables for p in planned)
    assert [p.subject for p in planned[1:7]] == ["<script>alert('title')</script> Roadmap signed", "Trade talks", "Watching the route",
                                                 "2 mentions", "2 mentions", "2 mentions"]


def test_since_limits_the_grids_and_reaches_every_notebook(tmp_path, notebooks, cache):
    with pytest.warns(Warning, match="no date"):  # c has no date and is left out
        scored = open_corpus(FIXTURE, since="2025-11-15", cache=cache)
    suite = read_suite(_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "doc"\nper = "document"\n'
                                        '[[report]]\nnotebook = "actor"\nper = "actor"\nmin_mentions = 2\n'))
    planned = plan_reports(suite, scored, corpus=FIXTURE, since="2025-11-15")
    assert [p.name for p in planned] == ["doc-b", "actor-russia"]
    assert {p.parameters["since"] for p in planned} == {"2025-11-15"}


def test_only_keeps_entries_or_single_reports(tmp_path, notebooks, scored):
    suite = read_suite(_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n[[report]]\nnotebook = "doc"\nper = "document"\n'
                                        '[[report]]\nnotebook = "missing"\n'))
    assert [p.name for p in plan_reports(suite, scored, corpus=FIXTURE, only=["doc-b", "overview"])] == ["overview", "doc-b"]
    assert [p.name for p in plan_reports(suite, scored, corpus=FIXTURE, only=["doc"])] == [f"doc-news_a-{DOC_HASH}", "doc-b", "doc-c"]
    with pytest.raises(SuiteError, match=r"--only 'doc-zz': no such report; valid: overview, doc, missing, "):
        plan_reports(suite, scored, corpus=FIXTURE, only=["doc-zz"])
    with pytest.raises(SuiteError, match=r"missing: notebook .*missing.ipynb' does not exist; notebooks in .*: actor, bare, compare, doc"):
        plan_reports(suite, scored, corpus=FIXTURE)


@pytest.mark.parametrize(
    "entry, message",
    [
        ('notebook = "doc"\nparameters = { doc_id = "zz" }', "doc: doc_id = 'zz' is not a document of the corpus; valid: news/a, b, c"),
        ('notebook = "actor"\nparameters = { actor = "narnia" }', "actor = 'narnia' is not an actor mentioned in the corpus; valid: azerbaijan, kazakhstan, russia, china"),
        ('notebook = "compare"\nparameters = { group_by = "colour" }', "group_by = 'colour' is not a document column; valid: author, compound_mean, "),
        ('notebook = "frames"\ngrid = { scheme = ["eurasia", "nordic"] }', "scheme = 'nordic' is neither a shipped frame dictionary \\(eurasia, generic, policy\\) nor an existing"),
        ('notebook = "overview"\nparameters = { top = 5 }', "parameter 'top' is not declared in overview.ipynb; its parameters: top_n"),
        ('notebook = "overview"\nparameters = { top_n = "5" }', "parameter top_n = '5' is a str; overview.ipynb declares it int"),
        ('notebook = "overview"\nparameters = { top_n = true }', "parameter top_n = True is a bool; overview.ipynb declares it int"),
        ('notebook = "frames"\nparameters = { n_evidence = 2.5 }', "n_evidence = 2.5 is a float; frames.ipynb declares it int"),
        ('notebook = "overview"\nper = "document"', "parameter 'doc_id' is not declared in overview.ipynb"),
    ],
)
def test_parameters_are_refused_with_the_valid_choices(tmp_path, notebooks, scored, entry, message):
    suite = read_suite(_suite(tmp_path, f'notebooks = "nb"\n[[report]]\n{entry}\n'))
    with pytest.raises(SuiteError, match=message):
        plan_reports(suite, scored, corpus=FIXTURE)


def test_a_long_list_of_choices_is_cut_and_counted():
    assert runner._choices([f"d{i}" for i in range(25)]) == "d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, ... (25 in all)"


def test_since_needs_a_notebook_that_declares_it(tmp_path, notebooks, scored):
    suite = read_suite(_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "bare"\n'))
    assert [p.tables for p in plan_reports(suite, scored, corpus=FIXTURE)] == [False]  # no tables_dir: allowed, tables not kept
    with pytest.raises(SuiteError, match="bare.ipynb declares no 'since' parameter, so it cannot be limited to --since 2025-11-15"):
        plan_reports(suite, scored, corpus=FIXTURE, since="2025-11-15")


def test_a_dictionary_file_in_the_suite_is_read_from_the_suite_folder(tmp_path, notebooks, scored):
    shutil.copy(ROOT / "tests" / "fixtures" / "framing" / "small.dic", tmp_path / "small.dic")
    suite = read_suite(_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "frames"\nparameters = { scheme = "small.dic" }\n'))
    [planned] = plan_reports(suite, scored, corpus=FIXTURE)
    assert planned.parameters["scheme"] == str((tmp_path / "small.dic").resolve())


@pytest.mark.parametrize("since, message", [("28.11.2025", "not a date written YYYY-MM-DD"), ("2025-02-30", "not a day of the calendar"),
                                            ("2025-1-5", "not a date written YYYY-MM-DD")])
def test_since_format_is_checked(since, message):
    with pytest.raises(SuiteError, match=message):
        runner.check_since(since)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("002_9e9e8290c25e0c8d", "002_9e9e8290c25e0c8d"),
        ("kassym_jomart_tokayev", "kassym_jomart_tokayev"),
        ("news/2024/a.txt", "news_2024_a.txt-" + hashlib.sha256(b"news/2024/a.txt").hexdigest()[:8]),
        ("..", "x-" + hashlib.sha256(b"..").hexdigest()[:8]),
        ("a" * 70, "a" * 60 + "-" + hashlib.sha256(b"a" * 70).hexdigest()[:8]),
    ],
)
def test_slugify_keeps_safe_ids_and_hashes_changed_ones(value, expected):
    assert slugify(value) == expected


def test_names_equal_but_for_case_are_kept_apart():
    reports = [runner.PlannedReport(n, "doc", Path("doc.ipynb"), {"doc_id": n}, True) for n in ("doc-A", "doc-a", "doc-b")]
    names = [r.name for r in runner._deduplicate_names(reports)]
    assert names[2] == "doc-b" and names[0].startswith("doc-A-") and names[1].startswith("doc-a-")
    assert len({n.casefold() for n in names}) == 3


def test_cli_refusal_exits_2_and_runs_nothing(tmp_path, notebooks, cache, capsys):
    suite = _suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "doc"\nparameters = { doc_id = "zz" }\n')
    out = tmp_path / "out"
    status = main(["report", "--suite", str(suite), "--corpus", str(FIXTURE), "--out", str(out), "--cache", str(cache)])
    err = capsys.readouterr().err
    assert status == 2
    assert "doc_id = 'zz' is not a document of the corpus; valid: news/a, b, c" in err and "no report was run" in err
    assert not out.exists()


@pytest.mark.parametrize("args, message", [(["--since", "yesterday"], "--since 'yesterday' is not a date"), (["--jobs", "0"], "--jobs must be"),
                                           (["--corpus", "/nonexistent/corpus"], "/nonexistent/corpus")])
def test_cli_refuses_bad_options(tmp_path, notebooks, cache, capsys, args, message):
    suite = _suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n')
    base = {"--suite": str(suite), "--corpus": str(FIXTURE), "--out": str(tmp_path / "out"), "--cache": str(cache)}
    for i in range(0, len(args), 2):
        base[args[i]] = args[i + 1]
    assert main(["report", *[x for pair in base.items() for x in pair]]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- retries and atomicity (no kernel)


def _fake_execute(calls: list, fail: dict | None = None):
    """A stand-in for execute_notebook: copies the notebook to the output, or raises fail[call number]."""

    def execute(notebook, output, *, parameters, kernel_name="python3", kernel=None):
        calls.append((Path(notebook).stem, dict(parameters)))
        if fail and len(calls) in fail:
            raise fail[len(calls)]
        nbformat.write(nbformat.read(str(notebook), as_version=4), str(output))

    return execute


def _cell_error():
    import papermill

    return papermill.PapermillExecutionError(3, 2, "raise ValueError('boom')", "ValueError", "boom", ["ValueError: boom"])


def test_kernel_start_failure_is_retried_but_a_cell_error_is_not(tmp_path, notebooks, cache, monkeypatch):
    suite = _suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n[[report]]\nnotebook = "compare"\n')
    calls = []
    monkeypatch.setattr(runner, "execute_notebook", _fake_execute(calls, {1: KernelStartError("address in use"), 3: _cell_error()}))
    result = run_suite(suite, corpus=FIXTURE, out=tmp_path / "out", jobs=1, cache=cache, fresh_kernels=True)
    assert [c[0] for c in calls] == ["overview", "overview", "compare"]  # overview tried again, compare's cell error not
    table = result.reports.set_index("name")
    assert table.loc["overview", ["status", "attempts"]].tolist() == ["ok", 2]
    assert table.loc["compare", ["status", "attempts", "error"]].tolist() == ["failed", 1, "cell In [2] (#3): ValueError: boom"]
    assert not result.ok


def test_a_kernel_that_never_starts_fails_after_two_more_tries(tmp_path, notebooks, cache, monkeypatch):
    suite = _suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n')
    calls = []
    monkeypatch.setattr(runner, "execute_notebook", _fake_execute(calls, {n: KernelStartError("no kernel") for n in (1, 2, 3)}))
    result = run_suite(suite, corpus=FIXTURE, out=tmp_path / "out", jobs=1, cache=cache, fresh_kernels=True)
    assert len(calls) == 3
    assert result.reports[["status", "attempts"]].values.tolist() == [["failed", 3]]
    assert "KernelStartError: no kernel" in result.reports["error"][0]


def test_an_interrupted_run_changes_nothing_that_looks_complete(tmp_path, notebooks, cache, monkeypatch):
    suite = _suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "doc"\nper = "document"\n')
    out = tmp_path / "out"
    monkeypatch.setattr(runner, "execute_notebook", _fake_execute([]))
    first = run_suite(suite, corpus=FIXTURE, out=out, jobs=1, cache=cache, fresh_kernels=True)
    assert os.readlink(out / "latest") == f"runs/{first.run_id}"
    seen = {}

    def interrupted(notebook, output, **kwargs):
        if "doc_id" in kwargs["parameters"] and kwargs["parameters"]["doc_id"] == "b":
            # mid-run: the finished report sits inside the hidden partial run, nothing new looks complete
            seen["runs"] = sorted(p.name for p in (out / "runs").iterdir())
            seen["manifests"] = sorted(str(p.relative_to(out)) for p in out.rglob("manifest.json") if first.run_id not in str(p))
            raise KeyboardInterrupt
        nbformat.write(nbformat.read(str(notebook), as_version=4), str(output))

    monkeypatch.setattr(runner, "execute_notebook", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_suite(suite, corpus=FIXTURE, out=out, jobs=1, cache=cache, fresh_kernels=True, show_code=True)  # show_code: nothing reused
    assert len(seen["runs"]) == 2 and seen["runs"][0].startswith(".") and seen["runs"][0].endswith(".partial")
    assert seen["manifests"] == [f"runs/{seen['runs'][0]}/doc-news_a-{DOC_HASH}/manifest.json"]  # done, but inside the hidden run
    assert os.readlink(out / "latest") == f"runs/{first.run_id}"
    assert sorted(p.name for p in (out / "runs").iterdir()) == [first.run_id]  # the partial run was removed


def test_cli_interrupted_exits_130_and_keeps_latest(tmp_path, notebooks, cache, monkeypatch, capsys):
    suite = _suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n')
    out = tmp_path / "out"
    args = ["report", "--suite", str(suite), "--corpus", str(FIXTURE), "--out", str(out), "--cache", str(cache), "--jobs", "1", "--fresh-kernels"]
    monkeypatch.setattr(runner, "execute_notebook", _fake_execute([]))
    assert main(args) == 0
    before = os.readlink(out / "latest")
    monkeypatch.setattr(runner, "execute_notebook", _fake_execute([], {1: KeyboardInterrupt()}))
    assert main([*args, "--show-code"]) == 130
    assert "interrupted: this run was removed" in capsys.readouterr().err
    assert os.readlink(out / "latest") == before and len(list((out / "runs").iterdir())) == 1


def test_latest_that_is_not_a_symlink_is_refused(tmp_path, notebooks, cache):
    (tmp_path / "out" / "latest").mkdir(parents=True)
    suite = _suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n')
    with pytest.raises(SuiteError, match="is not a symlink"):
        run_suite(suite, corpus=FIXTURE, out=tmp_path / "out", cache=cache)


# --------------------------------------------------------------------------- real kernels


DOC_CELLS = (
    "import analysis\nimport matplotlib.pyplot as plt",
    "data = analysis.open_corpus(corpus, since=since or None)\n"
    'picked = data.docs.loc[data.docs["doc_id"] == doc_id, ["doc_id", "title", "genre"]]\n'
    "analysis.save_tables(tables_dir, picked=picked)\npicked",
    "plt.plot([1, 2], [2, 1]);",
)
ACTOR_CELLS = (
    "import analysis",
    "data = analysis.open_corpus(corpus, since=since or None)\n"
    'mentions = data.scores.actors.loc[data.scores.actors["actor"] == actor, ["doc_id", "actor", "surface"]]\n'
    "analysis.save_tables(tables_dir, mentions=mentions)\nmentions",
)


@pytest.mark.slow
def test_suite_runs_reports_marks_the_failure_and_reuses_on_rerun(tmp_path, cache, capsys):
    folder = tmp_path / "nb"
    _notebook(folder / "doc.ipynb", PARAMETERS + 'doc_id: str = ""  # the document\n', *DOC_CELLS)
    _notebook(folder / "actor.ipynb", PARAMETERS + 'actor: str = ""  # the actor\n', *ACTOR_CELLS)
    _notebook(folder / "broken.ipynb", PARAMETERS, "x = 1", "raise ValueError('boom ' + str(x))")
    suite = _suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "doc"\nper = "document"\n'
                             '[[report]]\nnotebook = "actor"\nper = "actor"\nmin_mentions = 2\n[[report]]\nnotebook = "broken"\n')
    out = tmp_path / "out"
    args = ["report", "--suite", str(suite), "--corpus", str(FIXTURE), "--out", str(out), "--cache", str(cache), "--jobs", "1"]
    assert main(args) == 1
    captured = capsys.readouterr()
    # cells: parameters (In [1]), injected parameters (In [2]), x = 1 (In [3]), the raise (In [4], index 3)
    assert "broken: failed: cell In [4] (#3): ValueError: boom 1" in captured.err
    latest = out / "latest"
    names = [f"doc-news_a-{DOC_HASH}", "doc-b", "doc-c", "actor-azerbaijan", "actor-kazakhstan", "actor-russia", "broken"]
    assert sorted(p.name for p in latest.iterdir()) == sorted([*names, "index.html", "run.json"])
    # every report: notebook, page, manifest; the tables its notebook saved, checked against the fixture by hand
    for name in names:
        assert {p.name for p in (latest / name).iterdir()} >= {f"{name}.ipynb", f"{name}.html", "manifest.json"}
    assert (latest / "doc-b" / "tables" / "picked.csv").read_text(encoding="utf-8").splitlines() == ["doc_id,title,genre", "b,Trade talks,interview"]
    assert (latest / "actor-azerbaijan" / "tables" / "mentions.csv").read_text(encoding="utf-8").splitlines() == [
        "doc_id,actor,surface", "news/a,azerbaijan,Azerbaijan", "news/a,azerbaijan,Azerbaijan"]
    manifest = json.loads((latest / "doc-b" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "ok" and manifest["tables"] == ["picked.csv"]
    assert manifest["parameters"]["doc_id"] == "b" and manifest["parameters"]["corpus"] == str(FIXTURE.resolve())
    assert manifest["inputs"]["corpus_key"] and manifest["resources"]["frames"]["name"] == "eurasia"
    assert manifest["package"]["version"] and manifest["environment"]["papermill"]
    failed = json.loads((latest / "broken" / "manifest.json").read_text(encoding="utf-8"))
    assert failed["status"] == "failed"
    assert (failed["error"]["ename"], failed["error"]["evalue"], failed["error"]["exec_count"]) == ("ValueError", "boom 1", 4)
    # self-contained pages; the script in the title is shown as text, in the report and in the index
    page = (latest / f"doc-news_a-{DOC_HASH}" / f"doc-news_a-{DOC_HASH}.html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in page and "alert('title')</script>" not in page and "&lt;script&gt;" in page
    assert "src=\"http" not in page and "href=\"http" not in page
    index = (latest / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in index and "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; Roadmap signed" in index
    assert f'href="doc-news_a-{DOC_HASH}/doc-news_a-{DOC_HASH}.html"' in index and 'href="doc-b/tables/picked.csv"' in index
    assert "cell In [4] (#3): ValueError: boom 1" in index
    assert "url=latest/index.html" in (out / "index.html").read_text(encoding="utf-8")
    first = os.readlink(latest)

    # again, nothing changed: every successful report is reused, the failed one is run again
    assert main(args) == 1
    assert "reused 6 of 7 reports: inputs unchanged" in capsys.readouterr().out
    assert os.readlink(latest) != first
    assert (latest / "doc-b" / "doc-b.html").stat().st_ino == (out / first / "doc-b" / "doc-b.html").stat().st_ino  # hard link
    assert json.loads((latest / "doc-b" / "manifest.json").read_text(encoding="utf-8"))["reused_from"] == f"{Path(first).name}/doc-b"
    assert json.loads((latest / "broken" / "manifest.json").read_text(encoding="utf-8"))["reused_from"] is None


@pytest.mark.slow
def test_changed_notebook_parameter_or_corpus_file_is_recomputed(tmp_path, cache):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    folder = tmp_path / "nb"
    _notebook(folder / "one.ipynb", PARAMETERS + "n: int = 1  # a number\n", "print('n is', n)")
    _notebook(folder / "two.ipynb", PARAMETERS, "print('two')")
    suite = 'notebooks = "nb"\n[[report]]\nnotebook = "one"\nparameters = {{ n = {n} }}\n[[report]]\nnotebook = "two"\n'
    out = tmp_path / "out"

    def run(n=1):
        return run_suite(_suite(tmp_path, suite.format(n=n)), corpus=corpus, out=out, jobs=1, cache=cache, fresh_kernels=True)

    assert run().n_reused == 0
    second = run()
    assert (second.n_reused, second.n_failed) == (2, 0) and "reused 2 of 2 reports: inputs unchanged" in second.summary()
    _notebook(folder / "two.ipynb", PARAMETERS, "print('two, changed')")
    third = run(n=2)  # one's parameter and two's notebook changed
    assert third.reports["reused"].tolist() == [False, False]
    assert "n is 2" in (third.folder / "one" / "one.html").read_text(encoding="utf-8")
    assert run(n=2).n_reused == 2
    (corpus / "c.txt").write_text("China and Russia are watching the route closely.\n", encoding="utf-8")
    assert run(n=2).n_reused == 0


@pytest.mark.slow
def test_kernel_that_dies_before_the_first_cell_is_started_again(tmp_path, notebooks, cache, monkeypatch):
    from nbclient import NotebookClient

    original = NotebookClient.start_new_kernel  # papermill uses the synchronous setup_kernel
    calls = []

    def flaky(self, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return original(self, **kwargs)

    monkeypatch.setattr(NotebookClient, "start_new_kernel", flaky)
    suite = _suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n')
    result = run_suite(suite, corpus=FIXTURE, out=tmp_path / "out", jobs=1, cache=cache, fresh_kernels=True)
    assert result.reports[["status", "attempts"]].values.tolist() == [["ok", 2]]
    assert len(calls) == 2


@pytest.mark.slow
def test_warm_kernel_is_reset_between_notebooks(tmp_path, cache):
    folder = tmp_path / "nb"
    warn = "import analysis, pandas as pd\nanalysis.select_documents(pd.DataFrame({'doc_id': ['x'], 'date': [None]}), since='2025-01-01');"
    plot = "import matplotlib.pyplot as plt\nplt.plot([1, 2], [2, 1]);"
    state = ("import os, json, matplotlib\nprint(json.dumps(['leak' in globals(), pd.get_option('display.max_rows'), matplotlib.is_interactive(), "
             "matplotlib.rcParams['lines.linewidth'], matplotlib.rcParams['figure.dpi'], os.environ.get('RUNNER_LEAK'), os.getcwd()]))")
    _notebook(folder / "a.ipynb", PARAMETERS, warn, plot, state,
              "leak = 1\npd.set_option('display.max_rows', 3)\nmatplotlib.rcParams['lines.linewidth'] = 9\n"
              "os.environ['RUNNER_LEAK'] = '1'\nos.chdir('/')")
    _notebook(folder / "b.ipynb", PARAMETERS, warn, plot, state)
    suite = _suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "a"\n[[report]]\nnotebook = "b"\n')
    result = run_suite(suite, corpus=FIXTURE, out=tmp_path / "out", jobs=1, cache=cache)
    assert result.ok
    outputs = {}
    for name in ("a", "b"):
        code = [c for c in nbformat.read(result.folder / name / f"{name}.ipynb", as_version=4).cells if c.cell_type == "code"]
        outputs[name] = code
        assert [c.execution_count for c in code] == list(range(1, len(code) + 1))  # as in a new kernel
    streams = [{o.name: o.text for o in c.outputs if o.output_type == "stream"} for c in outputs["b"]]
    assert "have no date" in streams[2]["stderr"]  # the warning a showed is shown by b too
    assert [o.output_type for o in outputs["b"][3].outputs] == ["display_data"] and "image/png" in outputs["b"][3].outputs[0].data
    # b sees what a saw before a changed anything: a new kernel's state (pandas and matplotlib defaults, inline backend)
    first = json.loads({o.name: o.text for o in outputs["a"][4].outputs if o.output_type == "stream"}["stdout"])
    assert json.loads(streams[4]["stdout"]) == first == [False, 60, True, 1.5, 100.0, None, str(folder.resolve())]
    assert "Session/line number" not in json.dumps([c.outputs for c in outputs["b"]])


@pytest.mark.slow
def test_two_jobs_run_reports_in_two_worker_processes(tmp_path, cache):
    folder = tmp_path / "nb"
    _notebook(folder / "doc.ipynb", PARAMETERS + 'doc_id: str = ""  # the document\n',
              "import os, time\ntime.sleep(0.5)\nprint('worker', os.getppid())")
    suite = _suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "doc"\nper = "document"\n'
                             '[[report]]\nnotebook = "doc"\nname = "again"\nper = "document"\n')
    result = run_suite(suite, corpus=FIXTURE, out=tmp_path / "out", jobs=2, cache=cache)
    assert result.ok and len(result.reports) == 6
    workers = set()
    for name in result.reports["name"]:
        executed = nbformat.read(result.folder / name / f"{name}.ipynb", as_version=4)
        text = "".join(o.get("text", "") for c in executed.cells if c.cell_type == "code" for o in c.outputs)
        workers.add(text.split("worker", 1)[1].split()[0])
    assert len(workers) == 2 and str(os.getpid()) not in workers


@pytest.mark.slow
def test_relative_out_folder_keeps_tables_beside_their_report(tmp_path, monkeypatch):
    # Kernels run in the notebook's folder, so a relative --out must not send tables there.
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell('corpus = ""\nsince = ""\ntables_dir = ""', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import pandas as pd, analysis\nanalysis.save_tables(tables_dir, one=pd.DataFrame({'a': [1]}))"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, notebooks / "tiny.ipynb")
    (tmp_path / "suite.toml").write_text('notebooks = "nb"\n\n[[report]]\nnotebook = "tiny"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    assert main(["report", "--suite", "suite.toml", "--corpus", str(FIXTURE), "--out", "out", "--jobs", "1", "--fresh-kernels"]) == 0
    assert (tmp_path / "out" / "latest" / "tiny" / "tables" / "one.csv").is_file()
    assert not (notebooks / "out").exists()


def test_prune_runs_keeps_the_newest_and_the_latest(tmp_path):
    runs = tmp_path / "runs"
    for run_id in ("20260101T000000Z-a", "20260102T000000Z-b", "20260103T000000Z-c", "20260104T000000Z-d"):
        (runs / run_id).mkdir(parents=True)
        (runs / run_id / "run.json").write_text("{}", encoding="utf-8")
    (runs / ".20260105T000000Z-e.partial").mkdir()  # a run being written: never touched
    (runs / "20260106T000000Z-f").mkdir()  # no run.json: not a complete run, not touched
    os.symlink(Path("runs") / "20260102T000000Z-b", tmp_path / "latest", target_is_directory=True)
    deleted = runner.prune_runs(tmp_path, keep=1)
    assert [p.name for p in deleted] == ["20260101T000000Z-a", "20260103T000000Z-c"]
    assert sorted(p.name for p in runs.iterdir()) == [".20260105T000000Z-e.partial", "20260102T000000Z-b", "20260104T000000Z-d", "20260106T000000Z-f"]
    with pytest.raises(ValueError, match="keep must be a whole number of runs, at least 1; got 0"):
        runner.prune_runs(tmp_path, keep=0)


def test_cli_refuses_keep_below_one(tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path / "out"), "--keep", "0"]) == 2
    assert "--keep must be at least 1" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
