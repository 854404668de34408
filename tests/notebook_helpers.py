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
