"""The knowledge base: an embedded Oxigraph store on disk, one named graph per article.

pyoxigraph is the system of record: articles are written with one SPARQL Update each (replace the
article's graph and add its reference data), which Oxigraph runs as one transaction — a failure
leaves the store as it was. Queries run with the default graph as the union of all graphs, so
analysts need no ``GRAPH`` clauses.
"""

from __future__ import annotations

import fcntl
import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

import ontology
from extractors.rdf import (
    REFERENCE_GRAPH,
    article_iri,
    article_triples,
    entity_triples,
    nt,
    reference_entities,
)
from extractors.records import Extraction

from . import jsonld
from .base import Reader, article_update, inline_values
from .errors import QueryError, StoreError, StoreInUse, one_line

STORE_ENV = "GEOKB_STORE"
LOCK_FILE = "geokb.lock"
ONTOLOGY_GRAPH = ontology.ID["graph/ontology"]
RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                  "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}


def default_store_path() -> Path:
    """``$GEOKB_STORE``, else ``$XDG_DATA_HOME/geokb/store`` (``~/.local/share/geokb/store``)."""
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "geokb" / "store"


def _take_lock(path: Path, *, shared: bool):
    """An flock on the store's lock file, or :class:`StoreInUse` at once (never waits)."""
    lock_path = path / LOCK_FILE
    try:
        writable = not shared or os.access(path, os.W_OK)
        handle = open(lock_path, "a+b" if writable else "rb")  # noqa: SIM115 - held while the store is open
    except FileNotFoundError:
        return None  # a read-only store folder made by someone else: nothing to lock, nothing writes
    except OSError as err:
        raise StoreError(f"cannot open store {path}: {err.strerror or err}") from None
    try:
        fcntl.flock(handle, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        doing = "being written by" if shared else "in use by"
        raise StoreInUse(f"store {path} is {doing} another geokb process") from None
    return handle


class KnowledgeBase(Reader):
    """geokb's store. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path | None = None, *, create: bool = True, read_only: bool = False,
                 lock: bool = True):
        """Open (or create) the store at ``path``.

        A writer holds an exclusive lock on ``<store>/geokb.lock``, readers (``read_only=True``) a
        shared one, so a second writer, or a writer while queries run, gets :class:`StoreInUse`
        instead of undefined behaviour. ``lock=False`` is for worker processes whose parent already
        holds the lock on their behalf.
        """
        self.path = Path(path) if path is not None else default_store_path()
        self.read_only = read_only
        self._lock = None
        if (not create or read_only) and not self.path.exists():
            raise StoreError(f"no store at {self.path} (ingest something first, or pass --store)")
        try:
            if not read_only:
                self.path.mkdir(parents=True, exist_ok=True)
            if lock:
                self._lock = _take_lock(self.path, shared=read_only)
            self.store = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as err:
            self._release()
            text = str(err)
            if "lock" in text.lower():
                raise StoreInUse(f"store {self.path} is in use by another geokb process") from None
            raise StoreError(f"cannot open store {self.path}: {text.splitlines()[0] if text else err}") from None
        graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
        if not read_only and not self.store.contains_named_graph(graph):
            try:  # one transaction; pyoxigraph's own Turtle parser (rdflib's takes 10 ms of every new store)
                self.store.load(ontology.ontology_turtle().encode(), ox.RdfFormat.TURTLE, to_graph=graph)
            except OSError as err:
                raise StoreError(f"cannot write to store {self.path}: {one_line(err)}") from None

    def close(self) -> None:
        store = getattr(self, "store", None)
        if store is not None:
            try:
                if not self.read_only:
                    store.flush()
            except OSError as err:  # a full disk fails the flush too: say so, as every write error
                raise StoreError(f"cannot write to store {self.path}: {one_line(err)}") from None
            finally:
                del self.store
                self._release()
        else:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing the descriptor drops the flock
            self._lock = None

    # -- writing ---------------------------------------------------------------------------------
    def _update(self, text: str) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        try:
            self.store.update(text)
        except OSError as err:
            raise StoreError(f"cannot write to store {self.path}: {err}") from None

    def update(self, text: str) -> None:
        """Run a SPARQL Update (trusted text: callers check user input with :mod:`kb.guard`)."""
        self._update(text)

    def add(self, extraction: Extraction) -> None:
        """Store one article's extraction, replacing whatever that article had before, atomically."""
        self._update(article_update(extraction))

    def add_all(self, extractions: Iterable[Extraction], *, flush_every: int = 1000) -> Iterator[Extraction]:
        """Store extractions as they come, each in its own transaction; yields each once stored.

        Reference data (countries, places, organisations) this call has already written is not
        written again: on disk, re-inserting those quads cost more than the article's own
        (benchmarks/). Several articles per transaction and a writer thread were both measured
        slower, so each article stays alone, written in line. The store is flushed every
        ``flush_every`` articles: pyoxigraph keeps what it wrote in memory (about 1 KB a quad)
        until then, so a long ingest would otherwise grow without bound.
        """
        written: set[str] = set()
        for n, extraction in enumerate(extractions, 1):
            if n % flush_every == 0:
                self.store.flush()
            entities = {key: e for key, e in reference_entities(extraction).items() if key not in written}
            iri = article_iri(extraction.article.id)
            reference = [t for e in entities.values() for t in entity_triples(e)]
            if not self._load_new(iri, article_triples(extraction), reference):
                self._update(article_update(extraction, reference=reference))
            written.update(entities)
            yield extraction

    def _load_new(self, graph, triples, reference) -> bool:
        """Write a new article's graph as N-Quads in one transaction (``Store.load``), about 3x
        cheaper than parsing the same data as a SPARQL Update; False (nothing written) when the
        article is already stored, which needs the Update's drop-and-insert."""
        if self.store.contains_named_graph(ox.NamedNode(str(graph))):
            return False
        text = f"{nt(triples, graph)}\n{nt(reference, REFERENCE_GRAPH)}"
        try:
            self.store.load(text.encode(), ox.RdfFormat.N_QUADS)
        except OSError as err:
            raise StoreError(f"cannot write to store {self.path}: {err}") from None
        return True

    def remove(self, article_id: str) -> bool:
        """Remove an article and its events; False when it was not there."""
        graph = ox.NamedNode(str(article_iri(article_id)))
        if not self.store.contains_named_graph(graph):
            return False
        self._update(f"DROP GRAPH {article_iri(article_id).n3()}")
        return True

    def put_graph(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        """Replace a whole named graph with these triples, in one transaction."""
        iri = ox.NamedNode(graph)
        body = "\n".join(f"{t} ." for t in triples)
        self._update(f"DROP SILENT GRAPH {iri} ;\nINSERT DATA {{ GRAPH {iri} {{\n{body}\n}} }}")

    def merge_graph(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        """Add these triples to a named graph (what is there already stays)."""
        body = "\n".join(f"{t} ." for t in triples)
        self._update(f"INSERT DATA {{ GRAPH {ox.NamedNode(graph)} {{\n{body}\n}} }}")

    # -- reading ---------------------------------------------------------------------------------
    def graphs(self) -> list[str]:
        """The article graphs in the store."""
        prefix = str(article_iri("x"))[:-1]
        return sorted(g.value for g in self.store.named_graphs() if g.value.startswith(prefix))

    def graph_triples(self, graph: str) -> Iterator[ox.Triple]:
        for quad in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            yield quad.triple

    def count(self) -> int:
        return len(self.store)

    def query(self, text: str, substitutions: dict | None = None):
        """Run SPARQL with values bound: as pyoxigraph substitutions where the variable is projected,
        else as a trailing ``VALUES`` block built from the escaped terms (never from raw text)."""
        results = self._query(text, substitutions)
        return bool(results) if isinstance(results, ox.QueryBoolean) else results

    def _query(self, text: str, substitutions: dict | None):
        # Values go in a VALUES block at the top of the WHERE group, as for remote stores: Oxigraph
        # then starts from them (pyoxigraph's own substitutions made the timeline query 400x
        # slower on 10,000 events, and refuse variables the query does not project).
        if substitutions:
            text = inline_values(text, substitutions)
        try:
            return self.store.query(text, use_default_graph_as_union=True)
        except SyntaxError as err:
            raise QueryError(f"query does not parse: {one_line(err)}") from None
        except (OSError, ValueError, RuntimeError) as err:
            raise QueryError(f"query failed: {one_line(err)}") from None

    def dump(self, output, fmt: ox.RdfFormat, *, graph: ox.NamedNode | None = None) -> None:
        """Write the store (or one graph) in an RDF format, streaming; formats without graphs get
        the union of the graphs, JSON-LD is compacted with geokb's context (built in memory)."""
        prefixes = {k: str(v) for k, v in ontology.PREFIXES.items()}
        if fmt == ox.RdfFormat.JSON_LD:
            buffer = io.BytesIO()
            self.dump(buffer, ox.RdfFormat.N_QUADS, graph=graph)
            output.write(jsonld.from_nquads(buffer.getvalue()))
        elif fmt.supports_datasets and graph is None:
            self.store.dump(output, fmt, prefixes=prefixes if fmt == ox.RdfFormat.TRIG else None)
        elif fmt.supports_datasets:  # one graph, still named
            ox.serialize(self.store.quads_for_pattern(None, None, None, graph), output, fmt, prefixes=prefixes)
        elif graph is not None:
            self.store.dump(output, fmt, from_graph=graph, prefixes=prefixes)
        else:
            triples = self.store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
            ox.serialize(triples, output, fmt, prefixes=prefixes)
