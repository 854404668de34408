"""How much memory does each report notebook (and the runner's planning) hold on a scored corpus?

Runs the code cells of each notebook in a fresh Python process, with
``scores_dir`` set to a cache entry of :func:`analysis.open_corpus` (plus any
``name=value`` parameters), and prints the process's peak resident memory
and time, the token rows of the entry, and the peak projected to
``--project`` documents: the growth over a bare process scaled by the ratio
of documents (the token table grows with them). Peak memory is the claim;
times on a shared machine are indicative only.

    python bench/report_memory.py ENTRY [--notebooks corpus_overview compare] [--project 100000] [--set actor=united_kingdom ...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from common import print_table

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

#: Runs a notebook's code cells in this process (plots to Agg, display a no-op) and prints peak RSS (MB) and seconds.
CELLS = textwrap.dedent("""
    import json, resource, sys, time
    import matplotlib
    matplotlib.use("Agg")
    notebook, parameters = sys.argv[1], json.loads(sys.argv[2])
    started = time.perf_counter()
    space = {"display": lambda *a, **k: None}
    for cell in json.load(open(notebook))["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]).replace("from IPython.display import display", ""), notebook, "exec"), space)
            if "parameters" in cell.get("metadata", {}).get("tags", []):
                space.update(parameters)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, time.perf_counter() - started)
""")

#: What the runner's main process reads to plan reports and write the listing pages.
PLANNING = textwrap.dedent("""
    import resource, sys, time
    from pathlib import Path
    started = time.perf_counter()
    from analysis.report.run import _planning_view
    from analysis.report.index import actor_listing, document_listing
    scored = _planning_view(Path(sys.argv[1]))
    document_listing(scored.scores.documents, scored.docs), actor_listing(scored.scores.actors)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, time.perf_counter() - started)
""")

BARE = "import resource, analysis, matplotlib, pandas; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)"


def _run(code: str, *args: str, cwd: Path) -> tuple[float, float]:
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(args[:1])} failed:\n{done.stderr[-3000:]}")
    peak, seconds = done.stdout.strip().splitlines()[-1].split()
    return float(peak), float(seconds)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("entry", type=Path, help="a cache entry (scores_dir) of analysis.open_corpus")
    parser.add_argument("--notebooks", nargs="+", default=["corpus_overview", "compare", "framing", "actor_report"])
    parser.add_argument("--project", type=int, default=100_000, help="documents to project the peak to")
    parser.add_argument("--set", nargs="*", default=[], dest="parameters", metavar="NAME=VALUE",
                        help="parameters set in every notebook run (after its parameters cell)")
    args = parser.parse_args(argv)
    entry = args.entry.resolve()
    n_docs = pq.ParquetFile(entry / "documents.parquet").metadata.num_rows
    n_tokens = pq.ParquetFile(entry / "tokens.parquet").metadata.num_rows
    bare, _ = _run(BARE, cwd=NOTEBOOKS)
    rows = []
    for name in args.notebooks:
        declared = json.dumps({"scores_dir": str(entry), **dict(p.split("=", 1) for p in args.parameters)})
        peak, seconds = _run(CELLS, str(NOTEBOOKS / f"{name}.ipynb"), declared, cwd=NOTEBOOKS)
        rows.append((name, peak, seconds))
    rows.append(("runner planning", *_run(PLANNING, str(entry), cwd=NOTEBOOKS)))
    scale = args.project / n_docs
    table = pd.DataFrame(rows, columns=["what", "peak_mb", "seconds"])
    table[f"peak_mb_at_{args.project}"] = (bare + (table["peak_mb"] - bare) * scale).round()
    print(f"{entry.name}: {n_docs} documents, {n_tokens} token rows; a bare process holds {bare:.0f} MB")
    print_table("Peak resident memory per report", table.round({"peak_mb": 0, "seconds": 1}))


if __name__ == "__main__":
    main()
