"""Plain-text postings.

Postings are separated by blank lines. Inside a block (or a whole file with no blank lines), a
section header (Responsibilities, Anforderungen, Requisitos, …) and the lines under it belong to the
posting above; a line outside any section, or a new summary line (one that opens with a job title
and reads as a summary), starts a new posting.
"""

import re
from collections.abc import Iterator

from loaders.extract.titles import title_from_summary
from loaders.readers.lines import decode_lines
from loaders.records import RawPosting, Read, Rejection
from schema.model import Source

#: Section headers in English, German and Portuguese, lower-case, without trailing colon.
SECTION_HEADERS = frozenset(
    {
        # English
        "responsibilities", "requirements", "qualifications", "preferred qualifications",
        "minimum qualifications", "basic qualifications", "benefits", "perks", "about us", "about the role",
        "about the team", "about you", "about the job", "what you'll do", "what you will do", "what we offer",
        "what we're looking for", "what you bring", "who you are", "your profile", "your role", "your tasks",
        "the role", "the team", "nice to have", "skills", "tasks", "duties", "job description", "overview",
        "compensation", "how to apply", "key responsibilities", "must have", "bonus points",
        # German
        "aufgaben", "deine aufgaben", "ihre aufgaben", "anforderungen", "dein profil", "ihr profil",
        "wir bieten", "was wir bieten", "das bieten wir", "qualifikationen", "über uns", "ueber uns",
        "deine benefits", "stellenbeschreibung", "was dich erwartet", "was du mitbringst", "was sie mitbringen",
        # Portuguese
        "requisitos", "atividades", "responsabilidades", "benefícios", "beneficios", "qualificações",
        "qualificacoes", "diferenciais", "sobre nós", "sobre nos", "sobre a vaga", "sobre a empresa",
        "o que oferecemos", "requisitos desejáveis", "requisitos obrigatórios", "descrição da vaga",
        "principais atividades", "responsabilidades e atribuições",
    }
)  # fmt: skip
_HEADER = re.compile(r"^[#*\s]*([^\W\d][\w' ]{1,40}?)[\s:*#]*$", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?](\s|$)")


def _normalise_header(line: str) -> str | None:
    match = _HEADER.match(line)
    return match.group(1).strip().lower() if match else None


def is_section_header(line: str) -> bool:
    name = _normalise_header(line)
    return name is not None and (name in SECTION_HEADERS)


def looks_like_summary(line: str) -> bool:
    """A line that opens a new posting: it starts with a job title and reads as a summary."""
    if title_from_summary(line) is None:
        return False
    return len(_SENTENCE_END.findall(line)) >= 2 or len(line) >= 140


def read_text(path: str, data: bytes) -> Iterator[Read]:
    block: list[tuple[int, str]] = []
    separated = False  # does the file use blank lines between postings?
    lines: list[tuple[int, str]] = []
    for item in decode_lines(path, data):
        if isinstance(item, Rejection):
            yield item
            continue
        lines.append(item)
        if not item[1].strip():
            separated = True
    for number, line in lines:
        if line.strip():
            block.append((number, line))
            continue
        yield from _split_block(path, block, separated)
        block = []
    yield from _split_block(path, block, separated)


def _split_block(path: str, block: list[tuple[int, str]], separated: bool) -> Iterator[RawPosting]:
    current: list[tuple[int, str]] = []
    in_section = False
    for number, line in block:
        if is_section_header(line):
            in_section = True
        elif current and (in_section or not separated) and looks_like_summary(line):
            yield _posting(path, current)
            current, in_section = [], False
        elif current and not in_section and not separated:
            yield _posting(path, current)
            current = []
        current.append((number, line))
    if current:
        yield _posting(path, current)


def _posting(path: str, lines: list[tuple[int, str]]) -> RawPosting:
    text = "\n".join(line.strip() for _, line in lines)
    return RawPosting(Source(path=path, line=lines[0][0]), text, {"last_line": str(lines[-1][0])})
