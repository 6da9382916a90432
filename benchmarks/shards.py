"""Sharded ingest: two ``geokb ingest --shard i/2`` processes (standing in for two machines)
writing disjoint articles into one remote store, ``oxigraph serve``, against one process ingesting
everything into a second server; the two servers' N-Quads dumps must be the same dataset.

Both go through :mod:`kb.remote` (``--store http://…/query``: one SPARQL Update per article). The
store is initialised (its ontology graph written) once before the shards start, the tidy way for a
job array (two processes that both find the store empty both write the ontology; its blank nodes are
named from its canonical form, so the two writes are the same triples).
Dumps are compared quad for quad; quads with blank nodes (only the ontology's OWL lists have any)
are compared graph by graph up to blank-node renaming (rdflib's isomorphism check).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

from . import corpus
from .ingest import write_jsonl
from .report import Row

SERVER = Path(sys.executable).parent / "oxigraph"
GEOKB = Path(sys.executable).parent / "geokb"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``oxigraph serve`` on a free local port, stopped on exit."""

    def __init__(self, location: Path):
        self.port = _free_port()
        self.proc = subprocess.Popen([str(SERVER), "serve", "--location", str(location), "--bind",
                                      f"127.0.0.1:{self.port}", "--union-default-graph"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(self.url + "/query?query=ASK%7B%7D", timeout=1).read()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("oxigraph serve did not start")

    def dump(self) -> bytes:
        request = urllib.request.Request(self.url + "/store", headers={"Accept": "application/n-quads"})
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.read()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def same_dataset(a: bytes, b: bytes) -> tuple[bool, str]:
    """Whether two N-Quads dumps hold the same quads, blank nodes up to renaming."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    def split(data: bytes):
        plain, blank = set(), defaultdict(list)
        for line in data.decode("utf-8").splitlines():
            if not line.strip():
                continue
            if "_:" in line:
                graph = line.rsplit(" ", 2)[-2]  # "<s> <p> <o> <g> ." → "<g>"
                blank[graph].append(line.rsplit(" ", 2)[0] + " .")
            else:
                plain.add(line)
        return plain, blank

    (pa, ba), (pb, bb) = split(a), split(b)
    if pa != pb:
        return False, f"{len(pa - pb)} quads only in the sharded store, {len(pb - pa)} only in the single one"
    if set(ba) != set(bb):
        return False, "blank nodes in different graphs"
    for graph in ba:
        ga = Graph().parse(data="\n".join(ba[graph]), format="nt")
        gb = Graph().parse(data="\n".join(bb[graph]), format="nt")
        if not isomorphic(ga, gb):
            return False, f"graph {graph} differs"
    return True, f"{len(pa) + sum(map(len, ba.values())):,} quads identical"


def run(work: Path, n_articles: int, jobs: int = 1) -> list[Row]:
    path = work / "shards.jsonl"
    words = write_jsonl(path, corpus.articles(n_articles, seed=13))
    from kb.connect import open_kb

    with Server(work / "server-shards") as sharded, Server(work / "server-single") as single:
        for server in (sharded, single):  # the store is set up once, before the shards start (see
            open_kb(f"{server.url}/query").close()  # BENCHMARKS.md, "Initialise the store first")
        start = time.perf_counter()
        procs = [subprocess.Popen([str(GEOKB), "ingest", str(path), "--store", f"{sharded.url}/query",
                                   "--shard", f"{i}/2", "--jobs", str(jobs), "-q"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                 for i in range(2)]
        codes = [p.wait() for p in procs]
        errors = [p.stderr.read().strip() for p in procs]
        two_s = time.perf_counter() - start
        start = time.perf_counter()
        one = subprocess.run([str(GEOKB), "ingest", str(path), "--store", f"{single.url}/query", "-q"],
                             check=False, capture_output=True, text=True)
        one_s = time.perf_counter() - start
        same, detail = same_dataset(sharded.dump(), single.dump())
    ok = same and codes == [0, 0] and one.returncode == 0
    note = (f"{n_articles} articles, {words:,} words; exits {codes} and {one.returncode}; dumps: {detail}"
            + ("" if not any(errors) else f"; stderr: {' | '.join(e[-150:] for e in errors if e)}"))
    return [Row("shards", "2 shard processes → one oxigraph serve", words / two_s, words / one_s, "words/s",
                one_s / two_s, "identical dump", ok, note,
                extra={"two_processes_s": two_s, "one_process_s": one_s, "same": same, "detail": detail})]
