"""Work mode (Remote / Hybrid / On-site) and employment type, from posting text or a structured field.

Work mode: every cue is read with the words around it, so "remote sensing", "remote monitoring",
"hybrid cloud", "on-site support for customers" and "on - premises" say nothing about where the job is
done. Then: any hybrid cue wins ("2 days in the office", "teilweise Homeoffice", "modelo híbrido"); a
negated remote cue ("this is not a remote role", "kein Homeoffice") is On-site; remote and on-site cues
together ("on-site role with a remote Friday") are Hybrid; otherwise the one mode named.

Decisions: German "Homeoffice"/"Home-Office" is Hybrid unless it is total ("100% Homeoffice",
"komplett remote" → Remote); Brazilian "home office" is Remote; an English "home office" is not a cue
(it is often a head office). "mobiles Arbeiten" is Hybrid. schema.org ``TELECOMMUTE`` and a bare
"true"/"yes" (a ``remote`` flag) are Remote.

Employment type is one of ``EMPLOYMENT_TYPES``. When a text names several, the most specific wins:
Internship, Apprenticeship, Freelance, Contract, Temporary, Full-time, Part-time ("full-time
internship" is an Internship; "Vollzeit oder Teilzeit" is Full-time). Decisions: CLT, Festanstellung
and "permanent"/"unbefristet" are Full-time; PJ is Contract; "befristet"/fixed-term is Temporary;
Werkstudent is Part-time (a working student is a part-time employee; the title's seniority says
Intern); Ausbildung/Azubi/duales Studium/Jovem Aprendiz are Apprenticeship.
"""

import re
from collections.abc import Container, Iterator
from functools import lru_cache

import ahocorasick_rs

from schema.model import WorkMode

EMPLOYMENT_TYPES = ("Full-time", "Part-time", "Contract", "Temporary", "Internship", "Apprenticeship", "Freelance")

_Cue = tuple[str, re.Pattern[str], bool]  # (substring that must occur, pattern, needs a word start)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _cues(table: str) -> list[_Cue]:
    """Literal-led patterns (fast to scan for) behind a cheap substring test, from a table of one cue a line:
    the substring, the pattern and, where the pattern may start inside a word, ``mid-word``, in columns
    two or more spaces apart."""
    cues: list[_Cue] = []
    for line in table.strip().splitlines():
        key, pattern, *mid_word = re.split(r" {2,}", line.strip())
        cues.append((key, re.compile(pattern, re.MULTILINE), mid_word != ["mid-word"]))
    return cues


def _key_finder(*groups: list[_Cue]) -> ahocorasick_rs.AhoCorasick:
    """An automaton over the groups' substring keys, so one pass over a text tells which of them occur."""
    return ahocorasick_rs.AhoCorasick(sorted({key for cues in groups for key, _pattern, _boundary in cues}))


@lru_cache(maxsize=1)
def _present(low: str) -> frozenset[str]:
    """The cue keys, of work modes and employment types alike, that occur in ``low``.

    One automaton pass serves both finders: cached, as the pipeline asks both about one text in a row.
    """
    return frozenset(_CUE_KEYS.find_matches_as_strings(low, overlapping=True))


_CONTEXT = re.compile(r"[\w%+-]+")
_REMOTE = _cues(r"remot  remot(?:e|ely|o|a)\b")
_HYBRID = _cues(r"brid  h[yií]brid(?:[aoe]|es|en|er)?\b")
_ON_SITE = _cues(r"""
    site       on[- ]?site\b
    office     in[- ]office\b
    person     in[- ]person\b
    based      office[- ]based\b
    presencia  presencia(?:l|is|lmente)\b
    vor ort    vor ort\b
""")
_HOME = _cues(r"office  home[- ]?office\b")
_FROM_HOME = _cues(r"""
    from home              work(?:ing)? from home\b
    from anywhere          work(?:ing)? from anywhere\b
    wfh                    wfh\b
    telecommut             telecommut
    ortsunabh              ortsunabh
    anywhere in the world  anywhere in the world
    arbeiten               mobile[sn]? arbeiten
""")
_DAY_WORDS = _cues(r"""
    day   days?\b
    tag   tage?n?\b
    dia   dias?\b
    veze  vezes\b
    mal   mal\b
    x     x\b  mid-word
""")
_WORK_MODE_CUES = (_REMOTE, _HYBRID, _ON_SITE, _HOME, _FROM_HOME, _DAY_WORDS)
_WORK_MODE_KEYS = frozenset(key for cues in _WORK_MODE_CUES for key, _pattern, _boundary in cues)
_DAY_COUNT = re.compile(r"(?:^|\W)(?:[1-4]|one|two|three|four|zwei|drei|vier|dois|tr[eê]s|quatro)\s*(?:x\s*)?$")
_DAY_PLACES = re.compile(r"office|b[üu]ro|escrit[oó]rio|home|remot|on-?site|presencia|vor ort|zuhause|casa|mobil")
_SENTENCE_BREAK = re.compile(r"[.!?]\s|\n")
_NEGATIONS = frozenset({"not", "no", "non", "kein", "keine", "nicht", "não", "nao", "sem", "never", "isn't"})
_TOTAL = _words("""
    100% 100 fully full completely entirely komplett vollständig ausschließlich totalmente integralmente only
""")
_PARTIAL = _words("""
    partially partly partial teilweise anteilig tageweise gelegentlich occasionally occasional sometimes some
    parcialmente flexible flexibles
""")
#: "the opportunity to work from home": working from home is possible, not the rule.
_PARTIAL_HOME = _PARTIAL | {"opportunity", "option", "possibility", "days", "day"}
#: Words after "remote" that make it a property of a thing, not of the job.
_REMOTE_NOT_MODE = _words("""
    sensing sensor sensors control controls controlled controller controllers monitoring access desktop server
    servers procedure procedures debugging management diagnostics diagnosis patient patients operation
    operations location locations area areas site sites system systems repository repositories repo repos device
    devices teams colleagues stakeholders members troubleshooting connection connections host hosts branch
    branches backend state cache execution storage api apis service services support assistance interview
    interviews interviewing session sessions learning deployment deployments file files shell login vehicle
    vehicles pilot pilots surgery care communities regions villages islands onboarding medical consultation
    consultations appointments visits practices
""")
_REMOTE_NOT_MODE_BEFORE = _words("""
    acesso suporte controle monitoramento atendimento ensino via fernwartung with managing manage lead leading
""")
#: Words shortly before a remote cue that make it about hiring, not the job: "onboarding is remote".
_HIRING = frozenset({"interview", "interviews", "interviewing", "onboarding", "onboard", "hire", "hiring"})
#: Words after "hybrid" that make it a work arrangement ("hybrid role", "hybrid in Berlin").
_HYBRID_MODE = _words("""
    work working workplace role roles position job jobs model arrangement setup set-up schedule environment
    office opportunity basis mode policy remote arbeiten arbeit arbeitsmodell arbeitsplatz arbeitszeitmodell
    modell homeoffice home-office trabalho modelo regime em com in at from with mit im no na pattern
""")
_MODE_NOUNS = _words("""
    modelo regime formato trabalho model work working vaga arbeiten is be are ist é
""")
_CONJUNCTIONS = frozenset({"and", "or", "und", "oder", "e", "ou"})
_MODE_WORDS = _words("""
    remote remoto on-site onsite flexible in-office office presencial vor homeoffice home-office híbrido hybrid
""")
_NOT_HYBRID_BEFORE = _words("""
    cloud private public multi multi-cloud on-premise on-premises on-prem premise premises
""")
#: Words after "on-site" that make it a service or a perk, not where the job is done.
_ON_SITE_NOT_MODE = _words("""
    support visit visits installation installations service services maintenance training trainings customer
    customers client clients socials social events event gym cafeteria canteen parking childcare amenities
    benefits perks meals lunch lunches catering interview interviews meetings snacks kitchen restaurant days
""")
_ON_SITE_MODE_AFTER = _words("""
    in at role position job work working basis only presence office from every daily full-time 5 five im am
    tätig präsent arbeiten no na em
""")
_ON_SITE_MODE_BEFORE = _words("""
    work working be is are fully 100% based located role position job 100 modelo regime trabalho formato
    totalmente arbeiten tätigkeit präsenz
""")
_ON_SITE_NOT_BEFORE = _words("""
    kunden kunde beim support service atendimento curso treinamento evento entrevista reunião reuniões encontros
""")
_HOME_NOT_MODE = _words("""
    auxílio auxilio ajuda allowance stipend setup budget equipment pauschale zuschuss ausstattung kit
""")
_WEEKDAYS = frozenset({"monday", "mondays", "friday", "fridays"})


def find_work_mode(text: str, *, low: str | None = None) -> WorkMode | None:
    """The work mode a posting (or a structured field) states, or None when it states none.

    ``low`` is ``text.lower()``, for a caller that has it already.
    """
    if low is None:
        low = text.lower()
    if low.strip() in {"true", "yes"}:
        return WorkMode.REMOTE
    present = _present(low)
    if _WORK_MODE_KEYS.isdisjoint(present):
        return None
    cues: set[str] = set()
    cues.update(_remote_cue(low, match) for match in _matches(low, _REMOTE, present))
    cues.update(_hybrid_cue(low, match) for match in _matches(low, _HYBRID, present))
    cues.update(_on_site_cue(low, match) for match in _matches(low, _ON_SITE, present))
    homes = list(_matches(low, _HOME, present))
    if homes:
        language = _language(low)
        cues.update(_home_cue(low, match, language) for match in homes)
    for match in _matches(low, _FROM_HOME, present):
        partial = not _PARTIAL_HOME.isdisjoint(_before(low, match.start(), 4))
        cues.add("hybrid" if partial or match.group().startswith("mobil") else "remote")
    if "hybrid" not in cues:  # day counts can only add a hybrid cue
        for match in _matches(low, _DAY_WORDS, present):
            counted = _DAY_COUNT.search(low[max(0, match.start() - 12) : match.start()])
            if counted and _DAY_PLACES.search(_sentence_around(low, match.start(), match.end())):
                cues.add("hybrid")
    if "hybrid" in cues:
        return WorkMode.HYBRID
    if "not-remote" in cues:
        return WorkMode.ON_SITE
    if "remote" in cues:
        return WorkMode.HYBRID if "on-site" in cues else WorkMode.REMOTE
    return WorkMode.ON_SITE if "on-site" in cues else None


def _matches(low: str, cues: list[_Cue], present: Container[str]) -> Iterator[re.Match[str]]:
    """Where the cues occur in ``low``, skipping matches inside a longer word where a word start is needed.

    ``present`` tells which keys occur in ``low``: the set ``_present`` found, or ``low`` itself.
    """
    for key, pattern, boundary in cues:
        if key in present:
            for match in pattern.finditer(low):
                if not boundary or match.start() == 0 or not low[match.start() - 1].isalnum():
                    yield match


def _before(low: str, start: int, count: int = 3) -> list[str]:
    """Up to ``count`` words before ``start`` on the same line."""
    segment = low[max(0, start - 60) : start]
    return _CONTEXT.findall(segment[segment.rfind("\n") + 1 :])[-count:]


def _after(low: str, end: int, count: int = 2) -> list[str]:
    """Up to ``count`` words after ``end`` on the same line."""
    return _CONTEXT.findall(low[end : end + 60].split("\n", 1)[0])[:count]


def _standalone(low: str, end: int) -> bool:
    """Is the cue followed by punctuation or the end of its line ("Hybrid.", "Location: Remote")?"""
    rest = low[end : end + 3].lstrip(" \t")
    return not rest or rest[0] in ".,;:!?()[]|/\n\u2013\u2014" or rest.startswith("- ")


def _sentence_around(low: str, start: int, end: int) -> str:
    left = _SENTENCE_BREAK.split(low[max(0, start - 50) : start])[-1]
    return left + " " + _SENTENCE_BREAK.split(low[end : end + 50])[0]


def _remote_cue(low: str, match: re.Match[str]) -> str:
    before, after = _before(low, match.start()), _after(low, match.end())
    if low[max(0, match.start() - 4) : match.start()] == "non-" or not _NEGATIONS.isdisjoint(before[-2:]):
        return "not-remote"
    if not _TOTAL.isdisjoint(before):
        return "remote"
    following = after[0] if after else ""
    if following in _REMOTE_NOT_MODE or (before and before[-1] in _REMOTE_NOT_MODE_BEFORE):
        return ""
    if not _HIRING.isdisjoint(before):
        return ""
    if not _PARTIAL.isdisjoint(before) or following in _WEEKDAYS:
        return "hybrid"
    return "remote"


def _hybrid_cue(low: str, match: re.Match[str]) -> str:
    before, after = _before(low, match.start(), 2), _after(low, match.end(), 2)
    if not _NOT_HYBRID_BEFORE.isdisjoint(before) or low[match.end() : match.end() + 6] == "-cloud":
        return ""
    if _standalone(low, match.end()) or (before and before[-1] in _MODE_NOUNS):
        return "hybrid"
    following = after[0] if after else ""
    if following in _CONJUNCTIONS:
        return "hybrid" if len(after) > 1 and after[1] in _MODE_WORDS else ""
    return "hybrid" if following in _HYBRID_MODE else ""


def _on_site_cue(low: str, match: re.Match[str]) -> str:
    before, after = _before(low, match.start(), 2), _after(low, match.end(), 2)
    following = after[0] if after else ""
    if following in _ON_SITE_NOT_MODE or not _ON_SITE_NOT_BEFORE.isdisjoint(before):
        return ""
    if match.group().startswith(("presencia", "office", "in-office")):
        return "on-site"
    if _standalone(low, match.end()) or following in _ON_SITE_MODE_AFTER:
        return "on-site"
    return "on-site" if before and before[-1] in _ON_SITE_MODE_BEFORE else ""


def _home_cue(low: str, match: re.Match[str], language: str) -> str:
    before, after = _before(low, match.start(), 3), _after(low, match.end(), 1)
    if not _HOME_NOT_MODE.isdisjoint(before[-1:] + after):
        return ""
    if not _NEGATIONS.isdisjoint(before[-2:]):
        return "not-remote"
    if not _TOTAL.isdisjoint(before):
        return "remote"
    if not _PARTIAL.isdisjoint(before):
        return "hybrid"
    if language == "pt":
        return "remote"
    return "hybrid" if language == "de" or match.group() != "home office" else ""


def _language(low: str) -> str:
    """A rough guess at the posting's language: "de", "pt" or "en"."""
    low = f" {low} "
    german = sum(low.count(word) for word in (" und ", " der ", " die ", " mit ", " wir ", " für ", " möglich"))
    portuguese = sum(low.count(word) for word in (" de ", " para ", " com ", " você", " em ", " não ", " vaga", "ção"))
    english = sum(low.count(word) for word in (" and ", " the ", " with ", " you ", " for "))
    best = max(german, portuguese, english)
    return "en" if best == english else ("de" if best == german else "pt")


#: Employment-type cues on lower-cased text, most specific type first; CLT and PJ are matched in capitals.
_EMPLOYMENT: list[tuple[str, list[_Cue]]] = [
    ("Internship", _cues(r"""
        internship  internship\b
        praktik     praktik(?:um|ant|antin)\b  mid-word
        est         est[aá]gio\b
        estagi      estagi[aá]ri[oa]\b
        intern      intern(?= position| role|$)
    """)),
    ("Apprenticeship", _cues(r"""
        apprentice      apprentice(?:ship)?\b
        ausbildung      ausbildung(?:splatz)? zu[mr]\b  mid-word
        azubi           azubi\b
        auszubildend    auszubildender?\b
        duales studium  duales studium\b
        aprendiz        aprendiz\b
    """)),
    ("Freelance", _cues(r"""
        freelance      freelancer?\b
        freiberuflich  freiberuflich
        honorarbasis   honorarbasis\b  mid-word
        aut            aut[oô]nom[oa]\b
    """)),
    ("Contract", _cues(r"""
        contract        contract(?= (?:role|position|job|basis|assignment|engagement|work|hire|to hire)|-to-hire|\)|$)
        contractor      contractor\b
        on a contract   on a contract\b
        fixed contract  fixed contract\b
        c2c             c2c\b
        pessoa jur      pessoa jur[ií]dica\b
    """)),
    ("Temporary", _cues(r"""
        temporary             temporary\b
        perm                  temp(?:-| to )perm
        befristet             befristet
        zeitvertrag           zeitvertrag  mid-word
        tempor                tempor[aá]ri[oa]\b
        fixed                 fixed[- ]term\b
        seasonal              seasonal\b
        elternzeitvertretung  elternzeitvertretung
        maternity cover       maternity cover\b
    """)),
    ("Full-time", _cues(r"""
        time            full[- _]?time\b
        vollzeit        vollzeit  mid-word
        festanstellung  festanstellung  mid-word
        unbefristet     unbefristet
        tempo integral  tempo integral\b
        permanent       permanent(?= role| position| contract| employment| job| hire|$)
    """)),
    ("Part-time", _cues(r"""
        time             part[- _]?time\b
        teilzeit         teilzeit  mid-word
        meio per         meio per[ií]odo\b
        tempo parcial    tempo parcial\b
        minijob          minijob\b
        werkstudent      werkstudent(?:in)?\b
        working student  working student\b
    """)),
]  # fmt: skip
_ACRONYMS = {"Contract": _cues(r"PJ  PJ(?![\w-])"), "Full-time": _cues(r"CLT  CLT(?![\w-])")}
_CUE_KEYS = _key_finder(*_WORK_MODE_CUES, *(cues for _kind, cues in _EMPLOYMENT))
_EMPLOYMENT_NOT_BEFORE = _words("""
    previous prior completed former abgeschlossene abgeschlossenes abgeschlossener erste ersten experiência
    anterior smart employment government defense federal
""")


def find_employment_type(text: str, *, low: str | None = None) -> str | None:
    """The employment type a posting (or a structured field) states, one of ``EMPLOYMENT_TYPES``.

    ``low`` is ``text.lower()``, for a caller that has it already.
    """
    if low is None:
        low = text.lower()
    present = _present(low)  # before stripping: the same text as ``find_work_mode`` read, as a rule
    low = low.strip()
    for kind, cues in _EMPLOYMENT:
        for match in _matches(low, cues, present):
            if _EMPLOYMENT_NOT_BEFORE.isdisjoint(_before(low, match.start(), 2)):
                return kind
        if kind in _ACRONYMS and any(_matches(text, _ACRONYMS[kind], text)):
            return kind
    return None
