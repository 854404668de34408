"""What does ``import analysis`` cost, next to loading every task module? Times fresh interpreters side by side.

Each row starts a new Python process (the only honest way to time an import)
*repeat* times and gives the median wall time, the ratio to a bare interpreter
start, and the heavy libraries the process had loaded. ``import analysis``
loads no heavy library (PEP 562 lazy attributes); the task modules load theirs
on first use.

    python bench/imports.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

import pandas as pd

from common import print_table

HEAVY = ("pandas", "numpy", "nltk", "matplotlib", "scipy", "lingua", "datasketch", "papermill")

CASES = {
    "python (no import)": "pass",
    "import analysis": "import analysis",
    "import analysis; analysis.tokenize": "import analysis; analysis.tokenize",
    "import every task module": "import analysis\nfor name in analysis._MODULES: getattr(analysis, name)",
}


def run(code: str) -> tuple[float, list[str]]:
    probe = f"{code}\nimport sys\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return time.perf_counter() - start, [m for m in done.stdout.strip().split(",") if m]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    times: dict[str, list[float]] = {name: [] for name in CASES}
    loaded: dict[str, list[str]] = {}
    for _ in range(args.repeat):  # interleaved, so a slow moment of the machine hits every case alike
        for name, code in CASES.items():
            seconds, loaded[name] = run(code)
            times[name].append(seconds)
    bare = statistics.median(times["python (no import)"])
    rows = [
        {"case": name, "median s": statistics.median(t), "ratio to bare python": statistics.median(t) / bare,
         "heavy libraries loaded": ", ".join(loaded[name]) or "none"}
        for name, t in times.items()
    ]
    print_table(f"Import time, fresh interpreters, median of {args.repeat}", pd.DataFrame(rows))


if __name__ == "__main__":
    main()
