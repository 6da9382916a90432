"""The records that cross the seam between text extraction and RDF mapping.

Frozen, typed and free of spaCy objects, so ``rdf.py`` can be tested without a model and the
extractors without rdflib.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Article:
    """One news article as read from disk, before any language processing."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class DateValue:
    """A calendar value at the precision the text gives: ``2024``, ``2024-03`` or ``2024-03-11``."""

    value: str
    precision: str  # "year" | "month" | "day"

    @property
    def first_day(self) -> date:
        parts = [int(p) for p in self.value.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])


@dataclass(frozen=True)
class DateMention:
    """A date expression in the text and, where it can be resolved, its value."""

    start: int
    end: int
    text: str
    value: DateValue | None


@dataclass(frozen=True)
class Entity:
    """Something the gazetteer knows: a country, a place, or a named non-state actor.

    ``key`` is the stable identifier: an ISO 3166-1 alpha-3 code for countries, a slug for the
    rest. ``country`` is the alpha-3 code of the state it belongs to (itself for a country).
    """

    key: str
    label: str
    kind: str  # country | city | base | region | forces | government | organisation | person
    country: str | None = None
    qid: str | None = None
    alpha2: str | None = None
    lat: float | None = None
    lon: float | None = None
    role: str | None = None


@dataclass(frozen=True)
class Mention:
    """An entity named in the text, with character offsets into the article."""

    start: int
    end: int
    text: str
    entity: Entity


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Event:
    """One real-world event reported by one article."""

    type: str
    agents: tuple[str, ...]  # alpha-3 codes of the acting states
    targets: tuple[str, ...] = ()
    place: Entity | None = None
    date: DateValue | None = None
    status: str | None = None
    trigger: str = ""
    pattern: str = ""
    confidence: float = 0.5
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Extraction:
    """Everything the extractors found in one article."""

    article: Article
    dates: tuple[DateMention, ...] = ()
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    notes: tuple[str, ...] = field(default=(), compare=False)
