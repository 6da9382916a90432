"""``python -m benchmarks.memory_side STORE N``: write N synthetic articles through
``KnowledgeBase.add_all`` from a generator (the ingest write path without spaCy), for
:mod:`benchmarks.memory` to watch."""

from __future__ import annotations

import sys

from kb.store import KnowledgeBase

from .corpus import synthetic_extractions

if __name__ == "__main__":
    store, articles = sys.argv[1], int(sys.argv[2])
    with KnowledgeBase(store) as kb:
        for _ in kb.add_all(synthetic_extractions(articles * 4)):
            pass
