"""Helpers shared by the tests that execute notebooks (not a test module)."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "score_corpus"
#: a.txt and c.txt (Russian, so never scored) are news, b.txt is an interview.
GENRES = "file,genre\na.txt,news\nb.txt,interview\nc.txt,news\n"


def corpus_with_genres(tmp_path: Path) -> Path:
    """A copy of the score fixture with a manifest giving each file a genre."""
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    (corpus / "manifest.csv").write_text(GENRES, encoding="utf-8")
    return corpus


def outputs(notebook, kind: str) -> list:
    """Every output of an executed notebook of *kind*: an output type (``error``) or a MIME type (``image/png``)."""
    return [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == kind or kind in o.get("data", {})]


LANGUAGES = Path(__file__).parent / "fixtures" / "languages"
#: Four short Russian texts (three news items and an interview with dash-opened questions): no English at all.
RUSSIAN = LANGUAGES / "russian"
#: Two English texts (news naming Azerbaijan and Kazakhstan; an interview), two Russian, two Turkish; the manifest
#: gives genres so that one group, analysis (ru_gas, tr_railway), holds no English document.
MIXED = LANGUAGES / "mixed"
#: One English news text among two Russian, two Turkish, one German, one French, one Spanish text and figures.txt,
#: whose few letters leave its language undetermined ("und").
ONE_ENGLISH = LANGUAGES / "one_english"


def html_text(notebook) -> str:
    """Every HTML output of an executed notebook, joined (the notes and tables a report page shows)."""
    return "\n".join(str(o["data"]["text/html"]) for o in outputs(notebook, "text/html"))
