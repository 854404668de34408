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

import hashlib
import io
import re
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from .cleaning import RuleSet, clean_text, load_cleaning_rules
from .decoding import MAX_CONTROL_SHARE, decode_bytes, decode_entities, normalize_text
from .duplicates import DuplicateIndex, apply_duplicate_flags, duplicate_signatures
from .errors import CorpusError, CorpusWarning
from .language import detect_language
from .parallel import check_jobs, local_executor, map_in_order
from .schema import DOCUMENT_COLUMNS, DOC_ID, PARAGRAPH_COLUMNS, PARA_ID, PROBLEM_COLUMNS, REMOVED_COLUMNS
from .spans import paragraph_spans

PLAIN_SUFFIXES = (".txt", ".md")
#: Saved web pages and feeds; a plain-text file whose content is a page or a feed is read as one too.
WEB_SUFFIXES = (".html", ".htm", ".xhtml", ".xml", ".rss", ".atom")
#: Every file a folder corpus reads (the corpus cache hashes these).
TEXT_SUFFIXES = PLAIN_SUFFIXES + WEB_SUFFIXES
TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet")
MANIFEST_NAME = "manifest.csv"
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

Errors = Literal["warn", "raise"]
#: Documents read and prepared per chunk by :func:`load_corpus`.
LOAD_CHUNK_SIZE = 500


def load_corpus(
    path: str | Path,
    *,
    manifest: str | Path | pd.DataFrame | None = None,
    rules: str | Path | RuleSet | None = None,
    errors: Errors = "warn",
    jobs: int = 1,
    executor: Executor | None = None,
    chunk_size: int = LOAD_CHUNK_SIZE,
) -> pd.DataFrame:
    """Load the documents at *path* into one row per document.

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

    ``sha256`` is the hash of the file's bytes (of the row's text for tables).

    >>> docs = load_corpus("seeds")
    >>> len(docs), docs["language"].unique().tolist()
    (5, ['en'])
    """
    if errors not in ("warn", "raise"):
        raise ValueError(f"errors must be 'warn' or 'raise'; got {errors!r}")
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"corpus path {str(path)!r} does not exist")
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
    chunks = iter_raw_chunks(path, manifest=manifest, chunk_size=chunk_size, report=report)
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
        raise CorpusError(path, f"has duplicate doc_id values {dup}; every document needs its own id")
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


def _iso_date(value: str) -> str:
    parsed = pd.to_datetime(value, errors="coerce")
    return value if pd.isna(parsed) else parsed.strftime("%Y-%m-%d")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or (isinstance(value, str) and not value.strip())


# -- folders ---------------------------------------------------------------


def _folder_chunks(folder: Path, manifest, chunk_size: int, report) -> Iterator[RawChunk]:
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES and (p.is_file() or p.is_symlink()))
    if not files and manifest is None:
        tables = sorted(p for p in folder.glob("*.parquet") if p.is_file())
        if tables:  # a Parquet dataset: its files one after the other
            for table in tables:
                yield from _table_chunks(table, chunk_size)
            return
    if manifest is None and (folder / MANIFEST_NAME).is_file():
        manifest = folder / MANIFEST_NAME
    meta = _read_manifest(manifest, folder) if manifest is not None else None
    if not files:
        raise CorpusError(folder, f"contains no {', '.join(TEXT_SUFFIXES)} files to load")
    by_file: dict[str, dict] = {}
    manifest_columns: list[str] = []
    if meta is not None:
        manifest_columns = [c for c in meta.columns if c != "file"]
        for row in meta.to_dict("records"):
            target = folder / row["file"]
            if not (target.is_file() or target.is_symlink()):
                report(CorpusError(meta.attrs["path"], f"row for file {row['file']!r} names a file that does not exist in {str(folder)!r}"))
            elif target.suffix.lower() not in TEXT_SUFFIXES:
                report(CorpusError(meta.attrs["path"], f"row for file {row['file']!r} names a file that is not read: only {', '.join(TEXT_SUFFIXES)} files are loaded"))
            by_file[str(Path(row["file"]))] = row
    for first in range(0, len(files), chunk_size):
        records, problems = [], []
        position = 0  # a feed file gives one record per item: positions count records and problems, in corpus order
        for file in files[first : first + chunk_size]:
            relative = file.relative_to(folder)
            try:
                data = _read_bytes(file)
            except CorpusError as error:
                problems.append((position, error.path, error.problem))
                position += 1
                continue
            record = {"source_path": str(file), "data": data, DOC_ID: relative.with_suffix("").as_posix()}
            # Every manifest column becomes a document column, even where it is empty.
            for column in manifest_columns:
                record.setdefault(column, None)
            for key, value in by_file.get(str(relative), {}).items():
                if key != "file" and not _missing(value):
                    record[key] = value
            if _may_be_feed(data):
                try:
                    items, item_problems = split_feed_record(record)
                except CorpusError as error:
                    items, item_problems = [], [(error.path, error.problem)]
                for where, problem in item_problems:
                    problems.append((position, where, problem))
                    position += 1
                if items or item_problems:
                    for item in items:
                        records.append((position, item))
                        position += 1
                    continue
            records.append((position, record))
            position += 1
        yield RawChunk([r for _, r in records], [p for p, _ in records], problems)


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
    like HTML (:func:`analysis.extract.looks_like_html`); other records come
    back unchanged. Raises :class:`CorpusError` naming the file when a page
    has no article text, or when an ``.xml`` file is neither a page nor a feed.
    """
    from .extract import NO_ARTICLE_TEXT, NoArticleText, extract_page, looks_like_html

    path = record["source_path"]
    suffix = Path(path).suffix.lower()
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
    return record


def _read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise CorpusError(path, _why_not_a_file(path))
    try:
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
    frame = frame.replace({"": pd.NA})
    frame.attrs["path"] = where
    return frame


# -- tables ----------------------------------------------------------------


def _table_chunks(path: Path, chunk_size: int) -> Iterator[RawChunk]:
    suffix = path.suffix.lower()
    offset = 0
    try:
        for table in _table_frames(path, suffix, chunk_size):
            if "text" not in table.columns:
                raise CorpusError(path, f"has no 'text' column (it has {list(table.columns)}); a table corpus needs one text per row")
            yield _table_chunk(table, path, suffix, offset)
            offset += len(table)
    except CorpusError:
        raise
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise CorpusError(path, f"cannot be read as {suffix[1:]}: {exc}") from None


def _table_frames(path: Path, suffix: str, chunk_size: int) -> Iterator[pd.DataFrame]:
    """The rows of a table file, *chunk_size* at a time (the whole file is never read at once when it is clean UTF-8)."""
    if suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        handle = pq.ParquetFile(path)
        empty = True
        for batch in handle.iter_batches(batch_size=chunk_size):
            empty = False
            yield pa.Table.from_batches([batch], schema=handle.schema_arrow).to_pandas()
        if empty:
            yield handle.schema_arrow.empty_table().to_pandas()
        return
    encoding = _clean_utf8(path)
    if encoding is None:  # not plain UTF-8: decode the whole file, as any text file is
        source: object = io.StringIO(decode_bytes(path.read_bytes(), path=path).text)
        encoding = None
    else:
        source = path
    if suffix == ".csv":
        reader = pd.read_csv(source, dtype="string", keep_default_na=False, chunksize=chunk_size, encoding=encoding)
        header = None
        with reader:
            for frame in reader:
                header = frame
                yield frame
        if header is None:
            if not isinstance(source, Path):
                source.seek(0)
            yield pd.read_csv(source, dtype="string", keep_default_na=False, nrows=0, encoding=encoding)
    else:
        reader = pd.read_json(source, lines=True, dtype=False, chunksize=chunk_size, encoding=encoding)
        seen = False
        with reader:
            for frame in reader:
                seen = True
                yield frame
        if not seen:
            yield pd.DataFrame()


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


def _table_chunk(table: pd.DataFrame, path: Path, suffix: str, offset: int) -> RawChunk:
    generated = pd.Series([f"{path.stem}/{offset + i:06d}" for i in range(len(table))], index=table.index, dtype="string")
    if DOC_ID in table.columns:
        given = table[DOC_ID].astype("string")
        # A row without an id gets the generated one, like a table without the column.
        table[DOC_ID] = given.where(given.notna() & (given.str.strip() != ""), generated)
    else:
        table = table.assign(doc_id=generated)
    records, positions, problems = [], [], []
    for position, row in enumerate(table.to_dict("records")):
        i = offset + position
        text = row.pop("text")
        if _missing(text):
            problems.append((position, f"{path}#row={i}", f"row {i} (doc_id {row['doc_id']!r}) has an empty text"))
            continue
        text = str(text)
        row = {k: (None if _missing(v) else v) for k, v in row.items()}
        records.append({**row, "raw_text": text, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "encoding": "utf-8" if suffix != ".parquet" else "parquet", "repairs": [], "source_path": str(path), "source_row": i})
        positions.append(position)
    return RawChunk(records, positions, problems)


def count_documents(path: str | Path) -> int | None:
    """The number of records at *path* (files of a folder, rows of a table), found cheaply; ``None`` when unknown.

    Used for progress reports: rows with an empty text and unreadable files are
    counted too, so the count can be a little above the documents loaded.
    """
    path = Path(path)
    try:
        if path.is_dir():
            files = [p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES]
            if files:
                return sum(_count_items(p) if p.suffix.lower() in _FEED_SUFFIXES else 1 for p in files)
            import pyarrow.parquet as pq

            return sum(pq.ParquetFile(p).metadata.num_rows for p in sorted(path.glob("*.parquet")) if p.is_file()) or None
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


def iter_raw_chunks(path: str | Path, *, manifest=None, chunk_size: int = LOAD_CHUNK_SIZE, report=None) -> Iterator[RawChunk]:
    """Read the corpus at *path* lazily, *chunk_size* records at a time (see :func:`load_corpus` for what is read).

    *report* is called with each manifest problem found before the first chunk.
    """
    path = Path(path)
    report = report or (lambda error: warnings.warn(str(error), CorpusWarning, stacklevel=2))
    if path.is_dir():
        yield from _folder_chunks(path, manifest, chunk_size, report)
    elif path.suffix.lower() in TABLE_SUFFIXES:
        if manifest is not None:
            raise ValueError(f"manifest is only used with a folder of text files; {str(path)!r} is a table (put metadata in its columns)")
        yield from _table_chunks(path, chunk_size)
    else:
        raise CorpusError(path, f"is not a folder or a {', '.join(TABLE_SUFFIXES)} file; those are what load_corpus reads")


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
        if "data" in record:
            try:
                record = extract_record(decode_record(record))
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
