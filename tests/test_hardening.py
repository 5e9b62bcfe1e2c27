"""Hostile input never breaks the reader or the pipeline.

Officers point briefing at whatever they have: scraped pages, broken
encodings, terminal junk, text in several scripts. Whatever the bytes, the
reader and every extraction stage must return (a Document or a Problem, an
Index), the JSON must be valid with every span slicing its document exactly,
and no control character may survive into a document's text.

The strategies mix news-like sentences (speakers, quotations, dates, numbers,
organisations) with hostile fragments, so the stages meet text they would
really work on, broken in the ways real files are broken.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.index import Index, build_index
from briefing.jsonio import index_to_json
from briefing.model import PartialDate, Span
from briefing.sources import build_document, clean_text, decode, read_corpus

READER = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
PIPELINE = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

# Unicode category Cc (C0, DEL, C1) except tab and newline, and the bidirectional
# overrides and isolates that make a line display differently from its text.
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The JSON contract: YYYY-MM-DD, YYYY-MM or YYYY.
ISO_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")

PEOPLE = ["Amina Farouk", "Pyotr Sidorov", "Li Wei", "John O'Neill", "Maria José Álvarez", "al-Rashid", "Dr. K. Mensah",
          "İpek Yılmaz", "Jörg Strauß"]
TITLES = ["President", "Prime Minister", "General", "Foreign Minister", "spokeswoman", "Maj. Gen.", "Sen."]
ORGS = ["the Ministry of Defence", "the United Nations", "Reuters", "the army", "NATO", "the U.S. State Department"]
PLACES = ["Kyiv", "Lagos", "Quito", "the northern province", "New York", "Gaza"]
DATES = [
    "March 3, 2024", "3 March 2024", "2024-03-03", "on Tuesday", "last week", "in 2019", "yesterday",
    "Dec. 8", "earlier this month", "in the 1990s", "2014-2015", "10/04/2023",
    "32/13/2025", "year 99999", "February 30, 2024", "0000-00-00", "2024-13-45", "31 April 2023",
    "99999-01-01", "1 January 0", "in the year 10000", "12/31/1899", "Feb 29, 2023", "on 00/00/00",
    "December 31, 9999", "January 1, 0001", "tomorrow", "the next day", "10,000 years ago", "in 3000 years",
    "on ٣١/١٢/٢٠٢٤", "on １２/０３/２０２４",
]
NUMBERS = ["3", "1,000,000", "3.5 million", "-7", "1e308", "NaN", "10^100", "0", "900", "2,500", "99999999999999999999",
           "١٢٣", "１２３", "²³", "½", "𝟗𝟗", "9" * 5000]
HOSTILE = [
    "[bold]", "[/]", "[@click=app.quit]", "[link=https://example.com]x[/link]", "[red on black]", "\\[b]", "[/bold",
    "\x1b[31m", "\x1b[2J\x1b[H", "\x1b]0;title\x07", "\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\",
    "\x1bP1;2|3\x1b\\", "\x9b31m", "\x9d0;x\x9c", "\x1b", "\x1b[", "\x1b]",
    "\x00", "\x00\x00\x00", "\x07", "\x0b\x0c", "\r", "\r\n", "\x85", "\u2028", "\u2029",
    "\u202e", "\u2066", "\ufeff", "\u200b", "\u00ad",
    '"', "“", "”", "«", "»", "'", "‘’", '"""', "“““", "”“", "''''''", '" "', "„",
    "(((", ")))", "[[[", "]]]", "{", "}", "((a)", "<<<", ">>>", "<script>", "&amp;",
    "Ωμέγα", "Москва заявила", "بغداد قالت", "北京表示", "🇺🇦🔥", "a\u0301\u0301\u0301", "ﷺ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "Ǆ", "İ", "ß",
    "\t\t", "   ", "...", "…", "—", "U.S.", "Mr.", "e.g.", ":", "-", "•", "\ud7ff", "\U0010ffff",
]
SEPARATORS = [" ", "", "\n", "\n\n", "\r\n", "\r", "\t", "\n \n", ". "]
HEADERS = [
    "", "Published: 2024-03-01\n\n", " date 2024-02-06 KYIV (AP) — ", "Today : Feb 01, 2025\nWorld News\n31 January 2025\n\n",
    "32/13/2025\n", "Skip to main content\nAdvertisement\n", "Photo: Getty Images\n", "Updated 99999-99-99\n",
    "Published: 9999-12-31\n\n", "Published: 0001-01-01\n\n",
]

people = st.sampled_from(PEOPLE)
hostile = st.sampled_from(HOSTILE)
words = st.lists(
    st.one_of(st.sampled_from("the troops would leave soon and talks were over we will not".split()), hostile),
    min_size=0, max_size=12,
).map(" ".join)
news_sentence = st.one_of(
    st.builds("{} {}, said {} that {} people were killed in {}.".format,
              st.sampled_from(TITLES), people, st.sampled_from(DATES), st.sampled_from(NUMBERS), st.sampled_from(PLACES)),
    st.builds('"{}," {} said.'.format, words, people),
    st.builds("“{}” said {} {} on {}.".format, words, st.sampled_from(TITLES), people, st.sampled_from(DATES)),
    st.builds("According to {}, {} soldiers arrived in {} {}.".format,
              st.sampled_from(ORGS), st.sampled_from(NUMBERS), st.sampled_from(PLACES), st.sampled_from(DATES)),
    st.builds('{} denied the report, saying "{}'.format, st.sampled_from(ORGS), words),
    st.builds("«{}», an official who asked not to be named told {}.".format, words, st.sampled_from(ORGS)),
    st.builds("{} met {} in {} {}.".format, people, people, st.sampled_from(PLACES), st.sampled_from(DATES)),
)
news_sentence = st.one_of(news_sentence, news_sentence.map(str.upper))
long_line = st.one_of(
    st.builds(lambda unit, n: unit * n, st.one_of(hostile, st.text(min_size=1, max_size=6)), st.integers(200, 2000)),
    st.builds(lambda unit, n: " ".join([unit] * n), news_sentence, st.integers(20, 80)),
)
piece = st.one_of(news_sentence, news_sentence, news_sentence, hostile, hostile, st.text(max_size=30), long_line)


@st.composite
def texts(draw, max_pieces: int = 25) -> str:
    pieces = draw(st.lists(piece, max_size=max_pieces))
    out = [draw(st.sampled_from(HEADERS))]
    for p in pieces:
        out += [p, draw(st.sampled_from(SEPARATORS))]
    return "".join(out)


@st.composite
def corpora(draw, max_docs: int = 4) -> list[str]:
    """Reports that share paragraphs or retell an earlier report, verbatim or with an edit,
    as wire copy and its rewrites do, so the cross-report stages (families,
    conflicts) get work too."""
    shared = draw(st.lists(texts(max_pieces=6), min_size=1, max_size=4))
    docs: list[str] = []
    for _ in range(draw(st.integers(1, max_docs))):
        retell = draw(st.sampled_from(["new", "new", "edit", "copy"])) if docs else "new"
        if retell != "new":
            base = draw(st.sampled_from(docs))
            cut = draw(st.integers(0, len(base)))
            docs.append(base if retell == "copy" else base[:cut] + draw(st.one_of(hostile, news_sentence)) + base[cut:])
            continue
        parts = draw(st.lists(st.one_of(st.sampled_from(shared), texts(max_pieces=6)), min_size=1, max_size=5))
        docs.append(draw(st.sampled_from(HEADERS)) + "\n\n".join(parts))
    return docs


def encoded(text: str, encoding: str) -> bytes:
    prefix = b"\xef\xbb\xbf" if encoding == "utf-8-sig" else b""
    return prefix + text.encode(encoding.replace("-sig", ""), errors="replace" if encoding != "utf-16" else "surrogatepass")


file_bytes = st.one_of(
    st.builds(encoded, texts(), st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1251", "latin-1"])),
    st.binary(max_size=3000),
    st.builds(lambda head, body: head + body, st.sampled_from([b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00", b""]),
              st.binary(max_size=500)),
)


def control_characters(text: str) -> list[str]:
    return CONTROLS.findall(text)


def write_corpus(folder: Path, contents: list[bytes]) -> None:
    for n, data in enumerate(contents):
        (folder / f"report-{n:02d}.txt").write_bytes(data)


def spans_in(value: object) -> list[Span]:
    """Every Span anywhere inside the index's dataclasses, tuples and dicts."""
    if isinstance(value, Span):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in spans_in(getattr(value, f.name))]
    if isinstance(value, (tuple, list)):
        return [s for v in value for s in spans_in(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in spans_in(v)]
    return []


def dates_in(value: object) -> list[PartialDate]:
    """Every PartialDate anywhere inside the index: the app and the brief sort and print them."""
    if isinstance(value, PartialDate):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [d for f in dataclasses.fields(value) for d in dates_in(getattr(value, f.name))]
    if isinstance(value, (tuple, list)):
        return [d for v in value for d in dates_in(v)]
    return []


def json_spans(value: object) -> list[dict]:
    if isinstance(value, dict):
        found = [value] if {"doc", "start", "end", "text"} <= value.keys() else []
        return found + [s for v in value.values() for s in json_spans(v)]
    if isinstance(value, list):
        return [s for v in value for s in json_spans(v)]
    return []


def json_strings(value: object, key: str = "") -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(key, value)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in json_strings(v, k)]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v, key)]
    return []


def assert_sound(index: Index) -> str:
    """The index's JSON is valid, every span in it and in the index lies inside its
    document, and every item's own text is what its span slices."""
    texts_by_id = {d.id: d.text for d in index.documents}
    assert [d.id for d in index.documents] == list(range(len(index.documents)))
    for document in index.documents:
        assert control_characters(document.text) == [], document.path
        assert control_characters(document.title) == [], document.path

    for span in spans_in(index):
        assert span.doc in texts_by_id, span
        assert 0 <= span.start <= span.end <= len(texts_by_id[span.doc]), span

    # Offsets computed on a lowercased or normalised copy of the text ("İ" and
    # "ß" change length) would slice something else than the item's own text.
    docs = index.documents
    for event in index.events:
        assert docs[event.doc].slice(event.date_span) == event.date_text, event
        assert event.sentence.contains(event.date_span), event
    for quote in index.quotes:
        assert quote.span.doc == quote.doc and quote.text in docs[quote.doc].slice(quote.span), quote
    for actor in index.actors:
        assert actor.name in actor.aliases, actor
        assert {docs[m.doc].slice(m) for m in actor.mentions} <= set(actor.aliases), actor
    for conflict in index.conflicts:
        for claim in conflict.claims:
            assert docs[claim.span.doc].slice(claim.span) == claim.text, claim

    dumped = json.dumps(index_to_json(index), ensure_ascii=False, allow_nan=False)
    dumped.encode("utf-8")
    data = json.loads(dumped)
    for span in json_spans(data):
        text = texts_by_id[span["doc"]]
        assert 0 <= span["start"] <= span["end"] <= len(text), span
        assert span["text"] == text[span["start"] : span["end"]], span
    for key, value in json_strings(data):
        if key not in ("file", "message"):
            assert control_characters(value) == [], (key, value)

    ids = [item["id"] for kind in ("actors", "events", "quotes", "conflicts", "families") for item in data[kind]]
    assert len(ids) == len(set(ids)), "item ids are not unique"
    actor_ids = {a["id"] for a in data["actors"]}
    for event in data["events"]:
        assert event["doc"] in texts_by_id and set(event["actors"]) <= actor_ids, event
    for quote in data["quotes"]:
        assert quote["doc"] in texts_by_id and quote["speaker_actor"] in actor_ids | {None}, quote
    family_ids = {f["id"] for f in data["families"]}
    for family in data["families"]:
        assert set(family["documents"]) <= texts_by_id.keys(), family
    for document in data["documents"]:
        assert document["family"] in family_ids | {None}, document

    for kind, key in (("documents", "date"), ("documents", "header_date"), ("events", "date"),
                      ("events", "end"), ("events", "anchor")):
        for item in data[kind]:
            assert item[key] is None or ISO_DATE.fullmatch(item[key]), (kind, key, item[key])
    for value in dates_in(index):
        value.first_day(), value.last_day()
    assert {a["kind"] for a in data["actors"]} <= {"person", "organization", "group", "place", "other"}
    assert {q["speaker_kind"] for q in data["quotes"]} <= {"named", "anonymous", "unknown"}
    return dumped


def build_from(contents: list[bytes]) -> Index:
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), contents)
        return build_index([tmp])


# The reader


@READER
@given(st.one_of(file_bytes, st.binary(max_size=5000)))
def test_decode_returns_text_or_none_for_any_bytes(data):
    result = decode(data)
    assert result is None or (isinstance(result[0], str) and isinstance(result[1], str))


@READER
@given(st.one_of(texts(), st.text(max_size=500)))
def test_clean_text_leaves_no_control_characters(raw):
    cleaned = clean_text(raw)
    assert control_characters(cleaned) == []
    assert "\r" not in cleaned


@READER
@given(st.one_of(texts(), st.text(max_size=500)))
def test_build_document_marks_only_spans_inside_the_text(raw):
    text = clean_text(raw)
    document = build_document(0, "report.txt", text)
    assert document.text == text
    assert control_characters(document.title) == []
    for span in (*document.boilerplate, *([document.date_span] if document.date_span else [])):
        assert 0 <= span.start < span.end <= len(text), span
    starts = [b.start for b in document.boilerplate]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(document.boilerplate, document.boilerplate[1:]))


@READER
@given(st.lists(file_bytes, min_size=1, max_size=4))
def test_read_corpus_turns_every_file_into_a_document_or_a_problem(contents):
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), contents)
        documents, problems = read_corpus([tmp])
    assert len(documents) + len(problems) == len(contents)
    assert [d.id for d in documents] == list(range(len(documents)))
    for document in documents:
        assert document.text.strip()
        assert control_characters(document.text) == []


# The whole pipeline


@PIPELINE
@given(corpora())
def test_index_of_hostile_reports_is_valid_json_with_exact_spans(docs):
    assert_sound(build_from([d.encode("utf-8") for d in docs]))


@PIPELINE
@given(st.lists(file_bytes, min_size=1, max_size=4))
def test_index_of_arbitrary_bytes_is_valid_json_with_exact_spans(contents):
    assert_sound(build_from(contents))


@settings(PIPELINE, max_examples=25)
@given(corpora(max_docs=12))
def test_index_of_many_retold_reports_is_valid_json_with_exact_spans(docs):
    assert_sound(build_from([d.encode("utf-8") for d in docs]))


@settings(PIPELINE, max_examples=30)
@given(corpora(max_docs=3))
def test_same_reports_give_the_same_index_twice(docs):
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), [d.encode("utf-8") for d in docs])
        assert assert_sound(build_index([tmp])) == assert_sound(build_index([tmp]))


@settings(PIPELINE, max_examples=40)
@given(st.lists(st.sampled_from(['"', "“", "”", "«", "»", "'", "‘", "’", "„", " ", "\n"]), min_size=1, max_size=400).map("".join))
def test_report_of_only_quote_marks_is_indexed(marks):
    assert_sound(build_from([("Quotes only\n\n" + marks).encode("utf-8")]))


def one_megabyte_line(seed: int) -> str:
    """About 1 MB of prose and hostile fragments with no newline anywhere."""
    rng = random.Random(seed)
    sentences = [
        "{} {} said on {} that {} people were killed in {}.",
        '"We will not leave {} before {}," {} told {} on {}.',
        "According to {}, {} soldiers arrived in {} {}.",
    ]
    pool = PEOPLE + ORGS + PLACES + DATES + NUMBERS + [h for h in HOSTILE if "\n" not in h and "\r" not in h]
    out: list[str] = []
    size = 0
    while size < 1_000_000:
        template = rng.choice(sentences)
        part = template.format(*(rng.choice(pool) for _ in range(template.count("{}")))) + rng.choice([" ", " ", "", "\t"])
        out.append(part)
        size += len(part)
    return "".join(out)


def test_one_megabyte_without_a_newline_is_indexed():
    line = one_megabyte_line(seed=9)
    assert "\n" not in line and len(line) >= 1_000_000
    index = build_from([line.encode("utf-8"), ("Short report.\n\n" + line[:5000]).encode("utf-8")])
    assert len(index.documents) == 2
    assert_sound(index)
