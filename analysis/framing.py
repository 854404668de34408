"""Frame dictionaries and the framing measures.

A frame makes one aspect of a story salient (Entman 1993, *Framing: toward
clarification of a fractured paradigm*, Journal of Communication 43(4)). The
unit is the sentence, as in the project's ``CODEBOOK.md``: a sentence carries
a frame when one of the frame's dictionary patterns occurs in it.

Dictionaries
    :func:`load_dictionary` reads quanteda's YAML dictionary format (Benoit et
    al. 2018, *quanteda: An R package for the quantitative analysis of textual
    data*, JOSS 3(30)): a mapping of keys (frames) to lists of patterns, where a
    pattern is one or more words, ``*`` matches any run of characters within a
    word and ``?`` one character (quanteda's ``valuetype = "glob"``), and a
    ``*`` standing alone matches any one word. Nested keys are merged into
    their top-level key (quanteda's ``levels = 1``). It also reads LIWC ``.dic``
    files (Pennebaker et al. 2015, *The development and psychometric properties
    of LIWC2015*). A dictionary is a tidy frame ``frame, pattern``.

    Frame descriptions and sources live in a sidecar ``<name>.meta.yml`` beside
    the dictionary, so that quanteda (``dictionary(file = "eurasia.yml")``)
    reads the dictionary file unchanged; :func:`describe_frames` reads them.
    Shipped schemes (``analysis/data/frames/``): ``eurasia``, ``generic``
    (Semetko & Valkenburg 2000) and ``policy`` (Boydstun et al. 2014).

Matching
    :func:`match_frames` finds the hits, one row per hit, in time linear in
    the number of tokens (a trie over pattern words; glob words are indexed by
    their literal prefix).

Measures (tidy frames in, tidy frames out)
    :func:`frame_salience`, :func:`dominant_frames`, :func:`frame_diversity`,
    :func:`frame_cooccurrence`, :func:`frame_sentiment`, :func:`frame_actors`,
    :func:`frame_evidence`.

Validation
    :func:`unnest_frames`, :func:`evaluate_frames`, :func:`krippendorff_alpha`,
    :func:`frame_alpha`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from .checks import check_choice, plain, require_columns, require_table
from .metrics import precision_recall_f1, ratio
from .lexicons import as_dictionary
from .schema import DOC_ID, END, SENT_ID, START, TEXT
from .tokens import APOSTROPHES, token_spans


#: One row per frame hit (:func:`match_frames`).
HIT_COLUMNS = [DOC_ID, SENT_ID, "frame", "pattern", "matched", "start", "end"]
#: One row per document and frame (:func:`frame_salience`).
SALIENCE_COLUMNS = [DOC_ID, "frame", "hits", "n_words", "hits_per_1k", "n_frame_sentences", "n_sentences", "sentence_share"]
#: One row per document (:func:`dominant_frames`).
DOMINANT_COLUMNS = [DOC_ID, "frame", "hits", "n_frame_sentences", "share", "n_tied"]
#: One row per document (:func:`frame_diversity`).
DIVERSITY_COLUMNS = [DOC_ID, "hits", "n_frames", "entropy", "entropy_norm"]
#: One row per pair of frames (:func:`frame_cooccurrence`).
COOCCURRENCE_COLUMNS = ["frame_a", "frame_b", "n_both", "n_a", "n_b", "jaccard"]
#: One row per frame (:func:`frame_sentiment`); ``doc_id`` comes first with ``by="document"``.
SENTIMENT_COLUMNS = ["frame", "n_sentences", "mean_compound", "sd_compound"]
#: One row per frame and actor (:func:`frame_actors`); ``doc_id`` first with ``by="document"``.
ACTOR_COLUMNS = ["frame", "actor", "n_sentences", "n_frame_sentences", "n_actor_sentences", "share_of_frame"]
#: One row per hit, with its context (:func:`frame_evidence`).
EVIDENCE_COLUMNS = [DOC_ID, SENT_ID, "frame", "pattern", "start", "end", "left", "matched", "right"]
#: One row per (sentence, frame) label (:func:`unnest_frames`).
LABEL_COLUMNS = [DOC_ID, SENT_ID, "frame"]
#: One row per frame, then ``micro avg`` and ``macro avg`` (:func:`evaluate_frames`).
EVALUATION_COLUMNS = ["frame", "tp", "fp", "fn", "precision", "recall", "f1"]
#: One row per frame (:func:`frame_alpha`).
ALPHA_COLUMNS = ["frame", "alpha", "n_units", "n_coders", "n_present"]

#: Row labels of the averages in :func:`evaluate_frames`.
MICRO, MACRO = "micro avg", "macro avg"
#: Words per "hits per thousand words".
PER_WORDS = 1000

Level = Literal["nominal", "ordinal", "interval", "ratio"]
By = Literal["corpus", "document"]

_GLOB_CHARS = re.compile(r"[*?]")
_WHITESPACE = re.compile(r"\s+")


# -- dictionaries ----------------------------------------------------------


# -- matching --------------------------------------------------------------


class _Node:
    """One node of the pattern trie: exact-word children, glob children by literal prefix, and patterns ending here."""

    __slots__ = ("exact", "globs", "prefix_lengths", "ends")

    def __init__(self) -> None:
        self.exact: dict[str, _Node] = {}
        self.globs: dict[str, list[tuple[re.Pattern, _Node]]] = {}
        self.prefix_lengths: set[int] = set()
        self.ends: list[tuple[int, str, str]] = []

    def child(self, word: str) -> _Node:
        if not _GLOB_CHARS.search(word):
            return self.exact.setdefault(word, _Node())
        prefix = _GLOB_CHARS.split(word, 1)[0]
        for regex, node in self.globs.get(prefix, []):
            if regex.pattern == _glob_regex(word):
                return node
        node = _Node()
        self.globs.setdefault(prefix, []).append((re.compile(_glob_regex(word)), node))
        self.prefix_lengths.add(len(prefix))
        return node

    def step(self, word: str) -> list[_Node]:
        found = []
        exact = self.exact.get(word)
        if exact is not None:
            found.append(exact)
        for length in self.prefix_lengths:
            if length <= len(word):
                for regex, node in self.globs.get(word[:length], ()):
                    if regex.fullmatch(word):
                        found.append(node)
        return found


def _glob_regex(word: str) -> str:
    return "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in word)


def _pattern_words(pattern: str) -> list[str]:
    """Split a pattern into normalised words the way :func:`analysis.tokenize` splits text."""
    words: list[str] = []
    for piece in pattern.split():
        folded = piece.translate(APOSTROPHES).casefold()
        if _GLOB_CHARS.search(piece):
            words.append(folded)
        else:
            words.extend(folded[s:e] for s, e in token_spans(folded))
    return words


#: Tries kept for the last few dictionaries (scoring matches every chunk of a corpus with one dictionary).
_TRIES_KEPT = 8


def _build_trie(dictionary: pd.DataFrame) -> _Node:
    """The pattern trie of *dictionary*, built once per distinct content (matching only reads it)."""
    return _trie_of(tuple(zip(map(str, dictionary["frame"].tolist()), map(str, dictionary["pattern"].tolist()))))


@lru_cache(maxsize=_TRIES_KEPT)
def _trie_of(entries: tuple[tuple[str, str], ...]) -> _Node:
    root = _Node()
    for rank, (frame, pattern) in enumerate(entries):
        words = _pattern_words(str(pattern))
        if not words:
            raise ValueError(f"dictionary pattern {pattern!r} of frame {frame!r} has no words")
        node = root
        for word in words:
            node = node.child(word)
        # Exact patterns win over globs of the same length; then file order.
        wildcards = sum(len(_GLOB_CHARS.findall(w)) for w in words)
        node.ends.append((wildcards * 100000 + rank, str(frame), str(pattern)))
    return root


def match_frames(
    tokens: pd.DataFrame,
    dictionary: pd.DataFrame | Mapping[str, Iterable[str]],
    *,
    docs: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return one row per frame hit: ``doc_id, sent_id, frame, pattern, matched, start, end``.

    *tokens* is a tokens table (:func:`analysis.tokenize`); *dictionary* a
    ``frame, pattern`` table (:func:`analysis.lexicons.load_dictionary`) or a
    mapping frame -> patterns. Patterns are
    matched on the tokens' ``norm`` (lower case, straight apostrophes) word by
    word, so matching is case-insensitive, respects word boundaries (``port``
    never matches ``support``), reads ``people’s`` like ``people's``, and never
    crosses a sentence. Hyphenated compounds are one word (``multi-vector``);
    write them with their hyphen (``middle-power*``).

    Within one frame a token is claimed by at most one pattern: the leftmost
    match wins, and among matches starting at the same token the longest
    (then an exact pattern over a glob, then the first listed) — quanteda's
    ``tokens_lookup`` with ``nested_scope = "key"``. The same span may count
    for two different frames. ``matched`` is ``docs.text[doc_id][start:end]``;
    without *docs* (``doc_id, text``) the text between two tokens of a
    multiword match is rebuilt as spaces, so pass *docs* when the text may
    hold other white space there. Cost is linear in the number of tokens.

    >>> import analysis
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["The Middle Corridor links ports; support grew."]})
    >>> tokens = analysis.tokenize(analysis.split_sentences(docs))
    >>> match_frames(tokens, {"connectivity": ["middle corridor", "corridor*", "port", "ports"], "status": ["middle"]}, docs=docs)
      doc_id  sent_id         frame          pattern          matched  start  end
    0      d        0  connectivity  middle corridor  Middle Corridor      4   19
    1      d        0        status           middle           Middle      4   10
    2      d        0  connectivity            ports            ports     26   31
    """
    require_table(tokens, "tokens", [DOC_ID, SENT_ID, START, END, "norm"], "match_frames: tokens")
    dictionary = as_dictionary(dictionary)
    texts: dict = {}
    if docs is not None:
        require_table(docs, "documents", [DOC_ID, TEXT], "match_frames: docs")
        texts = {doc_id: (0, str(text)) for doc_id, text in zip(docs[DOC_ID], docs[TEXT])}
    trie = _build_trie(dictionary)
    words = _Words.read(tokens)
    # Only a word that some pattern starts with can open a hit: look each distinct word up once.
    first_nodes = [trie.step(norm) for norm in words.norms]
    opens = np.flatnonzero(np.array([bool(nodes) for nodes in first_nodes], dtype=bool)[words.norm_codes])
    rows: list[tuple] = []
    best: dict[int, dict[str, tuple[int, int, str]]] = {}
    sentence = -1
    for i, at, stop, code in zip(opens.tolist(), words.sentence[opens].tolist(), words.stop[opens].tolist(), words.norm_codes[opens].tolist()):
        if at != sentence:
            if best:
                rows.extend(_sentence_hits(words, sentence, best, texts))
            sentence, best = at, {}
        _walk(words, i, stop, first_nodes[code], best)
    if best:
        rows.extend(_sentence_hits(words, sentence, best, texts))
    out = pd.DataFrame(rows, columns=HIT_COLUMNS)
    return out.astype({DOC_ID: "string", SENT_ID: "int64", "frame": "string", "pattern": "string",
                       "matched": "string", "start": "int64", "end": "int64"})


class _Words:
    """The words of a tokens table in reading order (``doc_id, sent_id, start``), as parallel arrays.

    Words are tokens, except that a joined phrase token (``middle corridor``)
    is split back into its words (:func:`_words`). Strings are stored once:
    ``norm_codes``/``text_codes`` index ``norms``/``texts``.
    ``sentence[i]`` numbers the sentence of word ``i`` and ``stop[i]`` is the
    index after that sentence's last word.
    """

    __slots__ = ("norms", "texts", "norm_codes", "text_codes", "starts", "ends", "sentence", "stop", "doc_ids", "sent_ids", "_token_of")

    @classmethod
    def read(cls, tokens: pd.DataFrame) -> _Words:
        self = cls()
        order = _reading_order(tokens)
        has_token = "token" in tokens.columns
        for column in ("norm", "token") if has_token else ("norm",):
            missing = tokens[column].isna().to_numpy()
            if missing.any():
                raise ValueError(f"match_frames: tokens.{column} is missing at row {plain(tokens.index[missing][0])!r}; every token needs one")
        norm_codes, norms = pd.factorize(tokens["norm"].astype(str))
        text_codes, texts = pd.factorize(tokens["token"].astype(str)) if has_token else (norm_codes, norms)
        starts = tokens["start"].to_numpy(dtype="int64")
        ends = tokens["end"].to_numpy(dtype="int64")
        doc_codes, doc_ids = pd.factorize(tokens[DOC_ID])
        sent_codes, sent_ids = pd.factorize(tokens[SENT_ID])
        if order is not None:
            norm_codes, text_codes, starts, ends, doc_codes, sent_codes = (
                a[order] for a in (norm_codes, text_codes, starts, ends, doc_codes, sent_codes)
            )
        self.norms, self.texts = [str(n) for n in norms], [str(t) for t in texts]
        self.norm_codes, self.text_codes, self.starts, self.ends = norm_codes, text_codes, starts, ends
        self._split_phrases()
        n = len(self.norm_codes)
        doc_codes, sent_codes = doc_codes[self._token_of], sent_codes[self._token_of]
        new = np.ones(n, dtype=bool)
        new[1:] = (doc_codes[1:] != doc_codes[:-1]) | (sent_codes[1:] != sent_codes[:-1])
        firsts = np.flatnonzero(new)
        self.sentence = np.cumsum(new) - 1
        self.stop = np.append(firsts[1:], n)[self.sentence] if n else np.zeros(0, dtype="int64")
        doc_ids, sent_ids = doc_ids.tolist(), sent_ids.tolist()
        self.doc_ids = [doc_ids[c] if c >= 0 else pd.NA for c in doc_codes[firsts].tolist()]
        self.sent_ids = [sent_ids[c] if c >= 0 else pd.NA for c in sent_codes[firsts].tolist()]
        return self

    def _split_phrases(self) -> None:
        """Replace each joined phrase token by its words (as :func:`_words` splits it); ``_token_of`` maps words to tokens."""
        phrase_norm = np.array([" " in n for n in self.norms], dtype=bool)
        phrase_text = np.array([bool(_WHITESPACE.search(t)) for t in self.texts], dtype=bool)
        special = np.flatnonzero(phrase_norm[self.norm_codes] | phrase_text[self.text_codes])
        pieces = {}
        for k in special.tolist():
            norm, text = self.norms[self.norm_codes[k]], self.texts[self.text_codes[k]]
            found = _words(norm, text, int(self.starts[k]), int(self.ends[k]))
            if len(found) > 1:
                pieces[k] = found
        counts = np.ones(len(self.norm_codes), dtype="int64")
        for k, found in pieces.items():
            counts[k] = len(found)
        self._token_of = np.repeat(np.arange(len(counts)), counts)
        if not pieces:
            return
        firsts = np.cumsum(counts) - counts
        self.norm_codes, self.text_codes, self.starts, self.ends = (
            a[self._token_of] for a in (self.norm_codes, self.text_codes, self.starts, self.ends)
        )
        norm_index = {n: i for i, n in enumerate(self.norms)}
        text_index = {t: i for i, t in enumerate(self.texts)}
        for k, found in pieces.items():
            for at, (norm, start, end, text) in enumerate(found, start=int(firsts[k])):
                self.norm_codes[at] = norm_index.setdefault(norm, len(norm_index))
                self.text_codes[at] = text_index.setdefault(text, len(text_index))
                self.starts[at], self.ends[at] = start, end
        self.norms, self.texts = list(norm_index), list(text_index)

    def norm(self, i: int) -> str:
        """The normalised form of word *i*."""
        return self.norms[int(self.norm_codes[i])]

    def text(self, i: int) -> str:
        """Word *i* as written."""
        return self.texts[int(self.text_codes[i])]


def _reading_order(tokens: pd.DataFrame) -> np.ndarray | None:
    """Positions of *tokens* sorted by ``doc_id, sent_id, start`` (stable); ``None`` when they already are."""
    sent, start = tokens[SENT_ID], tokens["start"]
    if sent.dtype.kind in "iu" and start.dtype.kind in "iu" and pd.api.types.is_string_dtype(tokens[DOC_ID]) and not tokens[DOC_ID].hasnans:
        doc, _ = pd.factorize(tokens[DOC_ID], sort=True)
        sent, start = sent.to_numpy(), start.to_numpy()
        d, s = np.diff(doc), np.diff(sent)
        if bool(np.all((d > 0) | ((d == 0) & ((s > 0) | ((s == 0) & (np.diff(start) >= 0)))))):
            return None
        return np.lexsort((start, sent, doc))
    return tokens.reset_index(drop=True).sort_values([DOC_ID, SENT_ID, "start"], kind="stable").index.to_numpy()


def _walk(words: _Words, i: int, stop: int, nodes: list[_Node], best: dict[int, dict[str, tuple[int, int, str]]]) -> None:
    """Record in *best* the longest (then exact, then first listed) pattern of each frame that starts at word *i*.

    *nodes* are the trie's nodes after word *i*; the sentence ends before word *stop*.
    """
    j = i + 1
    while True:
        for node in nodes:
            for order, frame, pattern in node.ends:
                current = best.setdefault(i, {}).get(frame)
                # Longer wins; at equal length the lower order (exact, then earlier) wins.
                if current is None or j > current[0] or (j == current[0] and order < current[1]):
                    best[i][frame] = (j, order, pattern)
        if not nodes or j >= stop:
            return
        norm = words.norm(j)
        nodes = [child for node in nodes for child in node.step(norm)]
        j += 1


def _sentence_hits(words: _Words, sentence: int, best: dict[int, dict[str, tuple[int, int, str]]], texts: dict) -> list[tuple]:
    """The hits of one sentence from the matches starting at each word: leftmost first, no overlap within a frame."""
    doc_id, sent_id = words.doc_ids[sentence], words.sent_ids[sentence]
    source = texts.get(doc_id)
    rows = []
    free: dict[str, int] = {}
    for i in sorted(best):
        for frame, (j, _, pattern) in sorted(best[i].items()):
            if i < free.get(frame, 0):
                continue
            free[frame] = j
            start, end = int(words.starts[i]), int(words.ends[j - 1])
            if source is not None:
                matched = source[1][start - source[0] : end - source[0]]
            else:
                matched = words.text(i) + "".join(" " * int(words.starts[k] - words.ends[k - 1]) + words.text(k) for k in range(i + 1, j))
            rows.append((doc_id, sent_id, frame, pattern, matched, start, end))
    rows.sort(key=lambda row: (row[5], row[2], row[6]))
    return rows


def _words(norm: str, text: str, start: int, end: int) -> list[tuple[str, int, int, str]]:
    """Split a joined phrase token (``middle corridor``) back into its words, with offsets."""
    if " " not in norm and not _WHITESPACE.search(text):
        return [(norm, start, end, text)]
    pieces = list(re.finditer(r"\S+", text))
    norms = norm.split()
    if len(pieces) != len(norms):
        return [(norm, start, end, text)]
    return [(n, start + m.start(), start + m.end(), m.group()) for n, m in zip(norms, pieces)]


# -- measures --------------------------------------------------------------


def frame_salience(
    hits: pd.DataFrame,
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    frames: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Return per document and frame: ``doc_id, frame, hits, n_words, hits_per_1k, n_frame_sentences, n_sentences, sentence_share``.

    ``hits`` counts the frame's hits in the document; ``hits_per_1k`` is hits
    per 1,000 words, where a word is a token that is not punctuation
    (``is_punct`` false); ``sentence_share`` is the share of the document's
    sentences carrying the frame (``n_frame_sentences / n_sentences``), the
    codebook's unit (Entman 1993: salience). Every document of *sentences*
    gets a row for every frame of *frames* (default: the frames in *hits*),
    zeros included; pass the dictionary's frames for the same rows on any
    chunk of documents. Sorted by ``doc_id, frame``.

    >>> sentences = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1]})
    >>> tokens = pd.DataFrame({"doc_id": ["d"] * 4, "is_punct": [False, False, False, True]})
    >>> hits = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 0], "frame": ["security", "security"]})
    >>> salience = frame_salience(hits, sentences, tokens, frames=["security", "status"])
    >>> salience[["frame", "hits", "n_words", "hits_per_1k", "n_frame_sentences", "sentence_share"]]
          frame  hits  n_words  hits_per_1k  n_frame_sentences  sentence_share
    0  security     2        3   666.666667                  1             0.5
    1    status     0        3     0.000000                  0             0.0
    """
    require_columns(hits, [DOC_ID, SENT_ID, "frame"], "frame_salience (hits)")
    require_table(sentences, "sentences", [DOC_ID, SENT_ID], "frame_salience: sentences")
    require_table(tokens, "tokens", [DOC_ID, "is_punct"], "frame_salience: tokens")
    frame_list = _frame_list(hits, frames)
    doc_ids = pd.unique(sentences[DOC_ID])
    grid = pd.MultiIndex.from_product([doc_ids, frame_list], names=[DOC_ID, "frame"])
    n_hits = hits.groupby([DOC_ID, "frame"]).size()
    n_frame_sentences = hits.drop_duplicates([DOC_ID, SENT_ID, "frame"]).groupby([DOC_ID, "frame"]).size()
    out = pd.DataFrame(index=grid)
    out["hits"] = n_hits.reindex(grid, fill_value=0).to_numpy()
    words = tokens.loc[~tokens["is_punct"].astype(bool)].groupby(DOC_ID).size()
    n_sentences = sentences.drop_duplicates([DOC_ID, SENT_ID]).groupby(DOC_ID).size()
    doc_level = out.index.get_level_values(DOC_ID)
    out["n_words"] = words.reindex(doc_level, fill_value=0).to_numpy()
    out["hits_per_1k"] = ratio(out["hits"] * PER_WORDS, out["n_words"])
    out["n_frame_sentences"] = n_frame_sentences.reindex(grid, fill_value=0).to_numpy()
    out["n_sentences"] = n_sentences.reindex(doc_level, fill_value=0).to_numpy()
    out["sentence_share"] = ratio(out["n_frame_sentences"], out["n_sentences"])
    out = out.reset_index().sort_values([DOC_ID, "frame"], ignore_index=True)
    return _types(out[SALIENCE_COLUMNS], strings=[DOC_ID, "frame"], ints=["hits", "n_words", "n_frame_sentences", "n_sentences"])


def dominant_frames(hits: pd.DataFrame, *, by: Literal["sentences", "hits"] = "sentences") -> pd.DataFrame:
    """Return the dominant frame of each document: ``doc_id, frame, hits, n_frame_sentences, share, n_tied``.

    The dominant frame is the one carried by the most sentences
    (``by="sentences"``, the codebook's unit) or with the most hits
    (``by="hits"``); ties are broken by the other count, then by frame name,
    and ``n_tied`` says how many frames share the top value of *by*
    (1 = no tie). ``share`` is the frame's part of the document's total for
    *by* over all frames. A document without hits has no row. The dominant
    frame summarises a story by its most salient frame (Entman 1993).

    >>> hits = pd.DataFrame({"doc_id": ["d"] * 5, "sent_id": [0, 0, 0, 1, 2], "frame": ["a", "a", "a", "b", "b"]})
    >>> dominant_frames(hits)
      doc_id frame  hits  n_frame_sentences     share  n_tied
    0      d     b     2                  2  0.666667       1
    >>> dominant_frames(hits, by="hits")
      doc_id frame  hits  n_frame_sentences  share  n_tied
    0      d     a     3                  1    0.6       1
    """
    check_choice(by, ("sentences", "hits"), "by")
    require_columns(hits, [DOC_ID, SENT_ID, "frame"], "dominant_frames")
    counts = hits.groupby([DOC_ID, "frame"]).size().rename("hits").to_frame()
    counts["n_frame_sentences"] = hits.drop_duplicates([DOC_ID, SENT_ID, "frame"]).groupby([DOC_ID, "frame"]).size()
    counts = counts.reset_index()
    primary, secondary = ("n_frame_sentences", "hits") if by == "sentences" else ("hits", "n_frame_sentences")
    counts["share"] = counts[primary] / counts.groupby(DOC_ID)[primary].transform("sum")
    at_top = counts[primary] == counts.groupby(DOC_ID)[primary].transform("max")
    counts["n_tied"] = at_top.astype("int64").groupby(counts[DOC_ID]).transform("sum")
    ranked = counts.sort_values([DOC_ID, primary, secondary, "frame"], ascending=[True, False, False, True], kind="stable")
    out = ranked.drop_duplicates(DOC_ID).reset_index(drop=True)
    return _types(out[DOMINANT_COLUMNS], strings=[DOC_ID, "frame"], ints=["hits", "n_frame_sentences", "n_tied"])


def frame_diversity(hits: pd.DataFrame, *, frames: Sequence[str] | None = None) -> pd.DataFrame:
    """Return per document: ``doc_id, hits, n_frames, entropy, entropy_norm``.

    ``entropy`` is Shannon's entropy (Shannon 1948, *A mathematical theory of
    communication*) of the document's distribution of hits over frames, in
    bits: ``-sum(p * log2(p))``; ``entropy_norm`` divides it by ``log2(K)``
    (Pielou's evenness, Pielou 1966), so 0 means one frame only and 1 an even
    spread. ``K`` is ``len(frames)`` when *frames* is given (the scheme's
    size, comparable across documents and chunks) and otherwise the number of
    frames the document uses; ``entropy_norm`` is missing when ``K < 2``.
    Entropy as frame diversity follows Boydstun et al. (2014, *Tracking the
    development of media frames within and across policy issues*).

    >>> hits = pd.DataFrame({"doc_id": ["d", "d", "d", "d", "e"], "frame": ["a", "a", "b", "c", "a"]})
    >>> frame_diversity(hits, frames=["a", "b", "c", "d"])
      doc_id  hits  n_frames  entropy  entropy_norm
    0      d     4         3      1.5          0.75
    1      e     1         1      0.0          0.00
    """
    require_columns(hits, [DOC_ID, "frame"], "frame_diversity")
    if frames is not None and len(set(frames)) < 1:
        raise ValueError("frames must list at least one frame (or be None to use the frames each document uses)")
    counts = hits.groupby([DOC_ID, "frame"]).size()
    rows = []
    for doc_id, values in counts.groupby(level=DOC_ID):
        n = values.to_numpy(dtype=float)
        p = n / n.sum()
        entropy = float(-(p * np.log2(p)).sum()) + 0.0
        k = len(set(frames)) if frames is not None else len(n)
        norm = entropy / math.log2(k) if k >= 2 else float("nan")
        rows.append((doc_id, int(n.sum()), len(n), entropy, norm))
    out = pd.DataFrame(rows, columns=DIVERSITY_COLUMNS)
    return _types(out, strings=[DOC_ID], ints=["hits", "n_frames"])


def frame_cooccurrence(hits: pd.DataFrame) -> pd.DataFrame:
    """Return per pair of frames: ``frame_a, frame_b, n_both, n_a, n_b, jaccard``.

    Counts are of sentences: ``n_both`` sentences carry both frames, ``n_a``
    and ``n_b`` carry each; ``jaccard = n_both / (n_a + n_b - n_both)``
    (Jaccard 1912). Every unordered pair of frames present in *hits* has one
    row (``frame_a < frame_b``), zeros included; sorted by ``n_both``
    (descending), then names. The counts add up over chunks of documents.

    >>> hits = pd.DataFrame({"doc_id": ["d"] * 5, "sent_id": [0, 0, 1, 1, 2], "frame": ["a", "b", "a", "b", "a"]})
    >>> frame_cooccurrence(hits)
      frame_a frame_b  n_both  n_a  n_b    jaccard
    0       a       b       2    3    2   0.666667
    """
    require_columns(hits, [DOC_ID, SENT_ID, "frame"], "frame_cooccurrence")
    labels = hits.drop_duplicates([DOC_ID, SENT_ID, "frame"])
    per_frame = labels.groupby("frame").size()
    pairs = labels.merge(labels, on=[DOC_ID, SENT_ID], suffixes=("_a", "_b"))
    pairs = pairs.loc[pairs["frame_a"] < pairs["frame_b"]]
    both = pairs.groupby(["frame_a", "frame_b"]).size()
    names = sorted(per_frame.index)
    grid = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    out = pd.DataFrame(grid, columns=["frame_a", "frame_b"])
    out["n_both"] = [int(both.get((a, b), 0)) for a, b in grid]
    out["n_a"] = [int(per_frame[a]) for a, _ in grid]
    out["n_b"] = [int(per_frame[b]) for _, b in grid]
    out["jaccard"] = ratio(out["n_both"], out["n_a"] + out["n_b"] - out["n_both"])
    out = out.sort_values(["n_both", "frame_a", "frame_b"], ascending=[False, True, True], ignore_index=True)
    return _types(out[COOCCURRENCE_COLUMNS], strings=["frame_a", "frame_b"], ints=["n_both", "n_a", "n_b"])


def frame_sentiment(hits: pd.DataFrame, sentence_scores: pd.DataFrame, *, by: By = "corpus") -> pd.DataFrame:
    """Return per frame: ``frame, n_sentences, mean_compound, sd_compound`` (``doc_id`` first with ``by="document"``).

    The mean (and sample standard deviation, ``ddof=1``) of the ``compound``
    score (VADER, Hutto & Gilbert 2014) of the sentences carrying each frame;
    a sentence counts once per frame however many hits it has. Sentences with
    no score are left out of ``n_sentences``. Frame by tone, as in the
    framing-and-valence design of de Vreese & Boomgaarden (2003).

    >>> hits = pd.DataFrame({"doc_id": ["d"] * 3, "sent_id": [0, 0, 1], "frame": ["a", "a", "a"]})
    >>> scores = pd.DataFrame({"doc_id": ["d"] * 3, "sent_id": [0, 1, 2], "compound": [0.5, -0.1, 0.9]})
    >>> frame_sentiment(hits, scores)
      frame  n_sentences  mean_compound  sd_compound
    0     a            2            0.2     0.424264
    """
    check_choice(by, ("corpus", "document"), "by")
    require_columns(hits, [DOC_ID, SENT_ID, "frame"], "frame_sentiment (hits)")
    require_columns(sentence_scores, [DOC_ID, SENT_ID, "compound"], "frame_sentiment (sentence_scores)")
    labels = hits[[DOC_ID, SENT_ID, "frame"]].drop_duplicates()
    scores = sentence_scores[[DOC_ID, SENT_ID, "compound"]].drop_duplicates([DOC_ID, SENT_ID])
    joined = labels.merge(scores, on=[DOC_ID, SENT_ID], how="inner").dropna(subset=["compound"])
    keys = [DOC_ID, "frame"] if by == "document" else ["frame"]
    grouped = joined.groupby(keys)["compound"]
    out = pd.DataFrame({"n_sentences": grouped.size(), "mean_compound": grouped.mean(), "sd_compound": grouped.std(ddof=1)}).reset_index()
    columns = ([DOC_ID] if by == "document" else []) + SENTIMENT_COLUMNS
    out = out.reindex(columns=columns).sort_values(keys, ignore_index=True)
    return _types(out, strings=keys, ints=["n_sentences"])


def frame_actors(hits: pd.DataFrame, mentions: pd.DataFrame, *, by: By = "corpus") -> pd.DataFrame:
    """Return per frame and actor: ``frame, actor, n_sentences, n_frame_sentences, n_actor_sentences, share_of_frame``.

    ``n_sentences`` counts sentences where the frame and the actor both occur
    (*mentions* has ``doc_id, sent_id, actor``, as from
    :func:`analysis.actors.find_actors`); ``n_frame_sentences`` and
    ``n_actor_sentences`` count each alone, and ``share_of_frame`` is the part
    of the frame's sentences that mention the actor: which actors a frame is
    told about (Entman 1993). Only pairs that co-occur get a row; sorted by
    frame, then ``n_sentences`` descending, then actor.

    >>> hits = pd.DataFrame({"doc_id": ["d"] * 3, "sent_id": [0, 1, 1], "frame": ["a", "a", "a"]})
    >>> mentions = pd.DataFrame({"doc_id": ["d", "d", "d"], "sent_id": [1, 1, 2], "actor": ["eu", "eu", "eu"]})
    >>> frame_actors(hits, mentions).to_dict("records")
    [{'frame': 'a', 'actor': 'eu', 'n_sentences': 1, 'n_frame_sentences': 2, 'n_actor_sentences': 2, 'share_of_frame': 0.5}]
    """
    check_choice(by, ("corpus", "document"), "by")
    require_columns(hits, [DOC_ID, SENT_ID, "frame"], "frame_actors (hits)")
    require_columns(mentions, [DOC_ID, SENT_ID, "actor"], "frame_actors (mentions)")
    labels = hits[[DOC_ID, SENT_ID, "frame"]].drop_duplicates()
    actors = mentions[[DOC_ID, SENT_ID, "actor"]].dropna().drop_duplicates()
    group = [DOC_ID] if by == "document" else []
    joined = labels.merge(actors, on=[DOC_ID, SENT_ID])
    out = joined.groupby(group + ["frame", "actor"]).size().rename("n_sentences").reset_index()
    n_frame = labels.groupby(group + ["frame"]).size().rename("n_frame_sentences").reset_index()
    n_actor = actors.groupby(group + ["actor"]).size().rename("n_actor_sentences").reset_index()
    out = out.merge(n_frame, on=group + ["frame"]).merge(n_actor, on=group + ["actor"])
    out["share_of_frame"] = out["n_sentences"] / out["n_frame_sentences"]
    out = out.sort_values(group + ["frame", "n_sentences", "actor"], ascending=[True] * len(group) + [True, False, True], ignore_index=True)
    out = out[group + ACTOR_COLUMNS]
    return _types(out, strings=group + ["frame", "actor"], ints=["n_sentences", "n_frame_sentences", "n_actor_sentences"])


def select_evidence(hits: pd.DataFrame, *, n: int | None = None) -> pd.DataFrame:
    """Return the hits :func:`frame_evidence` shows: sorted by frame, ``doc_id``, ``start``, ``end``; with *n*, the first *n* of each frame.

    On a large corpus, read the texts of only these documents for
    :func:`frame_evidence` (``analysis.cache.read_corpus(folder, doc_ids=...)``).

    >>> hits = pd.DataFrame({"doc_id": ["b", "a", "a"], "sent_id": [0, 0, 1], "frame": ["f", "f", "f"], "start": [5, 9, 1], "end": [6, 10, 2]})
    >>> select_evidence(hits, n=2)[["doc_id", "start"]].values.tolist()
    [['a', 1], ['a', 9]]
    """
    if n is not None and (not isinstance(n, int) or isinstance(n, bool) or n < 1):
        raise ValueError(f"n must be None (all hits) or a whole number >= 1; got {n!r}")
    require_columns(hits, [DOC_ID, SENT_ID, "frame", "start", "end"], "frame_evidence (hits)")
    ordered = hits.sort_values(["frame", DOC_ID, "start", "end"], kind="stable", ignore_index=True)
    if n is not None:
        ordered = ordered.groupby("frame", sort=False).head(n).reset_index(drop=True)
    return ordered


def frame_evidence(hits: pd.DataFrame, docs: pd.DataFrame, *, window: int = 60, n: int | None = None) -> pd.DataFrame:
    """Return keyword-in-context lines: ``doc_id, sent_id, frame, pattern, start, end, left, matched, right``.

    ``matched`` is ``docs.text[doc_id][start:end]``; ``left`` and ``right``
    are up to *window* characters of the document on either side, with runs
    of white space shown as one space (a KWIC concordance, Luhn 1960). With
    *n*, at most the first *n* hits of each frame (in document order) are
    kept (:func:`select_evidence`); *docs* needs the texts of those hits'
    documents only. Sorted by frame, ``doc_id``, ``start``.

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["Trade grew.\\nThe port of Alat opened."]})
    >>> hits = pd.DataFrame({"doc_id": ["d"], "sent_id": [1], "frame": ["connectivity"], "pattern": ["port"], "start": [16], "end": [20]})
    >>> frame_evidence(hits, docs, window=8).loc[0, ["left", "matched", "right"]].tolist()
    ['ew. The ', 'port', ' of Alat']
    """
    if not isinstance(window, int) or isinstance(window, bool) or window < 0:
        raise ValueError(f"window must be a whole number of characters >= 0; got {window!r}")
    if n is not None and (not isinstance(n, int) or isinstance(n, bool) or n < 1):
        raise ValueError(f"n must be None (all hits) or a whole number >= 1; got {n!r}")
    require_table(docs, "documents", [DOC_ID, "text"], "frame_evidence: docs")
    ordered = select_evidence(hits, n=n)
    texts = dict(zip(docs[DOC_ID], docs["text"]))
    missing = sorted(set(ordered[DOC_ID]) - set(texts))
    if missing:
        raise ValueError(f"frame_evidence: hits name documents {missing[:5]} that docs does not have")
    rows = []
    patterns = ordered["pattern"] if "pattern" in ordered.columns else pd.Series(pd.NA, index=ordered.index)
    for doc_id, sent_id, frame, pattern, start, end in zip(
        ordered[DOC_ID], ordered[SENT_ID], ordered["frame"], patterns, ordered["start"], ordered["end"]
    ):
        text = str(texts[doc_id])
        left = _WHITESPACE.sub(" ", text[max(0, start - window) : start])
        right = _WHITESPACE.sub(" ", text[end : end + window])
        rows.append((doc_id, sent_id, frame, pattern, start, end, left, text[start:end], right))
    out = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    return _types(out, strings=[DOC_ID, "frame", "pattern", "left", "matched", "right"], ints=[SENT_ID, "start", "end"])


# -- validation ------------------------------------------------------------


def unnest_frames(coded: pd.DataFrame, *, column: str = "frames", sep: str = ";") -> pd.DataFrame:
    """Return one row per coded (sentence, frame): ``doc_id, sent_id, frame``.

    *coded* has ``doc_id, sent_id`` and a *column* listing frames separated
    by *sep* (as in the gold set ``analysis/data/gold/frames_dev.csv``); blanks and missing values
    mean "no frame". Labels are stripped and de-duplicated (like tidytext's
    ``unnest_tokens``).

    >>> coded = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1], "frames": ["security; status", ""]})
    >>> unnest_frames(coded)
      doc_id  sent_id     frame
    0      d        0  security
    1      d        0    status
    """
    require_columns(coded, [DOC_ID, SENT_ID, column], "unnest_frames")
    rows = []
    for doc_id, sent_id, value in zip(coded[DOC_ID], coded[SENT_ID], coded[column]):
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            continue
        for label in str(value).split(sep):
            if label.strip():
                rows.append((doc_id, sent_id, label.strip()))
    out = pd.DataFrame(rows, columns=LABEL_COLUMNS).drop_duplicates(ignore_index=True)
    return _types(out, strings=[DOC_ID, "frame"], ints=[SENT_ID])


def evaluate_frames(
    predicted: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    frames: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Return precision, recall and F1 per frame: ``frame, tp, fp, fn, precision, recall, f1``.

    Both tables are sentence-level labels in long form, one row per
    (sentence, frame) present: ``doc_id, sent_id, frame`` (a hits table from
    :func:`match_frames` works as *predicted*; duplicates count once; use
    :func:`unnest_frames` for a ``;``-separated coding). A sentence absent from
    a table carries no frame there. *sentences* (``doc_id, sent_id``) limits
    both to the coded sentences, so predictions on uncoded sentences are not
    counted as false positives; *frames* limits the frames (default: every
    frame in either table).

    ``precision = tp / (tp + fp)``, ``recall = tp / (tp + fn)``,
    ``f1 = 2 tp / (2 tp + fp + fn)``, missing when the denominator is 0. The
    last two rows are ``micro avg`` (from the summed counts) and ``macro avg``
    (the unweighted mean of the defined per-frame values), with summed counts
    beside them (Manning, Raghavan & Schütze 2008, sec. 13.6).

    >>> gold = pd.DataFrame({"doc_id": ["d"] * 3, "sent_id": [0, 1, 2], "frame": ["a", "a", "b"]})
    >>> predicted = pd.DataFrame({"doc_id": ["d"] * 2, "sent_id": [0, 2], "frame": ["a", "a"]})
    >>> evaluate_frames(predicted, gold)
           frame  tp  fp  fn  precision    recall    f1
    0          a   1   1   1        0.5  0.500000  0.50
    1          b   0   0   1        NaN  0.000000  0.00
    2  micro avg   1   1   2        0.5  0.333333  0.40
    3  macro avg   1   1   2        0.5  0.250000  0.25
    """
    require_columns(predicted, LABEL_COLUMNS, "evaluate_frames (predicted)")
    require_columns(gold, LABEL_COLUMNS, "evaluate_frames (gold)")
    pred = _label_set(predicted, sentences)
    true = _label_set(gold, sentences)
    names = sorted({f for _, _, f in pred} | {f for _, _, f in true}) if frames is None else list(dict.fromkeys(frames))
    rows = []
    for frame in names:
        p = {(d, s) for d, s, f in pred if f == frame}
        t = {(d, s) for d, s, f in true if f == frame}
        tp, fp, fn = len(p & t), len(p - t), len(t - p)
        rows.append((frame, tp, fp, fn, *precision_recall_f1(tp, fp, fn)))
    per_frame = pd.DataFrame(rows, columns=EVALUATION_COLUMNS)
    tp, fp, fn = (int(per_frame[c].sum()) for c in ("tp", "fp", "fn"))
    micro = (MICRO, tp, fp, fn, *precision_recall_f1(tp, fp, fn))
    means = per_frame[["precision", "recall", "f1"]].mean(skipna=True) if rows else pd.Series(float("nan"), index=["precision", "recall", "f1"])
    macro = (MACRO, tp, fp, fn, means["precision"], means["recall"], means["f1"])
    out = pd.concat([per_frame, pd.DataFrame([micro, macro], columns=EVALUATION_COLUMNS)], ignore_index=True)
    return _types(out, strings=["frame"], ints=["tp", "fp", "fn"])


def _label_set(labels: pd.DataFrame, sentences: pd.DataFrame | None) -> set[tuple]:
    frame = labels[LABEL_COLUMNS].dropna()
    if sentences is not None:
        require_table(sentences, "sentences", [DOC_ID, SENT_ID], "evaluate_frames: sentences")
        keep = set(zip(sentences[DOC_ID], sentences[SENT_ID]))
        return {(d, int(s), f) for d, s, f in frame.itertuples(index=False) if (d, s) in keep}
    return {(d, int(s), f) for d, s, f in frame.itertuples(index=False)}


def krippendorff_alpha(codings: pd.DataFrame, *, level: Level = "nominal") -> float:
    """Return Krippendorff's alpha for a tidy coding table ``unit, coder, value``.

    One row per value a coder gave a unit; any number of coders, and a coder
    may skip units (missing data). Computed by the ``krippendorff`` package
    (Castro 2017) following Krippendorff (2011, *Computing Krippendorff's
    alpha-reliability*); *level* is the metric: ``nominal`` (any values),
    ``ordinal``, ``interval`` or ``ratio`` (numbers). Returns NaN when fewer
    than two distinct values occur (alpha is undefined without variation).

    Krippendorff's (2011) example C, 4 coders x 12 units with missing data:

    >>> values = {"A": "1 2 3 3 2 1 4 1 2 . . .", "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    ...           "C": ". 3 3 3 2 3 4 2 2 5 1 .", "D": "1 2 3 3 2 4 4 1 2 5 1 ."}
    >>> codings = pd.DataFrame([(u, c, int(v)) for c, row in values.items()
    ...                         for u, v in enumerate(row.split()) if v != "."], columns=["unit", "coder", "value"])
    >>> round(krippendorff_alpha(codings), 3), round(krippendorff_alpha(codings, level="interval"), 3)
    (0.743, 0.849)
    """
    check_choice(level, ("nominal", "ordinal", "interval", "ratio"), "level")
    require_columns(codings, ["unit", "coder", "value"], "krippendorff_alpha")
    data = codings[["unit", "coder", "value"]].dropna(subset=["value"])
    duplicated = data.duplicated(["unit", "coder"])
    if duplicated.any():
        unit, coder = data.loc[duplicated, "unit"].tolist()[0], data.loc[duplicated, "coder"].tolist()[0]
        raise ValueError(f"krippendorff_alpha: coder {coder!r} gives unit {unit!r} more than one value; each (unit, coder) needs one row")
    if data["value"].nunique() < 2:
        return float("nan")
    if level == "nominal":
        codes, _ = pd.factorize(data["value"], sort=True)
        values = codes.astype(float)
    else:
        numeric = pd.to_numeric(data["value"], errors="coerce")
        if numeric.isna().any():
            bad = data.loc[numeric.isna(), "value"].iloc[0]
            raise ValueError(f"krippendorff_alpha: level {level!r} needs numeric values; got {bad!r} (use level='nominal' for categories)")
        values = numeric.to_numpy(dtype=float)
    matrix = (
        pd.DataFrame({"unit": data["unit"].to_numpy(), "coder": data["coder"].to_numpy(), "value": values})
        .pivot(index="coder", columns="unit", values="value")
        .to_numpy(dtype=float)
    )
    import krippendorff

    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))


def frame_alpha(codings: pd.DataFrame, sentences: pd.DataFrame, *, frames: Sequence[str] | None = None) -> pd.DataFrame:
    """Return Krippendorff's alpha per frame on the binary present/absent coding: ``frame, alpha, n_units, n_coders, n_present``.

    *codings* has ``doc_id, sent_id, frame, coder``, one row per frame a
    coder found in a sentence (e.g. dictionary hits with ``coder="dictionary"``
    stacked on human labels); every coder is taken to have coded every
    sentence of *sentences* (``doc_id, sent_id``), so a sentence without a row
    for a coder and frame is coded "absent" by that coder. ``n_present``
    counts the (sentence, coder) pairs coded present. Alpha is nominal
    (Krippendorff 2011), NaN when nobody or everybody codes the frame present.
    Krippendorff's (2011) example A (two coders, ten units, alpha = 0.095):

    >>> sentences = pd.DataFrame({"doc_id": "d", "sent_id": range(10)})
    >>> codings = pd.DataFrame({"doc_id": "d", "sent_id": [1, 8, 0, 1, 2, 5], "frame": "a", "coder": list("AABBBB")})
    >>> frame_alpha(codings, sentences)
      frame     alpha  n_units  n_coders  n_present
    0     a  0.095238       10         2          6
    """
    require_columns(codings, [DOC_ID, SENT_ID, "frame", "coder"], "frame_alpha (codings)")
    require_table(sentences, "sentences", [DOC_ID, SENT_ID], "frame_alpha: sentences")
    units = sentences[[DOC_ID, SENT_ID]].drop_duplicates().reset_index(drop=True)
    coders = sorted(pd.unique(codings["coder"]).tolist())
    names = sorted(pd.unique(codings["frame"]).tolist()) if frames is None else list(dict.fromkeys(frames))
    unit_ids = {key: i for i, key in enumerate(zip(units[DOC_ID], units[SENT_ID]))}
    rows = []
    for frame in names:
        present = {
            (unit_ids[(d, s)], c)
            for d, s, c in codings.loc[codings["frame"] == frame, [DOC_ID, SENT_ID, "coder"]].itertuples(index=False)
            if (d, s) in unit_ids
        }
        table = pd.DataFrame(
            [(u, c, int((u, c) in present)) for u in range(len(units)) for c in coders], columns=["unit", "coder", "value"]
        )
        alpha = krippendorff_alpha(table) if coders and len(units) else float("nan")
        rows.append((frame, alpha, len(units), len(coders), len(present)))
    out = pd.DataFrame(rows, columns=ALPHA_COLUMNS)
    return _types(out, strings=["frame"], ints=["n_units", "n_coders", "n_present"])


# -- helpers ---------------------------------------------------------------


def _frame_list(hits: pd.DataFrame, frames: Sequence[str] | None) -> list[str]:
    if frames is None:
        return sorted(pd.unique(hits["frame"]).tolist())
    if isinstance(frames, str):
        raise TypeError(f"frames must be a list of frame names, not the string {frames!r}")
    return list(dict.fromkeys(str(f) for f in frames))


def _types(frame: pd.DataFrame, *, strings: Sequence[str] = (), ints: Sequence[str] = ()) -> pd.DataFrame:
    types = {c: "string" for c in strings if c in frame.columns}
    types.update({c: "int64" for c in ints if c in frame.columns})
    return frame.astype(types).reset_index(drop=True)


