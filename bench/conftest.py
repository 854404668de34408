"""The benchmark harness's own tests (``pytest bench/``): the bench scripts import each other as top-level modules."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
