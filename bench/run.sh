#!/usr/bin/env bash
# Every benchmark, then bench/RESULTS.md: `make bench` (or `bash bench/run.sh`).
#   --full    also the 100,000-document scaling row and the report suite on 20,000 articles (`make bench FULL=1`)
#   --quick   every piece on small inputs, to check the harness (its figures mean nothing)
#   --only NAME ...   only some pieces (see `python bench/results.py --help`)
set -euo pipefail
cd "$(dirname "$0")"
PY=${PY:-../.venv/bin/python}
exec "$PY" results.py "$@"
