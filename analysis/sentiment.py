"""Sentence tone with VADER, document and actor aggregates, lexicon tone, explanations and validation.

Methods and sources:

- **VADER** (Hutto & Gilbert 2014, *VADER: A Parsimonious Rule-based Model for
  Sentiment Analysis of Social Media Text*, ICWSM-14) scores each sentence.
  The reference implementation is the ``vaderSentiment`` package 3.3.2 (its
  lexicon ships in its wheel). Scores and explanations come from
  :mod:`analysis.vader`, the one VADER of this package: a linear-time port
  proven bit-identical to the reference, whose explanations equal those built
  from the reference's own internals and sum back to the score (tested). No
  code of ``vaderSentiment`` runs here. NLTK's port is not used (it has
  drifted from upstream fixes).
- VADER is never run on a whole article: its ``compound`` is a sum of word
  valences pushed through ``x / sqrt(x^2 + 15)`` and saturates near +/-1 on
  long texts. Documents are summarised from their sentences instead
  (:func:`summarize_sentiment`).
- A sentence is positive when ``compound >= 0.05``, negative when
  ``compound <= -0.05`` and neutral otherwise (the VADER authors' convention,
  ``THRESHOLD``).
- **Lexicon tone** follows GDELT's GKG Tone (Leetaru & Schrodt 2013, GDELT
  GKG codebook V2.1, field V1.5 TONE) and Lexicoder (Young & Soroka 2012,
  *Affective News: The Automated Coding of Sentiment in Political Texts*,
  Political Communication 29(2)): percent positive and negative words per 100
  words, net tone (positive % minus negative %) and polarity (% of words that
  are tonal), with the raw counts beside them. A word is a token that is not
  punctuation. By default the dictionary is VADER's lexicon (valence > 0 is
  positive, < 0 negative); any ``pattern, score`` lexicon can be plugged in
  (:func:`read_lexicon`), with ``*`` globs as in LIWC and Lexicoder
  (``econom*``).
- **Validation** against human ratings (:func:`validate_sentiment`): Pearson r
  with a Fisher-z confidence interval (Fisher 1921) and 3-class accuracy and
  F1, on the ground truth published with the VADER paper
  (read by :func:`analysis.validation.read_vader_groundtruth`).

Every function is pure and works on any chunk of documents; the cost of each
is linear in the number of rows it is given. Each measure takes one kind of
table per argument and names the table it got, and the call that makes the
right one, when handed another (:func:`analysis.checks.require_table`); none
reads a file: lexicons come from :mod:`analysis.lexicons`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from statistics import NormalDist
from types import MappingProxyType
from typing import Literal

import numpy as np
import pandas as pd

from .checks import check_choice, check_fraction, check_text_column, plain, require_columns, require_table
from .lexicons import check_lexicon, vader_lexicon
from .metrics import precision_recall_f1
from .schema import DOC_ID, END, PARA_ID, SENT_ID, START, TEXT, TOKEN_ID
from .vader import SCORE_NAMES, Explanation, explain, score_texts

#: VADER's four scores, in the order the package returns them.
VADER_COLUMNS = list(SCORE_NAMES)
#: :func:`score_sentences` output (``para_id`` follows ``sent_id`` when the input has it).
SENTENCE_SCORE_COLUMNS = [DOC_ID, SENT_ID, START, END, TEXT, *VADER_COLUMNS]
#: :func:`explain_sentence` output; :func:`explain_sentences` puts ``doc_id, sent_id`` first.
EXPLANATION_COLUMNS = ["word_id", "unit", START, END, "word", "lexicon_valence", "rule_valence", "valence", "cues"]
#: Sentence-tone counts and shares shared by :func:`summarize_sentiment` and :func:`actor_tone`.
SENTENCE_TONE_COLUMNS = [
    "compound_mean",
    "compound_median",
    "n_positive_sentences",
    "n_neutral_sentences",
    "n_negative_sentences",
    "share_positive",
    "share_neutral",
    "share_negative",
]
#: Lexicon tone figures (GDELT GKG Tone / Lexicoder), per 100 words, counts beside them.
LEXICON_TONE_COLUMNS = ["n_words", "n_positive_words", "n_negative_words", "pct_positive", "pct_negative", "net_tone", "polarity"]
#: :func:`summarize_sentiment` output: one row per document.
SUMMARY_COLUMNS = [DOC_ID, "n_sentences", *SENTENCE_TONE_COLUMNS, *LEXICON_TONE_COLUMNS]
#: :func:`actor_tone` output: one row per actor (or state).
ACTOR_TONE_COLUMNS = ["actor", "n_mentions", "n_sentences", "n_docs", *SENTENCE_TONE_COLUMNS]
#: :func:`match_lexicon` output: one row per token that a lexicon pattern matched.
HIT_COLUMNS = [DOC_ID, SENT_ID, TOKEN_ID, START, END, "token", "pattern", "score"]
#: What :func:`match_lexicon`, :func:`score_lexicon` and :func:`summarize_sentiment` need of a tokens table.
_TOKEN_INPUT = [DOC_ID, SENT_ID, TOKEN_ID, START, END, "token", "norm", "is_punct"]
#: :func:`validate_sentiment` output: one row.
VALIDATION_COLUMNS = ["n", "pearson_r", "pearson_low", "pearson_high", "accuracy", "f1_macro", "f1_weighted"]

#: |compound| at or above this is tonal (Hutto & Gilbert's convention for VADER).
THRESHOLD = 0.05
#: Human ratings in the VADER ground truth run from -4 to +4; dividing by this maps them to -1..1.
HUMAN_SCALE = 4.0
#: Tone classes, in the order counts and F1 are reported.
TONE_CLASSES = ("negative", "neutral", "positive")

By = Literal["document", "sentence"]
ActorKey = Literal["actor", "state"]


# --------------------------------------------------------------------------- VADER scores


def vader_scores(texts: Iterable[str]) -> pd.DataFrame:
    """Return VADER's ``neg, neu, pos, compound`` for each text, one row per text, no splitting.

    Scores are exactly those of ``vaderSentiment`` 3.3.2's
    ``SentimentIntensityAnalyzer.polarity_scores`` (Hutto & Gilbert 2014),
    rounded as it rounds them (3 decimals, ``compound`` 4). They are computed
    by :func:`analysis.vader.polarity_scores`, a port that gives the same
    scores bit for bit (tested on every human-rated snippet, seed and Wikinews
    sentence) at a cost linear in the text's length, where the reference grows
    with its square (``bench/vader.py``). The index is a clean ``RangeIndex``
    in input order. Score sentences, not articles: VADER's compound saturates
    on long texts.

    >>> vader_scores(["The book was good.", "A really bad, horrible book.", ""])
         neg    neu    pos  compound
    0  0.000  0.508  0.492    0.4404
    1  0.716  0.284  0.000   -0.8211
    2  0.000  0.000  0.000    0.0000
    """
    texts = _as_texts(texts, "texts")
    rows = score_texts(texts)
    return pd.DataFrame(np.array(rows, dtype="float64").reshape(len(rows), len(VADER_COLUMNS)), columns=VADER_COLUMNS)


def score_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """Return the sentences frame with VADER's ``neg, neu, pos, compound`` added (Hutto & Gilbert 2014).

    *sentences* needs ``doc_id, sent_id, start, end, text`` (as from
    :func:`analysis.split_sentences`). The result has the columns
    :data:`SENTENCE_SCORE_COLUMNS`, with ``para_id`` after ``sent_id`` when the
    input has it; offsets and text are passed through unchanged, rows keep
    their order, and the index is reset.

    >>> sentences = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1], "start": [0, 19],
    ...                           "end": [18, 35], "text": ["The book was good.", "It was NOT good."]})
    >>> scored = score_sentences(sentences)
    >>> scored.columns.tolist()
    ['doc_id', 'sent_id', 'start', 'end', 'text', 'neg', 'neu', 'pos', 'compound']
    >>> scored[["text", "neg", "neu", "pos", "compound"]]
                     text    neg    neu    pos  compound
    0  The book was good.  0.000  0.508  0.492    0.4404
    1    It was NOT good.  0.445  0.555  0.000   -0.3412
    """
    require_table(sentences, "sentences", [DOC_ID, SENT_ID, START, END, TEXT], "score_sentences: sentences")
    check_text_column(sentences, TEXT, "sentences")
    keep = [DOC_ID, SENT_ID, *([PARA_ID] if PARA_ID in sentences.columns else []), START, END, TEXT]
    out = sentences[keep].reset_index(drop=True)
    scores = vader_scores(out[TEXT].tolist())
    return pd.concat([out, scores], axis=1)


# --------------------------------------------------------------------------- explanations


def explain_sentence(text: str) -> pd.DataFrame:
    """Return why VADER scored *text* as it did: one row per VADER word, then one row for punctuation emphasis.

    VADER (Hutto & Gilbert 2014) as :func:`analysis.vader.explain` runs it:
    one pass of the linear-time VADER gives the scores and every word's
    valence, equal to those of ``vaderSentiment`` 3.3.2's own steps (emoji
    descriptions, ``SentiText`` -- split on white space, punctuation stripped
    from words longer than two characters --, ``sentiment_valence`` with the
    ``no`` rule, ALL-CAPS emphasis, boosters and dampeners in a 3-word window,
    negation, idioms and ``least``, then ``_but_check`` and
    ``_punctuation_emphasis``). Columns (:data:`EXPLANATION_COLUMNS`):

    - ``word_id`` counts VADER's words from 0; ``unit`` is ``"word"``, or
      ``"punctuation"`` for the last row;
    - ``start, end``: character offsets of the word in *text* (an emoji's
      description words point at the emoji); missing for the punctuation row;
    - ``word``: the word as VADER sees it (for the punctuation row, the ``!``
      and ``?`` of the text);
    - ``lexicon_valence``: the word's valence in VADER's lexicon (missing if
      it is not in it); ``rule_valence``: after the word-level rules;
      ``valence``: after the ``but`` rule -- what enters the sum. On the
      punctuation row ``valence`` is the signed emphasis added to the sum;
    - ``cues``: the rules whose trigger words are in the word's window
      (``negated``, ``boosted``, ``dampened``, ``caps``, ``least``,
      ``but x0.5``/``but x1.5``; ``modifier`` for boosters and ``kind of``
      themselves). Descriptive only: the valence columns are what counts.

    ``compound`` is ``round(s / sqrt(s * s + 15), 4)`` with ``s = sum(valence)``
    (sum in row order), which equals :func:`vader_scores`'s ``compound``.

    >>> explain_sentence("The plot was not great, but the cast is VERY good!")[
    ...     ["word", "start", "end", "lexicon_valence", "valence", "cues"]]
         word  start   end  lexicon_valence  valence               cues
    0     The      0     3              NaN    0.000
    1    plot      4     8              NaN    0.000
    2     was      9    12              NaN    0.000
    3     not     13    16              NaN    0.000
    4   great     17    22              3.1   -1.147  negated; but x0.5
    5     but     24    27              NaN    0.000
    6     the     28    31              NaN    0.000
    7    cast     32    36              NaN    0.000
    8      is     37    39              NaN    0.000
    9    VERY     40    44              NaN    0.000           modifier
    10   good     45    49              1.9    4.389  boosted; but x1.5
    11      !   <NA>  <NA>              NaN    0.292
    """
    if not isinstance(text, str):
        raise TypeError(f"explain_sentence: text must be a string; got {type(text).__name__} {text!r}")
    return _explanation_frame(_explanation_columns(explain(text), offset=0))


def explain_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """Return :func:`explain_sentence` for every sentence, with ``doc_id, sent_id`` first and document offsets.

    *sentences* is a sentences table (:func:`analysis.split_sentences`) with
    at least ``doc_id, sent_id, start, text``; ``start``/``end`` of a word row
    index the document's text (``docs.text[doc][start:end]`` is the word, or
    for an emoji the emoji). Same method as :func:`explain_sentence` (Hutto &
    Gilbert 2014), linear in the length of each sentence.

    >>> sentences = pd.DataFrame({"doc_id": ["d"], "sent_id": [3], "start": [10], "text": ["Not bad."]})
    >>> explain_sentences(sentences)[["doc_id", "sent_id", "word", "start", "end", "valence"]]
      doc_id  sent_id word  start   end  valence
    0      d        3  Not     10    13     0.00
    1      d        3  bad     14    17     1.85
    2      d        3        <NA>  <NA>     0.00
    """
    require_table(sentences, "sentences", [DOC_ID, SENT_ID, START, TEXT], "explain_sentences: sentences")
    check_text_column(sentences, TEXT, "sentences")
    columns: dict[str, list] = {name: [] for name in [DOC_ID, SENT_ID, *EXPLANATION_COLUMNS]}
    for doc_id, sent_id, offset, text in zip(sentences[DOC_ID], sentences[SENT_ID], sentences[START], sentences[TEXT]):
        part = _explanation_columns(explain(text), offset=int(offset))
        columns[DOC_ID].extend([doc_id] * len(part["word_id"]))
        columns[SENT_ID].extend([sent_id] * len(part["word_id"]))
        for name, values in part.items():
            columns[name].extend(values)
    return _explanation_frame(columns).astype({DOC_ID: "string", SENT_ID: "int64"})


def _explanation_columns(explanation: Explanation, *, offset: int) -> dict[str, list]:
    """The rows of one :class:`analysis.vader.Explanation` as columns: its words, then the punctuation row; offsets shifted by *offset*."""
    n_words = len(explanation.words)
    return {
        "word_id": list(range(n_words + 1)),
        "unit": ["word"] * n_words + ["punctuation"],
        START: [offset + start for start in explanation.starts] + [pd.NA],
        END: [offset + end for end in explanation.ends] + [pd.NA],
        "word": [*explanation.words, explanation.punctuation],
        "lexicon_valence": [*explanation.lexicon_valences, np.nan],
        "rule_valence": [*explanation.rule_valences, np.nan],
        "valence": [*explanation.valences, explanation.emphasis],
        "cues": [*explanation.cues, ""],
    }


def _explanation_frame(columns: dict[str, list]) -> pd.DataFrame:
    frame = pd.DataFrame(columns, columns=list(columns))
    return frame.astype({"word_id": "int64", "unit": "string", START: "Int64", END: "Int64", "word": "string",
                         "lexicon_valence": "float64", "rule_valence": "float64", "valence": "float64", "cues": "string"})


# --------------------------------------------------------------------------- lexicons


@dataclass(frozen=True)
class _Matcher:
    """Exact entries, prefix globs (``word*``) and other globs, matched in time linear in a word's length (immutable)."""

    exact: Mapping[str, tuple[str, float]]
    prefixes: Mapping[str, tuple[str, float]]
    pattern: re.Pattern | None
    others: tuple[tuple[str, float], ...]
    longest_prefix: int = 0

    def match(self, norm: str):
        """Return ``(pattern, score)`` for *norm*: an exact entry wins, then the glob with the most literal characters."""
        hit = self.exact.get(norm)
        if hit is not None:
            return hit
        best = None
        # No prefix glob is longer than the longest one: a very long word is not cut at every length.
        for k in range(min(len(norm), self.longest_prefix), -1, -1):
            hit = self.prefixes.get(norm[:k])
            if hit is not None:
                best = hit
                break
        if self.pattern is not None:
            found = self.pattern.fullmatch(norm)
            if found is not None:
                other = self.others[int(found.lastgroup[1:])]
                if best is None or _specificity(other[0]) > _specificity(best[0]):
                    best = other
        return best


def _specificity(pattern: str) -> tuple[int, str]:
    return (len(pattern.replace("*", "")), pattern)


def _compile_lexicon(lexicon: pd.DataFrame, name: str) -> _Matcher:
    check_lexicon(lexicon, name)
    exact: dict[str, tuple[str, float]] = {}
    prefixes: dict[str, tuple[str, float]] = {}
    others: list[tuple[str, float]] = []
    for pattern, score in zip(lexicon["pattern"], lexicon["score"]):
        key = pattern.strip().lower()
        entry = (key, float(score))
        if "*" not in key:
            exact[key] = entry
        elif key.endswith("*") and "*" not in key[:-1]:
            prefixes[key[:-1]] = entry
        else:
            others.append(entry)
    others.sort(key=lambda e: _specificity(e[0]), reverse=True)
    # The first alternative that matches the whole word wins, so the most specific glob is tried first.
    alternatives = "|".join(f"(?P<g{i}>{'.*'.join(re.escape(part) for part in p.split('*'))})" for i, (p, _) in enumerate(others))
    pattern = re.compile(alternatives, re.DOTALL) if others else None
    return _Matcher(MappingProxyType(exact), MappingProxyType(prefixes), pattern, tuple(others), max(map(len, prefixes), default=0))


@cache
def _vader_matcher() -> _Matcher:
    return _compile_lexicon(vader_lexicon(), "VADER lexicon")


def _matcher(lexicon: pd.DataFrame | None) -> _Matcher:
    if lexicon is None:
        return _vader_matcher()
    if not isinstance(lexicon, pd.DataFrame):
        raise TypeError(f"lexicon must be a DataFrame with 'pattern, score' (from read_lexicon) or None for VADER's; got {type(lexicon).__name__}")
    return _compile_lexicon(lexicon, "lexicon")


def match_lexicon(tokens: pd.DataFrame, lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per word token a lexicon entry matches: ``doc_id, sent_id, token_id, start, end, token, pattern, score``.

    *tokens* needs ``doc_id, sent_id, token_id, start, end, token, norm, is_punct``
    (as from :func:`analysis.tokenize`); punctuation tokens are never matched.
    Matching is on the lower-cased ``norm``: an exact pattern wins over globs;
    among globs the one with the most literal characters wins (then the
    alphabetically last, a fixed tie-break). Each distinct ``norm`` is looked
    up once, in time linear in its length (a dictionary for words, prefix
    lookups for ``word*``, one compiled regex for other globs). *lexicon* is a
    ``pattern, score`` frame (:func:`read_lexicon`) or ``None`` for VADER's
    (:func:`vader_lexicon`). Method: dictionary counting as in LIWC and
    Lexicoder (Young & Soroka 2012).

    >>> tokens = pd.DataFrame({"doc_id": ["d"] * 3, "sent_id": [0] * 3, "token_id": [0, 1, 2],
    ...     "start": [0, 4, 14], "end": [3, 13, 15], "token": ["The", "Economies", "."],
    ...     "norm": ["the", "economies", "."], "is_punct": [False, False, True]})
    >>> lexicon = pd.DataFrame({"pattern": ["econom*", "economies"], "score": [1.0, -1.0]})
    >>> match_lexicon(tokens, lexicon)
      doc_id  sent_id  token_id  start  end      token    pattern  score
    0      d        0         1      4   13  Economies  economies   -1.0
    """
    require_table(tokens, "tokens", _TOKEN_INPUT, "match_lexicon: tokens")
    matcher = _matcher(lexicon)
    words = tokens.loc[~tokens["is_punct"].astype(bool)]
    norms = words["norm"]
    if norms.isna().any():
        row = norms.index[norms.isna().to_numpy()][0]
        raise ValueError(f"tokens.norm is missing at row {plain(row)!r}; every token needs a norm")
    codes, distinct = pd.factorize(norms)  # each distinct norm is looked up once
    entries = [matcher.match(str(norm)) for norm in distinct]
    found = np.array([entry is not None for entry in entries], dtype=bool)[codes]
    hit_codes = codes[found]
    hits = words.loc[found, [DOC_ID, SENT_ID, TOKEN_ID, START, END, "token"]].reset_index(drop=True)
    hits["pattern"] = pd.array(np.array([e[0] if e else None for e in entries], dtype=object)[hit_codes], dtype="string")
    hits["score"] = np.array([e[1] if e else np.nan for e in entries], dtype="float64")[hit_codes]
    return hits


def score_lexicon(tokens: pd.DataFrame, lexicon: pd.DataFrame | None = None, *, by: By = "document") -> pd.DataFrame:
    """Return lexicon tone per document (or per sentence): counts, % positive/negative, net tone, polarity.

    Columns: ``doc_id`` (and ``sent_id`` with ``by="sentence"``), then
    :data:`LEXICON_TONE_COLUMNS`: ``n_words`` (tokens that are not
    punctuation), ``n_positive_words`` / ``n_negative_words`` (words whose
    matched score is > 0 / < 0), ``pct_positive`` and ``pct_negative`` (per
    100 words), ``net_tone = pct_positive - pct_negative`` and
    ``polarity = pct_positive + pct_negative`` (% tonal words) -- the figures
    of GDELT's GKG Tone (Leetaru & Schrodt 2013) and Lexicoder (Young &
    Soroka 2012). A unit with no words has missing percentages. Units come in
    order of first appearance in *tokens*. The matched tokens are
    :func:`match_lexicon` of the same arguments.

    >>> tokens = pd.DataFrame({"doc_id": ["d"] * 5, "sent_id": [0] * 5, "token_id": range(5),
    ...     "start": [0, 5, 8, 13, 18], "end": [4, 7, 12, 17, 19], "token": ["Baku", "is", "good", "calm", "."],
    ...     "norm": ["baku", "is", "good", "calm", "."], "is_punct": [False] * 4 + [True]})
    >>> score_lexicon(tokens).T
                            0
    doc_id                  d
    n_words                 4
    n_positive_words        2
    n_negative_words        0
    pct_positive         50.0
    pct_negative          0.0
    net_tone             50.0
    polarity             50.0
    """
    if by not in ("document", "sentence"):  # this message predates checks.check_choice and tests pin it
        raise ValueError(f"by must be 'document' or 'sentence'; got {by!r}")
    require_table(tokens, "tokens", _TOKEN_INPUT, "score_lexicon: tokens")
    hits = match_lexicon(tokens, lexicon)
    return _lexicon_tone(tokens, hits, [DOC_ID] if by == "document" else [DOC_ID, SENT_ID])


def _lexicon_tone(tokens: pd.DataFrame, hits: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    units = tokens[keys].drop_duplicates().reset_index(drop=True)
    words = tokens.loc[~tokens["is_punct"].astype(bool), keys]
    out = units.merge(words.groupby(keys, sort=False).size().rename("n_words").reset_index(), on=keys, how="left")
    for name, sign in (("n_positive_words", hits["score"] > 0), ("n_negative_words", hits["score"] < 0)):
        counts = hits.loc[sign, keys].groupby(keys, sort=False).size().rename(name).reset_index()
        out = out.merge(counts, on=keys, how="left")
    for name in ("n_words", "n_positive_words", "n_negative_words"):
        out[name] = out[name].fillna(0).astype("int64")
    n_words = out["n_words"].where(out["n_words"] > 0).astype("float64")
    out["pct_positive"] = 100.0 * out["n_positive_words"] / n_words
    out["pct_negative"] = 100.0 * out["n_negative_words"] / n_words
    out["net_tone"] = out["pct_positive"] - out["pct_negative"]
    out["polarity"] = out["pct_positive"] + out["pct_negative"]
    return out[[*keys, *LEXICON_TONE_COLUMNS]]


# --------------------------------------------------------------------------- aggregates


def summarize_sentiment(
    sentence_scores: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    lexicon: pd.DataFrame | None = None,
    threshold: float = THRESHOLD,
) -> pd.DataFrame:
    """Return one row per document: sentence-VADER aggregates and lexicon tone (:data:`SUMMARY_COLUMNS`).

    From *sentence_scores* (:func:`score_sentences`; needs ``doc_id, sent_id,
    compound``): ``n_sentences``, ``compound_mean``, ``compound_median``, the
    counts and shares of positive (``compound >= threshold``), neutral and
    negative (``<= -threshold``) sentences (Hutto & Gilbert 2014's +/-0.05).
    VADER is never run on the whole article: its compound saturates on long
    texts. From *tokens* (:func:`analysis.tokenize`): the lexicon tone of
    :func:`score_lexicon` with *lexicon* (default: VADER's lexicon). Documents
    are those of *sentence_scores* then any only in *tokens*, in order of
    first appearance; a document without sentences has ``n_sentences`` 0 and
    missing sentence figures.

    >>> scores = pd.DataFrame({"doc_id": ["d", "d", "d"], "sent_id": [0, 1, 2], "compound": [0.6, 0.0, -0.2]})
    >>> tokens = pd.DataFrame({"doc_id": ["d"] * 4, "sent_id": [0, 0, 1, 2], "token_id": range(4),
    ...     "start": [0, 5, 10, 15], "end": [4, 9, 14, 19], "token": ["good", "baku", "calm", "bad!"],
    ...     "norm": ["good", "baku", "calm", "bad"], "is_punct": [False] * 4})
    >>> summarize_sentiment(scores, tokens).T
                                 0
    doc_id                       d
    n_sentences                  3
    compound_mean         0.133333
    compound_median            0.0
    n_positive_sentences         1
    n_neutral_sentences          1
    n_negative_sentences         1
    share_positive        0.333333
    share_neutral         0.333333
    share_negative        0.333333
    n_words                      4
    n_positive_words             2
    n_negative_words             1
    pct_positive              50.0
    pct_negative              25.0
    net_tone                  25.0
    polarity                  75.0
    """
    _require_sentence_scores(sentence_scores, [DOC_ID, SENT_ID, "compound"], "summarize_sentiment")
    require_table(tokens, "tokens", _TOKEN_INPUT, "summarize_sentiment: tokens")
    _check_threshold(threshold)
    compound = _compound(sentence_scores, "sentence_scores")
    frame = pd.DataFrame({DOC_ID: sentence_scores[DOC_ID].to_numpy(), "compound": compound})
    sentence_part = _sentence_tone(frame, [DOC_ID], threshold).rename(columns={"n": "n_sentences"})
    tone = _lexicon_tone(tokens, match_lexicon(tokens, lexicon), [DOC_ID])
    out = sentence_part.merge(tone, on=DOC_ID, how="outer", sort=False)
    order = pd.unique(pd.concat([sentence_part[DOC_ID], tone[DOC_ID]], ignore_index=True).astype(object))
    out = out.set_index(DOC_ID).loc[order].reset_index()
    for name in ("n_sentences", "n_positive_sentences", "n_neutral_sentences", "n_negative_sentences", *LEXICON_TONE_COLUMNS[:3]):
        out[name] = out[name].fillna(0).astype("int64")
    return out[SUMMARY_COLUMNS].astype({DOC_ID: "string"})


def summarize_tone(sentence_scores: pd.DataFrame, *, by: Sequence[str], threshold: float = THRESHOLD) -> pd.DataFrame:
    """Return the tone of groups of sentences: the *by* columns, ``n_sentences`` and the sentence-tone columns.

    For any grouping of scored sentences (by document and interview role, by
    outlet, by week): the mean and median compound and the counts and shares
    of positive (``compound >= threshold``), neutral and negative
    (``<= -threshold``) sentences, the cut-offs of Hutto & Gilbert (2014).
    Groups keep the order of their first sentence.

    >>> scores = pd.DataFrame({"doc_id": ["d", "d", "e"], "compound": [0.5, -0.5, 0.0]})
    >>> summarize_tone(scores, by=["doc_id"])[["doc_id", "n_sentences", "compound_mean", "share_negative"]]
      doc_id  n_sentences  compound_mean  share_negative
    0      d            2            0.0             0.5
    1      e            1            0.0             0.0
    """
    keys = list(by)
    require_columns(sentence_scores, [*keys, "compound"], "summarize_tone: sentence_scores")  # any grouping of scored sentences
    _check_threshold(threshold)
    frame = sentence_scores[keys].assign(compound=_compound(sentence_scores, "sentence_scores"))
    return _sentence_tone(frame, keys, threshold).rename(columns={"n": "n_sentences"})


def _sentence_tone(frame: pd.DataFrame, keys: list[str], threshold: float) -> pd.DataFrame:
    """Size ``n``, mean, median, counts and shares of tone classes of ``compound`` per group of *keys*."""
    labels = _classify(frame["compound"].to_numpy(), threshold)
    work = frame[keys].assign(
        compound=frame["compound"].to_numpy(),
        positive=(labels == "positive").astype("int64"),
        neutral=(labels == "neutral").astype("int64"),
        negative=(labels == "negative").astype("int64"),
    )
    grouped = work.groupby(keys, sort=False)
    out = grouped.agg(
        compound_mean=("compound", "mean"),
        compound_median=("compound", "median"),
        n_positive_sentences=("positive", "sum"),
        n_neutral_sentences=("neutral", "sum"),
        n_negative_sentences=("negative", "sum"),
        n=("compound", "size"),
    ).reset_index()
    for tone in ("positive", "neutral", "negative"):
        out[f"share_{tone}"] = out[f"n_{tone}_sentences"] / out["n"]
    return out[[*keys, "n", *SENTENCE_TONE_COLUMNS]]


def actor_tone(
    sentence_scores: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    by: ActorKey = "actor",
    threshold: float = THRESHOLD,
) -> pd.DataFrame:
    """Return the tone of the sentences that mention each actor: one row per actor (:data:`ACTOR_TONE_COLUMNS`).

    *mentions* has ``doc_id, sent_id, actor`` (as from
    :func:`analysis.actors.find_actors`); *sentence_scores* has ``doc_id,
    sent_id, compound`` (:func:`score_sentences`). ``n_mentions`` counts
    mention rows, ``n_sentences`` distinct sentences (a sentence naming the
    actor twice counts once), ``n_docs`` distinct documents; the compound mean
    and median and the shares of positive / neutral / negative sentences (cut
    at +/-*threshold*, Hutto & Gilbert 2014) are over those sentences. This is
    sentence-level co-occurrence tone, the simplest form of entity-targeted
    sentiment (cf. van Atteveldt et al. 2021, *The Validity of Sentiment
    Analysis*, Communication Methods and Measures 15(2)): the sentence's tone
    is not necessarily the tone towards the actor. With ``by="state"``,
    rows are per ``state`` (the state a leader or capital stands for), falling
    back to ``actor`` where ``state`` is missing; the key column is still
    called ``actor``. Sorted by ``n_sentences`` (descending), then ``actor``.

    >>> scores = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1], "compound": [0.5, -0.5]})
    >>> mentions = pd.DataFrame({"doc_id": ["d", "d", "d"], "sent_id": [0, 0, 1],
    ...                          "actor": ["eu", "eu", "russia"]})
    >>> actor_tone(scores, mentions)[["actor", "n_mentions", "n_sentences", "compound_mean", "share_positive"]]
        actor  n_mentions  n_sentences  compound_mean  share_positive
    0      eu           2            1            0.5             1.0
    1  russia           1            1           -0.5             0.0
    """
    check_choice(by, ("actor", "state"), "by")
    _check_threshold(threshold)
    _require_sentence_scores(sentence_scores, [DOC_ID, SENT_ID, "compound"], "actor_tone")
    require_columns(mentions, [DOC_ID, SENT_ID, "actor", *(["state"] if by == "state" else [])], "actor_tone: mentions")
    scores = pd.DataFrame(
        {DOC_ID: sentence_scores[DOC_ID].astype(object).to_numpy(), SENT_ID: sentence_scores[SENT_ID].to_numpy(),
         "compound": _compound(sentence_scores, "sentence_scores")}
    )
    duplicated = scores.duplicated([DOC_ID, SENT_ID])
    if duplicated.any():
        first = scores.loc[duplicated].iloc[0]
        raise ValueError(
            f"sentence_scores has sentence (doc_id={plain(first['doc_id'])!r}, sent_id={plain(first['sent_id'])!r}) more than once"
        )
    key = mentions["actor"]
    if by == "state":
        key = mentions["state"].where(mentions["state"].notna(), mentions["actor"])
    if key.isna().any():
        row = key.index[key.isna().to_numpy()][0]
        raise ValueError(f"mentions.actor is missing at row {plain(row)!r}; every mention needs an actor id")
    marks = pd.DataFrame({DOC_ID: mentions[DOC_ID].astype(object).to_numpy(), SENT_ID: mentions[SENT_ID].to_numpy(),
                          "actor": key.astype(object).to_numpy()})
    joined = marks.merge(scores, on=[DOC_ID, SENT_ID], how="left")
    unmatched = joined["compound"].isna()
    if unmatched.any():
        first = joined.loc[unmatched].iloc[0]
        raise ValueError(
            f"mentions has {int(unmatched.sum())} mention(s) in sentences missing from sentence_scores, "
            f"first (doc_id={plain(first['doc_id'])!r}, sent_id={plain(first['sent_id'])!r}); score the same sentences the mentions were found in"
        )
    n_mentions = joined.groupby("actor", sort=False).size().rename("n_mentions")
    sentences = joined.drop_duplicates(["actor", DOC_ID, SENT_ID])
    tone = _sentence_tone(sentences, ["actor"], threshold)
    counts = sentences.groupby("actor", sort=False).agg(n_sentences=(SENT_ID, "size"), n_docs=(DOC_ID, "nunique"))
    out = tone.join(n_mentions, on="actor").join(counts, on="actor")
    out = out.sort_values(["n_sentences", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out = out.astype({"actor": "string", "n_mentions": "int64", "n_sentences": "int64", "n_docs": "int64"})
    return out[ACTOR_TONE_COLUMNS]


# --------------------------------------------------------------------------- validation


def validate_sentiment(snippets: pd.DataFrame, *, threshold: float = THRESHOLD, confidence: float = 0.95) -> pd.DataFrame:
    """Compare VADER's compound with human ratings: Pearson r with a confidence interval, 3-class accuracy and F1.

    *snippets* has ``human`` (mean human rating, -4..+4) and ``text``; if it
    also has ``compound`` that is used instead of scoring ``text`` (so any
    scorer can be validated). Returns one row (:data:`VALIDATION_COLUMNS`):

    - ``n``; ``pearson_r`` between ``human`` and ``compound``, and its
      *confidence* interval ``pearson_low, pearson_high`` from the Fisher z
      transform: ``tanh(atanh(r) +/- z / sqrt(n - 3))`` (Fisher 1921; missing
      for ``n <= 3``);
    - 3-class ``accuracy``, ``f1_macro`` (unweighted mean over the classes
      that occur in gold or prediction) and ``f1_weighted`` (weighted by gold
      support), with per-class ``F1 = 2TP / (2TP + FP + FN)``.

    Convention (Hutto & Gilbert 2014): gold is ``human / 4``, predicted is
    ``compound``; both are cut the same way, positive when ``>= threshold``,
    negative when ``<= -threshold``, neutral otherwise. (A mean rating of
    exactly +/-0.2 is thus tonal; cutting gold strictly instead moves 228 of the
    5,190 NYT snippets to neutral.)

    >>> snippets = pd.DataFrame({"human": [2.0, -1.0, 0.0, 1.0], "compound": [0.5, -0.3, 0.2, 0.0]})
    >>> validate_sentiment(snippets)[["n", "accuracy", "f1_macro", "f1_weighted"]]
       n  accuracy  f1_macro  f1_weighted
    0  4       0.5       0.5          0.5
    """
    require_columns(snippets, ["human"], "validate_sentiment: snippets")
    _check_threshold(threshold)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95); got {confidence!r}")
    human = pd.to_numeric(snippets["human"], errors="coerce").to_numpy(dtype="float64")
    if np.isnan(human).any():
        row = snippets.index[np.isnan(human)][0]
        raise ValueError(f"snippets.human at row {plain(row)!r} is {plain(snippets['human'].loc[row])!r}, not a number (mean rating -4..+4)")
    if "compound" in snippets.columns:
        compound = _compound(snippets, "snippets")
    else:
        require_columns(snippets, [TEXT], "validate_sentiment: snippets")
        compound = vader_scores(_as_texts(snippets[TEXT], "snippets.text"))["compound"].to_numpy()
    n = len(human)
    r = _pearson(human, compound)
    low, high = _fisher_interval(r, n, confidence)
    gold = _classify(human / HUMAN_SCALE, threshold)
    predicted = _classify(compound, threshold)
    accuracy, f1_macro, f1_weighted = _f1_scores(gold, predicted)
    return pd.DataFrame(
        {"n": [n], "pearson_r": [r], "pearson_low": [low], "pearson_high": [high],
         "accuracy": [accuracy], "f1_macro": [f1_macro], "f1_weighted": [f1_weighted]},
        columns=VALIDATION_COLUMNS,
    ).astype({"n": "int64"})


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 2:
        return math.nan
    dx, dy = x - x.mean(), y - y.mean()
    denominator = math.sqrt(float(dx @ dx) * float(dy @ dy))
    return float(dx @ dy) / denominator if denominator > 0 else math.nan


def _fisher_interval(r: float, n: int, confidence: float) -> tuple[float, float]:
    if n <= 3 or math.isnan(r):
        return math.nan, math.nan
    if abs(r) >= 1:
        return r, r
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    centre, half = math.atanh(r), z / math.sqrt(n - 3)
    return math.tanh(centre - half), math.tanh(centre + half)


def _f1_scores(gold: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    """Accuracy, macro F1 and support-weighted F1 over :data:`TONE_CLASSES` (per-class F1 from :func:`analysis.metrics.precision_recall_f1`)."""
    if len(gold) == 0:
        return math.nan, math.nan, math.nan
    tp = np.array([np.sum((gold == tone) & (predicted == tone)) for tone in TONE_CLASSES])
    fp = np.array([np.sum((gold != tone) & (predicted == tone)) for tone in TONE_CLASSES])
    fn = np.array([np.sum((gold == tone) & (predicted != tone)) for tone in TONE_CLASSES])
    f1 = precision_recall_f1(tp, fp, fn)[2]
    present = tp + fp + fn > 0  # a class absent from gold and prediction is left out of the macro mean
    supports = (tp + fn)[present]
    accuracy = float(np.mean(gold == predicted))
    weighted = float(np.average(f1[present], weights=supports)) if supports.sum() else math.nan
    return accuracy, float(np.mean(f1[present])), weighted


def _classify(values: np.ndarray, threshold: float) -> np.ndarray:
    values = np.asarray(values, dtype="float64")
    return np.where(values >= threshold, "positive", np.where(values <= -threshold, "negative", "neutral"))


# --------------------------------------------------------------------------- input checks


def _require_sentence_scores(sentence_scores: object, columns: list[str], caller: str) -> None:
    """A *sentence_scores* argument is a sentences table with VADER's columns, as :func:`score_sentences` returns it."""
    require_table(sentence_scores, "sentences", columns, f"{caller}: sentence_scores (from score_sentences)")


def _as_texts(texts: Iterable[str], name: str) -> list[str]:
    if isinstance(texts, str):
        raise TypeError(f"{name} must be a list or Series of strings, not one string (wrap it: [text])")
    if isinstance(texts, pd.DataFrame):
        raise TypeError(f"{name} must be a list or Series of strings, not a DataFrame (pass frame['text'])")
    labels = texts.index if isinstance(texts, pd.Series) else None
    out = list(texts)
    for position, text in enumerate(out):
        if not isinstance(text, str):
            row = labels[position] if labels is not None else position
            raise TypeError(f"{name} at row {plain(row)!r} is {type(text).__name__} {text!r}, not a string")
    return out


def _compound(frame: pd.DataFrame, name: str) -> np.ndarray:
    values = pd.to_numeric(frame["compound"], errors="coerce").to_numpy(dtype="float64")
    bad = np.isnan(values) | (np.abs(values) > 1)
    if bad.any():
        row = frame.index[bad][0]
        raise ValueError(f"{name}.compound at row {plain(row)!r} is {plain(frame['compound'].loc[row])!r}; it must be a number in -1..1")
    return values


def _check_threshold(threshold: float) -> None:
    check_fraction(threshold, "threshold", hint=" (VADER's convention is 0.05)")
