"""The ``geokb`` command through its real entry point: ingest, remove, validate, export, help, errors."""

from __future__ import annotations

import json

import pytest
from conftest import QUERIES_FIXTURE, run_subprocess
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

import queries
from kb.store import KnowledgeBase

GK = "https://w3id.org/geokb/ontology#"
ID = "https://w3id.org/geokb/id/"
FIXTURE_IDS = ["sahel-1", "sahel-2"]
FIXTURE_EVENTS = 7

GOOD_1 = {"id": "good-1", "published": "2024-05-01", "source": "geokb test fixture",
          "text": "Canada sent 100 soldiers to Latvia in March 2024."}
GOOD_2 = {"id": "good-2", "published": "2024-05-01", "source": "geokb test fixture",
          "text": "Chad ended its defence accord with France in April 2024."}


def stats(cli, store) -> dict:
    result = cli("stats", "--store", store, "--format", "json")
    assert result.code == 0, result.err
    return result.json()


def event_rows(cli, store) -> list[tuple]:
    result = cli("query", "events", "--store", store, "--format", "json")
    assert result.code == 0, result.err
    return sorted((b["article"]["value"], b["type"]["value"].removeprefix(GK), b["agentCountry"]["value"])
                  for b in result.json()["results"]["bindings"])


def write_jsonl(path, *lines: str):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def assert_one_line_error(result):
    assert len(result.err_lines) == 1, result.err
    assert result.err.startswith("geokb: error: ")


# -- ingest --------------------------------------------------------------------------------------
@pytest.mark.slow
def test_fixture_store_holds_both_articles_and_their_events(cli, fixture_store):
    got = stats(cli, fixture_store)
    assert (got["articles"], got["events"]) == (2, FIXTURE_EVENTS)
    assert got["by_type"] == {"AccordTermination": 1, "CooperationAgreement": 1, "Coup": 1, "Demand": 1,
                              "DiplomaticVisit": 1, "TroopDeployment": 1, "TroopWithdrawal": 1}


@pytest.mark.slow
def test_ingesting_the_same_articles_twice_changes_nothing(cli, fresh_store):
    before = stats(cli, fresh_store)
    assert cli("ingest", QUERIES_FIXTURE, "--store", fresh_store, "--quiet").code == 0
    assert stats(cli, fresh_store) == before


@pytest.mark.slow
def test_ingesting_twice_keeps_the_quad_count(cli, fresh_store):
    with KnowledgeBase(fresh_store, create=False) as kb:
        before = len(kb)
    assert cli("ingest", QUERIES_FIXTURE, "--store", fresh_store, "--quiet").code == 0
    with KnowledgeBase(fresh_store, create=False) as kb:
        assert len(kb) == before


@pytest.mark.slow
def test_reingesting_changed_text_replaces_the_articles_events(cli, fresh_store, tmp_path):
    changed = write_jsonl(tmp_path / "changed.jsonl", json.dumps({
        "id": "sahel-1", "published": "2024-03-15", "source": "geokb test fixture",
        "text": "Chad ended its defence accord with France in February 2024."}))
    assert cli("ingest", changed, "--store", fresh_store, "--quiet").code == 0
    assert event_rows(cli, fresh_store) == [
        ("sahel-1", "AccordTermination", "TCD"),
        ("sahel-2", "CooperationAgreement", "BFA"),
        ("sahel-2", "CooperationAgreement", "MLI"),
        ("sahel-2", "DiplomaticVisit", "MLI"),
    ]


@pytest.mark.slow
def test_reingesting_changed_text_leaves_no_old_evidence(cli, fresh_store, tmp_path):
    changed = write_jsonl(tmp_path / "changed.jsonl", json.dumps({
        "id": "sahel-1", "published": "2024-03-15", "text": "Chad ended its defence accord with France."}))
    assert cli("ingest", changed, "--store", fresh_store, "--quiet").code == 0
    with KnowledgeBase(fresh_store, create=False) as kb:
        texts = [r["t"] for r in kb.select(
            "PREFIX gk: <https://w3id.org/geokb/ontology#> SELECT ?t WHERE { ?e gk:evidenceText ?t }")]
    assert not any("Niger" in t for t in texts)


@pytest.mark.slow
def test_ingest_prints_a_summary_unless_quiet(cli, tmp_path):
    path = write_jsonl(tmp_path / "one.jsonl", json.dumps(GOOD_1))
    result = cli("ingest", path, "--store", tmp_path / "store")
    assert (result.code, result.out) == (0, "")
    assert result.err_lines == [f"geokb: stored 1 article(s), 1 event(s) in {tmp_path / 'store'}"]


# -- remove --------------------------------------------------------------------------------------
@pytest.mark.slow
def test_remove_deletes_the_article_and_its_events(cli, fresh_store):
    result = cli("remove", "sahel-1", "--store", fresh_store)
    assert (result.code, result.out, result.err) == (0, "removed sahel-1\n", "")
    assert {article for article, _, _ in event_rows(cli, fresh_store)} == {"sahel-2"}


@pytest.mark.slow
def test_remove_updates_the_counts(cli, fresh_store):
    assert cli("remove", "sahel-2", "--store", fresh_store).code == 0
    got = stats(cli, fresh_store)
    assert (got["articles"], got["events"]) == (1, 5)


@pytest.mark.slow
def test_remove_unknown_article_is_a_usage_error(cli, fresh_store):
    before = stats(cli, fresh_store)
    result = cli("remove", "unknown", "--store", fresh_store)
    assert result.code == 2
    assert_one_line_error(result)
    assert "'unknown'" in result.err
    assert stats(cli, fresh_store) == before


# -- validate and export -------------------------------------------------------------------------
@pytest.mark.slow
def test_validate_fixture_store_conforms(cli, fixture_store):
    result = cli("validate", "--store", fixture_store)
    assert result.code == 0
    assert result.out.startswith("conforms")
    assert result.err == ""


@pytest.mark.slow
@pytest.mark.parametrize("fmt,rdflib_format", [
    ("turtle", "turtle"), ("ttl", "turtle"), ("ntriples", "nt"),
])
def test_export_triple_formats_parse_with_rdflib(cli, fixture_store, fmt, rdflib_format):
    result = cli("export", "--format", fmt, "--store", fixture_store)
    assert result.code == 0
    graph = Graph().parse(data=result.out, format=rdflib_format)
    assert (URIRef(ID + "event/sahel-1/1"), RDF.type, URIRef(GK + "Coup")) in graph
    assert len(graph) == stats(cli, fixture_store)["quads"]


@pytest.mark.slow
@pytest.mark.parametrize("fmt,rdflib_format", [("nquads", "nquads"), ("nq", "nquads"), ("trig", "trig"),
                                               ("json-ld", "json-ld"), ("jsonld", "json-ld")])
def test_export_quad_formats_parse_with_rdflib(cli, fixture_store, fmt, rdflib_format):
    result = cli("export", "--format", fmt, "--store", fixture_store)
    assert result.code == 0
    dataset = Dataset().parse(data=result.out, format=rdflib_format)
    assert sum(1 for _ in dataset.quads((None, None, None, None))) == stats(cli, fixture_store)["quads"]


@pytest.mark.slow
def test_trig_export_has_one_graph_per_article_plus_reference_and_ontology(cli, fixture_store):
    result = cli("export", "--format", "trig", "--store", fixture_store)
    dataset = Dataset().parse(data=result.out, format="trig")
    named = {str(g.identifier) for g in dataset.graphs() if len(g) and g.identifier != dataset.default_graph.identifier}
    assert named == {ID + "article/sahel-1", ID + "article/sahel-2", ID + "graph/reference", ID + "graph/ontology"}
    assert len(dataset.default_graph) == 0


@pytest.mark.slow
def test_trig_export_keeps_each_event_in_its_articles_graph(cli, fixture_store):
    result = cli("export", "--format", "trig", "--store", fixture_store)
    dataset = Dataset().parse(data=result.out, format="trig")
    graphs = {str(c) for _, _, _, c in dataset.quads((URIRef(ID + "event/sahel-2/1"), None, None, None))}
    assert graphs == {ID + "article/sahel-2"}


@pytest.mark.slow
def test_export_of_one_article_holds_only_its_graph(cli, fixture_store):
    result = cli("export", "--format", "ntriples", "--article", "sahel-2", "--store", fixture_store)
    assert result.code == 0
    graph = Graph().parse(data=result.out, format="nt")
    events = set(graph.subjects(URIRef(GK + "sourceArticle"), None))
    assert events == {URIRef(ID + "event/sahel-2/1"), URIRef(ID + "event/sahel-2/2")}


@pytest.mark.slow
def test_export_of_unknown_article_is_a_usage_error(cli, fixture_store):
    result = cli("export", "--article", "unknown", "--store", fixture_store)
    assert result.code == 2
    assert_one_line_error(result)


@pytest.mark.slow
def test_export_to_a_file(cli, fixture_store, tmp_path):
    out = tmp_path / "kb.nt"
    result = cli("export", "--format", "nt", "--output", out, "--store", fixture_store)
    assert (result.code, result.out) == (0, "")
    assert len(Graph().parse(out, format="nt")) == stats(cli, fixture_store)["quads"]


# -- listing and help ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", queries.names())
def test_queries_lists_every_named_query_with_its_title(cli, name):
    result = cli("queries")
    assert result.code == 0
    assert f"{name}  —  {queries.load(name).title}" in result.out.splitlines()


def test_queries_shows_how_to_pass_each_parameter(cli):
    assert "--param country=" in cli("queries").out


def test_top_level_help_shows_examples_and_exit_codes(cli):
    result = cli("--help")
    assert result.code == 0
    assert "examples:" in result.out
    assert "Exit codes:" in result.out
    for command in ("ingest", "extract", "query", "queries", "export", "stats", "validate", "remove"):
        assert command in result.out


@pytest.mark.parametrize("command,options", [
    ("ingest", ["--store", "--published", "--model", "--quiet"]),
    ("extract", ["--format", "--published", "--model"]),
    ("query", ["--param", "--format", "--store"]),
    ("queries", []),
    ("export", ["--format", "--article", "--output", "--store"]),
    ("stats", ["--format", "--store"]),
    ("validate", ["--store"]),
    ("remove", ["--store"]),
])
def test_each_command_has_help_listing_its_options(cli, command, options):
    result = cli(command, "--help")
    assert result.code == 0
    assert result.out.startswith(f"usage: geokb {command}")
    assert "options:" in result.out
    for option in options:
        assert option in result.out


def test_no_command_is_a_usage_error(cli):
    result = cli()
    assert result.code == 2
    assert "usage: geokb" in result.err


def test_version_is_printed(cli):
    from kb import __version__

    result = cli("--version")
    assert (result.code, result.out) == (0, f"geokb {__version__}\n")


# -- bad input and bad stores --------------------------------------------------------------------
def test_nonexistent_input_exits_3_with_one_line(cli, tmp_path):
    result = cli("ingest", tmp_path / "absent.jsonl", "--store", tmp_path / "store", "--quiet")
    assert result.code == 3
    assert_one_line_error(result)
    assert "absent.jsonl" in result.err


@pytest.mark.slow
def test_malformed_line_skips_only_that_line(cli, tmp_path):
    path = write_jsonl(tmp_path / "mixed.jsonl", json.dumps(GOOD_1), '{"id": "broken", "text": "unterminated',
                       json.dumps(GOOD_2))
    store = tmp_path / "store"
    result = cli("ingest", path, "--store", store, "--quiet")
    assert result.code == 8
    with KnowledgeBase(store, create=False) as kb:
        assert kb.articles() == ["good-1", "good-2"]


@pytest.mark.slow
def test_malformed_line_is_named_by_file_and_line(cli, tmp_path):
    path = write_jsonl(tmp_path / "mixed.jsonl", json.dumps(GOOD_1), '{"id": "broken", "text": "unterminated',
                       json.dumps(GOOD_2))
    result = cli("ingest", path, "--store", tmp_path / "store", "--quiet")
    assert len(result.err_lines) == 1, result.err
    assert result.err.startswith(f"geokb: warning: {path}:2: skipped")


@pytest.mark.slow
@pytest.mark.parametrize("bad_line,reason", [
    ('{"text": "Chad ended its defence accord with France."}', "no 'id'"),
    ('{"id": "no-text"}', "no 'text'"),
    ('["a", "list"]', "JSON object"),
    ('{"id": "bad-date", "text": "Chad left.", "published": "yesterday"}', "not an ISO date"),
    (json.dumps(GOOD_1), "duplicate id"),
])
def test_invalid_record_is_skipped_with_its_reason(cli, tmp_path, bad_line, reason):
    path = write_jsonl(tmp_path / "mixed.jsonl", json.dumps(GOOD_1), bad_line, json.dumps(GOOD_2))
    result = cli("ingest", path, "--store", tmp_path / "store", "--quiet")
    assert result.code == 8
    assert result.err.startswith(f"geokb: warning: {path}:2: skipped")
    assert reason in result.err


def test_query_on_a_missing_store_exits_4_without_creating_it(cli, tmp_path):
    store = tmp_path / "no-such-store"
    result = cli("query", "events", "--store", store)
    assert result.code == 4
    assert_one_line_error(result)
    assert not store.exists()


@pytest.mark.parametrize("command", [["stats"], ["export"], ["validate"], ["remove", "x"]])
def test_commands_that_read_a_store_need_one(cli, tmp_path, command):
    result = cli(*command, "--store", tmp_path / "no-such-store")
    assert result.code == 4
    assert_one_line_error(result)


def test_store_path_that_is_a_file_exits_4(cli, tmp_path):
    path = tmp_path / "not-a-folder"
    path.write_text("x", encoding="utf-8")
    result = cli("query", "events", "--store", path)
    assert result.code == 4
    assert_one_line_error(result)


def test_store_in_use_exits_5(tmp_path):
    with KnowledgeBase(tmp_path / "store"):
        result = run_subprocess("query", "events", "--store", tmp_path / "store", cwd=tmp_path)
    assert result.code == 5
    assert_one_line_error(result)


@pytest.mark.slow
@pytest.mark.parametrize("name,content,exit_code", [
    ("absent.jsonl", None, 3),
    ("all-bad.jsonl", b'{"id": "x", "text": \n', 3),
    ("table.csv", b"id,text\nx,France left Mali.\n", 3),
    ("empty.txt", b"   \n", 3),
    ("binary.txt", bytes(range(32)) * 8, 3),
])
def test_failed_ingest_keeps_what_is_stored(cli, fresh_store, tmp_path, name, content, exit_code):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = stats(cli, fresh_store)
    result = cli("ingest", path, "--store", fresh_store, "--quiet")
    assert result.code == exit_code
    assert stats(cli, fresh_store) == before


@pytest.mark.slow
def test_partial_ingest_keeps_what_is_stored(cli, fresh_store, tmp_path):
    path = write_jsonl(tmp_path / "mixed.jsonl", "not json", json.dumps(GOOD_1))
    assert cli("ingest", path, "--store", fresh_store, "--quiet").code == 8
    got = stats(cli, fresh_store)
    assert (got["articles"], got["events"]) == (3, FIXTURE_EVENTS + 1)


# -- the real process ----------------------------------------------------------------------------
def test_module_entry_point_maps_errors_to_exit_codes(tmp_path):
    result = run_subprocess("query", "events", "--store", tmp_path / "none", cwd=tmp_path)
    assert result.code == 4
    assert_one_line_error(result)


@pytest.mark.slow
def test_module_entry_point_queries_the_fixture_store(fixture_store, tmp_path):
    result = run_subprocess("query", "timeline", "--param", "country=USA", "--format", "csv",
                            "--store", fixture_store, cwd=tmp_path)
    assert result.code == 0
    header, row = result.out.splitlines()
    assert header.startswith("date,precision,type,")
    assert row.startswith(",,Demand,NER,USA,")
