"""Read the data files that ship inside the package.

Lexicons, word lists and rules are data files under ``analysis/data`` with
their source and licence in a header of ``#`` comment lines. They are read with
:mod:`importlib.resources`, never through ``nltk.data`` and never downloaded.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata, resources
from pathlib import Path

from ._version import __version__


def data_path(name: str):
    """Return a traversable for the packaged data file *name*."""
    path = resources.files("analysis") / "data" / name
    if not path.is_file():
        raise FileNotFoundError(f"packaged data file {name!r} does not exist in analysis/data")
    return path


def read_text(name: str) -> str:
    """Return the whole text of the packaged data file *name* (UTF-8)."""
    return data_path(name).read_text(encoding="utf-8")


@cache
def read_word_list(name: str) -> frozenset[str]:
    """Return the entries of a packaged one-entry-per-line list.

    Blank lines and lines starting with ``#`` (the source header) are skipped;
    entries keep their case.

    >>> "the" in read_word_list("stopwords_en.txt")
    True
    """
    return frozenset(read_list(name))


def read_list(name: str) -> tuple[str, ...]:
    """Return the entries of a packaged list in file order (see :func:`read_word_list`)."""
    entries = []
    for line in read_text(name).splitlines():
        entry = line.strip()
        if entry and not entry.startswith("#"):
            entries.append(entry)
    return tuple(entries)


def package_version() -> str:
    """The installed version of ``analysis`` (the source tree's ``__version__`` when it is not installed)."""
    try:
        return metadata.version("analysis")
    except metadata.PackageNotFoundError:
        return __version__


def file_sha256(path: str | Path) -> str:
    """sha256 of a file's bytes, read in blocks (input hashes in manifests and cache keys)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
