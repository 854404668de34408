"""Article extraction from web pages: snippet checks and hand-checked bodies of real pages, and the hand-made fixture pages.

1. The 169 English pages of trafilatura's own evaluation set (``../shared/data/trafilatura_eval_en``:
   ``html/<name>.html.gz`` and ``expected.json``; Apache-2.0 repository, the pages stay their publishers'
   and are read in place, never copied into the project). Each page goes through ``load_corpus`` (decoded,
   article extracted, cleaned) from a temporary folder; per page, the ``with`` snippets its text must
   contain and the ``without`` snippets of boilerplate it must not. Snippet-level precision, recall and F1
   count a found ``with`` snippet as a true positive, a missing one as a false negative and a kept
   ``without`` snippet as a false positive (trafilatura's own evaluation counts them so). Being
   trafilatura's own pages, a score close to its published one shows the extractor is wired in
   correctly, not that it generalises; nothing was tuned on them. The same pages read as plain text
   (the path before extraction: decoded and cleaned, markup kept) are scored beside it.
2. Token-level precision, recall and F1 (bags of lower-cased words, ``token_scores``) of the same two texts
   against hand-checked article bodies of real pages of that set. Forty pages were drawn once, before any
   was looked at (``random.Random(2026).sample(sorted(expected), 40)``); those that are not news/article
   pages or have no visible article body are skipped with the reason. Each body was annotated by hand by
   one annotator following the convention written in ``extraction_bodies.json``, reading the page's visible
   text as blocks (``page_text.visible_blocks``: a plain, deterministic rendering with lxml) and the raw HTML
   where unsure, before any extractor output was seen (neither this package's extractor nor trafilatura was
   run on a page before its annotation was final, and no annotation was changed after). The file keeps only
   stand-off anchors of at most eight words into that rendering; ``page_text.gold_body`` rebuilds each body
   from the page in place and refuses a page whose SHA-256 changed. Per page, then the mean over pages and
   the micro figure (counts pooled over pages).
3. Token-level precision, recall and F1 of the extracted text against the body text written by hand for
   each page of ``tests/fixtures/web/pages`` (``tests/fixtures/web/gold``).

    python bench/extraction.py [--jobs 2]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import time
import unicodedata
import warnings
from collections import Counter
from pathlib import Path

import pandas as pd

from analysis.corpus import load_corpus, prepare_document
from analysis.decoding import decode_bytes
from analysis.metrics import precision_recall_f1
from common import ROOT, SHARED, print_table
from page_text import gold_body, read_bodies

EVAL = SHARED / "data" / "trafilatura_eval_en"
WEB = ROOT / "tests" / "fixtures" / "web"
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", str(text))).strip()


def snippet_scores(texts: dict[str, str], expected: dict[str, dict]) -> dict[str, float]:
    """Snippet counts and shares for *texts* (page name -> extracted text; a page missing from it has no text).

    >>> snippet_scores({"a.html": "Kept body text."}, {"a.html": {"with": ["body text"], "without": ["Menu"]}, "b.html": {"with": ["x"], "without": []}})
    {'pages': 2, 'pages without text': 1, 'with found': 1, 'with total': 2, 'without kept': 0, 'without total': 1, 'with found share': 0.5, 'without kept share': 0.0, 'precision': 1.0, 'recall': 0.5, 'f1': 0.6667}
    """
    found = total_with = kept = total_without = 0
    for name, spec in expected.items():
        text = _norm(texts.get(name, ""))
        found += sum(_norm(s) in text for s in spec["with"])
        kept += sum(_norm(s) in text for s in spec["without"])
        total_with += len(spec["with"])
        total_without += len(spec["without"])
    p, r, f = precision_recall_f1(found, kept, total_with - found)
    return {"pages": len(expected), "pages without text": sum(1 for n in expected if not texts.get(n, "").strip()),
            "with found": found, "with total": total_with, "without kept": kept, "without total": total_without,
            "with found share": round(found / total_with, 4), "without kept share": round(kept / total_without, 4),
            "precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4)}


def token_counts(extracted: str, gold: str) -> tuple[int, int, int]:
    """Shared words, words of *extracted* and words of *gold* (bags of lower-cased ``\\w+`` words).

    >>> token_counts("the harbour reopened menu", "The harbour reopened today")
    (3, 4, 4)
    """
    got, want = Counter(_WORD.findall(extracted.lower())), Counter(_WORD.findall(gold.lower()))
    return sum((got & want).values()), sum(got.values()), sum(want.values())


def _scores(overlap: int, got: int, want: int) -> tuple[float, float, float]:
    return tuple(float(x) for x in precision_recall_f1(overlap, got - overlap, want - overlap))


def token_scores(extracted: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the bag of lower-cased words of *extracted* against *gold*.

    >>> token_scores("the harbour reopened menu", "The harbour reopened today")
    (0.75, 0.75, 0.75)
    """
    return _scores(*token_counts(extracted, gold))


def body_scores(texts: dict[str, dict[str, str]], golds: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per page and overall token scores of each path's texts (path -> page -> text) against the gold bodies.

    The per-page table has one row per page and path; the overall table one row per path with the mean
    over pages of precision, recall and F1 and the micro figures (shared, extracted and gold words
    pooled over pages). A page a path gave no text for has recall and F1 0 and no precision (NaN, left
    out of the mean precision); the overall row counts such pages.

    >>> per_page, overall = body_scores({"x": {"a": "the harbour reopened", "b": ""}}, {"a": "The harbour reopened today", "b": "Boats came back"})
    >>> per_page[["path", "page", "precision", "recall", "f1"]].values.tolist()
    [['x', 'a', 1.0, 0.75, 0.8571], ['x', 'b', nan, 0.0, 0.0]]
    >>> overall[["path", "pages", "mean f1", "micro precision", "micro recall", "micro f1"]].values.tolist()
    [['x', 2, 0.4286, 1.0, 0.4286, 0.6]]
    """
    rows, overall = [], []
    for path, by_page in texts.items():
        pooled = [0, 0, 0]
        for page, gold in golds.items():
            counts = token_counts(by_page.get(page, ""), gold)
            pooled = [a + b for a, b in zip(pooled, counts)]
            p, r, f = _scores(*counts)
            rows.append({"path": path, "page": page, "gold words": counts[2], "text words": counts[1], "precision": p, "recall": r, "f1": f})
        mine = pd.DataFrame([row for row in rows if row["path"] == path])
        p, r, f = _scores(*pooled)
        overall.append({"path": path, "pages": len(golds), "pages without text": sum(1 for page in golds if not by_page.get(page, "").strip()),
                        "mean precision": round(float(mine["precision"].mean()), 4), "mean recall": round(float(mine["recall"].mean()), 4),
                        "mean f1": round(float(mine["f1"].mean()), 4),
                        "micro precision": round(p, 4), "micro recall": round(r, 4), "micro f1": round(f, 4)})
    return pd.DataFrame(rows).round({"precision": 4, "recall": 4, "f1": 4}), pd.DataFrame(overall)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    if not (EVAL / "expected.json").is_file():
        sys.exit(f"benchmark needs {EVAL} (trafilatura's evaluation pages in ../shared); it is not there")
    expected = json.loads((EVAL / "expected.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="extraction-") as folder:
        plain: dict[str, str] = {}
        for name in expected:
            data = gzip.decompress((EVAL / "html" / f"{name}.gz").read_bytes())
            (Path(folder) / name).write_bytes(data)
            doc = prepare_document({"doc_id": name, "raw_text": decode_bytes(data, path=name).text})
            plain[name] = doc["text"]
        started = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            docs = load_corpus(folder, jobs=args.jobs)
        seconds = time.perf_counter() - started
    extracted = {f"{d}.html": t for d, t in zip(docs["doc_id"], docs["text"])}
    rows = {"extracted (load_corpus)": snippet_scores(extracted, expected), "read as plain text (no extraction)": snippet_scores(plain, expected)}
    print_table(f"trafilatura's evaluation pages (English subset, {len(expected)} pages; load_corpus took {seconds:.1f} s with jobs={args.jobs})",
                pd.DataFrame(rows).T.rename_axis("path").reset_index())
    problems = pd.DataFrame(list(docs.attrs.get("problems", ())), columns=["source_path", "problem"])
    if len(problems):
        print_table("pages without text", problems.assign(source_path=problems["source_path"].map(lambda p: Path(p).name)))

    bodies = read_bodies(names=expected)
    golds = {name: gold_body(gzip.decompress((EVAL / "html" / f"{name}.gz").read_bytes()), note, page=name)
             for name, note in bodies["pages"].items()}
    paths = {"extracted (load_corpus)": extracted, "read as plain text (no extraction)": plain}
    per_page, overall = body_scores(paths, golds)
    print_table(f"hand-checked bodies of {len(golds)} real pages of that set ({len(bodies['skipped'])} of the {len(golds) + len(bodies['skipped'])} drawn skipped): "
                "token overlap, mean over pages and micro (pooled)", overall)
    wide = per_page.pivot(index="page", columns="path", values="f1").reset_index()
    wide = wide.merge(per_page[per_page["path"] == next(iter(paths))][["page", "gold words", "text words", "precision", "recall"]], on="page")
    wide = wide.rename(columns={path: f"f1 {path.split(' (')[0]}" for path in paths} | {"text words": "extracted words",
                                "precision": "extracted precision", "recall": "extracted recall"})
    print_table("hand-checked bodies, per page (lowest extracted F1 first)", wide.sort_values(wide.columns[1], kind="stable").reset_index(drop=True))
    print_table("pages drawn but skipped", pd.DataFrame(list(bodies["skipped"].items()), columns=["page", "why"]))

    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the page without article text is reported, and has no gold text
        docs = load_corpus(WEB / "pages")
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        gold = (WEB / "gold" / f"{doc_id}.txt").read_text(encoding="utf-8")
        p, r, f = token_scores(text, gold)
        rows.append({"page": doc_id, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)})
    print_table("hand-made fixture pages: token overlap with the body text written for them", pd.DataFrame(rows))


if __name__ == "__main__":
    main()
