"""The result cache: answers reused only while the graph is unchanged, whichever process writes to it."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from graph_api.app import create_app
from graph_api.settings import Settings
from graph_api.stores.falkordb import FalkorDBStore
from loaders.writer import write_batch
from schema.store import GraphStore
from tests.factories import posting

SKILL_QUERY = "query($key: ID!) { skill(id: $key) { name postingCount roles(first: 5) { edges { node { key } } } } }"


def _app(store: GraphStore, size: int = 64) -> Any:
    return create_app(Settings(demo_on_empty=False, result_cache_size=size), store=store)


async def _ask(app: Any, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body


async def test_a_repeated_query_is_answered_from_the_cache_with_one_round_trip(falkordb_store: FalkorDBStore) -> None:
    await write_batch(falkordb_store, [posting(role="Data Engineer", company="Acme", skills=("Python", "SQL"))])
    app = _app(falkordb_store)
    first = await _ask(app, SKILL_QUERY, {"key": "python"})
    again = await _ask(app, SKILL_QUERY, {"key": "python"})
    assert again["data"] == first["data"]
    assert first["extensions"]["roundTrips"] > 2
    assert "cached" not in first["extensions"]
    assert again["extensions"] == {"roundTrips": 1, "cached": True}  # the graph version, nothing else


async def test_other_variables_are_not_answered_from_another_query(falkordb_store: FalkorDBStore) -> None:
    await write_batch(falkordb_store, [posting(role="Data Engineer", company="Acme", skills=("Python", "SQL"))])
    app = _app(falkordb_store)
    python = await _ask(app, SKILL_QUERY, {"key": "python"})
    sql = await _ask(app, SKILL_QUERY, {"key": "sql"})
    assert (python["data"]["skill"]["name"], sql["data"]["skill"]["name"]) == ("Python", "SQL")
    assert "cached" not in sql["extensions"]


async def test_a_write_through_another_store_is_seen_at_once(falkordb_store: FalkorDBStore, embedded_dir: Path) -> None:
    await write_batch(falkordb_store, [posting(role="Data Engineer", company="Acme", skills=("Python", "SQL"))])
    app = _app(falkordb_store)
    before = await _ask(app, SKILL_QUERY, {"key": "python"})
    other = await FalkorDBStore.open_embedded(embedded_dir, graph=falkordb_store.graph_name)
    try:
        await write_batch(other, [posting(role="Backend Engineer", company="Globex", skills=("Python",))])
    finally:
        await other.close()
    after = await _ask(app, SKILL_QUERY, {"key": "python"})
    assert "cached" not in after["extensions"]
    assert (before["data"]["skill"]["postingCount"], after["data"]["skill"]["postingCount"]) == (1, 2)


async def test_a_load_by_another_process_is_seen_at_once(
    falkordb_store: FalkorDBStore, embedded_dir: Path, tmp_path: Path
) -> None:
    await write_batch(falkordb_store, [posting(role="Data Engineer", company="Acme", skills=("Python", "SQL"))])
    app = _app(falkordb_store)
    assert (await _ask(app, "{ stats { postings } }"))["data"]["stats"]["postings"] == 1
    assert (await _ask(app, "{ stats { postings } }"))["extensions"].get("cached") is True
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text('{"id": "x1", "title": "QA Engineer", "company": "Initech", "description": "Selenium, Java."}\n')
    env = {
        **os.environ,
        "JOBGRAPH_GRAPH_URL": f"embedded://{embedded_dir}",
        "JOBGRAPH_GRAPH_NAME": falkordb_store.graph_name,
    }
    loaded = subprocess.run(
        [sys.executable, "-m", "graph_api", "load", str(jobs)], env=env, capture_output=True, check=False, timeout=120
    )
    assert loaded.returncode == 0, loaded.stderr.decode()
    after = await _ask(app, "{ stats { postings } }")
    assert after["data"]["stats"]["postings"] == 2
    assert "cached" not in after["extensions"]


async def test_an_answer_with_errors_is_not_kept(falkordb_store: FalkorDBStore) -> None:
    await write_batch(falkordb_store, [posting(role="Data Engineer", company="Acme", skills=("Python",))])
    app = _app(falkordb_store)
    query = '{ rolesSharingSkills(role: "no-such-role") { sharedCount } }'
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        answers = [(await client.post("/graphql", json={"query": query})).json() for _ in range(2)]
    assert [a["errors"][0]["extensions"]["code"] for a in answers] == ["NOT_FOUND", "NOT_FOUND"]
    assert "cached" not in answers[1]["extensions"]
    assert answers[1]["extensions"]["roundTrips"] > 1


async def test_without_a_size_nothing_is_cached(falkordb_store: FalkorDBStore) -> None:
    await write_batch(falkordb_store, [posting(role="Data Engineer", company="Acme", skills=("Python",))])
    app = _app(falkordb_store, size=0)
    first = await _ask(app, SKILL_QUERY, {"key": "python"})
    again = await _ask(app, SKILL_QUERY, {"key": "python"})
    assert again["extensions"] == first["extensions"] == {"roundTrips": first["extensions"]["roundTrips"]}
