"""A whole run: reports, tables, manifests, index, failure, reuse (analysis/report/run.py).

The fixture corpus and its hand-counted actor mentions are described in tests/report_helpers.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from report_helpers import DOC_HASH, FIXTURE, PARAMETERS, make_notebook, write_suite

from analysis.__main__ import main

DOC_CELLS = (
    "import analysis\nimport matplotlib.pyplot as plt",
    "data = analysis.open_corpus(corpus, since=since or None)\n"
    'picked = data.docs.loc[data.docs["doc_id"] == doc_id, ["doc_id", "title", "genre"]]\n'
    "analysis.outputs.save_tables(tables_dir, picked=picked)\npicked",
    "plt.plot([1, 2], [2, 1]);",
)
ACTOR_CELLS = (
    "import analysis",
    "data = analysis.open_corpus(corpus, since=since or None)\n"
    'mentions = data.scores.actors.loc[data.scores.actors["actor"] == actor, ["doc_id", "actor", "surface"]]\n'
    "analysis.outputs.save_tables(tables_dir, mentions=mentions)\nmentions",
)


@pytest.mark.slow
def test_suite_runs_reports_marks_the_failure_and_reuses_on_rerun(tmp_path, cache, capsys):
    folder = tmp_path / "nb"
    make_notebook(folder / "doc.ipynb", PARAMETERS + 'doc_id: str = ""  # the document\n', *DOC_CELLS)
    make_notebook(folder / "actor.ipynb", PARAMETERS + 'actor: str = ""  # the actor\n', *ACTOR_CELLS)
    make_notebook(folder / "broken.ipynb", PARAMETERS, "x = 1", "raise ValueError('boom ' + str(x))")
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "doc"\nper = "document"\n'
                                  '[[report]]\nnotebook = "actor"\nper = "actor"\nmin_mentions = 2\n[[report]]\nnotebook = "broken"\n')
    out = tmp_path / "out"
    args = ["report", "--suite", str(suite), "--corpus", str(FIXTURE), "--out", str(out), "--cache", str(cache), "--jobs", "1"]
    assert main(args) == 1
    captured = capsys.readouterr()
    # cells: parameters (In [1]), injected parameters (In [2]), x = 1 (In [3]), the raise (In [4], index 3)
    assert "broken: failed: cell In [4] (#3): ValueError: boom 1" in captured.err
    latest = out / "latest"
    names = [f"doc-news_a-{DOC_HASH}", "doc-b", "doc-c", "actor-azerbaijan", "actor-kazakhstan", "actor-russia", "broken"]
    assert sorted(p.name for p in latest.iterdir()) == sorted([*names, "index.html", "run.json", "documents.html", "documents.csv", "actors.html", "actors.csv"])
    # every document and actor is listed, with a link to its report
    documents = (latest / "documents.html").read_text(encoding="utf-8")
    assert documents.count('">report</a>') == 3 and f'href="doc-news_a-{DOC_HASH}/doc-news_a-{DOC_HASH}.html"' in documents
    actors = (latest / "actors.csv").read_text(encoding="utf-8").splitlines()
    assert actors == ["actor,n_mentions,n_docs", "azerbaijan,2,1", "kazakhstan,2,2", "russia,2,1", "china,1,1"]  # counted by hand
    assert (latest / "actors.html").read_text(encoding="utf-8").count('">report</a>') == 3  # china has no report (1 mention)
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
    first = os.readlink(latest)
    top = (out / "index.html").read_text(encoding="utf-8")  # the same page, its links into the run's folder
    assert f'href="{first}/doc-news_a-{DOC_HASH}/doc-news_a-{DOC_HASH}.html"' in top and "cell In [4] (#3): ValueError: boom 1" in top

    # again, nothing changed: every successful report is reused, the failed one is run again
    assert main(args) == 1
    assert "reused 6 of 7 reports: inputs unchanged" in capsys.readouterr().out
    assert os.readlink(latest) != first
    assert (latest / "doc-b" / "doc-b.html").stat().st_ino == (out / first / "doc-b" / "doc-b.html").stat().st_ino  # hard link
    assert json.loads((latest / "doc-b" / "manifest.json").read_text(encoding="utf-8"))["reused_from"] == f"{Path(first).name}/doc-b"
    assert json.loads((latest / "broken" / "manifest.json").read_text(encoding="utf-8"))["reused_from"] is None


@pytest.mark.slow
def test_relative_out_folder_keeps_tables_beside_their_report(tmp_path, monkeypatch):
    # Kernels run in the notebook's folder, so a relative --out must not send tables there.
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell('corpus = ""\nsince = ""\ntables_dir = ""', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import pandas as pd, analysis\nanalysis.outputs.save_tables(tables_dir, one=pd.DataFrame({'a': [1]}))"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, notebooks / "tiny.ipynb")
    (tmp_path / "suite.toml").write_text('notebooks = "nb"\n\n[[report]]\nnotebook = "tiny"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
    assert main(["report", "--suite", "suite.toml", "--corpus", str(FIXTURE), "--out", "out", "--jobs", "1", "--fresh-kernels"]) == 0
    assert (tmp_path / "out" / "latest" / "tiny" / "tables" / "one.csv").is_file()
    assert not (notebooks / "out").exists()


@pytest.mark.slow
@pytest.mark.parametrize("options", [["--jobs", "1"], ["--jobs", "2", "--fresh-kernels"]])
def test_the_cache_given_reaches_the_kernels_and_this_process_environment_is_left_alone(tmp_path, monkeypatch, options):
    folder = tmp_path / "nb"
    make_notebook(folder / "where.ipynb", PARAMETERS, "import os\nprint('cache:', os.environ.get('ANALYSIS_CACHE'))")
    make_notebook(folder / "again.ipynb", PARAMETERS, "import os\nprint('cache:', os.environ.get('ANALYSIS_CACHE'))")
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "where"\n[[report]]\nnotebook = "again"\n')
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    cache = tmp_path / "cache"
    assert main(["report", "--suite", str(suite), "--corpus", str(FIXTURE), "--out", str(tmp_path / "out"), "--cache", str(cache), *options]) == 0
    assert "ANALYSIS_CACHE" not in os.environ
    for name in ("where", "again"):
        page = (tmp_path / "out" / "latest" / name / f"{name}.html").read_text(encoding="utf-8")
        assert f"cache: {cache}" in page


def test_the_runner_plans_and_lists_from_the_lean_view_as_from_the_whole_corpus(tmp_path, notebooks, scored, cache):
    from report_helpers import FIXTURE, write_suite

    from pandas.testing import assert_frame_equal

    from analysis.cache import ensure_scored
    from analysis.report import plan_reports, read_suite
    from analysis.report.index import actor_listing, document_listing
    from analysis.report.run import _planning_view

    folder = ensure_scored(FIXTURE, cache=cache)
    assert folder == scored.folder
    lean = _planning_view(folder)
    assert "text" not in lean.docs.columns and lean.scores.tokens is None and lean.scores.sentences is None
    assert lean.scores.actors.columns.tolist() == ["doc_id", "actor"] and lean.key == scored.key
    suite = read_suite(write_suite(tmp_path, '''
notebooks = "nb"
[[report]]
notebook = "doc"
per = "document"
[[report]]
notebook = "actor"
per = "actor"
min_mentions = 2
'''))
    assert plan_reports(suite, lean, corpus=FIXTURE) == plan_reports(suite, scored, corpus=FIXTURE)
    assert_frame_equal(document_listing(lean.scores.documents, lean.docs), document_listing(scored.scores.documents, scored.docs))
    assert_frame_equal(actor_listing(lean.scores.actors), actor_listing(scored.scores.actors))


@pytest.mark.slow
@pytest.mark.parametrize("name", ["russian", "mixed", "one_english"])
def test_the_shipped_suite_makes_every_report_on_any_language_mix(tmp_path, capsys, name):
    from notebook_helpers import LANGUAGES

    out = tmp_path / "out"
    status = main(["report", "--corpus", str(LANGUAGES / name), "--out", str(out), "--cache", str(tmp_path / "cache"), "--jobs", "2"])
    assert status == 0, capsys.readouterr().err
    run = json.loads((out / "latest" / "run.json").read_text(encoding="utf-8"))
    statuses = {r["name"]: r["status"] for r in run["reports"]}
    assert set(statuses.values()) == {"ok"}
    assert {"corpus_overview", "framing", "compare", "validation"} <= set(statuses)
    assert sum(r.startswith("document_report-") for r in statuses) == len(list((LANGUAGES / name).glob("*.txt")))  # every document
    assert any(r.startswith("actor_report-") for r in statuses) == (name != "russian")  # actors are found in English only
    for report in ("corpus_overview", "framing", "compare", "validation"):
        page = (out / "latest" / report / f"{report}.html").read_text(encoding="utf-8")
        assert "Languages:</b>" in page, report
    documents = (out / "latest" / "documents.html").read_text(encoding="utf-8")
    assert "not identified as English, so the English-only measures" in documents


def test_run_suite_takes_a_dataframe_with_named_columns(tmp_path, monkeypatch):
    import pandas as pd

    from analysis.report import run_suite
    from analysis.report import workers
    from report_helpers import fake_execute

    make_notebook(tmp_path / "nb" / "reader.ipynb", PARAMETERS + 'scores_dir: str = ""  # c\ntext_column: str = "text"  # c\n', "print(corpus)")
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "reader"\n')
    calls = []
    monkeypatch.setattr(workers, "execute_notebook", fake_execute(calls))
    frame = pd.DataFrame({"key": ["k1", "k2"], "body": ["Baku and Astana signed a roadmap.", "Россия и Китай обсудили газ."]})
    result = run_suite(suite, corpus=frame, out=tmp_path / "out", jobs=1, cache=tmp_path / "cache", progress=False,
                       text_column="body", id_column="key")
    assert result.ok
    (name, parameters), = calls
    assert parameters["corpus"] == "<DataFrame>" and parameters["text_column"] == "body" and Path(parameters["scores_dir"]).is_dir()
    assert "Reports on &lt;DataFrame&gt;" in result.index.read_text(encoding="utf-8")
    listing = (result.folder / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in listing[1:]] == ["k1", "k2"]
    assert "1 of them were not identified as English" in (result.folder / "documents.html").read_text(encoding="utf-8")


def test_an_entry_with_show_code_keeps_its_code_in_the_page_and_the_others_do_not(tmp_path, notebooks, cache, monkeypatch):
    from report_helpers import fake_execute

    from analysis.report import run_suite, workers

    monkeypatch.setattr(workers, "execute_notebook", fake_execute([]))
    suite = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n'
                                  '[[report]]\nnotebook = "overview"\nname = "overview-code"\nshow_code = true\n')
    result = run_suite(suite, corpus=FIXTURE, out=tmp_path / "out", jobs=1, cache=cache, progress=False)
    assert result.ok
    pages = {row.name: Path(row.html).read_text(encoding="utf-8") for row in result.reports.itertuples()}
    assert ">print</span>" in pages["overview-code"] and ">print</span>" not in pages["overview"]  # the code, highlighted
    manifests = {name: json.loads((result.folder / name / "manifest.json").read_text(encoding="utf-8")) for name in pages}
    assert (manifests["overview"]["show_code"], manifests["overview-code"]["show_code"]) == (False, True)


def test_options_come_before_the_suite_settings_which_come_before_the_defaults(tmp_path, monkeypatch):
    import shutil

    from report_helpers import ROOT, fake_execute

    from analysis.report import run_suite, workers

    shutil.copy(ROOT / "tests" / "fixtures" / "actors" / "clubs.csv", tmp_path / "clubs.csv")
    declared = PARAMETERS + 'scores_dir: str = ""  # c\nscheme: str = "eurasia"  # c\ngazetteer: str = "default"  # c\ndoc_id: str = ""  # c\n'
    make_notebook(tmp_path / "nb" / "frames.ipynb", declared, "print(scheme)")
    make_notebook(tmp_path / "nb" / "doc.ipynb", declared, "print(doc_id)")
    suite = write_suite(tmp_path, 'notebooks = "nb"\nscheme = "generic"\nactors = "clubs.csv"\ndocuments = ["b"]\n'
                                  '[[report]]\nnotebook = "frames"\n[[report]]\nnotebook = "doc"\nper = "document"\n')
    calls = []
    monkeypatch.setattr(workers, "execute_notebook", fake_execute(calls))
    options = {"corpus": FIXTURE, "cache": tmp_path / "cache", "jobs": 1, "progress": False}

    run_suite(suite, out=tmp_path / "out", **options)  # the suite's settings
    given = dict(calls)
    assert (given["frames"]["scheme"], given["frames"]["gazetteer"]) == ("generic", str(tmp_path / "clubs.csv"))
    assert [name for name, _ in calls if name == "doc"] == ["doc"] and given["doc"]["doc_id"] == "b"

    calls.clear()
    run_suite(suite, out=tmp_path / "out2", frames="policy", actors="default", documents=["c", "b"], **options)  # the options win
    given = dict(calls)
    assert (given["frames"]["scheme"], given["frames"]["gazetteer"]) == ("policy", "default")
    assert sorted(p["doc_id"] for name, p in calls if name == "doc") == ["b", "c"]

    calls.clear()
    plain = write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "frames"\n')
    run_suite(plain, out=tmp_path / "out3", **options)  # neither: the defaults
    assert (calls[0][1]["scheme"], calls[0][1]["gazetteer"]) == ("eurasia", "default")
