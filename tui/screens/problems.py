"""Files that could not be read and reports that carry warnings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui import render
from tui.corpus import Corpus


class ProblemsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, corpus: Corpus) -> None:
        super().__init__()
        self.corpus = corpus

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="problems-box"):
            yield Static(self._content(), id="problems-text")

    def on_mount(self) -> None:
        box = self.query_one("#problems-box")
        box.border_title = "Problems"
        box.border_subtitle = "escape closes"

    def _content(self) -> Content:
        index = self.corpus.index
        lines: list[Content] = []
        if not index.documents:
            lines += [Content.styled("No readable reports in the given paths.", "bold $text-error"), Content("")]
        lines.append(Content.styled(f"Files not read ({len(index.problems)})", "bold $text-accent"))
        if not index.problems:
            lines.append(Content.styled("  none", "$text-muted"))
        for problem in index.problems:
            lines.append(Content.assemble(("  ✗ ", "bold $text-error"), problem.message))
        warned = [d for d in index.documents if d.warnings]
        lines += [Content(""), Content.styled(f"Reports with warnings ({len(warned)})", "bold $text-accent")]
        if not warned:
            lines.append(Content.styled("  none", "$text-muted"))
        for doc in warned:
            lines.append(Content.assemble("  ", render.report_line(self.corpus, doc.id)))
            lines.append(Content.assemble(("    ", ""), ("file ", "$text-muted"), doc.path))
            for warning in doc.warnings:
                lines.append(Content.assemble(("    ⚠ ", "bold $text-warning"), warning))
        return Content("\n").join(lines)
