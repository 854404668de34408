"""A synthetic archive of genuinely distinct articles, made by recombining BBC News paragraphs.

    python bench/synthetic.py N OUT.parquet [--seed 2006]

Every article takes 3-8 distinct paragraphs of one BBC category (the
paragraph pool is every paragraph of the corpus, exact repeats removed, in
corpus order) in a random order; no two articles share the same paragraphs in
the same order. Article ``i`` depends only on the seed and the articles before
it, so the first N articles of a larger corpus are the corpus of N: a corpus of
10,100 is the corpus of 10,000 plus 100 new articles. Columns: ``doc_id,
title, text, date, outlet, genre`` (genre is the BBC category; four outlets).
The table is written with pyarrow in row groups of 5,000 articles, to a
temporary file renamed at the end. Never write it into the project: the BBC
corpus is for research use only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from common import BBC, count_words

SEED = 2006  # the year of the BBC corpus paper (Greene & Cunningham 2006)
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 3, 8
ROW_GROUP = 5_000
OUTLETS = ("Northern Courier", "Southern Herald", "Eastern Gazette", "Western Post")
FIRST_DATE = dt.date(2019, 1, 1)
DAYS = 730


def paragraph_pool(source: Path = BBC) -> pd.DataFrame:
    """Every distinct paragraph of *source* (blank-line separated) with its article's category and title, in corpus order."""
    if not Path(source).is_file():
        raise FileNotFoundError(f"the synthetic corpus is made from {source} (the BBC News corpus in ../shared, or "
                                "$ANALYSIS_SHARED); it is not there")
    table = pd.read_csv(source, dtype="string")
    rows = []
    for category, title, text in table[["category", "title", "text"]].itertuples(index=False):
        for paragraph in str(text).split("\n\n"):
            paragraph = paragraph.strip()
            if paragraph:
                rows.append((str(category), str(title), paragraph))
    pool = pd.DataFrame(rows, columns=["category", "title", "paragraph"])
    return pool.drop_duplicates("paragraph", ignore_index=True)


def articles(n: int, *, seed: int = SEED, pool: pd.DataFrame | None = None) -> Iterator[dict]:
    """The first *n* synthetic articles as records (``doc_id, title, text, date, outlet, genre``)."""
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive whole number of articles; got {n!r}")
    pool = paragraph_pool() if pool is None else pool
    categories = sorted(pool["category"].unique())
    by_category = {c: np.flatnonzero((pool["category"] == c).to_numpy()) for c in categories}
    paragraphs, titles = pool["paragraph"].tolist(), pool["title"].tolist()
    seen: set[tuple[int, ...]] = set()
    for i in range(n):
        for attempt in range(100):
            rng = np.random.default_rng([seed, i, attempt])
            category = categories[int(rng.integers(len(categories)))]
            k = int(rng.integers(MIN_PARAGRAPHS, MAX_PARAGRAPHS + 1))
            chosen = tuple(int(p) for p in rng.choice(by_category[category], size=k, replace=False))
            if chosen not in seen:
                break
        else:  # pragma: no cover - 100 collisions in a row cannot happen with thousands of paragraphs per category
            raise RuntimeError(f"could not draw a distinct article {i}")
        seen.add(chosen)
        yield {
            "doc_id": f"synth/{i:06d}",
            "title": titles[chosen[0]],
            "text": "\n\n".join(paragraphs[p] for p in chosen),
            "date": (FIRST_DATE + dt.timedelta(days=int(rng.integers(DAYS)))).isoformat(),
            "outlet": OUTLETS[int(rng.integers(len(OUTLETS)))],
            "genre": category,
        }


def write_corpus(n: int, path: str | Path, *, seed: int = SEED, pool: pd.DataFrame | None = None) -> dict:
    """Write the first *n* articles to the Parquet file *path* (atomically); return ``documents`` and ``words``."""
    path = Path(path)
    if path.suffix != ".parquet":
        raise ValueError(f"path must end in .parquet; got {str(path)!r}")
    tmp = path.with_name(f".{path.name}.partial")
    schema = pa.schema([(name, pa.string()) for name in ("doc_id", "title", "text", "date", "outlet", "genre")])
    documents = words = 0
    batch: list[dict] = []
    with pq.ParquetWriter(tmp, schema) as writer:
        for record in articles(n, seed=seed, pool=pool):
            batch.append(record)
            if len(batch) == ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                documents, words, batch = documents + len(batch), words + count_words(r["text"] for r in batch), []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            documents, words = documents + len(batch), words + count_words(r["text"] for r in batch)
    os.replace(tmp, path)
    return {"documents": documents, "words": words}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", help="Parquet file to write (outside the project)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error(f"n must be at least 1; got {args.n}")
    stats = write_corpus(args.n, args.out, seed=args.seed)
    print(f"wrote {stats['documents']:,} articles ({stats['words']:,} words) to {args.out}")


if __name__ == "__main__":
    main()
