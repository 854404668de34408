"""One notebook: executed with papermill, exported to one self-contained HTML page, its failure described.

:func:`execute_notebook` runs a notebook with papermill (Project Jupyter,
papermill documentation: https://papermill.readthedocs.io) on a new kernel, or
on a started one (:mod:`analysis.report.kernels`), and tells a kernel that
failed before the first cell ran (:class:`KernelStartError`, worth another
try) from a failing cell (``papermill.PapermillExecutionError``, never
retried). :func:`export_html` exports the executed notebook with the
package's nbconvert template; :func:`run_notebook` does both for one notebook.
:func:`describe_error` turns either failure into the record a report's
manifest and the index show.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import signal
import threading
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from ..outputs import write_text_atomically

#: nbconvert template (in ``templates/nbconvert`` of this package) for the report pages.
TEMPLATE_NAME = "report"
#: The tag papermill gives the cell it injects with the run's parameters (left out of every HTML page, :func:`_exporter`).
INJECTED_TAG = "injected-parameters"
#: Kernel command-line options: a quiet start-up log (the TCP warning of ipykernel 7, the KeyboardInterrupt
#: a kernel logs when it is shut down) and no command history written to ~/.ipython (parallel kernels contend for it).
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False")
#: Lines of the traceback kept in a failed report's error excerpt.
ERROR_LINES = 12
#: The name the runner's engine is registered under with papermill.
ENGINE_NAME = "analysis-runner"
#: ``OSError`` numbers that mean the machine, not the notebook, is at fault: a full disk or quota, a read-only
#: file system, no permission. A report that meets one stops the whole run (every other report would meet it too).
ENVIRONMENT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})

_ANSI = re.compile("\x1b\\[(K|.*?m)")


class KernelStartError(RuntimeError):
    """The kernel failed before the first cell ran (a start-up race); the runner tries again."""


class NotebookTimeoutError(TimeoutError):
    """The notebook ran longer than its time limit; its kernel was killed. ``seconds``: the limit; ``cell_index``: the cell running."""

    def __init__(self, message: str, *, seconds: float, cell_index: int | None) -> None:
        super().__init__(message)
        self.seconds = seconds
        self.cell_index = cell_index


def run_notebook(
    notebook: str | Path,
    *,
    out_dir: str | Path,
    parameters: dict | None = None,
    name: str | None = None,
    show_code: bool = False,
    kernel_name: str = "python3",
) -> dict[str, Path]:
    """Execute *notebook* with *parameters* and write ``<name>.ipynb`` and ``<name>.html`` to *out_dir*.

    Both files appear in *out_dir* only after execution and export succeeded;
    a failing notebook raises ``papermill.PapermillExecutionError`` and leaves
    nothing behind. Returns the paths written.
    """
    import tempfile

    notebook = Path(notebook)
    if not notebook.is_file():
        raise FileNotFoundError(f"notebook {str(notebook)!r} does not exist")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = name or notebook.stem
    with tempfile.TemporaryDirectory(prefix=f".{name}-", dir=out_dir) as staging:
        executed = Path(staging) / f"{name}.ipynb"
        execute_notebook(notebook, executed, parameters=parameters or {}, kernel_name=kernel_name)
        slim_notebook(executed)
        page = Path(staging) / f"{name}.html"
        page.write_text(export_html(executed, show_code=show_code), encoding="utf-8")
        written = {}
        for path in (executed, page):
            target = out_dir / path.name
            os.replace(path, target)
            written[path.suffix.lstrip(".")] = target
    return written


def execute_notebook(
    notebook: str | Path,
    output: str | Path,
    *,
    parameters: Mapping[str, object],
    kernel_name: str = "python3",
    kernel=None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> None:
    """Run *notebook* with papermill into *output* (kernel working folder: the notebook's folder).

    *timeout*: seconds the whole notebook may run (``None``: no limit). When
    they are up, the kernel is killed and :class:`NotebookTimeoutError` is
    raised (the owner of a warm kernel must discard it); no cell may run
    longer either (papermill's per-cell ``execution_timeout``).

    *kernel* is a started ``jupyter_client`` kernel manager to run on, made
    ready for this notebook by its owner (:meth:`analysis.report.kernels.Kernels.acquire`);
    ``None`` starts a new kernel for this notebook, with the environment *env*
    (``None``: this process's), and shuts it down afterwards. Raises
    ``papermill.PapermillExecutionError`` when a cell fails (the executed
    notebook, with the error, is written first) and :class:`KernelStartError`
    when the kernel failed before any cell ran.
    """
    import papermill

    notebook = Path(notebook).resolve()
    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=dict(parameters),
        engine_name=_register_engine(),
        kernel_name=kernel_name,
        cwd=str(notebook.parent),
        progress_bar=False,
        request_save_on_cell_execute=False,
        extra_arguments=list(KERNEL_ARGUMENTS),
        shutdown_kernel="immediate",  # every output is in; a graceful shutdown of ipykernel 7 often waits 3 s
        km=kernel,
        kernel_env=dict(env) if env is not None else None,
        execution_timeout=timeout,
        notebook_timeout=timeout,
    )


@functools.cache
def _register_engine() -> str:
    """Register with papermill (once per process) an engine that runs on a given kernel or a new one.

    papermill finds engines by name in its registry (papermill documentation,
    "Extending papermill: engines"). The engine runs on *km* when one is given
    (and leaves that kernel running, for the next notebook), else starts a
    new kernel with the environment *kernel_env*; and it turns a failure
    before the first cell ran into :class:`KernelStartError`.
    """
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class RunnerEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, km=None, kernel_env=None, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, notebook_timeout=None, **kwargs):
            kwargs = {k: v for k, v in kwargs.items() if k not in ("input_path", "timeout", "startup_timeout")}
            client = PapermillNotebookClient(nb_man, km=km, timeout=execution_timeout, startup_timeout=start_timeout,
                                             kernel_name=kernel_name, log=logger, log_output=log_output,
                                             stdout_file=stdout_file, stderr_file=stderr_file, **kwargs)
            expired = threading.Event()

            def expire() -> None:  # the notebook's time is up: kill its kernel, so the cell waiting on it ends now
                expired.set()
                kill_kernel(km if km is not None else client.km)

            watchdog = threading.Timer(notebook_timeout, expire) if notebook_timeout else None
            if watchdog is not None:
                watchdog.daemon = True
                watchdog.start()
            try:
                return client.execute(**({"env": kernel_env} if kernel_env is not None else {}))
            except Exception as exc:
                if expired.is_set() or isinstance(exc, TimeoutError):  # nbclient's CellTimeoutError is a TimeoutError
                    kill_kernel(km if km is not None else client.km)
                    started_cells = [i for i, cell in enumerate(nb_man.nb.cells) if (cell.metadata.get("papermill") or {}).get("start_time")]
                    running = started_cells[-1] if started_cells else None  # the last cell started is the one that was stopped
                    where = f" (cell #{running} was running)" if running is not None else ""
                    raise NotebookTimeoutError(f"the notebook ran longer than its time limit of {notebook_timeout:g} s{where}; its kernel was stopped",
                                               seconds=notebook_timeout, cell_index=running) from exc
                started = any((cell.metadata.get("papermill") or {}).get("start_time") for cell in nb_man.nb.cells)
                if started:
                    raise
                raise KernelStartError(f"{type(exc).__name__}: {exc}") from exc
            finally:
                if watchdog is not None:
                    watchdog.cancel()
                if km is not None and client.kc is not None:  # a given kernel stays up for the next notebook; its client goes
                    client.kc.stop_channels()

    papermill_engines.register(ENGINE_NAME, RunnerEngine)
    return ENGINE_NAME


def kill_kernel(manager) -> None:
    """Kill the kernel process of a ``jupyter_client`` kernel manager at once (SIGKILL); nothing when there is none.

    Safe from any thread: it signals the process and touches no event loop.
    The manager's owner then discards it (a warm kernel) or papermill shuts it
    down (a kernel papermill started).
    """
    process = getattr(getattr(manager, "provisioner", None), "process", None)
    pid = getattr(process, "pid", None)
    if not pid:
        return
    try:
        os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    except OSError:  # already gone
        pass


def drop_unused_library(notebook) -> bool:
    """Remove the interactive tables' library (:func:`analysis.display.init_tables`, about 1 MB) from *notebook* when
    no output of it is an interactive table; return whether anything was removed.

    *notebook* is an ``nbformat`` node, changed in place. A report whose
    tables are all short (static HTML) needs no script, so its page and its
    executed notebook stay small.
    """
    from ..display import INTERACTIVE_MARK, LIBRARY_MARK

    def html_of(output) -> str:
        markup = output.get("data", {}).get("text/html", "")
        return "".join(markup) if isinstance(markup, list) else str(markup)

    cells = [cell for cell in notebook.cells if cell.get("outputs")]
    if any(INTERACTIVE_MARK in html_of(output) for cell in cells for output in cell.outputs):
        return False
    removed = False
    for cell in cells:
        kept = [output for output in cell.outputs if LIBRARY_MARK not in html_of(output)]
        if len(kept) != len(cell.outputs):
            cell.outputs, removed = kept, True
    return removed


def slim_notebook(path: str | Path) -> None:
    """Rewrite the executed notebook at *path* (atomically) without the tables' library when it shows no interactive table."""
    import nbformat

    node = nbformat.read(str(path), as_version=4)
    if drop_unused_library(node):
        write_text_atomically(Path(path), nbformat.writes(node))


def export_html(notebook: str | Path, *, show_code: bool = False) -> str:
    """Return *notebook* (an executed ``.ipynb``) as one self-contained HTML page.

    The package's ``report`` nbconvert template: the JupyterLab look, images
    embedded as data URIs, no script or style fetched from a CDN, prompts
    hidden, code cells hidden unless *show_code*.
    """
    import nbformat

    body, _ = _exporter(bool(show_code)).from_notebook_node(nbformat.read(str(notebook), as_version=4))
    return body


@functools.lru_cache(maxsize=2)
def _exporter(show_code: bool):
    """One nbconvert exporter per process and setting: building one (templates, CSS) costs more than an export."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    templates = resources.files("analysis.report") / "templates" / "nbconvert"
    exporter = HTMLExporter(
        extra_template_basedirs=[str(templates)],
        template_name=TEMPLATE_NAME,
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    # The cell papermill injects holds the runner's paths (the staging folder, the cache); the page's reader gets the
    # parameters from the index and the manifest, so the page never shows it, even with the code.
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={INJECTED_TAG}, enabled=True), enabled=True)
    return exporter


# --------------------------------------------------------------------------- what went wrong


def describe_error(exc: BaseException) -> dict:
    """The record of a failed notebook: ``kind`` ``cell`` (with the cell, its count and a traceback excerpt), ``timeout``,
    ``environment`` (an ``OSError`` of :data:`ENVIRONMENT_ERRNOS`, with its ``errno`` and ``filename``) or ``runner``."""
    if isinstance(exc, OSError) and exc.errno in ENVIRONMENT_ERRNOS:
        return {"kind": "environment", "errno": exc.errno, "filename": exc.filename, "ename": type(exc).__name__,
                "evalue": str(exc), "excerpt": str(exc)}
    if isinstance(exc, NotebookTimeoutError):
        return {"kind": "timeout", "cell_index": exc.cell_index, "seconds": exc.seconds, "ename": type(exc).__name__,
                "evalue": str(exc), "excerpt": str(exc)}
    cell_index = getattr(exc, "cell_index", None)
    if cell_index is not None:  # papermill.PapermillExecutionError
        lines = _ANSI.sub("", "\n".join(exc.traceback or [])).strip().splitlines()
        return {"kind": "cell", "cell_index": cell_index, "exec_count": exc.exec_count, "ename": exc.ename, "evalue": exc.evalue,
                "source": str(exc.source)[:500], "excerpt": "\n".join(lines[-ERROR_LINES:])}
    return {"kind": "runner", "ename": type(exc).__name__, "evalue": str(exc), "excerpt": str(exc)[-2000:]}


def error_line(error: dict | None) -> str:
    """One line for an error record: where (the cell, for a cell error) and what.

    >>> error_line({"kind": "cell", "cell_index": 3, "exec_count": 4, "ename": "ValueError", "evalue": "boom"})
    'cell In [4] (#3): ValueError: boom'
    >>> error_line(None)
    ''
    """
    if not error:
        return ""
    where = f"cell In [{error.get('exec_count')}] (#{error.get('cell_index')}): " if error.get("kind") == "cell" else ""
    return f"{where}{error.get('ename')}: {error.get('evalue')}"


def error_text(error: dict | None) -> str:
    """:func:`error_line`, and for a cell error the end of its traceback."""
    if not error:
        return ""
    return error_line(error) + ("\n" + error["excerpt"] if error.get("excerpt") and error.get("kind") == "cell" else "")
