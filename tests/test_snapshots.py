"""SVG snapshots of the main screen, the source viewer and help on the bundled corpus.

The corpus is copied to a temporary folder and opened by a relative path, so
file names on screen do not depend on where the checkout lives and no pins
from a user's session show. Engine output changes the pictures: after an
intended change, regenerate with `pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from briefing.index import bundled_corpus
from tui.app import BriefingApp

SIZES = [(120, 40), (80, 24)]
THEME = "textual-dark"


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> BriefingApp:
    shutil.copytree(bundled_corpus(), tmp_path / "corpus", ignore=shutil.ignore_patterns(".*"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return BriefingApp(["corpus"])


def after(*keys: str):
    async def run_before(pilot: Pilot) -> None:
        pilot.app.theme = THEME
        while pilot.app.corpus is None:  # type: ignore[attr-defined]
            await asyncio.sleep(0.05)
        await pilot.pause()
        await pilot.press(*keys)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, app: BriefingApp, size: tuple[int, int]):
    assert snap_compare(app, terminal_size=size, run_before=after())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_source_viewer(snap_compare, app: BriefingApp, size: tuple[int, int]):
    assert snap_compare(app, terminal_size=size, run_before=after("3", "enter"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare, app: BriefingApp, size: tuple[int, int]):
    assert snap_compare(app, terminal_size=size, run_before=after("question_mark"))
