"""analysis: how the news frames a story, measured from tidy tables.

The public API is re-exported here; each function lives in the module named
after its stage (``corpus``, ``tokens``, ...).
"""

from __future__ import annotations

from .corpus import load_corpus, prepare_document, read_document, removed_lines, split_paragraphs
from .duplicates import flag_duplicates
from .errors import CorpusError, CorpusWarning
from .framing import (
    describe_frames,
    dominant_frames,
    evaluate_frames,
    frame_actors,
    frame_alpha,
    frame_cooccurrence,
    frame_diversity,
    frame_evidence,
    frame_salience,
    frame_sentiment,
    krippendorff_alpha,
    load_dictionary,
    match_frames,
    unnest_frames,
)
from .language import detect_language
from .sentiment import (
    actor_tone,
    explain_sentence,
    explain_sentences,
    match_lexicon,
    read_lexicon,
    read_vader_groundtruth,
    score_lexicon,
    score_sentences,
    summarize_sentiment,
    vader_lexicon,
    vader_scores,
    validate_sentiment,
)
from .stats import collocations, dispersion, keyness, kwic, lexical_diversity, locate_terms, ngrams, summarize_documents, term_frequencies
from .tokens import evaluate_sentence_boundaries, match_sentence_boundaries, split_sentences, tokenize

__version__ = "0.1.0"

__all__ = [
    "describe_frames",
    "dominant_frames",
    "evaluate_frames",
    "frame_actors",
    "frame_alpha",
    "frame_cooccurrence",
    "frame_diversity",
    "frame_evidence",
    "frame_salience",
    "frame_sentiment",
    "krippendorff_alpha",
    "load_dictionary",
    "match_frames",
    "unnest_frames",
    "actor_tone",
    "evaluate_sentence_boundaries",
    "explain_sentence",
    "explain_sentences",
    "match_lexicon",
    "read_lexicon",
    "read_vader_groundtruth",
    "score_lexicon",
    "score_sentences",
    "summarize_sentiment",
    "vader_lexicon",
    "vader_scores",
    "validate_sentiment",
    "collocations",
    "dispersion",
    "keyness",
    "kwic",
    "lexical_diversity",
    "locate_terms",
    "match_sentence_boundaries",
    "ngrams",
    "CorpusError",
    "CorpusWarning",
    "detect_language",
    "flag_duplicates",
    "load_corpus",
    "prepare_document",
    "read_document",
    "removed_lines",
    "split_paragraphs",
    "split_sentences",
    "summarize_documents",
    "term_frequencies",
    "tokenize",
]
