"""The four item panes: a titled DataTable that shows one page of its items.

A pane never mounts more than `PAGE` rows: moving past the last row turns
the page. Every cell is a `rich.text.Text` built from plain strings, so report
text is never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static

from briefing.model import Actor, Conflict, Event, Quote
from tui.corpus import KIND_TITLES, Corpus, Item, Kind, date_text, one_line, ref, speaker_text

PAGE = 100
PIN = "●"
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


@dataclass(frozen=True)
class Look:
    """Theme colours for the few cells that need colour (severity, markers)."""

    error: str = "red"
    warning: str = "yellow"
    accent: str = "blue"


def cell(text: str, style: str = "") -> Text:
    return Text(one_line(text), style=style, no_wrap=True, overflow="ellipsis")


def _count(n: int, width: int = 4) -> Text:
    return Text(str(n).rjust(width), no_wrap=True)


class ItemTable(DataTable):
    """One page of a pane's items; vim keys; turns pages at either end."""

    BINDINGS = [
        Binding("enter", "open_source", "Source", tooltip="Open the report, scrolled to the sentence"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class PageTurn(Message):
        def __init__(self, table: ItemTable, step: int) -> None:
            self.table = table
            self.step = step
            super().__init__()

    class OpenSource(Message):
        def __init__(self, table: ItemTable) -> None:
            self.table = table
            super().__init__()

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, show_row_labels=False, **kwargs)
        self.more_before = False
        self.more_after = False

    def action_open_source(self) -> None:
        if self.row_count:
            self.post_message(self.OpenSource(self))

    def action_cursor_down(self) -> None:
        if self.more_after and self.cursor_row >= self.row_count - 1:
            self.post_message(self.PageTurn(self, 1))
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.more_before and self.cursor_row <= 0:
            self.post_message(self.PageTurn(self, -1))
        else:
            super().action_cursor_up()

    def action_page_down(self) -> None:
        if self.more_after and self.cursor_row >= self.row_count - 1:
            self.post_message(self.PageTurn(self, 1))
        else:
            super().action_page_down()

    def action_page_up(self) -> None:
        if self.more_before and self.cursor_row <= 0:
            self.post_message(self.PageTurn(self, -1))
        else:
            super().action_page_up()


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
        self.page_start = 0
        self.pins: frozenset[str] = frozenset()
        self.look = Look()
        self.filtered = False
        self._width = 0

    def compose(self) -> ComposeResult:
        yield ItemTable(id=f"table-{self.kind}")
        yield Static(Content("Reading reports…"), classes="empty")

    def on_mount(self) -> None:
        self.border_title = f"{self.number} {KIND_TITLES[self.kind]}"
        self._update_subtitle()

    @property
    def table(self) -> ItemTable:
        return self.query_one(ItemTable)

    @property
    def current(self) -> Item | None:
        table = self.table
        if not table.row_count:
            return None
        at = self.page_start + table.cursor_row
        return self.shown[at] if at < len(self.shown) else None

    def show(self, corpus: Corpus, items: Sequence[Item], *, filtered: bool, keep: str | None = None) -> None:
        """Show `items` (already filtered and ordered), keeping `keep` current if present."""
        self.corpus = corpus
        self.shown = items
        self.total = len(corpus.items(self.kind))
        self.filtered = filtered
        target = next((n for n, item in enumerate(items) if item.id == keep), 0) if keep else 0
        self.page_start = (target // PAGE) * PAGE
        self._fill(target - self.page_start)

    def select(self, item_id: str) -> bool:
        """Make `item_id` current (turning pages as needed); False if not shown."""
        at = next((n for n, item in enumerate(self.shown) if item.id == item_id), None)
        if at is None:
            return False
        if not self.page_start <= at < self.page_start + PAGE:
            self.page_start = (at // PAGE) * PAGE
            self._fill(at - self.page_start)
        else:
            self.table.move_cursor(row=at - self.page_start, animate=False)
        return True

    def set_pins(self, pins: frozenset[str]) -> None:
        if pins != self.pins:
            self.pins = pins
            self.refill()

    def set_look(self, look: Look) -> None:
        self.look = look
        self.refill()

    def refill(self) -> None:
        """Redraw the current page (new width, pins or theme), keeping the cursor."""
        if self.corpus is not None:
            self._fill(self.table.cursor_row)

    def _fill(self, cursor: int) -> None:
        table = self.table
        page = self.shown[self.page_start : self.page_start + PAGE]
        table.clear(columns=True)
        columns = self._visible_columns()
        keep = [n for n, column in enumerate(self.columns) if column in columns]
        for n, (column, width) in enumerate(zip(columns, self._widths(columns), strict=True)):
            table.add_column(Text(column.label, no_wrap=True), width=width, key=f"c{n}")
        for item in page:
            cells = self.row(item)
            table.add_row(*(cells[n] for n in keep))
        table.more_before = self.page_start > 0
        table.more_after = self.page_start + PAGE < len(self.shown)
        if page:
            table.move_cursor(row=min(cursor, len(page) - 1), animate=False)
        self._update_subtitle()
        empty = self.query_one(".empty", Static)
        empty.display = not page
        if not page:
            empty.update(Content(self._empty_text()))
        self.post_message(self.Highlighted(self, self.current))

    def _empty_text(self) -> str:
        if self.corpus is None:
            return "Reading reports…"
        name = KIND_TITLES[self.kind].lower()
        if self.filtered:
            return f"No {name} match the search or focus (escape clears)."
        return f"No {name} found in these reports."

    def _update_subtitle(self) -> None:
        n = len(self.shown)
        if self.corpus is None:
            self.border_subtitle = ""
        elif n > PAGE:
            last = min(self.page_start + PAGE, n)
            self.border_subtitle = f"{self.page_start + 1}–{last} of {n:,}" + (f" (of {self.total:,})" if self.filtered else "")
        elif self.filtered:
            self.border_subtitle = f"{n:,} of {self.total:,}"
        else:
            self.border_subtitle = f"{n:,}"

    def _visible_columns(self) -> list[Column]:
        return [c for c in self.columns if self.content_size.width >= c.min_pane]

    def _widths(self, columns: list[Column]) -> list[int]:
        """Fixed columns keep their width; shared ones split what is left."""
        padding = 2 * len(columns)
        scrollbar = 1
        available = max(self.content_size.width, 30) - padding - scrollbar
        fixed = sum(c.width for c in columns if not c.share)
        spare = max(available - fixed, 10)
        shares = sum(c.share for c in columns) or 1
        return [c.width if not c.share else max(spare * c.share // shares, 6) for c in columns]

    def on_resize(self) -> None:
        if self.corpus is not None and self.size.width != self._width:
            self._width = self.size.width
            self.refill()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.Highlighted(self, self.current))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._choose()

    @on(ItemTable.OpenSource)
    def _open(self, event: ItemTable.OpenSource) -> None:
        event.stop()
        self._choose()

    def _choose(self) -> None:
        item = self.current
        if item is not None:
            self.post_message(self.Chosen(self, item))

    @on(ItemTable.PageTurn)
    def _turn(self, event: ItemTable.PageTurn) -> None:
        event.stop()
        self.page_start = max(0, self.page_start + event.step * PAGE)
        self._fill(0 if event.step > 0 else PAGE - 1)

    def pin_cell(self, item: Item) -> Text:
        return Text(PIN, style=f"bold {self.look.accent}") if item.id in self.pins else Text(" ")

    def row(self, item: Item) -> tuple[Text, ...]:
        raise NotImplementedError


class ActorsPane(Pane):
    kind = "actor"
    number = 1
    columns = (Column("", 1), Column("Name", 0, 1), Column("Kind", 6, min_pane=44), Column("Rep", 4), Column("Src", 4))

    def row(self, item: Item) -> tuple[Text, ...]:
        assert isinstance(item, Actor) and self.corpus is not None
        reports, families = self.corpus.support(item)
        return (self.pin_cell(item), cell(item.name, "bold"), cell(KIND_SHORT.get(item.kind, item.kind), "dim"), _count(reports), _count(families))


class TimelinePane(Pane):
    kind = "event"
    number = 2
    columns = (Column("", 1), Column("Date", 12), Column("Event", 0, 1), Column("Src", 4))

    def row(self, item: Item) -> tuple[Text, ...]:
        assert isinstance(item, Event) and self.corpus is not None
        return (self.pin_cell(item), self.date_cell(item), cell(item.summary), _count(self.corpus.support(item)[1]))

    def date_cell(self, event: Event) -> Text:
        """The date at its granularity; `~` relative, `?` doubtful."""
        assert self.corpus is not None
        text = Text(date_text(event), no_wrap=True, overflow="ellipsis", style="dim" if event.date is None else "")
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
    columns = (Column("", 1), Column("Sev", 3), Column("Kind", 8, min_pane=50), Column("Topic", 0, 2), Column("Claims", 0, 3))

    def row(self, item: Item) -> tuple[Text, ...]:
        assert isinstance(item, Conflict)
        level = max(1, min(item.severity, 3))
        severity = Text("●" * level + "·" * (3 - level), style=self.look.error if level == 3 else self.look.warning, no_wrap=True)
        claims = " vs ".join(f"“{claim.text}”" for claim in item.claims[:3])
        return (self.pin_cell(item), severity, cell(CONFLICT_SHORT.get(item.kind, item.kind), "dim"), cell(item.topic, "bold"), cell(claims))


PANES: tuple[Callable[[], Pane], ...] = (ActorsPane, TimelinePane, QuotesPane, ConflictsPane)
