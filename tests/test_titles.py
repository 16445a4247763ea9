"""Job titles: the title opening a summary sentence, and a title split into role and seniority."""

import json
from typing import Any

import pytest

from loaders.extract.titles import _level_word, _without_gender, parse_title, title_from_summary
from schema.model import Seniority
from tests.conftest import GOLD  # Path(__file__).parents[2] / "shared/data/seed/gold.json"


def seed_postings() -> list[Any]:
    """One ``pytest.param(text, gold)`` per hand-annotated seed posting (skipped when the seed is absent)."""
    if not GOLD.exists():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=f"seed annotation not found at {GOLD}"))]
    lines = (GOLD.parent / "postings.txt").read_text(encoding="utf-8").splitlines()
    postings = json.loads(GOLD.read_text(encoding="utf-8"))["postings"]
    return [
        pytest.param("\n".join(lines[first - 1 : last]), gold, id=f"line-{first}")
        for gold in postings
        for first, last in [gold["lines"]]
    ]


SEED_POSTINGS = seed_postings()


def _role(title: str) -> str | None:
    role = parse_title(title)[0]
    return role.name if role else None


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Backend Engineer building reliable backend services for Spotify's mobile app.", "Backend Engineer"),
        ("Senior .NET Developer leading complex application development at Trissential.", "Senior .NET Developer"),
        ("Decoupled Drupal Engineer maintaining the Drupal 10 backend.", "Decoupled Drupal Engineer"),
        ("Digital Architect responsible for designing architecture for banking solutions.", "Digital Architect"),
        ("Senior Backend Software Engineer at Regard building services.", "Senior Backend Software Engineer"),
        ("Frontend Developer (React/TypeScript) wanted at Basketly, the online grocer.", "Frontend Developer"),
        ("Site Reliability Engineer keeping Solvara Health's services available.", "Site Reliability Engineer"),
        ("Software Engineer in Test at Acme, owning our test automation.", "Software Engineer in Test"),
        ("Head of Engineering at Acme, leading four teams.", "Head of Engineering"),
    ],
)  # fmt: skip
def test_a_summary_sentence_opens_with_its_title(line: str, title: str) -> None:
    assert title_from_summary(line) == title


@pytest.mark.parametrize(
    "line",
    [
        "Develop and maintain backend services and RESTful APIs using Node.js and Python.",
        "Lead a team of three DevOps engineers responsible for our AWS infrastructure.",
        "Partner with engineers and product teams across Spotify to design APIs.",
        "Architect and build the next generation of our payments platform.",
        "Tidewater Freight moves more than 40,000 containers a month.",
        "Desenvolver e manter microsserviços em Java 17 com Spring Boot.",
        "Du entwickelst gemeinsam mit unserem Backend-Team REST-Schnittstellen.",
    ],
)
def test_a_sentence_that_opens_with_a_verb_or_a_company_has_no_title(line: str) -> None:
    assert title_from_summary(line) is None


def test_section_headers_and_requirement_lines_have_no_title() -> None:
    lines = [
        "Responsibilities",
        "Requirements",
        "Design, build, and operate backend services that are reliable, low-latency, and ready to scale.",
        "You know how to build and maintain backend services, ideally using Java or a similar language.",
        "Learn, grow, and contribute to Spotify\u2019s engineering culture through collaboration.",
    ]
    assert [title_from_summary(line) for line in lines] == [None] * len(lines)


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Desenvolvedor Backend Pleno para atuar em projetos de pagamentos.", "Desenvolvedor Backend Pleno"),
        ("Engenheiro de dados sênior para a squad de crédito.", "Engenheiro de dados sênior"),
        ("Werkstudent Data Engineering (m/w/d) zur Unterstützung unseres Teams.", "Werkstudent Data Engineering"),
        ("Werkstudent (m/w/d) Backend-Entwicklung mit Python für die Plattform.", "Werkstudent Backend-Entwicklung"),
        ("Softwareentwickler (m/w/d) für unser Team in München.", "Softwareentwickler"),
    ],
)
def test_portuguese_and_german_titles_end_at_their_prepositions(line: str, title: str) -> None:
    assert title_from_summary(line) == title


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Data Engineer (f/m/x) for our platform team.", "Data Engineer"),
        ("Data Engineer (all genders) for our platform team.", "Data Engineer"),
        ("Data Engineer m/w/d für unser Team.", "Data Engineer"),
        ("Desenvolvedor(a) Backend Sênior para a squad de Pagamentos.", "Desenvolvedor Backend Sênior"),
    ],
)
def test_gender_markers_are_not_part_of_a_title(line: str, title: str) -> None:
    assert title_from_summary(line) == title


@pytest.mark.parametrize(
    ("title", "seniority"),
    [
        ("Junior Backend Developer", Seniority.JUNIOR), ("Jr. Data Analyst", Seniority.JUNIOR),
        ("Entry-level Data Analyst", Seniority.JUNIOR), ("Software Engineer Intern", Seniority.INTERN),
        ("Internship Software Engineering", Seniority.INTERN), ("Werkstudent Data Engineering", Seniority.INTERN),
        ("Praktikant Marketing", Seniority.INTERN), ("Estagiário em Desenvolvimento", Seniority.INTERN),
        ("Estágio em Engenharia de Dados", Seniority.INTERN), ("Trainee Java Developer", Seniority.INTERN),
        ("Desenvolvedor Java Pleno", Seniority.MID), ("Mid-level Frontend Developer", Seniority.MID),
        ("Engenheiro de Software Sênior", Seniority.SENIOR), ("Senior Data Engineer", Seniority.SENIOR),
        ("Sr Data Engineer", Seniority.SENIOR), ("Lead Data Scientist", Seniority.LEAD),
        ("Tech Lead", Seniority.LEAD), ("Team Lead Backend", Seniority.LEAD),
        ("Principal Solutions Architect", Seniority.PRINCIPAL), ("Staff Engineer", Seniority.PRINCIPAL),
        ("Head of Engineering", Seniority.HEAD), ("Director of Product", Seniority.HEAD),
        ("VP Engineering", Seniority.HEAD), ("Leiter IT", Seniority.HEAD), ("Backend Developer", None),
        ("Engineering Manager", None),
    ],
)  # fmt: skip
def test_seniority_words_map_to_levels(title: str, seniority: Seniority | None) -> None:
    assert parse_title(title)[1] is seniority


@pytest.mark.parametrize(
    ("title", "role", "seniority"),
    [
        ("Senior Backend Developer", "Backend Developer", Seniority.SENIOR),
        ("Sr. Software Engineer II", "Software Engineer", Seniority.SENIOR),
        ("Lead Data Scientist", "Data Scientist", Seniority.LEAD),
        ("Senior .NET Developer", ".NET Developer", Seniority.SENIOR),
        ("Decoupled Drupal Engineer", "Decoupled Drupal Engineer", None),
        ("SENIOR SOFTWARE ENGINEER", "Software Engineer", Seniority.SENIOR),
    ],
)
def test_the_role_is_the_title_without_its_seniority(title: str, role: str, seniority: Seniority | None) -> None:
    assert (_role(title), parse_title(title)[1]) == (role, seniority)


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Back-end Developer", "Backend Developer"), ("Back End Developer", "Backend Developer"),
        ("Backend Developer", "Backend Developer"), ("Front-End Engineer", "Frontend Engineer"),
        ("Front End Engineer", "Frontend Engineer"), ("Full-stack Developer", "Full Stack Developer"),
        ("Fullstack Developer", "Full Stack Developer"), ("Senior Java Fullstack Engineer", "Java Full Stack Engineer"),
        ("SWE", "Software Engineer"), ("ML Engineer", "Machine Learning Engineer"),
        ("Devops Engineer", "DevOps Engineer"),
    ],
)  # fmt: skip
def test_spellings_of_the_same_role_are_merged(title: str, role: str) -> None:
    assert _role(title) == role


def test_developer_and_engineer_stay_distinct() -> None:
    assert (_role("Backend Developer"), _role("Backend Engineer")) == ("Backend Developer", "Backend Engineer")


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Softwareentwickler (m/w/d)", "Software Developer"), ("Java-Entwickler:in", "Java Developer"),
        ("Frontend-Entwickler (m/w/d)", "Frontend Developer"), ("SAP-Berater", "SAP Consultant"),
        ("Systemadministrator (m/w/d)", "System Administrator"), ("Projektleiter IT", "IT Project Manager"),
        ("Desenvolvedor Backend", "Backend Developer"), ("Desenvolvedor(a) Mobile Pleno", "Mobile Developer"),
        ("Engenheiro de Dados", "Data Engineer"), ("Cientista de Dados", "Data Scientist"),
        ("Analista de Sistemas Jr", "Systems Analyst"), ("Analista Desenvolvedor .NET", ".NET Developer"),
        ("Analista de Segurança da Informação", "Information Security Analyst"),
        ("Estagiário(a) em Engenharia de Dados", "Data Engineer"), ("Werkstudent Data Engineering", "Data Engineer"),
        ("Líder Técnico", "Tech Lead"), ("Pessoa Desenvolvedora Back-end", "Backend Developer"),
        ("Analista de Suporte N2", "Support Analyst"),
        ("Werkstudent*in Softwareentwicklung", "Software Developer"),
        ("Praktikum im Bereich Data Science", "Data Scientist"),
        ("Fachinformatiker für Anwendungsentwicklung (m/w/d)", "Application Developer"),
    ],
)  # fmt: skip
def test_german_and_portuguese_roles_are_translated_when_they_are_the_same_job(title: str, role: str) -> None:
    assert _role(title) == role


def test_an_unknown_german_compound_stays_whole() -> None:
    assert _role("Kundenberater (m/w/d)") == "Kundenberater"


def test_staff_is_principal_only_on_engineering_roles() -> None:
    assert parse_title("Staff Engineer") == (parse_title("Software Engineer")[0], Seniority.PRINCIPAL)
    assert parse_title("Staff Accountant")[1] is None


def test_a_bare_engineer_or_developer_is_a_software_role() -> None:
    assert _role("Senior Engineer") == "Software Engineer"
    assert _role("Junior Developer") == "Software Developer"


@pytest.mark.parametrize(
    ("title", "seniority"),
    [
        ("Software Engineer I", Seniority.JUNIOR),
        ("Software Engineer II", Seniority.MID),
        ("Software Engineer III", Seniority.SENIOR),
        ("Senior Software Engineer II", Seniority.SENIOR),
    ],
)
def test_level_numerals_count_only_without_a_seniority_word(title: str, seniority: Seniority) -> None:
    assert _role(title) == "Software Engineer"
    assert parse_title(title)[1] is seniority


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Tech Lead", "Tech Lead"), ("Team Lead", "Team Lead"), ("Head of Engineering", "Head of Engineering"),
        ("Director, Product Management", "Director of Product Management"), ("VP Engineering", "VP of Engineering"),
        ("Leiter IT", "Head of IT"), ("Praktikant Marketing", "Marketing Intern"), ("CTO", "Chief Technology Officer"),
    ],
)  # fmt: skip
def test_lead_head_and_intern_titles_keep_their_noun_when_no_role_is_left(title: str, role: str) -> None:
    assert _role(title) == role


def test_a_leading_parenthesised_senior_means_senior_optional() -> None:
    assert _role("(Senior) Java Developer (m/w/d)") == "Java Developer"
    assert parse_title("(Senior) Java Developer (m/w/d)")[1] is None


def test_several_seniority_words_take_the_highest_but_intern_always_wins() -> None:
    assert parse_title("Senior Staff Software Engineer")[1] is Seniority.PRINCIPAL
    assert parse_title("Pleno/Sênior Desenvolvedor Java")[1] is Seniority.SENIOR
    assert parse_title("Senior Intern")[1] is Seniority.INTERN


def test_notes_after_the_role_are_not_part_of_it() -> None:
    for title in ("Senior Backend Engineer, Scheduling Platform", "Backend Engineer (Python/Django)",
                  "Backend Engineer - Remote", "Backend Engineer | Berlin", "Backend Engineer / SRE"):  # fmt: skip
        assert _role(title) == "Backend Engineer", title


@pytest.mark.parametrize(("text", "gold"), SEED_POSTINGS)
def test_seed_summary_titles_match_the_annotation(text: str, gold: dict[str, Any]) -> None:
    assert title_from_summary(text.split("\n", 1)[0]) == gold["title"]


@pytest.mark.parametrize(("text", "gold"), SEED_POSTINGS)
def test_seed_roles_and_seniority_match_the_annotation(text: str, gold: dict[str, Any]) -> None:
    title = title_from_summary(text.split("\n", 1)[0])
    role, seniority = parse_title(title) if title else (None, None)
    assert (role.name if role else None) in gold["role_any"]
    assert (seniority.value if seniority else None) == gold["seniority"]


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Data Engineer (m/w/d)", "Data Engineer"),
        ("Entwickler m/w/d", "Entwickler"),
        ("Analista (a)", "Analista"),
        ("Engenheiro [f/m/x] de Dados", "Engenheiro de Dados"),
        ("C# / .NET Developer", "C# / .NET Developer"),
        ("Plain Title", "Plain Title"),
    ],
)
def test_gender_markers_are_dropped(text: str, plain: str) -> None:
    assert _without_gender(text) == plain


@pytest.mark.parametrize(
    ("word", "level"),
    [("werkstudent*in", "werkstudent"), ("praktikant:in", "praktikant"), ("senior", "senior"), ("berlin", "berlin")],
)
def test_a_feminine_ending_is_dropped_only_to_make_a_seniority_word(word: str, level: str) -> None:
    assert _level_word(word) == level
