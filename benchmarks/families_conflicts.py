"""Time the families and conflicts stages on a corpus folder.

    python benchmarks/families_conflicts.py CORPUS_DIR [--sizes 500 1000] [--repeat 3]

Reads and segments the reports once, runs the stages the conflicts stage
depends on (actors, timeline, quotes) untimed, then times `find_families` and
`find_conflicts` on the first 500, 1,000 and all reports. Times are CPU seconds
of this process (one core), best of `--repeat` runs. The last column divides the
total by n log2 n (scaled to the smallest size): it stays near 1 when the
stages grow as n log n.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from typing import TypeVar

from briefing import actors, conflicts, families, sources, text, timeline
from briefing import quotes as quotes_stage
from briefing.model import Document

T = TypeVar("T")


def best_of(repeat: int, run: Callable[[], T]) -> tuple[float, T]:
    best, result = math.inf, None
    for _ in range(repeat):
        start = time.process_time()
        result = run()
        best = min(best, time.process_time() - start)
    return best, result  # type: ignore[return-value]


def measure(documents: list[Document], repeat: int) -> tuple[float, float, int, int]:
    family_time, (found_families, docs) = best_of(repeat, lambda: families.find_families(documents))
    found_actors = actors.extract_actors(docs)
    docs, events = timeline.build_timeline(docs, found_families, found_actors)
    found_quotes = quotes_stage.extract_quotes(docs, found_actors)
    conflict_time, found = best_of(
        repeat, lambda: conflicts.find_conflicts(docs, found_families, found_actors, events, found_quotes)
    )
    return family_time, conflict_time, len(found_families), len(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--sizes", type=int, nargs="*", default=[500, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    documents, problems = sources.read_corpus([args.corpus])
    documents = [text.segment(d) for d in documents]
    sizes = sorted({n for n in args.sizes if n < len(documents)} | {len(documents)})
    print(f"{len(documents)} reports read, {len(problems)} problems; CPU seconds, best of {args.repeat}")
    print(f"{'reports':>8} {'families':>9} {'conflicts':>10} {'total':>7} {'#fam':>6} {'#conf':>6} {'/nlogn':>7}")
    base = None
    for n in sizes:
        family_time, conflict_time, n_families, n_conflicts = measure(documents[:n], args.repeat)
        total = family_time + conflict_time
        per = total / (n * math.log2(n))
        base = base or per
        print(
            f"{n:>8} {family_time:>9.2f} {conflict_time:>10.2f} {total:>7.2f} {n_families:>6} {n_conflicts:>6} {per / base:>7.2f}"
        )


if __name__ == "__main__":
    main()
