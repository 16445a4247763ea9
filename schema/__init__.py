"""jobgraph's vocabulary: domain models, graph labels, constraints and the store Protocol.

Nothing here does I/O or imports another jobgraph package.
"""

from schema.cypher import Cypher, Engine
from schema.graph import Label, Rel
from schema.keys import slug
from schema.model import (
    Company,
    ExtractedPosting,
    Industry,
    Location,
    LocationLevel,
    Mention,
    Role,
    Seniority,
    Skill,
    SkillHit,
    Source,
    WorkMode,
)
from schema.store import GraphStore, Row

__all__ = [
    "Company",
    "Cypher",
    "Engine",
    "ExtractedPosting",
    "GraphStore",
    "Industry",
    "Label",
    "Location",
    "LocationLevel",
    "Mention",
    "Rel",
    "Role",
    "Row",
    "Seniority",
    "Skill",
    "SkillHit",
    "Source",
    "WorkMode",
    "slug",
]
