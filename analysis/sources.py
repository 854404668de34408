"""Which files make up a corpus, and which are skipped and why; no file is read here.

A corpus is named by a folder, one file, a glob pattern (``"dumps/*.csv"``) or
a list of paths. :func:`list_corpus_files` turns any of them into the files to
read, in a stable sorted order, and the entries it skips with the reason:

- hidden files and folders (their name starts with ``.``) and what operating
  systems leave behind (``.DS_Store``, ``Thumbs.db``, ``desktop.ini``,
  ``__MACOSX/``, ``~$`` lock files, ``*.tmp``);
- notes about the corpus (``README``, ``SOURCE``, ``LICENSE``… as ``.md`` or
  ``.txt``): they describe the documents and are not one of them, unless a
  manifest names them;
- files of a kind that is not read (see :data:`TEXT_SUFFIXES`,
  :data:`TABLE_SUFFIXES`) and empty files;
- inside the corpus only: a symbolic link (to a file or a folder) whose target
  is outside the corpus folder is refused and never followed; a link to a
  folder inside it is not followed either (its files are read where they are).

Only names and where links point are looked at; reading is
:mod:`analysis.corpus`'s job.

:func:`default_corpus` is the corpus read when none is named (the notebooks'
empty ``corpus`` parameter, ``report`` without ``--corpus``): the project's
``seeds`` folder, found the same way from any working directory.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

PLAIN_SUFFIXES = (".txt", ".md")
#: Saved web pages and feeds; a plain-text file whose content is a page or a feed is read as one too.
WEB_SUFFIXES = (".html", ".htm", ".xhtml", ".xml", ".rss", ".atom")
#: Files read as one document each (a feed file: one per item).
TEXT_SUFFIXES = PLAIN_SUFFIXES + WEB_SUFFIXES
#: Files read as one document per row.
TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet")
MANIFEST_NAME = "manifest.csv"
#: File stems (any case) of notes about a corpus; a ``.md`` or ``.txt`` file named so is not a document.
NOTE_STEMS = ("readme", "source", "sources", "license", "licence", "notice", "changelog", "citation", "attribution")
#: File names (any case) operating systems and editors leave in folders.
DEBRIS_NAMES = (".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini", "icon\r")
#: Folder names (any case) operating systems leave in folders and archives.
DEBRIS_FOLDERS = ("__macosx", "$recycle.bin", "system volume information")
#: Name starts of lock and resource-fork files (Office lock files, macOS AppleDouble files).
DEBRIS_PREFIXES = ("~$", "._")
#: Name ends of temporary and swap files.
DEBRIS_SUFFIXES = (".tmp", ".temp", ".swp", "~")

#: The folder of the default corpus (the five seed articles and their manifest), see :func:`default_corpus`.
SEEDS_FOLDER = "seeds"

Kind = Literal["text", "table"]
_MAGIC = re.compile(r"[*?[]")


@dataclass(frozen=True)
class CorpusFile:
    """A file to read: ``name`` is its path below the corpus root without the suffix (``doc_id`` or the prefix of its rows' ids)."""

    path: Path
    name: str
    kind: Kind


@dataclass(frozen=True)
class Skipped:
    """An entry that is not read, and why (a problem row of :func:`analysis.corpus.input_problems`)."""

    path: Path
    reason: str


@dataclass(frozen=True)
class CorpusFiles:
    """What :func:`list_corpus_files` found: ``entries`` in corpus order, ``folder`` when the corpus is one folder."""

    label: str
    entries: tuple[CorpusFile | Skipped, ...]
    folder: Path | None = None

    @property
    def files(self) -> list[CorpusFile]:
        return [e for e in self.entries if isinstance(e, CorpusFile)]

    @property
    def skipped(self) -> list[Skipped]:
        return [e for e in self.entries if isinstance(e, Skipped)]


def default_corpus() -> Path:
    """The corpus read when none is named: the ``seeds`` folder, as an absolute path, whatever the working directory.

    Looked for in this order: beside the package in a source checkout (the
    project's ``seeds/``, next to ``analysis/``), so a notebook reads the same
    corpus whether it is run from the project's root, from ``notebooks/`` or
    ``notebooks/teaching/``; then ``seeds/`` in the working directory (an
    installed package: the seeds are not in the wheel). A folder counts when
    it holds :data:`MANIFEST_NAME`. Raises ``FileNotFoundError`` naming every
    place looked at.

    >>> default_corpus().name
    'seeds'
    """
    candidates = (Path(__file__).resolve().parents[1] / SEEDS_FOLDER, Path.cwd() / SEEDS_FOLDER)
    for folder in candidates:
        if (folder / MANIFEST_NAME).is_file():
            return folder.resolve()
    raise FileNotFoundError("no corpus was named and the default corpus was not found: looked for a seeds folder holding "
                            f"{MANIFEST_NAME} at {', '.join(repr(str(c)) for c in candidates)}; name a corpus "
                            "(the notebook's corpus parameter, report --corpus)")


def is_pattern(source: object) -> bool:
    """True when *source* is a string with glob characters (``*``, ``?``, ``[``) that names no existing path."""
    return isinstance(source, str) and bool(_MAGIC.search(source)) and not os.path.lexists(source)


def list_corpus_files(source: str | Path | Sequence[str | Path], *, keep: frozenset[str] = frozenset()) -> CorpusFiles:
    """The files of the corpus *source* (a folder, a file, a glob pattern or a list of paths) and what is skipped.

    *keep* holds names relative to a folder corpus (``a/b.md``) that are read
    even when they look like notes (a manifest names them). Raises
    ``FileNotFoundError`` naming a path that does not exist or a pattern that
    matches nothing, ``ValueError`` for an empty list.
    """
    if isinstance(source, (str, Path)):
        if is_pattern(source):
            return _pattern_files(str(source))
        path = Path(source)
        if not os.path.lexists(path):
            raise FileNotFoundError(f"corpus path {str(path)!r} does not exist")
        if path.is_dir():
            return CorpusFiles(str(path), tuple(_folder_entries(path, keep=keep)), folder=path)
        return CorpusFiles(str(path), (_file_entry(path, path.stem),))
    paths = [Path(p) for p in source]
    if not paths:
        raise ValueError("corpus list is empty; give at least one file or folder")
    for path in paths:
        if not os.path.lexists(path):
            raise FileNotFoundError(f"corpus path {str(path)!r} (in the list of corpus paths) does not exist")
    root = Path(os.path.commonpath([str(p.absolute().parent) for p in paths]))
    entries: list[CorpusFile | Skipped] = []
    for path in paths:
        prefix = path.absolute().relative_to(root).as_posix()
        if path.is_dir():
            for entry in _folder_entries(path, keep=keep):
                entries.append(CorpusFile(entry.path, f"{prefix}/{entry.name}", entry.kind) if isinstance(entry, CorpusFile) else entry)
        else:
            entries.append(_file_entry(path, str(Path(prefix).with_suffix("").as_posix())))
    return CorpusFiles(f"{len(paths)} corpus paths", tuple(entries))


def _pattern_files(pattern: str) -> CorpusFiles:
    parts = Path(pattern).parts
    fixed = [p for p in parts[: next(i for i, p in enumerate(parts) if _MAGIC.search(p))]]
    root = Path(*fixed) if fixed else Path(".")
    matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True))
    if not matches:
        raise FileNotFoundError(f"corpus pattern {pattern!r} matches no file")
    real_root = os.path.realpath(root)
    entries: list[CorpusFile | Skipped] = []
    for path in matches:
        relative = path.relative_to(root) if root != Path(".") else path
        reason = _skip_reason(relative.parts, path)
        if reason is None and path.is_symlink() and not _inside(path, real_root):
            reason = _outside(path, root)
        if reason is None and path.is_dir():
            reason = "is a folder; a pattern picks files (name the folder itself to read its files)"
        entries.append(Skipped(path, reason) if reason else _file_entry(path, relative.with_suffix("").as_posix()))
    return CorpusFiles(pattern, tuple(entries))


def _file_entry(path: Path, name: str) -> CorpusFile | Skipped:
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return CorpusFile(path, name, "table")
    if suffix in TEXT_SUFFIXES:
        return CorpusFile(path, name, "text")
    return Skipped(path, f"is not read: only {', '.join(TEXT_SUFFIXES)} files and {', '.join(TABLE_SUFFIXES)} tables are loaded")


def _folder_entries(folder: Path, *, keep: frozenset[str]) -> list[CorpusFile | Skipped]:
    real_root = os.path.realpath(folder)
    found: list[tuple[tuple[str, ...], CorpusFile | Skipped]] = []
    for top, dirs, names in os.walk(folder, followlinks=False):
        top_path = Path(top)
        for name in sorted(dirs):
            path = top_path / name
            parts = path.relative_to(folder).parts
            reason = _skip_reason(parts, path)
            if reason is None and path.is_symlink():
                dirs.remove(name)
                if not _inside(path, real_root):
                    found.append((parts, Skipped(path, _outside(path, folder))))
                elif path.suffix.lower() in TEXT_SUFFIXES + TABLE_SUFFIXES:  # named like a file: reading it says what it is
                    found.append((parts, _file_entry(path, Path(*parts).with_suffix("").as_posix())))
                else:
                    found.append((parts, Skipped(path, "is a link to a folder inside the corpus; it is not followed (its files are read where they are)")))
            elif reason is not None:
                dirs.remove(name)
                found.append((parts, Skipped(path, reason)))
        for name in names:
            path = top_path / name
            relative = path.relative_to(folder)
            if relative.as_posix() == MANIFEST_NAME:
                continue
            reason = None if relative.as_posix() in keep else _skip_reason(relative.parts, path)
            if reason is None and path.is_symlink() and not _inside(path, real_root):
                reason = _outside(path, folder)
            entry = Skipped(path, reason) if reason else _file_entry(path, relative.with_suffix("").as_posix())
            found.append((relative.parts, entry))
    found.sort(key=lambda item: item[0])
    return [entry for _, entry in found]


def _skip_reason(parts: tuple[str, ...], path: Path) -> str | None:
    """Why the entry at *path* (*parts* below the corpus root) is not a document, from its name alone; ``None`` when it may be one."""
    name = parts[-1]
    lower = name.lower()
    if lower in DEBRIS_NAMES or lower in DEBRIS_FOLDERS or lower.startswith(DEBRIS_PREFIXES) or lower.endswith(DEBRIS_SUFFIXES):
        return "is left behind by an operating system or an editor (not a document)"
    if name.startswith("."):
        return "is hidden (its name starts with '.')"
    stem, suffix = os.path.splitext(lower)
    if stem in NOTE_STEMS and suffix in PLAIN_SUFFIXES:
        return "is a note about the corpus (README, SOURCE, LICENSE...), not a document; name it in a manifest.csv to read it"
    return None


def _inside(path: Path, real_root: str) -> bool:
    target = os.path.realpath(path)
    return target == real_root or target.startswith(real_root.rstrip(os.sep) + os.sep)


def _outside(path: Path, root: Path) -> str:
    return f"is a symbolic link to {os.readlink(path)!r}, outside the corpus folder {str(root)!r}; it is not read"
