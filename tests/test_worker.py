"""The query worker pool: queries run in processes that are killed at their deadline, answers are
serialised and capped in the worker, and the pool keeps answering while one worker is stuck.

The store is the session's fixture store (``fixtures/queries.jsonl``, 2 articles); the query that
explodes is a three-way cartesian product of every quad (hundreds of millions of rows to count).
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import threading
import time

import pyoxigraph as ox
import pytest

from kb.errors import QueryError
from kb.guard import QueryRefused
from kb.store import KnowledgeBase
from kb.worker import Job, NotAcceptable, QueryTimeout, WorkerDied, WorkerPool, WorkersBusy, run_query

EVENTS = 7  # sahel-1: coup, withdrawal, accord ended, deployment, demand; sahel-2: agreement, visit
EXPLODING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
GK = "https://w3id.org/geokb/ontology#"
EVENT_TYPES = ("SELECT ?e ?type WHERE { ?e a ?type . "
               f"?type <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{GK}Event> }}")


def rows_in(body: bytes, fmt: str) -> list[tuple]:
    """The rows of a SPARQL results document, read back by pyoxigraph, as tuples of N-Triples terms."""
    formats = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
               "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
    if fmt == "csv":  # pyoxigraph does not read CSV (it loses term types); plain csv does
        return [tuple(r) for r in list(csv.reader(io.StringIO(body.decode())))[1:]]
    return [tuple(str(t) for t in solution) for solution in ox.parse_query_results(body, format=formats[fmt])]


def direct_rows(store, text: str) -> list[tuple]:
    with KnowledgeBase(store, read_only=True) as kb:
        return [tuple(str(t) for t in solution) for solution in kb.query(text)]


@pytest.fixture(scope="module")
def pool(fixture_store):
    with WorkerPool(fixture_store, size=2) as pool:
        yield pool


def test_run_query_answers_like_the_store_itself(fixture_store):
    result = run_query(fixture_store, EVENT_TYPES, timeout=10)
    assert result.kind == "solutions" and result.media_type == "application/sparql-results+json"
    assert sorted(rows_in(result.body, "json")) == sorted(direct_rows(fixture_store, EVENT_TYPES))
    assert result.rows == EVENTS and not result.truncated


def test_run_query_binds_substitutions_as_values(fixture_store):
    text = (f"SELECT ?label WHERE {{ ?c <{GK}alpha3> ?code ; "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?label }")
    result = run_query(fixture_store, text, {ox.Variable("code"): ox.Literal("NER")}, timeout=10)
    assert json.loads(result.body)["results"]["bindings"] == [
        {"label": {"type": "literal", "value": "Niger", "xml:lang": "en"}}]


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_rows_past_the_cap_are_cut_and_the_body_stays_valid(pool, fmt):
    result = pool.run(Job(ALL_TRIPLES, results_format=fmt, max_rows=25), timeout=10)
    assert result.truncated and result.rows == 25
    assert len(rows_in(result.body, fmt)) == 25


def test_a_result_within_the_cap_is_whole(pool, fixture_store):
    result = pool.run(Job(EVENT_TYPES, results_format="tsv", max_rows=EVENTS), timeout=10)
    assert not result.truncated and result.rows == EVENTS
    assert sorted(rows_in(result.body, "tsv")) == sorted(direct_rows(fixture_store, EVENT_TYPES))


def test_construct_is_capped_in_triples_and_serialised_as_asked(pool):
    result = pool.run(Job("CONSTRUCT WHERE { ?s ?p ?o }", graph_format="ntriples", max_rows=10), timeout=10)
    assert result.kind == "triples" and result.media_type == "application/n-triples"
    assert result.truncated and result.rows == 10
    assert len(list(ox.parse(result.body, format=ox.RdfFormat.N_TRIPLES))) == 10


def test_ask_is_answered_as_a_boolean(pool):
    result = pool.run(Job(f"ASK {{ ?e a <{GK}Coup> }}", results_format="xml"), timeout=10)
    assert result.kind == "boolean" and result.rows is None
    assert b"<boolean>true</boolean>" in result.body


def test_a_query_past_its_time_limit_is_stopped_and_its_worker_replaced(pool):
    start = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit of 1 s"):
        pool.run(Job(EXPLODING), timeout=1)
    assert time.monotonic() - start < 2.5
    assert pool.run(Job(EVENT_TYPES), timeout=10).rows == EVENTS  # the pool is whole again


def run_until_stopped(pool: WorkerPool, timeout: float, outcome: dict) -> None:
    """Run the exploding query; record the QueryTimeout it ends with."""
    try:
        pool.run(Job(EXPLODING), timeout=timeout)
    except QueryTimeout as err:
        outcome["stopped"] = err


def test_other_queries_are_answered_while_one_worker_is_stuck(pool):
    outcome: dict = {}
    thread = threading.Thread(target=run_until_stopped, args=(pool, 1.5, outcome))
    thread.start()
    time.sleep(0.3)
    start = time.monotonic()
    answers = [pool.run(Job(EVENT_TYPES), timeout=10).rows for _ in range(5)]
    elapsed = time.monotonic() - start
    thread.join()
    assert answers == [EVENTS] * 5 and elapsed < 1.5
    assert "stopped" in outcome


def test_a_caller_who_cannot_wait_for_a_free_worker_is_told_so(fixture_store):
    with WorkerPool(fixture_store, size=1) as pool:
        thread = threading.Thread(target=run_until_stopped, args=(pool, 1, {}))
        thread.start()
        time.sleep(0.3)
        with pytest.raises(WorkersBusy, match="all 1 query workers are busy"):
            pool.run(Job(EVENT_TYPES), timeout=10, wait=0.2)
        thread.join()


def test_a_worker_killed_from_outside_is_reported_and_replaced(fixture_store):
    outcome: dict = {}

    def run() -> None:
        try:
            pool.run(Job(EXPLODING), timeout=10)
        except WorkerDied as err:
            outcome["died"] = err

    with WorkerPool(fixture_store, size=1) as pool:
        (pid,) = pool.pids()
        thread = threading.Thread(target=run)
        thread.start()
        time.sleep(0.3)
        os.kill(pid, signal.SIGKILL)
        thread.join()
        assert "exit code -9" in str(outcome["died"])
        assert pool.run(Job(EVENT_TYPES), timeout=10).rows == EVENTS and pool.pids() != [pid]


def test_a_worker_that_died_while_idle_is_never_handed_a_query(fixture_store):
    with WorkerPool(fixture_store, size=1) as pool:
        (pid,) = pool.pids()
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)
        assert pool.run(Job(EVENT_TYPES), timeout=10).rows == EVENTS


def test_a_query_that_does_not_parse_is_a_query_error_and_the_worker_lives_on(pool):
    with pytest.raises(QueryError, match="query does not parse"):
        pool.run(Job("SELECT WHERE {"), timeout=10)
    assert pool.run(Job(EVENT_TYPES), timeout=10).rows == EVENTS


def test_the_guard_runs_in_the_worker_and_refuses_service(pool):
    with pytest.raises(QueryRefused, match="SERVICE is refused"):
        pool.run(Job("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"), timeout=10)


def test_a_query_whose_kind_of_format_was_not_given_is_not_acceptable(pool):
    with pytest.raises(NotAcceptable, match="answers with RDF"):
        pool.run(Job("CONSTRUCT WHERE { ?s ?p ?o }", graph_format=None), timeout=10)


def test_workers_see_a_write_after_refresh(fresh_store):
    ask = Job("ASK { <https://example.org/new> ?p ?o }", results_format="json")
    with WorkerPool(fresh_store, size=1) as pool:
        assert json.loads(pool.run(ask, timeout=10).body)["boolean"] is False
        with KnowledgeBase(fresh_store, lock=False) as writer:
            writer.store.update("INSERT DATA { <https://example.org/new> <https://example.org/p> 1 }")
            pool.refresh()
            assert json.loads(pool.run(ask, timeout=10).body)["boolean"] is True
