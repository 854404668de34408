"""Split documents into sentences and tokens, with character offsets into the text.

Both steps are built on NLTK and need no downloaded NLTK data:

- sentences: NLTK's Punkt algorithm (Kiss & Strunk 2006, *Unsupervised
  multilingual sentence boundary detection*, Computational Linguistics 32(4))
  with its parameters built from the packaged abbreviation list
  (``analysis/data/abbreviations_en.txt``) instead of a trained pickle, inside
  each paragraph, and three general correction rules (see :func:`sentence_spans`);
- tokens: NLTK's Treebank-style word tokenizer (``NLTKWordTokenizer``), which
  keeps hyphenated compounds whole and splits clitics (``'s``, ``n't``);
  curly apostrophes are read as straight ones, so ``Azerbaijan’s`` and
  ``Azerbaijan's`` give the same tokens; multiword expressions are joined with
  NLTK's ``MWETokenizer`` on request. NLTK's rules are applied to each
  white-space-separated chunk of a sentence once and remembered, which gives
  NLTK's own spans (:func:`reference_token_spans`, the plain call, is kept
  for the tests; zero differences on the 95,730 sentences of the seeds, BBC,
  Wikinews and 169 web pages) about twice as fast on a fresh corpus and five
  times once the chunks are known (``bench/front.py``).

Every row carries ``start`` and ``end``: for a sentence or a token,
``docs.text[doc][start:end]`` is the row's text. Both functions are pure and
work on any chunk of documents.

:func:`evaluate_sentence_boundaries` scores any splitter against a gold frame of
paragraphs and their sentences (boundary precision, recall, F1 and exact
paragraphs, after Read et al. 2012); the hand-checked gold set lives in
``analysis/data/gold/sentence_boundaries.jsonl`` (:func:`analysis.validation.read_gold_set`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .lexicons import read_abbreviations, read_list_file, read_phrases, read_stopwords
from .checks import require_columns, require_table
from .metrics import precision_recall_f1, ratio
from .schema import DOC_ID, PARA_ID, SENT_ID, SENTENCE_COLUMNS, START, TEXT, TOKEN_COLUMNS, TOKEN_ID
from .spans import paragraph_spans


#: Columns of :func:`evaluate_sentence_boundaries` (after the ``by`` column, if any).
BOUNDARY_SCORE_COLUMNS = ["precision", "recall", "f1", "exact", "tp", "fp", "fn", "n_paragraphs", "n_exact"]
#: Columns of :func:`match_sentence_boundaries`.
BOUNDARY_MATCH_COLUMNS = ["paragraph", "offset", "outcome", "before", "after"]
#: Characters of context shown on each side of a boundary by :func:`match_sentence_boundaries`.
BOUNDARY_CONTEXT_CHARS = 30

#: A sentence splitter: text in, ``(start, end)`` spans out (e.g. :func:`sentence_spans`).
Splitter = Callable[[str], Iterable[tuple[int, int]]]

#: Apostrophe-like characters read as ``'`` by the tokenizer and in ``norm`` (same length, so offsets hold): ``text.translate(APOSTROPHES)``.
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})
#: The first word of a sentence, after any opening quotes (not brackets: "[laughs]" opens a sentence).
_OPENING_WORD = re.compile(r"[\"'“”‘’«»]*(?P<word>[^\W\d_]+)")
#: Characters that cannot open a sentence: a "sentence" starting with one continues the previous one.
_CLOSING = frozenset(")]},;:")
#: A "sentence" that is only a list enumerator (``3.``, ``b)``, ``iv.``) belongs to the sentence after it.
_ENUMERATOR = re.compile(r"(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})[.)]")
_ENUMERATOR_MAX_CHARS = 5
#: A bracketed elision (``[...]``, ``[…]``) followed by an upper-case word: a cut quotation ends there.
_ELISION_BREAK = re.compile(r"(?P<elision>\[(?:\.{3,}|…)\][\"'”’»]?)\s+")
#: Joins the parts of a multiword expression inside MWETokenizer (never occurs in text tokens).
_MWE_SEPARATOR = "\x1f"


@cache
def _sentence_splitter():
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(read_abbreviations())
    return PunktSentenceTokenizer(params)


@cache
def _word_tokenizer():
    from nltk.tokenize import NLTKWordTokenizer

    return NLTKWordTokenizer()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every sentence of *text*; sentences never cross a paragraph.

    Punkt (Kiss & Strunk 2006) proposes the boundaries inside each paragraph
    (:func:`analysis.spans.paragraph_spans`); three general rules then correct them:

    - a boundary is dropped when the next sentence opens (after quotes or
      brackets) with a lower-case word (``“Why?” he asked.``, ``6 p.m. local
      time``, ``e.g. genetics``) or with closing punctuation (``(B.C.), Canada``);
      words with an inner capital (``iPhone``, ``eBay``) still open sentences;
    - a sentence that is only a list enumerator (``3.``, ``b)``) is joined to
      the sentence it numbers;
    - a bracketed elision inside a sentence (``[...]``, ``[…]``) ends it when
      an upper-case word follows, as in quotations cut by the reporter.

    >>> text = "Dr. Aliyev met Kassym-Jomart K. Tokayev in the U.S. on Jan. 5. “Why?” he asked.\\nNew line"
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Dr. Aliyev met Kassym-Jomart K. Tokayev in the U.S. on Jan. 5.', '“Why?” he asked.', 'New line']
    >>> text = "It opens at 6 p.m. local time. 2. The talks [...] Next year they resume."
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['It opens at 6 p.m. local time.', '2. The talks [...]', 'Next year they resume.']
    """
    splitter = _sentence_splitter()
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraph_spans(text):
        paragraph = text[p_start:p_end]
        found = _split_after_elisions(paragraph, splitter.span_tokenize(paragraph))
        for s, e in _merge_continuations(paragraph, _trim_spans(paragraph, found)):
            spans.append((p_start + s, p_start + e))
    return spans


def _trim_spans(paragraph: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Trim white space (in the sense of ``str.isspace``, wider than Punkt's) off spans; drop blank ones."""
    out = []
    for start, end in spans:
        while start < end and paragraph[start].isspace():
            start += 1
        while end > start and paragraph[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
    return out


def _split_after_elisions(paragraph: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        for match in _ELISION_BREAK.finditer(paragraph, start, end):
            # An elision that opens its sentence belongs to what follows it.
            opening = _OPENING_WORD.match(paragraph, match.end(), end)
            if paragraph[start : match.start()].strip() and opening and opening.group("word")[0].isupper():
                out.append((start, match.start() + len(match.group("elision"))))
                start = match.end()
        out.append((start, end))
    return out


def _merge_continuations(paragraph: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and _continues(paragraph, merged[-1], start):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _continues(paragraph: str, previous: tuple[int, int], start: int) -> bool:
    """Whether the sentence at *start* is really the rest of the *previous* one."""
    if previous[1] - previous[0] <= _ENUMERATOR_MAX_CHARS and _ENUMERATOR.fullmatch(paragraph, *previous):
        return True
    if paragraph[start : start + 1] in _CLOSING:
        return True
    opening = _OPENING_WORD.match(paragraph, start)
    if opening is None:
        return False
    word = opening.group("word")
    return word[0].islower() and not any(ch.isupper() for ch in word[1:])


def split_sentences(docs: pd.DataFrame) -> pd.DataFrame:
    """Return one row per sentence: ``doc_id, sent_id, para_id, start, end, text``.

    *docs* needs ``doc_id`` and ``text`` (as from :func:`analysis.load_corpus`).
    ``sent_id`` and ``para_id`` count from 0 within each document; offsets index
    the document's ``text``. Method: Punkt (Kiss & Strunk 2006) with the packaged
    abbreviation list and three correction rules; see :func:`sentence_spans`.

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["No. 1 is Baku. It grows.\\nAstana too."]})
    >>> split_sentences(docs)[["sent_id", "para_id", "start", "end", "text"]]
       sent_id  para_id  start  end         text
    0        0        0      0   14  No. 1 is Baku.
    1        1        0     15   24    It grows.
    2        2        1     25   36  Astana too.
    """
    require_table(docs, "documents", [DOC_ID, "text"], "split_sentences: docs")
    doc_ids, sent_ids, para_ids, starts, ends, texts = [], [], [], [], [], []
    for doc_id, text in zip(docs[DOC_ID], docs["text"]):
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
    return frame.astype({DOC_ID: "string", SENT_ID: "int64", PARA_ID: "int64", "start": "int64", "end": "int64", "text": "string"})


def match_sentence_boundaries(gold: pd.DataFrame, *, splitter: Splitter | None = None) -> pd.DataFrame:
    """Return one row per sentence boundary of *gold* or of the splitter: ``paragraph, offset, outcome, before, after``.

    *gold* has one row per paragraph with ``text`` and ``sentences`` (the gold
    sentences, exact substrings of ``text`` in order). A boundary is the
    character offset where a sentence other than the first starts inside its
    paragraph. ``outcome`` is ``tp`` (both agree), ``fp`` (only the splitter
    has it) or ``fn`` (only the gold has it); ``paragraph`` is the row's
    position in *gold*; ``before``/``after`` show the text around the offset.
    *splitter* maps a text to ``(start, end)`` spans (default:
    :func:`sentence_spans`). Convention: Read et al. (2012), *Sentence boundary
    detection: A long solved problem?*, COLING 2012, who score segmenters on
    the boundaries they place, at character offsets.

    >>> gold = pd.DataFrame({"text": ["Mr. Li left. He came back."], "sentences": [["Mr. Li left.", "He came back."]]})
    >>> match_sentence_boundaries(gold)
       paragraph  offset outcome        before          after
    0          0      13      tp  Mr. Li left.  He came back.
    """
    split = sentence_spans if splitter is None else splitter
    rows = []
    for i, (text, truth) in enumerate(zip(*_gold_columns(gold))):
        found = _boundaries(span[0] for span in split(text))
        for offset in sorted(truth | found):
            outcome = "tp" if offset in truth and offset in found else ("fn" if offset in truth else "fp")
            before = text[max(0, offset - BOUNDARY_CONTEXT_CHARS) : offset]
            rows.append((i, offset, outcome, before, text[offset : offset + BOUNDARY_CONTEXT_CHARS]))
    frame = pd.DataFrame(rows, columns=BOUNDARY_MATCH_COLUMNS)
    return frame.astype({"paragraph": "int64", "offset": "int64", "outcome": "string", "before": "string", "after": "string"})


def evaluate_sentence_boundaries(
    gold: pd.DataFrame, *, by: str | None = None, splitter: Splitter | None = None
) -> pd.DataFrame:
    """Score sentence splitting against *gold*: ``precision, recall, f1, exact`` with ``tp, fp, fn, n_paragraphs, n_exact``.

    *gold* has one row per paragraph with ``text`` and ``sentences`` (see
    :func:`match_sentence_boundaries`, which lists the boundaries these figures
    count). Boundary precision is ``tp / (tp + fp)``, recall ``tp / (tp + fn)``,
    F1 their harmonic mean (NaN when undefined); ``exact`` is the share of
    paragraphs whose boundaries all match (``n_exact / n_paragraphs``), the
    paragraph-level view Read et al. (2012) complement boundary scores with.
    With ``by`` (a column of *gold*, e.g. ``"source"``) there is one row per
    value, sorted; otherwise one row. *splitter* defaults to
    :func:`sentence_spans`.

    >>> gold = pd.DataFrame({"text": ["Dr. Li won. He left.", "At 5 p.m. It rained."],
    ...                      "sentences": [["Dr. Li won.", "He left."], ["At 5 p.m.", "It rained."]]})
    >>> naive = lambda text: [m.span() for m in re.finditer(r"[^ ].*?[.](?= |$)", text)]
    >>> evaluate_sentence_boundaries(gold, splitter=naive)
       precision  recall   f1  exact  tp  fp  fn  n_paragraphs  n_exact
    0   0.666667     1.0  0.8    0.5   2   1   0             2        1
    """
    if by is not None and by not in gold.columns:
        raise ValueError(f"by={by!r} is not a column of gold; the frame has {list(gold.columns)}")
    matches = match_sentence_boundaries(gold, splitter=splitter)
    counts = pd.crosstab(matches["paragraph"], matches["outcome"]).reindex(
        index=range(len(gold)), columns=["tp", "fp", "fn"], fill_value=0
    )
    counts["n_paragraphs"] = 1
    counts["n_exact"] = ((counts["fp"] == 0) & (counts["fn"] == 0)).astype("int64")
    if by is None:
        totals = counts.sum().to_frame().T
    else:
        totals = counts.groupby(gold[by].to_numpy(), sort=True).sum().rename_axis(by).reset_index()
    tp, fp, fn = (totals[c].astype("float64") for c in ("tp", "fp", "fn"))
    totals["precision"], totals["recall"], totals["f1"] = precision_recall_f1(tp, fp, fn)
    totals["exact"] = ratio(totals["n_exact"], totals["n_paragraphs"])
    columns = ([by] if by is not None else []) + BOUNDARY_SCORE_COLUMNS
    out = totals[columns].reset_index(drop=True).rename_axis(columns=None)
    return out.astype({c: "int64" for c in ("tp", "fp", "fn", "n_paragraphs", "n_exact")})


def _gold_columns(gold: pd.DataFrame) -> tuple[list[str], list[set[int]]]:
    require_columns(gold, ["text", "sentences"], "evaluate_sentence_boundaries")
    texts, boundaries = [], []
    for i, (text, sentences) in enumerate(zip(gold["text"], gold["sentences"])):
        if not isinstance(text, str):
            raise TypeError(f"gold row {i}: text is {type(text).__name__}, not a string")
        if isinstance(sentences, str) or not isinstance(sentences, Iterable):
            raise TypeError(f"gold row {i}: sentences is {type(sentences).__name__}, not a list of strings")
        starts, position = [], 0
        for j, sentence in enumerate(sentences):
            found = text.find(sentence, position) if isinstance(sentence, str) and sentence else -1
            if found < 0:
                raise ValueError(
                    f"gold row {i}: sentence {j} {str(sentence)[:40]!r} is not in its text after offset {position} "
                    "(gold sentences must be non-empty exact substrings of text, in order)"
                )
            starts.append(found)
            position = found + len(sentence)
        texts.append(text)
        boundaries.append(_boundaries(starts))
    return texts, boundaries


def _boundaries(starts: Iterable[int]) -> set[int]:
    return set(sorted(starts)[1:])


def token_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every token of one sentence *text* (NLTK's Treebank-style tokenizer).

    The spans equal :func:`reference_token_spans` (the plain NLTK call) on every
    input; they are assembled from the tokenization of the sentence's
    white-space-separated chunks, each worked out once by NLTK and remembered
    (:func:`_chunk_spans`), which is many times faster on running text.

    >>> text = "Azerbaijan’s multi-vector policy isn't new."
    >>> [text[s:e] for s, e in token_spans(text)]
    ['Azerbaijan', '’s', 'multi-vector', 'policy', 'is', "n't", 'new', '.']
    """
    folded = text.translate(APOSTROPHES)
    spans = _spans_by_chunk(folded)
    return spans if spans is not None else _reference_spans(folded)


def reference_token_spans(text: str) -> list[tuple[int, int]]:
    """Return the token spans of one sentence *text* straight from NLTK (the definition :func:`token_spans` follows).

    NLTK's ``NLTKWordTokenizer.span_tokenize`` on the text with curly
    apostrophes made straight; where NLTK cannot align its tokens back to the
    text (quote pairs it rewrites), its ``WordPunctTokenizer``.

    >>> text = 'He said: "It\u2019s over."'
    >>> [text[s:e] for s, e in reference_token_spans(text)]
    ['He', 'said', ':', '"', 'It', '’s', 'over', '.', '"']
    """
    return _reference_spans(text.translate(APOSTROPHES))


def _reference_spans(folded: str) -> list[tuple[int, int]]:
    try:
        return list(_word_tokenizer().span_tokenize(folded))
    except ValueError:
        # NLTK cannot align its tokens back to some inputs (quote pairs it
        # rewrites); fall back to its word/punctuation regexp tokenizer.
        from nltk.tokenize import WordPunctTokenizer

        return list(WordPunctTokenizer().span_tokenize(folded))


# How the chunks of a sentence are tokenized apart (checked against NLTK by the
# tests, on every sentence of the project's corpora and on generated text).
#
# NLTK's rules only insert spaces or rewrite quote characters, so no token
# crosses white space and a sentence's tokens are its chunks' tokens in order.
# A rule sees past a chunk only one character to each side (the white space
# character there, or the sentence's start or end), except the final-period
# rules, which read from a final period to the end of the sentence through
# closing brackets and quotes. So a chunk is tokenized as NLTK tokenizes it
# between the same two white space characters, followed by a plain word ("x")
# that keeps it from being final; and the sentence's last chunk is tokenized
# together with the closing-only chunks before it back to one that is not, with
# its one character of context before. Where NLTK's quote tokens or its
# alignment would not stay inside a chunk, the whole sentence goes to NLTK.
# The commonest chunks, words with perhaps a comma or period, need no NLTK call
# (_word_spans) unless a contraction rule may split a word of the sentence
# (_may_split_words); tokenize() works out the new chunks of all its sentences
# in batches, one NLTK call each (_batch_token_spans).

#: A white-space-separated chunk of a sentence.
_CHUNK = re.compile(r"\S+")
#: Characters through which NLTK's final-period rules reach (and other quotes, to be safe).
_CLOSING_ONLY = re.compile(r"[\]\)}>\"'»”’“‘«„`]+")
#: A word of letters and digits, with inner hyphens (``multi-vector``): only NLTK's contraction rules split one.
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
#: A sentence of words, each followed by a single space, perhaps after a comma or period, the last one perhaps by a period.
_PLAIN_SENTENCE = re.compile(rf"(?:{_WORD.pattern}[,.]? )*{_WORD.pattern}\.?")
#: The tokens of such a sentence: a word with its period inside the sentence, a word, a comma or the final period.
_PLAIN_TOKEN = re.compile(rf"{_WORD.pattern}(?:\.(?= ))?|[,.]")
#: NLTK's quote tokens and the text it maps them back to.
_QUOTE_TOKENS = frozenset(['"', "``", "''"])
_QUOTES = re.compile(r"``|'{2}|\"")
#: Chunks remembered by :func:`_chunk_spans` (some 15 MB when full; BBC's 2,225 articles leave about 5,000).
_CHUNK_CACHE_SIZE = 1 << 16


def _spans_by_chunk(folded: str, known: dict | None = None, wanted: set | None = None) -> list[tuple[int, int]] | None:
    """The spans of *folded* from its chunks, or ``None`` when NLTK must tokenize it whole.

    *known* holds the spans of chunks between two spaces worked out for a batch
    of sentences (:func:`_batch_token_spans`); with *wanted*, such chunks not yet
    known are added to it and the result is :data:`_DEFERRED`.
    """
    # Words are never split unless NLTK's contraction rules ("cannot", "gonna") find one in the sentence.
    words_whole = not _may_split_words(folded)
    if words_whole and _PLAIN_SENTENCE.fullmatch(folded):
        # Only words, single spaces, commas and periods after words: the chunk rules of _word_spans in one pass.
        return [m.span() for m in _PLAIN_TOKEN.finditer(folded)]
    chunks = [m.span() for m in _CHUNK.finditer(folded)]
    if not chunks:
        return []
    last = len(chunks) - 1
    while last > 0 and _CLOSING_ONLY.fullmatch(folded, *chunks[last]):
        last -= 1
    spans: list[tuple[int, int]] = []
    for start, end in chunks[:last]:
        chunk = folded[start:end]
        if words_whole and chunk.isalnum():
            spans.append((start, end))  # the commonest case of _word_spans, inline
            continue
        found = _word_spans(chunk, final=False) if words_whole else None
        if found is None:
            before, after = folded[start - 1] if start else "", folded[end]
            if known is not None and before == " " and after == " ":
                found = known.get(chunk)
                if found is None and wanted is not None:
                    wanted.add(chunk)
                    continue
            if found is None:
                found = _chunk_spans(chunk, before, after)
            if found is None:
                return None
        spans.extend([(start + s, start + e) for s, e in found])
    if wanted:
        return _DEFERRED
    start, end = chunks[last]
    found = _word_spans(folded[start:], final=True) if words_whole and end == len(folded) else None
    if found is None:
        found = _chunk_spans(folded[start:], folded[start - 1] if start else "", "")
        if found is None:
            return None
    spans.extend([(start + s, start + e) for s, e in found])
    return spans


def _word_spans(chunk: str, *, final: bool) -> tuple[tuple[int, int], ...] | None:
    """Spans of the commonest chunks, a word (letters and digits, inner hyphens), without asking NLTK.

    A word is one token; so is a word with a period inside a sentence (``Mr.``);
    a comma after a word inside a sentence, and a period after the sentence's
    last word, are tokens of their own. ``None`` for any other chunk.
    """
    n = len(chunk)
    if chunk.isalnum() or _WORD.fullmatch(chunk):
        return ((0, n),)
    if n > 1 and _WORD.fullmatch(chunk, 0, n - 1):
        mark = chunk[-1]
        if mark == "." and final or mark == "," and not final:
            return ((0, n - 1), (n - 1, n))
        if mark == "." and not final:
            return ((0, n),)
    return None


def _may_split_words(folded: str) -> bool:
    """Whether one of NLTK's contraction rules may split a word of *folded* (never false when one does)."""
    if folded.isascii():
        # Each rule matches one fixed word (case aside): look for the words first.
        if _contraction_words().search(folded.lower()) is None:
            return False
    return _contraction_rules().search(f" {folded} ") is not None


#: Returned by :func:`_spans_by_chunk` for a sentence waiting for its chunks' spans.
_DEFERRED: list[tuple[int, int]] = []
#: Chunks tokenized together in one NLTK call by :func:`_batch_chunk_spans`.
_BATCH_CHUNKS = 200


def _batch_token_spans(texts: list[str]) -> list[list[tuple[int, int]]]:
    """:func:`token_spans` of many sentences: chunks between two spaces not seen before are tokenized in batches."""
    folded = [text.translate(APOSTROPHES) for text in texts]
    known: dict[str, tuple[tuple[int, int], ...] | None] = {}
    out: list[list[tuple[int, int]] | None] = []
    deferred = []
    for i, sentence in enumerate(folded):
        wanted: set[str] = set()
        spans = _spans_by_chunk(sentence, known, wanted)
        if spans is _DEFERRED:
            deferred.append(i)
            for chunk in wanted:
                known.setdefault(chunk, None)
        out.append(spans)
    todo = [chunk for chunk, spans in known.items() if spans is None]
    for at in range(0, len(todo), _BATCH_CHUNKS):
        batch = todo[at : at + _BATCH_CHUNKS]
        for chunk, spans in zip(batch, _batch_chunk_spans(batch)):
            known[chunk] = spans if spans is not None else _chunk_spans(chunk, " ", " ")
    for i in deferred:
        out[i] = _spans_by_chunk(folded[i], known)
    return [spans if spans is not None else _reference_spans(sentence) for spans, sentence in zip(out, folded)]


def _batch_chunk_spans(chunks: list[str]) -> list[tuple[tuple[int, int], ...] | None]:
    """:func:`_chunk_spans` of *chunks*, each between two spaces, from one NLTK call on them all.

    NLTK's rules see one character past a chunk (see above), so the chunks of
    ``" c1 c2 ... ck x"`` get the tokens each gets alone. A chunk whose tokens
    cannot be placed gets ``None`` (its own call decides).
    """
    raw = _word_tokenizer().tokenize(" " + " ".join(chunks) + " x")
    if not raw or raw[-1] != "x":
        return [None] * len(chunks)
    out: list[tuple[tuple[int, int], ...] | None] = []
    k = 0
    for chunk in chunks:
        quotes = [m.group() for m in _QUOTES.finditer(chunk)]
        spans: list[tuple[int, int]] | None = []
        point = used = 0
        while point < len(chunk):
            if k >= len(raw) - 1:
                return out + [None] * (len(chunks) - len(out))
            token = raw[k]
            if token in _QUOTE_TOKENS:
                if used >= len(quotes):
                    spans = None
                    break
                token = quotes[used]
                used += 1
            start = chunk.find(token, point)
            if start < 0 or chunk[point:start].strip():
                spans = None
                break
            point = start + len(token)
            spans.append((start, point))
            k += 1
        if spans is None or used != len(quotes):
            # This chunk's tokens are not where they should be: the rest of the batch cannot be placed either.
            return out + [None] * (len(chunks) - len(out))
        out.append(tuple(spans))
    if k != len(raw) - 1:
        return [None] * len(chunks)
    return out


@cache
def _contraction_words() -> re.Pattern[str]:
    """The words NLTK's contraction rules split, lower case (``cannot``, ``gonna``, ...), read off the rules, as one pattern."""
    syntax = re.compile(r"\(\?i\)|\\b|\(\?#X\)|\(\?=\\s\)|[()]")
    words = [syntax.sub("", rule.pattern).lower() for rule in _word_tokenizer().CONTRACTIONS2]
    return re.compile("|".join(re.escape(word) for word in words))


@cache
def _contraction_rules() -> re.Pattern[str]:
    """NLTK's rules that split a word of letters only (``cannot`` → ``can not``), as one pattern."""
    rules = _word_tokenizer().CONTRACTIONS2
    return re.compile("|".join(f"(?:{rule.pattern.removeprefix('(?i)')})" for rule in rules), re.IGNORECASE)


@lru_cache(maxsize=_CHUNK_CACHE_SIZE)
def _chunk_spans(chunk: str, before: str, after: str) -> tuple[tuple[int, int], ...] | None:
    """Token spans inside *chunk* as NLTK finds them between *before* and *after* ("" for the sentence's start or end).

    ``None`` when the chunk's tokens cannot be placed by themselves (the caller then
    tokenizes the whole sentence with NLTK).
    """
    raw = _word_tokenizer().tokenize(before + chunk + (after + "x" if after else ""))
    if after:
        if not raw or raw[-1] != "x":
            return None
        raw = raw[:-1]
    quotes = [t for t in raw if t in _QUOTE_TOKENS]
    if quotes:
        matched = iter(m.group() for m in _QUOTES.finditer(chunk))
        if len(quotes) != len(_QUOTES.findall(chunk)):
            return None
        raw = [next(matched) if t in _QUOTE_TOKENS else t for t in raw]
    spans = []
    point = 0
    for token in raw:
        start = chunk.find(token, point)
        if start < 0 or chunk[point:start].strip():
            return None
        point = start + len(token)
        spans.append((start, point))
    if chunk[point:].strip():
        return None
    return tuple(spans)


def tokenize(
    sentences: pd.DataFrame,
    *,
    phrases: str | Path | Iterable[str] | None = None,
    stopwords: str | Path | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Return one row per token: ``doc_id, sent_id, token_id, start, end, token, norm, is_stop, is_punct, is_alpha``.

    *sentences* is a sentences table (from :func:`split_sentences`: ``doc_id,
    sent_id, start, text``; a documents table is refused with the call to make
    first). Offsets index the document's text, and ``token_id`` counts from 0
    within each document.

    - ``norm`` is the token in lower case (``str.casefold``) with curly
      apostrophes made straight (a joined phrase: its words with single spaces).
    - ``is_stop``: ``norm`` is in the stopword list (default: the Snowball
      English list in ``analysis/data/stopwords_en.txt``; or a path to a
      one-word-per-line file, or any iterable of words).
    - ``is_punct``: every character is punctuation or a symbol (Unicode P*/S*).
    - ``is_alpha``: letters only, allowing inner hyphens and apostrophes
      (``multi-vector``, ``n't``) and, in a joined phrase, the spaces between words.
    - ``phrases``: ``"default"`` (``analysis/data/phrases_en.txt``), a path to a
      one-phrase-per-line file, or an iterable of phrases; consecutive tokens
      forming a phrase (case-insensitive, longest match first, NLTK's
      ``MWETokenizer``) become one token spanning them, e.g. ``Middle Corridor``.

    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["The Middle Corridor isn’t new."]})
    >>> tokenize(split_sentences(docs), phrases=["middle corridor"])[["token", "norm", "is_stop", "is_punct", "is_alpha"]]
                 token             norm  is_stop  is_punct  is_alpha
    0              The              the     True     False      True
    1  Middle Corridor  middle corridor    False     False      True
    2               is               is     True     False      True
    3              n’t              n't     True     False      True
    4              new              new    False     False      True
    5                .                .    False      True     False
    """
    require_table(sentences, "sentences", [DOC_ID, SENT_ID, START, TEXT], "tokenize: sentences")
    stop = _word_set(stopwords, "stopwords")
    mwe = _mwe_tokenizer(phrases)
    doc_ids = sentences[DOC_ID].tolist()
    texts = sentences[TEXT].tolist()
    offsets = sentences[START].tolist()
    counts: list[int] = []
    token_ids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    words: list[str] = []
    counters: dict[object, int] = {}
    texts = [_as_text(text, doc_id) for doc_id, text in zip(doc_ids, texts)]
    all_spans = _batch_token_spans(texts)
    for doc_id, offset, text, spans in zip(doc_ids, offsets, texts, all_spans):
        if mwe is not None:
            spans = _join_phrases(text, spans, mwe)
        first = counters.get(doc_id, 0)
        counters[doc_id] = first + len(spans)
        counts.append(len(spans))
        token_ids.extend(range(first, first + len(spans)))
        starts.extend([offset + s for s, _ in spans])
        ends.extend([offset + e for _, e in spans])
        words.extend([text[s:e] for s, e in spans])
    # A token's columns depend on its text alone: work them out once per distinct token.
    flags = {token: _token_flags(token, stop) for token in set(words)}
    per_token = [flags[token] for token in words]
    repeat = np.asarray(counts, dtype="int64")
    columns = {
        DOC_ID: np.repeat(np.asarray(doc_ids, dtype=object), repeat),
        SENT_ID: np.repeat(sentences[SENT_ID].to_numpy(dtype="int64"), repeat),
        TOKEN_ID: np.asarray(token_ids, dtype="int64"),
        "start": np.asarray(starts, dtype="int64"),
        "end": np.asarray(ends, dtype="int64"),
        "token": words,
        "norm": [f[0] for f in per_token],
        "is_stop": np.fromiter((f[1] for f in per_token), dtype=bool, count=len(per_token)),
        "is_punct": np.fromiter((f[2] for f in per_token), dtype=bool, count=len(per_token)),
        "is_alpha": np.fromiter((f[3] for f in per_token), dtype=bool, count=len(per_token)),
    }
    out = pd.DataFrame(columns, columns=TOKEN_COLUMNS)
    return out.astype(
        {DOC_ID: "string", SENT_ID: "int64", TOKEN_ID: "int64", "start": "int64", "end": "int64",
         "token": "string", "norm": "string", "is_stop": "bool", "is_punct": "bool", "is_alpha": "bool"}
    )


def _token_flags(token: str, stop: frozenset[str]) -> tuple[str, bool, bool, bool]:
    """``norm, is_stop, is_punct, is_alpha`` of one token (see :func:`tokenize`)."""
    norm = " ".join(token.translate(APOSTROPHES).casefold().split())
    return norm, norm in stop, _is_punct(token), _is_alpha(norm)


def _is_punct(token: str) -> bool:
    return all(unicodedata.category(ch)[0] in "PS" for ch in token)


def _is_alpha(norm: str) -> bool:
    return all(_is_alpha_word(word) for word in norm.split(" "))


def _is_alpha_word(word: str) -> bool:
    core = word.replace("-", "").replace("'", "")
    return core.isalpha() and not word.startswith("-") and not word.endswith("-")


def _join_phrases(text: str, spans: list[tuple[int, int]], mwe) -> list[tuple[int, int]]:
    words = [text[s:e].translate(APOSTROPHES).casefold() for s, e in spans]
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
    split = [tuple(t for s, e in token_spans(p) for t in [p[s:e].translate(APOSTROPHES).casefold()]) for p in entries]
    return MWETokenizer([words for words in split if len(words) > 1], separator=_MWE_SEPARATOR)


def _word_set(words, name: str) -> frozenset[str]:
    if words is None:
        return read_stopwords()
    if isinstance(words, (str, Path)):
        words = read_list_file(Path(words), name)
    return frozenset(str(w).translate(APOSTROPHES).casefold() for w in words)


def _as_text(text: object, doc_id: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"text of document {doc_id!r} is {type(text).__name__}, not a string (missing text?)")
    return text


def iter_sentences(text: str) -> Iterator[str]:
    """Yield the sentences of one *text* as strings (a convenience over :func:`sentence_spans`).

    >>> list(iter_sentences("One. Two."))
    ['One.', 'Two.']
    """
    for s, e in sentence_spans(text):
        yield text[s:e]
