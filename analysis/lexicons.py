"""Every lexicon, dictionary, gazetteer and word list the measures use: loaded here, and only here.

The measures never read files: they are handed the frames this module returns
(or, given nothing, ask this module for the packaged default). Each loader
checks its file and names the file, the row and what would be valid when
something is wrong; each returns a new frame (or an immutable value) that the
caller may change without harming anyone else. Packaged files live under
``analysis/data`` with their source and licence in a header and are read with
:mod:`importlib.resources` (:mod:`analysis.resources`), never through
``nltk.data`` and never downloaded.

- Frame dictionaries (:func:`load_dictionary`, :func:`describe_frames`):
  quanteda's YAML format (Benoit et al. 2018, *quanteda: An R package for the
  quantitative analysis of textual data*, JOSS 3(30)) and LIWC ``.dic`` files
  (Pennebaker et al. 2015); frame descriptions in a ``<name>.meta.yml`` sidecar.
- The actor gazetteer (:func:`load_gazetteer`) and the closed-class word lists
  of the characterisation patterns (:func:`load_actor_rules`).
- Tone lexicons (:func:`read_lexicon`, LIWC/Lexicoder style ``pattern,
  score``) and VADER's lexicon (:func:`vader_lexicon`, :func:`vader_valences`,
  :func:`vader_emoji`; Hutto & Gilbert 2014), read from the files inside the
  ``vaderSentiment`` wheel.
- The attribution cue lexicon of the quotation rules (:func:`read_reporting_verbs`).
- Stopwords, abbreviations and phrases (:func:`read_stopwords`,
  :func:`read_abbreviations`, :func:`read_phrases`, :func:`read_list_file`).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from io import StringIO
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd
import yaml

from .checks import require_columns
from .resources import data_path, list_entries, read_list, read_text

_WHITESPACE = re.compile(r"\s+")
_LIWC_IDS = re.compile(r"^\d+$")


# --------------------------------------------------------------------------- word lists


#: The packaged abbreviation list (Punkt's abbreviation types, and the quotation rules' non-sentence-ends).
ABBREVIATIONS_FILE = "abbreviations_en.txt"
#: The packaged stopword list (Snowball English).
STOPWORDS_FILE = "stopwords_en.txt"
#: The packaged multiword expressions joined by :func:`analysis.tokenize` with ``phrases="default"``.
PHRASES_FILE = "phrases_en.txt"


@cache
def read_stopwords() -> frozenset[str]:
    """Return the packaged English stopwords (Snowball's list, ``analysis/data/stopwords_en.txt``).

    >>> "the" in read_stopwords()
    True
    """
    return frozenset(read_list(STOPWORDS_FILE))


@cache
def read_abbreviations() -> frozenset[str]:
    """Return the packaged abbreviations (lower case, without the final period: ``dr``, ``u.s``).

    >>> "dr" in read_abbreviations()
    True
    """
    return frozenset(read_list(ABBREVIATIONS_FILE))


def read_phrases(phrases: str | Path | Iterable[str]) -> tuple[str, ...]:
    """Return the phrase list for *phrases*: ``"default"``, a file path, or an iterable of phrases.

    >>> "Middle Corridor" in read_phrases("default")
    True
    """
    if isinstance(phrases, str) and phrases == "default":
        return read_list(PHRASES_FILE)
    if isinstance(phrases, (str, Path)):
        return read_list_file(Path(phrases), "phrases")
    entries = tuple(str(p).strip() for p in phrases)
    return tuple(p for p in entries if p)


def read_list_file(path: str | Path, name: str) -> tuple[str, ...]:
    """Return the entries of a user's one-entry-per-line file (UTF-8; blank lines and ``#`` lines skipped).

    *name* says what the list is for, in the message when the file is missing.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{name} file {str(path)!r} does not exist (give 'default', a one-entry-per-line file, or a list)")
    return list_entries(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- frame dictionaries


#: Names of the dictionaries shipped in ``analysis/data/frames/``.
SHIPPED_DICTIONARIES = ("eurasia", "generic", "policy")
#: Folder of the shipped dictionaries inside ``analysis/data``.
FRAMES_FOLDER = "frames"
#: Suffix of the sidecar file holding frame descriptions and sources.
META_SUFFIX = ".meta.yml"
#: One row per dictionary pattern (:func:`load_dictionary`).
DICTIONARY_COLUMNS = ["frame", "pattern"]
#: One row per frame of a scheme (:func:`describe_frames`).
DESCRIPTION_COLUMNS = ["frame", "description", "sources"]


def load_dictionary(name_or_path: str | Path) -> pd.DataFrame:
    """Return a frame dictionary as one row per pattern: ``frame, pattern``.

    *name_or_path* is a shipped scheme (``"eurasia"``, ``"generic"``,
    ``"policy"``) or the path of a quanteda YAML dictionary (``.yml``/``.yaml``,
    read with ``yaml.safe_load``) or a LIWC dictionary (``.dic``: a block
    between ``%`` lines mapping category numbers to names, then one
    ``word<TAB>category ids`` line per entry). Formats: quanteda's
    ``dictionary()`` (Benoit et al. 2018) and LIWC (Pennebaker et al. 2015).

    Patterns keep their spelling; matching is case-insensitive. Nested YAML
    keys are merged into their top-level key. Rows keep file order, and a
    pattern listed twice under one frame is kept once.

    >>> eurasia = load_dictionary("eurasia")
    >>> sorted(eurasia["frame"].unique())
    ['connectivity', 'diplomacy', 'economy_energy', 'great_powers', 'kinship_identity', 'security', 'sovereignty', 'status']
    >>> eurasia.query("pattern == 'middle power*'")
         frame        pattern
    ... status  middle power*
    """
    path = _dictionary_path(name_or_path)
    if path.suffix.lower() == ".dic":
        pairs = _read_liwc(path)
    else:
        pairs = _read_yaml_dictionary(path)
    frame = pd.DataFrame(pairs, columns=DICTIONARY_COLUMNS).drop_duplicates(ignore_index=True)
    return frame.astype({"frame": "string", "pattern": "string"})


def describe_frames(name_or_path: str | Path) -> pd.DataFrame:
    """Return ``frame, description, sources`` for every frame of a dictionary.

    Descriptions come from the sidecar ``<stem>.meta.yml`` beside the
    dictionary (a mapping ``frames: {frame: {description, sources}}``);
    ``sources`` are joined with ``"; "``. Frames without a sidecar entry get
    missing values.

    >>> describe_frames("generic").set_index("frame").loc["conflict", "sources"]
    'Semetko & Valkenburg 2000...'
    """
    path = _dictionary_path(name_or_path)
    frames = load_dictionary(path)["frame"].unique().tolist()
    if path.suffix.lower() != ".dic":
        # Keys without patterns (policy's residual "other") are frames too.
        frames = [str(key) for key in yaml.safe_load(path.read_text(encoding="utf-8"))]
    meta_path = path.with_name(path.stem + META_SUFFIX)
    described: dict = {}
    if meta_path.is_file():
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
        if not isinstance(meta, dict) or not isinstance(meta.get("frames", {}), dict):
            raise ValueError(f"{meta_path}: must be a mapping with a 'frames' mapping of frame -> {{description, sources}}")
        described = meta.get("frames") or {}
    rows = []
    for frame in frames:
        entry = described.get(frame) or {}
        sources = entry.get("sources")
        if isinstance(sources, list):
            sources = "; ".join(str(s) for s in sources)
        rows.append((frame, entry.get("description"), sources))
    out = pd.DataFrame(rows, columns=DESCRIPTION_COLUMNS)
    return out.astype({"frame": "string", "description": "string", "sources": "string"})


def _dictionary_path(name_or_path: str | Path) -> Path:
    if isinstance(name_or_path, str) and name_or_path in SHIPPED_DICTIONARIES:
        return Path(str(data_path(f"{FRAMES_FOLDER}/{name_or_path}.yml")))
    path = Path(name_or_path)
    if not path.is_file():
        raise FileNotFoundError(
            f"dictionary {str(name_or_path)!r} is neither a shipped dictionary {list(SHIPPED_DICTIONARIES)} "
            "nor an existing .yml/.yaml/.dic file"
        )
    if path.suffix.lower() not in (".yml", ".yaml", ".dic"):
        raise ValueError(f"dictionary file {str(path)!r} has suffix {path.suffix!r}; use .yml/.yaml (quanteda YAML) or .dic (LIWC)")
    return path


def _read_yaml_dictionary(path: Path) -> list[tuple[str, str]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: is not valid YAML ({exc})") from None
    if not isinstance(data, dict) or not data:
        raise ValueError(f"{path}: must be a YAML mapping of frame -> list of patterns (quanteda format); got {type(data).__name__}")
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        pairs.extend((str(key), pattern) for pattern in _yaml_patterns(value, path, str(key)))
    return pairs


def _yaml_patterns(value: object, path: Path, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, dict):
        return [p for sub, inner in value.items() for p in _yaml_patterns(inner, path, f"{key}.{sub}")]
    if not isinstance(value, list):
        value = [value]
    patterns = []
    for item in value:
        if isinstance(item, (dict, list)):
            patterns.extend(_yaml_patterns(item, path, key))
            continue
        if isinstance(item, bool) or item is None:
            raise ValueError(f"{path}: pattern {item!r} under key {key!r} was read as a YAML {type(item).__name__}; quote it, e.g. \"no\"")
        pattern = _WHITESPACE.sub(" ", str(item)).strip()
        if not pattern:
            raise ValueError(f"{path}: key {key!r} has an empty pattern; every pattern needs at least one word")
        patterns.append(pattern)
    return patterns


def _read_liwc(path: Path) -> list[tuple[str, str]]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    numbered = [(i + 1, line.strip()) for i, line in enumerate(lines) if line.strip()]
    if not numbered or numbered[0][1] != "%":
        raise ValueError(f"{path}: a LIWC .dic file starts with a '%' line, then 'id<TAB>category' lines, then another '%'")
    categories: dict[str, str] = {}
    position = 1
    while position < len(numbered) and numbered[position][1] != "%":
        line_no, line = numbered[position]
        parts = line.split(None, 1)
        if len(parts) != 2 or not _LIWC_IDS.match(parts[0]):
            raise ValueError(f"{path}: line {line_no} {line!r} is not 'category number<TAB>category name'")
        categories[parts[0].lstrip("0") or "0"] = parts[1].strip()
        position += 1
    if position == len(numbered):
        raise ValueError(f"{path}: the category block opened by '%' is never closed by a second '%' line")
    pairs = []
    for line_no, line in numbered[position + 1 :]:
        if "\t" in line:
            # word<TAB>ids: the word may hold spaces (LIWC2015 phrases); ids are tab- or space-separated.
            word, rest = line.split("\t", 1)
            ids = rest.split()
        else:
            # Space-separated files: the trailing numbers are the ids.
            parts = line.split()
            n_ids = len(parts) - next((i for i in range(len(parts), 0, -1) if not _LIWC_IDS.match(parts[i - 1])), 0)
            word, ids = " ".join(parts[: len(parts) - n_ids]), parts[len(parts) - n_ids :]
        word = word.strip()
        if not word or not ids:
            raise ValueError(f"{path}: line {line_no} {line!r} is not 'word<TAB>category ids'")
        for cat in ids:
            key = cat.lstrip("0") or "0"
            if not _LIWC_IDS.match(cat) or key not in categories:
                raise ValueError(f"{path}: line {line_no} uses category {cat!r}, which the header does not define (defined: {sorted(categories, key=int)})")
            pairs.append((categories[key], word))
    return pairs


def as_dictionary(dictionary: pd.DataFrame | Mapping[str, Iterable[str]]) -> pd.DataFrame:
    if isinstance(dictionary, Mapping):
        rows = [(str(k), str(p)) for k, patterns in dictionary.items() for p in ([patterns] if isinstance(patterns, str) else patterns)]
        return pd.DataFrame(rows, columns=DICTIONARY_COLUMNS)
    if not isinstance(dictionary, pd.DataFrame):
        raise TypeError(f"dictionary must be a frame with columns {DICTIONARY_COLUMNS} or a mapping frame -> patterns; got {type(dictionary).__name__}")
    require_columns(dictionary, DICTIONARY_COLUMNS, "dictionary")
    return dictionary


# --------------------------------------------------------------------------- the actor gazetteer


#: Columns of a gazetteer (:func:`load_gazetteer`), one row per alias.
GAZETTEER_COLUMNS = ["actor", "label", "kind", "state", "form", "alias"]
#: Valid ``kind`` values; ``ignore`` rows block a longer name ("Caspian Post") and are never reported.
KINDS = ("state", "leader", "organisation", "region", "ignore")
#: Valid ``form`` values: how the mention names the actor.
FORMS = ("name", "capital", "demonym", "leader", "acronym")
#: Kinds a leader may stand for (its ``state`` column).
LEADER_OF = ("state", "organisation")
#: Folder of the packaged gazetteers inside ``analysis/data``.
GAZETTEER_DIR = "actors"
#: The closed-class word lists of the characterisation patterns, and the copular verb phrases.
RULES_FILE = "actors/rules_en.toml"
COPULAS_FILE = "copulas_en.txt"

_RULE_LISTS = (
    "determiners", "adverbs", "not_adverbs", "negations", "clause_openers", "stops",
    "conjunctions", "prepositions", "locative_prepositions", "no_apposition_after", "titles", "trailing",
)


def load_gazetteer(
    name_or_path: str | Path = "default",
    *,
    extend: str | Path | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the actor gazetteer: one row per alias, columns ``actor, label, kind, state, form, alias``.

    *name_or_path* is the name of a packaged gazetteer (``"default"`` is
    ``analysis/data/actors/default.csv``) or the path of a CSV file in the same
    format: columns ``actor, label, kind, state, form, alias``, lines starting
    with ``#`` are comments. *extend* (a path or a frame with the same columns)
    adds rows; an extension row replaces every row with the same alias, so an
    alias can be re-mapped ("Aliyev" to Heydar Aliyev for a history corpus).

    The file is checked: every column present; ``kind`` one of
    :data:`KINDS`, ``form`` one of :data:`FORMS`; ``form`` is ``leader``
    exactly for leaders; a leader's ``state`` names a state or organisation of
    the gazetteer; a state's ``state`` is itself (filled in when empty); one
    label, kind and state per actor; no alias mapping to two actors. Errors
    name the file, the row (counting data rows from 1) and what would be valid.

    >>> gaz = load_gazetteer().set_index("alias")
    >>> gaz.loc[["Baku", "Tokayev", "OTS"], ["actor", "kind", "state", "form"]]
                             actor          kind       state     form
    alias
    Baku                azerbaijan         state  azerbaijan  capital
    Tokayev  kassym_jomart_tokayev        leader  kazakhstan   leader
    OTS                        ots  organisation        <NA>  acronym
    """
    base = _read_gazetteer(name_or_path)
    if extend is None:
        return base
    if isinstance(extend, pd.DataFrame):
        extra = check_gazetteer(extend, "extend frame", check_leaders=False)
    else:
        extra = check_gazetteer(_read_csv(Path(extend), "extend"), str(extend), check_leaders=False)
    combined = pd.concat([base[~base["alias"].isin(extra["alias"])], extra], ignore_index=True)
    return check_gazetteer(combined, f"{name_or_path} extended by {extend if isinstance(extend, (str, Path)) else 'a frame'}")


def _read_gazetteer(name_or_path: str | Path) -> pd.DataFrame:
    if isinstance(name_or_path, str) and re.fullmatch(r"[A-Za-z0-9_]+", name_or_path):
        return _packaged_gazetteer(name_or_path).copy()
    if not isinstance(name_or_path, (str, Path)):
        raise TypeError(f"gazetteer must be a packaged name, a CSV path or a frame; got {type(name_or_path).__name__}")
    return check_gazetteer(_read_csv(Path(name_or_path), "gazetteer"), str(name_or_path))


@cache
def _packaged_gazetteer(name: str) -> pd.DataFrame:
    resource = f"{GAZETTEER_DIR}/{name}.csv"
    try:
        text = read_text(resource)
    except FileNotFoundError:
        raise FileNotFoundError(
            f"gazetteer {name!r} is not a packaged gazetteer (analysis/data/{resource} does not exist); "
            "give 'default' or the path of a CSV file"
        ) from None
    return check_gazetteer(_parse_csv(text, f"analysis/data/{resource}"), f"analysis/data/{resource}")


def _read_csv(path: Path, what: str) -> pd.DataFrame:
    if not path.is_file():
        raise FileNotFoundError(f"{what} file {str(path)!r} does not exist (give 'default' or the path of a gazetteer CSV)")
    return _parse_csv(path.read_text(encoding="utf-8"), str(path))


def _parse_csv(text: str, source: str) -> pd.DataFrame:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    if not body.strip():
        raise ValueError(f"gazetteer {source!r} has no header and no rows; needs columns {', '.join(GAZETTEER_COLUMNS)}")
    try:
        return pd.read_csv(StringIO(body), dtype=str, keep_default_na=False, skip_blank_lines=True)
    except (pd.errors.ParserError, ValueError) as exc:
        raise ValueError(f"gazetteer {source!r} is not a valid CSV file: {exc}") from None


def check_gazetteer(frame: pd.DataFrame, source: str, *, check_leaders: bool = True) -> pd.DataFrame:
    missing = [c for c in GAZETTEER_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(
            f"gazetteer {source!r} lacks column(s) {', '.join(missing)}; "
            f"needs {', '.join(GAZETTEER_COLUMNS)} (has {', '.join(map(str, frame.columns))})"
        )
    gaz = frame[GAZETTEER_COLUMNS].astype(object).where(frame[GAZETTEER_COLUMNS].notna(), "")
    gaz = gaz.map(lambda v: str(v).strip()).reset_index(drop=True)
    for row in gaz.itertuples():
        where = f"gazetteer {source!r} row {row.Index + 1} (alias {row.alias!r})"
        for column in ("actor", "kind", "form", "alias"):
            if not getattr(row, column):
                raise ValueError(f"{where}: {column} is empty")
        if row.kind not in KINDS:
            raise ValueError(f"{where}: kind {row.kind!r} is not valid; valid kinds: {', '.join(KINDS)}")
        if row.form not in FORMS:
            raise ValueError(f"{where}: form {row.form!r} is not valid; valid forms: {', '.join(FORMS)}")
        if (row.kind == "leader") != (row.form == "leader"):
            raise ValueError(f"{where}: form 'leader' goes with kind 'leader' and only with it; got kind {row.kind!r}, form {row.form!r}")
        if row.kind == "state" and row.state not in ("", row.actor):
            raise ValueError(f"{where}: a state's state column must be empty or the actor itself ({row.actor!r}); got {row.state!r}")
        if row.kind == "leader" and not row.state:
            raise ValueError(f"{where}: a leader needs a state (the actor id of the state or organisation led)")
        if row.kind not in ("state", "leader") and row.state:
            raise ValueError(f"{where}: kind {row.kind!r} takes no state; got {row.state!r}")
        if row.form == "capital" and row.kind not in ("state", "organisation"):
            raise ValueError(f"{where}: form 'capital' needs kind 'state' or 'organisation'; got {row.kind!r}")
    gaz.loc[gaz["kind"].eq("state"), "state"] = gaz["actor"]
    gaz.loc[gaz["label"].eq(""), "label"] = gaz["actor"]
    for column in ("label", "kind", "state"):
        values = gaz.groupby("actor", sort=True)[column].unique()
        clash = values[values.map(len) > 1]
        if len(clash):
            raise ValueError(
                f"gazetteer {source!r}: actor {clash.index[0]!r} has more than one {column}: "
                f"{', '.join(map(repr, clash.iloc[0]))}; every alias of an actor must share it"
            )
    actors_of = gaz.groupby("alias", sort=True)["actor"].unique()
    clash = actors_of[actors_of.map(len) > 1]
    if len(clash):
        raise ValueError(
            f"gazetteer {source!r}: alias {clash.index[0]!r} maps to different actors "
            f"({', '.join(map(repr, clash.iloc[0]))}); one alias, one actor"
        )
    if check_leaders:
        kinds = dict(zip(gaz["actor"], gaz["kind"]))
        for row in gaz[gaz["kind"].eq("leader")].itertuples():
            if kinds.get(row.state) not in LEADER_OF:
                raise ValueError(
                    f"gazetteer {source!r} row {row.Index + 1} (alias {row.alias!r}): leader's state {row.state!r} "
                    f"is not an actor of kind {' or '.join(LEADER_OF)} in the gazetteer"
                )
    gaz = gaz.drop_duplicates("alias").reset_index(drop=True)
    out = gaz.astype("string")
    out["state"] = out["state"].mask(out["state"].eq(""))
    return out


@dataclass(frozen=True)
class ActorRules:
    """The closed-class word lists of the actor patterns (``analysis/data/actors/rules_en.toml``) and the copulas.

    Every list is lower case; ``copulas`` are word tuples, longest first.
    """

    determiners: frozenset[str]
    adverbs: frozenset[str]
    not_adverbs: frozenset[str]
    negations: frozenset[str]
    clause_openers: frozenset[str]
    stops: frozenset[str]
    conjunctions: frozenset[str]
    prepositions: frozenset[str]
    locative_prepositions: frozenset[str]
    no_apposition_after: frozenset[str]
    titles: frozenset[str]
    trailing: frozenset[str]
    max_tokens: int
    copulas: tuple[tuple[str, ...], ...]


@cache
def load_actor_rules() -> ActorRules:
    """Return the packaged :class:`ActorRules` (immutable, so one shared copy is safe).

    >>> "the" in load_actor_rules().determiners
    True
    """
    source = f"analysis/data/{RULES_FILE}"
    spec = tomllib.loads(read_text(RULES_FILE))
    missing = [key for key in (*_RULE_LISTS, "max_tokens") if key not in spec]
    if missing:
        raise ValueError(f"rules file {source!r} lacks {', '.join(missing)}")
    copulas = sorted({tuple(line.casefold().split()) for line in read_list(COPULAS_FILE)}, key=lambda c: (-len(c), c))
    lists = {key: frozenset(str(w).casefold() for w in spec[key]) for key in _RULE_LISTS}
    return ActorRules(**lists, max_tokens=int(spec["max_tokens"]), copulas=tuple(copulas))


SENSES_FILE = "actors/senses_en.toml"


@dataclass(frozen=True)
class ActorSense:
    """An alias that also names something else (``analysis/data/actors/senses_en.toml``): how to tell the two apart.

    Cue words are case-folded; ``first_name``: the alias is also a given name.
    """

    alias: str
    other: str
    first_name: bool
    other_cues: frozenset[str]
    actor_cues: frozenset[str]


@dataclass(frozen=True)
class ActorSenses:
    """The ``name_heads`` (case-folded) and the :class:`ActorSense` of each alias, from :data:`SENSES_FILE`."""

    name_heads: frozenset[str]
    senses: dict[str, ActorSense]


@cache
def load_actor_senses() -> ActorSenses:
    """Return the packaged :class:`ActorSenses` (one shared copy).

    >>> senses = load_actor_senses()
    >>> "institute" in senses.name_heads, senses.senses["Georgia"].other, "atlanta" in senses.senses["Georgia"].other_cues
    (True, 'the US state', True)
    """
    source = f"analysis/data/{SENSES_FILE}"
    spec = tomllib.loads(read_text(SENSES_FILE))
    if "name_heads" not in spec or not isinstance(spec.get("senses"), list):
        raise ValueError(f"senses file {source!r} needs name_heads and [[senses]] tables")
    senses = {}
    for entry in spec["senses"]:
        missing = [key for key in ("alias", "other", "other_cues", "actor_cues") if key not in entry]
        if missing:
            raise ValueError(f"senses file {source!r}: the [[senses]] entry {entry.get('alias', '?')!r} lacks {', '.join(missing)}")
        senses[entry["alias"]] = ActorSense(entry["alias"], entry["other"], bool(entry.get("first_name", False)),
                                            frozenset(str(w).casefold() for w in entry["other_cues"]),
                                            frozenset(str(w).casefold() for w in entry["actor_cues"]))
    return ActorSenses(frozenset(str(w).casefold() for w in spec["name_heads"]), senses)


# --------------------------------------------------------------------------- tone lexicons


#: :func:`read_lexicon` output and what :func:`score_lexicon` accepts.
LEXICON_COLUMNS = ["pattern", "score"]


def read_lexicon(path: str | Path) -> pd.DataFrame:
    """Read a tone lexicon: a CSV with a header holding ``pattern`` and ``score`` (LIWC/Lexicoder style).

    Lines starting with ``#`` before or between rows are comments (put the
    source and licence there). A pattern is a word (matched against the
    token's lower-cased ``norm``) or a glob with ``*`` for any run of
    characters (``econom*``); patterns are lower-cased. ``score > 0`` is
    positive, ``< 0`` negative, ``0`` neither. Returns ``pattern, score``
    (other columns are dropped), in file order.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"lexicon file {str(path)!r} does not exist (give a CSV with a 'pattern,score' header)")
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"lexicon file {str(path)!r} is not UTF-8 ({exc})") from None
    lines = [line for line in content.splitlines() if not line.lstrip().startswith("#")]
    if not any(line.strip() for line in lines):
        raise ValueError(f"lexicon file {str(path)!r} has no header and no rows (need a 'pattern,score' header)")
    try:
        table = pd.read_csv(StringIO("\n".join(lines)), dtype=str, keep_default_na=False, skip_blank_lines=True)
    except pd.errors.ParserError as exc:
        raise ValueError(f"lexicon file {str(path)!r} is not a valid CSV: {exc}") from None
    table.columns = [str(c).strip().lower() for c in table.columns]
    missing = [c for c in LEXICON_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"lexicon file {str(path)!r} lacks column(s) {missing}; its header has {list(table.columns)}")
    scores = pd.to_numeric(table["score"].str.strip(), errors="coerce")
    bad = scores.isna() | ~np.isfinite(scores.fillna(0))
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(
            f"lexicon file {str(path)!r}: score {table['score'].iloc[row]!r} of pattern {table['pattern'].iloc[row]!r} "
            f"(data row {row + 1}) is not a number"
        )
    lexicon = pd.DataFrame({"pattern": table["pattern"].str.strip().str.lower(), "score": scores.astype("float64")})
    check_lexicon(lexicon, f"lexicon file {str(path)!r}")
    return lexicon.astype({"pattern": "string"}).reset_index(drop=True)


def vader_lexicon() -> pd.DataFrame:
    """Return VADER's lexicon (``vaderSentiment`` 3.3.2, Hutto & Gilbert 2014; MIT) as ``pattern, score``.

    Entries that VADER itself can never match on a lower-cased word are left
    out: those with upper-case letters (VADER looks words up lower-cased) and
    those holding ``*`` (emoticons such as ``*-)``, which would read as
    globs here and never occur as a word token). Scores are VADER's mean
    valences, -4..+4.

    >>> lexicon = vader_lexicon()
    >>> lexicon.set_index("pattern").loc[["good", "horrible"], "score"].tolist()
    [1.9, -2.5]
    """
    items = [(word, score) for word, score in vader_valences().items() if "*" not in word and word == word.lower()]
    return pd.DataFrame(items, columns=LEXICON_COLUMNS).astype({"pattern": "string", "score": "float64"})



def check_lexicon(lexicon: pd.DataFrame, name: str = "lexicon") -> None:
    """Raise unless *lexicon* is a ``pattern, score`` frame of non-empty patterns, finite scores and no pattern twice.

    Patterns are compared lower-cased and stripped, as they are matched.

    >>> check_lexicon(pd.DataFrame({"pattern": ["good", "Good "], "score": [1.0, 2.0]}))
    Traceback (most recent call last):
    ...
    ValueError: lexicon: pattern 'good' occurs twice (rows 0 and 1); keep one
    """
    require_columns(lexicon, LEXICON_COLUMNS, f"match_lexicon: {name}")
    seen: dict[str, int] = {}
    for row, (pattern, score) in enumerate(zip(lexicon["pattern"], lexicon["score"])):
        if not isinstance(pattern, str) or not pattern.strip("* "):
            raise ValueError(f"{name}: pattern {pattern!r} at row {row} is empty or only '*' (give a word or a glob like 'econom*')")
        if not isinstance(score, (int, float, np.number)) or not math.isfinite(float(score)):
            raise ValueError(f"{name}: score {score!r} of pattern {pattern!r} at row {row} is not a finite number")
        key = pattern.strip().lower()
        if key in seen:
            raise ValueError(f"{name}: pattern {key!r} occurs twice (rows {seen[key]} and {row}); keep one")
        seen[key] = row


def vader_valences() -> Mapping[str, float]:
    """Return VADER's lexicon as a read-only mapping word -> mean valence (-4..+4), every entry as VADER reads it.

    Read from ``vader_lexicon.txt`` inside the ``vaderSentiment`` 3.3.2 wheel
    (Hutto & Gilbert 2014; MIT), parsed as the reference parses it.

    >>> vader_valences()["good"]
    1.9
    """
    return _vader_files()[0]


def vader_emoji() -> Mapping[str, str]:
    """Return VADER's emoji descriptions as a read-only mapping, one-code-point emoji only.

    The reference tests one code point at a time, so only those keys of
    ``emoji_utf8_lexicon.txt`` can ever match.

    >>> vader_emoji()["\U0001F600"]
    'grinning face'
    """
    return _vader_files()[1]


@cache
def _vader_files() -> tuple[Mapping[str, float], Mapping[str, str]]:
    """The lexicon and the descriptions of one-code-point emoji, parsed as the reference parses its two files."""
    folder = resources.files("vaderSentiment")
    lexicon: dict[str, float] = {}
    for line in (folder / "vader_lexicon.txt").read_bytes().decode("utf-8").rstrip("\n").split("\n"):
        if not line:
            continue
        word, measure = line.strip().split("\t")[0:2]
        lexicon[word] = float(measure)
    emojis: dict[str, str] = {}
    for line in (folder / "emoji_utf8_lexicon.txt").read_bytes().decode("utf-8").rstrip("\n").split("\n"):
        if not line:
            continue
        emoji, description = line.strip().split("\t")[0:2]
        emojis[emoji] = description
    one_code_point = {key: description for key, description in emojis.items() if len(key) == 1}
    return MappingProxyType(lexicon), MappingProxyType(one_code_point)


#: The packaged VADER rule lists and constants (:func:`load_vader_rules`).
VADER_RULES_FILE = "vader_rules.toml"
#: Keys of :data:`VADER_RULES_FILE`'s ``[weights]`` table, in the order of :class:`VaderRules`' fields.
_VADER_WEIGHTS = (
    "caps_increment", "negation_scalar", "second_word", "third_word", "never_so", "before_but", "after_but",
    "exclamation", "max_exclamations", "question", "max_questions_scaled", "question_cap", "alpha",
)


@dataclass(frozen=True)
class VaderRules:
    """VADER's rule word lists and constants (``analysis/data/vader_rules.toml``; vaderSentiment 3.3.2, MIT).

    Immutable: word sets are frozensets and mappings read-only. Names follow
    the reference module (Hutto & Gilbert 2014): ``negators`` is ``NEGATE``,
    ``boosters`` ``BOOSTER_DICT``, ``special_cases`` ``SPECIAL_CASES``,
    ``caps_increment`` ``C_INCR``, ``negation_scalar`` ``N_SCALAR``; the other
    weights are the numbers written inline in the reference's rules.
    """

    negators: frozenset[str]
    negation_infix: str
    boosters: Mapping[str, float]
    special_cases: Mapping[str, float]
    caps_increment: float
    negation_scalar: float
    second_word: float
    third_word: float
    never_so: float
    before_but: float
    after_but: float
    exclamation: float
    max_exclamations: int
    question: float
    max_questions_scaled: int
    question_cap: float
    alpha: float


@cache
def load_vader_rules() -> VaderRules:
    """Return the packaged :class:`VaderRules` (immutable, so one shared copy is safe).

    >>> rules = load_vader_rules()
    >>> rules.boosters["very"], rules.negation_scalar, "never" in rules.negators
    (0.293, -0.74, True)
    """
    source = f"analysis/data/{VADER_RULES_FILE}"
    spec = tomllib.loads(read_text(VADER_RULES_FILE))
    boosters, weights = spec.get("boosters", {}), spec.get("weights", {})
    missing = [key for key in ("negators", "negation_infix", "special_cases") if key not in spec]
    missing += [f"boosters.{key}" for key in ("increment", "decrement", "increase", "decrease") if key not in boosters]
    missing += [f"weights.{key}" for key in _VADER_WEIGHTS if key not in weights]
    if missing:
        raise ValueError(f"VADER rules file {source!r} lacks {', '.join(missing)}")
    numbers = {**{f"boosters.{k}": boosters[k] for k in ("increment", "decrement")},
               **{f"special_cases.{k!r}": v for k, v in spec["special_cases"].items()},
               **{f"weights.{k}": weights[k] for k in _VADER_WEIGHTS}}
    for key, value in numbers.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"VADER rules file {source!r}: {key} is {value!r}; it must be a number")
    booster_map = {**dict.fromkeys(boosters["increase"], boosters["increment"]),
                   **dict.fromkeys(boosters["decrease"], boosters["decrement"])}
    return VaderRules(
        negators=frozenset(spec["negators"]),
        negation_infix=spec["negation_infix"],
        boosters=MappingProxyType(booster_map),
        special_cases=MappingProxyType(dict(spec["special_cases"])),
        **{key: weights[key] for key in _VADER_WEIGHTS},
    )


# --------------------------------------------------------------------------- reporting verbs


#: The packaged attribution cue lexicon.
VERBS_FILE = "reporting_verbs_en.txt"
#: Columns of the cue lexicon (:func:`read_reporting_verbs`).
VERB_COLUMNS = ["form", "role"]
#: What a cue does in the quotation rules (the ``role`` column).
ROLES = ("say", "tell", "that", "according", "pronoun_person", "pronoun_other", "aux", "determiner", "indefinite", "np_link", "coordinator", "relative")


def read_reporting_verbs(path: str | Path | None = None) -> pd.DataFrame:
    """Return the attribution cue lexicon as a frame with columns ``form, role``.

    Default: the packaged ``analysis/data/reporting_verbs_en.txt`` (see its
    header for sources and roles). A user file has the same format: ``#``
    comment lines, then one ``form,role`` per line, ``role`` one of
    :data:`ROLES`.

    >>> verbs = read_reporting_verbs()
    >>> verbs.set_index("form").loc[["said", "told", "noted", "according to"], "role"].tolist()
    ['say', 'tell', 'that', 'according']
    """
    if path is None:
        where, content = f"analysis/data/{VERBS_FILE}", read_text(VERBS_FILE)
    else:
        where = str(path)
        if not Path(path).is_file():
            raise FileNotFoundError(f"reporting verbs file {where!r} does not exist (give None for the packaged list, or a 'form,role' file)")
        content = Path(path).read_text(encoding="utf-8")
    rows = []
    for line_no, line in enumerate(content.splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        form, sep, role = (part.strip() for part in entry.rpartition(","))
        if not sep or not form or role not in ROLES:
            raise ValueError(f"{where}: line {line_no} {entry!r} is not 'form,role' with role one of {list(ROLES)}")
        rows.append((form, role))
    if not any(role in ("say", "tell", "that") for _, role in rows):
        raise ValueError(f"{where}: has no reporting verbs (no line with role say, tell or that)")
    return pd.DataFrame(rows, columns=VERB_COLUMNS).astype("string")



# --------------------------------------------------------------------------- news-event words of the tone model


#: The packaged news-event words of the news tone model (:func:`load_news_events`).
NEWS_EVENTS_FILE = "tone/news_events_en.csv"
#: :func:`load_news_events` output.
NEWS_EVENT_COLUMNS = ["word", "category"]


def load_news_events(path: str | Path | None = None) -> pd.DataFrame:
    """Return the news-event words of the news tone model (:mod:`analysis.tone`): ``word, category``, in file order.

    By default the packaged ``analysis/data/tone/news_events_en.csv`` (its
    header gives the source: hand-compiled words that report harm, disaster,
    crime, conflict, illness, decline or displacement, or accord and
    achievement, none of them in VADER's lexicon); or a CSV at *path* with a
    ``word,category`` header and ``#`` comment lines. Words are lower-cased
    and matched against a token's ``norm``; a word may occur once.

    >>> events = load_news_events()
    >>> events.set_index("word").loc[["earthquake", "ceasefire"], "category"].tolist()
    ['disaster', 'accord']
    """
    source = f"news-event file {str(path)!r}" if path is not None else f"packaged news-event file {NEWS_EVENTS_FILE!r}"
    if path is None:
        text = read_text(NEWS_EVENTS_FILE)
    else:
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"{source} does not exist (give a CSV with a 'word,category' header)")
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{source} is not UTF-8 ({exc})") from None
    return _parse_news_events(text, source).copy()


@cache
def _parse_news_events(text: str, source: str) -> pd.DataFrame:
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise ValueError(f"{source} has no header and no rows (need a 'word,category' header)")
    table = pd.read_csv(StringIO("\n".join(lines)), dtype=str, keep_default_na=False)
    table.columns = [str(c).strip().lower() for c in table.columns]
    missing = [c for c in NEWS_EVENT_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"{source} lacks column(s) {missing}; its header has {list(table.columns)}")
    words = table["word"].str.strip().str.lower()
    categories = table["category"].str.strip()
    for row, (word, category) in enumerate(zip(words, categories), start=1):
        if not word or " " in word or not category:
            raise ValueError(f"{source}, data row {row}: need one word and a category; got {word!r}, {category!r}")
    twice = words[words.duplicated()]
    if len(twice):
        raise ValueError(f"{source}: word {twice.iloc[0]!r} occurs twice; keep one")
    return pd.DataFrame({"word": words, "category": categories}).astype("string").reset_index(drop=True)
