"""Timeline writers: an aligned table, CSV, JSON, TimelineJS3 JSON, GeoJSON and iCalendar.

Each writer takes the events (oldest first, undated last, as :func:`kb.timeline.read_timeline`
yields them) and a text stream, and returns a :class:`Written` saying how many events it wrote and
how many it had to leave out (and why): TimelineJS and iCalendar have no place for an undated event,
GeoJSON none for an event without coordinates. CSV, JSON and GeoJSON write each event as it comes.
Dates keep the text's precision: ``2024-03`` is a month everywhere, never a made-up day.
"""

from __future__ import annotations

import csv
import html
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import TextIO

from .timeline import UNDATED, TimelineEvent, day_after

CSV_COLUMNS = ("date", "precision", "date_start", "date_end", "type", "agents", "agent_wikidata", "targets",
               "target_wikidata", "place", "place_country", "lat", "lon", "status", "evidence",
               "article", "article_title", "article_url", "event")


@dataclass(frozen=True)
class Written:
    """What a writer did: events written, and events left out for want of ``reason`` ("no date")."""

    written: int
    left_out: int = 0
    reason: str = ""


# -- one event as plain data -------------------------------------------------------------------------
def _actors(actors) -> list[dict]:
    return [{"code": a.code, "label": a.label, "wikidata": a.wikidata} for a in actors]


def event_record(event: TimelineEvent) -> dict:
    """The JSON form of an event (also GeoJSON's properties): a flat, self-describing object."""
    loc = event.location
    return {
        "date": event.date, "precision": event.precision or UNDATED, "type": event.type,
        "agents": _actors(event.agents), "targets": _actors(event.targets),
        "location": None if loc is None else {"label": loc.label, "country": loc.country,
                                              "lat": loc.lat, "lon": loc.lon},
        "status": event.status, "evidence": event.evidence,
        "source": {"id": event.source.id, "title": event.source.title, "url": event.source.url},
        "event": event.iri,
    }


def _joined(values) -> str:
    """Several values in one CSV cell, ``;``-separated; the n-th Wikidata IRI is the n-th code's."""
    values = list(values)
    return ";".join(values) if any(values) else ""


def csv_row(event: TimelineEvent) -> list:
    loc = event.location
    first, last = event.period or (None, None)
    return [event.date or "", event.precision or UNDATED, first or "", last or "", event.type,
            _joined(a.code for a in event.agents), _joined(a.wikidata or "" for a in event.agents),
            _joined(t.code for t in event.targets), _joined(t.wikidata or "" for t in event.targets),
            loc.label if loc else "", (loc.country or "") if loc else "",
            "" if loc is None or loc.lat is None else loc.lat, "" if loc is None or loc.lon is None else loc.lon,
            event.status or "", event.evidence or "", event.source.id, event.source.title or "",
            event.source.url or "", event.iri]


# -- table, csv, json ----------------------------------------------------------------------------
def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def write_table(events: Iterable[TimelineEvent], out: TextIO) -> Written:
    """Aligned columns for a terminal; undated events in their own section after the dated ones."""
    header = ("date", "type", "agents", "targets", "place", "status", "evidence", "article")
    rows = [(e.date or "", e.type, " ".join(a.code for a in e.agents), " ".join(t.code for t in e.targets),
             e.location.label if e.location else "", e.status or "", _clip(e.evidence or "", 70), e.source.id)
            for e in events]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip() + "\n"

    dated = [r for r in rows if r[0]]
    undated = [r for r in rows if not r[0]]
    out.write(line(header))
    out.write(line(["-" * w for w in widths]))
    out.writelines(line(r) for r in dated)
    if undated:
        out.write(f"\nundated ({len(undated)}): the text gives no date\n")
        out.writelines(line(r) for r in undated)
    out.write(f"({len(dated)} dated, {len(undated)} undated)\n")
    return Written(len(rows))


def write_csv(events: Iterable[TimelineEvent], out: TextIO) -> Written:
    """One row per event; undated events last with precision ``undated``. ``date_start`` and
    ``date_end`` are the first and last day of the date's period (a month spans the month); several
    agents or targets share a cell, ``;``-separated, their Wikidata IRIs in the same order."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for event in events:
        writer.writerow(csv_row(event))
        count += 1
    return Written(count)


def write_json(events: Iterable[TimelineEvent], out: TextIO) -> Written:
    """A JSON array, one event object per line, written as the events come."""
    count = 0
    out.write("[")
    for event in events:
        out.write(("\n" if count == 0 else ",\n") + json.dumps(event_record(event), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return Written(count)


# -- TimelineJS3 ---------------------------------------------------------------------------------
def timelinejs_date(event: TimelineEvent) -> dict:
    """TimelineJS3's date object with year, month and day only as far as the text gives them."""
    parts = [int(p) for p in event.date.split("-")]
    obj = dict(zip(("year", "month", "day"), parts))
    obj["display_date"] = event.date
    return obj


def _slide_text(event: TimelineEvent) -> str:
    source = html.escape(event.source.title or event.source.id)
    if event.source.url:
        source = f'<a href="{html.escape(event.source.url)}">{source}</a>'
    status = f"<p>Status: {html.escape(event.status)}</p>" if event.status else ""
    return (f"<blockquote>{html.escape(event.evidence or '')}</blockquote>{status}"
            f"<p>Source: {source} ({html.escape(event.source.id)})</p>")


def write_timelinejs(events: Iterable[TimelineEvent], out: TextIO, *, title: str = "geokb timeline") -> Written:
    """TimelineJS3's JSON (``title`` slide and ``events``, grouped by event type). Undated events
    have no place on its axis: they are left out and counted in the title slide."""
    slides, undated = [], 0
    for event in events:
        if not event.dated:
            undated += 1
            continue
        slides.append({"start_date": timelinejs_date(event),
                       "text": {"headline": html.escape(event.headline), "text": _slide_text(event)},
                       "group": event.type_label, "autolink": False})
    note = f"{len(slides)} dated events from geokb."
    if undated:
        note += f" {undated} undated event{'s' if undated != 1 else ''} not shown."
    json.dump({"title": {"text": {"headline": html.escape(title), "text": note}}, "events": slides},
              out, ensure_ascii=False, indent=1)
    out.write("\n")
    return Written(len(slides), undated, "no date")


# -- GeoJSON -------------------------------------------------------------------------------------
def write_geojson(events: Iterable[TimelineEvent], out: TextIO) -> Written:
    """A FeatureCollection, one Point Feature per event at its place (longitude, latitude: RFC 7946),
    written as the events come. Events without a place with coordinates are left out."""
    count = left_out = 0
    out.write('{"type": "FeatureCollection", "features": [')
    for event in events:
        loc = event.location
        if loc is None or not loc.has_coordinates:
            left_out += 1
            continue
        feature = {"type": "Feature", "id": event.iri,
                   "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
                   "properties": event_record(event)}
        out.write(("\n" if count == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        count += 1
    out.write("\n]}\n" if count else "]}\n")
    return Written(count, left_out, "no coordinates")


# -- iCalendar (RFC 5545) ------------------------------------------------------------------------
def ics_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1)."""
    parts, current, size = [], "", 0
    for char in line:
        n = len(char.encode("utf-8"))
        if size + n > 75:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += n
    parts.append(current)
    return "\r\n".join(parts) + "\r\n"


def _ics_date(day: date) -> str:
    return day.strftime("%Y%m%d")


def ics_event_lines(event: TimelineEvent, stamp: str) -> list[str]:
    """One all-day VEVENT spanning the date's period: a day, a whole month or a whole year."""
    first, last = event.period
    description = event.evidence or ""
    if event.status:
        description += f"\nStatus: {event.status}"
    description += f"\nSource: {event.source.title or event.source.id} ({event.source.id})"
    if event.source.url:
        description += f" {event.source.url}"
    lines = ["BEGIN:VEVENT", f"UID:{ics_text(event.iri)}", f"DTSTAMP:{stamp}",
             f"DTSTART;VALUE=DATE:{_ics_date(first)}", f"DTEND;VALUE=DATE:{_ics_date(day_after(last))}",
             f"SUMMARY:{ics_text(event.headline)}", f"DESCRIPTION:{ics_text(description)}",
             f"CATEGORIES:{ics_text(event.type)}"]
    if event.location:
        lines.append(f"LOCATION:{ics_text(event.location.label)}")
        if event.location.has_coordinates:
            lines.append(f"GEO:{event.location.lat};{event.location.lon}")
    if event.source.url:
        lines.append(f"URL:{event.source.url}")
    lines.append("END:VEVENT")
    return lines


def write_ics(events: Iterable[TimelineEvent], out: TextIO, *, now: datetime | None = None) -> Written:
    """An iCalendar file of all-day events at the precision known; undated events are left out."""
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    header = ("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//geokb//timeline//EN", "CALSCALE:GREGORIAN",
              "X-WR-CALNAME:geokb timeline")
    out.writelines(ics_fold(line) for line in header)
    count = undated = 0
    for event in events:
        if not event.dated:
            undated += 1
            continue
        out.writelines(ics_fold(line) for line in ics_event_lines(event, stamp))
        count += 1
    out.write(ics_fold("END:VCALENDAR"))
    return Written(count, undated, "no date")


def write_html(events: Iterable[TimelineEvent], out: TextIO, *, title: str = "geokb timeline") -> Written:
    from .timeline_html import render_page

    items = list(events)
    out.write(render_page(items, title=title))
    return Written(len(items))


WRITERS: dict[str, Callable[..., Written]] = {
    "table": write_table, "csv": write_csv, "json": write_json, "timelinejs": write_timelinejs,
    "geojson": write_geojson, "ics": write_ics, "html": write_html,
}
"""Format name → writer(events, out) → :class:`Written`."""
