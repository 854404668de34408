"""Actors: which states, leaders, organisations and regions the news names, together, and as what.

- :func:`load_gazetteer` reads the actor gazetteer, a data file with one row per
  alias (``analysis/data/actors/default.csv``; see its header for the format).
- :func:`find_actors` looks the aliases up in the tokens: one row per mention,
  longest match first, whole tokens only (the parts of a hyphenated token count
  as words, so ``Russia-Ukraine`` mentions Russia and ``Kassym-Jomart Tokayev``
  is one mention), case-sensitive where case tells words apart (``US`` is not
  ``us``). Demonyms and adjectives (``Kazakh expert``, ``Russian tensions``)
  count as mentions of the state's side and are marked ``form="demonym"``, so a
  caller can drop them; capitals and seats of power used as metonyms (``Baku``,
  ``the Kremlin``) are ``form="capital"``. Dictionary (gazetteer) lookup with
  longest match is the classic rule-based recognizer (Nadeau & Sekine 2007,
  *A survey of named entity recognition and classification*, Lingvisticae
  Investigationes 30(1), §3); a capital after a locative preposition ("talks in
  Astana") names the place rather than the government, the place-for-government
  metonymy of Markert & Nissim (2009, *Data and models for metonymy resolution*,
  Language Resources and Evaluation 43(2)), and is dropped by default.
- :func:`actor_edges` counts co-mentions in the same sentence: an undirected
  actor network (van Atteveldt 2008, *Semantic Network Analysis*, ch. 4:
  co-occurrence networks of actors in media content).
- :func:`characterize_actors` reads what an actor is called in copular ("X is
  becoming a middle power") and appositive ("X, a reliable partner, ...")
  patterns: lexico-syntactic patterns in the manner of Hearst (1992,
  *Automatic acquisition of hyponyms from large text corpora*, COLING), read
  from tokens with closed-class word lists (``analysis/data/copulas_en.txt``,
  ``analysis/data/actors/rules_en.toml``) because no tagger model may be used.
- :func:`actor_summary`: per actor, how often and in which forms it is named.

Every function takes tidy frames and returns a new frame; the per-document work
is a pure function of its documents and runs on any chunk of a corpus, in time
linear in the number of tokens (aliases are indexed by their first word).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterator
from functools import cache, lru_cache
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd

from .checks import check_choice, plain, require_columns, require_table
from .lexicons import FORMS, ActorRules, ActorSense, ActorSenses, check_gazetteer, load_actor_rules, load_actor_senses, load_gazetteer, read_stopwords
from .tokens import APOSTROPHES, token_spans
from .schema import DOC_ID, END, SENT_ID, START, TEXT

#: One row per actor mention (:func:`find_actors`).
MENTION_COLUMNS = [DOC_ID, SENT_ID, "actor", "kind", "state", "form", "surface", "start", "end"]
#: One row per pair of actors named in the same sentence (:func:`actor_edges`).
EDGE_COLUMNS = ["source", "target", "n_sentences", "n_docs"]
#: One row per characterisation (:func:`characterize_actors`).
CHARACTERIZATION_COLUMNS = [DOC_ID, SENT_ID, "actor", "pattern", "verb", "description", "start", "end"]
#: One row per actor (:func:`actor_summary`).
SUMMARY_COLUMNS = [
    "actor", "kind", "state", "n_mentions", "n_docs", "n_sentences",
    "n_name", "n_capital", "n_demonym", "n_leader", "n_acronym", "surfaces",
]

#: Surfaces listed per actor in :func:`actor_summary`.
SUMMARY_SURFACES = 5

Level = Literal["actor", "state"]
Locations = Literal["drop", "keep"]

_WORD_PART = re.compile(r"[^\s\-\u2010\u2011]+|[\-\u2010\u2011]")
_CLOSERS = frozenset({",", ".", ";", ":", "!", ")", "\u2014", "\u2013"})


# --------------------------------------------------------------------------- gazetteer


# --------------------------------------------------------------------------- matching


class _Alias(NamedTuple):
    words: tuple[str, ...]
    actor: str
    kind: str
    state: object
    form: str


class _Word(NamedTuple):
    start: int
    end: int
    text: str
    key: str
    token: int  # index of the token the word is part of
    whole: bool  # the word is the whole token


def _fold(word: str) -> str:
    """Apostrophes straightened; an abbreviation's final dot dropped ("U.S." and "U.S" alike)."""
    word = word.translate(APOSTROPHES)
    if word.endswith(".") and "." in word[:-1]:
        word = word[:-1]
    return word


def _split_words(token: str, offset: int, index: int) -> list[_Word]:
    parts = list(_WORD_PART.finditer(token))
    whole = len(parts) == 1
    return [
        _Word(offset + m.start(), offset + m.end(), _fold(m.group()), _fold(m.group()).casefold(), index, whole)
        for m in parts
    ]


def _alias_words(alias: str) -> tuple[str, ...]:
    # A word is appended so that the alias tokenizes as inside a sentence: the tokenizer
    # splits a final period off ("U.S." -> "U.S", ".") only at the end of its input.
    padded = alias + " x"
    spans = token_spans(padded)[:-1]
    return tuple(w.text for s, e in spans for w in _split_words(padded[s:e], s, 0))


#: Alias indexes kept for the last few gazetteers (scoring reads every chunk of a corpus with one gazetteer).
_INDEXES_KEPT = 8


def _build_index(gazetteer: pd.DataFrame) -> dict[str, list[_Alias]]:
    """The aliases of *gazetteer* by their first word, built once per distinct content (matching only reads it)."""
    columns = [gazetteer[c].tolist() for c in ("alias", "actor", "kind", "state", "form")]
    return _index_of(tuple(zip(*columns)))


@lru_cache(maxsize=_INDEXES_KEPT)
def _index_of(rows: tuple[tuple[object, ...], ...]) -> dict[str, list[_Alias]]:
    index: dict[str, list[_Alias]] = {}
    for alias, actor, kind, state, form in rows:
        words = _alias_words(alias)
        if not words:
            continue
        state = state if isinstance(state, str) else None
        index.setdefault(words[0].casefold(), []).append(_Alias(words, actor, kind, state, form))
    for candidates in index.values():
        candidates.sort(key=lambda a: -len(a.words))
    return index


@cache
def _default_index() -> dict[str, list[_Alias]]:
    return _build_index(load_gazetteer("default"))


def _word_matches(alias_word: str, text_word: str, acronym: bool) -> bool:
    if text_word == alias_word:
        return True
    if alias_word[:1].islower() and text_word == alias_word[:1].upper() + alias_word[1:]:
        return True  # "the West" at the start of a sentence
    return not acronym and alias_word != alias_word.upper() and text_word == alias_word.upper()  # ALL-CAPS headline


def _match_at(words: _TokenWords, i: int, stop: int, index: dict[str, list[_Alias]]) -> _Alias | None:
    """The longest alias that starts at word *i* and ends before word *stop*, or None."""
    for alias in index.get(words.key(i), ()):
        n = len(alias.words)
        if i + n > stop:
            continue
        acronym = alias.form == "acronym"
        if all(_word_matches(a, words.text(i + k), acronym) for k, a in enumerate(alias.words)):
            return alias
    return None


# --------------------------------------------------------------------------- text access


class _Sentence(NamedTuple):
    doc_id: object
    sent_id: int
    starts: list[int]
    ends: list[int]
    tokens: list[str]


def _sentences_of(tokens: pd.DataFrame, *, only: Container[tuple] | None = None) -> Iterator[_Sentence]:
    """Yield the runs of consecutive token rows that share ``doc_id`` and ``sent_id``, in table order.

    With *only*, just the runs whose ``(doc_id, sent_id)`` it holds (the others are never built).
    """
    if not len(tokens):
        return
    doc_codes, doc_ids = pd.factorize(tokens[DOC_ID])
    sent_codes, sent_ids = pd.factorize(tokens[SENT_ID])
    new = np.ones(len(tokens), dtype=bool)
    new[1:] = (doc_codes[1:] != doc_codes[:-1]) | (sent_codes[1:] != sent_codes[:-1])
    firsts = np.flatnonzero(new)
    doc_ids, sent_ids = doc_ids.tolist(), sent_ids.tolist()
    keys = [(doc_ids[d], int(sent_ids[s])) for d, s in zip(doc_codes[firsts].tolist(), sent_codes[firsts].tolist())]
    bounds = np.append(firsts, len(tokens)).tolist()
    wanted = [k for k, key in enumerate(keys) if only is None or key in only]
    if not wanted:
        return
    starts = tokens["start"].to_numpy(dtype="int64")
    ends = tokens["end"].to_numpy(dtype="int64")
    token_codes, texts = _token_texts(tokens)
    for k in wanted:
        a, b = bounds[k], bounds[k + 1]
        doc_id, sent_id = keys[k]
        yield _Sentence(doc_id, sent_id, starts[a:b].tolist(), ends[a:b].tolist(), [texts[c] for c in token_codes[a:b].tolist()])


def _token_texts(tokens: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """``(codes, texts)``: each row's token is ``texts[codes[row]]`` (each distinct token stored once); a missing token is an error."""
    missing = tokens["token"].isna().to_numpy()
    if missing.any():
        raise ValueError(f"tokens.token is missing at row {plain(tokens.index[missing][0])!r}; every token needs its text")
    codes, texts = pd.factorize(tokens["token"].astype(str))
    return codes, [str(t) for t in texts]


class _Texts:
    """Slices of document text by offsets: from the documents, or rebuilt from the tokens."""

    def __init__(self, docs: pd.DataFrame | None = None) -> None:
        self.docs = dict(zip(docs[DOC_ID], docs[TEXT])) if docs is not None else None

    def of(self, sentence: _Sentence) -> tuple[int, str]:
        """Return ``(offset, text)`` such that ``text[start - offset:end - offset]`` is any span of *sentence*."""
        if self.docs is not None and sentence.doc_id in self.docs:
            return 0, self.docs[sentence.doc_id]
        base = sentence.starts[0]
        chars = [" "] * (max(sentence.ends) - base)
        for s, e, t in zip(sentence.starts, sentence.ends, sentence.tokens):
            chars[s - base : e - base] = t
        return base, "".join(chars)


def _texts(tokens: pd.DataFrame, docs: pd.DataFrame | None, caller: str) -> _Texts:
    """Check *tokens* (a tokens table) and *docs* (a documents table or None); return where to read text spans."""
    require_table(tokens, "tokens", [DOC_ID, SENT_ID, START, END, "token"], f"{caller}: tokens")
    if docs is not None:
        require_table(docs, "documents", [DOC_ID, TEXT], f"{caller}: docs")
    return _Texts(docs)


# --------------------------------------------------------------------------- find_actors


def find_actors(
    tokens: pd.DataFrame,
    gazetteer: pd.DataFrame | None = None,
    *,
    docs: pd.DataFrame | None = None,
    locations: Locations = "drop",
) -> pd.DataFrame:
    """Return one row per actor mention: ``doc_id, sent_id, actor, kind, state, form, surface, start, end``.

    *tokens* is a tokens table (:func:`analysis.tokenize`); *gazetteer* a
    table from :func:`analysis.lexicons.load_gazetteer` (``None``: the
    packaged default gazetteer). ``surface`` is the document text at
    ``start:end``, taken from *docs* (the documents table) when given, else
    rebuilt from the tokens (a mention across tokens then shows single spaces
    between them).

    Matching (see the module docstring for sources): aliases are matched on
    whole tokens, and on the parts of hyphenated tokens; leftmost, then longest
    alias first, no overlaps; case-sensitive, except that a lower-case alias
    word also matches its capitalised form and a non-acronym alias its
    ALL-CAPS form. A possessive needs no rule: the tokenizer splits ``’s`` off.
    A one-word mention right after a capitalised word that is not the first
    word of the sentence, a stopword or a title ("President") is part of a
    longer name and is dropped ("Hunter Biden", "University College London");
    ``kind="ignore"`` rows of the gazetteer block known longer names ("Caspian
    Post", "Islamic State of Iraq and Syria").
    ``kind`` and ``state`` come from the gazetteer (``state``: the state a
    state name, capital, demonym or leader stands for; missing for
    organisations and regions). ``locations="drop"`` drops a capital right
    after a locative preposition ("in Astana"), which names the place, not the
    government; ``"keep"`` keeps it.

    >>> import analysis
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": [
    ...     "Kassym-Jomart Tokayev met us in Astana; Baku’s US partners and the Kazakh side agreed."]})
    >>> tokens = analysis.tokenize(analysis.split_sentences(docs))
    >>> find_actors(tokens, docs=docs)[["actor", "form", "surface", "start", "end"]]
                       actor     form                surface  start  end
    0  kassym_jomart_tokayev   leader  Kassym-Jomart Tokayev      0   21
    1             azerbaijan  capital                   Baku     40   44
    2          united_states  acronym                     US     47   49
    3             kazakhstan  demonym                 Kazakh     67   73
    """
    check_choice(locations, ("drop", "keep"), "locations")
    texts = _texts(tokens, docs, "find_actors")
    index = _index_for(gazetteer)
    rules = load_actor_rules()
    stopwords = read_stopwords()
    words = _TokenWords.read(tokens, index)
    senses = load_actor_senses()
    other_sense = _OtherSense(words, senses, rules.titles, stopwords, index)
    rows: list[tuple] = []
    sentence, resume, matched_until = -1, 0, 0
    rebuilt: tuple[int, tuple[int, str]] | None = None  # the sentence text rebuilt from its tokens, once per sentence
    # Only a word that opens some alias can start a mention; the others are read as neighbours.
    for i, at, begin, stop in words.candidates():
        if at != sentence:
            sentence, resume, matched_until = at, begin, begin  # words before matched_until belong to a match
        if i < resume:
            continue  # inside the previous match
        alias = _match_at(words, i, stop, index)
        if alias is None:
            continue
        n = len(alias.words)
        keep = (
            alias.kind != "ignore"
            and not (locations == "drop" and alias.form == "capital" and _after_locative(words, i, begin, rules.locative_prepositions))
            and not (n == 1 and i > matched_until and _inside_longer_name(words, i, rules.titles, stopwords))
            and not (n == 1 and alias.words[0] in senses.senses and other_sense.names_other(senses.senses[alias.words[0]], i + 1, stop))
        )
        matched_until = resume = i + n
        if keep:
            first_start, last_end = words.start(i), words.end(i + n - 1)
            doc_id, sent_id = words.sentence_key(at)
            if texts.docs is not None and doc_id in texts.docs:
                offset, text = 0, texts.docs[doc_id]
            else:
                if rebuilt is None or rebuilt[0] != at:
                    rebuilt = (at, texts.of(words.sentence(at)))
                offset, text = rebuilt[1]
            surface = text[first_start - offset : last_end - offset]
            rows.append((doc_id, sent_id, alias.actor, alias.kind, alias.state, alias.form, surface, first_start, last_end))
    return _mention_frame(rows)


class _OtherSense:
    """Whether a mention of an alias listed in ``senses_en.toml`` names its other sense (:func:`find_actors`, rules 1-3 there)."""

    def __init__(self, words: _TokenWords, senses: ActorSenses, titles: frozenset[str], stopwords: frozenset[str], index) -> None:
        self.words, self.senses, self.titles, self.stopwords, self.index = words, senses, titles, stopwords, index
        self.word_docs: np.ndarray | None = None
        # (alias, "sentence" or "document", its number) -> (other cues, actor cues): each span is read once per alias
        self.counted: dict[tuple[str, str, int], tuple[int, int]] = {}

    def names_other(self, sense: ActorSense, after: int, stop: int) -> bool:
        """The mention ending before word *after* (its sentence ends before word *stop*) names *sense*'s other sense."""
        words = self.words
        if after < stop and words.whole[after]:
            key, text = words.key(after), words.text(after)
            if key in self.senses.name_heads:
                return True
            if (sense.first_name and text[:1].isupper() and text.isalpha() and key not in self.titles
                    and key not in self.stopwords and key not in self.index):
                return True
        # The mention's own sentence decides when its cues point one way only; else its document.
        other, actor = self._cues(sense, "sentence", words.word_sentence, int(words.word_sentence[after - 1]))
        if bool(other) != bool(actor):
            return bool(other)
        if self.word_docs is None:
            self.word_docs = words.doc_codes[words.token_of]
        other, actor = self._cues(sense, "document", self.word_docs, int(self.word_docs[after - 1]))
        return other > actor

    def _cues(self, sense: ActorSense, scope: str, groups: np.ndarray, group: int) -> tuple[int, int]:
        """How many of *sense*'s other and actor cues the words of *group* hold (*groups*: each word's group, in order)."""
        key = (sense.alias, scope, group)
        if key not in self.counted:
            first, last = (int(np.searchsorted(groups, group, side=side)) for side in ("left", "right"))
            keys = [self.words.key(x) for x in range(first, last)]
            self.counted[key] = (sum(k in sense.other_cues for k in keys), sum(k in sense.actor_cues for k in keys))
        return self.counted[key]


class _TokenWords:
    """The words of a tokens table (:func:`_split_words` of every token), in table order, as arrays.

    Each distinct token is split once; word ``w`` is part ``part[w]`` of token
    ``token_of[w]``. Sentences are the runs of rows sharing ``doc_id`` and
    ``sent_id`` (as :func:`_sentences_of` reads them).
    """

    __slots__ = ("tokens", "texts", "keys", "rel_starts", "rel_ends", "part", "token_of", "whole", "opens",
                 "word_sentence", "token_starts", "token_ends", "first_token", "doc_codes", "doc_ids", "sent_codes", "sent_ids",
                 "token_codes")

    @classmethod
    def read(cls, tokens: pd.DataFrame, index: dict[str, list[_Alias]]) -> _TokenWords:
        self = cls()
        codes, self.tokens = _token_texts(tokens)
        self.token_codes = codes
        texts, keys, rel_starts, rel_ends, firsts, counts = [], [], [], [], [], []
        for token in self.tokens:
            firsts.append(len(texts))
            parts = _split_words(token, 0, 0)
            counts.append(len(parts))
            for word in parts:
                texts.append(word.text)
                keys.append(word.key)
                rel_starts.append(word.start)
                rel_ends.append(word.end)
        self.texts, self.keys = texts, keys
        self.rel_starts, self.rel_ends = np.array(rel_starts, dtype="int64"), np.array(rel_ends, dtype="int64")
        per_token = np.array(counts, dtype="int64")[codes]
        self.token_of = np.repeat(np.arange(len(codes)), per_token)
        first_word = np.cumsum(per_token) - per_token
        self.part = np.array(firsts, dtype="int64")[codes][self.token_of] + (np.arange(len(self.token_of)) - first_word[self.token_of])
        self.whole = (per_token == 1)[self.token_of]
        self.opens = np.array([key in index for key in keys], dtype=bool)[self.part]
        self.token_starts = tokens["start"].to_numpy(dtype="int64")
        self.token_ends = tokens["end"].to_numpy(dtype="int64")
        doc_codes, doc_ids = pd.factorize(tokens[DOC_ID])
        sent_codes, sent_ids = pd.factorize(tokens[SENT_ID])
        new = np.ones(len(codes), dtype=bool)
        new[1:] = (doc_codes[1:] != doc_codes[:-1]) | (sent_codes[1:] != sent_codes[:-1])
        token_sentence = np.cumsum(new) - 1
        self.first_token = np.append(np.flatnonzero(new), len(codes))
        self.word_sentence = token_sentence[self.token_of]
        self.doc_codes, self.doc_ids = doc_codes, doc_ids.tolist()
        self.sent_ids = sent_ids.tolist()
        self.sent_codes = sent_codes
        return self

    def candidates(self):
        """``(word, sentence, first word of the sentence, end of the sentence)`` for each word that opens an alias, in order."""
        at = np.flatnonzero(self.opens)
        sentence = self.word_sentence[at]
        begins = np.searchsorted(self.word_sentence, sentence, side="left")
        stops = np.searchsorted(self.word_sentence, sentence, side="right")
        return zip(at.tolist(), sentence.tolist(), begins.tolist(), stops.tolist())

    def text(self, w: int) -> str:
        return self.texts[self.part[w]]

    def key(self, w: int) -> str:
        return self.keys[self.part[w]]

    def start(self, w: int) -> int:
        return int(self.token_starts[self.token_of[w]] + self.rel_starts[self.part[w]])

    def end(self, w: int) -> int:
        return int(self.token_starts[self.token_of[w]] + self.rel_ends[self.part[w]])

    def opens_sentence(self, w: int) -> bool:
        """Whether word *w* is part of its sentence's first token."""
        return bool(self.token_of[w] == self.first_token[self.word_sentence[w]])

    def sentence_key(self, sentence: int) -> tuple[object, int]:
        """``(doc_id, sent_id)`` of a sentence."""
        row = self.first_token[sentence]
        return self.doc_ids[self.doc_codes[row]], int(self.sent_ids[self.sent_codes[row]])

    def sentence(self, sentence: int) -> _Sentence:
        """The :class:`_Sentence` of a sentence (its tokens)."""
        a, b = self.first_token[sentence], self.first_token[sentence + 1]
        doc_id, sent_id = self.sentence_key(sentence)
        return _Sentence(doc_id, sent_id, self.token_starts[a:b].tolist(), self.token_ends[a:b].tolist(),
                         [self.tokens[c] for c in self.token_codes[a:b].tolist()])


def _index_for(gazetteer: pd.DataFrame | None) -> dict[str, list[_Alias]]:
    if gazetteer is None:
        return _default_index()
    if not isinstance(gazetteer, pd.DataFrame):
        raise TypeError(
            f"find_actors: gazetteer must be a table from analysis.lexicons.load_gazetteer (or None for the packaged one); "
            f"got {type(gazetteer).__name__} {gazetteer!r:.60} (load a file with load_gazetteer(path) first)"
        )
    # Scoring calls this once per chunk with a gazetteer unpickled afresh: check each distinct content once.
    return _checked_index(tuple(map(str, gazetteer.columns)), tuple(gazetteer.itertuples(index=False, name=None)))


@lru_cache(maxsize=_INDEXES_KEPT)
def _checked_index(columns: tuple[str, ...], rows: tuple[tuple[object, ...], ...]) -> dict[str, list[_Alias]]:
    """The alias index of the gazetteer with these *columns* and *rows*, checked (:func:`check_gazetteer`) first."""
    return _build_index(check_gazetteer(pd.DataFrame(list(rows), columns=list(columns), dtype=object), "gazetteer frame"))


def _after_locative(words: _TokenWords, i: int, begin: int, locative: frozenset[str]) -> bool:
    """Word *i* follows a locative preposition (and maybe "the") of its sentence, which starts at word *begin*."""
    j = i - 1
    if j >= begin and words.key(j) == "the":
        j -= 1
    return j >= begin and bool(words.whole[j]) and words.key(j) in locative


def _inside_longer_name(words: _TokenWords, i: int, titles: frozenset[str], stopwords: frozenset[str]) -> bool:
    """A word right after a capitalised word that is no title, no stopword and not the first word ("Hunter Biden")."""
    previous = i - 1
    if words.opens_sentence(previous) or not words.whole[previous]:
        return False
    text, key = words.text(previous), words.key(previous)
    return text[:1].isupper() and text.isalpha() and key not in titles and key not in stopwords


def _mention_frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    return frame.astype(
        {DOC_ID: "string", SENT_ID: "int64", "actor": "string", "kind": "string", "state": "string",
         "form": "string", "surface": "string", "start": "int64", "end": "int64"}
    )


# --------------------------------------------------------------------------- network and summary


def actor_edges(mentions: pd.DataFrame, *, level: Level = "actor") -> pd.DataFrame:
    """Return the co-mention network: ``source, target, n_sentences, n_docs``, one row per pair of actors.

    Two actors are linked when they are named in the same sentence (van
    Atteveldt 2008, *Semantic Network Analysis*, ch. 4); the network is
    undirected, ``source < target``, and a sentence counts once per pair however
    often it names them. ``n_docs`` counts the documents with at least one such
    sentence. ``level="state"`` first maps every mention with a ``state`` (a
    leader, a capital) to that state, so Tokayev and Astana count as Kazakhstan.
    Pairs are enumerated within each sentence only, so the cost grows with the
    number of mentions, not with pairs of sentences. Sorted by ``n_sentences``
    (descending), then ``source``, ``target``.

    >>> m = pd.DataFrame({"doc_id": ["a", "a", "a", "a", "b", "b"], "sent_id": [0, 0, 0, 1, 0, 0],
    ...     "actor": ["azerbaijan", "kassym_jomart_tokayev", "azerbaijan", "russia", "kazakhstan", "azerbaijan"],
    ...     "state": ["azerbaijan", "kazakhstan", "azerbaijan", "russia", "kazakhstan", "azerbaijan"]})
    >>> actor_edges(m, level="state")
           source      target  n_sentences  n_docs
    0  azerbaijan  kazakhstan            2       2
    """
    if level not in ("actor", "state"):
        raise ValueError(f"level must be 'actor' or 'state'; got {level!r}")
    require_columns(mentions, [DOC_ID, SENT_ID, "actor"] + (["state"] if level == "state" else []), "actor_edges")
    node = mentions["actor"].astype("string")
    if level == "state":
        node = mentions["state"].astype("string").fillna(node)
    nodes = pd.DataFrame({DOC_ID: mentions[DOC_ID], SENT_ID: mentions[SENT_ID], "node": node}).drop_duplicates()
    pairs = nodes.merge(nodes, on=[DOC_ID, SENT_ID], suffixes=("_s", "_t"))
    pairs = pairs[pairs["node_s"] < pairs["node_t"]]
    edges = (
        pairs.groupby(["node_s", "node_t"], sort=False)
        .agg(n_sentences=(SENT_ID, "size"), n_docs=(DOC_ID, "nunique"))
        .reset_index()
        .rename(columns={"node_s": "source", "node_t": "target"})
    )
    edges = edges.sort_values(["n_sentences", "source", "target"], ascending=[False, True, True], ignore_index=True)
    return edges[EDGE_COLUMNS].astype({"source": "string", "target": "string", "n_sentences": "int64", "n_docs": "int64"})


def actor_summary(mentions: pd.DataFrame) -> pd.DataFrame:
    """Return how each actor is named: one row per actor with counts per form and its commonest surfaces.

    Columns: ``actor, kind, state, n_mentions, n_docs, n_sentences, n_name,
    n_capital, n_demonym, n_leader, n_acronym, surfaces`` where ``n_<form>``
    counts the mentions in each form and ``surfaces`` lists up to
    :data:`SUMMARY_SURFACES` surfaces with their counts, commonest first
    (ties alphabetical). Sorted by ``n_mentions`` (descending), then ``actor``.

    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_id": [0, 1, 0], "actor": ["azerbaijan"] * 3,
    ...     "kind": ["state"] * 3, "state": ["azerbaijan"] * 3, "form": ["name", "capital", "name"],
    ...     "surface": ["Azerbaijan", "Baku", "Azerbaijan"]})
    >>> actor_summary(m).iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'actor': 'azerbaijan', 'kind': 'state', 'state': 'azerbaijan', 'n_mentions': 3, 'n_docs': 2,
     'n_sentences': 3, 'n_name': 2, 'n_capital': 1, 'n_demonym': 0, 'n_leader': 0, 'n_acronym': 0,
     'surfaces': 'Azerbaijan (2); Baku (1)'}
    """
    require_columns(mentions, [DOC_ID, SENT_ID, "actor", "kind", "state", "form", "surface"], "actor_summary")
    rows = []
    for actor, group in mentions.groupby("actor", sort=True):
        forms = group["form"].value_counts()
        surfaces = group["surface"].value_counts()
        surfaces = sorted(surfaces.items(), key=lambda kv: (-kv[1], kv[0]))[:SUMMARY_SURFACES]
        state = group["state"].dropna()
        rows.append(
            [actor, group["kind"].iloc[0], state.iloc[0] if len(state) else pd.NA, len(group), group[DOC_ID].nunique(),
             len(group[[DOC_ID, SENT_ID]].drop_duplicates())]
            + [int(forms.get(form, 0)) for form in FORMS]
            + ["; ".join(f"{s} ({n})" for s, n in surfaces)]
        )
    frame = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    frame = frame.sort_values(["n_mentions", "actor"], ascending=[False, True], ignore_index=True)
    counts = {c: "int64" for c in SUMMARY_COLUMNS if c.startswith("n_")}
    return frame.astype({"actor": "string", "kind": "string", "state": "string", "surfaces": "string", **counts})


# --------------------------------------------------------------------------- characterisations


class _Tok(NamedTuple):
    start: int
    end: int
    text: str
    key: str
    punct: bool


def characterize_actors(
    mentions: pd.DataFrame,
    tokens: pd.DataFrame,
    *,
    docs: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return what actors are called: ``doc_id, sent_id, actor, pattern, verb, description, start, end``.

    Two lexico-syntactic patterns (Hearst 1992) are read from the tokens, one
    row per actor and match; ``description`` is the document text at
    ``start:end``, the noun phrase that characterises the actor:

    - ``copula``: the actor opens a clause and is followed by a copular verb
      phrase (``analysis/data/copulas_en.txt``: "is", "has become", "is
      emerging as", "remains", ...; adverbs may stand between its words) and a
      noun phrase opening with a determiner: "Azerbaijan is effectively
      becoming a middle power" gives ``verb="is becoming"``, ``description="a
      middle power"``.
    - ``apposition``: the actor, a comma, and a noun phrase opening with a
      determiner and closed by punctuation: "Kazakhstan, the largest economy in
      the region, ..." (``verb`` missing). Lists ("X, the UAE, and Y"),
      fronted adverbials ("In Uzbekistan, the decision was ...") and actors
      after "in", "of" and the like ("a player in the South Caucasus, an
      important hub": the hub is the player) are skipped.

    Precision over recall (no tagger model may be used, so the noun phrase is
    found with closed-class word lists, ``analysis/data/actors/rules_en.toml``):
    a negation cancels the match ("Azerbaijan is not only ..."), questions are
    skipped, demonyms are never subjects, and the phrase stops at punctuation,
    a relative pronoun, a subordinator, an auxiliary, a coordinator not followed
    by a determiner, or after ``max_tokens`` tokens. Coordinated subjects
    ("Uzbekistan and Azerbaijan are two brotherly nations") characterise each
    actor. *mentions* come from :func:`find_actors` on the same tokens (a
    mention that is only part of a token, as in "Russia-Ukraine", is never a
    subject);
    *tokens* (a tokens table) and *docs* are read as by :func:`find_actors`.

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": [
    ...     "Azerbaijan is effectively becoming a middle power and a reliable ally for Astana, he said. "
    ...     "Kazakhstan is not only a partner."]})
    >>> import analysis
    >>> tokens = analysis.tokenize(analysis.split_sentences(docs))
    >>> found = characterize_actors(find_actors(tokens, docs=docs), tokens, docs=docs)
    >>> found[["actor", "verb", "description"]]
            actor         verb                                   description
    0  azerbaijan  is becoming  a middle power and a reliable ally for Astana
    """
    require_columns(mentions, [DOC_ID, SENT_ID, "actor", "form", "start", "end"], "characterize_actors")
    texts = _texts(tokens, docs, "characterize_actors")
    rules = load_actor_rules()
    by_sentence: dict[tuple, list[tuple[int, int, str, str]]] = {}
    for d, s, a, f, st, en in zip(mentions[DOC_ID], mentions[SENT_ID], mentions["actor"], mentions["form"], mentions["start"], mentions["end"]):
        by_sentence.setdefault((d, int(s)), []).append((int(st), int(en), str(a), str(f)))
    rows: list[tuple] = []
    for sentence in _sentences_of(tokens, only=by_sentence):
        found = by_sentence[(sentence.doc_id, sentence.sent_id)]
        matches = _characterize_sentence(sentence, found, rules)
        if matches:
            offset, text = texts.of(sentence)
            for actor, pattern, verb, start, end in matches:
                rows.append((sentence.doc_id, sentence.sent_id, actor, pattern, verb, text[start - offset : end - offset], start, end))
    frame = pd.DataFrame(rows, columns=CHARACTERIZATION_COLUMNS)
    return frame.astype(
        {DOC_ID: "string", SENT_ID: "int64", "actor": "string", "pattern": "string", "verb": "string",
         "description": "string", "start": "int64", "end": "int64"}
    )


def _characterize_sentence(sentence: _Sentence, mentions: list[tuple[int, int, str, str]], rules: ActorRules) -> list[tuple]:
    toks = [
        _Tok(s, e, t, t.translate(APOSTROPHES).casefold(), _is_punct(t))
        for s, e, t in zip(sentence.starts, sentence.ends, sentence.tokens)
    ]
    if any(t.text == "?" for t in toks):
        return []
    first_of = {t.start: i for i, t in enumerate(toks)}
    last_of = {t.end: i for i, t in enumerate(toks)}
    aligned = sorted(
        (first_of[s], last_of[e], actor, form) for s, e, actor, form in mentions if s in first_of and e in last_of
    )
    mention_starts = {i for i, _, _, _ in aligned}
    # "the West" starts at "the"; "the UAE" at "UAE": both make "the ..." a name, not a description.
    subjects = [(i, j, actor) for i, j, actor, form in aligned if form != "demonym"]
    out: list[tuple] = []
    for chain in _chains(subjects, toks):
        first, last = chain[0][0], chain[-1][1]
        actors = [actor for _, _, actor in chain]
        copula = _copula_after(toks, last + 1, rules) if _opens_clause(toks, first, rules) else None
        if copula is not None:
            verb, d = copula
            span = _description(toks, d, rules, mention_starts)
            if span is not None:
                out.extend((actor, "copula", verb, toks[span[0]].start, toks[span[1] - 1].end) for actor in actors)
        k = last + 1
        if (
            k < len(toks)
            and toks[k].text == ","
            and not _fronted_adverbial(toks, first, rules)
            and not _after_word(toks, first, rules.no_apposition_after | {","})
        ):
            span = _description(toks, k + 1, rules, mention_starts)
            if span is not None and _closed_apposition(toks, span[2], rules, mention_starts):
                out.extend((actor, "apposition", pd.NA, toks[span[0]].start, toks[span[1] - 1].end) for actor in actors)
    return out


def _chains(subjects: list[tuple[int, int, str]], toks: list[_Tok]) -> list[list[tuple[int, int, str]]]:
    """Group mentions joined by ``,``, ``and``, ``or`` (", and") into coordinated subjects.

    A run joined by commas alone is no coordination ("for Baku, Azerbaijan could ..."): its
    mentions stay apart.
    """
    runs: list[tuple[list[tuple[int, int, str]], bool]] = []
    for mention in subjects:
        if runs:
            gap = [t.key for t in toks[runs[-1][0][-1][1] + 1 : mention[0]]]
            if gap in ([","], ["and"], ["or"], [",", "and"], [",", "or"]):
                runs[-1][0].append(mention)
                runs[-1] = (runs[-1][0], runs[-1][1] or gap != [","])
                continue
        runs.append(([mention], False))
    chains: list[list[tuple[int, int, str]]] = []
    for run, coordinated in runs:
        chains.extend([run] if coordinated else [[mention] for mention in run])
    return chains


def _after_word(toks: list[_Tok], i: int, words: frozenset[str]) -> bool:
    """True when token *i* (or the "the" before it) follows one of *words*."""
    j = i - 1
    if j >= 0 and toks[j].key == "the":
        j -= 1
    return j >= 0 and toks[j].key in words


def _opens_clause(toks: list[_Tok], i: int, rules: ActorRules) -> bool:
    j = i - 1
    if j >= 0 and toks[j].key == "the":
        j -= 1
    return j < 0 or (toks[j].punct and toks[j].text not in "-\u2010\u2011") or toks[j].key in rules.clause_openers


def _fronted_adverbial(toks: list[_Tok], i: int, rules: ActorRules) -> bool:
    """True when the clause holding token *i* opens with a preposition ("In Uzbekistan, ...")."""
    j = i
    while j > 0 and not toks[j - 1].punct:
        j -= 1
    return j < i and toks[j].key in rules.prepositions


def _is_adverb(tok: _Tok, rules: ActorRules) -> bool:
    if tok.key in rules.adverbs:
        return True
    return tok.key.endswith("ly") and tok.key.isalpha() and tok.text.islower() and len(tok.key) > 4 and tok.key not in rules.not_adverbs


def _skip_adverbs(toks: list[_Tok], pos: int, rules: ActorRules) -> int | None:
    """Position of the first token at or after *pos* that is no adverb; ``None`` if a negation comes first."""
    while pos < len(toks):
        if toks[pos].key in rules.negations:
            return None
        if not _is_adverb(toks[pos], rules):
            return pos
        pos += 1
    return pos


def _copula_after(toks: list[_Tok], pos: int, rules: ActorRules) -> tuple[str, int] | None:
    """The longest copular phrase at *pos* (adverbs allowed between its words) and where the description starts."""
    for copula in rules.copulas:
        at = pos
        for word in copula:
            at = _skip_adverbs(toks, at, rules)
            if at is None:
                return None
            if at >= len(toks) or toks[at].key != word:
                break
            at += 1
        else:
            start = _skip_adverbs(toks, at, rules)
            return None if start is None else (" ".join(copula), start)
    return None


def _description(toks: list[_Tok], d: int, rules: ActorRules, mention_starts: set[int]) -> tuple[int, int, int] | None:
    """``(d, end, stop)``: the noun phrase opening at *d* is tokens ``[d, end)``; reading stopped at *stop*.

    ``None`` if no noun phrase opens at *d* (no determiner, or "the" opening a name such as "the UAE").
    """
    if d >= len(toks) or toks[d].key not in rules.determiners or d in mention_starts or d + 1 in mention_starts:
        return None
    end = d
    while end < len(toks) and end - d < rules.max_tokens:
        tok = toks[end]
        if tok.punct or tok.key in rules.stops or tok.key in rules.negations:
            break
        following = toks[end + 1] if end + 1 < len(toks) else None
        if tok.key in rules.conjunctions and (following is None or following.key not in rules.determiners):
            break
        if tok.key == "to" and (following is None or not (following.key in rules.determiners or following.text[:1].isupper())):
            break
        end += 1
    stop = end
    while end > d + 1 and toks[end - 1].key in rules.trailing:
        end -= 1
    return (d, end, stop) if end - d >= 2 else None


def _closed_apposition(toks: list[_Tok], end: int, rules: ActorRules, mention_starts: set[int]) -> bool:
    """An apposition is closed by the sentence end or by punctuation at *end*, and is no item of a list."""
    if end >= len(toks):
        return True
    if toks[end].text not in _CLOSERS:
        return False
    if toks[end].text == "," and end + 1 < len(toks):
        after = toks[end + 1]
        if after.key in rules.conjunctions or end + 1 in mention_starts:
            return False
    return True


def _is_punct(token: str) -> bool:
    return all(unicodedata.category(ch)[0] in "PS" for ch in token)


