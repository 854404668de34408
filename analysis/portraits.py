"""Portraits: one document's or one actor's rows taken from the scored tables, for report notebooks.

The report notebooks (``notebooks/document_report.ipynb``,
``notebooks/actor_report.ipynb``) stay thin by calling these helpers. Each is a
pure function of tidy frames (:func:`analysis.score` tables, a
:func:`analysis.load_corpus` documents frame) that returns a new frame; none
reads files, and the cost of each grows linearly with its input (joins are on
``doc_id`` and ``sent_id``, offsets are compared only within one document).

Corpus coverage: :func:`measure_coverage` (the languages of a corpus, and
which measures were run on how many documents of each, or skipped and why)
and :func:`coverage_note` (the same, said in words at the top of a report);
:func:`resources_used` (the frame dictionary and the actor list the corpus was
scored with, and how much each found) and :func:`resources_note` (the same in
words, with the command that reports with the generic scheme when the eurasia
scheme finds little: :func:`suggest_scheme`).

Document portrait (cut the tables to one document first with
:func:`analysis.scoring.select_document_scores`): :func:`describe_document` (its metadata as ``field, value`` rows),
:func:`scoring_note` (whether English-only measures ran), :func:`label_roles`
and :func:`tone_by_role` (interview questions apart from answers),
:func:`extreme_sentences` and :func:`strongest_sentence`.

Actor portrait: :func:`select_mentions` (the mentions naming one actor, or its
state with its leaders), :func:`mentions_by_document`,
:func:`sentences_naming`, :func:`ego_network`, :func:`frames_around` and
:func:`quotes_about`.
"""

from __future__ import annotations

import html
import json
import shlex
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from .actors import FORMS
from .checks import check_choice, check_fraction, require_columns
from .display import HTML
from .framing import frame_actors
from .sentiment import THRESHOLD, summarize_tone
from .schema import DOC_ID, PARA_ID, SENT_ID

Level = Literal["actor", "state"]
LEVELS: tuple[str, ...] = ("actor", "state")

#: Metadata fields :func:`describe_document` reports, in order (those missing from the frames are skipped).
METADATA_FIELDS = (
    DOC_ID, "title", "outlet", "author", "interviewee", "date", "genre", "language", "language_detected",
    "language_confidence", "url", "source_path", "encoding", "repairs", "n_removed", "removed_rules",
    "duplicate_of", "near_duplicate_of", "scored",
)
#: Columns of :func:`describe_document`.
METADATA_COLUMNS = ["field", "value"]
#: Shown for a metadata field that has no value.
NOT_GIVEN = "(not given)"
#: ``removed_rules`` of a document from which cleaning removed nothing.
NOTHING_REMOVED = "none"
#: Columns of :func:`tone_by_role`.
ROLE_TONE_COLUMNS = [
    DOC_ID, "role", "n_paragraphs", "n_sentences", "compound_mean", "compound_median",
    "n_positive_sentences", "n_neutral_sentences", "n_negative_sentences",
    "share_positive", "share_neutral", "share_negative",
]
#: Paragraph roles in reading order (:func:`analysis.split_paragraphs`).
ROLES = ("narrative", "question", "answer")
#: Columns :func:`extreme_sentences` puts before the sentence's own columns.
EXTREME_COLUMNS = ["tone", "rank"]
#: Columns of :func:`mentions_by_document`.
DOCUMENT_MENTION_COLUMNS = [DOC_ID, "n_mentions", "n_sentences", *(f"n_{form}" for form in FORMS), "surfaces"]
#: Columns :func:`sentences_naming` adds to the sentence's own columns.
NAMING_COLUMNS = ["n_mentions", "surfaces"]
#: Columns of :func:`ego_network`.
EGO_COLUMNS = ["source", "target", "n_sentences", "n_docs", "tie"]
#: Columns of :func:`frames_around`.
FRAMES_AROUND_COLUMNS = ["frame", "actor", "n_sentences", "n_actor_sentences", "share_of_actor", "n_frame_sentences", "share_of_frame"]
#: How a quote names an actor (:func:`quotes_about`), strongest first.
NAMED_IN = ("text", "speaker", "sentence")
#: The measures run on English documents only: the VADER lexicon, the frame dictionaries, the actor gazetteer and the
#: quote rules are English (``analysis.scoring.SCORED_LANGUAGES``). Sentences and tokens are made for those documents
#: only too, so lengths, term counts, collocations and keyness leave the others out.
ENGLISH_ONLY_MEASURES = ("sentiment", "frames", "actors", "quotes")
#: What is skipped for a document that is not scored, as a report says it.
SKIPPED_MEASURES = "sentiment, frames, actors, quotes (and the sentence and token counts behind lengths, term counts and keyness)"
#: Columns of :func:`measure_coverage`.
COVERAGE_COLUMNS = ["language", "n_docs", "n_scored", "n_skipped", "skipped", "reason", "skipped_doc_ids"]
#: ``language`` of documents whose language was not identified at all.
NO_LANGUAGE = "(none)"
#: Why the English-only measures were skipped, by language code (any other code: :data:`NOT_ENGLISH`).
SKIP_REASONS = {
    "und": "the language could not be determined (too little text to tell), and the measures are English-only",
    NO_LANGUAGE: "no language was identified, and the measures are English-only",
}
NOT_ENGLISH = "not English: the sentiment lexicon, frame dictionary, actor gazetteer and quote rules are English-only"
#: Document ids a coverage note lists per language before giving the count.
NOTE_IDS = 10
#: Columns of :func:`resources_used`: per resource (``frames``, ``actors``) its name and method, its hits (frame
#: keyword hits, actor mentions), the distinct frames or actors found, the English documents and sentences with a hit,
#: and those sentences' share of all English sentences (missing when there are none).
RESOURCE_COLUMNS = ["resource", "name", "method", "n_hits", "n_found", "n_documents", "n_sentences", "share_of_sentences"]
#: The scheme built for the seed topic (Eurasian connectivity, diplomacy and status), and the scheme suggested when it
#: does not fit a corpus: the generic news frames (Semetko & Valkenburg 2000) that fit news on any topic.
TOPIC_SCHEME = "eurasia"
FALLBACK_SCHEME = "generic"
#: The eurasia scheme is said not to fit a corpus when its frames are found in fewer than this share (a third) of the
#: English sentences. Measured with the eurasia dictionary of this package: the seed articles 86%; general news 27%
#: (the BBC News corpus: business, politics, sport, tech, entertainment), 21% (English Wikinews 2019) and 10%
#: (Wikinews 2020), where the generic frames are found in 43%, 37% and 29% of the sentences. A corpus about the seed
#: topic is far above a third, general news below it.
SCHEME_FIT_SHARE = 1 / 3


# --------------------------------------------------------------------------- one document


def describe_document(docs: pd.DataFrame, *, doc_id: str, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the metadata of one document as ``field, value`` rows (all values as text).

    Fields (:data:`METADATA_FIELDS`) come from *docs* (a
    :func:`analysis.load_corpus` frame) and, for ``scored``, from *documents*
    (``Scores.documents``); fields neither frame has are skipped.
    ``removed_rules`` counts the lines cleaning removed, by rule ("photo_credit
    x2; byline x1"; :data:`NOTHING_REMOVED` when nothing was). A missing value reads
    :data:`NOT_GIVEN`, never zero.

    >>> docs = pd.DataFrame({"doc_id": ["d"], "title": ["Baku <talks>"], "outlet": [pd.NA], "n_removed": [2],
    ...     "removed": [[{"line_no": 2, "rule": "byline", "line": "By X"}, {"line_no": 5, "rule": "byline", "line": "By Y"}]]})
    >>> describe_document(docs, doc_id="d")
               field         value
    0         doc_id             d
    1          title  Baku <talks>
    2         outlet   (not given)
    3      n_removed             2
    4  removed_rules     byline x2
    """
    if DOC_ID not in docs.columns:
        raise ValueError(f"describe_document needs a 'doc_id' column in docs; it has {list(docs.columns)}")
    row = docs.loc[docs[DOC_ID].astype(str) == str(doc_id)]
    if row.empty:
        shown = ", ".join(docs[DOC_ID].astype(str).head(10))
        raise ValueError(f"doc_id {doc_id!r} is not in docs; valid doc_id values: {shown}")
    values = row.iloc[0].to_dict()
    if "removed" in values:
        values["removed_rules"] = _rule_counts(values["removed"]) or NOTHING_REMOVED
    if documents is not None:
        if DOC_ID not in documents.columns:
            raise ValueError(f"describe_document needs a 'doc_id' column in documents; it has {list(documents.columns)}")
        scored = documents.loc[documents[DOC_ID].astype(str) == str(doc_id)]
        for column in scored.columns:
            if column not in values and column in METADATA_FIELDS and len(scored):
                values[column] = scored.iloc[0][column]
    rows = [(name, _as_text(values[name])) for name in METADATA_FIELDS if name in values]
    return pd.DataFrame(rows, columns=METADATA_COLUMNS).astype("string")


def _rule_counts(removed: object) -> str:
    items = [] if removed is None or (not isinstance(removed, (list, tuple, np.ndarray))) else list(removed)
    counts: dict[str, int] = {}
    for item in items:
        rule = str(item.get("rule")) if isinstance(item, dict) else str(item)
        counts[rule] = counts.get(rule, 0) + 1
    return "; ".join(f"{rule} x{n}" for rule, n in counts.items())


def _as_text(value: object) -> str:
    if isinstance(value, (list, tuple, np.ndarray)):
        return "; ".join(map(str, value)) or NOT_GIVEN
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return NOT_GIVEN
    return str(value)


def scoring_note(documents: pd.DataFrame, *, doc_id: str) -> HTML:
    """Return an escaped HTML note saying whether the English-only measures were run on *doc_id*.

    *documents* is ``Scores.documents`` (``doc_id, scored, language``). A
    document with ``scored`` false was not scored (the sentiment lexicon, frame
    dictionaries, gazetteer and quote rules are English-only; cf. the
    :class:`analysis.errors.LanguageWarning` of :func:`analysis.score`), so a report
    shows its metadata only and no figures, never zeros.

    >>> documents = pd.DataFrame({"doc_id": ["c"], "scored": [False], "language": ["ru"]})
    >>> str(scoring_note(documents, doc_id="c"))
    '<p class="analysis-note"><b>English-only measures were not run</b> on c (language: ru): ...'
    """
    require_columns(documents, [DOC_ID, "scored"], "scoring_note: documents")
    row = documents.loc[documents[DOC_ID].astype(str) == str(doc_id)]
    if row.empty:
        raise ValueError(f"doc_id {doc_id!r} is not in documents; valid doc_id values: {', '.join(documents['doc_id'].astype(str).head(10))}")
    language = _as_text(row.iloc[0]["language"]) if "language" in row.columns else NOT_GIVEN
    name = html.escape(str(doc_id))
    if bool(row.iloc[0]["scored"]):
        return HTML(f'<p class="analysis-note">{name} (language: {html.escape(language)}) was scored with every measure.</p>')
    return HTML(
        f'<p class="analysis-note"><b>English-only measures were not run</b> on {name} (language: {html.escape(language)}): '
        "sentiment, frames, actors and quotes are not measured for it, so this report shows its metadata only. "
        "The sections below are left empty: <i>not measured</i>, which is not zero.</p>"
    )


# --------------------------------------------------------------------------- the corpus: what was measured


def measure_coverage(documents: pd.DataFrame) -> pd.DataFrame:
    """Return one row per language of *documents*: how many documents, how many were scored, what was skipped and why.

    *documents* is ``Scores.documents`` (``doc_id, language, scored``).
    Columns (:data:`COVERAGE_COLUMNS`): ``language`` (:data:`NO_LANGUAGE`
    when none was identified), ``n_docs``, ``n_scored`` (the documents the
    English-only measures ran on), ``n_skipped``, ``skipped`` (the measures
    left out for the skipped documents, :data:`SKIPPED_MEASURES`; empty when
    none was), ``reason`` (why: :data:`NOT_ENGLISH` or
    :data:`SKIP_REASONS`) and ``skipped_doc_ids`` (every skipped document,
    ``;``-separated, in corpus order). Sorted by ``n_docs``, largest first,
    then language. The values of skipped documents in the score tables are
    missing, never zero.

    >>> documents = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "language": ["en", "ru", "ru", "und"],
    ...                           "scored": [True, False, False, False]})
    >>> measure_coverage(documents)[["language", "n_docs", "n_scored", "n_skipped", "skipped_doc_ids"]]
      language  n_docs  n_scored  n_skipped skipped_doc_ids
    0       ru       2         0          2            b; c
    1       en       1         1          0
    2      und       1         0          1               d
    """
    require_columns(documents, [DOC_ID, "language", "scored"], "measure_coverage: documents")
    language = documents["language"].astype("string").fillna(NO_LANGUAGE).replace("", NO_LANGUAGE)
    scored = documents["scored"].fillna(False).astype(bool)
    rows = []
    for code in pd.unique(language):
        mine = (language == code).to_numpy()
        skipped_ids = documents.loc[mine & ~scored.to_numpy(), DOC_ID].astype(str).tolist()
        rows.append((str(code), int(mine.sum()), int((mine & scored.to_numpy()).sum()), len(skipped_ids),
                     SKIPPED_MEASURES if skipped_ids else "", SKIP_REASONS.get(str(code), NOT_ENGLISH) if skipped_ids else "",
                     "; ".join(skipped_ids)))
    out = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    out = out.sort_values(["n_docs", "language"], ascending=[False, True], kind="stable", ignore_index=True)
    return out.astype({"language": "string", "n_docs": "int64", "n_scored": "int64", "n_skipped": "int64",
                       "skipped": "string", "reason": "string", "skipped_doc_ids": "string"})


def coverage_note(documents: pd.DataFrame) -> HTML:
    """Return an escaped HTML note, for the top of a corpus report: the languages present and which measures ran where.

    It gives each language with its number of documents, then either says
    that every document was scored with every measure, or names the
    English-only measures (:data:`SKIPPED_MEASURES`), the documents they were
    skipped for (up to :data:`NOTE_IDS` per language) and why
    (:func:`measure_coverage`), and that their values are missing, not zero.
    A corpus with no English document at all is said to be one.

    >>> documents = pd.DataFrame({"doc_id": ["a", "b"], "language": ["ru", "ru"], "scored": [False, False]})
    >>> print(str(coverage_note(documents))[:147])
    <div class="analysis-note"><p><b>Languages:</b> ru (2 documents).</p><p><b>No document is in English</b>, so sentiment, frames, actors, quotes (and
    """
    coverage = measure_coverage(documents)
    total, scored = int(coverage["n_docs"].sum()), int(coverage["n_scored"].sum())
    languages = ", ".join(f"{html.escape(str(row.language))} ({row.n_docs} document{'s' if row.n_docs != 1 else ''})"
                          for row in coverage.itertuples(index=False))
    parts = [f"<p><b>Languages:</b> {languages or 'none (the corpus is empty)'}.</p>"]
    skipped = coverage.loc[coverage["n_skipped"] > 0]
    if skipped.empty:
        parts.append(f"<p>Every document ({total}) was scored with every measure.</p>")
    else:
        if scored == 0:
            parts.append(f"<p><b>No document is in English</b>, so {SKIPPED_MEASURES} were not run on any of the {total} documents: "
                         "every section that rests on them is empty and says so. What does not rest on them (metadata, languages, "
                         "duplicates, cleaning, paragraphs) covers every document.</p>")
        else:
            parts.append(f"<p><b>{SKIPPED_MEASURES.capitalize()}</b> were run on the {scored} English document{'s' if scored != 1 else ''} "
                         f"only, and skipped for the other {total - scored} of {total}:</p>")
        items = []
        for row in skipped.itertuples(index=False):
            ids = str(row.skipped_doc_ids).split("; ")
            shown = ", ".join(html.escape(i) for i in ids[:NOTE_IDS]) + (f" and {len(ids) - NOTE_IDS} more" if len(ids) > NOTE_IDS else "")
            items.append(f"<li>{html.escape(str(row.language))}: {row.n_skipped} document{'s' if row.n_skipped != 1 else ''} "
                         f"({shown}), because {html.escape(str(row.reason))}</li>")
        parts.append(f"<ul>{''.join(items)}</ul>")
        parts.append("<p>Their values in the tables below are <i>missing</i> (not measured), never zero.</p>")
    return HTML(f'<div class="analysis-note">{"".join(parts)}</div>')


def count_roles(docs: pd.DataFrame | Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Return how many paragraphs of each role each document has: index ``doc_id``, one column per role found.

    Paragraphs and their roles (narrative, question, answer) are those of
    :func:`analysis.split_paragraphs`; the table is
    ``split_paragraphs(docs).groupby(["doc_id", "role"]).size().unstack(fill_value=0)``.
    *docs* is a documents frame or documents frames one after another (e.g.
    :func:`analysis.cache.iter_corpus_batches`), each split on its own, so only
    one batch of texts and paragraphs is held at a time; a document must not
    be in two batches.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["One paragraph.", "First.\\n\\nSecond."]})
    >>> count_roles([docs.iloc[:1], docs.iloc[1:]]).to_dict()
    {'narrative': {'a': 1, 'b': 2}}
    """
    from .corpus import split_paragraphs

    batches = [docs] if isinstance(docs, pd.DataFrame) else docs
    parts = [split_paragraphs(batch).groupby([DOC_ID, "role"]).size() for batch in batches]
    counts = pd.concat(parts) if parts else pd.Series(dtype="int64", index=pd.MultiIndex.from_arrays([[], []], names=[DOC_ID, "role"]))
    repeated = counts.index.duplicated()
    if repeated.any():
        raise ValueError(f"count_roles: document {counts.index[repeated][0][0]!r} is in two batches; give each document once")
    return counts.sort_index().unstack(fill_value=0)


def label_roles(sentences: pd.DataFrame, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Return *sentences* with the ``role`` of their paragraph added (``question``, ``answer``, ``narrative``).

    *sentences* need ``doc_id, para_id`` (:func:`analysis.split_sentences`,
    ``Scores.sentences``), *paragraphs* ``doc_id, para_id, role``
    (:func:`analysis.split_paragraphs`). In an interview this separates the
    outlet's questions from the interviewee's answers. A sentence whose
    paragraph is not in *paragraphs* is refused.

    >>> sentences = pd.DataFrame({"doc_id": ["i", "i", "i"], "sent_id": [0, 1, 2], "para_id": [0, 1, 1]})
    >>> paragraphs = pd.DataFrame({"doc_id": ["i", "i"], "para_id": [0, 1], "role": ["question", "answer"]})
    >>> label_roles(sentences, paragraphs)
      doc_id  sent_id  para_id      role
    0      i        0        0  question
    1      i        1        1    answer
    2      i        2        1    answer
    """
    require_columns(sentences, [DOC_ID, PARA_ID], "label_roles: sentences")
    require_columns(paragraphs, [DOC_ID, PARA_ID, "role"], "label_roles: paragraphs")
    if "role" in sentences.columns:
        raise ValueError("label_roles: sentences already has a 'role' column")
    roles = paragraphs[[DOC_ID, PARA_ID, "role"]].astype({DOC_ID: "string", PARA_ID: "int64", "role": "string"})
    keys = sentences[[DOC_ID, PARA_ID]].astype({DOC_ID: "string", PARA_ID: "int64"})
    joined = keys.merge(roles, on=[DOC_ID, PARA_ID], how="left", validate="many_to_one")
    if joined["role"].isna().any():
        first = keys.loc[joined["role"].isna().to_numpy()].iloc[0]
        raise ValueError(f"label_roles: paragraph (doc_id={first['doc_id']!r}, para_id={int(first['para_id'])}) of a sentence is not in paragraphs")
    return sentences.assign(role=joined["role"].to_numpy())


def tone_by_role(sentence_scores: pd.DataFrame, paragraphs: pd.DataFrame, *, threshold: float = THRESHOLD) -> pd.DataFrame:
    """Return the tone of questions, answers and narrative per document (:data:`ROLE_TONE_COLUMNS`).

    *sentence_scores* are ``Scores.sentences`` (``doc_id, para_id, compound``),
    *paragraphs* :func:`analysis.split_paragraphs`. Per document and role:
    paragraphs, sentences, the mean and median VADER compound and the counts
    and shares of positive (``compound >= threshold``), neutral and negative
    (``<= -threshold``) sentences, the cut-offs of Hutto & Gilbert (2014). Only
    roles with sentences get a row; rows follow the documents' order, then
    narrative, question, answer.

    >>> scores = pd.DataFrame({"doc_id": ["i"] * 4, "para_id": [0, 1, 2, 2], "compound": [0.0, -0.4, 0.6, 0.2]})
    >>> paragraphs = pd.DataFrame({"doc_id": ["i"] * 3, "para_id": [0, 1, 2], "role": ["narrative", "question", "answer"]})
    >>> tone_by_role(scores, paragraphs)[["role", "n_sentences", "compound_mean", "share_positive", "share_negative"]]
            role  n_sentences  compound_mean  share_positive  share_negative
    0  narrative            1            0.0             0.0             0.0
    1   question            1           -0.4             0.0             1.0
    2     answer            2            0.4             1.0             0.0
    """
    require_columns(sentence_scores, [DOC_ID, PARA_ID, "compound"], "tone_by_role: sentence_scores")
    check_fraction(threshold, "threshold")
    labelled = label_roles(sentence_scores[[DOC_ID, PARA_ID, "compound"]], paragraphs)
    work = labelled.assign(doc_id=labelled[DOC_ID].astype("string"), role=labelled["role"].astype("string"))
    out = summarize_tone(work, by=[DOC_ID, "role"], threshold=threshold)
    n_paragraphs = work.groupby([DOC_ID, "role"], sort=False)[PARA_ID].nunique().rename("n_paragraphs")
    out = out.join(n_paragraphs, on=[DOC_ID, "role"])
    doc_order = {d: i for i, d in enumerate(pd.unique(work[DOC_ID]))}
    role_order = {r: i for i, r in enumerate(ROLES)}
    out = out.assign(_d=out[DOC_ID].map(doc_order), _r=out["role"].map(role_order).fillna(len(ROLES)))
    out = out.sort_values(["_d", "_r"], kind="stable").drop(columns=["_d", "_r"]).reset_index(drop=True)
    counts = {c: "int64" for c in ROLE_TONE_COLUMNS if c.startswith("n_")}
    return out[ROLE_TONE_COLUMNS].astype({DOC_ID: "string", "role": "string", **counts})


def extreme_sentences(sentence_scores: pd.DataFrame, *, n: int = 3, threshold: float = THRESHOLD) -> pd.DataFrame:
    """Return the *n* most positive and the *n* most negative sentences, with ``tone`` and ``rank`` first.

    Only sentences that VADER calls positive (``compound >= threshold``) or
    negative (``<= -threshold``, Hutto & Gilbert 2014) qualify, so a document
    with no negative sentence shows none rather than its least positive one.
    Positive rows come first, strongest first (``rank`` 1); ties keep the
    input order. The sentence's own columns follow unchanged.

    >>> scores = pd.DataFrame({"sent_id": [0, 1, 2, 3], "compound": [0.3, -0.6, 0.0, 0.8]})
    >>> extreme_sentences(scores, n=1)
           tone  rank  sent_id  compound
    0  positive     1        3       0.8
    1  negative     1        1      -0.6
    """
    require_columns(sentence_scores, ["compound"], "extreme_sentences: sentence_scores")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"extreme_sentences: n must be a whole number >= 1; got {n!r}")
    check_fraction(threshold, "threshold")
    if any(c in sentence_scores.columns for c in EXTREME_COLUMNS):
        raise ValueError(f"extreme_sentences: sentence_scores already has column(s) {[c for c in EXTREME_COLUMNS if c in sentence_scores.columns]}")
    compound = pd.to_numeric(sentence_scores["compound"], errors="raise").astype("float64")
    positive = sentence_scores.loc[(compound >= threshold).to_numpy()]
    positive = positive.iloc[np.argsort(-compound.loc[positive.index].to_numpy(), kind="stable")].head(n)
    negative = sentence_scores.loc[(compound <= -threshold).to_numpy()]
    negative = negative.iloc[np.argsort(compound.loc[negative.index].to_numpy(), kind="stable")].head(n)
    parts = [part.assign(tone=tone, rank=np.arange(1, len(part) + 1, dtype="int64")) for tone, part in (("positive", positive), ("negative", negative))]
    out = pd.concat(parts, ignore_index=True)
    out = out[[*EXTREME_COLUMNS, *sentence_scores.columns]]
    return out.astype({"tone": "string", "rank": "int64"})


def strongest_sentence(sentence_scores: pd.DataFrame) -> str:
    """Return the text of the sentence with the largest absolute VADER compound ("" when there is none).

    The sentence a report explains word by word with
    :func:`analysis.sentiment.explain_sentence`; ties go to the earlier row.

    >>> strongest_sentence(pd.DataFrame({"text": ["Calm.", "A grave crisis.", "Good."], "compound": [0.0, -0.6, 0.44]}))
    'A grave crisis.'
    >>> strongest_sentence(pd.DataFrame({"text": [], "compound": []}))
    ''
    """
    require_columns(sentence_scores, ["text", "compound"], "strongest_sentence: sentence_scores")
    if sentence_scores.empty:
        return ""
    strength = pd.to_numeric(sentence_scores["compound"], errors="raise").abs().to_numpy()
    return str(sentence_scores["text"].iloc[int(np.argmax(strength))])


# --------------------------------------------------------------------------- one actor


def select_documents(docs: pd.DataFrame | Iterable[pd.DataFrame], *, doc_ids: Iterable[str]) -> pd.DataFrame:
    """The rows of the documents *doc_ids* from a documents frame or from frames one after another, in their order.

    Feed it :func:`analysis.cache.iter_corpus_batches` to read a few
    documents' texts from a large corpus holding one batch of texts at a time:
    the same frame as ``read_corpus(entry, columns=..., doc_ids=...)`` (same
    columns, dtypes, ``attrs``), with a clean index. Ids not in the corpus are
    ignored.

    >>> batches = [pd.DataFrame({"doc_id": ["a", "b"], "text": ["A.", "B."]}), pd.DataFrame({"doc_id": ["c"], "text": ["C."]})]
    >>> select_documents(batches, doc_ids=["c", "a"])["doc_id"].tolist()
    ['a', 'c']
    """
    if isinstance(doc_ids, str):
        raise TypeError(f"select_documents: doc_ids must be a list of document ids, not the string {doc_ids!r}")
    wanted = [str(d) for d in doc_ids]
    first, kept = None, []
    for frame in [docs] if isinstance(docs, pd.DataFrame) else docs:
        require_columns(frame, [DOC_ID], "select_documents")
        rows = frame.loc[frame[DOC_ID].astype(str).isin(wanted)]
        first = rows if first is None else first
        if len(rows):
            kept.append(rows)
    if first is None:
        raise ValueError("select_documents: docs gave no frame (not even an empty one)")
    selected = pd.concat(kept, ignore_index=True) if len(kept) > 1 else (kept[0] if kept else first).reset_index(drop=True)
    selected.attrs = dict(first.attrs)
    return selected


def select_mentions(mentions: pd.DataFrame, actor: str, *, level: Level = "actor") -> pd.DataFrame:
    """Return the mentions (:func:`analysis.find_actors` rows) that name *actor*, in document order.

    With ``level="actor"``, rows whose ``actor`` is *actor*; with
    ``level="state"`` also the rows whose ``state`` is *actor* (its leaders,
    for a state or organisation), as ``actor_edges(level="state")`` and
    ``actor_tone(by="state")`` count them. An actor with no mention is refused
    with the most-mentioned ids, so a misspelt id does not give an empty report.

    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_id": [0, 1, 0], "actor": ["azerbaijan", "ilham_aliyev", "russia"],
    ...                   "state": ["azerbaijan", "azerbaijan", "russia"], "start": [0, 20, 0]})
    >>> select_mentions(m, "azerbaijan", level="state")["actor"].tolist()
    ['azerbaijan', 'ilham_aliyev']
    >>> select_mentions(m, "azerbaijan")["actor"].tolist()
    ['azerbaijan']
    """
    require_columns(mentions, [DOC_ID, SENT_ID, "actor", "start"] + (["state"] if level == "state" else []), "select_mentions: mentions")
    check_choice(level, LEVELS, "level")
    if not isinstance(actor, str) or not actor:
        raise ValueError(f"select_mentions: actor must be a non-empty actor id; got {actor!r}")
    chosen = _mask(mentions, actor, level)
    if not chosen.any():
        common = mentions["actor"].astype(str).value_counts().head(10).index.tolist()
        raise ValueError(f"actor {actor!r} is not named in the mentions (level={level!r}); the most mentioned actors are: {', '.join(common) or 'none'}")
    out = mentions.loc[chosen]
    return out.sort_values([DOC_ID, "start"], kind="stable").reset_index(drop=True)


def _mask(mentions: pd.DataFrame, actor: str, level: str) -> np.ndarray:
    chosen = mentions["actor"].astype("string").eq(actor).fillna(False)
    if level == "state":
        chosen = chosen | mentions["state"].astype("string").eq(actor).fillna(False)
    return chosen.to_numpy(dtype=bool)


def mentions_by_document(mentions: pd.DataFrame) -> pd.DataFrame:
    """Return how often each document names the actors of *mentions*, by form (:data:`DOCUMENT_MENTION_COLUMNS`).

    *mentions* are :func:`analysis.find_actors` rows, usually one actor's
    (:func:`select_mentions`). Per document: mentions, distinct sentences,
    mentions in each form (name, capital, demonym, leader, acronym) and the
    surfaces used with their counts, commonest first (as
    :func:`analysis.actors.actor_summary` does per actor). Sorted by ``n_mentions``
    (descending), then ``doc_id``.

    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_id": [0, 0, 3], "form": ["name", "capital", "name"],
    ...                   "surface": ["Azerbaijan", "Baku", "Azerbaijan"]})
    >>> mentions_by_document(m)[["doc_id", "n_mentions", "n_sentences", "n_name", "n_capital", "surfaces"]]
      doc_id  n_mentions  n_sentences  n_name  n_capital                   surfaces
    0      a           2            1       1          1  Azerbaijan (1); Baku (1)
    1      b           1            1       1          0             Azerbaijan (1)
    """
    require_columns(mentions, [DOC_ID, SENT_ID, "form", "surface"], "mentions_by_document: mentions")
    counts = {c: "int64" for c in DOCUMENT_MENTION_COLUMNS if c.startswith("n_")}
    if mentions.empty:
        return pd.DataFrame({c: [] for c in DOCUMENT_MENTION_COLUMNS}).astype({DOC_ID: "string", "surfaces": "string", **counts})
    # grouped operations, not a loop over documents: an actor of a large corpus is named in thousands of them
    m = pd.DataFrame({DOC_ID: mentions[DOC_ID].to_numpy(), SENT_ID: mentions[SENT_ID].to_numpy(),
                      "form": mentions["form"].astype(str).to_numpy(), "surface": mentions["surface"].astype(str).to_numpy(dtype=object)})
    out = m.groupby(DOC_ID, sort=True).size().rename("n_mentions").to_frame()
    out["n_sentences"] = m.drop_duplicates([DOC_ID, SENT_ID]).groupby(DOC_ID, sort=True).size()
    forms = m.groupby([DOC_ID, "form"]).size().unstack(fill_value=0)
    for form in FORMS:
        out[f"n_{form}"] = forms[form] if form in forms.columns else 0
    surfaces = m.groupby([DOC_ID, "surface"], sort=False).size().rename("n").reset_index()
    surfaces["key"] = [(-n, s) for n, s in zip(surfaces["n"], surfaces["surface"])]  # commonest first, then by surface, as sorted() orders
    surfaces = surfaces.sort_values([DOC_ID, "key"], kind="stable")
    surfaces["text"] = [f"{s} ({n})" for s, n in zip(surfaces["surface"], surfaces["n"])]
    out["surfaces"] = surfaces.groupby(DOC_ID, sort=True)["text"].agg("; ".join)
    out = out.reset_index()[DOCUMENT_MENTION_COLUMNS]
    out = out.sort_values(["n_mentions", DOC_ID], ascending=[False, True], kind="stable", ignore_index=True)
    return out.astype({DOC_ID: "string", "surfaces": "string", **counts})


def sentences_naming(sentence_scores: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Return the sentences that hold at least one of *mentions*, with ``n_mentions`` and ``surfaces`` added.

    *sentence_scores* are ``Scores.sentences`` (any sentence frame with
    ``doc_id, sent_id``), *mentions* :func:`analysis.find_actors` rows (usually
    :func:`select_mentions`). ``surfaces`` lists the names as written, in text
    order, separated by "; ". Rows keep the order of *sentence_scores*.
    This is the sentence-level co-occurrence unit of :func:`analysis.sentiment.actor_tone`
    (van Atteveldt et al. 2021): the sentence's tone is not necessarily the
    tone towards the actor.

    >>> scores = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [0, 1], "compound": [0.5, -0.2]})
    >>> m = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [1, 1], "surface": ["Baku", "Azerbaijan"], "start": [30, 10]})
    >>> sentences_naming(scores, m)
      doc_id  sent_id  compound  n_mentions            surfaces
    0      a        1      -0.2           2  Azerbaijan; Baku
    """
    require_columns(sentence_scores, [DOC_ID, SENT_ID], "sentences_naming: sentence_scores")
    require_columns(mentions, [DOC_ID, SENT_ID, "surface"], "sentences_naming: mentions")
    clash = [c for c in NAMING_COLUMNS if c in sentence_scores.columns]
    if clash:
        raise ValueError(f"sentences_naming: sentence_scores already has column(s) {clash}")
    ordered = mentions.sort_values([DOC_ID, SENT_ID, "start"], kind="stable") if "start" in mentions.columns else mentions
    keys = pd.DataFrame({DOC_ID: ordered[DOC_ID].astype(str).to_numpy(), SENT_ID: ordered[SENT_ID].astype("int64").to_numpy(),
                         "surface": ordered["surface"].astype(str).to_numpy()})
    named = keys.groupby([DOC_ID, SENT_ID], sort=False).agg(n_mentions=("surface", "size"), surfaces=("surface", "; ".join)).reset_index()
    left = pd.DataFrame({DOC_ID: sentence_scores[DOC_ID].astype(str).to_numpy(), SENT_ID: sentence_scores[SENT_ID].astype("int64").to_numpy()})
    joined = left.merge(named, on=[DOC_ID, SENT_ID], how="left", validate="many_to_one")
    keep = joined["n_mentions"].notna().to_numpy()
    out = sentence_scores.loc[keep].assign(
        n_mentions=joined.loc[keep, "n_mentions"].astype("int64").to_numpy(),
        surfaces=joined.loc[keep, "surfaces"].astype("string").to_numpy(),
    )
    return out.reset_index(drop=True)


def ego_network(edges: pd.DataFrame, actor: str, *, alters: bool = True) -> pd.DataFrame:
    """Return the ego network of *actor* in a co-mention edge table, with ``tie`` = ``ego`` or ``alters``.

    *edges* are :func:`analysis.actors.actor_edges` rows (``source, target,
    n_sentences, n_docs``). ``ego`` ties link *actor* to each actor named in
    a sentence with it; with ``alters=True`` the ties among those neighbours
    are added (``tie="alters"``), the first-order zone of an ego network
    (Wasserman & Faust 1994, ch. 2; Crossley et al. 2015, *Social Network
    Analysis for Ego-Nets*). Ego ties first, each part in the input's order.

    >>> edges = pd.DataFrame({"source": ["az", "az", "kz", "cn"], "target": ["kz", "ru", "ru", "us"],
    ...                       "n_sentences": [3, 1, 2, 5], "n_docs": [2, 1, 1, 1]})
    >>> ego_network(edges, "az")
      source target  n_sentences  n_docs    tie
    0     az     kz            3       2    ego
    1     az     ru            1       1    ego
    2     kz     ru            2       1  alters
    """
    require_columns(edges, ["source", "target", "n_sentences", "n_docs"], "ego_network: edges")
    source, target = edges["source"].astype(str), edges["target"].astype(str)
    ego = (source == actor) | (target == actor)
    neighbours = set(source[ego]) | set(target[ego])
    between = source.isin(neighbours) & target.isin(neighbours) & ~ego if alters else pd.Series(False, index=edges.index)
    out = pd.concat([edges.loc[ego].assign(tie="ego"), edges.loc[between].assign(tie="alters")], ignore_index=True)
    return out[EGO_COLUMNS].astype({"tie": "string"})


def frames_around(hits: pd.DataFrame, mentions: pd.DataFrame, actor: str, *, level: Level = "actor") -> pd.DataFrame:
    """Return the frames of the sentences that name *actor* (:data:`FRAMES_AROUND_COLUMNS`).

    *hits* are :func:`analysis.match_frames` rows, *mentions*
    :func:`analysis.find_actors` rows (all actors: *actor*'s are selected as
    by :func:`select_mentions`, its leaders too with ``level="state"``). From
    :func:`analysis.framing.frame_actors` (Entman 1993: which frames an actor is told
    in): ``n_sentences`` sentences carry the frame and name the actor,
    ``share_of_actor`` is their part of the ``n_actor_sentences`` naming the
    actor (what the actor's sentences are about), ``share_of_frame`` their part
    of the frame's ``n_frame_sentences``. Only frames that occur with the
    actor get a row; sorted by ``n_sentences`` (descending), then frame.

    >>> hits = pd.DataFrame({"doc_id": ["d"] * 3, "sent_id": [0, 1, 2], "frame": ["security", "security", "economy"]})
    >>> m = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 2], "actor": ["azerbaijan", "ilham_aliyev"],
    ...                   "state": ["azerbaijan", "azerbaijan"], "start": [0, 5]})
    >>> frames_around(hits, m, "azerbaijan", level="state").to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'frame': 'economy', 'actor': 'azerbaijan', 'n_sentences': 1, 'n_actor_sentences': 2, 'share_of_actor': 0.5,
      'n_frame_sentences': 1, 'share_of_frame': 1.0},
     {'frame': 'security', 'actor': 'azerbaijan', 'n_sentences': 1, 'n_actor_sentences': 2, 'share_of_actor': 0.5,
      'n_frame_sentences': 2, 'share_of_frame': 0.5}]
    """
    chosen = select_mentions(mentions, actor, level=level)
    relabelled = pd.DataFrame({DOC_ID: chosen[DOC_ID].to_numpy(), SENT_ID: chosen[SENT_ID].to_numpy(), "actor": actor})
    out = frame_actors(hits, relabelled)
    out = out.assign(share_of_actor=out["n_sentences"] / out["n_actor_sentences"])
    out = out.sort_values(["n_sentences", "frame"], ascending=[False, True], kind="stable", ignore_index=True)
    return out[FRAMES_AROUND_COLUMNS]


def quotes_about(quotes: pd.DataFrame, mentions: pd.DataFrame, actor: str, *, level: Level = "actor") -> pd.DataFrame:
    """Return the quotes that name *actor*: the quote's columns, then ``named_in`` and ``surfaces``.

    *quotes* are :func:`analysis.find_quotes` rows, *mentions*
    :func:`analysis.find_actors` rows of the same documents (*actor*'s are
    selected as by :func:`select_mentions`; none is not an error here).
    A quote names the actor when one of its mentions lies inside the quoted
    text (``named_in="text"``: what the voice says about it), else inside the
    speaker span (``"speaker"``: the actor, or its leader, speaks), else in the
    sentence where the quote starts (``"sentence"``: the attribution or the
    lead names it). ``surfaces`` lists the names found there. Offsets are
    compared within one document only. Rows keep the order of *quotes*.

    >>> quotes = pd.DataFrame({"doc_id": ["d", "d", "d"], "quote_id": [0, 1, 2], "sent_id": [0, 1, 3],
    ...     "start": [1, 40, 90], "end": [30, 70, 120], "speaker_start": [pd.NA, 75, pd.NA], "speaker_end": [pd.NA, 81, pd.NA]})
    >>> m = pd.DataFrame({"doc_id": ["d", "d", "d"], "sent_id": [0, 1, 2], "actor": ["azerbaijan"] * 3,
    ...     "surface": ["Baku", "Aliyev", "Azerbaijan"], "start": [5, 75, 85], "end": [9, 81, 95]})
    >>> quotes_about(quotes, m, "azerbaijan")[["quote_id", "named_in", "surfaces"]]
       quote_id named_in surfaces
    0         0     text     Baku
    1         1  speaker   Aliyev
    """
    require_columns(quotes, [DOC_ID, "quote_id", SENT_ID, "start", "end"], "quotes_about: quotes")
    require_columns(mentions, [DOC_ID, SENT_ID, "actor", "surface", "start", "end"] + (["state"] if level == "state" else []), "quotes_about: mentions")
    check_choice(level, LEVELS, "level")
    chosen = mentions.loc[_mask(mentions, actor, level)]
    spans = pd.DataFrame({
        DOC_ID: chosen[DOC_ID].astype(str).to_numpy(), "m_sent": chosen[SENT_ID].astype("int64").to_numpy(),
        "m_start": chosen["start"].astype("int64").to_numpy(), "m_end": chosen["end"].astype("int64").to_numpy(),
        "surface": chosen["surface"].astype(str).to_numpy(),
    }).sort_values([DOC_ID, "m_start"], kind="stable")
    speaker_start = _optional_int(quotes, "speaker_start")
    speaker_end = _optional_int(quotes, "speaker_end")
    keys = pd.DataFrame({
        "_row": np.arange(len(quotes)), DOC_ID: quotes[DOC_ID].astype(str).to_numpy(),
        "q_sent": quotes[SENT_ID].astype("int64").to_numpy(), "q_start": quotes["start"].astype("int64").to_numpy(),
        "q_end": quotes["end"].astype("int64").to_numpy(), "s_start": speaker_start, "s_end": speaker_end,
    })
    pairs = keys.merge(spans, on=DOC_ID)  # within one document: quotes x this actor's mentions there
    inside_text = (pairs["m_start"] >= pairs["q_start"]) & (pairs["m_end"] <= pairs["q_end"])
    inside_speaker = (pairs["m_start"] >= pairs["s_start"]) & (pairs["m_end"] <= pairs["s_end"])
    in_sentence = pairs["m_sent"] == pairs["q_sent"]
    pairs["rank"] = np.select([inside_text.to_numpy(), inside_speaker.fillna(False).to_numpy(dtype=bool), in_sentence.to_numpy()], [0, 1, 2], default=3)
    pairs = pairs.loc[pairs["rank"] < 3]
    best = pairs.groupby("_row")["rank"].min().rename("best")
    pairs = pairs.join(best, on="_row")
    pairs = pairs.loc[pairs["rank"] == pairs["best"]]
    found = pairs.groupby("_row", sort=True).agg(best=("best", "first"), surfaces=("surface", "; ".join))
    out = quotes.iloc[found.index.to_numpy()].reset_index(drop=True)
    out = out.assign(named_in=[NAMED_IN[int(r)] for r in found["best"]], surfaces=found["surfaces"].to_numpy())
    return out.astype({"named_in": "string", "surfaces": "string"})


def _optional_int(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="coerce").astype("float64").to_numpy()


# --------------------------------------------------------------------------- checks




# --------------------------------------------------------------------------- resources


def resources_used(resources: Mapping[str, Mapping], *, documents: pd.DataFrame, frame_hits: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Return one row per resource the corpus was scored with (``frames``, ``actors``) and how much each found.

    *resources* is what a scored corpus records of them
    (:func:`analysis.cache.read_resources`: ``frames`` with ``name`` and
    ``method``, ``actors`` with ``name``); *documents* the ``documents`` table
    (``doc_id, scored, n_sentences``), *frame_hits* (``doc_id, sent_id, frame``)
    and *actors* (``doc_id, sent_id, actor``) the score tables. Columns:
    :data:`RESOURCE_COLUMNS`; ``n_found`` counts the distinct frames found or
    actors named; ``share_of_sentences`` is ``n_sentences`` over the English
    (scored) sentences, missing when there are none.

    >>> documents = pd.DataFrame({"doc_id": ["a", "b"], "scored": [True, False], "n_sentences": [4, None]})
    >>> hits = pd.DataFrame({"doc_id": ["a", "a", "a"], "sent_id": [0, 0, 2], "frame": ["security", "status", "security"]})
    >>> mentions = pd.DataFrame({"doc_id": ["a"], "sent_id": [1], "actor": ["china"]})
    >>> used = resources_used({"frames": {"name": "eurasia", "method": "dictionary"}, "actors": {"name": "default"}},
    ...                       documents=documents, frame_hits=hits, actors=mentions)
    >>> used[["resource", "name", "n_hits", "n_found", "n_sentences", "share_of_sentences"]]
      resource     name  n_hits  n_found  n_sentences  share_of_sentences
    0   frames  eurasia       3        2            2                0.50
    1   actors  default       1        1            1                0.25
    """
    require_columns(documents, [DOC_ID, "scored", "n_sentences"], "resources_used: documents")
    require_columns(frame_hits, [DOC_ID, SENT_ID, "frame"], "resources_used: frame_hits")
    require_columns(actors, [DOC_ID, SENT_ID, "actor"], "resources_used: actors")
    scored = documents["scored"].fillna(False).astype(bool)
    total = int(pd.to_numeric(documents.loc[scored, "n_sentences"], errors="coerce").fillna(0).sum())
    frames, gazetteer = resources.get("frames", {}), resources.get("actors", {})
    rows = []
    for resource, name, method, table, column in (
        ("frames", frames.get("name", ""), frames.get("method", "dictionary"), frame_hits, "frame"),
        ("actors", gazetteer.get("name", ""), "gazetteer", actors, "actor"),
    ):
        sentences = int(len(table[[DOC_ID, SENT_ID]].drop_duplicates()))
        rows.append((resource, str(name), str(method), int(len(table)), int(table[column].nunique()), int(table[DOC_ID].nunique()),
                     sentences, sentences / total if total else np.nan))
    out = pd.DataFrame(rows, columns=RESOURCE_COLUMNS)
    return out.astype({"resource": "string", "name": "string", "method": "string", "n_hits": "int64", "n_found": "int64",
                       "n_documents": "int64", "n_sentences": "int64", "share_of_sentences": "float64"})


def suggest_scheme(used: pd.DataFrame, *, corpus: str) -> str | None:
    """The command that reports on *corpus* with the generic scheme, when the eurasia scheme does not fit it; else ``None``.

    The rule: the corpus was scored with the :data:`TOPIC_SCHEME` scheme (its
    dictionary or a learned model of it), it has English sentences, and
    frames were found in fewer than :data:`SCHEME_FIT_SHARE` of them
    (*used* is :func:`resources_used`). The command keeps the method
    (``eurasia:model`` suggests ``generic:model``) and an actor list other
    than the shipped one (``--actors FILE``). *corpus* is the report's
    ``corpus`` parameter: a path or pattern, a JSON list of paths, or
    ``<DataFrame>`` (then the library call is given).

    >>> used = pd.DataFrame({"resource": ["frames"], "name": ["eurasia"], "method": ["dictionary"], "share_of_sentences": [0.1]})
    >>> suggest_scheme(used, corpus="/data/wikinews 2019.csv")
    "python -m analysis report --corpus '/data/wikinews 2019.csv' --scheme generic"
    >>> suggest_scheme(used.assign(share_of_sentences=0.8), corpus="seeds") is None
    True
    """
    require_columns(used, ["resource", "name", "method", "share_of_sentences"], "suggest_scheme: used")
    frames = used.loc[used["resource"] == "frames"]
    if frames.empty:
        return None
    row = frames.iloc[0]
    share = row["share_of_sentences"]
    if str(row["name"]).partition(":")[0] != TOPIC_SCHEME or pd.isna(share) or share >= SCHEME_FIT_SHARE:
        return None
    scheme = FALLBACK_SCHEME if row["method"] in ("dictionary", "", None) else f"{FALLBACK_SCHEME}:{row['method']}"
    listed = used.loc[used["resource"] == "actors", "name"]
    actors = None if listed.empty or str(listed.iloc[0]) in ("default", "") else str(listed.iloc[0])
    if corpus == "<DataFrame>":
        return f'analysis.report.run_suite(corpus=frame, out="reports", frames="{scheme}"' + (f", actors={actors!r})" if actors else ")")
    try:
        paths = json.loads(corpus) if corpus.startswith("[") else [corpus]
    except ValueError:
        paths = [corpus]
    return (f"python -m analysis report --corpus {' '.join(shlex.quote(str(p)) for p in paths)} --scheme {scheme}"
            + (f" --actors {shlex.quote(actors)}" if actors else ""))


def resources_note(used: pd.DataFrame, *, corpus: str, suggest: bool = True) -> HTML:
    """Return an escaped HTML note: the frame dictionary and the actor list used, how much each found, and any scheme advice.

    *used* is :func:`resources_used`; *corpus* the report's ``corpus``
    parameter, for the command :func:`suggest_scheme` gives when the eurasia
    scheme found frames in fewer than :data:`SCHEME_FIT_SHARE` of the English
    sentences (a corpus report); with ``suggest=False`` only the figures (a
    report on one document or one actor).

    >>> used = pd.DataFrame({"resource": ["frames", "actors"], "name": ["eurasia", "default"], "method": ["dictionary", "gazetteer"],
    ...                      "n_hits": [3, 1], "n_found": [2, 1], "n_documents": [1, 1], "n_sentences": [2, 1], "share_of_sentences": [0.5, 0.25]})
    >>> note = str(resources_note(used, corpus="seeds"))
    >>> note[note.index("the eurasia"):note.index(".</p>")]
    'the eurasia dictionary found 3 keyword hits of 2 frames in 2 English sentences (50% of the English sentences), in 1 document'
    >>> "--scheme generic" in note, "--scheme generic" in str(resources_note(used.assign(share_of_sentences=0.1), corpus="seeds"))
    (False, True)
    """
    require_columns(used, RESOURCE_COLUMNS, "resources_note: used")
    parts = []
    for row in used.itertuples(index=False):
        share = "" if pd.isna(row.share_of_sentences) else f" ({row.share_of_sentences:.0%} of the English sentences)"
        name = html.escape(_resource_name(str(row.name)))
        if pd.isna(row.share_of_sentences):  # no English sentence: nothing was looked for, which is not "found nothing"
            what = f"the {name} frame scheme" if row.resource == "frames" else (
                "the shipped actor list" if row.name == "default" else f"the actor list {name}")
            parts.append(f"<p><b>{'Frames' if row.resource == 'frames' else 'Actors'}:</b> {what}, not looked for: "
                         "there is no English sentence.</p>")
        elif row.resource == "frames":
            if row.method == "dictionary":
                what, hit = f"the {name} dictionary", "keyword hit"
            else:  # one hit per sentence and frame the model finds
                what, hit = f"the learned {html.escape(name.partition(':')[0])} frame model ({html.escape(str(row.method))})", "hit"
            parts.append(f"<p><b>Frames:</b> {what} found {row.n_hits:,} {hit}{'s' if row.n_hits != 1 else ''} "
                         f"of {row.n_found} frame{'s' if row.n_found != 1 else ''} in {row.n_sentences:,} English sentence"
                         f"{'s' if row.n_sentences != 1 else ''}{share}, in {row.n_documents:,} document{'s' if row.n_documents != 1 else ''}.</p>")
        else:
            list_name = "shipped actor list (states, leaders, organisations)" if row.name == "default" else f"actor list {name}"
            parts.append(f"<p><b>Actors:</b> the {list_name} found {row.n_hits:,} mention{'s' if row.n_hits != 1 else ''} "
                         f"of {row.n_found} actor{'s' if row.n_found != 1 else ''} in {row.n_sentences:,} English sentence"
                         f"{'s' if row.n_sentences != 1 else ''}{share}, in {row.n_documents:,} document{'s' if row.n_documents != 1 else ''}.</p>")
    command = suggest_scheme(used, corpus=corpus) if suggest else None
    if command is not None:
        parts.append(f"<p><b>The {TOPIC_SCHEME} scheme finds little here</b>: its frames are in fewer than {SCHEME_FIT_SHARE:.0%} of the "
                     "English sentences, so this corpus is probably not about its topic (connectivity, diplomacy and status in "
                     f"Eurasia). The {FALLBACK_SCHEME} news frames (conflict, economic consequences, human interest, morality, "
                     f"responsibility) fit news on any topic:</p><pre>{html.escape(command)}</pre>")
    return HTML(f'<div class="analysis-note">{"".join(parts)}</div>')


def _resource_name(name: str) -> str:
    """A resource as a note names it: a shipped scheme by its name, a file by its file name."""
    return Path(name).name if ("/" in name or "\\" in name) else name
