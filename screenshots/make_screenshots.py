"""Regenerate the SVG screenshots in this folder from the real app on the bundled corpus.

    python screenshots/make_screenshots.py [--size 120x40] [--theme textual-dark]

Each shot drives the app with the keys a user would press.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from briefing.index import bundled_corpus
from tui.app import BriefingApp

HERE = Path(__file__).resolve().parent
SEARCH = "Mansour"

SHOTS: dict[str, tuple[str, ...]] = {
    "main": (),
    "focus": ("f",),
    "search": ("slash", *SEARCH),
    "source": ("3", "enter"),
    "help": ("question_mark",),
}


async def shoot(name: str, keys: tuple[str, ...], size: tuple[int, int], theme: str) -> Path:
    app = BriefingApp([str(bundled_corpus())])
    async with app.run_test(size=size) as pilot:
        app.theme = theme
        await loaded(pilot)
        for key in keys:
            await pilot.press(key)
        for box in app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()
        return Path(app.save_screenshot(f"{name}.svg", str(HERE)))


async def loaded(pilot: Pilot) -> None:
    while pilot.app.corpus is None:  # type: ignore[attr-defined]
        await asyncio.sleep(0.05)
    await pilot.pause()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="120x40", help="terminal size as COLSxROWS (default: %(default)s)")
    parser.add_argument("--theme", default="textual-dark", help="Textual theme (default: %(default)s)")
    ns = parser.parse_args()
    cols, rows = (int(n) for n in ns.size.lower().split("x"))
    for name, keys in SHOTS.items():
        path = asyncio.run(shoot(name, keys, (cols, rows), ns.theme))
        print(path)


if __name__ == "__main__":
    main()
