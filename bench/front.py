"""How much faster are the front stages than the plain calls they stand for? Times both, side by side.

On the BBC News corpus (loaded with ``load_corpus``, split with ``split_sentences``):

(a) tokens: :func:`analysis.tokens.token_spans` (chunks tokenized once and
    remembered) against :func:`analysis.tokens.reference_token_spans` (NLTK's
    ``span_tokenize`` on every sentence), after checking that every sentence gets
    the same spans; ours is timed with its memory emptied first (one cold pass,
    as in a fresh ``score`` run) and again warm;
(b) language: :func:`analysis.language.detect_language` (a spread sample of long
    texts) against Lingua on each full text, after checking that every text gets
    the same language.

CPU seconds of one process (``time.process_time``), so that other work on the
machine weighs less; ratios, not absolute times, are the claim.

    python bench/front.py
"""

from __future__ import annotations

import time
import warnings

import pandas as pd

from analysis import load_corpus
from analysis.language import MIN_CONFIDENCE, MIN_LETTERS, UNDETERMINED, _detector, detect_language
from analysis.tokens import _chunk_spans, reference_token_spans, split_sentences, token_spans
from common import BBC, bbc_table, print_table


def cpu(function) -> tuple[object, float]:
    start = time.process_time()
    result = function()
    return result, time.process_time() - start


def full_text_language(texts: list[str]) -> list[str]:
    """The language Lingua gives each whole text (the rule detect_language applied before sampling)."""
    out = []
    for text in texts:
        if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
            out.append(UNDETERMINED)
            continue
        top = _detector().compute_language_confidence_values(text)[0]
        out.append(top.language.iso_code_639_1.name.lower() if top.value >= MIN_CONFIDENCE else UNDETERMINED)
    return out


def main() -> None:
    bbc_table()  # exits with a message where the corpus is absent
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = load_corpus(BBC)
    sentences = split_sentences(docs)["text"].tolist()
    texts = docs["text"].astype(str).tolist()

    reference, t_reference = cpu(lambda: [reference_token_spans(s) for s in sentences])
    _chunk_spans.cache_clear()
    cold, t_cold = cpu(lambda: [token_spans(s) for s in sentences])
    warm, t_warm = cpu(lambda: [token_spans(s) for s in sentences])
    if not cold == warm == reference:
        raise SystemExit("token_spans differs from reference_token_spans on the BBC sentences")

    _detector().compute_language_confidence_values("warm up the models")
    full, t_full = cpu(lambda: full_text_language(texts))
    sampled, t_sampled = cpu(lambda: detect_language(texts)["language"].tolist())
    if sampled != full:
        raise SystemExit("detect_language differs from Lingua on the full texts")

    rows = [
        ("token spans, cold", len(sentences), t_reference, t_cold),
        ("token spans, warm", len(sentences), t_reference, t_warm),
        ("language", len(texts), t_full, t_sampled),
    ]
    table = pd.DataFrame(rows, columns=["step", "items", "plain call (s)", "ours (s)"])
    table["ratio"] = table["plain call (s)"] / table["ours (s)"]
    print_table("Front stages on the BBC corpus: same output, CPU seconds", table)


if __name__ == "__main__":
    main()
