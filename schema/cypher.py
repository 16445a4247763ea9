"""A named Cypher statement with per-engine variants kept side by side."""

from dataclasses import dataclass
from typing import Literal

Engine = Literal["falkordb", "neo4j"]


@dataclass(frozen=True, slots=True)
class Cypher:
    """One entry of the Cypher catalogue.

    ``text`` is the statement both engines run; ``falkordb`` or ``neo4j`` override it for one engine
    where the dialects differ (see ``../shared/docs/cypher-dialects.md``). Parameters are always
    passed separately: user text never becomes query text.
    """

    name: str
    text: str
    falkordb: str | None = None
    neo4j: str | None = None

    def for_engine(self, engine: Engine) -> str:
        variant = self.falkordb if engine == "falkordb" else self.neo4j
        return variant if variant is not None else self.text
