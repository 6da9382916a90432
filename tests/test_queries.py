"""Every named query, run through ``geokb query`` against the fixture store, with exact expected rows.

The fixture (``fixtures/queries.jsonl``, two short articles written for these tests) holds:
sahel-1 (published 2024-03-15): Niger's coup (2023-07), France's withdrawal from Niger (2023-12), Niger
ending its accord with Benin (2024-01), Russia's deployment to Niger (2024-04), Niger's undated demand
that US troops leave; sahel-2 (published 2024-06-10): a Mali–Burkina Faso cooperation agreement
(2024-05) and a Malian visit to Ouagadougou "on Monday" (2024-06-10).
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from conftest import Run

import queries

GK = "https://w3id.org/geokb/ontology#"
ID = "https://w3id.org/geokb/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
WD = "http://www.wikidata.org/entity/"
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"

EVENT_COLUMNS = ("type", "article", "agentCountry", "targetCountry", "locationCountry", "date", "status")
EXPECTED_EVENTS = Counter([
    (GK + "Coup", "sahel-1", "NER", None, "NER", "2023-07", None),
    (GK + "TroopWithdrawal", "sahel-1", "FRA", None, "NER", "2023-12", "completed"),
    (GK + "AccordTermination", "sahel-1", "NER", "BEN", None, "2024-01", "completed"),
    (GK + "TroopDeployment", "sahel-1", "RUS", None, "NER", "2024-04", "completed"),
    (GK + "Demand", "sahel-1", "NER", "USA", None, None, None),
    (GK + "CooperationAgreement", "sahel-2", "MLI", None, None, "2024-05", "completed"),
    (GK + "CooperationAgreement", "sahel-2", "BFA", None, None, "2024-05", "completed"),
    (GK + "DiplomaticVisit", "sahel-2", "MLI", "BFA", "BFA", "2024-06-10", "completed"),
])

TIMELINES = {
    "NER": [("2023-07", "Coup"), ("2023-12", "TroopWithdrawal"), ("2024-01", "AccordTermination"),
            ("2024-04", "TroopDeployment"), (None, "Demand")],
    "FRA": [("2023-12", "TroopWithdrawal")],
    "RUS": [("2024-04", "TroopDeployment")],
    "BEN": [("2024-01", "AccordTermination")],
    "USA": [(None, "Demand")],
    "MLI": [("2024-05", "CooperationAgreement"), ("2024-06-10", "DiplomaticVisit")],
    "BFA": [("2024-05", "CooperationAgreement"), ("2024-06-10", "DiplomaticVisit")],
}

ACTORS = [  # (actor, label, kind, country, wikidata, events), in the query's order: most active first
    (ID + "country/NER", "Niger", "State", "NER", WD + "Q1032", "3"),
    (ID + "country/BFA", "Burkina Faso", "State", "BFA", WD + "Q965", "2"),
    (ID + "country/MLI", "Mali", "State", "MLI", WD + "Q912", "2"),
    (ID + "country/BEN", "Benin", "State", "BEN", WD + "Q962", "1"),
    (ID + "country/FRA", "France", "State", "FRA", WD + "Q142", "1"),
    (ID + "country/RUS", "Russian Federation", "State", "RUS", WD + "Q159", "1"),
    (ID + "country/USA", "United States", "State", "USA", WD + "Q30", "1"),
]

EVENTS_BY_TYPE_YEAR = [
    ("AccordTermination", "2024", "1"),
    ("CooperationAgreement", "2024", "1"),
    ("Coup", "2023", "1"),
    ("Demand", "undated", "1"),
    ("DiplomaticVisit", "2024", "1"),
    ("TroopDeployment", "2024", "1"),
    ("TroopWithdrawal", "2023", "1"),
]

CO_LOCATED = [(ID + "country/NER", "Niger", "NER", "FRA", "RUS", "2")]

# Parameters that make each named query return rows on the fixture store.
SAMPLE_PARAMS = {"timeline": ["--param", "country=NER"],
                 "timeline-all": [a for name in ("country", "actor", "types", "from", "to", "status")
                                  for a in ("--param", f"{name}=")]}


def query(cli, store, name, *args) -> Run:
    return cli("query", name, "--store", store, *args)


def rows(result: Run, columns) -> list[tuple]:
    """The JSON results as tuples of the given columns' lexical values (None when unbound)."""
    data = result.json()
    return [tuple(b[c]["value"] if c in b else None for c in columns) for b in data["results"]["bindings"]]


def query_rows(cli, store, name, columns, *args) -> list[tuple]:
    result = query(cli, store, name, "--format", "json", *args)
    assert result.code == 0, result.err
    return rows(result, columns)


# -- the catalogue -------------------------------------------------------------------------------
def test_named_queries_are_the_documented_six():
    assert queries.names() == ["actors", "co-located-forces", "events", "events-by-type-year", "timeline",
                               "timeline-all"]


@pytest.mark.parametrize("name", queries.names())
def test_query_has_a_title_of_its_own(name):
    q = queries.load(name)
    assert q.title.strip() and q.title != name


@pytest.mark.parametrize("name", queries.names())
def test_query_has_a_description(name):
    assert len(queries.load(name).description.split()) >= 5


@pytest.mark.parametrize("name,param", [(q.name, p) for q in queries.catalogue() for p in q.params])
def test_every_parameter_is_documented_and_used(name, param):
    q = queries.load(name)
    assert param.kind in queries.PARAM_KINDS
    assert param.description.strip()
    assert f"?{param.name}" in q.text


def test_catalogue_lists_every_named_query_in_order():
    assert [q.name for q in queries.catalogue()] == queries.names()


def test_timeline_declares_the_country_parameter():
    (param,) = queries.load("timeline").params
    assert (param.name, param.kind) == ("country", "literal")
    assert "NER" in param.description


# -- every named query, exact rows ---------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("name", queries.names())
def test_every_named_query_runs_and_returns_rows(cli, fixture_store, name):
    result = query(cli, fixture_store, name, "--format", "json", *SAMPLE_PARAMS.get(name, []))
    assert (result.code, result.err) == (0, "")
    assert result.json()["results"]["bindings"]


@pytest.mark.slow
def test_events_rows_are_exactly_the_fixture_events(cli, fixture_store):
    got = Counter(query_rows(cli, fixture_store, "events", EVENT_COLUMNS))
    assert got == EXPECTED_EVENTS


@pytest.mark.slow
def test_events_joint_agreement_is_one_event_with_two_agents(cli, fixture_store):
    got = query_rows(cli, fixture_store, "events", ("event", "type", "agentCountry"))
    agreements = {(event, agent) for event, type_, agent in got if type_ == GK + "CooperationAgreement"}
    assert agreements == {(ID + "event/sahel-2/1", "MLI"), (ID + "event/sahel-2/1", "BFA")}


@pytest.mark.slow
def test_events_one_event_iri_per_event(cli, fixture_store):
    got = query_rows(cli, fixture_store, "events", ("event", "article"))
    assert sorted(set(got)) == [(ID + f"event/sahel-1/{n}", "sahel-1") for n in range(1, 6)] + [
        (ID + f"event/sahel-2/{n}", "sahel-2") for n in range(1, 3)]


@pytest.mark.slow
@pytest.mark.parametrize("type_,date,datatype", [
    ("Coup", "2023-07", XSD + "gYearMonth"),
    ("DiplomaticVisit", "2024-06-10", XSD + "date"),
])
def test_events_dates_carry_their_precision_as_datatype(cli, fixture_store, type_, date, datatype):
    data = query(cli, fixture_store, "events", "--format", "json").json()
    dates = {(b["date"]["value"], b["date"]["datatype"]) for b in data["results"]["bindings"]
             if b["type"]["value"] == GK + type_}
    assert dates == {(date, datatype)}


@pytest.mark.slow
def test_events_article_is_a_plain_literal(cli, fixture_store):
    data = query(cli, fixture_store, "events", "--format", "json").json()
    assert {(b["article"]["type"], b["article"].get("datatype")) for b in data["results"]["bindings"]} == {
        ("literal", None)}


@pytest.mark.slow
@pytest.mark.parametrize("country", sorted(TIMELINES))
def test_timeline_lists_a_countrys_events_oldest_first(cli, fixture_store, country):
    got = query_rows(cli, fixture_store, "timeline", ("date", "type"), "--param", f"country={country}")
    assert got == TIMELINES[country]


@pytest.mark.slow
def test_timeline_puts_undated_events_last(cli, fixture_store):
    dates = [d for (d,) in query_rows(cli, fixture_store, "timeline", ("date",), "--param", "country=NER")]
    assert None in dates
    first_undated = dates.index(None)
    assert all(d is None for d in dates[first_undated:])
    assert all(d is not None for d in dates[:first_undated])


@pytest.mark.slow
def test_timeline_rows_carry_precision_place_status_and_evidence(cli, fixture_store):
    got = query_rows(cli, fixture_store, "timeline", ("type", "precision", "place", "status", "evidence", "article"),
                     "--param", "country=NER")
    assert got[0] == ("Coup", "month", "Niger", None, "The army of Niger seized power in July 2023.", "sahel-1")


@pytest.mark.slow
def test_timeline_joins_several_agents(cli, fixture_store):
    got = query_rows(cli, fixture_store, "timeline", ("type", "agents", "targets"), "--param", "country=MLI")
    assert [(t, set(a.split()), set((tg or "").split())) for t, a, tg in got] == [
        ("CooperationAgreement", {"MLI", "BFA"}, set()), ("DiplomaticVisit", {"MLI"}, {"BFA"})]


@pytest.mark.slow
def test_timeline_of_an_absent_country_is_empty(cli, fixture_store):
    assert query_rows(cli, fixture_store, "timeline", ("event",), "--param", "country=CAN") == []


@pytest.mark.slow
def test_actors_are_the_states_of_the_fixture_most_active_first(cli, fixture_store):
    got = query_rows(cli, fixture_store, "actors", ("actor", "label", "kind", "country", "wikidata", "events"))
    assert got == ACTORS


@pytest.mark.slow
def test_events_by_type_year_counts_each_type_per_year(cli, fixture_store):
    assert query_rows(cli, fixture_store, "events-by-type-year", ("type", "year", "events")) == EVENTS_BY_TYPE_YEAR


@pytest.mark.slow
def test_co_located_forces_pairs_france_and_russia_in_niger(cli, fixture_store):
    got = query_rows(cli, fixture_store, "co-located-forces",
                     ("place", "placeLabel", "country", "stateA", "stateB", "events"))
    assert got == CO_LOCATED


@pytest.fixture(scope="module")
def joint_deployment_store(tmp_path_factory):
    """A store with one article: one deployment made jointly by two states."""
    from kb.cli import main

    folder = tmp_path_factory.mktemp("joint")
    path = folder / "joint.jsonl"
    path.write_text('{"id": "joint", "published": "2024-06-01", "source": "geokb test fixture", '
                    '"text": "France and Germany sent troops to Mali in May 2024."}\n', encoding="utf-8")
    assert main(["ingest", str(path), "--store", str(folder / "store"), "--quiet"]) == 0
    return folder / "store"


@pytest.mark.slow
def test_joint_deployment_is_one_event(cli, joint_deployment_store):
    got = query_rows(cli, joint_deployment_store, "events", ("event", "type", "agentCountry", "locationCountry"))
    assert sorted(got) == [(ID + "event/joint/1", GK + "TroopDeployment", "DEU", "MLI"),
                           (ID + "event/joint/1", GK + "TroopDeployment", "FRA", "MLI")]


@pytest.mark.slow
def test_co_located_forces_counts_a_joint_deployment_once(cli, joint_deployment_store):
    got = query_rows(cli, joint_deployment_store, "co-located-forces",
                     ("place", "country", "stateA", "stateB", "events"))
    assert got == [(ID + "country/MLI", "MLI", "DEU", "FRA", "1")]


# -- parameters and errors -----------------------------------------------------------------------
@pytest.mark.slow
def test_timeline_without_its_parameter_is_a_usage_error(cli, fixture_store):
    result = query(cli, fixture_store, "timeline")
    assert result.code == 2
    assert result.out == ""
    assert len(result.err_lines) == 1
    assert result.err.startswith("geokb: error:")
    assert "--param country" in result.err


@pytest.mark.slow
def test_unknown_parameter_is_a_usage_error(cli, fixture_store):
    result = query(cli, fixture_store, "timeline", "--param", "country=NER", "--param", "year=2024")
    assert result.code == 2
    assert len(result.err_lines) == 1
    assert "'year'" in result.err


@pytest.mark.slow
def test_parameter_on_a_query_that_takes_none_is_a_usage_error(cli, fixture_store):
    result = query(cli, fixture_store, "events", "--param", "country=NER")
    assert result.code == 2
    assert len(result.err_lines) == 1


@pytest.mark.slow
@pytest.mark.parametrize("value", [
    'NER" } UNION { ?s ?p ?o } #',
    "NER' } UNION { ?s ?p ?o } #",
    'NER"\n} UNION { ?s ?p ?o }\n#',
    r"NER\u0022 } UNION { ?s ?p ?o } #",
    "NER\n",
    "<https://w3id.org/geokb/id/country/NER>",
    "?country",
])
def test_parameter_values_are_bound_not_pasted(cli, fixture_store, value):
    result = query(cli, fixture_store, "timeline", "--param", f"country={value}", "--format", "json")
    assert (result.code, result.err) == (0, "")
    assert result.json()["results"]["bindings"] == []


@pytest.mark.parametrize("name", ["nosuch", "Events", "events.sparql", "../queries/events", "timeline;"])
def test_unknown_query_name_is_a_usage_error(cli, tmp_path, name):
    result = query(cli, tmp_path / "no-store", name)
    assert result.code == 2
    assert len(result.err_lines) == 1
    assert result.err.startswith("geokb: error:")


def test_missing_query_file_is_a_usage_error(cli, tmp_path):
    result = query(cli, tmp_path / "no-store", tmp_path / "absent.rq")
    assert result.code == 2
    assert len(result.err_lines) == 1


@pytest.mark.slow
def test_query_file_runs_by_path(cli, fixture_store, tmp_path):
    path = tmp_path / "coups.rq"
    path.write_text("PREFIX gk: <https://w3id.org/geokb/ontology#>\n"
                    "SELECT ?event WHERE { ?event a gk:Coup }\n", encoding="utf-8")
    assert query_rows(cli, fixture_store, path, ("event",)) == [(ID + "event/sahel-1/1",)]


LABEL_QUERY = ("# title: Label of a country\n"
               "# param: code literal ISO alpha-3 code, e.g. NER\n"
               "PREFIX gk: <https://w3id.org/geokb/ontology#>\n"
               "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
               "SELECT {projection} WHERE {{ ?c gk:alpha3 ?code ; rdfs:label ?label }}\n")


@pytest.mark.slow
def test_query_file_parameters_come_from_its_header(cli, fixture_store, tmp_path):
    path = tmp_path / "label.rq"
    path.write_text(LABEL_QUERY.format(projection="?code ?label"), encoding="utf-8")
    assert query_rows(cli, fixture_store, path, ("label",), "--param", "code=BEN") == [("Benin",)]


@pytest.mark.slow
def test_query_file_parameter_need_not_be_projected(cli, fixture_store, tmp_path):
    # The header says the value is bound to the variable of that name; nothing says it must be selected.
    path = tmp_path / "label.rq"
    path.write_text(LABEL_QUERY.format(projection="?label"), encoding="utf-8")
    result = query(cli, fixture_store, path, "--param", "code=BEN", "--format", "json")
    assert (result.code, result.err) == (0, "")
    assert rows(result, ("label",)) == [("Benin",)]


@pytest.mark.slow
def test_query_file_that_does_not_parse_is_a_one_line_query_error(cli, fixture_store, tmp_path):
    path = tmp_path / "broken.rq"
    path.write_text("SELECT * WHERE { ?s ?p \n", encoding="utf-8")
    result = query(cli, fixture_store, path)
    assert result.code == 6
    assert result.err.startswith("geokb: error: query does not parse")
    assert len(result.err_lines) == 1, result.err


# -- result formats ------------------------------------------------------------------------------
@pytest.mark.slow
def test_json_format_is_sparql_results_json(cli, fixture_store):
    data = query(cli, fixture_store, "events", "--format", "json").json()
    assert data["head"]["vars"] == ["event", "type", "article", "agentCountry", "targetCountry",
                                    "locationCountry", "date", "status"]
    assert len(data["results"]["bindings"]) == sum(EXPECTED_EVENTS.values())


@pytest.mark.slow
def test_csv_format_is_w3c_csv(cli, fixture_store):
    result = query(cli, fixture_store, "events", "--format", "csv")
    assert result.code == 0
    assert result.out.split("\r\n", 1)[0] == ("event,type,article,agentCountry,targetCountry,"
                                              "locationCountry,date,status")
    records = list(csv.DictReader(io.StringIO(result.out, newline="")))
    got = Counter(tuple(r[c] or None for c in EVENT_COLUMNS) for r in records)
    assert got == EXPECTED_EVENTS


@pytest.mark.slow
def test_tsv_format_is_w3c_tsv(cli, fixture_store):
    result = query(cli, fixture_store, "events", "--format", "tsv")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split("\t") == ["?event", "?type", "?article", "?agentCountry", "?targetCountry",
                                    "?locationCountry", "?date", "?status"]
    assert len(lines) == 1 + sum(EXPECTED_EVENTS.values())
    coup = next(line.split("\t") for line in lines[1:] if f"<{GK}Coup>" in line)
    assert coup == [f"<{ID}event/sahel-1/1>", f"<{GK}Coup>", '"sahel-1"', '"NER"', "", '"NER"',
                    f'"2023-07"^^<{XSD}gYearMonth>', ""]


@pytest.mark.slow
def test_xml_format_is_sparql_results_xml(cli, fixture_store):
    result = query(cli, fixture_store, "events", "--format", "xml")
    assert result.code == 0
    root = ET.fromstring(result.out)
    assert root.tag == SPARQL_RESULTS + "sparql"
    names = [v.get("name") for v in root.iter(SPARQL_RESULTS + "variable")]
    assert names == ["event", "type", "article", "agentCountry", "targetCountry", "locationCountry", "date",
                     "status"]
    assert len(root.findall(f"{SPARQL_RESULTS}results/{SPARQL_RESULTS}result")) == sum(EXPECTED_EVENTS.values())


@pytest.mark.slow
def test_table_format_counts_its_rows(cli, fixture_store):
    result = query(cli, fixture_store, "events-by-type-year")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["type", "year", "events"]
    assert lines[-1] == f"({len(EVENTS_BY_TYPE_YEAR)} rows)"
