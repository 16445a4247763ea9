"""Validate the curated skill taxonomy in ``skills.tsv``.

Usage::

    python scripts/check_skills.py [path/to/skills.tsv]

Checks the header, the column count of every row, the category and context
vocabularies, empty or duplicate canonical names and alias collisions, then
prints a JSON summary ``{"rows", "by_category", "aliases", "tech_context", "generic_context"}``.
Problems are reported on stderr and make the script exit with status 1.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HEADER: tuple[str, ...] = ("name", "category", "aliases", "context")

CATEGORIES: frozenset[str] = frozenset(
    {
        "Programming Language",
        "Framework",
        "Library",
        "Database",
        "Cloud Platform",
        "Cloud Service",
        "DevOps & Infrastructure",
        "Data & Analytics",
        "Machine Learning & AI",
        "Operating System",
        "Protocol & Standard",
        "Methodology",
        "Practice",
        "Testing",
        "Security",
        "Observability",
        "Messaging & Streaming",
        "Mobile",
        "Frontend",
        "Design",
        "Business Software",
        "Developer Tool",
        "Architecture",
        "Domain Knowledge",
        "Language",
    }
)

CONTEXTS: frozenset[str] = frozenset({"always", "tech", "generic"})

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "loaders" / "data" / "skills.tsv"

_SPACE_RE = re.compile(r"\s+")
# Whitespace next to punctuation is not significant: "TCP / IP" == "TCP/IP".
_PUNCT_SPACE_RE = re.compile(r"\s*([^\w\s])\s*")
# Characters the matcher treats as interchangeable separators.
_SEPARATORS_RE = re.compile(r"[\s\-_./,:;'\u2019()\u00b7]+")


def normalise(form: str) -> str:
    """Case-, width- and spacing-insensitive key (the matcher's view of a form)."""
    text = unicodedata.normalize("NFKC", form).casefold()
    text = text.replace("\u2010", "-").replace("\u2011", "-").replace("\u2013", "-")
    text = _SPACE_RE.sub(" ", text).strip()
    return _PUNCT_SPACE_RE.sub(r"\1", text)


def loose_key(form: str) -> str:
    """Stricter key that also ignores hyphens, dots, slashes and spaces."""
    return _SEPARATORS_RE.sub("", normalise(form))


def split_aliases(field: str) -> list[str]:
    return [part.strip() for part in field.split("|")] if field.strip() else []


def validate(path: Path) -> tuple[dict[str, object], list[str]]:
    problems: list[str] = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [f"cannot read {path}: {exc}"]

    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        return {}, [f"{path} is empty"]
    if tuple(lines[0].split("\t")) != HEADER:
        expected = "\t".join(HEADER)
        problems.append(f"line 1: header must be {expected!r}, got {lines[0]!r}")

    by_category: Counter[str] = Counter()
    names: dict[str, int] = {}
    # key -> (line number, canonical name, original form)
    exact_owner: dict[str, tuple[int, str, str]] = {}
    loose_owner: dict[str, tuple[int, str, str]] = {}
    alias_count = 0
    tech_count = 0
    generic_count = 0
    rows = 0

    for lineno, line in enumerate(lines[1:], start=2):
        if not line.strip():
            problems.append(f"line {lineno}: blank line")
            continue
        if "\r" in line:
            problems.append(f"line {lineno}: carriage return in line")
        cols = line.split("\t")
        if len(cols) != len(HEADER):
            problems.append(f"line {lineno}: expected {len(HEADER)} columns, got {len(cols)}: {line!r}")
            continue
        rows += 1
        name, category, alias_field, context = cols
        if not name.strip():
            problems.append(f"line {lineno}: empty name")
            continue
        if name != name.strip():
            problems.append(f"line {lineno}: surrounding whitespace in name {name!r}")
        if category not in CATEGORIES:
            problems.append(f"line {lineno}: unknown category {category!r} for {name!r}")
        else:
            by_category[category] += 1
        if context not in CONTEXTS:
            problems.append(f"line {lineno}: context must be always|tech|generic, got {context!r} for {name!r}")
        elif context == "tech":
            tech_count += 1
        elif context == "generic":
            generic_count += 1

        name_key = normalise(name)
        if name_key in names:
            problems.append(f"line {lineno}: duplicate name {name!r} (first on line {names[name_key]})")
        else:
            names[name_key] = lineno

        aliases = split_aliases(alias_field)
        if alias_field.strip() and any(not a for a in aliases):
            problems.append(f"line {lineno}: empty alias in {alias_field!r} for {name!r}")
        aliases = [a for a in aliases if a]
        alias_count += len(aliases)

        seen_in_row: set[str] = set()
        for form in [name.strip(), *aliases]:
            key = normalise(form)
            if key in seen_in_row:
                problems.append(f"line {lineno}: form {form!r} repeated within {name!r}")
                continue
            seen_in_row.add(key)
            for table, k in ((exact_owner, key), (loose_owner, loose_key(form))):
                if not k:
                    problems.append(f"line {lineno}: form {form!r} of {name!r} normalises to nothing")
                    break
                owner = table.get(k)
                if owner is None:
                    table[k] = (lineno, name, form)
                elif owner[1] != name:
                    problems.append(
                        f"line {lineno}: {form!r} of {name!r} collides with {owner[2]!r} "
                        f"of {owner[1]!r} (line {owner[0]})"
                    )
                    break

    summary: dict[str, object] = {
        "rows": rows,
        "by_category": dict(sorted(by_category.items())),
        "aliases": alias_count,
        "tech_context": tech_count,
        "generic_context": generic_count,
    }
    return summary, problems


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    summary, problems = validate(path)
    for problem in problems:
        print(problem, file=sys.stderr)
    if summary:
        print(json.dumps(summary, ensure_ascii=False))
    if problems:
        print(f"{len(problems)} problem(s) in {path}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
