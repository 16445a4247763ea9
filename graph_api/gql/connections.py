"""Relay cursor connections: edges with opaque cursors, pageInfo, and totalCount only when asked."""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import strawberry

from graph_api.gql.errors import BadUserInput

NodeT = TypeVar("NodeT")

DEFAULT_PAGE = 20
MAX_PAGE = 100


def encode_cursor(position: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(position, separators=(",", ":")).encode()).decode()


def decode_cursor(cursor: str, argument: str) -> list[Any]:
    try:
        position = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, UnicodeDecodeError) as e:
        raise BadUserInput(f"{argument}: not a cursor this API issued", argument=argument) from e
    if not isinstance(position, list) or len(position) != 2:
        raise BadUserInput(f"{argument}: not a cursor this API issued", argument=argument)
    return position


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="A node in a connection, with its cursor.")
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT
    postings: int | None = strawberry.field(
        default=None, description="Postings linking this node to its parent, where the list is ranked by them."
    )


@strawberry.type(description="A page of a list; ask for totalCount only when you need it (it costs a count).")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo
    _count: strawberry.Private[Callable[[], Awaitable[int]] | None] = None

    @strawberry.field(description="How many items the whole list holds (computed only when selected).")
    async def total_count(self) -> int | None:
        return None if self._count is None else await self._count()

    @strawberry.field(description="The nodes of this page, without edges.")
    def nodes(self) -> list[NodeT]:
        return [edge.node for edge in self.edges]


@strawberry.input(description="Page through a list: first/after forwards, last/before backwards.")
class PageArgs:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


def page_window(
    first: int | None, after: str | None, last: int | None, before: str | None
) -> tuple[int, list[Any] | None, bool]:
    """``(size, cursor position, backwards)`` from Relay arguments, validated."""
    if first is not None and last is not None:
        raise BadUserInput("pass either first or last, not both", argument="first")
    if after is not None and before is not None:
        raise BadUserInput("pass either after or before, not both", argument="after")
    backwards = last is not None or before is not None
    given = last if backwards else first
    size = DEFAULT_PAGE if given is None else given
    if not 1 <= size <= MAX_PAGE:
        name = "last" if backwards else "first"
        raise BadUserInput(f"{name} must be between 1 and {MAX_PAGE}; got {size}", argument=name)
    cursor = before if backwards else after
    position = decode_cursor(cursor, "before" if backwards else "after") if cursor else None
    return size, position, backwards
