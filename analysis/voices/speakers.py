"""Speakers: the noun phrase that names who speaks, and the person a ``he`` or ``she`` stands for.

Speaker rule (after the source-identification rules of Pouliquen, Steinberger
& Best 2007 and Krestel, Bergler & Witte 2008; the attribution relations of
PARC 3.0, Pareti 2016). A speaker is the noun phrase right before the
reporting verb (:func:`subject_before`: ``X said``, ``X has repeatedly
emphasised that``) or right after it, or after ``according to``
(:func:`phrase_after`: ``said X``). The phrase may hold capitalised words,
lower-case content words and the linking words of the cue lexicon (``the head
of the office``) and at most :data:`MAX_SPEAKER_WORDS` words; anything else (a
number, another function word) ends it, and a phrase that is passive (``it is
noted that``) or too long is no speaker. Head-name rule (:func:`head`): when
the phrase ends in a run of capitalised words that follows a lower-case
content word (``Kazakh political analyst Gaziz Abishev``) the speaker is that
run (``Gaziz Abishev``); otherwise the whole phrase (``the Kazakh expert``,
``President Ilham Aliyev``). An appositive (``Abishev, a Kazakh analyst,
said``) gives the name before it.

Pronoun rule (:func:`resolve_pronouns`). A speaker ``he`` or ``she`` is
resolved to the last *named* person (a speaker phrase whose last word is
capitalised) who is a speaker or the subject of a reporting verb, or who opens
a sentence with a name known to speak in the document (or the interviewee), in
the pronoun's sentence before it or in the :data:`PRONOUN_WINDOW_SENTENCES`
sentences before that. Names sharing their last word are one person. With
exactly one such person the pronoun is resolved; with none or several the
speaker stays missing. ``they`` and ``it`` are never resolved.

Every function reads a :class:`~analysis.voices.document.Document` and the
:class:`~analysis.voices.cues.Cues` and returns spans or new records.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from .cues import NP_ROLES, Cues
from .document import Attribution, Document, Quote, Span

#: A speaker phrase has at most this many words.
MAX_SPEAKER_WORDS = 8
#: At most this many auxiliaries/adverbs between a speaker and its verb (has also said).
MAX_AUX_WORDS = 3
#: A clause longer than this (in characters) is never searched for a speaker phrase.
MAX_CLAUSE_CHARS = 300
#: A pronoun looks for its person in its own sentence and this many sentences before.
PRONOUN_WINDOW_SENTENCES = 2

#: Punctuation that ends a clause (and so a speaker phrase).
BOUNDARY = frozenset(",;:()[]{}“”\"«»—–")
#: Only white space and punctuation: what may separate a quote from its attribution.
GAP = re.compile(r"[\s,.;:—–-]*")
#: A character other than white space and the marks that may close a sentence after a speaker phrase.
_NOT_FINAL = re.compile(r"[^ .!?…\"'”’»]")
#: Roles that cannot open a speaker phrase.
_LINKS = ("np_link", "coordinator")


def has_boundary(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a clause-ending mark (:data:`BOUNDARY`)."""
    return not BOUNDARY.isdisjoint(text[start:end])


def attribute(cue: str, verb: str, verb_end: int, subject: Span, cues: Cues, text: str, *,
              end: int | None = None, claimed_verb: int | None = None) -> Attribution:
    """The attribution of a verb to its *subject*: the speaker, or the pronoun to resolve later.

    *end* (where the attribution ends) defaults to *verb_end*.
    """
    at_end = verb_end if end is None else end
    if cues.is_pronoun(text[subject[0] : subject[1]]):
        return Attribution(cue, verb, None, subject, at_end, claimed_verb)
    return Attribution(cue, verb, subject, None, at_end, claimed_verb)


# -- the phrase before a verb -------------------------------------------------------


def subject_before(doc: Document, cues: Cues, begin: int, verb_start: int, *, whole: bool = False) -> Span | None:
    """The speaker phrase filling the clause before a verb (auxiliaries allowed between), or None.

    The clause runs back to the last punctuation mark or *begin*; with *whole*
    it must reach back to *begin* (apart from leading punctuation).

    >>> from analysis.voices.cues import check_cues
    >>> from analysis.voices.document import build_sentence
    >>> doc = build_sentence("Abishev, a Kazakh analyst, said so.")
    >>> span = subject_before(doc, check_cues(None), 0, doc.text.index("said"))
    >>> doc.text[span[0]:span[1]]
    'Abishev'
    """
    text = doc.text
    clause = clause_start(text, begin, verb_start)
    if whole and GAP.fullmatch(text, begin, clause) is None:
        return None
    tokens = doc.speaker_words(clause, verb_start)
    n_aux = 0
    while tokens and n_aux < MAX_AUX_WORDS and cues.is_aux(_word(text, tokens[-1])):
        tokens.pop()
        n_aux += 1
    while tokens and _role(cues, text, tokens[0]) in _LINKS:
        tokens.pop(0)  # "and the minister said"
    if not tokens:
        if n_aux or whole or clause <= begin or text[clause - 1] != ",":
            return None
        # "Satyendra Jain, the city's home minister, said": the verb follows an appositive.
        appositive = subject_before(doc, cues, begin, clause - 1)
        if appositive is None:
            # "Travis Hood, who witnessed the collision, said": skip a relative clause.
            opening = clause_start(text, begin, clause - 1)
            first = doc.word_at(GAP.match(text, opening, clause - 1).end())
            if first is None or _role(cues, text, first) != "relative":
                return None
            return _name_before(doc, cues, begin, opening)
        if _is_pronoun(cues, text, appositive):
            return None
        return _name_before(doc, cues, begin, appositive[0]) or appositive
    if _is_pronoun(cues, text, tokens[-1]):
        return tokens[-1] if len(tokens) == 1 else None
    phrase = _valid_suffix(cues, text, tokens)
    if phrase is None or phrase[0] != tokens[0]:
        return None
    role, first = _role(cues, text, phrase[0]), _word(text, phrase[0])
    if role == "indefinite" or (first[0].islower() and role != "determiner"):
        # Maybe an appositive (", a Kazakh analyst, said"): then the name is the phrase before it.
        named = _name_before(doc, cues, begin, phrase[0][0])
        if named is not None:
            return named
        if role == "indefinite":
            return None  # "a spokesman said" names nobody in particular
    return head(cues, text, phrase)


def clause_start(text: str, begin: int, end: int) -> int:
    """Just after the last punctuation mark before *end* (or *begin*), looking back at most
    :data:`MAX_CLAUSE_CHARS` (a longer clause cannot be a speaker phrase)."""
    floor = max(begin, end - MAX_CLAUSE_CHARS)
    for i in range(end - 1, floor - 1, -1):
        if text[i] in BOUNDARY:
            return i + 1
    return floor


def _name_before(doc: Document, cues: Cues, begin: int, at: int) -> Span | None:
    """The name filling the clause before the comma that precedes *at* (``Abishev, a Kazakh analyst``), or None."""
    text = doc.text
    comma = at - 1
    while comma > begin and text[comma].isspace():
        comma -= 1
    if comma <= begin or text[comma] != ",":
        return None
    named = subject_before(doc, cues, begin, comma)
    if named is None or _is_pronoun(cues, text, named) or not is_name(text[named[0] : named[1]]):
        return None
    return named


def _valid_suffix(cues: Cues, text: str, tokens: Sequence[Span]) -> list[Span] | None:
    """The longest run of speaker-phrase words ending the tokens, or None."""
    keep = []
    for span in reversed(tokens):
        if not cues.is_np_word(_word(text, span)):
            break
        keep.append(span)
    keep.reverse()
    while keep and _role(cues, text, keep[0]) in _LINKS:
        keep.pop(0)
    if not keep or len(keep) > MAX_SPEAKER_WORDS or _role(cues, text, keep[-1]) in NP_ROLES:
        return None
    return keep


# -- the phrase after a verb ---------------------------------------------------------


def phrase_after(doc: Document, cues: Cues, begin: int, stop: int, *, whole: bool = False) -> Span | None:
    """The speaker phrase right after a verb or ``according to``: the longest run of
    speaker-phrase words, up to punctuation (``said Steve Winwood in a statement``).

    With *whole*, the words must fill the text up to *stop* (``according to X,``).

    >>> from analysis.voices.cues import check_cues
    >>> from analysis.voices.document import build_sentence
    >>> doc = build_sentence("said study co-author Professor Carl Lipo of Binghamton University.")
    >>> span = phrase_after(doc, check_cues(None), 4, len(doc.text))
    >>> doc.text[span[0]:span[1]]
    'Professor Carl Lipo'
    """
    text, keep, at = doc.text, [], begin
    for span in doc.iter_speaker_words(begin, stop):  # read only as far as the phrase goes
        if text[at : span[0]].strip() or not cues.is_np_word(_word(text, span)) and not (not keep and _is_pronoun(cues, text, span)):
            break
        keep.append(span)
        at = span[1]
        if _is_pronoun(cues, text, span):
            return span if len(keep) == 1 else None
    if whole and _NOT_FINAL.search(text, at, stop):  # something but final marks follows the phrase
        return None
    while keep and _role(cues, text, keep[-1]) in NP_ROLES:
        keep.pop()
    if not keep or _role(cues, text, keep[0]) in _LINKS:
        return None
    keep = cut_place(cues, text, keep)
    if len(keep) > MAX_SPEAKER_WORDS:
        return None
    return head(cues, text, keep)


def cut_place(cues: Cues, text: str, phrase: list[Span]) -> list[Span]:
    """``Carl Lipo of Binghamton University`` -> ``Carl Lipo``: cut at a linking word after two capitalised words,
    unless three or more capitalised words, none possessive, follow it (a title and a name)."""
    for i in range(2, len(phrase)):
        if _role(cues, text, phrase[i]) == "np_link" and all(_word(text, p)[0].isupper() for p in phrase[i - 2 : i]):
            rest = [_word(text, p) for p in phrase[i + 1 :]]
            if len(rest) >= 3 and all(w[0].isupper() and not w.endswith(("'s", "’s")) for w in rest):
                return phrase  # "First Minister of Scotland Nicola Sturgeon": a title, then the name
            return phrase[:i]
    return phrase


def head(cues: Cues, text: str, phrase: list[Span]) -> Span:
    """Head-name rule: a capitalised run after a lower-case content word is the speaker
    (``Transportation official Troy Roberts``); else cut ``of Place`` and try again; else the whole phrase."""
    name = _name_run(cues, text, phrase)
    if name is None:
        phrase = cut_place(cues, text, phrase)
        name = _name_run(cues, text, phrase)
    return name or (phrase[0][0], phrase[-1][1])


def _name_run(cues: Cues, text: str, phrase: list[Span]) -> Span | None:
    words = [_word(text, span) for span in phrase]
    run = len(words)
    while run > 0 and words[run - 1][0].isupper():
        run -= 1
    if 0 < run < len(words):
        before = words[run - 1]
        if before[0].islower() and cues.role.get(before) not in NP_ROLES:
            return phrase[run][0], phrase[-1][1]
    return None


# -- pronouns ------------------------------------------------------------------------


def named_subjects(text: str, cues: Cues, subjects: Iterable[tuple[int, Span | None]]) -> list[tuple[int, int, int]]:
    """``(verb offset, start, end)`` of the *subjects* of reporting verbs that name a person: not a pronoun,
    ending in a letter, last word capitalised (the people a pronoun may stand for)."""
    return [
        (at, *subject)
        for at, subject in subjects
        if subject is not None and not _is_pronoun(cues, text, subject) and text[subject[1] - 1].isalpha()
        and text[subject[0] : subject[1]].split()[-1][0].isupper()
    ]


def leading_name(doc: Document, start: int, end: int) -> Span | None:
    """The run of capitalised words opening the sentence at ``start:end`` (``Zhanat Momynkulov``), if any."""
    text, run = doc.text, []
    for s, e in doc.iter_words(start, end):
        gap = text[run[-1][1] : s] if run else text[start:s]
        if gap.strip() or not text[s].isupper():
            break
        run.append((s, e))
    return (run[0][0], run[-1][1]) if run else None


def resolve_pronouns(
    doc: Document,
    cues: Cues,
    quotes: Sequence[Quote],
    *,
    subjects: Iterable[tuple[int, int, int]],
    interviewee: str | None = None,
) -> list[Quote]:
    """Return *quotes* with ``he``/``she`` speakers resolved (see the module docstring), in the same order.

    *subjects* are the named subjects of reporting verbs (:func:`named_subjects`).
    A resolved quote's ``speaker`` is the earlier mention; its ``pronoun`` stays.
    A continuation takes the (possibly resolved) speaker of the quote it continues.
    """
    text = doc.text
    known = {key(name) for q in quotes if (name := q.speaker_text(text)) and is_name(name)}
    if interviewee:
        known.add(key(interviewee))
    named = [(q.speaker[0], *q.speaker) for q in quotes
             if q.speaker is not None and q.kind != "interview_answer" and is_name(q.speaker_text(text))]
    openers = []
    for s, e in doc.sentences:
        name = leading_name(doc, s, e)
        if name and key(text[name[0] : name[1]]) in known:
            openers.append((s, *name))
    mentions = _Mentions(text, sorted([*named, *subjects, *openers]))
    resolved_mentions = _Mentions(text, [])  # mentions added by resolution, sorted
    out = list(quotes)
    order = sorted(range(len(quotes)), key=lambda i: quotes[i].pronoun[0] if quotes[i].pronoun is not None else -1)
    for i in order:
        quote = quotes[i]
        if quote.pronoun is None or quote.speaker is not None or quote.cue == "continuation":
            continue
        pronoun = quote.pronoun[0]
        if cues.role.get(_word(text, quote.pronoun).casefold()) != "pronoun_person":
            continue
        first_sent = doc.sentence_index(pronoun) - PRONOUN_WINDOW_SENTENCES
        window_start = doc.sentences[max(first_sent, 0)][0] if doc.sentences else 0
        # The mentions in the window must all stand for one person; the last of them is the speaker.
        found = [mentions.window(window_start, pronoun), resolved_mentions.window(window_start, pronoun)]
        if any(f is _MANY for f in found) or len({k for k, _ in filter(None, found)}) != 1:
            continue
        _, s, e = max(last for _, last in filter(None, found))
        out[i] = replace(quote, speaker=(s, e), speaker_name=None)
        resolved_mentions.add((pronoun, s, e))
    by_pronoun = {q.pronoun[0]: q for q in out if q.pronoun is not None and q.cue != "continuation"}
    return [
        replace(q, speaker=by_pronoun[q.pronoun[0]].speaker, speaker_name=by_pronoun[q.pronoun[0]].speaker_name)
        if q.cue == "continuation" and q.pronoun is not None and q.pronoun[0] in by_pronoun
        else q
        for q in out
    ]


#: :meth:`_Mentions.window` of a window whose mentions stand for more than one person.
_MANY = ("", (0, 0, 0))


class _Mentions:
    """Sorted ``(position, start, end)`` mentions with the :func:`key` of each, and where each run of one key starts.

    A window of mentions is then read in logarithmic time, however many mentions it holds.
    """

    def __init__(self, text: str, mentions: list[tuple[int, int, int]]) -> None:
        self.text, self.items, self.keys, self.runs = text, [], [], []
        for mention in mentions:
            self.add(mention)

    def add(self, mention: tuple[int, int, int]) -> None:
        """Insert *mention* in order (mentions come in order: one at the end costs nothing more)."""
        at = bisect.bisect_right(self.items, mention)
        self.items.insert(at, mention)
        self.keys.insert(at, key(self.text[mention[1] : mention[2]]))
        self.runs[at:] = []
        for i in range(at, len(self.items)):
            self.runs.append(self.runs[i - 1] if i and self.keys[i] == self.keys[i - 1] else i)

    def window(self, start: int, end: int) -> tuple[str, tuple[int, int, int]] | None:
        """``(key, last mention)`` of the mentions at positions in ``[start, end)``: ``None`` when there are none,
        :data:`_MANY` when they stand for more than one person."""
        lo, hi = bisect.bisect_left(self.items, (start,)), bisect.bisect_left(self.items, (end,))
        if hi <= lo:
            return None
        return (self.keys[hi - 1], self.items[hi - 1]) if self.runs[hi - 1] <= lo else _MANY


def is_name(speaker: object) -> bool:
    """Whether a speaker is a name: its last word is capitalised (``Aliyev``, not ``the expert``)."""
    return isinstance(speaker, str) and bool(speaker) and speaker.split()[-1][:1].isupper()


def key(name: str) -> str:
    """Who a name stands for: its last word, case-folded (``Momynkulov`` = ``Zhanat Momynkulov``)."""
    return name.split()[-1].casefold().strip(".,")


def _word(text: str, span: Span) -> str:
    return text[span[0] : span[1]]


def _role(cues: Cues, text: str, span: Span) -> str | None:
    return cues.role.get(text[span[0] : span[1]].casefold())


def _is_pronoun(cues: Cues, text: str, span: Span) -> bool:
    return cues.is_pronoun(text[span[0] : span[1]])

