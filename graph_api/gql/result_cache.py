"""A short-lived, per-process cache of query answers, keyed by the graph's version (off by default).

With ``JOBGRAPH_RESULT_CACHE_SIZE`` > 0, a query's ``data``, serialised, is kept under (graph
version, document, operation name, variables) for ``JOBGRAPH_RESULT_CACHE_TTL`` seconds, and the
same query asked again answers from it: the view (``graph_api.gql.view``) sends the kept bytes
without running GraphQL at all (no parsing, validation or execution). The graph version
(``FalkorDBStore.graph_version``) is read from the engine once per request, one round trip
(requests arriving together share one ``GET``, sent after all of them arrived): every
write through a ``FalkorDBStore`` in any process (the API's mutations, ``jobgraph load``, another
worker) changes it, so an answer is never reused once a write has finished. Answers computed while
a write runs are kept under the version read before it, which no request asks for again after the
write. What the cache cannot see: writes that bypass jobgraph's stores (a raw ``redis-cli``); the
TTL bounds how long those go unnoticed.

Only queries are cached (never mutations), only answers without errors, only requests the view
reads itself (JSON POST, GET), and only on engines that keep a version (FalkorDB). Documents not
yet answered here are never looked up before GraphQL runs (so a mutation reads no version). A
cached answer reports ``extensions.roundTrips`` of its own request (the version read), and
``extensions.cached: true``; its ``data`` is byte for byte what GraphQL answered.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from graph_api.errors import QueryTimeout, StoreUnavailable
from graph_api.stores.counting import CountingStore

CacheKey = tuple[int, str, str | None, bytes]


@dataclass(frozen=True, slots=True)
class Asked:
    """One request's operation as the client sent it: document, operation name, variables (canonical JSON)."""

    document: str
    operation_name: str | None
    variables: bytes

    @classmethod
    def of(cls, document: str, operation_name: str | None, variables: dict[str, Any] | None) -> Asked:
        return cls(document, operation_name, orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS))

    def key(self, version: int) -> CacheKey:
        return (version, self.document, self.operation_name, self.variables)


class ResultCache:
    """At most ``size`` answers (least recently used out first), each for at most ``ttl`` seconds. Answers
    under older graph versions are never asked for again: they age out.

    It also remembers which (document, operation name) pairs were answered as queries, and the
    operation's name (for logs and metrics): only those are looked up before GraphQL runs."""

    def __init__(self, size: int, ttl: float) -> None:
        self.size = size
        self.ttl = ttl
        self._entries: OrderedDict[CacheKey, tuple[float, bytes]] = OrderedDict()
        self._queries: OrderedDict[tuple[str, str | None], str | None] = OrderedDict()

    def query_name(self, asked: Asked) -> tuple[bool, str | None]:
        """(True, the operation's name) if ``asked`` was answered here as a query; (False, None) otherwise."""
        pair = (asked.document, asked.operation_name)
        if pair not in self._queries:
            return False, None
        self._queries.move_to_end(pair)
        return True, self._queries[pair]

    def get(self, key: CacheKey) -> bytes | None:
        """The serialised ``data`` kept under ``key``, if it has not expired."""
        found = self._entries.get(key)
        if found is None:
            return None
        if found[0] < time.monotonic():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return found[1]

    def put(self, key: CacheKey, data: bytes, operation_name: str | None) -> None:
        self._entries[key] = (time.monotonic() + self.ttl, data)
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
        pair = (key[1], key[2])
        self._queries[pair] = operation_name
        self._queries.move_to_end(pair)
        while len(self._queries) > self.size:
            self._queries.popitem(last=False)


class CacheResults(SchemaExtension):
    """Keeps a query's error-free answer in ``cache`` (and answers from it, for a request the view did not
    look up). Acts only on requests whose context carries what was asked (``Context.asked``)."""

    def __init__(self, *, cache: ResultCache) -> None:
        self.cache = cache
        self.hit = False

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        asked = getattr(context.context, "asked", None)
        store = getattr(context.context, "store", None)
        if context.operation_type is not OperationType.QUERY or asked is None or not isinstance(store, CountingStore):
            yield
            return
        try:
            version = await store.graph_version()  # read once per request: the view may have read it already
        except (QueryTimeout, StoreUnavailable):
            version = None  # the query itself then meets the same trouble and reports it
        if version is None:
            yield
            return
        key = asked.key(version)
        data = self.cache.get(key)
        if data is not None:
            self.hit = True
            context.result = GraphQLExecutionResult(data=orjson.loads(data))  # Strawberry then skips executing
            yield
            return
        yield
        result = context.result
        if result is not None and not result.errors and result.data is not None:
            self.cache.put(key, orjson.dumps(result.data), context.operation_name)

    def get_results(self) -> dict[str, Any]:
        return {"cached": True} if self.hit else {}
