"""The pipeline, top to bottom, and the Index it produces.

    sources    read, decode, clean, mark boilerplate, header dates
    text       paragraphs and sentences with offsets
    families   near-duplicate reports grouped into story families
    actors     mentions merged into actors
    timeline   date expressions resolved into events; documents dated through the corpus
    quotes     quotations and their speakers
    conflicts  claims compared across reports

Every stage is a plain function over plain data; the Index only holds results
and answers lookups.

From families on, each stage has two halves. The per-report half reads one
report alone (profiles, actor candidates, date expressions, quotations,
quantities: the worker classes below); on a large corpus `parallel.ReportPool`
runs them in worker processes, all started up front. The corpus half compares
reports (families, merging actors, clustering events, conflicts) and runs here,
in order, taking each stage's per-report results as it reaches that stage.
The index is the same for any number of processes.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from briefing import actors, conflicts, dates, families, parallel, quotes, sources, text, timeline
from briefing.model import Actor, Conflict, Document, Event, Family, Problem, Quote

if TYPE_CHECKING:
    from briefing.search import Result as SearchResult
    from briefing.search import Searcher

Progress = Callable[[str, int, int], None]
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Index:
    documents: tuple[Document, ...] = ()
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    families: tuple[Family, ...] = ()
    problems: tuple[Problem, ...] = ()

    def document(self, doc_id: int) -> Document:
        return self.documents[doc_id]

    @cached_property
    def by_id(self) -> dict[str, Actor | Event | Quote | Conflict | Family]:
        items = (*self.actors, *self.events, *self.quotes, *self.conflicts, *self.families)
        return {item.id: item for item in items}

    @cached_property
    def searcher(self) -> Searcher:
        """Fuzzy search over every item and the report text, built on first use
        (it costs about a second on 2,000 reports and the CLI never needs it)."""
        from briefing.search import build_searcher

        return build_searcher(self)

    def search(self, query: str) -> SearchResult:
        return self.searcher.search(query)

    def family_of(self, doc_id: int) -> str:
        """Reports without a family are their own independent source."""
        return self.documents[doc_id].family or f"doc{doc_id}"

    def support(self, doc_ids: Sequence[int]) -> tuple[int, int]:
        """How many reports, and how many independent story families, stand behind something."""
        docs = set(doc_ids)
        return len(docs), len({self.family_of(d) for d in docs})


def build_index(
    paths: Sequence[str | os.PathLike[str]],
    *,
    max_bytes: int = sources.DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    processes: int | None = None,
) -> Index:
    """Read the reports under `paths` and run every stage over them.

    Per-report work runs in `processes` processes, this one included (default:
    one per available core), when the corpus is large; the index is the same
    for any number."""

    def report(stage: str, done: int = 0, total: int = 1) -> None:
        if progress:
            progress(stage, done, total)

    with _collector_paused():
        return _build(paths, max_bytes, report, processes)


def _build(
    paths: Sequence[str | os.PathLike[str]], max_bytes: int, report: Progress, processes: int | None
) -> Index:
    loaded, problems = sources.load_corpus(paths, max_bytes=max_bytes)
    report("reading", 0, len(loaded))
    documents = parallel.map_batches(
        EachReport(read_report), list(enumerate(loaded)), processes=processes, progress=_counter(report, "reading")
    )
    documents = sources.mark_repeated_lines(documents)
    with parallel.ReportPool(documents, processes) as pool:
        # Every stage's per-report half is handed to the workers now, in
        # pipeline order; each corpus half below collects its own, helping
        # with what no worker has begun, while the workers go on with the next.
        profiles = pool.start(ProfileReports)
        candidates = pool.start(FindActorCandidates)
        dated = pool.start(FindDates)
        quoted = pool.start(FindQuotations)
        quantities = pool.start(EachReport(conflicts.quantities))

        def by_id(pending: parallel.Pending[R], stage: str) -> dict[int, R]:
            report(stage, 0, len(documents))
            found = dict(zip((doc.id for doc in documents), pending.results(_counter(report, stage))))
            report(stage)  # now comparing reports: no count
            return found

        found_families, documents = families.find_families(documents, profiles=by_id(profiles, "families"))
        found_actors = actors.extract_actors(documents, candidates=by_id(candidates, "actors"))
        dates_found = by_id(dated, "timeline")
        documents, events = timeline.build_timeline(
            documents,
            found_families,
            found_actors,
            expressions={doc_id: found.expressions for doc_id, found in dates_found.items()},
            tellings={doc_id: found.tellings for doc_id, found in dates_found.items()},
        )
        quotes_found = by_id(quoted, "quotes")
        found_quotes = quotes.extract_quotes(
            documents,
            found_actors,
            found={doc_id: found.quotations for doc_id, found in quotes_found.items()},
            wordings={doc_id: found.wordings for doc_id, found in quotes_found.items()},
        )
        found_conflicts = conflicts.find_conflicts(
            documents,
            found_families,
            found_actors,
            events,
            found_quotes,
            quantities=by_id(quantities, "conflicts"),
            quote_stems={doc_id: found.stems for doc_id, found in quotes_found.items()},
        )
    report("done", 1, 1)
    return Index(
        documents=tuple(documents),
        actors=tuple(found_actors),
        events=tuple(events),
        quotes=tuple(found_quotes),
        conflicts=tuple(found_conflicts),
        families=tuple(found_families),
        problems=tuple(problems),
    )


def _counter(report: Progress, stage: str) -> Callable[[int, int], None]:
    return lambda done, total: report(stage, done, total)


def read_report(item: tuple[int, sources.Loaded]) -> Document:
    """A report built from its text and split into sentences."""
    doc_id, loaded = item
    return text.segment(sources.to_document(doc_id, loaded))


# Per-report work for the ReportPool. A worker is made once in each process
# that takes part; the reports it reads share its caches, never results.


@dataclass(frozen=True, slots=True)
class EachReport(Generic[T, R]):
    """A pure function of one report, applied to each report of a batch."""

    function: Callable[[T], R]

    def __call__(self) -> Callable[[Sequence[T]], list[R]]:
        function = self.function
        return lambda batch: [function(item) for item in batch]


class ProfileReports:
    """Story-family profiles; a line syndicated to many reports is tokenised once."""

    def __init__(self) -> None:
        self.cache = families.SentenceCache()

    def __call__(self, batch: Sequence[Document]) -> list[families.ReportProfile]:
        return families.report_profiles(batch, self.cache)


class FindActorCandidates:
    """Actor candidates; a name or word seen before is looked up once."""

    def __init__(self) -> None:
        self.lookups = actors.Lookups()

    def __call__(self, batch: Sequence[Document]) -> list[actors.ReportCandidates]:
        return [actors.report_candidates(doc, self.lookups) for doc in batch]


@dataclass(frozen=True, slots=True)
class DatesFound:
    expressions: tuple[dates.Expression, ...]
    tellings: timeline.Tellings


class FindDates:
    """Date expressions and the sentences that tell them; a word is stemmed once."""

    def __init__(self) -> None:
        self.words = timeline.WordStems()

    def __call__(self, batch: Sequence[Document]) -> list[DatesFound]:
        found = []
        for doc in batch:
            expressions = dates.find_expressions(doc)
            found.append(DatesFound(expressions, timeline.report_tellings(doc, expressions, self.words)))
        return found


@dataclass(frozen=True, slots=True)
class QuotesFound:
    quotations: tuple[quotes.Found, ...]
    wordings: tuple[str, ...]
    stems: dict[tuple[int, int], str]


class FindQuotations:
    """Quotations with their speakers, wordings and stems; a word is stemmed once."""

    def __init__(self) -> None:
        self.stems = conflicts.QuoteStems()

    def __call__(self, batch: Sequence[Document]) -> list[QuotesFound]:
        found = []
        for doc in batch:
            quotations = tuple(quotes.find_quotations(doc))
            offsets = [(f.piece.start, f.piece.end) for f in quotations]
            found.append(
                QuotesFound(
                    quotations,
                    quotes.quotation_wordings(doc, quotations),
                    conflicts.quotation_stems(doc, offsets, self.stems),
                )
            )
        return found


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The stages allocate millions of small objects that all live as long as
    the index; the cyclic collector would scan them again and again (about a
    tenth of the build time on 2,000 reports). Pause it, then freeze what was
    built so later collections in a long-running app skip the index."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def bundled_corpus() -> Path:
    """The sample reports: inside the installed package, or beside it in a checkout."""
    installed = Path(__file__).with_name("corpus")
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / "corpus"
