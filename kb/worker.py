"""Queries that can be stopped: a pool of worker processes, each with its own read-only view of the store.

pyoxigraph's ``Store.query`` has no timeout, and a thread cannot be stopped from outside, so every
user query runs in a worker *process*. The caller waits for its answer until the deadline; past it,
the worker is killed (SIGKILL) and a fresh one takes its place, while the other workers go on
answering. A worker opens the store with ``Store.read_only`` (which works while another process holds
the writable store open), evaluates with the default graph as the union of all graphs, serialises the
results itself — capped at ``max_rows`` — and sends back bytes over a pipe.

Workers are started with the ``forkserver`` (pool) or ``spawn`` (one-off) context, never ``fork``:
a forked child of a process with an open RocksDB store would share its file handles and locks.

A read-only open is a snapshot of the store at the time it was opened. After a write (the server's
SPARQL Update), call :meth:`WorkerPool.refresh`: each worker reopens its store before its next query.

The workers take no lock on the store: whoever starts the pool holds one on their behalf (a shared
lock for a read-only server or ``geokb query``, the exclusive lock for a server that accepts updates).
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import GeokbError, QueryError, StoreError

RESULTS_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
REOPEN_ATTEMPTS = 3


class QueryTimeout(QueryError):
    """The query ran past its time limit and its worker was stopped."""


class WorkersBusy(QueryError):
    """Every worker stayed busy for as long as the caller was willing to wait."""


class WorkerDied(QueryError):
    """The worker process ended while running the query (killed from outside, out of memory, a crash)."""


class NotAcceptable(QueryError):
    """The query's form answers in a kind of format (results, or RDF) the caller gave none of."""


@dataclass(frozen=True)
class Job:
    """One query for a worker. Formats are names from :data:`RESULTS_FORMATS` (for SELECT, ASK) and
    :data:`GRAPH_FORMATS` (CONSTRUCT, DESCRIBE), None where the caller accepts none (:class:`NotAcceptable`);
    ``substitutions`` maps pyoxigraph Variables to terms. With ``guard`` the worker first checks the
    query with :func:`kb.guard.check_query` (no SERVICE, LOAD, FROM <url> or update): parsing is
    CPU work on untrusted text, so it runs here, under the same time limit, not in the caller."""

    text: str
    substitutions: dict | None = None
    results_format: str | None = "json"
    graph_format: str | None = "turtle"
    max_rows: int | None = None
    guard: bool = True


@dataclass(frozen=True)
class Result:
    """A query's serialised answer. ``kind`` is 'solutions' (SELECT), 'boolean' (ASK) or 'triples'
    (CONSTRUCT, DESCRIBE); ``rows`` counts the solutions or triples in ``body`` (None for ASK);
    ``truncated`` says there were more than ``max_rows`` and only the first ones are in ``body``."""

    kind: str
    body: bytes
    media_type: str
    rows: int | None
    truncated: bool = False
    seconds: float = field(default=0.0, compare=False)


# -- inside a worker process --------------------------------------------------------------------
def _term_json(term) -> dict:
    """A term in SPARQL 1.1 Query Results JSON (with RDF 1.2 triple terms and base directions)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
        if getattr(term, "direction", None):
            out["its:dir"] = str(term.direction.value if hasattr(term.direction, "value") else term.direction)
    elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING, RDF_DIR_LANG_STRING):
        out["datatype"] = term.datatype.value
    return out


def _capped_solutions(results: ox.QuerySolutions, fmt: ox.QueryResultsFormat, max_rows: int | None):
    """Serialise at most ``max_rows`` solutions. pyoxigraph cannot serialise part of an iterator, so
    the rows kept are written as results JSON, which pyoxigraph reads back to write other formats."""
    import json

    names = [v.value for v in results.variables]
    encoded: dict = {}  # term -> its JSON object; IRIs and codes repeat across rows

    def encode(term):
        out = encoded.get(term)
        if out is None:
            out = encoded[term] = _term_json(term)
        return out

    rows, truncated = [], False
    for solution in results:
        if max_rows is not None and len(rows) >= max_rows:
            truncated = True
            break
        rows.append({n: encode(t) for n, t in zip(names, solution) if t is not None})
    doc = json.dumps({"head": {"vars": names}, "results": {"bindings": rows}}, ensure_ascii=False,
                     separators=(",", ":")).encode()
    if fmt != ox.QueryResultsFormat.JSON:
        doc = ox.parse_query_results(doc, format=ox.QueryResultsFormat.JSON).serialize(format=fmt)
    return doc, len(rows), truncated


def _format(job: Job, graph: bool):
    name = job.graph_format if graph else job.results_format
    if name is None:
        raise NotAcceptable("a CONSTRUCT or DESCRIBE query answers with RDF" if graph
                            else "a SELECT or ASK query answers with SPARQL results")
    return GRAPH_FORMATS[name] if graph else RESULTS_FORMATS[name]


def evaluate(kb, job: Job) -> Result:
    """Run ``job`` on an open store (a :class:`kb.store.KnowledgeBase`) and serialise its answer."""
    start = time.monotonic()
    if job.guard:
        from .guard import check_query

        _format(job, check_query(job.text) in ("CONSTRUCT", "DESCRIBE"))  # refusals before any work
    results = kb.query(job.text, job.substitutions)
    if isinstance(results, (bool, ox.QueryBoolean)):  # KnowledgeBase.query answers ASK with a bool
        fmt = _format(job, graph=False)
        doc = b'{"head":{},"boolean":true}' if results else b'{"head":{},"boolean":false}'
        body = ox.parse_query_results(doc, format=ox.QueryResultsFormat.JSON).serialize(format=fmt)
        kind, rows, truncated = "boolean", None, False
    elif isinstance(results, ox.QuerySolutions):
        fmt = _format(job, graph=False)
        body, rows, truncated = _capped_solutions(results, fmt, job.max_rows)
        kind = "solutions"
    else:
        import ontology

        fmt = _format(job, graph=True)
        triples = []
        truncated = False
        for triple in results:
            if job.max_rows is not None and len(triples) >= job.max_rows:
                truncated = True
                break
            triples.append(triple)
        prefixes = {k: str(v) for k, v in ontology.PREFIXES.items()} if fmt == ox.RdfFormat.TURTLE else None
        body, kind, rows = ox.serialize(triples, format=fmt, prefixes=prefixes), "triples", len(triples)
    return Result(kind, body, fmt.media_type, rows, truncated, time.monotonic() - start)


class _View:
    """A worker's read-only view of the store and the generation it was opened at."""

    def __init__(self, path: str):
        self.path = path
        self.kb = None
        self.generation: int | None = None

    def at(self, generation: int):
        if self.kb is None or generation != self.generation:
            self.close()
            from .store import KnowledgeBase

            self.kb = KnowledgeBase(self.path, read_only=True, lock=False)
            self.generation = generation
        return self.kb

    def close(self) -> None:
        if self.kb is not None:
            self.kb.close()
        self.kb, self.generation = None, None


def _stale(err: BaseException) -> bool:
    """A failure of the view rather than of the query: while a writer is open (a server that accepts
    updates), RocksDB may compact away files a read-only view was about to read, or be midway through
    rewriting its manifest when a view opens. Reopening and retrying is the cure."""
    store_errors = (OSError, RuntimeError, StoreError)
    return isinstance(err, store_errors) or isinstance(err.__context__, store_errors)


def answer(view: _View, generation: int, job: Job) -> Result:
    """Evaluate ``job`` on the view of ``generation``, reopening it up to twice when it turns out stale."""
    for attempt in range(REOPEN_ATTEMPTS):
        try:
            return evaluate(view.at(generation), job)
        except Exception as err:
            if attempt == REOPEN_ATTEMPTS - 1 or not _stale(err):
                raise
            view.close()
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _worker_main(conn, path: str) -> None:
    """A worker's life: answer jobs (reopening the store when its generation changes) until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the whole process group; the parent decides
    view = _View(path)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        generation, job = message
        try:
            reply = ("ok", answer(view, generation, job))
        except GeokbError as err:
            reply = ("error", err)
        except Exception as err:  # noqa: BLE001 - reported to the caller, who decides; the worker lives on
            reply = ("error", QueryError(f"query failed: {type(err).__name__}: {' '.join(str(err).split())}"))
        conn.send(reply)


# -- in the parent ------------------------------------------------------------------------------
class _Worker:
    def __init__(self, context, path: str):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, path), name="geokb-query-worker",
                                        daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=1)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()  # SIGKILL: a query inside the engine does not look at signals
        self.process.join()
        self.conn.close()


class WorkerPool:
    """``size`` worker processes over the store at ``path``. :meth:`run` is blocking and thread-safe:
    call it from as many threads as you like (an async server runs it in a thread executor)."""

    def __init__(self, path: str | Path, size: int = 2, *, context: str = "forkserver"):
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self.path = str(path)
        self.size = size
        self._context = multiprocessing.get_context(context)
        if context == "forkserver":  # workers are forked from a server that has already imported these
            self._context.set_forkserver_preload(["kb.store", "kb.guard"])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._generation = 0
        self._closed = False
        for _ in range(size):
            self._idle.put(self._start())

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> _Worker:
        worker = _Worker(self._context, self.path)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            closed = self._closed
        if not closed:
            self._idle.put(self._start())

    def pids(self) -> list[int]:
        """The process ids of the workers (for monitoring)."""
        with self._lock:
            return sorted(w.process.pid for w in self._all)

    def refresh(self) -> None:
        """The store has changed: every worker reopens it before its next query."""
        with self._lock:
            self._generation += 1

    def run(self, job: Job, timeout: float | None = None, *, wait: float | None = None) -> Result:
        """Run ``job`` in a free worker. Raises :class:`QueryTimeout` past ``timeout`` seconds (the worker
        is killed and replaced), :class:`WorkersBusy` when no worker is free within ``wait`` seconds
        (default: ``timeout``), :class:`QueryError` when the query fails."""
        if self._closed:
            raise QueryError("the query workers have been stopped")
        while True:
            try:
                worker = self._idle.get(timeout=timeout if wait is None else wait)
            except queue.Empty:
                raise WorkersBusy(f"all {self.size} query workers are busy; try again shortly") from None
            if worker.process.is_alive():
                break
            self._replace(worker)  # died while idle (killed from outside): never hand it a query
        healthy = False
        try:
            with self._lock:
                generation = self._generation
            worker.conn.send((generation, job))
            if timeout is not None and not worker.conn.poll(timeout):
                raise QueryTimeout(f"query stopped at the time limit of {timeout:g} s")
            status, payload = worker.conn.recv()
            healthy = True
        except (EOFError, OSError):
            worker.process.join(timeout=1)
            code = worker.process.exitcode
            raise WorkerDied(f"the query worker died (exit code {code}) while running the query") from None
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._replace(worker)
        if status == "error":
            raise payload
        return payload

    def close(self) -> None:
        """Stop every worker (idle ones politely, busy ones with SIGKILL)."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        idle = set()
        while True:
            try:
                idle.add(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in workers:
            if worker in idle:
                worker.stop()
            else:
                worker.kill()


def run_query(path: str | Path, text: str, substitutions: dict | None = None, *, results_format: str = "json",
              graph_format: str = "turtle", timeout: float | None = None, max_rows: int | None = None,
              guard: bool = True) -> Result:
    """Run one query in a worker process of its own, stopped at ``timeout`` seconds (for the CLI).
    The caller holds the store's lock; the worker opens the store read-only without one."""
    with WorkerPool(path, size=1, context="spawn") as pool:
        return pool.run(Job(text, substitutions, results_format, graph_format, max_rows, guard), timeout)
