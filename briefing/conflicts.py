"""Claims compared across reports."""

from __future__ import annotations

from collections.abc import Sequence

from briefing.model import Actor, Conflict, Document, Event, Family, Quote


def find_conflicts(
    documents: Sequence[Document],
    families: Sequence[Family],
    actors: Sequence[Actor],
    events: Sequence[Event],
    quotes: Sequence[Quote],
) -> list[Conflict]:
    return []
