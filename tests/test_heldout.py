"""Quality on the held-out corpus: five reports on a flood in Yemen that no rule was
tuned on (a wire story, a rewrite with web furniture, a rough machine translation,
a first-day report and another outlet's figures), scored against gold written before
the engine was run on them. The thresholds are what the engine reaches, less a margin;
they say how much of the bundled corpus's quality transfers, not that it is high.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.index import Index, build_index
from briefing.jsonio import index_to_json
from test_quality import (
    SCORER,
    assert_boilerplate_marked_and_unused,
    doc_ids,
    families_match,
    fold,
    share_of_actors_found,
)

HELDOUT = Path(__file__).parent / "heldout"
GOLD = json.loads((HELDOUT / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def index() -> Index:
    return build_index([HELDOUT])


def test_most_gold_actors_are_found_by_one_of_their_spellings(index):
    assert share_of_actors_found(index, GOLD) >= 0.85


def test_every_gold_quote_is_found_in_its_report(index):
    ids = doc_ids(index)
    found = 0
    for gold in GOLD["quotes"]:
        key = fold(gold["text"])[:30]
        found += any(key in fold(q.text) for q in index.quotes if q.doc == ids[gold["file"]])
    assert found / len(GOLD["quotes"]) >= 0.9


def test_the_rewrite_and_the_translation_of_the_wire_story_are_its_family(index):
    assert families_match(index, GOLD)


def test_web_furniture_is_marked_and_nothing_is_extracted_from_it(index):
    assert_boilerplate_marked_and_unused(index, GOLD)


@pytest.mark.skipif(not SCORER.exists(), reason="the shared scorer is not beside this checkout")
def test_shared_scorer_on_the_heldout_corpus(index, tmp_path):
    out = tmp_path / "index.json"
    out.write_text(json.dumps(index_to_json(index)), encoding="utf-8")
    thresholds = {
        "actors.recall": 0.85, "actors.merged": 0.35, "actors.kind": 0.85,
        "events.recall": 0.8, "events.date_text_found": 0.95,
        "quotes.recall": 0.9, "quotes.precision": 0.9, "quotes.speaker": 0.7,
        "conflicts.recall": 0.25, "families.exact": 1.0,
        "documents.date": 0.8, "documents.boilerplate": 0.9,
    }
    limits = ["--max", "actors.overmerged=3", "--max", "families.false=0", "--max", "leaks=0"]
    mins = [arg for key, value in thresholds.items() for arg in ("--min", f"{key}={value}")]
    result = subprocess.run(
        [sys.executable, str(SCORER), str(HELDOUT / "gold.json"), str(out), "--texts", str(HELDOUT), *mins, *limits],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
