"""The detail panel: the current item with every sentence it came from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui import render
from tui.corpus import Corpus, Item


class DetailPanel(VerticalScroll, can_focus=False):
    ALLOW_MAXIMIZE = True

    def compose(self) -> ComposeResult:
        yield Static(Content("Select an item to see where it comes from."), id="detail-body")

    def on_mount(self) -> None:
        self.border_title = "Detail"

    def show(self, corpus: Corpus | None, item: Item | None, *, pinned: bool = False) -> None:
        body = self.query_one("#detail-body", Static)
        if corpus is None or item is None:
            body.update(Content("Nothing selected."))
        else:
            body.update(render.detail(corpus, item, pinned=pinned))
        self.scroll_home(animate=False)
