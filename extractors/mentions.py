"""Entity mentions in a parsed article and the states they stand for.

Gazetteer spans come from the ``entity_ruler`` (their id is ``form|key``); the model's own GPE,
NORP, ORG and LOC spans are looked up by name; people get the state of the title around their name
("U.S. President Joe Biden" → USA), remembered for later mentions of the surname ("Biden").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from .gazetteer import Gazetteer
from .records import Entity, Mention

STATE_FORMS = {"name", "demonym", "metonym", "capital", "city", "forces", "government", "person"}
PLACE_FORMS = {"name", "capital", "city", "base", "region", "metonym"}


@dataclass(frozen=True)
class Span:
    """One mention in a spaCy doc: token range, surface form kind and entity."""

    start: int  # token index
    end: int
    form: str
    entity: Entity


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class DocIndex:
    """Mentions of a doc, by token, with article-level counts used to resolve "the country"."""

    spans: list[Span] = field(default_factory=list)
    by_token: dict[int, Span] = field(default_factory=dict)
    salience: Counter = field(default_factory=Counter)

    def at(self, i: int) -> Span | None:
        return self.by_token.get(i)

    def in_tokens(self, indices) -> list[Span]:
        seen, out = set(), []
        for i in sorted(indices):
            span = self.by_token.get(i)
            if span is not None and id(span) not in seen:
                seen.add(id(span))
                out.append(span)
        return out

    def mentions(self, doc) -> tuple[Mention, ...]:
        return tuple(Mention(doc[s.start].idx, doc[s.end - 1].idx + len(doc[s.end - 1].text),
                             doc[s.start:s.end].text, s.entity) for s in self.spans)


def _person_state(ent, index: DocIndex) -> tuple[str | None, str | None]:
    """The state and title of a named person from the words of their own noun phrase: the title
    before the name ("U.S. President Joe Biden"), an apposition ("Jeffrey Feltman, the U.S. special
    envoy"; "Gen. Michael Langley, commander of US Africa Command"), or the noun the name stands in
    apposition to. Clauses and other prepositions ("Biden, speaking in Warsaw") say nothing of it."""
    root = ent.root
    inside = set(range(ent.start, ent.end))

    def phrase(tok) -> list:
        out = [tok]
        for child in tok.children:
            if child.dep_ in ("relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "cc", "punct", "parataxis"):
                continue
            if child.dep_ == "prep" and child.lower_ not in ("of", "for"):
                continue
            if child.dep_ == "appos" and (tok is not root or any(g.lower_ == "former" for g in child.children)):
                continue
            out += phrase(child)
        return out

    around = [t for t in phrase(root) if t.i not in inside]
    if root.dep_ == "appos":  # "the U.S. special envoy for the Horn of Africa, Jeffrey Feltman"
        around += [t for t in phrase(root.head) if t.i not in inside and t.i < ent.start]
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.pos_ == "NOUN" and before.head != root and before.i not in inside:
        around += phrase(before)  # a title the parser split off: "China's top diplomat | Wang Yi held"
    state = None
    for span in sorted(index.in_tokens(t.i for t in around), key=lambda s: abs(s.start - ent.start)):
        if span.entity.country and span.form in STATE_FORMS:
            state = span.entity.country
            break
    title_tokens = [t for t in around if t.i < ent.start and t.dep_ in ("compound", "amod", "poss", "nmod")]
    title = " ".join(t.text for t in sorted(title_tokens, key=lambda t: t.i)) or None
    return state, title


def index_doc(doc, gaz: Gazetteer) -> DocIndex:
    index = DocIndex()
    people: dict[str, str] = {}
    persons = []
    for ent in doc.ents:
        span = None
        if ent.ent_id_ and "|" in ent.ent_id_:
            form, key = ent.ent_id_.split("|", 1)
            if key in gaz.entities:
                span = Span(ent.start, ent.end, form, gaz.entities[key])
        elif ent.label_ in ("GPE", "NORP", "LOC", "FAC", "ORG"):
            entity = gaz.lookup(ent.text)
            if entity is not None:
                form = "demonym" if ent.label_ == "NORP" else "name" if entity.kind == "country" else entity.kind
                span = Span(ent.start, ent.end, form, entity)
            elif ent.text in gaz.people:  # "toppled Damiba", a known name the model took for an organisation
                persons.append(ent)
        elif ent.label_ == "PERSON":
            persons.append(ent)
        if span is not None:
            index.spans.append(span)
    _register(index)
    known: dict[str, Entity] = {}
    for ent in persons:
        state, title = _person_state(ent, index)
        surname = ent[-1].text
        if state:
            people.setdefault(surname, state)
        state = people.get(surname) or state  # the first mention, with its title, is the surest
        if state is None:  # no title in the text: a well-known office holder's state
            state = (gaz.people.get(ent.text) or gaz.people.get(surname) or (None,))[0]
            if state:
                people.setdefault(surname, state)
        entity = Entity(key=f"person-{_slug(ent.text)}", label=ent.text, kind="person", country=state, role=title)
        known.setdefault(surname, entity)
        index.spans.append(Span(ent.start, ent.end, "person", entity))
    _register(index)
    for tok in doc:  # later bare surnames the model did not tag: "Barrot left Dakar", "Austin flew to Manila"
        taken = index.by_token.get(tok.i)
        if tok.text in known and tok.pos_ in ("PROPN", "NOUN") and tok.text[:1].isupper() and (
                taken is None or (taken.form == "city" and taken.end - taken.start == 1)):
            if taken is not None:
                index.spans.remove(taken)
            entity = known[tok.text]
            if entity.country is None and tok.text in people:
                entity = replace(entity, country=people[tok.text])
            index.spans.append(Span(tok.i, tok.i + 1, "person", entity))
    index.spans.sort(key=lambda s: s.start)
    _register(index)
    for span in index.spans:
        if span.entity.kind == "country" and span.form in ("name", "demonym"):
            index.salience[span.entity.key] += 1
    return index


def _register(index: DocIndex) -> None:
    index.by_token = {i: s for s in index.spans for i in range(s.start, s.end)}
