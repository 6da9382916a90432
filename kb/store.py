"""The knowledge base: an embedded Oxigraph store on disk, one named graph per article.

pyoxigraph is the system of record: articles are written with one SPARQL Update each (replace the
article's graph and add its reference data), which Oxigraph runs as one transaction — a failure
leaves the store as it was. Queries run with the default graph as the union of all graphs, so
analysts need no ``GRAPH`` clauses.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

import ontology
from extractors.rdf import REFERENCE_GRAPH, article_iri, article_triples, reference_triples
from extractors.records import Extraction
from queries import NamedQuery

from .errors import QueryError, StoreError, StoreInUse, UsageError

STORE_ENV = "GEOKB_STORE"
ONTOLOGY_GRAPH = ontology.ID["graph/ontology"]
RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                  "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}


def default_store_path() -> Path:
    """``$GEOKB_STORE``, else ``$XDG_DATA_HOME/geokb/store`` (``~/.local/share/geokb/store``)."""
    if os.environ.get(STORE_ENV):
        return Path(os.environ[STORE_ENV])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "geokb" / "store"


@dataclass(frozen=True)
class Stats:
    articles: int
    events: int
    quads: int
    by_type: dict[str, int]


def _nt(triples) -> str:
    """N-Triples text of rdflib triples; rdflib's own term serialisation does the escaping."""
    return "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)


def _one_line(err: Exception) -> str:
    return " ".join(line.strip() for line in str(err).splitlines() if line.strip())


def _term(kind: str, value: str):
    if kind == "iri":
        return ox.NamedNode(value)
    if kind == "integer":
        if not value.lstrip("-").isdigit():
            raise UsageError(f"parameter value {value!r} is not an integer")
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if kind == "date":
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    return ox.Literal(value)


class KnowledgeBase:
    """geokb's store. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path | None = None, *, create: bool = True):
        self.path = Path(path) if path is not None else default_store_path()
        if not create and not self.path.exists():
            raise StoreError(f"no store at {self.path} (ingest something first, or pass --store)")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self.store = ox.Store(str(self.path))
        except OSError as err:
            text = str(err)
            if "lock" in text.lower():
                raise StoreInUse(f"store {self.path} is in use by another geokb process") from None
            raise StoreError(f"cannot open store {self.path}: {text.splitlines()[0] if text else err}") from None
        if not self.store.contains_named_graph(ox.NamedNode(str(ONTOLOGY_GRAPH))):
            self._update(f"INSERT DATA {{ GRAPH {ONTOLOGY_GRAPH.n3()} {{ {_nt(ontology.ontology_graph())} }} }}")

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        store = getattr(self, "store", None)
        if store is not None:
            store.flush()
            del self.store

    # -- writing ---------------------------------------------------------------------------------
    def _update(self, text: str) -> None:
        try:
            self.store.update(text)
        except OSError as err:
            raise StoreError(f"cannot write to store {self.path}: {err}") from None

    def add(self, extraction: Extraction) -> None:
        """Store one article's extraction, replacing whatever that article had before, atomically."""
        graph = article_iri(extraction.article.id).n3()
        self._update(
            f"DROP SILENT GRAPH {graph} ;\n"
            f"INSERT DATA {{ GRAPH {graph} {{\n{_nt(article_triples(extraction))}\n}}\n"
            f"GRAPH {REFERENCE_GRAPH.n3()} {{\n{_nt(reference_triples(extraction))}\n}} }}")

    def add_all(self, extractions: Iterable[Extraction]) -> Iterator[Extraction]:
        for extraction in extractions:
            self.add(extraction)
            yield extraction

    def remove(self, article_id: str) -> bool:
        """Remove an article and its events; False when it was not there."""
        graph = ox.NamedNode(str(article_iri(article_id)))
        if not self.store.contains_named_graph(graph):
            return False
        self._update(f"DROP GRAPH {article_iri(article_id).n3()}")
        return True

    # -- reading ---------------------------------------------------------------------------------
    def articles(self) -> list[str]:
        rows = self.select("PREFIX gk: <https://w3id.org/geokb/ontology#> "
                           "SELECT ?id WHERE { ?a a gk:Article ; gk:articleId ?id } ORDER BY ?id")
        return [row["id"] for row in rows]

    def __len__(self) -> int:
        return len(self.store)

    def run(self, query: NamedQuery, params: dict[str, str] | None = None):
        """Run a named query with its parameters bound; returns pyoxigraph's results object."""
        params = dict(params or {})
        declared = {p.name: p for p in query.params}
        unknown = sorted(set(params) - set(declared))
        if unknown:
            raise UsageError(f"query {query.name} has no parameter {unknown[0]!r}"
                             + (f" (it takes: {', '.join(declared)})" if declared else " (it takes none)"))
        missing = [name for name in declared if name not in params]
        if missing:
            raise UsageError(f"query {query.name} needs --param {missing[0]}=… ({declared[missing[0]].description})")
        substitutions = {ox.Variable(name): _term(declared[name].kind, value) for name, value in params.items()}
        return self.query(query.text, substitutions)

    def query(self, text: str, substitutions: dict | None = None):
        """Run SPARQL with values bound: as pyoxigraph substitutions where the variable is projected,
        else as a trailing ``VALUES`` block built from the escaped terms (never from raw text)."""
        try:
            try:
                return self.store.query(text, use_default_graph_as_union=True, substitutions=substitutions or None)
            except (OSError, ValueError, RuntimeError) as err:
                if not substitutions or "projection" not in str(err):
                    raise
            names = " ".join(str(v) for v in substitutions)
            row = " ".join(str(t) for t in substitutions.values())
            return self.store.query(f"{text}\nVALUES ({names}) {{ ({row}) }}", use_default_graph_as_union=True)
        except SyntaxError as err:
            raise QueryError(f"query does not parse: {_one_line(err)}") from None
        except (OSError, ValueError, RuntimeError) as err:
            raise QueryError(f"query failed: {_one_line(err)}") from None

    def select(self, text: str, substitutions: dict | None = None) -> list[dict[str, str]]:
        """SELECT results as plain dicts of variable → lexical value (unbound variables left out)."""
        results = self.query(text, substitutions)
        names = [v.value for v in results.variables]
        return [{n: s[n].value for n in names if s[n] is not None} for s in results]

    def stats(self) -> Stats:
        rows = self.select(
            "PREFIX gk: <https://w3id.org/geokb/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?type (COUNT(?e) AS ?n) WHERE { ?e a ?t . ?t rdfs:subClassOf gk:Event . "
            "BIND(STRAFTER(STR(?t), '#') AS ?type) } GROUP BY ?type ORDER BY ?type")
        by_type = {r["type"]: int(r["n"]) for r in rows}
        return Stats(articles=len(self.articles()), events=sum(by_type.values()), quads=len(self), by_type=by_type)

    def dump(self, output, fmt: ox.RdfFormat, *, graph: ox.NamedNode | None = None) -> None:
        """Write the store (or one graph) in an RDF format; formats without graphs get the union."""
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG) and graph is None:
            self.store.dump(output, fmt)
        elif graph is not None:
            self.store.dump(output, fmt, from_graph=graph)
        else:
            triples = self.store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
            ox.serialize(triples, output, fmt, prefixes={k: str(v) for k, v in ontology.PREFIXES.items()})
