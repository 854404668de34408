"""What the fork server of local process pools loads once, so that every worker it forks starts warm.

Imported only by that server (:func:`analysis.parallel.local_executor` names
this module in ``set_forkserver_preload``): importing it runs :func:`warm_up`,
which scores the first documents of a packaged gold set as a chunk
(:func:`analysis.pipeline.prepare_and_score`). That imports every library a
chunk needs and fills the lazy caches (Lingua's language models, the tone and
cue lexicons, the tokenizer), about two CPU seconds that each worker would
otherwise spend on its first chunk. Workers are forked from the server, so
they share those pages instead of loading their own copy.

Nothing here changes a result: the caches hold only what the first chunk of
any run would load.
"""

from __future__ import annotations

import warnings
from importlib import resources

#: The packaged table (English news, one sentence a row with its ``doc_id``) whose first documents warm a worker up.
WARM_UP_TABLE = "gold/frames_dev.csv"
#: Documents of :data:`WARM_UP_TABLE` scored.
WARM_UP_DOCUMENTS = 2


def warm_up() -> None:
    """Score the first :data:`WARM_UP_DOCUMENTS` documents of :data:`WARM_UP_TABLE` (sentences joined) and forget the result."""
    import pandas as pd

    from .cleaning import load_cleaning_rules
    from .corpus import iter_raw_chunks
    from .pipeline import ChunkTask, prepare_and_score
    from .scoring import load_resources

    with (resources.files("analysis") / "data" / WARM_UP_TABLE).open(encoding="utf-8") as file:
        sentences = pd.read_csv(file, usecols=["doc_id", "text"], dtype="string")
    docs = sentences.groupby("doc_id", sort=False)["text"].agg(" ".join).reset_index().head(WARM_UP_DOCUMENTS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        chunk = next(iter_raw_chunks(docs))  # a frame of doc_id and text, read as any table corpus
        prepare_and_score(ChunkTask(chunk, load_cleaning_rules(None), load_resources()))


try:
    warm_up()
except Exception as exc:  # noqa: BLE001 - not fatal: a worker that is not warmed loads what it needs with its first chunk
    warnings.warn(f"workers start cold: warming the fork server failed: {exc!r}", RuntimeWarning, stacklevel=1)
