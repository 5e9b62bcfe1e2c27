"""Whole-index build time, time per stage, documents/s and peak memory for a
corpus folder, against the do-it-yourself baseline in the same run.

    python benchmarks/bench_scale.py CORPUS [--baseline-files N | --baseline-all | --no-baseline]
                                            [--tracemalloc] [--json OUT]
    python benchmarks/bench_scale.py --growth [--sizes 100,1000,10000] [--workdir DIR] [--keep] [--timeout S]
                                     [--reword P]
    python benchmarks/bench_scale.py --hostile [--hostile-sizes 10000,40000]

The baseline is what one would write by hand: dateparser's
`search_dates(text, languages=['en'])` over every file. It takes half a minute
or more on a large corpus, so by default it runs on an evenly spaced sample of files and is
extrapolated to the whole corpus by characters; the output says when it did.

`--growth` writes synthetic corpora (benchmarks/synthetic.py) of each size and
measures each in a fresh process, so every peak-memory figure is its own.
`--hostile` times one report made of one repeated pattern (dot leaders, a line
of spaces, unclosed quotes, a list of dates...) at growing lengths, to find the
stages whose time grows faster than the text: on hostile input they hang.
Peak memory is the resident set size high-water mark (ru_maxrss) of the
process, which includes the interpreter and the libraries; `--tracemalloc`
adds the peak of Python allocations during the build (and slows the build).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

from briefing.parallel import available_cores

HERE = Path(__file__).resolve().parent
TARGET_SECONDS, TARGET_MB, TARGET_SPEEDUP = 10.0, 1024.0, 15.0
GROWTH_TARGET_SECONDS, GROWTH_TARGET_MB = 60.0, 3072.0


def peak_rss_mb() -> tuple[float, float]:
    """High-water resident memory of this process and of its largest finished child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / 1024 / 1024
    return own * scale, child * scale


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def machine_speed() -> float:
    """Seconds for ten million additions in a Python loop: a yardstick for
    comparing figures taken on different machines."""
    start = time.perf_counter()
    total = 0
    for n in range(10_000_000):
        total += n
    return time.perf_counter() - start


def measure_index(corpus: Path, *, trace: bool = False, processes: int | None = None) -> dict:
    """Build the index once, timing each stage through the progress callback."""
    from briefing.index import build_index

    marks: list[tuple[str, float]] = []

    def progress(stage: str, done: int, total: int) -> None:
        if not marks or marks[-1][0] != stage:
            marks.append((stage, time.perf_counter()))

    rss_start, _ = peak_rss_mb()
    if trace:
        tracemalloc.start()
    cpu0 = cpu_seconds()
    start = time.perf_counter()
    index = build_index([corpus], progress=progress, processes=processes)
    seconds = time.perf_counter() - start
    cpu = cpu_seconds() - cpu0
    traced = tracemalloc.get_traced_memory()[1] / 1e6 if trace else None
    if trace:
        tracemalloc.stop()
    rss_peak, child_peak = peak_rss_mb()

    # Stages report progress as they start; one stage lasts until the next one reports.
    boundaries = [("reading", start), *(m for m in marks if m[0] != "reading")]
    ends = [at for _, at in boundaries[1:]] + [start + seconds]
    stages: dict[str, float] = {}
    for (name, at), until in zip(boundaries, ends):
        if name != "done":
            stages[name] = stages.get(name, 0.0) + until - at

    chars = sum(len(d.text) for d in index.documents)
    return {
        "corpus": str(corpus),
        "documents": len(index.documents),
        "problems": len(index.problems),
        "megabytes": chars / 1e6,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "docs_per_second": len(index.documents) / seconds if seconds else 0.0,
        "processes": processes or available_cores(),
        "rss_start_mb": rss_start,
        "rss_peak_mb": rss_peak,
        "child_rss_peak_mb": child_peak,
        "traced_peak_mb": traced,
        "stages": list(stages.items()),
        "counts": {
            "actors": len(index.actors),
            "events": len(index.events),
            "quotes": len(index.quotes),
            "conflicts": len(index.conflicts),
            "families": len(index.families),
            "reports in the largest family": max((len(f.documents) for f in index.families), default=0),
            "events in the largest cluster": max(Counter(e.cluster for e in index.events).values(), default=0),
        },
    }


def corpus_files(corpus: Path) -> list[str]:
    from briefing.sources import discover

    return discover([corpus])[0]


def measure_baseline(files: list[str], sample: int | None) -> dict:
    """search_dates over every file, or over `sample` evenly spaced files, extrapolated by characters."""
    from dateparser.search import search_dates

    texts = [Path(f).read_text(encoding="utf-8", errors="replace") for f in files]
    total_chars = sum(len(t) for t in texts)
    if sample is None or sample >= len(files):
        picked = list(range(len(files)))
    else:
        picked = sorted({round(i * len(files) / sample) for i in range(sample)})
    search_dates("It happened on 3 March 2020.", languages=["en"])
    found = 0
    failed: list[str] = []
    start, cpu_start = time.perf_counter(), time.process_time()
    for i in picked:
        # dateparser raises on some real reports (OverflowError on a date it
        # steps out of range); a hand-rolled loop would have to skip them too.
        try:
            found += len(search_dates(texts[i], languages=["en"]) or [])
        except Exception as error:  # noqa: BLE001 - the baseline's failures are part of its figures
            failed.append(f"{Path(files[i]).name}: {type(error).__name__}: {error}")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    sampled_chars = sum(len(texts[i]) for i in picked)
    scale = total_chars / sampled_chars if sampled_chars else 0.0
    return {
        "files": len(files),
        "sampled_files": len(picked),
        "sampled_chars": sampled_chars,
        "total_chars": total_chars,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "dates_found": found,
        "failed": failed,
        "estimated_seconds": seconds * scale,
        "estimated_cpu_seconds": cpu * scale,
        "extrapolated": len(picked) < len(files),
    }


def print_index(result: dict) -> None:
    print(f"## Index build: {result['corpus']}\n")
    print(f"Per-report work in up to {result['processes']} process(es), {available_cores()} core(s) available; this machine adds "
          f"ten million numbers in a Python loop in {result['machine_seconds']:.2f} s (a yardstick across machines).\n")
    print("| reports | MB of text | problems | build s | CPU s | reports/s | peak RSS MB | RSS before build MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {result['documents']:,} | {result['megabytes']:.1f} | {result['problems']} | {result['seconds']:.2f} "
        f"| {result['cpu_seconds']:.2f} | {result['docs_per_second']:,.0f} | {result['rss_peak_mb']:.0f} "
        f"| {result['rss_start_mb']:.0f} |"
    )
    if result["child_rss_peak_mb"]:
        print(f"\nLargest worker process peak RSS: {result['child_rss_peak_mb']:.0f} MB.")
    if result["traced_peak_mb"] is not None:
        print(f"\nPeak of Python allocations during the build (tracemalloc): {result['traced_peak_mb']:.0f} MB.")
    print("\n| stage | s | share |\n|---|---:|---:|")
    for name, seconds in result["stages"]:
        share = seconds / result["seconds"] * 100 if result["seconds"] else 0.0
        print(f"| {name} | {seconds:.2f} | {share:.0f}% |")
    print("\nA stage's time is what the main process spent on it: collecting the stage's per-report results "
          "(working the batches no worker had begun) and then comparing reports. Workers run ahead on the next "
          "stages' per-report work meanwhile, so the CPU seconds exceed the build seconds.")
    counts = ", ".join(f"{v:,} {k}" for k, v in result["counts"].items())
    print(f"\nFound: {counts}.")


def print_baseline(result: dict, baseline: dict) -> None:
    print("\n## Baseline: dateparser search_dates(text, languages=['en']) over the same files\n")
    if baseline["extrapolated"]:
        share = baseline["sampled_chars"] / baseline["total_chars"] * 100
        print(
            f"Sampled {baseline['sampled_files']:,} of {baseline['files']:,} files ({share:.0f}% of the characters): "
            f"{baseline['seconds']:.1f} s measured, extrapolated by characters to the whole corpus."
        )
    else:
        print(f"All {baseline['files']:,} files: {baseline['seconds']:.1f} s measured.")
    estimate, cpu_estimate = baseline["estimated_seconds"], baseline["estimated_cpu_seconds"]
    speedup, cpu_speedup = speedups(result, baseline)
    label = "estimated" if baseline["extrapolated"] else "measured"
    print(f"\n| | whole index | search_dates ({label}) | speed-up |\n|---|---:|---:|---:|")
    print(f"| wall s | {result['seconds']:.2f} | {estimate:.1f} | {speedup:.1f}x |")
    print(f"| CPU s | {result['cpu_seconds']:.2f} | {cpu_estimate:.1f} | {cpu_speedup:.1f}x |")
    print(f"\nsearch_dates found {baseline['dates_found']:,} date strings in the files it ran on.")
    if baseline["failed"]:
        print(f"It raised on {len(baseline['failed'])} file(s), counted with the time spent before the error: "
              + "; ".join(baseline["failed"][:5]) + ".")


def speedups(result: dict, baseline: dict) -> tuple[float, float]:
    """How many times faster the whole index is than the baseline, in wall and in CPU seconds."""
    wall = baseline["estimated_seconds"] / result["seconds"] if result["seconds"] else float("inf")
    cpu = baseline["estimated_cpu_seconds"] / result["cpu_seconds"] if result["cpu_seconds"] else float("inf")
    return wall, cpu


def print_targets(result: dict, baseline: dict | None) -> None:
    checks = [
        (f"whole index under {TARGET_SECONDS:.0f} s", result["seconds"] < TARGET_SECONDS),
        (f"peak memory under {TARGET_MB / 1024:.0f} GB", result["rss_peak_mb"] < TARGET_MB),
    ]
    if baseline:
        checks.append((f"at least {TARGET_SPEEDUP:.0f}x faster than search_dates (wall)",
                       speedups(result, baseline)[0] >= TARGET_SPEEDUP))
    print("\nTargets of issue 9 (set for the 2,225-report BBC corpus): " + "; ".join(
        f"{name}: {'met' if ok else 'NOT met'}" for name, ok in checks
    ) + ".")


def run_growth(sizes: list[int], workdir: Path, keep: bool, seed: int, timeout: float, reword: float) -> None:
    sys.path.insert(0, str(HERE))
    import synthetic

    rows = []
    gave_up: tuple[int, float] | None = None
    for size in sizes:
        folder = workdir / f"synthetic-{size}"
        started = time.perf_counter()
        written = synthetic.generate(folder, size, seed=seed, reword=reword)
        print(f"generated {len(written):,} reports in {time.perf_counter() - started:.1f} s: {folder}", flush=True)
        try:
            out = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), str(folder), "--no-baseline", "--json", "-"],
                capture_output=True, text=True, check=False, timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            gave_up = (len(written), timeout)
            print(f"  gave up after {timeout:.0f} s; larger sizes skipped", flush=True)
            break
        finally:
            if not keep:
                for path in written:
                    path.unlink()
                folder.rmdir()
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            raise SystemExit(f"the index build on {folder} failed")
        result = json.loads(out.stdout.strip().splitlines()[-1])["index"]
        rows.append(result)
        print(f"  built in {result['seconds']:.1f} s, peak {result['rss_peak_mb']:.0f} MB", flush=True)

    print(f"\n## Growth on the synthetic corpus (seed {seed}, reword {reword})\n")
    if gave_up:
        print(f"{gave_up[0]:,} reports: not built within {gave_up[1]:.0f} s (--timeout); larger sizes not run.\n")
    if not rows:
        return
    stage_names = [name for name, _ in rows[-1]["stages"]]
    print("| reports | MB of text | build s | reports/s | ms per report | time ratio / size ratio | peak RSS MB "
          "| largest family | " + " | ".join(f"{n} s" for n in stage_names) + " |")
    print("|" + "---:|" * (8 + len(stage_names)))
    previous = None
    for row in rows:
        ratio = "–"
        if previous:
            ratio = f"{(row['seconds'] / previous['seconds']) / (row['documents'] / previous['documents']):.2f}"
        stages = dict(row["stages"])
        print(
            f"| {row['documents']:,} | {row['megabytes']:.1f} | {row['seconds']:.2f} | {row['docs_per_second']:,.0f} "
            f"| {row['seconds'] / row['documents'] * 1000:.2f} | {ratio} | {row['rss_peak_mb']:.0f} "
            f"| {row['counts']['reports in the largest family']:,} | "
            + " | ".join(f"{stages.get(n, 0.0):.2f}" for n in stage_names) + " |"
        )
        previous = row
    print("\nTime ratio / size ratio compares each row with the one above: 1.00 is linear growth; "
          "above 1 the time per report grows with the corpus (a quadratic stage over a 10x step gives about 10).")
    largest = rows[-1]
    print(
        f"Targets of issue 9 at {largest['documents']:,} reports: under {GROWTH_TARGET_SECONDS:.0f} s: "
        f"{'met' if largest['seconds'] < GROWTH_TARGET_SECONDS else 'NOT met'}; under {GROWTH_TARGET_MB / 1024:.0f} GB: "
        f"{'met' if largest['rss_peak_mb'] < GROWTH_TARGET_MB else 'NOT met'} (the targets are set for 10,000 reports)."
    )


# One pattern repeated through one long paragraph: the shapes scraped pages
# really contain (dot leaders, indentation, tables of dates) and the ones
# that defeat a scan per match (every quote or date rescanning its sentence).
HOSTILE_PATTERNS = {
    "run of full stops": ".",
    "spaces and tabs": " \t",
    "unclosed quotes": '"a ',
    "list of dates": "March 3, 2024 ",
    "list of years": "2024 ",
    "capitalised words": "Alpha Beta Gamma Delta ",
    "acronyms": "NATO UN USA ",
    "numbers": "1,",
    "opening quote marks": "\u201c",
    "abbreviations": "U.S. ",
    "speaker labels": "Mr Smith: ",
    "short lines": "Word\n",
}


def run_hostile(sizes: list[int]) -> None:
    """Time per pattern at growing sizes; the exponent of growth says linear (1) or quadratic (2)."""
    import math

    with tempfile.TemporaryDirectory(prefix="briefing-hostile-") as tmp:
        # Models that load on first use (language identification) are not part of any pattern's time.
        Path(tmp, "report.txt").write_text("Ceci n'est pas un rapport anglais. " * 20, encoding="utf-8")
        measure_index(Path(tmp))
    print("## One report of one repeated pattern\n")
    print("| pattern | " + " | ".join(f"{n:,} chars s" for n in sizes) + " | growth exponent | slowest stage at the largest |")
    print("|---|" + "---:|" * (len(sizes) + 1) + "---|")
    for name, unit in HOSTILE_PATTERNS.items():
        results = []
        for size in sizes:
            with tempfile.TemporaryDirectory(prefix="briefing-hostile-") as tmp:
                Path(tmp, "report.txt").write_text("A headline for the report\n\n" + unit * (size // len(unit)), encoding="utf-8")
                results.append(measure_index(Path(tmp)))
        first, last = results[0], results[-1]
        exponent = "–"
        if last["seconds"] >= 0.2 and first["seconds"] > 0:
            exponent = f"{math.log(last['seconds'] / first['seconds']) / math.log(sizes[-1] / sizes[0]):.1f}"
        stage, seconds = max(last["stages"], key=lambda item: item[1])
        print(f"| {name} | " + " | ".join(f"{r['seconds']:.2f}" for r in results) + f" | {exponent} | {stage} {seconds:.2f} s |",
              flush=True)
    print("\nAn exponent near 1 is linear; near 2 the time is quadratic in the length of the paragraph "
          "(shown only when the largest run takes 0.2 s or more).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="folder of reports (e.g. ../shared/scale-corpus)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--baseline-files", type=int, default=150, metavar="N",
                       help="time search_dates on N evenly spaced files and extrapolate (default 150)")
    group.add_argument("--baseline-all", action="store_true", help="time search_dates on every file (minutes)")
    group.add_argument("--no-baseline", action="store_true", help="skip the search_dates baseline")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower build)")
    parser.add_argument("--processes", type=int, metavar="N",
                        help="processes for per-report work, this one included (default: one per available core)")
    parser.add_argument("--json", metavar="OUT", help="also write the figures as JSON to OUT ('-' for one line on stdout)")
    parser.add_argument("--growth", action="store_true", help="measure synthetic corpora of growing size instead")
    parser.add_argument("--sizes", default="100,1000,10000", help="report counts for --growth (default 100,1000,10000)")
    parser.add_argument("--workdir", type=Path, help="where --growth writes its corpora (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic corpora --growth wrote")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpora")
    parser.add_argument("--reword", type=float, default=0.0, metavar="P",
                        help="--growth corpora respell less common words with probability P per story (see synthetic.py)")
    parser.add_argument("--timeout", type=float, default=900, help="--growth gives up on a size after this many seconds")
    parser.add_argument("--hostile", action="store_true",
                        help="time one-report corpora of one repeated pattern (dot leaders, unclosed quotes, ...)")
    parser.add_argument("--hostile-sizes", default="10000,40000", help="characters per report for --hostile")
    ns = parser.parse_args(argv)

    if ns.hostile:
        run_hostile([int(n) for n in ns.hostile_sizes.split(",") if n.strip()])
        return 0
    if ns.growth:
        sizes = [int(s) for s in ns.sizes.split(",") if s.strip()]
        if ns.workdir:
            run_growth(sizes, ns.workdir, ns.keep, ns.seed, ns.timeout, ns.reword)
        else:
            with tempfile.TemporaryDirectory(prefix="briefing-growth-") as tmp:
                run_growth(sizes, Path(tmp), ns.keep, ns.seed, ns.timeout, ns.reword)
        return 0
    if ns.corpus is None or not ns.corpus.is_dir():
        parser.error("give a corpus folder, or --growth")

    result = measure_index(ns.corpus, trace=ns.tracemalloc, processes=ns.processes)
    result["machine_seconds"] = machine_speed()
    quiet = ns.json == "-"
    baseline = None
    if not ns.no_baseline:
        files = corpus_files(ns.corpus)
        baseline = measure_baseline(files, None if ns.baseline_all else ns.baseline_files)
    if quiet:
        print(json.dumps({"index": result, "baseline": baseline}))
        return 0
    print_index(result)
    if baseline:
        print_baseline(result, baseline)
    print_targets(result, baseline)
    if ns.json:
        Path(ns.json).write_text(json.dumps({"index": result, "baseline": baseline}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
