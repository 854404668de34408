"""The input matrix: every kind of real-world input of ``tests/input_cases.py`` through the loader and the command line.

Each case is built in ``tmp_path`` and run through ``load_corpus`` and
``python -m analysis score`` (in-process, ``--jobs 1 --no-cache``; a
DataFrame, which the command line cannot take, through the library call it
wraps, :func:`analysis.score_corpus`); one case per category also runs a
report (``corpus_overview``, or ``document_report`` where a title is drawn in
plots; ``@pytest.mark.slow``). For every case the test
asserts its outcome (loaded, repaired, refused: see ``input_cases``) and that
nothing went wrong on the way: no crash (no traceback, exit status never 1),
no hang (each step under :data:`HANG_SECONDS`), inputs never modified (every
entry's content, mode and times, and a DataFrame's values, compared before
and after), nothing silently wrong (no markup, entities, control characters
or replacement characters in text and titles, Cyrillic text never English,
documents not in English never scored, hashes of the input and not of a
column that claims to be one, every source path inside the corpus, nothing
unprintable on the terminal).

``test_matrix_summary`` counts the outcomes; ``pytest -s`` prints them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import stat
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from input_cases import CASES, CATEGORIES, OUTCOMES, Case

from analysis.__main__ import main
from analysis.corpus import input_problems, load_corpus
from analysis.errors import CorpusError, printable
from analysis.pipeline import score_corpus
from analysis.scoring import DOCUMENT_META

#: A step (loading, scoring) still running after this many seconds is taken as a hang; every step takes seconds.
HANG_SECONDS = 120
#: A report run still going after this many seconds is taken as a hang.
REPORT_HANG_SECONDS = 600
COLUMN_OPTIONS = {"text_column": "--text-column", "id_column": "--id-column", "title_column": "--title-column",
                  "date_column": "--date-column", "outlet_column": "--outlet-column"}
MARKUP = re.compile(r"</?(?:p|div|span|a|img|script|style|br|html|body|head|title|item|description|iframe|article|nav|footer|h1)\b[^>]*>"
                    r"|\bonerror\s*=|\bhref\s*=", re.IGNORECASE)
ENTITY = re.compile(r"&(?:amp|lt|gt|quot|apos|nbsp|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")
#: Control characters other than white space (a carriage return left in a text is checked apart: a line-ending fault).
CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
#: What must never reach the terminal as it is: C0/C1 controls but tab and line feed, bidirectional overrides.
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
LATIN = re.compile("[A-Za-z]")
TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet")


@dataclass
class Observation:
    """What happened to one case; ``passed`` once every check held."""

    case: Case
    crash: str = ""
    hang: str = ""
    modified: bool = False
    wrong: str = ""
    passed: bool = False


RESULTS: dict[str, Observation] = {}
REPORTS: dict[str, str] = {}


class Hang(BaseException):
    """Raised by the alarm of :func:`time_limit` (a BaseException, so no ``except Exception`` on the way swallows it)."""


@contextmanager
def time_limit(seconds: float):
    def alarm(signum, frame):
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under *root*: links by their target, regular files by mode, size, modification time and hash, the rest by mode and time.

    Nothing is followed, and nothing but regular files is opened (a FIFO would block).
    """
    state: dict[str, tuple] = {}
    for top, dirs, names in os.walk(root, followlinks=False):
        for name in dirs + names:
            path = Path(top) / name
            info = path.lstat()
            key = str(path.relative_to(root))
            if stat.S_ISLNK(info.st_mode):
                state[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest() if os.access(path, os.R_OK) else None
                state[key] = ("file", info.st_mode, info.st_size, info.st_mtime_ns, digest)
            else:
                state[key] = ("other", info.st_mode, info.st_mtime_ns)
    return state


def cli_arguments(case: Case, source) -> list[str]:
    paths = [str(p) for p in source] if isinstance(source, list) else [str(source)]
    return paths + [argument for name, value in case.options.items() for argument in (COLUMN_OPTIONS[name], value)]


def run_load(case: Case, source):
    """``load_corpus`` on *source*: the documents (``None`` when refused), the refusal, the warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            docs = load_corpus(source, **case.options)
        except (CorpusError, FileNotFoundError) as error:
            return None, error, [str(w.message) for w in caught]
    return docs, None, [str(w.message) for w in caught]


def run_score(case: Case, source, out: Path, capsys) -> tuple[int, str, str]:
    """``python -m analysis score`` on *source* in this process: exit status, stdout, stderr."""
    capsys.readouterr()
    if isinstance(source, pd.DataFrame):  # the command line reads paths; a DataFrame goes to the library call it wraps
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                manifest = score_corpus(source, out, jobs=1, cache=False, progress=False, **case.options)
            except CorpusError as error:
                return 2, "", f"error: {error}\n"
        n_documents = json.loads(manifest.read_text(encoding="utf-8"))["corpus"]["n_documents"]
        return (0 if n_documents else 2), "", "".join(f"warning: {w.message}\n" for w in caught)
    status = main(["score", *cli_arguments(case, source), "--out", str(out), "--jobs", "1", "--no-cache"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def patterns(problem: str | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p for p in ((problem,) if isinstance(problem, str) else problem) if p)


def said(docs, error) -> str:
    """The problems of a load, one ``path: problem`` a line, as they are and as they are printed."""
    if error is None:
        lines = [f"{row.source_path}: {row.problem}" for row in input_problems(docs).itertuples(index=False)]
        text = "\n".join(lines)
    elif isinstance(error, CorpusError):
        text = f"{error.path}: {error.problem}"
    else:
        text = str(error)
    return text + "\n" + printable(text, keep_lines=True)


def same(actual, expected) -> bool:
    if expected is None:
        return actual is None or bool(pd.isna(actual))
    return not (actual is None or (not isinstance(actual, (list, dict)) and pd.isna(actual))) and actual == expected


def check_documents(case: Case, root: Path, docs: pd.DataFrame | None, error) -> None:
    """The documents ``load_corpus`` gave: outcome, problems, repairs, fields, and nothing silently wrong."""
    problems = said(docs, error)
    n_docs = 0 if docs is None else len(docs)
    assert n_docs == case.n_docs, f"{n_docs} document(s), expected {case.n_docs}; problems: {problems}"
    for pattern in patterns(case.problem):
        assert re.search(pattern, problems, re.DOTALL), f"no problem matching {pattern!r} in:\n{problems}"
    if case.outcome != "refused":
        assert error is None and input_problems(docs).empty, f"a {case.outcome} case has problems:\n{problems}"
    if not n_docs:
        return
    repairs = (docs["repairs"].fillna("").astype(str) + " | " + docs["inferred"].fillna("").astype(str)).tolist()
    if case.outcome == "repaired":
        assert any(re.search(case.repair, r) for r in repairs), f"no repair matching {case.repair!r} in {repairs}"
    elif case.outcome == "loaded":
        assert (docs["repairs"].fillna("") == "").all(), f"a loaded case records repairs: {docs['repairs'].tolist()}"
    texts = docs["text"].tolist()
    titles = [t for t in docs["title"].tolist() if isinstance(t, str)]
    everything = "\n".join(texts + titles)
    for wanted in case.contains:
        assert wanted in everything, f"{wanted!r} is not in the texts and titles: {everything[:600]!r}"
    for unwanted in case.absent:
        assert unwanted not in everything, f"{unwanted!r} is in the texts or titles"
    for doc in docs.itertuples(index=False):
        text = doc.text
        assert isinstance(text, str) and text.strip(), f"{doc.doc_id!r} has no text"
        for what, value in (("text", text), ("title", doc.title if isinstance(doc.title, str) else "")):
            assert not MARKUP.search(value), f"markup in the {what} of {doc.doc_id!r}: {MARKUP.search(value).group()!r}"
            assert not ENTITY.search(value), f"an undecoded entity in the {what} of {doc.doc_id!r}: {ENTITY.search(value).group()!r}"
            assert not CONTROL.search(value), f"a control character in the {what} of {doc.doc_id!r}: {CONTROL.search(value).group()!r}"
        assert "\r" not in text, f"a carriage return in the text of {doc.doc_id!r}"
        if not case.replacement_ok:
            assert "\ufffd" not in text, f"U+FFFD in the text of {doc.doc_id!r}"
        if len(CYRILLIC.findall(text)) > len(LATIN.findall(text)):
            assert doc.language != "en", f"{doc.doc_id!r} is Cyrillic text taken for English"
        if isinstance(case.language, str):
            assert doc.language == case.language, f"{doc.doc_id!r} is {doc.language!r}, expected {case.language!r}"
        elif case.language is not None:
            assert doc.language in case.language, f"{doc.doc_id!r} is {doc.language!r}, expected one of {case.language}"
        # the hash is of the input (the file, or the row's text), never a value a column gave
        if pd.isna(doc.source_row):
            assert doc.sha256 == hashlib.sha256(Path(doc.source_path).read_bytes()).hexdigest(), f"{doc.doc_id!r}: sha256 is not the file's"
        else:
            assert doc.sha256 == hashlib.sha256(doc.raw_text.encode("utf-8")).hexdigest(), f"{doc.doc_id!r}: sha256 is not the row's text's"
        if doc.source_path != "<DataFrame>":
            assert Path(doc.source_path).resolve().is_relative_to(root.resolve()), f"{doc.doc_id!r} was read from {doc.source_path!r}"
    by_id = docs.set_index("doc_id")
    for doc_id, expected in case.fields.items():
        assert doc_id in by_id.index, f"no document {doc_id!r}; ids: {docs['doc_id'].tolist()}"
        for name, value in expected.items():
            actual = by_id.loc[doc_id, name] if name in by_id.columns else "<no such column>"
            assert same(actual, value), f"{doc_id!r}: {name} is {actual!r}, expected {value!r}"


def check_score(case: Case, docs: pd.DataFrame | None, error, status: int, out: str, err: str, out_dir: Path) -> None:
    """The command line's exit status and messages, and the documents table it wrote."""
    assert status == case.exit_status, f"score exited {status}, expected {case.exit_status}; stderr:\n{err}"
    shown = UNPRINTABLE.search(out + err)
    assert shown is None, f"the command line printed {shown.group()!r} as it is"
    for pattern in patterns(case.problem):
        assert re.search(pattern, err, re.DOTALL), f"score's stderr has no problem matching {pattern!r}:\n{err}"
    if status:
        errors = [line for line in err.splitlines() if line.startswith("error:")]
        assert len(errors) == 1, f"expected one error line:\n{err}"
        return
    documents = pd.read_parquet(out_dir / "documents.parquet")
    assert sorted(documents["doc_id"]) == sorted(docs["doc_id"]), "score and load_corpus read different documents"
    languages = docs.set_index("doc_id")["language"]
    for row in documents.itertuples(index=False):
        assert row.language == languages[row.doc_id], f"{row.doc_id!r}: score says {row.language!r}, load_corpus {languages[row.doc_id]!r}"
        assert bool(row.scored) == (row.language == "en"), f"{row.doc_id!r} ({row.language}) has scored={row.scored}"
    unscored = documents.loc[~documents["scored"].astype(bool)]
    measures = [c for c in documents.columns if c not in DOCUMENT_META and c != "scored"]
    assert measures, "the documents table has no measure columns"
    for column in measures:
        assert unscored[column].isna().all(), f"documents not in English have values in {column!r}: {unscored[column].tolist()}"


def _marks(case: Case):
    return [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=_marks(c)) for c in CASES])
def test_input_case(case, tmp_path, capsys):
    if case.skip is not None and case.skip():
        pytest.skip(case.skip())
    observation = RESULTS[case.name] = Observation(case)
    root = tmp_path / "case"
    root.mkdir()
    source = case.build(root)
    before = snapshot(root)
    frame = source.copy(deep=True) if isinstance(source, pd.DataFrame) else None
    try:
        with time_limit(HANG_SECONDS):
            docs, error, _ = run_load(case, source)
        with time_limit(HANG_SECONDS):
            status, out, err = run_score(case, source, tmp_path / "out", capsys)
    except Hang as hang:
        observation.hang = str(hang)
        pytest.fail(f"hang: {hang}")
    except BaseException as exc:
        observation.crash = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        observation.modified = snapshot(root) != before or (frame is not None and not frame.equals(source))
    assert not observation.modified, "the input was modified"
    if status == 1 or "Traceback" in err:
        observation.crash = f"score exited {status}: {err[-800:]}"
    assert not observation.crash, observation.crash
    try:
        check_documents(case, root, docs, error)
        check_score(case, docs, error, status, out, err, tmp_path / "out")
    except AssertionError as exc:
        observation.wrong = str(exc).splitlines()[0][:300]
        raise
    observation.passed = True


REPORT_CASES = [c for c in CASES if c.report]


@pytest.mark.slow
@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=c.report_xfail)] if c.report_xfail else [])
                                  for c in REPORT_CASES])
def test_report_on_case(case, tmp_path, capsys):
    """``python -m analysis report --only corpus_overview`` (or the case's ``report_only``) on one case per category: it runs, and the input is untouched."""
    root = tmp_path / "case"
    root.mkdir()
    source = case.build(root)
    before = snapshot(root)
    REPORTS[case.name] = "failed"
    capsys.readouterr()
    with time_limit(REPORT_HANG_SECONDS):
        status = main(["report", "--corpus", str(source), "--out", str(tmp_path / "reports"), "--only", case.report_only,
                       "--jobs", "1", "--cache", str(tmp_path / "cache")])
    captured = capsys.readouterr()
    assert snapshot(root) == before, "the input was modified"
    assert "Traceback" not in captured.err
    shown = UNPRINTABLE.search(captured.out + captured.err)
    assert shown is None, f"the command line printed {shown.group()!r} as it is"
    assert status == case.exit_status, f"report exited {status}:\n{captured.out}\n{captured.err}"
    if status == 0:
        assert "1 report(s) in" in captured.out and "FAILED" not in captured.out, captured.out
        assert (tmp_path / "reports" / "latest").exists()
    REPORTS[case.name] = "ok" if status == 0 else "refused"


def test_matrix_summary():
    """The counts the matrix is quoted by: at least 80 kinds of input, no crash, hang, modified input or silently wrong result."""
    assert len(CASES) >= 80, f"only {len(CASES)} kinds of input"
    assert len({c.name for c in CASES}) == len(CASES)
    assert {c.category for c in CASES} == set(CATEGORIES)
    assert {c.category for c in REPORT_CASES} == set(CATEGORIES), "one report run per category"
    assert {c.outcome for c in CASES} == set(OUTCOMES)
    counted = [o for o in RESULTS.values() if not o.case.xfail]
    counts = {
        "cases": len(CASES),
        "run": len(RESULTS),
        **{outcome: sum(o.passed and o.case.outcome == outcome for o in counted) for outcome in OUTCOMES},
        "known failures (xfail)": sum(1 for c in CASES if c.xfail),
        "crashes": sum(bool(o.crash) for o in counted),
        "hangs": sum(bool(o.hang) for o in counted),
        "modified": sum(o.modified for o in counted),
        "silently wrong": sum(bool(o.wrong) for o in counted),
        "report runs": f"{sum(v == 'ok' for v in REPORTS.values())} ok, {sum(v == 'refused' for v in REPORTS.values())} refused, "
                       f"{sum(v == 'failed' for v in REPORTS.values())} failed, of {len(REPORT_CASES)}",
    }
    by_category = {category: {outcome: sum(c.category == category and c.outcome == outcome for c in CASES) for outcome in OUTCOMES}
                   for category in CATEGORIES}
    print("\ninput matrix:", ", ".join(f"{k}={v}" for k, v in counts.items()))
    for category, row in by_category.items():
        print(f"  {category:<10} " + ", ".join(f"{k}={v}" for k, v in row.items()))
    for case in CASES:
        if case.xfail:
            print(f"  xfail {case.name}: {case.xfail}")
    for name, observation in RESULTS.items():
        for what in ("crash", "hang", "wrong"):
            if getattr(observation, what) and not observation.case.xfail:
                print(f"  {what} {name}: {getattr(observation, what)}")
    assert counts["crashes"] == counts["hangs"] == counts["modified"] == counts["silently wrong"] == 0
