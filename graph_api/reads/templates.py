"""What the traversal reads share: one template per statement, made into each engine's Cypher.

Node ids (``ID(x)``) and one-string answers (``JSON(x)``) are spelled differently by the engines; the
templates use these two placeholders and ``catalogued`` writes the variants side by side.
"""

from typing import Any

import orjson

from schema.cypher import Cypher, scoped_subqueries

SKILL_PROPS = "{key: s.key, name: s.name, category: s.category, aliases: s.aliases, postings: s.postings}"


def catalogued(name: str, template: str) -> Cypher:
    """Per engine: ``ID(x)`` is ``id(x)`` / ``elementId(x)``, ``JSON(x)`` is ``toJSON(x)`` / ``(x)``, and
    ``CALL { WITH a, b …}`` stays on FalkorDB but is ``CALL (a, b) { … }`` on Neo4j (5.23+ deprecates the
    importing WITH)."""
    falkordb = template.replace("ID(", "id(").replace("JSON(", "toJSON(")
    neo4j = scoped_subqueries(template.replace("ID(", "elementId(").replace("JSON(", "("))
    return Cypher(name, falkordb, falkordb=falkordb, neo4j=neo4j)


def unpacked(rows: list[dict[str, Any]]) -> Any:
    """The single ``json`` value of a result, decoded when the engine sent it as a string."""
    if not rows:
        return None
    value = rows[0]["json"]
    return orjson.loads(value) if isinstance(value, str) else value
