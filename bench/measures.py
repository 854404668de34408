"""How fast is each measure of `score`, next to the obvious per-item way of doing its core? Words per second on BBC News.

The issue "archive scale" measures speed against the obvious pipeline:
``vaderSentiment`` on every sentence and a dictionary lookup on every token.
Both yardsticks run here side by side with the measures, in the same run, on
the same sentences and tokens of the BBC corpus (made once, untimed):

- ``vaderSentiment per sentence``: ``SentimentIntensityAnalyzer.polarity_scores``
  on every sentence, against :func:`analysis.score_sentences` (same scores);
- ``dict lookup per token``: the frame dictionary's literal patterns looked up
  per token ``norm``, against :func:`analysis.match_frames` (multiword and
  glob patterns, offsets, matched text).

Every measure that :func:`analysis.score` runs on sentences and tokens is
timed (the documents table's summaries as one step). The table gives seconds,
words (tokens that are not punctuation) per second, and each step's share of
the measures' total. Ratios, not absolute times, are the claim.

    python bench/measures.py [--n 2225] [--repeat 1]
"""

from __future__ import annotations

import argparse
import warnings

import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import analysis
from analysis import actors, framing, sentiment, voices
from analysis.scoring import _documents_table, _scored_mask, load_resources
from common import BBC, best_of, bbc_table, print_table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2225, help="BBC documents to use (the corpus has 2,225)")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = analysis.load_corpus(BBC) if args.n >= len(bbc_table()) else _head(args.n)
        docs.attrs = {}
        english = docs.loc[_scored_mask(docs)]
        sentences = analysis.split_sentences(english)
        tokens = analysis.tokenize(sentences)
        paragraphs = analysis.split_paragraphs(english)
        resources = load_resources()
        scores = sentiment.score_sentences(sentences)
        hits = framing.match_frames(tokens, resources.frames, docs=english)
        mentions = actors.find_actors(tokens, resources.gazetteer, docs=english)
        quotes = voices.find_quotes(sentences, tokens, paragraphs=paragraphs, docs=english)
        tone = sentiment.summarize_sentiment(scores, tokens)
        steps = [
            ("score_sentences (VADER)", lambda: sentiment.score_sentences(sentences)),
            ("summarize_sentiment", lambda: sentiment.summarize_sentiment(scores, tokens)),
            ("match_frames", lambda: framing.match_frames(tokens, resources.frames, docs=english)),
            ("frame_salience", lambda: framing.frame_salience(hits, sentences, tokens, frames=resources.frame_names)),
            ("find_actors", lambda: actors.find_actors(tokens, resources.gazetteer, docs=english)),
            ("actor_edges", lambda: actors.actor_edges(mentions)),
            ("find_quotes", lambda: voices.find_quotes(sentences, tokens, paragraphs=paragraphs, docs=english)),
            ("documents table (counts, tone, frames, quote shares)",
             lambda: _documents_table(docs, _scored_mask(docs), sentences, tokens, tone, hits, resources.frame_names, mentions, quotes)),
        ]
        reference = SentimentIntensityAnalyzer()
        texts = sentences["text"].tolist()
        literal = {str(p).lower() for p in resources.frames["pattern"] if "*" not in str(p) and "?" not in str(p)}
        norms = tokens["norm"].tolist()
        yardsticks = [
            ("yardstick: vaderSentiment per sentence", lambda: [reference.polarity_scores(text) for text in texts]),
            ("yardstick: dict lookup per token", lambda: sum(1 for norm in norms if norm in literal)),
        ]
        n_words = int((~tokens["is_punct"]).sum())
        rows = [{"step": name, "seconds": best_of(step, repeat=args.repeat)} for name, step in steps + yardsticks]
    table = pd.DataFrame(rows)
    table["words per second"] = n_words / table["seconds"]
    total = table["seconds"].iloc[: len(steps)].sum()
    table["share of the measures"] = (table["seconds"] / total).where(table.index < len(steps))
    table.loc[len(table)] = {"step": "every measure above", "seconds": total, "words per second": n_words / total, "share of the measures": 1.0}
    print_table(f"Measures on {len(docs)} BBC News documents ({n_words:,} words), best of {args.repeat}", table)


def _head(n: int) -> pd.DataFrame:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"bbc_{n}.csv"
        bbc_table().head(n).to_csv(path, index=False)
        return analysis.load_corpus(path)


if __name__ == "__main__":
    main()
