"""Errors a GraphQL client is meant to see, each with ``extensions.code``; all others are masked."""

from typing import Any

from graphql import GraphQLError


class UserError(GraphQLError):
    """An expected error, shown to the client as is."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message, extensions={"code": self.code, **extensions})


class BadUserInput(UserError):
    code = "BAD_USER_INPUT"


class NotFound(UserError):
    code = "NOT_FOUND"


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
