"""Following relationships from many nodes at once (one round trip per field per request level).

Each link is a named Cypher over ``UNWIND $keys``: the DataLoaders in ``graph_api.gql.context``
batch every parent asking for the same field (with the same page) into one call. Ranked lists read
the aggregate edges the loader keeps (ROLE_SKILL, COMPANY_SKILL, COMPANY_ROLE), not the postings.
"""

from dataclasses import dataclass

from graph_api.reads.records import NodeRecord, SkillMentions, Weighted
from schema.cypher import Cypher
from schema.graph import Label
from schema.store import GraphStore

BY_WEIGHT = "weight DESC, n.name, n.key"
BY_DATE = "coalesce(n.date_posted, '') DESC, n.key"
BY_NAME = "n.name, n.key"


@dataclass(frozen=True, slots=True)
class Link:
    name: str
    target: Label
    pattern: str  # binds k (the parent key) and n (the target)
    weight: str = "count(DISTINCT p)"  # p: the postings that connect parent and target
    order: str = BY_WEIGHT

    @property
    def cypher(self) -> Cypher:
        return Cypher(
            f"link_{self.name}",
            f"UNWIND $keys AS k MATCH {self.pattern} "
            f"WITH k, n, {self.weight} AS weight ORDER BY k, {self.order} "
            "RETURN k AS src, collect({node: properties(n), weight: weight})[$skip..$end] AS items",
        )

    @property
    def count(self) -> Cypher:
        return Cypher(
            f"count_{self.name}",
            f"UNWIND $keys AS k MATCH {self.pattern} RETURN k AS src, count(DISTINCT n) AS n",
        )


_IN_PLACE = "(p:Posting)-[:LOCATED_IN]->(:Location)-[:PART_OF*0..2]->(:Location {key: k})"
_POSTING_IN_PLACE = "(n:Posting)-[:LOCATED_IN]->(:Location)-[:PART_OF*0..2]->(:Location {key: k})"

LINKS: dict[str, Link] = {
    link.name: link
    for link in (
        Link("posting_company", Label.COMPANY, "(:Posting {key: k})-[:POSTED_BY]->(n:Company)", "1"),
        Link("posting_role", Label.ROLE, "(:Posting {key: k})-[:FOR_ROLE]->(n:Role)", "1"),
        Link("posting_locations", Label.LOCATION, "(:Posting {key: k})-[:LOCATED_IN]->(n:Location)", "1"),
        Link("posting_industries", Label.INDUSTRY, "(:Posting {key: k})-[:IN_INDUSTRY]->(n:Industry)", "1"),
        Link("company_postings", Label.POSTING, "(:Company {key: k})<-[:POSTED_BY]-(n:Posting)", "1", BY_DATE),
        Link("company_roles", Label.ROLE, "(:Company {key: k})-[e:COMPANY_ROLE]->(n:Role)", "sum(e.postings)"),
        Link("company_skills", Label.SKILL, "(:Company {key: k})-[e:COMPANY_SKILL]->(n:Skill)", "sum(e.postings)"),
        Link(
            "company_locations",
            Label.LOCATION,
            "(:Company {key: k})<-[:POSTED_BY]-(p:Posting)-[:LOCATED_IN]->(n:Location)",
        ),
        Link(
            "company_industries",
            Label.INDUSTRY,
            "(:Company {key: k})<-[:POSTED_BY]-(p:Posting)-[:IN_INDUSTRY]->(n:Industry)",
        ),
        Link("role_postings", Label.POSTING, "(:Role {key: k})<-[:FOR_ROLE]-(n:Posting)", "1", BY_DATE),
        Link("role_companies", Label.COMPANY, "(:Role {key: k})<-[e:COMPANY_ROLE]-(n:Company)", "sum(e.postings)"),
        Link("role_skills", Label.SKILL, "(:Role {key: k})-[e:ROLE_SKILL]->(n:Skill)", "sum(e.postings)"),
        Link("skill_postings", Label.POSTING, "(:Skill {key: k})<-[:REQUIRES]-(n:Posting)", "1", BY_DATE),
        Link("skill_companies", Label.COMPANY, "(:Skill {key: k})<-[e:COMPANY_SKILL]-(n:Company)", "sum(e.postings)"),
        Link("skill_roles", Label.ROLE, "(:Skill {key: k})<-[e:ROLE_SKILL]-(n:Role)", "sum(e.postings)"),
        Link(
            "skill_countries",
            Label.LOCATION,
            "(:Skill {key: k})<-[:REQUIRES]-(p:Posting)-[:LOCATED_IN]->(:Location)-[:PART_OF*0..2]->"
            "(n:Location {level: 'country'})",
        ),
        Link("location_postings", Label.POSTING, _POSTING_IN_PLACE, "1", BY_DATE),
        Link("location_companies", Label.COMPANY, f"{_IN_PLACE}, (p)-[:POSTED_BY]->(n:Company)"),
        Link("location_skills", Label.SKILL, f"{_IN_PLACE}, (p)-[:REQUIRES]->(n:Skill)"),
        Link("location_parent", Label.LOCATION, "(:Location {key: k})-[:PART_OF]->(n:Location)", "1"),
        Link("location_children", Label.LOCATION, "(:Location {key: k})<-[:PART_OF]-(n:Location)", "1", BY_NAME),
        Link("industry_postings", Label.POSTING, "(:Industry {key: k})<-[:IN_INDUSTRY]-(n:Posting)", "1", BY_DATE),
    )
}

POSTING_SKILLS = Cypher(
    "posting_skills",
    "UNWIND $keys AS k MATCH (:Posting {key: k})-[r:REQUIRES]->(n:Skill) "
    "WITH k, n, r ORDER BY k, n.name "
    "RETURN k AS src, collect({node: properties(n), starts: r.starts, ends: r.ends}) AS items",
)


async def follow(store: GraphStore, link: Link, keys: list[str], first: int, skip: int = 0) -> list[list[Weighted]]:
    """For each key in ``keys`` (in order), linked nodes ``skip`` to ``skip + first`` (one extra, when there is
    one, tells the caller a next page exists)."""
    rows = await store.read(link.cypher, {"keys": keys, "skip": skip, "end": skip + first + 1})
    by_src = {
        row["src"]: [Weighted(NodeRecord.from_row(link.target, i["node"]), int(i["weight"])) for i in row["items"]]
        for row in rows
    }
    return [by_src.get(key, []) for key in keys]


async def count_links(store: GraphStore, link: Link, keys: list[str]) -> list[int]:
    rows = await store.read(link.count, {"keys": keys})
    found = {row["src"]: int(row["n"]) for row in rows}
    return [found.get(key, 0) for key in keys]


async def posting_skills(store: GraphStore, keys: list[str]) -> list[list[SkillMentions]]:
    rows = await store.read(POSTING_SKILLS, {"keys": keys})
    by_src = {
        row["src"]: [
            SkillMentions(
                NodeRecord.from_row(Label.SKILL, i["node"]),
                list(zip(i["starts"] or [], i["ends"] or [], strict=False)),
            )
            for i in row["items"]
        ]
        for row in rows
    }
    return [by_src.get(key, []) for key in keys]
