"""analysis: how the news frames a story, measured from tidy tables.

The public API is re-exported here; each function lives in the module named
after its stage (``corpus``, ``tokens``, ...).
"""

from __future__ import annotations

__version__ = "0.1.0"
