"""analysis: how the news frames a story, measured from tidy tables.

The top level holds the verbs a user types; everything else lives in the task
module named after its stage, imported on first use::

    import analysis

    docs = analysis.load_corpus("seeds")
    sentences = analysis.split_sentences(docs)
    tokens = analysis.tokenize(sentences)
    hits = analysis.match_frames(tokens, analysis.load_dictionary("eurasia"), docs=docs)

    from analysis import framing, plots       # frame_salience, plot_frame_salience, ...

Nothing heavy is imported by ``import analysis``: pandas, NLTK, matplotlib,
scipy, lingua and datasketch load when a function that needs them is first
called (PEP 562 module ``__getattr__``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ._version import __version__

#: The short namespace: each name and the task module it comes from.
_VERBS = {
    "CorpusError": "errors",
    "load_corpus": "corpus",
    "split_paragraphs": "corpus",
    "split_sentences": "tokens",
    "tokenize": "tokens",
    "load_dictionary": "lexicons",
    "load_gazetteer": "lexicons",
    "read_lexicon": "lexicons",
    "score_sentences": "sentiment",
    "summarize_sentiment": "sentiment",
    "match_frames": "framing",
    "frame_salience": "framing",
    "find_actors": "actors",
    "find_quotes": "voices",
    "term_frequencies": "stats",
    "collocations": "stats",
    "keyness": "stats",
    "kwic": "stats",
    "score": "scoring",
    "open_corpus": "cache",
}

#: The task modules, each importable as ``analysis.<name>`` without an import statement.
_MODULES = (
    "actors", "cache", "checks", "cleaning", "compare", "corpus", "decoding", "display", "duplicates", "engines", "errors",
    "framing", "language", "lexicons", "metrics", "outputs", "parallel", "pipeline", "plots", "portraits", "progress", "report",
    "resources", "schema", "scoring", "sentiment", "sources", "spans", "stats", "teaching", "tokens", "tone", "vader", "validation", "voices",
)

__all__ = ["__version__", *_VERBS]


def __getattr__(name: str):
    if name in _VERBS:
        value = getattr(importlib.import_module(f".{_VERBS[name]}", __name__), name)
    elif name in _MODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(
            f"module 'analysis' has no attribute {name!r}; the top level holds {', '.join(_VERBS)}; "
            f"other functions live in the task modules ({', '.join(_MODULES)}), e.g. analysis.framing.frame_evidence"
        )
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_VERBS, *_MODULES})


if TYPE_CHECKING:  # for type checkers and editors; at run time the names load on first use
    from .actors import find_actors as find_actors
    from .cache import open_corpus as open_corpus
    from .corpus import load_corpus as load_corpus, split_paragraphs as split_paragraphs
    from .errors import CorpusError as CorpusError
    from .framing import frame_salience as frame_salience, match_frames as match_frames
    from .lexicons import load_dictionary as load_dictionary, load_gazetteer as load_gazetteer, read_lexicon as read_lexicon
    from .scoring import score as score
    from .sentiment import score_sentences as score_sentences, summarize_sentiment as summarize_sentiment
    from .stats import collocations as collocations, keyness as keyness, kwic as kwic, term_frequencies as term_frequencies
    from .tokens import split_sentences as split_sentences, tokenize as tokenize
    from .voices import find_quotes as find_quotes
