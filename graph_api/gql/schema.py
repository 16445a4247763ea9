"""The GraphQL schema: the root Query and the Strawberry schema object."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import strawberry
from strawberry.extensions import MaskErrors, SchemaExtension

from graph_api.gql.connections import Connection, Edge, PageInfo, encode_cursor, page_window
from graph_api.gql.errors import BadUserInput, NotFound, page_size, should_mask
from graph_api.gql.ids import key_from_id, parse_id
from graph_api.gql.inputs import LocationFilter, NameFilter, NodeOrder, PostingFilter, SkillFilter, SkillMatch
from graph_api.gql.mutations import Mutation
from graph_api.gql.traversal_types import Path, Search, SkillGap, Stats, path, search, skill_gap, stats
from graph_api.gql.types import (
    NODE_TYPES,
    Company,
    First,
    Industry,
    Info,
    Location,
    Node,
    Posting,
    Role,
    RoleSharingSkills,
    Skill,
    T,
)
from graph_api.reads.pages import ListQuery, Order, count_all, fetch_page
from graph_api.reads.traversals import roles_sharing_skills
from schema.graph import Label

Last = int | None


async def _page(
    info: Info,
    query: ListQuery,
    make: type[T],
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[T]:
    size, position, backwards = page_window(first, after, last, before)
    store = info.context.store
    page = await fetch_page(store, query, size, position, backwards)
    edges = [Edge(cursor=encode_cursor(pos), node=make.from_record(rec)) for rec, pos in page.items]
    page_info = PageInfo(
        has_next_page=page.has_more if not backwards else before is not None,
        has_previous_page=page.has_more if backwards else after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )

    async def count() -> int:
        return await count_all(store, query)

    return Connection(edges=edges, page_info=page_info, _count=count)


def _prefix(value: str | None) -> str | None:
    return value.lower() if value else None


def _key(value: strawberry.ID | None, label: Label, argument: str) -> str | None:
    return None if value is None else key_from_id(value, label.value, argument)


async def _one(info: Info, label: Label, id: strawberry.ID) -> Any:
    key = key_from_id(id, label.value)
    found = await info.context.loaders.node(label).load(key)
    return None if found is None else NODE_TYPES[label.value].from_record(found)


@strawberry.type
class Query:
    @strawberry.field(description="Any object by its global ID.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        type_name, _ = parse_id(id)
        if type_name is None:
            raise BadUserInput("id: not a global ID", argument="id")
        return await _one(info, Label(type_name), id)  # type: ignore[no-any-return]

    @strawberry.field(description="Objects by their global IDs, in the same order (null where not found).")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > 100:
            raise BadUserInput("at most 100 ids at once", argument="ids")
        parsed = [parse_id(i) for i in ids]
        if any(t is None for t, _ in parsed):
            raise BadUserInput("ids: not all are global IDs", argument="ids")
        loaded = [await info.context.loaders.node(Label(t)).load(k) for t, k in parsed]  # type: ignore[arg-type]
        return [
            None if r is None else NODE_TYPES[t].from_record(r)  # type: ignore[index]
            for (t, _), r in zip(parsed, loaded, strict=True)
        ]

    @strawberry.field(description="Postings, newest first.")
    async def postings(
        self,
        info: Info,
        filter: PostingFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: Last = None,
        before: str | None = None,
    ) -> Connection[Posting]:
        f = filter or PostingFilter()
        query = ListQuery(
            Label.POSTING,
            Order.DATE,
            {
                "company": _key(f.company, Label.COMPANY, "company"),
                "role": _key(f.role, Label.ROLE, "role"),
                "industry": _key(f.industry, Label.INDUSTRY, "industry"),
                "location": _key(f.location, Label.LOCATION, "location"),
                "seniority": [s.value for s in f.seniority] if f.seniority else None,
                "work_mode": [m.value for m in f.work_mode] if f.work_mode else None,
                "date_from": f.posted_after.isoformat() if f.posted_after else None,
                "date_to": f.posted_before.isoformat() if f.posted_before else None,
            },
            skills=tuple(key_from_id(s, "Skill", "skills") for s in f.skills or []),
            all_skills=f.skills_match == SkillMatch.ALL,
        )
        return await _page(info, query, Posting, first, after, last, before)

    @strawberry.field(description="Companies, by name or by postings.")
    async def companies(
        self,
        info: Info,
        filter: NameFilter | None = None,
        order_by: NodeOrder = NodeOrder.NAME,
        first: int | None = None,
        after: str | None = None,
        last: Last = None,
        before: str | None = None,
    ) -> Connection[Company]:
        f = filter or NameFilter()
        query = ListQuery(Label.COMPANY, Order[order_by.name], {"name_prefix": _prefix(f.name_prefix)})
        return await _page(info, query, Company, first, after, last, before)

    @strawberry.field(description="Roles, by name or by postings.")
    async def roles(
        self,
        info: Info,
        filter: NameFilter | None = None,
        order_by: NodeOrder = NodeOrder.NAME,
        first: int | None = None,
        after: str | None = None,
        last: Last = None,
        before: str | None = None,
    ) -> Connection[Role]:
        f = filter or NameFilter()
        query = ListQuery(Label.ROLE, Order[order_by.name], {"name_prefix": _prefix(f.name_prefix)})
        return await _page(info, query, Role, first, after, last, before)

    @strawberry.field(description="Skills, by name or by postings; filter by category and name prefix.")
    async def skills(
        self,
        info: Info,
        filter: SkillFilter | None = None,
        order_by: NodeOrder = NodeOrder.NAME,
        first: int | None = None,
        after: str | None = None,
        last: Last = None,
        before: str | None = None,
    ) -> Connection[Skill]:
        f = filter or SkillFilter()
        query = ListQuery(
            Label.SKILL, Order[order_by.name], {"name_prefix": _prefix(f.name_prefix), "category": f.category}
        )
        return await _page(info, query, Skill, first, after, last, before)

    @strawberry.field(description="Locations (cities, regions, countries).")
    async def locations(
        self,
        info: Info,
        filter: LocationFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: Last = None,
        before: str | None = None,
    ) -> Connection[Location]:
        f = filter or LocationFilter()
        filters = {
            "name_prefix": _prefix(f.name_prefix),
            "level": [level.value for level in f.level] if f.level else None,
            "country_code": f.country_code.upper() if f.country_code else None,
        }
        return await _page(info, ListQuery(Label.LOCATION, Order.NAME, filters), Location, first, after, last, before)

    @strawberry.field(description="Industries.")
    async def industries(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Industry]:
        return await _page(info, ListQuery(Label.INDUSTRY, Order.NAME), Industry, first, after, None, None)

    @strawberry.field
    async def posting(self, info: Info, id: strawberry.ID) -> Posting | None:
        return await _one(info, Label.POSTING, id)  # type: ignore[no-any-return]

    @strawberry.field
    async def company(self, info: Info, id: strawberry.ID) -> Company | None:
        return await _one(info, Label.COMPANY, id)  # type: ignore[no-any-return]

    @strawberry.field
    async def role(self, info: Info, id: strawberry.ID) -> Role | None:
        return await _one(info, Label.ROLE, id)  # type: ignore[no-any-return]

    @strawberry.field
    async def skill(self, info: Info, id: strawberry.ID) -> Skill | None:
        return await _one(info, Label.SKILL, id)  # type: ignore[no-any-return]

    @strawberry.field
    async def location(self, info: Info, id: strawberry.ID) -> Location | None:
        return await _one(info, Label.LOCATION, id)  # type: ignore[no-any-return]

    @strawberry.field
    async def industry(self, info: Info, id: strawberry.ID) -> Industry | None:
        return await _one(info, Label.INDUSTRY, id)  # type: ignore[no-any-return]

    @strawberry.field(
        description="Roles whose typical skills overlap the given role's, most shared first, with the shared "
        "skills, weighted Jaccard and employers. With `acrossEmployers` (default), only roles posted by some "
        "company that does not post the given role."
    )
    async def roles_sharing_skills(
        self,
        info: Info,
        role: strawberry.ID,
        min_shared: int = 2,
        across_employers: bool = True,
        first: First = 20,
    ) -> list[RoleSharingSkills]:
        key = key_from_id(role, "Role", "role")
        found = await roles_sharing_skills(
            info.context.store,
            key,
            min_shared=max(1, min_shared),
            across_employers=across_employers,
            first=page_size(first),
        )
        if not found and await info.context.loaders.node(Label.ROLE).load(key) is None:
            raise NotFound(f"no role with id {role!r}", argument="role")
        return [RoleSharingSkills.from_record(r) for r in found]

    skill_gap: SkillGap | None = strawberry.field(resolver=skill_gap)
    search: Search = strawberry.field(resolver=search)
    stats: Stats = strawberry.field(resolver=stats)
    path: Path | None = strawberry.field(resolver=path)


def create_schema(
    extensions: Sequence[type[SchemaExtension] | Callable[[], SchemaExtension]] = (),
) -> strawberry.Schema:
    """The schema, with expected errors shown and all others masked, plus any ``extensions`` (limits, metrics)."""
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=list(NODE_TYPES.values()),
        extensions=[partial(MaskErrors, should_mask_error=should_mask), *extensions],
    )


schema = create_schema()
