"""Quotations and their speakers."""

from __future__ import annotations

from collections.abc import Sequence

from briefing.model import Actor, Document, Quote


def extract_quotes(documents: Sequence[Document], actors: Sequence[Actor]) -> list[Quote]:
    return []
