"""CSV and TSV with a header row; headers are matched to our fields case- and punctuation-insensitively."""

import csv
import io
from collections.abc import Iterator, Mapping

from loaders.readers.fields import description_text, field_for
from loaders.records import RawPosting, Read, Rejection
from schema.model import Source


def read_csv(
    path: str, data: bytes, *, delimiter: str = ",", mapping: Mapping[str, str] | None = None
) -> Iterator[Read]:
    """``mapping`` overrides header matching: ``{"Column Header": "field"}``."""
    if not data.strip():
        yield Rejection(path, None, "empty file")
        return
    if b"\x00" in data[:8192]:
        yield Rejection(path, None, "binary file (contains NUL bytes); expected CSV")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        yield Rejection(path, line, "invalid UTF-8; the file was not loaded")
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as e:
        yield Rejection(path, 1, f"no header row: {e}")
        return
    overrides = {k.strip().lower(): v for k, v in (mapping or {}).items()}
    targets = [overrides.get(h.strip().lower()) or field_for(h) for h in header]
    if not any(targets):
        yield Rejection(path, 1, f"no known column in the header {header!r}")
        return
    record = 0
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            yield Rejection(path, start, f"malformed CSV: {e}")
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        record += 1
        if len(row) != len(header):
            yield Rejection(path, line, f"{len(row)} columns where the header has {len(header)}", record)
            continue
        fields: dict[str, str] = {}
        for target, cell in zip(targets, row, strict=True):
            if target and cell.strip() and target not in fields:
                fields[target] = cell.strip()
        body = description_text(fields)
        if not body.strip():
            yield Rejection(path, line, "row has neither a description nor a title", record)
            continue
        yield RawPosting(Source(path=path, line=line, record=record), body, fields)
