"""Tests for analysis.corpus: load_corpus, prepare_document, removed_lines, split_paragraphs."""

from __future__ import annotations

import hashlib
import json
import random
import re
import warnings
import shutil
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import EXTRA_COLUMNS, input_problems, load_corpus, prepare_document, read_document, removed_lines, split_paragraphs
from analysis.errors import CorpusError, CorpusWarning
from analysis.schema import DOCUMENT_COLUMNS
from analysis.spans import paragraph_spans

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
PARAGRAPHS = tomllib.loads((FIXTURES / "paragraphs.toml").read_text(encoding="utf-8"))["paragraphs"]
REQUIRED = ["doc_id", "title", "outlet", "date", "language", "text", "raw_text", "sha256", "source_path"]


def _tree_hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    return load_corpus(SEEDS)


# -- the seed corpus ----------------------------------------------------------------


def test_seeds_are_five_english_documents_with_titles(seeds):
    assert seeds["doc_id"].tolist() == [p.stem for p in sorted(SEEDS.glob("*.txt"))]
    assert len(seeds) == 5
    assert seeds["language"].tolist() == ["en"] * 5
    assert seeds["language_detected"].tolist() == ["en"] * 5
    assert seeds["title"].str.strip().str.len().gt(0).all()
    assert input_problems(seeds).empty
    assert seeds["duplicate_of"].isna().all() and seeds["near_duplicate_of"].isna().all()


def test_seed_titles(seeds):
    titles = dict(zip(seeds["doc_id"].str[:3], seeds["title"]))
    assert titles["000"] == "Victories, diplomacy position Azerbaijan as middle power in Central Asia Kazakh expert says"
    assert titles["002"] == "Gaziz Abishev: Baku and Astana are Building a Pragmatic and Friendly Partnership - INTERVIEW"
    assert titles["004"] == "Kazakhstan: Eurasia’s Next Middle Power"
    # 001 and 003 have no headline: the first sentence stands in (cut at a word for 003).
    assert titles["001"].startswith("When discussing the Turkic world, Central Asian countries come to mind first")
    assert titles["003"].startswith("The decision to admit Azerbaijan as a full participant") and titles["003"].endswith("…")


#: (seed, debris line as it stands in the file, rule that removes it)
SEED_DEBRIS = [
    ("002", "Kazakh political analyst Gaziz Abishev", "header_caption"),
    ("002", "Gaziz Abishev: Baku and Astana are Building a Pragmatic and Friendly Partnership - INTERVIEW", "repeated_title"),
    ("002", "Azerbaijan and Kazakhstan", "photo_credit"),
    ("002", "Photo: iStock", "photo_credit"),
    ("002", "Azerbaijan and Central Asia", "photo_credit"),
    ("002", "Photo: AZERTAC", "photo_credit"),
    ("002", "By Asif Aydinli", "byline"),
    ("002", "Related news", "related_links"),
    ("003", " date 2025-11-28 Photo: Professor Azamat Seitov, head of the Laboratory at the Institute for Advanced International Studies at the University of World Economy and Diplomacy", "dateline_photo"),
    ("003", "+ ↺ − 16 px", "font_size_widget"),
    ("003", "Source: Azertag", "source_line"),
    ("003", "Source: APA", "source_line"),
    ("003", "Source: News.Az", "source_line"),
    ("003", "News.Az", "outlet_signature"),
    ("004", "Home > Politial Affairs > Asia > Kazakhstan: Eurasia’s Next Middle Power", "breadcrumb"),
    ("004", "Source: NationalInterest", "source_signature"),
    ("004", "Post navigation", "post_navigation"),
    ("004", "Leave a Comment", "post_navigation"),
    ("004", "Leave a Reply", "post_navigation"),
]


@pytest.mark.parametrize(("seed", "line", "rule"), SEED_DEBRIS)
def test_seed_debris_is_removed_and_audited(seeds, seed, line, rule):
    doc = seeds[seeds["doc_id"].str.startswith(seed)].iloc[0]
    raw, text = doc["raw_text"].split("\n"), doc["text"].split("\n")
    audit = removed_lines(seeds)
    rows = audit[(audit["doc_id"] == doc["doc_id"]) & (audit["line"] == line)]
    assert rows["rule"].tolist() == [rule]
    assert raw[rows["line_no"].iloc[0] - 1] == line
    if rule == "repeated_title":
        assert raw.count(line) == 2 and text.count(line) == 1 and text[0] == line  # the headline stays
    else:
        assert line in raw and line not in text


def test_seed_audit_is_complete(seeds):
    audit = removed_lines(seeds)
    assert list(audit.columns) == ["doc_id", "line_no", "rule", "line"]
    # SEED_DEBRIS plus the teaser after "Related news" in 002: nothing else is removed.
    assert len(audit) == len(SEED_DEBRIS) + 1
    assert seeds["n_removed"].tolist() == [0, 0, 9, 6, 5]
    teaser = audit[(audit["doc_id"].str.startswith("002")) & (audit["line_no"] == 51)]
    assert teaser["rule"].tolist() == ["related_links"]
    assert teaser["line"].iloc[0].startswith("Azerbaijan and Kazakhstan have steadily deepened")


@pytest.mark.parametrize(
    "pattern",
    [r"^\s*Photo\s*:", r"^\s*Source\s*:", r"^Related news$", r"^Post navigation$", r"^Leave a (?:Comment|Reply)$", r"^Home\s*>", r"↺", r"\d+\s*px$", r"^News\.Az$"],
)
def test_no_seed_debris_line_survives(seeds, pattern):
    lines = pd.Series([line for text in seeds["text"] for line in text.split("\n")])
    assert not lines.str.contains(pattern, regex=True).any()


@pytest.mark.parametrize(
    ("seed", "sentence"),
    [
        ("000", "Momynkulov noted that Tokayev also emphasized the necessity of cooperation in defence and security amidst the ongoing complex military-political situation."),
        ("001", "Central Asian states also place great importance on their ties with Azerbaijan."),
        ("002", "- How do you assess the current level of Azerbaijani-Kazakh relations?"),
        ("002", "Against this backdrop, The Caspian Post spoke with Kazakh political analyst Gaziz Abishev"),
        ("002", "Therefore, the most important thing for us is to remain level-headed"),
        ("003", "– What are the political and strategic advantages of this step?"),
        ("003", "News.Az discussed these questions with one of Uzbekistan’s most respected analysts"),
        ("003", "On international platforms, Central Asia’s voice becomes stronger."),
        ("004", "Kazakhstan: Eurasia’s Next Middle Power"),
        ("004", "Harun Karčić is a journalist and political analyst covering the Balkans and Turkey."),
    ],
)
def test_seed_body_sentences_survive(seeds, seed, sentence):
    assert sentence in seeds[seeds["doc_id"].str.startswith(seed)]["text"].iloc[0]


def test_seed_manifest_wins_and_the_rest_is_inferred(seeds):
    by_id = seeds.set_index(seeds["doc_id"].str[:3])
    assert by_id.loc["002", ["outlet", "author", "interviewee", "genre"]].tolist() == ["The Caspian Post", "Asif Aydinli", "Gaziz Abishev", "interview"]
    assert by_id.loc["004", "author"] == "Harun Karčić"  # not the author from any byline
    assert by_id.loc["003", "date"] == "2025-11-28"
    assert by_id.loc["001", "outlet"] is pd.NA
    assert by_id["inferred"].tolist() == ["title"] * 5


def test_seed_raw_text_is_the_file(seeds):
    for doc in seeds.itertuples():
        data = Path(doc.source_path).read_bytes()
        assert doc.raw_text == data.decode("utf-8")
        assert doc.sha256 == hashlib.sha256(data).hexdigest()
        assert doc.encoding == "utf-8" and doc.repairs == ""


def test_loading_never_changes_the_files(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    (folder / "cp1251.txt").write_bytes(("Заголовок\n" + PARAGRAPHS["ru"]).encode("cp1251"))
    (folder / "mojibake.txt").write_bytes("Azerbaijanâ€™s role\nBody text of the article.".encode("utf-8"))
    (folder / "empty.txt").write_bytes(b"")
    before = _tree_hashes(folder)
    mtimes = {p: p.stat().st_mtime_ns for p in folder.iterdir()}
    with pytest.warns(Warning):
        load_corpus(folder)
    assert _tree_hashes(folder) == before
    assert {p: p.stat().st_mtime_ns for p in folder.iterdir()} == mtimes


# -- interviews ------------------------------------------------------------------------


def test_seed_interview_roles(seeds):
    paragraphs = split_paragraphs(seeds)
    roles = paragraphs.assign(seed=paragraphs["doc_id"].str[:3])
    for seed in ("000", "001", "004"):
        assert set(roles.loc[roles["seed"] == seed, "role"]) == {"narrative"}
    questions = roles[roles["role"] == "question"]
    assert questions.groupby("seed").size().to_dict() == {"002": 4, "003": 8}
    # 002: the four interviewer turns, read off the file.
    assert [t[:40] for t in questions.loc[questions["seed"] == "002", "text"]] == [
        "- How do you assess the current level of",
        "- From your perspective, how do the curr",
        "- On November 16, at the 7th Consultativ",
        "- How is the rapprochement between Azerb",
    ]
    assert all(t.startswith("– ") and t.endswith("?") for t in questions.loc[questions["seed"] == "003", "text"])
    # The introduction is narrative; everything after the first question is a question or its answer.
    doc2 = roles[roles["seed"] == "002"]
    assert doc2["role"].tolist()[:5] == ["narrative"] * 4 + ["question"]
    assert set(doc2["role"].tolist()[5:]) == {"question", "answer"}
    # An answer can run over several paragraphs without a dash.
    answer = doc2[doc2["text"].str.startswith("Therefore, I believe the rapprochement")]
    assert answer["role"].tolist() == ["answer"]
    doc3 = roles[roles["seed"] == "003"]
    assert doc3["role"].tolist()[:4] == ["narrative", "narrative", "narrative", "question"]
    assert doc3["role"].tolist()[-1] == "answer"


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("Intro.\n- Why?\n- Because.\nMore.\n- How?\n- So.", ["narrative", "question", "answer", "answer", "question", "answer"]),
        ("Intro.\nQ: Why now?\nA: Because.\nQuestion. How?\nAnswer: Thus.", ["narrative", "question", "answer", "question", "answer"]),
        ("Intro.\n— Why now?»\n— Because.\n— And then?\n— Later.", ["narrative", "question", "answer", "question", "answer"]),
        # One question is not an interview.
        ("Intro.\n- Why?\n- Because.", ["narrative", "narrative", "narrative"]),
        # Questions in running text, with no dash, are not interview turns.
        ("Why now? Nobody knows.\nWhat next?\nHow so?", ["narrative", "narrative", "narrative"]),
        ("", []),
    ],
)
def test_split_paragraphs_roles(text, roles):
    paragraphs = split_paragraphs(pd.DataFrame({"doc_id": ["d"], "text": [text]}))
    assert paragraphs["role"].tolist() == roles


def test_split_paragraphs_offsets_and_columns():
    text = "  Title  \n\n- Why?\r\n- Because.\n\n- How?\n- So."
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [text, "One.\nTwo."]})
    expected = pd.DataFrame(
        {
            "doc_id": ["a"] * 5 + ["b"] * 2,
            "para_id": [0, 1, 2, 3, 4, 0, 1],
            "start": [2, 11, 19, 31, 38, 0, 5],
            "end": [7, 17, 29, 37, 43, 4, 9],
            "text": ["Title", "- Why?", "- Because.", "- How?", "- So.", "One.", "Two."],
            "role": ["narrative", "question", "answer", "question", "answer", "narrative", "narrative"],
        }
    ).astype({"doc_id": "string", "text": "string", "role": "string"})
    paragraphs = split_paragraphs(docs)
    pd.testing.assert_frame_equal(paragraphs, expected)
    for row in paragraphs.itertuples():
        assert docs.set_index("doc_id").loc[row.doc_id, "text"][row.start : row.end] == row.text


def test_split_paragraphs_needs_its_columns():
    with pytest.raises(ValueError, match=r"split_paragraphs needs a 'text' column; the frame has \['doc_id', 'body'\]"):
        split_paragraphs(pd.DataFrame({"doc_id": ["a"], "body": ["x"]}))


@pytest.mark.parametrize(
    ("text", "spans"),
    [("  One.\n\nTwo  \n", [(2, 6), (8, 11)]), ("", []), ("\n \n\t", []), ("a\r\nb", [(0, 1), (3, 4)])],
)
def test_paragraph_spans(text, spans):
    assert list(paragraph_spans(text)) == spans


# -- metadata ------------------------------------------------------------------------------

ARTICLE = "\n".join(
    [
        "Baku hosts Central Asian leaders",
        "Friday, January 4, 2019",
        "By Ann Lee",
        "The leaders of five countries met in Baku on Friday to discuss transport links.",
        "They agreed to meet again in Astana next year.",
        "Officials said the talks were constructive.",
        "Source: Trend News Agency",
    ]
)


def _folder_with(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def test_metadata_is_inferred_without_a_manifest(tmp_path):
    docs = load_corpus(_folder_with(tmp_path, {"a.txt": ARTICLE}))
    doc = docs.iloc[0]
    assert (doc["title"], doc["date"], doc["author"], doc["outlet"]) == ("Baku hosts Central Asian leaders", "2019-01-04", "Ann Lee", "Trend News Agency")
    assert doc["inferred"] == "title,outlet,author,date"
    assert doc["text"] == "\n".join(ARTICLE.split("\n")[i] for i in (0, 3, 4, 5))


def test_manifest_wins_over_inferred_metadata(tmp_path):
    folder = _folder_with(
        tmp_path,
        {
            "a.txt": ARTICLE,
            "manifest.csv": "file,doc_id,title,outlet,date,section\na.txt,art-1,Given title,Given Outlet,2020-02-02,politics\n",
        },
    )
    doc = load_corpus(folder).iloc[0]
    assert (doc["doc_id"], doc["title"], doc["outlet"], doc["date"], doc["section"]) == ("art-1", "Given title", "Given Outlet", "2020-02-02", "politics")
    assert doc["author"] == "Ann Lee"  # the manifest has no author column
    assert doc["inferred"] == "author"


def test_empty_manifest_values_are_inferred(tmp_path):
    folder = _folder_with(tmp_path, {"a.txt": ARTICLE, "b.txt": "Second headline\nBody.", "manifest.csv": "file,title,outlet,section\na.txt,,Given Outlet,\n"})
    docs = load_corpus(folder)
    assert docs[["doc_id", "title", "outlet"]].fillna("-").values.tolist() == [["a", "Baku hosts Central Asian leaders", "Given Outlet"], ["b", "Second headline", "-"]]
    assert docs["inferred"].tolist() == ["title,author,date", "title"]
    # Every manifest column is a document column, even when all its values are empty.
    assert "section" in docs.columns and docs["section"].isna().all()


def test_explicit_manifest_frame(tmp_path):
    folder = _folder_with(tmp_path, {"sub/a.md": ARTICLE, "b.txt": "Second headline\nBody."})
    manifest = pd.DataFrame({"file": ["sub/a.md"], "outlet": ["Frame Outlet"], "language": ["en"]})
    before = manifest.copy()
    docs = load_corpus(folder, manifest=manifest)
    pd.testing.assert_frame_equal(manifest, before)
    assert docs["doc_id"].tolist() == ["b", "sub/a"]
    assert docs.set_index("doc_id").loc["sub/a", "outlet"] == "Frame Outlet"


def test_document_columns(tmp_path):
    folder = _folder_with(tmp_path, {"a.txt": ARTICLE, "manifest.csv": "file,section\na.txt,politics\n"})
    docs = load_corpus(folder)
    assert list(docs.columns[: len(DOCUMENT_COLUMNS)]) == DOCUMENT_COLUMNS
    assert set(REQUIRED) <= set(docs.columns)
    assert list(docs.columns) == DOCUMENT_COLUMNS + EXTRA_COLUMNS + ["section", "duplicate_of", "near_duplicate_of", "near_duplicate_jaccard"]
    assert docs.index.tolist() == [0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Home > News\nBaku hosts talks\nBy Ann Lee", {"title": "Baku hosts talks", "author": "Ann Lee", "text": "Baku hosts talks", "inferred": "title,author"}),
        # A first line ending in a full stop is a sentence, not a headline.
        ("Baku hosted talks. Leaders came.\nMore text.", {"title": "Baku hosted talks.", "inferred": "title"}),
        ("Related news\nTeaser", {"text": "", "inferred": "", "n_removed": 2}),
    ],
)
def test_prepare_document(raw, expected):
    record = {"doc_id": "d", "raw_text": raw}
    doc = prepare_document(record)
    assert record == {"doc_id": "d", "raw_text": raw}  # the input is not changed
    assert {key: doc[key] for key in expected} == expected
    assert doc["raw_text"] == raw


def test_prepare_document_keeps_given_metadata():
    doc = prepare_document({"doc_id": "d", "raw_text": ARTICLE, "title": "Given", "date": None})
    assert (doc["title"], doc["date"], doc["inferred"]) == ("Given", "2019-01-04", "outlet,author,date")


def test_read_document(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfBaku\r\n")
    assert read_document(path) == {
        "raw_text": "Baku\r\n",
        "sha256": hashlib.sha256(b"\xef\xbb\xbfBaku\r\n").hexdigest(),
        "encoding": "utf-8-sig",
        "repairs": [],
        "source_path": str(path),
    }


# -- decoding, repair and language through load_corpus ---------------------------------------


def test_encodings_repairs_and_languages(tmp_path):
    ru = "Заголовок статьи\n" + PARAGRAPHS["ru"] + "\n" + PARAGRAPHS["ru"].upper()
    kk = "Мақала тақырыбы\n" + PARAGRAPHS["kk"]
    en = "Azerbaijan’s headline\n" + PARAGRAPHS["en"]  # UTF-8 beyond ASCII, so a stray byte is a stray byte
    folder = _folder_with(
        tmp_path,
        {
            "ru_cp1251.txt": ru.encode("cp1251"),
            "ru_koi8.txt": ru.encode("koi8-r"),
            "kk_utf16.txt": kk.encode("utf-16"),
            "en_stray.txt": en.replace("favourable", "favourable \x92").encode("utf-8").replace("\x92".encode("utf-8"), b"\x92"),
            "en_mojibake.txt": "Azerbaijanâ€™s role\n" + PARAGRAPHS["en"],
            "en_nfd.txt": "Cafe\u0301 talks\n" + PARAGRAPHS["en"],
            "tr.txt": "Başlık\n" + PARAGRAPHS["tr"],
            "de.txt": "Überschrift\n" + PARAGRAPHS["de"],
        },
    )
    docs = load_corpus(folder).set_index("doc_id")
    assert docs.loc["ru_cp1251", "text"] == ru and docs.loc["ru_cp1251", "encoding"] == "cp1251"
    assert docs.loc["ru_koi8", "text"] == ru and docs.loc["ru_koi8", "encoding"] == "koi8_r"
    assert docs.loc["kk_utf16", "text"] == kk
    assert docs.loc["en_stray", "text"] == en.replace("favourable", "favourable ’")
    assert docs.loc["en_stray", "repairs"].startswith("1 invalid UTF-8 byte(s) read as cp1252 at offset(s) ")
    assert docs.loc["en_mojibake", "title"] == "Azerbaijan’s role"
    assert docs.loc["en_mojibake", "raw_text"].startswith("Azerbaijanâ€™s role")
    assert docs.loc["en_mojibake", "repairs"] == "mojibake repaired by ftfy (encode sloppy-windows-1252, decode utf-8)"
    assert docs.loc["en_nfd", "title"] == "Caf\u00e9 talks"
    assert docs.loc["en_nfd", "raw_text"].startswith("Cafe\u0301 talks")
    # Every document is kept; the language says which are not English.
    assert docs["language"].to_dict() == {
        "de": "de",
        "en_mojibake": "en",
        "en_nfd": "en",
        "en_stray": "en",
        "kk_utf16": "kk",
        "ru_cp1251": "ru",
        "ru_koi8": "ru",
        "tr": "tr",
    }
    # The two Russian files have the same text: one is flagged as a duplicate of the other, both kept.
    assert docs.loc["ru_koi8", "duplicate_of"] == "ru_cp1251"


def test_manifest_language_wins_but_detection_is_kept(tmp_path):
    folder = _folder_with(tmp_path, {"a.txt": "Заголовок\n" + PARAGRAPHS["ru"], "manifest.csv": "file,language\na.txt,en\n"})
    doc = load_corpus(folder).iloc[0]
    assert (doc["language"], doc["language_detected"]) == ("en", "ru")
    assert doc["language_confidence"] >= 0.5


def test_duplicates_are_flagged_not_dropped(tmp_path):
    body = " ".join(PARAGRAPHS["en"] for _ in range(3))
    folder = _folder_with(
        tmp_path,
        {
            "a.txt": "Headline\n" + body,
            "b.txt": "HEADLINE\n\n" + body.replace(". ", ".  "),  # same text up to case and spacing
            "c.txt": "Headline\n" + body.replace("pragmatism", "realism", 1),  # one word changed
            "d.txt": "Headline\n" + PARAGRAPHS["de"],
        },
    )
    docs = load_corpus(folder)
    assert docs["doc_id"].tolist() == ["a", "b", "c", "d"]
    assert docs["duplicate_of"].fillna("-").tolist() == ["-", "a", "-", "-"]
    assert docs["near_duplicate_of"].fillna("-").tolist() == ["-", "-", "a", "-"]


# -- tables -----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_table_corpus(tmp_path, suffix):
    table = pd.DataFrame(
        {
            "doc_id": ["x1", "", "x3"],
            "text": [ARTICLE, "Second headline\n" + PARAGRAPHS["en"], "Заголовок\n" + PARAGRAPHS["ru"]],
            "title": ["Given title", "", ""],
            "section": ["politics", "economy", ""],
        }
    )
    path = tmp_path / f"articles{suffix}"
    if suffix == ".csv":
        table.to_csv(path, index=False)
    elif suffix == ".jsonl":
        path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in table.to_dict("records")), encoding="utf-8")
    else:
        table.to_parquet(path)
    before = path.read_bytes()
    docs = load_corpus(path)
    assert path.read_bytes() == before
    # A row without an id gets the generated one.
    assert docs["doc_id"].tolist() == ["x1", "articles/000001", "x3"]
    assert docs["title"].tolist() == ["Given title", "Second headline", "Заголовок"]
    assert docs["date"].tolist()[0] == "2019-01-04"
    assert docs["section"].fillna("-").tolist() == ["politics", "economy", "-"]
    assert docs["language"].tolist() == ["en", "en", "ru"]
    assert docs["source_row"].tolist() == [0, 1, 2]
    assert docs["source_path"].tolist() == [str(path)] * 3
    assert docs["sha256"].tolist() == [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in table["text"]]
    assert docs["raw_text"].tolist() == table["text"].tolist()


def test_table_without_doc_id_column(tmp_path):
    path = tmp_path / "news.csv"
    pd.DataFrame({"text": ["Headline one\nBody one.", "Headline two\nBody two."]}).to_csv(path, index=False)
    assert load_corpus(path)["doc_id"].tolist() == ["news/000000", "news/000001"]


def test_documents_frame_merges_and_concatenates_like_any_frame(tmp_path):
    # load_corpus's attrs must not break pandas: it compares attrs when frames are combined
    (tmp_path / "a.txt").write_text("Baku hosts talks.\nAzerbaijan and Kazakhstan met.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    with pytest.warns(CorpusWarning):
        docs = load_corpus(tmp_path)
    assert len(pd.concat([docs, docs], ignore_index=True)) == 2
    assert len(docs.merge(docs[["doc_id"]], on="doc_id")) == 1
    assert input_problems(docs)["problem"].tolist() == ["is empty (0 bytes)"]


# -- reading in chunks, preparing anywhere, duplicates as chunks arrive ----------------


def _mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    shutil.copytree(SEEDS, folder)
    first = sorted(folder.glob("*.txt"))[0]
    (folder / "copy.txt").write_bytes(first.read_bytes())
    (folder / "near.txt").write_text(first.read_text(encoding="utf-8") + "\nOne more closing line.", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "ru.txt").write_text("Азербайджан и Казахстан укрепляют сотрудничество в регионе.", encoding="cp1251")
    return folder


@pytest.mark.parametrize("jobs,chunk_size", [(1, 1), (1, 3), (2, 2)])
def test_any_jobs_and_chunk_size_give_the_same_frame(tmp_path, jobs, chunk_size):
    folder = _mixed_folder(tmp_path)
    with pytest.warns(CorpusWarning, match="empty.txt"):
        expected = load_corpus(folder, chunk_size=500)
    with pytest.warns(CorpusWarning, match="empty.txt"):
        got = load_corpus(folder, jobs=jobs, chunk_size=chunk_size)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert got.attrs["problems"] == expected.attrs["problems"] and len(got.attrs["problems"]) == 1
    flags = expected.set_index("doc_id")
    assert flags.loc["copy", "duplicate_of"] == first_seed_id() and flags.loc["near", "near_duplicate_of"] == first_seed_id()


def first_seed_id() -> str:
    return sorted(SEEDS.glob("*.txt"))[0].stem


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16"])
def test_a_csv_in_any_encoding_reads_the_same_in_chunks(tmp_path, encoding):
    table = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["Баку и Астана подписали соглашение.", "Baku and Astana signed a deal on Monday.", "Ташкент приветствует Баку."]})
    path = tmp_path / "docs.csv"
    path.write_bytes(table.to_csv(index=False).encode(encoding))
    whole, chunked = load_corpus(path), load_corpus(path, chunk_size=1)
    pd.testing.assert_frame_equal(chunked, whole, check_exact=True)
    if encoding.startswith("utf"):  # (three short lines of cp1251 are too little for encoding detection to be sure)
        assert chunked["text"].tolist() == table["text"].tolist()


def test_a_folder_of_parquet_files_is_one_table(tmp_path):
    folder = tmp_path / "dataset"
    folder.mkdir()
    pd.DataFrame({"doc_id": ["a"], "text": ["Baku and Astana signed a transit roadmap on Monday."]}).to_parquet(folder / "part-0.parquet")
    pd.DataFrame({"text": ["Tashkent welcomes Baku to the meeting of Central Asian leaders."]}).to_parquet(folder / "part-1.parquet")
    docs = load_corpus(folder)
    assert docs["doc_id"].tolist() == ["a", "part-1/000000"]
    assert docs["source_path"].tolist() == [str(folder / "part-0.parquet"), str(folder / "part-1.parquet")]


def test_bad_jobs_and_chunk_size_are_named():
    with pytest.raises(ValueError, match="jobs must be a positive whole number of processes .*; got 0"):
        load_corpus(SEEDS, jobs=0)
    with pytest.raises(ValueError, match="chunk_size must be a positive whole number of documents; got 0"):
        load_corpus(SEEDS, chunk_size=0)


def _all_pairs_flags(docs, signatures, keys, threshold=0.8):
    """The reference: each document against every earlier one (no LSH), the most similar at or above the threshold, earliest on ties."""
    first, kept, flags = {}, [], []
    for doc_id, key, values in zip(docs["doc_id"], keys, signatures):
        if key in first:
            flags.append((first[key], None, None))
            continue
        first[key] = doc_id
        best, best_sim = None, 0.0
        for other, other_values in kept:
            sim = float((other_values == values).mean())
            if sim >= threshold and sim > best_sim:
                best, best_sim = other, sim
        flags.append((None, best, round(best_sim, 3) if best is not None else None))
        kept.append((doc_id, values))
    return pd.DataFrame(flags, columns=["duplicate_of", "near_duplicate_of", "near_duplicate_jaccard"])


def test_duplicate_index_flags_what_comparing_all_pairs_flags():
    from analysis.duplicates import DuplicateIndex, duplicate_signatures

    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(3000)]
    bases = [" ".join(rng.choice(vocabulary) for _ in range(120)) for _ in range(60)]
    texts = list(bases)
    for base in bases[:30]:  # one near duplicate per base (a few words changed), so no document has two equally close originals
        words = base.split()
        for _ in range(2):
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
        texts.append(" ".join(words))
    texts += [base.upper() for base in rng.sample(bases, 20)]  # exact duplicates after case folding
    rng.shuffle(texts)
    docs = pd.DataFrame({"doc_id": [f"d{i:03d}" for i in range(len(texts))], "text": texts})
    keys, signatures, _ = duplicate_signatures(docs["text"])
    expected = _all_pairs_flags(docs, signatures, keys)
    index = DuplicateIndex()
    got = [index.add(d, k, s) for d, k, s in zip(docs["doc_id"], keys, signatures)]
    assert [g[0] for g in got] == [None if pd.isna(v) else v for v in expected["duplicate_of"]]
    assert [g[1] for g in got] == [None if pd.isna(v) else v for v in expected["near_duplicate_of"]]
    assert [g[2] for g in got] == [None if pd.isna(v) else v for v in expected["near_duplicate_jaccard"]]
    assert sum(g[0] is not None for g in got) == 20 and sum(g[1] is not None for g in got) >= 25


# -- web pages, feeds and HTML entities ------------------------------------------------

WEB = Path(__file__).resolve().parent / "fixtures" / "web"
MARKUP_WORDS = {"href", "onerror", "alert", "img", "src", "script", "html", "div"}


def _word_set(text: str) -> set[str]:
    import re

    return set(re.findall(r"[a-z]+", text.lower()))


@pytest.fixture(scope="module")
def pages() -> pd.DataFrame:
    with pytest.warns(CorpusWarning, match="empty.html: is a web page but no article text could be extracted"):
        return load_corpus(WEB / "pages")


def test_pages_become_their_articles(pages):
    assert pages["doc_id"].tolist() == ["council", "harbour", "library"]  # council is a .txt whose content is a page
    assert pages["title"].tolist() == ["Council votes to keep night buses", "Harbour reopens after storm repairs", "New library opens in the old railway depot"]
    assert not pages["title"].str.startswith("<").any()
    assert pages[["date", "author", "outlet"]].values.tolist() == [
        ["2025-11-20", "Lena Hoffmann", "Riverside Post"],
        ["2025-10-14", "Mara Lindqvist", "Coastline Courier"],
        ["2025-09-03", "Tomas Okafor", "Valley Gazette"],
    ]
    for text in pages["text"]:
        assert not _word_set(text) & MARKUP_WORDS
        assert "<" not in text
    assert pages["language"].tolist() == ["en"] * 3


def test_pages_say_what_was_extracted(pages):
    assert pages["inferred"].tolist() == ["title,outlet,author,date"] * 3
    for repairs in pages["repairs"]:
        assert "article text extracted from a web page" in repairs
        assert "title, outlet, author, date from the page's metadata" in repairs


def test_page_raw_text_is_the_file_and_the_text_is_the_article(pages):
    harbour = pages.set_index("doc_id").loc["harbour"]
    assert harbour["raw_text"] == (WEB / "pages" / "harbour.html").read_text(encoding="utf-8")
    assert harbour["text"].startswith("Harbour reopens after storm repairs\nThe town harbour reopened")
    assert "It isn't perfect yet" in harbour["text"]


def test_a_page_without_article_text_is_a_problem(pages):
    assert input_problems(pages).values.tolist() == [[str(WEB / "pages" / "empty.html"), "is a web page but no article text could be extracted"]]


def test_manifest_values_win_over_the_page(tmp_path):
    folder = _folder_with(tmp_path, {"harbour.html": (WEB / "pages" / "harbour.html").read_text(encoding="utf-8"),
                                     "manifest.csv": "file,title,outlet\nharbour.html,Given title,\n"})
    doc = load_corpus(folder).iloc[0]
    assert (doc["title"], doc["outlet"], doc["author"]) == ("Given title", "Coastline Courier", "Mara Lindqvist")
    assert doc["inferred"] == "outlet,author,date"


def test_a_plain_text_mentioning_a_tag_is_not_a_page(tmp_path):
    text = "Markup slip on the front page\nThe editor wrapped the headline in <b> tags by mistake, readers said."
    doc = load_corpus(_folder_with(tmp_path, {"a.txt": text})).iloc[0]
    assert doc["text"] == text
    assert "web page" not in doc["repairs"]


def test_xml_that_is_neither_page_nor_feed_is_a_problem(tmp_path):
    folder = _folder_with(tmp_path, {"a.txt": "Headline\nBody.", "sitemap.xml": '<?xml version="1.0"?><urlset><url><loc>http://x.example</loc></url></urlset>'})
    with pytest.warns(CorpusWarning, match="sitemap.xml: is XML but neither an RSS or Atom feed nor a web page"):
        docs = load_corpus(folder)
    assert docs["doc_id"].tolist() == ["a"]


RUSSIAN_FEEDS = sorted(p.stem for p in (WEB / "feeds").glob("ru_*"))


@pytest.fixture(scope="module")
def feeds() -> pd.DataFrame:
    with pytest.warns(CorpusWarning, match=r"make_feeds\.py: is not read"):
        return load_corpus(WEB / "feeds")


def test_each_feed_item_is_a_document_in_corpus_order(feeds):
    assert len(RUSSIAN_FEEDS) == 10
    expected = ["en_atom/000000", "en_atom/000001", "en_rss1.rdf/000000", "en_rss1.rdf/000001"]
    expected += [f"{stem}/{n:06d}" for stem in RUSSIAN_FEEDS for n in range(3)]
    assert feeds["doc_id"].tolist() == expected
    assert feeds["source_row"].tolist() == [0, 1, 0, 1] + [0, 1, 2] * 10
    # the script that made the fixtures sits beside them: listed as not read, never a document
    assert input_problems(feeds)["source_path"].tolist() == [str(WEB / "feeds" / "make_feeds.py")]


def test_feed_items_carry_their_metadata(feeds):
    atom = feeds.set_index("doc_id").loc["en_atom/000001"]
    assert (atom["title"], atom["date"], atom["author"], atom["url"]) == ("Bridge repairs delayed until spring", "2025-09-04", "Ada Brennan", "http://gazette.example.org/bridge")
    assert atom["text"] == "The council said the work isn't possible before the frost, and the bridge will stay closed to lorries."
    assert atom["inferred"] == "title,author,date,url"
    assert atom["sha256"] == hashlib.sha256(atom["raw_text"].encode("utf-8")).hexdigest()


def test_russian_feeds_are_russian_in_cyrillic_and_not_scored_as_english(feeds):
    from analysis.scoring import SCORED_LANGUAGES

    russian = feeds[feeds["doc_id"].str.startswith("ru_")]
    assert len(russian) == 30
    assert russian["language"].tolist() == ["ru"] * 30
    assert russian["language_detected"].tolist() == ["ru"] * 30
    assert russian["title"].tolist() == ["Городской совет сохранил ночные автобусы", "В старом депо открылась библиотека", "Порт снова принимает рыболовные суда"] * 10
    for text in russian["text"]:
        letters = [c for c in text if c.isalpha()]
        assert sum("\u0400" <= c <= "\u04ff" for c in letters) == len(letters)  # all Cyrillic: no mojibake, no markup
    assert "ru" not in SCORED_LANGUAGES


def test_feed_items_without_text_are_problems(tmp_path):
    feed = ('<rss version="2.0"><channel><title>T</title>'
            "<item><title>Has text</title><description>Baku and Astana signed the agreement on Monday.</description></item>"
            "<item><title>Only a title</title></item></channel></rss>")
    folder = _folder_with(tmp_path, {"news.rss": feed})
    with pytest.warns(CorpusWarning, match=r"news\.rss#item=1: item 1 \(title 'Only a title'\) has no text"):
        docs = load_corpus(folder)
    assert docs["doc_id"].tolist() == ["news/000000"]


def test_feeds_read_the_same_in_any_chunks(tmp_path):
    folder = tmp_path / "mixed"
    shutil.copytree(WEB / "feeds", folder)
    shutil.copy(WEB / "pages" / "harbour.html", folder / "harbour.html")
    (folder / "make_feeds.py").unlink()
    expected = load_corpus(folder)
    got = load_corpus(folder, chunk_size=2, jobs=2)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def test_html_entities_are_decoded_in_every_text_field(tmp_path):
    table = pd.DataFrame({"doc_id": ["a"], "text": ["Minister&#39;s plan\nThe plan isn&#39;t good &amp; it isn&amp;#39;t cheap."],
                          "title": ["Minister&#39;s plan"], "author": ["Ann O&#39;Neil"], "outlet": ["News &amp; Views"]})
    path = tmp_path / "scraped.csv"
    table.to_csv(path, index=False)
    doc = load_corpus(path).iloc[0]
    assert doc["text"] == "Minister's plan\nThe plan isn't good & it isn't cheap."
    assert (doc["title"], doc["author"], doc["outlet"]) == ("Minister's plan", "Ann O'Neil", "News & Views")
    assert doc["raw_text"] == table["text"][0]  # the source as it was
    assert doc["repairs"] == ("decoded 5 HTML entities in the text; decoded 1 HTML entities in the title; "
                              "decoded 1 HTML entities in the outlet; decoded 1 HTML entities in the author")


def test_markup_in_table_rows_is_removed_or_extracted_and_recorded(tmp_path):
    page = ("<!DOCTYPE html><html><head><title>Rain in Baku</title></head><body><nav><a href='/'>Home</a> <a href='/x'>World</a></nav>"
            "<article><p>" + "Heavy rain closed three roads in Baku on Monday. " * 3 + "</p></article></body></html>")
    table = pd.DataFrame({"doc_id": ["fragment", "page", "prose", "empty_page"],
                          "text": ["<p>Baku &amp; Astana met on Monday.</p><p>It isn&#39;t over, <em>officials</em> said.</p>", page,
                                   "Use the <b> element for bold, the manual says.", "<html><body><script>var x = 1;</script></body></html>"]})
    path = tmp_path / "scraped.csv"
    table.to_csv(path, index=False)
    with pytest.warns(CorpusWarning, match=r"scraped.csv#row=3: is a web page but no article text could be extracted"):
        docs = load_corpus(path).set_index("doc_id")
    assert docs.loc["fragment", "text"] == "Baku & Astana met on Monday.\nIt isn't over, officials said."
    assert docs.loc["fragment", "repairs"] == "markup removed from an HTML fragment (59 of 89 characters kept)"
    assert docs.loc["page", "text"] == ("Heavy rain closed three roads in Baku on Monday. " * 3).strip()
    assert docs.loc["page", "title"] == "Rain in Baku" and "Home" not in docs.loc["page", "text"]
    assert docs.loc["prose", "text"] == table["text"][2] and docs.loc["prose", "repairs"] == ""
    assert "empty_page" not in docs.index
    assert docs.loc["fragment", "raw_text"] == table["text"][0]  # the source as it was


def test_entities_flip_no_tone_once_decoded(tmp_path):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    path = tmp_path / "scraped.csv"
    pd.DataFrame({"text": ["The new plan isn&#39;t good for the region."]}).to_csv(path, index=False)
    text = load_corpus(path)["text"][0]
    vader = SentimentIntensityAnalyzer()
    assert vader.polarity_scores(text)["compound"] < 0  # "isn't good" is negated
    assert vader.polarity_scores("The new plan isn&#39;t good for the region.")["compound"] > 0  # as it read before


def test_utf8_file_with_many_stray_bytes_stays_utf8(tmp_path):
    text = PARAGRAPHS["ru"] + "\n" + PARAGRAPHS["ru"]
    words = text.encode("utf-8").split(b" ")
    data = b" ".join(b"\x93" + word if i % 5 == 0 else word for i, word in enumerate(words))  # a cp1252 quote every fifth word
    stray = data.count(b"\x93")
    assert stray > 8
    doc = load_corpus(_folder_with(tmp_path, {"ru.txt": data})).iloc[0]
    assert doc["encoding"] == "utf-8" and doc["language"] == "ru"
    assert doc["repairs"].startswith(f"{stray} invalid UTF-8 byte(s) replaced by U+FFFD")


def test_feed_files_are_counted_by_their_items():
    from analysis.corpus import count_documents

    assert count_documents(WEB / "feeds") == 34  # 2 + 2 + 10 * 3 items
    assert count_documents(WEB / "pages") == 4


# -- your own data: any source, named columns ---------------------------------------------

BODY = "Baku hosts Central Asian leaders\nThe leaders of five countries met in Baku on Friday to discuss transport.\n"
BODY2 = "Tashkent opens a rail link\nThe new line joins Tashkent and Almaty and cuts the journey to eight hours.\n"


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def test_a_dataframe_is_a_corpus_and_is_not_changed():
    frame = pd.DataFrame({"body": [BODY, BODY2], "headline": ["Given headline", None], "published": ["2021-03-04", "2021-03-05"], "site": ["Trend", "APA"]})
    before = frame.copy()
    docs = load_corpus(frame, text_column="body", title_column="headline", date_column="published", outlet_column="site")
    pd.testing.assert_frame_equal(frame, before)
    assert docs["doc_id"].tolist() == ["row/000000", "row/000001"]
    assert docs["title"].tolist() == ["Given headline", "Tashkent opens a rail link"]
    assert docs["date"].tolist() == ["2021-03-04", "2021-03-05"]
    assert docs["outlet"].tolist() == ["Trend", "APA"]
    assert docs["source_path"].tolist() == ["<DataFrame>"] * 2 and docs["source_row"].tolist() == [0, 1]
    assert docs["raw_text"].tolist() == [BODY, BODY2]
    assert "body" not in docs.columns and "headline" not in docs.columns


def test_a_dataframe_goes_through_iter_raw_chunks_like_a_table():
    from analysis.corpus import iter_raw_chunks

    frame = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [BODY, BODY2, BODY + "More."]})
    chunks = list(iter_raw_chunks(frame, chunk_size=2))
    assert [[r["doc_id"] for r in c.records] for c in chunks] == [["a", "b"], ["c"]]
    assert [r["source_row"] for c in chunks for r in c.records] == [0, 1, 2]
    assert {r["source_path"] for c in chunks for r in c.records} == {"<DataFrame>"}


def test_a_named_column_a_table_lacks_names_the_file_and_its_columns(tmp_path):
    path = tmp_path / "news.csv"
    pd.DataFrame({"body": [BODY], "title": ["T"]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=rf"^{re.escape(str(path))}: has no 'content' column \(it has \['body', 'title'\]\); named by text_column='content'$"):
        load_corpus(path, text_column="content")
    with pytest.raises(CorpusError, match=r"has no 'when' column \(it has \['body', 'title'\]\); named by date_column='when'"):
        load_corpus(path, text_column="body", date_column="when")
    with pytest.raises(CorpusError, match=r"^<DataFrame>: has no 'content' column"):
        load_corpus(pd.DataFrame({"body": [BODY]}), text_column="content")


@pytest.mark.parametrize(("options", "message"), [
    ({"text_column": ""}, r"text_column must be the name of a column \(a non-empty string\); got ''"),
    ({"id_column": 3}, r"id_column must be the name of a column \(a non-empty string\); got 3"),
    ({"text_column": "body", "title_column": "body"}, r"text_column, title_column name the same column \['body'\]"),
])
def test_bad_column_options_are_named(options, message):
    with pytest.raises(ValueError, match=message):
        load_corpus(SEEDS, **options)


def test_a_corpus_of_another_kind_is_refused():
    with pytest.raises(TypeError, match=r"corpus must be a folder, a file, a glob pattern, a list of paths or a pandas DataFrame; got dict"):
        load_corpus({"text": [BODY]})


def test_a_named_column_replaces_one_of_the_fields_name_which_is_kept_as_input(tmp_path):
    path = tmp_path / "news.csv"
    pd.DataFrame({"text": ["teaser"], "full_text": [BODY], "title": ["Old"], "headline": ["New"]}).to_csv(path, index=False)
    with pytest.warns(CorpusWarning, match=r"news\.csv: has columns the loader computes \('text', 'title'\)"):
        docs = load_corpus(path, text_column="full_text", title_column="headline")
    assert docs.loc[0, "raw_text"] == BODY and docs.loc[0, "title"] == "New"
    assert docs.loc[0, "input_text"] == "teaser" and docs.loc[0, "input_title"] == "Old"


def test_a_folder_of_csv_files_loads_them_all_and_lists_the_note(tmp_path):
    # the measured case: a folder of CSV files with a SOURCE.md loaded only the SOURCE.md
    (tmp_path / "SOURCE.md").write_text("Scraped from two sites in 2020.\n", encoding="utf-8")
    pd.DataFrame({"text": [BODY, BODY2]}).to_csv(tmp_path / "site_a.csv", index=False)
    pd.DataFrame({"text": [BODY + "Extra line."]}).to_csv(tmp_path / "site_b.csv", index=False)
    before = _hashes(tmp_path)
    with pytest.warns(CorpusWarning, match=r"SOURCE\.md: is a note about the corpus"):
        docs = load_corpus(tmp_path)
    assert docs["doc_id"].tolist() == ["site_a/000000", "site_a/000001", "site_b/000000"]
    assert input_problems(docs)["source_path"].tolist() == [str(tmp_path / "SOURCE.md")]
    assert _hashes(tmp_path) == before


def test_a_mixed_folder_loads_text_files_and_tables_in_sorted_order_with_unique_ids(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    pd.DataFrame({"text": [BODY2]}).to_csv(tmp_path / "b.csv", index=False)
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": BODY + "Jsonl."}) + "\n", encoding="utf-8")
    pd.DataFrame({"text": [BODY2 + "Parquet."]}).to_parquet(tmp_path / "d.parquet")
    (tmp_path / "sub").mkdir()
    pd.DataFrame({"text": [BODY + "Sub."]}).to_csv(tmp_path / "sub" / "b.csv", index=False)
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    with pytest.warns(CorpusWarning):
        docs = load_corpus(tmp_path)
    assert docs["doc_id"].tolist() == ["a", "b/000000", "c/000000", "d/000000", "sub/b/000000"]
    problems = input_problems(docs)
    assert problems["source_path"].tolist() == [str(tmp_path / ".DS_Store"), str(tmp_path / "notes.docx")]
    for chunk_size in (1, 2):
        with pytest.warns(CorpusWarning):
            again = load_corpus(tmp_path, chunk_size=chunk_size)
        pd.testing.assert_frame_equal(again, docs, check_exact=True)


def test_a_glob_pattern_and_a_list_of_paths_are_corpora(tmp_path):
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    pd.DataFrame({"text": [BODY]}).to_csv(dumps / "a.csv", index=False)
    pd.DataFrame({"text": [BODY2]}).to_csv(dumps / "b.csv", index=False)
    (dumps / "c.txt").write_text(BODY + "Text.", encoding="utf-8")
    assert load_corpus(str(dumps / "*.csv"))["doc_id"].tolist() == ["a/000000", "b/000000"]
    docs = load_corpus([dumps / "c.txt", dumps / "a.csv"])
    assert docs["doc_id"].tolist() == ["c", "a/000000"]
    assert load_corpus(dumps / "c.txt")["doc_id"].tolist() == ["c"]


@pytest.mark.parametrize("make", ["empty_folder", "only_skipped", "only_unreadable", "pattern_of_notes"])
def test_a_corpus_without_a_usable_document_is_an_error(tmp_path, make):
    folder = tmp_path / "corpus"
    folder.mkdir()
    source: object = folder
    if make == "only_skipped":
        (folder / ".hidden.txt").write_text(BODY, encoding="utf-8")
        (folder / "Thumbs.db").write_bytes(b"\x00")
        message = r"contains no usable documents: 2 skipped \(\.hidden\.txt: is hidden .*; Thumbs\.db: is left behind"
    elif make == "only_unreadable":
        (folder / "a.txt").write_bytes(b"")
        (folder / "b.txt").write_text("  \n", encoding="utf-8")
        message = r"contains no usable documents: 2 skipped \(a\.txt: is empty \(0 bytes\); b\.txt: contains only white space\)"
    elif make == "pattern_of_notes":
        (folder / "README.md").write_text(BODY, encoding="utf-8")
        source = str(folder / "*.md")
        message = r"contains no usable documents: 1 skipped \(README\.md: is a note about the corpus"
    else:
        message = r"contains no usable documents: no \.txt"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        with pytest.raises(CorpusError, match=message):
            load_corpus(source)


def test_the_cli_exits_non_zero_on_a_folder_without_a_usable_document(tmp_path, capsys):
    from analysis.__main__ import main

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "data.xlsx").write_bytes(b"PK\x03\x04")
    assert main(["score", str(folder), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert "contains no usable documents: 1 skipped (data.xlsx: is not read" in err
    assert not (tmp_path / "out").exists()


# -- inside the corpus only ------------------------------------------------------------------


def test_a_link_out_of_the_corpus_is_refused_and_never_read(tmp_path, monkeypatch):
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    corpus.mkdir()
    outside.mkdir()
    (corpus / "a.txt").write_text(BODY, encoding="utf-8")
    (outside / "secret.txt").write_text("Secret headline\nNever to be published.\n", encoding="utf-8")
    (corpus / "secret.txt").symlink_to(outside / "secret.txt")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "elsewhere").symlink_to(outside)
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    with pytest.warns(CorpusWarning, match="outside the corpus folder"):
        docs = load_corpus(corpus)
    assert docs["doc_id"].tolist() == ["a"]
    assert read == ["a.txt"]
    assert sorted(Path(p).name for p in input_problems(docs)["source_path"]) == ["elsewhere", "passwd.txt", "secret.txt"]
    assert not docs["raw_text"].str.contains("Never to be published").any()


@pytest.mark.parametrize("value", ["../outside/secret.txt", "/etc/passwd", "sub/../../outside/secret.txt", "C:\\secret.txt", "~/secret.txt"])
def test_a_manifest_path_out_of_the_folder_is_refused_without_probing(tmp_path, monkeypatch, value):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("Secret\n", encoding="utf-8")
    manifest = corpus / "manifest.csv"
    manifest.write_text(f"file,title\na.txt,Given\n\"{value}\",Stolen\n", encoding="utf-8")
    probed = []
    for name in ("is_file", "exists", "is_symlink", "stat", "read_bytes"):
        real = getattr(Path, name)
        monkeypatch.setattr(Path, name, lambda self, *a, _real=real, **k: probed.append(str(self)) or _real(self, *a, **k))
    with pytest.warns(CorpusWarning, match="names a path outside"):
        docs = load_corpus(corpus)
    assert docs["doc_id"].tolist() == ["a"] and docs["title"].tolist() == ["Given"]
    assert not [p for p in probed if "secret" in p or p.startswith("/etc")]
    assert input_problems(docs)["problem"].tolist() == [
        f"row for file {value!r} names a path outside {str(corpus)!r} (manifest files are paths inside the corpus folder, without '..'); it is not read"]


def test_file_names_are_escaped_where_they_are_printed(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "evil\x1b[31mred\x07.txt").write_bytes(b"")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = load_corpus(tmp_path)
    messages = [str(w.message) for w in caught]
    assert messages == [f"{tmp_path}/evil\\x1b[31mred\\x07.txt: is empty (0 bytes)"]
    assert input_problems(docs)["source_path"].tolist() == [str(tmp_path / "evil\x1b[31mred\x07.txt")]  # the table keeps the real name


# -- what the input cannot set ---------------------------------------------------------------


def test_manifest_columns_cannot_overwrite_computed_fields(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,raw_text,sha256,source_path,text\na.txt,FAKE,deadbeef,/etc/passwd,fake text\n", encoding="utf-8")
    with pytest.warns(CorpusWarning, match=r"manifest\.csv: has columns the loader computes \('raw_text', 'sha256', 'source_path', 'text'\)"):
        docs = load_corpus(tmp_path)
    doc = docs.iloc[0]
    assert doc["raw_text"] == BODY and doc["text"] != "fake text"
    assert doc["sha256"] == hashlib.sha256(BODY.encode("utf-8")).hexdigest()
    assert doc["source_path"] == str(tmp_path / "a.txt")
    assert (doc["input_raw_text"], doc["input_sha256"], doc["input_source_path"]) == ("FAKE", "deadbeef", "/etc/passwd")


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_table_columns_cannot_overwrite_computed_fields(tmp_path, suffix):
    table = pd.DataFrame({"text": [BODY], "raw_text": ["FAKE"], "sha256": ["deadbeef"], "source_row": ["99"], "language_detected": ["xx"]})
    path = tmp_path / f"t{suffix}"
    _write_table(table, path)
    with pytest.warns(CorpusWarning, match=r"has columns the loader computes \('raw_text', 'sha256', 'source_row', 'language_detected'\)"):
        docs = load_corpus(path)
    doc = docs.iloc[0]
    assert (doc["raw_text"], doc["sha256"], doc["source_row"], doc["language_detected"]) == (BODY, hashlib.sha256(BODY.encode()).hexdigest(), 0, "en")
    assert (doc["input_raw_text"], doc["input_sha256"], doc["input_source_row"], doc["input_language_detected"]) == ("FAKE", "deadbeef", "99", "xx")


def _write_table(table: pd.DataFrame, path: Path) -> None:
    if path.suffix == ".csv":
        table.to_csv(path, index=False)
    elif path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in table.to_dict("records")), encoding="utf-8")
    else:
        table.to_parquet(path)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_impossible_dates_are_problems_and_left_empty(tmp_path, suffix):
    table = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "text": [BODY, BODY2, BODY + "C.", BODY2 + "D."],
                          "date": ["2023-02-28", "2023-02-30", "1900-13-01", "sometime last spring"]})
    path = tmp_path / f"t{suffix}"
    _write_table(table, path)
    with pytest.warns(CorpusWarning, match="which is not a date"):
        docs = load_corpus(path)
    assert docs["date"].fillna("-").tolist() == ["2023-02-28", "-", "-", "-"]
    assert input_problems(docs).values.tolist() == [
        [f"{path}#row=1", "row 1 (doc_id 'b') has date '2023-02-30', which is not a date; the date is left empty"],
        [f"{path}#row=2", "row 2 (doc_id 'c') has date '1900-13-01', which is not a date; the date is left empty"],
        [f"{path}#row=3", "row 3 (doc_id 'd') has date 'sometime last spring', which is not a date; the date is left empty"],
    ]


def test_an_impossible_manifest_date_is_a_problem(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,date\na.txt,2023-02-30\n", encoding="utf-8")
    with pytest.warns(CorpusWarning, match=r"row for file 'a\.txt' has date '2023-02-30', which is not a date; the date is left empty"):
        docs = load_corpus(tmp_path)
    assert docs["date"].isna().all()


def test_an_impossible_date_is_never_inferred():
    doc = prepare_document({"doc_id": "d", "raw_text": "Headline\nBody text.", "extracted": {"date": "2023-02-30"}})
    assert _missing_value(doc.get("date")) and "date" not in doc["inferred"]


def _missing_value(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def test_jsonl_values_that_are_not_strings(tmp_path):
    rows = [
        {"doc_id": 17, "text": BODY, "title": "Plain", "views": 1200, "share": 0.25, "live": True, "tags": ["a", "b"], "meta": {"k": 1}},
        {"doc_id": "b", "text": 42, "title": "Number text"},
        {"doc_id": "c", "text": ["a", "list"], "title": "List text"},
        {"doc_id": "d", "text": BODY2, "title": ["not", "one", "title"], "author": {"name": "Ann"}, "views": 3.0},
        {"doc_id": "e", "text": False},
    ]
    path = tmp_path / "t.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.warns(CorpusWarning):
        docs = load_corpus(path)
    assert docs["doc_id"].tolist() == ["17", "d"]
    first = docs.iloc[0]
    assert (first["views"], first["share"], first["live"], first["tags"], first["meta"]) == ("1200", "0.25", "true", '["a", "b"]', '{"k": 1}')
    second = docs.iloc[1]
    assert pd.isna(second["author"]) and second["title"] == "Tashkent opens a rail link" and second["views"] == "3"
    assert not docs.astype(str).apply(lambda c: c.str.contains(r"^\[?'|\{'", regex=True)).any().any()  # no Python reprs
    assert input_problems(docs)["problem"].tolist() == [
        "row 1 (doc_id 'b') has a number as its text ('text'), not a string; the row is not loaded",
        "row 2 (doc_id 'c') has a list as its text ('text'), not a string; the row is not loaded",
        "row 3 (doc_id 'd') has a list in 'title', which holds one text; the field is left empty",
        "row 3 (doc_id 'd') has an object in 'author', which holds one text; the field is left empty",
        "row 4 (doc_id 'e') has a boolean as its text ('text'), not a string; the row is not loaded",
    ]


def test_parquet_values_that_are_not_strings(tmp_path):
    table = pd.DataFrame({"doc_id": [1, 2], "text": [BODY, BODY2], "date": pd.to_datetime(["2021-03-04", "2021-03-05 10:30"], format="ISO8601"),
                          "tags": [["x"], ["y", "z"]], "score": [1.5, None]})
    path = tmp_path / "t.parquet"
    table.to_parquet(path)
    docs = load_corpus(path)
    assert docs["doc_id"].tolist() == ["1", "2"]
    assert docs["date"].tolist() == ["2021-03-04", "2021-03-05T10:30:00"]
    assert docs["tags"].tolist() == ['["x"]', '["y", "z"]']
    assert docs["score"].tolist()[0] == "1.5" and pd.isna(docs["score"].tolist()[1])


def test_the_cli_prints_escaped_file_names(tmp_path, capsys):
    from analysis.__main__ import main

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(BODY, encoding="utf-8")
    (folder / "evil\x1b[2J\x1b[31m.txt").write_bytes(b"")
    assert main(["score", str(folder), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-cache", "--no-tokens"]) == 0
    err = capsys.readouterr().err
    assert "evil\\x1b[2J\\x1b[31m.txt: is empty (0 bytes)" in err
    assert "\x1b" not in err


def test_count_documents_counts_every_source(tmp_path):
    from analysis.corpus import count_documents

    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    pd.DataFrame({"text": [BODY, BODY2]}).to_csv(tmp_path / "b.csv", index=False)
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": BODY}) + "\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("About.\n", encoding="utf-8")
    assert count_documents(tmp_path) == 4
    assert count_documents(str(tmp_path / "*.csv")) == 2
    assert count_documents([tmp_path / "a.txt", tmp_path / "c.jsonl"]) == 2
    assert count_documents(pd.DataFrame({"text": [BODY] * 3})) == 3


def test_the_cli_exits_non_zero_on_a_folder_of_empty_files(tmp_path, capsys):
    from analysis.__main__ import main

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"")
    (folder / "b.txt").write_bytes(b"")
    assert main(["score", str(folder), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-cache"]) == 2
    assert "contains no usable documents: 2 skipped (a.txt: is empty (0 bytes); b.txt: is empty (0 bytes))" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_note_named_in_the_manifest_is_a_document(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "README.md").write_text(BODY2, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,outlet\nREADME.md,Notes\n", encoding="utf-8")
    docs = load_corpus(tmp_path)
    assert docs["doc_id"].tolist() == ["README", "a"]
    assert docs.set_index("doc_id").loc["README", "outlet"] == "Notes"
    assert input_problems(docs).empty


# -- the size limit per file -----------------------------------------------------------


def _sparse(path: Path, size: int) -> Path:
    """A file of *size* bytes on disk by its size, taking no space (reading it would give NUL bytes)."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_a_file_above_the_default_limit_is_a_problem_and_never_read(tmp_path, monkeypatch):
    from analysis.corpus import MAX_FILE_BYTES

    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    big = _sparse(tmp_path / "big.txt", 200_000_000)
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    with pytest.warns(CorpusWarning, match="big.txt: is 200.0 MB, above the 50 MB limit per file"):
        docs = load_corpus(tmp_path)
    assert MAX_FILE_BYTES == 50_000_000
    assert docs["doc_id"].tolist() == ["a"]
    assert input_problems(docs).values.tolist() == [
        [str(big), "is 200.0 MB, above the 50 MB limit per file (max_file_bytes); split it or raise the limit"]]
    assert read == ["a.txt"]


@pytest.mark.parametrize("limit", ["1KB", 1000, "0.001 mb", "1 kB"])
def test_max_file_bytes_takes_a_size_or_bytes(tmp_path, limit):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(BODY2 + "More words here. " * 60, encoding="utf-8")  # 1,123 bytes
    with pytest.warns(CorpusWarning):
        docs = load_corpus(tmp_path, max_file_bytes=limit)
    assert docs["doc_id"].tolist() == ["a"]
    assert input_problems(docs)["problem"].tolist() == ["is 1.1 KB, above the 1 KB limit per file (max_file_bytes); split it or raise the limit"]


def test_a_file_at_the_limit_is_read_and_no_limit_reads_everything(tmp_path):
    text = BODY2 + "More words here. " * 60
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    size = len(text.encode())
    assert load_corpus(tmp_path, max_file_bytes=size)["doc_id"].tolist() == ["b"]
    assert load_corpus(tmp_path, max_file_bytes=None)["doc_id"].tolist() == ["b"]


def test_errors_raise_stops_at_a_file_above_the_limit(tmp_path):
    (tmp_path / "a.txt").write_text(BODY * 20, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"a.txt: is 2.\d KB, above the 1 KB limit per file \(max_file_bytes\)"):
        load_corpus(tmp_path, max_file_bytes="1KB", errors="raise")


def test_a_folder_whose_files_are_all_above_the_limit_has_no_usable_documents(tmp_path):
    (tmp_path / "a.txt").write_text(BODY * 20, encoding="utf-8")
    with pytest.raises(CorpusError, match="contains no usable documents: 1 skipped .a.txt: is 2.\\d KB, above the 1 KB limit"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CorpusWarning)
            load_corpus(tmp_path, max_file_bytes="1KB")


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet", "frame"])
def test_a_table_row_above_the_limit_is_a_problem_and_the_other_rows_load(tmp_path, suffix):
    table = pd.DataFrame({"doc_id": ["small", "large", "after"], "text": [BODY, BODY2 + "Words. " * 300, BODY2]})
    if suffix == "frame":
        source, where = table, "<DataFrame>"
    else:
        source = where = tmp_path / f"t{suffix}"
        if suffix == ".csv":
            table.to_csv(source, index=False)
        elif suffix == ".jsonl":
            table.to_json(source, orient="records", lines=True, force_ascii=False)
        else:
            table.to_parquet(source)
    with pytest.warns(CorpusWarning, match="row 1 .doc_id 'large'. has a text that is 2.\\d KB, above the 1 KB limit per document"):
        docs = load_corpus(source, max_file_bytes="1KB")
    assert docs["doc_id"].tolist() == ["small", "after"]
    problems = input_problems(docs)
    assert problems["source_path"].tolist() == [f"{where}#row=1"]
    assert problems["problem"].str.endswith("(max_file_bytes); split it or raise the limit").all()


def test_a_table_file_larger_than_the_limit_is_read_by_rows(tmp_path):
    table = pd.DataFrame({"text": [BODY, BODY2] * 20})
    table.to_csv(tmp_path / "t.csv", index=False)
    assert (tmp_path / "t.csv").stat().st_size > 1000
    docs = load_corpus(tmp_path / "t.csv", max_file_bytes="1KB")
    assert len(docs) == 40 and input_problems(docs).empty


def test_a_table_that_is_not_utf8_is_decoded_whole_so_the_limit_applies_to_the_file(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(("text\n" + "\n".join(["Türkiye and Azerbaijan agreed on a road."] * 40) + "\n").encode("cp1254"))
    with pytest.raises(CorpusError, match=r"t.csv: is 1.\d KB, above the 1 KB limit per file \(max_file_bytes\); split it or raise the limit "
                                          r"\(it is not plain UTF-8, so it would be decoded whole; or save it as UTF-8\)"):
        load_corpus(path, max_file_bytes="1KB")
    assert len(load_corpus(path, max_file_bytes="2KB")) == 40


@pytest.mark.parametrize("value", ["20 XB", "-5", "MB", "", "1e3", True, 1.5, 0, "0KB", [1]])
def test_max_file_bytes_refuses_what_is_no_size(tmp_path, value):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    with pytest.raises(ValueError, match="max_file_bytes must be"):
        load_corpus(tmp_path, max_file_bytes=value)


@pytest.mark.parametrize(("text", "size"), [("20MB", 20_000_000), ("1.5GB", 1_500_000_000), ("512KiB", 524_288), ("3 mib", 3 * 1024**2),
                                            ("100", 100), ("100B", 100), (" 7 kb ", 7000), (".5KB", 500), ("4.35KB", 4350)])
def test_parse_size(text, size):
    from analysis.corpus import parse_size

    assert parse_size(text) == size


def test_count_documents_counts_a_feed_above_the_limit_as_one(tmp_path):
    from analysis.corpus import count_documents

    feed = "<rss version='2.0'><channel>" + "<item><title>T</title><description>Text.</description></item>" * 30 + "</channel></rss>"
    (tmp_path / "f.xml").write_text(feed, encoding="utf-8")
    assert count_documents(tmp_path) == 30
    assert count_documents(tmp_path, max_file_bytes="1KB") == 1
