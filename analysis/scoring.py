"""One call for everything: score a corpus into its tidy tables.

:func:`score` runs every measure on a documents frame and returns a
:class:`Scores` holding the tables ``documents, sentences, tokens, frame_hits,
frames, actors, actor_edges, quotes``. The per-document work is
:func:`score_chunk`, a pure function of a chunk of documents and the loaded
resources, so the same scoring runs on any slice of a corpus, one chunk after
another (:func:`iter_scores`, used by :func:`write_scores` to write results as
they are produced), or on Dask partitions. Only ``actor_edges`` needs the whole
corpus, and it is a sum of per-chunk counts.

A corpus on disk of any size is scored without being held whole by
:func:`analysis.pipeline.score_corpus` (``python -m analysis score``), which
maps :func:`score_chunk` over chunks on local processes or a Dask cluster and
writes the same tables.

English-only measures (sentiment, frames, actors, quotes) are run on English
documents only; other documents stay in ``documents`` with ``scored`` false and
a :class:`~analysis.errors.LanguageWarning`, never scored as neutral.
"""

from __future__ import annotations

import hashlib
import platform
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from importlib import metadata
from pathlib import Path

import pandas as pd

from . import actors as actors_module
from . import framing, sentiment, voices
from . import tone as tone_module
from .corpus import split_paragraphs
from .errors import LanguageWarning
from .lexicons import load_dictionary, load_gazetteer
from .frame_model import FrameModel, load_frame_model, model_hits, parse_frames_option
from .outputs import Format, TableWriter, write_json_atomically
from .resources import package_version
from .stats import summarize_documents
from .tokens import split_sentences, tokenize
from .checks import require_table
from .schema import DOC_ID

#: The tables of a :class:`Scores`, in order.
TABLES = ("documents", "sentences", "tokens", "frame_hits", "frames", "actors", "actor_edges", "quotes")
#: Languages the English-only measures accept (ISO 639-1).
SCORED_LANGUAGES = ("en",)
#: Documents scored per chunk by :func:`iter_scores`.
CHUNK_SIZE = 500
#: Document metadata columns carried into the ``documents`` table.
DOCUMENT_META = (DOC_ID, "title", "outlet", "author", "date", "genre", "language", "url", "sha256", "source_path",
                 "n_removed", "duplicate_of", "near_duplicate_of")


@dataclass(frozen=True)
class Resources:
    """The dictionaries a scoring run uses, loaded once and handed to every chunk."""

    frames: pd.DataFrame
    gazetteer: pd.DataFrame
    frames_name: str
    actors_name: str
    frame_model: FrameModel | None = None

    @property
    def frame_names(self) -> list[str]:
        """The dictionary's frames in file order (so every chunk reports the same frames)."""
        return list(pd.unique(self.frames["frame"]))

    def describe(self) -> dict:
        """What a manifest records of these resources: names, frames, pattern count and content hashes, the VADER version."""
        model = self.frame_model
        return {
            "frames": {"name": self.frames_name, "method": model.kind if model is not None else "dictionary",
                       "frames": self.frame_names, "n_patterns": int(len(self.frames)), "sha256": _frame_hash(self.frames),
                       **({"model": {"kind": model.kind, "n_features": len(model.features), "recipe": model.recipe}} if model is not None else {})},
            "actors": {"name": self.actors_name, "sha256": _frame_hash(self.gazetteer)},
            "sentiment": {"method": "VADER (Hutto & Gilbert 2014)", "package": f"vaderSentiment {metadata.version('vaderSentiment')}",
                          "lexicon_sha256": _frame_hash(sentiment.vader_lexicon())},
        }


@dataclass(frozen=True)
class Scores:
    """The tidy tables of one scoring run (see :data:`TABLES`); ``tokens`` is ``None`` when not kept."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame | None
    frame_hits: pd.DataFrame
    frames: pd.DataFrame
    actors: pd.DataFrame
    actor_edges: pd.DataFrame
    quotes: pd.DataFrame
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, in :data:`TABLES` order, without ``tokens`` when it was not kept."""
        return {name: getattr(self, name) for name in TABLES if getattr(self, name) is not None}


def load_resources(*, frames: str | Path = "eurasia", actors: str | Path = "default") -> Resources:
    """Load the frame dictionary (and model) and the actor gazetteer by name or path (validated here, once).

    *frames* is a dictionary name or file, or ``<scheme>:model`` /
    ``<scheme>:combined`` for the scheme's learned frame model
    (:func:`analysis.frame_model.parse_frames_option`).
    """
    dictionary, method = parse_frames_option(frames)
    model = load_frame_model(str(dictionary), kind=method) if method != "dictionary" else None
    return Resources(load_dictionary(dictionary), load_gazetteer(actors), str(frames), str(actors), model)


def score(
    docs: pd.DataFrame,
    *,
    frames: str | Path = "eurasia",
    actors: str | Path = "default",
    keep_tokens: bool = True,
    chunk_size: int = CHUNK_SIZE,
) -> Scores:
    """Score *docs* (a :func:`~analysis.load_corpus` frame) with every measure; return a :class:`Scores`.

    ``frames`` names a shipped frame dictionary (``eurasia``, ``generic``,
    ``policy``) or a dictionary file, or a scheme's learned frame model
    (``eurasia:model``, ``eurasia:combined``: :mod:`analysis.frame_model`); ``actors`` the gazetteer (``default`` or a
    file). With ``keep_tokens=False`` the token table is dropped after use
    (large corpora). Documents are scored ``chunk_size`` at a time.
    """
    return combine(list(iter_scores(docs, resources=load_resources(frames=frames, actors=actors), keep_tokens=keep_tokens, chunk_size=chunk_size)))


def iter_scores(docs: pd.DataFrame, *, resources: Resources, keep_tokens: bool = True, chunk_size: int = CHUNK_SIZE) -> Iterator[Scores]:
    """Yield one :class:`Scores` per chunk of *chunk_size* documents (``actor_edges`` per chunk)."""
    require_table(docs, "documents", [DOC_ID, "text"], "score: docs")
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive whole number; got {chunk_size!r}")
    _warn_unscored(docs)
    for start in range(0, max(len(docs), 1), chunk_size):
        yield score_chunk(docs.iloc[start : start + chunk_size], resources=resources, keep_tokens=keep_tokens)


def score_chunk(docs: pd.DataFrame, *, resources: Resources, keep_tokens: bool = True) -> Scores:
    """Score one chunk of documents; a pure function of *docs* and *resources*."""
    timings: dict[str, float] = {}

    def timed(name, function, *args, **kwargs):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
        return result

    docs = docs.copy(deep=False)
    docs.attrs = {}  # load_corpus's attrs (the problems table) are not carried into the results
    scored = _scored_mask(docs)
    english = docs.loc[scored]
    sentences = timed("sentences", split_sentences, english)
    tokens = timed("tokens", tokenize, sentences)
    paragraphs = timed("paragraphs", split_paragraphs, english)
    sentence_scores = timed("sentiment", sentiment.score_sentences, sentences)
    sentence_scores["news_tone"] = timed("tone", tone_module.score_tone, sentence_scores, tokens=tokens)["tone"].to_numpy()
    tone = timed("sentiment", sentiment.summarize_sentiment, sentence_scores, tokens)
    if resources.frame_model is None:
        frame_hits = timed("frames", framing.match_frames, tokens, resources.frames, docs=english)
    else:
        frame_hits = timed("frames", model_hits, tokens, resources.frame_model, dictionary=resources.frames, docs=english)
    frame_table = timed("frames", framing.frame_salience, frame_hits, sentences, tokens, frames=resources.frame_names)
    mentions = timed("actors", actors_module.find_actors, tokens, resources.gazetteer, docs=english)
    edges = timed("actors", actors_module.actor_edges, mentions)
    quotes = timed("quotes", voices.find_quotes, sentences, tokens, paragraphs=paragraphs, docs=english)

    documents = timed("documents", _documents_table, docs, scored, sentences, tokens, tone, sentence_scores, frame_hits, resources.frame_names,
                      mentions, quotes)
    return Scores(documents, sentence_scores, tokens if keep_tokens else None, frame_hits, frame_table, mentions, edges, quotes, timings)


def select_document_scores(scores: Scores, *, doc_id: str) -> Scores:
    """Return *scores* with every table cut to the document *doc_id* (``actor_edges`` recounted from its mentions).

    *doc_id* must be in ``scores.documents``; a document that was not scored
    (``scored`` false: not English) keeps its ``documents`` row and has empty
    measure tables. The co-mention edges are counted again from the
    document's mentions (:func:`analysis.actors.actor_edges`), since the corpus edge
    table has no ``doc_id``.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Baku and Astana met.", "Russia and China talked."]})
    >>> one = select_document_scores(score(docs), doc_id="b")
    >>> one.documents["doc_id"].tolist(), one.actors["surface"].tolist(), one.actor_edges[["source", "target"]].values.tolist()
    (['b'], ['Russia', 'China'], [['china', 'russia']])
    """
    if not isinstance(scores, Scores):
        raise TypeError(f"select_document_scores: scores must be an analysis.scoring.Scores; got {type(scores).__name__}")
    known = scores.documents[DOC_ID].astype(str)
    if not isinstance(doc_id, str) or doc_id not in set(known):
        shown = ", ".join(known.head(10))
        more = f" (and {len(known) - 10} more)" if len(known) > 10 else ""
        raise ValueError(f"doc_id {doc_id!r} is not in the scored corpus; valid doc_id values: {shown}{more}")
    tables = {}
    for name, table in scores.tables().items():
        if name == "actor_edges":
            continue
        tables[name] = table.loc[table[DOC_ID].astype(str) == doc_id].reset_index(drop=True)
    if scores.tokens is None:
        tables["tokens"] = None
    tables["actor_edges"] = actors_module.actor_edges(tables["actors"])
    return replace(scores, **tables)


def combine(chunks: list[Scores]) -> Scores:
    """Concatenate per-chunk :class:`Scores`; ``actor_edges`` counts are summed over chunks."""
    if not chunks:
        raise ValueError("combine needs at least one chunk of scores")
    tables = {}
    for item in fields(Scores):
        if item.name == "timings":
            continue
        parts = [getattr(c, item.name) for c in chunks]
        tables[item.name] = None if parts[0] is None else pd.concat(parts, ignore_index=True)
    tables["actor_edges"] = combine_edges(tables["actor_edges"])
    timings: dict[str, float] = {}
    for chunk in chunks:
        for name, seconds in chunk.timings.items():
            timings[name] = timings.get(name, 0.0) + seconds
    return Scores(**tables, timings=timings)


def combine_edges(edges: pd.DataFrame) -> pd.DataFrame:
    """Sum per-chunk co-mention edge tables (``source, target, n_sentences, n_docs``) into one.

    Chunks hold whole documents, so sentence and document counts of a pair add
    up exactly across chunks.

    >>> a = pd.DataFrame({"source": ["az"], "target": ["kz"], "n_sentences": [2], "n_docs": [1]})
    >>> combine_edges(pd.concat([a, a]))
      source target  n_sentences  n_docs
    0     az     kz            4       2
    """
    summed = edges.groupby(["source", "target"], as_index=False, sort=False)[["n_sentences", "n_docs"]].sum()
    return summed.sort_values(["n_sentences", "source", "target"], ascending=[False, True, True], kind="stable").reset_index(drop=True)


def _scored_mask(docs: pd.DataFrame) -> pd.Series:
    if "language" not in docs.columns:
        return pd.Series(True, index=docs.index)
    return docs["language"].isin(SCORED_LANGUAGES).fillna(False).astype(bool)


def _warn_unscored(docs: pd.DataFrame) -> None:
    mask = _scored_mask(docs)
    if not mask.all():
        left_out = docs.loc[~mask, [DOC_ID, "language"]]
        listed = ", ".join(f"{d} ({lang})" for d, lang in left_out.head(10).itertuples(index=False))
        more = f" and {len(left_out) - 10} more" if len(left_out) > 10 else ""
        warnings.warn(
            f"{len(left_out)} document(s) are not in English and are left out of the English-only measures "
            f"(sentiment, frames, actors, quotes): {listed}{more}; they stay in the documents table with scored=False",
            LanguageWarning,
            stacklevel=3,
        )


def _documents_table(docs, scored, sentences, tokens, tone, sentence_tone, frame_hits, frame_names, mentions, quotes) -> pd.DataFrame:
    meta = [c for c in DOCUMENT_META if c in docs.columns]
    out = docs[meta].copy().reset_index(drop=True)
    out["scored"] = scored.to_numpy()
    counts = summarize_documents(docs.loc[scored], sentences, tokens).drop(columns=["n_removed"])
    out = out.merge(counts, on=DOC_ID, how="left")
    out = out.merge(tone.drop(columns=["n_sentences", "n_words"]), on=DOC_ID, how="left")
    out["news_tone_mean"] = out[DOC_ID].map(sentence_tone.groupby(DOC_ID)["news_tone"].mean())  # analysis.tone, beside compound_mean
    diversity = framing.frame_diversity(frame_hits, frames=frame_names).rename(columns={"hits": "frame_hits", "n_frames": "n_frames_present", "entropy": "frame_entropy", "entropy_norm": "frame_entropy_norm"})
    out = out.merge(diversity, on=DOC_ID, how="left")
    dominant = framing.dominant_frames(frame_hits)[[DOC_ID, "frame", "n_tied"]].rename(columns={"frame": "dominant_frame", "n_tied": "dominant_frame_tied"})
    out = out.merge(dominant, on=DOC_ID, how="left")
    out["n_actor_mentions"] = out[DOC_ID].map(mentions.groupby(DOC_ID).size()).fillna(0).astype("int64")
    out["n_quotes"] = out[DOC_ID].map(quotes.groupby(DOC_ID).size()).fillna(0).astype("int64")
    shares = voices.quote_share(quotes, docs.loc[scored])
    shares = shares.loc[shares["kind"] == "all", [DOC_ID, "char_share", "word_share"]].rename(columns={"char_share": "quoted_char_share", "word_share": "quoted_word_share"})
    out = out.merge(shares, on=DOC_ID, how="left")
    measured = [c for c in out.columns if c not in meta and c != "scored"]
    for column in measured:
        if column.startswith(("n_", "dominant_frame_tied")) or column == "frame_hits":
            out[column] = out[column].fillna(0).astype("Int64")
        elif column == "dominant_frame":
            out[column] = out[column].astype("string")
        else:
            out[column] = out[column].astype("float64")
        # documents left out of the English-only measures get missing values, never zeros
        out[column] = out[column].mask(~out["scored"])
    return out


def write_scores(
    docs: pd.DataFrame,
    out_dir: str | Path,
    *,
    frames: str | Path = "eurasia",
    actors: str | Path = "default",
    fmt: Format = "parquet",
    keep_tokens: bool = True,
    chunk_size: int = CHUNK_SIZE,
) -> Path:
    """Score *docs* chunk by chunk, writing each table as ``out_dir/<table>.<fmt>`` as it is produced.

    Tables are appended to hidden partial files and moved into place at the
    end; ``manifest.json`` (input hashes, dictionary and lexicon versions,
    package version, row counts, timings) is written last, so a folder
    without it is an interrupted run. Returns the manifest's path.
    """
    out_dir = Path(out_dir)
    started = time.time()
    resources = load_resources(frames=frames, actors=actors)
    names = [t for t in TABLES if t != "actor_edges" and (keep_tokens or t != "tokens")]
    writers = {name: TableWriter(out_dir, name, fmt) for name in names}
    edges, timings = [], {}
    try:
        for chunk in iter_scores(docs, resources=resources, keep_tokens=keep_tokens, chunk_size=chunk_size):
            for name in names:
                writers[name].write(getattr(chunk, name))
            edges.append(chunk.actor_edges)
            for stage, seconds in chunk.timings.items():
                timings[stage] = timings.get(stage, 0.0) + seconds
        with TableWriter(out_dir, "actor_edges", fmt) as writer:
            writer.write(combine_edges(pd.concat(edges, ignore_index=True)))
        rows = {name: writer.rows for name, writer in writers.items()} | {"actor_edges": writer.rows}
        paths = {name: writers[name].close().name for name in names} | {"actor_edges": writer.path.name}
    except BaseException:
        for w in writers.values():
            w.abort()
        raise
    manifest = {
        "package": {"name": "analysis", "version": package_version()},
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "seconds": round(time.time() - started, 3),
        "python": platform.python_version(),
        "corpus": {
            "n_documents": int(len(docs)),
            "n_scored": int(_scored_mask(docs).sum()),
            "sha256": _corpus_hash(docs),
            "documents": docs[[DOC_ID, "sha256"]].astype(str).to_dict("records") if "sha256" in docs.columns else [],
        },
        "resources": resources.describe(),
        "format": fmt,
        "tables": {name: {"file": paths[name], "rows": rows[name]} for name in TABLES if name in paths},
        "timings_seconds": {k: round(v, 3) for k, v in timings.items()},
    }
    return write_json_atomically(out_dir / "manifest.json", manifest)


def _corpus_hash(docs: pd.DataFrame) -> str:
    digest = hashlib.sha256()
    column = docs["sha256"] if "sha256" in docs.columns else docs["text"].map(lambda t: hashlib.sha256(str(t).encode()).hexdigest())
    for doc_id, value in zip(docs[DOC_ID], column):
        digest.update(f"{doc_id}\t{value}\n".encode())
    return digest.hexdigest()


def _frame_hash(frame: pd.DataFrame) -> str:
    return hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()).hexdigest()




