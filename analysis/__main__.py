"""Command line: ``python -m analysis report|score|validate ...``. A thin layer over library calls.

Every error is one line on stderr that names the file or option and the
problem, and the exit status says what kind it was (:data:`EXIT_STATUSES`).
"""

from __future__ import annotations

import argparse
import errno
import signal
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path

from .errors import printable

#: Exit statuses of ``report`` and ``score`` (also shown by ``--help``).
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REFUSED = 2
EXIT_ENVIRONMENT = 3
EXIT_INTERRUPTED = 130
EXIT_STATUSES = {
    EXIT_OK: "success",
    EXIT_FAILED: "some reports failed or timed out (report); the others were made",
    EXIT_REFUSED: "bad input or usage: an option, the suite, a corpus with no usable document, an --out that is a file",
    EXIT_ENVIRONMENT: "the machine is at fault: the disk is full, a folder is read-only or not writable, kernels would not start",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C or SIGTERM); nothing half-written was left",
}
#: What an ``OSError`` number means, in the one-line message of an environment error.
OS_PROBLEMS = {
    errno.ENOSPC: "no space left on the device (the disk is full)",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied (the folder cannot be written)",
    errno.EPERM: "operation not permitted",
}


def build_parser() -> argparse.ArgumentParser:
    epilog = "exit status:\n" + "\n".join(f"  {status:<4} {meaning}" for status, meaning in EXIT_STATUSES.items())
    parser = argparse.ArgumentParser(prog="python -m analysis", description="How the news frames a story: reports from a corpus.",
                                     epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="run the report suite on a corpus: executed notebooks, HTML pages, tables, index",
                                 epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    report.add_argument("--suite", nargs="+", default=None, metavar="FILE",
                        help="suite file(s) listing the notebooks and their parameter grids, or the name of a suite shipped with the "
                             "notebooks: reports (the reports on the corpus) or teaching (the course, a student's and an instructor's copy); "
                             "several are run as one suite into one index (default: reports.toml in the working directory, else reports)")
    report.add_argument("--corpus", nargs="+", default=None, metavar="CORPUS",
                        help="what score takes: a folder (text files, web pages, feeds and tables, mixed), one file, a quoted glob pattern "
                             "such as 'dumps/*.csv', or several paths (default: the project's seeds folder, else seeds/ in the working directory)")
    report.add_argument("--out", default="reports", help="folder for runs/<run-id>/, latest and index.html (default: reports)")
    report.add_argument("--jobs", type=int, default=None, metavar="N", help="notebooks run at a time (default: the number of CPUs; at most 2 per CPU and one per report)")
    report.add_argument("--only", nargs="+", default=(), metavar="NAME", help="run only these suite entries or reports (e.g. framing, document_report-ID)")
    report.add_argument("--show-code", action="store_true", help="keep code cells in the HTML")
    report.add_argument("--since", default=None, metavar="YYYY-MM-DD", help="only documents dated on or after this day, in every report")
    report.add_argument("--notebooks", default=None, metavar="DIR", help="notebook folder (default: the suite's `notebooks`)")
    report.add_argument("--fresh-kernels", action="store_true", help="start a new kernel for every notebook instead of resetting a warm one (slower)")
    report.add_argument("--keep", type=int, default=None, metavar="N", help="after a complete run, delete all but the N newest runs (default: keep every run)")
    report.add_argument("--cache", default=None, metavar="DIR", help="scored-corpus cache folder (default: $ANALYSIS_CACHE or ~/.cache/analysis)")
    report.add_argument("--documents", nargs="+", default=None, metavar="ID", help="make the per-document reports for these doc_ids (default: the suite's documents, else its top N documents)")
    frames = report.add_mutually_exclusive_group()
    frames.add_argument("--scheme", default=None, metavar="NAME[:METHOD]",
                        help="frame scheme the corpus is scored and the reports are made with: eurasia, generic or policy; eurasia:model, "
                             "eurasia:combined, generic:model or generic:combined for a learned frame model, as score --frames takes them "
                             "(default: the suite's scheme, else eurasia; the framing report and the corpus overview suggest generic when "
                             "eurasia finds frames in under a third of the English sentences)")
    frames.add_argument("--frames", default=None, metavar="FILE",
                        help="a frame dictionary file (quanteda YAML .yml/.yaml or LIWC .dic) to score and report with, instead of --scheme")
    report.add_argument("--actors", default=None, metavar="FILE",
                        help="an actor list (gazetteer CSV, as score --actors takes it) to score and report with (default: the suite's actors, "
                             "else the shipped gazetteer of states, leaders and organisations)")
    report.add_argument("--timeout", type=float, default=None, metavar="SECONDS", help="time limit of every notebook, replacing the suite's (default: the suite's timeout, else 1800); a notebook that runs longer is stopped and reported 'timed out'")
    _add_input_options(report)

    score = commands.add_parser("score", help="score a corpus with every measure and write the tables",
                                epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    score.add_argument("corpus", nargs="+", help="folder (text files, web pages, feeds and tables, mixed), one file, a quoted glob pattern such as 'dumps/*.csv', or several paths")
    score.add_argument("--out", required=True, help="folder for <table>.<format> and manifest.json: new, empty, or an earlier score output (replaced when the new one is complete)")
    score.add_argument("--frames", default="eurasia", metavar="NAME_OR_PATH",
                       help="frame dictionary: eurasia, generic, policy or a file; or a learned model: eurasia:model, eurasia:combined, generic:model, generic:combined (default: eurasia)")
    score.add_argument("--actors", default="default", metavar="NAME_OR_PATH", help="actor gazetteer: default or a file (default: default)")
    score.add_argument("--format", default="parquet", choices=("parquet", "csv"), help="table format (default: parquet)")
    score.add_argument("--no-tokens", action="store_true", help="do not write the token table (large corpora)")
    score.add_argument("--chunk-size", type=int, default=500, metavar="N", help="documents read, scored and written at a time (default: 500)")
    score.add_argument("--jobs", type=int, default=None, metavar="N", help="processes (local engine) or Dask workers (local Dask cluster) (default: the number of CPUs)")
    score.add_argument("--engine", default="local", choices=("local", "dask"), help="where chunks are scored: local processes, or a Dask cluster (needs pip install 'analysis[dask]') (default: local)")
    score.add_argument("--scheduler", default=None, metavar="ADDRESS", help="with --engine dask: the address of a running Dask scheduler (default: start a local cluster of --jobs workers)")
    _add_input_options(score)
    cached = score.add_mutually_exclusive_group()
    cached.add_argument("--cache", default=None, metavar="DIR", help="scored-document cache folder (default: $ANALYSIS_CACHE or ~/.cache/analysis)")
    cached.add_argument("--no-cache", action="store_true", help="score every document and keep nothing in the cache")

    validate = commands.add_parser("validate", help="print every measure's validation figures")
    validate.add_argument("--shared", default=None, help="the shared data folder with the human ratings (default: $ANALYSIS_SHARED, else the nearest ../shared)")
    return parser


def _add_input_options(command: argparse.ArgumentParser) -> None:
    """The options on how the corpus is read: ``--max-file-size`` and the ``--*-column`` options (``load_corpus``'s ``*_column``)."""
    command.add_argument("--max-file-size", default=None, metavar="SIZE",
                         help="largest file read, and largest text of one table row, e.g. 20MB or 1.5GB; a larger one is listed as a problem "
                              "and never read (default: 50MB)")
    for field, default in (("text", "text"), ("id", "doc_id"), ("title", "title"), ("date", "date"), ("outlet", "outlet")):
        command.add_argument(f"--{field}-column", default=default, metavar="NAME",
                             help=f"table column holding each document's {field if field != 'id' else 'doc_id'} (default: {default})")


def _column_options(args) -> dict[str, str]:
    return {f"{field}_column": getattr(args, f"{field}_column") for field in ("text", "id", "title", "date", "outlet")}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return {"report": _report, "score": _score, "validate": _validate}[args.command](args)


def _report(args) -> int:
    from .corpus import MAX_FILE_BYTES
    from .errors import CorpusError
    from .report import SuiteError, run_suite

    def interrupt(signum, frame):  # a scheduler's SIGTERM cleans up like Ctrl-C: the unfinished run is removed
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = lambda message, category, *rest: print(f"warning: {printable(message, keep_lines=True)}", file=sys.stderr)
            if args.frames is not None and not Path(args.frames).is_file():
                raise SuiteError(f"--frames {args.frames!r}: no such file; give a frame dictionary file (.yml, .yaml or .dic), "
                                 "or --scheme NAME for a shipped scheme")
            if args.scheme is not None and Path(args.scheme).is_file():
                raise SuiteError(f"--scheme {args.scheme!r} is a file; give a dictionary file as --frames FILE")
            corpus = _report_corpus(args.corpus)
            suite = args.suite[0] if args.suite and len(args.suite) == 1 else args.suite
            result = run_suite(suite, corpus=corpus, out=args.out, jobs=args.jobs, only=args.only, show_code=args.show_code,
                               since=args.since, notebooks=args.notebooks, cache=args.cache,
                               fresh_kernels=args.fresh_kernels, keep=args.keep, documents=args.documents, timeout=args.timeout,
                               frames=args.frames if args.frames is not None else args.scheme, actors=args.actors,
                               max_file_bytes=MAX_FILE_BYTES if args.max_file_size is None else args.max_file_size, **_column_options(args))
    except (SuiteError, CorpusError, FileNotFoundError, ValueError) as exc:
        print(f"error: {printable(exc, keep_lines=True)}", file=sys.stderr)
        print("refused: no report was run", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("interrupted: this run was removed; latest still points to the previous complete run", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:
        print(f"{os_error_line(exc)}; the run was stopped and removed, latest still points to the previous complete run", file=sys.stderr)
        return EXIT_ENVIRONMENT
    finally:
        signal.signal(signal.SIGTERM, previous)
    for message in result.warnings:
        print(f"warning: {printable(message, keep_lines=True)}", file=sys.stderr)
    for row in result.reports.itertuples():
        if row.status in ("failed", "timed out"):
            print(printable(f"{row.name}: {row.status}: {row.error}", keep_lines=True), file=sys.stderr)
    print(result.summary())
    if result.removed:
        print(f"removed {len(result.removed)} unfinished run folder(s) left by a run that was killed")
    if result.pruned:
        print(f"deleted {len(result.pruned)} older run(s), keeping the {args.keep} newest")
    print(f"index: {result.index}")
    if result.no_kernel:
        print(f"error: no kernel would start for {len(result.no_kernel)} report(s) ({', '.join(result.no_kernel)}); "
              "check the notebooks' kernel (jupyter kernelspec list) and the machine's memory and load", file=sys.stderr)
        return EXIT_ENVIRONMENT
    return EXIT_OK if result.ok else EXIT_FAILED


def _report_corpus(corpus: list[str] | None):
    """``--corpus`` as run_suite takes it: one path, several, or the default corpus (:func:`analysis.sources.default_corpus`)."""
    from .sources import default_corpus

    if corpus is None:
        return default_corpus()
    return corpus[0] if len(corpus) == 1 else corpus


def os_error_line(exc: OSError) -> str:
    """One line for an error of the machine: the path and what is wrong with it.

    >>> import errno
    >>> os_error_line(OSError(errno.ENOSPC, "No space left on device", "reports/runs/x/index.html"))
    "error: 'reports/runs/x/index.html': no space left on the device (the disk is full)"
    """
    problem = OS_PROBLEMS.get(exc.errno, exc.strerror or str(exc))
    where = f"{str(exc.filename)!r}: " if exc.filename is not None else ""
    return f"error: {where}{problem}"


def _score(args) -> int:
    from .errors import CorpusError
    from .parallel import default_jobs

    from .corpus import check_source

    out = Path(args.out)
    try:
        corpus = check_source(args.corpus[0] if len(args.corpus) == 1 else args.corpus)
    except (FileNotFoundError, ValueError, TypeError) as exc:
        print(f"error: CORPUS: {printable(exc, keep_lines=True)}", file=sys.stderr)
        return EXIT_REFUSED
    if out.exists() and not out.is_dir():
        print(f"error: --out {args.out!r} is a file, not a folder; give a new or empty folder, or the folder of an earlier score run",
              file=sys.stderr)
        return EXIT_REFUSED
    if out.exists() and any(out.iterdir()) and not (out / "manifest.json").is_file():
        print(f"error: --out {args.out!r} is not empty and holds no earlier score output (no manifest.json); "
              "give a new or empty folder, or the folder of an earlier score run to replace it", file=sys.stderr)
        return EXIT_REFUSED
    from .outputs import check_writable

    try:
        check_writable(out.parent)  # the output is built beside out, then renamed into place
    except OSError as exc:
        print(f"{os_error_line(exc)}; nothing was written to {str(out)!r}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    if args.chunk_size < 1:
        print(f"error: --chunk-size must be at least 1; got {args.chunk_size}", file=sys.stderr)
        return EXIT_REFUSED
    if args.jobs is not None and args.jobs < 1:
        print(f"error: --jobs must be at least 1 (1 scores in this process); got {args.jobs}", file=sys.stderr)
        return EXIT_REFUSED
    if args.scheduler is not None and args.engine != "dask":
        print("error: --scheduler is the address of a Dask scheduler; use it with --engine dask", file=sys.stderr)
        return EXIT_REFUSED
    from .corpus import MAX_FILE_BYTES, parse_size

    try:
        max_file_bytes = MAX_FILE_BYTES if args.max_file_size is None else parse_size(args.max_file_size, name="--max-file-size")
    except ValueError as exc:
        print(f"error: {printable(exc)}", file=sys.stderr)
        return EXIT_REFUSED
    jobs = args.jobs or default_jobs()
    if args.engine == "dask":
        try:
            from .engines import dask_executor

            engine = dask_executor(args.scheduler, jobs=jobs)
        except ImportError as exc:
            print(f"error: --engine dask needs Dask, which is not installed ({exc}): pip install 'analysis[dask]'", file=sys.stderr)
            return EXIT_REFUSED
    else:
        engine = None
    from .pipeline import score_corpus

    def interrupt(signum, frame):  # a scheduler's SIGTERM cleans up like Ctrl-C: nothing half-written is left
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = lambda message, category, *rest: print(f"warning: {printable(message, keep_lines=True)}", file=sys.stderr)
            with engine if engine is not None else _no_engine() as executor:
                manifest = score_corpus(corpus, out, executor=executor, jobs=jobs, frames=args.frames, actors=args.actors,
                                        fmt=args.format, keep_tokens=not args.no_tokens, chunk_size=args.chunk_size,
                                        cache=False if args.no_cache else args.cache, max_file_bytes=max_file_bytes, **_column_options(args))
    except ImportError as exc:
        print(f"error: --engine dask needs Dask, which is not installed ({exc}): pip install 'analysis[dask]'", file=sys.stderr)
        return EXIT_REFUSED
    except (CorpusError, FileNotFoundError, ValueError) as exc:
        print(f"error: {printable(exc, keep_lines=True)}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print(f"interrupted: nothing was written to {str(out)!r}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:  # a full disk, a read-only folder; also a Dask scheduler that cannot be reached (TimeoutError)
        print(f"{os_error_line(exc)}; nothing was written to {str(out)!r}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    finally:
        signal.signal(signal.SIGTERM, previous)
    import json

    n_documents = json.loads(manifest.read_text(encoding="utf-8"))["corpus"]["n_documents"]
    if not n_documents:
        print(f"error: CORPUS {printable(' '.join(args.corpus))!r} holds no usable document (every file or row was empty, unreadable or skipped; "
              f"see the warnings); {str(out)!r} holds empty tables", file=sys.stderr)
        return EXIT_REFUSED
    print(f"scored {n_documents} document(s) into {out} (manifest: {manifest})")
    return EXIT_OK


@contextmanager
def _no_engine():
    yield None


def _validate(args) -> int:
    from .validation import validation_report

    print(validation_report(shared=args.shared))
    return 0


if __name__ == "__main__":
    sys.exit(main())
