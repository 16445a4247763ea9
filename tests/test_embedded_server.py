"""The embedded FalkorDB server's lifecycle: start, reuse, restart, recovery. Real processes only."""

import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

from graph_api.stores.embedded_server import EmbeddedServer, wait_gone
from graph_api.stores.falkordb import FalkorDBStore
from schema.cypher import Cypher

ADD = Cypher("add", "CREATE (:Probe {key: $key})")
PROBES = Cypher("probes", "MATCH (p:Probe) RETURN p.key AS key ORDER BY key")


def _server_pid(data_dir: Path) -> int | None:
    return EmbeddedServer(data_dir).running_pid()


async def test_the_server_restarts_with_its_data_intact(tmp_path: Path) -> None:
    store = await FalkorDBStore.open_embedded(tmp_path)
    await store.write(ADD, {"key": "kept"})
    first_pid = _server_pid(tmp_path)
    await store.close()
    assert first_pid is not None
    wait_gone(first_pid, 10)
    assert _server_pid(tmp_path) is None, "the last store to close shuts the server down"

    reopened = await FalkorDBStore.open_embedded(tmp_path)
    try:
        assert await reopened.read(PROBES) == [{"key": "kept"}]
        assert _server_pid(tmp_path) not in (None, first_pid)
    finally:
        await reopened.close()


async def test_two_processes_opening_the_same_directory_share_one_server(tmp_path: Path) -> None:
    store = await FalkorDBStore.open_embedded(tmp_path)
    try:
        pid = _server_pid(tmp_path)
        child = textwrap.dedent(
            f"""
            import asyncio
            from pathlib import Path
            from graph_api.stores.embedded_server import EmbeddedServer
            from graph_api.stores.falkordb import FalkorDBStore
            from schema.cypher import Cypher

            async def main():
                store = await FalkorDBStore.open_embedded(Path({str(tmp_path)!r}))
                await store.write(Cypher("add", "CREATE (:Probe {{key: 'from-child'}})"))
                print(EmbeddedServer(Path({str(tmp_path)!r})).running_pid())
                await store.close()

            asyncio.run(main())
            """
        )
        done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=60, check=True)
        assert int(done.stdout.strip()) == pid, "the second process reused the running server"
        assert _server_pid(tmp_path) == pid, "the child's close left the server up for us"
        assert await store.read(PROBES) == [{"key": "from-child"}]
    finally:
        await store.close()


async def test_a_killed_server_is_restarted_on_next_use(tmp_path: Path) -> None:
    store = await FalkorDBStore.open_embedded(tmp_path, appendfsync="always")
    try:
        await store.write(ADD, {"key": "before-kill"})
        pid = _server_pid(tmp_path)
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        wait_gone(pid, 10)

        assert await store.read(PROBES) == [{"key": "before-kill"}]
        assert _server_pid(tmp_path) not in (None, pid)
        await store.write(ADD, {"key": "after-restart"})
        assert len(await store.read(PROBES)) == 2
    finally:
        await store.close()


async def test_a_stale_socket_and_pid_file_are_recovered_from(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path)
    tmp_path.mkdir(exist_ok=True)
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(server.socket_path)  # a socket file nobody listens on, as a crash leaves it
    stale.close()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    server.files.pid.write_text(dead.stdout)

    store = await FalkorDBStore.open_embedded(tmp_path)
    try:
        await store.write(ADD, {"key": "fresh"})
        assert await store.read(PROBES) == [{"key": "fresh"}]
    finally:
        await store.close()


def test_a_long_data_directory_still_gets_a_usable_socket_path(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    server = EmbeddedServer(deep)
    assert len(server.socket_path) <= 100
    assert server.socket_path == EmbeddedServer(deep).socket_path, "every process finds the same socket"
