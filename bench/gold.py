"""Extraction against the hand annotation of the seed postings (``shared/data/seed/gold.json``).

Skill names follow gold.json's own rule: "a loader may use other canonical spellings if it maps the
listed aliases to them", so an emitted skill matches a gold name that is its canonical name or one
of its aliases (case and spacing aside).

    python -m bench.gold            # prints JSON; --details lists every disagreement
"""

import json
import sys
from typing import Any

from bench.common import SHARED
from loaders.extract.skills import normalise
from loaders.load import LoadReport, extracted
from loaders.readers import read_paths
from schema.model import Skill


def _forms(skill: Skill) -> set[str]:
    return {normalise(form)[0] for form in (skill.name, *skill.aliases)}


def _named(gold_names: list[str], skills: list[Skill]) -> tuple[set[str], set[str]]:
    """Gold names some emitted skill answers to, and emitted skills that answer to none of them."""
    found = {g for g in gold_names if any(normalise(g)[0] in _forms(s) for s in skills)}
    extra = {s.name for s in skills if not any(normalise(g)[0] in _forms(s) for g in gold_names)}
    return found, extra


def evaluate(details: bool = False) -> dict[str, Any]:
    gold = json.loads((SHARED / "data/seed/gold.json").read_text())["postings"]
    postings = list(extracted(read_paths([str(SHARED / "data/seed/postings.txt")]), LoadReport()))
    fields = {"title": 0, "role": 0, "seniority": 0, "company": 0, "locations": 0, "work_mode": 0, "industry": 0}
    must = found_must = emitted = outside = 0
    misses: list[str] = []
    for g, p in zip(gold, postings, strict=True):
        got = {
            "title": p.title,
            "role": p.role.name if p.role else None,
            "seniority": p.seniority.value if p.seniority else None,
            "company": p.company.name if p.company else None,
            "locations": [{"city": loc.city, "region": loc.region, "country": loc.country} for loc in p.locations],
            "work_mode": p.work_mode.value if p.work_mode else None,
            "industry": p.industries[0].name if p.industries else None,
        }
        ok = {
            "title": got["title"] == g["title"],
            "role": got["role"] in g["role_any"],
            "seniority": got["seniority"] == g["seniority"],
            "company": got["company"] == g["company"],
            "locations": got["locations"] == g["locations"],
            "work_mode": got["work_mode"] == g["work_mode"],
            "industry": got["industry"] in g["industry_any"],
        }
        for name, good in ok.items():
            fields[name] += good
            if not good:
                misses.append(f"line {g['lines'][0]} {name}: got {got[name]!r}")
        skills = list({hit.skill.key: hit.skill for hit in p.skills}.values())
        found, _ = _named(g["skills_must"], skills)
        _, extra = _named(g["skills_must"] + g["skills_may"], skills)
        must += len(g["skills_must"])
        found_must += len(found)
        emitted += len(skills)
        outside += len(extra)
        misses += [f"line {g['lines'][0]} skill missing: {s}" for s in sorted(set(g["skills_must"]) - found)]
        misses += [f"line {g['lines'][0]} skill outside must/may: {s}" for s in sorted(extra)]
    result: dict[str, Any] = {
        "postings": len(gold),
        "field_accuracy": {k: round(v / len(gold), 3) for k, v in fields.items()},
        "skills_must_recall": round(found_must / must, 3),
        "skills_emitted": emitted,
        "skills_outside_must_or_may": outside,
        "skills_outside_share": round(outside / max(1, emitted), 3),
    }
    if details:
        result["disagreements"] = misses
    return result


if __name__ == "__main__":
    print(json.dumps(evaluate("--details" in sys.argv), indent=2, ensure_ascii=False))
