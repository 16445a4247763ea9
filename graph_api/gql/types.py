"""GraphQL object types. Each is built from a stored record by ``from_record``; links resolve
through the request's DataLoaders, so a list of N parents costs one round trip per field."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph_api.gql.context import Context
from graph_api.gql.errors import page_size
from graph_api.reads.records import NodeRecord, RoleOverlap, Weighted

Info = strawberry.Info[Context, None]
First = Annotated[int, strawberry.argument(description="How many to return (1-100).")]


async def _linked(info: Info, link: str, key: str, first: int) -> list[Weighted]:
    return await info.context.loaders.link(link, page_size(first)).load(key)


@strawberry.type(description="Where a posting was read from.")
class Source:
    path: str
    line: int | None
    record: int | None


@strawberry.type(description="Character offsets [start, end) of a mention in the posting text.")
class Mention:
    start: int
    end: int


@strawberry.type(description="A skill a posting requires, with every place the posting names it.")
class PostingSkill:
    skill: Skill
    mentions: list[Mention]


@strawberry.type(description="A job posting as extracted from its source.")
class Posting:
    id: strawberry.ID
    title: str | None
    seniority: str | None
    work_mode: str | None
    employment_type: str | None
    date_posted: str | None
    url: str | None
    text: str
    source: Source
    loaded_at: str | None

    @classmethod
    def from_record(cls, r: NodeRecord) -> Posting:
        return cls(
            id=strawberry.ID(r.key),
            title=r.get("title"),
            seniority=r.get("seniority"),
            work_mode=r.get("work_mode"),
            employment_type=r.get("employment_type"),
            date_posted=r.get("date_posted"),
            url=r.get("url"),
            text=r.get("text") or "",
            source=Source(path=r.get("source_path") or "", line=r.get("source_line"), record=r.get("source_record")),
            loaded_at=r.get("loaded_at"),
        )

    @strawberry.field
    async def company(self, info: Info) -> Company | None:
        found = await _linked(info, "posting_company", self.id, 1)
        return Company.from_record(found[0].node) if found else None

    @strawberry.field
    async def role(self, info: Info) -> Role | None:
        found = await _linked(info, "posting_role", self.id, 1)
        return Role.from_record(found[0].node) if found else None

    @strawberry.field
    async def locations(self, info: Info) -> list[Location]:
        return [Location.from_record(w.node) for w in await _linked(info, "posting_locations", self.id, 100)]

    @strawberry.field
    async def industries(self, info: Info) -> list[Industry]:
        return [Industry.from_record(w.node) for w in await _linked(info, "posting_industries", self.id, 100)]

    @strawberry.field
    async def skills(self, info: Info) -> list[PostingSkill]:
        found = await info.context.loaders.posting_skills.load(self.id)
        return [
            PostingSkill(skill=Skill.from_record(s.skill), mentions=[Mention(start=a, end=b) for a, b in s.mentions])
            for s in found
        ]


@strawberry.type(description="A skill with the number of postings behind it.")
class RankedSkill:
    skill: Skill
    postings: int


@strawberry.type(description="A role with the number of postings behind it.")
class RankedRole:
    role: Role
    postings: int


@strawberry.type(description="A company with the number of postings behind it.")
class RankedCompany:
    company: Company
    postings: int


@strawberry.type(description="An employer.")
class Company:
    id: strawberry.ID
    name: str

    @classmethod
    def from_record(cls, r: NodeRecord) -> Company:
        return cls(id=strawberry.ID(r.key), name=str(r.get("name")))

    @strawberry.field
    async def postings(self, info: Info, first: First = 20) -> list[Posting]:
        return [Posting.from_record(w.node) for w in await _linked(info, "company_postings", self.id, first)]

    @strawberry.field(description="Roles this company posts, most postings first.")
    async def roles(self, info: Info, first: First = 20) -> list[RankedRole]:
        found = await _linked(info, "company_roles", self.id, first)
        return [RankedRole(role=Role.from_record(w.node), postings=w.weight) for w in found]

    @strawberry.field(description="Skills this company asks for, most postings first.")
    async def skills(self, info: Info, first: First = 20) -> list[RankedSkill]:
        found = await _linked(info, "company_skills", self.id, first)
        return [RankedSkill(skill=Skill.from_record(w.node), postings=w.weight) for w in found]

    @strawberry.field
    async def locations(self, info: Info, first: First = 20) -> list[Location]:
        return [Location.from_record(w.node) for w in await _linked(info, "company_locations", self.id, first)]


@strawberry.type(description="A job role (seniority aside), e.g. Backend Engineer.")
class Role:
    id: strawberry.ID
    name: str

    @classmethod
    def from_record(cls, r: NodeRecord) -> Role:
        return cls(id=strawberry.ID(r.key), name=str(r.get("name")))

    @strawberry.field
    async def postings(self, info: Info, first: First = 20) -> list[Posting]:
        return [Posting.from_record(w.node) for w in await _linked(info, "role_postings", self.id, first)]

    @strawberry.field(description="Companies posting this role, most postings first.")
    async def companies(self, info: Info, first: First = 20) -> list[RankedCompany]:
        found = await _linked(info, "role_companies", self.id, first)
        return [RankedCompany(company=Company.from_record(w.node), postings=w.weight) for w in found]

    @strawberry.field(description="Skills this role asks for, most postings first.")
    async def skills(self, info: Info, first: First = 20) -> list[RankedSkill]:
        found = await _linked(info, "role_skills", self.id, first)
        return [RankedSkill(skill=Skill.from_record(w.node), postings=w.weight) for w in found]


@strawberry.type(description="A canonical skill: technology, tool, method or practice.")
class Skill:
    id: strawberry.ID
    name: str
    category: str | None
    aliases: list[str]

    @classmethod
    def from_record(cls, r: NodeRecord) -> Skill:
        return cls(
            id=strawberry.ID(r.key),
            name=str(r.get("name")),
            category=r.get("category"),
            aliases=list(r.get("aliases") or []),
        )

    @strawberry.field
    async def postings(self, info: Info, first: First = 20) -> list[Posting]:
        return [Posting.from_record(w.node) for w in await _linked(info, "skill_postings", self.id, first)]

    @strawberry.field(description="Companies asking for this skill, most postings first.")
    async def companies(self, info: Info, first: First = 20) -> list[RankedCompany]:
        found = await _linked(info, "skill_companies", self.id, first)
        return [RankedCompany(company=Company.from_record(w.node), postings=w.weight) for w in found]

    @strawberry.field(description="Roles asking for this skill, most postings first.")
    async def roles(self, info: Info, first: First = 20) -> list[RankedRole]:
        found = await _linked(info, "skill_roles", self.id, first)
        return [RankedRole(role=Role.from_record(w.node), postings=w.weight) for w in found]


@strawberry.type(description="A city, region or country; postings are counted up the hierarchy.")
class Location:
    id: strawberry.ID
    name: str
    level: str | None
    country_code: str | None

    @classmethod
    def from_record(cls, r: NodeRecord) -> Location:
        return cls(
            id=strawberry.ID(r.key),
            name=str(r.get("name")),
            level=r.get("level"),
            country_code=r.get("country_code"),
        )

    @strawberry.field(description="The region or country this place is part of.")
    async def parent(self, info: Info) -> Location | None:
        found = await _linked(info, "location_parent", self.id, 1)
        return Location.from_record(found[0].node) if found else None

    @strawberry.field(description="Postings here or anywhere inside this place.")
    async def postings(self, info: Info, first: First = 20) -> list[Posting]:
        return [Posting.from_record(w.node) for w in await _linked(info, "location_postings", self.id, first)]

    @strawberry.field(description="Skills most asked for here.")
    async def top_skills(self, info: Info, first: First = 10) -> list[RankedSkill]:
        found = await _linked(info, "location_skills", self.id, first)
        return [RankedSkill(skill=Skill.from_record(w.node), postings=w.weight) for w in found]


@strawberry.type(description="An industry from jobgraph's fixed vocabulary.")
class Industry:
    id: strawberry.ID
    name: str

    @classmethod
    def from_record(cls, r: NodeRecord) -> Industry:
        return cls(id=strawberry.ID(r.key), name=str(r.get("name")))

    @strawberry.field
    async def postings(self, info: Info, first: First = 20) -> list[Posting]:
        return [Posting.from_record(w.node) for w in await _linked(info, "industry_postings", self.id, first)]


@strawberry.type(description="A role at other employers that shares skills with the role asked about.")
class RoleSharingSkills:
    role: Role
    shared_skills: list[Skill] = strawberry.field(description="Skills typical of both roles.")
    shared_count: int
    weighted_jaccard: float = strawberry.field(
        description="Overlap of the two roles' skill profiles, weighting each skill by its share of postings (0-1)."
    )
    employers: list[Company] = strawberry.field(
        description="Employers of this role that do not post the asked role (at most 10)."
    )

    @classmethod
    def from_record(cls, r: RoleOverlap) -> RoleSharingSkills:
        return cls(
            role=Role.from_record(r.role),
            shared_skills=[Skill.from_record(s) for s in r.shared_skills],
            shared_count=r.shared_count,
            weighted_jaccard=round(r.weighted_jaccard, 4),
            employers=[Company.from_record(c) for c in r.employers],
        )
