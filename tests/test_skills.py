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
