"""The one-page brief: what the index says, short enough to hand up.

`compose_brief` ranks candidates for every section, pinned items first, and
cites each line's reports. Each renderer then drops the lowest-ranked lines
until its medium's page holds: Markdown and plain text under 60 lines of at
most 100 characters, PDF exactly one page. Sources are numbered from the lines
that survive, so every `[n]` on the page resolves to a listed report.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import textwrap
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from briefing.index import Index
from briefing.model import Actor, Conflict, Document, Event, Family, PartialDate, Quote, Span

MAX_LINES = 59
MAX_WIDTH = 100
PAPERS = {"a4": "a4", "letter": "us-letter"}
TEMPLATE = Path(__file__).with_name("templates") / "brief.typ"

_KIND_WEIGHT = {"person": 1.0, "organization": 1.0, "group": 1.0, "place": 0.7, "other": 0.5}
_SPEAKER_WEIGHT = {"named": 3.0, "anonymous": 2.0, "unknown": 0.5}
_CONFLICT_LABELS = {
    "quote-wording": "Quote wording",
    "attribution": "Attribution",
    "number": "Numbers",
    "date": "Dates",
    "naming": "Naming",
    "document-date": "Report date",
    "other": "Disagreement",
}

_STOPWORDS = frozenset(
    """
    a about above after again against all almost also am among an and another any are around as at
    be because been before being below between both but by can cannot could did do does doing done
    down during each either even ever every few for from further had has have having he her here
    hers herself him himself his how however i if in into is it its itself just least less like
    many may me might more most much must my myself neither no nor not now of off often on once
    one only onto or other others our ours out over own per perhaps quite rather same several she
    should since so some still such than that the their theirs them themselves then there these
    they this those though through thus to too toward towards under until up upon us very via was
    we well were what whatever when where whether which while who whom whose why will with within
    without would yet you your yours
    said say says saying told tell tells according reported report reports reportedly added adds
    noted stated states stating asked claimed announced confirmed explained believes believed
    according news article today yesterday tomorrow week weeks month months year years time times
    day days two three four five first second last next new including include includes
    mr mrs ms dr official officials source sources spokesman spokeswoman spokesperson statement
    """.split()
)
_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W\d_]+")
_STATEMENT_END = re.compile(r"[.!…][\"'”’»)]*$")
_OPENERS = tuple("\"'“‘«-—–")
_DATE_WORD = re.compile(r"\bdate[ds]?\b|\bdating\b", re.I)
_DOUBT_WORD = re.compile(r"doubt|contradict|inconsistent|suspicious|unreliable|wrong|mismatch|conflict", re.I)


class BriefError(Exception):
    """The brief could not be written; the message is one sentence naming the path."""


class BriefExists(BriefError):
    """The target file exists and overwriting was not asked for."""


@dataclass(frozen=True, slots=True)
class Part:
    """A claim quoted inside a line, cited on its own."""

    text: str
    docs: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the brief. `docs` are the reports cited by number; `more`
    counts further reports that support it but are not listed. `rank` orders
    the lines of a section for dropping (highest goes first); `marked` sets
    a relative date's label apart; `item` is the index item, for pins."""

    text: str
    docs: tuple[int, ...]
    label: str = ""
    parts: tuple[Part, ...] = ()
    more: int = 0
    item: str | None = None
    pinned: bool = False
    rank: int = 0
    marked: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    """`quota` is the section's share of a full page, `floor` the lines it keeps
    before other sections give up theirs; `rows` bounds one line's wrapped height."""

    title: str
    lines: tuple[Line, ...]
    quota: int
    floor: int
    rows: int


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What the Sources list says about one report."""

    doc: int
    title: str
    date: str
    family: str
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Brief:
    """Everything the page could hold, ranked; renderers drop from the bottom
    (`shrunk`) until their page holds, and number the sources still cited."""

    title: Line
    summary: Line
    sections: tuple[Section, ...]
    catalog: tuple[SourceInfo, ...]

    def cited(self) -> list[int]:
        lines = [self.title, self.summary, *(ln for s in self.sections for ln in s.lines)]
        return sorted({d for ln in lines for d in (*ln.docs, *(d for p in ln.parts for d in p.docs))})

    def numbers(self) -> dict[int, int]:
        """Source number of every cited report, in corpus order."""
        return {doc: n for n, doc in enumerate(self.cited(), start=1)}

    def sources(self) -> list[tuple[int, SourceInfo]]:
        by_doc = {s.doc: s for s in self.catalog}
        return [(n, by_doc[doc]) for doc, n in self.numbers().items()]

    def shrunk(self) -> Brief | None:
        """The brief without its lowest-ranked line: unpinned lines go first,
        from the section fullest for its quota, then pinned ones."""
        indexed = list(enumerate(self.sections))
        loose = [(i, s) for i, s in indexed if any(not ln.pinned for ln in s.lines)]
        if loose:
            above = [(i, s) for i, s in loose if len(s.lines) > s.floor]
            i, section = max(above or loose, key=lambda p: (len(p[1].lines) / p[1].quota, p[0]))
            pool = [j for j, ln in enumerate(section.lines) if not ln.pinned]
        else:
            filled = [(i, s) for i, s in indexed if s.lines]
            if not filled:
                return None
            i, section = max(filled, key=lambda p: (len(p[1].lines), p[0]))
            pool = list(range(len(section.lines)))
        victim = max(pool, key=lambda j: section.lines[j].rank)
        lines = section.lines[:victim] + section.lines[victim + 1 :]
        sections = (*self.sections[:i], replace(section, lines=lines), *self.sections[i + 1 :])
        return replace(self, sections=sections)


# ---------------------------------------------------------------- composing


def compose_brief(index: Index, pins: Sequence[str] = ()) -> Brief:
    """Every section's candidates, ranked, pinned items first; a full page or more."""
    pinned = [p for p in dict.fromkeys(pins) if p in index.by_id]
    corpus = _Corpus(index)
    bottom = _bottom_line(corpus)
    actors = _actor_lines(corpus, [index.by_id[p] for p in pinned if isinstance(index.by_id[p], Actor)])
    events = _event_lines(corpus, [index.by_id[p] for p in pinned if isinstance(index.by_id[p], Event)])
    quotes = _quote_lines(corpus, [index.by_id[p] for p in pinned if isinstance(index.by_id[p], Quote)])
    caveats = _caveat_lines(
        corpus, [index.by_id[p] for p in pinned if isinstance(index.by_id[p], (Conflict, Family))]
    )
    sections = (
        Section("Bottom line", bottom, quota=4, floor=2, rows=3),
        Section("Key actors", actors, quota=6, floor=2, rows=1),
        Section("Timeline", events, quota=8, floor=2, rows=2),
        Section("Key quotes", quotes, quota=5, floor=1, rows=2),
        Section("Conflicts and caveats", caveats, quota=8, floor=2, rows=2),
    )
    return _cite(
        corpus,
        Brief(
            title=_title_line(corpus),
            summary=_summary_line(corpus),
            sections=sections,
            catalog=tuple(_source_info(corpus, doc) for doc in index.documents),
        ),
    )


# How many reports a line cites by number, by section; a bottom-line statement
# shows its independent families, other lines fewer, since every new number
# costs a row in the source list. The rest are counted as "+N more".
_CITE_LIMITS = {"Bottom line": 4, "Conflicts and caveats": 3}


def _cite(corpus: _Corpus, brief: Brief) -> Brief:
    """Choose which supporting reports each line cites by number: one per
    independent family first, and the reports that back the most lines, so
    the numbered source list stays short."""
    lines = [brief.title, *(ln for s in brief.sections for ln in s.lines)]
    backing = Counter(d for ln in lines for d in {*ln.docs, *(d for p in ln.parts for d in p.docs)})
    cited: set[int] = set(brief.summary.docs)

    def pick(docs: Sequence[int], limit: int) -> tuple[tuple[int, ...], int]:
        groups: dict[str, list[int]] = defaultdict(list)
        for d in sorted(set(docs)):
            groups[corpus.family(d)].append(d)
        ordered = [
            sorted(g, key=lambda d: (d not in cited, -backing[d], bool(_text_warnings(corpus.index.documents[d])), d))
            for g in groups.values()
        ]
        ordered.sort(key=lambda g: (g[0] not in cited, -backing[g[0]], -len(g), g[0]))
        chosen = [g[0] for g in ordered][:limit]
        chosen += [d for g in ordered for d in g[1:]][: max(0, limit - len(chosen))]
        cited.update(chosen)
        return tuple(sorted(chosen)), len(set(docs)) - len(chosen)

    def cite_line(line: Line, limit: int) -> Line:
        parts = tuple(replace(p, docs=pick(p.docs, 2)[0]) for p in line.parts)
        if parts:
            return replace(line, parts=parts, docs=tuple(sorted({d for p in parts for d in p.docs})))
        docs, more = pick(line.docs, limit)
        return replace(line, docs=docs, more=more)

    title = cite_line(brief.title, 2)
    sections = tuple(
        replace(s, lines=tuple(cite_line(ln, _CITE_LIMITS.get(s.title, 2)) for ln in s.lines)) for s in brief.sections
    )
    return replace(brief, title=title, sections=sections)


class _Corpus:
    """What several sections need from the index, computed once."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.doubtful = {d.id for d in index.documents if _date_doubt(d) is not None}
        self.actor_reach = {a.id: _actor_reach(index, a) for a in index.actors}
        self.actor_score = {a.id: self.actor_reach[a.id] * _KIND_WEIGHT.get(a.kind, 0.5) for a in index.actors}
        top = max(self.actor_score.values(), default=0.0) or 1.0
        self.actor_weight = {k: v / top for k, v in self.actor_score.items()}
        self.mentions: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for actor in index.actors:
            for m in actor.mentions:
                self.mentions[m.doc].append((m.start, m.end, actor.id))
        for spans in self.mentions.values():
            spans.sort()
        self._terms: dict[str, str | None] = {}
        self._families = [index.family_of(d.id) for d in index.documents]
        self.family_sizes = Counter(self._families)

    @cached_property
    def sentences(self) -> list[_Sentence]:
        return _body_sentences(self)

    @cached_property
    def vectors(self) -> _Vectors:
        return _Vectors(self.sentences)

    @cached_property
    def spread(self) -> dict[str, float]:
        """Share of independent families that use each term."""
        families: dict[str, set[str]] = defaultdict(set)
        for s in self.sentences:
            for t in s.terms:
                families[t].add(self.family(s.doc))
        total = len({self.family(d.id) for d in self.index.documents}) or 1
        return {t: len(f) / total for t, f in families.items()}

    def headline_centrality(self, doc: Document) -> float:
        terms = {t for w in _WORD.findall(doc.title) if (t := _term(w))}
        return _central(terms, self.vectors.idf, self.spread)

    def centrality(self, span: Span) -> float:
        return _central({t for t, _ in self.terms(span)}, self.vectors.idf, self.spread)

    def family(self, doc: int) -> str:
        return self._families[doc]

    def families(self, docs: Iterable[int]) -> int:
        return self.index.support(list(docs))[1]

    def terms(self, span: Span) -> list[tuple[str, str]]:
        """(term, surface) pairs of a passage: actors by id, other words stemmed."""
        text = self.index.documents[span.doc].text
        mentions = self.mentions.get(span.doc, [])
        inside = []
        for m in mentions[bisect_left(mentions, (span.start,)) :]:
            if m[0] >= span.end:
                break
            if m[1] <= span.end:
                inside.append(m)
        found = [("@" + aid, text[s:e]) for s, e, aid in inside]
        covered = _merged((s, e) for s, e, _ in inside)
        k = 0
        for m in _WORD.finditer(text, span.start, span.end):
            at = m.start()
            while k < len(covered) and covered[k][1] <= at:
                k += 1
            if k < len(covered) and covered[k][0] <= at:
                continue
            word = m.group()
            if word not in self._terms:
                self._terms[word] = _term(word)
            if self._terms[word]:
                found.append((self._terms[word], word))
        return found


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _central(terms: set[str] | frozenset[str], idf: dict[str, float], spread: dict[str, float]) -> float:
    """How much of a passage is in words that many families use, 0 to 1;
    passages of few words count less."""
    weight = sum(idf.get(t, 1.0) for t in terms)
    if not weight:
        return 0.0
    return sum(idf.get(t, 1.0) * spread.get(t, 0.0) for t in terms) / weight * min(1.0, len(terms) / 8)


def _term(word: str) -> str | None:
    bare = word.replace(".", "")
    if len(bare) >= 2 and bare.isupper():
        return bare
    low = bare.lower()
    if len(low) < 3 or low in _STOPWORDS:
        return None
    if len(low) > 4 and low.endswith("ies"):
        return low[:-3] + "y"
    if len(low) > 6 and low.endswith("ing"):
        return low[:-3]
    if len(low) > 5 and low.endswith("ed"):
        return low[:-2]
    if len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is")):
        return low[:-1]
    return low


def _actor_reach(index: Index, actor: Actor) -> float:
    """How widely an actor is reported: independent families first."""
    reports, families = index.support(actor.documents)
    return 2 * families + reports + 0.5 * math.log1p(len(actor.mentions))


def _clean(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------ title, summary


def _title_line(corpus: _Corpus) -> Line:
    """The event named by its most widely reported actors and words; without
    actors, the headline whose words the families share most."""
    index = corpus.index
    if not index.documents:
        return Line(text="No reports", docs=())
    ranked = sorted(index.actors, key=lambda a: (-corpus.actor_reach[a.id], a.id))
    wide = 2 if len(index.documents) > 1 else 1
    names = [a for a in ranked if len(a.documents) >= wide][:3]
    if not names:
        # A title cut from the first sentence ("…" or a full stop) is no headline.
        headline = max(
            index.documents,
            key=lambda d: (not d.title.rstrip().endswith(("…", ".")), corpus.headline_centrality(d), -d.id),
        )
        return Line(text=_DATELINE.sub("", _clean(headline.title)), docs=(headline.id,))
    words = _key_terms(corpus, 2)
    text = ", ".join(a.name for a in names) + (f": {', '.join(words)}" if words else "")
    shared = set.intersection(*(set(a.documents) for a in names)) or set(names[0].documents)
    return Line(text=_clean(text), docs=tuple(sorted(shared)))


def _key_terms(corpus: _Corpus, count: int) -> list[str]:
    """The words most widely shared across independent families."""
    families: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    for sentence in corpus.sentences:
        for term, surface in sentence.words:
            if term.startswith("@"):
                continue
            families[term].add(corpus.family(sentence.doc))
            counts[term] += 1
            surfaces[term][surface] += 1
    common = [t for t in counts if sum(n for w, n in surfaces[t].items() if w.islower()) >= 0.8 * counts[t]]
    ranked = sorted(common, key=lambda t: (-len(families[t]), -counts[t], t))
    return [surfaces[t].most_common(1)[0][0] for t in ranked[:count]]


def _summary_line(corpus: _Corpus) -> Line:
    """As-of date and the corpus at a glance; doubtful dates do not set either end."""
    docs = corpus.index.documents
    dated = [d for d in docs if d.date and not _wrong_date(d)] or [d for d in docs if d.date]
    reports, families = corpus.index.support([d.id for d in docs])
    glance = f"{reports} report{'s' * (reports != 1)}, {families} independent source{'s' * (families != 1)}"
    if not dated:
        return Line(text=f"As of: undated · {glance}", docs=tuple(d.id for d in docs[:1]))
    newest = max(dated, key=lambda d: (_date_key(d.date), -d.id))
    oldest = min(dated, key=lambda d: (_date_key(d.date), d.id))
    span = f"{oldest.date}" if oldest.id == newest.id else f"{oldest.date} to {newest.date}"
    undated = len(docs) - len([d for d in docs if d.date])
    extra = f", {undated} undated" if undated else ""
    return Line(text=f"As of {newest.date} · {glance}, {span}{extra}", docs=tuple(sorted({newest.id, oldest.id})))


def _date_key(date: PartialDate) -> tuple:
    return (date.last_day(), {"day": 2, "month": 1, "year": 0}[date.granularity])


def _date_doubt(doc: Document) -> str | None:
    """Why a report's own date is doubtful, or None. A date merely inferred
    (from content or the story family) is marked in Sources, not doubted."""
    for warning in doc.warnings:
        if _DATE_WORD.search(warning) and _DOUBT_WORD.search(warning):
            return _clean(warning)
    header, date = doc.header_date, doc.date
    if header and date and not (header.first_day() <= date.last_day() and date.first_day() <= header.last_day()):
        return f"Its header says {header} but its content dates it to {date}."
    return None


def _text_warnings(doc: Document) -> tuple[str, ...]:
    """Warnings about the text itself (encoding, language), not its date."""
    return tuple(w for w in doc.warnings if not _DATE_WORD.search(w))


def _wrong_date(doc: Document) -> bool:
    """The report still carries the date that is in doubt."""
    return _date_doubt(doc) is not None and (doc.header_date is None or doc.date == doc.header_date)


def _source_info(corpus: _Corpus, doc: Document) -> SourceInfo:
    marks = []
    if doc.date and doc.date_source in ("content", "family"):
        marks.append("inferred")
    if doc.id in corpus.doubtful:
        marks.append("doubtful" if _wrong_date(doc) else "header date doubtful")
    date = (str(doc.date) if doc.date else "undated") + (f" ({', '.join(marks)})" if marks else "")
    family = corpus.family(doc.id)
    members = corpus.family_sizes[family]
    story = f"story {family}, {members} reports" if members > 1 else "independent"
    notes = tuple(_clean(w.split(":", 1)[0]) for w in _text_warnings(doc))
    title = _DATELINE.sub("", _clean(doc.title)) or Path(doc.path).name
    return SourceInfo(doc=doc.id, title=title, date=date, family=story, notes=notes)


# --------------------------------------------------------------- bottom line


@dataclass(frozen=True, slots=True)
class _Sentence:
    doc: int
    position: int
    span: Span
    terms: frozenset[str]
    statement: bool
    words: tuple[tuple[str, str], ...]


# A sentence of a report in another family supports a statement when their
# idf-weighted term vectors have at least this cosine; retellings in the same
# family are matched more loosely since they are already known to be one story.
_SUPPORT = 0.3
_SIBLING = 0.2
_MAX_CANDIDATES = 200
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{2,40}\s*(?:\([^)]{1,30}\)\s*)?[—–-]{1,2}\s+")


def _bottom_line(corpus: _Corpus) -> tuple[Line, ...]:
    """2-4 report sentences best corroborated across independent families."""
    sentences, vectors, spread = corpus.sentences, corpus.vectors, corpus.spread
    if not sentences:
        return ()
    candidates = [i for i, s in enumerate(sentences) if s.statement and s.terms]
    central = {i: _central(sentences[i].terms, vectors.idf, spread) for i in candidates}
    candidates.sort(key=lambda i: (-central[i], i))
    scored = []
    for i in candidates[:_MAX_CANDIDATES]:
        s = sentences[i]
        own = corpus.family(s.doc)
        support = {
            doc: c
            for doc, c in vectors.similar(i).items()
            if c >= (_SIBLING if corpus.family(doc) == own else _SUPPORT)
        }
        others: dict[str, float] = {}
        for doc, c in support.items():
            if corpus.family(doc) != own:
                others[corpus.family(doc)] = max(others.get(corpus.family(doc), 0.0), c)
        siblings = sum(1 for doc in support if corpus.family(doc) == own)
        doc = corpus.index.documents[s.doc]
        score = (
            1
            + len(others)
            + sum(c - _SUPPORT for c in others.values())
            + 0.25 * min(siblings, 2)
            + 0.5 * central[i]
            + 0.3 * (s.position < 2)
            - 0.3 * bool(_text_warnings(doc))
            - 0.2 * (len(s.terms) > 30)
        )
        scored.append((score, len(others) + 1, i, support))
    scored.sort(key=lambda x: (-x[0], x[2]))
    chosen: list[tuple[int, dict[int, float]]] = []
    for score, families, i, support in scored:
        if len(chosen) >= 4 or (len(chosen) >= 2 and (families < 2 or score < 0.7 * scored[0][0])):
            break
        if any(vectors.cosine(i, j) >= _SIBLING for j, _ in chosen):
            continue
        chosen.append((i, support))
    lines = []
    for rank, (i, support) in enumerate(chosen):
        s = sentences[i]
        docs = tuple(sorted({s.doc, *support}))
        lines.append(Line(text=_statement(corpus.index.documents[s.doc], s.span), docs=docs, rank=rank))
    return tuple(lines)


def _statement(doc: Document, span: Span) -> str:
    """The sentence without a header date or a wire dateline glued to its start."""
    start = span.start
    if doc.date_span and span.start <= doc.date_span.start < span.end:
        start = max(start, doc.date_span.end)
    return _DATELINE.sub("", _clean(doc.text[start : span.end]))


def _body_sentences(corpus: _Corpus) -> list[_Sentence]:
    found = []
    for doc in corpus.index.documents:
        position = 0
        for span in doc.sentences:
            if doc.touches_boilerplate(span):
                continue
            text = _statement(doc, span)
            words = len(text.split())
            statement = (
                8 <= words <= 70
                and bool(_STATEMENT_END.search(text))
                and not text.startswith(_OPENERS)
                and "?" not in text[-3:]
                and _reporter_voice(text)
            )
            words = tuple(corpus.terms(span))
            found.append(_Sentence(doc.id, position, span, frozenset(t for t, _ in words), statement, words))
            position += statement
    return found


def _reporter_voice(text: str) -> bool:
    """Not a piece of a quotation: quote marks balanced, and most words outside them."""
    if text.count("“") != text.count("”") or text.count('"') % 2 or text.count("«") != text.count("»"):
        return False
    quoted = sum(len(m.group()) for m in _QUOTED.finditer(text))
    return quoted <= len(text) / 2


class _Vectors:
    """Sentences as binary term vectors weighted by idf, with an inverted index.

    Terms in more than a twentieth of a large corpus's sentences are left out
    of the index and only checked on sentences a rarer term already found:
    sentences sharing nothing but common words do not support each other.
    """

    def __init__(self, sentences: list[_Sentence]) -> None:
        self.sentences = sentences
        df: Counter[str] = Counter(t for s in sentences for t in s.terms)
        n = len(sentences)
        self.weight = {t: (math.log((1 + n) / c) + 1) ** 2 for t, c in df.items()}
        self.idf = {t: math.sqrt(w) for t, w in self.weight.items()}
        self.norm = [math.sqrt(sum(self.weight[t] for t in s.terms)) or 1.0 for s in sentences]
        cap = max(500, n // 20)
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, s in enumerate(sentences):
            for t in s.terms:
                if df[t] <= cap:
                    self.postings[t].append(i)

    def cosine(self, i: int, j: int) -> float:
        a, b = self.sentences[i].terms, self.sentences[j].terms
        return sum(self.weight[t] for t in a & b) / (self.norm[i] * self.norm[j])

    def similar(self, i: int) -> dict[int, float]:
        """Best cosine of sentence `i` with a sentence of each other report
        that shares at least three of its terms."""
        s = self.sentences[i]
        shared: dict[int, float] = defaultdict(float)
        count: Counter[int] = Counter()
        for t in s.terms:
            for j in self.postings.get(t, ()):
                shared[j] += self.weight[t]
                count[j] += 1
        common = [t for t in s.terms if t not in self.postings]
        best: dict[int, float] = {}
        for j, total in shared.items():
            other = self.sentences[j]
            if other.doc == s.doc:
                continue
            also = [t for t in common if t in other.terms]
            if count[j] + len(also) < 3:
                continue
            value = (total + sum(self.weight[t] for t in also)) / (self.norm[i] * self.norm[j])
            if value > best.get(other.doc, 0.0):
                best[other.doc] = value
        return best



# ------------------------------------------------------------------- actors


def _actor_lines(corpus: _Corpus, pinned: list[Actor]) -> tuple[Line, ...]:
    index = corpus.index
    ranked = sorted(
        (a for a in index.actors if a not in pinned), key=lambda a: (-corpus.actor_score[a.id], a.id)
    )
    lines = []
    for rank, actor in enumerate([*pinned, *ranked[:8]]):
        roles = "; ".join(_distinct_roles(actor.roles)[:2]) or actor.kind
        pin = actor in pinned
        lines.append(
            Line(text=roles, label=_clean(actor.name), docs=actor.documents, item=actor.id, pinned=pin, rank=rank)
        )
    return tuple(lines)


def _distinct_roles(roles: Sequence[str]) -> list[str]:
    """Roles in order, without one that a longer role already says."""
    cleaned = [_clean(r) for r in roles if r.strip()]
    return [
        r for i, r in enumerate(cleaned)
        if not any(r.lower() in o.lower() and (len(o) > len(r) or j < i) for j, o in enumerate(cleaned) if j != i)
    ]


# ----------------------------------------------------------------- timeline


def _event_lines(corpus: _Corpus, pinned: list[Event]) -> tuple[Line, ...]:
    """The most important dated happenings, each once, shown in date order."""
    clusters: dict[str, list[Event]] = defaultdict(list)
    for event in corpus.index.events:
        if event.date is not None:
            clusters[event.cluster or event.id].append(event)
    taken = {e.cluster or e.id for e in pinned}
    best = {key: _representative(corpus, events) for key, events in clusters.items() if key not in taken}
    ranked = sorted(best, key=lambda key: (-_cluster_score(corpus, clusters[key]), best[key].doc, best[key].sentence.start))
    chosen = [(e, [e, *clusters.get(e.cluster or e.id, [])], True) for e in pinned]
    # One sentence dated twice ("last year ... by September") is one line.
    used = {m.sentence for _, members, _ in chosen for m in members}
    for key in ranked:
        if len(chosen) >= len(pinned) + 10:
            break
        if best[key].sentence not in used:
            chosen.append((best[key], clusters[key], False))
            used.update(m.sentence for m in clusters[key])
    ranks = {id(c[0]): r for r, c in enumerate(chosen)}
    chosen.sort(key=lambda c: (not c[2], _event_key(c[0])))
    lines = []
    for event, members, pin in chosen:
        summary = event.summary or corpus.index.documents[event.doc].slice(event.sentence)
        lines.append(
            Line(
                text=_clean(summary),
                label=_event_date(event),
                docs=tuple(sorted({e.doc for e in members})),
                item=event.id,
                pinned=pin,
                rank=ranks[id(event)],
                marked=event.relative,
            )
        )
    return tuple(lines)


def _representative(corpus: _Corpus, events: list[Event]) -> Event:
    grain = {"day": 0, "month": 1, "year": 2}
    return min(
        events,
        key=lambda e: (
            e.relative,
            grain[e.date.granularity] if e.date else 3,
            e.doc in corpus.doubtful,
            bool(_text_warnings(corpus.index.documents[e.doc])),
            e.doc,
            e.sentence.start,
        ),
    )


def _cluster_score(corpus: _Corpus, events: list[Event]) -> float:
    reports, families = corpus.index.support([e.doc for e in events])
    actors = {a for e in events for a in e.actors}
    weight = sum(corpus.actor_weight.get(a, 0.0) for a in actors)
    best = _representative(corpus, events)
    precise = 0.5 if best.date and best.date.granularity == "day" else 0.0
    return 3 * families + reports + min(weight, 3.0) + precise - 0.5 * best.relative


def _event_key(event: Event) -> tuple:
    date = event.date or PartialDate(9999)
    return (date.first_day(), {"year": 0, "month": 1, "day": 2}[date.granularity], event.doc, event.sentence.start)


def _event_date(event: Event) -> str:
    text = str(event.date)
    if event.end:
        text += f" to {event.end}"
    if event.relative:
        text += f" (“{_clean(event.date_text)}”)"
    return text


# ------------------------------------------------------------------- quotes


def _quote_lines(corpus: _Corpus, pinned: list[Quote]) -> tuple[Line, ...]:
    groups: dict[str, list[Quote]] = defaultdict(list)
    for quote in corpus.index.quotes:
        groups[quote.group or quote.id].append(quote)
    taken = {q.group or q.id for q in pinned}
    best = {k: min(g, key=lambda q: _quote_order(corpus, q)) for k, g in groups.items() if k not in taken}
    ranked = sorted(best, key=lambda k: (-_group_score(corpus, groups[k]), best[k].id))[:6]
    chosen = [(q, groups.get(q.group or q.id, [q]), True) for q in pinned]
    chosen += [(best[k], groups[k], False) for k in ranked]
    lines = []
    for rank, (quote, members, pin) in enumerate(chosen):
        speaker = _clean(quote.speaker) if quote.speaker else "Unattributed"
        lines.append(
            Line(
                text=f"“{_clean(quote.text).rstrip(' ,;:')}”",
                label=speaker,
                docs=tuple(sorted({q.doc for q in [quote, *members]})),
                item=quote.id,
                pinned=pin,
                rank=rank,
            )
        )
    return tuple(lines)


def _quote_order(corpus: _Corpus, quote: Quote) -> tuple:
    return (
        -_SPEAKER_WEIGHT.get(quote.speaker_kind, 0.0),
        -quote.confidence,
        bool(_text_warnings(corpus.index.documents[quote.doc])),
        quote.doc,
        quote.span.start,
    )


def _group_score(corpus: _Corpus, quotes: list[Quote]) -> float:
    best = min(quotes, key=lambda q: _quote_order(corpus, q))
    reports, families = corpus.index.support([q.doc for q in quotes])
    words = len(best.text.split())
    speaker = corpus.actor_weight.get(best.speaker_actor or "", 0.0)
    return (
        2 * corpus.centrality(best.span)
        + _SPEAKER_WEIGHT.get(best.speaker_kind, 0.0)
        + 2 * families
        + 0.5 * min(reports - families, 2)
        + speaker
        + best.confidence
        - 2.0 * (words < 5)
        - 0.5 * (words > 60)
    )


# ---------------------------------------------------------- conflicts, caveats


_CAVEATS = 10


def _caveat_lines(corpus: _Corpus, pinned: list[Conflict | Family]) -> tuple[Line, ...]:
    """Doubtful report dates first, since they skew the timeline and the as-of
    date; then conflicts by severity, each kind in turn, where one that repeats
    the claims of a graver one waits; then retold stories."""
    index = corpus.index
    order = {c.id: n for n, c in enumerate(index.conflicts)}

    def rank(c: Conflict) -> tuple:
        # At equal severity, a disagreement short enough to quote in its own
        # words goes before one the page can only summarise.
        wording = sum(len(cl.text) for cl in c.claims) / max(1, len(c.claims))
        return (-c.severity, -corpus.families(cl.span.doc for cl in c.claims), wording, order[c.id])

    loose = sorted((c for c in index.conflicts if c not in pinned), key=rank)
    dates = [c for c in loose if c.kind == "document-date"]
    covered = {_dated_doc(corpus, c) for c in index.conflicts if c.kind == "document-date"}
    doubtful = tuple(sorted(corpus.doubtful - covered))
    fresh: list[Conflict] = []
    repeats: list[Conflict] = []
    seen: list[Span] = []
    for conflict in _kinds_in_turn(c for c in loose if c.kind != "document-date"):
        if len(fresh) >= _CAVEATS:
            break
        spans = [cl.span for cl in conflict.claims]
        if any(_same_claim(a, b) for a in spans for b in seen):
            repeats.append(conflict)
        else:
            fresh.append(conflict)
            seen.extend(spans)
    stories = [f for f in index.families if len(f.documents) > 1 and f not in pinned]
    stories.sort(key=lambda f: -len(f.documents))
    items = [*pinned, *dates, *([doubtful] if doubtful else []), *fresh, *repeats, *stories]
    lines = []
    for n, item in enumerate(items[: len(pinned) + _CAVEATS]):
        pin = n < len(pinned)
        if isinstance(item, Conflict):
            lines.append(_conflict_line(item, n, pin))
        elif isinstance(item, Family):
            text = f"{len(item.documents)} reports retell one story and count as one source"
            lines.append(Line(text=text, label="Same story", docs=item.documents, item=item.id, pinned=pin, rank=n))
        else:
            lines.append(_date_caveat(corpus, item, n))
    return tuple(lines)


def _same_claim(a: Span, b: Span) -> bool:
    """Two spans that are mostly the same text, not a phrase inside a sentence."""
    shared = min(a.end, b.end) - max(a.start, b.start)
    return a.doc == b.doc and shared > 0 and shared >= 0.5 * (max(a.end, b.end) - min(a.start, b.start))


def _kinds_in_turn(conflicts: Iterable[Conflict]) -> list[Conflict]:
    """Ranked conflicts reordered so each kind gets a turn before any gets a
    second: one page should show the range of disagreement."""
    queues: dict[str, list[Conflict]] = {}
    for conflict in conflicts:
        queues.setdefault(conflict.kind, []).append(conflict)
    turns = []
    for depth in range(max((len(q) for q in queues.values()), default=0)):
        turns.extend(q[depth] for q in queues.values() if depth < len(q))
    return turns


def _dated_doc(corpus: _Corpus, conflict: Conflict) -> int | None:
    """The report whose own date a document-date conflict is about."""
    for claim in conflict.claims:
        span = corpus.index.documents[claim.span.doc].date_span
        if span is not None and span.overlaps(claim.span):
            return claim.span.doc
    return conflict.claims[0].span.doc if conflict.claims else None


def _conflict_line(conflict: Conflict, rank: int, pinned: bool) -> Line:
    wordings: dict[str, tuple[str, list[int]]] = {}
    for claim in conflict.claims:
        text = _clean(claim.text).strip("“”\"«» ")
        wordings.setdefault(text.lower(), (text, []))[1].append(claim.span.doc)
    parts = []
    for text, claim_docs in list(wordings.values())[:3]:
        parts.append(Part(f"“{text}”", tuple(sorted(set(claim_docs)))))
    docs = tuple(sorted({d for p in parts for d in p.docs}))
    return Line(
        text=_clean(conflict.topic or conflict.note),
        label=_CONFLICT_LABELS.get(conflict.kind, "Disagreement"),
        parts=tuple(parts),
        docs=docs,
        item=conflict.id,
        pinned=pinned,
        rank=rank,
    )


def _date_caveat(corpus: _Corpus, docs: tuple[int, ...], rank: int) -> Line:
    if len(docs) == 1:
        reason = _date_doubt(corpus.index.documents[docs[0]]) or "Its date is doubtful."
        return Line(text=reason, label="Doubtful report date", docs=docs, rank=rank)
    text = f"{len(docs)} reports carry doubtful dates, marked in Sources"
    return Line(text=text, label="Doubtful report dates", docs=docs, rank=rank)


# ---------------------------------------------------------------- rendering


def refs(docs: Sequence[int], numbers: dict[int, int], more: int = 0) -> str:
    """`[1, 3]`, or `[1, 3 +12 more]` when further reports back the line."""
    cited = ", ".join(str(n) for n in sorted(numbers[d] for d in docs))
    return f"[{cited}{f' +{more} more' if more else ''}]" if cited else ""


def _fit(brief: Brief, fits: Callable[[Brief], bool]) -> Brief:
    """The fullest brief along the drop order that `fits`."""
    chain = [brief]
    while (smaller := chain[-1].shrunk()) is not None:
        chain.append(smaller)
    if fits(chain[0]):
        return chain[0]
    low, high = 1, len(chain) - 1
    if not fits(chain[high]):
        raise BriefError("The brief does not fit on one page even without its sections.")
    while low < high:
        mid = (low + high) // 2
        if fits(chain[mid]):
            high = mid
        else:
            low = mid + 1
    return chain[low]


def render_markdown(brief: Brief) -> str:
    """Markdown under 60 lines of at most 100 characters."""
    fitted = _fit(brief, lambda b: len(_page_lines(b, markdown=True)) <= MAX_LINES)
    return "\n".join(_page_lines(fitted, markdown=True)) + "\n"


def render_text(brief: Brief) -> str:
    """Plain text with the same limits as the Markdown."""
    fitted = _fit(brief, lambda b: len(_page_lines(b, markdown=False)) <= MAX_LINES)
    return "\n".join(_page_lines(fitted, markdown=False)) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$&])")
_MD_LINE_START = re.compile(r"(?:([-+=])|(\d+)[.)])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _page_lines(brief: Brief, *, markdown: bool) -> list[str]:
    numbers = brief.numbers()
    esc = _md_escape if markdown else (lambda s: s)
    lines: list[str] = []
    title_refs = refs(brief.title.docs, numbers, brief.title.more)
    head = "# " if markdown else ""
    title = _shorten(brief.title.text, MAX_WIDTH - len(head) - len(title_refs) - 12)
    title_text = esc(title) if markdown else title.upper()
    lines.append(f"{head}{title_text} {title_refs}".rstrip())
    summary = _shorten(brief.summary.text, 2 * MAX_WIDTH - 30)
    lines.extend(_item(esc(summary), refs(brief.summary.docs, numbers), markdown=markdown, bullet=False))
    for section in brief.sections:
        if not section.lines:
            continue
        lines.append("")
        lines.append(f"## {section.title}" if markdown else section.title.upper())
        for line in section.lines:
            lines.extend(_line_rows(line, numbers, section.rows, markdown=markdown))
    lines.append("")
    lines.append("## Sources" if markdown else "SOURCES")
    for n, source in brief.sources():
        bits = [source.date, source.family, *source.notes]
        body = esc(_shorten(source.title, 50)) + " · " + esc(_shorten(" · ".join(bits), 120))
        lines.extend(_item(body, f"[{n}]", markdown=markdown, refs_first=True))
    return lines


def _line_rows(line: Line, numbers: dict[int, int], rows: int, *, markdown: bool) -> list[str]:
    """One line in at most `rows` rows: text shortened, references kept whole.
    Claims of a conflict are quoted whole or, when they do not fit, cited only."""
    esc = _md_escape if markdown else (lambda s: s)
    label = (f"**{esc(line.label)}**: " if markdown else f"{line.label}: ") if line.label else ""
    budget = rows * (MAX_WIDTH - 2) - len(label)
    tail = refs(line.docs, numbers, line.more)
    if line.parts:
        claims = " vs ".join(f"{esc(p.text)} {refs(p.docs, numbers)}" for p in line.parts)
        for room in range(budget - len(claims) - 2, min(len(line.text), 30) - 1, -8):
            topic = f"{esc(_shorten(line.text, room))}: " if line.text else ""
            rendered = _item(label + topic + claims, "", markdown=markdown)
            if len(rendered) <= rows:
                return rendered
    for room in range(budget - len(tail) - 1, 0, -8):
        rendered = _item(label + esc(_shorten(line.text, room)), tail, markdown=markdown)
        if len(rendered) <= rows:
            return rendered
    return _item(label + "…", tail, markdown=markdown)


def _item(body: str, tail: str, *, markdown: bool, refs_first: bool = False, bullet: bool = True) -> list[str]:
    text = f"{tail} {body}" if refs_first else (f"{body} {tail}" if tail else body)
    indent = "  " if bullet else ""
    wrapped = textwrap.wrap(
        text,
        width=MAX_WIDTH - 1,
        initial_indent="- " if bullet else "",
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=True,
    )
    if markdown:
        wrapped = [_guard_line_start(row, len(indent)) for row in wrapped]
    return wrapped


def _guard_line_start(row: str, indent: int) -> str:
    """Keep a wrapped row from starting a Markdown list, quote, heading or rule."""
    head, rest = row[:indent], row[indent:]
    m = _MD_LINE_START.match(rest)
    if not m:
        return row
    if m.group(1):
        return head + "\\" + rest
    return head + m.group(2) + "\\" + rest[len(m.group(2)) :]


def _shorten(text: str, limit: int) -> str:
    """Cut at a word boundary with an ellipsis; overlong words are cut too."""
    words = [w if len(w) <= 40 else w[:39] + "…" for w in text.split()]
    text = " ".join(words)
    if len(text) <= limit:
        return text
    if limit <= 1:
        return "…"
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    closing = "”" if cut.startswith("“") else ""
    cut = cut.rstrip(" ,;:-–—")
    return cut + "…" + closing if len(cut) + 1 + len(closing) <= limit else cut[: limit - 1] + "…"


# -------------------------------------------------------------------- PDF


def render_pdf(brief: Brief, paper: str = "a4") -> bytes:
    """Exactly one page, typeset by typst from the template and the brief as data."""
    if paper not in PAPERS:
        raise BriefError(f"Unknown paper size {paper!r}: use a4 or letter.")
    import typst

    results: dict[int, bytes] = {}

    def one_page(candidate: Brief) -> bool:
        compiler = typst.Compiler(
            input=str(TEMPLATE),
            root=str(TEMPLATE.parent),
            sys_inputs={"data": json.dumps(_pdf_data(candidate, paper), ensure_ascii=False)},
            ignore_system_fonts=True,
        )
        try:
            pdf = compiler.compile(format="pdf")
            pages = compiler.query("<brief-pages>", field="value", one=True)
        except (RuntimeError, typst.TypstError) as error:
            raise BriefError(f"Typesetting the PDF failed: {_clean(str(error))[:200]}.") from None
        results[id(candidate)] = pdf
        return int(json.loads(pages) if isinstance(pages, str) else pages) == 1

    fitted = _fit(brief, one_page)
    return results[id(fitted)]


def _pdf_data(brief: Brief, paper: str) -> dict:
    numbers = brief.numbers()

    def line(ln: Line) -> dict:
        return {
            "label": ln.label,
            "text": ln.text,
            "refs": "" if ln.parts else refs(ln.docs, numbers, ln.more),
            "parts": [{"text": _shorten(p.text, 90), "refs": refs(p.docs, numbers)} for p in ln.parts],
            "marked": ln.marked,
        }

    return {
        "paper": PAPERS[paper],
        "title": line(brief.title),
        "summary": line(brief.summary),
        "sections": [{"title": s.title, "items": [line(ln) for ln in s.lines]} for s in brief.sections if s.lines],
        "sources": [
            {"n": f"[{n}]", "title": s.title, "details": " · ".join([s.date, s.family, *s.notes])}
            for n, s in brief.sources()
        ],
    }


# ------------------------------------------------------------------ writing


_RENDERERS: dict[str, Callable[[Brief, str], bytes]] = {
    ".md": lambda b, paper: render_markdown(b).encode("utf-8"),
    ".txt": lambda b, paper: render_text(b).encode("utf-8"),
    ".pdf": render_pdf,
}


def write_brief(
    index: Index, path: str | os.PathLike[str], *, pins: Sequence[str] = (), paper: str = "a4", force: bool = False
) -> Path:
    """Write the brief in the format the suffix names; atomically, so a failure
    never leaves half a file, and never over an existing file unless `force`."""
    target = Path(path)
    render = _RENDERERS.get(target.suffix.lower())
    if render is None:
        raise BriefError(f"Cannot write {target}: the file name must end in .md, .txt or .pdf.")
    if paper not in PAPERS:
        raise BriefError(f"Cannot write {target}: unknown paper size {paper!r} (use a4 or letter).")
    if target.is_dir():
        raise BriefError(f"Cannot write {target}: it is a folder.")
    if not force and target.exists():
        raise BriefExists(f"{target} already exists; it was not overwritten.")
    parent = target.parent
    if not parent.is_dir():
        raise BriefError(f"Cannot write {target}: the folder {parent} does not exist.")
    data = render(compose_brief(index, pins), paper)
    _atomic_write(target, data, force=force)
    return target


def _atomic_write(target: Path, data: bytes, *, force: bool) -> None:
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if not force and target.exists():
            raise BriefExists(f"{target} already exists; it was not overwritten.")
        os.replace(temp, target)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise BriefError(f"Cannot write {target}: {reason}.") from None
    finally:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass
