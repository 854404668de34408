"""Exact and near-duplicate documents, flagged rather than dropped.

Exact duplicates share their cleaned text after white space and case are
folded. Near duplicates are found with MinHash over word 5-shingles and
locality-sensitive hashing (Broder 1997; Leskovec, Rajaraman & Ullman,
*Mining of Massive Datasets*, ch. 3) from ``datasketch``: each document is
compared only with the candidates its hash bands collide with, so the cost
grows with the corpus, not with its square. The bands are set so that pairs at
the threshold are almost always candidates (:func:`lsh_bands`); a candidate is
flagged when its MinHash estimate of the Jaccard similarity reaches the
threshold.
"""

from __future__ import annotations

import hashlib
from functools import cache

import pandas as pd

from .schema import DOC_ID

#: Estimated Jaccard similarity of shingle sets from which two documents are near duplicates.
NEAR_DUPLICATE_THRESHOLD = 0.8
#: Words per shingle.
SHINGLE_WORDS = 5
#: MinHash permutations (estimate error about 1/sqrt(128) = 0.09).
NUM_PERM = 128
#: Share of document pairs whose similarity equals the threshold that the LSH
#: bands must bring up as candidates (the S-curve 1 - (1 - s^r)^b at s = threshold).
MIN_CANDIDATE_RECALL = 0.99


def flag_duplicates(docs: pd.DataFrame, *, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> pd.DataFrame:
    """Return *docs* with ``duplicate_of``, ``near_duplicate_of`` and ``near_duplicate_jaccard`` added.

    Each document points to the earliest (by row order) document it duplicates;
    originals get missing values. ``near_duplicate_of`` is only filled for
    documents that are not exact duplicates.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["One two  three.", "one two three.", "Else."]})
    >>> flag_duplicates(docs)[["doc_id", "duplicate_of"]]
      doc_id duplicate_of
    0      a         <NA>
    1      b            a
    2      c         <NA>
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1]; got {threshold!r}")
    for column in (DOC_ID, "text"):
        if column not in docs.columns:
            raise ValueError(f"flag_duplicates needs a {column!r} column; the frame has {list(docs.columns)}")
    first_by_key: dict[str, str] = {}
    duplicate_of: list[str | None] = []
    near_of: list[str | None] = []
    near_sim: list[float | None] = []
    from datasketch import MinHashLSH  # imports scipy: loaded on first use

    lsh = MinHashLSH(num_perm=NUM_PERM, params=lsh_bands(threshold))
    hashes: dict = {}
    for doc_id, text in zip(docs[DOC_ID], docs["text"]):
        words = str(text).casefold().split()
        key = hashlib.sha256(" ".join(words).encode()).hexdigest()
        if key in first_by_key:
            duplicate_of.append(first_by_key[key])
            near_of.append(None)
            near_sim.append(None)
            continue
        first_by_key[key] = doc_id
        duplicate_of.append(None)
        minhash = _minhash(words)
        best, best_sim = None, 0.0
        for candidate in lsh.query(minhash):
            sim = minhash.jaccard(hashes[candidate])
            if sim >= threshold and sim > best_sim:
                best, best_sim = candidate, sim
        near_of.append(best)
        near_sim.append(round(best_sim, 3) if best is not None else None)
        key_id = str(doc_id)
        if key_id not in hashes:
            lsh.insert(key_id, minhash)
            hashes[key_id] = minhash
    out = docs.copy()
    out["duplicate_of"] = pd.array(duplicate_of, dtype="string")
    out["near_duplicate_of"] = pd.array(near_of, dtype="string")
    out["near_duplicate_jaccard"] = pd.array(near_sim, dtype="Float64")
    return out


def lsh_bands(threshold: float) -> tuple[int, int]:
    """Return ``(bands, rows)`` for the LSH index: the most rows per band whose
    S-curve still finds :data:`MIN_CANDIDATE_RECALL` of the pairs at *threshold*.

    Banding as in Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*,
    3.4.2: a pair with similarity *s* becomes a candidate with probability
    ``1 - (1 - s**rows) ** bands``. datasketch's own choice puts the middle of
    the S-curve at the threshold, so it finds only about 40% of the pairs at
    0.8; more rows than needed would lose pairs, fewer would add candidates.

    >>> lsh_bands(0.8)
    (21, 6)
    """
    best = (NUM_PERM, 1)
    for rows in range(1, NUM_PERM // 2 + 1):  # datasketch needs at least two bands
        bands = NUM_PERM // rows
        if 1 - (1 - threshold**rows) ** bands >= MIN_CANDIDATE_RECALL:
            best = (bands, rows)
    return best


def _minhash(words: list[str]):
    minhash = _empty_minhash().copy()
    n = SHINGLE_WORDS
    shingles = {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}
    minhash.update_batch([s.encode() for s in shingles])
    return minhash


@cache
def _empty_minhash():
    """An empty MinHash to copy: its permutations (fixed by datasketch's default seed) are drawn once, not per document."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM)
