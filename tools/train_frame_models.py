"""Train the frame models (``analysis.frame_model``) on the coded sentences and write them as JSON data files.

Recipe, per scheme (``eurasia``, ``generic``) and kind (``model``: words and two-word phrases; ``combined``: the
same plus the scheme's dictionary hits as features):

1. Sentences: ``analysis/data/gold/coded_sentences.csv``, parts ``train`` and ``dev`` only (the ``test`` part is
   never read here). Each sentence is tokenized by the package (``split_sentences``, ``tokenize``) and its
   features are :func:`analysis.frame_model.sentence_features`, read as presence (binary).
2. Features: those present in at least :data:`MIN_SENTENCES` sentences (every ``d:<frame>`` feature is kept).
3. Model: scikit-learn's ``LogisticRegression`` (L2, liblinear solver), one per frame against the rest.
4. Tuning: 5-fold cross-validation grouped by article (no article in two folds); the regularisation ``C`` (from
   :data:`C_GRID`) and, for a combined model, the value word and phrase features take in the fit (from
   :data:`WORD_SCALES`; dictionary features take 1) are chosen by the micro-F1 of the out-of-fold predictions,
   each frame's threshold from :data:`THRESHOLDS` by its out-of-fold F1 at those settings.
5. The final model is fitted on all of ``train`` and ``dev`` with that ``C``; weights are rounded to 4 decimals and
   features whose weights all round to zero are dropped.

Needs scikit-learn (``pip install -e '.[train]'``); the package reads the result with numpy alone.

    python tools/train_frame_models.py [--scheme eurasia] [--kind model]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

import analysis
from analysis.frame_model import FORMAT, KINDS, sentence_features
from analysis.framing import match_frames
from analysis.lexicons import describe_frames, load_dictionary

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "analysis" / "data" / "gold" / "coded_sentences.csv"
OUT = ROOT / "analysis" / "data" / "frames"
SCHEMES = ("eurasia", "generic")
MIN_SENTENCES = 2
C_GRID = (0.3, 1.0, 3.0, 10.0)
#: Word and phrase features enter the fit at this value (dictionary features at 1): a smaller value shrinks them
#: harder, so that the few thousand sentences do not let rare words outweigh the dictionary (combined models).
WORD_SCALES = (0.2, 0.35, 1.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.1, 0.91, 0.05))
FOLDS = 5
SEED = 2026


def training_sentences() -> pd.DataFrame:
    """The coded sentences of the ``train`` and ``dev`` parts (never ``test``)."""
    gold = pd.read_csv(GOLD, keep_default_na=False)
    return gold[gold["split"].isin(["train", "dev"])].reset_index(drop=True)


def item_features(gold: pd.DataFrame, scheme: str, kind: str) -> pd.DataFrame:
    """``item_id, feature`` (distinct) of every coded sentence, as the package computes them."""
    docs = pd.DataFrame({"doc_id": gold["item_id"], "text": gold["text"]})
    tokens = analysis.tokenize(analysis.split_sentences(docs))
    tokens = tokens.assign(sent_id=0)  # a coded sentence is one unit, however the splitter reads it
    hits = match_frames(tokens, load_dictionary(scheme), docs=docs) if kind == "combined" else None
    features = sentence_features(tokens, dictionary_hits=hits)
    return features[["doc_id", "feature"]].drop_duplicates().rename(columns={"doc_id": "item_id"})


def design(gold: pd.DataFrame, features: pd.DataFrame, vocabulary: list[str]) -> sparse.csr_matrix:
    index = {name: i for i, name in enumerate(vocabulary)}
    rows = {item: i for i, item in enumerate(gold["item_id"])}
    kept = features[features["feature"].isin(index.keys())]
    data = np.ones(len(kept))
    return sparse.csr_matrix((data, (kept["item_id"].map(rows).to_numpy(), kept["feature"].map(index).to_numpy())),
                             shape=(len(gold), len(vocabulary)))


def labels(gold: pd.DataFrame, scheme: str, frames: list[str]) -> np.ndarray:
    sets = gold[scheme].map(lambda v: {f for f in str(v).split(";") if f})
    return np.array([[frame in s for frame in frames] for s in sets], dtype=int)


def _f1(y: np.ndarray, predicted: np.ndarray) -> tuple[int, int, int]:
    tp = int((y & predicted).sum())
    return tp, int(((1 - y) & predicted).sum()), int((y & (1 - predicted)).sum())


def train(scheme: str, kind: str) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    import sklearn

    gold = training_sentences()
    frames = describe_frames(scheme)["frame"].tolist()
    features = item_features(gold, scheme, kind)
    counts = features.groupby("feature")["item_id"].nunique()
    vocabulary = sorted(name for name, n in counts.items() if n >= MIN_SENTENCES or name.startswith("d:"))
    binary = design(gold, features, vocabulary)
    y = labels(gold, scheme, frames)
    groups = gold["doc_id"].to_numpy()
    folds = list(GroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(binary, y, groups))
    best = None
    for scale, c in [(scale, c) for scale in (WORD_SCALES if kind == "combined" else (1.0,)) for c in C_GRID]:
        values = np.array([1.0 if name.startswith("d:") else scale for name in vocabulary])
        x = binary @ sparse.diags(values)
        oof = np.zeros(y.shape)
        for fit, held in folds:
            for j in range(len(frames)):
                if y[fit, j].sum() == 0:
                    continue
                model = LogisticRegression(C=c, solver="liblinear", max_iter=1000).fit(x[fit], y[fit, j])
                oof[held, j] = model.predict_proba(x[held])[:, 1]
        thresholds, totals = [], np.zeros(3)
        for j in range(len(frames)):
            scored = [(_f1(y[:, j], (oof[:, j] >= t).astype(int)), t) for t in THRESHOLDS]
            (tp, fp, fn), t = max(scored, key=lambda s: (2 * s[0][0] / max(2 * s[0][0] + s[0][1] + s[0][2], 1), -abs(s[1] - 0.5)))
            thresholds.append(t)
            totals += (tp, fp, fn)
        micro = 2 * totals[0] / max(2 * totals[0] + totals[1] + totals[2], 1)
        print(f"{scheme} {kind} word scale {scale} C={c}: out-of-fold micro-F1 {micro:.3f}")
        if best is None or micro > best[0]:
            best = (micro, c, thresholds, scale, values)
    micro, c, thresholds, scale, values = best
    x = binary @ sparse.diags(values)
    weights, intercepts = np.zeros((len(vocabulary), len(frames))), np.zeros(len(frames))
    for j in range(len(frames)):
        model = LogisticRegression(C=c, solver="liblinear", max_iter=1000).fit(x, y[:, j])
        weights[:, j], intercepts[j] = model.coef_[0], model.intercept_[0]
    # A feature present counts 1 when the model is applied: its fitted value is folded into its weight.
    weights = (weights * values[:, None]).round(4)
    keep = np.flatnonzero(np.abs(weights).sum(axis=1) > 0)
    return {
        "format": FORMAT, "scheme": scheme, "kind": kind, "frames": frames,
        "features": [vocabulary[i] for i in keep],
        "weights": {frame: weights[keep, j].tolist() for j, frame in enumerate(frames)},
        "intercepts": {frame: round(float(intercepts[j]), 4) for j, frame in enumerate(frames)},
        "thresholds": {frame: float(thresholds[j]) for j, frame in enumerate(frames)},
        "recipe": {
            "data": "analysis/data/gold/coded_sentences.csv", "data_sha256": hashlib.sha256(GOLD.read_bytes()).hexdigest(),
            "parts": ["train", "dev"], "n_sentences": int(len(gold)), "n_articles": int(gold["doc_id"].nunique()),
            "positives": {frame: int(y[:, j].sum()) for j, frame in enumerate(frames)},
            "features": "binary presence of word stems (w:, Snowball), two-stem phrases (b:)" + (", dictionary hits per frame (d:)" if kind == "combined" else ""),
            "min_sentences_per_feature": MIN_SENTENCES, "estimator": "sklearn.linear_model.LogisticRegression(penalty='l2', solver='liblinear')",
            "C": c, "C_grid": list(C_GRID), "word_scale": scale, "word_scale_grid": list(WORD_SCALES) if kind == "combined" else [1.0],
            "folds": f"{FOLDS}-fold GroupKFold by article, shuffled with seed {SEED}",
            "out_of_fold_micro_f1": round(float(micro), 4), "scikit_learn": sklearn.__version__,
            "command": f"python tools/train_frame_models.py --scheme {scheme} --kind {kind}",
        },
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scheme", choices=SCHEMES, action="append")
    parser.add_argument("--kind", choices=KINDS, action="append")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    for scheme in args.scheme or SCHEMES:
        for kind in args.kind or KINDS:
            spec = train(scheme, kind)
            path = OUT / f"{scheme}.{kind}.json"
            temporary = path.with_suffix(".json.tmp")
            temporary.write_text(json.dumps(spec, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
            temporary.replace(path)
            print(f"wrote {path.relative_to(ROOT)}: {len(spec['features'])} features, C={spec['recipe']['C']}")


if __name__ == "__main__":
    main()
