"""Command line: ``python -m analysis report ...``. A thin layer over :mod:`analysis.report`."""

from __future__ import annotations

import argparse
import sys
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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
