"""The search bar: shown by `/`, results as you type, escape clears."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Static


class SearchBar(Horizontal):
    def compose(self) -> ComposeResult:
        yield Static(Content.styled("/", "bold $text-accent"), id="search-prompt")
        yield Input(placeholder="search actors, events, quotes, conflicts and report text", id="search-input", select_on_focus=False)
        yield Static(Content(""), id="search-status")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def show_status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(Content.styled(text, "$text-muted"), layout=False)
