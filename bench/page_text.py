"""Hand-checked article bodies of real web pages, stored as stand-off annotation.

The pages are third-party and stay where they are (``../shared/data/trafilatura_eval_en``); the project keeps
only short anchors (at most eight words each, like the evaluation set's own snippets) that point into a
deterministic rendering of each page's visible text, ``visible_blocks``. ``gold_body`` rebuilds a page's body
from its annotation in ``extraction_bodies.json`` (the convention the annotator followed is written there).

Rendering: the page is decoded as UTF-8 (invalid bytes replaced), parsed with ``lxml.html``; ``script``,
``style``, ``noscript``, ``template``, ``svg`` and ``head`` elements and comments are dropped; a new block starts
at the start and end of every block-level element (``BLOCK_TAGS``) and at ``br``; each block is
NFC-normalised with runs of whitespace made one space, and empty blocks are dropped.

Annotation of one page: ``{"sha256": ..., "blocks": [{"start": ..., "end": ...}, ...], "drop": [...]}``. A run
is the consecutive blocks from the block containing ``start`` to the block containing ``end``, inclusive; a
block containing a ``drop`` anchor is left out of the runs. Every anchor must pick exactly one block: the one
block equal to it, or else the one block containing it; an ``end`` anchor is looked for only from its run's
start block on (the last paragraph may repeat words from the page's top).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata
from pathlib import Path

import lxml.html

#: Elements whose content is never visible text.
DROP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head"})
#: Elements that start and end a block of text (``br`` ends one too).
BLOCK_TAGS = frozenset("""
    address article aside blockquote body br caption dd details dialog div dl dt fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main nav ol p pre section summary table tbody
    td tfoot th thead tr ul
""".split())
#: The most words an anchor may have.
MAX_ANCHOR_WORDS = 8
#: The annotation file: the convention, the annotated pages and the skipped ones.
BODIES = Path(__file__).resolve().with_name("extraction_bodies.json")
#: How the pages were drawn, once, before any was looked at: ``random.Random(SEED).sample(sorted(names), SAMPLE)``.
SEED, SAMPLE = 2026, 40
_SPACE = re.compile(r"\s+")
_PARSER = lxml.html.HTMLParser(encoding="utf-8")


def normalise(text: str) -> str:
    """*text* NFC-normalised, runs of whitespace made one space, stripped.

    >>> normalise("  Cafe\\u0301 \\n\\t au  lait ")
    'Café au lait'
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def visible_blocks(html: str) -> list[str]:
    """The visible text of the page *html* as a list of blocks (see the module docstring for the rules).

    >>> visible_blocks('''<html><head><title>T</title><style>p {}</style></head><body>
    ... <div>Menu <a href="/">Home</a></div><!-- note -->
    ... <article><h1>The  harbour reopened</h1><p>Boats <b>came</b> back.<br>Fish too.</p>
    ... <script>var x = 1;</script><ul><li>one</li><li> </li></ul>tail text</article></body></html>''')
    ['Menu Home', 'The harbour reopened', 'Boats came back.', 'Fish too.', 'one', 'tail text']
    """
    if not html.strip():
        return []
    root = lxml.html.document_fromstring(html.encode("utf-8"), parser=_PARSER)  # bytes: an XML declaration is allowed
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = normalise("".join(current))
        if text:
            blocks.append(text)
        current.clear()

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else None  # comments and processing instructions have no str tag
        if tag is not None and tag.lower() not in DROP_TAGS:
            block = tag.lower() in BLOCK_TAGS
            if block:
                flush()
            current.append(element.text or "")
            for child in element:
                walk(child)
            if block:
                flush()
        if element.tail:
            current.append(element.tail)

    walk(root)
    flush()
    return blocks


def decode_page(data: bytes) -> str:
    """The page *data* as text: UTF-8, an invalid byte replaced by U+FFFD (every annotated page is UTF-8).

    >>> decode_page("Café".encode("utf-8") + b"\\xff")
    'Café\\ufffd'
    """
    return data.decode("utf-8", errors="replace")


def find_block(blocks: list[str], anchor: str, *, page: str, after: int = 0) -> int:
    """The index of the one block of *blocks* (from index *after* on) that is *anchor* (normalised), else of the one that contains it.

    A block equal to the anchor wins over blocks that merely contain it (a subheading repeated inside the
    title); ValueError naming *page* when no block, or more than one, qualifies.

    >>> find_block(["Menu", "The harbour reopened", "Boats came back."], "harbour", page="a.html")
    1
    >>> find_block(["Harbour news: boats came back", "Boats came back"], "Boats came back", page="a.html")
    1
    >>> find_block(["Boats came back.", "Menu", "Boats came back."], "Boats came back", page="a.html", after=1)
    2
    >>> find_block(["Boats came in", "Boats came back."], "Boats came", page="a.html")
    Traceback (most recent call last):
    ...
    ValueError: a.html: anchor 'Boats came' is in 2 blocks (0, 1); it must be in exactly one
    """
    wanted = normalise(anchor)
    if not wanted or len(wanted.split()) > MAX_ANCHOR_WORDS:
        raise ValueError(f"{page}: anchor {anchor!r} must have 1 to {MAX_ANCHOR_WORDS} words")
    where = "" if after == 0 else f" from block {after} on"
    hits = ([i for i in range(after, len(blocks)) if blocks[i] == wanted]
            or [i for i in range(after, len(blocks)) if wanted in blocks[i]])
    if not hits:
        raise ValueError(f"{page}: anchor {anchor!r} is in no block of the page's visible text{where}")
    if len(hits) > 1:
        raise ValueError(f"{page}: anchor {anchor!r} is in {len(hits)} blocks{where} ({', '.join(map(str, hits[:5]))}); it must be in exactly one")
    return hits[0]


def body_blocks(blocks: list[str], annotation: dict, *, page: str = "page") -> list[int]:
    """The indices of the body blocks of *blocks* that *annotation* (``blocks`` runs and ``drop`` anchors) marks.

    >>> body_blocks(["Menu", "Title", "First para.", "A caption", "Last para.", "Share"],
    ...             {"blocks": [{"start": "First", "end": "Last"}], "drop": ["caption"]})
    [2, 4]
    """
    dropped = {find_block(blocks, anchor, page=page) for anchor in annotation.get("drop", [])}
    chosen: list[int] = []
    for run in annotation["blocks"]:
        first = find_block(blocks, run["start"], page=page)
        last = find_block(blocks, run["end"], page=page, after=first)
        chosen.extend(i for i in range(first, last + 1) if i not in dropped and i not in chosen)
    return chosen


def gold_body(html: bytes, annotation: dict, *, page: str = "page") -> str:
    """The hand-checked body of the page *html* (its bytes) as the annotation marks it, one block a line.

    Raises ValueError naming *page* when the page's SHA-256 is not the annotated one, or an anchor is
    missing from the page or in more than one block.

    >>> page = b"<html><body><nav>Home</nav><h1>Title</h1><p>First para.</p><p>Last para.</p></body></html>"
    >>> note = {"sha256": hashlib.sha256(page).hexdigest(), "blocks": [{"start": "First", "end": "Last para"}], "drop": []}
    >>> gold_body(page, note, page="a.html")
    'First para.\\nLast para.'
    >>> gold_body(page + b" ", note, page="a.html")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: a.html: SHA-256 of the page is ..., the annotation was made on ...; the page changed
    """
    digest = hashlib.sha256(html).hexdigest()
    if digest != annotation["sha256"]:
        raise ValueError(f"{page}: SHA-256 of the page is {digest}, the annotation was made on {annotation['sha256']}; the page changed")
    blocks = visible_blocks(decode_page(html))
    return "\n".join(blocks[i] for i in body_blocks(blocks, annotation, page=page))


def sample_pages(names) -> list[str]:
    """The pages drawn for annotation from the evaluation set's page *names*, in the order drawn.

    >>> len(sample_pages([f"p{i}.html" for i in range(100)]))
    40
    """
    return random.Random(SEED).sample(sorted(names), SAMPLE)


def read_bodies(path: Path = BODIES, *, names=None) -> dict:
    """The annotation file at *path*, checked: every page has ``sha256`` and ``blocks`` (``start``/``end``) and ``drop``.

    With the evaluation set's page *names*, the annotated and skipped pages must be exactly the drawn sample
    (``sample_pages``): a page missing, or one that was not drawn, is an error naming it.
    """
    try:
        bodies = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path}: cannot read the annotation file ({error})") from error
    if not isinstance(bodies, dict) or not {"convention", "pages", "skipped"} <= bodies.keys():
        raise ValueError(f"{path}: needs the keys 'convention', 'pages' and 'skipped'")
    for name, note in bodies["pages"].items():
        runs = note.get("blocks") if isinstance(note, dict) else None
        if (not isinstance(note.get("sha256"), str) or not isinstance(runs, list) or not runs
                or not all(isinstance(r, dict) and {"start", "end"} <= r.keys() for r in runs)
                or not isinstance(note.get("drop", []), list)):
            raise ValueError(f"{path}: page {name!r} needs 'sha256', a non-empty list 'blocks' of {{'start', 'end'}} and a list 'drop'")
    if names is not None:
        drawn = set(sample_pages(names))
        listed = set(bodies["pages"]) | set(bodies["skipped"])
        if listed != drawn:
            raise ValueError(f"{path}: the annotated and skipped pages are not the drawn sample; "
                             f"missing {sorted(drawn - listed)[:5]}, not drawn {sorted(listed - drawn)[:5]}")
    return bodies
