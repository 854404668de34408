# Two commands do all the set-up on a fresh machine with Python 3.11+:
#   make report   create .venv, install, run the report suite and the teaching suite on seeds/ into reports/
#   make test     create .venv if needed, install, run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# pip's download bars on a terminal; in a log (CI, cron, `make ... > log`) one line per package and no bars.
PIP_PROGRESS = $$(if [ -t 1 ]; then echo on; else echo off; fi)

.PHONY: install report test lab bench clean screenshots

# Each step says what it does; the install shows pip's own progress (one line per package it collects).
$(STAMP): pyproject.toml
	@echo "install 1/3: creating the virtual environment $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	@echo "install 2/3: upgrading pip in $(VENV)"
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@echo "install 3/3: pip install -e '.[test,dask]': analysis and its dependencies from PyPI"
	@echo "             (the first time about 120 packages, a few minutes; pip lists each one as it goes)"
	@$(PY) -m pip install --disable-pip-version-check --progress-bar $(PIP_PROGRESS) -e '.[test,dask]'
	@touch $(STAMP)
	@echo "installed: $(VENV) is ready (make install again only after pyproject.toml changes)"

install: $(STAMP)

# The reports on seeds/ and the teaching course (a student's and an instructor's copy of each notebook),
# one run with one index: reports/index.html. Progress: a bar on a terminal, one line per report in a log.
report: $(STAMP)
	$(PY) -m analysis report --suite reports teaching --corpus seeds --out reports

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
