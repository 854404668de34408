"""The content-keyed cache of scored corpora, select_documents, and read_scores."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import analysis
from analysis.cache import DocumentCache, cache_key, open_corpus, read_scores
from analysis.corpus import select_documents
from analysis.errors import CorpusWarning
from analysis.scoring import TABLES

FIXTURE = Path(__file__).parent / "fixtures" / "score_corpus"


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(FIXTURE, folder)
    return folder


def _open(corpus, cache, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # c.txt is Russian
        return open_corpus(corpus, cache=cache, **options)


def test_second_open_reads_the_cache_and_gives_the_same_tables(corpus, tmp_path):
    first = _open(corpus, tmp_path / "cache")
    assert (first.folder / "manifest.json").is_file()
    stamp = (first.folder / "manifest.json").stat().st_mtime_ns
    second = _open(corpus, tmp_path / "cache")
    assert second.key == first.key
    assert (second.folder / "manifest.json").stat().st_mtime_ns == stamp  # not rebuilt
    for name in TABLES:
        assert_frame_equal(getattr(second.scores, name), getattr(first.scores, name), obj=name)
    fresh = analysis.load_corpus(corpus)
    assert second.docs["text"].tolist() == fresh["text"].tolist()
    assert second.docs["removed"].tolist() == fresh["removed"].tolist()


def test_any_change_to_an_input_changes_the_key(corpus):
    before = cache_key(corpus)
    (corpus / "a.txt").write_text((corpus / "a.txt").read_text(encoding="utf-8") + "\nOne more line.", encoding="utf-8")
    assert cache_key(corpus) != before
    assert cache_key(corpus, since="2025-01-01") != cache_key(corpus)
    assert cache_key(corpus, frames="generic") != cache_key(corpus)


def test_renaming_a_file_changes_the_key(corpus):
    before = cache_key(corpus)
    (corpus / "a.txt").rename(corpus / "z.txt")
    assert cache_key(corpus) != before


def test_missing_corpus_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere"):
        open_corpus(tmp_path / "nowhere", cache=tmp_path)


def test_read_scores_refuses_an_interrupted_run(tmp_path):
    (tmp_path / "documents.parquet").write_bytes(b"")
    with pytest.raises(FileNotFoundError, match="has no manifest.json"):
        read_scores(tmp_path)


def test_select_documents_since():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": ["2025-11-01", "2025-11-28", None]})
    with pytest.warns(CorpusWarning, match="1 document\\(s\\) have no date"):
        kept = select_documents(docs, since="2025-11-28")
    assert kept["doc_id"].tolist() == ["b"]
    assert select_documents(docs) is docs
    with pytest.raises(ValueError, match="since must be a date written YYYY-MM-DD; got '28/11/2025'"):
        select_documents(docs, since="28/11/2025")


def test_read_scores_reads_one_documents_rows_as_select_document_scores_cuts_them(corpus, tmp_path):
    from analysis.scoring import select_document_scores

    scored = _open(corpus, tmp_path / "cache")
    one = read_scores(scored.folder, doc_ids=["b"])
    expected = select_document_scores(scored.scores, doc_id="b")
    for name in TABLES:
        assert_frame_equal(getattr(one, name), getattr(expected, name), obj=name)
    assert set(one.actors["doc_id"]) == {"b"} and len(one.sentences) > 0


def test_read_scores_reads_only_the_tables_and_columns_asked_for(corpus, tmp_path):
    scored = _open(corpus, tmp_path / "cache")
    lean = read_scores(scored.folder, tables=["documents", "sentences"], columns={"sentences": ["compound"], "documents": ["doc_id", "scored"]})
    assert lean.tokens is None and lean.actors is None and lean.quotes is None
    assert lean.sentences.columns.tolist() == ["doc_id", "compound"]  # doc_id kept, asked for or not
    assert_frame_equal(lean.sentences, scored.scores.sentences[["doc_id", "compound"]])
    assert_frame_equal(lean.documents, scored.scores.documents[["doc_id", "scored"]])


@pytest.mark.parametrize(
    "options, error, message",
    [
        ({"tables": ["token"]}, ValueError, "read_scores: no table\\(s\\) 'token'; the tables: documents, sentences, tokens"),
        ({"columns": {"sentences": ["mood"]}}, ValueError, "sentences.parquet' has no column\\(s\\) 'mood'; its columns: doc_id, sent_id"),
        ({"doc_ids": "b"}, TypeError, "read_scores: doc_ids must be a list, not the string 'b'"),
    ],
)
def test_read_scores_refuses_unknown_tables_and_columns_naming_the_valid_ones(corpus, tmp_path, options, error, message):
    scored = _open(corpus, tmp_path / "cache")
    with pytest.raises(error, match=message):
        read_scores(scored.folder, **options)


def test_read_corpus_reads_only_the_columns_and_documents_asked_for(corpus, tmp_path):
    from analysis.cache import read_corpus

    scored = _open(corpus, tmp_path / "cache")
    docs = read_corpus(scored.folder, columns=["title", "removed"], doc_ids=["c", "a"])
    assert docs.columns.tolist() == ["doc_id", "title", "removed"]
    assert docs["doc_id"].tolist() == ["a", "c"]  # corpus order
    full = scored.docs.set_index("doc_id")
    assert docs["removed"].tolist() == full.loc[["a", "c"], "removed"].tolist() and docs.attrs["problems"] == scored.docs.attrs["problems"]
    with pytest.raises(ValueError, match="corpus.parquet' has no column\\(s\\) 'colour'; its columns: doc_id, "):
        read_corpus(scored.folder, columns=["colour"])
    with pytest.raises(FileNotFoundError, match="has no corpus.parquet"):
        read_corpus(tmp_path)


# -- scored documents by content ----------------------------------------------------


def test_document_store_keeps_a_pack_and_finds_it_by_key(tmp_path):
    from analysis.cache import DocumentCache

    with DocumentCache(tmp_path / "c") as store:
        pack = store.store(["k1", "k2"], {"documents": b"one", "tokens": b"two"})
        assert store.lookup(["k1", "k2", "k3"]) == {"k1": pack, "k2": pack}
        assert store.read_pack(pack) == {"documents": b"one", "tokens": b"two"}
        assert store.read_pack(pack, ["tokens", "quotes"]) == {"tokens": b"two"}
    with DocumentCache(tmp_path / "c") as again:  # a second connection, as another run opens it
        assert again.lookup(["k2"]) == {"k2": pack}


def test_a_pack_that_fails_half_way_leaves_nothing(tmp_path):
    from analysis.cache import DocumentCache

    class Broken(dict):
        def items(self):
            yield "documents", b"one"
            raise OSError("disk full")

    with DocumentCache(tmp_path / "c") as store:
        with pytest.raises(OSError, match="disk full"):
            store.store(["k1"], Broken())
        assert store.lookup(["k1"]) == {}
        assert store._db.execute("SELECT count(*) FROM pack_tables").fetchone() == (0,)
        store.store(["k1"], {"documents": b"again"})  # the store is usable after the failure
        assert store.read_pack(store.lookup(["k1"])["k1"]) == {"documents": b"again"}


def test_a_cache_file_that_is_not_a_database_is_named(tmp_path):
    from analysis.cache import DocumentCache

    (tmp_path / "documents.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(ValueError, match=r"documents.sqlite' cannot be used: .*delete it or give another --cache folder"):
        DocumentCache(tmp_path)


def test_a_document_key_changes_with_content_id_metadata_and_options_but_not_its_place():
    from analysis.cache import document_key

    record = {"doc_id": "a", "title": "T", "raw_text": "Baku hosts talks.", "source_row": 3}
    key = document_key(record, "options-1")
    assert document_key({**record, "source_row": 9, "source_path": "moved/docs.csv"}, "options-1") == key
    for changed in ({"doc_id": "b"}, {"title": "U"}, {"raw_text": "Baku hosts talks!"}, {"outlet": "X"}):
        assert document_key({**record, **changed}, "options-1") != key
    assert document_key(record, "options-2") != key
    folder_record = {"doc_id": "a", "source_path": "c/a.txt", "data": b"Baku"}
    assert document_key({**folder_record, "data": b"Baku!"}, "o") != document_key(folder_record, "o")


def test_the_fingerprint_follows_options_and_dictionary_files(tmp_path):
    from analysis.cache import scoring_fingerprint

    base = dict(frames="eurasia", actors="default", rules=None, keep_tokens=True, since=None)
    first = scoring_fingerprint(**base)
    assert scoring_fingerprint(**base) == first
    assert scoring_fingerprint(**{**base, "keep_tokens": False}) != first
    assert scoring_fingerprint(**{**base, "since": "2025-01-01"}) != first
    frames = tmp_path / "mine.yml"
    frames.write_text("economy:\n  - trade\n", encoding="utf-8")
    before = scoring_fingerprint(**{**base, "frames": frames})
    frames.write_text("economy:\n  - trade\n  - export*\n", encoding="utf-8")
    assert scoring_fingerprint(**{**base, "frames": frames}) != before


def test_iter_table_batches_gives_the_table_read_scores_reads_in_batches(corpus, tmp_path):
    from analysis.cache import iter_table_batches

    scored = _open(corpus, tmp_path / "cache")
    batches = list(iter_table_batches(scored.folder, "tokens", columns=["norm", "is_punct"], batch_size=5))
    assert len(batches) > 1 and all(len(b) <= 5 for b in batches)
    assert_frame_equal(pd.concat(batches, ignore_index=True), read_scores(scored.folder, tables=["tokens"], columns={"tokens": ["norm", "is_punct"]}).tokens)
    assert_frame_equal(pd.concat(iter_table_batches(scored.folder, "sentences"), ignore_index=True), scored.scores.sentences)


@pytest.mark.parametrize(
    "table, options, error, message",
    [
        ("token", {}, ValueError, "iter_table_batches: no table 'token' in .*; its tables: documents, sentences, tokens"),
        ("tokens", {"columns": ["lemma"]}, ValueError, "tokens.parquet' has no column\\(s\\) 'lemma'; its columns: doc_id, sent_id"),
        ("tokens", {"columns": "norm"}, TypeError, "columns must be a list of column names, not the string 'norm'"),
        ("tokens", {"batch_size": 0}, ValueError, "batch_size"),
    ],
)
def test_iter_table_batches_refuses_unknown_tables_columns_and_sizes(corpus, tmp_path, table, options, error, message):
    from analysis.cache import iter_table_batches

    scored = _open(corpus, tmp_path / "cache")
    with pytest.raises(error, match=message):
        next(iter_table_batches(scored.folder, table, **options))


def test_iter_corpus_batches_gives_read_corpus_in_batches(corpus, tmp_path):
    from analysis.cache import iter_corpus_batches, read_corpus

    scored = _open(corpus, tmp_path / "cache")
    batches = list(iter_corpus_batches(scored.folder, columns=["title", "removed"], batch_size=2))
    assert [len(b) for b in batches] == [2, 1]
    assert all(b.attrs["problems"] == scored.docs.attrs["problems"] for b in batches)
    assert_frame_equal(pd.concat(batches, ignore_index=True), read_corpus(scored.folder, columns=["title", "removed"]))
    with pytest.raises(ValueError, match="corpus.parquet' has no column\\(s\\) 'colour'; its columns: doc_id, "):
        next(iter_corpus_batches(scored.folder, columns=["colour"]))
    with pytest.raises(FileNotFoundError, match="has no corpus.parquet"):
        next(iter_corpus_batches(tmp_path))


def _open_and_close(folder):
    DocumentCache(folder).close()
    return True


def test_runs_opening_a_new_document_cache_at_once_all_succeed(tmp_path):
    # SQLite's busy timeout does not cover the switch to the write-ahead log: without the retry, about half
    # of these rounds failed with "database is locked".
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(6) as pool:
        for round_ in range(10):
            assert pool.map(_open_and_close, [tmp_path / f"cache{round_}"] * 6) == [True] * 6


# --------------------------------------------------------------------------- any corpus source, named columns


def _tables(folder: Path) -> Path:
    """Two CSV tables whose text is in 'body' and id in 'key', and a file the pattern below does not match."""
    (folder / "dumps").mkdir(parents=True)
    (folder / "dumps" / "a.csv").write_text("key,body\na1,Baku and Astana signed a transit roadmap.\n", encoding="utf-8")
    (folder / "dumps" / "b.csv").write_text("key,body\nb1,Russia and China discussed gas prices.\n", encoding="utf-8")
    (folder / "dumps" / "notes.txt").write_text("not a table", encoding="utf-8")
    return folder / "dumps"


def test_the_key_of_a_pattern_follows_the_bytes_and_names_of_every_match_and_nothing_else(tmp_path):
    dumps = _tables(tmp_path)
    pattern = str(dumps / "*.csv")
    before = cache_key(pattern)
    (dumps / "notes.txt").write_text("changed, but not matched", encoding="utf-8")
    assert cache_key(pattern) == before
    (dumps / "b.csv").write_text("key,body\nb1,Russia and China discussed oil prices.\n", encoding="utf-8")
    changed = cache_key(pattern)
    assert changed != before
    (dumps / "c.csv").write_text("key,body\nc1,Ferries cross the Caspian.\n", encoding="utf-8")
    assert cache_key(pattern) != changed
    with pytest.raises(FileNotFoundError, match="corpus pattern .*nothing.*matches no file"):
        cache_key(str(dumps / "nothing*.csv"))


def test_the_key_of_a_list_follows_every_file_and_differs_from_the_folder(tmp_path):
    dumps = _tables(tmp_path)
    listed = [dumps / "a.csv", dumps / "b.csv"]
    before = cache_key(listed)
    assert cache_key([str(p) for p in listed]) == before
    assert cache_key(listed[:1]) != before
    (dumps / "a.csv").write_text("key,body\na1,Baku and Astana signed a new roadmap.\n", encoding="utf-8")
    assert cache_key(listed) != before
    assert cache_key(dumps) != cache_key(listed)


def test_the_key_follows_the_column_options_and_refuses_a_bad_one(tmp_path):
    table = _tables(tmp_path) / "a.csv"
    keys = {cache_key(table), cache_key(table, text_column="body"), cache_key(table, text_column="body", id_column="key"),
            cache_key(table, title_column="headline"), cache_key(table, date_column="day"), cache_key(table, outlet_column="source")}
    assert len(keys) == 6
    with pytest.raises(ValueError, match="text_column must be the name of a column"):
        cache_key(table, text_column="")


def test_the_key_follows_skipped_entries_the_manifest_and_notes_it_may_name(corpus):
    before = cache_key(corpus)
    (corpus / ".draft.txt").write_text("hidden", encoding="utf-8")  # skipped, and listed as a problem of the entry
    hidden = cache_key(corpus)
    assert hidden != before
    (corpus / "README.md").write_text("About the corpus.", encoding="utf-8")
    with_note = cache_key(corpus)
    assert with_note != hidden
    (corpus / "README.md").write_text("About the corpus, revised.", encoding="utf-8")  # a manifest may name it: its bytes count
    assert cache_key(corpus) != with_note
    revised = cache_key(corpus)
    (corpus / "manifest.csv").write_text("file,genre\na.txt,news\n", encoding="utf-8")
    assert cache_key(corpus) != revised


def test_the_key_of_a_dataframe_follows_its_values_types_and_columns_not_its_index():
    frame = pd.DataFrame({"body": ["Baku and Astana met.", "Talks in Beijing."], "key": ["a", "b"]})
    key = cache_key(frame, text_column="body", id_column="key")
    assert cache_key(frame.set_axis([10, 11]), text_column="body", id_column="key") == key
    assert cache_key(frame.assign(body=["Baku and Astana met.", "Talks in Moscow."]), text_column="body", id_column="key") != key
    assert cache_key(frame.rename(columns={"key": "id"}), text_column="body", id_column="id") != key
    numbers = pd.DataFrame({"text": ["Astana hosts talks."], "n": pd.Series([1], dtype=object)})
    assert cache_key(numbers) != cache_key(numbers.assign(n=pd.Series(["1"], dtype=object)))  # 1 and "1" differ


def test_open_corpus_reads_a_pattern_a_list_and_a_dataframe_with_named_columns_and_reuses_each(tmp_path):
    dumps = _tables(tmp_path)
    cache = tmp_path / "cache"
    options = {"text_column": "body", "id_column": "key", "cache": cache, "jobs": 1, "progress": False}
    by_pattern = open_corpus(str(dumps / "*.csv"), **options)
    assert by_pattern.docs["doc_id"].tolist() == ["a1", "b1"]
    assert by_pattern.docs["text"].tolist() == ["Baku and Astana signed a transit roadmap.", "Russia and China discussed gas prices."]
    assert by_pattern.scores.actors["actor"].tolist() == ["azerbaijan", "kazakhstan", "russia", "china"]  # Baku, Astana, Russia, China
    by_list = open_corpus([dumps / "b.csv", dumps / "a.csv"], **options)
    assert by_list.docs["doc_id"].tolist() == ["b1", "a1"] and by_list.key != by_pattern.key  # a list is read in the order given
    frame = pd.concat([pd.read_csv(dumps / "a.csv"), pd.read_csv(dumps / "b.csv")], ignore_index=True)
    by_frame = open_corpus(frame, **options)
    assert by_frame.docs["doc_id"].tolist() == ["a1", "b1"] and by_frame.docs["source_path"].unique().tolist() == ["<DataFrame>"]
    for scored, source in ((by_pattern, str(dumps / "*.csv")), (by_list, [dumps / "b.csv", dumps / "a.csv"]), (by_frame, frame.copy())):
        stamp = (scored.folder / "manifest.json").stat().st_mtime_ns
        again = open_corpus(source, **options)
        assert again.folder == scored.folder and (again.folder / "manifest.json").stat().st_mtime_ns == stamp  # read back, not rebuilt
    with pytest.raises(ValueError, match="<DataFrame>.*has no 'text' column"):
        open_corpus(frame, cache=cache, jobs=1, progress=False)  # without text_column: the text is not found


def test_the_key_of_a_dataframe_with_lists_and_objects_is_made_and_follows_them():
    frame = pd.DataFrame({"text": ["Baku.", "Astana."], "tags": pd.Series([["a", "b"], {"k": 1}], dtype=object)})
    key = cache_key(frame)
    assert cache_key(frame.copy()) == key
    assert cache_key(frame.assign(tags=pd.Series([["a", "c"], {"k": 1}], dtype=object))) != key


def test_a_size_limit_other_than_the_default_is_part_of_the_key_and_lists_the_larger_file(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Baku hosts talks\nThe leaders of five countries met in Baku on Friday.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Astana hosts talks\n" + "The leaders met in Astana on Monday. " * 40, encoding="utf-8")
    assert cache_key(corpus) == cache_key(corpus, max_file_bytes="50MB") != cache_key(corpus, max_file_bytes="1KB")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        whole = open_corpus(corpus, cache=tmp_path / "cache", jobs=1, progress=False)
        limited = open_corpus(corpus, cache=tmp_path / "cache", jobs=1, progress=False, max_file_bytes="1KB")
    assert whole.docs["doc_id"].tolist() == ["a", "b"]
    assert limited.docs["doc_id"].tolist() == ["a"]
    assert whole.key != limited.key
