"""The package's one exception base class and its warning.

Errors about an input file carry the file's path and the problem as fields, so
callers can catch them and report them in a table.
"""

from __future__ import annotations


class CorpusError(ValueError):
    """A corpus file or manifest cannot be used.

    The message always starts with the path, then says what is wrong:

    >>> str(CorpusError("seeds/a.txt", "is empty (0 bytes)"))
    'seeds/a.txt: is empty (0 bytes)'
    """

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class CorpusWarning(UserWarning):
    """A corpus file was skipped or repaired; the documents frame records it too."""


class LanguageWarning(UserWarning):
    """Documents were left out of an English-only measure because they are not in English.

    They are kept in the documents table, marked as not scored, and never
    scored as neutral.
    """
