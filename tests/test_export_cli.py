"""`briefing export`: writes the brief without the app, refuses to clobber, fails in one sentence."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pypdf
import pytest

from briefing.index import build_index
from briefing.pins import save_pins

FERRY = """\
Ferry Service Suspended Between Lonra and Kesh

LONRA (Wire) — The ferry service between Lonra and Kesh was suspended on Wednesday after a storm damaged the main pier, the harbour authority said.

Harbour master Odile Brenn said repairs would take at least two weeks.

"Nobody crosses until the pier is safe," Brenn said.
"""

FERRY_ELSEWHERE = """\
Storm cuts Kesh off from the mainland

A storm on Wednesday damaged the main pier at Lonra, and the harbour authority suspended the ferry service to Kesh.

Shopkeepers on Kesh said food deliveries would run short within days.
"""


@pytest.fixture
def reports(write_reports) -> Path:
    return write_reports({"ferry.txt": FERRY, "kesh.txt": FERRY_ELSEWHERE})


def test_export_writes_markdown_and_says_where(run_cli, reports, tmp_path):
    target = tmp_path / "brief.md"
    result = run_cli("export", str(reports), "-o", str(target))
    assert result.code == 0, result.err
    assert result.out.strip() == f"Wrote the brief to {target}."
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# ") and "## Bottom line" in text and "## Sources" in text
    assert len(text.splitlines()) < 60


def test_export_writes_a_one_page_pdf_on_letter_paper(run_cli, reports, tmp_path):
    target = tmp_path / "brief.pdf"
    result = run_cli("export", str(reports), "-o", str(target), "--paper", "letter")
    assert result.code == 0, result.err
    pages = pypdf.PdfReader(io.BytesIO(target.read_bytes())).pages
    assert len(pages) == 1
    assert (round(float(pages[0].mediabox.width)), round(float(pages[0].mediabox.height))) == (612, 792)
    assert "ferry" in pages[0].extract_text().lower()


def test_export_of_the_bundled_corpus_has_a_sourced_bottom_line(run_cli, tmp_path):
    md, pdf = tmp_path / "brief.md", tmp_path / "brief.pdf"
    assert run_cli("export", "-o", str(md)).code == 0
    assert run_cli("export", "-o", str(pdf)).code == 0
    text = md.read_text(encoding="utf-8")
    bottom = text.split("## Bottom line\n", 1)[1].split("\n\n", 1)[0]
    assert "withdraw" in bottom and "Assad" in bottom
    assert len(pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages) == 1


def test_bundled_brief_names_the_wording_conflict_and_the_doubtful_report_date(run_cli, tmp_path):
    target = tmp_path / "brief.md"
    assert run_cli("export", "-o", str(target)).code == 0
    text = target.read_text(encoding="utf-8")
    caveats = text.split("## Conflicts and caveats\n", 1)[1].split("\n\n", 1)[0]
    assert "officially" in caveats and "informally" in caveats
    sources = text.split("## Sources\n", 1)[1]
    number = re.search(r"\[(\d+)\] The fall of Bashar Assad in Syria.*header date doubtful", sources).group(1)
    dated = next(item for item in caveats.split("\n- ") if "2024-02-06" in item)
    assert re.search(rf"\[[\d, ]*\b{number}\b[\d, ]*\]", dated)


def test_existing_file_is_refused_without_force(run_cli, reports, tmp_path):
    target = tmp_path / "brief.txt"
    target.write_text("my notes")
    result = run_cli("export", str(reports), "-o", str(target))
    assert result.code == 1
    assert result.err == f"{target} already exists; use --force to overwrite it.\n"
    assert target.read_text() == "my notes"
    forced = run_cli("export", str(reports), "-o", str(target), "--force")
    assert forced.code == 0 and "BOTTOM LINE" in target.read_text(encoding="utf-8")


def test_unwritable_path_is_one_sentence_and_exit_1(run_cli, reports, tmp_path, monkeypatch):
    real_open = os.open

    def denied(path, *args, **kwargs):
        if str(path).startswith(str(tmp_path / "locked")):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    (tmp_path / "locked").mkdir()
    monkeypatch.setattr(os, "open", denied)
    result = run_cli("export", str(reports), "-o", str(tmp_path / "locked" / "brief.md"))
    assert result.code == 1
    assert result.err == f"Cannot write {tmp_path / 'locked' / 'brief.md'}: permission denied.\n"
    assert list((tmp_path / "locked").iterdir()) == []


def test_missing_folder_is_one_sentence_and_exit_1(run_cli, reports, tmp_path):
    result = run_cli("export", str(reports), "-o", str(tmp_path / "no" / "such" / "brief.pdf"))
    assert result.code == 1
    assert result.err.count("\n") == 1 and "does not exist" in result.err and "Traceback" not in result.err


def test_unknown_format_and_paper_are_usage_errors(run_cli, reports, tmp_path):
    assert run_cli("export", str(reports), "-o", str(tmp_path / "brief.docx")).code == 2
    assert run_cli("export", str(reports), "-o", str(tmp_path / "brief.pdf"), "--paper", "a5").code == 2
    assert run_cli("export", str(reports)).code == 2
    assert list(tmp_path.glob("brief.*")) == []


def test_nothing_readable_exits_1(run_cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("export", str(empty), "-o", str(tmp_path / "brief.md"))
    assert result.code == 1 and not (tmp_path / "brief.md").exists()


def test_export_puts_items_pinned_in_the_app_first(run_cli, reports, tmp_path):
    index = build_index([str(reports)])
    last = index.actors[-1]
    assert save_pins([str(reports)], index, [last.id]) is None
    target = tmp_path / "brief.md"
    assert run_cli("export", str(reports), "-o", str(target)).code == 0
    first_actor = target.read_text(encoding="utf-8").split("## Key actors\n", 1)[1].splitlines()[0]
    assert first_actor.replace("\\", "").startswith(f"- **{last.name}**")


def test_stale_pins_are_reported_on_stderr(run_cli, reports, tmp_path):
    (reports / ".briefing-pins.json").write_text(
        '{"schema": "briefing.pins/1", "pins": [{"id": "a1", "kind": "actor", "label": "Gone Person", "fingerprint": "x"}]}',
        encoding="utf-8",
    )
    result = run_cli("export", str(reports), "-o", str(tmp_path / "brief.md"))
    assert result.code == 0
    assert "The pinned actor “Gone Person” is no longer in the reports, so it was unpinned." in result.err
