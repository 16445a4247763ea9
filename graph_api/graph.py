"""The graph the app serves: the shared store, opened at start-up or later if the graph was unreachable.

The graph store is opened once and shared by every request. A remote graph (Neo4j, FalkorDB) that
is unreachable at start-up does not stop the service: it starts anyway, answers GraphQL with
``SERVICE_UNAVAILABLE`` (HTTP 503) and ``/readyz`` with 503, and opens the store on a later request
once the graph answers. After that, the store adapters reconnect by themselves.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Mapping
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError

from graph_api.demo import load_demo_if_empty
from graph_api.errors import QueryError, StoreUnavailable
from graph_api.settings import EMBEDDED, NEO4J_SCHEMES, Settings
from graph_api.stores import open_store
from schema.cypher import Cypher, Engine
from schema.store import GraphStore, Row

log = logging.getLogger(__name__)

PING = Cypher("ping", "RETURN 1 AS ok")
READY_TIMEOUT = 2.0  # seconds /readyz waits for the graph
RETRY_INTERVAL = 1.0  # seconds between attempts to open a store that was unreachable


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
