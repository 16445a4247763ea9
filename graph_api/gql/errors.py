"""Errors a GraphQL client is meant to see, each with ``extensions.code``; all others are masked.

Codes: ``BAD_USER_INPUT``, ``NOT_FOUND``, ``UNAUTHENTICATED``, ``FORBIDDEN``, ``TIMEOUT`` and
``SERVICE_UNAVAILABLE`` (raised here or translated from the store's errors by
``graph_api.gql.limits.ErrorCodes``), ``QUERY_TOO_COMPLEX``, ``GRAPHQL_PARSE_FAILED`` and
``GRAPHQL_VALIDATION_FAILED`` (the query was refused before it ran), ``INTERNAL_SERVER_ERROR``
(anything else: the client sees "Unexpected error.", the log has the traceback).
"""

from typing import Any

from graphql import GraphQLError

QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INTERNAL = "INTERNAL_SERVER_ERROR"
UNEXPECTED = "Unexpected error."


class UserError(GraphQLError):
    """An expected error, shown to the client as is."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message, extensions={"code": self.code, **extensions})


class BadUserInput(UserError):
    code = "BAD_USER_INPUT"


class NotFound(UserError):
    code = "NOT_FOUND"


class Unauthenticated(UserError):
    code = "UNAUTHENTICATED"


class Forbidden(UserError):
    code = "FORBIDDEN"


class Timeout(UserError):
    code = "TIMEOUT"


class ServiceUnavailable(UserError):
    code = "SERVICE_UNAVAILABLE"


def page_size(first: int, *, maximum: int = 100) -> int:
    if not 1 <= first <= maximum:
        raise BadUserInput(f"first must be between 1 and {maximum}; got {first}", argument="first")
    return first


def should_mask(error: GraphQLError) -> bool:
    """Mask everything that is not a deliberate user error (it is logged in full instead)."""
    original = error.original_error
    if original is None:
        return False  # parse and validation errors describe the client's own query
    return not isinstance(original, UserError)
