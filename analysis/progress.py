"""Progress of a long run: a bar on a terminal, plain log lines otherwise, and one summary line at the end.

A scoring run on an archive takes minutes to hours; :class:`Progress` says how
far it is (documents done of the total, documents and words per second, time
left). On a terminal it draws a ``tqdm`` bar; when the stream is a file or a
pipe (cron, CI, ``2> log``) it writes one line at most every
:data:`LOG_INTERVAL` seconds, which a log keeps readably.

A report run makes tens of notebooks, each taking seconds to minutes:
:class:`ReportProgress` draws a bar of reports on a terminal and otherwise
writes one line per finished report (:func:`report_line`: its name, status and
seconds, how many remain and the time left), so a scheduled run's log shows
where it is.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

#: Seconds between two log lines when the stream is not a terminal.
LOG_INTERVAL = 10.0


def format_duration(seconds: float) -> str:
    """Seconds as ``1 h 02 min``, ``3 min 05 s`` or ``12.3 s``.

    >>> format_duration(12.34), format_duration(185), format_duration(3720)
    ('12.3 s', '3 min 05 s', '1 h 02 min')
    """
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def progress_line(done: int, total: int | None, words: int, seconds: float) -> str:
    """One progress line: documents done (of the total), rates, and the time left when the total is known.

    >>> progress_line(500, 2000, 200_000, 10.0)
    'scored 500 of 2,000 documents (25%): 50.0 documents/s, 20,000 words/s, about 30.0 s left'
    >>> progress_line(500, None, 200_000, 10.0)
    'scored 500 documents: 50.0 documents/s, 20,000 words/s'
    """
    rate = done / seconds if seconds > 0 else 0.0
    word_rate = words / seconds if seconds > 0 else 0.0
    if total:
        head = f"scored {done:,} of {total:,} documents ({100 * done / total:.0f}%)"
    else:
        head = f"scored {done:,} documents"
    line = f"{head}: {rate:,.1f} documents/s, {word_rate:,.0f} words/s"
    if total and rate > 0 and done < total:
        line += f", about {format_duration((total - done) / rate)} left"
    return line


class Progress:
    """Report documents done as chunks finish; :meth:`close` returns the summary line (also written to the stream).

    ``enabled=False`` writes nothing (the summary is still returned).
    """

    def __init__(self, total: int | None, *, stream: TextIO | None = None, enabled: bool = True, interval: float = LOG_INTERVAL) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.interval = interval
        self.done = 0
        self.words = 0
        self.reused = 0
        self._start = time.perf_counter()
        self._last_line = self._start
        self._bar = None
        if enabled and _is_terminal(self.stream):
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="doc", file=self.stream, dynamic_ncols=True, leave=False)

    def update(self, documents: int, words: int, *, reused: int = 0) -> None:
        """Count *documents* more done (*reused* of them from the cache), with *words* words."""
        self.done += documents
        self.words += words
        self.reused += reused
        if not self.enabled:
            return
        now = time.perf_counter()
        if self._bar is not None:
            self._bar.update(documents)
            self._bar.set_postfix_str(f"{self.words / max(now - self._start, 1e-9):,.0f} words/s", refresh=False)
        elif now - self._last_line >= self.interval:
            self._last_line = now
            print(progress_line(self.done, self.total, self.words, now - self._start), file=self.stream, flush=True)

    def close(self) -> str:
        """Finish; return (and write, when enabled) one summary line."""
        seconds = time.perf_counter() - self._start
        if self._bar is not None:
            self._bar.close()
        rate = self.done / seconds if seconds > 0 else 0.0
        word_rate = self.words / seconds if seconds > 0 else 0.0
        reused = f" ({self.reused:,} reused from the cache, {self.done - self.reused:,} scored)" if self.reused else ""
        line = f"done: {self.done:,} documents{reused} in {format_duration(seconds)}: {rate:,.1f} documents/s, {word_rate:,.0f} words/s"
        if self.enabled:
            print(line, file=self.stream, flush=True)
        return line


def report_line(name: str, status: str, seconds: float, *, done: int, total: int, elapsed: float) -> str:
    """One log line for a finished report: which, how it ended, how long it took, what remains and for about how long.

    The time left is the run's wall-clock time per finished report so far
    (*elapsed* / *done*, which counts the reports made side by side by several
    workers once) times the reports left.

    >>> report_line("framing", "ok", 12.34, done=3, total=10, elapsed=30.0)
    'report 3 of 10: framing ok in 12.3 s; 7 left, about 1 min 10 s'
    >>> report_line("validation", "failed", 2.0, done=10, total=10, elapsed=95.0)
    'report 10 of 10: validation failed in 2.0 s; none left'
    """
    left = total - done
    line = f"report {done:,} of {total:,}: {name} {status} in {format_duration(seconds)}; "
    if left <= 0:
        return line + "none left"
    return line + f"{left:,} left, about {format_duration(elapsed / done * left)}" if done else line + f"{left:,} left"


class ReportProgress:
    """Report the reports of a run as they finish: a ``tqdm`` bar on a terminal, else one :func:`report_line` each.

    *enabled*: ``None`` (the default) draws the bar on a terminal and writes
    the lines elsewhere; ``True`` always draws the bar; ``False`` writes nothing.
    """

    def __init__(self, total: int, *, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self._start = time.perf_counter()
        self._bar = None
        self._lines = False
        if enabled is True or (enabled is None and _is_terminal(self.stream)):
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc="reports", unit="report", file=self.stream, dynamic_ncols=True)
        elif enabled is None:
            self._lines = True

    def update(self, name: str, status: str, seconds: float) -> None:
        """Count one more report done: *name*, its *status* (``ok``, ``failed``, ``timed out``) and its *seconds*."""
        self.done += 1
        if self._bar is not None:
            self._bar.update()
        elif self._lines:
            line = report_line(name, status, seconds, done=self.done, total=self.total, elapsed=time.perf_counter() - self._start)
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        """Finish (close the bar; the lines need no ending)."""
        if self._bar is not None:
            self._bar.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
