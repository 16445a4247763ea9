"""Skill extraction: a curated taxonomy matched over normalised text by one Aho-Corasick pass (and, for
short one-word aliases, a second one that finds whole words only).

Normalisation folds case and treats runs of spaces and hyphens as one space, and tightens spaces
around ``/`` (so ``high - performance`` = ``high-performance`` = ``high performance``, and
``CI / CD`` = ``CI/CD``). Every normalised character remembers its offset in the original text, so
mentions are reported as offsets into the text the caller gave.

Each row of the taxonomy has a *context*, which says how much evidence a match needs:

``always``
    A distinctive name (Kubernetes, PostgreSQL): every match counts.
``tech``
    A name that is also an ordinary word or a short code (Go, R, Spring, Swift): it counts only when
    written with the taxonomy's own capitals and near another, firm skill.
``generic``
    A broad concept named by an ordinary word (cloud, backend, infrastructure, security, fintech):
    it counts near another firm skill, in any case, and a one-word mention counts only as a noun.
    Used as a modifier of some other noun it describes that noun, not a requirement ("our
    infrastructure teams", "a fintech company", "cloud solutions"), unless that noun is a knowledge
    head that completes the concept, in which case the mention covers both ("cloud platforms",
    "backend logic", "testing frameworks"). After a possessive ("our backend") it names the
    employer's own system and does not count.

Rules that hold for every skill:

* A match must sit on word boundaries (``Java`` is not in ``JavaScript``, ``C`` is not in ``C++``);
  the longest match wins where matches overlap.
* Short all-capital forms (``REST``, ``AWS``) must match with their capitals.
* A technology's name followed by a generic noun (``AWS services``, ``Spring framework``,
  ``C programming``) is mentioned by its name alone.
* ``/`` joins alternatives only between two skills: ``Java/Kotlin`` and ``AWS/GCP/Azure`` name each
  skill, while ``TCP`` in an unknown ``TCP/XYZ`` does not count.
* A ``tech`` name needs no other skill nearby when a technology noun follows it (``the React
  framework``, ``a Go developer``, ``an Agile environment``); two ``tech`` names of four letters or
  more, each with its capitals, vouch for each other (``React`` and ``RESTful API``).
* In a list of three or more skills with nothing but separators between them (a tag line such as
  ``java angularjs oracle microservices``), every item counts even when written in lower case
  (``go``, ``rest``, ``c``) or without nearby context: the list itself is the evidence. A broad
  concept used as a modifier stays out ("front-end and infrastructure teams").
* A skill word that closes an employer's name (``at Latitude AI``, ``join Mistral AI``) is no skill.
* Spoken languages (category ``Language``: English, German, Deutsch, inglês, …) count only as
  language requirements: next to a cue such as *fluent*, *written*, *spoken*, *native*, a CEFR level
  (``C1``), *Kenntnisse*, *fließend*, *fluente*, *avançado*, or in a list with such a language.
  "The German market" or "our English-language website" name no skill.
* Mentions inside job titles ("Senior Java Developer") are kept: the title is where the posting
  names the skill, and a skill named only there is still a skill of the posting.
"""

from __future__ import annotations

import csv
import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from operator import itemgetter
from typing import Any, NamedTuple, overload

import ahocorasick_rs
from pydantic import TypeAdapter

from loaders.errors import TaxonomyError
from schema.model import Skill, SkillHit

_CONTEXT_WINDOW = 160
_NON_ALNUM = re.compile(r"[\W_]+")
_SPACE = re.compile(r"\s")  # str.isspace, in C
_SHORT_WORD = 3  # aliases of one word up to this length are matched as whole words (``Taxonomy._words``)
_ALNUM_RUN = re.compile(r"[^\W_]+")
_SEPARATORS = "-\u2010\u2011\u2012\u2013\u2014\u2015_"
_SEP_RUN = re.compile(r"[\s\-\u2010-\u2015_]+")
_WORD = re.compile(r"[^\W_]+(?:[.+#'\u2019][^\W_]+)*[+#]*")
#: A byte table keeping ASCII letters and digits and making every other byte a space (``Taxonomy._whole_words``).
_ALNUM_OR_SPACE = bytes(b if chr(b).isalnum() and b < 0x80 else 0x20 for b in range(256))
_LIST_GAP = re.compile(r"(?:[\s,;|/&\u00b7\u2022()\[\]]|\b(?:and|or|und|oder|e|ou|y)\b)*")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ALWAYS, TECH, GENERIC = "always", "tech", "generic"
CONTEXTS = (ALWAYS, TECH, GENERIC)
LANGUAGE_CATEGORY = "Language"

# Nouns that complete a broad concept into a knowledge area ("cloud platforms", "backend logic").
_HEADS = _words(
    """technology technologies tech platform platforms framework frameworks infrastructure
    infrastructures environment environments stack stacks tool tools tooling service services
    architecture architectures development engineering logic concepts principles practices methods
    methodologies processes techniques computing systems security design modeling modelling
    management administration operations optimization optimisation tuning
    technologien plattformen umgebungen infrastruktur architektur entwicklung dienste werkzeuge
    methoden"""
)
# Generic nouns after a technology's own name ("Spring framework", "AWS services", "C programming").
_NAME_SUFFIXES = _words(
    """programming language lang scripting services service framework platform ecosystem environment
    technologies technology tools stack"""
)
# A noun after a tech name that shows it is meant as technology ("the React framework").
_TECH_NOUN = re.compile(
    r"[\s\-]+(?:frameworks?|librar(?:y|ies)|language|programming|developers?|engineers?|development|"
    r"stack|ecosystem|codebases?|applications?|apps|environments?|practices|methods|methodolog(?:y|ies)|"
    r"principles)\b"
)
# Words after a broad concept that leave it standing as a noun: what the posting asks of the
# candidate, a role built on it, a field it names, or grammar.
_KEEP_AFTER = _words(
    """experience experiences skills skill knowledge expertise background understanding exposure
    proficiency competence competencies fundamentals basics best know how
    engineer engineers developer developers architect architects specialist specialists expert
    experts consultant consultants administrator administrators programmer programmers analyst
    analysts tester testers lead leads manager managers role roles position domain domains
    and or nor but as with without in to for of at on by from into onto over under about between
    than then that which who whom whose where when while if so because although though whether
    this these those it its they them we us you he she i is are was were be been being am has have
    had do does did will would can could may might must should shall not no also too very well
    using use used including include includes such like e.g eg i.e ie etc vs versus via within
    across throughout based driven related focused oriented first heavy wide
    erfahrung erfahrungen kenntnisse kenntnissen wissen know-how entwickler entwicklerin ingenieur
    ingenieurin architekt architektin und oder mit für von im bei sowie als zu in e ou com em para
    de do da dos das no na nos nas como por experiência conhecimento conhecimentos desenvolvedor
    desenvolvedora engenheiro engenheira arquiteto arquiteta"""
)
# Possessives after which a broad concept is the employer's own system ("our infrastructure").
_POSSESSIVES = _words(
    """our your their its his her my unser unsere unserer unseres unserem unseren ihr ihre ihrer
    ihres ihrem ihren nosso nossa nossos nossas seu sua seus suas"""
)
# "at Latitude ", "join Scale ", "bei Aleph Alpha ": one or two capitalised words after a word that
# introduces an employer, right before a mention.
_ORGANISATION_BEFORE = re.compile(r"(?:\b(?i:at|join|joining|bei|na|no)\s+|@\s*)((?:[A-Z][\w&'\u2019.]*\s+){1,2})\Z")
# Words that mark a spoken language as a requirement.
_LANGUAGE_CUES = re.compile(
    r"\b(?:fluen\w*|speak\w*|spoken|written|writing|oral|verbal\w*|native|mother\s+tongue|"
    r"bilingual|(?<![-\u2010\u2011])language\w*|skills?|proficien\w*|command|level|business|conversational|"
    r"knowledge|advanced|intermediate|basic|communicat\w*|required|mandatory|a\s+plus|"
    r"advantage\w*|desirable|preferred|[abc][12]|"
    r"flie(?:ss|ß)end\w*|verhandlungssicher\w*|\w*kenntnisse\w*|(?<![-\u2010\u2011])sprach\w*|muttersprach\w*|"
    r"wort\s+und\s+schrift|gut\w*|erforderlich|wünschenswert|vorteil|voraussetzung|"
    r"fluente\w*|flu[eê]ncia|avan[cç]ad\w*|intermedi[aá]ri\w*|b[aá]sic\w*|t[eé]cnico|idioma\w*|"
    r"nativ\w*|conversa[cç][aã]o|leitura|escrita|dom[ií]nio|obrigat[oó]ri\w*|desej[aá]vel|diferencial)\b",
    re.IGNORECASE,
)
_LANGUAGE_CUE_REACH = 40  # characters either side of a language mention
_ASCII_CAPITAL = re.compile("[A-Z]")
#: Builds a text's hits in one validation: much cheaper than a model at a time (the skills are kept as they are).
_HITS = TypeAdapter(list[SkillHit])


@dataclass(frozen=True, slots=True)
class _Pattern:
    skill: int  # index into Taxonomy.skills
    surface: str  # the alias as written in the taxonomy, name part only (for case-sensitive checks)
    exact_case: bool  # must the original text carry the same capitals?
    name_length: int  # normalised length of the name itself, without a generic noun after it
    bare: str  # the surface without punctuation (``_same_case``)


class _Candidate(NamedTuple):  # a tuple: made by the thousand, and cheaper to make than a frozen dataclass
    start: int  # in normalised text
    end: int
    pattern: _Pattern


_START, _END = itemgetter(0), itemgetter(1)  # a _Candidate's start and end


@dataclass(slots=True)
class _Match:
    cand: _Candidate
    start: int  # in the original text
    end: int
    context: str
    language: bool
    case_ok: bool
    ok: bool = False
    modifier: bool = False  # a broad concept used as a modifier of another noun


class OffsetMap(Sequence[int]):
    """Offsets of normalised characters in the original text, kept as breakpoints, not per character.

    Normalisation only shifts positions where a run of separators folds to one space or vanishes
    (around ``/``, at the ends), so a few ``(normalised start, original start)`` segments describe it.
    """

    __slots__ = ("_length", "_norm", "_orig")

    def __init__(self, segments: list[tuple[int, int]], length: int) -> None:
        self._norm = [n for n, _ in segments]
        self._orig = [o for _, o in segments]
        self._length = length

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> list[int]: ...
    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        return self.at(index)

    def at(self, index: int) -> int:
        """``self[index]`` for an index known to be in range, without the checks (made by the thousand)."""
        norm = self._norm
        at = bisect_right(norm, index) - 1 if len(norm) > 1 else 0
        return self._orig[at] + index - norm[at]


# Every white-space character but the space, and the hyphens and dashes: each becomes one space (the ASCII
# ones first: an ASCII text holds no other). A str.replace for each one present is several times cheaper
# than a translation table or a regular expression, which test the text character by character.
_ONE_SEPARATOR = sorted(
    (chr(cp) for cp in range(0x10000) if (chr(cp).isspace() or chr(cp) in _SEPARATORS) and cp != 0x20),
    key=lambda ch: not ch.isascii(),
)
_ASCII_SEPARATORS = [ch for ch in _ONE_SEPARATOR if ch.isascii()]
# What moves positions: spaces around a slash, and runs of spaces. Each such run holds one of the
# ``_IRREGULAR_STARTS``, and the first of them in the text is where the next run starts.
_IRREGULAR = re.compile(r" +/ *|/ +| {2,}")
_IRREGULAR_STARTS = ("  ", " /", "/ ")


def normalise(text: str) -> tuple[str, Sequence[int]]:
    """Folded text and, for each of its characters, the offset of the original character."""
    low = text.lower()
    if len(low) != len(text):
        return _normalise_slowly(text)
    flat = low  # each separator becomes one space: positions do not move
    for separator in _ASCII_SEPARATORS if low.isascii() else _ONE_SEPARATOR:
        if separator in flat:
            flat = flat.replace(separator, " ")
    first, last = len(flat) - len(flat.lstrip(" ")), len(flat.rstrip(" "))
    if last <= first:
        return "", OffsetMap([(0, 0)], 0)
    parts: list[str] = []
    segments: list[tuple[int, int]] = [(0, first)]
    pos, size = first, 0
    # str.find skips through the text far faster than a regular expression that stops at every space.
    ahead = [flat.find(s, first, last) for s in _IRREGULAR_STARTS]
    while True:
        ahead = [
            flat.find(s, pos, last) if 0 <= at < pos else at for s, at in zip(_IRREGULAR_STARTS, ahead, strict=True)
        ]
        found = [at for at in ahead if at >= 0]
        run = _IRREGULAR.match(flat, min(found), last) if found else None
        if run is None:
            break
        start, end = run.span()
        slash = flat.find("/", start, end)
        parts.append(flat[pos:start])
        size += start - pos
        segments.append((size, slash if slash >= 0 else start))
        parts.append("/" if slash >= 0 else " ")
        size += 1
        segments.append((size, end))
        pos = end
    parts.append(flat[pos:last])
    size += last - pos
    return "".join(parts), OffsetMap(segments, size)


def _normalise_slowly(text: str) -> tuple[str, Sequence[int]]:
    """The same folding, character by character, for text whose lower case changes its length."""
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace() or ch in _SEPARATORS:
            j = i
            while j < n and (text[j].isspace() or text[j] in _SEPARATORS):
                j += 1
            nxt = text[j] if j < n else ""
            prev = out[-1] if out else ""
            if nxt == "/" or prev == "/":
                i = j
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


def _name_length(folded: str, forms: dict[str, str]) -> int:
    """``AWS services``, ``C programming``: the mention is the name (``AWS``), not the generic noun."""
    head, _, last = folded.rpartition(" ")
    if head and last in _NAME_SUFFIXES and head in forms:
        return len(head)
    return len(folded)


def _context_of(value: bool | str) -> str:
    if isinstance(value, bool):
        return TECH if value else ALWAYS
    if value not in CONTEXTS:
        raise TaxonomyError(f"unknown context {value!r} (expected one of {', '.join(CONTEXTS)})")
    return value


class Taxonomy:
    """The canonical skills and an automaton over every alias.

    Each row is ``(name, category, aliases, context)``; context is ``"always"``, ``"tech"`` or
    ``"generic"`` (a bool is read as tech/always).
    """

    def __init__(self, rows: list[tuple[str, str, list[str], bool | str]]) -> None:
        self.skills: list[Skill] = []
        self.contexts: list[str] = []
        self.by_key: dict[str, Skill] = {}
        patterns: dict[str, list[_Pattern]] = {}
        for name, category, aliases, context in rows:
            index = len(self.skills)
            skill = Skill(name=name, category=category, aliases=tuple(aliases))
            kind = _context_of(context)
            self.skills.append(skill)
            self.contexts.append(kind)
            self.by_key[skill.key] = skill
            forms: dict[str, str] = {}
            for surface in [name, *aliases]:
                forms.setdefault(_fold(surface), surface)
            for surface in [name, *aliases]:
                folded = _fold(surface)
                if not folded:
                    continue
                exact = kind == TECH or _needs_exact_case(surface)
                length = len(folded) if kind == GENERIC else _name_length(folded, forms)
                if length < len(folded):
                    surface = forms[folded[:length]]  # "Agile" for "agile environment"
                pattern = _Pattern(index, surface, exact, length, _NON_ALNUM.sub("", surface))
                patterns.setdefault(folded, []).append(pattern)
        # Short one-word aliases ("r", "c", "go", "sql") occur inside most words: they are looked for as whole
        # words only (``_whole_words``), the rest by the automaton.
        self._words: dict[str, tuple[_Pattern, ...]] = {}
        self._phrases: list[tuple[_Pattern, ...]] = []
        for folded, found in patterns.items():
            if len(folded) <= _SHORT_WORD and _ALNUM_RUN.fullmatch(folded):
                self._words[folded] = tuple(found)
            else:
                self._phrases.append(tuple(found))
        long_forms = [folded for folded in patterns if folded not in self._words]
        self._languages = [skill.category == LANGUAGE_CATEGORY for skill in self.skills]
        self._automaton = ahocorasick_rs.AhoCorasick(long_forms, matchkind=ahocorasick_rs.MatchKind.Standard)
        # Whole words are found by an automaton over the text's bytes with every character but an ASCII letter or digit
        # made a space, in which `` go `` is the word ``go``: several times faster than a regular expression
        # that only tries whole words, which is left to the few aliases with other letters (``ømq``).
        self._ascii_words = [word for word in self._words if word.isascii()]
        self._other_words = [word for word in self._words if not word.isascii()]
        self._other_pattern = re.compile(rf"[\W_]({_trie_regex(self._other_words)})(?![^\W_])")
        self._word_automaton = ahocorasick_rs.BytesAhoCorasick(
            [f" {word} ".encode() for word in self._ascii_words] or [b"\x00"],
            matchkind=ahocorasick_rs.MatchKind.Standard,
        )

    @property
    def ambiguous(self) -> list[bool]:
        """For each skill: does it need technical context (``tech`` or ``generic``)?"""
        return [kind != ALWAYS for kind in self.contexts]

    @classmethod
    def from_tsv(cls, text: str) -> Taxonomy:
        reader = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header != ["name", "category", "aliases", "context"]:
            raise TaxonomyError(f"skills.tsv: unexpected header {header!r}")
        rows: list[tuple[str, str, list[str], bool | str]] = []
        for number, row in enumerate(reader, start=2):
            if not row or not row[0].strip():
                continue
            if len(row) != 4:
                raise TaxonomyError(f"skills.tsv:{number}: expected 4 columns, got {len(row)}")
            name, category, aliases, context = (cell.strip() for cell in row)
            if context not in CONTEXTS:
                raise TaxonomyError(f"skills.tsv:{number}: unknown context {context!r}")
            rows.append((name, category, [a.strip() for a in aliases.split("|") if a.strip()], context))
        return cls(rows)

    def find(self, text: str) -> list[SkillHit]:
        """Skills named in ``text``, in order of first mention, each with every mention's offsets."""
        norm, offsets = normalise(text)
        chosen = _coordinated(_longest_non_overlapping(self._candidates(norm)), norm)
        at = offsets.at if isinstance(offsets, OffsetMap) else offsets.__getitem__
        contexts, languages = self.contexts, self._languages
        matches: list[_Match] = []
        for cand in chosen:
            pattern = cand.pattern
            start, end = at(cand.start), at(cand.start + pattern.name_length - 1) + 1
            case_ok = not pattern.exact_case or _same_case(text[start:end], pattern.bare)
            matches.append(_Match(cand, start, end, contexts[pattern.skill], languages[pattern.skill], case_ok))
        firm = [m.cand for m in matches if m.case_ok and not m.language and _is_firm(m, text)]
        firm_starts = [f.start for f in firm]  # in order, as the matches are
        starts = {c.start for c in chosen}
        for m in matches:
            if m.language:
                m.ok = m.case_ok and _is_language_requirement(m, text)
            elif m.context == ALWAYS or (m.context == GENERIC and _is_phrase(text, m)):
                m.ok = m.case_ok
            elif m.context == TECH and m.case_ok and _TECH_NOUN.match(text, m.end):
                m.ok = True  # "the React framework", "a Go developer"
            else:
                m.ok = m.case_ok and _has_context(m.cand, firm, firm_starts)
            if m.context == GENERIC and not _as_noun(m, text, norm, offsets, starts):
                m.ok, m.modifier = False, True
        _accept_lists(matches, norm)
        _accept_language_lists(matches, norm)
        hits: dict[int, dict[tuple[int, int], None]] = {}  # each skill's mentions, in order, each once
        for m in matches:
            if m.ok and (m.language or not _ends_an_organisation_name(text, m)):
                hits.setdefault(m.cand.pattern.skill, {})[m.start, m.end] = None
        skills = self.skills
        return _HITS.validate_python(
            [{"skill": skills[i], "mentions": [{"start": s, "end": e} for s, e in spans]} for i, spans in hits.items()]
        )

    def _candidates(self, norm: str) -> list[_Candidate]:
        """Every alias on word boundaries, in no particular order (``_longest_non_overlapping`` sorts)."""
        out: list[_Candidate] = []
        add, phrases = out.append, self._phrases
        size = len(norm)
        for index, start, end in self._automaton.find_matches_as_indexes(norm, overlapping=True):
            if (start and norm[start - 1].isalnum()) or (end < size and norm[end].isalnum()):
                continue  # inside a word ("posit" in "position"): most misses, and _on_boundaries says so too
            if _on_boundaries(norm, start, end):
                for pattern in phrases[index]:
                    add(_Candidate(start, end, pattern))
        for start, end, word in self._whole_words(norm):
            if _on_boundaries(norm, start, end):
                for pattern in self._words[word]:
                    add(_Candidate(start, end, pattern))
        return out

    def _whole_words(self, norm: str) -> Iterator[tuple[int, int, str]]:
        """``(start, end, word)`` for each short one-word alias standing as a whole word in ``norm``."""
        # One byte a character (anything not ASCII becomes ``?``), a space for all but letters and digits, and a
        # space in front for the start of the text (which shifts every offset by one) and one for its end.
        spaced = b" " + norm.encode("ascii", "replace").translate(_ALNUM_OR_SPACE) + b" "
        words, size, ascii = self._ascii_words, len(norm), norm.isascii()
        for index, start, end in self._word_automaton.find_matches_as_indexes(spaced, overlapping=True):
            end -= 2
            if ascii or not ((start and norm[start - 1].isalnum()) or (end < size and norm[end].isalnum())):
                yield start, end, words[index]  # (not next to a letter that was not ASCII: "égo" is no "go")
        if not ascii and any(word in norm for word in self._other_words):
            # A whole word is one alias at most, so matches of the word pattern never overlap.
            for found in self._other_pattern.finditer(" " + norm):
                yield found.start(1) - 1, found.end(1) - 1, found.group(1)


def _trie_regex(words: Iterable[str]) -> str:
    """An alternation of ``words`` nested by common prefix (``c(?:i|ss)?``): one branch per letter
    tried at each position, where a flat alternation would try every word."""
    trie: dict[str, dict[str, Any]] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{'|'.join(branches)})"
        return body + "?" if "" in node else body

    return render(trie) or "(?!)"


def _on_boundaries(norm: str, start: int, end: int) -> bool:
    before = norm[start - 1] if start > 0 else " "
    after = norm[end] if end < len(norm) else " "
    if before.isalnum() or (before == "." and norm[start].isalnum() and start > 1 and norm[start - 2].isalnum()):
        return False
    if norm[start] == "." and before.isalnum():
        return False
    if after.isalnum() or after in "+#":
        return False
    return not (after == "." and end + 1 < len(norm) and norm[end + 1].isalnum())


def _longest_non_overlapping(candidates: list[_Candidate]) -> list[_Candidate]:
    # By start, the longest first: two sorts on one field each (both stable) are cheaper than one on a pair.
    ordered = sorted(candidates, key=_END, reverse=True)
    ordered.sort(key=_START)
    chosen: list[_Candidate] = []
    taken_until = -1
    for cand in ordered:
        if cand.start >= taken_until:
            chosen.append(cand)
            taken_until = cand.end
        elif chosen and cand.start == chosen[-1].start and cand.end == chosen[-1].end:
            chosen.append(cand)  # the same span claimed by two patterns of one skill is harmless
    return chosen


def _coordinated(chosen: list[_Candidate], norm: str) -> list[_Candidate]:
    """Drop a match glued by ``/`` to a word that is not itself a skill (``TCP`` in ``TCP/XYZ``)."""
    if "/" not in norm:
        return chosen  # nothing is glued
    starts = {c.start for c in chosen}
    ends = {c.end for c in chosen}
    out: list[_Candidate] = []
    for c in chosen:
        glued_right = c.end + 1 < len(norm) and norm[c.end] == "/" and norm[c.end + 1].isalnum()
        glued_left = c.start > 1 and norm[c.start - 1] == "/" and norm[c.start - 2].isalnum()
        if glued_right and c.end + 1 not in starts:
            continue
        if glued_left and c.start - 1 not in ends:
            continue
        out.append(c)
    return out


def _same_case(original: str, bare: str) -> bool:
    """Does the text carry the letters of a surface (``bare``: its punctuation removed) with the same capitals?"""
    return (original if original.isalnum() else _NON_ALNUM.sub("", original)) == bare


def _has_context(cand: _Candidate, firm: list[_Candidate], firm_starts: list[int]) -> bool:
    """Is another skill's firm match within ``_CONTEXT_WINDOW`` characters? ``firm_starts``: theirs, in order."""
    lo = bisect_left(firm_starts, cand.start - _CONTEXT_WINDOW)
    hi = bisect_right(firm_starts, cand.start + _CONTEXT_WINDOW, lo)
    skill = cand.pattern.skill
    return any(firm[k].pattern.skill != skill for k in range(lo, hi))


def _is_firm(m: _Match, text: str) -> bool:
    """Can this match vouch for an ambiguous skill nearby? Distinctive names and phrases can;
    so can a tech name of four letters or more written with its capitals (React, Spring, Swift)."""
    if m.context == ALWAYS or _is_phrase(text, m):
        return True
    return m.context == TECH and sum(c.isalpha() for c in text[m.start : m.end]) >= 4


def _is_phrase(text: str, m: _Match) -> bool:
    """Several words ("cloud computing", "backend development"): a term, not an ordinary word."""
    return _SPACE.search(text, m.start, m.end) is not None


def _as_noun(m: _Match, text: str, norm: str, offsets: Sequence[int], starts: Container[int]) -> bool:
    """May a generic one-word mention stand as a noun here? Extends it over a knowledge head.

    ``starts`` holds where the chosen matches start (in ``norm``).
    """
    start, end = m.cand.start, m.cand.end
    if _is_phrase(text, m):
        return True
    before = _WORD.findall(norm[max(0, start - 20) : start])
    if before and before[-1] in _POSSESSIVES:
        return False
    if end < len(norm) and norm[end] != " ":
        return True  # punctuation follows: the word stands alone
    nxt = _WORD.match(norm, end + 1)
    if nxt is None or nxt.start() != end + 1:
        return True
    word = nxt.group()
    if end + 1 in starts:
        return True  # another skill follows: a list or a compound of skills
    if word in _HEADS:
        m.end = offsets[nxt.end() - 1] + 1
        return True
    return word in _KEEP_AFTER or not word.isalpha()


def _ends_an_organisation_name(text: str, m: _Match) -> bool:
    """``at Latitude AI``, ``join Mistral AI``: the skill word closes an employer's name."""
    if not m.start or not text[m.start - 1].isspace():
        return False  # no white space right before the mention: the pattern cannot match
    head = text[max(0, m.start - 60) : m.start]
    last = head.rsplit(None, 1)[-1] if head[-1:].isspace() and not head.isspace() else ""
    if _ASCII_CAPITAL.search(last) is None:
        return False  # no capitalised word right before the mention (and white space): the pattern cannot match
    found = _ORGANISATION_BEFORE.search(text, max(0, m.start - 60), m.start)
    return found is not None and not found.group(1).isupper()


def _is_language_requirement(m: _Match, text: str) -> bool:
    """Is this spoken language asked for (a cue such as fluent, C1 or Kenntnisse nearby)?"""
    lo, hi = max(0, m.start - _LANGUAGE_CUE_REACH), min(len(text), m.end + _LANGUAGE_CUE_REACH)
    return bool(_LANGUAGE_CUES.search(text[lo : m.start]) or _LANGUAGE_CUES.search(text[m.end : hi]))


def _accept_language_lists(matches: list[_Match], norm: str) -> None:
    """ "Fluent English; German, Italian and French are a plus": a list shares its cue."""
    languages = [m for m in matches if m.language and m.case_ok]
    for group in (languages, languages[::-1]):
        for before, after in itertools.pairwise(group):
            lo, hi = sorted((before.cand.end, after.cand.start))
            if before.ok and not after.ok and _LIST_GAP.fullmatch(norm[lo:hi]):
                after.ok = True


def _accept_lists(matches: list[_Match], norm: str) -> None:
    """In a run of three or more skills separated only by list punctuation, accept every item."""
    run: list[_Match] = []
    for m in [*matches, None]:
        if m is not None and m.language:
            continue
        if m is not None and run and _LIST_GAP.fullmatch(norm[run[-1].cand.end : m.cand.start]):
            if m.cand.start >= run[-1].cand.end:
                run.append(m)
            continue
        if len(run) >= 3:  # each item starts past the end of the one before: three distinct places
            for r in run:
                r.ok = not r.modifier
        run = [m] if m is not None else []


@cache
def default_taxonomy() -> Taxonomy:
    """The taxonomy shipped in ``loaders/data/skills.tsv``, loaded once per process."""
    text = resources.files("loaders").joinpath("data/skills.tsv").read_text(encoding="utf-8")
    return Taxonomy.from_tsv(text)


def find_skills(text: str) -> list[SkillHit]:
    return default_taxonomy().find(text)
