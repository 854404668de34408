"""Groups of documents side by side: keyness, frame salience and tone per metadata group.

A group is the set of documents sharing a value of one metadata column of
the documents frame (``genre``, ``outlet``, ``language``, a manifest column):
:func:`group_documents` turns that column into a tidy ``doc_id, group`` table,
and the other functions take any tidy table with a ``doc_id`` column plus that
grouping and return a new frame with ``group`` first. Comparing subcorpora
this way follows quanteda's ``docvars``-grouped ``textstat_keyness`` and
``dfm_group`` (Benoit et al. 2018, *quanteda*, JOSS 3(30)).

- :func:`keyness_by_group` — each group against the rest of the corpus, with
  :func:`analysis.keyness` (signed G², Dunning 1993; log ratio, Hardie 2014);
- :func:`frames_by_group` — frame salience pooled over each group's documents
  (Entman 1993; the unit is the sentence, as in the project's codebook);
- :func:`group_sizes` — documents, scored documents and words per group;
- :func:`tone_by_group` — per-group summaries of per-document (or
  per-sentence) tone columns (VADER, Hutto & Gilbert 2014);
- :func:`add_groups` — the ``group`` column joined onto any table, e.g. for a
  boxplot of sentence compound per group.

Nothing is read from disk; inputs are never changed. Every function
is one pass (a group-by) over its input, linear in it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .checks import check_int
from .checks import require_columns as _require
from .metrics import ratio
from .stats import _LOW_32, KEYNESS_COLUMNS, TokenTable, _add_counts, _term_codes, keyness_from_counts
from .schema import DOC_ID

#: Columns of :func:`group_documents`.
GROUP_COLUMNS = [DOC_ID, "group"]
#: Columns of :func:`keyness_by_group`.
GROUP_KEYNESS_COLUMNS = ["group", *KEYNESS_COLUMNS]
#: Columns of :func:`frames_by_group`.
GROUP_FRAME_COLUMNS = [
    "group", "frame", "n_docs", "n_docs_with_frame", "hits", "n_words", "hits_per_1k",
    "n_frame_sentences", "n_sentences", "sentence_share", "mean_sentence_share",
]
#: Columns of :func:`group_sizes`.
GROUP_SIZE_COLUMNS = ["group", "n_docs", "n_scored", "n_words"]
#: Columns of :func:`tone_by_group`.
GROUP_TONE_COLUMNS = ["group", "measure", "n_docs", "mean", "sd", "median", "min", "max"]
#: Tone columns of the scored documents table summarised by default in :func:`tone_by_group`.
TONE_COLUMNS = ("compound_mean", "share_positive", "share_negative", "net_tone")
#: Label of the group of documents with no value in the grouping column.
MISSING_GROUP = "(missing)"
#: Document columns that hold text or lists, not metadata, and cannot group documents.
NOT_GROUPABLE = ("text", "raw_text", "removed", "inferred", "repairs")
#: Words per "hits per thousand words" (as in :func:`analysis.frame_salience`).
PER_WORDS = 1000


def group_documents(docs: pd.DataFrame, group_by: str, *, missing: str = MISSING_GROUP) -> pd.DataFrame:
    """Return one row per document: ``doc_id, group``, the document's value of the column *group_by*.

    Values are compared as text with surrounding white space removed (whole
    numbers stored as floats read as whole numbers: ``2024``); a
    document with no value (missing or blank) is put in the group *missing*
    (default ``"(missing)"``), so no document silently drops out of a
    comparison. Rows keep the order of *docs*.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "genre": ["news", None, " news "]})
    >>> group_documents(docs, "genre")
      doc_id      group
    0      a       news
    1      b  (missing)
    2      c       news
    """
    _require(docs, [DOC_ID], "group_documents (docs)")
    groupable = [c for c in docs.columns if c not in NOT_GROUPABLE and c != DOC_ID]
    if not isinstance(group_by, str) or group_by not in groupable:
        raise ValueError(f"group_documents: group_by must be a metadata column of docs, one of {groupable}; got {group_by!r}")
    if not isinstance(missing, str) or not missing.strip():
        raise ValueError(f"group_documents: missing must be a non-empty label for documents without a {group_by!r}; got {missing!r}")
    column = docs[group_by]
    if pd.api.types.is_float_dtype(column) and column.dropna().mod(1).eq(0).all():
        column = column.astype("Int64")  # years read as floats because of a gap: 2024, not 2024.0
    values = column.astype("string").str.strip()
    values = values.mask(values == "").fillna(missing)
    out = pd.DataFrame({DOC_ID: docs[DOC_ID].to_numpy(), "group": values.to_numpy()})
    return out.astype({DOC_ID: "string", "group": "string"})


def add_groups(table: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Return *table* with a ``group`` column in front, joined on ``doc_id`` from :func:`group_documents` output.

    Rows whose document has no group are dropped; row order is kept.

    >>> sentences = pd.DataFrame({"doc_id": ["a", "a", "b"], "compound": [0.5, -0.2, 0.0]})
    >>> add_groups(sentences, pd.DataFrame({"doc_id": ["a", "b"], "group": ["news", "op-ed"]}))
       group doc_id  compound
    0   news      a       0.5
    1   news      a      -0.2
    2  op-ed      b       0.0
    """
    _require(table, [DOC_ID], "add_groups (table)")
    _check_groups(groups, "add_groups")
    if "group" in table.columns:
        raise ValueError(f"add_groups: table already has a 'group' column; its columns are {list(table.columns)}")
    lookup = groups.drop_duplicates(DOC_ID).set_index(DOC_ID)["group"]
    group = table[DOC_ID].map(lookup)
    out = table.loc[group.notna()].copy()
    out.insert(0, "group", group[group.notna()].astype("string"))
    return out.reset_index(drop=True)


def group_sizes(documents: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Return the size of each group: ``group, n_docs, n_scored, n_words``, sorted by group.

    *documents* is the scored documents table (``Scores.documents``: ``doc_id,
    scored, n_words``). ``n_docs`` counts every document of the group,
    ``n_scored`` those the English-only measures ran on, and ``n_words`` the
    words of those (the others have no word count): it is missing, not zero,
    for a group with no scored document, since nothing was counted there.

    >>> documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "scored": [True, False, False], "n_words": [52, None, None]})
    >>> groups = pd.DataFrame({"doc_id": ["a", "b", "c"], "group": ["news", "news", "op-ed"]})
    >>> group_sizes(documents, groups)
       group  n_docs  n_scored  n_words
    0   news       2         1       52
    1  op-ed       1         0     <NA>
    """
    _require(documents, [DOC_ID, "scored", "n_words"], "group_sizes (documents)")
    _check_groups(groups, "group_sizes")
    joined = add_groups(documents[[DOC_ID, "scored", "n_words"]], groups)
    joined = joined.assign(scored=joined["scored"].fillna(False).astype(bool), n_words=pd.to_numeric(joined["n_words"]).astype("Float64"))
    out = (joined.groupby("group", sort=True)
           .agg(n_docs=(DOC_ID, "size"), n_scored=("scored", "sum"), n_words=("n_words", lambda words: words.sum(min_count=1)))
           .reset_index())
    out["n_words"] = out["n_words"].astype("Float64").round().astype("Int64")
    return out[GROUP_SIZE_COLUMNS].astype({"group": "string", "n_docs": "int64", "n_scored": "int64"})


def keyness_by_group(
    tokens: TokenTable,
    groups: pd.DataFrame,
    *,
    min_count: int = 1,
    words_only: bool = True,
    drop_stopwords: bool = False,
) -> pd.DataFrame:
    """Return the keyness of every term in each group against all other documents: ``group`` + keyness columns.

    For each group, :func:`analysis.keyness` compares the group's documents
    (target) with every other document in *tokens* (reference): signed G²
    (Dunning 1993; Rayson & Garside 2000), log ratio (Hardie 2014) and the
    p-value, with the options *min_count*, *words_only* and
    *drop_stopwords* passed on. Groups come largest first (by tokens kept),
    then by name; within a group rows keep :func:`~analysis.keyness` order
    (most over-used first). A group whose documents have no tokens (e.g.
    documents left out of scoring) or that holds every document with tokens
    has no rest to compare with and gets no rows.

    *tokens* is a token table or an iterable of token tables (e.g. the record
    batches of :func:`analysis.cache.iter_table_batches`). Cost: one pass over
    the tokens, counting each (group, term) pair as integer codes, so memory
    grows with groups × vocabulary, not with the corpus; each group's table is
    then finished from its counts and the rest's (the corpus's minus the
    group's) by :func:`analysis.stats.keyness_from_counts`, the same numbers
    as :func:`~analysis.keyness` on the group's documents against all others.

    >>> tokens = pd.DataFrame({"doc_id": ["a"] * 4 + ["b"] * 4, "norm": list("xxyz") + list("xyzz"),
    ...                        "is_stop": False, "is_punct": False})
    >>> groups = pd.DataFrame({"doc_id": ["a", "b"], "group": ["news", "op-ed"]})
    >>> keyness_by_group(tokens, groups)[["group", "term", "n_target", "n_reference", "log_ratio"]]
       group term  n_target  n_reference  log_ratio
    0   news    x         2            1        1.0
    1   news    y         1            1        0.0
    2   news    z         1            2       -1.0
    3  op-ed    z         2            1        1.0
    4  op-ed    y         1            1        0.0
    5  op-ed    x         1            2       -1.0
    """
    check_int(min_count, "keyness: min_count", minimum=1)
    _check_groups(groups, "keyness_by_group")
    if isinstance(tokens, pd.DataFrame):
        tokens = [tokens]
    names = groups["group"].astype(str).tolist()
    labels = pd.Index(list(dict.fromkeys(names)))  # group label -> code; code len(labels): the documents in no group
    label_of = dict(zip(groups[DOC_ID], labels.get_indexer(names)))
    rest = len(labels)
    vocabulary: dict = {}
    counts = None  # tokens per (label, term): key label << 32 | term
    kept_per_label = np.zeros(rest + 1, dtype="int64")  # words kept by words_only, before drop_stopwords (the order of groups)
    totals = np.zeros(rest + 1, dtype="int64")  # tokens kept by both options (keyness's totals)
    with_tokens: set = set()
    for chunk in tokens:
        _require(chunk, [DOC_ID, "norm", "is_stop", "is_punct"], "keyness_by_group (tokens)")
        if words_only:  # the same tokens keyness keeps with words_only; the letter test runs once per distinct term
            codes, terms = pd.factorize(chunk["norm"].astype(str), use_na_sentinel=False)
            has_letter = pd.Series(terms, dtype=object).astype(str).str.contains(r"[^\W\d_]", regex=True).to_numpy(dtype=bool)
            chunk = chunk.loc[~chunk["is_punct"].astype(bool).to_numpy() & has_letter[codes]]
        with_tokens.update(pd.unique(chunk[DOC_ID]))
        label = pd.Series(chunk[DOC_ID].map(label_of)).fillna(rest).to_numpy(dtype="int64")
        kept_per_label += np.bincount(label, minlength=rest + 1)
        if drop_stopwords:
            keep = ~chunk["is_stop"].astype(bool).to_numpy()
            chunk, label = chunk.loc[keep], label[keep]
        totals += np.bincount(label, minlength=rest + 1)
        named = chunk["norm"].notna().to_numpy()  # a missing term counts in the totals, as a term in no row
        term = _term_codes(chunk["norm"].to_numpy(dtype=object)[named], vocabulary)
        counts = _add_counts(counts, (label[named] << 32) | term)
    present = groups.loc[groups[DOC_ID].isin(with_tokens)]
    sizes = {g: int(kept_per_label[labels.get_loc(str(g))]) for g in pd.unique(present["group"])}
    order = sorted(sizes, key=lambda g: (-sizes[g], str(g)))
    n_documents = len(with_tokens)
    terms = np.asarray(list(vocabulary), dtype=object)
    keys, tallies = counts if counts is not None else (np.zeros(0, dtype="int64"), np.zeros(0, dtype="int64"))
    by_term = np.bincount(keys & _LOW_32, weights=tallies, minlength=len(terms)).astype("int64")  # every label together
    parts = []
    for group in order:
        members = present.loc[present["group"] == group, DOC_ID]
        if members.nunique() == n_documents:
            continue
        code = labels.get_loc(str(group))
        total_target, total_reference = int(totals[code]), int(totals.sum() - totals[code])
        for name, total in (("target", total_target), ("reference", total_reference)):
            if total == 0:
                raise ValueError(f"keyness: the {name} documents have no tokens left (words_only={words_only}, drop_stopwords={drop_stopwords})")
        mine = (keys >> 32) == code
        n_target = np.bincount(keys[mine] & _LOW_32, weights=tallies[mine], minlength=len(terms)).astype("int64")
        n_reference = by_term - n_target
        table = keyness_from_counts(terms, n_target, n_reference, total_target=total_target, total_reference=total_reference, min_count=min_count)
        table.insert(0, "group", group)
        parts.append(table)
    if not parts:
        return _empty(GROUP_KEYNESS_COLUMNS).astype({"group": "string", "term": "string"})
    out = pd.concat(parts, ignore_index=True)
    return out.astype({"group": "string"})


def frames_by_group(frames: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Return frame salience per group and frame, pooled over the group's documents.

    *frames* is :func:`analysis.frame_salience` output (``Scores.frames``):
    one row per document and frame with ``hits, n_words, n_frame_sentences,
    n_sentences``. Columns: ``group, frame, n_docs, n_docs_with_frame, hits,
    n_words, hits_per_1k, n_frame_sentences, n_sentences, sentence_share,
    mean_sentence_share``. Counts are summed over the group's documents;
    ``hits_per_1k`` and ``sentence_share`` are the pooled ratios (sum over sum,
    so long documents weigh more), ``mean_sentence_share`` the unweighted mean
    of the documents' sentence shares (every document weighs the same).
    ``n_docs_with_frame`` counts documents with at least one hit. Salience as
    in Entman (1993); the sentence unit is the codebook's. Sorted by group,
    then frame.

    >>> frames = pd.DataFrame({"doc_id": ["a", "b"], "frame": ["security"] * 2, "hits": [3, 0], "n_words": [100, 300],
    ...                        "n_frame_sentences": [2, 0], "n_sentences": [4, 6]})
    >>> groups = pd.DataFrame({"doc_id": ["a", "b"], "group": ["news", "news"]})
    >>> frames_by_group(frames, groups).iloc[0].to_dict()
    {'group': 'news', 'frame': 'security', 'n_docs': 2, 'n_docs_with_frame': 1, 'hits': 3, 'n_words': 400, 'hits_per_1k': 7.5, 'n_frame_sentences': 2, 'n_sentences': 10, 'sentence_share': 0.2, 'mean_sentence_share': 0.25}
    """
    _require(frames, [DOC_ID, "frame", "hits", "n_words", "n_frame_sentences", "n_sentences"], "frames_by_group (frames)")
    _check_groups(groups, "frames_by_group")
    joined = add_groups(frames, groups)
    doc_share = ratio(joined["n_frame_sentences"], joined["n_sentences"])
    joined = joined.assign(has_frame=joined["hits"] > 0, doc_share=doc_share)
    out = (
        joined.groupby(["group", "frame"], sort=True)
        .agg(
            n_docs=(DOC_ID, "nunique"),
            n_docs_with_frame=("has_frame", "sum"),
            hits=("hits", "sum"),
            n_words=("n_words", "sum"),
            n_frame_sentences=("n_frame_sentences", "sum"),
            n_sentences=("n_sentences", "sum"),
            mean_sentence_share=("doc_share", "mean"),
        )
        .reset_index()
    )
    out["hits_per_1k"] = ratio(out["hits"] * PER_WORDS, out["n_words"])
    out["sentence_share"] = ratio(out["n_frame_sentences"], out["n_sentences"])
    out = out[GROUP_FRAME_COLUMNS]
    ints = ["n_docs", "n_docs_with_frame", "hits", "n_words", "n_frame_sentences", "n_sentences"]
    floats = ["hits_per_1k", "sentence_share", "mean_sentence_share"]
    return out.astype({"group": "string", "frame": "string"} | dict.fromkeys(ints, "int64") | dict.fromkeys(floats, "float64"))


def tone_by_group(table: pd.DataFrame, groups: pd.DataFrame, *, columns: Sequence[str] = TONE_COLUMNS) -> pd.DataFrame:
    """Return one row per group and tone column: ``group, measure, n_docs, mean, sd, median, min, max``.

    *table* has a ``doc_id`` column and the numeric *columns*: the scored
    documents table (``Scores.documents``; default columns ``compound_mean,
    share_positive, share_negative, net_tone``, VADER after Hutto & Gilbert
    2014) or the sentence table (``columns=["compound"]``). Each statistic is
    over the rows of the group with a value; missing values (documents not
    scored, e.g. not in English) are left out, and ``n_docs`` counts the
    documents that gave at least one value. ``sd`` is the sample standard
    deviation (``ddof=1``; missing for a single row). Sorted by group, then
    the order of *columns*.

    >>> documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "compound_mean": [0.2, 0.4, None]})
    >>> groups = pd.DataFrame({"doc_id": ["a", "b", "c"], "group": ["news"] * 3})
    >>> tone_by_group(documents, groups, columns=["compound_mean"])
      group        measure  n_docs  mean        sd  median  min  max
    0  news  compound_mean       2   0.3  0.141421     0.3  0.2  0.4
    """
    if isinstance(columns, str):
        columns = [columns]
    columns = list(dict.fromkeys(columns))
    if not columns:
        raise ValueError("tone_by_group: columns is empty; name at least one numeric column of table")
    _require(table, [DOC_ID, *columns], "tone_by_group (table)")
    _check_groups(groups, "tone_by_group")
    not_numeric = [c for c in columns if not pd.api.types.is_numeric_dtype(table[c])]
    if not_numeric:
        raise ValueError(f"tone_by_group: columns {not_numeric} of table are not numeric; pass numeric tone columns such as {list(TONE_COLUMNS)}")
    joined = add_groups(table[[DOC_ID, *columns]], groups)
    long = joined.melt(id_vars=["group", DOC_ID], value_vars=columns, var_name="measure").dropna(subset=["value"])
    long["value"] = long["value"].astype("float64")
    grouped = long.groupby(["group", "measure"], sort=False)
    out = grouped["value"].agg(mean="mean", sd="std", median="median", min="min", max="max")
    out.insert(0, "n_docs", grouped[DOC_ID].nunique())
    out = out.reset_index()
    out["measure"] = pd.Categorical(out["measure"], categories=columns)
    out = out.sort_values(["group", "measure"], ignore_index=True)
    out["measure"] = out["measure"].astype("string")
    return out[GROUP_TONE_COLUMNS].astype({"group": "string", "n_docs": "int64"})


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def _check_groups(groups: pd.DataFrame, caller: str) -> None:
    _require(groups, GROUP_COLUMNS, f"{caller} (groups)")
    duplicated = groups.loc[groups[DOC_ID].duplicated(), DOC_ID].unique().tolist()
    if duplicated:
        raise ValueError(f"{caller}: groups lists doc_id(s) {duplicated[:5]} more than once; give each document one group (group_documents)")
