"""Corpus statistics from tidy token and sentence tables.

Counts follow quanteda's ``textstat_frequency``: a term's frequency is the
number of its tokens, its document frequency the number of documents it occurs
in (Manning, Raghavan & Schütze 2008, ch. 6). Every function takes the tidy
token table of :func:`analysis.tokenize` (terms are its ``norm`` column) and
returns a new frame; each cites its method in its docstring:

- :func:`ngrams` — n-gram counts within sentences;
- :func:`collocations` — PMI / log-likelihood bigrams with NLTK's
  ``BigramCollocationFinder`` (Church & Hanks 1990; Dunning 1993);
- :func:`keyness` — signed G² and log ratio between two groups of documents
  (Dunning 1993; Rayson & Garside 2000; Hardie 2014);
- :func:`kwic` — keyword in context with character offsets;
- :func:`lexical_diversity` — TTR and MATTR (Covington & McFall 2010);
- :func:`dispersion` — Gries's DP and Juilland's D (Gries 2008), with
  :func:`locate_terms` for a dispersion plot.

Two conventions hold throughout. *words_only* keeps tokens that are not
punctuation and contain a letter; *drop_stopwords* drops tokens flagged
``is_stop``. A dropped token leaves a gap: n-grams, collocations and phrase
matches never span it (quanteda's ``padding = TRUE``). Everything runs in time
linear in the number of tokens, apart from one ``O(n log n)`` sort into
document and token order.
"""

from __future__ import annotations

import fnmatch
import math
import re
from collections.abc import Iterable, Iterator
from typing import Literal

import numpy as np
import pandas as pd

from .checks import check_choice, check_int, require_table
from .metrics import ratio
from .schema import DOC_ID, SENT_ID, TOKEN_ID
from .tokens import APOSTROPHES

#: Columns of :func:`term_frequencies`.
TERM_FREQUENCY_COLUMNS = ["term", "n", "n_docs"]
#: Columns of :func:`summarize_documents`.
DOCUMENT_SUMMARY_COLUMNS = [DOC_ID, "n_sentences", "n_tokens", "n_words", "n_removed"]
#: Columns of :func:`ngrams`.
NGRAM_COLUMNS = ["ngram", "n", "n_docs"]
#: Columns of :func:`collocations` (before the score column, named after the measure).
COLLOCATION_COLUMNS = ["w1", "w2", "n", "n_w1", "n_w2"]
#: Columns of :func:`keyness`.
KEYNESS_COLUMNS = ["term", "n_target", "n_reference", "total_target", "total_reference", "g2", "log_ratio", "p_value"]
#: Columns of :func:`kwic`.
KWIC_COLUMNS = [DOC_ID, SENT_ID, TOKEN_ID, "start", "end", "left", "match", "right"]
#: Columns of :func:`lexical_diversity`.
LEXICAL_DIVERSITY_COLUMNS = [DOC_ID, "n_tokens", "n_types", "ttr", "mattr"]
#: Columns of :func:`dispersion`.
DISPERSION_COLUMNS = ["term", "n", "n_parts_with", "n_parts", "dp", "dp_norm", "juilland_d"]
#: Columns of :func:`locate_terms`.
POSITION_COLUMNS = [DOC_ID, "term", TOKEN_ID, "start", "end", "relative_position"]

#: The count a zero frequency is replaced by in the log ratio (Hardie 2014), so the ratio stays finite.
LOG_RATIO_ZERO_COUNT = 0.5

#: Association measures of :func:`collocations`: output column -> ``BigramAssocMeasures`` method.
_MEASURES = {"llr": "likelihood_ratio", "pmi": "pmi"}
#: A token table, or token tables read one after another (a document's rows together), as the counting statistics take them.
TokenTable = pd.DataFrame | Iterable[pd.DataFrame]
#: The low half of a pair key: a pair of term codes is stored as ``w1 << 32 | w2``.
_LOW_32 = (1 << 32) - 1

#: Curly apostrophes read as ``'``, as in the ``norm`` column of :func:`analysis.tokenize`.
_TOKEN_FLAGS = [DOC_ID, SENT_ID, TOKEN_ID, "norm", "is_stop", "is_punct"]


def term_frequencies(tokens: TokenTable, *, words_only: bool = True, drop_stopwords: bool = True) -> pd.DataFrame:
    """Return one row per term (``norm``) with ``n`` (tokens) and ``n_docs`` (documents), most frequent first.

    With *words_only*, tokens that are punctuation or contain no letter are left
    out; with *drop_stopwords*, stopwords are. *tokens* is a token table or an
    iterable of token tables in document order (e.g. the record batches of
    :func:`analysis.cache.iter_table_batches`): the counts are accumulated
    chunk by chunk, so memory grows with the vocabulary, not the corpus, and
    the result is the same as for the whole table.

    >>> tokens = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "norm": ["baku", "the", "baku", "."],
    ...                        "is_stop": [False, True, False, False], "is_punct": [False, False, False, True]})
    >>> term_frequencies(tokens)
       term  n  n_docs
    0  baku  2       2
    >>> term_frequencies([tokens.iloc[:2], tokens.iloc[2:]], words_only=False, drop_stopwords=False)
       term  n  n_docs
    0  baku  2       2
    1     .  1       1
    2   the  1       1
    """
    vocabulary: dict = {}
    n = np.zeros(0, dtype="int64")
    n_docs = np.zeros(0, dtype="int64")
    for chunk in _whole_documents(tokens, [DOC_ID, "norm", "is_stop", "is_punct"], "term_frequencies: tokens"):
        kept = chunk.loc[_keep_mask(chunk, words_only=words_only, drop_stopwords=drop_stopwords), [DOC_ID, "norm"]]
        kept = kept.loc[kept["norm"].notna()]  # a missing term is no term (as a group-by drops it)
        codes = _term_codes(kept["norm"].to_numpy(dtype=object), vocabulary)
        size = len(vocabulary)
        n = _grown(n, size) + np.bincount(codes, minlength=size)
        documents = pd.factorize(kept[DOC_ID])[0].astype("int64")
        pairs = np.unique(documents * size + codes)  # each (document, term) once; a document is never split across chunks
        n_docs = _grown(n_docs, size) + np.bincount(pairs % size if size else pairs, minlength=size)
    out = pd.DataFrame({"term": pd.Series(list(vocabulary), dtype=object), "n": n, "n_docs": n_docs})
    out = out.sort_values(["n", "n_docs", "term"], ascending=[False, False, True], kind="stable").reset_index(drop=True)
    return out.astype({"term": "string", "n": "int64", "n_docs": "int64"})


def summarize_documents(docs: pd.DataFrame, sentences: pd.DataFrame, tokens: pd.DataFrame) -> pd.DataFrame:
    """Return one row per document: ``doc_id, n_sentences, n_tokens, n_words, n_removed``.

    ``n_words`` counts tokens that are not punctuation; ``n_removed`` is the
    number of lines cleaning removed (0 when the frame has no such column).
    """
    require_table(docs, "documents", [DOC_ID], "summarize_documents: docs")
    require_table(sentences, "sentences", [DOC_ID], "summarize_documents: sentences")
    require_table(tokens, "tokens", [DOC_ID, "is_punct"], "summarize_documents: tokens")
    out = docs[[DOC_ID]].copy()
    out["n_sentences"] = out[DOC_ID].map(sentences.groupby(DOC_ID).size()).fillna(0).astype("int64")
    out["n_tokens"] = out[DOC_ID].map(tokens.groupby(DOC_ID).size()).fillna(0).astype("int64")
    words = tokens.loc[~tokens["is_punct"].astype(bool)]
    out["n_words"] = out[DOC_ID].map(words.groupby(DOC_ID).size()).fillna(0).astype("int64")
    out["n_removed"] = docs["n_removed"].fillna(0).astype("int64").to_numpy() if "n_removed" in docs.columns else 0
    return out.reset_index(drop=True)


def ngrams(tokens: pd.DataFrame, *, n: int = 2, words_only: bool = True, drop_stopwords: bool = False) -> pd.DataFrame:
    """Return one row per n-gram: ``ngram, n, n_docs``, most frequent first.

    An n-gram is *n* consecutive tokens (by ``token_id``) of one sentence, their
    ``norm`` joined by a space; it never crosses a sentence boundary, nor a
    token dropped by *words_only* / *drop_stopwords* (nor a gap in
    ``token_id``). ``n`` is the number of occurrences, ``n_docs`` the number of
    documents it occurs in; ties are broken by ``n_docs``, then alphabetically.
    Method: word n-gram counts as in quanteda's ``tokens_ngrams`` followed by
    ``textstat_frequency`` (Manning & Schütze 1999, ch. 6).

    >>> tokens = pd.DataFrame({"doc_id": ["a"] * 5, "sent_id": [0, 0, 0, 1, 1], "token_id": range(5),
    ...                        "norm": ["middle", "corridor", ".", "middle", "corridor"],
    ...                        "is_stop": False, "is_punct": [False, False, True, False, False]})
    >>> ngrams(tokens)
                 ngram  n  n_docs
    0  middle corridor  2       1
    """
    check_int(n, "ngrams: n", minimum=1)
    require_table(tokens, "tokens", _TOKEN_FLAGS, "ngrams: tokens")
    ordered = _in_order(tokens)
    keep = _keep_mask(ordered, words_only=words_only, drop_stopwords=drop_stopwords).to_numpy()
    doc = ordered[DOC_ID].to_numpy(dtype=object)
    sent = ordered[SENT_ID].to_numpy()
    token_id = ordered[TOKEN_ID].to_numpy()
    norm = ordered["norm"].astype(str).to_numpy(dtype=object)
    starts = max(len(ordered) - n + 1, 0)
    valid = keep[:starts].copy()
    for k in range(1, n):
        later = slice(k, k + starts)
        valid &= keep[later] & (doc[later] == doc[:starts]) & (sent[later] == sent[:starts])
        valid &= token_id[later] == token_id[:starts] + k
    joined = pd.Series(norm[:starts][valid], dtype=object)
    for k in range(1, n):
        joined = joined + " " + norm[k : k + starts][valid]
    grams = pd.DataFrame({"ngram": joined, DOC_ID: doc[:starts][valid]})
    out = (
        grams.groupby("ngram", sort=False)
        .agg(n=(DOC_ID, "size"), n_docs=(DOC_ID, "nunique"))
        .reset_index()
        .sort_values(["n", "n_docs", "ngram"], ascending=[False, False, True], kind="stable")
        .reset_index(drop=True)
    )
    return out.reindex(columns=NGRAM_COLUMNS).astype({"ngram": "string", "n": "int64", "n_docs": "int64"})


def collocations(
    tokens: TokenTable,
    *,
    measure: Literal["llr", "pmi"] = "llr",
    min_count: int = 3,
    window: int = 2,
    top: int | None = None,
    words_only: bool = True,
    drop_stopwords: bool = True,
) -> pd.DataFrame:
    """Return one row per bigram collocation: ``w1, w2, n, n_w1, n_w2`` and the score, best first.

    Method: NLTK's ``BigramCollocationFinder`` built with ``from_documents``
    on one word list (``norm``) per sentence, so bigrams never cross a sentence;
    scores are NLTK's ``BigramAssocMeasures``:

    - ``"llr"``: the log-likelihood ratio G² of the 2×2 contingency table
      (Dunning 1993; Manning & Schütze 1999, §5.3.4), column ``llr``;
    - ``"pmi"``: pointwise mutual information
      ``log2(n · N / (n_w1 · n_w2))`` (Church & Hanks 1990; Manning & Schütze
      1999, §5.4), column ``pmi``.

    ``n`` counts the pair (``w2`` within ``window - 1`` tokens after ``w1`` in
    the same sentence; with ``window > 2`` NLTK divides it by ``window - 1``
    before scoring, after Church & Hanks 1990); ``n_w1`` and ``n_w2`` are the
    words' token counts and ``N`` is the number of tokens, punctuation and
    stopwords included. Pairs seen fewer than *min_count* times are dropped
    (``apply_freq_filter``), then pairs containing a word removed by
    *words_only* / *drop_stopwords* (``apply_word_filter``: the counts above
    stay those of the whole text, as in NLTK's own examples). *top* keeps the
    best rows only; ties are ordered by ``w1, w2`` as NLTK orders them.

    *tokens* is a token table or an iterable of token tables in document order
    (a document's rows together, e.g. the record batches of
    :func:`analysis.cache.iter_table_batches`): word and pair counts are
    accumulated chunk by chunk as integer codes, and NLTK's finder is built
    from them, so memory grows with the vocabulary of words and pairs, not the
    corpus, and the result is the same as for the whole table.

    >>> words = "the middle corridor opened . the middle corridor grew . the middle east".split()
    >>> tokens = pd.DataFrame({"doc_id": "d", "sent_id": [0] * 5 + [1] * 5 + [2] * 3, "token_id": range(13),
    ...                        "norm": words, "is_stop": [w == "the" for w in words], "is_punct": [w == "." for w in words]})
    >>> collocations(tokens, measure="pmi", min_count=2)
           w1        w2  n  n_w1  n_w2       pmi
    0  middle  corridor  2     3     2  2.115477
    """
    check_choice(measure, tuple(_MEASURES), "collocations: measure")
    check_int(min_count, "collocations: min_count", minimum=1)
    check_int(window, "collocations: window", minimum=2)
    if top is not None:
        check_int(top, "collocations: top", minimum=1)
    from nltk.collocations import BigramCollocationFinder
    from nltk.metrics import BigramAssocMeasures
    from nltk.probability import FreqDist

    word_n, pairs, vocabulary, excluded = _bigram_counts(tokens, window=window, words_only=words_only, drop_stopwords=drop_stopwords)
    terms = list(vocabulary)
    # NLTK's finder built from the accumulated counts: word_fd holds every word, ngram_fd only the pairs that pass
    # apply_freq_filter and apply_word_filter (the filters and the scores are NLTK's, on the same counts)
    keys, counts = pairs
    frequent = counts >= min_count
    word_fd = FreqDist(dict(zip(terms, word_n.tolist())))
    bigram_fd = FreqDist({(terms[key >> 32], terms[key & _LOW_32]): count for key, count in zip(keys[frequent].tolist(), counts[frequent].tolist())})
    finder = BigramCollocationFinder(word_fd, bigram_fd, window_size=window)
    finder.apply_freq_filter(min_count)
    finder.apply_word_filter(excluded.__contains__)
    scored = finder.score_ngrams(getattr(BigramAssocMeasures, _MEASURES[measure]))
    if top is not None:
        scored = scored[:top]
    rows = [(w1, w2, finder.ngram_fd[(w1, w2)], finder.word_fd[w1], finder.word_fd[w2], s) for (w1, w2), s in scored]
    out = pd.DataFrame(rows, columns=[*COLLOCATION_COLUMNS, measure])
    return out.astype({"w1": "string", "w2": "string", "n": "int64", "n_w1": "int64", "n_w2": "int64", measure: "float64"})


def keyness(
    tokens: pd.DataFrame,
    target: str | Iterable[str],
    *,
    reference: str | Iterable[str] | None = None,
    min_count: int = 1,
    words_only: bool = True,
    drop_stopwords: bool = False,
) -> pd.DataFrame:
    """Return the keyness of every term in the *target* documents against the *reference* documents.

    *target* and *reference* are ``doc_id`` values (a single string is one
    document); *reference* defaults to every other document. To compare groups
    by metadata, pass e.g. ``docs.loc[docs.outlet == "A", "doc_id"]``. One row
    per term with at least *min_count* tokens in the two groups together:
    ``term, n_target, n_reference, total_target, total_reference, g2,
    log_ratio, p_value``, sorted by ``g2`` from most over-used in the target to
    most under-used.

    - ``g2``: log-likelihood G² = 2 Σ O ln(O/E) over the four cells of the 2×2
      table (term / other tokens × target / reference) (Dunning 1993;
      Rayson & Garside 2000), signed: negative when the term's relative
      frequency is lower in the target than in the reference.
    - ``p_value``: of |G²| against χ² with one degree of freedom.
    - ``log_ratio``: ``log2((n_target / total_target) / (n_reference /
      total_reference))`` (Hardie 2014): +1 means twice as frequent in the
      target. A zero count is replaced by ``LOG_RATIO_ZERO_COUNT`` (0.5) so
      the value stays finite — treat such rows as "at least this much".

    Totals count the tokens kept by *words_only* / *drop_stopwords* in each group.

    >>> tokens = pd.DataFrame({"doc_id": ["a"] * 4 + ["b"] * 4, "norm": list("xxyz") + list("xyzz"),
    ...                        "is_stop": False, "is_punct": False})
    >>> keyness(tokens, ["a"])[["term", "n_target", "n_reference", "g2", "log_ratio"]]
      term  n_target  n_reference        g2  log_ratio
    0    x         2            1  0.541153        1.0
    1    y         1            1  0.000000        0.0
    2    z         1            2 -0.541153       -1.0
    """
    check_int(min_count, "keyness: min_count", minimum=1)
    require_table(tokens, "tokens", [DOC_ID, "norm", "is_stop", "is_punct"], "keyness: tokens")
    known = pd.unique(tokens[DOC_ID])
    target_ids = _doc_ids(target, "target", known)
    if reference is None:
        chosen = set(target_ids)
        reference_ids = [d for d in known if d not in chosen]
        if not reference_ids:
            raise ValueError(
                "keyness: target covers every document, so the default reference (all other documents) is empty; "
                "pass reference="
            )
    else:
        reference_ids = _doc_ids(reference, "reference", known)
        overlap = sorted(set(target_ids) & set(reference_ids))
        if overlap:
            raise ValueError(
                f"keyness: documents {overlap[:5]} are in both target and reference; the groups must not overlap"
            )
    kept = tokens.loc[_keep_mask(tokens, words_only=words_only, drop_stopwords=drop_stopwords), [DOC_ID, "norm"]]
    in_target = kept[DOC_ID].isin(target_ids)
    in_reference = kept[DOC_ID].isin(reference_ids)
    total_target, total_reference = int(in_target.sum()), int(in_reference.sum())
    for name, total in (("target", total_target), ("reference", total_reference)):
        if total == 0:
            raise ValueError(
                f"keyness: the {name} documents have no tokens left "
                f"(words_only={words_only}, drop_stopwords={drop_stopwords})"
            )
    counts = pd.DataFrame(
        {
            "n_target": kept.loc[in_target].groupby("norm").size(),
            "n_reference": kept.loc[in_reference].groupby("norm").size(),
        }
    ).fillna(0)
    return keyness_from_counts(counts.index.astype(str), counts["n_target"], counts["n_reference"],
                               total_target=total_target, total_reference=total_reference, min_count=min_count)


def keyness_from_counts(
    terms: Iterable[str],
    n_target: Iterable[float],
    n_reference: Iterable[float],
    *,
    total_target: int,
    total_reference: int,
    min_count: int = 1,
) -> pd.DataFrame:
    """Return :func:`keyness`'s table from counts already made: one term per position of *terms*, *n_target*, *n_reference*.

    The measures, columns and order are :func:`keyness`'s (it finishes with
    this function); use it when the counts were accumulated elsewhere, e.g.
    chunk by chunk (:func:`analysis.compare.keyness_by_group`). *total_target*
    and *total_reference* are the groups' token totals; terms with fewer than
    *min_count* tokens in the two groups together are left out.

    >>> keyness_from_counts(["x", "y"], [2, 1], [1, 3], total_target=3, total_reference=4)[["term", "g2", "log_ratio"]]
      term        g2  log_ratio
    0    x  1.242947   1.415037
    1    y -1.242947  -1.169925
    """
    check_int(min_count, "keyness: min_count", minimum=1)
    a = np.asarray(n_target, dtype=float)
    b = np.asarray(n_reference, dtype=float)
    terms = np.asarray(terms, dtype=object)
    if not len(a) == len(b) == len(terms):
        raise ValueError(f"keyness_from_counts: terms, n_target and n_reference must have one value per term; got {len(terms)}, {len(a)} and {len(b)}")
    keep = a + b >= min_count
    a, b, terms = a[keep], b[keep], terms[keep]
    g2 = _signed_g2(a, b, total_target, total_reference)
    out = pd.DataFrame(
        {
            "term": terms.astype(str),
            "n_target": a.astype("int64"),
            "n_reference": b.astype("int64"),
            "total_target": total_target,
            "total_reference": total_reference,
            "g2": g2,
            "log_ratio": _log_ratio(a, b, total_target, total_reference),
            "p_value": [math.erfc(math.sqrt(abs(g) / 2)) for g in g2],
        }
    )
    out = out.sort_values(["g2", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return out.astype({"term": "string", "total_target": "int64", "total_reference": "int64"})


def _signed_g2(a: np.ndarray, b: np.ndarray, total_a: int, total_b: int) -> np.ndarray:
    """G² of the tables ``[[a, b], [total_a - a, total_b - b]]``, signed by ``a/total_a - b/total_b``."""
    observed = [a, b, total_a - a, total_b - b]
    n = total_a + total_b
    expected = [total_a * (a + b) / n, total_b * (a + b) / n, total_a * (n - a - b) / n, total_b * (n - a - b) / n]
    g2 = 2 * sum(_o_log_o_over_e(o, e) for o, e in zip(observed, expected))
    return np.sign(a / total_a - b / total_b) * np.maximum(g2, 0.0)


def _o_log_o_over_e(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    safe = np.where(observed > 0, observed, 1.0)
    return np.where(observed > 0, observed * np.log(safe / np.where(expected > 0, expected, 1.0)), 0.0)


def _log_ratio(a: np.ndarray, b: np.ndarray, total_a: int, total_b: int) -> np.ndarray:
    a = np.where(a == 0, LOG_RATIO_ZERO_COUNT, a)
    b = np.where(b == 0, LOG_RATIO_ZERO_COUNT, b)
    return np.log2((a / total_a) / (b / total_b))


def kwic(
    tokens: pd.DataFrame,
    pattern: str,
    *,
    window: int = 5,
    valuetype: Literal["glob", "regex", "fixed"] = "glob",
    case_sensitive: bool = False,
    docs: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return one row per match of *pattern*: ``doc_id, sent_id, token_id, start, end, left, match, right``.

    Keyword in context, as quanteda's ``kwic``. *pattern* is split on
    whitespace into one pattern per token; a match is that many consecutive
    tokens of one sentence, each matching its pattern as a whole (a phrase
    also matches a single token joined from it, e.g. ``Middle Corridor``
    tokenized with ``phrases=``). Patterns are tested against ``norm``
    (case-folded, curly apostrophes straightened in pattern and token alike),
    or against ``token`` when *case_sensitive*:

    - ``"glob"``: ``*`` matches any characters, ``?`` one (``azerbaijan*``);
    - ``"regex"``: a Python regular expression that must match the whole token;
    - ``"fixed"``: the exact string.

    *window* is in tokens: ``left`` and ``right`` hold up to *window* tokens on
    each side, within the document (they may cross sentences). ``start`` and
    ``end`` are character offsets of the match in the document's text,
    ``token_id`` is its first token. With *docs* (``doc_id, text``), ``match``
    is ``text[start:end]`` exactly and ``left`` / ``right`` are the original
    text with whitespace runs shown as one space; without it they are the
    tokens joined by spaces (so ``text[start:end] == match`` holds for
    single-token matches only). Rows follow document order, then text order.

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["Baku hosts the Middle  Corridor talks."]})
    >>> import analysis
    >>> kwic(analysis.tokenize(analysis.split_sentences(docs)), "middle corridor", window=2, docs=docs)
      doc_id  sent_id  token_id  start  end       left             match   right
    0      d        0         3     15   31  hosts the  Middle  Corridor  talks.
    """
    check_int(window, "kwic: window", minimum=0)
    check_choice(valuetype, ("glob", "regex", "fixed"), "kwic: valuetype")
    if not isinstance(pattern, str) or not pattern.split():
        raise ValueError(f"kwic: pattern must be a non-empty string, got {pattern!r}")
    require_table(tokens, "tokens", [DOC_ID, SENT_ID, TOKEN_ID, "start", "end", "token", "norm"], "kwic: tokens")
    texts = _doc_texts(docs, tokens, "kwic") if docs is not None else None
    ordered = _in_order(tokens)
    column = ordered["token" if case_sensitive else "norm"].astype(str)
    words = (pattern if case_sensitive else pattern.translate(APOSTROPHES)).split()
    doc = ordered[DOC_ID].to_numpy(dtype=object)
    sent = ordered[SENT_ID].to_numpy()
    token_id = ordered[TOKEN_ID].to_numpy()
    size = len(ordered)
    # hits as (first position, last position) in the ordered frame
    first_positions, last_positions = [], []
    k = len(words)
    starts = max(size - k + 1, 0)
    valid = _matches(column, words[0], valuetype, case_sensitive)[:starts]
    for j in range(1, k):
        later = slice(j, j + starts)
        valid &= _matches(column, words[j], valuetype, case_sensitive)[later]
        valid &= (doc[later] == doc[:starts]) & (sent[later] == sent[:starts]) & (token_id[later] == token_id[:starts] + j)
    first_positions.append(np.flatnonzero(valid))
    last_positions.append(first_positions[-1] + k - 1)
    if k > 1:
        single = column.str.replace(r"\s+", " ", regex=True)  # a joined token keeps the text's spacing
        joined = np.flatnonzero(_matches(single, " ".join(words), valuetype, case_sensitive))
        first_positions.append(joined)
        last_positions.append(joined)
    first = np.concatenate(first_positions)
    last = np.concatenate(last_positions)
    order = np.argsort(first, kind="stable")
    first, last = first[order], last[order]
    position = ordered.groupby(DOC_ID, sort=False).cumcount().to_numpy()
    doc_size = ordered.groupby(DOC_ID, sort=False)[DOC_ID].transform("size").to_numpy()
    left_from = first - np.minimum(window, position[first])
    right_to = last + np.minimum(window, doc_size[last] - 1 - position[last])
    token_start = ordered["start"].to_numpy()
    token_end = ordered["end"].to_numpy()
    shown = ordered["token"].astype(str).to_numpy(dtype=object)
    lefts, matches, rights = [], [], []
    for f, l, lf, rt in zip(first, last, left_from, right_to):
        if texts is None:
            lefts.append(" ".join(shown[lf:f]))
            matches.append(" ".join(shown[f : l + 1]))
            rights.append(" ".join(shown[l + 1 : rt + 1]))
        else:
            text = texts[doc[f]]
            lefts.append(" ".join(text[token_start[lf] : token_start[f]].split()))
            matches.append(text[token_start[f] : token_end[l]])
            rights.append(" ".join(text[token_end[l] : token_end[rt]].split()))
    out = pd.DataFrame(
        {
            DOC_ID: doc[first],
            SENT_ID: sent[first],
            TOKEN_ID: token_id[first],
            "start": token_start[first],
            "end": token_end[last],
            "left": lefts,
            "match": matches,
            "right": rights,
        },
        columns=KWIC_COLUMNS,
    )
    return out.astype({DOC_ID: "string", SENT_ID: "int64", TOKEN_ID: "int64", "start": "int64", "end": "int64",
                       "left": "string", "match": "string", "right": "string"})


def _matches(values: pd.Series, pattern: str, valuetype: str, case_sensitive: bool) -> np.ndarray:
    """Whether each value matches *pattern* as a whole; tested once per distinct value."""
    if valuetype == "glob":
        regex = re.compile(fnmatch.translate(pattern if case_sensitive else pattern.casefold()))
    elif valuetype == "regex":
        try:
            regex = re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)
        except re.error as error:
            raise ValueError(f"kwic: pattern {pattern!r} is not a valid regular expression ({error})") from None
    else:
        target = pattern if case_sensitive else pattern.casefold()
        return np.array(values == target, dtype=bool)
    distinct = pd.unique(values)
    hits = [v for v in distinct if regex.fullmatch(v)]
    return np.array(values.isin(hits), dtype=bool)


def lexical_diversity(tokens: pd.DataFrame, *, window: int = 50, words_only: bool = True) -> pd.DataFrame:
    """Return one row per document: ``doc_id, n_tokens, n_types, ttr, mattr``.

    Types are distinct ``norm`` values; with *words_only* punctuation and
    tokens without a letter are left out. ``ttr`` is ``n_types / n_tokens``.
    ``mattr`` is the moving-average type-token ratio (Covington & McFall 2010,
    *Cutting the Gordian knot: the moving-average type-token ratio*, Journal of
    Quantitative Linguistics 17(2)): the mean TTR of every run of *window*
    consecutive tokens; a document with fewer tokens than *window* gets its TTR
    (one shorter window), and a document with no tokens left gets NaN.

    MATTR is computed in linear time without sliding a set: a token is the
    first of its type in the windows that start after the type's previous
    occurrence and still contain the token, so the number of types summed over
    all windows is a sum of one interval length per token.

    >>> tokens = pd.DataFrame({"doc_id": "d", "token_id": range(6), "norm": list("abacab"),
    ...                        "is_stop": False, "is_punct": False})
    >>> lexical_diversity(tokens, window=3)
      doc_id  n_tokens  n_types  ttr     mattr
    0      d         6        3  0.5  0.833333
    """
    check_int(window, "lexical_diversity: window", minimum=1)
    require_table(tokens, "tokens", [DOC_ID, TOKEN_ID, "norm", "is_stop", "is_punct"], "lexical_diversity: tokens")
    ordered = _in_order(tokens)
    doc_ids = pd.unique(ordered[DOC_ID])
    kept = ordered.loc[_keep_mask(ordered, words_only=words_only, drop_stopwords=False), [DOC_ID, "norm"]]
    by_doc = kept.groupby(DOC_ID, sort=False)
    position = by_doc.cumcount().to_numpy()
    length = by_doc["norm"].transform("size").to_numpy()
    previous = kept.assign(position=position).groupby([DOC_ID, "norm"], sort=False)["position"].shift(1)
    previous = previous.fillna(-1).to_numpy(dtype=np.int64)
    last_window = length - window  # index of the last full window; negative when the document is short
    low = np.maximum(position - window + 1, previous + 1)
    high = np.minimum(position, last_window)
    first_in = np.maximum(high - np.maximum(low, 0) + 1, 0)
    summary = pd.DataFrame({DOC_ID: kept[DOC_ID].to_numpy(), "norm": kept["norm"].to_numpy(), "first_in": first_in})
    grouped = summary.groupby(DOC_ID, sort=False)
    out = pd.DataFrame({DOC_ID: doc_ids})
    out["n_tokens"] = out[DOC_ID].map(grouped.size()).fillna(0).astype("int64")
    out["n_types"] = out[DOC_ID].map(grouped["norm"].nunique()).fillna(0).astype("int64")
    out["ttr"] = ratio(out["n_types"], out["n_tokens"])
    windows = (out["n_tokens"] - window + 1).where(out["n_tokens"] >= window)
    moving = out[DOC_ID].map(grouped["first_in"].sum()) / (window * windows)
    out["mattr"] = moving.where(out["n_tokens"] >= window, out["ttr"]).astype("float64")
    return out.astype({DOC_ID: "string", "ttr": "float64"}).reset_index(drop=True)


def dispersion(
    tokens: pd.DataFrame,
    terms: Iterable[str] | None = None,
    *,
    by: str = DOC_ID,
    words_only: bool = True,
) -> pd.DataFrame:
    """Return how evenly each term spreads over the corpus parts: ``term, n, n_parts_with, n_parts, dp, dp_norm, juilland_d``.

    The parts are the values of column *by* of *tokens* (default: documents;
    e.g. an ``outlet`` column merged in from the documents frame). A part's
    size is its number of tokens (after *words_only*); parts with no tokens are
    left out. *terms* (matched to ``norm`` after case folding) default to every
    term; a requested term that never occurs gets ``n = 0`` and NaN measures.
    ``n`` is the term's frequency, ``n_parts_with`` the number of parts it
    occurs in (its range), ``n_parts`` the number of parts. Sorted by ``n``,
    then ``term``. For frequencies per document, count :func:`locate_terms`.

    - ``dp``: Gries's deviation of proportions (Gries 2008, *Dispersions and
      adjusted frequencies in corpora*, IJCL 13(4)): ``0.5 · Σ |v_i − s_i|``
      with ``v_i`` the part's share of the term's tokens and ``s_i`` its share
      of the corpus; 0 = spread as the part sizes predict, near 1 = all in one
      small part.
    - ``dp_norm``: ``dp / (1 − min s_i)`` (Lijffijt & Gries 2012, IJCL 17(1)), in [0, 1].
    - ``juilland_d``: Juilland's D, ``1 − V / sqrt(k − 1)`` with ``V`` the
      coefficient of variation (population standard deviation / mean) of the
      term's relative frequencies ``f_i / size_i`` over the ``k`` parts (as
      reviewed in Gries 2008; relative frequencies make unequal parts
      comparable); NaN with one part.

    Cost is linear: zero-frequency parts enter DP as ``1 − Σ_{f_i > 0} s_i``
    and D through sums, never as a term × part matrix.

    >>> tokens = pd.DataFrame({"doc_id": list("aabbcc"), "norm": list("xyxyyy"), "is_stop": False, "is_punct": False})
    >>> dispersion(tokens)
      term  n  n_parts_with  n_parts        dp  dp_norm  juilland_d
    0    y  4             3        3  0.166667     0.25        0.75
    1    x  2             2        3  0.333333     0.50        0.50
    """
    require_table(tokens, "tokens", [DOC_ID, by, "norm", "is_stop", "is_punct"], "dispersion: tokens")
    wanted = _term_list(terms, "dispersion")
    kept = tokens.loc[_keep_mask(tokens, words_only=words_only, drop_stopwords=False), [by, "norm"]]
    kept = kept.astype({"norm": str})
    sizes = kept.groupby(by, sort=False).size()
    total, n_parts = int(sizes.sum()), len(sizes)
    if wanted is not None:
        kept = kept.loc[kept["norm"].isin(wanted)]
    cells = kept.groupby(["norm", by], sort=False).size().rename("f").reset_index()
    size = cells[by].map(sizes).to_numpy(dtype=float)
    f = cells["f"].to_numpy(dtype=float)
    term_n = cells.groupby("norm", sort=False)["f"].transform("sum").to_numpy(dtype=float)
    share = size / total if total else size
    rel = f / size
    cells = cells.assign(abs_diff=np.abs(f / term_n - share), share=share, rel=rel, rel2=rel**2)
    per_term = cells.groupby("norm", sort=False).agg(
        n=("f", "sum"), n_parts_with=("f", "size"), abs_diff=("abs_diff", "sum"), share=("share", "sum"),
        rel=("rel", "sum"), rel2=("rel2", "sum"),
    )
    if wanted is not None:
        per_term = per_term.reindex(pd.Index(wanted, name="norm"))
        per_term[["n", "n_parts_with"]] = per_term[["n", "n_parts_with"]].fillna(0)
    dp = 0.5 * (per_term["abs_diff"] + 1 - per_term["share"])
    min_share = sizes.min() / total if n_parts > 1 else np.nan
    mean = per_term["rel"] / max(n_parts, 1)
    variance = (per_term["rel2"] / max(n_parts, 1) - mean**2).clip(lower=0.0)
    cv = np.sqrt(variance) / mean
    juilland_d = 1 - cv / math.sqrt(n_parts - 1) if n_parts > 1 else cv * np.nan
    out = pd.DataFrame(
        {
            "term": per_term.index.astype(str),
            "n": per_term["n"].to_numpy(dtype="int64"),
            "n_parts_with": per_term["n_parts_with"].to_numpy(dtype="int64"),
            "n_parts": n_parts,
            "dp": dp.to_numpy(dtype=float),
            "dp_norm": (dp / (1 - min_share)).to_numpy(dtype=float),
            "juilland_d": juilland_d.to_numpy(dtype=float),
        }
    )
    out = out.sort_values(["n", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return out.astype({"term": "string", "n_parts": "int64"})


def locate_terms(tokens: pd.DataFrame, terms: Iterable[str], *, words_only: bool = True) -> pd.DataFrame:
    """Return one row per occurrence of *terms*: ``doc_id, term, token_id, start, end, relative_position``.

    The table behind a lexical dispersion plot (quanteda's ``textplot_xray``):
    ``relative_position`` is the token's place in its document, ``i / n`` for
    the *i*-th of the document's *n* tokens counting from 0 (after
    *words_only*), so it runs from 0 (first token) to just under 1. Terms are
    matched to ``norm`` after case folding. Rows follow document order, then
    text order; counting them by ``term, doc_id`` gives per-document frequencies.

    >>> tokens = pd.DataFrame({"doc_id": "d", "token_id": range(4), "start": [0, 5, 9, 14], "end": [4, 8, 13, 18],
    ...                        "norm": ["baku", "and", "baku", "ends"], "is_stop": False, "is_punct": False})
    >>> locate_terms(tokens, ["Baku"])
      doc_id  term  token_id  start  end  relative_position
    0      d  baku         0      0    4                0.0
    1      d  baku         2      9   13                0.5
    """
    require_table(tokens, "tokens", [DOC_ID, TOKEN_ID, "start", "end", "norm", "is_stop", "is_punct"], "locate_terms: tokens")
    wanted = _term_list(terms, "locate_terms")
    if wanted is None:
        raise ValueError("locate_terms: terms must be an iterable of terms, got None")
    ordered = _in_order(tokens)
    kept = ordered.loc[_keep_mask(ordered, words_only=words_only, drop_stopwords=False)]
    by_doc = kept.groupby(DOC_ID, sort=False)
    relative = by_doc.cumcount() / by_doc[DOC_ID].transform("size")
    hit = kept["norm"].astype(str).isin(wanted)
    out = pd.DataFrame(
        {
            DOC_ID: kept.loc[hit, DOC_ID].to_numpy(),
            "term": kept.loc[hit, "norm"].astype(str).to_numpy(),
            TOKEN_ID: kept.loc[hit, TOKEN_ID].to_numpy(),
            "start": kept.loc[hit, "start"].to_numpy(),
            "end": kept.loc[hit, "end"].to_numpy(),
            "relative_position": relative[hit].to_numpy(dtype=float),
        },
        columns=POSITION_COLUMNS,
    )
    return out.astype({DOC_ID: "string", "term": "string", TOKEN_ID: "int64", "start": "int64", "end": "int64"})


def _keep_mask(tokens: pd.DataFrame, *, words_only: bool, drop_stopwords: bool) -> pd.Series:
    """Tokens kept: with *words_only* not punctuation and containing a letter; with *drop_stopwords* not stopwords."""
    keep = pd.Series(True, index=tokens.index)
    if words_only:
        keep &= ~tokens["is_punct"].astype(bool) & tokens["norm"].astype(str).str.contains(r"[^\W\d_]", regex=True)
    if drop_stopwords:
        keep &= ~tokens["is_stop"].astype(bool)
    return keep


def _in_order(tokens: pd.DataFrame) -> pd.DataFrame:
    """*tokens* in document order (first appearance), then ``token_id`` order, with a clean index."""
    if TOKEN_ID not in tokens.columns:
        return tokens.reset_index(drop=True)
    doc_order = pd.factorize(tokens[DOC_ID])[0]
    order = np.lexsort((tokens[TOKEN_ID].to_numpy(), doc_order))
    return tokens.iloc[order].reset_index(drop=True)


def _whole_documents(tokens: TokenTable, columns: list[str], caller: str) -> Iterator[pd.DataFrame]:
    """*tokens* as chunks that each hold whole documents: a document cut at a chunk's end is carried to the next chunk.

    A table is one chunk. Chunks must keep a document's rows together (as the
    score tables are written); a document found again after other documents is
    refused, naming it.
    """
    if isinstance(tokens, pd.DataFrame):
        require_table(tokens, "tokens", columns, caller)
        yield tokens
        return
    if isinstance(tokens, (str, bytes)) or not isinstance(tokens, Iterable):
        raise TypeError(f"{caller} must be a token table or an iterable of token tables, got {type(tokens).__name__}")
    seen: set = set()
    carry = None
    for chunk in tokens:
        if not isinstance(chunk, pd.DataFrame):
            raise TypeError(f"{caller}: every chunk must be a token table (DataFrame), got {type(chunk).__name__}")
        require_table(chunk, "tokens", columns, caller)
        if carry is not None:
            chunk = pd.concat([carry, chunk], ignore_index=True)
        if not len(chunk):
            carry = chunk
            continue
        ids = chunk[DOC_ID].to_numpy(dtype=object)
        starts = np.r_[0, np.flatnonzero(ids[1:] != ids[:-1]) + 1]
        runs = ids[starts]
        repeated = [d for d in runs if d in seen] or pd.Index(runs)[pd.Index(runs).duplicated()].tolist()
        if repeated:
            raise ValueError(f"{caller}: the rows of document {repeated[0]!r} are not together; give the chunks in document order (as the score tables are written)")
        cut = int(starts[-1])
        seen.update(runs[:-1])
        carry = chunk.iloc[cut:]
        if cut:
            yield chunk.iloc[:cut]
    if carry is not None:
        yield carry


def _term_codes(terms: np.ndarray, vocabulary: dict) -> np.ndarray:
    """Integer codes of *terms* in *vocabulary* (term -> code), new terms added in order of first appearance."""
    codes, uniques = pd.factorize(terms)
    known = np.fromiter((vocabulary.setdefault(term, len(vocabulary)) for term in uniques), dtype="int64", count=len(uniques))
    return known[codes] if len(codes) else np.zeros(0, dtype="int64")


def _grown(counts: np.ndarray, size: int) -> np.ndarray:
    """*counts* padded with zeros to *size* (the vocabulary grew)."""
    return np.concatenate([counts, np.zeros(size - len(counts), dtype=counts.dtype)]) if size > len(counts) else counts


def _add_counts(totals: tuple[np.ndarray, np.ndarray] | None, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """*totals* (sorted integer keys, their counts) plus one count per element of *keys*; sorted arrays, no hash table."""
    new, counts = np.unique(np.asarray(keys, dtype="int64"), return_counts=True)
    if totals is None:
        return new, counts.astype("int64")
    known, known_counts = totals
    at = np.searchsorted(known, new)
    found = at < len(known)
    found[found] = known[at[found]] == new[found]
    known_counts = known_counts.copy()
    known_counts[at[found]] += counts[found]
    return np.insert(known, at[~found], new[~found]), np.insert(known_counts, at[~found], counts[~found])


def _bigram_counts(tokens: TokenTable, *, window: int, words_only: bool, drop_stopwords: bool):
    """Word and pair counts as NLTK's ``BigramCollocationFinder.from_documents`` makes them from one word list per sentence.

    Returns ``(word_n, pairs, vocabulary, excluded)``: the token count of each
    term code, the pair keys ``w1 << 32 | w2`` (sorted) and their counts (``w2`` within
    ``window - 1`` tokens after ``w1`` in one sentence), the vocabulary (term
    -> code) and the terms removed by *words_only* / *drop_stopwords*.
    """
    vocabulary: dict = {}
    word_n = np.zeros(0, dtype="int64")
    pairs = None
    excluded: set = set()
    for chunk in _whole_documents(tokens, _TOKEN_FLAGS, "collocations: tokens"):
        ordered = _in_order(chunk)
        norms = ordered["norm"].astype(str).to_numpy(dtype=object)
        excluded.update(norms[~_keep_mask(ordered, words_only=words_only, drop_stopwords=drop_stopwords).to_numpy()])
        codes = _term_codes(norms, vocabulary)
        word_n = _grown(word_n, len(vocabulary)) + np.bincount(codes, minlength=len(vocabulary))
        sentence = np.zeros(len(ordered), dtype="int64")
        sentence[_sentence_breaks(ordered)] = 1
        sentence = np.cumsum(sentence)
        for k in range(1, window):
            same = sentence[k:] == sentence[:-k]
            pairs = _add_counts(pairs, (codes[:-k][same] << 32) | codes[k:][same])
    if pairs is None:
        pairs = _add_counts(None, np.zeros(0, dtype="int64"))
    return word_n, pairs, vocabulary, excluded


def _sentence_breaks(ordered: pd.DataFrame) -> np.ndarray:
    """Positions where a new (document, sentence) starts in an ordered token frame, except the first."""
    doc = ordered[DOC_ID].to_numpy(dtype=object)
    sent = ordered[SENT_ID].to_numpy()
    changed = (doc[1:] != doc[:-1]) | (sent[1:] != sent[:-1])
    return np.flatnonzero(changed) + 1


def _doc_ids(ids: str | Iterable[str], name: str, known: np.ndarray) -> list:
    """The document ids *ids* (one string is one id), checked against the ids in the tokens frame."""
    if isinstance(ids, str):
        ids = [ids]
    try:
        ids = list(dict.fromkeys(ids))
    except TypeError:
        raise TypeError(f"keyness: {name} must be a doc_id or an iterable of doc_ids, got {type(ids).__name__}") from None
    if not ids:
        raise ValueError(f"keyness: {name} is empty; give at least one doc_id")
    known_set = set(known)
    unknown = [d for d in ids if d not in known_set]
    if unknown:
        raise ValueError(f"keyness: {name} has doc_id(s) not in tokens: {unknown[:5]}; known are e.g. {list(known[:5])}")
    return ids


def _doc_texts(docs: pd.DataFrame, tokens: pd.DataFrame, caller: str) -> dict:
    require_table(docs, "documents", [DOC_ID, "text"], f"{caller}: docs")
    texts = dict(zip(docs[DOC_ID], docs["text"]))
    missing = [d for d in pd.unique(tokens[DOC_ID]) if d not in texts]
    if missing:
        raise ValueError(
            f"{caller}: docs has no text for doc_id(s) {missing[:5]} found in tokens; "
            "pass the documents the tokens came from"
        )
    return texts


def _term_list(terms: Iterable[str] | None, caller: str) -> list[str] | None:
    if terms is None:
        return None
    if isinstance(terms, str):
        terms = [terms]
    try:
        listed = [str(t).casefold() for t in terms]
    except TypeError:
        raise TypeError(f"{caller}: terms must be an iterable of strings, got {type(terms).__name__}") from None
    if not listed:
        raise ValueError(f"{caller}: terms is empty; give at least one term (or None for all)")
    return list(dict.fromkeys(listed))


