"""Prometheus metrics: what the API exports at ``/metrics``.

One ``Metrics`` object per app, with its own registry (so two apps in one process, as in the
tests, do not add up into each other). The series, all prefixed ``jobgraph_``:

* ``jobgraph_http_request_duration_seconds{method, route, status}`` (histogram): every HTTP request;
  ``route`` is one of the app's paths or ``other``.
* ``jobgraph_graphql_request_duration_seconds{operation_type, operation_name}`` (histogram): every
  GraphQL operation, from parsing to the result; its ``_count`` is the request rate.
* ``jobgraph_graphql_round_trips{operation_type, operation_name}`` (histogram): database round
  trips per operation (what ``extensions.roundTrips`` reports).
* ``jobgraph_graphql_errors_total{code, operation_type, operation_name}`` (counter): errors in
  GraphQL responses, by ``extensions.code``.
* ``jobgraph_db_query_duration_seconds{statement, kind}`` (histogram): each statement the API
  runs, by its catalogue name (``graph_version``: the result cache's version read); ``kind`` is
  ``read`` or ``write``.
* ``jobgraph_db_query_errors_total{statement, kind, error}`` (counter): statements that failed,
  ``error`` being ``timeout``, ``unavailable``, ``query``, ``cancelled`` or ``other``.

Label values stay bounded: operation names are the client's choice, so the first
``MAX_OPERATION_NAMES`` distinct ones are kept and any later one is ``other``; an operation
without a name is ``anonymous``, one whose type is unknown (it did not parse) has type ``unknown``.

Several worker processes: set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory before the
workers start (prometheus-client then keeps the values in files there) and ``/metrics`` adds up
every worker's values. Each worker keeps its own first operation names.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.exposition import choose_encoder
from prometheus_client.multiprocess import MultiProcessCollector
from strawberry.extensions import SchemaExtension

from graph_api.errors import QueryError, QueryTimeout, StoreUnavailable
from graph_api.logs import current_request
from graph_api.stores.counting import CountingStore
from graph_api.tracing import Tracer, statement_span
from schema.cypher import Cypher
from schema.store import GraphStore, Row

MAX_OPERATION_NAMES = 100
ANONYMOUS = "anonymous"
OTHER = "other"
UNKNOWN = "unknown"
_OPERATION_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")  # a GraphQL name, at most 100 characters

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
ROUND_TRIP_BUCKETS = (0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def multiprocess_mode() -> bool:
    """True when prometheus-client keeps values in ``PROMETHEUS_MULTIPROC_DIR`` (several workers)."""
    return bool(os.environ.get(MULTIPROC_ENV))


class OperationNames:
    """Bounded operation-name labels: the first ``limit`` distinct names, then ``other``."""

    def __init__(self, limit: int = MAX_OPERATION_NAMES) -> None:
        self.limit = limit
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def label(self, name: str | None) -> str:
        if not name:
            return ANONYMOUS
        if _OPERATION_NAME.fullmatch(name) is None:
            return OTHER  # not a GraphQL name (clients can send any operationName): never a label
        if name in self._seen:
            return name
        with self._lock:
            if len(self._seen) < self.limit:
                self._seen.add(name)
                return name
        return OTHER


class Metrics:
    """The app's Prometheus metrics, in their own registry."""

    def __init__(self, *, max_operation_names: int = MAX_OPERATION_NAMES) -> None:
        self.registry = CollectorRegistry()
        self.operation_names = OperationNames(max_operation_names)
        registry = self.registry
        self.http_duration = Histogram(
            "jobgraph_http_request_duration_seconds",
            "HTTP requests: time from the request's arrival to the end of the response.",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.graphql_duration = Histogram(
            "jobgraph_graphql_request_duration_seconds",
            "GraphQL operations: time from parsing to the result.",
            ["operation_type", "operation_name"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.round_trips = Histogram(
            "jobgraph_graphql_round_trips",
            "Database round trips one GraphQL operation made.",
            ["operation_type", "operation_name"],
            buckets=ROUND_TRIP_BUCKETS,
            registry=registry,
        )
        self.graphql_errors = Counter(
            "jobgraph_graphql_errors",
            "Errors in GraphQL responses, by extensions.code.",
            ["code", "operation_type", "operation_name"],
            registry=registry,
        )
        self.db_duration = Histogram(
            "jobgraph_db_query_duration_seconds",
            "Database statements the API ran, by catalogue name.",
            ["statement", "kind"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.db_errors = Counter(
            "jobgraph_db_query_errors",
            "Database statements that failed, by catalogue name and kind of failure.",
            ["statement", "kind", "error"],
            registry=registry,
        )

    def exposition(self, accept: str | None = None) -> tuple[bytes, str]:
        """What ``/metrics`` answers (every worker's values in multiprocess mode) and its content type: the
        Prometheus text format, or OpenMetrics when the scraper's ``Accept`` header asks for it."""
        registry = self.registry
        if multiprocess_mode():
            registry = CollectorRegistry()
            MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        encode, content_type = choose_encoder(accept or "")
        return encode(registry), content_type


def series_names(registry: CollectorRegistry) -> set[str]:
    """Every series name ``registry``'s metrics export (``_bucket``, ``_count``, ``_total``…), observed or not."""
    suffixes = {
        "histogram": ("_bucket", "_count", "_sum", "_created"),
        "counter": ("_total", "_created"),
        "summary": ("", "_count", "_sum", "_created"),
        "gauge": ("",),
    }
    return {family.name + suffix for family in registry.collect() for suffix in suffixes.get(family.type, ("",))}


def _db_error(error: BaseException) -> str:
    if isinstance(error, asyncio.CancelledError):  # the request went away (a client disconnect, a shutdown)
        return "cancelled"
    if isinstance(error, QueryTimeout):
        return "timeout"
    if isinstance(error, StoreUnavailable):
        return "unavailable"
    if isinstance(error, QueryError):
        return "query"
    return "other"


class ObservedStore(CountingStore):
    """The request's ``CountingStore`` that also times every statement (and traces it, with a tracer)."""

    def __init__(
        self,
        inner: GraphStore,
        *,
        read_timeout: float | None = None,
        metrics: Metrics | None = None,
        tracer: Tracer | None = None,
    ) -> None:
        super().__init__(inner, read_timeout=read_timeout)
        self.metrics = metrics
        self.tracer = tracer

    async def read(
        self, query: Cypher, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        with self._observed(query.name, "read"):
            return await super().read(query, params, timeout=timeout)

    async def write(
        self, query: Cypher, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        with self._observed(query.name, "write"):
            return await super().write(query, params, timeout=timeout)

    async def graph_version(self) -> int | None:
        if self._version_read or getattr(self.inner, "graph_version", None) is None:
            return await super().graph_version()  # no round trip
        with self._observed("graph_version", "read"):
            return await super().graph_version()

    @contextlib.contextmanager
    def _observed(self, statement: str, kind: str) -> Iterator[None]:
        with contextlib.ExitStack() as stack:
            if self.tracer is not None:
                stack.enter_context(statement_span(self.tracer, statement, kind, self.engine))
            start = time.perf_counter()
            try:
                yield
            except BaseException as e:
                if self.metrics is not None:
                    self.metrics.db_errors.labels(statement, kind, _db_error(e)).inc()
                raise
            finally:
                if self.metrics is not None:
                    self.metrics.db_duration.labels(statement, kind).observe(time.perf_counter() - start)


class ObserveOperations(SchemaExtension):
    """Around every GraphQL operation: its metrics, and what the access log says about it.

    It must come before ``ErrorCodes`` in the schema's extensions, so it sees the errors' codes.
    """

    def __init__(self, *, metrics: Metrics | None = None) -> None:
        self.metrics = metrics

    def on_operation(self) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self._record(time.perf_counter() - start)

    def _record(self, duration: float) -> None:
        context = self.execution_context
        name = context.operation_name
        try:
            operation_type = context.operation_type.value
        except RuntimeError:  # the document did not parse, or names no such operation
            operation_type = UNKNOWN
        store = getattr(context.context, "store", None)
        round_trips = store.round_trips if isinstance(store, CountingStore) else 0
        result = context.result
        errors = getattr(result, "errors", None) or []
        codes = [str((e.extensions or {}).get("code", "")) or "UNKNOWN" for e in errors]
        record_operation(self.metrics, operation_type, name, duration, round_trips, codes)


def record_operation(
    metrics: Metrics | None,
    operation_type: str,
    name: str | None,
    duration: float,
    round_trips: int,
    codes: Sequence[str] = (),
) -> None:
    """One GraphQL operation in the request's access-log line and in the metrics (``ObserveOperations``, and
    the view for an answer it sends from the result cache without running GraphQL)."""
    request = current_request.get()
    if request is not None:
        request.operation_type = operation_type
        request.operation_name = name[:100] if name else None
        request.round_trips += round_trips
        request.error_codes.extend(codes)

    if metrics is None:
        return
    label = metrics.operation_names.label(name)
    metrics.graphql_duration.labels(operation_type, label).observe(duration)
    metrics.round_trips.labels(operation_type, label).observe(round_trips)
    for code in codes:
        metrics.graphql_errors.labels(code, operation_type, label).inc()
