"""The export dialog: where to write the brief, in which format, on which paper.

The format follows the suffix (.md, .txt, .pdf). Writing runs in a worker
(a PDF takes a moment); an existing file is only replaced after the user
says so.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from briefing.brief import BriefError, BriefExists, write_brief
from briefing.index import Index

FORMATS = {".md": "Markdown", ".txt": "plain text", ".pdf": "PDF, one page"}
DEFAULT_NAME = "brief.md"


class ExportScreen(ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, index: Index, pins: list[str], folder: Path | None = None) -> None:
        super().__init__()
        self.index = index
        self.pins = list(pins)
        self.folder = folder or Path.cwd()

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static(Content.styled("File (.md, .txt or .pdf)", "$text-muted"))
            yield Input(value=str(self.folder / DEFAULT_NAME), id="export-path", select_on_focus=False)
            yield Static(id="export-format")
            with Horizontal(id="export-paper-row"):
                yield Static(Content.styled("PDF paper", "$text-muted"), id="export-paper-label")
                with RadioSet(id="export-paper"):
                    yield RadioButton("A4", value=True, id="paper-a4")
                    yield RadioButton("Letter", id="paper-letter")
            pinned = len(self.pins)
            yield Static(
                Content.styled(
                    f"{pinned} pinned item{'s' * (pinned != 1)} go{'es' * (pinned == 1)} first." if pinned else "Nothing pinned: space pins an item.",
                    "$text-muted",
                )
            )
            yield Static(id="export-message")
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Overwrite", variant="warning", id="export-overwrite")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        box = self.query_one("#export-box")
        box.border_title = "Export the brief"
        box.border_subtitle = "enter writes · escape cancels"
        self.query_one("#export-overwrite").display = False
        path_input = self.query_one("#export-path", Input)
        path_input.cursor_position = len(path_input.value)
        self._describe(path_input.value)

    @property
    def target(self) -> Path:
        return Path(self.query_one("#export-path", Input).value.strip()).expanduser()

    @property
    def paper(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        return "letter" if pressed is not None and pressed.id == "paper-letter" else "a4"

    @on(Input.Changed, "#export-path")
    def _changed(self, event: Input.Changed) -> None:
        self._describe(event.value)
        self._say("")
        self.query_one("#export-overwrite").display = False

    def _describe(self, value: str) -> None:
        kind = FORMATS.get(Path(value.strip()).suffix.lower())
        text = f"Format: {kind}" if kind else "Format: unknown; end the name in .md, .txt or .pdf"
        self.query_one("#export-format", Static).update(Content.styled(text, "" if kind else "$text-error"))

    def _say(self, message: str, style: str = "$text-error") -> None:
        self.query_one("#export-message", Static).update(Content.styled(message, style))

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-go")
    def _go(self) -> None:
        self.write(force=False)

    @on(Button.Pressed, "#export-overwrite")
    def _overwrite(self) -> None:
        self.write(force=True)

    @on(Button.Pressed, "#export-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @work(thread=True, exclusive=True)
    def write(self, *, force: bool) -> None:
        target, paper = self.target, self.paper
        self.app.call_from_thread(self._say, f"Writing {target}…", "$text-muted")
        try:
            written = write_brief(self.index, target, pins=self.pins, paper=paper, force=force)
        except BriefExists:
            self.app.call_from_thread(self._ask_overwrite, f"{target} already exists. Overwrite it?")
        except BriefError as error:
            self.app.call_from_thread(self._say, str(error))
        else:
            self.app.call_from_thread(self.dismiss, written.resolve())

    def _ask_overwrite(self, message: str) -> None:
        self._say(message, "bold $text-warning")
        button = self.query_one("#export-overwrite", Button)
        button.display = True
        button.focus()
