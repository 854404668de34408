"""Does every per-document step grow linearly with its input? Times each step on n and 2n documents.

For each step the table gives the time on the smaller and the larger slice of
the BBC corpus, and their ratio: a linear step doubles (ratio about 2.0), a
quadratic one quadruples. Ratios, not absolute times, are the claim: they are
measured side by side in the same run on the same machine.

    python bench/scaling.py [--n 500]
"""

from __future__ import annotations

import argparse
import tempfile
import warnings
from pathlib import Path

import pandas as pd

import analysis
from common import best_of, bbc_table, print_table


def steps(folder: Path):
    """(name, function of a documents frame or table path) for every step measured."""
    return [
        ("load_corpus (decode, clean, language, duplicates)", lambda path, docs: analysis.load_corpus(path)),
        ("split_sentences", lambda path, docs: analysis.split_sentences(docs)),
        ("tokenize", lambda path, docs: analysis.tokenize(analysis.split_sentences(docs))),
        ("score (every measure)", lambda path, docs: analysis.score(docs)),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="documents in the smaller slice (the larger has 2n)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    table = bbc_table()
    if 2 * args.n > len(table):
        raise SystemExit(f"--n {args.n} is too large: the BBC corpus has {len(table)} documents, so n can be at most {len(table) // 2}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        paths, frames = {}, {}
        for n in (args.n, 2 * args.n):
            paths[n] = Path(tmp) / f"bbc_{n}.csv"
            table.head(n).to_csv(paths[n], index=False)
            frames[n] = analysis.load_corpus(paths[n])
        for name, step in steps(Path(tmp)):
            small = best_of(lambda: step(paths[args.n], frames[args.n]), repeat=args.repeat)
            large = best_of(lambda: step(paths[2 * args.n], frames[2 * args.n]), repeat=args.repeat)
            rows.append({"step": name, f"s for {args.n} docs": small, f"s for {2 * args.n} docs": large, "ratio (linear = 2.0)": large / small})
    print_table(f"Scaling on BBC News, {args.n} vs {2 * args.n} documents", pd.DataFrame(rows))


if __name__ == "__main__":
    main()
