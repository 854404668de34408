"""Helpers for tests of what happens when the machine is at fault (not a test module): a full disk, a read-only folder.

A real full or read-only file system is a tmpfs mounted for the test, which
needs root; where mounting is not allowed those tests are skipped, and a
folder without write permission stands in for a read-only one.
"""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager

import pytest


@contextmanager
def mounted_tmpfs(folder, options: str):
    """A tmpfs mounted on *folder* with *options* (``ro``, ``size=64k``); the test is skipped where mounting is not allowed."""
    import shutil

    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True, text=True, check=False)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@contextmanager
def read_only_folder(folder):
    """*folder*, which cannot be written: a read-only tmpfs as root, else a folder without write permission."""
    if os.geteuid() == 0:
        with mounted_tmpfs(folder, "ro,size=64k"):
            yield folder
    else:
        folder.mkdir()
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)


def one_line_error(err: str) -> str:
    """The error line of a command's stderr; there is exactly one, and no traceback."""
    assert "Traceback" not in err
    [line] = [line for line in err.splitlines() if line.startswith("error: ")]
    return line
