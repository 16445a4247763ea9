"""Readers: files, folders or stdin in, raw postings (or rejections) out, in input order."""

import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from loaders.errors import UnknownFormat
from loaders.readers.csv import read_csv
from loaders.readers.html_page import read_html
from loaders.readers.jsonl import read_json
from loaders.readers.text import read_text
from loaders.records import Read, Rejection

FORMATS = ("text", "json", "csv", "tsv", "html")
_BY_SUFFIX = {
    ".txt": "text", ".text": "text",
    ".jsonl": "json", ".ndjson": "json", ".json": "json", ".jsonld": "json",
    ".csv": "csv", ".tsv": "tsv",
    ".html": "html", ".htm": "html",
}  # fmt: skip


def format_of(path: Path, given: str | None = None) -> str:
    if given:
        if given not in FORMATS:
            raise UnknownFormat(f"unknown format {given!r}; use one of {', '.join(FORMATS)}")
        return given
    found = _BY_SUFFIX.get(path.suffix.lower())
    if found is None:
        raise UnknownFormat(f"{path}: cannot tell the format from {path.suffix!r}; pass --format")
    return found


def read_bytes(name: str, data: bytes, fmt: str, *, mapping: Mapping[str, str] | None = None) -> Iterator[Read]:
    if fmt == "text":
        return read_text(name, data)
    if fmt == "json":
        return read_json(name, data)
    if fmt == "html":
        return read_html(name, data)
    return read_csv(name, data, delimiter="\t" if fmt == "tsv" else ",", mapping=mapping)


def read_paths(paths: list[str], fmt: str | None = None, *, mapping: Mapping[str, str] | None = None) -> Iterator[Read]:
    """Every posting in ``paths`` (files, folders searched recursively, or ``-`` for stdin)."""
    for given in paths:
        if given == "-":
            yield from read_bytes("<stdin>", sys.stdin.buffer.read(), fmt or "text", mapping=mapping)
            continue
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _BY_SUFFIX)
        elif path.exists():
            files = [path]
        else:
            yield Rejection(given, None, "no such file or folder")
            continue
        for file in files:
            try:
                kind = format_of(file, fmt)
                data = file.read_bytes()
            except (UnknownFormat, OSError) as e:
                yield Rejection(str(file), None, str(e))
                continue
            yield from read_bytes(str(file), data, kind, mapping=mapping)
