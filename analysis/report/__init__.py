"""The report runner: a suite of parameterized notebooks executed on a corpus, exported to HTML.

:func:`run_suite` reads a suite file (TOML, :func:`read_suite`), expands it into
one report per notebook and parameter set (:func:`plan_reports`: fixed
parameters, grids, one report per document, one per actor mentioned at least N
times), refuses any parameter a notebook does not declare, of the wrong type,
or naming something the corpus does not hold, and only then runs the notebooks
with papermill, in parallel, each exported to one self-contained HTML page
with nbconvert, into a run folder that is published whole, with an index page.

One module per job, each importing only those before it:

- :mod:`~analysis.report.suite`: the suite file, :class:`SuiteError`, parameter checks against notebooks and the corpus;
- :mod:`~analysis.report.plan`: the suite expanded into :class:`PlannedReport` objects;
- :mod:`~analysis.report.execute`: one notebook, executed with papermill and exported to HTML;
- :mod:`~analysis.report.kernels`: warm kernels and their lifecycle, owned by a :class:`Kernels` object;
- :mod:`~analysis.report.workers`: reports produced in this process or in worker processes;
- :mod:`~analysis.report.store`: run folders, atomic publishing, manifests, reuse, :func:`prune_runs`;
- :mod:`~analysis.report.index`: the index page, from a Jinja template;
- :mod:`~analysis.report.run`: :func:`run_suite`, the whole run.

The runner imports the pipeline (:mod:`analysis.cache` and what it scores
with); nothing in the pipeline imports the runner.
"""

from .execute import KernelStartError, execute_notebook, export_html, run_notebook
from .index import write_index
from .kernels import Kernels
from .plan import PlannedReport, plan_reports, slugify
from .run import RUN_COLUMNS, RunResult, run_suite
from .store import prune_runs
from .suite import RUNNER_PARAMETERS, SUITE_FILE, Suite, SuiteEntry, SuiteError, check_since, default_suite, read_suite, shipped_notebooks

__all__ = [
    "RUNNER_PARAMETERS",
    "RUN_COLUMNS",
    "SUITE_FILE",
    "KernelStartError",
    "Kernels",
    "PlannedReport",
    "RunResult",
    "Suite",
    "SuiteEntry",
    "SuiteError",
    "check_since",
    "execute_notebook",
    "export_html",
    "plan_reports",
    "prune_runs",
    "read_suite",
    "default_suite",
    "shipped_notebooks",
    "run_notebook",
    "run_suite",
    "slugify",
    "write_index",
]
