"""Score a corpus once and reuse the result: a cache keyed by content.

:func:`open_corpus` loads a corpus (any source :func:`analysis.load_corpus`
reads: a folder, a file, a glob pattern, a list of paths or a DataFrame, with
its ``*_column`` options), scores it with every measure and keeps the result
under a key made of everything the result depends on: the bytes of every
input file (the manifest and the notes it may name too; the names of the
entries that are skipped and why, which the entry lists as problems), or
the values of a DataFrame, the column options, the package's code and data
files (dictionaries, lexicons, rules), the scoring options and ``since``. The same corpus opened again (by
another notebook, or by tomorrow's scheduled run when no article changed) is
read back instead of recomputed; any change to an input, a dictionary or the
code gives a new key. Entries are written to a temporary folder and renamed
into place, so a crash never leaves an entry that looks complete.

Underneath, scored documents are kept one by one (:class:`DocumentCache`,
``documents.sqlite`` in the cache folder), keyed by each document's own
content and everything its scores depend on, so a corpus that changed a little
is scored again only where it changed (``python -m analysis score`` uses the
same store).

The cache folder is ``$ANALYSIS_CACHE`` or ``~/.cache/analysis``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import time
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pandas as pd

from .corpus import MAX_FILE_BYTES, CorpusSource, check_source, column_names, parse_size
from .errors import LanguageWarning
from .resources import file_sha256
from .schema import DOC_ID
from .scoring import TABLES, Scores
from .sources import MANIFEST_NAME, PLAIN_SUFFIXES, CorpusFile, list_corpus_files

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
    path: CorpusSource,
    *,
    since: str | None = None,
    frames: str | Path = "eurasia",
    actors: str | Path = "default",
    cache: str | Path | None = None,
    jobs: int | None = None,
    executor=None,
    progress: bool = True,
    text_column: str = "text",
    id_column: str = DOC_ID,
    title_column: str = "title",
    date_column: str = "date",
    outlet_column: str = "outlet",
    max_file_bytes: int | str | None = MAX_FILE_BYTES,
) -> ScoredCorpus:
    """Load and score the corpus *path* (with :func:`~analysis.corpus.select_documents` ``since``), reusing the cache.

    *path* is anything :func:`~analysis.load_corpus` reads (a folder, a file,
    a glob pattern, a list of paths or a DataFrame), and the ``*_column``
    options name a table's columns as there, ``max_file_bytes`` is its size
    limit per file and per table row (``None``: no limit). Returns a
    :class:`ScoredCorpus`; ``scored.docs`` is the documents frame with texts,
    ``scored.scores`` the tables of :func:`~analysis.score`. A corpus not seen
    before is scored by :func:`analysis.pipeline.score_corpus` with ``jobs``
    processes (default: the CPUs) or on ``executor``, reusing every document
    already scored in the cache's document store, with ``progress`` on stderr.
    """
    folder = ensure_scored(path, since=since, frames=frames, actors=actors, cache=cache, jobs=jobs, executor=executor, progress=progress,
                           text_column=text_column, id_column=id_column, title_column=title_column, date_column=date_column,
                           outlet_column=outlet_column, max_file_bytes=max_file_bytes)
    return ScoredCorpus(read_corpus(folder), read_scores(folder), folder.name, folder)


def ensure_scored(
    path: CorpusSource,
    *,
    since: str | None = None,
    frames: str | Path = "eurasia",
    actors: str | Path = "default",
    cache: str | Path | None = None,
    jobs: int | None = None,
    executor=None,
    progress: bool = True,
    text_column: str = "text",
    id_column: str = DOC_ID,
    title_column: str = "title",
    date_column: str = "date",
    outlet_column: str = "outlet",
    max_file_bytes: int | str | None = MAX_FILE_BYTES,
) -> Path:
    """Make sure the cache entry of the corpus *path* exists (scoring it as :func:`open_corpus` does) and return its folder.

    *path*, the ``*_column`` options and ``max_file_bytes`` are as for :func:`open_corpus`. No
    table is read: use it where only some tables, columns or rows are needed
    (:func:`read_scores`, :func:`read_corpus`, :func:`iter_table_batches` on
    the folder), e.g. to plan reports on a large corpus. The folder's name is
    the entry's :func:`cache_key`. Raises ``FileNotFoundError`` naming a path
    that does not exist (or a pattern that matches nothing), ``ValueError``
    for a bad column option, ``TypeError`` for something that is no corpus.
    """
    source = check_source(path)
    columns = column_names(text_column=text_column, id_column=id_column, title_column=title_column,
                           date_column=date_column, outlet_column=outlet_column).options()
    limit = parse_size(max_file_bytes)
    root = Path(cache) if cache is not None else cache_dir()
    key = cache_key(source, since=since, frames=frames, actors=actors, max_file_bytes=limit, **columns)
    folder = root / "scores" / key
    if not (folder / "manifest.json").is_file():
        _build(source, folder, root, since=since, frames=frames, actors=actors, jobs=jobs, executor=executor, progress=progress,
               columns=columns, max_file_bytes=limit)
    return folder


def _build(source: CorpusSource, folder: Path, root: Path, *, since, frames, actors, jobs, executor, progress, columns, max_file_bytes) -> None:
    from .pipeline import score_corpus

    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        with warnings.catch_warnings():
            # Input problems and undated documents are shown (CorpusWarning) and kept in the entry
            # (problems.json); which documents are not in English is in the tables.
            warnings.simplefilter("ignore", LanguageWarning)
            score_corpus(source, staging / "entry", since=since, frames=frames, actors=actors, cache=root, jobs=jobs,
                         executor=executor, write_corpus=True, progress=progress, max_file_bytes=max_file_bytes, **columns)
        try:
            os.rename(staging / "entry", folder)
        except OSError:  # another process built the same entry first: theirs is as good
            pass
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def read_corpus(folder: str | Path, *, columns: Sequence[str] | None = None, doc_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Read back the documents frame stored in a cache entry (texts, metadata, cleaning audit, problems).

    *columns* reads only those columns (``doc_id`` is always read), and
    *doc_ids* only those documents (a Parquet filter: the other rows are never
    loaded), so a report on one document, or one that needs no text, holds
    little memory however large the corpus. Rows keep the corpus order; the
    input problems are in ``attrs["problems"]`` either way.

    Raises ``FileNotFoundError`` for a folder without ``corpus.parquet`` and
    ``ValueError`` naming the file and its columns for an unknown column.
    """
    import pyarrow.parquet as pq


    folder = Path(folder)
    path = folder / "corpus.parquet"
    if not path.is_file():
        raise FileNotFoundError(f"{str(folder)!r} has no corpus.parquet: it is not a cache entry of analysis.open_corpus")
    names = pq.read_schema(path).names
    if columns is not None:
        if isinstance(columns, str):
            raise TypeError(f"read_corpus: columns must be a list of column names, not the string {columns!r}")
        unknown = [c for c in columns if c not in names]
        if unknown:
            raise ValueError(f"read_corpus: {str(path)!r} has no column(s) {', '.join(map(repr, unknown))}; its columns: {', '.join(names)}")
        columns = [DOC_ID, *dict.fromkeys(c for c in columns if c != DOC_ID)]
    if doc_ids is not None and isinstance(doc_ids, str):
        raise TypeError(f"read_corpus: doc_ids must be a list of document ids, not the string {doc_ids!r}")
    docs = pd.read_parquet(path, columns=columns) if doc_ids is None else _read_rows(path, columns, DOC_ID, [str(d) for d in doc_ids])
    if "removed" in docs.columns:
        docs["removed"] = docs["removed"].map(json.loads)
    docs = docs.reset_index(drop=True)
    problems = json.loads((folder / "problems.json").read_text(encoding="utf-8"))
    docs.attrs["problems"] = tuple(tuple(p) for p in problems)
    return docs


def read_resources(folder: str | Path) -> dict:
    """What the scored corpus in *folder* was scored with: its manifest's ``resources``.

    ``frames`` (``name`` as given: a scheme such as ``eurasia`` or
    ``generic:model``, or a dictionary file's path; ``method``, ``frames``,
    ``n_patterns``), ``actors`` (``name``: ``default`` or a gazetteer file's
    path) and ``sentiment``. A folder without ``manifest.json`` is refused as
    :func:`read_scores` refuses it.
    """
    manifest_path = Path(folder) / "manifest.json"
    if not manifest_path.is_file():
        raise FileNotFoundError(f"{str(folder)!r} has no manifest.json: it is not a complete set of score tables (an interrupted run?)")
    return json.loads(manifest_path.read_text(encoding="utf-8")).get("resources", {})


def read_scores(
    folder: str | Path,
    *,
    tables: Sequence[str] | None = None,
    columns: Mapping[str, Sequence[str]] | None = None,
    doc_ids: Sequence[str] | None = None,
) -> Scores:
    """Read the tables that :func:`~analysis.scoring.write_scores` (or ``python -m analysis score``) wrote to *folder*.

    *tables* reads only those tables (the others are ``None`` in the
    returned :class:`~analysis.scoring.Scores`); *columns* maps a table name
    to the only columns to read from it (``doc_id`` is kept wherever the
    table has it); *doc_ids* keeps only the rows of those documents, read with
    a Parquet filter so the other rows are never loaded. With *doc_ids*,
    ``actor_edges`` (which has no ``doc_id``) is counted again from the
    documents' actor mentions (:func:`analysis.actors.actor_edges`), as
    :func:`~analysis.scoring.select_document_scores` does.

    A folder without ``manifest.json`` is an interrupted run and is refused;
    an unknown table or column is refused with a ``ValueError`` naming the
    valid ones.
    """

    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise FileNotFoundError(f"{str(folder)!r} has no manifest.json: it is not a complete set of score tables (an interrupted run?)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for argument, names in (("tables", tables), ("columns", columns), ("doc_ids", doc_ids)):
        if isinstance(names, str):
            raise TypeError(f"read_scores: {argument} must be a list, not the string {names!r}")
    wanted = list(TABLES) if tables is None else list(tables)
    unknown = [t for t in [*wanted, *(columns or {})] if t not in TABLES]
    if unknown:
        raise ValueError(f"read_scores: no table(s) {', '.join(map(repr, unknown))}; the tables: {', '.join(TABLES)}")
    ids = None if doc_ids is None else [str(d) for d in doc_ids]
    parquet = manifest["format"] == "parquet"

    def read(name: str) -> pd.DataFrame:
        path = folder / manifest["tables"][name]["file"]
        if parquet:
            import pyarrow.parquet as pq

            available = pq.read_schema(path).names
        else:
            available = pd.read_csv(path, nrows=0).columns.tolist()
        selected = None
        if columns is not None and name in columns:
            missing = [c for c in columns[name] if c not in available]
            if missing:
                raise ValueError(f"read_scores: {str(path)!r} has no column(s) {', '.join(map(repr, missing))}; its columns: {', '.join(available)}")
            selected = [*([DOC_ID] if DOC_ID in available else []), *dict.fromkeys(c for c in columns[name] if c != DOC_ID)]
        by_document = ids is not None and DOC_ID in available
        if parquet:
            # some documents: filtered a record batch at a time (the rest of the file is never held at once)
            table = _read_rows(path, selected, DOC_ID, ids) if by_document and ids else pd.read_parquet(path, columns=selected)
        else:
            table = pd.read_csv(path, usecols=selected)
        if by_document:
            table = table.loc[table[DOC_ID].astype(str).isin(ids)]
        return table.reset_index(drop=True)

    read_tables = {name: read(name) if name in wanted and name in manifest["tables"] and not (ids is not None and name == "actor_edges") else None
                   for name in TABLES}
    if ids is not None and "actor_edges" in wanted and "actor_edges" in manifest["tables"]:
        from .actors import actor_edges

        mentions = read_tables["actors"] if read_tables["actors"] is not None and columns is None else read_scores(folder, tables=["actors"], doc_ids=ids).actors
        read_tables["actor_edges"] = actor_edges(mentions)
    return Scores(**read_tables)


def _read_rows(path: Path, columns: list[str] | None, key: str, values: list[str]) -> pd.DataFrame:
    """The rows of the Parquet file *path* whose *key* is one of *values*, in file order, read one record batch at a time."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    source = pq.ParquetFile(path, pre_buffer=False)
    schema = source.schema_arrow if columns is None else pa.schema([source.schema_arrow.field(c) for c in columns], metadata=source.schema_arrow.metadata)
    wanted = pa.array(values, type=source.schema_arrow.field(key).type)
    kept = [batch.filter(pc.is_in(batch.column(key), value_set=wanted))
            for batch in source.iter_batches(batch_size=TABLE_BATCH_ROWS, columns=columns, use_threads=False)]
    return pa.Table.from_batches(kept, schema=schema).to_pandas()


#: Rows per record batch of :func:`iter_table_batches` (a few MB of token rows). Batches are read in one
#: thread without pre-buffering: pyarrow's threaded read-ahead held about 170 MiB more in one pass over
#: the texts of 100,000 documents, which a report kernel cannot spare.
TABLE_BATCH_ROWS = 262_144


def iter_table_batches(
    folder: str | Path,
    table: str,
    *,
    columns: Sequence[str] | None = None,
    batch_size: int = TABLE_BATCH_ROWS,
) -> Iterator[pd.DataFrame]:
    """Yield the score table *table* of *folder* as frames of at most *batch_size* rows, in the file's order.

    Only *columns* are read (``doc_id`` is kept wherever the table has it),
    one Parquet record batch at a time, so a pass over the token table holds
    one batch, not the table: feed the batches to the statistics that take
    token tables one after another (:func:`analysis.term_frequencies`,
    :func:`analysis.collocations`, :func:`analysis.compare.keyness_by_group`).
    Rows keep the order the tables were written in (a document's rows
    together); a document may be cut between two batches. The frames have the
    dtypes :func:`read_scores` gives.

    Raises ``FileNotFoundError`` for a folder that is not a complete set of
    Parquet score tables and ``ValueError`` naming the valid tables or columns.
    """
    from .checks import check_int

    check_int(batch_size, "iter_table_batches: batch_size", minimum=1)
    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise FileNotFoundError(f"{str(folder)!r} has no manifest.json: it is not a complete set of score tables (an interrupted run?)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if table not in manifest["tables"]:
        raise ValueError(f"iter_table_batches: no table {table!r} in {str(folder)!r}; its tables: {', '.join(manifest['tables'])}")
    if manifest["format"] != "parquet":
        raise ValueError(f"iter_table_batches: {str(folder)!r} holds {manifest['format']} tables; batches are read from Parquet tables only")
    yield from _iter_parquet(folder / manifest["tables"][table]["file"], columns, batch_size, "iter_table_batches")


#: Documents per batch of :func:`iter_corpus_batches` (texts are long: a few MB a batch).
CORPUS_BATCH_ROWS = 1_000


def iter_corpus_batches(folder: str | Path, *, columns: Sequence[str] | None = None, batch_size: int = CORPUS_BATCH_ROWS) -> Iterator[pd.DataFrame]:
    """Yield the documents frame of a cache entry (:func:`read_corpus`) as frames of at most *batch_size* documents, in corpus order.

    Only *columns* are read (``doc_id`` always), so a pass over the texts
    holds one batch of them; the frames are those :func:`read_corpus` gives
    (``removed`` decoded, the input problems in ``attrs["problems"]``).
    Raises ``FileNotFoundError`` for a folder without ``corpus.parquet`` and
    ``ValueError`` naming the file's columns for an unknown column.
    """
    from .checks import check_int

    check_int(batch_size, "iter_corpus_batches: batch_size", minimum=1)
    folder = Path(folder)
    path = folder / "corpus.parquet"
    if not path.is_file():
        raise FileNotFoundError(f"{str(folder)!r} has no corpus.parquet: it is not a cache entry of analysis.open_corpus")
    problems = tuple(tuple(p) for p in json.loads((folder / "problems.json").read_text(encoding="utf-8")))
    for docs in _iter_parquet(path, columns, batch_size, "iter_corpus_batches"):
        if "removed" in docs.columns:
            docs["removed"] = docs["removed"].map(json.loads)
        docs.attrs["problems"] = problems
        yield docs


def _iter_parquet(path: Path, columns: Sequence[str] | None, batch_size: int, caller: str) -> Iterator[pd.DataFrame]:
    """The Parquet file *path* as frames of at most *batch_size* rows (only *columns*, ``doc_id`` kept), with read_parquet's dtypes."""
    import pyarrow as pa
    import pyarrow.parquet as pq


    if isinstance(columns, str):
        raise TypeError(f"{caller}: columns must be a list of column names, not the string {columns!r}")
    source = pq.ParquetFile(path, pre_buffer=False)
    available = source.schema_arrow.names
    selected = None
    if columns is not None:
        missing = [c for c in columns if c not in available]
        if missing:
            raise ValueError(f"{caller}: {str(path)!r} has no column(s) {', '.join(map(repr, missing))}; its columns: {', '.join(available)}")
        selected = [*([DOC_ID] if DOC_ID in available else []), *dict.fromkeys(c for c in columns if c != DOC_ID)]
    schema = source.schema_arrow if selected is None else pa.schema([source.schema_arrow.field(c) for c in selected], metadata=source.schema_arrow.metadata)
    empty = True
    for batch in source.iter_batches(batch_size=batch_size, columns=selected, use_threads=False):
        empty = False
        yield pa.Table.from_batches([batch], schema=schema).to_pandas()
    if empty:
        yield schema.empty_table().to_pandas()


def cache_key(
    path: CorpusSource,
    *,
    since: str | None = None,
    frames: str | Path = "eurasia",
    actors: str | Path = "default",
    text_column: str = "text",
    id_column: str = DOC_ID,
    title_column: str = "title",
    date_column: str = "date",
    outlet_column: str = "outlet",
    max_file_bytes: int | str | None = MAX_FILE_BYTES,
) -> str:
    """The content key of a scored corpus (sha256, 24 hex digits): its input, the package's code and data, the options.

    The input is what :func:`~analysis.load_corpus` would read from *path*:
    every file's name and bytes (of a folder, a file, a glob pattern's
    matches or a list of paths; a folder's ``manifest.csv`` too), the name of
    every entry that is skipped and why (they are the entry's problems), with
    the bytes of skipped notes (a manifest may name them), or a DataFrame's
    columns, types and values (:func:`frame_sha256`). The options are
    ``since``, ``frames``, ``actors`` (and the bytes of a dictionary or
    gazetteer file), the ``*_column`` options and ``max_file_bytes`` (when it
    is not the default: a file above the limit is a problem, not a document).

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"body": ["Baku and Astana met."]})
    >>> cache_key(frame, text_column="body") == cache_key(frame.copy(), text_column="body") != cache_key(frame, text_column="headline")
    True
    """
    names = column_names(text_column=text_column, id_column=id_column, title_column=title_column,
                         date_column=date_column, outlet_column=outlet_column)
    source = check_source(path)
    digest = hashlib.sha256(f"format {CACHE_FORMAT}\nsince {since}\n".encode())
    for name, option in (("frames", frames), ("actors", actors)):
        option_path = Path(option)
        digest.update(f"{name} {option}\n".encode())
        if option_path.is_file():
            digest.update(file_sha256(option_path).encode())
    digest.update(f"columns {json.dumps(names.fields(), sort_keys=True)}\n".encode())
    limit = parse_size(max_file_bytes)
    if limit != MAX_FILE_BYTES:  # the default adds nothing, so that keys made before the option existed still hold
        digest.update(f"max_file_bytes {limit}\n".encode())
    if isinstance(source, pd.DataFrame):
        digest.update(f"input DataFrame {frame_sha256(source)}\n".encode())
    else:
        for line in _source_lines(source):
            digest.update(f"{line}\n".encode("utf-8", "surrogatepass"))
    digest.update(package_fingerprint().encode())
    return digest.hexdigest()[:24]


def frame_sha256(frame: pd.DataFrame) -> str:
    """sha256 of a DataFrame corpus: its column names, each column's type and values, and each value's Python type.

    The row index is left out (:func:`~analysis.load_corpus` does not read
    it). Values are hashed by pandas (``pandas.util.hash_pandas_object``);
    those of an ``object`` column as their type and text (``repr``), so ``1``
    and ``"1"``, or a list and its JSON text, give different keys.

    >>> import pandas as pd
    >>> frame_sha256(pd.DataFrame({"text": ["1"]})) != frame_sha256(pd.DataFrame({"text": [1]}, dtype=object))
    True
    """
    hash_values = pd.util.hash_pandas_object
    digest = hashlib.sha256(f"columns {json.dumps([str(c) for c in frame.columns])}\nrows {len(frame)}\n".encode())
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        digest.update(f"{column.dtype}\n".encode())
        if column.dtype == object:  # any Python value (a list, a dict): hashed as its text (repr), with its type
            column = column.map(lambda value: f"{type(value).__name__}\x1f{value if isinstance(value, str) else repr(value)}")
        digest.update(hash_values(column, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def _source_lines(source: str | Path | list[Path]) -> Iterator[str]:
    """What a file source contributes to :func:`cache_key`, one line per entry, in corpus order."""
    files = list_corpus_files(source)
    kind = "pattern" if isinstance(source, str) else "list" if isinstance(source, list) else "folder" if files.folder is not None else "file"
    yield f"source {kind}"
    root = files.folder
    if root is not None and (root / MANIFEST_NAME).is_file():
        yield f"manifest {_bytes_sha256(root / MANIFEST_NAME)}"
    for entry in files.entries:
        if isinstance(entry, CorpusFile):
            yield f"input {entry.name}{entry.path.suffix} {_bytes_sha256(entry.path)}"
            continue
        name = entry.path.relative_to(root).as_posix() if root is not None else str(entry.path)
        note = entry.path.suffix.lower() in PLAIN_SUFFIXES and entry.path.is_file()  # a manifest may name it: then it is read
        yield f"skipped {name} {entry.reason}" + (f" {_bytes_sha256(entry.path)}" if note else "")


def _bytes_sha256(path: Path) -> str:
    """sha256 of a file's bytes, or what stops it being read (the loader reports that as a problem)."""
    if not path.is_file():
        return "not a file"
    try:
        return file_sha256(path)
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"


def package_fingerprint() -> str:
    """sha256 over the package's code and data files, so results from other code are never reused."""
    digest = hashlib.sha256()
    for file in sorted(PACKAGE_DIR.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(f"{file.relative_to(PACKAGE_DIR).as_posix()} {file_sha256(file)}\n".encode())
    return digest.hexdigest()


# -- scored documents, by content --------------------------------------------

#: Bumped when what a document cache entry holds changes.
DOCUMENT_CACHE_FORMAT = 1
#: Libraries whose version can change a scored document (decoding, language, duplicates, tokens, VADER).
SCORING_LIBRARIES = ("pandas", "pyarrow", "nltk", "charset-normalizer", "ftfy", "lingua-language-detector", "datasketch", "vaderSentiment",
                     "trafilatura", "feedparser", "lxml")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS packs (id INTEGER PRIMARY KEY AUTOINCREMENT, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS pack_tables (pack_id INTEGER NOT NULL, name TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (pack_id, name));
CREATE TABLE IF NOT EXISTS documents (key TEXT PRIMARY KEY, pack_id INTEGER NOT NULL);
"""


def scoring_fingerprint(*, frames: str | Path, actors: str | Path, rules: str | Path | None, keep_tokens: bool, since: str | None) -> str:
    """What every scored document depends on besides its own content: package code and data, library versions, options."""
    digest = hashlib.sha256(f"document cache {DOCUMENT_CACHE_FORMAT}\nkeep_tokens {keep_tokens}\nsince {since}\n".encode())
    for name, option in (("frames", frames), ("actors", actors), ("rules", rules)):
        digest.update(f"{name} {option}\n".encode())
        if option is not None and Path(option).is_file():
            digest.update(file_sha256(Path(option)).encode())
    for library in SCORING_LIBRARIES:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{library} {version}\n".encode())
    digest.update(package_fingerprint().encode())
    return digest.hexdigest()


#: Record fields that say where a document was read from, set on every run rather than cached.
RECORD_PLACE = ("source_path", "source_row")


def document_key(record: dict, fingerprint: str) -> str:
    """The cache key of one raw record: its content (file bytes or text), ``doc_id`` and metadata, and *fingerprint*.

    Where the document was read from (``source_path``, ``source_row``) is not
    part of it: both are set again on every run, so a corpus that moved, or
    rows inserted above a document, do not make it new.
    """
    digest = hashlib.sha256(fingerprint.encode())
    for name in sorted(record):
        if name in RECORD_PLACE:
            continue
        value = record[name]
        if isinstance(value, bytes):
            data = value
        elif isinstance(value, str):
            data = value.encode("utf-8", "surrogatepass")
        else:
            data = repr(value).encode("utf-8", "surrogatepass")
        digest.update(f"{name}\x1f{type(value).__name__}\x1f{len(data)}\x1f".encode())
        digest.update(data)
    return digest.hexdigest()


#: Seconds a run waits for another run that holds the document cache's lock.
LOCK_TIMEOUT = 120


class DocumentCache:
    """Scored documents kept by content key in one SQLite file (write-ahead log), safe for concurrent runs.

    A *pack* holds the tables of one scored chunk as Arrow IPC streams, and the
    ``documents`` index maps each document's key (:func:`document_key`) to its
    pack. A pack and its keys are written in one transaction, so an
    interrupted run leaves either the whole pack or nothing; readers never see
    a half-written one. Nothing is pickled.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / "documents.sqlite"
        try:
            self._db = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT, isolation_level=None, check_same_thread=False)
            self._set_up()
        except sqlite3.DatabaseError as exc:
            raise ValueError(f"cache {str(self.path)!r} cannot be used: {exc}; delete it or give another --cache folder") from None

    def _set_up(self) -> None:
        """Switch to the write-ahead log and create the tables, waiting while another run does the same.

        SQLite's busy timeout does not cover the switch of journal mode, so two
        runs opening a new cache at once would see "database is locked": the
        setup is retried until :data:`LOCK_TIMEOUT`.
        """
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.executescript(_SCHEMA)
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def lookup(self, keys: list[str]) -> dict[str, int]:
        """The pack of each key that is cached."""
        found: dict[str, int] = {}
        for first in range(0, len(keys), 500):
            part = keys[first : first + 500]
            rows = self._db.execute(f"SELECT key, pack_id FROM documents WHERE key IN ({','.join('?' * len(part))})", part)
            found.update(rows.fetchall())
        return found

    def read_pack(self, pack_id: int, names: Iterable[str] | None = None) -> dict[str, bytes]:
        """The tables of one pack (name to Arrow IPC bytes), or only those *names*."""
        rows = self._db.execute("SELECT name, data FROM pack_tables WHERE pack_id = ?", (pack_id,)).fetchall() if names is None else \
            self._db.execute(f"SELECT name, data FROM pack_tables WHERE pack_id = ? AND name IN ({','.join('?' * len(set(names)))})",
                             (pack_id, *sorted(set(names)))).fetchall()
        return dict(rows)

    def store(self, keys: list[str], tables: dict[str, bytes]) -> int:
        """Keep *tables* as one pack, reachable by *keys*; all or nothing. Returns the pack's id."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            pack_id = self._db.execute("INSERT INTO packs (created) VALUES (?)", (time.time(),)).lastrowid
            for name, data in tables.items():
                self._db.execute("INSERT INTO pack_tables (pack_id, name, data) VALUES (?, ?, ?)", (pack_id, name, data))
            self._db.executemany("INSERT OR REPLACE INTO documents (key, pack_id) VALUES (?, ?)", [(key, pack_id) for key in keys])
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        return pack_id

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> DocumentCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
