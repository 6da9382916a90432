"""Word lists the event rules read: triggers, what counts as armed forces, accords, modality cues.

Lemmas, not surface forms; kept here so the rules in ``events.py`` read as rules.
"""

from __future__ import annotations

# people and units that move as troops
FORCES = {
    "troop", "troops", "force", "forces", "soldier", "military", "army", "garrison", "contingent", "detachment",
    "trainer", "instructor", "adviser", "advisor", "peacekeeper", "paratrooper", "marine", "unit", "battalion",
    "brigade", "personnel", "equipment", "mercenary", "commando", "fighter", "warship", "jet", "aircraft",
    "navy", "airforce", "mission", "deployment", "servicemember", "legionnaire",
    "battery", "missile", "launcher", "tank", "helicopter", "frigate", "destroyer", "submarine",
}
# what makes a "company" a unit of soldiers ("an infantry company")
UNIT_MODIFIERS = {"infantry", "rifle", "engineer", "mechanised", "mechanized", "armoured", "armored", "tank",
                  "signal", "signals", "military", "army", "paratroop", "marine", "commando", "artillery"}
# arms whose delivery by a state counts as its deployment ("howitzers ordered from France were delivered")
WEAPONS = {"howitzer", "tank", "missile", "launcher", "helicopter", "jet", "aircraft", "drone", "frigate",
           "warship", "artillery", "gun", "battery", "rocket", "submarine", "vehicle"}
# who can seize power
PUTSCHISTS = {
    "military", "army", "soldier", "officer", "general", "junta", "putschist", "troop", "force", "colonel",
    "captain", "lieutenant", "guard", "mutineer", "commander", "rebel", "faction", "coup", "leader",
}
# what an accord is called
ACCORDS = {
    "accord", "treaty", "agreement", "pact", "deal", "initiative", "participation", "membership", "alliance",
    "bloc", "organization", "organisation", "community", "convention", "memorandum", "partnership",
    "arrangement", "protocol", "mission", "union",
}
NON_MILITARY_ACCORD = {"labour", "labor", "trade", "wage", "pay", "power-sharing", "domestic",
                       "broadcast", "commercial", "sponsorship", "loan"}
MILITARY_WORDS = {
    "military", "defence", "defense", "security", "troop", "force", "base", "arm", "army", "weapon",
    "nuclear", "soldier", "war", "arms", "naval", "navy", "missile", "counterterrorism", "counter-terrorism",
    "deployment", "brigade", "battalion",
}
LEADERS = {"president", "government", "ruler", "leader", "regime", "prime", "minister", "king", "emir",
           "administration", "cabinet", "monarch", "dictator", "premier"}
COUP_NOUNS = {"coup", "putsch", "takeover", "coup d'etat", "coup d’état"}
VISITORS = {"delegation", "official", "minister", "secretary", "president", "envoy", "diplomat", "leader",
            "chancellor", "premier", "king", "queen", "emir", "chief", "commander", "general", "head"}

# event verbs by type
COUP_VERBS = {"overthrow", "oust", "topple", "depose", "unseat"}
WEAK_COUP_VERBS = {"remove", "dislodge", "sweep", "overturn"}  # a coup only with a leader as object
# verbs whose object coup is the one they tell of ("staged a coup"), unlike "condemned the coup"
COUP_STAGING = {"stage", "lead", "launch", "mount", "attempt", "carry", "plot", "orchestrate", "foil", "thwart",
                "seize", "take", "come", "grab", "assume", "oust", "topple", "overthrow", "execute", "engineer"}
# "in what X described as a coup": the act named is the one told of
CALLING_VERBS = {"describe", "call", "denounce", "term", "label", "brand", "characterise", "characterize", "decry"}
SEIZE_VERBS = {"seize", "take", "grab", "assume", "come"}  # + power
TERMINATE_VERBS = {
    "end", "terminate", "revoke", "denounce", "suspend", "scrap", "abrogate", "cancel", "annul", "renounce",
    "freeze", "tear", "abandon", "quit", "leave", "exit", "withdraw", "pull", "walk", "rip",
}
WITHDRAW_VERBS = {"withdraw", "pull", "leave", "depart", "exit", "evacuate", "retreat", "abandon", "quit",
                  "bring", "complete"}
# forcing others' troops out: "were pushed out of Mali", "expelled French troops"
# cutting troop numbers is a partial withdrawal: "will reduce the number of its troops in Iraq"
REDUCE_VERBS = {"reduce", "cut", "trim", "halve", "scale", "draw"}  # scale/draw: only with back/down
REDUCE_NOUNS = {"reduction", "cut", "cutback", "drawdown"}
TROOP_COUNTS = {"number", "size", "presence", "contingent", "strength", "footprint", "deployment"}
# "coup" in senses that seize nothing: "a propaganda coup", "scored a diplomatic coup"
NON_MILITARY_COUP = {"constitutional", "palace", "boardroom", "propaganda", "publicity", "diplomatic", "media",
                     "pr", "marketing", "electoral", "legal", "commercial", "business", "transfer", "public",
                     "relations", "intellectual", "fashion"}
SCORING_VERBS = {"score", "land", "achieve", "claim", "hail"}  # "scored a coup": a success, not a putsch
# what topples a leader without being a coup: wars, voters, courts, crowds
NON_COUP_CAUSES = {"war", "invasion", "election", "vote", "voter", "protest", "protester", "uprising",
                   "revolution", "parliament", "lawmaker", "legislature", "court", "impeachment", "referendum",
                   "intervention", "coalition", "campaign", "movement", "opposition", "party", "ballot", "people",
                   "crowd", "demonstrator", "bombing", "airstrike", "offensive"}
# verbs of moving on, after leaving a place: "left their base, heading north toward Baghdad"
MOVE_ON_VERBS = {"head", "move", "go", "drive", "march", "advance", "redeploy", "push", "proceed", "travel"}
# resident diplomats are received, not visiting
RESIDENT_ENVOYS = {"ambassador", "consul", "attache", "chargé", "charge"}
EXPEL_VERBS = {"push", "drive", "force", "kick", "expel", "chase", "throw"}
PLACE_OBJECT_VERBS = {"leave", "quit", "abandon", "exit", "evacuate", "enter", "vacate"}  # the object is a place
WITHDRAW_NOUNS = {"withdrawal", "pullout", "pull-out", "pullback", "departure", "exit", "retreat", "drawdown"}
DEPLOY_VERBS = {"send", "deploy", "dispatch", "arrive", "enter", "redeploy", "go", "fly", "move", "rush",
                "airlift", "station", "return", "land"}
REVISE_VERBS = {"revise", "renew", "extend", "amend", "renegotiate", "upgrade", "update"}  # + a military accord
SIGN_VERBS = {"sign", "agree", "conclude", "ink", "seal", "forge", "strike"}
VISIT_VERBS = {"visit", "travel", "fly", "arrive", "host"}
DEMAND_VERBS = {"demand", "order", "want", "ask", "call", "give", "tell", "insist", "urge", "request"}
LEAVE_VERBS = {"leave", "withdraw", "go", "depart", "quit", "exit", "halt", "close", "pull", "end", "stop", "vacate",
               "remove"}

DIPLOMATS = {"ambassador", "diplomat", "envoy", "embassy", "consul", "journalist", "correspondent", "attache"}

# modality
REPORTING = {"say", "announce", "report", "confirm", "tell", "state", "declare", "notify", "inform", "add",
             "write", "claim", "acknowledge", "disclose", "reveal"}
DENIAL = {"deny", "reject", "dismiss", "refute", "rule"}
THREAT = {"threaten", "warn", "vow"}
# acts a clause permits rather than tells of ("the pact allows troops to be deployed")
PERMISSION = {"allow", "permit", "let", "enable"}
# verbs that let forces in, told of their nominalised move ("approved the arrival of US trainers")
PERMISSION_NOUN_HEADS = {"approve", "authorize", "authorise", "allow", "permit", "sanction", "endorse", "ratify"}
# an offer or proposal to move troops is no move yet ("Egypt has offered to send troops")
OFFER = {"offer", "propose", "suggest", "volunteer"}
# businesses: "the Spanish carmaker" is no state
COMPANY_NOUNS = {"company", "firm", "carmaker", "automaker", "maker", "manufacturer", "corporation", "conglomerate",
                 "bank", "airline", "insurer", "retailer", "club", "team", "startup", "enterprise", "business"}
SPECULATION = {"rumour", "rumor", "speculate", "speculation", "consider", "weigh", "mull", "discuss", "talk"}
ALLEGATION = {"accuse", "allege", "suspect", "plot", "allegation", "accusation"}  # "accused of plotting a coup": not (yet) a coup
HEDGE_MODALS = {"could", "might", "may", "should", "must", "can"}
FUTURE_MODALS = {"will", "'ll", "shall"}
PLAN_VERBS = {"plan", "agree", "decide", "prepare", "intend", "promise", "pledge", "aim", "order", "announce",
              "expect", "schedule", "set", "begin", "start", "work", "vow", "approve", "authorize", "authorise"}

# generic words standing for a state ("the country's junta", "the government")
STATE_NOUNS = {"country", "government", "junta", "military", "army", "authority", "regime", "ministry",
               "state", "nation", "administration", "leadership", "ruler", "side", "force", "officer",
               "soldier", "general", "troop", "putschist", "official", "spokesman", "spokesperson", "leader",
               "ally", "neighbour", "neighbor"}
# words that make a noun phrase of forces or states stand for no one state in particular
GENERIC_ADJ = {"foreign", "international", "western", "allied", "multinational", "regional", "other"}
PRONOUNS = {"it", "they", "he", "she", "its", "their", "his", "her", "them", "who", "which", "that", "we"}
