"""The detail panel: the current item with every sentence it came from.

A Line API widget: the item's content is wrapped to the panel's width and
drawn line by line, so moving through a pane repaints the panel without a
layout pass over the whole screen.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui import render
from tui.corpus import Corpus, Item

EMPTY = Content("Select an item to see where it comes from.")


class DetailPanel(ScrollView, can_focus=False):
    ALLOW_MAXIMIZE = True
    DEFAULT_CSS = """
    DetailPanel {
        overflow-x: hidden;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.content = EMPTY
        self._showing: tuple[object, ...] = ()
        self._lines: list[Content] = []
        self._strips: dict[int, Strip] = {}
        self._wrapped_at = -1

    def on_mount(self) -> None:
        self.border_title = "Detail"
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._restyle())

    def _restyle(self) -> None:
        """Colours come from the theme: draw the lines again in the new one."""
        self._strips.clear()
        self.refresh()

    def show(self, corpus: Corpus | None, item: Item | None, *, pinned: bool = False) -> None:
        """Show an item; nothing to do when it is already shown (search keystrokes)."""
        showing = (corpus, item, pinned, self.app.theme)
        if len(showing) == len(self._showing) and all(a is b for a, b in zip(showing, self._showing)):
            return
        self._showing = showing
        if corpus is None or item is None:
            self.content = Content("Nothing selected.")
        else:
            self.content = render.detail(corpus, item, pinned=pinned)
        self._wrapped_at = -1
        self._wrap()
        if self.scroll_y:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    @property
    def text(self) -> str:
        return self.content.plain

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_at:
            return
        self._wrapped_at = width
        self._lines = self.content.wrap(width)
        self._strips.clear()
        self.virtual_size = Size(width, len(self._lines))

    def on_resize(self) -> None:
        self._wrap()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        self._wrap()
        index = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None:
            strip = Strip(self._lines[index].render_segments(self.visual_style)).crop_extend(0, width, None)
            self._strips[index] = strip
        return strip.apply_style(base)
