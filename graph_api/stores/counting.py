"""A GraphStore wrapper that counts round trips: one per request, around the shared store.

Every ``read`` and ``write`` is one round trip to the engine; the count (and the statement names,
in order) is what the API reports in ``extensions.roundTrips`` so tests and operators can hold the
resolvers to "one round trip per selection level and per traversal field". Reads that name no
timeout get ``read_timeout``, so no request can hold the engine longer than the setting allows.
"""

from collections.abc import Mapping
from typing import Any

from schema.cypher import Cypher, Engine
from schema.store import GraphStore, Row


class CountingStore:
    """Passes every call to ``inner``; counts reads and writes. Closing it leaves ``inner`` open."""

    def __init__(self, inner: GraphStore, *, read_timeout: float | None = None) -> None:
        self.inner = inner
        self.read_timeout = read_timeout
        self.statements: list[str] = []
        self._version: int | None = None
        self._version_read = False

    @property
    def engine(self) -> Engine:
        return self.inner.engine

    @property
    def round_trips(self) -> int:
        return len(self.statements)

    async def read(
        self, query: Cypher, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        self.statements.append(query.name)
        return await self.inner.read(query, params, timeout=self.read_timeout if timeout is None else timeout)

    async def write(
        self, query: Cypher, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        self.statements.append(query.name)
        return await self.inner.write(query, params, timeout=timeout)

    async def graph_version(self) -> int | None:
        """The inner store's graph version, or None for an engine that keeps none: one round trip, the first
        time it is asked for (a request reads it once; a failed read is not remembered)."""
        version = getattr(self.inner, "graph_version", None)
        if version is None:
            return None
        if not self._version_read:
            self.statements.append("graph_version")
            self._version = await version()
            self._version_read = True
        return self._version

    async def ensure_schema(self) -> None:
        await self.inner.ensure_schema()

    async def close(self) -> None:
        """Nothing to do: the wrapped store is shared and closed by whoever opened it."""
