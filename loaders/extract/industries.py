"""Industries: the sector a posting's employer works in, from phrase cues (EN/DE/PT) or a structured field.

``find_industries`` finds every cue in one Aho-Corasick pass. A strong cue ("financial institution",
"banking sector", "healthcare", "automated driving", "Versicherung", "varejo") weighs 2, a weak one
("vehicles", "patients", "payments") 1; an industry needs 2 in total, and at most two are returned,
strongest first (ties: the one named first). Technology words alone ("cloud", "APIs", "security") are
never cues.

Context keeps benefits and customers out: "health insurance", "private medical care", "plano de
saúde", "bank holidays" are no cues, and a cue after "used by", "serving", "such as", "customers in"
… counts half, so "a platform used by banks and hospitals" does not make the employer a bank.

Decisions: a bank's name is a fair Banking cue ("Commerzbank", "Deutsche Bank"), but not a German
compound that only ends in -bank (Datenbank, Werkbank); "Internet" as a structured industry is Software.
"""

import re

import ahocorasick_rs

from loaders.extract.titles import fold
from schema.model import Industry

INDUSTRIES = (
    "Financial Services", "Banking", "Insurance", "Healthcare", "Pharmaceuticals", "Automotive", "Telecommunications",
    "Retail", "E-commerce", "Logistics", "Energy", "Manufacturing", "Media & Entertainment", "Education", "Government",
    "Cybersecurity", "IT Services", "Consulting", "Software", "Real Estate", "Travel & Hospitality", "Gaming",
    "Aerospace & Defense", "Agriculture", "Non-profit",
)  # fmt: skip

#: Cues per industry: ``*`` marks where a compound may continue the word, ``:1`` a weak cue.
_CUE_TABLE = {
    "Banking": "banking|bank|banks|*bank|banken|bankensektor|bankwesen|sparkasse*|kreditinstitut*|banco|bancos"
    "|bancári*|bancári*|investment bank*|core banking",
    "Financial Services": "financial institution*|financial services|financial sector|fintech*|asset management"
    "|wealth management|capital markets|brokerage|stock exchange|finance industry|payments:1|payment provider"
    "|credit card*:1|lending:1|fraud:1|finanzdienstleist*|finanzinstitut*|finanzbranche|finanzsektor"
    "|instituição financeira|instituições financeiras|serviços financeiros|mercado financeiro|meios de pagamento"
    "|setor financeiro|pagamentos:1|pix:1",
    "Insurance": "insurance|insurer*|insurtech*|reinsurance|versicherung*|versicherer*|seguradora*|seguros"
    "|underwriting:1|claims:1",
    "Healthcare": "healthcare|health care|health tech*|healthtech*|digital health|hospital|hospitals|clinic|clinics"
    "|clinical:1|patient care|patient:1|patients:1|physician:1|physicians:1|medical:1|telehealth|telemedicine"
    "|medtech|medical device*|hipaa:1|gesundheitswesen|krankenhaus*|krankenhäuser|klinik|kliniken|patienten:1"
    "|saúde:1|hospitalar*|pacientes:1|clínica|clínicas|médicos:1",
    "Pharmaceuticals": "pharma*|drug discovery|clinical trial*|life sciences|biotech*|farmacêutic*",
    "Automotive": "automotive|automated driving|autonomous driving|self-driving|autonomous vehicle*|vehicle:1"
    "|vehicles:1|car manufacturer*|carmaker*|oem:1|oems:1|automobil*|*fahrzeug*:1|automotiv*|montadora*"
    "|veículos:1|adas:1|infotainment|ev charging:1|ladeinfrastruktur:1",
    "Telecommunications": "telecommunication*|telecom|telecoms|telco*|mobile network operator*|5g:1|telekommunikation*"
    "|telekom*|telecomunicaç*|operadora*:1|broadband:1|breitband*:1|fibre:1|fiber:1|glasfaser*:1|sim cards:1"
    "|esim:1|number porting:1|mobile operator*",
    "Retail": "retail|retailer|retailers|einzelhandel*|varejo|varejista*|supermarket*|supermarkt*|grocery:1"
    "|groceries:1|stores:1|fashion:1|shopping:1|home goods:1|lojas:1",
    "E-commerce": "e-commerce|ecommerce|online shop*|online store*|online retail*|online grocery|marketplace:1"
    "|onlinehandel|online-shop*|comércio eletrônico|loja virtual|lojas virtuais|shopping app:1|checkout:1",
    "Logistics": "logistics|logistic|freight|supply chain:1|shipping:1|warehouse:1|warehouses:1|last-mile"
    "|last mile delivery|parcel*:1|logistik*|spedition*|logística|logistica|transportadora*|caminhões:1|trucks:1"
    "|fleet:1|drayage|intermodal|containers a month",
    "Energy": "energy sector|energy company|energy industry|energy provider|renewable*|oil and gas|oil & gas"
    "|utilities:1|utility:1|utility-scale|power grid|solar:1|wind energy|wind farm*|battery storage|energy:1"
    "|energiewirtschaft|energieversorger*|erneuerbare*|energie*:1|energia:1|setor elétrico|petróleo:1"
    "|óleo e gás|power plant*|photovolta*",
    "Manufacturing": "manufacturing|manufacturer:1|manufacturers:1|factory:1|factories:1|production plant*"
    "|industrial automation:1|fertigung*|produktion:1|maschinenbau*|manufatura|fábrica:1|chão de fábrica"
    "|semiconductor*|industrie 4.0|industry 4.0|scada:1",
    "Media & Entertainment": "media company|entertainment|music streaming|video streaming|streaming service*"
    "|music:1|film:1|television:1|broadcaster*|broadcasting|publisher:1|publishing:1|news:1|newsroom*"
    "|journalism|medienhaus|verlag|mídia:1|entretenimento|viewers:1|readers:1|podcasts:1",
    "Education": "edtech*|learning platform|education sector|education platform|education:1"
    "|educational:1|e-learning:1|e-learning platform|e-learning company|schools:1|students:1|teachers:1"
    "|classrooms|universities:1|bildungs*:1|hochschule:1"
    "|educação|ensino:1|escolas:1|k-12|k-8",
    "Government": "government|public sector|federal agency|public administration|ministry:1|öffentlicher dienst"
    "|öffentliche verwaltung|behörde*|setor público|governo|órgão público|órgãos públicos|prefeitura*"
    "|municipality|security clearance:1",
    "Cybersecurity": "cybersecurity company|cybersecurity firm|cybersecurity vendor|cybersecurity provider"
    "|security company|security vendor|cybersecurity:1|cyber security:1|threat intelligence|threat detection:1"
    "|threat hunting:1|detection and response|managed detection|soc:1|siem:1|incident response:1"
    "|endpoint security:1|cybersicherheit:1|it-sicherheit:1|segurança cibernética:1|cibersegurança:1",
    "IT Services": "it services:1|it service provider*|it consulting|it consultancy|managed services:1"
    "|managed service provider*|it-dienstleist*|systemhaus|outsourcing:1|consultoria de ti|serviços de ti"
    "|fábrica de software|software house|nearshore:1|system integrator*",
    "Consulting": "consulting firm*|consultancy|management consulting|unternehmensberatung*|beratungsunternehmen"
    "|beratungshaus|consultoria|our clients:1|client projects:1",
    "Software": "software company|software vendor|software provider|softwarehersteller*|softwareunternehmen"
    "|softwarehaus|empresa de software|b2b saas|saas company|saas:1|software-as-a-service:1",
    "Real Estate": "real estate|property management|proptech*|immobilien*|imobiliári*|mercado imobiliário|housing:1",
    "Travel & Hospitality": "travel industry|travel company|travel tech|online travel|hospitality|hotel:1|hotels:1"
    "|airline|airlines|tourism|touristik|tourismus|reisebranche|hotellerie|turismo|viagens:1|hotelaria"
    "|restaurants:1",
    "Gaming": "gaming|video game*|game studio*|game development|games industry|igaming|sports betting|casino*"
    "|spieleentwicklung|games:1|jogos:1",
    "Aerospace & Defense": "aerospace|defense industry|defence industry|defense contractor*|defense:1|defence:1"
    "|aviation:1|aircraft|satellite*:1|space industry|spacecraft|luft- und raumfahrt|raumfahrt*|rüstung*"
    "|verteidigung*:1|aeroespacial|defesa:1|missile*",
    "Agriculture": "agriculture|agricultural|agtech|agritech|farming:1|farmers:1|crop:1|crops:1|landwirtschaft*"
    "|agronegócio|agro:1|agrícola|agricultura",
    "Non-profit": "non-profit|nonprofit|not-for-profit|ngo|ngos|charity|charities|gemeinnützig*|ong|ongs"
    "|sem fins lucrativos|foundation:1",
}
#: Kinds of cover that make "insurance" a benefit: "health insurance", "injury insurance".
_COVERS = frozenset({
    "health", "dental", "vision", "life", "medical", "disability", "pet", "travel", "accident", "liability",
    "unemployment", "private", "supplemental", "social", "injury",
})  # fmt: skip
_PERKS = frozenset({"private", "free", "full", "comprehensive", "subsidised", "subsidized", "premium"})
#: Words before (one or two) or after a cue that make it a benefit, a customer or a technology.
_NOT_BEFORE: dict[str, frozenset[str]] = {
    "bank": frozenset({"food", "blood", "data", "memory", "piggy", "river", "sperm", "question", "test", "west"}),
    "insurance": _COVERS,
    "healthcare": _PERKS,
    "health care": _PERKS,
    "medical": frozenset({"private"}),
    "saúde": frozenset({"plano de", "seguro", "planos de"}),
    "warehouse": frozenset({"data", "cloud"}),
    "warehouses": frozenset({"data", "cloud"}),
    "stores": frozenset({"data", "object", "key-value", "vector", "feature", "app"}),
    "seguros": frozenset({"de", "com"}),
    "manufacturing": frozenset({"lean"}),
}
_BENEFITS_AFTER = frozenset({
    "benefits", "plan", "plans", "coverage", "insurance", "allowance", "package", "cash", "dental", "vision",
})  # fmt: skip
_NOT_AFTER: dict[str, frozenset[str]] = {
    "bank": frozenset({"holiday", "holidays", "account", "accounts", "details", "transfer", "transfers"}),
    "insurance": frozenset({"benefits", "coverage", "plan", "plans", "allowance", "premiums"}),
    "healthcare": _BENEFITS_AFTER,
    "health care": _BENEFITS_AFTER,
    "medical": frozenset({"dental", "insurance", "coverage", "benefits", "leave", "plan", "cover", "care", "and"}),
    "retail": frozenset({"bank", "banking", "banks", "investors", "investor"}),
    "shipping": frozenset({"features", "feature", "code", "product", "products", "software", "fast", "quickly"}),
    "utility": frozenset({"functions", "function", "classes", "class", "scripts", "library", "libraries", "tools"}),
    "utilities": frozenset({"functions", "classes", "scripts", "library", "libraries", "tools"}),
    "defense": frozenset({"in"}),
    "defence": frozenset({"in"}),
    "soc": frozenset({"2", "ii", "1"}),
}
_NOT_BANKS = ("datenbank", "databank", "werkbank", "sitzbank", "powerbank", "bildbank", "wissensbank")
_CUSTOMERS = re.compile(
    r"used by|serving|serves|such as|including|e\.g\.|customers (?:in|like|across|from)|clients (?:in|like|across|from)"
    r"|für kunden|kunden aus|clientes (?:como|de|do|da)"
)
#: A cue followed by one of these names the customers' industry: "banking clients", "NGO clients".
_CUSTOMER_NOUNS = frozenset({"client", "clients", "customer", "customers", "partners"})
_SENTENCE_BREAK = re.compile(r"[.!?;]\s|\n")
_WORDS = re.compile(r"[\w&-]+")


def _build() -> tuple[ahocorasick_rs.AhoCorasick, list[str], dict[str, tuple[str, int, bool, bool]]]:
    cues: dict[str, tuple[str, int, bool, bool]] = {}
    for industry, table in _CUE_TABLE.items():
        for cue in table.split("|"):
            phrase, _, weight = cue.partition(":")
            key = phrase.strip("*")
            cues[key] = (industry, int(weight or 2), phrase.startswith("*"), phrase.endswith("*"))
    keys = list(cues)
    return ahocorasick_rs.AhoCorasick(keys), keys, cues


_AUTOMATON, _KEYS, _CUES = _build()


def find_industries(text: str, *, normalised: str | None = None) -> list[Industry]:
    """Up to two industries the posting's employer works in, strongest first; [] when the text names none.

    ``normalised`` is ``" ".join(text.lower().split())``, for a caller that has it already.
    """
    low = " ".join(text.lower().split()) if normalised is None else normalised
    spans: list[tuple[int, int, str]] = []
    for index, start, end in _AUTOMATON.find_matches_as_indexes(low, overlapping=True):
        key = _KEYS[index]
        if _stands_alone(low, start, end, key):
            spans.append((start, end, key))
    spans.sort(key=lambda span: (span[0], -span[1]))
    scores: dict[str, int] = {}
    first: dict[str, int] = {}
    covered = -1
    for start, end, key in spans:
        if end <= covered:
            continue  # inside a longer cue: "banking" in "core banking"
        weight = _weight(low, start, end, key)
        if weight:
            covered = end
            industry = _CUES[key][0]
            scores[industry] = scores.get(industry, 0) + weight
            first.setdefault(industry, start)
    ranked = sorted((name for name, score in scores.items() if score >= 2), key=lambda n: (-scores[n], first[n]))
    return [Industry(name=name) for name in ranked[:2]]


def _stands_alone(low: str, start: int, end: int, key: str) -> bool:
    """Is the cue occurrence a word of its own, or a compound only where the cue allows one ("Commerzbank")?"""
    _industry, _weight, left_open, right_open = _CUES[key]
    if start and low[start - 1].isalnum() and not left_open:
        return False
    if end < len(low) and low[end].isalnum() and not right_open:
        return False
    if left_open and start and low[start - 1].isalnum():
        word_start = start
        while word_start and low[word_start - 1].isalnum():
            word_start -= 1
        if low[word_start:end].endswith(_NOT_BANKS):
            return False
    return True


def _weight(low: str, start: int, end: int, key: str) -> int:
    """What one cue occurrence (standing alone) counts: 0 when it is a benefit or a technology, half for customers."""
    weight = _CUES[key][1]
    excluded = _NOT_BEFORE.get(key)
    if excluded:
        before = _WORDS.findall(low[max(0, start - 40) : start])[-2:]
        if before and (before[-1] in excluded or " ".join(before) in excluded):
            return 0
    following = _WORDS.search(low, end, end + 30)  # the first word in the 30 characters after the cue
    after = following.group() if following else ""
    if after and after in _NOT_AFTER.get(key, ()):
        return 0
    if after in _CUSTOMER_NOUNS:
        return weight // 2
    sentence = _SENTENCE_BREAK.split(low[max(0, start - 50) : start])[-1]
    return weight // 2 if _CUSTOMERS.search(sentence) else weight


#: Structured industry values: the first entry whose key occurs in the folded value wins (short keys are words).
_FIELD_KEYS: list[tuple[tuple[str, ...], str]] = [
    (("e-commerce", "ecommerce", "internet retail", "online retail"), "E-commerce"),
    (("bank", "banco", "bancari"), "Banking"),
    (("insur", "versicher", "segur"), "Insurance"),
    (("financ", "finanz", "fintech", "capital market", "investment", "payments"), "Financial Services"),
    (("pharma", "biotech", "life science", "farmac"), "Pharmaceuticals"),
    (("health", "hospital", "medical", "gesundheit", "saude", "clinic", "klinik", "medizin"), "Healthcare"),
    (("automotive", "automobil", "motor vehicle", "vehicle", "fahrzeug", "automotiv"), "Automotive"),
    (("telecom", "telekom", "wireless", "telecomunica"), "Telecommunications"),
    (("retail", "einzelhandel", "varejo", "supermarket"), "Retail"),
    (("logist", "transport", "supply chain", "shipping", "freight", "trucking", "railroad", "warehous"), "Logistics"),
    (("energy", "energie", "energia", "oil", "utilities", "renewable", "petro", "solar"), "Energy"),
    (("travel", "hospitality", "hotel", "touris", "airline", "leisure", "restaurant", "turismo"),
     "Travel & Hospitality"),
    (("aerospace", "aviation", "defense", "defence", "space", "raumfahrt", "rustung", "aeroespacial"),
     "Aerospace & Defense"),
    (("game", "gaming", "gambling", "casino", "spiele", "jogos", "betting"), "Gaming"),
    (("manufactur", "machinery", "industrial", "maschinenbau", "fertigung", "semiconductor", "chemical"),
     "Manufacturing"),
    (("media", "entertainment", "music", "film", "broadcast", "publishing", "medien", "entreten", "verlag",
      "newspaper", "motion picture", "arts"), "Media & Entertainment"),
    (("education", "e-learning", "elearning", "bildung", "educa", "ensino", "school", "universit"), "Education"),
    (("government", "public sector", "public administration", "offentlich", "governo", "administracao publica"),
     "Government"),
    (("security", "cyber", "sicherheit", "seguranca"), "Cybersecurity"),
    (("it services", "it consulting", "information technology", "it-dienst", "it dienst", "outsourcing",
      "servicos de ti", "tecnologia da informacao", "it & services", "it and services"), "IT Services"),
    (("consult", "beratung", "consultoria"), "Consulting"),
    (("software", "saas", "internet", "computer", "technology"), "Software"),
    (("real estate", "immobil", "imobili", "property"), "Real Estate"),
    (("agricult", "farming", "landwirtschaft", "agro", "forestry", "agri"), "Agriculture"),
    (("non-profit", "nonprofit", "non profit", "ngo", "gemeinnutzig", "charity", "philanthrop", "ong",
      "sem fins lucrativos"), "Non-profit"),
]  # fmt: skip
_BY_NAME = {fold(name): name for name in INDUSTRIES}


def clean_industry(value: str) -> Industry | None:
    """A structured industry field ("Information Technology & Services", "Finanzdienstleistungen") in the
    vocabulary, or None when it maps to none of ``INDUSTRIES``."""
    folded = fold(value.strip())
    if folded in _BY_NAME:
        return Industry(name=_BY_NAME[folded])
    words = set(_WORDS.findall(folded))
    for keys, name in _FIELD_KEYS:
        if any((key in words) if len(key) <= 3 else (key in folded) for key in keys):
            return Industry(name=name)
    return None
