"""The plan: a suite expanded into reports, every parameter checked against its notebook and the corpus (analysis/report/plan.py).

The fixture corpus and its hand-counted actor mentions are described in tests/report_helpers.py.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from report_helpers import DOC_HASH, FIXTURE, PARAMETERS, make_notebook, write_suite

from analysis.cache import open_corpus
from analysis.report import PlannedReport, SuiteError, plan_reports, read_suite, slugify
from analysis.report.plan import _deduplicate_names


def test_grids_expand_to_one_report_per_document_actor_and_combination(tmp_path, notebooks, scored):
    suite = read_suite(write_suite(tmp_path, """
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
    suite = read_suite(write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "doc"\nper = "document"\n'
                                             '[[report]]\nnotebook = "actor"\nper = "actor"\nmin_mentions = 2\n'))
    planned = plan_reports(suite, scored, corpus=FIXTURE, since="2025-11-15")
    assert [p.name for p in planned] == ["doc-b", "actor-russia"]
    assert {p.parameters["since"] for p in planned} == {"2025-11-15"}


def test_only_keeps_entries_or_single_reports(tmp_path, notebooks, scored):
    suite = read_suite(write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n[[report]]\nnotebook = "doc"\nper = "document"\n'
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
        ('notebook = "frames"\ngrid = { scheme = ["eurasia", "nordic"] }', "scheme = 'nordic' is neither a shipped frame scheme \\(eurasia, generic, policy, optionally :model or :combined\\) nor an existing"),
        ('notebook = "overview"\nparameters = { top = 5 }', "parameter 'top' is not declared in overview.ipynb; its parameters: top_n"),
        ('notebook = "overview"\nparameters = { top_n = "5" }', "parameter top_n = '5' is a str; overview.ipynb declares it int"),
        ('notebook = "overview"\nparameters = { top_n = true }', "parameter top_n = True is a bool; overview.ipynb declares it int"),
        ('notebook = "frames"\nparameters = { n_evidence = 2.5 }', "n_evidence = 2.5 is a float; frames.ipynb declares it int"),
        ('notebook = "overview"\nper = "document"', "parameter 'doc_id' is not declared in overview.ipynb"),
    ],
)
def test_parameters_are_refused_with_the_valid_choices(tmp_path, notebooks, scored, entry, message):
    suite = read_suite(write_suite(tmp_path, f'notebooks = "nb"\n[[report]]\n{entry}\n'))
    with pytest.raises(SuiteError, match=message):
        plan_reports(suite, scored, corpus=FIXTURE)


def test_since_needs_a_notebook_that_declares_it(tmp_path, notebooks, scored):
    suite = read_suite(write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "bare"\n'))
    assert [p.tables for p in plan_reports(suite, scored, corpus=FIXTURE)] == [False]  # no tables_dir: allowed, tables not kept
    with pytest.raises(SuiteError, match="bare.ipynb declares no 'since' parameter, so it cannot be limited to --since 2025-11-15"):
        plan_reports(suite, scored, corpus=FIXTURE, since="2025-11-15")


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
    reports = [PlannedReport(n, "doc", Path("doc.ipynb"), {"doc_id": n}, True) for n in ("doc-A", "doc-a", "doc-b")]
    names = [r.name for r in _deduplicate_names(reports)]
    assert names[2] == "doc-b" and names[0].startswith("doc-A-") and names[1].startswith("doc-a-")
    assert len({n.casefold() for n in names}) == 3


def _scored_scores(scored, **documents_columns):
    """*scored* with columns of its documents table replaced (the fixture has three documents)."""
    import dataclasses

    documents = scored.scores.documents.assign(**documents_columns)
    return dataclasses.replace(scored, scores=dataclasses.replace(scored.scores, documents=documents))


def test_per_document_pages_go_to_the_top_documents_by_the_named_criterion_in_corpus_order(tmp_path, notebooks, scored):
    # hand-made rankings over the fixture's documents news/a, b, c (in corpus order)
    ranked = _scored_scores(scored, n_quotes=[1, 7, 7], compound_mean=[-0.8, 0.1, 0.5])
    suite = read_suite(write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "doc"\nper = "document"\ntop = 2\nby = "quotes"\n'
                                             '[[report]]\nname = "tone"\nnotebook = "doc"\nper = "document"\ntop = 2\nby = "tone"\n'
                                             '[[report]]\nname = "all"\nnotebook = "doc"\nper = "document"\ntop = 3\n'))
    planned = plan_reports(suite, ranked, corpus=FIXTURE)
    assert [(p.entry, p.per_id) for p in planned] == [("doc", "b"), ("doc", "c"), ("tone", "news/a"), ("tone", "c"),
                                                       ("all", "news/a"), ("all", "b"), ("all", "c")]  # a corpus of at most top: every document
    assert {p.per for p in planned} == {"document"}


def test_the_default_document_ranking_is_actor_mentions_and_unscored_documents_come_last(tmp_path, notebooks, scored):
    # the fixture's mentions counted by hand (tests/report_helpers.py): news/a 3, b 3, c 1 (c is scored here)
    suite = read_suite(write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "doc"\nper = "document"\ntop = 1\n'))
    assert [p.per_id for p in plan_reports(suite, scored, corpus=FIXTURE)] == ["news/a"]  # a tie with b goes to the earlier document
    unscored_a = _scored_scores(scored, n_actor_mentions=pd.array([None, 3, 1], dtype="Int64"))
    assert [p.per_id for p in plan_reports(suite, unscored_a, corpus=FIXTURE)] == ["b"]


def test_documents_option_chooses_the_pages_and_is_checked_against_the_corpus(tmp_path, notebooks, scored):
    suite = read_suite(write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n[[report]]\nnotebook = "doc"\nper = "document"\ntop = 1\n'))
    planned = plan_reports(suite, scored, corpus=FIXTURE, documents=["c", "b"])
    assert [p.name for p in planned] == ["overview", "doc-c", "doc-b"]
    with pytest.raises(SuiteError, match=r"--documents 'zz' is not a document of the corpus; valid: news/a, b, c"):
        plan_reports(suite, scored, corpus=FIXTURE, documents=["b", "zz"])


def test_per_actor_pages_go_to_the_top_actors_by_mentions_and_to_every_actor_of_a_small_corpus_by_default(tmp_path, notebooks, scored, monkeypatch):
    from analysis.report import plan

    suite = read_suite(write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "actor"\nper = "actor"\ntop = 2\n'))
    # mentions counted by hand: azerbaijan 2, kazakhstan 2, russia 2, china 1 (ties by id)
    assert [p.per_id for p in plan_reports(suite, scored, corpus=FIXTURE)] == ["azerbaijan", "kazakhstan"]
    default = read_suite(write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "actor"\nper = "actor"\n'))
    assert [p.per_id for p in plan_reports(default, scored, corpus=FIXTURE)] == ["azerbaijan", "kazakhstan", "russia", "china"]
    monkeypatch.setattr(plan, "SMALL_CORPUS", 2)  # three documents are then a large corpus: the default top applies
    monkeypatch.setitem(plan.DEFAULT_TOP, "actor", 3)
    assert [p.per_id for p in plan_reports(default, scored, corpus=FIXTURE)] == ["azerbaijan", "kazakhstan", "russia"]


def test_time_limits_come_from_the_entry_else_the_default_and_the_option_replaces_them(tmp_path, notebooks, scored):
    from analysis.report.suite import DEFAULT_TIMEOUT

    suite = read_suite(write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\ntimeout = 90\n[[report]]\nnotebook = "compare"\n'))
    assert [p.timeout for p in plan_reports(suite, scored, corpus=FIXTURE)] == [90.0, DEFAULT_TIMEOUT]
    assert [p.timeout for p in plan_reports(suite, scored, corpus=FIXTURE, timeout=5)] == [5.0, 5.0]
    with pytest.raises(SuiteError, match="--timeout must be a positive number of seconds"):
        plan_reports(suite, scored, corpus=FIXTURE, timeout=-1)


def test_notebooks_that_declare_scores_dir_get_the_scored_corpus_entry(tmp_path, notebooks, scored):
    make_notebook(notebooks / "lean.ipynb", PARAMETERS + 'scores_dir: str = ""  # the entry\n', "print(scores_dir)")
    suite = read_suite(write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "lean"\n[[report]]\nnotebook = "overview"\n'))
    lean, overview = plan_reports(suite, scored, corpus=FIXTURE)
    assert lean.parameters["scores_dir"] == str(scored.folder.resolve()) and (scored.folder / "manifest.json").is_file()
    assert "scores_dir" not in overview.parameters


# --------------------------------------------------------------------------- any corpus source, named columns


def test_corpus_parameter_names_any_source_from_any_folder(tmp_path, monkeypatch):
    import json

    from analysis.report.plan import corpus_parameter

    monkeypatch.chdir(tmp_path)
    (tmp_path / "dumps").mkdir()
    for name in ("a.csv", "b.csv"):
        (tmp_path / "dumps" / name).write_text("text\nBaku.\n", encoding="utf-8")
    assert corpus_parameter(Path("dumps")) == str(tmp_path / "dumps")
    assert corpus_parameter("dumps/a.csv") == str(tmp_path / "dumps" / "a.csv")
    assert corpus_parameter("dumps/*.csv") == str(tmp_path / "dumps" / "*.csv")  # still a pattern, now absolute
    assert json.loads(corpus_parameter(["dumps/b.csv", "dumps/a.csv"])) == [str(tmp_path / "dumps" / "b.csv"), str(tmp_path / "dumps" / "a.csv")]
    assert corpus_parameter(pd.DataFrame({"text": ["Baku."]})) == "<DataFrame>"


def test_column_options_reach_the_notebooks_that_declare_them(tmp_path, scored):
    from analysis.corpus import ColumnNames

    columns = ('text_column: str = "text"  # c\nid_column: str = "doc_id"  # c\ntitle_column: str = "title"  # c\n'
               'date_column: str = "date"  # c\noutlet_column: str = "outlet"  # c\n')
    make_notebook(tmp_path / "nb" / "reader.ipynb", PARAMETERS + 'scores_dir: str = ""  # c\n' + columns, "print(corpus)")
    make_notebook(tmp_path / "nb" / "lean.ipynb", PARAMETERS + 'scores_dir: str = ""  # c\n', "print(corpus)")
    suite = read_suite(write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "reader"\n[[report]]\nnotebook = "lean"\n'))
    reader, lean = plan_reports(suite, scored, corpus=FIXTURE, columns=ColumnNames(text="body", outlet="source"))
    assert {k: reader.parameters[k] for k in ("text_column", "id_column", "title_column", "date_column", "outlet_column")} == {
        "text_column": "body", "id_column": "doc_id", "title_column": "title", "date_column": "date", "outlet_column": "source"}
    assert reader.parameters["scores_dir"] == str(scored.folder.resolve())
    assert "text_column" not in lean.parameters  # it reads the scored corpus through scores_dir only


def test_a_notebook_without_scores_dir_is_refused_for_a_list_a_dataframe_and_columns_it_cannot_take(tmp_path, notebooks, scored):
    from analysis.corpus import ColumnNames

    suite = read_suite(write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "overview"\n'))  # declares no scores_dir
    with pytest.raises(SuiteError, match="overview: notebook overview.ipynb declares no 'scores_dir' parameter, so it can only score a corpus "
                                         "named by one path or pattern, not a list of paths or a DataFrame"):
        plan_reports(suite, scored, corpus=[FIXTURE / "a.txt", FIXTURE / "b.txt"])
    with pytest.raises(SuiteError, match="not a list of paths or a DataFrame"):
        plan_reports(suite, scored, corpus=pd.DataFrame({"text": ["Baku."]}))
    with pytest.raises(SuiteError, match="overview: notebook overview.ipynb declares neither 'scores_dir' nor 'text_column', "
                                         "so it cannot read the corpus with --text-column 'body'"):
        plan_reports(suite, scored, corpus=FIXTURE, columns=ColumnNames(text="body"))
    assert [p.name for p in plan_reports(suite, scored, corpus=str(FIXTURE / "*.txt"))] == ["overview"]  # a pattern is a string
