"""Locations: countries, first-level regions and cities, from location fields and from prose.

Everything is resolved against a compact gazetteer built from GeoNames by ``scripts/build_gazetteer.py``
and shipped as ``loaders/data/gazetteer.json.gz`` (see ``loaders/data/GAZETTEER_LICENSE.md``). It is
loaded once, lazily, on first use.

Names are compared in a *folded* form: lower case, diacritics dropped, every character that is not a
letter or digit turned into a space (``"São Paulo"`` → ``"sao paulo"``, ``"Łódź"`` → ``"lodz"``). Folding
maps one character to one character, so offsets into the folded text are offsets into the original,
which lets prose matching check capitalisation and context on the text as written.

Public API:

* ``parse_location(value)``: a structured location field (``"Albuquerque, NM"``, ``"Remote, USA"``).
* ``find_locations(text)``: places mentioned in prose, precision first.
* ``location_from_parts(city, region, country)``: a schema.org ``PostalAddress``.
* ``resolve_country(name_or_code)``: ``(English name, alpha-2)`` for a country name or code.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import permutations
from typing import Any

from schema.model import Location

__all__ = [
    "GAZETTEER_FILE",
    "alias_keys",
    "find_locations",
    "fold",
    "location_from_parts",
    "name_key",
    "parse_location",
    "resolve_country",
]

GAZETTEER_FILE = "gazetteer.json.gz"
GAZETTEER_FORMAT = 2

# A city this large is taken in prose on its name alone; smaller ones need a cue ("in", "Standort", ...)
# or a qualifier (", Germany"); ones below PROSE_MIN_POPULATION need a qualifier.
PROSE_LARGE_CITY = 100_000
PROSE_MIN_POPULATION = 15_000

# --------------------------------------------------------------------------------------------- folding

_SPECIAL_FOLDS: dict[str, str] = {
    "ß": "s",
    "ẞ": "s",
    "ł": "l",
    "Ł": "l",
    "ø": "o",
    "Ø": "o",
    "đ": "d",
    "Đ": "d",
    "ð": "d",
    "Ð": "d",
    "þ": "t",
    "Þ": "t",
    "æ": "a",
    "Æ": "a",
    "œ": "o",
    "Œ": "o",
    "\u0131": "i",  # dotless i
    "ħ": "h",
    "Ħ": "h",
    "ŀ": "l",
    "Ŀ": "l",
}


def _fold_char(ch: str) -> str:
    special = _SPECIAL_FOLDS.get(ch)
    if special is not None:
        return special
    if not ch.isalnum():
        return " "
    base = unicodedata.normalize("NFD", ch)[0]
    low = base.lower()
    if len(low) != 1:
        low = base
    return low if low.isalnum() else " "


class _CharTable(dict[int, str]):
    """A ``str.translate`` table that maps every character to one character, filled on demand."""

    def __init__(self, convert: Callable[[str], str]) -> None:
        super().__init__()
        self.convert = convert
        #: The ASCII half as a ``bytes.translate`` table (the upper half is never looked up).
        self.ascii = bytes(ord(convert(chr(code))) for code in range(128)) + b" " * 128

    def __missing__(self, code: int) -> str:
        converted = self.convert(chr(code))
        self[code] = converted
        return converted

    def apply(self, text: str) -> str:
        """``text.translate(self)``, fast for text that is mostly ASCII.

        ``str.translate`` is slow past the first character that is not ASCII (a dash, an umlaut), so the
        ASCII bytes are translated at once and the other characters one by one: encoding marks each of
        them with one "?", so offsets stay those of the text.
        """
        marked = text.encode("ascii", "replace")
        converted = bytearray(marked.translate(self.ascii))
        if not text.isascii():
            at = marked.find(b"?")
            while at >= 0:
                if not text[at].isascii():
                    char = self[ord(text[at])]
                    if not char.isascii():
                        return text.translate(self)  # a letter of another script: keep it, slowly
                    converted[at] = ord(char)
                at = marked.find(b"?", at + 1)
        return converted.decode("ascii")


_FOLD_TABLE = _CharTable(_fold_char)


def fold(text: str) -> str:
    """Lower-case, strip diacritics, non-alphanumerics to spaces; ``len(fold(t)) == len(t)``."""
    return _FOLD_TABLE.apply(text)


def _case_class(ch: str) -> str:
    """``" "`` where ``fold`` leaves a space, else ``"U"`` for an upper-case letter and ``"l"`` for the rest."""
    if _FOLD_TABLE[ord(ch)] == " ":
        return " "
    return "U" if ch.isupper() else "l"


_CASE_TABLE = _CharTable(_case_class)


def name_key(name: str) -> str:
    """The lookup key of a name: folded, runs of spaces collapsed (``"St. Gallen"`` → ``"st gallen"``)."""
    return " ".join(fold(name).split())


def alias_keys(name: str) -> list[str]:
    """Every key under which prose or a field may spell ``name``.

    The collapsed key, plus the folded form with its spacing kept when punctuation makes them differ
    (``"St. Gallen"`` folds to ``"st  gallen"`` in running text).
    """
    collapsed = name_key(name)
    spaced = fold(name).strip()
    return [collapsed] if spaced == collapsed else [collapsed, spaced]


def _code_key(value: str) -> str:
    """A code as written: letters only, upper case (``"U.S."`` → ``"US"``, ``"BR-GO"`` → ``"BRGO"``)."""
    return "".join(ch for ch in value.upper() if "A" <= ch <= "Z")


# ------------------------------------------------------------------------------------------- gazetteer


@dataclass(frozen=True, slots=True)
class _Entry:
    """What a key can name: indices into the country, region and city tables (cities by population)."""

    countries: tuple[int, ...] = ()
    regions: tuple[int, ...] = ()
    cities: tuple[int, ...] = ()


_EMPTY = _Entry()


class _Gazetteer:
    """The loaded gazetteer: parallel tables, the key indices and the names prose can use.

    Country and region rows carry their lookup keys (``alias_keys`` of each name, computed at build
    time); cities are stored column-wise with a key → city indices map. Cities come sorted by
    population, largest first, so every key's city list is in that order too.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        if data.get("format") != GAZETTEER_FORMAT:
            raise ValueError(f"unsupported gazetteer format {data.get('format')!r}")
        self.country_names: list[str] = []
        self.country_codes: list[str] = []
        self.country_keys: dict[str, list[int]] = {}
        self.code_to_country: dict[str, int] = {}
        for index, (code, name, keys, codes) in enumerate(data["countries"]):
            self.country_names.append(name)
            self.country_codes.append(code)
            for key in keys:
                self.country_keys.setdefault(key, []).append(index)
            for extra in codes:
                self.code_to_country[_code_key(extra)] = index
        self.prose_country_codes: dict[str, int] = {
            surface.rstrip("."): self.code_to_country[_code_key(surface)] for surface in data["prose_country_codes"]
        }

        self.region_names: list[str] = []
        self.region_country: list[int] = []
        self.region_codes: list[frozenset[str]] = []
        self.region_keys: dict[str, list[int]] = {}
        self.code_to_regions: dict[str, list[int]] = {}
        for index, (country, name, keys, codes) in enumerate(data["regions"]):
            self.region_names.append(name)
            self.region_country.append(country)
            code_set = frozenset(_code_key(code) for code in codes)
            self.region_codes.append(code_set)
            for key in keys:
                self.region_keys.setdefault(key, []).append(index)
            for code in code_set:
                self.code_to_regions.setdefault(code, []).append(index)

        cities = data["cities"]  # column-wise, so JSON parsing builds the lists directly
        self.city_names: list[str] = cities["name"]
        self.city_country: list[int] = cities["country"]
        self.city_region: list[int] = cities["region"]
        self.city_population: list[int] = cities["population"]
        self.city_keys: dict[str, list[int]] = data["city_keys"]
        self.ambiguous: frozenset[str] = frozenset(data["ambiguous"])
        self.ambiguous_countries: frozenset[str] = frozenset(data["ambiguous_countries"])
        self.person_names: frozenset[str] = frozenset(data["person_names"])
        self._entries: dict[str, _Entry] = {}

        self._prose_names: dict[str, bool] | None = None

    @property
    def prose_names(self) -> dict[str, bool]:
        """The keys prose may name, and how they start: True for a key, False for a key's words up to a space.

        Keys are every one longer than two letters ("Ho", "Wé": two letters are words far more often than
        places) and the prose country codes; ``"rio de"`` (of ``"rio de janeiro"``) is False. Built on first
        use: only prose matching needs it.
        """
        if self._prose_names is None:
            tables = (self.country_keys, self.region_keys, self.city_keys)
            keys = {key for table in tables for key in table if len(key) > 2}
            keys.update(fold(surface).strip() for surface in self.prose_country_codes)
            names = {key[:at]: False for key in keys for at, char in enumerate(key) if char == " "}
            names.update(dict.fromkeys(keys, True))
            self._prose_names = names
        return self._prose_names

    def entry(self, key: str) -> _Entry:
        entry = self._entries.get(key)
        if entry is None:
            countries = self.country_keys.get(key, ())
            regions = self.region_keys.get(key, ())
            cities = self.city_keys.get(key, ())
            entry = (
                _Entry(tuple(countries), tuple(regions), tuple(cities)) if countries or regions or cities else _EMPTY
            )
            if len(self._entries) < 100_000:
                self._entries[key] = entry
        return entry

    # -- building Locations

    def country_location(self, country: int) -> Location:
        return Location(country=self.country_names[country], country_code=self.country_codes[country])

    def region_location(self, region: int) -> Location:
        country = self.region_country[region]
        return Location(
            region=self.region_names[region],
            country=self.country_names[country],
            country_code=self.country_codes[country],
        )

    def city_location(self, city: int) -> Location:
        country = self.city_country[city]
        region = self.city_region[city]
        return Location(
            city=self.city_names[city],
            region=self.region_names[region] if region >= 0 else None,
            country=self.country_names[country],
            country_code=self.country_codes[country],
        )


def _read_gazetteer() -> dict[str, Any]:
    raw = resources.files("loaders").joinpath("data", GAZETTEER_FILE).read_bytes()
    data: dict[str, Any] = json.loads(gzip.decompress(raw))
    return data


@cache
def _gazetteer() -> _Gazetteer:
    return _Gazetteer(_read_gazetteer())


# ---------------------------------------------------------------------------------------------- places


@dataclass(frozen=True, slots=True)
class _Place:
    """A resolved place: exactly one of city, region, country is the most specific level."""

    kind: str  # "city" | "region" | "country"
    index: int

    def country(self, g: _Gazetteer) -> int:
        if self.kind == "city":
            return g.city_country[self.index]
        if self.kind == "region":
            return g.region_country[self.index]
        return self.index

    def region(self, g: _Gazetteer) -> int:
        if self.kind == "city":
            return g.city_region[self.index]
        return self.index if self.kind == "region" else -1

    def location(self, g: _Gazetteer) -> Location:
        if self.kind == "city":
            return g.city_location(self.index)
        if self.kind == "region":
            return g.region_location(self.index)
        return g.country_location(self.index)


def _subsume(g: _Gazetteer, places: Iterable[_Place]) -> list[Location]:
    """Deduplicate in order of first mention; drop a bare country or region a more specific place is in."""
    ordered = list(dict.fromkeys(places))
    covered_countries = {p.country(g) for p in ordered if p.kind != "country"}
    covered_regions = {p.region(g) for p in ordered if p.kind == "city"}
    kept = [
        p
        for p in ordered
        if not (p.kind == "country" and p.index in covered_countries)
        and not (p.kind == "region" and p.index in covered_regions)
    ]
    return list(dict.fromkeys(p.location(g) for p in kept))


# ------------------------------------------------------------------------------------- countries / API


def resolve_country(name_or_code: str) -> tuple[str, str] | None:
    """``(English name, ISO alpha-2)`` for a country name (EN/DE/PT/local) or code (alpha-2/3, ``UK``)."""
    g = _gazetteer()
    index = _country_index(g, name_or_code)
    if index is None:
        return None
    return g.country_names[index], g.country_codes[index]


def _country_index(g: _Gazetteer, value: str) -> int | None:
    countries = g.entry(name_key(value)).countries
    if countries:
        return countries[0]
    code = _code_key(value)
    if code and len(code) <= 3 and len(value.strip()) <= 6:
        return g.code_to_country.get(code)
    return None


# ------------------------------------------------------------------------------------ structured fields

_NOISE = frozenset(
    name_key(phrase)
    for phrase in (
        "remote",
        "fully remote",
        "100% remote",
        "remote first",
        "remote-first",
        "remote only",
        "work from home",
        "wfh",
        "home office",
        "homeoffice",
        "mobiles arbeiten",
        "hybrid",
        "hybrid remote",
        "on-site",
        "onsite",
        "on site",
        "in office",
        "in-office",
        "office",
        "remoto",
        "100% remoto",
        "trabalho remoto",
        "home-office",
        "híbrido",
        "hibrido",
        "presencial",
        "teletrabalho",
        "anywhere",
        "worldwide",
        "global",
        "flexible",
        "flexibel",
        "multiple locations",
        "various locations",
        "several locations",
        "multiple cities",
        "mehrere standorte",
        "verschiedene standorte",
        "bundesweit",
        "vários locais",
        "varios locais",
        "diversas localidades",
        "diversos locais",
        "n/a",
        "na",
        "tbd",
        "other",
        "others",
        "any",
        "headquarters",
        "hq",
        "nationwide",
    )
)
_NOISE_PREFIX = re.compile(
    r"^(?:fully\s+|100%\s+)?(?:remote|hybrid|on-?site|remoto|h[ií]brido|presencial|home[\s-]?office)"
    r"(?:\s+(?:in|within|from|em|no|na|aus|in der))?\b[\s:,-]*",
    re.IGNORECASE,
)
_AREA_AFFIXES = re.compile(
    r"^(?:greater|gro(?:ß|ss)raum|raum|region|grande|metropolregion)\s+|"
    r"\s+(?:metropolitan area|metro area|bay area|area|metro|region|und umgebung|e regi[aã]o|"
    r"e arredores|regi[aã]o metropolitana)$",
    re.IGNORECASE,
)
# Separate locations: ";", "|", newlines, bullets, a spaced slash.
_LOCATION_SEPARATORS = re.compile(r"\s*(?:[;|\n\r•·]|\s/\s)\s*")
# Separate the parts of one location: commas, parentheses, a spaced dash, a bare slash.
_PART_SEPARATORS = re.compile("\\s*(?:[,()\\[\\]/]|\\s[-\u2013\u2014]\\s|\u2013|\u2014)\\s*")
_CONJUNCTIONS = re.compile(r"\s+(?:and|or|und|oder|e|ou|&)\s+", re.IGNORECASE)
_HAS_DIGIT = re.compile(r"\S*\d\S*")
_STRIP = " .:*-\u2013\u2014"


@dataclass(frozen=True, slots=True)
class _Part:
    """One comma-separated piece of a location field and what it may name."""

    countries: tuple[int, ...]
    regions: tuple[int, ...]
    cities: tuple[int, ...]
    coded_regions: tuple[int, ...] = ()  # regions whose code this is: "SP", "NM", "BY"

    @property
    def known(self) -> bool:
        return bool(self.countries or self.regions or self.cities or self.coded_regions)

    @property
    def any_regions(self) -> tuple[int, ...]:
        return (*self.regions, *self.coded_regions)


def _part(g: _Gazetteer, text: str, *, roles: str = "TRC") -> _Part:
    key = name_key(text)
    entry = g.entry(key) if len(key) > 2 else _EMPTY  # two letters are a code ("EU"), not a town "Eu"
    countries = entry.countries if "C" in roles else ()
    regions = entry.regions if "R" in roles else ()
    cities = entry.cities if "T" in roles else ()
    coded: tuple[int, ...] = ()
    code = _code_key(text)
    stripped = text.strip()
    if code and len(code) <= 4 and len(stripped) <= 7 and not any(ch.islower() for ch in stripped[1:]):
        if "C" in roles and not countries and code in g.code_to_country:
            countries = (g.code_to_country[code],)
        if "R" in roles:
            coded = tuple(r for r in g.code_to_regions.get(code, ()) if r not in regions)
    return _Part(countries, regions, cities, coded)


def _interpret(g: _Gazetteer, parts: Sequence[_Part]) -> _Place | None:
    """The most specific place all parts describe together (one city, one region, one country), if any."""
    if not parts or len(parts) > 3:
        return None
    if len(parts) == 1:
        return _interpret_single(g, parts[0])
    best: tuple[tuple[int, int, int], _Place] | None = None
    roles_available = ("T", "R", "C")
    for roles in permutations(roles_available, len(parts)):
        assigned = dict(zip(roles, parts, strict=True))
        countries: set[int] | None = set(assigned["C"].countries) if "C" in assigned else None
        if countries is not None and not countries:
            continue
        regions: list[int] | None = None
        if "R" in assigned:
            regions = [r for r in assigned["R"].any_regions if countries is None or g.region_country[r] in countries]
            if not regions:
                continue
        if "T" in assigned:
            region_set = set(regions) if regions is not None else None
            cities = [
                c
                for c in assigned["T"].cities
                if (countries is None or g.city_country[c] in countries)
                and (region_set is None or g.city_region[c] in region_set)
            ]
            if not cities:
                continue
            place = _Place("city", cities[0])
            score = (2, 1 if regions is not None else 0, g.city_population[cities[0]])
        elif regions is not None:
            place = _Place("region", _prefer_region(g, regions))
            score = (1, 1, 0)
        else:
            continue  # two parts cannot both be countries
        if best is None or score > best[0]:
            best = (score, place)
    return best[1] if best else None


def _prefer_region(g: _Gazetteer, regions: Sequence[int]) -> int:
    """Among same-named/same-coded regions of several countries, the United States' first."""
    for region in regions:
        if g.country_codes[g.region_country[region]] == "US":
            return region
    return regions[0]


def _interpret_single(g: _Gazetteer, part: _Part) -> _Place | None:
    """A lone name: country > city inside a same-named country/region > US state > city > region.

    A lone code names a country, else a US state ("NM"); other regions' codes need their country.
    """
    if part.coded_regions and not part.regions:
        us_coded = tuple(r for r in part.coded_regions if g.country_codes[g.region_country[r]] == "US")
        part = _Part(part.countries, us_coded, part.cities)
    if part.countries:
        country = part.countries[0]
        for city in part.cities:
            if g.city_country[city] == country:
                return _Place("city", city)
        return _Place("country", country)
    if part.regions and part.cities:
        regions = set(part.regions)
        for city in part.cities:
            if g.city_region[city] in regions:
                return _Place("city", city)
    us_states = [r for r in part.regions if g.country_codes[g.region_country[r]] == "US"]
    if us_states and not part.cities:
        return _Place("region", us_states[0])
    if part.cities:
        return _Place("city", part.cities[0])
    if part.regions:
        return _Place("region", _prefer_region(g, part.regions))
    return None


def _clean_part(g: _Gazetteer, text: str) -> str:
    """A part without postcodes, work-mode words ("Remote - ") or area words ("Greater … Area")."""
    text = _HAS_DIGIT.sub(" ", text)
    text = " ".join(text.split()).strip(_STRIP)
    previous = None
    while previous != text and g.entry(name_key(text)) is _EMPTY:
        previous = text
        text = _NOISE_PREFIX.sub("", text).strip(_STRIP)
        text = _AREA_AFFIXES.sub("", text).strip(_STRIP)
    return text


def _split_parts(g: _Gazetteer, chunk: str) -> list[str]:
    """The parts of one location chunk; a part the gazetteer does not know is split at 'and'/'or'."""
    out: list[str] = []
    for raw in _PART_SEPARATORS.split(chunk):
        text = _clean_part(g, raw)
        if not text or name_key(text) in _NOISE:
            continue
        if not _part(g, text).known and _CONJUNCTIONS.search(text):
            out.extend(p for p in (_clean_part(g, s) for s in _CONJUNCTIONS.split(text)) if p)
        else:
            out.append(text)
    return out


def parse_location(value: str) -> list[Location]:
    """Places named by a structured location field, most specific level each, in order.

    ``"Albuquerque, NM"`` → Albuquerque/New Mexico/United States; ``"Remote, USA"`` → United States;
    ``"Austin, TX; Seattle, WA"`` → two cities; ``"Remote"``, ``"Multiple locations"``, ``""`` → ``[]``.
    """
    if not value or not value.strip():
        return []
    g = _gazetteer()
    places: list[_Place] = []
    for chunk in _LOCATION_SEPARATORS.split(value):
        if not chunk.strip() or name_key(chunk) in _NOISE:
            continue
        cleaned = _clean_part(g, chunk)
        whole = _interpret(g, [_part(g, cleaned)]) if cleaned else None
        if whole is not None and "," not in chunk and " - " not in chunk:
            places.append(whole)
            continue
        places.extend(_parse_chunk(g, chunk))
    return _subsume(g, places)


def _parse_chunk(g: _Gazetteer, chunk: str) -> list[_Place]:
    places: list[_Place] = []
    group: list[_Part] = []
    unknown: list[str] = []
    for text in _split_parts(g, chunk):
        part = _part(g, text)
        if not part.known:
            unknown.append(text)
            continue
        if group and _interpret(g, [*group, part]) is not None:
            group.append(part)
            continue
        if group:
            place = _interpret(g, group)
            if place is not None:
                places.append(place)
        group = [part]
    if group:
        place = _interpret(g, group)
        if place is not None:
            places.append(place)
    if not places:
        for text in unknown:
            places.extend(_scan(g, text, structured=True))
    return places


def location_from_parts(city: str | None, region: str | None, country: str | None) -> Location | None:
    """Normalise a schema.org ``PostalAddress`` (addressLocality/Region/Country) to the gazetteer.

    Parts the gazetteer does not know are kept as written, so nothing a posting states is lost.
    """
    city = (city or "").strip() or None
    region = (region or "").strip() or None
    country = (country or "").strip() or None
    if not (city or region or country):
        return None
    g = _gazetteer()
    parts: list[_Part] = []
    roles: list[str] = []
    country_part = _part(g, country, roles="C") if country else None
    region_part = _part(g, region, roles="R") if region else None
    city_part = _part(g, city, roles="T") if city else None
    for part, role in ((city_part, "T"), (region_part, "R"), (country_part, "C")):
        if part is not None and part.known:
            parts.append(part)
            roles.append(role)
    place = _interpret_roles(g, parts, roles)
    if place is None and "R" in roles and "T" in roles:
        # A known city in a region we resolve differently (a county, an old name): trust city and country.
        kept = [(p, r) for p, r in zip(parts, roles, strict=True) if r != "R"]
        place = _interpret_roles(g, [p for p, _ in kept], [r for _, r in kept])
    if place is not None:
        location = place.location(g)
        if city and location.city is None:
            return location.model_copy(update={"city": city})
        if region and location.region is None and location.city is None:
            return location.model_copy(update={"region": region})
        return location
    country_index = _country_index(g, country) if country else None
    return Location(
        city=city,
        region=region,
        country=g.country_names[country_index] if country_index is not None else country,
        country_code=g.country_codes[country_index] if country_index is not None else None,
    )


def _interpret_roles(g: _Gazetteer, parts: Sequence[_Part], roles: Sequence[str]) -> _Place | None:
    """Like ``_interpret`` but each part keeps the role its field gives it."""
    if not parts:
        return None
    narrowed = [
        _Part(
            p.countries if r == "C" else (),
            p.regions if r == "R" else (),
            p.cities if r == "T" else (),
            p.coded_regions if r == "R" else (),
        )
        for p, r in zip(parts, roles, strict=True)
    ]
    if len(narrowed) == 1:
        return _interpret_single(g, narrowed[0])
    return _interpret(g, narrowed)


# ---------------------------------------------------------------------------------------------- prose


# Location cues, read as the last words before a name (lower-cased). Strong cues make even an
# ambiguous or small place count ("based in Reading", "Standort: Essen", "vaga em Natal").
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_LABELS = _words(
    "standort standorte arbeitsort einsatzort dienstort location locations ort local localização "
    "localizacao cidade city sede"
)
_LABELS_WITHOUT_COLON = _words("standort standorte arbeitsort einsatzort dienstort")
_STRONG_LEADS = _words(
    "based located headquartered situated office offices hq relocate relocation relocating sitz standort "
    "büro buero niederlassung arbeitsplatz vaga vagas baseado baseada baseados baseadas localizado "
    "localizada localizados localizadas sediado sediada situado situada escritório escritorio escritórios "
    "escritorios trabalho atuação atuacao"
)
_STRONG_PREPOSITIONS = _words("in at to im em no na para")
_WEAK_WORDS = _words("in at near from to em no na nach bei aus im am raum großraum grossraum region @")
_CUE_TOKENS = re.compile(r"[^\W\d_]+|@|:")
_LIST_CONTINUATION = re.compile(r"^\s*(?:,|;|/|&|\||and|und|e|or|oder|ou)\s*(?:and|und|e|or|oder|ou)?\s*$")
_QUALIFIER_LEAD = re.compile("\\s*(?:,|\\(|\\||/|\\s[-\u2013\u2014]|\u2013|\u2014)\\s*")
_QUALIFIER_CODE = re.compile(r"([A-Z]{2,3}|[A-Z]\.[A-Z]\.(?:[A-Z]\.)?)(?![A-Za-z])")
# A place name that starts an organisation's name ("Boston Consulting Group", "Munich Re", "Texas
# Instruments", "Banco Santander") is not a place mention; it needs a strong cue.
_ORGANISATION_AFTER = re.compile(
    r"\s+(?:Group|Consulting|Insurance|Re|Contact|Bank|Capital|Partners|Holdings?|Labs?|Dynamics|"
    r"Scientific|Instruments|University|College|Institute|School|Tech|Seguros?|Energy|Water|Health|"
    r"Medical|Systems|Solutions|Technologies|Software|Digital|Media|AG|GmbH|SE|Inc|Ltd|LLC|Ltda|Corp|"
    r"Corporation|Company|Airlines|Airways|Airport|FC|United|City|Rockets|Mavericks|Stock|Exchange|Messe|"
    r"Motors?|Clinic|Hospital|Hochschule|Universität|Fashion|Symphony|Philharmonic|Opera|Museum|"
    r"Ventures|Studios?|Games|Pharma|Biotech|Genetics|Analytics|Foods?)\b"
)
_ORGANISATION_BEFORE = re.compile(r"\b(?:Banco|Bank|Grupo|Gruppe)\s+$")
# A city named like a person, followed by a capitalised word, is a person ("Charlotte Smith").
_FOLLOWED_BY_NAME = re.compile(r" [A-Z][a-z]")


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    key: str


def _raw_matches(g: _Gazetteer, text: str) -> list[_Match]:
    """Whole-word key matches whose first letter is written upper case (nothing else can count).

    So names are read off the capitalised words only: from each, every run of whole words that is a key,
    adding words for as long as the run is the start of some key.
    """
    folded = fold(text)
    names = g.prose_names
    cases = " " + _CASE_TABLE.apply(text)  # " U" where a capitalised word starts (shifted by one: at its index)
    out: list[_Match] = []
    start = cases.find(" U")
    while start >= 0:
        space = folded.find(" ", start)
        while True:
            end = len(folded) if space < 0 else space
            name = folded[start:end]
            is_key = names.get(name)
            if is_key:
                out.append(_Match(start, end, name))
            if is_key is None or space < 0:
                break  # no key starts with these words
            space = folded.find(" ", space + 1)
        start = cases.find(" U", start + 1)
    return out


def _leftmost_longest(matches: list[_Match]) -> list[_Match]:
    kept: list[_Match] = []
    last_end = -1
    for m in sorted(matches, key=lambda m: (m.start, m.start - m.end)):
        if m.start >= last_end:
            kept.append(m)
            last_end = m.end
    return kept


def _capitalised(surface: str, ambiguous: bool) -> bool:
    if not surface[:1].isupper():
        return False
    if surface.isupper() and len(surface) > 1:
        return len(surface) >= 4 and not ambiguous
    return True


def _qualifier(
    g: _Gazetteer, text: str, end: int, by_start: dict[int, _Match]
) -> tuple[set[int], set[int], _Match | None]:
    """Countries and regions named right after a match (``", Poland"``, ``" (BY)"``, ``" - SP"``)."""
    lead = _QUALIFIER_LEAD.match(text, end)
    if lead is None:
        return set(), set(), None
    at = lead.end()
    following = by_start.get(at)
    if following is not None and text[at : at + 1].isupper():
        entry = g.entry(following.key)
        if entry.countries or entry.regions:
            return set(entry.countries), set(entry.regions), following
    code = _QUALIFIER_CODE.match(text, at)
    if code is not None:
        key = _code_key(code.group(1))
        countries = {g.code_to_country[key]} if key in g.code_to_country else set()
        return countries, set(g.code_to_regions.get(key, ())), None
    return set(), set(), None


def _cue(text: str, start: int) -> int:
    """2 for a strong location cue right before ``start`` ("based in", "Standort:"), 1 for a weak one."""
    tokens = _CUE_TOKENS.findall(text[max(0, start - 40) : start].lower())
    if not tokens:
        return 0
    label = tokens[-1] == ":"
    if label:
        tokens.pop()
        if not tokens:
            return 0
    last = tokens[-1]
    if last in _LABELS and (label or last in _LABELS_WITHOUT_COLON):
        return 2
    if label:
        return 2 if tokens[-3:] == ["local", "de", "trabalho"] else 0
    previous = tokens[-2] if len(tokens) >= 2 else ""
    if last in _STRONG_PREPOSITIONS and previous in _STRONG_LEADS:
        return 2
    if last == "de" and previous == "cidade":
        return 2
    if last == "from" and previous in ("work", "working"):
        return 2
    if last == "der" and previous == "in":
        return 1
    return 1 if last in _WEAK_WORDS else 0


def _scan(g: _Gazetteer, text: str, *, structured: bool = False) -> list[_Place]:
    matches = _raw_matches(g, text)
    if not matches:
        return []
    by_start: dict[int, _Match] = {}
    for m in matches:
        if m.start not in by_start or m.end > by_start[m.start].end:
            by_start[m.start] = m
    kept = _leftmost_longest(matches)

    # Countries named outright steer which of several same-named cities is meant.
    context: set[int] = set()
    for m in kept:
        entry = g.entry(m.key)
        if entry.countries and text[m.start : m.start + 1].isupper():
            context.add(entry.countries[0])

    places: list[_Place] = []
    consumed: set[int] = set()
    previous_end: int | None = None
    for m in kept:
        if m.start in consumed:
            continue
        surface = text[m.start : m.end]
        place, qualifier = _decide(g, text, m, surface, by_start, context, previous_end, structured)
        if place is None:
            continue
        places.append(place)
        previous_end = m.end
        if qualifier is not None:
            consumed.add(qualifier.start)
            previous_end = qualifier.end
    return places


def _decide(
    g: _Gazetteer,
    text: str,
    m: _Match,
    surface: str,
    by_start: dict[int, _Match],
    context: set[int],
    previous_end: int | None,
    structured: bool,
) -> tuple[_Place | None, _Match | None]:
    if not surface[:1].isupper():
        return None, None
    code_country = g.prose_country_codes.get(surface.rstrip("."))
    if code_country is not None:
        if surface == "US" and _shouted(text, m.start, m.end):
            return None, None
        return _Place("country", code_country), None
    entry = g.entry(m.key)
    if entry is _EMPTY:
        return None, None
    ambiguous = m.key in g.ambiguous
    if not _capitalised(surface, ambiguous):
        return None, None
    cue = _cue(text, m.start)
    if cue == 0 and previous_end is not None and _LIST_CONTINUATION.match(text[previous_end : m.start]):
        cue = 1
    if structured:
        cue = max(cue, 1)
    q_countries, q_regions, q_match = _qualifier(g, text, m.end, by_start)
    if cue < 2 and not entry.countries and not q_match and _names_organisation(text, m):
        return None, None
    if (
        cue < 2
        and m.key in g.person_names
        and not q_countries
        and not q_regions
        and _FOLLOWED_BY_NAME.match(text, m.end)
        and (m.end + 1) not in by_start
    ):
        return None, None

    # A city pinned down by the region or country written after it.
    if entry.cities and (q_countries or q_regions):
        qualified = [c for c in entry.cities if g.city_country[c] in q_countries or g.city_region[c] in q_regions]
        if qualified:
            return _Place("city", qualified[0]), q_match

    if entry.countries:
        country = entry.countries[0]
        for city in entry.cities:
            if g.city_country[city] == country and g.city_population[city] >= PROSE_MIN_POPULATION:
                return _Place("city", city), None
        if m.key in g.ambiguous_countries and cue < 2:
            return None, None
        return _Place("country", country), None

    if entry.regions and entry.cities:
        regions = set(entry.regions)
        for city in entry.cities:
            if g.city_region[city] in regions and g.city_population[city] >= PROSE_MIN_POPULATION:
                if ambiguous and cue < 2:
                    return None, None
                return _Place("city", city), None

    us_states = [r for r in entry.regions if g.country_codes[g.region_country[r]] == "US"]
    if us_states and (not ambiguous or cue == 2):
        return _Place("region", us_states[0]), None

    if entry.cities:
        if ambiguous and cue < 2:
            return None, None
        floor = 0 if cue == 2 else PROSE_MIN_POPULATION
        cities = [c for c in entry.cities if g.city_population[c] >= floor]
        if not cities:
            return None, None
        in_context = [c for c in cities if g.city_country[c] in context]
        best = in_context[0] if in_context else cities[0]
        if g.city_population[best] >= PROSE_LARGE_CITY or cue >= 1:
            return _Place("city", best), None
        return None, None

    if entry.regions and cue >= 1 and (not ambiguous or cue == 2):
        if q_countries:
            pinned = [r for r in entry.regions if g.region_country[r] in q_countries]
            if pinned:
                return _Place("region", pinned[0]), q_match
        in_context = [r for r in entry.regions if g.region_country[r] in context]
        return _Place("region", in_context[0] if in_context else _prefer_region(g, entry.regions)), None
    return None, None


def _names_organisation(text: str, m: _Match) -> bool:
    return bool(
        _ORGANISATION_AFTER.match(text, m.end) or _ORGANISATION_BEFORE.search(text, max(0, m.start - 12), m.start)
    )


def _shouted(text: str, start: int, end: int) -> bool:
    """Whether "US" sits among upper-case words ("JOIN US"), where it is the pronoun."""
    before = text[max(0, start - 20) : start].split()
    after = text[end : end + 20].split()
    neighbours = [w for w in (before[-1:] + after[:1]) if any(ch.isalpha() for ch in w)]
    return any(w.isupper() and len(w) > 1 for w in neighbours)


def find_locations(text: str) -> list[Location]:
    """Places mentioned in prose, deduplicated in order of first mention.

    Precision first: a name must be capitalised; a city is taken on its name alone only when it is
    large and its name is not also a common word, technology or person's name; smaller cities need a
    cue before them ("in", "based in", "Standort:", "vaga em") and ambiguous names a strong cue or a
    region/country after them (``"Reading, UK"``). A city subsumes its own region and country.
    """
    if not text:
        return []
    g = _gazetteer()
    return _subsume(g, _scan(g, text))
