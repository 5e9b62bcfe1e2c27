"""Find report files, decode them, clean them, and mark their web furniture.

Each readable file becomes a `Document`; each unreadable one a `Problem` with
one sentence naming the file. Nothing here raises on bad input.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from charset_normalizer import from_bytes

from briefing.model import Document, PartialDate, Problem, Span

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SUFFIXES = (".txt", ".md")
LEGACY_ENCODINGS = ("cp1252", "cp1251", "latin_1", "iso8859_5", "koi8_r", "mac_cyrillic", "cp1256")

Progress = Callable[[int, int], None]

# ANSI/VT escape sequences (CSI, OSC, DCS/APC/PM/SOS strings, two-byte escapes),
# then any remaining C0/C1 control character except tab and newline, and the
# bidirectional overrides that can make a line display differently from its text.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x9d[^\x07\x9c]*[\x07\x9c]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

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
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_FORMS = [
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})", re.I),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})", re.I),
    re.compile(r"(?P<day>\d{1,2})/(?P<mnum>\d{1,2})/(?P<year>\d{4})"),
]
_DATE_LABEL = r"(?:date|dated|published(?:\s+on)?|posted(?:\s+on)?|updated(?:\s+on)?|first published)"
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
_WIDGET = re.compile(r"^\s*(?:today|now|current date|local time)\b\s*[:,\-–]?", re.I)

# General web-page furniture, not any one site's: navigation, ads, sharing, teasers.
_FURNITURE = re.compile(
    r"^\W*(?:skip to (?:main )?content|advertisement|advert|sponsored(?: content)?|"
    r"live(?: broadcast| updates| tv)?|share(?: this)?(?: article| story)?|subscribe(?: now)?|"
    r"sign (?:in|up)|log ?in|register|newsletter|menu|search|home|follow us.*|"
    r"read more|read next|see also|related(?: articles| stories| news| topics)?|more on this story|"
    r"most (?:read|popular|viewed)|trending(?: now)?|previous(?: article| story| post)?|"
    r"next(?: article| story| post)?|back to top|comments?(?: \(\d+\))?|print|email|"
    r"no time to read\??|get a summary|listen to (?:this )?article|cookie.*|accept all|"
    r"main slide|beginning of the article|select important|on|off|close|open)\W*$",
    re.I,
)
_CREDIT = re.compile(
    r"^\W*(?:photo|photos|image|images|picture|video|credit|illustration|фото|фотография)"
    r"(?:\s+credit)?\s*(?::|by\b|/)|^\W*©|\((?:photo|image)[^)]*\)\s*$|getty images\s*$",
    re.I,
)
_TEASER_MARKERS = re.compile(r"^\W*(?:previous|next)\s+(?:article|story|post)\W*$|^\W*(?:related|read more|see also|more stories)\W*$", re.I)
_TERMINAL = tuple(".!?…:;\"”»")


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def is_body(self) -> bool:
        """A line of running prose: long, or a full sentence ending in punctuation."""
        t = self.text.strip()
        return (len(t) >= 120) or (t.endswith(_TERMINAL) and len(t.split()) >= 6)


def read_corpus(
    paths: Sequence[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> tuple[list[Document], list[Problem]]:
    """Read every report under `paths` (files or folders, recursively)."""
    files, problems = discover(paths)
    documents: list[Document] = []
    for n, path in enumerate(files, start=1):
        result = read_document(path, len(documents), max_bytes=max_bytes)
        if isinstance(result, Problem):
            problems.append(result)
        else:
            documents.append(result)
        if progress:
            progress(n, len(files))
    return mark_repeated_lines(documents), problems


def discover(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[str], list[Problem]]:
    """Expand folders into report files: `.txt`/`.md`, hidden files skipped, sorted."""
    files: list[str] = []
    problems: list[Problem] = []
    for raw in paths:
        path = str(raw)
        if not os.path.exists(path):
            problems.append(Problem(path, f"{path} was skipped: no such file or folder."))
        elif os.path.isdir(path):
            if not os.access(path, os.R_OK | os.X_OK):
                problems.append(Problem(path, f"{path} was skipped: the folder cannot be opened (permission denied)."))
                continue
            for root, dirs, names in os.walk(path, onerror=lambda e: problems.append(_walk_problem(e))):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files.extend(
                    os.path.join(root, n)
                    for n in sorted(names)
                    if not n.startswith(".") and n.lower().endswith(SUFFIXES)
                )
        else:
            files.append(path)
    seen: set[str] = set()
    unique = [f for f in files if not (os.path.realpath(f) in seen or seen.add(os.path.realpath(f)))]
    return unique, problems


def _walk_problem(error: OSError) -> Problem:
    name = error.filename or "a folder"
    return Problem(str(name), f"{name} was skipped: it cannot be opened ({error.strerror or 'error'}).")


def read_document(path: str, doc_id: int, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document | Problem:
    """Read one file into a Document, or explain in one sentence why not."""
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            return Problem(path, f"{path} was skipped: it is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit.")
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except IsADirectoryError:
        return Problem(path, f"{path} was skipped: it is a folder, not a file.")
    except PermissionError:
        return Problem(path, f"{path} was skipped: it cannot be read (permission denied).")
    except OSError as error:
        return Problem(path, f"{path} was skipped: it cannot be read ({error.strerror or error}).")
    decoded = decode(data)
    if decoded is None:
        return Problem(path, f"{path} was skipped: it looks like a binary file, not text.")
    raw, encoding = decoded
    text = clean_text(raw)
    if not text.strip():
        return Problem(path, f"{path} was skipped: it is empty.")
    warnings = []
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        warnings.append(f"Decoded as {encoding}, not UTF-8: check accented and non-Latin names.")
    return build_document(doc_id, path, text, encoding=encoding, warnings=tuple(warnings))


def decode(data: bytes) -> tuple[str, str] | None:
    """Decode bytes as UTF-8 (BOM or not), UTF-16 with a BOM, or a detected
    legacy code page. None means the bytes are not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None
    if _looks_binary(data):
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000], cp_isolation=list(LEGACY_ENCODINGS)).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin_1"), "latin_1"


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.05


def clean_text(raw: str) -> str:
    """Normalise newlines and remove terminal escape sequences and control characters."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def build_document(
    doc_id: int, path: str, text: str, *, encoding: str = "utf-8", warnings: tuple[str, ...] = ()
) -> Document:
    """Title, boilerplate, header date and language for an already-decoded text."""
    lines = [_Line(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
    furniture = furniture_lines(lines, text)
    header = header_date(lines, furniture)
    title = find_title(lines, furniture, header)
    boilerplate = tuple(Span(doc_id, ln.start, ln.end) for ln in lines if id(ln) in furniture)
    language = detect_language(text, boilerplate)
    if language != "en":
        warnings = (*warnings, f"Written in {language_name(language)}, not English: its actors, dates and quotes may be incomplete.")
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
        boilerplate=_merge_spans(boilerplate),
        warnings=warnings,
        language=language,
        encoding=encoding,
    )


def furniture_lines(lines: list[_Line], text: str) -> set[int]:
    """ids of the lines that are web furniture rather than the report."""
    marked: set[int] = set()
    script = dominant_script(text)
    body = [i for i, ln in enumerate(lines) if ln.is_body]
    first_body = body[0] if body else len(lines)
    last_body = body[-1] if body else -1

    for i, ln in enumerate(lines):
        t = ln.text.strip()
        if _FURNITURE.match(t) or _CREDIT.search(t) or _is_widget(t):
            marked.add(id(ln))
        elif not ln.is_body and script and _line_script(t) not in (None, script):
            marked.add(id(ln))
        elif i < first_body and ln.words < 5 and not _parse_date(t):
            marked.add(id(ln))

    # Runs of short non-prose lines around a credit or foreign-script line are
    # captions; a heading next to prose is not in such a run and stays.
    run: list[_Line] = []
    for ln in [*lines, None]:
        if ln is not None and not ln.is_body:
            run.append(ln)
            continue
        if any(id(r) in marked for r in run) and any(
            _CREDIT.search(r.text) or (script and _line_script(r.text) not in (None, script)) for r in run
        ):
            marked.update(id(r) for r in run)
        run = []

    # After the last paragraph of prose: teaser headlines behind "Next Article" and the like.
    tail = lines[last_body + 1 :]
    for i, ln in enumerate(tail):
        if _TEASER_MARKERS.match(ln.text.strip()):
            marked.update(id(r) for r in tail[i:] if not r.is_body or not r.text.strip().endswith("."))
            break
    return marked


def header_date(lines: list[_Line], furniture: set[int]) -> tuple[PartialDate, int, int] | None:
    """The article's own date from a header line near the top, not a page widget."""
    for ln in lines[:8]:
        t = ln.text
        if _is_widget(t.strip()):
            continue
        hit = _header_match(t)
        if hit:
            value, start, end = hit
            return value, ln.start + start, ln.start + end
        if ln.is_body and ln.words > 30:
            break
    return None


def _header_match(line: str) -> tuple[PartialDate, int, int] | None:
    stripped = line.strip()
    offset = len(line) - len(line.lstrip())
    labelled = re.match(r"(?:" + _DATE_LABEL + r"|" + _WEEKDAY + r")\s*[:\-–]?\s*", stripped, re.I)
    rest_at = labelled.end() if labelled else 0
    for form in _DATE_FORMS:
        m = form.match(stripped, rest_at)
        if not m:
            continue
        value = _to_date(m)
        if value is None:
            continue
        alone = not stripped[m.end() :].strip(" ,.|-–—") or len(stripped) < 40
        if labelled or alone or m.start() == 0 and re.match(r"\s+[A-Z]{3,}", stripped[m.end() :]):
            return value, offset + m.start(), offset + m.end()
    return None


def _parse_date(text: str) -> PartialDate | None:
    hit = _header_match(text)
    return hit[0] if hit else None


def _to_date(m: re.Match[str]) -> PartialDate | None:
    groups = m.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS.get((groups.get("month") or "").lower().rstrip("."))
    try:
        year, day = int(groups["year"]), int(groups["day"])
        value = PartialDate(year, month, day)
        value.first_day()
    except (TypeError, ValueError):
        return None
    return value if 1900 <= year <= 2100 else None


def _is_widget(line: str) -> bool:
    return bool(_WIDGET.match(line)) and any(f.search(line) for f in _DATE_FORMS)


def find_title(lines: list[_Line], furniture: set[int], header: tuple[PartialDate, int, int] | None) -> str:
    """The first substantial line that is not furniture, without a leading date."""
    for ln in lines:
        if id(ln) in furniture:
            continue
        t = ln.text
        if header and ln.start <= header[1] < ln.end:
            t = ln.text[header[2] - ln.start :]
        t = t.strip()
        if len(t.split()) >= 4:
            return _shorten(t)
    return _shorten(lines[0].text.strip()) if lines else ""


def _shorten(text: str, limit: int = 100) -> str:
    if len(text) <= limit:
        return text
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(first) <= limit:
        return first
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def dominant_script(text: str) -> str | None:
    counts = Counter(_char_script(c) for c in text[:50_000] if c.isalpha())
    counts.pop(None, None)
    return counts.most_common(1)[0][0] if counts else None


def _line_script(line: str) -> str | None:
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


_ENGLISH_WORDS = frozenset("the of and to in a is that for on with as was by said it from at are has have".split())
_LANGUAGE_NAMES = {
    "es": "Spanish", "ru": "Russian", "fr": "French", "de": "German", "ar": "Arabic", "it": "Italian",
    "pt": "Portuguese", "uk": "Ukrainian", "tr": "Turkish", "fa": "Persian", "zh": "Chinese", "nl": "Dutch",
}


def detect_language(text: str, boilerplate: Iterable[Span] = ()) -> str:
    """ISO 639-1 code of the report's language. English is confirmed cheaply by
    its commonest words; anything else goes to a trained identifier."""
    body = text
    for span in sorted(boilerplate, key=lambda s: s.start, reverse=True):
        body = body[: span.start] + body[span.end :]
    words = re.findall(r"[^\W\d_]+", body[:20_000].lower())
    if not words:
        return "en"
    if sum(w in _ENGLISH_WORDS for w in words) / len(words) > 0.12:
        return "en"
    import py3langid

    return py3langid.classify(body[:20_000])[0]


def language_name(code: str) -> str:
    return _LANGUAGE_NAMES.get(code, code)


def mark_repeated_lines(documents: list[Document], min_documents: int = 3) -> list[Document]:
    """Short lines repeated verbatim in several reports are site furniture
    (a section label, a sign-off); wire copy shares whole paragraphs, so only
    short non-prose lines count."""
    if len(documents) < min_documents:
        return documents
    seen: Counter[str] = Counter()
    per_doc: list[dict[str, list[tuple[int, int]]]] = []
    for doc in documents:
        found: dict[str, list[tuple[int, int]]] = {}
        for m in re.finditer(r"[^\n]*\S[^\n]*", doc.text):
            line = _Line(m.start(), m.end(), m.group())
            key = line.text.strip()
            if not line.is_body and line.words <= 12 and key != doc.title:
                found.setdefault(key, []).append((m.start(), m.end()))
        per_doc.append(found)
        seen.update(found.keys())
    repeated = {k for k, n in seen.items() if n >= min_documents}
    if not repeated:
        return documents
    result = []
    for doc, found in zip(documents, per_doc):
        extra = [Span(doc.id, s, e) for k in repeated & found.keys() for s, e in found[k]]
        result.append(replace(doc, boilerplate=_merge_spans((*doc.boilerplate, *extra))) if extra else doc)
    return result


def _merge_spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    ordered = sorted(spans)
    merged: list[Span] = []
    for s in ordered:
        if merged and merged[-1].end >= s.start:
            last = merged[-1]
            merged[-1] = Span(last.doc, last.start, max(last.end, s.end))
        else:
            merged.append(s)
    return tuple(merged)
