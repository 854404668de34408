"""News tone beyond VADER: a linear model trained on rated news sentences, explainable word by word.

VADER (Hutto & Gilbert 2014) was built for social media; on news it misses
the words that make an event bad or good news (*earthquake*, *casualties*,
*sanctions*, *ceasefire* are not in its lexicon) and weighs the rest as a
tweet reader would. The news tone of a sentence is a linear model over
three kinds of features (:func:`tone_features`):

- ``vader:compound``, ``vader:pos``, ``vader:neg``: the sentence's exact
  VADER scores (:func:`analysis.sentiment.vader_scores`; the ``compound``
  column of the package is never changed by this module);
- ``news:<category>``: each word of the packaged news-event list
  (:func:`analysis.lexicons.load_news_events`: harm, disaster, crime,
  conflict, illness, decline, displacement, accord, achievement), valued
  +1, or -1 when one of VADER's negators, ``no`` (VADER's ``no`` rule) or a
  word ending in ``n't`` is among the three words before it, VADER's
  negation window;
- ``w:<norm>``: each word (a token that is not punctuation, by its ``norm``),
  valued 1 per occurrence.

``tone = intercept + sum(weight[feature] * value)`` over the feature
occurrences of the sentence, on the scale of the coders' ratings: -4
(extremely negative) to +4 (extremely positive), 0 neutral; it is not
clipped (the model rarely leaves that range). The weights are fitted at
build time by ridge regression (Hoerl & Kennard 1970) on the project's
coded sentences (``analysis/data/gold/coded_sentences.csv``, ``train`` and
``dev`` parts) by ``tools/train_tone_model.py`` with scikit-learn, and
shipped as a JSON data file (``analysis/data/tone/news_tone.json``: the
features, their weights, the intercept, the scale and the recipe that made
them), never a pickle; applying the model needs numpy alone.

Every score is explained (:func:`explain_tone`): one row for the intercept,
one row for the VADER part (its three weighted scores together, spanning
the sentence), and one row per news-event word and per word with a weight,
at its character offsets; the rows of a sentence add up to its tone.

A toy model shows the arithmetic (the packaged one has thousands of words):

>>> import analysis
>>> toy = ToneModel(weights={"vader:compound": 2.0, "news:disaster": -1.0, "w:ceasefire": 0.5}, intercept=-0.25)
>>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["The earthquake killed 40 people. The ceasefire held."]})
>>> sentences = analysis.split_sentences(docs)
>>> score_tone(sentences, model=toy)
  doc_id  sent_id   tone
0      d        0 -2.591
1      d        1  0.250
>>> explain_tone(sentences, model=toy, docs=docs)[["sent_id", "feature", "matched", "start", "end", "weight"]]
   sent_id        feature                           matched  start  end  weight
0        0          vader  The earthquake killed 40 people.      0   32  -1.341
1        0  news:disaster                        earthquake      4   14  -1.000
2        0      intercept                                        0   32  -0.250
3        1          vader               The ceasefire held.     33   52   0.000
4        1    w:ceasefire                         ceasefire     37   46   0.500
5        1      intercept                                       33   52  -0.250

The packaged model, on the same sentences:

>>> tone = score_tone(sentences)["tone"]
>>> bool(tone[0] < 0 < tone[1])
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from .checks import check_text_column, require_table
from .lexicons import load_news_events, load_vader_rules
from .resources import data_path, read_model_json
from .schema import DOC_ID, END, SENT_ID, START, TEXT
from .sentiment import vader_scores
from .tokens import tokenize

#: :func:`score_tone` output: one row per sentence.
TONE_COLUMNS = [DOC_ID, SENT_ID, "tone"]
#: :func:`explain_tone` output: one row per contribution to a sentence's tone.
EXPLANATION_COLUMNS = [DOC_ID, SENT_ID, "feature", "matched", START, END, "weight"]
#: :func:`tone_features` output: one row per feature occurrence.
FEATURE_COLUMNS = [DOC_ID, SENT_ID, "feature", "value", START, END]
#: The VADER scores the model reads, as features ``vader:<score>``.
VADER_FEATURES = ("compound", "pos", "neg")
#: The packaged model (:func:`load_tone_model`).
MODEL_FILE = "tone/news_tone.json"
#: Version of the JSON format written by ``tools/train_tone_model.py``.
FORMAT = 1
#: How many words before a news-event word a negator flips it (VADER's window, Hutto & Gilbert 2014).
NEGATION_WINDOW = 3
_SENTENCE_INPUT = [DOC_ID, SENT_ID, START, END, TEXT]
_TOKEN_INPUT = [DOC_ID, SENT_ID, START, END, "norm", "is_punct"]


@dataclass(frozen=True)
class ToneModel:
    """A news tone model: ``weights`` maps a feature (``vader:compound``, ``news:harm``, ``w:killed``) to its weight.

    ``scale`` is the range of the ratings the model was fitted to (``(-4.0, 4.0)``);
    ``recipe`` says how it was made (data, parts, features, estimator, tuning).
    """

    weights: Mapping[str, float]
    intercept: float
    scale: tuple[float, float] = (-4.0, 4.0)
    recipe: dict = field(default_factory=dict)


def load_tone_model(path: str | Path | None = None) -> ToneModel:
    """Read a tone model: the packaged one (``analysis/data/tone/news_tone.json``) or a JSON file at *path*.

    Raises ``FileNotFoundError`` naming the file, ``ValueError`` naming the
    file and the field that is wrong.

    >>> model = load_tone_model()
    >>> model.scale, model.recipe["data"]
    ((-4.0, 4.0), 'analysis/data/gold/coded_sentences.csv')
    """
    return _read_model(str(path) if path is not None else str(data_path(MODEL_FILE)))


@lru_cache(maxsize=8)
def _read_model(path: str) -> ToneModel:
    spec = read_model_json(path, what="tone model", keys=("features", "weights", "intercept", "scale", "recipe"), version=FORMAT)
    features, weights = spec["features"], spec["weights"]
    if not isinstance(features, list) or not isinstance(weights, list) or len(features) != len(weights):
        raise ValueError(f"tone model {path!r}: 'features' and 'weights' must be lists of the same length")
    if len(set(features)) != len(features):
        raise ValueError(f"tone model {path!r}: a feature occurs twice in 'features'")
    bad = [name for name in features if not isinstance(name, str) or name.split(":", 1)[0] not in ("vader", "news", "w") or ":" not in name]
    if bad:
        raise ValueError(f"tone model {path!r}: feature {bad[0]!r} is not vader:<score>, news:<category> or w:<word>")
    try:
        values = np.array(weights, dtype=float)
        intercept = float(spec["intercept"])
        low, high = (float(v) for v in spec["scale"])
    except (TypeError, ValueError):
        raise ValueError(f"tone model {path!r}: weights, intercept and scale [low, high] must be numbers") from None
    if not np.isfinite(values).all() or not np.isfinite(intercept) or not low < high:
        raise ValueError(f"tone model {path!r}: weights and intercept must be finite and scale an increasing pair")
    unknown = [name[len("vader:"):] for name in features if name.startswith("vader:") and name[len("vader:"):] not in VADER_FEATURES]
    if unknown:
        raise ValueError(f"tone model {path!r}: VADER score {unknown[0]!r} is not one of {', '.join(VADER_FEATURES)}")
    return ToneModel(MappingProxyType(dict(zip(features, values.tolist()))), intercept, (low, high), dict(spec["recipe"]))


def tone_features(sentences: pd.DataFrame, *, tokens: pd.DataFrame | None = None, events: pd.DataFrame | None = None,
                  caller: str = "tone_features") -> pd.DataFrame:
    """Every feature occurrence of every sentence: ``doc_id, sent_id, feature, value, start, end``.

    *sentences* is a sentences table (:func:`analysis.split_sentences`);
    *tokens* its tokens (:func:`analysis.tokenize`), made here when not given;
    *events* the news-event words (default :func:`analysis.lexicons.load_news_events`).
    A sentences table from :func:`analysis.score_sentences` (with VADER's
    ``compound``, ``pos`` and ``neg``) gives its VADER scores; others are
    scored here.
    Rows, per sentence: ``vader:compound``, ``vader:pos``, ``vader:neg``
    (the sentence's exact VADER scores, spanning the sentence), then one
    ``news:<category>`` row per news-event word (value +1, or -1 when negated:
    a VADER negator, ``no`` or a word ending in ``n't`` among the
    :data:`NEGATION_WINDOW` words before it) and one ``w:<norm>`` row per word
    (value 1), at the word's offsets. Punctuation tokens are not words.
    *caller* names the public function in error messages.

    >>> import analysis
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["No casualties were reported."]})
    >>> features = tone_features(analysis.split_sentences(docs))
    >>> features[features["feature"].str.startswith("news:")][["feature", "value", "start", "end"]]
         feature  value  start  end
    4  news:harm   -1.0      3   13
    """
    require_table(sentences, "sentences", _SENTENCE_INPUT, f"{caller}: sentences")
    check_text_column(sentences, TEXT, "sentences")
    if tokens is None:
        tokens = tokenize(sentences[_SENTENCE_INPUT])
    require_table(tokens, "tokens", _TOKEN_INPUT, f"{caller}: tokens")
    if events is None:
        events = load_news_events()
    keys = sentences[[DOC_ID, SENT_ID]].astype({DOC_ID: "string", SENT_ID: "int64"})
    # A sentences table scored by analysis.score_sentences carries VADER's scores already: they are read, not recomputed.
    scored = set(VADER_FEATURES) <= set(sentences.columns)
    scores = sentences[list(VADER_FEATURES)].reset_index(drop=True) if scored else vader_scores(sentences[TEXT].tolist())
    n = len(sentences)
    vader = pd.DataFrame({
        DOC_ID: np.tile(keys[DOC_ID].to_numpy(), len(VADER_FEATURES)),
        SENT_ID: np.tile(keys[SENT_ID].to_numpy(), len(VADER_FEATURES)),
        "feature": np.repeat([f"vader:{name}" for name in VADER_FEATURES], n),
        "value": np.concatenate([scores[name].to_numpy(dtype=float) for name in VADER_FEATURES]),
        START: np.tile(sentences[START].to_numpy(dtype="int64"), len(VADER_FEATURES)),
        END: np.tile(sentences[END].to_numpy(dtype="int64"), len(VADER_FEATURES)),
        "_order": -1,
    })
    words = tokens.loc[~tokens["is_punct"].to_numpy(dtype=bool), [DOC_ID, SENT_ID, START, END, "norm"]]
    words = words.astype({DOC_ID: "string", SENT_ID: "int64"}).sort_values([DOC_ID, SENT_ID, START], kind="stable").reset_index(drop=True)
    norms = words["norm"].astype(str).to_numpy()
    category = dict(zip(events["word"].astype(str), events["category"].astype(str)))
    is_event = np.fromiter((norm in category for norm in norms), dtype=bool, count=len(norms))
    negated = _negated(words, norms) if is_event.any() else np.zeros(len(norms), dtype=bool)
    news = pd.DataFrame({
        DOC_ID: words[DOC_ID].to_numpy()[is_event], SENT_ID: words[SENT_ID].to_numpy()[is_event],
        "feature": np.array([f"news:{category[norm]}" for norm in norms[is_event]], dtype=object),
        "value": np.where(negated[is_event], -1.0, 1.0),
        START: words[START].to_numpy(dtype="int64")[is_event], END: words[END].to_numpy(dtype="int64")[is_event],
        "_order": np.flatnonzero(is_event) * 2,
    })
    unigrams = pd.DataFrame({
        DOC_ID: words[DOC_ID].to_numpy(), SENT_ID: words[SENT_ID].to_numpy(),
        "feature": np.array(["w:" + norm for norm in norms], dtype=object), "value": np.ones(len(norms)),
        START: words[START].to_numpy(dtype="int64"), END: words[END].to_numpy(dtype="int64"),
        "_order": np.arange(len(norms)) * 2 + 1,
    })
    out = pd.concat([vader, news, unigrams], ignore_index=True)
    out = out.astype({DOC_ID: "string", SENT_ID: "int64"})
    position = pd.MultiIndex.from_frame(keys.drop_duplicates()).get_indexer(pd.MultiIndex.from_frame(out[[DOC_ID, SENT_ID]]))
    out = out.assign(_sentence=position).sort_values(["_sentence", "_order"], kind="stable")
    out = out[out["_sentence"] >= 0].drop(columns=["_sentence", "_order"]).reset_index(drop=True)
    return out.astype({"feature": "string", "value": "float64", START: "int64", END: "int64"})


def _negated(words: pd.DataFrame, norms: np.ndarray) -> np.ndarray:
    """Whether a negator is among the :data:`NEGATION_WINDOW` words before each word, within its sentence."""
    negators = load_vader_rules().negators
    is_negator = np.fromiter((norm in negators or norm == "no" or norm.endswith("n't") for norm in norms), dtype=bool, count=len(norms))
    doc, sent = words[DOC_ID].to_numpy(), words[SENT_ID].to_numpy()
    negated = np.zeros(len(norms), dtype=bool)
    for back in range(1, NEGATION_WINDOW + 1):
        same = (doc[back:] == doc[:-back]) & (sent[back:] == sent[:-back])
        negated[back:] |= same & is_negator[:-back]
    return negated


def _contributions(sentences: pd.DataFrame, tokens: pd.DataFrame | None, model: ToneModel | None,
                   caller: str) -> tuple[pd.DataFrame, pd.DataFrame, ToneModel]:
    if model is None:
        model = load_tone_model()
    elif not isinstance(model, ToneModel):
        raise TypeError(f"{caller}: model must be a ToneModel (from analysis.tone.load_tone_model) or None for the packaged one; "
                        f"got {type(model).__name__}")
    features = tone_features(sentences, tokens=tokens, caller=caller)
    weight = features["feature"].map(model.weights).astype("float64")
    known = features.assign(weight=weight * features["value"])[weight.notna().to_numpy()]
    keys = sentences[[DOC_ID, SENT_ID]].astype({DOC_ID: "string", SENT_ID: "int64"}).reset_index(drop=True)
    return keys, known, model


def score_tone(sentences: pd.DataFrame, *, tokens: pd.DataFrame | None = None, model: ToneModel | None = None) -> pd.DataFrame:
    """Return the news tone of every sentence: ``doc_id, sent_id, tone`` (-4 extremely negative .. +4 extremely positive).

    *sentences* is a sentences table (:func:`analysis.split_sentences`:
    ``doc_id, sent_id, start, end, text``); *tokens* its tokens, when already
    made (:func:`analysis.tokenize`); *model* a :class:`ToneModel` (default:
    the packaged one, :func:`load_tone_model`). ``tone`` is the model's
    intercept plus the weights of the sentence's feature occurrences
    (:func:`tone_features`), on the coders' rating scale, not clipped. Rows
    keep the order of *sentences*; the index is reset.

    >>> import analysis
    >>> docs = pd.DataFrame({"doc_id": ["d"], "text": ["Troops shelled the city."]})
    >>> score_tone(analysis.split_sentences(docs)).columns.tolist()
    ['doc_id', 'sent_id', 'tone']
    """
    keys, known, model = _contributions(sentences, tokens, model, "score_tone")
    unique = keys.drop_duplicates(ignore_index=True)  # a key given twice (a corpus with a repeated doc_id) is one sentence to the tokens
    rows = pd.MultiIndex.from_frame(unique).get_indexer(pd.MultiIndex.from_frame(known[[DOC_ID, SENT_ID]]))
    tone = np.full(len(unique), model.intercept)
    np.add.at(tone, rows, known["weight"].to_numpy(dtype=float))
    scored = unique.assign(tone=tone)
    if len(unique) < len(keys):
        scored = keys.merge(scored, on=[DOC_ID, SENT_ID], how="left", sort=False)
    return scored.astype({"tone": "float64"})


def explain_tone(sentences: pd.DataFrame, *, tokens: pd.DataFrame | None = None, model: ToneModel | None = None,
                 docs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Why each sentence got its tone: ``doc_id, sent_id, feature, matched, start, end, weight``.

    Per sentence, in this order: one ``vader`` row (the weighted sum of its
    VADER scores, :data:`VADER_FEATURES`, spanning the sentence; left out
    only when the model reads no VADER score); one row per
    news-event word or word with a weight (``news:<category>``,
    ``w:<norm>``), strongest push first, at the word's offsets; one
    ``intercept`` row (spanning the sentence, ``matched`` empty). ``weight``
    is the feature's weight times its value, so the rows of a sentence add up
    to its :func:`score_tone` ``tone``. ``matched`` is the text at
    ``start:end`` of *docs* (a documents table), or of the sentence's text
    when *docs* is not given. Same arguments as :func:`score_tone`.
    """
    keys, known, model = _contributions(sentences, tokens, model, "explain_tone")
    sentence_text = {(d, int(s)): (str(t), int(o)) for d, s, t, o in zip(keys[DOC_ID], keys[SENT_ID], sentences[TEXT], sentences[START])}
    if docs is not None:
        require_table(docs, "documents", [DOC_ID, TEXT], "explain_tone: docs")
        texts = {str(d): str(t) for d, t in zip(docs[DOC_ID], docs[TEXT])}
    is_vader = known["feature"].str.startswith("vader:").to_numpy(dtype=bool)
    vader = known[is_vader].groupby([DOC_ID, SENT_ID], sort=False).agg(start=(START, "first"), end=(END, "first"), weight=("weight", "sum")).reset_index()
    vader = vader.assign(feature="vader", _rank=0)
    words = known[~is_vader][[DOC_ID, SENT_ID, "feature", START, END, "weight"]]
    words = words[words["weight"] != 0].assign(_rank=1)
    sentence_start = sentences[START].to_numpy(dtype="int64")
    sentence_end = sentences[END].to_numpy(dtype="int64")
    intercept = keys.assign(feature="intercept", start=sentence_start, end=sentence_end, weight=model.intercept, _rank=2)
    out = pd.concat([vader, words, intercept], ignore_index=True)
    out = out.astype({DOC_ID: "string", SENT_ID: "int64", START: "int64", END: "int64", "weight": "float64"})
    position = pd.MultiIndex.from_frame(keys).get_indexer(pd.MultiIndex.from_frame(out[[DOC_ID, SENT_ID]]))
    out = out.assign(_sentence=position, _push=-out["weight"].abs())
    out = out.sort_values(["_sentence", "_rank", "_push", START], kind="stable").reset_index(drop=True)

    def matched(doc_id: str, sent_id: int, feature: str, start: int, end: int) -> str:
        if feature == "intercept":
            return ""
        if docs is not None and doc_id in texts:
            return texts[doc_id][start:end]
        text, offset = sentence_text[(doc_id, sent_id)]
        return text[start - offset:end - offset]

    out["matched"] = [matched(*row) for row in out[[DOC_ID, SENT_ID, "feature", START, END]].itertuples(index=False, name=None)]
    return out[EXPLANATION_COLUMNS].astype({"feature": "string", "matched": "string"})
