"""The two named queries rewritten to scale (``co-located-forces``, ``timeline-all``) still answer
what they say, on stores written from extraction records (no spaCy): exact rows for a small
co-location story, rows equal to a direct count over the records for a seeded mix of joint events,
bases, cities and countries, and every filtered timeline equal to the unfiltered one, filtered.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

import pytest

import queries
from extractors.gazetteer import load_gazetteer
from extractors.rdf import entity_iri
from extractors.records import Article, DateValue, Event, Evidence, Extraction
from kb.store import KnowledgeBase
from kb.timeline import period_of

ID = "https://w3id.org/geokb/id/"
STATES = ("DEU", "FRA", "MLI", "NER", "RUS", "USA")
PLACES = ("NER", "MLI", "FRA", "agadez", "air-base-101", "air-base-201", "gao")
TYPES = ("TroopDeployment", "TroopWithdrawal", "Coup", "Demand", "DiplomaticVisit")


def place(key: str):
    gazetteer = load_gazetteer()
    return gazetteer.country(key) or gazetteer.entities[key]


def event(type_: str, agents: tuple[str, ...], where: str | None, **more) -> Event:
    return Event(type=type_, agents=agents, place=place(where) if where else None,
                 evidence=more.pop("evidence", (Evidence(0, 10, "A report."),)), **more)


def store_of(folder, extractions) -> KnowledgeBase:
    kb = KnowledgeBase(folder)
    for extraction in extractions:
        kb.add(extraction)
    return kb


def records(kb, name: str, params: dict | None = None) -> list[dict]:
    """The query's rows as dicts of column → lexical value (None when unbound), in its order."""
    query = queries.load(name)
    results = kb.run(query, params) if query.params else kb.query(query.text)
    names = [v.value for v in results.variables]
    return [{n: s[n].value if s[n] is not None else None for n in names} for s in results]


def rows(kb, name: str, params: dict | None = None) -> list[tuple]:
    return [tuple(r.values()) for r in records(kb, name, params)]


# -- co-located forces: a story with a base, a joint withdrawal and a city ---------------------------
STORY = Extraction(article=Article(id="story", text="", published=date(2024, 6, 1)), events=(
    event("TroopDeployment", ("USA",), "air-base-101"),
    event("TroopDeployment", ("RUS",), "air-base-101"),
    event("TroopDeployment", ("RUS",), "NER"),
    event("TroopWithdrawal", ("DEU", "USA"), "NER"),
    event("TroopDeployment", ("FRA",), "gao"),
    event("TroopWithdrawal", ("RUS",), "gao"),
    event("Coup", ("NER",), "NER"),
))


@pytest.fixture(scope="module")
def story_store(tmp_path_factory):
    with store_of(tmp_path_factory.mktemp("story") / "store", [STORY]) as kb:
        yield kb


def test_co_located_forces_reports_each_pair_at_the_place_its_events_share(story_store):
    # Russia and the US both at Air Base 101: counted there (2), and their other pairs at Niger (4);
    # the joint German-US withdrawal counts once for Germany and the US (with the US deployment: 2);
    # France and Russia meet only at Gao, so Mali has no row of its own.
    assert rows(story_store, "co-located-forces") == [
        (ID + "place/gao", "Gao", "MLI", "FRA", "RUS", "2"),
        (ID + "country/NER", "Niger", "NER", "DEU", "RUS", "3"),
        (ID + "country/NER", "Niger", "NER", "DEU", "USA", "2"),
        (ID + "country/NER", "Niger", "NER", "RUS", "USA", "4"),
        (ID + "place/air-base-101", "Air Base 101", "NER", "RUS", "USA", "2"),
    ]


# -- a seeded mix, against a direct count over the records -------------------------------------------
def mixed_extractions(seed: int = 7, articles: int = 40) -> list[Extraction]:
    rng = random.Random(seed)
    out = []
    for n in range(articles):
        events = []
        for _ in range(rng.randint(1, 5)):
            agents = tuple(rng.sample(STATES, rng.choice((1, 1, 1, 2, 3))))
            targets = tuple(s for s in rng.sample(STATES, rng.choice((0, 0, 1))) if s not in agents)
            day = date(2023 + rng.randint(0, 1), rng.randint(1, 12), rng.randint(1, 28))
            precision = rng.choice(("day", "month", "year", None))
            text = {"day": str(day), "month": str(day)[:7], "year": str(day.year)}.get(precision)
            when = DateValue(text, precision) if precision else None
            starts = rng.sample(range(500), rng.choice((1, 1, 2, 3)))
            events.append(event(rng.choice(TYPES), agents, rng.choice(PLACES + (None,)), targets=targets,
                                date=when, status=rng.choice((None, "planned", "ongoing", "completed")),
                                evidence=tuple(Evidence(s, s + 9, f"Sentence {s}.") for s in starts)))
        out.append(Extraction(article=Article(id=f"mix-{n}", text="", title=f"Report {n}",
                                              published=date(2024, 6, 1)), events=tuple(events)))
    return out


@pytest.fixture(scope="module")
def mixed():
    return mixed_extractions()


@pytest.fixture(scope="module")
def mixed_store(tmp_path_factory, mixed):
    with store_of(tmp_path_factory.mktemp("mixed") / "store", mixed) as kb:
        yield kb


def co_located_by_hand(extractions) -> list[tuple]:
    """Every pair of troop events of two states in one country, counted at the place both are
    reported at, else at the country; a row's number is its distinct events."""
    troops = [(f"{x.article.id}/{k}", e) for x in extractions for k, e in enumerate(x.events)
              if e.type in ("TroopDeployment", "TroopWithdrawal") and e.place is not None]
    found = defaultdict(set)
    for (id1, e1), (id2, e2) in ((a, b) for a in troops for b in troops):
        if e1.place.country != e2.place.country:
            continue
        at = e1.place if e1.place.key == e2.place.key else place(e1.place.country)
        for a in e1.agents:
            for b in e2.agents:
                if a < b:
                    found[(str(entity_iri(at)), at.label, e1.place.country, a, b)] |= {id1, id2}
    return sorted((*key, str(len(ids))) for key, ids in found.items())


def test_co_located_forces_counts_what_the_records_hold(mixed, mixed_store):
    got = rows(mixed_store, "co-located-forces")
    assert got == sorted(got, key=lambda r: (r[2], r[3], r[4], r[0]))
    assert sorted(got) == co_located_by_hand(mixed)


# -- the filtered timeline is the unfiltered one, filtered ------------------------------------------
ANY = {"country": "", "actor": "", "types": "", "from": "", "to": "", "status": ""}
FILTERS = [{"country": "NER"}, {"country": "MLI", "actor": "FRA"}, {"actor": "RUS"},
           {"types": "Coup TroopDeployment"}, {"country": "NER", "types": "Demand"},
           {"from": "2024-01-01", "to": "2024-03-31"}, {"to": "2023-06-30"}, {"status": "planned"},
           {"actor": "USA", "status": "completed", "from": "2023-07-01"}, {"country": "CAN"}]


def kept(row: dict, f: dict) -> bool:
    """What the filters say: a country involved (agent, target or place), an agent, a type, a
    status, a date whose period meets the range."""
    codes = set((row["agents"] or "").split()) | set((row["targets"] or "").split()) | {row["placeCountry"]}
    if f.get("from") or f.get("to"):
        if row["date"] is None:
            return False
        first, last = period_of(row["date"])
        if f.get("from") and last < date.fromisoformat(f["from"]):
            return False
        if f.get("to") and first > date.fromisoformat(f["to"]):
            return False
    return ((not f.get("country") or f["country"] in codes)
            and (not f.get("actor") or f["actor"] in (row["agents"] or "").split())
            and (not f.get("types") or row["type"] in f["types"].split())
            and (not f.get("status") or row["eventStatus"] == f["status"]))


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: " ".join(f"{k}={v}" for k, v in f.items()))
def test_timeline_all_with_filters_keeps_the_matching_rows_in_order(mixed_store, f):
    everything = records(mixed_store, "timeline-all", ANY)
    filtered = records(mixed_store, "timeline-all", {**ANY, **f})
    assert filtered == [{**r, **f} for r in everything if kept(r, f)]  # the last columns echo the filters


def test_timeline_all_gives_each_event_once_with_its_first_sentence(mixed, mixed_store):
    first = {f"{ID}event/{x.article.id}/{k}": min(e.evidence, key=lambda ev: ev.start).text
             for x in mixed for k, e in enumerate(x.events, 1)}
    got = [(r["event"], r["evidence"]) for r in records(mixed_store, "timeline-all", ANY)]
    assert sorted(got) == sorted(first.items())
