# Two commands do all the set-up on a fresh machine with Python 3.11+:
#   make report   create .venv, install, run the report suite on seeds/ into reports/
#   make test     create .venv if needed, install, run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install report test lab bench clean screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

install: $(STAMP)

report: $(STAMP)
	$(PY) -m analysis report --corpus seeds --out reports

test: $(STAMP)
	$(PY) -m pytest

# JupyterLab lives in its own environment so that the report and test paths
# do not pay for jupyter-server at every kernel start.
lab:
	$(PYTHON) -m venv .venv-lab
	.venv-lab/bin/python -m pip install --quiet -e '.[lab]'
	.venv-lab/bin/jupyter lab notebooks/

# Benchmarks (ratios measured side by side in one run) into bench/RESULTS.md; they read ../shared/data.
# `make bench FULL=1` adds the 100,000-document scaling row and the report suite on 20,000 articles.
bench: $(STAMP)
	PY=$(CURDIR)/$(PY) bash bench/run.sh $(if $(FULL),--full)

# README pictures (docs/*.png) from the report run, in headless Chromium (Debian package `chromium`, or
# CHROMIUM=/path/to/chrome) driven by Playwright: the index, the corpus overview, a document report and its
# frames, a teaching notebook (tools/screenshots.py; tests/test_browser.py checks the same pages).
SCREENSHOT_DOCUMENT ?= 002_9e9e8290c25e0c8d
screenshots: report
	$(PY) tools/screenshots.py --reports reports --out docs --document $(SCREENSHOT_DOCUMENT)

clean:
	rm -rf $(VENV) .venv-lab reports/runs reports/latest reports/index.html reports/*.html reports/*.ipynb
