"""Job titles: the title that opens a summary sentence, and a title split into role and seniority.

``title_from_summary`` reads the leading run of title-ish words (capitalised words, known role and
domain words, connectors such as "of"/"de") up to the first verb, preposition or punctuation, and
keeps it only if it names a role (Engineer, Entwickler, Desenvolvedor, Werkstudent, …).

``parse_title`` strips gender markers ("(m/w/d)", "(a)"), bracketed notes and seniority words, then
canonicalises the rest to an English role name: spellings are merged (Back-end → Backend, Fullstack
→ Full Stack, SWE → Software Engineer) and German/Portuguese roles are translated where they are the
same job (Softwareentwickler → Software Developer, Engenheiro de Dados → Data Engineer). Developer and
Engineer stay distinct; technology modifiers stay ("Java Full Stack Engineer").

Decisions:
- gender markers are never part of a title;
- "Staff" is Principal (both sit above Senior), but only on engineering-type roles ("Staff Accountant"
  is not); "Head of", Director, VP, Chief and Leiter are Head; Manager implies no seniority;
- a bare "Engineer"/"Developer" left once seniority is removed is "Software Engineer"/"Software Developer";
- level numerals count only without a seniority word: I → Junior, II → Mid, III and up → Senior;
- several seniority words: the highest wins, except that Intern always wins; a "(Senior)" that opens a
  title means "senior optional" and is ignored;
- with no role noun left, the lead/head/intern noun is kept ("Tech Lead", "Head of Engineering",
  "Marketing Intern"), and a known field becomes its practitioner ("Werkstudent Data Engineering" →
  Data Engineer).
"""

import re
import unicodedata
from functools import lru_cache

from schema.keys import slug
from schema.model import Role, Seniority

S = Seniority

#: English role nouns (and the role-bearing seniority nouns), folded.
_EN_HEAD_WORDS = frozenset({
    "engineer", "developer", "architect", "manager", "scientist", "analyst", "designer", "consultant",
    "administrator", "specialist", "programmer", "technician", "tester", "owner", "master", "officer",
    "coordinator", "researcher", "writer", "editor", "strategist", "evangelist", "advocate", "expert",
    "coach", "assistant", "representative", "executive", "recruiter", "accountant", "auditor", "controller",
    "operator", "agent", "advisor", "adviser", "planner", "buyer", "steward", "lecturer", "teacher",
    "tutor", "marketer", "producer", "artist", "animator", "translator", "mechanic", "electrician",
    "supervisor", "generalist", "investigator", "statistician", "economist", "mathematician", "physicist",
    "chemist", "nurse", "physician", "pharmacist", "therapist", "lawyer", "counsel", "paralegal", "partner",
    "associate", "modeler", "modeller", "practitioner", "intern", "trainee", "apprentice", "werkstudent",
    "werkstudentin", "praktikant", "praktikantin", "azubi", "auszubildende", "auszubildender", "lead",
    "leader", "head", "director", "direktor",
})  # fmt: skip

#: Further role nouns, with the English they stand for.
_HEAD_NOUNS: dict[str, str] = {
    "dev": "Developer", "admin": "Administrator", "sre": "Site Reliability Engineer", "sdet": "SDET",
    "swe": "Software Engineer", "sde": "Software Engineer", "dba": "Database Administrator", "vp": "VP",
    "projektleiter": "Project Manager", "projektleiterin": "Project Manager",
    "fachinformatiker": "IT Specialist", "fachinformatikerin": "IT Specialist",
    "informatiker": "Computer Scientist", "teamleiter": "Team Lead", "teamleiterin": "Team Lead",
    "teamleitung": "Team Lead", "leiter": "Head", "leiterin": "Head", "leitung": "Head",
    "estagiario": "Intern", "estagiaria": "Intern", "estagio": "Intern", "aprendiz": "Apprentice",
    "lider": "Lead", "diretor": "Director", "diretora": "Director", "cto": "CTO", "cio": "CIO",
    "ceo": "CEO",
}  # fmt: skip

#: Head nouns that also open a sentence as a verb ("Lead the team…", "Architect and build…").
_AMBIGUOUS_HEADS = frozenset({
    "advocate", "architect", "coach", "counsel", "engineer", "head", "lead", "master", "partner", "steward",
    "tutor",
})  # fmt: skip

_PT_HEADS: dict[str, str] = {
    "desenvolvedor": "Developer", "desenvolvedora": "Developer", "engenheiro": "Engineer",
    "engenheira": "Engineer", "analista": "Analyst", "arquiteto": "Architect", "arquiteta": "Architect",
    "cientista": "Scientist", "programador": "Programmer", "programadora": "Programmer",
    "gerente": "Manager", "coordenador": "Coordinator", "coordenadora": "Coordinator",
    "especialista": "Specialist", "consultor": "Consultant", "consultora": "Consultant",
    "administrador": "Administrator", "administradora": "Administrator", "tecnico": "Technician",
    "tecnica": "Technician", "supervisor": "Supervisor", "supervisora": "Supervisor",
    "assistente": "Assistant", "auxiliar": "Assistant", "desarrollador": "Developer",
    "desarrolladora": "Developer", "ingeniero": "Engineer", "ingeniera": "Engineer",
    "arquitecto": "Architect", "cientifico": "Scientist",
}  # fmt: skip

#: German compound heads: ``Softwareentwickler``, ``Java-Entwickler:in``, ``IT-Berater``.
_DE_HEADS: dict[str, str] = {
    "entwickler": "Developer", "programmierer": "Programmer", "ingenieur": "Engineer",
    "berater": "Consultant", "architekt": "Architect", "administrator": "Administrator",
    "techniker": "Technician", "spezialist": "Specialist", "experte": "Expert", "analyst": "Analyst",
    "manager": "Manager", "designer": "Designer", "tester": "Tester", "consultant": "Consultant",
    "engineer": "Engineer", "developer": "Developer", "referent": "Specialist",
    "wissenschaftler": "Scientist", "koordinator": "Coordinator",
}  # fmt: skip

_DE_FIELDS: dict[str, str] = {
    "entwicklung": "Development", "architektur": "Architecture", "analyse": "Analytics",
}  # fmt: skip

_DE_PREFIXES: dict[str, str] = {
    "software": "Software", "daten": "Data", "data": "Data", "datenbank": "Database", "web": "Web",
    "anwendungs": "Application", "applikations": "Application", "system": "System", "netzwerk": "Network",
    "projekt": "Project", "produkt": "Product", "test": "Test", "it": "IT", "sap": "SAP", "java": "Java",
    "php": "PHP", "python": "Python", "frontend": "Frontend", "backend": "Backend",
    "fullstack": "Full Stack", "full-stack": "Full Stack", "cloud": "Cloud", "devops": "DevOps",
    "app": "App", "ios": "iOS", "android": "Android", "mobile": "Mobile", "embedded": "Embedded",
    "sicherheits": "Security", "it-sicherheits": "IT Security", "qualitats": "Quality",
    "vertriebs": "Sales", "support": "Support", "bi": "BI", "ki": "AI", "business": "Business",
    "solution": "Solution", "plattform": "Platform", "infrastruktur": "Infrastructure",
    "automatisierungs": "Automation", "prozess": "Process", "integrations": "Integration", "spiele": "Game",
    "game": "Game", "ux": "UX", "ui": "UI", "ux/ui": "UX/UI",
}  # fmt: skip

#: Portuguese and German modifiers (folded, longest phrase wins) in English.
_FOREIGN_WORDS: dict[str, str] = {
    "dados": "Data", "software": "Software", "sistemas": "Systems", "sistema": "Systems",
    "solucoes": "Solutions", "solucao": "Solutions", "projetos": "Project", "projeto": "Project",
    "produto": "Product", "produtos": "Product", "suporte": "Support", "testes": "Test", "teste": "Test",
    "qualidade": "Quality", "infraestrutura": "Infrastructure", "seguranca": "Security",
    "seguranca da informacao": "Information Security", "negocios": "Business", "redes": "Network",
    "banco de dados": "Database", "bancos de dados": "Database", "aplicacoes": "Application",
    "aplicacao": "Application", "automacao": "Automation", "integracao": "Integration",
    "desenvolvimento": "Development", "desenvolvimento de software": "Software Development",
    "desenvolvimento web": "Web Development", "inteligencia artificial": "AI",
    "aprendizado de maquina": "Machine Learning", "nuvem": "Cloud", "ti": "IT", "tecnologia": "Technology",
    "tecnologia da informacao": "IT", "vendas": "Sales", "engenharia": "Engineering",
    "engenharia de dados": "Data Engineering", "engenharia de software": "Software Engineering",
    "ciencia de dados": "Data Science", "analise de dados": "Data Analytics", "operacoes": "Operations",
    "requisitos": "Requirements", "processos": "Process", "governanca": "Governance",
    "plataforma": "Platform", "recursos humanos": "HR", "financeiro": "Finance", "movel": "Mobile",
    "jogos": "Game", "systemintegration": "System Integration", "informatik": "Computer Science",
    "vertrieb": "Sales", "it-sicherheit": "IT Security",
}  # fmt: skip

_FIELD_ROLES: dict[str, str] = {
    "data engineering": "Data Engineer", "data science": "Data Scientist", "data analytics": "Data Analyst",
    "data analysis": "Data Analyst", "software engineering": "Software Engineer",
    "software development": "Software Developer", "application development": "Application Developer",
    "web development": "Web Developer", "backend development": "Backend Developer",
    "frontend development": "Frontend Developer", "full stack development": "Full Stack Developer",
    "mobile development": "Mobile Developer", "machine learning": "Machine Learning Engineer",
    "devops": "DevOps Engineer", "quality assurance": "QA Engineer", "development": "Software Developer",
}  # fmt: skip

_SENIORITY_WORDS: dict[str, Seniority] = {
    **dict.fromkeys([
        "intern", "internship", "werkstudent", "werkstudentin", "praktikant", "praktikantin", "praktikum",
        "pflichtpraktikum", "estagiario", "estagiaria", "estagio", "trainee", "apprentice", "azubi",
        "auszubildende", "auszubildender", "aprendiz", "working student",
    ], S.INTERN),
    **dict.fromkeys([
        "entry level", "new grad", "junior", "jr", "entry-level", "graduate", "einsteiger",
        "berufseinsteiger",
    ], S.JUNIOR),
    **dict.fromkeys([
        "mid level", "pleno", "mid", "mid-level", "midlevel", "intermediate", "medior",
    ], S.MID),
    **dict.fromkeys([
        "tech lead", "team lead", "lider tecnico", "lead", "leader", "lider", "teamlead", "teamleiter",
        "teamleiterin", "teamleitung",
    ], S.LEAD),
    **dict.fromkeys([
        "head of", "vice president", "head", "director", "diretor", "diretora", "direktor", "direktorin",
        "vp", "svp", "evp", "chief", "cto", "cio", "ceo", "cfo", "coo", "cpo", "ciso", "cdo", "leiter",
        "leiterin", "leitung", "bereichsleiter", "abteilungsleiter",
    ], S.HEAD),
    **dict.fromkeys([
        "senior", "sr", "sen", "snr",
    ], S.SENIOR),
    **dict.fromkeys([
        "principal", "staff", "distinguished",
    ], S.PRINCIPAL),
}  # fmt: skip

_SENIORITY_NOUNS: dict[str, str] = {
    "tech lead": "Tech Lead", "team lead": "Team Lead", "lider tecnico": "Tech Lead",
    "teamlead": "Team Lead", "teamleiter": "Team Lead", "teamleiterin": "Team Lead",
    "teamleitung": "Team Lead", "lead": "Lead", "leader": "Lead", "lider": "Lead", "head": "Head",
    "head of": "Head", "leiter": "Head", "leiterin": "Head", "leitung": "Head", "director": "Director",
    "diretor": "Director", "diretora": "Director", "direktor": "Director", "direktorin": "Director",
    "vp": "VP", "svp": "SVP", "evp": "EVP", "trainee": "Trainee", "apprentice": "Apprentice",
    "azubi": "Apprentice", "auszubildende": "Apprentice", "auszubildender": "Apprentice",
    "aprendiz": "Apprentice",
}  # fmt: skip

_CHIEFS: dict[str, str] = {
    "cto": "Chief Technology Officer", "cio": "Chief Information Officer", "ceo": "Chief Executive Officer",
    "cfo": "Chief Financial Officer", "coo": "Chief Operating Officer", "cpo": "Chief Product Officer",
    "ciso": "Chief Information Security Officer", "cdo": "Chief Data Officer",
}  # fmt: skip

_SPECIAL_WORDS = frozenset({
    "DevOps", ".NET", "iOS", "JavaScript", "TypeScript", "PHP", "SAP", "QA", "UI", "UX", "UI/UX", "UX/UI",
    "IT", "AI", "BI", "ERP", "CRM", "AWS", "GCP", "SQL", "ETL", "API", "Node.js", "GraphQL", "HTML", "CSS",
    "SEO", "HR", "NLP", "LLM", "IoT", "SDET", "DBA", "VP", "RPA", "GIS", "CAD", "ABAP", "MLOps",
    "DevSecOps", "FinOps", "SaaS", "C++", "C#", "CI/CD", "Vue.js", "AI/ML",
})  # fmt: skip

_STOP_WORDS = frozenset({
    "ab", "across", "als", "am", "an", "are", "as", "at", "atuando", "auf", "based", "bei", "beim", "by",
    "com", "das", "dem", "den", "der", "die", "em", "for", "from", "fur", "gesucht", "im", "in", "into",
    "is", "join", "joining", "junto", "located", "mit", "na", "nas", "needed", "no", "nos", "on", "para",
    "pela", "pelo", "que", "required", "responsible", "sought", "that", "to", "using", "via", "vom", "von",
    "wanted", "was", "we", "which", "who", "whom", "will", "with", "within", "you", "zu", "zum", "zur",
})  # fmt: skip

_LOWER_TITLE_WORDS = frozenset({
    "ai", "analytics", "aplicacoes", "application", "back-end", "backend", "banco", "bi", "business",
    "ciencia", "cloud", "computacao", "dados", "data", "database", "desenvolvimento", "design", "devops",
    "embedded", "engenharia", "front-end", "frontend", "full", "full-stack", "fullstack", "informacao",
    "infraestrutura", "infrastructure", "it", "java", "jr", "junior", "lead", "learning", "machine",
    "marketing", "ml", "mobile", "negocios", "network", "platform", "pleno", "principal", "product",
    "produto", "project", "projeto", "projetos", "python", "qa", "qualidade", "quality", "redes",
    "reliability", "sales", "sap", "security", "seguranca", "senior", "sistemas", "site", "software",
    "solucoes", "solutions", "sr", "stack", "staff", "suporte", "support", "systems", "tecnologia", "test",
    "testes", "ti", "ui", "ux", "web",
})  # fmt: skip

#: -ing words that are nouns in titles ("Data Engineering Intern"), not the verb that ends one.
_NOUN_ING = frozenset({
    "accounting", "advertising", "auditing", "banking", "billing", "computing", "consulting", "engineering",
    "gaming", "hosting", "imaging", "learning", "manufacturing", "marketing", "messaging", "mining",
    "modeling", "modelling", "networking", "nursing", "packaging", "planning", "pricing", "processing",
    "programming", "publishing", "purchasing", "recruiting", "reporting", "routing", "scheduling",
    "shipping", "sourcing", "streaming", "testing", "tooling", "trading", "training",
})  # fmt: skip

_ROLE_NOUNS: dict[str, str] = {word: word.capitalize() for word in _EN_HEAD_WORDS} | _HEAD_NOUNS
_SPECIAL_CASE: dict[str, str] = {word.lower(): word for word in _SPECIAL_WORDS}
_DE_SUFFIXES = tuple(sorted(_DE_HEADS, key=len, reverse=True))
_DE_FIELD_SUFFIXES = tuple(_DE_FIELDS)
_NUMERALS = {
    "i": S.JUNIOR, "1": S.JUNIOR, "ii": S.MID, "2": S.MID, "iii": S.SENIOR, "3": S.SENIOR, "iv": S.SENIOR,
}  # fmt: skip
_RANK = [S.JUNIOR, S.MID, S.SENIOR, S.LEAD, S.PRINCIPAL, S.HEAD]
_STAFF_HEADS = frozenset({"Engineer", "Developer", "Scientist", "Architect", "Designer", "Programmer", "Analyst"})
#: Words between a lead/head/intern noun and its field, dropped: "Praktikum im Bereich Data Science".
_AFTER_NOUN = frozenset({"of", "de", "da", "do", "em", "in", "im", "bereich", "na", "no", "area", "fur", "zur", "zum"})
#: Words in a title that say nothing about the role: work mode, "Pessoa Desenvolvedora", support tiers.
_NOISE = frozenset({"remote", "hybrid", "remoto", "hibrido", "onsite", "experienced", "pessoa"})
_TIER = re.compile(r"[nl][1-4]")
_PHRASE_ROLES = [
    (("fachinformatiker", "anwendungsentwicklung"), "Application Developer"),
    (("fachinformatiker", "systemintegration"), "System Administrator"),
]
_CONNECTORS = frozenset({"of", "and", "&", "/", "de", "da", "do", "dos", "e", "und", "y"})
_DROPPED_CONNECTORS = frozenset({"de", "da", "do", "das", "dos", "em", "fur", "para"})

_GENDER = re.compile(
    r"\s*[(\[]\s*(?:[mwfdxhi*]|div(?:ers)?|nb)(?:\s*[/|,]\s*(?:[mwfdxhi*]|div(?:ers)?|nb)){1,3}\s*[)\]]"
    r"|\s*\((?:all\s+genders?|alle\s+geschlechter|gn\*?|genderneutral|todos\s+os\s+g[eê]neros|a|o|as|x)\)"
    r"|\s+[mwf]/[mwf]/[dxmwf](?![\w/])",
    re.IGNORECASE,
)
_OPTIONAL_SENIORITY = re.compile(r"[(\[]\s*(?:senior|sr\.?|junior|jr\.?|sen\.?)\s*[)\]]\s*", re.IGNORECASE)
_BRACKETS = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_SPLIT = re.compile(r"\s+[-\u2013\u2014|/]\s+|\s*[,|]\s+|\s*:\s+")
#: Punctuation that ends a clause, stripped off the end of a word (words hold no white space, so
#: ``rstrip`` does what a ``[…]+$`` pattern would).
_END_PUNCT = ",;:!?.)]\"'\u201d\u2019"
_FEMININE = re.compile(r"(?:[:*/_]?in(?:nen)?|innen)$")
_PREFIX = re.compile(r"[\w+#./-]*")
_SLASH_OR_COMMA = re.compile(r"[/,]")
_SYMBOLS = re.compile(r"[/&+\u2013-]+")
_ABBREVIATIONS = frozenset({"sr.", "jr.", "sen.", "snr.", "eng.", "mgr.", "dev.", "st."})
_STANDALONE = frozenset({"-", "\u2013", "\u2014", "|", ":", "•", "·", "@", "+"})
_SPELLINGS = [
    (re.compile(r"\bback[\s-]?end\b", re.I), "Backend"),
    (re.compile(r"\bfront[\s-]?end\b", re.I), "Frontend"),
    (re.compile(r"\bfull[\s-]?stack\b", re.I), "Full Stack"),
    (re.compile(r"\bdev[\s-]?ops\b", re.I), "DevOps"),
    (re.compile(r"(?:\bdot[\s-]?net|(?<![\w.])\.net)\b", re.I), ".NET"),
    (re.compile(r"(?<![\w/])ML(?![\w/])"), "Machine Learning"),
    (re.compile(r"\b(?:SWE|SDE)\b"), "Software Engineer"),
    (re.compile(r"\bSRE\b"), "Site Reliability Engineer"),
    (re.compile(r"\bEngr?\.?(?=\s|$)"), "Engineer"),
    (re.compile(r"\bMgr\.?(?=\s|$)"), "Manager"),
    (re.compile(r"\bDevs?\.?(?=\s|$)"), "Developer"),
    (re.compile(r"\bvice[\s-]+president\b", re.I), "VP"),
]


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower case without accents: ``Sênior`` → ``senior``, ``Estagiário`` → ``estagiario``."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _without_gender(text: str) -> str:
    """``text`` without its gender markers ("(m/w/d)", "(all genders)", " m/w/d")."""
    if "(" not in text and "[" not in text and "/" not in text:
        return text  # every marker has a bracket or a slash: no need to run the pattern
    return _GENDER.sub("", text)


def _head(token: str, index: int, nxt: str | None = None) -> str | None:
    """The English head noun a title token stands for, or None when it names no role."""
    word = fold(token).strip(".,;:")
    if word in _AMBIGUOUS_HEADS and index == 0 and not (word == "head" and nxt and fold(nxt) == "of"):
        return None
    if word in _ROLE_NOUNS:
        return _ROLE_NOUNS[word]
    if word in _PT_HEADS:
        return _PT_HEADS[word]
    split = _split_compound(word, _DE_SUFFIXES)
    return _DE_HEADS[split[1]] if split else None


def _split_compound(word: str, suffixes: tuple[str, ...]) -> tuple[str, str] | None:
    """``frontend-entwickler:in`` → ("frontend-", "entwickler"); None when no suffix ends the word."""
    base = word if word.endswith(suffixes) else _FEMININE.sub("", word)
    if not base.endswith(suffixes):
        return None
    suffix = next(s for s in suffixes if base.endswith(s))
    prefix = base[: -len(suffix)]
    return (prefix, suffix) if _PREFIX.fullmatch(prefix) else None


def title_from_summary(line: str) -> str | None:
    """The job title that opens a summary sentence, or None when the sentence opens with no title."""
    tokens = _without_gender(line.strip()).split()
    title: list[str] = []
    seen_head = False
    for index, raw in enumerate(tokens[:16]):
        abbreviation = fold(raw) in _ABBREVIATIONS
        core = raw if abbreviation else raw.rstrip(_END_PUNCT)
        word = fold(core)
        nxt = tokens[index + 1] if index + 1 < len(tokens) else None
        in_test = word == "in" and nxt is not None and fold(nxt) == "test"
        if not core or raw in _STANDALONE or raw[0] in "([" or (word in _STOP_WORDS and not in_test):
            break
        if seen_head and word.endswith("ing") and word not in _NOUN_ING:
            break  # "Backend Engineer Building …" in headline case
        capital = any(map(str.isupper, core)) or any(map(str.isdigit, core)) or core[0] in ".+#"
        if not capital and word not in _CONNECTORS and not in_test:
            after_connector = bool(title) and fold(title[-1]) in _CONNECTORS
            known = word in _LOWER_TITLE_WORDS or _head(core, len(title)) is not None
            if not known or (seen_head and not after_connector and word not in _SENIORITY_WORDS):
                break
        if not title and word in {"a", "an", "the", "um", "uma", "ein", "eine"}:
            continue
        title.append(core)
        seen_head = seen_head or _head(core, len(title) - 1, nxt) is not None
        if core != raw and not abbreviation:
            break  # the token closed a clause: "… Architect, responsible …"
    while title and fold(title[-1]) in _CONNECTORS | {"in"}:
        title.pop()
    if len(title) > 10 or not any(_head(t, i, [*title, ""][i + 1]) for i, t in enumerate(title)):
        return None
    return " ".join(title)


def parse_title(title: str) -> tuple[Role | None, Seniority | None]:
    """A job title's role (canonical English name) and seniority; either may be None."""
    text = _without_gender(title).strip()
    all_caps = not any(ch.islower() for ch in text)
    optional = _OPTIONAL_SENIORITY.match(text)
    if optional:
        text = text[optional.end() :]
    seniority_words = [_level_word(fold(t.rstrip(_END_PUNCT))) for t in _SLASH_OR_COMMA.sub(" ", text).split()]
    text = _BRACKETS.sub(" ", text)
    for pattern, spelling in _SPELLINGS:
        text = pattern.sub(spelling, text)
    parts = [part.strip() for part in _SPLIT.split(text) if part.strip()]
    if not parts:
        return None, None
    main = next((p for p in parts if any(_head(t, 1) for t in p.split())), parts[0])
    if len(parts) > 1 and fold(parts[0]) in {"director", "head", "vp", "leiter", "diretor", "diretora"}:
        main = f"{parts[0]} of {parts[1]}"  # "Director, Product Management"
    tokens = [t for t in main.split() if t == "&" or not _SYMBOLS.fullmatch(t)]
    heads = [h for t in tokens if (h := _head(t, 1))]
    return _role(tokens, all_caps), _seniority(seniority_words, tokens, heads[-1] if heads else None)


def _level_word(word: str) -> str:
    """A seniority word without a German feminine ending: ``werkstudent*in`` → ``werkstudent``."""
    if word in _SENIORITY_WORDS or not word.endswith(("in", "innen")):
        return word  # a seniority word already, or no feminine ending to drop
    base = _FEMININE.sub("", word)
    return base if base in _SENIORITY_WORDS else word


def _seniority(words: list[str], tokens: list[str], head: str | None) -> Seniority | None:
    found: list[Seniority] = []
    for i, word in enumerate(words):
        pair = f"{word} {words[i + 1]}" if i + 1 < len(words) else ""
        level = _SENIORITY_WORDS.get(pair) or _SENIORITY_WORDS.get(word)
        if word == "staff" and head not in _STAFF_HEADS:
            level = None
        if word == "head" and pair != "head of" and i != len(words) - 1:
            level = None  # "Head Office"
        if level is not None:
            found.append(level)
    if S.INTERN in found:
        return S.INTERN
    if found:
        return max(found, key=_RANK.index)
    last = fold(tokens[-1]) if len(tokens) > 1 else ""
    return _NUMERALS.get(last)


def _role(tokens: list[str], all_caps: bool) -> Role | None:
    """The role left once seniority words are removed, in canonical English."""
    folded = fold(" ".join(tokens))
    for parts, role in _PHRASE_ROLES:
        if all(part in folded for part in parts):
            return Role(name=role)
    kept: list[str] = []
    nouns: list[tuple[int, str]] = []  # seniority words that are also role nouns, with their position
    skip = 0
    for i, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        word = _level_word(fold(token.rstrip(_END_PUNCT)))
        pair = f"{word} {fold(tokens[i + 1])}" if i + 1 < len(tokens) else ""
        if word in _CHIEFS:
            return Role(name=_CHIEFS[word])
        if pair in _SENIORITY_WORDS:
            skip = 1
            word = pair
        levels = [part in _SENIORITY_WORDS for part in word.split("/")]
        if (all(levels) and word != "chief") or (word in _NUMERALS and i == len(tokens) - 1 > 0):
            intern = _SENIORITY_WORDS.get(word) is S.INTERN
            noun = _SENIORITY_NOUNS.get(word) or ("Intern" if intern else None)
            if noun:
                nouns.append((len(kept), noun))
            continue
        if not kept and nouns and word in _AFTER_NOUN:
            continue  # "Head of …", "Diretor de …", "Estagiário em …", "Praktikum im Bereich …"
        if word in _NOISE or _TIER.fullmatch(word):
            continue
        kept.append(token.rstrip(_END_PUNCT))
    while kept and fold(kept[-1]) in _CONNECTORS:
        kept.pop()
    name = " ".join(_case(w, all_caps) for w in _role_words(kept))
    if fold(name) in _FIELD_ROLES and not any(noun in {"Head", "Director", "VP"} for _, noun in nouns):
        return Role(name=_FIELD_ROLES[fold(name)])
    if nouns and not any(_head(t, 1) for t in kept):
        position, noun = nouns[0]
        if noun in {"Head", "Director", "VP"} and name:
            name = f"{noun} of {name}" if position == 0 else f"{name} {noun}"
        else:
            name = f"{name} {noun}".strip()
    name = {"Engineer": "Software Engineer", "Developer": "Software Developer"}.get(name, name)
    if not slug(name) or len(name) > 80 or len(name.split()) > 8:
        return None  # nothing nameable left, or a sentence rather than a title
    return Role(name=name)


def _role_words(tokens: list[str]) -> list[str]:
    """Role tokens in English order: modifiers first, head noun last."""
    heads = [_head(t, 1) for t in tokens]
    positions = [i for i, h in enumerate(heads) if h]
    if not positions:
        return _translate(tokens)
    foreign = [i for i in positions if fold(tokens[i]) not in _ROLE_NOUNS]
    start = at = foreign[0] if foreign else positions[-1]
    while at + 1 < len(tokens) and heads[at + 1]:
        at += 1  # "Analista Desenvolvedor .NET": the last of adjacent heads is the job
    before, after = tokens[:start], tokens[at + 1 :]
    if after and fold(after[0]) in {"in", "of", "for", "and", "&"}:
        return [*before, tokens[at], *after]  # "Engineer in Test" keeps its English order
    return [*_translate(before), *_translate(after), *_head_words(tokens[at])]


def _head_words(token: str) -> list[str]:
    """A head token in English: ``Desenvolvedora`` → Developer, ``Webentwickler`` → Web Developer."""
    word = fold(token)
    if word in _ROLE_NOUNS:
        english = _ROLE_NOUNS[word]
        return [token] if fold(english) == word else english.split()
    if word in _PT_HEADS:
        return [_PT_HEADS[word]]
    return _german_compound(token, _DE_HEADS, _DE_SUFFIXES)


def _german_compound(token: str, table: dict[str, str], suffixes: tuple[str, ...]) -> list[str]:
    """``Java-Entwickler`` → [Java, Developer]; a compound with an unknown first part stays whole."""
    split = _split_compound(fold(token), suffixes)
    if split is None:
        return [token]
    prefix, english = split[0], table[split[1]]
    if not prefix:
        return [english]
    if prefix.endswith("-"):
        return [*_DE_PREFIXES.get(prefix[:-1], token[: len(prefix) - 1]).split(), english]
    if prefix in _DE_PREFIXES:
        return [*_DE_PREFIXES[prefix].split(), english]
    return [token]


def _translate(tokens: list[str]) -> list[str]:
    """Portuguese/German modifiers in English (longest phrase first); PT/DE connectors are dropped."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in (4, 3, 2, 1):
            phrase = " ".join(fold(t) for t in tokens[i : i + size])
            if i + size <= len(tokens) and phrase in _FOREIGN_WORDS:
                out.extend(_FOREIGN_WORDS[phrase].split())
                i += size
                break
        else:
            word = fold(tokens[i])
            if word.endswith(_DE_FIELD_SUFFIXES):
                out.extend(_german_compound(tokens[i], _DE_FIELDS, _DE_FIELD_SUFFIXES))
            elif word not in _DROPPED_CONNECTORS:
                out.append(tokens[i])
            i += 1
    return out


def _case(token: str, all_caps: bool) -> str:
    word = fold(token)
    if word in _SPECIAL_CASE:
        return _SPECIAL_CASE[word]
    if word in {"e", "und", "y", "and"}:
        return "and"
    if word in _CONNECTORS or word in {"in", "for"}:
        return word
    if all_caps and len(token) > 3 and token.isupper():
        return token.capitalize()
    return token if any(ch.isupper() for ch in token) else token[:1].upper() + token[1:]
