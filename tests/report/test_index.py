"""The index page of a run, rendered from an autoescaped Jinja template, and what it says (analysis/report/index.py).

The whole-run tests use the fixture corpus of tests/report_helpers.py (three documents; the actor mentions counted by
hand there) with notebooks that are copied, not executed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pandas as pd
import pytest
from report_helpers import FIXTURE, PARAMETERS, cell_error, make_notebook, write_suite

from analysis.__main__ import main
from analysis.report import workers, write_index
from analysis.report.index import (
    FOLD_AFTER,
    actor_listing,
    corpus_sentence,
    corpus_tone,
    describe_corpus,
    document_figure,
    frame_shares,
    headline_findings,
    render_index,
    reuse_note,
    short_title,
)

HOSTILE = "</title><script>alert(\"t\")</script>{{ 7 * 7 }}"
HOSTILE_SHOWN = "&lt;/title&gt;&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;{{ 7 * 7 }}"


class _Links(HTMLParser):
    """Every href of a page, and the text of each element with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.link_texts: list[str] = []
        self._in_link = False

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])
            self.link_texts.append("")
            self._in_link = True

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_link = False

    def handle_data(self, data):
        if self._in_link:
            self.link_texts[-1] += data


def links_of(page: str) -> _Links:
    parser = _Links()
    parser.feed(page)
    return parser


def unresolved(page_path: Path) -> list[str]:
    """The links of a page that do not lead to a file (relative links only; an absolute or remote link is reported too)."""
    bad = []
    for href in links_of(page_path.read_text(encoding="utf-8")).hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("/") or not (page_path.parent / unquote(parts.path)).is_file():
            bad.append(href)
    return bad


def sections(page: str) -> list[str]:
    return re.findall(r'<section id="([a-z]+)"', page)


def groups(page: str) -> list[str]:
    return re.findall(r'<section class="group" id="group-([a-z_]+)"', page)


# --------------------------------------------------------------------------- the page


def test_index_escapes_and_links(tmp_path):
    index = write_index(
        [{"name": "<b>x</b>", "html": tmp_path / "x" / "x.html", "status": "ok", "subject": "<script>alert(1)</script>",
          "parameters": {"doc_id": "a&b"}, "tables": [tmp_path / "x" / "tables" / "t 1.csv"]},
         {"name": "y", "html": None, "status": "failed", "error": "cell In [3] (#2): KeyError: '<k>'\n---> 3 d['<k>']"}],
        tmp_path,
        title="Reports on <seeds>",
        header=[("corpus", "<seeds>")],
    )
    page = index.read_text(encoding="utf-8")
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script" not in page
    assert '<a href="x/x.html">&lt;b&gt;x&lt;/b&gt;</a>' in page and '<a href="x/tables/t%201.csv">t 1</a>' in page
    assert "doc_id = a&amp;b" in page
    assert "<code>cell In [3] (#2): KeyError: &#x27;&lt;k&gt;&#x27;</code>" in page  # the first line at the top, the rest folded
    assert "<pre>cell In [3] (#2): KeyError: &#x27;&lt;k&gt;&#x27;\n---&gt; 3 d[&#x27;&lt;k&gt;&#x27;]</pre>" in page
    assert page.count("&lt;seeds&gt;") == 3  # title, heading, header


def test_a_hostile_title_is_shown_as_text_wherever_it_appears(tmp_path):
    findings = [{"label": HOSTILE, "note": HOSTILE, "items": [{"text": HOSTILE, "target": "r/r.html", "hint": HOSTILE}]}]
    page = write_index([{"name": "r", "html": "r/r.html", "status": "failed", "title": HOSTILE, "figure": HOSTILE, "detail": HOSTILE,
                         "note": HOSTILE, "error": HOSTILE, "group": "document"}],
                       tmp_path, title=HOSTILE, corpus=HOSTILE, findings=findings, header=[("title", HOSTILE)],
                       links=[(HOSTILE, "r/r.html")]).read_text(encoding="utf-8")
    # title, heading; the failure's title and error; corpus, link; finding label, item, hint, note; report title, figure,
    # detail, tooltip note; header
    assert page.count(HOSTILE_SHOWN) == 15
    assert "<script" not in page and "</title><" not in page and "49" not in page  # values are text, never template code
    assert page.startswith("<!DOCTYPE html>\n") and page.endswith("</html>\n")


def test_sections_come_in_order_with_failures_first_only_when_there_are_any(tmp_path):
    findings = [{"label": "Tone", "items": [{"text": "mean sentence tone +0.10"}]}]
    reports = [{"name": "b", "html": None, "status": "failed", "error": "boom"}, {"name": "a", "html": "a/a.html", "status": "ok"},
               {"name": "t", "html": None, "status": "timed out", "error": "NotebookTimeoutError: late"}]
    page = render_index(reports, tmp_path, corpus="3 documents.", findings=findings, header=[("run", "r1")])
    assert sections(page) == ["failures", "corpus", "findings", "reports", "run"]
    failures = page[page.index('<section id="failures"'):page.index('<section id="corpus"')]
    assert "2 of 3 reports did not finish" in failures and '<tr class="failed">' in failures and '<tr class="timed-out">' in failures
    assert "<code>NotebookTimeoutError: late</code>" in failures and ">a<" not in failures
    ok = render_index([reports[1]], tmp_path, corpus="3 documents.", findings=findings, header=[("run", "r1")])
    assert sections(ok) == ["corpus", "findings", "reports", "run"] and "did not finish" not in ok
    assert sections(render_index([reports[1]], tmp_path)) == ["reports"]  # nothing to say: no empty sections


def test_reports_are_grouped_by_kind_with_readable_titles_and_long_groups_folded(tmp_path):
    documents = [{"name": f"document_report-{i:03d}_6ff1e3862678fc4d", "html": f"d{i}/d{i}.html", "status": "ok", "group": "document",
                  "title": f"Talks in Baku, part {i}", "figure": f"{i}00 words, tone +0.10"} for i in range(FOLD_AFTER + 1)]
    reports = [
        {"name": "actor_report-azerbaijan", "html": "az/az.html", "status": "ok", "group": "actor", "title": "Azerbaijan", "figure": "99 mentions"},
        *documents,
        {"name": "teaching_tone", "html": "t/t.html", "status": "ok", "group": "teaching_tone"},
        {"name": "framing", "html": "f/f.html", "status": "ok", "group": "framing", "parameters": {"scheme": "eurasia"}},
        {"name": "corpus_overview", "html": "c/c.html", "status": "ok", "group": "corpus_overview"},
    ]
    page = render_index(reports, tmp_path)
    assert groups(page) == ["corpus_overview", "framing", "document", "actor", "teaching_tone"]
    assert "<h3>Document reports</h3>" in page and "<h3>Actor reports</h3>" in page
    assert '<h3><a href="t/t.html">teaching_tone</a></h3>' in page  # a group of one report: its heading is the link
    links = links_of(page)
    assert "Talks in Baku, part 3" in links.link_texts and "Azerbaijan" in links.link_texts
    assert not any("6ff1e" in text for text in links.link_texts)  # the hash names are not shown as titles
    folded = page[page.index('id="group-document"'):page.index('id="group-actor"')]
    assert "<details><summary><h3>Document reports</h3>" in folded and f"{FOLD_AFTER + 1} reports" in folded
    assert folded.count("<li ") == FOLD_AFTER + 1 and '<a href="d3/d3.html">Talks in Baku, part 3</a>' in folded
    assert "300 words, tone +0.10" in folded and 'title="document_report-003_6ff1e3862678fc4d' in folded
    assert "<details>" not in page[page.index('id="group-actor"'):page.index('id="group-teaching_tone"')]  # a short group is open
    more = render_index(reports, tmp_path, group_links={"document": ("all 9 documents (searchable)", "documents.html")})
    assert '</details>\n<p class="note more"><a href="documents.html">all 9 documents (searchable)</a></p>' in more  # seen when folded
    assert "scheme = eurasia" in page


def test_the_listing_page_holds_every_row_escaped_with_a_link_where_a_page_exists_and_the_table_as_csv(tmp_path):
    from analysis.report.index import write_listing

    table = pd.DataFrame({"doc_id": ["a", "<b>"], "title": ["<script>x</script>", "Two"], "n_words": [10, 20.5]})
    page = write_listing(table, tmp_path, name="documents", title="Documents of <c>", intro="All of them.",
                         pages={"a": "report-a/report-a.html"}).read_text(encoding="utf-8")
    assert page.count("<tr") == 3 and "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
    assert '<a href="report-a/report-a.html">report</a>' in page and page.count(">report</a>") == 1
    assert '<td class="n">20.500</td>' in page and "Documents of &lt;c&gt;" in page
    assert '<input id="filter" type="search"' in page and "src=" not in page  # the filter is inline: nothing is fetched
    assert pd.read_csv(tmp_path / "documents.csv").equals(table)


# --------------------------------------------------------------------------- what the page says


def test_the_corpus_sentence_gives_documents_words_languages_dates_and_outlets():
    documents = pd.DataFrame({
        "doc_id": ["a", "b", "c", "d"],
        "scored": [True, True, True, False],
        "n_words": pd.array([100, 1200, 50, None], dtype="Int64"),
        "language": ["en", "en", "en", "ru"],
        "date": ["2025-11-20", "2025-11-01T08:00:00", None, "2025-12-02"],
        "outlet": ["Trade Weekly", "Daily Wire", "Trade Weekly", ""],
    })
    facts = describe_corpus(documents)
    assert (facts["n_documents"], facts["n_scored"], facts["n_words"], facts["n_counted"]) == (4, 3, 1350, 3)
    assert (facts["first_date"], facts["last_date"], facts["n_dated"]) == ("2025-11-01", "2025-12-02", 3)
    assert facts["outlets"] == [("Trade Weekly", 2), ("Daily Wire", 1)] and facts["n_without_outlet"] == 1
    assert corpus_sentence(facts) == (
        "4 documents (1,350 words in the 3 counted), in 2 languages (en 3, ru 1), dated 2025-11-01 to 2025-12-02 "
        "(3 of the 4 are dated), from 2 outlets: Trade Weekly (2), Daily Wire (1); 1 document names no outlet. "
        "1 of them is not in English, so the English-only measures (tone, frames, actors, quotes) were not run on them (blank, not zero).")


def test_the_corpus_sentence_of_one_undated_english_document_without_outlet():
    facts = describe_corpus(pd.DataFrame({"doc_id": ["a"], "n_words": [7], "language": ["en"], "date": [None], "outlet": [None]}))
    assert corpus_sentence(facts) == "1 document (7 words), all in language en, undated, no outlet named."


def test_frame_shares_pool_sentences_over_documents_and_count_the_documents_each_frame_dominates():
    # a: 10 sentences, security in 4 (5 hits), diplomacy in 4 (6 hits): a tie on sentences, diplomacy wins on hits
    # b: 5 sentences, security in 1; c: 5 sentences, no frame (dominates nothing)
    salience = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c", "c"], "frame": ["security", "diplomacy"] * 3,
                             "hits": [5, 6, 1, 0, 0, 0], "n_frame_sentences": [4, 4, 1, 0, 0, 0], "n_sentences": [10, 10, 5, 5, 5, 5]})
    shares = frame_shares(salience)
    assert shares["frame"].tolist() == ["security", "diplomacy"]
    assert shares["n_frame_sentences"].tolist() == [5, 4] and shares["n_sentences"].tolist() == [20, 20]
    assert shares["sentence_share"].tolist() == [0.25, 0.2] and shares["n_dominant"].tolist() == [1, 1]


def test_corpus_tone_is_the_mean_over_sentences_of_the_scored_documents():
    documents = pd.DataFrame({"scored": [True, True, False], "n_sentences": pd.array([2, 6, None], dtype="Int64"),
                              "compound_mean": [0.5, -0.1, None], "news_tone_mean": [2.0, 0.0, None],
                              "n_positive_sentences": [2, 1, None], "n_negative_sentences": [0, 3, None]})
    tone = corpus_tone(documents)
    assert tone["n_sentences"] == 8
    assert tone["compound"] == pytest.approx((2 * 0.5 + 6 * -0.1) / 8) and tone["news_tone"] == pytest.approx(0.5)
    assert (tone["share_positive"], tone["share_negative"]) == (3 / 8, 3 / 8)


def test_the_findings_link_each_figure_to_the_report_that_shows_it():
    shares = frame_shares(pd.DataFrame({"doc_id": ["a", "b"], "frame": ["security_threat", "security_threat"], "hits": [2, 1],
                                        "n_frame_sentences": [2, 1], "n_sentences": [4, 6]}))
    documents = pd.DataFrame({"doc_id": ["a", "b"], "title": ["Calm day", "<i>Storm</i>"], "scored": [True, True], "n_sentences": [4, 6],
                              "compound_mean": [0.4, -0.6], "news_tone_mean": [0.0, -1.0],
                              "n_positive_sentences": [2, 0], "n_negative_sentences": [0, 3]})
    mentions = pd.DataFrame({"doc_id": ["a", "a", "b"], "actor": ["azerbaijan", "azerbaijan", "un"]})
    findings = headline_findings(shares=shares, scheme="the eurasia dictionary", documents=documents, actors=actor_listing(mentions),
                                 actor_labels={"azerbaijan": "Azerbaijan"}, pages={"document": {"b": "doc-b/doc-b.html"}, "actor": {"un": "un/un.html"}},
                                 frames_page="framing/framing.html", tone_page="overview/overview.html", actors_page="actors.html",
                                 documents_page="documents.html")
    frames, tone, actors = findings
    assert frames["items"] == [{"text": "security threat: 30% of sentences, dominant in 2 of 2 documents", "target": "framing/framing.html"}]
    assert "found by the eurasia dictionary" in frames["note"]
    texts = {item["text"]: item["target"] for item in tone["items"]}
    assert texts["mean sentence tone -0.20 (VADER compound, -1 to +1)"] == "overview/overview.html"  # (4 * 0.4 + 6 * -0.6) / 10
    assert texts["news tone -0.60 (-4 to +4)"] == "overview/overview.html"
    assert texts["20% of sentences positive, 30% negative"] == "overview/overview.html"
    assert texts["most negative document: <i>Storm</i> (-0.60)"] == "doc-b/doc-b.html"  # its own report
    assert texts["most positive document: Calm day (+0.40)"] == "documents.html"  # none: the documents page
    assert [(i["text"], i["target"]) for i in actors["items"]] == [("Azerbaijan: 2 mentions in 1 document", "actors.html"),
                                                                    ("un: 1 mention in 1 document", "un/un.html")]


@pytest.mark.parametrize("title, shown", [("A short title", "A short title"), ("  two\n lines ", "two lines"), (None, "d1"), ("", "d1"),
                                          ("word " * 40, ("word " * 22).strip() + "…")])
def test_short_title(title, shown):
    assert short_title(title, "d1") == shown


def test_document_figure_and_reuse_note():
    assert document_figure({"n_words": 1456, "compound_mean": -0.052}) == "1,456 words, tone -0.05"
    assert document_figure({}) == ""
    outcomes = {"a": {"reused_from": "r1/a"}, "b": {"reused_from": "r2/b"}, "c": {"reused_from": "r1/c"}, "d": {}}
    assert reuse_note(outcomes) == "3 of 4 reports reused from run r1 (2), run r2 (1) (their inputs were unchanged)"


# --------------------------------------------------------------------------- a whole run (notebooks copied, not executed)


def _fake_run(frame_table: pd.DataFrame | None, failing: set[str]):
    """Stand-in for execute_notebook: copies the notebook; the framing notebook writes *frame_table*; those in *failing* raise."""

    def execute(notebook, output, *, parameters, kernel_name="python3", kernel=None, env=None, timeout=None):
        if Path(notebook).stem in failing:
            raise cell_error()
        if Path(notebook).stem == "framing" and frame_table is not None:
            Path(parameters["tables_dir"]).mkdir(parents=True, exist_ok=True)
            frame_table.to_csv(Path(parameters["tables_dir"]) / "frame_salience.csv", index=False)
        nbformat.write(nbformat.read(str(notebook), as_version=4), str(output))

    return execute


@pytest.fixture()
def run_suite_file(tmp_path):
    folder = tmp_path / "nb"
    make_notebook(folder / "corpus_overview.ipynb", PARAMETERS, "print(corpus)")
    make_notebook(folder / "framing.ipynb", PARAMETERS + 'scheme: str = "eurasia"  # dictionary\n', "print(scheme)")
    make_notebook(folder / "document_report.ipynb", PARAMETERS + 'doc_id: str = ""  # the document\n', "print(doc_id)")
    make_notebook(folder / "actor_report.ipynb", PARAMETERS + 'actor: str = ""  # the actor\n', "print(actor)")
    make_notebook(folder / "compare.ipynb", PARAMETERS + 'group_by: str = "genre"  # column\n', "print(group_by)")
    return write_suite(tmp_path, 'notebooks = "nb"\n[[report]]\nnotebook = "corpus_overview"\n[[report]]\nnotebook = "framing"\n'
                                 'parameters = { scheme = "generic" }\n[[report]]\nnotebook = "document_report"\nper = "document"\n'
                                 '[[report]]\nnotebook = "actor_report"\nper = "actor"\nmin_mentions = 2\n[[report]]\nnotebook = "compare"\n')


def test_a_run_index_shows_failures_first_the_corpus_findings_and_readable_titles_and_every_link_resolves(tmp_path, run_suite_file, cache,
                                                                                                          monkeypatch):
    # the framing report's own table (scheme generic): conflict in 3 of 10 sentences of news/a, 1 of 5 of b; c has none
    salience = pd.DataFrame({"doc_id": ["news/a", "news/a", "b", "b"], "frame": ["conflict", "economic", "conflict", "economic"],
                             "hits": [4, 1, 1, 0], "n_frame_sentences": [3, 1, 1, 0], "n_sentences": [10, 10, 5, 5]})
    monkeypatch.setattr(workers, "execute_notebook", _fake_run(salience, failing={"compare"}))
    out = tmp_path / "out"
    assert main(["report", "--suite", str(run_suite_file), "--corpus", str(FIXTURE), "--out", str(out), "--cache", str(cache),
                 "--jobs", "1", "--fresh-kernels"]) == 1
    run_page = out / "latest" / "index.html"
    page = run_page.read_text(encoding="utf-8")
    top = (out / "index.html").read_text(encoding="utf-8")
    assert sections(page) == ["failures", "corpus", "findings", "reports", "run"] == sections(top)
    # failures first: the failed report, the first line of its error, its page, notebook and manifest
    failures = page[page.index('id="failures"'):page.index('id="corpus"')]
    assert "1 of 9 reports did not finish" in failures and "<code>cell In [2] (#3): ValueError: boom</code>" in failures
    assert '<a href="compare/manifest.json">log (manifest)</a>' in failures
    # the corpus in a sentence, its outlet escaped
    assert ("3 documents (" in page and "dated 2025-11-01 to 2025-11-20 (2 of the 3 are dated), from 2 outlets: "
            "Trade Weekly (2), Daily &lt;b&gt;Wire&lt;/b&gt; (1)." in page)
    # findings: the framing report's table and scheme; the actors counted by hand (tests/report_helpers.py)
    assert "conflict: 27% of sentences, dominant in 2 of 3 documents" in page and "found by the generic dictionary" in page  # 4 / 15
    assert "leading frame: conflict, 27% of sentences" in page  # the framing report's figure, from its own table
    assert "Azerbaijan: 2 mentions in 1 document" in page and "Kazakhstan: 2 mentions in 2 documents" in page
    assert "mean sentence tone " in page and "Reused" not in page
    # readable titles: the document's (escaped) and the actor's label, not the report names
    links = links_of(page)
    assert "<script>alert('title')</script> Roadmap signed" in links.link_texts and "Trade talks" in links.link_texts
    assert {"Azerbaijan", "Kazakhstan", "Russia"} <= set(links.link_texts) and not any(t.startswith("document_report-") for t in links.link_texts)
    assert "<script" not in page
    assert groups(page) == ["corpus_overview", "framing", "compare", "document", "actor"]
    for heading in ("Corpus overview", "Framing"):  # one report each: the heading is the link to it
        assert re.search(f'<h3><a href="[^"]+">{heading}</a></h3>', page)
    assert '<h3>Comparison of groups<span class="badge">failed</span></h3>' in page  # no page to link to
    # provenance said once
    assert page.count("<dt>reused</dt>") == 1 and "<dd>none: every report ran</dd>" in page and "<dt>corpus sha256</dt>" in page
    # every link resolves to a file, from the run folder and from OUT/index.html
    assert unresolved(run_page) == [] and unresolved(out / "index.html") == []
    assert len(links_of(top).hrefs) == len(links.hrefs) > 20
    assert all(h.startswith("runs/") for h in links_of(top).hrefs)


def test_a_run_without_a_framing_table_reads_the_frames_of_the_scored_corpus_and_says_reused_once(tmp_path, run_suite_file, cache,
                                                                                                monkeypatch):
    monkeypatch.setattr(workers, "execute_notebook", _fake_run(None, failing=set()))
    out = tmp_path / "out"
    args = ["report", "--suite", str(run_suite_file), "--corpus", str(FIXTURE), "--out", str(out), "--cache", str(cache), "--jobs", "1",
            "--fresh-kernels"]
    assert main(args) == 0
    first = (out / "latest").resolve().name
    assert main(args) == 0
    page = (out / "latest" / "index.html").read_text(encoding="utf-8")
    assert "did not finish" not in page and sections(page)[0] == "corpus"
    assert "found by the eurasia dictionary" in page  # the scheme the corpus was scored with
    assert "leading frame" not in page  # the framing report (scheme generic) shows other frames: no figure from these
    assert page.count(f"reused from run {first}") == 1 and "9 of 9 reports reused" in page
    assert unresolved(out / "latest" / "index.html") == [] and unresolved(out / "index.html") == []


def test_teaching_reports_are_one_group_titled_by_part_and_copy_with_their_exercises(tmp_path):
    from analysis.report.index import index_rows
    from analysis.report.plan import PlannedReport

    notebook = tmp_path / "teaching" / "02_sentiment_and_its_pitfalls.ipynb"
    other = tmp_path / "teaching" / "01_tokens_and_sentences.ipynb"
    planned = [PlannedReport(name="teaching-2", entry="teaching-2", notebook=notebook, parameters={}, tables=True),
               PlannedReport(name="teaching-2-instructor", entry="teaching-2-instructor", notebook=notebook,
                             parameters={"show_solutions": True}, tables=True),
               PlannedReport(name="teaching-1-instructor", entry="teaching-1-instructor", notebook=other,
                             parameters={"show_solutions": True}, tables=True),  # every instructor's copy alike: still said
               PlannedReport(name="overview", entry="overview", notebook=tmp_path / "corpus_overview.ipynb", parameters={}, tables=True)]
    outcomes = {p.name: {"status": "ok", "started": 0.0, "ended": 1.0} for p in planned}
    rows = index_rows(planned, outcomes, tmp_path)
    assert [(r["group"], r["title"], r["figure"], r["parameters"]) for r in rows] == [
        ("teaching", "Part 2: sentiment and its pitfalls (student's copy)", "5 exercises", {}),
        ("teaching", "Part 2: sentiment and its pitfalls (instructor's copy, worked answers)", "5 exercises", {}),
        ("teaching", "Part 1: tokens and sentences (instructor's copy, worked answers)", "5 exercises", {}),
        ("corpus_overview", "Corpus overview", "", {}),
    ]


def test_a_parameter_every_report_gets_alike_is_not_repeated_on_each_row(tmp_path):
    from analysis.report.index import index_rows
    from analysis.report.plan import PlannedReport

    planned = [PlannedReport(name="overview", entry="overview", notebook=tmp_path / "corpus_overview.ipynb", parameters={"scheme": "eurasia"}, tables=True),
               PlannedReport(name="compare", entry="compare", notebook=tmp_path / "compare.ipynb",
                             parameters={"scheme": "eurasia", "group_by": "genre"}, tables=True),
               PlannedReport(name="framing-generic", entry="framing", notebook=tmp_path / "framing.ipynb", parameters={"scheme": "generic"}, tables=True)]
    outcomes = {p.name: {"status": "ok", "started": 0.0, "ended": 1.0} for p in planned}
    shown = [r["parameters"] for r in index_rows(planned, outcomes, tmp_path)]
    assert shown == [{"scheme": "eurasia"}, {"scheme": "eurasia", "group_by": "genre"}, {"scheme": "generic"}]  # they differ: all shown
    alike = [p for p in planned if p.name != "framing-generic"]
    assert [r["parameters"] for r in index_rows(alike, outcomes, tmp_path)] == [{}, {"group_by": "genre"}]
