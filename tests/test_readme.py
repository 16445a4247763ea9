"""The README documents every setting, and CI runs the test command it shows."""

from pathlib import Path

from graph_api.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields if f"JOBGRAPH_{name.upper()}" not in readme]
    missing = [m for m in missing if m not in {"neo4j_user", "neo4j_password"}]  # documented as NEO4J_USER/_PASSWORD
    assert missing == []


def test_ci_reads_its_test_command_from_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    marker = readme.index("<!-- ci: test command -->")
    command = readme[marker:].split("```sh\n", 1)[1].split("\n", 1)[0]
    assert "pip install -e '.[test]'" in command
    assert command.endswith("scripts/check")
    assert "<!-- ci: test command -->" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
