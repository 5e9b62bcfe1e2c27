"""Per-report work spread over worker processes.

Most of the pipeline is per report: building a document, segmenting it,
spotting its dates, quotations, names and figures. `map_batches` runs such
work over every report, batch by batch, in worker processes when the corpus is large
enough to pay for them, in this process otherwise. Results come back in
report order and are the same either way; only the time differs.

Workers start by forking this process, which is cheap and shares the input
without copying it. Forking a process that runs other threads can leave the
child holding a lock another thread held at that instant (the app builds its
index in a thread while its terminal writer runs), so such a process gets its
workers from a fork server instead: a clean process started once, which pays
for its imports and receives the input by pickle.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int, int], None]

# Below this many reports a pool costs more than it saves (a fork and the
# pickling of results against a few milliseconds of work per report).
MIN_PARALLEL_REPORTS = 64
# Enough batches per worker to even out long and short reports, few enough
# that per-batch overhead stays small and caches shared within a batch pay.
BATCHES_PER_WORKER = 8


def available_cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def map_batches(
    function: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[R]:
    """`function` over consecutive batches of `items`, results concatenated in
    item order: in `workers` processes (default: one per available core) when
    there are enough items, here otherwise. A batch lets the function share
    caches between the reports it holds; it must return one result per item.

    `function` must be a module-level function and its results picklable. If
    worker processes cannot be started or die, the work is done here instead.
    """
    count = available_cores() if workers is None else workers
    if count > 1 and len(items) >= MIN_PARALLEL_REPORTS:
        try:
            return _in_pool(function, items, count, progress)
        except (OSError, BrokenProcessPool):
            # No processes on this system (a sandbox without fork or /dev/shm),
            # or a worker killed (out of memory): the work is still done, serially.
            pass
    results: list[R] = []
    for start, stop in _batches(len(items), 1):
        results.extend(function(items[start:stop]))
        if progress:
            progress(stop, len(items))
    return results


def _batches(count: int, workers: int) -> list[tuple[int, int]]:
    size = max(1, -(-count // (workers * BATCHES_PER_WORKER)))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def start_method() -> str:
    """Fork where it is safe and native (Linux, no other thread running),
    else a fork server, else (Windows) fresh interpreters."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and threading.active_count() == 1 and "fork" in methods:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


# Set in each worker process by `_start_worker`: the items of the current map.
_items: Sequence[object] = ()


def _start_worker(items: Sequence[object]) -> None:
    global _items
    _items = items
    # As in the parent's build: the results outlive the task, so collections find nothing.
    gc.disable()


def _run_batch(function: Callable[[Sequence[object]], list[object]], start: int, stop: int) -> list[object]:
    return function(_items[start:stop])


def _in_pool(
    function: Callable[[Sequence[T]], list[R]], items: Sequence[T], workers: int, progress: Progress | None
) -> list[R]:
    bounds = _batches(len(items), workers)
    context = multiprocessing.get_context(start_method())
    # Pool arguments reach forked workers without pickling; a fork server's
    # workers unpickle them once each, not once per batch.
    with ProcessPoolExecutor(
        min(workers, len(bounds)), mp_context=context, initializer=_start_worker, initargs=(items,)
    ) as pool:
        results: list[R] = []
        batches = pool.map(_run_batch, [function] * len(bounds), *zip(*bounds))
        for (_, stop), batch in zip(bounds, batches):
            results.extend(batch)  # type: ignore[arg-type]
            if progress:
                progress(stop, len(items))
        return results
