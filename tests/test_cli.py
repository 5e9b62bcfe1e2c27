"""The command line: exit codes 0/1/2, one plain sentence per error on stderr,
and the JSON contract of `briefing index --json` (DESIGN.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from briefing import __version__

REPORT = (
    "Troops Stay in Iraq After All\n"
    "Published: 2025-01-31\n\n"
    "Advertisement\n\n"
    "Iraqi officials said on Friday that U.S. troops would stay. “It is not in Iraq’s interest "
    "to ask them to leave now,” a senior official said.\n\n"
    "Photo: Reuters/A. Photographer\n"
)
LISTS = ("documents", "actors", "events", "quotes", "conflicts", "families", "problems")


def spans_in(value):
    """Every span object anywhere in the JSON."""
    if isinstance(value, dict):
        if {"doc", "start", "end", "text"} <= value.keys():
            yield value
        for v in value.values():
            yield from spans_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from spans_in(v)


def test_version(run_cli):
    result = run_cli("--version")
    assert (result.code, result.out.strip()) == (0, f"briefing {__version__}")


def test_help_names_the_commands(run_cli):
    result = run_cli("--help")
    assert result.code == 0
    assert "usage: briefing" in result.out and "briefing index" in result.out and "export" in result.out


def test_index_help(run_cli):
    result = run_cli("index", "--help")
    assert result.code == 0 and "--json" in result.out and "--max-mb" in result.out


def test_unknown_option_is_a_usage_error(run_cli):
    result = run_cli("--frobnicate")
    assert result.code == 2
    assert "unrecognized arguments: --frobnicate" in result.err and "Traceback" not in result.err


def test_size_limit_must_be_a_positive_number(run_cli):
    for bad in ("0", "-1", "lots", "inf", "nan"):
        result = run_cli("index", "--max-mb", bad)
        assert result.code == 2, bad
        assert "not a positive number of megabytes" in result.err


def test_index_json_on_the_bundled_corpus_keeps_the_contract(run_cli):
    result = run_cli("index", "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["schema"] == "briefing.index/1"
    assert all(isinstance(data[key], list) for key in LISTS)
    assert len(data["documents"]) == 5


def test_every_span_slices_its_document_text_exactly(run_cli, write_reports):
    root = write_reports({"a.txt": REPORT, "b.txt": "Сирия\n\n" + REPORT.replace("\n", "\r\n")})
    result = run_cli("index", "--json", str(root))
    data = json.loads(result.out)
    texts = {d["id"]: Path(d["file"]).read_bytes().decode("utf-8").replace("\r\n", "\n") for d in data["documents"]}
    found = list(spans_in(data))
    assert found, "the reports have boilerplate, so there are spans to check"
    for span in found:
        assert span["text"] == texts[span["doc"]][span["start"] : span["end"]]


def test_document_fields_in_the_json(run_cli, write_reports):
    root = write_reports({"a.txt": REPORT})
    doc = json.loads(run_cli("index", "--json", str(root)).out)["documents"][0]
    assert doc["id"] == 0
    assert doc["file"] == str(root / "a.txt")
    assert doc["title"] == "Troops Stay in Iraq After All"
    assert (doc["date"], doc["date_source"]) == ("2025-01-31", "header")
    assert doc["chars"] == len(REPORT)
    assert [b["text"] for b in doc["boilerplate"]] == ["Advertisement", "Photo: Reuters/A. Photographer"]
    assert doc["warnings"] == []


def test_problems_are_listed_next_to_the_documents_that_loaded(run_cli, write_reports, tmp_path):
    root = write_reports({"a.txt": REPORT, "empty.txt": ""})
    missing = tmp_path / "missing.txt"
    result = run_cli("index", "--json", str(root), str(missing))
    assert result.code == 0
    data = json.loads(result.out)
    assert len(data["documents"]) == 1
    assert data["problems"] == [
        {"file": str(missing), "message": f"{missing} was skipped: no such file or folder."},
        {"file": str(root / "empty.txt"), "message": f"{root / 'empty.txt'} was skipped: it is empty."},
    ]


def test_nothing_readable_exits_1_with_one_sentence_per_file(run_cli, write_reports, tmp_path):
    root = write_reports({"empty.txt": "  \n", "blob.txt": b"\x00\x01\x02\x03" * 64})
    for args in (["index", "--json", str(root)], [str(root)], [str(tmp_path / "nowhere")]):
        result = run_cli(*args)
        assert result.code == 1, args
        assert result.out == ""
        lines = result.err.strip().split("\n")
        assert all(line.endswith(".") and " was skipped: " in line for line in lines), lines


def test_a_size_limit_that_refuses_everything_exits_1(run_cli, write_reports):
    root = write_reports({"a.txt": REPORT * 10})
    result = run_cli("index", "--max-mb", "0.001", str(root))
    assert result.code == 1
    size = len((REPORT * 10).encode()) / 1024
    assert result.err.strip() == f"{root / 'a.txt'} was skipped: it is {size:.1f} KB, over the 1.0 KB limit."


def test_bad_input_never_shows_a_traceback_from_the_installed_command(tmp_path):
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)))
    run = [sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main())"]
    for args in (["index", str(tmp_path / "bin.txt")], ["index", str(tmp_path / "none")], ["--nope"]):
        result = subprocess.run(run + args, capture_output=True, text=True, timeout=120)
        assert result.returncode in (1, 2), args
        assert "Traceback" not in result.stderr and result.stderr.strip(), args


def test_summary_without_json(run_cli, write_reports):
    result = run_cli("index", str(write_reports({"a.txt": REPORT})))
    assert result.code == 0
    assert result.out.startswith("1 reports,") and "0 problems" in result.out
