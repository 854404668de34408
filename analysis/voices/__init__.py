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
``analysis/data/reporting_verbs_en.txt`` (:func:`analysis.lexicons.read_reporting_verbs`).

Each step is a pure function in a module of its own, and the steps pass
immutable values (:mod:`analysis.voices.document`), never shared state:

- :mod:`~analysis.voices.cues`: the cue lexicon compiled once;
- :mod:`~analysis.voices.document`: one document's text, sentences, paragraphs
  and words (read from the tokens table), and the records the steps pass on;
- :mod:`~analysis.voices.quotes`: quotation-mark pairs, direct-quote
  attribution, reporting verbs, reported-speech clauses;
- :mod:`~analysis.voices.speakers`: speaker phrases (head-name rule,
  appositives) and pronoun resolution (see that module for the rules);
- :mod:`~analysis.voices.interviews`: interview answers and their speaker;
- :mod:`~analysis.voices.summaries`: :func:`quote_share` and :func:`speaker_summary`.

Inputs. :func:`find_quotes` reads the tables the earlier stages made and never
makes them itself: the sentences of :func:`analysis.split_sentences` and the
tokens of :func:`analysis.tokenize` (its main inputs, the same tables every
measure reads), the paragraphs of :func:`analysis.split_paragraphs` (quotes are
paired and interview turns read paragraph by paragraph) and the documents
(``doc_id``, ``text`` and, if present, ``interviewee``): a quote and its
attribution may cross sentences, so the rules read the document's text, and
the interviewee is document metadata. The last two are required keywords, so a
call says which table is which. A table of the wrong kind is named in the
error with the call that makes the right one.

Every row satisfies ``text[start:end] == row.text`` and, where a speaker has
offsets, ``text[speaker_start:speaker_end] == row.speaker``. A direct quote's
``start:end`` excludes the quote marks and a trailing comma. Everything is
computed one document at a time, in time linear in the document's length.
"""

from __future__ import annotations

import pandas as pd

from ..checks import check_int
from ..lexicons import read_abbreviations
from ..schema import DOC_ID, END, SENT_ID, START, TEXT
from .cues import Cues, check_cues
from .document import CUES, KINDS, Document, Quote, build_document
from .interviews import interview_answers
from .quotes import (
    MAX_ADDRESSEE_WORDS,
    UNATTRIBUTED_MIN_WORDS,
    attribute_direct,
    direct_quotes,
    pair_quote_marks,
    reported_quotes,
    reporting_verbs,
)
from .speakers import MAX_AUX_WORDS, MAX_CLAUSE_CHARS, MAX_SPEAKER_WORDS, PRONOUN_WINDOW_SENTENCES, named_subjects, resolve_pronouns
from .summaries import QUOTE_SHARE_COLUMNS, SPEAKER_SUMMARY_COLUMNS, WORD, quote_share, speaker_summary
from .tables import check_tables, interviewees, rows_by_doc, spans_by_doc

__all__ = [
    "CUES",
    "KINDS",
    "MAX_ADDRESSEE_WORDS",
    "MAX_AUX_WORDS",
    "MAX_CLAUSE_CHARS",
    "MAX_SPEAKER_WORDS",
    "PRONOUN_WINDOW_SENTENCES",
    "QUOTE_COLUMNS",
    "QUOTE_SHARE_COLUMNS",
    "SPEAKER_SUMMARY_COLUMNS",
    "UNATTRIBUTED_MIN_WORDS",
    "WORD",
    "find_quotes",
    "quote_share",
    "quotes_in_document",
    "speaker_summary",
]

#: One row per quotation (:func:`find_quotes`).
QUOTE_COLUMNS = [
    DOC_ID,
    "quote_id",
    SENT_ID,
    "kind",
    START,
    END,
    TEXT,
    "speaker",
    "speaker_start",
    "speaker_end",
    "verb",
    "cue",
    "speaker_resolved_from",
    "pronoun_start",
    "pronoun_end",
]


def find_quotes(
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    paragraphs: pd.DataFrame,
    docs: pd.DataFrame,
    verbs: pd.DataFrame | None = None,
    min_words: int = 3,
) -> pd.DataFrame:
    """Return one row per quotation, with columns :data:`QUOTE_COLUMNS`.

    *sentences* and *tokens* are the tables of :func:`analysis.split_sentences`
    and :func:`analysis.tokenize` (the whole tokens table, not a filtered one);
    *paragraphs* is the table of :func:`analysis.split_paragraphs`; *docs* has
    ``doc_id`` and ``text`` (and ``interviewee`` for interview answers'
    speakers), one row per document to read. All four describe the same
    documents; none is recomputed (see the module docstring). *verbs* is the
    cue lexicon, a frame from :func:`analysis.lexicons.read_reporting_verbs`
    (default: the packaged list). A quotation needs at least *min_words* words
    (an unattributed direct quote at least :data:`UNATTRIBUTED_MIN_WORDS`).

    ``kind`` is ``direct``, ``reported`` or ``interview_answer``; ``cue`` says
    which rule attributed it (:data:`CUES`); ``verb`` is the reporting verb as
    written (``according to`` too). ``quote_id`` counts from 0 in each document
    in order of ``start``; ``sent_id`` is the sentence where the quote starts.
    Speaker and pronoun rules: see :mod:`analysis.voices.speakers`. Method:
    rule-based attribution after Pouliquen et al. (2007) and Krestel et al. (2008).

    >>> from analysis import split_paragraphs, split_sentences, tokenize
    >>> text = "“We will build the road together,” the minister said. Aliyev noted that trade grew fast."
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    >>> sentences = split_sentences(docs)
    >>> quotes = find_quotes(sentences, tokenize(sentences), paragraphs=split_paragraphs(docs), docs=docs)
    >>> for q in quotes.itertuples():
    ...     print(q.kind, "|", q.text, "|", q.speaker, "|", q.verb, "|", q.cue)
    direct | We will build the road together | the minister | said | quote_then_attribution
    reported | trade grew fast | Aliyev | noted | speaker_verb_that
    """
    check_tables(sentences, tokens, paragraphs, docs)
    check_int(min_words, "min_words", minimum=1)
    cues = check_cues(verbs)
    sents = rows_by_doc(sentences, [START, END, SENT_ID])
    toks = spans_by_doc(tokens)
    paras = rows_by_doc(paragraphs, [START, END, "role"])
    abbreviations = read_abbreviations()
    rows: list[tuple] = []
    for doc_id, text, name in zip(docs[DOC_ID], docs[TEXT], interviewees(docs)):
        doc = build_document(text, sentences=sents(doc_id), paragraphs=paras(doc_id), tokens=toks(doc_id), abbreviations=abbreviations)
        found = quotes_in_document(doc, cues, interviewee=name, min_words=min_words)
        rows.extend((doc_id, i, *_row(doc, quote)) for i, quote in enumerate(found))
    return _quotes_frame(rows)


def quotes_in_document(doc: Document, cues: Cues, *, interviewee: str | None = None, min_words: int = 3) -> list[Quote]:
    """The quotations of one document, in order of ``start`` (the per-document composition of :func:`find_quotes`).

    Direct quotes first (their attributions claim their verbs), then reported
    speech (from the remaining verbs), interview answers, and pronoun resolution
    over all of them (:func:`analysis.voices.speakers.resolve_pronouns`).

    >>> from analysis.voices.cues import check_cues
    >>> from analysis.voices.document import build_sentence
    >>> doc = build_sentence('Aliyev said: "Peace is within reach now."')
    >>> [(doc.text[q.start:q.end], q.speaker_text(doc.text), q.cue) for q in quotes_in_document(doc, check_cues(None))]
    [('Peace is within reach now.', 'Aliyev', 'attribution_then_quote')]
    """
    marks = pair_quote_marks(doc)
    attributions = attribute_direct(doc, cues, marks)
    claimed = frozenset(a.claimed_verb for a in attributions if a is not None and a.claimed_verb is not None)
    verbs = reporting_verbs(doc, cues, marks)
    quotes = [
        *direct_quotes(doc, marks, attributions, min_words=min_words),
        *reported_quotes(doc, cues, marks, verbs, claimed=claimed, min_words=min_words),
        *interview_answers(doc, interviewee),
    ]
    subjects = named_subjects(doc.text, cues, ((v.start, v.subject) for v in verbs))
    quotes = resolve_pronouns(doc, cues, quotes, subjects=subjects, interviewee=interviewee)
    return sorted(quotes, key=lambda q: (q.start, KINDS.index(q.kind), q.end))


# -- the quotes table --------------------------------------------------------------------------


def _row(doc: Document, quote: Quote) -> tuple:
    """The columns of :data:`QUOTE_COLUMNS` after ``doc_id`` and ``quote_id``."""
    text, speaker, pronoun = doc.text, quote.speaker, quote.pronoun
    return (
        doc.sent_id(quote.start),
        quote.kind,
        quote.start,
        quote.end,
        text[quote.start : quote.end],
        quote.speaker_text(text),
        speaker[0] if speaker else None,
        speaker[1] if speaker else None,
        quote.verb,
        quote.cue,
        text[pronoun[0] : pronoun[1]] if pronoun else None,
        pronoun[0] if pronoun else None,
        pronoun[1] if pronoun else None,
    )


def _quotes_frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    return frame.astype({
        DOC_ID: "string", "quote_id": "int64", SENT_ID: "int64", "kind": "string", START: "int64", END: "int64",
        TEXT: "string", "speaker": "string", "speaker_start": "Int64", "speaker_end": "Int64", "verb": "string",
        "cue": "string", "speaker_resolved_from": "string", "pronoun_start": "Int64", "pronoun_end": "Int64",
    })
