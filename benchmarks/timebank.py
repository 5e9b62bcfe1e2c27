"""Date detection and normalisation on TimeBank/AQUAINT, scored by the benchmark's own scorer.

    python benchmarks/timebank.py BENCHMARKS_DIR [--split dev|test] [--full] [--keep INDEX.json]

BENCHMARKS_DIR is the folder holding `score_dates.py` and `timebank/` (corpus and
gold). The index is built with the reading, sentence and timeline stages only
(the corpus files carry a `Published:` header that the reader takes as each
report's date), unless --full runs the whole pipeline. Prints the scorer's
table and the CPU time of date finding and of the whole timeline stage.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefing import dates, jsonio, sources, text, timeline
from briefing.index import Index, build_index


def build(corpus: Path, full: bool) -> Index:
    if full:
        started = time.process_time()
        index = build_index([str(corpus)])
        print(f"CPU time: whole index {time.process_time() - started:.2f} s", file=sys.stderr)
        return index
    documents, problems = sources.read_corpus([str(corpus)])
    documents = [text.segment(doc) for doc in documents]
    started = time.process_time()
    for doc in documents:
        dates.find_expressions(doc)
    spotting = time.process_time() - started
    started = time.process_time()
    dated, events = timeline.build_timeline(documents, [], [])
    stage = time.process_time() - started
    print(f"CPU time: date spotting {spotting:.2f} s, whole timeline stage {stage:.2f} s "
          f"for {len(documents)} reports, {len(events)} events", file=sys.stderr)
    return Index(documents=tuple(dated), events=tuple(events), problems=tuple(problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("benchmarks", type=Path, help="folder with score_dates.py and timebank/")
    parser.add_argument("--split", choices=["dev", "test"], help="score one split (default: both)")
    parser.add_argument("--full", action="store_true", help="run every pipeline stage, not only dating")
    parser.add_argument("--keep", type=Path, help="also write the index JSON here")
    args = parser.parse_args(argv)

    corpus = args.benchmarks / "timebank" / "corpus"
    gold = args.benchmarks / "timebank" / "gold.json"
    scorer = args.benchmarks / "score_dates.py"
    for needed in (corpus, gold, scorer):
        if not needed.exists():
            print(f"{needed} does not exist: give the folder that holds score_dates.py and timebank/.", file=sys.stderr)
            return 2
    index = build(corpus, args.full)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp) / "index.json"
        out.write_text(json.dumps(jsonio.index_to_json(index), ensure_ascii=False), encoding="utf-8")
        command = [sys.executable, str(scorer), str(gold), str(out)]
        if args.split:
            command += ["--split", args.split]
        return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
