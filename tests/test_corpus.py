"""Tests for analysis.corpus: load_corpus, prepare_document, removed_lines, split_paragraphs."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import EXTRA_COLUMNS, input_problems, load_corpus, prepare_document, read_document, removed_lines, split_paragraphs
from analysis.errors import CorpusWarning
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
