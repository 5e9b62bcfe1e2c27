"""`briefing export [PATH ...] -o FILE [--paper a4|letter] [--force]`: the brief without the app.

The format follows the file's suffix (.md, .txt, .pdf). Items pinned in the
app go first. Exit 0 when written, 1 when nothing is readable or the file
cannot be written, 2 on a usage error; errors are one sentence on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefing.brief import PAPERS, BriefError, BriefExists, write_brief
from briefing.pins import load_pins
from tui.cli import _common, load

FORMATS = (".md", ".txt", ".pdf")


def export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing export",
        description="Write the one-page brief: Markdown, plain text or PDF, chosen by the file's suffix.",
    )
    _common(parser)
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="where to write the brief (.md, .txt or .pdf)")
    parser.add_argument("--paper", choices=sorted(PAPERS), default="a4", help="PDF page size (default: %(default)s)")
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it already exists")
    return parser


def run_export(args: list[str]) -> int:
    ns = export_parser().parse_args(args)
    target = Path(ns.output)
    if target.suffix.lower() not in FORMATS:
        print(f"Cannot write {target}: the file name must end in .md, .txt or .pdf.", file=sys.stderr)
        return 2
    if not ns.force and target.exists() and not target.is_dir():
        print(f"{target} already exists; use --force to overwrite it.", file=sys.stderr)
        return 1
    index = load(ns.paths, ns.max_mb)
    if index is None:
        return 1
    pins, notices = load_pins(ns.paths, index)
    for notice in notices:
        print(notice, file=sys.stderr)
    try:
        written = write_brief(index, target, pins=pins, paper=ns.paper, force=ns.force)
    except BriefExists:
        print(f"{target} already exists; use --force to overwrite it.", file=sys.stderr)
        return 1
    except BriefError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Wrote the brief to {written}.")
    return 0
