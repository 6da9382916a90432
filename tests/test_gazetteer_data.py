"""Checks on the offline gazetteer data files shipped in ``extractors/data/``."""

import csv
import re
from importlib.resources import files

import pycountry
import pytest

DATA = files("extractors") / "data"
ISO3 = {c.alpha_3 for c in pycountry.countries}
QID = re.compile(r"^Q[1-9][0-9]*$")

FILES = {
    "country_qids.csv": ["iso3", "qid"],
    "country_aliases.csv": ["iso3", "alias", "kind"],
    "places.csv": ["key", "name", "kind", "iso3", "qid", "lat", "lon", "aliases"],
    "actors.csv": ["key", "name", "kind", "iso3", "qid", "aliases"],
    "people.csv": ["name", "iso3", "role"],
}
KINDS = {
    "country_aliases.csv": {"name", "demonym", "metonym"},
    "places.csv": {"base", "city", "region"},
    "actors.csv": {"forces", "government", "organisation"},
}


def _raw(name: str) -> bytes:
    return (DATA / name).read_bytes()


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("name", sorted(FILES))
def test_header_and_encoding(name: str) -> None:
    raw = _raw(name)
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    assert b"\r" not in raw, "LF line ends only"
    raw.decode("utf-8")
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert next(reader) == FILES[name]
        for row in reader:
            assert len(row) == len(FILES[name]), row
            assert all(cell == cell.strip() for cell in row), row


def test_every_country_has_exactly_one_qid_row() -> None:
    iso3s = [r["iso3"] for r in _rows("country_qids.csv")]
    assert len(iso3s) == len(set(iso3s)), "duplicate iso3 rows"
    assert set(iso3s) == ISO3


def test_country_qids_are_wellformed_and_unique() -> None:
    qids = [r["qid"] for r in _rows("country_qids.csv")]
    assert all(QID.match(q) for q in qids), [q for q in qids if not QID.match(q)]
    assert len(qids) == len(set(qids)), "duplicate QIDs"


def test_known_country_qids() -> None:
    qids = {r["iso3"]: r["qid"] for r in _rows("country_qids.csv")}
    expected = {"USA": "Q30", "NER": "Q1032", "NGA": "Q1033", "TCD": "Q657", "RUS": "Q159",
                "FRA": "Q142", "MLI": "Q912", "BFA": "Q965", "DEU": "Q183", "GBR": "Q145",
                "CHN": "Q148", "TWN": "Q865", "PSE": "Q219060"}
    assert {k: qids[k] for k in expected} == expected


@pytest.mark.parametrize("name", ["country_aliases.csv", "places.csv", "actors.csv"])
def test_iso3_is_real_or_empty(name: str) -> None:
    bad = [r for r in _rows(name) if r["iso3"] and r["iso3"] not in ISO3]
    assert not bad


def test_country_aliases_have_a_country() -> None:
    assert all(r["iso3"] for r in _rows("country_aliases.csv"))


@pytest.mark.parametrize("name", sorted(KINDS))
def test_kinds_are_allowed(name: str) -> None:
    assert {r["kind"] for r in _rows(name)} <= KINDS[name]


def test_no_alias_kind_maps_to_two_countries() -> None:
    seen: dict[tuple[str, str], str] = {}
    clashes = []
    for r in _rows("country_aliases.csv"):
        key = (r["alias"], r["kind"])
        if seen.setdefault(key, r["iso3"]) != r["iso3"]:
            clashes.append((key, seen[key], r["iso3"]))
    assert not clashes


def test_country_aliases_are_not_repeated() -> None:
    rows = [(r["iso3"], r["alias"], r["kind"]) for r in _rows("country_aliases.csv")]
    assert len(rows) == len(set(rows))


def test_apostrophe_aliases_have_both_forms() -> None:
    aliases = {(r["iso3"], r["alias"], r["kind"]) for r in _rows("country_aliases.csv")}
    for iso3, alias, kind in aliases:
        if "'" in alias:
            assert (iso3, alias.replace("'", "\u2019"), kind) in aliases, alias
        if "\u2019" in alias:
            assert (iso3, alias.replace("\u2019", "'"), kind) in aliases, alias


def test_ambiguous_korean_is_left_out() -> None:
    aliases = {r["alias"] for r in _rows("country_aliases.csv")}
    assert "Korean" not in aliases


@pytest.mark.parametrize("name", ["places.csv", "actors.csv"])
def test_keys_qids_and_aliases(name: str) -> None:
    rows = _rows(name)
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys)), "duplicate keys"
    assert all(re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", k) for k in keys), keys
    assert all(r["name"] for r in rows)
    qids = [r["qid"] for r in rows if r["qid"]]
    assert all(QID.match(q) for q in qids)
    assert len(qids) == len(set(qids)), "duplicate QIDs"
    for r in rows:
        aliases = r["aliases"].split("|") if r["aliases"] else []
        assert all(a and a == a.strip() for a in aliases), r["key"]


def test_place_coordinates() -> None:
    for r in _rows("places.csv"):
        assert bool(r["lat"]) == bool(r["lon"]), r["key"]
        if r["lat"]:
            assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r["key"]


def test_entity_qids_do_not_reuse_country_qids() -> None:
    country = {r["qid"] for r in _rows("country_qids.csv")}
    for name in ("places.csv", "actors.csv"):
        assert not {r["qid"] for r in _rows(name) if r["qid"]} & country


def test_people_belong_to_real_states_once() -> None:
    rows = _rows("people.csv")
    assert all(r["iso3"] in ISO3 and r["role"] for r in rows)
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names))
