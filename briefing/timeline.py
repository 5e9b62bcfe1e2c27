"""Dated events, and documents dated through the corpus.

A report's own date comes first from its header. Where there is none, it is
inferred from the report's story family (a rewrite or translation of a dated
wire story was published about when it was) or from what the report tells. A
header date that the report or its family contradicts is kept as
`header_date` but replaced, with a warning quoting both dates. Relative date
expressions are resolved only against the date finally chosen.

Every date expression becomes an event: the sentence carrying it, the actors
mentioned there, a short extractive summary. The same happening told by
several reports shares a cluster.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from briefing import dates
from briefing.dates import Expression
from briefing.model import Actor, DateMention, DateSource, Document, Event, Family, PartialDate, Span

# A header may trail what it reports by a few days (time zones, late updates).
HEADER_SLACK = dt.timedelta(days=3)
# Retellings of one story appear within weeks; a member dated a month before
# every other member of its family is suspect.
FAMILY_SPREAD = dt.timedelta(days=30)
SUMMARY_LIMIT = 160
# Two sentences tell the same happening when they share this many content
# stems carrying this share of the shorter one's weight (rare words weigh
# more). A date agreeing only on the year is weak support, so such pairs need
# the stricter pair of thresholds.
SAME_MIN_SHARED = 4
SAME_MIN_WEIGHT = 0.2
LOOSE_MIN_SHARED = 6
LOOSE_MIN_WEIGHT = 0.35
# Posting lists longer than this are words too common to suggest a match.
COMMON_POSTINGS = 200

_STOPWORDS = frozenset(
    """
    the and for that with from this have has had was were are been being which who whom whose what when
    where while their there they them then than into onto over under after before about against between
    through during without within also such some many most more much other others only very just said says
    say told tell according would could should will shall might must can may its his her hers our your
    not but yet nor any all each both either neither one two three four five six seven eight nine ten
    first second third last next year years month months week weeks day days time times since until
    january february march april june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday today yesterday tomorrow earlier later ago early late mid
    """.split()
)


# Family members consulted about a doubtful header date: a wire story retold by
# hundreds of outlets needs a few witnesses, not all of them.
FAMILY_WITNESSES = 8


def build_timeline(
    documents: Sequence[Document], families: Sequence[Family], actors: Sequence[Actor]
) -> tuple[list[Document], list[Event]]:
    expressions = {doc.id: dates.find_expressions(doc) for doc in documents}
    dated = date_documents(documents, families, expressions)
    mentions = {doc.id: dates.resolve_all(expressions[doc.id], doc.date) for doc in dated}
    events = extract_events(dated, mentions, actors)
    return dated, cluster_events(dated, events)


# ---------------------------------------------------------------------------
# Dating documents


@dataclass(frozen=True, slots=True)
class _Evidence:
    """Why a report cannot be older than `floor`, in words for a warning."""

    floor: PartialDate
    reason: str


def date_documents(
    documents: Sequence[Document],
    families: Sequence[Family],
    expressions: Mapping[int, Sequence[Expression]],
) -> list[Document]:
    """Check header dates and date undated reports from their content and their family."""
    by_id = {doc.id: doc for doc in documents}
    members = _family_members(documents, families)
    floors = {doc.id: _own_floor(expressions[doc.id]) for doc in documents}
    inferred = {doc.id: dates.content_date(expressions[doc.id]) for doc in documents}

    doubts: dict[int, _Evidence] = {}
    for doc in documents:
        if doc.header_date is None:
            continue
        own = _own_floor(expressions[doc.id], precise=True)
        evidence = _header_doubt(doc, own, members.get(doc.id, ()), by_id, expressions)
        if evidence is not None:
            doubts[doc.id] = evidence

    trusted = {doc.id: doc.header_date for doc in documents if doc.header_date is not None and doc.id not in doubts}
    result = []
    for doc in documents:
        if doc.id in trusted:
            kept = doc if doc.date == doc.header_date else replace(doc, date=doc.header_date, date_source="header")
            result.append(kept)
            continue
        doubt = doubts.get(doc.id)
        floor = max((e.floor for e in (doubt, floors[doc.id]) if e), key=lambda d: d.first_day(), default=None)
        date, source, note = _better_date(doc, floor, members.get(doc.id, ()), by_id, trusted, inferred, expressions)
        warnings = list(doc.warnings)
        if doubt is not None:
            assert doc.header_date is not None
            using = f"using {date.iso()} ({note})" if date else "its date is unknown"
            warnings.append(f"Header date {doc.header_date.iso()} is doubtful: {doubt.reason}; {using}.")
        elif date is not None:
            warnings.append(f"Date {date.iso()} is inferred from {note}; the report itself carries no date.")
        result.append(replace(doc, date=date, date_source=source, warnings=tuple(warnings)))
    return result


def _family_members(documents: Sequence[Document], families: Sequence[Family]) -> dict[int, tuple[int, ...]]:
    """The other reports in each report's story family."""
    groups: list[tuple[int, ...]] = [tuple(f.documents) for f in families if len(f.documents) > 1]
    if not groups:
        named: dict[str, list[int]] = defaultdict(list)
        for doc in documents:
            if doc.family:
                named[doc.family].append(doc.id)
        groups = [tuple(ids) for ids in named.values() if len(ids) > 1]
    members: dict[int, tuple[int, ...]] = {}
    for group in groups:
        for doc_id in group:
            members[doc_id] = tuple(d for d in group if d != doc_id)
    return members


def _own_floor(expressions: Sequence[Expression], precise: bool = False) -> _Evidence | None:
    latest = dates.past_bound(expressions, precise)
    if latest is None:
        return None
    value = latest.end or latest.value
    assert value is not None
    return _Evidence(value, f'the report itself describes {value.iso()} ("{latest.text}") as past')


def _header_doubt(
    doc: Document,
    own_floor: _Evidence | None,
    others: Sequence[int],
    by_id: Mapping[int, Document],
    expressions: Mapping[int, Sequence[Expression]],
) -> _Evidence | None:
    header = doc.header_date
    assert header is not None
    latest_possible = header.last_day() + HEADER_SLACK
    if own_floor is not None and own_floor.floor.first_day() > latest_possible:
        return own_floor
    told = _told_later(doc, latest_possible, others, by_id, expressions)
    if told is not None:
        return told
    other_dates = sorted(
        (d for d in (by_id[o].header_date for o in others) if d is not None), key=PartialDate.first_day
    )
    if len(other_dates) >= 2 and other_dates[0].first_day() > header.last_day() + FAMILY_SPREAD:
        earliest = other_dates[0]
        return _Evidence(earliest, f"every other report of its story family is dated {earliest.iso()} or later")
    return None


def _told_later(
    doc: Document,
    after: dt.date,
    others: Sequence[int],
    by_id: Mapping[int, Document],
    expressions: Mapping[int, Sequence[Expression]],
) -> _Evidence | None:
    """A happening that a family member dates after `after` and this report also tells."""
    later: list[tuple[PartialDate, Expression, Document]] = []
    witnesses: list[int] = []
    for other in others:
        if len(witnesses) == FAMILY_WITNESSES:
            break
        found = [
            (e.value, e, by_id[other])
            for e in expressions[other]
            if e.kind == "absolute" and e.past and e.value is not None and e.value.first_day() > after
        ]
        if found:
            later.extend(found)
            witnesses.append(other)
    if not later:
        return None
    others = witnesses
    own = [(_stems(doc.slice(s)), s) for s in _sentences(doc)]
    starts = [s.start for s in doc.sentences]
    calendar_parts = [
        (e.month, e.day, _sentence_of(doc, e.span, starts)) for e in expressions[doc.id] if e.relative and e.month
    ]
    weights = _Weights.of(
        [stems for stems, _ in own] + [_stems(by_id[o].slice(s)) for o in others for s in _sentences(by_id[o])]
    )
    best: tuple[PartialDate, Expression, Document] | None = None
    for value, e, other in later:
        told = _stems(other.slice(_sentence_of(other, e.span)))
        # A sentence that dates it the same way save the year ("in December")
        # needs less to be the same happening than one that does not date it.
        dated_alike = {s for month, day, s in calendar_parts if month == value.month and day in (None, value.day)}
        if any(weights.same(told, stems, loose=sentence not in dated_alike) for stems, sentence in own):
            if best is None or value.first_day() < best[0].first_day():
                best = (value, e, other)
    if best is None:
        return None
    value, e, other = best
    return _Evidence(value, f"the report tells of events dated {value.iso()} elsewhere "
                            f'("{e.text}" in {os.path.basename(other.path)})')


def _better_date(
    doc: Document,
    floor: PartialDate | None,
    others: Sequence[int],
    by_id: Mapping[int, Document],
    trusted: Mapping[int, PartialDate],
    inferred: Mapping[int, tuple[PartialDate, Expression] | None],
    expressions: Mapping[int, Sequence[Expression]],
) -> tuple[PartialDate | None, DateSource, str]:
    """The family's date, else one inferred from content, else none: never earlier than `floor`."""
    lowest = floor.first_day() if floor else dt.date.min

    def fits(date: PartialDate) -> bool:
        return date.last_day() >= lowest

    family = sorted(((trusted[d], d) for d in others if d in trusted and fits(trusted[d])), key=_earliest)
    if family:
        date, source_id = family[0]
        name = os.path.basename(by_id[source_id].path)
        return date, "family", f"its story family: {name} tells the same story and is dated {date.iso()}"
    own = dates.content_date(expressions[doc.id], floor) if floor else inferred[doc.id]
    if own is not None and fits(own[0]):
        date, peg = own
        after = floor.iso() if floor else "its other dates"
        return date, "content", f'its content: it tells of "{peg.text}" after {after}'
    family_inferred = sorted(
        ((found[0], d) for d in others if (found := inferred.get(d)) is not None and fits(found[0])), key=_earliest
    )
    if family_inferred:
        date, source_id = family_inferred[0]
        name = os.path.basename(by_id[source_id].path)
        return date, "family", f"its story family: {name} tells the same story and is dated {date.iso()} by its content"
    return None, "none", ""


# ---------------------------------------------------------------------------
# Events


def extract_events(
    documents: Sequence[Document], mentions: Mapping[int, Sequence[DateMention]], actors: Sequence[Actor]
) -> list[Event]:
    """One event per date mention: its sentence, the actors named there, a summary."""
    actor_spans = _actor_spans(actors)
    events: list[Event] = []
    for doc in documents:
        spans = actor_spans.get(doc.id, ([], []))
        starts = [s.start for s in doc.sentences]
        for mention in mentions.get(doc.id, ()):
            sentence = _clip(doc, _sentence_of(doc, mention.span, starts), mention.span)
            events.append(
                Event(
                    id=f"e{len(events) + 1}",
                    doc=doc.id,
                    date=mention.value,
                    date_text=mention.text,
                    date_span=mention.span,
                    relative=mention.relative,
                    anchor=mention.anchor,
                    sentence=sentence,
                    summary=summarise(doc.text, sentence, mention.span),
                    actors=_actors_in(spans, sentence),
                    end=mention.end,
                )
            )
    return events


def _actor_spans(actors: Sequence[Actor]) -> dict[int, tuple[list[int], list[tuple[int, str]]]]:
    by_doc: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for actor in actors:
        for m in actor.mentions:
            by_doc[m.doc].append((m.start, m.end, actor.id))
    result = {}
    for doc, items in by_doc.items():
        items.sort()
        result[doc] = ([s for s, _, _ in items], [(e, a) for _, e, a in items])
    return result


def _actors_in(spans: tuple[list[int], list[tuple[int, str]]], sentence: Span) -> tuple[str, ...]:
    starts, rest = spans
    i = bisect.bisect_left(starts, sentence.start)
    found: list[str] = []
    while i < len(starts) and starts[i] < sentence.end:
        end, actor = rest[i]
        if end <= sentence.end and actor not in found:
            found.append(actor)
        i += 1
    return tuple(found)


def _sentences(doc: Document) -> Iterable[Span]:
    if doc.sentences:
        return (s for s in doc.sentences if not doc.in_boilerplate(s))
    return (Span(doc.id, m.start(), m.end()) for m in re.finditer(r"(?m)^[^\n]*\S[^\n]*", doc.text))


def _sentence_of(doc: Document, span: Span, starts: Sequence[int] | None = None) -> Span:
    """The sentence holding a span, or its line when the report was not segmented.

    `starts` (the sentences' start offsets) saves rebuilding them for every span of one report.
    """
    if starts is None:
        starts = [s.start for s in doc.sentences]
    i = bisect.bisect_right(starts, span.start) - 1
    if i >= 0 and doc.sentences[i].end >= span.end:
        return doc.sentences[i]
    line_start = doc.text.rfind("\n", 0, span.start) + 1
    line_end = doc.text.find("\n", span.end)
    return Span(doc.id, line_start, len(doc.text) if line_end < 0 else line_end)


def _clip(doc: Document, sentence: Span, keep: Span) -> Span:
    """The sentence without any boilerplate it runs into."""
    start, end = sentence.start, sentence.end
    for b in doc.boilerplate:
        if b.end <= keep.start and b.end > start:
            start = b.end
        elif b.start >= keep.end and b.start < end:
            end = b.start
    while start < end and doc.text[start].isspace():
        start += 1
    while end > start and doc.text[end - 1].isspace():
        end -= 1
    return Span(doc.id, start, end)


_CLAUSE_BOUNDARY = re.compile(r"[,;:]\s+|\s[—–]\s+")


def summarise(text: str, sentence: Span, date_span: Span, limit: int = SUMMARY_LIMIT) -> str:
    """The sentence, or when it is long the words around the date, cut at clause
    boundaries where they fall close enough (extractive: nothing is reworded)."""
    chunk = text[sentence.start : sentence.end]
    if len(chunk) <= 4 * limit and len(" ".join(chunk.split())) <= limit:
        return " ".join(chunk.split())
    at, until = date_span.start - sentence.start, date_span.end - sentence.start
    start = max(0, min(at, until - limit // 3 * 2))
    end = min(len(chunk), start + limit)
    start = max(0, end - limit)
    # Only the clause boundaries between the window's start and the date matter;
    # scanning the whole sentence per date would be quadratic in a long list.
    boundaries = [m.end() for m in _CLAUSE_BOUNDARY.finditer(chunk, start, at + 3)]
    after_start = [b for b in boundaries if start <= b <= at and b - start < limit // 3]
    if after_start:
        start = after_start[-1]
    if start > 0 and not chunk[start - 1].isspace():
        start = chunk.find(" ", start) + 1 or start
    end = min(len(chunk), start + limit)
    if end < len(chunk):
        cut = chunk.rfind(" ", until, end)
        end = cut if cut > until else end
    piece = " ".join(chunk[start:end].split()).rstrip(",;:—– ")
    return ("…" if start > 0 else "") + piece + ("…" if end < len(chunk) else "")


# ---------------------------------------------------------------------------
# The same happening across reports


def cluster_events(documents: Sequence[Document], events: Sequence[Event]) -> list[Event]:
    """Give events that tell the same happening one cluster id ("t1", ...).

    Candidates agree on the date as far as both are precise (2024-12 with
    2024-12-08, 2024 only with 2024) and share enough content words. A
    cluster keeps its most precise date, so two different days never meet.
    """
    by_id = {doc.id: doc for doc in documents}
    # Stems once per sentence, less the date's own words: a sentence listing
    # thousands of dates is not stemmed thousands of times.
    of_sentence: dict[Span, frozenset[str]] = {}
    for e in events:
        if e.sentence not in of_sentence:
            of_sentence[e.sentence] = _stems(by_id[e.doc].slice(e.sentence))
    stems = [of_sentence[e.sentence] - _stems(e.date_text) for e in events]
    weights = _Weights.of(stems)
    cluster_of = list(range(len(events)))
    cluster_date: dict[int, PartialDate | None] = {i: e.date for i, e in enumerate(events)}
    # Candidates share the year and the month (or both lack one): a day and
    # its month can be the same happening; a bare year only another bare year.
    postings: dict[tuple[int, int | None, str], list[int]] = defaultdict(list)
    for i, e in enumerate(events):
        if e.date is None or len(stems[i]) < SAME_MIN_SHARED:
            continue
        shared: dict[int, int] = defaultdict(int)
        for stem in stems[i]:
            posting = postings[(e.date.year, e.date.month, stem)]
            if len(posting) <= COMMON_POSTINGS:
                for j in posting:
                    shared[j] += 1
            posting.append(i)
        best: tuple[float, int] | None = None
        for j, count in shared.items():
            other = events[j]
            if count < SAME_MIN_SHARED or other.sentence == e.sentence:
                continue
            root = cluster_of[j]
            root_date = cluster_date[root]
            if root_date is None or not _compatible(e.date, root_date):
                continue
            loose = e.date.granularity == "year" or root_date.granularity == "year"
            score = weights.score(stems[i], stems[j])
            if weights.same(stems[i], stems[j], loose) and (best is None or score > best[0]):
                best = (score, root)
        if best is not None:
            root = best[1]
            cluster_of[i] = root
            current = cluster_date[root]
            if current is None or _finer(e.date, current):
                cluster_date[root] = e.date
    names: dict[int, str] = {}
    result = []
    for i, e in enumerate(events):
        root = cluster_of[i]
        if root not in names:
            names[root] = f"t{len(names) + 1}"
        result.append(replace(e, cluster=names[root]))
    return result


def _earliest(item: tuple[PartialDate, int]) -> tuple[dt.date, int]:
    return item[0].first_day(), item[1]


def _compatible(a: PartialDate, b: PartialDate) -> bool:
    shorter = min(len(a.iso()), len(b.iso()))
    return a.iso()[:shorter] == b.iso()[:shorter]


def _finer(a: PartialDate, b: PartialDate) -> bool:
    return len(a.iso()) > len(b.iso())


def _stems(text: str) -> frozenset[str]:
    """Content words cut to a common stem: enough to see two wordings of one sentence."""
    words = re.findall(r"[^\W\d_]{3,}", text.lower())
    return frozenset(w[:6] for w in words if w not in _STOPWORDS)


@dataclass(frozen=True, slots=True)
class _Weights:
    """Inverse sentence frequency of stems: words every sentence shares say little."""

    idf: Mapping[str, float]
    unseen: float

    @classmethod
    def of(cls, sentences: Sequence[frozenset[str]]) -> _Weights:
        counts: dict[str, int] = defaultdict(int)
        for stems in sentences:
            for stem in stems:
                counts[stem] += 1
        total = len(sentences) + 1
        return cls({stem: math.log(total / n) for stem, n in counts.items()}, math.log(total))

    def weight(self, stems: Iterable[str]) -> float:
        return sum(self.idf.get(stem, self.unseen) for stem in stems)

    def score(self, a: frozenset[str], b: frozenset[str]) -> float:
        smaller = min(self.weight(a), self.weight(b))
        return self.weight(a & b) / smaller if smaller > 0 else 0.0

    def same(self, a: frozenset[str], b: frozenset[str], loose: bool = False) -> bool:
        """Whether two sentences tell the same happening."""
        shared, weight = (LOOSE_MIN_SHARED, LOOSE_MIN_WEIGHT) if loose else (SAME_MIN_SHARED, SAME_MIN_WEIGHT)
        return len(a & b) >= shared and self.score(a, b) >= weight
