"""The Starlette application: GraphQL (with GraphiQL) at /graphql, health at /healthz.

The graph store is opened once in the lifespan and shared by every request; each request gets a
fresh context with its own DataLoaders.
"""

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from graph_api.demo import load_demo_if_empty
from graph_api.gql.context import Context, Loaders
from graph_api.gql.schema import schema
from graph_api.settings import Settings
from graph_api.stores import open_store
from schema.store import GraphStore

log = logging.getLogger(__name__)


class JobGraphQL(GraphQL[Context, None]):
    def __init__(self, state: dict[str, Any]) -> None:
        super().__init__(schema, graphql_ide="graphiql")
        self._state = state

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        store: GraphStore = self._state["store"]
        return Context(store=store, settings=self._state["settings"], loaders=Loaders(store))


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> Starlette:
    """The ASGI app. Pass ``store`` to share an already open store (it is then not closed here)."""
    settings = settings or Settings()
    state: dict[str, Any] = {"settings": settings, "store": store}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        owned = state["store"] is None
        if owned:
            state["store"] = await open_store(settings)
        try:
            if settings.demo_on_empty:
                await load_demo_if_empty(state["store"])
            yield
        finally:
            if owned:
                await state["store"].close()

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def home(request: Request) -> RedirectResponse:
        return RedirectResponse("/graphql")

    graphql = JobGraphQL(state)
    return Starlette(
        routes=[
            Route("/", home),
            Route("/healthz", healthz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
        ],
        lifespan=lifespan,
    )
