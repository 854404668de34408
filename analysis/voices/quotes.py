"""Quotations: direct quotes between quotation marks, and reported-speech clauses.

Rule-based, precision-first, after Pouliquen, Steinberger & Best (2007,
"Automatic detection of quotations in multilingual news", RANLP) and Krestel,
Bergler & Witte (2008, "Minding the Source: Automatic Tagging of Reported
Speech in Newspaper Articles", LREC), with the cue and source roles of PARC 3.0
(Pareti 2016, LREC). The steps, each a function of the values before it:

1. :func:`pair_quote_marks`: the pairs of quotation marks (“…”, "…" or «…»),
   paragraph by paragraph; inner marks are content; a quote left open at a
   paragraph's end counts when the next paragraph reopens it (news style).
2. :func:`attribute_direct`: the attribution of each pair, from the text right
   after it (``“…,” the minister said``, ``“…,” said Aliyev``, ``“…,”
   according to X``) or in the sentence before it (``Aliyev said: “…”``),
   then continuations (``“…,” he said. “…”``) sharing the speaker of the quote
   they continue.
3. :func:`direct_quotes`: the direct quotes with enough words; a quote with no
   attribution only when it is long (:data:`UNATTRIBUTED_MIN_WORDS`) and ends
   like a sentence.
4. :func:`reporting_verbs`: every reporting verb outside the direct quotes,
   with the speaker phrase before it (:func:`~analysis.voices.speakers.subject_before`).
5. :func:`reported_quotes`: ``X said (that) …``, ``X noted that …``, ``X told
   reporters that …``, ``according to X, …`` and ``…, X said.``; a verb that
   already attributes a direct quote is left alone.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .cues import Cues
from .document import Attribution, Document, Quote, Span
from .speakers import GAP, MAX_SPEAKER_WORDS, attribute, has_boundary, phrase_after, subject_before

#: At most this many words between a ``tell`` verb and ``that`` (told state media that).
MAX_ADDRESSEE_WORDS = 4
#: A quotation with no attribution must have at least this many words (and end like a sentence).
UNATTRIBUTED_MIN_WORDS = 6

_OPEN_CLOSE = {"“": "”", "«": "»"}
#: Every character :func:`pair_quote_marks` reads: the opening and closing marks.
_MARK = re.compile('[“”«»"]')
_QUOTE_OPENERS = '“"«'
_SPEECH_END = re.compile(r"[.!?…,]$")
_THAT_AT_END = re.compile(r"(?<![\w'’-])that$")
_PARTICIPLE_AFTER = re.compile(r",\s*(?:adding|saying|noting)\b")
#: Characters trimmed off a sentence's end before its clauses are read.
_SENTENCE_END_MARKS = ".!?…\"'”’» "


# -- 1. quotation marks ------------------------------------------------------------


@dataclass(frozen=True)
class Marks:
    """A pair of quotation marks: ``open`` and ``close`` are the marks' offsets, ``start:end`` the quote inside.

    ``close`` is the paragraph's end for a quote left open (``unclosed``) that the next paragraph reopens.
    """

    open: int
    close: int
    start: int
    end: int
    unclosed: bool = False


@dataclass(frozen=True)
class QuoteMarks:
    """Every pair of quotation marks of a document, in text order, with the lookups the rules need."""

    pairs: tuple[Marks, ...]
    _opens: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_opens", tuple(m.open for m in self.pairs))

    def inside(self, pos: int) -> bool:
        """Whether *pos* lies after an opening mark and before its closing mark."""
        index = bisect.bisect_left(self._opens, pos) - 1
        return index >= 0 and pos < self.pairs[index].close

    def next_open(self, pos: int) -> int | None:
        """The first opening mark at or after *pos*, or None."""
        index = bisect.bisect_left(self._opens, pos)
        return self._opens[index] if index < len(self._opens) else None


def pair_quote_marks(doc: Document) -> QuoteMarks:
    """Pair the quotation marks of *doc* paragraph by paragraph; inner marks are content.

    >>> from analysis.voices.document import build_sentence
    >>> doc = build_sentence('“He called it "historic" and left,” Aliyev said.')
    >>> [doc.text[m.start:m.end] for m in pair_quote_marks(doc).pairs]
    ['He called it "historic" and left']
    """
    text, found = doc.text, []
    paras = doc.paragraphs or ((0, len(text), "narrative"),)
    for index, (p_start, p_end, _) in enumerate(paras):
        opener, depth = None, 0
        for mark in _MARK.finditer(text, p_start, p_end):  # no other character changes the state
            i, ch = mark.start(), mark.group()
            if opener is None:
                if ch in _OPEN_CLOSE or (ch == '"' and _opens(text, i, p_end)):
                    opener, depth, open_at = ch, 1, i
            elif opener in _OPEN_CLOSE:
                if ch == opener:
                    depth += 1
                elif ch == _OPEN_CLOSE[opener]:
                    depth -= 1
                    if depth == 0:
                        found.append(_marks(text, open_at, i))
                        opener = None
            elif ch == '"' and _closes(text, i, p_start):
                found.append(_marks(text, open_at, i))
                opener = None
        if opener is not None:
            # Unclosed: a quote only under the news convention that a quote running on
            # into the next paragraph leaves its mark open and reopens the next one.
            nxt = paras[index + 1][0] if index + 1 < len(paras) else None
            if nxt is not None and text[nxt] == opener:
                found.append(_marks(text, open_at, p_end, unclosed=True))
    return QuoteMarks(tuple(m for m in found if m.end > m.start))


def _opens(text: str, i: int, p_end: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < p_end else " "
    return (before.isspace() or before in "([{—–-/:") and not after.isspace()


def _closes(text: str, i: int, p_start: int) -> bool:
    return i > p_start and not text[i - 1].isspace()


def _marks(text: str, open_at: int, close_at: int, *, unclosed: bool = False) -> Marks:
    start, end = open_at + 1, close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return Marks(open_at, close_at, start, end, unclosed)


# -- 2. who said a direct quote ------------------------------------------------------


def attribute_direct(doc: Document, cues: Cues, marks: QuoteMarks) -> tuple[Attribution | None, ...]:
    """The attribution of each pair of *marks* (None where there is none), continuations included.

    >>> from analysis.voices.cues import check_cues
    >>> from analysis.voices.document import build_sentence
    >>> doc = build_sentence("“We are ready,” said Aliyev, “and the road is open.”")
    >>> [(a.cue, doc.text[a.speaker[0]:a.speaker[1]]) for a in attribute_direct(doc, check_cues(None), pair_quote_marks(doc))]
    [('quote_then_attribution', 'Aliyev'), ('continuation', 'Aliyev')]
    """
    pairs = marks.pairs
    found: list[Attribution | None] = []
    for index, quote in enumerate(pairs):
        previous_close = pairs[index - 1].close if index else -1
        found.append(_trailing(doc, cues, marks, quote) or _leading(doc, cues, quote, previous_close))
    # Split quotes: an unattributed quote right after or before an attributed one in the
    # same paragraph (or in a quote running on over paragraphs) shares its speaker.
    for index in range(1, len(pairs)):
        before = found[index - 1]
        if found[index] is None and before is not None and _joined(doc.text, pairs[index - 1], pairs[index], before.end):
            found[index] = _continued(before)
    for index in range(len(pairs) - 2, -1, -1):
        after = found[index + 1]
        if found[index] is None and after is not None and _joined(doc.text, pairs[index], pairs[index + 1], pairs[index].close + 1):
            found[index] = _continued(after)
    return tuple(found)


def _trailing(doc: Document, cues: Cues, marks: QuoteMarks, quote: Marks) -> Attribution | None:
    """``“…,” he said`` / ``“…,” said Aliyev`` / ``“…,” according to X``: the attribution right after the quote."""
    text = doc.text
    begin = quote.close + 1
    stop = min(doc.sentence_end(quote.close), doc.paragraph_end(quote.close))
    later = marks.next_open(begin)
    if later is not None:
        stop = min(stop, later)
    if begin >= stop:
        return None
    at = GAP.match(text, begin, stop).end()
    if at >= stop:
        return None
    acc = cues.according.match(text, at, stop)
    if acc:
        speaker = phrase_after(doc, cues, acc.end(), stop, whole=True)
        if speaker:
            return Attribution("quote_then_attribution", acc.group(), speaker, None, stop)
        return None
    for verb in cues.verbs.finditer(text, at, stop):
        if verb.start() == at or GAP.fullmatch(text, at, verb.start()):
            if cues.role.get(_form(verb.group())) != "say":
                return None
            speaker = phrase_after(doc, cues, verb.end(), stop)
            if speaker is None or cues.is_pronoun(text[speaker[0] : speaker[1]]):
                return None
            return Attribution("quote_then_attribution", verb.group(), speaker, None, stop, claimed_verb=verb.start())
        subject = subject_before(doc, cues, at, verb.start(), whole=True)
        if subject is None:
            return None
        return attribute("quote_then_attribution", verb.group(), verb.end(), subject, cues, text, end=stop, claimed_verb=verb.start())
    return None


def _leading(doc: Document, cues: Cues, quote: Marks, previous_close: int) -> Attribution | None:
    """``Aliyev said: “…”`` / ``he stated, “…”``: the attribution in the sentence before the quote."""
    text, sents = doc.text, doc.sentences
    index = doc.sentence_index(quote.open)
    begin = max(sents[index][0] if sents else 0, previous_close + 1)
    if not text[begin : quote.open].strip() and sents and index > 0 and previous_close < sents[index - 1][0]:
        begin = sents[index - 1][0]  # "Aliyev said:" closing the previous sentence or paragraph
    stop = quote.open
    while stop > begin and text[stop - 1].isspace():
        stop -= 1
    lead = text[begin:stop]
    if not lead:
        return None
    verbs = list(cues.verbs.finditer(text, begin, stop))
    if not verbs:
        return None
    ends_with_cue = lead[-1] in ":," or verbs[-1].end() == stop or _THAT_AT_END.search(lead)
    if not ends_with_cue:
        # "X said on Friday “We …”": a short adjunct after the verb, and a quote that opens a sentence.
        adjunct = doc.words_in(verbs[-1].end(), stop, limit=MAX_ADDRESSEE_WORDS + 1)
        opening = doc.first_word(quote.start, quote.end)
        if len(adjunct) > MAX_ADDRESSEE_WORDS or has_boundary(text, verbs[-1].end(), stop) or not opening or not text[opening[0]].isupper():
            return None
    for verb in verbs:
        subject = subject_before(doc, cues, begin, verb.start())
        if subject is not None:
            return attribute("attribution_then_quote", verb.group(), verb.end(), subject, cues, text, end=quote.open, claimed_verb=verb.start())
    if lead[-1] == ":":
        return Attribution("attribution_then_quote", verbs[-1].group(), end=quote.open, claimed_verb=verbs[-1].start())
    return None


def _joined(text: str, first: Marks, second: Marks, after: int) -> bool:
    """Nothing but punctuation between *after* and *second*, and no paragraph break unless *first* runs on."""
    a, b = max(first.close + 1, after), second.open
    if a > b or GAP.fullmatch(text, a, b) is None:
        return False
    return first.unclosed or "\n" not in text[a:b]


def _continued(attribution: Attribution) -> Attribution:
    return Attribution("continuation", attribution.verb, attribution.speaker, attribution.pronoun, attribution.end)


# -- 3. direct quotes -----------------------------------------------------------------


def direct_quotes(doc: Document, marks: QuoteMarks, attributions: Sequence[Attribution | None], *, min_words: int) -> list[Quote]:
    """The direct quotes: attributed pairs of *marks* with at least *min_words* words, and unattributed
    ones with at least :data:`UNATTRIBUTED_MIN_WORDS` words that end like a sentence."""
    quotes = []
    for pair, attribution in zip(marks.pairs, attributions):
        n_words = doc.count_words(pair.start, pair.end)
        if attribution is None:
            if n_words < max(min_words, UNATTRIBUTED_MIN_WORDS) or not _SPEECH_END.search(doc.text[pair.start : pair.close].rstrip()):
                continue
            attribution = Attribution("unattributed")
        elif n_words < min_words:
            continue
        quotes.append(Quote.attributed("direct", pair.start, pair.end, attribution))
    return quotes


# -- 4. reporting verbs -----------------------------------------------------------------


@dataclass(frozen=True)
class ReportingVerb:
    """A reporting verb outside direct quotes: ``text[start:end]`` in sentence number ``sentence``
    (whose clause runs ``clause_start:clause_end``, final marks trimmed), and its ``subject`` phrase or None."""

    sentence: int
    clause_start: int
    clause_end: int
    start: int
    end: int
    text: str
    subject: Span | None


def reporting_verbs(doc: Document, cues: Cues, marks: QuoteMarks) -> tuple[ReportingVerb, ...]:
    """Every reporting verb of *doc* outside the direct quotes, sentence by sentence, with its subject.

    >>> from analysis.voices.cues import check_cues
    >>> from analysis.voices.document import build_sentence
    >>> doc = build_sentence("The Kazakh expert underlined that ties matter.")
    >>> [(v.text, doc.text[v.subject[0]:v.subject[1]]) for v in reporting_verbs(doc, check_cues(None), pair_quote_marks(doc))]
    [('underlined', 'The Kazakh expert')]
    """
    found = []
    for index, (start, end) in enumerate(_clauses(doc)):
        for verb in cues.verbs.finditer(doc.text, start, end):
            if not marks.inside(verb.start()):
                subject = subject_before(doc, cues, start, verb.start())
                found.append(ReportingVerb(index, start, end, verb.start(), verb.end(), verb.group(), subject))
    return tuple(found)


def _clauses(doc: Document) -> list[Span]:
    """Each sentence with its final marks (``.``, ``?``, closing quotes) trimmed."""
    text, clauses = doc.text, []
    for start, end in doc.sentences:
        while end > start and text[end - 1] in _SENTENCE_END_MARKS:
            end -= 1
        clauses.append((start, end))
    return clauses


# -- 5. reported speech ------------------------------------------------------------------


def reported_quotes(
    doc: Document,
    cues: Cues,
    marks: QuoteMarks,
    verbs: Sequence[ReportingVerb],
    *,
    claimed: frozenset[int],
    min_words: int,
) -> list[Quote]:
    """The reported-speech clauses of *doc*, sentence by sentence: ``according to`` first, then each verb
    of *verbs* not in *claimed* (offsets of verbs attributing direct quotes).

    >>> from analysis.voices.cues import check_cues
    >>> from analysis.voices.document import build_sentence
    >>> doc, cues = build_sentence("Momynkulov noted that the region is stable."), check_cues(None)
    >>> marks = pair_quote_marks(doc)
    >>> [(doc.text[q.start:q.end], q.cue) for q in reported_quotes(doc, cues, marks, reporting_verbs(doc, cues, marks), claimed=frozenset(), min_words=3)]
    [('the region is stable', 'speaker_verb_that')]
    """
    text, quotes, next_verb = doc.text, [], 0
    for index, (start, end) in enumerate(_clauses(doc)):
        quotes.extend(_according_to(doc, cues, marks, start, end, min_words))
        while next_verb < len(verbs) and verbs[next_verb].sentence == index:
            verb = verbs[next_verb]
            next_verb += 1
            if verb.start in claimed:
                continue
            role = cues.role.get(_form(verb.text))
            if verb.subject is not None:
                content = _complement(doc, cues, verb.end, end, role, min_words)
                if content and _enough(doc, content, min_words) and text[content[0]] not in _QUOTE_OPENERS:
                    att = attribute("speaker_verb_that", verb.text, verb.end, verb.subject, cues, text)
                    quotes.append(Quote.attributed("reported", *content, att))
                    continue
            if role in ("say", "tell"):
                quote = _content_then(doc, cues, marks, verb, role, min_words)
                if quote:
                    quotes.append(quote)
    return quotes


def _according_to(doc: Document, cues: Cues, marks: QuoteMarks, s_start: int, end: int, min_words: int) -> list[Quote]:
    """``According to X, content.`` / ``Content, according to X.``"""
    text = doc.text
    acc = cues.according.search(text, s_start, end)
    if not acc or marks.inside(acc.start()):
        return []
    comma = text.find(",", acc.end(), end)
    if GAP.fullmatch(text, s_start, acc.start()) and comma > 0:
        speaker = phrase_after(doc, cues, acc.end(), comma, whole=True)
        content = _strip(text, comma + 1, end)
        following = text.find(",", content[0], end)
        if speaker and following > 0 and _is_description(doc, cues, content[0], following):
            content = _strip(text, following + 1, end)  # "According to X, her spokeswoman, ..."
    elif acc.start() > s_start and text[s_start : acc.start()].rstrip().endswith(","):
        speaker = phrase_after(doc, cues, acc.end(), end, whole=True)
        content = _strip(text, s_start, text.rfind(",", s_start, acc.start()))
    else:
        return []
    if speaker and _enough(doc, content, min_words):
        return [Quote.attributed("reported", *content, Attribution("according_to", acc.group(), speaker))]
    return []


def _complement(doc: Document, cues: Cues, begin: int, end: int, role: str | None, min_words: int) -> Span | None:
    """The reported clause after a verb: ``that …`` (after an addressee for ``tell`` verbs), or a bare clause after ``say`` verbs."""
    text = doc.text
    tokens = doc.speaker_words(begin, end, limit=max(MAX_ADDRESSEE_WORDS, min_words) + 1)  # all the rules below read
    if not tokens or text[begin : tokens[0][0]].strip():
        return None  # nothing, or punctuation right after the verb: no complement clause
    for s, e in tokens[: MAX_ADDRESSEE_WORDS + 1]:  # told the press that / said on Monday that
        if role != "tell" and cues.role.get(text[s:e].casefold()) in ("determiner", "indefinite"):
            break  # "said the talks that were held ...": "that" opens a relative clause
        if text[s:e] == "that":
            return None if has_boundary(text, begin, s) else _strip(text, e, end)
    if role == "say":
        folded = text[tokens[0][0] : tokens[0][1]].casefold()
        role0 = cues.role.get(folded)
        if folded not in cues.stop or role0 in ("determiner", "indefinite", "pronoun_person", "pronoun_other"):
            # A bare clause must run min_words words before any punctuation ("said Sunday — ..." is not one).
            words = 0
            for s, _ in tokens:
                if has_boundary(text, tokens[0][0], s) or words >= min_words:
                    break
                words += 1
            if words >= min_words:
                return _strip(text, tokens[0][0], end)
    return None


def _content_then(doc: Document, cues: Cues, marks: QuoteMarks, verb: ReportingVerb, role: str, min_words: int) -> Quote | None:
    """``Content, X said.`` / ``Content, said X.`` / ``Content, officials told state media.``"""
    text, s_start, end = doc.text, verb.clause_start, verb.clause_end
    comma = doc.last_comma(s_start, verb.start)
    if comma < 0 or marks.inside(comma):
        return None
    tail_end = doc.first_comma(verb.end, end)
    tail_end = end if tail_end < 0 else tail_end
    if tail_end != end and not _PARTICIPLE_AFTER.match(text[tail_end:end]):
        return None
    if GAP.fullmatch(text, comma + 1, verb.start):
        if role != "say":
            return None
        speaker = phrase_after(doc, cues, verb.end, tail_end, whole=True)
        if speaker is None or cues.is_pronoun(text[speaker[0] : speaker[1]]):
            return None
        att = Attribution("content_then_attribution", verb.text, speaker)
    else:
        subject = subject_before(doc, cues, comma + 1, verb.start, whole=True)
        if subject is None:
            return None
        rest = doc.words_in(verb.end, tail_end, limit=MAX_ADDRESSEE_WORDS + 1)
        if len(rest) > (MAX_ADDRESSEE_WORDS if role == "tell" else 0):
            return None
        att = attribute("content_then_attribution", verb.text, verb.end, subject, cues, text)
    content = _strip(text, s_start, comma)
    if not _enough(doc, content, min_words) or text[content[0]] in _QUOTE_OPENERS:
        return None
    return Quote.attributed("reported", *content, att)


def _is_description(doc: Document, cues: Cues, begin: int, end: int) -> bool:
    """``Hagan's former spokeswoman``: speaker-phrase words only, with a lower-case content word."""
    text = doc.text
    tokens = doc.speaker_words(begin, end)
    words = [text[s:e] for s, e in tokens]
    return (bool(tokens) and len(tokens) <= MAX_SPEAKER_WORDS and GAP.fullmatch(text, tokens[-1][1], end) is not None
            and all(cues.is_np_word(w) for w in words)
            and any(w[0].islower() and cues.role.get(w) is None for w in words))


def _enough(doc: Document, span: Span, min_words: int) -> bool:
    return span[1] > span[0] and doc.count_words(*span) >= min_words


def _form(verb: str) -> str:
    """A verb as listed in the lexicon: inner white space as single spaces (``according  to``)."""
    return re.sub(r"\s+", " ", verb)


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and (text[start].isspace() or text[start] in ",:;—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",:;.—–-"):
        end -= 1
    return start, end
