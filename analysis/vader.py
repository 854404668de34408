"""VADER sentence scores in linear time, identical to the reference ``vaderSentiment`` 3.3.2.

Method: VADER (Hutto & Gilbert 2014, *VADER: A Parsimonious Rule-based Model
for Sentiment Analysis of Social Media Text*, ICWSM-14). Reference
implementation: the ``vaderSentiment`` package 3.3.2
(``SentimentIntensityAnalyzer.polarity_scores``), whose rules this module
re-implements one for one, quirks included.

Why a second implementation: the reference rebuilds its lower-cased word list
for every rule check of every sentiment word, and finds positions for its
``but`` rule with ``list.index`` inside a loop, so one text's cost grows with
the square of its length (about 0.13 s for 2,000 words, 2.2 s for 8,000). Here
each text is lower-cased, split and looked up once, and every rule reads a
fixed window of neighbours by index, so the cost is linear in the length of
the text (the ``but`` rule's bookkeeping adds a heap, at worst ``n log n``).

Equivalence guarantee: for every ``str`` input, :func:`polarity_scores`
returns the same four floats as ``vaderSentiment`` 3.3.2 (the same sentiment
list is built, summed and sifted in the same order, so they are bit for bit
equal, not only within 1e-9). This is checked in ``tests/test_vader.py``
against the reference package on the VADER ground truth, the seed corpus,
Wikinews and generated texts.

The lexicon and emoji files are the ones inside the ``vaderSentiment`` wheel,
read once (lazily, behind a cache) with :mod:`importlib.resources`; the
booster, negation and idiom lists and the constants are imported from the
reference module itself, so they cannot drift from it.

Quirks of the reference that are reproduced on purpose (each one is tested):

- emoji are replaced by their descriptions one code point at a time (a
  description is preceded by a space unless it follows a space or starts the
  text, and is never followed by one: ``"😁x"`` becomes ``"beaming face with
  smiling eyesx"``); multi-code-point keys of the emoji file never match;
- a token keeps its punctuation when stripping it would leave two or fewer
  characters (``"no,"`` stays ``"no,"`` and is then not the word ``no``);
- a word whose valence is 0 and that is in ALL CAPS (among mixed-case words)
  is pushed *down* by the caps boost (``valence -= 0.733``);
- with three words between a negator/booster and the sentiment word, the
  ``never so/this`` rule fires on ``so``/``this`` just before the word even
  without ``never`` (operator precedence in the reference);
- ``_sentiment_laden_idioms_check`` is never called by the reference, so
  idioms without lexicon words (``"cut the mustard"``) score nothing;
- the ``but`` rule scales each sentiment at the *first* position holding an
  equal value (``list.index``), so an already-halved value before ``but`` can
  be halved again instead of boosting an equal value after ``but``;
- ``neg``, ``neu``, ``pos`` are rounded to 3 decimals and ``compound`` to 4.
"""

from __future__ import annotations

import math
import string
from heapq import heappop, heappush

from vaderSentiment import vaderSentiment as _reference

from .lexicons import vader_emoji, vader_valences

#: The four scores :func:`polarity_scores` returns, in order.
SCORE_NAMES = ("neg", "neu", "pos", "compound")

_BOOSTERS: dict[str, float] = _reference.BOOSTER_DICT
_SPECIAL_CASES: dict[str, float] = _reference.SPECIAL_CASES
_NEGATORS = frozenset(_reference.NEGATE)
_N_SCALAR: float = _reference.N_SCALAR
_C_INCR: float = _reference.C_INCR
#: Weight of a booster two and three words before the sentiment word (reference ``sentiment_valence``).
_SECOND_WORD_WEIGHT = 0.95
_THIRD_WORD_WEIGHT = 0.9
#: Scaling of sentiments before and after the first "but" (reference ``_but_check``).
_BEFORE_BUT = 0.5
_AFTER_BUT = 1.5
#: Punctuation emphasis (reference ``_amplify_ep`` / ``_amplify_qm``).
_MAX_EXCLAMATIONS = 4
_EXCLAMATION_WEIGHT = 0.292
_QUESTION_WEIGHT = 0.18
_MAX_QUESTIONS_SCALED = 3
_QUESTION_CAP = 0.96
#: Alpha of VADER's ``x / sqrt(x^2 + alpha)`` normalisation (reference ``normalize``).
_ALPHA = 15


def polarity_scores(text: str) -> tuple[float, float, float, float]:
    """Return VADER's ``(neg, neu, pos, compound)`` for *text*, exactly as ``vaderSentiment`` 3.3.2 does, in linear time.

    VADER (Hutto & Gilbert 2014): lexicon valences adjusted by boosters and
    dampeners, ALL CAPS, negation, ``but``, ``least``, idioms and ``!``/``?``
    emphasis; ``compound`` is the adjusted sum through ``x / sqrt(x^2 + 15)``.
    The result equals ``SentimentIntensityAnalyzer().polarity_scores(text)``
    of the reference package for every string (see the module docstring for
    the guarantee and the reproduced quirks); ``neg, neu, pos`` are rounded
    to 3 decimals and ``compound`` to 4, as the reference rounds them. Score
    sentences, not whole articles: ``compound`` saturates near +/-1 on long
    texts.

    >>> polarity_scores("The book was good.")
    (0.0, 0.508, 0.492, 0.4404)
    >>> polarity_scores("The plot was good, but the characters are uncompelling and the dialog is not great.")
    (0.327, 0.579, 0.094, -0.7042)
    >>> polarity_scores("")
    (0.0, 0.0, 0.0, 0.0)
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str (one text to score); got {type(text).__name__} {text!r:.60}")
    lexicon, emojis = vader_valences(), vader_emoji()
    if not emojis.keys().isdisjoint(text):  # one set test; most texts have no emoji
        text = _replace_emoji(text, emojis)
    text = text.strip()
    words = [_strip_punctuation(token) for token in text.split()]
    if not words:
        return 0.0, 0.0, 0.0, 0.0
    lower = [word.lower() for word in words]
    upper = [word.isupper() for word in words]
    in_lexicon = [word in lexicon for word in lower]
    n_upper = sum(upper)
    is_cap_diff = 0 < len(words) - n_upper < len(words)
    # A word outside the lexicon scores 0 whichever branch of the reference it takes, so only lexicon words are visited.
    sentiments = [
        _word_valence(i, lower, upper, in_lexicon, lexicon, is_cap_diff) if in_lexicon[i] else 0 for i in range(len(words))
    ]
    if "but" in lower:
        sentiments = _apply_but(sentiments, lower.index("but"))
    return _score_valence(sentiments, text)


def _replace_emoji(text: str, emojis: dict[str, str]) -> str:
    """The reference's emoji replacement, one code point at a time (a list join instead of string concatenation).

    A description gets a space before it unless it starts the text or follows
    a space (``" "`` only), and none after it.
    """
    pieces = []
    prev_space = True
    for char in text:
        description = emojis.get(char)
        if description is None:
            pieces.append(char)
            prev_space = char == " "
        else:
            if not prev_space:
                pieces.append(" ")
            pieces.append(description)
            prev_space = False
    return "".join(pieces)


def _strip_punctuation(token: str) -> str:
    """Reference ``SentiText._strip_punc_if_word``: strip ASCII punctuation unless two or fewer characters would remain."""
    stripped = token.strip(string.punctuation)
    return token if len(stripped) <= 2 else stripped


def _word_valence(
    i: int, lower: list[str], upper: list[bool], in_lexicon: list[bool], lexicon: dict[str, float], is_cap_diff: bool
) -> float:
    """The valence of word *i* after the reference's ``polarity_scores`` loop and ``sentiment_valence``."""
    item = lower[i]
    last = len(lower) - 1
    if item in _BOOSTERS:
        return 0
    if i < last and item == "kind" and lower[i + 1] == "of":
        return 0
    if not in_lexicon[i]:
        return 0
    valence = lexicon[item]
    if item == "no" and i != last and in_lexicon[i + 1]:
        valence = 0.0
    if (
        (i > 0 and lower[i - 1] == "no")
        or (i > 1 and lower[i - 2] == "no")
        or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
    ):
        valence = lexicon[item] * _N_SCALAR
    if upper[i] and is_cap_diff:
        valence = valence + _C_INCR if valence > 0 else valence - _C_INCR
    for start_i in range(3):
        before = i - (start_i + 1)
        if i > start_i and not in_lexicon[before]:
            scalar = _booster_scalar(lower[before], upper[before], valence, is_cap_diff)
            if start_i == 1 and scalar != 0:
                scalar = scalar * _SECOND_WORD_WEIGHT
            if start_i == 2 and scalar != 0:
                scalar = scalar * _THIRD_WORD_WEIGHT
            valence = valence + scalar
            valence = _check_negation(valence, lower, start_i, i)
            if start_i == 2:
                valence = _check_special_idioms(valence, lower, i)
    return _check_least(valence, lower, in_lexicon, i)


def _booster_scalar(word: str, is_upper: bool, valence: float, is_cap_diff: bool) -> float:
    """Reference ``scalar_inc_dec`` for a word given lower-cased, with its ``isupper()``."""
    scalar = 0.0
    if word in _BOOSTERS:
        scalar = _BOOSTERS[word]
        if valence < 0:
            scalar *= -1
        if is_upper and is_cap_diff:
            if valence > 0:
                scalar += _C_INCR
            else:
                scalar -= _C_INCR
    return scalar


def _is_negator(word: str) -> bool:
    """Reference ``negated([word])`` for one lower-cased word."""
    return word in _NEGATORS or "n't" in word


def _check_negation(valence: float, lower: list[str], start_i: int, i: int) -> float:
    """Reference ``_negation_check``, reading the words before *i* by index."""
    if start_i == 0:
        if _is_negator(lower[i - 1]):
            valence = valence * _N_SCALAR
    if start_i == 1:
        if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
            valence = valence * 1.25
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            pass
        elif _is_negator(lower[i - 2]):
            valence = valence * _N_SCALAR
    if start_i == 2:
        # The reference's `a and b or c`: "so"/"this" just before the word fires without "never".
        if (lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this")) or (
            lower[i - 1] == "so" or lower[i - 1] == "this"
        ):
            valence = valence * 1.25
        elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
            pass
        elif _is_negator(lower[i - 3]):
            valence = valence * _N_SCALAR
    return valence


def _check_special_idioms(valence: float, lower: list[str], i: int) -> float:
    """Reference ``_special_idioms_check`` (only reached with ``i > 2``)."""
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for sequence in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if sequence in _SPECIAL_CASES:
            valence = _SPECIAL_CASES[sequence]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in _SPECIAL_CASES:
            valence = _SPECIAL_CASES[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in _SPECIAL_CASES:
            valence = _SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in _BOOSTERS:
            valence = valence + _BOOSTERS[n_gram]
    return valence


def _check_least(valence: float, lower: list[str], in_lexicon: list[bool], i: int) -> float:
    """Reference ``_least_check``."""
    if i > 1 and not in_lexicon[i - 1] and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * _N_SCALAR
    elif i > 0 and not in_lexicon[i - 1] and lower[i - 1] == "least":
        valence = valence * _N_SCALAR
    return valence


def _apply_but(sentiments: list[float], but_at: int) -> list[float]:
    """Reference ``_but_check`` without its quadratic ``list.index``: same list out, same order.

    The reference walks the list and, for the value ``v`` at each position,
    rescales the *first* position holding a value equal to ``v`` (halved before
    the first "but", times 1.5 after it). Here a heap of positions per value,
    with stale entries dropped lazily, gives that first position.
    """
    values = list(sentiments)
    positions: dict[float, list[int]] = {}
    for position, value in enumerate(values):
        positions.setdefault(value, []).append(position)  # ascending, hence already a heap
    for position in range(len(values)):
        value = values[position]  # never rescaled yet: rescaling only touches positions already walked
        heap = positions[value]
        while values[heap[0]] != value:
            heappop(heap)
        first = heap[0]
        if first < but_at:
            rescaled = value * _BEFORE_BUT
        elif first > but_at:
            rescaled = value * _AFTER_BUT
        else:
            continue
        values[first] = rescaled
        heappush(positions.setdefault(rescaled, []), first)
    return values


def _punctuation_emphasis(text: str) -> float:
    """Reference ``_punctuation_emphasis``: up to 4 "!" and 2-3 "?" (capped beyond) add intensity."""
    exclamations = min(text.count("!"), _MAX_EXCLAMATIONS)
    exclamation_amplifier = exclamations * _EXCLAMATION_WEIGHT
    questions = text.count("?")
    question_amplifier = 0
    if questions > 1:
        question_amplifier = questions * _QUESTION_WEIGHT if questions <= _MAX_QUESTIONS_SCALED else _QUESTION_CAP
    return exclamation_amplifier + question_amplifier


def _normalize(score: float) -> float:
    """Reference ``normalize``: ``score / sqrt(score^2 + 15)`` clamped to -1..1."""
    norm_score = score / math.sqrt((score * score) + _ALPHA)
    if norm_score < -1.0:
        return -1.0
    if norm_score > 1.0:
        return 1.0
    return norm_score


def _score_valence(sentiments: list[float], text: str) -> tuple[float, float, float, float]:
    """Reference ``score_valence`` and ``_sift_sentiment_scores``, in the same order of operations."""
    sum_s = float(sum(sentiments))
    amplifier = _punctuation_emphasis(text)
    if sum_s > 0:
        sum_s += amplifier
    elif sum_s < 0:
        sum_s -= amplifier
    compound = _normalize(sum_s)
    pos_sum = 0.0
    neg_sum = 0.0
    neu_count = 0
    for score in sentiments:
        if score > 0:
            pos_sum += float(score) + 1
        if score < 0:
            neg_sum += float(score) - 1
        if score == 0:
            neu_count += 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += amplifier
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= amplifier
    total = pos_sum + math.fabs(neg_sum) + neu_count
    pos = math.fabs(pos_sum / total)
    neg = math.fabs(neg_sum / total)
    neu = math.fabs(neu_count / total)
    return round(neg, 3), round(neu, 3), round(pos, 3), round(compound, 4)
