"""HTML pages carrying schema.org ``JobPosting`` JSON-LD (as job boards publish for search engines)."""

import json
import re
from collections.abc import Iterator
from typing import Any

from loaders.readers.fields import description_text, is_job_posting, map_record
from loaders.records import RawPosting, Read, Rejection
from schema.model import Source

_JSON_LD = re.compile(
    rb"<script[^>]*type\s*=\s*[\"']application/ld\+json[\"'][^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL
)


def _postings_in(document: Any) -> Iterator[dict[str, Any]]:
    """Every JobPosting object in a JSON-LD document (top level, in a list, or in ``@graph``)."""
    if isinstance(document, list):
        for item in document:
            yield from _postings_in(item)
    elif isinstance(document, dict):
        if is_job_posting(document):
            yield document
        elif isinstance(document.get("@graph"), list):
            yield from _postings_in(document["@graph"])


def read_html(path: str, data: bytes) -> Iterator[Read]:
    if not data.strip():
        yield Rejection(path, None, "empty file")
        return
    found = 0
    for match in _JSON_LD.finditer(data):
        line = data.count(b"\n", 0, match.start()) + 1
        try:
            document = json.loads(match.group(1).decode("utf-8", errors="strict"))
        except UnicodeDecodeError:
            yield Rejection(path, line, "JSON-LD block is not valid UTF-8")
            continue
        except json.JSONDecodeError as e:
            yield Rejection(path, line, f"invalid JSON-LD: {e.msg}")
            continue
        for obj in _postings_in(document):
            found += 1
            fields = map_record(obj)
            text = description_text(fields)
            if not text.strip():
                yield Rejection(path, line, "JobPosting has neither a description nor a title", found)
                continue
            yield RawPosting(Source(path=path, line=line, record=found), text, fields)
    if found == 0:
        yield Rejection(path, None, "no schema.org JobPosting JSON-LD in this page")
