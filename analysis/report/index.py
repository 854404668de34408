"""The index page of a run: failures, the corpus in a sentence, headline findings, the reports by kind, provenance.

:func:`write_index` renders ``templates/index.html.j2`` with Jinja (Pallets,
Jinja documentation: https://jinja.palletsprojects.com) with autoescaping on,
so article titles, ids, parameters and error messages are shown as text,
never read as HTML. Values are escaped as the standard library's
``html.escape`` does (``'`` as ``&#x27;``, ``"`` as ``&quot;``), as in the
report pages. The page is self-contained: inline CSS, no script, nothing
fetched.

What the page shows is computed here from what the run already holds, never
by scoring again: :func:`describe_corpus` and :func:`corpus_sentence` (the
documents table of the scored corpus), :func:`headline_findings` (the frame
salience table the framing report wrote, or the scored corpus's; the
documents' tone; the actor mentions), :func:`index_rows` (one row per report,
with a readable title, its group and one key figure) and :func:`run_header`
(the run's metadata and provenance, "reused from" said once).
"""

from __future__ import annotations

import html
import os
import urllib.parse
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import jinja2

from ..outputs import write_text_atomically
from .execute import error_text
from .plan import PlannedReport
from .store import iso_time
from .suite import RUNNER_PARAMETERS

#: The page templates, in ``templates/`` of this package.
INDEX_TEMPLATE = "index.html.j2"
LISTING_TEMPLATE = "listing.html.j2"
#: Columns of the ``documents`` score table shown on a run's documents page (those the table has), in order.
DOCUMENT_COLUMNS = ("doc_id", "title", "date", "outlet", "genre", "language", "n_words", "compound_mean", "dominant_frame",
                    "n_actor_mentions", "n_quotes")
#: Columns of a run's actors page.
ACTOR_COLUMNS = ("actor", "n_mentions", "n_docs")
#: The groups of reports on the index, in page order, and their headings: a per-document or per-actor report goes to
#: ``document`` or ``actor``, any other report to its notebook's name; a notebook not listed here gets a group of its
#: own after these, headed by its name.
GROUPS = {
    "corpus_overview": "Corpus overview",
    "framing": "Framing",
    "compare": "Comparison of groups",
    "validation": "Validation",
    "document": "Document reports",
    "actor": "Actor reports",
    "teaching": "Teaching notebooks",
}
#: The folder of the teaching notebooks: a report of a notebook in it goes to the ``teaching`` group, titled by its
#: part and copy (a student's, or the instructor's with ``show_solutions``), with its number of exercises.
TEACHING_FOLDER = "teaching"
#: A group with more reports than this is folded (a closed ``<details>``; the browser's find-in-page opens it).
FOLD_AFTER = 8
#: How many frames and actors the headline findings name.
TOP_FRAMES = 3
TOP_ACTORS = 5
#: How many outlets the corpus sentence names before giving the count of the others.
OUTLETS_NAMED = 4
#: Characters of a document title kept on the index (the report shows it whole), and in a headline finding.
TITLE_LENGTH = 110
FINDING_TITLE_LENGTH = 60


# --------------------------------------------------------------------------- the page


def write_index(reports: list[dict], out_dir: str | Path, *, title: str = "Reports", corpus: str = "",
                findings: Sequence[Mapping] = (), header: Sequence[tuple[str, str]] = (),
                links: Sequence[tuple[str, str | Path]] = (), group_links: Mapping[str, tuple[str, str | Path]] | None = None) -> Path:
    """Write ``<out_dir>/index.html`` (:func:`render_index`) atomically; return its path."""
    out_dir = Path(out_dir)
    page = render_index(reports, out_dir, title=title, corpus=corpus, findings=findings, header=header, links=links, group_links=group_links)
    return write_text_atomically(out_dir / "index.html", page)


def render_index(reports: list[dict], out_dir: str | Path, *, title: str = "Reports", corpus: str = "",
                 findings: Sequence[Mapping] = (), header: Sequence[tuple[str, str]] = (),
                 links: Sequence[tuple[str, str | Path]] = (), group_links: Mapping[str, tuple[str, str | Path]] | None = None,
                 prefix: str = "") -> str:
    """The index page of *reports* (dicts with ``name``, ``html``, ``status``) as HTML text.

    Sections, in order: the reports that failed or timed out (name, status,
    the error's first line, links to its page, notebook and manifest), only
    when there are any; *corpus* (a sentence, :func:`corpus_sentence`) and
    *links* (``(label, path)`` pairs: the documents and actors pages);
    *findings* (:func:`headline_findings`); the reports by group (key
    ``group``, headed as :data:`GROUPS` says; a report without one goes to
    "Reports"), each with its ``title`` (default: its name), ``figure`` and
    ``detail``, groups longer than :data:`FOLD_AFTER` folded, a group named
    in *group_links* (group -> ``(label, path)``) followed by that link (the
    searchable page of every document or actor); then *header*
    (``(label, value)`` pairs: the run's metadata and provenance) and the
    tables (CSV) each report wrote (key ``tables``, file paths).

    Paths (``html``, ``notebook``, ``manifest``, ``tables``, link and finding
    targets) are relative to *out_dir* or absolute; every link is written
    relative to *out_dir* and URL-quoted, with *prefix* in front (the same
    page one folder up, ``OUT/index.html``, links ``runs/<run-id>/...``).
    Every value is HTML-escaped.
    """
    out_dir = Path(out_dir)

    def link(target: str | Path | None) -> str:
        return prefix + _href(target, out_dir) if target else ""

    rows = [_shown_row(report, link) for report in reports]
    failures = [row for row in rows if row["status"] not in ("ok", "")]
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["group"], []).append(row)
    order = list(GROUPS)
    more = {key: {"label": label, "link": link(target)} for key, (label, target) in (group_links or {}).items()}
    shown_groups = [{"key": key, "heading": group_heading(key), "rows": members, "folded": len(members) > FOLD_AFTER, "more": more.get(key)}
                    for key, members in sorted(groups.items(), key=lambda item: (order.index(item[0]) if item[0] in order else len(order),
                                                                                 list(groups).index(item[0])))]
    shown_findings = [{"label": f["label"], "note": f.get("note", ""),
                       "items": [{"text": item["text"], "link": link(item.get("target")), "hint": item.get("hint", "")} for item in f["items"]],
                       "source": link(f.get("source")), "source_label": f.get("source_label", "")}
                      for f in findings if f.get("items")]
    downloads = [{"title": row["title"], "tables": row["tables"]} for row in rows if row["tables"]]
    return _template().render(title=title, n_reports=len(rows), corpus=corpus, failures=failures, findings=shown_findings, groups=shown_groups,
                              header=list(header), downloads=downloads,
                              links=[{"label": label, "link": link(target)} for label, target in links])


def _shown_row(report: Mapping, link) -> dict:
    """One report as the template shows it: links made, the error's first line split from the rest."""
    error = report.get("error") or ""
    parameters = "; ".join(f"{k} = {v}" for k, v in (report.get("parameters") or {}).items())
    return {
        "name": report["name"],
        "title": report.get("title") or report["name"],
        "group": report.get("group") or "",
        "link": link(report.get("html")),
        "notebook": link(report.get("notebook")),
        "manifest": link(report.get("manifest")),
        "figure": report.get("figure") or "",
        "detail": report["detail"] if "detail" in report else report.get("subject") or "",
        "parameters": parameters,
        "status": str(report.get("status", "")),
        "note": report.get("note") or "",
        "error_line": error.splitlines()[0] if error else "",
        "error": error,
        "tables": [{"name": Path(t).stem, "link": link(t)} for t in report.get("tables") or []],
    }


def group_heading(key: str) -> str:
    """The heading of a group of reports: :data:`GROUPS`, else the notebook's name in words.

    >>> group_heading("document"), group_heading("teaching_sentiment"), group_heading("")
    ('Document reports', 'Teaching sentiment', 'Reports')
    """
    if key in GROUPS:
        return GROUPS[key]
    return key.replace("_", " ").strip().capitalize() or "Reports"


def write_listing(table, out_dir: str | Path, *, name: str, title: str, intro: str, pages: Mapping[str, str | Path]) -> Path:
    """Write ``<name>.html`` (every row of *table*, a filter box, a link to each row's page) and ``<name>.csv`` (the table).

    *table* is a frame whose first column is the id (``doc_id`` or ``actor``);
    *pages* maps an id to the page of its report, relative to *out_dir*. The
    page holds every row however many there are: it is where a document or
    actor without a report of its own is found. Returns the HTML page's path.
    """
    import pandas as pd

    from ..outputs import save_tables

    out_dir = Path(out_dir)
    key = table.columns[0]
    save_tables(out_dir, **{name: table})
    numeric = {c for c in table.columns if pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c])}
    rows = []
    for values in table.itertuples(index=False, name=None):
        cells = [{"text": _cell(v), "number": c in numeric} for c, v in zip(table.columns, values)]
        page = pages.get(str(values[0]))
        rows.append({"cells": cells, "link": _href(page, out_dir) if page else ""})
    text = _template(LISTING_TEMPLATE).render(title=title, intro=intro, columns=list(table.columns), rows=rows,
                                             linked=bool(pages), csv=f"{name}.csv", key=key)
    return write_text_atomically(out_dir / f"{name}.html", text)


def _cell(value: object) -> str:
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def document_listing(documents, docs=None):
    """The rows of a run's documents page: :data:`DOCUMENT_COLUMNS` of the ``documents`` score table (the title from *docs* if absent)."""
    table = documents
    if "title" not in table.columns and docs is not None and "title" in docs.columns:
        table = table.merge(docs[["doc_id", "title"]], on="doc_id", how="left")
    return table[[c for c in DOCUMENT_COLUMNS if c in table.columns]].reset_index(drop=True)


def actor_listing(mentions):
    """The rows of a run's actors page: each actor, its mentions and the documents naming it, most mentioned first."""
    import pandas as pd

    if mentions is None or mentions.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c != "actor" else "object") for c in ACTOR_COLUMNS})
    counts = mentions.groupby("actor").agg(n_mentions=("doc_id", "size"), n_docs=("doc_id", "nunique")).reset_index()
    counts["actor"] = counts["actor"].astype(str)
    return counts.sort_values(["n_mentions", "actor"], ascending=[False, True], kind="stable", ignore_index=True)[list(ACTOR_COLUMNS)]


def _template(name: str = INDEX_TEMPLATE) -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("analysis.report", "templates"),
        autoescape=True,
        finalize=_Text,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template(name)


class _Text:
    """A value of the page: autoescape shows it as ``html.escape`` would (through the ``__html__`` protocol of MarkupSafe)."""

    __slots__ = ("text",)

    def __init__(self, value: object) -> None:
        self.text = str(value)

    def __html__(self) -> str:
        return html.escape(self.text)


def _href(target: str | Path, out_dir: Path) -> str:
    """A link to *target* relative to *out_dir*, URL-quoted (the template escapes it)."""
    relative = os.path.relpath(target, out_dir) if Path(target).is_absolute() else str(target)
    return urllib.parse.quote(Path(relative).as_posix())


# --------------------------------------------------------------------------- what the page says


def describe_corpus(documents) -> dict:
    """The facts of the corpus sentence, from a ``documents`` table (one row per document; :func:`analysis.score`).

    Keys: ``n_documents``, ``n_scored`` (English documents, measured),
    ``n_words`` (summed over the documents that have a count), ``n_counted``
    (how many do), ``languages`` (``(code, n)`` pairs, most first),
    ``first_date``, ``last_date`` (``YYYY-MM-DD``, ``None`` when no document
    is dated), ``n_dated``, ``outlets`` (``(outlet, n)`` pairs, most first)
    and ``n_without_outlet``. Columns the table lacks count as unknown.

    >>> import pandas as pd
    >>> facts = describe_corpus(pd.DataFrame({"doc_id": ["a", "b", "c"], "n_words": [100, 250, None],
    ...     "language": ["en", "en", "ru"], "date": ["2025-01-02", None, "2024-12-31"], "outlet": ["X", "Y", "X"]}))
    >>> facts["n_words"], facts["languages"], facts["first_date"], facts["last_date"], facts["outlets"]
    (350, [('en', 2), ('ru', 1)], '2024-12-31', '2025-01-02', [('X', 2), ('Y', 1)])
    """
    import pandas as pd

    n = len(documents)

    def column(name: str):
        return documents[name] if name in documents.columns else pd.Series([pd.NA] * n, dtype="object")

    words = pd.to_numeric(column("n_words"), errors="coerce")
    dates = pd.to_datetime(column("date").astype("string").str.slice(0, 10), format="%Y-%m-%d", errors="coerce").dropna()
    scored = column("scored")
    outlets = column("outlet").astype("string").str.strip().replace("", pd.NA).dropna()
    languages = column("language").astype("string").replace("", pd.NA).dropna()
    return {
        "n_documents": n,
        "n_scored": int(scored.fillna(False).astype(bool).sum()) if "scored" in documents.columns else n,
        "n_words": int(words.sum()) if words.notna().any() else 0,
        "n_counted": int(words.notna().sum()),
        "languages": _counted(languages),
        "first_date": dates.min().strftime("%Y-%m-%d") if len(dates) else None,
        "last_date": dates.max().strftime("%Y-%m-%d") if len(dates) else None,
        "n_dated": len(dates),
        "outlets": _counted(outlets),
        "n_without_outlet": n - len(outlets),
    }


def _counted(values) -> list[tuple[str, int]]:
    """``(value, n)`` pairs, most frequent first, ties in the order of first appearance."""
    return sorted(Counter(map(str, values)).items(), key=lambda item: -item[1])


def corpus_sentence(facts: Mapping) -> str:
    """The corpus in a sentence, from :func:`describe_corpus`: documents, words, languages, date range, outlets.

    >>> corpus_sentence({"n_documents": 3, "n_scored": 3, "n_words": 350, "n_counted": 2, "languages": [("en", 2), ("ru", 1)],
    ...                  "first_date": "2024-12-31", "last_date": "2025-01-02", "n_dated": 2, "outlets": [("X", 2), ("Y", 1)],
    ...                  "n_without_outlet": 0})
    '3 documents (350 words in the 2 counted), in 2 languages (en 2, ru 1), dated 2024-12-31 to 2025-01-02 (2 of the 3 are dated), from 2 outlets: X (2), Y (1).'
    """
    n = facts["n_documents"]
    parts = [f"{n:,} document{'s' if n != 1 else ''}"]
    words = f"{facts['n_words']:,} words"
    if facts["n_counted"] and facts["n_counted"] < n:
        words += f" in the {facts['n_counted']:,} counted"
    parts[0] += f" ({words})"
    languages = facts["languages"]
    if len(languages) == 1:
        parts.append(f"all in language {languages[0][0]}" if languages[0][1] == n else f"{languages[0][1]:,} in language {languages[0][0]}")
    elif languages:
        parts.append(f"in {len(languages)} languages ({', '.join(f'{code} {k:,}' for code, k in languages)})")
    if facts["first_date"] is None:
        dated = ", undated"
    else:
        span = facts["first_date"] if facts["first_date"] == facts["last_date"] else f"{facts['first_date']} to {facts['last_date']}"
        dated = f", dated {span}" + (f" ({facts['n_dated']:,} of the {n:,} {'is' if facts['n_dated'] == 1 else 'are'} dated)" if facts["n_dated"] < n else "")
    outlets = facts["outlets"]
    if outlets:
        named = ", ".join(f"{outlet} ({k:,})" for outlet, k in outlets[:OUTLETS_NAMED])
        more = f" and {len(outlets) - OUTLETS_NAMED:,} more" if len(outlets) > OUTLETS_NAMED else ""
        source = f", from {len(outlets):,} outlet{'s' if len(outlets) != 1 else ''}: {named}{more}"
        if facts["n_without_outlet"]:
            source += f"; {plural(facts['n_without_outlet'], 'document')} name{'s' if facts['n_without_outlet'] == 1 else ''} no outlet"
    else:
        source = ", no outlet named"
    sentence = ", ".join(parts) + dated + source + "."
    if facts["n_scored"] < n:
        sentence += (f" {n - facts['n_scored']:,} of them {'is' if n - facts['n_scored'] == 1 else 'are'} not in English, so the English-only measures (tone, frames, actors, quotes) "
                     "were not run on them (blank, not zero).")
    return sentence


def frame_shares(salience):
    """Per frame, the share of the corpus's sentences that carry it, and the documents it dominates.

    *salience* is a frame salience table (:func:`analysis.frame_salience`:
    ``doc_id, frame, hits, n_frame_sentences, n_sentences``, one row per
    document and frame). Returns ``frame, n_frame_sentences, n_sentences,
    sentence_share, n_dominant``: ``sentence_share`` is the frame's sentences
    over all sentences of the documents in the table (the codebook's unit;
    salience after Entman 1993); ``n_dominant`` counts the documents whose
    dominant frame it is (carried by the most sentences, ties broken by hits,
    then by frame name, as :func:`analysis.framing.dominant_frames` does;
    a document without a frame has none). Most sentences first.

    >>> import pandas as pd
    >>> salience = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "frame": ["x", "y", "x", "y"], "hits": [3, 1, 0, 2],
    ...                          "n_frame_sentences": [2, 1, 0, 2], "n_sentences": [4, 4, 6, 6]})
    >>> frame_shares(salience)
      frame  n_frame_sentences  n_sentences  sentence_share  n_dominant
    0     y                  3           10             0.3           1
    1     x                  2           10             0.2           1
    """
    import pandas as pd

    columns = ["frame", "n_frame_sentences", "n_sentences", "sentence_share", "n_dominant"]
    if salience is None or salience.empty:
        return pd.DataFrame({c: pd.Series(dtype="object" if c == "frame" else "float64" if c == "sentence_share" else "int64") for c in columns})
    table = salience.assign(frame=salience["frame"].astype(str), doc_id=salience["doc_id"].astype(str))
    total = int(table.drop_duplicates("doc_id")["n_sentences"].sum())
    out = table.groupby("frame", sort=False)["n_frame_sentences"].sum().astype("int64").reset_index()
    out["n_sentences"] = total
    out["sentence_share"] = out["n_frame_sentences"] / total if total else float("nan")
    carried = table.loc[table["n_frame_sentences"] > 0]
    top = carried.sort_values(["doc_id", "n_frame_sentences", "hits", "frame"], ascending=[True, False, False, True], kind="stable")
    dominant = top.drop_duplicates("doc_id")["frame"].value_counts()
    out["n_dominant"] = out["frame"].map(dominant).fillna(0).astype("int64")
    return out.sort_values(["n_frame_sentences", "frame"], ascending=[False, True], kind="stable", ignore_index=True)[columns]


def corpus_tone(documents) -> dict:
    """The tone of the corpus's sentences, from the ``documents`` table (scored documents only).

    Keys: ``n_sentences``; ``compound`` (the mean VADER compound of all
    sentences, -1 to +1: each document's ``compound_mean`` weighted by its
    ``n_sentences``, which is the mean over the sentences; Hutto & Gilbert
    2014); ``news_tone`` (likewise the mean news tone, -4 to +4,
    :mod:`analysis.tone`); ``share_positive`` and ``share_negative`` (the
    sentences VADER calls positive or negative). ``None`` where there is
    nothing to average.

    >>> import pandas as pd
    >>> tone = corpus_tone(pd.DataFrame({"scored": [True, True], "n_sentences": [1, 3], "compound_mean": [0.8, 0.0],
    ...     "news_tone_mean": [1.0, -1.0], "n_positive_sentences": [1, 0], "n_negative_sentences": [0, 1]}))
    >>> tone["compound"], tone["news_tone"], tone["share_positive"], tone["share_negative"]
    (0.2, -0.5, 0.25, 0.25)
    """
    import pandas as pd

    table = documents.loc[documents["scored"].fillna(False).astype(bool)] if "scored" in documents.columns else documents
    sentences = pd.to_numeric(table.get("n_sentences", pd.Series(dtype="float64")), errors="coerce").fillna(0)
    total = float(sentences.sum())

    def weighted(column: str) -> float | None:
        if column not in table.columns or not total:
            return None
        values = pd.to_numeric(table[column], errors="coerce")
        known = values.notna() & (sentences > 0)
        return float((values[known] * sentences[known]).sum() / sentences[known].sum()) if known.any() else None

    def share(column: str) -> float | None:
        if column not in table.columns or not total:
            return None
        return float(pd.to_numeric(table[column], errors="coerce").fillna(0).sum() / total)

    return {"n_sentences": int(total), "compound": weighted("compound_mean"), "news_tone": weighted("news_tone_mean"),
            "share_positive": share("n_positive_sentences"), "share_negative": share("n_negative_sentences")}


def headline_findings(*, shares, scheme: str, documents, actors, actor_labels: Mapping[str, str] | None = None,
                      pages: Mapping[str, Mapping[str, str | Path]] | None = None, frames_page: str | Path | None = None,
                      tone_page: str | Path | None = None, actors_page: str | Path | None = None,
                      documents_page: str | Path | None = None) -> list[dict]:
    """The headline findings: the dominant frames, the tone, the most-named actors, each figure linked to where it is shown.

    *shares* is :func:`frame_shares` of the salience table the figures come
    from and *scheme* says what found the frames (``"the eurasia dictionary"``);
    *documents* the ``documents`` score table (for :func:`corpus_tone` and
    the most positive and negative documents); *actors* the mentions per actor
    (:func:`actor_listing`: ``actor, n_mentions, n_docs``, most mentioned first). *pages* maps ``"document"`` and ``"actor"`` to
    ``{id: report page}``; a figure links to its own report where there is
    one, else to *frames_page*, *tone_page*, *documents_page* or
    *actors_page*. Returns dicts ``label, note, items, source,
    source_label``; each item is ``text, target, hint``.
    """
    import pandas as pd

    pages = pages or {}
    labels = actor_labels or {}
    findings = []
    frames = shares.loc[shares["n_frame_sentences"] > 0].head(TOP_FRAMES)
    n_scored_docs = int(documents["scored"].fillna(False).astype(bool).sum()) if "scored" in documents.columns else len(documents)
    findings.append({
        "label": "Dominant frames",
        "note": (f"share of the scored documents' {int(shares['n_sentences'].iloc[0]):,} sentences that carry each frame, "
                 f"found by {scheme}" if len(shares) else f"no frame of {scheme} was found in the corpus"),
        "items": [{"text": f"{_words(row.frame)}: {row.sentence_share:.0%} of sentences, "
                           + (f"dominant in {row.n_dominant:,} of {plural(n_scored_docs, 'document')}" if row.n_dominant else "dominant in none"),
                   "target": frames_page} for row in frames.itertuples()],
        "source": frames_page, "source_label": "framing report",
    })
    tone = corpus_tone(documents)
    items = []
    if tone["compound"] is not None:
        items.append({"text": f"mean sentence tone {tone['compound']:+.2f} (VADER compound, -1 to +1)", "target": tone_page,
                      "hint": "the mean VADER compound score of every sentence of the scored documents (Hutto & Gilbert 2014)"})
    if tone["news_tone"] is not None:
        items.append({"text": f"news tone {tone['news_tone']:+.2f} (-4 to +4)", "target": tone_page,
                      "hint": "the mean news tone of every sentence: the package's model trained on rated news sentences"})
    if tone["share_positive"] is not None and tone["share_negative"] is not None:
        items.append({"text": f"{tone['share_positive']:.0%} of sentences positive, {tone['share_negative']:.0%} negative", "target": tone_page})
    if "compound_mean" in documents.columns and "title" in documents.columns:
        ranked = documents.assign(_tone=pd.to_numeric(documents["compound_mean"], errors="coerce")).dropna(subset=["_tone"]).reset_index(drop=True)
        if len(ranked) > 1:
            for word, row in (("most negative", ranked.loc[ranked["_tone"].idxmin()]), ("most positive", ranked.loc[ranked["_tone"].idxmax()])):
                doc_id = str(row["doc_id"])
                items.append({"text": f"{word} document: {short_title(row['title'], doc_id, length=FINDING_TITLE_LENGTH)} ({row['_tone']:+.2f})",
                              "target": pages.get("document", {}).get(doc_id) or documents_page})
    findings.append({"label": "Tone", "note": f"over the {tone['n_sentences']:,} sentences of the scored documents", "items": items,
                     "source": tone_page, "source_label": "corpus overview"})
    counts = actors.head(TOP_ACTORS)
    findings.append({
        "label": "Most-named actors",
        "note": "mentions by name, capital, demonym or leader (the actor gazetteer)",
        "items": [{"text": f"{labels.get(row.actor) or row.actor}: {plural(row.n_mentions, 'mention')} in {plural(row.n_docs, 'document')}",
                   "target": pages.get("actor", {}).get(row.actor) or actors_page} for row in counts.itertuples()],
        "source": actors_page, "source_label": "all actors",
    })
    return findings


def plural(n: int, noun: str) -> str:
    """*n* and *noun*, in the plural unless *n* is 1, with a thousands separator.

    >>> plural(1, "document"), plural(2225, "document")
    ('1 document', '2,225 documents')
    """
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _words(identifier: str) -> str:
    """An identifier in words: ``economy_energy`` -> ``economy energy``."""
    return str(identifier).replace("_", " ")


def short_title(title: object, fallback: str, *, length: int = TITLE_LENGTH) -> str:
    """A document's title on one line, cut at a word to *length* characters; *fallback* when it has none.

    >>> short_title("  Talks   resume\\n in Baku ", "d1"), short_title(None, "d1")
    ('Talks resume in Baku', 'd1')
    """
    import pandas as pd

    if title is None or (not isinstance(title, str) and pd.isna(title)) or not str(title).strip():
        return fallback
    text = " ".join(str(title).split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(" ,.;:-") + "…"


def actor_labels(gazetteer: str | Path) -> dict[str, str]:
    """Actor id -> how reports name it (the ``label`` column of *gazetteer*); empty when it cannot be read."""
    from ..lexicons import load_gazetteer

    try:
        table = load_gazetteer(gazetteer)
    except (OSError, ValueError, KeyError):
        return {}
    return dict(zip(table["actor"].astype(str), table["label"].astype(str)))


# --------------------------------------------------------------------------- a run's rows and header


def index_rows(planned: list[PlannedReport], outcomes: Mapping[str, dict], staging: Path, *, documents=None,
               labels: Mapping[str, str] | None = None, mentions: Mapping[str, tuple[int, int]] | None = None,
               figures: Mapping[str, str] | None = None) -> list[dict]:
    """The rows of a run's index: one per planned report, with a readable title, its group and one key figure.

    A report's group is ``document`` or ``actor`` for a per-document or
    per-actor report, else its notebook's name (:data:`GROUPS`). A
    per-document report is titled with the document's title (*documents*:
    the ``documents`` score table) and shows its words and mean tone; a
    per-actor report its actor's label (*labels*) and mentions (*mentions*:
    actor -> ``(n_mentions, n_docs)``); any other report is titled with its
    group's heading (and, in a grid, its parameters) and shows *figures*
    (report name -> figure). Each row has its
    page, notebook and manifest (when written), tables, status, error and a
    note (the seconds it took; nothing for a reused report: the header says
    once which run the reused reports come from, :func:`reuse_note`).
    """
    labels = labels or {}
    mentions = mentions or {}
    figures = figures or {}
    by_doc = {}
    wanted = {report.per_id for report in planned if report.per == "document"}
    if documents is not None and wanted:  # only the documents with a report: a corpus may hold 100,000
        chosen = documents.loc[documents["doc_id"].astype(str).isin(wanted)]
        by_doc = {str(d): row for d, row in zip(chosen["doc_id"], chosen.to_dict("records"))}
    def group_of(report: PlannedReport) -> str:
        if report.per in ("document", "actor"):
            return report.per
        return "teaching" if report.notebook.parent.name == TEACHING_FOLDER else report.notebook.stem

    sizes = Counter(map(group_of, planned))
    # A parameter every report that declares it gets with one value (the run's scheme, its actor list) is said once, in
    # the run's provenance block, not on every row.
    values: dict[str, set] = {}
    for report in planned:
        for key, value in report.parameters.items():
            values.setdefault(key, set()).add(repr(value))
    declared = Counter(key for report in planned for key in report.parameters)
    run_wide = {key for key, seen in values.items() if len(seen) == 1 and declared[key] > 1}
    rows = []
    for report in planned:
        outcome = outcomes[report.name]
        folder = Path(report.name)
        note = "" if outcome.get("reused_from") else f"{outcome['ended'] - outcome['started']:.1f} s"  # reuse is said once, in the header
        if outcome.get("attempts", 0) > 1:
            note += f" ({outcome['attempts']} attempts: kernel start failed)"
        shown = {k: v for k, v in report.parameters.items() if k not in RUNNER_PARAMETERS and k not in run_wide}
        tables = sorted(p.relative_to(staging) for p in (staging / report.name / "tables").glob("*") if not p.name.startswith("."))
        group = group_of(report)
        title, figure, detail = group_heading(group), figures.get(report.name, ""), ""
        if group == "teaching":
            title, figure = teaching_title(report.notebook.stem, solutions=bool(report.parameters.get("show_solutions", False)))
            shown.pop("show_solutions", None)  # the title says which copy
        elif sizes[group] > 1 and report.per is None:  # a grid: its parameters tell its reports apart
            title += ": " + ", ".join(f"{k} {v}" for k, v in shown.items())
        if report.per == "document" and report.per_id is not None:
            document = by_doc.get(report.per_id, {})
            title = short_title(document.get("title") or report.subject, report.per_id)
            figure = document_figure(document)
            detail = " · ".join(str(v) for v in (document.get("outlet"), document.get("date")) if _present(v))
        elif report.per == "actor" and report.per_id is not None:
            title = labels.get(report.per_id) or report.per_id
            n_mentions, n_docs = mentions.get(report.per_id, (None, None))
            figure = f"{plural(n_mentions, 'mention')} in {plural(n_docs, 'document')}" if n_mentions is not None else report.subject
        others = {k: v for k, v in shown.items() if report.per is None or str(v) != report.per_id}  # the id is in the title
        rows.append({"name": report.name, "title": title, "group": group, "figure": figure, "detail": detail,
                     "html": _existing(staging, folder / f"{report.name}.html"), "notebook": _existing(staging, folder / f"{report.name}.ipynb"),
                     "manifest": folder / "manifest.json", "subject": report.subject, "status": outcome["status"],
                     "parameters": others, "tables": tables, "note": note, "reused_from": outcome.get("reused_from"),
                     "error": error_text(outcome.get("error"))})
    return rows


def teaching_title(stem: str, *, solutions: bool) -> tuple[str, str]:
    """A teaching report's title (its part, its topic, which copy) and figure (its exercises), from the notebook's name.

    >>> teaching_title("03_dictionaries_and_framing", solutions=True)
    ("Part 3: dictionaries and framing (instructor's copy, worked answers)", '5 exercises')
    """
    from .. import teaching

    number, _, topic = stem.partition("_")
    title = f"Part {int(number)}: {topic.replace('_', ' ')}" if number.isdigit() and topic else stem.replace("_", " ")
    title += " (instructor's copy, worked answers)" if solutions else " (student's copy)"
    exercises = teaching.list_exercises()
    n = int((exercises["notebook"] == stem).sum())
    return title, plural(n, "exercise") if n else ""


def _existing(staging: Path, path: Path) -> Path | None:
    return path if (staging / path).is_file() else None


def _present(value: object) -> bool:
    import pandas as pd

    return value is not None and not (not isinstance(value, str) and pd.isna(value)) and str(value).strip() != ""


def document_figure(document: Mapping) -> str:
    """A document report's key figure: its words and mean sentence tone (VADER compound); blank for what was not measured.

    >>> document_figure({"n_words": 1456, "compound_mean": 0.4317}), document_figure({"n_words": 80, "compound_mean": None})
    ('1,456 words, tone +0.43', '80 words, tone not measured')
    """
    words = document.get("n_words")
    tone = document.get("compound_mean")
    parts = [f"{int(words):,} words"] if _present(words) else []
    if parts or _present(tone):
        parts.append(f"tone {float(tone):+.2f}" if _present(tone) else "tone not measured")
    return ", ".join(parts)


def reuse_note(outcomes: Mapping[str, dict]) -> str:
    """"Reused from" said once: how many reports were reused, from which runs.

    >>> reuse_note({"a": {"reused_from": "r1/a"}, "b": {"reused_from": "r1/b"}, "c": {}})
    '2 of 3 reports reused from run r1 (their inputs were unchanged)'
    >>> reuse_note({"c": {}})
    'none: every report ran'
    """
    runs = Counter(str(Path(o["reused_from"]).parent) for o in outcomes.values() if o.get("reused_from"))
    if not runs:
        return "none: every report ran"
    n = sum(runs.values())
    sources = ", ".join(f"run {run}" + (f" ({k})" if len(runs) > 1 else "") for run, k in runs.most_common())
    return f"{n} of {len(outcomes)} reports reused from {sources} (their inputs were unchanged)"


def run_header(run_id: str, context: dict, started: float, ended: float, table, *, suite: str | None = None,
               options: Mapping[str, object] | None = None, reused: str = "") -> list[tuple[str, str]]:
    """The run's metadata and provenance: run, times, reports, reuse, package, corpus, suite, options, resources."""
    inputs = context["inputs"]
    failed = int((table["status"] == "failed").sum())
    timed_out = int((table["status"] == "timed out").sum())
    resources = context.get("resources") or {}
    frames = resources.get("frames") or {}
    sentiment = resources.get("sentiment") or {}
    header = [
        ("run", run_id),
        ("started", iso_time(started)),
        ("finished", f"{iso_time(ended)} ({ended - started:.1f} s)"),
        ("reports", f"{len(table)}: {len(table) - failed - timed_out} ok, {failed} failed, {timed_out} timed out"),
        ("reused", reused or f"{int(table['reused'].sum())} of {len(table)}"),
    ]
    header += [
        ("package", f"analysis {context['package']['version']} ({context['package']['fingerprint'][:12]})"),
        ("corpus", f"{inputs['corpus']} ({inputs['n_documents']} documents)"),
        ("corpus sha256", str(inputs.get("corpus_sha256") or "unknown")),
        ("scores", f"cache key {inputs['corpus_key']}"),
        ("since", inputs["since"] or "all documents"),
    ]
    if suite:
        header.append(("suite", suite))
    if options:
        header.append(("options", "; ".join(f"{k} = {v}" for k, v in options.items())))
    if frames:
        header.append(("frames", f"{frames.get('name')} ({frames.get('method', 'dictionary')}, {frames.get('n_patterns', '?')} patterns)"))
    if resources.get("actors"):
        header.append(("actors", f"{resources['actors'].get('name')} gazetteer"))
    if sentiment:
        header.append(("sentiment", f"{sentiment.get('method')}, {sentiment.get('package')}"))
    environment = context.get("environment") or {}
    if environment:
        header.append(("environment", ", ".join(f"{k} {v}" for k, v in environment.items())))
    return header
