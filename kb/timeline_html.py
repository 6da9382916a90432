"""One self-contained HTML page for a timeline: the template ``templates/timeline.html`` with the
events inlined as JSON. No CDN, no fonts, no network: inline CSS and JavaScript only (its Content
Security Policy forbids any fetch). The page filters by type, country and words of the evidence,
shows undated events apart, and renders a chunk of rows at a time so it stays quick at 10,000 events.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from importlib import resources

from .timeline import UNDATED, TimelineEvent

_SLOT = re.compile(r"\{\{(title|data)\}\}")


def page_record(event: TimelineEvent) -> dict:
    """What the page needs of an event (country names travel once, in ``countries``)."""
    return {"date": event.date, "precision": event.precision or UNDATED, "type": event.type,
            "agents": [a.code for a in event.agents], "targets": [t.code for t in event.targets],
            "place": event.location.label if event.location else None, "countries": list(event.countries),
            "status": event.status, "evidence": event.evidence,
            "source": {"id": event.source.id, "title": event.source.title, "url": event.source.url},
            "event": event.iri}


def page_data(events: Iterable[TimelineEvent]) -> dict:
    records, names = [], {}
    for event in events:
        records.append(page_record(event))
        for actor in event.agents + event.targets:
            if actor.label:
                names.setdefault(actor.code, actor.label)
        if event.location and event.location.country and event.location.country_label:
            names.setdefault(event.location.country, event.location.country_label)
    return {"events": records, "countries": names}


def script_json(value) -> str:
    """JSON safe inside a ``<script>`` element: no ``<`` (so no ``</script>``), no U+2028/9 surprises."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_page(events: Iterable[TimelineEvent], *, title: str = "geokb timeline") -> str:
    template = resources.files(__package__).joinpath("templates").joinpath("timeline.html").read_text(encoding="utf-8")
    slots = {"title": html.escape(title), "data": script_json(page_data(events))}
    return _SLOT.sub(lambda m: slots[m[1]], template)
