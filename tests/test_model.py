"""The data model's own answers: a report's boilerplate lookups."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefing.model import Document, Span

TEXT = "x" * 80


@st.composite
def furniture_and_span(draw: st.DrawFn) -> tuple[Document, Span]:
    cuts = sorted(draw(st.sets(st.integers(0, len(TEXT)), max_size=12)))
    cuts = cuts[: len(cuts) // 2 * 2]
    boilerplate = tuple(Span(0, cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2))
    start = draw(st.integers(0, len(TEXT)))
    end = draw(st.integers(start, len(TEXT)))
    return Document(0, "r.txt", "r", TEXT, boilerplate=boilerplate), Span(0, start, end)


@given(furniture_and_span())
def test_a_span_is_in_boilerplate_exactly_when_one_boilerplate_span_holds_it(case: tuple[Document, Span]):
    doc, span = case
    assert doc.in_boilerplate(span) == any(b.start <= span.start and span.end <= b.end for b in doc.boilerplate)


@given(furniture_and_span())
def test_a_span_touches_boilerplate_exactly_when_it_overlaps_a_boilerplate_span(case: tuple[Document, Span]):
    doc, span = case
    assert doc.touches_boilerplate(span) == any(b.start < span.end and span.start < b.end for b in doc.boilerplate)


def test_a_report_without_boilerplate_has_none_to_touch():
    doc = Document(0, "r.txt", "r", TEXT)
    assert not doc.in_boilerplate(Span(0, 0, 5)) and not doc.touches_boilerplate(Span(0, 0, 5))
