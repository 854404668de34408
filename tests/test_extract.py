"""Tests for analysis.extract: web pages and feeds to article text and metadata (fixtures written for these tests)."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.decoding import decode_bytes
from analysis.extract import NO_ARTICLE_TEXT, NoArticleText, extract_page, html_to_text, looks_like_feed, looks_like_html, looks_like_markup, split_feed

WEB = Path(__file__).resolve().parent / "fixtures" / "web"
PAGES = WEB / "pages"
FEEDS = WEB / "feeds"
#: Markup words that became top terms when pages were read as text.
MARKUP_WORDS = ("href", "onerror", "alert", "img", "src", "script", "html", "div")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


# -- what is a page, what is a feed --------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html>\n<html><body><p>Baku</p></body></html>", True),
        ("  \ufeff<html lang='en'><head><title>T</title></head></html>", True),
        ('<?xml version="1.0"?>\n<!-- saved -->\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', True),
        ("<body><p>Only a body.</p></body>", True),
        # no page start, but dense with tags: a fragment copied from a page
        ("".join(f"<div class='c'><p>Line {i}</p></div>" for i in range(10)), True),
        # plain articles that mention markup are not pages
        ("The editor wrapped the headline in <b> tags by mistake, readers said, and the page looked odd for an hour.", False),
        ("Baku and Astana signed the agreement on Monday.\nThe ministers met for three hours.", False),
        ("Use <br> for a line break and <p> for a paragraph, the course told its students. " * 3, False),
    ],
)
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel/></rss>', True),
        ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>', True),
        ('<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>', True),
        ("<!DOCTYPE html><html><body>rss feed</body></html>", False),
        ("An article about the RSS <rss> element.", False),
    ],
)
def test_looks_like_feed(text, expected):
    assert looks_like_feed(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>Baku and Astana met.</p><p>Talks went well.</p>", True),
        ("Baku and Astana met.<br>Talks went <em>well</em>.", True),
        ('Read <a href="/x">the statement</a> in full.<br/>', True),
        ("<P CLASS='lead'>Upper-case tags</P> count too.", True),
        # a tag or two named in prose, never closed, is no fragment
        ("Use the <b> element for bold and <i> for italics.", False),
        ("Use <br> for a line break.", False),
        ("Prices rose 3% <5 km from the port> and fell later.", False),
        ("x < y and y > z, the model assumes.", False),
    ],
)
def test_looks_like_markup(text, expected):
    assert looks_like_markup(text) is expected


def test_fixture_files_are_recognised_by_content():
    for page in ("harbour.html", "library.html", "council.txt", "empty.html"):
        assert looks_like_html((PAGES / page).read_text(encoding="utf-8")), page
    for feed in FEEDS.glob("*.*"):
        if feed.suffix != ".py":
            assert looks_like_feed(decode_bytes(feed.read_bytes()).text), feed.name


# -- pages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title", "date", "author", "outlet"),
    [
        ("harbour.html", "Harbour reopens after storm repairs", "2025-10-14", "Mara Lindqvist", "Coastline Courier"),
        ("library.html", "New library opens in the old railway depot", "2025-09-03", "Tomas Okafor", "Valley Gazette"),
        ("council.txt", "Council votes to keep night buses", "2025-11-20", "Lena Hoffmann", "Riverside Post"),
    ],
)
def test_extract_page_keeps_the_article_and_its_metadata(name, title, date, author, outlet):
    page = extract_page((PAGES / name).read_text(encoding="utf-8"))
    assert (page["title"], page["date"], page["author"], page["outlet"]) == (title, date, author, outlet)
    gold = (WEB / "gold" / Path(name).with_suffix(".txt").name).read_text(encoding="utf-8").splitlines()
    for line in gold[1:]:  # every paragraph of the article body, entities decoded
        assert line in page["text"]
    assert "<" not in page["text"] and "&" not in page["text"]
    assert not _words(page["text"]) & set(MARKUP_WORDS)


def test_extract_page_leaves_out_navigation_comments_and_footers():
    text = extract_page((PAGES / "harbour.html").read_text(encoding="utf-8"))["text"]
    for boilerplate in ("Subscribe", "Related stories", "Lighthouse volunteers", "council is useless", "Terrible planning", "All rights reserved", "Privacy"):
        assert boilerplate not in text
    assert "It isn't perfect yet" in text  # &#39; decoded
    assert "“It isn't perfect yet, but it is safe, and the boats can come home,”" in text  # &ldquo; &rdquo;


def test_extract_page_without_article_text_raises():
    with pytest.raises(NoArticleText, match=f"^{NO_ARTICLE_TEXT}$"):
        extract_page((PAGES / "empty.html").read_text(encoding="utf-8"))


def test_extract_page_checks_its_argument():
    with pytest.raises(TypeError, match="html must be the page as a str; got bytes"):
        extract_page(b"<html></html>")


def test_extraction_needs_no_network(monkeypatch):
    """trafilatura, htmldate, jusText and feedparser run on their own data: every connection attempt fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"a network connection was attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    page = extract_page((PAGES / "library.html").read_text(encoding="utf-8"), url="https://gazette.example.org/library")
    assert page["outlet"] == "Valley Gazette"
    assert len(split_feed((FEEDS / "en_atom.atom").read_text(encoding="utf-8"))) == 2


# -- feeds ----------------------------------------------------------------------


def test_split_atom_feed():
    items = split_feed((FEEDS / "en_atom.atom").read_text(encoding="utf-8"))
    assert [(i["title"], i["date"], i["author"], i["url"]) for i in items] == [
        ("New library opens in the old railway depot", "2025-09-03", "Tomas Okafor", "http://gazette.example.org/library"),
        # no published date: the updated one stands in
        ("Bridge repairs delayed until spring", "2025-09-04", "Ada Brennan", "http://gazette.example.org/bridge"),
    ]
    assert items[0]["guid"] == "urn:uuid:4d1f0c6e-1f0a-4a53-9a57-000000000002"
    assert items[0]["text"] == ("The valley’s new public library opened on Wednesday in the old railway depot.\n"
                                "More than four hundred people queued before the doors opened. See the photos.")
    assert "onerror" not in items[0]["raw"]  # feedparser's sanitiser drops script attributes
    # escaped twice in the feed (&amp;amp;#39;): decoded all the way
    assert items[1]["text"] == "The council said the work isn't possible before the frost, and the bridge will stay closed to lorries."


def test_split_rss1_feed():
    items = split_feed((FEEDS / "en_rss1.rdf.xml").read_text(encoding="utf-8"))
    assert [(i["title"], i["date"], i["author"]) for i in items] == [
        ("Council votes to keep night buses", "2025-11-20", "Lena Hoffmann"),
        ("Market moves to the square", "2025-11-21", None),
    ]


@pytest.mark.parametrize("path", sorted(FEEDS.glob("ru_*")), ids=lambda p: p.name)
def test_russian_feeds_split_in_cyrillic(path):
    items = split_feed(decode_bytes(path.read_bytes()).text)
    assert [i["title"] for i in items] == ["Городской совет сохранил ночные автобусы", "В старом депо открылась библиотека", "Порт снова принимает рыболовные суда"]
    assert [i["date"] for i in items] == ["2026-03-02", "2026-03-03", "2026-03-04"]
    assert items[0]["text"].startswith("Городской совет в четверг решил сохранить три ночных автобусных маршрута")
    assert items[0]["text"].count("\n") == 1  # two paragraphs, markup removed
    assert all("<" not in i["text"] for i in items)


def test_split_feed_of_a_feed_without_items():
    assert split_feed('<rss version="2.0"><channel><title>Empty</title></channel></rss>') == []


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>Baku &amp; Astana</p><p>Second</p>", "Baku & Astana\nSecond"),
        ("One<br>two<br/>three", "One\ntwo\nthree"),
        ("<div><script>var x = 1;</script><style>p {}</style>Kept <b>bold</b> <!-- not this --></div>", "Kept bold"),
        ("Plain text with &quot;quotes&quot;", 'Plain text with "quotes"'),
        ("<p>Broken <b>markup", "Broken markup"),
    ],
)
def test_html_to_text(fragment, text):
    assert html_to_text(fragment) == text


def test_extraction_notes_stay_off_stderr():
    # In a fresh interpreter whose logging prints warnings, as a notebook kernel's does: the libraries' notes
    # ("discarding data: None") would be printed for every page without article text.
    code = ("import logging\nlogging.basicConfig()\nfrom analysis.extract import NoArticleText, extract_page\n"
            "try:\n    extract_page('<html><body><script>var x = 1;</script></body></html>')\n"
            "except NoArticleText:\n    print('no article text')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert (done.stdout, done.stderr) == ("no article text\n", "")
