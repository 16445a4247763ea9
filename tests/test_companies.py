"""Companies: structured company fields cleaned up, and the employer found in posting prose."""

from typing import Any

import pytest

from loaders.extract.companies import _VERBS, _split, _subjects, clean_company, find_company
from tests.test_titles import SEED_POSTINGS


def _name(text: str) -> str | None:
    company = find_company(text)
    return company.name if company else None


def _cleaned(value: str) -> str | None:
    company = clean_company(value)
    return company.name if company else None


def test_a_rating_line_after_the_name_is_dropped() -> None:
    assert _cleaned("Tecolote Research\n3.8") == "Tecolote Research"


@pytest.mark.parametrize(
    "value",
    [
        "Acme Corp.", "Acme GmbH", "Acme S.A.", "Acme Ltda.", "Acme, Inc.", "Acme LLC", "Acme AG", "Acme Sp. z o.o.",
        "Acme GmbH & Co. KG", "Acme Ltd", "Acme Tecnologia Ltda - ME", "Acme B.V.", "Acme S/A", "Acme SE",
    ],
)  # fmt: skip
def test_legal_forms_are_dropped(value: str) -> None:
    assert _cleaned(value) in {"Acme", "Acme Tecnologia"}


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("Deutsche Bank AG", "Deutsche Bank"), ("BMW Group", "BMW Group"), ("Latitude AI", "Latitude AI"),
        ("JPMorgan Chase & Co.", "JPMorgan Chase"), ("SAS", "SAS"),
    ],
)  # fmt: skip
def test_brand_words_stay_and_a_name_is_never_stripped_away(value: str, name: str) -> None:
    assert _cleaned(value) == name


@pytest.mark.parametrize(
    ("value", "name"),
    [("Forcepoint.com", "Forcepoint"), ("https://www.acme.io/", "acme"), ("Booking.com", "Booking.com")],
)
def test_a_web_address_is_reduced_to_the_brand_unless_the_address_is_the_brand(value: str, name: str) -> None:
    assert _cleaned(value) == name


@pytest.mark.parametrize("value", ["", "   ", "Confidential", "Company name withheld", "Stealth Startup", "N/A", "-1"])
def test_placeholders_are_no_company(value: str) -> None:
    assert clean_company(value) is None


def test_a_company_after_at_is_the_employer() -> None:
    assert _name("Senior Backend Software Engineer at Regard building critical backend services.") == "Regard"


def test_a_company_after_at_beats_a_customer_after_for() -> None:
    text = (
        "Senior Software Engineer developing high - performance C++ libraries for Motion Planning team. "
        "Contributing to automated driving technology for Ford vehicles at Latitude AI."
    )
    assert _name(text) == "Latitude AI"


@pytest.mark.parametrize("text", ["Building dashboards for Ford vehicles.", "Libraries for Motion Planning team."])
def test_a_product_or_team_after_for_is_not_the_employer(text: str) -> None:
    assert find_company(text) is None


def test_a_possessive_after_for_names_the_employer() -> None:
    assert _name("Backend Engineer building reliable services for Spotify's mobile app experience.") == "Spotify"


def test_a_web_address_after_for_names_the_employer() -> None:
    assert _name("Drupal Engineer maintaining the backend for Forcepoint.com, building APIs.") == "Forcepoint"


def test_a_sentence_end_closes_the_name() -> None:
    text = "Digital Architect designing solutions at Commerzbank. Collaborating with teams in Poland."
    assert _name(text) == "Commerzbank"


def test_a_lower_case_brand_after_at_is_kept() -> None:
    assert _name("Software Developer working on cloud services at vitroconnect. Collaborating in teams.") == (
        "vitroconnect"
    )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Desenvolvedor Backend para atuar na Acesso Bankly, você vai construir APIs.", "Acesso Bankly"),
        ("Oportunidade na empresa Rota Cerrado, com foco em dados.", "Rota Cerrado"),
        ("A Acme Tecnologia está contratando pessoas desenvolvedoras.", "Acme Tecnologia"),
        ("O Banco Ipê está contratando uma pessoa Desenvolvedora Mobile.", "Banco Ipê"),
    ],
)
def test_portuguese_cues_name_the_employer(text: str, name: str) -> None:
    assert _name(text) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Werkstudent (m/w/d) bei der Beispiel GmbH in Köln.", "Beispiel"),
        ("Die Muster AG sucht ab sofort einen Softwareentwickler.", "Muster"),
        ("Software für Ladesäulen des Automobilzulieferers Kranich Mobility GmbH.", "Kranich Mobility"),
    ],
)
def test_german_cues_name_the_employer(text: str, name: str) -> None:
    assert _name(text) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Vistula Telecom is looking for a Backend Developer.", "Vistula Telecom"),
        ("Rota Cerrado Logística is modernizing its freight platform.", "Rota Cerrado Logística"),
        ("Brightwave Media streams live sport and news to millions of viewers.", "Brightwave Media"),
        ("About Spotify\nWe are a music streaming service.", "Spotify"),
        ("Company: Acme GmbH\nWe build things with partners at Initech.", "Acme"),
        ("We are Acme, a fast-growing fintech.", "Acme"),
        ("Somos a Acme Pagamentos, uma fintech de crédito.", "Acme Pagamentos"),
    ],
)
def test_a_company_that_introduces_itself_is_the_employer(text: str, name: str) -> None:
    assert _name(text) == name


def test_a_past_employer_after_experience_at_does_not_beat_the_employer() -> None:
    text = "Backend Engineer for Spotify's mobile app. You have 5+ years of experience at Google or a similar company."
    assert _name(text) == "Spotify"


@pytest.mark.parametrize(
    "text",
    [
        "Flexibility is a core value for us.",
        "Senior Backend Developer responsible for .NET Core applications at a financial institution.",
        "Digital Architect transforming the bank's architecture landscape in the banking sector.",
        "Working with our client, a leading fintech, at massive scale.",
        "Join a global company within a team for strategic transformation in Switzerland.",
        "You are familiar with tools commonly used at scale, such as Git.",
        "Hybrid role in Goiânia with cross - functional collaboration.",
        "Frontend integration for Next.js and React.",
        "Experience is a plus. Everything is changing.",
        "Hybrid working, two days a week at King's Cross.",
    ],
)
def test_generic_phrases_places_and_technologies_are_not_companies(text: str) -> None:
    assert find_company(text) is None


@pytest.mark.parametrize(("text", "gold"), SEED_POSTINGS)
def test_seed_companies_match_the_annotation(text: str, gold: dict[str, Any]) -> None:
    assert _name(text) == gold["company"]


@pytest.mark.parametrize(
    "text",
    [
        "Backend Engineer at Regard building critical backend services.",
        "Wir sind die Kranich Mobility GmbH.\nSTRONG: Acme IS hiring engineers for Spotify's app.",
        "",
    ],
)
def test_passing_the_lower_cased_text_changes_nothing(text: str) -> None:
    assert find_company(text, low=text.lower()) == find_company(text)


def test_subjects_are_the_sentence_starts_with_a_verb_among_their_first_eight_words() -> None:
    text = "Great news. Acme is hiring.\nWe build tools and one two three four five six seven eight is"
    words = _split(text, text.lower())
    verbs = [i for i, word in enumerate(words.low) if word in _VERBS]
    starts = [words.raw[i] for i in _subjects(words, verbs)]
    assert starts == ["Great", "Acme"]  # the last "is" is twelve words past "We"
