"""The plan: a suite expanded into the reports to run on one corpus, every parameter checked first.

:func:`plan_reports` turns each :class:`~analysis.report.suite.SuiteEntry`
into :class:`PlannedReport` objects (fixed parameters, grids, one report per
document, one per actor mentioned at least N times), names them
(:func:`slugify`) and refuses the whole plan, with every problem and the valid
choices, when one parameter does not fit its notebook or the corpus.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..corpus import DATAFRAME_PATH, ColumnNames, CorpusSource
from ..schema import DOC_ID
from .suite import (
    COLUMN_PARAMETERS,
    DEFAULT_ACTORS,
    DEFAULT_SCHEME,
    SCHEME_PARAMETER,
    DEFAULT_TIMEOUT,
    DEFAULT_TOP,
    SMALL_CORPUS,
    DOCUMENT_RANKING,
    SAFE_NAME,
    Suite,
    SuiteError,
    check_since,
    check_timeout,
    declared_parameters,
    format_choices,
    parameter_problems,
    value_problems,
)

#: Longest slug kept from an id in a report name (a hash keeps longer ids apart).
SLUG_LENGTH = 60


@dataclass(frozen=True)
class PlannedReport:
    """One report to produce: its unique, file-safe ``name``, the notebook and the parameters it is given.

    ``parameters`` holds what the notebook receives except ``tables_dir``
    (which points into the run's staging folder); ``tables`` says whether the
    notebook declares ``tables_dir``; ``subject`` describes what a
    per-document or per-actor report is about (the document's title, the
    actor's mention count) for the index; ``per`` and ``per_id`` say which
    document or actor (``None`` for a corpus-level report); ``timeout`` is the
    seconds the notebook may run; ``show_code`` says that its HTML page keeps the code cells (the suite entry's ``show_code``).
    """

    name: str
    entry: str
    notebook: Path
    parameters: Mapping[str, object]
    tables: bool
    subject: str = ""
    per: str | None = None
    per_id: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    show_code: bool = False


def plan_reports(
    suite: Suite,
    scored,
    *,
    corpus: CorpusSource,
    since: str | None = None,
    only: Sequence[str] = (),
    documents: Sequence[str] | None = None,
    timeout: float | None = None,
    columns: ColumnNames | None = None,
    frames: str = DEFAULT_SCHEME,
    actors: str = DEFAULT_ACTORS,
) -> list[PlannedReport]:
    """Expand *suite* into the reports to run on *scored* (:func:`analysis.open_corpus`), refusing bad parameters.

    Grids give one report per combination; ``per = "document"`` one per
    document of the entry's ``top`` documents of ``scored.docs`` ranked
    ``by`` its criterion (:func:`top_documents`; in corpus order), or one per
    document of *documents* when given; ``per = "actor"`` one per actor of
    the ``top`` actors of ``scored.scores.actors`` with at least
    ``min_mentions`` mentions (most mentioned first, then by id; without
    ``top``, 20, or every one on a corpus of at most
    :data:`~analysis.report.suite.SMALL_CORPUS` documents). Notebooks
    that declare ``scores_dir`` get the cache entry of *scored*. *timeout*
    (seconds) replaces every entry's time limit. Names are ``<entry>`` or
    ``<entry>-<slug>-<slug>...`` (:func:`slugify`). Every parameter must be
    declared in the notebook's ``parameters`` cell (read with
    ``papermill.inspect_notebook``) with a matching type, and ``doc_id``,
    ``actor``, ``group_by`` and ``scheme`` must name a document, a mentioned
    actor, a document column, or a shipped or existing frame dictionary.
    *only* keeps the reports whose entry or report name is listed.

    *corpus* is the corpus source (a folder, a file, a glob pattern, a list
    of paths or a DataFrame), passed to every notebook as the string
    :func:`corpus_parameter` makes of it; *columns* (the ``*_column``
    options it was read with) is passed to the notebooks that declare those
    parameters. A notebook reads the scored corpus through ``scores_dir``;
    one that does not declare it scores the corpus itself from ``corpus``, so
    it is refused for a list of paths or a DataFrame (which a string cannot
    carry) and for column options it does not declare.

    *frames* and *actors* are what *scored* was scored with (checked by the
    caller): notebooks that declare ``scheme`` get *frames* where the entry
    sets no ``scheme`` of its own, those that declare ``gazetteer`` get
    *actors*.

    Raises :class:`~analysis.report.suite.SuiteError` listing every problem and the valid choices.
    """
    since = check_since(since)
    timeout = check_timeout(timeout) if timeout is not None else None
    run_scheme, run_gazetteer = str(frames), str(actors)
    corpus_path = corpus_parameter(corpus)
    column_values = column_parameters(columns or ColumnNames())
    defaults = column_parameters(ColumnNames())
    changed = [name for name, value in column_values.items() if value != defaults[name]]
    as_string = isinstance(corpus, (str, Path))
    chosen = documents
    documents = [str(d) for d in scored.docs[DOC_ID]]
    actors = _actors_by_mentions(scored.scores.actors)
    mentions = dict(actors)
    titles = dict(zip(documents, scored.docs["title"].fillna("").astype(str))) if "title" in scored.docs.columns else {}
    columns = sorted((set(scored.docs.columns) | set(scored.scores.documents.columns)) - {"text", "raw_text"})
    problems: list[str] = []
    if chosen is not None:
        if isinstance(chosen, str) or not chosen:
            problems.append(f"--documents must list one or more document ids; got {chosen!r}")
            chosen = []
        known = set(documents)
        problems += [f"--documents {d!r} is not a document of the corpus; valid: {format_choices(documents)}" for d in chosen if str(d) not in known]
        chosen = list(dict.fromkeys(str(d) for d in chosen if str(d) in known))
    planned: list[PlannedReport] = []
    selected = [e for e in suite.entries if not only or e.name in only or any(o.startswith(f"{e.name}-") for o in only)]
    for entry in selected:
        if not entry.notebook.is_file():
            folder = entry.notebook.parent
            available = sorted(p.stem for p in folder.glob("*.ipynb")) if folder.is_dir() else []
            problems.append(f"{entry.name}: notebook {str(entry.notebook)!r} does not exist; notebooks in {str(folder)!r}: {format_choices(available)}")
            continue
        declared = declared_parameters(entry.notebook)
        if declared is None:
            problems.append(f"{entry.name}: notebook {str(entry.notebook)!r} is not readable as a notebook")
            continue
        runner = {"corpus": corpus_path}
        if "scores_dir" in declared:
            runner["scores_dir"] = str(Path(scored.folder).resolve())
        else:
            if not as_string:
                problems.append(f"{entry.name}: notebook {entry.notebook.name} declares no 'scores_dir' parameter, so it can only score a corpus "
                                "named by one path or pattern, not a list of paths or a DataFrame")
            missing = [name for name in changed if name not in declared]
            if missing:
                problems.append(f"{entry.name}: notebook {entry.notebook.name} declares neither 'scores_dir' nor {', '.join(map(repr, missing))}, "
                                f"so it cannot read the corpus with --{missing[0].replace('_', '-')} {column_values[missing[0]]!r}")
        runner |= {name: value for name, value in column_values.items() if name in declared}
        if "gazetteer" in declared:
            runner["gazetteer"] = run_gazetteer
        if SCHEME_PARAMETER in declared and SCHEME_PARAMETER not in entry.parameters and SCHEME_PARAMETER not in entry.grid:
            runner[SCHEME_PARAMETER] = run_scheme
        if "corpus" not in declared:
            problems.append(f"{entry.name}: notebook {entry.notebook.name} declares no 'corpus' parameter; every report notebook needs one")
        if since is not None:
            if "since" in declared:
                runner["since"] = since
            else:
                problems.append(f"{entry.name}: notebook {entry.notebook.name} declares no 'since' parameter, so it cannot be limited to --since {since}")
        values = {name: [value] for name, value in entry.parameters.items()} | {name: list(v) for name, v in entry.grid.items()}
        problems += [f"{entry.name}: {p}" for p in parameter_problems(values, declared, entry.notebook.name)]
        problems += [f"{entry.name}: {p}" for p in value_problems(values, documents=documents, actors=[a for a, _ in actors], columns=columns)]
        if entry.per == "document":
            per_values = chosen if chosen is not None else top_documents(scored.scores.documents, top=entry.top or len(documents), by=entry.by or "actor_mentions")
        elif entry.per == "actor":
            top = entry.top or (None if len(documents) <= SMALL_CORPUS else DEFAULT_TOP["actor"])
            per_values = [actor for actor, n in actors if n >= entry.min_mentions][:top]
        else:
            per_values = [None]
        if entry.per is not None:
            problems += [f"{entry.name}: {p}" for p in parameter_problems({entry.parameter: per_values[:1] or [""]}, declared, entry.notebook.name)]
        for per_value, combination in itertools.product(per_values, itertools.product(*entry.grid.values())):
            parameters = dict(entry.parameters) | dict(zip(entry.grid, combination))
            parts = list(map(str, combination))
            if entry.per is not None:
                parameters[entry.parameter] = per_value
                parts.insert(0, str(per_value))
            name = "-".join([entry.name, *map(slugify, parts)])
            subject = titles.get(per_value, "") if entry.per == "document" else f"{mentions.get(per_value, 0)} mentions" if entry.per == "actor" else ""
            planned.append(PlannedReport(name, entry.name, entry.notebook, runner | parameters, "tables_dir" in declared, subject,
                                         entry.per, None if entry.per is None else str(per_value),
                                         timeout or entry.timeout or DEFAULT_TIMEOUT, entry.show_code))
    planned = _deduplicate_names(planned)
    names = [p.name for p in planned]
    problems += [f"report name {n!r} is made twice; give the suite entries different names" for n, k in sorted(Counter(names).items()) if k > 1]
    if only:
        known = {p.name for p in planned} | {e.name for e in suite.entries}
        unknown = [o for o in only if o not in known]
        if unknown:
            problems.append(f"--only {', '.join(map(repr, unknown))}: no such report; valid: {format_choices([e.name for e in suite.entries] + names)}")
        planned = [p for p in planned if p.name in only or p.entry in only]
    if problems:
        raise SuiteError("\n".join(dict.fromkeys(problems)))
    return planned


def column_parameters(columns: ColumnNames) -> dict[str, str]:
    """The column options of a corpus as the notebooks' parameters (:data:`~analysis.report.suite.COLUMN_PARAMETERS`).

    >>> column_parameters(ColumnNames(text="body"))["text_column"]
    'body'
    """
    return {name: columns.options()[name] for name in COLUMN_PARAMETERS}


def corpus_parameter(corpus: CorpusSource) -> str:
    """The ``corpus`` parameter a notebook gets for the corpus source *corpus*: a string that names it from any folder.

    A path is made absolute (kernels run in the notebook's folder), and so is
    a glob pattern, which stays a pattern (:func:`analysis.cache.ensure_scored`
    reads it); a list of paths is given as JSON text of the absolute paths and
    a DataFrame as ``<DataFrame>``: neither is a corpus path, for the record
    only, since the notebooks read the scored corpus through ``scores_dir``.

    >>> corpus_parameter(["a.txt", "b.txt"]) == json.dumps([os.path.abspath("a.txt"), os.path.abspath("b.txt")])
    True
    """
    import pandas as pd

    from ..sources import is_pattern

    if isinstance(corpus, pd.DataFrame):
        return DATAFRAME_PATH
    if isinstance(corpus, str) and is_pattern(corpus):
        return os.path.abspath(corpus)
    if isinstance(corpus, (str, Path)):
        return str(Path(corpus).resolve())
    return json.dumps([str(Path(p).resolve()) for p in corpus])


def top_documents(documents, *, top: int, by: str = "actor_mentions") -> list[str]:
    """The ids of the *top* documents of a ``documents`` score table ranked *by* a criterion, in corpus order.

    *by* is a key of :data:`~analysis.report.suite.DOCUMENT_RANKING` (the
    column ranked, highest first; ``tone`` ranks the absolute mean sentence
    compound). Ties go to the earlier document; documents without a value (not
    scored) come last. A table of at most *top* documents gives them all.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "n_actor_mentions": [1, 5, 5, None], "compound_mean": [-0.9, 0.1, 0.5, None]})
    >>> top_documents(table, top=2), top_documents(table, top=2, by="tone")
    (['b', 'c'], ['a', 'c'])
    """
    import pandas as pd

    if by not in DOCUMENT_RANKING:
        raise ValueError(f"by must be one of {', '.join(map(repr, DOCUMENT_RANKING))}; got {by!r}")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"top must be a whole number of at least 1; got {top!r}")
    ids = documents[DOC_ID].astype(str).reset_index(drop=True)
    if len(ids) <= top:
        return ids.tolist()
    values = pd.to_numeric(documents[DOCUMENT_RANKING[by]], errors="coerce").astype("float64").reset_index(drop=True)
    if by == "tone":
        values = values.abs()
    ranked = pd.DataFrame({"value": values, "position": range(len(ids))})
    kept = ranked.sort_values(["value", "position"], ascending=[False, True], na_position="last", kind="stable").head(top)
    return ids.iloc[sorted(kept["position"])].tolist()


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
    slug = SAFE_NAME.sub("_", str(value)).strip("._-")[:max_length] or "x"
    if slug != value:
        slug = f"{slug}-{_sha256(str(value))[:8]}"
    return slug


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
            report = dataclasses.replace(report, name=f"{report.name}-{digest}")
        out.append(report)
    return out


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
