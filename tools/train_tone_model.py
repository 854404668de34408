"""Train the news tone model (``analysis.tone``) on the rated coded sentences and write it as a JSON data file.

Recipe:

1. Sentences: ``analysis/data/gold/coded_sentences.csv``, parts ``train`` and ``dev`` only (rows of the ``test``
   part are dropped as the file is read, before anything else looks at them). The target is ``tone``, the mean of
   two coders' ratings (-4..+4). Each coded sentence is one unit (``sent_id`` 0 spanning its text); its features are
   :func:`analysis.tone.tone_features` as the package computes them: the exact VADER ``compound``, ``pos``, ``neg``,
   the news-event words (``analysis/data/tone/news_events_en.csv``) by category, negation-aware, and word counts.
2. Vocabulary: words present in at least :data:`MIN_SENTENCES` sentences of the part being fitted, less names and
   numbers: a word written with a capital initial in more than :data:`NAME_SHARE` of its occurrences that do not
   open a sentence (``Azerbaijan``, ``Trump``, ``Iranian``), or holding a digit, gets no weight, so that the tone
   of a sentence does not come from whom or what it names (the actor-tone measures would otherwise read back the
   training articles' slant on each actor). Every VADER score and news-event category is kept.
3. Scaling: the VADER and news-event columns are multiplied by ``s`` before the fit, so the ridge penalty shrinks
   them less than single words (``s`` is tuned); the weights written are per unscaled value.
4. Estimator: scikit-learn's ``Ridge`` (L2-penalised least squares, Hoerl & Kennard 1970) with an intercept.
5. Tuning: ``alpha`` from :data:`ALPHAS` and ``s`` from :data:`SCALES`, by the Pearson r of out-of-fold
   predictions in 5-fold cross-validation on ``train`` grouped by article (no article in two folds).
6. Held-out check: the tuned model fitted on ``train`` alone is scored on ``dev`` (Pearson r, beside VADER's
   compound); these figures go into the recipe.
7. The model written is fitted on ``train`` and ``dev`` with the tuned ``alpha`` and ``s``; weights are rounded to
   4 decimals and words whose weight rounds to zero are dropped. The file is written atomically.

With ``--nyt PATH`` (the NYT editorial snippets of the VADER paper, ``nytEditorialSnippets_GroundTruth.txt``)
it also prints Pearson r of VADER's compound and of the written model on them: a check only, never used for any
choice above, and not written into the model.

Needs scikit-learn (``pip install -e '.[train]'``); the package reads the result with numpy alone. Deterministic.

    python tools/train_tone_model.py [--nyt PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.lexicons import NEWS_EVENTS_FILE, load_news_events
from analysis.tokens import tokenize
from analysis.tone import FORMAT, VADER_FEATURES, score_tone, tone_features

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "analysis" / "data" / "gold" / "coded_sentences.csv"
EVENTS = ROOT / "analysis" / "data" / NEWS_EVENTS_FILE
OUT = ROOT / "analysis" / "data" / "tone" / "news_tone.json"
MIN_SENTENCES = 2
NAME_SHARE = 0.5
ALPHAS = (3.0, 10.0, 30.0, 100.0)
SCALES = (1.0, 3.0, 10.0)
FOLDS = 5
SEED = 2026
SCALE = (-4.0, 4.0)


def rated_sentences() -> pd.DataFrame:
    """The coded sentences of the ``train`` and ``dev`` parts; ``test`` rows are dropped as the file is read."""
    chunks = pd.read_csv(GOLD, keep_default_na=False, chunksize=256)
    return pd.concat([chunk[chunk["split"].isin(["train", "dev"])] for chunk in chunks], ignore_index=True)


def as_sentences(frame: pd.DataFrame, *, id_column: str, text_column: str) -> pd.DataFrame:
    """One sentence per row: ``doc_id`` from *id_column*, ``sent_id`` 0, offsets spanning the text."""
    texts = frame[text_column].astype(str)
    return pd.DataFrame({"doc_id": frame[id_column].astype(str).to_numpy(), "sent_id": 0, "start": 0,
                         "end": texts.str.len().to_numpy(), "text": texts.to_numpy()})


def dense_names(categories: list[str]) -> list[str]:
    return [f"vader:{name}" for name in VADER_FEATURES] + [f"news:{c}" for c in categories]


def design(features: pd.DataFrame, ids: list[str], names: list[str], scale: np.ndarray) -> sparse.csr_matrix:
    """Rows *ids*, columns *names*: summed feature values, column j multiplied by ``scale[j]``."""
    index = {name: j for j, name in enumerate(names)}
    rows = {item: i for i, item in enumerate(ids)}
    kept = features[features["feature"].isin(index.keys()) & features["doc_id"].isin(rows.keys())]
    columns = kept["feature"].map(index).to_numpy()
    x = sparse.csr_matrix((kept["value"].to_numpy(dtype=float) * scale[columns],
                           (kept["doc_id"].map(rows).to_numpy(), columns)), shape=(len(ids), len(names)))
    x.sum_duplicates()
    return x


def names_and_numbers(sentences: pd.DataFrame) -> set[str]:
    """``w:<norm>`` of the words that are names (capital initial in most non-initial occurrences) or hold a digit."""
    tokens = tokenize(sentences)
    words = tokens[~tokens["is_punct"].to_numpy(dtype=bool)]
    inner = words[words.groupby(["doc_id", "sent_id"]).cumcount() > 0]
    capital = inner["token"].astype(str).str[:1].str.isupper().groupby(inner["norm"].astype(str)).mean()
    names = {f"w:{norm}" for norm, share in capital.items() if share > NAME_SHARE}
    numbers = {f"w:{norm}" for norm in words["norm"].astype(str).unique() if any(ch.isdigit() for ch in norm)}
    return names | numbers


def vocabulary(features: pd.DataFrame, ids: list[str], excluded: set[str] = frozenset()) -> list[str]:
    words = features[features["feature"].str.startswith("w:") & features["doc_id"].isin(set(ids))]
    counts = words.drop_duplicates(["doc_id", "feature"]).groupby("feature")["doc_id"].size()
    return sorted(str(name) for name, n in counts.items() if n >= MIN_SENTENCES and name not in excluded)


def fit(features: pd.DataFrame, ids: list[str], y: np.ndarray, categories: list[str], alpha: float, s: float,
        excluded: set[str] = frozenset()):
    from sklearn.linear_model import Ridge

    names = dense_names(categories) + vocabulary(features, ids, excluded)
    n_dense = len(VADER_FEATURES) + len(categories)
    scale = np.r_[np.full(n_dense, s), np.ones(len(names) - n_dense)]
    model = Ridge(alpha=alpha).fit(design(features, ids, names, scale), y)
    return names, model.coef_ * scale, float(model.intercept_)


def predict(features: pd.DataFrame, ids: list[str], names: list[str], weights: np.ndarray, intercept: float) -> np.ndarray:
    return design(features, ids, names, np.ones(len(names))) @ weights + intercept


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(np.asarray(x, dtype=float), np.asarray(y, dtype=float))[0, 1])


def train() -> tuple[dict, dict]:
    import sklearn
    from sklearn.model_selection import GroupKFold

    gold = rated_sentences()
    sentences = as_sentences(gold, id_column="item_id", text_column="text")
    features = tone_features(sentences)
    excluded = names_and_numbers(sentences)
    categories = sorted(load_news_events()["category"].astype(str).unique())
    part = gold["split"].to_numpy()
    ids = gold["item_id"].astype(str).to_numpy()
    y = gold["tone"].to_numpy(dtype=float)
    on_train, on_dev = part == "train", part == "dev"
    folds = list(GroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(ids[on_train], groups=gold["doc_id"].to_numpy()[on_train]))
    train_ids, train_y = ids[on_train], y[on_train]
    best = None
    for alpha in ALPHAS:
        for s in SCALES:
            oof = np.zeros(len(train_ids))
            for fit_rows, held in folds:
                names, weights, intercept = fit(features, list(train_ids[fit_rows]), train_y[fit_rows], categories, alpha, s, excluded)
                oof[held] = predict(features, list(train_ids[held]), names, weights, intercept)
            r = pearson(oof, train_y)
            print(f"alpha={alpha:g} s={s:g}: out-of-fold r on train {r:.4f}")
            if best is None or r > best[0]:
                best = (r, alpha, s)
    cv_r, alpha, s = best
    names, weights, intercept = fit(features, list(train_ids), train_y, categories, alpha, s, excluded)
    dev_pred = predict(features, list(ids[on_dev]), names, weights, intercept)
    vader = features[features["feature"] == "vader:compound"].set_index("doc_id")["value"]
    dev_r, dev_vader_r = pearson(dev_pred, y[on_dev]), pearson(vader.loc[ids[on_dev]].to_numpy(), y[on_dev])
    print(f"chosen alpha={alpha:g} s={s:g}; dev r: model fitted on train {dev_r:.4f}, VADER compound {dev_vader_r:.4f}")
    names, weights, intercept = fit(features, list(ids), y, categories, alpha, s, excluded)
    weights = weights.round(4)
    keep = [j for j, name in enumerate(names) if not name.startswith("w:") or weights[j] != 0.0]
    spec = {
        "format": FORMAT,
        "features": [names[j] for j in keep],
        "weights": [float(weights[j]) for j in keep],
        "intercept": round(intercept, 4),
        "scale": list(SCALE),
        "recipe": {
            "data": "analysis/data/gold/coded_sentences.csv", "data_sha256": hashlib.sha256(GOLD.read_bytes()).hexdigest(),
            "target": "tone: mean of two coders' ratings, -4 (extremely negative) .. +4 (extremely positive)",
            "parts": ["train", "dev"], "n_sentences": len(gold), "n_articles": int(gold["doc_id"].nunique()),
            "news_events": f"analysis/data/{NEWS_EVENTS_FILE}", "news_events_sha256": hashlib.sha256(EVENTS.read_bytes()).hexdigest(),
            "features": "exact VADER compound, pos, neg (vader:); news-event words by category, +1 or -1 when negated (news:); "
                        "word counts by norm (w:), words in at least min_sentences sentences, names and numbers left out",
            "min_sentences": MIN_SENTENCES, "name_share": NAME_SHARE,
            "excluded_words": "names (capital initial in more than name_share of non-initial occurrences) and words holding a digit",
            "estimator": "sklearn.linear_model.Ridge(fit_intercept=True)", "alpha": alpha, "alpha_grid": list(ALPHAS),
            "dense_scaling": s, "dense_scaling_grid": list(SCALES),
            "dense_scaling_means": "VADER and news-event columns multiplied by dense_scaling before the fit (less shrinkage); weights are per unscaled value",
            "tuning": f"{FOLDS}-fold GroupKFold by article on train, shuffled with seed {SEED}; Pearson r of out-of-fold predictions",
            "out_of_fold_r_train": round(cv_r, 4),
            "dev_r_fitted_on_train": round(dev_r, 4), "dev_r_vader_compound": round(dev_vader_r, 4),
            "final_fit": "train and dev, with the tuned alpha and dense_scaling",
            "scikit_learn": sklearn.__version__, "command": "python tools/train_tone_model.py",
        },
    }
    return spec, {"dev_r": dev_r, "dev_vader_r": dev_vader_r}


def write_atomically(path: Path, spec: dict) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(spec, ensure_ascii=False, indent=0, separators=(",", ":")) + "\n", encoding="utf-8")
    temporary.replace(path)


def check_nyt(path: Path, model_path: Path) -> None:
    """Print Pearson r of VADER's compound and of the model on the NYT editorial snippets (a check only)."""
    from analysis.sentiment import vader_scores
    from analysis.tone import load_tone_model
    from analysis.validation import read_vader_groundtruth

    nyt = read_vader_groundtruth(path)
    sentences = as_sentences(nyt, id_column="id", text_column="text")
    tone = score_tone(sentences, model=load_tone_model(model_path))["tone"].to_numpy()
    compound = vader_scores(sentences["text"].tolist())["compound"].to_numpy()
    print(f"NYT editorial snippets (n={len(nyt)}): r VADER compound {pearson(compound, nyt['human']):.4f}, "
          f"r news tone {pearson(tone, nyt['human']):.4f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nyt", type=Path, help="nytEditorialSnippets_GroundTruth.txt, to print a check (never trained on)")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the model (default: the packaged file)")
    args = parser.parse_args(argv)
    spec, _ = train()
    write_atomically(args.out, spec)
    print(f"wrote {args.out}: {len(spec['features'])} features, alpha={spec['recipe']['alpha']}, s={spec['recipe']['dense_scaling']}")
    if args.nyt is not None:
        check_nyt(args.nyt, args.out)


if __name__ == "__main__":
    main()
