"""Extraction → RDF: one named graph per article, plus reference data for the entities it mentions.

The article graph (named by the article's IRI) holds the article, its events, their evidence and
the people it names; the reference graph (:data:`REFERENCE_GRAPH`) holds countries, places and
organisations, shared by all articles. IRIs are deterministic, so re-ingesting an article yields
the same triples.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

import ontology as gk
from ontology import GEO, ID, SCHEMA, WD

from . import __version__
from .records import Entity, Event, Extraction

REFERENCE_GRAPH = ID["graph/reference"]
DATE_TYPES = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}
Triple = tuple[URIRef, URIRef, object]


def _seg(text: str) -> str:
    return quote(text, safe="-._~")


def article_iri(article_id: str) -> URIRef:
    """The article's IRI, which also names its graph."""
    return ID[f"article/{_seg(article_id)}"]


def entity_iri(entity: Entity) -> URIRef:
    if entity.kind == "country":
        return ID[f"country/{entity.key}"]
    if entity.kind in ("city", "base", "region"):
        return ID[f"place/{_seg(entity.key)}"]
    if entity.kind == "person":
        return ID[f"person/{_seg(entity.key.removeprefix('person-'))}"]
    return ID[f"actor/{_seg(entity.key)}"]


def country_iri(code: str) -> URIRef:
    return ID[f"country/{code}"]


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
    yield iri, RDFS.label, Literal(entity.label, lang="en")
    if entity.kind == "country":
        yield iri, gk.alpha3, Literal(entity.key)
        if entity.alpha2:
            yield iri, gk.alpha2, Literal(entity.alpha2)
    elif entity.country:
        yield iri, gk.country, country_iri(entity.country)
    if entity.qid:
        yield iri, OWL.sameAs, WD[entity.qid]
    if entity.key.startswith("geonames-"):
        yield iri, OWL.sameAs, URIRef(f"https://sws.geonames.org/{entity.key.removeprefix('geonames-')}/")
    if entity.lat is not None and entity.lon is not None:
        yield iri, GEO.lat, Literal(round(entity.lat, 5), datatype=XSD.decimal)
        yield iri, GEO.long, Literal(round(entity.lon, 5), datatype=XSD.decimal)
    if entity.role:
        yield iri, gk.role, Literal(entity.role)


def _event_label(event: Event) -> str:
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", event.type).lower()
    who = ", ".join(event.agents)
    when = f" ({event.date.value})" if event.date else ""
    return f"{words} by {who}{when}"


def event_triples(event: Event, iri: URIRef, article: URIRef) -> Iterator[Triple]:
    yield iri, RDF.type, gk.event_class(event.type)
    yield iri, RDFS.label, Literal(_event_label(event), lang="en")
    yield iri, gk.sourceArticle, article
    for code in event.agents:
        yield iri, gk.agent, country_iri(code)
    for code in event.targets:
        yield iri, gk.target, country_iri(code)
    if event.place is not None:
        yield iri, gk.place, entity_iri(event.place)
    if event.date is not None and event.date.precision in DATE_TYPES:
        yield iri, gk.date, Literal(event.date.value, datatype=DATE_TYPES[event.date.precision])
        yield iri, gk.datePrecision, gk.PRECISIONS[event.date.precision]
    if event.status:
        yield iri, gk.status, gk.status_term(event.status)
    if event.trigger:
        yield iri, gk.trigger, Literal(event.trigger)
    yield iri, gk.extractorVersion, Literal(__version__)
    yield iri, gk.confidence, Literal(f"{event.confidence:.2f}", datatype=XSD.decimal)
    for k, ev in enumerate(event.evidence, 1):
        node = URIRef(f"{iri}/evidence/{k}")
        yield iri, gk.evidence, node
        yield node, RDF.type, gk.Evidence
        yield node, gk.evidenceText, Literal(ev.text)
        yield node, gk.startOffset, Literal(ev.start)
        yield node, gk.endOffset, Literal(ev.end)


def article_triples(extraction: Extraction) -> Iterator[Triple]:
    """The article graph: the article, its events with evidence, and the people it names."""
    art = extraction.article
    iri = article_iri(art.id)
    yield iri, RDF.type, gk.Article
    yield iri, gk.articleId, Literal(art.id)
    if art.title:
        yield iri, DCTERMS.title, Literal(art.title)
    if art.published:
        yield iri, SCHEMA.datePublished, Literal(art.published.isoformat(), datatype=XSD.date)
    if art.url:
        yield iri, SCHEMA.url, Literal(art.url, datatype=XSD.anyURI)
    if art.source:
        yield iri, DCTERMS.source, Literal(art.source)
    people = {}
    for mention in extraction.mentions:
        yield iri, gk.mentions, entity_iri(mention.entity)
        if mention.entity.kind == "person":
            people.setdefault(mention.entity.key, mention.entity)
    for person in people.values():
        yield from entity_triples(person)
    for n, event in enumerate(extraction.events, 1):
        yield from event_triples(event, ID[f"event/{_seg(art.id)}/{n}"], iri)


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
    for triple in article_triples(extraction):
        graph.add(triple)
    for triple in reference_triples(extraction):
        graph.add(triple)
    return graph
