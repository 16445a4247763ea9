"""The Starlette application: GraphQL (with GraphiQL) at /graphql, /healthz, /readyz and /metrics.

The pieces: ``graph_api.graph`` (the shared store, opened at start-up or once a remote graph
answers), ``graph_api.gql.view`` (GraphQL over HTTP), ``graph_api.request_observer`` (request
ids, HTTP metrics, access log, spans). ``graph_api.serving`` runs the app under uvicorn.

Operations: every request gets a request id (``X-Request-ID``, see ``graph_api.logs``) and an
access-log line; Prometheus metrics are served at /metrics (``graph_api.metrics``); with
``JOBGRAPH_OTEL=true``, requests, operations and statements are traced (``graph_api.tracing``).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from graph_api.gql.graphiql import EXAMPLE_QUERY, EXAMPLE_VARIABLES
from graph_api.gql.limits import quiet_expected_errors
from graph_api.gql.view import RETRY_AFTER, JobGraphQL
from graph_api.graph import Graph, UnavailableStore
from graph_api.logs import configure_logging
from graph_api.metrics import Metrics
from graph_api.request_observer import ObserveRequests
from graph_api.settings import Settings
from graph_api.tracing import tracer_for
from schema.store import GraphStore

__all__ = ["EXAMPLE_QUERY", "EXAMPLE_VARIABLES", "Graph", "UnavailableStore", "create_app"]


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
