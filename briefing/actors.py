"""Actor mentions merged into actors."""

from __future__ import annotations

from collections.abc import Sequence

from briefing.model import Actor, Document


def extract_actors(documents: Sequence[Document]) -> list[Actor]:
    return []
