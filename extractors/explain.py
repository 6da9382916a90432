"""What the extractors found in each sentence of an article, and why: ``geokb extract --explain``.

For every sentence: the entities named (with their kind and state), the date expressions (text →
value and precision), every trigger that fired (its type, the pattern that fired, and whether it
became an event or why it was dropped) and the events the article finally reports there.

:func:`explain_all` runs the same steps as :class:`~extractors.pipeline.Extractor` on one parse per
article; :func:`render` turns a report into the text the CLI prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .events import Candidate, detect
from .gazetteer import load_gazetteer
from .mentions import index_doc
from .pipeline import Extractor, find_dates
from .records import Article, DateMention, Event, Mention


@dataclass(frozen=True)
class SentenceReport:
    """One sentence with what was found in it."""

    number: int  # 1-based, in text order
    start: int  # character offsets into the article's text
    end: int
    text: str
    entities: tuple[Mention, ...]
    dates: tuple[DateMention, ...]
    candidates: tuple[Candidate, ...]
    events: tuple[Event, ...]  # the article's events with evidence in this sentence


@dataclass(frozen=True)
class ArticleReport:
    article: Article
    sentences: tuple[SentenceReport, ...]


def _within(start: int, end: int, lo: int, hi: int) -> bool:
    return lo <= start < hi and end <= hi


def report(doc, article: Article) -> ArticleReport:
    """The per-sentence report of one parsed article."""
    index = index_doc(doc, load_gazetteer())
    dates, by_root = find_dates(doc, article)
    trace: list[Candidate] = []
    events = detect(doc, index, by_root, trace=trace)
    mentions = index.mentions(doc)
    sentences = []
    for number, sent in enumerate(doc.sents):
        lo, hi = sent.start_char, sent.end_char
        sentences.append(SentenceReport(
            number=number + 1, start=lo, end=hi, text=sent.text.strip(),
            entities=tuple(m for m in mentions if _within(m.start, m.end, lo, hi)),
            dates=tuple(d for d in dates if _within(d.start, d.end, lo, hi)),
            candidates=tuple(c for c in trace if c.sentence == number),
            events=tuple(e for e in events if any(_within(ev.start, ev.end, lo, hi) for ev in e.evidence)),
        ))
    return ArticleReport(article, tuple(sentences))


def explain_all(articles: Iterable[Article], extractor: Extractor) -> Iterator[ArticleReport]:
    """Reports for many articles, parsed in batches by the extractor's pipeline."""
    pairs = ((a.text, a) for a in articles)
    for doc, article in extractor.nlp.pipe(pairs, as_tuples=True, batch_size=extractor.batch_size):
        yield report(doc, article)


# ---------------------------------------------------------------------------- text
def _codes(codes: tuple[str, ...]) -> str:
    return ",".join(codes) or "-"


def entity_line(m: Mention) -> str:
    e = m.entity
    state = e.country or "no state"
    return f"  entity   {m.text!r} → {e.label} ({e.kind}, {state})"


def date_line(d: DateMention) -> str:
    value = f"{d.value.value} ({d.value.precision})" if d.value is not None else "unresolved"
    return f"  date     {d.text!r} → {value}"


def candidate_line(c: Candidate) -> str:
    return f"  trigger  {c.trigger!r} {c.type} by pattern {c.pattern!r} → {c.outcome}"


def event_line(e: Event) -> str:
    parts = [f"agent={_codes(e.agents)}"]
    if e.targets:
        parts.append(f"target={_codes(e.targets)}")
    if e.place is not None:
        parts.append(f"place={e.place.label}" + (f" ({e.place.country})" if e.place.country != e.place.key else ""))
    parts.append(f"date={e.date.value if e.date else '-'}")
    if e.status:
        parts.append(f"status={e.status}")
    parts.append(f"[{e.trigger}: {e.pattern}]")
    return f"  EVENT    {e.type} " + " ".join(parts)


def render(rep: ArticleReport) -> str:
    """The report as plain text: a header per article, then each sentence that has anything in it."""
    a = rep.article
    lines = [f"== {a.id}" + (f" (published {a.published.isoformat()})" if a.published else " (no publication date)")]
    for s in rep.sentences:
        if not (s.entities or s.dates or s.candidates or s.events):
            continue
        lines.append(f"[{s.number}] {s.text}")
        lines += [entity_line(m) for m in s.entities]
        lines += [date_line(d) for d in s.dates]
        lines += [candidate_line(c) for c in s.candidates]
        lines += [event_line(e) for e in s.events]
    return "\n".join(lines) + "\n"
