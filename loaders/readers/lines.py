"""Decoding a file into numbered lines, rejecting what cannot be text without losing the rest."""

from collections.abc import Iterator

from loaders.records import Rejection

MAX_LINE_BYTES = 1 << 20  # 1 MiB: a longer "line" is not a posting
_BINARY_SNIFF = 8192


def decode_lines(path: str, data: bytes) -> Iterator[tuple[int, str] | Rejection]:
    """Yield ``(line_number, text)`` for each line (1-based, newline stripped), or a Rejection.

    An empty file, a binary file, a line that is not UTF-8 or longer than ``MAX_LINE_BYTES`` is
    rejected with its file and line; every other line is still yielded.
    """
    if not data.strip():
        yield Rejection(path, None, "empty file")
        return
    if b"\x00" in data[:_BINARY_SNIFF]:
        yield Rejection(path, None, "binary file (contains NUL bytes); expected text, JSON or CSV")
        return
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if len(raw) > MAX_LINE_BYTES:
            yield Rejection(path, number, f"line is {len(raw):,} bytes; the limit is {MAX_LINE_BYTES:,}")
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            yield Rejection(path, number, f"invalid UTF-8 at byte {e.start} of the line")
            continue
        yield number, text.rstrip("\r")
