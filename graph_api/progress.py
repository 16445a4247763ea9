"""A one-line progress display for loads on a terminal: records, rate, ETA."""

import sys
import time
from typing import TextIO

from loaders.load import LoadReport


class Progress:
    """Call with the running report after each batch; prints only when ``stream`` is a terminal."""

    def __init__(self, total: int, stream: TextIO = sys.stderr) -> None:
        self.total = total
        self.stream = stream
        self.enabled = stream.isatty()
        self.started = time.monotonic()

    def __call__(self, report: LoadReport) -> None:
        if not self.enabled:
            return
        done = report.read + len(report.rejected)
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        left = (self.total - done) / rate if rate > 0 else 0.0
        eta = f"{int(left) // 60}:{int(left) % 60:02d}"
        self.stream.write(f"\r\x1b[Kloading {done:,}/{self.total:,} records  {rate:,.0f}/s  ETA {eta}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
