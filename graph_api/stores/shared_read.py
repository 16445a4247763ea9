"""One read for many concurrent callers, made after every one of them asked (the graph version's GET).

``SharedRead(read)`` is called like ``read``: callers that ask within one turn of the event loop
share a single call of ``read``, started on the next turn, so the answer each gets comes from a
call made after it asked. That is what makes sharing safe for "has the graph changed since?": a
write that finished before a caller asked is seen by the call it shares. (Joining a call already
under way would not be: the write may have finished after that call was answered.) Under load,
the workers then send one GET per turn of their loop instead of one per request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class SharedRead(Generic[T]):
    """Calls ``read`` once for all the callers that asked since the last call started."""

    def __init__(self, read: Callable[[], Awaitable[T]]) -> None:
        self._read = read
        self._next: asyncio.Future[T] | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def __call__(self) -> T:
        if self._next is None:
            loop = asyncio.get_running_loop()
            self._next = loop.create_future()
            loop.call_soon(self._start, self._next)
        return await asyncio.shield(self._next)  # one caller cancelled does not cancel the others' read

    def _start(self, answer: asyncio.Future[T]) -> None:
        self._next = None  # whoever asks from now on waits for the next call
        answer.add_done_callback(_retrieved)
        task = asyncio.ensure_future(self._answer(answer))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _answer(self, answer: asyncio.Future[T]) -> None:
        try:
            found = await self._read()
        except asyncio.CancelledError:
            answer.cancel()
            raise
        except Exception as e:  # every caller gets the failure
            answer.set_exception(e)
        else:
            answer.set_result(found)


def _retrieved(answer: asyncio.Future[T]) -> None:
    """Marks a failure as seen, so none is reported as "never retrieved" when every caller went away."""
    if not answer.cancelled():
        answer.exception()
