"""Quality on the bundled corpus, measured against its hand-made gold annotations.

The first tests score the index here with the gold's own simple rules (folded
names, quote prefixes, date agreement), so they run in any clone. The last one
runs the shared scorer with the issues' thresholds when `../shared` is beside
the checkout, and skips itself otherwise.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from briefing.index import Index, build_index, bundled_corpus
from briefing.jsonio import index_to_json

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((Path(__file__).parent / "gold" / "gold.json").read_text(encoding="utf-8"))
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub("[\u2019\u2018`\u00b4]", "'", text)
    text = re.sub("[\"\u201c\u201d\u201e\u00ab\u00bb]", "", text)
    return re.sub(r"\s+", " ", text).strip(" '-\u2013\u2014.,;:!?\u2026")


@pytest.fixture(scope="module")
def index() -> Index:
    return build_index([bundled_corpus()])


def doc_ids(index: Index) -> dict[str, int]:
    return {Path(d.path).name: d.id for d in index.documents}


# Checks shared with the held-out corpus's tests, each over an index and its gold.


def share_of_actors_found(index: Index, gold: dict) -> float:
    names = {fold(alias) for actor in index.actors for alias in actor.aliases}
    found = [a for a in gold["actors"] if any(fold(v) in names for v in a["variants"])]
    return len(found) / len(gold["actors"])


def families_match(index: Index, gold: dict) -> bool:
    families = {frozenset(Path(index.documents[d].path).name for d in f.documents) for f in index.families}
    return families == {frozenset(group["files"]) for group in gold["duplicates"]}


def assert_boilerplate_marked_and_unused(index: Index, gold: dict) -> None:
    ids = doc_ids(index)
    for expected in gold["documents"]:
        doc = index.documents[ids[expected["file"]]]
        for line in expected["boilerplate_lines"]:
            for m in re.finditer(r"(?m)^" + re.escape(line) + r"$", doc.text):
                assert any(b.start <= m.start() and m.end() <= b.end for b in doc.boilerplate), line
    for actor in index.actors:
        assert not any(index.documents[m.doc].in_boilerplate(m) for m in actor.mentions), actor.name
    for quote in index.quotes:
        assert not index.documents[quote.doc].touches_boilerplate(quote.span), quote.text


def test_almost_every_gold_actor_is_found_by_one_of_its_spellings(index):
    assert share_of_actors_found(index, GOLD) >= 0.9


def test_no_actor_merges_two_gold_actors(index):
    owner = {fold(v): a["canonical"] for a in GOLD["actors"] for v in a["variants"]}
    for actor in index.actors:
        owners = {owner[fold(alias)] for alias in actor.aliases if fold(alias) in owner}
        assert len(owners) <= 1, (actor.name, owners)


def test_spelling_variants_of_one_person_end_in_one_actor(index):
    holder = {fold(alias): actor.id for actor in index.actors for alias in actor.aliases}
    for gold in GOLD["actors"]:
        present = {holder[fold(v)] for v in gold["variants"] if fold(v) in holder}
        if gold["type"] == "person":
            assert len(present) <= 1, gold["canonical"]


def test_almost_every_gold_quote_is_found_in_its_report(index):
    ids = doc_ids(index)
    found = 0
    for gold in GOLD["quotes"]:
        key = fold(gold["text"])[:30]
        doc = ids[gold["file"]]
        found += any(key in fold(q.text) or fold(q.text)[:30] in key for q in index.quotes if q.doc == doc and len(q.text) >= 12)
    assert found / len(GOLD["quotes"]) >= 0.95


def test_gold_events_are_found_with_their_dates(index):
    ids = doc_ids(index)
    found = 0
    for gold in GOLD["events"]:
        evidence = fold(gold["evidence"])
        found += any(
            e.doc == ids[gold["file"]]
            and e.date is not None
            and e.date.iso()[: len(gold["date"])] == gold["date"]
            and len(e.date.iso()) >= len(gold["date"])
            and (fold(e.date_text) in evidence or evidence in fold(index.documents[e.doc].slice(e.sentence)))
            for e in index.events
        )
    assert found / len(GOLD["events"]) >= 0.85


def test_the_retold_wire_story_is_one_family_and_the_rest_stand_alone(index):
    assert families_match(index, GOLD)


def test_report_dates_agree_with_the_gold(index):
    ids = doc_ids(index)
    agree = 0
    for gold in GOLD["documents"]:
        date = index.documents[ids[gold["file"]]].date
        if gold["date"] is None:
            lo, hi = gold.get("date_range") or (None, None)
            agree += date is None or (lo is not None and lo <= date.iso()[: len(lo)] <= hi)
        else:
            agree += date is not None and date.iso()[: len(gold["date"])] == gold["date"]
    assert agree / len(GOLD["documents"]) >= 0.8


def test_the_doubtful_header_date_is_named_in_a_warning(index):
    ids = doc_ids(index)
    for gold in GOLD["documents"]:
        if gold["header_date_conflict"]:
            header = re.search(r"\d{4}-\d{2}-\d{2}", gold["header_date_text"]).group()
            assert any(header in w for w in index.documents[ids[gold["file"]]].warnings)


def test_every_gold_boilerplate_line_is_marked_and_nothing_is_extracted_from_it(index):
    assert_boilerplate_marked_and_unused(index, GOLD)


def test_the_wording_conflict_officially_versus_informally_is_found(index):
    def mentions(conflict, word):
        return any(word in claim.text for claim in conflict.claims)

    assert any(
        c.kind == "quote-wording" and mentions(c, "officially") and mentions(c, "informally") for c in index.conflicts
    )


@pytest.mark.skipif(not SCORER.exists(), reason="the shared scorer is not beside this checkout")
def test_shared_scorer_meets_the_issue_thresholds(index, tmp_path):
    out = tmp_path / "index.json"
    out.write_text(json.dumps(index_to_json(index)), encoding="utf-8")
    thresholds = {
        "actors.recall": 0.9, "actors.merged": 0.9, "actors.kind": 0.8,
        "events.recall": 0.85, "events.date_text_found": 0.95,
        "quotes.recall": 0.95, "quotes.precision": 0.9, "quotes.speaker": 0.85,
        "conflicts.recall": 0.6, "families.exact": 1.0,
        "documents.date": 0.8, "documents.header_conflict": 1.0, "documents.boilerplate": 0.9,
    }
    limits = ["--max", "actors.overmerged=0", "--max", "families.false=0", "--max", "leaks=0"]
    mins = [arg for key, value in thresholds.items() for arg in ("--min", f"{key}={value}")]
    result = subprocess.run(
        [sys.executable, str(SCORER), str(Path(__file__).parent / "gold" / "gold.json"), str(out),
         "--texts", str(bundled_corpus()), *mins, *limits],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
