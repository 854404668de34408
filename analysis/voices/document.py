"""The values the quotation steps share: one :class:`Document`, and the :class:`Attribution` and :class:`Quote` records.

A :class:`Document` is built once per document from the pipeline's tables
(:func:`build_document`) and never changes: the text, its sentences and
paragraphs (``(start, end)`` offsets into the text, in text order) and its
words, with the lookups every step needs (the sentence holding an offset, the
words inside a range) answered by binary search, so each step stays linear in
the length of the document.

Words come from the package's tokenizer (the tokens table of
:func:`analysis.tokenize`, or :func:`analysis.tokens.token_spans` for one
sentence), read the way the speaker rules need them:

- a word is the run of a token's word characters, with inner hyphens,
  apostrophes and periods (``Kassym-Jomart``, ``U.S``), and without the
  token's edge punctuation (``“We`` gives ``We``);
- pieces the tokenizer split off a word rejoin it: tokens with nothing, or a
  single hyphen, apostrophe or period, between their word characters are one
  word (``Azerbaijan`` + ``’s``, ``is`` + ``n't``, ``can`` + ``not``);
- a one-letter word keeps the period that follows it before white space (an
  initial: ``K.``).

:meth:`Document.speaker_words` adds the period of a listed abbreviation
(``Dr.``; :func:`analysis.lexicons.read_abbreviations`), and
:meth:`Document.count_words` counts words as :data:`analysis.voices.WORD` does
(a period splits: ``U.S`` is two words).

The records are frozen: a step that changes one (pronoun resolution) returns a
new record.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice

import numpy as np

from ..lexicons import read_abbreviations
from ..tokens import token_spans

#: ``(start, end)`` offsets into a document's text.
Span = tuple[int, int]

#: The kinds of quotation (:attr:`Quote.kind`, the ``kind`` column).
KINDS: tuple[str, ...] = ("direct", "reported", "interview_answer")
#: How a quote was attributed (:attr:`Quote.cue`, the ``cue`` column).
CUES = (
    "quote_then_attribution",
    "attribution_then_quote",
    "continuation",
    "unattributed",
    "speaker_verb_that",
    "according_to",
    "content_then_attribution",
    "interview_answer",
)

#: A word inside one token: word characters joined by an inner hyphen, apostrophe or period.
_WORD_PART = re.compile(r"\w+(?:[-'’.]\w+)*")
#: Characters that join the pieces of one word.
_JOINERS = frozenset("-'’.")
_JOINER_CODES = tuple(sorted(ord(ch) for ch in _JOINERS))
_SPACE = ord(" ")
_PERIOD = re.compile(r"\.")
_COMMA = re.compile(",")
#: :data:`_WORD_PART` as the group of a split: the pieces alternate gap, word, gap, ...
_WORD_SPLIT = re.compile(f"({_WORD_PART.pattern})")


@dataclass(frozen=True)
class Document:
    """One document's text with its sentence, paragraph and word spans (see the module docstring).

    *sentences* and *sent_ids* run in parallel; *paragraphs* are ``(start, end, role)``.

    >>> doc = build_document("Dr. K. Li said so.", sentences=[(0, 18, 0)], paragraphs=[(0, 18, "narrative")], tokens=[(0, 3), (4, 6), (7, 9), (10, 14), (15, 17), (17, 18)])
    >>> [doc.text[s:e] for s, e in doc.words_in(0, 18)], [doc.text[s:e] for s, e in doc.speaker_words(0, 18)]
    (['Dr', 'K.', 'Li', 'said', 'so'], ['Dr.', 'K.', 'Li', 'said', 'so'])
    """

    text: str
    sentences: tuple[Span, ...]
    sent_ids: tuple[int, ...]
    paragraphs: tuple[tuple[int, int, str], ...]
    words: tuple[Span, ...]
    abbreviations: frozenset[str]
    _sent_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _para_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _word_ends: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _piece_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _piece_ends: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _commas: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        piece_starts, piece_ends = _pieces(self.text, self.words)
        object.__setattr__(self, "_sent_starts", tuple(s for s, _ in self.sentences))
        object.__setattr__(self, "_para_starts", tuple(s for s, _, _ in self.paragraphs))
        object.__setattr__(self, "_word_ends", tuple(e for _, e in self.words))
        object.__setattr__(self, "_piece_starts", piece_starts)
        object.__setattr__(self, "_piece_ends", piece_ends)
        object.__setattr__(self, "_commas", tuple(m.start() for m in _COMMA.finditer(self.text)))

    # sentences and paragraphs ------------------------------------------------

    def sentence_index(self, pos: int) -> int:
        """Index (in :attr:`sentences`) of the sentence holding *pos*; 0 before the first."""
        return max(bisect.bisect_right(self._sent_starts, pos) - 1, 0)

    def sent_id(self, pos: int) -> int:
        """``sent_id`` of the sentence holding *pos* (0 without sentences)."""
        return self.sent_ids[self.sentence_index(pos)] if self.sentences else 0

    def sentence_end(self, pos: int) -> int:
        """End of the sentence holding *pos* (the text's end without sentences)."""
        return self.sentences[self.sentence_index(pos)][1] if self.sentences else len(self.text)

    def paragraph_end(self, pos: int) -> int:
        """End of the paragraph holding *pos* (the text's end outside every paragraph)."""
        index = bisect.bisect_right(self._para_starts, pos) - 1
        if index >= 0 and pos <= self.paragraphs[index][1]:
            return self.paragraphs[index][1]
        return len(self.text)

    # words -----------------------------------------------------------------------

    def words_in(self, begin: int, end: int, *, limit: int | None = None) -> list[Span]:
        """The words inside ``text[begin:end]`` (the first *limit* of them); a word the range cuts keeps the part inside it."""
        return list(islice(self._iter_words(begin, end), limit))

    def iter_words(self, begin: int, end: int) -> Iterator[Span]:
        """:meth:`words_in`, one word at a time (for a reader that stops early)."""
        return self._iter_words(begin, end)

    def word_at(self, pos: int) -> Span | None:
        """The word starting at *pos*, or None."""
        word = next(self._iter_words(pos, len(self.text)), None)
        return word if word is not None and word[0] == pos else None

    def first_word(self, begin: int, end: int) -> Span | None:
        """The first word inside ``text[begin:end]``, or None."""
        return next(self._iter_words(begin, end), None)

    def speaker_words(self, begin: int, end: int, *, limit: int | None = None) -> list[Span]:
        """:meth:`words_in`, where a listed abbreviation keeps its period (``Dr.``) when the range holds it."""
        return list(islice(self.iter_speaker_words(begin, end), limit))

    def iter_speaker_words(self, begin: int, end: int) -> Iterator[Span]:
        """:meth:`speaker_words`, one word at a time (for a reader that stops early: its cost is the words read)."""
        text = self.text
        for s, e in self._iter_words(begin, end):
            if e < end and text[e] == "." and text[s:e].casefold() in self.abbreviations:
                e += 1
            yield s, e

    def last_comma(self, begin: int, end: int) -> int:
        """The offset of the last comma in ``text[begin:end]``, or -1 (``text.rfind(",", begin, end)`` by binary search)."""
        index = bisect.bisect_left(self._commas, end) - 1
        return self._commas[index] if index >= 0 and self._commas[index] >= begin else -1

    def first_comma(self, begin: int, end: int) -> int:
        """The offset of the first comma in ``text[begin:end]``, or -1 (``text.find(",", begin, end)`` by binary search)."""
        index = bisect.bisect_left(self._commas, begin)
        return self._commas[index] if index < len(self._commas) and self._commas[index] < end else -1

    def count_words(self, begin: int, end: int) -> int:
        """The number of words in ``text[begin:end]``, a period splitting a word (``U.S`` is two)."""
        first = bisect.bisect_right(self._piece_ends, begin)
        last = bisect.bisect_left(self._piece_starts, end)
        count = last - first
        for i in {first, last - 1}:
            if first <= i < last and not _has_word_char(self.text, max(self._piece_starts[i], begin), min(self._piece_ends[i], end)):
                count -= 1
        return max(count, 0)

    def _iter_words(self, begin: int, end: int) -> Iterator[Span]:
        for i in range(bisect.bisect_right(self._word_ends, begin), len(self.words)):
            s, e = self.words[i]
            if s >= end:
                return
            if begin <= s and e <= end:
                yield _with_initial_period(self.text, (s, e), end)
            else:  # the range cuts the word: the part inside it, read as a word of its own
                for match in _WORD_PART.finditer(self.text, max(s, begin), min(e, end)):
                    yield _with_initial_period(self.text, match.span(), end)


@dataclass(frozen=True)
class Attribution:
    """Who said a quote and how the rules found it.

    ``speaker`` and ``pronoun`` are spans of the text; ``end`` is where the
    attribution text ends (for the gap to a continuing quote); ``claimed_verb``
    is the offset of the reporting verb that attributes a direct quote, which
    reported speech then leaves alone.
    """

    cue: str
    verb: str | None = None
    speaker: Span | None = None
    pronoun: Span | None = None
    end: int = -1
    claimed_verb: int | None = None


@dataclass(frozen=True)
class Quote:
    """One quotation of a document: ``text[start:end]`` and its attribution.

    ``speaker_name`` is a speaker named outside the text (an interviewee the
    text does not spell out); ``speaker`` is a span of the text.
    """

    kind: str
    start: int
    end: int
    cue: str
    verb: str | None = None
    speaker: Span | None = None
    pronoun: Span | None = None
    speaker_name: str | None = None

    @classmethod
    def attributed(cls, kind: str, start: int, end: int, attribution: Attribution) -> Quote:
        """A quote of *kind* at ``start:end`` with the cue, verb, speaker and pronoun of *attribution*."""
        return cls(kind, start, end, attribution.cue, attribution.verb, attribution.speaker, attribution.pronoun)

    def speaker_text(self, text: str) -> str | None:
        """The speaker as written in *text* (or the name given from outside it), or None."""
        return text[self.speaker[0] : self.speaker[1]] if self.speaker else self.speaker_name


def build_document(
    text: str,
    *,
    sentences: Iterable[tuple[int, int, int]],
    paragraphs: Iterable[tuple[int, int, str]],
    tokens: Iterable[Span] | np.ndarray,
    abbreviations: frozenset[str] | None = None,
) -> Document:
    """Build the :class:`Document` of *text* from its ``(start, end, sent_id)`` sentences, ``(start, end, role)``
    paragraphs and ``(start, end)`` tokens, each in text order (see the module docstring for the words).

    *abbreviations* default to :func:`analysis.lexicons.read_abbreviations`.

    >>> text = "Azerbaijan’s envoy isn't in the U.S. now."
    >>> doc = build_document(text, sentences=[(0, len(text), 0)], paragraphs=[(0, len(text), "narrative")], tokens=token_spans(text))
    >>> [text[s:e] for s, e in doc.words]
    ['Azerbaijan’s', 'envoy', "isn't", 'in', 'the', 'U.S', 'now']
    >>> doc.count_words(0, len(text))
    8
    """
    sentences = tuple(sentences)
    return Document(
        text=text,
        sentences=tuple((s, e) for s, e, _ in sentences),
        sent_ids=tuple(i for _, _, i in sentences),
        paragraphs=tuple(paragraphs),
        words=words_from_tokens(text, tokens),
        abbreviations=read_abbreviations() if abbreviations is None else abbreviations,
    )


def build_sentence(text: str) -> Document:
    """Build the :class:`Document` of one sentence standing alone (one paragraph), its words from
    :func:`analysis.tokens.token_spans`: a small document to try the steps on.

    >>> doc = build_sentence("Aliyev’s aide said so.")
    >>> [doc.text[s:e] for s, e in doc.words], doc.sentences
    (['Aliyev’s', 'aide', 'said', 'so'], ((0, 22),))
    """
    return build_document(text, sentences=[(0, len(text), 0)], paragraphs=[(0, len(text), "narrative")], tokens=token_spans(text))


def words_from_tokens(text: str, tokens: Iterable[Span] | np.ndarray) -> tuple[Span, ...]:
    """The word spans of *text* read from its ``(start, end)`` tokens, in order (see the module docstring).

    >>> text = "“We can't,” said J. Smith."
    >>> [text[s:e] for s, e in words_from_tokens(text, [(0, 1), (1, 3), (4, 6), (6, 9), (9, 10), (10, 11), (12, 16), (17, 19), (20, 25), (25, 26)])]
    ['We', "can't", 'said', 'J.', 'Smith']
    """
    spans = _as_array(tokens)
    if not len(text) or not len(spans):
        return ()
    # re.split with the word pattern as its group alternates gaps and words; their lengths give the offsets.
    parts = _WORD_SPLIT.split(_token_text(text, spans))
    ends = np.cumsum(np.fromiter(map(len, parts), dtype="int64", count=len(parts)))
    starts = ends[0:-1:2]
    ends = ends[1::2]
    words = list(zip(starts.tolist(), ends.tolist()))
    limit = len(text)
    for k in np.flatnonzero(ends - starts == 1).tolist():
        words[k] = _with_initial_period(text, words[k], limit)
    return tuple(words)


def _token_text(text: str, spans: np.ndarray) -> str:
    """*text* with every character outside the token *spans* made a space, except the joiners (``-'’.``).

    Reading words from this text in one pass gives the words that
    :func:`words_from_tokens` describes: a word never runs over a character
    no token holds, pieces of adjacent tokens join, and so do pieces with one
    joiner between them (whether or not a token holds the joiner).
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    edges = np.bincount(spans[:, 0], minlength=len(text) + 1) - np.bincount(spans[:, 1], minlength=len(text) + 1)
    keep = np.cumsum(edges[:-1]) > 0
    for joiner in _JOINER_CODES:
        keep |= codes == joiner
    if keep.all():
        return text
    return np.where(keep, codes, _SPACE).astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")


def _with_initial_period(text: str, word: Span, limit: int) -> Span:
    """A one-letter word followed by a period and white space (or *limit*, the end of the text read) is an initial: ``K.``."""
    s, e = word
    if e - s == 1 and e < limit and text[e] == "." and (e + 1 == limit or text[e + 1].isspace()) and text[s].isalnum() and not text[s].isdecimal():
        return s, e + 1
    return word


def _pieces(text: str, words: tuple[Span, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Starts and ends of the *words* split at their periods (the units :meth:`Document.count_words` counts).

    An initial's final period is no split. Words in text order that do not
    overlap (as :func:`words_from_tokens` gives them) are split at once, with
    the periods of the text found in one pass; others one by one.
    """
    spans = _as_array(words)
    starts, ends = spans[:, 0], spans[:, 1]
    dots = np.array([m.start() for m in _PERIOD.finditer(text)], dtype="int64")
    if not len(dots) or not len(spans):
        return tuple(starts.tolist()), tuple(ends.tolist())
    if not (np.all(ends > starts) and np.all(starts[1:] >= ends[:-1])):
        return _pieces_one_by_one(text, words)
    at = np.minimum(np.searchsorted(dots, ends - 1), len(dots) - 1)
    ends = ends - (dots[at] == ends - 1)  # an initial's period
    word = np.searchsorted(starts, dots, side="right") - 1
    inner = dots[(word >= 0) & (dots < ends[np.maximum(word, 0)])]
    return tuple(np.sort(np.concatenate([starts, inner + 1])).tolist()), tuple(np.sort(np.concatenate([inner, ends])).tolist())


def _as_array(spans: Iterable[Span] | np.ndarray) -> np.ndarray:
    """``(start, end)`` pairs (or such an array) as an ``n x 2`` integer array."""
    if isinstance(spans, np.ndarray):
        return spans.astype("int64", copy=False).reshape(-1, 2)
    return np.fromiter(chain.from_iterable(spans), dtype="int64").reshape(-1, 2)


def _pieces_one_by_one(text: str, words: tuple[Span, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    starts: list[int] = []
    ends: list[int] = []
    for s, e in words:
        if text[e - 1] == ".":
            e -= 1  # an initial's period
        dot = text.find(".", s, e)
        while dot >= 0:
            starts.append(s)
            ends.append(dot)
            s = dot + 1
            dot = text.find(".", s, e)
        starts.append(s)
        ends.append(e)
    return tuple(starts), tuple(ends)


def _has_word_char(text: str, start: int, end: int) -> bool:
    return any(ch.isalnum() or ch == "_" for ch in text[start:end])
