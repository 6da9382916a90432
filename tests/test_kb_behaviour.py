"""The knowledge base behaves the same in every store: the embedded Oxigraph store, a live
``oxigraph serve`` and a live Virtuoso, both started by these tests (see ``servers.py``).

Each test runs once per store on the fixture articles (``fixtures/queries.jsonl``), extracted once.
"""

from __future__ import annotations

import io
from collections import Counter

import pyoxigraph as ox
import pytest
from conftest import QUERIES_FIXTURE
from test_queries import EVENT_COLUMNS, EXPECTED_EVENTS, TIMELINES

import queries
from extractors.article import read_articles
from extractors.pipeline import Extractor
from extractors.rdf import REFERENCE_GRAPH, article_iri
from kb.remote import GEOKB_GRAPHS, Endpoint, RemoteKnowledgeBase
from kb.store import KnowledgeBase

STORES = ["embedded", "oxigraph", "virtuoso"]
PARAMS = {"timeline": {"country": "NER"},
          "timeline-all": {"country": "NER", "actor": "", "types": "", "from": "", "to": "", "status": ""}}


@pytest.fixture(scope="session")
def extractions():
    return list(Extractor().extract_all(read_articles([QUERIES_FIXTURE], print)))


def _empty(kb: RemoteKnowledgeBase) -> RemoteKnowledgeBase:
    """Drop every geokb graph a previous test left, then store the ontology again."""
    rows = kb.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                     f"FILTER(STRSTARTS(STR(?g), {ox.Literal(GEOKB_GRAPHS)})) }}")
    for row in rows:
        kb.update(f"CLEAR GRAPH {ox.NamedNode(row['g'])}")
    return RemoteKnowledgeBase(kb.endpoint)


@pytest.fixture(params=STORES)
def kb(request, tmp_path):
    if request.param == "embedded":
        with KnowledgeBase(tmp_path / "store") as store:
            yield store
        return
    server = request.getfixturevalue(f"{request.param}_server")
    endpoint = Endpoint(server.query_url, server.update_url, server.graph_store_url)
    yield _empty(RemoteKnowledgeBase(endpoint, create=False))


@pytest.fixture
def filled(kb, extractions):
    for extraction in extractions:
        kb.add(extraction)
    return kb


@pytest.fixture(scope="session")
def reference_rows(extractions, tmp_path_factory):
    """Every named query's rows on the embedded store: what the remote stores must give."""
    with KnowledgeBase(tmp_path_factory.mktemp("reference") / "store") as store:
        for extraction in extractions:
            store.add(extraction)
        return {q.name: _rows(store, q) for q in queries.catalogue()}


def _rows(kb, query) -> Counter:
    results = kb.run(query, PARAMS.get(query.name, {}))
    names = [v.value for v in results.variables]
    return Counter(tuple(_normal(s[n]) for n in names) for s in results)


def _normal(term):
    """A value as every store gives it: space-separated lists compared as sets (GROUP_CONCAT's
    order is the store's own), and an empty GROUP_CONCAT as no value (Oxigraph leaves it unbound,
    Virtuoso gives "")."""
    if term is None or term.value == "":
        return None
    value = term.value
    return frozenset(value.split(" ")) if " " in value and "://" not in value and len(value) < 60 else value


def _content(kb) -> set:
    """The articles' graphs and the reference graph, as (graph, triple) pairs of N-Triples text
    (the ontology graph, the same in every store, holds blank nodes that a copy renames)."""
    graphs = [*kb.graphs(), str(REFERENCE_GRAPH)]
    return {(g, str(t)) for g in graphs for t in kb.graph_triples(g)}


def test_a_stored_article_is_listed(filled):
    assert filled.articles() == ["sahel-1", "sahel-2"]


def test_storing_an_article_again_replaces_it(filled, extractions):
    before = filled.count()
    filled.add(extractions[0])
    assert filled.count() == before
    assert filled.articles() == ["sahel-1", "sahel-2"]


def test_removing_an_article_removes_its_events(filled):
    assert filled.remove("sahel-1") is True
    assert filled.articles() == ["sahel-2"]
    assert filled.stats().by_type == {"CooperationAgreement": 1, "DiplomaticVisit": 1}


def test_removing_an_unknown_article_says_so(filled):
    assert filled.remove("no-such-article") is False


def test_stats_count_events_by_type(filled):
    stats = filled.stats()
    assert (stats.articles, stats.events) == (2, 7)
    assert stats.by_type == {"AccordTermination": 1, "CooperationAgreement": 1, "Coup": 1, "Demand": 1,
                             "DiplomaticVisit": 1, "TroopDeployment": 1, "TroopWithdrawal": 1}


def test_the_events_query_gives_the_contract_rows(filled):
    results = filled.run(queries.load("events"))
    rows = Counter(tuple(s[c].value if s[c] is not None else None for c in EVENT_COLUMNS) for s in results)
    assert rows == EXPECTED_EVENTS


@pytest.mark.parametrize("country", sorted(TIMELINES))
def test_a_timeline_lists_a_countrys_events_oldest_first(filled, country):
    results = filled.run(queries.load("timeline"), {"country": country})
    assert [(s["date"].value if s["date"] else None, s["type"].value) for s in results] == TIMELINES[country]


@pytest.mark.parametrize("name", queries.names())
def test_every_named_query_gives_the_rows_of_the_embedded_store(filled, reference_rows, name):
    assert _rows(filled, queries.load(name)) == reference_rows[name]


def test_a_parameter_with_quotes_is_a_value_not_query_text(filled):
    results = filled.run(queries.load("timeline"), {"country": 'NER" } UNION { ?event ?p ?o'})
    assert list(results) == []


def test_ask_answers_a_boolean(filled):
    assert filled.query(f"ASK {{ GRAPH {article_iri('sahel-1').n3()} {{ ?s ?p ?o }} }}") is True
    assert filled.query(f"ASK {{ GRAPH {article_iri('nothing').n3()} {{ ?s ?p ?o }} }}") is False


def test_construct_returns_triples(filled):
    triples = list(filled.query(
        "PREFIX gk: <https://w3id.org/geokb/ontology#> "
        "CONSTRUCT { ?e gk:date ?d } WHERE { ?e a gk:Coup ; gk:date ?d }"))
    assert [(t.subject.value, t.object.value) for t in triples] == [
        ("https://w3id.org/geokb/id/event/sahel-1/1", "2023-07")]


def test_a_dump_loads_into_an_embedded_store_as_the_same_graphs(filled, reference_rows, tmp_path):
    dump = io.BytesIO()
    filled.dump(dump, ox.RdfFormat.N_QUADS)
    with KnowledgeBase(tmp_path / "copy") as copy:
        copy.store.load(dump.getvalue(), ox.RdfFormat.N_QUADS)
        assert copy.articles() == ["sahel-1", "sahel-2"]
        assert _content(copy) == _content(filled)
        assert {q.name: _rows(copy, q) for q in queries.catalogue()} == reference_rows
