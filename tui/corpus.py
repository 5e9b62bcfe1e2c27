"""What the app knows about a loaded corpus: the index, its search, pane orders
and the plain-text facts about any item (its kind, sources, label, reference).

Plain Python over the engine's data; the widgets only ask questions of it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, Union

from briefing.index import Index
from briefing.model import Actor, Conflict, Document, Event, Quote, Span
from briefing.search import Searcher

Item = Union[Actor, Event, Quote, Conflict]
Kind = Literal["actor", "event", "quote", "conflict"]
KINDS: tuple[Kind, ...] = ("actor", "event", "quote", "conflict")
KIND_TITLES = {"actor": "Actors", "event": "Timeline", "quote": "Quotes", "conflict": "Conflicts"}
KIND_NAMES = {"actor": "Actor", "event": "Event", "quote": "Quote", "conflict": "Conflict"}
MAX_COPIED = 10


def kind_of(item: Item) -> Kind:
    if isinstance(item, Actor):
        return "actor"
    if isinstance(item, Event):
        return "event"
    if isinstance(item, Quote):
        return "quote"
    return "conflict"


def ref(doc_id: int) -> str:
    """How a report is cited on screen: [1] is the first report read (the brief
    numbers only the reports it cites)."""
    return f"[{doc_id + 1}]"


def one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Corpus:
    paths: tuple[str, ...]
    index: Index
    searcher: Searcher = field(repr=False)

    @classmethod
    def build(cls, paths: Sequence[str], index: Index) -> Corpus:
        return cls(tuple(paths), index, index.searcher)

    def prepare(self) -> int:
        """Compute the orders and lookups up front (in the loading worker, not
        on the first keystroke that needs them); returns how many items are ready."""
        return len(self._positions) + len(self._supports) + len(self._clusters) + len(self._quote_groups)

    def item(self, item_id: str) -> Item | None:
        found = self.index.by_id.get(item_id)
        return found if isinstance(found, (Actor, Event, Quote, Conflict)) else None

    def items(self, kind: Kind) -> tuple[Item, ...]:
        """A pane's items in their reading order."""
        return self._orders[kind]

    def select(self, ids: Collection[str]) -> dict[Kind, list[Item]]:
        """The items named by `ids`, by kind, each list in its pane's order.
        A few ids are looked up; many are met by one pass over the panes."""
        if len(ids) * 4 > len(self._positions):
            wanted = ids if isinstance(ids, (set, frozenset)) else set(ids)
            return {kind: [item for item in self._orders[kind] if item.id in wanted] for kind in KINDS}
        positions: dict[Kind, list[int]] = {kind: [] for kind in KINDS}
        where = self._positions
        for item_id in ids:
            found = where.get(item_id)
            if found is not None:
                positions[found[0]].append(found[1])
        return {kind: [self._orders[kind][n] for n in sorted(found)] for kind, found in positions.items()}

    @cached_property
    def _positions(self) -> dict[str, tuple[Kind, int]]:
        return {item.id: (kind, n) for kind in KINDS for n, item in enumerate(self._orders[kind])}

    @cached_property
    def _orders(self) -> dict[Kind, tuple[Item, ...]]:
        index = self.index

        def actor_key(actor: Actor) -> tuple:
            reports, families = self.support(actor)
            return (-families, -reports, -len(actor.mentions), actor.name.casefold())

        return {
            "actor": tuple(sorted(index.actors, key=actor_key)),
            "event": tuple(
                sorted(
                    index.events,
                    key=lambda e: (e.date is None, e.date.first_day() if e.date else None, e.doc, e.sentence.start),
                )
            ),
            "quote": tuple(sorted(index.quotes, key=lambda q: (q.doc, q.span.start))),
            "conflict": tuple(sorted(index.conflicts, key=lambda c: -c.severity)),
        }

    @cached_property
    def _clusters(self) -> dict[str, tuple[Event, ...]]:
        groups: dict[str, list[Event]] = defaultdict(list)
        for event in self.index.events:
            if event.cluster:
                groups[event.cluster].append(event)
        return {k: tuple(v) for k, v in groups.items()}

    @cached_property
    def _quote_groups(self) -> dict[str, tuple[Quote, ...]]:
        groups: dict[str, list[Quote]] = defaultdict(list)
        for quote in self.index.quotes:
            if quote.group:
                groups[quote.group].append(quote)
        return {k: tuple(v) for k, v in groups.items()}

    def same_event(self, event: Event) -> tuple[Event, ...]:
        """The event as reported elsewhere (its cluster), the event itself included."""
        return self._clusters.get(event.cluster, (event,)) if event.cluster else (event,)

    def same_quote(self, quote: Quote) -> tuple[Quote, ...]:
        return self._quote_groups.get(quote.group, (quote,)) if quote.group else (quote,)

    def spans(self, item: Item) -> tuple[Span, ...]:
        """The source spans behind an item, one per place it was read."""
        if isinstance(item, Actor):
            return item.mentions
        if isinstance(item, Event):
            return (item.sentence, *(e.sentence for e in self.same_event(item) if e is not item))
        if isinstance(item, Quote):
            return (item.span, *(q.span for q in self.same_quote(item) if q is not item))
        return tuple(claim.span for claim in item.claims)

    def documents_of(self, item: Item) -> tuple[int, ...]:
        return tuple(sorted({span.doc for span in self.spans(item)}))

    def support(self, item: Item) -> tuple[int, int]:
        """(reports, independent story families) behind an item."""
        return self._supports[item.id]

    @cached_property
    def _supports(self) -> dict[str, tuple[int, int]]:
        index = self.index
        supports: dict[str, tuple[int, int]] = {}
        for item in (*index.actors, *index.events, *index.quotes, *index.conflicts):
            reports, families = index.support(self.documents_of(item))
            supports[item.id] = (reports, families)
        return supports

    def document(self, doc_id: int) -> Document:
        return self.index.documents[doc_id]

    def doubtful(self, event: Event) -> bool:
        """A date to check before passing on: unresolved, or resolved against a
        report date that was guessed or is questioned by a warning."""
        if event.date is None:
            return True
        if not event.relative:
            return False
        doc = self.document(event.doc)
        return doc.date_source in ("family", "none") or any("date" in w.casefold() for w in doc.warnings)

    def label(self, item: Item) -> str:
        """One line of plain text naming the item (palette, notifications, copy)."""
        if isinstance(item, Actor):
            return item.name
        if isinstance(item, Event):
            return f"{date_text(item)} {one_line(item.summary)}"
        if isinstance(item, Quote):
            return f"{speaker_text(item)}: “{one_line(item.text)}”"
        return one_line(item.topic)

    def describe(self, item: Item) -> str:
        """A short plain-text description under the label (kind and support)."""
        reports, families = self.support(item)
        sourced = f"{reports} report{'s' * (reports != 1)}, {families} independent"
        if isinstance(item, Actor):
            return f"actor · {item.kind} · {sourced}"
        if isinstance(item, Event):
            return f"event · {sourced}"
        if isinstance(item, Quote):
            return f"quote · {item.speaker_kind} speaker · {ref(item.doc)}"
        return f"conflict · {item.kind} · severity {item.severity}"

    def reference(self, span: Span) -> str:
        """A source reference in plain text: report, title, date, file, offsets."""
        doc = self.document(span.doc)
        date = doc.date.iso() if doc.date else "undated"
        return f"{ref(doc.id)} {one_line(doc.title)} ({date}), {doc.path}, characters {span.start}-{span.end}"

    def clipboard_text(self, item: Item) -> str:
        """The item and the sentences it came from (the first MAX_COPIED),
        each with its reference."""
        lines = [f"{KIND_NAMES[kind_of(item)]}: {self.label(item)}"]
        if isinstance(item, Conflict) and item.note:
            lines.append(one_line(item.note))
        seen: set[tuple[int, int]] = set()
        spans = self.spans(item)
        for n, span in enumerate(spans):
            if len(seen) == MAX_COPIED:
                lines.append(f"(and {len(spans) - n} more places in the reports)")
                break
            sentence = self.sentence_of(span)
            if (sentence.doc, sentence.start) in seen:
                continue
            seen.add((sentence.doc, sentence.start))
            lines.append(f"“{one_line(self.document(span.doc).slice(sentence))}” {self.reference(span)}")
        return "\n".join(lines)

    def sentence_of(self, span: Span) -> Span:
        """The sentence containing a span (the span itself if none does)."""
        return _enclosing(self.document(span.doc).sentences, span)

    def paragraph_of(self, span: Span) -> Span:
        return _enclosing(self.document(span.doc).paragraphs, span)

    def date_span(self) -> str:
        dates = sorted(d.date for d in self.index.documents if d.date)
        if not dates:
            return "undated"
        first, last = dates[0].iso(), dates[-1].iso()
        return first if first == last else f"{first} → {last}"

    def families_count(self) -> int:
        return len({self.index.family_of(d.id) for d in self.index.documents})

    def problems_count(self) -> int:
        return len(self.index.problems) + sum(1 for d in self.index.documents if d.warnings)


def date_text(event: Event) -> str:
    """The date at its granularity ("2024-02", "2024"), a range as "a..b"."""
    if event.date is None:
        return "undated"
    text = event.date.iso()
    return f"{text}..{event.end.iso()}" if event.end else text


def speaker_text(quote: Quote, *, short: bool = False) -> str:
    if quote.speaker_kind == "unknown" or not quote.speaker:
        return "unknown" if short else "unknown speaker"
    if quote.speaker_kind == "anonymous":
        return f"{'anon.' if short else 'anonymous:'} {one_line(quote.speaker)}"
    return one_line(quote.speaker)


def _enclosing(spans: Sequence[Span], span: Span) -> Span:
    at = bisect_right(spans, span.start, key=lambda s: s.start) - 1
    if at >= 0 and spans[at].start <= span.start < spans[at].end:
        return Span(span.doc, spans[at].start, max(spans[at].end, span.end))
    return span
