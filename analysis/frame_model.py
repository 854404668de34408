"""A learned frame model beside the dictionaries: a linear model over words and phrases, explainable word by word.

A frame model is a logistic regression (Cox 1958) per frame, one against the
rest, L2-regularised and fitted with liblinear (Fan et al. 2008, JMLR 9),
over binary features of a sentence: its words (``w:<stem>``), its two-word
phrases (``b:<stem> <stem>``) and, for a *combined* model, whether the
scheme's dictionary has a hit of each frame in it (``d:<frame>``). It is trained at
build time on the project's coded sentences (``tools/train_frame_models.py``,
with scikit-learn) and shipped as a plain JSON data file
(``analysis/data/frames/<scheme>.<kind>.json``: the features, one weight per
feature and frame, the intercepts, the decision thresholds and the training
recipe), never as a pickle; applying it needs nothing but numpy.

Every prediction is explained by the words that pushed it: the score of a
frame in a sentence is its intercept plus the weights of the features present,
and :func:`explain_frames` lists each feature occurrence with its weight and
its character offsets (a phrase spans its two words; a dictionary feature
points at the dictionary hit). :func:`model_hits` turns the predictions into
the rows :func:`analysis.framing.match_frames` gives (one per sentence and
frame found: its strongest word), so every framing measure reads them.

>>> model = FrameModel(scheme="toy", kind="model", frames=("connectivity",), features={"w:port": 0, "b:new port": 1},
...                    weights=np.array([[2.0], [1.5]]), intercepts=np.array([-1.0]), thresholds=np.array([0.5]), recipe={})
>>> import analysis
>>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["A new port opened. Talks ended."]})
>>> tokens = analysis.tokenize(analysis.split_sentences(docs))
>>> predict_frames(tokens, model)[["sent_id", "frame", "probability", "present"]]
   sent_id         frame  probability  present
0        0  connectivity       0.9241     True
1        1  connectivity       0.2689    False
>>> explain_frames(tokens, model, docs=docs)[["sent_id", "feature", "matched", "start", "end", "weight"]]
   sent_id     feature   matched  start  end  weight
0        0      w:port      port      6   10     2.0
1        0  b:new port  new port      2   10     1.5
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from .checks import require_table
from .framing import HIT_COLUMNS, match_frames
from .resources import data_path, read_model_json
from .schema import DOC_ID, END, SENT_ID, START, TEXT

#: One row per sentence and frame (:func:`predict_frames`).
PREDICTION_COLUMNS = [DOC_ID, SENT_ID, "frame", "score", "probability", "present"]
#: One row per feature occurrence that counts for a frame (:func:`explain_frames`).
EXPLANATION_COLUMNS = [DOC_ID, SENT_ID, "frame", "feature", "matched", "start", "end", "weight"]
#: Model kinds: words and phrases only, or with the dictionary's hits as features too.
Kind = Literal["model", "combined"]
KINDS = ("model", "combined")
#: How frames are found in a sentence: the dictionary, the learned model, or the model with the dictionary's hits.
Method = Literal["dictionary", "model", "combined"]
METHODS = ("dictionary", "model", "combined")
#: Version of the JSON format written by the training tool.
FORMAT = 1


@dataclass(frozen=True)
class FrameModel:
    """A frame model: ``features`` maps a feature to its row of ``weights`` (features x frames)."""

    scheme: str
    kind: str
    frames: tuple[str, ...]
    features: dict[str, int]
    weights: np.ndarray
    intercepts: np.ndarray
    thresholds: np.ndarray
    recipe: dict = field(default_factory=dict)

    @property
    def uses_dictionary(self) -> bool:
        """Whether the model reads the dictionary's hits (``d:<frame>`` features)."""
        return any(name.startswith("d:") for name in self.features)


def model_path(scheme: str, *, kind: Kind = "model") -> Path:
    """Where the packaged model of *scheme* and *kind* lies (``analysis/data/frames/<scheme>.<kind>.json``)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    return Path(str(data_path(f"frames/{scheme}.{kind}.json")))


def load_frame_model(scheme: str | Path = "eurasia", *, kind: Kind = "model") -> FrameModel:
    """Read a frame model: a packaged one by scheme name (``eurasia``, ``generic``) and *kind*, or a JSON file by path.

    Raises ``FileNotFoundError`` naming what was looked for, ``ValueError`` naming the file and the field that is wrong.
    """
    path = Path(scheme) if str(scheme).endswith(".json") else None
    if path is None:
        try:
            path = model_path(str(scheme), kind=kind)
        except FileNotFoundError:
            raise FileNotFoundError(f"no packaged {kind} frame model for scheme {scheme!r} (analysis/data/frames/{scheme}.{kind}.json)") from None
    return _read_model(str(path))


@lru_cache(maxsize=8)
def _read_model(path: str) -> FrameModel:
    spec = read_model_json(path, what="frame model", keys=("scheme", "kind", "frames", "features", "weights", "intercepts", "thresholds"),
                           version=FORMAT)
    frames = tuple(spec["frames"])
    features = {name: i for i, name in enumerate(spec["features"])}
    weights = np.zeros((len(features), len(frames)))
    for j, frame in enumerate(frames):
        column = spec["weights"].get(frame)
        if column is None or len(column) != len(features):
            raise ValueError(f"frame model {path!r}: weights of {frame!r} must have one value per feature ({len(features)})")
        weights[:, j] = column
    intercepts = np.array([spec["intercepts"][f] for f in frames], dtype=float)
    thresholds = np.array([spec["thresholds"][f] for f in frames], dtype=float)
    return FrameModel(spec["scheme"], spec["kind"], frames, features, weights, intercepts, thresholds, spec.get("recipe", {}))


def parse_frames_option(frames: str | Path) -> tuple[str | Path, str]:
    """Split a ``frames`` option into the dictionary it names and how frames are found: ``dictionary``, ``model`` or ``combined``.

    ``"eurasia"`` is the packaged dictionary; ``"eurasia:model"`` the
    packaged model of that scheme; ``"eurasia:combined"`` the model that also
    reads the dictionary's hits. A path to a dictionary file is a dictionary.

    >>> parse_frames_option("eurasia"), parse_frames_option("generic:combined")
    (('eurasia', 'dictionary'), ('generic', 'combined'))
    """
    if isinstance(frames, Path) or Path(str(frames)).is_file() or ":" not in str(frames):
        return frames, "dictionary"
    name, method = str(frames).rsplit(":", 1)
    if method not in METHODS:
        raise ValueError(f"frames {str(frames)!r}: the method after ':' must be one of {', '.join(METHODS)}; got {method!r}")
    return name, method


def sentence_features(tokens: pd.DataFrame, *, dictionary_hits: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every feature occurrence of every sentence: ``doc_id, sent_id, feature, start, end``.

    A word feature is the Snowball stem (Porter 2001, NLTK's English
    stemmer) of the token's ``norm`` (lower case), so ``railway`` and
    ``railways`` are one feature; punctuation is left out; a phrase
    (``b:``) is two stems in a row of one sentence; ``d:<frame>`` marks a dictionary hit
    (its offsets) when *dictionary_hits* (:func:`analysis.framing.match_frames`)
    is given. A feature may occur several times in a sentence: the model reads
    presence, the explanation every occurrence. Linear in the number of tokens.

    >>> import analysis
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["New ports, new roads."]})
    >>> sentence_features(analysis.tokenize(analysis.split_sentences(docs)))["feature"].tolist()
    ['w:new', 'w:port', 'w:new', 'w:road', 'b:new port', 'b:port new', 'b:new road']
    """
    require_table(tokens, "tokens", [DOC_ID, SENT_ID, START, END, "norm", "is_punct"], "sentence_features: tokens")
    words = tokens.loc[~tokens["is_punct"].to_numpy(dtype=bool), [DOC_ID, SENT_ID, START, END, "norm"]]
    words = words.sort_values([DOC_ID, SENT_ID, START], kind="stable")
    codes, distinct = pd.factorize(words["norm"].astype(str))
    norms = np.array([_stem(norm) for norm in distinct], dtype=object)[codes] if len(codes) else np.array([], dtype=object)
    unigrams = pd.DataFrame({DOC_ID: words[DOC_ID].to_numpy(), SENT_ID: words[SENT_ID].to_numpy(),
                             "feature": ("w:" + pd.Series(norms, dtype=object)).to_numpy(),
                             START: words[START].to_numpy(), END: words[END].to_numpy()})
    same = (words[DOC_ID].to_numpy()[1:] == words[DOC_ID].to_numpy()[:-1]) & (words[SENT_ID].to_numpy()[1:] == words[SENT_ID].to_numpy()[:-1])
    bigrams = pd.DataFrame({DOC_ID: words[DOC_ID].to_numpy()[:-1][same], SENT_ID: words[SENT_ID].to_numpy()[:-1][same],
                            "feature": ("b:" + pd.Series(norms[:-1][same]) + " " + pd.Series(norms[1:][same])).to_numpy(),
                            START: words[START].to_numpy()[:-1][same], END: words[END].to_numpy()[1:][same]})
    parts = [unigrams, bigrams]
    if dictionary_hits is not None and len(dictionary_hits):
        parts.append(pd.DataFrame({DOC_ID: dictionary_hits[DOC_ID].to_numpy(), SENT_ID: dictionary_hits[SENT_ID].to_numpy(),
                                   "feature": ("d:" + dictionary_hits["frame"].astype(str)).to_numpy(),
                                   START: dictionary_hits[START].to_numpy(), END: dictionary_hits[END].to_numpy()}))
    out = pd.concat(parts, ignore_index=True)
    return out.astype({DOC_ID: "string", SENT_ID: "int64", "feature": "string", START: "int64", END: "int64"})


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer  # pure Python rules: no data file, nothing downloaded

    return SnowballStemmer("english")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


def _features_for(tokens: pd.DataFrame, model: FrameModel, dictionary, docs) -> pd.DataFrame:
    hits = None
    if model.uses_dictionary:
        if dictionary is None:
            raise ValueError(f"the {model.scheme} {model.kind} frame model reads the dictionary's hits: pass dictionary= (load_dictionary({model.scheme!r}))")
        hits = match_frames(tokens, dictionary, docs=docs)
    return sentence_features(tokens, dictionary_hits=hits)


def predict_frames(tokens: pd.DataFrame, model: FrameModel, *, dictionary=None, docs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Score every sentence for every frame of *model*: ``doc_id, sent_id, frame, score, probability, present``.

    ``score`` is the intercept plus the weights of the features present (each
    counted once), ``probability`` its logistic, ``present`` whether it
    reaches the frame's threshold (chosen at training). A combined model needs
    the scheme's *dictionary* (:func:`analysis.lexicons.load_dictionary`).
    Every sentence of *tokens* gets a row per frame, including sentences
    without a known feature (the intercept alone).
    """
    return _predict(tokens, model, dictionary, docs, "predict_frames")[0]


def _predict(tokens: pd.DataFrame, model: FrameModel, dictionary, docs: pd.DataFrame | None, caller: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`predict_frames`'s table, and the occurrences of the model's features it was computed from (read once)."""
    require_table(tokens, "tokens", [DOC_ID, SENT_ID, START, END, "norm", "is_punct"], f"{caller}: tokens")
    sentences = tokens[[DOC_ID, SENT_ID]].drop_duplicates().reset_index(drop=True)
    occurrences = _features_for(tokens, model, dictionary, docs)
    occurrences = occurrences[occurrences["feature"].isin(model.features.keys())]
    known = occurrences.drop_duplicates([DOC_ID, SENT_ID, "feature"])
    keys = pd.MultiIndex.from_frame(sentences.astype({DOC_ID: "string", SENT_ID: "int64"}))
    rows = keys.get_indexer(pd.MultiIndex.from_frame(known[[DOC_ID, SENT_ID]]))
    columns = known["feature"].map(model.features).to_numpy(dtype="int64")
    scores = np.tile(model.intercepts, (len(sentences), 1))
    np.add.at(scores, rows, model.weights[columns])
    probability = 1.0 / (1.0 + np.exp(-scores))
    n_frames = len(model.frames)
    out = pd.DataFrame({
        DOC_ID: np.repeat(sentences[DOC_ID].to_numpy(), n_frames),
        SENT_ID: np.repeat(sentences[SENT_ID].to_numpy(), n_frames),
        "frame": np.tile(np.array(model.frames, dtype=object), len(sentences)),
        "score": scores.ravel().round(4),
        "probability": probability.ravel().round(4),
        "present": (probability >= model.thresholds).ravel(),
    })
    out = out.astype({DOC_ID: "string", SENT_ID: "int64", "frame": "string", "score": "float64", "probability": "float64", "present": "bool"})
    return out, occurrences


def explain_frames(tokens: pd.DataFrame, model: FrameModel, *, dictionary=None, docs: pd.DataFrame | None = None,
                   present_only: bool = True) -> pd.DataFrame:
    """The feature occurrences behind the predictions: ``doc_id, sent_id, frame, feature, matched, start, end, weight``.

    One row per occurrence of a feature with a non-zero weight for a frame,
    strongest push first within a sentence and frame; with *present_only*
    (default) only for the frames :func:`predict_frames` finds present.
    ``matched`` is the text at ``start:end`` (from *docs*; without it the
    feature's words). A sentence's score is its frame's intercept plus the
    weights of its distinct features.
    """
    predictions, occurrences = _predict(tokens, model, dictionary, docs, "explain_frames")
    if present_only:
        predictions = predictions[predictions["present"]]
    rows: list[tuple] = []
    texts = {d: str(t) for d, t in zip(docs[DOC_ID], docs[TEXT])} if docs is not None else {}
    wanted = predictions[[DOC_ID, SENT_ID, "frame"]]
    frame_index = {frame: j for j, frame in enumerate(model.frames)}
    merged = occurrences.merge(wanted, on=[DOC_ID, SENT_ID])
    for doc_id, sent_id, feature, start, end, frame in merged[[DOC_ID, SENT_ID, "feature", START, END, "frame"]].itertuples(index=False, name=None):
        weight = float(model.weights[model.features[feature], frame_index[frame]])
        if weight == 0.0:
            continue
        text = texts.get(doc_id)
        matched = text[start:end] if text is not None else feature.split(":", 1)[1]
        rows.append((doc_id, sent_id, frame, feature, matched, start, end, round(weight, 4)))
    out = pd.DataFrame(rows, columns=EXPLANATION_COLUMNS)
    out = out.sort_values([DOC_ID, SENT_ID, "frame", "weight", START], ascending=[True, True, True, False, True], kind="stable").reset_index(drop=True)
    return out.astype({DOC_ID: "string", SENT_ID: "int64", "frame": "string", "feature": "string", "matched": "string",
                       START: "int64", END: "int64", "weight": "float64"})


def model_hits(tokens: pd.DataFrame, model: FrameModel, *, dictionary=None, docs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The frames *model* finds present, as :func:`analysis.framing.match_frames` rows: one per sentence and frame.

    Each row is the occurrence of the feature that pushed the frame hardest
    in that sentence (``pattern`` the feature, ``w:port``, ``b:new port`` or
    ``d:connectivity``; ``matched`` its text), so the framing measures
    (salience, dominant frames, evidence) read a model's frames like a
    dictionary's, with ``hits`` counting the sentences a frame is found in;
    :func:`explain_frames` lists every word behind each one.
    """
    explained = explain_frames(tokens, model, dictionary=dictionary, docs=docs)
    pushed = explained[explained["weight"] > 0].drop_duplicates([DOC_ID, SENT_ID, "frame"])  # strongest first
    out = pd.DataFrame({DOC_ID: pushed[DOC_ID], SENT_ID: pushed[SENT_ID], "frame": pushed["frame"], "pattern": pushed["feature"],
                        "matched": pushed["matched"], START: pushed[START], END: pushed[END]})
    out = out.sort_values([DOC_ID, SENT_ID, START, "frame"], kind="stable").reset_index(drop=True)
    return out[HIT_COLUMNS].astype({DOC_ID: "string", SENT_ID: "int64", "frame": "string", "pattern": "string",
                                    "matched": "string", START: "int64", END: "int64"})
