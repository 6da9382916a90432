"""The geokb vocabulary: namespaces, the terms the code emits, and loaders for the Turtle files.

Every term the extractors write is a constant here, and a test checks that each one is declared
in ``geokb.ttl``: the vocabulary lives in one place.
"""

from __future__ import annotations

from importlib import resources

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

GK = Namespace("https://w3id.org/geokb/ontology#")
"""The ontology: classes and properties."""
ID = Namespace("https://w3id.org/geokb/id/")
"""Instances: articles, events, actors, places, countries."""
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
WD = Namespace("http://www.wikidata.org/entity/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")

PREFIXES = {
    "gk": GK, "id": ID, "sem": SEM, "schema": SCHEMA, "time": TIME, "wd": WD, "geo": GEO,
    "prov": PROV, "owl": OWL, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "xsd": XSD, "dcterms": DCTERMS,
}

# --- event classes: local names fixed by the contract -------------------------------------------
EVENT_TYPES = (
    "Coup", "AccordTermination", "TroopWithdrawal", "TroopDeployment",
    "CooperationAgreement", "DiplomaticVisit", "Demand",
)
Event = GK.Event

# --- actors and places --------------------------------------------------------------------------
Actor = GK.Actor
State = GK.State
ArmedForces = GK.ArmedForces
Government = GK.Government
Organisation = GK.Organisation
Person = GK.Person
Place = GK.Place
Country = GK.Country
City = GK.City
MilitaryBase = GK.MilitaryBase
Article = GK.Article
Evidence = GK.Evidence

ACTOR_KINDS = {
    "state": State, "forces": ArmedForces, "government": Government,
    "organisation": Organisation, "person": Person,
}
PLACE_KINDS = {"country": Country, "city": City, "base": MilitaryBase}

# --- properties -----------------------------------------------------------------------------------
agent = GK.agent
target = GK.target
place = GK.place
date = GK.date
datePrecision = GK.datePrecision
status = GK.status
sourceArticle = GK.sourceArticle
evidence = GK.evidence
evidenceText = GK.evidenceText
startOffset = GK.startOffset
endOffset = GK.endOffset
trigger = GK.trigger
extractorVersion = GK.extractorVersion
confidence = GK.confidence
country = GK.country
role = GK.role
alpha2 = GK.alpha2
alpha3 = GK.alpha3
articleId = GK.articleId
mentions = GK.mentions

# --- individuals ----------------------------------------------------------------------------------
STATUSES = ("planned", "ongoing", "completed")
PRECISIONS = {"year": TIME.unitYear, "month": TIME.unitMonth, "day": TIME.unitDay}


def event_class(name: str):
    """The IRI of an event class from its contract name (``Coup`` → gk:Coup)."""
    if name not in EVENT_TYPES:
        raise ValueError(f"unknown event type {name!r}")
    return GK[name]


def status_term(name: str):
    if name not in STATUSES:
        raise ValueError(f"unknown status {name!r}")
    return GK[name]


def _read(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def ontology_turtle() -> str:
    """The OWL ontology (``geokb.ttl``) as Turtle text."""
    return _read("geokb.ttl")


def ontology_graph() -> Graph:
    """The OWL ontology (``geokb.ttl``) as an rdflib graph."""
    return Graph().parse(data=ontology_turtle(), format="turtle")


def shapes_graph() -> Graph:
    """The SHACL shapes (``shapes.ttl``) that say what a valid event is."""
    return Graph().parse(data=_read("shapes.ttl"), format="turtle")


def jsonld_context() -> str:
    """The JSON-LD ``@context`` shipped with the package (never fetched from the network)."""
    return _read("context.jsonld")


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph
