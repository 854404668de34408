"""Assemble the coded set from the coding study's files: the sentences, every coder's codes, the adjudications.

Reads, in the study folder: ``sentences.csv`` (``tools/sample_coded_set.py``), ``codes/coder_<name>_block_<k>.csv``
(columns ``item_id, eurasia, generic, tone``; two coders per block) and ``adjudication/round_<n>_decisions.csv``
(``item_id, scheme, final, reason``: the final frames of a scheme where the two coders disagreed). Writes to the
package's gold folder:

- ``coded_sentences.csv``: one row per sentence: ``item_id, source, stratum, split`` (:func:`stratified_split`),
  ``doc_id, url, title, sent_id,
  start, end, text``, the final ``eurasia`` and ``generic`` frames (the coders' shared codes, else the
  adjudicator's) and ``tone`` (the mean of the two coders' ratings, -4 to +4) with ``tone_sd``;
- ``coded_codings.csv``: one row per sentence and coder: ``item_id, coder, eurasia, generic, tone`` (for
  Krippendorff's alpha between coders);
- ``coded_adjudications.csv``: one row per sentence and scheme the two coders disagreed on: ``item_id, scheme,
  coder_a, coder_b, final, reason`` (the adjudicator's decision and its reason).

With ``--holdout`` the study is the second draw (``sample_coded_set.py --holdout``): every sentence is in the part
``holdout``, no split is drawn, and the files are ``holdout_sentences.csv``, ``holdout_codings.csv`` and
``holdout_adjudications.csv``.

    python tools/assemble_coded_set.py STUDY_DIR [--out analysis/data/gold] [--holdout]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import numpy as np
import pandas as pd

SCHEMES = ("eurasia", "generic")
_CODES = re.compile(r"coder_(?P<coder>[^_]+)_block_(?P<block>\d+)\.csv$")


def _norm(value: object) -> str:
    return ";".join(sorted({part.strip() for part in str(value).split(";") if part.strip()}))


#: Share of the sentences in each part.
PARTS = {"train": 0.5, "dev": 0.2, "test": 0.3}
#: Random assignments of articles to parts tried; the one closest to PARTS for every frame is kept.
TRIALS = 20_000
SEED = 2026


def stratified_split(coded: pd.DataFrame) -> dict[str, str]:
    """Article -> part: whole articles, so that every part holds about its share of the sentences and of each frame's positives.

    A plain random split by article leaves some frames with no positive in a part (their positives sit in a few
    articles), so :data:`TRIALS` random assignments (seeded) are scored and the best is kept: the sum over the
    sentence count and every frame's positives of the squared difference between a part's share and its target.
    Seed articles are assigned like any other (the report gives test figures on Wikinews alone as well).
    """
    rng = np.random.default_rng(SEED)
    articles = sorted(coded["doc_id"].unique())
    columns = {"sentences": coded.groupby("doc_id").size()}
    for scheme in SCHEMES:
        frames = coded[scheme].str.split(";").explode()
        for frame in sorted(set(frames) - {""}):
            has = coded[scheme].map(lambda v, f=frame: f in v.split(";"))
            columns[f"{scheme}:{frame}"] = coded[has].groupby("doc_id").size()
    counts = pd.DataFrame(columns).reindex(articles).fillna(0).to_numpy()
    totals = counts.sum(axis=0)
    names = list(PARTS)
    target = np.array([PARTS[n] for n in names])
    best, best_cost = None, np.inf
    for _ in range(TRIALS):
        parts = rng.choice(len(names), size=len(articles), p=target)
        shares = np.stack([counts[parts == k].sum(axis=0) for k in range(len(names))]) / totals
        cost = float(((shares - target[:, None]) ** 2).sum())
        if cost < best_cost:
            best, best_cost = parts, cost
    return {article: names[k] for article, k in zip(articles, best)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("study")
    parser.add_argument("--holdout", action="store_true", help="the second draw: every sentence in part 'holdout', files holdout_*.csv")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "analysis" / "data" / "gold"))
    args = parser.parse_args(argv)
    study = Path(args.study)
    sentences = pd.read_csv(study / "sentences.csv", keep_default_na=False, dtype={"sent_id": "int64", "start": "int64", "end": "int64"})
    codings = []
    for path in sorted((study / "codes").glob("coder_*_block_*.csv")):
        match = _CODES.search(path.name)
        table = pd.read_csv(path, keep_default_na=False, dtype=str)
        codings.append(table.assign(coder=match["coder"], block=int(match["block"])))
    codings = pd.concat(codings, ignore_index=True)
    for scheme in SCHEMES:
        codings[scheme] = codings[scheme].map(_norm)
    codings["tone"] = codings["tone"].astype(int)
    per_item = codings.groupby("item_id")["coder"].nunique()
    missing = sorted(set(sentences["item_id"]) - set(per_item.index))
    if missing or (per_item < 2).any():
        raise SystemExit(f"every sentence needs two coders: {len(missing)} have none, {int((per_item < 2).sum())} have one")
    decisions = pd.concat([pd.read_csv(p, keep_default_na=False, dtype=str) for p in sorted((study / "adjudication").glob("round_*_decisions.csv"))],
                          ignore_index=True)
    decided = {(row.item_id, row.scheme): _norm(row.final) for row in decisions.itertuples()}
    final = {scheme: [] for scheme in SCHEMES}
    for item_id, group in codings.groupby("item_id", sort=False):
        for scheme in SCHEMES:
            values = set(group[scheme])
            if len(values) == 1:
                final[scheme].append((item_id, values.pop()))
            elif (item_id, scheme) in decided:
                final[scheme].append((item_id, decided[(item_id, scheme)]))
            else:
                raise SystemExit(f"{item_id} {scheme}: the coders disagree and no adjudication decides it")
    out = sentences.drop(columns=["context", "split"], errors="ignore")  # a split drawn by an older sampler is replaced
    for scheme in SCHEMES:
        out = out.merge(pd.DataFrame(final[scheme], columns=["item_id", scheme]), on="item_id", how="left")
    out.insert(3, "split", "holdout" if args.holdout else out["doc_id"].map(stratified_split(out)))
    tone = codings.groupby("item_id")["tone"].agg(["mean", "std"]).rename(columns={"mean": "tone", "std": "tone_sd"})
    out = out.merge(tone.round(3).reset_index(), on="item_id", how="left")
    folder = Path(args.out)
    prefix = "holdout" if args.holdout else "coded"
    out.to_csv(folder / f"{prefix}_sentences.csv", index=False)
    codings.sort_values(["item_id", "coder"])[["item_id", "coder", "eurasia", "generic", "tone"]].to_csv(folder / f"{prefix}_codings.csv", index=False)
    disagreements = pd.concat([pd.read_csv(p, keep_default_na=False, dtype=str)[["item_id", "scheme", "coder_a", "coder_b"]]
                               for p in sorted((study / "adjudication").glob("round_?.csv"))], ignore_index=True)
    adjudicated = disagreements.merge(decisions[["item_id", "scheme", "final", "reason"]], on=["item_id", "scheme"], how="left", validate="one_to_one")
    adjudicated.to_csv(folder / f"{prefix}_adjudications.csv", index=False)
    print(out.groupby("split").size().to_dict(), "sentences;", codings["coder"].nunique(), "coders;", len(decisions), "adjudicated decisions")


if __name__ == "__main__":
    main()
