"""Command line: ``python -m analysis report|score|validate ...``. A thin layer over library calls."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

#: Notebooks the default report suite runs, in order.
DEFAULT_SUITE = ("corpus_overview",)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="How the news frames a story: reports from a corpus.")
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="run the report notebooks on a corpus and export them to HTML")
    report.add_argument("--corpus", default="seeds", help="folder of .txt/.md files or a .csv/.jsonl/.parquet table (default: seeds)")
    report.add_argument("--out", default="reports", help="folder the reports are written to (default: reports)")
    report.add_argument("--notebooks", default="notebooks", help="folder holding the report notebooks (default: notebooks)")
    report.add_argument("--only", nargs="+", metavar="NAME", choices=DEFAULT_SUITE, help="run only these notebooks")
    report.add_argument("--show-code", action="store_true", help="keep code cells in the HTML")

    score = commands.add_parser("score", help="score a corpus with every measure and write the tables")
    score.add_argument("corpus", help="folder of .txt/.md files or a .csv/.jsonl/.parquet table")
    score.add_argument("--out", required=True, help="folder for <table>.<format> and manifest.json (must be empty or new)")
    score.add_argument("--frames", default="eurasia", metavar="NAME_OR_PATH", help="frame dictionary: eurasia, generic, policy or a file (default: eurasia)")
    score.add_argument("--actors", default="default", metavar="NAME_OR_PATH", help="actor gazetteer: default or a file (default: default)")
    score.add_argument("--format", default="parquet", choices=("parquet", "csv"), help="table format (default: parquet)")
    score.add_argument("--no-tokens", action="store_true", help="do not write the token table (large corpora)")
    score.add_argument("--chunk-size", type=int, default=500, metavar="N", help="documents scored and written at a time (default: 500)")

    validate = commands.add_parser("validate", help="print every measure's validation figures")
    validate.add_argument("--shared", default=None, help="the shared data folder (default: ../shared beside the project)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return {"report": _report, "score": _score, "validate": _validate}[args.command](args)


def _report(args) -> int:
    from .report import run_notebook, write_index

    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"error: --corpus {args.corpus!r} does not exist", file=sys.stderr)
        return 2
    results, failed = [], 0
    for name in args.only or DEFAULT_SUITE:
        notebook = Path(args.notebooks) / f"{name}.ipynb"
        try:
            written = run_notebook(notebook, out_dir=args.out, parameters={"corpus": str(corpus.resolve())}, show_code=args.show_code)
        except Exception as exc:  # one failing report must not stop the others
            failed += 1
            print(f"{name}: failed: {type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}", file=sys.stderr)
            results.append({"name": name, "html": None, "status": "failed"})
            continue
        print(f"{name}: {written['html']}")
        results.append({"name": name, "html": written["html"], "status": "ok"})
    index = write_index(results, args.out, title=f"Reports on {corpus.name}")
    print(f"index: {index}")
    return 1 if failed else 0


def _score(args) -> int:
    from . import load_corpus
    from .errors import CorpusError
    from .scoring import write_scores

    corpus, out = Path(args.corpus), Path(args.out)
    if not corpus.exists():
        print(f"error: CORPUS {args.corpus!r} does not exist", file=sys.stderr)
        return 2
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        print(f"error: --out {args.out!r} is not an empty folder; give a new or empty folder so no old table is mistaken for a new one", file=sys.stderr)
        return 2
    if args.chunk_size < 1:
        print(f"error: --chunk-size must be at least 1; got {args.chunk_size}", file=sys.stderr)
        return 2
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = lambda message, category, *rest: print(f"warning: {message}", file=sys.stderr)
            docs = load_corpus(corpus)
            manifest = write_scores(docs, out, frames=args.frames, actors=args.actors, fmt=args.format,
                                    keep_tokens=not args.no_tokens, chunk_size=args.chunk_size)
    except (CorpusError, FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"scored {len(docs)} document(s) into {out} (manifest: {manifest})")
    return 0


def _validate(args) -> int:
    from .validation import validation_report

    print(validation_report(shared=args.shared))
    return 0


if __name__ == "__main__":
    sys.exit(main())
