"""GraphQL object types. Each is built from a stored record by ``from_record``; links resolve through
the request's DataLoaders, so a list of N parents costs one round trip per field, and a traversal field
(``competitors``, ``relatedSkills``, ``similarRoles``) its two or three statements once for all N."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal, TypeVar

import strawberry

from graph_api.gql.connections import (
    MAX_PAGE,
    Connection,
    Edge,
    PageInfo,
    decode_cursor,
    encode_cursor,
)
from graph_api.gql.context import Context
from graph_api.gql.errors import BadUserInput, page_size
from graph_api.gql.ids import global_id
from graph_api.reads import records
from graph_api.reads.records import NodeRecord, RoleOverlap
from schema.model import Seniority as SeniorityValue
from schema.model import WorkMode as WorkModeValue

Info = strawberry.Info[Context, None]
First = Annotated[int, strawberry.argument(description="Page size (1-100).")]
After = Annotated[str | None, strawberry.argument(description="A cursor from a previous page's endCursor.")]
MinShared = Annotated[int, strawberry.argument(description="Leave out those sharing fewer skills (at least 1).")]

# The domain enums become GraphQL enums as they are (strawberry.enum registers the class itself).
Seniority = strawberry.enum(SeniorityValue, description="How senior a posting's role is.")
WorkMode = strawberry.enum(WorkModeValue, description="Remote, hybrid or on-site.")


@strawberry.enum(description="Ranking of related skills.")
class RelatedSkillOrder(Enum):
    COUNT = "count"
    LIFT = "lift"


T = TypeVar("T", "Posting", "Company", "Role", "Skill", "Location", "Industry")


async def _linked(info: Info, link: str, key: str, first: int = 1) -> list[NodeRecord]:
    return [w.node for w in await info.context.loaders.link(link, first).load(key)]


async def linked_page(
    info: Info, link: str, key: str, first: int, after: str | None, make: type[T], *, ranked: bool = False
) -> Connection[T]:
    """A page of a parent's linked nodes; the cursor is the position in the parent's ranked list."""
    page_size(first, maximum=MAX_PAGE)
    skip = 0
    if after is not None:
        position = decode_cursor(after, "after")
        if not isinstance(position[0], int) or position[0] < 0:
            raise BadUserInput("after: not a cursor of this list", argument="after")
        skip = position[0]
    found = await info.context.loaders.link(link, first, skip).load(key)
    edges = [
        Edge(
            cursor=encode_cursor([skip + i + 1, w.node.key]),
            node=make.from_record(w.node),
            postings=w.weight if ranked else None,
        )
        for i, w in enumerate(found[:first])
    ]
    info_ = PageInfo(
        has_next_page=len(found) > first,
        has_previous_page=skip > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )

    async def count() -> int:
        return await info.context.loaders.link_count(link).load(key)

    return Connection(edges=edges, page_info=info_, _count=count)


@strawberry.interface(description="An object with a global ID, fetchable with node(id:).")
class Node:
    id: strawberry.ID = strawberry.field(description="Global ID, stable across reloads.")
    key: str = strawberry.field(description="The stable key the ID is built from (e.g. `postgresql`).")


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
class Posting(Node):
    title: str | None
    seniority: SeniorityValue | None
    work_mode: WorkModeValue | None
    employment_type: str | None
    date_posted: str | None
    url: str | None
    text: str
    source: Source
    loaded_at: str | None

    @classmethod
    def from_record(cls, r: NodeRecord) -> Posting:
        seniority, mode = r.get("seniority"), r.get("work_mode")
        return cls(
            id=strawberry.ID(global_id("Posting", r.key)),
            key=r.key,
            title=r.get("title"),
            seniority=SeniorityValue(seniority) if seniority else None,
            work_mode=WorkModeValue(mode) if mode else None,
            employment_type=r.get("employment_type"),
            date_posted=r.get("date_posted"),
            url=r.get("url"),
            text=r.get("text") or "",
            source=Source(path=r.get("source_path") or "", line=r.get("source_line"), record=r.get("source_record")),
            loaded_at=r.get("loaded_at"),
        )

    @strawberry.field
    async def company(self, info: Info) -> Company | None:
        found = await _linked(info, "posting_company", self.key)
        return Company.from_record(found[0]) if found else None

    @strawberry.field
    async def role(self, info: Info) -> Role | None:
        found = await _linked(info, "posting_role", self.key)
        return Role.from_record(found[0]) if found else None

    @strawberry.field
    async def locations(self, info: Info) -> list[Location]:
        return [Location.from_record(n) for n in await _linked(info, "posting_locations", self.key, MAX_PAGE)]

    @strawberry.field
    async def industries(self, info: Info) -> list[Industry]:
        return [Industry.from_record(n) for n in await _linked(info, "posting_industries", self.key, MAX_PAGE)]

    @strawberry.field
    async def skills(self, info: Info) -> list[PostingSkill]:
        found = await info.context.loaders.posting_skills.load(self.key)
        return [
            PostingSkill(skill=Skill.from_record(s.skill), mentions=[Mention(start=a, end=b) for a, b in s.mentions])
            for s in found
        ]


@strawberry.type(description="An employer.")
class Company(Node):
    name: str
    posting_count: int = strawberry.field(description="How many postings this company has in the graph.")

    @classmethod
    def from_record(cls, r: NodeRecord) -> Company:
        return cls(
            id=strawberry.ID(global_id("Company", r.key)),
            key=r.key,
            name=str(r.get("name")),
            posting_count=int(r.get("postings") or 0),
        )

    @strawberry.field(description="Postings, newest first.")
    async def postings(self, info: Info, first: First = 20, after: After = None) -> Connection[Posting]:
        return await linked_page(info, "company_postings", self.key, first, after, Posting)

    @strawberry.field(description="Roles this company posts, most postings first.")
    async def roles(self, info: Info, first: First = 20, after: After = None) -> Connection[Role]:
        return await linked_page(info, "company_roles", self.key, first, after, Role, ranked=True)

    @strawberry.field(description="Skills this company asks for, most postings first.")
    async def skills(self, info: Info, first: First = 20, after: After = None) -> Connection[Skill]:
        return await linked_page(info, "company_skills", self.key, first, after, Skill, ranked=True)

    @strawberry.field(description="Where this company posts, most postings first.")
    async def locations(self, info: Info, first: First = 20, after: After = None) -> Connection[Location]:
        return await linked_page(info, "company_locations", self.key, first, after, Location, ranked=True)

    @strawberry.field(description="Industries of this company's postings.")
    async def industries(self, info: Info) -> list[Industry]:
        return [Industry.from_record(n) for n in await _linked(info, "company_industries", self.key, MAX_PAGE)]

    @strawberry.field(
        description="Companies competing for the same skills: those whose typical skills (each company's 20 most "
        "asked-for) overlap this company's, most shared first, then by weighted Jaccard, with the shared skills."
    )
    async def competitors(self, info: Info, first: First = 10, min_shared: MinShared = 2) -> list[Competitor]:
        loader = info.context.loaders.competitors(page_size(first, maximum=MAX_PAGE), max(1, min_shared))
        return [Competitor.from_record(c) for c in await loader.load(self.key)]


@strawberry.type(description="A job role (seniority aside), e.g. Backend Engineer.")
class Role(Node):
    name: str
    posting_count: int

    @classmethod
    def from_record(cls, r: NodeRecord) -> Role:
        return cls(
            id=strawberry.ID(global_id("Role", r.key)),
            key=r.key,
            name=str(r.get("name")),
            posting_count=int(r.get("postings") or 0),
        )

    @strawberry.field(description="Postings, newest first.")
    async def postings(self, info: Info, first: First = 20, after: After = None) -> Connection[Posting]:
        return await linked_page(info, "role_postings", self.key, first, after, Posting)

    @strawberry.field(description="Companies posting this role, most postings first.")
    async def companies(self, info: Info, first: First = 20, after: After = None) -> Connection[Company]:
        return await linked_page(info, "role_companies", self.key, first, after, Company, ranked=True)

    @strawberry.field(description="Skills this role asks for, most postings first.")
    async def skills(self, info: Info, first: First = 20, after: After = None) -> Connection[Skill]:
        return await linked_page(info, "role_skills", self.key, first, after, Skill, ranked=True)

    @strawberry.field(description="Roles with the most similar skill profiles, at any employer.")
    async def similar_roles(self, info: Info, first: First = 10, min_shared: MinShared = 2) -> list[RoleSharingSkills]:
        loader = info.context.loaders.similar_roles(page_size(first, maximum=MAX_PAGE), max(1, min_shared))
        return [RoleSharingSkills.from_record(r) for r in await loader.load(self.key)]


@strawberry.type(description="A canonical skill: technology, tool, method, practice or language.")
class Skill(Node):
    name: str
    category: str | None
    aliases: list[str]
    posting_count: int

    @classmethod
    def from_record(cls, r: NodeRecord) -> Skill:
        return cls(
            id=strawberry.ID(global_id("Skill", r.key)),
            key=r.key,
            name=str(r.get("name")),
            category=r.get("category"),
            aliases=list(r.get("aliases") or []),
            posting_count=int(r.get("postings") or 0),
        )

    @strawberry.field(description="Postings requiring this skill, newest first.")
    async def postings(self, info: Info, first: First = 20, after: After = None) -> Connection[Posting]:
        return await linked_page(info, "skill_postings", self.key, first, after, Posting)

    @strawberry.field(description="Companies asking for this skill, most postings first.")
    async def companies(self, info: Info, first: First = 20, after: After = None) -> Connection[Company]:
        return await linked_page(info, "skill_companies", self.key, first, after, Company, ranked=True)

    @strawberry.field(description="Roles asking for this skill, most postings first.")
    async def roles(self, info: Info, first: First = 20, after: After = None) -> Connection[Role]:
        return await linked_page(info, "skill_roles", self.key, first, after, Role, ranked=True)

    @strawberry.field(description="Countries where postings ask for this skill, most postings first.")
    async def demand_by_country(self, info: Info, first: First = 20, after: After = None) -> Connection[Location]:
        return await linked_page(info, "skill_countries", self.key, first, after, Location, ranked=True)

    @strawberry.field(
        description="Skills that postings ask for together with this one, with how many postings ask for both "
        "and the lift; by postings together (COUNT, default) or by lift (LIFT: pair it with a minCount)."
    )
    async def related_skills(
        self,
        info: Info,
        first: First = 10,
        order_by: RelatedSkillOrder = RelatedSkillOrder.COUNT,
        min_count: Annotated[
            int, strawberry.argument(description="Leave out skills asked for together in fewer postings.")
        ] = 1,
    ) -> list[RelatedSkill]:
        by: Literal["count", "lift"] = "lift" if order_by == RelatedSkillOrder.LIFT else "count"
        loader = info.context.loaders.related_skills(page_size(first, maximum=MAX_PAGE), by, max(1, min_count))
        return [RelatedSkill.from_record(r) for r in await loader.load(self.key)]


@strawberry.type(description="A city, region or country; postings are counted up the hierarchy.")
class Location(Node):
    name: str
    level: str | None
    country_code: str | None

    @classmethod
    def from_record(cls, r: NodeRecord) -> Location:
        return cls(
            id=strawberry.ID(global_id("Location", r.key)),
            key=r.key,
            name=str(r.get("name")),
            level=r.get("level"),
            country_code=r.get("country_code"),
        )

    @strawberry.field(description="The region or country this place is part of.")
    async def parent(self, info: Info) -> Location | None:
        found = await _linked(info, "location_parent", self.key)
        return Location.from_record(found[0]) if found else None

    @strawberry.field(description="The regions of a country, the cities of a region.")
    async def children(self, info: Info, first: First = 20, after: After = None) -> Connection[Location]:
        return await linked_page(info, "location_children", self.key, first, after, Location)

    @strawberry.field(description="Postings here or anywhere inside this place, newest first.")
    async def postings(self, info: Info, first: First = 20, after: After = None) -> Connection[Posting]:
        return await linked_page(info, "location_postings", self.key, first, after, Posting)

    @strawberry.field(description="Companies posting here, most postings first.")
    async def companies(self, info: Info, first: First = 20, after: After = None) -> Connection[Company]:
        return await linked_page(info, "location_companies", self.key, first, after, Company, ranked=True)

    @strawberry.field(description="Skills most asked for here.")
    async def top_skills(self, info: Info, first: First = 10, after: After = None) -> Connection[Skill]:
        return await linked_page(info, "location_skills", self.key, first, after, Skill, ranked=True)


@strawberry.type(description="An industry from jobgraph's fixed vocabulary.")
class Industry(Node):
    name: str

    @classmethod
    def from_record(cls, r: NodeRecord) -> Industry:
        return cls(id=strawberry.ID(global_id("Industry", r.key)), key=r.key, name=str(r.get("name")))

    @strawberry.field(description="Postings in this industry, newest first.")
    async def postings(self, info: Info, first: First = 20, after: After = None) -> Connection[Posting]:
        return await linked_page(info, "industry_postings", self.key, first, after, Posting)


@strawberry.type(description="A role whose typical skills overlap the asked role's.")
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


@strawberry.type(
    description="A company whose typical skills overlap the asked company's: it competes for the same skills."
)
class Competitor:
    company: Company
    shared_skills: list[Skill] = strawberry.field(description="Skills typical of both companies, by name.")
    shared_count: int = strawberry.field(description="How many typical skills the two companies share.")
    weighted_jaccard: float = strawberry.field(
        description="Overlap of the two companies' skill profiles, weighting each skill by its share of postings (0-1)."
    )

    @classmethod
    def from_record(cls, r: records.CompanyOverlap) -> Competitor:
        return cls(
            company=Company.from_record(r.company),
            shared_skills=[Skill.from_record(s) for s in r.shared_skills],
            shared_count=r.shared_count,
            weighted_jaccard=round(r.weighted_jaccard, 4),
        )


@strawberry.type(description="A skill that postings ask for together with the asked one.")
class RelatedSkill:
    skill: Skill
    postings: int = strawberry.field(description="Postings requiring both skills.")
    lift: float = strawberry.field(
        description="Postings requiring both, over what independent skills would give: postings(both) x all "
        "postings / (postings(one) x postings(other)). 1 = independent; above 1 = asked for together."
    )

    @classmethod
    def from_record(cls, r: records.RelatedSkill) -> RelatedSkill:
        return cls(skill=Skill.from_record(r.skill), postings=r.postings, lift=round(r.lift, 4))


NODE_TYPES: dict[str, type[Posting | Company | Role | Skill | Location | Industry]] = {
    "Posting": Posting,
    "Company": Company,
    "Role": Role,
    "Skill": Skill,
    "Location": Location,
    "Industry": Industry,
}
