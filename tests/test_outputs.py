"""Tests of analysis.outputs: tables appear whole or not at all, with the permissions of any user file."""

from __future__ import annotations

import json
import os
import stat

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.outputs import TableWriter, save_tables, write_json_atomically, write_text_atomically


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_chunks_are_appended_and_published_on_close(tmp_path, fmt):
    writer = TableWriter(tmp_path, "hits", fmt)
    writer.write(pd.DataFrame({"doc_id": ["a"], "n": [1]}))
    assert not (tmp_path / f"hits.{fmt}").exists()  # nothing that looks complete before close
    writer.write(pd.DataFrame({"doc_id": ["b", "c"], "n": [2, 3]}))
    assert writer.rows == 3
    path = writer.close()
    read = pd.read_csv(path) if fmt == "csv" else pd.read_parquet(path)
    assert read["doc_id"].tolist() == ["a", "b", "c"] and read["n"].tolist() == [1, 2, 3]
    assert [p.name for p in tmp_path.iterdir()] == [f"hits.{fmt}"]  # no partial file left


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_an_empty_table_keeps_its_columns(tmp_path, fmt):
    with TableWriter(tmp_path, "empty", fmt) as writer:
        writer.write(pd.DataFrame({"doc_id": pd.Series([], dtype="string"), "n": pd.Series([], dtype="int64")}))
    read = pd.read_csv(writer.path) if fmt == "csv" else pd.read_parquet(writer.path)
    assert list(read.columns) == ["doc_id", "n"] and read.empty


def test_an_error_inside_the_block_leaves_no_table(tmp_path):
    with pytest.raises(RuntimeError):
        with TableWriter(tmp_path, "hits", "parquet") as writer:
            writer.write(pd.DataFrame({"a": [1]}))
            raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


def test_published_files_have_the_usual_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        path = write_text_atomically(tmp_path / "note.txt", "x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_json_is_written_whole(tmp_path):
    path = write_json_atomically(tmp_path / "sub" / "manifest.json", {"n": 1, "when": pd.Timestamp("2026-01-02")})
    assert json.loads(path.read_text(encoding="utf-8")) == {"n": 1, "when": "2026-01-02 00:00:00"}


def test_save_tables_writes_each_frame_and_refuses_what_is_not_one(tmp_path):
    frame = pd.DataFrame({"doc_id": ["a"], "share": [0.5]})
    assert [p.name for p in save_tables(tmp_path, salience=frame, hits=frame)] == ["salience.csv", "hits.csv"]
    assert_frame_equal(pd.read_csv(tmp_path / "salience.csv"), frame)
    assert save_tables(None, salience=frame) == []
    with pytest.raises(TypeError, match="save_tables: salience is a list, not a DataFrame"):
        save_tables(tmp_path, salience=[1, 2])
    with pytest.raises(ValueError, match="format must be one of parquet, csv; got 'xlsx'"):
        save_tables(tmp_path, "xlsx", salience=frame)


def test_a_failed_atomic_write_names_the_file_and_leaves_no_temporary_file(tmp_path):
    import errno

    from fault_helpers import mounted_tmpfs

    from analysis.outputs import write_text_atomically

    with mounted_tmpfs(tmp_path / "tiny", "size=4k") as tiny:
        with pytest.raises(OSError) as raised:
            write_text_atomically(tiny / "page.html", "x" * 100_000)
        left = list(tiny.iterdir())
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == str(tiny / "page.html")
    assert left == []


def test_check_writable_names_the_nearest_existing_folder(tmp_path):
    import errno

    from fault_helpers import read_only_folder

    from analysis.outputs import check_writable

    check_writable(tmp_path / "new" / "deeper")  # a folder that does not exist yet, in a writable one: fine
    with read_only_folder(tmp_path / "locked") as locked:
        with pytest.raises(PermissionError) as raised:
            check_writable(locked / "new" / "deeper")
    assert raised.value.filename == str(locked) and raised.value.errno in (errno.EROFS, errno.EACCES)
