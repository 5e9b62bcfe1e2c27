"""Per-report work spread over processes.

Most of the pipeline is per report: building a document, segmenting it,
spotting its dates, quotations, names and figures. `map_batches` runs such
work over every report, batch by batch, in this process and in worker
processes when the corpus is large enough to pay for them, in this process
alone otherwise. Results come back in report order and are the same either
way; only the time differs.

This process takes batches from the front while the workers take them from
the back, so no core idles waiting and this process's share needs no
pickling. Workers start by forking this process, which is cheap and shares
the input without copying it. Forking a process that runs other threads can
leave the child holding a lock another thread held at that instant (the app
builds its index in a thread while its terminal writer runs), so such a
process gets its workers from a fork server instead: a clean process started
once, which pays for its imports and receives the input by pickle.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int, int], None]
# Makes, once in each process that takes part, the function called on each
# batch: what it keeps (caches) is shared by every batch that process reads.
Worker = Callable[[], Callable[[Sequence[T]], list[R]]]

# Below this many reports a pool costs more than it saves (a fork and the
# pickling of results against a few milliseconds of work per report).
MIN_PARALLEL_REPORTS = 64
# Small batches even out long and short reports and leave little to wait for
# at the end; caches live in the process, not the batch, so they still pay.
BATCHES_PER_PROCESS = 16
# Batches queued for each worker beyond the one it is on, so it never waits
# for this process to hand it the next.
QUEUED_PER_WORKER = 2


def available_cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def map_batches(
    worker: Worker[T, R],
    items: Sequence[T],
    *,
    processes: int | None = None,
    progress: Progress | None = None,
) -> list[R]:
    """`worker()(batch)` over consecutive batches of `items`, results joined in
    item order, in `processes` processes including this one (default: one per
    available core) when there are enough items, here otherwise.

    `worker` is called once in each process that takes part; it and its
    results must pickle (a module-level class or function, plain data). If
    worker processes cannot be started or die, the work is done here instead.
    """
    count = available_cores() if processes is None else processes
    if count > 1 and len(items) >= MIN_PARALLEL_REPORTS:
        try:
            return _shared(worker, items, count, progress)
        except (OSError, BrokenProcessPool):
            # No processes on this system (a sandbox without fork or /dev/shm),
            # or a worker killed (out of memory): the work is still done, serially.
            pass
    work = worker()
    results: list[R] = []
    for start, stop in _batches(len(items), 1):
        results.extend(work(items[start:stop]))
        if progress:
            progress(stop, len(items))
    return results


def _batches(count: int, processes: int) -> list[tuple[int, int]]:
    size = max(1, -(-count // (processes * BATCHES_PER_PROCESS)))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def start_method() -> str:
    """Fork where it is safe and native (Linux, no other thread running),
    else a fork server, else (Windows) fresh interpreters."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and threading.active_count() == 1 and "fork" in methods:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _shared(worker: Worker[T, R], items: Sequence[T], processes: int, progress: Progress | None) -> list[R]:
    bounds = _batches(len(items), processes)
    results: list[list[R]] = [[] for _ in bounds]
    helpers = processes - 1
    context = multiprocessing.get_context(start_method())
    # Pool arguments reach forked workers without pickling; a fork server's
    # workers unpickle them once each, not once per batch.
    with ProcessPoolExecutor(helpers, mp_context=context, initializer=_start_worker, initargs=(worker, items)) as pool:
        work = worker()
        front, back, done = 0, len(bounds), 0
        running: dict[Future[list[R]], int] = {}
        while front < back or running:
            while front < back and len(running) < helpers * QUEUED_PER_WORKER:
                back -= 1
                running[pool.submit(_run_batch, *bounds[back])] = back
            finished = []
            if front < back:
                start, stop = bounds[front]
                results[front] = work(items[start:stop])
                finished.append(front)
                front += 1
            else:
                wait(running, return_when=FIRST_COMPLETED)
            for future in [f for f in running if f.done()]:
                batch = running.pop(future)
                results[batch] = future.result()
                finished.append(batch)
            if progress and finished:
                done += sum(stop - start for start, stop in map(bounds.__getitem__, finished))
                progress(done, len(items))
    return [result for batch in results for result in batch]


# Set in each worker process by `_start_worker`.
_work: Callable[[Sequence[object]], list[object]] | None = None
_items: Sequence[object] = ()


def _start_worker(worker: Worker[object, object], items: Sequence[object]) -> None:
    global _work, _items
    _work, _items = worker(), items
    # As in the parent's build: the results outlive the batch, so collections find nothing.
    gc.disable()


def _run_batch(start: int, stop: int) -> list[object]:
    assert _work is not None
    return _work(_items[start:stop])
