"""Small factories for domain objects, with unique ids so tests never collide."""

import itertools
from typing import Any

from schema.model import (
    Company,
    ExtractedPosting,
    Location,
    Mention,
    Role,
    Seniority,
    Skill,
    SkillHit,
    Source,
)

_ids = itertools.count(1)


def skill(name: str, category: str = "Programming Language") -> SkillHit:
    return SkillHit(skill=Skill(name=name, category=category), mentions=(Mention(start=0, end=len(name)),))


def posting(
    *,
    role: str | None = "Backend Engineer",
    company: str | None = "Acme",
    skills: tuple[str, ...] = ("Python",),
    locations: tuple[Location, ...] = (),
    seniority: Seniority | None = None,
    **extra: Any,
) -> ExtractedPosting:
    number = next(_ids)
    fields: dict[str, Any] = {
        "id": f"test#{number}",
        "source": Source(path="tests/factory", record=number),
        "text": f"{role} at {company} using {', '.join(skills)}",
        "title": role,
        "role": Role(name=role) if role else None,
        "company": Company(name=company) if company else None,
        "skills": tuple(skill(s) for s in skills),
        "locations": locations,
        "seniority": seniority,
        "content_hash": f"hash-{number}",
    }
    fields.update(extra)
    return ExtractedPosting(**fields)
