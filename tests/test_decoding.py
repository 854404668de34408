"""Tests for analysis.decoding: bytes to text, encoding detection, repair and NFC."""

from __future__ import annotations

import codecs
import gzip
import random
import tomllib
import unicodedata
from pathlib import Path

import pytest

from analysis.decoding import MAX_STRAY_BYTES, MAX_STRAY_SHARE, declared_encoding, decode_bytes, decode_entities, normalize_text, utf8_census
from analysis.errors import CorpusError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
PARAGRAPHS = tomllib.loads((FIXTURES / "paragraphs.toml").read_text(encoding="utf-8"))["paragraphs"]
#: Two paragraphs (about 700 characters of Cyrillic): enough for detection to be fair.
RU_TEXT = PARAGRAPHS["ru"] + "\n" + PARAGRAPHS["ru"].upper()


# -- Unicode with and without a byte-order mark ------------------------------


@pytest.mark.parametrize(
    ("language", "data_of", "encoding"),
    [
        ("en", lambda t: t.encode("utf-8"), "utf-8"),
        ("ru", lambda t: t.encode("utf-8"), "utf-8"),
        ("kk", lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
        ("az", lambda t: t.encode("utf-16"), "utf-16"),  # Python writes a BOM (little-endian here)
        ("kk", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16"),
        ("tr", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16"),
        ("ru", lambda t: t.encode("utf-32"), "utf-32"),
    ],
)
def test_unicode_files_decode_exactly_without_repairs(language, data_of, encoding):
    text = PARAGRAPHS[language]
    decoded = decode_bytes(data_of(text))
    assert decoded.text == text  # a BOM is not part of the text
    assert decoded.encoding == encoding
    assert decoded.repairs == []


def test_utf16_without_bom_is_detected_from_its_nul_bytes():
    text = PARAGRAPHS["az"]
    decoded = decode_bytes(text.encode("utf-16-le"))
    assert decoded.text == text
    assert decoded.encoding == "utf_16_le"
    assert decoded.repairs == ["encoding detected as utf_16_le (the file contains NUL bytes)"]


# -- legacy single-byte encodings --------------------------------------------


@pytest.mark.parametrize(
    ("text", "codec", "encoding"),
    [
        (RU_TEXT, "cp1251", "cp1251"),
        (RU_TEXT, "koi8-r", "koi8_r"),
        (PARAGRAPHS["ru"], "cp1251", "cp1251"),  # one paragraph is enough for cp1251
        (PARAGRAPHS["kk"], "kz1048", "kz1048"),  # Kazakh letters (қ, ә, ұ ...) are not in cp1251
        (PARAGRAPHS["fr"] + "\n" + PARAGRAPHS["fr"], "cp1252", "cp1252"),
        (PARAGRAPHS["tr"] + "\n" + PARAGRAPHS["tr"], "cp1254", "cp1254"),
    ],
)
def test_legacy_encodings_are_detected(text, codec, encoding):
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding == encoding
    assert decoded.repairs == [f"encoding detected as {encoding} (the file is not UTF-8)"]


CODE_PAGE_TEXTS = tomllib.loads((FIXTURES / "code_pages.toml").read_text(encoding="utf-8"))["texts"]


@pytest.mark.parametrize("key", sorted(CODE_PAGE_TEXTS))
@pytest.mark.parametrize("copies", [1, 4])
def test_short_legacy_text_comes_out_letter_for_letter(key, copies):
    codec = key.split("_", 1)[1].replace("_", "-")
    text = (CODE_PAGE_TEXTS[key] + "\n") * copies
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text, decoded.repairs


def test_equally_plausible_code_pages_are_decided_by_the_language():
    text = CODE_PAGE_TEXTS["lt_cp1257"] + "\n"
    decoded = decode_bytes(text.encode("cp1257"))
    assert decoded.encoding == "cp1257"
    assert len(decoded.repairs) == 1
    assert "fit the file equally well" in decoded.repairs[0] and "code page of its language (lt)" in decoded.repairs[0]


def test_every_code_page_in_the_list_is_a_python_codec():
    from analysis.decoding import code_pages

    for language, codec in code_pages().items():
        assert len(language) == 2 and codecs.lookup(codec).name.replace("-", "_") == codec


def test_latin1_text_with_few_accents_is_read_as_cp1252():
    # The German paragraph has three bytes above ASCII in Latin-1 (ä, ü, ü) at
    # character offsets 298, 309 and 330, and no UTF-8 sequence at all.
    text = PARAGRAPHS["de"]
    assert [i for i, ch in enumerate(text) if ord(ch) > 127] == [298, 309, 330]
    decoded = decode_bytes(text.encode("latin-1"))
    assert decoded.text == text
    assert decoded.encoding == "cp1252"
    assert decoded.repairs == ["no UTF-8 beyond ASCII; 3 byte(s) read as cp1252 at offset(s) 298, 309, 330"]


# -- stray bytes -------------------------------------------------------------


def test_one_stray_byte_in_utf8_is_decoded_and_reported():
    # "Azerbaijan" (10 bytes) + "’" (3 bytes) + "s capital, Baku, hosted a caf" (29) = byte 42 is the é.
    good = "Azerbaijan’s capital, Baku, hosted a café meeting."
    data = good.encode("utf-8").replace("café".encode("utf-8"), b"caf\xe9")
    decoded = decode_bytes(data)
    assert decoded.text == good
    assert decoded.encoding == "utf-8"
    assert decoded.repairs == ["1 invalid UTF-8 byte(s) read as cp1252 at offset(s) 42"]


def test_one_stray_byte_in_ascii_is_decoded_and_reported():
    decoded = decode_bytes(b"The fee was 5 \xa3 in London.")
    assert decoded.text == "The fee was 5 £ in London."
    assert decoded.repairs == ["no UTF-8 beyond ASCII; 1 byte(s) read as cp1252 at offset(s) 14"]


def test_more_stray_bytes_than_the_limit_go_to_detection():
    text = "Azerbaijan’s " + "café " * (MAX_STRAY_BYTES + 1)
    data = text.encode("utf-8").replace("é".encode("utf-8"), b"\xe9")
    decoded = decode_bytes(data)
    assert decoded.repairs[0].startswith("encoding detected as")
    assert "the file is not UTF-8" in decoded.repairs[0]


# -- not text ----------------------------------------------------------------


def _random_bytes(low: int, high: int, n: int = 3000) -> bytes:
    generator = random.Random(7)
    return bytes(generator.randrange(low, high) for _ in range(n))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", r"^a\.bin: is empty \(0 bytes\)$"),
        (gzip.compress(b"Baku " * 200), r"^a\.bin: is not text: it contains NUL bytes and no text encoding fits it \(a binary file\?\)$"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"^a\.bin: is not text: it contains NUL bytes"),
        (_random_bytes(1, 256), r"^a\.bin: is not text: it is not UTF-8 and no text encoding fits it"),
        (_random_bytes(128, 256), r"^a\.bin: is not text"),
        (b"\xff\xfeA\x00B", r"^a\.bin: starts with a utf-16 byte-order mark but is not valid utf-16: truncated data at byte 4$"),
        # "Baku" (4) + 4 control characters + " and Astana" (11) = 19 characters.
        (b"Baku\x01\x02\x03\x04 and Astana", r"^a\.bin: is not text: 4 of its 19 characters are control characters when read as utf-8"),
    ],
)
def test_non_text_raises_corpus_error_naming_the_file(data, message):
    with pytest.raises(CorpusError, match=message):
        decode_bytes(data, path="a.bin")


# -- normalisation and repair -------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "fixed", "repairs"),
    [
        ("Azerbaijanâ€™s role", "Azerbaijan’s role", ["mojibake repaired by ftfy (encode sloppy-windows-1252, decode utf-8)"]),
        ("TÃ¼rkiye and Baku", "Türkiye and Baku", ["mojibake repaired by ftfy (encode latin-1, decode utf-8)"]),
        # UTF-8 Cyrillic read as cp1251: a common fault on Russian-language sites.
        ("РђР·РµСЂР±Р°Р№РґР¶Р°РЅ Рё РљР°Р·Р°С…СЃС‚Р°РЅ", "Азербайджан и Казахстан", ["mojibake repaired by ftfy (encode sloppy-windows-1251, decode utf-8)"]),
        ("Cafe\u0301 in Baku", "Caf\u00e9 in Baku", []),  # NFC composes e + combining acute
        ("a\r\nb", "a\nb", []),
        ("“Quoted” — dash, ‘single’, ﬁnal", "“Quoted” — dash, ‘single’, ﬁnal", []),  # kept as written
    ],
)
def test_normalize_text(raw, fixed, repairs):
    assert normalize_text(raw) == (fixed, repairs)


@pytest.mark.parametrize("language", sorted(PARAGRAPHS))
def test_normalize_text_leaves_real_text_alone(language):
    text = PARAGRAPHS[language]
    assert unicodedata.is_normalized("NFC", text)
    assert normalize_text(text) == (text, [])


# -- encoding declarations of web pages and feeds ------------------------------

WEB_FEEDS = Path(__file__).resolve().parent / "fixtures" / "web" / "feeds"
CYRILLIC_CODECS = ["cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5"]


@pytest.mark.parametrize("codec", CYRILLIC_CODECS)
def test_a_feed_is_decoded_as_its_declaration_says(codec):
    data = (WEB_FEEDS / f"ru_{codec}_declared.xml").read_bytes()
    decoded = decode_bytes(data)
    assert decoded.encoding == codec
    assert decoded.repairs == [f"encoding {codec} as the file's own declaration says"]
    assert "Городской совет сохранил ночные автобусы" in decoded.text


@pytest.mark.parametrize("codec", CYRILLIC_CODECS)
def test_a_feed_without_declaration_is_detected(codec):
    decoded = decode_bytes((WEB_FEEDS / f"ru_{codec}_undeclared.rss").read_bytes())
    # CP1125 (Ukrainian DOS) has CP866's Russian letters at the same bytes.
    assert decoded.encoding == {"cp866": "cp1125"}.get(codec, codec)
    assert "Городской совет сохранил ночные автобусы" in decoded.text


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        (b'<?xml version="1.0" encoding="windows-1251"?>', "cp1251"),
        (b"<?xml version='1.0' encoding='KOI8-R' standalone='yes'?>", "koi8_r"),
        (b'<?xml version="1.0" encoding="x-mac-cyrillic"?>', "mac_cyrillic"),
        (b'<!DOCTYPE html><html><head><meta charset="iso-8859-5">', "iso8859_5"),
        (b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=ibm866">', "cp866"),
        (b'<?xml version="1.0" encoding="no-such-codec"?>', None),
        (b"Plain text that says encoding=\"cp1251\" in passing.", None),
    ],
)
def test_declared_encoding(head, encoding):
    assert declared_encoding(head + b"<rss/>") == encoding


def test_a_declaration_the_bytes_contradict_is_ignored():
    text = "Азербайджан и Казахстан"
    # Valid UTF-8 wins over a declaration (a common lie of converted files) ...
    assert decode_bytes(b'<?xml version="1.0" encoding="koi8-r"?>' + text.encode("utf-8")).encoding == "utf-8"
    # ... and bytes the declared codec cannot decode (0x98 is unassigned in cp1251) go to the other rules.
    data = b'<?xml version="1.0" encoding="windows-1251"?><a>' + (RU_TEXT.encode("koi8_r") + b"\x98") + b"</a>"
    assert decode_bytes(data).encoding != "cp1251"


# -- UTF-8 with many stray bytes --------------------------------------------------


def _with_stray_bytes(text: str, n: int) -> bytes:
    """*text* in UTF-8 with *n* cp1252 curly quotes (0x93, invalid in UTF-8) put between its words."""
    words = text.split(" ")
    step = len(words) // (n + 1)
    for i in range(n):
        words[(i + 1) * step] = "\x00" + words[(i + 1) * step]
    return " ".join(words).encode("utf-8").replace(b"\x00", b"\x93")


def test_overwhelmingly_utf8_text_stays_utf8_with_the_stray_bytes_replaced():
    # About 640 Cyrillic letters and 20 stray bytes: the old rule re-decoded the whole file as a legacy code page.
    data = _with_stray_bytes(RU_TEXT, 20)
    n_stray, n_valid = utf8_census(data)
    assert n_stray == 20 and n_stray / (n_stray + n_valid) < MAX_STRAY_SHARE
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.repairs == [f"20 invalid UTF-8 byte(s) replaced by U+FFFD (the file is UTF-8: {n_valid} valid non-ASCII characters)"]
    assert decoded.text.count("\ufffd") == 20
    assert decoded.text.replace("\ufffd", "") == RU_TEXT


def test_stray_bytes_above_the_share_go_to_detection():
    # Russian in cp1251 with a few UTF-8 letters pasted in: mostly legacy bytes, so detection decides.
    data = RU_TEXT.encode("cp1251") + " Ёжик ёлка".encode("utf-8")
    n_stray, n_valid = utf8_census(data)
    assert n_stray / (n_stray + n_valid) > MAX_STRAY_SHARE
    assert decode_bytes(data).repairs[0].startswith("encoding detected as")


@pytest.mark.parametrize(
    ("text", "codec"),
    [(RU_TEXT, c) for c in CYRILLIC_CODECS]
    + [(PARAGRAPHS["kk"] * 2, "kz1048"), (PARAGRAPHS["fr"] * 2, "cp1252"), (PARAGRAPHS["tr"] * 2, "cp1254"), (PARAGRAPHS["de"], "latin-1")],
)
def test_legacy_text_is_nearly_all_stray_bytes(text, codec):
    """The evidence for MAX_STRAY_SHARE: legacy single-byte text is far above it (0.93 or more)."""
    n_stray, n_valid = utf8_census(text.encode(codec))
    assert n_stray / (n_stray + n_valid) > 0.9


# -- HTML entities ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "decoded", "count"),
    [
        ("It isn&#39;t good", "It isn't good", 1),
        ("It isn&#x27;t good", "It isn't good", 1),
        ("isn&amp;#39;t", "isn't", 2),  # escaped twice, as in scraped tables
        ("&ldquo;Baku&rdquo; &amp; &laquo;Astana&raquo;", "“Baku” & «Astana»", 5),
        ("AT&T and R&D; Smith&nothing", "AT&T and R&D; Smith&nothing", 0),  # no reference closed by a semicolon
        ("&bogus; stays", "&bogus; stays", 0),
        ("no entities", "no entities", 0),
    ],
)
def test_decode_entities(text, decoded, count):
    assert decode_entities(text) == (decoded, count)


# -- runs of combining marks (bounded normalisation) ----------------------------------------


def test_text_without_long_runs_of_combining_marks_is_not_changed():
    from analysis.decoding import stream_safe

    for text in ("Café au lait", "Azərbaycan Respublikası", "Қазақстан", "ញ៉ាំ", "e\u0301\u0323" * 5, "a" + "\u0301" * 30):
        assert stream_safe(text) == (text, 0)


def test_a_run_of_more_than_30_combining_marks_gets_a_joiner_after_every_30():
    from analysis.decoding import COMBINING_GRAPHEME_JOINER, stream_safe

    marks = "\u0301\u0323\u0308" * 30  # 90 marks of two classes, as "Zalgo" text stacks them
    text, n = stream_safe("Baku" + marks + " and Astana")
    assert n == 2
    assert text == "Baku" + marks[:30] + COMBINING_GRAPHEME_JOINER + marks[30:60] + COMBINING_GRAPHEME_JOINER + marks[60:] + " and Astana"
    # Characters that decompose into combining marks count too (U+0F73 is two marks in NFD).
    assert stream_safe("\u0f40" + "\u0f73" * 31)[1] == 1


def test_normalize_text_records_the_joiners_and_is_then_stable():
    text = "Baku" + "\u0301\u0323" * 40
    once, repairs = normalize_text(text)
    assert repairs == ["2 combining grapheme joiner(s) put in runs of more than 30 combining marks (Unicode Stream-Safe Text Format)"]
    assert normalize_text(once) == (once, [])


def test_no_character_beyond_the_planes_searched_is_a_combining_mark():
    from analysis.decoding import _COMBINING_PLANES_END, _is_non_starter

    assert not any(_is_non_starter(chr(code)) for code in range(_COMBINING_PLANES_END, 0x110000))
