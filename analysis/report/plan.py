"""The plan: a suite expanded into the reports to run on one corpus, every parameter checked first.

:func:`plan_reports` turns each :class:`~analysis.report.suite.SuiteEntry`
into :class:`PlannedReport` objects (fixed parameters, grids, one report per
document, one per actor mentioned at least N times), names them
(:func:`slugify`) and refuses the whole plan, with every problem and the valid
choices, when one parameter does not fit its notebook or the corpus.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..schema import DOC_ID
from .suite import (
    SAFE_NAME,
    Suite,
    SuiteError,
    check_since,
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
    actor's mention count) for the index.
    """

    name: str
    entry: str
    notebook: Path
    parameters: Mapping[str, object]
    tables: bool
    subject: str = ""


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

    Raises :class:`~analysis.report.suite.SuiteError` listing every problem and the valid choices.
    """
    since = check_since(since)
    corpus_path = str(Path(corpus).resolve())
    documents = [str(d) for d in scored.docs[DOC_ID]]
    actors = _actors_by_mentions(scored.scores.actors)
    mentions = dict(actors)
    titles = dict(zip(documents, scored.docs["title"].fillna("").astype(str))) if "title" in scored.docs.columns else {}
    columns = sorted((set(scored.docs.columns) | set(scored.scores.documents.columns)) - {"text", "raw_text"})
    problems: list[str] = []
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
            per_values = documents
        elif entry.per == "actor":
            per_values = [actor for actor, n in actors if n >= entry.min_mentions]
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
            planned.append(PlannedReport(name, entry.name, entry.notebook, runner | parameters, "tables_dir" in declared, subject))
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
            report = PlannedReport(f"{report.name}-{digest}", report.entry, report.notebook, report.parameters, report.tables, report.subject)
        out.append(report)
    return out


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
