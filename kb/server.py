"""``geokb serve``: a SPARQL 1.1 Protocol endpoint over the knowledge base.

A thin Starlette app. Each request is read as the Protocol says (``GET ?query=``, ``POST`` of a form
or of ``application/sparql-query`` / ``application/sparql-update``) and a query is run in a
:class:`kb.worker.WorkerPool`, whose worker first checks it with :mod:`kb.guard` (no SERVICE, LOAD or
FROM <url>, no update) and then evaluates it, all under the time limit: past it the worker is killed.
The answer comes back serialised by pyoxigraph in the format the client asked for (``Accept``).
``GET`` without a query returns the SPARQL 1.1 Service Description. SPARQL Update is refused unless
the server was started with ``allow_update`` and the request carries the bearer token; updates are
applied by this process, which then holds the store's exclusive lock, and the workers reopen their
read-only views after each one.
"""

from __future__ import annotations

import hmac
import socket
import sys
import threading
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from .errors import GeokbError, QueryError, StoreError, UsageError, one_line
from .guard import check_query
from .worker import Job, NotAcceptable, QueryTimeout, WorkerDied, WorkerPool, WorkersBusy

# Media types a client may ask for, in the server's order of preference, with the worker's format names.
RESULTS_MEDIA = {"application/sparql-results+json": "json", "application/json": "json",
                 "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
                 "text/csv": "csv", "text/tab-separated-values": "tsv"}
GRAPH_MEDIA = {"text/turtle": "turtle", "application/x-turtle": "turtle", "application/turtle": "turtle",
               "application/n-triples": "ntriples", "text/plain": "ntriples", "application/ld+json": "jsonld",
               "application/json": "jsonld", "application/rdf+xml": "rdfxml"}
DESCRIPTION_MEDIA = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
                     "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML}
DATASET_PARAMS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")
MAX_BODY = 10_000_000
TRUNCATED_HEADER = "X-Geokb-Truncated"
ROWS_HEADER = "X-Geokb-Rows"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"  # the W3C's IRIs of formats (pyoxigraph's JSON-LD one differs)
FORMAT_NAMES = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@dataclass(frozen=True)
class ServerConfig:
    """How ``geokb serve`` runs: the store, the worker pool and the limits of each query."""

    store: Path
    workers: int = 2
    timeout: float = 30.0
    max_rows: int = 100_000
    allow_update: bool = False
    token: str | None = None
    cors_origins: tuple[str, ...] = ("*",)


@dataclass(frozen=True)
class Operation:
    kind: str  # 'query' or 'update'
    text: str


class HttpError(Exception):
    """A refusal with its HTTP status and a one-line message (sent as text/plain)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def negotiate(accept: str | None, offers: dict) -> str | None:
    """The offered media type the ``Accept`` header rates highest (ties go to the earlier offer);
    the first offer when there is no header; None when the client accepts none of them."""
    if not accept or not accept.strip():
        return next(iter(offers))
    ranges = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    best, best_q = None, 0.0
    for offer in offers:
        kind = offer.split("/")[0]
        matches = [(3 if m == offer else 2 if m == f"{kind}/*" else 1, q) for m, q in ranges
                   if m in (offer, f"{kind}/*", "*/*")]
        if matches:
            q = max(matches)[1]
            if q > best_q:
                best, best_q = offer, q
    return best


async def _body(request: Request) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_BODY:
        raise HttpError(413, f"request body larger than {MAX_BODY} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise HttpError(413, f"request body larger than {MAX_BODY} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "the request is not valid UTF-8") from None


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise HttpError(400, f"more than one '{name}' parameter")
    return values[0] if values else None


async def read_operation(request: Request) -> Operation | None:
    """The query or update a request carries, as the SPARQL 1.1 Protocol says; None for a plain GET."""
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    body_text = None
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await _body(request)
        if media == "application/x-www-form-urlencoded":
            for key, values in parse_qs(_utf8(body), keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif media == "application/sparql-query":
            body_text = Operation("query", _utf8(body))
        elif media == "application/sparql-update":
            body_text = Operation("update", _utf8(body))
        else:
            raise HttpError(415, "send a query as application/sparql-query or as a form "
                            "(application/x-www-form-urlencoded, query=...), an update as "
                            "application/sparql-update or a form with update=...")
    for name in DATASET_PARAMS:
        if name in params:
            raise HttpError(400, f"'{name}' is not supported: geokb queries the union of all its graphs "
                            "(use GRAPH <https://w3id.org/geokb/id/article/ID> in the query to pick one)")
    query, update = _single(params, "query"), _single(params, "update")
    if body_text is not None:
        if query is not None or update is not None:
            raise HttpError(400, "a query or update is in the body: do not also pass query= or update=")
        return body_text
    if query is not None and update is not None:
        raise HttpError(400, "send either query= or update=, not both")
    if update is not None:
        if request.method != "POST":
            raise HttpError(405, "SPARQL Update must be sent with POST", {"Allow": "POST"})
        return Operation("update", update)
    if query is not None:
        return Operation("query", query)
    if request.method == "POST":
        raise HttpError(400, "no query= or update= in the request")
    return None


class Endpoint:
    """The endpoint's state and request handling: config, worker pool and (for updates) the writable store."""

    def __init__(self, config: ServerConfig, pool: WorkerPool, writer=None):
        if config.allow_update and (writer is None or not config.token):
            raise ValueError("updates need a writable KnowledgeBase and a token")
        self.config = config
        self.pool = pool
        self.writer = writer
        self._writing = threading.Lock()  # one update at a time, each followed by its refresh

    async def handle(self, request: Request) -> Response:
        try:
            operation = await read_operation(request)
            if operation is None:
                return self.service_description(request)
            if operation.kind == "update":
                return await self.update(request, operation.text)
            return await self.query(request, operation.text)
        except HttpError as err:
            return PlainTextResponse(err.message + "\n", err.status, headers=err.headers)

    # -- queries ---------------------------------------------------------------------------------
    async def query(self, request: Request, text: str) -> Response:
        """Negotiate a format of each kind (the form is known only once the worker has parsed the query),
        then run it in a worker, which checks it with the guard first, all under the time limit."""
        accept = request.headers.get("accept")
        results_media, graph_media = negotiate(accept, RESULTS_MEDIA), negotiate(accept, GRAPH_MEDIA)
        if results_media is None and graph_media is None:
            raise HttpError(406, f"this endpoint answers as: {', '.join({**RESULTS_MEDIA, **GRAPH_MEDIA})}")
        job = Job(text, results_format=RESULTS_MEDIA.get(results_media), graph_format=GRAPH_MEDIA.get(graph_media),
                  max_rows=self.config.max_rows)
        try:
            result = await run_in_threadpool(self.pool.run, job, self.config.timeout)
        except NotAcceptable as err:
            offers = GRAPH_MEDIA if graph_media is None else RESULTS_MEDIA
            raise HttpError(406, f"{err}: ask for one of {', '.join(offers)}") from None
        except WorkersBusy as err:
            raise HttpError(503, str(err), {"Retry-After": "1"}) from None
        except QueryTimeout as err:
            raise HttpError(503, f"{err}; simplify it, add LIMIT, or ask for a longer --timeout") from None
        except WorkerDied as err:
            raise HttpError(500, str(err)) from None
        except QueryError as err:
            raise HttpError(400, one_line(str(err))) from None
        except GeokbError as err:
            raise HttpError(500, one_line(str(err))) from None
        headers = {TRUNCATED_HEADER: "true" if result.truncated else "false"}
        if result.rows is not None:
            headers[ROWS_HEADER] = str(result.rows)
        return Response(result.body, media_type=result.media_type, headers=headers)

    # -- updates ---------------------------------------------------------------------------------
    def _authorize(self, request: Request) -> None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise HttpError(401, "SPARQL Update needs 'Authorization: Bearer TOKEN'",
                            {"WWW-Authenticate": 'Bearer realm="geokb"'})
        if not hmac.compare_digest(token.strip().encode(), self.config.token.encode()):
            raise HttpError(401, "the bearer token is not the one this server was started with",
                            {"WWW-Authenticate": 'Bearer realm="geokb", error="invalid_token"'})

    async def update(self, request: Request, text: str) -> Response:
        if not self.config.allow_update:
            raise HttpError(403, "SPARQL Update is refused: this endpoint is read-only "
                            "(an update endpoint is started with geokb serve --allow-update and a token)")
        self._authorize(request)
        try:  # the token holder is trusted, but parsing is CPU work: off the event loop
            form = await run_in_threadpool(check_query, text, allow_update=True, allow_service=False)
        except QueryError as err:
            raise HttpError(400, one_line(str(err))) from None
        if form != "UPDATE":
            raise HttpError(400, f"update= holds a {form} query; send queries as query=")
        try:
            await run_in_threadpool(self._apply, text)
        except QueryError as err:
            raise HttpError(400, one_line(str(err))) from None
        except StoreError as err:
            raise HttpError(500, one_line(str(err))) from None
        return Response(status_code=204)

    def _apply(self, text: str) -> None:
        """Run an update in this process (one transaction), then have the workers reopen the store."""
        with self._writing:
            try:
                self.writer.update(text)
            except (SyntaxError, ValueError) as err:
                raise QueryError(f"update failed: {one_line(str(err))}") from None
            finally:
                self.pool.refresh()

    # -- service description ---------------------------------------------------------------------
    def service_description(self, request: Request) -> Response:
        media = negotiate(request.headers.get("accept"), DESCRIPTION_MEDIA) or "text/turtle"
        try:
            endpoint = ox.NamedNode(str(request.url.replace(query="", fragment="")))
        except ValueError:
            raise HttpError(400, "the request URL is not a valid IRI") from None
        body = ox.serialize(description(endpoint, self.config.allow_update), format=DESCRIPTION_MEDIA[media],
                            prefixes={"sd": SD, "formats": FORMATS}
                            if media == "text/turtle" else None)
        return Response(body, media_type=media)


def description(endpoint: ox.NamedNode, allow_update: bool) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of an endpoint at ``endpoint``."""
    service = ox.BlankNode()

    def sd(name):
        return ox.NamedNode(SD + name)

    triples = [ox.Triple(service, RDF_TYPE, sd("Service")),
               ox.Triple(service, sd("endpoint"), endpoint),
               ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
               ox.Triple(service, sd("feature"), sd("UnionDefaultGraph"))]
    if allow_update:
        triples.append(ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
    triples += [ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS + name)) for name in FORMAT_NAMES]
    dataset, graph = ox.BlankNode(), ox.BlankNode()
    triples += [ox.Triple(service, sd("defaultDataset"), dataset),
                ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
                ox.Triple(dataset, sd("defaultGraph"), graph),
                ox.Triple(graph, RDF_TYPE, sd("Graph"))]
    return triples


def create_app(endpoint: Endpoint) -> Starlette:
    """The ASGI app: the endpoint at ``/sparql`` (and at ``/``), with CORS for browser clients."""
    routes = [Route(path, endpoint.handle, methods=["GET", "POST"]) for path in ("/sparql", "/")]
    cors = Middleware(CORSMiddleware, allow_origins=list(endpoint.config.cors_origins),
                      allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type", "Accept"],
                      expose_headers=[TRUNCATED_HEADER, ROWS_HEADER], max_age=600)
    return Starlette(routes=routes, middleware=[cors])


def _listen(host: str, port: int) -> socket.socket:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as err:
        raise UsageError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    sock.listen(2048)
    return sock


def serve(config: ServerConfig, host: str = "127.0.0.1", port: int = 8000, *, access_log: bool = False) -> None:
    """Listen on ``host:port`` (0: any free port), open the store (a shared lock; the exclusive one when
    updates are allowed), start the workers and serve until interrupted."""
    import uvicorn

    from .store import KnowledgeBase

    with ExitStack() as stack:
        sock = stack.enter_context(_listen(host, port))
        kb = stack.enter_context(KnowledgeBase(config.store, create=False, read_only=not config.allow_update))
        pool = stack.enter_context(WorkerPool(config.store, config.workers))
        app = create_app(Endpoint(config, pool, kb if config.allow_update else None))
        bound_host, bound_port = sock.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        mode = "read-write (updates need the token)" if config.allow_update else "read-only"
        print(f"geokb: SPARQL endpoint at http://{shown}:{bound_port}/sparql — {mode}, {config.workers} workers, "
              f"{config.timeout:g} s and {config.max_rows} rows per query; Ctrl-C stops it",
              file=sys.stderr, flush=True)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=access_log,
                                               timeout_graceful_shutdown=2, server_header=False))
        server.run(sockets=[sock])
