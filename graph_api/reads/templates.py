"""What the traversal reads share: one template per statement, made into each engine's Cypher.

Node ids (``ID(x)``) and one-string answers (``JSON(x)``) are spelled differently by the engines; the
templates use these two placeholders and ``catalogued`` writes the variants side by side.
"""

import json
import re
from typing import Any

from schema.cypher import Cypher

SKILL_PROPS = "{key: s.key, name: s.name, category: s.category, aliases: s.aliases, postings: s.postings}"


#: ``CALL {`` and an importing ``WITH a, b`` on the next line (FalkorDB knows no other form).
_IMPORTING_CALL = re.compile(r"CALL \{\n\s*WITH ([\w, ]+)\n")


def catalogued(name: str, template: str) -> Cypher:
    """Per engine: ``ID(x)`` is ``id(x)`` / ``elementId(x)``, ``JSON(x)`` is ``toJSON(x)`` / ``(x)``, and
    ``CALL { WITH a, b …}`` stays on FalkorDB but is ``CALL (a, b) { … }`` on Neo4j (5.23+ deprecates the
    importing WITH)."""
    falkordb = template.replace("ID(", "id(").replace("JSON(", "toJSON(")
    neo4j = _IMPORTING_CALL.sub(r"CALL (\1) {\n", template.replace("ID(", "elementId(").replace("JSON(", "("))
    return Cypher(name, falkordb, falkordb=falkordb, neo4j=neo4j)


def unpacked(rows: list[dict[str, Any]]) -> Any:
    """The single ``json`` value of a result, decoded when the engine sent it as a string."""
    if not rows:
        return None
    value = rows[0]["json"]
    return json.loads(value) if isinstance(value, str) else value
