"""A synthetic job market: N postings with skewed, realistic distributions.

Companies, roles, skills and cities are drawn from Zipf-like distributions (a few are very common,
most are rare). Each role has a core skill profile, so postings for one role share skills the way
real ones do, and each posting adds a few skills from the overall long tail. Skills are real names
from the shipped taxonomy. Deterministic for a given seed.

    python -m bench.synth 1000 > synthetic.jsonl     # ExtractedPosting JSON, one per line
"""

import itertools
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from loaders.extract.skills import default_taxonomy
from loaders.pipeline import content_hash
from schema.model import (
    Company,
    ExtractedPosting,
    Industry,
    Location,
    Mention,
    Role,
    Seniority,
    SkillHit,
    Source,
    WorkMode,
)

AREAS = (
    "Backend", "Frontend", "Full Stack", "Data", "Machine Learning", "Platform", "DevOps", "Site Reliability",
    "Security", "Mobile", "iOS", "Android", "Cloud", "QA", "Test Automation", "Embedded", "Game", "Analytics",
    "BI", "Database", "Network", "Systems", "Solutions", "Integration", "Salesforce", "SAP", "Java", ".NET",
    "Python", "Go", "Rust", "C++", "JavaScript", "React", "Angular", "Node.js", "Kotlin", "PHP", "Ruby",
    "Scala", "Blockchain", "Computer Vision", "NLP", "MLOps", "Infrastructure", "Identity", "Payments",
    "Search", "Growth", "Firmware", "Robotics", "AR/VR", "API", "Observability", "Release", "Build",
    "Storage", "Compiler", "Graphics", "Audio",
)  # fmt: skip
NOUNS = (
    "Engineer", "Developer", "Architect", "Analyst", "Scientist", "Consultant", "Specialist",
    "Administrator", "Manager", "Tester", "Designer", "Lead", "Programmer", "Technician",
)  # fmt: skip
INDUSTRIES = (
    "Financial Services", "Banking", "Insurance", "Healthcare", "Automotive", "Telecommunications", "Retail",
    "E-commerce", "Logistics", "Energy", "Manufacturing", "Media & Entertainment", "Education", "Software",
    "IT Services", "Consulting", "Cybersecurity", "Gaming",
)  # fmt: skip


@dataclass(frozen=True)
class Market:
    companies: list[Company]
    company_industry: list[Industry]
    roles: list[Role]
    role_core: list[list[int]]  # skill indexes typical of each role
    cities: list[Location]
    skill_count: int


def _zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1.0 / (rank**s) for rank in range(1, n + 1)]


def market(
    rng: random.Random, *, companies: int = 5_000, roles: int = 2_000, cities: int = 3_000, skills: int = 1_500
) -> Market:
    taxonomy = default_taxonomy()
    skill_count = min(skills, len(taxonomy.skills))
    role_names = [f"{a} {n}" for a, n in itertools.product(AREAS, NOUNS)]
    rng.shuffle(role_names)
    while len(role_names) < roles:
        role_names.append(f"{rng.choice(AREAS)} {rng.choice(NOUNS)} {len(role_names)}")
    role_weights = _zipf_weights(skill_count)
    core = [rng.choices(range(skill_count), weights=role_weights, k=12) for _ in range(roles)]
    countries = [(f"Country {i}", f"{chr(65 + i // 26)}{chr(65 + i % 26)}") for i in range(30)]
    places: list[Location] = []
    for i in range(cities):
        country, code = countries[min(int(rng.paretovariate(1.2)) - 1, len(countries) - 1)]
        region = f"Region {code}-{i % 10}"
        places.append(Location(city=f"City {i}", region=region, country=country, country_code=code))
    return Market(
        companies=[Company(name=f"Company {i:05d}") for i in range(companies)],
        company_industry=[Industry(name=rng.choice(INDUSTRIES)) for _ in range(companies)],
        roles=[Role(name=name) for name in role_names[:roles]],
        role_core=core,
        cities=places,
        skill_count=skill_count,
    )


def postings(n: int, seed: int = 0, **sizes: int) -> Iterator[ExtractedPosting]:
    rng = random.Random(seed)
    m = market(rng, **sizes)
    taxonomy = default_taxonomy()
    company_w = _zipf_weights(len(m.companies), 1.05)
    role_w = _zipf_weights(len(m.roles), 1.05)
    city_w = _zipf_weights(len(m.cities), 1.0)
    skill_w = _zipf_weights(m.skill_count, 1.1)
    cum = list(itertools.accumulate(company_w)), list(itertools.accumulate(role_w)), list(itertools.accumulate(city_w))
    skill_cum = list(itertools.accumulate(skill_w))
    start = date(2026, 1, 1)
    for i in range(n):
        c = rng.choices(range(len(m.companies)), cum_weights=cum[0])[0]
        r = rng.choices(range(len(m.roles)), cum_weights=cum[1])[0]
        city = m.cities[rng.choices(range(len(m.cities)), cum_weights=cum[2])[0]]
        core = rng.sample(m.role_core[r], k=min(len(m.role_core[r]), rng.randint(3, 8)))
        tail = rng.choices(range(m.skill_count), cum_weights=skill_cum, k=rng.randint(1, 5))
        chosen = list(dict.fromkeys(core + tail))
        names = [taxonomy.skills[s].name for s in chosen]
        text = f"{m.roles[r].name} at {m.companies[c].name} in {city.city}. We use " + ", ".join(names) + "."
        hits, pos = [], text.index("We use ") + len("We use ")
        for s, name in zip(chosen, names, strict=True):
            hits.append(SkillHit(skill=taxonomy.skills[s], mentions=(Mention(start=pos, end=pos + len(name)),)))
            pos += len(name) + 2
        posting = ExtractedPosting(
            id=f"synthetic#{seed}-{i}",
            source=Source(path="synthetic", record=i + 1),
            text=text,
            title=m.roles[r].name,
            role=m.roles[r],
            seniority=rng.choice([*Seniority, None, None]),
            company=m.companies[c],
            locations=(city,),
            work_mode=rng.choice([*WorkMode, None]),
            employment_type="Full-time",
            industries=(m.company_industry[c],),
            skills=tuple(hits),
            date_posted=start + timedelta(days=rng.randrange(330)),
        )
        yield posting.model_copy(update={"content_hash": content_hash(posting)})


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    for p in postings(count):
        sys.stdout.write(p.model_dump_json() + "\n")
