"""Render the bundled corpus's one-page PDF brief to screenshots/brief.png.

Needs `pdftoppm` from poppler-utils (Debian/Ubuntu: `apt-get install poppler-utils`).
Not part of the test suite; run it after changing the brief:

    python screenshots/make_brief_image.py [--dpi 110]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from briefing.brief import write_brief
from briefing.index import build_index, bundled_corpus

OUT = Path(__file__).resolve().with_name("brief.png")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=110)
    ns = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        print("pdftoppm was not found: install poppler-utils.", file=sys.stderr)
        return 1
    index = build_index([str(bundled_corpus())])
    with tempfile.TemporaryDirectory() as tmp:
        pdf = write_brief(index, Path(tmp) / "brief.pdf")
        stem = Path(tmp) / "brief"
        subprocess.run(["pdftoppm", "-png", "-r", str(ns.dpi), "-singlefile", str(pdf), str(stem)], check=True)
        shutil.copyfile(stem.with_suffix(".png"), OUT)
    print(f"Wrote {OUT}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
