"""Fuzzy search over an Index, and the items that concern one actor.

Search matches words, not characters: every query word is looked up in the
corpus vocabulary (exact, typo-tolerant through rapidfuzz, and as a prefix for
the word still being typed), then posting lists give the items and reports
that contain a matching word for every query word. Everything costly
(case-folded, accent-stripped words and their postings) is computed once, so a
query over thousands of reports costs a few set unions.

An item's own words (a name, a summary, a quotation, a topic) rank above the
words of the report sentences it came from, which still match: that is how a
search reaches into report text without listing every actor of a report.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from briefing.index import Index
from briefing.model import Document, Span

_WORD = re.compile(r"\w+")
_COMBINING = re.compile(r"[\u0300-\u036f]")

# A one-letter slip in a five-letter word scores 80 with fuzz.ratio; shorter words
# would match half the vocabulary with any slip, so they must match exactly.
FUZZY_MIN_LENGTH = 4
FUZZY_CUTOFF = 80.0
FUZZY_LIMIT = 40


def fold(text: str) -> str:
    """Case-fold and strip accents, so "Ṣadr", "SADR" and "sadr" are one word."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class Result:
    """What a query matched: item ids (`primary` matched in the item's own
    words) and the reports whose text contains every query word."""

    query: str
    items: frozenset[str]
    primary: frozenset[str]
    documents: tuple[int, ...]

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.items

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Searcher:
    vocabulary: tuple[str, ...]
    primary: dict[str, frozenset[str]]
    context: dict[str, frozenset[str]]
    reports: dict[str, frozenset[int]]
    concerns: dict[str, frozenset[str]]

    def search(self, query: str) -> Result:
        """Items and reports matching every word of `query`; the last word may
        be unfinished (results as you type) unless the query ends in a space."""
        tokens = words(query)
        if not tokens:
            return Result(query, frozenset(), frozenset(), ())
        typing = not query[-1:].isspace()
        items: set[str] | None = None
        primary: set[str] | None = None
        reports: set[int] | None = None
        for n, token in enumerate(tokens):
            candidates = self._candidates(token, prefix=typing and n == len(tokens) - 1)
            own = _union(self.primary, candidates)
            found = own | _union(self.context, candidates)
            in_reports = _union(self.reports, candidates)
            items = found if items is None else items & found
            primary = own if primary is None else primary & own
            reports = in_reports if reports is None else reports & in_reports
        return Result(query, frozenset(items or ()), frozenset(primary or ()), tuple(sorted(reports or ())))

    def related(self, actor_id: str) -> frozenset[str]:
        """The actor, the actors it shares an item with, and every event,
        quote and conflict whose sentences mention or quote it."""
        own = self.concerns.get(actor_id, frozenset())
        return frozenset({actor_id, *own})

    def _candidates(self, token: str, *, prefix: bool) -> list[str]:
        vocab = self.vocabulary
        found: list[str] = []
        if prefix:
            lo = bisect_left(vocab, token)
            hi = bisect_right(vocab, token + "\U0010ffff")
            found.extend(vocab[lo:hi])
        else:
            at = bisect_left(vocab, token)
            if at < len(vocab) and vocab[at] == token:
                found.append(token)
        if len(token) >= FUZZY_MIN_LENGTH:
            matches = process.extract(
                token, vocab, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=FUZZY_LIMIT
            )
            found.extend(word for word, _score, _pos in matches)
        return found


def _union(postings: dict, keys: Iterable[str]) -> set:
    out: set = set()
    for key in keys:
        hit = postings.get(key)
        if hit:
            out |= hit
    return out


def build_searcher(index: Index) -> Searcher:
    """Precompute the vocabulary, postings and actor relations of `index`."""
    docs = index.documents
    starts = [[s.start for s in doc.sentences] for doc in docs]
    primary: dict[str, set[str]] = defaultdict(set)
    context: dict[str, set[str]] = defaultdict(set)

    def add(postings: dict[str, set[str]], item_id: str, texts: Iterable[str]) -> None:
        for word in set(words(" ".join(texts))):
            postings[word].add(item_id)

    for actor in index.actors:
        add(primary, actor.id, (actor.name, *actor.aliases, *actor.roles, actor.kind))
    for event in index.events:
        add(primary, event.id, (event.summary, event.date_text, event.date.iso() if event.date else ""))
        add(context, event.id, (docs[event.doc].slice(event.sentence),))
    for quote in index.quotes:
        add(primary, quote.id, (quote.text, quote.speaker or ""))
        add(context, quote.id, _sentence_texts(docs[quote.doc], starts[quote.doc], quote.span))
    for conflict in index.conflicts:
        add(primary, conflict.id, (conflict.topic, conflict.note, conflict.kind))
        add(context, conflict.id, (claim.text for claim in conflict.claims))

    reports: dict[str, set[int]] = defaultdict(set)
    for doc in docs:
        for word in set(words(doc.title + "\n" + doc.text)):
            reports[word].add(doc.id)

    vocabulary = tuple(sorted({*primary, *context, *reports}))
    return Searcher(
        vocabulary=vocabulary,
        primary={w: frozenset(s) for w, s in primary.items()},
        context={w: frozenset(s) for w, s in context.items()},
        reports={w: frozenset(s) for w, s in reports.items()},
        concerns=_concerns(index, starts),
    )


def _concerns(index: Index, starts: list[list[int]]) -> dict[str, frozenset[str]]:
    """Actor id -> ids of the items that concern it, through shared sentences.

    An item concerns an actor when the engine linked them (event actors, a
    quote's speaker) or when a sentence the item came from mentions the actor;
    actors concern each other when they share such an item.
    """
    docs = index.documents
    at_sentence: dict[tuple[int, int], set[str]] = defaultdict(set)
    for actor in index.actors:
        for mention in actor.mentions:
            for key in _sentence_keys(docs[mention.doc], starts[mention.doc], mention):
                at_sentence[key].add(actor.id)

    def actors_of(spans: Sequence[Span], linked: Iterable[str | None]) -> set[str]:
        found = {a for a in linked if a}
        for span in spans:
            for key in _sentence_keys(docs[span.doc], starts[span.doc], span):
                found |= at_sentence.get(key, set())
        return found

    concerns: dict[str, set[str]] = defaultdict(set)
    linked_items: list[tuple[str, set[str]]] = []
    for event in index.events:
        linked_items.append((event.id, actors_of((event.sentence,), event.actors)))
    for quote in index.quotes:
        spans = (quote.span,) if quote.speaker_span is None else (quote.span, quote.speaker_span)
        linked_items.append((quote.id, actors_of(spans, (quote.speaker_actor,))))
    for conflict in index.conflicts:
        linked_items.append((conflict.id, actors_of([c.span for c in conflict.claims], ())))
    for item_id, actor_ids in linked_items:
        for actor_id in actor_ids:
            concerns[actor_id].add(item_id)
            concerns[actor_id] |= actor_ids
    return {a: frozenset(s - {a}) for a, s in concerns.items()}


def _sentence_keys(doc: Document, starts: list[int], span: Span) -> list[tuple[int, int]]:
    """The sentences a span touches, as (doc, sentence number); an unsegmented
    document counts as one sentence."""
    if not starts:
        return [(doc.id, 0)]
    first = max(bisect_right(starts, span.start) - 1, 0)
    last = max(bisect_right(starts, max(span.end - 1, span.start)) - 1, first)
    return [(doc.id, n) for n in range(first, last + 1)]


def _sentence_texts(doc: Document, starts: list[int], span: Span) -> list[str]:
    """The text of the sentences a span touches (the span itself if unsegmented)."""
    if not starts:
        return [doc.slice(span)]
    return [doc.slice(doc.sentences[n]) for _, n in _sentence_keys(doc, starts, span)]
