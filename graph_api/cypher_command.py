"""``jobgraph cypher``: an analyst's own Cypher against the configured engine, read-only unless asked.

The statement text is the analyst's own query, so it is passed as query text by design; values
always travel separately as parameters (``--param k=v``). Reads go through the store's ``read()``
(Neo4j READ access mode, FalkorDB ``GRAPH.RO_QUERY``), so a statement that writes is refused by
the engine itself unless ``--write`` is given.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TextIO

from graph_api.errors import GraphApiError, QueryError, QueryTimeout, ReadOnlyViolation
from graph_api.settings import Settings
from graph_api.stores import open_store
from schema.cypher import Cypher
from schema.store import GraphStore, Row

OutputFormat = Literal["table", "json", "csv"]
FORMATS: tuple[OutputFormat, ...] = ("table", "json", "csv")

#: Table cells longer than this are cut (JSON and CSV always carry the full value).
TABLE_CELL_WIDTH = 80

_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_TRAILING_SEMICOLONS = re.compile(r"[\s;]+\Z")


class CypherCommandError(GraphApiError):
    """What the analyst asked for cannot be run; the message says why and what to do."""


# -- input -------------------------------------------------------------------------------------


def parse_param(pair: str) -> tuple[str, Any]:
    """``k=v``: the value parsed as JSON when it parses (``5``, ``true``, ``["a"]``), else the string.

    >>> parse_param("n=5"), parse_param("name=Go"), parse_param('s="5"')
    (('n', 5), ('name', 'Go'), ('s', '5'))
    """
    name, sep, raw = pair.partition("=")
    name = name.strip()
    if not sep or not _PARAM_NAME.match(name):
        raise CypherCommandError(f"--param {pair!r}: expected NAME=VALUE, NAME a Cypher parameter name")
    try:
        value: Any = json.loads(raw)
    except ValueError:
        value = raw
    return name, value


def parse_params(pairs: Iterable[str]) -> dict[str, Any]:
    """Every ``--param``; a name given twice keeps its last value."""
    return dict(parse_param(pair) for pair in pairs)


def query_text(query: str | None, file: Path | None, stdin: TextIO) -> str:
    """The statement from the argument, ``--file`` or stdin (``-``), without trailing semicolons."""
    if query is not None and file is not None:
        raise CypherCommandError("give the query either as an argument or with --file, not both")
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as e:
            raise CypherCommandError(f"cannot read {file}: {e.strerror or e}") from e
    elif query == "-":
        text = stdin.read()
    elif query is not None:
        text = query
    else:
        raise CypherCommandError("no query: give it as an argument, with --file F, or - to read stdin")
    text = _TRAILING_SEMICOLONS.sub("", text).strip()
    if not text:
        raise CypherCommandError("the query is empty")
    return text


# -- running -----------------------------------------------------------------------------------


async def run_cypher(
    store: GraphStore,
    text: str,
    params: Mapping[str, Any] | None = None,
    *,
    write: bool = False,
    timeout: float | None = None,
) -> list[Row]:
    """Run one statement: through ``read()`` (read-only) unless ``write``; engine errors become clear messages."""
    statement = Cypher("cypher", text)
    try:
        if write:
            return await store.write(statement, params, timeout=timeout)
        return await store.read(statement, params, timeout=timeout)
    except ReadOnlyViolation as e:
        raise CypherCommandError(
            "refused: this statement writes to the graph, and `jobgraph cypher` runs read-only; "
            "re-run it with --write to allow writes"
        ) from e
    except QueryTimeout as e:
        limit = f"{timeout:g}s" if timeout is not None else "its time limit"
        raise CypherCommandError(
            f"the query ran past {limit} and was stopped; raise the limit with --timeout SECONDS"
        ) from e
    except QueryError as e:
        raise CypherCommandError(f"the {store.engine} engine rejected the query: {_engine_message(e)}") from e


def _engine_message(error: QueryError) -> str:
    """The engine's own words, without the statement-name prefix the stores add."""
    message = str(error)
    return message.removeprefix("cypher: ").removeprefix("errMsg: ").strip()


async def execute(
    settings: Settings,
    text: str,
    params: Mapping[str, Any] | None = None,
    *,
    write: bool = False,
    timeout: float | None = None,
) -> list[Row]:
    """Open the configured engine (without touching its schema), run the statement, close."""
    store = await open_store(settings, ensure_schema=False)
    try:
        return await run_cypher(store, text, params, write=write, timeout=timeout)
    finally:
        await store.close()


# -- output ------------------------------------------------------------------------------------


def columns(rows: Sequence[Row]) -> list[str]:
    """Column names in the order the statement returned them (every row has the same keys)."""
    seen: dict[str, None] = {}
    for row in rows:
        for name in row:
            seen.setdefault(name, None)
    return list(seen)


def render(rows: Sequence[Row], fmt: OutputFormat) -> str:
    """Rows as an aligned table, a JSON list of objects, or CSV with a header; ends with a newline."""
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "csv":
        return _csv(rows)
    return _table(rows)


def _text(value: Any) -> str:
    """A value as one cell: strings as they are, other values in their JSON spelling."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _csv(rows: Sequence[Row]) -> str:
    names = columns(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if names:
        writer.writerow(names)
    for row in rows:
        writer.writerow(["" if row.get(name) is None else _text(row.get(name)) for name in names])
    return out.getvalue()


def _cell(value: Any) -> str:
    text = " ".join(_text(value).split()) if isinstance(value, str) else _text(value)
    return text if len(text) <= TABLE_CELL_WIDTH else text[: TABLE_CELL_WIDTH - 1] + "…"


def _table(rows: Sequence[Row]) -> str:
    names = columns(rows)
    if not names:
        return "(no rows)\n"
    cells = [[_cell(row.get(name)) for name in names] for row in rows]
    numeric = [
        all(isinstance(row.get(name), int | float) and not isinstance(row.get(name), bool) for row in rows)
        for name in names
    ]
    widths = [max([len(name), *(len(line[i]) for line in cells)]) for i, name in enumerate(names)]

    def line(values: Sequence[str], align_numbers: bool) -> str:
        parts = [
            v.rjust(w) if align_numbers and num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line(names, True), line(["-" * w for w in widths], False)]
    out += [line(values, True) for values in cells]
    out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(out) + "\n"
