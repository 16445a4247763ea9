"""GraphQL over HTTP: Strawberry's ASGI view with jobgraph's context, status codes and JSON.

POST (JSON) for everything, GET for queries; a mutation sent with GET is refused with 405.
Mutations need ``Authorization: Bearer <JOBGRAPH_API_KEY>``. Each request gets a fresh context
with its own DataLoaders and its own ``ObservedStore`` (a ``CountingStore``) around the shared
store: the round trips reported in ``extensions.roundTrips``, and the default per-read timeout.

With the result cache on (``graph_api.gql.result_cache``), a JSON POST or a GET asking a query
already answered here is looked up first: after one read of the graph version, a kept answer is
sent as it was serialised, without Strawberry (the request still gets its request id, access-log
line and metrics from ``ObserveRequests`` and ``record_operation``). Anything else runs GraphQL.
"""

from __future__ import annotations

import contextlib
import hmac
import time
from functools import partial
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

from graph_api.errors import QueryTimeout, StoreUnavailable
from graph_api.gql.context import Context, Loaders
from graph_api.gql.errors import ServiceUnavailable
from graph_api.gql.graphiql import graphiql_html
from graph_api.gql.limits import schema_extensions
from graph_api.gql.result_cache import Asked, CacheResults, ResultCache
from graph_api.gql.schema import create_schema
from graph_api.graph import Graph
from graph_api.metrics import Metrics, ObservedStore, ObserveOperations, record_operation
from graph_api.settings import Settings
from graph_api.tracing import TraceOperations, Tracer

RETRY_AFTER = "5"  # seconds a client is told to wait after a 503
STREAMING = ("multipart/mixed", "text/event-stream")  # Accept values that may ask for incremental delivery


class JobGraphQL(GraphQL[Context, None]):
    """Strawberry's view: jobgraph's schema and context, 405 for mutations over GET, 503 while the graph is
    away, and JSON read and written with orjson."""

    def __init__(self, graph: Graph, metrics: Metrics | None = None, tracer: Tracer | None = None) -> None:
        # Observing and tracing come before ErrorCodes (in schema_extensions): they see the errors' codes.
        observers: list[Any] = [partial(ObserveOperations, metrics=metrics)]
        if tracer is not None:
            observers.append(partial(TraceOperations, tracer=tracer))
        extensions = [*observers, *schema_extensions(graph.settings)]
        self.cache: ResultCache | None = None
        if graph.settings.result_cache_size > 0:
            self.cache = ResultCache(graph.settings.result_cache_size, graph.settings.result_cache_ttl)
            extensions.append(partial(CacheResults, cache=self.cache))
        super().__init__(create_schema(extensions), graphql_ide="graphiql")
        self.graph = graph
        self.metrics = metrics
        self.tracer = tracer

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        return await self._context(request)

    async def _context(self, request: Request | WebSocket) -> Context:
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

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)  # its JSONDecodeError is json's: Strawberry answers 400 for it

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

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
            response = await self._respond(Request(scope, receive=receive))
        except HTTPException as e:
            headers = {"Allow": "POST"} if e.status_code == 405 else None
            response = PlainTextResponse(e.reason, status_code=e.status_code, headers=headers)
        await response(scope, receive, send)

    async def _respond(self, request: Request) -> Response:
        """The kept answer to a query answered before on an unchanged graph, else what GraphQL answers."""
        if self.cache is None:
            return await self.run(request)
        asked = await asked_in(request)
        if asked is None:
            return await self.run(request)
        context = await self._context(request)
        context.asked = asked  # for CacheResults, which keeps the answer
        known, name = self.cache.query_name(asked)
        store = context.store
        if known and isinstance(store, ObservedStore):
            started = time.perf_counter()
            version = None
            with contextlib.suppress(QueryTimeout, StoreUnavailable):  # GraphQL then reports the trouble
                version = await store.graph_version()
            data = None if version is None else self.cache.get(asked.key(version))
            if data is not None:
                extensions: dict[str, object] = {"roundTrips": store.round_trips}
                if self.graph.settings.debug:
                    extensions["statements"] = list(store.statements)
                extensions["cached"] = True
                body = b'{"data":' + data + b',"extensions":' + orjson.dumps(extensions) + b"}"
                record_operation(self.metrics, "query", name, time.perf_counter() - started, store.round_trips)
                return Response(body, media_type="application/json")
        return await self.run(request, context=context)


def authorized(header: str | None, settings: Settings) -> bool:
    """True if ``header`` is ``Bearer <the configured API key>`` (compared in constant time)."""
    if settings.api_key is None or not header:
        return False
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(token.strip().encode(), settings.api_key.get_secret_value().encode())


async def asked_in(request: Request) -> Asked | None:
    """What a plain GET or JSON POST asks; None for anything else, and for anything malformed (Strawberry
    answers those)."""
    if any(kind in request.headers.get("accept", "") for kind in STREAMING):
        return None
    if request.method == "GET":
        params = request.query_params
        document, operation_name, raw = params.get("query"), params.get("operationName"), params.get("variables")
        try:
            variables = None if raw is None else orjson.loads(raw)
        except orjson.JSONDecodeError:
            return None
    elif request.method == "POST":
        if request.headers.get("content-type", "").partition(";")[0].strip().lower() != "application/json":
            return None
        try:
            payload = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            return None
        if not isinstance(payload, dict):
            return None  # a batch, or not an operation at all
        document, operation_name, variables = (
            payload.get("query"),
            payload.get("operationName"),
            payload.get("variables"),
        )
    else:
        return None
    if not isinstance(document, str) or not isinstance(operation_name, str | None):
        return None
    if not isinstance(variables, dict | None):
        return None
    return Asked.of(document, operation_name, variables)
