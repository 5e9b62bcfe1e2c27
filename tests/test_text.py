"""Paragraphs and sentences: character offsets into the document text, and the
traps of news prose (abbreviations, quotes that end sentences, headings
without full stops, hard-wrapped lines)."""

from __future__ import annotations

import pytest

from briefing.model import Span
from briefing.sources import build_document
from briefing.text import occurrences, paragraph_at, paragraph_spans, segment, sentence_at, sentence_spans


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentence_spans(text, Span(0, 0, len(text)))]


def paragraphs(text: str) -> list[str]:
    return [text[p.start : p.end] for p in paragraph_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The U.S. and Iraq agreed. Talks resume soon.", ["The U.S. and Iraq agreed.", "Talks resume soon."]),
        ("The attack on Oct. 7, 2023 began the war. Gaza was hit.", ["The attack on Oct. 7, 2023 began the war.", "Gaza was hit."]),
        ("Talks resume in Oct. 2025 in Baghdad.", ["Talks resume in Oct. 2025 in Baghdad."]),
        ("Maj. Gen. Pat Ryder said so. Dr. Smith agreed.", ["Maj. Gen. Pat Ryder said so.", "Dr. Smith agreed."]),
        ("Sens. Lee and Rubio objected. Mrs. Clinton did not.", ["Sens. Lee and Rubio objected.", "Mrs. Clinton did not."]),
        ("Officials in Washington, D.C. said nothing. The U.S. Army left.", ["Officials in Washington, D.C. said nothing.", "The U.S. Army left."]),
        ("J.D. Vance spoke. George W. Bush agreed.", ["J.D. Vance spoke.", "George W. Bush agreed."]),
        ("They arrived in the U.S. Then they left.", ["They arrived in the U.S.", "Then they left."]),
        ("He said no. The meeting ended.", ["He said no.", "The meeting ended."]),
        ("No. 10 said nothing.", ["No. 10 said nothing."]),
        ("He earned $2.5 million. It was 3.5 per cent more.", ["He earned $2.5 million.", "It was 3.5 per cent more."]),
        ("Who is next? Nobody knows! Really…", ["Who is next?", "Nobody knows!", "Really…"]),
    ],
)
def test_sentences_survive_abbreviations_and_numbers(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“We will stay,” he said. “They are afraid.” Then he left.", ["“We will stay,” he said.", "“They are afraid.”", "Then he left."]),
        ('He said: "It is over." The crowd cheered.', ['He said: "It is over."', "The crowd cheered."]),
        ("“Why now?” he asked. Nobody answered.", ["“Why now?” he asked.", "Nobody answered."]),
        ("He called it “a disaster”. Then he left.", ["He called it “a disaster”.", "Then he left."]),
        ("- It eventually fell. - Now it may repeat itself.", ["- It eventually fell.", "- Now it may repeat itself."]),
    ],
)
def test_quotes_and_dashes_that_end_or_open_sentences(text, expected):
    assert sentences(text) == expected


def test_sentences_in_other_scripts_and_spanish_openers():
    assert sentences("Ирак решил. Об этом сообщают СМИ.") == ["Ирак решил.", "Об этом сообщают СМИ."]
    assert sentences("Él dijo que sí. ¿Por qué? Nadie sabe.") == ["Él dijo que sí.", "¿Por qué?", "Nadie sabe."]


def test_blank_lines_separate_paragraphs_and_headings_without_full_stops_stand_alone():
    text = (
        "Changed their minds\n\n"
        "Baghdad insisted on the withdrawal of US troops. The situation has changed.\n"
        "It has long asked for an exit\n"
        "Iraqi authorities have long pushed for the withdrawal of the contingent.\n"
    )
    assert paragraphs(text) == [
        "Changed their minds",
        "Baghdad insisted on the withdrawal of US troops. The situation has changed.",
        "It has long asked for an exit",
        "Iraqi authorities have long pushed for the withdrawal of the contingent.",
    ]


def test_hard_wrapped_lines_stay_in_one_paragraph_and_one_sentence():
    text = (
        "Iraqi authorities have long pushed for the withdrawal of the U.S. contingent\n"
        "from the country. Demands for the complete withdrawal of foreign troops began\n"
        "to sound in January 2020, when a senior general was killed in Baghdad.\n"
        "Short closing line.\n"
        "\n"
        "A second paragraph that is also wrapped at a fixed width by the writer and\n"
        "goes on past the line end.\n"
    )
    assert paragraphs(text) == [
        text[: text.index("Short")].rstrip(),
        "Short closing line.",
        "A second paragraph that is also wrapped at a fixed width by the writer and\ngoes on past the line end.",
    ]
    assert sentences(paragraphs(text)[0])[1] == (
        "Demands for the complete withdrawal of foreign troops began\nto sound in January 2020, when a senior general was killed in Baghdad."
    )


def test_a_title_case_headline_above_wrapped_text_is_its_own_paragraph():
    text = (
        "Iraqi Factions Rethink Troop Presence After Regime Falls\n"
        "The fall of the government has led factions in neighbouring Iraq to\n"
        "reconsider their push for foreign forces to leave the country.\n"
    )
    assert paragraphs(text)[0] == "Iraqi Factions Rethink Troop Presence After Regime Falls"


def test_a_wrapped_line_ending_in_an_abbreviation_does_not_end_the_paragraph():
    text = (
        "The commander of the coalition forces in the region, speaking for the U.S.\n"
        "Army, said the troops of the coalition would stay until the end of the year.\n"
    )
    assert paragraphs(text) == [text.rstrip()]


def test_unwrapped_text_has_one_paragraph_per_line_even_without_full_stops():
    long_line = "Rinad Mansour said there was no active coordination between the groups at the time, " * 3
    text = f"{long_line}and they were both fighting the same enemy\n{long_line}\n"
    assert len(paragraphs(text)) == 2


def test_short_menu_lines_are_not_joined_into_one_paragraph():
    assert paragraphs("Today : Feb 01, 2025\nWorld News\n31 January 2025\n") == [
        "Today : Feb 01, 2025",
        "World News",
        "31 January 2025",
    ]


def test_segment_fills_offsets_that_slice_the_document_exactly():
    text = (
        "Factions Rethink Troop Presence\n\n"
        "  The U.S. and Iraq reached an agreement. “It is not in Iraq’s interest,” he said.  \n\n"
        "Maj. Gen. Pat Ryder declined to comment on Oct. 7.\n"
    )
    doc = segment(build_document(3, "r.txt", text))
    assert [doc.slice(p) for p in doc.paragraphs] == [
        "Factions Rethink Troop Presence",
        "The U.S. and Iraq reached an agreement. “It is not in Iraq’s interest,” he said.",
        "Maj. Gen. Pat Ryder declined to comment on Oct. 7.",
    ]
    assert [doc.slice(s) for s in doc.sentences] == [
        "Factions Rethink Troop Presence",
        "The U.S. and Iraq reached an agreement.",
        "“It is not in Iraq’s interest,” he said.",
        "Maj. Gen. Pat Ryder declined to comment on Oct. 7.",
    ]
    assert all(s.doc == 3 for s in doc.sentences + doc.paragraphs)
    for s in doc.sentences:
        assert any(p.contains(s) for p in doc.paragraphs)
    assert doc.sentences == tuple(sorted(doc.sentences))


def test_sentence_and_paragraph_lookup_by_offset():
    text = "First one here. Second one here.\n\nThird paragraph."
    doc = segment(build_document(0, "r.txt", text))
    at = text.index("Second")
    assert doc.slice(sentence_at(doc, at)) == "Second one here."
    assert doc.slice(paragraph_at(doc, at)) == "First one here. Second one here."
    assert sentence_at(doc, text.index("\n")) is None
    assert paragraph_at(doc, len(text) + 5) is None


def test_a_run_of_eighty_thousand_full_stops_is_one_sentence_end_not_eighty_thousand():
    text = "A headline\n\nIt ended" + "." * 80_000 + " Then more."
    spans = sentence_spans(text, paragraph_spans(text)[1])
    assert [text[s.start : s.end][:8] for s in spans] == ["It ended", "Then mor"]


def test_occurrences_finds_every_place_each_needle_is_found_overlaps_included():
    assert sorted(occurrences('aaa "x" “y”', ["aa", '"', "“"])) == [0, 1, 4, 6, 8]
    assert list(occurrences("no marks here", '"“')) == []
