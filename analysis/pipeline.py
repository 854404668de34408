"""Score a corpus of any size: read in chunks, prepare and score them on any executor, write as they come.

:func:`score_corpus` is what ``python -m analysis score`` runs. The corpus is
read lazily, ``chunk_size`` records at a time; each chunk is handed to
:func:`prepare_and_score` (decode, clean, language, duplicate signatures, then
every measure: a module-level pure function of plain data) on a
:class:`concurrent.futures.Executor` — local processes, the calling thread, or
a Dask cluster — with a bounded number of chunks in flight. In the driver the
results are taken in corpus order: duplicates are flagged across the corpus as
chunks arrive (:class:`analysis.duplicates.DuplicateIndex`), and every table is
appended to its output file (:class:`analysis.outputs.TableWriter`). Nothing
holds the whole corpus.

Scored documents are kept in a cache keyed by their content and by everything
the scores depend on (:mod:`analysis.cache`): a document already scored with
the same code, data and options is read back instead of scored again.
Corpus-level columns (duplicates, ``source_row``) are computed on every run.

The tables are the same, row for row and type for type, as
:func:`analysis.scoring.write_scores` on :func:`analysis.load_corpus` gives,
for any ``jobs``, ``chunk_size`` or cache state.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
import time
import warnings
from collections import deque
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import nullcontext, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from . import actors as actors_module
from .cache import RECORD_PLACE, DocumentCache, cache_dir, document_key, scoring_fingerprint
from .cleaning import RuleSet, load_cleaning_rules
from .corpus import (MAX_FILE_BYTES, CorpusSource, Errors, PrepareTask, RawChunk, check_source, column_names, count_documents, describe_source,
                     iter_raw_chunks, parse_size, prepare_chunk)
from .duplicates import DuplicateIndex
from .errors import CorpusError, CorpusWarning, LanguageWarning
from .outputs import Format, TableWriter, write_json_atomically
from .parallel import InlineExecutor, check_jobs, local_executor
from .progress import Progress
from .resources import package_version
from .schema import DOC_ID
from .scoring import CHUNK_SIZE, TABLES, Resources, combine_edges, load_resources, score_chunk

#: Tables whose rows are ordered by ``doc_id`` within a chunk (the others follow the corpus order).
SORTED_BY_DOC_ID = ("frame_hits", "frames")
#: With several workers a chunk is split into one task per job, so that a few chunks still keep every worker busy
#: (each task has a fixed cost of about 0.1 to 0.2 s, so splitting further costs more than it balances); the tables
#: of the chunk are put back together in the order one task would give.
#: Documents per job a run with local worker processes scores in the calling process while no worker has started:
#: starting the workers and loading the language and sentence models in each costs more than scoring this many
#: once in the driver (a re-run that finds all but a few new documents in the cache starts no process).
INLINE_DOCUMENTS_PER_JOB = 100
#: Edge tables (one per scored task or cached pack) after which the co-mention edges gathered so far are summed into one.
EDGE_BATCH = 50
#: Tables the driver reads (duplicates, flags, edge counts, the manifest); the others are decoded from Arrow IPC,
#: put in order and written by the writer thread.
DRIVER_TABLES = ("dedup", "documents", "actors", "actor_edges", "corpus")
#: Chunks whose tables may wait for the writer thread (each holds one chunk's tables in memory).
WRITES_AHEAD = 2
#: Columns of the corpus set on every run, never taken from the cache (with where each document was read from).
CORPUS_LEVEL = ("duplicate_of", "near_duplicate_of", "near_duplicate_jaccard")
_IPC_COMPRESSION = "zstd"


@dataclass(frozen=True)
class ChunkTask:
    """The argument of :func:`prepare_and_score`: raw records and everything needed to score them (plain data)."""

    chunk: RawChunk
    rules: RuleSet
    resources: Resources
    keep_tokens: bool = True
    since: str | None = None


@dataclass(frozen=True)
class ChunkResult:
    """What :func:`prepare_and_score` returns: every table of the chunk as Arrow IPC bytes, problems, timings.

    ``tables`` holds ``corpus`` (the prepared documents, ``removed`` as JSON),
    ``dedup`` (``doc_id, key, signature, n_words, selected``), and the score
    tables of :data:`analysis.scoring.TABLES`.
    """

    tables: dict[str, bytes]
    problems: list[tuple[int, str, str]]
    timings: dict[str, float] = field(default_factory=dict)
    n_undated: int = 0


def prepare_and_score(task: ChunkTask) -> ChunkResult:
    """Prepare and score one chunk; a pure function of *task* (run in a worker)."""
    start = time.perf_counter()
    prepared = prepare_chunk(PrepareTask(task.chunk, task.rules))
    load_seconds = time.perf_counter() - start
    docs = prepared.docs
    selected, n_undated = _selected(docs, task.since)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the driver warns once for the whole corpus
        scores = score_chunk(docs.loc[selected].reset_index(drop=True), resources=task.resources, keep_tokens=task.keep_tokens)
    corpus = docs.copy()
    corpus.attrs = {}
    corpus["removed"] = corpus["removed"].map(lambda items: json.dumps(list(items or []), ensure_ascii=False))
    dedup = pd.DataFrame({
        DOC_ID: docs[DOC_ID].astype(str).tolist(),
        "key": prepared.keys,
        "signature": [row.tobytes() for row in prepared.signatures],
        "n_words": pd.array(prepared.n_words, dtype="int64"),
        "selected": np.asarray(selected, dtype=bool),
    })
    tables = {"corpus": corpus, "dedup": dedup, **scores.tables()}
    problems = [(position, where, problem) for position, (where, problem) in zip(prepared.problem_positions, prepared.problems)]
    return ChunkResult({name: _to_ipc(frame) for name, frame in tables.items()}, problems,
                       {"load": load_seconds, **scores.timings}, n_undated)


def score_corpus(
    path: CorpusSource,
    out_dir: str | Path,
    *,
    executor: Executor | None = None,
    jobs: int | None = None,
    chunk_size: int = CHUNK_SIZE,
    frames: str | Path = "eurasia",
    actors: str | Path = "default",
    fmt: Format = "parquet",
    keep_tokens: bool = True,
    cache: str | Path | None | bool = None,
    manifest: str | Path | pd.DataFrame | None = None,
    rules: str | Path | RuleSet | None = None,
    errors: Errors = "warn",
    since: str | None = None,
    write_corpus: bool = False,
    progress: bool = True,
    text_column: str = "text",
    id_column: str = DOC_ID,
    title_column: str = "title",
    date_column: str = "date",
    outlet_column: str = "outlet",
    max_file_bytes: int | str | None = MAX_FILE_BYTES,
) -> Path:
    """Load and score the corpus at *path* chunk by chunk into ``out_dir/<table>.<fmt>`` and ``manifest.json``.

    - ``executor``: any :class:`concurrent.futures.Executor` (e.g. a Dask
      client's ``get_executor()``); by default ``jobs`` local processes
      (default: the CPUs; ``1`` runs in this process). At most
      ``2 * jobs`` chunks are in flight.
    - ``cache``: folder of the document cache (default ``$ANALYSIS_CACHE`` or
      ``~/.cache/analysis``); ``False`` scores everything and keeps nothing.
    - *path*, ``manifest``, ``rules``, ``errors``, ``max_file_bytes`` and the
      ``*_column`` options: as for :func:`analysis.load_corpus`;
      ``since``: as :func:`analysis.corpus.select_documents` (duplicates are
      flagged on the whole corpus first).
    - ``write_corpus``: also write the documents frame (``corpus.parquet``,
      ``removed`` as JSON) and ``problems.json``, as a cache entry of
      :func:`analysis.open_corpus` holds.
    - ``progress``: report progress on stderr (a bar on a terminal, a log line
      every few seconds otherwise) and a summary line at the end.

    A folder *out_dir* that holds a previous score output (``manifest.json``)
    is replaced when the new one is complete; any other non-empty folder is
    refused. The output is built in a hidden sibling folder, so an interrupted
    run leaves the previous output (or nothing) in place. Returns the path of
    the new ``manifest.json``.
    """
    started = time.time()
    path, out_dir = check_source(path), Path(out_dir)
    names = column_names(text_column=text_column, id_column=id_column, title_column=title_column,
                         date_column=date_column, outlet_column=outlet_column)
    jobs = check_jobs(jobs)
    limit = parse_size(max_file_bytes)
    if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive whole number of documents; got {chunk_size!r}")
    if errors not in ("warn", "raise"):
        raise ValueError(f"errors must be 'warn' or 'raise'; got {errors!r}")
    if since not in (None, ""):
        if pd.isna(pd.to_datetime(since, format="%Y-%m-%d", errors="coerce")):
            raise ValueError(f"since must be a date written YYYY-MM-DD; got {since!r}")
    else:
        since = None
    _check_out(out_dir)
    resources = load_resources(frames=frames, actors=actors)
    ruleset = rules if isinstance(rules, RuleSet) else load_cleaning_rules(rules)
    store = None
    if cache is not False:
        store = DocumentCache(Path(cache) if cache not in (None, True) else cache_dir())
    fingerprint = scoring_fingerprint(frames=frames, actors=actors, rules=None if isinstance(rules, RuleSet) else rules,
                                      keep_tokens=keep_tokens, since=since) if store is not None else ""
    if store is not None and isinstance(rules, RuleSet):
        fingerprint = hashlib.sha256((fingerprint + repr(rules)).encode()).hexdigest()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.partial-", dir=out_dir.parent))
    run = _Run(staging, fmt=fmt, keep_tokens=keep_tokens, write_corpus=write_corpus, errors=errors, path=describe_source(path))
    meter = Progress(count_documents(path, max_file_bytes=limit), enabled=progress)
    try:
        chunks = iter_raw_chunks(path, manifest=manifest, chunk_size=chunk_size, report=run.report, columns=names, max_file_bytes=limit)
        with (nullcontext(executor) if executor is not None else local_executor(jobs)) as pool:
            pending: deque = deque()
            window = max(2, jobs)  # chunks in flight, each split in one task per job
            # few documents to score before any worker has started: score them here (see INLINE_DOCUMENTS_PER_JOB)
            inline_left = INLINE_DOCUMENTS_PER_JOB * jobs if executor is None and jobs > 1 else 0
            for chunk in chunks:
                keys = [document_key(record, fingerprint) for record in chunk.records] if store is not None else []
                hits = store.lookup(keys) if store is not None else {}
                missing = [i for i, key in enumerate(keys) if key not in hits] if store is not None else list(range(len(chunk.records)))
                runner, parts = pool, jobs
                if inline_left and len(missing) <= inline_left and not pool.started:
                    runner, parts, inline_left = InlineExecutor(), 1, inline_left - len(missing)
                tasks = []
                for part in _split(missing, parts=parts) if missing or not chunk.records else ():
                    sub = RawChunk([chunk.records[i] for i in part], [chunk.positions[i] for i in part], [])
                    tasks.append((part, runner.submit(prepare_and_score, ChunkTask(sub, ruleset, resources, keep_tokens, since))))
                pending.append((chunk, keys, hits, tasks))
                while len(pending) >= window:
                    run.finish_chunk(*pending.popleft(), store=store, meter=meter)
            while pending:
                run.finish_chunk(*pending.popleft(), store=store, meter=meter)
        run.check_ids()
        run.warn_at_end(since)
        manifest_data = run.close(resources=resources, started=started, jobs=jobs, executor=executor,
                                  cache=None if store is None else store.folder)
        summary = meter.close()
        manifest_data["summary"] = summary
        write_json_atomically(staging / "manifest.json", manifest_data)
        _publish(staging, out_dir)
    except BaseException:
        run.abort()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if store is not None:
            store.close()
    return out_dir / "manifest.json"


class _Run:
    """The driver's state for one run: output writers, the duplicate index, running totals.

    Tables are encoded and appended to their files by one writer thread, in
    the order of the chunks, while the driver reads and assembles the next
    chunk (Arrow and Parquet release the GIL while they encode and decode).
    """

    def __init__(self, folder: Path, *, fmt, keep_tokens, write_corpus, errors, path) -> None:
        self.names = [t for t in TABLES if t != "actor_edges" and (keep_tokens or t != "tokens")]
        self.writers = {name: TableWriter(folder, name, fmt) for name in self.names}
        self.writer_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="score-writer")
        self.writes: deque[Future] = deque()
        if write_corpus:
            self.writers["corpus"] = TableWriter(folder, "corpus", "parquet")
        self.folder, self.fmt, self.errors, self.path = folder, fmt, errors, path
        # the tables read back from a worker or the cache: the outputs, and what duplicates and edges need
        self.needed = {*self.names, "dedup", "actor_edges", *(("corpus",) if write_corpus else ())}
        self.write_corpus = write_corpus
        self.index = DuplicateIndex()
        self.edges: list[pd.DataFrame] = []
        self.timings: dict[str, float] = {}
        self.problems: list[tuple[str, str]] = []
        self.seen: set[str] = set()
        self.repeated: set[str] = set()
        self.corpus_digest = hashlib.sha256()
        self.documents: list[tuple[str, str]] = []  # (doc_id, sha256) of every document, for the manifest
        self.n_scored = 0
        self.unscored: list[tuple[str, str]] = []
        self.n_unscored = 0
        self.n_undated = 0
        self.reused = 0
        self.scored = 0

    def report(self, error: CorpusError) -> None:
        if self.errors == "raise":
            raise error
        self.problems.append((error.path, error.problem))
        warnings.warn(str(error), CorpusWarning, stacklevel=2)

    def finish_chunk(self, chunk: RawChunk, keys, hits, tasks, *, store, meter) -> None:
        """Take one chunk's results in corpus order: report problems, assemble its tables, cache new documents, write."""
        import pyarrow as pa

        results: list[tuple[list[int], ChunkResult]] = [(part, future.result()) for part, future in tasks]
        problems = [*chunk.problems, *(problem for _, result in results for problem in result.problems)]
        for _, where, problem in sorted(problems, key=lambda item: item[0]):
            self.report(CorpusError(where, problem))
        pieces: dict[str, list] = {}
        for part, result in results:
            for stage, seconds in result.timings.items():
                self.timings[stage] = self.timings.get(stage, 0.0) + seconds
            self.n_undated += result.n_undated
            fresh = {name: _from_ipc(data) if name in DRIVER_TABLES else data for name, data in result.tables.items() if name in self.needed}
            if store is not None and part:
                done = set(fresh["dedup"].column(DOC_ID).to_pylist())
                new_keys = [keys[i] for i in part if str(chunk.records[i][DOC_ID]) in done]
                if new_keys:
                    store.store(new_keys, result.tables)
            self.scored += fresh["dedup"].num_rows
            for name, table in fresh.items():
                pieces.setdefault(name, []).append(table)
        if hits:
            started = time.perf_counter()
            wanted: dict[int, set[str]] = {}
            for i, key in enumerate(keys):
                if key in hits:
                    wanted.setdefault(hits[key], set()).add(str(chunk.records[i][DOC_ID]))
            for pack_id, doc_ids in wanted.items():
                pack = {name: _from_ipc(data) if name in DRIVER_TABLES else data for name, data in store.read_pack(pack_id, self.needed).items()}
                if pack["dedup"].num_rows != len(doc_ids):  # only some documents of the pack are wanted
                    pack = {name: _rows_of(_from_ipc(table) if isinstance(table, bytes) else table, doc_ids)
                            for name, table in pack.items() if name != "actor_edges"}
                    # a pack's edge counts hold for all its documents: those of the wanted ones are counted again
                    pack["actor_edges"] = pa.Table.from_pandas(actors_module.actor_edges(pack["actors"].to_pandas()), preserve_index=False)
                for name, table in pack.items():
                    pieces.setdefault(name, []).append(table)
            self.reused += sum(len(ids) for ids in wanted.values())
            self.timings["reuse"] = self.timings.get("reuse", 0.0) + time.perf_counter() - started
        # edge counts add up over disjoint sets of documents: each piece's are kept and summed with the rest at the end
        edges = pieces.pop("actor_edges", [])
        ids = pa.array([str(r[DOC_ID]) for r in chunk.records], type=pa.string())
        tables = {}
        for name, parts in pieces.items():
            assemble = partial(_in_order, parts, ids, by_doc_id=name in SORTED_BY_DOC_ID)
            tables[name] = assemble() if name in DRIVER_TABLES else assemble  # the others: when the writer thread writes them
        self._write(chunk, tables, edges)
        dedup = tables["dedup"]
        selected_words = sum(n for n, s in zip(dedup.column("n_words").to_pylist(), dedup.column("selected").to_pylist()) if s)
        meter.update(int(pa.compute.sum(dedup.column("selected")).as_py() or 0), selected_words,
                     reused=sum(1 for k in keys if k in hits))

    def _write(self, chunk: RawChunk, tables: dict, edges: list) -> None:
        import pyarrow as pa

        dedup = tables["dedup"]
        ids = dedup.column(DOC_ID).to_pylist()
        flags = [self.index.add(d, k, np.frombuffer(s, dtype=np.uint64)) for d, k, s in
                 zip(ids, dedup.column("key").to_pylist(), dedup.column("signature").to_pylist())]
        for doc_id in ids:
            if doc_id in self.seen:
                self.repeated.add(doc_id)
            self.seen.add(doc_id)
        by_id = dict(zip(ids, flags))
        selected = dict(zip(ids, dedup.column("selected").to_pylist()))
        places = {str(r[DOC_ID]): r for r in chunk.records}
        documents = _set_place(_set_flags(tables["documents"], by_id, ("duplicate_of", "near_duplicate_of")), places, ("source_path",))
        outputs = {name: documents if name == "documents" else tables[name] for name in self.names}
        if self.write_corpus:
            corpus = _set_place(_set_flags(tables["corpus"], by_id, CORPUS_LEVEL), places, RECORD_PLACE)
            keep = [selected.get(d, False) for d in corpus.column(DOC_ID).to_pylist()]
            outputs["corpus"] = _promote_nulls(corpus.filter(pa.array(keep, type=pa.bool_())))
        self.writes.append(self.writer_thread.submit(self._append, outputs))
        while len(self.writes) > WRITES_AHEAD:
            self.writes.popleft().result()
        self.edges.extend(table.to_pandas() for table in edges)
        if len(self.edges) >= EDGE_BATCH:
            self.edges = [combine_edges(pd.concat(self.edges, ignore_index=True))]
        frame = documents.select([c for c in (DOC_ID, "sha256", "language", "scored") if c in documents.column_names]).to_pandas()
        for row in frame.itertuples(index=False):
            sha = str(getattr(row, "sha256", "")) if "sha256" in frame.columns else ""
            self.corpus_digest.update(f"{row.doc_id}\t{sha}\n".encode())
            self.documents.append((str(row.doc_id), sha))
            if row.scored:
                self.n_scored += 1
            else:
                self.n_unscored += 1
                if len(self.unscored) < 10:
                    self.unscored.append((row.doc_id, row.language))

    def _append(self, outputs: dict) -> None:
        """Append one chunk's tables to their files (in the writer thread), putting together those not yet assembled."""
        for name, table in outputs.items():
            self.writers[name].write(table() if callable(table) else table)

    def _finish_writes(self) -> None:
        """Wait for every queued write (raising the first error) and stop the writer thread."""
        try:
            while self.writes:
                self.writes.popleft().result()
        finally:
            self.writer_thread.shutdown(wait=True, cancel_futures=True)

    def check_ids(self) -> None:
        if self.repeated:
            raise CorpusError(self.path, f"has duplicate doc_id values {sorted(self.repeated)}; every document needs its own id")

    def warn_at_end(self, since) -> None:
        if self.n_undated:
            warnings.warn(f"{self.n_undated} document(s) have no date (YYYY-MM-DD) and are left out by since={since!r}", CorpusWarning, stacklevel=3)
        if self.n_unscored:
            listed = ", ".join(f"{d} ({lang})" for d, lang in self.unscored)
            more = f" and {self.n_unscored - len(self.unscored)} more" if self.n_unscored > len(self.unscored) else ""
            warnings.warn(
                f"{self.n_unscored} document(s) are not in English and are left out of the English-only measures "
                f"(sentiment, frames, actors, quotes): {listed}{more}; they stay in the documents table with scored=False",
                LanguageWarning, stacklevel=3)

    def close(self, *, resources: Resources, started: float, jobs: int, executor, cache) -> dict:
        self._finish_writes()
        with TableWriter(self.folder, "actor_edges", self.fmt) as writer:
            if not self.edges:  # no chunk at all: the columns of an empty edge table
                self.edges = [score_chunk(pd.DataFrame({DOC_ID: [], "text": []}), resources=resources).actor_edges]
            edges = pd.concat(self.edges, ignore_index=True)
            writer.write(combine_edges(edges))
        paths = {name: self.writers[name].close().name for name in self.names}
        rows = {name: self.writers[name].rows for name in self.names}
        paths["actor_edges"], rows["actor_edges"] = writer.path.name, writer.rows
        if self.write_corpus:
            self.writers["corpus"].close()
            (self.folder / "problems.json").write_text(json.dumps([list(p) for p in self.problems], ensure_ascii=False), encoding="utf-8")
        return {
            "package": {"name": "analysis", "version": package_version()},
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
            "seconds": round(time.time() - started, 3),
            "python": platform.python_version(),
            "corpus": {
                "n_documents": len(self.documents),
                "n_scored": self.n_scored,
                "sha256": self.corpus_digest.hexdigest(),
                "documents": [{DOC_ID: doc_id, "sha256": sha} for doc_id, sha in self.documents],
            },
            "resources": resources.describe(),
            "format": self.fmt,
            "tables": {name: {"file": paths[name], "rows": rows[name]} for name in TABLES if name in paths},
            "engine": {"jobs": jobs, "executor": type(executor).__name__ if executor is not None else ("local processes" if jobs > 1 else "this process")},
            "cache": {"folder": str(cache) if cache is not None else None, "documents_reused": self.reused, "documents_scored": self.scored},
            # seconds of work summed over the workers' chunks (load: decode, clean, language, signatures)
            "timings_seconds": {k: round(v, 3) for k, v in self.timings.items()},
        }

    def abort(self) -> None:
        for write in self.writes:
            write.cancel()
        with suppress(Exception):  # the run is failing already; its partial files are dropped below
            self._finish_writes()
        for writer in self.writers.values():
            writer.abort()


def _split(indices: list[int], *, parts: int) -> list[list[int]]:
    """*indices* in at most *parts* consecutive runs of nearly equal length (one empty run for no indices)."""
    size = max(1, -(-len(indices) // parts))
    return [indices[i : i + size] for i in range(0, len(indices), size)] or [[]]


def _selected(docs: pd.DataFrame, since: str | None) -> tuple[np.ndarray, int]:
    if since is None:
        return np.ones(len(docs), dtype=bool), 0
    start = pd.to_datetime(since, format="%Y-%m-%d")
    dates = pd.to_datetime(docs["date"], format="%Y-%m-%d", errors="coerce")
    return (dates.notna() & (dates >= start)).to_numpy(dtype=bool), int(dates.isna().sum())


def _to_ipc(frame: pd.DataFrame) -> bytes:
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema, options=pa.ipc.IpcWriteOptions(compression=_IPC_COMPRESSION)) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _from_ipc(data: bytes):
    import pyarrow as pa

    return pa.ipc.open_stream(pa.py_buffer(data)).read_all()


def _rows_of(table, doc_ids: set[str]):
    import pyarrow as pa
    import pyarrow.compute as pc

    return table.filter(pc.is_in(pc.cast(table.column(DOC_ID), pa.string()), value_set=pa.array(sorted(doc_ids), type=pa.string())))


def _in_order(parts: list, ids, *, by_doc_id: bool):
    """Concatenate pieces of one table (Arrow tables or IPC bytes) and put the rows in the order a cold run gives.

    That is the order of the chunk's documents (*ids*, an Arrow string array),
    or with *by_doc_id* the order of the ``doc_id`` values; rows of one
    document keep their order.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = [_from_ipc(p) if isinstance(p, bytes) else p for p in parts]
    parts = [p for p in parts if p.num_rows] or parts[:1]
    table = pa.concat_tables(parts, promote_options="permissive") if len(parts) > 1 else parts[0]
    order = pa.array(sorted(set(ids.to_pylist())), type=pa.string()) if by_doc_id else ids
    keys = pc.index_in(pc.cast(table.column(DOC_ID), pa.string()), value_set=order).to_numpy()
    if len(keys) < 2 or bool(np.all(keys[1:] >= keys[:-1])):
        return table  # already in order (one piece, or pieces that follow each other)
    return table.take(pa.array(np.argsort(keys, kind="stable")))


def _set_column(table, name: str, values: list):
    import pyarrow as pa

    index = table.schema.get_field_index(name)
    field_ = table.schema.field(index)
    return table.set_column(index, field_, pa.array(values, type=field_.type))


def _set_flags(table, by_id: dict, columns: tuple[str, ...]):
    ids = table.column(DOC_ID).to_pylist()
    positions = {"duplicate_of": 0, "near_duplicate_of": 1, "near_duplicate_jaccard": 2}
    for column in columns:
        if column in table.column_names:
            table = _set_column(table, column, [by_id[str(d)][positions[column]] for d in ids])
    return table


def _set_place(table, records: dict[str, dict], columns: tuple[str, ...]):
    """Set where each document was read from (the record's ``source_path``, ``source_row``) on a cached or fresh table."""
    ids = [str(d) for d in table.column(DOC_ID).to_pylist()]
    for column in columns:
        if column in table.column_names:
            table = _set_column(table, column, [records[d].get(column) for d in ids])
    return table


def _promote_nulls(table):
    """Columns without a single value in a chunk are typed as strings, so that later chunks with values fit."""
    import pyarrow as pa

    for index, field_ in enumerate(table.schema):
        if pa.types.is_null(field_.type):
            table = table.set_column(index, field_.with_type(pa.string()), table.column(index).cast(pa.string()))
    return table


def _check_out(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"out_dir {str(out_dir)!r} is a file; give a folder for the tables")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / "manifest.json").is_file():
        raise ValueError(f"out_dir {str(out_dir)!r} is not empty and holds no score output (no manifest.json); "
                         "give a new or empty folder, or the folder of an earlier score run to replace it")


def _publish(staging: Path, out_dir: Path) -> None:
    """Move the finished output into place; an earlier output there is swapped out and then deleted."""
    if out_dir.is_dir() and any(out_dir.iterdir()):
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        os.rename(out_dir, old / "previous")
        os.rename(staging, out_dir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        if out_dir.is_dir():
            out_dir.rmdir()
        os.rename(staging, out_dir)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(out_dir, 0o777 & ~mask)
