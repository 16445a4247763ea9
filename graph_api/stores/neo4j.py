"""GraphStore over Neo4j 5 with the official async driver (``bolt://``, ``neo4j://``, ``neo4j+s://``)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, RoutingControl
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

from graph_api.errors import QueryError, QueryTimeout, ReadOnlyViolation, StoreUnavailable
from graph_api.stores.ddl import neo4j_statements
from graph_api.stores.values import plain
from schema.cypher import Cypher, Engine
from schema.store import Row

log = logging.getLogger(__name__)

#: Indexes build in the background after CREATE INDEX; wait for them (seconds) so that the first full-text
#: search or MERGE after ``ensure_schema`` finds them online.
AWAIT_INDEXES = Cypher("await_indexes", "CALL db.awaitIndexes(300)")


class Neo4jStore:
    """One Neo4j database. Reads go with READ access mode (routed to followers in a cluster)."""

    def __init__(self, driver: AsyncDriver, database: str | None = None) -> None:
        self._driver = driver
        self._database = database

    @property
    def engine(self) -> Engine:
        return "neo4j"

    @classmethod
    async def open(
        cls,
        url: str,
        user: str | None,
        password: str | None,
        *,
        database: str | None = None,
        max_connection_pool_size: int = 50,
        connection_acquisition_timeout: float = 30.0,
    ) -> Neo4jStore:
        auth = (user, password) if user is not None and password is not None else None
        driver = AsyncGraphDatabase.driver(
            url,
            auth=auth,
            max_connection_pool_size=max_connection_pool_size,
            connection_acquisition_timeout=connection_acquisition_timeout,
        )
        try:
            await driver.verify_connectivity()
        except (ServiceUnavailable, AuthError, OSError, ValueError) as e:
            await driver.close()
            raise StoreUnavailable(f"cannot reach Neo4j at {url}: {e}") from e
        return cls(driver, database)

    async def close(self) -> None:
        await self._driver.close()

    async def read(
        self, query: Cypher, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        return await self._run(query, params, timeout, RoutingControl.READ)

    async def write(
        self, query: Cypher, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        return await self._run(query, params, timeout, RoutingControl.WRITE)

    async def _run(
        self, query: Cypher, params: Mapping[str, Any] | None, timeout: float | None, routing: RoutingControl
    ) -> list[Row]:
        # execute_query runs a managed transaction: transient failures are retried by the driver.
        statement = neo4j.Query(query.for_engine("neo4j"), timeout=timeout)
        try:
            records, _, _ = await self._driver.execute_query(
                statement, dict(params or {}), routing_=routing, database_=self._database
            )
        except (ServiceUnavailable, SessionExpired) as e:
            raise StoreUnavailable(f"Neo4j is unreachable: {e}") from e
        except Neo4jError as e:
            code = e.code or ""
            if "TransactionTimedOut" in code or "Terminated" in code:
                raise QueryTimeout(f"{query.name}: timed out after {timeout}s") from e
            if code.endswith("AccessMode") or "WriteOnReadOnlyAccessDbException" in code:
                raise ReadOnlyViolation(f"{query.name}: this statement writes; it needs write access") from e
            raise QueryError(f"{query.name}: {e.message or e}") from e
        return [{key: plain(value) for key, value in record.items()} for record in records]  # type: ignore[no-untyped-call]

    async def ensure_schema(self) -> None:
        for text in neo4j_statements():
            await self.write(Cypher("ddl", text))
        await self.read(AWAIT_INDEXES)
