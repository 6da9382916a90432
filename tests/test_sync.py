"""``geokb push`` and ``geokb pull`` copy articles between the local store and a live remote one,
and copying twice changes nothing."""

from __future__ import annotations

import pytest
from servers import emptied
from test_kb_behaviour import _content

from kb.remote import Endpoint, RemoteKnowledgeBase
from kb.store import KnowledgeBase


@pytest.fixture(params=["oxigraph", "virtuoso"])
def remote(request, monkeypatch):
    server = request.getfixturevalue(f"{request.param}_server")
    return server, emptied(server, monkeypatch)


def test_push_copies_every_article(cli, fixture_store, remote):
    server, kb = remote
    result = cli("push", server.query_url, "--store", fixture_store, "--quiet")
    assert result.code == 0
    assert kb.articles() == ["sahel-1", "sahel-2"]
    with KnowledgeBase(fixture_store, read_only=True) as local:
        assert _content(kb) == _content(local)


def test_pushing_twice_changes_nothing(cli, fixture_store, remote):
    server, kb = remote
    cli("push", server.query_url, "--store", fixture_store, "--quiet")
    before = kb.count()
    assert cli("push", server.query_url, "--store", fixture_store, "--quiet").code == 0
    assert kb.count() == before


def test_pull_brings_one_article_back(cli, fixture_store, remote, tmp_path):
    server, _kb = remote
    cli("push", server.query_url, "--store", fixture_store, "--quiet")
    local = tmp_path / "local"
    assert cli("pull", server.query_url, "--article", "sahel-2", "--store", local, "--quiet").code == 0
    assert cli("pull", server.query_url, "--article", "sahel-2", "--store", local, "--quiet").code == 0
    with KnowledgeBase(local, read_only=True) as pulled:
        assert pulled.articles() == ["sahel-2"]
        assert {g for g, _ in _content(pulled)} == {"https://w3id.org/geokb/id/article/sahel-2",
                                                    "https://w3id.org/geokb/id/graph/reference"}
        assert pulled.stats().by_type == {"CooperationAgreement": 1, "DiplomaticVisit": 1}


def test_pulling_an_unknown_article_is_a_usage_error(cli, remote, tmp_path):
    server, _ = remote
    result = cli("pull", server.query_url, "--article", "nope", "--store", tmp_path / "local")
    assert result.code == 2
    assert result.err == f"geokb: error: no article 'nope' in {server.query_url}\n"


def test_ingest_and_query_through_a_remote_store(cli, remote):
    server, _kb = remote
    from conftest import QUERIES_FIXTURE

    assert cli("ingest", QUERIES_FIXTURE, "--store", server.query_url, "--quiet").code == 0
    result = cli("query", "timeline", "--param", "country=BFA", "--format", "csv", "--store", server.query_url)
    assert result.code == 0
    assert [line.split(",")[:3] for line in result.out.splitlines()[1:]] == [
        ["2024-05", "month", "CooperationAgreement"], ["2024-06-10", "day", "DiplomaticVisit"]]


def test_a_result_cut_by_the_stores_row_cap_is_reported(virtuoso_server, fixture_store, cli):
    """The test Virtuoso caps results at 1000 rows (servers.py) and says so in X-SPARQL-MaxRows."""
    cli("push", virtuoso_server.query_url, "--store", fixture_store, "--quiet")
    said = []
    kb = RemoteKnowledgeBase(Endpoint(virtuoso_server.query_url, virtuoso_server.update_url), warn=said.append)
    rows = kb.select("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert len(rows) == 1000
    assert kb.truncated is True
    assert said == [("the remote store returned a partial result (HTTP 200, x-sparql-maxrows: 1000): "
                    "rows are missing")]


def test_whole_graphs_are_read_in_pages_past_the_row_cap(virtuoso_server, fixture_store, cli):
    cli("push", virtuoso_server.query_url, "--store", fixture_store, "--quiet")
    kb = RemoteKnowledgeBase(Endpoint(virtuoso_server.query_url, virtuoso_server.update_url), warn=print)
    virtuoso_own = "http://www.openlinksw.com/schemas/virtrdf#"  # Virtuoso's system graph, > 1000 triples
    expected = int(kb.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{virtuoso_own}> {{ ?s ?p ?o }} }}")[0]["n"])
    assert expected > 1000
    assert len(set(kb.graph_triples(virtuoso_own))) == expected


def test_two_processes_setting_up_one_store_write_the_ontology_once(remote):
    """Shards starting together on an empty store both find no ontology and both write it."""
    _, kb = remote
    kb.update("DROP SILENT GRAPH <https://w3id.org/geokb/id/graph/ontology>")
    kb.write_ontology()
    once = kb.count()
    kb.write_ontology()
    assert kb.count() == once
