"""Exact and near-duplicate documents, flagged rather than dropped.

Exact duplicates share their cleaned text after white space and case are
folded. Near duplicates are found with MinHash over word 5-shingles
(``datasketch``) and locality-sensitive hashing (Broder 1997; Leskovec,
Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3): each document is
compared only with the earlier documents its hash bands collide with, so the
cost grows with the corpus, not with its square. The bands are set so that
pairs at the threshold are almost always candidates (:func:`lsh_bands`); a
candidate is flagged when its MinHash estimate of the Jaccard similarity
reaches the threshold.

One mechanism does it: :class:`DuplicateIndex` takes documents one at a time
in corpus order, from their :func:`duplicate_signatures` (computed where the
documents are prepared, in any worker), and keeps neither texts nor the
corpus. :func:`flag_duplicates` runs it over a frame; ``load_corpus`` and
``python -m analysis score`` run it as chunks arrive.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache

import numpy as np
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
    keys, signatures, _ = duplicate_signatures(docs["text"])
    index = DuplicateIndex(threshold=threshold)
    return apply_duplicate_flags(docs, [index.add(str(doc_id), key, signature) for doc_id, key, signature in zip(docs[DOC_ID], keys, signatures)])


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


def duplicate_signatures(texts: Iterable[str]) -> tuple[list[str], np.ndarray, list[int]]:
    """For each text: the exact-duplicate key, the MinHash values and the number of words.

    The same key (sha256 of the case-folded words) and MinHash (word
    5-shingles) as :func:`flag_duplicates`, computed where the documents are
    prepared (in a worker) so that the corpus-wide step only compares.
    """
    keys, rows, n_words = [], [], []
    for text in texts:
        words = str(text).casefold().split()
        keys.append(hashlib.sha256(" ".join(words).encode()).hexdigest())
        rows.append(_minhash(words).hashvalues)
        n_words.append(len(words))
    signatures = np.vstack(rows).astype(np.uint64) if rows else np.empty((0, NUM_PERM), dtype=np.uint64)
    return keys, signatures, n_words


_BLOCK_ROWS = 4096
_MAX_HASH = (1 << 32) - 1


class DuplicateIndex:
    """Flag exact and near duplicates one document at a time, in corpus order (what :func:`flag_duplicates` runs).

    Each document is compared with the documents before it: an exact
    duplicate points to the first document with its key; otherwise the
    MinHash LSH bands (:func:`lsh_bands`) give the
    candidates, and the candidate with the highest estimated Jaccard
    similarity at or above the threshold is the document's near duplicate
    (among equally similar candidates, the earliest). The index keeps, per
    document, its id, its MinHash values (32-bit) and one entry per band
    (about 2.5 kB a document), never the texts.

    >>> index = DuplicateIndex()
    >>> keys, signatures, _ = duplicate_signatures(["One two three.", "one  two three.", "Else."])
    >>> [index.add(d, k, s)[0] for d, k, s in zip("abc", keys, signatures)]
    [None, 'a', None]
    """

    def __init__(self, *, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> None:
        if not 0 < threshold <= 1:
            raise ValueError(f"threshold must be in (0, 1]; got {threshold!r}")
        self.threshold = threshold
        bands, rows = lsh_bands(threshold)
        self._ranges = [(i * rows, (i + 1) * rows) for i in range(bands)]
        self._bands: list[dict[int, object]] = [{} for _ in range(bands)]
        self._first_by_key: dict[bytes, str] = {}
        self._ids: list[str] = []
        self._blocks: list[np.ndarray] = []  # MinHash values, _BLOCK_ROWS documents per block (no copy as the index grows)

    def add(self, doc_id: str, key: str, signature: np.ndarray) -> tuple[str | None, str | None, float | None]:
        """Flag the next document; return ``(duplicate_of, near_duplicate_of, near_duplicate_jaccard)``."""
        digest = bytes.fromhex(key) if len(key) == 64 else key.encode()
        first = self._first_by_key.get(digest)
        if first is not None:
            return first, None, None
        self._first_by_key[digest] = doc_id
        if signature.max(initial=0) > _MAX_HASH:
            raise ValueError("MinHash values beyond 32 bits: the duplicate index keeps 32-bit values (datasketch's hash is 32-bit)")
        values = signature.astype(np.uint32)
        # Each band is found by a 64-bit hash of its values; a candidate counts only when its band values are
        # equal, so the candidates are exactly the documents that share a band (as in datasketch's MinHashLSH).
        band_hashes = [hash(values[start:end].tobytes()) for start, end in self._ranges]
        candidates: set[int] = set()
        for (start, end), band, band_hash in zip(self._ranges, self._bands, band_hashes):
            found = band.get(band_hash)
            if found is None:
                continue
            for candidate in (found if isinstance(found, list) else (found,)):
                if candidate not in candidates and np.array_equal(self._values(candidate)[start:end], values[start:end]):
                    candidates.add(candidate)
        best, best_sim = None, 0.0
        for candidate in sorted(candidates):
            sim = np.float64(np.count_nonzero(self._values(candidate) == values)) / np.float64(NUM_PERM)
            if sim >= self.threshold and sim > best_sim:
                best, best_sim = self._ids[candidate], sim
        position = len(self._ids)
        block, row = divmod(position, _BLOCK_ROWS)
        if block == len(self._blocks):
            self._blocks.append(np.empty((_BLOCK_ROWS, NUM_PERM), dtype=np.uint32))
        self._blocks[block][row] = values
        self._ids.append(str(doc_id))
        for band, band_hash in zip(self._bands, band_hashes):
            found = band.get(band_hash)
            if found is None:
                band[band_hash] = position
            elif isinstance(found, list):
                found.append(position)
            else:
                band[band_hash] = [found, position]
        return None, best, (round(float(best_sim), 3) if best is not None else None)

    def _values(self, position: int) -> np.ndarray:
        block, row = divmod(position, _BLOCK_ROWS)
        return self._blocks[block][row]


def apply_duplicate_flags(docs: pd.DataFrame, flags: list[tuple]) -> pd.DataFrame:
    """Return *docs* with ``duplicate_of, near_duplicate_of, near_duplicate_jaccard`` set from :meth:`DuplicateIndex.add` results."""
    out = docs.copy()
    columns = list(zip(*flags)) if flags else [(), (), ()]
    out["duplicate_of"] = pd.array(list(columns[0]), dtype="string")
    out["near_duplicate_of"] = pd.array(list(columns[1]), dtype="string")
    out["near_duplicate_jaccard"] = pd.array(list(columns[2]), dtype="Float64")
    return out
