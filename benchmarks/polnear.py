"""Quotes on PolNeAR: build the index over one split folder and print the scorer's table.

    python benchmarks/polnear.py BENCHMARKS/polnear/corpus/dev [--gold GOLD.json] [--scorer SCORE.py]
                                                              [--keep INDEX.json]

The split is the folder's name (dev or test). By default the gold file is
`polnear/gold.json` and the scorer `score_quotes.py` two and three folders
above the split folder, as laid out in the shared benchmarks folder. Tune on
dev; run test only to report a figure.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefing.index import build_index
from briefing.jsonio import index_to_json


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("split_folder", type=Path, help="a PolNeAR split folder, e.g. .../polnear/corpus/dev")
    parser.add_argument("--gold", type=Path, help="gold.json (default: two folders above the split)")
    parser.add_argument("--scorer", type=Path, help="score_quotes.py (default: three folders above the split)")
    parser.add_argument("--keep", type=Path, help="also write the index JSON here")
    args = parser.parse_args(argv)

    folder = args.split_folder.resolve()
    if not folder.is_dir():
        print(f"{folder} is not a folder.", file=sys.stderr)
        return 2
    gold = args.gold or folder.parent.parent / "gold.json"
    scorer = args.scorer or folder.parent.parent.parent / "score_quotes.py"
    for path, what in ((gold, "gold file"), (scorer, "scorer")):
        if not path.is_file():
            print(f"The {what} {path} does not exist; give it with --{what.split()[0]}.", file=sys.stderr)
            return 2

    started = time.perf_counter()
    index = build_index([folder])
    elapsed = time.perf_counter() - started
    print(f"index: {len(index.documents)} documents, {len(index.quotes)} quotes, built in {elapsed:.2f} s")

    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp) / "index.json"
        out.write_text(json.dumps(index_to_json(index), ensure_ascii=False), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, str(scorer), str(gold), str(out), "--split", folder.name],
            capture_output=True, text=True,
        )
    print(result.stdout, end="")
    if result.returncode != 0:
        print(result.stderr, end="", file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
