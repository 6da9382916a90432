"""The store is written from N-Triples text made by ``extractors.rdf.nt``, not from rdflib terms:
the text must say exactly what the rdflib graph of the same extraction says, hostile strings included."""

from datetime import date

import pyoxigraph as ox
from rdflib import Dataset

from extractors.rdf import (
    REFERENCE_GRAPH,
    _decimal,
    article_iri,
    article_triples,
    nt,
    reference_triples,
    to_graph,
)
from extractors.records import Article, DateValue, Entity, Event, Evidence, Extraction, Mention
from kb.base import article_update

HOSTILE = 'He said "leave" \\ now.\nNext line\r\tand a tab — Ниамей 🇳🇪 \u2028 end'
NIAMEY = Entity("niamey", "Niamey", "city", country="NER", qid="Q3674", lat=13.51366, lon=2.1098)
NIGER = Entity("NER", "Niger", "country", country="NER", qid="Q1032", alpha2="NE", lat=17.0, lon=1e-05)
PERSON = Entity("person-abdourahamane-tiani", 'Abdourahamane "Omar" Tiani', "person", country="NER",
                role="head of state")


def hostile_extraction() -> Extraction:
    article = Article(id='a b/"c"\\d', text=HOSTILE, title=HOSTILE, published=date(2024, 5, 3),
                      source="Agence \"X\"", url='https://example.org/a b?q="1"')
    event = Event(type="TroopWithdrawal", agents=("USA",), targets=("NER",), place=NIAMEY,
                  date=DateValue("2024-03", "month"), status="planned", trigger="withdraw",
                  pattern="test", confidence=0.5, evidence=(Evidence(0, len(HOSTILE), HOSTILE),))
    mentions = (Mention(0, 6, "Niamey", NIAMEY), Mention(7, 12, "Niger", NIGER), Mention(13, 18, "Tiani", PERSON))
    return Extraction(article=article, mentions=mentions, events=(event,))


def oxigraph_quads(text: str) -> set:
    return set(ox.parse(text.encode(), ox.RdfFormat.N_QUADS))


def test_the_nquads_text_holds_the_same_triples_as_the_rdflib_graph():
    extraction = hostile_extraction()
    graph = article_iri(extraction.article.id)
    text = nt(article_triples(extraction), graph) + "\n" + nt(reference_triples(extraction), graph)
    expected = to_graph(extraction).serialize(format="nt")  # rdflib's own escaping
    assert {q.triple for q in oxigraph_quads(text)} == {
        q.triple for q in ox.parse(expected.encode(), ox.RdfFormat.N_TRIPLES)}


def test_the_sparql_update_for_a_remote_store_writes_the_same_quads_as_the_nquads_text():
    extraction = hostile_extraction()
    store = ox.Store()
    store.update(article_update(extraction))
    text = nt(article_triples(extraction), article_iri(extraction.article.id)) + "\n" + nt(
        reference_triples(extraction), REFERENCE_GRAPH)
    loaded = ox.Store()  # both through a store, which keeps xsd:decimal values in its own form
    loaded.load(text.encode(), ox.RdfFormat.N_QUADS)
    assert set(store) == set(loaded)


def test_the_text_parses_in_rdflib_too():
    extraction = hostile_extraction()
    dataset = Dataset()
    dataset.parse(data=nt(article_triples(extraction), article_iri(extraction.article.id)), format="nquads")
    assert len(dataset) == len(list(article_triples(extraction)))


def test_coordinates_are_decimals_with_at_most_five_places_and_no_exponent():
    assert [_decimal(x) for x in (13.513664, 1e-05, 100.0, -3.5, 0.0)] == [
        "13.51366", "0.00001", "100.0", "-3.5", "0.0"]
