"""Write result tables as they are produced, so that an interrupted run never looks complete.

A :class:`TableWriter` appends chunks of one table to a hidden temporary file in
the output folder (Parquet row groups, or CSV rows) and renames it to
``<name>.<format>`` only when :meth:`TableWriter.close` is called after the
last chunk. Callers write ``manifest.json`` last (:func:`write_json_atomically`):
a folder with a manifest is complete; one without is not.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path
from typing import Literal

import pandas as pd

Format = Literal["parquet", "csv"]
FORMATS: tuple[str, ...] = ("parquet", "csv")


class TableWriter:
    """Append frames of one table to ``<folder>/<name>.<fmt>``, published atomically on :meth:`close`.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with TableWriter(folder, "hits", "csv") as writer:
    ...     writer.write(pd.DataFrame({"a": [1]}))
    ...     writer.write(pd.DataFrame({"a": [2]}))
    >>> pd.read_csv(folder / "hits.csv")["a"].tolist()
    [1, 2]
    """

    def __init__(self, folder: str | Path, name: str, fmt: Format = "parquet") -> None:
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {fmt!r}")
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / f"{name}.{fmt}"
        self.fmt = fmt
        handle, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=f".{fmt}.partial", dir=self.folder)
        os.close(handle)
        self._tmp = Path(tmp)
        self._writer = None
        self._schema = None
        self._rows = 0
        self._empty = None  # the first frame's columns, without rows

    def write(self, frame) -> None:
        """Append *frame* (a DataFrame or a :class:`pyarrow.Table`; same columns as the first frame written)."""
        if not isinstance(frame, pd.DataFrame):
            self._write_arrow(frame)
            return
        if self._empty is None:
            self._empty = frame.iloc[:0]
        if frame.empty:
            return
        if self.fmt == "csv":
            frame.to_csv(self._tmp, mode="a", header=self._rows == 0, index=False)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(frame, preserve_index=False)
            if self._writer is None:
                self._schema = table.schema
                self._writer = pq.ParquetWriter(self._tmp, self._schema)
            self._writer.write_table(table.cast(self._schema))
        self._rows += len(frame)

    def _write_arrow(self, table) -> None:
        if self._empty is None:
            self._empty = table.slice(0, 0)
        if table.num_rows == 0:
            return
        if self.fmt == "csv":
            table.to_pandas().to_csv(self._tmp, mode="a", header=self._rows == 0, index=False)
        else:
            import pyarrow.parquet as pq

            if self._writer is None:
                self._schema = table.schema
                self._writer = pq.ParquetWriter(self._tmp, self._schema)
            self._writer.write_table(table.cast(self._schema))
        self._rows += table.num_rows

    def close(self) -> Path:
        """Finish the file and move it into place; return its path."""
        if self._writer is not None:
            self._writer.close()
        elif self._rows == 0:
            empty = self._empty if self._empty is not None else pd.DataFrame()
            if not isinstance(empty, pd.DataFrame):  # an Arrow table's schema, kept exactly
                import pyarrow.parquet as pq

                if self.fmt == "csv":
                    empty.to_pandas().to_csv(self._tmp, index=False)
                else:
                    pq.write_table(empty, self._tmp)
            elif self.fmt == "csv":
                empty.to_csv(self._tmp, index=False)
            else:
                empty.to_parquet(self._tmp, index=False)
        publish(self._tmp, self.path)
        return self.path

    def abort(self) -> None:
        """Drop the partial file."""
        if self._writer is not None:
            self._writer.close()
        self._tmp.unlink(missing_ok=True)

    @property
    def rows(self) -> int:
        """Rows written so far."""
        return self._rows

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()


def publish(tmp: str | Path, path: str | Path) -> None:
    """Give the temporary file *tmp* the usual permissions (0666 less the umask) and rename it to *path*.

    Temporary files are created private (0600); a published report must be as
    readable as any file the user writes.
    """
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)
    os.replace(tmp, path)


def check_writable(path: str | Path) -> None:
    """Raise ``PermissionError`` naming the folder when *path* (a folder, or the folder it would be made in) cannot be written.

    Looks at *path* or, when it does not exist yet, its nearest existing
    parent, with ``os.access`` (nothing is created): ``EROFS`` on a read-only
    file system, else ``EACCES``. A parent that is a file is left for the
    caller to report (``NotADirectoryError`` when the folder is made).
    """
    existing = Path(path)
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing.is_dir() and not os.access(existing, os.W_OK | os.X_OK):
        code = errno.EROFS if os.statvfs(existing).f_flag & os.ST_RDONLY else errno.EACCES
        raise PermissionError(code, os.strerror(code), str(existing))


def write_text_atomically(path: str | Path, text: str) -> Path:
    """Write *text* to *path* through a temporary file in the same folder, then rename it.

    When the write fails (a full disk, a read-only folder), the temporary file
    is removed and the ``OSError`` raised names *path* (``filename``), which
    an error from ``write`` itself does not.
    """
    path = Path(path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}-", delete=False) as tmp:
            tmp.write(text)
        publish(tmp.name, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp.name).unlink(missing_ok=True)
        if exc.filename is None:
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise
    return path


def write_json_atomically(path: str | Path, data: object) -> Path:
    """Write *data* as indented JSON to *path* atomically (see :func:`write_text_atomically`)."""
    return write_text_atomically(path, json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def save_tables(folder: str | Path | None, fmt: Format = "csv", **frames: pd.DataFrame) -> list[Path]:
    """Write each frame as ``folder/<name>.<fmt>`` (atomically); nothing when *folder* is empty or ``None``.

    Report notebooks call this with their ``tables_dir`` parameter so that the
    tables behind a report are kept beside its HTML.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in save_tables(folder, salience=pd.DataFrame({"a": [1]}))]
    ['salience.csv']
    >>> save_tables("", salience=pd.DataFrame())
    []
    """
    if not folder:
        return []
    written = []
    for name, frame in frames.items():
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"save_tables: {name} is a {type(frame).__name__}, not a DataFrame")
        with TableWriter(folder, name, fmt) as writer:
            writer.write(frame)
        written.append(writer.path)
    return written
