"""Run every benchmark and write ``bench/RESULTS.md`` (``make bench``, ``bash bench/run.sh``).

    python bench/results.py [--full] [--quick] [--only NAME ...] [--results PATH]

The figures (``bench/figures.py``) run one after the other, then the older
benchmarks (``imports``, ``scaling``, ``duplicates``, ``vader``, ``front``, ``measures``), whose
markdown tables are folded in. A piece that fails is reported in its section
and the others still run. RESULTS.md is written once, at the end, to a
temporary file renamed into place, so an interrupted run leaves the previous
one untouched. ``--full`` adds the 100,000-document scaling row (with the
peak memory of every report notebook on its output) and the report suite on
20,000 articles; ``--quick`` runs every piece on small inputs
to check the harness (its figures mean nothing). Everything the run writes
besides RESULTS.md goes to a temporary folder that is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import traceback
from importlib import metadata
from pathlib import Path

import figures
import pandas as pd
from common import (
    BBC,
    BENCH,
    ROOT,
    SHARED,
    detect_features,
    markdown_table,
    require_bbc,
    run_measured,
)

#: The older benchmarks, each a script printing markdown tables; their options for a --quick run.
OLDER = {
    "imports": ["--repeat", "2"],
    "scaling": ["--n", "50", "--repeat", "1"],
    "duplicates": ["--n", "100", "--repeat", "1"],
    "vader": ["--n", "200", "--repeat", "1"],
    "front": [],
    "measures": ["--n", "100"],
}
VERSIONS = ("analysis", "pandas", "numpy", "pyarrow", "nltk", "vaderSentiment", "lingua-language-detector", "datasketch",
            "psutil", "dask", "distributed")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def machine(load_at_start: tuple[float, float, float]) -> pd.DataFrame:
    """CPU model, cores, memory, OS and load of the machine the run is on."""
    model = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                  if line.startswith("model name")), platform.processor() or platform.machine())
    memory = next((int(line.split()[1]) * 1024 for line in _read("/proc/meminfo").splitlines() if line.startswith("MemTotal")), None)
    os_name = next((line.split("=", 1)[1].strip().strip('"') for line in _read("/etc/os-release").splitlines()
                    if line.startswith("PRETTY_NAME=")), platform.system())
    try:
        import psutil

        physical = psutil.cpu_count(logical=False)
    except ImportError:
        physical = None
    rows = [("CPU", model), ("cores (logical)", os.cpu_count()), ("cores (physical)", physical or "unknown"),
            ("cores this process may use", len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "unknown"),
            ("RAM", f"{memory / 1024 ** 3:.1f} GiB" if memory else "unknown"),
            ("OS", f"{os_name}; {platform.system()} {platform.release()} {platform.machine()}"),
            ("load average at start of the run (1, 5, 15 min)", ", ".join(f"{x:.2f}" for x in load_at_start)),
            ("load average at the end", ", ".join(f"{x:.2f}" for x in os.getloadavg()))]
    return pd.DataFrame(rows, columns=["", "value"])


def versions() -> pd.DataFrame:
    import analysis

    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
    rows = [("Python", platform.python_version()),
            ("analysis (this tree)", f"{analysis.__version__}, commit {commit.stdout.strip() if commit.returncode == 0 else 'unknown'}")]
    for name in VERSIONS[1:]:
        try:
            rows.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            rows.append((name, "not installed"))
    return pd.DataFrame(rows, columns=["package", "version"])


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def older_benchmarks(quick: bool) -> figures.Section:
    """Run the older benchmark scripts and fold their markdown tables in (headings one level down)."""
    section = figures.Section("8. The older benchmarks (`bench/imports.py`, `scaling.py`, `duplicates.py`, `vader.py`, `front.py`, `measures.py`)")
    parts = []
    for name, quick_options in OLDER.items():
        log(f"older benchmark {name}")
        run = run_measured([sys.executable, str(BENCH / f"{name}.py"), *(quick_options if quick else [])], cwd=BENCH)
        text = re.sub(r"^## ", "### ", run.stdout.strip(), flags=re.MULTILINE)
        parts.append(f"`bench/{name}.py` ({run.seconds:.0f} s):\n\n{text}" if run.ok else f"`bench/{name}.py` failed: {run.failure()}")
    section.body = "Each prints its own tables; ratios measured side by side within each script.\n\n" + "\n\n".join(parts)
    return section


def render(sections: list[figures.Section], ctx: figures.Context, *, started: float, load_at_start: tuple[float, float, float],
           options: str, durations: dict[str, float]) -> str:
    targets = [{"figure": s.title.split(".")[0], "what": t.what, "target": t.target, "measured": t.measured, "verdict": t.verdict}
               for s in sections for t in s.targets]
    corpora = pd.DataFrame([{"corpus": name, "documents": int(c["documents"]), "words": int(c["words"]), "source": c["source"]}
                            for name, c in ctx.corpora.items()])
    timing = pd.DataFrame([{"piece": name, "minutes": seconds / 60} for name, seconds in durations.items()])
    lines = [
        "# Benchmark results",
        "",
        (f"Written by `make bench` (`bash bench/run.sh{options}`) on {time.strftime('%Y-%m-%d %H:%M %Z', time.localtime(started))}; "
         f"the whole run took {(time.time() - started) / 60:.1f} min. Figures are ratios of runs made side by side in this "
         "run on a machine that may be shared: absolute times move with its load, ratios much less. Words are always the "
         "whitespace-separated words of the input `text` (`str.split`)."),
        "",
        *(["**A harness check (`--quick`): every piece ran on small inputs, so these figures mean nothing.**", ""]
          if "--quick" in options else []),
        "## Targets",
        "",
        markdown_table(pd.DataFrame(targets)) if targets else "No target was measured.",
        "",
        "## Machine",
        "",
        markdown_table(machine(load_at_start)),
        "",
        "## Versions",
        "",
        markdown_table(versions()),
        "",
        "## Corpora",
        "",
        markdown_table(corpora) if len(corpora) else "No corpus was used.",
        "",
    ]
    for section in sections:
        lines += [f"## {section.title}", "", section.body.strip(), ""]
    lines += ["## How long each piece took", "", markdown_table(timing, floatfmt=".1f"), ""]
    return _without_machine_paths("\n".join(lines), ctx.tmp)


def _without_machine_paths(text: str, tmp: Path) -> str:
    """RESULTS.md names no folder of this machine: the run's temporary folder, the interpreter, the data and the tree are replaced."""
    for path, name in ((str(tmp), "$TMP"), (sys.executable, "python"), (str(BBC), "../shared/data/bbc_news_2225/bbc_news.csv"),
                       (str(SHARED), "../shared"), (str(ROOT), "."), (str(ROOT.parent), ".."), (tempfile.gettempdir(), "$TMPDIR")):
        text = re.sub(re.escape(path) + r"(?![\w.-])", lambda _, value=name: value, text)
    return text


def write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.partial")
    tmp.write_text(text)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also the 100,000-document scaling row (and every report notebook's memory on it) and the reports on 20,000 articles")
    parser.add_argument("--quick", action="store_true", help="every piece on small inputs, to check the harness (figures mean nothing)")
    parser.add_argument("--only", nargs="+", choices=[*figures.FIGURES, "older"], default=None, metavar="NAME",
                        help=f"run only these pieces: {', '.join([*figures.FIGURES, 'older'])}")
    parser.add_argument("--rounds", type=int, default=None, metavar="N",
                        help="interleaved rounds of figure 1, the median kept (default: 3; 1 with --quick)")
    parser.add_argument("--results", default=str(BENCH / "RESULTS.md"), help="file to write (default: bench/RESULTS.md)")
    args = parser.parse_args(argv)
    results = Path(args.results)
    if args.rounds is not None and args.rounds < 1:
        parser.error(f"--rounds must be at least 1; got {args.rounds}")
    if not results.parent.is_dir():
        parser.error(f"--results {args.results!r}: the folder {str(results.parent)!r} does not exist")
    require_bbc()
    options = "".join([" --full" if args.full else "", " --quick" if args.quick else "",
                       f" --rounds {args.rounds}" if args.rounds else "",
                       f" --only {' '.join(args.only)}" if args.only else ""])
    started, load_at_start = time.time(), os.getloadavg()
    pieces = args.only or [*figures.FIGURES, "older"]
    sections, durations = [], {}
    with tempfile.TemporaryDirectory(prefix="analysis-bench-") as tmp:
        features = detect_features()
        sizes = figures.Sizes.quick() if args.quick else figures.Sizes()
        if args.rounds is not None:
            sizes.rounds = args.rounds
        ctx = figures.Context(Path(tmp), features, sizes, full=args.full)
        log(f"working in {tmp}; score options of this build: "
            + ", ".join(f for f in ("--jobs", "--cache", "--no-cache", "--engine") if features.score_has(f))
            + f"; dask {'installed' if features.dask_installed else 'not installed'}")
        for name in pieces:
            log(f"{name} ...")
            start = time.perf_counter()
            try:
                section = older_benchmarks(args.quick) if name == "older" else figures.FIGURES[name](ctx)
            except Exception:  # noqa: BLE001 - one broken piece must not lose the others' figures
                section = figures.Section(f"{name}: failed", f"```\n{traceback.format_exc()}\n```")
            durations[name] = time.perf_counter() - start
            sections.append(section)
            for target in section.targets:
                log(f"  {target.what}: {target.measured} (target {target.target}: {target.verdict})")
        text = render(sections, ctx, started=started, load_at_start=load_at_start, options=options, durations=durations)
    write_atomically(results, text)
    log(f"wrote {results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
