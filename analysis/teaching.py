"""Exercises for the teaching notebooks, with checkers whose answers are computed from the corpus.

The notebooks in ``notebooks/teaching/`` teach computational text analysis on
the seed corpus. Each ends its sections with exercises: the learner writes an
answer in a cell (``answer_1 = None`` to start with) and the check cell calls
:func:`check`, which says plainly ``right`` or ``not yet``, and why (no answer
yet, an answer of the wrong kind, a number too high or too low, which value of
a pair is wrong), with a hint. In the instructor's copy (``show_solutions``)
the cell before the check calls :func:`solve`, which prints the worked answer
(how it is computed, with the values it is computed from) and fills it in.

The exercises are data: ``analysis/data/teaching/exercises.toml`` gives each
one's id, notebook, question, kind of answer, hint, worked answer, and the name
of the *computation* that derives the accepted answers from the corpus through
the public API (:data:`COMPUTATIONS`). No expected value is stored anywhere, so the
exercises stay true when the seeds, the tokenizer or a measure change; an
exercise that has no answer on a corpus (a corpus without a negative
sentence, say) says so instead of failing.

``data`` is what the notebooks load with :func:`analysis.open_corpus` (a
:class:`~analysis.cache.ScoredCorpus`: ``data.docs`` and ``data.scores``);
exercises about a fixed example (a given sentence, given counts) do not need it.

The methods the exercises practise are those of the measures they call, each
cited there: Punkt and Treebank tokenization (Kiss & Strunk 2006), collocations
(Church & Hanks 1990; Dunning 1993), KWIC (Luhn 1960), VADER (Hutto & Gilbert
2014), dictionary framing (Entman 1993; Benoit et al. 2018), precision, recall
and F1 (Manning, Raghavan & Schütze 2008, sec. 8.3) and Krippendorff's alpha
(Krippendorff 2011).
"""

from __future__ import annotations

import math
import numbers
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import numpy as np
import pandas as pd

from .framing import evaluate_frames, krippendorff_alpha, match_frames
from .resources import read_text
from .sentiment import actor_tone, explain_sentence, vader_scores
from .stats import collocations, kwic, term_frequencies
from .schema import DOC_ID, SENT_ID, TOKEN_ID

#: The packaged exercise definitions (under ``analysis/data``).
EXERCISES_FILE = "teaching/exercises.toml"
#: Columns of :func:`list_exercises`.
EXERCISE_COLUMNS = ["id", "notebook", "answer", "compute", "tolerance", "question", "hint", "working"]
#: Kinds of answer an exercise may ask for.
AnswerKind = Literal["integer", "number", "text", "pair"]
ANSWER_KINDS = ("integer", "number", "text", "pair")
#: Keys an ``[[exercise]]`` table must have, and those it may have.
REQUIRED_KEYS = ("id", "notebook", "question", "answer", "compute", "hint", "working")
OPTIONAL_KEYS = ("params", "tolerance")
#: Longest rendering of a learner's answer repeated back in a message.
SHOWN_ANSWER_CHARS = 80


@dataclass(frozen=True)
class Exercise:
    """One exercise as defined in the exercises file."""

    id: str
    notebook: str
    question: str
    answer: AnswerKind
    compute: str
    hint: str
    working: str
    params: Mapping[str, Any] = field(default_factory=dict)
    tolerance: float | None = None


@dataclass(frozen=True)
class Expected:
    """What a computation returns: the accepted answers, the values its question names, or why there is none."""

    answers: tuple = ()
    context: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""


# --------------------------------------------------------------------------- public API


def list_exercises(notebook: str | None = None) -> pd.DataFrame:
    """Return one row per exercise: ``id, notebook, answer, compute, tolerance, question, hint, working``.

    With *notebook* (a file stem such as ``"01_tokens_and_sentences"``), only
    that notebook's exercises. Rows follow the file's order.

    >>> list_exercises("01_tokens_and_sentences")["id"].tolist()
    ['tokens.1', 'tokens.2', 'tokens.3', 'tokens.4', 'tokens.5']
    """
    exercises = _exercises()
    notebooks = sorted({e.notebook for e in exercises.values()})
    if notebook is not None and notebook not in notebooks:
        raise ValueError(f"notebook={notebook!r} has no exercises; notebooks with exercises: {notebooks}")
    rows = [
        (e.id, e.notebook, e.answer, e.compute, e.tolerance, e.question, e.hint, e.working)
        for e in exercises.values()
        if notebook is None or e.notebook == notebook
    ]
    out = pd.DataFrame(rows, columns=EXERCISE_COLUMNS)
    return out.astype({"id": "string", "notebook": "string", "answer": "string", "compute": "string",
                       "tolerance": "float64", "question": "string", "hint": "string", "working": "string"})


def question(exercise_id: str, data: Any = None) -> str:
    """Return the question of *exercise_id* with its blanks (``{doc_id}``, ...) filled in from *data*.

    >>> print(question("frames.4"))
    A dictionary marks 8 sentences as `security`; the coders marked 10; 6 sentences are in both. What is ...
    """
    exercise = _exercise(exercise_id)
    expected = _expected(exercise, data)
    return _render(exercise, expected)


def ask(exercise_id: str, data: Any = None) -> None:
    """Print the question of *exercise_id* (see :func:`question`), headed by its id."""
    print(f"Exercise {exercise_id}: {question(exercise_id, data)}")


def solution(exercise_id: str, data: Any = None) -> Any:
    """Return the expected answer of *exercise_id* on *data*, computed through the public API.

    When several answers are accepted (a tie), the first is returned; when the
    exercise has no answer on this corpus, a note is printed and ``None`` returned.

    >>> solution("frames.4")
    0.666...
    """
    exercise = _exercise(exercise_id)
    expected = _expected(exercise, data)
    if not expected.answers:
        print(f"{exercise_id}: no solution on this corpus: {expected.note}")
        return None
    return expected.answers[0]


def worked_answer(exercise_id: str, data: Any = None) -> str:
    """Return the worked answer of *exercise_id* on *data*: how the answer is computed, the values it comes from, and the answer.

    The exercise's ``working`` text is filled in from the computation (the
    same values the checker accepts); when the exercise has no answer on this
    corpus, the text says why.

    >>> print(worked_answer("frames.4"))
    Worked answer to frames.4: precision = tp / (tp + fp) = 6 / 8 = 0.75; recall = tp / (tp + fn) = 6 / 10 = 0.6; ...
    Answer: 0.6667
    """
    exercise = _exercise(exercise_id)
    expected = _expected(exercise, data)
    if not expected.answers:
        return f"Worked answer to {exercise_id}: none on this corpus: {expected.note}"
    first = expected.answers[0]
    values = {**exercise.params, **expected.context, "answer": first if isinstance(first, str) else _plain(first)}
    try:
        working = exercise.working.format(**values)
    except (KeyError, IndexError, ValueError):  # a corpus that lacks a value the text names: the answer alone
        working = f"computed with `{exercise.compute}`."
    others = [_plain(a) for a in expected.answers[1:]]
    tied = f" (tied with {', '.join(others)}; any of them is right)" if others else ""
    return f"Worked answer to {exercise_id}: {working}\nAnswer: {_plain(expected.answers[0])}{tied}"


def solve(exercise_id: str, data: Any = None) -> Any:
    """Print the worked answer of *exercise_id* on *data* (:func:`worked_answer`) and return the answer (``None`` when there is none).

    The instructor's copy of a teaching notebook (``show_solutions``) fills in
    each answer with it, so the page shows how every answer is reached.

    >>> solve("frames.4")
    Worked answer to frames.4: ...
    0.666...
    """
    print(worked_answer(exercise_id, data))
    expected = _expected(_exercise(exercise_id), data)
    return expected.answers[0] if expected.answers else None


def check(exercise_id: str, answer: Any, data: Any = None) -> bool:
    """Print plainly whether *answer* answers *exercise_id* on *data*: ``right``, or ``not yet`` with why and a hint; return it as a bool.

    Never raises on a wrong, missing (``None``) or ill-typed answer, nor when
    the exercise has no answer on this corpus; only an unknown *exercise_id*
    raises (``ValueError``, listing the valid ids). Answers are compared by the
    exercise's kind: ``integer`` exactly, ``number`` within its tolerance,
    ``text`` ignoring case and runs of white space, ``pair`` element by element.
    Any of several tied answers is accepted. Why an answer is not right: there
    is none yet, it is of the wrong kind, a number is too high or too low, one
    or both values of a pair are wrong, or a text is another one.

    >>> check("frames.4", None)
    frames.4: not yet: no answer. Replace None with your answer and run the cell again.
    False
    >>> check("frames.4", 0.5)
    frames.4: not yet: 0.5 is too low. Hint: tp is given; ...
    False
    >>> check("frames.4", 2 * 6 / (2 * 6 + 2 + 4))
    frames.4: right.
    True
    """
    right, message = _verdict(exercise_id, answer, data)
    print(message)
    return right


def summarize_answers(answers: Mapping[str, Any], data: Any = None) -> pd.DataFrame:
    """One row per exercise of *answers* (exercise id -> the learner's answer): ``id, question, answer, right, verdict``.

    The verdict is :func:`check`'s line, without printing it; a teaching
    notebook ends with this table, so a learner sees at a glance which
    exercises are still open, and the report keeps it as a CSV.

    >>> summarize_answers({"frames.4": None, "tokens.3": None})[["id", "right"]].values.tolist()
    [['frames.4', False], ['tokens.3', False]]
    """
    if not isinstance(answers, Mapping):
        raise TypeError(f"summarize_answers: answers must map exercise ids to answers; got {type(answers).__name__}")
    rows = []
    for exercise_id, answer in answers.items():
        right, message = _verdict(exercise_id, answer, data)
        rows.append((exercise_id, question(exercise_id, data), "" if answer is None else _shown(answer), right,
                     message.removeprefix(f"{exercise_id}: ")))
    out = pd.DataFrame(rows, columns=["id", "question", "answer", "right", "verdict"])
    return out.astype({"id": "string", "question": "string", "answer": "string", "right": "bool", "verdict": "string"})


def _verdict(exercise_id: str, answer: Any, data: Any) -> tuple[bool, str]:
    """Whether *answer* answers *exercise_id* on *data*, and :func:`check`'s line saying so."""
    exercise = _exercise(exercise_id)
    if answer is None:
        return False, f"{exercise_id}: not yet: no answer. Replace None with your answer and run the cell again."
    expected = _expected(exercise, data)
    if not expected.answers:
        return False, f"{exercise_id}: cannot be checked on this corpus: {expected.note}"
    problem = _kind_problem(exercise.answer, answer)
    if problem:
        return False, f"{exercise_id}: not yet: {problem}, and your answer is {_shown(answer)}. Hint: {exercise.hint}"
    if any(_same(exercise, answer, accepted) for accepted in expected.answers):
        return True, f"{exercise_id}: right."
    return False, f"{exercise_id}: not yet: {_why(exercise, answer, expected.answers)}. Hint: {exercise.hint}"


# --------------------------------------------------------------------------- the exercises file


def read_exercises(toml_text: str, *, source: str = "exercises") -> dict[str, Exercise]:
    """Parse and validate an exercises file (the format of ``analysis/data/teaching/exercises.toml``).

    Raises ``ValueError`` naming *source*, the exercise and what is wrong: a
    missing or unknown key, a duplicate id, an unknown answer kind or
    computation, a ``number`` exercise without a tolerance.
    """
    try:
        spec = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"exercises file {source!r} is not valid TOML: {exc}") from None
    entries = spec.get("exercise")
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"exercises file {source!r} has no [[exercise]] tables")
    exercises: dict[str, Exercise] = {}
    for i, entry in enumerate(entries, start=1):
        name = f"exercise {i} ({entry.get('id', 'no id')!r})"
        missing = [key for key in REQUIRED_KEYS if not isinstance(entry.get(key), str) or not entry[key].strip()]
        if missing:
            raise ValueError(f"exercises file {source!r}: {name} lacks {', '.join(missing)} (each must be a non-empty string)")
        unknown = sorted(set(entry) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
        if unknown:
            raise ValueError(f"exercises file {source!r}: {name} has unknown key(s) {unknown}; valid: {[*REQUIRED_KEYS, *OPTIONAL_KEYS]}")
        if entry["id"] in exercises:
            raise ValueError(f"exercises file {source!r}: id {entry['id']!r} is used twice")
        if entry["answer"] not in ANSWER_KINDS:
            raise ValueError(f"exercises file {source!r}: {name} has answer {entry['answer']!r}; valid: {list(ANSWER_KINDS)}")
        if entry["compute"] not in COMPUTATIONS:
            raise ValueError(f"exercises file {source!r}: {name} has compute {entry['compute']!r}; valid: {sorted(COMPUTATIONS)}")
        params = entry.get("params", {})
        if not isinstance(params, dict):
            raise ValueError(f"exercises file {source!r}: {name} has params {params!r}; it must be a table")
        tolerance = entry.get("tolerance")
        if entry["answer"] == "number":
            if not isinstance(tolerance, (int, float)) or isinstance(tolerance, bool) or not tolerance > 0:
                raise ValueError(f"exercises file {source!r}: {name} is a number exercise and needs a tolerance > 0; got {tolerance!r}")
        elif tolerance is not None:
            raise ValueError(f"exercises file {source!r}: {name} has a tolerance but its answer is {entry['answer']!r}, not 'number'")
        exercises[entry["id"]] = Exercise(
            id=entry["id"], notebook=entry["notebook"], question=entry["question"], answer=entry["answer"],
            compute=entry["compute"], hint=entry["hint"], working=entry["working"], params=params,
            tolerance=None if tolerance is None else float(tolerance),
        )
    return exercises


@cache
def _exercises() -> dict[str, Exercise]:
    return read_exercises(read_text(EXERCISES_FILE), source=f"analysis/data/{EXERCISES_FILE}")


def _exercise(exercise_id: str) -> Exercise:
    exercises = _exercises()
    if exercise_id not in exercises:
        raise ValueError(f"exercise_id={exercise_id!r} is not an exercise; valid ids: {list(exercises)}")
    return exercises[exercise_id]


def _expected(exercise: Exercise, data: Any) -> Expected:
    """Run the exercise's computation; a corpus it cannot run on gives an :class:`Expected` with a note."""
    try:
        return COMPUTATIONS[exercise.compute](data, **exercise.params)
    except _NeedsCorpus as exc:
        return Expected(note=str(exc))
    except Exception as exc:  # a corpus the computation cannot handle: say so, never fail the notebook
        return Expected(note=f"{type(exc).__name__}: {exc}")


def _render(exercise: Exercise, expected: Expected) -> str:
    values = {**exercise.params, **expected.context}
    try:
        text = exercise.question.format(**values)
    except (KeyError, IndexError):
        text = exercise.question
    return text if not expected.note else f"{text}\n(Note: {expected.note})"


# --------------------------------------------------------------------------- comparing answers


def _kind_problem(kind: str, answer: Any) -> str:
    """Why *answer* is not of the exercise's *kind* ("" when it is)."""
    if kind == "integer" and not _is_integer(answer):
        return "expected a whole number"
    if kind == "number" and not _is_number(answer):
        return "expected a number"
    if kind == "text" and not isinstance(answer, str):
        return "expected text (a string in quotes)"
    if kind == "pair" and (isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 2):
        return "expected a pair of two values, like (a, b)"
    return ""


def _same(exercise: Exercise, answer: Any, accepted: Any) -> bool:
    if exercise.answer == "integer":
        return int(answer) == int(accepted)
    if exercise.answer == "number":
        return abs(float(answer) - float(accepted)) <= exercise.tolerance
    if exercise.answer == "text":
        return _fold(answer) == _fold(accepted)
    return all(_same_value(a, b) for a, b in zip(tuple(answer), tuple(accepted)))


def _why(exercise: Exercise, answer: Any, accepted: tuple) -> str:
    """Why *answer* (of the right kind) is not one of the *accepted* answers, said plainly."""
    shown = _shown(answer)
    if exercise.answer in ("integer", "number"):
        values = [float(a) for a in accepted]
        if all(float(answer) > v for v in values):
            return f"{shown} is too high"
        if all(float(answer) < v for v in values):
            return f"{shown} is too low"
        return f"{shown} is not it"
    if exercise.answer == "pair":
        first = any(_same_value(tuple(answer)[0], a[0]) for a in accepted)
        second = any(_same_value(tuple(answer)[1], a[1]) for a in accepted)
        if first and not second:
            return f"in {shown} the first value is right, the second is not"
        if second and not first:
            return f"in {shown} the second value is right, the first is not"
        return f"in {shown} neither value is right" if not (first or second) else f"{shown} is not a pair that goes together"
    return f"{shown} is not it"


def _plain(value: Any) -> str:
    """An answer as the worked answer shows it: numbers to four decimals, text as written, pairs as ``(a, b)``.

    >>> _plain(2 / 3), _plain(("b", 3)), _plain("central asia")
    ('0.6667', "('b', 3)", "'central asia'")
    """
    if isinstance(value, float):
        return f"{value:.4f}"
    return repr(value)


def _same_value(answer: Any, accepted: Any) -> bool:
    if isinstance(accepted, str):
        return isinstance(answer, str) and _fold(answer) == _fold(accepted)
    return _is_number(answer) and float(answer) == float(accepted)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(float(value))


def _is_integer(value: Any) -> bool:
    return _is_number(value) and float(value).is_integer()


def _fold(text: str) -> str:
    return " ".join(str(text).casefold().split())


def _shown(answer: Any) -> str:
    text = repr(answer)
    return text if len(text) <= SHOWN_ANSWER_CHARS else text[: SHOWN_ANSWER_CHARS - 3] + "..."


# --------------------------------------------------------------------------- computations


class _NeedsCorpus(Exception):
    """A computation was given no corpus, or a corpus without what it needs."""


def _scores(data: Any):
    if data is None or not hasattr(data, "scores") or not hasattr(data, "docs"):
        raise _NeedsCorpus("this exercise needs the corpus: pass data = analysis.open_corpus(corpus) as the last argument")
    return data.docs, data.scores


def _first_scored_doc(data: Any) -> str:
    """The first document (in corpus order) that the English-only measures scored."""
    docs, scores = _scores(data)
    documents = scores.documents
    scored = documents.loc[documents["scored"].astype(bool), DOC_ID] if "scored" in documents.columns else documents[DOC_ID]
    if not len(scored):
        raise _NeedsCorpus("the corpus has no scored (English) document")
    return str(scored.iloc[0])


def _ties(frame: pd.DataFrame, column: str, *, lowest: bool = False) -> pd.DataFrame:
    """Rows of *frame* whose *column* equals its best value (within floating-point noise)."""
    values = frame[column].astype("float64")
    best = values.min() if lowest else values.max()
    return frame.loc[np.isclose(values, best, rtol=0, atol=1e-12)]


def _first_token_offsets(data: Any) -> Expected:
    """``(start, end)`` of the first token of the corpus's most frequent word in the first document that has it."""
    docs, scores = _scores(data)
    terms = term_frequencies(scores.tokens)
    if not len(terms):
        raise _NeedsCorpus("the corpus has no words")
    term = str(terms["term"].iloc[0])
    tokens = scores.tokens.loc[scores.tokens["norm"] == term]
    doc_order = {doc_id: i for i, doc_id in enumerate(docs[DOC_ID])}
    first = tokens.assign(order=tokens[DOC_ID].map(doc_order)).sort_values(["order", TOKEN_ID], kind="stable").iloc[0]
    return Expected(answers=((int(first["start"]), int(first["end"])),),
                    context={"term": term, DOC_ID: str(first[DOC_ID]), "token_id": int(first[TOKEN_ID]), "token": str(first["token"])})


def _top_terms(data: Any) -> Expected:
    """The most frequent terms (stopwords and punctuation left out; every tied term is accepted)."""
    _, scores = _scores(data)
    terms = term_frequencies(scores.tokens)
    if not len(terms):
        raise _NeedsCorpus("the corpus has no words")
    top = terms.iloc[0]
    return Expected(answers=tuple(str(t) for t in _ties(terms, "n")["term"]), context={"n": int(top["n"]), "n_docs": int(top["n_docs"])})


def _count_norm(data: Any, *, norm: str) -> Expected:
    """The number of tokens whose ``norm`` is *norm*."""
    _, scores = _scores(data)
    tokens = scores.tokens.loc[scores.tokens["norm"] == norm, "token"].astype(str)
    curly = int(tokens.str.contains("\u2019", regex=False).sum())
    return Expected(answers=(len(tokens),), context={"norm": norm, "curly": curly, "straight": len(tokens) - curly})


def _top_collocations(data: Any, *, measure: Literal["llr", "pmi"], min_count: int) -> Expected:
    """The best collocation(s) by *measure* among pairs seen *min_count* times, as ``"w1 w2"``."""
    _, scores = _scores(data)
    table = collocations(scores.tokens, measure=measure, min_count=min_count)
    context = {"measure": measure, "min_count": min_count}
    if not len(table):
        return Expected(context=context, note=f"no word pair occurs {min_count} times in this corpus")
    best = _ties(table, measure)
    context |= {"n": int(best["n"].iloc[0]), "score": float(best[measure].iloc[0])}
    return Expected(answers=tuple(f"{w1} {w2}" for w1, w2 in zip(best["w1"], best["w2"])), context=context)


def _kwic_count(data: Any, *, pattern: str) -> Expected:
    """The number of keyword-in-context lines of the glob *pattern*."""
    _, scores = _scores(data)
    lines = kwic(scores.tokens, pattern)
    forms = ", ".join(f"{form} {n}" for form, n in lines["match"].astype(str).str.lower().value_counts().items()) or "none"
    return Expected(answers=(len(lines),), context={"pattern": pattern, "forms": forms})


def _whole_text_compound(data: Any) -> Expected:
    """VADER's compound of the first scored document's whole text, scored as one string."""
    docs, _ = _scores(data)
    doc_id = _first_scored_doc(data)
    text = str(docs.loc[docs[DOC_ID] == doc_id, "text"].iloc[0])
    return Expected(answers=(float(vader_scores([text])["compound"].iloc[0]),), context={DOC_ID: doc_id, "n_words": len(text.split())})


def _mean_sentence_compound(data: Any) -> Expected:
    """The mean VADER compound of the first scored document's sentences."""
    _, scores = _scores(data)
    doc_id = _first_scored_doc(data)
    compound = scores.sentences.loc[scores.sentences[DOC_ID] == doc_id, "compound"].astype("float64")
    return Expected(answers=(float(compound.mean()),), context={DOC_ID: doc_id, "n_sentences": len(compound)})


def _most_negative_sentences(data: Any) -> Expected:
    """``(doc_id, sent_id)`` of the sentence(s) with the lowest compound."""
    _, scores = _scores(data)
    sentences = scores.sentences.dropna(subset=["compound"])
    if not len(sentences):
        raise _NeedsCorpus("the corpus has no scored sentence")
    best = _ties(sentences, "compound", lowest=True)
    context = {"compound": float(best["compound"].iloc[0]), "text": str(best["text"].iloc[0])}
    return Expected(answers=tuple((str(d), int(s)) for d, s in zip(best[DOC_ID], best[SENT_ID])), context=context)


def _top_valence_word(data: Any, *, text: str) -> Expected:
    """The word(s) of *text* with the highest valence in VADER's explanation (the corpus is not needed)."""
    explanation = explain_sentence(text)
    words = explanation.loc[explanation["unit"] == "word"]
    best = _ties(words, "valence")
    context = {"text": text, "valence": float(best["valence"].iloc[0]), "lexicon_valence": float(best["lexicon_valence"].iloc[0])}
    return Expected(answers=tuple(str(w) for w in best["word"]), context=context)


def _lowest_actor_tone(data: Any, *, min_sentences: int) -> Expected:
    """The actor(s) named in at least *min_sentences* sentences whose sentences have the lowest mean compound."""
    _, scores = _scores(data)
    sentences = scores.sentences.dropna(subset=["compound"])
    mentions = scores.actors.merge(sentences[[DOC_ID, SENT_ID]], on=[DOC_ID, SENT_ID])
    tone = actor_tone(sentences, mentions)
    tone = tone.loc[tone["n_sentences"] >= min_sentences]
    context = {"min_sentences": min_sentences}
    if not len(tone):
        return Expected(context=context, note=f"no actor is named in {min_sentences} sentences of this corpus")
    best = _ties(tone, "compound_mean", lowest=True)
    context |= {"compound_mean": float(best["compound_mean"].iloc[0]), "n_sentences": int(best["n_sentences"].iloc[0])}
    return Expected(answers=tuple(str(a) for a in best["actor"]), context=context)


def _top_frames(data: Any) -> Expected:
    """The frame(s) with the most hits in the corpus (``scores.frame_hits``)."""
    _, scores = _scores(data)
    counts = scores.frame_hits.groupby("frame").size().rename("n").reset_index()
    if not len(counts):
        raise _NeedsCorpus("the corpus has no frame hits")
    ranked = counts.sort_values(["n", "frame"], ascending=[False, True], kind="stable")
    counted = ", ".join(f"{frame} {n}" for frame, n in zip(ranked["frame"], ranked["n"]))
    return Expected(answers=tuple(str(f) for f in _ties(counts, "n")["frame"]), context={"counts": counted})


def _dictionary_hits(data: Any, *, dictionary: Mapping[str, list[str]]) -> Expected:
    """The number of hits of *dictionary* (frame -> patterns) on the corpus's tokens."""
    docs, scores = _scores(data)
    hits = match_frames(scores.tokens, dict(dictionary), docs=docs)
    by_pattern = ", ".join(f"{pattern} {n}" for pattern, n in hits["pattern"].astype(str).value_counts().items()) if len(hits) else "none"
    return Expected(answers=(len(hits),), context={"dictionary": dict(dictionary), "by_pattern": by_pattern})


def _frame_sentence_share(data: Any, *, frame: str) -> Expected:
    """The share of the first scored document's sentences that carry *frame* (``scores.frames``)."""
    _, scores = _scores(data)
    doc_id = _first_scored_doc(data)
    rows = scores.frames.loc[(scores.frames[DOC_ID] == doc_id) & (scores.frames["frame"] == frame)]
    if not len(rows):
        raise _NeedsCorpus(f"the frames table has no row for document {doc_id!r} and frame {frame!r}")
    row = rows.iloc[0]
    context = {DOC_ID: doc_id, "frame": frame, "n_frame_sentences": int(row["n_frame_sentences"]), "n_sentences": int(row["n_sentences"])}
    return Expected(answers=(float(row["sentence_share"]),), context=context)


def _f1_from_counts(data: Any, *, tp: int, fp: int, fn: int) -> Expected:
    """F1 of one frame from given counts, computed by :func:`analysis.framing.evaluate_frames` on labels built from them."""
    gold_ids = list(range(tp + fn))  # sentences 0..tp-1 are in both
    predicted_ids = list(range(tp)) + list(range(tp + fn, tp + fn + fp))
    gold = pd.DataFrame({DOC_ID: "d", SENT_ID: gold_ids, "frame": "security"})
    predicted = pd.DataFrame({DOC_ID: "d", SENT_ID: predicted_ids, "frame": "security"})
    scores = evaluate_frames(predicted, gold).set_index("frame")
    context = {"tp": tp, "fp": fp, "fn": fn, "predicted": tp + fp, "gold": tp + fn, "tp2": 2 * tp,
               "precision": float(scores.loc["security", "precision"]), "recall": float(scores.loc["security", "recall"])}
    return Expected(answers=(float(scores.loc["security", "f1"]),), context=context)


def _alpha_two_coders(data: Any, *, coder_a: list[int], coder_b: list[int]) -> Expected:
    """Krippendorff's nominal alpha of two coders' codes of the same units (:func:`analysis.framing.krippendorff_alpha`)."""
    if len(coder_a) != len(coder_b):
        raise ValueError(f"coder_a has {len(coder_a)} codes and coder_b {len(coder_b)}; they must code the same units")
    codings = pd.DataFrame(
        [(unit, "A", a) for unit, a in enumerate(coder_a)] + [(unit, "B", b) for unit, b in enumerate(coder_b)],
        columns=["unit", "coder", "value"],
    )
    values = list(coder_a) + list(coder_b)
    n_agree = sum(a == b for a, b in zip(coder_a, coder_b))
    context = {"coder_a": coder_a, "coder_b": coder_b, "n_agree": n_agree, "n_units": len(coder_a), "n_values": len(values),
               "n_values_minus_1": len(values) - 1, "n_disagree": len(coder_a) - n_agree}
    if set(values) <= {0, 1}:  # the terms of the binary nominal formula the worked answer shows
        n1 = sum(values)
        n0 = len(values) - n1
        context |= {"n0": n0, "n1": n1, "pairs": 2 * (len(coder_a) - n_agree), "twice_n0_n1": 2 * n0 * n1}
    return Expected(answers=(krippendorff_alpha(codings),), context=context)


#: The computations an exercise may name in its ``compute`` key: ``f(data, **params) -> Expected``.
COMPUTATIONS: dict[str, Callable[..., Expected]] = {
    "first_token_offsets": _first_token_offsets,
    "top_terms": _top_terms,
    "count_norm": _count_norm,
    "top_collocations": _top_collocations,
    "kwic_count": _kwic_count,
    "whole_text_compound": _whole_text_compound,
    "mean_sentence_compound": _mean_sentence_compound,
    "most_negative_sentences": _most_negative_sentences,
    "top_valence_word": _top_valence_word,
    "lowest_actor_tone": _lowest_actor_tone,
    "top_frames": _top_frames,
    "dictionary_hits": _dictionary_hits,
    "frame_sentence_share": _frame_sentence_share,
    "f1_from_counts": _f1_from_counts,
    "alpha_two_coders": _alpha_two_coders,
}
