"""Filter and ordering inputs for the root connections."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TYPE_CHECKING

import strawberry

from schema.model import LocationLevel

if TYPE_CHECKING:
    from schema.model import Seniority, WorkMode
else:  # the same classes, named through the module that registered them with Strawberry
    from graph_api.gql.types import Seniority, WorkMode

strawberry.enum(LocationLevel, description="city, region or country")


@strawberry.enum(description="How postings requiring several skills are matched.")
class SkillMatch(Enum):
    ALL = "all"
    ANY = "any"


@strawberry.enum(description="Ordering of companies, roles, skills and locations.")
class NodeOrder(Enum):
    NAME = "name"
    POSTINGS = "postings"


@strawberry.input(description="Narrow postings; every given condition must hold.")
class PostingFilter:
    skills: list[strawberry.ID] | None = None
    skills_match: SkillMatch = SkillMatch.ALL
    company: strawberry.ID | None = None
    role: strawberry.ID | None = None
    seniority: list[Seniority] | None = None
    work_mode: list[WorkMode] | None = None
    location: strawberry.ID | None = strawberry.field(default=None, description="A city, region or country.")
    industry: strawberry.ID | None = None
    posted_after: date | None = strawberry.field(default=None, description="On or after this date.")
    posted_before: date | None = strawberry.field(default=None, description="On or before this date.")


@strawberry.input(description="Narrow skills.")
class SkillFilter:
    name_prefix: str | None = None
    category: list[str] | None = None


@strawberry.input(description="Narrow companies or roles by name.")
class NameFilter:
    name_prefix: str | None = None


@strawberry.input(description="Narrow locations.")
class LocationFilter:
    name_prefix: str | None = None
    level: list[LocationLevel] | None = None
    country_code: str | None = None
