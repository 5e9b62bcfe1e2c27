"""The stable JSON contract `briefing.index/1` (see DESIGN.md)."""

from __future__ import annotations

from typing import Any

from briefing.index import Index
from briefing.model import Document, PartialDate, Span

SCHEMA = "briefing.index/1"


def index_to_json(index: Index) -> dict[str, Any]:
    docs = index.documents

    def span(s: Span | None) -> dict[str, Any] | None:
        if s is None:
            return None
        return {"doc": s.doc, "start": s.start, "end": s.end, "text": docs[s.doc].slice(s)}

    def support(doc_ids: list[int]) -> dict[str, int]:
        reports, families = index.support(doc_ids)
        return {"reports": reports, "sources": families}

    return {
        "schema": SCHEMA,
        "documents": [_document(d, span) for d in docs],
        "actors": [
            {
                "id": a.id,
                "name": a.name,
                "kind": a.kind,
                "aliases": list(a.aliases),
                "roles": list(a.roles),
                "mentions": [span(m) for m in a.mentions],
                "documents": list(a.documents),
                **support(list(a.documents)),
            }
            for a in index.actors
        ],
        "events": [
            {
                "id": e.id,
                "date": _iso(e.date),
                "end": _iso(e.end),
                "granularity": e.date.granularity if e.date else None,
                "date_text": e.date_text,
                "date_span": span(e.date_span),
                "relative": e.relative,
                "anchor": _iso(e.anchor),
                "doc": e.doc,
                "sentence": span(e.sentence),
                "summary": e.summary,
                "actors": list(e.actors),
                "cluster": e.cluster,
            }
            for e in index.events
        ],
        "quotes": [
            {
                "id": q.id,
                "text": q.text,
                "span": span(q.span),
                "speaker": q.speaker,
                "speaker_actor": q.speaker_actor,
                "speaker_kind": q.speaker_kind,
                "speaker_span": span(q.speaker_span),
                "confidence": round(q.confidence, 3),
                "doc": q.doc,
                "group": q.group,
            }
            for q in index.quotes
        ],
        "conflicts": [
            {
                "id": c.id,
                "kind": c.kind,
                "topic": c.topic,
                "severity": c.severity,
                "claims": [span(claim.span) for claim in c.claims],
                "note": c.note,
                **support([claim.span.doc for claim in c.claims]),
            }
            for c in index.conflicts
        ],
        "families": [
            {"id": f.id, "documents": list(f.documents), "similarity": round(f.similarity, 3)}
            for f in index.families
        ],
        "problems": [{"file": p.path, "message": p.message} for p in index.problems],
    }


def _document(d: Document, span) -> dict[str, Any]:
    return {
        "id": d.id,
        "file": d.path,
        "title": d.title,
        "date": _iso(d.date),
        "granularity": d.date.granularity if d.date else None,
        "date_source": d.date_source,
        "header_date": _iso(d.header_date),
        "language": d.language,
        "encoding": d.encoding,
        "warnings": list(d.warnings),
        "family": d.family,
        "boilerplate": [span(b) for b in d.boilerplate],
        "chars": len(d.text),
    }


def _iso(value: PartialDate | None) -> str | None:
    return value.iso() if value else None
