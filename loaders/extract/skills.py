"""Skill extraction: a curated taxonomy matched with one Aho-Corasick pass over normalised text.

Normalisation folds case and treats runs of spaces and hyphens as one space, and tightens spaces
around ``/`` (so ``high - performance`` = ``high-performance`` = ``high performance``, and
``CI / CD`` = ``CI/CD``). Every normalised character remembers its offset in the original text, so
mentions are reported as offsets into the text the caller gave.

Precision guards: a match must sit on word boundaries (``Java`` is not in ``JavaScript``, ``C`` is
not in ``C++``); the longest match wins where matches overlap; short all-capital forms (``REST``,
``AWS``) must match with their capitals; and skills marked ``tech`` in the taxonomy (Go, R, Spring,
Swift, Excel, …) count only when written with their own capitals near another, unambiguous skill.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import ahocorasick

from loaders.errors import TaxonomyError
from schema.model import Mention, Skill, SkillHit

_CONTEXT_WINDOW = 160
_FOLD = re.compile(r"[\s\-\u2010-\u2015_]+")


@dataclass(frozen=True, slots=True)
class _Pattern:
    skill: int  # index into Taxonomy.skills
    surface: str  # the alias as written in the taxonomy (for case-sensitive checks)
    exact_case: bool  # must the original text carry the same capitals?


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int  # in normalised text
    end: int
    pattern: _Pattern


def normalise(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each of its characters, the offset of the original character."""
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace() or ch in "-\u2010\u2011\u2012\u2013\u2014\u2015_":
            j = i
            while j < n and (text[j].isspace() or text[j] in "-\u2010\u2011\u2012\u2013\u2014\u2015_"):
                j += 1
            nxt = text[j] if j < n else ""
            prev = out[-1] if out else ""
            if nxt == "/" or prev == "/":
                i = j  # "CI / CD" -> "ci/cd"
                continue
            if out:
                out.append(" ")
                offsets.append(i)
            i = j
            continue
        for low in ch.lower():
            out.append(low)
            offsets.append(i)
        i += 1
    while out and out[-1] == " ":
        out.pop()
        offsets.pop()
    return "".join(out), offsets


def _fold(alias: str) -> str:
    return normalise(alias)[0]


def _needs_exact_case(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    if len(surface.strip()) <= 2:
        return True
    return bool(letters) and len(letters) <= 5 and all(c.isupper() for c in letters)


class Taxonomy:
    """The canonical skills and an automaton over every alias."""

    def __init__(self, rows: list[tuple[str, str, list[str], bool]]) -> None:
        self.skills: list[Skill] = []
        self.ambiguous: list[bool] = []
        self.by_key: dict[str, Skill] = {}
        self._automaton = ahocorasick.Automaton()
        patterns: dict[str, list[_Pattern]] = {}
        for name, category, aliases, ambiguous in rows:
            index = len(self.skills)
            skill = Skill(name=name, category=category, aliases=tuple(aliases))
            self.skills.append(skill)
            self.ambiguous.append(ambiguous)
            self.by_key[skill.key] = skill
            for surface in [name, *aliases]:
                folded = _fold(surface)
                if not folded:
                    continue
                pattern = _Pattern(index, surface, ambiguous or _needs_exact_case(surface))
                patterns.setdefault(folded, []).append(pattern)
        for folded, found in patterns.items():
            self._automaton.add_word(folded, (folded, tuple(found)))
        self._automaton.make_automaton()

    @classmethod
    def from_tsv(cls, text: str) -> Taxonomy:
        reader = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header != ["name", "category", "aliases", "context"]:
            raise TaxonomyError(f"skills.tsv: unexpected header {header!r}")
        rows: list[tuple[str, str, list[str], bool]] = []
        for number, row in enumerate(reader, start=2):
            if not row or not row[0].strip():
                continue
            if len(row) != 4:
                raise TaxonomyError(f"skills.tsv:{number}: expected 4 columns, got {len(row)}")
            name, category, aliases, context = (cell.strip() for cell in row)
            rows.append((name, category, [a.strip() for a in aliases.split("|") if a.strip()], context == "tech"))
        return cls(rows)

    def find(self, text: str) -> list[SkillHit]:
        """Skills named in ``text``, in order of first mention, each with every mention's offsets."""
        norm, offsets = normalise(text)
        candidates = self._candidates(norm)
        chosen = _longest_non_overlapping(candidates)
        firm = [c for c in chosen if not self._is_ambiguous(c)]
        hits: dict[int, list[Mention]] = {}
        for cand in chosen:
            start, end = offsets[cand.start], offsets[cand.end - 1] + 1
            if cand.pattern.exact_case and not _same_case(text[start:end], cand.pattern.surface):
                continue
            if self._is_ambiguous(cand) and not _has_context(cand, firm):
                continue
            hits.setdefault(cand.pattern.skill, []).append(Mention(start=start, end=end))
        return [SkillHit(skill=self.skills[i], mentions=tuple(m)) for i, m in hits.items()]

    def _is_ambiguous(self, cand: _Candidate) -> bool:
        return self.ambiguous[cand.pattern.skill]

    def _candidates(self, norm: str) -> list[_Candidate]:
        out: list[_Candidate] = []
        for end_index, (folded, patterns) in self._automaton.iter(norm):
            start, end = end_index - len(folded) + 1, end_index + 1
            if not _on_boundaries(norm, start, end):
                continue
            out.extend(_Candidate(start, end, p) for p in patterns)
        return out


def _on_boundaries(norm: str, start: int, end: int) -> bool:
    before = norm[start - 1] if start > 0 else " "
    after = norm[end] if end < len(norm) else " "
    if before.isalnum() or (before == "." and norm[start].isalnum() and start > 1 and norm[start - 2].isalnum()):
        return False
    if norm[start] == "." and before.isalnum():
        return False
    if after.isalnum() or after in "+#":
        return False
    return not (after in "./" and end + 1 < len(norm) and norm[end + 1].isalnum())


def _longest_non_overlapping(candidates: list[_Candidate]) -> list[_Candidate]:
    ordered = sorted(candidates, key=lambda c: (c.start, -(c.end - c.start)))
    chosen: list[_Candidate] = []
    taken_until = -1
    for cand in ordered:
        if cand.start >= taken_until:
            chosen.append(cand)
            taken_until = cand.end
        elif chosen and cand.start == chosen[-1].start and cand.end == chosen[-1].end:
            chosen.append(cand)  # the same span claimed by two patterns of one skill is harmless
    return chosen


_NON_ALNUM = re.compile(r"[\W_]+")


def _same_case(original: str, surface: str) -> bool:
    """Do the two spellings carry the same letters with the same capitals (punctuation aside)?"""
    return _NON_ALNUM.sub("", original) == _NON_ALNUM.sub("", surface)


def _has_context(cand: _Candidate, firm: list[_Candidate]) -> bool:
    return any(f.pattern.skill != cand.pattern.skill and abs(f.start - cand.start) <= _CONTEXT_WINDOW for f in firm)


@cache
def default_taxonomy() -> Taxonomy:
    """The taxonomy shipped in ``loaders/data/skills.tsv``, loaded once per process."""
    text = resources.files("loaders").joinpath("data/skills.tsv").read_text(encoding="utf-8")
    return Taxonomy.from_tsv(text)


def find_skills(text: str) -> list[SkillHit]:
    return default_taxonomy().find(text)
