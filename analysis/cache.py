"""Score a corpus once and reuse the result: a cache keyed by content.

:func:`open_corpus` loads a corpus, scores it with every measure and keeps the
result under a key made of everything the result depends on: the bytes of
every input file, the package's code and data files (dictionaries, lexicons,
rules), the scoring options and ``since``. The same corpus opened again (by
another notebook, or by tomorrow's scheduled run when no article changed) is
read back instead of recomputed; any change to an input, a dictionary or the
code gives a new key. Entries are written to a temporary folder and renamed
into place, so a crash never leaves an entry that looks complete.

The cache folder is ``$ANALYSIS_CACHE`` or ``~/.cache/analysis``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .corpus import MANIFEST_NAME, TABLE_SUFFIXES, TEXT_SUFFIXES, load_corpus, select_documents
from .resources import file_sha256
from .scoring import TABLES, Scores, write_scores

#: Bumped when the layout of a cache entry changes.
CACHE_FORMAT = 1
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class ScoredCorpus:
    """A corpus and its scores: ``docs`` (:func:`~analysis.load_corpus`), ``scores``, and where they are cached."""

    docs: pd.DataFrame
    scores: Scores
    key: str
    folder: Path


def cache_dir() -> Path:
    """The cache folder: ``$ANALYSIS_CACHE`` or ``~/.cache/analysis``."""
    return Path(os.environ.get("ANALYSIS_CACHE") or Path.home() / ".cache" / "analysis")


def open_corpus(
    path: str | Path,
    *,
    since: str | None = None,
    frames: str | Path = "eurasia",
    actors: str | Path = "default",
    cache: str | Path | None = None,
) -> ScoredCorpus:
    """Load and score the corpus at *path* (with :func:`~analysis.corpus.select_documents` ``since``), reusing the cache.

    Returns a :class:`ScoredCorpus`; ``scored.docs`` is the documents frame
    with texts, ``scored.scores`` the tables of :func:`~analysis.score`.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"corpus path {str(path)!r} does not exist")
    root = Path(cache) if cache is not None else cache_dir()
    key = cache_key(path, since=since, frames=frames, actors=actors)
    folder = root / "scores" / key
    if not (folder / "manifest.json").is_file():
        _build(path, folder, since=since, frames=frames, actors=actors)
    return ScoredCorpus(read_corpus(folder), read_scores(folder), key, folder)


def _build(path: Path, folder: Path, *, since, frames, actors) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        docs = select_documents(load_corpus(path), since=since)
        problems = docs.attrs.get("problems", ())
        stored = docs.copy()
        stored.attrs = {}
        stored["removed"] = stored["removed"].map(lambda items: json.dumps(list(items or []), ensure_ascii=False))
        stored.to_parquet(staging / "corpus.parquet", index=False)
        (staging / "problems.json").write_text(json.dumps([list(p) for p in problems], ensure_ascii=False), encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the same warnings were shown by load_corpus and are in the tables
            write_scores(docs, staging, frames=frames, actors=actors)
        try:
            os.rename(staging, folder)
        except OSError:  # another process built the same entry first: theirs is as good
            shutil.rmtree(staging, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def read_corpus(folder: str | Path) -> pd.DataFrame:
    """Read back the documents frame stored in a cache entry (texts, metadata, cleaning audit, problems)."""
    folder = Path(folder)
    docs = pd.read_parquet(folder / "corpus.parquet")
    docs["removed"] = docs["removed"].map(json.loads)
    problems = json.loads((folder / "problems.json").read_text(encoding="utf-8"))
    docs.attrs["problems"] = tuple(tuple(p) for p in problems)
    return docs


def read_scores(folder: str | Path) -> Scores:
    """Read the tables that :func:`~analysis.scoring.write_scores` (or ``python -m analysis score``) wrote to *folder*.

    A folder without ``manifest.json`` is an interrupted run and is refused.
    """
    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise FileNotFoundError(f"{str(folder)!r} has no manifest.json: it is not a complete set of score tables (an interrupted run?)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    read = pd.read_parquet if manifest["format"] == "parquet" else pd.read_csv
    tables = {name: read(folder / manifest["tables"][name]["file"]) if name in manifest["tables"] else None for name in TABLES}
    return Scores(**tables)


def cache_key(path: str | Path, *, since: str | None = None, frames: str | Path = "eurasia", actors: str | Path = "default") -> str:
    """The content key of a scored corpus: input bytes, package code and data, options (sha256, 24 hex digits)."""
    digest = hashlib.sha256(f"format {CACHE_FORMAT}\nsince {since}\n".encode())
    for name, option in (("frames", frames), ("actors", actors)):
        option_path = Path(option)
        digest.update(f"{name} {option}\n".encode())
        if option_path.is_file():
            digest.update(file_sha256(option_path).encode())
    path = Path(path)
    for file in _corpus_files(path):
        name = file.relative_to(path).as_posix() if path.is_dir() else file.name
        digest.update(f"input {name} {file_sha256(file)}\n".encode())
    digest.update(package_fingerprint().encode())
    return digest.hexdigest()[:24]


def package_fingerprint() -> str:
    """sha256 over the package's code and data files, so results from other code are never reused."""
    digest = hashlib.sha256()
    for file in sorted(PACKAGE_DIR.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(f"{file.relative_to(PACKAGE_DIR).as_posix()} {file_sha256(file)}\n".encode())
    return digest.hexdigest()


def _corpus_files(path: Path) -> list[Path]:
    if path.is_dir():
        wanted = {*TEXT_SUFFIXES, *TABLE_SUFFIXES}
        return sorted(p for p in path.rglob("*") if p.is_file() and (p.suffix.lower() in wanted or p.name == MANIFEST_NAME))
    return [path]
