"""Load a corpus into one tidy documents frame; split documents into paragraphs.

``load_corpus`` accepts a folder of ``.txt``/``.md`` files (with an optional
``manifest.csv``) or one ``.csv``, ``.jsonl`` or ``.parquet`` table with a
``text`` column. Every document goes through the same pure steps, which can
run on any chunk of documents:

decode (:mod:`analysis.decoding`) → repair and normalise → clean
(:mod:`analysis.cleaning`) → infer metadata → identify the language
(:mod:`analysis.language`); then duplicates are flagged across the corpus
(:mod:`analysis.duplicates`).

Files on disk are only read, never written. ``raw_text`` keeps the decoded
text exactly as it was; ``text`` is the cleaned text every measure uses.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import pandas as pd

from .cleaning import RuleSet, clean_text, load_cleaning_rules
from .decoding import decode_bytes, normalize_text
from .duplicates import flag_duplicates
from .errors import CorpusError, CorpusWarning
from .language import detect_language
from .schema import DOCUMENT_COLUMNS, DOC_ID, PARAGRAPH_COLUMNS, PARA_ID, PROBLEM_COLUMNS, REMOVED_COLUMNS
from .spans import paragraph_spans

TEXT_SUFFIXES = (".txt", ".md")
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

Errors = Literal["warn", "raise"]


def load_corpus(
    path: str | Path,
    *,
    manifest: str | Path | pd.DataFrame | None = None,
    rules: str | Path | RuleSet | None = None,
    errors: Errors = "warn",
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

    if path.is_dir():
        records = _read_folder(path, manifest, report)
    elif path.suffix.lower() in TABLE_SUFFIXES:
        if manifest is not None:
            raise ValueError(f"manifest is only used with a folder of text files; {str(path)!r} is a table (put metadata in its columns)")
        records = _read_table(path, report)
    else:
        raise CorpusError(path, f"is not a folder or a {', '.join(TABLE_SUFFIXES)} file; those are what load_corpus reads")

    docs = pd.DataFrame([prepare_document(record, rules=ruleset) for record in records])
    if docs.empty:
        docs = pd.DataFrame(columns=DOCUMENT_COLUMNS + EXTRA_COLUMNS)
    ids = docs[DOC_ID]
    if ids.duplicated().any():
        dup = sorted(ids[ids.duplicated()].unique())
        raise CorpusError(path, f"has duplicate doc_id values {dup}; every document needs its own id")
    docs = _add_language(docs)
    docs = flag_duplicates(docs)
    docs = _order_columns(docs)
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
    raw = doc["raw_text"]
    normalized, repairs = normalize_text(raw)
    cleaned = clean_text(normalized, rules)
    doc["text"] = cleaned.text
    doc["repairs"] = "; ".join([*doc.get("repairs", []), *repairs])
    doc["removed"] = cleaned.removed
    doc["n_removed"] = len(cleaned.removed)
    if not cleaned.text.strip():
        # Everything was debris: keep the row visibly empty rather than guess.
        doc["inferred"] = ""
        return doc
    inferred = {"title": _infer_title(cleaned.text), **cleaned.metadata}
    if "date" in inferred:
        inferred["date"] = _iso_date(inferred["date"])
    names = []
    for key in _META:
        if _missing(doc.get(key)) and inferred.get(key):
            doc[key] = inferred[key]
            names.append(key)
    doc["inferred"] = ",".join(names)
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


def _read_folder(folder: Path, manifest, report) -> list[dict]:
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES and (p.is_file() or p.is_symlink()))
    if manifest is None and (folder / MANIFEST_NAME).is_file():
        manifest = folder / MANIFEST_NAME
    meta = _read_manifest(manifest, folder) if manifest is not None else None
    if not files:
        raise CorpusError(folder, f"contains no {' or '.join(TEXT_SUFFIXES)} files to load")
    by_file: dict[str, dict] = {}
    manifest_columns: list[str] = []
    if meta is not None:
        manifest_columns = [c for c in meta.columns if c != "file"]
        for row in meta.to_dict("records"):
            target = folder / row["file"]
            if not (target.is_file() or target.is_symlink()):
                report(CorpusError(meta.attrs["path"], f"row for file {row['file']!r} names a file that does not exist in {str(folder)!r}"))
            elif target.suffix.lower() not in TEXT_SUFFIXES:
                report(CorpusError(meta.attrs["path"], f"row for file {row['file']!r} names a file that is not read: only {' and '.join(TEXT_SUFFIXES)} files are loaded"))
            by_file[str(Path(row["file"]))] = row
    records = []
    for file in files:
        relative = file.relative_to(folder)
        try:
            record = read_document(file)
        except CorpusError as error:
            report(error)
            continue
        record[DOC_ID] = relative.with_suffix("").as_posix()
        # Every manifest column becomes a document column, even where it is empty.
        for column in manifest_columns:
            record.setdefault(column, None)
        for key, value in by_file.get(str(relative), {}).items():
            if key != "file" and not _missing(value):
                record[key] = value
        records.append(record)
    return records


def read_document(path: str | Path) -> dict:
    """Read and decode one text file; raise :class:`CorpusError` naming the file if it cannot be used.

    Returns ``raw_text``, ``sha256`` (of the bytes), ``encoding``, ``repairs``
    and ``source_path``.
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusError(path, _why_not_a_file(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(path, f"cannot be read: {exc.strerror or exc}") from None
    decoded = decode_bytes(data, path=path)
    if not decoded.text.strip():
        raise CorpusError(path, "contains only white space")
    return {
        "raw_text": decoded.text,
        "sha256": hashlib.sha256(data).hexdigest(),
        "encoding": decoded.encoding,
        "repairs": decoded.repairs,
        "source_path": str(path),
    }


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


def _read_table(path: Path, report) -> list[dict]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            table = pd.read_parquet(path)
        else:
            text = decode_bytes(path.read_bytes(), path=path).text
            if suffix == ".csv":
                table = pd.read_csv(io.StringIO(text), dtype="string", keep_default_na=False)
            else:
                table = pd.read_json(io.StringIO(text), lines=True, dtype=False)
    except CorpusError:
        raise
    except (ValueError, OSError) as exc:
        raise CorpusError(path, f"cannot be read as {suffix[1:]}: {exc}") from None
    if "text" not in table.columns:
        raise CorpusError(path, f"has no 'text' column (it has {list(table.columns)}); a table corpus needs one text per row")
    generated = pd.Series([f"{path.stem}/{i:06d}" for i in range(len(table))], index=table.index, dtype="string")
    if DOC_ID in table.columns:
        given = table[DOC_ID].astype("string")
        # A row without an id gets the generated one, like a table without the column.
        table[DOC_ID] = given.where(given.notna() & (given.str.strip() != ""), generated)
    else:
        table = table.assign(doc_id=generated)
    data_bytes = None
    records = []
    for i, row in enumerate(table.to_dict("records")):
        text = row.pop("text")
        if _missing(text):
            report(CorpusError(f"{path}#row={i}", f"row {i} (doc_id {row['doc_id']!r}) has an empty text"))
            continue
        text = str(text)
        row = {k: (None if _missing(v) else v) for k, v in row.items()}
        data_bytes = text.encode("utf-8")
        records.append({**row, "raw_text": text, "sha256": hashlib.sha256(data_bytes).hexdigest(), "encoding": "utf-8" if suffix != ".parquet" else "parquet", "repairs": [], "source_path": str(path), "source_row": i})
    return records


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
