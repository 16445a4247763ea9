"""A named Cypher statement with per-engine variants kept side by side."""

import re
from dataclasses import dataclass
from typing import Literal

Engine = Literal["falkordb", "neo4j"]

#: ``CALL {`` and the importing ``WITH a, b`` that may open the subquery.
_SUBQUERY = re.compile(r"CALL \{(\s*)(?:WITH (\*|\w+(?:\s*,\s*\w+)*)(?=\s)(?!\s+AS\b)\s*)?")


def scoped_subqueries(text: str) -> str:
    """Neo4j 5.23+ spelling of ``CALL { WITH a, b …}``: ``CALL (a, b) { …}`` (and ``CALL () {`` for none).

    FalkorDB knows only the importing ``WITH``, which Neo4j 5.26 still runs but deprecates, so
    statements are written FalkorDB's way and this makes their Neo4j variant.
    """
    return _SUBQUERY.sub(lambda m: f"CALL ({m.group(2) or ''}) {{{m.group(1)}", text)


@dataclass(frozen=True, slots=True)
class Cypher:
    """One entry of the Cypher catalogue.

    ``text`` is the statement both engines run; ``falkordb`` or ``neo4j`` override it for one engine
    where the dialects differ (see ``../shared/docs/cypher-dialects.md``). Parameters are always
    passed separately: user text never becomes query text. A shared text with ``CALL {`` subqueries
    gets its Neo4j variant from ``scoped_subqueries``.
    """

    name: str
    text: str
    falkordb: str | None = None
    neo4j: str | None = None

    def __post_init__(self) -> None:
        if self.neo4j is None and "CALL {" in self.text:
            object.__setattr__(self, "neo4j", scoped_subqueries(self.text))

    def for_engine(self, engine: Engine) -> str:
        variant = self.falkordb if engine == "falkordb" else self.neo4j
        return variant if variant is not None else self.text
