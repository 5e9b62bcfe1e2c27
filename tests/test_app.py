"""The dashboard, driven through Textual's Pilot like a user would."""

from __future__ import annotations

import asyncio
import os
import pty
import select
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from briefing.index import Index, bundled_corpus
from briefing.model import Actor, Claim, Conflict, Document, Event, PartialDate, Quote, Span
from briefing.text import segment
from tui.app import BriefingApp
from tui.screens.export import ExportScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.problems import ProblemsScreen
from tui.screens.source import SourceScreen
from tui.widgets.detail import DetailPanel
from tui.widgets.panes import PIN, Pane

REPORT_1 = (
    "Ministry says talks resumed\n\n"
    "Foreign Minister Fuad Hussein met the UN envoy in Baghdad on Monday. "
    "\"We want calm on the border,\" Hussein said.\n\n"
    "An official who asked not to be named said: \"The talks failed.\"\n\n"
    "Share this article"
)
REPORT_2 = (
    "Envoy leaves Baghdad\n\n"
    "The envoy, Jeanine Hennis-Plasschaert, left Baghdad on Tuesday. "
    "Twelve people were hurt in the protest outside the ministry."
)
REPORT_3 = (
    "Protest turns violent\n\n"
    "Twenty people were hurt in the protest, police said. Hussein called for calm."
)


def at(doc: Document, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(needle, start + 1)
    return Span(doc.id, start, start + len(needle))


def report(doc_id: int, text: str, **fields) -> Document:
    return segment(Document(id=doc_id, path=f"/reports/r{doc_id}.txt", title=text.split("\n")[0], text=text, **fields))


def sample_index() -> Index:
    d1 = report(0, REPORT_1, date=PartialDate(2024, 3, 5), date_source="header")
    d1 = report(0, REPORT_1, date=PartialDate(2024, 3, 5), date_source="header", boilerplate=(at(d1, "Share this article"),))
    d2 = report(1, REPORT_2, date=PartialDate(2024, 3, 6), date_source="header")
    d3 = report(2, REPORT_3, date=PartialDate(2024, 3, 6), date_source="none",
                warnings=("The header date may belong to another story.",))
    hussein = Actor("a1", "Fuad Hussein", "person", ("Fuad Hussein", "Hussein"), ("Foreign Minister",),
                    (at(d1, "Fuad Hussein"), at(d1, "Hussein said"), at(d3, "Hussein called")))
    envoy = Actor("a2", "Jeanine Hennis-Plasschaert", "person", ("Jeanine Hennis-Plasschaert",), ("UN envoy",),
                  (at(d2, "Jeanine Hennis-Plasschaert"),))
    baghdad = Actor("a3", "Baghdad", "place", ("Baghdad",), (), (at(d1, "Baghdad"), at(d2, "Baghdad")))
    met = Event("e1", 0, PartialDate(2024, 3, 4), "on Monday", at(d1, "on Monday"), True, PartialDate(2024, 3, 5),
                at(d1, "Foreign Minister Fuad Hussein met the UN envoy in Baghdad on Monday."),
                "Hussein met the envoy in Baghdad", actors=("a1", "a3"))
    left = Event("e2", 1, PartialDate(2024, 3, 5), "on Tuesday", at(d2, "on Tuesday"), True, PartialDate(2024, 3, 6),
                 at(d2, "The envoy, Jeanine Hennis-Plasschaert, left Baghdad on Tuesday."), "The envoy left Baghdad",
                 actors=("a2", "a3"))
    calm = Quote("q1", 0, "We want calm on the border,", at(d1, "We want calm on the border,"), "Fuad Hussein",
                 "named", speaker_actor="a1", speaker_span=at(d1, "Hussein said"))
    failed = Quote("q2", 0, "The talks failed.", at(d1, "The talks failed."), "An official who asked not to be named",
                   "anonymous")
    hurt = Conflict("k1", "number", "People hurt in the protest",
                    (Claim(at(d2, "Twelve people were hurt"), "Twelve people were hurt"),
                     Claim(at(d3, "Twenty people were hurt"), "Twenty people were hurt")),
                    note="Twelve or twenty hurt.", severity=3)
    return Index(documents=(d1, d2, d3), actors=(hussein, envoy, baghdad), events=(met, left),
                 quotes=(calm, failed), conflicts=(hurt,))


def app_on(index: Index, folder: Path) -> BriefingApp:
    """The app on a prepared index, as if read from `folder` (where pins are kept)."""
    return BriefingApp([str(folder)], build=lambda paths, **_: index)


def drive(app: BriefingApp, scenario: Callable[[Pilot], Awaitable[None]], size=(120, 40)) -> None:
    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            await wait_loaded(pilot)
            await scenario(pilot)

    asyncio.run(run())


async def wait_loaded(pilot: Pilot, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while pilot.app.corpus is None:
        assert time.monotonic() < deadline, "the index was never shown"
        await asyncio.sleep(0.02)
    await pilot.pause()


def main(pilot: Pilot) -> MainScreen:
    return pilot.app.get_screen("main")  # type: ignore[return-value]


def pane(pilot: Pilot, kind: str) -> Pane:
    return main(pilot).query_one(f"#pane-{kind}", Pane)


def ids(pilot: Pilot, kind: str) -> list[str]:
    return [item.id for item in pane(pilot, kind).shown]


def rows(pilot: Pilot, kind: str) -> list[str]:
    """The rows as drawn, cell texts separated by single spaces."""
    shown = pane(pilot, kind)
    return [" ".join(shown._render_row(n).plain.split()) for n in range(len(shown.shown))]


def cells(pilot: Pilot, kind: str, n: int = 0) -> list[str]:
    """The full text of each cell of row `n`, before it is cut to the column."""
    shown = pane(pilot, kind)
    return [cell.plain for cell in shown.row(shown.shown[n])]


def active(pilot: Pilot) -> str:
    return main(pilot).active_pane.kind


def detail_text(pilot: Pilot) -> str:
    return main(pilot).query_one(DetailPanel).text


def test_the_screen_appears_at_once_with_progress_while_the_index_builds(tmp_path: Path):
    release = threading.Event()

    def slow_build(paths, progress, **_):
        progress("reading", 1, 3)
        release.wait(10)
        return sample_index()

    async def run() -> None:
        app = BriefingApp([str(tmp_path)], build=slow_build)
        async with app.run_test(size=(120, 40)) as pilot:
            await asyncio.sleep(0.2)
            await pilot.pause()
            assert app.corpus is None
            loading = main(pilot).query_one("#loading")
            assert loading.display
            assert "1 / 3" in str(loading.query_one("#loading-stage", Static).render())
            release.set()
            await wait_loaded(pilot)
            assert not loading.display
            assert ids(pilot, "actor")

    asyncio.run(run())


def test_the_four_panes_list_actors_timeline_quotes_and_conflicts_with_their_sources(tmp_path: Path):
    async def scenario(pilot: Pilot) -> None:
        assert rows(pilot, "actor")[0] == "Fuad Hussein person 2 2"
        assert ids(pilot, "event") == ["e1", "e2"]
        assert "2024-03-04~" in rows(pilot, "event")[0]
        assert any(row.startswith("anon. An") for row in rows(pilot, "quote"))
        assert "●●●" in rows(pilot, "conflict")[0]
        header = str(main(pilot).query_one("#glance", Static).render())
        assert header == "3 reports · 3 independent sources · 2024-03-05 → 2024-03-06"
        assert "1 problem" in str(main(pilot).query_one("#problems-link", Static).render())

    drive(app_on(sample_index(), tmp_path), scenario)


def test_every_pane_key_moves_between_panes(tmp_path: Path):
    async def scenario(pilot: Pilot) -> None:
        assert active(pilot) == "actor"
        await pilot.press("tab")
        assert active(pilot) == "event"
        await pilot.press("tab", "tab", "tab")
        assert active(pilot) == "actor"
        await pilot.press("shift+tab")
        assert active(pilot) == "conflict"
        for key, kind in (("1", "actor"), ("2", "event"), ("3", "quote"), ("4", "conflict")):
            await pilot.press(key)
            assert active(pilot) == kind
            assert pilot.app.focused is pane(pilot, kind).table

    drive(app_on(sample_index(), tmp_path), scenario)


def test_vim_keys_and_arrows_move_the_selection_and_the_detail_follows(tmp_path: Path):
    async def scenario(pilot: Pilot) -> None:
        assert ids(pilot, "actor") == ["a1", "a3", "a2"]
        assert pane(pilot, "actor").current.id == "a1"
        await pilot.press("j")
        assert pane(pilot, "actor").current.id == "a3"
        await pilot.press("down")
        assert pane(pilot, "actor").current.id == "a2"
        assert "Jeanine Hennis-Plasschaert" in detail_text(pilot)
        await pilot.press("k")
        assert pane(pilot, "actor").current.id == "a3"
        await pilot.press("up")
        assert pane(pilot, "actor").current.id == "a1"

    drive(app_on(sample_index(), tmp_path), scenario)


def test_the_detail_shows_every_source_sentence_in_its_report_and_related_items(tmp_path: Path):
    async def scenario(pilot: Pilot) -> None:
        text = detail_text(pilot)
        assert "[1] Ministry says talks resumed — 2024-03-05" in text
        assert "Foreign Minister Fuad Hussein met the UN envoy in Baghdad on Monday." in text
        assert "[3] Protest turns violent — 2024-03-06" in text
        assert "Quotes (1)" in text and "Fuad Hussein: “We want calm on the border,”" in text
        assert "Events (1)" in text
        await pilot.press("4")
        text = detail_text(pilot)
        assert "Twelve or twenty hurt." in text
        assert "Twelve people were hurt in the protest" in text and "Twenty people were hurt" in text

    drive(app_on(sample_index(), tmp_path), scenario)


def test_clicking_a_related_item_in_the_detail_jumps_to_it(tmp_path: Path):
    async def scenario(pilot: Pilot) -> None:
        detail = main(pilot).query_one(DetailPanel)
        line = next(n for n, text in enumerate(detail.text.splitlines()) if text.startswith("  › Fuad Hussein: “We want"))
        detail.scroll_to(y=line, animate=False, immediate=True)
        await pilot.pause()
        await pilot.click(detail, offset=(6, 1 + line - round(detail.scroll_y)))
        await pilot.pause()
        assert active(pilot) == "quote"
        assert pane(pilot, "quote").current.id == "q1"

    drive(app_on(sample_index(), tmp_path), scenario)


def test_search_filters_every_pane_as_you_type_and_escape_clears(tmp_path: Path):
    async def scenario(pilot: Pilot) -> None:
        await pilot.press("slash")
        assert isinstance(pilot.app.focused, Input)
        await pilot.press(*"plassch")
        assert ids(pilot, "actor") == ["a2"]
        assert ids(pilot, "event") == ["e2"]
        assert ids(pilot, "quote") == []
        assert ids(pilot, "conflict") == []
        await pilot.press("escape")
        assert len(ids(pilot, "actor")) == 3 and len(ids(pilot, "quote")) == 2
        assert not main(pilot).query_one("#search").display

    drive(app_on(sample_index(), tmp_path), scenario)


def test_search_forgives_a_typo_and_reaches_into_report_sentences(tmp_path: Path):
    async def scenario(pilot: Pilot) -> None:
        await pilot.press("slash", *"husein")
        assert ids(pilot, "actor") == ["a1"]
        assert set(ids(pilot, "quote")) == {"q1"}
        await pilot.press("escape", "slash", *"border")
        assert ids(pilot, "quote") == ["q1"]

    drive(app_on(sample_index(), tmp_path), scenario)


def test_typing_keys_that_are_bindings_goes_into_the_search_box(tmp_path: Path):
    async def scenario(pilot: Pilot) -> None:
        await pilot.press("slash", *"qfyez 1")
        assert main(pilot).query_one("#search-input", Input).value == "qfyez 1"
        assert pilot.app.is_running

    drive(app_on(sample_index(), tmp_path), scenario)


def test_focus_on_an_actor_filters_every_pane_shows_in_the_header_and_escape_clears(tmp_path: Path):
    async def scenario(pilot: Pilot) -> None:
        await pilot.press("f")
        assert ids(pilot, "actor") == ["a1", "a3"]
        assert ids(pilot, "event") == ["e1"]
        assert ids(pilot, "quote") == ["q1"]
        assert ids(pilot, "conflict") == []
        assert "focus Fuad Hussein" in str(main(pilot).query_one("#state", Static).render())
        await pilot.press("escape")
        assert len(ids(pilot, "actor")) == 3 and len(ids(pilot, "conflict")) == 1
        assert "focus" not in str(main(pilot).query_one("#state", Static).render())

    drive(app_on(sample_index(), tmp_path), scenario)


def test_enter_opens_the_report_scrolled_to_the_highlighted_sentence(tmp_path: Path):
    async def scenario(pilot: Pilot) -> None:
        await pilot.press("2", "enter")
        screen = pilot.app.screen
        assert isinstance(screen, SourceScreen)
        target = screen.query_one("#source-target", Static)
        content = target.render()
        sentence = "Foreign Minister Fuad Hussein met the UN envoy in Baghdad on Monday."
        start = content.plain.index(sentence)
        assert any(s.start <= start and start + len(sentence) <= s.end and "$accent" in str(s.style) for s in content.spans)
        assert "[1] Ministry says talks resumed" in str(screen.query_one("#source-title", Static).render())
        after = screen.query_one("#source-after", Static).render()
        boilerplate = after.plain.index("Share this article")
        assert any(s.start <= boilerplate and "dim" in str(s.style) for s in after.spans)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, MainScreen)

    drive(app_on(sample_index(), tmp_path), scenario)


def test_the_source_viewer_shows_the_reports_warnings_on_top(tmp_path: Path):
    async def scenario(pilot: Pilot) -> None:
        await pilot.press("4", "enter", "n")
        screen = pilot.app.screen
        assert isinstance(screen, SourceScreen)
        warnings = screen.query_one("#source-warnings", Static)
        assert warnings.display
        assert "The header date may belong to another story." in str(warnings.render())

    drive(app_on(sample_index(), tmp_path), scenario)


def test_space_pins_and_unpins_the_item_with_a_visible_marker(tmp_path: Path):
    async def scenario(pilot: Pilot) -> None:
        await pilot.press("3", "space")
        assert pilot.app.pins == ["q1"]
        assert rows(pilot, "quote")[0].startswith(PIN)
        assert "pinned" in detail_text(pilot)
        await pilot.press("space")
        assert pilot.app.pins == []
        assert not rows(pilot, "quote")[0].startswith(PIN)

    drive(app_on(sample_index(), tmp_path), scenario)


def test_pins_are_kept_for_the_next_start(tmp_path: Path):
    async def pin(pilot: Pilot) -> None:
        await pilot.press("4", "space")

    async def check(pilot: Pilot) -> None:
        assert pilot.app.pins == ["k1"]
        assert rows(pilot, "conflict")[0].startswith(PIN)

    drive(app_on(sample_index(), tmp_path), pin)
    drive(app_on(sample_index(), tmp_path), check)


def test_y_copies_the_item_with_its_source_reference(tmp_path: Path):
    quote = at(sample_index().documents[0], "We want calm on the border,")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("3", "y")
        assert pilot.app.clipboard.splitlines() == [
            "Quote: Fuad Hussein: “We want calm on the border,”",
            "“\"We want calm on the border,\" Hussein said.” [1] Ministry says talks resumed (2024-03-05), "
            f"/reports/r0.txt, characters {quote.start}-{quote.end}",
        ]

    drive(app_on(sample_index(), tmp_path), scenario)


def test_z_maximises_the_pane_and_restores_it(tmp_path: Path):
    async def scenario(pilot: Pilot) -> None:
        await pilot.press("2", "z")
        assert main(pilot).maximized is pane(pilot, "event")
        await pilot.press("z")
        assert main(pilot).maximized is None

    drive(app_on(sample_index(), tmp_path), scenario)


def test_help_lists_every_key_with_what_it_does(tmp_path: Path):
    async def scenario(pilot: Pilot) -> None:
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        text = str(pilot.app.screen.query_one("#help-text", Static).render())
        lines = [line.split() for line in text.splitlines()]
        for key, description in (("tab", "Next"), ("shift+tab", "Previous"), ("1", "Actors"), ("2", "Timeline"),
                                 ("3", "Quotes"), ("4", "Conflicts"), ("j", "↓"), ("k", "↑"), ("⏎", "Source"),
                                 ("/", "Search"), ("esc", "Clear"), ("f", "Focus"), ("space", "Pin"), ("e", "Export"),
                                 ("y", "Copy"), ("z", "Zoom"), ("^p", "Palette"), ("?", "Help"), ("q", "Quit")):
            assert [key, description] in [line[:2] for line in lines], key
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, MainScreen)

    drive(app_on(sample_index(), tmp_path), scenario)


def test_the_palette_jumps_to_an_actor(tmp_path: Path):
    async def scenario(pilot: Pilot) -> None:
        await pilot.press("4", "ctrl+p")
        await pilot.press(*"plasschaert")
        await asyncio.sleep(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MainScreen)
        assert active(pilot) == "actor"
        assert pane(pilot, "actor").current.id == "a2"

    drive(app_on(sample_index(), tmp_path), scenario)


def test_problems_are_reachable_from_the_header(tmp_path: Path):
    async def scenario(pilot: Pilot) -> None:
        await pilot.click("#problems-link")
        assert isinstance(pilot.app.screen, ProblemsScreen)
        text = str(pilot.app.screen.query_one("#problems-text", Static).render())
        assert "The header date may belong to another story." in text

    drive(app_on(sample_index(), tmp_path), scenario)


def test_a_pane_over_many_items_renders_only_the_rows_on_screen(tmp_path: Path):
    doc = sample_index().documents[0]
    count = 20_000
    many = tuple(Actor(f"a{n}", f"Person {n}", "person", (f"Person {n}",), (), (Span(0, 0, 8),)) for n in range(count))

    async def scenario(pilot: Pilot) -> None:
        actors = pane(pilot, "actor")
        assert actors.border_subtitle == f"{count:,}"
        assert len(actors.table._cache) <= actors.table.size.height
        await pilot.press("end")
        assert actors.current is actors.shown[-1]
        await pilot.press("k", "pageup", "home", "j")
        assert actors.current is actors.shown[1]
        assert len(actors.table._cache) <= 4 * actors.table.size.height

    drive(app_on(Index(documents=(doc,), actors=many), tmp_path), scenario, size=(80, 24))


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    (tmp_path / "image.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "markup.txt").write_text(
        "Markup in a report [/] and [bold red]red[/bold red]\n\n"
        "Officials said [@click=app.quit]click me[/] was harmless. \x1b]52;c;ZXZpbA==\x07Done [link=https://x]x[/link].",
        encoding="utf-8",
    )
    return tmp_path


def test_a_hostile_folder_lists_problems_and_shows_markup_literally(hostile_folder: Path):
    async def run() -> None:
        app = BriefingApp([str(hostile_folder)])
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_loaded(pilot)
            index = app.corpus.index
            assert [Path(p.path).name for p in index.problems] == ["image.txt"]
            await pilot.click("#problems-link")
            problems = str(app.screen.query_one("#problems-text", Static).render())
            assert "image.txt" in problems and "binary" in problems
            await pilot.press("escape")
            doc = index.documents[0]
            assert "[@click=app.quit]click me[/]" in doc.text
            assert "\x1b" not in doc.text
            screen = SourceScreen(app.corpus, Actor("x", "x", "other", (), (), (Span(0, doc.text.index("Officials"), doc.text.index("Officials") + 9),)))
            await app.push_screen(screen)
            await pilot.pause()
            shown = "".join(str(w.render()) for w in screen.query(".source-text"))
            assert "[/] and [bold red]red[/bold red]" in shown
            assert "[@click=app.quit]click me[/]" in shown
            target = screen.query_one("#source-target", Static)
            link_at = str(target.render()).index("[@click")
            await pilot.click(target, offset=(link_at + 2, 0))
            await pilot.pause()
            assert app.is_running and app.return_code is None

    asyncio.run(run())


def test_untrusted_text_in_every_pane_renders_literally_and_clicks_do_nothing(tmp_path: Path):
    hostile = "[@click=app.quit]Hostile[/] [bold]name[/"
    text = f"{hostile} said: \"[/] close [red]\" in the [link=x]park[/link]."
    doc = report(0, text)
    actor = Actor("a1", hostile, "person", (hostile,), ("[b]role[/b]",), (at(doc, hostile),))
    event = Event("e1", 0, None, "[/]", at(doc, "[/]"), False, None, Span(0, 0, len(text)), text, actors=("a1",))
    quote = Quote("q1", 0, "[/] close [red]", at(doc, "[/] close [red]"), hostile, "named", speaker_actor="a1")
    conflict = Conflict("k1", "other", "[/][@click=app.quit]", (Claim(at(doc, "[link=x]park[/link]"), "[link=x]park[/link]"),))
    index = Index(documents=(doc,), actors=(actor,), events=(event,), quotes=(quote,), conflicts=(conflict,))

    async def scenario(pilot: Pilot) -> None:
        assert rows(pilot, "actor")[0].startswith("[@click=app.quit]Hos")
        assert hostile in cells(pilot, "actor")
        assert "“[/] close [red]”" in cells(pilot, "quote")
        assert "[/][@click=app.quit]" in cells(pilot, "conflict")
        for kind in ("actor", "event", "quote", "conflict"):
            await pilot.click(pane(pilot, kind).table, offset=(4, 0))
            await pilot.pause()
            assert isinstance(pilot.app.screen, SourceScreen)
            await pilot.click("#source-target", offset=(2, 0))
            await pilot.press("escape")
            assert hostile in detail_text(pilot) or "[link=x]park[/link]" in detail_text(pilot)
        await pilot.press("1", "y")
        await pilot.press("slash", *"hostile")
        await pilot.pause()
        assert pilot.app.is_running and pilot.app.return_code is None

    drive(app_on(index, tmp_path), scenario, size=(80, 24))


def test_nothing_readable_opens_the_problems_screen(tmp_path: Path):
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)

    async def run() -> None:
        app = BriefingApp([str(tmp_path)])
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_loaded(pilot)
            await pilot.pause()
            assert isinstance(app.screen, ProblemsScreen)
            assert "No readable reports" in str(app.screen.query_one("#problems-text", Static).render())

    asyncio.run(run())


def test_no_escape_sequence_from_a_report_reaches_the_terminal(hostile_folder: Path):
    """Run the real command in a pseudo-terminal and read every byte it writes."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm-256color", COLUMNS="100", LINES="30")
        os.execv(sys.executable, [sys.executable, "-c", "from tui.cli import main; raise SystemExit(main())", str(hostile_folder)])
    output = b""
    deadline = time.monotonic() + 60

    def read_until(marker: bytes) -> None:
        nonlocal output
        while marker not in output and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    output += os.read(fd, 65536)
                except OSError:
                    return

    try:
        read_until(b"1 report")
        assert b"1 report" in output
        os.write(fd, b"3\r")
        time.sleep(1)
        os.write(fd, b"\x1b")
        time.sleep(0.5)
        os.write(fd, b"q")
        read_until(b"\x1b[?1049l")
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    assert b"\x1b]52" not in output and b"ZXZpbA==" not in output


def test_on_the_bundled_corpus_all_four_panes_fill_and_mansour_can_be_found():
    async def run() -> None:
        app = BriefingApp([str(bundled_corpus())])
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_loaded(pilot)
            for kind in ("actor", "event", "quote", "conflict"):
                assert ids(pilot, kind), kind
            await pilot.press("slash", *"Mansour")
            corpus = app.corpus
            for kind in ("actor", "event", "quote", "conflict"):
                for item in pane(pilot, kind).shown:
                    sentences = " ".join(corpus.document(s.doc).slice(corpus.sentence_of(s)) for s in corpus.spans(item))
                    assert "mansour" in (corpus.label(item) + sentences).casefold()
            assert ids(pilot, "actor")
            await pilot.press("escape")
            assert len(ids(pilot, "actor")) == len(app.corpus.index.actors)

    asyncio.run(run())


def test_export_writes_the_brief_and_asks_before_overwriting(tmp_path: Path):
    async def scenario(pilot: Pilot) -> None:
        await pilot.press("3", "space", "e")
        screen = pilot.app.screen
        assert isinstance(screen, ExportScreen)
        path_input = screen.query_one("#export-path", Input)
        path_input.value = str(tmp_path / "brief.md")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(pilot.app.screen, ExportScreen))
        written = (tmp_path / "brief.md").read_text(encoding="utf-8")
        assert "We want calm on the border" in written
        assert any("brief.md" in str(n.message) for n in pilot.app._notifications)
        (tmp_path / "brief.md").write_text("keep me", encoding="utf-8")
        await pilot.press("e")
        pilot.app.screen.query_one("#export-path", Input).value = str(tmp_path / "brief.md")
        await pilot.press("enter")
        await wait_for(pilot, lambda: pilot.app.screen.query_one("#export-overwrite").display)
        assert "already exists" in str(pilot.app.screen.query_one("#export-message", Static).render())
        assert (tmp_path / "brief.md").read_text(encoding="utf-8") == "keep me"
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(pilot.app.screen, ExportScreen))
        assert "We want calm on the border" in (tmp_path / "brief.md").read_text(encoding="utf-8")

    drive(app_on(sample_index(), tmp_path), scenario)


async def wait_for(pilot: Pilot, condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)
        await pilot.pause()
