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


def test_a_date_after_the_signed_object_dates_the_signing(extractor):
    text = "Peru and Chile signed an agreement on Friday allowing their armed forces to share radar data."
    assert events(extractor, text) == [("CooperationAgreement", ("PER", "CHL"), (), None, "2024-04-26")]


def test_a_purpose_infinitive_is_dated_by_the_vote(extractor):
    text = "Chile's parliament voted on Tuesday to pull the country out of the defence treaty."
    assert events(extractor, text) == [("AccordTermination", ("CHL",), (), None, "2024-04-30")]


def test_a_pact_signed_in_a_participle_clause_is_an_agreement_of_the_main_clauses_parties(extractor):
    text = ("Peru and Chile signed a naval accord in 2019. "
            "The two countries already train under a Mutual Access Agreement signed in March 2021.")
    assert events(extractor, text)[1] == ("CooperationAgreement", ("PER", "CHL"), (), None, "2021-03")


def test_a_treaty_the_two_leaders_signed_is_an_agreement(extractor):
    text = ("The visit follows a mutual defence treaty that Peruvian President Dina Boluarte and "
            "Chilean President Gabriel Boric signed in Lima in June.")
    assert events(extractor, text) == [("CooperationAgreement", ("PER", "CHL"), (), None, "2023-06")]


def test_ordering_troops_out_is_a_demand(extractor):
    assert events(extractor, "Peru ordered Chilean troops out in late 2023.") == [
        ("Demand", ("PER",), ("CHL",), None, "2023")]


def test_asking_a_state_to_remove_its_troops_is_a_demand(extractor):
    assert events(extractor, "Peru formally asked Chile to remove its troops in November.") == [
        ("Demand", ("PER",), ("CHL",), None, "2023-11")]


def test_a_renewed_call_for_troops_to_leave_is_a_demand_not_a_withdrawal(extractor):
    assert events(extractor, "Bogota renewed its call for Chilean troops to leave the border region.") == [
        ("Demand", ("COL",), ("CHL",), None, None)]


def test_a_vote_for_all_foreign_troops_to_leave_is_a_demand_of_no_one_state(extractor):
    assert events(extractor, "Peru's parliament voted in March 2021 for all foreign troops to leave.") == [
        ("Demand", ("PER",), (), None, "2021-03")]


def test_a_timetable_demanded_for_a_departure_is_a_demand(extractor):
    assert events(extractor, "Peru demanded a timetable for the departure of Chilean forces.") == [
        ("Demand", ("PER",), ("CHL",), None, None)]


def test_a_withdrawal_called_for_has_not_happened(extractor):
    assert events(extractor, "Peru called for the withdrawal of Chilean troops.") == [
        ("Demand", ("PER",), ("CHL",), None, None)]


def test_travel_to_a_demonyms_capital_is_a_visit_to_that_state(extractor):
    assert events(extractor, "Peru's foreign minister travelled to the Chilean capital in March.") == [
        ("DiplomaticVisit", ("PER",), ("CHL",), "CHL", "2024-03")]


def test_a_visit_to_one_signatory_is_made_by_the_other(extractor):
    text = ("Peru and Chile signed a defence protocol in August during a visit by President Juan Ortega "
            "to the Chilean capital.")
    assert events(extractor, text)[1] == ("DiplomaticVisit", ("PER",), ("CHL",), "CHL", "2023-08")


def test_troops_a_pact_allows_to_be_deployed_are_not_deployed(extractor):
    assert events(extractor, "The pact, signed in April, allows Peruvian troops to be deployed to Chile.") == []


def test_talk_of_a_coup_is_no_coup(extractor):
    text = "Chad's army seized power in 2021. The army chief said on Tuesday that talk of another coup was nonsense."
    assert events(extractor, text) == [("Coup", ("TCD",), (), "TCD", "2021")]


def test_a_sporting_coup_pulled_off_is_no_coup(extractor):
    text = "Chad's army seized power in 2021. On Saturday, Chad's rugby team pulled off a coup of its own."
    assert events(extractor, text) == [("Coup", ("TCD",), (), "TCD", "2021")]


def test_a_union_suspending_a_states_membership_is_no_states_act(extractor):
    text = ("Chad's army seized power in 2021. "
            "The African Union said on Wednesday it was suspending Chad's membership with immediate effect.")
    assert events(extractor, text) == [("Coup", ("TCD",), (), "TCD", "2021")]


def test_a_company_with_a_demonym_is_not_its_state(extractor):
    text = ("Peru's army seized power in 2021. "
            "The Peruvian carmaker Andes said it was ending a supply agreement with a local assembler.")
    assert events(extractor, text) == [("Coup", ("PER",), (), "PER", "2021")]


def test_soldiers_pulling_back_at_home_do_not_withdraw(extractor):
    text = "Bolivian troops stormed the palace on Wednesday, before the soldiers pulled back hours later."
    assert events(extractor, text) == []


def test_equipment_sent_by_a_state_is_a_deployment_by_it(extractor):
    text = "Two more Patriot air defence batteries were sent to Lithuania on Monday by the United States."
    assert events(extractor, text) == [("TroopDeployment", ("USA",), (), "LTU", "2024-04-29")]


def test_forces_returning_to_another_state_are_deployed_there(extractor):
    text = "U.S. forces returned to Chile in 2014 at the Chilean government's invitation."
    assert events(extractor, text) == [("TroopDeployment", ("USA",), (), "CHL", "2014")]


def test_troops_flying_home_from_abroad_withdraw_from_there(extractor):
    assert events(extractor, "The last French soldiers flew home from Chad on Jan. 30.") == [
        ("TroopWithdrawal", ("FRA",), (), "TCD", "2024-01-30")]


def test_troops_returning_home_from_nowhere_named_are_no_event(extractor):
    assert events(extractor, "The French soldiers returned home in May.") == []


def test_gunfire_that_had_been_an_attempted_coup_is_a_coup_dated_by_the_gunfire(extractor):
    text = ("Gabon's President said on Friday that gunfire between soldiers in the capital on Wednesday night "
            "had been an attempted coup.")
    assert events(extractor, text) == [("Coup", ("GAB",), (), "GAB", "2024-05-01")]


def test_what_a_president_described_as_a_failed_takeover_is_a_coup(extractor):
    text = "In March 2022, gunmen attacked the palace in Libreville in what Gabon's president described as a failed takeover."
    assert events(extractor, text) == [("Coup", ("GAB",), (), "GAB", "2022-03")]


def test_a_takeover_a_unit_backed_is_a_coup(extractor):
    text = "The Gabonese unit played a central role in 2009, when it backed a takeover that drove the president from office."
    assert [e[:2] for e in events(extractor, text)] == [("Coup", ("GAB",))]


def test_coup_attempts_in_general_are_no_coup(extractor):
    text = "Gabon's army seized power in 2023. \"We cannot allow coup attempts to take lives,\" the president said."
    assert events(extractor, text) == [("Coup", ("GAB",), (), "GAB", "2023")]


def test_an_official_received_abroad_visits_there(extractor):
    text = "The chief of staff of Chile's armed forces was received in Lima on Monday by his Peruvian counterpart."
    assert events(extractor, text) == [("DiplomaticVisit", ("CHL",), ("PER",), "PER", "2024-04-29")]


def test_a_when_clause_is_dated_by_the_clause_it_explains(extractor):
    text = ("The Malagasy unit played a central role in March 2009, when it backed a takeover that drove the "
            "president from office.")
    assert events(extractor, text) == [("Coup", ("MDG",), (), "MDG", "2009-03")]


def test_a_visit_in_a_when_clause_after_a_date_has_that_date(extractor):
    text = ("The two countries signed a defence roadmap in December, when German Defence Minister Boris Pistorius "
            "travelled to the Lithuanian capital.")
    assert events(extractor, text)[1] == ("DiplomaticVisit", ("DEU",), ("LTU",), "LTU", "2023-12")


def test_two_allies_signing_a_statement_on_defence_is_an_agreement(extractor):
    text = ("Peru and Chile are close partners. "
            "The two allies signed a joint vision statement pledging closer defence cooperation.")
    assert events(extractor, text) == [("CooperationAgreement", ("PER", "CHL"), (), None, None)]


def test_handing_over_a_base_abroad_is_a_withdrawal_from_there(extractor):
    text = "France handed over its military base in Gabon's capital to the Gabonese army on Thursday."
    assert events(extractor, text) == [("TroopWithdrawal", ("FRA",), (), "GAB", "2024-05-02")]


def test_handing_over_keys_is_no_withdrawal(extractor):
    assert events(extractor, "The company handed over the keys to the new owner.") == []


def test_the_last_of_the_troops_ordered_out_flying_home_withdraw(extractor):
    text = "Chad ordered French troops out in late 2023, and the last of them flew home from N'Djamena on Jan. 30."
    assert events(extractor, text) == [("Demand", ("TCD",), ("FRA",), None, "2023"),
                                       ("TroopWithdrawal", ("FRA",), (), "TCD", "2024-01-30")]


def test_a_weekday_said_before_a_would_clause_is_the_past_one(extractor):
    assert events(extractor, "Peru said on Wednesday it would scrap a military pact with Chile.") == [
        ("AccordTermination", ("PER",), ("CHL",), None, "2024-05-01")]


def test_a_decision_to_allow_troops_in_is_still_a_deployment(extractor):
    text = "Britain took a decision on Monday to allow British troops to move into Iraq."
    assert [e[:4] for e in events(extractor, text)] == [("TroopDeployment", ("GBR",), (), "IRQ")]


def test_a_coup_told_as_an_allegation_is_no_coup(extractor):
    text = "Chavez repeated his allegations that the former Spanish government backed a coup against him."
    assert events(extractor, text) == []


def test_troops_brought_home_left_the_theatre_told_of_before(extractor):
    text = ("Rwanda sent 2,000 soldiers to Mozambique in July 2021. "
            "South Africa brought the last of its troops home on July 15; Botswana withdrew its contingent in June.")
    assert events(extractor, text)[1:] == [("TroopWithdrawal", ("ZAF",), (), "MOZ", "2023-07-15"),
                                           ("TroopWithdrawal", ("BWA",), (), "MOZ", "2023-06")]


def test_officers_who_toppled_him_staged_a_coup_in_the_ruler_s_state(extractor):
    text = "Crowds in Conakry cheered former President Alpha Conde, then jeered the colonels who ousted him in September."
    assert events(extractor, text) == [("Coup", ("GIN",), (), "GIN", "2023-09")]


def test_a_visit_at_whose_start_a_minister_acts_is_the_minister_s(extractor):
    text = "Italy's defence minister toured a naval base on Monday at the start of a three-day visit to Tunisia."
    assert events(extractor, text) == [("DiplomaticVisit", ("ITA",), ("TUN",), "TUN", "2024-04-29")]


def test_a_visit_by_a_foreign_leader_is_to_the_place_the_sentence_names(extractor):
    text = "Fiji and Tonga agreed on Monday to hold fisheries talks in Suva during a visit by the Tongan prime minister."
    assert ("DiplomaticVisit", ("TON",), ("FJI",), "FJI", "2024-04-29") in events(extractor, text)


def test_a_visit_by_the_head_of_a_command_is_its_state_s(extractor):
    text = "The talks follow a visit to Peru in March by the head of Southern Command."
    assert [e[:4] for e in events(extractor, text)] == [("DiplomaticVisit", ("USA",), ("PER",), "PER")]


def test_a_capital_written_without_its_accents_is_still_the_capital(extractor):
    text = "Brazil's foreign minister flew to Bogota on Monday for talks."
    assert events(extractor, text) == [("DiplomaticVisit", ("BRA",), ("COL",), "COL", "2024-04-29")]


def test_a_dateline_date_does_not_keep_apart_one_withdrawal_told_twice(extractor):
    text = ("ACCRA, May 2 (Wire) - Ghana has completed the withdrawal of its troops from Lebanon, "
            "handing its camp over to the Lebanese army on Monday, the army said.")
    assert events(extractor, text) == [("TroopWithdrawal", ("GHA",), (), "LBN", "2024-04-29")]


def test_demanding_in_a_resolution_that_troops_leave_is_a_demand_not_a_withdrawal(extractor):
    text = ("Moldova's parliament went further on Tuesday, demanding in a resolution that Russian troops "
            "leave the Transnistria region.")
    assert events(extractor, text) == [("Demand", ("MDA",), ("RUS",), None, "2024-04-30")]


def test_reports_dismissed_as_baseless_tell_of_no_deployment(extractor):
    text = "A spokesman in Oman dismissed as \"false\" reports that Iranian troops would be sent there."
    assert events(extractor, text) == []


def test_soldiers_serving_abroad_arriving_home_withdraw_from_where_they_served(extractor):
    text = "The last Irish soldiers serving in Lebanon arrived home at Baldonnel yesterday."
    assert events(extractor, text) == [("TroopWithdrawal", ("IRL",), (), "LBN", "2024-05-01")]


def test_giving_a_state_until_a_date_to_pull_out_soldiers_demands_it(extractor):
    text = "On Tuesday, Kenya's cabinet gave Uganda until the end of June to pull out soldiers from the border zone."
    assert events(extractor, text) == [("Demand", ("KEN",), ("UGA",), None, "2024-04-30")]


def test_that_company_after_an_infantry_company_is_a_unit_withdrawn(extractor):
    text = ("Polish troops replaced a Czech infantry company in Lebanon. "
            "Prague withdrew that company from Lebanon in March.")
    assert events(extractor, text)[-1:] == [("TroopWithdrawal", ("CZE",), (), "LBN", "2024-03")]


def test_a_company_of_a_business_withdrawn_is_no_troop_withdrawal(extractor):
    text = "The bank withdrew that company from the Paris stock exchange in March."
    assert events(extractor, text) == []


def test_a_coup_that_brought_a_ruler_to_power_is_a_coup_in_the_article_s_state(extractor):
    text = "Soldiers stormed a barracks in Guinea on Tuesday. A 1984 coup brought Lansana Conte to power."
    assert ("Coup", ("GIN",), (), "GIN", "1984") in events(extractor, text)


def test_approving_the_arrival_of_foreign_trainers_is_a_planned_deployment(extractor):
    text = "Bolivia's Senate on Tuesday approved the arrival of 30 Brazilian military trainers in La Paz."
    found = extractor.extract(Article("t", text, published=PUBLISHED)).events
    assert [(e.type, e.agents, e.place.country, e.status) for e in found] == [
        ("TroopDeployment", ("BRA",), "BOL", "planned")]


def test_the_entry_of_soldiers_authorised_is_dated_by_when_they_are_to_arrive(extractor):
    text = ("Honduras's Congress voted on Friday to authorize the entry of 200 Mexican soldiers, "
            "which are to arrive in July.")
    assert events(extractor, text) == [("TroopDeployment", ("MEX",), (), "HND", "2024-07")]


def test_signing_a_plan_for_military_cooperation_is_a_cooperation_agreement(extractor):
    text = "Serbia and Hungary signed a plan for military cooperation in Belgrade."
    assert [e[:2] for e in events(extractor, text)] == [("CooperationAgreement", ("SRB", "HUN"))]


def test_a_date_between_subject_and_verb_dates_the_verb(extractor):
    text = "Chile and Peru signed a plan for military cooperation. The two neighbours on Monday signed a defence pact."
    assert events(extractor, text)[-1] == ("CooperationAgreement", ("CHL", "PER"), (), None, "2024-04-29")


def test_an_official_who_was_in_a_foreign_capital_for_talks_visited_it(extractor):
    text = "Norway's foreign minister, who was in Stockholm on Monday for talks on energy, offered to help."
    assert events(extractor, text) == [("DiplomaticVisit", ("NOR",), ("SWE",), "SWE", "2024-04-29")]


def test_arriving_the_evening_before_talks_is_the_same_visit(extractor):
    text = ("Greece's foreign minister held talks with Turkish officials in Ankara on Wednesday. "
            "The minister, who arrived in Ankara late on Tuesday, said ties were improving.")
    assert events(extractor, text) == [("DiplomaticVisit", ("GRC",), ("TUR",), "TUR", "2024-05-01")]


def test_arms_ordered_from_a_state_and_delivered_are_its_deployment_to_the_buyer(extractor):
    text = "Four tanks ordered from Germany were delivered last month, the Lithuanian defence ministry said."
    assert events(extractor, text) == [("TroopDeployment", ("DEU",), (), "LTU", "2024-04")]


def test_goods_delivered_are_no_deployment(extractor):
    text = "Wheat ordered from France was delivered last month, the Egyptian ministry said."
    assert events(extractor, text) == []


def test_troops_sent_then_landing_the_day_before_the_report_are_one_deployment_dated_by_the_landing(extractor):
    text = ("Ghana has sent 200 soldiers to Gambia, officials said Thursday. "
            "The troops landed at Banjul airport late Wednesday, the army said.")
    assert events(extractor, text) == [("TroopDeployment", ("GHA",), (), "GMB", "2024-05-01")]


def test_an_offer_to_send_troops_is_no_deployment(extractor):
    text = "Kenya has offered to send troops to Haiti."
    assert events(extractor, text) == []


def test_planning_to_have_soldiers_out_of_a_country_by_a_date_is_a_planned_withdrawal(extractor):
    text = "Italy plans to have its remaining soldiers out of Lebanon by the end of June."
    found = extractor.extract(Article("t", text, published=PUBLISHED)).events
    assert [(e.type, e.agents, e.place.country, e.date.value, e.status) for e in found] == [
        ("TroopWithdrawal", ("ITA",), "LBN", "2024-06", "planned")]


def test_having_guests_out_for_dinner_is_no_withdrawal(extractor):
    assert events(extractor, "Italy's president had his guests out on the terrace by June.") == []


def test_cutting_the_number_of_troops_abroad_is_a_planned_withdrawal(extractor):
    text = "Ottawa said on Monday it will reduce the number of its soldiers in Latvia."  # dated by the statement
    assert events(extractor, text) == [("TroopWithdrawal", ("CAN",), (), "LVA", "2024-04-29")]


def test_a_reduction_of_troops_is_a_withdrawal(extractor):
    text = "The ministry announced a reduction of French troops in Chad in March."
    assert events(extractor, text) == [("TroopWithdrawal", ("FRA",), (), "TCD", "2024-03")]


def test_a_publicity_coup_seizes_nothing(extractor):
    text = "Bolivia's opposition leader scored a publicity coup in court on Friday."
    assert events(extractor, text) == []


def test_a_war_that_ousted_a_leader_is_no_coup(extractor):
    text = "The invasion that ousted Muammar Gaddafi left Libya divided."
    assert events(extractor, text) == []


def test_an_act_on_a_condition_is_no_event(extractor):
    text = "Tehran will quit the Non-Proliferation Treaty if Western powers keep up the pressure, an aide said."
    assert events(extractor, text) == []


def test_forces_leaving_home_for_abroad_are_deployed(extractor):
    text = "A contingent of 200 Kenyan police officers left Kenya on Monday for Haiti."
    assert events(extractor, text) == [("TroopDeployment", ("KEN",), (), "HTI", "2024-04-29")]


def test_an_international_force_taking_over_a_mission_is_no_coup(extractor):
    text = "A European Union force took over in Kosovo on Thursday."
    assert events(extractor, text) == []


def test_a_host_welcoming_foreign_leaders_receives_their_visit(extractor):
    text = "Italian Prime Minister Giorgia Meloni welcomed French President Emmanuel Macron to Rome on Tuesday."
    assert events(extractor, text) == [("DiplomaticVisit", ("FRA",), ("ITA",), "ITA", "2024-04-30")]


def test_a_tour_of_three_countries_is_a_visit_to_each(extractor):
    text = "The US Secretary of State will visit Japan, India and Indonesia in June."
    assert events(extractor, text) == [("DiplomaticVisit", ("USA",), ("JPN",), "JPN", "2024-06"),
                                       ("DiplomaticVisit", ("USA",), ("IND",), "IND", "2024-06"),
                                       ("DiplomaticVisit", ("USA",), ("IDN",), "IDN", "2024-06")]


def test_forces_leaving_a_base_to_move_on_inside_the_country_do_not_withdraw(extractor):
    text = "About 500 Dutch soldiers left their base in northern Mali on Monday, heading south toward Bamako."
    assert events(extractor, text) == []


def test_forces_leaving_a_country_for_another_still_withdraw(extractor):
    text = "French troops left Gao on Monday and moved to Niamey."
    assert events(extractor, text) == [("TroopWithdrawal", ("FRA",), (), "MLI", "2024-04-29"),
                                       ("TroopDeployment", ("FRA",), (), "NER", "2024-04-29")]
