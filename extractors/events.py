"""Events from a parsed article: triggers over the dependency tree, roles from syntax, modality.

Each rule looks at one trigger token (a verb such as "seized", a noun such as "withdrawal") and
reads its roles from the tree: the agent from the subject (through passives, relative clauses,
reported speech and coordination), the target and place from objects and prepositions, the date
from the date expressions that attach to the trigger's own clause. Negated, hedged, threatened,
denied and conditional statements are dropped; announced and agreed acts are ``planned``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from . import lexicon as lx
from .gazetteer import load_gazetteer
from .mentions import PLACE_FORMS, STATE_FORMS, DocIndex
from .records import DateValue, Entity, Event, Evidence

BLOCK_DATE = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "nsubj", "nsubjpass", "dobj", "attr",
              "parataxis", "appos", "csubj", "dative", "pcomp"}
NO_DATE_PREPS = {"since", "until", "till", "for", "through", "within", "throughout", "over", "by"}
SKIP_SUBTREE = {"relcl", "acl", "advcl", "ccomp", "parataxis"}
NOT_AGENT_PREPS = {"against", "to", "toward", "towards", "from", "over", "about", "between", "with", "at", "in",
                   "on", "into", "after", "before", "like", "than", "for", "by"}


@dataclass
class Discourse:
    """What earlier sentences established: the last acting states and the last group of states."""

    focus: tuple[str, ...] = ()
    group: tuple[str, ...] = ()
    dominant: str | None = None


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
        if subj:
            return subj[0]
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

    def __init__(self, index: DocIndex, discourse: Discourse, regime: str | None = None):
        self.index = index
        self.discourse = discourse
        self.regime = regime  # the state whose junta / military rulers the article speaks of

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
        if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl":
            return self.states_of(tok.head.head)
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
        if tok.ent_type_ == "PERSON":
            return list(self.discourse.focus[:1])
        return []

    def corefer(self, tok) -> list[str]:
        head = lemma(tok)
        number = next((c for c in tok.children if c.dep_ == "nummod" or c.lower_ in ("both", "all")), None)
        reporter = self.reporter(tok)
        if reporter is not None and reporter != tok:
            states = self.states_of(reporter)
            if states:
                return states
        if number is not None or (head in ("they", "them", "their") and len(self.discourse.group) > 1
                                  and not self.discourse.focus):
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
                return subj[0]
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
        spans = [s for s in self.index.in_tokens(t.i for t in tokens)
                 if s.form in PLACE_FORMS and s.entity.country and s.entity.kind != "organisation"]
        spans.sort(key=lambda s: (s.entity.country in avoid, s.form == "demonym"))
        return spans[0].entity if spans else None


# ---------------------------------------------------------------------------- modality
def modality(tok) -> str | None:
    """``skip`` for what is not a factual event, else ``planned``/``ongoing``/``completed`` or None."""
    if tok.sent.text.rstrip().endswith("?"):
        return "skip"
    status = None
    node = prev = tok
    for depth in range(6):
        kids = list(node.children)
        if any(c.dep_ == "neg" or c.lower_ in ("never", "no") for c in kids):
            return "skip"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in kids):
            return "skip"
        if any(c.lower_ in ("any",) and c.dep_ == "det" for c in kids) and node.pos_ == "NOUN":
            return "skip"
        modals = {c.lower_ for c in kids if c.dep_ == "aux" and c.tag_ == "MD"}
        if modals & lx.HEDGE_MODALS:
            return "skip"
        if modals & lx.FUTURE_MODALS and status is None:
            status = "planned"
        if "would" in modals:
            status = "planned" if _under(node, lx.REPORTING) else "skip"
            if status == "skip":
                return status
        if depth > 0:
            word = lemma(node)
            if word in lx.DENIAL or word in lx.THREAT or word in lx.SPECULATION:
                return "skip"
            demanded = (word in lx.DEMAND_VERBS - lx.REPORTING and prev.dep_ in ("ccomp", "xcomp")) or (
                word in lx.DEMAND_VERBS and prev.dep_ == "xcomp") or (word == "give" and prev.dep_ == "advcl")
            if demanded:
                return "skip"  # the act demanded is not (yet) an event: the demand is
            if word in lx.PLAN_VERBS and status is None:
                status = "planned"
        if status is None and depth == 0:
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in kids):
                status = "planned"
            elif tok.tag_ == "VBG" and any(c.dep_ == "aux" and lemma(c) == "be" for c in kids):
                status = "ongoing"
            elif tok.tag_ in ("VBD", "VBN"):
                status = "completed"
        if node.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "pcomp", "prep", "pobj", "dobj", "acl") \
                or node.head == node:
            break
        prev, node = node, node.head
    return status


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
def _is_forces(tok) -> bool:
    return lemma(tok) in lx.FORCES or tok.lower_ in lx.FORCES


def _military_np(tok) -> bool:
    return any(_is_forces(t) for t in np_tokens(tok)) or any(lemma(t) in lx.FORCES for t in tok.subtree
                                                              if t.dep_ in ("compound", "amod", "conj"))


def _accord(tok) -> bool:
    words = {lemma(t) for t in np_tokens(tok)}
    if words & lx.NON_MILITARY_ACCORD:
        return False
    if lemma(tok) in lx.ACCORDS:
        return True
    return tok.ent_type_ in ("ORG", "LAW", "EVENT") and bool(
        {lemma(t) for t in tok.subtree} & (lx.ACCORDS | {"treaty"}))


def _power(verb) -> bool:
    return any(lemma(c) == "power" for c in children(verb, "dobj")) or any(
        lemma(o) == "power" for o in prep_objects(verb, "to", "into"))


def triggers(tok, roles: Roles) -> Iterator[Found]:  # noqa: C901 - one branch per way news says it
    word, pos = lemma(tok), tok.pos_
    objs = children(tok, "dobj")
    if pos in ("VERB", "AUX") or tok.tag_.startswith("VB"):
        # Coup -------------------------------------------------------------------------------
        if word in lx.SEIZE_VERBS and _power(tok):
            yield Found("Coup", tok, f"{word} power")
        elif word == "take" and any(c.lower_ == "over" for c in tok.children) and not objs:
            subj = clause_subject(tok)
            if subj is not None and (lemma(subj) in lx.PUTSCHISTS or _military_np(subj)):
                yield Found("Coup", tok, "take over (military subject)")
        elif word in lx.COUP_VERBS:
            subj = clause_subject(tok)
            leader = any(lemma(t) in lx.LEADERS or t.ent_type_ == "PERSON" for o in objs for t in np_tokens(o))
            military = subj is not None and (lemma(subj) in lx.PUTSCHISTS or _military_np(subj))
            if (leader or military) and not (tok.dep_ == "advcl" and children(tok, "aux")):
                yield Found("Coup", tok, f"{word} + leader")
        elif word in ("stage", "lead", "launch", "mount", "attempt") and any(lemma(o) in lx.COUP_NOUNS for o in objs):
            yield Found("Coup", tok, f"{word} a coup")
        # Accord termination ---------------------------------------------------------------
        if word in lx.TERMINATE_VERBS:
            accord_objs = [o for o in objs if _accord(o)]
            if word in ("leave", "quit", "exit", "withdraw", "pull", "walk") or not accord_objs:
                accord_objs += [o for o in prep_objects(tok, "from", "out", "of", "away") if _accord(o)]
            if word in ("leave", "quit", "exit") and not accord_objs:
                accord_objs = [o for o in objs if o.ent_type_ == "ORG" and _bloc(o, roles)]
            if accord_objs:
                found = Found("AccordTermination", tok, f"{word} + {lemma(accord_objs[0])}")
                found.targets = [c for o in accord_objs for c in roles.states_in(o.subtree)]
                yield found
                return
        # Troop withdrawal -----------------------------------------------------------------
        if word in lx.WITHDRAW_VERBS:
            subj = clause_subject(tok)
            mover = (subj is not None and _military_np(subj)) or any(_military_np(o) for o in objs)
            from_place = prep_objects(tok, "from", "out", "off", "of")
            completion = word == "complete" and any(lemma(o) in lx.WITHDRAW_NOUNS for o in objs)
            bring_home = word == "bring" and any(c.lower_ == "home" for c in tok.children)
            if completion or bring_home or (mover and word != "complete" and word != "bring"):
                found = Found("TroopWithdrawal", tok, f"{word} (forces)")
                left = (objs if word in ("leave", "quit", "abandon", "exit", "evacuate") else []) + from_place
                if completion:
                    left += [p for o in objs for p in prep_objects(o, "from", "of")]
                found.place = roles.place_in([t for o in left for t in o.subtree])
                yield found
                return
        # Troop deployment / visits by sending a delegation --------------------------------
        if word in lx.DEPLOY_VERBS:
            moved = objs if word in ("send", "deploy", "dispatch", "redeploy", "airlift", "rush") else []
            subj = children(tok, "nsubj", "nsubjpass")
            if word in ("arrive", "enter", "go", "move", "fly", "station"):
                moved = subj or ([clause_subject(tok)] if clause_subject(tok) is not None else [])
            dest = prep_objects(tok, "to", "into", "in") + (objs if word == "enter" else [])
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
        # Cooperation agreement ------------------------------------------------------------
        if word in lx.SIGN_VERBS:
            deal = [o for o in objs if _accord(o) or lemma(o) in ("document", "deal")]
            xcomp = children(tok, "xcomp")
            strengthen = [x for x in xcomp if lemma(x) in ("strengthen", "deepen", "boost", "expand", "give",
                                                           "increase", "step", "enhance", "cooperate")]
            military = any(lemma(t) in lx.MILITARY_WORDS for t in tok.subtree)
            if (deal or strengthen) and military and not (word == "agree" and not strengthen and not deal):
                found = Found("CooperationAgreement", tok, f"{word} + {'deal' if deal else 'strengthen ties'}")
                for x in strengthen:  # "agreed to give U.S. forces access": the recipient is a party
                    for d in children(x, "dative", "dobj"):
                        found.targets += roles.states_in(np_tokens(d))
                for w in prep_objects(tok, "with") + [p for d in deal for p in prep_objects(d, "with")]:
                    found.targets += roles.states_of(w)
                yield found
                return
        # Diplomatic visit -----------------------------------------------------------------
        if word == "visit" or (word in ("travel", "fly") and prep_objects(tok, "to")) or (
                word == "hold" and any(lemma(o) == "talk" for o in objs)):
            subj = clause_subject(tok)
            visitor = subj is not None and not _is_forces(subj)
            if visitor:
                where = objs if word == "visit" else prep_objects(tok, "to", "in", "at")
                if word == "hold":
                    where = prep_objects(tok, "in", "at") + [p for o in objs for p in prep_objects(o, "in", "at")]
                found = Found("DiplomaticVisit", tok, f"{word}")
                found.place = roles.place_in([t for w in where for t in w.subtree])
                if word == "hold" and found.place is None:
                    found.place = roles.place_in([t for w in prep_objects(tok, "with") for t in w.subtree])
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
    elif pos in ("NOUN", "PROPN"):
        if word in lx.COUP_NOUNS and not any(lemma(c) in ("constitutional", "palace", "boardroom") for c in tok.children):
            yield Found("Coup", tok, f"noun {word}")
        elif word in lx.WITHDRAW_NOUNS and (any(_military_np(p) for p in prep_objects(tok, "of"))
                                              or tok.head.lemma_ in ("complete", "carry", "announce", "order")):
            found = Found("TroopWithdrawal", tok, f"noun {word}")
            found.place = roles.place_in([t for o in prep_objects(tok, "from", "out") for t in o.subtree])
            yield found
        elif word in ("visit", "trip") and prep_objects(tok, "to"):
            found = Found("DiplomaticVisit", tok, f"noun {word}")
            found.place = roles.place_in([t for o in prep_objects(tok, "to") for t in o.subtree])
            yield found


def _bloc(tok, roles: Roles) -> bool:
    span = roles.index.at(tok.i)
    return span is not None and span.entity.kind == "organisation"


def _country(code: str) -> Entity | None:
    return load_gazetteer().country(code)


def _demand(tok, word, objs, roles: Roles) -> Found | None:
    """"demanded they leave", "ordered Denmark to withdraw", "gave French troops one month to leave"."""
    if word in ("order", "tell", "ask", "urge", "request"):
        comps = [c for c in children(tok, "xcomp", "ccomp") if any(a.lower_ == "to" for a in c.children)]
    else:
        comps = children(tok, "ccomp", "xcomp")
    if word == "give":  # "gave French troops one month to leave"
        comps += [c for c in children(tok, "advcl") if any(a.lower_ == "to" for a in c.children)]
    for obj in objs:
        comps += children(obj, "acl", "relcl")
    leave = [c for c in comps if lemma(c) in lx.LEAVE_VERBS]
    if word == "call":
        leave += [c for o in prep_objects(tok, "for") for c in o.subtree if lemma(c) in lx.LEAVE_VERBS | lx.WITHDRAW_NOUNS]
    if word in ("demand", "call", "request") and not leave:
        leave = [o for o in objs if lemma(o) in lx.WITHDRAW_NOUNS]
    if not leave:
        return None
    found = Found("Demand", tok, f"{word} + {lemma(leave[0])}")
    who = []
    for verb in leave:
        who += children(verb, "nsubj", "nsubjpass")
    who += children(tok, "dative") + (objs if word in ("order", "tell", "ask", "urge", "give") else [])
    for w in who:
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
def own_date(tok, dates: dict[int, DateValue]) -> DateValue | None:
    """A date expression that attaches to this trigger's own clause (not to an object or subclause)."""
    best = None
    for root_i, value in dates.items():
        node = tok.doc[root_i]
        ok = False
        for _ in range(8):
            if node == tok:
                ok = True
                break
            if node.dep_ in BLOCK_DATE and node.i != root_i:
                break
            if node.dep_ == "prep" and node.lower_ in NO_DATE_PREPS:
                break
            if node.dep_ in ("nsubj", "dobj", "attr") and node.i == root_i:
                break
            if node.head == node:
                break
            node = node.head
        if ok and (best is None or abs(root_i - tok.i) < abs(best[0] - tok.i)):
            best = (root_i, value)
    return best[1] if best else None


def event_date(tok, dates: dict[int, DateValue]) -> DateValue | None:
    """The trigger's own date, else that of the reporting clause it is said in."""
    value = own_date(tok, dates)
    for comp in children(tok, "xcomp"):  # "agreed to strengthen ties in January"
        value = value or own_date(comp, dates)
    node = tok
    while value is None and node.dep_ in ("ccomp", "xcomp", "conj", "pobj", "prep", "dobj", "pcomp") \
            and node.head != node:
        if node.dep_ == "conj" and children(node, "nsubj", "nsubjpass"):
            break  # a clause of its own ("..., and the junta demanded ...") has its own time
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            value = own_date(node, dates)
    return value


# ---------------------------------------------------------------------------- the whole article
def detect(doc, index: DocIndex, dates: dict[int, DateValue], keep_all: bool = False) -> list[Event]:
    discourse = Discourse(dominant=index.salience.most_common(1)[0][0] if index.salience else None)
    roles = Roles(index, discourse, _regime(doc, index))
    reports: list[Report] = []
    for number, sent in enumerate(doc.sents):
        claimed: set[int] = set()
        for tok in sent:
            for found in triggers(tok, roles):
                event = _complete(found, roles, dates, claimed)
                if event is not None:
                    anaphoric = tok.pos_ == "NOUN" and any(c.lower_ in ("the", "this", "that") for c in tok.children)
                    reports.append(Report(event, number, anaphoric))
        _advance(sent, roles)
    return [r.event for r in reports] if keep_all else merge(reports)


def _complete(found: Found, roles: Roles, dates, claimed: set[int]) -> Event | None:
    tok = found.trigger
    status = modality(tok)
    if status == "skip":
        return None
    if found.type == "Coup" and tok.pos_ == "NOUN":
        if tok.head.i in claimed or (tok.dep_ == "pobj" and tok.head.head.i in claimed):
            return None  # "seized power in a July 2023 coup": one event, already found on the verb
    claimed.add(tok.i)
    agents = found.agents or _agents(found, roles)
    agents = list(dict.fromkeys(a for a in agents if a))
    if not agents:
        return None
    targets = [t for t in dict.fromkeys(found.targets) if t not in agents]
    place = found.place
    if found.type == "Coup":
        place = _country(agents[0]) or place
        agents = agents[:1]
    if found.type == "DiplomaticVisit":
        if place is None and targets:
            place = _country(targets[0])
        if place is not None and place.country in agents:
            return None  # a visit at home is no diplomatic visit
        if place is not None and not targets:
            targets = [place.country]
    if found.type == "TroopDeployment" and place is not None and place.country in agents:
        return None  # a state moving its own forces at home
    if found.type in ("TroopWithdrawal", "TroopDeployment") and place is None:
        place = roles.country_place(tok, avoid=tuple(agents)) or roles.place_in(list(tok.sent), avoid=tuple(agents))
        if place is not None and place.country in agents:
            place = None
    if found.type == "Demand" and not targets:
        return None
    sent = tok.sent
    date = event_date(tok, dates)
    if date is None and found.complement is not None:
        date = own_date(found.complement, dates)
    if date is not None and date.precision not in ("year", "month", "day"):
        date = None
    return Event(
        type=found.type, agents=tuple(agents), targets=tuple(targets), place=place, date=date,
        status=status if found.type in ("TroopWithdrawal", "TroopDeployment", "AccordTermination",
                                        "DiplomaticVisit", "CooperationAgreement") else None,
        trigger=tok.text, pattern=found.pattern, confidence=0.7,
        evidence=(Evidence(sent.start_char, sent.end_char, sent.text.strip()),),
    )


def _agents(found: Found, roles: Roles) -> list[str]:
    tok = found.trigger
    if found.type == "Coup" and tok.pos_ == "NOUN":
        own = roles.states_in([t for t in tok.subtree if t.dep_ in ("compound", "poss", "amod", "nmod", "pobj")])
        if own:
            return own[:1]
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head
        return roles.agents(verb) if verb.pos_ in ("VERB", "AUX") else list(roles.discourse.focus[:1])
    if found.type == "Coup":
        # the state is where power changed hands: "soldiers in Niger", "toppled Niger's president",
        # "seized power in Burkina Faso", else the country whose junta the article speaks of
        subj = clause_subject(tok)
        objs = [t for o in children(tok, "dobj") for t in o.subtree]
        where = (roles.states_in(list(subj.subtree)) if subj is not None and subj.pos_ != "PRON" else []) \
            or roles.states_in(objs) or roles.states_in([t for o in prep_objects(tok, "in") for t in o.subtree])
        if not where and subj is not None and subj.lower_ in ("who", "which", "that"):
            where = roles.states_of(subj)  # "Niger's military junta, which seized power"
        if where:
            return where[:1]
        fallback = roles.regime or roles.discourse.dominant
        if fallback:
            return [fallback]
    if tok.pos_ == "NOUN":
        of = [t for o in prep_objects(tok, "of", "by") for t in np_tokens(o)]
        own = roles.states_in([t for t in tok.children if t.dep_ in ("poss", "compound", "amod")]) or roles.states_in(of)
        if own:
            return own
        head = tok.head.head if tok.dep_ == "pobj" else tok.head
        return roles.agents(head) if head.pos_ in ("VERB", "AUX") else []
    agents = roles.agents(tok)
    if not agents and found.type in ("TroopWithdrawal", "TroopDeployment"):
        for obj in children(tok, "dobj"):
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
    return agents


def _regime(doc, index: DocIndex) -> str | None:
    """The state named as owner of a junta, military rulers or army ("Mali's military rulers")."""
    counts: dict[str, int] = {}
    for tok in doc:
        if lemma(tok) in ("junta", "ruler", "putschist", "regime", "army", "military", "leader"):
            owners = children(tok, "poss") + prep_objects(tok, "in", "of")
            for span in index.in_tokens(t.i for o in owners for t in o.subtree):
                if span.entity.kind == "country":
                    counts[span.entity.key] = counts.get(span.entity.key, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _advance(sent, roles: Roles) -> None:
    """Update what the next sentence may refer back to."""
    root = sent.root
    subj = clause_subject(root) if root.pos_ in ("VERB", "AUX") else None
    if subj is not None:
        states = roles.states_in(np_tokens(subj))
        if states:
            roles.discourse.focus = tuple(states)
    names = [s.entity.key for s in roles.index.in_tokens(range(sent.start, sent.end)) if s.entity.kind == "country"]
    for tok in sent:
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


def _compatible(a: Report, b: Report) -> bool:
    x, y = a.event, b.event
    if x.type != y.type or not set(x.agents) & set(y.agents):
        return False
    if x.place is not None and y.place is not None and x.place.country != y.place.country:
        return False
    if x.targets and y.targets and not set(x.targets) & set(y.targets) and x.type != "CooperationAgreement":
        return False
    if x.date is not None and y.date is not None:
        short, long_ = sorted((x.date.value, y.date.value), key=len)
        return long_.startswith(short)
    if x.date is None and y.date is None:
        return True
    # one is undated: the same act only when it refers back, or follows on in the next sentence
    return b.anaphoric or a.anaphoric or abs(b.sentence - a.sentence) <= 1


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
                    place=_finer_place(a.place, b.place), date=_finer(a.date, b.date),
                    status=a.status or b.status,
                    evidence=a.evidence + tuple(e for e in b.evidence if e not in a.evidence),
                    confidence=min(0.95, a.confidence + 0.1)), report.sentence, seen.anaphoric and report.anaphoric)
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
