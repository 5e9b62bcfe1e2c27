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
import itertools
import datetime as dt
import math
import operator
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

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
# A happening is joined through the sentences that share the most words with
# it: a sentence syndicated thousands of times is not compared with every copy.
CANDIDATES = 32

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
    documents: Sequence[Document],
    families: Sequence[Family],
    actors: Sequence[Actor],
    *,
    expressions: Mapping[int, Sequence[Expression]] | None = None,
    tellings: Mapping[int, Tellings] | None = None,
) -> tuple[list[Document], list[Event]]:
    """Date the documents and turn their date expressions into clustered events.

    `expressions` (by document id) are the reports' `dates.find_expressions`,
    and `tellings` their `report_tellings`, when already worked out elsewhere
    (in worker processes); otherwise they are worked out here.
    """
    if expressions is None:
        expressions = {doc.id: dates.find_expressions(doc) for doc in documents}
    words = WordStems()
    dated = date_documents(documents, families, expressions, words)
    mentions = {doc.id: dates.resolve_all(expressions[doc.id], doc.date) for doc in dated}
    if tellings is None:
        tellings = {doc.id: report_tellings(doc, expressions[doc.id], words) for doc in documents}
    return dated, extract_events(dated, mentions, actors, expressions, tellings)


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
    words: WordStems | None = None,
) -> list[Document]:
    """Check header dates and date undated reports from their content and their family."""
    by_id = {doc.id: doc for doc in documents}
    family = _Families.build(documents, families, expressions, WordStems() if words is None else words)
    floors = {doc.id: _own_floor(expressions[doc.id]) for doc in documents}
    inferred = {doc.id: dates.content_date(expressions[doc.id]) for doc in documents}

    doubts: dict[int, _Evidence] = {}
    headers = family.ranked({doc.id: doc.header_date for doc in documents if doc.header_date is not None})
    for doc in documents:
        if doc.header_date is None:
            continue
        own = _own_floor(expressions[doc.id], precise=True)
        evidence = _header_doubt(doc, own, family, headers, by_id, expressions)
        if evidence is not None:
            doubts[doc.id] = evidence

    trusted = {doc.id: doc.header_date for doc in documents if doc.header_date is not None and doc.id not in doubts}
    ranked_trusted = family.ranked(trusted)
    ranked_inferred = family.ranked({d: found[0] for d, found in inferred.items() if found is not None})
    result = []
    for doc in documents:
        if doc.id in trusted:
            kept = doc if doc.date == doc.header_date else replace(doc, date=doc.header_date, date_source="header")
            result.append(kept)
            continue
        doubt = doubts.get(doc.id)
        floor = max((e.floor for e in (doubt, floors[doc.id]) if e), key=lambda d: d.first_day(), default=None)
        date, source, note = _better_date(doc, floor, family, ranked_trusted, ranked_inferred, by_id, inferred, expressions)
        warnings = list(doc.warnings)
        if doubt is not None:
            assert doc.header_date is not None
            using = f"using {date.iso()} ({note})" if date else "its date is unknown"
            warnings.append(f"Header date {doc.header_date.iso()} is doubtful: {doubt.reason}; {using}.")
        elif date is not None:
            warnings.append(f"Date {date.iso()} is inferred from {note}; the report itself carries no date.")
        result.append(replace(doc, date=date, date_source=source, warnings=tuple(warnings)))
    return result


class _Ranked(NamedTuple):
    """A family's dated members, earliest first; the last day each date may
    mean; and the latest of those among the first so many members."""

    items: list[tuple[PartialDate, int]]
    last: list[dt.date]
    reach: list[dt.date]

    @classmethod
    def of(cls, items: list[tuple[PartialDate, int]]) -> _Ranked:
        last = [date.last_day() for date, _ in items]
        return cls(items, last, list(itertools.accumulate(last, max)))


@dataclass(frozen=True, slots=True)
class _Families:
    """Story families as date_documents asks about them. A wire story retold
    by thousands of outlets is never walked once per member: dates are ranked
    once per family, and witnesses found once per family and date."""

    groups: Sequence[tuple[int, ...]]
    group_of: Mapping[int, int]
    latest_past: Mapping[int, dt.date]
    witnesses_after: dict[tuple[int, dt.date], tuple[int, ...]] = field(default_factory=dict, compare=False)
    words: WordStems = field(default_factory=lambda: WordStems(), compare=False)
    # The same few witnesses serve most of a family: their sentences are stemmed
    # once, their stems counted once, and what they date later read once.
    stemmed: dict[int, list[tuple[frozenset[str], Span]]] = field(default_factory=dict, compare=False)
    counted: dict[tuple[int, ...], _Counts] = field(default_factory=dict, compare=False)
    dated_past: dict[int, list[tuple[dt.date, _Later]]] = field(default_factory=dict, compare=False)

    @classmethod
    def build(
        cls,
        documents: Sequence[Document],
        families: Sequence[Family],
        expressions: Mapping[int, Sequence[Expression]],
        words: WordStems,
    ) -> _Families:
        groups: list[tuple[int, ...]] = [tuple(f.documents) for f in families if len(f.documents) > 1]
        if not groups:
            named: dict[str, list[int]] = defaultdict(list)
            for doc in documents:
                if doc.family:
                    named[doc.family].append(doc.id)
            groups = [tuple(ids) for ids in named.values() if len(ids) > 1]
        group_of = {doc_id: n for n, group in enumerate(groups) for doc_id in group}
        latest_past = {
            doc_id: max(e.value.first_day() for e in past)
            for doc_id, found in expressions.items()
            if (past := [e for e in found if e.kind == "absolute" and e.past and e.value is not None])
        }
        return cls(groups, group_of, latest_past, words=words)

    def ranked(self, dates: Mapping[int, PartialDate]) -> list[_Ranked]:
        """Each family's dated members, earliest first."""
        return [
            _Ranked.of(sorted(((dates[d], d) for d in group if d in dates), key=_earliest))
            for group in self.groups
        ]

    def others(self, doc_id: int, ranked: Sequence[_Ranked]) -> Iterator[tuple[PartialDate, int]]:
        """The ranked dates of the report's family, the report itself left out,
        read lazily: callers want the first one or two."""
        n = self.group_of.get(doc_id)
        return iter(()) if n is None else (item for item in ranked[n].items if item[1] != doc_id)

    def first_fitting(self, doc_id: int, ranked: Sequence[_Ranked], lowest: dt.date) -> tuple[PartialDate, int] | None:
        """The first of the report's family's ranked dates (the report itself
        left out) whose last day is `lowest` or later. Those before the first
        member reaching that far are passed over at once: a family of
        thousands is not read member by member for each of its members."""
        n = self.group_of.get(doc_id)
        if n is None:
            return None
        items, last, reach = ranked[n]
        for i in range(bisect.bisect_left(reach, lowest), len(items)):
            if last[i] >= lowest and items[i][1] != doc_id:
                return items[i]
        return None

    def witnesses(self, doc_id: int, after: dt.date) -> tuple[int, ...]:
        """The first family members that tell of something dated after `after`."""
        n = self.group_of.get(doc_id)
        if n is None:
            return ()
        key = (n, after)
        if key not in self.witnesses_after:
            told = (d for d in self.groups[n] if d in self.latest_past and self.latest_past[d] > after)
            self.witnesses_after[key] = tuple(itertools.islice(told, FAMILY_WITNESSES + 1))
        return tuple(d for d in self.witnesses_after[key] if d != doc_id)[:FAMILY_WITNESSES]

    def witness_counts(self, witnesses: tuple[int, ...], by_id: Mapping[int, Document]) -> _Counts:
        """How many of the witnesses' sentences hold each stem, and how many sentences they have."""
        if witnesses not in self.counted:
            sentences = [stems for o in witnesses for stems, _ in _sentence_stems(by_id[o], self)]
            self.counted[witnesses] = _Counts(Counter(itertools.chain.from_iterable(sentences)), len(sentences))
        return self.counted[witnesses]

    def told_after(
        self,
        witnesses: tuple[int, ...],
        after: dt.date,
        by_id: Mapping[int, Document],
        expressions: Mapping[int, Sequence[Expression]],
    ) -> list[_Later]:
        """The witnesses' past dates later than `after`, each with its sentence's stems."""
        return [
            told for other in witnesses for first, told in self._dated_past(by_id[other], expressions) if first > after
        ]

    def _dated_past(self, doc: Document, expressions: Mapping[int, Sequence[Expression]]) -> list[tuple[dt.date, _Later]]:
        """The past dates a report tells of, by their first day."""
        if doc.id not in self.dated_past:
            self.dated_past[doc.id] = [
                (e.value.first_day(), _Later(e.value, e, doc, _stems(doc.slice(_sentence_of(doc, e.span)), self.words)))
                for e in expressions[doc.id]
                if e.kind == "absolute" and e.past and e.value is not None
            ]
        return self.dated_past[doc.id]


class _Later(NamedTuple):
    """A date a witness tells of, and the stems of the sentence telling it."""

    value: PartialDate
    expression: Expression
    witness: Document
    stems: frozenset[str]


class _Counts(NamedTuple):
    """How many sentences hold each stem, and how many sentences there are."""

    holding: Mapping[str, int]
    sentences: int


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
    family: _Families,
    headers: Sequence[_Ranked],
    by_id: Mapping[int, Document],
    expressions: Mapping[int, Sequence[Expression]],
) -> _Evidence | None:
    header = doc.header_date
    assert header is not None
    latest_possible = header.last_day() + HEADER_SLACK
    if own_floor is not None and own_floor.floor.first_day() > latest_possible:
        return own_floor
    witnesses = family.witnesses(doc.id, latest_possible)
    told = _told_later(doc, latest_possible, witnesses, by_id, expressions, family)
    if told is not None:
        return told
    other_dates = list(itertools.islice(family.others(doc.id, headers), 2))
    if len(other_dates) >= 2 and other_dates[0][0].first_day() > header.last_day() + FAMILY_SPREAD:
        earliest = other_dates[0][0]
        return _Evidence(earliest, f"every other report of its story family is dated {earliest.iso()} or later")
    return None


def _told_later(
    doc: Document,
    after: dt.date,
    witnesses: tuple[int, ...],
    by_id: Mapping[int, Document],
    expressions: Mapping[int, Sequence[Expression]],
    family: _Families,
) -> _Evidence | None:
    """A happening that a family member dates after `after` and this report also tells."""
    later = family.told_after(witnesses, after, by_id, expressions)
    if not later:
        return None
    own = _sentence_stems(doc, family)
    starts = [s.start for s in doc.sentences]
    calendar_parts = [
        (e.month, e.day, _sentence_of(doc, e.span, starts)) for e in expressions[doc.id] if e.relative and e.month
    ]
    # Weighed over this report's sentences and its witnesses': the witnesses'
    # stems, shared by most of a family, are counted once for all of it.
    own_stems = [stems for stems, _ in own]
    weights = _Weights.of(own_stems, family.witness_counts(witnesses, by_id))
    best: tuple[PartialDate, Expression, Document] | None = None
    for value, e, other, told in later:
        # A sentence that dates it the same way save the year ("in December")
        # needs less to be the same happening than one that does not date it.
        dated_alike = {s for month, day, s in calendar_parts if month == value.month and day in (None, value.day)}
        # Most sentences share too few words to be weighed: they are passed over in C.
        sharing = itertools.compress(own, map(_ENOUGH_SHARED, map(len, map(told.__and__, own_stems))))
        if any(weights.same(told, stems, loose=sentence not in dated_alike) for stems, sentence in sharing):
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
    family: _Families,
    family_trusted: Sequence[_Ranked],
    family_inferred: Sequence[_Ranked],
    by_id: Mapping[int, Document],
    inferred: Mapping[int, tuple[PartialDate, Expression] | None],
    expressions: Mapping[int, Sequence[Expression]],
) -> tuple[PartialDate | None, DateSource, str]:
    """The family's date, else one inferred from content, else none: never earlier than `floor`."""
    lowest = floor.first_day() if floor else dt.date.min
    dated = family.first_fitting(doc.id, family_trusted, lowest)
    if dated is not None:
        date, source_id = dated
        name = os.path.basename(by_id[source_id].path)
        return date, "family", f"its story family: {name} tells the same story and is dated {date.iso()}"
    own = dates.content_date(expressions[doc.id], floor) if floor else inferred[doc.id]
    if own is not None and own[0].last_day() >= lowest:
        date, peg = own
        after = floor.iso() if floor else "its other dates"
        return date, "content", f'its content: it tells of "{peg.text}" after {after}'
    told = family.first_fitting(doc.id, family_inferred, lowest)
    if told is not None:
        date, source_id = told
        name = os.path.basename(by_id[source_id].path)
        return date, "family", f"its story family: {name} tells the same story and is dated {date.iso()} by its content"
    return None, "none", ""


# ---------------------------------------------------------------------------
# Events


def extract_events(
    documents: Sequence[Document],
    mentions: Mapping[int, Sequence[DateMention]],
    actors: Sequence[Actor],
    expressions: Mapping[int, Sequence[Expression]],
    tellings: Mapping[int, Tellings],
) -> list[Event]:
    """One event per date mention: its sentence, the actors named there, a
    summary, and the cluster of the happening it tells (see _clusters).
    `tellings` are the reports' `report_tellings` of their `expressions`."""
    actor_spans = _actor_spans(actors)
    told: list[_Told] = []
    # Keyed by the joined stems: a string keeps its hash, a span computes it.
    stems_of: dict[str, frozenset[str]] = {}
    for doc in documents:
        telling = tellings[doc.id]
        spotted = expressions[doc.id]
        k = 0
        # Mentions are some of the expressions, resolved, in the same order.
        for mention in mentions.get(doc.id, ()):
            while spotted[k].span != mention.span:
                k += 1
            joined = telling.stems[k]
            if joined not in stems_of:
                stems_of[joined] = frozenset(joined.split())
            told.append(_Told(doc.id, mention, telling.sentences[k], telling.summaries[k], stems_of[joined]))
            k += 1
    clusters = _clusters(told)
    events: list[Event] = []
    for t, cluster in zip(told, clusters):
        mention = t.mention
        events.append(
            Event(
                id=f"e{len(events) + 1}",
                doc=t.doc,
                date=mention.value,
                date_text=mention.text,
                date_span=mention.span,
                relative=mention.relative,
                anchor=mention.anchor,
                sentence=t.sentence,
                summary=t.summary,
                actors=_actors_in(actor_spans.get(t.doc, ([], [])), t.sentence),
                cluster=cluster,
                end=mention.end,
            )
        )
    return events


class _Told(NamedTuple):
    """A date mention in its sentence, before it is an event."""

    doc: int
    mention: DateMention
    sentence: Span
    summary: str
    stems: frozenset[str]


@dataclass(frozen=True, slots=True)
class Tellings:
    """Where each of one report's date expressions is told, worked out from the
    report alone (in worker processes): the sentence, less any boilerplate it
    runs into; a summary of it around the date; and the sentence's content
    stems (see _stems) in text order, joined by spaces, since a string pickles
    far cheaper than a set. All three follow the order of the expressions."""

    sentences: tuple[Span, ...]
    summaries: tuple[str, ...]
    stems: tuple[str, ...]


def report_tellings(doc: Document, expressions: Sequence[Expression], words: WordStems | None = None) -> Tellings:
    """Where one report tells each of its date `expressions`; `words` is a
    cache of stemmed words that any number of reports may share."""
    words = WordStems() if words is None else words
    starts = [s.start for s in doc.sentences]
    # Expressions of one sentence share its span and stems, so they pickle once.
    stemmed: dict[Span, tuple[Span, str]] = {}
    sentences: list[Span] = []
    summaries: list[str] = []
    stems: list[str] = []
    for e in expressions:
        sentence = _clip(doc, _sentence_of(doc, e.span, starts), e.span)
        if sentence not in stemmed:
            stemmed[sentence] = (sentence, " ".join(dict.fromkeys(_stem_words(doc.slice(sentence), words))))
        sentence, joined = stemmed[sentence]
        sentences.append(sentence)
        summaries.append(summarise(doc.text, sentence, e.span))
        stems.append(joined)
    return Tellings(tuple(sentences), tuple(summaries), tuple(stems))


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


def _sentence_stems(doc: Document, family: _Families) -> list[tuple[frozenset[str], Span]]:
    stemmed = family.stemmed
    if doc.id not in stemmed:
        stemmed[doc.id] = [(_stems(doc.slice(s), family.words), s) for s in _sentences(doc)]
    return stemmed[doc.id]


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
    if len(chunk) <= 4 * limit:
        whole = " ".join(chunk.split())
        if len(whole) <= limit:
            return whole
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


def _clusters(told: Sequence[_Told]) -> list[str]:
    """The cluster id ("t1", ...) of each date mention: mentions telling the
    same happening share one.

    Candidates agree on the date as far as both are precise (2024-12 with
    2024-12-08, 2024 only with 2024) and share enough content words. A
    cluster keeps its most precise date, so two different days never meet.
    """
    # Stems less the date's own words. Equal stem sets are made one object, so
    # a sentence syndicated to thousands of reports is weighed and compared as one.
    words = WordStems()
    of_date = {text: _stems(text, words) for text in {t.mention.text for t in told}}
    one_of: dict[frozenset[str], frozenset[str]] = {}
    stems = [one_of.setdefault(found, found) for found in (t.stems - of_date[t.mention.text] for t in told)]
    # Sentences as small ints: comparing two spans field by field costs more.
    sentence_ids: dict[Span, int] = {}
    joining = _Joining(
        stems,
        [sentence_ids.setdefault(t.sentence, len(sentence_ids)) for t in told],
        _Weights.of(stems),
        list(range(len(told))),
        {i: t.mention.value for i, t in enumerate(told)},
    )
    # Candidates share the year and the month (or both lack one): a day and
    # its month can be the same happening; a bare year only another bare year.
    postings = _Postings()
    for i, t in enumerate(told):
        date = t.mention.value
        if date is None or len(stems[i]) < SAME_MIN_SHARED:
            continue
        # Read in sorted order: a set of strings iterates in an order that
        # changes with the hash seed, and the order candidates are met in
        # breaks ties between them.
        candidates = _closest(postings.add(i, (date.year, date.month), sorted(stems[i])))
        if candidates:
            joining.join(i, date, candidates)
    names: dict[int, str] = {}
    for root in joining.cluster_of:
        if root not in names:
            names[root] = f"t{len(names) + 1}"
    return [names[root] for root in joining.cluster_of]


@dataclass(frozen=True, slots=True)
class _Joining:
    """Mentions joined to the clusters of earlier ones, as _clusters goes."""

    stems: Sequence[frozenset[str]]
    sentence: Sequence[int]
    weights: _Weights
    # A mention's cluster is the index of its first mention (its root).
    cluster_of: list[int]
    # A cluster's most precise date so far.
    cluster_date: dict[int, PartialDate | None]

    def join(self, i: int, date: PartialDate, candidates: Sequence[int]) -> None:
        """Join mention i to the cluster of the candidate whose sentence
        matches its own best (the first of equals), if any matches."""
        root = self._best_root(i, date, candidates)
        if root is not None:
            self.cluster_of[i] = root
            current = self.cluster_date[root]
            if current is None or _finer(date, current):
                self.cluster_date[root] = date

    def _best_root(self, i: int, date: PartialDate, candidates: Sequence[int]) -> int | None:
        cluster_of, sentence, stems, weights = self.cluster_of, self.sentence, self.stems, self.weights
        loose_of = {root: _loose(date, self.cluster_date[root]) for root in set(map(cluster_of.__getitem__, candidates))}
        fitting = [root for root, loose in loose_of.items() if loose is not None]
        own, told = stems[i], sentence[i]
        if len(fitting) == 1:
            # One cluster on offer: any match joins it, the best needs no finding.
            root = fitting[0]
            loose = loose_of[root]
            tried: set[frozenset[str]] = set()
            for j in candidates:
                if cluster_of[j] == root and sentence[j] != told and stems[j] not in tried:
                    if weights.match(own, stems[j], loose) is not None:
                        return root
                    tried.add(stems[j])
            return None
        judged: dict[tuple[frozenset[str], bool], float | None] = {}
        best: tuple[float, int] | None = None
        for j in candidates:
            if sentence[j] == told:
                continue
            root = cluster_of[j]
            loose = loose_of[root]
            if loose is None:
                continue
            key = (stems[j], loose)
            if key not in judged:
                judged[key] = weights.match(own, stems[j], loose)
            score = judged[key]
            if score is not None and (best is None or score > best[0]):
                best = (score, root)
        return None if best is None else best[1]


class _Posting:
    """The events holding one or more (year, month, stem) keys: keys whose
    events are the same share one posting, so a sentence retold thousands of
    times is read once per event for all its common words, not once per word."""

    __slots__ = ("events", "keys")

    def __init__(self, events: list[int], keys: int) -> None:
        self.events: list[int] | None = events  # None once too common to suggest a match
        self.keys = keys


class _Postings:
    """Posting lists of (year, month, stem) keys, each a list of events."""

    def __init__(self) -> None:
        self.of: dict[tuple[int, int | None], dict[str, _Posting]] = {}

    def add(self, i: int, month: tuple[int, int | None], stems: Iterable[str]) -> Counter[int]:
        """Count the stems each earlier event of the same year and month shares
        with event i (through the postings not too common to suggest a match),
        in the order the stems' postings meet them; then post event i."""
        of = self.of.setdefault(month, {})
        met: dict[_Posting, list[str]] = {}
        new: list[str] = []
        for stem in stems:
            posting = of.get(stem)
            if posting is None:
                new.append(stem)
            elif posting.events is not None:
                met.setdefault(posting, []).append(stem)
        shared = Counter(itertools.chain.from_iterable(posting.events for posting in met))  # type: ignore[misc]
        for posting, held in met.items():
            events = posting.events
            assert events is not None
            if len(held) > 1:
                # shared[j] += len(held) - 1 for each of its events, in C.
                more = map(operator.add, map(shared.__getitem__, events), itertools.repeat(len(held) - 1))
                dict.update(shared, zip(events, more))
            if len(held) == posting.keys:
                events.append(i)
                if len(events) > COMMON_POSTINGS:
                    posting.events = None
            else:
                # Some of its stems are not event i's: they part ways.
                posting.keys -= len(held)
                apart = _Posting(events + [i], len(held))
                if len(events) >= COMMON_POSTINGS:
                    apart.events = None
                for stem in held:
                    of[stem] = apart
        if new:
            fresh = _Posting([i], len(new))
            for stem in new:
                of[stem] = fresh
        return shared


# `count >= SAME_MIN_SHARED` as a built-in method: it filters millions of counts without a Python frame each.
_ENOUGH_SHARED = (SAME_MIN_SHARED - 1).__lt__


def _closest(shared: Mapping[int, int]) -> list[int]:
    """The candidates sharing enough words, at most CANDIDATES of those sharing
    the most, in the order they were met."""
    found = list(itertools.compress(shared, map(_ENOUGH_SHARED, shared.values())))
    if len(found) <= CANDIDATES:
        return found
    # A stable sort keeps the first met of equals, as heapq.nlargest does.
    chosen = set(sorted(found, key=shared.__getitem__, reverse=True)[:CANDIDATES])
    return list(filter(chosen.__contains__, found))


def _loose(date: PartialDate, root_date: PartialDate | None) -> bool | None:
    """Whether a date and a cluster's date need the looser match (one is a bare
    year), or None when they cannot be the same happening."""
    if root_date is None or not _compatible(date, root_date):
        return None
    return date.granularity == "year" or root_date.granularity == "year"


def _earliest(item: tuple[PartialDate, int]) -> tuple[dt.date, int]:
    return item[0].first_day(), item[1]


def _compatible(a: PartialDate, b: PartialDate) -> bool:
    """The same as far as both are precise."""
    if a.year != b.year:
        return False
    if a.month is None or b.month is None or a.month != b.month:
        return a.month is None or b.month is None
    return a.day is None or b.day is None or a.day == b.day


def _finer(a: PartialDate, b: PartialDate) -> bool:
    return _precision(a) > _precision(b)


def _precision(date: PartialDate) -> int:
    return (date.month is not None) + (date.day is not None)


_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}")


def _stems(text: str, words: WordStems | None = None) -> frozenset[str]:
    """Content words cut to a common stem: enough to see two wordings of one sentence."""
    return frozenset(_stem_words(text, WordStems() if words is None else words))


def _stem_words(text: str, words: WordStems) -> Iterator[str]:
    """The stems of a text's content words in text order, repeats included."""
    return filter(None, map(words.__getitem__, _CONTENT_WORD.findall(text.lower())))


class WordStems(dict[str, str]):
    """A lowercased content word -> its stem, or "" for a stopword: each
    distinct word is looked at once by whoever stems many sentences."""

    def __missing__(self, word: str) -> str:
        stem = self[word] = "" if word in _STOPWORDS else word[:6]
        return stem


class _Idf(dict[str, float]):
    """Inverse sentence frequency of each stem, worked out when first asked for:
    most stems of a sentence never share enough with another to be weighed."""

    def __init__(self, holding: Sequence[Mapping[str, int]], total: int) -> None:
        super().__init__()
        self.holding = holding
        self.total = total

    def __missing__(self, stem: str) -> float:
        n = sum(counts.get(stem, 0) for counts in self.holding)
        value = self[stem] = math.log(self.total / n) if n else math.log(self.total)
        return value


@dataclass(frozen=True, slots=True)
class _Weights:
    """Inverse sentence frequency of stems: words every sentence shares say little."""

    idf: _Idf
    # A sentence compared with many others is weighed once.
    weighed: dict[frozenset[str], float] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, sentences: Sequence[frozenset[str]], more: _Counts | None = None) -> _Weights:
        """Weights over the sentences, and the sentences `more` counts if given."""
        holding: list[Mapping[str, int]] = [Counter(itertools.chain.from_iterable(sentences))]
        total = len(sentences) + 1
        if more is not None:
            holding.append(more.holding)
            total += more.sentences
        return cls(_Idf(holding, total))

    def weight(self, stems: Iterable[str]) -> float:
        # A set of strings is iterated in an order that changes with the hash
        # seed; an exactly rounded sum keeps equal scores equal from run to run.
        return math.fsum(map(self.idf.__getitem__, stems))

    def match(self, a: frozenset[str], b: frozenset[str], loose: bool = False) -> float | None:
        """How much two sentences share, if enough to tell the same happening."""
        shared, least = (LOOSE_MIN_SHARED, LOOSE_MIN_WEIGHT) if loose else (SAME_MIN_SHARED, SAME_MIN_WEIGHT)
        both = a & b
        if len(both) < shared:
            return None
        smaller = min(self._whole(a), self._whole(b))
        score = self.weight(both) / smaller if smaller > 0 else 0.0
        return score if score >= least else None

    def same(self, a: frozenset[str], b: frozenset[str], loose: bool = False) -> bool:
        """Whether two sentences tell the same happening."""
        return self.match(a, b, loose) is not None

    def _whole(self, stems: frozenset[str]) -> float:
        found = self.weighed.get(stems)
        if found is None:
            found = self.weighed[stems] = self.weight(stems)
        return found
