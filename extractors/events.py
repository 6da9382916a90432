"""Events from a parsed article: triggers over the dependency tree, roles from syntax, modality.

Each rule looks at one trigger token (a verb such as "seized", a noun such as "withdrawal") and
reads its roles from the tree: the agent from the subject (through passives, relative clauses,
reported speech and coordination), the target and place from objects and prepositions, the date
from the date expressions that attach to the trigger's own clause. Negated, hedged, threatened,
denied and conditional statements are dropped; announced and agreed acts are ``planned``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from . import lexicon as lx
from .gazetteer import load_gazetteer
from .mentions import PLACE_FORMS, STATE_FORMS, DocIndex
from .records import DateValue, Entity, Event, Evidence

BLOCK_DATE = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "nsubj", "nsubjpass", "dobj", "attr",
              "parataxis", "appos", "csubj", "dative", "pcomp"}
NO_DATE_PREPS = {"since", "until", "till", "for", "through", "within", "throughout", "over", "by"}
ACCORD_WORDS = frozenset(lx.ACCORDS | {"treaty"})
COUP_CONTEXT = frozenset(lx.COUP_NOUNS | {"junta", "putschist"})
SKIP_SUBTREE = {"relcl", "acl", "advcl", "ccomp", "parataxis"}
NOT_AGENT_PREPS = {"against", "to", "toward", "towards", "from", "over", "about", "between", "with", "at", "in",
                   "on", "into", "after", "before", "like", "than", "for", "by"}


@dataclass
class Discourse:
    """What earlier sentences established: the last acting states and the last group of states."""

    focus: tuple[str, ...] = ()
    group: tuple[str, ...] = ()
    dominant: str | None = None
    theatre: str | None = None  # where the last troops told of were sent to or left


@dataclass
class Found:
    """An event candidate while roles are still being read."""

    type: str
    trigger: object  # spaCy Token
    pattern: str
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    place: Entity | None = None
    complement: object = None  # for a demand, the demanded act ("leave")
    date: DateValue | None = None  # set when one trigger tells of several acts, each with its own date


# ---------------------------------------------------------------------------- tree helpers
def lemma(tok) -> str:
    return tok.lemma_.lower()


def children(tok, *deps):
    return [c for c in tok.children if c.dep_ in deps]


def prep_objects(tok, *preps) -> list:
    """Objects of the trigger's prepositions: ``withdrew [from] Mali``, ``pulled out [of] the deal``."""
    out = []
    for p in tok.children:
        if p.dep_ in ("prep", "prt", "advmod") and p.lower_ in preps:
            out += children(p, "pobj")
            for inner in children(p, "prep"):  # "out of", "away from"
                out += children(inner, "pobj")
    return out


def clause_subject(verb):
    """The token that acts for ``verb``: its subject, passive agent, or that of the clause it hangs on."""
    for _ in range(6):
        subj = children(verb, "nsubj", "csubj")
        if subj:  # the one nearest the verb: a dateline ("DAKAR (Reuters) -") may hang on it too
            return min(subj, key=lambda t: abs(t.i - verb.i))
        passive = children(verb, "nsubjpass")
        for agent in children(verb, "agent"):
            objs = children(agent, "pobj")
            if objs:
                return objs[0]
        if passive and verb.lemma_ not in lx.DEPLOY_VERBS | lx.VISIT_VERBS:
            return None
        if passive:
            return passive[0]
        if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return verb.head
        if verb.dep_ in ("conj", "xcomp", "advcl") or (verb.dep_ == "pcomp" and verb.head.dep_ == "prep"):
            verb = verb.head if verb.dep_ != "pcomp" else verb.head.head
            continue
        if verb.pos_ == "NOUN":  # "the withdrawal of US troops", "Niger's notice"
            poss = children(verb, "poss")
            if poss:
                return poss[0]
            return None
        return None
    return None


def np_tokens(tok) -> list:
    """The noun phrase of ``tok`` without clauses and without prepositions that name other parties."""
    out = [tok]
    for child in tok.children:
        if child.dep_ in SKIP_SUBTREE:
            continue
        if child.dep_ == "prep" and child.lower_ in NOT_AGENT_PREPS:
            continue
        out += np_tokens(child)
    return out


class Roles:
    """Reads roles for one sentence, given the mentions and what the discourse established."""

    def __init__(self, index: DocIndex, discourse: Discourse, regime: str | None = None,
                 coup_context: bool = False):
        self.index = index
        self.discourse = discourse
        self.regime = regime  # the state whose junta / military rulers the article speaks of
        self.coup_context = coup_context  # the article speaks of coups or juntas at all
        self.dates: dict[int, DateValue] = {}  # date values by the index of their head token
        self.accord_names: set[str] = set()  # "Open Skies", named by the article as a treaty
        self.military_accords = False  # the article speaks of a defence or security accord

    def is_person(self, tok) -> bool:
        span = self.index.at(tok.i)
        return (span is not None and span.form == "person") or tok.ent_type_ == "PERSON"

    # -- states ----------------------------------------------------------------------------------
    def states_in(self, tokens, forms=STATE_FORMS) -> list[str]:
        out: list[str] = []
        for span in self.index.in_tokens(t.i for t in tokens):
            code = span.entity.country
            if code and span.form in forms and code not in out:
                out.append(code)
        return out

    def states_of(self, tok) -> list[str]:
        """The states a noun phrase stands for, resolving pronouns and generic nouns."""
        if tok is None:
            return []
        if _company(tok):
            return []  # "the Spanish carmaker", "Chad's rugby team"
        if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl":
            return self.states_of(tok.head.head)
        if tok.lower_ in ("whom", "which") and tok.head.dep_ == "prep" and tok.head.head.dep_ == "relcl":
            return self.states_of(tok.head.head.head)  # "a Russian delegation, with which it signed"
        if any(c.dep_ == "amod" and c.lower_ in lx.GENERIC_ADJ for c in tok.children) and not self.states_in(
                np_tokens(tok)):
            return []  # "all foreign forces were to leave": no one state
        for poss in children(tok, "poss"):  # "Niger's junta", "the country's ruling junta"
            found = self.states_of(poss) if poss.lower_ not in ("its", "their", "his", "her") else []
            if found:
                return found
        tokens = np_tokens(tok)
        owners = [t for t in tokens if any(c.dep_ == "case" for c in t.children)]  # "… and Niger's junta"
        found = self.states_in(owners) or self.states_in(tokens)
        if found:
            return found
        head = lemma(tok)
        if tok.pos_ == "PRON" or head in lx.PRONOUNS or head in lx.STATE_NOUNS:
            return self.corefer(tok)
        if tok.ent_type_ == "PERSON" or self.is_person(tok):
            return self.main_subject(tok) or list(self.discourse.focus[:1])
        return []

    def last_named(self, tok, count: int) -> list[str]:
        """The ``count`` states named last before ``tok`` (this sentence first, then those before)."""
        sent = tok.sent
        spans = self.index.in_tokens(range(sent.end))
        here = [s for s in spans if s.start >= sent.start]
        before = [s for s in spans if s.start < sent.start]
        out: list[str] = []
        for span in here + list(reversed(before)):
            if span.entity.kind == "country" and span.form in ("name", "demonym") and span.entity.key not in out:
                out.append(span.entity.key)
            if len(out) == count:
                break
        return out

    def main_subject(self, tok) -> list[str]:
        """For a word in a subordinate clause, the states of the sentence's main subject when it comes
        first ("Niamey ended ... on the day it hosted ...", "Austin flew to Manila, where he held talks")."""
        root = tok.sent.root
        subj = clause_subject(root) if root.pos_ in ("VERB", "AUX") else None
        if subj is None or subj.i >= tok.i or subj == tok or subj.pos_ == "PRON" or tok.head == root:
            return []
        tokens = np_tokens(subj)
        return self.states_in(tokens)

    def corefer(self, tok) -> list[str]:
        head = lemma(tok)
        number = next((c for c in tok.children if c.dep_ == "nummod" or c.lower_ in ("both", "all")), None)
        reporter = self.reporter(tok) if tok.pos_ == "PRON" or head in lx.PRONOUNS or head in (
            "country", "government", "junta", "regime", "state", "nation", "side", "authority") else None
        if reporter is not None and reporter != tok:
            said_by = [sp for sp in self.index.in_tokens(t.i for t in np_tokens(reporter))]
            if tok.pos_ == "PRON" and (_company(reporter) or (said_by and all(
                    sp.entity.kind == "organisation" for sp in said_by))):
                return []  # "the African Union said it was suspending ...": the body, no state
            states = self.states_of(reporter)
            if states:
                return states
        if head in ("it", "he", "she", "its", "his", "her"):
            states = self.main_subject(tok)
            if states:
                return states
        if number is not None or (head in ("they", "them", "their") and len(self.discourse.group) > 1
                                  and not self.discourse.focus):
            count = _COUNTS.get(number.lower_) if number is not None else None
            if count and len(self.discourse.group) != count:
                named = self.last_named(tok, count)  # "the two countries": the last two states named
                if len(named) == count:
                    return named
            if self.discourse.group:
                return list(self.discourse.group)
        if head in ("junta", "regime", "putschist") and self.regime:
            return [self.regime]
        if head in ("country", "nation", "state"):
            sent = tok.sent
            spans = [s for s in self.index.in_tokens(range(sent.start, tok.i))
                     if s.entity.kind == "country" and s.form == "name"]
            # "the country" refers back to a place: prefer names that stand after "in", "to", "from"
            places = [s for s in spans if tok.doc[s.end - 1].dep_ == "pobj"
                      and tok.doc[s.end - 1].head.lower_ in ("in", "to", "from", "into", "at")]
            names = [s.entity.key for s in places or spans]
            if names:
                return [max(dict.fromkeys(reversed(names)), key=lambda k: self.index.salience[k])]
        if self.discourse.focus:
            return list(self.discourse.focus)
        return [self.discourse.dominant] if self.discourse.dominant else []

    @staticmethod
    def reporter(tok):
        """For a pronoun subject of a complement clause ("Niger announced that it ...", "the junta has
        made clear it wants ..."), the subject of the clause it is said in."""
        verb = tok.head
        while verb.dep_ in ("ccomp", "xcomp", "conj") and verb.head != verb:
            verb = verb.head
            subj = children(verb, "nsubj")
            if subj:
                return min(subj, key=lambda t: abs(t.i - verb.i))
        return None

    def agents(self, verb) -> list[str]:
        return self.states_of(clause_subject(verb))

    # -- places ----------------------------------------------------------------------------------
    def country_place(self, tok, avoid: tuple[str, ...]) -> Entity | None:
        """"withdrawal of troops from the country": the country it refers back to, not the agent's own."""
        for obj in tok.subtree:
            if lemma(obj) in ("country", "nation") and obj.dep_ == "pobj":
                spans = [s for s in self.index.in_tokens(range(tok.sent.start, obj.i))
                         if s.entity.kind == "country" and s.entity.key not in avoid]
                if spans:
                    return spans[-1].entity
                for code in self.corefer(obj):
                    if code not in avoid:
                        return _country(code)
        return None

    def place_in(self, tokens, avoid: tuple[str, ...] = ()) -> Entity | None:
        tokens = list(tokens)
        spans = [s for s in self.index.in_tokens(t.i for t in tokens)
                 if (s.form in PLACE_FORMS or _capital_of(s, tokens)) and s.entity.country
                 and s.entity.kind != "organisation"]
        spans.sort(key=lambda s: (s.entity.country in avoid, s.form == "demonym"))
        return spans[0].entity if spans else None


def _company(tok) -> bool:
    """A business, not a state: "the Spanish carmaker SEAT", "the carmaker", "Chad's rugby team"."""
    return lemma(tok) in lx.COMPANY_NOUNS or any(
        lemma(c) in lx.COMPANY_NOUNS for c in tok.children if c.dep_ in ("compound", "appos"))


def _antecedent_forces(tok):
    """"the last of them": the forces named before in the sentence ("ordered French troops out, and the
    last of them flew home"); any other noun phrase stands for itself."""
    if lemma(tok) not in ("last", "rest", "remainder", "bulk") or not any(
            o.lower_ == "them" for o in prep_objects(tok, "of")):
        return tok
    return next((t for t in reversed(tok.sent[: tok.i - tok.sent.start]) if _is_forces(t) and t.pos_ == "NOUN"), None)


def _capital_of(span, tokens) -> bool:
    """"the Egyptian capital": a demonym naming a capital stands for its country as a place."""
    tokens = list(tokens)
    if span.form != "demonym" or not tokens:
        return False
    return lemma(tokens[0].doc[span.end - 1].head) == "capital"


# ---------------------------------------------------------------------------- modality
def modality(tok) -> str | None:
    """``skip`` for what is not a factual event, else ``planned``/``ongoing``/``completed`` or None."""
    return modality_why(tok)[0]


def modality_why(tok) -> tuple[str | None, str]:
    """The status of the act ``tok`` names and the cue that decided it (shown by ``--explain``)."""
    if tok.sent.text.rstrip().endswith("?"):
        return "skip", "question"
    status, why = None, ""
    node = prev = tok
    complement = False  # passed a that-clause misread as relative ("demanding in a resolution that X leave")
    for depth in range(6):
        kids = list(node.children)
        if any(c.dep_ == "neg" or c.lower_ in ("never", "no") for c in kids):
            return "skip", f"negated ({node.text})"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in kids):
            return "skip", f"conditional ({node.text})"
        if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
               for c in kids if c.i > node.i):
            return "skip", f"on a condition ({node.text} … if)"  # "will quit the treaty if the West presses"
        if any(c.lower_ in ("any",) and c.dep_ == "det" for c in kids) and node.pos_ == "NOUN":
            return "skip", f"hypothetical ({node.text})"
        modals = {c.lower_ for c in kids if c.dep_ == "aux" and c.tag_ == "MD"}
        if modals & lx.HEDGE_MODALS:
            return "skip", f"hedged ({min(modals & lx.HEDGE_MODALS)} {node.text})"
        if modals & lx.FUTURE_MODALS and status is None:
            status, why = "planned", f"future ({node.text})"
        if "would" in modals:
            if not _under(node, lx.REPORTING):
                return "skip", f"conditional (would {node.text})"
            status, why = "planned", f"reported future (would {node.text})"
        if depth > 0:
            word = lemma(node)
            for kind, words in (("denied", lx.DENIAL), ("threatened", lx.THREAT), ("speculation", lx.SPECULATION),
                                ("offered", lx.OFFER)):
                if word in words and (word != "rule" or any(c.lower_ == "out" for c in node.children)):
                    return "skip", f"{kind} ({node.text})"  # "ruled out" denies; "ruled Myanmar" does not
            if word in lx.PERMISSION and (node.tag_ in ("VBZ", "VBP") or any(
                    _accord(c) for c in children(node, "nsubj"))):
                return "skip", f"permitted ({node.text})"  # "the pact allows troops to be deployed"
            if word in lx.ALLEGATION and prev.dep_ != "conj":
                return "skip", f"alleged ({node.text})"
            demanded = (word in lx.DEMAND_VERBS - lx.REPORTING and prev.dep_ in ("ccomp", "xcomp")) or (
                word in lx.DEMAND_VERBS and prev.dep_ == "xcomp") or (word == "give" and prev.dep_ == "advcl") or (
                word in ("demand", "call", "request", "seek", "urge") and prev.dep_ in ("dobj", "pobj")
                and (lemma(prev) in lx.WITHDRAW_NOUNS or lemma(tok) in lx.WITHDRAW_NOUNS)) or (
                word == "call" and prev.dep_ == "prep" and prev.lower_ == "for" and lemma(tok) in lx.WITHDRAW_NOUNS) or (
                prev.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "for" for c in prev.children)
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in prev.children)) or (
                complement and word in lx.DEMAND_VERBS - lx.REPORTING)
            # "demanded the withdrawal of ...", "a timetable for the departure of ...", "called for
            # troops to leave": not (yet) done
            if demanded:
                return "skip", f"demanded act ({node.text})"  # not (yet) an event: the demand is
            if word in lx.PLAN_VERBS and status is None and not (node.pos_ == "NOUN" and word == "start"):
                status, why = "planned", f"plan ({node.text})"
        if status is None and depth == 0:
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in kids):
                status, why = "planned", "infinitive"
            elif tok.tag_ == "VBG" and any(c.dep_ == "aux" and lemma(c) == "be" for c in kids):
                status, why = "ongoing", "progressive"
            elif tok.tag_ in ("VBD", "VBN"):
                status, why = "completed", "past tense"
        if node.dep_ == "relcl" and _that_clause(node) and not complement:
            complement = True
        elif node.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "pcomp", "prep", "pobj", "dobj", "acl") \
                or node.head == node:
            break
        if node.dep_ == "conj" and children(node, "nsubj", "nsubjpass"):
            break  # "X threatened to leave, and in October it suspended ...": a clause of its own
        prev, node = node, node.head
    return status, why


def _under(tok, verbs: set[str]) -> bool:
    node = tok
    for _ in range(5):
        if node.head == node:
            return False
        node = node.head
        if lemma(node) in verbs:
            return True
    return False


# ---------------------------------------------------------------------------- triggers
def _lemma_in(tok, words: set[str]) -> bool:
    """The lemma is one of ``words``, allowing for the small model's slips ("staged" → "stag")."""
    return lemma(tok) in words or any(len(w) >= 5 and tok.lower_.startswith(w) for w in words)


def _official(tok, roles: Roles) -> bool:
    """A person or an office holder ("the minister", "a delegation"), who visits; not troops."""
    return not _is_forces(tok) and (roles.is_person(tok) or any(lemma(t) in lx.VISITORS for t in np_tokens(tok)))


def _time_noun(tok) -> bool:
    return tok.ent_type_ in ("DATE", "TIME") or lemma(tok) in ("hour", "day", "week", "month", "year", "minute")


def _antecedent_coup(tok):
    """For "one" coordinated after a coup ("a coup in 2020, and a second one in 2021"), that coup."""
    if tok.dep_ != "conj":
        return None
    head = tok.head
    if lemma(head) in lx.COUP_NOUNS:
        return head
    return next((o for o in children(head, "dobj") if lemma(o) in lx.COUP_NOUNS), None)


def _putschist(tok) -> bool:
    """Soldiers, officers, a junta: who can seize power ("another group of generals")."""
    return lemma(tok) in lx.PUTSCHISTS or _military_np(tok) or any(
        lemma(t) in lx.PUTSCHISTS - {"leader", "faction"} for t in np_tokens(tok))


def _is_forces(tok) -> bool:
    low = tok.lower_
    return lemma(tok) in lx.FORCES or low in lx.FORCES or (low.endswith("s") and low[:-1] in lx.FORCES)


def _military_company(tok) -> bool:
    """A company of soldiers: "an infantry company", or "that company" after one was named."""
    if lemma(tok) != "company":
        return False
    if any(lemma(c) in lx.UNIT_MODIFIERS for c in tok.children if c.dep_ in ("amod", "compound")):
        return True
    if not any(c.dep_ == "det" and c.lower_ in ("that", "this", "the") for c in tok.children):
        return False
    before = [t for t in tok.doc[: tok.i] if lemma(t) == "company"]
    return bool(before) and _military_company(before[-1]) and before[-1] != tok


def _military_np(tok) -> bool:
    if lemma(tok) in lx.VISITORS or tok.ent_type_ == "PERSON":
        return False  # "French Armed Forces Minister Sebastien Lecornu arrived": an official, not troops
    if _military_company(tok):
        return True
    return any(_is_forces(t) for t in np_tokens(tok)) or any(lemma(t) in lx.FORCES for t in np_tokens(tok)
                                                              if t.dep_ in ("compound", "amod", "conj"))


def _moved_on_within(tok, left: Entity, roles: Roles) -> bool:
    """Forces that left a place to move on inside the same country: "left their base in southern
    Iraq, heading north toward Baghdad" is no withdrawal from Iraq."""
    for verb in children(tok, "advcl", "xcomp", "conj"):
        if lemma(verb) in lx.MOVE_ON_VERBS:
            bound = roles.place_in([t for p in prep_objects(verb, "to", "toward", "towards", "for", "into")
                                    for t in p.subtree])
            if bound is not None and bound.country == left.country:
                return True
    return False


def _conjunct_place(part, roles: Roles) -> Entity | None:
    """The place one conjunct names, without those coordinated with it ("Mali" of "Mali and Niger")."""
    return roles.place_in([t for t in part.subtree if t.dep_ != "conj" or t == part])


def _each_place(phrases, roles: Roles) -> list[Entity]:
    """The places of coordinated phrases, one per country: "Japan, India and Indonesia" → three."""
    out: list[Entity] = []
    for phrase in phrases:
        for part in [phrase, *phrase.conjuncts]:
            place = _conjunct_place(part, roles)
            if place is not None and place.country not in [p.country for p in out]:
                out.append(place)
    return out


def _troop_count(tok) -> bool:
    """Forces, or how many there are of them: "its troops", "the number of its soldiers", "its military presence"."""
    if _military_np(tok):
        return True
    return lemma(tok) in lx.TROOP_COUNTS and (
        any(_military_np(p) for p in prep_objects(tok, "of"))
        or any(lemma(c) in ("military", "troop", "army", "naval") for c in children(tok, "amod", "compound")))


def _name_of(tok) -> str:
    """The proper name a head noun carries: "Open Skies" for "the Open Skies Treaty" or "Open Skies"."""
    parts, todo = [], [tok]
    while todo:
        node = todo.pop()
        for c in node.children:
            if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i:
                parts.append(c)
                todo.append(c)
    parts += [tok] if tok.pos_ == "PROPN" and lemma(tok) not in ACCORD_WORDS else []
    return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))


def accord_names(doc, lemmas: list[str]) -> set[str]:
    """Names the article gives its accords ("the Open Skies Treaty"), so "quit Open Skies" is one too."""
    return {name for i, w in enumerate(lemmas) if w in ACCORD_WORDS and (name := _name_of(doc[i]))}


def _accord(tok, names: set[str] | frozenset = frozenset()) -> bool:
    words = {lemma(t) for t in np_tokens(tok)}
    if words & lx.NON_MILITARY_ACCORD:
        return False
    if lemma(tok) in lx.ACCORDS or (tok.pos_ == "PROPN" and _name_of(tok) in names):
        return True
    return tok.ent_type_ in ("ORG", "LAW", "EVENT") and bool(
        {lemma(t) for t in tok.subtree} & ACCORD_WORDS)


def _power(verb) -> bool:
    return any(lemma(c) == "power" for c in children(verb, "dobj")) or any(
        lemma(o) == "power" for o in prep_objects(verb, "to", "into"))


STAGING = frozenset({"stage", "lead", "launch", "mount", "attempt"})  # "staged a coup"
# Every lemma some branch of :func:`triggers` tests for: a token with none of them (nor a lower-case
# form starting like a coup-staging verb, for the tagger's slips) cannot fire, and most tokens of an
# article are such tokens, so they are passed over before any tree is read.
TRIGGER_WORDS = frozenset(
    lx.SEIZE_VERBS | lx.COUP_VERBS | lx.WEAK_COUP_VERBS | lx.TERMINATE_VERBS | lx.EXPEL_VERBS | lx.WITHDRAW_VERBS
    | lx.DEPLOY_VERBS | lx.SIGN_VERBS | lx.DEMAND_VERBS | lx.REPORTING | lx.REVISE_VERBS | lx.COUP_NOUNS
    | lx.WITHDRAW_NOUNS | lx.REDUCE_VERBS | lx.REDUCE_NOUNS | STAGING
    | {"take", "have", "get", "hand", "cede", "transfer", "deliver", "arrive", "be", "visit", "travel", "fly", "hold",
       "receive", "welcome", "host", "meet", "vote", "one", "arrival", "entry", "deployment", "dispatch", "talk",
       "call", "demand", "request", "plea", "trip"})
STAGING_PREFIXES = tuple(w for w in STAGING if len(w) >= 5)  # what _lemma_in also accepts as a prefix


def may_trigger(word: str, lower: str) -> bool:
    """Whether :func:`triggers` can yield anything for a token of this lemma and lower-case form."""
    return word in TRIGGER_WORDS or lower.startswith(STAGING_PREFIXES)


def triggers(tok, roles: Roles) -> Iterator[Found]:
    """The candidates one token makes; :func:`detect` calls it only where :func:`may_trigger`."""
    word, pos = lemma(tok), tok.pos_
    objs = children(tok, "dobj")
    if pos in ("VERB", "AUX") or tok.tag_.startswith("VB"):
        # Coup -------------------------------------------------------------------------------
        if word in lx.SEIZE_VERBS and _power(tok):
            yield Found("Coup", tok, f"{word} power")
        elif word in lx.SEIZE_VERBS and tok.dep_ == "amod" and lemma(tok.head) == "power" and tok.tag_ in ("VBD", "VBN"):
            yield Found("Coup", tok, f"{word} power (misparsed)")  # "after the military seized power" read as a noun phrase
        elif word == "take" and any(c.lower_ == "over" for c in tok.children) and all(_time_noun(o) for o in objs):
            # "took over hours after Conte died": a time is no object taken over
            subj = clause_subject(tok)
            if subj is not None and _putschist(subj) and not _international(subj, roles):
                yield Found("Coup", tok, "take over (military subject)")
        elif word in lx.COUP_VERBS or word in lx.WEAK_COUP_VERBS:
            subj = clause_subject(tok)
            if subj is not None and subj.lower_ in ("who", "that", "which") and tok.dep_ == "relcl":
                subj = tok.head  # "the generals who toppled him": the relative pronoun stands for the generals
            leader = any(lemma(t) in lx.LEADERS or roles.is_person(t) for o in objs for t in np_tokens(o)
                         if t.dep_ not in ("poss", "case"))
            generic = bool(objs) and all(o.tag_ in ("NNS", "NNPS") and not children(o, "det", "poss") for o in objs)
            military = subj is not None and _putschist(subj) and not _international(subj, roles)
            if subj is not None and lemma(subj) in lx.NON_COUP_CAUSES:
                leader = military = False  # "the war that ousted Saddam Hussein", "voters ousted him"
            if word in lx.WEAK_COUP_VERBS:  # "removed long-time ruler Omar al-Bashir": a leader, and soldiers or a coup story
                fires = leader and (military or roles.coup_context)
            else:
                fires = leader or military
            if fires and not generic and not (tok.dep_ == "advcl" and children(tok, "aux")):
                yield Found("Coup", tok, f"{word} + leader")
        elif _lemma_in(tok, STAGING) and any(lemma(o) in lx.COUP_NOUNS for o in objs):
            yield Found("Coup", tok, f"{word} a coup")
        # Accord termination ---------------------------------------------------------------
        if word in lx.TERMINATE_VERBS:
            accord_objs = [o for o in objs + children(tok, "nsubjpass") if _accord(o, roles.accord_names)]
            if word in ("leave", "quit", "exit", "withdraw", "pull", "walk") or not accord_objs:
                accord_objs += [o for o in prep_objects(tok, "from", "out", "of", "away")
                                if _accord(o, roles.accord_names)]
            if word in ("leave", "quit", "exit") and not accord_objs:
                accord_objs = [o for o in objs if o.ent_type_ == "ORG" and _bloc(o, roles)]
            if accord_objs:
                found = Found("AccordTermination", tok, f"{word} + {lemma(accord_objs[0])}")
                found.targets = [c for o in accord_objs for c in roles.states_in(o.subtree)]
                yield found
                return
        # Troop withdrawal -----------------------------------------------------------------
        if word in lx.EXPEL_VERBS and (any(c.lower_ in ("out", "from") for c in tok.children) or word == "expel"):
            forces = [f for f in children(tok, "nsubjpass") + objs if _military_np(f)]
            if forces:  # "French forces were pushed out of Mali", "the junta expelled French troops"
                agents = [c for f in forces for c in roles.states_of(f)]
                yield from _per_place(Found("TroopWithdrawal", tok, f"{word} out (forces)", agents=agents), roles)
                return
        if word in lx.REDUCE_VERBS and (word not in ("scale", "draw") or any(
                c.lower_ in ("back", "down") for c in tok.children)):
            cut = [o for o in objs + children(tok, "nsubjpass") if _troop_count(o)]
            if cut:  # "will reduce the number of its troops in Iraq", "cut its forces in Mali by half"
                found = Found("TroopWithdrawal", tok, f"{word} forces")
                found.place = roles.place_in([t for o in cut for t in o.subtree] + [
                    t for p in prep_objects(tok, "in", "from") for t in p.subtree])
                yield found
                return
        if word in lx.WITHDRAW_VERBS:
            subj = clause_subject(tok)
            mover = (subj is not None and _military_np(subj)) or any(_military_np(o) for o in objs)
            from_place = prep_objects(tok, "from", "out", "off", "of")
            completion = word == "complete" and any(lemma(o) in lx.WITHDRAW_NOUNS for o in objs)
            if word in ("withdraw", "pull", "evacuate", "bring") and objs and not any(_military_np(o) for o in objs):
                mover = False  # "evacuating 120,000 people", "withdrew its ambassador": no forces leave
            bring_home = word == "bring" and any(c.lower_ == "home" for c in tok.children)
            if completion or bring_home or (mover and word != "complete" and word != "bring"):
                found = Found("TroopWithdrawal", tok, f"{word} (forces)")
                left = (objs if word in ("leave", "quit", "abandon", "exit", "evacuate") else []) + from_place
                if completion:
                    left += [p for o in objs for p in prep_objects(o, "from", "of")]
                found.place = roles.place_in([t for o in left for t in o.subtree])
                yield from _per_place(found, roles)
                return
        if word in ("have", "get") and any(_military_np(o) for o in objs) and any(
                c.lower_ == "out" and c.dep_ in ("prep", "advmod", "prt") for c in tok.children):
            # "plans to have its remaining soldiers out of the country by March"
            found = Found("TroopWithdrawal", tok, f"{word} forces out")
            found.place = roles.place_in([t for c in tok.children if c.lower_ == "out" for t in c.subtree])
            # "out … by the end of March": the deadline set is when the forces are to be gone
            found.date = next((roles.dates[t.i] for p in prep_objects(tok, "by") for t in p.subtree
                               if t.i in roles.dates), None)
            yield found
            return
        if word in ("hand", "cede", "transfer") and (word != "hand" or any(c.lower_ == "over" for c in tok.children)):
            bases = [o for o in objs if lemma(o) in ("base", "camp", "garrison")]
            receivers = [t for o in prep_objects(tok, "to") for t in np_tokens(o)]
            if bases and receivers:  # "France handed over its military base in X to the X army"
                found = Found("TroopWithdrawal", tok, f"{word} over a base")
                found.place = roles.place_in([t for b in bases for t in b.subtree]) or next(
                    (_country(c) for c in roles.states_in(receivers)), None)
                yield found
                return
        # Troop deployment / visits by sending a delegation --------------------------------
        if word in lx.DEPLOY_VERBS:
            moved = objs + children(tok, "nsubjpass") if word in (
                "send", "deploy", "dispatch", "redeploy", "airlift", "rush") else []  # "were sent to Mali by Moscow"
            subj = children(tok, "nsubj", "nsubjpass")
            if word in ("arrive", "enter", "go", "move", "fly", "station", "return", "land"):
                moved = subj or ([clause_subject(tok)] if clause_subject(tok) is not None else [])
            dest = prep_objects(tok, "to", "into", "in") + (objs if word == "enter" else []) + (
                prep_objects(tok, "at") if word == "land" else [])
            if word == "return":
                dest = prep_objects(tok, "to", "into")
            if word in ("go", "move", "return") and (not dest or children(tok, "xcomp")):
                moved = []  # "moved to consolidate their grip", "calling for troops to go": no destination
            home = [c for c in tok.children if c.lower_ == "home" and c.dep_ in ("advmod", "npadvmod", "dobj")]
            left = prep_objects(tok, "from") + [o for h in home for o in prep_objects(h, "from")]
            homing = [_antecedent_forces(m) for m in subj or [clause_subject(tok)] if m is not None]
            if home and not left:  # "soldiers serving in X arrived home": where they served is where they left
                left = [p for m in homing if m is not None for a in children(m, "acl")
                        for p in prep_objects(a, "in")]
            if home and word in ("arrive", "fly", "return", "go"):
                moved = []  # home is the movers' own country: no deployment
            if word in ("return", "fly", "go", "arrive") and home and left and any(
                    m is not None and _military_np(m) for m in homing):
                found = Found("TroopWithdrawal", tok, f"{word} home from")  # "the troops flew home from X"
                found.agents = [c for m in homing if m is not None for c in roles.states_of(m)]
                found.place = roles.place_in([t for d in left for t in d.subtree])
                yield found
                return
            delegation = any(lemma(t) in ("delegation", "envoy", "mission") for m in moved for t in np_tokens(m))
            if delegation and word in ("send", "dispatch"):
                found = Found("DiplomaticVisit", tok, "send a delegation")
                found.place = roles.place_in([t for d in dest for t in d.subtree])
                yield found
                return
            flown_nowhere = word == "fly" and not any(c.lower_ == "in" for c in tok.children) and not dest
            if not flown_nowhere and word != "station" and any(_military_np(m) for m in moved):
                found = Found("TroopDeployment", tok, f"{word} (forces)")
                found.place = roles.place_in([t for d in dest for t in d.subtree])
                if found.place is None and word == "fly":
                    found.place = roles.place_in(list(tok.sent), avoid=tuple(roles.agents(tok)))
                yield found
                return
        if word == "deliver" and children(tok, "nsubjpass"):
            goods = [t for g in children(tok, "nsubjpass") for t in g.subtree]
            weapons = [t for t in goods if lemma(t) in lx.WEAPONS]
            # "howitzers ordered from France were delivered": the seller's arms, sent to the buyer
            sellers = [o for t in goods if t.dep_ == "acl" and lemma(t) in ("order", "buy", "purchase", "acquire")
                       for o in prep_objects(t, "from")] + prep_objects(tok, "from", "by")
            agents = [c for o in sellers for c in roles.states_in(np_tokens(o))]
            if weapons and agents:
                found = Found("TroopDeployment", tok, "arms delivered from", agents=agents)
                buyers = [c for c in roles.states_in(list(tok.sent), forms={"name", "demonym"}) if c not in agents]
                found.place = roles.place_in([t for o in prep_objects(tok, "to") for t in o.subtree]) or (
                    _country(buyers[0]) if buyers else None)  # "…, the Armenian defence ministry said"
                yield found
                return
        # Cooperation agreement ------------------------------------------------------------
        if word in lx.SIGN_VERBS:
            deal = [o for o in objs if _accord(o) or lemma(o) in ("document", "deal", "roadmap", "statement",
                                                                  "declaration", "plan", "programme", "program")]
            # "a defence pact signed in 2016", "the treaty that the two leaders signed in June"
            relative = word in ("sign", "conclude", "ink", "seal") and tok.dep_ in ("acl", "relcl") \
                and _accord(tok.head, roles.accord_names) and lemma(tok.head) not in ("membership", "participation")
            if relative:
                deal.append(tok.head)
            xcomp = children(tok, "xcomp")
            strengthen = [x for x in xcomp if lemma(x) in ("strengthen", "deepen", "boost", "expand", "give",
                                                           "increase", "step", "enhance", "cooperate")]
            military = any(lemma(t) in lx.MILITARY_WORDS for t in tok.subtree) or (relative and (
                any(lemma(t) in lx.MILITARY_WORDS for t in tok.head.subtree) or roles.military_accords))
            if (deal or strengthen) and military and not (word == "agree" and not strengthen and not deal):
                found = Found("CooperationAgreement", tok,
                              f"{word} + {'deal' if deal else 'strengthen ties'}{' (relative)' if relative else ''}")
                for x in strengthen:  # "agreed to give U.S. forces access": the recipient is a party
                    for d in children(x, "dative", "dobj"):
                        found.targets += roles.states_in(np_tokens(d))
                for w in prep_objects(tok, "with") + [p for d in deal for p in prep_objects(d, "with")]:
                    found.targets += roles.states_of(w)
                yield found
                return
        # Diplomatic visit -----------------------------------------------------------------
        arrival = word == "arrive" and bool(prep_objects(tok, "in", "at", "to"))
        # "the minister, who was in Bishkek on Tuesday for talks": being somewhere for talks is visiting it
        arrival = arrival or (word == "be" and bool(prep_objects(tok, "in")) and any(
            lemma(o) in ("talk", "visit", "meeting", "consultation", "negotiation") for o in prep_objects(tok, "for")))
        if word == "visit" or (word in ("travel", "fly") and prep_objects(tok, "to")) or arrival or (
                word == "hold" and any(lemma(o) == "talk" for o in objs)):
            subj = clause_subject(tok)
            if subj is not None and subj.lower_ in ("who", "that") and tok.dep_ == "relcl":
                subj = tok.head  # "the minister, who arrived in X": the minister
            visitor = subj is not None and not _is_forces(subj) and (not arrival or _official(subj, roles))
            if visitor:
                where = objs if word == "visit" else prep_objects(tok, "to", "in", "at")
                if word == "hold":
                    where = prep_objects(tok, "in", "at") + [p for o in objs for p in prep_objects(o, "in", "at")]
                found = Found("DiplomaticVisit", tok, f"{word}")
                found.place = roles.place_in([t for w in where for t in w.subtree])
                stops = _each_place(where, roles)
                if len(stops) > 1:  # "will visit Japan, India and Indonesia": a visit to each
                    for stop in stops:
                        yield replace(found, place=stop, pattern=f"{word} (one of {len(stops)} stops)")
                    return
                if found.place is None and tok.dep_ == "relcl" and any(c.lower_ == "where" for c in tok.children):
                    found.place = roles.place_in([tok.head])  # "flew to Manila from Seoul, where he held talks"
                if word == "hold" and found.place is None:
                    found.place = roles.place_in([t for w in prep_objects(tok, "with") for t in w.subtree])
                yield found
                return
        guest = children(tok, "nsubjpass")
        if word in ("receive", "welcome", "host") and guest and _official(guest[0], roles) \
                and prep_objects(tok, "in", "at"):  # "the army chief was received in Lima by his counterpart"
            found = Found("DiplomaticVisit", tok, f"be {word}d in")
            found.agents = roles.states_of(guest[0])
            found.place = roles.place_in([t for p in prep_objects(tok, "in", "at") for t in p.subtree])
            yield found
            return
        if word == "meet" and any(_official(o, roles) or roles.states_in(np_tokens(o)) for o in objs):
            place = roles.place_in([t for p in prep_objects(tok, "in", "at") for t in p.subtree])
            subj = clause_subject(tok)
            if place is not None and subj is not None and _official(subj, roles):
                found = Found("DiplomaticVisit", tok, "meet in a foreign capital")  # "Putin met Tokayev in Astana"
                found.place = place
                yield found
                return
        guests = [g for o in objs for g in (o, *o.conjuncts) if lemma(g) not in lx.RESIDENT_ENVOYS
                  and (_official(g, roles) or lemma(g) in ("ally", "counterpart"))]
        if word in ("welcome", "receive", "host") and guests and not children(tok, "nsubjpass"):
            # "Meloni welcomed French President Macron to Rome": the guests' states visit the host's
            host = roles.agents(tok)
            visitors = [c for g in guests for c in roles.states_of(g) if c not in host]
            if host and visitors:
                found = Found("DiplomaticVisit", tok, f"{word} visiting officials", agents=visitors)
                found.targets = host[:1]
                found.place = roles.place_in([t for p in prep_objects(tok, "to", "in", "at") for t in p.subtree]
                                             ) or _country(host[0])
                yield found
                return
        if word == "host" and any(lemma(t) in lx.VISITORS for o in objs for t in np_tokens(o)):
            found = Found("DiplomaticVisit", tok, "host a delegation")
            found.agents = [c for o in objs for c in roles.states_in(np_tokens(o))]
            host = roles.agents(tok)
            found.targets = host
            found.place = None if not host else _country(host[0])
            yield found
            return
        # Demand -----------------------------------------------------------------------------
        if word in lx.DEMAND_VERBS:
            demand = _demand(tok, word, objs, roles)
            if demand is not None:
                yield demand
                return
        if word in lx.REPORTING:
            demand = _obligation(tok, roles)
            if demand is not None:
                yield demand
                return
        if word == "vote":
            demand = _wished_departure(tok, roles)
            if demand is not None:
                yield demand
                return
        # Cooperation renewed --------------------------------------------------------------
        if word in lx.REVISE_VERBS:
            deal = [o for o in objs if _accord(o)]
            if tok.dep_ == "relcl" and _accord(tok.head):
                deal.append(tok.head)  # "the accord, which the two countries revised in 2019"
            if deal and (any(lemma(t) in lx.MILITARY_WORDS for d in deal for t in d.subtree)
                         or roles.military_accords):
                yield Found("CooperationAgreement", tok, f"{word} + {lemma(deal[0])}")
                return
    elif word == "one" and _antecedent_coup(tok) is not None:
        yield Found("Coup", tok, "coup … and a second one")  # "led a coup in 2020, and a second one in 2021"
    elif pos in ("NOUN", "PROPN"):
        pulled_off = lemma(tok.head) == "pull" and any(c.lower_ == "off" for c in tok.head.children)
        noun = tok.head if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" else tok
        generic = noun.tag_ == "NNS" and not any(c.dep_ in ("det", "poss", "nummod", "amod", "prep")
                                                 for c in noun.children)  # "coup attempts", "coups"
        pulled_off = pulled_off or generic
        scored = tok.dep_ == "dobj" and lemma(tok.head) in lx.SCORING_VERBS  # "scored a coup": a success
        if word in lx.COUP_NOUNS and not pulled_off and not scored \
                and not any(lemma(c) in lx.NON_MILITARY_COUP for c in tok.children):
            found = Found("Coup", tok, f"noun {word}")
            if tok.dep_ == "attr" and lemma(tok.head) == "be":  # "the gunfire on Thursday had been a coup"
                told = [t.i for s in children(tok.head, "nsubj") for t in s.subtree if t.i in roles.dates]
                found.date = roles.dates[told[0]] if told else None
            yield found
        elif word in lx.REDUCE_NOUNS - lx.WITHDRAW_NOUNS and any(
                _troop_count(p) for p in prep_objects(tok, "of", "in")) or word in lx.REDUCE_NOUNS and any(
                _is_forces(c) for c in children(tok, "compound")):
            # "a reduction of troops in Kashmir", "troop cuts in Germany"
            found = Found("TroopWithdrawal", tok, f"noun {word} (forces)")
            found.place = roles.place_in([t for o in prep_objects(tok, "of", "in", "from") for t in o.subtree])
            yield found
        elif word in lx.WITHDRAW_NOUNS and (any(_military_np(p) for p in prep_objects(tok, "of"))
                                              or tok.head.lemma_ in ("complete", "carry", "announce", "order")):
            found = Found("TroopWithdrawal", tok, f"noun {word}")
            found.place = roles.place_in([t for o in prep_objects(tok, "from", "out") for t in o.subtree])
            yield found
        elif word in ("arrival", "entry", "deployment", "dispatch") and any(_military_np(p) for p in prep_objects(tok, "of")) \
                and lemma(tok.head) in lx.PERMISSION_NOUN_HEADS:
            # "approved the arrival of 40 U.S. military trainers", "authorize the entry of Russian soldiers"
            found = Found("TroopDeployment", tok, f"{lemma(tok.head)} the {word} of forces")
            found.place = roles.place_in([t for o in prep_objects(tok, "to", "in", "into") for t in o.subtree])
            clauses = [c for m in (tok, *prep_objects(tok, "of")) for n in (m, *m.conjuncts)
                       for c in children(n, "relcl", "acl")]
            movers = [v for c in clauses for v in (c, *children(c, "xcomp")) if lemma(v) in lx.DEPLOY_VERBS | {"land"}]
            # "the entry of Russian soldiers, which are to arrive in October": when they come
            found.date = next((d for m in movers if (d := own_date(m, roles.dates)) is not None), None)
            yield found
        elif word == "talk" and tok.tag_ == "NNS" and tok.dep_ == "pobj" and prep_objects(tok, "with"):
            # "Biden, speaking in Warsaw after talks with Polish President Andrzej Duda": a visit when
            # the sentence places the talks in the counterpart's country
            others = [c for o in prep_objects(tok, "with") for c in roles.states_of(o)]
            spans = [sp for sp in roles.index.in_tokens(range(tok.sent.start, tok.sent.end))
                     if sp.form in PLACE_FORMS and sp.entity.kind != "organisation" and sp.entity.country in others]
            if spans:
                found = Found("DiplomaticVisit", tok, "talks with + place")
                found.place = spans[0].entity
                found.targets = [spans[0].entity.country]
                yield found
        elif word in ("call", "demand", "request", "plea") and _wished_departure(tok, roles) is not None:
            yield _wished_departure(tok, roles)
        elif word in ("visit", "trip") and prep_objects(tok, "to"):
            found = Found("DiplomaticVisit", tok, f"noun {word}")
            found.place = roles.place_in([t for o in prep_objects(tok, "to") for t in o.subtree])
            yield found
        elif word == "visit" and any(lemma(t) in lx.VISITORS for o in prep_objects(tok, "by") for t in np_tokens(o)):
            # "during a visit by the PNG prime minister": the visitor's state, somewhere else the sentence names
            found = Found("DiplomaticVisit", tok, "noun visit by an official")
            found.agents = [c for o in prep_objects(tok, "by") for c in roles.states_in(np_tokens(o))]
            found.place = roles.place_in(list(tok.sent), avoid=tuple(found.agents))
            if found.agents and found.place is not None and found.place.country not in found.agents:
                yield found


def _left_places(tok, roles: Roles) -> list[tuple[object, str]]:
    """The ("out"/"from" token, country) pairs a withdrawal leaves, in text order: "pushed out of Mali
    in 2022 and out of Burkina Faso and Niger last year" leaves three."""
    out: list[tuple[object, str]] = []
    for prep in tok.subtree:
        if prep.lower_ not in ("out", "from") or prep.dep_ not in ("prep", "prt", "conj", "advmod"):
            continue
        if any(a.dep_ in SKIP_SUBTREE for a in prep.ancestors if a.i > tok.i or a.i < tok.i and a in tok.subtree):
            continue
        objects = children(prep, "pobj") + [o for inner in children(prep, "prep") for o in children(inner, "pobj")]
        for obj in objects:
            for place in [obj, *obj.conjuncts]:
                entity = _conjunct_place(place, roles)
                if entity is not None and entity.country not in [c for _, c in out]:
                    out.append((prep, entity.country))
    return out


def _per_place(found: Found, roles: Roles) -> Iterator[Found]:
    """One withdrawal per country left, each dated by the date said after its place."""
    places = _left_places(found.trigger, roles)
    if len(places) < 2:
        yield found
        return
    sent = found.trigger.sent
    dated = sorted((i, v) for i, v in roles.dates.items() if sent.start <= i < sent.end)
    for n, (prep, country) in enumerate(places):
        nxt = next((p.i for p, c in places[n + 1:] if p.i > prep.i), sent.end)
        own = [v for i, v in dated if prep.i < i < nxt]
        later = [v for i, v in dated if i > prep.i]
        yield replace(found, agents=list(found.agents), targets=list(found.targets), place=_country(country),
                      date=(own or later or [None])[0])


def _international(tok, roles: Roles) -> bool:
    """Forces of a bloc or of many states ("an EU force", "international peacekeepers"): they take
    over a mission, never power."""
    words = np_tokens(tok)
    return any(lemma(t) in lx.GENERIC_ADJ | {"peacekeeping", "peacekeeper"} or _bloc(t, roles) for t in words)


def _bloc(tok, roles: Roles) -> bool:
    span = roles.index.at(tok.i)
    return span is not None and span.entity.kind == "organisation"


def _country(code: str) -> Entity | None:
    return load_gazetteer().country(code)


def _obligation(tok, roles: Roles) -> Found | None:
    """"Faye said France would have to close its military bases": a state saying another must leave."""
    for clause in children(tok, "ccomp"):
        act = None
        if lemma(clause) == "have":
            act = next((x for x in children(clause, "xcomp") if lemma(x) in lx.LEAVE_VERBS), None)
        elif lemma(clause) in lx.LEAVE_VERBS and any(a.lower_ in ("must", "should") for a in children(clause, "aux")):
            act = clause
        if act is None:
            continue
        obliged = children(clause, "nsubj")
        military = any(_military_np(o) or o.lower_ in ("bases", "base", "presence") for o in children(act, "dobj")) \
            or any(_military_np(o) for o in obliged)
        if not obliged or not military:
            continue
        found = Found("Demand", tok, f"say + must {lemma(act)}")
        found.agents = roles.agents(tok)
        found.targets = roles.states_of(obliged[0])
        found.complement = act
        if found.agents and found.targets and not set(found.agents) & set(found.targets):
            return found
    return None


def _wished_departure(tok, roles: Roles) -> Found | None:
    """"renewed its call for Russian troops to leave", "voted for all foreign troops to leave"."""
    for act in children(tok, "advcl", "acl", "relcl"):
        if lemma(act) not in lx.LEAVE_VERBS or not (act.dep_ == "acl" or any(
                c.dep_ == "mark" and c.lower_ == "for" for c in act.children)):
            continue
        movers = [m for m in children(act, "nsubj") if _military_np(m)]
        if act.dep_ == "acl" and not movers:  # "its call for Russian troops to leave", parsed as "for" + object
            movers = [m for m in prep_objects(tok, "for") if _military_np(m)]
            if not movers or not any(c.dep_ == "aux" and c.lower_ == "to" for c in act.children):
                continue
        if not movers:
            continue
        targets = [c for m in movers for c in roles.states_in(np_tokens(m))]
        generic = any(c.dep_ == "amod" and c.lower_ in lx.GENERIC_ADJ for m in movers for c in m.children)
        if not targets and not generic:
            continue
        found = Found("Demand", tok, f"{lemma(tok)} for + {lemma(act)}" + ("" if targets else " (foreign forces)"))
        found.targets = targets
        found.complement = act
        if tok.pos_ == "NOUN":
            owner = [p for p in children(tok, "poss") if p.lower_ not in ("its", "their", "his", "her")]
            head = tok.head.head if tok.dep_ == "pobj" else tok.head
            found.agents = (roles.states_of(owner[0]) if owner else []) or (
                roles.agents(head) if head.pos_ in ("VERB", "AUX") else [])
        return found
    return None


def _that_clause(verb) -> bool:
    """A relative clause that is really a complement: "a resolution that Russian troops leave" has a
    subject of its own besides "that"."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children) and bool(
        children(verb, "nsubj", "nsubjpass"))


def _demand(tok, word, objs, roles: Roles) -> Found | None:
    """"demanded they leave", "ordered Denmark to withdraw", "gave French troops one month to leave"."""
    if word in ("order", "tell", "ask", "urge", "request"):
        comps = [c for c in children(tok, "xcomp", "ccomp") if any(a.lower_ == "to" for a in c.children)]
    else:
        comps = children(tok, "ccomp", "xcomp")
    if word == "give":  # "gave French troops one month to leave", "gave X until March to pull out"
        comps += [c for c in children(tok, "advcl") if any(a.lower_ == "to" for a in c.children)]
        comps += [c for p in prep_objects(tok, "until", "till") for c in p.subtree
                  if c.dep_ in ("acl", "relcl") and any(a.lower_ == "to" for a in c.children)]
    for obj in objs:
        comps += children(obj, "acl", "relcl")
    if word == "demand":  # "demanding in a resolution that X leave", the clause misread as the resolution's
        comps += [c for p in prep_objects(tok, "in") for c in children(p, "relcl") if _that_clause(c)]
    leave = [c for c in comps if lemma(c) in lx.LEAVE_VERBS]
    if word == "order" and not leave and any(_military_np(o) for o in objs):  # "ordered French troops out"
        leave = [c for c in tok.children if c.lower_ == "out" and c.dep_ in ("advmod", "prt", "prep")]
    if word == "call":
        leave += [c for o in prep_objects(tok, "for") for c in o.subtree if lemma(c) in lx.LEAVE_VERBS | lx.WITHDRAW_NOUNS]
    if word in ("demand", "call", "request") and not leave:
        leave = [o for o in objs if lemma(o) in lx.WITHDRAW_NOUNS] or [
            p for o in objs for p in prep_objects(o, "for") if lemma(p) in lx.WITHDRAW_NOUNS]  # "a timetable for"
    if not leave:
        return None
    found = Found("Demand", tok, f"{word} + {lemma(leave[0])}")
    who = []
    for verb in leave:
        who += children(verb, "nsubj", "nsubjpass")
        if verb.pos_ == "NOUN":  # "the departure of Chilean forces", "the coalition's departure"
            who += [o for o in prep_objects(verb, "of") if _military_np(o)] + children(verb, "poss")
    who += children(tok, "dative") + (objs if word in ("order", "tell", "ask", "urge", "give") else [])
    for w in who:
        if lemma(w) in lx.DIPLOMATS:
            continue  # "ordered the French ambassador to leave": a diplomatic expulsion, no forces
        states = roles.states_in(np_tokens(w))
        if not states and w.pos_ == "PRON" and tok.dep_ == "advcl":
            # "withdrew troops ... after the country demanded they leave": they = the main clause's forces
            main = tok.head
            states = roles.states_of(clause_subject(main)) if any(
                _military_np(o) for o in children(main, "dobj", "nsubj")) else []
        if not states:
            states = roles.states_of(w)
        found.targets += [c for c in states if c not in found.targets]
    found.complement = leave[0]
    return found


# ---------------------------------------------------------------------------- dates
def _in_dateline(tok) -> bool:
    """A date in the dateline ("TBILISI, Nov 15 (Reuters) - ...") dates the dispatch, not an act."""
    sent = tok.sent
    head = tok.doc[sent.start:min(sent.end, sent.start + 10)]
    return any(t.text in ("-", "–", "—") and t.i > tok.i for t in head) and tok.i - sent.start < 8


def own_date(tok, dates: dict[int, DateValue]) -> DateValue | None:
    """A date expression that attaches to this trigger's own clause (not to an object or subclause)."""
    best = None
    sent = tok.sent
    for root_i, value in dates.items():
        if not sent.start <= root_i < sent.end:
            continue  # the walk up the tree below never leaves the date's sentence
        node = tok.doc[root_i]
        if _in_dateline(node):
            continue
        ok = False
        prev = None
        for _ in range(8):
            if node == tok:
                ok = True
                break
            if node.dep_ == "dobj" and node.head == tok and prev is not None and prev.dep_ == "prep" \
                    and prev.lower_ in ("on", "in") and prev.i == node.i + 1 and prev.head == node:
                prev, node = node, node.head  # "signed an agreement on Friday": the date misread as the object's
                continue
            if node.dep_ == "nsubj" and node.head == tok and tok.doc[root_i].dep_ in ("nmod", "npadvmod") \
                    and root_i < node.i:
                ok = True  # "and in December 2008 army captain X took over", the date misread as a modifier
                break
            if node.dep_ == "prep" and node.lower_ == "on" and node.head.dep_ in ("nsubj", "nsubjpass") \
                    and node.head.head == tok and node.right_edge.i == tok.i - 1:
                ok = True  # "the two neighbours on Thursday signed": the date misread as the subject's
                break
            if node.dep_ in BLOCK_DATE and node.i != root_i:
                break
            if node.dep_ == "prep" and node.lower_ in NO_DATE_PREPS:
                break
            if node.dep_ in ("nsubj", "dobj", "attr") and node.i == root_i:
                break
            if node.head == node:
                break
            prev, node = node, node.head
        if ok and (best is None or abs(root_i - tok.i) < abs(best[0] - tok.i)):
            best = (root_i, value)
    return best[1] if best else None


_UNIT_DAYS = {"day": 1, "week": 7, "hour": 0, "minute": 0, "night": 1}
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10}


def _relative_to(tok):
    """For an act told as "a day after X" or "hours before X": the ``after``/``before`` token and the
    verb of the clause it is measured from."""
    node = tok.head if tok.dep_ == "amod" else tok  # "after the military seized power" read as a noun phrase
    for mark in children(tok, "mark"):
        if mark.lower_ in ("after", "before") and tok.dep_ == "advcl":
            return mark, tok.head
    prep = node.head if node.dep_ in ("pobj", "pcomp") else None
    if prep is not None and prep.lower_ in ("after", "before") and prep.dep_ == "prep":
        main = prep.head
        if _time_noun(main) and main.head != main:
            main = main.head
        return prep, main
    return None


def _offset_days(after) -> int | None:
    """The distance said just before "after": "a day" 1, "two weeks" 14, "hours" 0; None if not said."""
    doc = after.doc
    unit = doc[after.i - 1] if after.i > 0 else None
    if unit is None or lemma(unit) not in _UNIT_DAYS:
        return None
    count = doc[unit.i - 1].lower_ if unit.i > 0 else ""
    if lemma(unit) in ("hour", "minute"):
        return 0
    n = int(count) if count.isdigit() else _COUNTS.get(count)
    return None if n is None else n * _UNIT_DAYS[lemma(unit)]


def clause_date(verb, dates: dict[int, DateValue]) -> DateValue | None:
    """The date of a clause, else of the clauses it hangs on (through subordinate and reported clauses)."""
    node = verb
    for _ in range(6):
        value = own_date(node, dates)
        if value is not None:
            return value
        if node.dep_ not in ("advcl", "ccomp", "xcomp", "conj", "pcomp", "prep", "pobj") or node.head == node:
            return None
        node = node.head
    return None


def anchored_date(tok, dates: dict[int, DateValue]) -> DateValue | None:
    """"said on Tuesday ..., a day after the military seized power": Tuesday less one day."""
    found = _relative_to(tok)
    if found is None:
        return None
    after, main = found
    days = _offset_days(after)
    base = clause_date(main, dates) if days is not None else None
    if base is None or base.precision not in ("year", "month", "day"):
        return None
    if base.precision != "day":
        return base if days <= 7 else None  # a few days from "February 1964" is still February 1964
    shifted = base.first_day + timedelta(days=-days if after.lower_ == "after" else days)
    return DateValue(shifted.isoformat(), "day")


def calendar_date(value: DateValue | None) -> DateValue | None:
    """An event's date at a calendar precision: a week (or weekend) within one month is that month."""
    if value is None or value.precision in ("year", "month", "day"):
        return value
    m = re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value.value)
    if value.precision != "week" or m is None:
        return None
    first = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 6 if m.group(3) else 1)
    last = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 7)
    return DateValue(f"{first.year:04d}-{first.month:02d}", "month") if first.month == last.month else None


def event_date(tok, dates: dict[int, DateValue]) -> DateValue | None:
    """The trigger's own date, else that of the reporting clause it is said in."""
    value = own_date(tok, dates) or _purpose_date(tok, dates)
    for comp in children(tok, "xcomp"):  # "agreed to strengthen ties in January"
        value = value or own_date(comp, dates)
    node = tok
    while value is None and node.dep_ in ("ccomp", "xcomp", "conj", "pobj", "prep", "dobj", "pcomp") \
            and node.head != node:
        if node.dep_ == "conj" and children(node, "nsubj", "nsubjpass"):
            break  # a clause of its own ("..., and the junta demanded ...") has its own time
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            value = own_date(node, dates) or _purpose_date(node, dates)
    return value


def _purpose_date(tok, dates: dict[int, DateValue]) -> DateValue | None:
    """"voted on Tuesday to pull out": an infinitive without a subject of its own is dated by the
    decision it hangs on; "played a role in March 2009, when it backed a takeover" by the clause it explains."""
    when = any(c.dep_ == "advmod" and c.lower_ == "when" and c.i < tok.i for c in tok.children)
    if tok.dep_ == "relcl" and when and tok.head.i in dates:
        return dates[tok.head.i]  # "in December, when the minister travelled to ..."
    if tok.dep_ != "advcl" or tok.head == tok or tok.head.pos_ not in ("VERB", "AUX"):
        return None
    purpose = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) \
        and not children(tok, "nsubj", "nsubjpass", "mark")
    # "went further on Wednesday, demanding ...": a participle without a subject shares its clause's time
    participle = tok.tag_ == "VBG" and not children(tok, "nsubj", "nsubjpass", "mark")
    return own_date(tok.head, dates) if purpose or when or participle else None  # "in March 2009, when it backed ..."


# ---------------------------------------------------------------------------- the whole article
@dataclass(frozen=True)
class Candidate:
    """A trigger that fired and what became of it: an event, or the reason it was dropped."""

    sentence: int
    start: int  # character offset of the trigger
    trigger: str
    type: str
    pattern: str
    outcome: str  # "event (<status cue>)" or "dropped: <reason>"


def detect(doc, index: DocIndex, dates: dict[int, DateValue], keep_all: bool = False,
           trace: list[Candidate] | None = None) -> list[Event]:
    """The events of a parsed article; ``trace`` (when given) receives every trigger that fired."""
    discourse = Discourse(dominant=index.salience.most_common(1)[0][0] if index.salience else None)
    # one pass over the tokens: their lemmas, the heads of coordinations, the possible triggers
    lemmas: list[str] = []
    conj_heads: set[int] = set()
    candidates: set[int] = set()
    for tok in doc:
        word = lemma(tok)
        lemmas.append(word)
        if tok.dep_ == "conj":
            conj_heads.add(tok.head.i)
        if may_trigger(word, tok.lower_):
            candidates.add(tok.i)
    coup_context = any(w in COUP_CONTEXT for w in lemmas)
    roles = Roles(index, discourse, _regime(doc, index, lemmas), coup_context)
    roles.dates = dates
    roles.accord_names = accord_names(doc, lemmas)
    roles.military_accords = any(w in lx.ACCORDS and any(lemma(t) in lx.MILITARY_WORDS for t in doc[i].subtree)
                                 for i, w in enumerate(lemmas))
    reports: list[Report] = []
    for number, sent in enumerate(doc.sents):
        claimed: set[int] = set()
        for i in sorted(candidates.intersection(range(sent.start, sent.end))):
            tok = doc[i]
            for found in triggers(tok, roles):
                event, why = _complete(found, roles, dates, claimed)
                if trace is not None:
                    trace.append(Candidate(number, tok.idx, tok.text, found.type, found.pattern,
                                           f"event ({why})" if event is not None else f"dropped: {why}"))
                if event is not None:
                    if event.type in ("TroopWithdrawal", "TroopDeployment") and event.place is not None:
                        discourse.theatre = event.place.country
                    announced = tok.pos_ == "NOUN" and lemma(tok.head) in lx.REPORTING | lx.PLAN_VERBS
                    own = own_date(tok, dates) is not None and not announced  # "announced the pullout on Feb. 17"
                    noun = tok.head if tok.dep_ == "compound" else tok  # "a coup attempt"
                    told_again = found.type == "Coup" and event.date is None and noun.dep_ in ("attr", "pobj") \
                        and _described_coup(noun, noun.head.head if noun.dep_ == "pobj" else noun.head) \
                        and not any(c.lower_ in ("previous", "earlier", "another", "second") or c.ent_type_ == "ORDINAL"
                                    for c in noun.children)
                    reports.append(Report(event, number, _anaphoric(tok) or told_again, own))
        _advance(sent, roles, conj_heads)
    return [r.event for r in reports] if keep_all else merge(reports)


def _complete(found: Found, roles: Roles, dates, claimed: set[int]) -> tuple[Event | None, str]:
    """The event a candidate makes, or None, with the reason either way."""
    tok = found.trigger
    status, why = modality_why(tok.head if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" else tok)
    if status == "skip":
        return None, why
    if found.type == "Coup" and tok.pos_ == "NOUN" and _told_by_verb(tok, claimed):
        return None, "told by the verb it hangs on"  # "seized power in a July 2023 coup": one event
    claimed.add(tok.i)
    agents = found.agents or _agents(found, roles)
    agents = list(dict.fromkeys(a for a in agents if a))
    if not agents:
        return None, "no state agent"
    targets = [t for t in dict.fromkeys(found.targets) if t not in agents]
    place = found.place
    if found.type == "Coup":
        place = _country(agents[0]) or place
        agents = agents[:1]
    if found.type == "DiplomaticVisit":
        if place is None and targets:
            place = _country(targets[0])
        if place is not None and place.country in agents and len(agents) > 1:
            agents = [a for a in agents if a != place.country]  # "X and Y signed ... during a visit to Y"
        if place is not None and place.country in agents:
            return None, "a visit at home"
        if place is not None and not targets:
            targets = [place.country]
    if found.type == "TroopWithdrawal" and place is not None and place.country in agents:
        bound = roles.place_in([t for p in prep_objects(tok, "for", "to", "toward", "towards") for t in p.subtree])
        if bound is None or bound.country in agents:
            return None, "forces left their own country"
        # "the soldiers left Kenya on Monday for Haiti": sent abroad
        found, place = replace(found, type="TroopDeployment", pattern=f"{found.pattern}, left home for"), bound
    if found.type == "TroopDeployment" and place is not None and place.country in agents:
        return None, "forces moved at home"
    if found.type in ("TroopWithdrawal", "TroopDeployment") and place is None:
        # states moving troops of their own in other clauses ("X brought its troops home; Y withdrew
        # its contingent") are not where these troops were
        acting = [c for t in tok.sent if t.dep_ == "nsubj" and t.head != tok
                  and lemma(t.head) in lx.WITHDRAW_VERBS | lx.DEPLOY_VERBS for c in roles.states_in([t])]
        place = roles.country_place(tok, avoid=tuple(agents)) or roles.place_in(
            list(tok.sent), avoid=tuple(agents) + tuple(acting))
        if place is not None and (place.country in agents or place.country in acting):
            place = None
        theatre = roles.discourse.theatre
        if place is None and found.type == "TroopWithdrawal" and theatre and theatre not in agents:
            place = _country(theatre)
        if place is None and found.type == "TroopWithdrawal" and any(c.lower_ == "back" for c in tok.children) \
                and not prep_objects(tok, "from", "out", "of"):
            return None, "pulled back, from nowhere abroad"  # "the soldiers pulled back hours later"
    if found.type == "TroopWithdrawal" and place is not None and _moved_on_within(tok, place, roles):
        return None, "moved on inside the country it left a place of"
    if found.type == "Demand" and not targets and not found.pattern.endswith("(foreign forces)"):
        return None, "no one demanded of"
    sent = tok.sent
    date = found.date or own_date(tok, dates) or anchored_date(tok, dates) or event_date(tok, dates)
    if date is None and found.complement is not None:
        date = own_date(found.complement, dates)
    date = calendar_date(date)
    return Event(
        type=found.type, agents=tuple(agents), targets=tuple(targets), place=place, date=date,
        status=status if found.type in ("TroopWithdrawal", "TroopDeployment", "AccordTermination",
                                        "DiplomaticVisit", "CooperationAgreement") else None,
        trigger=tok.text, pattern=found.pattern, confidence=0.7,
        evidence=(Evidence(sent.start_char, sent.end_char, sent.text.strip()),),
    ), why or "no status cue"


def _told_by_verb(tok, claimed: set[int]) -> bool:
    """A coup noun hanging on a coup verb already found ("seizing power and placing X under arrest in
    the second coup"): through prepositions and coordinated verbs, within the clause."""
    kids = list(tok.children)
    if any(c.ent_type_ == "ORDINAL" or c.lower_ in ("another", "fresh") for c in kids) and not any(
            c.lower_ == "the" for c in kids):
        return False  # "... and tightened its grip in a second takeover in May 2021": a coup of its own
    node = tok
    for _ in range(5):
        if node.head == node or node.dep_ not in ("pobj", "prep", "dobj", "conj", "advcl", "pcomp", "npadvmod"):
            return False
        node = node.head
        if node.i in claimed:
            return True
        if node.pos_ in ("VERB", "AUX") and node.dep_ != "conj":
            return any(c.i in claimed for c in node.conjuncts)
    return False


def _agents(found: Found, roles: Roles) -> list[str]:
    tok = found.trigger
    if found.type == "Coup":
        return _coup_state(tok, roles)
    if tok.pos_ == "NOUN":
        of = [t for o in prep_objects(tok, "of", "by") for t in np_tokens(o)]
        own = roles.states_in([t for t in tok.children if t.dep_ in ("poss", "compound", "amod")]) or roles.states_in(of)
        if own:
            return own
        head = tok.head.head if tok.dep_ == "pobj" else tok.head
        if found.type == "DiplomaticVisit":
            for _ in range(3):  # "inspected the base at the start of a visit to X": the inspector visits
                if head.pos_ not in ("NOUN", "ADP") or head.dep_ not in ("pobj", "prep") or head == head.head:
                    break
                head = head.head
        return roles.agents(head) if head.pos_ in ("VERB", "AUX") else []
    agents = roles.agents(tok)
    if not agents and found.type in ("TroopWithdrawal", "TroopDeployment") and lemma(tok) not in lx.PLACE_OBJECT_VERBS:
        for obj in children(tok, "dobj"):  # "withdrew French troops": the forces' state
            agents = roles.states_in(np_tokens(obj))
            if agents:
                break
    if found.type == "CooperationAgreement":
        subj = clause_subject(tok)
        if subj is not None:
            for conj in subj.conjuncts:
                agents += roles.states_of(conj)
        agents += found.targets
        found.targets = []
        if found.pattern.endswith("(relative)") and subj == tok.head and len(set(agents)) < 2:
            agents += _accord_parties(tok.head, roles)
    return agents


def _accord_parties(accord, roles: Roles) -> list[str]:
    """For "a pact signed in 2016" with no signatories named in its clause: those of the clause the pact
    is named in ("the two countries operate under a pact signed ..."), else the last two states named."""
    node = accord
    while node.dep_ in ("pobj", "prep", "dobj", "appos", "conj") and node.head != node:
        node = node.head
    if node.pos_ in ("VERB", "AUX") and node != accord:
        subj = clause_subject(node)
        if subj is not None and subj != accord:
            found = roles.states_of(subj)
            if len(found) >= 2:
                return found
    sent = accord.sent
    spans = roles.index.in_tokens(range(sent.end))
    here = [sp for sp in spans if sp.start >= sent.start]
    out: list[str] = []
    for span in here + list(reversed([sp for sp in spans if sp.start < sent.start])):
        code = span.entity.country
        if code and span.form in ("name", "demonym", "capital", "metonym") and code not in out:
            out.append(code)
        if len(out) == 2:
            break
    return out


def _coup_where(verb, roles: Roles) -> list[str]:
    """Where power changed hands, from a verb's clause: "soldiers in Niger", "toppled Niger's president",
    "seized power in Burkina Faso"; for "ousted X in Mali and staged a second takeover", the first verb's."""
    for v in [verb] + ([verb.head] if verb.dep_ == "conj" else []):
        subj = clause_subject(v)
        objs = [t for o in children(v, "dobj") for t in o.subtree]
        where = (roles.states_in(list(subj.subtree)) if subj is not None and subj.pos_ != "PRON" else []) \
            or roles.states_in(objs) or roles.states_in([t for o in prep_objects(v, "in") for t in o.subtree])
        if not where:  # "the generals who toppled him": the ruler named last before the pronoun
            where = [c for o in children(v, "dobj") if o.lower_ in ("him", "her")
                     for c in _person_state_before(o, roles)][:1]
        if not where and subj is not None and subj.lower_ in ("who", "which", "that"):
            where = roles.states_of(subj)  # "Niger's military junta, which seized power"
        if where:
            return where[:1]
    return []


def _person_state_before(tok, roles: Roles) -> list[str]:
    """The state of the person named last before ``tok`` in its sentence, for "him" / "her"."""
    spans = [sp for sp in roles.index.in_tokens(range(tok.sent.start, tok.i))
             if sp.form == "person" and sp.entity.country]
    return [spans[-1].entity.country] if spans else []


def _coup_state(tok, roles: Roles) -> list[str]:
    """The state of a coup: where power changed hands, else the country whose junta the article is about."""
    if tok.pos_ in ("VERB", "AUX"):
        return _coup_where(tok, roles) or [c for c in (roles.regime or roles.discourse.dominant,) if c]
    if tok.lower_ == "one" and _antecedent_coup(tok) is not None:  # "a coup in Mali, and a second one"
        return _coup_state(_antecedent_coup(tok), roles)
    own = roles.states_in([t for t in tok.subtree if t.dep_ in ("compound", "poss", "amod", "nmod", "pobj")])
    if own:
        return own[:1]
    verb = tok.head.head if tok.dep_ == "pobj" else tok.head
    told = (tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and _lemma_in(verb, lx.COUP_STAGING)) or (
        tok.dep_ == "pobj" and tok.head.lower_ in ("in", "by"))  # not "France condemned the coup"
    if verb.pos_ in ("VERB", "AUX") and told:  # "staged a coup", "seized power in a coup"; not "during the coup"
        where = _coup_where(verb, roles)
        if where:
            return where
        subject = roles.agents(verb)
        if subject:
            return subject[:1]
    if any(c.lower_ in ("the", "this", "that") for c in tok.children) and roles.regime:
        return [roles.regime]  # "the takeover": the coup the article is about
    if _described_coup(tok, verb):
        place = roles.place_in(list(tok.sent))
        where = [place.country] if place is not None else [c for c in (roles.regime, roles.discourse.dominant) if c]
        return where[:1]
    return list(roles.discourse.focus[:1]) if verb.pos_ not in ("VERB", "AUX") else []


def _described_coup(tok, verb) -> bool:
    """A coup the sentence says happened: "the gunfire had been an attempted coup", "in what the
    president described as a failed takeover", "when it backed a previous takeover"."""
    if tok.dep_ == "attr" and lemma(verb) == "be":
        return True
    if tok.dep_ == "nsubj" and lemma(verb) in ("bring", "sweep", "install") and _power(verb):
        return True  # "a 1980 coup brought X to power"
    if tok.dep_ == "pobj" and tok.head.lower_ == "as" and lemma(tok.head.head) in lx.CALLING_VERBS:
        return True
    return tok.dep_ == "dobj" and lemma(verb) in ("back", "support", "survive", "suppress", "crush", "repel") \
        and not prep_objects(tok, "against")  # "backed a coup against him": the backer's is not the coup state


def _regime(doc, index: DocIndex, lemmas: list[str]) -> str | None:
    """The state named as owner of a junta, military rulers or army ("Mali's military rulers")."""
    counts: dict[str, int] = {}
    for i, word in enumerate(lemmas):
        if word in ("junta", "ruler", "putschist", "regime", "army", "military", "leader"):
            tok = doc[i]
            owners = children(tok, "poss") + prep_objects(tok, "in", "of")
            for span in index.in_tokens(t.i for o in owners for t in o.subtree):
                if span.entity.kind == "country":
                    counts[span.entity.key] = counts.get(span.entity.key, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _advance(sent, roles: Roles, conj_heads: set[int]) -> None:
    """Update what the next sentence may refer back to."""
    root = sent.root
    subj = clause_subject(root) if root.pos_ in ("VERB", "AUX") else None
    if subj is not None:
        states = roles.states_in(np_tokens(subj))
        if states:
            roles.discourse.focus = tuple(states)
    names = [s.entity.key for s in roles.index.in_tokens(range(sent.start, sent.end)) if s.entity.kind == "country"]
    for i in sorted(conj_heads.intersection(range(sent.start, sent.end))):  # only these have conjuncts
        tok = sent.doc[i]
        conj = [c for c in tok.conjuncts] if tok.dep_ != "conj" else []
        if len(conj) >= 1:
            group = roles.states_in([tok, *conj], forms={"name", "demonym"})
            if len(group) >= 2:
                roles.discourse.group = tuple(group)
    if not roles.discourse.focus and names:
        roles.discourse.focus = (names[0],)


# ---------------------------------------------------------------------------- one event per event
@dataclass
class Report:
    """An event as one sentence reports it, with what merging needs to know."""

    event: Event
    sentence: int
    anaphoric: bool  # "the withdrawal", "the coup": refers back rather than telling of a new act
    own_dated: bool = True  # its date is its own, not that of the clause that reports it


def _anaphoric(tok) -> bool:
    """"the withdrawal", "announced the pullout", "we have frozen our participation in this treaty"."""
    if tok.pos_ == "NOUN":
        return any(c.lower_ in ("the", "this", "that") for c in tok.children)
    objects = children(tok, "dobj") + prep_objects(tok, "in", "of", "from", "out")
    return any(t.lower_ in ("this", "that") and t.dep_ == "det" for o in objects for t in o.subtree)


def _compatible(a: Report, b: Report) -> bool:
    x, y = a.event, b.event
    if x.type != y.type or not set(x.agents) & set(y.agents):
        return False
    if x.place is not None and y.place is not None and x.place.country != y.place.country:
        return False
    if x.targets and y.targets and not set(x.targets) & set(y.targets) and x.type != "CooperationAgreement":
        return False
    if x.date is not None and y.date is not None and not _borrowed_date(a, b):
        if x.type in ("TroopDeployment", "TroopWithdrawal") and not a.own_dated and b.own_dated \
                and b.sentence - a.sentence == 1 and _days_apart(x.date, y.date) <= 2:
            return True  # "X has sent troops, officials said Friday. The troops landed late Thursday": one move
        if x.type == "DiplomaticVisit" and _days_apart(x.date, y.date) <= 2 and abs(a.sentence - b.sentence) <= 1:
            return True  # "held talks on Wednesday … X, who arrived late on Tuesday": one visit
        short, long_ = sorted((x.date.value, y.date.value), key=len)
        return long_.startswith(short)
    if x.type == "Coup" and a.sentence == b.sentence and not (a.anaphoric or b.anaphoric):
        return False  # two coups told in one sentence ("X seized power in 1984, and in 2008 Y took over")
    if x.date is None and y.date is None:
        return True
    # one is undated: the same act only when it refers back, or follows on in the next sentence
    return b.anaphoric or a.anaphoric or abs(b.sentence - a.sentence) <= 1


def _days_apart(a: DateValue, b: DateValue) -> int:
    """Days between two day-precise dates; a large number for any other precision."""
    if a.precision != "day" or b.precision != "day":
        return 10**6
    return abs((a.first_day - b.first_day).days)


def _borrowed_date(a: Report, b: Report) -> bool:
    """"Macron announced the pullout on Feb. 17": the later, anaphoric report is dated by its
    announcement, so its date does not keep it apart from the act it refers back to."""
    return b.anaphoric and not b.own_dated


def merge(reports: list[Report]) -> list[Event]:
    """Reports of one event in several sentences become one event with all its evidence."""
    out: list[Report] = []
    for report in reports:
        for i, seen in enumerate(out):
            if _compatible(seen, report):
                a, b = seen.event, report.event
                out[i] = Report(replace(
                    a, agents=tuple(dict.fromkeys(a.agents + b.agents)),
                    targets=tuple(dict.fromkeys(a.targets + b.targets)),
                    place=_finer_place(a.place, b.place),
                    date=a.date if _borrowed_date(seen, report) and a.date else (
                        b.date if report.own_dated and not seen.own_dated and b.date else _finer(a.date, b.date)),
                    status=a.status or b.status,
                    evidence=a.evidence + tuple(e for e in b.evidence if e not in a.evidence),
                    confidence=min(0.95, a.confidence + 0.1)), report.sentence, seen.anaphoric and report.anaphoric,
                    seen.own_dated or report.own_dated)
                break
        else:
            out.append(report)
    return [r.event for r in out]


def _finer(a: DateValue | None, b: DateValue | None) -> DateValue | None:
    if a is None or b is None:
        return a or b
    return a if len(a.value) >= len(b.value) else b


def _finer_place(a: Entity | None, b: Entity | None) -> Entity | None:
    if a is None or b is None:
        return a or b
    return b if a.kind == "country" and b.kind != "country" else a
