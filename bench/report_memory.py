"""How much memory does each report notebook (and the runner's planning) hold on a scored corpus?

Runs the code cells of each notebook in a fresh Python process, with
``scores_dir`` set to a cache entry of :func:`analysis.open_corpus` (plus any
``name=value`` parameters), and prints the process's peak resident memory
and time, the token rows of the entry, and the peak projected to
``--project`` documents: the growth over a bare process scaled by the ratio
of documents (the token table grows with them). Peak memory is the claim;
times on a shared machine are indicative only.

By default every notebook of the default suite runs once; the per-document
and per-actor notebooks on the heaviest page the suite makes (:func:`busiest`:
the document naming actors most, the actor mentioned most). ``bench/figures.py``
runs the same measurement on the 100,000-document scaling run (``--full``).

    python bench/report_memory.py ENTRY [--notebooks corpus_overview compare] [--project 100000] [--set actor=united_kingdom ...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq

from common import print_table

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

#: The notebooks of the default suite (``notebooks/reports.toml``), each measured once.
SUITE = ("corpus_overview", "compare", "framing", "actor_report", "validation", "document_report")

#: The measurement's label for the report runner's own planning (not a kernel).
PLANNING_ROW = "runner planning"

#: The process's own peak resident set in MiB: ``VmHWM`` of ``/proc/self/status`` where there is one. Not
#: ``getrusage(RUSAGE_SELF).ru_maxrss``: on Linux that keeps the high-water mark of the process it was forked from
#: across ``exec``, so a small notebook would report the benchmark driver's size.
PEAK = ("def _peak_mib():\n"
        "    try:\n"
        "        for line in open('/proc/self/status'):\n"
        "            if line.startswith('VmHWM:'):\n"
        "                return int(line.split()[1]) / 1024\n"
        "    except OSError:\n"
        "        pass\n"
        "    import resource\n"
        "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n")

#: Runs a notebook's code cells in this process (plots to Agg, display a no-op) and prints peak RSS (MiB) and seconds.
CELLS = PEAK + textwrap.dedent("""
    import json, sys, time
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
    print(_peak_mib(), time.perf_counter() - started)
""")

#: What the runner's main process reads to plan reports and write the listing pages.
PLANNING = PEAK + textwrap.dedent("""
    import sys, time
    from pathlib import Path
    started = time.perf_counter()
    from analysis.report.run import _planning_view
    from analysis.report.index import actor_listing, document_listing
    scored = _planning_view(Path(sys.argv[1]))
    document_listing(scored.scores.documents, scored.docs), actor_listing(scored.scores.actors)
    print(_peak_mib(), time.perf_counter() - started)
""")

BARE = PEAK + "import analysis, matplotlib, pandas; print(_peak_mib(), 0)"


class NotebookFailed(RuntimeError):
    """A measured notebook (or the planning) exited with an error; the message names it and ends with its stderr."""


def _run(code: str, *args: str, cwd: Path, env: Mapping[str, str] | None = None, timeout: float | None = None) -> tuple[float, float]:
    try:
        done = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True,
                              env=None if env is None else dict(env), timeout=timeout)
    except subprocess.TimeoutExpired:
        raise NotebookFailed(f"{' '.join(args[:1])} did not finish in {timeout} s") from None
    if done.returncode:
        raise NotebookFailed(f"{' '.join(args[:1])} failed:\n{done.stderr[-3000:]}")
    peak, seconds = done.stdout.strip().splitlines()[-1].split()
    return float(peak), float(seconds)


def busiest(entry: str | Path) -> dict[str, dict[str, str]]:
    """The parameters of the heaviest per-document and per-actor pages of a cache entry, by notebook.

    ``document_report`` gets the document with the most actor mentions (the
    suite's ranking; the first in corpus order among ties), ``actor_report``
    the actor mentioned most (ties: the first id in sort order), as the
    runner's planning ranks them. A notebook is left out when the entry has
    no document or no mention.
    """
    entry = Path(entry)
    documents = pq.read_table(entry / "documents.parquet", columns=["doc_id", "n_actor_mentions"])
    actors = pq.read_table(entry / "actors.parquet", columns=["actor"]).column("actor")
    chosen: dict[str, dict[str, str]] = {}
    if documents.num_rows:
        mentions = documents.column("n_actor_mentions").fill_null(-1)
        chosen["document_report"] = {"doc_id": documents.column("doc_id")[pc.index(mentions, pc.max(mentions)).as_py()].as_py()}
    if len(actors):
        counts = sorted(((-int(c["counts"]), str(c["values"])) for c in pc.value_counts(actors).to_pylist()))
        chosen["actor_report"] = {"actor": counts[0][1]}
    return chosen


def measure(
    entry: str | Path,
    notebooks: Sequence[str] = SUITE,
    *,
    parameters: Mapping[str, object] | None = None,
    folder: str | Path = NOTEBOOKS,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
    planning: bool = True,
) -> pd.DataFrame:
    """Peak resident memory (MiB) and seconds of each notebook of *folder* run on the cache entry *entry*, one row each.

    Each notebook runs in a fresh process (:data:`CELLS`) with ``scores_dir``,
    the notebook's :func:`busiest` page and *parameters* set after its
    parameters cell; with *planning*, a last row (:data:`PLANNING_ROW`) is the
    runner's planning on the entry. Columns: ``what, peak_mib, seconds``.
    Raises :class:`NotebookFailed` naming the notebook that failed or overstayed
    *timeout* seconds.
    """
    entry, folder = Path(entry).resolve(), Path(folder)
    missing = [name for name in notebooks if not (folder / f"{name}.ipynb").is_file()]
    if missing:
        raise ValueError(f"notebooks: no {', '.join(f'{m}.ipynb' for m in missing)} in {str(folder)!r}")
    pages = busiest(entry)
    rows = []
    for name in notebooks:
        declared = json.dumps({"scores_dir": str(entry), **pages.get(name, {}), **(parameters or {})})
        rows.append((name, *_run(CELLS, str(folder / f"{name}.ipynb"), declared, cwd=folder, env=env, timeout=timeout)))
    if planning:
        rows.append((PLANNING_ROW, *_run(PLANNING, str(entry), cwd=folder, env=env, timeout=timeout)))
    return pd.DataFrame(rows, columns=["what", "peak_mib", "seconds"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("entry", type=Path, help="a cache entry (scores_dir) of analysis.open_corpus")
    parser.add_argument("--notebooks", nargs="+", default=list(SUITE))
    parser.add_argument("--project", type=int, default=100_000, help="documents to project the peak to")
    parser.add_argument("--set", nargs="*", default=[], dest="parameters", metavar="NAME=VALUE",
                        help="parameters set in every notebook run (after its parameters cell)")
    args = parser.parse_args(argv)
    entry = args.entry.resolve()
    n_docs = pq.ParquetFile(entry / "documents.parquet").metadata.num_rows
    n_tokens = pq.ParquetFile(entry / "tokens.parquet").metadata.num_rows
    bare, _ = _run(BARE, cwd=NOTEBOOKS)
    try:
        table = measure(entry, args.notebooks, parameters=dict(p.split("=", 1) for p in args.parameters))
    except (NotebookFailed, ValueError) as exc:
        raise SystemExit(str(exc)) from None
    scale = args.project / n_docs
    table[f"peak_mib_at_{args.project}"] = (bare + (table["peak_mib"] - bare) * scale).round()
    pages = ", ".join(f"{name}: {', '.join(f'{k}={v}' for k, v in values.items())}" for name, values in busiest(entry).items())
    print(f"{entry.name}: {n_docs} documents, {n_tokens} token rows; a bare process holds {bare:.0f} MiB; pages: {pages}")
    print_table("Peak resident memory per report", table.round({"peak_mib": 0, "seconds": 1}))


if __name__ == "__main__":
    main()
