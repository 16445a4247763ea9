"""Location extraction: structured fields, prose, schema.org addresses and the shipped gazetteer."""

import time
from importlib import resources

import pytest

from loaders.extract.locations import (
    _CASE_TABLE,
    GAZETTEER_FILE,
    _gazetteer,
    _raw_matches,
    alias_keys,
    find_locations,
    fold,
    location_from_parts,
    name_key,
    parse_location,
    resolve_country,
)
from schema.model import Location


def city(name: str, region: str | None, country: str, code: str) -> Location:
    return Location(city=name, region=region, country=country, country_code=code)


def country(name: str, code: str) -> Location:
    return Location(country=name, country_code=code)


ALBUQUERQUE = city("Albuquerque", "New Mexico", "United States", "US")
MUNICH = city("Munich", "Bavaria", "Germany", "DE")
BERLIN = city("Berlin", "Berlin", "Germany", "DE")
HAMBURG = city("Hamburg", "Hamburg", "Germany", "DE")
LISBON = city("Lisbon", "Lisbon", "Portugal", "PT")
SAO_PAULO = city("São Paulo", "São Paulo", "Brazil", "BR")
WARSAW = city("Warsaw", "Mazovia", "Poland", "PL")
LONDON = city("London", "England", "United Kingdom", "GB")
ZURICH = city("Zürich", "Zurich", "Switzerland", "CH")
GOIANIA = city("Goiânia", "Goiás", "Brazil", "BR")
LODZ = city("Łódź", "Łódź Voivodeship", "Poland", "PL")
AUSTIN = city("Austin", "Texas", "United States", "US")
SEATTLE = city("Seattle", "Washington", "United States", "US")
BELO_HORIZONTE = city("Belo Horizonte", "Minas Gerais", "Brazil", "BR")
UNITED_STATES = country("United States", "US")
SWITZERLAND = country("Switzerland", "CH")
GERMANY = country("Germany", "DE")


# ------------------------------------------------------------------------------------ structured fields


def test_a_us_city_with_state_code_resolves_to_its_state_and_country() -> None:
    assert parse_location("Albuquerque, NM") == [ALBUQUERQUE]


def test_a_local_city_name_with_country_resolves_to_the_geonames_name() -> None:
    assert parse_location("München, Germany") == [MUNICH]


def test_a_bare_city_name_resolves_to_the_most_populous_city_of_that_name() -> None:
    assert parse_location("Berlin") == [BERLIN]


def test_a_portuguese_city_name_with_country_resolves_to_the_english_geonames_city() -> None:
    assert parse_location("Lisboa, Portugal") == [LISBON]


def test_a_brazilian_city_with_a_dashed_state_code_resolves() -> None:
    assert parse_location("São Paulo - SP") == [SAO_PAULO]


def test_remote_alone_names_no_place() -> None:
    assert parse_location("Remote") == []


def test_remote_with_a_country_names_only_the_country() -> None:
    assert parse_location("Remote, USA") == [UNITED_STATES]


def test_a_work_mode_prefix_is_ignored() -> None:
    assert parse_location("Hybrid - Warsaw, Poland") == [WARSAW]


def test_city_region_and_country_together_name_one_city() -> None:
    assert parse_location("London, England, United Kingdom") == [LONDON]


def test_a_city_with_an_umlaut_resolves_on_its_own() -> None:
    assert parse_location("Zürich") == [ZURICH]


def test_a_city_with_state_code_and_portuguese_country_name_resolves() -> None:
    assert parse_location("Goiânia, GO, Brasil") == [GOIANIA]


def test_multiple_locations_names_no_place() -> None:
    assert parse_location("Multiple locations") == []


def test_an_empty_field_names_no_place() -> None:
    assert parse_location("") == []
    assert parse_location("   ") == []


def test_two_locations_separated_by_a_semicolon_are_both_returned() -> None:
    assert parse_location("Austin, TX; Seattle, WA") == [AUSTIN, SEATTLE]


def test_comma_separated_cities_that_do_not_qualify_each_other_are_separate_places() -> None:
    assert parse_location("Berlin, Munich, Hamburg") == [BERLIN, MUNICH, HAMBURG]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Deutschland", GERMANY),
        ("Alemanha", GERMANY),
        ("Germany", GERMANY),
        ("Brasil", country("Brazil", "BR")),
        ("Schweiz", SWITZERLAND),
        ("Suíça", SWITZERLAND),
        ("Polska", country("Poland", "PL")),
        ("USA", UNITED_STATES),
        ("UK", country("United Kingdom", "GB")),
    ],
)
def test_country_names_in_english_german_portuguese_and_local_forms_resolve(value: str, expected: Location) -> None:
    assert parse_location(value) == [expected]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Munich", MUNICH),
        ("Muenchen", MUNICH),
        ("Lodz", LODZ),
        ("Łódź", LODZ),
        ("Goiania", GOIANIA),
        ("Warszawa", WARSAW),
        ("Lisboa", LISBON),
        ("Köln", city("Köln", "North Rhine-Westphalia", "Germany", "DE")),
        ("Cologne", city("Köln", "North Rhine-Westphalia", "Germany", "DE")),
        ("Wien", city("Vienna", "Vienna", "Austria", "AT")),
        ("Zurich", ZURICH),
    ],
)
def test_ascii_local_and_english_spellings_of_a_city_resolve_to_the_same_city(value: str, expected: Location) -> None:
    assert parse_location(value) == [expected]


def test_an_airport_code_is_not_an_alternate_city_name() -> None:
    assert parse_location("MUC") == []


def test_a_state_code_picks_the_right_one_of_several_same_named_cities() -> None:
    assert parse_location("Cambridge, MA") == [city("Cambridge", "Massachusetts", "United States", "US")]
    assert parse_location("Portland, ME") == [city("Portland", "Maine", "United States", "US")]


def test_a_short_name_with_a_parenthesised_qualifier_resolves() -> None:
    assert parse_location("Frankfurt") == [city("Frankfurt am Main", "Hesse", "Germany", "DE")]
    assert parse_location("Halle (Saale)") == [city("Halle (Saale)", "Saxony-Anhalt", "Germany", "DE")]


def test_postcodes_and_area_words_are_ignored() -> None:
    assert parse_location("10115 Berlin") == [BERLIN]
    assert parse_location("Greater London Area") == [LONDON]


def test_a_region_with_its_country_names_the_region() -> None:
    bavaria = Location(region="Bavaria", country="Germany", country_code="DE")
    assert parse_location("Bavaria, Germany") == [bavaria]
    assert parse_location("Bayern") == [bavaria]


def test_a_us_state_name_with_the_country_is_the_state_not_the_country_georgia() -> None:
    georgia_state = Location(region="Georgia", country="United States", country_code="US")
    assert parse_location("Georgia, USA") == [georgia_state]
    assert parse_location("Georgia") == [country("Georgia", "GE")]


def test_a_two_letter_code_is_never_read_as_a_town_name() -> None:
    assert parse_location("Remote (EU)") == []


def test_places_joined_by_or_are_each_returned() -> None:
    assert parse_location("Hamburg oder Berlin") == [HAMBURG, BERLIN]


def test_a_field_in_words_still_yields_its_country() -> None:
    assert parse_location("Remote (US only)") == [UNITED_STATES]
    assert parse_location("Anywhere in Europe") == []


# ----------------------------------------------------------------------------------------------- prose


def test_a_city_after_in_is_found_in_prose() -> None:
    assert find_locations("Hybrid role in Goiânia with cross-functional teams.") == [GOIANIA]


def test_a_city_followed_by_its_country_is_found_once() -> None:
    assert find_locations("The team is based in Łódź, Poland.") == [LODZ]


def test_a_country_alone_is_found_as_a_country() -> None:
    assert find_locations("Lead the strategic transformation in Switzerland.") == [SWITZERLAND]


def test_a_city_at_the_end_of_a_job_title_is_found() -> None:
    assert find_locations("Senior Data Engineer in Hamburg") == [HAMBURG]


def test_a_german_standort_label_marks_a_city() -> None:
    assert find_locations("Standort: München") == [MUNICH]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oportunidade em São Paulo para pessoa desenvolvedora.", SAO_PAULO),
        ("Temos uma vaga em Belo Horizonte.", BELO_HORIZONTE),
    ],
)
def test_portuguese_location_cues_mark_a_city(text: str, expected: Location) -> None:
    assert find_locations(text) == [expected]


def test_technology_names_and_common_words_are_not_places() -> None:
    assert find_locations("We use Java, Spring and Angular; reading and mobile skills are a plus") == []


@pytest.mark.parametrize(
    "text",
    [
        "Reading code is half the job.",
        "Mobile experience is welcome.",
        "Nice to have: Kafka.",
        "Bath time for the kids is flexible.",
        "Split the monolith into services.",
        "Of course we offer equity.",
        "Mission: make hiring fair.",
        "Experience with the Phoenix framework and Elixir.",
        "Apache Jena and RDF knowledge.",
        "Marion will be your manager.",
        "Florence leads the design team.",
        "Python, Ruby, Delta Lake, Orange, Sale, Hope.",
        "Ita is our team lead.",
        "Feliz Natal para todos!",
        "Java is our main language.",
        "Boston Consulting Group alumni welcome.",
        "Munich Re is our client.",
        "Texas Instruments hardware.",
        "Plano de saúde e vale-refeição.",
        "Wir haben im Norden viele Kunden.",
        "JOIN US",
    ],
)
def test_common_words_names_and_organisations_are_not_places_in_prose(text: str) -> None:
    assert find_locations(text) == []


def test_an_ambiguous_city_name_counts_with_its_region_or_country() -> None:
    assert find_locations("Our office in Reading, UK") == [city("Reading", "England", "United Kingdom", "GB")]
    assert find_locations("Phoenix, AZ") == [city("Phoenix", "Arizona", "United States", "US")]
    assert find_locations("Natal, RN") == [city("Natal", "Rio Grande do Norte", "Brazil", "BR")]


def test_an_ambiguous_city_name_counts_after_a_strong_cue() -> None:
    assert find_locations("vaga em Natal") == [city("Natal", "Rio Grande do Norte", "Brazil", "BR")]
    assert find_locations("Standort: Essen") == [city("Essen", "North Rhine-Westphalia", "Germany", "DE")]


def test_a_state_code_after_a_city_picks_the_right_cambridge() -> None:
    assert find_locations("Lab in Cambridge, MA.") == [city("Cambridge", "Massachusetts", "United States", "US")]


def test_places_are_deduplicated_in_order_of_first_mention_and_cities_subsume_their_country() -> None:
    text = "Join us in Berlin, Germany. You will travel to London and back to Berlin. Germany is great."
    assert find_locations(text) == [BERLIN, LONDON]


def test_countries_by_name_and_exact_case_abbreviation_are_found() -> None:
    assert find_locations("We are a US-based company hiring in the UK or Deutschland.") == [
        UNITED_STATES,
        country("United Kingdom", "GB"),
        GERMANY,
    ]


def test_us_states_are_found_by_name() -> None:
    assert find_locations("Candidates in Texas and California") == [
        Location(region="Texas", country="United States", country_code="US"),
        Location(region="California", country="United States", country_code="US"),
    ]


def test_a_small_city_needs_a_cue_and_a_strong_cue_admits_a_very_small_one() -> None:
    walldorf = city("Walldorf", "Baden-Württemberg", "Germany", "DE")
    assert find_locations("Walldorf") == []
    assert find_locations("Arbeitsort: Walldorf") == [walldorf]
    assert find_locations("SAP, Walldorf, Germany") == [walldorf]


def test_a_city_named_like_a_person_is_not_taken_when_a_surname_follows() -> None:
    charlotte = city("Charlotte", "North Carolina", "United States", "US")
    assert find_locations("Charlotte Smith and Austin Brown will interview you.") == []
    assert find_locations("We are in Charlotte, NC") == [charlotte]
    assert find_locations("Located in Charlotte") == [charlotte]


def test_lower_case_place_names_are_not_taken() -> None:
    assert find_locations("we like berlin and germany") == []


def test_empty_prose_names_no_place() -> None:
    assert find_locations("") == []


# ------------------------------------------------------------------------------- schema.org addresses


def test_a_postal_address_with_codes_resolves_to_the_gazetteer() -> None:
    assert location_from_parts("São Paulo", "SP", "BR") == SAO_PAULO
    assert location_from_parts("München", None, "DE") == MUNICH
    assert location_from_parts("Albuquerque", "NM", "USA") == ALBUQUERQUE


def test_a_postal_address_with_only_a_country_name_resolves_to_the_country() -> None:
    assert location_from_parts(None, None, "Brazil") == country("Brazil", "BR")


def test_a_postal_address_keeps_an_unknown_city_with_its_known_region_and_country() -> None:
    assert location_from_parts("Smallville", "Kansas", "USA") == Location(
        city="Smallville", region="Kansas", country="United States", country_code="US"
    )


def test_an_empty_postal_address_is_no_location() -> None:
    assert location_from_parts(None, " ", None) is None


# --------------------------------------------------------------------------------- countries and keys


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("BR", ("Brazil", "BR")),
        ("Brazil", ("Brazil", "BR")),
        ("bra", ("Brazil", "BR")),
        ("USA", ("United States", "US")),
        ("U.S.", ("United States", "US")),
        ("Deutschland", ("Germany", "DE")),
        ("Polônia", ("Poland", "PL")),
        ("UK", ("United Kingdom", "GB")),
        ("Vereinigte Staaten", ("United States", "US")),
    ],
)
def test_a_country_name_or_code_resolves_to_its_english_name_and_alpha2(value: str, expected: tuple[str, str]) -> None:
    assert resolve_country(value) == expected


def test_an_unknown_country_does_not_resolve() -> None:
    assert resolve_country("Atlantis") is None
    assert resolve_country("XX") is None


def test_folding_keeps_offsets_and_drops_diacritics() -> None:
    text = "Łódź, São Paulo \u2013 Gießen \u0130stanbul"
    assert len(fold(text)) == len(text)
    assert name_key("São Paulo") == "sao paulo"
    assert alias_keys("St. Gallen") == ["st gallen", "st  gallen"]


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII, with punctuation?",
        "Łódź, São Paulo \u2013 Gießen \u0130stanbul",
        "Москва и Київ: 2 города",  # letters of another script stay letters
        "",
        "¿?",
    ],
)
def test_folding_mostly_ascii_text_matches_folding_it_character_by_character(text: str) -> None:
    assert fold(text) == "".join(fold(char) for char in text)


def test_the_case_map_marks_where_capitalised_words_start() -> None:
    assert _CASE_TABLE.apply("Wir suchen in München, São-Paulo!") == "Ull llllll ll Ullllll  Ull Ullll "
    assert _CASE_TABLE.apply("Москва") == "Ulllll"


def test_a_name_is_read_off_its_capitalised_first_word_over_spaces_and_punctuation() -> None:
    g = _gazetteer()
    text = "Offices in St. Gallen, rio de janeiro and Rio de Janeiro."
    found = {(m.key, text[m.start : m.end]) for m in _raw_matches(g, text)}
    assert ("st  gallen", "St. Gallen") in found  # the spaced key: "." folds to a space
    assert ("rio de janeiro", "Rio de Janeiro") in found
    assert all(text[m.start].isupper() for m in _raw_matches(g, text))
    assert g.prose_names["rio de janeiro"] is True
    assert g.prose_names["rio de"] is False  # the start of a key, no key itself


# ------------------------------------------------------------------------------------------ gazetteer


def test_the_shipped_gazetteer_is_compact() -> None:
    size = resources.files("loaders").joinpath("data", GAZETTEER_FILE).read_bytes()
    assert len(size) <= 3_000_000


def test_find_locations_on_a_posting_is_fast_after_loading() -> None:
    posting = (
        "We are looking for a Senior Data Engineer based in Berlin, Germany, working with colleagues in "
        "London and New York. Stack: Python, Java, Spring Boot, Kafka, Delta Lake and Angular. Reading "
        "documentation is a must; mobile experience is nice to have. Für unseren Standort München suchen "
        "wir Verstärkung. Vaga em São Paulo com encontros em Belo Horizonte; plano de saúde incluso. "
    ) * 5
    find_locations(posting)  # load once
    runs = 50
    started = time.perf_counter()
    for _ in range(runs):
        find_locations(posting[:2000])
    average = (time.perf_counter() - started) / runs
    assert average < 0.01  # typically ~0.5 ms; generous so slow CI machines do not flake
