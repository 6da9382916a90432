"""CSV for pandas: Namibia's codes (`NAM`, alpha-2 `NA`) and ids such as `NA` or `null` survive a
round trip through `pandas.read_csv` when it is told, as the README says, `keep_default_na=False`."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from kb.cli import main

pytestmark = pytest.mark.slow

ARTICLES = [
    {"id": "NA", "published": "2024-06-01", "title": "None",
     "text": "Namibia signed a military cooperation agreement with Angola in May 2024."},
    {"id": "null", "published": "2024-06-01", "text": "Chad ended its defence accord with France in April 2024."},
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("csv")
    source = folder / "na.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    assert main(["ingest", str(source), "--store", str(folder / "store"), "--quiet"]) == 0
    return folder / "store"


def events(cli, store, fmt: str) -> str:
    result = cli("query", "events", "--store", store, "--format", fmt)
    assert result.code == 0, result.err
    return result.out


def json_rows(cli, store) -> list[dict[str, str]]:
    """The same rows from SPARQL JSON results, unbound cells as empty strings (as CSV writes them)."""
    results = json.loads(events(cli, store, "json"))
    names = results["head"]["vars"]
    return [{n: b[n]["value"] if n in b else "" for n in names} for b in results["results"]["bindings"]]


def test_csv_holds_the_namibian_codes_and_ids(cli, store):
    rows = list(pd.read_csv(io.StringIO(events(cli, store, "csv")), keep_default_na=False)
                .itertuples(index=False))
    assert sorted((r.article, r.agentCountry) for r in rows) == [("NA", "AGO"), ("NA", "NAM"), ("null", "TCD")]


def test_csv_round_trip_with_keep_default_na_false_equals_the_json_results(cli, store):
    frame = pd.read_csv(io.StringIO(events(cli, store, "csv")), keep_default_na=False, dtype=str)
    assert frame.to_dict("records") == json_rows(cli, store)


def test_empty_cells_only_are_missing_with_na_values_empty(cli, store):
    frame = pd.read_csv(io.StringIO(events(cli, store, "csv")), keep_default_na=False, na_values=[""], dtype=str)
    assert sorted(frame["article"]) == ["NA", "NA", "null"]
    assert frame["locationCountry"].isna().all()


def test_pandas_defaults_would_lose_them(cli, store):
    # why the README says keep_default_na=False: by default "NA" and "null" are read as missing
    frame = pd.read_csv(io.StringIO(events(cli, store, "csv")))
    assert frame["article"].isna().all()
