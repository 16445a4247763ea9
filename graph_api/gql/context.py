"""The per-request GraphQL context: the shared store, and DataLoaders made fresh for each request."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal

from strawberry.dataloader import DataLoader

from graph_api.gql.result_cache import Asked
from graph_api.reads.cooccurrence import related_skills_of
from graph_api.reads.links import LINKS, count_links, follow, posting_skills
from graph_api.reads.nodes import nodes_by_key
from graph_api.reads.records import CompanyOverlap, NodeRecord, RelatedSkill, RoleOverlap, SkillMentions, Weighted
from graph_api.reads.traversals import competitors_of, roles_sharing_skills_of
from graph_api.settings import Settings
from schema.graph import Label
from schema.store import GraphStore


@dataclass
class Loaders:
    """One DataLoader per (field, page size): every parent asking for a field shares one round trip."""

    store: GraphStore
    _links: dict[tuple[str, int, int], DataLoader[str, list[Weighted]]] = field(default_factory=dict)
    _counts: dict[str, DataLoader[str, int]] = field(default_factory=dict)
    _nodes: dict[Label, DataLoader[str, NodeRecord | None]] = field(default_factory=dict)
    _skills: DataLoader[str, list[SkillMentions]] | None = None
    _traversals: dict[tuple[Any, ...], DataLoader[str, Any]] = field(default_factory=dict)

    def link(self, name: str, first: int, skip: int = 0) -> DataLoader[str, list[Weighted]]:
        loader = self._links.get((name, first, skip))
        if loader is None:
            loader = DataLoader(load_fn=partial(self._follow, name, first, skip))
            self._links[(name, first, skip)] = loader
        return loader

    async def _follow(self, name: str, first: int, skip: int, keys: list[str]) -> list[list[Weighted]]:
        return await follow(self.store, LINKS[name], keys, first, skip)

    def link_count(self, name: str) -> DataLoader[str, int]:
        loader = self._counts.get(name)
        if loader is None:
            loader = DataLoader(load_fn=partial(count_links, self.store, LINKS[name]))
            self._counts[name] = loader
        return loader

    def node(self, label: Label) -> DataLoader[str, NodeRecord | None]:
        loader = self._nodes.get(label)
        if loader is None:
            loader = DataLoader(load_fn=partial(nodes_by_key, self.store, label))
            self._nodes[label] = loader
        return loader

    @property
    def posting_skills(self) -> DataLoader[str, list[SkillMentions]]:
        if self._skills is None:
            self._skills = DataLoader(load_fn=partial(posting_skills, self.store))
        return self._skills

    # Traversal fields: every parent asking for one (with the same arguments) shares its few statements.

    def competitors(self, first: int, min_shared: int) -> DataLoader[str, list[CompanyOverlap]]:
        return self._traversal(("competitors", first, min_shared), competitors_of, first, min_shared=min_shared)

    def related_skills(
        self, first: int, by: Literal["count", "lift"], min_count: int
    ) -> DataLoader[str, list[RelatedSkill]]:
        key = ("related_skills", first, by, min_count)
        return self._traversal(key, related_skills_of, first, by=by, min_count=min_count)

    def similar_roles(self, first: int, min_shared: int) -> DataLoader[str, list[RoleOverlap]]:
        key = ("similar_roles", first, min_shared)
        return self._traversal(key, roles_sharing_skills_of, first=first, min_shared=min_shared, across_employers=False)

    def _traversal(
        self, key: tuple[Any, ...], read: Callable[..., Awaitable[list[Any]]], *args: Any, **kwargs: Any
    ) -> DataLoader[str, Any]:
        loader = self._traversals.get(key)
        if loader is None:

            async def load(keys: list[str]) -> list[Any]:
                return await read(self.store, keys, *args, **kwargs)

            loader = DataLoader(load_fn=load)
            self._traversals[key] = loader
        return loader


@dataclass
class Context:
    store: GraphStore
    settings: Settings
    loaders: Loaders
    authorized: bool = False  # the request carried the configured API key
    asked: Asked | None = None  # what was asked, when the result cache may keep the answer
