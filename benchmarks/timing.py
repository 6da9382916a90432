"""Small timing helpers: a wall clock, best-of and median over repeats, the machine's load."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Seconds per repeat of one measured thing."""

    runs: tuple[float, ...]

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def clock(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def repeat(fn: Callable[[], object], times: int) -> Timing:
    return Timing(tuple(clock(fn)[0] for _ in range(times)))


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


def machine() -> dict:
    import platform

    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "load_average_start": [round(x, 2) for x in load_average()]}
