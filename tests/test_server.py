"""``geokb serve``, started for real (``python -m kb.cli serve`` in a subprocess) on the fixture store
and driven over HTTP with SPARQLWrapper and httpx: the SPARQL 1.1 Protocol, content negotiation, the
Service Description, CORS, the update token, the time limit, the row cap and concurrent clients.

The read-only endpoint runs with ``--timeout 1 --max-rows 100`` (the fixture store holds a few
hundred triples; its queries answer in milliseconds); the read-write one on a copy of the store.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper

import queries

pytestmark = pytest.mark.slow

TOKEN = "s3cret-token-for-tests"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = rdflib.Namespace("http://www.w3.org/ns/formats/")
GK = "https://w3id.org/geokb/ontology#"
RESULTS = "{http://www.w3.org/2005/sparql-results#}"
EXPLODING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUPS = f"SELECT ?e WHERE {{ ?e a <{GK}Coup> }}"
CONSTRUCT = (f"PREFIX gk: <{GK}>\n"
             "CONSTRUCT { ?e gk:agent ?a ; gk:sourceArticle ?s } WHERE { ?e gk:agent ?a ; gk:sourceArticle ?s }")
ASK_COUP = f"ASK {{ ?e a <{GK}Coup> }}"


@dataclass(frozen=True)
class Endpoint:
    url: str
    process: subprocess.Popen


@contextmanager
def serving(store: Path, log: Path, *options: str):
    """``geokb serve --port 0`` on ``store``; yields the endpoint once it has said where it listens."""
    with log.open("w") as err:
        process = subprocess.Popen([sys.executable, "-m", "kb.cli", "serve", "--store", str(store), "--port", "0",
                                    *options], stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + 60
        while "SPARQL endpoint at " not in log.read_text():
            assert process.poll() is None, f"geokb serve exited {process.returncode}: {log.read_text()}"
            assert time.monotonic() < deadline, "geokb serve did not start within 60 s"
            time.sleep(0.05)
        url = log.read_text().split("SPARQL endpoint at ")[1].split()[0]
        yield Endpoint(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def endpoint(fixture_store, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve") / "stderr.txt"
    with serving(fixture_store, log, "--timeout", "1", "--max-rows", "100", "--workers", "2") as running:
        yield running


@pytest.fixture(scope="module")
def update_endpoint(fixture_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve-rw")
    shutil.copytree(fixture_store, folder / "store")
    (folder / "token.txt").write_text(TOKEN + "\n")
    with serving(folder / "store", folder / "stderr.txt", "--allow-update", "--token-file",
                 str(folder / "token.txt")) as running:
        yield running


def client(url: str, query: str, fmt, method=None) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setTimeout(20)
    if method:
        sparql.setMethod(method)
    return sparql


# -- reading each results format into comparable rows ---------------------------------------------
def json_rows(doc: dict) -> Counter:
    return Counter(frozenset((name, b["type"], b["value"], b.get("datatype"), b.get("xml:lang"))
                             for name, b in binding.items()) for binding in doc["results"]["bindings"])


def xml_rows(text: str) -> Counter:
    rows = Counter()
    for result in ET.fromstring(text).iter(RESULTS + "result"):
        row = []
        for binding in result.iter(RESULTS + "binding"):
            term = binding[0]
            row.append((binding.get("name"), term.tag, term.text, term.get("datatype"),
                        term.get("{http://www.w3.org/XML/1998/namespace}lang")))
        rows[frozenset(row)] += 1
    return rows


def csv_rows(text: str) -> tuple[list[str], Counter]:
    header, *rows = list(csv.reader(io.StringIO(text)))
    return header, Counter(map(tuple, rows))


def tsv_rows(text: str) -> tuple[list[str], Counter]:
    header, *rows = text.rstrip("\n").split("\n")
    return header.split("\t"), Counter(tuple(row.split("\t")) for row in rows)


def geokb_query(cli, store, name_or_file, fmt: str) -> str:
    run = cli("query", name_or_file, "--store", store, "--format", fmt)
    assert run.code == 0, run.err
    return run.out


# -- the SPARQL 1.1 Protocol, against `geokb query` ----------------------------------------------------
@pytest.mark.parametrize("name", ["events", "actors"])
def test_select_as_json_gives_the_rows_of_geokb_query(endpoint, cli, fixture_store, name):
    served = client(endpoint.url, queries.load(name).text, JSON).queryAndConvert()
    expected = json.loads(geokb_query(cli, fixture_store, name, "json"))
    assert served["head"]["vars"] == expected["head"]["vars"]
    assert json_rows(served) == json_rows(expected) and len(expected["results"]["bindings"]) > 0


def test_select_posted_as_a_form_gives_the_same_rows(endpoint, cli, fixture_store):
    served = client(endpoint.url, queries.load("events").text, JSON, POST).queryAndConvert()
    assert json_rows(served) == json_rows(json.loads(geokb_query(cli, fixture_store, "events", "json")))


def test_select_as_xml_gives_the_rows_of_geokb_query(endpoint, cli, fixture_store):
    served = client(endpoint.url, queries.load("events").text, XML).queryAndConvert().toxml()
    assert xml_rows(served) == xml_rows(geokb_query(cli, fixture_store, "events", "xml"))


def test_select_as_csv_gives_the_rows_of_geokb_query(endpoint, cli, fixture_store):
    served = client(endpoint.url, queries.load("events").text, CSV).queryAndConvert().decode()
    assert csv_rows(served) == csv_rows(geokb_query(cli, fixture_store, "events", "csv"))


def test_select_as_tsv_gives_the_rows_of_geokb_query(endpoint, cli, fixture_store):
    served = client(endpoint.url, queries.load("events").text, TSV).queryAndConvert().decode()
    assert tsv_rows(served) == tsv_rows(geokb_query(cli, fixture_store, "events", "tsv"))


@pytest.mark.parametrize("text", [ASK_COUP, f"ASK {{ ?e a <{GK}NoSuchEvent> }}"])
def test_ask_gives_the_answer_of_geokb_query(endpoint, cli, fixture_store, tmp_path, text):
    (tmp_path / "ask.rq").write_text(text)
    served = client(endpoint.url, text, JSON).queryAndConvert()
    assert served["boolean"] == json.loads(geokb_query(cli, fixture_store, tmp_path / "ask.rq", "json"))["boolean"]


def test_construct_as_turtle_gives_the_graph_of_geokb_query(endpoint, cli, fixture_store, tmp_path):
    (tmp_path / "construct.rq").write_text(CONSTRUCT)
    served = rdflib.Graph().parse(data=client(endpoint.url, CONSTRUCT, TURTLE).queryAndConvert(), format="turtle")
    expected = rdflib.Graph().parse(data=geokb_query(cli, fixture_store, tmp_path / "construct.rq", "json"),
                                    format="turtle")
    assert len(expected) > 0 and isomorphic(served, expected)


@pytest.mark.parametrize("accept", ["application/n-triples", "application/ld+json", "application/rdf+xml"])
def test_construct_is_served_in_the_rdf_format_asked_for(endpoint, accept):
    response = httpx.get(endpoint.url, params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    triples = ox.parse(response.content, format=ox.RdfFormat.from_media_type(accept))
    as_ntriples = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()
    turtle = httpx.get(endpoint.url, params={"query": CONSTRUCT}).text  # Turtle by default
    assert isomorphic(rdflib.Graph().parse(data=as_ntriples, format="nt"),
                      rdflib.Graph().parse(data=turtle, format="turtle"))


def test_a_query_sent_as_application_sparql_query_is_answered(endpoint):
    response = httpx.post(endpoint.url, content=COUPS, headers={"Content-Type": "application/sparql-query",
                                                                "Accept": "text/csv"})
    assert response.status_code == 200
    assert response.text == "e\r\nhttps://w3id.org/geokb/id/event/sahel-1/1\r\n"


@pytest.mark.parametrize(("accept", "media_type"), [
    (None, "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
    ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
])
def test_results_format_follows_the_accept_header(endpoint, accept, media_type):
    headers = {"Accept": accept} if accept else {}
    response = httpx.get(endpoint.url, params={"query": COUPS}, headers=headers)
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media_type


def test_a_format_the_endpoint_cannot_give_is_406(endpoint):
    response = httpx.get(endpoint.url, params={"query": COUPS}, headers={"Accept": "image/png"})
    assert response.status_code == 406 and "application/sparql-results+json" in response.text


def test_a_construct_asked_for_as_csv_is_406(endpoint):
    response = httpx.get(endpoint.url, params={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert response.status_code == 406 and "text/turtle" in response.text


# -- the service description and CORS ----------------------------------------------------------
def test_the_endpoint_without_a_query_describes_itself(endpoint):
    response = httpx.get(endpoint.url)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    service = graph.value(predicate=rdflib.RDF.type, object=SD.Service)
    assert graph.value(service, SD.endpoint) == rdflib.URIRef(endpoint.url)
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert {FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_XML, FORMATS.SPARQL_Results_CSV,
            FORMATS.SPARQL_Results_TSV, FORMATS.Turtle} <= set(graph.objects(service, SD.resultFormat))


def test_an_update_endpoint_says_it_speaks_sparql_update(update_endpoint):
    graph = rdflib.Graph().parse(data=httpx.get(update_endpoint.url).text, format="turtle")
    assert set(graph.objects(None, SD.supportedLanguage)) == {SD.SPARQL11Query, SD.SPARQL11Update}


def test_a_cors_preflight_is_answered(endpoint):
    response = httpx.options(endpoint.url, headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["access-control-allow-methods"].split(",")}
    assert "authorization" in response.headers["access-control-allow-headers"].lower()


def test_a_browser_may_read_the_answer_and_its_truncation_header(endpoint):
    response = httpx.get(endpoint.url, params={"query": COUPS}, headers={"Origin": "https://yasgui.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "x-geokb-truncated" in response.headers["access-control-expose-headers"].lower()


# -- limits and refusals ---------------------------------------------------------------------------
def test_an_answer_past_max_rows_is_cut_and_says_so(endpoint):
    response = httpx.get(endpoint.url, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 200 and response.headers["x-geokb-truncated"] == "true"
    assert len(response.json()["results"]["bindings"]) == 100 and response.headers["x-geokb-rows"] == "100"


def test_an_answer_within_max_rows_says_it_is_whole(endpoint):
    response = httpx.get(endpoint.url, params={"query": COUPS})
    assert response.headers["x-geokb-truncated"] == "false" and response.headers["x-geokb-rows"] == "1"


def test_a_service_query_is_refused_with_a_clear_message(endpoint):
    response = httpx.get(endpoint.url, params={
        "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert response.status_code == 400
    assert response.text.startswith("SERVICE is refused: geokb does not query other endpoints")


def test_from_a_url_is_refused(endpoint):
    response = httpx.get(endpoint.url, params={"query": "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }"})
    assert response.status_code == 400 and response.text.startswith("FROM <http://example.org/g> is refused")


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_a_protocol_dataset_is_refused(endpoint, param):
    response = httpx.get(endpoint.url, params={"query": COUPS, param: "http://example.org/g"})
    assert response.status_code == 400 and "union of all its graphs" in response.text


def test_a_query_that_does_not_parse_is_a_400_with_one_line(endpoint):
    response = httpx.get(endpoint.url, params={"query": "SELECT WHERE {"})
    assert response.status_code == 400
    assert response.text.startswith("query does not parse") and response.text.count("\n") == 1


def test_a_query_past_the_time_limit_is_stopped_and_the_server_keeps_serving(endpoint):
    outcome = {}

    def explode():
        start = time.monotonic()
        outcome["response"] = httpx.get(endpoint.url, params={"query": EXPLODING}, timeout=30)
        outcome["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=explode)
    thread.start()
    time.sleep(0.3)
    meanwhile = httpx.get(endpoint.url, params={"query": COUPS})  # the other worker answers
    thread.join()
    after = httpx.get(endpoint.url, params={"query": COUPS})
    assert outcome["response"].status_code == 503 and outcome["seconds"] < 3
    assert outcome["response"].text.startswith("query stopped at the time limit of 1 s")
    assert meanwhile.status_code == 200 and meanwhile.json()["results"]["bindings"]
    assert after.status_code == 200 and after.json() == meanwhile.json()


def test_a_query_too_big_to_parse_in_time_is_stopped_like_any_other(endpoint):
    unions = " UNION ".join(f"{{ ?s <https://example.org/p{i}> ?o }}" for i in range(6000))
    start = time.monotonic()
    response = httpx.post(endpoint.url, content=f"SELECT * WHERE {{ {unions} }}", timeout=30,
                          headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 503 and time.monotonic() - start < 3
    assert httpx.get(endpoint.url, params={"query": COUPS}).status_code == 200


def test_sixteen_clients_sending_fifty_queries_each_all_get_answers(endpoint):
    asks = [(COUPS, "text/csv", "e\r\nhttps://w3id.org/geokb/id/event/sahel-1/1\r\n"),
            (ASK_COUP, "application/sparql-results+json", '{"head":{},"boolean":true}')]
    failures: list[str] = []

    def one_client(number: int) -> None:
        with httpx.Client(timeout=30) as http:
            for i in range(50):
                query, accept, expected = asks[(number + i) % 2]
                response = http.get(endpoint.url, params={"query": query}, headers={"Accept": accept})
                if response.status_code != 200 or response.text != expected:
                    failures.append(f"client {number}, query {i}: {response.status_code} {response.text[:80]}")

    threads = [threading.Thread(target=one_client, args=(n,)) for n in range(16)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"16 clients x 50 queries: {time.monotonic() - start:.2f} s")
    assert failures == []


# -- updates ---------------------------------------------------------------------------------------
INSERT = "INSERT DATA { GRAPH <https://w3id.org/geokb/id/graph/notes> { <https://example.org/n> <https://example.org/p> 1 } }"
ASK_INSERTED = "ASK { <https://example.org/n> <https://example.org/p> 1 }"


def test_an_update_to_a_read_only_endpoint_is_403_even_with_a_token(endpoint):
    response = httpx.post(endpoint.url, content=INSERT, headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403 and "read-only" in response.text


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", f"Basic {TOKEN}"])
def test_an_update_without_the_token_is_401(update_endpoint, authorization):
    headers = {"Content-Type": "application/sparql-update"}
    if authorization:
        headers["Authorization"] = authorization
    response = httpx.post(update_endpoint.url, content=INSERT, headers=headers)
    assert response.status_code == 401 and response.headers["www-authenticate"].startswith("Bearer")
    assert httpx.get(update_endpoint.url, params={"query": ASK_INSERTED}).json()["boolean"] is False


def test_an_update_with_the_token_is_applied_and_seen_by_the_next_query(update_endpoint):
    sparql = SPARQLWrapper(update_endpoint.url)
    sparql.setMethod(POST)
    sparql.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    sparql.setQuery(INSERT)
    assert sparql.query().response.status == 204
    assert httpx.get(update_endpoint.url, params={"query": ASK_INSERTED}).json()["boolean"] is True
    removed = httpx.post(update_endpoint.url, data={"update": f"DELETE DATA {INSERT[len('INSERT DATA '):]}"},
                         headers={"Authorization": f"Bearer {TOKEN}"})
    assert removed.status_code == 204
    assert httpx.get(update_endpoint.url, params={"query": ASK_INSERTED}).json()["boolean"] is False


def test_load_is_refused_even_with_the_token(update_endpoint):
    response = httpx.post(update_endpoint.url, data={"update": "LOAD <http://127.0.0.1:9/data.ttl>"},
                          headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 400 and response.text.startswith("LOAD is refused")


# -- the command ---------------------------------------------------------------------------------------
def test_serve_help_shows_how_to_query_it(cli):
    run = cli("serve", "--help")
    assert run.code == 0
    assert "curl" in run.out and "SPARQLWrapper" in run.out and "--timeout" in run.out


def test_allow_update_without_a_token_is_a_usage_error(cli, fixture_store, monkeypatch):
    monkeypatch.delenv("GEOKB_TOKEN", raising=False)
    run = cli("serve", "--store", fixture_store, "--allow-update")
    assert run.code == 2 and "--allow-update needs a bearer token" in run.err


def test_a_writer_gets_store_in_use_while_the_endpoint_serves(endpoint, cli, fixture_store):
    run = cli("remove", "no-such-article", "--store", fixture_store)
    assert run.code == 5 and "in use" in run.err


def test_serving_a_folder_with_no_store_is_a_store_error(cli, tmp_path):
    run = cli("serve", "--store", tmp_path / "nothing-here", "--port", "0")
    assert run.code == 4 and "no store at" in run.err


def test_a_port_already_taken_is_a_usage_error(cli, fixture_store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        run = cli("serve", "--store", fixture_store, "--port", taken.getsockname()[1])
    assert run.code == 2 and "cannot listen on 127.0.0.1:" in run.err
