"""How fast the index is built for a corpus folder, and with how much memory.

    python benchmarks/bench_index.py CORPUS [CORPUS ...] [--stages] [--repeat N]

Prints documents/s and MB/s for the whole build, the peak resident memory of
the process (ru_maxrss: interpreter and libraries included), and with
`--stages` the time of each pipeline stage, called one by one in the order
`briefing.index.build_index` calls them. Reading plus segmenting is checked
against its budget (2 s for the 2,225-report BBC corpus, on one core).
Times are wall-clock and CPU seconds of this process: on a shared machine
the CPU time is what the code costs, the wall time what a user waits. With
`--repeat N` every figure is the best of N runs.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from briefing import actors, conflicts, families, quotes, sources, text, timeline
from briefing.index import build_index

READ_AND_SEGMENT_BUDGET_S = 2.0


Seconds = tuple[float, float]


def timed(fn: Callable[[], Any]) -> tuple[Any, Seconds]:
    """The result, and (wall, CPU) seconds taken."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, (time.perf_counter() - wall, time.process_time() - cpu)


def best(runs: Sequence[Seconds]) -> Seconds:
    return min(wall for wall, _ in runs), min(cpu for _, cpu in runs)


def run_stages(paths: Sequence[str]) -> tuple[list[tuple[str, Seconds]], list[Any]]:
    """Every stage of the pipeline, timed on its own."""
    times: list[tuple[str, Seconds]] = []

    def stage(name: str, fn: Callable[[], Any]) -> Any:
        result, seconds = timed(fn)
        times.append((name, seconds))
        return result

    documents, _ = stage("sources (read, decode, boilerplate)", lambda: sources.read_corpus(paths))
    documents = stage("text (paragraphs, sentences)", lambda: [text.segment(d) for d in documents])
    found_families, documents = stage("families", lambda: families.find_families(documents))
    found_actors = stage("actors", lambda: actors.extract_actors(documents))
    documents, events = stage("timeline", lambda: timeline.build_timeline(documents, found_families, found_actors))
    found_quotes = stage("quotes", lambda: quotes.extract_quotes(documents, found_actors))
    stage("conflicts", lambda: conflicts.find_conflicts(documents, found_families, found_actors, events, found_quotes))
    return times, documents


def corpus_bytes(documents: Sequence[Any]) -> int:
    return sum(os.path.getsize(d.path) for d in documents)


def peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return kb / 1024 / (1024 if sys.platform == "darwin" else 1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+", help="folders or files of reports")
    parser.add_argument("--stages", action="store_true", help="time each pipeline stage separately")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs (default: 1)")
    args = parser.parse_args(argv)

    runs = [timed(lambda: build_index(args.corpus)) for _ in range(max(1, args.repeat))]
    index = runs[0][0]
    total, total_cpu = best([seconds for _, seconds in runs])
    if not index.documents:
        print("No readable reports in the given paths.", file=sys.stderr)
        return 1
    n_docs = len(index.documents)
    megabytes = corpus_bytes(index.documents) / 1024 / 1024
    chars = sum(len(d.text) for d in index.documents)
    print(f"corpus       {n_docs} documents, {len(index.problems)} problems, {megabytes:.2f} MB, {chars:,} characters")
    print(
        f"whole build  {total:.3f} s wall, {total_cpu:.3f} s CPU   "
        f"{n_docs / total:,.0f} documents/s   {megabytes / total:.2f} MB/s (wall)"
    )

    if args.stages:
        per_stage = [dict(run_stages(args.corpus)[0]) for _ in range(max(1, args.repeat))]
        names = list(per_stage[0])
        fastest = {name: best([run[name] for run in per_stage]) for name in names}
        print(f"  {'stage':38} {'wall s':>8} {'CPU s':>8}")
        for name in names:
            print(f"  {name:38} {fastest[name][0]:8.3f} {fastest[name][1]:8.3f}")
        wall = fastest[names[0]][0] + fastest[names[1]][0]
        cpu = fastest[names[0]][1] + fastest[names[1]][1]
        budget = READ_AND_SEGMENT_BUDGET_S * n_docs / 2225
        verdict = "within" if cpu <= budget else "OVER"
        print(
            f"reading + segmenting  {wall:.3f} s wall, {cpu:.3f} s CPU   {n_docs / cpu:,.0f} documents/s   "
            f"{megabytes / cpu:.2f} MB/s (CPU)   {verdict} the budget of {budget:.2f} s "
            f"({READ_AND_SEGMENT_BUDGET_S:.0f} s per 2,225 documents)"
        )
    print(f"peak memory  {peak_rss_mb():.0f} MB resident (process high-water mark)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
