"""Turn the bytes of a file into text: encoding detection, repair, normalisation.

Real corpora arrive as UTF-8 with or without a byte-order mark, UTF-16 with a
BOM, or legacy single-byte encodings (Windows-1251, KOI8-R, cp1252, ...). This
module decodes them with these steps, each recorded so the decoding is
auditable:

1. a BOM decides (UTF-8, UTF-16, UTF-32);
2. otherwise strict UTF-8;
3. otherwise the encoding an XML declaration (``<?xml ... encoding="koi8-r"?>``)
   or an HTML ``<meta charset>`` names in the first 1,024 bytes, when the
   bytes decode with it (web pages and feeds say what they are; a short feed
   in CP866 or MacCyrillic is too little evidence for detection);
4. a mostly UTF-8 file with a few stray bytes (at most
   :data:`MAX_STRAY_BYTES`) is decoded as UTF-8 with the stray bytes read as
   cp1252 (a common web fault), and every such byte is reported; a file with
   a few such bytes and no valid UTF-8 sequence beyond ASCII is read as
   cp1252 (Latin-1 text with a few accented letters, which detection on so
   little evidence gets wrong);
5. a file that is overwhelmingly UTF-8 (the stray bytes are at most
   :data:`MAX_STRAY_SHARE` of its non-ASCII sequences, valid or not) is
   decoded as UTF-8 with each stray byte replaced by U+FFFD, and the count is
   reported: re-decoding the whole file as a legacy code page to save a
   handful of bytes turns every correct letter into mojibake. Legacy
   single-byte text is the opposite case: nearly all of its non-ASCII bytes
   are invalid UTF-8 (94 to 100% for Russian in cp1251, KOI8-R, CP866,
   MacCyrillic and ISO-8859-5, Kazakh in kz1048, French in cp1252, Turkish in
   cp1254: ``tests/test_decoding.py``);
6. otherwise the encoding is detected with ``charset-normalizer``; when
   several single-byte encodings fit equally well (French in Latin-1 reads as
   plausible cp1252, cp1250 and cp1257), the code page of the language
   identified on the text decides (``analysis/data/code_pages.txt``);
7. mojibake is repaired with ``ftfy`` (Speer 2019) and the text is put in
   Unicode NFC; curly quotes, dashes and ligatures are kept as written.

HTML character references (``&#39;``, ``&amp;``, ``&eacute;``) are decoded by
:func:`decode_entities`, which every text field of every format goes through.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import charset_normalizer
import ftfy

from .errors import CorpusError
from .language import detect_language
from .resources import read_list

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: At most this many invalid bytes in otherwise valid UTF-8 are read as cp1252.
MAX_STRAY_BYTES = 8
#: A file with more stray bytes is still read as UTF-8 (stray bytes replaced) when they are at most this share of its
#: non-ASCII sequences (stray bytes plus valid multi-byte characters); legacy single-byte text is above 0.9.
MAX_STRAY_SHARE = 0.05
#: An encoding declaration is looked for in this many bytes at the start of a file (as the HTML standard's prescan).
DECLARATION_BYTES = 1024
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
#: Labels the web uses (WHATWG Encoding Standard) that Python's codec registry does not know, and Python's name.
_WEB_LABELS = {"x-mac-cyrillic": "mac_cyrillic", "x-mac-ukrainian": "mac_cyrillic", "x-mac-roman": "mac_roman", "macintosh": "mac_roman"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
#: Control characters (Unicode category Cc: U+0000-U+001F and U+007F-U+009F) other than white space.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: Share of control characters above which a decoded file is taken as binary.
MAX_CONTROL_SHARE = 0.01

_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    normalization="NFC",
    explain=True,
)


@dataclass(frozen=True)
class Decoded:
    """The result of :func:`decode_bytes`."""

    text: str
    encoding: str
    repairs: list[str] = field(default_factory=list)


def decode_bytes(data: bytes, *, path: object = "<bytes>") -> Decoded:
    """Decode *data* to text, detecting its encoding; raise :class:`CorpusError` if it is not text.

    >>> decode_bytes("Türkiye".encode("cp1252") + b" and Baku").text
    'Türkiye and Baku'
    >>> decode_bytes("Baku \\u00a3".encode() + b" \\xa3").repairs
    ['1 invalid UTF-8 byte(s) read as cp1252 at offset(s) 8']
    """
    if not data:
        raise CorpusError(path, "is empty (0 bytes)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), encoding, [], path)
            except UnicodeDecodeError as exc:
                raise CorpusError(path, f"starts with a {encoding} byte-order mark but is not valid {encoding}: {exc.reason} at byte {exc.start}") from None
    if b"\x00" in data:
        return _detected(data, path, reason="contains NUL bytes")
    try:
        return _checked(data.decode("utf-8"), "utf-8", [], path)
    except UnicodeDecodeError:
        pass
    declared = _declared(data, path)
    if declared is not None:
        return declared
    stray = _stray_bytes(data)
    if len(stray) <= MAX_STRAY_BYTES:
        where = ", ".join(str(i) for i in stray)
        if data.decode("utf-8", errors="ignore").isascii():
            # Not one valid UTF-8 sequence beyond ASCII: a single-byte file with a few accented letters.
            text = data.decode("cp1252", errors="replace")
            return _checked(text, "cp1252", [f"no UTF-8 beyond ASCII; {len(stray)} byte(s) read as cp1252 at offset(s) {where}"], path)
        text = data.decode("utf-8", errors="cp1252_fallback")
        return _checked(text, "utf-8", [f"{len(stray)} invalid UTF-8 byte(s) read as cp1252 at offset(s) {where}"], path)
    n_stray, n_valid = utf8_census(data)
    if n_stray <= MAX_STRAY_SHARE * (n_stray + n_valid):
        text = data.decode("utf-8", errors="replace")
        return _checked(text, "utf-8", [f"{n_stray} invalid UTF-8 byte(s) replaced by U+FFFD (the file is UTF-8: {n_valid} valid non-ASCII characters)"], path)
    return _detected(data, path, reason="is not UTF-8")


def utf8_census(data: bytes) -> tuple[int, int]:
    """Count the bytes of *data* that are not part of a valid UTF-8 sequence, and the valid non-ASCII characters.

    >>> utf8_census("café".encode() + b" caf\\xe9")
    (1, 1)
    """
    valid = data.decode("utf-8", errors="ignore")
    return len(data) - len(valid.encode("utf-8")), len(valid) - len(valid.encode("ascii", errors="ignore"))


def declared_encoding(data: bytes) -> str | None:
    """The encoding an XML declaration or an HTML ``<meta charset>`` names in the first bytes of *data*, if Python knows it.

    >>> declared_encoding(b'<?xml version="1.0" encoding="windows-1251"?><rss/>')
    'cp1251'
    >>> declared_encoding(b'<html><head><meta charset="koi8-r">') , declared_encoding(b"plain text")
    ('koi8_r', None)
    """
    head = data[:DECLARATION_BYTES]
    match = _XML_DECLARATION.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii").lower()
    try:
        return codecs.lookup(_WEB_LABELS.get(label, label)).name.replace("-", "_")
    except LookupError:
        return None


def _declared(data: bytes, path: object) -> Decoded | None:
    encoding = declared_encoding(data)
    if encoding is None or encoding.startswith("utf"):
        return None  # a file that says UTF-8 but is not: the stray-byte rules below decide
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None  # the declaration is wrong: detection decides
    return _checked(text, encoding, [f"encoding {encoding} as the file's own declaration says"], path)


def _stray_bytes(data: bytes) -> list[int]:
    """Offsets of the bytes that are not part of a valid UTF-8 sequence (stops after MAX_STRAY_BYTES + 1)."""
    offsets: list[int] = []
    position = 0
    while len(offsets) <= MAX_STRAY_BYTES:
        try:
            data[position:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            offsets.extend(range(position + exc.start, position + exc.end))
            position += exc.end
    return offsets


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    raw = exc.object[exc.start : exc.end]
    return raw.decode("cp1252", errors="replace"), exc.end


codecs.register_error("cp1252_fallback", _cp1252_fallback)


#: Candidates whose chaos (charset-normalizer's measure of unlikely characters) is within this of the best one's ...
CHAOS_TIE = 0.05
#: ... and whose coherence (its language-frequency fit) is within this of the best one's read the file equally well.
COHERENCE_TIE = 0.02


@cache
def code_pages() -> dict[str, str]:
    """The Windows code page of each language (ISO 639-1 code -> codec), from ``analysis/data/code_pages.txt``.

    >>> code_pages()["fr"], code_pages()["lt"], code_pages()["ru"]
    ('cp1252', 'cp1257', 'cp1251')
    """
    return dict(entry.split() for entry in read_list("code_pages.txt"))


def _detected(data: bytes, path: object, *, reason: str) -> Decoded:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise CorpusError(path, f"is not text: it {reason} and no text encoding fits it (a binary file?)")
    text, encoding = str(best), best.encoding
    repairs = [f"encoding detected as {encoding} (the file {reason})"]
    ties = {m.encoding: m for m in matches if m.chaos <= best.chaos + CHAOS_TIE and m.coherence >= best.coherence - COHERENCE_TIE}
    if len(ties) > 1:
        # Several single-byte encodings read the file equally well; they differ only in a few letters, which
        # charset-normalizer's measures cannot tell apart on little text. The language, identified on the words
        # every candidate reads the same (the ASCII ones), names the code page it is normally written in.
        same = " ".join(word for word in text.split() if word.isascii())
        language = detect_language([same or text])["language"].iat[0]
        preferred = code_pages().get(language)
        if preferred in ties and preferred != encoding:
            text, encoding = str(ties[preferred]), preferred
            repairs = [f"encoding detected as {encoding}: {len(ties)} encodings fit the file equally well "
                       f"({', '.join(sorted(ties))}) and {encoding} is the code page of its language ({language}) (the file {reason})"]
    return _checked(text, encoding, repairs, path)


def _checked(text: str, encoding: str, repairs: list[str], path: object) -> Decoded:
    controls = len(_CONTROLS.findall(text))
    if text and controls / len(text) > MAX_CONTROL_SHARE:
        raise CorpusError(path, f"is not text: {controls} of its {len(text)} characters are control characters when read as {encoding} (a binary file?)")
    return Decoded(text, encoding, repairs)


#: An HTML character reference closed by a semicolon: named (``&amp;``), decimal (``&#39;``) or hexadecimal (``&#x27;``).
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
#: Text escaped twice (``&amp;#39;``) is decoded at most this many times.
MAX_ENTITY_PASSES = 3


def decode_entities(text: str) -> tuple[str, int]:
    """Decode the HTML character references in *text*; return the text and how many were decoded.

    Only references closed by a semicolon are decoded (``AT&T`` and ``R&D``
    stay as written; :func:`html.unescape` alone would also read ``&not`` in
    ``Smith&nothing``), and unknown names are kept. Text escaped twice
    (``isn&amp;#39;t``, common in scraped tables) is decoded again, at most
    :data:`MAX_ENTITY_PASSES` times.

    >>> decode_entities("It isn&#39;t &quot;fine&quot; &amp; AT&T &bogus; knows")
    ('It isn\\'t "fine" & AT&T &bogus; knows', 4)
    >>> decode_entities("isn&amp;#39;t")
    ("isn't", 2)
    """
    count = 0
    for _ in range(MAX_ENTITY_PASSES):
        if "&" not in text:
            break
        found = 0

        def replace(match: re.Match) -> str:
            nonlocal found
            decoded = html.unescape(match.group())
            if decoded != match.group():
                found += 1
            return decoded

        text = _ENTITY.sub(replace, text)
        if not found:
            break
        count += found
    return text, count


#: At most this many combining marks in a row (Unicode's Stream-Safe Text Format, UAX #15 section 13).
MAX_COMBINING_RUN = 30
#: The character put after every :data:`MAX_COMBINING_RUN` combining marks of a longer run (it blocks their reordering).
COMBINING_GRAPHEME_JOINER = "\u034f"


#: Code points below this are looked at for combining marks (none of higher planes has a non-zero combining class).
_COMBINING_PLANES_END = 0x20000


def _is_non_starter(char: str) -> bool:
    """A combining mark, or a character whose decomposition starts with one (U+0F73 TIBETAN VOWEL SIGN II)."""
    return unicodedata.combining(char) != 0 or unicodedata.combining(unicodedata.normalize("NFD", char)[0]) != 0


@cache
def _combining_run() -> re.Pattern[str]:
    """A run of more than :data:`MAX_COMBINING_RUN` non-starters (combining marks) as one pattern."""
    ranges, start = [], None
    for code in range(_COMBINING_PLANES_END + 1):
        inside = code < _COMBINING_PLANES_END and _is_non_starter(chr(code))
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            ranges.append(re.escape(chr(start)) + (f"-{re.escape(chr(code - 1))}" if code - 1 > start else ""))
            start = None
    marks = f"[{''.join(ranges)}]"
    return re.compile(f"{marks}{{{MAX_COMBINING_RUN}}}(?={marks})")


def stream_safe(text: str) -> tuple[str, int]:
    """*text* in the Stream-Safe Text Format: a combining grapheme joiner after every 30 combining marks of a longer run.

    Normalisation sorts the combining marks after a character by their class, with a cost that grows with the
    square of their number; no writing system puts more than a few on one letter (UAX #15, section 13, allows
    30), while "Zalgo" text stacks hundreds. Returns the text and the number of joiners put in.

    >>> text, n = stream_safe("a" + "\\u0301\\u0323" * 20)
    >>> n, text.count("\\u034f"), len(text)
    (1, 1, 42)
    """
    if text.isascii():
        return text, 0
    out, n = _combining_run().subn(lambda match: match.group() + COMBINING_GRAPHEME_JOINER, text)
    return out, n


def normalize_text(text: str) -> tuple[str, list[str]]:
    """Repair mojibake with ftfy and normalise to NFC; return the text and the repairs made.

    Line breaks become ``\\n``; quotes, dashes and ligatures are left as written. A run of more
    than :data:`MAX_COMBINING_RUN` combining marks is cut by a combining grapheme joiner first
    (:func:`stream_safe`), so that the work stays linear in the text.

    >>> normalize_text("Azerbaijanâ€™s role")
    ('Azerbaijan’s role', ['mojibake repaired by ftfy (encode sloppy-windows-1252, decode utf-8)'])
    >>> normalize_text("Cafe\\u0301")
    ('Café', [])
    """
    text, n_joiners = stream_safe(text)
    fixed, explanation = ftfy.fix_and_explain(text, config=_FTFY_CONFIG)
    steps = [step for step in (explanation or []) if step.action in ("encode", "decode")]
    repairs = []
    if n_joiners:
        repairs.append(f"{n_joiners} combining grapheme joiner(s) put in runs of more than {MAX_COMBINING_RUN} combining marks (Unicode Stream-Safe Text Format)")
    if steps:
        repairs.append("mojibake repaired by ftfy (" + ", ".join(f"{s.action} {s.parameter}" for s in steps) + ")")
    return unicodedata.normalize("NFC", fixed), repairs
