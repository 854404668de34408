"""Voices: who is quoted in a document, and how.

:func:`find_quotes` finds three kinds of quotation, each with its speaker where
the text names one:

- ``direct``: words inside quotation marks (“…”, "…" or «…») with an
  attribution in the same sentence (``“…,” the minister said``; ``Aliyev said:
  “…”``; ``“…,” said Aliyev``), or continuing an attributed quote (``“…,” he
  said. “…”``), or, with no attribution at all, a long sentence-like quotation
  (speaker missing);
- ``reported``: indirect speech, ``X said (that) …``, ``X noted that …``,
  ``X told reporters that …``, ``according to X, …`` and ``…, X said.``;
- ``interview_answer``: the answer paragraphs of an interview (role ``answer``
  in :func:`analysis.split_paragraphs`); the speaker is the document's
  ``interviewee``. Questions are the outlet's own voice and are not quotes.

The rules are a small, precision-first version of the rule-based quotation
extractors of Pouliquen, Steinberger & Best (2007, "Automatic detection of
quotations in multilingual news", RANLP), Krestel, Bergler & Witte (2008,
"Minding the Source: Automatic Tagging of Reported Speech in Newspaper
Articles", LREC) and the attribution relations of PARC 3.0 (Pareti 2016, LREC).
The reporting verbs and the closed-class words they need are the data file
``analysis/data/reporting_verbs_en.txt`` (:func:`read_reporting_verbs`).

Speaker rule. A speaker is the noun phrase right before the reporting verb
(``X said``, ``X has repeatedly emphasised that``), right after it in the
inverted order (``said X``), or after ``according to``. The phrase may hold
capitalised words, lower-case content words and the linking words of the data
file (``the head of the office``) and at most :data:`MAX_SPEAKER_WORDS` words;
anything else (a number, another function word) ends it, and a phrase that is
passive (``it is noted that``) or too long is no speaker. Head-name rule: when
the phrase ends in a run of capitalised words that follows a lower-case
content word (``Kazakh political analyst Gaziz Abishev``) the speaker is that
run (``Gaziz Abishev``); otherwise the whole phrase (``the Kazakh expert``,
``President Ilham Aliyev``). An appositive (``Abishev, a Kazakh analyst,
said``) gives the name before it.

Pronoun rule. A speaker ``he`` or ``she`` is resolved to the last *named*
person (a speaker phrase whose last word is capitalised) who is a speaker or
the subject of a reporting verb, or who opens a sentence with a name known to
speak in the document (or the interviewee), in the pronoun's sentence before
it or in the two sentences before that. Names sharing their last word are one
person. With exactly one such person the pronoun is resolved: ``speaker`` and
its offsets are that earlier mention, ``speaker_resolved_from`` is the pronoun
and ``pronoun_start``/``pronoun_end`` locate it. With none or several, the
speaker stays missing (``<NA>``) and only the pronoun columns are filled.
``they`` and ``it`` are never resolved.

Every row satisfies ``text[start:end] == row.text`` and, where a speaker has
offsets, ``text[speaker_start:speaker_end] == row.speaker``. A direct quote's
``start:end`` excludes the quote marks and a trailing comma. Everything is
computed one document at a time, in time linear in the document's length.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from .corpus import split_paragraphs
from .lexicons import ROLES, VERB_COLUMNS, read_abbreviations, read_reporting_verbs, read_stopwords
from .tokens import split_sentences
from .schema import DOC_ID, SENT_ID


#: One row per quotation (:func:`find_quotes`).
QUOTE_COLUMNS = [
    DOC_ID,
    "quote_id",
    SENT_ID,
    "kind",
    "start",
    "end",
    "text",
    "speaker",
    "speaker_start",
    "speaker_end",
    "verb",
    "cue",
    "speaker_resolved_from",
    "pronoun_start",
    "pronoun_end",
]
#: One row per document and kind (:func:`quote_share`).
QUOTE_SHARE_COLUMNS = [
    DOC_ID,
    "kind",
    "n_quotes",
    "n_chars",
    "chars_quoted",
    "char_share",
    "n_words",
    "words_quoted",
    "word_share",
]
#: One row per speaker (:func:`speaker_summary`).
SPEAKER_SUMMARY_COLUMNS = [
    "speaker",
    "n_quotes",
    "n_words",
    "n_docs",
    "kinds",
    "n_direct",
    "n_reported",
    "n_interview_answer",
]

#: The kinds of quotation (the ``kind`` column).
KINDS: tuple[str, ...] = ("direct", "reported", "interview_answer")
#: How a quote was attributed (the ``cue`` column).
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

#: A speaker phrase has at most this many words.
MAX_SPEAKER_WORDS = 8
#: At most this many words between a ``tell`` verb and ``that`` (told state media that).
MAX_ADDRESSEE_WORDS = 4
#: At most this many auxiliaries/adverbs between a speaker and its verb (has also said).
MAX_AUX_WORDS = 3
#: A clause longer than this (in characters) is never searched for a speaker phrase.
MAX_CLAUSE_CHARS = 300
#: A pronoun looks for its person in its own sentence and this many sentences before.
PRONOUN_WINDOW_SENTENCES = 2
#: A quotation with no attribution must have at least this many words (and end like a sentence).
UNATTRIBUTED_MIN_WORDS = 6

#: A word, for counting: letters/digits with inner hyphens or apostrophes.
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_TOKEN = re.compile(r"[^\W\d_]\.(?=\s|$)|\w+(?:[-'’.]\w+)*(?:[’']s\b)?")
_BOUNDARY = set(",;:()[]{}“”\"«»—–")
_OPEN_CLOSE = {"“": "”", "«": "»"}
_ANSWER_MARK = re.compile(r"(?:[-–—]\s*|(?:A|Answer)\s*[:.]\s*)")
_SPEECH_END = re.compile(r"[.!?…,]$")
_GAP = re.compile(r"[\s,.;:—–-]*")


# -- the lexicon ------------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    role: dict[str, str]
    verbs: re.Pattern
    according: re.Pattern
    stop: frozenset[str] = field(default_factory=frozenset)


def _compile_lexicon(verbs: pd.DataFrame) -> _Lexicon:
    role = dict(zip(verbs["form"].astype(str), verbs["role"].astype(str)))
    verbs_re = _forms_pattern([f for f, r in role.items() if r in ("say", "tell", "that")], capital=False)
    according_re = _forms_pattern([f for f, r in role.items() if r == "according"], capital=True)
    return _Lexicon(role=role, verbs=verbs_re, according=according_re, stop=read_stopwords())


def _forms_pattern(forms: list[str], *, capital: bool) -> re.Pattern:
    """Whole-word alternation of *forms* (longest first; spaces match any white space).

    With *capital*, a form may also start with a capital letter (``According to``).
    """
    if not forms:
        return re.compile(r"(?!)")
    parts = []
    for form in sorted(forms, key=len, reverse=True):
        head, rest = (f"[{form[0]}{form[0].upper()}]", form[1:]) if capital and form[0].isalpha() else ("", form)
        parts.append(head + re.escape(rest).replace(r"\ ", r"\s+"))
    return re.compile(rf"(?<![\w'’-])(?:{'|'.join(parts)})(?![\w'’-])")


@cache
def _default_lexicon() -> _Lexicon:
    return _compile_lexicon(read_reporting_verbs())


def _check_verbs(verbs: pd.DataFrame | None) -> _Lexicon:
    if verbs is None:
        return _default_lexicon()
    if not isinstance(verbs, pd.DataFrame) or any(c not in verbs.columns for c in VERB_COLUMNS):
        got = list(verbs.columns) if isinstance(verbs, pd.DataFrame) else type(verbs).__name__
        raise ValueError(f"verbs must be a frame with columns {VERB_COLUMNS} (see read_reporting_verbs); got {got}")
    bad = sorted(set(verbs["role"].astype(str)) - set(ROLES))
    if bad:
        raise ValueError(f"verbs has unknown role(s) {bad}; valid roles are {list(ROLES)}")
    return _compile_lexicon(verbs)


# -- public API ------------------------------------------------------------


def find_quotes(
    docs: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    paragraphs: pd.DataFrame | None = None,
    verbs: pd.DataFrame | None = None,
    min_words: int = 3,
) -> pd.DataFrame:
    """Return one row per quotation, with columns :data:`QUOTE_COLUMNS`.

    *docs* needs ``doc_id`` and ``text`` (and ``interviewee`` for interview
    answers' speakers); *sentences* and *paragraphs* default to
    :func:`analysis.split_sentences` and :func:`analysis.split_paragraphs` of
    *docs*. *verbs* is the cue lexicon (default :func:`read_reporting_verbs`).
    A quotation needs at least *min_words* words (an unattributed direct quote
    at least :data:`UNATTRIBUTED_MIN_WORDS`).

    ``kind`` is ``direct``, ``reported`` or ``interview_answer``; ``cue`` says
    which rule attributed it (:data:`CUES`); ``verb`` is the reporting verb as
    written (``according to`` too). ``quote_id`` counts from 0 in each document
    in order of ``start``; ``sent_id`` is the sentence where the quote starts.
    Speaker and pronoun rules: see the module docstring. Method: rule-based
    attribution after Pouliquen et al. (2007) and Krestel et al. (2008).

    >>> text = "“We will build the road together,” the minister said. Aliyev noted that trade grew fast."
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    >>> for q in find_quotes(docs).itertuples():
    ...     print(q.kind, "|", q.text, "|", q.speaker, "|", q.verb, "|", q.cue)
    direct | We will build the road together | the minister | said | quote_then_attribution
    reported | trade grew fast | Aliyev | noted | speaker_verb_that
    """
    _require(docs, [DOC_ID, "text"], "docs")
    if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 1:
        raise ValueError(f"min_words must be a positive integer; got {min_words!r}")
    if docs[DOC_ID].duplicated().any():
        dup = sorted(map(str, docs[DOC_ID][docs[DOC_ID].duplicated()].unique()))
        raise ValueError(f"docs has duplicate doc_id values {dup}; every document needs its own id")
    lexicon = _check_verbs(verbs)
    if sentences is None:
        sentences = split_sentences(docs)
    _require(sentences, [DOC_ID, SENT_ID, "start", "end"], "sentences")
    if paragraphs is None:
        paragraphs = split_paragraphs(docs)
    _require(paragraphs, [DOC_ID, "start", "end", "role"], "paragraphs")
    roles = set(paragraphs["role"].dropna().astype(str))
    if not roles <= {"question", "answer", "narrative"}:
        raise ValueError(f"paragraphs has role values {sorted(roles - {'question', 'answer', 'narrative'})}; valid roles are question, answer, narrative")

    sents_by_doc = {k: g.sort_values("start") for k, g in sentences.groupby(DOC_ID, sort=False)}
    paras_by_doc = {k: g.sort_values("start") for k, g in paragraphs.groupby(DOC_ID, sort=False)}
    interviewees = docs["interviewee"] if "interviewee" in docs.columns else pd.Series(pd.NA, index=docs.index)
    rows: list[dict] = []
    for doc_id, text, interviewee in zip(docs[DOC_ID], docs["text"], interviewees):
        if not isinstance(text, str):
            raise TypeError(f"docs: text of document {doc_id!r} is {type(text).__name__}, not a string (missing text?)")
        sents = sents_by_doc.get(doc_id)
        paras = paras_by_doc.get(doc_id)
        sent_spans = [] if sents is None else list(zip(sents["start"].astype(int), sents["end"].astype(int), sents[SENT_ID].astype(int)))
        para_spans = [] if paras is None else list(zip(paras["start"].astype(int), paras["end"].astype(int), paras["role"].astype(str)))
        _check_spans(sent_spans, len(text), doc_id, "sentences")
        _check_spans(para_spans, len(text), doc_id, "paragraphs")
        name = None if _missing(interviewee) else str(interviewee).strip()
        found = _quotes_in_text(text, sentences=sent_spans, paragraphs=para_spans, interviewee=name, lexicon=lexicon, min_words=min_words)
        rows.extend({DOC_ID: doc_id, "quote_id": i, **row} for i, row in enumerate(found))
    return _quotes_frame(rows)


def quote_share(quotes: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Return the share of each document's characters and words that is quoted, by kind.

    One row per document and kind (``direct``, ``reported``,
    ``interview_answer``, and ``all`` = any kind), columns
    :data:`QUOTE_SHARE_COLUMNS`. Overlapping quotes (a direct quote inside an
    interview answer) are counted once: the quoted characters are the union of
    the ``start:end`` spans. ``n_chars`` is the length of the document's text;
    a word (:data:`WORD`) is quoted when it starts inside a quoted span.

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["“One two three,” she said."]})
    >>> share = quote_share(find_quotes(docs), docs)
    >>> share[["kind", "n_chars", "chars_quoted", "char_share", "word_share"]]
                   kind  n_chars  chars_quoted  char_share  word_share
    0            direct       26            13         0.5         0.6
    1          reported       26             0         0.0         0.0
    2  interview_answer       26             0         0.0         0.0
    3               all       26            13         0.5         0.6
    """
    _require(quotes, [DOC_ID, "kind", "start", "end"], "quotes")
    _require(docs, [DOC_ID, "text"], "docs")
    bad = sorted(set(quotes["kind"].dropna().astype(str)) - set(KINDS))
    if bad:
        raise ValueError(f"quotes has kind values {bad}; valid kinds are {list(KINDS)}")
    by_doc = {k: g for k, g in quotes.groupby(DOC_ID, sort=False)}
    rows = []
    for doc_id, text in zip(docs[DOC_ID], docs["text"]):
        text = text if isinstance(text, str) else ""
        words = [m.start() for m in WORD.finditer(text)]
        group = by_doc.get(doc_id)
        for kind in (*KINDS, "all"):
            if group is None:
                spans = []
            else:
                part = group if kind == "all" else group[group["kind"] == kind]
                spans = list(zip(part["start"].astype(int), part["end"].astype(int)))
            merged = _union(spans)
            chars = sum(e - s for s, e in merged)
            quoted = _count_inside(words, merged)
            rows.append((doc_id, kind, len(spans), len(text), chars, _ratio(chars, len(text)), len(words), quoted, _ratio(quoted, len(words))))
    out = pd.DataFrame(rows, columns=QUOTE_SHARE_COLUMNS)
    return out.astype({DOC_ID: "string", "kind": "string", "n_quotes": "int64", "n_chars": "int64", "chars_quoted": "int64",
                       "char_share": "float64", "n_words": "int64", "words_quoted": "int64", "word_share": "float64"})


def speaker_summary(quotes: pd.DataFrame) -> pd.DataFrame:
    """Return who is quoted how much: one row per speaker, columns :data:`SPEAKER_SUMMARY_COLUMNS`.

    ``n_words`` counts the words (:data:`WORD`) of the speaker's quotes,
    ``n_docs`` the documents quoting them, ``kinds`` the kinds used
    (comma-separated), then the number of quotes of each kind. Speakers are
    grouped by their ``speaker`` text as written (``Aliyev`` and ``President
    Ilham Aliyev`` are two rows; canonical ids are the actors measure's job).
    Quotes without a speaker form one last row with ``speaker`` missing. Sorted
    by ``n_quotes``, then ``n_words``, descending.

    >>> quotes = pd.DataFrame({"doc_id": ["a", "a", "b"], "kind": ["direct", "reported", "direct"],
    ...                        "text": ["one two", "three", "four five six"], "speaker": ["Aliyev", "Aliyev", pd.NA]})
    >>> speaker_summary(quotes)[["speaker", "n_quotes", "n_words", "n_docs", "kinds"]]
      speaker  n_quotes  n_words  n_docs            kinds
    0  Aliyev         2        3       1  direct,reported
    1    <NA>         1        3       1           direct
    """
    _require(quotes, [DOC_ID, "kind", "text", "speaker"], "quotes")
    bad = sorted(set(quotes["kind"].dropna().astype(str)) - set(KINDS))
    if bad:
        raise ValueError(f"quotes has kind values {bad}; valid kinds are {list(KINDS)}")
    frame = pd.DataFrame({
        "speaker": quotes["speaker"].astype("string"),
        DOC_ID: quotes[DOC_ID],
        "kind": quotes["kind"].astype(str),
        "words": [len(WORD.findall(t)) if isinstance(t, str) else 0 for t in quotes["text"]],
    })
    rows = []
    for speaker, group in frame.groupby("speaker", dropna=False, sort=False):
        counts = group["kind"].value_counts()
        kinds = ",".join(k for k in KINDS if k in counts.index)
        rows.append((speaker, len(group), int(group["words"].sum()), group[DOC_ID].nunique(), kinds,
                     *(int(counts.get(k, 0)) for k in KINDS)))
    out = pd.DataFrame(rows, columns=SPEAKER_SUMMARY_COLUMNS)
    out = out.astype({"speaker": "string", "kinds": "string"} | {c: "int64" for c in SPEAKER_SUMMARY_COLUMNS if c.startswith("n_")})
    out = out.assign(_na=out["speaker"].isna()).sort_values(["_na", "n_quotes", "n_words", "speaker"], ascending=[True, False, False, True])
    return out.drop(columns="_na").reset_index(drop=True)


# -- one document ----------------------------------------------------------


@dataclass
class _Attribution:
    cue: str
    verb: str | None = None
    speaker: tuple[int, int] | None = None
    pronoun: tuple[int, int] | None = None
    end: int = -1  # where the attribution text ends (for continuation gaps)


@dataclass
class _Direct:
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark, or the paragraph end when unclosed
    start: int
    end: int
    attribution: _Attribution | None = None
    unclosed: bool = False  # runs on into the next paragraph, which reopens the quote


def _quotes_in_text(
    text: str,
    *,
    sentences: list[tuple[int, int, int]],
    paragraphs: list[tuple[int, int, str]],
    interviewee: str | None = None,
    lexicon: _Lexicon | None = None,
    min_words: int = 3,
) -> list[dict]:
    """Return the quotations of one document as row dicts (the pure per-document step of :func:`find_quotes`).

    *sentences* are ``(start, end, sent_id)`` and *paragraphs* ``(start, end,
    role)`` triples, in text order, indexing *text*.

    >>> text = 'Aliyev said: "Peace is within reach now."'
    >>> [(q["text"], q["speaker"], q["cue"]) for q in _quotes_in_text(text, sentences=[(0, 41, 0)], paragraphs=[(0, 41, "narrative")])]
    [('Peace is within reach now.', 'Aliyev', 'attribution_then_quote')]
    """
    lex = lexicon or _default_lexicon()
    doc = _Document(text, sentences, paragraphs, lex)
    rows = doc.direct_quotes(min_words) + doc.reported_quotes(min_words) + doc.answers(interviewee)
    doc.resolve_pronouns(rows, interviewee)
    rows.sort(key=lambda r: (r["start"], KINDS.index(r["kind"]), r["end"]))
    return rows


class _Document:
    """The working state of one document; every method is linear in its length."""

    def __init__(self, text: str, sentences, paragraphs, lex: _Lexicon) -> None:
        self.text = text
        self.lex = lex
        self.sents = [(s, e) for s, e, _ in sentences]
        self.sent_ids = [i for _, _, i in sentences]
        self.sent_starts = [s for s, _ in self.sents]
        self.abbreviations = read_abbreviations()
        self.paras = paragraphs
        self.para_starts = [s for s, _, _ in paragraphs]
        self.direct_spans: list[tuple[int, int]] = []
        self.direct_opens: list[int] = []
        self.used_verbs: set[int] = set()
        self.subjects: list[tuple[int, int, int]] = []  # (position, start, end) of named subjects of reporting verbs

    # helpers -------------------------------------------------------------

    def sent_index(self, pos: int) -> int:
        return max(bisect.bisect_right(self.sent_starts, pos) - 1, 0)

    def sent_id(self, pos: int) -> int:
        return self.sent_ids[self.sent_index(pos)] if self.sents else 0

    def row(self, kind: str, start: int, end: int, att: _Attribution) -> dict:
        speaker = att.speaker
        return {
            SENT_ID: self.sent_id(start),
            "kind": kind,
            "start": start,
            "end": end,
            "text": self.text[start:end],
            "speaker": self.text[speaker[0] : speaker[1]] if speaker else None,
            "speaker_start": speaker[0] if speaker else None,
            "speaker_end": speaker[1] if speaker else None,
            "verb": att.verb,
            "cue": att.cue,
            "speaker_resolved_from": self.text[att.pronoun[0] : att.pronoun[1]] if att.pronoun else None,
            "pronoun_start": att.pronoun[0] if att.pronoun else None,
            "pronoun_end": att.pronoun[1] if att.pronoun else None,
        }

    # direct quotes -------------------------------------------------------

    def quote_spans(self) -> list[_Direct]:
        """Pair quotation marks paragraph by paragraph; inner marks are content."""
        text, found = self.text, []
        paras = self.paras or [(0, len(text), "narrative")]
        for index, (p_start, p_end, _) in enumerate(paras):
            opener, depth, i = None, 0, p_start
            while i < p_end:
                ch = text[i]
                if opener is None:
                    if ch in _OPEN_CLOSE or (ch == '"' and self._opens(i, p_end)):
                        opener, depth, open_at = ch, 1, i
                elif opener in _OPEN_CLOSE:
                    if ch == opener:
                        depth += 1
                    elif ch == _OPEN_CLOSE[opener]:
                        depth -= 1
                        if depth == 0:
                            found.append(self._direct(open_at, i))
                            opener = None
                elif ch == '"' and self._closes(i, p_start):
                    found.append(self._direct(open_at, i))
                    opener = None
                i += 1
            if opener is not None:
                # Unclosed: a quote only under the news convention that a quote running on
                # into the next paragraph leaves its mark open and reopens the next one.
                nxt = paras[index + 1][0] if index + 1 < len(paras) else None
                if nxt is not None and text[nxt] == opener:
                    found.append(self._direct(open_at, p_end, unclosed=True))
        return [q for q in found if q.end > q.start]

    def _opens(self, i: int, p_end: int) -> bool:
        before = self.text[i - 1] if i > 0 else " "
        after = self.text[i + 1] if i + 1 < p_end else " "
        return (before.isspace() or before in "([{—–-/:") and not after.isspace()

    def _closes(self, i: int, p_start: int) -> bool:
        return i > p_start and not self.text[i - 1].isspace()

    def _direct(self, open_at: int, close_at: int, *, unclosed: bool = False) -> _Direct:
        start, end = open_at + 1, close_at
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] == ","):
            end -= 1
        return _Direct(open_at, close_at, start, end, unclosed=unclosed)

    def direct_quotes(self, min_words: int) -> list[dict]:
        spans = self.quote_spans()
        self.direct_spans = [(q.open, q.close) for q in spans]
        self.direct_opens = [q.open for q in spans]
        for index, quote in enumerate(spans):
            previous_close = spans[index - 1].close if index else -1
            quote.attribution = self.trailing(quote) or self.leading(quote, previous_close)
        # Split quotes: an unattributed quote right after or before an attributed one in the
        # same paragraph (or in a quote running on over paragraphs) shares its speaker.
        for index in range(1, len(spans)):
            prev, quote = spans[index - 1], spans[index]
            if quote.attribution is None and prev.attribution is not None and self._joined(prev, quote, prev.attribution.end):
                quote.attribution = _continued(prev.attribution)
        for index in range(len(spans) - 2, -1, -1):
            quote, nxt = spans[index], spans[index + 1]
            if quote.attribution is None and nxt.attribution is not None and self._joined(quote, nxt, quote.close + 1):
                quote.attribution = _continued(nxt.attribution)
        rows = []
        for quote in spans:
            content = self.text[quote.start : quote.end]
            n_words = len(WORD.findall(content))
            attribution = quote.attribution
            if attribution is None:
                if n_words < max(min_words, UNATTRIBUTED_MIN_WORDS) or not _SPEECH_END.search(self.text[quote.start : quote.close].rstrip()):
                    continue
                attribution = _Attribution("unattributed")
            elif n_words < min_words:
                continue
            rows.append(self.row("direct", quote.start, quote.end, attribution))
        return rows

    def _joined(self, first: _Direct, second: _Direct, after: int) -> bool:
        """Nothing but punctuation between *after* and *second*, and no paragraph break unless *first* runs on."""
        a, b = max(first.close + 1, after), second.open
        if a > b or _GAP.fullmatch(self.text, a, b) is None:
            return False
        return first.unclosed or "\n" not in self.text[a:b]

    def _sentence_end(self, pos: int) -> int:
        """End of the sentence containing *pos* (the text's end without sentences)."""
        return self.sents[self.sent_index(pos)][1] if self.sents else len(self.text)

    def _para_end(self, pos: int) -> int:
        index = bisect.bisect_right(self.para_starts, pos) - 1
        if index >= 0 and pos <= self.paras[index][1]:
            return self.paras[index][1]
        return len(self.text)

    def trailing(self, quote: _Direct) -> _Attribution | None:
        """``“…,” he said`` / ``“…,” said Aliyev`` / ``“…,” according to X``: the attribution right after the quote."""
        begin = quote.close + 1
        stop = min(self._sentence_end(quote.close), self._para_end(quote.close))
        later = bisect.bisect_left(self.direct_opens, begin)
        if later < len(self.direct_opens):
            stop = min(stop, self.direct_opens[later])
        if begin >= stop:
            return None
        at = _GAP.match(self.text, begin, stop).end()
        if at >= stop:
            return None
        acc = self.lex.according.match(self.text, at, stop)
        if acc:
            speaker = self.phrase_after(acc.end(), stop, whole=True)
            if speaker:
                return _Attribution("quote_then_attribution", acc.group(), speaker, None, stop)
            return None
        for verb in self.lex.verbs.finditer(self.text, at, stop):
            form = _form(verb.group())
            if verb.start() == at or _GAP.fullmatch(self.text, at, verb.start()):
                if self.lex.role.get(form) != "say":
                    return None
                speaker = self.phrase_after(verb.end(), stop)
                if speaker is None or self._is_pronoun(speaker):
                    return None
                self.used_verbs.add(verb.start())
                return _Attribution("quote_then_attribution", verb.group(), speaker, None, stop)
            subject = self.subject_before(at, verb.start(), whole=True)
            if subject is None:
                return None
            self.used_verbs.add(verb.start())
            return self._attribution("quote_then_attribution", verb, subject, end=stop)
        return None

    def leading(self, quote: _Direct, previous_close: int) -> _Attribution | None:
        """``Aliyev said: “…”`` / ``he stated, “…”``: the attribution in the sentence before the quote."""
        text = self.text
        index = self.sent_index(quote.open)
        begin = max(self.sents[index][0] if self.sents else 0, previous_close + 1)
        if not text[begin : quote.open].strip() and self.sents and index > 0 and previous_close < self.sents[index - 1][0]:
            begin = self.sents[index - 1][0]  # "Aliyev said:" closing the previous sentence or paragraph
        stop = quote.open
        while stop > begin and text[stop - 1].isspace():
            stop -= 1
        lead = text[begin:stop]
        if not lead:
            return None
        verbs = list(self.lex.verbs.finditer(text, begin, stop))
        if not verbs:
            return None
        ends_with_cue = lead[-1] in ":," or verbs[-1].end() == stop or re.search(r"(?<![\w'’-])that$", lead)
        if not ends_with_cue:
            # "X said on Friday “We …”": a short adjunct after the verb, and a quote that opens a sentence.
            adjunct = _TOKEN.findall(text, verbs[-1].end(), stop)
            opening = _TOKEN.search(text, quote.start, quote.end)
            if len(adjunct) > MAX_ADDRESSEE_WORDS or _has_boundary(text, verbs[-1].end(), stop) or not opening or not opening.group()[0].isupper():
                return None
        for verb in verbs:
            subject = self.subject_before(begin, verb.start())
            if subject is not None:
                self.used_verbs.add(verb.start())
                return self._attribution("attribution_then_quote", verb, subject, end=quote.open)
        if lead[-1] == ":":
            self.used_verbs.add(verbs[-1].start())
            return _Attribution("attribution_then_quote", verbs[-1].group(), end=quote.open)
        return None

    def _attribution(self, cue: str, verb: re.Match, subject: tuple[int, int], *, end: int | None = None) -> _Attribution:
        if self._is_pronoun(subject):
            return _Attribution(cue, verb.group(), None, subject, verb.end() if end is None else end)
        return _Attribution(cue, verb.group(), subject, None, verb.end() if end is None else end)

    def _is_pronoun(self, span: tuple[int, int]) -> bool:
        return self.lex.role.get(self.text[span[0] : span[1]].casefold(), "").startswith("pronoun")

    # speaker phrases -----------------------------------------------------

    def subject_before(self, begin: int, verb_start: int, *, whole: bool = False) -> tuple[int, int] | None:
        """The speaker phrase filling the clause before a verb (auxiliaries allowed between), or None.

        The clause runs back to the last punctuation mark or *begin*; with *whole*
        it must reach back to *begin* (apart from leading punctuation).
        """
        text = self.text
        clause = self._clause_start(begin, verb_start)
        if whole and _GAP.fullmatch(text, begin, clause) is None:
            return None
        tokens = self.tokens(clause, verb_start)
        n_aux = 0
        while tokens and n_aux < MAX_AUX_WORDS and self._is_aux(self._word(tokens[-1])):
            tokens.pop()
            n_aux += 1
        while tokens and self._role(tokens[0]) in ("np_link", "coordinator"):
            tokens.pop(0)  # "and the minister said"
        if not tokens:
            if n_aux or whole or clause <= begin or text[clause - 1] != ",":
                return None
            # "Satyendra Jain, the city's home minister, said": the verb follows an appositive.
            appositive = self.subject_before(begin, clause - 1)
            if appositive is None:
                # "Travis Hood, who witnessed the collision, said": skip a relative clause.
                opening = self._clause_start(begin, clause - 1)
                first = _TOKEN.match(text, _GAP.match(text, opening, clause - 1).end())
                if first is None or self.lex.role.get(first.group().casefold()) != "relative":
                    return None
                return self._name_before(begin, opening)
            if self._is_pronoun(appositive):
                return None
            return self._name_before(begin, appositive[0]) or appositive
        if self._is_pronoun(tokens[-1]):
            return tokens[-1] if len(tokens) == 1 else None
        phrase = self._valid_suffix(tokens)
        if phrase is None or phrase[0] != tokens[0]:
            return None
        role, first = self._role(phrase[0]), self._word(phrase[0])
        if role == "indefinite" or (first[0].islower() and role != "determiner"):
            # Maybe an appositive (", a Kazakh analyst, said"): then the name is the phrase before it.
            named = self._name_before(begin, phrase[0][0])
            if named is not None:
                return named
            if role == "indefinite":
                return None  # "a spokesman said" names nobody in particular
        return self._head(phrase)

    def _clause_start(self, begin: int, end: int) -> int:
        """Just after the last punctuation mark before *end* (or *begin*), looking back at most
        :data:`MAX_CLAUSE_CHARS` (a longer clause cannot be a speaker phrase)."""
        floor = max(begin, end - MAX_CLAUSE_CHARS)
        for i in range(end - 1, floor - 1, -1):
            if self.text[i] in _BOUNDARY:
                return i + 1
        return floor

    def _name_before(self, begin: int, at: int) -> tuple[int, int] | None:
        """The name filling the clause before the comma that precedes *at* (``Abishev, a Kazakh analyst``), or None."""
        comma = at - 1
        while comma > begin and self.text[comma].isspace():
            comma -= 1
        if comma <= begin or self.text[comma] != ",":
            return None
        named = self.subject_before(begin, comma)
        if named is None or self._is_pronoun(named) or not _is_name(self.text[named[0] : named[1]]):
            return None
        return named

    def tokens(self, begin: int, end: int) -> list[tuple[int, int]]:
        """Word spans in ``text[begin:end]``; an abbreviation keeps its period (``Dr.``)."""
        spans = []
        for match in _TOKEN.finditer(self.text, begin, end):
            s, e = match.span()
            if e < end and self.text[e] == "." and match.group().casefold() in self.abbreviations:
                e += 1
            spans.append((s, e))
        return spans

    def _word(self, span: tuple[int, int]) -> str:
        return self.text[span[0] : span[1]]

    def _role(self, span: tuple[int, int]) -> str | None:
        return self.lex.role.get(self._word(span).casefold())

    def phrase_after(self, begin: int, stop: int, *, whole: bool = False) -> tuple[int, int] | None:
        """The speaker phrase right after a verb or ``according to``: the longest run of
        speaker-phrase words, up to punctuation (``said Steve Winwood in a statement``).

        With *whole*, the words must fill the text up to *stop* (``according to X,``).
        """
        text, keep, at = self.text, [], begin
        for span in self.tokens(begin, stop):
            if text[at : span[0]].strip() or not self._np_word(self._word(span)) and not (not keep and self._is_pronoun(span)):
                break
            keep.append(span)
            at = span[1]
            if self._is_pronoun(span):
                return span if len(keep) == 1 else None
        if whole and text[at:stop].strip(" .!?…\"'”’»"):
            return None
        while keep and self._role(keep[-1]) in ("np_link", "determiner", "indefinite", "coordinator"):
            keep.pop()
        if not keep or self._role(keep[0]) in ("np_link", "coordinator"):
            return None
        keep = self._cut_place(keep)
        if len(keep) > MAX_SPEAKER_WORDS:
            return None
        return self._head(keep)

    def _cut_place(self, phrase: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """``Carl Lipo of Binghamton University`` -> ``Carl Lipo``: cut at a linking word after two capitalised words,
        unless three or more capitalised words, none possessive, follow it (a title and a name)."""
        for i in range(2, len(phrase)):
            if self._role(phrase[i]) == "np_link" and all(self._word(p)[0].isupper() for p in phrase[i - 2 : i]):
                rest = [self._word(p) for p in phrase[i + 1 :]]
                if len(rest) >= 3 and all(w[0].isupper() and not w.endswith(("'s", "’s")) for w in rest):
                    return phrase  # "First Minister of Scotland Nicola Sturgeon": a title, then the name
                return phrase[:i]
        return phrase

    def _valid_suffix(self, tokens: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
        """The longest run of speaker-phrase words ending the tokens, or None."""
        keep = []
        for span in reversed(tokens):
            if not self._np_word(self._word(span)):
                break
            keep.append(span)
        keep.reverse()
        while keep and self._role(keep[0]) in ("np_link", "coordinator"):
            keep.pop(0)
        if not keep or len(keep) > MAX_SPEAKER_WORDS or self._role(keep[-1]) in ("np_link", "determiner", "indefinite", "coordinator"):
            return None
        return keep

    def _np_word(self, word: str) -> bool:
        folded = word.casefold()
        if word[0].isdigit():
            return False
        if self.lex.role.get(folded) in ("np_link", "determiner", "indefinite", "coordinator"):
            return True
        if folded in self.lex.stop:
            return False
        # A capitalised word is a name part even when it spells a verb ("United States").
        return word[0].isupper() or self.lex.role.get(folded) not in ("aux", "say", "tell", "that", "according", "relative")

    def _is_aux(self, word: str) -> bool:
        return self.lex.role.get(word) == "aux" or (word.islower() and word.endswith("ly") and len(word) > 4)

    def _head(self, phrase: list[tuple[int, int]]) -> tuple[int, int]:
        """Head-name rule: a capitalised run after a lower-case content word is the speaker
        (``Transportation official Troy Roberts``); else cut ``of Place`` and try again."""
        name = self._name_run(phrase)
        if name is None:
            phrase = self._cut_place(phrase)
            name = self._name_run(phrase)
        return name or (phrase[0][0], phrase[-1][1])

    def _name_run(self, phrase: list[tuple[int, int]]) -> tuple[int, int] | None:
        words = [self._word(span) for span in phrase]
        run = len(words)
        while run > 0 and words[run - 1][0].isupper():
            run -= 1
        if 0 < run < len(words):
            before = words[run - 1]
            if before[0].islower() and self.lex.role.get(before) not in ("np_link", "determiner", "indefinite", "coordinator"):
                return phrase[run][0], phrase[-1][1]
        return None

    # reported speech -----------------------------------------------------

    def reported_quotes(self, min_words: int) -> list[dict]:
        rows = []
        for s_start, s_end in self.sents:
            end = s_end
            while end > s_start and self.text[end - 1] in ".!?…\"'”’» ":
                end -= 1
            rows.extend(self._reported_in(s_start, end, min_words))
        return rows

    def _inside_direct(self, pos: int) -> bool:
        index = bisect.bisect_left(self.direct_opens, pos) - 1
        return index >= 0 and pos < self.direct_spans[index][1]

    def _reported_in(self, s_start: int, end: int, min_words: int) -> list[dict]:
        text, rows = self.text, []
        acc = self.lex.according.search(text, s_start, end)
        if acc and not self._inside_direct(acc.start()):
            comma = text.find(",", acc.end(), end)
            if _GAP.fullmatch(text, s_start, acc.start()) and comma > 0:
                # According to X, content.
                speaker = self.phrase_after(acc.end(), comma, whole=True)
                content = _strip(text, comma + 1, end)
                following = text.find(",", content[0], end)
                if speaker and following > 0 and self._is_description(content[0], following):
                    content = _strip(text, following + 1, end)  # "According to X, her spokeswoman, ..."
                if speaker and self._enough(content, min_words):
                    rows.append(self.row("reported", *content, _Attribution("according_to", acc.group(), speaker)))
            elif acc.start() > s_start and text[s_start : acc.start()].rstrip().endswith(","):
                speaker = self.phrase_after(acc.end(), end, whole=True)
                content = _strip(text, s_start, text.rfind(",", s_start, acc.start()))
                if speaker and self._enough(content, min_words):
                    rows.append(self.row("reported", *content, _Attribution("according_to", acc.group(), speaker)))
        for verb in self.lex.verbs.finditer(text, s_start, end):
            if self._inside_direct(verb.start()):
                continue
            subject = self.subject_before(s_start, verb.start())
            if subject is not None and not self._is_pronoun(subject) and text[subject[1] - 1].isalpha() and text[subject[0]:subject[1]].split()[-1][0].isupper():
                self.subjects.append((verb.start(), *subject))
            if verb.start() in self.used_verbs:
                continue
            form = _form(verb.group())
            role = self.lex.role.get(form)
            if subject is not None:
                content = self._complement(verb.end(), end, role, min_words)
                if content and self._enough(content, min_words) and text[content[0]] not in '“"«':
                    rows.append(self.row("reported", *content, self._attribution("speaker_verb_that", verb, subject)))
                    continue
            if role in ("say", "tell"):
                row = self._content_then(s_start, end, verb, role, min_words)
                if row:
                    rows.append(row)
        return rows

    def _complement(self, begin: int, end: int, role: str | None, min_words: int) -> tuple[int, int] | None:
        """The reported clause after a verb: ``that …`` (after an addressee for ``tell`` verbs), or a bare clause after ``say`` verbs."""
        text = self.text
        tokens = self.tokens(begin, end)
        if not tokens or text[begin : tokens[0][0]].strip():
            return None  # nothing, or punctuation right after the verb: no complement clause
        for i, (s, e) in enumerate(tokens[: MAX_ADDRESSEE_WORDS + 1]):  # told the press that / said on Monday that
            if role != "tell" and self._role((s, e)) in ("determiner", "indefinite"):
                break  # "said the talks that were held ...": "that" opens a relative clause
            if self._word((s, e)) == "that":
                return None if _has_boundary(text, begin, s) else _strip(text, e, end)
        if role == "say":
            folded = self._word(tokens[0]).casefold()
            role0 = self.lex.role.get(folded)
            if folded not in self.lex.stop or role0 in ("determiner", "indefinite", "pronoun_person", "pronoun_other"):
                # A bare clause must run min_words words before any punctuation ("said Sunday — ..." is not one).
                words = 0
                for s, e in tokens:
                    if _has_boundary(text, tokens[0][0], s) or words >= min_words:
                        break
                    words += 1
                if words >= min_words:
                    return _strip(text, tokens[0][0], end)
        return None

    def _content_then(self, s_start: int, end: int, verb: re.Match, role: str, min_words: int) -> dict | None:
        """``Content, X said.`` / ``Content, said X.`` / ``Content, officials told state media.``"""
        text = self.text
        comma = text.rfind(",", s_start, verb.start())
        if comma < 0 or self._inside_direct(comma):
            return None
        tail_end = text.find(",", verb.end(), end)
        tail_end = end if tail_end < 0 else tail_end
        if tail_end != end and not re.match(r",\s*(?:adding|saying|noting)\b", text[tail_end:end]):
            return None
        if _GAP.fullmatch(text, comma + 1, verb.start()):
            if role != "say":
                return None
            speaker = self.phrase_after(verb.end(), tail_end, whole=True)
            if speaker is None or self._is_pronoun(speaker):
                return None
            att = _Attribution("content_then_attribution", verb.group(), speaker)
        else:
            subject = self.subject_before(comma + 1, verb.start(), whole=True)
            if subject is None:
                return None
            rest = [m.group() for m in _TOKEN.finditer(text, verb.end(), tail_end)]
            if len(rest) > (MAX_ADDRESSEE_WORDS if role == "tell" else 0):
                return None
            att = self._attribution("content_then_attribution", verb, subject)
        content = _strip(text, s_start, comma)
        if not self._enough(content, min_words) or text[content[0]] in '“"«':
            return None
        return self.row("reported", *content, att)

    def _is_description(self, begin: int, end: int) -> bool:
        """``Hagan's former spokeswoman``: speaker-phrase words only, with a lower-case content word."""
        tokens = self.tokens(begin, end)
        words = [self._word(t) for t in tokens]
        return (bool(tokens) and len(tokens) <= MAX_SPEAKER_WORDS and _GAP.fullmatch(self.text, tokens[-1][1], end) is not None
                and all(self._np_word(w) for w in words)
                and any(w[0].islower() and self.lex.role.get(w) is None for w in words))

    def _enough(self, span: tuple[int, int], min_words: int) -> bool:
        return span[1] > span[0] and len(WORD.findall(self.text, span[0], span[1])) >= min_words

    # interview answers ---------------------------------------------------

    def answers(self, interviewee: str | None) -> list[dict]:
        speaker = None
        if interviewee:
            at = self.text.find(interviewee)
            if at >= 0:
                speaker = (at, at + len(interviewee))
        rows = []
        for p_start, p_end, role in self.paras:
            if role != "answer":
                continue
            mark = _ANSWER_MARK.match(self.text, p_start, p_end)
            start = mark.end() if mark else p_start
            if start >= p_end:
                continue
            row = self.row("interview_answer", start, p_end, _Attribution("interview_answer", None, speaker))
            if interviewee and speaker is None:
                row["speaker"] = interviewee  # from the manifest; the text does not spell it out
            rows.append(row)
        return rows

    # pronouns ------------------------------------------------------------

    def _leading_name(self, start: int, end: int) -> tuple[int, int] | None:
        """The run of capitalised words opening a sentence (``Zhanat Momynkulov``), if any."""
        run = []
        for match in _TOKEN.finditer(self.text, start, end):
            gap = self.text[run[-1][1] : match.start()] if run else self.text[start : match.start()]
            if gap.strip() or not match.group()[0].isupper():
                break
            run.append(match.span())
        return (run[0][0], run[-1][1]) if run else None

    def resolve_pronouns(self, rows: list[dict], interviewee: str | None) -> None:
        """Resolve ``he``/``she`` speakers in place (see the module docstring)."""
        text = self.text
        named = [(r["speaker_start"], r["speaker_start"], r["speaker_end"]) for r in rows
                 if r["speaker_start"] is not None and r["kind"] != "interview_answer" and _is_name(r["speaker"])]
        known = {_key(r["speaker"]) for r in rows if r["speaker"] and _is_name(r["speaker"])}
        if interviewee:
            known.add(_key(interviewee))
        openers = []
        for s, e in self.sents:
            name = self._leading_name(s, e)
            if name and _key(text[name[0] : name[1]]) in known:
                openers.append((s, *name))
        mentions = sorted(named + self.subjects + openers)
        for row in sorted(rows, key=lambda r: r["pronoun_start"] if r["pronoun_start"] is not None else -1):
            if row["pronoun_start"] is None or row["speaker_start"] is not None or row["cue"] == "continuation":
                continue
            pronoun = row["pronoun_start"]
            if self.lex.role.get(row["speaker_resolved_from"].casefold()) != "pronoun_person":
                continue
            first_sent = self.sent_index(pronoun) - PRONOUN_WINDOW_SENTENCES
            window_start = self.sents[max(first_sent, 0)][0] if self.sents else 0
            window = [m for m in mentions if window_start <= m[0] < pronoun]
            people = {_key(text[s:e]) for _, s, e in window}
            if len(people) != 1:
                continue
            _, s, e = window[-1]
            row.update(speaker=text[s:e], speaker_start=s, speaker_end=e)
            bisect.insort(mentions, (pronoun, s, e))
        # Continuations take the (possibly resolved) speaker of the quote they continue.
        by_pronoun = {r["pronoun_start"]: r for r in rows if r["pronoun_start"] is not None and r["cue"] != "continuation"}
        for row in rows:
            if row["cue"] == "continuation" and row["pronoun_start"] in by_pronoun:
                source = by_pronoun[row["pronoun_start"]]
                row.update(speaker=source["speaker"], speaker_start=source["speaker_start"], speaker_end=source["speaker_end"])


# -- small helpers ---------------------------------------------------------


def _continued(att: _Attribution) -> _Attribution:
    return _Attribution("continuation", att.verb, att.speaker, att.pronoun, att.end)


def _form(verb: str) -> str:
    return re.sub(r"\s+", " ", verb)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",:;—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",:;.—–-"):
        end -= 1
    return start, end


def _has_boundary(text: str, start: int, end: int) -> bool:
    return any(ch in _BOUNDARY for ch in text[start:end])


def _is_name(speaker: object) -> bool:
    return isinstance(speaker, str) and bool(speaker) and speaker.split()[-1][:1].isupper()


def _key(name: str) -> str:
    """Who a name stands for: its last word, case-folded (``Momynkulov`` = ``Zhanat Momynkulov``)."""
    return name.split()[-1].casefold().strip(".,")


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _count_inside(positions: list[int], merged: list[tuple[int, int]]) -> int:
    return sum(bisect.bisect_left(positions, e) - bisect.bisect_left(positions, s) for s, e in merged)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) or (isinstance(value, str) and not value.strip())


def _require(frame: object, columns: list[str], name: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame with columns {columns}; got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} needs column(s) {missing}; the frame has {list(frame.columns)}")


def _check_spans(spans, length: int, doc_id: object, name: str) -> None:
    for span in spans:
        if not 0 <= span[0] <= span[1] <= length:
            raise ValueError(f"{name}: span {span[:2]} of document {doc_id!r} lies outside its text (length {length}); were they made from these docs?")


def _quotes_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    return frame.astype({
        DOC_ID: "string", "quote_id": "int64", SENT_ID: "int64", "kind": "string", "start": "int64", "end": "int64",
        "text": "string", "speaker": "string", "speaker_start": "Int64", "speaker_end": "Int64", "verb": "string",
        "cue": "string", "speaker_resolved_from": "string", "pronoun_start": "Int64", "pronoun_end": "Int64",
    })
