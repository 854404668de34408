"""Tests of analysis.resources: packaged files are found by name, and the version and hashes are the package's."""

from __future__ import annotations

import hashlib
import pytest

from analysis import __version__
from analysis.resources import data_path, file_sha256, package_version, read_list, read_text


def test_a_packaged_list_skips_its_header_and_keeps_file_order():
    entries = read_list("stopwords_en.txt")
    assert entries[:3] == ("i", "me", "my")
    assert not any(e.startswith("#") for e in entries)
    assert read_text("stopwords_en.txt").startswith("#")


def test_a_missing_data_file_is_named():
    with pytest.raises(FileNotFoundError, match="packaged data file 'nope.txt' does not exist in analysis/data"):
        data_path("nope.txt")


def test_package_version_is_the_one_version():
    assert package_version() == __version__


def test_file_sha256_reads_in_blocks(tmp_path):
    path = tmp_path / "big.bin"
    data = bytes(range(256)) * 10_000  # more than one 1 MiB block
    path.write_bytes(data)
    assert file_sha256(path) == hashlib.sha256(data).hexdigest()

