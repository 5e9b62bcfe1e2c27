"""Events on the timeline, the same happening across reports, and dating reports through the corpus."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.dates import find_expressions
from briefing.model import Actor, Document, Family, PartialDate, Span
from briefing.sources import build_document
from briefing.text import segment
from briefing.timeline import WordStems, build_timeline, report_tellings, summarise

ASSAD_WIRE = (
    "BAGHDAD — The fall of Bashar Assad on December 8, 2024 has led Iran-allied factions in Iraq to "
    "reconsider their push for U.S. forces to exit the country, officials said.\n\n"
    "The U.S. and Iraq announced an agreement last year to wind down the coalition mission by September 2025."
)
ASSAD_REWRITE = (
    "The fall of Assad in a lightning offensive by Sunni Islamist rebels in December has led Iran-allied "
    "factions in Iraq to reconsider their push for a U.S. exit, officials told reporters.\n\n"
    "The U.S. and Iraq announced an agreement last year to wind down the coalition mission by September 2025."
)


def report(body: str, published: str | None = None, doc_id: int = 0) -> Document:
    header = f"Published: {published}\n\n" if published else ""
    return segment(build_document(doc_id, f"report{doc_id}.txt", header + body))


def family(*docs: Document) -> tuple[list[Document], list[Family]]:
    ids = tuple(d.id for d in docs)
    return [replace(d, family="f1") for d in docs], [Family("f1", ids, 0.9)]


def test_every_date_expression_becomes_an_event_in_document_and_text_order():
    docs = [report("Assad fell on December 8, 2024. Talks began in January 2024.", "2025-01-31"),
            report("The attack came on Oct. 7, 2023.", "2024-01-10", doc_id=1)]
    _, events = build_timeline(docs, [], [])
    assert [(e.id, e.doc, e.date_text, e.date.iso()) for e in events] == [
        ("e1", 0, "December 8, 2024", "2024-12-08"),
        ("e2", 0, "January 2024", "2024-01"),
        ("e3", 1, "Oct. 7, 2023", "2023-10-07"),
    ]


def test_an_event_points_at_its_sentence_and_its_date_expression():
    doc = report("Nothing happened then. The strike on January 4, 2024 killed a commander.", "2024-01-10")
    _, (event,) = build_timeline([doc], [], [])
    assert doc.slice(event.sentence) == "The strike on January 4, 2024 killed a commander."
    assert doc.slice(event.date_span) == event.date_text == "January 4, 2024"
    assert event.summary == "The strike on January 4, 2024 killed a commander."


def test_an_event_lists_the_actors_mentioned_in_its_sentence():
    doc = report("Assad fell on December 8, 2024. Biden spoke later.", "2025-01-31")
    start = doc.text.index("Assad")
    later = doc.text.index("Biden")
    actors = [
        Actor("a1", "Bashar al-Assad", "person", ("Assad",), (), (Span(0, start, start + 5),)),
        Actor("a2", "Joe Biden", "person", ("Biden",), (), (Span(0, later, later + 5),)),
    ]
    _, (event,) = build_timeline([doc], [], actors)
    assert event.actors == ("a1",)


def test_a_long_sentence_is_summarised_by_the_words_around_its_date():
    doc = report(
        "Officials from several ministries, who spoke on condition of anonymity because they were not "
        "authorised to brief reporters, said that the committee, which has met many times, will report "
        "in March 2025 on the future of the coalition and on the number of advisers who might stay on.",
        "2025-01-31",
    )
    _, (event,) = build_timeline([doc], [], [])
    summary = event.summary
    assert "March 2025" in summary and len(summary) <= 162
    assert summary.strip("…") in " ".join(doc.slice(event.sentence).split())


def test_summarise_keeps_a_short_sentence_whole():
    text = "Assad fell on December 8, 2024."
    assert summarise(text, Span(0, 0, len(text)), Span(0, 14, 30)) == text


def test_no_event_comes_from_boilerplate():
    text = "Today : Feb 01, 2025\nRead more: the 2003 invasion\nThe fall of Assad on December 8, 2024 changed Iraq."
    doc = segment(Document(0, "r.txt", "r", text, boilerplate=(Span(0, 0, 50),)))
    _, events = build_timeline([doc], [], [])
    assert [e.date_text for e in events] == ["December 8, 2024"]


def test_the_same_happening_in_two_reports_shares_a_cluster_and_different_ones_do_not():
    docs, families = family(report(ASSAD_WIRE, "2025-01-31"), report(ASSAD_REWRITE, "2025-01-31", doc_id=1))
    _, events = build_timeline(docs, families, [])
    by_text = {(e.doc, e.date_text): e for e in events}
    assert by_text[(0, "December 8, 2024")].cluster == by_text[(1, "December")].cluster
    assert by_text[(0, "last year")].cluster == by_text[(1, "last year")].cluster
    assert by_text[(0, "December 8, 2024")].cluster != by_text[(0, "last year")].cluster
    assert [e.cluster for e in events][0] == "t1"


def test_a_happening_syndicated_to_a_hundred_reports_is_one_cluster_and_other_happenings_stay_apart():
    reports = [
        report(f"Outlet {n} reports. The fall of Bashar Assad on December 8, 2024 has led Iran-allied factions "
               "in Iraq to reconsider their push for U.S. forces to exit the country. The ministry opened "
               "a new school in Basra on March 3, 2024.", "2025-01-31", doc_id=n)
        for n in range(100)
    ]
    docs, families = family(*reports)
    _, events = build_timeline(docs, families, [])
    fall = {e.cluster for e in events if e.date_text == "December 8, 2024"}
    school = {e.cluster for e in events if e.date_text == "March 3, 2024"}
    assert len(fall) == 1 and len(school) == 1
    assert fall != school


def test_a_year_alone_does_not_join_unrelated_sentences_of_that_year():
    docs = [report("Iraq signed an agreement with the United States in 2024 on the withdrawal of troops.", "2025-01-31"),
            report("Iraq hoped the United States would begin the withdrawal of troops in September 2024.", "2025-01-31", 1)]
    _, events = build_timeline(docs, [], [])
    assert events[0].cluster != events[1].cluster


def test_an_undated_report_takes_the_date_of_its_family_with_a_warning():
    dated = report(ASSAD_WIRE, "2025-01-31")
    undated = report(ASSAD_REWRITE, doc_id=1)
    docs, families = family(dated, undated)
    result, events = build_timeline(docs, families, [])
    assert result[1].date == PartialDate(2025, 1, 31)
    assert result[1].date_source == "family"
    assert any("inferred" in w and "2025-01-31" in w for w in result[1].warnings)
    assert {e.date_text: e.date.iso() for e in events if e.doc == 1}["last year"] == "2024"


def test_a_header_contradicted_by_what_the_family_tells_is_replaced_and_flagged():
    good = report(ASSAD_WIRE, "2025-01-31")
    wrong = report(ASSAD_REWRITE, "2024-02-06", doc_id=1)
    docs, families = family(good, wrong)
    result, events = build_timeline(docs, families, [])
    doc = result[1]
    assert (doc.date, doc.header_date, doc.date_source) == (PartialDate(2025, 1, 31), PartialDate(2024, 2, 6), "family")
    (warning,) = doc.warnings
    assert "Header date 2024-02-06 is doubtful" in warning and "2024-12-08" in warning and "2025-01-31" in warning
    resolved = {e.date_text: e.date.iso() for e in events if e.doc == 1}
    assert resolved == {"December": "2024-12", "last year": "2024", "September 2025": "2025-09"}


def test_a_header_earlier_than_what_the_report_itself_tells_as_past_is_doubtful():
    doc = report("Rebels toppled Assad on December 8, 2024, and the army collapsed.", "2024-02-06")
    (result,), _ = build_timeline([doc], [], [])
    assert result.header_date == PartialDate(2024, 2, 6) and result.date is None
    assert "Header date 2024-02-06 is doubtful" in result.warnings[0] and "2024-12-08" in result.warnings[0]


def test_a_header_is_kept_when_later_dates_are_only_plans():
    doc = report("The mission will end by September 2025, officials said on Tuesday.", "2024-02-06")
    (result,), _ = build_timeline([doc], [], [])
    assert (result.date, result.date_source, result.warnings) == (PartialDate(2024, 2, 6), "header", ())


def test_a_report_without_header_is_dated_from_its_content():
    doc = report(
        "Al-Sudani spoke a day after a US strike in Baghdad.\n\nOn January 4, a drone targeted the "
        "militia's headquarters.\n\nIn July 2023, US command shifted equipment to Syria. Since mid-July "
        "numbers rose. The militia was formed in 2014."
    )
    (result,), events = build_timeline([doc], [], [])
    assert (result.date, result.date_source) == (PartialDate(2024, 1), "content")
    assert any("inferred from its content" in w for w in result.warnings)
    resolved = {e.date_text: e.date.iso() for e in events}
    assert resolved["January 4"] == "2024-01-04"
    assert resolved["a day after"] == "2024-01-05"
    assert resolved["mid-July"] == "2023-07"


def test_a_report_whose_date_cannot_be_known_stays_undated_with_relative_dates_unresolved():
    doc = report("Talks took place in January 2024. The agreement was signed last year.")
    (result,), events = build_timeline([doc], [], [])
    assert (result.date, result.date_source) == (None, "none")
    assert [(e.date_text, e.date) for e in events] == [("January 2024", PartialDate(2024, 1)), ("last year", None)]


def test_family_membership_is_read_from_the_documents_when_no_families_are_given():
    dated = replace(report(ASSAD_WIRE, "2025-01-31"), family="f9")
    undated = replace(report(ASSAD_REWRITE, doc_id=1), family="f9")
    result, _ = build_timeline([dated, undated], [], [])
    assert (result[1].date, result[1].date_source) == (PartialDate(2025, 1, 31), "family")


def test_expressions_spotted_beforehand_give_the_same_timeline():
    # As a process pool hands them back: spotted per report, pickled, keyed by document id.
    docs, families = family(report(ASSAD_WIRE, "2025-01-31"), report(ASSAD_REWRITE, "2024-02-06", doc_id=1))
    spotted = {doc.id: pickle.loads(pickle.dumps(find_expressions(doc))) for doc in docs}
    assert build_timeline(docs, families, [], expressions=spotted) == build_timeline(docs, families, [])


def test_tellings_worked_out_beforehand_give_the_same_timeline():
    # As a process pool hands them back: one cache of words per process, pickled, keyed by document id.
    docs, families = family(
        report(ASSAD_WIRE + " Read more: the 2003 invasion", "2025-01-31"), report(ASSAD_REWRITE, "2024-02-06", doc_id=1)
    )
    docs[0] = replace(docs[0], boilerplate=(Span(0, docs[0].text.index("Read more"), len(docs[0].text)),))
    spotted = {doc.id: find_expressions(doc) for doc in docs}
    words = WordStems()
    told = {doc.id: pickle.loads(pickle.dumps(report_tellings(doc, spotted[doc.id], words))) for doc in docs}
    assert build_timeline(docs, families, [], expressions=spotted, tellings=told) == build_timeline(docs, families, [])


def test_a_tellings_sentences_summaries_and_stems_follow_its_expressions():
    doc = report("Nothing happened then. The strike on January 4, 2024 killed a commander in January.", "2024-01-10")
    spotted = find_expressions(doc)
    told = report_tellings(doc, spotted)
    assert [e.text for e in spotted] == ["January 4, 2024", "January"]
    assert [doc.slice(s) for s in told.sentences] == ["The strike on January 4, 2024 killed a commander in January."] * 2
    assert told.summaries[0] == doc.slice(told.sentences[0])
    assert told.stems[0] == told.stems[1] == "strike killed comman"


def test_no_reports_no_events():
    assert build_timeline([], [], []) == ([], [])


_WORDS = (
    "the on in last next this Friday May December 8 31 2024 1999 year years ago earlier a day after week "
    "quarter early mid-July spring 1990s at same time that yesterday night since by and - / , ; . "
    "12/31/2024 2024-02-30 Tue, 29 February 2023 21-22 of was will said"
).split()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=60),
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=60),
    st.sampled_from(["", "Published: 2024-02-29\n\n", "Published: 1999-12-31\n\n"]),
)
def test_any_text_gives_events_whose_spans_slice_to_their_text(first, second, header):
    docs = [report(header + " ".join(first)), report(" ".join(second), doc_id=1)]
    docs, families = family(*docs)
    dated, events = build_timeline(docs, families, [])
    for event in events:
        doc = dated[event.doc]
        assert doc.slice(event.date_span) == event.date_text
        assert event.sentence.start <= event.date_span.start < event.date_span.end <= event.sentence.end


def test_a_sentence_equally_close_to_two_clusters_joins_the_same_one_under_any_hash_seed(tmp_path):
    # The third sentence shares four words with each of the other two, with
    # equal weights; the tie must not be broken by the order a set of strings
    # happens to iterate in, which changes with PYTHONHASHSEED.
    reports = {
        "a.txt": "On May 3, 2024 harbour authority closed western pier.",
        "b.txt": "On May 3, 2024 mining consortium halted copper exports.",
        "c.txt": "On May 3, 2024 harbour authority closed western mining consortium copper exports.",
    }
    for name, body in reports.items():
        (tmp_path / name).write_text(body + "\n", encoding="utf-8")
    script = (
        "import sys; from briefing.index import build_index; "
        "print(' '.join(e.cluster for e in build_index([sys.argv[1]], processes=1).events))"
    )
    clusters = {
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path)],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True, text=True, check=True,
        ).stdout
        for seed in range(1, 9)
    }
    assert len(clusters) == 1
    assert clusters.pop().split()[2] in ("t1", "t2")


def test_a_sentences_weight_does_not_depend_on_the_order_its_stems_are_read():
    # 0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 differ in floating point.
    from briefing.timeline import _Idf, _Weights

    idf = _Idf([], 1)
    idf.update(a=0.1, b=0.2, c=0.3)
    weights = _Weights(idf)
    assert weights.weight(["a", "b", "c"]) == weights.weight(["c", "b", "a"])
