"""Industries: phrase cues in posting text, and structured industry fields mapped to the vocabulary."""

from typing import Any

import pytest

from loaders.extract.industries import INDUSTRIES, _stands_alone, clean_industry, find_industries
from schema.model import Industry
from tests.test_titles import SEED_POSTINGS


def _names(text: str) -> list[str]:
    return [industry.name for industry in find_industries(text)]


def test_the_vocabulary_is_small_and_fixed() -> None:
    assert 20 <= len(INDUSTRIES) <= 30
    assert len(set(INDUSTRIES)) == len(INDUSTRIES)


@pytest.mark.parametrize(
    ("text", "industry"),
    [
        ("High-performance .NET Core applications at a financial institution.", "Financial Services"),
        ("Enterprise architecture in the banking sector, transforming the bank's landscape.", "Banking"),
        ("Designing architecture for banking solutions at Commerzbank.", "Banking"),
        ("Backend services to improve healthcare delivery and physician and patient care.", "Healthcare"),
        ("C++ libraries for automated driving technology for Ford vehicles.", "Automotive"),
        ("Working on telecommunications and cloud service solutions.", "Telecommunications"),
        ("Wir sind eine führende Versicherung in Süddeutschland.", "Insurance"),
        ("Somos um dos maiores bancos do Brasil.", "Banking"),
        ("Soluções para uma instituição financeira de grande porte.", "Financial Services"),
        ("Líder no varejo de moda.", "Retail"),
        ("Ein Logistik-Dienstleister mit 40 Standorten.", "Logistics"),
        ("A maior empresa de logística do Centro-Oeste.", "Logistics"),
        ("Halden Energy runs utility-scale solar and battery storage.", "Energy"),
        ("Our e-commerce platform serves a million shoppers.", "E-commerce"),
        ("A video streaming and entertainment company.", "Media & Entertainment"),
        ("Classrooms and teachers use our edtech product.", "Education"),
        ("Digital services for the public sector.", "Government"),
        ("Threat intelligence and managed detection and response.", "Cybersecurity"),
        ("A B2B SaaS company building HR software.", "Software"),
        ("A leading hotel and hospitality group.", "Travel & Hospitality"),
        ("A video game studio in Montreal.", "Gaming"),
        ("Avionics for the aerospace industry.", "Aerospace & Defense"),
        ("Software für die Landwirtschaft.", "Agriculture"),
        ("An international non-profit for clean water.", "Non-profit"),
        ("Drug discovery in the life sciences.", "Pharmaceuticals"),
        ("A management consulting firm.", "Consulting"),
        ("Ein Systemhaus für den Mittelstand.", "IT Services"),
        ("A proptech company in real estate.", "Real Estate"),
        ("Werkstudent für die Fahrzeugdaten-Plattform des Automobilzulieferers Kranich.", "Automotive"),
        ("Factory automation for semiconductor manufacturing.", "Manufacturing"),
    ],
)
def test_phrase_cues_name_an_industry(text: str, industry: str) -> None:
    assert _names(text)[:1] == [industry]


def test_a_bank_name_is_a_banking_cue_but_a_database_is_not() -> None:
    assert _names("Join the architecture team at Commerzbank.") == ["Banking"]
    assert _names("Erfahrung mit Datenbanken und der Wissensdatenbank.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Great health insurance, dental and vision coverage, and private medical care.",
        "Private healthcare, 28 days of holiday plus bank holidays.",
        "Vale-refeição, plano de saúde e odontológico.",
        "Betriebliche Krankenversicherung und Altersvorsorge.",
        "Access to e-learning portals and a budget for conferences.",
        "Healthcare, dental, vision and life assurance for you and your family.",
    ],
)
def test_benefits_are_not_industry_cues(text: str) -> None:
    assert _names(text) == []


def test_customers_industries_count_half() -> None:
    assert _names("Our SaaS is used by banks, hospitals and manufacturers across Europe.") == []
    assert _names("Experience with federal and NGO clients.") == []


def test_methods_named_after_an_industry_are_not_cues() -> None:
    assert _names("You understand how large organisations work and know LEAN manufacturing.") == []


def test_technology_words_alone_name_no_industry() -> None:
    text = "Develop backend services and RESTful APIs on the cloud with a focus on security and scalability."
    assert _names(text) == []


def test_at_most_two_industries_strongest_first() -> None:
    text = (
        "A fintech offering payments and business banking to small businesses. "
        "Open banking payments, fraud detection and financial services. Our office is near a hospital."
    )
    assert _names(text) == ["Financial Services", "Banking"]  # 7 and 4; Healthcare (2) is third


@pytest.mark.parametrize(
    ("value", "industry"),
    [
        ("Information Technology & Services", "IT Services"), ("IT Services and IT Consulting", "IT Services"),
        ("Banking", "Banking"), ("Finanzdienstleistungen", "Financial Services"),
        ("Serviços Financeiros", "Financial Services"), ("Hospital & Health Care", "Healthcare"),
        ("Biotech & Pharmaceuticals", "Pharmaceuticals"), ("Computer Software", "Software"), ("Internet", "Software"),
        ("Computer Games", "Gaming"), ("Computer & Network Security", "Cybersecurity"),
        ("Airlines/Aviation", "Travel & Hospitality"), ("Defense & Space", "Aerospace & Defense"),
        ("Oil & Energy", "Energy"), ("Telekommunikation", "Telecommunications"), ("Logística", "Logistics"),
        ("Tecnologia da Informação", "IT Services"), ("Media", "Media & Entertainment"),
        ("E-commerce", "E-commerce"), ("Versicherungen", "Insurance"),
        ("Non-profit Organization Management", "Non-profit"),
    ],
)  # fmt: skip
def test_structured_industries_map_to_the_vocabulary(value: str, industry: str) -> None:
    assert clean_industry(value) == Industry(name=industry)


@pytest.mark.parametrize("value", ["", "-1", "Unknown", "Staffing and Recruiting", "Strong"])
def test_structured_industries_outside_the_vocabulary_are_none(value: str) -> None:
    assert clean_industry(value) is None


@pytest.mark.parametrize(("text", "gold"), SEED_POSTINGS)
def test_seed_first_industry_is_acceptable(text: str, gold: dict[str, Any]) -> None:
    names = _names(text)
    assert (names[0] if names else None) in gold["industry_any"]


@pytest.mark.parametrize(
    "text",
    ["A leading  insurance\ncompany serving banks.", "Datenbank-Entwicklung bei der Commerzbank AG", ""],
)
def test_passing_the_normalised_text_changes_nothing(text: str) -> None:
    assert find_industries(text, normalised=" ".join(text.lower().split())) == find_industries(text)


@pytest.mark.parametrize(
    ("text", "cue", "alone"),
    [
        ("the commerzbank team", "bank", True),  # "*bank": a bank's name
        ("our datenbank team", "bank", False),  # but no database
        ("banking sector", "bank", False),  # "bank" is no compound's start
        ("versicherungen", "versicherung", True),  # "versicherung*"
        ("strong skills", "ong", False),
    ],
)
def test_a_cue_counts_as_a_word_of_its_own_or_as_the_compound_it_allows(text: str, cue: str, alone: bool) -> None:
    start = text.index(cue)
    assert _stands_alone(text, start, start + len(cue), cue) is alone
