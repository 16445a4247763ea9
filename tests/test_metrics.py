"""Prometheus metrics at /metrics, and OpenTelemetry tracing when its packages are installed.

Each app has its own registry, so every test reads exactly what its own requests did.
"""

import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.applications import Starlette

from graph_api.app import UnavailableStore, create_app
from graph_api.metrics import ANONYMOUS, OTHER, Metrics, OperationNames, series_names
from graph_api.settings import Settings
from loaders.writer import write_batch
from schema.store import GraphStore
from tests.factories import posting

SKILLS = "query Skills { skills(first: 2) { nodes { name } } }"
BROKEN = "query Broken { noSuchField }"

Samples = list[tuple[str, dict[str, str], float]]


async def _graph(store: GraphStore) -> None:
    await write_batch(
        store,
        [
            posting(role="Backend Engineer", company="Acme", skills=("Python", "PostgreSQL")),
            posting(role="Data Engineer", company="Globex", skills=("Python", "Spark")),
        ],
    )


@asynccontextmanager
async def _client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client


def _samples(text: str) -> Samples:
    return [(s.name, dict(s.labels), s.value) for f in text_string_to_metric_families(text) for s in f.samples]


def _value(samples: Samples, name: str, **labels: str) -> float:
    """The sum of ``name``'s samples whose labels include ``labels`` (0 when there are none)."""
    return sum(v for n, lab, v in samples if n == name and labels.items() <= lab.items())


async def _scrape(client: httpx.AsyncClient) -> Samples:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return _samples(response.text)


async def test_queries_and_errors_move_the_request_error_round_trip_and_database_metrics(store: GraphStore) -> None:
    await _graph(store)
    app = create_app(Settings(demo_on_empty=False, debug=True), store=store)
    async with _client(app) as client:
        skills = (await client.post("/graphql", json={"query": SKILLS})).json()
        broken = (await client.post("/graphql", json={"query": BROKEN})).json()
        anonymous = (await client.post("/graphql", json={"query": "{ __typename }"})).json()
        samples = await _scrape(client)

    assert skills["extensions"]["roundTrips"] == 1
    assert [e["extensions"]["code"] for e in broken["errors"]] == ["GRAPHQL_VALIDATION_FAILED"]
    assert anonymous["data"] == {"__typename": "Query"}

    duration = "jobgraph_graphql_request_duration_seconds_count"
    assert _value(samples, duration, operation_type="query", operation_name="Skills") == 1
    assert _value(samples, duration, operation_type="query", operation_name="Broken") == 1
    assert _value(samples, duration, operation_type="query", operation_name=ANONYMOUS) == 1
    assert _value(samples, duration) == 3

    errors = "jobgraph_graphql_errors_total"
    assert _value(samples, errors, code="GRAPHQL_VALIDATION_FAILED", operation_name="Broken") == 1
    assert _value(samples, errors) == 1  # the other two answered without errors

    trips = "jobgraph_graphql_round_trips"
    assert _value(samples, f"{trips}_sum", operation_name="Skills") == 1
    assert _value(samples, f"{trips}_bucket", operation_name="Skills", le="0.0") == 0
    assert _value(samples, f"{trips}_bucket", operation_name="Skills", le="1.0") == 1
    assert _value(samples, f"{trips}_sum", operation_name=ANONYMOUS) == 0
    assert _value(samples, f"{trips}_count", operation_name="Broken") == 1  # refused before any round trip
    assert _value(samples, f"{trips}_sum", operation_name="Broken") == 0

    (statement,) = skills["extensions"]["statements"]
    db = "jobgraph_db_query_duration_seconds_count"
    assert _value(samples, db, statement=statement, kind="read") == 1
    assert _value(samples, db) == 1  # one statement in all: the other two operations never reached the graph
    assert _value(samples, "jobgraph_db_query_duration_seconds_sum", statement=statement) > 0
    assert _value(samples, "jobgraph_db_query_errors_total") == 0

    http = "jobgraph_http_request_duration_seconds_count"
    assert _value(samples, http, method="POST", route="/graphql", status="200") == 3


async def test_a_graph_that_is_away_counts_service_unavailable_and_the_failed_statement() -> None:
    app = create_app(Settings(demo_on_empty=False), store=UnavailableStore("falkordb", "the graph is away"))
    async with _client(app) as client:
        down = await client.post("/graphql", json={"query": SKILLS})
        samples = await _scrape(client)
    assert down.status_code == 503
    assert _value(samples, "jobgraph_graphql_errors_total", code="SERVICE_UNAVAILABLE", operation_name="Skills") == 1
    failed = [lab for n, lab, v in samples if n == "jobgraph_db_query_errors_total" and v]
    assert len(failed) == 1
    assert failed[0]["kind"] == "read"
    assert failed[0]["error"] == "unavailable"
    assert _value(samples, "jobgraph_http_request_duration_seconds_count", route="/graphql", status="503") == 1


async def test_paths_outside_the_app_share_one_route_label(store: GraphStore) -> None:
    app = create_app(Settings(demo_on_empty=False), store=store)
    async with _client(app) as client:
        for path in ("/nope", "/wp-admin", "/healthz"):
            await client.get(path)
        samples = await _scrape(client)
    http = "jobgraph_http_request_duration_seconds_count"
    assert _value(samples, http, route="other", status="404") == 2
    assert _value(samples, http, route="/healthz", status="200") == 1
    assert not [lab for n, lab, _ in samples if n == http and lab["route"] not in {"other", "/healthz"}]


def test_operation_names_are_bounded_labels() -> None:
    names = OperationNames(limit=2)
    assert names.label(None) == names.label("") == ANONYMOUS
    assert names.label("First") == "First"
    assert names.label("not a GraphQL name!") == OTHER  # refused without taking a place
    assert names.label("x" * 101) == OTHER
    assert names.label("Second") == "Second"
    assert names.label("Third") == OTHER  # the places are taken
    assert names.label("First") == "First"  # a name already seen keeps its label


async def test_a_client_choosing_many_operation_names_adds_no_series_past_the_cap(store: GraphStore) -> None:
    app = create_app(Settings(demo_on_empty=False), store=store)
    async with _client(app) as client:
        for i in range(105):
            await client.post("/graphql", json={"query": f"query Op{i} {{ __typename }}"})
        samples = await _scrape(client)
    duration = "jobgraph_graphql_request_duration_seconds_count"
    names = {lab["operation_name"] for n, lab, _ in samples if n == duration}
    assert len(names) == 101  # the first 100, and "other"
    assert _value(samples, duration, operation_name=OTHER) == 5


async def test_metrics_can_be_turned_off(store: GraphStore) -> None:
    app = create_app(Settings(demo_on_empty=False, metrics=False), store=store)
    async with _client(app) as client:
        assert (await client.get("/metrics")).status_code == 404
        answer = await client.post("/graphql", json={"query": "{ __typename }"})
    assert answer.json()["data"] == {"__typename": "Query"}


def test_series_names_cover_each_metric_with_its_suffixes() -> None:
    names = series_names(Metrics().registry)
    assert {
        "jobgraph_http_request_duration_seconds_bucket",
        "jobgraph_graphql_request_duration_seconds_count",
        "jobgraph_graphql_round_trips_sum",
        "jobgraph_graphql_errors_total",
        "jobgraph_db_query_duration_seconds_bucket",
        "jobgraph_db_query_errors_total",
    } <= names


_WORKER = textwrap.dedent(
    """
    import asyncio
    import httpx
    from graph_api.app import UnavailableStore, create_app
    from graph_api.settings import Settings

    async def main() -> None:
        # no graph needed: `__typename` reads nothing
        app = create_app(Settings(demo_on_empty=False), store=UnavailableStore("falkordb", "no graph"))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            await client.post("/graphql", json={"query": "query Ping { __typename }"})
            print((await client.get("/metrics")).text)

    asyncio.run(main())
    """
)


def test_with_a_multiprocess_directory_metrics_add_up_across_worker_processes(tmp_path: Path) -> None:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    outputs = [
        subprocess.run(
            [sys.executable, "-c", _WORKER], env=env, capture_output=True, text=True, check=True, timeout=120
        ).stdout
        for _ in range(2)
    ]
    first, second = (_samples(text) for text in outputs)
    duration = "jobgraph_graphql_request_duration_seconds_count"
    assert _value(first, duration, operation_name="Ping") == 1
    assert _value(second, duration, operation_name="Ping") == 2  # both processes' requests
    assert any(p.name.startswith("histogram_") for p in tmp_path.iterdir())


# -- OpenTelemetry -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spans() -> Any:
    """An in-memory span exporter behind the process's tracer provider (set once per process)."""
    pytest.importorskip("opentelemetry.sdk", reason="OpenTelemetry is not installed (pip install -e '.[otel]')")
    trace = pytest.importorskip("opentelemetry.trace")
    sdk_trace = pytest.importorskip("opentelemetry.sdk.trace")
    export = pytest.importorskip("opentelemetry.sdk.trace.export")
    in_memory = pytest.importorskip("opentelemetry.sdk.trace.export.in_memory_span_exporter")
    exporter = in_memory.InMemorySpanExporter()
    if not isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):
        pytest.skip("a tracer provider is already set in this process")
    provider = sdk_trace.TracerProvider()
    provider.add_span_processor(export.SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    return exporter


async def test_with_otel_on_requests_operations_and_statements_are_traced(store: GraphStore, spans: Any) -> None:
    await _graph(store)
    spans.clear()
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    app = create_app(Settings(demo_on_empty=False, otel=True), store=store)
    async with _client(app) as client:
        response = await client.post(
            "/graphql", json={"query": SKILLS}, headers={"traceparent": f"00-{trace_id}-00f067aa0ba902b7-01"}
        )
    assert response.status_code == 200
    finished = {span.name: span for span in spans.get_finished_spans()}
    server, operation = finished["POST /graphql"], finished["query Skills"]
    assert server.attributes["http.response.status_code"] == 200
    assert format(server.context.trace_id, "032x") == trace_id  # the caller's trace goes on
    assert operation.parent.span_id == server.context.span_id
    assert operation.attributes["graphql.operation.name"] == "Skills"
    assert operation.attributes["graphql.operation.type"] == "query"
    assert operation.attributes["graphql.document"] == SKILLS
    statements = [s for s in finished.values() if s.parent and s.parent.span_id == operation.context.span_id]
    assert len(statements) == 1
    assert statements[0].attributes["db.system.name"] == store.engine


async def test_with_otel_on_but_not_installed_the_app_serves_untraced_and_says_why(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def missing(module: str) -> Any:
        raise ModuleNotFoundError(f"No module named 'opentelemetry.{module}'")

    monkeypatch.setattr("graph_api.tracing.otel", missing)
    with caplog.at_level(logging.WARNING, logger="graph_api.tracing"):
        app = create_app(Settings(demo_on_empty=False, otel=True), store=store)
    assert "pip install 'jobgraph[otel]'" in caplog.text
    async with _client(app) as client:
        answer = await client.post("/graphql", json={"query": "{ __typename }"})
    assert answer.json()["data"] == {"__typename": "Query"}


async def test_a_scraper_asking_for_openmetrics_gets_it() -> None:
    app = create_app(Settings(demo_on_empty=False), store=UnavailableStore("falkordb", "no graph needed"))
    async with _client(app) as client:
        await client.post("/graphql", json={"query": "query Ping { __typename }"})
        response = await client.get("/metrics", headers={"Accept": "application/openmetrics-text; version=1.0.0"})
    assert response.headers["content-type"].startswith("application/openmetrics-text")
    assert response.text.rstrip().endswith("# EOF")
    assert 'jobgraph_graphql_request_duration_seconds_count{operation_name="Ping"' in response.text


async def test_a_document_that_does_not_parse_counts_as_an_unknown_anonymous_operation() -> None:
    app = create_app(Settings(demo_on_empty=False), store=UnavailableStore("falkordb", "no graph needed"))
    async with _client(app) as client:
        body = (await client.post("/graphql", json={"query": "{ skills("})).json()
        samples = await _scrape(client)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["GRAPHQL_PARSE_FAILED"]
    labels = {"operation_type": "unknown", "operation_name": ANONYMOUS}
    assert _value(samples, "jobgraph_graphql_errors_total", code="GRAPHQL_PARSE_FAILED", **labels) == 1
    assert _value(samples, "jobgraph_graphql_request_duration_seconds_count", **labels) == 1
