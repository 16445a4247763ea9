"""The GraphQL schema: the root Query and the Strawberry schema object."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

import strawberry
from strawberry.extensions import MaskErrors, SchemaExtension

from graph_api.gql.errors import NotFound, page_size, should_mask
from graph_api.gql.mutations import Mutation
from graph_api.gql.types import (
    Company,
    First,
    Industry,
    Info,
    Location,
    Posting,
    Role,
    RoleSharingSkills,
    Skill,
)
from graph_api.reads.nodes import list_nodes, list_postings
from graph_api.reads.traversals import roles_sharing_skills
from schema.graph import Label


@strawberry.type
class Query:
    @strawberry.field(description="Postings, newest first; filter by skill, company or role id.")
    async def postings(
        self,
        info: Info,
        first: First = 20,
        offset: int = 0,
        skill: strawberry.ID | None = None,
        company: strawberry.ID | None = None,
        role: strawberry.ID | None = None,
    ) -> list[Posting]:
        found = await list_postings(
            info.context.store,
            limit=page_size(first),
            offset=max(0, offset),
            skill=skill,
            company=company,
            role=role,
        )
        return [Posting.from_record(r) for r in found]

    @strawberry.field
    async def posting(self, info: Info, id: strawberry.ID) -> Posting | None:
        found = await info.context.loaders.node(Label.POSTING).load(id)
        return Posting.from_record(found) if found else None

    @strawberry.field(description="Companies by name; `namePrefix` narrows them.")
    async def companies(
        self, info: Info, first: First = 20, offset: int = 0, name_prefix: str | None = None
    ) -> list[Company]:
        found = await list_nodes(
            info.context.store,
            Label.COMPANY,
            limit=page_size(first),
            offset=max(0, offset),
            prefix=name_prefix,
        )
        return [Company.from_record(r) for r in found]

    @strawberry.field
    async def company(self, info: Info, id: strawberry.ID) -> Company | None:
        found = await info.context.loaders.node(Label.COMPANY).load(id)
        return Company.from_record(found) if found else None

    @strawberry.field
    async def roles(self, info: Info, first: First = 20, offset: int = 0, name_prefix: str | None = None) -> list[Role]:
        found = await list_nodes(
            info.context.store, Label.ROLE, limit=page_size(first), offset=max(0, offset), prefix=name_prefix
        )
        return [Role.from_record(r) for r in found]

    @strawberry.field
    async def role(self, info: Info, id: strawberry.ID) -> Role | None:
        found = await info.context.loaders.node(Label.ROLE).load(id)
        return Role.from_record(found) if found else None

    @strawberry.field
    async def skills(
        self, info: Info, first: First = 20, offset: int = 0, name_prefix: str | None = None
    ) -> list[Skill]:
        found = await list_nodes(
            info.context.store, Label.SKILL, limit=page_size(first), offset=max(0, offset), prefix=name_prefix
        )
        return [Skill.from_record(r) for r in found]

    @strawberry.field
    async def skill(self, info: Info, id: strawberry.ID) -> Skill | None:
        found = await info.context.loaders.node(Label.SKILL).load(id)
        return Skill.from_record(found) if found else None

    @strawberry.field
    async def locations(
        self, info: Info, first: First = 20, offset: int = 0, name_prefix: str | None = None
    ) -> list[Location]:
        found = await list_nodes(
            info.context.store,
            Label.LOCATION,
            limit=page_size(first),
            offset=max(0, offset),
            prefix=name_prefix,
        )
        return [Location.from_record(r) for r in found]

    @strawberry.field
    async def location(self, info: Info, id: strawberry.ID) -> Location | None:
        found = await info.context.loaders.node(Label.LOCATION).load(id)
        return Location.from_record(found) if found else None

    @strawberry.field
    async def industries(self, info: Info, first: First = 20, offset: int = 0) -> list[Industry]:
        found = await list_nodes(info.context.store, Label.INDUSTRY, limit=page_size(first), offset=max(0, offset))
        return [Industry.from_record(r) for r in found]

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
        if await info.context.loaders.node(Label.ROLE).load(role) is None:
            raise NotFound(f"no role with id {role!r}", argument="role")
        found = await roles_sharing_skills(
            info.context.store,
            role,
            min_shared=max(1, min_shared),
            across_employers=across_employers,
            first=page_size(first),
        )
        return [RoleSharingSkills.from_record(r) for r in found]


def create_schema(
    extensions: Sequence[type[SchemaExtension] | Callable[[], SchemaExtension]] = (),
) -> strawberry.Schema:
    """The schema, with expected errors shown and all others masked, plus any ``extensions`` (limits, metrics)."""
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=[partial(MaskErrors, should_mask_error=should_mask), *extensions],
    )


schema = create_schema()
