"""Every measure's validation figures, computed from the hand-coded and human-rated data in one call.

This stage reads files: the gold sets that ship with the package
(``analysis/data/gold``: the hand-checked sentence boundaries and the frame
codings of seed and Wikinews sentences, read with :func:`read_gold_set`; see
the README there for how they were made and their licences) and the human
ratings of the VADER paper in the shared data folder (``../shared/data``, not
redistributed; :func:`find_shared`). It composes the measures' pure
evaluation functions:

- sentence boundaries: :func:`analysis.tokens.evaluate_sentence_boundaries`
  (Read et al. 2012);
- sentiment: :func:`analysis.sentiment.validate_sentiment` against the mean
  human ratings of Hutto & Gilbert (2014), with Pearson's r and its Fisher-z
  interval and 3-class F1;
- frames: :func:`analysis.framing.evaluate_frames` of each shipped
  dictionary against hand-coded sentences (the coded sentences themselves are
  tokenized and matched, so the figures need no corpus), with percentile
  bootstrap intervals over sentences (Efron & Tibshirani 1993), and
  Krippendorff's alpha (2011) between the human coders and between the
  dictionary and them.

``python -m analysis validate`` prints :func:`validation_report`. A source
that is absent is listed under ``skipped`` with its path, never dropped silently.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from .checks import check_choice
from .corpus import load_corpus
from .framing import evaluate_frames, frame_alpha, match_frames, unnest_frames
from .lexicons import describe_frames, load_dictionary
from .metrics import precision_recall_f1
from .sentiment import HUMAN_SCALE, validate_sentiment
from .tokens import evaluate_sentence_boundaries, split_sentences, tokenize
from .frame_model import METHODS, load_frame_model, predict_frames
from .tone import score_tone
from .resources import data_path
from .schema import DOC_ID, END, SENT_ID, START, TEXT

#: The gold sets shipped in ``analysis/data/gold`` (:func:`read_gold_set`).
GOLD_SETS = {
    "sentence_boundaries": "sentence_boundaries.jsonl",
    "frames_dev": "frames_dev.csv",
    "frames_dev_coder2": "frames_dev_coder2.csv",
    "frames_dev_coder3": "frames_dev_coder3.csv",
    "frames_heldout": "frames_heldout.csv",
    "coded_sentences": "coded_sentences.csv",
    "coded_codings": "coded_codings.csv",
    "holdout_sentences": "holdout_sentences.csv",
    "holdout_codings": "holdout_codings.csv",
}
GoldSet = Literal["sentence_boundaries", "frames_dev", "frames_dev_coder2", "frames_dev_coder3", "frames_heldout",
                  "coded_sentences", "coded_codings", "holdout_sentences", "holdout_codings"]
#: The parts of the coded set: tuned on ``train`` and ``dev``; ``test`` and the second test part ``holdout`` (its own
#: files, articles the set does not hold) are read only for the reported figures.
PARTS = ("train", "dev", "test", "holdout")
#: One row per scheme, frame-finding method, subset of the test part and frame (:func:`evaluate_frame_methods`).
METHOD_COLUMNS = ["scheme", "method", "subset", "frame", "n_sentences", "n_gold", "tp", "fp", "fn", "precision", "recall", "f1",
                  "f1_low", "f1_high", "alpha_coders", "alpha_with_coders"]
#: :func:`read_vader_groundtruth` output.
GROUNDTRUTH_COLUMNS = ["id", "human", "text"]

#: Environment variable naming the shared data folder (else the nearest ``shared`` folder beside the working directory).
SHARED_ENV = "ANALYSIS_SHARED"
#: The four human-rated sets of the VADER paper, by the names used in the report.
VADER_SETS = {"nyt_editorials": "nytEditorialSnippets", "tweets": "tweets", "movie_reviews": "movieReviewSnippets", "amazon_reviews": "amazonReviewSnippets"}
#: Published Pearson r of VADER against the human mean (Hutto & Gilbert 2014, table 3).
VADER_PUBLISHED_R = {"nyt_editorials": 0.492, "tweets": 0.881, "movie_reviews": 0.451, "amazon_reviews": 0.565}
#: Bootstrap resamples and seed for the F1 intervals.
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 2026
SCHEMES = ("eurasia", "generic")


@dataclass
class Validation:
    """The validation tables by name, and the sources that were not there."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)


def validate_all(*, shared: str | Path | None = None, sentiment_sets: tuple[str, ...] = tuple(VADER_SETS)) -> Validation:
    """Compute every validation table; see the module docstring for the sources.

    Tables: ``sentence_boundaries`` (overall and per source), ``sentiment``
    (one row per human-rated set), ``frames_test`` (each frame-finding method
    against the coded set's two test parts, :func:`evaluate_frame_methods`),
    ``coder_agreement`` (alpha between the coders, :func:`coder_agreement`),
    ``tone`` (exact VADER and the news tone against rated sentences,
    :func:`validate_tone`), and the earlier seed-era checks ``frames_dev``
    and ``frames_heldout`` (per scheme and frame: precision, recall, F1 with
    bootstrap intervals) and ``frame_alpha`` (per scheme and frame: alpha
    among the human coders, and of the dictionary with them). The gold sets ship with the package; the human
    ratings are read from *shared* (default: :func:`find_shared`), and are
    listed under ``skipped`` with the path looked at when they are absent.
    """
    shared_folder = find_shared(shared)
    result = Validation()

    gold = read_gold_set("sentence_boundaries")
    overall = evaluate_sentence_boundaries(gold).assign(source="all")
    result.tables["sentence_boundaries"] = pd.concat([overall, evaluate_sentence_boundaries(gold, by="source")], ignore_index=True)[["source", *overall.columns.drop("source")]]

    rows = []
    for name in sentiment_sets:
        path = shared_folder / "data" / "vader_icwsm2014_groundtruth" / f"{VADER_SETS[name]}_GroundTruth.txt"
        if not path.is_file():
            result.skipped[f"sentiment:{name}"] = f"{path} is absent"
            continue
        figures = validate_sentiment(read_vader_groundtruth(path))
        rows.append(figures.assign(dataset=name, published_r=VADER_PUBLISHED_R[name]))
    if rows:
        table = pd.concat(rows, ignore_index=True)
        result.tables["sentiment"] = table[["dataset", "published_r", *table.columns.drop(["dataset", "published_r"])]]

    codings = read_gold_set("coded_codings")
    test, holdout = coded_part("test"), coded_part("holdout")
    holdout_codings = read_gold_set("holdout_codings")
    result.tables["frames_test"] = pd.concat([evaluate_frame_methods(test, codings),
                                              evaluate_frame_methods(holdout, holdout_codings, subsets={"holdout": holdout})],
                                             ignore_index=True)
    rated = {"coded_test": test, "coded_test_wikinews": test[test["source"] == "wikinews"], "coded_holdout": holdout}
    tone = [validate_tone(pd.DataFrame({"id": part["item_id"], "human": part["tone"], "text": part[TEXT]}), dataset=name)
            for name, part in rated.items()]
    nyt = shared_folder / "data" / "vader_icwsm2014_groundtruth" / f"{VADER_SETS['nyt_editorials']}_GroundTruth.txt"
    if nyt.is_file():
        tone.append(validate_tone(read_vader_groundtruth(nyt), dataset="nyt_editorials"))
    else:
        result.skipped["tone:nyt_editorials"] = f"{nyt} is absent"
    result.tables["tone"] = pd.concat(tone, ignore_index=True)
    result.tables["coder_agreement"] = pd.concat([coder_agreement(read_gold_set("coded_sentences"), codings),
                                                  coder_agreement(holdout, holdout_codings, parts=("holdout",))], ignore_index=True)

    dev = read_gold_set("frames_dev")
    result.tables["frames_dev"] = _frame_scores(dev)
    result.tables["frame_alpha"] = _frame_agreement(dev, read_gold_set("frames_dev_coder3"))
    result.tables["frames_heldout"] = _frame_scores(read_gold_set("frames_heldout"))
    return result


def coded_part(part: str = "test") -> pd.DataFrame:
    """The sentences of one part of the coded set (``train``, ``dev``, ``test`` or ``holdout``; see the gold README), in file order."""
    check_choice(part, list(PARTS), "part")
    coded = read_gold_set("holdout_sentences" if part == "holdout" else "coded_sentences")
    return coded[coded["split"] == part].reset_index(drop=True)


def coded_units(coded: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Documents and tokens of coded sentences, one unit each: ``doc_id`` is the ``item_id``, ``sent_id`` 0.

    A coded sentence is the unit of coding however the splitter would read it
    alone, so its tokens all carry ``sent_id`` 0.
    """
    docs = pd.DataFrame({DOC_ID: coded["item_id"].astype("string"), TEXT: coded[TEXT].astype("string")})
    tokens = tokenize(split_sentences(docs)).assign(**{SENT_ID: 0})
    return docs, tokens


def found_frames(coded: pd.DataFrame, scheme: str, method: str) -> pd.DataFrame:
    """The frames a method finds in each coded sentence: ``doc_id`` (the ``item_id``), ``sent_id`` (0), ``frame``.

    *method*: ``dictionary`` (:func:`analysis.framing.match_frames` with the
    scheme's dictionary), ``model`` or ``combined`` (the packaged frame model
    of that kind, :func:`analysis.frame_model.predict_frames`).
    """
    check_choice(method, list(METHODS), "method")
    docs, tokens = coded_units(coded)
    dictionary = load_dictionary(scheme)
    if method == "dictionary":
        found = match_frames(tokens, dictionary, docs=docs)
    else:
        predicted = predict_frames(tokens, load_frame_model(scheme, kind=method), dictionary=dictionary, docs=docs)
        found = predicted[predicted["present"]]
    return found[[DOC_ID, SENT_ID, "frame"]].drop_duplicates().reset_index(drop=True)


def evaluate_frame_methods(coded: pd.DataFrame, codings: pd.DataFrame, *, schemes: tuple[str, ...] = SCHEMES,
                           methods: tuple[str, ...] = METHODS, subsets: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Precision, recall, F1 (with bootstrap intervals) and Krippendorff's alpha of each method against the coded sentences.

    *coded* is a part of the coded set (:func:`coded_part`), *codings* every
    coder's own codes (``read_gold_set("coded_codings")``). Per scheme,
    method and frame, and for the micro average: the counts against the
    final codes, F1's percentile bootstrap interval, ``alpha_coders``
    (between the two coders of each sentence) and ``alpha_with_coders``
    (the two coders and the method as a third coder; nominal alpha on
    present/absent). *subsets* names the parts of *coded* scored; by default
    ``all`` the sentences and ``wikinews`` those of Wikinews articles (no
    seed article: the seeds were read when the first dictionaries were
    written).
    """
    rows = []
    if subsets is None:
        subsets = {"all": coded, "wikinews": coded[coded["source"] == "wikinews"]}
    for scheme in schemes:
        frames = describe_frames(scheme)["frame"].tolist()
        for method in methods:
            found_all = found_frames(coded, scheme, method)
            for subset, part in subsets.items():
                if part.empty:
                    continue
                units = pd.DataFrame({DOC_ID: part["item_id"].astype("string"), SENT_ID: 0})
                gold = unnest_frames(units.assign(**{scheme: part[scheme].to_numpy()}), column=scheme)
                found = found_all[found_all[DOC_ID].isin(units[DOC_ID])]
                scores = evaluate_frames(found, gold, sentences=units, frames=frames)
                intervals = bootstrap_f1(found, gold, units, frames=frames)
                alphas = _method_alpha(part, codings, found, scheme, frames)
                table = scores[scores["frame"] != "macro avg"].merge(intervals, on="frame", how="left").merge(alphas, on="frame", how="left")
                table["n_gold"] = table["tp"] + table["fn"]
                rows.append(table.assign(scheme=scheme, method=method, subset=subset, n_sentences=len(part)))
    out = pd.concat(rows, ignore_index=True)
    return out[METHOD_COLUMNS]


def validate_tone(rated: pd.DataFrame, *, dataset: str) -> pd.DataFrame:
    """Exact VADER and the news tone (:mod:`analysis.tone`) against human ratings, side by side.

    *rated* has ``id``, ``human`` (mean rating, -4..+4) and ``text``; each
    text is one unit (a snippet of several sentences is scored as one, as
    VADER's authors scored it). Returns one row per measure
    (``vader_compound``, ``news_tone``) with ``dataset`` and the columns of
    :func:`analysis.sentiment.validate_sentiment` (Pearson r and its
    interval, 3-class accuracy and F1; the news tone is divided by 4 and
    clipped to -1..1 for the classes, which leaves r unchanged).
    """
    units = pd.DataFrame({DOC_ID: rated["id"].astype("string"), SENT_ID: 0, START: 0, END: rated["text"].str.len().astype("int64"),
                          TEXT: rated["text"].astype("string")}).reset_index(drop=True)
    vader = validate_sentiment(pd.DataFrame({"human": rated["human"].to_numpy(), TEXT: units[TEXT]}))
    tone = score_tone(units)["tone"].to_numpy()
    news = validate_sentiment(pd.DataFrame({"human": rated["human"].to_numpy(), "compound": np.clip(tone / HUMAN_SCALE, -1.0, 1.0)}))
    out = pd.concat([vader.assign(measure="vader_compound"), news.assign(measure="news_tone")], ignore_index=True).assign(dataset=dataset)
    return out[["dataset", "measure", *out.columns.drop(["dataset", "measure"])]]


def coder_agreement(coded: pd.DataFrame, codings: pd.DataFrame, *, parts: tuple[str, ...] = ("all", "train", "dev", "test")) -> pd.DataFrame:
    """Krippendorff's alpha between the two coders of each sentence, per part of the coded set, scheme and frame.

    Returns ``part, scheme, frame, n_sentences, n_present, alpha`` (nominal,
    present/absent; ``n_present`` counts the codings that found the frame);
    *parts* are values of *coded*'s ``split``, or ``all`` for every sentence.
    """
    rows = []
    parts = {name: coded if name == "all" else coded[coded["split"] == name] for name in parts}
    for part_name, part in parts.items():
        units = pd.DataFrame({DOC_ID: part["item_id"].astype("string"), SENT_ID: 0})
        for scheme in SCHEMES:
            frames = describe_frames(scheme)["frame"].tolist()
            human = _coder_labels(part, codings, scheme)
            table = frame_alpha(human, units, frames=frames)
            rows.append(table.assign(part=part_name, scheme=scheme, n_sentences=len(part)))
    out = pd.concat(rows, ignore_index=True)
    return out[["part", "scheme", "frame", "n_sentences", "n_present", "alpha"]]


def _coder_labels(part: pd.DataFrame, codings: pd.DataFrame, scheme: str) -> pd.DataFrame:
    """The frames each of the two coders of *part*'s sentences found: ``doc_id, sent_id, frame, coder`` (``coder_1``, ``coder_2``)."""
    own = codings[codings["item_id"].isin(part["item_id"])].sort_values(["item_id", "coder"])
    # The pairs of coders differ from block to block: within a sentence they are its first and second coder.
    rank = own.groupby("item_id").cumcount() + 1
    return pd.concat([unnest_frames(pd.DataFrame({DOC_ID: own.loc[rank == k, "item_id"].astype("string"), SENT_ID: 0,
                                                  scheme: own.loc[rank == k, scheme]}), column=scheme).assign(coder=f"coder_{k}")
                      for k in (1, 2)], ignore_index=True)


def _method_alpha(part: pd.DataFrame, codings: pd.DataFrame, found: pd.DataFrame, scheme: str, frames: list[str]) -> pd.DataFrame:
    """Per frame: alpha between the two coders of *part*'s sentences, and with the method's frames as a third coder."""
    units = pd.DataFrame({DOC_ID: part["item_id"].astype("string"), SENT_ID: 0})
    human = _coder_labels(part, codings, scheme)
    coders = frame_alpha(human, units, frames=frames)[["frame", "alpha"]].rename(columns={"alpha": "alpha_coders"})
    together = frame_alpha(pd.concat([human, found.assign(coder="method")], ignore_index=True), units, frames=frames)
    return coders.merge(together[["frame", "alpha"]].rename(columns={"alpha": "alpha_with_coders"}), on="frame")


def read_gold_set(name: GoldSet) -> pd.DataFrame:
    """Return a gold set shipped in ``analysis/data/gold`` (see the README there for each one's method and licence).

    ``sentence_boundaries``: one row per paragraph (``source, doc, text,
    sentences``). The frame codings (``frames_dev``, ``frames_dev_coder3``,
    ``frames_heldout``): one row per coded sentence, ``doc_id, sent_id, start,
    end, text, eurasia, generic`` (``;``-separated frame ids, empty for none);
    ``frames_dev_coder2``: ``doc_id, sent_id, eurasia`` (coder 1 again).

    >>> read_gold_set("frames_heldout").shape
    (200, 7)
    """
    check_choice(name, list(GOLD_SETS), "name")
    path = data_path(f"gold/{GOLD_SETS[name]}")
    if name == "sentence_boundaries":
        with path.open(encoding="utf-8") as handle:
            return pd.read_json(handle, lines=True)
    with path.open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype={DOC_ID: "string"}, keep_default_na=False)


def find_shared(shared: str | Path | None = None) -> Path:
    """The shared data folder: *shared* if given, else ``$ANALYSIS_SHARED``, else the nearest ``shared`` folder beside the working directory or one of its parents.

    The folder holds outside data that is not redistributed with the package
    (the VADER paper's human ratings). When none is found, ``../shared`` is
    returned, so that messages name where it was looked for.
    """
    if shared is not None:
        return Path(shared)
    if os.environ.get(SHARED_ENV):
        return Path(os.environ[SHARED_ENV])
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        candidate = folder.parent / "shared"
        if (candidate / "data").is_dir():
            return candidate
    return Path("..") / "shared"


def groundtruth_path(name: str = "nyt_editorials", *, shared: str | Path | None = None) -> Path:
    """The file of one human-rated set of the VADER paper (:data:`VADER_SETS`) in the shared data folder (:func:`find_shared`).

    The path is returned whether or not the file is there (:func:`read_human_ratings` says when it is not).

    >>> groundtruth_path(shared="shared").as_posix()
    'shared/data/vader_icwsm2014_groundtruth/nytEditorialSnippets_GroundTruth.txt'
    """
    if name not in VADER_SETS:
        raise ValueError(f"groundtruth_path: name must be one of {', '.join(VADER_SETS)}; got {name!r}")
    return find_shared(shared) / "data" / "vader_icwsm2014_groundtruth" / f"{VADER_SETS[name]}_GroundTruth.txt"


def read_vader_groundtruth(path: str | Path) -> pd.DataFrame:
    """Read one ``*_GroundTruth.txt`` file of the VADER paper's ratings (Hutto & Gilbert 2014): ``id, human, text``.

    The files are tab-separated ``id, mean rating, text`` without a header,
    CRLF line ends and no final newline; ``human`` is the mean of 20 or more
    raters on -4..+4. They are UTF-8 (a BOM is dropped); a file that is not
    valid UTF-8 is read as cp1252, as the authors' own README is. The text
    keeps any tab after the second one.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"ground-truth file {str(path)!r} does not exist (expected e.g. nytEditorialSnippets_GroundTruth.txt)")
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = raw.decode("cp1252", errors="strict")
    ids, ratings, texts = [], [], []
    for line_no, line in enumerate(content.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if not line.strip():
            continue
        fields = line.split("\t", 2)
        if len(fields) != 3:
            raise ValueError(f"ground-truth file {str(path)!r}, line {line_no}: expected 'id<TAB>rating<TAB>text', got {line[:60]!r}")
        try:
            rating = float(fields[1])
        except ValueError:
            raise ValueError(f"ground-truth file {str(path)!r}, line {line_no}: rating {fields[1]!r} is not a number") from None
        if not -HUMAN_SCALE <= rating <= HUMAN_SCALE:
            raise ValueError(f"ground-truth file {str(path)!r}, line {line_no}: rating {rating} is outside -4..+4")
        ids.append(fields[0].strip())
        ratings.append(rating)
        texts.append(fields[2])
    if not ids:
        raise ValueError(f"ground-truth file {str(path)!r} has no rows")
    return pd.DataFrame({"id": ids, "human": ratings, "text": texts}).astype({"id": "string", "human": "float64", "text": "string"})


def read_human_ratings(path: str | Path) -> pd.DataFrame:
    """Read a VADER ground-truth file (``id, human, text``), or an empty frame with a warning when it is absent.

    Notebooks use this so that they still run where ``../shared`` is not
    beside the project: the figures are then missing (``n`` = 0), not invented.
    """
    path = Path(path)
    if path.is_file():
        return read_vader_groundtruth(path)
    warnings.warn(f"human ratings not found at {str(path)!r}: the figures that need them are left empty", UserWarning, stacklevel=2)
    return pd.DataFrame({"id": pd.Series([], dtype="string"), "human": pd.Series([], dtype="float64"), "text": pd.Series([], dtype="string")})


def wikinews_corpus(folder: str | Path) -> pd.DataFrame:
    """Load the English Wikinews 2019-2020 articles (``../shared/data``) with their URL as ``doc_id``."""
    folder = Path(folder)
    parts = [pd.read_csv(folder / f"wikinews_{year}.csv", dtype="string") for year in (2019, 2020)]
    table = pd.concat(parts, ignore_index=True)
    table = table.assign(doc_id=table["url"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wikinews.csv"
        table.to_csv(path, index=False)
        return load_corpus(path)


def align_coded(coded: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Match coded sentences to ``split_sentences`` output by ``doc_id, start, end`` (not by ``sent_id``).

    Raises when fewer than 90% still line up, so a changed splitter cannot
    silently shrink a validation set.
    """
    aligned = coded.drop(columns=[SENT_ID]).merge(sentences[[DOC_ID, SENT_ID, "start", "end"]], on=[DOC_ID, "start", "end"])
    if len(aligned) < 0.9 * len(coded):
        raise ValueError(f"only {len(aligned)} of {len(coded)} coded sentences line up with split_sentences by offsets; recode or re-align the set")
    return aligned


def bootstrap_f1(predicted: pd.DataFrame, gold: pd.DataFrame, sentences: pd.DataFrame, *, frames: list[str],
                 resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED, confidence: float = 0.95) -> pd.DataFrame:
    """Percentile bootstrap intervals of per-frame and micro F1, resampling sentences (Efron & Tibshirani 1993).

    Returns ``frame, f1_low, f1_high``. Each resample draws as many sentences
    as there are, with replacement, and recomputes F1 from the summed counts.
    """
    keys = pd.MultiIndex.from_frame(sentences[[DOC_ID, SENT_ID]])
    n = len(keys)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, size=(resamples, n))
    counts = np.zeros((resamples, 3))
    rows = []
    total = np.zeros((resamples, 3))
    for frame in frames:
        p = keys.isin(pd.MultiIndex.from_frame(predicted.loc[predicted["frame"] == frame, [DOC_ID, SENT_ID]]))
        g = keys.isin(pd.MultiIndex.from_frame(gold.loc[gold["frame"] == frame, [DOC_ID, SENT_ID]]))
        per = np.stack([p & g, p & ~g, ~p & g], axis=1).astype(float)  # tp, fp, fn per sentence
        counts = per[draws].sum(axis=1)
        total += counts
        rows.append((frame, *_interval(precision_recall_f1(counts[:, 0], counts[:, 1], counts[:, 2])[2], confidence)))
    rows.append(("micro avg", *_interval(precision_recall_f1(total[:, 0], total[:, 1], total[:, 2])[2], confidence)))
    return pd.DataFrame(rows, columns=["frame", "f1_low", "f1_high"])


def _interval(values: np.ndarray, confidence: float) -> tuple[float, float]:
    values = values[~np.isnan(values)]
    if not len(values):
        return float("nan"), float("nan")
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)


def _coded_tokens(coded: pd.DataFrame) -> pd.DataFrame:
    """The tokens of coded sentences: the coded rows are a sentences table (``doc_id, sent_id, start, end, text``)."""
    return tokenize(coded[[DOC_ID, SENT_ID, START, END, TEXT]])


def _frame_scores(coded: pd.DataFrame) -> pd.DataFrame:
    tokens = _coded_tokens(coded)
    tables = []
    for scheme in SCHEMES:
        if scheme not in coded.columns:
            continue
        frames = describe_frames(scheme)["frame"].tolist()
        gold = unnest_frames(coded, column=scheme)
        hits = match_frames(tokens, load_dictionary(scheme))
        scores = evaluate_frames(hits, gold, sentences=coded, frames=frames)
        intervals = bootstrap_f1(hits, gold, coded, frames=frames)
        gold_counts = gold.groupby("frame").size()
        scores = scores.merge(intervals, on="frame", how="left").assign(scheme=scheme, n_sentences=len(coded))
        scores["n_gold"] = scores["frame"].map(gold_counts).fillna(scores["tp"] + scores["fn"]).astype("int64")
        tables.append(scores)
    out = pd.concat(tables, ignore_index=True)
    first = ["scheme", "frame", "n_sentences", "n_gold"]
    return out[first + [c for c in out.columns if c not in first]]


def _frame_agreement(coder_1: pd.DataFrame, coder_2: pd.DataFrame) -> pd.DataFrame:
    """Krippendorff's alpha per frame between two coders of the same sentences (matched by offsets), and with the dictionary."""
    second = coder_2.drop(columns=[SENT_ID, TEXT]).merge(coder_1[[DOC_ID, SENT_ID, START, END]], on=[DOC_ID, START, END])
    codings = {"coder_1": coder_1, "coder_2": second}
    units = coder_1[[DOC_ID, SENT_ID]].merge(second[[DOC_ID, SENT_ID]])
    tokens = _coded_tokens(coder_1)
    tables = []
    for scheme in SCHEMES:
        frames = describe_frames(scheme)["frame"].tolist()
        human = pd.concat([unnest_frames(c, column=scheme).assign(coder=name) for name, c in codings.items()], ignore_index=True)
        hits = match_frames(tokens, load_dictionary(scheme))[[DOC_ID, SENT_ID, "frame"]].drop_duplicates().assign(coder="dictionary")
        between_coders = frame_alpha(human, units, frames=frames).rename(columns={"alpha": "alpha_coders"})
        with_dictionary = frame_alpha(pd.concat([human, hits], ignore_index=True), units, frames=frames).rename(columns={"alpha": "alpha_coders_and_dictionary"})
        table = between_coders[["frame", "alpha_coders", "n_units"]].merge(with_dictionary[["frame", "alpha_coders_and_dictionary"]], on="frame")
        tables.append(table.assign(scheme=scheme))
    out = pd.concat(tables, ignore_index=True)
    return out[["scheme", "frame", "n_units", "alpha_coders", "alpha_coders_and_dictionary"]]


def validation_report(*, shared: str | Path | None = None) -> str:
    """Return every validation table as plain text, with the sources that were skipped."""
    result = validate_all(shared=shared)
    titles = {
        "sentence_boundaries": "Sentence boundaries (hand-checked seeds and Wikinews paragraphs; Read et al. 2012)",
        "sentiment": "Sentence sentiment: VADER against mean human ratings (Hutto & Gilbert 2014)",
        "frames_test": "Frames against the coded set's two test parts (never tuned on): dictionary, learned model and the two combined, "
                       "per scheme and frame; 'all' and 'wikinews' (without the two seed articles) are the test part, 'holdout' the "
                       "second test part (other Wikinews articles)",
        "coder_agreement": "Krippendorff's alpha between the two coders of each coded sentence, per part, scheme and frame",
        "tone": "Sentence tone against human ratings: exact VADER and the news tone, on the coded set's two test parts (mean of two "
                "coders) and on the NYT editorial snippets of Hutto & Gilbert (2014)",
        "frames_dev": "Frame dictionaries against hand-coded seed sentences (development set: seen while the dictionaries were written)",
        "frames_heldout": "Frame dictionaries against hand-coded Wikinews sentences (held out: never seen while writing the dictionaries)",
        "frame_alpha": "Krippendorff's alpha per frame, seed sentences: two independent coders, and the coders with the dictionary",
    }
    parts = []
    with pd.option_context("display.width", 200, "display.max_columns", 30, "display.precision", 3):
        for name, title in titles.items():
            if name in result.tables:
                parts.append(f"## {title}\n\n{result.tables[name].to_string(index=False)}\n")
    if result.skipped:
        parts.append("## Skipped\n\n" + "\n".join(f"- {k}: {v}" for k, v in result.skipped.items()) + "\n")
    return "\n".join(parts)
