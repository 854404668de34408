"""The real-world inputs of tests/test_input_matrix.py, built in a folder at test time (not a test module).

Every :class:`Case` writes its input under the folder it is given (code-made
bytes only: news sentences written for these tests, encoded, wrapped in pages,
feeds and tables) and returns the corpus source to load: a path, a glob
pattern, a list of paths or a DataFrame. Its fields say what must come out:

- ``outcome``: ``loaded`` (documents as expected, nothing repaired),
  ``repaired`` (loaded, and ``repair`` is found in the ``repairs`` or
  ``inferred`` column), ``refused`` (``problem`` is found in a problem row or
  in the error of ``load_corpus``; ``score`` exits 2 when no document is left);
- ``n_docs``: the documents ``load_corpus`` returns;
- ``contains`` / ``absent``: text found in / never found in the documents'
  ``text`` and ``title``; ``language``: every document's language; ``fields``:
  exact values of some fields, by ``doc_id``.

Cases are grouped in categories (encodings, web, tables, manifest, safety,
languages, specials); one case per category has ``report=True``
(the report run is ``report_only``: ``corpus_overview``, or ``document_report``
where the title is drawn).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

OUTCOMES = ("loaded", "repaired", "refused")
CATEGORIES = ("encodings", "web", "tables", "manifest", "safety", "languages", "specials")

# -- texts written for these tests --------------------------------------------

EN_TITLE = "Azerbaijan and Kazakhstan sign a Caspian transit roadmap"
EN_PARAGRAPHS = (
    "Azerbaijan and Kazakhstan signed a roadmap in Baku on Monday to move more cargo along the Middle Corridor, "
    "the trade route that crosses the Caspian Sea.",
    "Officials said new ferries and a faster rail link would cut the journey from China to Europe by a week. "
    "Exporters welcomed the deal, but critics warned that the ports are already crowded.",
    "Russia and Iran are watching the project closely, analysts said, because it offers Central Asian states "
    "a route to Europe that avoids their territory.",
)
EN = EN_TITLE + "\n\n" + "\n\n".join(EN_PARAGRAPHS) + "\n"

RU_TITLE = "Министр обсудил в Баку новый транзитный маршрут"
RU_PARAGRAPHS = (
    "Министр иностранных дел провёл в понедельник переговоры в Баку со своим азербайджанским коллегой. "
    "Стороны обсудили строительство новой железной дороги и поставки газа в Европу.",
    "По словам министра, сотрудничество между странами будет расширяться в ближайшие годы. "
    "Эксперты считают, что новый маршрут через Каспийское море сократит время доставки грузов из Китая на неделю.",
    "Жители портового города надеются, что проект принесёт новые рабочие места, однако экологи опасаются "
    "загрязнения моря и просят правительство провести независимую экспертизу.",
)
RU = RU_TITLE + "\n\n" + "\n\n".join(RU_PARAGRAPHS) + "\n"
TR = ("Dışişleri Bakanı bugün Bakü'de Azerbaycanlı mevkidaşı ile bir araya geldi. Taraflar yeni demiryolu hattının "
      "inşasını ve Avrupa'ya doğal gaz sevkiyatını görüştü. Bakan, iki ülke arasındaki işbirliğinin önümüzdeki "
      "yıllarda daha da genişleyeceğini söyledi ve limanlardaki yoğunluğun azalacağını belirtti.\n")
AZ = ("Xarici işlər naziri bu gün Bakıda türkiyəli həmkarı ilə görüşüb. Tərəflər yeni dəmir yolu xəttinin "
      "tikintisini və Avropaya qaz ixracını müzakirə ediblər. Nazir bildirib ki, iki ölkə arasında əməkdaşlıq "
      "yaxın illərdə daha da genişlənəcək və limanlarda yüklərin daşınması sürətlənəcək.\n")
KK = ("Сыртқы істер министрі бүгін Астанада әріптесімен кездесті. Тараптар жаңа темір жол желісінің құрылысын "
      "және Еуропаға газ жеткізуді талқылады. Министрдің айтуынша, екі ел арасындағы ынтымақтастық алдағы "
      "жылдары кеңейе түседі, ал Каспий теңізі арқылы жүк тасымалы өседі.\n")
DE = ("Der Außenminister traf sich am Montag in Baku mit seinem aserbaidschanischen Amtskollegen. Die beiden Seiten "
      "sprachen über den Bau einer neuen Eisenbahnlinie und über Gaslieferungen nach Europa. Nach Angaben des "
      "Ministers wird die Zusammenarbeit zwischen beiden Ländern in den kommenden Jahren weiter wachsen.\n")
FI = ("Ulkoministeri tapasi maanantaina Bakussa azerbaidžanilaisen kollegansa. Osapuolet keskustelivat uuden "
      "rautatien rakentamisesta ja kaasutoimituksista Eurooppaan. Ministerin mukaan maiden välinen yhteistyö "
      "kasvaa tulevina vuosina, ja satamien ruuhkat helpottavat.\n")
FR_LATIN1 = ("Les ministres se sont réunis à Bakou lundi pour évoquer le corridor médian. « Nous économiserons une "
             "semaine entière », a déclaré le délégué français, très sûr de lui. Les exportateurs espèrent que les "
             "ports, déjà très encombrés, seront agrandis avant l'été prochain.\n")
#: English with a few letters outside ASCII, for single-byte Western encodings.
EN_CP1252 = ("Caf\u00e9 owners in Baku welcome the Caspian transit deal\n\n"
             "\u201cWe expect more visitors,\u201d said Jos\u00e9 Pe\u00f1a, who runs a caf\u00e9 near the port. "
             "Azerbaijan and Kazakhstan signed the roadmap on Monday to move more cargo across the Caspian Sea.\n\n"
             "Critics warned that the ports are already crowded and that the ferries cost too much.\n")

#: Russian code pages and the label a declaration gives them.
CYRILLIC = {"cp1251": "windows-1251", "koi8_r": "KOI8-R", "cp866": "IBM866", "mac_cyrillic": "x-mac-cyrillic", "iso8859_5": "ISO-8859-5"}


def en(n: int = 0) -> str:
    """An English article; *n* changes its headline and first sentence so documents are not duplicates."""
    if not n:
        return EN
    return f"Caspian transit update number {n}\n\nIn update {n}, " + EN.split("\n\n", 1)[1]


def write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def page(title: str, paragraphs: tuple[str, ...] | list[str], *, head: str = "", charset: str = "utf-8",
         extra_body: str = "", site: str = "Caspian Courier") -> str:
    """A saved news page: menu, article, sidebar and footer."""
    body = "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="{charset}">\n<title>{escape(title)} | {site}</title>\n'
            f'<meta property="og:site_name" content="{site}">\n<meta name="author" content="Lena Hoffmann">\n'
            f'<meta name="date" content="2025-11-20">\n{head}</head>\n<body>\n'
            '<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/jobs">Jobs</a></nav>\n'
            f'<article>\n<h1>{escape(title)}</h1>\n{body}</article>\n{extra_body}'
            '<div class="sidebar"><h4>Most read</h4><ol><li><a href="/a">Road closures this weekend</a></li>'
            '<li><a href="/b">Market moves to the square</a></li></ol></div>\n'
            f'<footer>{site} &copy; 2025 | <a href="/about">About us</a></footer>\n</body>\n</html>\n')


def rss(items: list[tuple[str, str]], *, declaration: str | None = "utf-8", title: str = "Caspian Courier") -> str:
    """An RSS 2.0 feed of (title, body) items; the bodies are HTML, escaped in the description."""
    head = f'<?xml version="1.0" encoding="{declaration}"?>\n' if declaration else ""
    entries = "".join(
        f"  <item>\n    <title>{escape(t)}</title>\n    <link>http://news.example.org/{n}</link>\n"
        f"    <guid>http://news.example.org/{n}</guid>\n    <pubDate>Mon, 0{n + 1} Mar 2026 09:15:00 +0300</pubDate>\n"
        f"    <description>{escape(b)}</description>\n  </item>\n"
        for n, (t, b) in enumerate(items))
    return (head + f'<rss version="2.0">\n<channel>\n  <title>{escape(title)}</title>\n  <link>http://news.example.org/</link>\n'
            f"  <description>News</description>\n{entries}</channel>\n</rss>\n")


def html_paragraphs(paragraphs) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


EN_ITEMS = [(EN_TITLE, html_paragraphs(EN_PARAGRAPHS)),
            ("Ferries return to the port of Aktau", "<p>Ferries returned to the port of Aktau on Tuesday after a storm "
             "closed it for six days.</p><p>Repair crews worked through the night, the port director said.</p>")]
RU_ITEMS = [(RU_TITLE, html_paragraphs(RU_PARAGRAPHS[:2])),
            ("Порт снова принимает суда", "<p>Городской порт снова принимает рыболовные суда через шесть недель после "
             "осеннего шторма.</p><p>Ремонтные бригады работали всю ночь, чтобы закончить последний участок волнолома, "
             "сказал начальник порта.</p>")]


def csv_text(rows: list[dict], columns: list[str] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns or list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def jsonl_text(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def write_parquet(path: Path, columns: dict, types: dict | None = None) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    schema = pa.schema([(name, (types or {}).get(name) or pa.array(values).type) for name, values in columns.items()])
    pq.write_table(pa.table(columns, schema=schema), path)
    return path


def png_bytes() -> bytes:
    """A real 1x1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", bytes.fromhex("00000001000000010806000000"))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00\xff")) + chunk(b"IEND", b""))


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("article.txt", EN * 20)
        archive.writestr("photo.bin", bytes(range(256)) * 8)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    stream = zlib.compress((EN * 10).encode())
    return (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n"
            + stream + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


# -- the cases -----------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One kind of input and what loading it must give (see the module notes)."""

    name: str
    category: str
    outcome: str
    build: Callable[[Path], object]
    n_docs: int
    problem: str = ""
    repair: str = ""
    contains: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    language: str | tuple[str, ...] | None = None
    fields: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    replacement_ok: bool = False
    report: bool = False
    report_only: str = "corpus_overview"
    xfail: str = ""
    report_xfail: str = ""
    skip: Callable[[], str] | None = None

    @property
    def exit_status(self) -> int:
        """What ``python -m analysis score`` must exit with: 2 when no document is left, else 0."""
        return 0 if self.n_docs else 2


CASES: list[Case] = []


def case(category: str, outcome: str, n_docs: int, **expected):
    """Register the decorated builder as a case named after it (without ``case_``)."""
    assert category in CATEGORIES and outcome in OUTCOMES

    def register(build):
        name = build.__name__.removeprefix("case_")
        assert name not in {c.name for c in CASES}, name
        CASES.append(Case(name, category, outcome, build, n_docs, **expected))
        return build

    return register


def folder(root: Path) -> Path:
    path = root / "corpus"
    path.mkdir(parents=True, exist_ok=True)
    return path


# Encodings ---------------------------------------------------------------------

@case("encodings", "loaded", 1, contains=("Azerbaijan and Kazakhstan signed a roadmap",), language="en")
def case_utf8_txt(root):
    return write(folder(root) / "a.txt", EN)


@case("encodings", "loaded", 1, contains=("Azerbaijan and Kazakhstan signed",), absent=("\ufeff",), language="en",
      fields={"a": {"title": EN_TITLE}})
def case_utf8_bom_txt(root):
    return write(folder(root) / "a.txt", codecs.BOM_UTF8 + EN.encode())


@case("encodings", "loaded", 1, contains=("Azerbaijan and Kazakhstan signed",), absent=("\ufeff",), language="en",
      fields={"a": {"title": EN_TITLE, "encoding": "utf-16"}})
def case_utf16le_bom_txt(root):
    return write(folder(root) / "a.txt", codecs.BOM_UTF16_LE + EN.encode("utf-16-le"))


@case("encodings", "loaded", 1, contains=("Azerbaijan and Kazakhstan signed",), absent=("\ufeff",), language="en",
      fields={"a": {"title": EN_TITLE, "encoding": "utf-16"}})
def case_utf16be_bom_txt(root):
    return write(folder(root) / "a.txt", codecs.BOM_UTF16_BE + EN.encode("utf-16-be"))


@case("encodings", "loaded", 1, contains=("Azerbaijan and Kazakhstan signed",), absent=("\ufeff",), language="en",
      fields={"a": {"encoding": "utf-32"}})
def case_utf32le_bom_txt(root):
    return write(folder(root) / "a.txt", EN.encode("utf-32"))  # Python writes the BOM in the machine's order


@case("encodings", "loaded", 1, contains=("Azerbaijan and Kazakhstan signed",), absent=("\ufeff",), language="en",
      fields={"a": {"encoding": "utf-32"}})
def case_utf32be_bom_txt(root):
    return write(folder(root) / "a.txt", codecs.BOM_UTF32_BE + EN.encode("utf-32-be"))


@case("encodings", "repaired", 1, repair="cp1252", contains=("Jos\u00e9 Pe\u00f1a", "\u201cWe expect more visitors,\u201d"),
      language="en", report=True)
def case_cp1252_txt(root):
    return write(folder(root) / "cafe.txt", EN_CP1252, "cp1252")


@case("encodings", "repaired", 1, repair="encoding|cp1252|latin", contains=("réunis à Bakou", "« Nous économiserons"), language="fr")
def case_latin1_txt(root):
    return write(folder(root) / "bakou.txt", FR_LATIN1 + FR_LATIN1.replace("lundi", "mardi"), "latin-1")


def _cyrillic_txt(codec):
    def build(root):
        return write(folder(root) / f"ru_{codec}.txt", RU, codec)
    return build


for _codec in CYRILLIC:
    build = _cyrillic_txt(_codec)
    build.__name__ = f"case_russian_{_codec}_txt"
    case("encodings", "repaired", 1, repair="encoding detected", contains=(RU_PARAGRAPHS[0][:60],), absent=("\ufffd",),
         language="ru", fields={f"ru_{_codec}": {"title": RU_TITLE}})(build)


def _cyrillic_rss(codec, declared):
    def build(root):
        return write(folder(root) / f"feed_{codec}.{'xml' if declared else 'rss'}", rss(RU_ITEMS, declaration=CYRILLIC[codec] if declared else None), codec)
    return build


for _codec in CYRILLIC:
    for _declared in (True, False):
        build = _cyrillic_rss(_codec, _declared)
        build.__name__ = f"case_russian_{_codec}_rss_{'declared' if _declared else 'undeclared'}"
        case("encodings", "repaired", 2, repair="declaration says" if _declared else "encoding detected",
             contains=(RU_PARAGRAPHS[0][:60], "Порт снова принимает суда"), absent=("\ufffd",), language="ru",
             fields={f"feed_{_codec}/000001": {"title": "Порт снова принимает суда"}})(build)


@case("encodings", "repaired", 1, repair=r"2 invalid UTF-8 byte\(s\) read as cp1252", contains=("“Caspian first”", "Azerbaijan’s"),
      language="en")
def case_utf8_few_stray_bytes(root):
    data = ("Azerbaijan’s transit plan\n\nThe minister called it ").encode() + b"\x93Caspian first\x94" + (" in Baku. " + EN).encode()
    return write(folder(root) / "stray.txt", data)


@case("encodings", "repaired", 1, repair=r"12 invalid UTF-8 byte\(s\) replaced by U\+FFFD", contains=(RU_PARAGRAPHS[1][:50],),
      replacement_ok=True, language="ru")
def case_utf8_many_stray_bytes(root):
    # 12 stray bytes (more than MAX_STRAY_BYTES), each after a space of the last paragraph, among hundreds of valid letters.
    head, last = RU.rsplit("\n\n", 1)
    words = last.encode().split(b" ")
    data = (head + "\n\n").encode() + b" ".join(w + (b"\xff" if 0 < i <= 12 else b"") for i, w in enumerate(words))
    assert data.count(b"\xff") == 12
    return write(folder(root) / "many_stray.txt", data)


@case("encodings", "refused", 0, problem=r"photo\.txt: is not text")
def case_binary_png_named_txt(root):
    return write(folder(root) / "photo.txt", png_bytes() + bytes(range(256)) * 4)


@case("encodings", "refused", 0, problem=r"archive\.txt: is not text")
def case_binary_zip_named_txt(root):
    return write(folder(root) / "archive.txt", zip_bytes())


@case("encodings", "refused", 0, problem=r"report\.txt: is not text")
def case_binary_pdf_named_txt(root):
    return write(folder(root) / "report.txt", pdf_bytes())


@case("encodings", "refused", 0, problem=r"nul\.txt: is not text")
def case_nul_bytes(root):
    return write(folder(root) / "nul.txt", b"\x00\x01\x02\x03" * 64 + EN.encode() + b"\x00" * 512)


@case("encodings", "refused", 1, problem=r"photo\.png: is not read", contains=("Azerbaijan and Kazakhstan signed",))
def case_binary_png_beside_text(root):
    corpus = folder(root)
    write(corpus / "photo.png", png_bytes())
    write(corpus / "a.txt", EN)
    return corpus


@case("encodings", "refused", 0, problem=r"empty\.txt: is empty \(0 bytes\)")
def case_empty_file(root):
    return write(folder(root) / "empty.txt", b"")


@case("encodings", "refused", 0, problem=r"blank\.txt: contains only white space")
def case_whitespace_only_file(root):
    return write(folder(root) / "blank.txt", " \n\t\n   \r\n\u00a0\n")


@case("encodings", "loaded", 1, contains=("Officials said new ferries",), language="en")
def case_huge_single_line(root):
    line = " ".join(" ".join(EN_PARAGRAPHS) for _ in range(250))  # about 110,000 characters, no line break
    return write(folder(root) / "one_line.txt", line)


@case("encodings", "loaded", 1, contains=("Officials said new ferries",), absent=("\r",), language="en",
      fields={"endings": {"title": EN_TITLE}})
def case_mixed_line_endings(root):
    lines = EN.split("\n")
    data = "".join(line + ("\r\n", "\r", "\n")[i % 3] for i, line in enumerate(lines))
    return write(folder(root) / "endings.txt", data)


@case("encodings", "loaded", 1, contains=("Officials said new ferries",), absent=("\r",), language="en",
      fields={"mac": {"title": EN_TITLE}})
def case_cr_line_endings(root):
    return write(folder(root) / "mac.txt", EN.replace("\n", "\r"))


@case("encodings", "loaded", 1, contains=("Officials said new ferries",), absent=("\r",), language="en",
      fields={"dos": {"title": EN_TITLE}})
def case_crlf_line_endings(root):
    return write(folder(root) / "dos.txt", EN.replace("\n", "\r\n"))


@case("encodings", "repaired", 1, repair="mojibake", contains=("Azerbaijan’s role",), absent=("â€",), language="en")
def case_mojibake_txt(root):
    return write(folder(root) / "moji.txt", "Azerbaijan’s role in the corridor\n\nAzerbaijan’s role grows. ".encode().decode("cp1252").encode() + EN.encode())


# Web ---------------------------------------------------------------------------

PAGE_ABSENT = ("Most read", "About us", "Road closures", "<", "href")


@case("web", "repaired", 1, repair="article text extracted", contains=(EN_PARAGRAPHS[1][:60],), absent=PAGE_ABSENT, language="en",
      fields={"article": {"title": EN_TITLE, "author": "Lena Hoffmann", "date": "2025-11-20"}})
def case_html_article(root):
    return write(folder(root) / "article.html", page(EN_TITLE, EN_PARAGRAPHS))


@case("web", "repaired", 1, repair="article text extracted", contains=(EN_PARAGRAPHS[1][:60],), absent=PAGE_ABSENT, language="en",
      fields={"saved": {"title": EN_TITLE}})
def case_html_saved_as_txt(root):
    return write(folder(root) / "saved.txt", page(EN_TITLE, EN_PARAGRAPHS))


@case("web", "refused", 0, problem=r"app\.html: is a web page but no article text")
def case_html_without_article(root):
    return write(folder(root) / "app.html", '<!DOCTYPE html>\n<html><head><title>Loading…</title><script src="/bundle.js"></script>'
                                            '</head>\n<body><div id="root"></div></body></html>\n')


@case("web", "repaired", 1, repair="article text extracted", contains=(EN_PARAGRAPHS[0][:60],),
      absent=("alert", "onerror", "dataLayer", "display:none", "bundle", "<", "Enable JavaScript"), language="en")
def case_html_scripts_and_junk(root):
    head = ("<script>window.dataLayer=[];function track(){document.write('<img src=x onerror=alert(1)>')}</script>\n"
            "<style>.ad{display:none}</style>\n<script src=\"/bundle.js\"></script>\n")
    junk = ('<div class="ad"><img src="x.gif" onerror="alert(\'xss\')"><iframe src="https://ads.example.org/"></iframe></div>\n'
            "<script>alert('bottom')</script><noscript>Enable JavaScript to see comments</noscript>\n")
    html = page(EN_TITLE, EN_PARAGRAPHS, head=head, extra_body=junk).replace("<body>", '<body onload="track()">')
    return write(folder(root) / "junk.html", html)


@case("web", "repaired", 1, repair="article text extracted", contains=("Ferries & freight", "isn't", "\"cheap\""), absent=("&amp;", "&#39;", "&quot;"),
      language="en", fields={"entities": {"title": "Ferries & freight: the Caspian route grows"}})
def case_html_entities_in_title_and_text(root):
    paragraphs = ["Ferries &amp; freight moved through Baku on Monday, and the corridor isn&#39;t &quot;cheap&quot;, officials said.",
                  *EN_PARAGRAPHS[1:]]
    html = page("X", []).replace("<title>X | Caspian Courier</title>", "<title>Ferries &amp;amp; freight: the Caspian route grows</title>")
    html = html.replace("<h1>X</h1>", "<h1>Ferries &amp; freight: the Caspian route grows</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs))
    return write(folder(root) / "entities.html", html)


@case("web", "repaired", 1, repair="decoded", contains=("isn't", "Ferries & freight", "\"cheap\""), absent=("&amp;", "&#39;", "&quot;"),
      language="en", fields={"plain": {"title": "Ferries & freight on the Caspian"}})
def case_entities_in_plain_text(root):
    text = ("Ferries &amp; freight on the Caspian\n\nThe corridor isn&#39;t &quot;cheap&quot;, officials said in Baku, "
            "and it isn&amp;#39;t quick either.\n\n" + "\n\n".join(EN_PARAGRAPHS[1:]))
    return write(folder(root) / "plain.txt", text)


@case("web", "repaired", 2, repair="item 0 of 2 of a feed", contains=(EN_PARAGRAPHS[1][:60], "Repair crews worked"), absent=("<", "&lt;"),
      language="en", report=True, fields={"feed/000000": {"title": EN_TITLE}, "feed/000001": {"title": "Ferries return to the port of Aktau"}})
def case_rss2_feed(root):
    return write(folder(root) / "feed.rss", rss(EN_ITEMS))


@case("web", "repaired", 2, repair="item 0 of 2 of a feed", contains=("night bus lines", "weekly market"), absent=("<",), language="en",
      fields={"rdf/000000": {"title": "Council votes to keep night buses", "date": "2025-11-20", "author": "Lena Hoffmann"}})
def case_rss1_rdf_feed(root):
    return write(folder(root) / "rdf.xml", """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://post.example.org/"><title>Riverside Post</title><link>http://post.example.org/</link><description>Local news</description>
    <items><rdf:Seq><rdf:li resource="http://post.example.org/buses"/><rdf:li resource="http://post.example.org/market"/></rdf:Seq></items></channel>
  <item rdf:about="http://post.example.org/buses"><title>Council votes to keep night buses</title><link>http://post.example.org/buses</link>
    <dc:date>2025-11-20</dc:date><dc:creator>Lena Hoffmann</dc:creator>
    <description>The city council voted on Thursday to keep the three night bus lines that were due to be cut in January.</description></item>
  <item rdf:about="http://post.example.org/market"><title>Market moves to the square</title><link>http://post.example.org/market</link>
    <dc:date>2025-11-21</dc:date>
    <description>The weekly market will move to the town square from December, traders were told at a meeting on Friday.</description></item>
</rdf:RDF>
""")


@case("web", "repaired", 2, repair="item 1 of 2 of a feed", contains=("Middle Corridor", "Aktau"), absent=("<",), language="en",
      fields={"atom/000001": {"title": "Ferries return to the port of Aktau", "author": "Ann Lee"}})
def case_atom_feed(root):
    return write(folder(root) / "atom.atom", f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Caspian Courier</title><id>urn:x</id><updated>2026-03-02T09:00:00Z</updated>
  <entry><title>{EN_TITLE}</title><id>urn:1</id><updated>2026-03-02T09:00:00Z</updated><author><name>Ann Lee</name></author>
    <content type="html">{escape(EN_ITEMS[0][1])}</content></entry>
  <entry><title>Ferries return to the port of Aktau</title><id>urn:2</id><updated>2026-03-03T09:00:00Z</updated><author><name>Ann Lee</name></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{EN_ITEMS[1][1]}</div></content></entry>
</feed>
""")


@case("web", "refused", 1, problem=r"feed\.rss#item=1: item 1 \(title 'Empty'\) has no text", contains=("Middle Corridor",))
def case_feed_with_empty_item(root):
    return write(folder(root) / "feed.rss", rss([EN_ITEMS[0], ("Empty", "")]))


@case("web", "refused", 0, problem=r"feed\.rss: is an RSS or Atom feed without items")
def case_feed_without_items(root):
    return write(folder(root) / "feed.rss", rss([]))


@case("web", "refused", 0, problem=r"data\.xml: is XML but neither an RSS or Atom feed nor a web page")
def case_xml_not_a_feed(root):
    return write(folder(root) / "data.xml", '<?xml version="1.0"?>\n<records><record id="1">' + EN_PARAGRAPHS[0] + "</record>\n")


@case("web", "refused", 1, problem=r"broken\.xml#item=1: item 1 \(title 'Ports & ferries'\) has no text", contains=("Middle Corridor",),
      absent=("<",), language="en")
def case_malformed_feed_xml(root):
    # A truncated feed with a bare '&': the first item is complete, the second is cut off.
    text = rss(EN_ITEMS[:1]).replace("</channel>\n</rss>\n", "  <item><title>Ports & ferries</title><description>Cut off") + ""
    return write(folder(root) / "broken.xml", text)


@case("web", "repaired", 1, repair="article text extracted", contains=(EN_PARAGRAPHS[2][:60],), absent=("<", "xmlns"), language="en",
      fields={"page": {"title": EN_TITLE}})
def case_xhtml_page(root):
    body = "".join(f"<p>{escape(p)}</p>" for p in EN_PARAGRAPHS)
    return write(folder(root) / "page.xhtml", f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en"><head><title>{EN_TITLE}</title></head>
<body><div class="story"><h1>{EN_TITLE}</h1>{body}</div></body></html>
""")


@case("web", "repaired", 2, repair="item 0 of 2 of a feed", contains=("Repair crews worked",), absent=("<",), language="en")
def case_feed_saved_as_txt(root):
    return write(folder(root) / "feed.txt", rss(EN_ITEMS))


@case("web", "repaired", 1, repair="declaration says", contains=(RU_PARAGRAPHS[1][:60],), absent=("<", "\ufffd"), language="ru",
      fields={"ru": {"title": RU_TITLE}})
def case_russian_html_cp1251_meta_charset(root):
    return write(folder(root) / "ru.html", page(RU_TITLE, RU_PARAGRAPHS, charset="windows-1251", site="Новости"), "cp1251")


# Tables ------------------------------------------------------------------------

ROWS = [{"doc_id": "t1", "title": "Roadmap signed", "date": "2025-11-01", "outlet": "Caspian Courier", "text": en(1)},
        {"doc_id": "t2", "title": "Ferries back", "date": "2025-11-02", "outlet": "Baku Daily", "text": en(2)},
        {"doc_id": "t3", "title": "Port crowded", "date": "2025-11-03", "outlet": "Caspian Courier", "text": en(3)}]


@case("tables", "loaded", 3, contains=("In update 2,",), language="en",
      fields={"t2": {"title": "Ferries back", "date": "2025-11-02", "outlet": "Baku Daily", "source_row": 1}})
def case_csv_text_column(root):
    return write(root / "news.csv", csv_text(ROWS))


@case("tables", "loaded", 3, contains=("In update 3,",), language="en",
      options={"text_column": "body", "id_column": "id", "title_column": "headline", "date_column": "published", "outlet_column": "site"},
      fields={"t3": {"title": "Port crowded", "date": "2025-11-03", "outlet": "Caspian Courier"}})
def case_csv_named_columns(root):
    rows = [{"id": r["doc_id"], "headline": r["title"], "published": r["date"], "site": r["outlet"], "body": r["text"]} for r in ROWS]
    return write(root / "export.csv", csv_text(rows))


@case("tables", "refused", 0, problem=r"export\.csv: has no 'text' column \(it has \['id', 'headline', 'body'\]\)")
def case_csv_without_text_column(root):
    return write(root / "export.csv", csv_text([{"id": "1", "headline": "Roadmap", "body": EN}]))


@case("tables", "refused", 0, problem=r"export\.csv: has no 'content' column .*text_column='content'", options={"text_column": "content"})
def case_csv_named_text_column_missing(root):
    return write(root / "export.csv", csv_text([{"id": "1", "text": EN}]))


@case("tables", "repaired", 2, repair="decoded", contains=("isn't", "Ferries & freight"), absent=("&amp;", "&#39;", "&quot;"), language="en",
      fields={"e1": {"title": "Ferries & freight"}})
def case_csv_html_entities(root):
    rows = [{"doc_id": "e1", "title": "Ferries &amp; freight", "text": "Ferries &amp; freight\n\nThe corridor isn&#39;t &quot;cheap&quot;. " + EN},
            {"doc_id": "e2", "title": "Plain", "text": "It isn&amp;#39;t quick. " + en(2)}]
    return write(root / "scraped.csv", csv_text(rows))


@case("tables", "repaired", 2, repair="markup removed from an HTML fragment", contains=("Ferries & freight moved", "isn't cheap"),
      absent=("<p>", "</p>", "<em>", "&amp;"), language="en", fields={"h1": {"title": "Ferries"}})
def case_csv_html_fragment_rows(root):
    body = "<p>Ferries &amp; freight moved through Baku on Monday.</p><p>The corridor <em>isn't cheap</em>, officials said.</p>"
    rows = [{"doc_id": "h1", "title": "Ferries", "text": body + "".join(f"<p>{p}</p>" for p in EN_PARAGRAPHS[1:])},
            {"doc_id": "h2", "title": "Plain", "text": en(2)}]
    return write(root / "scraped.csv", csv_text(rows))


@case("tables", "repaired", 1, repair="article text extracted from a web page", contains=(EN_PARAGRAPHS[1][:60],), absent=("<html", "href="),
      language="en", fields={"p1": {"title": EN_TITLE}})
def case_jsonl_whole_pages_in_rows(root):
    row = {"doc_id": "p1", "text": page(EN_TITLE, EN_PARAGRAPHS)}
    return write(root / "pages.jsonl", json.dumps(row) + "\n")


@case("tables", "repaired", 2, repair="encoding", contains=(RU_PARAGRAPHS[0][:60],), absent=("\ufffd",), language="ru",
      fields={"r1": {"title": RU_TITLE, "outlet": "Новости"}})
def case_csv_cp1251(root):
    rows = [{"doc_id": "r1", "title": RU_TITLE, "outlet": "Новости", "text": RU},
            {"doc_id": "r2", "title": "Порт", "outlet": "Новости", "text": RU_PARAGRAPHS[2] + "\n\n" + RU_PARAGRAPHS[1]}]
    return write(root / "ru.csv", csv_text(rows), "cp1251")


@case("tables", "loaded", 2, contains=('He said "yes, at once"', "and then\nhe left"), language="en",
      fields={"q1": {"title": 'A "quoted", title'}})
def case_csv_embedded_newlines_and_quotes(root):
    rows = [{"doc_id": "q1", "title": 'A "quoted", title', "text": 'Talks in Baku\n\nHe said "yes, at once", and then\nhe left. ' + EN},
            {"doc_id": "q2", "title": "Two", "text": en(2)}]
    return write(root / "quotes.csv", csv_text(rows))


@case("tables", "loaded", 1, contains=("In update 1,",), language="en", fields={"t1": {"title": "Roadmap signed"}})
def case_csv_with_bom(root):
    return write(root / "bom.csv", codecs.BOM_UTF8 + csv_text(ROWS[:1]).encode())


@case("tables", "loaded", 1, contains=("In update 1,",), language="en", fields={"t1": {"title": "Roadmap signed"}})
def case_csv_utf16(root):
    return write(root / "wide.csv", csv_text(ROWS[:1]).encode("utf-16"))


@case("tables", "refused", 1, problem=r"row 1 \(doc_id 'n1'\) has a number as its text.*row 2 .* has a list as its text.*"
                                       r"row 3 .* has an object as its text.*row 4 .* has a boolean as its text.*row 5 .* has an empty text",
      contains=("Azerbaijan and Kazakhstan signed",))
def case_jsonl_non_string_text(root):
    rows = [{"doc_id": "ok", "text": EN}, {"doc_id": "n1", "text": 42}, {"doc_id": "n2", "text": ["a", "b"]},
            {"doc_id": "n3", "text": {"k": 1}}, {"doc_id": "n4", "text": True}, {"doc_id": "n5", "text": None}]
    return write(root / "values.jsonl", jsonl_text(rows))


@case("tables", "refused", 1, problem=r"row 0 \(doc_id 'm1'\) has a list in 'title'.*left empty",
      fields={"m1": {"views": "1200", "share": "0.25", "breaking": "true", "tags": '["a", "b"]', "extra": '{"k": 1}', "title": EN_TITLE}},
      contains=("Azerbaijan and Kazakhstan signed",))
def case_jsonl_non_string_metadata(root):
    return write(root / "meta.jsonl", jsonl_text([{"doc_id": "m1", "text": EN, "title": ["x", "y"], "views": 1200, "share": 0.25,
                                                   "breaking": True, "tags": ["a", "b"], "extra": {"k": 1}, "note": None}]))


@case("tables", "refused", 0, problem=r"broken\.jsonl: cannot be read as jsonl: line 2 is not JSON")
def case_jsonl_broken_line(root):
    return write(root / "broken.jsonl", jsonl_text([{"text": EN}]) + '{"text": "cut off\n' + jsonl_text([{"text": en(2)}]))


@case("tables", "refused", 0, problem=r"list\.jsonl: cannot be read as jsonl: line 1 is a JSON list")
def case_jsonl_line_not_an_object(root):
    return write(root / "list.jsonl", '["a", "b"]\n')


@case("tables", "loaded", 2, contains=("In update 1,",), language="en",
      fields={"7": {"date": "2025-11-01", "views": "1200"}, "8": {"date": "2025-11-02", "views": "35"}})
def case_parquet_int_and_date_columns(root):
    import pyarrow as pa

    return write_parquet(root / "typed.parquet", {"doc_id": [7, 8], "date": [pd.Timestamp("2025-11-01").date(), pd.Timestamp("2025-11-02").date()],
                                                   "views": [1200, 35], "text": [en(1), en(2)]},
                         {"date": pa.date32(), "views": pa.int64(), "doc_id": pa.int64()})


@case("tables", "loaded", 2, contains=("In update 2,",), language="en",
      fields={"s1": {"date": "2025-11-01", "score": "0.5"}, "s2": {"date": None}})
def case_parquet_timestamps_and_nulls(root):
    import pyarrow as pa

    return write_parquet(root / "stamps.parquet", {"doc_id": ["s1", "s2"], "date": [pd.Timestamp("2025-11-01"), None],
                                                    "score": [0.5, None], "text": [en(1), en(2)]},
                         {"date": pa.timestamp("ns"), "score": pa.float64()})


@case("tables", "loaded", 4, contains=("In update 3,",), language="en",
      fields={"a/000000": {"title": "Roadmap signed"}, "b/000001": {"title": "Port crowded"}})
def case_folder_of_csvs(root):
    corpus = folder(root)
    rows = [{k: v for k, v in r.items() if k != "doc_id"} for r in ROWS]
    write(corpus / "a.csv", csv_text(rows[:2]))
    write(corpus / "b.csv", csv_text([rows[1] | {"text": en(4)}, rows[2]]))
    return corpus


@case("tables", "repaired", 8, repair="article text extracted", contains=("In update 5,", "Repair crews worked"), absent=("<",),
      language="en", report=True)
def case_folder_mixing_kinds(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    write(corpus / "b.html", page("Ferries return", [en(2).split("\n\n", 1)[1]]))
    write(corpus / "c.csv", csv_text([{"doc_id": "c1", "text": en(3)}]))
    write(corpus / "d.jsonl", jsonl_text([{"doc_id": "d1", "text": en(4)}]))
    write_parquet(corpus / "sub" / "e.parquet", {"doc_id": ["e1"], "text": [en(5)]})
    write(corpus / "f.rss", rss(EN_ITEMS))
    write(corpus / "g.md", "# " + en(6))
    return corpus


@case("tables", "loaded", 3, contains=("In update 3,",), language="en")
def case_glob_pattern(root):
    corpus = folder(root)
    write(corpus / "a.csv", csv_text(ROWS[:2]))
    write(corpus / "b.csv", csv_text(ROWS[2:]))
    write(corpus / "c.txt", en(9))  # not matched by the pattern
    return str(corpus / "*.csv")


@case("tables", "loaded", 2, contains=("In update 2,",), language="en", fields={"2025/11/x/000000": {"source_row": 0}})
def case_recursive_glob_pattern(root):
    corpus = folder(root)
    write(corpus / "2025" / "11" / "x.jsonl", jsonl_text([{"text": en(1)}]))
    write(corpus / "2025" / "12" / "y.jsonl", jsonl_text([{"doc_id": "y1", "text": en(2)}]))
    return str(corpus / "**" / "*.jsonl")


@case("tables", "refused", 0, problem=r"corpus pattern .*\*\.csv' matches no file")
def case_glob_pattern_matching_nothing(root):
    corpus = folder(root)
    write(corpus / "a.txt", EN)
    return str(corpus / "*.csv")


@case("tables", "loaded", 3, contains=("In update 1,", "In update 9,"), language="en")
def case_list_of_paths(root):
    corpus = folder(root)
    return [write(corpus / "a.txt", en(9)), write(corpus / "more" / "b.csv", csv_text(ROWS[:2]))]


@case("tables", "refused", 0, problem=r"ghost\.csv' \(in the list of corpus paths\) does not exist")
def case_list_with_missing_path(root):
    corpus = folder(root)
    return [write(corpus / "a.txt", EN), corpus / "ghost.csv"]


@case("tables", "loaded", 2, contains=("In update 2,",), language="en", options={"text_column": "body", "outlet_column": "site"},
      fields={"row/000001": {"outlet": "Baku Daily", "source_path": "<DataFrame>", "source_row": 1}})
def case_dataframe_with_column_mapping(root):
    return pd.DataFrame({"body": [en(1), en(2)], "site": ["Caspian Courier", "Baku Daily"], "views": [3, 4]})


@case("tables", "refused", 1, problem=r"row 1 \(doc_id 'row/000001'\) has a number as its text", contains=("In update 1,",))
def case_dataframe_with_non_string_text(root):
    return pd.DataFrame({"text": [en(1), 12.5]})


@case("tables", "refused", 0, problem=r"has duplicate doc_id values \['a'\]")
def case_duplicate_doc_ids(root):
    return write(root / "dups.csv", csv_text([{"doc_id": "a", "text": en(1)}, {"doc_id": "a", "text": en(2)}]))


@case("tables", "refused", 0, problem=r"has duplicate doc_id values \['x'\]")
def case_duplicate_doc_ids_across_files(root):
    corpus = folder(root)
    write(corpus / "a.csv", csv_text([{"doc_id": "x", "text": en(1)}]))
    write(corpus / "b.jsonl", jsonl_text([{"doc_id": "x", "text": en(2)}]))
    return corpus


@case("tables", "refused", 0, problem="")
def case_empty_table(root):
    return write(root / "empty.csv", "doc_id,title,text\n")


@case("tables", "refused", 0, problem="")
def case_empty_parquet(root):
    import pyarrow as pa

    return write_parquet(root / "empty.parquet", {"doc_id": [], "text": []}, {"doc_id": pa.string(), "text": pa.string()})


@case("tables", "refused", 0, problem=r"zero\.csv: is empty \(0 bytes\)")
def case_zero_byte_csv(root):
    return write(root / "zero.csv", b"")


@case("tables", "refused", 1, problem=r"row 1 \(doc_id 'b'\) has an empty text", contains=("In update 1,",))
def case_csv_rows_with_empty_text(root):
    return write(root / "gaps.csv", csv_text([{"doc_id": "a", "text": en(1)}, {"doc_id": "b", "text": "  "}]))


@case("tables", "loaded", 1, contains=("In update 1,",), language="en",
      fields={"c1": {"input_raw_text": "forged", "input_sha256": "0" * 64, "input_source_path": "/etc/passwd"}})
def case_csv_with_computed_column_names(root):
    return write(root / "forged.csv", csv_text([{"doc_id": "c1", "text": en(1), "raw_text": "forged", "sha256": "0" * 64,
                                                "source_path": "/etc/passwd"}]))


@case("tables", "refused", 2, problem=r"row 1 \(doc_id 'd2'\) has date '2023-02-30', which is not a date", fields={"d2": {"date": None}},
      contains=("In update 2,",))
def case_csv_impossible_date(root):
    return write(root / "dates.csv", csv_text([{"doc_id": "d1", "date": "2023-02-28", "text": en(1)},
                                               {"doc_id": "d2", "date": "2023-02-30", "text": en(2)}]))


# Metadata and manifests --------------------------------------------------------

def manifest(corpus: Path, rows: list[dict], encoding: str = "utf-8") -> Path:
    return write(corpus / "manifest.csv", csv_text(rows, list(dict.fromkeys(k for row in rows for k in row))), encoding)


@case("manifest", "refused", 2, problem=r"manifest\.csv: row for file 'b\.txt' has date '2023-02-30', which is not a date",
      fields={"b": {"date": None, "outlet": "Baku Daily"}, "a": {"date": "2023-02-28"}}, report=True)
def case_manifest_impossible_date(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    write(corpus / "b.txt", en(2))
    return manifest(corpus, [{"file": "a.txt", "date": "2023-02-28", "outlet": "Caspian Courier"},
                             {"file": "b.txt", "date": "2023-02-30", "outlet": "Baku Daily"}]).parent


@case("manifest", "refused", 1, problem=r"row for file 'a\.txt' has date 'last Tuesday'", fields={"a": {"date": None}})
def case_manifest_free_text_date(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    return manifest(corpus, [{"file": "a.txt", "date": "last Tuesday"}]).parent


@case("manifest", "loaded", 1, contains=("In update 1,",),
      fields={"a": {"input_raw_text": "forged", "input_sha256": "f" * 64, "input_source_path": "/etc/passwd", "title": "Given title"}})
def case_manifest_computed_column_names(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    return manifest(corpus, [{"file": "a.txt", "title": "Given title", "raw_text": "forged", "sha256": "f" * 64,
                              "source_path": "/etc/passwd"}]).parent


@case("manifest", "refused", 1, problem=r"row for file 'ghost\.txt' names a file that does not exist")
def case_manifest_missing_file(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    return manifest(corpus, [{"file": "a.txt"}, {"file": "ghost.txt"}]).parent


@case("manifest", "refused", 1, problem=r"row for file '\.\./outside\.txt' names a path outside", absent=("SECRET",))
def case_manifest_dotdot_path(root):
    corpus = folder(root)
    write(root / "outside.txt", "SECRET outside text that must never be read.\n")
    write(corpus / "a.txt", en(1))
    return manifest(corpus, [{"file": "a.txt"}, {"file": "../outside.txt", "title": "Leak"}]).parent


@case("manifest", "refused", 1, problem=r"row for file '/etc/hostname' names a path outside")
def case_manifest_absolute_path(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    return manifest(corpus, [{"file": "a.txt"}, {"file": "/etc/hostname"}]).parent


@case("manifest", "refused", 0, problem=r"manifest\.csv: has duplicate file values \['a\.txt'\]")
def case_manifest_duplicate_file_rows(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    return manifest(corpus, [{"file": "a.txt", "title": "One"}, {"file": "a.txt", "title": "Two"}]).parent


@case("manifest", "loaded", 2, fields={"x1": {"title": "Manifest title", "outlet": "Caspian Courier", "date": "2025-11-28", "genre": "news"},
                                        "README": {"title": "Notes"}})
def case_manifest_values_win_and_name_a_note(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    write(corpus / "README.md", "# Notes\n\n" + en(2))
    return manifest(corpus, [{"doc_id": "x1", "file": "a.txt", "title": "Manifest title", "outlet": "Caspian Courier",
                              "date": "2025-11-28", "genre": "news"}, {"file": "README.md", "title": "Notes"}]).parent


@case("manifest", "loaded", 1, language="ru", fields={"a": {"title": RU_TITLE, "outlet": "Новости"}})
def case_manifest_in_cp1251(root):
    corpus = folder(root)
    write(corpus / "a.txt", RU)
    return manifest(corpus, [{"file": "a.txt", "title": RU_TITLE, "outlet": "Новости"}], "cp1251").parent


@case("manifest", "refused", 1, problem=r"row for file 'data\.csv' names a file that is not read")
def case_manifest_naming_a_table(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    write(corpus / "data.csv", "x\n1\n")  # no text column, but only named in the manifest: the file itself is a table...
    return manifest(corpus, [{"file": "a.txt"}, {"file": "data.csv"}]).parent


@case("manifest", "refused", 0, problem=r"manifest\.csv: is missing the required column 'file'")
def case_manifest_without_file_column(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    return manifest(corpus, [{"path": "a.txt", "title": "T"}]).parent


# Safety ------------------------------------------------------------------------

@case("safety", "refused", 1, problem=r"hostname\.txt: is a symbolic link to '/etc/hostname', outside the corpus folder")
def case_symlink_to_file_outside(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    (corpus / "hostname.txt").symlink_to("/etc/hostname")
    return corpus


@case("safety", "refused", 1, problem=r"elsewhere: is a symbolic link to .*outside", absent=("SECRET",))
def case_symlink_to_folder_outside(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    write(root / "outside" / "secret.txt", "SECRET text outside the corpus.\n")
    (corpus / "elsewhere").symlink_to(root / "outside")
    return corpus


@case("safety", "refused", 1, problem=r"loop1\.txt: cannot be read: it is a symbolic link to 'loop2\.txt' that loops back")
def case_symlink_loop(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    (corpus / "loop1.txt").symlink_to("loop2.txt")
    (corpus / "loop2.txt").symlink_to("loop1.txt")
    return corpus


@case("safety", "refused", 1, problem=r"gone\.txt: cannot be read: it is a symbolic link to 'nowhere\.txt', which does not exist")
def case_dangling_symlink(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    (corpus / "gone.txt").symlink_to("nowhere.txt")
    return corpus


@case("safety", "refused", 2, problem=r"again: is a link to a folder inside the corpus; it is not followed", contains=("In update 2,",))
def case_symlink_to_folder_inside(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    write(corpus / "sub" / "b.txt", en(2))
    (corpus / "again").symlink_to("sub")  # not followed: b is read once
    return corpus


@case("safety", "refused", 1, problem=r"\.git: is hidden.*\.hidden\.txt: is hidden")
def case_dotfiles(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    write(corpus / ".hidden.txt", en(2))
    write(corpus / ".git" / "notes.txt", en(3))
    return corpus


@case("safety", "refused", 1, problem=r"\.DS_Store: is left behind.*Thumbs\.db: is left behind.*__MACOSX: is left behind")
def case_os_debris(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    write(corpus / ".DS_Store", b"\x00\x00\x00\x01Bud1" + bytes(64))
    write(corpus / "Thumbs.db", bytes(range(256)))
    write(corpus / "__MACOSX" / "._a.txt", b"\x00\x05\x16\x07" + bytes(60))
    write(corpus / "~$draft.txt", "lock")
    return corpus


@case("safety", "refused", 1, problem=r"LICENSE\.txt: is a note about the corpus.*README\.md: is a note")
def case_notes_beside_documents(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    write(corpus / "README.md", "# About this corpus\n\nArticles collected in 2025.\n")
    write(corpus / "LICENSE.txt", "CC BY 4.0\n")
    return corpus


ANSI_NAME = "evil\x1b[31mred\x07\u202etxt.exe.txt"


@case("safety", "loaded", 1, contains=("In update 1,",), report=True)
def case_file_name_with_ansi_escapes_loaded(root):
    corpus = folder(root)
    write(corpus / ANSI_NAME, en(1))
    return corpus


@case("safety", "refused", 0, problem=r"bad\\x1b\[2J\\x07\.txt: is not text")
def case_file_name_with_ansi_escapes_refused(root):
    return write(folder(root) / "bad\x1b[2J\x07.txt", png_bytes() + bytes(range(256)) * 4).parent


@case("safety", "refused", 0, problem=r"pipe\.txt: cannot be read: it is not a regular file")
def case_fifo_txt(root):
    corpus = folder(root)
    os.mkfifo(corpus / "pipe.txt")
    return corpus


@case("safety", "refused", 1, problem=r"pipe\.csv: cannot be read: it is not a regular file")
def case_fifo_csv(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    os.mkfifo(corpus / "pipe.csv")
    return corpus


@case("safety", "refused", 1, problem=r"pipe\.xml: cannot be read: it is not a regular file")
def case_fifo_xml(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    os.mkfifo(corpus / "pipe.xml")
    return corpus


def _as_root() -> str:
    return "running as root: permissions do not stop root from reading a chmod 000 file" if os.geteuid() == 0 else ""


@case("safety", "refused", 1, problem=r"locked\.txt: cannot be read: Permission denied", skip=_as_root)
def case_unreadable_file(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    locked = write(corpus / "locked.txt", en(2))
    locked.chmod(0)
    return corpus


@case("safety", "refused", 0, problem=r"contains no usable documents: 3 skipped")
def case_folder_with_nothing_usable(root):
    corpus = folder(root)
    write(corpus / "README.md", "# Notes\n")
    write(corpus / "photo.png", png_bytes())
    write(corpus / "article.docx", zip_bytes())
    return corpus


@case("safety", "refused", 0, problem=r"contains no usable documents: no \.txt")
def case_empty_folder(root):
    return folder(root)


@case("safety", "refused", 0, problem=r"corpus path .*nowhere' does not exist")
def case_missing_corpus_path(root):
    return root / "nowhere"


@case("safety", "refused", 0, problem=r"article\.docx: is not a folder or a \.csv")
def case_single_file_of_unread_kind(root):
    return write(root / "article.docx", zip_bytes())


@case("safety", "loaded", 1, contains=("In update 1,",), fields={"folder.txt/a": {}})
def case_folder_named_like_a_file(root):
    corpus = folder(root)
    write(corpus / "folder.txt" / "a.txt", en(1))
    return corpus


# Languages ---------------------------------------------------------------------

def _language_case(name, text, language, report=False, **extra):
    def build(root):
        return write(folder(root) / f"{name}.txt", text)
    build.__name__ = f"case_{name}"
    case("languages", "loaded", 1, language=language, contains=(text.strip().split("\n")[0][:40],), report=report, **extra)(build)


_language_case("russian_only", RU, "ru", report=True)
_language_case("turkish", TR, "tr")
_language_case("azerbaijani", AZ, "az")
_language_case("kazakh", KK, "kk")
_language_case("german", DE, "de")
_language_case("finnish_no_measures", FI, "fi")
_language_case("mixed_english_russian", EN + "\n" + RU_PARAGRAPHS[0] + "\n", ("en", "ru"))
_language_case("emoji_only", "😀🎉👍🔥\n\n🚢🚂🌊\n", "und")
_language_case("very_short", "Baku talks.\n", "und")
_language_case("numbers_only", "2025 11 28\n\n1 200 000 / 35 %\n", "und")


@case("languages", "loaded", 6, fields={name: {"language": name} for name in ("en", "ru", "tr", "az", "kk", "de")})
def case_folder_of_six_languages(root):
    corpus = folder(root)
    for name, text in (("en", EN), ("ru", RU), ("tr", TR), ("az", AZ), ("kk", KK), ("de", DE)):
        write(corpus / f"{name}.txt", text)
    return corpus


# Titles and text specials ------------------------------------------------------

@case("specials", "loaded", 1, fields={"deal": {"title": "$5 #1 deal $3"}}, report=True, report_only="document_report",
      contains=("$5 ticket and the #1 route",))
def case_title_with_dollars_and_hashes(root):
    corpus = folder(root)
    write(corpus / "deal.txt", "$5 #1 deal $3\n\nA $5 ticket and the #1 route: the deal costs $3 a tonne. " + EN)
    return manifest(corpus, [{"file": "deal.txt", "title": "$5 #1 deal $3", "outlet": "Price_{x}^2 \\n %"}]).parent


@case("specials", "loaded", 1, contains=("In update 1,", "Baku talks end"), absent=("\x1b", "\x07", "\x08", "[31m"),
      fields={"ctl": {"title": "Baku talks end"}})
def case_text_with_control_characters(root):
    return write(folder(root) / "ctl.txt", "Baku\x07 talks \x1b[31mend\x1b[0m\n\n" + en(1).replace("Caspian", "Cas\x08pian", 1)).parent


@case("specials", "repaired", 5, repair=r"removed 3 control character\(s\) from the title", absent=("\x1b", "\x07", "[2J"),
      fields={"d0": {"title": "Alarm title"}, "d1": {"title": "Plain title 1"}})
def case_title_with_control_characters(root):
    corpus = folder(root)
    rows = []
    for n in range(5):
        write(corpus / f"d{n}.txt", en(n + 1))
        rows.append({"file": f"d{n}.txt", "title": "Alarm\x07 \x1b[2Jtitle\x1b[0m" if n == 0 else f"Plain title {n}",
                     "outlet": "Caspian Courier", "url": f"https://news.example.org/2025/11/caspian-transit-roadmap-{n}.html"})
    return manifest(corpus, rows).parent


@case("specials", "refused", 0, problem=r"manifest\.csv: is not text: 2 of its \d+ characters are control characters")
def case_tiny_manifest_with_control_characters(root):
    corpus = folder(root)
    write(corpus / "ctl.txt", en(1))
    return manifest(corpus, [{"file": "ctl.txt", "title": "Alarm\x07 \x1b[2Jtitle"}]).parent


@case("specials", "loaded", 1, contains=("In update 1,",))
def case_rtl_override_characters(root):
    corpus = folder(root)
    write(corpus / "rtl.txt", "Talks in \u202eukaB\u202c today\n\n" + en(1))
    return manifest(corpus, [{"file": "rtl.txt", "title": "\u202etxt.exe Talks in Baku"}]).parent


@case("specials", "loaded", 1, contains=("In update 1,",), fields={"zw": {}})
def case_zero_width_and_nbsp(root):
    return write(folder(root) / "zw.txt", "Baku\u00a0talks\u200b today\n\n" + en(1).replace(" ", "\u00a0", 3)).parent


@case("specials", "loaded", 1, contains=("In update 1,",), fields={"long/title": {}})
def case_very_long_title_line(root):
    corpus = folder(root)
    write(corpus / "long" / "title.txt", "Transit " * 400 + ".\n\n" + en(1))
    return corpus


@case("specials", "loaded", 2, contains=("In update 1,",), fields={"b": {"duplicate_of": "a"}})
def case_exact_duplicate_documents(root):
    corpus = folder(root)
    write(corpus / "a.txt", en(1))
    write(corpus / "b.txt", en(1))
    return corpus
