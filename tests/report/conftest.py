"""Fixtures of the report runner's tests: a scored-corpus cache, the scored fixture corpus, small notebooks."""

from __future__ import annotations

import pytest
from report_helpers import FIXTURE, PARAMETERS, make_notebook

from analysis.cache import open_corpus


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def scored(cache):
    return open_corpus(FIXTURE, cache=cache)


@pytest.fixture()
def notebooks(tmp_path):
    """Notebooks that declare the contract's parameters plus their own; never executed by the fast tests."""
    folder = tmp_path / "nb"
    make_notebook(folder / "overview.ipynb", PARAMETERS + "top_n: int = 10  # rows\n", "print(corpus)")
    make_notebook(folder / "doc.ipynb", PARAMETERS + 'doc_id: str = ""  # the document\n', "print(doc_id)")
    make_notebook(folder / "actor.ipynb", PARAMETERS + 'actor: str = ""  # the actor\n', "print(actor)")
    make_notebook(folder / "frames.ipynb", PARAMETERS + 'scheme: str = "eurasia"  # dictionary\nn_evidence: int = 3  # lines\n', "print(scheme)")
    make_notebook(folder / "compare.ipynb", PARAMETERS + 'group_by: str = "genre"  # column\n', "print(group_by)")
    make_notebook(folder / "bare.ipynb", 'corpus: str = ""  # the corpus\n', "print(corpus)")
    return folder
