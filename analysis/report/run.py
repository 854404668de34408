"""A run of the suite, start to finish: :func:`run_suite` and its :class:`RunResult`.

The order: check the options and read the suite (:mod:`~analysis.report.suite`),
score the corpus once (:func:`analysis.open_corpus`, cached), plan and check
every report (:mod:`~analysis.report.plan`; nothing runs when one is
refused), reuse unchanged reports and execute the others
(:mod:`~analysis.report.workers`) inside a staged run
(:mod:`~analysis.report.store`), write the index
(:mod:`~analysis.report.index`), publish the run and, with *keep*, prune old
runs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..cache import ScoredCorpus, ensure_scored, package_fingerprint, read_corpus, read_scores
from ..corpus import DATAFRAME_PATH, MAX_FILE_BYTES, CorpusSource, check_source, column_names, describe_source, parse_size
from ..errors import CorpusError
from ..schema import DOC_ID
from .execute import error_line
from .index import (
    actor_labels,
    actor_listing,
    corpus_sentence,
    describe_corpus,
    document_listing,
    frame_shares,
    headline_findings,
    index_rows,
    plural,
    render_index,
    reuse_note,
    run_header,
    write_index,
    write_listing,
)
from .plan import PlannedReport, corpus_parameter, plan_reports
from .store import (
    RUNNER_FORMAT,
    StagedRun,
    check_out_folder,
    iso_time,
    prune_runs,
    report_key,
    report_manifest,
    reused_outcome,
    run_context,
)
from .suite import (
    DEFAULT_ACTORS,
    DEFAULT_SCHEME,
    Suite,
    SuiteError,
    check_actors,
    check_frames_file,
    check_scheme,
    check_since,
    check_timeout,
    read_suite,
)
from .workers import JOBS_PER_CPU, TIMED_OUT, Task, cpu_count, execute_tasks, worker_count

#: Columns of :attr:`RunResult.reports`.
RUN_COLUMNS = ["name", "entry", "notebook", "status", "reused", "seconds", "attempts", "error", "folder", "html"]


@dataclass(frozen=True)
class RunResult:
    """The outcome of :func:`run_suite`: the run's folder and index, and one row per report in ``reports``.

    ``reports`` columns: :data:`RUN_COLUMNS` (``status`` is ``ok``,
    ``failed`` or ``timed out``; ``reused`` says the files were taken from an earlier run).
    ``pruned``: the older run folders deleted afterwards (``keep``).
    ``removed``: unfinished run folders, left by runs that were killed, removed before this run started.
    ``no_kernel``: the reports that failed because no kernel would start for them (an environment problem,
    not the notebook's).
    """

    run_id: str
    folder: Path
    index: Path
    reports: object  # pandas.DataFrame
    warnings: tuple[str, ...] = ()
    pruned: tuple[Path, ...] = ()
    removed: tuple[Path, ...] = ()
    no_kernel: tuple[str, ...] = ()

    @property
    def n_failed(self) -> int:
        return int((self.reports["status"] == "failed").sum())

    @property
    def n_timed_out(self) -> int:
        return int((self.reports["status"] == TIMED_OUT).sum())

    @property
    def n_reused(self) -> int:
        return int(self.reports["reused"].sum())

    @property
    def ok(self) -> bool:
        return self.n_failed == 0 and self.n_timed_out == 0

    def summary(self) -> str:
        """One line: how many reports ran, were reused, failed."""
        total = len(self.reports)
        parts = [f"{total} report(s) in {self.folder}"]
        if self.n_reused:
            parts.append(f"reused {self.n_reused} of {total} reports: inputs unchanged")
        parts.append(f"ran {total - self.n_reused}")
        if self.n_failed:
            parts.append(f"{self.n_failed} FAILED" + (f" ({len(self.no_kernel)} because no kernel would start)" if self.no_kernel else ""))
        if self.n_timed_out:
            parts.append(f"{self.n_timed_out} TIMED OUT")
        return "; ".join(parts)


def run_suite(
    suite: str | Path | Sequence[str | Path] | Suite | None = None,
    *,
    corpus: CorpusSource,
    out: str | Path,
    jobs: int | None = None,
    only: Sequence[str] = (),
    show_code: bool = False,
    since: str | None = None,
    notebooks: str | Path | None = None,
    cache: str | Path | None = None,
    fresh_kernels: bool = False,
    keep: int | None = None,
    progress: bool | None = None,
    documents: Sequence[str] | None = None,
    timeout: float | None = None,
    frames: str | Path | None = None,
    actors: str | Path | None = None,
    text_column: str = "text",
    id_column: str = DOC_ID,
    title_column: str = "title",
    date_column: str = "date",
    outlet_column: str = "outlet",
    max_file_bytes: int | str | None = MAX_FILE_BYTES,
) -> RunResult:
    """Run every report of *suite* on *corpus* into a new run under ``<out>/runs/`` and point ``<out>/latest`` at it.

    *suite* is a suite file, the name of a shipped suite (``"reports"``, ``"teaching"``), a list of
    those read as one suite (:func:`~analysis.report.suite.read_suite`), or a :class:`Suite`.

    *corpus* is any source :func:`analysis.load_corpus` reads (a folder, a
    file, a glob pattern, a list of paths or a DataFrame), read with the
    ``*_column`` options (``text_column`` ...: the table columns holding each
    document's text, id, title, date and outlet) and *max_file_bytes* (the
    size limit per file and per table row); the notebooks get it as
    the string :func:`~analysis.report.plan.corpus_parameter` makes, the
    column options as parameters of those names where they declare them, and
    the scored corpus as ``scores_dir``.
    Order: read and check the suite, score the corpus once
    (:func:`analysis.open_corpus` with *since*, cached in *cache*; default
    ``$ANALYSIS_CACHE`` or ``~/.cache/analysis``; the kernels are given the
    same cache), plan and validate every report (:func:`plan_reports`;
    nothing runs when one is refused), reuse unchanged reports from earlier
    complete runs, execute the others on *jobs* processes (default: the
    number of CPUs; never more than :data:`~analysis.report.workers.JOBS_PER_CPU`
    per CPU or one per report; ``1`` runs in this process), each keeping a warm kernel
    that is reset between notebooks (:mod:`analysis.report.kernels`;
    *fresh_kernels* starts a new kernel for every notebook instead), write
    each report's ``manifest.json``, the run's ``index.html`` and
    ``run.json``, the run's ``documents.html`` and ``actors.html`` (every
    document and actor, searchable, linked to its report where one was made;
    also as CSV), rename the run into place, replace ``latest`` and write
    ``<out>/index.html`` (the run's index again, its links into
    ``runs/<run-id>/``).
    *frames* (a shipped frame scheme with an optional method, ``generic`` or
    ``eurasia:model``, or a frame dictionary file) and *actors* (``default``
    or an actor list file) are what the corpus is scored with, and reach the
    notebooks as the parameters ``scheme`` (where the suite entry sets none)
    and ``gazetteer``; each defaults to the suite's top-level setting, else
    ``eurasia`` and ``default``. They are part of the scored corpus's cache
    key, so a corpus scored with another scheme or actor list is never reused
    for this one.
    *documents* makes the per-document reports for those ids instead of the
    suite's ``top`` (default: the suite's ``documents``); *timeout* (seconds) replaces every notebook's time limit
    (a notebook that runs longer is stopped and reported ``timed out``). Then, with
    *keep*, delete all but the *keep* newest complete runs
    (:func:`prune_runs`). A failing notebook is recorded (cell, error) and
    does not stop the others. *progress*: ``None`` (the default) draws a bar
    on stderr when it is a terminal, else writes one line per finished report
    (name, status, seconds, how many remain, the time left); ``True`` the bar,
    ``False`` nothing.

    Raises :class:`SuiteError` (a refused suite, option or parameter, an *out*
    that is a file), :class:`~analysis.errors.CorpusError` (a corpus with no
    usable document) or ``FileNotFoundError`` (no corpus, suite or notebook)
    before anything runs; ``PermissionError`` when *out* cannot be written (a
    read-only file system, no permission), also before anything runs; and an
    ``OSError`` naming the file when a write fails mid-run (a full disk): the
    run is then removed, and ``latest`` still points to the previous one.
    With more than one job the workers are spawned processes, so a script
    that calls this must guard its entry point with
    ``if __name__ == "__main__":``.
    """
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise SuiteError(f"--jobs must be a whole number of at least 1; got {jobs!r}")
    if keep is not None and (isinstance(keep, bool) or not isinstance(keep, int) or keep < 1):
        raise SuiteError(f"--keep must be at least 1 (the newest run is always kept); got {keep!r}")
    since = check_since(since)
    timeout = check_timeout(timeout) if timeout is not None else None
    try:
        corpus = check_source(corpus)
    except (FileNotFoundError, ValueError, TypeError) as exc:
        raise type(exc)(f"--corpus: {exc}") from None
    names = column_names(text_column=text_column, id_column=id_column, title_column=title_column,
                         date_column=date_column, outlet_column=outlet_column)
    columns = names.options()
    try:
        max_file_bytes = parse_size(max_file_bytes, name="--max-file-size")
    except ValueError as exc:
        raise SuiteError(str(exc)) from None
    out = Path(out).resolve()  # kernels run in the notebook's folder: every path they get must be absolute
    check_out_folder(out)
    if (out / "latest").exists() and not (out / "latest").is_symlink():
        raise SuiteError(f"{str(out / 'latest')!r} exists and is not a symlink; move it away so the runner can point it at the newest run")
    frames = _check_frames(frames) if frames is not None else None
    actors = check_actors(str(actors)) if actors is not None else None
    suite = suite if isinstance(suite, Suite) else read_suite(suite, notebooks=notebooks)
    frames = frames or suite.frames or DEFAULT_SCHEME
    actors = actors or suite.actors or DEFAULT_ACTORS
    documents = documents if documents is not None else (list(suite.documents) if suite.documents else None)
    cache = Path(cache).resolve() if cache is not None else None
    scored = _planning_view(ensure_scored(corpus, since=since, frames=frames, actors=actors, cache=cache, max_file_bytes=max_file_bytes, **columns))
    if scored.docs.empty:
        raise CorpusError(describe_source(corpus), "holds no usable document (every file or row was empty, unreadable or skipped; see the warnings)"
                                                   + (f" dated on or after --since {since}" if since else ""))
    planned = plan_reports(suite, scored, corpus=corpus, since=since, only=only, documents=documents, timeout=timeout, columns=names,
                           frames=frames, actors=actors)
    kernel_env = {"ANALYSIS_CACHE": str(cache)} if cache is not None else {}
    result = _run(planned, scored, corpus=corpus_parameter(corpus), label=corpus_label(corpus), out=out, jobs=jobs, show_code=show_code,
                  since=since, progress=progress, suite=suite, warm=not fresh_kernels, kernel_env=kernel_env)
    cpus = cpu_count()
    if jobs is not None and jobs > JOBS_PER_CPU * cpus:
        result = dataclasses.replace(result, warnings=(*result.warnings, f"--jobs {jobs} was lowered to {worker_count(jobs, jobs, cpus=cpus)}: "
                                                                        f"at most {JOBS_PER_CPU} workers per CPU ({cpus} CPUs here)"))
    if keep is not None:
        result = dataclasses.replace(result, pruned=tuple(prune_runs(out, keep=keep)))
    return result


def _check_frames(frames: str | Path) -> str:
    """*frames* as the runner passes it on: a shipped scheme (``NAME[:METHOD]``) as given, a dictionary file as an absolute path."""
    if isinstance(frames, Path) or Path(str(frames)).is_file():
        return check_frames_file(frames, option="--frames")
    return check_scheme(frames, option="--scheme")


def corpus_label(corpus: CorpusSource) -> str:
    """How a run's pages name the corpus: a path's last part, a glob pattern, the number of paths of a list, ``<DataFrame>``.

    >>> corpus_label("news/2025"), corpus_label("dumps/*.csv"), corpus_label(["a.txt", "b.csv"])
    ('2025', 'dumps/*.csv', '2 corpus paths')
    """
    import pandas as pd

    from ..sources import is_pattern

    if isinstance(corpus, pd.DataFrame):
        return DATAFRAME_PATH
    if isinstance(corpus, str) and is_pattern(corpus):
        return corpus
    if isinstance(corpus, (str, Path)):
        return Path(corpus).resolve().name
    return describe_source(corpus)


def _run(planned: list[PlannedReport], scored, *, corpus: str, label: str, out: Path, jobs: int | None, show_code: bool, since: str | None,
         progress: bool | None, suite: Suite, warm: bool, kernel_env: Mapping[str, str]) -> RunResult:
    import pandas as pd

    started = time.time()
    context = run_context(scored, corpus=corpus, since=since, fingerprint=package_fingerprint())
    warnings = tuple(dict.fromkeys(f"{p.entry}: {p.notebook.name} declares no 'tables_dir' parameter, so its tables are not kept" for p in planned if not p.tables))
    with StagedRun(out, started=started) as run:
        keys = {p.name: report_key(p, context, show_code or p.show_code) for p in planned}
        previous = run.previous_reports(set(keys.values()))
        outcomes: dict[str, dict] = {}
        by_name = {p.name: p for p in planned}

        def publish(report: PlannedReport, outcome: dict) -> None:  # as each report is done, inside the hidden run
            error = outcome.get("error") or {}
            if error.get("kind") == "environment":  # a full disk, a read-only folder: the other reports would meet it too
                raise OSError(error["errno"], os.strerror(error["errno"]), error.get("filename"))
            outcomes[report.name] = outcome
            run.publish_report(report.name, report_manifest(report, outcome, key=keys[report.name], context=context,
                                                            show_code=show_code or report.show_code, run_id=run.run_id))

        to_run = []
        for report in planned:
            source = previous.get(keys[report.name])
            if source is not None and run.reuse(source, report.name):
                publish(report, reused_outcome(source))
            else:
                to_run.append(report)
        # single corpus-wide reports first: they are the long ones, and a long report started last keeps one worker busy alone
        gridded = {e.name for e in suite.entries if e.per is not None or e.grid}
        to_run.sort(key=lambda r: r.entry in gridded)
        tasks = [Task(r.name, str(r.notebook), dict(r.parameters), r.tables, str(run.report_staging(r.name)), show_code or r.show_code, r.timeout)
                 for r in to_run]
        with contextlib.closing(execute_tasks(tasks, jobs=jobs, warm=warm, env=kernel_env, progress=progress)) as produced:
            for task, outcome in produced:  # closing: on an error here, the workers stop before the staged run is removed
                publish(by_name[task.name], outcome)
        rows = []
        for report in planned:
            outcome = outcomes[report.name]
            html_path = run.folder / report.name / f"{report.name}.html"
            rows.append([report.name, report.entry, report.notebook.name, outcome["status"], bool(outcome.get("reused_from")),
                         round(outcome["ended"] - outcome["started"], 3), outcome.get("attempts", 0), error_line(outcome.get("error")),
                         run.final / report.name, run.final / report.name / html_path.name if html_path.is_file() else None])
        table = pd.DataFrame(rows, columns=RUN_COLUMNS)
        links = _write_listings(planned, scored, run.folder, label=label)
        content = _index_content(planned, outcomes, scored, run.folder, context)
        ended = time.time()
        page = dict(title=f"Reports on {label}", links=links, group_links={"document": links[0], "actor": links[1]}, **content,
                    header=run_header(run.run_id, context, started, ended, table, suite=", ".join(map(str, suite.files or ([suite.path] if suite.path else []))) or "a suite built in code",
                                      options={"code shown": "yes" if show_code else "no", "kernels": "warm" if warm else "fresh"},
                                      reused=reuse_note(outcomes)))
        index = write_index(out_dir=run.folder, **page)
        top_page = render_index(out_dir=run.folder, prefix=f"runs/{urllib.parse.quote(run.run_id)}/", **page)
        final = run.publish({
            "run_id": run.run_id, "format": RUNNER_FORMAT, "suite": str(suite.path) if suite.path else None,
            "suites": [str(f) for f in suite.files],
            "started": iso_time(started), "ended": iso_time(ended), "seconds": round(ended - started, 3), **context,
            "show_code": show_code, "kernels": "warm" if warm else "fresh", "warnings": list(warnings),
            "reports": [{"name": p.name, "entry": p.entry, "key": keys[p.name], "status": outcomes[p.name]["status"],
                         "reused_from": outcomes[p.name].get("reused_from")} for p in planned],
        }, top_page=top_page)
    no_kernel = tuple(p.name for p in planned if (outcomes[p.name].get("error") or {}).get("kind") == "kernel")
    return RunResult(run.run_id, final, final / index.name, table, warnings, removed=tuple(run.removed), no_kernel=no_kernel)


def _planning_view(folder: Path) -> ScoredCorpus:
    """What planning and the listing pages read of a cache entry: the documents' metadata and scores, who is named where.

    Texts, sentences, tokens and the other tables stay on disk (the notebooks
    read what they need), so the runner's own memory grows with the number of
    documents and mentions, not with the text.
    """
    import pyarrow.parquet as pq

    metadata = [c for c in pq.read_schema(Path(folder) / "corpus.parquet").names if c not in ("text", "raw_text")]
    scores = read_scores(folder, tables=["documents", "actors"], columns={"actors": ["actor"]})
    return ScoredCorpus(read_corpus(folder, columns=metadata), scores, Path(folder).name, Path(folder))


def _report_pages(planned: list[PlannedReport], folder: Path) -> dict[str, dict[str, Path]]:
    """``{"document": {doc_id: page}, "actor": {actor: page}}``: the per-document and per-actor reports that have a page."""
    pages: dict[str, dict[str, Path]] = {"document": {}, "actor": {}}
    for report in planned:
        page = Path(report.name) / f"{report.name}.html"
        if report.per in pages and report.per_id is not None and (folder / page).is_file():
            pages[report.per].setdefault(report.per_id, page)
    return pages


def _index_content(planned: list[PlannedReport], outcomes: Mapping[str, dict], scored, folder: Path, context: dict) -> dict:
    """What the run's index says besides its metadata: the corpus sentence, the headline findings, the rows of the reports.

    Read from what the run holds, nothing scored again: the planning view's
    documents and mentions, the frame salience table the first framing
    report that succeeded wrote (its ``scheme``), else (no such report, or
    its table unreadable) the scored corpus's ``frames`` table (the scheme it
    was scored with). The tone links to the corpus overview, else to the
    documents page (which lists each document's mean tone).
    """
    import pandas as pd

    from ..frame_model import parse_frames_option

    documents = scored.scores.documents
    resources = context.get("resources") or {}
    pages = _report_pages(planned, folder)

    def page_of(notebook: str) -> tuple[PlannedReport | None, Path | None]:
        for report in planned:
            page = Path(report.name) / f"{report.name}.html"
            if report.notebook.stem == notebook and report.per is None and outcomes[report.name]["status"] == "ok" and (folder / page).is_file():
                return report, page
        return None, None

    framing, framing_page = page_of("framing")
    overview, overview_page = page_of("corpus_overview")
    scored_frames = resources.get("frames") or {}
    shares = None
    salience_file = folder / framing.name / "tables" / "frame_salience.csv" if framing is not None else None
    if salience_file is not None and salience_file.is_file():
        try:  # the table the framing report shows, with the scheme it was given
            shares = frame_shares(pd.read_csv(salience_file, dtype={"doc_id": str, "frame": str}))
            name, method = parse_frames_option(str(framing.parameters.get("scheme", scored_frames.get("name", "?"))))
        except (OSError, ValueError, KeyError):
            shares = None
    from_report = shares is not None
    if shares is None:
        shares = frame_shares(read_scores(scored.folder, tables=["frames"]).frames)
        name, method = scored_frames.get("name", "?"), scored_frames.get("method", "dictionary")
    scheme = f"the {name} dictionary" if method == "dictionary" else f"the learned {name} {method} model"
    labels = actor_labels((resources.get("actors") or {}).get("name") or "default")
    counts = actor_listing(scored.scores.actors)
    findings = headline_findings(shares=shares, scheme=scheme, documents=documents, actors=counts, actor_labels=labels,
                                 pages=pages, frames_page=framing_page, tone_page=overview_page or folder / "documents.html", actors_page=folder / "actors.html",
                                 documents_page=folder / "documents.html")
    facts = describe_corpus(documents)
    figures = {}
    if overview is not None:
        figures[overview.name] = f"{plural(facts['n_documents'], 'document')}, {plural(facts['n_words'], 'word')}"
    if from_report and len(shares) and shares["n_frame_sentences"].iloc[0] > 0:
        top = shares.iloc[0]
        figures[framing.name] = f"leading frame: {str(top['frame']).replace('_', ' ')}, {top['sentence_share']:.0%} of sentences"
    for report in planned:
        sizes = folder / report.name / "tables" / "group_sizes.csv"
        if report.notebook.stem == "compare" and outcomes[report.name]["status"] == "ok" and sizes.is_file():
            n_groups = len(pd.read_csv(sizes))
            figures[report.name] = f"{plural(n_groups, 'group')} compared"
    mentions = {row.actor: (int(row.n_mentions), int(row.n_docs)) for row in counts.itertuples()}
    rows = index_rows(planned, outcomes, folder, documents=documents, labels=labels, mentions=mentions, figures=figures)
    return {"reports": rows, "corpus": corpus_sentence(facts), "findings": findings}


def _write_listings(planned: list[PlannedReport], scored, folder: Path, *, label: str) -> list[tuple[str, Path]]:
    """Write the run's documents and actors pages (every one, searchable, with a link to its report); return the index links."""
    pages = _report_pages(planned, folder)
    documents = document_listing(scored.scores.documents, scored.docs)
    actors = actor_listing(scored.scores.actors)
    documents_table = scored.scores.documents
    unscored = int((~documents_table["scored"].astype(bool)).sum()) if "scored" in documents_table.columns else 0
    blank = (f" {unscored} of them were not identified as English, so the English-only measures (sentiment, frames, actors, quotes) were not run "
             "on them: their score columns are blank, not measured (which is not zero)." if unscored else "")
    write_listing(documents, folder, name="documents", title=f"Documents of {label}", pages=pages["document"],
                  intro=f"Every document of the corpus ({len(documents)}), with its key scores; {len(pages['document'])} have a "
                        "report of their own; python -m analysis report --documents ID ... makes one for any other." + blank)
    write_listing(actors, folder, name="actors", title=f"Actors named in {label}", pages=pages["actor"],
                  intro=f"Every actor named in the corpus ({len(actors)}), most mentioned first; {len(pages['actor'])} have a report of their own.")
    return [(f"all {len(documents)} documents (searchable)", folder / "documents.html"),
            (f"all {len(actors)} actors (searchable)", folder / "actors.html")]
