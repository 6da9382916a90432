"""Event rules on sentences of our own: how news tells of each act, and how one act told in several
ways, places or sentences comes out as the right events with the right dates."""

from datetime import date

import pytest

from extractors.pipeline import Extractor
from extractors.records import Article

PUBLISHED = date(2024, 5, 2)  # a Thursday


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def events(extractor, text: str) -> list[tuple]:
    found = extractor.extract(Article("t", text, published=PUBLISHED)).events
    return [(e.type, e.agents, e.targets, e.place.country if e.place else None, e.date.value if e.date else None)
            for e in found]


pytestmark = pytest.mark.slow


def test_a_second_coup_told_as_one(extractor):
    text = "Colonel Dako led a coup in Mali in August 2020, and a second one in May 2021."
    assert events(extractor, text) == [("Coup", ("MLI",), (), "MLI", "2020-08"),
                                       ("Coup", ("MLI",), (), "MLI", "2021-05")]


def test_forces_pushed_out_of_several_countries_are_several_withdrawals(extractor):
    text = "French forces were pushed out of Mali in 2022 and out of Burkina Faso and Niger last year."
    assert events(extractor, text) == [("TroopWithdrawal", ("FRA",), (), "MLI", "2022"),
                                       ("TroopWithdrawal", ("FRA",), (), "BFA", "2023"),
                                       ("TroopWithdrawal", ("FRA",), (), "NER", "2023")]


def test_the_two_countries_are_the_last_two_named(extractor):
    text = "Chad signed a defence accord with France in 1976. The two countries revised the accord in September 2019."
    assert events(extractor, text)[1] == ("CooperationAgreement", ("FRA", "TCD"), (), None, "2019-09")


def test_a_state_saying_another_must_close_its_bases_demands_it(extractor):
    text = "Senegal's president said on Tuesday that France would have to close its military bases in the country."
    assert events(extractor, text) == [("Demand", ("SEN",), ("FRA",), None, "2024-04-30")]


def test_a_treaty_named_once_is_a_treaty_by_its_short_name(extractor):
    text = "The United States left the Open Skies Treaty in 2020. Russia quit Open Skies in 2021."
    assert events(extractor, text) == [("AccordTermination", ("USA",), (), None, "2020"),
                                       ("AccordTermination", ("RUS",), (), None, "2021")]


def test_a_day_after_counts_back_from_the_reporting_clause(extractor):
    text = "The army said on Wednesday it had acted, a day after soldiers seized power in Gabon."
    assert events(extractor, text) == [("Coup", ("GAB",), (), "GAB", "2024-04-30")]


def test_a_well_known_office_holder_acts_for_their_state(extractor):
    text = "Defence Minister Sergei Shoigu ordered the withdrawal of Russian troops from Kherson on Wednesday."
    assert events(extractor, text) == [("TroopWithdrawal", ("RUS",), (), "UKR", "2024-05-01")]


def test_meeting_a_leader_in_his_capital_is_a_visit(extractor):
    assert events(extractor, "Putin met Tokayev in Astana on Monday.") == [
        ("DiplomaticVisit", ("RUS",), ("KAZ",), "KAZ", "2024-04-29")]


def test_talks_placed_in_the_counterparts_country_are_a_visit(extractor):
    text = "Biden, speaking in Warsaw on Tuesday after talks with Polish President Andrzej Duda, said Ukraine would win."
    assert events(extractor, text) == [("DiplomaticVisit", ("USA",), ("POL",), "POL", "2024-04-30")]


def test_talks_where_a_relative_clause_places_them(extractor):
    text = "Austin flew to Manila from Seoul, where on Tuesday he held talks with South Korean Defence Minister Lee."
    assert events(extractor, text) == [("DiplomaticVisit", ("USA",), ("PHL",), "PHL", None),
                                       ("DiplomaticVisit", ("USA",), ("KOR",), "KOR", "2024-04-30")]


def test_the_announced_withdrawal_is_the_one_carried_out(extractor):
    text = "The French army completed its withdrawal from Niger in December. Macron had announced the withdrawal on Sept. 24."
    assert events(extractor, text) == [("TroopWithdrawal", ("FRA",), (), "NER", "2023-12")]


def test_two_coups_in_one_sentence_stay_two(extractor):
    text = "Colonel Sako seized power in Guinea in a 1984 coup, and in December 2008 army captain Moussa Kone took over."
    assert [(e[0], e[4]) for e in events(extractor, text)] == [("Coup", "1984"), ("Coup", "2008-12")]


def test_a_coup_condemned_is_not_the_condemning_states(extractor):
    text = "Soldiers in Gabon seized power on Wednesday. France condemned the coup."
    assert events(extractor, text) == [("Coup", ("GAB",), (), "GAB", "2024-05-01")]
