"""The briefing app: builds the index in a worker and shows it on one screen."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from briefing.index import Index, build_index
from briefing.pins import load_pins, save_pins
from briefing.sources import DEFAULT_MAX_BYTES
from tui.corpus import Corpus
from tui.providers import ItemsProvider
from tui.screens.export import ExportScreen
from tui.screens.help import HelpScreen, key_groups
from tui.screens.main import MainScreen
from tui.screens.problems import ProblemsScreen

Builder = Callable[..., Index]
PROGRESS_INTERVAL = 0.05


class BriefingApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {ItemsProvider}
    ESCAPE_TO_MINIMIZE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (160, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("question_mark", "help", "Help", tooltip="this screen"),
        Binding("q", "quit", "Quit"),
    ]

    class Progress(Message):
        def __init__(self, stage: str, done: int, total: int) -> None:
            self.stage, self.done, self.total = stage, done, total
            super().__init__()

    class Loaded(Message):
        def __init__(self, corpus: Corpus, pins: list[str], notices: list[str]) -> None:
            self.corpus, self.pins, self.notices = corpus, pins, notices
            super().__init__()

    def __init__(self, paths: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES, build: Builder = build_index) -> None:
        super().__init__()
        self.paths = tuple(paths)
        self.max_bytes = max_bytes
        self.build = build
        self.corpus: Corpus | None = None
        self.pins: list[str] = []

    @property
    def main(self) -> MainScreen:
        return self.get_screen("main")  # type: ignore[return-value]

    def on_mount(self) -> None:
        self.install_screen(MainScreen(), "main")
        self.push_screen("main")
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=True)
    def load(self) -> None:
        last = 0.0

        def progress(stage: str, done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_INTERVAL or done == total:
                last = now
                self.post_message(self.Progress(stage, done, total))

        index = self.build(self.paths, max_bytes=self.max_bytes, progress=progress)
        self.post_message(self.Progress("search", 1, 1))
        corpus = Corpus.build(self.paths, index)
        corpus.prepare()
        # The index and its search tables live as long as the app: keep the
        # cyclic collector from walking them again on every keystroke's garbage.
        gc.freeze()
        pins, notices = load_pins(self.paths, index)
        self.post_message(self.Loaded(corpus, pins, notices))

    def on_briefing_app_progress(self, message: Progress) -> None:
        self.main.show_progress(message.stage, message.done, message.total)

    def on_briefing_app_loaded(self, message: Loaded) -> None:
        self.corpus = message.corpus
        self.pins = message.pins
        self.main.show_corpus(message.corpus, frozenset(self.pins))
        for notice in message.notices:
            self.notify(notice, title="Pins", severity="warning", markup=False)
        if not message.corpus.index.documents:
            self.action_problems()

    async def action_quit(self) -> None:
        """Quit; the exit code says whether anything could be read (CLI contract)."""
        nothing_read = self.corpus is not None and not self.corpus.index.documents
        self.exit(return_code=1 if nothing_read else 0)

    def toggle_pin(self, item_id: str) -> None:
        """Pin or unpin, and keep the pins for the next start (and `briefing export`)."""
        if self.corpus is None:
            return
        pins = [p for p in self.pins if p != item_id] if item_id in self.pins else [*self.pins, item_id]
        self.pins = pins
        self.main.set_pins(frozenset(pins))
        problem = save_pins(self.paths, self.corpus.index, pins)
        if problem:
            self.notify(problem, title="Pins", severity="warning", markup=False)

    def jump(self, item_id: str) -> None:
        while self.screen is not self.main:
            self.pop_screen()
        self.main.jump(item_id)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(key_groups(self)))

    def action_problems(self) -> None:
        if self.corpus is not None and not isinstance(self.screen, ProblemsScreen):
            self.push_screen(ProblemsScreen(self.corpus))

    def action_export(self) -> None:
        if self.corpus is not None and self.corpus.index.documents and not isinstance(self.screen, ExportScreen):
            self.push_screen(ExportScreen(self.corpus.index, self.pins), callback=self._exported)

    def _exported(self, path: Path | None) -> None:
        if path is not None:
            pinned = f"; {len(self.pins)} pinned item{'s' * (len(self.pins) != 1)} first" if self.pins else ""
            self.notify(f"The brief was written to {path}{pinned}.", title="Exported", markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Problems", "Unreadable files and report warnings", self.action_problems)
        yield SystemCommand("Help", "Every key and what it does", self.action_help)
        yield SystemCommand("Export the brief", "Write the one-page brief (.md, .txt or .pdf)", self.action_export)
        yield SystemCommand("Clear search and focus", "Show every item again", self.main.clear_filters)
