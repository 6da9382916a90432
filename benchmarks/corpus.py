"""Seeded synthetic inputs: news-like article texts for ingest, and extraction records for the query KB.

The texts are written by templates in the style of short wire reports — states, their demonyms
and capitals, triggers the extractors know (seized power, withdraw troops, end an accord, sign a
cooperation agreement, visit, demand) with dates relative to the publication day — padded with
the kind of background sentences that carry no event. They are generated, never copied from a
corpus, and the same seed gives the same articles.

The query benchmarks need 100,000 events: running spaCy over enough articles would take hours, so
:func:`synthetic_extractions` builds :class:`~extractors.records.Extraction` records directly from
the gazetteer's real entities, and the store maps them to RDF with the same code as an ingest.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from extractors.records import Article, DateValue, Event, Evidence, Extraction, Mention

# name, demonym, capital — states that appear together in security news
STATES = [
    ("Niger", "Nigerien", "Niamey"), ("Mali", "Malian", "Bamako"), ("Burkina Faso", "Burkinabe", "Ouagadougou"),
    ("Chad", "Chadian", "N'Djamena"), ("Sudan", "Sudanese", "Khartoum"), ("Gabon", "Gabonese", "Libreville"),
    ("Guinea", "Guinean", "Conakry"), ("Senegal", "Senegalese", "Dakar"), ("Nigeria", "Nigerian", "Abuja"),
    ("France", "French", "Paris"), ("Germany", "German", "Berlin"), ("Italy", "Italian", "Rome"),
    ("Russia", "Russian", "Moscow"), ("China", "Chinese", "Beijing"), ("Turkey", "Turkish", "Ankara"),
    ("Iran", "Iranian", "Tehran"), ("the United States", "American", "Washington"),
    ("Britain", "British", "London"), ("Algeria", "Algerian", "Algiers"), ("Morocco", "Moroccan", "Rabat"),
    ("Egypt", "Egyptian", "Cairo"), ("Ethiopia", "Ethiopian", "Addis Ababa"), ("Kenya", "Kenyan", "Nairobi"),
    ("Somalia", "Somali", "Mogadishu"), ("Libya", "Libyan", "Tripoli"), ("Ukraine", "Ukrainian", "Kyiv"),
    ("Poland", "Polish", "Warsaw"), ("Japan", "Japanese", "Tokyo"), ("India", "Indian", "New Delhi"),
    ("Brazil", "Brazilian", "Brasilia"),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SURNAMES = ["Bazoum", "Traore", "Keita", "Deby", "Ndiaye", "Okafor", "Mensah", "Diallo", "Kone", "Abdou",
            "Hassan", "Moreau", "Weber", "Rossi", "Petrov", "Zhang", "Yilmaz", "Karimi", "Smith", "Tanaka"]

EVENT_SENTENCES = [
    "Soldiers seized power in {A} {when}, detaining President {P} and suspending the constitution.",
    "The military junta in {A} announced {when} that it was ending a defence cooperation agreement with {B}.",
    "{Bs} began withdrawing its troops from {A} {when}, officials in {Acap} said.",
    "{Bdem} troops arrived in {Acap} {when} to train the army, the defence ministry said.",
    "{As} and {B} signed a military cooperation agreement in {Acap} {when}.",
    "The foreign minister of {B} visited {Acap} {when} for talks with the transitional government.",
    "The government of {A} demanded that {Bdem} forces leave the country within a month.",
    "{Bs} completed the withdrawal of its forces from {A} {when}.",
    "{As} deployed troops to the border with {B} {when} after a series of attacks.",
    "{Bs} suspended its military cooperation with {A} {when}, citing the coup.",
]
BACKGROUND = [
    "Analysts said the move reflected growing frustration with the security situation in the region.",
    "Markets in {Acap} were calm, and shops reopened after a short closure.",
    "The region has faced an insurgency by armed groups for more than a decade.",
    "Thousands of people gathered in the capital to support the new authorities.",
    "Diplomats said the talks would continue in the coming weeks.",
    "Humanitarian agencies warned that aid deliveries could be delayed by the closure of the border.",
    "A spokesman for the {Bdem} embassy declined to comment on the report.",
    "The price of fuel has risen sharply since the start of the year, adding to public anger.",
    "Opposition parties called for a timetable for elections.",
    "The African Union said it was following the situation closely.",
    "Officials did not say how many soldiers were involved.",
    "The announcement was read on state television late in the evening.",
    "Residents of {Acap} said soldiers had set up checkpoints on the main roads into the city.",
    "The country is one of the poorest in the world, and more than half of its people depend on farming.",
    "{Bdem} officials have said their priority is the safety of their citizens and diplomats.",
    "A regional bloc threatened sanctions and gave the authorities a deadline to restore order.",
    "The United Nations said about {n} people had been displaced by fighting in the past year.",
    "Gold and uranium exports account for most of the government's revenue.",
    "Several ministers were replaced in a reshuffle announced the same day.",
    "Human rights groups accused security forces of abuses against civilians, which the army denied.",
    "Schools and banks in the capital remained closed for a second day.",
    "The {Bdem} ambassador was summoned to the foreign ministry to explain the remarks.",
    "Flights to {Acap} resumed after the airport was reopened.",
    "Independent journalists have found it difficult to work in the country since the change of government.",
    "The head of the transitional council promised a national dialogue before any vote.",
    "Protesters carrying {Bdem} flags marched through the centre of {Acap}.",
    "The army said it had killed {n} militants in an operation near the border.",
    "Economists expect growth to slow as donors freeze budget support.",
]
LENGTHS = {"news": (14, 30), "brief": (4, 8)}  # background sentences per article


def _when(rng: random.Random, published: date) -> str:
    choice = rng.randrange(7)
    if choice == 0:
        return f"on {WEEKDAYS[rng.randrange(7)]}"
    if choice == 1:
        return "last month"
    if choice == 2:
        return f"in {MONTHS[rng.randrange(12)]}"
    if choice == 3:
        day = published - timedelta(days=rng.randrange(1, 60))
        return f"on {MONTHS[day.month - 1]} {day.day}, {day.year}"
    if choice == 4:
        return f"in {MONTHS[rng.randrange(12)]} {published.year - rng.randrange(2)}"
    if choice == 5:
        return "last week"
    return "earlier this year"


def _fill(template: str, rng: random.Random, published: date) -> str:
    a, b = rng.sample(STATES, 2)
    return template.format(A=a[0], As=a[0][0].upper() + a[0][1:], B=b[0], Bs=b[0][0].upper() + b[0][1:],
                           Acap=a[2], Bdem=b[1],
                           P=rng.choice(SURNAMES), when=_when(rng, published),
                           n=f"{rng.randrange(2, 400) * 50:,}")


def articles(count: int, seed: int = 7, start: int = 0, length: str = "news") -> Iterator[Article]:
    """``count`` articles (ids ``bench-{start}`` …) published in 2023–2024: 2–4 event sentences
    among background ones; ``news`` articles have 200–450 words (about 320: a wire report),
    ``brief`` ones 80–160 (about 120).

    Article ``i`` depends only on ``(seed, i)``, so any slice of the corpus can be generated alone
    (a shard, or the 50,000th article) without generating the ones before it.
    """
    for i in range(start, start + count):
        rng = random.Random(seed * 1_000_003 + i)
        published = date(2023, 1, 1) + timedelta(days=rng.randrange(730))
        sentences = [_fill(rng.choice(EVENT_SENTENCES), rng, published) for _ in range(rng.randint(2, 4))]
        sentences += [_fill(rng.choice(BACKGROUND), rng, published) for _ in range(rng.randint(*LENGTHS[length]))]
        head, rest = sentences[0], sentences[1:]
        rng.shuffle(rest)
        paragraphs = [head] + [" ".join(rest[k:k + 3]) for k in range(0, len(rest), 3)]
        yield Article(id=f"bench-{i}", text="\n\n".join(paragraphs), title=head[:60], published=published,
                      source="geokb-bench")


def words(articles_: list[Article]) -> int:
    """Words as the CLI counts them (whitespace-separated)."""
    return sum(len(a.text.split()) for a in articles_)


# -- extraction records for the query KB ------------------------------------------------------------
EVENT_TYPES = ("Coup", "AccordTermination", "TroopWithdrawal", "TroopDeployment", "CooperationAgreement",
               "DiplomaticVisit", "Demand")
STATUSES = (None, "planned", "ongoing", "completed")


def _pools():
    from extractors.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    countries = [e for e in gaz.entities.values() if e.kind == "country"]
    countries.sort(key=lambda e: e.key)
    places = sorted((e for e in gaz.entities.values() if e.kind in ("city", "base")), key=lambda e: e.key)
    return countries, places[:2000]


def synthetic_extractions(events: int, seed: int = 11, per_article: int = 4) -> Iterator[Extraction]:
    """Extractions holding ``events`` events in all, ``per_article`` to an article, over real
    gazetteer countries and places; skewed like news (a few countries in most events)."""
    countries, places = _pools()
    hot = [c for c in countries if c.key in ("NER", "MLI", "BFA", "TCD", "FRA", "USA", "RUS", "SDN")]
    rng = random.Random(seed)
    n_articles = (events + per_article - 1) // per_article
    made = 0
    for i in range(n_articles):
        published = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
        art = Article(id=f"kb-{i}", text="", title=f"Synthetic report {i}", published=published,
                      source="geokb-bench", url=f"https://news.example.org/{i}")
        evs, mentions = [], []
        for _ in range(min(per_article, events - made)):
            a = rng.choice(hot) if rng.random() < 0.5 else rng.choice(countries)
            b = rng.choice(hot) if rng.random() < 0.3 else rng.choice(countries)
            place = rng.choice(places) if rng.random() < 0.4 else (b if rng.random() < 0.5 else None)
            day = published - timedelta(days=rng.randrange(90))
            prec = rng.choice(("day", "month", "year", None))
            value = None if prec is None else DateValue(
                {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[prec], prec)
            start = rng.randrange(2000)
            text = f"{a.label} acted against {b.label}"
            evs.append(Event(type=rng.choice(EVENT_TYPES), agents=(a.key,), targets=(b.key,) if a != b else (),
                             place=place, date=value, status=rng.choice(STATUSES), trigger="acted",
                             pattern="synthetic", confidence=0.5 + rng.randrange(50) / 100,
                             evidence=(Evidence(start, start + len(text), text),)))
            mentions += [Mention(start, start + len(a.label), a.label, a),
                         Mention(start + len(a.label) + 17, start + len(text), b.label, b)]
            made += 1
        yield Extraction(article=art, mentions=tuple(mentions), events=tuple(evs))
