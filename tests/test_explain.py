"""`geokb extract --explain`: per sentence, the entities, dates, triggers that fired (and why they were
kept or dropped) and the events found, on an article of our own."""

from datetime import date
from pathlib import Path

import pytest

from extractors.article import read_txt
from extractors.explain import explain_all, render
from extractors.pipeline import Extractor

FIXTURE = Path(__file__).parent / "fixtures" / "explain" / "junta-report.txt"
PUBLISHED = date(2024, 5, 2)  # a Thursday

EXPECTED = """\
== junta-report (published 2024-05-02)
[1] Mali's junta threatened on Monday to end its defence accord with France.
  entity   'Mali' → Mali (country, MLI)
  entity   'France' → France (country, FRA)
  date     'Monday' → 2024-04-29 (day)
  trigger  'end' AccordTermination by pattern 'end + accord' → dropped: threatened (threatened)
[3] A day after soldiers seized power in Niger, Defence Minister Sergei Shoigu said on Wednesday that \
Russia would send military trainers to Niamey.
  entity   'Niger' → Niger (country, NER)
  entity   'Sergei Shoigu' → Sergei Shoigu (person, RUS)
  entity   'Russia' → Russian Federation (country, RUS)
  entity   'Niamey' → Niger (country, NER)
  date     'Wednesday' → 2024-05-01 (day)
  trigger  'seized' Coup by pattern 'seize power' → event (past tense)
  trigger  'send' TroopDeployment by pattern 'send (forces)' → event (reported future (would send))
  EVENT    Coup agent=NER place=Niger date=2024-04-30 [seized: seize power]
  EVENT    TroopDeployment agent=RUS place=Niger date=2024-05-01 status=planned [send: send (forces)]
"""


@pytest.fixture(scope="module")
def report():
    article = read_txt(FIXTURE, published=PUBLISHED)
    return next(explain_all([article], Extractor()))


def test_report_has_every_sentence_in_order(report):
    assert [s.number for s in report.sentences] == [1, 2, 3]
    assert report.sentences[1].text == "Markets were calm."


def test_sentence_offsets_point_into_the_article(report):
    text = report.article.text
    assert [text[s.start:s.end].strip() for s in report.sentences] == [s.text for s in report.sentences]


def test_dropped_trigger_says_why(report):
    (threat,) = report.sentences[0].candidates
    assert (threat.trigger, threat.type, threat.outcome) == ("end", "AccordTermination", "dropped: threatened (threatened)")
    assert report.sentences[0].events == ()


def test_event_carries_the_pattern_that_fired(report):
    events = report.sentences[2].events
    assert [(e.type, e.trigger, e.pattern) for e in events] == [
        ("Coup", "seized", "seize power"), ("TroopDeployment", "send", "send (forces)")]


def test_a_day_after_is_dated_from_the_clause_it_is_measured_from(report):
    coup = report.sentences[2].events[0]
    assert coup.date.value == "2024-04-30"  # Wednesday 1 May less one day


def test_rendered_text_skips_empty_sentences(report):
    assert render(report) == EXPECTED


def test_cli_prints_the_report(cli):
    result = cli("extract", str(FIXTURE), "--published", "2024-05-02", "--explain")
    assert (result.code, result.out) == (0, EXPECTED)
