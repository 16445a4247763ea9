"""Domain models: what a posting says once it has been read and understood.

Pure pydantic; keys come from ``schema.keys.slug`` so the same thing always lands on the same node.
"""

from datetime import date
from enum import StrEnum
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, computed_field

from schema.keys import slug


class Seniority(StrEnum):
    INTERN = "Intern"
    JUNIOR = "Junior"
    MID = "Mid"
    SENIOR = "Senior"
    LEAD = "Lead"
    PRINCIPAL = "Principal"
    HEAD = "Head"


class WorkMode(StrEnum):
    REMOTE = "Remote"
    HYBRID = "Hybrid"
    ON_SITE = "On-site"


class LocationLevel(StrEnum):
    CITY = "city"
    REGION = "region"
    COUNTRY = "country"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Frozen):
    """Where a posting came from: file path, 1-based first line (text/CSV) or record number."""

    path: str
    line: int | None = None
    record: int | None = None


class Mention(_Frozen):
    """Character offsets ``[start, end)`` into the posting text."""

    start: int
    end: int


class Company(_Frozen):
    name: str

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def key(self) -> str:
        return slug(self.name)


class Role(_Frozen):
    name: str

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def key(self) -> str:
        return slug(self.name)


class Industry(_Frozen):
    name: str

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def key(self) -> str:
        return slug(self.name)


class Skill(_Frozen):
    name: str
    category: str
    aliases: tuple[str, ...] = ()

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def key(self) -> str:
        return slug(self.name)


class SkillHit(_Frozen):
    """A skill a posting names, with every place it names it."""

    skill: Skill
    mentions: tuple[Mention, ...] = ()


class Location(_Frozen):
    """A place at its most specific known level; coarser levels are kept alongside."""

    city: str | None = None
    region: str | None = None
    country: str | None = None
    country_code: str | None = Field(default=None, min_length=2, max_length=2)

    @property
    def level(self) -> LocationLevel | None:
        if self.city:
            return LocationLevel.CITY
        if self.region:
            return LocationLevel.REGION
        if self.country:
            return LocationLevel.COUNTRY
        return None

    def chain(self) -> list[tuple[str, LocationLevel, str]]:
        """``(key, level, name)`` from the country down to the most specific level present."""
        country_part = (self.country_code or self.country or "").lower() or None
        out: list[tuple[str, LocationLevel, str]] = []
        if self.country:
            out.append((slug(country_part), LocationLevel.COUNTRY, self.country))
        if self.region:
            out.append((slug(country_part, self.region), LocationLevel.REGION, self.region))
        if self.city:
            out.append((slug(country_part, self.region, self.city), LocationLevel.CITY, self.city))
        return out

    @property
    def key(self) -> str | None:
        chain = self.chain()
        return chain[-1][0] if chain else None


class ExtractedPosting(_Frozen):
    """One posting as the extractors understood it; the writer turns it into graph rows."""

    id: str
    source: Source
    text: str
    title: str | None = None
    role: Role | None = None
    seniority: Seniority | None = None
    company: Company | None = None
    locations: tuple[Location, ...] = ()
    work_mode: WorkMode | None = None
    employment_type: str | None = None
    industries: tuple[Industry, ...] = ()
    skills: tuple[SkillHit, ...] = ()
    date_posted: date | None = None
    url: str | None = None
    content_hash: str = ""
