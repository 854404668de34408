"""The package's one exception base class and its warning.

Errors about an input file carry the file's path and the problem as fields, so
callers can catch them and report them in a table.
"""

from __future__ import annotations

import re

#: Characters never printed as they are: C0/C1 controls (ANSI escapes start with ESC), bidirectional overrides, line separators.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNPRINTABLE_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: object, *, keep_lines: bool = False) -> str:
    r"""*text* safe to print on a terminal: control characters and ANSI escapes shown as ``\x1b``, ``\u202e``...

    Every file name the package prints goes through this (file names can hold
    any character but ``/``). ``keep_lines`` keeps new lines and tabs.

    >>> print(printable("news\x1b[31m.txt"))
    news\x1b[31m.txt
    """
    pattern = _UNPRINTABLE_BUT_LINES if keep_lines else _UNPRINTABLE
    return pattern.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", str(text))


class CorpusError(ValueError):
    """A corpus file or manifest cannot be used.

    The message always starts with the path, then says what is wrong; both are
    passed through :func:`printable` (the fields keep them as they were):

    >>> str(CorpusError("seeds/a.txt", "is empty (0 bytes)"))
    'seeds/a.txt: is empty (0 bytes)'
    """

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{printable(self.path)}: {printable(problem, keep_lines=True)}")


class CorpusWarning(UserWarning):
    """A corpus file was skipped or repaired; the documents frame records it too."""


class LanguageWarning(UserWarning):
    """Documents were left out of an English-only measure because they are not in English.

    They are kept in the documents table, marked as not scored, and never
    scored as neutral.
    """
