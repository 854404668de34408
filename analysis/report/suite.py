"""The suite file (``reports.toml``) and the checks every parameter passes before anything runs.

:func:`read_suite` reads a suite: which notebooks to run and how their
parameter sets are made (:class:`SuiteEntry`). The ``*_problems`` functions
check parameter values against the notebook that receives them (declared in
its ``parameters`` cell, with a matching type) and against the corpus (a
document, a mentioned actor, a document column, a frame dictionary); the plan
(:mod:`analysis.report.plan`) calls them for every report it makes. Every
refusal is a :class:`SuiteError` that lists each problem on its own line with
the valid choices.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

#: A suite file of this name in the working directory is run by default; else the suite shipped with the notebooks.
SUITE_FILE = "reports.toml"
#: The suites shipped with the notebooks, by the name ``--suite`` takes from any folder: the reports on a corpus
#: (the default) and the teaching course (a student's and an instructor's copy of each teaching notebook).
SHIPPED_SUITES = {"reports": SUITE_FILE, "teaching": "teaching.toml"}
#: The corpus's column options (``--text-column`` ...; :func:`analysis.load_corpus`'s ``*_column``), passed by the
#: runner to the notebooks that declare them: a notebook given no ``scores_dir`` reads the corpus with them.
COLUMN_PARAMETERS = ("text_column", "id_column", "title_column", "date_column", "outlet_column")
#: Parameters the runner sets; a suite may not set them. ``scores_dir`` is the scored corpus's cache entry
#: (read with :func:`analysis.cache.read_scores`), so a notebook reads only the tables, columns and rows it needs;
#: ``gazetteer`` is the actor list it was scored with (``report --actors``, the suite's top-level ``actors``).
RUNNER_PARAMETERS = ("corpus", "since", "tables_dir", "scores_dir", "gazetteer", *COLUMN_PARAMETERS)
#: The notebook parameter that gets the run's frame scheme (``report --scheme``/``--frames``, the suite's top-level
#: ``scheme``/``frames``) where the entry sets none: an entry may set its own (the framing report matches it itself).
SCHEME_PARAMETER = "scheme"
#: The frame scheme and the actor list a run scores with when neither the options nor the suite name one.
DEFAULT_SCHEME = "eurasia"
DEFAULT_ACTORS = "default"
#: Keys allowed at the top of a suite file, and in each ``[[report]]`` table.
SUITE_KEYS = ("notebooks", "scheme", "frames", "actors", "documents", "report")
ENTRY_KEYS = ("notebook", "name", "parameters", "grid", "per", "parameter", "min_mentions", "top", "by", "timeout", "show_code")
#: ``per = ...`` choices and the parameter each passes its id to by default.
Per = Literal["document", "actor"]
PER_PARAMETER = {"document": "doc_id", "actor": "actor"}
#: ``per = ...`` entries make pages for the ``top`` documents or actors only (default below); on a corpus with
#: at most that many, every one gets its page. The others stay findable in the run's documents and actors tables.
DEFAULT_TOP = {"document": 20, "actor": 20}
#: On a corpus of at most this many documents, ``per = "actor"`` without ``top`` makes a page for every actor
#: mentioned ``min_mentions`` times (each page is quick to make there, and the seeds keep every actor page).
SMALL_CORPUS = 30
#: ``by = ...`` for ``per = "document"``: how the top documents are chosen, each the column of the ``documents``
#: score table it ranks by, highest first (``tone``: the largest absolute mean sentence compound, either sign).
#: Ties go to the document that comes first in the corpus; unscored documents (not English) rank last.
DocumentRanking = Literal["actor_mentions", "quotes", "frame_hits", "tone", "words"]
DOCUMENT_RANKING = {"actor_mentions": "n_actor_mentions", "quotes": "n_quotes", "frame_hits": "frame_hits",
                    "tone": "compound_mean", "words": "n_words"}
#: The default ``by``: the documents that name the most actors are the ones an actor-centred reading starts from.
DEFAULT_RANKING = "actor_mentions"
#: Seconds a notebook may run before it is stopped and reported ``timed out`` (suite ``timeout``, ``--timeout``).
DEFAULT_TIMEOUT = 1800
#: How many valid choices an error message lists before giving the count.
CHOICES_SHOWN = 10

SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class SuiteError(ValueError):
    """A suite, a parameter or an option the runner refuses before running anything; one problem per line."""


@dataclass(frozen=True)
class SuiteEntry:
    """One ``[[report]]`` table of a suite: a notebook and how its parameter sets are made."""

    name: str
    notebook: Path
    parameters: Mapping[str, object] = field(default_factory=dict)
    grid: Mapping[str, tuple] = field(default_factory=dict)
    per: Per | None = None
    parameter: str | None = None
    min_mentions: int = 1
    top: int | None = None
    by: DocumentRanking | None = None
    timeout: float | None = None
    show_code: bool = False


@dataclass(frozen=True)
class Suite:
    """The reports to run: the suite file(s) read by :func:`read_suite` (``path`` is ``None`` when built in code).

    ``path`` is the (first) suite file; ``files`` every file the entries come from, in order.
    ``frames`` (a shipped scheme such as ``generic`` or ``eurasia:model``, or
    the absolute path of a dictionary file), ``actors`` (``default`` or the
    absolute path of a gazetteer file) and ``documents`` (the doc_ids that get
    a per-document report) are the suite's top-level settings; ``None`` where
    it gives none (the options of :func:`~analysis.report.run_suite` come
    first, then these, then :data:`DEFAULT_SCHEME` and :data:`DEFAULT_ACTORS`).
    """

    entries: tuple[SuiteEntry, ...]
    path: Path | None = None
    files: tuple[Path, ...] = ()
    frames: str | None = None
    actors: str | None = None
    documents: tuple[str, ...] | None = None


def shipped_notebooks() -> Path:
    """The folder of the notebooks (and their suite, ``reports.toml``) that ship with the package.

    Installed from a wheel they are ``analysis/notebooks`` inside the package;
    in a source checkout (an editable install) they are the project's
    ``notebooks/`` folder beside the package.
    """
    for folder in (Path(str(resources.files("analysis") / "notebooks")), Path(__file__).resolve().parents[2] / "notebooks"):
        if (folder / SUITE_FILE).is_file():
            return folder
    raise FileNotFoundError(f"the notebooks that ship with the package are missing: no {SUITE_FILE} in analysis/notebooks or notebooks/")


def default_suite() -> Path:
    """The suite run when none is named: ``reports.toml`` in the working directory if there is one, else the shipped suite.

    >>> default_suite().name
    'reports.toml'
    """
    here = Path(SUITE_FILE)
    return here if here.is_file() else shipped_notebooks() / SUITE_FILE


def find_suite(value: str | Path) -> Path:
    """The suite file *value* names: a path, or the name of a suite shipped with the notebooks (:data:`SHIPPED_SUITES`).

    A path is taken as given when it is a file or ends in a suffix; otherwise
    a shipped suite's name (``reports``, ``teaching``) gives that suite's file,
    from any working folder.

    >>> find_suite("teaching").name, find_suite("my/suite.toml").as_posix()
    ('teaching.toml', 'my/suite.toml')
    """
    path = Path(value)
    if path.is_file() or path.suffix or str(value) not in SHIPPED_SUITES:
        return path
    return shipped_notebooks() / SHIPPED_SUITES[str(value)]


def read_suite(path: str | Path | Sequence[str | Path] | None = None, *, notebooks: str | Path | None = None) -> Suite:
    """Read a suite file (TOML), or several as one suite: the notebooks to run and their parameter grids.

    Top level: ``notebooks`` (the notebook folder, relative to the suite file;
    default ``notebooks``); the run's settings, each optional: ``scheme`` (a
    shipped frame scheme, with its method: ``generic``, ``eurasia:model``) or
    ``frames`` (a frame dictionary file), ``actors`` (an actor list file, or
    ``default``) — files relative to the suite file — and ``documents`` (the
    doc_ids that get a per-document report); and a list of ``[[report]]``
    tables, each with
    ``notebook`` (a name in that folder, or a path ending ``.ipynb``), optional
    ``name`` (default: the notebook's name), ``parameters`` (fixed values),
    ``grid`` (parameter -> list of values: one report per combination),
    ``per`` (``"document"``: one report per document, its id passed as
    ``doc_id``; ``"actor"``: one per actor mentioned at least ``min_mentions``
    times, passed as ``actor``), ``top`` (with ``per``: pages for this many
    documents or actors only, default :data:`DEFAULT_TOP`; for actors on a
    corpus of at most :data:`SMALL_CORPUS` documents, every actor), ``by`` (with
    ``per = "document"``: the ranking that picks them, one of
    :data:`DOCUMENT_RANKING`, default :data:`DEFAULT_RANKING`; actors are
    ranked by mentions), ``parameter`` (another parameter to pass the id to)
    ``timeout`` (seconds the notebook may run, default
    :data:`DEFAULT_TIMEOUT`) and ``show_code`` (``true``: the report's HTML
    page keeps its code cells, as ``--show-code`` does for every report; the
    teaching notebooks, whose code is what they teach, set it). *notebooks*
    overrides the suite's notebook folder.

    *path* is a file or the name of a shipped suite (:func:`find_suite`),
    default :func:`default_suite`; a list of them is read as one suite, the
    entries of each file in order, each file's notebooks from its own folder
    (a report name used in two of them is refused). Raises :class:`SuiteError`
    listing every problem, or ``FileNotFoundError``.
    """
    if isinstance(path, (list, tuple)):
        if not path:
            raise SuiteError("--suite needs at least one suite file or shipped suite name (" + ", ".join(SHIPPED_SUITES) + ")")
        parts = [read_suite(one, notebooks=notebooks) for one in path]
        entries = tuple(entry for part in parts for entry in part.entries)
        files = tuple(dict.fromkeys(file for part in parts for file in part.files))
        twice = [n for n, k in sorted(Counter(e.name for e in entries).items()) if k > 1]
        if twice:
            raise SuiteError("\n".join(f"report name {n!r} is used in more than one of the suites {', '.join(map(str, files))}; "
                                       "give one a different name = \"...\"" for n in twice))
        settings = {}
        for key in ("frames", "actors", "documents"):
            given = {getattr(part, key) for part in parts} - {None}
            if len(given) > 1:
                raise SuiteError(f"the suites {', '.join(map(str, files))} set {key} differently ({', '.join(sorted(map(str, given)))}); "
                                 f"set it in one of them, or give it as an option of report")
            settings[key] = next(iter(given), None)
        return Suite(entries, files[0], files, **settings)
    path = find_suite(path) if path is not None else default_suite()
    if not path.is_file():
        raise FileNotFoundError(f"suite file {str(path)!r} does not exist (give --suite FILE, a TOML file of [[report]] tables, "
                                f"or the name of a shipped suite: {', '.join(SHIPPED_SUITES)})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SuiteError(f"suite file {str(path)!r} is not valid TOML: {exc}") from None
    problems = [f"{path}: unknown key {key!r}; valid keys: {', '.join(SUITE_KEYS)}" for key in data if key not in SUITE_KEYS]
    folder = Path(notebooks) if notebooks is not None else path.parent / str(data.get("notebooks", "notebooks"))
    frames, actors, documents = _read_settings(data, base=path.parent.resolve(), problems=problems, where=str(path))
    tables = data.get("report", [])
    if not isinstance(tables, list) or not tables:
        problems.append(f"{path}: lists no [[report]] tables (each needs at least notebook = \"NAME\")")
        tables = []
    entries = []
    for number, table in enumerate(tables, start=1):
        entry, entry_problems = _read_entry(table, folder.resolve(), base=path.parent.resolve())
        problems += [f"{path}: report #{number}: {p}" for p in entry_problems]
        if entry is not None:
            entries.append(entry)
    problems += [f"{path}: report name {n!r} is used twice; give one a different name = \"...\"" for n, k in sorted(Counter(e.name for e in entries).items()) if k > 1]
    if problems:
        raise SuiteError("\n".join(problems))
    return Suite(tuple(entries), path.resolve(), (path.resolve(),), frames, actors, documents)


def _read_settings(data: Mapping[str, object], *, base: Path, problems: list[str], where: str) -> tuple[str | None, str | None, tuple[str, ...] | None]:
    """The suite's top-level ``scheme``/``frames``, ``actors`` and ``documents``, checked; each problem added to *problems*."""
    frames = actors = documents = None
    if "scheme" in data and "frames" in data:
        problems.append(f"{where}: give scheme (a shipped scheme) or frames (a dictionary file), not both")
    try:
        if "scheme" in data:
            frames = check_scheme(data["scheme"], option="scheme")
        elif "frames" in data:
            frames = check_frames_file(data["frames"], option="frames", base=base)
    except SuiteError as exc:
        problems.append(f"{where}: {exc}")
    try:
        if "actors" in data:
            actors = check_actors(data["actors"], option="actors", base=base)
    except SuiteError as exc:
        problems.append(f"{where}: {exc}")
    if "documents" in data:
        listed = data["documents"]
        if not isinstance(listed, list) or not listed or not all(isinstance(d, str) and d for d in listed):
            problems.append(f"{where}: documents must be a non-empty list of doc_ids (documents = [\"ID\", ...]); got {listed!r}")
        else:
            documents = tuple(listed)
    return frames, actors, documents


def check_scheme(value: object, *, option: str = "--scheme") -> str:
    """Return *value*, a shipped frame scheme with an optional method (``NAME[:METHOD]``); refuse anything else.

    The schemes are :data:`analysis.lexicons.SHIPPED_DICTIONARIES`; the
    methods ``dictionary`` (the default), ``model`` and ``combined``
    (:func:`analysis.frame_model.parse_frames_option`), the last two only for
    a scheme with a learned model. A dictionary file is ``--frames FILE``.

    >>> check_scheme("generic"), check_scheme("eurasia:combined")
    ('generic', 'eurasia:combined')
    >>> check_scheme("policy:model")
    Traceback (most recent call last):
    ...
    analysis.report.suite.SuiteError: --scheme 'policy:model': the scheme 'policy' has no learned model; valid: eurasia, generic, policy, eurasia:model, eurasia:combined, generic:model, generic:combined
    """
    from ..frame_model import METHODS
    from ..lexicons import SHIPPED_DICTIONARIES

    valid = [*SHIPPED_DICTIONARIES, *(f"{s}:{m}" for s in SHIPPED_DICTIONARIES for m in METHODS[1:] if _has_model(s, m))]
    listing = f"valid: {', '.join(valid)}"
    if not isinstance(value, str) or not value:
        raise SuiteError(f"{option} must name a frame scheme; {listing}")
    name, _, method = value.partition(":")
    if name not in SHIPPED_DICTIONARIES:
        hint = f" (for a dictionary file use {'--frames FILE' if option.startswith('--') else 'frames = FILE'})" if Path(value).suffix else ""
        raise SuiteError(f"{option} {value!r} is not a shipped frame scheme{hint}; {listing}")
    if method and method not in METHODS:
        raise SuiteError(f"{option} {value!r}: the method after ':' must be one of {', '.join(METHODS)}; {listing}")
    if method in METHODS[1:] and not _has_model(name, method):
        raise SuiteError(f"{option} {value!r}: the scheme {name!r} has no learned model; {listing}")
    return name if method in ("", "dictionary") else value


def _has_model(scheme: str, kind: str) -> bool:
    """Whether the package holds a learned *kind* frame model of *scheme* (its file, not read here)."""
    from ..frame_model import model_path

    try:
        model_path(scheme, kind=kind)
    except FileNotFoundError:
        return False
    return True


def check_frames_file(value: object, *, option: str = "--frames", base: Path | None = None) -> str:
    """Return the absolute path of the frame dictionary file *value* (relative to *base*), read once to check it; refuse anything else."""
    from ..lexicons import load_dictionary

    path = _resolve_file(value, option=option, what="a frame dictionary file (.yml, .yaml or .dic)", base=base)
    try:
        load_dictionary(path)
    except (ValueError, OSError, TypeError) as exc:
        raise SuiteError(f"{option} {str(value)!r} cannot be read as a frame dictionary: {exc}") from None
    return path


def check_actors(value: object, *, option: str = "--actors", base: Path | None = None) -> str:
    """Return ``default`` or the absolute path of the actor list (gazetteer) file *value* (relative to *base*), read once to check it."""
    from ..lexicons import load_gazetteer

    if value == DEFAULT_ACTORS:
        return DEFAULT_ACTORS
    path = _resolve_file(value, option=option, what=f"an actor list file (a gazetteer CSV), or {DEFAULT_ACTORS!r}", base=base)
    try:
        load_gazetteer(path)
    except (ValueError, OSError, TypeError, KeyError) as exc:
        raise SuiteError(f"{option} {str(value)!r} cannot be read as an actor list: {exc}") from None
    return path


def _resolve_file(value: object, *, option: str, what: str, base: Path | None) -> str:
    if not isinstance(value, (str, Path)) or not str(value):
        raise SuiteError(f"{option} must be the path of {what}; got {value!r}")
    path = Path(value).expanduser()
    path = path if path.is_absolute() or base is None else base / path
    if not path.is_file():
        raise SuiteError(f"{option} {str(value)!r}: no such file ({str(path.resolve())!r}); give the path of {what}")
    return str(path.resolve())


def _read_entry(table: object, folder: Path, *, base: Path) -> tuple[SuiteEntry | None, list[str]]:
    if not isinstance(table, dict):
        return None, [f"is a {type(table).__name__}, not a table"]
    problems = [f"unknown key {key!r}; valid keys: {', '.join(ENTRY_KEYS)}" for key in table if key not in ENTRY_KEYS]
    notebook = table.get("notebook")
    if not isinstance(notebook, str) or not notebook:
        return None, problems + ["needs notebook = \"NAME\" (a notebook in the notebooks folder)"]
    path = (folder / notebook) if notebook.endswith(".ipynb") else folder / f"{notebook}.ipynb"
    name = table.get("name", path.stem)
    if not isinstance(name, str) or not name or SAFE_NAME.search(name) or name.startswith("."):
        problems.append(f"name {name!r} is not safe as a file name; use letters, digits, '.', '_' and '-'")
    parameters = table.get("parameters", {})
    grid = table.get("grid", {})
    if not isinstance(parameters, dict):
        problems.append(f"parameters must be a table (parameters = {{ name = value }}); got {parameters!r}")
        parameters = {}
    if not isinstance(grid, dict) or not all(isinstance(v, list) and v for v in grid.values()):
        problems.append(f"grid must be a table of non-empty lists (grid = {{ name = [value, ...] }}); got {grid!r}")
        grid = {}
    per, parameter, min_mentions = table.get("per"), table.get("parameter"), table.get("min_mentions", 1)
    if per is not None and per not in PER_PARAMETER:
        problems.append(f"per = {per!r} is not one of {', '.join(map(repr, PER_PARAMETER))}")
        per = None
    if parameter is not None and (per is None or not isinstance(parameter, str)):
        problems.append(f"parameter = {parameter!r} needs per = \"document\" or \"actor\" and must be a parameter name")
    if "min_mentions" in table and per != "actor":
        problems.append("min_mentions applies only to per = \"actor\"")
    if isinstance(min_mentions, bool) or not isinstance(min_mentions, int) or min_mentions < 1:
        problems.append(f"min_mentions must be a whole number of at least 1; got {min_mentions!r}")
    top, by, timeout = table.get("top"), table.get("by"), table.get("timeout")
    if top is not None and per is None:
        problems.append("top applies only to per = \"document\" or per = \"actor\"")
    elif top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        problems.append(f"top must be a whole number of at least 1 (pages made for the top N); got {top!r}")
        top = None
    if by is not None and per != "document":
        problems.append("by applies only to per = \"document\" (actors are ranked by mentions)")
    elif by is not None and by not in DOCUMENT_RANKING:
        problems.append(f"by = {by!r} is not one of {', '.join(map(repr, DOCUMENT_RANKING))}")
        by = None
    if timeout is not None:
        try:
            timeout = check_timeout(timeout, option="timeout")
        except SuiteError as exc:
            problems.append(str(exc))
            timeout = None
    show_code = table.get("show_code", False)
    if not isinstance(show_code, bool):
        problems.append(f"show_code must be true or false; got {show_code!r}")
        show_code = False
    if per is not None:
        top = top if isinstance(top, int) and not isinstance(top, bool) else DEFAULT_TOP[per] if per == "document" else None
    if per == "document":
        by = by or DEFAULT_RANKING
    if per is not None and parameter is None:
        parameter = PER_PARAMETER[per]
    given = [*parameters, *grid, *([parameter] if per else [])]
    problems += [f"parameter {p!r} is given twice (in parameters, grid or per)" for p in sorted({p for p in given if given.count(p) > 1})]
    problems += [f"parameter {p!r} is set by the runner, not the suite" for p in given if p in RUNNER_PARAMETERS]
    scheme_values = [parameters["scheme"]] if "scheme" in parameters else list(grid.get("scheme", []))
    resolved = {value: str((base / value).resolve()) for value in scheme_values if isinstance(value, str) and (base / value).is_file()}
    if resolved:  # a dictionary file named in the suite is read from the suite's folder, whatever the notebook's folder
        parameters = {k: resolved.get(v, v) if k == "scheme" else v for k, v in parameters.items()}
        grid = {k: [resolved.get(v, v) for v in values] if k == "scheme" else values for k, values in grid.items()}
    entry = SuiteEntry(name, path, dict(parameters), {k: tuple(v) for k, v in grid.items()}, per, parameter,
                       min_mentions if isinstance(min_mentions, int) else 1, top if per else None,
                       by if per == "document" else None, timeout, show_code)
    return entry, problems


# --------------------------------------------------------------------------- parameter checks


def check_since(since: str | None) -> str | None:
    """Return *since* (``YYYY-MM-DD``, a real day) or ``None`` for an empty value; refuse anything else.

    >>> check_since("2025-11-28")
    '2025-11-28'
    >>> check_since("28.11.2025")
    Traceback (most recent call last):
    ...
    analysis.report.suite.SuiteError: --since '28.11.2025' is not a date written YYYY-MM-DD (e.g. 2025-11-28)
    """
    if since is None or since == "":
        return None
    if not isinstance(since, str) or not _DATE.fullmatch(since):
        raise SuiteError(f"--since {since!r} is not a date written YYYY-MM-DD (e.g. 2025-11-28)")
    try:
        dt.date.fromisoformat(since)
    except ValueError:
        raise SuiteError(f"--since {since!r} is not a day of the calendar (YYYY-MM-DD)") from None
    return since


def check_timeout(seconds: object, *, option: str = "--timeout") -> float:
    """Return *seconds* (a positive number of seconds a notebook may run) as a float; refuse anything else.

    >>> check_timeout(90)
    90.0
    >>> check_timeout(0)
    Traceback (most recent call last):
    ...
    analysis.report.suite.SuiteError: --timeout must be a positive number of seconds (e.g. 1800); got 0
    """
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds > 0 or seconds == float("inf"):
        raise SuiteError(f"{option} must be a positive number of seconds (e.g. {DEFAULT_TIMEOUT}); got {seconds!r}")
    return float(seconds)


def declared_parameters(notebook: Path) -> dict[str, dict] | None:
    """The parameters *notebook* declares in its ``parameters`` cell (``papermill.inspect_notebook``); ``None`` when unreadable."""
    import papermill

    try:
        return papermill.inspect_notebook(str(notebook))
    except Exception:  # noqa: BLE001 - a notebook papermill cannot parse is reported, with its path
        return None


def parameter_problems(values: Mapping[str, list], declared: Mapping[str, dict], notebook: str) -> list[str]:
    """Parameters *notebook* does not declare, and values whose type is not the declared one."""
    problems = []
    for name, candidates in values.items():
        if name not in declared:
            settable = [p for p in declared if p not in RUNNER_PARAMETERS]
            listed = format_choices(settable) if settable else f"(none besides {', '.join(RUNNER_PARAMETERS)})"
            problems.append(f"parameter {name!r} is not declared in {notebook}; its parameters: {listed}")
            continue
        expected = _expected_type(declared[name])
        for value in candidates:
            if expected is not None and not _has_type(value, expected):
                problems.append(f"parameter {name} = {value!r} is a {type(value).__name__}; {notebook} declares it {expected}")
    return problems


def value_problems(values: Mapping[str, list], *, documents: Sequence[str], actors: Sequence[str], columns: Sequence[str]) -> list[str]:
    """Values that must exist in the corpus: a document, a mentioned actor, a document column, a frame dictionary."""
    known_documents, known_actors = set(documents), set(actors)
    problems = []
    for name, candidates in values.items():
        for value in candidates:
            if name == "doc_id" and value not in known_documents:
                problems.append(f"doc_id = {value!r} is not a document of the corpus; valid: {format_choices(documents)}")
            elif name == "actor" and value not in known_actors:
                problems.append(f"actor = {value!r} is not an actor mentioned in the corpus; valid: {format_choices(actors)}")
            elif name == "group_by" and value not in columns:
                problems.append(f"group_by = {value!r} is not a document column; valid: {format_choices(columns)}")
            elif name == "scheme":
                problems += _scheme_problems(value)
    return problems


def _scheme_problems(value: object) -> list[str]:
    from ..lexicons import SHIPPED_DICTIONARIES

    if isinstance(value, str) and value.partition(":")[0] in SHIPPED_DICTIONARIES:
        try:
            check_scheme(value, option="scheme =")
        except SuiteError as exc:
            return [str(exc)]
        return []
    if not isinstance(value, str) or not Path(value).is_file():
        return [f"scheme = {value!r} is neither a shipped frame scheme ({', '.join(SHIPPED_DICTIONARIES)}, "
                "optionally :model or :combined) nor an existing dictionary file"]
    try:
        check_frames_file(value, option="scheme =")
    except SuiteError as exc:
        return [str(exc)]
    return []


def _expected_type(declared: Mapping[str, object]) -> str | None:
    """The declared type of a parameter, or the type of its literal default when it has no annotation."""
    name = str(declared.get("inferred_type_name") or "None")
    if name != "None":
        return name
    try:
        default = ast.literal_eval(str(declared.get("default")))
    except (ValueError, SyntaxError):
        return None
    return type(default).__name__ if isinstance(default, (str, int, float, bool)) else None


def _has_type(value: object, expected: str) -> bool:
    base = expected.split("[", 1)[0].strip().lower()
    if base == "str":
        return isinstance(value, str)
    if base == "bool":
        return isinstance(value, bool)
    if base == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if base == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if base == "list":
        return isinstance(value, list)
    if base == "dict":
        return isinstance(value, dict)
    return True  # a type the runner does not know (Optional[...], a union): papermill passes the value as given


def format_choices(values: Sequence[str], shown: int = CHOICES_SHOWN) -> str:
    """The valid choices for an error message: the first *shown*, then how many there are in all.

    >>> format_choices(["b", "a"])
    'b, a'
    >>> format_choices([f"d{i}" for i in range(12)], shown=3)
    'd0, d1, d2, ... (12 in all)'
    """
    values = list(values)
    if not values:
        return "(none)"
    listed = ", ".join(map(str, values[:shown]))
    return listed if len(values) <= shown else f"{listed}, ... ({len(values)} in all)"
