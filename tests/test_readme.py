"""The README documents every setting, CI runs the test command it shows, and its tour query answers."""

from pathlib import Path

import httpx

from graph_api.app import create_app
from graph_api.demo import demo_reads
from graph_api.settings import Settings
from loaders.load import load
from schema.store import GraphStore

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


async def test_the_tour_query_in_the_readme_answers_on_the_demo_postings(store: GraphStore) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    query = readme.split("```graphql\n", 1)[1].split("```", 1)[0]
    await load(store, demo_reads())
    app = create_app(Settings(demo_on_empty=False), store=store)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        body = (await client.post("/graphql", json={"query": query})).json()
    assert "errors" not in body, body["errors"]
    assert any(c["competitors"] for c in body["data"]["companies"]["nodes"])
    assert body["data"]["skill"]["relatedSkills"]
