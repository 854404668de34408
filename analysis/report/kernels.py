"""Kernels and their lifecycle: one owner, :class:`Kernels`, that is created, used and closed.

A :class:`Kernels` object (a context manager) holds the kernels one process
runs its notebooks on and shuts every one of them down when its block ends,
normally or by an error. Warm (the default): one kernel per kernel name,
started once, :data:`KERNEL_PRELOAD` imported once, reset before each
notebook, replaced after a failure or :data:`KERNEL_REUSE_LIMIT` notebooks.
Fresh (``warm=False``): every notebook gets a new kernel, started by
papermill. Either way the kernels get the environment the owner was given
(``env``: variables set on top of this process's environment, such as
``ANALYSIS_CACHE``) as an argument; the runner's own environment is never
changed. Nothing is kept at module level: two owners share no kernel.

How a warm kernel is reset. The code that runs inside a kernel is
:func:`prepare_kernel`, a self-contained function (it imports what it uses and
refers to no name of this module): its source is sent to the kernel once,
after the preload, and called there. It records the state of a kernel that
has just started and drawn one figure (environment, matplotlib's rcParams,
the warning filters, ``sys.path``) in a closure and registers that closure
with IPython as a line magic (:data:`RESET_MAGIC`, IPython's public
``register_magic_function``; magics survive ``InteractiveShell.reset``).
Before each notebook the owner sends one line that calls the magic with the
notebook's folder. So the kernel never imports the runner, and no module of
either process holds the state. The warning filters are saved and restored
with the public ``warnings.catch_warnings`` (entered when recorded, exited and
entered again at each reset), not by touching ``warnings`` internals.
"""

from __future__ import annotations

import inspect
import os
import time
from collections.abc import Mapping
from pathlib import Path

from .execute import KERNEL_ARGUMENTS, KernelStartError

#: Modules a warm kernel imports once, before its first notebook.
KERNEL_PRELOAD = ("pandas", "matplotlib.pyplot", "analysis", "analysis.plots")
#: Notebooks one warm kernel runs before it is replaced by a new one (bounds memory growth).
KERNEL_REUSE_LIMIT = 20
#: A warm kernel that holds more memory than this (resident, in bytes) after a notebook is replaced by a new
#: one, so the memory a large corpus-level report took is not carried into the next notebooks (Linux: read
#: from ``/proc``; elsewhere not checked).
KERNEL_MEMORY_LIMIT = 1024**3
#: The line magic :func:`prepare_kernel` registers in a warm kernel: ``%analysis_reset_kernel CWD``.
RESET_MAGIC = "analysis_reset_kernel"
#: Seconds to wait for a kernel to answer.
KERNEL_TIMEOUT = 60


def prepare_kernel(magic_name: str) -> None:
    """In a warm kernel, once: record the state of a new kernel and register *magic_name*, which restores it.

    A figure is made and closed first, so the inline backend is active (it
    turns on interactive mode and sets its rcParams when the first figure is
    made) and the state recorded is that of a kernel that has drawn.

    The magic (``%<magic_name> CWD``), between two notebooks, leaves the
    kernel as a new kernel would be, imported modules apart: it clears the
    user namespace and output history and starts a new session with the
    execution counter at 1 (IPython's ``InteractiveShell.reset``), closes
    figures, restores the environment, matplotlib's rcParams (the backend
    apart), pandas options, warning filters (and forgets warnings already
    shown, so each notebook shows its own), ``sys.path`` and the working
    folder (*CWD*).

    This function runs in the kernel from its source text: it must stay
    self-contained (imports inside, no name of its module).
    """
    import os
    import sys
    import warnings

    import matplotlib
    import matplotlib.pyplot as plt
    import pandas as pd
    from IPython import get_ipython
    from IPython.core.magic import no_var_expand

    plt.figure()
    plt.close("all")
    shell = get_ipython()
    environ, rc, path = dict(os.environ), dict(matplotlib.rcParams), list(sys.path)
    filters = warnings.catch_warnings()  # saves the filters now; leaving it restores them
    filters.__enter__()

    @no_var_expand
    def reset(cwd: str) -> None:
        nonlocal filters
        shell.reset(new_session=True)
        plt.close("all")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.update({k: v for k, v in rc.items() if k != "backend"})
            pd.reset_option("all")
        for name in set(os.environ) - set(environ):
            del os.environ[name]
        os.environ.update(environ)
        filters.__exit__(None, None, None)
        filters = warnings.catch_warnings()
        filters.__enter__()
        for module in list(sys.modules.values()):
            registry = getattr(module, "__warningregistry__", None)
            if isinstance(registry, dict):
                registry.clear()
        sys.path[:] = path
        os.chdir(cwd)

    shell.register_magic_function(reset, magic_kind="line", magic_name=magic_name)


class WarmKernel:
    """A started kernel that has imported :data:`KERNEL_PRELOAD` once and is reset before each notebook.

    Made and closed by :class:`Kernels`. ``manager`` is its ``jupyter_client``
    kernel manager (what papermill runs a notebook on), ``uses`` the number of
    notebooks it was reset for.
    """

    def __init__(self, kernel_name: str, *, cwd: str | Path, env: Mapping[str, str]) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.manager = AsyncKernelManager(kernel_name=kernel_name)
        self.uses = 0
        try:
            run_sync(self.manager.start_kernel)(cwd=str(cwd), extra_arguments=list(KERNEL_ARGUMENTS), env=dict(env))
            preload = "".join(f"import {m}\n" for m in KERNEL_PRELOAD)
            self._run(f"{preload}{inspect.getsource(prepare_kernel)}\nprepare_kernel({RESET_MAGIC!r})\ndel prepare_kernel\n")
        except Exception as exc:
            self.close()
            raise KernelStartError(f"{type(exc).__name__}: {exc}") from exc

    def _run(self, code: str) -> None:
        from jupyter_client.blocking import BlockingKernelClient

        client = BlockingKernelClient()
        client.load_connection_info(self.manager.get_connection_info())
        client.start_channels()
        try:
            self._wait_until_ready(client)
            reply = client.execute_interactive(code, silent=True, store_history=False, timeout=KERNEL_TIMEOUT, output_hook=lambda msg: None)
        finally:
            client.stop_channels()
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}")

    def _wait_until_ready(self, client) -> None:
        """Wait for the kernel to answer, up to :data:`KERNEL_TIMEOUT` seconds; fail at once when its process has died.

        The client is not tied to the manager, so its own ``wait_for_ready``
        cannot see a dead kernel and would wait the whole time.
        """
        deadline = time.monotonic() + KERNEL_TIMEOUT
        while True:
            if not self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            try:
                client.wait_for_ready(timeout=1)
                return
            except RuntimeError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {KERNEL_TIMEOUT} seconds") from None

    def reset(self, *, cwd: str | Path) -> None:
        """Reset the kernel for the next notebook (the magic of :func:`prepare_kernel`); a failure is a kernel start failure."""
        try:
            self._run(f"get_ipython().run_line_magic({RESET_MAGIC!r}, {str(cwd)!r})")
        except Exception as exc:
            raise KernelStartError(f"a warm kernel could not be reset: {type(exc).__name__}: {exc}") from exc
        self.uses += 1

    def resident_bytes(self) -> int | None:
        """The kernel process's resident memory in bytes (``/proc/<pid>/statm``), or ``None`` when it cannot be read."""
        pid = getattr(getattr(self.manager, "provisioner", None), "pid", None)
        try:
            pages = int(Path(f"/proc/{pid}/statm").read_text(encoding="ascii").split()[1])
        except (OSError, ValueError, IndexError):
            return None
        return pages * os.sysconf("SC_PAGE_SIZE")

    def is_alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return bool(run_sync(self.manager.is_alive)())

    def close(self) -> None:
        """Shut the kernel down now (nothing is left to save); a kernel that is already gone is fine."""
        from jupyter_core.utils import run_sync

        try:
            if run_sync(self.manager.is_alive)():
                run_sync(self.manager.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - shutting down a kernel that is already gone
            pass


class Kernels:
    """The kernels one process runs its notebooks on; every one is shut down when the ``with`` block ends.

    *warm*: keep one :class:`WarmKernel` per kernel name and reset it before
    each notebook; otherwise each notebook starts a new kernel (papermill's
    default). *env*: environment variables every kernel gets on top of this
    process's environment (for example ``ANALYSIS_CACHE``).

    >>> with Kernels(warm=False, env={"ANALYSIS_CACHE": "/tmp/cache"}) as kernels:
    ...     kernels.acquire("python3", cwd=".") is None, kernels.env["ANALYSIS_CACHE"]
    (True, '/tmp/cache')
    """

    def __init__(self, *, warm: bool = True, env: Mapping[str, str] | None = None) -> None:
        self.warm = bool(warm)
        self.env: dict[str, str] = {**os.environ, **(env or {})}
        self._started: dict[str, WarmKernel] = {}

    def __enter__(self) -> Kernels:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def acquire(self, kernel_name: str, *, cwd: str | Path):
        """A kernel manager ready to run a notebook in *cwd*: the warm kernel for *kernel_name*, reset; ``None`` when not warm.

        Starts the kernel the first time and again after :data:`KERNEL_REUSE_LIMIT`
        notebooks. Raises :class:`~analysis.report.execute.KernelStartError` when it
        does not start or cannot be reset.
        """
        if not self.warm:
            return None
        kernel = self._started.get(kernel_name)
        if kernel is not None and kernel.uses >= KERNEL_REUSE_LIMIT:
            self.discard(kernel_name)
            kernel = None
        if kernel is None:
            kernel = self._started[kernel_name] = WarmKernel(kernel_name, cwd=cwd, env=self.env)
        kernel.reset(cwd=cwd)
        return kernel.manager

    def release(self, kernel_name: str) -> None:
        """A notebook is done with the warm kernel for *kernel_name*: replace it when it holds more than :data:`KERNEL_MEMORY_LIMIT`."""
        kernel = self._started.get(kernel_name)
        if kernel is not None:
            resident = kernel.resident_bytes()
            if resident is not None and resident > KERNEL_MEMORY_LIMIT:
                self.discard(kernel_name)

    def discard(self, kernel_name: str) -> None:
        """Shut down the warm kernel for *kernel_name*, if any: the next notebook gets a new one."""
        kernel = self._started.pop(kernel_name, None)
        if kernel is not None:
            kernel.close()

    def running(self) -> list[WarmKernel]:
        """The warm kernels started and not yet discarded."""
        return list(self._started.values())

    def close(self) -> None:
        """Shut down every kernel; the owner can be used again afterwards (it starts new ones)."""
        for name in list(self._started):
            self.discard(name)
