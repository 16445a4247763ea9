"""The Starlette application: GraphQL (with GraphiQL) at /graphql, /healthz and /readyz.

The graph store is opened once and shared by every request; each request gets a fresh context
with its own DataLoaders and its own ``CountingStore`` around the shared store (the round trips
reported in ``extensions.roundTrips``, and the default per-read timeout).

A remote graph (Neo4j, FalkorDB) that is unreachable at start-up does not stop the service: it
starts anyway, answers GraphQL with ``SERVICE_UNAVAILABLE`` (HTTP 503) and ``/readyz`` with 503,
and opens the store on a later request once the graph answers. After that, the store adapters
reconnect by themselves.

GraphQL over HTTP: POST (JSON) for everything, GET for queries; a mutation sent with GET is
refused with 405. Mutations need ``Authorization: Bearer <JOBGRAPH_API_KEY>``.

Operations: every request gets a request id (``X-Request-ID``, see ``graph_api.logs``) and an
access-log line; Prometheus metrics are served at /metrics (``graph_api.metrics``); with
``JOBGRAPH_OTEL=true``, requests, operations and statements are traced (``graph_api.tracing``).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import re
import time
from collections.abc import AsyncIterator, Mapping
from functools import cache, partial
from typing import Any

from cross_web import HTTPException
from redis.exceptions import ConnectionError as RedisConnectionError
from starlette.applications import Starlette
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.http.ides import get_graphql_ide_html
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from graph_api.demo import load_demo_if_empty
from graph_api.errors import QueryError, StoreUnavailable
from graph_api.gql.context import Context, Loaders
from graph_api.gql.errors import ServiceUnavailable
from graph_api.gql.limits import quiet_expected_errors, schema_extensions
from graph_api.gql.schema import create_schema
from graph_api.logs import (
    REQUEST_ID_HEADER,
    RequestLog,
    configure_logging,
    current_request,
    log_access,
    request_id_from,
)
from graph_api.metrics import Metrics, ObservedStore, ObserveOperations
from graph_api.settings import EMBEDDED, NEO4J_SCHEMES, Settings
from graph_api.stores import open_store
from graph_api.tracing import TraceOperations, Tracer, end_request_span, request_span, tracer_for
from schema.cypher import Cypher, Engine
from schema.store import GraphStore, Row

log = logging.getLogger(__name__)

PING = Cypher("ping", "RETURN 1 AS ok")
READY_TIMEOUT = 2.0  # seconds /readyz waits for the graph
RETRY_INTERVAL = 1.0  # seconds between attempts to open a store that was unreachable
RETRY_AFTER = "5"  # seconds a client is told to wait after a 503

EXAMPLE_QUERY = """\
# jobgraph: job postings as a graph of companies, roles, skills and locations.
#
# Press the run button (or Ctrl-Enter). The variables below name a role and a skill by key;
# every `id` the API returns works there too. Open the docs (top left) for every field.
# Mutations (ingestPostings, deletePosting) need the header `Authorization: Bearer <API key>`.

query Example($role: ID!, $skill: ID!) {
  # Roles at other employers whose typical skills overlap this role's
  rolesSharingSkills(role: $role, minShared: 2, first: 5) {
    role { name }
    sharedCount
    weightedJaccard
    sharedSkills { name }
    employers { name }
  }
  # One skill, and who asks for it most
  skill(id: $skill) {
    name
    category
    roles(first: 5) { edges { postings node { name } } }
    companies(first: 5) { edges { postings node { name } } }
  }
}
"""
EXAMPLE_VARIABLES = {"role": "backend-engineer", "skill": "python"}


class UnavailableStore:
    """Stands in for a store that could not be opened: every statement fails with ``StoreUnavailable``."""

    def __init__(self, engine: Engine, reason: str) -> None:
        self._engine: Engine = engine
        self.reason = reason

    @property
    def engine(self) -> Engine:
        return self._engine

    async def read(
        self, query: Cypher, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        raise StoreUnavailable(self.reason)

    async def write(
        self, query: Cypher, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        raise StoreUnavailable(self.reason)

    async def ensure_schema(self) -> None:
        raise StoreUnavailable(self.reason)

    async def close(self) -> None:
        """Nothing is open."""


class Graph:
    """The shared store: handed in, opened at start-up, or opened later if the graph was unreachable."""

    def __init__(self, settings: Settings, store: GraphStore | None = None) -> None:
        self.settings = settings
        self.store = store
        self.owned = store is None
        self.schema_ok = store is not None  # a store handed in comes with its schema applied
        self._opening: asyncio.Task[GraphStore] | None = None
        self._failed_at = 0.0
        self._failure = ""

    @property
    def engine(self) -> Engine:
        if self.store is not None:
            return self.store.engine
        return "neo4j" if self.settings.scheme in NEO4J_SCHEMES else "falkordb"

    async def start(self) -> None:
        """Open the store (and load the demo on an empty graph). A remote graph may be down: then later."""
        if self.store is not None:
            if self.settings.demo_on_empty:
                await load_demo_if_empty(self.store)
            return
        try:
            await self.get()
        except StoreUnavailable as e:
            if self.settings.scheme == EMBEDDED:
                raise  # the embedded engine is ours to start: failing to is not a passing outage
            log.warning("the graph is unreachable (%s); serving 503 until it answers", e)

    async def get(self) -> GraphStore:
        """The open store; raises ``StoreUnavailable`` while it cannot be opened (retried at most every second)."""
        if self.store is not None:
            return self.store
        if self._opening is None:
            if time.monotonic() - self._failed_at < RETRY_INTERVAL:
                raise StoreUnavailable(self._failure)
            self._opening = asyncio.create_task(self._open())
        opening = self._opening
        try:
            return await asyncio.shield(opening)
        finally:
            if opening.done() and self._opening is opening:
                self._opening = None

    async def _open(self) -> GraphStore:
        try:
            store = await open_store(self.settings)
        except StoreUnavailable as e:
            self._failed_at, self._failure = time.monotonic(), str(e)
            raise
        except RedisConnectionError as e:
            # FalkorDBStore.open_remote builds its client before its own reachability check, and the
            # FalkorDB client probes the server (INFO) in its constructor: that refusal arrives raw.
            self._failed_at, self._failure = time.monotonic(), f"cannot reach FalkorDB: {e}"
            raise StoreUnavailable(self._failure) from e
        self.store, self.schema_ok = store, True
        if self.settings.demo_on_empty:
            await load_demo_if_empty(store)
        return store

    async def for_request(self) -> GraphStore:
        """The store, or a stand-in that fails every statement with ``StoreUnavailable``."""
        try:
            return await self.get()
        except StoreUnavailable as e:
            return UnavailableStore(self.engine, str(e))

    async def ready(self) -> str | None:
        """None when the graph answers and has its schema; else why not."""
        try:
            store = await self.get()
            await store.read(PING, timeout=READY_TIMEOUT)
            if not self.schema_ok:  # the graph was away: it may have come back without its schema
                await store.ensure_schema()
                self.schema_ok = True
        except (StoreUnavailable, QueryError) as e:
            self.schema_ok = False
            return str(e) or type(e).__name__
        return None

    async def close(self) -> None:
        if self._opening is not None:
            self._opening.cancel()
            with contextlib.suppress(BaseException):
                await self._opening
        if self.owned and self.store is not None:
            await self.store.close()
            self.store = None


class JobGraphQL(GraphQL[Context, None]):
    def __init__(self, graph: Graph, metrics: Metrics | None = None, tracer: Tracer | None = None) -> None:
        # Observing and tracing come before ErrorCodes (in schema_extensions): they see the errors' codes.
        observers: list[Any] = [partial(ObserveOperations, metrics=metrics)]
        if tracer is not None:
            observers.append(partial(TraceOperations, tracer=tracer))
        super().__init__(create_schema([*observers, *schema_extensions(graph.settings)]), graphql_ide="graphiql")
        self.graph = graph
        self.metrics = metrics
        self.tracer = tracer

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        settings = self.graph.settings
        store = ObservedStore(
            await self.graph.for_request(),
            read_timeout=settings.query_timeout,
            metrics=self.metrics,
            tracer=self.tracer,
        )
        return Context(
            store=store,
            settings=settings,
            loaders=Loaders(store),
            authorized=authorized(request.headers.get("authorization"), settings),
        )

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(graphiql_html())

    async def execute_single(
        self, request: Any, request_adapter: Any, sub_response: Any, context: Any, root_value: Any, request_data: Any
    ) -> ExecutionResult:
        try:
            return await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        except HTTPException as e:
            # GraphQL over HTTP: an operation the method cannot carry (a mutation over GET) is 405.
            if isinstance(e.__cause__, InvalidOperationTypeError):
                raise HTTPException(405, f"{e.reason}; send mutations with POST") from e
            raise

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        results = response_data if isinstance(response_data, list) else [response_data]
        errors = [e for r in results for e in r.get("errors") or [] if isinstance(e, dict)]
        if any((e.get("extensions") or {}).get("code") == ServiceUnavailable.code for e in errors):
            response.status_code = 503
            response.headers["Retry-After"] = RETRY_AFTER
        return response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope, receive=receive))
        except HTTPException as e:
            headers = {"Allow": "POST"} if e.status_code == 405 else None
            response = PlainTextResponse(e.reason, status_code=e.status_code, headers=headers)
        await response(scope, receive, send)


ROUTES = frozenset({"/", "/healthz", "/readyz", "/metrics", "/graphql"})


class ObserveRequests:
    """ASGI middleware around every HTTP request: its request id, HTTP metrics, access log and span."""

    def __init__(self, app: ASGIApp, metrics: Metrics | None = None, tracer: Tracer | None = None) -> None:
        self.app = app
        self.metrics = metrics
        self.tracer = tracer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        request = RequestLog(request_id_from(headers.get(REQUEST_ID_HEADER)))
        method, path = scope["method"], scope["path"]
        route = path if path in ROUTES else "other"
        status = 500  # unless a response starts

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append(REQUEST_ID_HEADER, request.request_id)
            await send(message)

        token = current_request.set(request)
        start = time.perf_counter()
        try:
            with contextlib.ExitStack() as stack:
                span = None
                if self.tracer is not None:
                    span = stack.enter_context(request_span(self.tracer, method, path, route, headers))
                try:
                    await self.app(scope, receive, send_with_request_id)
                finally:
                    if span is not None:
                        end_request_span(span, status)
        finally:
            duration = time.perf_counter() - start
            if self.metrics is not None:
                self.metrics.http_duration.labels(method, route, str(status)).observe(duration)
            client = scope.get("client")
            log_access(request, method, path, status, duration, client[0] if client else None)
            current_request.reset(token)


def authorized(header: str | None, settings: Settings) -> bool:
    """True if ``header`` is ``Bearer <the configured API key>`` (compared in constant time)."""
    if settings.api_key is None or not header:
        return False
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(token.strip().encode(), settings.api_key.get_secret_value().encode())


@cache
def graphiql_html() -> str:
    """Strawberry's GraphiQL page (same assets), opening on ``EXAMPLE_QUERY`` with its variables."""
    page = get_graphql_ide_html("graphiql")
    example = json.dumps(EXAMPLE_QUERY).replace("</", "<\\/")
    variables = json.dumps(json.dumps(EXAMPLE_VARIABLES, indent=2))
    page, found = re.subn(
        r"const EXAMPLE_QUERY = `.*?`;", lambda _: f"const EXAMPLE_QUERY = {example};", page, count=1, flags=re.S
    )
    if not found:
        log.warning("GraphiQL page changed shape: it opens without the jobgraph example query")
    page = re.sub(
        r"React\.useState\(\s*parameters\.variables,?\s*\)",
        lambda _: f"React.useState(parameters.variables || (parameters.q ? undefined : {variables}))",
        page,
        count=1,
    )
    return page.replace("<title>Strawberry GraphiQL</title>", "<title>jobgraph · GraphiQL</title>")


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> Starlette:
    """The ASGI app. Pass ``store`` to share an already open store (it is then not closed here)."""
    settings = settings or Settings()
    graph = Graph(settings, store)
    quiet_expected_errors()
    metrics = Metrics() if settings.metrics else None
    tracer = tracer_for(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        configure_logging(settings.log_level, settings.log_format)
        await graph.start()
        try:
            yield
        finally:
            await graph.close()

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        problem = await graph.ready()
        if problem is not None:
            return JSONResponse(
                {"status": "unavailable", "reason": problem}, status_code=503, headers={"Retry-After": RETRY_AFTER}
            )
        return JSONResponse({"status": "ready", "engine": graph.engine})

    async def home(request: Request) -> RedirectResponse:
        return RedirectResponse("/graphql")

    routes = [
        Route("/", home),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/graphql", JobGraphQL(graph, metrics, tracer), methods=["GET", "POST"]),
    ]
    if metrics is not None:

        async def metrics_page(request: Request) -> Response:
            body, content_type = metrics.exposition(request.headers.get("accept"))
            return Response(body, media_type=content_type)

        routes.append(Route("/metrics", metrics_page))
    return Starlette(
        routes=routes,
        middleware=[Middleware(ObserveRequests, metrics=metrics, tracer=tracer)],
        lifespan=lifespan,
    )
