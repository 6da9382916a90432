"""``geokb timeline``: the named ``timeline-all`` query, its filters, the table/CSV/JSON rows.

The fixture (``fixtures/timeline/articles.jsonl``, two short articles written for these tests) holds:
niger-turn (published 2024-05-20): Niger's coup (2023-07), a Russia–Niger cooperation agreement
(2024-01), a US visit to Niamey and Niger ending its accord with the US (both 2024-03), an undated,
planned US withdrawal and an undated demand that French troops leave; mali-shift (2024-04-30): Mali
ending its treaty with France (2022) and a Russian deployment to Gao (2024-04-11).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

import queries
from kb.store import KnowledgeBase
from kb.timeline import (
    Actor,
    Source,
    TimelineEvent,
    TimelineFilter,
    period_of,
    range_bound,
    read_timeline,
    resolve_country,
)
from kb.timeline_formats import write_csv, write_json

FIXTURE = Path(__file__).parent / "fixtures" / "timeline" / "articles.jsonl"
WD = "http://www.wikidata.org/entity/"

NIGER = [("2023-07", "month", "Coup"), ("2024-01", "month", "CooperationAgreement"),
         ("2024-03", "month", "DiplomaticVisit"), ("2024-03", "month", "AccordTermination"),
         ("", "undated", "TroopWithdrawal"), ("", "undated", "Demand")]
EVERYTHING = [("2022", "AccordTermination"), ("2023-07", "Coup"), ("2024-01", "CooperationAgreement"),
              ("2024-03", "DiplomaticVisit"), ("2024-03", "AccordTermination"), ("2024-04-11", "TroopDeployment"),
              ("", "TroopWithdrawal"), ("", "Demand")]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    from kb.cli import main

    path = tmp_path_factory.mktemp("timeline") / "store"
    assert main(["ingest", str(FIXTURE), "--store", str(path), "--quiet"]) == 0
    return path


def timeline(cli, store, *args):
    result = cli("timeline", "--store", store, *args)
    assert result.code == 0, result.err
    return result


def csv_rows(cli, store, *args) -> list[dict]:
    return list(csv.DictReader(io.StringIO(timeline(cli, store, "--format", "csv", *args).out)))


def dates_and_types(cli, store, *args) -> list[tuple]:
    return [(r["date"], r["type"]) for r in csv_rows(cli, store, *args)]


# -- the acceptance: a country's events in date order, undated apart -------------------------------
@pytest.mark.slow
def test_niger_csv_lists_coup_agreement_visit_accord_then_undated_withdrawal(cli, store):
    got = [(r["date"], r["precision"], r["type"]) for r in csv_rows(cli, store, "--country", "NER")]
    assert got == NIGER


@pytest.mark.slow
def test_without_filters_every_event_comes_oldest_first_undated_last(cli, store):
    assert dates_and_types(cli, store) == EVERYTHING


@pytest.mark.slow
@pytest.mark.parametrize("spelling", ["NER", "ner", "NE", "Niger", "Nigerien", "the Niger"])
def test_country_may_be_a_code_name_or_demonym(cli, store, spelling):
    got = [(r["date"], r["precision"], r["type"]) for r in csv_rows(cli, store, "--country", spelling)]
    assert got == NIGER


# -- filters ---------------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("args,expected", [
    (["--actor", "RUS"], [("2024-01", "CooperationAgreement"), ("2024-04-11", "TroopDeployment")]),
    (["--actor", "Russians"], [("2024-01", "CooperationAgreement"), ("2024-04-11", "TroopDeployment")]),
    (["--actor", "USA"], [("2024-03", "DiplomaticVisit"), ("", "TroopWithdrawal")]),
    (["--type", "AccordTermination"], [("2022", "AccordTermination"), ("2024-03", "AccordTermination")]),
    (["--type", "Coup", "--type", "TroopDeployment"], [("2023-07", "Coup"), ("2024-04-11", "TroopDeployment")]),
    (["--status", "planned"], [("", "TroopWithdrawal")]),
    (["--country", "MLI"], [("2022", "AccordTermination"), ("2024-04-11", "TroopDeployment")]),
    (["--country", "FRA"], [("2022", "AccordTermination"), ("", "Demand")]),
    (["--country", "NER", "--actor", "USA"], [("2024-03", "DiplomaticVisit"), ("", "TroopWithdrawal")]),
    (["--country", "CAN"], []),
])
def test_filters_keep_exactly_the_matching_events(cli, store, args, expected):
    assert dates_and_types(cli, store, *args) == expected


@pytest.mark.slow
@pytest.mark.parametrize("args,expected", [
    (["--from", "2024-03", "--to", "2024-03"], [("2024-03", "DiplomaticVisit"), ("2024-03", "AccordTermination")]),
    (["--from", "2024-03-15", "--to", "2024-03-15"],  # a month-precision event meets any day of its month
     [("2024-03", "DiplomaticVisit"), ("2024-03", "AccordTermination")]),
    (["--from", "2024-04-12"], []),
    (["--to", "2023"], [("2022", "AccordTermination"), ("2023-07", "Coup")]),
    (["--from", "2022-06", "--to", "2022-06"], [("2022", "AccordTermination")]),  # a year meets its months
    (["--from", "2024", "--type", "AccordTermination"], [("2024-03", "AccordTermination")]),
])
def test_date_range_keeps_events_whose_period_meets_it_and_drops_undated(cli, store, args, expected):
    assert dates_and_types(cli, store, *args) == expected


@pytest.mark.slow
@pytest.mark.parametrize("value", ['NER" } UNION { ?s ?p ?o } #', "NER') || true || ('", "?country", "NER\n"])
def test_filter_values_are_bound_not_pasted(store, value):
    with KnowledgeBase(store, read_only=True) as kb:
        for filters in (TimelineFilter(country=value), TimelineFilter(actor=value), TimelineFilter(status=value),
                        TimelineFilter(types=(value,))):
            assert list(read_timeline(kb, filters)) == []


# -- errors ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("args,needle", [
    (["--country", "Atlantis"], "Atlantis"),
    (["--actor", "XYZ"], "XYZ"),
    (["--type", "Invasion"], "Invasion"),
    (["--from", "March 2024"], "March 2024"),
    (["--to", "2024-13"], "2024-13"),
    (["--from", "2024-04", "--to", "2024-03"], "--from"),
])
def test_bad_filter_is_a_one_line_usage_error(cli, tmp_path, args, needle):
    result = cli("timeline", "--store", tmp_path / "no-store", *args)
    assert result.code == 2
    assert result.out == ""
    assert result.err_lines == [result.err.strip()] and result.err.startswith("geokb: error:")
    assert needle in result.err


def test_missing_store_is_a_store_error(cli, tmp_path):
    result = cli("timeline", "--store", tmp_path / "absent")
    assert result.code == 4
    assert len(result.err_lines) == 1


# -- rows ------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_json_row_carries_actors_with_codes_and_wikidata_place_evidence_and_source(cli, store):
    rows = timeline(cli, store, "--format", "json", "--type", "DiplomaticVisit").json()
    assert rows == [{
        "date": "2024-03", "precision": "month", "type": "DiplomaticVisit",
        "agents": [{"code": "USA", "label": "United States", "wikidata": WD + "Q30"}],
        "targets": [{"code": "NER", "label": "Niger", "wikidata": WD + "Q1032"}],
        "location": rows[0]["location"] | {"label": "Niger", "country": "NER"},
        "status": "completed", "evidence": "In March 2024, an American delegation visited Niamey.",
        "source": {"id": "niger-turn", "title": "Niger turns from Washington to Moscow",
                   "url": "https://example.org/news/niger-turn"},
        "event": "https://w3id.org/geokb/id/event/niger-turn/3"}]


@pytest.mark.slow
def test_json_lists_joint_agents_in_one_row(cli, store):
    (row,) = timeline(cli, store, "--format", "json", "--type", "CooperationAgreement").json()
    assert {(a["code"], a["wikidata"]) for a in row["agents"]} == {("RUS", WD + "Q159"), ("NER", WD + "Q1032")}


@pytest.mark.slow
def test_json_undated_events_have_no_date_and_come_last(cli, store):
    rows = timeline(cli, store, "--format", "json").json()
    assert [(r["date"], r["precision"]) for r in rows[-2:]] == [(None, "undated"), (None, "undated")]
    assert all(r["date"] for r in rows[:-2])


@pytest.mark.slow
def test_csv_dates_keep_their_precision_and_span_their_period(cli, store):
    got = [(r["date"], r["precision"], r["date_start"], r["date_end"]) for r in csv_rows(cli, store)]
    assert got[:6] == [("2022", "year", "2022-01-01", "2022-12-31"), ("2023-07", "month", "2023-07-01", "2023-07-31"),
                       ("2024-01", "month", "2024-01-01", "2024-01-31"), ("2024-03", "month", "2024-03-01", "2024-03-31"),
                       ("2024-03", "month", "2024-03-01", "2024-03-31"), ("2024-04-11", "day", "2024-04-11", "2024-04-11")]


@pytest.mark.slow
def test_csv_gives_a_citys_own_coordinates(cli, store):
    (row,) = csv_rows(cli, store, "--type", "TroopDeployment")
    assert (row["place"], row["place_country"], row["lat"], row["lon"]) == ("Gao", "MLI", "16.2717", "-0.0447")


@pytest.mark.slow
def test_table_is_the_default_and_sets_undated_events_apart(cli, store):
    lines = timeline(cli, store, "--country", "NER").out.splitlines()
    assert lines[0].split() == ["date", "type", "agents", "targets", "place", "status", "evidence", "article"]
    assert [line.split()[0] for line in lines[2:6]] == ["2023-07", "2024-01", "2024-03", "2024-03"]
    assert lines[6:8] == ["", "undated (2): the text gives no date"]
    assert [line.split()[0] for line in lines[8:10]] == ["TroopWithdrawal", "Demand"]
    assert lines[-1] == "(4 dated, 2 undated)"


@pytest.mark.slow
def test_output_option_writes_the_file(cli, store, tmp_path):
    path = tmp_path / "niger.csv"
    result = timeline(cli, store, "--country", "NER", "--format", "csv", "--output", path)
    assert result.out == ""
    assert path.read_text(encoding="utf-8") == timeline(cli, store, "--country", "NER", "--format", "csv").out


@pytest.mark.slow
def test_named_query_runs_on_its_own_with_empty_filters(cli, store):
    result = cli("query", "timeline-all", "--store", store, "--format", "json", "--param", "country=NER",
                 "--param", "actor=", "--param", "types=", "--param", "from=", "--param", "to=",
                 "--param", "status=")
    assert result.code == 0, result.err
    got = [(b.get("date", {}).get("value", ""), b["precision"]["value"] if "precision" in b else "undated",
            b["type"]["value"]) for b in result.json()["results"]["bindings"]]
    assert got == NIGER


def test_named_query_declares_one_parameter_per_filter():
    assert [(p.name, p.kind) for p in queries.load("timeline-all").params] == [
        ("country", "literal"), ("actor", "literal"), ("types", "literal"), ("from", "literal"),
        ("to", "literal"), ("status", "literal")]
    assert set(TimelineFilter().params()) == {p.name for p in queries.load("timeline-all").params}


# -- a remote store answers the same timeline ---------------------------------------------------------
@pytest.fixture(params=["oxigraph", "virtuoso"])
def remote_url(request, monkeypatch, cli, store):
    from servers import emptied

    server = request.getfixturevalue(f"{request.param}_server")
    emptied(server, monkeypatch)
    assert cli("push", server.query_url, "--store", store, "--quiet").code == 0
    return server.query_url


@pytest.mark.slow
@pytest.mark.parametrize("args", [["--country", "NER"], ["--actor", "RUS"], ["--from", "2024-03", "--to", "2024"],
                                  ["--type", "Coup", "--type", "Demand"], ["--status", "planned"], []])
def test_remote_store_gives_the_rows_of_the_embedded_one(cli, store, remote_url, args):
    local = timeline(cli, store, "--format", "json", *args).json()
    assert local
    assert timeline(cli, remote_url, "--format", "json", *args).json() == local


# -- streaming ---------------------------------------------------------------------------------------
def sample_event(n: int) -> TimelineEvent:
    return TimelineEvent(iri=f"https://w3id.org/geokb/id/event/s/{n}", type="Coup", date="2024-03",
                         precision="month", agents=(Actor("NER", "Niger", WD + "Q1032"),), targets=(),
                         location=None, status=None, evidence=f"Sentence {n}.", source=Source("s"))


@pytest.mark.parametrize("writer", [write_csv, write_json])
def test_csv_and_json_write_each_event_before_reading_the_next(writer):
    out = io.StringIO()
    seen = []

    def events():
        for n in range(3):
            yield sample_event(n)
            seen.append(out.getvalue().count(f"Sentence {n}."))

    assert writer(events(), out).written == 3
    assert seen == [1, 1, 1]


def test_json_output_is_one_array_with_one_event_per_line():
    out = io.StringIO()
    write_json((sample_event(n) for n in range(3)), out)
    lines = out.getvalue().splitlines()
    assert (lines[0], lines[-1], len(lines)) == ("[", "]", 5)
    assert [e["evidence"] for e in json.loads(out.getvalue())] == ["Sentence 0.", "Sentence 1.", "Sentence 2."]


# -- dates and names -------------------------------------------------------------------------------
@pytest.mark.parametrize("value,first,last", [
    ("2024", date(2024, 1, 1), date(2024, 12, 31)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
    ("2024-03-11", date(2024, 3, 11), date(2024, 3, 11)),
])
def test_period_of_a_date_spans_its_precision(value, first, last):
    assert period_of(value) == (first, last)


@pytest.mark.parametrize("value,end,expected", [
    ("2024", False, date(2024, 1, 1)), ("2024", True, date(2024, 12, 31)),
    ("2024-03", False, date(2024, 3, 1)), ("2024-03", True, date(2024, 3, 31)),
    ("2024-03-11", True, date(2024, 3, 11)),
])
def test_range_bounds_open_and_close_the_period(value, end, expected):
    assert range_bound(value, end=end) == expected


@pytest.mark.parametrize("text,code", [("NER", "NER"), ("ml", "MLI"), ("US", "USA"), ("France", "FRA"),
                                       ("French", "FRA"), ("the United States", "USA"), ("Malians", "MLI")])
def test_resolve_country_accepts_codes_names_and_demonyms(text, code):
    assert resolve_country(text) == code
