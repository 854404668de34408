"""The cue lexicon of the quotation rules, compiled once: reporting verbs and the closed-class words they need.

The lexicon is the frame of :func:`analysis.lexicons.read_reporting_verbs`
(``form, role``; the packaged list is ``analysis/data/reporting_verbs_en.txt``,
whose header gives its sources: the reporting verbs of Krestel, Bergler &
Witte 2008 and the cue list of PARC 3.0, Pareti 2016). :func:`compile_cues`
turns it into a :class:`Cues` value: the role of every form, whole-word
patterns for the verbs (roles ``say``, ``tell``, ``that``) and for ``according
to``, and the stopwords (:func:`analysis.lexicons.read_stopwords`). The word
tests the speaker rules share (:meth:`Cues.is_pronoun`, :meth:`Cues.is_aux`,
:meth:`Cues.is_np_word`) read only this value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

import pandas as pd

from ..lexicons import ROLES, VERB_COLUMNS, read_reporting_verbs, read_stopwords

#: Roles of the words a speaker phrase may hold besides content words (``the head of the office``).
NP_ROLES = ("np_link", "determiner", "indefinite", "coordinator")
#: Roles of lower-case words that end a speaker phrase (verbs, auxiliaries, ``according``, ``who``).
NON_NP_ROLES = ("aux", "say", "tell", "that", "according", "relative")


@dataclass(frozen=True)
class Cues:
    """A compiled cue lexicon: ``role`` maps a form to its role; ``verbs`` and ``according`` match cues in text."""

    role: Mapping[str, str]
    verbs: re.Pattern
    according: re.Pattern
    stop: frozenset[str]

    def is_pronoun(self, word: str) -> bool:
        """Whether *word* is a pronoun of the lexicon (``he``, ``they``; any case)."""
        return self.role.get(word.casefold(), "").startswith("pronoun")

    def is_aux(self, word: str) -> bool:
        """An auxiliary or an adverb in ``-ly`` (``has also repeatedly said``)."""
        return self.role.get(word) == "aux" or (word.islower() and word.endswith("ly") and len(word) > 4)

    def is_np_word(self, word: str) -> bool:
        """Whether *word* may stand in a speaker phrase: a capitalised word, a linking word, or a lower-case content word."""
        folded = word.casefold()
        if word[0].isdigit():
            return False
        if self.role.get(folded) in NP_ROLES:
            return True
        if folded in self.stop:
            return False
        # A capitalised word is a name part even when it spells a verb ("United States").
        return word[0].isupper() or self.role.get(folded) not in NON_NP_ROLES


def compile_cues(verbs: pd.DataFrame) -> Cues:
    """Compile a ``form, role`` frame (:func:`analysis.lexicons.read_reporting_verbs`) into :class:`Cues`.

    >>> cues = compile_cues(pd.DataFrame({"form": ["said", "according to"], "role": ["say", "according"]}))
    >>> cues.verbs.search("Aliyev said so").group(), cues.according.search("According  to him").group()
    ('said', 'According  to')
    """
    role = dict(zip(verbs["form"].astype(str), verbs["role"].astype(str)))
    return Cues(
        role=MappingProxyType(role),
        verbs=_forms_pattern([f for f, r in role.items() if r in ("say", "tell", "that")], capital=False),
        according=_forms_pattern([f for f, r in role.items() if r == "according"], capital=True),
        stop=read_stopwords(),
    )


def check_cues(verbs: pd.DataFrame | None) -> Cues:
    """The compiled lexicon for *verbs* (``None``: the packaged list), after checking its columns and roles."""
    if verbs is None:
        return _default_cues()
    if not isinstance(verbs, pd.DataFrame) or any(c not in verbs.columns for c in VERB_COLUMNS):
        got = list(verbs.columns) if isinstance(verbs, pd.DataFrame) else type(verbs).__name__
        raise ValueError(f"verbs must be a frame with columns {VERB_COLUMNS} (see read_reporting_verbs); got {got}")
    bad = sorted(set(verbs["role"].astype(str)) - set(ROLES))
    if bad:
        raise ValueError(f"verbs has unknown role(s) {bad}; valid roles are {list(ROLES)}")
    return compile_cues(verbs)


@cache
def _default_cues() -> Cues:
    return compile_cues(read_reporting_verbs())


def _forms_pattern(forms: list[str], *, capital: bool) -> re.Pattern:
    """Whole-word alternation of *forms* (longest first; spaces match any white space).

    With *capital*, a form may also start with a capital letter (``According to``).
    """
    if not forms:
        return re.compile(r"(?!)")
    parts, firsts = [], set()
    for form in sorted(forms, key=len, reverse=True):
        head, rest = (f"[{form[0]}{form[0].upper()}]", form[1:]) if capital and form[0].isalpha() else ("", form)
        parts.append(head + re.escape(rest).replace(r"\ ", r"\s+"))
        firsts.update({form[0], form[0].upper()} if head else {form[0]})
    # The lookahead for the first characters changes no match; it only spares trying every form at every word.
    first = "" if any(ch.isspace() for ch in firsts) else "(?=[" + "".join(re.escape(ch) for ch in sorted(firsts)) + "])"
    return re.compile(rf"(?<![\w'’-]){first}(?:{'|'.join(parts)})(?![\w'’-])")
