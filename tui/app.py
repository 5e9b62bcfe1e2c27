"""The briefing app: builds the index in a worker and shows it on one screen."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from briefing.index import Index, build_index
from briefing.sources import DEFAULT_MAX_BYTES
from tui.corpus import Corpus
from tui.providers import ItemsProvider
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.problems import ProblemsScreen
from tui.widgets.panes import ItemTable

Builder = Callable[..., Index]
PROGRESS_INTERVAL = 0.05


class BriefingApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {ItemsProvider}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (160, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("question_mark", "help", "Help", tooltip="Every key and what it does"),
        Binding("q", "quit", "Quit"),
    ]

    class Progress(Message):
        def __init__(self, stage: str, done: int, total: int) -> None:
            self.stage, self.done, self.total = stage, done, total
            super().__init__()

    class Loaded(Message):
        def __init__(self, corpus: Corpus) -> None:
            self.corpus = corpus
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
        self.post_message(self.Loaded(Corpus.build(self.paths, index)))

    def on_briefing_app_progress(self, message: Progress) -> None:
        self.main.show_progress(message.stage, message.done, message.total)

    def on_briefing_app_loaded(self, message: Loaded) -> None:
        self.corpus = message.corpus
        self.main.show_corpus(message.corpus, frozenset(self.pins))
        if not message.corpus.index.documents:
            self.action_problems()

    async def action_quit(self) -> None:
        """Quit; the exit code says whether anything could be read (CLI contract)."""
        nothing_read = self.corpus is not None and not self.corpus.index.documents
        self.exit(return_code=1 if nothing_read else 0)

    def toggle_pin(self, item_id: str) -> None:
        pins = [p for p in self.pins if p != item_id] if item_id in self.pins else [*self.pins, item_id]
        self.pins = pins
        self.main.set_pins(frozenset(pins))

    def jump(self, item_id: str) -> None:
        while self.screen is not self.main:
            self.pop_screen()
        self.main.jump(item_id)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_groups()))

    def key_groups(self) -> list[tuple[str, Iterable[Binding]]]:
        main = {b.action: b for b in MainScreen.BINDINGS if isinstance(b, Binding)}
        table = {b.action: b for b in ItemTable.BINDINGS if isinstance(b, Binding)}
        own = {b.action: b for b in self.BINDINGS if isinstance(b, Binding)}
        return [
            (
                "Move",
                [
                    main["next_pane"], main["previous_pane"], *(main[f"pane({n})"] for n in range(1, 5)),
                    Binding("j,down", "", "Next item (turns the page at the end)"),
                    Binding("k,up", "", "Previous item"),
                    Binding("pagedown,pageup", "", "Page down / up"),
                    table["open_source"], main["maximise"],
                ],
            ),
            (
                "Find",
                [main["search"], main["focus_actor"], Binding("escape", "", "Clear the search, then the focus; close a screen")],
            ),
            (
                "Brief",
                [main["pin"], main["copy"], main["export"]],
            ),
            (
                "App",
                [Binding(self.COMMAND_PALETTE_BINDING, "", "Command palette: jump to any item, change theme"), own["help"], own["quit"]],
            ),
        ]

    def action_problems(self) -> None:
        if self.corpus is not None and not isinstance(self.screen, ProblemsScreen):
            self.push_screen(ProblemsScreen(self.corpus))

    def action_export(self) -> None:
        self.notify("Export is not available yet.", markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Problems", "Unreadable files and report warnings", self.action_problems)
        yield SystemCommand("Help", "Every key and what it does", self.action_help)
        yield SystemCommand("Clear search and focus", "Show every item again", self.main.clear_filters)
