"""One side of figure 1, in a fresh interpreter: the obvious pipeline, or the package, on one core.

    python bench/obvious.py --side obvious|package --json OUT.json [--corpus CSV] [--check-vader]

``obvious`` is what a careful user writes in an afternoon: NLTK's default
``PunktSentenceTokenizer()`` (no nltk_data), ``NLTKWordTokenizer().tokenize``
per sentence, ``vaderSentiment``'s ``SentimentIntensityAnalyzer().polarity_scores``
per sentence and a lookup of every lower-cased token in the single-word
patterns of the shipped ``eurasia`` frame dictionary (a set).

``package`` is ``analysis.load_corpus`` then ``analysis.score`` (every measure),
both on one core (``jobs=1`` where the build has that option).

Imports happen before the clock starts on both sides (the package's task
modules included); the clock covers reading the CSV, loading every model,
lexicon and dictionary, and the work. With ``--check-vader`` (package side,
after timing) every sentence the package scored is scored again with
``vaderSentiment`` and the four scores are compared exactly.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import time
import warnings
from pathlib import Path

import pandas as pd
from common import BBC, count_words


def obvious(corpus: Path) -> dict:
    """The afternoon pipeline over every article of *corpus*; counts of what it produced."""
    from nltk.tokenize import NLTKWordTokenizer
    from nltk.tokenize.punkt import PunktSentenceTokenizer
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    import analysis

    table = pd.read_csv(corpus, dtype="string")
    splitter, words, vader = PunktSentenceTokenizer(), NLTKWordTokenizer(), SentimentIntensityAnalyzer()
    patterns = analysis.load_dictionary("eurasia")["pattern"].astype(str).str.lower()
    lookup = {p for p in patterns if " " not in p and "*" not in p}
    n_sentences = n_tokens = n_hits = 0
    for text in table["text"].fillna(""):
        for sentence in splitter.tokenize(str(text)):
            tokens = words.tokenize(sentence)
            vader.polarity_scores(sentence)
            n_sentences += 1
            n_tokens += len(tokens)
            n_hits += sum(1 for token in tokens if token.lower() in lookup)
    return {"documents": len(table), "sentences": n_sentences, "tokens": n_tokens, "frame_hits": n_hits}


def one_core(function) -> dict:
    """``{"jobs": 1}`` when *function* has a ``jobs`` option (so the package stays on one core), else ``{}``."""
    return {"jobs": 1} if "jobs" in inspect.signature(function).parameters else {}


def package(corpus: Path):
    """``load_corpus`` then ``score`` on one core; the :class:`~analysis.scoring.Scores`."""
    import analysis

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = analysis.load_corpus(corpus, **one_core(analysis.load_corpus))
        return docs, analysis.score(docs, **one_core(analysis.score))


def check_vader(sentences: pd.DataFrame) -> dict:
    """Score every sentence of the package's table with vaderSentiment; count those whose four scores differ."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    reference = SentimentIntensityAnalyzer()
    differing = 0
    for text, neg, neu, pos, compound in sentences[["text", "neg", "neu", "pos", "compound"]].itertuples(index=False):
        theirs = reference.polarity_scores(str(text))
        differing += (theirs["neg"], theirs["neu"], theirs["pos"], theirs["compound"]) != (neg, neu, pos, compound)
    return {"vader_compared": len(sentences), "vader_differing": int(differing)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", required=True, choices=("obvious", "package"))
    parser.add_argument("--json", required=True, help="file to write the result to")
    parser.add_argument("--corpus", default=str(BBC), help="a CSV with a text column (default: the BBC corpus)")
    parser.add_argument("--check-vader", action="store_true", help="package side: compare every sentence's scores with vaderSentiment")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_file():
        parser.error(f"--corpus {args.corpus!r} is not a file")
    import nltk.tokenize  # noqa: F401 - imports before the clock on both sides
    import vaderSentiment.vaderSentiment  # noqa: F401

    import analysis

    for name in analysis._MODULES:
        getattr(analysis, name)
    words = count_words(pd.read_csv(corpus, dtype="string")["text"].fillna(""))
    start = time.perf_counter()
    if args.side == "obvious":
        result = obvious(corpus)
    else:
        docs, scores = package(corpus)
        result = {"documents": len(docs), "sentences": len(scores.sentences),
                  "tokens": len(scores.tokens), "frame_hits": len(scores.frame_hits)}
    result |= {"side": args.side, "seconds": time.perf_counter() - start, "words": words}
    if args.side == "package" and args.check_vader:
        result |= check_vader(scores.sentences)
    tmp = f"{args.json}.partial"
    Path(tmp).write_text(json.dumps(result))
    os.replace(tmp, args.json)


if __name__ == "__main__":
    main()
