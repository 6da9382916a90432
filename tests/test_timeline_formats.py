"""Each ``geokb timeline`` format read back by a consumer of that format: pandas for CSV, the ``geojson``
package and shapely for GeoJSON, ``icalendar`` for .ics, and a JSON Schema written from TimelineJS3's
documentation (``fixtures/timeline/timelinejs3.schema.json``) for TimelineJS.

The store holds ``fixtures/timeline/articles.jsonl`` (see ``test_timeline.py``): eight events, six
dated (2022, 2023-07, 2024-01, 2024-03 twice, 2024-04-11) and two undated; four have a place.
"""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date, datetime, timezone
from pathlib import Path

import geojson
import icalendar
import jsonschema
import pandas as pd
import pytest
from shapely.geometry import Point, shape

from kb.timeline import Actor, Location, Source, TimelineEvent
from kb.timeline_formats import ics_fold, write_ics

FIXTURES = Path(__file__).parent / "fixtures" / "timeline"
SCHEMA = json.loads((FIXTURES / "timelinejs3.schema.json").read_text(encoding="utf-8"))
DATED = [("2022", "AccordTermination"), ("2023-07", "Coup"), ("2024-01", "CooperationAgreement"),
         ("2024-03", "DiplomaticVisit"), ("2024-03", "AccordTermination"), ("2024-04-11", "TroopDeployment")]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    from kb.cli import main

    path = tmp_path_factory.mktemp("timeline-formats") / "store"
    assert main(["ingest", str(FIXTURES / "articles.jsonl"), "--store", str(path), "--quiet"]) == 0
    return path


def output(cli, store, fmt, *args):
    result = cli("timeline", "--store", store, "--format", fmt, *args)
    assert result.code == 0, result.err
    return result


# -- CSV → pandas ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def frame(store, tmp_path_factory) -> pd.DataFrame:
    from kb.cli import main

    path = tmp_path_factory.mktemp("csv") / "timeline.csv"
    assert main(["timeline", "--store", str(store), "--format", "csv", "--output", str(path)]) == 0
    return pd.read_csv(path, dtype={"date": "string", "precision": "category", "type": "category"},
                       parse_dates=["date_start", "date_end"])


@pytest.mark.slow
def test_csv_loads_in_pandas_with_typed_columns(frame):
    assert len(frame) == 8
    assert pd.api.types.is_datetime64_any_dtype(frame["date_start"])
    assert pd.api.types.is_datetime64_any_dtype(frame["date_end"])
    assert pd.api.types.is_float_dtype(frame["lat"]) and pd.api.types.is_float_dtype(frame["lon"])
    assert isinstance(frame["precision"].dtype, pd.CategoricalDtype)
    assert set(frame["precision"].cat.categories) == {"year", "month", "day", "undated"}


@pytest.mark.slow
def test_csv_dates_stay_at_their_precision_in_pandas(frame):
    assert frame["date"].tolist()[:6] == [d for d, _ in DATED]
    assert frame["date"].isna().tolist() == [False] * 6 + [True] * 2
    assert frame["date_start"].isna().tolist() == [False] * 6 + [True] * 2


@pytest.mark.slow
def test_csv_periods_let_pandas_select_a_month(frame):
    march = frame[(frame["date_start"] <= "2024-03-31") & (frame["date_end"] >= "2024-03-01")]
    assert march["type"].tolist() == ["DiplomaticVisit", "AccordTermination"]


# -- GeoJSON → geojson, shapely ------------------------------------------------------------------------
@pytest.mark.slow
def test_geojson_is_a_valid_feature_collection(cli, store):
    collection = geojson.loads(output(cli, store, "geojson").out)
    assert collection.is_valid, collection.errors()
    assert collection["type"] == "FeatureCollection"
    assert all(feature.is_valid for feature in collection["features"])


@pytest.mark.slow
def test_geojson_has_a_point_feature_per_event_with_a_place(cli, store):
    features = geojson.loads(output(cli, store, "geojson").out)["features"]
    assert [(f["properties"]["date"], f["properties"]["type"]) for f in features] == [
        ("2023-07", "Coup"), ("2024-03", "DiplomaticVisit"), ("2024-04-11", "TroopDeployment"),
        (None, "TroopWithdrawal")]
    assert {shape(f["geometry"]).geom_type for f in features} == {"Point"}


@pytest.mark.slow
def test_geojson_puts_a_city_at_its_coordinates_and_a_country_inside_it(cli, store):
    features = {f["properties"]["type"]: f for f in geojson.loads(output(cli, store, "geojson").out)["features"]}
    assert shape(features["TroopDeployment"]["geometry"]).equals(Point(-0.0447, 16.2717))  # Gao: lon, lat
    niger_box = shape({"type": "Polygon", "coordinates": [[[0.1, 11.6], [16.0, 11.6], [16.0, 23.6], [0.1, 23.6],
                                                           [0.1, 11.6]]]})
    assert niger_box.contains(shape(features["Coup"]["geometry"]))


@pytest.mark.slow
def test_geojson_counts_events_left_out_on_stderr(cli, store):
    result = output(cli, store, "geojson")
    assert result.err == "geokb: note: 4 event(s) with no coordinates left out of the geojson output\n"


# -- iCalendar → icalendar -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def calendar(store) -> icalendar.Calendar:
    from kb.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["timeline", "--store", str(store), "--format", "ics"]) == 0
    return icalendar.Calendar.from_ical(out.getvalue())


@pytest.mark.slow
def test_ics_parses_with_icalendar_as_a_calendar_of_dated_events(calendar):
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) == ("2.0", "-//geokb//timeline//EN")
    events = calendar.walk("VEVENT")
    assert [(str(e["CATEGORIES"].cats[0])) for e in events] == [t for _, t in DATED]
    assert len({str(e["UID"]) for e in events}) == 6


@pytest.mark.slow
def test_ics_events_are_all_day_and_span_exactly_their_precision(calendar):
    spans = [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in calendar.walk("VEVENT")]
    assert all(type(start) is date and type(end) is date for start, end in spans)
    assert spans == [(date(2022, 1, 1), date(2023, 1, 1)), (date(2023, 7, 1), date(2023, 8, 1)),
                     (date(2024, 1, 1), date(2024, 2, 1)), (date(2024, 3, 1), date(2024, 4, 1)),
                     (date(2024, 3, 1), date(2024, 4, 1)), (date(2024, 4, 11), date(2024, 4, 12))]


@pytest.mark.slow
def test_ics_stamps_are_utc_date_times(calendar):
    stamps = [e.decoded("DTSTAMP") for e in calendar.walk("VEVENT")]
    assert all(isinstance(s, datetime) and s.utcoffset().total_seconds() == 0 for s in stamps)


@pytest.mark.slow
def test_ics_carries_evidence_place_and_source(calendar):
    visit = calendar.walk("VEVENT")[3]
    assert str(visit["SUMMARY"]) == "Diplomatic visit: United States → Niger"
    assert str(visit["DESCRIPTION"]).splitlines() == [
        "In March 2024, an American delegation visited Niamey.", "Status: completed",
        "Source: Niger turns from Washington to Moscow (niger-turn) https://example.org/news/niger-turn"]
    assert str(visit["LOCATION"]) == "Niger"
    assert str(visit["URL"]) == "https://example.org/news/niger-turn"


def test_ics_folds_long_lines_at_75_octets_without_splitting_characters():
    evidence = "Le ministre a déclaré « la fin de l’accord », ce qui a été confirmé; à Niamey, " * 4
    event = TimelineEvent(iri="https://w3id.org/geokb/id/event/x/1", type="AccordTermination", date="2024-03-11",
                          precision="day", agents=(Actor("NER", "Niger"),), targets=(Actor("FRA", "France"),),
                          location=Location("Niamey", "NER", 13.5, 2.1), status=None, evidence=evidence,
                          source=Source("x"))
    out = io.StringIO()
    write_ics([event], out, now=datetime(2024, 5, 1, 12, tzinfo=timezone.utc))
    text = out.getvalue()
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    (parsed,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(parsed["DESCRIPTION"]).splitlines()[0] == evidence
    assert parsed.decoded("DTSTAMP") == datetime(2024, 5, 1, 12, tzinfo=timezone.utc)


@pytest.mark.parametrize("line", ["x" * 74, "x" * 75, "x" * 76, "é" * 40, "a" + "€" * 30])
def test_ics_fold_keeps_every_octet(line):
    folded = ics_fold(line)
    assert folded.endswith("\r\n")
    assert folded[:-2].replace("\r\n ", "") == line
    assert all(len(part.encode("utf-8")) <= 75 for part in folded[:-2].split("\r\n"))


@pytest.mark.slow
def test_ics_counts_undated_events_left_out_on_stderr(cli, store):
    assert output(cli, store, "ics").err == "geokb: note: 2 event(s) with no date left out of the ics output\n"


# -- TimelineJS3 → JSON Schema from its documentation -------------------------------------------------------
def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.slow
def test_timelinejs_matches_the_documented_structure(cli, store):
    data = json.loads(output(cli, store, "timelinejs").out)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


@pytest.mark.slow
def test_timelinejs_dates_go_only_as_far_as_the_text_does(cli, store):
    events = json.loads(output(cli, store, "timelinejs").out)["events"]
    assert [e["start_date"] for e in events] == [
        {"year": 2022, "display_date": "2022"}, {"year": 2023, "month": 7, "display_date": "2023-07"},
        {"year": 2024, "month": 1, "display_date": "2024-01"}, {"year": 2024, "month": 3, "display_date": "2024-03"},
        {"year": 2024, "month": 3, "display_date": "2024-03"},
        {"year": 2024, "month": 4, "day": 11, "display_date": "2024-04-11"}]


@pytest.mark.slow
def test_timelinejs_leaves_undated_events_out_and_says_so(cli, store):
    result = output(cli, store, "timelinejs", "--title", "Niger & its partners")
    data = json.loads(result.out)
    assert data["title"]["text"] == {"headline": "Niger &amp; its partners",
                                     "text": "6 dated events from geokb. 2 undated events not shown."}
    assert result.err == "geokb: note: 2 event(s) with no date left out of the timelinejs output\n"


@pytest.mark.parametrize("bad", [
    {"events": [{"text": {"headline": "no start date"}}]},
    {"events": [{"start_date": {"year": "2024"}}]},
    {"events": [{"start_date": {"year": 2024, "month": 13}}]},
    {"events": [{"start_date": {"year": 2024, "day": 3}}]},
    {"events": [{"start_date": {"year": 2024}, "headline": "not in a text object"}]},
    {"title": {"text": {"headline": "no events"}}},
])
def test_schema_rejects_what_the_documentation_rules_out(bad):
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(bad)
