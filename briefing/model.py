"""The plain data that flows between pipeline stages.

Every extracted item points back into `Document.text` through a `Span`; nothing
is shown that cannot be traced to the sentence it came from.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Granularity = Literal["day", "month", "year"]
ActorKind = Literal["person", "organization", "group", "place", "other"]
SpeakerKind = Literal["named", "anonymous", "unknown"]
ConflictKind = Literal[
    "quote-wording", "attribution", "number", "date", "naming", "document-date", "other"
]
DateSource = Literal["header", "content", "family", "none"]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Character offsets `[start, end)` into one document's text."""

    doc: int
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.doc == other.doc and self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.doc == other.doc and self.start < other.end and other.start < self.end

    def __reduce__(self) -> tuple[type[Span], tuple[int, int, int]]:
        # Worker processes send back hundreds of thousands of spans; pickled
        # as a constructor call they cost a third of the default slots state.
        return Span, (self.doc, self.start, self.end)


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A calendar date known to a day, a month or only a year."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def granularity(self) -> Granularity:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def truncate(self, granularity: Granularity) -> PartialDate:
        if granularity == "year":
            return PartialDate(self.year)
        if granularity == "month":
            return PartialDate(self.year, self.month)
        return self

    @classmethod
    def from_date(cls, value: dt.date, granularity: Granularity = "day") -> PartialDate:
        return cls(value.year, value.month, value.day).truncate(granularity)

    @classmethod
    def parse_iso(cls, text: str) -> PartialDate:
        parts = [int(p) for p in text.split("-")]
        return cls(*parts)

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True, slots=True)
class Document:
    """One report as read: `text` is the decoded file with newlines normalised.

    `paragraphs` and `sentences` are filled by the text stage; `family` by the
    families stage; `date` may be refined by dating through the corpus.
    """

    id: int
    path: str
    title: str
    text: str
    date: PartialDate | None = None
    date_source: DateSource = "none"
    date_span: Span | None = None
    header_date: PartialDate | None = None
    boilerplate: tuple[Span, ...] = ()
    warnings: tuple[str, ...] = ()
    language: str = "en"
    encoding: str = "utf-8"
    paragraphs: tuple[Span, ...] = ()
    sentences: tuple[Span, ...] = ()
    family: str | None = None

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    # `boilerplate` is sorted and disjoint (as the reader merges it), so one
    # bisect answers: a scraped page can hold thousands of furniture lines.
    def in_boilerplate(self, span: Span) -> bool:
        i = bisect.bisect_right(self.boilerplate, span.start, key=_start) - 1
        return i >= 0 and span.end <= self.boilerplate[i].end

    def touches_boilerplate(self, span: Span) -> bool:
        i = bisect.bisect_left(self.boilerplate, span.end, key=_start) - 1
        return i >= 0 and span.start < self.boilerplate[i].end


def _start(span: Span) -> int:
    return span.start


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that could not be read, and why, in one sentence."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: ActorKind
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    mentions: tuple[Span, ...]

    @property
    def documents(self) -> tuple[int, ...]:
        return tuple(sorted({m.doc for m in self.mentions}))


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a document and what it resolves to.

    `value` is None when the expression is relative and the document has no
    known date: it is then shown unresolved, never resolved against today.
    `end` is set for ranges ("2014-2015").
    """

    span: Span
    text: str
    value: PartialDate | None
    relative: bool
    anchor: PartialDate | None = None
    end: PartialDate | None = None


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    doc: int
    date: PartialDate | None
    date_text: str
    date_span: Span
    relative: bool
    anchor: PartialDate | None
    sentence: Span
    summary: str
    actors: tuple[str, ...] = ()
    cluster: str = ""
    end: PartialDate | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    doc: int
    text: str
    span: Span
    speaker: str | None
    speaker_kind: SpeakerKind
    speaker_actor: str | None = None
    speaker_span: Span | None = None
    confidence: float = 0.0
    group: str = ""


@dataclass(frozen=True, slots=True)
class Claim:
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Conflict:
    id: str
    kind: ConflictKind
    topic: str
    claims: tuple[Claim, ...]
    note: str = ""
    severity: int = 1


@dataclass(frozen=True, slots=True)
class Family:
    id: str
    documents: tuple[int, ...]
    similarity: float
    aligned: tuple[tuple[Span, Span], ...] = field(default=())
