"""Draw the sentences of the frame and tone coded set, and fix their split, once (fixed seed).

Sources the project may redistribute: the five seed articles (``seeds/``) and English Wikinews
2019-2020 (CC BY 2.5; ``../shared/data/wikinews_en_2019_2020``). Sentences are the package's own
(:func:`analysis.split_sentences` on :func:`analysis.load_corpus`), with at least four words.

- Seeds: every sentence.
- Wikinews, stratum ``region``: the articles with at least three sentences naming a place, state,
  leader or bloc of the region or a major power (:data:`PLACES`, geography only, no frame cue); per
  article, the sentences naming one, then others drawn at random, up to :data:`PER_REGION_ARTICLE`.
- Wikinews, stratum ``other``: :data:`OTHER_ARTICLES` other articles drawn at random, up to
  :data:`PER_OTHER_ARTICLE` sentences each, drawn at random.
- Wikinews, stratum ``economy`` (drawn after the others, with its own seed, when the first draw held too few
  sentences on economic consequences): :data:`ECONOMY_ARTICLES` of the articles not drawn yet with at least
  three sentences naming money, markets or trade (:data:`ECONOMY`, topic words chosen before any dictionary
  was looked at), up to :data:`PER_OTHER_ARTICLE` sentences each, drawn at random.
The split into train, dev and test is made after coding, by article and stratified by frame
(``tools/assemble_coded_set.py``): a first split drawn here at random by article left three frames with
at most two positives in the test part, so it was replaced before anything was tuned.

Writes ``sentences.csv`` (item_id, source, stratum, doc_id, url, title, sent_id, start, end, context,
text) to the folder given.

A later draw for a second, untouched test part (``--holdout``): :data:`HOLDOUT_ARTICLES` Wikinews articles
drawn at random (seed :data:`HOLDOUT_SEED`) among those the first draw left out, up to
:data:`PER_HOLDOUT_ARTICLE` sentences each, drawn at random; item ids start with ``h``.

    python tools/sample_coded_set.py OUT_DIR [--shared ../shared] [--holdout]
"""

from __future__ import annotations

import argparse
import random
import re
import warnings
from pathlib import Path

import pandas as pd

import analysis

SEED = 2026
PLACES = re.compile(
    r"\b(Azerbaijan\w*|Armenia\w*|Karabakh|Georgia\b|Georgian|Kazakh\w*|Uzbek\w*|Turkmen\w*|Kyrgyz\w*|Tajik\w*|Turkey|Türkiye|Turkish|"
    r"Russia\w*|China|Chinese|Iran\w*|Ukrain\w*|Belarus\w*|Caspian|Central Asia\w*|Caucasus|NATO|European Union|EU|Kremlin|"
    r"Putin|Erdoğan|Erdogan|Aliyev|Pashinyan|Xi Jinping|Beijing|Moscow|Tehran|Ankara|Baku|Yerevan|Tbilisi|Astana|Nur-Sultan|"
    r"Tashkent|Syria\w*|Afghan\w*)\b")
ECONOMY = re.compile(r"\b(econom\w*|market\w*|trade|tariffs?|prices?|billion|million|dollars?|invest\w*|banks?|tax\w*|budget\w*|"
                     r"compan(?:y|ies)|shares|stocks?|inflation|GDP|jobs|unemployment|costs?|profits?|revenue)\b", re.IGNORECASE)
ECONOMY_ARTICLES = 15
HOLDOUT_SEED = 2027
HOLDOUT_ARTICLES = 60
PER_HOLDOUT_ARTICLE = 8
MIN_WORDS = 4
MIN_REGION_SENTENCES = 3
PER_REGION_ARTICLE = 24
OTHER_ARTICLES = 70
PER_OTHER_ARTICLE = 10


def _sentences(docs: pd.DataFrame) -> pd.DataFrame:
    sentences = analysis.split_sentences(docs)
    sentences = sentences.merge(docs[["doc_id", "title"]], on="doc_id", how="left")
    previous = sentences.groupby("doc_id")["text"].shift(1).fillna("")
    sentences["context"] = previous
    return sentences[sentences["text"].str.split().str.len() >= MIN_WORDS].reset_index(drop=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    parser.add_argument("--holdout", action="store_true", help="draw the second test part instead (articles the first draw left out)")
    args = parser.parse_args(argv)
    rng = random.Random(SEED)
    warnings.simplefilter("ignore")
    root = Path(__file__).resolve().parents[1]
    seeds = _sentences(analysis.load_corpus(root / "seeds"))
    seeds = seeds.assign(source="seeds", stratum="seeds", url="")
    wiki = pd.concat([pd.read_csv(Path(args.shared) / "data" / "wikinews_en_2019_2020" / f"wikinews_{y}.csv") for y in (2019, 2020)],
                     ignore_index=True)
    docs = analysis.load_corpus(wiki.assign(doc_id=wiki["url"]), title_column="title")
    sentences = _sentences(docs).assign(source="wikinews", url=lambda f: f["doc_id"])
    sentences["place"] = sentences["text"].str.contains(PLACES)
    counts = sentences.groupby("doc_id")["place"].sum()
    region = sorted(counts[counts >= MIN_REGION_SENTENCES].index)
    others = sorted(set(sentences["doc_id"]) - set(region))
    others = rng.sample(others, OTHER_ARTICLES)
    picked = []
    for doc_id in region:
        rows = sentences[sentences["doc_id"] == doc_id]
        named = rows[rows["place"]]
        rest = rows[~rows["place"]]
        if len(named) > PER_REGION_ARTICLE:
            named = named.loc[sorted(rng.sample(list(named.index), PER_REGION_ARTICLE))]
        fill = PER_REGION_ARTICLE - len(named)
        rest = rest.loc[sorted(rng.sample(list(rest.index), min(fill, len(rest))))]
        picked.append(pd.concat([named, rest]).sort_values("sent_id").assign(stratum="region"))
    for doc_id in others:
        rows = sentences[sentences["doc_id"] == doc_id]
        rows = rows.loc[sorted(rng.sample(list(rows.index), min(PER_OTHER_ARTICLE, len(rows))))]
        picked.append(rows.assign(stratum="other"))
    wiki_picked = pd.concat(picked, ignore_index=True)
    # The supplement: drawn after the first draw, with its own generator, so that the first draw stays as it was.
    supplement_rng = random.Random(SEED + 1)
    sentences["economic"] = sentences["text"].str.contains(ECONOMY)
    economic = sentences.groupby("doc_id")["economic"].sum()
    candidates = sorted(set(economic[economic >= MIN_REGION_SENTENCES].index) - set(region) - set(others))
    economy = supplement_rng.sample(candidates, ECONOMY_ARTICLES)
    extra = []
    for doc_id in economy:
        rows = sentences[sentences["doc_id"] == doc_id]
        rows = rows.loc[sorted(supplement_rng.sample(list(rows.index), min(PER_OTHER_ARTICLE, len(rows))))]
        extra.append(rows.assign(stratum="economy"))
    extra = pd.concat(extra, ignore_index=True)
    table = pd.concat([seeds, wiki_picked, extra], ignore_index=True)
    table.insert(0, "item_id", [f"s{i:04d}" for i in range(len(table))])
    if args.holdout:
        holdout_rng = random.Random(HOLDOUT_SEED)
        left = sorted(set(sentences["doc_id"]) - set(table["doc_id"]))
        rows = []
        for doc_id in holdout_rng.sample(left, HOLDOUT_ARTICLES):
            article = sentences[sentences["doc_id"] == doc_id]
            rows.append(article.loc[sorted(holdout_rng.sample(list(article.index), min(PER_HOLDOUT_ARTICLE, len(article))))].assign(stratum="holdout"))
        table = pd.concat(rows, ignore_index=True)
        table.insert(0, "item_id", [f"h{i:04d}" for i in range(len(table))])
    columns = ["item_id", "source", "stratum", "doc_id", "url", "title", "sent_id", "start", "end", "context", "text"]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    table[columns].to_csv(out / "sentences.csv", index=False)
    print(table.groupby(["source", "stratum"]).agg(articles=("doc_id", "nunique"), sentences=("item_id", "size")))
    print("total", len(table))


if __name__ == "__main__":
    main()
