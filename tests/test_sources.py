"""Tests for analysis.sources: which files make up a corpus, and what is skipped and why (no file is read)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis.sources import CorpusFile, list_corpus_files


def _touch(folder: Path, names: list[str]) -> None:
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def _listing(files) -> list[tuple[str, str]]:
    return [(e.name, e.kind) if isinstance(e, CorpusFile) else (e.path.name, "skipped") for e in files.entries]


def test_a_mixed_folder_lists_text_files_and_tables_in_sorted_order(tmp_path):
    _touch(tmp_path, ["b.csv", "a.txt", "sub/c.jsonl", "d.parquet", "e.html", "manifest.csv"])
    files = list_corpus_files(tmp_path)
    assert _listing(files) == [("a", "text"), ("b", "table"), ("d", "table"), ("e", "text"), ("sub/c", "table")]
    assert files.folder == tmp_path


@pytest.mark.parametrize(("name", "reason"), [
    (".hidden.txt", "is hidden (its name starts with '.')"),
    (".DS_Store", "is left behind by an operating system or an editor (not a document)"),
    ("Thumbs.db", "is left behind by an operating system or an editor (not a document)"),
    ("desktop.ini", "is left behind by an operating system or an editor (not a document)"),
    ("~$report.txt", "is left behind by an operating system or an editor (not a document)"),
    ("draft.txt.tmp", "is left behind by an operating system or an editor (not a document)"),
    ("README.md", "is a note about the corpus (README, SOURCE, LICENSE...), not a document; name it in a manifest.csv to read it"),
    ("SOURCE.md", "is a note about the corpus (README, SOURCE, LICENSE...), not a document; name it in a manifest.csv to read it"),
    ("article.docx", "is not read: only .txt, .md, .html, .htm, .xhtml, .xml, .rss, .atom files and .csv, .jsonl, .parquet tables are loaded"),
])
def test_what_is_skipped_is_listed_with_its_reason(tmp_path, name, reason):
    _touch(tmp_path, ["a.txt", name])
    files = list_corpus_files(tmp_path)
    assert [e.name for e in files.files] == ["a"]
    assert [(e.path, e.reason) for e in files.skipped] == [(tmp_path / name, reason)]


def test_hidden_and_debris_folders_are_listed_once_and_not_entered(tmp_path):
    _touch(tmp_path, ["a.txt", ".git/config.txt", "__MACOSX/._a.txt", "__MACOSX/a.txt"])
    files = list_corpus_files(tmp_path)
    assert [e.name for e in files.files] == ["a"]
    assert [e.path for e in files.skipped] == [tmp_path / ".git", tmp_path / "__MACOSX"]


def test_a_note_named_in_the_manifest_is_read(tmp_path):
    _touch(tmp_path, ["README.md", "a.txt"])
    assert [e.name for e in list_corpus_files(tmp_path, keep=frozenset({"README.md"})).files] == ["README", "a"]


def test_links_that_leave_the_corpus_are_refused_and_links_inside_are_kept(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    _touch(corpus, ["a.txt", "sub/b.txt"])
    _touch(outside, ["secret.txt", "more/c.txt"])
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "secret.txt").symlink_to(outside / "secret.txt")
    (corpus / "sneaky.txt").symlink_to("../outside/secret.txt")
    (corpus / "more").symlink_to(outside / "more")
    (corpus / "inside.txt").symlink_to("sub/b.txt")
    (corpus / "sublink").symlink_to("sub")
    files = list_corpus_files(corpus)
    assert [e.name for e in files.files] == ["a", "inside", "sub/b"]
    reasons = {e.path.name: e.reason for e in files.skipped}
    assert set(reasons) == {"passwd.txt", "secret.txt", "sneaky.txt", "more", "sublink"}
    assert reasons["passwd.txt"] == f"is a symbolic link to '/etc/passwd', outside the corpus folder {str(corpus)!r}; it is not read"
    assert reasons["sneaky.txt"].startswith("is a symbolic link to '../outside/secret.txt', outside the corpus folder")
    assert reasons["more"].startswith(f"is a symbolic link to {str(outside / 'more')!r}, outside the corpus folder")
    assert reasons["sublink"] == "is a link to a folder inside the corpus; it is not followed (its files are read where they are)"


def test_a_pattern_picks_files_below_its_fixed_folder(tmp_path):
    _touch(tmp_path, ["dumps/a.csv", "dumps/b.csv", "dumps/notes.txt", "other/c.csv"])
    files = list_corpus_files(str(tmp_path / "dumps" / "*.csv"))
    assert _listing(files) == [("a", "table"), ("b", "table")]
    deep = list_corpus_files(str(tmp_path / "**" / "*.csv"))
    assert [e.name for e in deep.files] == ["dumps/a", "dumps/b", "other/c"]


def test_a_pattern_refuses_a_link_out_of_its_folder(tmp_path):
    _touch(tmp_path, ["dumps/a.csv", "elsewhere/b.csv"])
    (tmp_path / "dumps" / "b.csv").symlink_to(tmp_path / "elsewhere" / "b.csv")
    files = list_corpus_files(str(tmp_path / "dumps" / "*.csv"))
    assert [e.name for e in files.files] == ["a"]
    assert [e.path.name for e in files.skipped] == ["b.csv"]


def test_a_pattern_that_matches_nothing_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"corpus pattern '.*\*\.csv' matches no file"):
        list_corpus_files(str(tmp_path / "*.csv"))


def test_a_list_of_paths_keeps_its_order_and_names_files_below_their_common_folder(tmp_path):
    _touch(tmp_path, ["x/a.csv", "y/b.txt", "y/c.docx"])
    files = list_corpus_files([tmp_path / "y" / "b.txt", tmp_path / "x" / "a.csv", tmp_path / "y" / "c.docx"])
    assert _listing(files) == [("y/b", "text"), ("x/a", "table"), ("c.docx", "skipped")]
    with pytest.raises(FileNotFoundError, match=r"corpus path '.*nope\.csv' \(in the list of corpus paths\) does not exist"):
        list_corpus_files([tmp_path / "x" / "a.csv", tmp_path / "nope.csv"])
    with pytest.raises(ValueError, match="corpus list is empty"):
        list_corpus_files([])


def test_nothing_is_read_or_written(tmp_path):
    _touch(tmp_path, ["a.txt", "b.csv", ".DS_Store"])
    before = {p: (p.read_bytes(), os.stat(p).st_mtime_ns) for p in tmp_path.rglob("*") if p.is_file()}
    list_corpus_files(tmp_path)
    assert {p: (p.read_bytes(), os.stat(p).st_mtime_ns) for p in tmp_path.rglob("*") if p.is_file()} == before


# --------------------------------------------------------------------------- the default corpus

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.mark.parametrize("where", [".", "notebooks", "notebooks/teaching", "elsewhere"])
def test_the_default_corpus_is_the_projects_seeds_from_any_working_directory(tmp_path, monkeypatch, where):
    from analysis.sources import default_corpus

    folder = tmp_path if where == "elsewhere" else SEEDS.parent / where
    monkeypatch.chdir(folder)
    assert default_corpus() == SEEDS and default_corpus().is_absolute()


def test_without_the_checkout_seeds_the_working_directory_seeds_are_read_else_the_error_names_both(tmp_path, monkeypatch):
    import analysis.sources as sources

    monkeypatch.setattr(sources, "SEEDS_FOLDER", "seeds_of_an_installed_package")  # as in a wheel: nothing beside the package
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"no corpus was named and the default corpus was not found: .*"
                                                 r"seeds_of_an_installed_package.*, .*seeds_of_an_installed_package'; name a corpus"):
        sources.default_corpus()
    (tmp_path / "seeds_of_an_installed_package").mkdir()
    (tmp_path / "seeds_of_an_installed_package" / "manifest.csv").write_text("file,title\n", encoding="utf-8")
    assert sources.default_corpus() == (tmp_path / "seeds_of_an_installed_package").resolve()
