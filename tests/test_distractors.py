"""What must not become an event: threats, denials, negations, hypotheticals, non-military uses of
the trigger words, standing presences, allegations, evacuations of civilians and generic forces. Each fixture also holds one real event, which must be the
only one found."""

from datetime import date
from pathlib import Path

import pytest

from extractors.article import read_txt
from extractors.pipeline import Extractor

FIXTURES = Path(__file__).parent / "fixtures" / "distractors"
PUBLISHED = date(2024, 5, 2)  # a Thursday

# fixture → the one real event in it: (type, agents, location, date)
EXPECTED = {
    "threat": ("AccordTermination", ("RUS",), None, "2024-04-30"),
    "denial": ("TroopWithdrawal", ("FRA",), "MLI", "2023-08"),
    "negation": ("TroopWithdrawal", ("RUS",), "UKR", "2023-11"),
    "hypothetical": ("AccordTermination", ("TCD",), None, "2024-05-02"),
    "non-military": ("TroopWithdrawal", ("FRA",), "GAB", "2024-04"),
    "standing-presence": ("TroopDeployment", ("FRA",), "TCD", "2024-03"),
    # allegations and rumours reported as false are no coup
    "allegation": ("Coup", ("NER",), "NER", "2023-07"),
    # evacuating civilians or recalling an ambassador moves no troops
    "evacuation": ("TroopWithdrawal", ("DEU",), "MLI", "2023-12"),
    # "all foreign forces", "Western forces": no one state
    "generic-forces": ("TroopWithdrawal", ("USA",), "NER", "2023-08"),
    # a union suspending a member, a company with a demonym, a pact that allows a deployment, a sporting
    # coup, talk of a coup, soldiers pulling back at home: only the seizure of power is an event
    "bystanders": ("Coup", ("PER",), "PER", "2024-04-30"),
}


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_only_the_real_event_is_found(kind, extractor):
    article = read_txt(FIXTURES / f"{kind}.txt", published=PUBLISHED)
    events = extractor.extract(article).events
    found = [(e.type, e.agents, e.place.country if e.place else None, e.date.value if e.date else None)
             for e in events]
    assert found == [EXPECTED[kind]]
