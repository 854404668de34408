"""analysis: how the news frames a story, measured from tidy tables.

The public API is re-exported here; each function lives in the module named
after its stage (``corpus``, ``tokens``, ``sentiment``, ``framing``, ``actors``,
``voices``, ``stats``, ``scoring``); plots are in :mod:`analysis.plots`.
"""

from __future__ import annotations

from .errors import CorpusError, CorpusWarning, LanguageWarning
from .corpus import input_problems, load_corpus, prepare_document, read_document, removed_lines, select_documents, split_paragraphs
from .duplicates import flag_duplicates
from .language import detect_language
from .tokens import evaluate_sentence_boundaries, match_sentence_boundaries, split_sentences, tokenize
from .stats import (
    collocations,
    dispersion,
    keyness,
    kwic,
    lexical_diversity,
    locate_terms,
    ngrams,
    summarize_documents,
    term_frequencies,
)
from .sentiment import (
    actor_tone,
    explain_sentence,
    explain_sentences,
    match_lexicon,
    read_vader_groundtruth,
    score_lexicon,
    score_sentences,
    summarize_sentiment,
    vader_scores,
    validate_sentiment,
)
from .framing import (
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
    match_frames,
    unnest_frames,
)
from .actors import actor_edges, actor_summary, characterize_actors, find_actors
from .lexicons import describe_frames, load_dictionary, load_gazetteer, read_lexicon, read_reporting_verbs, vader_lexicon
from .voices import find_quotes, quote_share, speaker_summary
from .scoring import Scores, score, write_scores
from .display import highlight, kwic_html
from .outputs import save_tables
from .compare import add_groups, frames_by_group, group_documents, keyness_by_group, tone_by_group
from .portraits import (
    describe_document,
    ego_network,
    extreme_sentences,
    frames_around,
    label_roles,
    mentions_by_document,
    quotes_about,
    scoring_note,
    select_document_scores,
    select_mentions,
    sentences_naming,
    strongest_sentence,
    tone_by_role,
)
from .cache import ScoredCorpus, open_corpus, read_scores

__version__ = "0.1.0"

__all__ = [
    "add_groups",
    "frames_by_group",
    "group_documents",
    "keyness_by_group",
    "tone_by_group",
    "describe_document",
    "ego_network",
    "extreme_sentences",
    "frames_around",
    "label_roles",
    "mentions_by_document",
    "quotes_about",
    "scoring_note",
    "select_document_scores",
    "select_mentions",
    "sentences_naming",
    "strongest_sentence",
    "tone_by_role",
    "actor_edges",
    "actor_summary",
    "actor_tone",
    "characterize_actors",
    "collocations",
    "CorpusError",
    "CorpusWarning",
    "describe_frames",
    "detect_language",
    "dispersion",
    "dominant_frames",
    "evaluate_frames",
    "evaluate_sentence_boundaries",
    "explain_sentence",
    "explain_sentences",
    "find_actors",
    "find_quotes",
    "flag_duplicates",
    "input_problems",
    "highlight",
    "kwic_html",
    "frame_actors",
    "frame_alpha",
    "frame_cooccurrence",
    "frame_diversity",
    "frame_evidence",
    "frame_salience",
    "frame_sentiment",
    "keyness",
    "krippendorff_alpha",
    "kwic",
    "LanguageWarning",
    "lexical_diversity",
    "load_corpus",
    "load_dictionary",
    "load_gazetteer",
    "locate_terms",
    "match_frames",
    "match_lexicon",
    "match_sentence_boundaries",
    "ngrams",
    "prepare_document",
    "quote_share",
    "read_document",
    "read_lexicon",
    "read_reporting_verbs",
    "read_vader_groundtruth",
    "removed_lines",
    "save_tables",
    "score",
    "ScoredCorpus",
    "open_corpus",
    "read_scores",
    "select_documents",
    "score_lexicon",
    "score_sentences",
    "Scores",
    "speaker_summary",
    "split_paragraphs",
    "split_sentences",
    "summarize_documents",
    "summarize_sentiment",
    "term_frequencies",
    "tokenize",
    "unnest_frames",
    "vader_lexicon",
    "vader_scores",
    "validate_sentiment",
    "write_scores",
]
