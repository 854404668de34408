"""Article extraction from web pages: snippet checks on real pages, token overlap on the hand-made fixture pages.

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
2. Token-level precision, recall and F1 (bags of lower-cased words) of the extracted text against the
   body text written by hand for each page of ``tests/fixtures/web/pages`` (``tests/fixtures/web/gold``).

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


def token_scores(extracted: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the bag of lower-cased words of *extracted* against *gold*.

    >>> token_scores("the harbour reopened menu", "The harbour reopened today")
    (0.75, 0.75, 0.75)
    """
    got, want = Counter(_WORD.findall(extracted.lower())), Counter(_WORD.findall(gold.lower()))
    overlap = sum((got & want).values())
    return tuple(float(x) for x in precision_recall_f1(overlap, sum(got.values()) - overlap, sum(want.values()) - overlap))


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
