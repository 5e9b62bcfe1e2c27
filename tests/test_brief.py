"""The one-page brief: what it picks, how it cites, and that it always fits its page."""

from __future__ import annotations

import io
import os
import re
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest

from briefing import brief as brief_module
from briefing.brief import (
    BriefError,
    BriefExists,
    compose_brief,
    render_markdown,
    render_pdf,
    render_text,
    write_brief,
)
from briefing.index import Index, build_index, bundled_corpus
from briefing.model import Actor, Claim, Conflict, Event, Family, PartialDate, Quote, Span
from briefing.sources import build_document
from briefing.text import segment

WIRE = """\
CALDERA (Wire) — Dock workers at the port of Caldera walked off the job on Monday, halting copper exports for the first time in a decade, union leaders said.

The strike was called after talks on a new pay scale collapsed late on Sunday, said Marta Quiroga, who leads the dockers' union.

"We will not load a single ship until the port authority signs," Quiroga told reporters at the gates.

Port director Tomas Ibarra said the authority had offered a raise of 6 percent.
"""

REWRITE = """\
Caldera Dockers Strike Over Pay

Copper exports from the port of Caldera were halted on Monday when dock workers walked off the job for the first time in ten years, according to union leaders.

The walkout began after pay talks broke down on Sunday night, union head Marta Quiroga said.

"We will not load one ship until the port authority signs," Quiroga said.
"""

INDEPENDENT = """\
Strike at Caldera stops copper shipments

Monday's strike by dock workers at the port of Caldera has halted copper exports, the first such stoppage in a decade, shipping agents confirmed.

Mining companies said warehouses near the port would be full within a week.

A spokesman for the port authority said it had offered the dockers a raise of 6 percent.
"""

OLDER = """\
Caldera port authority plans new cranes

The port authority of Caldera announced plans last year to buy four new cranes for the container terminal.

The harbour master said the cranes would arrive before the summer season.
"""


def make_doc(doc_id: int, text: str, *, family: str | None = None, warnings: tuple[str, ...] = (), date=None):
    doc = segment(build_document(doc_id, f"reports/{doc_id:03d}.txt", text))
    return replace(doc, family=family, warnings=doc.warnings + warnings, date=date or doc.date)


def span_of(doc, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(needle, start + 1)
    return Span(doc.id, start, start + len(needle))


def sentence_with(doc, needle: str) -> Span:
    hit = span_of(doc, needle)
    return next(s for s in doc.sentences if s.start <= hit.start and hit.end <= s.end)


@pytest.fixture
def strike() -> Index:
    """Two retellings of one wire story, an independent report and an older one."""
    docs = (
        make_doc(0, WIRE, family="f1", date=PartialDate(2025, 3, 3)),
        make_doc(1, REWRITE, family="f1", date=PartialDate(2025, 3, 4)),
        make_doc(2, INDEPENDENT, date=PartialDate(2025, 3, 4)),
        make_doc(3, OLDER, date=PartialDate(2024, 6, 1)),
    )
    quiroga = Actor(
        "a1", "Marta Quiroga", "person", ("Marta Quiroga", "Quiroga"), ("leader of the dockers' union",),
        (span_of(docs[0], "Marta Quiroga"), span_of(docs[0], "Quiroga", 1), span_of(docs[1], "Marta Quiroga")),
    )
    ibarra = Actor("a2", "Tomas Ibarra", "person", ("Tomas Ibarra",), ("port director",), (span_of(docs[0], "Tomas Ibarra"),))
    authority = Actor(
        "a3", "port authority", "organization", ("port authority",), (),
        tuple(span_of(d, "port authority") for d in docs),
    )
    strike_day = [
        Event("e1", 0, PartialDate(2025, 3, 3), "Monday", span_of(docs[0], "Monday"), True, PartialDate(2025, 3, 3),
              sentence_with(docs[0], "walked off"), "Dock workers walk off the job", ("a1",), "c1"),
        Event("e2", 2, PartialDate(2025, 3, 3), "Monday", span_of(docs[2], "Monday"), True, PartialDate(2025, 3, 4),
              sentence_with(docs[2], "halted copper"), "Strike halts copper exports", (), "c1"),
    ]
    cranes = Event("e3", 3, PartialDate(2023), "last year", span_of(docs[3], "last year"), True, PartialDate(2024, 6, 1),
                   sentence_with(docs[3], "four new cranes"), "Port authority plans new cranes", ("a3",), "c2")
    quotes = (
        Quote("q1", 0, "We will not load a single ship until the port authority signs", span_of(docs[0], "We will not load a single ship until the port authority signs"),
              "Marta Quiroga", "named", "a1", confidence=0.9, group="g1"),
        Quote("q2", 1, "We will not load one ship until the port authority signs", span_of(docs[1], "We will not load one ship until the port authority signs"),
              "Marta Quiroga", "named", "a1", confidence=0.9, group="g1"),
    )
    conflicts = (
        Conflict("k1", "number", "size of the offered raise",
                 (Claim(span_of(docs[0], "a raise of 6 percent"), "a raise of 6 percent"),
                  Claim(span_of(docs[2], "a raise of 6 percent"), "a raise of 6 percent")), severity=1),
        Conflict("k2", "quote-wording", "what Quiroga said she would not load",
                 (Claim(quotes[0].span, quotes[0].text), Claim(quotes[1].span, quotes[1].text)), severity=3),
    )
    return Index(
        documents=docs,
        actors=(quiroga, ibarra, authority),
        events=(*strike_day, cranes),
        quotes=quotes,
        conflicts=conflicts,
        families=(Family("f1", (0, 1), 0.8),),
    )


def section(markdown: str, title: str) -> list[str]:
    """The items under a `## title` heading, continuation lines joined."""
    lines = markdown.splitlines()
    start = lines.index(f"## {title}") + 1
    items: list[str] = []
    for line in lines[start:]:
        if line.startswith("## ") or not line.strip():
            break
        if line.startswith("- "):
            items.append(line[2:])
        else:
            items[-1] += " " + line.strip()
    return items


def numbered_sources(markdown: str) -> dict[int, str]:
    return {int(m.group(1)): m.group(2) for m in (re.match(r"\[(\d+)\] (.*)", i) for i in section(markdown, "Sources")) if m}


def cited(item: str) -> set[int]:
    """Source numbers in an item's references, not counting '+N more'."""
    numbers = set()
    for group in re.findall(r"(?<!\\)\[([\d, ]+(?: \+\d+ more)?)\]", item):
        numbers |= {int(n) for n in re.sub(r"\+\d+ more", "", group).replace(",", " ").split()}
    return numbers


def pdf_pages(data: bytes) -> list[pypdf.PageObject]:
    return list(pypdf.PdfReader(io.BytesIO(data)).pages)


# ------------------------------------------------------------------ content


def test_bottom_line_is_the_statement_independent_families_corroborate(strike):
    md = render_markdown(compose_brief(strike))
    bottom = section(md, "Bottom line")
    sources = numbered_sources(md)
    assert 2 <= len(bottom) <= 4
    assert "copper exports" in bottom[0] and "Caldera" in bottom[0]
    cited_titles = [sources[n] for n in cited(bottom[0])]
    assert any("Strike at Caldera stops copper shipments" in t for t in cited_titles)
    assert any("Dock workers at the port of Caldera" in t or "Caldera Dockers Strike" in t for t in cited_titles)


def test_bottom_line_strips_the_wire_dateline(strike):
    bottom = compose_brief(strike).sections[0].lines
    assert all(not line.text.startswith("CALDERA (Wire)") for line in bottom)


def test_references_resolve_to_the_reports_each_line_came_from(strike):
    md = render_markdown(compose_brief(strike))
    titles = {"Dock workers at the port of Caldera": 0, "Caldera Dockers Strike": 1, "Strike at Caldera stops": 2, "Caldera port authority plans": 3}
    doc_of = {n: next(d for t, d in titles.items() if title.startswith(t)) for n, title in numbered_sources(md).items()}
    ibarra = next(i for i in section(md, "Key actors") if i.startswith("**Tomas Ibarra**"))
    assert [doc_of[n] for n in cited(ibarra)] == [0]
    raise_conflict = next(i for i in section(md, "Conflicts and caveats") if "offered raise" in i)
    assert {doc_of[n] for n in cited(raise_conflict)} == {0, 2}
    quote = section(md, "Key quotes")[0]
    assert {doc_of[n] for n in cited(quote)} == {0, 1}


def test_every_line_of_the_markdown_carries_references(strike):
    md = render_markdown(compose_brief(strike))
    lines = md.splitlines()
    assert cited(lines[0]) and cited(lines[1])
    for title in ("Bottom line", "Key actors", "Timeline", "Key quotes", "Conflicts and caveats", "Sources"):
        items = section(md, title)
        assert items, title
        assert all(cited(item) for item in items), title
    every = set().union(*(cited(i) for t in ("Bottom line", "Key actors", "Timeline", "Key quotes", "Conflicts and caveats") for i in section(md, t)))
    assert every <= set(numbered_sources(md))


def test_title_names_the_most_widely_reported_actors_and_words(strike):
    title = compose_brief(strike).title
    assert title.text.startswith("port authority, Marta Quiroga: ")
    assert render_markdown(compose_brief(strike)).startswith("# port authority, Marta Quiroga: ")


def test_without_actors_the_title_is_a_headline_not_a_cut_first_sentence(strike):
    title = compose_brief(replace(strike, actors=())).title
    headlines = {d.id: d.title for d in strike.documents[1:]}
    assert title.docs[0] in headlines and title.text == headlines[title.docs[0]]


def test_header_gives_as_of_date_and_independent_sources(strike):
    md = render_markdown(compose_brief(strike))
    assert md.splitlines()[1].startswith(
        "As of 2025-03-04 · 4 reports, 3 independent sources, 2024-06-01 to 2025-03-04"
    )


def test_sources_list_dates_families_and_warnings(strike):
    index = replace(strike, documents=(*strike.documents[:3], replace(strike.documents[3], warnings=("Decoded as cp1252, not UTF-8: check names.",))))
    sources = numbered_sources(render_markdown(compose_brief(index)))
    assert any(t.endswith("2025-03-03 · story f1, 2 reports") for t in sources.values())
    assert any("independent · Decoded as cp1252, not UTF-8" in t for t in sources.values())


def test_timeline_is_in_date_order_and_marks_relative_dates(strike):
    items = section(render_markdown(compose_brief(strike)), "Timeline")
    assert items[0].startswith("**2023 (“last year”)**: Port authority plans new cranes")
    assert items[1].startswith("**2025-03-03 (“Monday”)**")


def test_same_quote_in_two_reports_is_one_line_citing_both(strike):
    items = section(render_markdown(compose_brief(strike)), "Key quotes")
    assert len(items) == 1
    assert items[0].startswith("**Marta Quiroga**: “We will not load a single ship")
    assert len(cited(items[0])) == 2


def test_conflicts_come_by_severity_with_each_claim_cited(strike):
    items = section(render_markdown(compose_brief(strike)), "Conflicts and caveats")
    assert items[0].startswith("**Quote wording**: what Quiroga said")
    assert re.search(r"“We will not load a single ship[^”]*” \[\d\] vs “We will not load one ship[^”]*” \[\d\]", items[0])


def test_each_kind_of_conflict_gets_a_turn_and_repeats_wait(strike):
    d0, d2 = strike.documents[0], strike.documents[2]
    claim = lambda doc, text: Claim(span_of(doc, text), text)
    conflicts = (
        Conflict("k1", "attribution", "who called the strike", (claim(d0, "union leaders said"), claim(d2, "shipping agents confirmed")), severity=5),
        Conflict("k2", "attribution", "who made the offer", (claim(d0, "Port director Tomas Ibarra"), claim(d2, "A spokesman for the port authority")), severity=5),
        Conflict("k3", "quote-wording", "the union leaders again", (claim(d0, "union leaders said"), claim(d2, "shipping agents")), severity=4),
        Conflict("k4", "number", "length of the stoppage", (claim(d0, "in a decade"), claim(d2, "in a decade")), severity=2),
    )
    lines = compose_brief(replace(strike, conflicts=conflicts)).sections[4].lines
    assert [ln.item for ln in lines if ln.item and ln.item.startswith("k")] == ["k1", "k4", "k2", "k3"]


def test_a_phrase_inside_a_graver_conflicts_sentence_is_not_a_repeat(strike):
    d0, d2 = strike.documents[0], strike.documents[2]
    sentence = sentence_with(d0, "Port director")
    graver = Conflict("k1", "attribution", "who offered the raise",
                      (Claim(sentence, d0.slice(sentence)), Claim(span_of(d2, "A spokesman"), "A spokesman")), severity=6)
    phrase = Conflict("k2", "number", "size of the raise",
                      (Claim(span_of(d0, "6 percent"), "6 percent"), Claim(span_of(d2, "6 percent"), "6 percent")), severity=2)
    retold = Conflict("k3", "quote-wording", "the same claim again",
                      (Claim(sentence, d0.slice(sentence)), Claim(span_of(d2, "A spokesman"), "A spokesman")), severity=5)
    lines = compose_brief(replace(strike, conflicts=(graver, phrase, retold))).sections[4].lines
    assert [ln.item for ln in lines if ln.item and ln.item.startswith("k")] == ["k1", "k2", "k3"]


def test_at_equal_severity_a_conflict_quotable_in_few_words_goes_first(strike):
    d0, d2 = strike.documents[0], strike.documents[2]
    long_one = Conflict("k1", "quote-wording", "long", (Claim(sentence_with(d0, "walked off"), d0.slice(sentence_with(d0, "walked off"))),
                                                       Claim(sentence_with(d2, "halted copper"), d2.slice(sentence_with(d2, "halted copper")))), severity=5)
    short_one = Conflict("k2", "quote-wording", "short", (Claim(span_of(d0, "walked off the job"), "walked off the job"),
                                                         Claim(span_of(d2, "strike by dock workers"), "strike by dock workers")), severity=5)
    lines = compose_brief(replace(strike, conflicts=(long_one, short_one))).sections[4].lines
    assert [ln.item for ln in lines if ln.item and ln.item.startswith("k")] == ["k2", "k1"]


def test_conflict_claims_too_long_to_quote_are_cited_by_number(strike):
    d0, d2 = strike.documents[0], strike.documents[2]
    long_claims = (Claim(sentence_with(d0, "walked off"), d0.slice(sentence_with(d0, "walked off"))),
                   Claim(sentence_with(d2, "halted copper"), d2.slice(sentence_with(d2, "halted copper"))))
    conflict = Conflict("k9", "date", "which day the strike began", long_claims, severity=9)
    md = render_markdown(compose_brief(replace(strike, conflicts=(conflict,))))
    line = section(md, "Conflicts and caveats")[0]
    assert line.startswith("**Dates**: which day the strike began [")
    assert len(cited(line)) == 2 and "“" not in line


def test_actor_roles_do_not_repeat_themselves(strike):
    actor = replace(strike.actors[1], roles=("Port director", "director", "harbour pilot"))
    md = render_markdown(compose_brief(replace(strike, actors=(strike.actors[0], actor, strike.actors[2]))))
    assert any(i.startswith("**Tomas Ibarra**: Port director; harbour pilot [") for i in section(md, "Key actors"))


def test_doubtful_report_date_is_a_caveat_and_sets_neither_end_of_the_span(strike):
    odd = replace(strike.documents[2], date=PartialDate(2019, 1, 1), warnings=("The header date 2019-01-01 contradicts the content, which is from 2025.",))
    index = replace(strike, documents=(*strike.documents[:2], odd, strike.documents[3]))
    md = render_markdown(compose_brief(index))
    caveat = next(i for i in section(md, "Conflicts and caveats") if i.startswith("**Doubtful report date**"))
    assert "header date 2019-01-01 contradicts" in caveat
    assert numbered_sources(md)[min(cited(caveat))].startswith("Strike at Caldera stops copper shipments · 2019-01-01 (doubtful)")
    assert "2024-06-01 to 2025-03-04" in md.splitlines()[1]


def test_header_date_the_engine_replaced_is_a_caveat(strike):
    redated = replace(strike.documents[3], header_date=PartialDate(2019, 2, 6), date=PartialDate(2024, 6))
    index = replace(strike, documents=(*strike.documents[:3], redated))
    lines = compose_brief(index).sections[4].lines
    assert any(ln.label == "Doubtful report date" and "2019-02-06" in ln.text and ln.docs == (3,) for ln in lines)


def test_retold_story_is_a_caveat(strike):
    lines = compose_brief(strike).sections[4].lines
    assert any(ln.label == "Same story" and ln.docs == (0, 1) for ln in lines)


# --------------------------------------------------------------------- pins


def test_pinned_items_go_first_in_their_sections(strike):
    plain = compose_brief(strike)
    assert plain.sections[1].lines[0].item != "a2"
    pinned = compose_brief(strike, pins=["a2", "e3", "k1", "nonexistent"])
    assert pinned.sections[1].lines[0].item == "a2" and pinned.sections[1].lines[0].pinned
    assert pinned.sections[2].lines[0].item == "e3"
    assert pinned.sections[4].lines[0].item == "k1"
    assert [ln.item for ln in pinned.sections[1].lines].count("a2") == 1


def test_pinned_items_survive_when_the_page_is_full():
    index = big_index(300)
    pins = ["a299", "q250"]
    md = render_markdown(compose_brief(index, pins=pins))
    assert section(md, "Key actors")[0].startswith("**Actor Number299**")
    assert "Quote number 250" in section(md, "Key quotes")[0]


# ------------------------------------------------------------------ limits


def test_markdown_is_under_60_lines_of_at_most_100_characters_for_a_large_corpus():
    index = big_index(300)
    md = render_markdown(compose_brief(index))
    lines = md.splitlines()
    assert len(lines) < 60
    assert max(len(line) for line in lines) <= 100
    for title in ("Bottom line", "Key actors", "Timeline", "Key quotes", "Conflicts and caveats"):
        assert section(md, title), title


def test_plain_text_keeps_the_same_limits():
    text = render_text(compose_brief(big_index(300)))
    lines = text.splitlines()
    assert len(lines) < 60 and max(len(line) for line in lines) <= 100
    assert "BOTTOM LINE" in lines and "SOURCES" in lines
    assert "**" not in text


def test_overflow_drops_the_lowest_ranked_lines_first():
    full = compose_brief(big_index(300))
    md = render_markdown(full)
    actors = section(md, "Key actors")
    ranked = [ln.label for ln in full.sections[1].lines]
    shown = [re.match(r"\*\*(.*?)\*\*", a).group(1) for a in actors]
    assert shown == ranked[: len(shown)] and len(shown) < len(ranked)


def test_report_text_cannot_inject_markdown(strike):
    hostile = "# Heading [link](http://x) *bold* _it_ `code` <b>html</b> $x$ | pipe & amp;"
    actor = replace(strike.actors[0], name=hostile)
    md = render_markdown(compose_brief(replace(strike, actors=(actor, *strike.actors[1:]))))
    line = next(i for i in section(md, "Key actors") if "Heading" in i)
    assert line.startswith(r"**\# Heading \[link\](http://x) \*bold\* \_it\_ \`code\` \<b\>html\</b\> \$x\$ \| pipe \& amp;**")
    assert all(not ln.startswith("#") or ln.startswith(("# ", "## ")) for ln in md.splitlines())


def test_wrapped_rows_never_start_a_markdown_list():
    text = "word " * 17 + "- not a list item and then " + "more " * 30
    doc = make_doc(0, "Title line here\n\nOpening sentence of the report goes here for the test.")
    actor = Actor("a1", "Someone", "person", ("Someone",), (text,), (span_of(doc, "report"),))
    lines = render_markdown(compose_brief(Index(documents=(doc,), actors=(actor,)))).splitlines()
    assert all(not re.match(r"\s+[-+*] ", ln) for ln in lines)


# --------------------------------------------------------------------- PDF


def test_pdf_of_the_bundled_corpus_is_one_page_with_extractable_text():
    index = build_index([str(bundled_corpus())])
    data = render_pdf(compose_brief(index))
    pages = pdf_pages(data)
    assert len(pages) == 1
    text = pages[0].extract_text()
    assert "BOTTOM LINE" in text and "SOURCES" in text
    assert "withdraw" in text.lower()


def test_pdf_of_a_300_report_corpus_is_exactly_one_a4_page():
    data = render_pdf(compose_brief(big_index(300), pins=["a7", "a8"]), "a4")
    pages = pdf_pages(data)
    assert len(pages) == 1
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)
    text = pages[0].extract_text()
    assert "KEY ACTORS" in text and "CONFLICTS AND CAVEATS" in text
    assert "Андрей Волков" in text and "السوداني" in text


def test_pdf_on_letter_paper_is_one_letter_page():
    pages = pdf_pages(render_pdf(compose_brief(big_index(300)), "letter"))
    assert len(pages) == 1
    assert (round(float(pages[0].mediabox.width)), round(float(pages[0].mediabox.height))) == (612, 792)


def test_pdf_embeds_its_fonts(strike):
    page = pdf_pages(render_pdf(compose_brief(strike)))[0]
    fonts = page["/Resources"]["/Font"]
    assert fonts
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font else font["/FontDescriptor"]
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_typst_markup_in_reports_is_printed_literally(strike):
    hostile = '#set page(paper: "a6") ]*bold* $x^2$ <lab> @ref \\ `raw` #pagebreak()'
    actor = replace(strike.actors[0], name=hostile)
    data = render_pdf(compose_brief(replace(strike, actors=(actor, *strike.actors[1:]))))
    pages = pdf_pages(data)
    assert len(pages) == 1 and round(float(pages[0].mediabox.width)) == 595
    text = " ".join(pages[0].extract_text().split())
    assert '#set page(paper: "a6") ]*bold* $x^2$ <lab> @ref \\ `raw` #pagebreak()' in text


def test_unknown_paper_is_refused(strike):
    with pytest.raises(BriefError, match="a4 or letter"):
        render_pdf(compose_brief(strike), "a5")


# ------------------------------------------------------------------ writing


@pytest.mark.parametrize("suffix", [".md", ".txt", ".pdf"])
def test_write_brief_picks_the_format_from_the_suffix(strike, tmp_path, suffix):
    path = write_brief(strike, tmp_path / f"brief{suffix}")
    data = path.read_bytes()
    assert data.startswith(b"%PDF") == (suffix == ".pdf")
    assert data.startswith(b"# ") == (suffix == ".md")


def test_existing_file_is_not_overwritten_without_force(strike, tmp_path):
    target = tmp_path / "brief.md"
    target.write_text("keep me")
    with pytest.raises(BriefExists, match=re.escape(str(target))):
        write_brief(strike, target)
    assert target.read_text() == "keep me"
    write_brief(strike, target, force=True)
    assert target.read_text().startswith("# ")


def test_failed_rename_leaves_no_partial_file(strike, tmp_path, monkeypatch):
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"old brief")

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(BriefError, match=r"Cannot write .*brief\.pdf: no space left on device\."):
        write_brief(strike, target, force=True)
    assert target.read_bytes() == b"old brief"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pdf"]


def test_failed_render_writes_nothing(strike, tmp_path, monkeypatch):
    def broken(brief, paper):
        raise BriefError("Typesetting the PDF failed: simulated.")

    monkeypatch.setitem(brief_module._RENDERERS, ".pdf", broken)
    with pytest.raises(BriefError, match="simulated"):
        write_brief(strike, tmp_path / "brief.pdf")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_is_one_sentence(strike, tmp_path, monkeypatch):
    real_open = os.open

    def denied(path, *args, **kwargs):
        if str(path).startswith(str(tmp_path)):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(BriefError) as caught:
        write_brief(strike, tmp_path / "brief.md")
    assert str(caught.value) == f"Cannot write {tmp_path / 'brief.md'}: permission denied."


def test_missing_folder_and_bad_suffix_are_refused(strike, tmp_path):
    with pytest.raises(BriefError, match="does not exist"):
        write_brief(strike, tmp_path / "nowhere" / "brief.md")
    with pytest.raises(BriefError, match=r"must end in \.md, \.txt or \.pdf"):
        write_brief(strike, tmp_path / "brief.docx")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------- a large corpus


NAMES = ["Андрей Волков", "محمد شياع السوداني", "Li Wen", "Ana Souza"]


def big_index(n: int) -> Index:
    """`n` generated reports: families of retold stories, long sentences,
    many actors, events, quotes and conflicts, names in three scripts."""
    docs = []
    for i in range(n):
        special = NAMES[i % len(NAMES)]
        family = f"f{i // 5}" if i < 100 else None
        text = (
            f"Report {i} on the Varnish river crisis\n\n"
            f"Officials in the Varnish valley said on Tuesday that the river crisis had forced {1000 + i} families "
            f"from their homes, and Actor Number{i} warned that relief supplies would run out within days.\n\n"
            f"“Quote number {i}: the relief convoys have not reached the northern villages and the bridges are gone,” "
            f"said {special} at a long and crowded briefing in the valley capital that lasted until late evening.\n\n"
            f"The agency reported a second flood wave on {1 + i % 28} March 2025 along the lower Varnish.\n"
        )
        doc = segment(build_document(i, f"gen/{i:04d}.txt", text))
        docs.append(replace(doc, family=family, date=PartialDate(2025, 3, 1 + i % 28)))
    actors = []
    for i, doc in enumerate(docs):
        actors.append(
            Actor(f"a{i}", f"Actor Number{i}", "person", (f"Actor Number{i}",),
                  (f"regional coordinator of relief efforts for district {i} of the valley",),
                  (span_of(doc, f"Actor Number{i}"),))
        )
    for k, name in enumerate(NAMES):
        mentions = tuple(span_of(d, name) for d in docs if name in d.text)
        actors.append(Actor(f"a{n + k}", name, "person", (name,), ("relief official",), mentions))
    events, quotes, conflicts = [], [], []
    for i, doc in enumerate(docs):
        sentence = sentence_with(doc, "second flood wave")
        date_text = f"{1 + i % 28} March 2025"
        events.append(Event(f"e{i}", i, doc.date, date_text, span_of(doc, date_text), False, None, sentence,
                            f"Second flood wave along the lower Varnish reported in report {i}", (f"a{i}",), f"c{i % 40}"))
        qtext = f"Quote number {i}: the relief convoys have not reached the northern villages and the bridges are gone"
        quotes.append(Quote(f"q{i}", i, qtext, span_of(doc, qtext), NAMES[i % len(NAMES)], "named",
                            f"a{n + i % len(NAMES)}", confidence=0.8, group=f"g{i}"))
    for k in range(60):
        a, b = docs[k], docs[(k * 7 + 3) % n]
        conflicts.append(Conflict(
            f"k{k}", "number", f"how many families fled, as told in reports {a.id} and {b.id}",
            (Claim(span_of(a, f"{1000 + a.id} families"), f"{1000 + a.id} families"),
             Claim(span_of(b, f"{1000 + b.id} families"), f"{1000 + b.id} families")),
            severity=1 + k % 3,
        ))
    families = [Family(f"f{j}", tuple(range(j * 5, j * 5 + 5)), 0.9) for j in range(20)]
    return Index(tuple(docs), tuple(actors), tuple(events), tuple(quotes), tuple(conflicts), tuple(families))
