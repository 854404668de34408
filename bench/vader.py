"""Is analysis.vader as exact as vaderSentiment 3.3.2 and linear where the reference is quadratic? Times both.

Both scorers run side by side in the same run on (a) the NYT editorial
snippets of the VADER ground truth (many short texts) and (b) single texts of
500, 1,000, 2,000 and 4,000 words made by joining those snippets. Before
timing, every text's four scores are checked to be equal (to 1e-9). The tables
give both times, their ratio (reference / ours) and, for (b), each scorer's
growth when the text doubles: about 2.0 is linear, about 4.0 quadratic.

(c) does the same for explanations of the texts of (b): ``analysis.vader.explain``
against the explanation built from the reference's internals
(``reference_explanation``, the oracle of ``tests/test_vader.py``), after
checking that the two are equal. Ratios, not absolute times, are the claim.

    python bench/vader.py [--n 5190] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import math
import sys
import time

import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.validation import read_vader_groundtruth
from analysis.vader import SCORE_NAMES, explain, polarity_scores
from common import ROOT, SHARED, best_of, print_table

sys.path.insert(0, str(ROOT / "tests"))
from test_vader import assert_explained_as_reference, reference_explanation  # noqa: E402  (the oracle lives with the tests)

NYT = SHARED / "data" / "vader_icwsm2014_groundtruth" / "nytEditorialSnippets_GroundTruth.txt"
LENGTHS = (500, 1_000, 2_000, 4_000)
TOLERANCE = 1e-9


def nyt_snippets() -> list[str]:
    """The NYT editorial snippets of the VADER ground truth; exits with a message where absent."""
    if not NYT.is_file():
        sys.exit(f"benchmark needs {NYT} (the VADER ground truth in ../shared); it is not there")
    return read_vader_groundtruth(NYT)["text"].tolist()


def joined_text(snippets: list[str], n_words: int) -> str:
    """The first *n_words* whitespace-separated words of the snippets joined in file order."""
    words: list[str] = []
    for snippet in snippets:
        words.extend(snippet.split())
        if len(words) >= n_words:
            return " ".join(words[:n_words])
    raise SystemExit(f"the snippets hold only {len(words)} words; cannot build a text of {n_words}")


def check_equal(texts: list[str], reference: SentimentIntensityAnalyzer) -> None:
    """Exit if any text's scores differ from the reference by more than 1e-9."""
    for text in texts:
        theirs = reference.polarity_scores(text)
        ours = dict(zip(SCORE_NAMES, polarity_scores(text)))
        if any(abs(ours[name] - theirs[name]) > TOLERANCE for name in SCORE_NAMES):
            raise SystemExit(f"scores differ for {text[:80]!r}: ours {ours}, vaderSentiment {theirs}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=None, help="NYT snippets timed in (a) (default: all 5,190)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    snippets = nyt_snippets()
    if args.n is not None:
        if args.n < 1:
            raise SystemExit(f"--n must be at least 1; got {args.n}")
        snippets = snippets[: args.n]
    reference = SentimentIntensityAnalyzer()
    polarity_scores("warm up")  # loads the lexicon once, outside the timings
    long_texts = {n: joined_text(nyt_snippets(), n) for n in LENGTHS}
    check_equal(snippets + list(long_texts.values()), reference)

    theirs = best_of(lambda: [reference.polarity_scores(text) for text in snippets], repeat=args.repeat)
    ours = best_of(lambda: [polarity_scores(text) for text in snippets], repeat=args.repeat)
    print_table(
        f"VADER on {len(snippets):,} NYT snippets (all scores equal to vaderSentiment within 1e-9)",
        pd.DataFrame([{"texts": len(snippets), "vaderSentiment s": theirs, "analysis.vader s": ours, "ratio (reference / ours)": theirs / ours}]),
    )

    print_growth(
        "VADER on one text of n words (joined NYT snippets); growth: linear = 2.0, quadratic = 4.0",
        growth_table(long_texts, reference.polarity_scores, polarity_scores, ("vaderSentiment s", "analysis.vader s"), args.repeat),
    )

    for text in long_texts.values():
        assert_explained_as_reference(text)
    print_growth(
        "Explaining one text of n words: reference internals vs analysis.vader.explain (equal explanations); growth: linear = 2.0",
        growth_table(long_texts, reference_explanation, explain, ("reference internals s", "analysis.vader.explain s"), args.repeat),
    )


def print_growth(title: str, table: pd.DataFrame) -> None:
    """The table, then each side's growth per doubling over the whole range (steadier than one doubling on a busy machine)."""
    print_table(title, table)
    doublings = math.log2(table["words"].iloc[-1] / table["words"].iloc[0])
    theirs, ours = (table[name].iloc[-1] / table[name].iloc[0] for name in table.columns[1:3])
    print(f"\nover {table['words'].iloc[0]:,}-{table['words'].iloc[-1]:,} words, growth per doubling: "
          f"reference x{theirs ** (1 / doublings):.2f}, ours x{ours ** (1 / doublings):.2f}")


def growth_table(texts: dict[int, str], theirs_of, ours_of, names: tuple[str, str], repeat: int) -> pd.DataFrame:
    """Both functions timed on each text, side by side: times, their ratio and each one's growth when the text doubles."""
    rows, previous = [], None
    for n, text in texts.items():
        theirs = per_call(theirs_of, text, repeat)
        ours = per_call(ours_of, text, repeat)
        rows.append({
            "words": n,
            names[0]: theirs,
            names[1]: ours,
            "ratio (reference / ours)": theirs / ours,
            "reference growth x2 words": theirs / previous[0] if previous else float("nan"),
            "ours growth x2 words": ours / previous[1] if previous else float("nan"),
        })
        previous = (theirs, ours)
    return pd.DataFrame(rows)


def per_call(function, text: str, repeat: int, *, at_least: float = 0.05) -> float:
    """Seconds per call of ``function(text)``: the median of *repeat* timings of enough calls to last *at_least* seconds.

    Timing a batch of calls keeps a one-millisecond call from being measured
    by the noise of the machine, and the garbage collector is paused while
    timing (as :mod:`timeit` does), so that growth per doubling means something.
    """
    start = time.perf_counter()
    function(text)
    calls = max(1, math.ceil(at_least / max(time.perf_counter() - start, 1e-9)))
    collecting = gc.isenabled()
    gc.disable()
    try:
        return best_of(lambda: [function(text) for _ in range(calls)], repeat=repeat) / calls
    finally:
        if collecting:
            gc.enable()


if __name__ == "__main__":
    main()
