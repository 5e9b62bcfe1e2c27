"""The progress shown while the index is built in a worker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

STAGES = {
    "reading": "Reading reports",
    "sentences": "Splitting sentences",
    "families": "Grouping story families",
    "actors": "Finding actors",
    "timeline": "Building the timeline",
    "quotes": "Finding quotes",
    "conflicts": "Comparing claims",
    "search": "Preparing search",
    "done": "Done",
}


class LoadingBar(Horizontal):
    def compose(self) -> ComposeResult:
        yield Static(Content("Reading reports"), id="loading-stage")
        yield ProgressBar(total=None, show_eta=False, id="loading-progress")

    def update_progress(self, stage: str, done: int, total: int) -> None:
        label = STAGES.get(stage, stage)
        if stage == "reading":
            label = f"{label} {done:,} / {total:,}"
        self.query_one("#loading-stage", Static).update(Content(label))
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
