"""The report runner: a suite of parameterized notebooks executed on a corpus, exported to HTML.

:func:`run_suite` reads a suite file (TOML, :func:`read_suite`), expands it into
one report per notebook and parameter set (:func:`plan_reports`: fixed
parameters, grids, one report per document, one per actor mentioned at least N
times), refuses any parameter a notebook does not declare, of the wrong type,
or naming something the corpus does not hold, and only then runs the notebooks
with papermill (Project Jupyter, papermill documentation:
https://papermill.readthedocs.io), in parallel, each exported to one
self-contained HTML page with nbconvert.

Layout of ``OUT`` (the ``--out`` folder)::

    OUT/index.html                      redirects to latest/index.html
    OUT/latest -> runs/<run-id>         symlink, replaced atomically when a run is complete
    OUT/runs/<run-id>/index.html        every report of the run, its status and error
    OUT/runs/<run-id>/run.json          the run's manifest, written last
    OUT/runs/<run-id>/<report>/         <report>.ipynb, <report>.html, tables/*.csv, manifest.json

A run is built in ``OUT/runs/.<run-id>.partial/`` and renamed when every report
is done; each report is built in ``.<report>.partial/`` inside it and renamed
once its ``manifest.json`` is written. An interrupted run therefore leaves no
run, no report and no ``latest`` that looks complete.

A report whose notebook bytes, parameters, corpus content key
(:func:`analysis.cache.cache_key`), package fingerprint, environment and
``show_code`` are unchanged since an earlier complete run is not executed
again: its files are hard-linked (or copied) from that run. A failed report is
never reused.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import itertools
import json
import os
import platform
import re
import secrets
import shutil
import sys
import time
import tomllib
import urllib.parse
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Literal

from .outputs import write_json_atomically, write_text_atomically
from .resources import file_sha256, package_version

#: nbconvert template folder that ships with the package.
TEMPLATE_NAME = "report"
#: The suite file the CLI reads by default (relative to the working directory).
SUITE_FILE = "reports.toml"
#: Parameters the runner sets; a suite may not set them.
RUNNER_PARAMETERS = ("corpus", "since", "tables_dir")
#: Keys allowed at the top of a suite file, and in each ``[[report]]`` table.
SUITE_KEYS = ("notebooks", "report")
ENTRY_KEYS = ("notebook", "name", "parameters", "grid", "per", "parameter", "min_mentions")
#: ``per = ...`` choices and the parameter each passes its id to by default.
Per = Literal["document", "actor"]
PER_PARAMETER = {"document": "doc_id", "actor": "actor"}
#: A kernel that fails to start is tried this many more times; a cell error is never retried.
KERNEL_RETRIES = 2
#: How many valid choices an error message lists before giving the count.
CHOICES_SHOWN = 10
#: Longest slug kept from an id in a report name (a hash keeps longer ids apart).
SLUG_LENGTH = 60
#: Lines of the traceback kept in a failed report's error excerpt.
ERROR_LINES = 12
#: Bumped when the layout of a run or the report key changes, so old runs are not reused.
RUNNER_FORMAT = 1
#: Packages whose versions are recorded in every manifest and enter the report key.
ENVIRONMENT_PACKAGES = ("papermill", "nbconvert", "nbclient", "ipykernel", "pandas", "numpy", "matplotlib", "vaderSentiment")
#: Columns of :attr:`RunResult.reports`.
RUN_COLUMNS = ["name", "entry", "notebook", "status", "reused", "seconds", "attempts", "error", "folder", "html"]
#: Kernel command-line options: a quiet start-up log (the TCP warning of ipykernel 7, the KeyboardInterrupt
#: a kernel logs when it is shut down) and no command history written to ~/.ipython (parallel kernels contend for it).
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False")

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ANSI = re.compile("\x1b\\[(K|.*?m)")


class SuiteError(ValueError):
    """A suite, a parameter or an option the runner refuses before running anything; one problem per line."""


class KernelStartError(RuntimeError):
    """The kernel failed before the first cell ran (a start-up race); the runner tries again."""


# --------------------------------------------------------------------------- suite


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


@dataclass(frozen=True)
class Suite:
    """The reports to run: the suite file read by :func:`read_suite` (``path`` is ``None`` when built in code)."""

    entries: tuple[SuiteEntry, ...]
    path: Path | None = None


@dataclass(frozen=True)
class PlannedReport:
    """One report to produce: its unique, file-safe ``name``, the notebook and the parameters it is given.

    ``parameters`` holds what the notebook receives except ``tables_dir``
    (which points into the run's staging folder); ``tables`` says whether the
    notebook declares ``tables_dir``; ``subject`` describes what a
    per-document or per-actor report is about (the document's title, the
    actor's mention count) for the index.
    """

    name: str
    entry: str
    notebook: Path
    parameters: Mapping[str, object]
    tables: bool
    subject: str = ""


def read_suite(path: str | Path = SUITE_FILE, *, notebooks: str | Path | None = None) -> Suite:
    """Read a suite file (TOML): the notebooks to run and their parameter grids.

    Top level: ``notebooks`` (the notebook folder, relative to the suite file;
    default ``notebooks``) and a list of ``[[report]]`` tables, each with
    ``notebook`` (a name in that folder, or a path ending ``.ipynb``), optional
    ``name`` (default: the notebook's name), ``parameters`` (fixed values),
    ``grid`` (parameter -> list of values: one report per combination),
    ``per`` (``"document"``: one report per document, its id passed as
    ``doc_id``; ``"actor"``: one per actor mentioned at least ``min_mentions``
    times, passed as ``actor``) and ``parameter`` (another parameter to pass
    the id to). *notebooks* overrides the suite's notebook folder.

    Raises :class:`SuiteError` listing every problem, or ``FileNotFoundError``.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"suite file {str(path)!r} does not exist (give --suite FILE, a TOML file of [[report]] tables)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SuiteError(f"suite file {str(path)!r} is not valid TOML: {exc}") from None
    problems = [f"{path}: unknown key {key!r}; valid keys: {', '.join(SUITE_KEYS)}" for key in data if key not in SUITE_KEYS]
    folder = Path(notebooks) if notebooks is not None else path.parent / str(data.get("notebooks", "notebooks"))
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
    return Suite(tuple(entries), path.resolve())


def _read_entry(table: object, folder: Path, *, base: Path) -> tuple[SuiteEntry | None, list[str]]:
    if not isinstance(table, dict):
        return None, [f"is a {type(table).__name__}, not a table"]
    problems = [f"unknown key {key!r}; valid keys: {', '.join(ENTRY_KEYS)}" for key in table if key not in ENTRY_KEYS]
    notebook = table.get("notebook")
    if not isinstance(notebook, str) or not notebook:
        return None, problems + ["needs notebook = \"NAME\" (a notebook in the notebooks folder)"]
    path = (folder / notebook) if notebook.endswith(".ipynb") else folder / f"{notebook}.ipynb"
    name = table.get("name", path.stem)
    if not isinstance(name, str) or not name or _SAFE.search(name) or name.startswith("."):
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
                       min_mentions if isinstance(min_mentions, int) else 1)
    return entry, problems


# --------------------------------------------------------------------------- planning and validation


def plan_reports(
    suite: Suite,
    scored,
    *,
    corpus: str | Path,
    since: str | None = None,
    only: Sequence[str] = (),
) -> list[PlannedReport]:
    """Expand *suite* into the reports to run on *scored* (:func:`analysis.open_corpus`), refusing bad parameters.

    Grids give one report per combination; ``per = "document"`` one per
    document of ``scored.docs``; ``per = "actor"`` one per actor of
    ``scored.scores.actors`` with at least ``min_mentions`` mentions (most
    mentioned first, then by id). Names are ``<entry>`` or
    ``<entry>-<slug>-<slug>...`` (:func:`slugify`). Every parameter must be
    declared in the notebook's ``parameters`` cell (read with
    ``papermill.inspect_notebook``) with a matching type, and ``doc_id``,
    ``actor``, ``group_by`` and ``scheme`` must name a document, a mentioned
    actor, a document column, or a shipped or existing frame dictionary.
    *only* keeps the reports whose entry or report name is listed.

    Raises :class:`SuiteError` listing every problem and the valid choices.
    """
    since = check_since(since)
    corpus_path = str(Path(corpus).resolve())
    documents = [str(d) for d in scored.docs["doc_id"]]
    known_documents = set(documents)
    actors = _actors_by_mentions(scored.scores.actors)
    mentions = dict(actors)
    known_actors = set(mentions)
    titles = dict(zip(documents, scored.docs["title"].fillna("").astype(str))) if "title" in scored.docs.columns else {}
    columns = sorted((set(scored.docs.columns) | set(scored.scores.documents.columns)) - {"text", "raw_text"})
    problems: list[str] = []
    planned: list[PlannedReport] = []
    selected = [e for e in suite.entries if not only or e.name in only or any(o.startswith(f"{e.name}-") for o in only)]
    for entry in selected:
        if not entry.notebook.is_file():
            folder = entry.notebook.parent
            available = sorted(p.stem for p in folder.glob("*.ipynb")) if folder.is_dir() else []
            problems.append(f"{entry.name}: notebook {str(entry.notebook)!r} does not exist; notebooks in {str(folder)!r}: {_choices(available)}")
            continue
        declared = _declared_parameters(entry.notebook)
        if declared is None:
            problems.append(f"{entry.name}: notebook {str(entry.notebook)!r} is not readable as a notebook")
            continue
        runner = {"corpus": corpus_path}
        if "corpus" not in declared:
            problems.append(f"{entry.name}: notebook {entry.notebook.name} declares no 'corpus' parameter; every report notebook needs one")
        if since is not None:
            if "since" in declared:
                runner["since"] = since
            else:
                problems.append(f"{entry.name}: notebook {entry.notebook.name} declares no 'since' parameter, so it cannot be limited to --since {since}")
        values = {name: [value] for name, value in entry.parameters.items()} | {name: list(v) for name, v in entry.grid.items()}
        problems += [f"{entry.name}: {p}" for p in _parameter_problems(values, declared, entry.notebook.name)]
        problems += [f"{entry.name}: {p}" for p in _value_problems(values, documents=documents, actors=[a for a, _ in actors], columns=columns,
                                                                   known=(known_documents, known_actors))]
        if entry.per == "document":
            per_values = documents
        elif entry.per == "actor":
            per_values = [actor for actor, n in actors if n >= entry.min_mentions]
        else:
            per_values = [None]
        if entry.per is not None:
            problems += [f"{entry.name}: {p}" for p in _parameter_problems({entry.parameter: per_values[:1] or [""]}, declared, entry.notebook.name)]
        for per_value, combination in itertools.product(per_values, itertools.product(*entry.grid.values())):
            parameters = dict(entry.parameters) | dict(zip(entry.grid, combination))
            parts = list(map(str, combination))
            if entry.per is not None:
                parameters[entry.parameter] = per_value
                parts.insert(0, str(per_value))
            name = "-".join([entry.name, *map(slugify, parts)])
            subject = titles.get(per_value, "") if entry.per == "document" else f"{mentions.get(per_value, 0)} mentions" if entry.per == "actor" else ""
            planned.append(PlannedReport(name, entry.name, entry.notebook, runner | parameters, "tables_dir" in declared, subject))
    planned = _deduplicate_names(planned)
    names = [p.name for p in planned]
    problems += [f"report name {n!r} is made twice; give the suite entries different names" for n, k in sorted(Counter(names).items()) if k > 1]
    if only:
        known = {p.name for p in planned} | {e.name for e in suite.entries}
        unknown = [o for o in only if o not in known]
        if unknown:
            problems.append(f"--only {', '.join(map(repr, unknown))}: no such report; valid: {_choices([e.name for e in suite.entries] + names)}")
        planned = [p for p in planned if p.name in only or p.entry in only]
    if problems:
        raise SuiteError("\n".join(dict.fromkeys(problems)))
    return planned


def _value_problems(values: Mapping[str, list], *, documents: list[str], actors: list[str], columns: list[str],
                    known: tuple[set, set]) -> list[str]:
    """Values that must exist in the corpus: a document, a mentioned actor, a document column, a frame dictionary."""
    problems = []
    for name, candidates in values.items():
        for value in candidates:
            if name == "doc_id" and value not in known[0]:
                problems.append(f"doc_id = {value!r} is not a document of the corpus; valid: {_choices(documents)}")
            elif name == "actor" and value not in known[1]:
                problems.append(f"actor = {value!r} is not an actor mentioned in the corpus; valid: {_choices(actors)}")
            elif name == "group_by" and value not in columns:
                problems.append(f"group_by = {value!r} is not a document column; valid: {_choices(columns)}")
            elif name == "scheme":
                problems += _scheme_problems(value)
    return problems


def _scheme_problems(value: object) -> list[str]:
    from .lexicons import SHIPPED_DICTIONARIES, load_dictionary

    if value in SHIPPED_DICTIONARIES:
        return []
    if not isinstance(value, str) or not Path(value).is_file():
        return [f"scheme = {value!r} is neither a shipped frame dictionary ({', '.join(SHIPPED_DICTIONARIES)}) nor an existing dictionary file"]
    try:
        load_dictionary(value)
    except (ValueError, OSError) as exc:
        return [f"scheme = {value!r} cannot be read as a frame dictionary: {exc}"]
    return []


def _parameter_problems(values: Mapping[str, list], declared: Mapping[str, dict], notebook: str) -> list[str]:
    problems = []
    for name, candidates in values.items():
        if name not in declared:
            settable = [p for p in declared if p not in RUNNER_PARAMETERS]
            problems.append(f"parameter {name!r} is not declared in {notebook}; its parameters: {_choices(settable) if settable else '(none besides corpus, since, tables_dir)'}")
            continue
        expected = _expected_type(declared[name])
        for value in candidates:
            if expected is not None and not _has_type(value, expected):
                problems.append(f"parameter {name} = {value!r} is a {type(value).__name__}; {notebook} declares it {expected}")
    return problems


def _declared_parameters(notebook: Path) -> dict[str, dict] | None:
    import papermill

    try:
        return papermill.inspect_notebook(str(notebook))
    except Exception:  # noqa: BLE001 - a notebook papermill cannot parse is reported, with its path
        return None


def _expected_type(declared: Mapping[str, object]) -> str | None:
    """The declared type of a parameter, or the type of its literal default when it has no annotation."""
    name = str(declared.get("inferred_type_name") or "None")
    if name != "None":
        return name
    import ast

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


def _actors_by_mentions(actors) -> list[tuple[str, int]]:
    if actors is None or actors.empty:
        return []
    counts = actors["actor"].astype(str).value_counts()
    return sorted(((str(a), int(n)) for a, n in counts.items()), key=lambda pair: (-pair[1], pair[0]))


def _deduplicate_names(planned: list[PlannedReport]) -> list[PlannedReport]:
    """Names equal but for letter case (one file on macOS and Windows) get a hash of their parameters."""
    spellings: dict[str, set[str]] = {}
    for report in planned:
        spellings.setdefault(report.name.casefold(), set()).add(report.name)
    out = []
    for report in planned:
        if len(spellings[report.name.casefold()]) > 1:
            digest = _sha256(json.dumps(report.parameters, sort_keys=True, default=str))[:8]
            report = PlannedReport(f"{report.name}-{digest}", report.entry, report.notebook, report.parameters, report.tables, report.subject)
        out.append(report)
    return out


def slugify(value: str, *, max_length: int = SLUG_LENGTH) -> str:
    """Return *value* as a safe file-name part: letters, digits, ``.``, ``_``, ``-``.

    A value that had to be changed (or shortened) gets eight hex digits of its
    sha256, so different ids never share a slug.

    >>> slugify("002_9e9e8290c25e0c8d")
    '002_9e9e8290c25e0c8d'
    >>> slugify("news/2024/a.txt")
    'news_2024_a.txt-...'
    >>> slugify("news/2024/a.txt") != slugify("news_2024_a.txt")
    True
    >>> slugify("../..")
    'x-...'
    """
    slug = _SAFE.sub("_", str(value)).strip("._-")[:max_length] or "x"
    if slug != value:
        slug = f"{slug}-{_sha256(str(value))[:8]}"
    return slug


def check_since(since: str | None) -> str | None:
    """Return *since* (``YYYY-MM-DD``, a real day) or ``None`` for an empty value; refuse anything else.

    >>> check_since("2025-11-28")
    '2025-11-28'
    >>> check_since("28.11.2025")
    Traceback (most recent call last):
    ...
    analysis.report.SuiteError: --since '28.11.2025' is not a date written YYYY-MM-DD (e.g. 2025-11-28)
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


def _choices(values: Sequence[str], shown: int = CHOICES_SHOWN) -> str:
    values = list(values)
    if not values:
        return "(none)"
    listed = ", ".join(map(str, values[:shown]))
    return listed if len(values) <= shown else f"{listed}, ... ({len(values)} in all)"


# --------------------------------------------------------------------------- running one notebook


def export_html(notebook: str | Path, *, show_code: bool = False) -> str:
    """Return *notebook* (an executed ``.ipynb``) as one self-contained HTML page.

    The package's ``report`` nbconvert template: the JupyterLab look, images
    embedded as data URIs, no script or style fetched from a CDN, prompts
    hidden, code cells hidden unless *show_code*.
    """
    import nbformat

    body, _ = _exporter(bool(show_code)).from_notebook_node(nbformat.read(str(notebook), as_version=4))
    return body


@functools.lru_cache(maxsize=2)
def _exporter(show_code: bool):
    """One nbconvert exporter per process and setting: building one (templates, CSS) costs more than an export."""
    from nbconvert import HTMLExporter

    templates = resources.files("analysis") / "templates"
    return HTMLExporter(
        extra_template_basedirs=[str(templates)],
        template_name=TEMPLATE_NAME,
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


def run_notebook(
    notebook: str | Path,
    *,
    out_dir: str | Path,
    parameters: dict | None = None,
    name: str | None = None,
    show_code: bool = False,
    kernel_name: str = "python3",
) -> dict[str, Path]:
    """Execute *notebook* with *parameters* and write ``<name>.ipynb`` and ``<name>.html`` to *out_dir*.

    Both files appear in *out_dir* only after execution and export succeeded;
    a failing notebook raises ``papermill.PapermillExecutionError`` and leaves
    nothing behind. Returns the paths written.
    """
    import tempfile

    notebook = Path(notebook)
    if not notebook.is_file():
        raise FileNotFoundError(f"notebook {str(notebook)!r} does not exist")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = name or notebook.stem
    with tempfile.TemporaryDirectory(prefix=f".{name}-", dir=out_dir) as staging:
        executed = Path(staging) / f"{name}.ipynb"
        execute_notebook(notebook, executed, parameters=parameters or {}, kernel_name=kernel_name)
        page = Path(staging) / f"{name}.html"
        page.write_text(export_html(executed, show_code=show_code), encoding="utf-8")
        written = {}
        for path in (executed, page):
            target = out_dir / path.name
            os.replace(path, target)
            written[path.suffix.lstrip(".")] = target
    return written


def execute_notebook(
    notebook: str | Path,
    output: str | Path,
    *,
    parameters: Mapping[str, object],
    kernel_name: str = "python3",
    kernel=None,
) -> None:
    """Run *notebook* with papermill into *output* (kernel working folder: the notebook's folder).

    *kernel* is a started ``jupyter_client`` kernel manager to run on (see
    :class:`KernelPool`); ``None`` starts and stops a new kernel. Raises
    ``papermill.PapermillExecutionError`` when a cell fails (the executed
    notebook, with the error, is written first) and :class:`KernelStartError`
    when the kernel failed before any cell ran.
    """
    import papermill

    notebook = Path(notebook).resolve()
    if kernel is not None:
        kernel.reset(cwd=notebook.parent)
    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=dict(parameters),
        engine_name=_engine_name(),
        kernel_name=kernel_name,
        cwd=str(notebook.parent),
        progress_bar=False,
        request_save_on_cell_execute=False,
        extra_arguments=list(KERNEL_ARGUMENTS),
        shutdown_kernel="immediate",  # every output is in; a graceful shutdown of ipykernel 7 often waits 3 s
        **({"km": kernel.manager} if kernel is not None else {}),
    )


@functools.cache
def _engine_name() -> str:
    """Register (once per process) a papermill engine that runs on a given kernel and tells a start failure from a cell's."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class RunnerEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, km=None, log_output=False, stdout_file=None, stderr_file=None,
                                     start_timeout=60, execution_timeout=None, **kwargs):
            try:
                if km is None:
                    return super().execute_managed_notebook(nb_man, kernel_name, log_output=log_output, stdout_file=stdout_file,
                                                            stderr_file=stderr_file, start_timeout=start_timeout,
                                                            execution_timeout=execution_timeout, **kwargs)
                kwargs = {k: v for k, v in kwargs.items() if k not in ("input_path", "timeout", "startup_timeout")}
                client = PapermillNotebookClient(nb_man, km=km, timeout=execution_timeout, startup_timeout=start_timeout,
                                                 kernel_name=kernel_name, log=logger, log_output=log_output,
                                                 stdout_file=stdout_file, stderr_file=stderr_file, **kwargs)
                try:
                    return client.execute()
                finally:
                    if client.kc is not None:  # the kernel stays up for the next notebook; its client goes
                        client.kc.stop_channels()
            except Exception as exc:
                started = any((cell.metadata.get("papermill") or {}).get("start_time") for cell in nb_man.nb.cells)
                if started:
                    raise
                raise KernelStartError(f"the kernel failed before the first cell ran: {type(exc).__name__}: {exc}") from exc

    name = "analysis-runner"
    papermill_engines.register(name, RunnerEngine)
    return name


# --------------------------------------------------------------------------- warm kernels

#: Modules a warm kernel imports once, before its first notebook.
KERNEL_PRELOAD = ("pandas", "matplotlib.pyplot", "analysis", "analysis.plots")
#: Notebooks one warm kernel runs before it is replaced by a new one (bounds memory growth).
KERNEL_REUSE_LIMIT = 20
_KERNEL_STATE: dict = {}


def snapshot_kernel_state() -> None:
    """In a warm kernel: record what :func:`reset_kernel_state` restores (environment, rcParams, warning filters, sys.path).

    A figure is made and closed first, so the inline backend is active (it
    turns on interactive mode and sets its rcParams when the first figure is
    made) and the state recorded is that of a kernel that has drawn.
    """
    import warnings

    import matplotlib
    import matplotlib.pyplot as plt

    plt.figure()
    plt.close("all")
    _KERNEL_STATE.update(environ=dict(os.environ), rc=dict(matplotlib.rcParams), filters=list(warnings.filters), path=list(sys.path))


def reset_kernel_state(cwd: str) -> None:
    """In a warm kernel, between two notebooks: leave it as a new kernel would be, imported modules apart.

    Clears the user namespace and output history and starts a new session
    with the execution counter at 1 (IPython's ``InteractiveShell.reset``),
    closes figures, restores the environment, matplotlib's rcParams (the
    backend apart), pandas options, warning filters (and forgets warnings
    already shown, so each notebook shows its own), ``sys.path`` and the
    working folder (*cwd*).
    """
    import warnings

    import matplotlib
    import matplotlib.pyplot as plt
    import pandas as pd
    from IPython import get_ipython

    shell = get_ipython()
    shell.reset(new_session=True)
    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.rcParams.update({k: v for k, v in _KERNEL_STATE["rc"].items() if k != "backend"})
        pd.reset_option("all")
    os.environ.clear()
    os.environ.update(_KERNEL_STATE["environ"])
    warnings.filters[:] = _KERNEL_STATE["filters"]
    warnings._filters_mutated()
    for module in list(sys.modules.values()):
        registry = getattr(module, "__warningregistry__", None)
        if isinstance(registry, dict):
            registry.clear()
    sys.path[:] = _KERNEL_STATE["path"]
    os.chdir(cwd)


class WarmKernel:
    """A started kernel that has imported :data:`KERNEL_PRELOAD` once and is reset between notebooks."""

    def __init__(self, kernel_name: str, cwd: str | Path) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.manager = AsyncKernelManager(kernel_name=kernel_name)
        self.uses = 0
        try:
            run_sync(self.manager.start_kernel)(cwd=str(cwd), extra_arguments=list(KERNEL_ARGUMENTS))
            preload = "; ".join(f"import {m}" for m in KERNEL_PRELOAD)
            self._run(f"{preload}; import analysis.report as _runner; _runner.snapshot_kernel_state(); del _runner")
        except Exception as exc:
            self.close()
            raise KernelStartError(f"a warm kernel did not start: {type(exc).__name__}: {exc}") from exc

    def _run(self, code: str) -> None:
        from jupyter_client.blocking import BlockingKernelClient

        client = BlockingKernelClient()
        client.load_connection_info(self.manager.get_connection_info())
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            reply = client.execute_interactive(code, silent=True, store_history=False, timeout=60, output_hook=lambda msg: None)
        finally:
            client.stop_channels()
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}")

    def reset(self, *, cwd: str | Path) -> None:
        """Reset the kernel for the next notebook (:func:`reset_kernel_state`); a failure is a kernel start failure."""
        try:
            self._run(f"import analysis.report as _runner; _runner.reset_kernel_state({str(cwd)!r})")
        except Exception as exc:
            raise KernelStartError(f"a warm kernel could not be reset: {type(exc).__name__}: {exc}") from exc
        self.uses += 1

    def close(self) -> None:
        from jupyter_core.utils import run_sync

        try:
            if run_sync(self.manager.is_alive)():
                run_sync(self.manager.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - shutting down a kernel that is already gone
            pass


class KernelPool:
    """The warm kernels of one process (one per kernel name), replaced after a failure or :data:`KERNEL_REUSE_LIMIT` notebooks."""

    def __init__(self) -> None:
        self.kernels: dict[str, WarmKernel] = {}

    def get(self, kernel_name: str, cwd: str | Path) -> WarmKernel:
        kernel = self.kernels.get(kernel_name)
        if kernel is not None and kernel.uses >= KERNEL_REUSE_LIMIT:
            self.discard(kernel_name)
            kernel = None
        if kernel is None:
            kernel = self.kernels[kernel_name] = WarmKernel(kernel_name, cwd)
        return kernel

    def discard(self, kernel_name: str) -> None:
        kernel = self.kernels.pop(kernel_name, None)
        if kernel is not None:
            kernel.close()

    def close(self) -> None:
        for name in list(self.kernels):
            self.discard(name)


_POOL: KernelPool | None = None


@dataclass(frozen=True)
class _Task:
    """What a worker needs to produce one report in its staging folder (picklable)."""

    name: str
    notebook: str
    parameters: dict
    tables: bool
    staging: str
    show_code: bool
    warm: bool = True


def _produce(task: _Task, pool: KernelPool | None = None) -> dict:
    """Execute one report into ``task.staging`` and export it; return its status (never raises for a notebook failure)."""
    pool = pool if pool is not None else _POOL
    staging = Path(task.staging)
    staging.mkdir(parents=True, exist_ok=True)
    parameters = dict(task.parameters)
    if task.tables:
        parameters["tables_dir"] = str(staging / "tables")
    executed = staging / f"{task.name}.ipynb"
    kernel_name = _kernel_name(task.notebook)
    started = time.time()
    error, attempts = None, 0
    while True:
        attempts += 1
        kernel = None
        try:
            if task.warm and pool is not None:
                kernel = pool.get(kernel_name, Path(task.notebook).parent)
            execute_notebook(task.notebook, executed, parameters=parameters, kernel_name=kernel_name, kernel=kernel)
            break
        except KernelStartError as exc:
            if pool is not None:
                pool.discard(kernel_name)
            if attempts <= KERNEL_RETRIES:
                continue
            error = {"kind": "kernel", "ename": type(exc).__name__, "evalue": str(exc), "excerpt": str(exc)}
            break
        except Exception as exc:  # noqa: BLE001 - one failing report must not stop the others
            if pool is not None:
                pool.discard(kernel_name)  # the next notebook gets a new kernel, whatever state this one left
            error = _describe_error(exc)
            break
    if executed.is_file():
        try:
            (staging / f"{task.name}.html").write_text(export_html(executed, show_code=task.show_code), encoding="utf-8")
        except Exception as exc:  # noqa: BLE001
            error = error or {"kind": "export", "ename": type(exc).__name__, "evalue": str(exc), "excerpt": str(exc)}
    return {"status": "failed" if error else "ok", "error": error, "attempts": attempts,
            "started": started, "ended": time.time(), "parameters": parameters}


def _kernel_name(notebook: str | Path) -> str:
    try:
        return json.loads(Path(notebook).read_text(encoding="utf-8"))["metadata"]["kernelspec"]["name"]
    except (OSError, ValueError, KeyError, TypeError):
        return "python3"


def _describe_error(exc: BaseException) -> dict:
    cell_index = getattr(exc, "cell_index", None)
    if cell_index is not None:  # papermill.PapermillExecutionError
        lines = _ANSI.sub("", "\n".join(exc.traceback or [])).strip().splitlines()
        return {"kind": "cell", "cell_index": cell_index, "exec_count": exc.exec_count, "ename": exc.ename, "evalue": exc.evalue,
                "source": str(exc.source)[:500], "excerpt": "\n".join(lines[-ERROR_LINES:])}
    return {"kind": "runner", "ename": type(exc).__name__, "evalue": str(exc), "excerpt": str(exc)[-2000:]}


def _warm_worker(warm: bool) -> None:
    """Pool initializer: import papermill, build the exporters, and keep this worker's warm kernels until it exits."""
    import multiprocessing.util

    import papermill  # noqa: F401

    global _POOL
    _engine_name()
    _exporter(False)
    _exporter(True)
    if warm:
        _POOL = KernelPool()
        multiprocessing.util.Finalize(_POOL, _POOL.close, exitpriority=10)


# --------------------------------------------------------------------------- the suite


@dataclass(frozen=True)
class RunResult:
    """The outcome of :func:`run_suite`: the run's folder and index, and one row per report in ``reports``.

    ``reports`` columns: :data:`RUN_COLUMNS` (``status`` is ``ok`` or
    ``failed``; ``reused`` says the files were taken from an earlier run).
    """

    run_id: str
    folder: Path
    index: Path
    reports: object  # pandas.DataFrame
    warnings: tuple[str, ...] = ()

    @property
    def n_failed(self) -> int:
        return int((self.reports["status"] == "failed").sum())

    @property
    def n_reused(self) -> int:
        return int(self.reports["reused"].sum())

    @property
    def ok(self) -> bool:
        return self.n_failed == 0

    def summary(self) -> str:
        """One line: how many reports ran, were reused, failed."""
        total = len(self.reports)
        parts = [f"{total} report(s) in {self.folder}"]
        if self.n_reused:
            parts.append(f"reused {self.n_reused} of {total} reports: inputs unchanged")
        parts.append(f"ran {total - self.n_reused}")
        if self.n_failed:
            parts.append(f"{self.n_failed} FAILED")
        return "; ".join(parts)


def run_suite(
    suite: str | Path | Suite = SUITE_FILE,
    *,
    corpus: str | Path,
    out: str | Path,
    jobs: int | None = None,
    only: Sequence[str] = (),
    show_code: bool = False,
    since: str | None = None,
    notebooks: str | Path | None = None,
    cache: str | Path | None = None,
    fresh_kernels: bool = False,
    progress: bool | None = None,
) -> RunResult:
    """Run every report of *suite* on *corpus* into a new run under ``<out>/runs/`` and point ``<out>/latest`` at it.

    Order: read and check the suite, warm the corpus cache once
    (:func:`analysis.open_corpus` with *since*; *cache* becomes
    ``ANALYSIS_CACHE`` for the kernels too), plan and validate every report
    (:func:`plan_reports`; nothing runs when one is refused), reuse unchanged
    reports from earlier complete runs, execute the others on *jobs* processes
    (default: the number of CPUs; ``1`` runs in this process), each keeping a
    warm kernel that is reset between notebooks (:func:`reset_kernel_state`;
    *fresh_kernels* starts a new kernel for every notebook instead), write each
    report's ``manifest.json``, the run's ``index.html`` and ``run.json``,
    rename the run into place and replace ``latest``. A failing notebook is
    recorded (cell, error) and does not stop the others. *progress*: a bar on
    stderr (default: when stderr is a terminal).

    Raises :class:`SuiteError` (a refused suite, option or parameter) or
    ``FileNotFoundError`` (no corpus, suite or notebook) before anything runs.
    With more than one job the workers are spawned processes, so a script
    that calls this must guard its entry point with
    ``if __name__ == "__main__":``.
    """
    from .cache import open_corpus

    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise SuiteError(f"--jobs must be a whole number of at least 1; got {jobs!r}")
    since = check_since(since)
    corpus = Path(corpus)
    if not corpus.exists():
        raise FileNotFoundError(f"--corpus {str(corpus)!r} does not exist")
    out = Path(out).resolve()  # kernels run in the notebook's folder: every path they get must be absolute
    if (out / "latest").exists() and not (out / "latest").is_symlink():
        raise SuiteError(f"{str(out / 'latest')!r} exists and is not a symlink; move it away so the runner can point it at the newest run")
    suite = suite if isinstance(suite, Suite) else read_suite(suite, notebooks=notebooks)
    with _environment("ANALYSIS_CACHE", str(Path(cache).resolve()) if cache is not None else None):
        scored = open_corpus(corpus, since=since)
        planned = plan_reports(suite, scored, corpus=corpus, since=since, only=only)
        return _run(planned, scored, corpus=corpus.resolve(), out=out, jobs=jobs, show_code=show_code, since=since,
                    progress=progress, suite=suite, warm=not fresh_kernels)


class _environment:
    """Set one environment variable for the duration of a block (kernels and workers inherit it)."""

    def __init__(self, name: str, value: str | None) -> None:
        self.name, self.value, self.old = name, value, None

    def __enter__(self):
        if self.value is not None:
            self.old = os.environ.get(self.name)
            os.environ[self.name] = self.value

    def __exit__(self, *exc) -> None:
        if self.value is not None:
            if self.old is None:
                os.environ.pop(self.name, None)
            else:
                os.environ[self.name] = self.old


def _run(planned: list[PlannedReport], scored, *, corpus: Path, out: Path, jobs, show_code, since, progress, suite, warm) -> RunResult:
    import pandas as pd

    from .cache import package_fingerprint

    started = time.time()
    run_id = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(started)) + "-" + secrets.token_hex(3)
    runs = out / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    staging = runs / f".{run_id}.partial"
    staging.mkdir()
    context = _run_context(scored, corpus=corpus, since=since, fingerprint=package_fingerprint())
    warnings = tuple(dict.fromkeys(f"{p.entry}: {p.notebook.name} declares no 'tables_dir' parameter, so its tables are not kept" for p in planned if not p.tables))
    try:
        keys = {p.name: _report_key(p, context, show_code) for p in planned}
        previous = _previous_reports(runs, set(keys.values()))
        outcomes: dict[str, dict] = {}
        by_name = {p.name: p for p in planned}

        def publish(report: PlannedReport, outcome: dict) -> None:  # as each report is done, inside the hidden run
            outcomes[report.name] = outcome
            manifest = _report_manifest(report, outcome, key=keys[report.name], context=context, show_code=show_code, run_id=run_id)
            _publish_report(staging, report.name, manifest)

        to_run = []
        for report in planned:
            source = previous.get(keys[report.name])
            if source is not None and _reuse(source, staging / f".{report.name}.partial", report.name):
                publish(report, _reused_outcome(source))
            else:
                to_run.append(report)
        # single corpus-wide reports first: they are the long ones, and a long report started last keeps one worker busy alone
        gridded = {e.name for e in suite.entries if e.per is not None or e.grid}
        to_run.sort(key=lambda r: r.entry in gridded)
        tasks = [_Task(r.name, str(r.notebook), dict(r.parameters), r.tables, str(staging / f".{r.name}.partial"), show_code, warm) for r in to_run]
        for task, outcome in _execute(tasks, jobs=jobs, progress=progress):
            publish(by_name[task.name], outcome)
        rows = []
        for report in planned:
            outcome = outcomes[report.name]
            html_path = staging / report.name / f"{report.name}.html"
            rows.append([report.name, report.entry, report.notebook.name, outcome["status"], bool(outcome.get("reused_from")),
                         round(outcome["ended"] - outcome["started"], 3), outcome.get("attempts", 0), _error_line(outcome.get("error")),
                         runs / run_id / report.name, runs / run_id / report.name / html_path.name if html_path.is_file() else None])
        table = pd.DataFrame(rows, columns=RUN_COLUMNS)
        ended = time.time()
        index = write_index(_index_rows(planned, outcomes, staging), staging, title=f"Reports on {corpus.name}",
                            header=_run_header(run_id, context, started, ended, table))
        write_json_atomically(staging / "run.json", {
            "run_id": run_id, "format": RUNNER_FORMAT, "suite": str(suite.path) if suite.path else None,
            "started": _iso(started), "ended": _iso(ended), "seconds": round(ended - started, 3), **context,
            "show_code": show_code, "kernels": "warm" if warm else "fresh", "warnings": list(warnings),
            "reports": [{"name": p.name, "entry": p.entry, "key": keys[p.name], "status": outcomes[p.name]["status"],
                         "reused_from": outcomes[p.name].get("reused_from")} for p in planned],
        })
        final = runs / run_id
        os.rename(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _point_latest(out, run_id)
    _write_redirect(out)
    return RunResult(run_id, final, final / index.name, table, warnings)


def _execute(tasks: list[_Task], *, jobs: int | None, progress: bool | None):
    """Yield ``(task, outcome)`` as reports finish: in this process for one job, else on a process pool."""
    if not tasks:
        return
    from tqdm.auto import tqdm

    jobs = min(jobs or _cpu_count(), len(tasks))
    warm = tasks[0].warm
    bar = tqdm(total=len(tasks), desc="reports", unit="report", file=sys.stderr, disable=None if progress is None else not progress)
    try:
        if jobs == 1:
            pool = KernelPool() if warm else None
            try:
                for task in tasks:
                    yield task, _produce(task, pool)
                    bar.update()
            finally:
                if pool is not None:
                    pool.close()
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # spawn, not fork: the runner process holds pyarrow and tqdm threads that a forked child must not inherit
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_warm_worker, initargs=(warm,)) as workers:
            futures = {workers.submit(_produce, task): task for task in tasks}
            try:
                for future in as_completed(futures):
                    task = futures[future]
                    try:
                        outcome = future.result()
                    except Exception as exc:  # noqa: BLE001 - a worker that died: the report failed, the others go on
                        now = time.time()
                        outcome = {"status": "failed", "error": _describe_error(exc), "attempts": 1, "started": now, "ended": now,
                                   "parameters": task.parameters}
                    yield task, outcome
                    bar.update()
            except BaseException:  # interrupted: stop the workers now rather than let them finish their reports
                for process in list(getattr(workers, "_processes", {}).values()):  # no public API; kernels exit with their worker
                    process.terminate()
                raise
    finally:
        bar.close()


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# --------------------------------------------------------------------------- reuse, manifests, publishing


def _run_context(scored, *, corpus: Path, since: str | None, fingerprint: str) -> dict:
    """What every report of a run shares: the inputs, the scores' resources, the package and environment."""
    try:
        scores_manifest = json.loads((Path(scored.folder) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        scores_manifest = {}
    corpus_info = scores_manifest.get("corpus", {})
    return {
        "inputs": {"corpus": str(corpus), "since": since, "corpus_key": scored.key,
                   "corpus_sha256": corpus_info.get("sha256"), "n_documents": corpus_info.get("n_documents", len(scored.docs)),
                   "cache_entry": str(scored.folder)},
        "resources": scores_manifest.get("resources", {}),
        "package": {"name": "analysis", "version": package_version(), "fingerprint": fingerprint},
        "environment": _environment_versions(),
    }


def _report_key(report: PlannedReport, context: dict, show_code: bool) -> str:
    """sha256 of everything a report's files depend on: notebook bytes, parameters, corpus key, package, environment."""
    files = {str(v): file_sha256(Path(v)) for v in report.parameters.values() if isinstance(v, str) and os.path.isabs(v) and Path(v).is_file()}
    material = {
        "format": RUNNER_FORMAT,
        "name": report.name,
        "notebook": file_sha256(report.notebook),
        "parameters": dict(report.parameters),
        "parameter_files": files,
        "corpus_key": context["inputs"]["corpus_key"],
        "package": context["package"]["fingerprint"],
        "environment": context["environment"],
        "tables": report.tables,
        "show_code": bool(show_code),
    }
    return _sha256(json.dumps(material, sort_keys=True, default=str))


def _previous_reports(runs: Path, keys: set[str]) -> dict[str, Path]:
    """Key -> folder of a successful report in an earlier complete run (newest run first)."""
    found: dict[str, Path] = {}
    if not keys:
        return found
    for run in sorted((p for p in runs.iterdir() if not p.name.startswith(".") and p.is_dir()), reverse=True):
        try:
            reports = json.loads((run / "run.json").read_text(encoding="utf-8"))["reports"]
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not a complete run
        for report in reports:
            key = report.get("key")
            folder = run / str(report.get("name"))
            if key in keys and key not in found and report.get("status") == "ok" and (folder / "manifest.json").is_file():
                found[key] = folder
        if len(found) == len(keys):
            break
    return found


def _reuse(source: Path, staging: Path, name: str) -> bool:
    """Hard-link (or copy) a previous report's files into *staging*; ``False`` when they are not all there."""
    try:
        manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("status") != "ok":
            return False
        for path in sorted(source.rglob("*")):
            if path.name == "manifest.json" and path.parent == source or path.is_dir():
                continue
            target = staging / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copy2(path, target)
        return (staging / f"{name}.html").is_file() and (staging / f"{name}.ipynb").is_file()
    except (OSError, ValueError):
        shutil.rmtree(staging, ignore_errors=True)
        return False


def _reused_outcome(source: Path) -> dict:
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    now = time.time()
    return {"status": "ok", "error": None, "attempts": 0, "started": now, "ended": now,
            "parameters": manifest.get("parameters", {}), "reused_from": str(Path(source.parent.name) / source.name),
            "original": {"started": manifest.get("started"), "ended": manifest.get("ended"), "run": manifest.get("run_id")}}


def _report_manifest(report: PlannedReport, outcome: dict, *, key: str, context: dict, show_code: bool, run_id: str) -> dict:
    folder_tables = outcome.get("tables", [])
    return {
        "name": report.name,
        "entry": report.entry,
        "run_id": run_id,
        "status": outcome["status"],
        "reused_from": outcome.get("reused_from"),
        "original": outcome.get("original"),
        "notebook": str(report.notebook),
        "notebook_sha256": file_sha256(report.notebook),
        "parameters": outcome.get("parameters", dict(report.parameters)),
        "show_code": show_code,
        "key": key,
        "started": _iso(outcome["started"]),
        "ended": _iso(outcome["ended"]),
        "seconds": round(outcome["ended"] - outcome["started"], 3),
        "attempts": outcome.get("attempts", 0),
        "error": outcome.get("error"),
        "tables": folder_tables,
        **context,
    }


def _publish_report(staging: Path, name: str, manifest: dict) -> Path:
    """List the report's tables in its manifest, write the manifest last, rename ``.<name>.partial`` to ``<name>``."""
    partial = staging / f".{name}.partial"
    partial.mkdir(parents=True, exist_ok=True)
    tables = partial / "tables"
    manifest["tables"] = sorted(p.name for p in tables.iterdir() if not p.name.startswith(".")) if tables.is_dir() else []
    manifest["files"] = sorted(p.relative_to(partial).as_posix() for p in partial.rglob("*") if p.is_file() and not p.name.startswith("."))
    write_json_atomically(partial / "manifest.json", manifest)
    folder = staging / name
    os.rename(partial, folder)
    return folder


def prune_runs(out: str | Path, *, keep: int) -> list[Path]:
    """Delete all but the *keep* newest complete runs under ``out/runs``; return the folders deleted.

    The run ``out/latest`` points to is always kept, and unfinished (``.partial``)
    folders are left alone, since another run may be writing them. Reports of a
    deleted run that a kept run reused stay intact: reuse hard-links or copies
    files, so every run folder stands on its own. For scheduled runs, so that
    ``runs/`` does not grow without end.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> for run_id in ("20260101T000000Z-a", "20260102T000000Z-b", "20260103T000000Z-c"):
    ...     (out / "runs" / run_id).mkdir(parents=True)
    ...     _ = (out / "runs" / run_id / "run.json").write_text("{}")
    >>> [p.name for p in prune_runs(out, keep=2)]
    ['20260101T000000Z-a']
    """
    if not isinstance(keep, int) or isinstance(keep, bool) or keep < 1:
        raise ValueError(f"keep must be a whole number of runs, at least 1; got {keep!r}")
    runs = Path(out) / "runs"
    if not runs.is_dir():
        return []
    complete = sorted(p for p in runs.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / "run.json").is_file())
    latest = Path(out) / "latest"
    current = latest.resolve() if latest.is_symlink() else None
    doomed = [p for p in complete[:-keep] if p.resolve() != current]
    for folder in doomed:
        shutil.rmtree(folder)
    return doomed


def _point_latest(out: Path, run_id: str) -> None:
    """Replace ``out/latest`` by a symlink to ``runs/<run_id>`` in one rename."""
    link = out / f".latest-{secrets.token_hex(4)}"
    os.symlink(Path("runs") / run_id, link, target_is_directory=True)
    try:
        os.replace(link, out / "latest")
    except OSError:
        link.unlink(missing_ok=True)
        raise


def _write_redirect(out: Path) -> None:
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"refresh\" content=\"0; url=latest/index.html\"><title>Reports</title></head>"
        "<body><p>The newest complete run: <a href=\"latest/index.html\">latest/index.html</a> "
        "(earlier runs are in <a href=\"runs/\">runs/</a>).</p></body></html>\n"
    )
    write_text_atomically(out / "index.html", page)


# --------------------------------------------------------------------------- index


def write_index(reports: list[dict], out_dir: str | Path, *, title: str = "Reports", header: Sequence[tuple[str, str]] = ()) -> Path:
    """Write ``index.html`` linking every report in *reports* (dicts with ``name``, ``html``, ``status``).

    Optional keys ``parameters`` (a mapping), ``subject``, ``tables`` (a list
    of file paths), ``note`` and ``error`` fill further columns; links are
    relative to *out_dir*. *header* is a list of
    ``(label, value)`` pairs shown above the table. Every value is HTML-escaped.
    """
    out_dir = Path(out_dir)
    rows = []
    for report in reports:
        target = report.get("html")
        link = _href(target, out_dir) if target else ""
        name = html.escape(str(report["name"]))
        status = str(report.get("status", ""))
        cell = f'<a href="{link}">{name}</a>' if link else name
        parameters = report.get("parameters") or {}
        shown = "; ".join(f"{k} = {v}" for k, v in parameters.items())
        css = "failed" if status == "failed" else "ok"
        tables = " ".join(f'<a href="{_href(t, out_dir)}">{html.escape(Path(t).stem)}</a>' for t in report.get("tables") or [])
        rows.append(
            f'<tr class="{css}"><td>{cell}</td><td>{html.escape(str(report.get("subject") or ""))}</td><td>{html.escape(shown)}</td>'
            f"<td>{html.escape(status)}</td><td>{html.escape(str(report.get('note') or ''))}</td><td>{tables}</td>"
            f"<td><pre>{html.escape(str(report.get('error') or ''))}</pre></td></tr>"
        )
    facts = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>" for k, v in header)
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em 1em;text-align:left;vertical-align:top}"
        "tr.failed td{background:#fde8e8}pre{margin:0;white-space:pre-wrap;font-size:85%}</style>"
        f"</head><body><h1>{html.escape(title)}</h1>"
        + (f"<table>{facts}</table>" if facts else "")
        + "<table><tr><th>report</th><th>about</th><th>parameters</th><th>status</th><th>note</th><th>tables (CSV)</th><th>error</th></tr>"
        + "".join(rows)
        + "</table></body></html>\n"
    )
    return write_text_atomically(out_dir / "index.html", page)


def _href(target: str | Path, out_dir: Path) -> str:
    """A link to *target* relative to *out_dir*, URL-quoted and HTML-escaped."""
    relative = os.path.relpath(target, out_dir) if Path(target).is_absolute() else str(target)
    return html.escape(urllib.parse.quote(Path(relative).as_posix()), quote=True)


def _index_rows(planned: list[PlannedReport], outcomes: dict[str, dict], staging: Path) -> list[dict]:
    rows = []
    for report in planned:
        outcome = outcomes[report.name]
        page = Path(report.name) / f"{report.name}.html"
        note = f"reused from {outcome['reused_from']}" if outcome.get("reused_from") else f"{outcome['ended'] - outcome['started']:.1f} s"
        if outcome.get("attempts", 0) > 1:
            note += f" ({outcome['attempts']} attempts: kernel start failed)"
        shown = {k: v for k, v in report.parameters.items() if k not in RUNNER_PARAMETERS}
        tables = sorted(p.relative_to(staging) for p in (staging / report.name / "tables").glob("*") if not p.name.startswith("."))
        rows.append({"name": report.name, "html": page if (staging / page).is_file() else None, "subject": report.subject,
                     "status": outcome["status"], "parameters": shown, "tables": tables, "note": note,
                     "error": _error_text(outcome.get("error"))})
    return rows


def _run_header(run_id: str, context: dict, started: float, ended: float, table) -> list[tuple[str, str]]:
    inputs = context["inputs"]
    failed = int((table["status"] == "failed").sum())
    return [
        ("run", run_id),
        ("corpus", f"{inputs['corpus']} ({inputs['n_documents']} documents, key {inputs['corpus_key']})"),
        ("since", inputs["since"] or "all documents"),
        ("package", f"analysis {context['package']['version']} ({context['package']['fingerprint'][:12]})"),
        ("started", _iso(started)),
        ("seconds", f"{ended - started:.1f}"),
        ("reports", f"{len(table)}: {len(table) - failed} ok, {failed} failed, {int(table['reused'].sum())} reused"),
    ]


def _error_line(error: dict | None) -> str:
    if not error:
        return ""
    where = f"cell In [{error.get('exec_count')}] (#{error.get('cell_index')}): " if error.get("kind") == "cell" else ""
    return f"{where}{error.get('ename')}: {error.get('evalue')}"


def _error_text(error: dict | None) -> str:
    if not error:
        return ""
    return _error_line(error) + ("\n" + error["excerpt"] if error.get("excerpt") and error.get("kind") == "cell" else "")


# --------------------------------------------------------------------------- small helpers


def _iso(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).isoformat(timespec="seconds")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()






@functools.cache
def _environment_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in ENVIRONMENT_PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "absent"
    return versions
