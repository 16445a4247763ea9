"""docs/analytics.md: every analyst query runs on the demo postings, on each engine, with its documented columns.

The document is parsed, not copied: a query edited there is the query tested here. A few answers are
checked against an oracle computed in Python straight from the extracted demo postings (no Cypher),
so the graph's answer and an independent count must agree.
"""

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from graph_api.cypher_command import run_cypher
from graph_api.demo import demo_reads
from loaders.load import LoadReport, extracted, load
from schema.model import ExtractedPosting
from schema.store import GraphStore, Row

DOC = Path(__file__).resolve().parents[1] / "docs" / "analytics.md"

_SECTION = re.compile(r"^## (\d+)\. (.+)$", re.MULTILINE)
_CYPHER = re.compile(r"```cypher\n(.*?)```", re.DOTALL)
_PARAM = re.compile(r"`(\w+)` = `([^`]*)`")
_COLUMN = re.compile(r"`(\w+)`")


@dataclass(frozen=True)
class AnalystQuery:
    number: int
    title: str
    purpose: str
    params: dict[str, Any]
    cypher: str
    columns: list[str]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


def _line(body: str, prefix: str) -> str:
    found = [line for line in body.splitlines() if line.startswith(prefix)]
    assert len(found) == 1, f"expected one line starting {prefix!r}"
    return found[0].removeprefix(prefix).strip()


def parse(text: str) -> list[AnalystQuery]:
    starts = list(_SECTION.finditer(text))
    out = []
    for match, following in zip(starts, [*starts[1:], None], strict=True):
        body = text[match.end() : following.start() if following else len(text)]
        blocks = _CYPHER.findall(body)
        assert len(blocks) == 1, f"section {match.group(1)} holds {len(blocks)} cypher blocks"
        before_block = body.split("```cypher")[0]
        purpose = next(line for line in before_block.splitlines() if line.strip())
        params_line = _line(before_block, "Parameters:")
        params = {name: json.loads(value) for name, value in _PARAM.findall(params_line)}
        assert params or params_line == "none", f"section {match.group(1)}: unreadable parameters {params_line!r}"
        out.append(
            AnalystQuery(
                number=int(match.group(1)),
                title=match.group(2).strip(),
                purpose=purpose.strip(),
                params=params,
                cypher=blocks[0].strip(),
                columns=_COLUMN.findall(_line(body, "Columns:")),
            )
        )
    return out


QUERIES = parse(DOC.read_text(encoding="utf-8"))
BY_TITLE = {q.title: q for q in QUERIES}

#: Constructs the dialect notes rule out (they differ between FalkorDB and Neo4j 5).
_NOT_PORTABLE = {
    "EXISTS {": re.compile(r"EXISTS\s*\{", re.IGNORECASE),
    "COUNT {": re.compile(r"COUNT\s*\{", re.IGNORECASE),
    "CALL (x) {": re.compile(r"CALL\s*\(", re.IGNORECASE),
    "elementId()": re.compile(r"elementId\s*\(", re.IGNORECASE),
    "regex =~": re.compile(r"=~"),
    "datetime()": re.compile(r"\bdatetime\s*\(", re.IGNORECASE),
    "count(*)": re.compile(r"count\s*\(\s*\*\s*\)", re.IGNORECASE),
    "a string range on date_posted without + ''": re.compile(r"date_posted\s*[<>]"),
}


def test_the_document_holds_a_dozen_queries_each_complete() -> None:
    assert len(QUERIES) >= 12
    assert [q.number for q in QUERIES] == list(range(1, len(QUERIES) + 1))
    assert len(BY_TITLE) == len(QUERIES), "titles are unique"
    for q in QUERIES:
        assert q.purpose, q
        assert not q.purpose.startswith(("Parameters:", "```")), q
        assert q.columns, q
        assert "RETURN" in q.cypher, q
        used = set(re.findall(r"\$(\w+)", q.cypher))
        assert used == set(q.params), f"{q}: the query uses {sorted(used)}, the text documents {sorted(q.params)}"


@pytest.mark.parametrize("query", QUERIES, ids=str)
def test_each_query_keeps_to_what_both_engines_run_alike(query: AnalystQuery) -> None:
    found = [name for name, pattern in _NOT_PORTABLE.items() if pattern.search(query.cypher)]
    assert not found, f"{query} uses {found}"


def _demo_postings() -> list[ExtractedPosting]:
    latest: dict[str, ExtractedPosting] = {}
    for posting in extracted(demo_reads(), LoadReport()):
        latest[posting.id] = posting
    return list(latest.values())


async def _run(store: GraphStore, query: AnalystQuery, **overrides: Any) -> list[Row]:
    return await run_cypher(store, query.cypher, {**query.params, **overrides}, timeout=30)


async def test_every_query_answers_with_its_documented_columns_on_the_demo_postings(store: GraphStore) -> None:
    report = await load(store, demo_reads())
    assert report.new > 30
    failures = []
    for query in QUERIES:
        rows = await _run(store, query)
        if not rows:
            failures.append(f"{query}: no rows")
        elif bad := [list(row) for row in rows if list(row) != query.columns]:
            failures.append(f"{query}: columns {bad[0]}, documented {query.columns}")
    assert not failures, "\n".join(failures)


# -- answers checked against Python counts over the extracted postings ---------------------------


def _skill_keys(p: ExtractedPosting) -> set[str]:
    return {hit.skill.key for hit in p.skills}


def _country_keys(p: ExtractedPosting) -> set[str]:
    return {loc.chain()[0][0] for loc in p.locations if loc.country}


async def _names(store: GraphStore, label: str) -> dict[str, str]:
    rows = await run_cypher(store, f"MATCH (n:{label}) RETURN n.key AS key, n.name AS name")
    return {row["key"]: row["name"] for row in rows}


async def test_documented_answers_match_counts_taken_straight_from_the_postings(store: GraphStore) -> None:
    await load(store, demo_reads())
    postings = _demo_postings()
    skills, roles, companies, places = [
        await _names(store, label) for label in ("Skill", "Role", "Company", "Location")
    ]

    # 2. Skill co-occurrence: the top pairs, ties by name.
    pairs: Counter[tuple[str, str]] = Counter()
    for p in postings:
        pairs.update(combinations(sorted(_skill_keys(p)), 2))
    q = BY_TITLE["Skill co-occurrence"]
    expected = sorted(((skills[a], skills[b], n) for (a, b), n in pairs.items()), key=lambda t: (-t[2], t[0], t[1]))
    got = [(r["skill"], r["other_skill"], r["postings"]) for r in await _run(store, q)]
    assert got == expected[: q.params["limit"]]

    # 3. Skills that appear with Python, and the share of Python's postings that ask for each.
    q = BY_TITLE["Skills that often appear together with a given skill"]
    with_skill = [p for p in postings if q.params["skill"] in _skill_keys(p)]
    together = Counter(k for p in with_skill for k in _skill_keys(p) - {q.params["skill"]})
    expected_3 = sorted(((skills[k], n) for k, n in together.items()), key=lambda t: (-t[1], t[0]))
    rows = await _run(store, q)
    assert [(r["skill"], r["postings"]) for r in rows] == expected_3[: q.params["limit"]]
    assert [r["share"] for r in rows] == pytest.approx([n / len(with_skill) for _, n in expected_3[: len(rows)]])

    # 7. Python month by month.
    q = BY_TITLE["A skill's demand month by month"]
    months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p in postings:
        if p.date_posted and q.params["from"] <= p.date_posted.isoformat() <= q.params["to"]:
            months[p.date_posted.isoformat()[:7]][0] += 1
            months[p.date_posted.isoformat()[:7]][1] += q.params["skill"] in _skill_keys(p)
    got_months = {r["month"]: [r["postings"], r["with_skill"]] for r in await _run(store, q)}
    assert got_months == dict(months)
    assert len(months) >= 3

    # 8. Remote share per role.
    q = BY_TITLE["Remote share per role"]
    modes: dict[str, Counter[str]] = defaultdict(Counter)
    for p in postings:
        if p.role:
            modes[p.role.key][p.work_mode.value if p.work_mode else "?"] += 1
    expected_8 = {
        roles[k]: (sum(m.values()), m["Remote"], m["Hybrid"], m["On-site"])
        for k, m in modes.items()
        if sum(m.values()) >= q.params["min_postings"]
    }
    rows = await _run(store, q)
    assert {r["role"]: (r["postings"], r["remote"], r["hybrid"], r["on_site"]) for r in rows} == expected_8
    shares = [r["remote_share"] for r in rows]
    assert shares == sorted(shares, reverse=True)
    assert any(share > 0 for share in shares)

    # 9. Companies hiring in several countries.
    q = BY_TITLE["Companies hiring in several countries"]
    by_company: dict[str, set[str]] = defaultdict(set)
    for p in postings:
        if p.company:
            by_company[p.company.key].update(_country_keys(p))
    expected_9 = {
        companies[k]: sorted(places[c] for c in v) for k, v in by_company.items() if len(v) >= q.params["min_countries"]
    }
    rows = await _run(store, q)
    assert {r["company"]: r["countries"] for r in rows} == expected_9
    assert expected_9, "the demo postings include companies hiring in two countries"

    # 14. Companies hiring Python in the United States.
    q = BY_TITLE["Companies hiring a skill in a country"]
    hiring = Counter(
        companies[p.company.key]
        for p in postings
        if p.company and q.params["skill"] in _skill_keys(p) and q.params["country"] in _country_keys(p)
    )
    rows = await _run(store, q)
    assert {r["company"]: r["postings"] for r in rows} == dict(hiring)
    assert [r["postings"] for r in rows] == sorted(hiring.values(), reverse=True)


async def test_a_parameter_changes_the_answer_without_changing_the_query(store: GraphStore) -> None:
    await load(store, demo_reads())
    q = BY_TITLE["Top skills per country"]
    one = await _run(store, q, top=1)
    three = await _run(store, q)
    assert len({r["country"] for r in one}) == len(one), "one skill per country"
    assert len(three) > len(one)
    assert {r["country"] for r in one} == {r["country"] for r in three}
