"""Structured logs: JSON lines (or text at a terminal), each line of a request tagged with its request id."""

import io
import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from pydantic import ValidationError
from starlette.applications import Starlette

from graph_api.app import create_app
from graph_api.logs import (
    OWN_LOGGERS,
    UVICORN_LOGGERS,
    JsonFormatter,
    LogHandler,
    TextFormatter,
    configure_logging,
    request_id_from,
    resolve_format,
)
from graph_api.settings import Settings
from schema.cypher import Cypher
from schema.store import GraphStore

SKILLS = "query Skills { skills(first: 2) { nodes { name } } }"
GENERATED_ID = re.compile(r"[0-9a-f]{32}")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Puts the logging configuration back as it was: configure_logging changes process-wide state."""
    root = logging.getLogger()
    names = (*OWN_LOGGERS, *UVICORN_LOGGERS, "uvicorn.access")
    saved_root = (list(root.handlers), root.level)
    saved = {n: (list(lg.handlers), lg.level, lg.propagate) for n in names for lg in [logging.getLogger(n)]}
    yield
    root.handlers[:] = saved_root[0]
    root.setLevel(saved_root[1])
    for name, (handlers, level, propagate) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate


@pytest.fixture
def json_logs(restore_logging: None) -> io.StringIO:
    stream = io.StringIO()
    configure_logging("INFO", "json", stream)
    return stream


def _lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def _access(stream: io.StringIO) -> list[dict[str, Any]]:
    return [line for line in _lines(stream) if line["logger"] == "graph_api.access"]


@asynccontextmanager
async def _client(store: GraphStore, **settings: Any) -> AsyncIterator[httpx.AsyncClient]:
    app: Starlette = create_app(Settings(demo_on_empty=False, **settings), store=store)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client


async def test_json_log_lines_carry_the_request_id_the_response_returns(
    store: GraphStore, json_logs: io.StringIO
) -> None:
    async with _client(store) as client:
        response = await client.post("/graphql", json={"query": SKILLS}, headers={"X-Request-ID": "req-42.abc"})
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "req-42.abc"
    (access,) = _access(json_logs)
    assert access["request_id"] == "req-42.abc"
    assert access["level"] == "INFO"
    assert {k: access[k] for k in ("method", "path", "status", "operation_type", "operation_name")} == {
        "method": "POST",
        "path": "/graphql",
        "status": 200,
        "operation_type": "query",
        "operation_name": "Skills",
    }
    assert access["round_trips"] == response.json()["extensions"]["roundTrips"] == 1
    assert isinstance(access["duration_ms"], float)
    assert access["time"].endswith("Z")
    assert "POST /graphql 200" in access["message"]


@pytest.mark.parametrize("header", [None, "", "has spaces", "x" * 129, "-leading-dash", "a;b"])
async def test_a_request_without_a_sane_id_gets_a_new_one(
    store: GraphStore, json_logs: io.StringIO, header: str | None
) -> None:
    headers = {} if header is None else {"X-Request-ID": header}
    async with _client(store) as client:
        response = await client.get("/graphql", params={"query": "{ __typename }"}, headers=headers)
    request_id = response.headers["x-request-id"]
    assert GENERATED_ID.fullmatch(request_id)
    (access,) = _access(json_logs)
    assert access["request_id"] == request_id


def test_a_request_id_is_kept_only_when_it_is_short_plain_ascii() -> None:
    for sane in ("abc", "4bf92f3577b34da6a3ce929d0e0e4736", "req-1.2:3/4+5=6_7", "x" * 128):
        assert request_id_from(sane) == sane
    for insane in ("new\nline", "ünïcode", "a b", "x" * 129, "<script>", ""):
        assert GENERATED_ID.fullmatch(request_id_from(insane))


async def test_two_requests_get_two_ids(store: GraphStore, json_logs: io.StringIO) -> None:
    async with _client(store) as client:
        first = await client.get("/graphql", params={"query": "{ __typename }"})
        second = await client.get("/graphql", params={"query": "{ __typename }"})
    assert first.headers["x-request-id"] != second.headers["x-request-id"]
    assert [a["request_id"] for a in _access(json_logs)] == [
        first.headers["x-request-id"],
        second.headers["x-request-id"],
    ]


async def test_every_line_logged_while_handling_a_request_carries_its_id(
    store: GraphStore, json_logs: io.StringIO
) -> None:
    # A record the API cannot represent makes the resolver raise: Strawberry logs it with its traceback.
    await store.write(Cypher("corrupt", "CREATE (:Posting {key: 'corrupt', text: 'x', seniority: 'galactic'})"))
    logging.getLogger("graph_api.test").warning("before any request")
    async with _client(store) as client:
        response = await client.post(
            "/graphql", json={"query": '{ posting(id: "corrupt") { title } }'}, headers={"X-Request-ID": "abc"}
        )
    assert response.headers["x-request-id"] == "abc"
    lines = _lines(json_logs)
    outside, *during = lines
    assert outside["message"] == "before any request"
    assert "request_id" not in outside
    errors = [line for line in during if line["level"] == "ERROR"]
    assert errors, lines
    assert "galactic" in errors[0]["exc_info"]  # the traceback, in the same JSON line
    assert {line["request_id"] for line in during} == {"abc"}
    (access,) = _access(json_logs)
    assert access["error_codes"] == ["INTERNAL_SERVER_ERROR"]


async def test_probes_are_logged_at_debug_and_the_level_setting_is_honoured(
    store: GraphStore, restore_logging: None
) -> None:
    quiet, verbose = io.StringIO(), io.StringIO()
    configure_logging("INFO", "json", quiet)
    async with _client(store) as client:
        await client.get("/healthz")
    configure_logging("DEBUG", "json", verbose)
    async with _client(store) as client:
        await client.get("/healthz")
        await client.get("/graphql", params={"query": "{ __typename }"})
    configure_logging("WARNING", "json", quiet)
    async with _client(store) as client:
        await client.get("/graphql", params={"query": "{ __typename }"})
    assert _access(quiet) == []  # a probe under INFO, then an ordinary request under WARNING
    assert [(a["path"], a["level"]) for a in _access(verbose)] == [("/healthz", "DEBUG"), ("/graphql", "INFO")]


def test_the_format_is_text_at_a_terminal_and_json_elsewhere(restore_logging: None) -> None:
    assert resolve_format("auto", Terminal()) == "text"
    assert resolve_format("auto", io.StringIO()) == "json"
    assert resolve_format("json", Terminal()) == "json"
    assert resolve_format("text", io.StringIO()) == "text"

    terminal = Terminal()
    handler = configure_logging("INFO", "auto", terminal)
    assert isinstance(handler.formatter, TextFormatter)
    logging.getLogger("graph_api.test").info("hello %s", "there")
    assert re.fullmatch(r"\S+ \S+ INFO  graph_api\.test \[-\] hello there\n", terminal.getvalue())


def test_configuring_twice_leaves_one_handler_and_routes_uvicorn_through_it(restore_logging: None) -> None:
    root = logging.getLogger()
    root.addHandler(logging.StreamHandler(io.StringIO()))  # what logging.basicConfig (the CLI) installs
    first = configure_logging("INFO", "json", io.StringIO())
    stream = io.StringIO()
    second = configure_logging("INFO", "json", stream)
    ours = [h for h in root.handlers if isinstance(h, LogHandler) or type(h) is logging.StreamHandler]
    assert ours == [second]
    assert first not in root.handlers
    assert isinstance(second.formatter, JsonFormatter)

    logging.getLogger("uvicorn.error").info("Application startup complete.")
    logging.getLogger("uvicorn.access").info("an access line uvicorn would write")
    (line,) = _lines(stream)
    assert (line["logger"], line["message"]) == ("uvicorn.error", "Application startup complete.")


async def test_the_app_configures_logging_when_it_starts(store: GraphStore, restore_logging: None) -> None:
    app = create_app(Settings(demo_on_empty=False, log_format="json", log_level="debug"), store=store)
    async with app.router.lifespan_context(app):
        handlers = [h for h in logging.getLogger().handlers if isinstance(h, LogHandler)]
    assert len(handlers) == 1
    assert isinstance(handlers[0].formatter, JsonFormatter)
    assert logging.getLogger("graph_api").level == logging.DEBUG


def test_log_settings_are_read_from_the_environment_in_any_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBGRAPH_LOG_FORMAT", "JSON")
    monkeypatch.setenv("JOBGRAPH_LOG_LEVEL", "debug")
    settings = Settings()
    assert (settings.log_format, settings.log_level) == ("json", "DEBUG")
    monkeypatch.setenv("JOBGRAPH_LOG_LEVEL", "loud")
    with pytest.raises(ValidationError, match="log_level"):
        Settings()
