"""A short-lived, per-process cache of query results, keyed by the graph's version (off by default).

With ``JOBGRAPH_RESULT_CACHE_SIZE`` > 0, a query's ``data`` is kept under (graph version, document,
operation name, variables) for ``JOBGRAPH_RESULT_CACHE_TTL`` seconds, and the same query asked
again answers from it. The graph version (``FalkorDBStore.graph_version``) is read from the engine
at the start of every query, one round trip: every write through a ``FalkorDBStore`` in any
process (the API's mutations, ``jobgraph load``, another worker) changes it, so an answer is never
reused once a write has finished. Answers computed while a write runs are kept under the version
read before it, which no request asks for again after the write. What the cache cannot see: writes
that bypass jobgraph's stores (a raw ``redis-cli``); the TTL bounds how long those go unnoticed.

Only queries are cached (never mutations), only answers without errors, and only on engines that
keep a version (FalkorDB). A cached answer reports ``extensions.roundTrips`` of its own request
(the version read), and ``extensions.cached: true``.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from typing import Any

import orjson
from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from graph_api.stores.counting import CountingStore

CacheKey = tuple[int, str, str | None, bytes]


class ResultCache:
    """At most ``size`` answers (least recently used out first), each for at most ``ttl`` seconds. Answers
    under older graph versions are never asked for again: they age out."""

    def __init__(self, size: int, ttl: float) -> None:
        self.size = size
        self.ttl = ttl
        self._entries: OrderedDict[CacheKey, tuple[float, dict[str, Any]]] = OrderedDict()

    def get(self, key: CacheKey) -> dict[str, Any] | None:
        found = self._entries.get(key)
        if found is None:
            return None
        if found[0] < time.monotonic():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return found[1]

    def put(self, key: CacheKey, data: dict[str, Any]) -> None:
        self._entries[key] = (time.monotonic() + self.ttl, data)
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)


class CacheResults(SchemaExtension):
    """Answers a query from ``cache`` when the graph has not changed since the same query was answered."""

    def __init__(self, *, cache: ResultCache) -> None:
        self.cache = cache
        self.hit = False

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        store = getattr(context.context, "store", None)
        if context.operation_type is not OperationType.QUERY or not isinstance(store, CountingStore):
            yield
            return
        version = await store.graph_version()
        if version is None:
            yield
            return
        variables = orjson.dumps(context.variables or {}, option=orjson.OPT_SORT_KEYS)
        key: CacheKey = (version, context.query or "", context.operation_name, variables)
        data = self.cache.get(key)
        if data is not None:
            self.hit = True
            context.result = GraphQLExecutionResult(data=data)  # Strawberry then skips executing
            yield
            return
        yield
        result = context.result
        if result is not None and not result.errors and result.data is not None:
            self.cache.put(key, result.data)

    def get_results(self) -> dict[str, Any]:
        return {"cached": True} if self.hit else {}
