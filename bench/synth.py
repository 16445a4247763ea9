"""A synthetic job market: N postings with skewed, clustered distributions like real ones.

What real tech postings look like, and how this generator reproduces it:

* **Roles come in families with their own skill neighbourhoods.** Data roles share Python, SQL,
  Spark and Airflow; frontend roles share JavaScript, TypeScript, React and CSS; platform roles
  share Kubernetes, Terraform and AWS. Skill co-occurrence networks built from postings (or from
  Stack Overflow tags) split into such communities. Here every role name is ``<area> <noun>``
  (``Data Engineer``), each area belongs to one of 16 families, and a family's neighbourhood is
  its anchor skills followed by the skills of the taxonomy categories it draws on (its own
  ``Data & Analytics``, ``Database``, … categories), interleaved by weight.
* **A role's profile is mostly its family's, with its own accent.** The area names a skill when
  it can (``Kotlin Developer`` needs Kotlin, ``SAP Consultant`` SAP), the noun adds its flavour
  (an Architect's architecture styles, a Tester's testing tools, a Manager's methodologies), and
  the rest of the role's core is drawn from the family neighbourhood. So roles of one family share
  the family head but differ in the second tier, and a posting includes a core skill with a
  probability that falls with its rank in the core (the first few are near-universal, the rest
  optional), as in real postings of one title.
* **A few skills cut across every family**: Agile, Git, SQL, English, Docker, Linux, CI/CD, …;
  each appears in roughly 3-26% of all postings, whatever the role (Zipf over that short list).
* **Employers specialise.** Each company has an industry and a focus family that follows from it
  (game studios hire game developers, carmakers embedded engineers, banks backend and data
  people); about half of a company's postings are for roles of its focus family, the rest for any
  role.
* **Everything is heavy-tailed.** Companies, roles (overall and within a family), cities and skills
  (within a neighbourhood, within the cross-cutting list, and over the whole skill universe for
  the occasional off-profile skill) are drawn from Zipf-like distributions: a few are very common,
  most are rare.

Sizes are those of a mid-sized market crawl: 5,000 companies, 2,000 roles, about 1,500 skills (the
leading part of each taxonomy category, in proportion to its size) and 3,000 cities in 30 countries.
The parameters were set from these observations, not tuned to any benchmark's answer. Skills are
real names from the shipped taxonomy, so the output changes when the taxonomy does. Deterministic
for a given seed (and taxonomy).

    python -m bench.synth 1000 > synthetic.jsonl     # ExtractedPosting JSON, one per line
"""

import itertools
import random
import sys
from collections.abc import Iterator, Sequence
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
    Skill,
    SkillHit,
    Source,
    WorkMode,
)


@dataclass(frozen=True)
class Family:
    """A job family: the areas whose roles belong to it and the skills it draws on."""

    name: str
    #: Share of the market, relative to the largest family.
    weight: float
    areas: tuple[str, ...]
    #: Taxonomy categories of the neighbourhood, with their weight in it.
    categories: tuple[tuple[str, float], ...]
    #: Skills that define the family, most common first (names or aliases in the taxonomy).
    anchors: tuple[str, ...]


FAMILIES = (
    Family(
        "backend",
        1.0,
        (
            "Backend",
            "API",
            "Java",
            ".NET",
            "Python",
            "Go",
            "Rust",
            "Node.js",
            "PHP",
            "Ruby",
            "Scala",
            "Payments",
            "Search",
        ),
        (
            ("Programming Language", 3),
            ("Framework", 3),
            ("Database", 2),
            ("Architecture", 1.5),
            ("Messaging & Streaming", 1),
            ("Library", 1),
            ("Protocol & Standard", 0.5),
            ("Cloud Service", 0.5),
        ),
        ("Java", "Python", "Spring Boot", "PostgreSQL", "Microservices", "Node.js", "Redis", "Apache Kafka"),
    ),
    Family(
        "frontend",
        0.7,
        ("Frontend", "JavaScript", "React", "Angular"),
        (("Frontend", 4), ("Library", 1.5), ("Design", 1), ("Testing", 0.5), ("Developer Tool", 0.5)),
        ("JavaScript", "TypeScript", "React", "HTML", "CSS", "Angular", "Vue.js", "Next.js"),
    ),
    Family(
        "full stack",
        0.6,
        ("Full Stack",),
        (("Frontend", 2), ("Framework", 2), ("Database", 1), ("Programming Language", 1), ("Library", 1)),
        ("JavaScript", "TypeScript", "React", "Node.js", "Python", "PostgreSQL", "HTML", "CSS"),
    ),
    Family(
        "data engineering",
        0.6,
        ("Data", "Database", "Storage"),
        (
            ("Data & Analytics", 4),
            ("Database", 2),
            ("Cloud Service", 1),
            ("Messaging & Streaming", 1),
            ("Programming Language", 0.5),
        ),
        ("Python", "Apache Spark", "Apache Airflow", "ETL", "Apache Kafka", "dbt", "Snowflake", "Data Modeling"),
    ),
    Family(
        "machine learning",
        0.45,
        ("Machine Learning", "Computer Vision", "NLP", "MLOps"),
        (("Machine Learning & AI", 4), ("Library", 2), ("Data & Analytics", 1), ("Cloud Service", 0.5)),
        ("Python", "Machine Learning", "PyTorch", "TensorFlow", "scikit-learn", "Deep Learning", "pandas", "NumPy"),
    ),
    Family(
        "analytics",
        0.45,
        ("Analytics", "BI", "Growth"),
        (("Data & Analytics", 3), ("Business Software", 1.5), ("Database", 1), ("Library", 0.5)),
        ("Tableau", "Power BI", "Microsoft Excel", "Python", "Statistics", "Business Intelligence", "A/B Testing"),
    ),
    Family(
        "platform",
        0.6,
        ("Platform", "DevOps", "Site Reliability", "Cloud", "Infrastructure", "Observability", "Release"),
        (
            ("DevOps & Infrastructure", 4),
            ("Cloud Service", 2),
            ("Observability", 1.5),
            ("Cloud Platform", 1),
            ("Operating System", 0.5),
            ("Developer Tool", 0.5),
            ("Practice", 0.5),
        ),
        ("Kubernetes", "Terraform", "Amazon Web Services", "Ansible", "Prometheus", "Grafana", "Helm", "Bash"),
    ),
    Family(
        "security",
        0.3,
        ("Security", "Identity"),
        (("Security", 4), ("Protocol & Standard", 1.5), ("Operating System", 0.5), ("Cloud Service", 0.5)),
        (
            "Information Security",
            "Identity and Access Management",
            "Penetration Testing",
            "Network Security",
            "OAuth 2.0",
            "Incident Response",
        ),
    ),
    Family(
        "mobile",
        0.35,
        ("Mobile", "iOS", "Android", "Kotlin"),
        (("Mobile", 4), ("Programming Language", 1), ("Testing", 0.5), ("Frontend", 0.5)),
        ("Swift", "Kotlin", "iOS Development", "Android Development", "Flutter", "React Native", "SwiftUI"),
    ),
    Family(
        "quality",
        0.35,
        ("QA", "Test Automation"),
        (("Testing", 4), ("Developer Tool", 1), ("Methodology", 1)),
        ("Test Automation", "Selenium", "Manual Testing", "Cypress", "Regression Testing", "Postman"),
    ),
    Family(
        "embedded",
        0.3,
        ("Embedded", "Firmware", "Robotics", "Audio", "C++"),
        (("Domain Knowledge", 3), ("Programming Language", 1.5), ("Operating System", 1), ("Protocol & Standard", 1)),
        ("C", "C++", "Embedded Systems", "Firmware Development", "Microcontrollers", "RTOS"),
    ),
    Family(
        "enterprise applications",
        0.35,
        ("Salesforce", "SAP", "Solutions", "Integration"),
        (("Business Software", 4), ("Methodology", 1), ("Messaging & Streaming", 1), ("Database", 0.5)),
        ("SAP", "Salesforce", "SAP S/4HANA", "ABAP", "Apex", "MuleSoft"),
    ),
    Family(
        "networks and systems",
        0.25,
        ("Network", "Systems"),
        (("Protocol & Standard", 3), ("Operating System", 2), ("DevOps & Infrastructure", 1), ("Security", 1)),
        ("Networking", "TCP/IP", "Windows Server", "Cisco", "BGP", "VMware"),
    ),
    Family(
        "games and graphics",
        0.15,
        ("Game", "Graphics", "AR/VR"),
        (("Library", 1.5), ("Domain Knowledge", 1.5), ("Framework", 1), ("Programming Language", 1), ("Design", 1)),
        ("C++", "Unity", "C#", "Unreal Engine", "Computer Graphics", "OpenGL", "Vulkan"),
    ),
    Family(
        "blockchain",
        0.05,
        ("Blockchain",),
        (("Programming Language", 1), ("Security", 1), ("Domain Knowledge", 1)),
        ("Solidity", "Blockchain", "Ethereum", "Smart Contracts", "Rust", "Go"),
    ),
    Family(
        "developer tooling",
        0.08,
        ("Compiler", "Build"),
        (("Developer Tool", 3), ("Programming Language", 2), ("DevOps & Infrastructure", 1)),
        ("C++", "Compilers", "LLVM", "Bazel", "Rust", "Build Automation"),
    ),
)
AREAS = tuple(area for family in FAMILIES for area in family.areas)
#: Each noun: how common it is in titles, and the skills it adds (an Architect's architecture styles).
NOUNS = {
    "Engineer": (1.0, ()), "Developer": (0.9, ()), "Analyst": (0.45, ("Data & Analytics", "Methodology")),
    "Architect": (0.3, ("Architecture",)), "Consultant": (0.3, ("Methodology", "Architecture")),
    "Manager": (0.3, ("Methodology",)), "Scientist": (0.25, ("Machine Learning & AI", "Data & Analytics")),
    "Specialist": (0.25, ()), "Lead": (0.2, ("Methodology", "Architecture")),
    "Administrator": (0.2, ("Operating System", "DevOps & Infrastructure")), "Tester": (0.15, ("Testing",)),
    "Programmer": (0.1, ()), "Designer": (0.1, ("Design",)),
    "Technician": (0.05, ("Operating System", "Protocol & Standard")),
}  # fmt: skip
#: Skills every family asks for now and then, most common first.
CROSS_CUTTING = (
    "Agile", "Git", "SQL", "English", "Docker", "Linux", "CI/CD", "Scrum", "REST", "Amazon Web Services",
    "Jira", "Unit Testing",
)  # fmt: skip
#: Industries, and the families their companies mostly hire for.
INDUSTRIES = {
    "Financial Services": ("backend", "data engineering", "analytics"), "Banking": ("backend", "security"),
    "Insurance": ("analytics", "enterprise applications"), "Healthcare": ("data engineering", "full stack"),
    "Automotive": ("embedded",), "Telecommunications": ("networks and systems", "platform"),
    "Retail": ("enterprise applications", "analytics"), "E-commerce": ("full stack", "frontend", "backend"),
    "Logistics": ("backend", "enterprise applications"), "Energy": ("embedded", "data engineering"),
    "Manufacturing": ("enterprise applications", "embedded"), "Media & Entertainment": ("frontend", "mobile"),
    "Education": ("full stack", "mobile"), "Software": ("backend", "platform", "frontend", "quality"),
    "IT Services": ("platform", "networks and systems", "quality"), "Consulting": ("enterprise applications",),
    "Cybersecurity": ("security",), "Gaming": ("games and graphics",),
}  # fmt: skip
FOCUS_SHARE = 0.5  # of a company's postings are for roles of its focus family
SKILL_ZIPF = 1.1


@dataclass(frozen=True)
class Market:
    companies: list[Company]
    company_industry: list[Industry]
    company_focus: list[int]  # the family each company mostly hires for
    roles: list[Role]
    role_family: list[int]
    role_core: list[list[int]]  # skill indexes typical of each role, most typical first
    family_roles: list[list[int]]  # role indexes of each family, most popular first
    family_skills: list[list[int]]  # each family's neighbourhood, most common first
    cross_cutting: list[int]
    cities: list[Location]
    skills: list[Skill]  # the skill universe, interleaved across categories by rank


def _zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1.0 / (rank**s) for rank in range(1, n + 1)]


def _interleave(ranked: dict[str, list[int]], weights: Sequence[tuple[str, float]]) -> list[int]:
    """Merge ranked lists so a category of weight w contributes w skills for every 1 of a weight-1 one."""
    scored = [(rank / weight, c, skill) for c, weight in weights for rank, skill in enumerate(ranked.get(c, []))]
    return [skill for *_, skill in sorted(scored)]


def _draw(rng: random.Random, items: Sequence[int], cum: Sequence[float]) -> int:
    return items[rng.choices(range(len(items)), cum_weights=cum)[0]]


def market(
    rng: random.Random, *, companies: int = 5_000, roles: int = 2_000, cities: int = 3_000, skills: int = 1_500
) -> Market:
    taxonomy = default_taxonomy()
    # The universe: the leading part of each category (the taxonomy lists common skills first).
    keep = min(1.0, skills / len(taxonomy.skills))
    by_category: dict[str, list[Skill]] = {}
    for s in taxonomy.skills:
        by_category.setdefault(s.category, []).append(s)
    universe_ranked = {c: members[: max(1, round(len(members) * keep))] for c, members in by_category.items()}
    universe = _interleave_skills(universe_ranked)
    index = {s.name: i for i, s in enumerate(universe)}
    lookup = {
        **{a.lower(): s.name for s in taxonomy.skills for a in s.aliases},
        **{s.name.lower(): s.name for s in taxonomy.skills},
    }

    def find(name: str) -> int | None:
        found = lookup.get(name.lower())
        if found is None:
            return None
        if found not in index:  # an anchor outside the leading part of its category joins the universe
            index[found] = len(universe)
            universe.append(next(s for s in taxonomy.skills if s.name == found))
        return index[found]

    ranked = {c: [index[s.name] for s in members] for c, members in universe_ranked.items()}
    family_skills: list[list[int]] = []
    for family in FAMILIES:
        anchors = [i for i in (find(a) for a in family.anchors) if i is not None]
        rest = [i for i in _interleave(ranked, family.categories) if i not in anchors]
        family_skills.append(anchors + rest)
    cross_cutting = [i for i in (find(n) for n in CROSS_CUTTING) if i is not None]

    # Role popularity: broad families, their leading areas and common nouns first ("Backend Engineer"
    # before "Audio Technician"), with log-normal noise so the order is not a strict product.
    family_of_area = {area: f for f, family in enumerate(FAMILIES) for area in family.areas}
    area_weight = {a: family.weight / (i + 1) ** 0.5 for family in FAMILIES for i, a in enumerate(family.areas)}
    combos = {f"{a} {n}": ("", a, n) for a, n in itertools.product(AREAS, NOUNS)}
    # Beyond the plain titles, specialised ones qualify an area by another, mostly of its own family
    # ("Data Platform Engineer", "Cloud Security Architect"); they are rarer than plain titles.
    while len(combos) < roles:
        head = rng.choice(AREAS)
        family = FAMILIES[family_of_area[head]]
        other = rng.choice(family.areas if rng.random() < 0.6 and len(family.areas) > 1 else AREAS)
        noun = rng.choice(list(NOUNS))
        if other != head:
            combos.setdefault(f"{other} {head} {noun}", (other, head, noun))
    popularity = {
        name: area_weight[a] * NOUNS[n][0] * (0.4 * area_weight[q] if q else 1.0) * rng.lognormvariate(0, 0.5)
        for name, (q, a, n) in combos.items()
    }
    names = sorted(combos, key=lambda name: -popularity[name])[:roles]
    role_family = [family_of_area[combos[name][1]] for name in names]
    role_core: list[list[int]] = []
    for name in names:
        qualifier, area, noun = combos[name]
        hood = family_skills[family_of_area[area]]
        hood_cum = list(itertools.accumulate(_zipf_weights(len(hood), SKILL_ZIPF)))
        core: list[int] = []
        for named in (area, qualifier):  # a title's areas name its first skills when they can
            own = find(named) if named else None
            if own is not None and own not in core:
                core.append(own)
        flavour = [i for c in NOUNS[noun][1] for i in ranked.get(c, [])[:30]]
        while len(core) < 12:
            if flavour and rng.random() < 0.25:
                pick = rng.choice(flavour[:10]) if rng.random() < 0.6 else rng.choice(flavour)
            else:
                pick = _draw(rng, hood, hood_cum)
            if pick not in core:
                core.append(pick)
        role_core.append(core)
    family_roles = [[r for r in range(roles) if role_family[r] == f] for f in range(len(FAMILIES))]

    family_names = [f.name for f in FAMILIES]
    industries = list(INDUSTRIES)
    company_industry, company_focus = [], []
    for _ in range(companies):
        industry = rng.choice(industries)
        company_industry.append(Industry(name=industry))
        company_focus.append(family_names.index(rng.choice(INDUSTRIES[industry])))

    countries = [(f"Country {i}", f"{chr(65 + i // 26)}{chr(65 + i % 26)}") for i in range(30)]
    places: list[Location] = []
    for i in range(cities):
        country, code = countries[min(int(rng.paretovariate(1.2)) - 1, len(countries) - 1)]
        region = f"Region {code}-{i % 10}"
        places.append(Location(city=f"City {i}", region=region, country=country, country_code=code))
    return Market(
        companies=[Company(name=f"Company {i:05d}") for i in range(companies)],
        company_industry=company_industry,
        company_focus=company_focus,
        roles=[Role(name=name) for name in names],
        role_family=role_family,
        role_core=role_core,
        family_roles=family_roles,
        family_skills=family_skills,
        cross_cutting=cross_cutting,
        cities=places,
        skills=universe,
    )


def _interleave_skills(ranked: dict[str, list[Skill]]) -> list[Skill]:
    """All categories merged by relative rank, so the universe's head mixes every category's head."""
    scored = [
        ((rank + 1) / len(members), c, rank, s) for c, members in ranked.items() for rank, s in enumerate(members)
    ]
    return [s for *_, s in sorted(scored, key=lambda t: t[:3])]


#: Probability that a posting includes the i-th skill of its role's core (near-universal first).
CORE_INCLUSION = [0.85 * 0.86**i for i in range(12)]
#: Probability that a posting includes the i-th cross-cutting skill.
CROSS_INCLUSION = [0.24 / (i + 1) ** 0.8 for i in range(len(CROSS_CUTTING))]


def postings(n: int, seed: int = 0, **sizes: int) -> Iterator[ExtractedPosting]:
    rng = random.Random(seed)
    m = market(rng, **sizes)
    company_cum = list(itertools.accumulate(_zipf_weights(len(m.companies), 1.05)))
    role_cum = list(itertools.accumulate(_zipf_weights(len(m.roles), 1.05)))
    city_cum = list(itertools.accumulate(_zipf_weights(len(m.cities), 1.0)))
    skill_cum = list(itertools.accumulate(_zipf_weights(len(m.skills), SKILL_ZIPF)))
    # Within a family, roles keep their overall popularity order (role index = popularity rank).
    family_role_cum = [list(itertools.accumulate(1.0 / (r + 1) ** 1.05 for r in rs)) for rs in m.family_roles]
    hood_cum = [list(itertools.accumulate(_zipf_weights(len(h), SKILL_ZIPF))) for h in m.family_skills]
    companies, roles, cities = range(len(m.companies)), range(len(m.roles)), range(len(m.cities))
    start = date(2026, 1, 1)
    for i in range(n):
        c = _draw(rng, companies, company_cum)
        focus = m.company_focus[c]
        if rng.random() < FOCUS_SHARE and m.family_roles[focus]:
            r = _draw(rng, m.family_roles[focus], family_role_cum[focus])
        else:
            r = _draw(rng, roles, role_cum)
        city = m.cities[_draw(rng, cities, city_cum)]
        family = m.role_family[r]
        chosen = [s for s, p in zip(m.role_core[r], CORE_INCLUSION, strict=False) if rng.random() < p]
        if not chosen:
            chosen.append(m.role_core[r][0])
        chosen += [s for s, p in zip(m.cross_cutting, CROSS_INCLUSION, strict=False) if rng.random() < p]
        chosen += [_draw(rng, m.family_skills[family], hood_cum[family]) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.5:
            chosen.append(_draw(rng, range(len(m.skills)), skill_cum))
        chosen = list(dict.fromkeys(chosen))
        names = [m.skills[s].name for s in chosen]
        text = f"{m.roles[r].name} at {m.companies[c].name} in {city.city}. We use " + ", ".join(names) + "."
        hits, pos = [], text.index("We use ") + len("We use ")
        for s, name in zip(chosen, names, strict=True):
            hits.append(SkillHit(skill=m.skills[s], mentions=(Mention(start=pos, end=pos + len(name)),)))
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
