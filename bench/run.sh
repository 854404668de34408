#!/usr/bin/env bash
# Every benchmark, one after the other: `make bench` (or `bash bench/run.sh`).
set -euo pipefail
cd "$(dirname "$0")"
PY=${PY:-../.venv/bin/python}
for bench in imports scaling duplicates vader measures; do
  "$PY" "$bench.py" "$@"
done
