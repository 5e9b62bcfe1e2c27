"""Command line: `briefing [PATH ...]`, `briefing index`, `briefing export`.

Exit codes: 0 success, 1 nothing readable or export failed, 2 usage error.
Errors are one plain sentence on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence

from briefing import __version__, parallel
from briefing.index import Index, build_index, bundled_corpus
from briefing.jsonio import index_to_json
from briefing.sources import DEFAULT_MAX_BYTES

COMMANDS = ("index", "export")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in COMMANDS:
            return _run_command(args[0], args[1:])
        return _run_app(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (`| head`) went away: stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="report files or folders (default: the bundled sample corpus)")
    parser.add_argument("--max-mb", type=_megabytes, default=DEFAULT_MAX_BYTES / 1024 / 1024, help="skip files larger than this many MB (default: %(default)s)")


def _megabytes(value: str) -> float:
    try:
        mb = float(value)
    except ValueError:
        mb = 0.0
    if not (mb > 0 and math.isfinite(mb)):
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number of megabytes")
    return mb


def app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="A terminal dashboard over a folder of news reports.",
        epilog="Commands: 'briefing index [PATH ...] --json' prints the index; "
        "'briefing export [PATH ...] -o FILE' writes the one-page brief.",
    )
    _common(parser)
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    return parser


def index_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing index", description="Build the index and print it.")
    _common(parser)
    parser.add_argument("--json", action="store_true", help="print the whole index as JSON (schema briefing.index/1)")
    return parser


def load(paths: Sequence[str], max_mb: float) -> Index | None:
    """Build the index; None (after one sentence per problem on stderr) when nothing is readable."""
    index = build_index(paths or [str(bundled_corpus())], max_bytes=int(max_mb * 1024 * 1024))
    if not index.documents:
        for problem in index.problems or ():
            print(problem.message, file=sys.stderr)
        if not index.problems:
            print("No readable reports (.txt or .md) were found in the given paths.", file=sys.stderr)
        return None
    return index


def _run_command(command: str, args: list[str]) -> int:
    if command == "index":
        ns = index_parser().parse_args(args)
        index = load(ns.paths, ns.max_mb)
        if index is None:
            return 1
        if ns.json:
            json.dump(index_to_json(index), sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
        else:
            print(summary(index))
        return 0
    from tui.export import run_export

    return run_export(args)


def _run_app(args: list[str]) -> int:
    ns = app_parser().parse_args(args)
    max_bytes = int(ns.max_mb * 1024 * 1024)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        index = load(ns.paths, ns.max_mb)
        if index is None:
            return 1
        print(summary(index))
        return 0
    from briefing.sources import discover
    from tui.app import BriefingApp

    paths = ns.paths or [str(bundled_corpus())]
    files, problems = discover(paths)
    if not files:
        for problem in problems:
            print(problem.message, file=sys.stderr)
        if not problems:
            print("No readable reports (.txt or .md) were found in the given paths.", file=sys.stderr)
        return 1
    if len(files) >= parallel.MIN_PARALLEL_REPORTS and parallel.available_cores() > 1:
        parallel.start_fork_server()
    app = BriefingApp(paths, max_bytes=max_bytes)
    app.run()
    return app.return_code or 0


def summary(index: Index) -> str:
    dates = sorted(d.date for d in index.documents if d.date)
    span = f"{dates[0]} to {dates[-1]}" if dates else "undated"
    families = len({index.family_of(d.id) for d in index.documents})
    return (
        f"{len(index.documents)} reports, {families} independent sources, {span}; "
        f"{len(index.actors)} actors, {len(index.events)} events, {len(index.quotes)} quotes, "
        f"{len(index.conflicts)} conflicts, {len(index.problems)} problems"
    )
