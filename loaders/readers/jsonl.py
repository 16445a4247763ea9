"""JSON Lines (one object per line) and JSON documents (an object or an array of objects)."""

import json
from collections.abc import Iterator
from typing import Any

from loaders.readers.fields import description_text, map_record
from loaders.readers.lines import decode_lines
from loaders.records import RawPosting, Read, Rejection
from schema.model import Source


def read_json(path: str, data: bytes) -> Iterator[Read]:
    """A JSON document if the whole file parses as one, else JSON Lines."""
    stripped = data.lstrip()
    if stripped[:1] in (b"[", b"{"):
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            pass  # not one document: read it line by line and report the bad lines
        else:
            items = document if isinstance(document, list) else [document]
            if isinstance(document, dict) and isinstance(document.get("@graph"), list):
                items = document["@graph"]
            for number, item in enumerate(items, start=1):
                yield _record(path, None, number, item)
            return
    yield from read_jsonl(path, data)


def read_jsonl(path: str, data: bytes) -> Iterator[Read]:
    record = 0
    for item in decode_lines(path, data):
        if isinstance(item, Rejection):
            yield item
            continue
        number, line = item
        if not line.strip():
            continue
        record += 1
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield Rejection(path, number, f"invalid JSON: {e.msg} at column {e.colno}", record)
            continue
        yield _record(path, number, record, obj)


def _record(path: str, line: int | None, record: int, obj: Any) -> Read:
    if not isinstance(obj, dict):
        return Rejection(path, line, f"expected a JSON object, got {type(obj).__name__}", record)
    fields = map_record(obj)
    text = description_text(fields)
    if not text.strip():
        return Rejection(path, line, "record has neither a description nor a title", record)
    return RawPosting(Source(path=path, line=line, record=record), text, fields)
