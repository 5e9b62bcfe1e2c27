"""Find report files, decode them, clean them, and mark their web furniture.

Each readable file becomes a `Document`; each unreadable one a `Problem` with
one sentence naming the file. Nothing here raises on bad input.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from charset_normalizer import from_bytes

from briefing.model import Document, PartialDate, Problem, Span
from briefing.text import sentence_spans

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SUFFIXES = (".txt", ".md")
# The detector only chooses among code pages that news text in the wild uses;
# left free it "finds" exotic encodings in short texts.
LEGACY_ENCODINGS = ("cp1252", "cp1251", "latin_1", "iso8859_5", "koi8_r", "mac_cyrillic", "cp1256")

# Encodings that are inferred from the bytes rather than declared by a BOM or
# proven by valid UTF-8, so the reader says which one it chose.
_GUESSED = {
    "cp1252": "Western European", "latin_1": "Western European", "cp1251": "Cyrillic", "iso8859_5": "Cyrillic",
    "koi8_r": "Cyrillic", "mac_cyrillic": "Cyrillic", "cp1256": "Arabic",
    "utf-16-le": "UTF-16 without a byte order mark", "utf-16-be": "UTF-16 without a byte order mark",
}

Progress = Callable[[int, int], None]

# ANSI/VT escape sequences: CSI, OSC (to BEL or ST), DCS/SOS/PM/APC strings,
# nF escapes with intermediates, two-byte escapes, and their 8-bit forms.
# String bodies stop at a line end, so a stray introducer cannot swallow the
# rest of a report.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b\n]*(?:\x1b\\)?"
    r"|\x1b[ -/]+[0-~]"
    r"|\x1b[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x9d[^\x07\x9c\n]*[\x07\x9c]"
)
# Characters that end a line without being "\n".
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Remaining C0/C1 controls except tab and newline, a stray BOM, and the
# bidirectional overrides that can make a line display differently from its text.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x9f\ufeff\u202a-\u202e\u2066-\u2069]")
_SPECIAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029\u202a-\u202e\u2066-\u2069]")

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_DATE_FORMS = [
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I),
    re.compile(r"(?P<year>\d{4})/(?P<mnum>\d{1,2})/(?P<day>\d{1,2})\b"),
    re.compile(r"(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{4})\b"),
    # Day first or month first, depending on the country: read only when one part exceeds 12.
    re.compile(r"(?P<either>\d{1,2})/(?P<other>\d{1,2})/(?P<year>\d{4})\b"),
]
# Every date form opens with a digit or a month name and holds a four-digit
# year: cheap tests that rule most header lines out before trying each form.
_DATE_START = re.compile(r"\d|" + _MONTH, re.I)
_YEAR_DIGITS = re.compile(r"\d{4}")
_DATELINE_NEXT = re.compile(r"\s+[A-Z]{3,}")
_DATE_LABEL = re.compile(
    r"(?:(?:date|dated|published|posted|updated|last updated|first published|last modified)(?:\s+on)?\s*[:\-–]?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?",
    re.I,
)
# A separator or a label right before a date in a short header line: "By A. Writer | Jan 31, 2025".
_BEFORE_DATE = re.compile(r"(?:[|•·—–\-,]|\b(?:on|published|updated|posted))\s*$", re.I)
# A wire dateline opening the first paragraph: "ADEN, 13 August 2025 —", "GAZA CITY, Gaza Strip, May 2, 2025 (AP) -".
_DATELINE_PLACE = re.compile(r"[A-Z][A-Z.'\u2019\- ]{1,40}(?:,\s*[A-Z][\w.'\u2019 \-]{1,30})?,\s*")
_DATELINE_END = re.compile(r"\s*(?:\([^)]{1,40}\)\s*)?[\u2014\u2013-]\s")
_WIDGET = re.compile(r"^\s*(?:today|now|current date|local time|your time)\b\s*[:,\-–]?", re.I)

# General web-page furniture, not any one site's: navigation, ads, sharing, teasers.
_FURNITURE = re.compile(
    r"^\W*(?:skip to (?:main )?(?:content|navigation)|advertisement|advert|sponsored(?: content)?|"
    r"live(?: broadcast| updates| tv| stream)?|share(?: this)?(?: article| story| page)?|subscribe(?: now)?|"
    r"sign (?:in|up)|log ?in|register|newsletter|menu|search|home|follow us.*|"
    r"read more|read next|see also|related(?: articles| stories| news| topics| content)?|more on this story|"
    r"most (?:read|popular|viewed)|trending(?: now)?|previous(?: article| story| post| page)?|"
    r"next(?: article| story| post| page)?|back to top|comments?(?: \(\d+\))?|print|email|"
    r"no time to read\??|get a summary|listen to (?:this )?article|cookies?(?: settings| policy)?|accept all(?: cookies)?|"
    r"copy link|all rights reserved\.?|terms of (?:use|service)|privacy policy|contact us|about us|"
    r"(?:updated|posted|published)\s+\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?)\s+ago|"
    r"our (?:editorial )?standards\b.*)\W*$",
    re.I,
)
# Lines that are never report prose, however sentence-like: copyright notices,
# a wire story's closing credits ("Reporting by ...; Editing by ..."), tag lists.
_NOTICE = re.compile(
    r"^\W*(?:©|\(c\)\s|copyright\b)|"
    r"^(?:additional )?(?:reporting|writing|editing|compiled|produced) by\b[^.]*(?:;|$)|"
    r"^\W*(?:tags|topics|keywords|filed under)\s*:",
    re.I,
)
# Phrases that close a line are matched at the start of the reversed line:
# searched for forwards, a pattern opening with "\b" is tried at every position
# of lines hundreds of characters long.
_NOTICE_END = re.compile(r"\W*" + "all rights reserved"[::-1] + r"\b", re.I)
# A navigation bar on one line: three or more short items between separators.
_NAV_BAR = re.compile(r"^\W*[^|•·\s][^|•·.!?]{0,30}(?:\s[|•·]\s[^|•·.!?]{1,30}){2,}$")
# A pointer to another page: "Read more: <headline>", "Related: ...".
_LEADER = re.compile(r"^\W*(?:read more|read also|also read|related|see also|watch|listen|more)\s*:\s*\S", re.I)
_CREDIT = re.compile(
    r"^\W*(?:photo|photos|photograph|image|images|picture|pictures|video|credit|illustration|"
    r"image source|фото|фотография)"
    r"(?:\s+credit)?\s*(?::|by\b|/|,)|^\W*©",
    re.I,
)
# Searched for on its own, the pattern is only tried where a "(" is.
_CREDIT_IN_BRACKETS = re.compile(r"\((?:photo|image|picture)[^)]*\)\s*$", re.I)
_CREDIT_END = re.compile(r"\s*" + "getty images"[::-1] + r"\b", re.I)
# A caption says so; it may be a full sentence.
_CAPTION = re.compile(r"^\W*(?:image|media|photo|video)?\s*caption\s*[:,]", re.I)
_TEASER_MARKERS = re.compile(
    r"^\W*(?:(?:previous|next)\s+(?:article|story|post)|related(?:\s+\w+)?|read more|see also|more stories"
    r"|you may also like|recommended(?: for you)?)\W*$",
    re.I,
)
_TERMINAL = tuple(".!?…:;\"”»")
_BYLINE = re.compile(r"\s*by\s+\S", re.I)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")


class _Line(NamedTuple):
    start: int
    end: int
    text: str
    is_body: bool

    @property
    def words(self) -> int:
        return len(self.text.split())


def _lines(text: str) -> list[_Line]:
    """The non-blank lines, each marked as running prose or not: a long line,
    a full sentence ending in punctuation, or part of a hard-wrapped paragraph
    (a long line whose next line carries on in lower case, and the lines that
    carry on a prose line left without a full stop)."""
    found = []
    start = 0
    for line in text.split("\n"):
        if line and not line.isspace():
            found.append((start, start + len(line), line))
        start += len(line) + 1
    body = [_is_prose(t.strip()) for _, _, t in found]
    for i in range(len(found) - 1):
        (_, end, line), (start, _, following) = found[i], found[i + 1]
        if end + 1 != start or len(line.strip()) < 40:
            continue
        if following.lstrip()[:1].islower():
            body[i] = body[i + 1] = True
        elif body[i] and not line.rstrip().endswith(_TERMINAL) and not _is_credit(following):
            body[i + 1] = True
    return [_Line(start, end, line, prose) for (start, end, line), prose in zip(found, body)]


def _is_notice(line: str) -> bool:
    return bool(_NOTICE.match(line) or _NOTICE_END.match(line[::-1]))


def _is_credit(line: str) -> bool:
    return bool(_CREDIT.match(line) or _CREDIT_IN_BRACKETS.search(line) or _CREDIT_END.match(line[::-1]))


def _is_nav_bar(line: str) -> bool:
    # Without a separator the pattern would only backtrack through the line's start.
    return ("|" in line or "•" in line or "·" in line) and bool(_NAV_BAR.match(line))


def _is_prose(line: str) -> bool:
    return len(line) >= 120 or (line.endswith(_TERMINAL) and len(line.split()) >= 6)


def read_corpus(
    paths: Sequence[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> tuple[list[Document], list[Problem]]:
    """Read every report under `paths` (files or folders, recursively)."""
    loaded, problems = load_corpus(paths, max_bytes=max_bytes, progress=progress)
    return mark_repeated_lines([to_document(n, item) for n, item in enumerate(loaded)]), problems


@dataclass(frozen=True, slots=True)
class Loaded:
    """A file's text, decoded and cleaned, not yet read as a report."""

    path: str
    text: str
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()


def load_corpus(
    paths: Sequence[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> tuple[list[Loaded], list[Problem]]:
    """The text of every usable file under `paths`, in reading order, and a
    Problem for each file that cannot be used. Report ids follow this order."""
    files, problems = discover(paths)
    loaded: list[Loaded] = []
    for n, path in enumerate(files, start=1):
        result = load_text(path, max_bytes=max_bytes)
        if isinstance(result, Problem):
            problems.append(result)
        else:
            loaded.append(result)
        if progress:
            progress(n, len(files))
    return loaded, problems


def discover(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[str], list[Problem]]:
    """Expand folders into report files: `.txt`/`.md`, hidden files skipped,
    sorted within each folder, folders in the order given."""
    files: list[str] = []
    problems: list[Problem] = []
    for raw in paths:
        path = os.fspath(raw)
        if not os.path.exists(path):
            problems.append(Problem(path, f"{path} was skipped: no such file or folder."))
        elif os.path.isdir(path):
            found = _walk(path, problems)
            if not found and not any(p.path.startswith(path) for p in problems):
                problems.append(Problem(path, f"{path} was skipped: the folder holds no .txt or .md reports."))
            files.extend(found)
        else:
            files.append(path)
    seen: set[object] = set()
    unique = []
    for f in files:
        key = _identity(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


def _identity(path: str) -> object:
    """The same file reached twice (named again, or through a link) has one identity."""
    try:
        info = os.stat(path)
    except OSError:
        return os.path.abspath(path)
    return (info.st_dev, info.st_ino)


def _walk(folder: str, problems: list[Problem]) -> list[str]:
    if not os.access(folder, os.R_OK | os.X_OK):
        problems.append(Problem(folder, f"{folder} was skipped: the folder cannot be opened (permission denied)."))
        return []
    found: list[str] = []
    for root, dirs, names in os.walk(folder, onerror=lambda e: problems.append(_walk_problem(e))):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            os.path.join(root, n) for n in sorted(names) if not n.startswith(".") and n.lower().endswith(SUFFIXES)
        )
    return found


def _walk_problem(error: OSError) -> Problem:
    name = error.filename or "a folder"
    return Problem(str(name), f"{name} was skipped: it cannot be opened ({error.strerror or 'error'}).")


def read_document(path: str, doc_id: int, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document | Problem:
    """Read one file into a Document, or explain in one sentence why not."""
    loaded = load_text(path, max_bytes=max_bytes)
    return loaded if isinstance(loaded, Problem) else to_document(doc_id, loaded)


def to_document(doc_id: int, loaded: Loaded) -> Document:
    return build_document(doc_id, loaded.path, loaded.text, encoding=loaded.encoding, warnings=loaded.warnings)


def load_text(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded | Problem:
    """A file's decoded, cleaned text, or one sentence on why it cannot be used."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            return Problem(path, f"{path} was skipped: it is a folder, not a file.")
        if not stat.S_ISREG(info.st_mode):
            # A pipe or a device could block or never end.
            return Problem(path, f"{path} was skipped: it is not a regular file.")
        if info.st_size > max_bytes:
            return _oversize(path, info.st_size, max_bytes)
        with open(path, "rb") as fh:
            # Asked for the limit, the reader allocates the limit (20 MB) for
            # every report; ask for the size seen, and read on up to the limit
            # only if the file grew since.
            data = fh.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += fh.read(max_bytes + 1 - len(data))
    except FileNotFoundError:
        return Problem(path, f"{path} was skipped: no such file or folder.")
    except PermissionError:
        return Problem(path, f"{path} was skipped: it cannot be read (permission denied).")
    except OSError as error:
        return Problem(path, f"{path} was skipped: it cannot be read ({error.strerror or error}).")
    if len(data) > max_bytes:
        return _oversize(path, len(data), max_bytes)
    decoded = decode(data)
    if decoded is None:
        return Problem(path, f"{path} was skipped: it looks like a binary file, not text.")
    raw, encoding = decoded
    text = clean_text(raw)
    if not text.strip():
        return Problem(path, f"{path} was skipped: it is empty." if not data.strip() else f"{path} was skipped: it holds no readable text.")
    warnings = ()
    if encoding in _GUESSED:
        warnings = (f"Decoded as {encoding} ({_GUESSED[encoding]}), not UTF-8: check accented and non-Latin names.",)
    return Loaded(path, text, encoding, warnings)


def _oversize(path: str, size: int, limit: int) -> Problem:
    return Problem(path, f"{path} was skipped: it is {_size(size)}, over the {_size(limit)} limit.")


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    return f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} bytes"


def decode(data: bytes) -> tuple[str, str] | None:
    """Decode bytes as UTF-8 (BOM or not), UTF-16/32 (BOM, or plain ASCII-range
    UTF-16 recognised by its zero bytes), or a detected legacy code page.
    None means the bytes are not text."""
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return _strict(data, codec)
    head = data[:8192]
    utf16 = _bomless_utf16(head) if b"\x00" in head else None
    if utf16:
        return _strict(data, utf16)
    if _looks_binary(head):
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        utf8 = _strict(data[3:], "utf-8")
        if utf8:
            return utf8[0], "utf-8-sig"
    utf8 = _strict(data, "utf-8")
    if utf8:
        return utf8
    # Valid UTF-8 may carry a stray zero byte; a legacy code page never does.
    return None if b"\x00" in head else _legacy(data)


def _strict(data: bytes, codec: str) -> tuple[str, str] | None:
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None


def _bomless_utf16(head: bytes) -> str | None:
    """Text in UTF-16 without a BOM has a zero byte in nearly every other place."""
    even, odd = head[0::2], head[1::2]
    if len(head) >= 4 and odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if len(head) >= 4 and even.count(0) > 0.8 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _legacy(data: bytes) -> tuple[str, str]:
    best = from_bytes(data[:200_000], cp_isolation=list(LEGACY_ENCODINGS)).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin_1"), "latin_1"
    # Curly quotes and dashes have the same bytes in cp1251 and cp1252: with no
    # letter that differs, name the Western code page.
    if encoding != "cp1252" and data.decode("cp1252", errors="replace") == text:
        return text, "cp1252"
    return text, encoding


_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 11, 12, 13, 27))


def _looks_binary(head: bytes) -> bool:
    controls = len(head.translate(None, _NOT_CONTROL_BYTES))
    return bool(head) and controls / len(head) > 0.05


def clean_text(raw: str) -> str:
    """Normalise line ends to "\\n" and remove terminal escape sequences and
    control characters; tabs and newlines stay."""
    if not _SPECIAL.search(raw):
        return raw
    text = _LINE_BREAKS.sub("\n", raw)
    text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def build_document(
    doc_id: int, path: str, text: str, *, encoding: str = "utf-8", warnings: tuple[str, ...] = ()
) -> Document:
    """Title, boilerplate, header date and language for an already-decoded text."""
    lines = _lines(text)
    script = dominant_script(text)
    furniture = furniture_lines(lines, script)
    header = header_date(lines, furniture, text)
    title = find_title(lines, furniture, header)
    boilerplate = _merge_spans(text, (Span(doc_id, lines[i].start, lines[i].end) for i in sorted(furniture)))
    language = detect_language(text, boilerplate, script)
    if language != "en":
        warnings = (
            *warnings,
            f"Written in {language_name(language)}, not English: its actors, dates and quotes may be incomplete.",
        )
    date, span = (header[0], Span(doc_id, header[1], header[2])) if header else (None, None)
    return Document(
        id=doc_id,
        path=path,
        title=title,
        text=text,
        date=date,
        date_source="header" if date else "none",
        date_span=span,
        header_date=date,
        boilerplate=boilerplate,
        warnings=warnings,
        language=language,
        encoding=encoding,
    )


def furniture_lines(lines: list[_Line], script: str | None) -> set[int]:
    """Indices of the lines that are web furniture rather than the report."""
    marked: set[int] = set()
    body = [i for i, ln in enumerate(lines) if ln.is_body]
    # With no prose at all there is no "before the report" to speak of.
    first_body = body[0] if body else 0
    last_body = body[-1] if body else len(lines)

    def foreign(i: int) -> bool:
        return bool(script) and not lines[i].is_body and _line_script(lines[i].text) not in (None, script)

    for i, ln in enumerate(lines):
        t = ln.text.strip()
        if _FURNITURE.match(t) or _CAPTION.match(t) or _is_notice(t) or _is_nav_bar(t) or _is_widget(t) or foreign(i):
            marked.add(i)
        elif (not ln.is_body or not t.endswith(".")) and _LEADER.match(t):
            marked.add(i)
        elif not ln.is_body and _is_credit(t):
            marked.add(i)
    # Teasers and notices after the story may read like sentences; they do not end it.
    while last_body > first_body and last_body in marked:
        last_body = max((i for i in body if i < last_body), default=first_body)

    dated = {i for i in range(first_body) if _header_match(lines[i].text)}
    marked |= _menu_lines(lines, first_body, marked, dated)
    protected = dated | {i for i in [_title_line(lines, first_body, marked | dated)] if i is not None}

    # Runs of short non-prose lines around a credit or foreign-script line are
    # captions; a heading next to prose is not in such a run and stays, nor does
    # one set apart from the credit by a line of other furniture (an advert slot).
    run: list[int] = []
    for i in [*range(len(lines)), None]:
        short = i is not None and not lines[i].is_body
        if short and not (run and _FURNITURE.match(lines[run[-1]].text.strip())):
            run.append(i)
            continue
        if any(_is_credit(lines[r].text) or foreign(r) for r in run):
            marked.update(r for r in run if r not in protected)
        run = [i] if short else []

    # After the last paragraph of prose: teaser headlines behind "Next Article" and the like.
    for i in range(last_body + 1, len(lines)):
        if _TEASER_MARKERS.match(lines[i].text.strip()):
            marked.update(
                r for r in range(i, len(lines)) if not lines[r].is_body or not lines[r].text.strip().endswith(".")
            )
            break
    return marked


def _menu_lines(lines: list[_Line], first_body: int, marked: set[int], dated: set[int]) -> set[int]:
    """Before the report starts, a block of consecutive short lines is a menu
    when it holds known furniture or is three or more lines of one to three
    words; a longer line inside it (the headline) and date lines stay."""
    menu: set[int] = set()
    blocks: list[list[int]] = []
    for i in range(first_body):
        if blocks and _adjacent(lines[blocks[-1][-1]], lines[i]):
            blocks[-1].append(i)
        else:
            blocks.append([i])
    for block in blocks:
        short = [i for i in block if lines[i].words < 5 and i not in dated]
        known = any(i in marked for i in block)
        menu_like = len(block) >= 3 and all(lines[i].words <= 3 and not lines[i].text.rstrip().endswith(_TERMINAL) for i in block)
        if known or menu_like:
            menu.update(short)
    return menu


def _adjacent(a: _Line, b: _Line) -> bool:
    return a.end + 1 == b.start


def _title_line(lines: list[_Line], first_body: int, excluded: set[int]) -> int | None:
    """The headline: the fullest line before the prose that is not furniture,
    a date or a byline."""
    candidates = [
        i for i in range(first_body) if i not in excluded and lines[i].words >= 2 and not _BYLINE.match(lines[i].text)
    ]
    return max(candidates, key=lambda i: (lines[i].words, -i)) if candidates else None


def header_date(
    lines: list[_Line], furniture: set[int], report: str = ""
) -> tuple[PartialDate, int, int] | None:
    """The article's own date from a header line among the first eight lines
    that are not furniture; never a page widget. The months the `report` text
    names in words settle a slash date that could be read either way; they are
    looked for only then, not on every report read."""
    for ln in [ln for i, ln in enumerate(lines[:40]) if i not in furniture][:8]:
        hit = _header_match(ln.text, report)
        if hit:
            value, start, end = hit
            return value, ln.start + start, ln.start + end
        if ln.is_body and ln.words > 30:
            break
    return None


def _header_match(line: str, report: str = "") -> tuple[PartialDate, int, int] | None:
    """A date that opens a line (after an optional label or weekday), stands
    nearly alone, or opens a dateline; or one after a separator in a short byline."""
    stripped = line.strip()
    if _is_widget(stripped):
        return None
    offset = len(line) - len(line.lstrip())
    label_end = _DATE_LABEL.match(stripped).end()
    for form in _DATE_FORMS if _DATE_START.match(stripped, label_end) else ():
        m = form.match(stripped, label_end)
        value = _to_date(m, report) if m else None
        if m is None or value is None:
            continue
        alone = not stripped[m.end() :].strip(" ,.|-–—") or len(stripped) < 40
        dateline = _DATELINE_NEXT.match(stripped[m.end() :])
        if label_end or alone or dateline:
            return value, offset + m.start(), offset + m.end()
    place = _DATELINE_PLACE.match(stripped)
    if place and _DATE_START.match(stripped, place.end()):
        for form in _DATE_FORMS:
            m = form.match(stripped, place.end())
            value = _to_date(m, report) if m else None
            if value is not None and _DATELINE_END.match(stripped, m.end()):
                return value, offset + m.start(), offset + m.end()
    if len(stripped) < 80 and not stripped.endswith((".", "!", "?")) and _YEAR_DIGITS.search(stripped):
        for form in _DATE_FORMS:
            for m in form.finditer(stripped):
                value = _to_date(m, report)
                if value and _BEFORE_DATE.search(stripped[: m.start()]) and len(stripped[m.end() :].split()) <= 3:
                    return value, offset + m.start(), offset + m.end()
    return None


def _to_date(m: re.Match[str], report: str = "") -> PartialDate | None:
    groups = m.groupdict()
    if groups.get("either"):
        a, b = int(groups["either"]), int(groups["other"])
        readings = {(day, month) for day, month in ((a, b), (b, a)) if month <= 12}
        if len(readings) > 1:
            # 10/08/2025 is 10 August or 8 October: only the report's own words
            # can say, naming a month of that time ("on August 9", "August 2025").
            year = int(groups["year"])
            current = {month for month, named_year in named_months(report) if named_year in (None, year)}
            readings = {(day, month) for day, month in readings if month in current}
        if len(readings) != 1:
            return None
        day, month = readings.pop()
        groups = {"year": groups["year"], "day": str(day), "mnum": str(month)}
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS.get((groups.get("month") or "").lower().rstrip("."))
    try:
        year, day = int(groups["year"]), int(groups["day"])
        value = PartialDate(year, month, day)
        value.first_day()
    except (TypeError, ValueError):
        return None
    return value if 1900 <= year <= 2100 else None


_MONTH_WORD = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+(\d{1,2}\b)?(?:(?:st|nd|rd|th)?,?\s*(\d{4})\b)?"
)


def named_months(text: str) -> frozenset[tuple[int, int | None]]:
    """Months the report writes out with a day or a year, each with its year
    if given ("August 9" -> (8, None); "October 2008" -> (10, 2008))."""
    found = set()
    for m in _MONTH_WORD.finditer(text[:50_000]):
        if m.group(2) or m.group(3):
            found.add((_MONTHS[m.group(1).lower()], int(m.group(3)) if m.group(3) else None))
    return frozenset(found)


def _is_widget(line: str) -> bool:
    return bool(_WIDGET.match(line)) and any(f.search(line) for f in _DATE_FORMS)


def find_title(lines: list[_Line], furniture: set[int], header: tuple[PartialDate, int, int] | None) -> str:
    """The headline before the prose; failing that, the first sentence of the
    first line that is not furniture, without a leading header date."""
    body = [i for i, ln in enumerate(lines) if ln.is_body]
    dated = {i for i, ln in enumerate(lines) if header and ln.start <= header[1] < ln.end}
    headline = _title_line(lines, body[0] if body else len(lines), furniture | dated)
    if headline is not None:
        return _shorten(lines[headline].text)
    for i, ln in enumerate(lines):
        if i in furniture:
            continue
        t = ln.text[header[2] - ln.start :] if i in dated and header else ln.text
        if t.strip(" \t,.|-–—"):
            return _shorten(t.strip(" \t,.|-–—"))
    return _shorten(lines[0].text) if lines else ""


def _shorten(text: str, limit: int = 100) -> str:
    """A title-sized line: Markdown heading and emphasis marks off, cut at the
    first sentence or a word boundary when long."""
    text = _MARKDOWN_HEADING.sub("", text.strip()).strip("*_ \t") or text.strip()
    if len(text) <= limit:
        return text
    first = text[: sentence_spans(text, Span(0, 0, len(text)))[0].end]
    if len(first) <= limit:
        return first
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


_LATIN_LETTERS = re.compile(r"[A-Za-z\u00c0-\u024f]")
_OTHER_LETTERS = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")


def dominant_script(text: str) -> str | None:
    """The script most letters are written in ("latin", "cyrillic", "arabic", ...)."""
    sample = text[:50_000]
    if sample.isascii() or not _OTHER_LETTERS.search(sample):
        return "latin" if _LATIN_LETTERS.search(sample) else None
    counts = Counter(_char_script(c) for c in _OTHER_LETTERS.findall(sample))
    counts["latin"] += len(_LATIN_LETTERS.findall(sample))
    counts.pop(None, None)
    counts = +counts
    return counts.most_common(1)[0][0] if counts else None


def _line_script(line: str) -> str | None:
    """The script of a line when one script holds most of its letters."""
    if line.isascii():
        return "latin" if _LATIN_LETTERS.search(line) else None
    counts = Counter(_char_script(c) for c in line if c.isalpha())
    counts.pop(None, None)
    if not counts:
        return None
    script, n = counts.most_common(1)[0]
    return script if n / sum(counts.values()) > 0.6 else None


def _char_script(c: str) -> str | None:
    if c < "\u0250":
        return "latin"
    try:
        return unicodedata.name(c).split(" ", 1)[0].lower()
    except ValueError:
        return None


# Common English words that are not also words of the other languages news
# arrives in (so no "a", "in", "is", "on", "as").
_ENGLISH_WORDS = frozenset(
    "the of and to that for with was by said it from are has have he his were would will which this be been not "
    "its they their who".split()
)
_LANGUAGE_NAMES = {
    "ar": "Arabic", "de": "German", "es": "Spanish", "fa": "Persian", "fr": "French", "he": "Hebrew",
    "hi": "Hindi", "id": "Indonesian", "it": "Italian", "ja": "Japanese", "ko": "Korean", "ku": "Kurdish",
    "nl": "Dutch", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sv": "Swedish",
    "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "zh": "Chinese",
}


def detect_language(text: str, boilerplate: Iterable[Span] = (), script: str | None = "latin") -> str:
    """ISO 639-1 code of the report's language. English is confirmed cheaply by
    its commonest words; anything else goes to a trained identifier, loaded
    only then because loading it costs most of a second."""
    body = _without(text[:20_000], boilerplate)
    words = body[:3_000].lower().split()
    if not words:
        return "en"
    # English prose has a tenth or more of these words, other languages next to
    # none. The first hundred words alone settle most English reports (a share
    # of all the words they pass, the whole text passes too).
    english = _ENGLISH_WORDS.__contains__
    if sum(map(english, words[:100])) / len(words) > 0.05 or sum(map(english, words)) / len(words) > 0.05:
        return "en"
    # A few Latin-script words (a headline, a list) are too little to judge.
    if script == "latin" and len(words) < 12:
        return "en"
    import py3langid

    return str(py3langid.classify(body)[0])


def _without(text: str, spans: Iterable[Span]) -> str:
    parts, at = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        parts.append(text[at : span.start])
        at = max(at, span.end)
    parts.append(text[at:])
    return "\n".join(parts)


def language_name(code: str) -> str:
    return _LANGUAGE_NAMES.get(code, f"the language coded '{code}'")


def mark_repeated_lines(documents: list[Document], min_documents: int = 3) -> list[Document]:
    """Short lines repeated verbatim in several reports are site furniture
    (a section label, a sign-off); wire copy shares whole paragraphs, so only
    short non-prose lines count, and never a title or a date line."""
    if len(documents) < min_documents:
        return documents
    seen: Counter[str] = Counter()
    per_doc: list[dict[str, list[tuple[int, int]]]] = []
    for doc in documents:
        found: dict[str, list[tuple[int, int]]] = {}
        for line in _lines(doc.text):
            key = line.text.strip()
            if (
                not line.is_body
                and line.words <= 12
                and key != doc.title
                and not (doc.date_span and line.start <= doc.date_span.start < line.end)
            ):
                found.setdefault(key, []).append((line.start, line.end))
        per_doc.append(found)
        seen.update(found.keys())
    repeated = {k for k, n in seen.items() if n >= min_documents}
    if not repeated:
        return documents
    result = []
    for doc, found in zip(documents, per_doc):
        extra = [Span(doc.id, s, e) for k in repeated & found.keys() for s, e in found[k]]
        result.append(replace(doc, boilerplate=_merge_spans(doc.text, (*doc.boilerplate, *extra))) if extra else doc)
    return result


def _merge_spans(text: str, spans: Iterable[Span]) -> tuple[Span, ...]:
    """Sorted, disjoint spans; neighbours with only whitespace between them join."""
    merged: list[Span] = []
    for s in sorted(spans):
        if merged and (merged[-1].end >= s.start or not text[merged[-1].end : s.start].strip()):
            last = merged[-1]
            merged[-1] = Span(last.doc, last.start, max(last.end, s.end))
        else:
            merged.append(s)
    return tuple(merged)
