"""The gazetteer links every country the pipeline meets to its ISO codes and Wikidata item."""

import pycountry
import pytest

from extractors.gazetteer import load_gazetteer
from extractors.pipeline import Extractor
from extractors.records import Article

# demonyms of more than the 60 most populous states, as news writes them
DEMONYMS = {
    "Chinese": "CHN", "Indian": "IND", "American": "USA", "Americans": "USA", "Indonesian": "IDN",
    "Pakistani": "PAK", "Nigerian": "NGA", "Brazilian": "BRA", "Bangladeshi": "BGD", "Russian": "RUS",
    "Ethiopian": "ETH", "Mexican": "MEX", "Japanese": "JPN", "Egyptian": "EGY", "Filipino": "PHL",
    "Congolese": "COD", "Vietnamese": "VNM", "Iranian": "IRN", "Turkish": "TUR", "German": "DEU",
    "Thai": "THA", "British": "GBR", "Tanzanian": "TZA", "French": "FRA", "South African": "ZAF",
    "Italian": "ITA", "Kenyan": "KEN", "Burmese": "MMR", "Colombian": "COL", "South Korean": "KOR",
    "Sudanese": "SDN", "Ugandan": "UGA", "Spanish": "ESP", "Algerian": "DZA", "Iraqi": "IRQ",
    "Argentine": "ARG", "Afghan": "AFG", "Yemeni": "YEM", "Canadian": "CAN", "Angolan": "AGO",
    "Ukrainian": "UKR", "Moroccan": "MAR", "Polish": "POL", "Uzbek": "UZB", "Malaysian": "MYS",
    "Mozambican": "MOZ", "Ghanaian": "GHA", "Peruvian": "PER", "Saudi": "SAU", "Malagasy": "MDG",
    "Ivorian": "CIV", "Nepali": "NPL", "Cameroonian": "CMR", "Venezuelan": "VEN", "Nigerien": "NER",
    "Australian": "AUS", "North Korean": "PRK", "Syrian": "SYR", "Malian": "MLI", "Burkinabe": "BFA",
    "Sri Lankan": "LKA", "Taiwanese": "TWN", "Malawian": "MWI", "Zambian": "ZMB", "Chilean": "CHL",
    "Romanian": "ROU", "Kazakh": "KAZ", "Chadian": "TCD", "Somali": "SOM", "Dutch": "NLD",
    "Senegalese": "SEN", "Guatemalan": "GTM", "Cambodian": "KHM", "Ecuadorian": "ECU",
    "Zimbabwean": "ZWE", "Guinean": "GIN", "Rwandan": "RWA", "Beninese": "BEN",
}


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.mark.parametrize("country", list(pycountry.countries), ids=lambda c: c.alpha_3)
def test_every_country_resolves_from_its_common_name(gaz, country):
    name = getattr(country, "common_name", None) or country.name
    name = name.split(",")[0] if name.endswith(" of") else name  # "Palestine, State of" → "Palestine"
    assert gaz.lookup(name).country == country.alpha_3


@pytest.mark.parametrize("country", list(pycountry.countries), ids=lambda c: c.alpha_3)
def test_every_country_resolves_from_its_alpha3_code_with_codes_and_wikidata(gaz, country):
    entity = gaz.lookup(country.alpha_3)
    assert (entity.key, entity.alpha2, entity.qid[:1]) == (country.alpha_3, country.alpha_2, "Q")


@pytest.mark.parametrize("demonym, code", sorted(DEMONYMS.items()))
def test_demonyms_resolve_to_their_state(gaz, demonym, code):
    assert gaz.lookup(demonym).country == code


@pytest.mark.parametrize("name, code", [
    ("US", "USA"), ("U.S.", "USA"), ("Americans", "USA"), ("the Pentagon", "USA"), ("Washington", "USA"),
    ("the Kremlin", "RUS"), ("Nigerien", "NER"), ("Niger", "NER"), ("Nigeria", "NGA"), ("Chad", "TCD"),
    ("Air Base 101", "NER"), ("US Africa Command", "USA"), ("N'Djamena", "TCD"), ("Britain", "GBR"),
])
def test_press_names_metonyms_and_places_resolve(gaz, name, code):
    assert gaz.lookup(name).country == code


@pytest.mark.slow
def test_niger_is_a_country_in_running_text_never_a_person():
    text = "Niger said on Monday that Niger would not renew the accord. Nigeria and Chad sent observers."
    extraction = Extractor().extract(Article(id="t", text=text))
    found = {(m.text, m.entity.kind, m.entity.country) for m in extraction.mentions}
    assert {("Niger", "country", "NER"), ("Nigeria", "country", "NGA"), ("Chad", "country", "TCD")} <= found
    assert not any(m.entity.kind == "person" for m in extraction.mentions)


@pytest.mark.slow
def test_officials_take_the_state_of_their_title():
    text = ("Pentagon deputy press secretary Sabrina Singh said on Wednesday that talks continued. "
            "French Foreign Minister Jean-Noel Barrot met Senegal's President Bassirou Diomaye Faye. "
            "Barrot left Dakar on Friday.")
    extraction = Extractor().extract(Article(id="t", text=text))
    people = {m.text: m.entity.country for m in extraction.mentions if m.entity.kind == "person"}
    assert people == {"Sabrina Singh": "USA", "Jean-Noel Barrot": "FRA", "Bassirou Diomaye Faye": "SEN",
                      "Barrot": "FRA"}


@pytest.mark.slow
def test_a_well_known_office_holder_without_title_takes_his_state():
    text = "Shoigu ordered the retreat on Wednesday, and Erdogan spoke to Putin by phone."
    extraction = Extractor().extract(Article(id="t", text=text))
    people = {m.text: m.entity.country for m in extraction.mentions if m.entity.kind == "person"}
    assert people == {"Shoigu": "RUS", "Erdogan": "TUR", "Putin": "RUS"}


@pytest.mark.slow
def test_a_title_in_the_text_wins_over_the_table_and_a_later_clause_says_nothing():
    text = ("U.S. President Joe Biden arrived in Warsaw. Biden, speaking in Warsaw after talks with Polish "
            "President Andrzej Duda, said the alliance was strong.")
    extraction = Extractor().extract(Article(id="t", text=text))
    people = {(m.text, m.entity.country) for m in extraction.mentions if m.entity.kind == "person"}
    assert people == {("Joe Biden", "USA"), ("Biden", "USA"), ("Andrzej Duda", "POL")}
