"""Optional OpenTelemetry tracing: on with ``JOBGRAPH_OTEL=true`` when the ``otel`` extra is installed.

OpenTelemetry is imported by name (``importlib``), so this module and its callers type-check and
import without it. Each HTTP request is a SERVER span (continuing the caller's trace from ``traceparent``); each
GraphQL operation inside it a span named ``{type} {name}`` with the GraphQL semantic-convention
attributes ``graphql.operation.type``, ``graphql.operation.name`` and ``graphql.document``; each
database statement a CLIENT span named after the statement.

If no tracer provider is set yet (``opentelemetry-instrument`` sets one), one is set up that
exports over OTLP/HTTP, configured by the usual ``OTEL_*`` variables (``OTEL_EXPORTER_OTLP_ENDPOINT``,
``OTEL_SERVICE_NAME``, default ``jobgraph``).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
from collections.abc import Iterator, Mapping
from typing import Any

from strawberry.extensions import SchemaExtension

from graph_api.settings import Settings

Tracer = Any  # opentelemetry.trace.Tracer
Span = Any  # opentelemetry.trace.Span

log = logging.getLogger(__name__)

INSTRUMENTATION = "graph_api"
SERVICE_NAME = "jobgraph"


def otel(module: str) -> Any:
    """An OpenTelemetry module (``trace``, ``propagate``, ``sdk.trace``…); ImportError without the packages."""
    return importlib.import_module(f"opentelemetry.{module}")


def tracer_for(settings: Settings) -> Tracer | None:
    """The tracer to use, or None: tracing off, or the packages are missing (then a warning says so)."""
    if not settings.otel:
        return None
    try:
        trace = otel("trace")
    except ImportError:
        log.warning("JOBGRAPH_OTEL is on but OpenTelemetry is not installed: pip install 'jobgraph[otel]'")
        return None
    _set_up_provider()
    return trace.get_tracer(INSTRUMENTATION)


def _set_up_provider() -> None:
    """An SDK tracer provider exporting over OTLP/HTTP, unless one is set already."""
    trace = otel("trace")
    if not isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):
        return  # set by opentelemetry-instrument, a test, or an earlier app in this process
    try:
        exporter = otel("exporter.otlp.proto.http.trace_exporter").OTLPSpanExporter
        resources, sdk_trace, export = otel("sdk.resources"), otel("sdk.trace"), otel("sdk.trace.export")
    except ImportError:
        log.warning("OpenTelemetry's SDK or OTLP exporter is not installed: spans are not exported")
        return
    attributes = {} if os.environ.get("OTEL_SERVICE_NAME") else {"service.name": SERVICE_NAME}
    provider = sdk_trace.TracerProvider(resource=resources.Resource.create(attributes))
    provider.add_span_processor(export.BatchSpanProcessor(exporter()))
    trace.set_tracer_provider(provider)


@contextlib.contextmanager
def request_span(tracer: Tracer, method: str, path: str, route: str, headers: Mapping[str, str]) -> Iterator[Span]:
    """The HTTP request's SERVER span, a child of the caller's span when ``traceparent`` names one."""
    attributes = {"http.request.method": method, "url.path": path, "http.route": route}
    with tracer.start_as_current_span(
        f"{method} {route}",
        context=otel("propagate").extract(headers),
        kind=otel("trace").SpanKind.SERVER,
        attributes=attributes,
    ) as span:
        yield span


def end_request_span(span: Span, status: int) -> None:
    span.set_attribute("http.response.status_code", status)
    if status >= 500:
        trace = otel("trace")
        span.set_status(trace.Status(trace.StatusCode.ERROR))


@contextlib.contextmanager
def statement_span(tracer: Tracer, statement: str, kind: str, engine: str) -> Iterator[None]:
    """One database statement's CLIENT span."""
    attributes = {"db.system.name": engine, "db.query.summary": statement, "jobgraph.statement.kind": kind}
    with tracer.start_as_current_span(statement, kind=otel("trace").SpanKind.CLIENT, attributes=attributes):
        yield


class TraceOperations(SchemaExtension):
    """A span per GraphQL operation, with the GraphQL semantic-convention attributes."""

    def __init__(self, *, tracer: Tracer) -> None:
        self.tracer = tracer

    def on_operation(self) -> Iterator[None]:
        trace = otel("trace")
        with self.tracer.start_as_current_span("GraphQL Operation") as span:
            try:
                yield
            finally:
                context = self.execution_context
                name = context.operation_name
                try:
                    operation_type: str | None = context.operation_type.value
                except RuntimeError:  # the document did not parse, or names no such operation
                    operation_type = None
                if operation_type is not None:
                    span.set_attribute("graphql.operation.type", operation_type)
                    span.update_name(f"{operation_type} {name}" if name else operation_type)
                if name:
                    span.set_attribute("graphql.operation.name", name)
                if context.query:
                    span.set_attribute("graphql.document", context.query)
                errors = getattr(context.result, "errors", None)
                if errors:
                    codes = sorted({str((e.extensions or {}).get("code", "")) for e in errors} - {""})
                    span.set_status(trace.Status(trace.StatusCode.ERROR, ", ".join(codes) or None))
