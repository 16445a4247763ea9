"""graph_api's exception family. Foreign errors are wrapped with ``raise ... from e``."""


class GraphApiError(Exception):
    """Base of every error graph_api raises on purpose."""


class ConfigError(GraphApiError):
    """A setting is missing or malformed (e.g. an unknown graph URL scheme)."""


class StoreUnavailable(GraphApiError):
    """The graph engine cannot be reached or started."""


class QueryError(GraphApiError):
    """The engine rejected a statement (syntax, constraint, type error)."""


class QueryTimeout(QueryError):
    """A statement ran past its time limit."""


class ReadOnlyViolation(QueryError):
    """A write was attempted through a read-only entry point."""
