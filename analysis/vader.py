"""The one VADER: sentence scores and the word valences that explain them, in linear time, identical to ``vaderSentiment`` 3.3.2.

Method: VADER (Hutto & Gilbert 2014, *VADER: A Parsimonious Rule-based Model
for Sentiment Analysis of Social Media Text*, ICWSM-14). Reference
implementation: the ``vaderSentiment`` package 3.3.2
(``SentimentIntensityAnalyzer.polarity_scores``), whose rules this module
re-implements one for one, quirks included.

Two calls share one pass over the text (:func:`_run`):

- :func:`polarity_scores` returns VADER's ``(neg, neu, pos, compound)``;
- :func:`explain` returns an immutable :class:`Explanation` of the same
  pass: the same four scores and, for every VADER word, its offsets in the
  text given (through emoji replacement), its lexicon valence, its valence
  after the word rules and after the ``but`` rule, the cues of the rules
  around it, and the signed punctuation emphasis. The valences and the
  emphasis add up to the sum behind ``compound``.

Why not the reference itself: it rebuilds its lower-cased word list for every
rule check of every sentiment word, and finds positions for its ``but`` rule
with ``list.index`` inside a loop, so one text's cost grows with the square of
its length (about 0.13 s for 2,000 words, 2.2 s for 8,000), and explaining a
score means calling its private methods. Here each text is lower-cased, split
and looked up once, and every rule reads a fixed window of neighbours by
index, so the cost is linear in the length of the text (the ``but`` rule's
bookkeeping adds a heap, at worst ``n log n``); ``bench/vader.py`` measures
both side by side.

Equivalence guarantee: for every ``str`` input, :func:`polarity_scores`
returns the same four floats as ``vaderSentiment`` 3.3.2 (the same sentiment
list is built, summed and sifted in the same order, so they are bit for bit
equal, not only within 1e-9), and :func:`explain` gives the valences the
reference's own ``sentiment_valence`` and ``_but_check`` give. Both are checked
in ``tests/test_vader.py`` against the reference package on the VADER ground
truth, the seed corpus, Wikinews and generated texts.

Data, not code, of the reference: the lexicon and emoji files are the ones
inside the ``vaderSentiment`` wheel (:func:`analysis.lexicons.vader_valences`,
:func:`analysis.lexicons.vader_emoji`); the booster, negation and idiom lists
and the constants are the packaged ``analysis/data/vader_rules.toml``
(:func:`analysis.lexicons.load_vader_rules`), which a test checks against the
reference module so that it cannot drift. No code of ``vaderSentiment`` is
imported. All three load lazily, once, behind a cache.

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
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from heapq import heappop, heappush
from typing import NamedTuple

from .lexicons import VaderRules, load_vader_rules, vader_emoji, vader_valences

#: The four scores :func:`polarity_scores` returns, in order.
SCORE_NAMES = ("neg", "neu", "pos", "compound")
#: How many words before a sentiment word its rules read (the reference's ``for start_i in range(0, 3)``).
_WINDOW = 3
#: One piece of ``str.split()``: ``\s`` is ``str.isspace`` for every code point, as ``split`` uses it.
_PIECE = re.compile(r"\S+")
#: What the reference strips off a word (``string.punctuation``).
_PUNCTUATION = string.punctuation
#: The marks whose count is the punctuation emphasis (reference ``_amplify_ep`` / ``_amplify_qm``).
_EMPHASIS_MARKS = "!?"


@dataclass(frozen=True)
class Explanation:
    """Why VADER scored a text as it did: one pass's scores and the valence of every word (Hutto & Gilbert 2014).

    Fields (the word fields hold one entry per VADER word, in text order):

    - ``scores``: ``(neg, neu, pos, compound)``, equal to :func:`polarity_scores`;
    - ``words``: the words as VADER sees them (split on white space,
      punctuation stripped from words longer than two characters, emoji
      replaced by their descriptions);
    - ``starts``, ``ends``: each word's character offsets in the text given
      (``text[start:end]`` is the word; the words of an emoji's description
      point at the emoji);
    - ``lexicon_valences``: the word's valence in VADER's lexicon (NaN if not
      in it); ``rule_valences``: after the word rules (``no``, ALL CAPS,
      boosters and dampeners in a three-word window, negation, idioms,
      ``least``); ``valences``: after the ``but`` rule, what enters the sum;
    - ``cues``: the rules whose trigger words are around the word
      (``negated``, ``boosted``, ``dampened``, ``caps``, ``least``, ``but
      x0.5``/``but x1.5``; ``modifier`` for boosters and ``kind of``
      themselves), joined by ``"; "`` -- descriptive only;
    - ``punctuation``: the ``!`` and ``?`` of the text; ``emphasis``: the
      punctuation emphasis added to the sum, signed as the sum.

    ``compound`` is ``round(s / sqrt(s * s + 15), 4)`` with ``s = sum(valences) + emphasis``.
    """

    scores: tuple[float, float, float, float]
    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    lexicon_valences: tuple[float, ...]
    rule_valences: tuple[float, ...]
    valences: tuple[float, ...]
    cues: tuple[str, ...]
    punctuation: str
    emphasis: float


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
    _check_text(text)
    return _run(text, locate=False).scores


def explain(text: str) -> Explanation:
    """Return the :class:`Explanation` of VADER's scores for *text*: the scores and every word's valence, from one pass.

    Same method and scores as :func:`polarity_scores` (Hutto & Gilbert 2014;
    vaderSentiment 3.3.2); the valences are those of the reference's
    ``sentiment_valence`` and ``_but_check``, and with the signed punctuation
    emphasis they add up to the sum behind ``compound``. Linear in the length
    of the text, like :func:`polarity_scores`.

    >>> e = explain("Not great, but VERY good!")
    >>> e.scores
    (0.198, 0.277, 0.525, 0.674)
    >>> for word, start, end, lexicon, valence, cues in zip(e.words, e.starts, e.ends, e.lexicon_valences, e.valences, e.cues):
    ...     print(f"{word:5} {start:2}-{end:2} {lexicon:4} {valence:7.3f}  {cues}")
    Not    0- 3  nan   0.000
    great  4- 9  3.1  -1.147  negated; but x0.5
    but   11-14  nan   0.000
    VERY  15-19  nan   0.000  modifier
    good  20-24  1.9   4.389  boosted; but x1.5
    >>> e.punctuation, e.emphasis
    ('!', 0.292)
    """
    _check_text(text)
    found = _run(text, locate=True)
    total = float(sum(found.valences))
    return Explanation(
        scores=found.scores,
        words=tuple(found.words),
        starts=tuple(start for start, _ in found.spans),
        ends=tuple(end for _, end in found.spans),
        lexicon_valences=tuple(vader_valences().get(word, math.nan) for word in found.lower),
        rule_valences=tuple(float(v) for v in found.rule_valences),
        valences=tuple(float(v) for v in found.valences),
        cues=_cues(found, load_vader_rules()),
        punctuation="".join(char for char in text if char in _EMPHASIS_MARKS),
        emphasis=found.emphasis if total > 0 else -found.emphasis if total < 0 else 0.0,
    )


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str (one text to score); got {type(text).__name__} {text!r:.60}")


class _Pass(NamedTuple):
    """What one pass over a text leaves: VADER's words, their valences before and after ``but``, and the scores.

    Unlocated passes over texts without a lexicon word leave ``upper`` empty and ``is_cap_diff`` false (unread).
    """

    words: list[str]
    lower: list[str]
    upper: list[bool]
    in_lexicon: list[bool]
    is_cap_diff: bool
    rule_valences: list[float]
    valences: list[float]
    emphasis: float  # unsigned
    scores: tuple[float, float, float, float]
    spans: list[tuple[int, int]] | None  # offsets of the words in the text given; only when located


def score_texts(texts: Iterable[str]) -> list[tuple[float, float, float, float]]:
    """Return :func:`polarity_scores` of each of *texts*, in order: the same scores, with the lexicons looked up once.

    >>> score_texts(["The book was good.", ""])
    [(0.0, 0.508, 0.492, 0.4404), (0.0, 0.0, 0.0, 0.0)]
    """
    rules, lexicon, emojis = load_vader_rules(), vader_valences(), vader_emoji()
    ascii_emoji = any(key.isascii() for key in emojis)
    out = []
    for text in texts:
        _check_text(text)
        # Every emoji key is outside ASCII (checked once above), so an ASCII text needs no emoji scan.
        scan = (ascii_emoji or not text.isascii()) and not emojis.keys().isdisjoint(text)
        out.append(_pass(text, False, scan, rules, lexicon, emojis).scores)
    return out


def _run(text: str, *, locate: bool) -> _Pass:
    """The reference's ``polarity_scores`` in one pass; with *locate*, also each word's offsets in *text*."""
    rules, lexicon, emojis = load_vader_rules(), vader_valences(), vader_emoji()
    return _pass(text, locate, not emojis.keys().isdisjoint(text), rules, lexicon, emojis)  # one set test; most texts have no emoji


def _pass(text: str, locate: bool, has_emoji: bool, rules: VaderRules, lexicon: Mapping[str, float], emojis: Mapping[str, str]) -> _Pass:
    """:func:`_run` with the rules and lexicons given, and whether *text* holds an emoji."""
    clean, origin = text, None
    if has_emoji:
        clean, origin = _replace_emoji(text, emojis, locate=locate)
    # The reference strips the text first; splitting on white space and counting "!" and "?" need not.
    if locate:
        pieces = [(match.start(), match.group()) for match in _PIECE.finditer(clean)]
        words = [_strip_punctuation(piece) for _, piece in pieces]
    else:  # _strip_punctuation, inline
        words = [piece if len(stripped := piece.strip(_PUNCTUATION)) <= 2 else stripped for piece in clean.split()]
    spans = _word_spans(pieces, words, origin) if locate else None
    if not words:
        return _Pass([], [], [], [], False, [], [], 0.0, (0.0, 0.0, 0.0, 0.0), spans)
    lower = [word.lower() for word in words]
    in_lexicon = [word in lexicon for word in lower]
    if not locate and not any(in_lexicon):
        # Every valence is 0 whatever the rules say; the scores alone are read, so ALL CAPS are not looked at.
        zeros = [0] * len(words)
        emphasis = _punctuation_emphasis(clean, rules)
        return _Pass(words, lower, [], in_lexicon, False, zeros, zeros, emphasis, _score_valence(zeros, emphasis, rules), None)
    upper = [word.isupper() for word in words]
    n_upper = sum(upper)
    is_cap_diff = 0 < len(words) - n_upper < len(words)
    # A word outside the lexicon scores 0 whichever branch of the reference it takes, so only lexicon words are visited.
    rule_valences = [
        _word_valence(i, lower, upper, in_lexicon, lexicon, is_cap_diff, rules) if in_lexicon[i] else 0
        for i in range(len(words))
    ]
    valences = _apply_but(rule_valences, lower.index("but"), rules) if "but" in lower else rule_valences
    emphasis = _punctuation_emphasis(clean, rules)
    scores = _score_valence(valences, emphasis, rules)
    return _Pass(words, lower, upper, in_lexicon, is_cap_diff, rule_valences, valences, emphasis, scores, spans)


def _replace_emoji(text: str, emojis: Mapping[str, str], *, locate: bool) -> tuple[str, list[int] | None]:
    """The reference's emoji replacement, one code point at a time; with *locate*, each output character's offset in *text*.

    A description gets a space before it unless it starts the text or follows
    a space (``" "`` only), and none after it; the space and the description
    point at the emoji.
    """
    pieces = []
    origin: list[int] | None = [] if locate else None
    prev_space = True
    for index, char in enumerate(text):
        description = emojis.get(char)
        if description is None:
            pieces.append(char)
            prev_space = char == " "
            length = 1
        else:
            separator = "" if prev_space else " "
            pieces.append(separator)
            pieces.append(description)
            prev_space = False
            length = len(separator) + len(description)
        if origin is not None:
            origin.extend([index] * length)
    return "".join(pieces), origin


def _strip_punctuation(token: str) -> str:
    """Reference ``SentiText._strip_punc_if_word``: strip ASCII punctuation unless two or fewer characters would remain."""
    stripped = token.strip(_PUNCTUATION)
    return token if len(stripped) <= 2 else stripped


def _word_spans(pieces: list[tuple[int, str]], words: list[str], origin: list[int] | None) -> list[tuple[int, int]]:
    """Offsets in the text given of each word: its piece less the stripped punctuation, mapped back through the emoji step."""
    spans = []
    for (start, piece), word in zip(pieces, words):
        if len(word) != len(piece):
            start += len(piece) - len(piece.lstrip(string.punctuation))
        end = start + len(word)
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
        spans.append((start, end))
    return spans


def _is_modifier(i: int, lower: list[str], rules: VaderRules) -> bool:
    """Reference ``polarity_scores`` loop: a booster, or ``kind`` before ``of``, scores 0 itself."""
    return lower[i] in rules.boosters or (i < len(lower) - 1 and lower[i] == "kind" and lower[i + 1] == "of")


def _word_valence(
    i: int,
    lower: list[str],
    upper: list[bool],
    in_lexicon: list[bool],
    lexicon: Mapping[str, float],
    is_cap_diff: bool,
    rules: VaderRules,
) -> float:
    """The valence of word *i* after the reference's ``polarity_scores`` loop and ``sentiment_valence``."""
    if _is_modifier(i, lower, rules) or not in_lexicon[i]:
        return 0
    item = lower[i]
    last = len(lower) - 1
    valence = lexicon[item]
    if item == "no" and i != last and in_lexicon[i + 1]:
        valence = 0.0
    if (
        (i > 0 and lower[i - 1] == "no")
        or (i > 1 and lower[i - 2] == "no")
        or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
    ):
        valence = lexicon[item] * rules.negation_scalar
    if upper[i] and is_cap_diff:
        valence = valence + rules.caps_increment if valence > 0 else valence - rules.caps_increment
    for start_i in range(_WINDOW):
        before = i - (start_i + 1)
        if i > start_i and not in_lexicon[before]:
            scalar = _booster_scalar(lower[before], upper[before], valence, is_cap_diff, rules)
            if start_i == 1 and scalar != 0:
                scalar = scalar * rules.second_word
            if start_i == 2 and scalar != 0:
                scalar = scalar * rules.third_word
            valence = valence + scalar
            valence = _check_negation(valence, lower, start_i, i, rules)
            if start_i == 2:
                valence = _check_special_idioms(valence, lower, i, rules)
    return _check_least(valence, lower, in_lexicon, i, rules)


def _booster_scalar(word: str, is_upper: bool, valence: float, is_cap_diff: bool, rules: VaderRules) -> float:
    """Reference ``scalar_inc_dec`` for a word given lower-cased, with its ``isupper()``."""
    scalar = 0.0
    if word in rules.boosters:
        scalar = rules.boosters[word]
        if valence < 0:
            scalar *= -1
        if is_upper and is_cap_diff:
            if valence > 0:
                scalar += rules.caps_increment
            else:
                scalar -= rules.caps_increment
    return scalar


def _is_negator(word: str, rules: VaderRules) -> bool:
    """Reference ``negated([word])`` for one lower-cased word."""
    return word in rules.negators or rules.negation_infix in word


def _check_negation(valence: float, lower: list[str], start_i: int, i: int, rules: VaderRules) -> float:
    """Reference ``_negation_check``, reading the words before *i* by index."""
    if start_i == 0:
        if _is_negator(lower[i - 1], rules):
            valence = valence * rules.negation_scalar
    if start_i == 1:
        if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
            valence = valence * rules.never_so
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            pass
        elif _is_negator(lower[i - 2], rules):
            valence = valence * rules.negation_scalar
    if start_i == 2:
        # The reference's `a and b or c`: "so"/"this" just before the word fires without "never".
        if (lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this")) or (
            lower[i - 1] == "so" or lower[i - 1] == "this"
        ):
            valence = valence * rules.never_so
        elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
            pass
        elif _is_negator(lower[i - 3], rules):
            valence = valence * rules.negation_scalar
    return valence


def _check_special_idioms(valence: float, lower: list[str], i: int, rules: VaderRules) -> float:
    """Reference ``_special_idioms_check`` (only reached with ``i > 2``)."""
    special, boosters = rules.special_cases, rules.boosters
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for sequence in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if sequence in special:
            valence = special[sequence]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in special:
            valence = special[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in special:
            valence = special[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in boosters:
            valence = valence + boosters[n_gram]
    return valence


def _check_least(valence: float, lower: list[str], in_lexicon: list[bool], i: int, rules: VaderRules) -> float:
    """Reference ``_least_check``."""
    if i > 1 and not in_lexicon[i - 1] and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * rules.negation_scalar
    elif i > 0 and not in_lexicon[i - 1] and lower[i - 1] == "least":
        valence = valence * rules.negation_scalar
    return valence


def _apply_but(sentiments: list[float], but_at: int, rules: VaderRules) -> list[float]:
    """Reference ``_but_check`` without its quadratic ``list.index``: same list out, same order; *sentiments* is not changed.

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
            rescaled = value * rules.before_but
        elif first > but_at:
            rescaled = value * rules.after_but
        else:
            continue
        values[first] = rescaled
        heappush(positions.setdefault(rescaled, []), first)
    return values


def _punctuation_emphasis(text: str, rules: VaderRules) -> float:
    """Reference ``_punctuation_emphasis``: up to 4 "!" and 2-3 "?" (capped beyond) add intensity."""
    exclamations = min(text.count("!"), rules.max_exclamations)
    exclamation_amplifier = exclamations * rules.exclamation
    questions = text.count("?")
    question_amplifier = 0
    if questions > 1:
        question_amplifier = questions * rules.question if questions <= rules.max_questions_scaled else rules.question_cap
    return exclamation_amplifier + question_amplifier


def _normalize(score: float, alpha: float) -> float:
    """Reference ``normalize``: ``score / sqrt(score^2 + alpha)`` clamped to -1..1."""
    norm_score = score / math.sqrt((score * score) + alpha)
    if norm_score < -1.0:
        return -1.0
    if norm_score > 1.0:
        return 1.0
    return norm_score


def _score_valence(sentiments: list[float], amplifier: float, rules: VaderRules) -> tuple[float, float, float, float]:
    """Reference ``score_valence`` and ``_sift_sentiment_scores`` (given the punctuation emphasis), in the same order of operations."""
    sum_s = float(sum(sentiments))
    if sum_s > 0:
        sum_s += amplifier
    elif sum_s < 0:
        sum_s -= amplifier
    compound = _normalize(sum_s, rules.alpha)
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


def _cues(found: _Pass, rules: VaderRules) -> tuple[str, ...]:
    """Each word's cues: the rules whose trigger words are in its window (descriptive; the valences are what counts)."""
    lower, in_lexicon = found.lower, found.in_lexicon
    cues = []
    for i, word in enumerate(lower):
        labels: list[str] = []
        if _is_modifier(i, lower, rules):
            labels.append("modifier")
        elif in_lexicon[i]:
            window = range(max(0, i - _WINDOW), i)
            if any(_is_negator(lower[j], rules) for j in window) or "no" in lower[max(0, i - 2) : i]:
                labels.append("negated")
            scalars = [rules.boosters[lower[j]] for j in window if lower[j] in rules.boosters and not in_lexicon[j]]
            if any(s > 0 for s in scalars):
                labels.append("boosted")
            if any(s < 0 for s in scalars):
                labels.append("dampened")
            if found.upper[i] and found.is_cap_diff:
                labels.append("caps")
            if i > 0 and lower[i - 1] == "least":
                labels.append("least")
        rule, final = found.rule_valences[i], found.valences[i]
        if rule != 0 and final != rule:
            labels.append(f"but x{final / rule:g}")
        cues.append("; ".join(labels))
    return tuple(cues)
