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
