"""Following relationships from many nodes at once (one round trip per field per request level).

Each link is a named Cypher over ``UNWIND $keys``: the DataLoaders in ``graph_api.gql.loaders``
batch every parent asking for the same field into one call.
"""

from dataclasses import dataclass

from graph_api.reads.records import NodeRecord, SkillMentions, Weighted
from schema.cypher import Cypher
from schema.graph import Label
from schema.store import GraphStore


@dataclass(frozen=True, slots=True)
class Link:
    name: str
    target: Label
    pattern: str  # binds k (the parent key) and n (the target)
    weight: str = "count(DISTINCT p)"  # p: the postings that connect parent and target

    @property
    def cypher(self) -> Cypher:
        return Cypher(
            f"link_{self.name}",
            f"UNWIND $keys AS k MATCH {self.pattern} "
            f"WITH k, n, {self.weight} AS weight ORDER BY weight DESC, n.name, n.key "
            "RETURN k AS src, collect({node: properties(n), weight: weight})[0..$first] AS items",
        )


_IN_PLACE = "(p:Posting)-[:LOCATED_IN]->(:Location)-[:PART_OF*0..2]->(:Location {key: k})"

LINKS: dict[str, Link] = {
    link.name: link
    for link in (
        Link("posting_company", Label.COMPANY, "(p:Posting {key: k})-[:POSTED_BY]->(n:Company)"),
        Link("posting_role", Label.ROLE, "(p:Posting {key: k})-[:FOR_ROLE]->(n:Role)"),
        Link("posting_locations", Label.LOCATION, "(p:Posting {key: k})-[:LOCATED_IN]->(n:Location)"),
        Link("posting_industries", Label.INDUSTRY, "(p:Posting {key: k})-[:IN_INDUSTRY]->(n:Industry)"),
        Link("company_postings", Label.POSTING, "(:Company {key: k})<-[:POSTED_BY]-(n:Posting)", "count(n)"),
        Link("company_roles", Label.ROLE, "(:Company {key: k})<-[:POSTED_BY]-(p:Posting)-[:FOR_ROLE]->(n:Role)"),
        Link("company_skills", Label.SKILL, "(:Company {key: k})<-[:POSTED_BY]-(p:Posting)-[:REQUIRES]->(n:Skill)"),
        Link(
            "company_locations",
            Label.LOCATION,
            "(:Company {key: k})<-[:POSTED_BY]-(p:Posting)-[:LOCATED_IN]->(n:Location)",
        ),
        Link("role_postings", Label.POSTING, "(:Role {key: k})<-[:FOR_ROLE]-(n:Posting)", "count(n)"),
        Link("role_companies", Label.COMPANY, "(:Role {key: k})<-[:FOR_ROLE]-(p:Posting)-[:POSTED_BY]->(n:Company)"),
        Link("role_skills", Label.SKILL, "(:Role {key: k})<-[:FOR_ROLE]-(p:Posting)-[:REQUIRES]->(n:Skill)"),
        Link("skill_postings", Label.POSTING, "(:Skill {key: k})<-[:REQUIRES]-(n:Posting)", "count(n)"),
        Link("skill_companies", Label.COMPANY, "(:Skill {key: k})<-[:REQUIRES]-(p:Posting)-[:POSTED_BY]->(n:Company)"),
        Link("skill_roles", Label.ROLE, "(:Skill {key: k})<-[:REQUIRES]-(p:Posting)-[:FOR_ROLE]->(n:Role)"),
        Link("location_postings", Label.POSTING, _IN_PLACE.replace("(p:Posting)", "(n:Posting)"), "count(DISTINCT n)"),
        Link("location_skills", Label.SKILL, f"{_IN_PLACE}, (p)-[:REQUIRES]->(n:Skill)"),
        Link("location_parent", Label.LOCATION, "(:Location {key: k})-[:PART_OF]->(n:Location)", "count(n)"),
        Link("industry_postings", Label.POSTING, "(:Industry {key: k})<-[:IN_INDUSTRY]-(n:Posting)", "count(n)"),
    )
}  # fmt: skip

POSTING_SKILLS = Cypher(
    "posting_skills",
    "UNWIND $keys AS k MATCH (:Posting {key: k})-[r:REQUIRES]->(n:Skill) "
    "WITH k, n, r ORDER BY n.name "
    "RETURN k AS src, collect({node: properties(n), starts: r.starts, ends: r.ends}) AS items",
)


async def follow(store: GraphStore, link: Link, keys: list[str], first: int) -> list[list[Weighted]]:
    """For each key in ``keys`` (in order), up to ``first`` linked nodes, heaviest first."""
    rows = await store.read(link.cypher, {"keys": keys, "first": first})
    by_src = {
        row["src"]: [Weighted(NodeRecord.from_row(link.target, i["node"]), int(i["weight"])) for i in row["items"]]
        for row in rows
    }
    return [by_src.get(key, []) for key in keys]


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
