"""Bad input to load_corpus: every case gets a specific message naming the file and the problem.

With ``errors="warn"`` (the default) a bad file becomes a CorpusWarning and a row of
``input_problems(docs)`` while the other files load; ``errors="raise"`` raises CorpusError.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import input_problems, load_corpus
from analysis.errors import CorpusError, CorpusWarning

GOOD = "Baku hosts Central Asian leaders\nThe leaders of five countries met in Baku on Friday to discuss transport.\n"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


@contextlib.contextmanager
def _fails_after(seconds: int):
    def stop(signum, frame):
        raise TimeoutError(f"load_corpus did not return within {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _load_warn(path, **options):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = load_corpus(path, **options)
    messages = [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]
    return docs, messages


def test_corpus_error_fields():
    error = CorpusError(Path("seeds") / "a.txt", "is empty (0 bytes)")
    assert isinstance(error, ValueError)
    assert (error.path, error.problem, str(error)) == ("seeds/a.txt", "is empty (0 bytes)", "seeds/a.txt: is empty (0 bytes)")


# -- whole-corpus errors (always raised) ---------------------------------------


def test_missing_path(tmp_path):
    with pytest.raises(FileNotFoundError, match=rf"^corpus path '{re.escape(str(tmp_path / 'nope'))}' does not exist$"):
        load_corpus(tmp_path / "nope")


def test_empty_folder(tmp_path):
    with pytest.raises(CorpusError, match=rf"^{re.escape(str(tmp_path))}: contains no usable documents: no \.txt, \.md, \.html, \.htm, \.xhtml, \.xml, \.rss, \.atom files or \.csv, \.jsonl, \.parquet tables$"):
        load_corpus(tmp_path)


def test_folder_with_only_other_files(tmp_path):
    (tmp_path / "article.docx").write_bytes(b"PK\x03\x04")
    with pytest.raises(CorpusError, match=r"contains no usable documents: 1 skipped \(article\.docx: is not read: only \.txt, \.md, .* tables are loaded\)$"):
        load_corpus(tmp_path)


def test_unsupported_single_file(tmp_path):
    path = tmp_path / "article.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(CorpusError, match=rf"^{re.escape(str(path))}: is not a folder or a \.csv, \.jsonl, \.parquet file"):
        load_corpus(path)


@pytest.mark.parametrize("errors", ["ignore", "strict", "", None])
def test_invalid_errors_value(tmp_path, errors):
    with pytest.raises(ValueError, match=rf"^errors must be 'warn' or 'raise'; got {re.escape(repr(errors))}$"):
        load_corpus(_folder(tmp_path), errors=errors)


def test_missing_rules_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"cleaning rules file '.*nope\.toml' does not exist"):
        load_corpus(_folder(tmp_path), rules=tmp_path / "nope.toml")


# -- one bad file among good ones --------------------------------------------------


def _make_empty(folder):
    (folder / "bad.txt").write_bytes(b"")


def _make_blank(folder):
    (folder / "bad.txt").write_text("  \n\t\n\n", encoding="utf-8")


def _make_binary(folder):
    (folder / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")


def _make_bom_only(folder):
    (folder / "bad.txt").write_bytes(b"\xef\xbb\xbf\r\n")


def _make_dangling_link(folder):
    (folder / "bad.txt").symlink_to("gone.txt")


def _make_link_loop(folder):
    (folder / "bad.txt").symlink_to("bad.txt")


def _make_link_to_folder(folder):
    (folder / "sub").mkdir()
    (folder / "bad.txt").symlink_to("sub")


def _make_link_to_pipe(folder):
    # Reading a pipe would block for ever; it must be refused before reading.
    os.mkfifo(folder / "pipe")
    (folder / "bad.txt").symlink_to("pipe")


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (_make_empty, "is empty (0 bytes)"),
        (_make_blank, "contains only white space"),
        (_make_bom_only, "contains only white space"),
        (_make_binary, "is not text: it contains NUL bytes and no text encoding fits it (a binary file?)"),
        (_make_dangling_link, "cannot be read: it is a symbolic link to 'gone.txt', which does not exist"),
        (_make_link_loop, "cannot be read: it is a symbolic link to 'bad.txt' that loops back on itself"),
        (_make_link_to_folder, "cannot be read: it is a directory, not a file"),
        (_make_link_to_pipe, "cannot be read: it is not a regular file (a pipe, socket or device?)"),
    ],
)
def test_bad_file_is_reported_and_the_others_load(tmp_path, make, problem):
    folder = _folder(tmp_path)
    make(folder)
    bad = str(folder / "bad.txt")
    with _fails_after(10):  # reading a pipe would block: fail instead of hanging
        docs, messages = _load_warn(folder)
    assert docs["doc_id"].tolist() == ["good"]
    # the pipe itself has no suffix that is read: it is listed as skipped, never opened
    messages = [m for m in messages if not m.startswith(f"{folder / 'pipe'}: is not read")]
    assert messages == [f"{bad}: {problem}"]
    problems = input_problems(docs)
    problems = problems[problems["source_path"] != str(folder / "pipe")].reset_index(drop=True)
    pd.testing.assert_frame_equal(problems, pd.DataFrame({"source_path": [bad], "problem": [problem]}))
    with pytest.raises(CorpusError, match=rf"^{re.escape(bad)}: {re.escape(problem)}$"):
        load_corpus(folder, errors="raise")


def test_unreadable_file(tmp_path, monkeypatch):
    # Tests run as root, where chmod 000 does not stop reading: make the read itself fail.
    folder = _folder(tmp_path)
    (folder / "locked.txt").write_text(GOOD, encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    docs, messages = _load_warn(folder)
    assert docs["doc_id"].tolist() == ["good"]
    assert messages == [f"{folder / 'locked.txt'}: cannot be read: Permission denied"]


def test_folder_named_like_a_text_file_is_searched_not_read(tmp_path):
    folder = _folder(tmp_path)
    (folder / "empty.txt").mkdir()
    (folder / "more.txt").mkdir()
    (folder / "more.txt" / "inner.txt").write_text("Inner headline\nA body sentence about Astana.\n", encoding="utf-8")
    docs, messages = _load_warn(folder)
    assert docs["doc_id"].tolist() == ["good", "more.txt/inner"]
    assert messages == []
    assert input_problems(docs).empty


def test_every_bad_file_is_reported_once_and_good_files_all_load(tmp_path):
    folder = _folder(tmp_path)
    (folder / "b.txt").write_text("Second headline\nAnother body sentence about Tashkent.\n", encoding="utf-8")
    _make_empty(folder)
    (folder / "blank.md").write_text(" \n", encoding="utf-8")
    (folder / "link.txt").symlink_to("gone.txt")
    docs, messages = _load_warn(folder)
    assert docs["doc_id"].tolist() == ["b", "good"]
    problems = input_problems(docs)
    assert problems["source_path"].tolist() == [str(folder / name) for name in ("bad.txt", "blank.md", "link.txt")]
    assert len(messages) == 3
    with pytest.raises(CorpusError, match=r"bad\.txt: is empty"):  # the first bad file in path order
        load_corpus(folder, errors="raise")


def test_no_problems_gives_an_empty_problem_table(tmp_path):
    docs, messages = _load_warn(_folder(tmp_path))
    assert messages == []
    pd.testing.assert_frame_equal(input_problems(docs), pd.DataFrame(columns=["source_path", "problem"]))


# -- manifests ---------------------------------------------------------------------


def _write_manifest(folder: Path, text: str) -> Path:
    path = folder / "manifest.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("doc_id,title\ng,Headline\n", r"manifest\.csv: is missing the required column 'file' \(it has \['doc_id', 'title'\]\); a manifest names each file in '.*corpus'"),
        ("filename,title\ngood.txt,Headline\n", r"manifest\.csv: is missing the required column 'file' \(it has \['filename', 'title'\]\)"),
        ("doc_id,file\nx,good.txt\nx,other.txt\n", r"manifest\.csv: has duplicate doc_id values \['x'\]; each must appear once"),
        ("doc_id,file\nx,good.txt\ny,good.txt\n", r"manifest\.csv: has duplicate file values \['good\.txt'\]; each must appear once"),
    ],
)
def test_bad_manifest_is_an_error(tmp_path, manifest, message):
    folder = _folder(tmp_path)
    _write_manifest(folder, manifest)
    for errors in ("warn", "raise"):
        with pytest.raises(CorpusError, match=message):
            load_corpus(folder, errors=errors)


def test_manifest_frame_missing_file_column(tmp_path):
    with pytest.raises(CorpusError, match=r"^manifest frame: is missing the required column 'file' \(it has \['doc_id'\]\)"):
        load_corpus(_folder(tmp_path), manifest=pd.DataFrame({"doc_id": ["g"]}))


def test_manifest_id_that_clashes_with_a_file_id(tmp_path):
    folder = _folder(tmp_path)
    (folder / "other.txt").write_text("Other headline\nOther body sentence.\n", encoding="utf-8")
    _write_manifest(folder, "doc_id,file\nother,good.txt\n")
    with pytest.raises(CorpusError, match=rf"^{re.escape(str(folder))}: has duplicate doc_id values \['other'\]; every document needs its own id$"):
        load_corpus(folder)


def test_manifest_rows_naming_missing_or_unread_files(tmp_path):
    folder = _folder(tmp_path)
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    manifest = _write_manifest(folder, "file,outlet\ngood.txt,AZERTAC\nmissing.txt,Trend\nnotes.docx,APA\n")
    docs, messages = _load_warn(folder)
    assert docs[["doc_id", "outlet"]].values.tolist() == [["good", "AZERTAC"]]
    expected = [
        f"row for file 'missing.txt' names a file that does not exist in {str(folder)!r}",
        "row for file 'notes.docx' names a file that is not read: only .txt, .md, .html, .htm, .xhtml, .xml, .rss, .atom files are loaded",
    ]
    skipped = "is not read: only .txt, .md, .html, .htm, .xhtml, .xml, .rss, .atom files and .csv, .jsonl, .parquet tables are loaded"
    assert messages == [f"{manifest}: {problem}" for problem in expected] + [f"{folder / 'notes.docx'}: {skipped}"]
    assert input_problems(docs).values.tolist() == [[str(manifest), problem] for problem in expected] + [[str(folder / "notes.docx"), skipped]]
    with pytest.raises(CorpusError, match=rf"^{re.escape(str(manifest))}: row for file 'missing\.txt' names a file that does not exist"):
        load_corpus(folder, errors="raise")


def test_explicit_manifest_that_does_not_exist(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"^manifest '.*elsewhere\.csv' does not exist$"):
        load_corpus(_folder(tmp_path), manifest=tmp_path / "elsewhere.csv")


def test_manifest_with_a_table(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"text": [GOOD]}).to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"manifest is only used with a folder of text files; '.*t\.csv' is a table"):
        load_corpus(path, manifest=pd.DataFrame({"file": ["x.txt"]}))


# -- tables ------------------------------------------------------------------------


def test_table_without_text_column(tmp_path):
    path = tmp_path / "articles.csv"
    pd.DataFrame({"doc_id": ["a"], "body": [GOOD]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=rf"^{re.escape(str(path))}: has no 'text' column \(it has \['doc_id', 'body'\]\); a table corpus needs one text per row; name the text column with text_column=$"):
        load_corpus(path)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_table_rows_with_empty_text_are_reported(tmp_path, suffix):
    path = tmp_path / f"articles{suffix}"
    table = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "text": [GOOD, "", "  \n ", None], "outlet": ["X", "Y", "Z", "W"]})
    if suffix == ".csv":
        table.to_csv(path, index=False)
    elif suffix == ".jsonl":
        table.to_json(path, orient="records", lines=True)
    else:
        table.to_parquet(path)
    docs, messages = _load_warn(path)
    assert docs["doc_id"].tolist() == ["a"]
    expected = [(f"{path}#row={i}", f"row {i} (doc_id {d!r}) has an empty text") for i, d in ((1, "b"), (2, "c"), (3, "d"))]
    assert messages == [f"{where}: {problem}" for where, problem in expected]
    assert input_problems(docs).values.tolist() == [list(row) for row in expected]
    with pytest.raises(CorpusError, match=rf"^{re.escape(str(path))}#row=1: row 1 \(doc_id 'b'\) has an empty text$"):
        load_corpus(path, errors="raise")


def test_table_with_duplicate_ids(tmp_path):
    path = tmp_path / "articles.csv"
    pd.DataFrame({"doc_id": ["a", "a"], "text": [GOOD, GOOD + "More."]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"articles\.csv: has duplicate doc_id values \['a'\]"):
        load_corpus(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("articles.jsonl", b'{"text": "Baku"\n', r"articles\.jsonl: cannot be read as jsonl: "),
        ("articles.parquet", b"not parquet at all", r"articles\.parquet: cannot be read as parquet: "),
        ("articles.csv", b"", r"articles\.csv: is empty \(0 bytes\)"),
        ("articles.csv", b"\x00\x01\x02\x03" * 50, r"articles\.csv: is not text"),
    ],
)
def test_table_that_cannot_be_read(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CorpusError, match=message):
        load_corpus(path)


# -- names printed on a terminal ------------------------------------------------------


@pytest.mark.parametrize(("text", "shown"), [
    ("plain name.txt", "plain name.txt"),
    ("red\x1b[31m.txt", "red\\x1b[31m.txt"),
    ("bell\x07and\x00nul", "bell\\x07and\\x00nul"),
    ("new\nline\ttab", "new\\x0aline\\x09tab"),
    ("c1\x9bcsi", "c1\\x9bcsi"),
    ("bidi\u202egnp.exe", "bidi\\u202egnp.exe"),
    ("Баку и Астана.txt", "Баку и Астана.txt"),
])
def test_printable_escapes_control_characters(text, shown):
    from analysis.errors import printable

    assert printable(text) == shown


def test_corpus_error_messages_escape_the_name_but_keep_the_field():
    error = CorpusError("dir/evil\x1b]0;title\x07.txt", "is empty (0 bytes)")
    assert str(error) == "dir/evil\\x1b]0;title\\x07.txt: is empty (0 bytes)"
    assert error.path == "dir/evil\x1b]0;title\x07.txt"
