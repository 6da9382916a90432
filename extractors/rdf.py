"""Extraction → RDF: one named graph per article, plus reference data for the entities it mentions.

The article graph (named by the article's IRI) holds the article, its events, their evidence and
the people it names; the reference graph (:data:`REFERENCE_GRAPH`) holds countries, places and
organisations, shared by all articles. IRIs are deterministic, so re-ingesting an article yields
the same triples.

Triples are plain tuples: an IRI is a ``str`` (rdflib's ``URIRef`` constants are ``str`` too) and a
literal a :class:`Lit`. :func:`nt` writes them as N-Triples text for the store, which is several
times cheaper than building rdflib terms; :func:`to_graph` makes rdflib terms for export.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import NamedTuple
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

import ontology as gk
from ontology import GEO, ID, SCHEMA, WD

from . import __version__
from .records import Entity, Event, Extraction

REFERENCE_GRAPH = ID["graph/reference"]
DATE_TYPES = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}


class Lit(NamedTuple):
    """A literal: its lexical form, and a datatype IRI or a language tag (or neither: a plain string)."""

    lexical: str
    datatype: str | None = None
    lang: str | None = None


Triple = tuple[str, str, "str | Lit"]
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _iri_nt(iri: str) -> str:
    if _NOT_IN_IRI.search(iri):  # never in IRIs built here (their segments are percent-encoded)
        iri = _NOT_IN_IRI.sub(lambda m: quote(m.group(), safe=""), iri)
    return f"<{iri}>"


def term_nt(term) -> str:
    """A term in N-Triples (and SPARQL) syntax: a :class:`Lit`, an IRI string, or any rdflib term."""
    if isinstance(term, Lit):
        text = f'"{term.lexical.translate(_ESCAPES)}"'
        if term.lang:
            return f"{text}@{term.lang}"
        return f"{text}^^<{term.datatype}>" if term.datatype else text
    if isinstance(term, (Literal, BNode)):
        return term.n3()
    return _iri_nt(term)


def nt(triples: Iterable[tuple], graph: str | None = None) -> str:
    """N-Triples text of triples, or N-Quads text when a ``graph`` IRI is given."""
    end = f" {_iri_nt(graph)} ." if graph is not None else " ."
    return "\n".join(f"{term_nt(s)} {term_nt(p)} {term_nt(o)}{end}" for s, p, o in triples)


def rdflib_term(term):
    """The rdflib term for a :class:`Lit` or an IRI string."""
    if isinstance(term, Lit):
        return Literal(term.lexical, datatype=URIRef(term.datatype) if term.datatype else None, lang=term.lang)
    return term if isinstance(term, (URIRef, Literal, BNode)) else URIRef(term)


def _decimal(value: float) -> str:
    """An ``xsd:decimal`` lexical form with at most five decimals (never an exponent)."""
    text = f"{value:.5f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _seg(text: str) -> str:
    return quote(text, safe="-._~")


def article_iri(article_id: str) -> URIRef:
    """The article's IRI, which also names its graph."""
    return ID[f"article/{_seg(article_id)}"]


_ID = str(ID)


def entity_iri(entity: Entity) -> str:
    if entity.kind == "country":
        return f"{_ID}country/{entity.key}"
    if entity.kind in ("city", "base", "region"):
        return f"{_ID}place/{_seg(entity.key)}"
    if entity.kind == "person":
        return f"{_ID}person/{_seg(entity.key.removeprefix('person-'))}"
    return f"{_ID}actor/{_seg(entity.key)}"


def country_iri(code: str) -> str:
    return f"{_ID}country/{code}"


ENTITY_CLASSES = {
    "country": (gk.Country, gk.State), "city": (gk.City,), "base": (gk.MilitaryBase,), "region": (gk.Place,),
    "forces": (gk.ArmedForces,), "government": (gk.Government,), "organisation": (gk.Organisation,),
    "person": (gk.Person,),
}


def entity_triples(entity: Entity) -> Iterator[Triple]:
    """What the gazetteer knows of an entity: classes, label, codes, Wikidata item, coordinates."""
    iri = entity_iri(entity)
    for cls in ENTITY_CLASSES[entity.kind]:
        yield iri, RDF.type, cls
    yield iri, RDFS.label, Lit(entity.label, lang="en")
    if entity.kind == "country":
        yield iri, gk.alpha3, Lit(entity.key)
        if entity.alpha2:
            yield iri, gk.alpha2, Lit(entity.alpha2)
    elif entity.country:
        yield iri, gk.country, country_iri(entity.country)
    if entity.qid:
        yield iri, OWL.sameAs, f"{WD}{entity.qid}"
    if entity.key.startswith("geonames-"):
        yield iri, OWL.sameAs, f"https://sws.geonames.org/{entity.key.removeprefix('geonames-')}/"
    if entity.lat is not None and entity.lon is not None:
        yield iri, GEO.lat, Lit(_decimal(entity.lat), XSD.decimal)
        yield iri, GEO.long, Lit(_decimal(entity.lon), XSD.decimal)
    if entity.role:
        yield iri, gk.role, Lit(entity.role)


def _event_label(event: Event) -> str:
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", event.type).lower()
    who = ", ".join(event.agents)
    when = f" ({event.date.value})" if event.date else ""
    return f"{words} by {who}{when}"


def event_triples(event: Event, iri: str, article: str) -> Iterator[Triple]:
    yield iri, RDF.type, gk.event_class(event.type)
    yield iri, RDFS.label, Lit(_event_label(event), lang="en")
    yield iri, gk.sourceArticle, article
    for code in event.agents:
        yield iri, gk.agent, country_iri(code)
    for code in event.targets:
        yield iri, gk.target, country_iri(code)
    if event.place is not None:
        yield iri, gk.place, entity_iri(event.place)
    if event.date is not None and event.date.precision in DATE_TYPES:
        yield iri, gk.date, Lit(event.date.value, DATE_TYPES[event.date.precision])
        yield iri, gk.datePrecision, gk.PRECISIONS[event.date.precision]
    if event.status:
        yield iri, gk.status, gk.status_term(event.status)
    if event.trigger:
        yield iri, gk.trigger, Lit(event.trigger)
    yield iri, gk.extractorVersion, Lit(__version__)
    yield iri, gk.confidence, Lit(f"{event.confidence:.2f}", XSD.decimal)
    for k, ev in enumerate(event.evidence, 1):
        node = f"{iri}/evidence/{k}"
        yield iri, gk.evidence, node
        yield node, RDF.type, gk.Evidence
        yield node, gk.evidenceText, Lit(ev.text)
        yield node, gk.startOffset, Lit(str(ev.start), XSD.integer)
        yield node, gk.endOffset, Lit(str(ev.end), XSD.integer)


def article_triples(extraction: Extraction) -> Iterator[Triple]:
    """The article graph: the article, its events with evidence, and the people it names."""
    art = extraction.article
    iri = article_iri(art.id)
    yield iri, RDF.type, gk.Article
    yield iri, gk.articleId, Lit(art.id)
    if art.title:
        yield iri, DCTERMS.title, Lit(art.title)
    if art.published:
        yield iri, SCHEMA.datePublished, Lit(art.published.isoformat(), XSD.date)
    if art.url:
        yield iri, SCHEMA.url, Lit(art.url, XSD.anyURI)
    if art.source:
        yield iri, DCTERMS.source, Lit(art.source)
    named: dict[str, Entity] = {}
    for mention in extraction.mentions:  # each entity once, as first named, however often it is named
        named.setdefault(entity_iri(mention.entity), mention.entity)
    for entity_ref in named:
        yield iri, gk.mentions, entity_ref
    for entity in named.values():
        if entity.kind == "person":
            yield from entity_triples(entity)
    for n, event in enumerate(extraction.events, 1):
        yield from event_triples(event, f"{_ID}event/{_seg(art.id)}/{n}", iri)


def reference_entities(extraction: Extraction) -> dict[str, Entity]:
    """Countries, places and organisations the article's events and mentions refer to."""
    from .gazetteer import load_gazetteer

    gaz = load_gazetteer()
    found: dict[str, Entity] = {}
    for mention in extraction.mentions:
        if mention.entity.kind != "person":
            found[mention.entity.key] = mention.entity
    for event in extraction.events:
        if event.place is not None:
            found[event.place.key] = event.place
        for code in event.agents + event.targets:
            country = gaz.country(code)
            if country is not None:
                found[code] = country
    for entity in list(found.values()):
        if entity.country and entity.country not in found and gaz.country(entity.country) is not None:
            found[entity.country] = gaz.country(entity.country)
    return found


def reference_triples(extraction: Extraction) -> Iterator[Triple]:
    for entity in reference_entities(extraction).values():
        yield from entity_triples(entity)


def to_graph(extraction: Extraction) -> Graph:
    """The article graph and its reference data as one rdflib graph (for inspection and export)."""
    graph = gk.bind_prefixes(Graph())
    for triple in chain(article_triples(extraction), reference_triples(extraction)):
        graph.add(tuple(map(rdflib_term, triple)))
    return graph
