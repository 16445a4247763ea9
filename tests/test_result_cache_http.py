"""The result cache at the HTTP view: a kept answer is sent as it was serialised, without running GraphQL."""

import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.applications import Starlette
from starlette.routing import Route

from graph_api.app import create_app
from graph_api.gql.view import JobGraphQL
from graph_api.logs import OWN_LOGGERS, configure_logging
from graph_api.settings import Settings
from graph_api.stores.falkordb import FalkorDBStore
from loaders.writer import write_batch
from tests.factories import posting

KEY = "test-key-0123456789"
AUTH = {"Authorization": f"Bearer {KEY}"}
ROLES = """query Roles($role: ID!) { rolesSharingSkills(role: $role, first: 5) {
  role { name } sharedCount weightedJaccard sharedSkills { name } } }"""
DELETE = "mutation Delete($id: ID!) { deletePosting(id: $id) }"


class Executions:
    """Counts the operations the app's Strawberry schema executes (the engine underneath stays real)."""

    def __init__(self, app: Starlette) -> None:
        self.view = next(r.app for r in app.routes if isinstance(r, Route) and isinstance(r.app, JobGraphQL))
        self.count = 0
        execute = self.view.schema.execute

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return await execute(*args, **kwargs)

        self.view.schema.execute = counted  # type: ignore[method-assign]


@asynccontextmanager
async def _client(store: FalkorDBStore, **settings: Any) -> AsyncIterator[tuple[httpx.AsyncClient, Executions]]:
    settings = {"demo_on_empty": False, "result_cache_size": 64, "api_key": KEY, **settings}
    app = create_app(Settings(**settings), store=store)
    executions = Executions(app)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client, executions


async def _graph(store: FalkorDBStore) -> None:
    await write_batch(
        store,
        [
            posting(role="Data Engineer", company="Acme", skills=("Python", "SQL", "Spark")),
            posting(role="Analytics Engineer", company="Globex", skills=("Python", "SQL")),
            posting(role="Backend Engineer", company="Initech", skills=("Python", "Go")),
        ],
    )


def _data_bytes(response: httpx.Response) -> bytes:
    """The response body up to its extensions: ``{"data":…``, as sent."""
    assert response.status_code == 200, response.text
    data, found, _ = response.content.partition(b',"extensions":')
    assert found, response.content
    return data


async def test_a_repeated_query_is_sent_byte_for_byte_without_running_graphql(falkordb_store: FalkorDBStore) -> None:
    await _graph(falkordb_store)
    ask = {"query": ROLES, "variables": {"role": "data-engineer"}}
    async with _client(falkordb_store) as (client, executions):
        first = await client.post("/graphql", json=ask)
        again = await client.post("/graphql", json=ask)
    assert executions.count == 1
    assert _data_bytes(again) == _data_bytes(first)
    assert first.json()["data"]["rolesSharingSkills"], first.text  # a real answer, not an empty one
    assert again.json()["extensions"] == {"roundTrips": 1, "cached": True}
    assert again.headers["content-type"] == first.headers["content-type"] == "application/json"
    assert again.headers["x-request-id"] != first.headers["x-request-id"]


async def test_a_query_over_get_is_kept_too_and_variables_in_any_order_are_one_key(
    falkordb_store: FalkorDBStore,
) -> None:
    await _graph(falkordb_store)
    query = "query($role: ID!, $first: Int!) { rolesSharingSkills(role: $role, first: $first) { sharedCount } }"
    async with _client(falkordb_store) as (client, executions):
        first = await client.get("/graphql", params={"query": query, "variables": '{"role":"data-engineer","first":3}'})
        again = await client.get("/graphql", params={"query": query, "variables": '{"first":3,"role":"data-engineer"}'})
        posted = await client.post(
            "/graphql", json={"query": query, "variables": {"first": 3, "role": "data-engineer"}}
        )
    assert executions.count == 1
    assert _data_bytes(again) == _data_bytes(posted) == _data_bytes(first)
    assert again.json()["extensions"]["cached"] is True


async def test_a_mutation_is_never_kept_and_reads_no_version(falkordb_store: FalkorDBStore) -> None:
    await _graph(falkordb_store)
    ask = {"query": DELETE, "variables": {"id": "no-such-posting"}}
    async with _client(falkordb_store, debug=True) as (client, executions):
        answers = [(await client.post("/graphql", json=ask, headers=AUTH)).json() for _ in range(2)]
    assert executions.count == 2
    assert [a["data"] for a in answers] == [{"deletePosting": False}] * 2
    for answer in answers:
        assert "cached" not in answer["extensions"]
        assert "graph_version" not in answer["extensions"]["statements"]


async def test_a_query_that_failed_is_run_again(falkordb_store: FalkorDBStore) -> None:
    await _graph(falkordb_store)
    ask = {"query": ROLES, "variables": {"role": "no-such-role"}}
    async with _client(falkordb_store) as (client, executions):
        answers = [(await client.post("/graphql", json=ask)).json() for _ in range(2)]
    assert executions.count == 2
    assert [a["errors"][0]["extensions"]["code"] for a in answers] == ["NOT_FOUND", "NOT_FOUND"]
    assert "cached" not in answers[1]["extensions"]


async def test_a_miss_on_a_known_query_reads_the_version_once(falkordb_store: FalkorDBStore) -> None:
    await _graph(falkordb_store)
    async with _client(falkordb_store, debug=True) as (client, executions):
        await client.post("/graphql", json={"query": ROLES, "variables": {"role": "data-engineer"}})
        other = await client.post("/graphql", json={"query": ROLES, "variables": {"role": "backend-engineer"}})
    statements = other.json()["extensions"]["statements"]
    assert executions.count == 2
    assert statements.count("graph_version") == 1
    assert statements[0] == "graph_version"  # the view read it, and the extension used that reading
    assert other.json()["extensions"]["roundTrips"] == len(statements) > 1


async def test_with_the_cache_off_no_version_is_read(falkordb_store: FalkorDBStore) -> None:
    await _graph(falkordb_store)
    ask = {"query": ROLES, "variables": {"role": "data-engineer"}}
    async with _client(falkordb_store, result_cache_size=0, debug=True) as (client, executions):
        answers = [(await client.post("/graphql", json=ask)).json() for _ in range(2)]
    assert executions.count == 2
    assert answers[0]["extensions"] == answers[1]["extensions"]
    assert "graph_version" not in answers[1]["extensions"]["statements"]


async def test_a_write_between_two_asks_is_seen(falkordb_store: FalkorDBStore) -> None:
    await _graph(falkordb_store)
    ask = {"query": ROLES, "variables": {"role": "data-engineer"}}
    async with _client(falkordb_store) as (client, executions):
        before = (await client.post("/graphql", json=ask)).json()
        await write_batch(falkordb_store, [posting(role="ML Engineer", company="Hooli", skills=("Python", "Spark"))])
        after = (await client.post("/graphql", json=ask)).json()
    assert executions.count == 2
    assert "cached" not in after["extensions"]
    names = [r["role"]["name"] for r in after["data"]["rolesSharingSkills"]]
    assert "ML Engineer" in names
    assert "ML Engineer" not in [r["role"]["name"] for r in before["data"]["rolesSharingSkills"]]


@pytest.fixture
def access_log() -> Iterator[io.StringIO]:
    root, saved = logging.getLogger(), logging.getLogger().handlers[:]
    levels = {name: logging.getLogger(name).level for name in OWN_LOGGERS}
    stream = io.StringIO()
    configure_logging("INFO", "json", stream)
    yield stream
    root.handlers[:] = saved
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


async def test_an_answer_from_the_cache_is_logged_and_counted_like_any_query(
    falkordb_store: FalkorDBStore, access_log: io.StringIO
) -> None:
    await _graph(falkordb_store)
    ask = {"query": ROLES, "variables": {"role": "data-engineer"}}
    async with _client(falkordb_store) as (client, _):
        await client.post("/graphql", json=ask)
        again = await client.post("/graphql", json=ask, headers={"X-Request-ID": "hit-1"})
        metrics = (await client.get("/metrics")).text
    lines = [json.loads(line) for line in access_log.getvalue().splitlines()]
    (hit,) = [line for line in lines if line.get("request_id") == "hit-1" and line["logger"] == "graph_api.access"]
    assert again.headers["x-request-id"] == "hit-1"
    assert (hit["status"], hit["operation_type"], hit["operation_name"], hit["round_trips"]) == (
        200,
        "query",
        "Roles",
        1,
    )
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(metrics)
        for s in family.samples
    }
    labels = (("operation_name", "Roles"), ("operation_type", "query"))
    assert samples[("jobgraph_graphql_request_duration_seconds_count", labels)] == 2
    assert (
        samples[("jobgraph_db_query_duration_seconds_count", (("kind", "read"), ("statement", "graph_version")))] == 2
    )
