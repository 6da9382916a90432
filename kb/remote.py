"""The knowledge base in any SPARQL 1.1 store, for when it outgrows one machine.

The same :class:`~kb.base.Reader` interface as the embedded store: articles are written as their own
named graphs with SPARQL 1.1 Update (one request each: drop the article's graph, insert the new
one), whole graphs are copied with the Graph Store Protocol where the server offers it, and queries
go through SPARQLWrapper with a descriptive User-Agent. The store must query the union of its
graphs by default (Virtuoso does; start ``oxigraph serve`` with ``--union-default-graph``).

Remote endpoints limit: a row cap or a time cap can cut a result short (Virtuoso answers HTTP 206
or marks the cap in a header). A cut result is reported through ``warn`` and :attr:`truncated`;
whole graphs are read page by page (``ORDER BY`` + ``LIMIT``/``OFFSET``) so copies are never cut.
HTTP 429 and 503 answers are retried after their ``Retry-After`` delay.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

import ontology
from extractors import __version__
from extractors.rdf import REFERENCE_GRAPH, article_iri, nt
from extractors.records import Extraction

from . import jsonld
from .base import Reader, article_update, inline_values
from .errors import QueryError, StoreError, one_line
from .guard import query_form

USER_AGENT = f"geokb/{__version__} (+https://w3id.org/geokb; SPARQLWrapper)"
GEOKB_GRAPHS = "https://w3id.org/geokb/id/"
ARTICLE_GRAPHS = GEOKB_GRAPHS + "article/"
ONTOLOGY_GRAPH = ontology.ID["graph/ontology"]
RESULTS_JSON = "application/sparql-results+json"
GRAPH_TYPES = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
UPDATE_KEYWORDS = ("INSERT", "DELETE", "CREATE", "CLEAR", "DROP", "LOAD", "COPY", "MOVE", "ADD")
TRUNCATION_HEADERS = ("x-sparql-maxrows", "x-sql-state", "x-geokb-truncated")


def is_remote(spec) -> bool:
    """True when a ``--store`` value names an HTTP(S) endpoint rather than a folder."""
    return isinstance(spec, str) and spec.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Endpoint:
    """Where a remote store answers. ``update`` defaults to ``…/update`` beside a ``…/query`` URL
    (Oxigraph, Fuseki), else the query URL itself (Virtuoso's ``/sparql``)."""

    query: str
    update: str
    graph_store: str | None = None

    @classmethod
    def from_url(cls, url: str, update: str | None = None, graph_store: str | None = None) -> Endpoint:
        if update is None:
            update = url[: -len("/query")] + "/update" if url.endswith("/query") else url
        return cls(url, update, graph_store)


@dataclass
class Response:
    status: int
    content_type: str
    headers: dict[str, str]
    body: bytes


class RemoteKnowledgeBase(Reader):
    """geokb's knowledge base in a SPARQL 1.1 store reached over HTTP."""

    def __init__(self, endpoint: Endpoint | str, *, timeout: float = 120.0, page_size: int = 10000,
                 retries: int = 5, warn: Callable[[str], None] | None = None, create: bool = True):
        self.endpoint = endpoint if isinstance(endpoint, Endpoint) else Endpoint.from_url(endpoint)
        self.path = self.endpoint.query  # what messages name
        self.timeout = timeout
        self.page_size = page_size
        self.retries = retries
        self.warn = warn or (lambda message: print(f"geokb: warning: {message}", file=sys.stderr))
        self.truncated = False  # some answer was cut short by the store
        self.last_truncated = False  # the last one was
        if create and not self.ask(f"ASK {{ GRAPH {ONTOLOGY_GRAPH.n3()} {{ ?s ?p ?o }} }}"):
            self.write_ontology()

    def close(self) -> None:
        pass

    def write_ontology(self) -> None:
        """Store geokb's ontology graph. Its blank nodes are named from the graph's canonical form,
        so two processes that set up the same empty store at once write the same triples, not two
        copies of every OWL list (seen with two ingest shards starting together)."""
        self.merge_graph(str(ONTOLOGY_GRAPH), _ox_triples(_stable_bnodes(ontology.ontology_graph())))

    # -- HTTP ------------------------------------------------------------------------------------
    def _send(self, text: str, accept: str | None, form: str) -> Response:
        """POST ``text`` as its ``form`` (a query form, or an update keyword: sent as update=)."""
        update = form in UPDATE_KEYWORDS
        wrapper = SPARQLWrapper(self.endpoint.update if update else self.endpoint.query, agent=USER_AGENT)
        wrapper.setMethod(POST)
        wrapper.setOnlyConneg(True)  # the Accept header alone; Virtuoso answers 406 to a clash
        wrapper.setTimeout(int(self.timeout))
        wrapper.setQuery(text)
        wrapper.queryType = form  # SPARQLWrapper's own guess trips over comments
        if accept:
            wrapper.addCustomHttpHeader("Accept", accept)
        return self._retrying(lambda: wrapper.query().response)

    def _retrying(self, call) -> Response:
        for attempt in range(self.retries + 1):
            try:
                raw = call()
                headers = {k.lower(): v for k, v in raw.headers.items()}
                return Response(raw.status, headers.get("content-type", ""), headers, raw.read())
            except urllib.error.HTTPError as err:
                if err.code in (429, 503) and attempt < self.retries:
                    time.sleep(_retry_after(err.headers.get("Retry-After"), attempt))
                    continue
                detail = one_line(err.read().decode("utf-8", "replace"))[:300]
                raise StoreError(f"{self.path} answered HTTP {err.code}: {detail or err.reason}") from None
            except SPARQLWrapperException as err:
                text = one_line(err)[:300]
                if "QueryBadFormed" in type(err).__name__:
                    raise QueryError(f"the remote store refused the query: {text}") from None
                raise StoreError(f"{self.path}: {text}") from None
            except (urllib.error.URLError, OSError) as err:
                reason = getattr(err, "reason", err)
                raise StoreError(f"cannot reach the store at {self.path}: {reason}") from None
        raise AssertionError("unreachable")

    def _note_truncation(self, response: Response, *, warn: bool = True) -> bool:
        """Whether the store cut the result short (HTTP 206, or a row-cap header); says so."""
        marks = [f"{k}: {response.headers[k]}" for k in TRUNCATION_HEADERS if k in response.headers]
        if response.status != 206 and not marks:
            return False
        self.truncated = True
        if warn:
            why = f"HTTP {response.status}" + (f", {', '.join(marks)}" if marks else "")
            self.warn(f"the remote store returned a partial result ({why}): rows are missing")
        return True

    # -- reading ---------------------------------------------------------------------------------
    def query(self, text: str, substitutions: dict | None = None, *, warn: bool = True):
        """SELECT/ASK as pyoxigraph solutions or a bool; CONSTRUCT/DESCRIBE as a list of triples.
        Values are bound with a ``VALUES`` block of escaped terms at the top of the WHERE group."""
        if substitutions:
            text = inline_values(text, substitutions)
        form = _form(text)
        if form in ("CONSTRUCT", "DESCRIBE"):
            response = self._send(text, GRAPH_TYPES, form)
            self.last_truncated = self._note_truncation(response, warn=warn)
            return list(ox.parse(response.body, _rdf_format(response.content_type)))
        response = self._send(text, RESULTS_JSON, form)
        self.last_truncated = self._note_truncation(response, warn=warn)
        body = _safe_bnodes(response.body) if b'"bnode"' in response.body else response.body
        try:
            results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as err:
            raise StoreError(f"{self.path} sent results that do not parse: {err}") from None
        if isinstance(results, ox.QueryBoolean):
            return bool(results)
        if form == "ASK":  # Virtuoso answers a POSTed ASK as one row of ?__ASK_RETVAL (1 or 0), or no row
            return any(row[0] is not None and row[0].value in ("1", "true") for row in results)
        return results

    def ask(self, text: str) -> bool:
        return bool(self.query(text))

    def count(self) -> int:
        """Quads in geokb's graphs (a shared store has graphs of its own, Virtuoso's system ones too)."""
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                           f"FILTER(STRSTARTS(STR(?g), {ox.Literal(GEOKB_GRAPHS)})) }}")
        return int(rows[0]["n"]) if rows else 0

    def graphs(self) -> list[str]:
        """The article graphs in the store."""
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                           f"FILTER(STRSTARTS(STR(?g), {ox.Literal(ARTICLE_GRAPHS)})) }} ORDER BY ?g")
        return [row["g"] for row in rows]

    def graph_triples(self, graph: str) -> Iterator[ox.Triple]:
        """Every triple of one graph, page by page (``ORDER BY`` + ``LIMIT``/``OFFSET``); a page the
        store cuts at its own row cap sets the page size to that cap, so nothing is lost."""
        iri, size, offset = ox.NamedNode(graph), self.page_size, 0
        while True:
            results = self.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH {iri} {{ ?s ?p ?o }} }} "
                                 f"ORDER BY ?s ?p ?o LIMIT {size} OFFSET {offset}", warn=False)
            page = [ox.Triple(row["s"], row["p"], row["o"]) for row in results]
            yield from page
            offset += len(page)
            if self.last_truncated and page:
                size = len(page)
            elif len(page) < size:
                return

    def dump(self, output, fmt: ox.RdfFormat, *, graph: ox.NamedNode | None = None) -> None:
        """Write geokb's graphs (or one) in an RDF format, graph by graph, each read page by page."""
        if fmt == ox.RdfFormat.JSON_LD:
            buffer = io.BytesIO()
            self.dump(buffer, ox.RdfFormat.N_QUADS, graph=graph)
            output.write(jsonld.from_nquads(buffer.getvalue()))
            return
        graphs = [graph.value] if graph is not None else [str(ONTOLOGY_GRAPH), *self.graphs(), str(REFERENCE_GRAPH)]
        if fmt.supports_datasets:
            statements = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                          for g in graphs for t in self.graph_triples(g)]
        else:
            statements = list(dict.fromkeys(t for g in graphs for t in self.graph_triples(g)))
        ox.serialize(statements, output, fmt, prefixes={k: str(v) for k, v in ontology.PREFIXES.items()})

    # -- writing ---------------------------------------------------------------------------------
    def update(self, text: str) -> None:
        """Run trusted update text (geokb's own): sent as update= without parsing it, which for an
        article's INSERT DATA would cost more than the write."""
        words = (w.upper() for w in text.replace("{", " ").split())
        self._send(text, None, next((w for w in words if w in UPDATE_KEYWORDS), "INSERT"))

    def add(self, extraction: Extraction) -> None:
        """Replace one article's graph and add its reference data, in one Update request."""
        self.update(article_update(extraction, empty="CLEAR"))

    def add_all(self, extractions: Iterable[Extraction]) -> Iterator[Extraction]:
        for extraction in extractions:
            self.add(extraction)
            yield extraction

    def remove(self, article_id: str) -> bool:
        graph = article_iri(article_id).n3()
        if not self.ask(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"):
            return False
        self.update(f"CLEAR GRAPH {graph}")
        return True

    def put_graph(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        """Replace a whole graph: a Graph Store Protocol PUT where the server has one, else Update."""
        body = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
        if self.endpoint.graph_store:
            self._graph_store("PUT", graph, body)
        else:
            iri = ox.NamedNode(graph)  # INSERT … WHERE {}, not INSERT DATA: Virtuoso refuses blank nodes there
            self.update(f"CLEAR SILENT GRAPH {iri} ;\nINSERT {{ GRAPH {iri} {{\n{body.decode()}\n}} }} WHERE {{}}")


    def merge_graph(self, graph: str, triples: Iterable[ox.Triple]) -> None:
        """Add triples to a graph: a Graph Store Protocol POST where the server has one, else Update."""
        body = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
        if self.endpoint.graph_store:
            self._graph_store("POST", graph, body)
        else:
            self.update(f"INSERT {{ GRAPH {ox.NamedNode(graph)} {{\n{body.decode()}\n}} }} WHERE {{}}")

    def _graph_store(self, method: str, graph: str, body: bytes) -> None:
        url = f"{self.endpoint.graph_store}?{urllib.parse.urlencode({'graph': graph})}"
        request = urllib.request.Request(url, data=body, method=method, headers={
            "Content-Type": "application/n-triples", "User-Agent": USER_AGENT})
        self._retrying(lambda: urllib.request.urlopen(request, timeout=self.timeout))


def _retry_after(value: str | None, attempt: int) -> float:
    """Seconds to wait: the server's Retry-After (seconds form), capped, else exponential backoff."""
    if value and value.strip().isdigit():
        return min(float(value), 60.0)
    return min(0.5 * 2 ** attempt, 30.0)


def _stable_bnodes(graph):
    """The graph with its blank nodes skolemised to IRIs that depend only on its content."""
    from rdflib.compare import to_canonical_graph

    return to_canonical_graph(graph).skolemize(authority="https://w3id.org/geokb/id/",
                                                basepath="/.well-known/genid/ontology/")


def _ox_triples(graph) -> list[ox.Triple]:
    """rdflib triples as pyoxigraph ones (rdflib's N-Triples may hold long \"\"\" literals: Turtle)."""
    return list(ox.parse(nt(graph).encode(), ox.RdfFormat.TURTLE))


def _safe_bnodes(body: bytes) -> bytes:
    """Results JSON whose blank node labels are valid SPARQL labels (Virtuoso sends ``nodeID://b1``)."""
    data = json.loads(body)
    for row in data.get("results", {}).get("bindings", []):
        for value in row.values():
            if value.get("type") == "bnode" and not value["value"].replace("_", "").isalnum():
                value["value"] = "b" + hashlib.sha1(value["value"].encode()).hexdigest()[:20]
    return json.dumps(data).encode()


def _form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, from rdflib's parse of the query (cached); updates go
    through :meth:`RemoteKnowledgeBase.update`."""
    form = query_form(text)
    if form == "UPDATE":
        raise QueryError("an update was sent as a query: use update()")
    return form


def _rdf_format(content_type: str) -> ox.RdfFormat:
    media = content_type.split(";")[0].strip().lower()
    if media in ("text/plain", "text/ntriples"):
        return ox.RdfFormat.N_TRIPLES
    return ox.RdfFormat.from_media_type(media) or ox.RdfFormat.TURTLE

