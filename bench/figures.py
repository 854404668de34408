"""The archive-scale figures of ``bench/RESULTS.md``, one function each (run by ``bench/results.py``).

Every figure compares things measured side by side in the same run and states
its targets. A feature the build under test does not have yet (read from the
command line's ``--help``) shows as "not available in this build" instead of
failing the run. Every command runs under ``bench/peak.py``, which records the
peak resident memory of every process it starts (driver, workers, kernels).
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import report_memory
import synthetic
from common import (
    BBC,
    BENCH,
    MIB,
    Features,
    Run,
    compare_score_dirs,
    count_words,
    markdown_table,
    mib,
    python_env,
    run_measured,
)

NOT_AVAILABLE = "not available in this build"
GIB = 1024 * MIB


@dataclass(frozen=True)
class Target:
    """One target line: what is measured, the target, the figure measured, and whether it was met (None: not measured)."""

    what: str
    target: str
    measured: str
    met: bool | None

    @property
    def verdict(self) -> str:
        return {True: "met", False: "NOT met", None: "not measured"}[self.met]


@dataclass
class Section:
    """A figure of RESULTS.md: a title, markdown text and its targets."""

    title: str
    body: str = ""
    targets: list[Target] = field(default_factory=list)


@dataclass
class Sizes:
    """How big each piece runs: the archive sizes, or small ones that only check the harness (``--quick``)."""

    bbc_documents: int | None = None  # None: the whole BBC corpus
    scaling: tuple[int, ...] = (1_000, 10_000)
    scaling_full: int = 100_000
    incremental_base: int = 10_000
    report: int = 20_000
    rounds: int = 3

    @classmethod
    def quick(cls) -> Sizes:
        return cls(bbc_documents=150, scaling=(100, 300), scaling_full=600, incremental_base=300, report=12, rounds=1)


@dataclass
class Context:
    """What the figures share in one run: the temporary folder, the build's features, corpora and runs made so far."""

    tmp: Path
    features: Features
    sizes: Sizes
    full: bool = False
    corpora: dict[str, dict] = field(default_factory=dict)
    runs: dict[str, Run] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)
    _pool: pd.DataFrame | None = None

    # -- corpora -------------------------------------------------------------------------------------------------

    def bbc(self) -> Path:
        """The BBC corpus (read in place), or in ``--quick`` runs its first articles copied to the temporary folder."""
        if "BBC News" not in self.corpora:
            if self.sizes.bbc_documents is None:
                path = BBC
            else:
                path = self.tmp / f"bbc_head_{self.sizes.bbc_documents}.csv"
                pd.read_csv(BBC, dtype="string").head(self.sizes.bbc_documents).to_csv(path, index=False)
            texts = pd.read_csv(path, dtype="string")["text"].fillna("")
            self.corpora["BBC News"] = {"path": path, "documents": len(texts), "words": count_words(texts),
                                        "source": "BBC News (Greene & Cunningham 2006), read from ../shared/data"
                                                  + ("" if path == BBC else f", first {len(texts)} articles")}
        return self.corpora["BBC News"]["path"]

    def synthetic(self, n: int) -> Path:
        """The synthetic corpus of *n* articles as a Parquet file in the temporary folder (built once)."""
        name = f"synthetic {n:,}"
        if name not in self.corpora or not Path(self.corpora[name]["path"]).is_file():
            if self._pool is None:
                self._pool = synthetic.paragraph_pool(BBC)
            path = self.tmp / "corpora" / f"synthetic_{n}.parquet"
            path.parent.mkdir(exist_ok=True)
            stats = synthetic.write_corpus(n, path, pool=self._pool)
            self.corpora[name] = {"path": path, **stats,
                                  "source": f"recombined BBC paragraphs (seed {synthetic.SEED}), Parquet in a temporary folder"}
        return self.corpora[name]["path"]

    def grow_corpus(self, n: int, n_new: int) -> Path:
        """Rewrite the synthetic corpus of *n* articles in place (same file) with *n_new* new articles at its end."""
        path = self.synthetic(n)
        stats = synthetic.write_corpus(n + n_new, path, pool=self._pool)
        self.corpora[f"synthetic {n:,} + {n_new:,} new"] = {
            "path": path, **stats, "source": f"the synthetic {n:,} file rewritten in place with the next {n_new:,} articles"}
        return path

    def drop_corpus(self, n: int) -> None:
        """Delete a synthetic corpus file (its row in the corpora table stays)."""
        path = self.corpora.get(f"synthetic {n:,}", {}).get("path")
        if path is not None:
            Path(path).unlink(missing_ok=True)

    # -- runs --------------------------------------------------------------------------------------------------

    def folder(self, name: str) -> Path:
        """A new, not yet existing folder under the temporary folder (for --out and --cache)."""
        path = self.tmp / name
        shutil.rmtree(path, ignore_errors=True)
        return path

    def score(self, corpus: Path, name: str, *, jobs: int | None = None, cache: Path | None = None,
              engine: str | None = None, timeout: float | None = None) -> tuple[Run, list[str]]:
        """Run ``python -m analysis score CORPUS --out DIR`` with the options this build has; the run and notes.

        ``cache`` is a cache folder (``--cache``); without one the run does not
        use a cache (``--no-cache``) where the build can say so. Options the
        build lacks are left out and listed in the notes.
        """
        out = self.folder(f"out-{name}")
        command = [sys.executable, "-m", "analysis", "score", str(corpus), "--out", str(out)]
        notes = []
        if jobs is not None:
            if self.features.score_has("--jobs"):
                command += ["--jobs", str(jobs)]
            else:
                notes.append(f"`--jobs {jobs}`: {NOT_AVAILABLE} (ran on the build's default)")
        if cache is not None and self.features.score_has("--cache"):
            command += ["--cache", str(cache)]
        elif cache is None and self.features.score_has("--no-cache"):
            command += ["--no-cache"]
        if engine is not None:
            command += ["--engine", engine]
        # any cache the build keeps by default goes to the temporary folder, never to the user's
        run = run_measured(command, env=python_env({"ANALYSIS_CACHE": str(self.tmp / "default-cache")}), timeout=timeout)
        self.runs[name] = run
        self.outputs[name] = out
        return run, notes


def _fmt_s(seconds: float) -> str:
    return f"{seconds:,.1f} s"


def _fmt_mib(value: int | None) -> str:
    return "–" if value is None else f"{value / MIB:,.0f} MiB"


def _failed(section: Section, run: Run, what: str, targets: tuple[tuple[str, str], ...] = ()) -> Section:
    """Add *what* failed (the command, its exit status, the end of its stderr) and each of *targets* as not met."""
    section.body += f"\n\n{what} failed: {run.failure()}"
    section.targets += [Target(name, target, f"{what} failed", False) for name, target in targets]
    return section


# --- 1. the obvious pipeline against the package, one core --------------------------------------------------------


FIGURE_1_TARGETS = (("package vs obvious pipeline, words/s, one core", ">= 2x (aim 5x)"),
                    ("sentences whose VADER scores differ from vaderSentiment", "0"))
STAGES_TARGET = ("stage timings in the score manifest", "every stage timed")
JOBS_TARGETS = (("`--jobs 2` speed-up over `--jobs 1`, BBC", ">= 1.8x"), ("`--jobs 2` tables equal `--jobs 1` tables", "identical"))
INCREMENTAL_TARGETS = (("unchanged re-run vs cold", "< 5% of cold"), ("1% new documents vs cold", "< 5% + the new documents' share"))
DASK_TARGET = ("dask engine tables equal the local engine's", "identical")


def obvious_pipeline(ctx: Context) -> Section:
    """Figure 1: words/s of the afternoon pipeline and of load_corpus + score on one core, and the VADER check."""
    section = Section("1. The obvious pipeline vs the package, one core, BBC News")
    corpus = ctx.bbc()
    results: dict[str, list[dict]] = {"obvious": [], "package": []}
    peaks: dict[str, list[int]] = {"obvious": [], "package": []}
    for round_ in range(ctx.sizes.rounds):  # interleaved, the order alternating, so a busy moment hits both sides
        for side in ("obvious", "package") if round_ % 2 == 0 else ("package", "obvious"):
            result_file = ctx.tmp / f"obvious-{side}-{round_}.json"
            command = [sys.executable, str(BENCH / "obvious.py"), "--side", side, "--json", str(result_file), "--corpus", str(corpus)]
            if side == "package" and round_ == 0:
                command.append("--check-vader")
            run = run_measured(command)
            if not run.ok:
                return _failed(section, run, f"the {side} side", FIGURE_1_TARGETS)
            results[side].append(json.loads(result_file.read_text()))
            peaks[side].append(run.peak_process)
    rows = []
    for side, label in (("obvious", "obvious pipeline (NLTK Punkt + NLTKWordTokenizer + vaderSentiment + set lookup)"),
                        ("package", "analysis.load_corpus + analysis.score (one core)")):
        first = results[side][0]
        seconds = statistics.median(r["seconds"] for r in results[side])
        rows.append({"pipeline": label, "documents": first["documents"], "sentences": first["sentences"],
                     "tokens": first["tokens"], "words": first["words"], f"median s of {ctx.sizes.rounds} run{'s' if ctx.sizes.rounds > 1 else ''}": seconds,
                     "words/s": first["words"] / seconds, "peak memory MiB": mib(max(peaks[side]))})
    ratio = rows[1]["words/s"] / rows[0]["words/s"]
    check = results["package"][0]
    section.body = (
        "Each side runs in a fresh interpreter, in interleaved rounds (the order alternating); imports are done before "
        "the clock starts, and the clock covers reading the CSV, loading models, lexicons and dictionaries, and the "
        "work. Words are the whitespace-separated words of the input `text` column (`str.split`), the same count for "
        "both sides. The package does more per word than the obvious pipeline (cleaning, language identification, "
        "duplicates, offsets, frames with wildcards and multiword patterns, actors, quotes, document aggregates).\n\n"
        + markdown_table(pd.DataFrame(rows))
        + f"\n\nRatio (package words/s / obvious words/s): **{ratio:.2f}x**.\n\n"
        f"VADER check (same run): the package's own {check['vader_compared']:,} sentences scored again with "
        f"`vaderSentiment` {_version('vaderSentiment')}: {check['vader_differing']:,} differ in any of neg, neu, pos, "
        "compound (exact comparison)."
    )
    section.targets += [
        Target("package vs obvious pipeline, words/s, one core", ">= 2x (aim 5x)", f"{ratio:.2f}x", ratio >= 2),
        Target("sentences whose VADER scores differ from vaderSentiment", "0",
               f"{check['vader_differing']:,} of {check['vader_compared']:,}", check["vader_differing"] == 0),
    ]
    return section


def _version(distribution: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


# --- 2 and 3. the command line on BBC: stages, one core against two -----------------------------------------------


EXPECTED_STAGES = {  # the stages the breakdown should show, and words that name them in a manifest
    "load (decode, clean, language, duplicates)": ("load", "decode", "clean", "language", "duplicate"),
    "sentences": ("sentence",),
    "tokens": ("token",),
    "sentiment": ("sentiment",),
    "frames": ("frame",),
    "actors": ("actor",),
    "quotes": ("quote",),
    "documents aggregates": ("documents", "aggregate"),
}


def _bbc_cli(ctx: Context) -> None:
    """Score BBC with ``--jobs 1`` and ``--jobs 2`` (or once with the build's default), no cache; shared by 2, 3 and 7."""
    if "bbc-jobs1" in ctx.runs:
        return
    corpus = ctx.bbc()
    ctx.score(corpus, "bbc-jobs1", jobs=1)
    if ctx.features.score_has("--jobs"):
        ctx.score(corpus, "bbc-jobs2", jobs=2)


def _flatten(timings: dict, prefix: str = "") -> dict[str, float]:
    flat = {}
    for key, value in timings.items():
        if isinstance(value, dict):
            flat |= _flatten(value, f"{prefix}{key}.")
        elif isinstance(value, (int, float)):
            flat[f"{prefix}{key}"] = float(value)
    return flat


def stage_breakdown(ctx: Context) -> Section:
    """Figure 2: the stage timings in the manifest of ``score --jobs 1`` on BBC."""
    section = Section("2. Where the time goes: stages of `score` on BBC News, one core")
    _bbc_cli(ctx)
    run = ctx.runs["bbc-jobs1"]
    if not run.ok:
        return _failed(section, run, "`score --jobs 1`", (STAGES_TARGET,))
    manifest = json.loads((ctx.outputs["bbc-jobs1"] / "manifest.json").read_text())
    timings = _flatten(manifest.get("timings_seconds", {}))
    total = sum(timings.values())
    frame = pd.DataFrame({"stage": list(timings), "seconds": list(timings.values())})
    frame["share of staged time"] = frame["seconds"] / total if total else float("nan")
    missing = [name for name, words in EXPECTED_STAGES.items() if not any(w in key for key in timings for w in words)]
    section.body = (
        "From `timings_seconds` in the manifest of the `score --jobs 1` run of figure 3 (seconds summed over chunks). "
        f"The run took {_fmt_s(run.seconds)} wall time (interpreter start and imports included); "
        f"the manifest's own `seconds`: {manifest.get('seconds', float('nan')):.1f}; the stages sum to {total:.1f} s.\n\n"
        + markdown_table(frame)
    )
    if missing:
        section.body += f"\n\nStages this build's manifest does not time: {', '.join(missing)} ({NOT_AVAILABLE})."
    section.targets.append(Target("stage timings in the score manifest", "every stage: " + ", ".join(EXPECTED_STAGES),
                                  "all present" if not missing else "missing: " + ", ".join(missing), not missing))
    return section


def jobs_speedup(ctx: Context) -> Section:
    """Figure 3: ``score --jobs 1`` against ``--jobs 2`` on BBC, as subprocesses, and their tables compared."""
    section = Section("3. `score --jobs 1` vs `--jobs 2` on BBC News")
    _bbc_cli(ctx)
    one = ctx.runs["bbc-jobs1"]
    if "bbc-jobs2" not in ctx.runs:
        section.body = (f"`--jobs`: {NOT_AVAILABLE}; `score` ran once on the build's default in "
                        f"{_fmt_s(one.seconds)} (peak {_fmt_mib(one.peak_process)}).")
        section.targets.append(Target("`--jobs 2` speed-up over `--jobs 1`", ">= 1.8x", NOT_AVAILABLE, None))
        return section
    two = ctx.runs["bbc-jobs2"]
    for run, name in ((one, "--jobs 1"), (two, "--jobs 2")):
        if not run.ok:
            return _failed(section, run, f"`score {name}`", JOBS_TARGETS)
    speedup = one.seconds / two.seconds
    differences = compare_score_dirs(ctx.outputs["bbc-jobs1"], ctx.outputs["bbc-jobs2"])
    rows = [{"command": f"score BBC --jobs {j} --no-cache", "wall s": r.seconds, "peak process MiB": mib(r.peak_process),
             "peak all processes MiB": mib(r.peak_total), "processes": r.n_processes} for j, r in ((1, one), (2, two))]
    section.body = (
        "Both as subprocesses (`python -m analysis score CORPUS --out DIR --jobs N --no-cache`), one after the other; "
        "wall time includes interpreter start and imports.\n\n" + markdown_table(pd.DataFrame(rows))
        + f"\n\nSpeed-up: **{speedup:.2f}x**. Tables of the two runs: "
        + ("identical (every table, values and dtypes)." if not differences else "DIFFERENT: " + "; ".join(differences))
    )
    section.targets += [
        Target("`--jobs 2` speed-up over `--jobs 1`, BBC", ">= 1.8x", f"{speedup:.2f}x", speedup >= 1.8),
        Target("`--jobs 2` tables equal `--jobs 1` tables", "identical", "identical" if not differences else "different",
               not differences),
    ]
    return section


# --- 4. scaling to an archive ---------------------------------------------------------------------------------


def _duplicates_flagged(out: Path) -> int | None:
    path = out / "documents.parquet"
    if not path.is_file():
        return None
    docs = pd.read_parquet(path, columns=["duplicate_of", "near_duplicate_of"])
    return int((docs["duplicate_of"].notna() | docs["near_duplicate_of"].notna()).sum())


def _manifest_seconds(out: Path) -> float:
    try:
        return float(json.loads((out / "manifest.json").read_text())["seconds"])
    except (OSError, KeyError, TypeError, ValueError):
        return float("nan")


def scaling(ctx: Context) -> Section:
    """Figure 4: ``score`` on two cores to Parquet at 1k, 10k (and with --full 100k) synthetic articles."""
    section = Section("4. Scaling: synthetic archives of distinct articles, `score` on two cores to Parquet")
    sizes = list(ctx.sizes.scaling) + ([ctx.sizes.scaling_full] if ctx.full else [])
    rows, notes = [], []
    base_per_doc = None
    kernels: Section | None = None
    for n in sizes:
        corpus = ctx.synthetic(n)
        cache = ctx.folder(f"cache-{n}") if ctx.features.score_has("--cache") else None
        run, run_notes = ctx.score(corpus, f"synthetic-{n}", jobs=2, cache=cache, timeout=3 * 3600)
        notes += [note for note in run_notes if note not in notes]
        if not run.ok:
            _failed(section, run, f"`score` on {n:,} articles", ((f"`score` on {n:,} documents", "completes"),))
            break
        per_doc = run.seconds / n
        base_per_doc = base_per_doc or per_doc
        rows.append({"documents": n, "words": ctx.corpora[f"synthetic {n:,}"]["words"], "wall s": run.seconds,
                     "manifest s": _manifest_seconds(ctx.outputs[f"synthetic-{n}"]),
                     "documents/s": n / run.seconds, "time per document vs first row": per_doc / base_per_doc,
                     "peak process MiB": mib(run.peak_process), "peak all processes MiB": mib(run.peak_total),
                     "processes": run.n_processes, "duplicates flagged": _duplicates_flagged(ctx.outputs[f"synthetic-{n}"])})
        if n == ctx.sizes.scaling_full:  # --full: the report notebooks on the same scored corpus, before it is removed
            kernels = report_kernels(ctx, corpus, cache or ctx.tmp / "default-cache", n)
        if n != ctx.sizes.incremental_base:  # the incremental figure re-uses this run's output and cache
            shutil.rmtree(ctx.outputs[f"synthetic-{n}"], ignore_errors=True)
            if cache is not None:
                shutil.rmtree(cache, ignore_errors=True)
            ctx.drop_corpus(n)
    cache_note = ("each run with a new, empty cache folder (`--cache DIR`): cold" if ctx.features.score_has("--cache")
                  else f"no cache option (`--cache`: {NOT_AVAILABLE})")
    section.body = (
        f"`python -m analysis score CORPUS.parquet --out DIR --jobs 2`, {cache_note}. Corpora from `bench/synthetic.py` "
        "(3-8 distinct BBC paragraphs of one category per article, no two articles alike), written as Parquet to a "
        "temporary folder. Peak memory is the largest resident set of any one process of the run (driver and workers, "
        "sampled by psutil every 0.1 s and from getrusage); \"all processes\" is the largest sum at one sample (an upper bound: pages processes share count once per process). "
        "Wall time includes starting the interpreter and imports; \"manifest s\" is the run's own `seconds` in its "
        "manifest. \"Duplicates flagged\" counts documents the run marked as exact or near duplicates (expected 0).\n\n"
        + (markdown_table(pd.DataFrame(rows)) if rows else "No row finished.")
    )
    if notes:
        section.body += "\n\n" + "\n".join(f"- {note}" for note in notes)
    if not ctx.full:
        section.body += f"\n\nThe {ctx.sizes.scaling_full:,}-document row was not run (it runs with `make bench FULL=1`)."
    for row in rows[1:]:
        drift = row["time per document vs first row"]
        section.targets.append(Target(f"time per document at {row['documents']:,} vs {rows[0]['documents']:,}",
                                      "at most 20% more (<= 1.20x)", f"{drift:.2f}x", drift <= 1.2))
    for row in rows:
        section.targets.append(Target(f"peak memory of any process, {row['documents']:,} documents", "< 1 GiB",
                                      f"{row['peak process MiB']:,.0f} MiB", row["peak process MiB"] * MIB < GIB))
    full_row = [r for r in rows if r["documents"] == ctx.sizes.scaling_full]
    if full_row:
        seconds = full_row[0]["wall s"]
        section.targets.append(Target(f"{ctx.sizes.scaling_full:,} documents, wall time", "< 5 min", _fmt_s(seconds), seconds < 300))
    else:
        section.targets.append(Target(f"{ctx.sizes.scaling_full:,} documents, wall time", "< 5 min",
                                      "not run (needs --full)" if not ctx.full else "did not finish", None if not ctx.full else False))
    if kernels is None:
        kernels = Section("", "", kernel_targets(None, ctx.sizes.scaling_full, missing="did not run" if ctx.full else "not run (needs --full)",
                                                 met=False if ctx.full else None))
    section.body += kernels.body
    section.targets += kernels.targets
    return section


#: Builds the cache entry the report notebooks read (from the scaling run's document cache) and prints its folder.
ENTRY = "import sys; from analysis.cache import ensure_scored; print(ensure_scored(sys.argv[1], cache=sys.argv[2], jobs=2, progress=False))"


def report_kernels(ctx: Context, corpus: Path, cache: Path, n: int) -> Section:
    """The peak memory of each report notebook on the *n*-document corpus just scored (bench/report_memory.py's method).

    The corpus's cache entry is built from the scaling run's document cache
    (no document is scored again), then every notebook of the default suite
    runs once in a fresh process (the per-document and per-actor ones on the
    heaviest page), and the runner's planning. Returns the text and targets to
    add to figure 4.
    """
    built = run_measured([sys.executable, "-c", ENTRY, str(corpus), str(cache)], timeout=3600)
    heading = f"\n\n**Report kernels at {n:,} documents.** "
    if not built.ok:
        return Section("", heading + "The cache entry could not be built: " + built.failure(),
                       kernel_targets(None, n, missing="entry not built", met=False))
    entry = Path(built.stdout.strip().splitlines()[-1])
    try:
        table = report_memory.measure(entry, env=python_env(), timeout=3600)
    except (report_memory.NotebookFailed, ValueError) as exc:
        return Section("", heading + f"A notebook failed:\n\n```\n{exc}\n```",
                       kernel_targets(None, n, missing="a notebook failed", met=False))
    pages = "; ".join(f"`{name}` with {', '.join(f'{k}={v}' for k, v in values.items())}"
                      for name, values in report_memory.busiest(entry).items())
    body = (heading + "The corpus's cache entry (as `report` makes it) was built from this run's document cache "
            f"({built.seconds:.0f} s, peak {mib(built.peak_process):,.0f} MiB); then every notebook of the default suite ran once "
            "on it, each in a fresh process (`bench/report_memory.py`: its code cells with `scores_dir` set, plots to Agg), "
            f"the per-page ones on the heaviest page ({pages}), and the runner's planning. Peak resident memory of each process "
            "(`getrusage`); a papermill kernel also holds the kernel machinery (ipykernel, zmq), a few tens of MiB.\n\n"
            + markdown_table(table.rename(columns={"peak_mib": "peak MiB", "seconds": "seconds"})))
    shutil.rmtree(entry, ignore_errors=True)
    return Section("", body, kernel_targets(table, n))


def kernel_targets(table: pd.DataFrame | None, n: int, *, missing: str = "not measured", met: bool | None = None) -> list[Target]:
    """The report-memory targets at *n* documents from a :func:`report_memory.measure` table.

    Without a table (nothing measured), the targets say *missing* and *met*.
    """
    what = (f"peak memory of any report kernel, {n:,} documents", f"peak memory of the report runner's planning, {n:,} documents")
    if table is None:
        return [Target(w, "< 1 GiB", missing, met) for w in what]
    kernels = table.loc[table["what"] != report_memory.PLANNING_ROW]
    largest = kernels.loc[kernels["peak_mib"].idxmax()]
    planning = table.loc[table["what"] == report_memory.PLANNING_ROW, "peak_mib"]
    targets = [Target(what[0], "< 1 GiB", f"{largest['peak_mib']:,.0f} MiB ({largest['what']})", largest["peak_mib"] * MIB < GIB)]
    if len(planning):
        targets.append(Target(what[1], "< 1 GiB", f"{planning.iloc[0]:,.0f} MiB", planning.iloc[0] * MIB < GIB))
    return targets


# --- 5. incremental re-runs ------------------------------------------------------------------------------------


def incremental(ctx: Context) -> Section:
    """Figure 5: cold against an unchanged re-run against 1% new documents, one cache folder, two cores."""
    n = ctx.sizes.incremental_base
    section = Section(f"5. Incremental scoring: cold vs unchanged vs 1% new documents ({n:,} synthetic articles)")
    if not ctx.features.score_has("--cache"):
        section.body = f"`score --cache DIR`: {NOT_AVAILABLE}."
        section.targets += [Target("unchanged re-run vs cold", "< 5% of cold", NOT_AVAILABLE, None),
                            Target("1% new documents vs cold", "< 5% + the new documents' share", NOT_AVAILABLE, None)]
        return section
    cold_name = f"synthetic-{n}"
    cache = ctx.tmp / f"cache-{n}"
    if cold_name not in ctx.runs:  # figure 4 did not run this size
        cache = ctx.folder(f"cache-{n}")
        ctx.score(ctx.synthetic(n), cold_name, jobs=2, cache=cache)
    cold = ctx.runs[cold_name]
    if not cold.ok:
        return _failed(section, cold, "the cold run", INCREMENTAL_TARGETS)
    unchanged, _ = ctx.score(ctx.synthetic(n), f"{cold_name}-unchanged", jobs=2, cache=cache)
    n_new = max(1, n // 100)
    grown, _ = ctx.score(ctx.grow_corpus(n, n_new), f"{cold_name}-plus-new", jobs=2, cache=cache)
    for run, what in ((unchanged, "the unchanged re-run"), (grown, "the run with new documents")):
        if not run.ok:
            return _failed(section, run, what, INCREMENTAL_TARGETS)
    differences = compare_score_dirs(ctx.outputs[cold_name], ctx.outputs[f"{cold_name}-unchanged"])
    share_new = n_new / (n + n_new)
    rows = [{"run": "cold (empty cache; the figure 4 run)", "documents": n, "wall s": cold.seconds, "share of cold": 1.0},
            {"run": "unchanged re-run", "documents": n, "wall s": unchanged.seconds, "share of cold": unchanged.seconds / cold.seconds},
            {"run": f"{n_new:,} new documents (1%)", "documents": n + n_new, "wall s": grown.seconds,
             "share of cold": grown.seconds / cold.seconds}]
    section.body = (
        "`python -m analysis score CORPUS.parquet --out NEW_DIR --jobs 2 --cache DIR`, the same cache folder for the "
        "three runs (in a temporary folder), each writing complete tables to a new output folder. For the third run "
        f"the corpus file is rewritten in place, as an archive grows: the same {n:,} articles followed by {n_new:,} "
        "new ones.\n\n" + markdown_table(pd.DataFrame(rows))
        + "\n\nTables of the unchanged re-run against the cold run: "
        + ("identical." if not differences else "DIFFERENT: " + "; ".join(differences))
    )
    limit = 0.05 + share_new
    section.targets += [
        Target("unchanged re-run vs cold", "< 5% of cold", f"{unchanged.seconds / cold.seconds:.1%}", unchanged.seconds / cold.seconds < 0.05),
        Target("1% new documents vs cold", f"< 5% + {share_new:.1%} = {limit:.1%} of cold", f"{grown.seconds / cold.seconds:.1%}",
               grown.seconds / cold.seconds < limit),
        Target("cached re-run tables equal the cold run's", "identical", "identical" if not differences else "different", not differences),
    ]
    for name in (cold_name, f"{cold_name}-unchanged", f"{cold_name}-plus-new"):
        shutil.rmtree(ctx.outputs[name], ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    ctx.drop_corpus(n)
    return section


# --- 6. the report suite at scale ------------------------------------------------------------------------------


def reports_at_scale(ctx: Context) -> Section:
    """Figure 6 (--full only): the default report suite on a 20k synthetic corpus, two jobs; wall time and kernel memory."""
    n = ctx.sizes.report
    section = Section(f"6. Reports at scale: the default report suite on {n:,} synthetic articles")
    target = Target(f"`report --jobs 2` on {n:,} articles, wall time", "< 10 min", "not run (needs --full)", None)
    if not ctx.full:
        section.body = "Not run: this piece runs with `make bench FULL=1` (`bash bench/run.sh --full`)."
        section.targets.append(target)
        return section
    corpus = ctx.synthetic(n)
    out, cache = ctx.folder("reports-out"), ctx.folder("reports-cache")
    command = [sys.executable, "-m", "analysis", "report", "--corpus", str(corpus), "--out", str(out), "--jobs", "2"]
    if ctx.features.report_has("--cache"):
        command += ["--cache", str(cache)]
    run = run_measured(command, env=python_env({"ANALYSIS_CACHE": str(cache)}), timeout=3600)
    summary = "\n".join(line for line in run.stdout.strip().splitlines()[-3:] if "index:" not in line)
    rows = [{"wall s": run.seconds, "exit status": run.returncode, "peak kernel MiB": mib(run.peak_kernel),
             "peak driver MiB": mib(run.peak_driver), "peak other worker MiB": mib(run.peak_worker),
             "peak process MiB": mib(run.peak_process), "peak all processes MiB": mib(run.peak_total)}]
    section.body = (
        "`python -m analysis report --corpus CORPUS.parquet --out DIR --jobs 2` with an empty cache (scoring included), "
        "time limit 1 hour. Kernels are the processes with `ipykernel` on their command line.\n\n"
        + markdown_table(pd.DataFrame(rows)) + (f"\n\nThe command's summary: `{summary}`" if summary else "")
    )
    if not run.ok:
        _failed(section, run, "`report`")
    section.targets += [
        Target(target.what, target.target, _fmt_s(run.seconds), run.ok and run.seconds < 600),
        Target("peak memory of any report kernel", "< 1 GiB", _fmt_mib(run.peak_kernel),
               None if run.peak_kernel is None else run.peak_kernel < GIB),
    ]
    shutil.rmtree(out, ignore_errors=True), shutil.rmtree(cache, ignore_errors=True)
    ctx.drop_corpus(n)
    return section


# --- 7. Dask ----------------------------------------------------------------------------------------------------


def dask_engine(ctx: Context) -> Section:
    """Figure 7: ``score --engine dask`` (LocalCluster, 2 workers) against ``--jobs 2`` local on BBC; tables identical."""
    section = Section("7. Dask engine vs local engine, two workers, BBC News")
    missing = [what for what, ok in (("`score --engine`", ctx.features.score_has("--engine")),
                                     ("dask (`pip install 'analysis[dask]'`)", ctx.features.dask_installed)) if not ok]
    if missing:
        section.body = f"{' and '.join(missing)}: {NOT_AVAILABLE}."
        section.targets.append(Target("dask engine tables equal the local engine's", "identical", NOT_AVAILABLE, None))
        return section
    _bbc_cli(ctx)
    local = ctx.runs.get("bbc-jobs2")
    if local is None or not local.ok:
        local, _ = ctx.score(ctx.bbc(), "bbc-jobs2", jobs=2)
    dask, _ = ctx.score(ctx.bbc(), "bbc-dask", jobs=2, engine="dask")
    for run, what in ((local, "the local run"), (dask, "the dask run")):
        if not run.ok:
            return _failed(section, run, what, (DASK_TARGET,))
    differences = compare_score_dirs(ctx.outputs["bbc-jobs2"], ctx.outputs["bbc-dask"])
    rows = [{"engine": name, "wall s": run.seconds, "peak process MiB": mib(run.peak_process),
             "peak all processes MiB": mib(run.peak_total), "processes": run.n_processes}
            for name, run in (("local, --jobs 2", local), ("dask LocalCluster, 2 workers", dask))]
    section.body = (
        f"`python -m analysis score CORPUS --out DIR --jobs 2 --no-cache` with and without `--engine dask` "
        f"(dask {_version('dask')}, distributed {_version('distributed')}).\n\n" + markdown_table(pd.DataFrame(rows))
        + f"\n\nDask / local wall time: {dask.seconds / local.seconds:.2f}x. Tables: "
        + ("identical (every table, values and dtypes)." if not differences else "DIFFERENT: " + "; ".join(differences))
    )
    section.targets.append(Target("dask engine tables equal the local engine's", "identical",
                                  "identical" if not differences else "different", not differences))
    return section


FIGURES: dict[str, Callable[[Context], Section]] = {
    "obvious": obvious_pipeline,
    "stages": stage_breakdown,
    "jobs": jobs_speedup,
    "scaling": scaling,
    "incremental": incremental,
    "reports": reports_at_scale,
    "dask": dask_engine,
}
