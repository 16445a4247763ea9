"""SharedRead: callers asking together share one read, made after all of them asked."""

import asyncio

import pytest

from graph_api.stores.falkordb import FalkorDBStore
from graph_api.stores.shared_read import SharedRead
from loaders.writer import write_batch
from tests.factories import posting


class Counter:
    """A read whose answer is how many times it was made; it takes one turn of the loop."""

    def __init__(self) -> None:
        self.reads = 0
        self.started = asyncio.Event()

    async def __call__(self) -> int:
        self.reads += 1
        self.started.set()
        answer = self.reads
        await asyncio.sleep(0)
        return answer


async def test_callers_asking_in_the_same_turn_share_one_read() -> None:
    read = Counter()
    shared = SharedRead(read)
    answers = await asyncio.gather(*(shared() for _ in range(10)))
    assert answers == [1] * 10
    assert read.reads == 1


async def test_a_caller_asking_while_a_read_is_under_way_waits_for_the_next_read() -> None:
    read = Counter()
    shared = SharedRead(read)
    first = asyncio.ensure_future(shared())
    await read.started.wait()  # the first read is under way, not answered yet
    later = await shared()
    assert (await first, later) == (1, 2)


async def test_a_failed_read_fails_every_caller_and_the_next_ask_reads_again() -> None:
    calls = 0

    async def flaky() -> int:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("engine away")
        return calls

    shared = SharedRead(flaky)
    answers = await asyncio.gather(shared(), shared(), return_exceptions=True)
    assert [type(a) for a in answers] == [ConnectionError, ConnectionError]
    assert await shared() == 2


async def test_a_caller_that_goes_away_does_not_cancel_the_others_read() -> None:
    read = Counter()
    shared = SharedRead(read)
    leaving, staying = asyncio.ensure_future(shared()), asyncio.ensure_future(shared())
    await asyncio.sleep(0)
    leaving.cancel()
    assert await staying == 1
    with pytest.raises(asyncio.CancelledError):
        await leaving


async def test_a_write_finished_before_asking_is_seen_by_a_shared_version_read(falkordb_store: FalkorDBStore) -> None:
    before = await falkordb_store.graph_version()
    await write_batch(falkordb_store, [posting()])
    versions = await asyncio.gather(*(falkordb_store.graph_version() for _ in range(5)))
    assert len(set(versions)) == 1
    assert versions[0] != before
