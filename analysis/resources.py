"""Read the data files that ship inside the package.

Lexicons, word lists and rules are data files under ``analysis/data`` with
their source and licence in a header of ``#`` comment lines. They are read with
:mod:`importlib.resources`, never through ``nltk.data`` and never downloaded.
"""

from __future__ import annotations

import hashlib
import json
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


def read_list(name: str) -> tuple[str, ...]:
    """Return the entries of a packaged one-entry-per-line list, in file order (see :func:`list_entries`).

    >>> "the" in read_list("stopwords_en.txt")
    True
    """
    return list_entries(read_text(name))


def list_entries(text: str) -> tuple[str, ...]:
    """The entries of a one-entry-per-line text: lines stripped; blank lines and ``#`` lines (the source header) skipped; case kept.

    >>> list_entries("# source: me\\n Baku \\n\\nAstana\\n")
    ('Baku', 'Astana')
    """
    return tuple(entry for entry in (line.strip() for line in text.splitlines()) if entry and not entry.startswith("#"))


def read_model_json(path: str | Path, *, what: str, keys: tuple[str, ...], version: int) -> dict:
    """The JSON object of a model data file, checked: every key of *keys* present and ``format`` equal to *version*.

    *what* names the kind of file in the messages ("frame model", "tone
    model"), which also name the path. Raises ``FileNotFoundError`` or
    ``ValueError``.
    """
    try:
        spec = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"{what} {str(path)!r} does not exist") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{what} {str(path)!r} is not JSON: {exc}") from None
    if not isinstance(spec, dict):
        raise ValueError(f"{what} {str(path)!r} must hold a JSON object; got {type(spec).__name__}")  # noqa: TRY004 -- a file with the wrong content
    for key in ("format", *keys):
        if key not in spec:
            raise ValueError(f"{what} {str(path)!r} lacks {key!r}")
    if spec["format"] != version:
        raise ValueError(f"{what} {str(path)!r} has format {spec['format']!r}; this package reads format {version}")
    return spec


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
