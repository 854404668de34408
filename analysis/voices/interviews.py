"""Interviews: the interviewee's answers are quotations; the questions are the outlet's own voice.

The question/answer structure is :func:`analysis.split_paragraphs`'s: a
paragraph opened by a dash or ``Q:`` and ending in a question mark is a
question, the turns after it (up to the next question) are the answer. Each
answer paragraph is one ``interview_answer`` quote, without its turn mark
(``- ``, ``A:``), spoken by the document's ``interviewee``: its first mention
in the text when the text spells it out, else the name alone (no offsets).
Following the attribution relations of PARC 3.0 (Pareti 2016, LREC), where
the source of an interview turn is the interviewee introduced by the frame.
"""

from __future__ import annotations

import re

from .document import Document, Quote

#: The mark opening an answer turn: a dash, or ``A:`` / ``Answer:``.
_ANSWER_MARK = re.compile(r"(?:[-–—]\s*|(?:A|Answer)\s*[:.]\s*)")


def interview_answers(doc: Document, interviewee: str | None) -> list[Quote]:
    """One ``interview_answer`` quote per answer paragraph of *doc*, spoken by *interviewee*.

    >>> from analysis.voices.document import build_document
    >>> text = "Abishev spoke to us.\\n- Why now?\\n- Because the time is right."
    >>> doc = build_document(text, sentences=[], paragraphs=[(0, 20, "narrative"), (21, 31, "question"), (32, 60, "answer")], tokens=[])
    >>> [(text[q.start:q.end], q.speaker_text(text), q.speaker) for q in interview_answers(doc, "Abishev")]
    [('Because the time is right.', 'Abishev', (0, 7))]
    >>> [(q.speaker_text(text), q.speaker) for q in interview_answers(doc, "Gaziz Abishev")]
    [('Gaziz Abishev', None)]
    """
    text = doc.text
    speaker = None
    if interviewee:
        at = text.find(interviewee)
        if at >= 0:
            speaker = (at, at + len(interviewee))
    named = interviewee if interviewee and speaker is None else None  # from the manifest; the text does not spell it out
    quotes = []
    for p_start, p_end, role in doc.paragraphs:
        if role != "answer":
            continue
        mark = _ANSWER_MARK.match(text, p_start, p_end)
        start = mark.end() if mark else p_start
        if start < p_end:
            quotes.append(Quote("interview_answer", start, p_end, "interview_answer", None, speaker, None, named))
    return quotes
