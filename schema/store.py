"""The Protocol a graph store fulfils; adapters live in ``graph_api.stores``."""

from collections.abc import Mapping
from typing import Any, Protocol

from schema.cypher import Cypher, Engine

Row = dict[str, Any]


class GraphStore(Protocol):
    """An open connection to one graph. Opened once, shared, closed once."""

    @property
    def engine(self) -> Engine: ...

    async def read(
        self, query: Cypher, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        """Run a read-only statement; rows come back as plain dicts of plain values."""
        ...

    async def write(
        self, query: Cypher, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        """Run one statement atomically (it writes all or nothing)."""
        ...

    async def ensure_schema(self) -> None:
        """Create the declared constraints and indexes if they are missing (idempotent)."""
        ...

    async def close(self) -> None: ...
