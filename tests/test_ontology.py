"""The vocabulary files: geokb.ttl (OWL), shapes.ttl (SHACL) and context.jsonld (JSON-LD).

Checks that every term the code emits is declared, that the event classes are linked to
CAMEO/PLOVER/Wikidata, that a well-formed event record conforms to the shapes while each kind of
malformed record is rejected with the shape's message, and that the JSON-LD context round-trips.
Nothing here touches the network: all three files are read from the package.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

import ontology
from ontology import GK, ID, TIME, WD

# A plain namespace: pytest probes module attributes, and rdflib warns on probes of its closed XSD.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
GKS = Namespace("https://w3id.org/geokb/shapes#")
CAMEO = Namespace("https://w3id.org/geokb/vocab/cameo/")
PLOVER = Namespace("https://w3id.org/geokb/vocab/plover/")
ONTOLOGY_IRI = URIRef("https://w3id.org/geokb/ontology")

# Event classes for which no close CAMEO/PLOVER/Wikidata concept could be confirmed; they must carry
# broad matches instead, and a skos:scopeNote saying why (see geokb.ttl).
NO_CLOSE_MATCH = {"AccordTermination"}


# A valid record, as the extractors write it for one article (see the ontology's example).
EXAMPLE = """
@base <https://w3id.org/geokb/id/> .
@prefix gk: <https://w3id.org/geokb/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .

<article/seed-1> a gk:Article ;
    gk:articleId "seed-1" ;
    dcterms:title "Niger's junta scraps military accord with the United States" ;
    schema:datePublished "2024-05-02"^^xsd:date ;
    schema:url "https://example.org/news/seed-1"^^xsd:anyURI ;
    dcterms:source "Example Wire" ;
    gk:mentions <country/NER> , <country/USA> , <place/air-base-101> , <actor/sabrina-singh> .

<event/seed-1/e1> a gk:Coup ;
    rdfs:label "Coup in Niger" ;
    gk:agent <country/NER> ;
    gk:target <country/USA> ;
    gk:place <country/NER> ;
    gk:date "2023-07"^^xsd:gYearMonth ;
    gk:datePrecision time:unitMonth ;
    gk:status gk:completed ;
    gk:sourceArticle <article/seed-1> ;
    gk:evidence <event/seed-1/e1/ev1> ;
    gk:trigger "seized power" ;
    gk:extractorVersion "0.1.0" ;
    gk:confidence "0.8"^^xsd:decimal .

<event/seed-1/e1/ev1> a gk:Evidence ;
    gk:evidenceText "Niger's military seized power in July 2023 and has since turned to Russia." ;
    gk:startOffset 120 ;
    gk:endOffset 190 .

<event/seed-1/e2> a gk:TroopWithdrawal ;
    rdfs:label "US troops leave Air Base 101" ;
    gk:agent <country/USA> ;
    gk:target <country/NER> ;
    gk:place <place/air-base-101> ;
    gk:status gk:planned ;
    gk:sourceArticle <article/seed-1> ;
    gk:evidence <event/seed-1/e2/ev1> ;
    gk:trigger "withdraw" ;
    gk:extractorVersion "0.1.0" ;
    gk:confidence "0.65"^^xsd:decimal .

<event/seed-1/e2/ev1> a gk:Evidence ;
    gk:evidenceText "The Pentagon said it would withdraw its troops from Air Base 101." ;
    gk:startOffset 191 ;
    gk:endOffset 256 .

<country/NER> a gk:Country , gk:State ;
    rdfs:label "Niger"@en ;
    gk:alpha2 "NE" ;
    gk:alpha3 "NER" ;
    owl:sameAs wd:Q1032 ;
    geo:lat 17.6 ;
    geo:long 8.08 .

<country/USA> a gk:Country , gk:State ;
    rdfs:label "United States"@en ;
    gk:alpha2 "US" ;
    gk:alpha3 "USA" ;
    owl:sameAs wd:Q30 .

<place/air-base-101> a gk:MilitaryBase ;
    rdfs:label "Air Base 101"@en ;
    gk:country <country/NER> .

<actor/sabrina-singh> a gk:Person ;
    rdfs:label "Sabrina Singh"@en ;
    gk:role "Pentagon deputy press secretary" ;
    gk:country <country/USA> .
"""

E1 = ID["event/seed-1/e1"]
EV1 = ID["event/seed-1/e1/ev1"]
NER = ID["country/NER"]
ARTICLE = ID["article/seed-1"]


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology.ontology_graph()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return ontology.shapes_graph()


@pytest.fixture(scope="module")
def context() -> dict:
    return json.loads(ontology.jsonld_context())


def example() -> Graph:
    return Graph().parse(data=EXAMPLE, format="turtle")


def messages(data: Graph, shapes: Graph) -> tuple[bool, set[str]]:
    conforms, results, _text = validate(data, shacl_graph=shapes, inference="none")
    return conforms, {str(m) for m in results.objects(None, SH.resultMessage)}


def gk_constants() -> set[URIRef]:
    """Every GK term ``ontology/__init__.py`` defines: its URIRef constants (also inside its dicts
    and tuples) plus the event classes and statuses named by EVENT_TYPES and STATUSES."""
    found: set[URIRef] = set()
    for name in dir(ontology):
        if name.startswith("__"):
            continue
        value = getattr(ontology, name)
        values = value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else [value]
        found.update(v for v in values if isinstance(v, URIRef) and str(v).startswith(str(GK)))
    found.update(GK[name] for name in ontology.EVENT_TYPES)
    found.update(GK[name] for name in ontology.STATUSES)
    return found


# --- the files parse ------------------------------------------------------------------------------


def test_ontology_parses_and_has_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert onto.value(ONTOLOGY_IRI, RDFS.comment) is not None
    assert onto.value(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/title")) is not None


def test_ontology_imports_nothing(onto: Graph) -> None:
    # geokb must never fetch anything, so it cannot depend on owl:imports.
    assert not list(onto.triples((None, OWL.imports, None)))


def test_shapes_parse(shapes: Graph) -> None:
    assert (GKS.EventShape, RDF.type, SH.NodeShape) in shapes
    assert (GKS.CountryShape, RDF.type, SH.NodeShape) in shapes
    assert (GKS.ArticleShape, RDF.type, SH.NodeShape) in shapes
    # every constraint carries a message for the user
    for shape in set(shapes.subjects(RDF.type, SH.PropertyShape)):
        assert shapes.value(shape, SH.message) is not None, shape


# --- every emitted term is declared --------------------------------------------------------------


def test_constants_are_collected() -> None:
    terms = gk_constants()
    assert GK.Event in terms and GK.Coup in terms and GK.agent in terms and GK.planned in terms
    assert len(terms) >= 40


@pytest.mark.parametrize("term", sorted(gk_constants()), ids=lambda t: t.split("#")[-1])
def test_gk_term_is_declared(onto: Graph, term: URIRef) -> None:
    assert onto.value(term, RDF.type) is not None, f"{term} is not declared in geokb.ttl"
    assert onto.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"


@pytest.mark.parametrize("name", ontology.STATUSES)
def test_status_is_a_named_individual(onto: Graph, name: str) -> None:
    assert (GK[name], RDF.type, OWL.NamedIndividual) in onto
    assert (GK[name], RDF.type, GK.EventStatus) in onto


def test_every_gk_property_has_domain_range_and_comment(onto: Graph) -> None:
    props = {p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty) for p in onto.subjects(RDF.type, kind)}
    gk_props = {p for p in props if str(p).startswith(str(GK))}
    assert gk_props
    for prop in gk_props:
        assert onto.value(prop, RDFS.domain) is not None, prop
        assert onto.value(prop, RDFS.range) is not None, prop
        assert onto.value(prop, RDFS.comment) is not None, prop


# --- event classes and their links ---------------------------------------------------------------


@pytest.mark.parametrize("name", ontology.EVENT_TYPES)
def test_event_class_is_linked(onto: Graph, name: str) -> None:
    cls = GK[name]
    assert (cls, RDF.type, OWL.Class) in onto
    assert (cls, RDFS.subClassOf, GK.Event) in onto
    assert onto.value(cls, SKOS.definition) is not None
    close = set(onto.objects(cls, SKOS.closeMatch))
    if name in NO_CLOSE_MATCH:
        assert not close, f"{name} now has a close match: take it off NO_CLOSE_MATCH"
        assert set(onto.objects(cls, SKOS.broadMatch)), f"{name} needs a broad match instead"
        assert onto.value(cls, SKOS.scopeNote) is not None, f"{name} must say why it has no close match"
    else:
        assert close, f"{name} has no skos:closeMatch"


def test_event_class_is_sem_and_schema_event(onto: Graph) -> None:
    assert (GK.Event, RDFS.subClassOf, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")) in onto
    assert (GK.Event, RDFS.subClassOf, URIRef("https://schema.org/Event")) in onto


def test_coup_is_wikidata_coup_d_etat(onto: Graph) -> None:
    assert (GK.Coup, SKOS.closeMatch, WD.Q45382) in onto


def test_mapping_targets_are_described(onto: Graph) -> None:
    """Every CAMEO/PLOVER code linked to is a skos:Concept of its scheme, with a notation and a
    label; every Wikidata link is an item IRI."""
    for prop in (SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch):
        for _cls, target in onto.subject_objects(prop):
            iri = str(target)
            if iri.startswith((str(CAMEO), str(PLOVER))):
                assert (target, RDF.type, SKOS.Concept) in onto, target
                assert onto.value(target, SKOS.inScheme) is not None, target
                notation = onto.value(target, SKOS.notation)
                assert notation is not None and iri.endswith("/" + str(notation)), target
                assert onto.value(target, SKOS.prefLabel) is not None, target
            else:
                assert re.fullmatch(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*", iri), target


def test_shapes_target_every_event_class(shapes: Graph) -> None:
    # With inference off, a shape on gk:Event alone would not reach a gk:Coup.
    targets = set(shapes.objects(GKS.EventShape, SH.targetClass))
    assert {GK.Event, *(GK[name] for name in ontology.EVENT_TYPES)} <= targets


# --- SHACL: the example conforms; broken records do not -------------------------------------------


def test_example_conforms(shapes: Graph) -> None:
    conforms, found = messages(example(), shapes)
    assert conforms, found


def test_example_conforms_with_each_date_precision(shapes: Graph) -> None:
    for value, datatype, unit in (
        ("2023", XSD.gYear, TIME.unitYear),
        ("2023-07", XSD.gYearMonth, TIME.unitMonth),
        ("2023-07-26", XSD.date, TIME.unitDay),
    ):
        g = example()
        g.set((E1, GK.date, Literal(value, datatype=datatype)))
        g.set((E1, GK.datePrecision, unit))
        conforms, found = messages(g, shapes)
        assert conforms, (value, found)


def _drop(s: URIRef, p: URIRef) -> Callable[[Graph], None]:
    return lambda g: g.remove((s, p, None))


def _set(s: URIRef, p: URIRef, o) -> Callable[[Graph], None]:
    return lambda g: g.set((s, p, o))


def _add(s: URIRef, p: URIRef, o) -> Callable[[Graph], None]:
    return lambda g: g.add((s, p, o))


def _both(*changes: Callable[[Graph], None]) -> Callable[[Graph], None]:
    def change(g: Graph) -> None:
        for c in changes:
            c(g)
    return change


BROKEN = {
    # the cases the contract names
    "no agent": (_drop(E1, GK.agent), "at least one gk:agent"),
    "two dates": (_add(E1, GK.date, Literal("2023-08", datatype=XSD.gYearMonth)), "at most one gk:date"),
    "date typed xsd:string": (
        _set(E1, GK.date, Literal("2023-07", datatype=XSD.string)),
        "gk:date must be a well-formed xsd:gYear, xsd:gYearMonth or xsd:date",
    ),
    "date without precision": (_drop(E1, GK.datePrecision), "gk:datePrecision must be given exactly when gk:date is"),
    "status not in the list": (_set(E1, GK.status, GK.cancelled), "gk:planned, gk:ongoing or gk:completed"),
    "confidence 1.5": (
        _set(E1, GK.confidence, Literal(Decimal("1.5"), datatype=XSD.decimal)),
        "gk:confidence, an xsd:decimal from 0 to 1",
    ),
    "evidence without text": (_drop(EV1, GK.evidenceText), "exactly one gk:evidenceText"),
    # more of the same shapes
    "precision without date": (_drop(E1, GK.date), "gk:datePrecision must be given exactly when gk:date is"),
    "precision does not match the date": (
        _set(E1, GK.datePrecision, TIME.unitYear),
        "gk:datePrecision must match the datatype of gk:date",
    ),
    "precision not a calendar unit": (_set(E1, GK.datePrecision, TIME.unitHour), "time:unitYear, time:unitMonth or time:unitDay"),
    "ill-formed gYearMonth": (
        _set(E1, GK.date, Literal("July 2023", datatype=XSD.gYearMonth)),
        "gk:date must be a well-formed",
    ),
    "confidence a double": (_set(E1, GK.confidence, Literal(0.8)), "an xsd:decimal from 0 to 1"),
    "agent is not a state": (_set(E1, GK.agent, ID["actor/sabrina-singh"]), "every agent must be a gk:State"),
    "two places": (_add(E1, GK.place, ID["place/air-base-101"]), "at most one gk:place"),
    "place is not a place": (_set(E1, GK.place, ARTICLE), "must be a gk:Place"),
    "no source article": (_drop(E1, GK.sourceArticle), "exactly one gk:sourceArticle"),
    "two source articles": (_add(E1, GK.sourceArticle, ID["article/seed-2"]), "exactly one gk:sourceArticle"),
    "no evidence": (_drop(E1, GK.evidence), "at least one gk:evidence"),
    "evidence ends before it starts": (_set(EV1, GK.endOffset, Literal(100)), "up to its gk:endOffset"),
    "evidence offset not an integer": (_set(EV1, GK.startOffset, Literal("120")), "exactly one gk:startOffset"),
    "alpha2 in lower case": (_set(NER, GK.alpha2, Literal("ne")), "exactly one gk:alpha2"),
    "no alpha3": (_drop(NER, GK.alpha3), "exactly one gk:alpha3"),
    "sameAs outside Wikidata": (
        _set(NER, OWL.sameAs, URIRef("https://www.geonames.org/2440476")),
        "must be a Wikidata item IRI",
    ),
    "article without id": (_drop(ARTICLE, GK.articleId), "exactly one gk:articleId"),
    "two article ids": (_add(ARTICLE, GK.articleId, Literal("seed-1b")), "exactly one gk:articleId"),
    "country link to a non-country": (
        _both(_set(ID["actor/sabrina-singh"], GK.country, ID["place/air-base-101"])),
        "must be a gk:Country",
    ),
    "subclass event with no agent": (_drop(ID["event/seed-1/e2"], GK.agent), "at least one gk:agent"),
    "evidence node left untyped": (
        _both(_add(E1, GK.evidence, BNode("loose")), _add(BNode("loose"), GK.startOffset, Literal(0))),
        "exactly one gk:evidenceText",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_record_is_rejected_with_its_message(shapes: Graph, case: str) -> None:
    change, expected = BROKEN[case]
    g = example()
    change(g)
    conforms, found = messages(g, shapes)
    assert not conforms, f"{case}: expected a violation"
    assert any(expected in m for m in found), f"{case}: {expected!r} not among {sorted(found)}"


# --- JSON-LD context --------------------------------------------------------------------------------


def test_context_is_a_jsonld_context(context: dict) -> None:
    assert isinstance(context, dict) and "@context" in context
    ctx = context["@context"]
    assert ctx["@version"] == 1.1
    for prefix, ns in ontology.PREFIXES.items():
        assert ctx.get(prefix) == str(ns), prefix


def _expand(ctx: dict, value: str) -> str:
    prefix, sep, rest = value.partition(":")
    return ctx[prefix] + rest if sep and isinstance(ctx.get(prefix), str) else value


def test_context_covers_every_gk_property(onto: Graph, context: dict) -> None:
    """Each gk property has a short name; object properties are coerced to @id, literals are not."""
    ctx = context["@context"]
    terms = {}
    for name, definition in ctx.items():
        if isinstance(definition, dict):
            terms[_expand(ctx, definition["@id"])] = definition
    for kind, coerced in ((OWL.ObjectProperty, True), (OWL.DatatypeProperty, False)):
        for prop in onto.subjects(RDF.type, kind):
            if not str(prop).startswith(str(GK)):
                continue
            assert str(prop) in terms, f"no JSON-LD term for {prop}"
            assert (terms[str(prop)].get("@type") == "@id") is coerced, prop


def test_example_round_trips_through_jsonld(context: dict) -> None:
    g = example()
    text = g.serialize(format="json-ld", context=context["@context"])
    doc = json.loads(text)
    assert "@context" in doc
    back = Graph().parse(data=text, format="json-ld")
    assert isomorphic(g, back)
