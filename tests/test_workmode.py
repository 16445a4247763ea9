"""Work mode and employment type, from posting text or a structured field."""

from typing import Any

import pytest

from loaders.extract.workmode import EMPLOYMENT_TYPES, _present, find_employment_type, find_work_mode
from schema.model import WorkMode
from tests.test_titles import SEED_POSTINGS

REMOTE, HYBRID, ON_SITE = WorkMode.REMOTE, WorkMode.HYBRID, WorkMode.ON_SITE


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Hybrid role in Goiânia with cross - functional collaboration.", HYBRID),
        ("Innovating in a collaborative hybrid environment.", HYBRID),
        ("We offer hybrid working from our Shoreditch office.", HYBRID),
        ("Location: Hybrid", HYBRID), ("Híbrido", HYBRID), ("Modelo híbrido com três dias presenciais.", HYBRID),
        ("Hybrides Arbeiten mit bis zu zwei Tagen Homeoffice pro Woche.", HYBRID),
        ("Hybrid setup with two office days per week.", HYBRID),
        ("Remote", REMOTE), ("Remote (US)", REMOTE), ("This is a fully remote position.", REMOTE),
        ("We are a remote-first company.", REMOTE), ("You can work from home.", REMOTE), ("100% remoto", REMOTE),
        ("Remoto", REMOTE), ("Trabalho remoto", REMOTE), ("TELECOMMUTE", REMOTE), ("true", REMOTE),
        ("Presencial", ON_SITE), ("On-site", ON_SITE), ("onsite", ON_SITE), ("in-office", ON_SITE),
        ("This is an on-site role at our East Austin operations center.", ON_SITE),
        ("QA Engineer working on-site at our technology hub in Łódź.", ON_SITE),
        ("Arbeit vor Ort in München.", ON_SITE),
        ("Modelo de trabalho: presencial, no centro de distribuição em Goiânia.", ON_SITE),
    ],
)  # fmt: skip
def test_a_stated_work_mode_is_found(text: str, mode: WorkMode) -> None:
    assert find_work_mode(text) is mode


@pytest.mark.parametrize(
    "text",
    [
        "Experience with remote sensing data.",
        "Firmware for remote control units.",
        "Provide on-site support for customers.",
        "Collaborating on cloud and on - premises solutions.",
        "Build remote monitoring for wind turbines.",
        "Operate our hybrid cloud infrastructure.",
        "Experience managing remote teams.",
        "You will work as part of our Agile hybrid DevOps teams.",
        "Regular onsite socials, meetups and events.",
        "Our home office in Dallas coordinates the regions.",
        "Vale-refeição, plano de saúde e auxílio home office.",
        "Develop and maintain backend services and RESTful APIs.",
        "All interviewing and onboarding is remote.",
        "Booking appointments online and having remote medical consultations via video.",
    ],
)
def test_things_called_remote_hybrid_or_on_site_are_not_work_modes(text: str) -> None:
    assert find_work_mode(text) is None


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("100% Homeoffice", REMOTE), ("komplett remote", REMOTE), ("Hybrid? Yes.", HYBRID),
        ("Wir arbeiten komplett remote.", REMOTE), ("Teilweise Homeoffice möglich.", HYBRID),
        ("2 Tage Homeoffice pro Woche.", HYBRID), ("Homeoffice möglich.", HYBRID), ("Mobiles Arbeiten", HYBRID),
        ("Vagas home office para todo o Brasil.", REMOTE), ("Home office 3x por semana.", HYBRID),
    ],
)  # fmt: skip
def test_homeoffice_is_hybrid_in_german_unless_total_and_remote_in_portuguese(text: str, mode: WorkMode) -> None:
    assert find_work_mode(text) is mode


def test_a_negated_remote_cue_is_on_site() -> None:
    assert find_work_mode("This is not a remote position; you will join us in Austin.") is ON_SITE
    assert find_work_mode("Kein Homeoffice möglich.") is ON_SITE


def test_remote_and_on_site_cues_together_are_hybrid() -> None:
    assert find_work_mode("On-site role at our operations center, with a flexible remote Friday.") is HYBRID
    assert find_work_mode("Remote work possible up to three days a week.") is HYBRID


def test_the_option_to_work_from_home_is_hybrid() -> None:
    assert find_work_mode("Flexible work model with the opportunity to work from home.") is HYBRID


def test_a_hybrid_cue_wins_over_remote_and_on_site_cues() -> None:
    text = "Hybrid: two days on-site in Berlin, the rest remote."
    assert find_work_mode(text) is HYBRID


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("full time", "Full-time"), ("FULL_TIME", "Full-time"), ("Full-time", "Full-time"), ("Vollzeit", "Full-time"),
        ("Festanstellung", "Full-time"), ("Permanent", "Full-time"), ("unbefristeter Vertrag", "Full-time"),
        ("CLT", "Full-time"), ("Teilzeit", "Part-time"), ("PART_TIME", "Part-time"), ("Meio período", "Part-time"),
        ("Werkstudent", "Part-time"), ("PJ", "Contract"), ("Contract", "Contract"), ("CONTRACTOR", "Contract"),
        ("6-month contract role", "Contract"), ("Temporary", "Temporary"), ("befristet auf 12 Monate", "Temporary"),
        ("Estágio", "Internship"), ("Internship", "Internship"), ("INTERN", "Internship"),
        ("Pflichtpraktikum", "Internship"), ("Ausbildung zum Fachinformatiker", "Apprenticeship"),
        ("Jovem Aprendiz", "Apprenticeship"), ("Freelancer", "Freelance"), ("Freiberuflich", "Freelance"),
    ],
)  # fmt: skip
def test_employment_types_are_normalised(text: str, kind: str) -> None:
    assert find_employment_type(text) == kind
    assert kind in EMPLOYMENT_TYPES


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Full-time internship", "Internship"), ("Vollzeit oder Teilzeit", "Full-time"),
        ("Part-time or full-time", "Full-time"), ("CLT ou PJ", "Contract"), ("Befristet in Vollzeit", "Temporary"),
    ],
)  # fmt: skip
def test_the_most_specific_employment_type_wins(text: str, kind: str) -> None:
    assert find_employment_type(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "Previous internship experience is a plus.",
        "Experience with smart contract development.",
        "Abgeschlossene Ausbildung als Fachinformatiker.",
        "We offer a B2B or employment contract, private medical care.",
        "OTHER",
        "",
    ],
)
def test_words_that_only_mention_a_type_do_not_state_one(text: str) -> None:
    assert find_employment_type(text) is None


@pytest.mark.parametrize(("text", "gold"), SEED_POSTINGS)
def test_seed_work_modes_match_the_annotation(text: str, gold: dict[str, Any]) -> None:
    mode = find_work_mode(text)
    assert (mode.value if mode else None) == gold["work_mode"]


@pytest.mark.parametrize(
    "text",
    [
        "Hybrid role, two days in the office; full-time, CLT.",
        "  Remote working student (Werkstudent) position  ",
        "Vor Ort in Berlin, befristet.",
        "",
    ],
)
def test_passing_the_lower_cased_text_changes_nothing(text: str) -> None:
    low = text.lower()
    assert find_work_mode(text, low=low) == find_work_mode(text)
    assert find_employment_type(text, low=low) == find_employment_type(text)


def test_one_pass_finds_the_cue_keys_of_work_modes_and_employment_types_alike() -> None:
    assert {"remot", "time", "office"} <= _present("remote, full-time, home office")
    assert _present("") == frozenset()
