"""Bounded work on any input: every stage grows linearly with its input, whatever the input.

For each kind of adversarial text (a very long token, one character repeated,
emoji runs, deeply nested quotation marks, many one-character lines, a very
long sentence, many tiny sentences, runs of punctuation, markup junk...), the
public path (``load_corpus`` on a folder holding one such file, then every
measure, as ``score`` runs them) runs at two sizes, ``n`` and ``2 n``, and the
CPU time the adversarial text adds at ``2 n`` must stay below
:data:`MAX_RATIO` times what it adds at ``n``: linear work doubles, a quadratic
stage quadruples. What it adds is the time of the article with the text less
the time of the article alone (measured in the same test), so the fixed cost
of a call does not hide a quadratic stage. It is a growth ratio measured in
one test, not a timed test: the bound holds on a slow or busy machine too.
The kinds are embedded in a short English article, so the English-only
measures run on them; an outcome is the scored document or, for markup no
article text comes out of, the problem naming the file.
"""

from __future__ import annotations

import gc
import itertools
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis.errors import CorpusError, CorpusWarning, LanguageWarning

#: A doubled input may add at most this many times the time the single one adds (linear: 2; quadratic: 4).
MAX_RATIO = 3.0
#: A ratio above the bound is measured again, up to this many times in all (a busy machine can stall one run; a
#: quadratic stage fails every time).
ATTEMPTS = 3
#: Characters of adversarial text in the smaller run (the larger has twice as many).
N_CHARS = 20_000
#: Measurements below this many CPU seconds are repeated (the minimum is kept) so that noise does not decide a ratio.
MIN_SECONDS = 0.2
#: Added CPU time below this is taken as this much (a kind that adds almost nothing has no meaningful ratio).
MIN_ADDED_SECONDS = 0.01

ARTICLE_HEAD = ("Baku hosts Central Asian leaders\n"
                "The leaders of five countries met in Baku on Friday to discuss transport and trade, the minister said.\n"
                "“We are ready to build the road together,” said Aliyev, adding that the talks would resume in May.\n")
ARTICLE_TAIL = ("\nThe next meeting will be held in Astana, officials told reporters on Saturday.\n"
                "Kazakhstan and Azerbaijan signed a transit roadmap in Tashkent last year.\n")

_OPENERS = ("«", "“", "‘", '"', "'")
_CLOSERS = ("»", "”", "’", '"', "'")
_WORDS = ("the", "leaders", "of", "five", "countries", "met", "in", "Baku", "to", "discuss", "transport", "and", "trade")


def _cycle(parts, n: int, sep: str = "") -> str:
    """Parts repeated in turn, joined by *sep*, cut to *n* characters."""
    out, size = [], 0
    for part in itertools.cycle(parts):
        if size >= n:
            break
        out.append(part)
        size += len(part) + len(sep)
    return sep.join(out)[:n]


def _nested_quotes(n: int) -> str:
    depth = n // 9
    opening = "".join(f"{_OPENERS[i % 5]}level {i % 10} " for i in range(depth))
    closing = "".join(_CLOSERS[i % 5] for i in reversed(range(depth)))
    return opening + "the end" + closing + " said Aliyev."


#: Adversarial text of about *n* characters, by kind.
KINDS: dict[str, Callable[[int], str]] = {
    "long_token": lambda n: _cycle("abcdefghijklmnopqrstuvwxyz", n),
    "one_char": lambda n: "a" * n,
    "emoji": lambda n: "\U0001F600" * n,
    "emoji_words": lambda n: _cycle(["\U0001F600\U0001F44D", "Baku"], n, sep=" "),
    "nested_quotes": _nested_quotes,
    "quote_marks": lambda n: _cycle(_OPENERS + _CLOSERS, n, sep=" "),
    "one_char_lines": lambda n: "a\n" * (n // 2),
    "long_sentence": lambda n: _cycle(_WORDS, n, sep=" "),
    "tiny_sentences": lambda n: "Go. " * (n // 4),
    "punctuation": lambda n: _cycle("!?.,;:-—()[]", n),
    "periods": lambda n: "." * n,
    "spaces": lambda n: "Baku" + " " * n + "met.",
    "parentheses": lambda n: "(" * (n // 2) + "Baku" + ")" * (n // 2),
    "combining_marks": lambda n: "a" + "\u0301\u0323\u0308" * (n // 3),
    "entities": lambda n: "&" + "amp;" * (n // 4) + "#39;",
    "html_tags": lambda n: _cycle(["<div class='menu'>", "<a href='/news'>", "Home", "</a>", "</div>"], n),
    "html_unclosed": lambda n: "<a " + "x " * (n // 2),
    "hyphens": lambda n: "a" + "-a" * (n // 2),
    "apostrophes": lambda n: _cycle(["don't", "can't", "Aliyev's", "'", "’"], n, sep=" "),
    "digits": lambda n: "1" * n,
    "rtl": lambda n: _cycle(["\u202e", "שלום", "\u202c", "مرحبا", "\u200f"], n, sep=" "),
    "debris_spaces": lambda n: "Related news" + " " * n + "x",
    "share_spaces": lambda n: "Share" + " " * n + "x",
    "verbs_no_commas": lambda n: _cycle(["officials", "said", "the", "minister", "told", "reporters", "that", "talks", "went", "well"], n, sep=" "),
    "open_quotes": lambda n: _cycle(["“We", "are", "ready"], n, sep=" "),
    "actors_dense": lambda n: _cycle(["Baku", "Astana", "Russia", "and", "President", "Aliyev", "in", "Tashkent"], n, sep=" "),
    "ambiguous_names": lambda n: _cycle(["Georgia", "and", "Turkey", "met", "in", "Tbilisi", "on", "Thanksgiving"], n, sep=" "),
    "quotes_chain": lambda n: _cycle(["“We are ready,” said Aliyev,", "“and the road is open,”", "he added, according to officials,"], n, sep=" "),
    "pronoun_chain": lambda n: _cycle(["Aliyev said that the talks went well and", "he said that the road is open and"], n, sep=" "),
    "nested_html": lambda n: "<div><b>" * (n // 14) + "Baku" + "</b></div>" * (n // 14),
}


#: Shapes of web page (a body of *n* characters), loaded from ``.html`` files: article extraction must stay linear too.
PAGE_KINDS = {
    "page_paragraphs": lambda n: "".join(f"<p>The minister said on Monday that talks {i} went well.</p>" for i in range(n // 60)),
    "page_one_letter_paragraphs": lambda n: "<p>a</p>" * (n // 8),
    "page_link_list": lambda n: "<ul>" + "".join(f"<li><a href='/x{i}'>Item {i}</a></li>" for i in range(n // 30)) + "</ul>",
    "page_table_rows": lambda n: "<table>" + "".join(f"<tr><td>Cell {i} text</td></tr>" for i in range(n // 30)) + "</table>",
    "page_line_breaks": lambda n: "<p>" + "".join(f"Line {i} says the port grew.<br/>" for i in range(n // 32)) + "</p>",
    "page_nested_divs": lambda n: "<div>" * (n // 11) + "<p>Baku</p>" + "</div>" * (n // 11),
}


def page(kind: str, n: int) -> str:
    """A web page: the short English article as paragraphs, then *n* characters of the page shape *kind*."""
    paragraphs = "".join(f"<p>{line}</p>" for line in (ARTICLE_HEAD + ARTICLE_TAIL).splitlines()[1:])
    return (f"<!DOCTYPE html><html><head><title>{ARTICLE_HEAD.splitlines()[0]}</title></head>"
            f"<body><article>{paragraphs}{PAGE_KINDS[kind](n)}</article></body></html>")


#: Kinds also tried alone, as the whole file (a text with no English around it is identified, and not scored).
BARE_KINDS = ("long_token", "one_char", "emoji", "combining_marks", "nested_quotes", "one_char_lines", "html_tags")


def article(kind: str, n: int) -> str:
    """A short English article with *n* characters of the adversarial *kind* as its middle paragraph."""
    return ARTICLE_HEAD + KINDS[kind](n) + ARTICLE_TAIL


def cpu_seconds(function: Callable[[], object]) -> float:
    """CPU time of one call of *function*, the minimum of repeated calls while they take under :data:`MIN_SECONDS` in all.

    The garbage collector is paused while the calls run (its passes come at moments that depend on everything
    allocated before, not on the input).
    """
    best, spent = float("inf"), 0.0
    gc.collect()
    gc.disable()
    try:
        while spent < MIN_SECONDS:
            start = time.process_time()
            function()
            took = time.process_time() - start
            best, spent = min(best, took), spent + took
            if took >= MIN_SECONDS:
                break
    finally:
        gc.enable()
    return best


def _load_and_score(folder: Path, resources) -> tuple[str, object]:
    """``("scored", doc_ids)`` after loading *folder* and running every measure, or ``("problem", message)``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        warnings.simplefilter("ignore", LanguageWarning)
        try:
            docs = analysis.load_corpus(folder)
        except CorpusError as error:
            return "problem", str(error)
        scores = analysis.scoring.combine(list(analysis.scoring.iter_scores(docs, resources=resources)))
        return "scored", scores.documents["doc_id"].tolist()


@pytest.fixture(scope="module")
def resources():
    """The dictionaries, loaded once; the models warmed, so that no measured run pays for loading them."""
    loaded = analysis.scoring.load_resources()
    analysis.score(analysis.load_corpus(Path(__file__).resolve().parents[1] / "seeds").head(1))
    return loaded


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "alone"), [(kind, False) for kind in sorted(KINDS)] + [(kind, True) for kind in BARE_KINDS])
def test_a_doubled_adversarial_input_at_most_roughly_doubles_the_time(tmp_path, resources, kind, alone):
    folders = []
    for n in (0, N_CHARS, 2 * N_CHARS):
        folders.append(tmp_path / str(n))
        folders[-1].mkdir()
        text = KINDS[kind](n) if alone else article(kind, n)
        (folders[-1] / f"{kind}.txt").write_text(text or "-", encoding="utf-8")
    _assert_linear(kind, folders, resources, suffix=".txt")


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_a_doubled_web_page_at_most_roughly_doubles_the_time(tmp_path, resources, kind):
    folders = []
    for n in (0, N_CHARS, 2 * N_CHARS):
        folders.append(tmp_path / str(n))
        folders[-1].mkdir()
        (folders[-1] / f"{kind}.html").write_text(page(kind, n), encoding="utf-8")
    _assert_linear(kind, folders, resources, suffix=".html")


def _assert_linear(kind: str, folders: list[Path], resources, *, suffix: str) -> None:
    """The time the adversarial text adds in ``folders[2]`` is less than MAX_RATIO times what it adds in ``folders[1]``."""
    outcomes: list[tuple[str, object]] = []
    seen: list[str] = []
    for _ in range(ATTEMPTS):
        alone, once, twice = (cpu_seconds(lambda: outcomes.append(_load_and_score(folder, resources))) for folder in folders)
        added = [max(t - alone, MIN_ADDED_SECONDS) for t in (once, twice)]
        seen.append(f"alone {alone:.3f} s, +{N_CHARS} characters {once:.3f} s, +{2 * N_CHARS} {twice:.3f} s: {added[1] / added[0]:.2f}")
        if added[1] / added[0] < MAX_RATIO:
            break
    else:
        pytest.fail(f"{kind}: the time the adversarial text adds grew more than {MAX_RATIO} times when it doubled: " + "; ".join(seen))
    # The adversarial file ends as a scored document, or as a problem naming it (a page without article text).
    outcome = outcomes[-1]
    assert outcome == ("scored", [kind]) or (outcome[0] == "problem" and f"{kind}{suffix}: is a web page but no article text" in outcome[1])


@pytest.mark.slow
def test_find_actors_without_docs_grows_linearly_in_a_long_sentence():
    """Without *docs*, a mention's surface is rebuilt from its sentence's tokens: once per sentence, not per mention."""

    def seconds(n: int) -> float:
        docs = pd.DataFrame({"doc_id": ["d"], "text": [KINDS["actors_dense"](n)]})
        tokens = analysis.tokenize(analysis.split_sentences(docs))
        assert len(analysis.split_sentences(docs)) == 1
        return cpu_seconds(lambda: analysis.find_actors(tokens))

    ratios = []
    for _ in range(ATTEMPTS):
        ratios.append(seconds(2 * N_CHARS) / seconds(N_CHARS))
        if ratios[-1] < MAX_RATIO:
            break
    assert ratios[-1] < MAX_RATIO, f"find_actors without docs: the time grew {ratios} times when the sentence doubled"


@pytest.mark.slow
def test_find_quotes_grows_linearly_in_a_long_sentence_of_attributed_quotes():
    """Pronoun resolution reads the mentions before each pronoun by binary search, however many a sentence holds."""

    def seconds(n: int) -> float:
        docs = pd.DataFrame({"doc_id": ["d"], "text": [KINDS["quotes_chain"](n)]})
        sentences = analysis.split_sentences(docs)
        tokens = analysis.tokenize(sentences)
        paragraphs = analysis.split_paragraphs(docs)
        return cpu_seconds(lambda: analysis.find_quotes(sentences, tokens, paragraphs=paragraphs, docs=docs))

    ratios = []
    for _ in range(ATTEMPTS):
        ratios.append(seconds(8 * N_CHARS) / seconds(4 * N_CHARS))
        if ratios[-1] < MAX_RATIO:
            break
    assert ratios[-1] < MAX_RATIO, f"find_quotes: the time grew {ratios} times when the sentence doubled"
