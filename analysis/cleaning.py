"""Remove web debris from article text, recording every line removed and why.

The rules are data: ``analysis/data/cleaning_rules.toml`` (see its header for
the format). :func:`clean_text` is a pure function of a text and a rule set, so
it can run on any chunk of documents. Besides the rules, two header patterns
are handled here because they depend on the first line: a title repeated in
the first lines (``repeated_title``) and the short caption lines between the
title and its repetition (``header_caption``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from .resources import read_text

Action = Literal["line", "caption", "rest"]
Where = Literal["anywhere", "head", "tail"]
METADATA_GROUPS = ("date", "outlet", "author")
_ACTIONS = ("line", "caption", "rest")
_WHERES = ("anywhere", "head", "tail")
_SENTENCE_END = re.compile(r"[.!?:;…\"”’»)]\s*$")
#: How many lines after the first may repeat the title.
TITLE_REPEAT_WINDOW = 6


@dataclass(frozen=True)
class Rule:
    """One cleaning rule (see ``cleaning_rules.toml``)."""

    name: str
    pattern: re.Pattern[str]
    action: Action = "line"
    where: Where = "anywhere"
    description: str = ""


@dataclass(frozen=True)
class RuleSet:
    """An ordered list of rules and the window sizes they refer to."""

    rules: tuple[Rule, ...]
    head_lines: int = 4
    tail_lines: int = 3
    caption_max_words: int = 12
    source: str = "analysis/data/cleaning_rules.toml"


@dataclass
class Cleaned:
    """The result of :func:`clean_text`.

    ``removed`` holds one dict per removed line: ``line_no`` (1-based, in the
    text given), ``rule`` and ``line``. ``metadata`` holds what named groups of
    the rules captured (``date``, ``outlet``, ``author``), first match wins.
    """

    text: str
    removed: list[dict] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)


def load_cleaning_rules(path: str | Path | None = None) -> RuleSet:
    """Read a cleaning-rule file (TOML); ``None`` gives the packaged default rules.

    >>> rules = load_cleaning_rules()
    >>> [r.name for r in rules.rules][:3]
    ['related_links', 'post_navigation', 'comments']
    """
    if path is None:
        return _default_rules()
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"cleaning rules file {str(path)!r} does not exist")
    return _parse_rules(path.read_text(encoding="utf-8"), str(path))


@cache
def _default_rules() -> RuleSet:
    return _parse_rules(read_text("cleaning_rules.toml"), "analysis/data/cleaning_rules.toml")


def _parse_rules(toml_text: str, source: str) -> RuleSet:
    try:
        spec = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"cleaning rules file {source!r} is not valid TOML: {exc}") from None
    if not isinstance(spec.get("rules"), list) or not spec["rules"]:
        raise ValueError(f"cleaning rules file {source!r} has no [[rules]] entries")
    rules = []
    for i, entry in enumerate(spec["rules"], start=1):
        missing = [key for key in ("name", "pattern") if key not in entry]
        if missing:
            raise ValueError(f"cleaning rules file {source!r}: rule {i} lacks {', '.join(missing)}")
        action = entry.get("action", "line")
        where = entry.get("where", "anywhere")
        if action not in _ACTIONS:
            raise ValueError(f"cleaning rules file {source!r}: rule {entry['name']!r} has action {action!r}; valid: {', '.join(_ACTIONS)}")
        if where not in _WHERES:
            raise ValueError(f"cleaning rules file {source!r}: rule {entry['name']!r} has where {where!r}; valid: {', '.join(_WHERES)}")
        try:
            pattern = re.compile(entry["pattern"])
        except re.error as exc:
            raise ValueError(f"cleaning rules file {source!r}: rule {entry['name']!r} has an invalid pattern: {exc}") from None
        rules.append(Rule(entry["name"], pattern, action, where, entry.get("description", "")))
    return RuleSet(
        tuple(rules),
        head_lines=int(spec.get("head_lines", 4)),
        tail_lines=int(spec.get("tail_lines", 3)),
        caption_max_words=int(spec.get("caption_max_words", 12)),
        source=source,
    )


def clean_text(text: str, rules: RuleSet | None = None) -> Cleaned:
    """Remove debris lines from *text*; return the clean text, the audit and captured metadata.

    Kept lines are returned unchanged, joined by ``\\n``; blank lines are dropped.

    >>> cleaned = clean_text("Title\\nBody text.\\nPhoto: AP\\nRelated news\\nTeaser")
    >>> cleaned.text
    'Title\\nBody text.'
    >>> [(r["line_no"], r["rule"]) for r in cleaned.removed]
    [(3, 'photo_credit'), (4, 'related_links'), (5, 'related_links')]
    """
    rules = rules or _default_rules()
    lines = text.split("\n")
    keep = [bool(line.strip()) for line in lines]
    why: dict[int, str] = {}
    metadata: dict[str, str] = {}

    def drop(i: int, rule: str) -> None:
        keep[i] = False
        why[i] = rule

    # Footers first: a "rest" rule cuts everything below it.
    for i, line in enumerate(lines):
        if not keep[i]:
            continue
        rule = _first_match(rules, line, actions=("rest",), position="anywhere")
        if rule is not None:
            for j in range(i, len(lines)):
                if keep[j]:
                    drop(j, rule.name)
            break

    live = [i for i in range(len(lines)) if keep[i]]
    headline = live[0] if live else None
    head = set(live[: rules.head_lines])
    tail = set(live[-rules.tail_lines :]) if rules.tail_lines else set()
    previous_kept: int | None = None
    for i in live:
        position = "head" if i in head else "tail" if i in tail else "anywhere"
        rule = _first_match(rules, lines[i], actions=("line", "caption"), position=position, also_tail=i in tail)
        if rule is None:
            previous_kept = i
            continue
        match = rule.pattern.search(lines[i])
        for group in METADATA_GROUPS:
            value = match.groupdict().get(group)
            if value and group not in metadata:
                metadata[group] = value.strip()
        drop(i, rule.name)
        # The first line is the headline, not a caption, even when a photo credit follows it.
        if rule.action == "caption" and previous_kept not in (None, headline) and _is_caption(lines[previous_kept], rules):
            drop(previous_kept, rule.name)
            previous_kept = None

    _drop_repeated_title(lines, keep, drop, rules)
    removed = [{"line_no": i + 1, "rule": why[i], "line": lines[i]} for i in sorted(why)]
    clean = "\n".join(lines[i] for i in range(len(lines)) if keep[i])
    return Cleaned(clean, removed, metadata)


def _first_match(rules: RuleSet, line: str, *, actions, position: str, also_tail: bool = False) -> Rule | None:
    for rule in rules.rules:
        if rule.action not in actions:
            continue
        if rule.where == "head" and position != "head":
            continue
        if rule.where == "tail" and not (position == "tail" or also_tail):
            continue
        if rule.pattern.search(line):
            return rule
    return None


def _is_caption(line: str, rules: RuleSet) -> bool:
    words = line.split()
    return 0 < len(words) <= rules.caption_max_words and not _SENTENCE_END.search(line)


def _drop_repeated_title(lines: list[str], keep: list[bool], drop, rules: RuleSet) -> None:
    """Drop a repetition of the first line and the caption-like lines between the two.

    Lines between them that read like body text (long, or ending a sentence)
    are kept: only the repetition itself is certain to be debris.
    """
    live = [i for i in range(len(lines)) if keep[i]]
    if len(live) < 2:
        return
    title = _squash(lines[live[0]])
    for k, i in enumerate(live[1 : TITLE_REPEAT_WINDOW + 1], start=1):
        if _squash(lines[i]) == title:
            for j in live[1:k]:
                if _is_caption(lines[j], rules):
                    drop(j, "header_caption")
            drop(i, "repeated_title")
            return


def _squash(line: str) -> str:
    return " ".join(line.split()).casefold()
