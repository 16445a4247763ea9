"""Keyset pagination over one label, with filters: a page costs one round trip, totalCount another.

The MATCH and WHERE fragments and the sort expressions come from this module's own tables, chosen
by enums; every value a client sends travels as a parameter.
"""

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from graph_api.reads.records import NodeRecord
from schema.cypher import Cypher
from schema.graph import Label
from schema.store import GraphStore


class Order(Enum):
    NAME = ("coalesce(n.name, '')", False)
    POSTINGS = ("coalesce(n.postings, 0)", True)
    DATE = ("coalesce(n.date_posted, '')", True)

    @property
    def expr(self) -> str:
        return self.value[0]

    @property
    def descending(self) -> bool:
        return self.value[1]


#: Filter name → WHERE fragment over ``n`` (its parameter has the filter's name).
POSTING_FILTERS = {
    "company": "(n)-[:POSTED_BY]->(:Company {key: $company})",
    "role": "(n)-[:FOR_ROLE]->(:Role {key: $role})",
    "industry": "(n)-[:IN_INDUSTRY]->(:Industry {key: $industry})",
    "location": "(n)-[:LOCATED_IN]->(:Location)-[:PART_OF*0..2]->(:Location {key: $location})",
    "seniority": "n.seniority IN $seniority",
    "work_mode": "n.work_mode IN $work_mode",
    "date_from": "n.date_posted >= $date_from",
    "date_to": "n.date_posted <= $date_to",
}
# FalkorDB 4.16 answers string range predicates from its range index wrongly (`n.date_posted <= $d` also
# returned later dates, measured here); a computed expression keeps the index out and the answer right.
POSTING_FILTERS_FALKORDB = POSTING_FILTERS | {
    "date_from": "n.date_posted + '' >= $date_from",
    "date_to": "n.date_posted + '' <= $date_to",
}
NODE_FILTERS = {
    "name_prefix": "toLower(n.name) STARTS WITH $name_prefix",
    "category": "n.category IN $category",
    "level": "n.level IN $level",
    "country_code": "n.country_code = $country_code",
}
_SKILLS_MATCH = (
    "MATCH (s:Skill)<-[:REQUIRES]-(n:Posting) WHERE s.key IN $skills "
    "WITH n, count(DISTINCT s) AS matched WHERE matched >= $skills_needed"
)


@dataclass(frozen=True)
class ListQuery:
    label: Label
    order: Order
    filters: dict[str, Any] = field(default_factory=dict)  # name → value; None values are dropped
    skills: tuple[str, ...] = ()  # postings requiring these skill keys
    all_skills: bool = True

    def _match_where(self, falkordb: bool = False) -> tuple[str, list[str], dict[str, Any]]:
        if self.label == Label.POSTING:
            table = POSTING_FILTERS_FALKORDB if falkordb else POSTING_FILTERS
        else:
            table = NODE_FILTERS
        given = {k: v for k, v in self.filters.items() if v is not None and v != []}
        unknown = set(given) - set(table)
        if unknown:
            raise ValueError(f"no such filter for {self.label}: {sorted(unknown)}")
        params = dict(given)
        if self.skills:
            match = _SKILLS_MATCH
            params |= {"skills": list(self.skills), "skills_needed": len(self.skills) if self.all_skills else 1}
        else:
            match = f"MATCH (n:{self.label})"
        return match, [table[name] for name in sorted(given)], params

    def page(self, size: int, position: list[Any] | None, backwards: bool) -> tuple[Cypher, dict[str, Any]]:
        text, params = self._page_text(size, position, backwards, falkordb=False)
        falkordb_text, _ = self._page_text(size, position, backwards, falkordb=True)
        name = f"page_{self.label.lower()}_{self.order.name.lower()}"
        return Cypher(name, text, falkordb=falkordb_text if falkordb_text != text else None), params

    def _page_text(
        self, size: int, position: list[Any] | None, backwards: bool, *, falkordb: bool
    ) -> tuple[str, dict[str, Any]]:
        match, where, params = self._match_where(falkordb)
        expr, desc = self.order.expr, self.order.descending
        ascending = desc == backwards  # walk the expression upwards?
        if position is not None:
            after_value = ">" if ascending else "<"
            after_key = "<" if backwards else ">"
            where.append(f"({expr} {after_value} $at_value OR ({expr} = $at_value AND n.key {after_key} $at_key))")
            params |= {"at_value": position[0], "at_key": position[1]}
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        glue = " WITH n" if self.skills else ""
        direction = "" if ascending else " DESC"
        key_direction = " DESC" if backwards else ""
        text = (
            f"{match}{glue}{clause} WITH n ORDER BY {expr}{direction}, n.key{key_direction} LIMIT $limit "
            f"RETURN properties(n) AS node, {expr} AS sort"
        )
        return text, params | {"limit": size + 1}

    def count(self) -> tuple[Cypher, dict[str, Any]]:
        texts = []
        for falkordb in (False, True):
            match, where, params = self._match_where(falkordb)
            clause = f" WHERE {' AND '.join(where)}" if where else ""
            glue = " WITH n" if self.skills else ""
            texts.append(f"{match}{glue}{clause} RETURN count(n) AS n")
        neo4j, falkordb_text = texts
        name = f"count_{self.label.lower()}"
        return Cypher(name, neo4j, falkordb=falkordb_text if falkordb_text != neo4j else None), params


@dataclass(frozen=True)
class Page:
    items: list[tuple[NodeRecord, list[Any]]]  # each record with its cursor position [sort value, key]
    has_more: bool  # beyond the page, in the direction walked


async def fetch_page(
    store: GraphStore, query: ListQuery, size: int, position: list[Any] | None, backwards: bool
) -> Page:
    cypher, params = query.page(size, position, backwards)
    rows = await store.read(cypher, params)
    items = [(NodeRecord.from_row(query.label, row["node"]), [row["sort"], row["node"]["key"]]) for row in rows[:size]]
    if backwards:
        items.reverse()
    return Page(items, has_more=len(rows) > size)


async def count_all(store: GraphStore, query: ListQuery) -> int:
    cypher, params = query.count()
    return int((await store.read(cypher, params))[0]["n"])
