"""Load a corpus into one tidy documents frame; split documents into paragraphs.

``load_corpus`` accepts a folder of ``.txt``/``.md`` files and saved web pages
and feeds (``.html``, ``.htm``, ``.xhtml``, ``.xml``, ``.rss``, ``.atom``), with an
optional ``manifest.csv``, or one ``.csv``, ``.jsonl`` or ``.parquet`` table
with a ``text`` column. Every document goes through the same pure steps, which
can run on any chunk of documents:

decode (:mod:`analysis.decoding`) → article text of a web page
(:mod:`analysis.extract`) → repair, decode HTML entities and normalise → clean
(:mod:`analysis.cleaning`) → infer metadata → identify the language
(:mod:`analysis.language`); then duplicates are flagged across the corpus
(:mod:`analysis.duplicates`). A feed file is split into its items when it is
read, one document per item.

Files on disk are only read, never written. ``raw_text`` keeps the decoded
text exactly as it was; ``text`` is the cleaned text every measure uses.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import io
import json
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Literal

import numpy as np
import pandas as pd

from .cleaning import RuleSet, clean_text, load_cleaning_rules
from .decoding import MAX_CONTROL_SHARE, decode_bytes, decode_entities, normalize_text
from .duplicates import DuplicateIndex, apply_duplicate_flags, duplicate_signatures
from .errors import CorpusError, CorpusWarning, printable
from .language import detect_language
from .parallel import check_jobs, local_executor, map_in_order
from .schema import DOCUMENT_COLUMNS, DOC_ID, PARAGRAPH_COLUMNS, PARA_ID, PROBLEM_COLUMNS, REMOVED_COLUMNS
from .sources import MANIFEST_NAME, TABLE_SUFFIXES, TEXT_SUFFIXES, CorpusFile, CorpusFiles, Skipped, list_corpus_files
from .spans import paragraph_spans

#: Columns a manifest may fill; ``file`` is required and names a file in the folder.
MANIFEST_COLUMNS = [DOC_ID, "file", "title", "outlet", "author", "interviewee", "date", "genre", "language", "url"]
#: A first line counts as a headline when it has at most this many words.
HEADLINE_MAX_WORDS = 30
#: A title taken from the first sentence is cut to this many characters.
TITLE_MAX_CHARS = 120
#: Extra document columns after :data:`analysis.schema.DOCUMENT_COLUMNS`.
EXTRA_COLUMNS = [
    "interviewee",
    "source_row",
    "encoding",
    "repairs",
    "inferred",
    "language_detected",
    "language_confidence",
    "n_removed",
    "removed",
]
_META = ("title", "outlet", "author", "interviewee", "date", "genre", "url")
#: Record key holding what :mod:`analysis.extract` took out of a web page or feed item (text and metadata).
EXTRACTED = "extracted"

#: Fields the loader computes: a manifest or table column of one of these names is kept as ``input_<name>`` instead.
COMPUTED_COLUMNS = ("text", "raw_text", "sha256", "source_path", "source_row", "encoding", "repairs", "inferred",
                    "language_detected", "language_confidence", "n_removed", "removed", "duplicate_of",
                    "near_duplicate_of", "near_duplicate_jaccard", "data", EXTRACTED)
#: Prefix of an input column renamed because the loader computes a field of its name.
INPUT_PREFIX = "input_"
#: Document fields that hold one piece of text each; a list or an object there is refused (the field is left empty).
TEXT_FIELDS = (DOC_ID, *_META, "language")
#: ``source_path`` of the documents of a DataFrame corpus.
DATAFRAME_PATH = "<DataFrame>"
#: What :func:`load_corpus` reads: a folder, a file, a glob pattern, a list of paths, or a DataFrame (one row per document).
CorpusSource = str | Path | Sequence[str | Path] | pd.DataFrame

Errors = Literal["warn", "raise"]
#: Documents read and prepared per chunk by :func:`load_corpus`.
LOAD_CHUNK_SIZE = 500
#: Largest file :func:`load_corpus` reads (bytes), and largest text of one table row (UTF-8 bytes). A file above
#: it is a problem and is never read. 50 MB is over ten times the longest novels (War and Peace is about 3 MB of
#: text) and a thousand long news articles, while scoring one document takes memory some 24 times its size (every
#: token is a row; a 200 MB file grew to 4.8 GB), so 50 MB needs about 1.2 GB: a larger file is almost always a
#: dump of many documents, to be split or given as a table.
MAX_FILE_BYTES = 50_000_000
#: Units :func:`parse_size` reads (any case): decimal as disks are sold, and binary.
SIZE_UNITS = {"b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "kib": 1024, "mib": 1024**2, "gib": 1024**3}
_SIZE = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class ColumnNames:
    """The input columns of a table corpus that hold each document's text, id, title, date and outlet.

    Made by :func:`column_names` from the ``*_column`` options of
    :func:`load_corpus`; a column named here takes the document field's name.
    """

    text: str = "text"
    doc_id: str = DOC_ID
    title: str = "title"
    date: str = "date"
    outlet: str = "outlet"

    def fields(self) -> dict[str, str]:
        """Document field -> input column."""
        return {"text": self.text, DOC_ID: self.doc_id, "title": self.title, "date": self.date, "outlet": self.outlet}

    def options(self) -> dict[str, str]:
        """The keyword options that name these columns (``text_column=`` ...), as :func:`load_corpus` and its callers take them.

        >>> ColumnNames(text="body").options()["text_column"]
        'body'
        """
        return {"text_column": self.text, "id_column": self.doc_id, "title_column": self.title, "date_column": self.date,
                "outlet_column": self.outlet}


def column_names(*, text_column: str = "text", id_column: str = DOC_ID, title_column: str = "title",
                 date_column: str = "date", outlet_column: str = "outlet") -> ColumnNames:
    """Check the ``*_column`` options of :func:`load_corpus` and return them as :class:`ColumnNames`.

    >>> column_names(text_column="body").fields()["text"]
    'body'
    """
    given = {"text_column": text_column, "id_column": id_column, "title_column": title_column,
             "date_column": date_column, "outlet_column": outlet_column}
    for option, value in given.items():
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{option} must be the name of a column (a non-empty string); got {value!r}")
    values = list(given.values())
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        options = [o for o, v in given.items() if v in repeated]
        raise ValueError(f"{', '.join(options)} name the same column {repeated}; each option needs its own column")
    return ColumnNames(text_column, id_column, title_column, date_column, outlet_column)


def parse_size(value: object, *, name: str = "max_file_bytes") -> int | None:
    """A size in bytes from a whole number or a text such as ``"20MB"``, ``"1.5 GB"``, ``"512KiB"``; ``None`` for no limit.

    Units (any case): B, KB, MB, GB (powers of 1000) and KiB, MiB, GiB (powers of 1024); a bare number is bytes.
    *name* is the option named in the error message.

    >>> parse_size("20MB"), parse_size("1.5 kb"), parse_size("2KiB"), parse_size(1000), parse_size(None)
    (20000000, 1500, 2048, 1000, None)
    """
    if value is None:
        return None
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        size = int(value)
    elif isinstance(value, str) and (match := _SIZE.fullmatch(value)) and match.group(2).lower() in ("", *SIZE_UNITS):
        size = int(decimal.Decimal(match.group(1)) * SIZE_UNITS[match.group(2).lower() or "b"])  # exact: 4.35KB is 4350
    else:
        raise ValueError(f"{name} must be a size such as 50MB, 500KB or 1.5GB, or a whole number of bytes "
                         f"(units B, KB, MB, GB, KiB, MiB, GiB); got {value!r}")
    if size < 1:
        raise ValueError(f"{name} must be at least 1 byte; got {value!r}")
    return size


def format_size(n_bytes: int) -> str:
    """*n_bytes* in the largest decimal unit below it, one decimal: ``200.0 MB``.

    >>> format_size(200_000_000), format_size(1500), format_size(12)
    ('200.0 MB', '1.5 KB', '12 bytes')
    """
    for unit, size in (("GB", 1000**3), ("MB", 1000**2), ("KB", 1000)):
        if n_bytes >= size:
            return f"{n_bytes / size:.1f} {unit}"
    return f"{n_bytes} bytes"


def _limit_text(limit: int) -> str:
    """The limit as the messages give it: ``50 MB`` (whole units without a decimal)."""
    shown = format_size(limit)
    return shown.replace(".0 ", " ")


def too_large(n_bytes: int, limit: int, *, what: str = "file") -> str:
    """The problem of a file (or a row's text) above the size limit, for :class:`CorpusError`.

    >>> too_large(200_000_000, 50_000_000)
    'is 200.0 MB, above the 50 MB limit per file (max_file_bytes); split it or raise the limit'
    """
    return f"is {format_size(n_bytes)}, above the {_limit_text(limit)} limit per {what} (max_file_bytes); split it or raise the limit"


def describe_source(source: object) -> str:
    """How a corpus source is named in messages: its path, its pattern, ``<DataFrame>`` or the list's length."""
    if isinstance(source, pd.DataFrame):
        return DATAFRAME_PATH
    if isinstance(source, (str, Path)):
        return str(source)
    return f"{len(list(source))} corpus paths"


def check_source(source: object) -> CorpusSource:
    """Check that *source* is something :func:`load_corpus` reads and return it (a ``Path`` for one path).

    Raises ``FileNotFoundError`` for a path that does not exist, ``TypeError``
    for anything that is not a path, a pattern, a list of paths or a DataFrame.
    """
    from .sources import is_pattern

    if isinstance(source, pd.DataFrame):
        return source
    if isinstance(source, (str, Path)):
        if is_pattern(source):
            return str(source)
        path = Path(source)
        if not os.path.lexists(path):
            raise FileNotFoundError(f"corpus path {str(path)!r} does not exist")
        return path
    if isinstance(source, (list, tuple)) and all(isinstance(p, (str, Path)) for p in source):
        if not source:
            raise ValueError("corpus list is empty; give at least one file or folder")
        for item in source:
            if not os.path.lexists(item):
                raise FileNotFoundError(f"corpus path {str(item)!r} (in the list of corpus paths) does not exist")
        return [Path(p) for p in source]
    raise TypeError(f"corpus must be a folder, a file, a glob pattern, a list of paths or a pandas DataFrame; got {type(source).__name__}")


def load_corpus(
    path: CorpusSource,
    *,
    manifest: str | Path | pd.DataFrame | None = None,
    rules: str | Path | RuleSet | None = None,
    errors: Errors = "warn",
    jobs: int = 1,
    executor: Executor | None = None,
    chunk_size: int = LOAD_CHUNK_SIZE,
    text_column: str = "text",
    id_column: str = DOC_ID,
    title_column: str = "title",
    date_column: str = "date",
    outlet_column: str = "outlet",
    max_file_bytes: int | str | None = MAX_FILE_BYTES,
) -> pd.DataFrame:
    """Load the documents at *path* into one row per document.

    *path* is a folder, one file, a glob pattern (``"dumps/*.csv"``), a list
    of paths, or a :class:`pandas.DataFrame` with one row per document. A
    folder (or pattern, or list) may mix text files, web pages, feeds and
    tables: they are read in sorted order, and every entry that is not read is
    listed with its reason in the problems (see :mod:`analysis.sources`:
    hidden files, operating-system debris, notes such as ``README.md``, links
    that leave the corpus folder, other kinds of file). A folder, pattern or
    list without one usable document raises :class:`CorpusError`.

    Columns: ``doc_id, title, outlet, author, date, url, genre, language, text,
    raw_text, sha256, source_path`` (see :mod:`analysis.schema`), then
    ``interviewee, source_row, encoding, repairs, inferred, language_detected,
    language_confidence, n_removed, removed, duplicate_of, near_duplicate_of,
    near_duplicate_jaccard`` and any further manifest or table columns.

    - ``manifest``: a CSV path or frame with a ``file`` column and any of
      ``doc_id, title, outlet, author, interviewee, date, genre, language, url``;
      ``<folder>/manifest.csv`` is used when present. Its non-empty values
      always win over inferred ones; ``inferred`` lists the fields that were
      inferred from the text instead.
    - ``rules``: a cleaning-rule TOML file (default: the packaged rules).
    - ``errors``: ``"warn"`` records a file that cannot be loaded in
      ``frame.attrs["problems"]`` (read it as a table with
      :func:`input_problems`) and warns (:class:`CorpusWarning`), and the
      other files still load; ``"raise"`` raises :class:`CorpusError` instead.
    - ``jobs``: processes that decode, clean and identify the language of the
      documents, ``chunk_size`` documents at a time (files are read lazily,
      chunk by chunk); ``executor``: any :class:`concurrent.futures.Executor`
      to run those chunks on instead (e.g. a Dask client's). Duplicates are
      flagged in corpus order as the chunks come back, with the same result
      for any ``jobs`` and ``chunk_size``. Worker processes import the main
      module, so a script that asks for ``jobs > 1`` calls this under
      ``if __name__ == "__main__":`` (notebooks need nothing).

    - ``text_column``, ``id_column``, ``title_column``, ``date_column``,
      ``outlet_column``: the columns of a table (CSV, JSONL, Parquet,
      DataFrame) that hold the text, ``doc_id``, ``title``, ``date`` and
      ``outlet`` (the group ``compare`` puts documents side by side by). A
      named column a table lacks is an error naming the file and its columns.
    - ``max_file_bytes``: the largest file read (default :data:`MAX_FILE_BYTES`,
      50 MB; a whole number of bytes or a size such as ``"20MB"``, see
      :func:`parse_size`; ``None`` for no limit). A file above it is a problem
      (``is 200.0 MB, above the 50 MB limit per file``) found from its size on
      disk, and is never read. CSV, JSONL and Parquet tables are read a chunk of
      rows at a time, so the limit applies to each row's text (UTF-8 bytes)
      instead: a row above it is a problem and the other rows load; a table
      that is not plain UTF-8 is decoded whole, so the limit applies to it as a
      file too.

    What the input cannot set: a manifest or table column named like a field
    the loader computes (:data:`COMPUTED_COLUMNS`: ``raw_text``, ``sha256``,
    ``source_path``...) is kept as ``input_<name>``, with a warning. A date
    that is no date (``2023-02-30``, free text) is a problem naming the file
    and row, and the date is left empty. In JSONL and Parquet rows, a text
    that is not a string refuses the row (a problem); other values become
    text: numbers and booleans as JSON writes them, dates as ISO dates, lists
    and objects as JSON text, except in the one-value fields (``doc_id``,
    ``title``, ``outlet``, ``author``, ``date``...), where they are refused (a
    problem; the field is left empty, and filled from the text where a missing
    one would be). Terminal escapes and control characters in metadata values
    are removed (:func:`remove_controls`; counted in ``repairs``); a file named
    like a table that is not a regular file (a FIFO) is refused unopened.

    ``sha256`` is the hash of the file's bytes (of the row's text for tables).

    >>> docs = load_corpus("seeds")
    >>> len(docs), docs["language"].unique().tolist()
    (5, ['en'])
    """
    if errors not in ("warn", "raise"):
        raise ValueError(f"errors must be 'warn' or 'raise'; got {errors!r}")
    path = check_source(path)
    names = column_names(text_column=text_column, id_column=id_column, title_column=title_column,
                         date_column=date_column, outlet_column=outlet_column)
    limit = parse_size(max_file_bytes)
    ruleset = rules if isinstance(rules, RuleSet) else load_cleaning_rules(rules)
    problems: list[tuple[str, str]] = []

    def report(error: CorpusError) -> None:
        if errors == "raise":
            raise error
        problems.append((error.path, error.problem))
        warnings.warn(str(error), CorpusWarning, stacklevel=3)

    jobs = check_jobs(jobs)
    if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive whole number of documents; got {chunk_size!r}")
    chunks = iter_raw_chunks(path, manifest=manifest, chunk_size=chunk_size, report=report, columns=names, max_file_bytes=limit)
    tasks = (PrepareTask(chunk, ruleset) for chunk in chunks)
    frames: list[pd.DataFrame] = []
    index = DuplicateIndex()
    flags: list[tuple] = []
    with (nullcontext(executor) if executor is not None else local_executor(jobs)) as pool:
        for task, prepared in map_in_order(pool, prepare_chunk, tasks, window=2 * jobs):
            for where, problem in prepared.problems:
                report(CorpusError(where, problem))
            frames.append(prepared.docs)
            flags.extend(index.add(d, k, s) for d, k, s in zip(prepared.docs[DOC_ID], prepared.keys, prepared.signatures))
    # A chunk without documents (every file in it unusable) has untyped columns: it would change the types of the rest.
    frames = [frame for frame in frames if len(frame)] or frames[:1]
    docs = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0] if frames else empty_documents()
    ids = docs[DOC_ID]
    if ids.duplicated().any():
        dup = sorted(ids[ids.duplicated()].unique())
        raise CorpusError(describe_source(path), f"has duplicate doc_id values {dup}; every document needs its own id")
    if docs.empty and not _single_table(path):
        shown = "; ".join(f"{printable(Path(where).name)}: {problem}" for where, problem in problems[:3])
        raise CorpusError(describe_source(path), f"contains no usable documents: {len(problems)} skipped" + (f" ({shown}{'; ...' if len(problems) > 3 else ''})" if problems else ""))
    docs = apply_duplicate_flags(docs, flags)
    # Plain tuples, not a frame: pandas compares attrs when frames are merged or
    # concatenated, and a frame there makes every such call fail.
    docs.attrs["problems"] = tuple(problems)
    return docs


def prepare_document(record: dict, *, rules: RuleSet | None = None) -> dict:
    """Normalise, clean and infer metadata for one raw record; a pure function.

    *record* needs ``doc_id`` and ``raw_text``; other keys (metadata given by a
    manifest or table) are kept and win over inferred values.

    >>> doc = prepare_document({"doc_id": "d", "raw_text": "Home > News\\nBaku hosts talks\\nBy Ann Lee"})
    >>> doc["title"], doc["author"], doc["text"], doc["inferred"]
    ('Baku hosts talks', 'Ann Lee', 'Baku hosts talks', 'title,author')
    """
    doc = dict(record)
    extracted = doc.pop(EXTRACTED, None) or {}
    raw = extracted.get("text", doc["raw_text"])
    normalized, repairs = normalize_text(raw)
    normalized, n_entities = decode_entities(normalized)
    if n_entities:
        repairs.append(f"decoded {n_entities} HTML entities in the text")
    fields = [key for key in (*_META, *extracted) if key != "text" and isinstance(doc.get(key), str)]
    for key in dict.fromkeys(fields):
        doc[key], n = decode_entities(doc[key])
        if n:
            repairs.append(f"decoded {n} HTML entities in the {key}")
        doc[key], n = remove_controls(doc[key])
        if n:
            repairs.append(f"removed {n} control character(s) from the {key}")
    cleaned = clean_text(normalized, rules)
    doc["text"] = cleaned.text
    doc["repairs"] = "; ".join([*doc.get("repairs", []), *repairs])
    doc["removed"] = cleaned.removed
    doc["n_removed"] = len(cleaned.removed)
    if not cleaned.text.strip():
        # Everything was debris: keep the row visibly empty rather than guess.
        doc["inferred"] = ""
        return doc
    # What the page or feed says about itself beats what the first lines suggest.
    inferred = {"title": _infer_title(cleaned.text), **cleaned.metadata, **{k: v for k, v in extracted.items() if k != "text" and v}}
    if "date" in inferred:
        inferred["date"] = _iso_date(inferred["date"])
    names = []
    for key in _META:
        if _missing(doc.get(key)) and inferred.get(key):
            doc[key] = inferred[key]
            names.append(key)
    doc["inferred"] = ",".join(names)
    taken = [name for name in names if extracted.get(name)]
    if taken:
        doc["repairs"] = "; ".join(filter(None, [doc["repairs"], f"{', '.join(taken)} from the page's metadata"]))
    return doc


#: A terminal escape sequence (CSI: ``ESC [ ... letter``, as in ``\x1b[31m``) in a metadata value.
_TERMINAL_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
#: Control characters (C0 and C1) other than tab, line feed and carriage return.
_META_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def remove_controls(value: str) -> tuple[str, int]:
    """*value* without terminal escape sequences and control characters, and how many were removed.

    Metadata (a manifest's or table's title, a page's author) is not
    repaired like the text, which ftfy cleans: a title must not ring the
    terminal's bell or colour it wherever it is shown.

    >>> remove_controls("Talks\x07 in \x1b[31mBaku\x1b[0m")
    ('Talks in Baku', 3)
    """
    escapes = len(_TERMINAL_ESCAPE.findall(value))
    value = _TERMINAL_ESCAPE.sub("", value)
    cleaned, n = _META_CONTROLS.subn("", value)
    return cleaned, escapes + n


def _infer_title(text: str) -> str:
    first = next(paragraph_spans(text), None)
    if first is None:
        return ""
    line = text[first[0] : first[1]]
    if len(line.split()) <= HEADLINE_MAX_WORDS and not line.rstrip().endswith("."):
        return line
    sentence = re.split(r"(?<=[.!?])\s+", line, maxsplit=1)[0]
    if len(sentence) <= TITLE_MAX_CHARS:
        return sentence
    return sentence[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] + "…"


def _iso_date(value: str) -> str | None:
    """*value* as ``YYYY-MM-DD``; ``None`` when it is no date (an impossible date is never inferred)."""
    parsed = _parse_date(value)
    return None if pd.isna(parsed) else parsed.strftime("%Y-%m-%d")


def _parse_date(value: object):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return pd.to_datetime(value, errors="coerce")
        except (ValueError, TypeError, OverflowError):
            return pd.NaT


def _bad_date(value: object) -> bool:
    """True when *value* is given but is no date (``2023-02-30``, ``1900-13-01``, free text)."""
    return not _missing(value) and pd.isna(_parse_date(str(value)))


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or (isinstance(value, str) and not value.strip())


# -- folders ---------------------------------------------------------------


def _files_chunks(files: CorpusFiles, meta: pd.DataFrame | None, chunk_size: int, report, names: ColumnNames,
                  limit: int | None = MAX_FILE_BYTES) -> Iterator[RawChunk]:
    """The records of every file in *files*, in corpus order; skipped entries become problems where they stand."""
    by_file = _manifest_rows(meta, files, report) if meta is not None else {}
    manifest_columns = [c for c in meta.columns if c != "file"] if meta is not None else []
    single_table = len(files.entries) == 1 and isinstance(files.entries[0], CorpusFile) and files.entries[0].kind == "table" and files.folder is None
    records: list[tuple[int, dict]] = []
    problems: list[tuple[int, str, str]] = []
    position = n_files = n_records = 0
    skipped: list[tuple[str, str]] = []
    for entry in files.entries:
        if isinstance(entry, Skipped):
            problems.append((position, str(entry.path), entry.reason))
            skipped.append((str(entry.path), entry.reason))
            position += 1
            continue
        if entry.kind == "table":
            if records or problems:
                yield RawChunk([r for _, r in records], [p for p, _ in records], problems)
                records, problems, position, n_files = [], [], 0, 0
            try:
                if not entry.path.is_file():  # a FIFO or a device would block the reader: refused, never opened
                    raise CorpusError(entry.path, _why_not_a_file(entry.path))
                for chunk in _table_chunks(entry.path, chunk_size, names, prefix=entry.name, limit=limit):
                    n_records += len(chunk.records)
                    yield chunk
            except CorpusError as error:
                if single_table:
                    raise
                skipped.append((error.path, error.problem))
                yield RawChunk([], [], [(0, error.path, error.problem)])
            continue
        try:
            data = _read_bytes(entry.path, limit)
            if not data:  # found here, not in a worker: a folder of empty files has no record to score
                raise CorpusError(entry.path, "is empty (0 bytes)")
        except CorpusError as error:
            problems.append((position, error.path, error.problem))
            skipped.append((error.path, error.problem))
            position += 1
        else:
            record = {"source_path": str(entry.path), "data": data, DOC_ID: entry.name}
            # Every manifest column becomes a document column, even where it is empty.
            for column in manifest_columns:
                record.setdefault(column, None)
            for key, value in by_file.get(entry.name + entry.path.suffix, {}).items():
                if key != "file" and not _missing(value):
                    record[key] = value
            added = False
            if _may_be_feed(data):
                try:
                    items, item_problems = split_feed_record(record)
                except CorpusError as error:
                    items, item_problems = [], [(error.path, error.problem)]
                for where, problem in item_problems:
                    problems.append((position, where, problem))
                    skipped.append((where, problem))  # a feed without items or usable items: named if nothing else loads
                    position += 1
                if items or item_problems:
                    for item in items:
                        records.append((position, item))
                        position += 1
                    n_records += len(items)
                    added = True
            if not added:
                records.append((position, record))
                position += 1
                n_records += 1
        n_files += 1
        if n_files >= chunk_size:
            yield RawChunk([r for _, r in records], [p for p, _ in records], problems)
            records, problems, position, n_files = [], [], 0, 0
    if records or problems:
        yield RawChunk([r for _, r in records], [p for p, _ in records], problems)
    if not n_records and not single_table:
        shown = "; ".join(f"{printable(Path(where).name)}: {problem}" for where, problem in skipped[:3])
        more = "; ..." if len(skipped) > 3 else ""
        if not skipped:
            raise CorpusError(files.label, f"contains no usable documents: no {', '.join(TEXT_SUFFIXES)} files or {', '.join(TABLE_SUFFIXES)} tables")
        raise CorpusError(files.label, f"contains no usable documents: {len(skipped)} skipped ({shown}{more})")


def _manifest_rows(meta: pd.DataFrame, files: CorpusFiles, report) -> dict[str, dict]:
    """The manifest's rows by file name relative to the folder; rows that name no readable text file are reported.

    A ``file`` that is absolute or leads out of the folder (``..``) is refused
    without looking at the file system; the others are looked up among the
    entries already listed, so nothing outside the corpus is ever probed.
    """
    folder, where = files.folder, meta.attrs["path"]
    known = {entry.path.relative_to(folder).as_posix(): entry for entry in files.entries}
    by_file: dict[str, dict] = {}
    for row in meta.to_dict("records"):
        value = str(row["file"])
        relative = _inside_name(value)
        if relative is None:
            report(CorpusError(where, f"row for file {value!r} names a path outside {str(folder)!r} (manifest files are paths inside the corpus folder, without '..'); it is not read"))
            continue
        entry = known.get(relative)
        if entry is None:
            report(CorpusError(where, f"row for file {value!r} names a file that does not exist in {str(folder)!r}"))
            continue
        if isinstance(entry, Skipped) or entry.kind != "text":
            report(CorpusError(where, f"row for file {value!r} names a file that is not read: only {', '.join(TEXT_SUFFIXES)} files are loaded"
                                      + ("" if isinstance(entry, Skipped) else " with a manifest (a table's metadata is in its columns)")))
        if not _missing(row.get("date")) and _bad_date(row["date"]):
            report(CorpusError(where, f"row for file {value!r} has date {row['date']!r}, which is not a date; the date is left empty"))
            row = {**row, "date": None}
        by_file[relative] = row
    return by_file


def _inside_name(value: str) -> str | None:
    """*value* (a manifest ``file``) as a normalised path relative to the folder; ``None`` when it is absolute or leaves the folder."""
    if not value.strip() or PureWindowsPath(value).drive or value.startswith(("/", "\\", "~")):
        return None
    normal = os.path.normpath(value.replace("\\", "/"))
    if normal == ".." or normal.startswith("../") or os.path.isabs(normal):
        return None
    return PurePosixPath(normal).as_posix()


#: The first element of an RSS or Atom feed, looked for in the first bytes of a file (ASCII-compatible encodings).
_FEED_BYTES = re.compile(rb"^(?:\xef\xbb\xbf)?(?:\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<(?:rss|rdf:RDF|feed)[\s>]", re.IGNORECASE | re.DOTALL)


#: Suffixes whose files are counted by their feed items in :func:`count_documents`.
_FEED_SUFFIXES = (".xml", ".rss", ".atom")
_ITEM_TAG = re.compile(rb"<(?:item|entry)[\s>]")


def _count_items(path: Path) -> int:
    """The items of a feed file, counted by their opening tags (1 for a file that is no feed)."""
    data = path.read_bytes()
    return len(_ITEM_TAG.findall(data)) if _may_be_feed(data) else 1


def _may_be_feed(data: bytes) -> bool:
    return bool(_FEED_BYTES.match(data[:4096]))


def split_feed_record(record: dict) -> tuple[list[dict], list[tuple[str, str]]]:
    """Split a folder record whose bytes are an RSS or Atom feed into one record per item; a pure function.

    Item ``n`` (from 0) gets the doc_id ``<file's doc_id>/<n, six digits>``,
    ``source_row`` ``n``, and its own ``raw_text`` (the item's content as the
    feed gives it, markup and all) and ``sha256`` (of that content); its
    title, date, author and link fill the empty fields (the manifest's row for
    the file still wins). Returns the records and the ``(path, problem)`` of
    items without text. Returns no records and no problems when the bytes are
    not a feed after all.
    """
    from .extract import looks_like_feed, split_feed

    decoded = decode_record(record)
    if not looks_like_feed(decoded["raw_text"]):
        return [], []
    items = split_feed(decoded["raw_text"])
    path = decoded["source_path"]
    if not items:
        raise CorpusError(path, "is an RSS or Atom feed without items")
    records, problems = [], []
    for n, item in enumerate(items):
        where = f"{path}#item={n}"
        if not item["text"].strip():
            problems.append((where, f"item {n} (title {item['title']!r}) has no text in its content or summary"))
            continue
        raw = item["raw"] or item["text"]
        records.append({
            **{k: v for k, v in decoded.items() if k not in ("raw_text", "sha256", "repairs")},
            DOC_ID: f"{decoded[DOC_ID]}/{n:06d}",
            "raw_text": raw,
            "sha256": hashlib.sha256(raw.encode("utf-8")).hexdigest(),
            "repairs": [*decoded["repairs"], f"item {n} of {len(items)} of a feed; markup removed"],
            "source_row": n,
            EXTRACTED: {"text": item["text"], "title": item["title"], "date": item["date"], "author": item["author"], "url": item["url"]},
        })
    return records, problems


def extract_record(record: dict) -> dict:
    """Add the article text and metadata of a decoded record that is a web page (``extracted``); a pure function.

    A record is a page when its file has a web suffix or its content looks
    like HTML (:func:`analysis.extract.looks_like_html`): a file, or a table
    row holding a whole page. A text that is an HTML fragment (a scraped
    body such as ``<p>One.</p><p>Two.</p>``,
    :func:`analysis.extract.looks_like_markup`) keeps its text without the
    markup. Other records, and feed items (already extracted), come back
    unchanged. Raises :class:`CorpusError` naming the file (or row) when a
    page has no article text, or when an ``.xml`` file is neither a page nor
    a feed.
    """
    from .extract import NO_ARTICLE_TEXT, NoArticleText, extract_page, html_to_text, looks_like_html, looks_like_markup

    if EXTRACTED in record:
        return record
    row = record.get("source_row")
    path = record["source_path"] if row is None else f"{record['source_path']}#row={row}"
    suffix = Path(record["source_path"]).suffix.lower() if row is None else ""
    raw = record["raw_text"]
    if suffix in (".html", ".htm", ".xhtml") or looks_like_html(raw):
        try:
            page = extract_page(raw, url=None if _missing(record.get("url")) else str(record["url"]))
        except NoArticleText:
            raise CorpusError(path, NO_ARTICLE_TEXT) from None
        repairs = [*record.get("repairs", []), f"article text extracted from a web page ({len(page['text'])} of {len(raw)} characters kept)"]
        return {**record, "repairs": repairs, EXTRACTED: page}
    if suffix in (".xml", ".rss", ".atom"):
        raise CorpusError(path, "is XML but neither an RSS or Atom feed nor a web page; only those are read from XML files")
    if looks_like_markup(raw):
        text = html_to_text(raw)
        repairs = [*record.get("repairs", []), f"markup removed from an HTML fragment ({len(text)} of {len(raw)} characters kept)"]
        return {**record, "repairs": repairs, EXTRACTED: {"text": text}}
    return record


def _read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of the file at *path*; a file above *limit* bytes (from its size on disk) is refused without being read."""
    if not path.is_file():
        raise CorpusError(path, _why_not_a_file(path))
    try:
        if limit is not None and (size := path.stat().st_size) > limit:
            raise CorpusError(path, too_large(size, limit))
        return path.read_bytes()
    except OSError as exc:
        raise CorpusError(path, f"cannot be read: {exc.strerror or exc}") from None


def decode_record(record: dict) -> dict:
    """Decode a folder record's file bytes (``data``) into the fields of :func:`read_document`; a pure function.

    Raises :class:`CorpusError` naming the file when the bytes are not usable text.
    """
    path = record["source_path"]
    data = record["data"]
    decoded = decode_bytes(data, path=path)
    if not decoded.text.strip():
        raise CorpusError(path, "contains only white space")
    rest = {k: v for k, v in record.items() if k not in ("data", "source_path")}
    return {"raw_text": decoded.text, "sha256": hashlib.sha256(data).hexdigest(), "encoding": decoded.encoding,
            "repairs": decoded.repairs, "source_path": path, **rest}


def read_document(path: str | Path) -> dict:
    """Read and decode one text file; raise :class:`CorpusError` naming the file if it cannot be used.

    Returns ``raw_text``, ``sha256`` (of the bytes), ``encoding``, ``repairs``
    and ``source_path``.
    """
    path = Path(path)
    return decode_record({"source_path": str(path), "data": _read_bytes(path)})


def _why_not_a_file(path: Path) -> str:
    if path.is_symlink():
        target = str(path.readlink())
        try:
            path.resolve(strict=True)
        except FileNotFoundError:
            return f"cannot be read: it is a symbolic link to {target!r}, which does not exist"
        except (OSError, RuntimeError):
            return f"cannot be read: it is a symbolic link to {target!r} that loops back on itself"
    if path.is_dir():
        return "cannot be read: it is a directory, not a file"
    if not path.exists():
        return "cannot be read: it does not exist"
    return "cannot be read: it is not a regular file (a pipe, socket or device?)"


def _read_manifest(manifest, folder: Path) -> pd.DataFrame:
    if isinstance(manifest, pd.DataFrame):
        frame, where = manifest.copy(), "manifest frame"
    else:
        where = str(manifest)
        if not Path(manifest).is_file():
            raise FileNotFoundError(f"manifest {where!r} does not exist")
        frame = pd.read_csv(io.StringIO(decode_bytes(Path(manifest).read_bytes(), path=where).text), dtype="string", keep_default_na=False)
    if "file" not in frame.columns:
        raise CorpusError(where, f"is missing the required column 'file' (it has {list(frame.columns)}); a manifest names each file in {str(folder)!r}")
    for column in ("file", DOC_ID):
        if column in frame.columns:
            values = frame[column][frame[column].astype(str).str.strip() != ""]
            dup = sorted(values[values.duplicated()].unique())
            if dup:
                raise CorpusError(where, f"has duplicate {column} values {dup}; each must appear once")
    computed = [c for c in frame.columns if c in COMPUTED_COLUMNS]
    if computed:
        _warn_computed(where, computed)
        frame = frame.rename(columns={c: INPUT_PREFIX + c for c in computed})
    frame = frame.replace({"": pd.NA})
    frame.attrs["path"] = where
    return frame


def _warn_computed(where: str, columns: list[str]) -> None:
    renamed = ", ".join(f"{c!r} as {INPUT_PREFIX + c!r}" for c in columns)
    warnings.warn(str(CorpusError(where, f"has columns the loader computes ({', '.join(map(repr, columns))}): they cannot replace the computed values and are kept as {renamed}")),
                  CorpusWarning, stacklevel=4)


# -- tables ----------------------------------------------------------------


def _table_chunks(path: Path, chunk_size: int, names: ColumnNames, *, prefix: str | None = None,
                  limit: int | None = MAX_FILE_BYTES) -> Iterator[RawChunk]:
    """The rows of the table file at *path*, *chunk_size* at a time; generated ids start with *prefix* (default: the file's stem).

    A row whose text is above *limit* UTF-8 bytes is a problem; a table that must be decoded whole (not plain UTF-8)
    above *limit* bytes is refused.
    """
    suffix = path.suffix.lower()
    offset = 0
    encoding, repairs, text, read_as = "parquet", [], None, None
    try:
        if suffix != ".parquet":
            read_as = _clean_utf8(path)
            if read_as is None:  # not plain UTF-8: decoded whole, as any text file is, and the decoding recorded on every row
                if limit is not None and (size := path.stat().st_size) > limit:
                    raise CorpusError(path, too_large(size, limit) + " (it is not plain UTF-8, so it would be decoded whole; or save it as UTF-8)")
                decoded = decode_bytes(path.read_bytes(), path=path)
                encoding, repairs, text = decoded.encoding, list(decoded.repairs), decoded.text
            else:
                encoding = "utf-8"
        for columns, rows in _table_rows(path, suffix, chunk_size, text=text, read_as=read_as):
            yield _table_chunk(rows, columns, where=str(path), prefix=prefix or path.stem, encoding=encoding, offset=offset, names=names,
                               repairs=repairs, limit=limit)
            offset += len(rows)
    except CorpusError:
        raise
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise CorpusError(path, f"cannot be read as {suffix[1:]}: {exc}") from None


def _frame_chunks(frame: pd.DataFrame, chunk_size: int, names: ColumnNames, limit: int | None = MAX_FILE_BYTES) -> Iterator[RawChunk]:
    """The rows of a DataFrame corpus as chunks, like a table file's (``source_path`` ``<DataFrame>``, ``source_row`` the row number)."""
    columns = [str(c) for c in frame.columns]
    if len(set(columns)) != len(columns):
        raise CorpusError(DATAFRAME_PATH, f"has repeated column names {sorted({c for c in columns if columns.count(c) > 1})}; each column needs its own name")
    for first in range(0, max(len(frame), 1), chunk_size):
        part = frame.iloc[first : first + chunk_size]
        rows = [dict(zip(columns, values)) for values in part.itertuples(index=False, name=None)]
        yield _table_chunk(rows, columns, where=DATAFRAME_PATH, prefix="row", encoding="DataFrame", offset=first, names=names, limit=limit)


def _table_rows(path: Path, suffix: str, chunk_size: int, *, text: str | None = None,
                read_as: str | None = None) -> Iterator[tuple[list[str], list[dict]]]:
    """The columns and rows (plain Python values) of a table file, *chunk_size* rows at a time.

    A Parquet file is read batch by batch; a CSV or JSONL file from *text*
    (the file already decoded whole, when it is not plain UTF-8) or else from
    the file in the encoding *read_as* (``utf-8`` or ``utf-8-sig``, as
    :func:`_clean_utf8` found it), never whole.
    """
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        handle = pq.ParquetFile(path)
        columns = list(handle.schema_arrow.names)
        empty = True
        for batch in handle.iter_batches(batch_size=chunk_size):
            empty = False
            yield columns, batch.to_pylist()
        if empty:
            yield columns, []
        return
    encoding = None if text is not None else read_as
    source: object = io.StringIO(text) if text is not None else path
    if suffix == ".csv":
        reader = pd.read_csv(source, dtype="string", keep_default_na=False, chunksize=chunk_size, encoding=encoding)
        header = None
        with reader:
            for frame in reader:
                header = frame
                yield list(frame.columns), frame.to_dict("records")
        if header is None:
            if not isinstance(source, Path):
                source.seek(0)
            yield list(pd.read_csv(source, dtype="string", keep_default_na=False, nrows=0, encoding=encoding).columns), []
        return
    yield from _jsonl_rows(source, encoding, chunk_size)


def _jsonl_rows(source, encoding: str | None, chunk_size: int) -> Iterator[tuple[list[str], list[dict]]]:
    """JSON lines read with :mod:`json` (values keep their JSON types: nothing is guessed, no number turns into a float)."""
    handle = open(source, encoding=encoding) if isinstance(source, Path) else nullcontext(source)
    columns: dict[str, None] = {}
    rows: list[dict] = []
    with handle as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"line {number} is not JSON ({exc.msg} at column {exc.colno})") from None
            if not isinstance(row, dict):
                raise ValueError(f"line {number} is a JSON {type(row).__name__}, not an object with one field per column")
            columns.update(dict.fromkeys(row))
            rows.append(row)
            if len(rows) >= chunk_size:
                yield list(columns), rows
                rows = []
    if rows or not columns:
        yield list(columns), rows


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: Bytes read at a time when checking that a table file is plain UTF-8.
_BLOCK = 1 << 20


def _clean_utf8(path: Path) -> str | None:
    """``utf-8`` or ``utf-8-sig`` when the file decodes exactly as :func:`decode_bytes` would decode it without help, else ``None``."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    controls = chars = 0
    with path.open("rb") as handle:
        head = handle.read(_BLOCK)
        if not head:
            return None
        encoding = "utf-8"
        if head.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
            block = head[len(codecs.BOM_UTF8):]
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
            return None
        else:
            block = head
        while True:
            if b"\x00" in block and encoding == "utf-8":
                return None
            try:
                text = decoder.decode(block, final=not block)
            except UnicodeDecodeError:
                return None
            chars += len(text)
            controls += len(_CONTROL.findall(text))
            if not block:
                break
            block = handle.read(_BLOCK)
    if chars and controls / chars > MAX_CONTROL_SHARE:
        return None
    return encoding


def _table_chunk(rows: list[dict], columns: list[str], *, where: str, prefix: str, encoding: str, offset: int, names: ColumnNames,
                 repairs: Sequence[str] = (), limit: int | None = MAX_FILE_BYTES) -> RawChunk:
    """Records of table *rows* (row ``offset + i`` of the table at *where*), with the named columns renamed to document fields.

    *repairs* are what decoding the file took (``repairs`` of every row); a row whose text is above *limit* UTF-8 bytes is a problem.
    """
    renames = _table_renames(columns, where, names, warn=offset == 0)
    records, positions, problems = [], [], []
    dates: dict[str, bool] = {}
    for position, source in enumerate(rows):
        i = offset + position
        row: dict = {}
        refused: list[tuple[str, object]] = []
        for column in columns:
            name = renames.get(column, column)
            value = source.get(column)
            if name == "text":
                row[name] = value
                continue
            text = _as_text(value)
            if text is _REFUSED:
                if name in TEXT_FIELDS:
                    refused.append((column, value))
                    text = None
                else:
                    text = json.dumps(value, ensure_ascii=False, default=str)
            row[name] = None if _missing(text) else text
        doc_id = row.get(DOC_ID) or f"{prefix}/{i:06d}"  # a row without an id gets the generated one
        row[DOC_ID] = doc_id
        here = f"{where}#row={i}"
        for column, value in refused:
            problems.append((position, here, f"row {i} (doc_id {doc_id!r}) has {_kind(value)} in {column!r}, which holds one text; the field is left empty"))
        text = row.pop("text")
        if _missing(text):
            problems.append((position, here, f"row {i} (doc_id {doc_id!r}) has an empty text"))
            continue
        if not isinstance(text, str):
            problems.append((position, here, f"row {i} (doc_id {doc_id!r}) has {_kind(text)} as its text ({names.text!r}), not a string; the row is not loaded"))
            continue
        date = row.get("date")
        if date is not None:
            if date not in dates:
                dates[date] = _bad_date(date)
            if dates[date]:
                problems.append((position, here, f"row {i} (doc_id {doc_id!r}) has date {date!r}, which is not a date; the date is left empty"))
                row["date"] = None
        encoded = text.encode("utf-8")
        if limit is not None and len(encoded) > limit:
            problems.append((position, here, f"row {i} (doc_id {doc_id!r}) has a text that " + too_large(len(encoded), limit, what="document")))
            continue
        records.append({**row, "raw_text": text, "sha256": hashlib.sha256(encoded).hexdigest(), "encoding": encoding, "repairs": list(repairs), "source_path": where, "source_row": i})
        positions.append(position)
    return RawChunk(records, positions, problems)


def _table_renames(columns: list[str], where: str, names: ColumnNames, *, warn: bool) -> dict[str, str]:
    """Input column -> document field for the named columns, and ``input_<name>`` for columns named like computed fields."""
    fields = names.fields()
    for field_name, column in fields.items():
        if (column != field_name or field_name == "text") and column not in columns:
            option = "id_column" if field_name == DOC_ID else f"{field_name}_column"
            hint = "a table corpus needs one text per row" if field_name == "text" and column == "text" else f"named by {option}={column!r}"
            raise CorpusError(where, f"has no {column!r} column (it has {columns}); {hint}"
                                     + ("; name the text column with text_column=" if field_name == "text" and column == "text" else ""))
    renames = {column: field_name for field_name, column in fields.items() if column != field_name}
    taken = {field_name for field_name, column in fields.items() if column != field_name}
    computed = [c for c in columns if c not in renames and (c in taken or (c in COMPUTED_COLUMNS and c != "text"))]
    if computed:
        if warn:
            _warn_computed(where, computed)
        renames.update({c: INPUT_PREFIX + c for c in computed})
    return renames


#: A value :func:`_as_text` does not turn into text (a list, an object, bytes).
_REFUSED = object()


def _as_text(value: object) -> object:
    """A table value as text: strings as they are, numbers and booleans as JSON writes them, dates in ISO; ``None`` when missing; :data:`_REFUSED` for lists, objects and bytes."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if np.isnan(number):
            return None
        return str(int(number)) if number.is_integer() and abs(number) < 1e16 else repr(number)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, dt.datetime):  # pd.Timestamp too
        if value.tzinfo is None and value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _REFUSED


def _kind(value: object) -> str:
    """What a JSON or Parquet value is, in words with their article ("a list", "an object")."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (bool, np.bool_)):
        return "a boolean"
    if isinstance(value, (int, float, decimal.Decimal, np.number)):
        return "a number"
    return f"a value of type {type(value).__name__}"


def count_documents(path: CorpusSource, *, max_file_bytes: int | str | None = MAX_FILE_BYTES) -> int | None:
    """The number of records at *path* (files of a folder, rows of a table), found cheaply; ``None`` when unknown.

    Used for progress reports: rows with an empty text and unreadable files are
    counted too, so the count can be a little above the documents loaded. A
    feed above *max_file_bytes* counts as one (it is not read).
    """
    if isinstance(path, pd.DataFrame):
        return len(path)
    limit = parse_size(max_file_bytes)
    try:
        files = list_corpus_files(path).files
    except (OSError, ValueError, TypeError):
        return None
    counts = [_count_file(entry.path, entry.kind, limit) for entry in files]
    return None if not counts or None in counts else sum(counts)


def _count_file(path: Path, kind: str, limit: int | None = MAX_FILE_BYTES) -> int | None:
    if not path.is_file():  # a FIFO or a device would block: never opened here (refused when read), counted as one record
        return 1
    try:
        if kind == "text":
            too_big = limit is not None and path.stat().st_size > limit
            return _count_items(path) if path.suffix.lower() in _FEED_SUFFIXES and not too_big else 1
        suffix = path.suffix.lower()
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows
        if suffix == ".jsonl":
            with path.open("rb") as handle:
                return sum(1 for line in handle if line.strip())
        if suffix == ".csv" and _clean_utf8(path):
            first = pd.read_csv(path, nrows=0).columns[:1].tolist()
            return sum(len(frame) for frame in pd.read_csv(path, usecols=first, dtype="string", keep_default_na=False, chunksize=1 << 16))
    except (OSError, ValueError):
        return None
    return None


# -- chunks of documents, prepared anywhere ---------------------------------


@dataclass(frozen=True)
class RawChunk:
    """Records read from the corpus, in corpus order: ``records[i]`` came from position ``positions[i]`` of the chunk.

    ``problems`` are ``(position, path, problem)`` for what could not be
    read (the fields of a :class:`CorpusError`, which is rebuilt where it is
    reported). Folder records carry the file's bytes (``data``), table records the
    row's text (``raw_text``); plain data, so the chunk can be shipped to any
    worker.
    """

    records: list[dict]
    positions: list[int]
    problems: list[tuple[int, str, str]]


def iter_raw_chunks(path: CorpusSource, *, manifest=None, chunk_size: int = LOAD_CHUNK_SIZE, report=None,
                    columns: ColumnNames | None = None, max_file_bytes: int | str | None = MAX_FILE_BYTES) -> Iterator[RawChunk]:
    """Read the corpus at *path* lazily, *chunk_size* records at a time (see :func:`load_corpus` for what is read).

    *report* is called with each manifest problem found before the first
    chunk; *columns* names the table columns (default: :class:`ColumnNames`);
    *max_file_bytes* is the size limit per file and per row's text (see :func:`load_corpus`).
    Raises :class:`CorpusError` once every record is read when a folder,
    pattern or list held no usable file.
    """
    report = report or (lambda error: warnings.warn(str(error), CorpusWarning, stacklevel=2))
    names = columns or ColumnNames()
    limit = parse_size(max_file_bytes)
    path = check_source(path)
    if isinstance(path, pd.DataFrame):
        if manifest is not None:
            raise ValueError("manifest is only used with a folder of text files; a DataFrame corpus holds its metadata in its columns")
        yield from _frame_chunks(path, chunk_size, names, limit)
        return
    folder = path if isinstance(path, Path) and path.is_dir() else None
    if manifest is not None and folder is None:
        table = isinstance(path, Path) and path.suffix.lower() in TABLE_SUFFIXES
        raise ValueError(f"manifest is only used with a folder of text files; {describe_source(path)!r} is "
                         + ("a table (put metadata in its columns)" if table else "not a folder"))
    if folder is not None and manifest is None and (folder / MANIFEST_NAME).is_file() and not (folder / MANIFEST_NAME).is_symlink():
        manifest = folder / MANIFEST_NAME
    meta = _read_manifest(manifest, folder) if manifest is not None else None
    keep = frozenset(n for n in (_inside_name(str(v)) for v in meta["file"].dropna()) if n) if meta is not None else frozenset()
    files = list_corpus_files(path, keep=keep)
    if isinstance(path, Path) and folder is None and isinstance(files.entries[0], Skipped):
        raise CorpusError(path, f"is not a folder or a {', '.join(TABLE_SUFFIXES)} file or a {', '.join(TEXT_SUFFIXES)} file; those are what load_corpus reads")
    yield from _files_chunks(files, meta, chunk_size, report, names, limit)


def _single_table(path: CorpusSource) -> bool:
    """True for a DataFrame or one table file: those may hold no rows (the other sources need a usable document)."""
    return isinstance(path, pd.DataFrame) or (isinstance(path, Path) and path.suffix.lower() in TABLE_SUFFIXES and not path.is_dir())


@dataclass(frozen=True)
class PrepareTask:
    """One chunk to prepare and the cleaning rules to use (the argument of :func:`prepare_chunk`)."""

    chunk: RawChunk
    rules: RuleSet


@dataclass(frozen=True)
class PreparedChunk:
    """Documents of one chunk as :func:`load_corpus` gives them, duplicates not yet flagged.

    ``problems`` merges read and decode problems in corpus order, as
    ``(path, problem)`` pairs (the fields of a :class:`CorpusError`), found
    at ``problem_positions`` of the chunk. ``keys`` and
    ``signatures`` (MinHash values, one row per document) are what
    :class:`DuplicateIndex` needs; ``n_words`` counts white-space words.
    """

    docs: pd.DataFrame
    problems: list[tuple[str, str]]
    keys: list[str]
    signatures: np.ndarray
    n_words: list[int]
    problem_positions: list[int] = field(default_factory=list)


def prepare_chunk(task: PrepareTask) -> PreparedChunk:
    """Decode, clean, infer metadata and identify the language of one chunk; a pure function of *task*."""
    chunk = task.chunk
    prepared, problems = [], list(chunk.problems)
    for position, record in zip(chunk.positions, chunk.records):
        try:
            record = extract_record(decode_record(record) if "data" in record else record)
        except CorpusError as error:
            problems.append((position, error.path, error.problem))
            continue
        prepared.append(prepare_document(record, rules=task.rules))
    docs = pd.DataFrame(prepared) if prepared else pd.DataFrame(columns=DOCUMENT_COLUMNS + EXTRA_COLUMNS)
    docs = _order_columns(_with_duplicate_columns(_add_language(docs)))
    keys, signatures, n_words = duplicate_signatures(docs["text"])
    problems.sort(key=lambda item: item[0])
    return PreparedChunk(docs, [(path, problem) for _, path, problem in problems], keys, signatures, n_words, [position for position, _, _ in problems])


def empty_documents() -> pd.DataFrame:
    """The documents frame of a corpus without documents (every column, no rows)."""
    return _order_columns(_with_duplicate_columns(_add_language(pd.DataFrame(columns=DOCUMENT_COLUMNS + EXTRA_COLUMNS))))


def _with_duplicate_columns(docs: pd.DataFrame) -> pd.DataFrame:
    out = docs.copy()
    out["duplicate_of"] = pd.array([None] * len(out), dtype="string")
    out["near_duplicate_of"] = pd.array([None] * len(out), dtype="string")
    out["near_duplicate_jaccard"] = pd.array([None] * len(out), dtype="Float64")
    return out


# -- corpus-wide steps -----------------------------------------------------


def _add_language(docs: pd.DataFrame) -> pd.DataFrame:
    out = docs.copy()
    detected = detect_language(out["text"].astype(str).tolist())
    out["language_detected"] = detected["language"].to_numpy()
    out["language_confidence"] = detected["confidence"].to_numpy()
    given = out["language"] if "language" in out.columns else pd.Series(pd.NA, index=out.index)
    out["language"] = given.where(given.notna() & (given.astype("string").str.strip() != ""), out["language_detected"])
    return out


def _order_columns(docs: pd.DataFrame) -> pd.DataFrame:
    out = docs.copy()
    for column in DOCUMENT_COLUMNS + EXTRA_COLUMNS:
        if column not in out.columns:
            out[column] = pd.NA
    for column in (DOC_ID, "title", "outlet", "author", "date", "url", "genre", "language", "text", "raw_text", "interviewee"):
        out[column] = out[column].astype("string")
    out["source_row"] = out["source_row"].astype("Int64")
    first = DOCUMENT_COLUMNS + EXTRA_COLUMNS
    rest = [c for c in out.columns if c not in first]
    return out[first + rest].reset_index(drop=True)


# -- views -----------------------------------------------------------------


def select_documents(docs: pd.DataFrame, *, since: str | None = None) -> pd.DataFrame:
    """Return the documents dated on or after *since* (an ISO date, ``YYYY-MM-DD``); ``None`` keeps all.

    Documents without a date cannot be placed and are left out, with a
    :class:`CorpusWarning` that counts them. Scheduled runs use this to report
    on the articles of the last days only.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "date": ["2025-11-01", "2025-11-28"]})
    >>> select_documents(docs, since="2025-11-15")["doc_id"].tolist()
    ['b']
    """
    if since is None or since == "":
        return docs
    start = pd.to_datetime(since, format="%Y-%m-%d", errors="coerce")
    if pd.isna(start):
        raise ValueError(f"since must be a date written YYYY-MM-DD; got {since!r}")
    if "date" not in docs.columns:
        raise ValueError(f"select_documents(since=...) needs a 'date' column; the frame has {list(docs.columns)}")
    dates = pd.to_datetime(docs["date"], format="%Y-%m-%d", errors="coerce")
    undated = int(dates.isna().sum())
    if undated:
        warnings.warn(f"{undated} document(s) have no date (YYYY-MM-DD) and are left out by since={since!r}", CorpusWarning, stacklevel=2)
    out = docs.loc[dates.notna() & (dates >= start)].reset_index(drop=True)
    out.attrs = dict(docs.attrs)
    return out


def input_problems(docs: pd.DataFrame) -> pd.DataFrame:
    """Return the files :func:`load_corpus` could not use: one row per problem, ``source_path, problem``.

    >>> input_problems(load_corpus("seeds"))
    Empty DataFrame
    Columns: [source_path, problem]
    Index: []
    """
    rows = docs.attrs.get("problems", ())
    return pd.DataFrame(list(rows), columns=PROBLEM_COLUMNS)



def removed_lines(docs: pd.DataFrame) -> pd.DataFrame:
    """Return the cleaning audit: one row per removed line (``doc_id, line_no, rule, line``).

    >>> removed_lines(load_corpus("seeds")).query("doc_id == '004_07c97f8e3e473a60'")["rule"].tolist()
    ['breadcrumb', 'source_signature', 'post_navigation', 'post_navigation', 'post_navigation']
    """
    rows = [{DOC_ID: doc_id, **item} for doc_id, items in zip(docs[DOC_ID], docs["removed"]) for item in (items or [])]
    columns = [c for c in REMOVED_COLUMNS if c not in ("start", "end")]
    return pd.DataFrame(rows, columns=columns).astype({DOC_ID: "string", "line_no": "int64", "rule": "string", "line": "string"})


_QUESTION_MARK = re.compile(r"\?[\"'”’»)]*\s*$")
_TURN = re.compile(r"^\s*(?:[-–—]\s+|(?:Q|Question)\s*[:.]\s*)")
_ANSWER = re.compile(r"^\s*(?:A|Answer)\s*[:.]\s*")
#: A document is an interview when at least this many paragraphs are questions.
MIN_INTERVIEW_QUESTIONS = 2


def split_paragraphs(docs: pd.DataFrame) -> pd.DataFrame:
    """Return one row per paragraph: ``doc_id, para_id, start, end, text, role``.

    ``role`` is ``question`` or ``answer`` in interviews (a paragraph opened by
    a dash or ``Q:`` and ending in a question mark is a question; the turns
    after it, up to the next question, are the answer), else ``narrative``.
    A document is taken as an interview when it has at least
    :data:`MIN_INTERVIEW_QUESTIONS` questions. Offsets index the cleaned text.

    >>> docs = pd.DataFrame({"doc_id": ["i"], "text": ["Intro.\\n- Why?\\n- Because.\\nMore.\\n- How?\\n- So."]})
    >>> split_paragraphs(docs)["role"].tolist()
    ['narrative', 'question', 'answer', 'answer', 'question', 'answer']
    """
    for column in (DOC_ID, "text"):
        if column not in docs.columns:
            raise ValueError(f"split_paragraphs needs a {column!r} column; the frame has {list(docs.columns)}")
    rows = []
    for doc_id, text in zip(docs[DOC_ID], docs["text"]):
        rows.extend((doc_id, i, s, e, text[s:e], role) for i, ((s, e), role) in enumerate(_roles(str(text))))
    frame = pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)
    return frame.astype({DOC_ID: "string", PARA_ID: "int64", "start": "int64", "end": "int64", "text": "string", "role": "string"})


def _roles(text: str) -> Iterable[tuple[tuple[int, int], str]]:
    spans = list(paragraph_spans(text))
    paragraphs = [text[s:e] for s, e in spans]
    questions = [bool(_TURN.match(p) and _QUESTION_MARK.search(p)) for p in paragraphs]
    if sum(questions) < MIN_INTERVIEW_QUESTIONS:
        return [(span, "narrative") for span in spans]
    roles, state = [], "narrative"
    for paragraph, is_question in zip(paragraphs, questions):
        if is_question:
            state = "question"
        elif state in ("question", "answer") or _ANSWER.match(paragraph):
            state = "answer"
        roles.append(state)
    return list(zip(spans, roles))
