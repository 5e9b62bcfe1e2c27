"""The four item panes: a column header over a virtual list of rows.

`ItemList` is a Line API widget: it holds only a count and a function that
renders row N, and renders the rows on screen (cached), so a pane over 100,000
items costs what a pane over twenty does. Every cell is a `rich.text.Text`
built from plain strings, so report text is never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from briefing.model import Actor, Conflict, Event, Quote
from tui.corpus import KIND_TITLES, Corpus, Item, Kind, date_text, one_line, ref, speaker_text

PIN = "●"
GAP = 2
SCROLLBAR = 1
"""Columns always leave room for the list's scrollbar, shown or not, so they
do not shift when it appears."""
MAX_CELL = 400
KIND_SHORT = {"person": "person", "organization": "org", "group": "group", "place": "place", "other": "other"}
CONFLICT_SHORT = {"quote-wording": "wording", "attribution": "attrib.", "document-date": "doc date"}


@dataclass(frozen=True)
class Column:
    label: str
    width: int
    share: int = 0
    """Columns with a share split the width left over by the fixed ones."""
    min_pane: int = 0
    """Left out when the pane is narrower than this."""
    right: bool = False


@dataclass(frozen=True)
class Look:
    """Theme colours for the few cells that need colour (severity, markers)."""

    error: str = "red"
    warning: str = "yellow"
    accent: str = "blue"


def cell(text: str, style: str = "") -> Text:
    """A cell from plain text: one line, and never longer than a row can show."""
    return Text(one_line(text[:MAX_CELL]), style=style)


class ItemList(ScrollView, can_focus=True):
    """A cursor over `count` rows that are rendered on demand."""

    COMPONENT_CLASSES = {"item-list--cursor"}
    DEFAULT_CSS = """
    ItemList {
        overflow-x: hidden;
        & > .item-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .item-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """
    BINDINGS = [
        Binding("enter", "open_source", "Source", tooltip="open the report, scrolled to the sentence"),
        Binding("j,down", "move(1)", "Down", show=False, tooltip="next item"),
        Binding("k,up", "move(-1)", "Up", show=False, tooltip="previous item"),
        Binding("pagedown", "page(1)", "Page down", show=False, tooltip="a screenful down"),
        Binding("pageup", "page(-1)", "Page up", show=False, tooltip="a screenful up"),
        Binding("home", "first", "First", show=False, tooltip="first item"),
        Binding("end", "last", "Last", show=False, tooltip="last item"),
    ]

    class Highlighted(Message):
        def __init__(self, item_list: ItemList) -> None:
            self.item_list = item_list
            super().__init__()

    class Selected(Message):
        def __init__(self, item_list: ItemList) -> None:
            self.item_list = item_list
            super().__init__()

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.count = 0
        self.cursor = 0
        self.render_row: Callable[[int], Text] = lambda _n: Text()
        self._cache: dict[int, Strip] = {}

    def reset(self, count: int, render_row: Callable[[int], Text], cursor: int = 0) -> None:
        """New rows (or new widths, pins, theme): drop the cache and redraw."""
        self.count = count
        self.render_row = render_row
        self._cache.clear()
        self.virtual_size = Size(self.size.width, count)
        self.cursor = max(0, min(cursor, count - 1))
        self.refresh()
        if not self.scroll_y <= self.cursor < self.scroll_y + self.scrollable_content_region.height:
            self.call_after_refresh(self._show_cursor)
        self.post_message(self.Highlighted(self))

    def move_to(self, index: int) -> None:
        index = max(0, min(index, self.count - 1))
        if index != self.cursor and self.count:
            self.cursor = index
            self.refresh()
            self._show_cursor()
            self.post_message(self.Highlighted(self))

    def _show_cursor(self) -> None:
        if self.count:
            self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, force=True, immediate=True)

    def action_move(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        self.move_to(self.cursor + step * max(self.scrollable_content_region.height - 1, 1))

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.count - 1)

    def action_open_source(self) -> None:
        if self.count:
            self.post_message(self.Selected(self))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y + round(self.scroll_y)
        if index >= self.count:
            return
        if index == self.cursor:
            self.post_message(self.Selected(self))
        else:
            self.move_to(index)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.count)

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_y) + y
        width = self.size.width
        base = self.rich_style
        if index >= self.count:
            return Strip.blank(width, base)
        strip = self._cache.get(index)
        if strip is None:
            segments = list(self.render_row(index).render(self.app.console))
            strip = Strip(segments).crop_extend(0, width, None)
            self._cache[index] = strip
        if index == self.cursor:
            cursor = self.get_component_rich_style("item-list--cursor")
            strip = Strip([Segment(text, cursor + style if style else cursor) for text, style, _ in strip], width)
        return strip.apply_style(base)


class Pane(Vertical):
    """A titled pane listing one kind of item; posts which item is current."""

    ALLOW_MAXIMIZE = True
    kind: Kind = "actor"
    number = 1
    columns: tuple[Column, ...] = ()

    class Highlighted(Message):
        def __init__(self, pane: Pane, item: Item | None) -> None:
            self.pane = pane
            self.item = item
            super().__init__()

    class Chosen(Message):
        def __init__(self, pane: Pane, item: Item) -> None:
            self.pane = pane
            self.item = item
            super().__init__()

    def __init__(self) -> None:
        super().__init__(id=f"pane-{self.kind}", classes="pane")
        self.corpus: Corpus | None = None
        self.shown: Sequence[Item] = ()
        self.total = 0
        self.pins: frozenset[str] = frozenset()
        self.look = Look()
        self.filtered = False
        self._layout: list[tuple[int, Column, int]] = []

    def compose(self) -> ComposeResult:
        yield Static(Content(""), classes="columns")
        yield ItemList(id=f"list-{self.kind}")
        yield Static(Content("Reading reports…"), classes="empty")

    def on_mount(self) -> None:
        self.border_title = f"{self.number} {KIND_TITLES[self.kind]}"

    @property
    def table(self) -> ItemList:
        return self.query_one(ItemList)

    @property
    def current(self) -> Item | None:
        at = self.table.cursor
        return self.shown[at] if self.shown and at < len(self.shown) else None

    def show(self, corpus: Corpus, items: Sequence[Item], *, filtered: bool, keep: str | None = None) -> None:
        """Show `items` (already filtered and ordered), keeping `keep` current if present."""
        same = corpus is self.corpus and len(items) == len(self.shown) and all(a is b for a, b in zip(items, self.shown))
        self.corpus = corpus
        self.shown = items
        self.total = len(corpus.items(self.kind))
        if same and filtered == self.filtered:
            return
        self.filtered = filtered
        target = next((n for n, item in enumerate(items) if item.id == keep), 0) if keep else 0
        self._fill(target)

    def select(self, item_id: str) -> bool:
        """Make `item_id` current; False if it is not shown."""
        at = next((n for n, item in enumerate(self.shown) if item.id == item_id), None)
        if at is None:
            return False
        self.table.move_to(at)
        return True

    def set_pins(self, pins: frozenset[str]) -> None:
        if pins != self.pins:
            self.pins = pins
            self.refill()

    def set_look(self, look: Look) -> None:
        self.look = look
        self.refill()

    def refill(self) -> None:
        """Redraw (new width, pins or theme), keeping the cursor."""
        if self.corpus is not None:
            self._fill(self.table.cursor)

    def _fill(self, cursor: int) -> None:
        layout = self._plan(self.content_size.width - SCROLLBAR)
        if layout != self._layout:
            self._layout = layout
            header = Text(style="bold")
            for _n, column, width in layout:
                header.append_text(self._fit(Text(column.label), width, column.right))
            self.query_one(".columns", Static).update(header, layout=False)
        self.table.reset(len(self.shown), self._render_row, cursor)
        self._update_subtitle()
        empty = self.query_one(".empty", Static)
        if not self.shown:
            empty.update(Content(self._empty_text()), layout=False)
        if empty.display != (not self.shown):
            empty.display = not self.shown

    def _plan(self, width: int) -> list[tuple[int, Column, int]]:
        """Which columns fit, and how wide: fixed ones keep their width, shared
        ones split what is left."""
        visible = [(n, c) for n, c in enumerate(self.columns) if width >= c.min_pane]
        available = max(width, 24) - GAP * len(visible)
        fixed = sum(c.width for _, c in visible if not c.share)
        spare = max(available - fixed, 8)
        shares = sum(c.share for _, c in visible) or 1
        return [(n, c, c.width if not c.share else max(spare * c.share // shares, 4)) for n, c in visible]

    @staticmethod
    def _fit(text: Text, width: int, right: bool = False) -> Text:
        fitted = text.copy()
        if right:
            fitted.pad_left(max(width - fitted.cell_len, 0))
        fitted.truncate(width, overflow="ellipsis", pad=True)
        fitted.pad_right(GAP)
        return fitted

    def _render_row(self, index: int) -> Text:
        cells = self.row(self.shown[index])
        line = Text(no_wrap=True, end="")
        for n, column, width in self._layout:
            line.append_text(self._fit(cells[n], width, column.right))
        return line

    def _empty_text(self) -> str:
        name = KIND_TITLES[self.kind].lower()
        if self.filtered:
            return f"No {name} match the search or focus (escape clears)."
        return f"No {name} found in these reports."

    def _update_subtitle(self) -> None:
        n = len(self.shown)
        self.border_subtitle = f"{n:,} of {self.total:,}" if self.filtered else f"{n:,}"

    def on_resize(self) -> None:
        if self.corpus is not None:
            self.call_after_refresh(self.refill)

    @on(ItemList.Highlighted)
    def _highlighted(self, event: ItemList.Highlighted) -> None:
        event.stop()
        self.post_message(self.Highlighted(self, self.current))

    @on(ItemList.Selected)
    def _selected(self, event: ItemList.Selected) -> None:
        event.stop()
        item = self.current
        if item is not None:
            self.post_message(self.Chosen(self, item))

    def pin_cell(self, item: Item) -> Text:
        return Text(PIN, style=f"bold {self.look.accent}") if item.id in self.pins else Text(" ")

    def row(self, item: Item) -> tuple[Text, ...]:
        """The cells of one row, one per column."""
        raise NotImplementedError


def _count(n: int) -> Text:
    return Text(str(n))


class ActorsPane(Pane):
    kind = "actor"
    number = 1
    columns = (
        Column("", 1), Column("Name", 0, 1), Column("Kind", 6, min_pane=44),
        Column("Rep", 3, right=True), Column("Src", 3, right=True),
    )

    def row(self, item: Item) -> tuple[Text, ...]:
        assert isinstance(item, Actor) and self.corpus is not None
        reports, families = self.corpus.support(item)
        kind = cell(KIND_SHORT.get(item.kind, item.kind), "dim")
        return (self.pin_cell(item), cell(item.name, "bold"), kind, _count(reports), _count(families))


class TimelinePane(Pane):
    kind = "event"
    number = 2
    columns = (Column("", 1), Column("Date", 12), Column("Event", 0, 1), Column("Src", 3, right=True))

    def row(self, item: Item) -> tuple[Text, ...]:
        assert isinstance(item, Event) and self.corpus is not None
        return (self.pin_cell(item), self.date_cell(item), cell(item.summary), _count(self.corpus.support(item)[1]))

    def date_cell(self, event: Event) -> Text:
        """The date at its granularity; `~` relative, `?` doubtful."""
        assert self.corpus is not None
        text = Text(date_text(event), style="dim" if event.date is None else "")
        if event.relative:
            text.append("~", style=f"bold {self.look.warning}")
        if self.corpus.doubtful(event):
            text.append("?", style=f"bold {self.look.error}")
        return text


class QuotesPane(Pane):
    kind = "quote"
    number = 3
    columns = (Column("", 1), Column("Speaker", 0, 1), Column("Quote", 0, 2), Column("Src", 4))

    def row(self, item: Item) -> tuple[Text, ...]:
        assert isinstance(item, Quote)
        speaker_style = {"named": "bold", "anonymous": f"italic {self.look.warning}", "unknown": "dim italic"}[item.speaker_kind]
        return (self.pin_cell(item), cell(speaker_text(item, short=True), speaker_style), cell(f"“{item.text}”"), cell(ref(item.doc), "dim"))


class ConflictsPane(Pane):
    kind = "conflict"
    number = 4
    columns = (
        Column("", 1), Column("Sev", 3), Column("Kind", 8, min_pane=50),
        Column("Topic", 0, 2), Column("Claims", 0, 3),
    )

    def row(self, item: Item) -> tuple[Text, ...]:
        assert isinstance(item, Conflict)
        level = max(1, min(item.severity, 3))
        severity = Text("●" * level + "·" * (3 - level), style=self.look.error if level == 3 else self.look.warning)
        claims = " vs ".join(f"“{claim.text[:MAX_CELL]}”" for claim in item.claims[:3])
        kind = cell(CONFLICT_SHORT.get(item.kind, item.kind), "dim")
        return (self.pin_cell(item), severity, kind, cell(item.topic, "bold"), cell(claims))


PANES: tuple[Callable[[], Pane], ...] = (ActorsPane, TimelinePane, QuotesPane, ConflictsPane)
