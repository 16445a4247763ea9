"""Companies: a structured company field cleaned up, and the employer named in posting prose.

``clean_company`` keeps the first line of a field (job boards append a rating line), drops web
addresses' ``www.``/``.com`` and legal-form suffixes (GmbH, Inc., S.A., Ltda., Sp. z o.o., …) and
returns None for placeholders ("Confidential", "Company name withheld").

``find_company`` scores every cue in the text and keeps the strongest, earliest plausible one:

5  a "Company: X" / "Empresa: X" / "Unternehmen: X" field line;
4  an "About X" heading; "X is hiring/looking for …", "X sucht …", "A X está contratando/busca …";
3  "at X", "join(ing) X", "We are X, …" / "Wir sind X" / "Somos a X", "X is <growing|building|…> …",
   a name carrying a legal form ("Die X GmbH entwickelt …");
2  Portuguese "na/no X", German "bei X", "X builds/serves/… …", "X is a … company", "A X é uma …";
1  "for X", "do/da X", "X's …", and "experience at X" (a past employer).

A cue's name is the run of capitalised words after it (a single lower-case word only after "at"/"bei"
and before punctuation: brands such as "vitroconnect"). The weak preposition cues (bei, na/no, for,
do/da) also need the name to be followed by punctuation, a possessive or a function word, so "for Ford
vehicles" and "for Motion Planning team" name a product or a team, not the employer. "X is a …" needs a
name that looks proper (two words, inner capitals) or a company noun after it, so "Flexibility is a
core value" names nothing. Generic phrases ("a financial institution", "our client"), places,
languages and technology names are never companies.

Decisions: legal forms are always dropped, brand words are kept ("Deutsche Bank AG" → "Deutsche
Bank", "BMW Group" and "Latitude AI" stay whole); ``.com``-style endings are dropped except where the
address is the brand (Booking.com); "Stealth Startup" is a placeholder, not a company.
"""

import re
from itertools import compress, count
from typing import NamedTuple

from loaders.extract.titles import fold
from schema.keys import slug
from schema.model import Company

_LEGAL_FORMS = (
    r"(?i:GmbH\s*&\s*Co\.?\s*KG(?:aA)?|g?GmbH|mbH|KGaA|Inc\.?|Incorporated|Corp\.?|Corporation|Co\.?,?\s*Ltd\.?"
    r"|Ltd\.?|Limited|LLC|L\.L\.C\.?|LLP|L\.P\.|PLC|Pty\.?\s*Ltd\.?|Pvt\.?\s*Ltd\.?|Private\s+Limited|SARL"
    r"|S\.r\.l\.?|Srl|S\.p\.A\.?|SpA|S\.L\.|S\.A\.S\.?|S\.A\.?|S/A|Ltda\.?|EIRELI|B\.V\.?|N\.V\.?|Oyj?|ApS"
    r"|A/S|Sp\.?\s*z\s*o\.?\s*o\.?|K\.K\.|e\.\s?V\.?|UG\s*\(haftungsbeschr[aä]nkt\)|&\s*Co\.?)"
    r"|(?-i:AG|SE|KG|UG|SA|SAS|SL|AB|ASA|AS|BV|NV|ME|EPP|eG|plc)"
)
_RATING = re.compile(r"\s*[★☆]+.*$|\s+\d(?:[.,]\d)?\s*[★☆].*$")
_SPACES = re.compile(r"\s+")
_LEGAL_SUFFIX = re.compile(rf"(?:[\s,]+|\s+[-\u2013]\s+)(?:{_LEGAL_FORMS})\.?\s*$")
#: Legal forms unambiguous enough to mark a name in prose ("PLC" and "SAS" are also technologies).
_LEGAL_ANCHOR_WORDS = frozenset({
    "GmbH", "GMBH", "gGmbH", "KGaA", "Inc", "INC", "LLC", "Ltd", "LTD", "Ltda", "LTDA", "Corp", "Corporation", "LLP",
    "S.A", "S/A", "B.V", "N.V", "AG", "SE", "o.o",
})  # fmt: skip
_DOMAIN = re.compile(
    r"(?:https?://)?(?:www\.)?([\w-]+(?:\.[\w-]+)*?)\.(?:com|net|org|io|co|de|ch|at|fr|nl|pl|pt|br|eu|uk|es|it)"
    r"(?:\.(?:br|uk|au|pl|pt))?/?",
    re.IGNORECASE,
)
_DOMAIN_BRANDS = frozenset({"booking.com", "hotels.com", "monster.com", "ask.com", "bol.com"})
_PLACEHOLDERS = frozenset({
    "confidential", "confidencial", "vertraulich", "company name withheld", "name withheld", "withheld",
    "undisclosed", "not disclosed", "nao divulgado", "empresa confidencial", "confidential company",
    "anonymous", "anonym", "n/a", "na", "none", "null", "unknown", "private", "hidden", "various", "multiple",
    "stealth", "stealth startup", "stealth mode", "stealth mode startup", "our client", "client", "hiring company",
    "employer", "company", "empresa", "unternehmen", "tbd", "self-employed", "freelance", "-1", "0", "-",
})  # fmt: skip
_GENERIC = frozenset({
    "bank", "company", "client", "customer", "team", "startup", "start-up", "scale-up", "firm", "agency", "home",
    "office", "headquarters", "hq", "remote", "university", "school", "college", "hospital", "faang", "big tech",
    "fortune 500", "glassdoor", "indeed", "english", "german", "portuguese", "spanish", "french", "polish",
    "deutsch", "englisch", "ingles", "portugues", "fragen", "interesse", "bedarf", "ruckfragen", "eignung",
    "kunden", "bewerbung", "projekten", "scale", "speed", "level", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "agile", "scrum", "product", "engineering", "it", "hr",
    "experience", "knowledge", "familiarity", "proficiency", "fluency", "travel", "there", "everything",
    "everyone", "security", "quality", "diversity", "teamwork", "communication", "salary", "compensation",
    "benefits", "equity", "relocation", "hybrid", "remote work", "requirements", "responsibilities",
})  # fmt: skip
_DETERMINERS = frozenset({
    "a", "an", "our", "your", "their", "this", "that", "these", "those", "its", "his", "her", "my", "we", "you",
    "they", "it", "all", "any", "each", "every", "some", "one", "both", "such", "other", "leading", "global",
    "large", "major", "top", "new", "small", "um", "uma", "o", "os", "as", "ein", "eine", "einem", "einer",
    "unser", "unsere", "unseren", "unserem", "ihr", "ihre", "der", "die", "das", "dem", "den", "des", "nossa",
    "nosso", "sua", "seu", "este", "esta", "senior", "junior", "mid", "entry", "lead", "principal", "staff",
    "join", "about", "at", "for", "with", "help", "support", "shape", "build", "work", "in", "on", "from",
    "by", "to", "learn", "grow", "contribute", "partner", "bring", "power", "drive", "own", "design", "improve",
    "keep", "make", "if", "when", "while", "und", "and", "bei", "fur", "na", "no", "em", "para", "com", "what",
    "who", "why", "how", "where", "which", "here", "nothing", "anyone", "someone", "somos", "wir",
})  # fmt: skip
_TECH = frozenset({
    "next.js", "node.js", "react", "react.js", "angular", "vue", "vue.js", "java", "javascript", "typescript",
    "python", "go", "golang", "rust", "kotlin", "swift", "scala", "ruby", "rails", "php", "c", "c++", "c#", ".net",
    "django", "flask", "spring", "spring boot", "kubernetes", "docker", "terraform", "linux", "windows", "macos",
    "ios", "android", "graphql", "rest", "sql", "postgresql", "mysql", "mongodb", "redis", "kafka", "spark",
    "hadoop", "airflow", "dbt", "jenkins", "git", "jira", "excel", "power bi", "drupal", "wordpress", "html",
    "css", "ai", "ml", "genai", "llm", "llms", "api", "apis", "saas", "devops", "cloud",
})  # fmt: skip
#: Platforms that are employers after "at" but products after "for" or in "X's".
_PLATFORMS = frozenset({
    "aws", "azure", "gcp", "google cloud", "salesforce", "sap", "shopify", "snowflake", "databricks", "github",
    "gitlab", "microsoft", "google", "apple", "amazon", "meta", "oracle", "ibm", "adobe", "atlassian",
})  # fmt: skip
_PLACES = frozenset({
    "germany", "deutschland", "alemanha", "brazil", "brasil", "portugal", "switzerland", "schweiz", "suica",
    "austria", "osterreich", "poland", "polen", "polonia", "spain", "spanien", "espanha", "france", "frankreich",
    "franca", "italy", "italien", "italia", "netherlands", "niederlande", "holanda", "belgium", "ireland", "uk",
    "united kingdom", "england", "us", "usa", "united states", "america", "canada", "mexico", "argentina",
    "colombia", "chile", "india", "china", "japan", "australia", "europe", "europa", "emea", "apac", "latam",
    "dach", "nordics", "americas", "north america", "latin america", "berlin", "munich", "munchen", "hamburg",
    "frankfurt", "koln", "cologne", "stuttgart", "dusseldorf", "leipzig", "dresden", "hannover", "nurnberg",
    "vienna", "wien", "zurich", "basel", "bern", "geneva", "london", "manchester", "paris", "amsterdam", "madrid",
    "barcelona", "lisbon", "lisboa", "porto", "sao paulo", "rio de janeiro", "rio", "belo horizonte", "curitiba",
    "porto alegre", "brasilia", "recife", "salvador", "fortaleza", "florianopolis", "campinas", "goiania",
    "bahia", "minas gerais", "new york", "san francisco", "seattle", "austin", "boston", "chicago", "toronto",
    "dublin", "warsaw", "warszawa", "krakow", "lodz", "wroclaw", "prague", "budapest", "bucharest", "silicon valley",
})  # fmt: skip
_PLACE_WORDS = frozenset({"avenida", "rua", "zona", "regiao", "cidade", "grande", "estado", "bairro", "centro"})
#: German descriptors that stand before a name: "des Automobilzulieferers Kranich Mobility GmbH".
_DESCRIPTOR = re.compile(
    r"\w*(?:zulieferer|hersteller|unternehmen|anbieter|dienstleister|haus|beratung|konzern|gruppe|firma|startup"
    r"|versicherer|spezialist|marktfuhrer|betreiber|handler|arbeitgeber|kunde|kunden)(?:s|es|en|n)?"
)
_FOLLOW_OK = frozenset({
    "in", "at", "as", "and", "or", "to", "with", "where", "which", "who", "on", "from", "is", "are", "was", "were",
    "has", "have", "will", "we", "you", "located", "based", "since", "that", "em", "com", "que", "e", "onde", "você",
    "para", "está", "é", "são", "als", "und", "mit", "ist", "sind", "am", "an", "im", "zu", "bei", "für", "sucht",
})  # fmt: skip
_COMMON_LOWER = frozenset({
    "scale", "speed", "pace", "home", "work", "night", "least", "most", "best", "first", "once", "heart", "large",
    "length", "times", "risk", "hand", "will", "all", "random", "rest", "ease", "peak", "volume", "runtime",
    "present", "lunch", "school", "university", "college", "office", "headquarters", "startups", "level", "levels",
    "stake", "play", "sea", "cost", "par", "fault", "odds", "issue", "launch", "source", "minimum", "maximum",
    "worst", "last", "noon", "midnight", "weekends", "uni", "hq", "uns", "euch", "ihnen", "dir", "mir", "bedarf",
    "scale-up", "speed.", "them", "us", "you", "it", "this", "that",
})  # fmt: skip
_ANCHORS = frozenset(
    word + end for word in _LEGAL_ANCHOR_WORDS for end in ("", ".", ",", ".,", ";", ":", ")", "!", "?")
)
_ANCHORS_LOW = frozenset(anchor.lower() for anchor in _ANCHORS)  # what a word must be lower-cased to be one
_STRONG = frozenset({"hiring", "looking", "seeking", "searching", "recruiting", "contratando"})
_STRONG_ALONE = frozenset({"sucht", "busca", "procura", "contrata", "seleciona"})
_DOING = frozenset({
    "growing", "expanding", "building", "opening", "launching", "modernizing", "modernising", "transforming",
    "scaling", "redefining", "reinventing", "revolutionizing", "revolutionising", "shaping", "powering",
    "investing", "entering", "crescendo", "expandindo", "buscando", "procurando",
})  # fmt: skip
_DESCRIBES = frozenset({
    "builds", "makes", "runs", "operates", "helps", "serves", "moves", "provides", "develops", "delivers", "offers",
    "gives", "streams", "publishes", "processes", "creates", "designs", "powers", "enables", "connects", "sells",
    "manufactures", "produces", "specializes", "specialises", "empowers", "transforms", "supports", "brings",
    "combines", "entwickelt", "bietet", "oferece", "desenvolve", "atua",
})  # fmt: skip
_ARTICLE_AFTER = {"is": {"a", "an", "one", "the"}, "é": {"uma", "um", "a", "o"}, "ist": {"ein", "eine", "der", "die"}}
_FIELD_NAMES = frozenset({
    "company name", "company", "employer", "empresa", "unternehmen", "arbeitgeber", "firma", "organization",
    "organisation",
})  # fmt: skip
_PT_MARKERS = frozenset({"você", "para", "com", "não", "são", "vaga", "empresa", "está", "é"})
_VERBS = frozenset(
    {"is", "are", "está", "ist", "é", "was", "stellt", "wächst", "sind", "somos"} | _STRONG_ALONE | _DESCRIBES
) | frozenset(verb + end for verb in ("sucht", "busca", "procura") for end in ("", ",", "."))
#: The verbs (end punctuation removed) that can follow a name that opens a sentence, in ``_subject``.
_SUBJECT_VERBS = _STRONG_ALONE.union(_DESCRIBES, _ARTICLE_AFTER, {"is", "are", "está", "stellt", "wächst", "was"})
_WE_ARE = frozenset({("we", "are"), ("wir", "sind"), ("somos", "a"), ("somos", "o"), ("somos", "")})
_WE = frozenset(we for we, _are in _WE_ARE)
#: Nouns that make "X is a …" a company introducing itself.
_DESCRIPTORS = frozenset({
    "company", "provider", "leader", "startup", "start-up", "scale-up", "scaleup", "firm", "platform", "bank",
    "group", "agency", "consultancy", "manufacturer", "retailer", "organization", "organisation", "business",
    "marketplace", "operator", "maker", "studio", "network", "brand", "supplier", "insurer", "institution",
    "employer", "fintech", "unicorn", "service", "publisher", "producer", "pioneer", "innovator", "empresa",
    "unternehmen", "anbieter", "hersteller", "dienstleister", "konzern", "plataforma", "banco", "líder",
    "referência", "fabricante", "companhia", "varejista", "operadora",
})  # fmt: skip
#: Words before "at X" that make X a past or other employer: "experience at Google".
_ELSEWHERE = frozenset({"experience", "worked", "background", "previously", "formerly", "former", "alumni", "ex"})
_CUE_SCORES = {"at": 3, "join": 3, "joining": 3, "bei": 2, "beim": 2, "na": 2, "no": 2, "for": 1, "do": 1, "da": 1}
#: Cue words that weigh 1, so what they name counts only when no stronger cue names a company.
_WEAK_CUES = frozenset(cue for cue, score in _CUE_SCORES.items() if score == 1)
#: Words that open a "Company: X" field line or an "About X" heading (besides any word ending in ":").
_LINE_OPENERS = frozenset({"company", "about", "über", "ueber", "sobre"})
#: The (lower-case) words whose presence or place matters: verbs, cue words, language markers, legal forms.
_MARKERS = _VERBS.union(_CUE_SCORES, _PT_MARKERS, _ANCHORS_LOW)
_NUMERIC = re.compile(r"\d[\d.,:/-]*(?:am|pm|h|uhr|k|%|\+|x)?", re.IGNORECASE)
_CONNECT = frozenset({"&", "of", "de", "do", "da", "dos", "das", "and", "und", "y", "von", "van", "der", "del"})
#: Words that open a run but are no part of the name ("our", "the", "and").
_OPENERS = _DETERMINERS | _CONNECT
#: Words a name never starts with.
_NOT_FIRST = _DETERMINERS | _TECH
_TRAILING = "\"'\u201c\u201d\u2018\u2019),.;:!?"
_LEADING = "\"'\u201c\u2018(\u2022*-"


def clean_company(value: str) -> Company | None:
    """A structured company field as a Company, or None for an empty field or a placeholder."""
    name = _clean_name(value)
    return Company(name=name) if name is not None else None


def _clean_name(value: str) -> str | None:
    """The name ``clean_company`` makes of ``value``, or None."""
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    if not lines:
        return None
    name = _RATING.sub("", lines[0]).strip(" \t\"'\u201c\u201d|")
    domain = _DOMAIN.fullmatch(name)
    if domain and fold(name) not in _DOMAIN_BRANDS:
        name = domain.group(1)
    while (stripped := _LEGAL_SUFFIX.sub("", name).strip(" ,-\u2013|")) and stripped != name:
        name = stripped
    name = _SPACES.sub(" ", name).strip(" ,-\u2013|/")
    if not slug(name) or fold(name) in _PLACEHOLDERS or not any(ch.isalpha() for ch in name):
        return None
    return name


def find_company(text: str, *, low: str | None = None) -> Company | None:
    """The employer a posting names in its prose, or None when it names none plausibly.

    ``low`` is ``text.lower()``, for a caller that has it already.
    """
    words = _split(text, text.lower() if low is None else low)
    raw, lows = words.raw, words.low
    marked = list(compress(count(), map(_MARKERS.__contains__, lows)))  # the indices of the marker words
    present = {lows[i] for i in marked}
    found: list[tuple[int, int, str]] = []  # (score, word index, name)
    for i in words.line_starts:
        if raw[i].endswith(":") or lows[i] in _LINE_OPENERS:
            _line_cues(words, i, found)
    cues = present & _CUE_SCORES.keys()
    if _PT_MARKERS.isdisjoint(present):
        cues -= {"na", "no", "do", "da"}
    for i in _subjects(words, [i for i in marked if lows[i] in _VERBS]):
        _subject(words, i, found)
    for i in marked:
        if lows[i] in cues and lows[i] not in _WEAK_CUES:
            _after_cue(words, i, found)
    if not _ANCHORS_LOW.isdisjoint(present) and not _ANCHORS.isdisjoint(raw):
        for i in [i for i, word in enumerate(raw) if word in _ANCHORS and i]:
            name = _run_before(words, i, raw[i].rstrip(",;:!?)"))
            if len(name.split()) > 1:
                found.append((3, i, name))
    company = _best([cue for cue in found if cue[0] > 1])
    if company is not None:
        return company
    for i in marked:  # the weakest cues count only when nothing stronger is there
        if lows[i] in cues and lows[i] in _WEAK_CUES:
            _after_cue(words, i, found)
    if "'s" not in text and "\u2019s" not in text:
        return _best(found)
    for i in [i for i, word in enumerate(raw) if word.endswith(("'s", "\u2019s")) and word[0].isupper()]:
        if i + 1 < len(raw) and raw[i + 1][0].isupper() and not words.breaks(i + 1):
            continue  # "King's Cross": a compound proper name, not a possessive
        name = _run_before(words, i, raw[i][:-2])
        if name and fold(name) not in _PLATFORMS:
            found.append((1, i, name))  # the weakest cue, looked for only when nothing stronger is there
    return _best(found)


def _best(found: list[tuple[int, int, str]]) -> Company | None:
    """The plausible company of the highest score, the earliest of equals."""
    for _score, _index, name in sorted(found, key=lambda item: (-item[0], item[1])):
        cleaned = _clean_name(name)
        if cleaned is not None and _plausible(cleaned):
            return Company(name=cleaned)
    return None


class _Words(NamedTuple):
    raw: list[str]
    low: list[str]  # lower case, as split (punctuation kept)
    line_starts: list[int]  # indices of the words that open a line
    starts: frozenset[int]  # the same, for lookups

    def breaks(self, index: int) -> bool:
        """Does a line start at word ``index``?"""
        return index in self.starts

    def after(self, index: int, count: int = 2) -> list[str]:
        """Up to ``count`` lower-case words from ``index`` on the same line, end punctuation removed, padded."""
        stop = index + count
        for k in range(index + 1, stop):
            if k in self.starts:
                stop = k
                break
        out = [word.rstrip(_TRAILING) for word in self.low[index:stop]]
        return out + [""] * (count - len(out))


def _split(text: str, low_text: str) -> _Words:
    raw: list[str] = []
    line_starts: list[int] = []
    for line in text.split("\n"):
        words = line.split()
        if words:
            line_starts.append(len(raw))
            raw.extend(words)
    low = low_text.split()  # lower-casing never adds or removes a space, so the words line up
    if len(low) != len(raw):
        low = [word.lower() for word in raw]
    return _Words(raw, low, line_starts, frozenset(line_starts))


def _subjects(words: _Words, verbs: list[int]) -> list[int]:
    """The sentence starts with one of the ``verbs`` (word indices) among their first eight words, in order.

    A sentence starts a line or follows a word ending in ".", "!" or "?".
    """
    raw, line_starts = words.raw, words.starts
    starts: list[int] = []
    checked = -1  # the verbs come in order, so each word is looked at once
    for verb in verbs:
        for i in range(max(checked + 1, verb - 7), verb + 1):
            if i in line_starts or (i and raw[i - 1][-1] in ".!?"):
                starts.append(i)
        checked = verb
    return starts


def _line_cues(words: _Words, i: int, found: list[tuple[int, int, str]]) -> None:
    """A "Company: X" field line, or an "About X" heading."""
    low, raw = words.low, words.raw
    field = i + 1 if low[i] == "company" and i + 1 < len(raw) and low[i + 1] == "name:" else i
    if raw[field].endswith(":") and low[field].rstrip(":") in _FIELD_NAMES:
        end = next((k for k in words.line_starts if k > field), len(raw))
        found.append((5, i, " ".join(raw[field + 1 : end])))
    elif low[i] in {"about", "über", "ueber", "sobre"}:
        start = i + 2 if low[i] == "sobre" and words.after(i + 1, 1)[0] in {"a", "o"} else i + 1
        name, _end, follow = _run(words, start)
        if name and follow in {":", "", "\n"}:
            found.append((4, i, name))


def _subject(words: _Words, i: int, found: list[tuple[int, int, str]]) -> None:
    """A name opening a sentence and the verb after it: "Acme is hiring …", "A Acme busca …"."""
    if words.raw[i] in {"Die", "Der", "Das", "A", "O"}:
        i += 1
    if words.low[i].rstrip(_TRAILING) in _WE and tuple(words.after(i)) in _WE_ARE:
        name, end, follow = _run(words, i + 2 + (words.after(i + 2, 1)[0] in {"a", "o", "die", "der", "das"}))
        if name and follow in {",", ".", "!", "\n", "", "and", "und", "e"}:
            found.append((3, i, name))  # "We are Acme, …", "Wir sind die Acme …", "Somos a Acme …"
        return
    name, end, _follow = _run(words, i)
    if not name or end >= len(words.low) or words.low[end].rstrip(_TRAILING) not in _SUBJECT_VERBS:
        return
    verb, second = words.after(end)
    hiring = (verb in {"is", "are", "está"} and second in _STRONG) or (verb, second) == ("stellt", "ein")
    if verb in _STRONG_ALONE or hiring:
        found.append((4, i, name))
    elif (verb in {"is", "are", "está"} and second in _DOING) or verb == "wächst":
        found.append((3, i, name))
    elif verb in _DESCRIBES or second in _ARTICLE_AFTER.get(verb, ()) or (verb, second) == ("was", "founded"):
        proper = len(name.split()) > 1 or not name[1:].islower()  # "Brightwave Media", "HubSpot", "N26"
        if proper or not _DESCRIPTORS.isdisjoint(words.after(end, 8)):
            found.append((2, i, name))  # a plain word needs "… is a … company": not "Flexibility is a value"


def _after_cue(words: _Words, i: int, found: list[tuple[int, int, str]]) -> None:
    cue = words.low[i]
    start = i + 1
    skipped = words.after(start, 1)[0]
    if (
        (cue == "bei" and skipped in {"der", "dem"})
        or (cue in {"join", "joining"} and skipped == "the")
        or (cue in {"na", "no"} and skipped in {"empresa", "companhia"})
    ):
        start += 1
    name, _end, follow = _run(words, start, lower_ok=cue in {"at", "bei", "beim"})
    if not name or (skipped == "the" and follow not in {"team", "family", "crew"}):
        return
    if _CUE_SCORES[cue] == 3:
        elsewhere = cue == "at" and words.low[i - 1] in _ELSEWHERE if i else False
        found.append((1 if elsewhere else 3, i, name))  # "experience at Google" names a past employer
    elif _follows_well(follow) and fold(name) not in _PLATFORMS:
        found.append((_CUE_SCORES[cue], i, name))


def _follows_well(follow: str) -> bool:
    """What comes after a name that a weak cue found: punctuation, a possessive or a function word."""
    return (
        follow in {"", "\n", "'s", ",", ".", ";", ":", "!", "?", ")"}
        or follow in _FOLLOW_OK
        or (follow.endswith("ing") and len(follow) > 4)
    )


def _run(words: _Words, start: int, lower_ok: bool = False) -> tuple[str, int, str]:
    """The run of name words from ``start``: (name, index after it, what follows it)."""
    tokens: list[str] = []
    follow = ""
    k = start
    size = len(words.raw)
    while k < size and len(tokens) < 6:
        if k > start and k in words.starts:
            follow = "\n"
            break
        raw = words.raw[k]
        possessive = raw.endswith(("'s", "\u2019s"))
        core = (raw[:-2] if possessive else raw.rstrip(_TRAILING)).lstrip(_LEADING)
        name_like = bool(core) and (core[0].isupper() or core[0].isdigit() or not core.islower())
        connector = not name_like and bool(tokens) and fold(core) in _CONNECT
        lower_brand = lower_ok and not tokens and core.islower() and len(core) > 2 and core != raw
        if not (name_like or connector or lower_brand):
            follow = words.low[k].rstrip(_TRAILING)
            break
        if possessive and k + 1 < size and words.raw[k + 1][:1].isupper():
            return "", k, ""  # "at King's Cross": a place, not a name and its possession
        tokens.append(core)
        k += 1
        if possessive or core != raw.lstrip(_LEADING):
            follow = "'s" if possessive else raw[len(raw.rstrip(_TRAILING)) :][:1]
            break
    while tokens and fold(tokens[-1]) in _CONNECT:
        tokens.pop()
    if tokens and tokens[0].islower() and (len(tokens) > 1 or fold(tokens[0]) in _COMMON_LOWER):
        return "", k, follow
    return " ".join(tokens), k, follow


def _run_before(words: _Words, end: int, last: str) -> str:
    """The capitalised words up to word ``end`` (read as ``last``), with openers and descriptors dropped."""
    run = [last]
    k = end - 1
    while k >= 0 and len(run) < 5 and not words.breaks(k + 1):
        word = words.raw[k]
        if word[-1] in ",.;:!?)" or not (word[0].isupper() or word[0].isdigit() or fold(word) in _CONNECT):
            break
        run.insert(0, word)
        k -= 1
    while run and (fold(run[0]) in _OPENERS or (len(run) > 2 and _DESCRIPTOR.fullmatch(fold(run[0])))):
        run.pop(0)
    return " ".join(run)


def _plausible(name: str) -> bool:
    """Not a generic phrase, place, language, time or technology (nor a list that starts with one)."""
    folded = fold(name)
    words = folded.split()
    if folded in _GENERIC or folded in _PLACES or words[0] in _NOT_FIRST or folded == "the":
        return False
    if words[0] in _PLACE_WORDS or _NUMERIC.fullmatch(words[0]) or folded.endswith((".js", "++", "#")):
        return False
    return words[-1] not in {"team", "teams", "engineer", "engineers", "developer", "developers", "level"}
