"""Web pages and feeds to documents: article text and metadata out of HTML, items out of RSS and Atom.

A page saved from the web is mostly markup, menus and scripts; read as text,
its tags and attributes (``href``, ``img``, ``onerror``) become the top terms
and its title reads ``<html …>``. :func:`extract_page` keeps the article:
its text, title, date, author and outlet (site name) as the page gives them,
with trafilatura (Barbaresi 2021, ACL demo 15; its defaults balance precision
and recall), without the comments and without tables (cells of figures are no
prose for the measures). :func:`split_feed` turns an RSS 0.9x, 1.0 or 2.0 or
an Atom feed into one record per item with feedparser.

Both run offline: trafilatura, htmldate and jusText ship their data (the
stop-word lists of jusText, the date patterns of htmldate) and are given the
page itself, never a URL to fetch (``tests/test_extract.py`` runs them with
network access refused).

>>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>"), looks_like_html("A <b> tag in a sentence.")
(True, False)
"""

from __future__ import annotations

import logging
import re
import time
from functools import cache

from .decoding import decode_entities

#: Start of a file (after white space, a BOM, an XML declaration and comments) that marks a web page.
_PAGE_START = re.compile(r"^(?:\s|\ufeff|<\?xml[^>]*\?>|<!--.*?-->)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE | re.DOTALL)
#: Start of a file that marks a feed: RSS 0.9x/2.0 ``<rss``, RSS 1.0 ``<rdf:RDF``, Atom ``<feed``.
_FEED_START = re.compile(r"^(?:\s|\ufeff|<\?xml[^>]*\?>|<\?xml-stylesheet[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<(?:rss[\s>]|rdf:RDF[\s>]|feed[\s>])", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
#: A text without a page start is still a page when it has at least this many tags ...
MIN_TAGS = 20
#: ... and the tags make up at least this share of its characters (a plain article quoting a few tags is far below).
MIN_MARKUP_SHARE = 0.2
#: The start of a text searched for the page and feed marks.
_HEAD_CHARS = 4096
_BLOCK_TAGS = frozenset("address article aside blockquote br dd div dl dt figcaption footer h1 h2 h3 h4 h5 h6 header hr li main ol p pre section table td th tr ul".split())

#: A tag of an HTML element that marks up prose (paragraphs, line breaks, links, emphasis, lists, headings, images ...).
_ELEMENT_TAG = re.compile(r"<(/?)(?:p|br|div|span|a|b|i|u|em|strong|small|sup|sub|font|center|li|ul|ol|dl|dt|dd|h[1-6]|img|hr|"
                          r"blockquote|q|cite|figure|figcaption|table|tr|td|th|section|article|header|footer|nav|aside|main|"
                          r"script|style|iframe|noscript)(?:\s[^<>]{0,2000})?/?>", re.IGNORECASE)
#: A text with at least this many element tags, one of them closing an element, is an HTML fragment.
MIN_FRAGMENT_TAGS = 2

NO_ARTICLE_TEXT = "is a web page but no article text could be extracted"


class NoArticleText(ValueError):
    """A web page from which no article text could be extracted."""


def looks_like_html(text: str) -> bool:
    """Whether *text* is a web page, judged by its content.

    A page starts with a doctype, ``<html``, ``<head>`` or ``<body>`` (after
    white space, comments or an XML declaration), or is dense with tags: at
    least :data:`MIN_TAGS` tags making at least :data:`MIN_MARKUP_SHARE` of its
    characters. A plain article that mentions ``<b>`` once is not a page.
    """
    if _PAGE_START.match(text[:_HEAD_CHARS]):
        return True
    tags = _TAG.findall(text)
    return len(tags) >= MIN_TAGS and sum(map(len, tags)) >= MIN_MARKUP_SHARE * len(text)


def looks_like_markup(text: str) -> bool:
    """Whether *text* is an HTML fragment: prose marked up with at least :data:`MIN_FRAGMENT_TAGS` element tags, one a closing one.

    Scraped tables and feeds often hold an article body as markup
    (``<p>One.</p><p>Two.</p>``) rather than as a whole page; an article that
    names one tag (``the <b> element``) is no fragment.

    >>> looks_like_markup("<p>Baku &amp; Astana met.</p><p>Talks went well.</p>"), looks_like_markup("Use the <b> element for bold.")
    (True, False)
    """
    tags = 0
    closing = False
    for match in _ELEMENT_TAG.finditer(text):
        tags += 1
        closing = closing or bool(match.group(1))
        if tags >= MIN_FRAGMENT_TAGS and closing:
            return True
    return False


def looks_like_feed(text: str) -> bool:
    """Whether *text* is an RSS (0.9x, 1.0, 2.0) or Atom feed: its first element is ``<rss``, ``<rdf:RDF`` or ``<feed``.

    >>> looks_like_feed('<?xml version="1.0"?>\\n<rss version="2.0"><channel></channel></rss>')
    True
    """
    return bool(_FEED_START.match(text[:_HEAD_CHARS]))


def extract_page(html: str, *, url: str | None = None) -> dict:
    """Return the article of a web page: ``text``, ``title``, ``date`` (``YYYY-MM-DD``), ``author``, ``outlet``, ``url``.

    Metadata the page does not give is ``None``. Source: trafilatura
    (Barbaresi 2021, https://aclanthology.org/2021.acl-demo.15/), main text
    without comments or tables, with its metadata (``<meta>``, JSON-LD,
    bylines); *url* only helps it name the outlet and is never fetched.
    Character references left in the text (pages escaped twice) are decoded.
    Raises :class:`NoArticleText` when no article text is found.

    >>> page = extract_page("<html><head><title>Rain in Baku | Daily</title></head><body><nav><a href='/'>Home</a></nav>"
    ...                     "<article><h1>Rain in Baku</h1><p>" + "Heavy rain closed three roads in Baku on Monday. " * 3 + "</p></article></body></html>")
    >>> page["title"], page["text"].split(".")[0].splitlines()
    ('Rain in Baku', ['Rain in Baku', 'Heavy rain closed three roads in Baku on Monday'])
    """
    if not isinstance(html, str):
        raise TypeError(f"html must be the page as a str; got {type(html).__name__}")
    import trafilatura

    _quiet_extractor_logs()

    document = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        with_metadata=True,
    )
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if not text:
        raise NoArticleText(NO_ARTICLE_TEXT)
    text, _ = decode_entities(text)

    def field(name: str) -> str | None:
        value = getattr(document, name, None)
        return decode_entities(value.strip())[0] if isinstance(value, str) and value.strip() else None

    return {"text": text, "title": field("title"), "date": field("date"), "author": field("author"),
            "outlet": field("sitename"), "url": field("url") or url}


#: Loggers of the extraction libraries, whose notes on each page ("discarding data", "not enough text") are kept off stderr.
EXTRACTOR_LOGGERS = ("trafilatura", "htmldate", "justext", "courlan")


@cache
def _quiet_extractor_logs() -> None:
    """Show only errors of the extraction libraries: what matters to a user is recorded per document (``repairs``, problems)."""
    for name in EXTRACTOR_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:  # a level the user set is theirs
            logger.setLevel(logging.ERROR)


def split_feed(text: str) -> list[dict]:
    """Return one record per item of an RSS or Atom feed: ``title, date, author, url, guid, text``.

    ``text`` is the item's full content when the feed carries it, else its
    summary, with the markup removed (block elements end a line) and
    character references decoded; ``date`` is the published (else updated)
    date as ``YYYY-MM-DD``; ``url`` the item's link. An XML encoding
    declaration is dropped: *text* is already decoded. Source: feedparser
    (RSS 0.9x, 1.0, 2.0 and Atom 0.3, 1.0).

    >>> feed = '<rss version="2.0"><channel><title>T</title><item><title>A &amp; B</title>' \\
    ...        '<link>http://example.org/a</link><description>&lt;p&gt;One.&lt;/p&gt;&lt;p&gt;Two.&lt;/p&gt;</description></item></channel></rss>'
    >>> [(item["title"], item["url"], item["text"]) for item in split_feed(feed)]
    [('A & B', 'http://example.org/a', 'One.\\nTwo.')]
    """
    import feedparser

    body = re.sub(r"^\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff"), count=1)
    parsed = feedparser.parse(body, sanitize_html=True, resolve_relative_uris=False)
    records = []
    for entry in parsed.entries:
        content = entry.get("content") or []
        html_text = content[0].get("value", "") if content else entry.get("summary", "")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        records.append({
            "title": _plain(entry.get("title", "")) or None,
            "date": time.strftime("%Y-%m-%d", stamp) if stamp else None,
            "author": _plain(entry.get("author", "")) or None,
            "url": entry.get("link") or None,
            "guid": entry.get("id") or None,
            "text": _plain(html_text),
            "raw": html_text,
        })
    return records


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment: tags removed, block elements (``p``, ``li``, ``br`` ...) ending a line, references decoded.

    >>> html_to_text("<p>Baku &amp; Astana</p><ul><li>one</li><li>two</li></ul>")
    'Baku & Astana\\none\\ntwo'
    """
    return _plain(fragment)


def _plain(fragment: str) -> str:
    if "<" not in fragment:
        return decode_entities(fragment)[0].strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several types on broken markup; the tags are then removed by pattern
        return decode_entities(_TAG.sub(" ", fragment))[0].strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    parts: list[str] = []
    for event, element in _walk(root):
        if event == "text":
            parts.append(element)
        elif event == "block":
            parts.append("\n")
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parts).split("\n"))
    return decode_entities("\n".join(line for line in lines if line))[0]


def _walk(element):
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() in _BLOCK_TAGS:
        yield "block", None
    if element.text and tag:
        yield "text", element.text
    for child in element:
        yield from _walk(child)
        if child.tail:
            yield "text", child.tail
    if tag.lower() in _BLOCK_TAGS:
        yield "block", None
