"""Exploration reads: the skill gap between two roles, search by name, and graph-wide statistics."""

import re
from dataclasses import dataclass

from graph_api.reads.records import NodeRecord, Weighted
from schema.constraints import FULLTEXT
from schema.cypher import Cypher, Engine
from schema.graph import Label
from schema.store import GraphStore

SKILL_GAP = Cypher(
    "skill_gap",
    """
MATCH (a:Role {key: $from})
MATCH (b:Role {key: $to})
OPTIONAL MATCH (a)-[x:TYPICAL_SKILL]->(s:Skill)
WITH a, b, collect({node: properties(s), share: x.share}) AS mine
OPTIONAL MATCH (b)-[y:TYPICAL_SKILL]->(t:Skill)
RETURN properties(a) AS from_role, properties(b) AS to_role, mine,
       collect({node: properties(t), share: y.share}) AS theirs
""",
)


@dataclass(frozen=True, slots=True)
class ProfileSkill:
    skill: NodeRecord
    from_share: float  # share of the first role's postings asking for it (0 if not typical of it)
    to_share: float


@dataclass(frozen=True, slots=True)
class Gap:
    from_role: NodeRecord
    to_role: NodeRecord
    shared: list[ProfileSkill]
    to_learn: list[ProfileSkill]
    not_needed: list[ProfileSkill]


async def skill_gap(store: GraphStore, from_key: str, to_key: str) -> Gap | None:
    """Typical skills of two roles compared: shared, to learn (only the target's), not needed (only the source's)."""
    rows = await store.read(SKILL_GAP, {"from": from_key, "to": to_key})
    if not rows:
        return None
    row = rows[0]
    mine = {i["node"]["key"]: (i["node"], float(i["share"])) for i in row["mine"] if i["node"]}
    theirs = {i["node"]["key"]: (i["node"], float(i["share"])) for i in row["theirs"] if i["node"]}

    def entry(key: str) -> ProfileSkill:
        node = (mine.get(key) or theirs[key])[0]
        return ProfileSkill(
            NodeRecord.from_row(Label.SKILL, node), mine.get(key, (None, 0.0))[1], theirs.get(key, (None, 0.0))[1]
        )

    shared = sorted((entry(k) for k in mine.keys() & theirs.keys()), key=lambda e: -(e.from_share + e.to_share))
    to_learn = sorted((entry(k) for k in theirs.keys() - mine.keys()), key=lambda e: -e.to_share)
    not_needed = sorted((entry(k) for k in mine.keys() - theirs.keys()), key=lambda e: -e.from_share)
    return Gap(
        NodeRecord.from_row(Label.ROLE, row["from_role"]),
        NodeRecord.from_row(Label.ROLE, row["to_role"]),
        shared,
        to_learn,
        not_needed,
    )


def _search_part(label: Label, field: str, extra: str = "") -> str:
    matches = f"toLower(n.{field}) CONTAINS $q{extra}"
    return (
        f"MATCH (n:{label}) WHERE {matches} "
        f"WITH n ORDER BY toLower(n.{field}) = $q DESC, toLower(n.{field}) STARTS WITH $q DESC, "
        f"coalesce(n.postings, 0) DESC, n.key LIMIT $first "
        f"RETURN '{label}' AS label, properties(n) AS node"
    )


_NAME_PARTS = " UNION ALL ".join(
    [
        _search_part(Label.SKILL, "name", " OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) CONTAINS $q)"),
        _search_part(Label.COMPANY, "name"),
        _search_part(Label.ROLE, "name"),
    ]
)
_POSTINGS_BY_WORDS = (
    " UNION ALL CALL {proc}($index, $words) YIELD node, score "
    "WITH node AS n, score ORDER BY score DESC, n.key LIMIT $first "
    "RETURN 'Posting' AS label, properties(n) AS node"
)
# Names are few: substring matching catches "c++" and aliases. Postings are many: their titles go through
# the full-text index, each word matched as a prefix (FalkorDB queries RediSearch, Neo4j Lucene).
SEARCH = Cypher(
    "search",
    _NAME_PARTS + _POSTINGS_BY_WORDS.format(proc="db.idx.fulltext.queryNodes"),
    neo4j=_NAME_PARTS + _POSTINGS_BY_WORDS.format(proc="db.index.fulltext.queryNodes"),
)
SEARCH_NAMES = Cypher("search_names", _NAME_PARTS)
_WORD = re.compile(r"[^\W_]{2,}")


def full_text_words(text: str, engine: Engine) -> str | None:
    """Every word of ``text`` as a required prefix, in the engine's syntax; None when no word is long enough.

    Only letters and digits survive, so no query-syntax character from the client reaches the index.
    """
    words = [f"{w}*" for w in _WORD.findall(text.lower())][:8]
    if not words:
        return None
    return " ".join(words) if engine == "falkordb" else " AND ".join(words)


async def search(store: GraphStore, text: str, first: int) -> dict[Label, list[NodeRecord]]:
    """Skills (names and aliases), companies and roles containing ``text`` (exact and prefix matches first,
    then the most posted), and postings whose title has every word of it."""
    q = text.strip().lower()
    words = full_text_words(q, store.engine)
    if words is None:
        rows = await store.read(SEARCH_NAMES, {"q": q, "first": first})
    else:
        index = "Posting" if store.engine == "falkordb" else FULLTEXT[0].name
        rows = await store.read(SEARCH, {"q": q, "first": first, "words": words, "index": index})
    found: dict[Label, list[NodeRecord]] = {
        label: [] for label in (Label.SKILL, Label.COMPANY, Label.ROLE, Label.POSTING)
    }
    for row in rows:
        label = Label(row["label"])
        found[label].append(NodeRecord.from_row(label, row["node"]))
    return found


# OPTIONAL MATCH keeps one row per step even when a label has no nodes yet.
COUNTS = Cypher(
    "stats_counts",
    "OPTIONAL MATCH (p:Posting) WITH count(p) AS Posting "
    "OPTIONAL MATCH (c:Company) WITH Posting, count(c) AS Company "
    "OPTIONAL MATCH (r:Role) WITH Posting, Company, count(r) AS Role "
    "OPTIONAL MATCH (s:Skill) WITH Posting, Company, Role, count(s) AS Skill "
    "OPTIONAL MATCH (l:Location) WITH Posting, Company, Role, Skill, count(l) AS Location "
    "OPTIONAL MATCH (i:Industry) RETURN Posting, Company, Role, Skill, Location, count(i) AS Industry",
)
TOP_SKILLS = Cypher(
    "top_skills",
    "MATCH (n:Skill) WHERE n.postings > 0 WITH n ORDER BY n.postings DESC, n.name LIMIT $first "
    "RETURN properties(n) AS node, n.postings AS weight",
)
TOP_SKILLS_IN_PLACE = Cypher(
    "top_skills_in_place",
    "MATCH (:Location {key: $place})<-[:PART_OF*0..2]-(:Location)<-[:LOCATED_IN]-(p:Posting)-[:REQUIRES]->(n:Skill) "
    "WITH n, count(DISTINCT p) AS weight ORDER BY weight DESC, n.name LIMIT $first "
    "RETURN properties(n) AS node, weight",
)
TOP_SKILLS_IN_INDUSTRY = Cypher(
    "top_skills_in_industry",
    "MATCH (:Industry {key: $industry})<-[:IN_INDUSTRY]-(p:Posting)-[:REQUIRES]->(n:Skill) "
    "WITH n, count(DISTINCT p) AS weight ORDER BY weight DESC, n.name LIMIT $first "
    "RETURN properties(n) AS node, weight",
)


async def counts(store: GraphStore) -> dict[str, int]:
    """Nodes per label (a label with no nodes counts 0)."""
    row = (await store.read(COUNTS))[0]
    return {label.value: int(row[label.value]) for label in Label}


async def top_skills(
    store: GraphStore, first: int, *, place: str | None = None, industry: str | None = None
) -> list[Weighted]:
    if place is not None:
        rows = await store.read(TOP_SKILLS_IN_PLACE, {"place": place, "first": first})
    elif industry is not None:
        rows = await store.read(TOP_SKILLS_IN_INDUSTRY, {"industry": industry, "first": first})
    else:
        rows = await store.read(TOP_SKILLS, {"first": first})
    return [Weighted(NodeRecord.from_row(Label.SKILL, row["node"]), int(row["weight"])) for row in rows]


#: Relationships a path may follow: the facts and their aggregates (profiles repeat the aggregates).
PATH_RELS = "REQUIRES|POSTED_BY|FOR_ROLE|LOCATED_IN|PART_OF|IN_INDUSTRY|ROLE_SKILL|COMPANY_SKILL|COMPANY_ROLE"
MAX_HOPS = 6


@dataclass(frozen=True, slots=True)
class PathStep:
    type: str
    start: str  # key of the relationship's start node
    end: str
    postings: int | None


@dataclass(frozen=True, slots=True)
class Path:
    nodes: list[NodeRecord]
    steps: list[PathStep]


def path_query(from_label: Label, to_label: Label, hops: int) -> Cypher:
    """Labels come from the IDs' types and hops from a validated range: no client text enters the query."""
    if not 1 <= hops <= MAX_HOPS:
        raise ValueError(f"hops must be 1..{MAX_HOPS}")
    # a <> b: Neo4j's shortestPath fails on a path from a node to itself (status 51N23); both engines answer none.
    head = f"MATCH (a:{from_label} {{key: $from}}) MATCH (b:{to_label} {{key: $to}}) WHERE a <> b WITH a, b "
    tail = (
        " WITH p LIMIT 1 "
        "RETURN [n IN nodes(p) | {labels: labels(n), props: properties(n)}] AS nodes, "
        "[r IN relationships(p) | {type: type(r), start: startNode(r).key, end: endNode(r).key, "
        "postings: r.postings}] AS steps"
    )
    pattern = f"(a)-[:{PATH_RELS}*..{hops}]-(b)"
    return Cypher(
        f"path_{from_label.lower()}_{to_label.lower()}_{hops}",
        head + f"MATCH p = allShortestPaths({pattern})" + tail,
        neo4j=head + f"MATCH p = shortestPath({pattern})" + tail,
    )


async def shortest_path(
    store: GraphStore, from_label: Label, from_key: str, to_label: Label, to_key: str, hops: int
) -> Path | None:
    rows = await store.read(path_query(from_label, to_label, hops), {"from": from_key, "to": to_key})
    if not rows:
        return None
    row = rows[0]
    return Path(
        nodes=[NodeRecord.from_row(Label(n["labels"][0]), n["props"]) for n in row["nodes"]],
        steps=[PathStep(s["type"], s["start"], s["end"], s["postings"]) for s in row["steps"]],
    )
