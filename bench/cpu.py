"""CPU time of processes, read from /proc (Linux): who spent the machine's cores during a benchmark."""

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, user + system CPU seconds) of ``pid``, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # after "pid (comm) "
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def cpu_seconds(root: int, *, exclude: int | None = None) -> float:
    """CPU seconds spent so far by ``root`` and every live descendant (not ``exclude``, nor its own)."""
    parents: dict[int, int] = {}
    spent: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (found := _stat(int(entry.name))) is not None:
            parents[int(entry.name)], spent[int(entry.name)] = found

    def under_root(pid: int) -> bool:
        while pid not in (0, 1):
            if pid == exclude:
                return False
            if pid == root:
                return True
            pid = parents.get(pid, 0)
        return False

    return sum(seconds for pid, seconds in spent.items() if under_root(pid))
