"""Timelines for analysts: the named ``timeline-all`` query's rows as typed :class:`TimelineEvent` records.

Filters are bound as the query's parameters (an empty value means "any"), never pasted into its
text. Events come oldest first, at the precision the text gives (``2024-03`` stays a month); undated
events come last. The rows are read as the store yields them, so writers can stream them.

The output formats live in :mod:`kb.timeline_formats` (table, csv, json, TimelineJS, GeoJSON,
iCalendar) and :mod:`kb.timeline_html` (one self-contained page).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import ontology
import queries

from .base import Reader
from .errors import UsageError

QUERY = "timeline-all"
WIKIDATA = str(ontology.WD)
STATUSES = ontology.STATUSES
EVENT_TYPES = ontology.EVENT_TYPES
UNDATED = "undated"
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

# Labels and Wikidata items of the countries in the store (reference data; no user input in it).
COUNTRIES_SPARQL = """\
PREFIX gk: <https://w3id.org/geokb/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?code ?label ?wikidata WHERE {
  ?country gk:alpha3 ?code ; rdfs:label ?label .
  OPTIONAL { ?country owl:sameAs ?wikidata . FILTER(STRSTARTS(STR(?wikidata), "http://www.wikidata.org/entity/")) }
}"""


# -- records -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Actor:
    """A state taking part in an event: ISO 3166-1 alpha-3 code, English name, Wikidata IRI."""

    code: str
    label: str | None = None
    wikidata: str | None = None

    @property
    def name(self) -> str:
        return self.label or self.code


@dataclass(frozen=True)
class Location:
    """Where an event takes place; coordinates are the place's own or its country's point."""

    label: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    country_label: str | None = None

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Source:
    """The article an event was read from."""

    id: str
    title: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class TimelineEvent:
    """One event as a timeline shows it. ``date`` keeps the text's precision (``2024``, ``2024-03``,
    ``2024-03-11``); ``precision`` is ``year``, ``month`` or ``day``, or None when undated."""

    iri: str
    type: str
    date: str | None
    precision: str | None
    agents: tuple[Actor, ...]
    targets: tuple[Actor, ...]
    location: Location | None
    status: str | None
    evidence: str | None
    source: Source

    @property
    def dated(self) -> bool:
        return self.date is not None

    @property
    def period(self) -> tuple[date, date] | None:
        """The first and last day of the event's date at its precision; None when undated."""
        return period_of(self.date) if self.date else None

    @property
    def countries(self) -> tuple[str, ...]:
        """Every country involved: agents, targets and the place's country, without repeats."""
        codes = [a.code for a in self.agents + self.targets]
        if self.location and self.location.country:
            codes.append(self.location.country)
        return tuple(dict.fromkeys(codes))

    @property
    def type_label(self) -> str:
        """``DiplomaticVisit`` → ``Diplomatic visit``."""
        return re.sub(r"(?<!^)(?=[A-Z])", " ", self.type).capitalize()

    @property
    def headline(self) -> str:
        """A one-line summary: ``Diplomatic visit: United States → Niger (Niger)``."""
        text = f"{self.type_label}: {', '.join(a.name for a in self.agents)}"
        if self.targets:
            text += f" → {', '.join(t.name for t in self.targets)}"
        names = {a.name for a in self.agents + self.targets}
        if self.location and self.location.label not in names:
            text += f" ({self.location.label})"
        return text


@dataclass(frozen=True)
class TimelineFilter:
    """What to keep. ``start``/``end`` are the first and last day of the range; an event is kept
    when its period (a day, a month or a year) meets the range."""

    country: str | None = None
    actor: str | None = None
    types: tuple[str, ...] = field(default_factory=tuple)
    start: date | None = None
    end: date | None = None
    status: str | None = None

    def params(self) -> dict[str, str]:
        """The ``timeline-all`` parameters: every filter, empty where it lets everything through."""
        return {"country": self.country or "", "actor": self.actor or "", "types": " ".join(self.types),
                "from": self.start.isoformat() if self.start else "",
                "to": self.end.isoformat() if self.end else "", "status": self.status or ""}


# -- dates ---------------------------------------------------------------------------------------
def period_of(value: str) -> tuple[date, date]:
    """First and last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    m = _PARTIAL_DATE.fullmatch(value)
    if not m:
        raise ValueError(f"{value!r} is not a date like 2024, 2024-03 or 2024-03-11")
    year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
    try:
        date(year, month or 1, day or 1)
    except ValueError as err:
        raise ValueError(f"{value!r} is not a calendar date: {err}") from None
    if day:
        first = date(year, month, day)
        return first, first
    if month:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


def day_after(day: date) -> date:
    return day + timedelta(days=1)


def range_bound(value: str, *, end: bool) -> date:
    """``--from 2024-03`` is 2024-03-01; ``--to 2024-03`` is 2024-03-31."""
    try:
        first, last = period_of(value.strip())
    except ValueError as err:
        raise UsageError(str(err)) from None
    return last if end else first


# -- names → codes -------------------------------------------------------------------------------
def resolve_country(text: str, gazetteer=None) -> str:
    """An ISO alpha-3 code from a code (``NER``, ``ner``, ``NE``), a name (``Niger``) or a demonym
    (``Nigerien``); a place or an actor stands for its country (``the Pentagon`` → ``USA``)."""
    if gazetteer is None:
        from extractors.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    value = " ".join(text.split())
    entity = gazetteer.country(value) if re.fullmatch(r"[A-Za-z]{2,3}", value) else None
    entity = entity or gazetteer.lookup(value)
    if entity is None or not entity.country:
        raise UsageError(f"unknown country {text!r} (give an ISO code such as NER, a name or a demonym)")
    return entity.country


def check_types(types) -> tuple[str, ...]:
    unknown = [t for t in types if t not in EVENT_TYPES]
    if unknown:
        raise UsageError(f"unknown event type {unknown[0]!r} (one of: {', '.join(EVENT_TYPES)})")
    return tuple(dict.fromkeys(types))


# -- reading -------------------------------------------------------------------------------------
def _value(solution, name: str) -> str | None:
    term = solution[name]
    return term.value if term is not None else None


def _float(text: str | None) -> float | None:
    return float(text) if text not in (None, "") else None


def country_refs(kb: Reader) -> dict[str, Actor]:
    """Every country the store knows, by code, with its label and Wikidata IRI."""
    return {row["code"]: Actor(row["code"], row.get("label"), row.get("wikidata"))
            for row in kb.select(COUNTRIES_SPARQL)}


def read_timeline(kb: Reader, filters: TimelineFilter | None = None) -> Iterator[TimelineEvent]:
    """The events that pass the filters, oldest first, undated last, as the store yields them."""
    filters = filters or TimelineFilter()
    refs = country_refs(kb)

    def actors(codes: str | None) -> tuple[Actor, ...]:
        # GROUP_CONCAT has no order of its own: sort, so every store gives the same row
        return tuple(refs.get(code, Actor(code)) for code in sorted(set((codes or "").split())))

    last = None
    for row in kb.run(queries.load(QUERY), filters.params()):
        iri = _value(row, "event")
        if iri == last:  # a place or article with two labels would repeat the row
            continue
        last = iri
        place, place_country = _value(row, "place"), _value(row, "placeCountry")
        country_label = refs[place_country].label if place_country in refs else None
        yield TimelineEvent(
            iri=iri, type=_value(row, "type"), date=_value(row, "date"), precision=_value(row, "precision"),
            agents=actors(_value(row, "agents")), targets=actors(_value(row, "targets")),
            location=Location(place, place_country, _float(_value(row, "lat")), _float(_value(row, "long")),
                              country_label) if place else None,
            status=_value(row, "eventStatus"), evidence=_value(row, "evidence"),
            source=Source(_value(row, "article"), _value(row, "title"), _value(row, "url")))
