"""Skill extraction: canonical names from aliases, offsets into the given text, precision guards."""

import subprocess
import sys
from pathlib import Path

from loaders.extract.skills import Taxonomy, find_skills, normalise

ROOT = Path(__file__).resolve().parents[1]


def _names(text: str) -> list[str]:
    return [hit.skill.name for hit in find_skills(text)]


def test_the_shipped_taxonomy_passes_its_own_checks() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_skills.py")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_aliases_resolve_to_canonical_names() -> None:
    found = _names("We use Postgres, NodeJS, k8s, .NET Core and RESTful APIs.")
    assert {"PostgreSQL", "Node.js", "Kubernetes", ".NET", "REST"} <= set(found)


def test_mentions_are_offsets_into_the_original_text() -> None:
    text = "Strong  high - performance C++ and Node.js skills; more C++ later."
    hits = {hit.skill.name: hit for hit in find_skills(text)}
    assert [text[m.start : m.end] for m in hits["C++"].mentions] == ["C++", "C++"]
    assert [text[m.start : m.end] for m in hits["Node.js"].mentions] == ["Node.js"]


def test_a_name_inside_a_longer_word_is_not_a_mention() -> None:
    assert "Java" not in _names("Experience with JavaScript and TypeScript.")
    assert "C" not in _names("Modern C++ and C# code.")


def test_an_ambiguous_short_name_needs_its_capitals_and_technical_context() -> None:
    assert "Go" in _names("Backend services in Go and PostgreSQL on Kubernetes.")
    assert "Go" not in _names("Go beyond what is expected and go deep on problems.")
    assert "REST" not in _names("Enjoy the rest of the day.")


def test_spacing_and_hyphens_are_folded_before_matching() -> None:
    assert normalise("CI / CD  pipelines")[0] == "ci/cd pipelines"
    assert normalise("on - premises")[0] == "on premises"


def test_a_small_taxonomy_can_be_built_and_queried() -> None:
    taxonomy = Taxonomy([("Apache Kafka", "Messaging & Streaming", ["Kafka"], False)])
    (hit,) = taxonomy.find("Event streaming with Kafka.")
    assert (hit.skill.name, hit.skill.key, hit.mentions[0].start) == ("Apache Kafka", "apache-kafka", 21)


def _mentions(text: str) -> dict[str, list[str]]:
    return {hit.skill.name: [text[m.start : m.end] for m in hit.mentions] for hit in find_skills(text)}


def test_normalising_text_whose_lower_case_is_longer_keeps_offsets_aligned() -> None:
    text = "İstanbul team: Kubernetes  and Go"
    norm, offsets = normalise(text)
    assert len(norm) == len(offsets)
    assert text[offsets[norm.index("kubernetes")] :].startswith("Kubernetes")
    assert _mentions(text)["Kubernetes"] == ["Kubernetes"]


def test_a_slash_joins_two_skills_but_not_a_skill_and_an_unknown_word() -> None:
    found = _mentions("Backend work in Java/Kotlin on AWS/GCP/Azure.")
    assert {"Java", "Kotlin", "Amazon Web Services", "Google Cloud Platform", "Microsoft Azure"} <= set(found)
    assert "Java" not in _names("Familiar with Java/Foobar tooling and Docker.")


def test_a_tag_line_of_lower_case_names_counts_every_item() -> None:
    found = _names("typescript javascript node.js react go")
    assert {"TypeScript", "JavaScript", "Node.js", "React", "Go"} <= set(found)
    assert "Go" not in _names("You go first and we react later.")


def test_a_broad_concept_counts_as_a_noun_but_not_as_a_modifier() -> None:
    assert "Cloud Computing" in _names("Experience with Docker and cloud is required.")
    assert "Cloud Computing" not in _names("We sell Kubernetes-ready cloud solutions to banks.")
    assert "IT Infrastructure" not in _names("Work with Python, front-end and infrastructure teams.")
    assert "FinTech" not in _names("Acme is a fintech company using Java.")


def test_a_broad_concept_after_a_possessive_is_the_employers_own_system() -> None:
    assert "IT Infrastructure" not in _names("Improve our infrastructure with Terraform.")
    assert "IT Infrastructure" in _names("Knowledge of infrastructure and Terraform.")


def test_a_broad_concept_followed_by_a_knowledge_head_covers_both_words() -> None:
    assert _mentions("Good knowledge of backend logic, MySQL and Redis.")["Backend Development"] == ["backend logic"]
    assert _mentions("Python and testing frameworks.")["Software Testing"] == ["testing frameworks"]


def test_a_broad_concept_in_a_role_or_with_a_requirement_noun_still_counts() -> None:
    assert "Backend Development" in _names("Senior Backend Engineer (Java, Kafka)")
    assert "Cloud Computing" in _names("Solid cloud experience, ideally with Kubernetes.")


def test_a_multi_word_form_of_a_broad_concept_needs_no_other_skill_nearby() -> None:
    assert "Backend Development" in _names("Two years of experience in backend development.")
    assert "Cloud Computing" not in _names("Two years of experience in the cloud.")


def test_a_technology_name_followed_by_a_generic_noun_is_mentioned_by_its_name() -> None:
    text = "Deploy on AWS services with the Spring framework and C programming."
    found = _mentions(text)
    assert (found["Amazon Web Services"], found["Spring"], found["C"]) == (["AWS"], ["Spring"], ["C"])


def test_a_tech_name_followed_by_a_technology_noun_needs_no_other_skill() -> None:
    assert "React" in _names("New pages are built with the React framework.")
    assert "Agile" in _names("You have worked in an Agile environment.")


def test_two_capitalised_tech_names_vouch_for_each_other() -> None:
    assert {"React", "REST"} <= set(_names("The dashboard talks to React via a RESTful API."))


def test_a_skill_word_that_closes_an_employers_name_is_not_a_skill() -> None:
    assert "Artificial Intelligence" not in _names("C++ libraries for vehicles at Latitude AI.")
    assert "Artificial Intelligence" in _names("Experience with AI and Python.")


def test_a_skill_named_in_a_job_title_is_a_mention_of_the_posting() -> None:
    text = "Senior Java Developer (m/f/d)\nYou will build services."
    assert _mentions(text)["Java"] == ["Java"]


def test_a_spoken_language_counts_when_it_is_asked_for() -> None:
    assert {"English", "German"} <= set(_names("Fluent English; German is a plus."))
    assert {"German", "English"} <= set(_names("Sehr gute Deutsch- und Englischkenntnisse"))
    assert {"English", "Spanish"} <= set(_names("Inglês avançado e espanhol intermediário."))
    assert _names("We serve the German market from our English-language website.") == []
    assert all(hit.skill.category == "Language" for hit in find_skills("Fluent French and Italian"))


def test_taxonomy_rows_take_a_context_name_or_a_tech_flag() -> None:
    taxonomy = Taxonomy(
        [
            ("Cloud Computing", "Cloud Platform", ["cloud"], "generic"),
            ("Go", "Programming Language", [], True),
            ("PostgreSQL", "Database", ["Postgres"], "always"),
        ]
    )
    names = [hit.skill.name for hit in taxonomy.find("Go services on Postgres in the cloud.")]
    assert names == ["Go", "PostgreSQL", "Cloud Computing"]
    assert [hit.skill.name for hit in taxonomy.find("Go sell cloud solutions.")] == []


def test_fast_normalisation_agrees_with_the_character_by_character_reference() -> None:
    import random

    from loaders.extract.skills import _normalise_slowly

    rng = random.Random(5)
    alphabet = "ab C-_/ \t\n\u2013\u2014.+#\u00c4"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        fast, fast_offsets = normalise(text)
        slow, slow_offsets = _normalise_slowly(text)
        assert (fast, list(fast_offsets)) == (slow, list(slow_offsets)), repr(text)


def test_a_short_name_counts_only_as_a_whole_word_also_next_to_letters_that_are_not_ascii() -> None:
    taxonomy = Taxonomy([("SQL", "Data", ["sql"], "always"), ("ZeroMQ", "Messaging", ["ØMQ"], "always")])
    for text in ("sql, ésql, sqlé, ØMQ, xØMQ and ØMQé: sql", "sql, mysql, sqlite, (sql) and sql2: sql"):
        found = {hit.skill.name: [text[m.start : m.end] for m in hit.mentions] for hit in taxonomy.find(text)}
        starts = [m.start for hit in taxonomy.find(text) if hit.skill.name == "SQL" for m in hit.mentions]
        assert starts == [i for i in range(len(text)) if text.startswith("sql", i) and _alone(text, i, i + 3)]
        assert found.get("ZeroMQ", []) == (["ØMQ"] if "Ø" in text else [])


def _alone(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())
