"""The one screen: header, search bar, four panes, detail panel, footer.

The screen owns what is shown (search, focus, active pane); panes and the
header tell it what happened through messages and it tells them what to show.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Grid, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Input

from briefing.model import Actor, Event, Quote
from tui.corpus import Corpus, Item, kind_of
from tui.screens.source import SourceScreen
from tui.widgets.detail import DetailPanel
from tui.widgets.header import CorpusHeader, ProblemsLink
from tui.widgets.loading import LoadingBar
from tui.widgets.panes import PANES, Look, Pane
from tui.widgets.search import SearchBar


class MainScreen(Screen):
    ALLOW_IN_MAXIMIZED_VIEW = "#top, Footer"

    BINDINGS = [
        Binding("tab", "next_pane", "Next pane", show=False),
        Binding("shift+tab", "previous_pane", "Previous pane", show=False),
        Binding("1", "pane(1)", "Actors", show=False, tooltip="jump to the actors pane"),
        Binding("2", "pane(2)", "Timeline", show=False, tooltip="jump to the timeline pane"),
        Binding("3", "pane(3)", "Quotes", show=False, tooltip="jump to the quotes pane"),
        Binding("4", "pane(4)", "Conflicts", show=False, tooltip="jump to the conflicts pane"),
        Binding("slash", "search", "Search", priority=True, tooltip="fuzzy, across items and report text; every pane filters"),
        Binding("f", "focus_actor", "Focus", tooltip="every pane filters to the selected actor"),
        Binding("space", "pin", "Pin", tooltip="pin or unpin the item: pinned items lead the brief"),
        Binding("y", "copy", "Copy", show=False, tooltip="copy the item with its source reference"),
        Binding("e", "export", "Export", tooltip="write the one-page brief (.md, .txt or .pdf)"),
        Binding("z", "maximise", "Zoom", show=False, tooltip="maximise the pane; again to restore"),
        Binding("escape", "clear", "Clear", show=False),
    ]

    search_text: var[str] = var("", init=False)
    focus_actor: var[str | None] = var(None, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.corpus: Corpus | None = None
        self.pins: frozenset[str] = frozenset()
        self.active_pane: Pane | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="top"):
            yield CorpusHeader(id="header")
            yield SearchBar(id="search")
            yield LoadingBar(id="loading")
        with Container(id="body"):
            with Grid(id="panes"):
                for make in PANES:
                    yield make()
            yield DetailPanel(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SearchBar).display = False
        self.active_pane = self.panes[0]
        self.panes[0].table.focus()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._apply_theme())
        self._apply_theme()

    def on_resize(self) -> None:
        self.query_one(Footer).compact = self.size.width < 100

    @property
    def panes(self) -> list[Pane]:
        return list(self.query(Pane))

    # Loading

    def show_progress(self, stage: str, done: int, total: int) -> None:
        self.query_one(LoadingBar).update_progress(stage, done, total)

    def show_corpus(self, corpus: Corpus, pins: frozenset[str]) -> None:
        self.corpus = corpus
        self.pins = pins
        self.query_one(LoadingBar).display = False
        self.query_one(CorpusHeader).show_corpus(corpus)
        for pane in self.panes:
            pane.pins = pins
        self.refilter()

    def set_pins(self, pins: frozenset[str]) -> None:
        self.pins = pins
        for pane in self.panes:
            pane.set_pins(pins)
        self._show_detail()

    def _apply_theme(self) -> None:
        variables = self.app.theme_variables
        look = Look(
            error=variables.get("error", "red"), warning=variables.get("warning", "yellow"), accent=variables.get("accent", "blue")
        )
        for pane in self.panes:
            pane.set_look(look)

    # Filtering

    def watch_search_text(self) -> None:
        self.refilter()

    def watch_focus_actor(self) -> None:
        self.refilter()

    def refilter(self) -> None:
        """Show every pane's items allowed by the search and the focus."""
        corpus = self.corpus
        if corpus is None:
            return
        allowed: frozenset[str] | None = None
        first: frozenset[str] = frozenset()
        if self.search_text.strip():
            result = corpus.searcher.search(self.search_text)
            allowed, first = result.items, result.primary
            self.query_one(SearchBar).show_status(
                f"{len(result.items):,} items · {len(result.documents):,} reports" if result.items or result.documents else "no match"
            )
        if self.focus_actor:
            related = corpus.searcher.related(self.focus_actor)
            allowed = related if allowed is None else allowed & related
            first = frozenset({self.focus_actor})
        chosen = None if allowed is None else corpus.select(allowed)
        for pane in self.panes:
            items: Sequence[Item] = corpus.items(pane.kind)
            if chosen is not None:
                items = sorted(chosen[pane.kind], key=lambda i: i.id not in first)
            current = pane.current
            pane.show(corpus, items, filtered=allowed is not None, keep=current.id if current else None)
        self._show_detail()
        focus = corpus.item(self.focus_actor) if self.focus_actor else None
        self.query_one(CorpusHeader).show_state(
            focus=focus.name if isinstance(focus, Actor) else None, query=self.search_text.strip()
        )

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self.search_text = event.value

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        """Enter in the search box: on to the first pane with results."""
        target = next((p for p in self.panes if p.shown), self.active_pane or self.panes[0])
        self._focus_pane(target)

    # Panes

    @on(Pane.Highlighted)
    def _highlighted(self, event: Pane.Highlighted) -> None:
        if event.pane is self.active_pane:
            self._show_detail()

    @on(Pane.Chosen)
    def _chosen(self, event: Pane.Chosen) -> None:
        self.open_source(event.item)

    def on_descendant_focus(self) -> None:
        focused = self.focused
        pane = next((p for p in self.panes if focused is not None and focused in p.walk_children()), None)
        if pane is not None and pane is not self.active_pane:
            self.active_pane = pane
            self._show_detail()

    @on(ProblemsLink.Clicked)
    def _problems(self) -> None:
        self.app.action_problems()

    def _show_detail(self) -> None:
        item = self.active_pane.current if self.active_pane else None
        self.query_one(DetailPanel).show(self.corpus, item, pinned=item is not None and item.id in self.pins)

    def _focus_pane(self, pane: Pane) -> None:
        if self.maximized is not None and self.maximized is not pane:
            self.maximize(pane, container=False)
        self.set_focus(pane.table)
        if pane is not self.active_pane:
            self.active_pane = pane
            self._show_detail()

    def action_pane(self, number: int) -> None:
        self._focus_pane(self.panes[number - 1])

    def action_next_pane(self) -> None:
        self._cycle(1)

    def action_previous_pane(self) -> None:
        self._cycle(-1)

    def _cycle(self, step: int) -> None:
        panes = self.panes
        at = panes.index(self.active_pane) if self.active_pane in panes else 0
        self._focus_pane(panes[(at + step) % len(panes)])

    def action_search(self) -> None:
        """Open the search box; a priority key so the letters typed straight
        after it land in the box, and a "/" typed in the box stays text."""
        bar = self.query_one(SearchBar)
        if self.focused is bar.input:
            bar.input.insert_text_at_cursor("/")
            return
        bar.display = True
        self.set_focus(bar.input)

    def action_clear(self) -> None:
        """Escape: the search first, then the focus, then a maximised pane."""
        if self.query_one(SearchBar).display:
            self._close_search()
            self.set_focus((self.active_pane or self.panes[0]).table)
        elif self.focus_actor:
            self.focus_actor = None
        elif self.maximized is not None:
            self.minimize()

    def clear_filters(self) -> None:
        self._close_search()
        self.focus_actor = None

    def _close_search(self) -> None:
        bar = self.query_one(SearchBar)
        bar.input.value = ""
        bar.display = False
        self.search_text = ""

    def action_focus_actor(self) -> None:
        item = self.active_pane.current if self.active_pane else None
        actor_id = None
        if isinstance(item, Actor):
            actor_id = item.id
        elif isinstance(item, Quote):
            actor_id = item.speaker_actor
        elif isinstance(item, Event) and item.actors:
            actor_id = item.actors[0]
        if actor_id is None:
            self.notify("Select an actor (pane 1), a quote with a known speaker or an event with actors first.", markup=False)
            return
        self.focus_actor = actor_id

    def action_pin(self) -> None:
        item = self.active_pane.current if self.active_pane else None
        if item is not None:
            self.app.toggle_pin(item.id)

    def action_copy(self) -> None:
        item = self.active_pane.current if self.active_pane else None
        if item is None or self.corpus is None:
            return
        self.app.copy_to_clipboard(self.corpus.clipboard_text(item))
        label = self.corpus.label(item)
        label = label if len(label) <= 60 else label[:59] + "…"
        self.notify(f"{label} (with its source reference)", title="Copied", markup=False)

    def action_export(self) -> None:
        self.app.action_export()

    def action_maximise(self) -> None:
        if self.maximized is not None:
            self.minimize()
        elif self.active_pane is not None:
            self.maximize(self.active_pane, container=False)

    def open_source(self, item: Item) -> None:
        if self.corpus is not None and self.corpus.spans(item):
            self.app.push_screen(SourceScreen(self.corpus, item))

    def jump(self, item_id: str) -> None:
        """Make an item current in its pane, clearing filters that hide it."""
        corpus = self.corpus
        item = corpus.item(item_id) if corpus else None
        if item is None:
            return
        pane = next(p for p in self.panes if p.kind == kind_of(item))
        if not pane.select(item_id):
            self.clear_filters()
            pane.select(item_id)
        self._focus_pane(pane)

    def action_jump(self, item_id: str) -> None:
        self.jump(item_id)
