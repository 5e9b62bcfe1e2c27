"""Shared fixtures: report files written in the test, and the command line run in-process."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest


@pytest.fixture
def write_reports(tmp_path: Path) -> Callable[[Mapping[str, str | bytes]], Path]:
    """Write `{relative name: text or bytes}` under a fresh folder and return the folder.
    Text is written as UTF-8 exactly as given (no newline translation)."""

    def write(files: Mapping[str, str | bytes]) -> Path:
        root = tmp_path / "reports"
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        root.mkdir(exist_ok=True)
        return root

    return write


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run `briefing ARGS...` in this process; argparse's exits become exit codes."""

    from tui.cli import main

    def run(*args: str) -> CliResult:
        try:
            code = main(list(args))
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
