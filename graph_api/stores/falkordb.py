"""GraphStore over FalkorDB's native protocol: the embedded server (unix socket) or a remote one.

Every write statement through this store (and dropping the graph) then bumps the graph's
*version*, a counter in the server's keyspace (``VERSION_PREFIX`` + graph name), so any process
can tell with one cheap ``GET`` whether the graph changed since it last looked (the API's
result cache, ``graph_api.gql.result_cache``). The counter starts at a random value, so a server
that comes back with other data (a restore, a new data directory) does not repeat old versions.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import secrets
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import redis
from falkordb.asyncio import FalkorDB
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.connection import Connection, UnixDomainSocketConnection
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from graph_api.errors import QueryError, QueryTimeout, ReadOnlyViolation, StoreUnavailable
from graph_api.stores.ddl import falkordb_statements
from graph_api.stores.embedded_server import LEASE_PREFIX, EmbeddedServer, wait_gone
from graph_api.stores.shared_read import SharedRead
from graph_api.stores.values import plain
from schema.cypher import Cypher, Engine
from schema.store import Row

log = logging.getLogger(__name__)
_lease_ids = itertools.count(1)
_DOWN = (RedisConnectionError, ConnectionError, OSError)
VERSION_PREFIX = "jobgraph:version:"


def _compact(client: redis.Redis, timeout: float = 600.0) -> None:
    """Rewrite the append-only log as a snapshot when writes since the last snapshot outweigh it, so the
    next start reads the snapshot instead of replaying every statement."""
    info = client.info("persistence")
    base, current = int(info.get("aof_base_size", 0)), int(info.get("aof_current_size", 0))
    if current - base < max(base, 1 << 20):
        return
    client.bgrewriteaof()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.info("persistence")
        if not state.get("aof_rewrite_in_progress") and not state.get("aof_rewrite_scheduled"):
            return
        time.sleep(0.05)
    log.warning("the append-only log rewrite did not finish in %.0fs; shutting down anyway", timeout)


class FalkorDBStore:
    """One graph in a FalkorDB server. Open with :meth:`open_embedded` or :meth:`open_remote`."""

    def __init__(
        self,
        pool: BlockingConnectionPool,
        graph: str,
        server: EmbeddedServer | None = None,
        *,
        shutdown_when_last: bool = True,
    ) -> None:
        self._pool = pool
        self._db = FalkorDB(connection_pool=pool)
        self._graph = self._db.select_graph(graph)
        self.graph_name = graph
        self.server = server
        self._shutdown_when_last = shutdown_when_last
        self._lease: Redis | None = None
        self._lease_name = f"{LEASE_PREFIX}{os.getpid()}-{next(_lease_ids)}"
        self._recovering = asyncio.Lock()
        self._version_key = VERSION_PREFIX + graph
        self._version_reads = SharedRead(self._read_version)

    @property
    def engine(self) -> Engine:
        return "falkordb"

    # -- opening and closing -------------------------------------------------------------------

    @classmethod
    async def open_embedded(
        cls,
        data_dir: Path,
        graph: str = "jobgraph",
        *,
        max_connections: int = 16,
        appendfsync: str = "everysec",
        shutdown_when_last: bool = True,
    ) -> FalkorDBStore:
        server = EmbeddedServer(data_dir, appendfsync=appendfsync)
        await asyncio.to_thread(server.ensure_running)
        pool = BlockingConnectionPool(
            connection_class=UnixDomainSocketConnection,
            path=server.socket_path,
            max_connections=max_connections,
            timeout=30,
            decode_responses=True,
        )
        store = cls(pool, graph, server, shutdown_when_last=shutdown_when_last)
        await store._take_lease()
        return store

    @classmethod
    async def open_remote(
        cls, host: str, port: int, graph: str = "jobgraph", *, password: str | None = None
    ) -> FalkorDBStore:
        pool = BlockingConnectionPool(
            connection_class=Connection,
            host=host,
            port=port,
            password=password,
            max_connections=16,
            timeout=30,
            decode_responses=True,
        )
        try:
            store = cls(pool, graph)  # the client asks the server about clustering as it is built
            await store.read(Cypher("ping", "RETURN 1 AS ok"))  # also creates the graph on a fresh server
        except (StoreUnavailable, *_DOWN) as e:
            await pool.disconnect()
            raise StoreUnavailable(f"cannot reach FalkorDB at {host}:{port}: {e}") from e
        return store

    async def _take_lease(self) -> None:
        """Hold a named connection for as long as this store is open: the server's reference count."""
        assert self.server is not None
        lease: Redis = Redis(
            unix_socket_path=self.server.socket_path, client_name=self._lease_name, decode_responses=True
        )
        await lease.ping()
        self._lease = lease

    async def close(self) -> None:
        server, lease = self.server, self._lease
        self._lease = None
        await self._pool.disconnect()
        if server is None or lease is None:
            return
        try:
            if self._shutdown_when_last:
                await asyncio.to_thread(self._shutdown_if_last_sync, server)
        finally:
            with contextlib.suppress(RedisError, OSError):
                await lease.aclose()

    def _shutdown_if_last_sync(self, server: EmbeddedServer) -> None:
        """Under the server lock: if no other process holds a lease, SHUTDOWN (flushing the AOF)."""
        with server.locked():
            # No retries: after SHUTDOWN the connection drops, and that is the answer we want.
            client = redis.Redis(
                unix_socket_path=server.socket_path, decode_responses=True, retry=Retry(NoBackoff(), 0)
            )
            try:
                clients = client.client_list()
                others = [c for c in clients if c["name"].startswith(LEASE_PREFIX) and c["name"] != self._lease_name]
                if others:
                    return
                pid = server.running_pid()
                _compact(client)
                with contextlib.suppress(RedisConnectionError):
                    client.shutdown(nosave=False)
                if pid is not None:
                    wait_gone(pid, 30.0)
            except RedisError as e:
                log.warning("could not shut the embedded graph server down cleanly: %s", e)
            finally:
                client.close()

    # -- statements ----------------------------------------------------------------------------

    async def read(
        self, query: Cypher, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        return await self._run(query, params, timeout, read_only=True)

    async def write(
        self, query: Cypher, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        return await self._run(query, params, timeout, read_only=False)

    async def graph_version(self) -> int | None:
        """The graph's version: changes after every write made through a ``FalkorDBStore``, in any process.
        None when the server refuses the counter's commands (an ACL without GET, SET or INCR). Concurrent
        callers share one ``GET``, sent after all of them asked (``SharedRead``)."""
        return await self._version_reads()

    async def _read_version(self) -> int | None:
        try:
            found = await self._db.connection.get(self._version_key)
            if found is None:  # first use of this keyspace: start from a random point, not from 0
                await self._db.connection.set(self._version_key, secrets.randbits(62), nx=True)
                found = await self._db.connection.get(self._version_key)
        except ResponseError:
            return None
        except RedisTimeoutError as e:
            raise QueryTimeout("graph version: no answer in time") from e
        except _DOWN as e:
            raise StoreUnavailable(f"the graph engine is unreachable: {e}") from e
        return None if found is None else int(found)

    async def _bump_version(self) -> None:
        # The server gone, or refusing INCR: no process can read a version then either, so none caches.
        with contextlib.suppress(*_DOWN, ResponseError):
            await self._db.connection.incr(self._version_key)

    async def _run(
        self, query: Cypher, params: Mapping[str, Any] | None, timeout: float | None, *, read_only: bool
    ) -> list[Row]:
        try:
            return await self._answer(query, params, timeout, read_only=read_only)
        finally:
            if not read_only:  # also after a failed write: it may have changed the graph before failing
                await self._bump_version()

    async def _answer(
        self, query: Cypher, params: Mapping[str, Any] | None, timeout: float | None, *, read_only: bool
    ) -> list[Row]:
        text = query.for_engine("falkordb")
        timeout_ms = None if timeout is None else max(1, int(timeout * 1000))
        call = self._graph.ro_query if read_only else self._graph.query
        try:
            try:
                result = await call(text, dict(params or {}), timeout=timeout_ms)
            except _DOWN:
                if self.server is None:
                    raise
                await self._recover()
                result = await call(text, dict(params or {}), timeout=timeout_ms)
        except ResponseError as e:
            message = str(e)
            if "empty key" in message and read_only:
                # The graph does not exist yet: create it empty (a no-op write does) and ask again.
                await self._graph.query("RETURN 1")
                return await self._run(query, params, timeout, read_only=read_only)
            if "timed out" in message.lower():
                raise QueryTimeout(f"{query.name}: timed out after {timeout}s") from e
            if "read-only" in message.lower():
                raise ReadOnlyViolation(f"{query.name}: this statement writes; it needs write access") from e
            raise QueryError(f"{query.name}: {message}") from e
        except RedisTimeoutError as e:
            raise QueryTimeout(f"{query.name}: no answer in time") from e
        except _DOWN as e:
            raise StoreUnavailable(f"the graph engine is unreachable: {e}") from e
        names = [column[1] for column in result.header]
        return [{name: plain(value) for name, value in zip(names, row, strict=True)} for row in result.result_set]

    async def _recover(self) -> None:
        """The embedded server went away (killed, crashed): start it again and reconnect."""
        assert self.server is not None
        async with self._recovering:
            if await asyncio.to_thread(self.server.answers):
                return
            log.warning("embedded graph server is gone; restarting it in %s", self.server.data_dir)
            await self._pool.disconnect()
            await asyncio.to_thread(self.server.ensure_running)
            if self._lease is not None:
                with contextlib.suppress(RedisError, OSError):
                    await self._lease.aclose()
                await self._take_lease()

    async def ensure_schema(self) -> None:
        existing_indexes = {
            (row["label"], prop, kind)
            for row in await self.read(Cypher("list_indexes", "CALL db.indexes() YIELD label, properties, types"))
            for prop in row["properties"]
            for kind in row["types"].get(prop, [])
        }
        existing_unique = {
            (row["label"], tuple(row["properties"]))
            for row in await self.read(
                Cypher("list_constraints", "CALL db.constraints() YIELD type, label, properties")
            )
        }
        for stmt in falkordb_statements():
            if stmt.index is not None and (*stmt.index, stmt.kind) not in existing_indexes:
                await self.write(Cypher(f"ddl_{stmt.index[0]}_{stmt.index[1]}", stmt.cypher))
                existing_indexes.add((*stmt.index, stmt.kind))
            if stmt.unique is not None and (stmt.unique[0], (stmt.unique[1],)) not in existing_unique:
                try:
                    await self._db.execute_command(
                        "GRAPH.CONSTRAINT", "CREATE", self.graph_name, "UNIQUE", "NODE",
                        stmt.unique[0], "PROPERTIES", 1, stmt.unique[1],
                    )  # fmt: skip
                except ResponseError as e:
                    if "already exists" not in str(e):
                        raise QueryError(f"unique constraint on {stmt.unique}: {e}") from e

    async def drop_graph(self) -> None:
        """Delete the whole graph (tests and ``jobgraph reset``)."""
        try:
            with contextlib.suppress(ResponseError):
                await self._graph.delete()
        finally:
            await self._bump_version()
