"""Pins persist beside the corpus, follow their items, and never crash on a stale or damaged file."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from briefing import pins as pins_module
from briefing.index import Index
from briefing.model import Actor, Quote, Span
from briefing.pins import PIN_FILE, load_pins, pin_files, save_pins
from briefing.sources import build_document
from briefing.text import segment

TEXT = """\
Harbour pilots stop work in Oressa

Harbour pilot Ilan Varga said the pilots would not guide ships into Oressa until the new rota was withdrawn.

"The rota is unsafe and we will not sign it," Varga told the city council on Monday.

Mayor Petra Kolb said the council would meet the pilots' association on Friday.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "pilots.txt").write_text(TEXT, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def make_read_only(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing into the corpus folder fails as it would on a read-only mount
    (chmod does not stop root, who may run the tests)."""
    real_write = pins_module._write

    def refuse_corpus(target: Path, data: bytes) -> None:
        if target.parent == corpus:
            raise PermissionError(13, "Permission denied")
        real_write(target, data)

    monkeypatch.setattr(pins_module, "_write", refuse_corpus)


def index_for(folder: Path, actor_names: list[str]) -> Index:
    doc = segment(build_document(0, str(folder / "pilots.txt"), TEXT))
    actors = []
    for n, name in enumerate(actor_names, start=1):
        start = doc.text.index(name)
        actors.append(Actor(f"a{n}", name, "person", (name,), (), (Span(0, start, start + len(name)),)))
    quote_text = "The rota is unsafe and we will not sign it,"
    start = doc.text.index(quote_text)
    quote = Quote("q1", 0, quote_text, Span(0, start, start + len(quote_text)), "Ilan Varga", "named", "a1")
    return Index(documents=(doc,), actors=tuple(actors), quotes=(quote,))


def test_pins_round_trip_through_a_file_beside_the_corpus(corpus):
    index = index_for(corpus, ["Ilan Varga", "Petra Kolb"])
    assert save_pins([str(corpus)], index, ["a2", "q1"]) is None
    assert (corpus / PIN_FILE).is_file()
    assert load_pins([str(corpus)], index) == (["a2", "q1"], [])


def test_no_pin_file_means_no_pins_and_no_notices(corpus):
    assert load_pins([str(corpus)], index_for(corpus, ["Ilan Varga"])) == ([], [])


def test_a_pin_follows_its_item_when_ids_shift(corpus):
    before = index_for(corpus, ["Ilan Varga", "Petra Kolb"])
    save_pins([str(corpus)], before, ["a2"])
    after = index_for(corpus, ["Petra Kolb", "Ilan Varga"])
    assert after.by_id["a1"].name == "Petra Kolb"
    assert load_pins([str(corpus)], after) == (["a1"], [])


def test_a_pin_whose_item_is_gone_is_dropped_with_a_notice(corpus):
    save_pins([str(corpus)], index_for(corpus, ["Ilan Varga", "Petra Kolb"]), ["a1", "a2"])
    ids, notices = load_pins([str(corpus)], index_for(corpus, ["Ilan Varga"]))
    assert ids == ["a1"]
    assert notices == ["The pinned actor “Petra Kolb” is no longer in the reports, so it was unpinned."]


def test_an_id_that_now_names_something_else_is_not_kept(corpus):
    save_pins([str(corpus)], index_for(corpus, ["Ilan Varga", "Petra Kolb"]), ["a2"])
    ids, notices = load_pins([str(corpus)], index_for(corpus, ["Ilan Varga", "Oressa"]))
    assert ids == [] and len(notices) == 1


def test_unknown_ids_are_not_saved(corpus):
    index = index_for(corpus, ["Ilan Varga"])
    save_pins([str(corpus)], index, ["a1", "z99"])
    stored = json.loads((corpus / PIN_FILE).read_text(encoding="utf-8"))
    assert [p["id"] for p in stored["pins"]] == ["a1"]


@pytest.mark.parametrize("content", ["{not json", '{"pins": 3}', "[]", "\xff\xfe"])
def test_a_damaged_pin_file_is_ignored_with_a_notice(corpus, content):
    (corpus / PIN_FILE).write_text(content, encoding="latin-1")
    ids, notices = load_pins([str(corpus)], index_for(corpus, ["Ilan Varga"]))
    assert ids == []
    assert notices == [f"The pins file {corpus / PIN_FILE} could not be read, so nothing is pinned."]


def test_malformed_entries_are_skipped(corpus):
    index = index_for(corpus, ["Ilan Varga"])
    save_pins([str(corpus)], index, ["a1"])
    stored = json.loads((corpus / PIN_FILE).read_text(encoding="utf-8"))
    stored["pins"] += [{"id": 5}, "a1", {"id": "a1"}]
    (corpus / PIN_FILE).write_text(json.dumps(stored), encoding="utf-8")
    assert load_pins([str(corpus)], index) == (["a1"], [])


def test_a_read_only_corpus_keeps_pins_in_the_user_data_folder(corpus, data_home, monkeypatch):
    make_read_only(corpus, monkeypatch)
    index = index_for(corpus, ["Ilan Varga", "Petra Kolb"])
    assert save_pins([str(corpus)], index, ["a2"]) is None
    assert not (corpus / PIN_FILE).exists()
    saved = list((data_home / "briefing" / "pins").iterdir())
    assert len(saved) == 1 and saved[0] == pin_files([str(corpus)])[1]
    assert load_pins([str(corpus)], index) == (["a2"], [])


def test_nowhere_writable_is_a_one_sentence_warning(corpus, monkeypatch):
    def refuse(target: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pins_module, "_write", refuse)
    warning = save_pins([str(corpus)], index_for(corpus, ["Ilan Varga"]), ["a1"])
    assert warning is not None and warning.startswith("Pins could not be saved:") and warning.count(".") >= 1
    assert "\n" not in warning


def test_the_newer_of_two_pin_files_wins(corpus, monkeypatch):
    index = index_for(corpus, ["Ilan Varga", "Petra Kolb"])
    save_pins([str(corpus)], index, ["a1"])
    os.utime(corpus / PIN_FILE, (1, 1))
    make_read_only(corpus, monkeypatch)
    save_pins([str(corpus)], index, ["a2"])
    assert (corpus / PIN_FILE).is_file()
    assert load_pins([str(corpus)], index) == (["a2"], [])


def test_a_corpus_of_several_files_gets_its_own_pin_file(tmp_path):
    folder = tmp_path / "mixed"
    (folder / "x").mkdir(parents=True)
    (folder / "y").mkdir()
    first, second = folder / "x" / "a.txt", folder / "y" / "b.txt"
    first.write_text(TEXT, encoding="utf-8")
    second.write_text(TEXT, encoding="utf-8")
    beside, _ = pin_files([str(first), str(second)])
    assert beside.parent == folder and beside.name.startswith(".briefing-pins-")
    assert pin_files([str(second), str(first)])[0] == beside
    assert pin_files([str(first)])[0] != beside


def test_quote_pins_survive_a_rebuild(corpus):
    index = index_for(corpus, ["Ilan Varga"])
    save_pins([str(corpus)], index, ["q1"])
    rebuilt = replace(index_for(corpus, ["Ilan Varga"]), actors=())
    assert load_pins([str(corpus)], rebuilt) == (["q1"], [])
