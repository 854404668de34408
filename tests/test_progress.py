"""Progress lines: what they say, when they are written, and the summary line."""

from __future__ import annotations

import io

import pytest

from analysis.progress import Progress, ReportProgress, format_duration, progress_line, report_line


@pytest.mark.parametrize("done,total,words,seconds,expected", [
    (0, 10, 0, 0.0, "scored 0 of 10 documents (0%): 0.0 documents/s, 0 words/s"),
    (250, 1000, 100_000, 5.0, "scored 250 of 1,000 documents (25%): 50.0 documents/s, 20,000 words/s, about 15.0 s left"),
    (1000, 1000, 100_000, 5.0, "scored 1,000 of 1,000 documents (100%): 200.0 documents/s, 20,000 words/s"),
    (30, None, 600, 3.0, "scored 30 documents: 10.0 documents/s, 200 words/s"),
    (100, 100_100, 1000, 10.0, "scored 100 of 100,100 documents (0%): 10.0 documents/s, 100 words/s, about 2 h 46 min left"),
])
def test_progress_line(done, total, words, seconds, expected):
    assert progress_line(done, total, words, seconds) == expected


@pytest.mark.parametrize("seconds,expected", [(0.04, "0.0 s"), (59.9, "59.9 s"), (60, "1 min 00 s"), (3599, "59 min 59 s"), (7260, "2 h 01 min")])
def test_format_duration(seconds, expected):
    assert format_duration(seconds) == expected


def test_a_stream_that_is_not_a_terminal_gets_plain_lines_and_a_summary():
    stream = io.StringIO()
    meter = Progress(4, stream=stream, interval=0.0)
    meter.update(2, 100)
    meter.update(2, 50, reused=1)
    summary = meter.close()
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("scored 2 of 4 documents (50%): ") and lines[1].startswith("scored 4 of 4 documents (100%): ")
    assert lines[-1] == summary
    assert summary.startswith("done: 4 documents (1 reused from the cache, 3 scored) in ") and summary.endswith(" words/s")


def test_lines_are_spaced_by_the_interval_and_nothing_is_written_when_disabled():
    stream = io.StringIO()
    meter = Progress(None, stream=stream, interval=3600)
    for _ in range(5):
        meter.update(1, 10)
    assert stream.getvalue() == ""
    meter.close()
    assert stream.getvalue().startswith("done: 5 documents in ")
    quiet = io.StringIO()
    silent = Progress(3, stream=quiet, enabled=False, interval=0.0)
    silent.update(3, 3)
    assert silent.close().startswith("done: 3 documents") and quiet.getvalue() == ""


@pytest.mark.parametrize("name,status,seconds,done,total,elapsed,expected", [
    ("framing", "ok", 12.34, 3, 10, 30.0, "report 3 of 10: framing ok in 12.3 s; 7 left, about 1 min 10 s"),
    ("validation", "failed", 2.0, 10, 10, 95.0, "report 10 of 10: validation failed in 2.0 s; none left"),
    ("document_report-a", "timed out", 1800.0, 1, 41, 1800.0, "report 1 of 41: document_report-a timed out in 30 min 00 s; 40 left, about 20 h 00 min"),
])
def test_report_line(name, status, seconds, done, total, elapsed, expected):
    assert report_line(name, status, seconds, done=done, total=total, elapsed=elapsed) == expected


def test_reports_off_a_terminal_get_one_line_each_with_what_remains():
    stream = io.StringIO()
    meter = ReportProgress(3, stream=stream)
    meter.update("overview", "ok", 4.0)
    meter.update("framing", "failed", 1.5)
    meter.update("compare", "timed out", 60.0)
    meter.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("report 1 of 3: overview ok in 4.0 s; 2 left, about ")
    assert lines[1].startswith("report 2 of 3: framing failed in 1.5 s; 1 left, about ")
    assert lines[2] == "report 3 of 3: compare timed out in 1 min 00 s; none left"


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_reports_on_a_terminal_get_the_bar_not_lines_and_false_writes_nothing():
    terminal = _Terminal()
    meter = ReportProgress(2, stream=terminal)
    meter.update("overview", "ok", 4.0)
    meter.update("framing", "ok", 1.0)
    meter.close()
    written = terminal.getvalue()
    assert "reports" in written and "2/2" in written and "report 1 of 2" not in written  # tqdm's bar
    quiet = io.StringIO()
    silent = ReportProgress(2, stream=quiet, enabled=False)
    silent.update("overview", "ok", 4.0)
    silent.close()
    assert quiet.getvalue() == ""
