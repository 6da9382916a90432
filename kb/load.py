"""RDF files into the store: Turtle, N-Triples, N-Quads, TriG, RDF/XML and JSON-LD.

Each file is added in one transaction, parsed and written by pyoxigraph: a file that does not parse
adds nothing, and a failed write leaves the store as it was (``--bulk`` trades that for speed). Quads keep their
named graph; triples (and quads in a file's default graph) go to the file's own graph,
:func:`load_graph` — ``https://w3id.org/geokb/id/graph/load/<file name>`` — so the default graph,
which queries see as the union of all graphs, never holds data of its own. Loading adds: loading a
file twice changes nothing (blank nodes aside, which are fresh on each load).

Two hostile inputs are refused before any parser sees them:

- **XML entity declarations.** An RDF/XML file with a ``<!DOCTYPE`` or ``<!ENTITY`` declaration is
  refused: a 1 KB "billion laughs" file aborts the whole Python process inside pyoxigraph 0.5's XML
  parser, and external entities would read local files. RDF/XML needs neither.
- **Remote JSON-LD contexts.** A JSON-LD file whose ``@context`` (or ``@import``) names a URL is
  refused: geokb never touches the network, and a context fetched at load time can change what
  the file means. pyoxigraph has no document loader and would fail too; the check says why.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

import ontology

from .errors import StoreError
from .store import KnowledgeBase

FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
           "trig": ox.RdfFormat.TRIG, "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}
ALIASES = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld", "rdf": "rdfxml", "xml": "rdfxml"}
SUFFIXES = {".ttl": "turtle", ".turtle": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig",
            ".rdf": "rdfxml", ".owl": "rdfxml", ".xml": "rdfxml", ".jsonld": "jsonld", ".json": "jsonld"}
_CHUNK = 1 << 20
_XML_DECLARATIONS = tuple({word.encode(codec) for word in ("<!doctype", "<!entity")
                           for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")})


class LoadError(Exception):
    """A file that cannot be loaded: unreadable, refused, or not valid in its format."""


@dataclass(frozen=True)
class Loaded:
    """What loading one file added: the quads the store did not hold yet, and the graph its triples went to."""

    path: Path
    quads: int
    graph: ox.NamedNode


def load_graph(path: Path) -> ox.NamedNode:
    """The graph a file's triples go to: ``…/id/graph/load/<file name>``."""
    return ox.NamedNode(str(ontology.ID[f"graph/load/{quote(path.name, safe='-._~')}"]))


def format_of(path: Path, name: str | None = None) -> str:
    """The format ``name`` (one of :data:`FORMATS`), else the one the file's suffix names."""
    if name is not None:
        name = ALIASES.get(name, name)
        if name not in FORMATS:
            raise LoadError(f"unknown RDF format {name!r} (expected one of: {', '.join(FORMATS)})")
        return name
    try:
        return SUFFIXES[path.suffix.lower()]
    except KeyError:
        raise LoadError(f"{path}: unknown kind of RDF file (expected {', '.join(sorted(SUFFIXES))}, "
                        "or say which with --format)") from None


def check_xml(path: Path) -> None:
    """:class:`LoadError` if the file declares a DOCTYPE or an entity (in any UTF encoding)."""
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            window = (tail + chunk).lower()
            if any(word in window for word in _XML_DECLARATIONS):
                raise LoadError(f"{path}: RDF/XML with a DOCTYPE or ENTITY declaration is refused "
                                "(entity expansion can exhaust memory or read local files)")
            tail = window[-64:]


def _remote_context(node: object) -> str | None:
    """The first URL a JSON-LD document takes a context from (``@context`` or ``@import``)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in ("@context", "@import"):
                    contexts = value if isinstance(value, list) else [value]
                    for context in contexts:
                        if isinstance(context, str):
                            return context
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return None


def check_jsonld(path: Path) -> None:
    """:class:`LoadError` if the JSON-LD file needs a context from elsewhere (never fetched)."""
    data = path.read_bytes()
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            break
    else:
        codec = "utf-8"
    try:
        document = json.loads(data.decode(codec))
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise LoadError(f"{path}: not JSON ({type(err).__name__}: {_first_line(err)})") from None
    url = _remote_context(document)
    if url is not None:
        raise LoadError(f"{path}: JSON-LD context {url!r} is not in the file, and contexts are never "
                        "fetched; put the context in the file instead")


def _first_line(err: Exception) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]


def check_file(path: Path, fmt: str) -> None:
    """:class:`LoadError` if the file cannot be read, or is refused (see the module's notes)."""
    try:
        with path.open("rb"):
            pass
    except OSError as err:
        raise LoadError(f"{path}: {err.strerror or _first_line(err)}") from None
    if fmt == "rdfxml":
        check_xml(path)
    elif fmt == "jsonld":
        check_jsonld(path)


def load_file(kb: KnowledgeBase, path: Path, fmt: str | None = None, base_iri: str | None = None, *,
              bulk: bool = False) -> Loaded:
    """Add the quads of ``path`` to the store, in one transaction; pyoxigraph parses and writes them
    without a Python object per quad.

    :class:`LoadError` when the file cannot be read, is refused or does not parse (nothing added);
    :class:`~kb.errors.StoreError` when the store cannot be written (nothing added either).
    ``bulk=True`` uses pyoxigraph's bulk loader instead: about twice as fast and in bounded memory
    for dumps of millions of quads, but not atomic, so a file that fails half-way leaves what was
    loaded of it (the error says so).
    """
    name = format_of(path, fmt)
    check_file(path, name)
    graph = load_graph(path)
    before = len(kb.store)
    method = kb.store.bulk_load if bulk else kb.store.load
    partly = " (a bulk load is not atomic: what came before the error was added)" if bulk else ""
    try:
        method(path=str(path), format=FORMATS[name], base_iri=base_iri, to_graph=graph)
    except SyntaxError as err:
        raise LoadError(f"{path}: not valid {name}: {_first_line(err)}{partly}") from None
    except ValueError as err:  # pyoxigraph: a bad base IRI, an unsupported option
        raise LoadError(f"{path}: {_first_line(err)}{partly}") from None
    except OSError as err:  # the file was readable above: the store failed
        raise StoreError(f"cannot write to store {kb.path}: {_first_line(err)}{partly}") from None
    return Loaded(path, len(kb.store) - before, graph)
