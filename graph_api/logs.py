"""Structured logs: one JSON object per line (or readable text at a terminal), each tagged with its request.

``configure_logging`` is called once, when the app starts: it puts one handler on the root
logger (replacing ``logging.basicConfig``'s and uvicorn's plain stream handlers) and sets the
level of jobgraph's own loggers (``JOBGRAPH_LOG_LEVEL``); other libraries log warnings and above.
The format (``JOBGRAPH_LOG_FORMAT``) is ``json`` when stderr is not a terminal and ``text`` when
it is, unless set.

Every HTTP request gets a ``RequestLog`` in the ``current_request`` context variable: its request
id (the client's ``X-Request-ID`` when it is sane, else a new one) is added to every log line
emitted while the request is handled, and what the GraphQL operation was and how many round trips
it made end up in the request's access-log line (logger ``graph_api.access``). Probes and scrapes
(``/healthz``, ``/readyz``, ``/metrics``) that succeed are logged at DEBUG, everything else at INFO.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any, Literal

LogFormat = Literal["auto", "json", "text"]

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/+=-]{0,127}")

OWN_LOGGERS = ("graph_api", "loaders", "schema")
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error")
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})

access_log = logging.getLogger("graph_api.access")


@dataclass
class RequestLog:
    """What the access log says about one request; filled in while it is handled."""

    request_id: str
    operation_type: str | None = None
    operation_name: str | None = None
    round_trips: int = 0
    error_codes: list[str] = field(default_factory=list)


current_request: ContextVar[RequestLog | None] = ContextVar("jobgraph_request", default=None)


def request_id_from(header: str | None) -> str:
    """The client's request id if it is sane (1-128 of ``A-Za-z0-9._:/+=-``), else a fresh one."""
    if header is not None and _SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record emitted while a request is handled."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = current_request.get()
        if request is not None:
            record.request_id = request.request_id
        return True


# The attributes every LogRecord has (and uvicorn's coloured copy of the message): the rest came in through ``extra``.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
    "taskName",
    "color_message",  # uvicorn's message again, with terminal colours
}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC), level, logger, message, request_id, extras, exc_info."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id is not None:
            line["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """``2025-01-31 12:00:00,123 INFO  graph_api.access [request id] message``, for people at a terminal."""

    def __init__(self) -> None:
        super().__init__(
            "%(asctime)s %(levelname)-5s %(name)s [%(request_id)s] %(message)s", defaults={"request_id": "-"}
        )


class LogHandler(logging.StreamHandler[IO[str]]):
    """jobgraph's root handler; without a stream of its own it writes to whatever ``sys.stderr`` is now."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        super().__init__(stream if stream is not None else sys.stderr)
        self._follows_stderr = stream is None
        self.addFilter(RequestIdFilter())

    def emit(self, record: logging.LogRecord) -> None:
        if self._follows_stderr:
            self.stream = sys.stderr
        super().emit(record)


def resolve_format(log_format: LogFormat, stream: IO[str]) -> Literal["json", "text"]:
    """``auto`` is ``text`` on a terminal and ``json`` anywhere else."""
    if log_format != "auto":
        return log_format
    try:
        return "text" if stream.isatty() else "json"
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return "json"


def configure_logging(level: str = "INFO", log_format: LogFormat = "auto", stream: IO[str] | None = None) -> LogHandler:
    """Route every log record through one handler in ``log_format``; idempotent (a second call replaces the first)."""
    handler = LogHandler(stream)
    handler.setFormatter(JsonFormatter() if resolve_format(log_format, handler.stream) == "json" else TextFormatter())
    numeric = logging.getLevelName(level.upper())
    if not isinstance(numeric, int):
        raise ValueError(f"unknown log level {level!r}")

    root = logging.getLogger()
    for old in list(root.handlers):
        # ours from an earlier call, and logging.basicConfig's; test harnesses' handlers (subclasses) stay
        if isinstance(old, LogHandler) or type(old) is logging.StreamHandler:
            root.removeHandler(old)
    root.addHandler(handler)
    if root.getEffectiveLevel() < numeric:
        root.setLevel(numeric)  # a quieter setting quiets other libraries too
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(numeric)
    for name in UVICORN_LOGGERS:  # uvicorn's own lines go through our handler, in our format
        logger = logging.getLogger(name)
        for old in list(logger.handlers):
            if type(old) is logging.StreamHandler:
                logger.removeHandler(old)
        logger.propagate = True
        logger.setLevel(numeric)
    # our access log replaces uvicorn's (which knows neither the request id nor the operation)
    uvicorn_access = logging.getLogger("uvicorn.access")
    uvicorn_access.handlers = [logging.NullHandler()]
    uvicorn_access.propagate = False
    return handler


def log_access(
    request: RequestLog, method: str, path: str, status: int, duration: float, client: str | None = None
) -> None:
    """The request's access-log line: method, path, status, duration, and its GraphQL operation if it had one."""
    level = logging.DEBUG if path in QUIET_PATHS and status < 400 else logging.INFO
    if not access_log.isEnabledFor(level):
        return
    duration_ms = round(duration * 1000, 2)
    fields: dict[str, Any] = {"method": method, "path": path, "status": status, "duration_ms": duration_ms}
    message = f"{method} {path} {status} {duration_ms:.1f}ms"
    if request.operation_type is not None:
        fields["operation_type"] = request.operation_type
        fields["operation_name"] = request.operation_name
        fields["round_trips"] = request.round_trips
        message += (
            f" {request.operation_type} {request.operation_name or '(anonymous)'} round_trips={request.round_trips}"
        )
    if request.error_codes:
        fields["error_codes"] = request.error_codes
        message += " errors=" + ",".join(request.error_codes)
    if client is not None:
        fields["client"] = client
    access_log.log(level, message, extra=fields)
