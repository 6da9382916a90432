"""Queries that would make geokb fetch from the network or write are refused before the engine sees
them, wherever the dangerous part hides; parameter values never change what a query means."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import queries
from kb.errors import QueryError
from kb.guard import QueryRefused, check_query
from kb.store import KnowledgeBase

ALLOWED = {
    "SELECT * WHERE { ?s ?p ?o }": "SELECT",
    "ASK { ?s ?p ?o }": "ASK",
    "CONSTRUCT WHERE { ?s ?p ?o }": "CONSTRUCT",
    "DESCRIBE <https://w3id.org/geokb/id/country/NER>": "DESCRIBE",
    "SELECT * FROM <https://w3id.org/geokb/id/article/a> WHERE { ?s ?p ?o }": "SELECT",
}

SERVICE = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:7878/query> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://169.254.169.254/latest/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x.example/> { ?s ?p ?o } } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://x.example/> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { SERVICE <http://x.example/> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { ?s ?q ?r MINUS { SERVICE <http://x.example/> { ?s ?p ?o } } } }",
    "SELECT * WHERE { { ?s ?p ?o } UNION { GRAPH ?g { SERVICE <http://x.example/> { ?s ?p ?o } } } }",
    "ASK { SERVICE <http://x.example/> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://x.example/> { ?s ?p ?o } }",
    r"SELECT * WHERE { SERV\u0049CE <http://x.example/> { ?s ?p ?o } }",
    "select * where { service <http://x.example/> { ?s ?p ?o } }",
    "SELECT * WHERE {\n  # a comment { }\n  SERVICE <http://x.example/> { ?s ?p ?o } }",
]

FROM_URL = [
    "SELECT * FROM <http://x.example/data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://x.example/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ASK FROM <file:///etc/passwd> { ?s ?p ?o }",
]

UPDATES = [
    "INSERT DATA { <http://a.example/> <http://b.example/> <http://c.example/> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "CLEAR GRAPH <https://w3id.org/geokb/id/article/a>",
]


@pytest.mark.parametrize("text", sorted(ALLOWED))
def test_a_plain_query_passes_with_its_form(text):
    assert check_query(text) == ALLOWED[text]


@pytest.mark.parametrize("text", SERVICE)
def test_service_is_refused_wherever_it_hides(text):
    with pytest.raises(QueryRefused, match="SERVICE is refused"):
        check_query(text)


def test_service_passes_when_allowed():
    assert check_query(SERVICE[0], allow_service=True) == "SELECT"


@pytest.mark.parametrize("text", FROM_URL)
def test_from_a_url_is_refused(text):
    with pytest.raises(QueryRefused, match="FROM <.*> is refused"):
        check_query(text)


@pytest.mark.parametrize("text", ["LOAD <http://x.example/data.ttl>",
                                  "LOAD SILENT <http://x.example/d.ttl> INTO GRAPH <http://g.example/>"])
def test_load_is_refused_even_where_updates_are_allowed(text):
    with pytest.raises(QueryRefused, match="LOAD is refused"):
        check_query(text, allow_update=True)


def test_using_a_url_in_an_update_is_refused():
    with pytest.raises(QueryRefused, match="USING <http://x.example/> is refused"):
        check_query("DELETE { ?s ?p ?o } USING <http://x.example/> WHERE { ?s ?p ?o }", allow_update=True)


@pytest.mark.parametrize("text", UPDATES)
def test_an_update_is_refused_unless_allowed(text):
    with pytest.raises(QueryRefused, match="SPARQL Update is refused"):
        check_query(text)
    assert check_query(text, allow_update=True) == "UPDATE"


@pytest.mark.parametrize("text", ["SELECT * WHERE { ?s ?p ", "", "hello", "SELECT * WHERE { ?s ?p ?o } }"])
def test_text_that_does_not_parse_is_a_query_error(text):
    with pytest.raises(QueryError, match="does not parse"):
        check_query(text)


@pytest.mark.parametrize("name", queries.names())
def test_every_named_query_passes(name):
    assert check_query(queries.load(name).text) == "SELECT"


def test_the_cli_refuses_a_service_query_with_exit_6(cli, fixture_store, tmp_path):
    query = tmp_path / "federated.rq"
    query.write_text(SERVICE[0])
    result = cli("query", query, "--store", fixture_store)
    assert result.code == 6
    assert result.err == ("geokb: error: SERVICE is refused: geokb does not query other endpoints on a "
                          "user's behalf (a federated query can be run from your own SPARQL client)\n")


# -- parameter values are data, whatever they hold -------------------------------------------------
HOSTILE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(['"', "'", "}", "{", '" } UNION { ?event ?p ?o } #', "\\u0022", "\\", "\n", "#",
                     '"""', "NER\" . ?x ?y ?z . FILTER(\"a\" = \"a", "<http://x.example/>", "?country",
                     "NER' } ; DROP ALL ; #", "\u0000", "\\\"", "\r\n}"]),
).map(lambda s: s.replace("\x00", ""))


@pytest.fixture(scope="module")
def kb(fixture_store):
    with KnowledgeBase(fixture_store, read_only=True) as store:
        yield store


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=HOSTILE)
def test_a_hostile_parameter_is_matched_as_a_literal_and_nothing_else(kb, value):
    timeline = queries.load("timeline")
    rows = list(kb.run(timeline, {"country": value}))
    # The same query with the value bound by pyoxigraph itself: the two must agree exactly, and a
    # value that is no country code matches nothing.
    direct = list(kb.store.query(timeline.text, use_default_graph_as_union=True,
                                 substitutions={ox.Variable("country"): ox.Literal(value)}))
    assert [str(r) for r in rows] == [str(r) for r in direct]
    assert rows == [] or value in {"NER", "FRA", "RUS", "BEN", "USA", "MLI", "BFA"}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=HOSTILE)
def test_a_hostile_value_in_a_values_block_stays_one_literal(kb, value):
    from kb.base import values_block

    text = "SELECT ?v WHERE { }" + values_block({ox.Variable("v"): ox.Literal(value)})
    assert [row["v"] for row in kb.store.query(text)] == [ox.Literal(value)]


@settings(max_examples=100, deadline=None)
@given(value=HOSTILE)
def test_a_hostile_value_inlined_for_a_remote_store_stays_one_literal(value):
    from kb.base import inline_values

    text = inline_values("SELECT ?v WHERE { }", {ox.Variable("v"): ox.Literal(value)})
    assert [row["v"] for row in ox.Store().query(text)] == [ox.Literal(value)]


FEDERATED = Path(queries.__file__).parent / "federation" / "wikidata-capitals.rq"


def test_the_shipped_federated_example_is_refused_by_default(cli, fixture_store):
    result = cli("query", FEDERATED, "--store", fixture_store)
    assert (result.code, result.err.split(":")[2].strip()) == (6, "SERVICE is refused")


def test_with_allow_service_a_query_joins_another_live_endpoint(cli, fixture_store, oxigraph_server, tmp_path):
    """Federation for real, offline: the other endpoint is a live ``oxigraph serve`` holding a
    capital for Niger's Wikidata item, joined through owl:sameAs as the Wikidata example does."""
    import urllib.request

    data = (b'<http://www.wikidata.org/entity/Q1032> <http://www.wikidata.org/prop/direct/P36> '
            b'<http://www.wikidata.org/entity/Q3674> .\n')
    urllib.request.urlopen(urllib.request.Request(
        f"{oxigraph_server.graph_store_url}?default", data=data, method="POST",
        headers={"Content-Type": "application/n-triples"})).read()
    query = tmp_path / "federated.rq"
    query.write_text(FEDERATED.read_text().replace("https://query.wikidata.org/sparql", oxigraph_server.query_url)
                     .replace('?capital rdfs:label ?capitalLabel . FILTER(LANG(?capitalLabel) = "en")', ""))
    result = cli("query", query, "--allow-service", "--format", "csv", "--store", fixture_store)
    assert result.code == 0, result.err
    assert result.out.splitlines()[1:] == ["NER,Niger,http://www.wikidata.org/entity/Q1032,"
                                           "http://www.wikidata.org/entity/Q3674,,"]


def test_an_exploding_query_ends_at_the_time_limit_with_exit_6(cli, fixture_store, tmp_path):
    import time

    query = tmp_path / "boom.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    start = time.monotonic()
    result = cli("query", query, "--timeout", "1", "--store", fixture_store)
    assert (result.code, result.err) == (6, "geokb: error: query stopped at the time limit of 1 s\n")
    assert time.monotonic() - start < 4


def test_a_query_in_a_worker_gives_the_rows_it_gives_in_process(cli, fixture_store):
    args = ("query", "timeline", "--param", "country=NER", "--format", "csv", "--store", fixture_store)
    assert cli(*args, "--timeout", "30").out == cli(*args, "--timeout", "0").out


def test_rdflib_never_loads_a_graph_named_in_a_query():
    import rdflib.plugins.sparql as rdflib_sparql

    assert rdflib_sparql.SPARQL_LOAD_GRAPHS is False
