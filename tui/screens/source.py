"""The source viewer: a whole report scrolled to the sentence an item came from.

The report is shown in three blocks (before, the paragraph holding the
sentence, after) so the viewer can scroll the paragraph to the top without
measuring wrapped lines; the blank lines between them are kept as margins.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from briefing.model import Span
from tui import render
from tui.corpus import Corpus, Item


class SourceScreen(Screen):
    BINDINGS = [
        Binding("escape", "dismiss", "Back"),
        Binding("n", "step(1)", "Next source"),
        Binding("p", "step(-1)", "Previous source"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
    ]

    def __init__(self, corpus: Corpus, item: Item, at: int = 0) -> None:
        super().__init__()
        self.corpus = corpus
        self.item = item
        self.spans = _distinct_sentences(corpus, corpus.spans(item))
        self.at = min(at, len(self.spans) - 1)

    def compose(self) -> ComposeResult:
        yield Static(id="source-title")
        yield Static(id="source-warnings")
        with VerticalScroll(id="source-scroll"):
            yield Static(id="source-before", classes="source-text")
            yield Static(id="source-target", classes="source-text")
            yield Static(id="source-after", classes="source-text")
        yield Footer()

    def on_mount(self) -> None:
        self.show_span()

    def show_span(self) -> None:
        corpus, span = self.corpus, self.spans[self.at]
        doc = corpus.document(span.doc)
        count = f"  ·  source {self.at + 1} of {len(self.spans)} (n / p)" if len(self.spans) > 1 else ""
        self.query_one("#source-title", Static).update(
            Content("\n").join(
                [
                    render.report_line(corpus, doc.id),
                    Content.assemble(("file ", "$text-muted"), doc.path, (count, "$text-muted")),
                ]
            )
        )
        warnings = self.query_one("#source-warnings", Static)
        warnings.display = bool(doc.warnings)
        warnings.update(render.warnings(doc))
        content = render.document(doc, corpus.sentence_of(span)).stylize(render.EXACT, span.start, span.end)
        paragraph = corpus.paragraph_of(span)
        cut_before = doc.text.rfind("\n", 0, paragraph.start) + 1
        cut_after = doc.text.find("\n", paragraph.end)
        cut_after = len(doc.text) if cut_after == -1 else cut_after
        blocks = [(0, cut_before), (cut_before, cut_after), (cut_after, len(doc.text))]
        for name, (start, end) in zip(("before", "target", "after"), blocks, strict=True):
            block = self.query_one(f"#source-{name}", Static)
            text = doc.text[start:end]
            lead = len(text) - len(text.lstrip("\n"))
            trail = len(text) - len(text.rstrip("\n"))
            block.display = end - lead - trail > start
            block.styles.margin = (max(lead - 1, 0), 0, max(trail - 1, 0), 0)
            block.update(content[start + lead : end - trail])
        self.call_after_refresh(self._scroll_to_target)

    def _scroll_to_target(self) -> None:
        scroll = self.query_one("#source-scroll", VerticalScroll)
        target = self.query_one("#source-target", Static)
        scroll.scroll_to(y=max(target.virtual_region.y - 2, 0), animate=False)

    def action_step(self, step: int) -> None:
        if len(self.spans) > 1:
            self.at = (self.at + step) % len(self.spans)
            self.show_span()

    def action_scroll(self, lines: int) -> None:
        scroll = self.query_one("#source-scroll", VerticalScroll)
        scroll.scroll_relative(y=lines, animate=False)


def _distinct_sentences(corpus: Corpus, spans: tuple[Span, ...]) -> list[Span]:
    """One span per sentence, so `n` always moves to a new place."""
    seen: set[tuple[int, int]] = set()
    out: list[Span] = []
    for span in spans:
        sentence = corpus.sentence_of(span)
        if (sentence.doc, sentence.start) not in seen:
            seen.add((sentence.doc, sentence.start))
            out.append(span)
    return out
