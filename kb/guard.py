"""What a query may do before it reaches the engine.

pyoxigraph (and ``oxigraph serve``) follow ``SERVICE <url>`` to any address, loopback included, and
have no switch to stop it; rdflib fetches ``LOAD <url>`` and ``FROM <url>`` graphs. geokb never makes
a request on a user's behalf unless told to, so every query and update that comes from a user is
parsed here with rdflib's SPARQL parser and its whole parse tree is walked — subqueries, ``FILTER
EXISTS``, ``MINUS`` and ``OPTIONAL`` blocks included — before the engine sees it:

* ``SERVICE`` is refused unless ``allow_service`` is set;
* ``LOAD`` is always refused (there is ``geokb load`` for files);
* ``FROM``/``FROM NAMED``/``USING``/``USING NAMED`` are refused unless they name one of geokb's own
  graphs (``https://w3id.org/geokb/id/…``), which are read from the store, never fetched;
* updates are refused unless ``allow_update`` is set.

The parser decodes ``\\u0053ERVICE``-style escapes before parsing, as the SPARQL grammar says, so
an escaped keyword is seen for what it is.
"""

from __future__ import annotations

from functools import lru_cache

import rdflib.plugins.sparql as rdflib_sparql
from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef

from .errors import QueryError, one_line

# rdflib must never fetch a graph named in a query it evaluates (pyshacl and oxrdflib paths).
rdflib_sparql.SPARQL_LOAD_GRAPHS = False

OWN_GRAPHS = "https://w3id.org/geokb/id/"
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
         "DescribeQuery": "DESCRIBE"}


class QueryRefused(QueryError):
    """The query would make geokb do something it does not do for users (fetch, write)."""


def _nodes(tree):
    """Every CompValue below ``tree`` (depth first), whatever container holds it."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())


def _graph_iris(node: CompValue):
    for key in ("default", "named", "iri"):
        value = node.get(key)
        if isinstance(value, URIRef):
            yield value


def _refusals(tree, allow_service: bool, allow_any_graph: bool = False):
    for node in _nodes(tree):
        name = node.name
        if name == "ServiceGraphPattern" and not allow_service:
            yield ("SERVICE is refused: geokb does not query other endpoints on a user's behalf "
                   "(a federated query can be run from your own SPARQL client)")
        elif name == "Load" and not allow_any_graph:
            yield "LOAD is refused: geokb does not fetch graphs from URLs (use `geokb load FILE`)"
        elif name in ("DatasetClause", "UsingClause") and not allow_any_graph:
            for iri in _graph_iris(node):
                if not str(iri).startswith(OWN_GRAPHS):
                    keyword = "FROM" if name == "DatasetClause" else "USING"
                    yield (f"{keyword} <{iri}> is refused: only geokb's own graphs ({OWN_GRAPHS}…) "
                           "can be named; geokb does not fetch graphs from URLs")


@lru_cache(maxsize=512)
def query_form(text: str) -> str:
    """The form of a SPARQL request, parsed (no refusals): 'SELECT', 'ASK', 'CONSTRUCT', 'DESCRIBE'
    or 'UPDATE'; :class:`QueryError` when it does not parse."""
    return check_query(text, allow_update=True, allow_service=True, allow_any_graph=True)


@lru_cache(maxsize=512)
def check_query(text: str, *, allow_update: bool = False, allow_service: bool = False,
                allow_any_graph: bool = False) -> str:
    """The form of a SPARQL request ('SELECT', 'ASK', 'CONSTRUCT', 'DESCRIBE' or 'UPDATE'), or
    :class:`QueryRefused` when it may not run, or :class:`QueryError` when it does not parse."""
    if not text.strip():
        raise QueryError("query does not parse: the query is empty")
    try:
        tree = parseQuery(text)
        form = FORMS.get(tree[1].name)
    except ParseException as query_err:
        try:
            tree = parseUpdate(text)
        except ParseException:
            raise QueryError(f"query does not parse: {one_line(query_err)}") from None
        form = "UPDATE"
    except Exception as err:  # noqa: BLE001 - rdflib raises bare exceptions for some malformed input
        raise QueryError(f"query does not parse: {one_line(err)}") from None
    for reason in _refusals(tree, allow_service, allow_any_graph):
        raise QueryRefused(reason)
    if form == "UPDATE" and not allow_update:
        raise QueryRefused("SPARQL Update is refused here: the knowledge base is read-only "
                           "(use geokb ingest/load/remove, or a server started with --allow-update)")
    if form is None:
        raise QueryError("query does not parse: not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    return form
