"""``python -m benchmarks.query_side STORE NAME REPEATS BUDGET_S``: one named query, geokb vs native.

A child process, so the parent can stop a query that runs past its time cap. Prints JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .store import measure_query

if __name__ == "__main__":
    store, name, repeats, budget = sys.argv[1:5]
    print(json.dumps(measure_query(Path(store), name, int(repeats), float(budget))))
