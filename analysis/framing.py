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
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import yaml

from .resources import data_path
from .schema import require_columns
from .tokens import _APOSTROPHES, token_spans, tokenize

#: Names of the dictionaries shipped in ``analysis/data/frames/``.
SHIPPED_DICTIONARIES = ("eurasia", "generic", "policy")
#: Folder of the shipped dictionaries inside ``analysis/data``.
FRAMES_FOLDER = "frames"
#: Suffix of the sidecar file holding frame descriptions and sources.
META_SUFFIX = ".meta.yml"

#: One row per dictionary pattern (:func:`load_dictionary`).
DICTIONARY_COLUMNS = ["frame", "pattern"]
#: One row per frame of a scheme (:func:`describe_frames`).
DESCRIPTION_COLUMNS = ["frame", "description", "sources"]
#: One row per frame hit (:func:`match_frames`).
HIT_COLUMNS = ["doc_id", "sent_id", "frame", "pattern", "matched", "start", "end"]
#: One row per document and frame (:func:`frame_salience`).
SALIENCE_COLUMNS = ["doc_id", "frame", "hits", "n_words", "hits_per_1k", "n_frame_sentences", "n_sentences", "sentence_share"]
#: One row per document (:func:`dominant_frames`).
DOMINANT_COLUMNS = ["doc_id", "frame", "hits", "n_frame_sentences", "share", "n_tied"]
#: One row per document (:func:`frame_diversity`).
DIVERSITY_COLUMNS = ["doc_id", "hits", "n_frames", "entropy", "entropy_norm"]
#: One row per pair of frames (:func:`frame_cooccurrence`).
COOCCURRENCE_COLUMNS = ["frame_a", "frame_b", "n_both", "n_a", "n_b", "jaccard"]
#: One row per frame (:func:`frame_sentiment`); ``doc_id`` comes first with ``by="document"``.
SENTIMENT_COLUMNS = ["frame", "n_sentences", "mean_compound", "sd_compound"]
#: One row per frame and actor (:func:`frame_actors`); ``doc_id`` first with ``by="document"``.
ACTOR_COLUMNS = ["frame", "actor", "n_sentences", "n_frame_sentences", "n_actor_sentences", "share_of_frame"]
#: One row per hit, with its context (:func:`frame_evidence`).
EVIDENCE_COLUMNS = ["doc_id", "sent_id", "frame", "pattern", "start", "end", "left", "matched", "right"]
#: One row per (sentence, frame) label (:func:`unnest_frames`).
LABEL_COLUMNS = ["doc_id", "sent_id", "frame"]
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
_LIWC_IDS = re.compile(r"^\d+$")


# -- dictionaries ----------------------------------------------------------


def load_dictionary(name_or_path: str | Path) -> pd.DataFrame:
    """Return a frame dictionary as one row per pattern: ``frame, pattern``.

    *name_or_path* is a shipped scheme (``"eurasia"``, ``"generic"``,
    ``"policy"``) or the path of a quanteda YAML dictionary (``.yml``/``.yaml``,
    read with ``yaml.safe_load``) or a LIWC dictionary (``.dic``: a block
    between ``%`` lines mapping category numbers to names, then one
    ``word<TAB>category ids`` line per entry). Formats: quanteda's
    ``dictionary()`` (Benoit et al. 2018) and LIWC (Pennebaker et al. 2015).

    Patterns keep their spelling; matching is case-insensitive. Nested YAML
    keys are merged into their top-level key. Rows keep file order, and a
    pattern listed twice under one frame is kept once.

    >>> eurasia = load_dictionary("eurasia")
    >>> sorted(eurasia["frame"].unique())
    ['connectivity', 'diplomacy', 'economy_energy', 'great_powers', 'kinship_identity', 'security', 'sovereignty', 'status']
    >>> eurasia.query("pattern == 'middle power*'")
         frame        pattern
    ... status  middle power*
    """
    path = _dictionary_path(name_or_path)
    if path.suffix.lower() == ".dic":
        pairs = _read_liwc(path)
    else:
        pairs = _read_yaml_dictionary(path)
    frame = pd.DataFrame(pairs, columns=DICTIONARY_COLUMNS).drop_duplicates(ignore_index=True)
    return frame.astype({"frame": "string", "pattern": "string"})


def describe_frames(name_or_path: str | Path) -> pd.DataFrame:
    """Return ``frame, description, sources`` for every frame of a dictionary.

    Descriptions come from the sidecar ``<stem>.meta.yml`` beside the
    dictionary (a mapping ``frames: {frame: {description, sources}}``);
    ``sources`` are joined with ``"; "``. Frames without a sidecar entry get
    missing values.

    >>> describe_frames("generic").set_index("frame").loc["conflict", "sources"]
    'Semetko & Valkenburg 2000...'
    """
    path = _dictionary_path(name_or_path)
    frames = load_dictionary(path)["frame"].unique().tolist()
    if path.suffix.lower() != ".dic":
        # Keys without patterns (policy's residual "other") are frames too.
        frames = [str(key) for key in yaml.safe_load(path.read_text(encoding="utf-8"))]
    meta_path = path.with_name(path.stem + META_SUFFIX)
    described: dict = {}
    if meta_path.is_file():
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
        if not isinstance(meta, dict) or not isinstance(meta.get("frames", {}), dict):
            raise ValueError(f"{meta_path}: must be a mapping with a 'frames' mapping of frame -> {{description, sources}}")
        described = meta.get("frames") or {}
    rows = []
    for frame in frames:
        entry = described.get(frame) or {}
        sources = entry.get("sources")
        if isinstance(sources, list):
            sources = "; ".join(str(s) for s in sources)
        rows.append((frame, entry.get("description"), sources))
    out = pd.DataFrame(rows, columns=DESCRIPTION_COLUMNS)
    return out.astype({"frame": "string", "description": "string", "sources": "string"})


def _dictionary_path(name_or_path: str | Path) -> Path:
    if isinstance(name_or_path, str) and name_or_path in SHIPPED_DICTIONARIES:
        return Path(str(data_path(f"{FRAMES_FOLDER}/{name_or_path}.yml")))
    path = Path(name_or_path)
    if not path.is_file():
        raise FileNotFoundError(
            f"dictionary {str(name_or_path)!r} is neither a shipped dictionary {list(SHIPPED_DICTIONARIES)} "
            "nor an existing .yml/.yaml/.dic file"
        )
    if path.suffix.lower() not in (".yml", ".yaml", ".dic"):
        raise ValueError(f"dictionary file {str(path)!r} has suffix {path.suffix!r}; use .yml/.yaml (quanteda YAML) or .dic (LIWC)")
    return path


def _read_yaml_dictionary(path: Path) -> list[tuple[str, str]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: is not valid YAML ({exc})") from None
    if not isinstance(data, dict) or not data:
        raise ValueError(f"{path}: must be a YAML mapping of frame -> list of patterns (quanteda format); got {type(data).__name__}")
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        pairs.extend((str(key), pattern) for pattern in _yaml_patterns(value, path, str(key)))
    return pairs


def _yaml_patterns(value: object, path: Path, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, dict):
        return [p for sub, inner in value.items() for p in _yaml_patterns(inner, path, f"{key}.{sub}")]
    if not isinstance(value, list):
        value = [value]
    patterns = []
    for item in value:
        if isinstance(item, (dict, list)):
            patterns.extend(_yaml_patterns(item, path, key))
            continue
        if isinstance(item, bool) or item is None:
            raise ValueError(f"{path}: pattern {item!r} under key {key!r} was read as a YAML {type(item).__name__}; quote it, e.g. \"no\"")
        pattern = _WHITESPACE.sub(" ", str(item)).strip()
        if not pattern:
            raise ValueError(f"{path}: key {key!r} has an empty pattern; every pattern needs at least one word")
        patterns.append(pattern)
    return patterns


def _read_liwc(path: Path) -> list[tuple[str, str]]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    numbered = [(i + 1, line.strip()) for i, line in enumerate(lines) if line.strip()]
    if not numbered or numbered[0][1] != "%":
        raise ValueError(f"{path}: a LIWC .dic file starts with a '%' line, then 'id<TAB>category' lines, then another '%'")
    categories: dict[str, str] = {}
    position = 1
    while position < len(numbered) and numbered[position][1] != "%":
        line_no, line = numbered[position]
        parts = line.split(None, 1)
        if len(parts) != 2 or not _LIWC_IDS.match(parts[0]):
            raise ValueError(f"{path}: line {line_no} {line!r} is not 'category number<TAB>category name'")
        categories[parts[0].lstrip("0") or "0"] = parts[1].strip()
        position += 1
    if position == len(numbered):
        raise ValueError(f"{path}: the category block opened by '%' is never closed by a second '%' line")
    pairs = []
    for line_no, line in numbered[position + 1 :]:
        if "\t" in line:
            # word<TAB>ids: the word may hold spaces (LIWC2015 phrases); ids are tab- or space-separated.
            word, rest = line.split("\t", 1)
            ids = rest.split()
        else:
            # Space-separated files: the trailing numbers are the ids.
            parts = line.split()
            n_ids = len(parts) - next((i for i in range(len(parts), 0, -1) if not _LIWC_IDS.match(parts[i - 1])), 0)
            word, ids = " ".join(parts[: len(parts) - n_ids]), parts[len(parts) - n_ids :]
        word = word.strip()
        if not word or not ids:
            raise ValueError(f"{path}: line {line_no} {line!r} is not 'word<TAB>category ids'")
        for cat in ids:
            key = cat.lstrip("0") or "0"
            if not _LIWC_IDS.match(cat) or key not in categories:
                raise ValueError(f"{path}: line {line_no} uses category {cat!r}, which the header does not define (defined: {sorted(categories, key=int)})")
            pairs.append((categories[key], word))
    return pairs


def _as_dictionary(dictionary: pd.DataFrame | Mapping[str, Iterable[str]]) -> pd.DataFrame:
    if isinstance(dictionary, Mapping):
        rows = [(str(k), str(p)) for k, patterns in dictionary.items() for p in ([patterns] if isinstance(patterns, str) else patterns)]
        return pd.DataFrame(rows, columns=DICTIONARY_COLUMNS)
    if not isinstance(dictionary, pd.DataFrame):
        raise TypeError(f"dictionary must be a frame with columns {DICTIONARY_COLUMNS} or a mapping frame -> patterns; got {type(dictionary).__name__}")
    require_columns(dictionary, DICTIONARY_COLUMNS, "dictionary")
    return dictionary


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
        folded = piece.translate(_APOSTROPHES).casefold()
        if _GLOB_CHARS.search(piece):
            words.append(folded)
        else:
            words.extend(folded[s:e] for s, e in token_spans(folded))
    return words


def _build_trie(dictionary: pd.DataFrame) -> _Node:
    root = _Node()
    for rank, (frame, pattern) in enumerate(zip(dictionary["frame"], dictionary["pattern"])):
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
    tokens_or_docs: pd.DataFrame,
    dictionary: pd.DataFrame | Mapping[str, Iterable[str]],
    *,
    docs: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return one row per frame hit: ``doc_id, sent_id, frame, pattern, matched, start, end``.

    *tokens_or_docs* is a tokens frame (:func:`analysis.tokenize`), a
    sentences frame or a documents frame (both tokenized first). Patterns are
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
    from a bare tokens frame the text between two tokens of a multiword match
    is rebuilt as spaces, so pass *docs* (``doc_id, text``) when the text may
    hold other white space there. Cost is linear in the number of tokens.

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["The Middle Corridor links ports; support grew."]})
    >>> match_frames(docs, {"connectivity": ["middle corridor", "corridor*", "port", "ports"], "status": ["middle"]})
      doc_id  sent_id         frame          pattern          matched  start  end
    0      d        0  connectivity  middle corridor  Middle Corridor      4   19
    1      d        0        status           middle           Middle      4   10
    2      d        0  connectivity            ports            ports     26   31
    """
    dictionary = _as_dictionary(dictionary)
    tokens = tokens_or_docs
    if "token_id" not in tokens.columns or "norm" not in tokens.columns:
        if "text" not in tokens.columns:
            raise ValueError(f"match_frames needs a tokens frame (with 'norm') or a sentences/documents frame (with 'text'); got columns {list(tokens.columns)}")
        if docs is None and "sent_id" not in tokens.columns:
            docs = tokens
        tokens = tokenize(tokens)
    require_columns(tokens, ["doc_id", "sent_id", "start", "end", "norm"], "match_frames")
    texts: dict = {}
    if docs is not None:
        require_columns(docs, ["doc_id", "text"], "match_frames (docs)")
        texts = {doc_id: (0, str(text)) for doc_id, text in zip(docs["doc_id"], docs["text"])}
    elif "token_id" not in tokens_or_docs.columns and {"sent_id", "start", "text"} <= set(tokens_or_docs.columns):
        given = tokens_or_docs
        texts = {(d, s): (int(o), str(t)) for d, s, o, t in zip(given["doc_id"], given["sent_id"], given["start"], given["text"])}
    trie = _build_trie(dictionary)
    ordered = tokens.sort_values(["doc_id", "sent_id", "start"], kind="stable")
    has_token = "token" in ordered.columns
    token_text = ordered["token"].astype(str).tolist() if has_token else ordered["norm"].astype(str).tolist()
    rows: list[tuple] = []
    sentence: list[tuple[str, int, int, str]] = []
    key = None
    for doc_id, sent_id, start, end, norm, text in zip(
        ordered["doc_id"], ordered["sent_id"], ordered["start"], ordered["end"], ordered["norm"].astype(str), token_text
    ):
        if (doc_id, sent_id) != key:
            if sentence:
                rows.extend(_match_sentence(trie, key, sentence, texts))
            key, sentence = (doc_id, sent_id), []
        sentence.extend(_words(norm, text, int(start), int(end)))
    if sentence:
        rows.extend(_match_sentence(trie, key, sentence, texts))
    out = pd.DataFrame(rows, columns=HIT_COLUMNS)
    return out.astype({"doc_id": "string", "sent_id": "int64", "frame": "string", "pattern": "string",
                       "matched": "string", "start": "int64", "end": "int64"})


def _words(norm: str, text: str, start: int, end: int) -> list[tuple[str, int, int, str]]:
    """Split a joined phrase token (``middle corridor``) back into its words, with offsets."""
    if " " not in norm and not _WHITESPACE.search(text):
        return [(norm, start, end, text)]
    pieces = list(re.finditer(r"\S+", text))
    norms = norm.split()
    if len(pieces) != len(norms):
        return [(norm, start, end, text)]
    return [(n, start + m.start(), start + m.end(), m.group()) for n, m in zip(norms, pieces)]


def _match_sentence(trie: _Node, key: tuple, words: list[tuple[str, int, int, str]], texts) -> list[tuple]:
    doc_id, sent_id = key
    best: dict[int, dict[str, tuple[int, int, str]]] = {}
    for i in range(len(words)):
        frontier = [trie]
        j = i
        while frontier and j < len(words):
            frontier = [child for node in frontier for child in node.step(words[j][0])]
            j += 1
            for node in frontier:
                for order, frame, pattern in node.ends:
                    current = best.setdefault(i, {}).get(frame)
                    # Longer wins; at equal length the lower order (exact, then earlier) wins.
                    if current is None or j > current[0] or (j == current[0] and order < current[1]):
                        best[i][frame] = (j, order, pattern)
    rows = []
    free: dict[str, int] = {}
    for i in sorted(best):
        for frame, (j, _, pattern) in sorted(best[i].items()):
            if i < free.get(frame, 0):
                continue
            free[frame] = j
            start, end = words[i][1], words[j - 1][2]
            rows.append((doc_id, sent_id, frame, pattern, _span_text(words, i, j, texts, key), start, end))
    rows.sort(key=lambda row: (row[5], row[2], row[6]))
    return rows


def _span_text(words, i: int, j: int, texts: dict, key: tuple) -> str:
    start, end = words[i][1], words[j - 1][2]
    source = texts.get(key[0]) or texts.get(key)
    if source is not None:
        offset, text = source
        return text[start - offset : end - offset]
    parts = [words[i][3]]
    for k in range(i + 1, j):
        parts.append(" " * (words[k][1] - words[k - 1][2]) + words[k][3])
    return "".join(parts)


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
    require_columns(hits, ["doc_id", "sent_id", "frame"], "frame_salience (hits)")
    require_columns(sentences, ["doc_id", "sent_id"], "frame_salience (sentences)")
    require_columns(tokens, ["doc_id", "is_punct"], "frame_salience (tokens)")
    frame_list = _frame_list(hits, frames)
    doc_ids = pd.unique(sentences["doc_id"])
    grid = pd.MultiIndex.from_product([doc_ids, frame_list], names=["doc_id", "frame"])
    n_hits = hits.groupby(["doc_id", "frame"]).size()
    n_frame_sentences = hits.drop_duplicates(["doc_id", "sent_id", "frame"]).groupby(["doc_id", "frame"]).size()
    out = pd.DataFrame(index=grid)
    out["hits"] = n_hits.reindex(grid, fill_value=0).to_numpy()
    words = tokens.loc[~tokens["is_punct"].astype(bool)].groupby("doc_id").size()
    n_sentences = sentences.drop_duplicates(["doc_id", "sent_id"]).groupby("doc_id").size()
    doc_level = out.index.get_level_values("doc_id")
    out["n_words"] = words.reindex(doc_level, fill_value=0).to_numpy()
    out["hits_per_1k"] = _ratio(out["hits"] * PER_WORDS, out["n_words"])
    out["n_frame_sentences"] = n_frame_sentences.reindex(grid, fill_value=0).to_numpy()
    out["n_sentences"] = n_sentences.reindex(doc_level, fill_value=0).to_numpy()
    out["sentence_share"] = _ratio(out["n_frame_sentences"], out["n_sentences"])
    out = out.reset_index().sort_values(["doc_id", "frame"], ignore_index=True)
    return _types(out[SALIENCE_COLUMNS], strings=["doc_id", "frame"], ints=["hits", "n_words", "n_frame_sentences", "n_sentences"])


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
    _check_choice(by, ("sentences", "hits"), "by")
    require_columns(hits, ["doc_id", "sent_id", "frame"], "dominant_frames")
    counts = hits.groupby(["doc_id", "frame"]).size().rename("hits").to_frame()
    counts["n_frame_sentences"] = hits.drop_duplicates(["doc_id", "sent_id", "frame"]).groupby(["doc_id", "frame"]).size()
    counts = counts.reset_index()
    primary, secondary = ("n_frame_sentences", "hits") if by == "sentences" else ("hits", "n_frame_sentences")
    counts["share"] = counts[primary] / counts.groupby("doc_id")[primary].transform("sum")
    counts["n_tied"] = counts.groupby("doc_id")[primary].transform(lambda v: int((v == v.max()).sum()))
    ranked = counts.sort_values(["doc_id", primary, secondary, "frame"], ascending=[True, False, False, True], kind="stable")
    out = ranked.drop_duplicates("doc_id").reset_index(drop=True)
    return _types(out[DOMINANT_COLUMNS], strings=["doc_id", "frame"], ints=["hits", "n_frame_sentences", "n_tied"])


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
    require_columns(hits, ["doc_id", "frame"], "frame_diversity")
    if frames is not None and len(set(frames)) < 1:
        raise ValueError("frames must list at least one frame (or be None to use the frames each document uses)")
    counts = hits.groupby(["doc_id", "frame"]).size()
    rows = []
    for doc_id, values in counts.groupby(level="doc_id"):
        n = values.to_numpy(dtype=float)
        p = n / n.sum()
        entropy = float(-(p * np.log2(p)).sum()) + 0.0
        k = len(set(frames)) if frames is not None else len(n)
        norm = entropy / math.log2(k) if k >= 2 else float("nan")
        rows.append((doc_id, int(n.sum()), len(n), entropy, norm))
    out = pd.DataFrame(rows, columns=DIVERSITY_COLUMNS)
    return _types(out, strings=["doc_id"], ints=["hits", "n_frames"])


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
    require_columns(hits, ["doc_id", "sent_id", "frame"], "frame_cooccurrence")
    labels = hits.drop_duplicates(["doc_id", "sent_id", "frame"])
    per_frame = labels.groupby("frame").size()
    pairs = labels.merge(labels, on=["doc_id", "sent_id"], suffixes=("_a", "_b"))
    pairs = pairs.loc[pairs["frame_a"] < pairs["frame_b"]]
    both = pairs.groupby(["frame_a", "frame_b"]).size()
    names = sorted(per_frame.index)
    grid = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    out = pd.DataFrame(grid, columns=["frame_a", "frame_b"])
    out["n_both"] = [int(both.get((a, b), 0)) for a, b in grid]
    out["n_a"] = [int(per_frame[a]) for a, _ in grid]
    out["n_b"] = [int(per_frame[b]) for _, b in grid]
    out["jaccard"] = _ratio(out["n_both"], out["n_a"] + out["n_b"] - out["n_both"])
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
    _check_choice(by, ("corpus", "document"), "by")
    require_columns(hits, ["doc_id", "sent_id", "frame"], "frame_sentiment (hits)")
    require_columns(sentence_scores, ["doc_id", "sent_id", "compound"], "frame_sentiment (sentence_scores)")
    labels = hits[["doc_id", "sent_id", "frame"]].drop_duplicates()
    scores = sentence_scores[["doc_id", "sent_id", "compound"]].drop_duplicates(["doc_id", "sent_id"])
    joined = labels.merge(scores, on=["doc_id", "sent_id"], how="inner").dropna(subset=["compound"])
    keys = ["doc_id", "frame"] if by == "document" else ["frame"]
    grouped = joined.groupby(keys)["compound"]
    out = pd.DataFrame({"n_sentences": grouped.size(), "mean_compound": grouped.mean(), "sd_compound": grouped.std(ddof=1)}).reset_index()
    columns = (["doc_id"] if by == "document" else []) + SENTIMENT_COLUMNS
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
    _check_choice(by, ("corpus", "document"), "by")
    require_columns(hits, ["doc_id", "sent_id", "frame"], "frame_actors (hits)")
    require_columns(mentions, ["doc_id", "sent_id", "actor"], "frame_actors (mentions)")
    labels = hits[["doc_id", "sent_id", "frame"]].drop_duplicates()
    actors = mentions[["doc_id", "sent_id", "actor"]].dropna().drop_duplicates()
    group = ["doc_id"] if by == "document" else []
    joined = labels.merge(actors, on=["doc_id", "sent_id"])
    out = joined.groupby(group + ["frame", "actor"]).size().rename("n_sentences").reset_index()
    n_frame = labels.groupby(group + ["frame"]).size().rename("n_frame_sentences").reset_index()
    n_actor = actors.groupby(group + ["actor"]).size().rename("n_actor_sentences").reset_index()
    out = out.merge(n_frame, on=group + ["frame"]).merge(n_actor, on=group + ["actor"])
    out["share_of_frame"] = out["n_sentences"] / out["n_frame_sentences"]
    out = out.sort_values(group + ["frame", "n_sentences", "actor"], ascending=[True] * len(group) + [True, False, True], ignore_index=True)
    out = out[group + ACTOR_COLUMNS]
    return _types(out, strings=group + ["frame", "actor"], ints=["n_sentences", "n_frame_sentences", "n_actor_sentences"])


def frame_evidence(hits: pd.DataFrame, docs: pd.DataFrame, *, window: int = 60, n: int | None = None) -> pd.DataFrame:
    """Return keyword-in-context lines: ``doc_id, sent_id, frame, pattern, start, end, left, matched, right``.

    ``matched`` is ``docs.text[doc_id][start:end]``; ``left`` and ``right``
    are up to *window* characters of the document on either side, with runs
    of white space shown as one space (a KWIC concordance, Luhn 1960). With
    *n*, at most the first *n* hits of each frame (in document order) are
    kept. Sorted by frame, ``doc_id``, ``start``.

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["Trade grew.\\nThe port of Alat opened."]})
    >>> hits = pd.DataFrame({"doc_id": ["d"], "sent_id": [1], "frame": ["connectivity"], "pattern": ["port"], "start": [16], "end": [20]})
    >>> frame_evidence(hits, docs, window=8).loc[0, ["left", "matched", "right"]].tolist()
    ['ew. The ', 'port', ' of Alat']
    """
    if not isinstance(window, int) or isinstance(window, bool) or window < 0:
        raise ValueError(f"window must be a whole number of characters >= 0; got {window!r}")
    if n is not None and (not isinstance(n, int) or isinstance(n, bool) or n < 1):
        raise ValueError(f"n must be None (all hits) or a whole number >= 1; got {n!r}")
    require_columns(hits, ["doc_id", "sent_id", "frame", "start", "end"], "frame_evidence (hits)")
    require_columns(docs, ["doc_id", "text"], "frame_evidence (docs)")
    texts = dict(zip(docs["doc_id"], docs["text"]))
    missing = sorted(set(hits["doc_id"]) - set(texts))
    if missing:
        raise ValueError(f"frame_evidence: hits name documents {missing[:5]} that docs does not have")
    ordered = hits.sort_values(["frame", "doc_id", "start", "end"], kind="stable", ignore_index=True)
    if n is not None:
        ordered = ordered.groupby("frame", sort=False).head(n).reset_index(drop=True)
    rows = []
    patterns = ordered["pattern"] if "pattern" in ordered.columns else pd.Series(pd.NA, index=ordered.index)
    for doc_id, sent_id, frame, pattern, start, end in zip(
        ordered["doc_id"], ordered["sent_id"], ordered["frame"], patterns, ordered["start"], ordered["end"]
    ):
        text = str(texts[doc_id])
        left = _WHITESPACE.sub(" ", text[max(0, start - window) : start])
        right = _WHITESPACE.sub(" ", text[end : end + window])
        rows.append((doc_id, sent_id, frame, pattern, start, end, left, text[start:end], right))
    out = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    return _types(out, strings=["doc_id", "frame", "pattern", "left", "matched", "right"], ints=["sent_id", "start", "end"])


# -- validation ------------------------------------------------------------


def unnest_frames(coded: pd.DataFrame, *, column: str = "frames", sep: str = ";") -> pd.DataFrame:
    """Return one row per coded (sentence, frame): ``doc_id, sent_id, frame``.

    *coded* has ``doc_id, sent_id`` and a *column* listing frames separated
    by *sep* (as in ``tests/data/frames_dev.csv``); blanks and missing values
    mean "no frame". Labels are stripped and de-duplicated (like tidytext's
    ``unnest_tokens``).

    >>> coded = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1], "frames": ["security; status", ""]})
    >>> unnest_frames(coded)
      doc_id  sent_id     frame
    0      d        0  security
    1      d        0    status
    """
    require_columns(coded, ["doc_id", "sent_id", column], "unnest_frames")
    rows = []
    for doc_id, sent_id, value in zip(coded["doc_id"], coded["sent_id"], coded[column]):
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            continue
        for label in str(value).split(sep):
            if label.strip():
                rows.append((doc_id, sent_id, label.strip()))
    out = pd.DataFrame(rows, columns=LABEL_COLUMNS).drop_duplicates(ignore_index=True)
    return _types(out, strings=["doc_id", "frame"], ints=["sent_id"])


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
        rows.append((frame, tp, fp, fn, *_prf(tp, fp, fn)))
    per_frame = pd.DataFrame(rows, columns=EVALUATION_COLUMNS)
    tp, fp, fn = (int(per_frame[c].sum()) for c in ("tp", "fp", "fn"))
    micro = (MICRO, tp, fp, fn, *_prf(tp, fp, fn))
    means = per_frame[["precision", "recall", "f1"]].mean(skipna=True) if rows else pd.Series(float("nan"), index=["precision", "recall", "f1"])
    macro = (MACRO, tp, fp, fn, means["precision"], means["recall"], means["f1"])
    out = pd.concat([per_frame, pd.DataFrame([micro, macro], columns=EVALUATION_COLUMNS)], ignore_index=True)
    return _types(out, strings=["frame"], ints=["tp", "fp", "fn"])


def _label_set(labels: pd.DataFrame, sentences: pd.DataFrame | None) -> set[tuple]:
    frame = labels[LABEL_COLUMNS].dropna()
    if sentences is not None:
        require_columns(sentences, ["doc_id", "sent_id"], "evaluate_frames (sentences)")
        keep = set(zip(sentences["doc_id"], sentences["sent_id"]))
        return {(d, int(s), f) for d, s, f in frame.itertuples(index=False) if (d, s) in keep}
    return {(d, int(s), f) for d, s, f in frame.itertuples(index=False)}


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    nan = float("nan")
    precision = tp / (tp + fp) if tp + fp else nan
    recall = tp / (tp + fn) if tp + fn else nan
    f1 = 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else nan
    return precision, recall, f1


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
    _check_choice(level, ("nominal", "ordinal", "interval", "ratio"), "level")
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
    require_columns(codings, ["doc_id", "sent_id", "frame", "coder"], "frame_alpha (codings)")
    require_columns(sentences, ["doc_id", "sent_id"], "frame_alpha (sentences)")
    units = sentences[["doc_id", "sent_id"]].drop_duplicates().reset_index(drop=True)
    coders = sorted(pd.unique(codings["coder"]).tolist())
    names = sorted(pd.unique(codings["frame"]).tolist()) if frames is None else list(dict.fromkeys(frames))
    unit_ids = {key: i for i, key in enumerate(zip(units["doc_id"], units["sent_id"]))}
    rows = []
    for frame in names:
        present = {
            (unit_ids[(d, s)], c)
            for d, s, c in codings.loc[codings["frame"] == frame, ["doc_id", "sent_id", "coder"]].itertuples(index=False)
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


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    num = numerator.to_numpy(dtype=float)
    den = denominator.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return pd.Series(np.where(den > 0, num / np.where(den > 0, den, 1), np.nan), index=numerator.index)


def _types(frame: pd.DataFrame, *, strings: Sequence[str] = (), ints: Sequence[str] = ()) -> pd.DataFrame:
    types = {c: "string" for c in strings if c in frame.columns}
    types.update({c: "int64" for c in ints if c in frame.columns})
    return frame.astype(types).reset_index(drop=True)


def _check_choice(value: object, choices: tuple[str, ...], name: str) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}; got {value!r}")


