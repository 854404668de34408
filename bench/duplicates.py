"""Near-duplicate detection: MinHash LSH (what load_corpus uses) against comparing every pair.

Both find the same near-duplicate pairs on the BBC corpus (which has 133 exact
duplicate bodies and some near ones); LSH compares each document only with the
candidates its bands collide with. The table gives both times on n and 2n
documents, side by side in one run: brute force grows about 4x when n doubles,
LSH about 2x.

    python bench/duplicates.py [--n 500]
"""

from __future__ import annotations

import argparse
import itertools

import pandas as pd

from analysis.duplicates import NEAR_DUPLICATE_THRESHOLD, SHINGLE_WORDS, flag_duplicates
from common import best_of, bbc_table, print_table


def _shingles(text: str) -> set[str]:
    words = str(text).casefold().split()
    n = SHINGLE_WORDS
    return {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


def brute_force(docs: pd.DataFrame) -> int:
    """Exact Jaccard over every pair of documents; returns the number of pairs at or above the threshold."""
    sets = [_shingles(t) for t in docs["text"]]
    return sum(1 for a, b in itertools.combinations(sets, 2) if len(a & b) / len(a | b) >= NEAR_DUPLICATE_THRESHOLD)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    table = bbc_table()
    rows = []
    for n in (args.n, 2 * args.n):
        docs = table.head(n)
        lsh = best_of(lambda: flag_duplicates(docs), repeat=args.repeat)
        brute = best_of(lambda: brute_force(docs), repeat=args.repeat)
        flagged = flag_duplicates(docs)
        found = int(flagged["duplicate_of"].notna().sum() + flagged["near_duplicate_of"].notna().sum())
        rows.append({"documents": n, "LSH s": lsh, "all pairs s": brute, "all pairs / LSH": brute / lsh,
                     "documents flagged (LSH)": found, "pairs >= threshold (all pairs)": brute_force(docs)})
    frame = pd.DataFrame(rows)
    print_table(f"Near duplicates on BBC News: MinHash LSH vs all pairs (Jaccard >= {NEAR_DUPLICATE_THRESHOLD})", frame)
    print(f"\nGrowth when n doubles: LSH x{rows[1]['LSH s'] / rows[0]['LSH s']:.2f}, all pairs x{rows[1]['all pairs s'] / rows[0]['all pairs s']:.2f}")


if __name__ == "__main__":
    main()
