"""Split documents into sentences and tokens, with character offsets into the text.

Both steps are built on NLTK and need no downloaded NLTK data:

- sentences: NLTK's Punkt algorithm (Kiss & Strunk 2006, *Unsupervised
  multilingual sentence boundary detection*, Computational Linguistics 32(4))
  with its parameters built from the packaged abbreviation list
  (``analysis/data/abbreviations_en.txt``) instead of a trained pickle;
- tokens: NLTK's Treebank-style word tokenizer (``NLTKWordTokenizer``), which
  keeps hyphenated compounds whole and splits clitics (``'s``, ``n't``);
  curly apostrophes are read as straight ones, so ``Azerbaijan’s`` and
  ``Azerbaijan's`` give the same tokens; multiword expressions are joined with
  NLTK's ``MWETokenizer`` on request.

Every row carries ``start`` and ``end``: for a sentence or a token,
``docs.text[doc][start:end]`` is the row's text. Both functions are pure and
work on any chunk of documents.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import pandas as pd

from .resources import read_list, read_word_list
from .schema import SENTENCE_COLUMNS, TOKEN_COLUMNS
from .spans import paragraph_spans

#: Packaged lists used by default.
ABBREVIATIONS_FILE = "abbreviations_en.txt"
STOPWORDS_FILE = "stopwords_en.txt"
PHRASES_FILE = "phrases_en.txt"

#: Apostrophe-like characters read as ``'`` by the tokenizer (same length, so offsets hold).
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})
#: A sentence that opens (after quotes or brackets) with a lower-case letter continues the previous one.
_CONTINUATION = re.compile(r"^[\"'“”‘’«»(\[]*[^\W\d_]")
#: Joins the parts of a multiword expression inside MWETokenizer (never occurs in text tokens).
_MWE_SEPARATOR = "\x1f"


@cache
def _sentence_splitter():
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(read_list(ABBREVIATIONS_FILE))
    return PunktSentenceTokenizer(params)


@cache
def _word_tokenizer():
    from nltk.tokenize import NLTKWordTokenizer

    return NLTKWordTokenizer()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every sentence of *text*; sentences never cross a paragraph.

    Punkt's boundaries are kept, except that a boundary after ``?`` or ``!``
    followed by a lower-case word is dropped (``“Why?” he asked.`` is one
    sentence).

    >>> text = "Dr. Aliyev met Kassym-Jomart K. Tokayev in the U.S. on Jan. 5. “Why?” he asked.\\nNew line"
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Dr. Aliyev met Kassym-Jomart K. Tokayev in the U.S. on Jan. 5.', '“Why?” he asked.', 'New line']
    """
    splitter = _sentence_splitter()
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraph_spans(text):
        paragraph = text[p_start:p_end]
        merged: list[tuple[int, int]] = []
        for s, e in splitter.span_tokenize(paragraph):
            if merged and _continues(paragraph, merged[-1], s):
                merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        spans.extend((p_start + s, p_start + e) for s, e in merged)
    return spans


def _continues(paragraph: str, previous: tuple[int, int], start: int) -> bool:
    ending = paragraph[previous[0] : previous[1]].rstrip("\"'”’»)] ")
    opening = _CONTINUATION.match(paragraph[start:])
    return bool(ending) and ending[-1] in "?!" and bool(opening) and opening.group()[-1].islower()


def split_sentences(docs: pd.DataFrame) -> pd.DataFrame:
    """Return one row per sentence: ``doc_id, sent_id, para_id, start, end, text``.

    *docs* needs ``doc_id`` and ``text`` (as from :func:`analysis.load_corpus`).
    ``sent_id`` and ``para_id`` count from 0 within each document; offsets index
    the document's ``text``. Method: Punkt (Kiss & Strunk 2006) with the packaged
    abbreviation list; see :func:`sentence_spans`.

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["No. 1 is Baku. It grows.\\nAstana too."]})
    >>> split_sentences(docs)[["sent_id", "para_id", "start", "end", "text"]]
       sent_id  para_id  start  end         text
    0        0        0      0   14  No. 1 is Baku.
    1        1        0     15   24    It grows.
    2        2        1     25   36  Astana too.
    """
    _require(docs, ["doc_id", "text"], "split_sentences")
    doc_ids, sent_ids, para_ids, starts, ends, texts = [], [], [], [], [], []
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        text = _as_text(text, doc_id)
        paragraphs = list(paragraph_spans(text))
        para = 0
        for sent_id, (s, e) in enumerate(sentence_spans(text)):
            while paragraphs[para][1] < e:
                para += 1
            doc_ids.append(doc_id)
            sent_ids.append(sent_id)
            para_ids.append(para)
            starts.append(s)
            ends.append(e)
            texts.append(text[s:e])
    frame = pd.DataFrame(dict(zip(SENTENCE_COLUMNS, (doc_ids, sent_ids, para_ids, starts, ends, texts))))
    return frame.astype({"doc_id": "string", "sent_id": "int64", "para_id": "int64", "start": "int64", "end": "int64", "text": "string"})


def token_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every token of one sentence *text* (NLTK's Treebank-style tokenizer).

    >>> text = "Azerbaijan’s multi-vector policy isn't new."
    >>> [text[s:e] for s, e in token_spans(text)]
    ['Azerbaijan', '’s', 'multi-vector', 'policy', 'is', "n't", 'new', '.']
    """
    folded = text.translate(_APOSTROPHES)
    try:
        return list(_word_tokenizer().span_tokenize(folded))
    except ValueError:
        # NLTK cannot align its tokens back to some inputs (quote pairs it
        # rewrites); fall back to its word/punctuation regexp tokenizer.
        from nltk.tokenize import WordPunctTokenizer

        return list(WordPunctTokenizer().span_tokenize(folded))


def tokenize(
    docs_or_sentences: pd.DataFrame,
    *,
    phrases: str | Path | Iterable[str] | None = None,
    stopwords: str | Path | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Return one row per token: ``doc_id, sent_id, token_id, start, end, token, norm, is_stop, is_punct, is_alpha``.

    *docs_or_sentences* is a sentences frame (from :func:`split_sentences`, with
    ``sent_id, start, end, text``) or a documents frame (``doc_id, text``),
    which is split into sentences first. Offsets index the document's text, and
    ``token_id`` counts from 0 within each document.

    - ``norm`` is the token in lower case (``str.casefold``) with curly
      apostrophes made straight.
    - ``is_stop``: ``norm`` is in the stopword list (default: the Snowball
      English list in ``analysis/data/stopwords_en.txt``; or a path to a
      one-word-per-line file, or any iterable of words).
    - ``is_punct``: every character is punctuation or a symbol (Unicode P*/S*).
    - ``is_alpha``: letters only, allowing inner hyphens and apostrophes
      (``multi-vector``, ``n't``).
    - ``phrases``: ``"default"`` (``analysis/data/phrases_en.txt``), a path to a
      one-phrase-per-line file, or an iterable of phrases; consecutive tokens
      forming a phrase (case-insensitive, longest match first, NLTK's
      ``MWETokenizer``) become one token spanning them, e.g. ``Middle Corridor``.

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["The Middle Corridor isn’t new."]})
    >>> tokenize(docs, phrases=["middle corridor"])[["token", "norm", "is_stop", "is_punct", "is_alpha"]]
                 token             norm  is_stop  is_punct  is_alpha
    0              The              the     True     False      True
    1  Middle Corridor  middle corridor    False     False     False
    2               is               is     True     False      True
    3              n’t              n't     True     False      True
    4              new              new    False     False      True
    5                .                .    False      True     False
    """
    frame = docs_or_sentences
    if "sent_id" not in frame.columns:
        frame = split_sentences(frame)
    _require(frame, ["doc_id", "sent_id", "start", "text"], "tokenize")
    stop = _word_set(stopwords, STOPWORDS_FILE, "stopwords")
    mwe = _mwe_tokenizer(phrases)
    columns: dict[str, list] = {name: [] for name in TOKEN_COLUMNS}
    counters: dict[object, int] = {}
    for doc_id, sent_id, offset, text in zip(frame["doc_id"], frame["sent_id"], frame["start"], frame["text"]):
        text = _as_text(text, doc_id)
        spans = token_spans(text)
        if mwe is not None:
            spans = _join_phrases(text, spans, mwe)
        token_id = counters.get(doc_id, 0)
        for s, e in spans:
            token = text[s:e]
            norm = token.translate(_APOSTROPHES).casefold()
            columns["doc_id"].append(doc_id)
            columns["sent_id"].append(sent_id)
            columns["token_id"].append(token_id)
            columns["start"].append(offset + s)
            columns["end"].append(offset + e)
            columns["token"].append(token)
            columns["norm"].append(norm)
            columns["is_stop"].append(norm in stop)
            columns["is_punct"].append(_is_punct(token))
            columns["is_alpha"].append(_is_alpha(norm))
            token_id += 1
        counters[doc_id] = token_id
    out = pd.DataFrame(columns, columns=TOKEN_COLUMNS)
    return out.astype(
        {"doc_id": "string", "sent_id": "int64", "token_id": "int64", "start": "int64", "end": "int64",
         "token": "string", "norm": "string", "is_stop": "bool", "is_punct": "bool", "is_alpha": "bool"}
    )


def _is_punct(token: str) -> bool:
    return all(unicodedata.category(ch)[0] in "PS" for ch in token)


def _is_alpha(norm: str) -> bool:
    core = norm.replace("-", "").replace("'", "")
    return core.isalpha() and not norm.startswith("-") and not norm.endswith("-")


def _join_phrases(text: str, spans: list[tuple[int, int]], mwe) -> list[tuple[int, int]]:
    words = [text[s:e].translate(_APOSTROPHES).casefold() for s, e in spans]
    joined: list[tuple[int, int]] = []
    i = 0
    for merged in mwe.tokenize(words):
        n = merged.count(_MWE_SEPARATOR) + 1
        joined.append((spans[i][0], spans[i + n - 1][1]))
        i += n
    return joined


def _mwe_tokenizer(phrases):
    if phrases is None:
        return None
    from nltk.tokenize import MWETokenizer

    entries = read_phrases(phrases)
    split = [tuple(t for s, e in token_spans(p) for t in [p[s:e].translate(_APOSTROPHES).casefold()]) for p in entries]
    return MWETokenizer([words for words in split if len(words) > 1], separator=_MWE_SEPARATOR)


def read_phrases(phrases: str | Path | Iterable[str]) -> tuple[str, ...]:
    """Return the phrase list for *phrases*: ``"default"``, a file path, or an iterable of phrases.

    >>> "Middle Corridor" in read_phrases("default")
    True
    """
    if isinstance(phrases, str) and phrases == "default":
        return read_list(PHRASES_FILE)
    if isinstance(phrases, (str, Path)):
        return _read_user_list(Path(phrases), "phrases")
    entries = tuple(str(p).strip() for p in phrases)
    return tuple(p for p in entries if p)


def _word_set(words, default: str, name: str) -> frozenset[str]:
    if words is None:
        return read_word_list(default)
    if isinstance(words, (str, Path)):
        words = _read_user_list(Path(words), name)
    return frozenset(str(w).translate(_APOSTROPHES).casefold() for w in words)


def _read_user_list(path: Path, name: str) -> tuple[str, ...]:
    if not path.is_file():
        raise FileNotFoundError(f"{name} file {str(path)!r} does not exist (give 'default', a one-entry-per-line file, or a list)")
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


def _as_text(text: object, doc_id: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"text of document {doc_id!r} is {type(text).__name__}, not a string (missing text?)")
    return text


def _require(frame: pd.DataFrame, columns: list[str], caller: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{caller} needs column(s) {missing}; the frame has {list(frame.columns)}")


def iter_sentences(text: str) -> Iterator[str]:
    """Yield the sentences of one *text* as strings (a convenience over :func:`sentence_spans`).

    >>> list(iter_sentences("One. Two."))
    ['One.', 'Two.']
    """
    for s, e in sentence_spans(text):
        yield text[s:e]
