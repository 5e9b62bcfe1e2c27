"""The progress shown while the index is built in a worker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

STAGES = {
    "reading": "Reading reports",
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
        """Which stage is running, with reports done / total while its work
        goes report by report; a pulsing bar while it compares them all,
        which it does not count."""
        label = STAGES.get(stage, stage)
        order = list(STAGES)
        step = f" (step {order.index(stage) + 1} of {len(order) - 1})" if stage in order[:-1] else ""
        bar = self.query_one(ProgressBar)
        if total > 1:
            label = f"{label} {done:,} / {total:,}"
            bar.update(total=max(total, 1), progress=done)
        else:
            bar.update(total=None)
        self.query_one("#loading-stage", Static).update(Content(label + step))
