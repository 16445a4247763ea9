"""Root fields that explore rather than list: skillGap, search, stats."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph_api.gql.errors import BadUserInput, page_size
from graph_api.gql.ids import global_id, key_from_id, parse_id
from graph_api.gql.types import NODE_TYPES, Company, First, Info, Node, Posting, Role, Skill
from graph_api.reads import explore
from graph_api.reads.records import Weighted
from schema.graph import Label


@strawberry.type(description="A skill in two roles' profiles, with the share of each role's postings asking for it.")
class ProfileSkill:
    skill: Skill
    from_share: float
    to_share: float

    @classmethod
    def from_record(cls, r: explore.ProfileSkill) -> ProfileSkill:
        return cls(skill=Skill.from_record(r.skill), from_share=round(r.from_share, 4), to_share=round(r.to_share, 4))


@strawberry.type(description="What moving from one role to another asks of a person's skills.")
class SkillGap:
    from_role: Role
    to_role: Role
    shared: list[ProfileSkill] = strawberry.field(description="Typical of both roles.")
    to_learn: list[ProfileSkill] = strawberry.field(description="Typical of the target role only, most asked first.")
    not_needed: list[ProfileSkill] = strawberry.field(description="Typical of the current role only.")


async def skill_gap(
    info: Info,
    from_role: Annotated[strawberry.ID, strawberry.argument(description="The role a person has.")],
    to_role: Annotated[strawberry.ID, strawberry.argument(description="The role they want.")],
) -> SkillGap | None:
    """The skills two roles share, the target's skills to learn, and the current role's skills not needed."""
    gap = await explore.skill_gap(
        info.context.store, key_from_id(from_role, "Role", "fromRole"), key_from_id(to_role, "Role", "toRole")
    )
    if gap is None:
        return None
    return SkillGap(
        from_role=Role.from_record(gap.from_role),
        to_role=Role.from_record(gap.to_role),
        shared=[ProfileSkill.from_record(s) for s in gap.shared],
        to_learn=[ProfileSkill.from_record(s) for s in gap.to_learn],
        not_needed=[ProfileSkill.from_record(s) for s in gap.not_needed],
    )


@strawberry.type(description="Matches of a search, per kind.")
class Search:
    skills: list[Skill]
    companies: list[Company]
    roles: list[Role]
    postings: list[Posting]


async def search(
    info: Info,
    text: Annotated[str, strawberry.argument(description="Two or more characters.")],
    first: First = 5,
) -> Search:
    """Skills (by name or alias), companies, roles and postings (by title) containing the text."""
    if len(text.strip()) < 2:
        raise BadUserInput("text: give at least two characters", argument="text")
    found = await explore.search(info.context.store, text, page_size(first))
    return Search(
        skills=[Skill.from_record(r) for r in found[Label.SKILL]],
        companies=[Company.from_record(r) for r in found[Label.COMPANY]],
        roles=[Role.from_record(r) for r in found[Label.ROLE]],
        postings=[Posting.from_record(r) for r in found[Label.POSTING]],
    )


@strawberry.type(description="A skill with how many postings ask for it.")
class SkillCount:
    skill: Skill
    postings: int

    @classmethod
    def from_record(cls, w: Weighted) -> SkillCount:
        return cls(skill=Skill.from_record(w.node), postings=w.weight)


@strawberry.type(description="The graph in numbers.")
class Stats:
    postings: int
    companies: int
    roles: int
    skills: int
    locations: int
    industries: int

    @strawberry.field(description="The most asked-for skills overall, in a country (or region, city), or an industry.")
    async def top_skills(
        self,
        info: Info,
        first: First = 10,
        location: strawberry.ID | None = None,
        industry: strawberry.ID | None = None,
    ) -> list[SkillCount]:
        if location is not None and industry is not None:
            raise BadUserInput("give location or industry, not both", argument="location")
        found = await explore.top_skills(
            info.context.store,
            page_size(first),
            place=None if location is None else key_from_id(location, "Location", "location"),
            industry=None if industry is None else key_from_id(industry, "Industry", "industry"),
        )
        return [SkillCount.from_record(w) for w in found]


async def stats(info: Info) -> Stats:
    """Counts of every kind of node, and the top skills."""
    c = await explore.counts(info.context.store)
    return Stats(
        postings=c["Posting"],
        companies=c["Company"],
        roles=c["Role"],
        skills=c["Skill"],
        locations=c["Location"],
        industries=c["Industry"],
    )


@strawberry.type(description="One relationship on a path.")
class PathStep:
    type: str
    start: strawberry.ID = strawberry.field(description="Global ID of the relationship's start node.")
    end: strawberry.ID = strawberry.field(description="Global ID of the relationship's end node.")
    postings: int | None = strawberry.field(description="For aggregate relationships: postings behind them.")


@strawberry.type(description="The shortest connection between two objects.")
class Path:
    length: int
    nodes: list[Node]
    steps: list[PathStep]


async def path(
    info: Info,
    from_: Annotated[strawberry.ID, strawberry.argument(name="from", description="Any object's ID.")],
    to: strawberry.ID,
    max_hops: Annotated[int, strawberry.argument(description="At most 6.")] = 4,
) -> Path | None:
    """The shortest connection between two objects (skill to skill, company to company, ...), or null."""
    if not 1 <= max_hops <= explore.MAX_HOPS:
        raise BadUserInput(f"maxHops must be between 1 and {explore.MAX_HOPS}", argument="maxHops")
    (from_type, from_key), (to_type, to_key) = parse_id(from_), parse_id(to)
    if from_type is None or to_type is None:
        raise BadUserInput("from and to must be global IDs (they say which kind of object)", argument="from")
    found = await explore.shortest_path(
        info.context.store, Label(from_type), from_key, Label(to_type), to_key, max_hops
    )
    if found is None:
        return None
    labels = {n.key: n.label for n in found.nodes}
    return Path(
        length=len(found.steps),
        nodes=[NODE_TYPES[n.label].from_record(n) for n in found.nodes],
        steps=[
            PathStep(
                type=s.type,
                start=strawberry.ID(global_id(labels[s.start], s.start)),
                end=strawberry.ID(global_id(labels[s.end], s.end)),
                postings=s.postings,
            )
            for s in found.steps
        ],
    )
