"""Content for the detail panel and the source viewer.

Report text only ever enters a `Content(...)` as plain text; styles are
applied by offset. Actions (links to related items) are attached as style
metadata built from engine ids, never from report text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from textual.content import Content
from textual.style import Style

from briefing.model import Actor, Conflict, Document, Event, Quote, Span
from tui.corpus import KIND_NAMES, Corpus, Item, date_text, kind_of, one_line, ref, speaker_text

SENTENCE = "on $accent 25%"
EXACT = "bold underline"
BOILERPLATE = "dim italic"
HEADING = "bold $text-accent"
MUTED = "$text-muted"
WARNING = "bold $text-warning"
MAX_PASSAGES = 6
MAX_RELATED = 8
CONTEXT = 320
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]+$")


def link(label: str, item_id: str) -> Content:
    """A label that jumps to an item when clicked."""
    content = Content(label)
    if _SAFE_ID.match(item_id):
        content = content.stylize(Style.from_meta({"@click": f"screen.jump({item_id!r})"}))
    return content


def report_line(corpus: Corpus, doc_id: int) -> Content:
    """`[n] Title — date (source of the date) · family`."""
    doc = corpus.document(doc_id)
    date = doc.date.iso() if doc.date else "undated"
    parts: list[str | tuple[str, str]] = [(ref(doc.id), "bold"), " ", (one_line(doc.title), "italic"), " — ", date]
    if doc.date and doc.date_source != "header":
        parts.append((f" (date from {doc.date_source})", MUTED))
    if doc.family:
        parts.append((f" · story {doc.family}", MUTED))
    if doc.warnings:
        parts.append((" · ⚠ " + str(len(doc.warnings)), WARNING))
    return Content.assemble(*parts)


def passage(corpus: Corpus, span: Span, *, also: Sequence[Span] = ()) -> Content:
    """The paragraph around `span` (clipped to a few hundred characters around
    it): its sentence highlighted, the span itself and `also` emphasised."""
    doc = corpus.document(span.doc)
    paragraph = corpus.paragraph_of(span)
    sentence = corpus.sentence_of(span)
    start = max(paragraph.start, min(sentence.start, span.start) - CONTEXT)
    end = min(max(paragraph.end, span.end), max(sentence.end, span.end) + CONTEXT)
    if start > paragraph.start:
        start = _word_start(doc.text, start)
    text = doc.text[start:end].replace("\n", " ")
    content = Content(text)
    content = content.stylize(SENTENCE, max(sentence.start, start) - start, min(sentence.end, end) - start)
    for emphasis in (span, *also):
        if emphasis.doc == span.doc and start <= emphasis.start and emphasis.end <= end:
            content = content.stylize(EXACT, emphasis.start - start, emphasis.end - start)
    return Content.assemble("…" if start > paragraph.start else "", content, "…" if end < paragraph.end else "")


def _word_start(text: str, at: int) -> int:
    space = text.find(" ", at, at + 30)
    return space + 1 if space != -1 else at


def sources(corpus: Corpus, spans: Iterable[Span], *, also: Sequence[Span] = ()) -> list[Content]:
    """One block per report (its line, then one passage per distinct sentence).
    At most MAX_PASSAGES passages, taken a report at a time so that every
    report behind the item shows before any shows twice; the work done is
    for the passages shown, not for every mention of a busy actor."""
    by_doc: dict[int, list[Span]] = {}
    for span in spans:
        by_doc.setdefault(span.doc, []).append(span)
    chosen: dict[int, list[Span]] = {doc_id: [] for doc_id in by_doc}
    seen: set[tuple[int, int]] = set()
    cursor = dict.fromkeys(by_doc, 0)
    shown = 0
    while shown < MAX_PASSAGES and any(cursor[d] < len(by_doc[d]) for d in by_doc):
        for doc_id, doc_spans in by_doc.items():
            while cursor[doc_id] < len(doc_spans) and shown < MAX_PASSAGES:
                span = doc_spans[cursor[doc_id]]
                cursor[doc_id] += 1
                sentence = corpus.sentence_of(span)
                if (sentence.doc, sentence.start) not in seen:
                    seen.add((sentence.doc, sentence.start))
                    chosen[doc_id].append(span)
                    shown += 1
                    break
    blocks: list[Content] = []
    for doc_id, doc_spans in chosen.items():
        if doc_spans:
            line = report_line(corpus, doc_id)
            passages = [passage(corpus, span, also=also) for span in doc_spans]
            blocks.append(Content("\n").join([Content.assemble("\n", line) if blocks else line, *passages]))
    rest = sum(len(doc_spans) - cursor[doc_id] for doc_id, doc_spans in by_doc.items())
    if rest:
        blocks.append(
            Content.styled(f"… and {rest} more, from {len(by_doc)} reports in all (enter, then n, walks through them).", MUTED)
        )
    return blocks


def support_line(corpus: Corpus, item: Item) -> Content:
    reports, families = corpus.support(item)
    return Content.styled(
        f"{reports} report{'s' * (reports != 1)} · {families} independent source{'s' * (families != 1)}", MUTED
    )


def detail(corpus: Corpus, item: Item, *, pinned: bool) -> Content:
    """Everything about one item, with its source sentences in context."""
    if isinstance(item, Actor):
        body = _actor(corpus, item)
    elif isinstance(item, Event):
        body = _event(corpus, item)
    elif isinstance(item, Quote):
        body = _quote(corpus, item)
    else:
        body = _conflict(corpus, item)
    first = Content.assemble(
        body[0], (f"  {KIND_NAMES[kind_of(item)].lower()}", MUTED), ("  ● pinned for the brief" if pinned else "", "bold $text-accent")
    )
    return Content("\n").join([first, *body[1:]])


def _section(title: str) -> Content:
    return Content.assemble("\n", (title, HEADING))


def _related(corpus: Corpus, title: str, items: Sequence[Item]) -> list[Content]:
    if not items:
        return []
    lines = [_section(f"{title} ({len(items)})")]
    for item in items[:MAX_RELATED]:
        lines.append(Content.assemble("  › ", link(corpus.label(item), item.id)))
    if len(items) > MAX_RELATED:
        lines.append(Content.styled(f"  … {len(items) - MAX_RELATED} more (f focuses on this actor)", MUTED))
    return lines


def _actor(corpus: Corpus, actor: Actor) -> list[Content]:
    lines = [Content.assemble((one_line(actor.name), "bold"), (f"  {actor.kind}", MUTED))]
    others = [a for a in actor.aliases if a != actor.name]
    if others:
        lines.append(Content.assemble(("also written ", MUTED), Content(", ".join(one_line(a) for a in others))))
    if actor.roles:
        lines.append(Content.assemble(("roles ", MUTED), Content("; ".join(one_line(r) for r in actor.roles))))
    lines.append(support_line(corpus, actor))
    lines.append(_section("Sources"))
    lines.extend(sources(corpus, actor.mentions))
    related = corpus.select(corpus.searcher.related(actor.id))
    quotes = related["quote"]
    said = [q for q in quotes if isinstance(q, Quote) and q.speaker_actor == actor.id]
    lines += _related(corpus, "Quotes", said + [q for q in quotes if not (isinstance(q, Quote) and q.speaker_actor == actor.id)])
    lines += _related(corpus, "Events", related["event"])
    lines += _related(corpus, "Conflicts", related["conflict"])
    return lines


def _event(corpus: Corpus, event: Event) -> list[Content]:
    when = Content.assemble((date_text(event), "bold"), (f"  ({event.date.granularity})" if event.date else "", MUTED))
    if event.date_text:
        when = Content.assemble(when, ("  from “", MUTED), Content(one_line(event.date_text)), ("”", MUTED))
    lines = [when]
    if event.relative:
        anchor = event.anchor.iso() if event.anchor else "no known date"
        lines.append(Content.styled(f"~ relative date, counted from {anchor}", "$text-warning"))
    if corpus.doubtful(event):
        lines.append(Content.styled("? doubtful date: check the report's own date before passing it on", "$text-error"))
    lines += [Content(one_line(event.summary)), support_line(corpus, event)]
    lines.append(_section("Sources"))
    same = corpus.same_event(event)
    lines.extend(sources(corpus, corpus.spans(event), also=[e.date_span for e in same]))
    actors = [a for a in (corpus.item(a_id) for a_id in event.actors) if a is not None]
    lines += _related(corpus, "Actors", actors)
    return lines


def _quote(corpus: Corpus, quote: Quote) -> list[Content]:
    kind = {"named": "", "anonymous": "anonymous source", "unknown": "speaker not identified"}[quote.speaker_kind]
    lines = [
        Content.assemble(("“", "bold"), Content.styled(one_line(quote.text), "bold"), ("”", "bold")),
        Content.assemble(("— ", MUTED), Content(speaker_text(quote)), (f"  {kind}" if kind else "", "italic $text-warning")),
        support_line(corpus, quote),
        _section("Sources"),
    ]
    same = corpus.same_quote(quote)
    lines.extend(sources(corpus, corpus.spans(quote), also=[q.speaker_span for q in same if q.speaker_span]))
    speaker = corpus.item(quote.speaker_actor) if quote.speaker_actor else None
    if speaker is not None:
        lines += _related(corpus, "Speaker", [speaker])
    return lines


def _conflict(corpus: Corpus, conflict: Conflict) -> list[Content]:
    level = max(1, min(conflict.severity, 3))
    lines = [
        Content.styled(one_line(conflict.topic), "bold"),
        Content.assemble((conflict.kind, MUTED), "  ", ("●" * level + "·" * (3 - level), "$text-error")),
    ]
    if conflict.note:
        lines.append(Content(one_line(conflict.note)))
    lines.append(_section(f"Claims ({len(conflict.claims)})"))
    for n, claim in enumerate(conflict.claims, start=1):
        lines.append(Content.assemble((f"{n}. ", "bold"), report_line(corpus, claim.span.doc)))
        lines.append(passage(corpus, claim.span))
    return lines


def document(doc: Document, target: Span | None) -> Content:
    """A whole report: boilerplate dimmed, the target sentence highlighted."""
    content = Content(doc.text)
    for span in doc.boilerplate:
        content = content.stylize(BOILERPLATE, span.start, span.end)
    if target is not None:
        content = content.stylize(SENTENCE, target.start, target.end)
    return content


def warnings(doc: Document) -> Content:
    lines = [Content.assemble(("⚠ ", WARNING), Content(one_line(w))) for w in doc.warnings]
    return Content("\n").join(lines)
