"""The store side: writing a KB of N events, export, load, and every named query against native
pyoxigraph (and rdflib, at the sizes where it answers in time), at several sizes.

The KB is made of :func:`benchmarks.corpus.synthetic_extractions` written with
``KnowledgeBase.add_all`` (the write path of ``geokb ingest``, without spaCy). Queries through
``KnowledgeBase.run`` are compared with the same text sent to the very same ``pyoxigraph.Store``
object (``kb.store.query`` with the same bound values), so the only difference is geokb's layer.
Both sides consume every row and read every value, as any caller would.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

import queries
from kb.base import inline_values
from kb.store import KnowledgeBase

from . import corpus
from .report import Row
from .timing import clock

PARAMS = {"country": "NER"}  # every other parameter of a named query is given empty ("any")


def params_for(query: queries.NamedQuery) -> dict[str, str]:
    return {p.name: PARAMS.get(p.name, "") for p in query.params}


def consume(results) -> int:
    """Read every value of every row (what printing or converting the results must do)."""
    if isinstance(results, bool):
        return 1
    rows = 0
    for solution in results:
        for term in solution:
            if term is not None:
                term.value  # noqa: B018 - reading the value is the point
        rows += 1
    return rows


def native_query(store: ox.Store, text: str, subs: dict):
    """The same query text straight on pyoxigraph, values bound the way geokb binds them (a VALUES
    block at the top of the WHERE group), so the ratio is geokb's own overhead."""
    return store.query(inline_values(text, subs) if subs else text, use_default_graph_as_union=True)


@dataclass
class Built:
    events: int
    path: Path
    quads: int
    write_s: float
    dump: Path
    export_s: float


def build(work: Path, events: int) -> Built:
    path = work / f"kb-{events}"
    shutil.rmtree(path, ignore_errors=True)
    start = time.perf_counter()
    with KnowledgeBase(path) as kb:
        for _ in kb.add_all(corpus.synthetic_extractions(events)):
            pass
        write_s = time.perf_counter() - start
        quads = len(kb)
        dump = work / f"kb-{events}.nq"
        with dump.open("wb") as out:
            export_s, _ = clock(lambda: kb.dump(out, ox.RdfFormat.N_QUADS))
    return Built(events, path, quads, write_s, dump, export_s)


def measure_query(path: Path, name: str, repeats: int, budget_s: float) -> dict:
    """One named query through geokb and natively on the same store object, interleaved; the best
    run of each, in ms. Runs in :mod:`benchmarks.query_side`, a child the caller can stop."""
    q = queries.load(name)
    params = params_for(q)
    subs = {ox.Variable(k): ox.Literal(v) for k, v in params.items()}
    with KnowledgeBase(path, read_only=True) as kb:
        geokb_fn = lambda: kb.run(q, params)
        native_fn = lambda: native_query(kb.store, q.text, subs)
        once, n = clock(lambda: consume(geokb_fn()))  # warm-up, and how many repeats fit the budget
        reps = max(1, min(repeats, int(budget_s / max(once, 1e-6))))
        g, nat = [], []
        for _ in range(reps):  # interleaved: geokb, native, geokb, native …
            g.append(clock(lambda: consume(geokb_fn()))[0])
            nat.append(clock(lambda: consume(native_fn()))[0])
    return {"geokb_ms": min(g) * 1000, "native_ms": min(nat) * 1000, "rows": n, "repeats": reps,
            "params": params}


MEMORY_CAP_MB = 4096  # a query child above this resident size is stopped: the machine is shared


def watched(cmd: list[str], cap_s: float, cap_mb: float) -> tuple[int, str, str, str]:
    """Run ``cmd``, stopping it past ``cap_s`` seconds or ``cap_mb`` MB resident; returns its exit
    code, stdout, stderr and why it was stopped ("" if it was not)."""
    import tempfile

    import psutil

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        start, stopped = time.perf_counter(), ""
        while proc.poll() is None:
            try:
                rss = psutil.Process(proc.pid).memory_info().rss / 2**20
            except psutil.Error:
                rss = 0.0
            if time.perf_counter() - start > cap_s:
                stopped = f"over the {cap_s:.0f} s cap"
            elif rss > cap_mb:
                stopped = f"over the {cap_mb / 1024:.0f} GB memory cap"
            if stopped:
                proc.kill()
                proc.wait()
                break
            time.sleep(0.1)
        out.seek(0)
        err.seek(0)
        return proc.returncode, out.read(), err.read(), stopped


def query_rows(built: Built, repeats: int, budget_s: float, cap_s: float,
               skip: set | frozenset = frozenset()) -> tuple[list[Row], dict]:
    """Every named query, each in a child process stopped after ``cap_s`` seconds; the ones in
    ``skip`` (stopped at a smaller size) are not run again."""
    rows, timings = [], {}
    for name in queries.names():
        label = f"{name} ({built.events:,} events)"
        if name in skip:
            rows.append(Row("query", label, None, None, "ms", None, "≤ 1.3", None,
                            "skipped: stopped at the cap on a smaller KB", extra={"name": name, "stopped": True}))
            continue
        code, out, err, stopped = watched([sys.executable, "-m", "benchmarks.query_side", str(built.path), name,
                                           str(repeats), str(budget_s)], cap_s, MEMORY_CAP_MB)
        if stopped:
            rows.append(Row("query", label, None, None, "ms", None, "≤ 1.3", None,
                            f"stopped: {stopped} (warm-up + runs)", extra={"name": name, "stopped": True}))
            continue
        if code != 0:
            rows.append(Row("query", label, None, None, "ms", None, "≤ 1.3", None,
                            "failed: " + (err.strip().splitlines() or ["?"])[-1]))
            continue
        t = timings[name] = {**json.loads(out), "name": name}
        ratio = t["geokb_ms"] / t["native_ms"]
        params = {k: v for k, v in t["params"].items() if v}
        rows.append(Row("query", label, t["geokb_ms"], t["native_ms"], "ms", ratio, "≤ 1.3", ratio <= 1.3,
                        f"{t['rows']:,} rows; best of {t['repeats']}; params {params or '—'}", extra=t))
    return rows, timings


def _native_load_and_dump(folder: Path, dump: Path) -> tuple[float, float]:
    """Seconds for ``Store.bulk_load`` of the dump into a fresh store, and for dumping it back."""
    native = ox.Store(str(folder))
    bulk_s, _ = clock(lambda: (native.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS), native.flush()))
    with io.BytesIO() as out:
        dump_s, _ = clock(lambda: native.dump(out, ox.RdfFormat.N_QUADS))
    return bulk_s, dump_s


LOOKUP = """PREFIX gk: <https://w3id.org/geokb/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?e ?d ?l WHERE { ?e gk:agent <https://w3id.org/geokb/id/country/NER> ; gk:date ?d ; rdfs:label ?l }"""


def lookup_timing(built: Built, repeats: int = 5) -> dict:
    """The store's own per-row cost at this size: native pyoxigraph, three patterns on one subject
    (Niger's dated events and their labels), best of ``repeats``; what no query shape can beat."""
    store = ox.Store.read_only(str(built.path))
    best, rows = float("inf"), 0
    for _ in range(repeats):
        seconds, rows = clock(lambda: len(list(store.query(LOOKUP, use_default_graph_as_union=True))))
        best = min(best, seconds)
    return {"rows": rows, "native_ms": best * 1000}


def load_rows(work: Path, built: Built, geokb_load: bool) -> list[Row]:
    """Export throughput, and loading the N-Quads dump: ``geokb load`` vs ``Store.bulk_load``."""
    rows = [Row("export", f"export N-Quads ({built.quads:,} quads)", built.quads / built.export_s, None,
                "quads/s", None, "", None, f"KnowledgeBase.dump; {built.dump.stat().st_size / 1e6:.0f} MB")]
    native_dir = work / f"native-{built.events}"
    shutil.rmtree(native_dir, ignore_errors=True)
    bulk_s, native_export_s = _native_load_and_dump(native_dir, built.dump)
    rows.append(Row("export", f"export N-Quads vs native dump ({built.quads:,} quads)",
                    built.quads / built.export_s, built.quads / native_export_s, "quads/s",
                    native_export_s / built.export_s, "", None, "native: Store.dump of a bulk-loaded copy"))
    rows.append(Row("load", f"write path add_all ({built.quads:,} quads)", built.quads / built.write_s,
                    built.quads / bulk_s, "quads/s", bulk_s / built.write_s, "", None,
                    f"{(built.events + 3) // 4:,} articles, one transaction each, vs bulk_load of the dump"))
    if geokb_load:
        from kb.load import load_file

        from .memory import sample

        for bulk, how in ((False, "one transaction (pyoxigraph Store.load)"),
                          (True, "pyoxigraph's bulk loader, not atomic")):
            target = work / f"loaded-{built.events}"
            shutil.rmtree(target, ignore_errors=True)
            with KnowledgeBase(target) as kb:
                load_s, _ = clock(lambda: load_file(kb, built.dump, "nquads", bulk=bulk))  # noqa: B023
            shutil.rmtree(target, ignore_errors=True)
            flags = ["--bulk"] if bulk else []
            cmd = [str(Path(sys.executable).parent / "geokb"), "load", str(built.dump), "--store", str(target),
                   "--quiet", *flags]
            seconds, curve, code, err = sample(cmd)
            peak = max((mb for _, mb in curve), default=0.0)
            command = " ".join(["geokb", "load", *flags])
            rows.append(Row("load", f"{command} N-Quads ({built.quads:,} quads)", built.quads / load_s,
                            built.quads / bulk_s, "quads/s", bulk_s / load_s, "", None,
                            f"kb.load.load_file: {how}; reference: Store.bulk_load; the CLI `{command}` of the same "
                            f"file, run apart: {seconds:.1f} s, peak RSS {peak:,.0f} MB, exit {code}"
                            + (f": {err.strip()}" if code else "")))
            shutil.rmtree(target, ignore_errors=True)
    shutil.rmtree(native_dir, ignore_errors=True)
    return rows


def rdflib_rows(built: Built, timings: dict, cap_s: float) -> list[Row]:
    """The same named queries on rdflib's in-memory Dataset (union default graph), in a child
    process stopped after ``cap_s`` seconds; queries it had not reached by then are said so."""
    def last_json(text: str | bytes | None) -> dict:
        lines = (text.decode() if isinstance(text, bytes) else text or "").strip().splitlines()
        return json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}

    try:
        proc = subprocess.run([sys.executable, "-m", "benchmarks.rdflib_side", str(built.dump)],
                              check=False, capture_output=True, text=True, timeout=cap_s)
        result, why = last_json(proc.stderr), f"failed (exit {proc.returncode})"
    except subprocess.TimeoutExpired as err:
        result, why = last_json(err.stderr), f"not reached within the {cap_s:.0f} s cap"
    if not result:
        return [Row("query", f"rdflib Dataset ({built.events:,} events)", None, None, "ms", None, "", None,
                    f"not measured: parsing the dump {why}")]
    rows = [Row("query", f"rdflib parse of the dump ({built.quads:,} quads)", result["parse_s"] * 1000, None, "ms",
                None, "", None, "rdflib Dataset(default_union=True).parse, N-Quads")]
    for name in queries.names():
        r = result["queries"].get(name, {"error": why})
        label = f"{name} on rdflib ({built.events:,} events)"
        if "error" in r or name not in timings:
            rows.append(Row("query", label, timings.get(name, {}).get("geokb_ms"), None, "ms", None, "", None,
                            f"rdflib: {r.get('error', 'no geokb timing to compare')}"))
            continue
        native = timings[name]["native_ms"]
        rows.append(Row("query", label, timings[name]["geokb_ms"], r["ms"], "ms", timings[name]["geokb_ms"] / r["ms"],
                        "", None, f"rdflib {r['rows']:,} rows, {r['ms'] / native:,.1f}× native pyoxigraph"))
    return rows


def cli_row(built: Built) -> Row:
    exe = str(Path(sys.executable).parent / "geokb")
    cmd = [exe, "query", "timeline", "--param", "country=NER", "--format", "csv", "--store", str(built.path)]
    seconds, proc = clock(lambda: subprocess.run(cmd, check=False, capture_output=True, text=True))
    return Row("query", f"CLI `geokb query timeline` ({built.events:,} events)", seconds * 1000, None, "ms", None,
               "", None, f"whole command: start-up, guard, query, CSV; exit {proc.returncode}")
