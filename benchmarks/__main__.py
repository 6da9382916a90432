"""``python -m benchmarks [--size quick|full] [--report PATH] [--only SECTION ...]``

Runs every benchmark on generated inputs, prints one table and writes a JSON report (all rows,
with each round's raw timings, and the machine's load averages before and after).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .report import Row, table, write_json
from .timing import load_average, machine

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("ingest", "store", "memory", "shards")


@dataclass(frozen=True)
class Size:
    ingest_articles: int
    ingest_rounds: int
    ingest_chunk: int
    jobs2_articles: int
    jobs2_rounds: int
    kb_events: tuple[int, ...]
    rdflib_max_events: int
    query_cap_s: float
    rdflib_cap_s: float
    memory_write_articles: int
    memory_ingest_articles: int
    shard_articles: int


SIZES = {
    "quick": Size(ingest_articles=40, ingest_rounds=2, ingest_chunk=20, jobs2_articles=40, jobs2_rounds=1,
                  kb_events=(500, 1_000, 2_000), rdflib_max_events=1_000, query_cap_s=6, rdflib_cap_s=20,
                  memory_write_articles=3_000, memory_ingest_articles=40, shard_articles=20),
    "full": Size(ingest_articles=300, ingest_rounds=3, ingest_chunk=25, jobs2_articles=300, jobs2_rounds=3,
                 kb_events=(1_000, 10_000, 100_000), rdflib_max_events=10_000, query_cap_s=300, rdflib_cap_s=600,
                 memory_write_articles=50_000, memory_ingest_articles=2_000, shard_articles=300),
}


def scaling_rows(builds: list, timings: dict) -> list[Row]:
    rows = []
    for b in builds:
        t = timings.get(b.events, {}).get("timeline")
        rows.append(Row("scaling", f"{b.events:,} events: write, timeline", b.quads / b.write_s,
                        t["geokb_ms"] if t else None, "quads/s | ms", None, "", None,
                        f"{b.quads:,} quads written in {b.write_s:.1f} s; timeline NER: "
                        + (f"{t['rows']:,} rows in {t['geokb_ms']:.0f} ms" if t else "not measured")))
    measured = [(b.events, timings[b.events]["timeline"]) for b in builds if "timeline" in timings.get(b.events, {})]
    if len(measured) >= 2:
        (n0, t0), (n1, t1) = measured[0], measured[-1]
        time_growth, rows_growth = t1["geokb_ms"] / t0["geokb_ms"], t1["rows"] / t0["rows"]
        ratio = time_growth / rows_growth
        rows.append(Row("scaling", f"timeline growth {n0:,} → {n1:,} events", time_growth, rows_growth,
                        "× time | × rows", ratio, "≤ 1.2", ratio <= 1.2,
                        "time grows by the first factor, the rows it returns by the second"))
        l0, l1 = timings[n0].get("lookup"), timings[n1].get("lookup")
        if l0 and l1:  # the store's own per-row cost grows with its size too: compare with it
            timeline_row = (t1["geokb_ms"] / t1["rows"]) / (t0["geokb_ms"] / t0["rows"])
            lookup_row = (l1["native_ms"] / l1["rows"]) / (l0["native_ms"] / l0["rows"])
            rows.append(Row("scaling", f"cost per row, {n0:,} → {n1:,} events", timeline_row, lookup_row,
                            "× ms/row", timeline_row / lookup_row, "≤ 1.2", timeline_row / lookup_row <= 1.2,
                            f"timeline (geokb) vs a three-pattern lookup on native pyoxigraph "
                            f"({l0['rows']:,} → {l1['rows']:,} rows; {l0['native_ms']:.1f} → "
                            f"{l1['native_ms']:.1f} ms): how much of the growth is the store's own"))
    return rows


def run_store(work: Path, size: Size) -> list[Row]:
    from . import store

    rows, builds, timings, over_cap = [], [], {}, set()
    for events in size.kb_events:
        built = store.build(work, events)
        builds.append(built)
        qrows, timings[events] = store.query_rows(built, repeats=5, budget_s=2.0, cap_s=size.query_cap_s,
                                                  skip=over_cap)
        over_cap |= {r.extra.get("name") for r in qrows if r.extra.get("stopped")}
        timings[events]["lookup"] = store.lookup_timing(built)
        rows += qrows
        if events <= size.rdflib_max_events:
            rows += store.rdflib_rows(built, timings[events], size.rdflib_cap_s)
        rows += store.load_rows(work, built, geokb_load=True)
        if events == size.kb_events[-1]:
            rows.append(store.cli_row(built))
    return rows + scaling_rows(builds, timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[1])
    parser.add_argument("--size", choices=sorted(SIZES), default="quick",
                        help="quick: about two minutes; full: the 100,000-event KB and 50,000-article memory run")
    parser.add_argument("--report", type=Path, default=ROOT / "benchmarks" / "report.json", metavar="PATH")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS), metavar="SECTION",
                        help=f"run only these ({', '.join(SECTIONS)})")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one, removed after)")
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    meta = {"size": args.size, "size_parameters": size.__dict__, **machine(),
            "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    start = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="geokb-bench-", dir=args.work) as scratch:
        work = Path(scratch)
        if "ingest" in args.only:
            from . import ingest

            rows += ingest.run(work, size.ingest_articles, size.ingest_rounds, chunk=size.ingest_chunk)
            rows += ingest.run(work, size.ingest_articles, size.ingest_rounds, chunk=size.ingest_chunk,
                               length="brief", cli=False)
            rows += [r for r in ingest.run(work, size.jobs2_articles, size.jobs2_rounds, jobs=(2,),
                                           chunk=size.jobs2_articles, cli=False) if "ingest" in r.name]
            print(table(rows), file=sys.stderr, flush=True)
        if "store" in args.only:
            rows += run_store(work, size)
        if "memory" in args.only:
            from . import memory

            rows += memory.run(work, size.memory_write_articles, size.memory_ingest_articles)
        if "shards" in args.only:
            from . import shards

            rows += shards.run(work, size.shard_articles)
    meta["seconds"] = round(time.perf_counter() - start, 1)
    meta["load_average_end"] = [round(x, 2) for x in load_average()]
    print(table(rows))
    print(f"\n{args.size} run: {meta['seconds']:.0f} s; load average {meta['load_average_start']} at the start, "
          f"{meta['load_average_end']} at the end, {meta['cpus']} CPUs")
    write_json(args.report, rows, meta)
    print(f"report: {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
