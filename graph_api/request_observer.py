"""ASGI middleware around every HTTP request: its request id, HTTP metrics, access log and span."""

from __future__ import annotations

import contextlib
import time

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_api.logs import REQUEST_ID_HEADER, RequestLog, current_request, log_access, request_id_from
from graph_api.metrics import Metrics
from graph_api.tracing import Tracer, end_request_span, request_span

ROUTES = frozenset({"/", "/healthz", "/readyz", "/metrics", "/graphql"})


class ObserveRequests:
    """ASGI middleware around every HTTP request: its request id, HTTP metrics, access log and span."""

    def __init__(self, app: ASGIApp, metrics: Metrics | None = None, tracer: Tracer | None = None) -> None:
        self.app = app
        self.metrics = metrics
        self.tracer = tracer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        request = RequestLog(request_id_from(headers.get(REQUEST_ID_HEADER)))
        method, path = scope["method"], scope["path"]
        route = path if path in ROUTES else "other"
        status = 500  # unless a response starts

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append(REQUEST_ID_HEADER, request.request_id)
            await send(message)

        token = current_request.set(request)
        start = time.perf_counter()
        try:
            with contextlib.ExitStack() as stack:
                span = None
                if self.tracer is not None:
                    span = stack.enter_context(request_span(self.tracer, method, path, route, headers))
                try:
                    await self.app(scope, receive, send_with_request_id)
                finally:
                    if span is not None:
                        end_request_span(span, status)
        finally:
            duration = time.perf_counter() - start
            if self.metrics is not None:
                self.metrics.http_duration.labels(method, route, str(status)).observe(duration)
            client = scope.get("client")
            log_access(request, method, path, status, duration, client[0] if client else None)
            current_request.reset(token)
