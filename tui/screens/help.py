"""The `?` screen: every key with what it does, read from the bindings themselves."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.screens.main import MainScreen
from tui.widgets.panes import ItemList

LEGEND = [
    ("●", "pinned: goes first in the exported brief"),
    ("~", "relative date (\"yesterday\"), counted from the report's date"),
    ("?", "doubtful date: unresolved, or the report's own date is questioned"),
    ("anon.", "the speaker is not named in the report"),
    ("Rep / Src", "reports behind an item / independent sources (story families)"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, groups: Iterable[tuple[str, Iterable[Binding]]]) -> None:
        super().__init__()
        self.groups = [(title, list(bindings)) for title, bindings in groups]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(self._content(), id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-box").border_title = "Keys"
        self.query_one("#help-box").border_subtitle = "escape closes"

    def _content(self) -> Content:
        lines: list[Content] = []
        for title, bindings in self.groups:
            lines.append(Content.styled(title, "bold $text-accent"))
            for binding in bindings:
                keys = " ".join(self.app.get_key_display(Binding(key, binding.action)) for key in binding.key.split(","))
                lines.append(
                    Content.assemble(
                        (f"  {keys:<12}", "bold"),
                        f"{binding.description:<10} ",
                        (binding.tooltip, "$text-muted"),
                    )
                )
            lines.append(Content(""))
        lines.append(Content.styled("Marks", "bold $text-accent"))
        for mark, meaning in LEGEND:
            lines.append(Content.assemble((f"  {mark:<12}", "bold"), meaning))
        return Content("\n").join(lines)


def key_groups(app: App) -> list[tuple[str, list[Binding]]]:
    """Every key, grouped, taken from the bindings themselves so the help
    cannot drift from what the keys do."""
    main = {b.action: b for b in MainScreen.BINDINGS if isinstance(b, Binding)}
    items = {b.action: b for b in ItemList.BINDINGS if isinstance(b, Binding)}
    own = {b.action: b for b in app.BINDINGS if isinstance(b, Binding)}
    return [
        (
            "Move",
            [
                main["next_pane"], main["previous_pane"], *(main[f"pane({n})"] for n in range(1, 5)),
                *(items[action] for action in ("move(1)", "move(-1)", "page(1)", "page(-1)", "first", "last")),
                items["open_source"], main["maximise"],
            ],
        ),
        (
            "Find",
            [
                main["search"], main["focus_actor"],
                Binding("escape", "", "Clear", tooltip="the search, then the focus, then a maximised pane; closes screens"),
            ],
        ),
        ("Brief", [main["pin"], main["copy"], main["export"]]),
        (
            "App",
            [
                Binding(app.COMMAND_PALETTE_BINDING, "", "Palette", tooltip="jump to any actor, event, quote or conflict; commands; theme"),
                own["help"], own["quit"],
            ],
        ),
    ]
