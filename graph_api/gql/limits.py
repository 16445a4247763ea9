"""What runs around every GraphQL operation: limits, caches, error codes and the round-trip count.

``schema_extensions(settings)`` is the list ``create_schema`` takes. Each entry is a factory, so
every request gets fresh extension instances; the validation rules are built once, so the
validation cache (keyed by the rules) hits across requests.

* ``MaxTokensLimiter`` (``max_tokens``), and depth (``max_depth``) and alias (``max_aliases``)
  validation rules: a query over a limit is refused before anything runs, with
  ``extensions.code == "QUERY_TOO_COMPLEX"``.
* ``ParserCache`` and ``ValidationCache``: a query text seen before is neither parsed nor
  validated again (bounded LRU caches shared by all requests).
* ``ErrorCodes``: gives every error a code; the store's ``QueryTimeout`` and ``StoreUnavailable``
  become ``TIMEOUT`` and ``SERVICE_UNAVAILABLE`` with a clear message, and any other exception
  becomes "Unexpected error." (``INTERNAL_SERVER_ERROR``; Strawberry logs it with its traceback).
* ``RoundTrips``: ``extensions.roundTrips`` in every response (with ``extensions.statements``, the
  names of the statements run, when ``debug`` is on), read from the request's ``CountingStore``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, cast

from graphql import GraphQLError, GraphQLSyntaxError, ValidationContext, ValidationRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions import ParserCache as StrawberryParserCache
from strawberry.types.execution import PreExecutionError

from graph_api.errors import QueryTimeout, StoreUnavailable
from graph_api.gql.errors import (
    INTERNAL,
    PARSE_FAILED,
    QUERY_TOO_COMPLEX,
    UNEXPECTED,
    VALIDATION_FAILED,
    BadUserInput,
    ServiceUnavailable,
    Timeout,
    UserError,
)
from graph_api.settings import Settings
from graph_api.stores.counting import CountingStore

log = logging.getLogger(__name__)

CACHE_SIZE = 256  # distinct query texts whose parse and validation are kept

ExtensionFactory = Callable[[], SchemaExtension]


def schema_extensions(settings: Settings) -> list[ExtensionFactory]:
    """The extensions the app's schema runs, configured from ``settings``."""
    limits: list[type[ValidationRule]] = [
        coded(rule, QUERY_TOO_COMPLEX)
        for rule in (
            *QueryDepthLimiter(max_depth=settings.max_depth).validation_rules,
            *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
        )
        if issubclass(rule, ValidationRule)
    ]
    return [
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        partial(ParserCache, maxsize=CACHE_SIZE),
        partial(AddValidationRules, list(limits)),
        partial(ValidationCache, maxsize=CACHE_SIZE),
        ErrorCodes,
        partial(RoundTrips, debug=settings.debug),
    ]


class _CodedContext:
    """A validation context whose reported errors carry ``extensions.code``."""

    def __init__(self, inner: ValidationContext, code: str) -> None:
        self._inner = inner
        self._code = code

    def report_error(self, error: GraphQLError) -> None:
        error.extensions = {**(error.extensions or {}), "code": self._code}
        self._inner.report_error(error)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def coded(rule: type[ValidationRule], code: str) -> type[ValidationRule]:
    """``rule``, reporting its errors with ``extensions.code == code``."""

    class Coded(rule):  # type: ignore[valid-type, misc]
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(cast(ValidationContext, _CodedContext(context, code)))

    Coded.__name__ = Coded.__qualname__ = f"Coded{rule.__name__}"
    return Coded


class ParserCache(StrawberryParserCache):
    """Strawberry's parser cache, except that a document that does not parse is left to the normal
    parse step, so its syntax error is reported like any other error (Strawberry's cache raises it
    from the hook, which skips the other extensions' handling of the result)."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        with contextlib.suppress(GraphQLError):
            context.graphql_document = self.cached_parse_document(context.query, **context.parse_options)
        yield


class ErrorCodes(SchemaExtension):
    """Every error leaves with ``extensions.code``; unexpected ones leave masked."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if errors:
            before_execution = isinstance(result, PreExecutionError)
            result.errors = [self._coded(e, before_execution) for e in errors]  # type: ignore[union-attr]

    def _coded(self, error: GraphQLError, before_execution: bool) -> GraphQLError:
        original = error.original_error
        if isinstance(original, UserError) or (original is None and "code" in (error.extensions or {})):
            return error
        if isinstance(original, QueryTimeout):
            timeout = getattr(getattr(self.execution_context.context, "settings", None), "query_timeout", None)
            limit = f" of {timeout:g}s" if isinstance(timeout, int | float) else ""
            return _replaced(
                error,
                Timeout(f"The query ran past its time limit{limit} and was stopped; ask for less (smaller pages)."),
            )
        if isinstance(original, StoreUnavailable):
            return _replaced(error, ServiceUnavailable("The graph database is unreachable; try again shortly."))
        if isinstance(error, GraphQLSyntaxError):
            too_many_tokens = "tokens. Parsing aborted" in error.message  # graphql-core's max_tokens error
            return _with_code(error, QUERY_TOO_COMPLEX if too_many_tokens else PARSE_FAILED)
        if _about_the_request(error):  # refused by validation, or variables that do not fit their types
            return _with_code(error, VALIDATION_FAILED if before_execution else BadUserInput.code)
        return GraphQLError(
            UNEXPECTED,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": INTERNAL},
        )


def _about_the_request(error: GraphQLError) -> bool:
    """graphql-core's own verdict on the document or the variables (not on any field's resolution)."""
    return error.path is None and (error.original_error is None or isinstance(error.original_error, GraphQLError))


def _replaced(error: GraphQLError, by: UserError) -> GraphQLError:
    return GraphQLError(
        by.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=by,
        extensions=by.extensions,
    )


def _with_code(error: GraphQLError, code: str) -> GraphQLError:
    return GraphQLError(
        error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={**(error.extensions or {}), "code": code},
    )


class RoundTrips(SchemaExtension):
    """``extensions.roundTrips``: the database calls this operation made (through its ``CountingStore``)."""

    def __init__(self, *, debug: bool = False) -> None:
        self.debug = debug

    def get_results(self) -> dict[str, Any]:
        store = getattr(self.execution_context.context, "store", None)
        if not isinstance(store, CountingStore):
            return {}
        results: dict[str, Any] = {"roundTrips": store.round_trips}
        if self.debug:
            results["statements"] = list(store.statements)
        return results


class ExpectedErrorsFilter(logging.Filter):
    """For Strawberry's error log: the client's own mistakes are not logged, the engine being slow or
    away is a warning without a traceback, and everything else stays an error with its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.msg
        if not isinstance(error, GraphQLError):
            return True
        original = error.original_error
        if isinstance(original, UserError) or _about_the_request(error):
            return False  # a deliberate user error, a refused query or variables that do not fit
        if isinstance(original, QueryTimeout | StoreUnavailable):
            record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
            record.exc_info, record.exc_text = None, None
        return True


def quiet_expected_errors() -> None:
    """Install ``ExpectedErrorsFilter`` on Strawberry's error logger (once)."""
    logger = logging.getLogger("strawberry.execution")
    if not any(isinstance(f, ExpectedErrorsFilter) for f in logger.filters):
        logger.addFilter(ExpectedErrorsFilter())
