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
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import actors, conflicts, dates, families, parallel, quotes, sources, text, timeline
from briefing.model import Actor, Conflict, Document, Event, Family, Problem, Quote

if TYPE_CHECKING:
    from briefing.search import Result as SearchResult
    from briefing.search import Searcher

Progress = Callable[[str, int, int], None]


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
        read_reports,
        list(enumerate(loaded)),
        processes=processes,
        progress=lambda n, total: report("reading", n, total),
    )
    documents = sources.mark_repeated_lines(documents)
    report("analysing", 0, len(documents))
    analysed = parallel.map_batches(
        ReportAnalyser, documents, processes=processes, progress=lambda n, total: report("analysing", n, total)
    )
    findings = {doc.id: found for doc, found in zip(documents, analysed)}
    report("families")
    found_families, documents = families.find_families(
        documents, profiles={doc_id: found.profile for doc_id, found in findings.items()}
    )
    report("actors")
    found_actors = actors.extract_actors(
        documents, candidates={doc_id: found.candidates for doc_id, found in findings.items()}
    )
    report("timeline")
    documents, events = timeline.build_timeline(
        documents,
        found_families,
        found_actors,
        expressions={doc_id: found.expressions for doc_id, found in findings.items()},
        tellings={doc_id: found.tellings for doc_id, found in findings.items()},
    )
    report("quotes")
    found_quotes = quotes.extract_quotes(
        documents,
        found_actors,
        found={doc_id: found.quotations for doc_id, found in findings.items()},
        wordings={doc_id: found.wordings for doc_id, found in findings.items()},
    )
    report("conflicts")
    found_conflicts = conflicts.find_conflicts(
        documents,
        found_families,
        found_actors,
        events,
        found_quotes,
        quantities={doc_id: found.quantities for doc_id, found in findings.items()},
        quote_stems={doc_id: found.quote_stems for doc_id, found in findings.items()},
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


def read_reports() -> Callable[[Sequence[tuple[int, sources.Loaded]]], list[Document]]:
    """Reports built from their text and split into sentences, each on its own."""
    return _read_batch


def _read_batch(batch: Sequence[tuple[int, sources.Loaded]]) -> list[Document]:
    return [text.segment(sources.to_document(doc_id, loaded)) for doc_id, loaded in batch]


@dataclass(frozen=True, slots=True)
class Findings:
    """What the stages find in one report taken alone, before the corpus-wide
    work that compares reports."""

    profile: families.ReportProfile
    candidates: actors.ReportCandidates
    expressions: tuple[dates.Expression, ...]
    tellings: timeline.Tellings
    quotations: tuple[quotes.Found, ...]
    wordings: tuple[str, ...]
    quote_stems: dict[tuple[int, int], str]
    quantities: tuple[conflicts.Quantity, ...]


class ReportAnalyser:
    """The per-report half of the stages, one per process: the reports it reads
    share its caches (work on repeated words and lines), never results."""

    def __init__(self) -> None:
        self.sentences = families.SentenceCache()
        self.lookups = actors.Lookups()
        self.words = timeline.WordStems()
        self.quote_stems = conflicts.QuoteStems()

    def __call__(self, batch: Sequence[Document]) -> list[Findings]:
        profiles = families.report_profiles(batch, self.sentences)
        return [self._analyse(doc, profile) for doc, profile in zip(batch, profiles)]

    def _analyse(self, doc: Document, profile: families.ReportProfile) -> Findings:
        expressions = dates.find_expressions(doc)
        quotations = tuple(quotes.find_quotations(doc))
        return Findings(
            profile,
            actors.report_candidates(doc, self.lookups),
            expressions,
            timeline.report_tellings(doc, expressions, self.words),
            quotations,
            quotes.quotation_wordings(doc, quotations),
            conflicts.quotation_stems(doc, [(f.piece.start, f.piece.end) for f in quotations], self.quote_stems),
            tuple(conflicts.quantities(doc)),
        )


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
