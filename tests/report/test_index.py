"""The index page of a run, rendered from an autoescaped Jinja template (analysis/report/index.py)."""

from __future__ import annotations

from analysis.report import write_index


def test_index_escapes_and_links(tmp_path):
    index = write_index(
        [{"name": "<b>x</b>", "html": tmp_path / "x" / "x.html", "status": "ok", "subject": "<script>alert(1)</script>",
          "parameters": {"doc_id": "a&b"}, "tables": [tmp_path / "x" / "tables" / "t 1.csv"]},
         {"name": "y", "html": None, "status": "failed", "error": "cell In [3] (#2): KeyError: '<k>'"}],
        tmp_path,
        title="Reports on <seeds>",
        header=[("corpus", "<seeds>")],
    )
    page = index.read_text(encoding="utf-8")
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert '<a href="x/x.html">' in page and '<a href="x/tables/t%201.csv">t 1</a>' in page
    assert "doc_id = a&amp;b" in page
    assert "failed" in page and "KeyError: &#x27;&lt;k&gt;&#x27;" in page
    assert page.count("&lt;seeds&gt;") == 3  # title, heading, header


def test_a_title_is_shown_as_text_wherever_it_appears(tmp_path):
    title = "</title><script>alert(\"t\")</script>{{ 7 * 7 }}"
    page = write_index([{"name": "r", "html": "r/r.html", "status": "ok", "subject": title, "note": title}], tmp_path,
                       title=title, header=[("title", title)]).read_text(encoding="utf-8")
    shown = "&lt;/title&gt;&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;{{ 7 * 7 }}"
    assert page.count(shown) == 5 and "<script>" not in page and "49" not in page  # values are text, never template code
    assert page.startswith("<!DOCTYPE html>\n") and page.endswith("</html>\n")


def test_rows_keep_their_order_and_a_report_without_a_page_is_not_a_link(tmp_path):
    page = write_index([{"name": "b", "html": None, "status": "failed"}, {"name": "a", "html": tmp_path / "a" / "a.html", "status": "ok"}],
                       tmp_path).read_text(encoding="utf-8")
    assert page.index('<tr class="failed">') < page.index('<tr class="ok">')
    assert "<td>b</td>" in page and '<a href="a/a.html">a</a>' in page
    assert "<table><tr><th>corpus" not in page and page.count("<table>") == 1  # no header: no facts table


def test_the_listing_page_holds_every_row_escaped_with_a_link_where_a_page_exists_and_the_table_as_csv(tmp_path):
    import pandas as pd

    from analysis.report.index import write_listing

    table = pd.DataFrame({"doc_id": ["a", "<b>"], "title": ["<script>x</script>", "Two"], "n_words": [10, 20.5]})
    page = write_listing(table, tmp_path, name="documents", title="Documents of <c>", intro="All of them.",
                         pages={"a": "report-a/report-a.html"}).read_text(encoding="utf-8")
    assert page.count("<tr") == 3 and "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
    assert '<a href="report-a/report-a.html">report</a>' in page and page.count(">report</a>") == 1
    assert '<td class="n">20.500</td>' in page and "Documents of &lt;c&gt;" in page
    assert '<input id="filter" type="search"' in page and "src=" not in page  # the filter is inline: nothing is fetched
    assert pd.read_csv(tmp_path / "documents.csv").equals(table)
