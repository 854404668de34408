"""The command line's exit statuses and one-line errors for `score` (analysis/__main__.py); `report`'s are in tests/report/test_cli.py."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from fault_helpers import mounted_tmpfs, one_line_error, read_only_folder

from analysis.__main__ import EXIT_STATUSES, main, os_error_line

FIXTURE = Path(__file__).parent / "fixtures" / "score_corpus"


def test_score_out_that_is_a_file_exits_2(tmp_path, capsys):
    out = tmp_path / "tables"
    out.write_text("x\n", encoding="utf-8")
    assert main(["score", str(FIXTURE), "--out", str(out), "--no-cache"]) == 2
    assert one_line_error(capsys.readouterr().err) == (f"error: --out {str(out)!r} is a file, not a folder; "
                                                       "give a new or empty folder, or the folder of an earlier score run")


def test_score_corpus_with_no_usable_file_exits_2(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("", encoding="utf-8")
    assert main(["score", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-cache"]) == 2
    assert one_line_error(capsys.readouterr().err).startswith(f"error: {corpus}: contains no usable documents: 1 skipped (a.txt: is empty")


def test_score_corpus_whose_files_all_fail_to_decode_exits_2(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("  \n\t\n", encoding="utf-8")  # read, then refused: only white space
    assert main(["score", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-cache"]) == 2
    assert f"error: CORPUS {str(corpus)!r} holds no usable document" in capsys.readouterr().err


def test_score_read_only_out_exits_3(tmp_path, capsys):
    with read_only_folder(tmp_path / "locked") as locked:
        status = main(["score", str(FIXTURE), "--out", str(locked / "tables"), "--jobs", "1", "--no-cache"])
        assert list(locked.iterdir()) == []
    line = one_line_error(capsys.readouterr().err)
    assert status == 3 and line.startswith(f"error: {str(locked)!r}: ") and line.endswith(f"nothing was written to {str(locked / 'tables')!r}")


def test_score_full_disk_exits_3(tmp_path, capsys):
    # A real full disk: --out on a tmpfs of one 4 KiB page, too small for the tables.
    with mounted_tmpfs(tmp_path / "tiny", "size=4k") as tiny:
        status = main(["score", str(FIXTURE), "--out", str(tiny / "tables"), "--jobs", "1", "--no-cache", "--format", "csv"])
        left = list(tiny.iterdir())
    line = one_line_error(capsys.readouterr().err)
    assert status == 3 and "no space left on the device (the disk is full)" in line and left == []


@pytest.mark.parametrize("number, problem", [(errno.ENOSPC, "no space left on the device (the disk is full)"),
                                             (errno.EROFS, "read-only file system"), (errno.EIO, "Input/output error")])
def test_os_error_line_names_the_path_and_the_problem(number, problem):
    assert os_error_line(OSError(number, __import__("os").strerror(number), "/data/out")) == f"error: '/data/out': {problem}"


def test_score_help_lists_the_exit_statuses(capsys):
    with pytest.raises(SystemExit):
        main(["score", "--help"])
    text = capsys.readouterr().out
    assert all(f"  {status:<4} {meaning}" in text for status, meaning in EXIT_STATUSES.items())


def test_score_max_file_size_lists_a_larger_file_and_scores_the_rest(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Baku hosts talks\nThe leaders of five countries met in Baku on Friday.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Astana hosts talks\n" + "The leaders met in Astana on Monday. " * 40, encoding="utf-8")
    assert main(["score", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-cache", "--max-file-size", "1KB"]) == 0
    captured = capsys.readouterr()
    assert f"warning: {corpus / 'b.txt'}: is 1.5 KB, above the 1 KB limit per file (max_file_bytes); split it or raise the limit" in captured.err
    assert "scored 1 document(s)" in captured.out


def test_score_max_file_size_that_is_no_size_exits_2(tmp_path, capsys):
    assert main(["score", str(FIXTURE), "--out", str(tmp_path / "out"), "--no-cache", "--max-file-size", "lots"]) == 2
    assert one_line_error(capsys.readouterr().err) == ("error: --max-file-size must be a size such as 50MB, 500KB or 1.5GB, "
                                                       "or a whole number of bytes (units B, KB, MB, GB, KiB, MiB, GiB); got 'lots'")
    assert not (tmp_path / "out").exists()


def test_report_max_file_size_that_is_no_size_exits_2_before_anything_runs(tmp_path, capsys):
    assert main(["report", "--corpus", str(FIXTURE), "--out", str(tmp_path / "out"), "--max-file-size", "lots"]) == 2
    err = capsys.readouterr().err
    assert "error: --max-file-size must be a size such as 50MB" in err and "got 'lots'" in err
    assert "refused: no report was run" in err
    assert not (tmp_path / "out" / "runs").exists()
