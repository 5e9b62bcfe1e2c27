"""The header line: the corpus at a glance, the focus and the search in force."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from tui.corpus import Corpus


class ProblemsLink(Static):
    """The problem count; clicking it opens the problems screen."""

    class Clicked(Message):
        pass

    def on_click(self) -> None:
        self.post_message(self.Clicked())


class CorpusHeader(Horizontal):
    def compose(self) -> ComposeResult:
        yield Static(Content.styled("briefing", "bold"), id="app-name")
        yield Static(Content("reading reports…"), id="glance")
        yield ProblemsLink(Content(""), id="problems-link")
        yield Static(Content(""), id="state")

    def show_corpus(self, corpus: Corpus) -> None:
        index = corpus.index
        reports = len(index.documents)
        families = corpus.families_count()
        glance = (
            f"{reports:,} report{'s' * (reports != 1)} · {families:,} independent source{'s' * (families != 1)}"
            f" · {corpus.date_span()}"
        )
        self.query_one("#glance", Static).update(Content(glance))
        problems = corpus.problems_count()
        link = self.query_one(ProblemsLink)
        link.update(
            Content.styled(f"⚠ {problems:,} problem{'s' * (problems != 1)}", "bold $text-warning")
            if problems
            else Content.styled("no problems", "$text-muted")
        )
        link.tooltip = "Open the problems screen (unreadable files, report warnings)"

    def show_state(self, *, focus: str | None, query: str) -> None:
        parts: list[Content] = []
        if focus:
            parts.append(Content.assemble(("focus ", "$text-muted"), (focus, "bold $text-accent")))
        if query:
            parts.append(Content.assemble(("search ", "$text-muted"), (query, "bold")))
        if parts:
            parts.append(Content.styled("esc clears", "$text-muted"))
        self.query_one("#state", Static).update(Content("  ").join(parts), layout=False)
