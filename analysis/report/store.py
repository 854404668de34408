"""The run store: run folders under ``OUT``, published whole; manifests; reuse of unchanged reports; pruning.

Layout of ``OUT`` (the ``--out`` folder)::

    OUT/index.html                      the newest run's index, its links into runs/<run-id>/
    OUT/latest -> runs/<run-id>         symlink, replaced atomically when a run is complete
    OUT/runs/<run-id>/index.html        every report of the run, its status and error
    OUT/runs/<run-id>/run.json          the run's manifest, written last
    OUT/runs/<run-id>/<report>/         <report>.ipynb, <report>.html, tables/*.csv, manifest.json

A run is built in ``OUT/runs/.<run-id>.partial/`` (a :class:`StagedRun`) and
renamed when every report is done; each report is built in
``.<report>.partial/`` inside it and renamed once its ``manifest.json`` is
written. An interrupted run therefore leaves no run, no report and no
``latest`` that looks complete.

A run holds an exclusive lock (``flock``) on ``OUT/runs/.<run-id>.lock``,
taken before its staging folder exists and released after the folder was
renamed or removed. The operating system releases the lock when the run's
process dies, however it dies, so a staging folder whose lock is free (or
gone) was left by a run that was killed (``kill -9``, a power cut): the
next run removes it (:func:`remove_unfinished_runs`), and :func:`prune_runs`
never counts it as a run.

A report whose notebook bytes, parameters, corpus content key
(:func:`analysis.cache.cache_key`), package fingerprint, environment and
``show_code`` are unchanged since an earlier complete run (:func:`report_key`)
is not executed again: its files are hard-linked (or copied) from that run. A
failed report is never reused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import platform
import secrets
import shutil
import time
from importlib import metadata
from pathlib import Path

from ..outputs import check_writable, write_json_atomically, write_text_atomically
from ..resources import file_sha256, package_version
from .plan import PlannedReport
from .suite import SuiteError

#: Bumped when the layout of a run or the report key changes, so old runs are not reused.
RUNNER_FORMAT = 1
#: Packages whose versions are recorded in every manifest and enter the report key.
ENVIRONMENT_PACKAGES = ("papermill", "nbconvert", "nbclient", "ipykernel", "pandas", "numpy", "matplotlib", "vaderSentiment")
#: ``OUT/index.html``: opens the newest complete run.
REDIRECT_PAGE = (
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta http-equiv=\"refresh\" content=\"0; url=latest/index.html\"><title>Reports</title></head>"
    "<body><p>The newest complete run: <a href=\"latest/index.html\">latest/index.html</a> "
    "(earlier runs are in <a href=\"runs/\">runs/</a>).</p></body></html>\n"
)


class StagedRun:
    """A run being built in ``OUT/runs/.<run-id>.partial/``, published whole by :meth:`publish` (a context manager).

    Leaving the ``with`` block by an exception (Ctrl-C included) removes the
    staging folder, reports and all. ``run_id`` is the UTC start time and six
    random hex digits, so runs sort by time. Entering takes the run's lock
    and removes the staging folders of runs that were killed (``removed``
    lists them).
    """

    def __init__(self, out: str | Path, *, started: float) -> None:
        self.out = Path(out)
        self.run_id = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(started)) + "-" + secrets.token_hex(3)
        self.runs = self.out / "runs"
        self.folder = self.runs / f".{self.run_id}.partial"
        self.removed: list[Path] = []
        self._lock: int | None = None

    def __enter__(self) -> StagedRun:
        self.runs.mkdir(parents=True, exist_ok=True)
        self._lock = _hold_lock(_lock_path(self.folder))
        try:
            self.removed = remove_unfinished_runs(self.out)
            self.folder.mkdir()
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        if exc_type is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        """Drop the run's lock (its staging folder is gone by now: published or removed)."""
        if self._lock is not None:
            _lock_path(self.folder).unlink(missing_ok=True)
            os.close(self._lock)
            self._lock = None

    @property
    def final(self) -> Path:
        """Where the run is once published: ``OUT/runs/<run-id>``."""
        return self.runs / self.run_id

    def report_staging(self, name: str) -> Path:
        """The hidden folder a report is built in: ``.<name>.partial`` inside the run."""
        return self.folder / f".{name}.partial"

    def previous_reports(self, keys: set[str]) -> dict[str, Path]:
        """Key -> folder of a successful report in an earlier complete run (newest run first)."""
        found: dict[str, Path] = {}
        if not keys:
            return found
        for run in sorted((p for p in self.runs.iterdir() if not p.name.startswith(".") and p.is_dir()), reverse=True):
            try:
                reports = json.loads((run / "run.json").read_text(encoding="utf-8"))["reports"]
            except (OSError, ValueError, KeyError, TypeError):
                continue  # not a complete run
            for report in reports:
                key = report.get("key")
                folder = run / str(report.get("name"))
                if key in keys and key not in found and report.get("status") == "ok" and (folder / "manifest.json").is_file():
                    found[key] = folder
            if len(found) == len(keys):
                break
        return found

    def reuse(self, source: Path, name: str) -> bool:
        """Hard-link (or copy) a previous report's files into this run's staging for *name*; ``False`` when they are not all there."""
        staging = self.report_staging(name)
        try:
            manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("status") != "ok":
                return False
            for path in sorted(source.rglob("*")):
                if path.name == "manifest.json" and path.parent == source or path.is_dir():
                    continue
                target = staging / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(path, target)
                except OSError:
                    shutil.copy2(path, target)
            return (staging / f"{name}.html").is_file() and (staging / f"{name}.ipynb").is_file()
        except (OSError, ValueError):
            shutil.rmtree(staging, ignore_errors=True)
            return False

    def publish_report(self, name: str, manifest: dict) -> Path:
        """List the report's tables in its manifest, write the manifest last, rename ``.<name>.partial`` to ``<name>``."""
        partial = self.report_staging(name)
        partial.mkdir(parents=True, exist_ok=True)
        tables = partial / "tables"
        manifest["tables"] = sorted(p.name for p in tables.iterdir() if not p.name.startswith(".")) if tables.is_dir() else []
        manifest["files"] = sorted(p.relative_to(partial).as_posix() for p in partial.rglob("*") if p.is_file() and not p.name.startswith("."))
        write_json_atomically(partial / "manifest.json", manifest)
        folder = self.folder / name
        os.rename(partial, folder)
        return folder

    def publish(self, manifest: dict, *, top_page: str | None = None) -> Path:
        """Write ``run.json`` (*manifest*) last, rename the run into place, point ``latest`` at it, write ``OUT/index.html``.

        ``OUT/index.html`` is *top_page* (the run's index with its links made
        from ``OUT``) or, without one, :data:`REDIRECT_PAGE`.
        """
        write_json_atomically(self.folder / "run.json", manifest)
        os.rename(self.folder, self.final)
        _point_latest(self.out, self.run_id)
        write_text_atomically(self.out / "index.html", REDIRECT_PAGE if top_page is None else top_page)
        return self.final


def _point_latest(out: Path, run_id: str) -> None:
    """Replace ``out/latest`` by a symlink to ``runs/<run_id>`` in one rename."""
    link = out / f".latest-{secrets.token_hex(4)}"
    os.symlink(Path("runs") / run_id, link, target_is_directory=True)
    try:
        os.replace(link, out / "latest")
    except OSError:
        link.unlink(missing_ok=True)
        raise


def check_out_folder(out: Path) -> None:
    """Refuse an *out* the runner cannot use, before anything runs: a file (:class:`SuiteError`), or a folder that cannot be written.

    Unwritable: ``PermissionError`` (``EROFS`` on a read-only file system,
    else ``EACCES``) naming the folder (:func:`analysis.outputs.check_writable`
    on ``out/runs``; nothing is created to check).
    """
    existing = out
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        where = f"--out {str(out)!r}" + (f": {str(existing)!r}" if existing != out else "")
        raise SuiteError(f"{where} is a file, not a folder; give a new folder or the --out of an earlier run")
    check_writable(out / "runs")


def _lock_path(staging: Path) -> Path:
    """The lock file of the run staged in *staging* (``.<run-id>.partial`` -> ``.<run-id>.lock``, beside it)."""
    return staging.with_name(staging.name.removesuffix(".partial") + ".lock")


def _hold_lock(path: Path) -> int:
    """Create *path* and hold an exclusive ``flock`` on it; return the descriptor (closing it releases the lock)."""
    import fcntl

    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            if os.path.samestat(os.fstat(descriptor), os.stat(path)):  # not removed meanwhile by a run cleaning up
                return descriptor
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)


@contextlib.contextmanager
def _unless_held(path: Path):
    """Yield whether no live process holds the lock *path*; when none does, hold it for the block, so no run takes it meanwhile.

    A missing file is a free lock.
    """
    import fcntl

    try:
        descriptor = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        yield True
        return
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            yield False
        else:
            yield True
    finally:
        os.close(descriptor)


def remove_unfinished_runs(out: str | Path) -> list[Path]:
    """Remove the staging folders (``out/runs/.<run-id>.partial``) of runs that died before finishing; return them.

    A run that is still going holds the lock beside its staging folder and
    is left alone; a folder whose lock is free or missing was left by a run
    that was killed. Lock files left without a folder are removed too.
    """
    runs = Path(out) / "runs"
    if not runs.is_dir():
        return []
    removed = []
    for staging in sorted(runs.glob(".*.partial")):
        lock = _lock_path(staging)
        with _unless_held(lock) as free:
            if free and staging.is_dir():
                shutil.rmtree(staging, ignore_errors=True)
                lock.unlink(missing_ok=True)  # while still holding it: a run that opens it next sees it was removed
                removed.append(staging)
    for lock in runs.glob(".*.lock"):
        with _unless_held(lock) as free:
            if free and not lock.with_name(lock.name.removesuffix(".lock") + ".partial").exists():
                lock.unlink(missing_ok=True)
    return removed


def prune_runs(out: str | Path, *, keep: int) -> list[Path]:
    """Delete all but the *keep* newest complete runs under ``out/runs``; return the folders deleted.

    The run ``out/latest`` points to is always kept. Only complete runs (with
    ``run.json``) count; unfinished (``.partial``) folders are left to
    :func:`remove_unfinished_runs` (which keeps those of a run still going). Reports of a
    deleted run that a kept run reused stay intact: reuse hard-links or copies
    files, so every run folder stands on its own. For scheduled runs, so that
    ``runs/`` does not grow without end.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> for run_id in ("20260101T000000Z-a", "20260102T000000Z-b", "20260103T000000Z-c"):
    ...     (out / "runs" / run_id).mkdir(parents=True)
    ...     _ = (out / "runs" / run_id / "run.json").write_text("{}")
    >>> [p.name for p in prune_runs(out, keep=2)]
    ['20260101T000000Z-a']
    """
    if not isinstance(keep, int) or isinstance(keep, bool) or keep < 1:
        raise ValueError(f"keep must be a whole number of runs, at least 1; got {keep!r}")
    runs = Path(out) / "runs"
    if not runs.is_dir():
        return []
    complete = [p for p in runs.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / "run.json").is_file()]
    # oldest first: by the start second in the run id, then (runs started in the same second) by when each finished
    complete.sort(key=lambda p: (p.name.split("-")[0], (p / "run.json").stat().st_mtime_ns, p.name))
    latest = Path(out) / "latest"
    current = latest.resolve() if latest.is_symlink() else None
    doomed = [p for p in complete[:-keep] if p.resolve() != current]
    for folder in doomed:
        shutil.rmtree(folder)
    return doomed


# --------------------------------------------------------------------------- manifests and report keys


def run_context(scored, *, corpus: Path, since: str | None, fingerprint: str) -> dict:
    """What every report of a run shares: the inputs, the scores' resources, the package and environment."""
    try:
        scores_manifest = json.loads((Path(scored.folder) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        scores_manifest = {}
    corpus_info = scores_manifest.get("corpus", {})
    return {
        "inputs": {"corpus": str(corpus), "since": since, "corpus_key": scored.key,
                   "corpus_sha256": corpus_info.get("sha256"), "n_documents": corpus_info.get("n_documents", len(scored.docs)),
                   "cache_entry": str(scored.folder)},
        "resources": scores_manifest.get("resources", {}),
        "package": {"name": "analysis", "version": package_version(), "fingerprint": fingerprint},
        "environment": environment_versions(),
    }


def environment_versions() -> dict[str, str]:
    """The Python version and the versions of :data:`ENVIRONMENT_PACKAGES` (``absent`` when not installed)."""
    versions = {"python": platform.python_version()}
    for package in ENVIRONMENT_PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "absent"
    return versions


def report_key(report: PlannedReport, context: dict, show_code: bool) -> str:
    """sha256 of everything a report's files depend on: notebook bytes, parameters, corpus key, package, environment."""
    files = {str(v): file_sha256(Path(v)) for v in report.parameters.values() if isinstance(v, str) and os.path.isabs(v) and Path(v).is_file()}
    material = {
        "format": RUNNER_FORMAT,
        "name": report.name,
        "notebook": file_sha256(report.notebook),
        "parameters": dict(report.parameters),
        "parameter_files": files,
        "corpus_key": context["inputs"]["corpus_key"],
        "package": context["package"]["fingerprint"],
        "environment": context["environment"],
        "tables": report.tables,
        "show_code": bool(show_code),
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def reused_outcome(source: Path) -> dict:
    """The outcome of a report taken from *source* (a report folder of an earlier run): where from, and when it was made."""
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    now = time.time()
    return {"status": "ok", "error": None, "attempts": 0, "started": now, "ended": now,
            "parameters": manifest.get("parameters", {}), "reused_from": str(Path(source.parent.name) / source.name),
            "original": {"started": manifest.get("started"), "ended": manifest.get("ended"), "run": manifest.get("run_id")}}


def report_manifest(report: PlannedReport, outcome: dict, *, key: str, context: dict, show_code: bool, run_id: str) -> dict:
    """A report's ``manifest.json`` (its ``tables`` and ``files`` are filled in by :meth:`StagedRun.publish_report`)."""
    return {
        "name": report.name,
        "entry": report.entry,
        "run_id": run_id,
        "status": outcome["status"],
        "reused_from": outcome.get("reused_from"),
        "original": outcome.get("original"),
        "notebook": str(report.notebook),
        "notebook_sha256": file_sha256(report.notebook),
        "parameters": outcome.get("parameters", dict(report.parameters)),
        "show_code": show_code,
        "key": key,
        "started": iso_time(outcome["started"]),
        "ended": iso_time(outcome["ended"]),
        "seconds": round(outcome["ended"] - outcome["started"], 3),
        "attempts": outcome.get("attempts", 0),
        "error": outcome.get("error"),
        "tables": outcome.get("tables", []),
        **context,
    }


def iso_time(seconds: float) -> str:
    """Epoch *seconds* as an ISO 8601 UTC time to the second.

    >>> iso_time(0)
    '1970-01-01T00:00:00+00:00'
    """
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).isoformat(timespec="seconds")
