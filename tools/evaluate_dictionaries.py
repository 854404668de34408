"""Score a frame dictionary on the coded set's ``train`` or ``dev`` part, and list its misses.

For revising the dictionaries (``analysis/data/frames/<scheme>.yml``): each coded sentence of
``analysis/data/gold/coded_sentences.csv`` is its own document (``doc_id`` = ``item_id``), split and tokenized by
the package (``split_sentences``, ``tokenize``) and read as one unit (``sent_id`` = 0, however the splitter reads
it), matched with :func:`analysis.framing.match_frames`, and compared with the coders' frames by
:func:`analysis.framing.evaluate_frames`: precision, recall and F1 per frame, then micro and macro averages.

The ``test`` part is dropped as the file is read and is never scored here: its figures are reported once, after
the dictionaries are frozen (``python -m analysis validate``). ``--part`` takes only ``train`` or ``dev``.

    python tools/evaluate_dictionaries.py --scheme eurasia [--part train|dev] [--misses] [--frame security]
    python tools/evaluate_dictionaries.py --scheme generic --dictionary path/to/other.yml

Without ``--part`` both parts are scored side by side. ``--misses`` lists, for the part named, every false
negative (the sentence) and false positive (the sentence and the patterns that fired, with the words they matched).
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

import pandas as pd

import analysis
from analysis.framing import evaluate_frames, match_frames, unnest_frames
from analysis.lexicons import describe_frames, load_dictionary

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "analysis" / "data" / "gold" / "coded_sentences.csv"
SCHEMES = ("eurasia", "generic")
PARTS = ("train", "dev")


def read_parts(path: Path = GOLD) -> pd.DataFrame:
    """The coded sentences of the ``train`` and ``dev`` parts; ``test`` rows are dropped as the file is read."""
    gold = pd.read_csv(path, keep_default_na=False, dtype={"item_id": str})
    gold = gold[gold["split"] != "test"]
    return gold[gold["split"].isin(PARTS)].reset_index(drop=True)


def match_sentences(gold: pd.DataFrame, dictionary: pd.DataFrame) -> pd.DataFrame:
    """Hits of *dictionary* on the coded sentences, one coded sentence per unit (``doc_id`` = ``item_id``, ``sent_id`` = 0)."""
    docs = pd.DataFrame({"doc_id": gold["item_id"].astype(str), "text": gold["text"]})
    tokens = analysis.tokenize(analysis.split_sentences(docs)).assign(sent_id=0)
    return match_frames(tokens, dictionary, docs=docs)


def score(gold: pd.DataFrame, hits: pd.DataFrame, scheme: str, frames: list[str]) -> pd.DataFrame:
    """``frame, tp, fp, fn, precision, recall, f1`` of *hits* against the coders' *scheme* frames on *gold*."""
    coded = pd.DataFrame({"doc_id": gold["item_id"].astype(str), "sent_id": 0, scheme: gold[scheme]})
    truth = unnest_frames(coded, column=scheme)
    units = coded[["doc_id", "sent_id"]]
    predicted = hits[hits["doc_id"].isin(set(units["doc_id"]))]
    return evaluate_frames(predicted, truth, sentences=units, frames=frames)


def misses(gold: pd.DataFrame, hits: pd.DataFrame, scheme: str, frame: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """False negatives (``item_id, text``) and false positives (``item_id, text, fired``) of one frame."""
    coded = gold.assign(item_id=gold["item_id"].astype(str))
    has = coded[scheme].map(lambda v: frame in {f for f in str(v).split(";") if f})
    fired = (hits[hits["frame"] == frame]
             .assign(fired=lambda h: h["pattern"] + " [" + h["matched"] + "]")
             .groupby("doc_id")["fired"].agg("; ".join))
    coded = coded.assign(fired=coded["item_id"].map(fired))
    false_negatives = coded[has & coded["fired"].isna()][["item_id", "text", scheme]]
    false_positives = coded[~has & coded["fired"].notna()][["item_id", "text", scheme, "fired"]]
    return false_negatives, false_positives


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scheme", choices=SCHEMES, required=True)
    parser.add_argument("--part", help="train or dev (default: both); the test part is never scored here")
    parser.add_argument("--dictionary", help="a dictionary file to score instead of the shipped one")
    parser.add_argument("--misses", action="store_true", help="list false negatives and false positives of --part")
    parser.add_argument("--frame", action="append", help="only these frames in the miss lists")
    args = parser.parse_args(argv)
    if args.part is not None and args.part not in PARTS:
        parser.error(f"--part must be one of {list(PARTS)}, got {args.part!r}; the test part is scored only once, "
                     "after the dictionaries are frozen, by `python -m analysis validate`")
    if args.misses and args.part is None:
        parser.error("--misses needs --part train or --part dev")

    gold = read_parts()
    frames = describe_frames(args.scheme)["frame"].tolist()
    dictionary = load_dictionary(args.dictionary or args.scheme)
    hits = match_sentences(gold, dictionary)
    parts = [args.part] if args.part else list(PARTS)
    tables = []
    for part in parts:
        rows = gold[gold["split"] == part]
        table = score(rows, hits, args.scheme, frames).set_index("frame")
        tables.append(table[["tp", "fp", "fn", "precision", "recall", "f1"]].add_prefix(f"{part}_"))
    print(f"scheme {args.scheme}: " + ", ".join(f"{p} {int((gold['split'] == p).sum())} sentences" for p in parts))
    print(pd.concat(tables, axis=1).round(3).to_string())

    if args.misses:
        rows = gold[gold["split"] == args.part]
        for frame in args.frame or frames:
            false_negatives, false_positives = misses(rows, hits, args.scheme, frame)
            print(f"\n== {frame}: {len(false_negatives)} false negatives ==")
            for item, text, coded in false_negatives.itertuples(index=False):
                print(textwrap.shorten(f"[{item}] {text}", 400) + f"  <{coded}>")
            print(f"\n== {frame}: {len(false_positives)} false positives ==")
            for item, text, coded, fired in false_positives.itertuples(index=False):
                print(textwrap.shorten(f"[{item}] {text}", 400) + f"  <{coded}>  FIRED: {fired}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
