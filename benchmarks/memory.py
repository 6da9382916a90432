"""Peak resident memory of an ingest, measured from outside: the parent samples the child's RSS
(children of the child included) with psutil every 50 ms, and keeps the curve, so a bounded ingest
shows a flat line rather than one that climbs with the number of articles."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import psutil

from . import corpus
from .ingest import write_jsonl
from .report import Row


def sample(cmd: list[str]) -> tuple[float, list[tuple[float, float]], int, str]:
    """Run ``cmd``; its wall seconds, (seconds, RSS MB) samples, exit code and stderr tail."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    curve: list[tuple[float, float]] = []
    while proc.poll() is None:
        try:
            rss = ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True))
            curve.append((time.perf_counter() - start, rss / 2**20))
        except psutil.Error:
            pass
        time.sleep(0.05)
    err = proc.stderr.read() if proc.stderr else ""
    return time.perf_counter() - start, curve, proc.returncode, err[-300:]


def _row(name: str, seconds: float, curve, code: int, err: str, what: str) -> Row:
    peak = max((mb for _, mb in curve), default=0.0)
    half = [mb for t, mb in curve if t <= seconds / 2]
    growth = peak - max(half, default=peak)
    return Row("memory", name, peak, None, "MB peak RSS", None, "bounded", growth < 0.15 * peak,
               f"{what}; {seconds:.0f} s; peak in the first half {max(half, default=0):.0f} MB, "
               f"growth after it {growth:+.0f} MB; exit {code}" + (f": {err.strip()}" if code else ""),
               extra={"curve": [(round(t, 2), round(mb, 1)) for t, mb in curve[:: max(1, len(curve) // 200)]]})


def run(work: Path, write_articles: int, ingest_articles: int) -> list[Row]:
    rows = []
    store = work / "memory-write"
    seconds, curve, code, err = sample([sys.executable, "-m", "benchmarks.memory_side", str(store),
                                        str(write_articles)])
    rows.append(_row(f"write path, {write_articles:,} articles", seconds, curve, code, err,
                     f"KnowledgeBase.add_all over a generator of {write_articles:,} synthetic extractions "
                     f"({write_articles * 4:,} events), no spaCy"))
    path = work / "memory-ingest.jsonl"
    write_jsonl(path, corpus.articles(ingest_articles))
    seconds, curve, code, err = sample([str(Path(sys.executable).parent / "geokb"), "ingest", str(path),
                                        "--store", str(work / "memory-ingest"), "-q"])
    rows.append(_row(f"`geokb ingest`, {ingest_articles:,} articles", seconds, curve, code, err,
                     f"the CLI over a {path.stat().st_size / 1e6:.1f} MB .jsonl of generated news articles"))
    return rows
